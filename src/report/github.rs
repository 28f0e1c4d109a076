//! GitHub Actions workflow commands: `::error file=…,line=…::message`.
//!
//! Escaping follows the runner's own `escapeData`/`escapeProperty`
//! (<https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts>): `%`, CR and
//! LF in data; additionally `:` and `,` in properties. A runner shows at most 10 errors and 10
//! warnings per step, which is why `slagate github` also writes the full step summary.

use std::io::{self, Write};

use super::Report;
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
        format!("file={}", escape_property(&d.file)),
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

/// Writes one annotation per finding.
pub fn render(r: &Report<'_>, w: &mut dyn Write) -> io::Result<()> {
    for d in r.diagnostics {
        writeln!(w, "{}", annotation(d))?;
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
