//! Markdown: the findings table of a pull-request comment.
//!
//! The table is the part `review` reuses in its summary comment, which carries the hidden
//! marker [`MARKER`] so the comment can be found and updated instead of piling up. Everything
//! that came from YAML is escaped for GitHub-flavoured Markdown: no HTML, no table breaks, no
//! `@mentions` that would notify people.

use std::io::{self, Write};

use super::Report;
use crate::diagnostic::{Class, Diagnostic, Level, Side};
use crate::diff::Summary;

/// The hidden marker that identifies slagate's own comment.
pub const MARKER: &str = "<!-- slagate -->";

/// Escapes text for a table cell outside code spans.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' => out.push_str("<br>"),
            '\r' => {}
            // A zero-width space after `@` keeps the text readable without notifying anyone.
            '@' => out.push_str("@\u{200B}"),
            '*' | '_' | '[' | ']' | '`' | '\\' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push_str(&super::escape_terminal(&c.to_string())),
            c => out.push(c),
        }
    }
    super::escape_terminal(&out)
}

/// Escapes a finding's message, keeping its `` `values` `` as code spans.
pub fn message(s: &str) -> String {
    if s.matches('`').count() % 2 != 0 {
        return escape(s);
    }
    s.split('`')
        .enumerate()
        .map(|(i, part)| if i % 2 == 0 { escape(part) } else { code(part) })
        .collect()
}

/// A code span for a table cell: `` `text` ``, widened when the text holds backticks.
pub fn code(s: &str) -> String {
    let s = super::escape_terminal(s).replace(['\n', '\r'], " ").replace('|', "\\|");
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{s}{pad}{fence}")
}

fn level(l: Level) -> &'static str {
    match l {
        Level::Error => ":red_circle: error",
        Level::Warning => ":warning: warning",
        Level::Info => ":information_source: info",
    }
}

fn class(c: Class) -> &'static str {
    match c {
        Class::Weakened => "**weakened**",
        Class::Strengthened => "strengthened",
        Class::Changed => "changed",
        Class::Added => "added",
        Class::Removed => "removed",
    }
}

/// The findings table, one row per finding.
pub fn table(diagnostics: &[Diagnostic], w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "| Level | Class | Rule | Document | Objective | Change | Before | After | Impact | Location |")?;
    writeln!(w, "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")?;
    for d in diagnostics {
        let c = d.change.as_ref();
        let opt = |v: Option<&str>, f: fn(&str) -> String| v.map(f).unwrap_or_default();
        let mut location = format!("{}:{}", d.file, d.span.start.line);
        if c.is_some_and(|c| c.side == Side::Base) {
            location.push_str(" (base)");
        }
        writeln!(
            w,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            level(d.level),
            c.map(|c| class(c.class)).unwrap_or_default(),
            code(d.code.as_str()),
            opt(d.document.as_deref(), escape),
            opt(d.objective.as_deref(), escape),
            message(&d.message),
            opt(c.and_then(|c| c.before.as_deref()), code),
            opt(c.and_then(|c| c.after.as_deref()), code),
            opt(c.and_then(|c| c.impact.as_deref()), escape),
            code(&location),
        )?;
    }
    Ok(())
}

/// The one-line class summary: `**1 weakened** · 0 strengthened · ...`.
pub fn summary_line(s: &Summary) -> String {
    let weakened = if s.weakened > 0 { format!("**{} weakened**", s.weakened) } else { "0 weakened".into() };
    format!("{weakened} · {} strengthened · {} changed · {} added · {} removed", s.strengthened, s.changed, s.added, s.removed)
}

/// A whole comment: marker, heading, summary and table.
pub fn render(r: &Report<'_>, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "{MARKER}")?;
    writeln!(w, "### slagate")?;
    writeln!(w)?;
    let c = r.counts();
    writeln!(
        w,
        "{} error(s), {} warning(s), {} info in {} file(s) and {} document(s)",
        c.errors, c.warnings, c.infos, r.files, r.documents
    )?;
    if !r.diagnostics.is_empty() {
        writeln!(w)?;
        table(r.diagnostics, w)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Format, sample::render_to_string};

    #[test]
    fn cells_cannot_break_the_table_or_mention_people() {
        assert_eq!(escape("a|b\n<script>@alice *x*"), "a\\|b<br>&lt;script&gt;@\u{200B}alice \\*x\\*");
        assert_eq!(code(">= 99.9%"), "`>= 99.9%`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(code("a|b"), "`a\\|b`");
        assert_eq!(message("target lowered from `99.9%` to `a|b` <x>"), "target lowered from `99.9%` to `a\\|b` &lt;x&gt;");
        assert_eq!(message("odd ` tick"), "odd \\` tick");
    }

    #[test]
    fn validation_findings_render_as_a_table() {
        let out = render_to_string(Format::Markdown, false);
        assert!(out.starts_with(MARKER));
        assert_eq!(out.lines().filter(|l| l.starts_with("| :")).count(), 3, "{out}");
        assert!(out.contains("`indicator-quantity-mismatch`"));
    }
}
