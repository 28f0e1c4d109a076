//! Rendering the result of `slagate diff`: the JSON contract of `change-rules.md` (`base`,
//! `head`, `findings`, a per-class `summary`), a human view grouped by document with
//! before -> after and the impact, and the other formats with the impact folded in.
//!
//! The findings may mix revision findings (with a class) and findings about the head's
//! validity (schema, lint), which render like `validate`'s.

use std::collections::HashMap;
use std::io::{self, Write};
use std::sync::Arc;

use serde::Serialize;

use super::human::{LineCache, Paint};
use super::json::Finding;
use super::{Counts, Format, Report, escape_terminal, github, markdown, sarif};
use crate::diagnostic::{Class, Diagnostic, Side};
use crate::diff::Summary;
use crate::source::SourceFile;

/// What `slagate diff` hands to a renderer.
#[derive(Debug, Clone, Copy)]
pub struct DiffReport<'a> {
    /// The base revision as shown: a short commit id.
    pub base: &'a str,
    /// The head revision as shown: a short commit id, `INDEX` or `WORKTREE`.
    pub head: &'a str,
    /// Revision findings and head-validity findings, grouped by document.
    pub diagnostics: &'a [Diagnostic],
    /// Head file texts, for snippets of validity findings.
    pub sources: &'a HashMap<Arc<str>, SourceFile>,
    /// SLA files compared (changed on either side).
    pub files: usize,
    /// Documents compared.
    pub documents: usize,
}

impl DiffReport<'_> {
    fn report(&self) -> Report<'_> {
        Report {
            diagnostics: self.diagnostics,
            sources: self.sources,
            files: self.files,
            documents: self.documents,
        }
    }
}

#[derive(Serialize)]
struct JsonSummary {
    #[serde(flatten)]
    classes: Summary,
    #[serde(flatten)]
    levels: Counts,
    files: usize,
    documents: usize,
}

#[derive(Serialize)]
struct JsonOut<'a> {
    base: &'a str,
    head: &'a str,
    findings: Vec<Finding<'a>>,
    summary: JsonSummary,
}

/// Renders the comparison in `format`; `color` only affects [`Format::Human`].
pub fn render(
    r: &DiffReport<'_>,
    format: Format,
    color: bool,
    w: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human(r, color, w),
        Format::Json => {
            let out = JsonOut {
                base: r.base,
                head: r.head,
                findings: r.diagnostics.iter().map(Finding::from).collect(),
                summary: JsonSummary {
                    classes: Summary::of(r.diagnostics),
                    levels: r.report().counts(),
                    files: r.files,
                    documents: r.documents,
                },
            };
            serde_json::to_writer_pretty(&mut *w, &out)?;
            writeln!(w)
        }
        Format::Markdown => {
            writeln!(w, "{}", markdown::MARKER)?;
            writeln!(w, "### slagate diff `{}`...`{}`", r.base, r.head)?;
            writeln!(w)?;
            writeln!(w, "{}", markdown::summary_line(&Summary::of(r.diagnostics)))?;
            if !r.diagnostics.is_empty() {
                writeln!(w)?;
                markdown::table(r.diagnostics, w)?;
            }
            Ok(())
        }
        Format::Github => {
            for d in r.diagnostics {
                writeln!(w, "{}", github::annotation(&with_change_in_help(d)))?;
            }
            Ok(())
        }
        Format::Sarif => {
            let folded: Vec<Diagnostic> = r.diagnostics.iter().map(with_change_in_help).collect();
            let report = Report {
                diagnostics: &folded,
                ..r.report()
            };
            let mut log = sarif::log(&report);
            log["runs"][0]["properties"] = serde_json::json!({"base": r.base, "head": r.head});
            serde_json::to_writer_pretty(&mut *w, &log)?;
            writeln!(w)
        }
    }
}

/// Before, after and impact as help lines, for formats without fields for them.
fn with_change_in_help(d: &Diagnostic) -> Diagnostic {
    let mut d = d.clone();
    if let Some(c) = &d.change {
        let mut lines: Vec<String> = d.help.take().into_iter().collect();
        match (&c.before, &c.after) {
            (Some(b), Some(a)) => lines.push(format!("{b} -> {a}")),
            (Some(b), None) => lines.push(format!("before: {b}")),
            (None, Some(a)) => lines.push(format!("after: {a}")),
            (None, None) => {}
        }
        lines.extend(c.impact.as_ref().map(|i| format!("impact: {i}")));
        if c.side == Side::Base {
            lines.push("location in the base revision".into());
        }
        d.help = (!lines.is_empty()).then(|| lines.join("; "));
    }
    d
}

impl Paint {
    fn class(&self, c: Class) -> String {
        let (code, name) = match c {
            Class::Weakened => ("31", "weakened"),
            Class::Strengthened => ("32", "strengthened"),
            Class::Changed => ("33", "changed"),
            Class::Added => ("36", "added"),
            Class::Removed => ("35", "removed"),
        };
        self.wrap(code, name)
    }
}

/// The group a finding is shown under: its document, else its file.
fn group(d: &Diagnostic) -> String {
    d.document.clone().unwrap_or_else(|| d.file.to_string())
}

/// Longest before/after value shown on one line as `before -> after`.
const INLINE: usize = 50;

fn human(r: &DiffReport<'_>, color: bool, w: &mut dyn Write) -> io::Result<()> {
    human_findings(r, color, w)?;
    summary_line(r, &Paint(color), w)
}

/// The human view's findings, grouped by document, without the closing summary line (the
/// gate follows them with its checklist instead).
pub fn human_findings(r: &DiffReport<'_>, color: bool, w: &mut dyn Write) -> io::Result<()> {
    let paint = Paint(color);
    let p = &paint;
    let mut lines = LineCache::default();
    let mut order: Vec<String> = Vec::new();
    let mut groups: HashMap<String, Vec<&Diagnostic>> = HashMap::new();
    for d in r.diagnostics {
        let g = group(d);
        if !groups.contains_key(&g) {
            order.push(g.clone());
        }
        groups.entry(g).or_default().push(d);
    }
    for g in &order {
        let items = &groups[g];
        let files: Vec<&str> = {
            let mut f: Vec<&str> = items
                .iter()
                .filter(|d| d.change.as_ref().is_none_or(|c| c.side == Side::Head))
                .map(|d| &*d.file)
                .collect();
            if f.is_empty() {
                f = items.iter().map(|d| &*d.file).collect();
            }
            f.dedup();
            f
        };
        writeln!(
            w,
            "{} {}",
            p.wrap("1", &escape_terminal(g)),
            p.wrap("2", &format!("({})", escape_terminal(&files.join(", "))))
        )?;
        for d in items {
            finding(r, &mut lines, d, p, w)?;
        }
        writeln!(w)?;
    }
    Ok(())
}

fn summary_line(r: &DiffReport<'_>, p: &Paint, w: &mut dyn Write) -> io::Result<()> {
    let s = Summary::of(r.diagnostics);
    let counts = r.report().counts();
    let mut levels = Vec::new();
    for (n, word) in [
        (counts.errors, "error"),
        (counts.warnings, "warning"),
        (counts.infos, "info"),
    ] {
        if n > 0 {
            levels.push(format!(
                "{n} {word}{}",
                if n == 1 || word == "info" { "" } else { "s" }
            ));
        }
    }
    let levels = if levels.is_empty() {
        "no findings".to_string()
    } else {
        levels.join(", ")
    };
    writeln!(
        w,
        "{} {} -> {}: {} weakened, {} strengthened, {} changed, {} added, {} removed ({levels}; {} file{} compared)",
        p.wrap("1", "diff"),
        escape_terminal(r.base),
        escape_terminal(r.head),
        s.weakened,
        s.strengthened,
        s.changed,
        s.added,
        s.removed,
        r.files,
        if r.files == 1 { "" } else { "s" },
    )
}

fn finding<'a>(
    report: &DiffReport<'a>,
    lines: &mut LineCache<'a>,
    d: &Diagnostic,
    p: &Paint,
    w: &mut dyn Write,
) -> io::Result<()> {
    let head = format!("{}[{}]", d.level, d.code);
    let class = d
        .change
        .as_ref()
        .map(|c| format!(" {}", p.class(c.class)))
        .unwrap_or_default();
    writeln!(
        w,
        "  {}{class}: {}",
        p.level(d.level, &head),
        p.wrap("1", &escape_terminal(&d.message))
    )?;
    let side = if d.change.as_ref().is_some_and(|c| c.side == Side::Base) {
        " (base revision)"
    } else {
        ""
    };
    writeln!(
        w,
        "    {} {}:{}:{}{side}",
        p.wrap("1;34", "-->"),
        escape_terminal(&d.file),
        d.span.start.line,
        d.span.start.col
    )?;
    let bar = p.wrap("1;34", "=");
    if let Some(change) = &d.change {
        match (&change.before, &change.after) {
            (Some(before), Some(after))
                if before.chars().count() <= INLINE && after.chars().count() <= INLINE =>
            {
                writeln!(
                    w,
                    "     {bar} {} -> {}",
                    p.wrap("31", &escape_terminal(before)),
                    p.wrap("32", &escape_terminal(after))
                )?;
            }
            (before, after) => {
                if let Some(before) = before {
                    writeln!(
                        w,
                        "     {bar} before: {}",
                        p.wrap("31", &escape_terminal(before))
                    )?;
                }
                if let Some(after) = after {
                    writeln!(
                        w,
                        "     {bar} after:  {}",
                        p.wrap("32", &escape_terminal(after))
                    )?;
                }
            }
        }
        if let Some(impact) = &change.impact {
            writeln!(
                w,
                "     {bar} impact: {}",
                p.wrap("1", &escape_terminal(impact))
            )?;
        }
    } else if let Some(s) = lines
        .get(report.sources, &d.file)
        .and_then(|l| l.snippet(d.span.start.line, d.span.start.col, None))
    {
        writeln!(
            w,
            "     {} {}{}{}",
            p.wrap("1;34", "|"),
            if s.clipped_before { "..." } else { "" },
            escape_terminal(&s.text.replace('\t', " ")),
            if s.clipped_after { "..." } else { "" },
        )?;
    }
    if let Some(h) = &d.help {
        writeln!(w, "     {bar} help: {}", escape_terminal(h))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{ChangeInfo, Code, Span};

    fn sample() -> Vec<Diagnostic> {
        let file: Arc<str> = "policies/acme-crm.sla.yaml".into();
        let mut weakened = Diagnostic::new(
            Code::TargetWeakened,
            file.clone(),
            Span::new(42, 13, 42, 23),
            "availability target lowered from `99.9%` to `99.5%`",
        )
        .with_document("acme-crm-enterprise")
        .with_objective("availability")
        .with_path("/spec/objectives/0/target");
        weakened.change = Some(ChangeInfo {
            class: Class::Weakened,
            before: Some(">= 99.9%".into()),
            after: Some(">= 99.5%".into()),
            impact: Some("allowed downtime per month: 43m50s -> 3h39m9s (+2h55m19s)".into()),
            side: Side::Head,
        });
        let mut removed = Diagnostic::new(
            Code::ObjectiveRemoved,
            file,
            Span::new(80, 11, 80, 25),
            "objective `api-latency` removed",
        )
        .with_document("acme-crm-enterprise")
        .with_objective("api-latency");
        removed.change = Some(ChangeInfo {
            class: Class::Weakened,
            before: Some("< 500ms".into()),
            after: None,
            impact: None,
            side: Side::Base,
        });
        vec![weakened, removed]
    }

    fn render_to_string(format: Format) -> String {
        let diags = sample();
        let sources = HashMap::new();
        let r = DiffReport {
            base: "3f2a1c0",
            head: "WORKTREE",
            diagnostics: &diags,
            sources: &sources,
            files: 1,
            documents: 1,
        };
        let mut buf = Vec::new();
        render(&r, format, false, &mut buf).unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn json_follows_the_contract() {
        let v: serde_json::Value = serde_json::from_str(&render_to_string(Format::Json)).unwrap();
        assert_eq!(v["base"], "3f2a1c0");
        assert_eq!(v["head"], "WORKTREE");
        let f = &v["findings"][0];
        for (k, want) in [
            ("rule", "target-weakened"),
            ("level", "error"),
            ("class", "weakened"),
            ("file", "policies/acme-crm.sla.yaml"),
            ("document", "acme-crm-enterprise"),
            ("objective", "availability"),
            ("path", "/spec/objectives/0/target"),
            ("before", ">= 99.9%"),
            ("after", ">= 99.5%"),
            (
                "impact",
                "allowed downtime per month: 43m50s -> 3h39m9s (+2h55m19s)",
            ),
        ] {
            assert_eq!(f[k], want, "{k}");
        }
        assert_eq!(
            (f["line"].as_u64(), f["column"].as_u64()),
            (Some(42), Some(13))
        );
        assert!(f.get("side").is_none());
        assert_eq!(v["findings"][1]["side"], "base");
        for (k, n) in [
            ("weakened", 2),
            ("strengthened", 0),
            ("changed", 0),
            ("added", 0),
            ("removed", 0),
        ] {
            assert_eq!(v["summary"][k], n, "{k}");
        }
    }

    #[test]
    fn human_groups_by_document_with_before_and_after() {
        let out = render_to_string(Format::Human);
        insta::assert_snapshot!(out);
    }

    #[test]
    fn other_formats_carry_the_impact() {
        let gh = render_to_string(Format::Github);
        assert!(gh.contains("impact: allowed downtime"), "{gh}");
        assert!(gh.contains(">= 99.9%25 -> >= 99.5%25"), "{gh}");
        let md = render_to_string(Format::Markdown);
        assert!(md.contains("**2 weakened**"), "{md}");
        assert!(md.contains("(base)"));
        let sarif: serde_json::Value =
            serde_json::from_str(&render_to_string(Format::Sarif)).unwrap();
        assert_eq!(sarif["runs"][0]["properties"]["head"], "WORKTREE");
    }
}
