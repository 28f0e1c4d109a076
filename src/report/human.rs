//! The human format: rustc-style snippets with a caret under the span and the help line.

use std::io::{self, Write};

use std::collections::HashMap;
use std::sync::Arc;

use super::{Report, escape_terminal};
use crate::diagnostic::{Diagnostic, Level};
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

/// Writes one diagnostic.
fn diagnostic<'a>(
    r: &Report<'a>,
    lines: &mut LineCache<'a>,
    d: &Diagnostic,
    p: &Paint,
    w: &mut dyn Write,
) -> io::Result<()> {
    let head = format!("{}[{}]", d.level, d.code);
    writeln!(
        w,
        "{}: {}",
        p.level(d.level, &head),
        p.bold(&escape_terminal(&d.message))
    )?;
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

/// Renders every finding, then a one-line summary.
pub fn render(r: &Report<'_>, color: bool, w: &mut dyn Write) -> io::Result<()> {
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
