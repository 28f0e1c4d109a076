//! Counts files (CSV, or a JSON array of objects): good and total events of an objective in
//! the window that starts on a date (qualified and delivered leads, satisfied and surveyed
//! customers, calls resolved at first contact and all calls).
//!
//! Columns: `objective`, `window_start` (`YYYY-MM-DD`, the window's first local date), `good`,
//! `total` (plain non-negative numbers, `good` at most `total`), and optionally `agreement`.

use std::sync::Arc;

use super::csv::{self, Columns, Record};
use super::{Count, DataError, Origin};

/// The columns of a counts file.
pub(crate) const COLUMNS: Columns = Columns {
    what: "a counts file",
    required: &["objective", "window_start", "good", "total"],
    optional: &["agreement"],
    one_of: &[],
};

/// The counts of a counts file.
pub fn read(file: &Arc<str>, mut bytes: &[u8]) -> Result<Vec<Count>, DataError> {
    read_from(file, &mut bytes)
}

/// The same, read from a stream a block at a time.
pub fn read_from(file: &Arc<str>, reader: &mut dyn std::io::Read) -> Result<Vec<Count>, DataError> {
    csv::rows_from(file, reader, &COLUMNS, |row| count(file, row))
}

fn count(file: &Arc<str>, row: &Record<'_>) -> Result<Count, DataError> {
    let line = row.line;
    let field = |column: &str| COLUMNS.required(file, row, column);
    let window_start = csv::date(file, line, "window_start", field("window_start")?)?;
    let good = csv::amount(file, line, "good", field("good")?)?;
    let total = csv::amount(file, line, "total", field("total")?)?;
    if good > total {
        return Err(csv::error(
            file,
            line,
            format!("`good` {good} is more than `total` {total}"),
            Some("`good` counts the events of `total` that met the objective"),
        ));
    }
    Ok(Count {
        agreement: row.get("agreement").map(str::to_owned),
        objective: field("objective")?.to_owned(),
        window_start,
        good,
        total,
        origin: Origin {
            file: file.clone(),
            line,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(text: &str) -> Result<Vec<Count>, DataError> {
        read(&Arc::from("counts.csv"), text.as_bytes())
    }

    const HEAD: &str = "agreement,objective,window_start,good,total\n";

    #[test]
    fn rows_become_counts() {
        let counts = read_str(&format!(
            "{HEAD}sales-marketing,lead-qualification,2026-11-01,412,500\n,csat,2026-11-01,88.5,100\n"
        ))
        .unwrap();
        assert_eq!(counts[0].agreement.as_deref(), Some("sales-marketing"));
        assert_eq!(counts[0].objective, "lead-qualification");
        assert_eq!(counts[0].window_start.to_string(), "2026-11-01");
        assert_eq!(
            (counts[0].good.to_string(), counts[0].total.to_string()),
            ("412".into(), "500".into())
        );
        assert_eq!(counts[1].agreement, None);
        assert_eq!(counts[1].good.to_string(), "88.5");
        assert_eq!(counts[1].origin.line, 3);
    }

    #[test]
    fn json_numbers_and_strings_both_read() {
        let counts = read_str(
            "[{\"objective\": \"csat\", \"window_start\": \"2026-11-01\", \"good\": 9, \"total\": \"10\"}]",
        )
        .unwrap();
        assert_eq!(
            (counts[0].good.to_string(), counts[0].total.to_string()),
            ("9".into(), "10".into())
        );
    }

    #[test]
    fn a_window_of_no_events_reads() {
        let counts = read_str(&format!("{HEAD},csat,2026-11-01,0,0\n")).unwrap();
        assert!(counts[0].total.is_zero());
    }

    #[test]
    fn bad_rows_are_refused_with_their_line() {
        let err = |row: &str| {
            let e = read_str(&format!("{HEAD},csat,2026-11-01,1,2\n{row}\n")).unwrap_err();
            assert_eq!(e.origin.line, 3, "{e}");
            e.message
        };
        assert_eq!(
            err(",csat,2026-11-01,501,500"),
            "`good` 501 is more than `total` 500"
        );
        assert_eq!(err(",csat,2026-11-01,-1,500"), "`good` `-1` is negative");
        assert_eq!(
            err(",csat,2026-11-01,many,500"),
            "`good` `many` is not a number"
        );
        assert_eq!(err(",csat,2026-11-01,1,"), "the row has no `total`");
        assert_eq!(
            err(",csat,2026-02-30,1,2"),
            "`window_start` `2026-02-30` does not exist on the calendar"
        );
        assert_eq!(
            err(",csat,Nov 2026,1,2"),
            "`window_start` `Nov 2026` is not a date"
        );
    }
}
