//! The report's arithmetic against figures computed by hand (each computation in the comment
//! beside its case, independent of the code).

use std::sync::Arc;

use jiff::Timestamp;
use rust_decimal::Decimal;

use super::data::{Count, Data, Origin, Outage, Subject, Ticket, Tickets};
use super::outcome::{Measured, Report, Window};
use super::period::Period;
use super::{Request, report};
use crate::load::{Input, Settings, load};
use crate::model::{Date, SlaDocument};

fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// An agreement with `objectives` (YAML list items, indented 4) and `remedies` (indented 4).
fn doc(effective: &str, objectives: &str, remedies: &str) -> SlaDocument {
    let text = format!(
        "\
apiVersion: slagate/v1
kind: ServiceLevelAgreement
metadata: {{id: acme, version: 1, title: Acme CRM}}
spec:
  type: customer
  parties:
    provider: {{name: Northwind, approvers: [alice]}}
    customer: {{name: Acme}}
  effective: {{from: {effective}}}
  review: {{every: year, last: 2026-06-01}}
  services:
    - {{id: crm, name: CRM, description: The CRM}}
    - {{id: support, name: Support, description: The desk}}
  calendars:
    berlin-always: {{timezone: Europe/Berlin, days: [mon, tue, wed, thu, fri, sat, sun], from: '00:00', to: '24:00'}}
    berlin-office: {{timezone: Europe/Berlin, days: [mon, tue, wed, thu, fri], from: '09:00', to: '18:00'}}
    berlin-office-holiday:
      timezone: Europe/Berlin
      days: [mon, tue, wed, thu, fri]
      from: '09:00'
      to: '18:00'
      holidays: [2026-10-26]
  severities: [critical, high]
  objectives:
{objectives}
  exclusions:
    - {{id: maintenance, description: Announced maintenance, max: 1h}}
    - {{id: force-majeure, description: Force majeure}}
{remedies}
  changelog:
    - {{version: 1, date: 2026-01-01, summary: First}}
"
    );
    let loaded = load(
        Input::new("acme.sla.yaml".into(), text.into_bytes()),
        &Settings::for_today(date("2026-12-01")),
    );
    let errors: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.level == crate::diagnostic::Level::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    loaded.documents.into_iter().next().expect("one document")
}

fn availability(id: &str, hours: &str, extra: &str) -> String {
    format!(
        "    - id: {id}\n      service: crm\n      indicator: availability\n      target: '>= 99.9%'\n      hours: {hours}\n      exclusions: [maintenance]\n{extra}"
    )
}

fn origin(line: u32) -> Origin {
    Origin {
        file: Arc::from("incidents.csv"),
        line,
    }
}

fn outage(subject: Subject, start: &str, end: &str, excluded: Option<&str>, line: u32) -> Outage {
    Outage {
        agreement: None,
        subject,
        start: ts(start),
        end: ts(end),
        excluded: excluded.map(Into::into),
        note: None,
        origin: origin(line),
    }
}

fn crm(start: &str, end: &str) -> Outage {
    outage(Subject::Service("crm".into()), start, end, None, 2)
}

fn request(from: &str, to: &str) -> Request {
    Request {
        period: Period::between(date(from), date(to)).unwrap(),
        now: ts("2026-12-15T00:00:00Z"),
        outages_given: true,
        tickets_given: true,
        counts_given: true,
    }
}

fn run(doc: &SlaDocument, data: &Data, req: &Request) -> Report {
    report(std::slice::from_ref(doc), data, req).unwrap()
}

fn windows<'a>(r: &'a Report, objective: &str) -> &'a [Window] {
    &r.agreements[0]
        .objectives
        .iter()
        .find(|o| o.id == objective)
        .unwrap()
        .windows
}

fn downtime(w: &Window) -> (i64, i64, i64) {
    match &w.measured {
        Measured::Downtime {
            downtime,
            excused,
            over_cap,
            ..
        } => (*downtime, *excused, *over_cap),
        m => panic!("{m:?}"),
    }
}

#[test]
fn october_across_the_daylight_saving_change_in_berlin() {
    let d = doc(
        "2026-01-01",
        &[
            availability("always", "berlin-always", ""),
            availability("office", "berlin-office", ""),
        ]
        .concat(),
        "",
    );
    // Berlin leaves summer time on Sunday 2026-10-25 (03:00 CEST -> 02:00 CET): October has
    // 31 * 24 + 1 = 745 hours = 2,682,000 s. Its budget at 99.9% is 0.1% of that: 2,682 s.
    // An outage of 44 min (2,640 s) stays inside it; one of 45 min (2,700 s) does not:
    // (2,682,000 - 2,700) / 2,682,000 = 99.89932...%.
    for (minutes, met) in [(44, true), (45, false)] {
        let data = Data {
            outages: vec![crm(
                "2026-10-26T10:00:00Z",
                &format!("2026-10-26T10:{minutes}:00Z"),
            )],
            ..Data::default()
        };
        let r = run(&d, &data, &request("2026-10-01", "2026-10-31"));
        let w = &windows(&r, "always")[0];
        assert_eq!((w.label.as_str(), w.covered), ("2026-10", 2_682_000));
        assert_eq!(w.met, Some(met), "{minutes} min");
        assert_eq!(w.budget.unwrap().allowed, dec("2682"));
        assert_eq!(w.budget.unwrap().used, minutes * 60);
        // Business hours Mon-Fri 09:00-18:00: October 2026 has 22 weekdays (Thu 1, Fri 2,
        // then four full weeks 5-9, 12-16, 19-23, 26-30) of 9 h: 198 h = 712,800 s; the change
        // is at night, so no day is longer. Monday 26 October 10:00Z is 11:00 CET, inside
        // business hours, so the whole outage counts: 2,640 s is over 0.1% of 712,800 s
        // (712.8 s) either way.
        let o = &windows(&r, "office")[0];
        assert_eq!(o.covered, 712_800);
        assert_eq!(downtime(o).0, minutes * 60);
        assert_eq!(o.met, Some(false));
    }
    // The value is truncated, never rounded up: 2,679,300 / 2,682,000 = 99.899328859...%.
    let data = Data {
        outages: vec![crm("2026-10-26T10:00:00Z", "2026-10-26T10:45:00Z")],
        ..Data::default()
    };
    let r = run(&d, &data, &request("2026-10-01", "2026-10-31"));
    let w = &windows(&r, "always")[0];
    assert!(
        w.value.unwrap().to_string().starts_with("99.899328859"),
        "{:?}",
        w.value
    );
    assert!(w.value.unwrap() < dec("99.9"));
    // Margin: 99.8993288590 - 99.9 = -0.000671141.
    assert!(w.margin.unwrap() < Decimal::ZERO);
}

#[test]
fn only_covered_time_counts_and_a_holiday_is_not_covered() {
    let d = doc(
        "2026-01-01",
        &[
            availability("office", "berlin-office", ""),
            availability("holiday", "berlin-office-holiday", ""),
        ]
        .concat(),
        "",
    );
    // Saturday 2026-10-24 10:00-12:00 CEST: no business hours, counts 0. Monday 2026-10-26
    // 07:00Z-08:30Z is 08:00-09:30 CET: only 09:00-09:30 is covered, 1,800 s.
    let data = Data {
        outages: vec![
            crm("2026-10-24T08:00:00Z", "2026-10-24T10:00:00Z"),
            crm("2026-10-26T07:00:00Z", "2026-10-26T08:30:00Z"),
        ],
        ..Data::default()
    };
    let r = run(&d, &data, &request("2026-10-01", "2026-10-31"));
    let o = &windows(&r, "office")[0];
    assert_eq!(downtime(o).0, 1_800);
    // (712,800 - 1,800) / 712,800 = 99.74747...%.
    assert!(o.value.unwrap().to_string().starts_with("99.7474747474"));
    // With 26 October a holiday: 21 weekdays of 9 h = 189 h = 680,400 s, and the Monday
    // outage falls on no covered time: 100%.
    let h = &windows(&r, "holiday")[0];
    assert_eq!((h.covered, downtime(h).0), (680_400, 0));
    assert_eq!(h.value, Some(dec("100")));
    assert_eq!(h.met, Some(true));
}

#[test]
fn an_exclusion_is_capped_by_its_max_and_wins_where_it_overlaps() {
    let d = doc(
        "2026-01-01",
        &availability("office", "berlin-office", ""),
        "",
    );
    // Tuesday 2026-10-06 08:00Z-10:00Z is 10:00-12:00 CEST, all covered (7,200 s), marked
    // maintenance (max 1h): 3,600 s excused, 3,600 s over the cap count as downtime. An
    // unmarked outage 09:30Z-10:30Z overlaps: 09:30-10:00Z is already counted (over the cap),
    // 10:00-10:30Z (12:00-12:30 CEST) adds 1,800 s. A force-majeure row the objective does
    // not list is plain downtime: Wednesday 08:00Z-08:10Z, 600 s.
    // Downtime 3,600 + 1,800 + 600 = 6,000 s; excused 3,600 s; measured 712,800 - 3,600 =
    // 709,200 s; availability (709,200 - 6,000) / 709,200 = 99.15397...%; budget 709.2 s.
    let data = Data {
        outages: vec![
            outage(
                Subject::Service("crm".into()),
                "2026-10-06T08:00:00Z",
                "2026-10-06T10:00:00Z",
                Some("maintenance"),
                2,
            ),
            crm("2026-10-06T09:30:00Z", "2026-10-06T10:30:00Z"),
            outage(
                Subject::Objective("office".into()),
                "2026-10-07T08:00:00Z",
                "2026-10-07T08:10:00Z",
                Some("force-majeure"),
                4,
            ),
        ],
        ..Data::default()
    };
    let r = run(&d, &data, &request("2026-10-01", "2026-10-31"));
    let w = &windows(&r, "office")[0];
    assert_eq!(downtime(w), (6_000, 3_600, 3_600));
    assert!(w.value.unwrap().to_string().starts_with("99.1539763113"));
    assert_eq!(w.budget.unwrap().allowed, dec("709.2"));
    // An exclusion inside its cap, overlapping an outage: the excused part is not downtime.
    // Maintenance 08:00Z-08:30Z (1,800 s, under the 1h cap) and an outage 08:15Z-08:45Z:
    // excused 1,800 s, downtime only 08:30Z-08:45Z, 900 s.
    let data = Data {
        outages: vec![
            outage(
                Subject::Service("crm".into()),
                "2026-10-06T08:00:00Z",
                "2026-10-06T08:30:00Z",
                Some("maintenance"),
                2,
            ),
            crm("2026-10-06T08:15:00Z", "2026-10-06T08:45:00Z"),
        ],
        ..Data::default()
    };
    let r = run(&d, &data, &request("2026-10-01", "2026-10-31"));
    assert_eq!(downtime(&windows(&r, "office")[0]), (900, 1_800, 0));
}

#[test]
fn incidents_across_a_window_boundary_and_overlapping_count_once_per_window() {
    let d = doc("2026-01-01", &availability("api", "24x7", ""), "");
    // 24x7 is UTC. 2026-10-31T23:00Z-2026-11-01T01:00Z: 3,600 s in October and 3,600 s in
    // November. November also has two overlapping rows 10:00-11:00Z and 10:30-11:30Z on the
    // 2nd: their union is 5,400 s. November: 3,600 + 5,400 = 9,000 s of 30 * 86,400 =
    // 2,592,000 s.
    let data = Data {
        outages: vec![
            crm("2026-10-31T23:00:00Z", "2026-11-01T01:00:00Z"),
            crm("2026-11-02T10:00:00Z", "2026-11-02T11:00:00Z"),
            crm("2026-11-02T10:30:00Z", "2026-11-02T11:30:00Z"),
        ],
        ..Data::default()
    };
    let r = run(&d, &data, &request("2026-10-01", "2026-11-30"));
    let w = windows(&r, "api");
    assert_eq!(w.len(), 2);
    assert_eq!((w[0].covered, downtime(&w[0]).0), (2_678_400, 3_600));
    assert_eq!((w[1].covered, downtime(&w[1]).0), (2_592_000, 9_000));
    match &w[1].measured {
        Measured::Downtime { incidents, .. } => assert_eq!(incidents.len(), 3),
        m => panic!("{m:?}"),
    }
}

#[test]
fn a_partial_first_month_has_less_covered_time_and_budget() {
    let d = doc("2026-11-16", &availability("api", "24x7", ""), "");
    // From 16 to 30 November: 15 days = 1,296,000 s; budget 1,296 s. 1,800 s of downtime:
    // (1,296,000 - 1,800) / 1,296,000 = 99.86111...%, missed.
    let data = Data {
        outages: vec![crm("2026-11-20T00:00:00Z", "2026-11-20T00:30:00Z")],
        ..Data::default()
    };
    let r = run(&d, &data, &request("2026-11-01", "2026-11-30"));
    let w = &windows(&r, "api")[0];
    assert!(w.partial);
    assert_eq!((w.from, w.to), (date("2026-11-16"), date("2026-11-30")));
    assert_eq!(w.covered, 1_296_000);
    assert_eq!(w.budget.unwrap().allowed, dec("1296"));
    assert!(w.value.unwrap().to_string().starts_with("99.8611111111"));
    assert_eq!(w.met, Some(false));
    // Nothing before the effective date is reported: October is not a window.
    let r = run(&d, &data, &request("2026-10-01", "2026-11-30"));
    assert_eq!(windows(&r, "api").len(), 1);
}

const TIERS: &str = "      credits:\n        - {when: '< 99.9%', credit: 10%}\n        - {when: '< 99%', credit: 25%}\n        - {when: '< 95%', credit: 50%}\n";

fn fee(amount: &str, currency: &str) -> super::data::Fee {
    super::data::Fee {
        subject: "acme".into(),
        period: "2026-11".into(),
        amount: dec(amount),
        currency: currency.into(),
        origin: origin(2),
    }
}

/// November on 24x7 (2,592,000 s) with `down` seconds of downtime.
fn november(d: &SlaDocument, down_minutes: i64, fees: Vec<super::data::Fee>) -> Report {
    let end = ts("2026-11-10T00:00:00Z")
        .checked_add(jiff::SignedDuration::from_mins(down_minutes))
        .unwrap();
    let data = Data {
        outages: vec![crm("2026-11-10T00:00:00Z", &end.to_string())],
        fees,
        ..Data::default()
    };
    run(d, &data, &request("2026-11-01", "2026-11-30"))
}

#[test]
fn percent_credits_take_the_largest_tier_then_floor_then_cap() {
    let remedies = "  remedies:\n    creditFloor: 15%\n    creditCap: 30%\n";
    let d = doc("2026-01-01", &availability("api", "24x7", TIERS), remedies);
    // 0.5% of November's 2,592,000 s is 12,960 s = 216 min: 99.5%, under 99.9% only: the
    // 10% tier, below the 15% floor: 0 owed.
    let r = november(&d, 216, vec![fee("1000", "EUR")]);
    let c = windows(&r, "api")[0].credit.clone().unwrap();
    assert_eq!(
        (c.amount, c.before_limits, c.floored),
        (dec("0"), dec("10"), true)
    );
    // 2% (51,840 s = 864 min): 98%, under 99.9% and 99%: the largest is 25%; above the
    // floor, under the cap: 25% of 1,000 EUR = 250 EUR.
    let r = november(&d, 864, vec![fee("1000", "EUR")]);
    let c = windows(&r, "api")[0].credit.clone().unwrap();
    assert_eq!((c.amount, c.capped), (dec("25"), false));
    assert_eq!(c.money, Some((dec("250"), "EUR".into())));
    assert_eq!(r.agreements[0].breaches, 1);
    // 10% down (259,200 s = 4,320 min): 90%: the 50% tier, capped at 30%: 300 EUR.
    let r = november(&d, 4_320, vec![fee("1000", "EUR")]);
    let c = windows(&r, "api")[0].credit.clone().unwrap();
    assert_eq!(
        (c.amount, c.before_limits, c.capped),
        (dec("30"), dec("50"), true)
    );
    assert_eq!(c.money, Some((dec("300"), "EUR".into())));
    // No fee: the percent only.
    let r = november(&d, 4_320, vec![]);
    assert_eq!(windows(&r, "api")[0].credit.clone().unwrap().money, None);
}

#[test]
fn days_multiples_and_amounts_per_incident() {
    let days = "      credits:\n        - {when: '< 99.9%', credit: {days: 3}}\n";
    let d = doc(
        "2026-01-01",
        &availability("api", "24x7", days),
        "  remedies:\n    creditCap: {days: 2}\n",
    );
    // 3 days capped at 2; as money, 2 of November's 30 days of a 3,000 EUR fee: 200 EUR.
    let r = november(&d, 120, vec![fee("3000", "EUR")]);
    let c = windows(&r, "api")[0].credit.clone().unwrap();
    assert_eq!(
        (c.amount, c.capped, c.unit.as_str()),
        (dec("2"), true, "days of service")
    );
    assert_eq!(c.money, Some((dec("200"), "EUR".into())));
    let multiple = "      credits:\n        - {when: '< 99.9%', credit: {multiple: 10, of: fees-during-downtime}}\n";
    let d = doc("2026-01-01", &availability("api", "24x7", multiple), "");
    // 2 h down (7,200 s) of November's 2,592,000 s, fee 3,000 EUR: the fees during downtime
    // are 3,000 * 7,200 / 2,592,000 = 8.333... EUR; ten times that is 83.333... EUR.
    let r = november(&d, 120, vec![fee("3000", "EUR")]);
    let (m, cur) = windows(&r, "api")[0].credit.clone().unwrap().money.unwrap();
    assert_eq!(cur, "EUR");
    assert!(m.to_string().starts_with("83.333333"), "{m}");
    let per = "      credits:\n        - {when: '< 99.9%', credit: {amount: 100, currency: USD, per: incident}}\n";
    let d = doc("2026-01-01", &availability("api", "24x7", per), "");
    // Three separate outages of 1 h in November: 10,800 s, 99.583%: 3 * 100 USD = 300 USD.
    let data = Data {
        outages: vec![
            crm("2026-11-02T00:00:00Z", "2026-11-02T01:00:00Z"),
            crm("2026-11-03T00:00:00Z", "2026-11-03T01:00:00Z"),
            crm("2026-11-04T00:00:00Z", "2026-11-04T01:00:00Z"),
        ],
        ..Data::default()
    };
    let r = run(&d, &data, &request("2026-11-01", "2026-11-30"));
    let c = windows(&r, "api")[0].credit.clone().unwrap();
    assert_eq!((c.amount, c.unit.as_str()), (dec("300"), "USD"));
}

fn claims(within: &str, from: &str, business: bool) -> String {
    format!(
        "  remedies:\n    claims:\n      within: {within}\n      from: {from}\n      businessDays: {business}\n      via: Support portal\n      evidence: [Incident times]\n"
    )
}

#[test]
fn claim_deadlines_from_each_anchor() {
    let tiers = "      credits:\n        - {when: '< 99.9%', credit: 10%}\n";
    let deadline = |within: &str, from: &str, business: bool, hours: &str| {
        let d = doc(
            "2026-01-01",
            &availability("api", hours, tiers),
            &claims(within, from, business),
        );
        // An outage on Tuesday 10 November 2026, 10:00-14:00Z (business hours in Berlin too).
        let data = Data {
            outages: vec![crm("2026-11-10T10:00:00Z", "2026-11-10T14:00:00Z")],
            ..Data::default()
        };
        let r = run(&d, &data, &request("2026-11-01", "2026-11-30"));
        let claim = windows(&r, "api")[0].claim.clone().unwrap();
        assert_eq!(claim.via.as_deref(), Some("Support portal"));
        assert_eq!(r.agreements[0].earliest_claim, claim.deadline);
        claim.deadline.unwrap().to_string()
    };
    // The incident's date is day 0: 10 November + 30 days = 10 December.
    assert_eq!(deadline("30d", "incident", false, "24x7"), "2026-12-10");
    // End of month: 30 November + 30 days = 30 December.
    assert_eq!(deadline("30d", "end-of-month", false, "24x7"), "2026-12-30");
    // End of quarter: 31 December + 30 days = 30 January 2027.
    assert_eq!(
        deadline("30d", "end-of-quarter", false, "24x7"),
        "2027-01-30"
    );
    // 10 business days after Monday 30 November on Mon-Fri: Dec 1, 2, 3, 4, 7, 8, 9, 10, 11,
    // 14: Monday 14 December.
    assert_eq!(
        deadline("10d", "end-of-month", true, "berlin-office"),
        "2026-12-14"
    );
    // The same on 24x7 counts Monday to Friday too.
    assert_eq!(deadline("10d", "end-of-month", true, "24x7"), "2026-12-14");
}

#[test]
fn tickets_count_business_hours_over_a_weekend() {
    let objective = "    - id: response\n      service: support\n      indicator: response-time\n      severity: critical\n      target: '<= 4bh'\n      share: '>= 90%'\n      hours: berlin-office\n";
    let d = doc("2026-01-01", objective, "");
    let ticket = |id: &str, opened: &str, answered: Option<&str>| Ticket {
        id: id.into(),
        agreement: None,
        service: None,
        severity: "critical".into(),
        opened: ts(opened),
        first_response: answered.map(ts),
        resolved: None,
        origin: origin(2),
    };
    // T1 opened Friday 13 November 16:00 CET (15:00Z), answered Monday 16 November 10:30 CET
    // (09:30Z): Friday 16:00-18:00 (2 h) + Monday 09:00-10:30 (1.5 h) = 3.5 h, within 4bh.
    // T2 opened Friday 17:00 CET, answered Monday 12:30 CET: 1 h + 3.5 h = 4.5 h: breached.
    // T3 opened Monday 30 November 09:00 CET, still open at "now" (15 December): breached.
    // T4 of another severity is not counted. Share within: 1 of 3 = 33.33...%, under 90%.
    let data = Data {
        tickets: Tickets::from_iter([
            ticket("T1", "2026-11-13T15:00:00Z", Some("2026-11-16T09:30:00Z")),
            ticket("T2", "2026-11-13T16:00:00Z", Some("2026-11-16T11:30:00Z")),
            ticket("T3", "2026-11-30T08:00:00Z", None),
            Ticket {
                severity: "high".into(),
                ..ticket("T4", "2026-11-13T15:00:00Z", None)
            },
        ]),
        ..Data::default()
    };
    let r = run(&d, &data, &request("2026-11-01", "2026-11-30"));
    let w = &windows(&r, "response")[0];
    match &w.measured {
        Measured::Tickets {
            counted,
            within,
            breached,
            pending,
        } => {
            assert_eq!((*counted, *within), (3, 1));
            assert_eq!(
                breached,
                &[("T2".to_string(), Some(16_200)), ("T3".to_string(), None)]
            );
            assert!(pending.is_empty());
        }
        m => panic!("{m:?}"),
    }
    assert!(w.value.unwrap().to_string().starts_with("33.3333333333"));
    assert_eq!(w.met, Some(false));
    // "Now" on Monday 30 November 11:00 CET: T3 has waited 2 business hours: pending.
    let mut req = request("2026-11-01", "2026-11-30");
    req.now = ts("2026-11-30T10:00:00Z");
    let r = run(&d, &data, &req);
    match &windows(&r, "response")[0].measured {
        Measured::Tickets {
            counted, pending, ..
        } => {
            assert_eq!((*counted, pending.as_slice()), (2, &["T3".to_string()][..]));
        }
        m => panic!("{m:?}"),
    }
}

#[test]
fn a_ratio_exactly_at_its_target_is_met() {
    let objective = "    - id: qualified\n      service: crm\n      indicator: ratio\n      target: '>= 60%'\n      credits:\n        - {when: '< 60%', credit: 5%}\n";
    let d = doc("2026-01-01", objective, "");
    let count = |good: &str, total: &str, day: &str| Count {
        agreement: None,
        objective: "qualified".into(),
        window_start: date(day),
        good: dec(good),
        total: dec(total),
        origin: origin(2),
    };
    // Two rows in November: (40 + 20) / (70 + 30) = 60 / 100 = exactly 60%: met, no credit.
    let data = Data {
        counts: vec![
            count("40", "70", "2026-11-01"),
            count("20", "30", "2026-11-15"),
        ],
        ..Data::default()
    };
    let r = run(&d, &data, &request("2026-11-01", "2026-11-30"));
    let w = &windows(&r, "qualified")[0];
    assert_eq!((w.value, w.met), (Some(dec("60")), Some(true)));
    assert!(w.credit.is_none());
    // One lead fewer qualified: 59 / 100 = 59%: missed, the 5% tier.
    let data = Data {
        counts: vec![
            count("39", "70", "2026-11-01"),
            count("20", "30", "2026-11-15"),
        ],
        ..Data::default()
    };
    let r = run(&d, &data, &request("2026-11-01", "2026-11-30"));
    let w = &windows(&r, "qualified")[0];
    assert_eq!((w.value, w.met), (Some(dec("59")), Some(false)));
    assert_eq!(w.credit.clone().unwrap().amount, dec("5"));
}

#[test]
fn nothing_left_to_measure_is_undefined_and_unknown_names_are_errors() {
    let objective = "    - id: api\n      service: crm\n      indicator: availability\n      target: '>= 99.9%'\n      exclusions: [force-majeure]\n      credits:\n        - {when: '< 99.9%', credit: 10%}\n";
    let d = doc("2026-01-01", objective, "");
    // All of November excused by force majeure (no cap): covered 2,592,000 s, excused as
    // much, nothing left to measure: undefined, reported as met, no credit.
    let all = Data {
        outages: vec![outage(
            Subject::Service("crm".into()),
            "2026-10-30T00:00:00Z",
            "2026-12-02T00:00:00Z",
            Some("force-majeure"),
            3,
        )],
        ..Data::default()
    };
    let r = run(&d, &all, &request("2026-11-01", "2026-11-30"));
    let w = &windows(&r, "api")[0];
    assert_eq!(downtime(w), (0, 2_592_000, 0));
    assert_eq!((w.value, w.met, w.credit.is_none()), (None, None, true));
    let bad = Data {
        outages: vec![
            outage(
                Subject::Service("crn".into()),
                "2026-11-02T00:00:00Z",
                "2026-11-02T01:00:00Z",
                None,
                7,
            ),
            outage(
                Subject::Objective("api".into()),
                "2026-11-02T00:00:00Z",
                "2026-11-02T01:00:00Z",
                Some("maintenence"),
                9,
            ),
        ],
        ..Data::default()
    };
    let errors = report(
        std::slice::from_ref(&d),
        &bad,
        &request("2026-11-01", "2026-11-30"),
    )
    .unwrap_err();
    let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "incidents.csv:7: service `crn` is not in any agreement reported (did you mean `crm`?)",
            "incidents.csv:9: exclusion `maintenence` is not defined by the agreement the row counts for (did you mean `maintenance`?)",
        ]
    );
}

#[test]
fn rows_outside_every_window_are_listed_as_ignored() {
    let d = doc("2026-01-01", &availability("api", "24x7", ""), "");
    // One row in November is counted; two in September are not (the period is November).
    let data = Data {
        outages: vec![
            crm("2026-11-02T00:00:00Z", "2026-11-02T01:00:00Z"),
            outage(
                Subject::Service("crm".into()),
                "2026-09-02T00:00:00Z",
                "2026-09-02T01:00:00Z",
                None,
                5,
            ),
            outage(
                Subject::Service("crm".into()),
                "2026-09-03T00:00:00Z",
                "2026-09-03T01:00:00Z",
                None,
                6,
            ),
        ],
        ..Data::default()
    };
    let r = run(&d, &data, &request("2026-11-01", "2026-11-30"));
    assert_eq!(r.ignored.len(), 1);
    assert_eq!(r.ignored[0].origin.line, 5);
    assert!(
        r.ignored[0].reason.starts_with("2 outage rows"),
        "{}",
        r.ignored[0].reason
    );
}

#[test]
fn many_agreements_are_counted_in_order_and_every_worker_s_rows_are_known_used() {
    // 40 agreements: more than one batch of the workers (2 x 16 on two cores), so rows are
    // marked used by different workers. Agreement `a{i}` has its own November outage of
    // i + 1 minutes (60 * (i + 1) s on 24x7), and agreement a39 a September row that no
    // window of the November period counts: the one row listed as ignored.
    let base = doc("2026-01-01", &availability("api", "24x7", ""), "");
    let docs: Vec<SlaDocument> = (0..40)
        .map(|i| {
            let mut d = base.clone();
            d.id.value = format!("a{i:02}");
            d
        })
        .collect();
    let mut outages: Vec<Outage> = (0..40)
        .map(|i| {
            let mut o = outage(
                Subject::Service("crm".into()),
                "2026-11-02T00:00:00Z",
                &format!("2026-11-02T{:02}:{:02}:00Z", (i + 1) / 60, (i + 1) % 60),
                None,
                i + 2,
            );
            o.agreement = Some(format!("a{i:02}").into());
            o
        })
        .collect();
    let mut september = outage(
        Subject::Service("crm".into()),
        "2026-09-02T00:00:00Z",
        "2026-09-02T01:00:00Z",
        None,
        100,
    );
    september.agreement = Some("a39".into());
    outages.push(september);
    let data = Data {
        outages,
        ..Data::default()
    };
    let r = report(&docs, &data, &request("2026-11-01", "2026-11-30")).unwrap();
    let ids: Vec<&str> = r.agreements.iter().map(|a| a.id.as_str()).collect();
    let expected: Vec<String> = (0..40).map(|i| format!("a{i:02}")).collect();
    assert_eq!(ids, expected);
    for (i, a) in r.agreements.iter().enumerate() {
        let w = &a.objectives[0].windows[0];
        assert_eq!(
            downtime(w).0,
            60 * (i64::try_from(i).unwrap() + 1),
            "{}",
            a.id
        );
    }
    assert_eq!(r.ignored.len(), 1, "{:?}", r.ignored);
    assert_eq!(r.ignored[0].origin.line, 100);
    assert!(
        r.ignored[0].reason.starts_with("1 outage row"),
        "{}",
        r.ignored[0].reason
    );
}
