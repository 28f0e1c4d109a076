//! The CSV format: one row per objective window, for a spreadsheet or a script, with a header
//! line. Quoting is RFC 4180's: a field holding a comma, a double quote, a carriage return or
//! a line feed is put in double quotes, a double quote inside doubled; lines end with CRLF.
//!
//! Figures are exact (`value` is the exact decimal, not the truncated percentage people read);
//! seconds are integers; `met` is `true`, `false`, or empty when undefined (nothing left to
//! measure, counted as met with no credit) or not measured.
//!
//! **Formula injection.** A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and
//! a tab or a carriage return, which some strip first) as a formula: `=HYPERLINK(...)` in an
//! objective's name would be a live link in whoever opens the file. Every text cell that comes
//! from a document or a data file and starts with one of these gets a leading `'`, which
//! spreadsheets show as text and do not display; figures written by slagate (a negative margin
//! `-0.5`) are numbers and are left as they are. Control and bidirectional characters other
//! than line breaks and tabs are written as visible escapes (`\u{202e}`).

use std::borrow::Cow;
use std::fmt::Write as _;

use super::{Status, exact};
use crate::measure::outcome::Report;
use crate::report::escape_invisible;

/// The columns, in order.
pub const HEADER: [&str; 20] = [
    "agreement",
    "objective",
    "objective_name",
    "service",
    "indicator",
    "target",
    "window",
    "from",
    "to",
    "partial",
    "covered_seconds",
    "value",
    "met",
    "margin",
    "credit",
    "credit_unit",
    "credit_money",
    "credit_currency",
    "claim_deadline",
    "claim_via",
];

/// A field as RFC 4180 writes it.
fn quoted(field: &str) -> Cow<'_, str> {
    if field.contains([',', '"', '\r', '\n']) {
        Cow::Owned(format!("\"{}\"", field.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(field)
    }
}

/// A text field from the data: visible escapes for invisible characters, then the formula
/// guard.
fn text(s: &str) -> String {
    let s = escape_invisible(s);
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.into_owned()
    }
}

/// The report as CSV.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    line(&mut out, &HEADER.map(String::from));
    for a in &report.agreements {
        for o in &a.objectives {
            for w in &o.windows {
                let credit = w.credit.as_ref();
                let money = credit.and_then(|c| c.money.as_ref());
                let claim = w.claim.as_ref();
                let met = match (Status::of(w), w.met) {
                    (Status::NotMeasured, _) | (_, None) => "",
                    (_, Some(true)) => "true",
                    (_, Some(false)) => "false",
                };
                let row = [
                    text(&a.id),
                    text(&o.id),
                    text(&o.name),
                    text(&o.service),
                    text(&o.indicator),
                    text(&o.target),
                    text(&w.label),
                    w.from.to_string(),
                    w.to.to_string(),
                    w.partial.to_string(),
                    w.covered.to_string(),
                    w.value.map(exact).unwrap_or_default(),
                    met.into(),
                    w.margin.map(exact).unwrap_or_default(),
                    credit.map(|c| exact(c.amount)).unwrap_or_default(),
                    credit.map(|c| text(&c.unit)).unwrap_or_default(),
                    money.map(|m| exact(m.0)).unwrap_or_default(),
                    money.map(|m| text(&m.1)).unwrap_or_default(),
                    claim
                        .and_then(|c| c.deadline)
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                    claim
                        .and_then(|c| c.via.as_deref())
                        .map(text)
                        .unwrap_or_default(),
                ];
                line(&mut out, &row);
            }
        }
    }
    out
}

fn line(out: &mut String, fields: &[String]) {
    let fields: Vec<Cow<'_, str>> = fields.iter().map(|f| quoted(f)).collect();
    let _ = write!(out, "{}\r\n", fields.join(","));
}

#[cfg(test)]
mod tests {
    use super::super::sample::{self, HOSTILE};
    use super::*;

    /// An RFC 4180 reader: fields of each record, quotes undone.
    fn parse(csv: &str) -> Vec<Vec<String>> {
        let mut records = vec![];
        let mut record = vec![];
        let mut field = String::new();
        let mut chars = csv.chars().peekable();
        let mut quoted = false;
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                (true, '"') => quoted = false,
                (false, '"') => quoted = true,
                (false, ',') => record.push(std::mem::take(&mut field)),
                (false, '\r') if chars.peek() == Some(&'\n') => {
                    chars.next();
                    record.push(std::mem::take(&mut field));
                    records.push(std::mem::take(&mut record));
                }
                (_, c) => field.push(c),
            }
        }
        assert!(
            field.is_empty() && record.is_empty(),
            "the last line ends with CRLF"
        );
        records
    }

    #[test]
    fn csv_has_one_row_per_objective_window() {
        let csv = render(&sample::report());
        insta::assert_snapshot!(csv);
        let rows = parse(&csv);
        // 2 + 1 + 1 + 2 windows of the first agreement, 1 + 1 of the second, and the header.
        assert_eq!(rows.len(), 9);
        assert!(rows.iter().all(|r| r.len() == HEADER.len()));
        assert_eq!(rows[0], HEADER);
        let november = &rows[2];
        assert_eq!(
            november[..13],
            [
                "acme-crm-enterprise",
                "availability",
                "CRM availability",
                "crm-api",
                "availability",
                ">= 99.9%",
                "2026-11",
                "2026-11-01",
                "2026-11-30",
                "false",
                "2592000",
                // Exact, as the report holds it: not truncated.
                "99.89996911435410393019844027",
                "false",
            ]
        );
        assert_eq!(
            november[14..],
            [
                "10",
                "percent of the fee",
                "1250",
                "EUR",
                "2026-12-30",
                "the support portal (https://support.acme.example/claims)"
            ]
        );
        // The undefined window: no value, met empty.
        assert_eq!(rows[5][11..13], ["", ""]);
        // The hostile name: one field, its line break kept inside the quotes.
        assert_eq!(rows[7][2], HOSTILE.replace('\u{202E}', "\\u{202e}"));
    }

    #[test]
    fn quotes_line_breaks_and_formulas_are_safe() {
        assert_eq!(quoted("a,b"), "\"a,b\"");
        assert_eq!(quoted("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quoted("two\nlines"), "\"two\nlines\"");
        assert_eq!(quoted("plain"), "plain");
        for f in ["=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tx"] {
            assert!(text(f).starts_with('\''), "{f}");
        }
        assert_eq!(text(">= 99.9%"), ">= 99.9%");
        assert_eq!(text("a\u{202E}b"), "a\\u{202e}b");

        let mut report = sample::report();
        report.agreements[1].objectives[0].id = "=cmd|' /C calc'!A0".into();
        let rows = parse(&render(&report));
        let hostile = rows.iter().find(|r| r[0] == "globex-ops-ola").unwrap();
        assert_eq!(hostile[1], "'=cmd|' /C calc'!A0");
    }
}
