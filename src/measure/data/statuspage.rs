//! Atlassian Statuspage exports: the public `/api/v2/incidents.json` answer (`incidents`),
//! with the `scheduled_maintenances` of `/api/v2/scheduled-maintenances.json` when they are in
//! the same object (`summary.json` holds both).
//!
//! Each incident becomes one outage per service its components are bound to, from
//! `started_at` (or `created_at` when the page gives no `started_at`) to `resolved_at`. A
//! scheduled maintenance becomes an outage from `scheduled_for` to `scheduled_until`, excused
//! by the exclusion [`MAINTENANCE`]: the announced window is what the customer was told of, so
//! an overrun is not excused unless the page also records it as an incident.
//!
//! An entry of `incidents` with a `scheduled_for`, or of impact `maintenance`, is a maintenance
//! (Statuspage keeps maintenances as incidents, and some pages list them among incidents).
//!
//! Deliberately not counted, each listed in [`Data::ignored`](super::Data) with why:
//! an incident of impact `none` (the page says no one was affected), an incident not resolved
//! yet (`resolved_at` is null: its end is unknown), a maintenance without `scheduled_until`,
//! an incident or maintenance naming no component, and each component bound to no service.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::csv;
use super::{DataError, Ignored, Origin, Outage, Subject};

/// The exclusion id a scheduled maintenance is marked with: an objective excuses it when its
/// `exclusions` list an exclusion of this id.
pub const MAINTENANCE: &str = "maintenance";

/// The impacts an incident may have (`maintenance` marks a maintenance).
const IMPACTS: &[&str] = &["none", "minor", "major", "critical"];

/// What a Statuspage file yields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Read {
    /// The outages, incidents first, then maintenances, in the file's order.
    pub outages: Vec<Outage>,
    /// What was read and not counted, with why.
    pub ignored: Vec<Ignored>,
}

/// Reads a Statuspage file; `components` maps a component's id or name (the id is looked up
/// first) to a service id (from the bindings file).
pub fn read<S: BuildHasher>(
    file: &Arc<str>,
    bytes: &[u8],
    components: &HashMap<String, String, S>,
) -> Result<Read, DataError> {
    let text = csv::text(file, bytes)?;
    let value = csv::json_value(file, text)?;
    let Value::Object(top) = &value else {
        return Err(csv::error(
            file,
            1,
            "a Statuspage file is a JSON object with `incidents`",
            Some("save the answer of `/api/v2/incidents.json` as it is"),
        ));
    };
    if !top.contains_key("incidents") && !top.contains_key("scheduled_maintenances") {
        return Err(csv::error(
            file,
            1,
            "the object has neither `incidents` nor `scheduled_maintenances`",
            Some("save the answer of `/api/v2/incidents.json` as it is"),
        ));
    }
    let mut read = Read::default();
    for (line, incident) in csv::json_objects(file, text, Some("incidents"))? {
        // Statuspage keeps maintenances as incidents too: one with a `scheduled_for` or of
        // impact `maintenance` is read as the maintenance it is.
        let maintenance = incident.get("scheduled_for").is_some_and(|v| !v.is_null())
            || incident.get("impact").and_then(Value::as_str) == Some("maintenance");
        if maintenance {
            Item::new(file, line, &incident, "maintenance")?.maintenance(components, &mut read)?;
        } else {
            Item::new(file, line, &incident, "incident")?.incident(components, &mut read)?;
        }
    }
    for (line, maintenance) in csv::json_objects(file, text, Some("scheduled_maintenances"))? {
        let item = Item::new(file, line, &maintenance, "maintenance")?;
        item.maintenance(components, &mut read)?;
    }
    Ok(read)
}

/// An incident or maintenance object being read.
struct Item<'a> {
    file: &'a Arc<str>,
    line: u32,
    object: &'a Map<String, Value>,
    /// `incident `x1` (Messaging issues)`, for messages.
    label: String,
}

impl<'a> Item<'a> {
    fn new(
        file: &'a Arc<str>,
        line: u32,
        object: &'a Map<String, Value>,
        kind: &str,
    ) -> Result<Item<'a>, DataError> {
        let mut item = Item {
            file,
            line,
            object,
            label: String::new(),
        };
        let id = item.string("id")?.unwrap_or("?");
        item.label = match item.string("name")? {
            Some(name) => format!("{kind} `{id}` ({name})"),
            None => format!("{kind} `{id}`"),
        };
        Ok(item)
    }

    fn origin(&self) -> Origin {
        Origin {
            file: self.file.clone(),
            line: self.line,
        }
    }

    fn ignore(&self, read: &mut Read, reason: String) {
        read.ignored.push(Ignored {
            origin: self.origin(),
            reason,
        });
    }

    /// A string member; `None` when absent or null.
    fn string(&self, key: &str) -> Result<Option<&'a str>, DataError> {
        match self.object.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(other) => Err(csv::error(
                self.file,
                self.line,
                format!("`{key}` is {}, not a string", csv::json_kind(other)),
                None,
            )),
        }
    }

    fn time(&self, key: &str) -> Result<Option<jiff::Timestamp>, DataError> {
        self.string(key)?
            .map(|v| csv::timestamp(self.file, self.line, key, v))
            .transpose()
    }

    /// The services the item's components are bound to; unbound components are ignored
    /// with why. `None` (and the item ignored) when it names no component.
    fn services(
        &self,
        components: &HashMap<String, String, impl BuildHasher>,
        read: &mut Read,
    ) -> Result<Option<Vec<String>>, DataError> {
        let list = match self.object.get("components") {
            None | Some(Value::Null) => &Vec::new(),
            Some(Value::Array(list)) => list,
            Some(other) => {
                return Err(csv::error(
                    self.file,
                    self.line,
                    format!("`components` is {}, not an array", csv::json_kind(other)),
                    None,
                ));
            }
        };
        if list.is_empty() {
            self.ignore(
                read,
                format!(
                    "{} names no component, so no service it affected",
                    self.label
                ),
            );
            return Ok(None);
        }
        let mut services: Vec<String> = Vec::new();
        let mut unbound: Vec<String> = Vec::new();
        for component in list {
            let Value::Object(component) = component else {
                return Err(csv::error(
                    self.file,
                    self.line,
                    format!(
                        "a component is {}, not an object",
                        csv::json_kind(component)
                    ),
                    None,
                ));
            };
            let text = |key: &str| component.get(key).and_then(Value::as_str);
            let (id, name) = (text("id"), text("name"));
            let service = id
                .and_then(|id| components.get(id))
                .or_else(|| name.and_then(|name| components.get(name)));
            match service {
                Some(service) => {
                    if !services.contains(service) {
                        services.push(service.clone());
                    }
                }
                None => unbound.push(match (name, id) {
                    (Some(name), Some(id)) => format!("`{name}` (`{id}`)"),
                    (Some(one), None) | (None, Some(one)) => format!("`{one}`"),
                    (None, None) => "a component without id or name".to_owned(),
                }),
            }
        }
        if !unbound.is_empty() {
            self.ignore(
                read,
                format!(
                    "{}: {} {} bound to no service in the bindings file",
                    self.label,
                    if unbound.len() == 1 {
                        "component"
                    } else {
                        "components"
                    },
                    unbound.join(", ") + if unbound.len() == 1 { " is" } else { " are" }
                ),
            );
        }
        Ok((!services.is_empty()).then_some(services))
    }

    fn push(
        &self,
        read: &mut Read,
        services: Vec<String>,
        (start, end): (jiff::Timestamp, jiff::Timestamp),
        excluded: Option<&str>,
    ) {
        let note: Option<Box<str>> = self.string("name").ok().flatten().map(Box::from);
        let excluded: Option<std::sync::Arc<str>> = excluded.map(Into::into);
        for service in services {
            read.outages.push(Outage {
                agreement: None,
                subject: Subject::Service(service.into()),
                start,
                end,
                excluded: excluded.clone(),
                note: note.clone(),
                origin: self.origin(),
            });
        }
    }

    fn interval(
        &self,
        (from, start): (&str, jiff::Timestamp),
        (to, end): (&str, jiff::Timestamp),
    ) -> Result<(jiff::Timestamp, jiff::Timestamp), DataError> {
        if end <= start {
            return Err(csv::error(
                self.file,
                self.line,
                format!(
                    "{}: `{to}` `{end}` is not after `{from}` `{start}`",
                    self.label
                ),
                None,
            ));
        }
        Ok((start, end))
    }

    fn incident(
        &self,
        components: &HashMap<String, String, impl BuildHasher>,
        read: &mut Read,
    ) -> Result<(), DataError> {
        let impact = self.string("impact")?.unwrap_or("none");
        if !IMPACTS.contains(&impact) {
            return Err(csv::error(
                self.file,
                self.line,
                format!("{}: unknown impact `{impact}`", self.label),
                Some(&format!(
                    "Statuspage impacts are {}",
                    crate::text::backticked(IMPACTS, IMPACTS.len())
                )),
            ));
        }
        let (from, start) = match self.time("started_at")? {
            Some(start) => ("started_at", start),
            None => match self.time("created_at")? {
                Some(start) => ("created_at", start),
                None => {
                    return Err(csv::error(
                        self.file,
                        self.line,
                        format!("{} has neither `started_at` nor `created_at`", self.label),
                        None,
                    ));
                }
            },
        };
        if impact == "none" {
            self.ignore(
                read,
                format!(
                    "{} has impact `none`: the page says no one was affected",
                    self.label
                ),
            );
            return Ok(());
        }
        let Some(end) = self.time("resolved_at")? else {
            self.ignore(
                read,
                format!(
                    "{} is not resolved (`resolved_at` is null), so its end is unknown; \
                     it counts once the page resolves it",
                    self.label
                ),
            );
            return Ok(());
        };
        let interval = self.interval((from, start), ("resolved_at", end))?;
        if let Some(services) = self.services(components, read)? {
            self.push(read, services, interval, None);
        }
        Ok(())
    }

    fn maintenance(
        &self,
        components: &HashMap<String, String, impl BuildHasher>,
        read: &mut Read,
    ) -> Result<(), DataError> {
        let Some(start) = self.time("scheduled_for")? else {
            self.ignore(read, format!("{} has no `scheduled_for`", self.label));
            return Ok(());
        };
        let Some(end) = self.time("scheduled_until")? else {
            self.ignore(
                read,
                format!(
                    "{} has no `scheduled_until`, so its window is unknown",
                    self.label
                ),
            );
            return Ok(());
        };
        let interval = self.interval(("scheduled_for", start), ("scheduled_until", end))?;
        if let Some(services) = self.services(components, read)? {
            self.push(read, services, interval, Some(MAINTENANCE));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Discord's real `incidents.json` and `scheduled-maintenances.json` answers, in one
    /// object (see the README beside it).
    const DISCORD: &str =
        include_str!("../../../tests/fixtures/report/data/statuspage-discord.json");

    fn map(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn read_str(text: &str, components: &HashMap<String, String>) -> Result<Read, DataError> {
        read(&Arc::from("status.json"), text.as_bytes(), components)
    }

    #[test]
    fn the_real_discord_sample_reads() {
        let read = read_str(DISCORD, &map(&[("rhznvxg4v7yh", "chat-api")])).unwrap();
        assert_eq!(read.outages.len(), 1);
        let outage = &read.outages[0];
        assert_eq!(outage.subject, Subject::Service("chat-api".into()));
        // started_at 2022-02-15T13:14:17.737-08:00 = 21:14:17.737Z; resolved_at
        // 13:37:37.388-08:00 = 21:37:37.388Z: 23 min 19.651 s.
        assert_eq!(outage.start.to_string(), "2022-02-15T21:14:17.737Z");
        assert_eq!(outage.end.to_string(), "2022-02-15T21:37:37.388Z");
        assert_eq!(
            outage.end.as_millisecond() - outage.start.as_millisecond(),
            23 * 60_000 + 19_651
        );
        assert_eq!(outage.excluded, None);
        assert_eq!(outage.note.as_deref(), Some("Messaging issues"));
        // The incident's object opens on line 10 of the file.
        assert_eq!(outage.origin.line, 10);
        // The 2015 "Server Juice" maintenance lists no component: ignored, and said so.
        assert_eq!(read.ignored.len(), 1);
        assert_eq!(
            read.ignored[0].reason,
            "maintenance `chkt3cr0jf7b` ((ﾉ◕ヮ◕)ﾉ*:･ﾟ✧ Server Juice) names no component, so no \
             service it affected"
        );
    }

    #[test]
    fn the_real_sample_by_component_name_and_unbound() {
        let read = read_str(DISCORD, &map(&[("API", "chat-api")])).unwrap();
        assert_eq!(read.outages.len(), 1);
        let read = read_str(DISCORD, &HashMap::new()).unwrap();
        assert!(read.outages.is_empty());
        assert_eq!(
            read.ignored[0].reason,
            "incident `n4njzfn1mqy0` (Messaging issues): component `API` (`rhznvxg4v7yh`) is \
             bound to no service in the bindings file"
        );
        assert_eq!(read.ignored[0].origin.line, 10);
    }

    const SHAPES: &str = r#"{
  "incidents": [
    {"id": "a", "name": "Both", "impact": "major", "created_at": "2026-11-03T10:00:00Z",
     "resolved_at": "2026-11-03T11:00:00Z",
     "components": [{"id": "c1", "name": "API"}, {"id": "c2", "name": "Web"},
                    {"id": "c3", "name": "Docs"}, {"id": "c4", "name": "API EU"}]},
    {"id": "b", "name": "Quiet", "impact": "none", "created_at": "2026-11-04T10:00:00Z",
     "resolved_at": "2026-11-04T11:00:00Z", "components": [{"id": "c1", "name": "API"}]},
    {"id": "c", "name": "Open", "impact": "critical", "created_at": "2026-11-05T10:00:00Z",
     "resolved_at": null, "components": [{"id": "c1", "name": "API"}]}
  ],
  "scheduled_maintenances": [
    {"id": "m", "name": "DB upgrade", "impact": "maintenance", "status": "completed",
     "scheduled_for": "2026-11-07T01:00:00Z", "scheduled_until": "2026-11-07T03:00:00Z",
     "created_at": "2026-11-01T09:00:00Z", "resolved_at": "2026-11-07T03:30:00Z",
     "components": [{"id": "c1", "name": "API"}]},
    {"id": "n", "name": "Open-ended", "scheduled_for": "2026-11-08T01:00:00Z",
     "scheduled_until": null, "components": [{"id": "c1", "name": "API"}]}
  ]
}"#;

    #[test]
    fn a_row_per_service_maintenance_excused_and_the_rest_ignored_with_why() {
        let components = map(&[("c1", "api"), ("c2", "web"), ("c4", "api")]);
        let read = read_str(SHAPES, &components).unwrap();
        let rows: Vec<(String, String, Option<&str>, u32)> = read
            .outages
            .iter()
            .map(|o| {
                let Subject::Service(s) = &o.subject else {
                    panic!("a service")
                };
                (
                    s.to_string(),
                    o.start.to_string(),
                    o.excluded.as_deref(),
                    o.origin.line,
                )
            })
            .collect();
        // Incident `a`: c1 and c4 are both `api` (counted once), c2 is `web`, c3 unbound.
        // Maintenance `m`: its scheduled window, not its later resolution.
        assert_eq!(
            rows,
            vec![
                ("api".into(), "2026-11-03T10:00:00Z".into(), None, 3),
                ("web".into(), "2026-11-03T10:00:00Z".into(), None, 3),
                (
                    "api".into(),
                    "2026-11-07T01:00:00Z".into(),
                    Some("maintenance"),
                    13
                ),
            ]
        );
        assert_eq!(read.outages[2].end.to_string(), "2026-11-07T03:00:00Z");
        let ignored: Vec<(u32, &str)> = read
            .ignored
            .iter()
            .map(|i| (i.origin.line, i.reason.as_str()))
            .collect();
        assert_eq!(
            ignored,
            vec![
                (
                    3,
                    "incident `a` (Both): component `Docs` (`c3`) is bound to no service in the bindings file"
                ),
                (
                    7,
                    "incident `b` (Quiet) has impact `none`: the page says no one was affected"
                ),
                (
                    9,
                    "incident `c` (Open) is not resolved (`resolved_at` is null), so its end is unknown; it counts once the page resolves it"
                ),
                (
                    17,
                    "maintenance `n` (Open-ended) has no `scheduled_until`, so its window is unknown"
                ),
            ]
        );
    }

    #[test]
    fn bad_incidents_are_refused_with_their_line() {
        let none = HashMap::new();
        let e = read_str(
            "{\"incidents\": [\n {\"id\": \"x\", \"impact\": \"huge\", \"created_at\": \"2026-11-03T10:00:00Z\"}]}",
            &none,
        )
        .unwrap_err();
        assert_eq!(
            (e.origin.line, e.message.as_str()),
            (2, "incident `x`: unknown impact `huge`")
        );
        let e = read_str(
            "{\"incidents\": [{\"id\": \"x\", \"impact\": \"minor\",\n \"created_at\": \"2026-11-03T10:00:00Z\", \"resolved_at\": \"2026-11-03T09:00:00Z\"}]}",
            &none,
        )
        .unwrap_err();
        assert_eq!(e.origin.line, 1);
        assert_eq!(
            e.message,
            "incident `x`: `resolved_at` `2026-11-03T09:00:00Z` is not after `created_at` `2026-11-03T10:00:00Z`"
        );
        let e = read_str(
            "{\"incidents\": [{\"id\": \"x\", \"impact\": \"minor\", \"created_at\": \"2026-11-03T10:00:00\"}]}",
            &none,
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "`created_at` `2026-11-03T10:00:00` has no time zone"
        );
        let e = read_str("{\"page\": {}}", &none).unwrap_err();
        assert_eq!(
            e.message,
            "the object has neither `incidents` nor `scheduled_maintenances`"
        );
        let e = read_str("{\"incidents\": {}}", &none).unwrap_err();
        assert_eq!(e.message, "`incidents` is not a JSON array of rows");
    }

    #[test]
    fn a_maintenance_among_the_incidents_is_read_as_one() {
        let text = r#"{"incidents": [
  {"id": "m", "name": "Planned", "impact": "maintenance", "created_at": "2026-11-01T09:00:00Z",
   "scheduled_for": "2026-11-07T01:00:00Z", "scheduled_until": "2026-11-07T02:00:00Z",
   "resolved_at": "2026-11-07T02:10:00Z", "components": [{"id": "c1"}]},
  {"id": "n", "impact": "none", "scheduled_for": "2026-11-08T01:00:00Z",
   "scheduled_until": "2026-11-08T02:00:00Z", "components": [{"id": "c1"}]}
]}"#;
        let read = read_str(text, &map(&[("c1", "api")])).unwrap();
        let rows: Vec<(String, String, Option<&str>)> = read
            .outages
            .iter()
            .map(|o| {
                (
                    o.start.to_string(),
                    o.end.to_string(),
                    o.excluded.as_deref(),
                )
            })
            .collect();
        // Both are maintenances: their scheduled windows, excused.
        assert_eq!(
            rows,
            vec![
                (
                    "2026-11-07T01:00:00Z".into(),
                    "2026-11-07T02:00:00Z".into(),
                    Some("maintenance")
                ),
                (
                    "2026-11-08T01:00:00Z".into(),
                    "2026-11-08T02:00:00Z".into(),
                    Some("maintenance")
                ),
            ]
        );
        assert!(read.ignored.is_empty());
    }
}
