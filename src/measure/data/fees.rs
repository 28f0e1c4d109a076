//! Fees files (CSV, or a JSON array of objects): what a subject is billed for a period, for
//! credits as money.
//!
//! Columns: `subject` (an agreement's `metadata.id` or a service id), `period` (`2026-11` a
//! month, `2026-Q4` a quarter, `2026` a year), `amount` (a plain non-negative number) and
//! `currency` (an ISO 4217 code: three capital letters; the list of codes is not checked).

use std::sync::Arc;

use super::csv::{self, Columns, Record};
use super::{DataError, Fee, Origin};

/// The columns of a fees file.
pub(crate) const COLUMNS: Columns = Columns {
    what: "a fees file",
    required: &["subject", "period", "amount", "currency"],
    optional: &[],
    one_of: &[],
};

/// The fees of a fees file.
pub fn read(file: &Arc<str>, mut bytes: &[u8]) -> Result<Vec<Fee>, DataError> {
    read_from(file, &mut bytes)
}

/// The same, read from a stream a block at a time.
pub fn read_from(file: &Arc<str>, reader: &mut dyn std::io::Read) -> Result<Vec<Fee>, DataError> {
    csv::rows_from(file, reader, &COLUMNS, |row| fee(file, row))
}

/// Whether `period` is `YYYY`, `YYYY-MM` (01-12) or `YYYY-Qn` (1-4).
fn is_period(period: &str) -> bool {
    let b = period.as_bytes();
    let year = |s: &[u8]| s.len() == 4 && s.iter().all(u8::is_ascii_digit);
    match b.len() {
        4 => year(b),
        7 if b[4] == b'-' && year(&b[..4]) => match &b[5..] {
            [b'Q', q] => (b'1'..=b'4').contains(q),
            [m1, m2] if m1.is_ascii_digit() && m2.is_ascii_digit() => {
                (1..=12).contains(&((m1 - b'0') * 10 + (m2 - b'0')))
            }
            _ => false,
        },
        _ => false,
    }
}

fn fee(file: &Arc<str>, row: &Record<'_>) -> Result<Fee, DataError> {
    let line = row.line;
    let field = |column: &str| COLUMNS.required(file, row, column);
    let period = field("period")?;
    if !is_period(period) {
        return Err(csv::error(
            file,
            line,
            format!("`period` `{period}` is not a billing period"),
            Some("write a month `2026-11`, a quarter `2026-Q4` or a year `2026`"),
        ));
    }
    let currency = field("currency")?;
    if !(currency.len() == 3 && currency.bytes().all(|c| c.is_ascii_uppercase())) {
        return Err(csv::error(
            file,
            line,
            format!("`currency` `{currency}` is not an ISO 4217 code"),
            Some("write three capital letters, such as `EUR` or `USD`"),
        ));
    }
    Ok(Fee {
        subject: field("subject")?.to_owned(),
        period: period.to_owned(),
        amount: csv::amount(file, line, "amount", field("amount")?)?,
        currency: currency.to_owned(),
        origin: Origin {
            file: file.clone(),
            line,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(text: &str) -> Result<Vec<Fee>, DataError> {
        read(&Arc::from("fees.csv"), text.as_bytes())
    }

    const HEAD: &str = "subject,period,amount,currency\n";

    #[test]
    fn rows_become_fees() {
        let fees = read_str(&format!(
            "{HEAD}acme-msa,2026-11,12000.00,EUR\napi,2026-Q4,\"1,500\",USD\n"
        ));
        // A quoted `1,500` is one field, and not a number: amounts are plain decimals.
        assert_eq!(
            fees.unwrap_err().message,
            "`amount` `1,500` is not a number"
        );
        let fees = read_str(&format!(
            "{HEAD}acme-msa,2026-11,12000.00,EUR\napi,2026-Q4,1500,USD\napi,2026,6000,USD\n"
        ))
        .unwrap();
        assert_eq!(fees.len(), 3);
        assert_eq!(
            (
                fees[0].subject.as_str(),
                fees[0].period.as_str(),
                fees[0].amount.to_string(),
                fees[0].currency.as_str()
            ),
            ("acme-msa", "2026-11", "12000.00".to_owned(), "EUR")
        );
        assert_eq!(fees[1].period, "2026-Q4");
        assert_eq!(fees[2].origin.line, 4);
    }

    #[test]
    fn periods_are_months_quarters_or_years() {
        for good in ["2026", "2026-01", "2026-12", "2026-Q1", "2026-Q4"] {
            assert!(is_period(good), "{good}");
        }
        for bad in [
            "2026-13",
            "2026-00",
            "2026-Q5",
            "2026-Q0",
            "26-11",
            "2026-1",
            "2026/11",
            "2026-11-01",
        ] {
            assert!(!is_period(bad), "{bad}");
        }
    }

    #[test]
    fn bad_rows_are_refused_with_their_line() {
        let err = |row: &str| {
            let e = read_str(&format!("{HEAD}acme,2026-11,1,EUR\n{row}\n")).unwrap_err();
            assert_eq!(e.origin.line, 3, "{e}");
            e.message
        };
        assert_eq!(
            err("acme,November,1,EUR"),
            "`period` `November` is not a billing period"
        );
        assert_eq!(
            err("acme,2026-11,1,eur"),
            "`currency` `eur` is not an ISO 4217 code"
        );
        assert_eq!(
            err("acme,2026-11,1,EURO"),
            "`currency` `EURO` is not an ISO 4217 code"
        );
        assert_eq!(err("acme,2026-11,-5,EUR"), "`amount` `-5` is negative");
        assert_eq!(err(",2026-11,5,EUR"), "the row has no `subject`");
        let e = read_str("subject,period,amount\n").unwrap_err();
        assert_eq!(
            e.message,
            "a fees file needs the column `currency`, which is missing"
        );
    }
}
