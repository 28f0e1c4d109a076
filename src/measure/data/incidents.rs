//! Incidents files: one outage a row, CSV or a JSON array of objects.
//!
//! Columns: `service` or `objective` (exactly one a row), `start`, `end` (RFC 3339 with `Z`
//! or an offset; `end` after `start`), and optionally `agreement` (a `metadata.id`),
//! `excluded` (an exclusion id the objective lists) and `note`.

use std::sync::Arc;

use super::csv::{self, Columns, Record};
use super::{DataError, Names, Origin, Outage, Subject};

/// The columns of an incidents file.
pub(crate) const COLUMNS: Columns = Columns {
    what: "an incidents file",
    required: &["start", "end"],
    optional: &["service", "objective", "agreement", "excluded", "note"],
    one_of: &["service", "objective"],
};

/// The outages of an incidents file.
pub fn read(file: &Arc<str>, mut bytes: &[u8]) -> Result<Vec<Outage>, DataError> {
    read_from(file, &mut bytes)
}

/// The same, read from a stream a block at a time.
pub fn read_from(
    file: &Arc<str>,
    reader: &mut dyn std::io::Read,
) -> Result<Vec<Outage>, DataError> {
    let mut names = Names::default();
    let mut outages = csv::rows_from(file, reader, &COLUMNS, |row| outage(file, row, &mut names))?;
    // The rows were pushed one by one: up to half the vector may be spare.
    outages.shrink_to_fit();
    Ok(outages)
}

fn outage(file: &Arc<str>, row: &Record<'_>, names: &mut Names) -> Result<Outage, DataError> {
    let line = row.line;
    let subject = match (row.get("service"), row.get("objective")) {
        (Some(service), None) => Subject::Service(names.get(service)),
        (None, Some(objective)) => Subject::Objective(names.get(objective)),
        (Some(service), Some(objective)) => {
            return Err(csv::error(
                file,
                line,
                format!(
                    "the row names both the service `{service}` and the objective `{objective}`"
                ),
                Some(
                    "name one: a service counts for each of its availability objectives, an objective for itself",
                ),
            ));
        }
        (None, None) => {
            return Err(csv::error(
                file,
                line,
                "the row names neither a `service` nor an `objective`",
                Some("name the service it took down, or the one objective it counts for"),
            ));
        }
    };
    let start = csv::timestamp(file, line, "start", COLUMNS.required(file, row, "start")?)?;
    let end = csv::timestamp(file, line, "end", COLUMNS.required(file, row, "end")?)?;
    if end <= start {
        let (s, e) = (
            row.get("start").unwrap_or_default(),
            row.get("end").unwrap_or_default(),
        );
        return Err(csv::error(
            file,
            line,
            if end == start {
                format!("the incident ends when it starts (`{s}`)")
            } else {
                format!("the incident ends (`{e}`) before it starts (`{s}`)")
            },
            Some("`end` is the first moment after the outage, later than `start`"),
        ));
    }
    Ok(Outage {
        agreement: row.get("agreement").map(|a| names.get(a)),
        subject,
        start,
        end,
        excluded: row.get("excluded").map(|e| names.get(e)),
        note: row.get("note").map(Box::from),
        origin: Origin {
            file: file.clone(),
            line,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(name: &str, text: &str) -> Result<Vec<Outage>, DataError> {
        read(&Arc::from(name), text.as_bytes())
    }

    fn err(text: &str) -> (u32, String, Option<String>) {
        let e = read_str("incidents.csv", text).unwrap_err();
        assert_eq!(&*e.origin.file, "incidents.csv");
        (e.origin.line, e.message, e.help)
    }

    #[test]
    fn an_outage_is_128_bytes_and_shares_its_names() {
        // Agreement and exclusion: an optional `Arc<str>`, 16 bytes each (pointer and
        // length; `None` is the null pointer). Subject: an `Arc<str>` and which of the two it
        // is, 24. Start and end: 16 each (seconds and nanoseconds). Note: an optional
        // `Box<str>`, 16. Origin: the file's `Arc<str>` and the line, 24.
        // 16 + 16 + 24 + 16 + 16 + 16 + 24 = 128.
        assert_eq!(std::mem::size_of::<Outage>(), 128);
        let text = "agreement,service,start,end,excluded\n\
                    acme,api,2026-11-03T14:05:00Z,2026-11-03T14:47:00Z,maintenance\n\
                    acme,api,2026-11-04T14:05:00Z,2026-11-04T14:47:00Z,maintenance\n";
        let rows = read_str("incidents.csv", text).unwrap();
        let (Subject::Service(a), Subject::Service(b)) = (&rows[0].subject, &rows[1].subject)
        else {
            panic!("services")
        };
        assert!(Arc::ptr_eq(a, b));
        assert!(Arc::ptr_eq(
            rows[0].agreement.as_ref().unwrap(),
            rows[1].agreement.as_ref().unwrap()
        ));
        assert!(Arc::ptr_eq(
            rows[0].excluded.as_ref().unwrap(),
            rows[1].excluded.as_ref().unwrap()
        ));
    }

    #[test]
    fn csv_rows_become_outages() {
        let text = "service,start,end,excluded,note,agreement\n\
                    api,2026-11-03T14:05:00Z,2026-11-03T14:47:00Z,,\"db failover, then a restart\",\n\
                    api,2026-11-04T02:00:00+01:00,2026-11-04T03:00:00+01:00,maintenance,,acme-msa\n";
        let rows = read_str("incidents.csv", text).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].subject, Subject::Service("api".into()));
        assert_eq!(rows[0].note.as_deref(), Some("db failover, then a restart"));
        assert_eq!(rows[0].excluded, None);
        assert_eq!(rows[0].agreement, None);
        // 14:05 to 14:47 is 42 minutes.
        assert_eq!(rows[0].end.as_second() - rows[0].start.as_second(), 42 * 60);
        assert_eq!(rows[0].origin.to_string(), "incidents.csv:2");
        // 02:00+01:00 is 01:00 UTC.
        assert_eq!(rows[1].start.to_string(), "2026-11-04T01:00:00Z");
        assert_eq!(rows[1].excluded.as_deref(), Some("maintenance"));
        assert_eq!(rows[1].agreement.as_deref(), Some("acme-msa"));
        assert_eq!(rows[1].origin.line, 3);
    }

    #[test]
    fn json_rows_become_outages_with_the_line_of_their_object() {
        let text = r#"[
  {"objective": "uptime", "start": "2026-11-03T14:05:00Z", "end": "2026-11-03T14:47:00Z"},
  {
    "service": "api",
    "start": "2026-11-05T10:00:00Z",
    "end": "2026-11-05T10:30:00Z",
    "note": null
  }
]"#;
        let rows = read_str("incidents.json", text).unwrap();
        assert_eq!(rows[0].subject, Subject::Objective("uptime".into()));
        assert_eq!(rows[0].origin.line, 2);
        assert_eq!(rows[1].origin.line, 3);
        assert_eq!(rows[1].note, None);
    }

    #[test]
    fn a_header_alone_is_no_outage() {
        assert!(read_str("i.csv", "service,start,end\n").unwrap().is_empty());
    }

    #[test]
    fn each_bad_row_is_refused_with_its_line() {
        let head = "service,objective,start,end\n";
        let ok = "api,,2026-11-03T14:05:00Z,2026-11-03T14:47:00Z\n";
        assert_eq!(
            err(&format!(
                "{head}{ok}api,,2026-11-03T14:05:00,2026-11-03T14:47:00Z\n"
            )),
            (
                3,
                "`start` `2026-11-03T14:05:00` has no time zone".into(),
                Some("add `Z` for UTC or the offset it was written in, such as `+01:00`".into())
            )
        );
        let (line, message, _) = err(&format!(
            "{head}{ok}api,,2026-11-03T15:00:00Z,2026-11-03T14:00:00Z\n"
        ));
        assert_eq!(line, 3);
        assert_eq!(
            message,
            "the incident ends (`2026-11-03T14:00:00Z`) before it starts (`2026-11-03T15:00:00Z`)"
        );
        let (_, message, _) = err(&format!(
            "{head}api,,2026-11-03T15:00:00Z,2026-11-03T15:00:00Z\n"
        ));
        assert_eq!(
            message,
            "the incident ends when it starts (`2026-11-03T15:00:00Z`)"
        );
        let (line, message, _) = err(&format!(
            "{head}{ok}{ok}api,uptime,2026-11-03T14:05:00Z,2026-11-03T14:47:00Z\n"
        ));
        assert_eq!(line, 4);
        assert_eq!(
            message,
            "the row names both the service `api` and the objective `uptime`"
        );
        let (_, message, _) = err(&format!(
            "{head},,2026-11-03T14:05:00Z,2026-11-03T14:47:00Z\n"
        ));
        assert_eq!(
            message,
            "the row names neither a `service` nor an `objective`"
        );
        let (line, message, _) = err(&format!("{head}api,,,2026-11-03T14:47:00Z\n"));
        assert_eq!((line, message.as_str()), (2, "the row has no `start`"));
        let (_, message, _) = err(&format!("{head}api,,3 Nov 2026,2026-11-03T14:47:00Z\n"));
        assert_eq!(message, "`start` `3 Nov 2026` is not a time");
    }

    #[test]
    fn unknown_columns_get_a_did_you_mean() {
        let (line, message, help) = err(
            "\u{feff}service,start,end,exluded\napi,2026-11-03T14:05:00Z,2026-11-03T14:47:00Z,\n",
        );
        assert_eq!(line, 1);
        assert_eq!(message, "unknown column `exluded` for an incidents file");
        assert_eq!(help.as_deref(), Some("did you mean `excluded`?"));
        let (_, message, _) = err("service,start\n");
        assert_eq!(
            message,
            "an incidents file needs the column `end`, which is missing"
        );
    }

    #[test]
    fn json_errors_name_the_line_of_the_row() {
        let text = "[\n {\"service\": \"api\", \"start\": \"2026-11-03T14:05:00Z\", \"end\": \"2026-11-03T14:47:00Z\"},\n\n {\"service\": \"api\",\n  \"start\": \"2026-11-03T14:05:00Z\", \"end\": \"2026-11-03T14:00:00Z\"}\n]";
        let e = read_str("incidents.json", text).unwrap_err();
        assert_eq!(e.origin.to_string(), "incidents.json:4");
    }

    #[test]
    fn the_real_discord_samples_read_alike_and_match_the_statuspage_answer() {
        let csv = read_str(
            "incidents-discord.csv",
            include_str!("../../../tests/fixtures/report/data/incidents-discord.csv"),
        )
        .unwrap();
        let json = read_str(
            "incidents-discord.json",
            include_str!("../../../tests/fixtures/report/data/incidents-discord.json"),
        )
        .unwrap();
        let instants = |rows: &[Outage]| -> Vec<(String, String, Option<String>)> {
            rows.iter()
                .map(|o| {
                    (
                        o.start.to_string(),
                        o.end.to_string(),
                        o.excluded.as_deref().map(str::to_owned),
                    )
                })
                .collect()
        };
        // 13:14:17.737-08:00 = 21:14:17.737Z; 01:00-07:00 = 08:00Z, 01:30-07:00 = 08:30Z.
        let expected = vec![
            (
                "2022-02-15T21:14:17.737Z".to_owned(),
                "2022-02-15T21:37:37.388Z".to_owned(),
                None,
            ),
            (
                "2015-09-22T08:00:00Z".to_owned(),
                "2015-09-22T08:30:00Z".to_owned(),
                Some("maintenance".to_owned()),
            ),
        ];
        assert_eq!(instants(&csv), expected);
        assert_eq!(instants(&json), expected);
        assert_eq!(
            csv[0].note.as_deref(),
            Some("Messaging issues (investigating, then monitoring, then resolved)")
        );
        assert_eq!(csv[1].note.as_deref(), Some("(ﾉ◕ヮ◕)ﾉ*:･ﾟ✧ Server Juice"));
        assert_eq!((csv[1].origin.line, json[1].origin.line), (3, 8));
        // The Statuspage answer gives the incident the same instants.
        let components: std::collections::HashMap<String, String> =
            [("API".to_owned(), "discord-api".to_owned())].into();
        let status = super::super::statuspage::read(
            &Arc::from("statuspage-discord.json"),
            include_bytes!("../../../tests/fixtures/report/data/statuspage-discord.json"),
            &components,
        )
        .unwrap();
        assert_eq!(instants(&status.outages), expected[..1]);
        assert_eq!(status.outages[0].subject, csv[0].subject);
    }
}
