//! The JSON format: the contract documented in `docs/report.md` ("JSON contract").
//!
//! `{"version": 1, "period": {...}, "agreements": [...], "ignored": [...]}`. Every figure is
//! an exact decimal string (`"99.89996911435410393019844027"`, never a float a reader would
//! round), every duration an integer of seconds (an error budget, which can be fractional, a
//! decimal string of seconds), every date `YYYY-MM-DD`. Fields may be added in version 1,
//! never renamed or removed. Text fields carry control characters and bidirectional controls
//! as visible escapes, as the finding contract does.

use std::borrow::Cow;

use serde::Serialize;

use super::exact;
use crate::measure::data::{Ignored, Origin};
use crate::measure::outcome::{
    Agreement, Budget, Claim, Credit, Measured, Objective, Owed, Report, Source, Window,
};
use crate::report::escape_invisible;

/// The version of the contract; a change that removes or renames a field raises it.
pub const VERSION: u32 = 1;

fn t(s: &str) -> Cow<'_, str> {
    escape_invisible(s)
}

#[derive(Serialize)]
struct Doc<'a> {
    version: u32,
    period: Period,
    agreements: Each<'a>,
    ignored: Vec<Row<'a>>,
}

/// The agreements, each turned into its JSON shape only while it is written (the shapes of a
/// year of a thousand agreements, all at once, would be a second copy of the report).
struct Each<'a>(&'a [Agreement]);

impl Serialize for Each<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(agreement))
    }
}

#[derive(Serialize)]
struct Period {
    from: String,
    to: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AgreementJson<'a> {
    id: Cow<'a, str>,
    title: Cow<'a, str>,
    file: Cow<'a, str>,
    provider: Cow<'a, str>,
    customer: Cow<'a, str>,
    breaches: usize,
    owed: Vec<OwedJson<'a>>,
    earliest_claim: Option<String>,
    objectives: Vec<ObjectiveJson<'a>>,
}

#[derive(Serialize)]
struct OwedJson<'a> {
    unit: Cow<'a, str>,
    window: Option<Cow<'a, str>>,
    amount: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ObjectiveJson<'a> {
    id: Cow<'a, str>,
    name: Cow<'a, str>,
    service: Cow<'a, str>,
    indicator: Cow<'a, str>,
    target: Cow<'a, str>,
    severity: Option<Cow<'a, str>>,
    owed_by: Party<'a>,
    owed_to: Party<'a>,
    calendar: Cow<'a, str>,
    zone: Cow<'a, str>,
    window: Cow<'a, str>,
    source: SourceJson<'a>,
    windows: Vec<WindowJson<'a>>,
}

#[derive(Serialize)]
struct Party<'a> {
    role: Cow<'a, str>,
    name: Cow<'a, str>,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
enum SourceJson<'a> {
    Outages,
    Series { query: Cow<'a, str> },
    Tickets,
    Counts,
    None { reason: Cow<'a, str> },
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WindowJson<'a> {
    label: Cow<'a, str>,
    from: String,
    to: String,
    partial: bool,
    covered: i64,
    value: Option<String>,
    met: Option<bool>,
    margin: Option<String>,
    measured: MeasuredJson<'a>,
    budget: Option<BudgetJson>,
    credit: Option<CreditJson<'a>>,
    claim: Option<ClaimJson<'a>>,
}

#[derive(Serialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
enum MeasuredJson<'a> {
    Downtime {
        downtime: i64,
        excused: i64,
        over_cap: i64,
        incidents: Vec<Row<'a>>,
    },
    Samples {
        minutes: i64,
        good: String,
        no_data: i64,
        no_data_as: Cow<'a, str>,
    },
    Tickets {
        counted: usize,
        within: usize,
        breached: Vec<Late<'a>>,
        pending: Vec<Cow<'a, str>>,
    },
    Counts {
        good: String,
        total: String,
    },
    NotMeasured,
}

#[derive(Serialize)]
struct Late<'a> {
    id: Cow<'a, str>,
    elapsed: Option<i64>,
}

#[derive(Serialize)]
struct BudgetJson {
    allowed: String,
    used: i64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CreditJson<'a> {
    tier: Cow<'a, str>,
    written: Cow<'a, str>,
    unit: Cow<'a, str>,
    amount: String,
    before_limits: String,
    floored: bool,
    capped: bool,
    money: Option<Money<'a>>,
}

#[derive(Serialize)]
struct Money<'a> {
    amount: String,
    currency: Cow<'a, str>,
}

#[derive(Serialize)]
struct ClaimJson<'a> {
    automatic: bool,
    anchor: String,
    deadline: Option<String>,
    rule: Option<Cow<'a, str>>,
    via: Option<Cow<'a, str>>,
    evidence: Vec<Cow<'a, str>>,
}

/// A row of a data file: where it was read and, for an ignored row, why.
#[derive(Serialize)]
struct Row<'a> {
    file: Cow<'a, str>,
    line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<Cow<'a, str>>,
}

fn row(o: &Origin) -> Row<'_> {
    Row {
        file: t(&o.file),
        line: o.line,
        reason: None,
    }
}

fn ignored(i: &Ignored) -> Row<'_> {
    Row {
        reason: Some(t(&i.reason)),
        ..row(&i.origin)
    }
}

fn owed(o: &Owed) -> OwedJson<'_> {
    OwedJson {
        unit: t(&o.unit),
        window: o.window.as_deref().map(t),
        amount: exact(o.amount),
    }
}

fn agreement(a: &Agreement) -> AgreementJson<'_> {
    AgreementJson {
        id: t(&a.id),
        title: t(&a.title),
        file: t(&a.file),
        provider: t(&a.provider),
        customer: t(&a.customer),
        breaches: a.breaches,
        owed: a.owed.iter().map(owed).collect(),
        earliest_claim: a.earliest_claim.map(|d| d.to_string()),
        objectives: a.objectives.iter().map(objective).collect(),
    }
}

fn party(p: &(String, String)) -> Party<'_> {
    Party {
        role: t(&p.0),
        name: t(&p.1),
    }
}

fn objective(o: &Objective) -> ObjectiveJson<'_> {
    ObjectiveJson {
        id: t(&o.id),
        name: t(&o.name),
        service: t(&o.service),
        indicator: t(&o.indicator),
        target: t(&o.target),
        severity: o.severity.as_deref().map(t),
        owed_by: party(&o.parties.owed_by),
        owed_to: party(&o.parties.owed_to),
        calendar: t(&o.calendar),
        zone: t(&o.zone),
        window: t(&o.window),
        source: match &o.source {
            Source::Outages => SourceJson::Outages,
            Source::Series { query } => SourceJson::Series { query: t(query) },
            Source::Tickets => SourceJson::Tickets,
            Source::Counts => SourceJson::Counts,
            Source::None { reason } => SourceJson::None { reason: t(reason) },
        },
        windows: o.windows.iter().map(window).collect(),
    }
}

fn measured(m: &Measured) -> MeasuredJson<'_> {
    match m {
        Measured::Downtime {
            downtime,
            excused,
            over_cap,
            incidents,
        } => MeasuredJson::Downtime {
            downtime: *downtime,
            excused: *excused,
            over_cap: *over_cap,
            incidents: incidents.iter().map(row).collect(),
        },
        Measured::Samples {
            minutes,
            good,
            no_data,
            no_data_as,
        } => MeasuredJson::Samples {
            minutes: *minutes,
            good: exact(*good),
            no_data: *no_data,
            no_data_as: t(no_data_as),
        },
        Measured::Tickets {
            counted,
            within,
            breached,
            pending,
        } => MeasuredJson::Tickets {
            counted: *counted,
            within: *within,
            breached: breached
                .iter()
                .map(|(id, elapsed)| Late {
                    id: t(id),
                    elapsed: *elapsed,
                })
                .collect(),
            pending: pending.iter().map(|p| t(p)).collect(),
        },
        Measured::Counts { good, total } => MeasuredJson::Counts {
            good: exact(*good),
            total: exact(*total),
        },
        Measured::NotMeasured => MeasuredJson::NotMeasured,
    }
}

fn budget(b: &Budget) -> BudgetJson {
    BudgetJson {
        allowed: exact(b.allowed),
        used: b.used,
    }
}

fn credit(c: &Credit) -> CreditJson<'_> {
    CreditJson {
        tier: t(&c.tier),
        written: t(&c.written),
        unit: t(&c.unit),
        amount: exact(c.amount),
        before_limits: exact(c.before_limits),
        floored: c.floored,
        capped: c.capped,
        money: c.money.as_ref().map(|(amount, currency)| Money {
            amount: exact(*amount),
            currency: t(currency),
        }),
    }
}

fn claim(c: &Claim) -> ClaimJson<'_> {
    ClaimJson {
        automatic: c.automatic,
        anchor: c.anchor.to_string(),
        deadline: c.deadline.map(|d| d.to_string()),
        rule: c.rule.as_deref().map(t),
        via: c.via.as_deref().map(t),
        evidence: c.evidence.iter().map(|e| t(e)).collect(),
    }
}

fn window(w: &Window) -> WindowJson<'_> {
    WindowJson {
        label: t(&w.label),
        from: w.from.to_string(),
        to: w.to.to_string(),
        partial: w.partial,
        covered: w.covered,
        value: w.value.map(exact),
        met: w.met,
        margin: w.margin.map(exact),
        measured: measured(&w.measured),
        budget: w.budget.as_ref().map(budget),
        credit: w.credit.as_ref().map(credit),
        claim: w.claim.as_ref().map(claim),
    }
}

fn doc(report: &Report) -> Doc<'_> {
    Doc {
        version: VERSION,
        period: Period {
            from: report.from.to_string(),
            to: report.to.to_string(),
        },
        agreements: Each(&report.agreements),
        ignored: report.ignored.iter().map(ignored).collect(),
    }
}

/// The report as one pretty-printed JSON value.
pub fn render(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(&doc(report)).expect("the JSON shapes are plain data");
    s.push('\n');
    s
}

/// [`render`] written straight to `out`: a year of a thousand agreements is tens of
/// megabytes of JSON, not worth holding as one string as well.
pub fn write(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &doc(report)).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}

/// The report as [`write`] writes it, computed one agreement at a time while it is written:
/// no agreement is held once written (a year of a thousand agreements is 60,000 windows).
pub fn write_each(
    agreements: &mut crate::measure::Agreements<'_>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let (from, to) = agreements.period();
    let each = std::cell::RefCell::new(agreements);
    let doc = Streamed {
        version: VERSION,
        period: Period {
            from: from.to_string(),
            to: to.to_string(),
        },
        agreements: Computed(&each),
        ignored: Unused(&each),
    };
    // A buffer of its own type: serde's many small writes are inlined copies into it, not
    // calls through `dyn Write` (tens of millions of them for a year of a thousand agreements).
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut buffered, &doc).map_err(std::io::Error::other)?;
    std::io::Write::write_all(&mut buffered, b"\n")?;
    std::io::Write::flush(&mut buffered)
}

/// [`Doc`] with the agreements computed as they are written, and the ignored rows asked for
/// after them (serde writes the fields in order).
#[derive(Serialize)]
struct Streamed<'s, 'a> {
    version: u32,
    period: Period,
    agreements: Computed<'s, 'a>,
    ignored: Unused<'s, 'a>,
}

type Shared<'s, 'a> = &'s std::cell::RefCell<&'s mut crate::measure::Agreements<'a>>;

struct Computed<'s, 'a>(Shared<'s, 'a>);

impl Serialize for Computed<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct One(Agreement);
        impl Serialize for One {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                agreement(&self.0).serialize(serializer)
            }
        }
        serializer.collect_seq(std::iter::from_fn(|| self.0.borrow_mut().next().map(One)))
    }
}

struct Unused<'s, 'a>(Shared<'s, 'a>);

impl Serialize for Unused<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let rows = self.0.borrow().ignored();
        serializer.collect_seq(rows.iter().map(ignored))
    }
}

#[cfg(test)]
mod tests {
    use super::super::sample::{self, HOSTILE};
    use super::*;

    #[test]
    fn written_and_rendered_are_the_same_text() {
        let mut written = Vec::new();
        write(&sample::report(), &mut written).unwrap();
        assert_eq!(
            String::from_utf8(written).unwrap(),
            render(&sample::report())
        );
    }

    #[test]
    fn json_follows_the_contract() {
        let out = render(&sample::report());
        insta::assert_snapshot!(out);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["version"], 1);
        assert_eq!(v["period"]["from"], "2026-10-01");
        assert_eq!(v["period"]["to"], "2026-11-30");
        let acme = &v["agreements"][0];
        assert_eq!(acme["breaches"], 2);
        assert_eq!(acme["earliestClaim"], "2026-12-30");
        assert_eq!(acme["owed"][0]["amount"], "10");
        assert_eq!(acme["owed"][0]["window"], "2026-11");
        let november = &acme["objectives"][0]["windows"][1];
        // Figures are exact strings, seconds integers.
        assert_eq!(november["value"], "99.89996911435410393019844027");
        assert_eq!(november["covered"], 2_592_000);
        assert_eq!(november["met"], false);
        assert_eq!(november["budget"]["allowed"], "2590.2");
        assert_eq!(november["budget"]["used"], 2591);
        assert_eq!(november["measured"]["kind"], "downtime");
        assert_eq!(november["measured"]["overCap"], 0);
        assert_eq!(november["measured"]["incidents"][1]["line"], 4);
        assert_eq!(november["credit"]["money"]["amount"], "1250");
        assert_eq!(november["claim"]["deadline"], "2026-12-30");
        let undefined = &acme["objectives"][3]["windows"][0];
        assert!(undefined["value"].is_null() && undefined["met"].is_null());
        let tickets = &acme["objectives"][1]["windows"][0]["measured"];
        assert_eq!(tickets["breached"][0]["elapsed"], 5400);
        assert!(tickets["breached"][1]["elapsed"].is_null());
        assert_eq!(v["ignored"][0]["line"], 14);
        assert_eq!(
            v["agreements"][1]["objectives"][1]["source"]["kind"],
            "none"
        );
        // The hostile name keeps its line break (JSON escapes it) but not the override.
        let name = v["agreements"][1]["objectives"][0]["name"]
            .as_str()
            .unwrap();
        assert_eq!(name, HOSTILE.replace('\u{202E}', "\\u{202e}"));
    }

    fn keys(v: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, v) in m {
                    out.insert(k.clone());
                    keys(v, out);
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| keys(v, out)),
            _ => {}
        }
    }

    #[test]
    fn every_field_is_documented_in_the_json_contract() {
        let docs = include_str!("../../../docs/report.md");
        let contract = docs
            .split("## JSON contract")
            .nth(1)
            .expect("docs/report.md has a JSON contract section");
        let v: serde_json::Value = serde_json::from_str(&render(&sample::report())).unwrap();
        let mut all = std::collections::BTreeSet::new();
        keys(&v, &mut all);
        let missing: Vec<&String> = all
            .iter()
            .filter(|k| {
                // `key`, `..key`, `key[]`, `.key[]`, `period.from`.
                ![
                    format!("`{k}`"),
                    format!(".{k}`"),
                    format!("{k}[]`"),
                    format!("`{k}."),
                ]
                .iter()
                .any(|form| contract.contains(form.as_str()))
            })
            .collect();
        assert!(missing.is_empty(), "not in docs/report.md: {missing:?}");
        // The sample reaches every shape but `samples`' twin kinds; at least these many.
        assert!(all.len() > 60, "{}", all.len());
    }
}
