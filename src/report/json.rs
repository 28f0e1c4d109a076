//! The JSON format, for every outcome: the finding contract of `change-rules.md`, shared by
//! every command; a comparison adds `base`, `head` and a per-class summary, the gate its
//! verdict, the checklist per document and what is missing.

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;

use super::diff::DiffReport;
use super::gate::{self, GateReport};
use super::{Counts, Outcome, Report, escape_invisible};
use crate::diagnostic::{Class, Diagnostic, Level, Side};
use crate::gate::DocumentDecision;

/// One finding in the public JSON shape. Fields may be added, never renamed or removed. Text
/// fields carry control characters and bidirectional controls as visible escapes
/// ([`escape_invisible`]): a JSON string may hold ESC or U+202E, a reader's terminal or
/// browser must not receive them.
#[derive(Debug, Serialize)]
pub struct Finding<'a> {
    /// The stable code.
    pub rule: &'static str,
    /// `error`, `warning` or `info`.
    pub level: Level,
    /// For revision findings: weakened, strengthened, changed, added, removed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class: Option<Class>,
    /// The file.
    pub file: Cow<'a, str>,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// 1-based end line.
    #[serde(rename = "endLine")]
    pub end_line: u32,
    /// 1-based end column (exclusive).
    #[serde(rename = "endColumn")]
    pub end_column: u32,
    /// For removals, `base`: the location is in the base revision.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub side: Option<Side>,
    /// `metadata.id`, or null.
    pub document: Option<Cow<'a, str>>,
    /// Objective id, or null for document-level findings.
    pub objective: Option<Cow<'a, str>>,
    /// JSON pointer within the document, or null.
    pub path: Option<Cow<'a, str>>,
    /// Base value as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<Cow<'a, str>>,
    /// Head value as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<Cow<'a, str>>,
    /// Quantified effect.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impact: Option<Cow<'a, str>>,
    /// What is wrong.
    pub message: Cow<'a, str>,
    /// How to fix it.
    pub help: Option<Cow<'a, str>>,
}

impl<'a> From<&'a Diagnostic> for Finding<'a> {
    fn from(d: &'a Diagnostic) -> Finding<'a> {
        let c = d.change.as_ref();
        Finding {
            rule: d.code.as_str(),
            level: d.level,
            class: c.map(|c| c.class),
            file: escape_invisible(&d.file),
            line: d.span.start.line,
            column: d.span.start.col,
            end_line: d.span.end.line.max(d.span.start.line),
            end_column: if d.span.end.line > d.span.start.line {
                d.span.end.col
            } else {
                d.span.end.col.max(d.span.start.col)
            },
            side: c.map(|c| c.side).filter(|s| *s == Side::Base),
            document: d.document.as_deref().map(escape_invisible),
            objective: d.objective.as_deref().map(escape_invisible),
            path: d.path.as_deref().map(escape_invisible),
            before: c.and_then(|c| c.before.as_deref()).map(escape_invisible),
            after: c.and_then(|c| c.after.as_deref()).map(escape_invisible),
            impact: c.and_then(|c| c.impact.as_deref()).map(escape_invisible),
            message: escape_invisible(&d.message),
            help: d.help.as_deref().map(escape_invisible),
        }
    }
}

/// Writes `outcome` as one pretty-printed JSON value.
pub fn render(outcome: &Outcome<'_>, w: &mut dyn Write) -> io::Result<()> {
    match outcome {
        Outcome::Validation(r) => validation(r, w),
        Outcome::Diff(r) => diff(r, w),
        Outcome::Gate(r) => check(r, w),
    }?;
    writeln!(w)
}

#[derive(Serialize)]
struct Summary {
    #[serde(flatten)]
    counts: Counts,
    files: usize,
    documents: usize,
}

#[derive(Serialize)]
struct Out<'a> {
    findings: Vec<Finding<'a>>,
    summary: Summary,
}

/// `{"findings": [...], "summary": {...}}`.
fn validation(r: &Report<'_>, w: &mut dyn Write) -> io::Result<()> {
    let out = Out {
        findings: r.diagnostics.iter().map(Finding::from).collect(),
        summary: Summary {
            counts: r.counts(),
            files: r.files,
            documents: r.documents,
        },
    };
    serde_json::to_writer_pretty(&mut *w, &out).map_err(Into::into)
}

#[derive(Serialize)]
struct DiffSummary {
    #[serde(flatten)]
    classes: crate::diff::Summary,
    #[serde(flatten)]
    levels: Counts,
    files: usize,
    documents: usize,
}

#[derive(Serialize)]
struct DiffOut<'a> {
    base: &'a str,
    head: &'a str,
    findings: Vec<Finding<'a>>,
    summary: DiffSummary,
}

/// The `diff` contract: `base`, `head`, `findings` and a per-class and per-level `summary`.
fn diff(r: &DiffReport<'_>, w: &mut dyn Write) -> io::Result<()> {
    let out = DiffOut {
        base: r.base,
        head: r.head,
        findings: r.diagnostics.iter().map(Finding::from).collect(),
        summary: DiffSummary {
            classes: crate::diff::Summary::of(r.diagnostics),
            levels: r.report().counts(),
            files: r.files,
            documents: r.documents,
        },
    };
    serde_json::to_writer_pretty(&mut *w, &out).map_err(Into::into)
}

/// The JSON result of `slagate check`: the `diff` contract plus the verdict, the checklist
/// per document and what is missing.
#[derive(Serialize)]
struct CheckOut<'a> {
    base: &'a str,
    head: &'a str,
    verdict: &'static str,
    findings: Vec<Finding<'a>>,
    documents: &'a [DocumentDecision],
    missing: Vec<String>,
    summary: crate::diff::Summary,
}

fn check(r: &GateReport<'_>, w: &mut dyn Write) -> io::Result<()> {
    let all = r.all_findings();
    let out = CheckOut {
        base: r.base,
        head: r.head,
        verdict: r.decision.verdict.as_str(),
        findings: all.iter().map(Finding::from).collect(),
        documents: &r.decision.documents,
        missing: r.decision.missing.iter().map(gate::sentence).collect(),
        summary: crate::diff::Summary::of(r.findings),
    };
    serde_json::to_writer_pretty(&mut *w, &out).map_err(Into::into)
}

#[cfg(test)]
mod tests {
    use crate::report::{Format, sample::render_to_string};

    #[test]
    fn json_has_the_contract_fields() {
        let out = render_to_string(Format::Json, false);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let f = &v["findings"][0];
        assert_eq!(f["rule"], "indicator-quantity-mismatch");
        assert_eq!(f["line"], 3);
        assert_eq!(f["column"], 13);
        assert_eq!(f["objective"], "availability");
        assert!(v["findings"][2]["objective"].is_null());
        assert_eq!(v["summary"]["errors"], 2);
        assert_eq!(v["summary"]["warnings"], 1);
        insta::assert_snapshot!(out);
    }
}
