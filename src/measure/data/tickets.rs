//! Tickets files (CSV, or a JSON array of objects): one support ticket a row.
//!
//! Columns: `id`, `severity` (as the objectives' `severity` spells it), `opened`, and
//! optionally `first_response`, `resolved` (RFC 3339 with `Z` or an offset, neither before
//! `opened`), `agreement` and `service`. An id appears once a file.

use std::sync::Arc;

use super::csv::{self, Columns, Record};
use super::{DataError, Tickets, TooLarge};

/// The columns of a tickets file.
pub(crate) const COLUMNS: Columns = Columns {
    what: "a tickets file",
    required: &["id", "severity", "opened"],
    optional: &["first_response", "resolved", "agreement", "service"],
    one_of: &[],
};

/// The tickets of a tickets file.
pub fn read(file: &Arc<str>, mut bytes: &[u8]) -> Result<Tickets, DataError> {
    read_from(file, &mut bytes)
}

/// The same, read from a stream a block at a time.
pub fn read_from(file: &Arc<str>, reader: &mut dyn std::io::Read) -> Result<Tickets, DataError> {
    let mut tickets = Tickets::new();
    csv::rows_from(file, reader, &COLUMNS, |row| {
        ticket(file, row, &mut tickets)
    })?;
    check_unique(file, &tickets)?;
    Ok(tickets)
}

/// Refuses a ticket listed twice: found by sorting the positions by id (rather than a set of
/// every id, which would copy them all), reported at the earliest repeat.
fn check_unique(file: &Arc<str>, tickets: &Tickets) -> Result<(), DataError> {
    let mut order: Vec<u32> = (0..u32::try_from(tickets.len()).unwrap_or(u32::MAX)).collect();
    order.sort_unstable_by(|a, b| {
        let (a, b) = (tickets.get(*a as usize), tickets.get(*b as usize));
        a.id().cmp(b.id()).then(a.index().cmp(&b.index()))
    });
    let repeat = order
        .windows(2)
        .map(|pair| (tickets.get(pair[0] as usize), tickets.get(pair[1] as usize)))
        .filter(|(first, again)| first.id() == again.id())
        .min_by_key(|(_, again)| again.index());
    if let Some((first, again)) = repeat {
        return Err(csv::error(
            file,
            again.origin().line,
            format!(
                "ticket `{}` is listed twice (first on line {})",
                again.id(),
                first.origin().line
            ),
            Some("list each ticket once, with its latest times"),
        ));
    }
    Ok(())
}

fn ticket(file: &Arc<str>, row: &Record<'_>, tickets: &mut Tickets) -> Result<(), DataError> {
    let line = row.line;
    let id = COLUMNS.required(file, row, "id")?;
    let opened_text = COLUMNS.required(file, row, "opened")?;
    let opened = csv::timestamp(file, line, "opened", opened_text)?;
    let later = |column: &str| -> Result<Option<i64>, DataError> {
        let Some(value) = row.get(column) else {
            return Ok(None);
        };
        let at = csv::timestamp(file, line, column, value)?;
        if at < opened {
            return Err(csv::error(
                file,
                line,
                format!(
                    "ticket `{id}` answers before it opens: `{column}` `{value}` is before \
                     `opened` `{opened_text}`"
                ),
                Some("check the zone of both times"),
            ));
        }
        Ok(Some(at.as_second()))
    };
    let severity = COLUMNS.required(file, row, "severity")?;
    let (first_response, resolved) = (later("first_response")?, later("resolved")?);
    tickets
        .push(
            id,
            row.get("agreement"),
            row.get("service"),
            severity,
            opened.as_second(),
            first_response,
            resolved,
            file,
            line,
        )
        .map_err(|e| {
            let (message, help) = match e {
                TooLarge::Answer => (
                    format!("ticket `{id}` is answered 136 years or more after it opens"),
                    "check the dates of `first_response` and `resolved`",
                ),
                TooLarge::Store => (
                    "more tickets than one report holds: over four billion rows, or over \
                     4 GiB of ids in 32,768 of them"
                        .to_string(),
                    "split the file by year or by agreement, and report each part",
                ),
            };
            csv::error(file, line, message, Some(help))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::data::Ticket;

    fn read_str(text: &str) -> Result<Vec<Ticket>, DataError> {
        let t = read(&Arc::from("tickets.csv"), text.as_bytes())?;
        Ok(t.iter()
            .map(|t| Ticket {
                id: t.id().to_owned(),
                agreement: t.agreement().map(str::to_owned),
                service: t.service().map(str::to_owned),
                severity: t.severity().to_owned(),
                opened: jiff::Timestamp::from_second(t.opened()).unwrap(),
                first_response: t
                    .first_response()
                    .map(|s| jiff::Timestamp::from_second(s).unwrap()),
                resolved: t
                    .resolved()
                    .map(|s| jiff::Timestamp::from_second(s).unwrap()),
                origin: t.origin(),
            })
            .collect())
    }

    const HEAD: &str = "id,severity,opened,first_response,resolved\n";

    #[test]
    fn rows_become_tickets() {
        let text = format!(
            "{HEAD}T-1,sev1,2026-11-06T16:50:00+01:00,2026-11-09T08:20:00+01:00,\n\
             T-2,sev2,2026-11-07T10:00:00Z,,\n"
        );
        let tickets = read_str(&text).unwrap();
        assert_eq!(tickets.len(), 2);
        assert_eq!(tickets[0].id, "T-1");
        assert_eq!(tickets[0].severity, "sev1");
        // 16:50+01:00 is 15:50Z.
        assert_eq!(tickets[0].opened.to_string(), "2026-11-06T15:50:00Z");
        assert_eq!(
            tickets[0].first_response.map(|t| t.to_string()).as_deref(),
            Some("2026-11-09T07:20:00Z")
        );
        assert_eq!(tickets[0].resolved, None);
        assert_eq!(tickets[1].first_response, None);
        assert_eq!(tickets[1].origin.line, 3);
    }

    #[test]
    fn json_tickets_read_too() {
        let text = "[\n{\"id\": \"T-1\", \"severity\": \"sev1\", \"opened\": \"2026-11-07T10:00:00Z\",\n \"service\": \"api\", \"agreement\": \"acme\"}\n]";
        let tickets = read_str(text).unwrap();
        assert_eq!(tickets[0].service.as_deref(), Some("api"));
        assert_eq!(tickets[0].agreement.as_deref(), Some("acme"));
        assert_eq!(tickets[0].origin.line, 2);
    }

    #[test]
    fn a_ticket_that_answers_before_it_opens_is_refused() {
        let e = read_str(&format!(
            "{HEAD}T-1,sev1,2026-11-07T10:00:00Z,,\nT-2,sev1,2026-11-07T10:00:00Z,2026-11-07T10:30:00+01:00,\n"
        ))
        .unwrap_err();
        assert_eq!(e.origin.line, 3);
        assert_eq!(
            e.message,
            "ticket `T-2` answers before it opens: `first_response` `2026-11-07T10:30:00+01:00` \
             is before `opened` `2026-11-07T10:00:00Z`"
        );
        let e = read_str(&format!(
            "{HEAD}T-1,sev1,2026-11-07T10:00:00Z,,2026-11-06T10:00:00Z\n"
        ))
        .unwrap_err();
        assert!(
            e.message
                .contains("`resolved` `2026-11-06T10:00:00Z` is before"),
            "{e}"
        );
    }

    #[test]
    fn bad_rows_are_refused_with_their_line() {
        let e = read_str(&format!("{HEAD}T-1,sev1,2026-11-07 10:00,,\n")).unwrap_err();
        assert_eq!(
            (e.origin.line, e.message.as_str()),
            (2, "`opened` `2026-11-07 10:00` has no time zone")
        );
        let e = read_str(&format!("{HEAD}T-1,,2026-11-07T10:00:00Z,,\n")).unwrap_err();
        assert_eq!(e.message, "the row has no `severity`");
        let e = read_str(&format!(
            "{HEAD}T-1,sev1,2026-11-07T10:00:00Z,,\nT-1,sev2,2026-11-07T11:00:00Z,,\n"
        ))
        .unwrap_err();
        assert_eq!(
            (e.origin.line, e.message.as_str()),
            (3, "ticket `T-1` is listed twice (first on line 2)")
        );
        let e = read_str("id,severity,opened,responded\n").unwrap_err();
        assert_eq!(e.message, "unknown column `responded` for a tickets file");
    }
}
