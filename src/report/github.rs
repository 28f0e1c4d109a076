//! GitHub Actions workflow commands, for every outcome: `::error file=…,line=…::message`, one
//! per finding; a change's before, after and impact go into the help.
//!
//! Escaping follows the runner's own `escapeData`/`escapeProperty`
//! (<https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts>): `%`, CR and
//! LF in data; additionally `:` and `,` in properties. A runner shows at most 10 errors and 10
//! warnings per step, which is why `slagate github` also writes the full step summary.

use std::io::{self, Write};

use super::Outcome;
use super::diff::with_change_in_help;
use crate::diagnostic::{Diagnostic, Level};

/// Escapes a command's message.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property value.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One annotation line.
pub fn annotation(d: &Diagnostic) -> String {
    let kind = match d.level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "notice",
    };
    let mut props = vec![
        format!("file={}", escape_property(&super::escape_terminal(&d.file))),
        format!("line={}", d.span.start.line),
    ];
    if d.span.end.line > d.span.start.line {
        // `col` is dropped for multi-line spans: the runner then highlights whole lines.
        props.push(format!("endLine={}", d.span.end.line));
    } else {
        props.push(format!("col={}", d.span.start.col));
        if d.span.end.col > d.span.start.col {
            props.push(format!("endColumn={}", d.span.end.col));
        }
    }
    props.push(format!(
        "title={}",
        escape_property(&format!("slagate ({})", d.code))
    ));
    let mut msg = super::escape_terminal(&d.message);
    if let Some(help) = &d.help {
        msg.push_str("\nhelp: ");
        msg.push_str(&super::escape_terminal(help));
    }
    format!("::{kind} {}::{}", props.join(","), escape_data(&msg))
}

/// Writes one annotation per finding of `outcome`.
pub fn render(outcome: &Outcome<'_>, w: &mut dyn Write) -> io::Result<()> {
    match outcome {
        Outcome::Validation(r) => annotations(r.diagnostics.iter().cloned(), w),
        Outcome::Diff(r) => annotations(r.diagnostics.iter().map(with_change_in_help), w),
        Outcome::Gate(r) => annotations(r.all_findings().iter().map(with_change_in_help), w),
    }
}

fn annotations(findings: impl Iterator<Item = Diagnostic>, w: &mut dyn Write) -> io::Result<()> {
    for d in findings {
        writeln!(w, "{}", annotation(&d))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Format, sample::render_to_string};

    #[test]
    fn properties_and_data_are_escaped() {
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(escape_data("50%: a,b\r\n"), "50%25: a,b%0D%0A");
        let out = render_to_string(Format::Github, false);
        insta::assert_snapshot!(out);
        assert_eq!(out.lines().count(), 3);
    }
}
