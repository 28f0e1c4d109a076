//! `overrides:` of the policy: other change-control rules for some documents, first match wins.
//!
//! ```yaml
//! overrides:
//!   - documents: ["public/**", "id:status-*"]
//!     changeControl: {approvals: {weakened: [provider], changed: [provider]}}
//! ```
//!
//! A pattern is a path glob (matched against the document's repository path, as `include` is)
//! or `id:` and a glob over `metadata.id`. The override's `changeControl` is read over the
//! top-level one: a setting it does not write is the top-level setting. Overrides are read from
//! the base revision like the rest of the policy; loosening them is `policy-weakened`
//! ([`crate::diff::policy`]).

use std::sync::Arc;

use globset::Glob;

use super::change_control::{self, ChangeControl};
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::source;

/// One pattern of an override's `documents`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentPattern {
    /// A glob over the document's repository path.
    Path(Glob),
    /// `id:` and a glob over `metadata.id`.
    Id(Glob),
}

impl DocumentPattern {
    /// As written in the policy.
    pub fn written(&self) -> String {
        match self {
            DocumentPattern::Path(g) => g.glob().to_string(),
            DocumentPattern::Id(g) => format!("id:{}", g.glob()),
        }
    }

    /// Whether the document `id` at `path` matches.
    pub fn matches(&self, path: &str, id: &str) -> bool {
        match self {
            DocumentPattern::Path(g) => g.compile_matcher().is_match(path),
            DocumentPattern::Id(g) => g.compile_matcher().is_match(id),
        }
    }
}

/// One entry of `overrides:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// The documents it applies to (any pattern matching).
    pub documents: Vec<DocumentPattern>,
    /// The rules for them: the override's settings over the top-level ones.
    pub change_control: ChangeControl,
    /// Where the entry is written.
    pub span: Span,
}

impl Override {
    /// Whether it applies to the document `id` at `path`.
    pub fn matches(&self, path: &str, id: &str) -> bool {
        self.documents.iter().any(|p| p.matches(path, id))
    }

    /// Its patterns as written, sorted: two entries with the same are the same override.
    pub fn key(&self) -> Vec<String> {
        let mut k: Vec<String> = self
            .documents
            .iter()
            .map(DocumentPattern::written)
            .collect();
        k.sort();
        k.dedup();
        k
    }
}

/// The `overrides:` list of a policy that fits the schema; a pattern that does not compile is
/// an error at its line.
pub(super) fn parse(
    file: &Arc<str>,
    list: &source::Node,
    top: &ChangeControl,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Override> {
    let mut out = Vec::new();
    for (i, entry) in list.as_seq().unwrap_or_default().iter().enumerate() {
        let mut documents = Vec::new();
        for p in entry
            .get("documents")
            .and_then(|n| n.as_seq())
            .unwrap_or_default()
        {
            let Some(text) = p.as_str() else { continue };
            let (glob, make): (&str, fn(Glob) -> DocumentPattern) = match text.strip_prefix("id:") {
                Some(id) => (id, DocumentPattern::Id),
                None => (text, DocumentPattern::Path),
            };
            match Glob::new(glob) {
                Ok(g) => documents.push(make(g)),
                Err(e) => errors.push(
                    Diagnostic::new(
                        Code::SchemaViolation,
                        file.clone(),
                        p.span,
                        format!("`{text}` is not a valid pattern: {}", e.kind()),
                    )
                    .with_path(format!("/overrides/{i}/documents"))
                    .with_help("use a path glob such as `public/**` or `id:` and a glob over `metadata.id`, such as `id:status-*`"),
                ),
            }
        }
        let change_control = match entry.get("changeControl") {
            Some(cc) => change_control::parse(
                file,
                cc,
                top,
                &format!("/overrides/{i}/changeControl"),
                errors,
            ),
            None => top.clone(),
        };
        out.push(Override {
            documents,
            change_control,
            span: entry.span,
        });
    }
    out
}
