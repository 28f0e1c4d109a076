//! The output of `slagate import`: a line per source file with the fields that were not
//! mapped (human), or every field (the JSON contract of docs/import.md).

use std::fmt::Write as _;

use serde::Serialize;
use serde_json::json;

use crate::import::{Outcome, Status, VendorReport};

/// What became of `.slagate.yaml` (at the repository root, or in the output directory
/// outside a repository).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum PolicyFile {
    /// It did not exist and was written.
    Written {
        /// Where.
        path: String,
    },
    /// It exists with the text an import writes.
    Same {
        /// Where.
        path: String,
    },
    /// It exists with other text and was left alone; `override_text` is what an import
    /// would have written (`None` when the output directory's name cannot be a pattern).
    Kept {
        /// Where.
        path: String,
        /// The policy an import writes, for its override to be copied in.
        override_text: Option<String>,
    },
}

/// One run of `slagate import`.
#[derive(Debug, Clone)]
pub struct Summary {
    /// The output directory, as given.
    pub out: String,
    /// The policy file.
    pub policy: PolicyFile,
    /// Per source file, in the order read.
    pub files: Vec<VendorReport>,
}

fn count(s: &Summary, status: &Status) -> usize {
    s.files.iter().filter(|r| &r.status == status).count()
}

/// The JSON document (`version` 1).
pub fn json(s: &Summary) -> serde_json::Value {
    json!({
        "version": 1,
        "out": s.out,
        "policy": s.policy,
        "summary": {
            "files": s.files.len(),
            "created": count(s, &Status::Created),
            "updated": count(s, &Status::Updated),
            "unchanged": count(s, &Status::Unchanged),
            "no_document": count(s, &Status::NoDocument),
            "error": count(s, &Status::Error),
        },
        "files": s.files,
    })
}

/// Human text: per file, what was written and every field that was not mapped, with why;
/// then the totals. Text from the source is printed as it is, with control characters
/// escaped, so a hostile file cannot move the cursor of the terminal it is read in.
pub fn human(s: &Summary) -> String {
    let mut out = String::new();
    for r in &s.files {
        file(&mut out, r, &s.out);
    }
    let _ = writeln!(
        out,
        "{} read: {} created, {} updated, {} unchanged, {} without a document, {} failed",
        crate::text::plural(s.files.len(), "file"),
        count(s, &Status::Created),
        count(s, &Status::Updated),
        count(s, &Status::Unchanged),
        count(s, &Status::NoDocument),
        count(s, &Status::Error),
    );
    match &s.policy {
        PolicyFile::Written { path } => {
            let _ = writeln!(
                out,
                "{} written: changes to these published SLAs need the provider's approval only",
                clean(path)
            );
        }
        PolicyFile::Same { path } => {
            let _ = writeln!(
                out,
                "{} has the override for these published SLAs",
                clean(path)
            );
        }
        PolicyFile::Kept {
            path,
            override_text: Some(t),
        } => {
            let _ = writeln!(
                out,
                "{} exists and was left as it is; for changes to these published SLAs to need the provider's approval only, add this override to it:\n{t}",
                clean(path)
            );
        }
        PolicyFile::Kept {
            path,
            override_text: None,
        } => {
            let _ = writeln!(
                out,
                "{} was not written: the output directory's name has a glob character",
                clean(path)
            );
        }
    }
    out
}

fn file(out: &mut String, r: &VendorReport, dir: &str) {
    let src = clean(&r.source);
    if let Some(e) = &r.error {
        let _ = writeln!(
            out,
            "{src}:{}:{}: error: {}",
            e.line,
            e.col,
            clean(&e.message)
        );
        return;
    }
    let count = |f: fn(&Outcome) -> bool| r.fields.iter().filter(|e| f(&e.outcome)).count();
    let mapped = count(|o| matches!(o, Outcome::Mapped { .. }));
    let adjusted = count(|o| matches!(o, Outcome::Adjusted { .. }));
    let not_mapped = count(|o| matches!(o, Outcome::NotMapped { .. }));
    let what = match r.status {
        Status::Created => "created",
        Status::Updated => "updated",
        Status::Unchanged => "unchanged",
        Status::NoDocument => "no document",
        Status::Error => "error",
    };
    let docs: Vec<String> = r
        .documents
        .iter()
        .map(|d| {
            format!(
                "{} v{} ({})",
                d.id,
                d.version,
                crate::text::plural(d.objectives, "objective")
            )
        })
        .collect();
    let target = r.file.as_ref().map_or(String::new(), |f| {
        format!(" {}/{f}", dir.trim_end_matches('/'))
    });
    let docs = if docs.is_empty() {
        String::new()
    } else {
        format!(": {}", docs.join(", "))
    };
    let _ = writeln!(
        out,
        "{src}: {what}{target}{docs}; {} mapped, {adjusted} adjusted, {not_mapped} not mapped",
        crate::text::plural(mapped, "field"),
    );
    if r.status == Status::NoDocument {
        let _ = writeln!(
            out,
            "  no covered service has an uptime commitment and no support tier a response time"
        );
    }
    for (field, lines, label, why) in grouped(r) {
        let at = lines
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let _ = writeln!(
            out,
            "  {src}:{at}: {label} {}: {}",
            clean(&field),
            clean(why)
        );
    }
    for id in &r.removed {
        let _ = writeln!(
            out,
            "  removed document {}: the vendor no longer lists it",
            clean(id)
        );
    }
    for w in &r.warnings {
        let f = r.file.as_deref().unwrap_or_default();
        let _ = writeln!(
            out,
            "  {f}:{}: warning[{}]: {}",
            w.line,
            w.code,
            clean(&w.message)
        );
    }
}

/// The adjusted and not-mapped entries, those with the same reason and the same field of
/// different list items (`support_tiers[0].channels`, `support_tiers[1].channels`) on one
/// line as `support_tiers[*].channels`, with all their lines.
fn grouped(r: &VendorReport) -> Vec<(String, Vec<u32>, &'static str, &str)> {
    let mut out: Vec<(String, Vec<u32>, &'static str, &str)> = Vec::new();
    for e in &r.fields {
        let (label, why) = match &e.outcome {
            Outcome::Mapped { .. } => continue,
            Outcome::Adjusted { why, .. } => ("adjusted", why.as_str()),
            Outcome::NotMapped { why } => ("not mapped", why.as_str()),
        };
        let field = starred(&e.field);
        match out
            .iter_mut()
            .find(|g| g.0 == field && g.2 == label && g.3 == why)
        {
            Some(g) => g.1.push(e.line),
            None => out.push((field, vec![e.line], label, why)),
        }
    }
    for g in &mut out {
        if g.1.len() == 1 {
            // One item: its own index, not a star.
            if let Some(e) = r
                .fields
                .iter()
                .find(|e| starred(&e.field) == g.0 && e.line == g.1[0])
            {
                g.0.clone_from(&e.field);
            }
        }
    }
    out
}

/// `a[3].b[0]` as `a[*].b[*]`.
fn starred(field: &str) -> String {
    let mut out = String::new();
    let mut in_index = false;
    for c in field.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push_str("[*");
            }
            ']' => {
                in_index = false;
                out.push(']');
            }
            _ if in_index => {}
            c => out.push(c),
        }
    }
    out
}

/// `s` with control characters shown as `\u{..}`.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}
