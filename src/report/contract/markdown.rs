//! A contract and a redline as GitHub-flavoured Markdown.
//!
//! Every text from the document goes through [`crate::report::markdown::escape`] (no HTML, no
//! links, no emphasis, no mentions or references, no table breaks) and then [`block`], which
//! also neutralizes what would start a heading, a list or a rule at the start of a line. The
//! redline marks deletions `~~struck~~` and insertions `**bold**`: the document's own `~` and
//! `*` are escaped, so only ours mark anything.

use std::fmt::Write as _;

use super::clauses::{Block, Contract, Table};
use super::redline::{ChangeKind, ClauseChange, DocumentChange, Redline, SegmentKind};
use crate::diagnostic::Class;
use crate::report::markdown::escape;

/// Escaped text that cannot open a block: a leading `#`, `-`, `+`, `=` or `1.` is
/// backslash-escaped (a paragraph or list item never turns into a heading, a list or a rule).
pub fn block(s: &str) -> String {
    let e = escape(s.trim());
    let starts_block = e.starts_with(['#', '-', '+', '=']) || {
        let digits = e.bytes().take_while(u8::is_ascii_digit).count();
        digits > 0 && matches!(e.as_bytes().get(digits), Some(b'.' | b')'))
    };
    if !starts_block {
        return e;
    }
    let digits = e.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        // `1.` is a list only with the dot right after the digits.
        format!("{}\\{}", &e[..digits], &e[digits..])
    } else {
        format!("\\{e}")
    }
}

fn table(t: &Table, out: &mut String) {
    let row = |cells: &[String]| {
        let cells: Vec<String> = cells.iter().map(|c| escape(c.trim())).collect();
        format!("| {} |", cells.join(" | "))
    };
    let _ = writeln!(out, "{}", row(&t.header));
    let _ = writeln!(
        out,
        "|{}",
        t.header.iter().map(|_| " --- |").collect::<String>()
    );
    for r in &t.rows {
        let _ = writeln!(out, "{}", row(r));
    }
    out.push('\n');
}

/// The contract as one Markdown document.
pub fn contract(c: &Contract) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", block(&c.title));
    let _ = writeln!(out, "{}\n", block(&c.kind));
    for p in &c.preamble {
        let _ = writeln!(out, "{}\n", block(p));
    }
    for s in &c.sections {
        let _ = writeln!(out, "## {}. {}\n", s.number, escape(&s.heading));
        if let Some(t) = &s.table {
            table(t, &mut out);
        }
        for cl in &s.clauses {
            let _ = writeln!(out, "### {} {}\n", cl.number, escape(&cl.heading));
            for b in &cl.body {
                match b {
                    Block::Paragraph(p) => {
                        let _ = writeln!(out, "{}\n", block(p));
                    }
                    Block::Items(items) => {
                        for i in items {
                            let _ = writeln!(out, "- {}", block(i));
                        }
                        out.push('\n');
                    }
                    Block::Table(t) => table(t, &mut out),
                }
            }
        }
    }
    if !c.changelog.is_empty() {
        let _ = writeln!(out, "## Changes to this agreement\n");
        let rows = c
            .changelog
            .iter()
            .map(|a| {
                vec![
                    a.version.to_string(),
                    a.date.clone(),
                    a.effective.clone().unwrap_or_else(|| a.date.clone()),
                    a.summary.clone(),
                    a.change_request
                        .clone()
                        .unwrap_or_else(|| "\u{2014}".into()),
                    if a.approved_by.is_empty() {
                        "\u{2014}".into()
                    } else {
                        super::words::and_list(&a.approved_by)
                    },
                ]
            })
            .collect();
        table(
            &Table {
                header: [
                    "Version",
                    "Agreed",
                    "Takes effect",
                    "What changed",
                    "Change request",
                    "Approved by",
                ]
                .map(String::from)
                .to_vec(),
                rows,
            },
            &mut out,
        );
    }
    out.trim_end().to_string() + "\n"
}

/// `weakened` and the others as the redline names them.
pub(crate) fn class_word(c: Class) -> &'static str {
    match c {
        Class::Weakened => "weakened for the customer",
        Class::Strengthened => "strengthened for the customer",
        Class::Changed => "changed (both parties to judge)",
        Class::Added => "added",
        Class::Removed => "removed",
    }
}

/// `added`, `removed`, `reworded`.
pub(crate) fn kind_word(k: ChangeKind) -> &'static str {
    match k {
        ChangeKind::Added => "new clause",
        ChangeKind::Removed => "clause removed",
        ChangeKind::Changed => "clause changed",
    }
}

/// The redline text: unchanged words as they are, `~~deleted~~`, `**inserted**`.
pub fn marked(change: &ClauseChange) -> String {
    marked_of(change, |_| true)
}

/// One side of the redline: the text before with its deleted words `~~struck~~`
/// ([`SegmentKind::Deleted`]), or the text after with its inserted words `**bold**`
/// ([`SegmentKind::Inserted`]); line breaks as `<br>`, so it fits a table cell.
pub fn marked_side(change: &ClauseChange, side: SegmentKind) -> String {
    marked_of(change, |k| k == SegmentKind::Same || k == side)
}

fn marked_of(change: &ClauseChange, keep: impl Fn(SegmentKind) -> bool) -> String {
    let mut out = String::new();
    let mut prev = None;
    for seg in change.words.iter().filter(|s| keep(s.kind)) {
        let core = seg.text.trim();
        if core.is_empty() {
            out.push_str(&escape(&seg.text));
            prev = Some(seg.kind);
            continue;
        }
        let lead = &seg.text[..seg.text.len() - seg.text.trim_start().len()];
        let trail = &seg.text[seg.text.trim_end().len()..];
        out.push_str(&escape(lead));
        let (open, close) = match seg.kind {
            SegmentKind::Same => ("", ""),
            SegmentKind::Deleted => ("~~", "~~"),
            SegmentKind::Inserted => ("**", "**"),
        };
        if seg.kind == SegmentKind::Inserted
            && prev == Some(SegmentKind::Deleted)
            && lead.is_empty()
        {
            out.push(' ');
        }
        // Line breaks inside a marked run would end the emphasis: each line is marked.
        let lines: Vec<String> = core
            .split('\n')
            .map(|l| {
                let l = l.trim();
                if l.is_empty() || open.is_empty() {
                    escape(l)
                } else {
                    format!("{open}{}{close}", escape(l))
                }
            })
            .collect();
        out.push_str(&lines.join("<br>"));
        out.push_str(&escape(trail));
        prev = Some(seg.kind);
    }
    out
}

/// The redlines of several agreements between `base` (a revision) and `head` as one
/// Markdown document.
pub fn redlines(redlines: &[Redline], base: &str, head: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Contract changes: {} to {}\n",
        escape(base),
        escape(head)
    );
    if redlines.is_empty() {
        let _ = writeln!(out, "No agreement changed.");
        return out;
    }
    let _ = writeln!(
        out,
        "Deleted words are ~~struck through~~, inserted words are **bold**.\n"
    );
    for r in redlines {
        let status = match r.status {
            DocumentChange::Added => "new agreement".to_string(),
            DocumentChange::Removed => "agreement removed".to_string(),
            DocumentChange::Amended => match (r.base_version, r.head_version) {
                (Some(b), Some(h)) if b != h => format!("version {b} to {h}"),
                (_, Some(h)) => format!("version {h}, not raised"),
                _ => "amended".into(),
            },
        };
        let _ = writeln!(out, "## {} ({status})\n", escape(&r.title));
        if r.changes.is_empty() {
            let _ = writeln!(out, "No clause reads differently.\n");
        }
        for c in &r.changes {
            let _ = writeln!(
                out,
                "### {} {} ({})\n",
                c.number,
                escape(&c.heading),
                kind_word(c.kind)
            );
            if let Some(class) = c.class() {
                let _ = writeln!(out, "Class: **{}**\n", class_word(class));
            }
            for i in c.impacts() {
                let _ = writeln!(out, "Impact: {}\n", escape(i));
            }
            match c.kind {
                ChangeKind::Changed => {
                    let _ = writeln!(
                        out,
                        "Before: {}\n",
                        escape(c.before.as_deref().unwrap_or_default().trim())
                    );
                    let _ = writeln!(
                        out,
                        "After: {}\n",
                        escape(c.after.as_deref().unwrap_or_default().trim())
                    );
                    let _ = writeln!(out, "Redline: {}\n", marked(c));
                }
                ChangeKind::Added | ChangeKind::Removed => {
                    let _ = writeln!(out, "{}\n", marked(c));
                }
            }
        }
        if !r.other.is_empty() {
            let _ = writeln!(out, "Other changes:\n");
            for f in &r.other {
                let impact = f
                    .impact
                    .as_deref()
                    .map(|i| format!(" ({})", escape(i)))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "- {}: {}{impact}",
                    class_word(f.class),
                    crate::report::markdown::message(&f.message)
                );
            }
            out.push('\n');
        }
    }
    out.trim_end().to_string() + "\n"
}
