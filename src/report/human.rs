//! The human format, for every outcome: a validation's findings as rustc-style snippets with
//! a caret under the span and the help line; a comparison's grouped by document with
//! before -> after and the impact; the gate's followed by its checklist and verdict.

use std::io::{self, Write};

use std::collections::HashMap;
use std::sync::Arc;

use super::diff::DiffReport;
use super::gate::{self, GateReport};
use super::{Outcome, Report, escape_terminal};
use crate::diagnostic::{Class, Diagnostic, Level, Side};
use crate::diff::Summary;
use crate::gate::{Subject, Verdict};
use crate::source::SourceFile;
use crate::source::lines::Lines;

/// ANSI colours for the human formats, or none (`Paint(false)`).
pub(crate) struct Paint(pub(crate) bool);

impl Paint {
    pub(crate) fn wrap(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    pub(crate) fn level(&self, l: Level, s: &str) -> String {
        self.wrap(
            match l {
                Level::Error => "1;31",
                Level::Warning => "1;33",
                Level::Info => "1;36",
            },
            s,
        )
    }
    fn gutter(&self, s: &str) -> String {
        self.wrap("1;34", s)
    }
    fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
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

use crate::text::plural;

/// The line index of each file with findings, built when its first snippet is drawn.
#[derive(Default)]
pub(crate) struct LineCache<'a> {
    files: HashMap<&'a str, Lines<'a>>,
}

impl<'a> LineCache<'a> {
    pub(crate) fn get(
        &mut self,
        sources: &'a HashMap<Arc<str>, SourceFile>,
        file: &str,
    ) -> Option<&Lines<'a>> {
        let source = sources.get(file)?;
        Some(
            self.files
                .entry(&source.path)
                .or_insert_with(|| Lines::new(&source.text)),
        )
    }
}

/// A finding's first line: `error[code] class: message`, the code coloured by level.
fn headline(
    d: &Diagnostic,
    indent: &str,
    class: &str,
    p: &Paint,
    w: &mut dyn Write,
) -> io::Result<()> {
    let head = format!("{}[{}]", d.level, d.code);
    writeln!(
        w,
        "{indent}{}{class}: {}",
        p.level(d.level, &head),
        p.bold(&escape_terminal(&d.message))
    )
}

/// Writes one diagnostic.
fn diagnostic<'a>(
    r: &Report<'a>,
    lines: &mut LineCache<'a>,
    d: &Diagnostic,
    p: &Paint,
    w: &mut dyn Write,
) -> io::Result<()> {
    headline(d, "", "", p, w)?;
    let line_no = d.span.start.line.to_string();
    let pad = " ".repeat(line_no.len());
    writeln!(
        w,
        "{pad}{} {}:{}:{}",
        p.gutter("-->"),
        escape_terminal(&d.file),
        d.span.start.line,
        d.span.start.col
    )?;
    let width = (d.span.end.line == d.span.start.line && d.span.end.col > d.span.start.col)
        .then(|| (d.span.end.col - d.span.start.col) as usize);
    if let Some(s) = lines
        .get(r.sources, &d.file)
        .and_then(|l| l.snippet(d.span.start.line, d.span.start.col, width))
    {
        // Escaped part by part (escaping maps each character on its own), so the caret stays
        // under the span; tabs become one space, as wide as the character they replace.
        let part = |from: usize, len: usize| {
            escape_terminal(
                &s.text
                    .chars()
                    .skip(from)
                    .take(len)
                    .map(|c| if c == '\t' { ' ' } else { c })
                    .collect::<String>(),
            )
        };
        let before = part(0, s.caret_start);
        let under = part(s.caret_start, s.caret_width);
        let after = part(s.caret_start + s.caret_width, usize::MAX);
        let (open, close) = (
            if s.clipped_before { "..." } else { "" },
            if s.clipped_after { "..." } else { "" },
        );
        writeln!(w, "{pad} {}", p.gutter("|"))?;
        writeln!(
            w,
            "{} {} {open}{before}{under}{after}{close}",
            p.gutter(&line_no),
            p.gutter("|")
        )?;
        writeln!(
            w,
            "{pad} {} {}{}",
            p.gutter("|"),
            " ".repeat(open.len() + before.chars().count()),
            p.level(d.level, &"^".repeat(under.chars().count().max(1)))
        )?;
    }
    for rel in &d.related {
        writeln!(
            w,
            "{pad} {} note: {} at {}:{}:{}",
            p.gutter("="),
            escape_terminal(&rel.message),
            escape_terminal(&rel.file),
            rel.span.start.line,
            rel.span.start.col
        )?;
    }
    if let Some(help) = &d.help {
        writeln!(w, "{pad} {} help: {}", p.gutter("="), escape_terminal(help))?;
    }
    writeln!(w)
}

/// Renders `outcome` for a terminal, in colour if `color`.
pub fn render(outcome: &Outcome<'_>, color: bool, w: &mut dyn Write) -> io::Result<()> {
    match outcome {
        Outcome::Validation(r) => validation(r, color, w),
        Outcome::Diff(r) => {
            diff_findings(r, color, w)?;
            diff_summary_line(r, &Paint(color), w)
        }
        Outcome::Gate(r) => {
            let all = r.all_findings();
            diff_findings(&r.as_diff(&all), color, w)?;
            gate_checklist(r, color, w)
        }
    }
}

/// A validation: every finding, then a one-line summary.
fn validation(r: &Report<'_>, color: bool, w: &mut dyn Write) -> io::Result<()> {
    let p = Paint(color);
    let mut lines = LineCache::default();
    for d in r.diagnostics {
        diagnostic(r, &mut lines, d, &p, w)?;
    }
    let c = r.counts();
    let checked = format!(
        "{} and {} checked",
        plural(r.files, "file"),
        plural(r.documents, "document")
    );
    if r.diagnostics.is_empty() {
        writeln!(w, "{} {checked}: no findings", p.wrap("1;32", "ok:"))
    } else {
        let mut parts = Vec::new();
        for (n, word) in [
            (c.errors, "error"),
            (c.warnings, "warning"),
            (c.infos, "info"),
        ] {
            if n > 0 {
                parts.push(plural(n, word));
            }
        }
        writeln!(w, "{}: {} ({checked})", p.bold("found"), parts.join(", "))
    }
}

/// The group a finding is shown under: its document, else its file.
fn group(d: &Diagnostic) -> String {
    d.document.clone().unwrap_or_else(|| d.file.to_string())
}

/// Longest before/after value shown on one line as `before -> after`.
const INLINE: usize = 50;

/// The comparison's findings, grouped by document, without the closing summary line (the
/// gate follows them with its checklist instead).
fn diff_findings(r: &DiffReport<'_>, color: bool, w: &mut dyn Write) -> io::Result<()> {
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
            change(r, &mut lines, d, p, w)?;
        }
        writeln!(w)?;
    }
    Ok(())
}

fn diff_summary_line(r: &DiffReport<'_>, p: &Paint, w: &mut dyn Write) -> io::Result<()> {
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

/// Writes one finding of a comparison: before -> after and the impact for a change, a
/// one-line snippet for a validity finding.
// About 80 lines: one `writeln!` per optional part (location, values, impact, snippet, help),
// in the order they are shown; splitting them would only pass the same five arguments around.
fn change<'a>(
    report: &DiffReport<'a>,
    lines: &mut LineCache<'a>,
    d: &Diagnostic,
    p: &Paint,
    w: &mut dyn Write,
) -> io::Result<()> {
    let class = d
        .change
        .as_ref()
        .map(|c| format!(" {}", p.class(c.class)))
        .unwrap_or_default();
    headline(d, "  ", &class, p, w)?;
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

/// The checklist and the verdict, last in the human output.
fn gate_checklist(r: &GateReport<'_>, color: bool, w: &mut dyn Write) -> io::Result<()> {
    let p = Paint(color);
    let paint = |code: &str, s: &str| p.wrap(code, s);
    let d = r.decision;
    writeln!(
        w,
        "{} {} -> {}",
        paint("1", "change control"),
        escape_terminal(r.base),
        escape_terminal(r.head)
    )?;
    if d.documents.is_empty() {
        writeln!(w, "  no SLA document changed")?;
    }
    for doc in &d.documents {
        let name = match doc.subject {
            Subject::Document => escape_terminal(&doc.document),
            Subject::Policy => "policy".into(),
        };
        writeln!(
            w,
            "  {} ({})",
            paint("1", &name),
            escape_terminal(&doc.file)
        )?;
        for (mark, what, values) in gate::checklist(doc, r.local) {
            let box_ = match mark {
                gate::Mark::Done => paint("32", "[x]"),
                gate::Mark::Missing => paint("31", "[ ]"),
                gate::Mark::Waiting => paint("33", "[ ]"),
                gate::Mark::Voided => paint("2", "   -"),
            };
            let values = if values.is_empty() {
                String::new()
            } else {
                format!(" {}", values.join(", "))
            };
            writeln!(
                w,
                "    {box_} {}",
                escape_terminal(&format!("{what}{values}").replace('`', ""))
            )?;
        }
    }
    let (code, words) = match d.verdict {
        Verdict::Pass => ("1;32", gate::verdict_words(d.verdict, r.local)),
        Verdict::NeedsApproval => ("1;33", gate::verdict_words(d.verdict, r.local)),
        Verdict::Fail => ("1;31", gate::verdict_words(d.verdict, r.local)),
    };
    writeln!(w, "{} {}", paint("1", "verdict:"), paint(code, words))?;
    for m in &d.missing {
        writeln!(w, "  - {}", escape_terminal(&gate::sentence(m)))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::report::{Format, sample::render_to_string};

    #[test]
    fn snippets_point_at_the_span() {
        let out = render_to_string(Format::Human, false);
        insta::assert_snapshot!(out);
    }

    #[test]
    fn colour_is_only_added_when_asked() {
        assert!(!render_to_string(Format::Human, false).contains("\x1b[1;31m"));
        assert!(
            render_to_string(Format::Human, true)
                .contains("\x1b[1;31merror[indicator-quantity-mismatch]")
        );
    }
}
