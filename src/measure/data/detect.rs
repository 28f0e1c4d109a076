//! Which kind of data file a file is, told by its content (never its name): a JSON object
//! with `incidents` or `scheduled_maintenances` is a Statuspage export; otherwise the CSV
//! header, or the keys of a JSON array's first object, are compared with each format's
//! columns, and the format sharing the most of them wins (so a misspelt column still finds
//! its format, which then names the misspelling). [`read`] dispatches to the readers.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::io::Read;
use std::sync::Arc;

use super::csv::{self, Columns};
use super::{Data, DataError};
use super::{counts, fees, incidents, statuspage, tickets};

/// The kinds of data file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Outages, one a row ([`incidents`]).
    Incidents,
    /// A Statuspage `incidents.json` ([`statuspage`]).
    Statuspage,
    /// Support tickets ([`tickets`]).
    Tickets,
    /// Good and total events per window ([`counts`]).
    Counts,
    /// Fees per billing period ([`fees`]).
    Fees,
}

impl Kind {
    /// `an incidents file`, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Incidents => incidents::COLUMNS.what,
            Kind::Statuspage => "a Statuspage incidents.json",
            Kind::Tickets => tickets::COLUMNS.what,
            Kind::Counts => counts::COLUMNS.what,
            Kind::Fees => fees::COLUMNS.what,
        }
    }
}

/// The row formats, in the order a tie is reported.
const FORMATS: [(Kind, &Columns); 4] = [
    (Kind::Incidents, &incidents::COLUMNS),
    (Kind::Tickets, &tickets::COLUMNS),
    (Kind::Counts, &counts::COLUMNS),
    (Kind::Fees, &fees::COLUMNS),
];

/// What each format holds, for the error of a file that is none of them.
fn expected() -> String {
    let mut parts: Vec<String> = FORMATS
        .iter()
        .map(|(_, c)| {
            format!(
                "{} has {}",
                c.what,
                crate::text::backticked(c.required, c.required.len())
            )
        })
        .collect();
    parts[0].push_str(" and `service` or `objective`");
    parts.push("a Statuspage export is a JSON object with `incidents`".to_owned());
    parts.join("; ")
}

/// The kind of the file.
pub fn kind(file: &Arc<str>, bytes: &[u8]) -> Result<Kind, DataError> {
    let text = csv::text(file, bytes)?;
    let (line, columns): (u32, Vec<String>) = if csv::is_json(text) {
        csv::json_check(file, text)?;
        if text.trim_start().starts_with('{') {
            let value = csv::json_value(file, text)?;
            let keys: Vec<&String> = value
                .as_object()
                .map(|o| o.keys().collect())
                .unwrap_or_default();
            if keys
                .iter()
                .any(|k| *k == "incidents" || *k == "scheduled_maintenances")
            {
                return Ok(Kind::Statuspage);
            }
            return Err(csv::error(
                file,
                1,
                format!(
                    "the JSON object (keys {}) is none of the data files slagate reads",
                    crate::text::backticked(&keys, 8)
                ),
                Some(&expected()),
            ));
        }
        match csv::json_first(file, text)? {
            Some((line, first)) => (
                line,
                first.keys().map(|k| k.trim().to_lowercase()).collect(),
            ),
            None => {
                return Err(csv::error(
                    file,
                    1,
                    "the JSON array holds no rows, so its kind is unknown",
                    Some("for a file of no rows, write the CSV header alone"),
                ));
            }
        }
    } else {
        csv::csv_header(file, text)?
    };
    let score = |c: &Columns| {
        let all = c.all();
        columns
            .iter()
            .filter(|name| all.contains(&name.as_str()))
            .count()
    };
    let best = FORMATS.iter().map(|(_, c)| score(c)).max().unwrap_or(0);
    let names: Vec<&str> = columns.iter().map(String::as_str).collect();
    if best == 0 {
        return Err(csv::error(
            file,
            line,
            format!(
                "the columns {} are none of the data files slagate reads",
                crate::text::backticked(&names, 8)
            ),
            Some(&expected()),
        ));
    }
    let winners: Vec<Kind> = FORMATS
        .iter()
        .filter(|(_, c)| score(c) == best)
        .map(|(k, _)| *k)
        .collect();
    match winners.as_slice() {
        [one] => Ok(*one),
        [first, second, ..] => Err(csv::error(
            file,
            line,
            format!(
                "the columns {} fit both {} and {}",
                crate::text::backticked(&names, 8),
                first.describe(),
                second.describe()
            ),
            Some(&expected()),
        )),
        [] => unreachable!("the best score is some format's"),
    }
}

/// Reads a data file of any kind into [`Data`]; `components` maps Statuspage component ids
/// and names to service ids (used only by a Statuspage export).
pub fn read<S: BuildHasher>(
    file: &Arc<str>,
    bytes: &[u8],
    components: &HashMap<String, String, S>,
) -> Result<Data, DataError> {
    read_as(kind(file, bytes)?, file, bytes, components)
}

/// Reads a data file already known to be of `kind` (from [`kind`]), without telling it again.
pub fn read_as<S: BuildHasher>(
    kind: Kind,
    file: &Arc<str>,
    mut bytes: &[u8],
    components: &HashMap<String, String, S>,
) -> Result<Data, DataError> {
    read_from(kind, file, &mut bytes, components)
}

/// Reads a data file of `kind` from a stream: CSV a block at a time (a million tickets never
/// sit in memory as text), JSON whole.
pub fn read_from<S: BuildHasher>(
    kind: Kind,
    file: &Arc<str>,
    reader: &mut dyn Read,
    components: &HashMap<String, String, S>,
) -> Result<Data, DataError> {
    let mut data = Data::default();
    match kind {
        Kind::Incidents => data.outages = incidents::read_from(file, reader)?,
        Kind::Statuspage => {
            let mut bytes = Vec::new();
            reader
                .read_to_end(&mut bytes)
                .map_err(|e| csv::error(file, 1, format!("the file cannot be read: {e}"), None))?;
            let read = statuspage::read(file, &bytes, components)?;
            data.outages = read.outages;
            data.ignored = read.ignored;
        }
        Kind::Tickets => data.tickets = tickets::read_from(file, reader)?,
        Kind::Counts => data.counts = counts::read_from(file, reader)?,
        Kind::Fees => data.fees = fees::read_from(file, reader)?,
    }
    Ok(data)
}

/// Bytes [`read_stream`] reads before it tells the kind.
const HEAD: u64 = 1 << 16;

/// Tells the kind of the file `reader` holds and reads it, without holding a CSV file whole:
/// the kind is told from the lines of its first 64 KiB (a JSON file is read whole first).
pub fn read_stream<S: BuildHasher>(
    file: &Arc<str>,
    reader: &mut dyn Read,
    components: &HashMap<String, String, S>,
) -> Result<(Kind, Data), DataError> {
    let cannot =
        |e: std::io::Error| csv::error(file, 1, format!("the file cannot be read: {e}"), None);
    let mut head = Vec::new();
    let n = (&mut *reader)
        .take(HEAD)
        .read_to_end(&mut head)
        .map_err(cannot)?;
    let whole = (n as u64) < HEAD;
    let json = csv::starts_json(&head);
    let told = match csv::record_end(&head) {
        Some(end) if !whole && !json => kind(file, &head[..end])?,
        _ => {
            // A whole small file, JSON, or a first record longer than the head: read it all.
            reader.read_to_end(&mut head).map_err(cannot)?;
            let k = kind(file, &head)?;
            return Ok((k, read_as(k, file, &head, components)?));
        }
    };
    let mut rest = std::io::Cursor::new(head).chain(reader);
    Ok((told, read_from(told, file, &mut rest, components)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_of(text: &str) -> Result<Kind, DataError> {
        kind(&Arc::from("data"), text.as_bytes())
    }

    #[test]
    fn each_kind_is_told_by_its_content() {
        assert_eq!(kind_of("service,start,end\n").unwrap(), Kind::Incidents);
        assert_eq!(
            kind_of("\u{feff}objective,start,end,note\n").unwrap(),
            Kind::Incidents
        );
        assert_eq!(kind_of("id,severity,opened\n").unwrap(), Kind::Tickets);
        assert_eq!(
            kind_of("objective,window_start,good,total\n").unwrap(),
            Kind::Counts
        );
        assert_eq!(
            kind_of("subject,period,amount,currency\n").unwrap(),
            Kind::Fees
        );
        assert_eq!(
            kind_of(
                "[{\"subject\": \"a\", \"period\": \"2026\", \"amount\": 1, \"currency\": \"EUR\"}]"
            )
            .unwrap(),
            Kind::Fees
        );
        assert_eq!(
            kind_of("{\"page\": {}, \"incidents\": []}").unwrap(),
            Kind::Statuspage
        );
        assert_eq!(
            kind_of("{\"scheduled_maintenances\": []}").unwrap(),
            Kind::Statuspage
        );
        // A misspelt column still finds its format (2 of 3 columns), which then names it.
        assert_eq!(kind_of("service,strat,end\n").unwrap(), Kind::Incidents);
    }

    #[test]
    fn a_file_of_no_known_kind_names_what_was_expected() {
        let e = kind_of("when,what\n2026-11-03,down\n").unwrap_err();
        assert_eq!(e.origin.line, 1);
        assert_eq!(
            e.message,
            "the columns `when`, `what` are none of the data files slagate reads"
        );
        assert_eq!(
            e.help.as_deref(),
            Some(
                "an incidents file has `start`, `end` and `service` or `objective`; a tickets file \
                 has `id`, `severity`, `opened`; a counts file has `objective`, `window_start`, \
                 `good`, `total`; a fees file has `subject`, `period`, `amount`, `currency`; a \
                 Statuspage export is a JSON object with `incidents`"
            )
        );
        let e = kind_of("objective,agreement\n").unwrap_err();
        assert_eq!(
            e.message,
            "the columns `objective`, `agreement` fit both an incidents file and a counts file"
        );
        let e = kind_of("{\"page\": {}}").unwrap_err();
        assert_eq!(
            e.message,
            "the JSON object (keys `page`) is none of the data files slagate reads"
        );
        let e = kind_of("[]").unwrap_err();
        assert_eq!(
            e.message,
            "the JSON array holds no rows, so its kind is unknown"
        );
    }

    #[test]
    fn read_dispatches_to_the_reader() {
        let components: HashMap<String, String> =
            [("rhznvxg4v7yh".to_owned(), "chat-api".to_owned())].into();
        let sample = include_bytes!("../../../tests/fixtures/report/data/statuspage-discord.json");
        let data = read(&Arc::from("discord.json"), sample, &components).unwrap();
        assert_eq!((data.outages.len(), data.ignored.len()), (1, 1));
        let data = read(
            &Arc::from("t.csv"),
            b"id,severity,opened\nT-1,sev1,2026-11-03T10:00:00Z\n",
            &components,
        )
        .unwrap();
        assert_eq!(data.tickets.len(), 1);
        assert!(data.outages.is_empty());
        let e = read(
            &Arc::from("t.csv"),
            b"id,severity,opened\nT-1,sev1,now\n",
            &components,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.csv:2: `opened` `now` is not a time (write an RFC 3339 time such as `2026-11-03T14:05:00Z` or `2026-11-03T15:05:00+01:00`)"
        );
    }

    #[test]
    fn odd_input_is_an_error_never_a_panic() {
        let odd: &[&[u8]] = &[
            b"\"",
            b"\"\"\"",
            b",,,\n,,,",
            b"start,end\n\"",
            b"start,end,service\n\"a\"\"\nb\",2,3",
            b"\r\r\r",
            b"[",
            b"[{",
            b"[{\"a\": \"\\\"}]",
            b"[{}]",
            b"[{\"start\": []}]",
            b"{\"incidents\": [{\"id\": 1}]}",
            b"{\"incidents\": [1]}",
            b"{\"incidents\": [{\"impact\": \"major\", \"created_at\": \"2026-11-03T10:00:00Z\", \"resolved_at\": \"2026-11-03T11:00:00Z\", \"components\": [7]}]}",
            b"{\"scheduled_maintenances\": [{\"scheduled_for\": 5}]}",
            b"\xef\xbb\xbf",
            b"id,severity,opened\n\xe2\x82",
            "subject,period,amount,currency\n\u{1F600},2026-Q4,1,EUR\n".as_bytes(),
        ];
        let components = HashMap::new();
        for input in odd {
            // Each is read to an answer; most are errors, each with a line of the file.
            if let Err(e) = read(&Arc::from("odd"), input, &components) {
                assert!(e.origin.line >= 1, "{e}");
            }
        }
    }
}
