//! The one output currency: [`Diagnostic`], its stable [`Code`] and its [`Level`].
//!
//! Every stage (loading, schema, lint, diff, gate) reports findings as values of this type, and
//! every renderer in [`crate::report`] consumes them. The code table ([`Code`], in `code.rs`)
//! and the span types ([`Span`], [`Pos`], in `span.rs`) live here too. This module is the
//! bottom of the flow: it imports nothing else of the crate.

mod code;
mod span;

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

pub use code::{Category, Code};
pub use span::{Pos, Span};

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Worth knowing; never fails by default.
    Info,
    /// Should be fixed; fails with `--fail-on warning`.
    Warning,
    /// Must be fixed; fails by default.
    Error,
}

impl Level {
    /// The lowercase name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which revision a location refers to (for `diff`): the head unless said otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The newer revision (the default).
    #[default]
    Head,
    /// The older revision, for removals.
    Base,
}

/// What a change does to the agreement, for the customer (`diff` findings only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// The customer gets less.
    Weakened,
    /// The customer gets more.
    Strengthened,
    /// Different, and a person must judge.
    Changed,
    /// Something new.
    Added,
    /// Something gone.
    Removed,
}

/// A secondary location that explains a finding (the other duplicate, the supported objective).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// The file of the related location.
    pub file: Arc<str>,
    /// Where in that file.
    pub span: Span,
    /// What it is.
    pub message: String,
}

/// One finding, with its location and everything a renderer needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The stable code.
    pub code: Code,
    /// The effective level (the code's default unless the policy overrides it).
    pub level: Level,
    /// Matter-of-fact, lowercase, values in backticks.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The file the finding is about, as given on the command line or relative to the root.
    pub file: Arc<str>,
    /// Where in the file.
    pub span: Span,
    /// JSON pointer of the offending node within its document, when known.
    pub path: Option<String>,
    /// `metadata.id` of the document, when known.
    pub document: Option<String>,
    /// The objective id, for objective-level findings.
    pub objective: Option<String>,
    /// Secondary locations.
    pub related: Vec<Related>,
    /// Revision-diff details (class, before, after, impact, side).
    pub change: Option<ChangeInfo>,
}

/// The revision-diff part of a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeInfo {
    /// What the change does for the customer.
    pub class: Class,
    /// The base value as written, if any.
    pub before: Option<String>,
    /// The head value as written, if any.
    pub after: Option<String>,
    /// The quantified effect ("allowed downtime per month: 43m50s -> 3h39m9s (+2h55m19s)").
    pub impact: Option<String>,
    /// Which revision `file`/`span` refer to.
    pub side: Side,
}

impl Diagnostic {
    /// A finding at its code's default level.
    pub fn new(code: Code, file: Arc<str>, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            level: code.default_level(),
            message: message.into(),
            help: None,
            file,
            span,
            path: None,
            document: None,
            objective: None,
            related: Vec::new(),
            change: None,
        }
    }

    /// Adds the help line.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Adds the JSON pointer.
    #[must_use]
    pub fn with_path(mut self, path: impl Into<String>) -> Diagnostic {
        self.path = Some(path.into());
        self
    }

    /// Adds the document id.
    #[must_use]
    pub fn with_document(mut self, id: impl Into<String>) -> Diagnostic {
        self.document = Some(id.into());
        self
    }

    /// Adds the objective id.
    #[must_use]
    pub fn with_objective(mut self, id: impl Into<String>) -> Diagnostic {
        self.objective = Some(id.into());
        self
    }

    /// Adds a secondary location.
    #[must_use]
    pub fn with_related(mut self, file: Arc<str>, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related {
            file,
            span,
            message: message.into(),
        });
        self
    }

    /// Sort key: file, position, code.
    pub fn sort_key(&self) -> (&str, Span, &'static str) {
        (&self.file, self.span, self.code.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_ordered() {
        assert!(Level::Info < Level::Warning && Level::Warning < Level::Error);
    }
}
