//! Loader limits and the findings that report them.
//!
//! Every limit is checked before the work it bounds: the byte limit before the text is
//! decoded, the depth limit before a collection opens, the node budget before a value is
//! added or an alias copied, the document limit before a document starts. The messages live here so that the scanner's own nesting limit and the builder's
//! report the same finding.

use std::sync::Arc;

use super::yaml::YamlError;
use crate::diagnostic::{Code, Diagnostic, Span};

/// How much of a refused file is kept for its snippet: the first line is what is quoted.
pub const SNIPPET_BYTES: usize = 4096;

/// Why a reader did not read a file whole. The reader decides (it sees the file system or
/// git); the loader reports it as a finding ([`Refusal::diagnostic`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Larger than [`Limits::max_bytes`]: its real size, in bytes, as the file system or git
    /// states it (or as many bytes as were read, when the file grew while it was read).
    TooLarge {
        /// The size.
        size: u64,
    },
    /// Not a regular file inside the repository: what it is, as a phrase that follows "is"
    /// (`a FIFO`, ``a symbolic link to `/dev/zero`, which leaves the repository``).
    NotRegular(String),
}

impl Refusal {
    /// The finding, at the start of `path`.
    pub fn diagnostic(&self, path: &Arc<str>, limits: &Limits) -> Diagnostic {
        match self {
            Refusal::TooLarge { size } => *limits
                .check_bytes(path, usize::try_from(*size).unwrap_or(usize::MAX).max(limits.max_bytes + 1))
                .expect_err("a refused size is over the limit"),
            Refusal::NotRegular(what) => Diagnostic::new(
                Code::NotARegularFile,
                Arc::clone(path),
                Span::file_start(),
                format!("{path} is {what}; slagate reads regular files only and does not follow symbolic links"),
            )
            .with_help("commit the agreement itself as a regular file at this path, or remove the path"),
        }
    }
}

/// Loader limits. The defaults are far above any real agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file accepted, in bytes.
    pub max_bytes: usize,
    /// Deepest nesting of sequences and mappings.
    pub max_depth: usize,
    /// Most nodes in one file, counting every copy an alias makes.
    pub max_nodes: usize,
    /// Most YAML documents in one file.
    pub max_documents: usize,
    /// Most entries in one outermost flow collection (`[...]`, `{...}`): the parser holds all
    /// of its tokens at once (see `yaml::flow`).
    pub max_flow_entries: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_bytes: 8 * 1024 * 1024,
            max_depth: 64,
            max_nodes: 250_000,
            max_documents: 1_000,
            max_flow_entries: 30_000,
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

    /// The error for a file with more than [`Limits::max_nodes`] values, at `at`, in the
    /// `document`-th document (from 1), `aliased` of them copies made by aliases. The message
    /// blames aliases only when they made most of the values.
    pub(crate) fn too_many_nodes(&self, at: Span, aliased: usize, document: usize) -> YamlError {
        let max = self.max_nodes;
        let (message, help) = if aliased > max / 2 {
            (
                format!(
                    "more than {max} values after alias expansion ({aliased} of them copies made by aliases), the limit of values in one file"
                ),
                "aliases that expand to other aliases multiply in size (a \"billion laughs\" file); write the values out or use fewer aliases".to_string(),
            )
        } else {
            (
                format!(
                    "more than {max} values (scalars, sequences and mappings) in one file, the limit of values in one file, reached in document {document}"
                ),
                "split the agreements into several files; a whole agreement is rarely over 1,000 values".to_string(),
            )
        };
        YamlError {
            code: Code::YamlLimit,
            message,
            help: Some(help),
            span: at,
            related: None,
        }
    }

    /// The error for a document that would be one more than [`Limits::max_documents`], at `at`.
    pub(crate) fn too_many_documents(&self, at: Span) -> YamlError {
        YamlError {
            code: Code::YamlLimit,
            message: format!(
                "more than {} YAML documents in one file, the limit of documents in one file",
                self.max_documents
            ),
            help: Some(
                "split the agreements into several files; a file usually holds one agreement, or a few".into(),
            ),
            span: at,
            related: None,
        }
    }
}
