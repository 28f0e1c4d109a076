//! Loader limits and the findings that report them.
//!
//! Every limit is checked before the work it bounds: the byte limit before the text is
//! decoded, the depth limit before a collection opens, the node budget before an alias is
//! copied. The messages live here so that the scanner's own nesting limit and the builder's
//! report the same finding.

use std::sync::Arc;

use super::yaml::YamlError;
use crate::diagnostic::{Code, Diagnostic, Span};

/// Loader limits. The defaults are far above any real agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file accepted, in bytes.
    pub max_bytes: usize,
    /// Deepest nesting of sequences and mappings.
    pub max_depth: usize,
    /// Most nodes in one file, counting every copy an alias makes.
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_bytes: 8 * 1024 * 1024,
            max_depth: 64,
            max_nodes: 250_000,
        }
    }
}

impl Limits {
    /// The finding for a file of `len` bytes, if that is over [`Limits::max_bytes`].
    pub(crate) fn check_bytes(&self, path: &Arc<str>, len: usize) -> Result<(), Box<Diagnostic>> {
        if len <= self.max_bytes {
            return Ok(());
        }
        Err(Box::new(
            Diagnostic::new(
                Code::YamlLimit,
                Arc::clone(path),
                Span::file_start(),
                format!(
                    "file is {len} bytes, more than the limit of {} bytes",
                    self.max_bytes
                ),
            )
            .with_help(
                "split the agreements into several files; an SLA file is rarely over 100 KB",
            ),
        ))
    }

    /// The error for nesting deeper than [`Limits::max_depth`], at `at`.
    pub(crate) fn too_deep(&self, at: Span) -> YamlError {
        YamlError {
            code: Code::YamlLimit,
            message: format!("nesting deeper than {} levels", self.max_depth),
            help: Some(
                "an SLA document needs fewer than ten levels; check for unbalanced brackets".into(),
            ),
            span: at,
            related: None,
        }
    }

    /// The error for a file with more than [`Limits::max_nodes`] values, at `at`.
    pub(crate) fn too_many_nodes(&self, at: Span) -> YamlError {
        YamlError {
            code: Code::YamlLimit,
            message: format!(
                "more than {} values after alias expansion",
                self.max_nodes
            ),
            help: Some(
                "aliases that expand to other aliases multiply in size (a \"billion laughs\" file); write the values out or use fewer aliases".into(),
            ),
            span: at,
            related: None,
        }
    }
}
