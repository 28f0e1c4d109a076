//! Renderers: one [`Outcome`] enum for what a command produced, one [`render`] that picks the
//! format, and one file per format.
//!
//! Each format file (`human.rs`, `json.rs`, `markdown.rs`, `github.rs`, `sarif.rs`) has a
//! `render(&Outcome, …)` that handles every kind of outcome, so a format reads top to bottom
//! in one place. The outcome modules (`diff.rs`, `gate.rs`) hold the outcome types and what
//! several formats share about them (the gate's checklist sentences, `all_findings`,
//! `with_change_in_help`), not per-format code: a format added later then needs no edit
//! there.
//!
//! - **A new format**: a variant of [`Format`], a file with `render(&Outcome, …)` that matches
//!   every [`Outcome`] variant, and one arm in [`render`].
//! - **A new command's outcome**: its type in its own module beside `diff.rs`/`gate.rs`, a
//!   variant of [`Outcome`], and one arm in each format's `render` (the compiler lists them).
//!
//! No renderer prints; each writes to a `&mut dyn Write` so the binary owns stdout and the
//! tests own a buffer. Text that came from YAML (or a pull request) is escaped for the
//! medium: control characters for terminals, `%`/newlines for workflow commands, JSON
//! escaping for JSON and SARIF.

pub mod attainment;
pub mod contract;
pub mod diff;
pub mod explain;
pub mod gate;
pub mod github;
pub mod governance;
pub mod human;
pub mod import;
pub mod json;
pub mod markdown;
pub mod sarif;
pub mod summary;

pub use explain::explain;

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{self, Write};
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Level};
use crate::source::SourceFile;

pub use diff::DiffReport;
pub use gate::GateReport;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Snippets with carets, for people.
    Human,
    /// The JSON finding contract.
    Json,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// A Markdown table, for pull-request comments.
    Markdown,
}

/// Everything a renderer needs.
#[derive(Debug, Clone, Copy)]
pub struct Report<'a> {
    /// The findings, in order.
    pub diagnostics: &'a [Diagnostic],
    /// File texts for snippets.
    pub sources: &'a HashMap<Arc<str>, SourceFile>,
    /// Files checked.
    pub files: usize,
    /// Documents checked.
    pub documents: usize,
}

/// What a command produced, for [`render`].
#[derive(Debug, Clone, Copy)]
pub enum Outcome<'a> {
    /// `slagate validate`: findings of the files checked (also a file that did not load).
    Validation(Report<'a>),
    /// `slagate diff`: the comparison of two revisions.
    Diff(DiffReport<'a>),
    /// `slagate check`: the comparison judged by the gate.
    Gate(GateReport<'a>),
}

/// Counts per level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
}

impl Report<'_> {
    /// Counts the findings per level.
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for d in self.diagnostics {
            match d.level {
                Level::Error => c.errors += 1,
                Level::Warning => c.warnings += 1,
                Level::Info => c.infos += 1,
            }
        }
        c
    }
}

/// Renders `outcome` in `format`. `color` only affects [`Format::Human`].
pub fn render(
    outcome: &Outcome<'_>,
    format: Format,
    color: bool,
    w: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::render(outcome, color, w),
        Format::Json => json::render(outcome, w),
        Format::Github => github::render(outcome, w),
        Format::Sarif => sarif::render(outcome, w),
        Format::Markdown => markdown::render(outcome, w),
    }
}

/// Renders a file that did not load (a malformed policy) in `format`: the one way every
/// command reports it.
pub fn render_rejected(
    rejected: &crate::load::Rejected,
    format: Format,
    color: bool,
    w: &mut dyn Write,
) -> io::Result<()> {
    let sources = HashMap::from([(rejected.source.path.clone(), rejected.source.clone())]);
    let report = Report {
        diagnostics: &rejected.diagnostics,
        sources: &sources,
        files: 1,
        documents: 0,
    };
    render(&Outcome::Validation(report), format, color, w)
}

/// Whether `c` is invisible in a way that can mislead a reader: a control character (ESC
/// starts terminal escapes, CR rewrites a line) or a bidirectional control (U+202E, the
/// right-to-left override, reorders what follows; the isolates and marks too).
fn is_deceptive(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
        )
}

/// Replaces control characters (terminal escapes, bidi overrides) with visible escapes
/// (`\u{1b}`, `\u{202e}`); a tab stays.
pub fn escape_terminal(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c != '\t' && is_deceptive(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// [`escape_terminal`] for text whose line breaks are data (JSON, SARIF: a value written as a
/// block scalar): line feeds and tabs stay, every other control character and bidirectional
/// control becomes a visible escape. Borrowed when there is nothing to escape.
pub fn escape_invisible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c != '\n' && c != '\t' && is_deceptive(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if c != '\n' && c != '\t' && is_deceptive(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
pub(crate) mod sample {
    //! One shared sample outcome that every renderer's snapshot test uses.
    use super::*;
    use crate::diagnostic::{Code, Span};

    pub(crate) fn sources() -> HashMap<Arc<str>, SourceFile> {
        let text = "objectives:\n  - id: availability\n    target: '>= 99.9'\n    crdits: []\n";
        let path: Arc<str> = "policies/acme.sla.yaml".into();
        HashMap::from([(
            path.clone(),
            SourceFile {
                path,
                text: text.into(),
            },
        )])
    }

    pub(crate) fn diagnostics() -> Vec<Diagnostic> {
        let file: Arc<str> = "policies/acme.sla.yaml".into();
        vec![
            Diagnostic::new(
                Code::IndicatorQuantityMismatch,
                file.clone(),
                Span::new(3, 13, 3, 23),
                "`>= 99.9` is a count, but `availability` is measured as a percent",
            )
            .with_help("write the target as a percent, such as `>= 99.9%`")
            .with_document("acme")
            .with_objective("availability")
            .with_path("/spec/objectives/0/target"),
            Diagnostic::new(
                Code::UnknownField,
                file.clone(),
                Span::new(4, 5, 4, 11),
                "unknown field `crdits` in `/spec/objectives/0`, 50% off: a,b",
            )
            .with_help("did you mean `credits`?")
            .with_document("acme")
            .with_path("/spec/objectives/0/crdits"),
            Diagnostic::new(
                Code::ReviewOverdue,
                file,
                Span::new(2, 5, 2, 7),
                "review due since `2026-06-01`\u{1b}[31m",
            )
            .with_document("acme"),
        ]
        .into_iter()
        .enumerate()
        .map(|(i, mut d)| {
            if i == 2 {
                d.level = Level::Warning;
            }
            d
        })
        .collect()
    }

    pub(crate) fn render_to_string(format: Format, color: bool) -> String {
        let diags = diagnostics();
        let sources = sources();
        let report = Report {
            diagnostics: &diags,
            sources: &sources,
            files: 1,
            documents: 1,
        };
        let mut buf = Vec::new();
        render(&Outcome::Validation(report), format, color, &mut buf).unwrap();
        String::from_utf8(buf).unwrap()
    }
}

#[cfg(test)]
mod escaping {
    use super::*;
    use crate::diagnostic::{Code, Span};

    /// ESC, CR and U+202E (the right-to-left override) in a file name, a message, a help and a
    /// related location never reach any format raw.
    #[test]
    fn no_format_writes_esc_or_a_bidi_override_raw() {
        let file: Arc<str> = "evil\u{1b}[2J\u{202e}lmay.sla.yaml".into();
        let d = Diagnostic::new(
            Code::YamlSyntax,
            file.clone(),
            Span::point(1, 1),
            "bad \u{1b}]8;;https://x.example\u{7}link\u{202e} and \u{2066}iso\u{2069}\r",
        )
        .with_help("help \u{1b}[31m\u{200f}")
        .with_related(file.clone(), Span::point(2, 1), "first \u{202e}here");
        let diagnostics = [d];
        let sources = HashMap::new();
        let report = Report {
            diagnostics: &diagnostics,
            sources: &sources,
            files: 1,
            documents: 0,
        };
        for format in [
            Format::Human,
            Format::Json,
            Format::Github,
            Format::Sarif,
            Format::Markdown,
        ] {
            let mut out = Vec::new();
            render(&Outcome::Validation(report), format, false, &mut out).unwrap();
            let out = String::from_utf8(out).unwrap();
            for bad in [
                '\u{1b}', '\u{7}', '\r', '\u{202e}', '\u{2066}', '\u{2069}', '\u{200f}',
            ] {
                assert!(!out.contains(bad), "{format:?} writes {bad:?} raw:\n{out}");
            }
            // Escaped visibly, not dropped: the reader sees that something was there.
            assert!(
                out.contains("\\u{202e}") || out.contains("\\\\u{202e}"),
                "{format:?}:\n{out}"
            );
        }
    }
}
