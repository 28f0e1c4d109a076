//! The account of an import: every field of the source, mapped (to where) or not (and why).
//!
//! The mapper records what it reads; [`Ledger::close`] then walks the whole source tree and
//! records every field nobody accounted for as not mapped, so a field the importer has never
//! heard of is reported, not dropped.

use serde::Serialize;

use crate::source::yaml::{Node, Value};

/// What became of one field of the source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The field, as a path into the source (`claim_process.deadlines[0].days`).
    pub field: String,
    /// The line it is written on (1-based).
    pub line: u32,
    /// Mapped or not.
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// Mapped, with where to; or not, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Outcome {
    /// Written to `to` (a path into the written document, or a short description).
    Mapped {
        /// Where it went.
        to: String,
    },
    /// Written to `to`, changed to fit (`why` says how and what was lost).
    Adjusted {
        /// Where it went.
        to: String,
        /// What was changed.
        why: String,
    },
    /// Not written.
    NotMapped {
        /// Why not.
        why: String,
    },
}

/// The entries of one source file.
#[derive(Debug, Clone, Default)]
pub(crate) struct Ledger {
    pub(crate) entries: Vec<Entry>,
}

impl Ledger {
    pub(crate) fn mapped(&mut self, field: &str, node: &Node, to: impl Into<String>) {
        self.entries.push(Entry {
            field: field.to_string(),
            line: node.span.start.line,
            outcome: Outcome::Mapped { to: to.into() },
        });
    }

    pub(crate) fn adjusted(
        &mut self,
        field: &str,
        line: u32,
        to: impl Into<String>,
        why: impl Into<String>,
    ) {
        self.entries.push(Entry {
            field: field.to_string(),
            line,
            outcome: Outcome::Adjusted {
                to: to.into(),
                why: why.into(),
            },
        });
    }

    pub(crate) fn not_mapped_at(&mut self, field: &str, line: u32, why: impl Into<String>) {
        self.entries.push(Entry {
            field: field.to_string(),
            line,
            outcome: Outcome::NotMapped { why: why.into() },
        });
    }

    pub(crate) fn not_mapped(&mut self, field: &str, node: &Node, why: impl Into<String>) {
        self.entries.push(Entry {
            field: field.to_string(),
            line: node.span.start.line,
            outcome: Outcome::NotMapped { why: why.into() },
        });
    }

    fn covers(&self, field: &str) -> bool {
        self.entries.iter().any(|e| {
            field == e.field
                || field
                    .strip_prefix(e.field.as_str())
                    .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
        })
    }

    /// Records every field under `root` that no entry covers as not mapped, then sorts the
    /// entries by line.
    pub(crate) fn close(&mut self, root: &Node) {
        let mut missed = Vec::new();
        self.walk(root, String::new(), &mut missed);
        self.entries.extend(missed);
        self.entries
            .sort_by(|a, b| (a.line, &a.field).cmp(&(b.line, &b.field)));
    }

    fn walk(&self, node: &Node, path: String, missed: &mut Vec<Entry>) {
        if !path.is_empty() && self.covers(&path) {
            return;
        }
        match &node.value {
            Value::Map(entries) => {
                for (k, v) in entries {
                    let p = if path.is_empty() {
                        k.name.clone()
                    } else {
                        format!("{path}.{}", k.name)
                    };
                    self.walk(v, p, missed);
                }
            }
            Value::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.walk(item, format!("{path}[{i}]"), missed);
                }
            }
            _ if path.is_empty() => {}
            _ => missed.push(Entry {
                field: path,
                line: node.span.start.line,
                outcome: Outcome::NotMapped {
                    why: "not a field of the SLA.directory data that this importer knows".into(),
                },
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::yaml::{Limits, parse};

    #[test]
    fn fields_nobody_read_are_reported() {
        let root = parse(
            "a: 1\nb:\n  c: 2\n  d: [x, y]\ne:\n  - {f: 1}\n  - {g: 2}\n",
            &Limits::default(),
        )
        .unwrap()
        .remove(0)
        .root;
        let mut l = Ledger::default();
        l.mapped("a", root.get("a").unwrap(), "x");
        l.mapped("b.c", root.get("b").unwrap(), "y");
        l.mapped("e[0]", root.get("e").unwrap(), "z");
        l.close(&root);
        let missed: Vec<&str> = l
            .entries
            .iter()
            .filter(|e| matches!(e.outcome, Outcome::NotMapped { .. }))
            .map(|e| e.field.as_str())
            .collect();
        // Each item of `b.d`, and `e[1].g`; `b.cc` would not be covered by `b.c`.
        assert_eq!(missed, ["b.d[0]", "b.d[1]", "e[1].g"]);
        assert!(!l.covers("b.cc"));
    }
}
