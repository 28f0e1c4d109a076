// The body of `sample.rs`, included by it and by `tests/html.rs`: it names no `crate::` path,
// the including module imports the types.
//
// Two agreements over 2026-10-01..2026-11-30:
//
// - `acme-crm-enterprise`, effective from 2026-10-15 (so October is a partial first window):
//   a 99.9% monthly availability that was met in October and missed in November (a credit of
//   10% of the fee, to be claimed by 2026-12-30), a critical first-response objective with two
//   late tickets, a count of leads that was met, and a business-hours availability whose
//   October was wholly excused (undefined).
// - `globex-ops-ola`, whose texts are hostile (`<script>`, `|`, backticks, `**`, a newline,
//   U+202E): a met availability from a series, and a latency nothing measures.
//
// The figures are the inputs of the renderers, computed by hand here; nothing renders them
// but the tests.

/// A text that every format must show as text: HTML, a table pipe, emphasis, a code span, a
/// line break and a right-to-left override.
pub(crate) const HOSTILE: &str = "<script>alert(1)</script> | **bold** `tick`\nline \u{202E}cba";

fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn origin(file: &str, line: u32) -> Origin {
    Origin {
        file: Arc::from(file),
        line,
    }
}

fn parties(provider: &str, customer: &str) -> Parties {
    Parties {
        owed_by: ("provider".into(), provider.into()),
        owed_to: ("customer".into(), customer.into()),
    }
}

fn acme() -> Agreement {
    let parties = parties("Acme Cloud GmbH", "Globex Corp");
    let availability = Objective {
        id: "availability".into(),
        name: "CRM availability".into(),
        service: "crm-api".into(),
        indicator: "availability".into(),
        target: ">= 99.9%".into(),
        severity: None,
        parties: parties.clone(),
        calendar: "24x7".into(),
        zone: "UTC".into(),
        window: "month".into(),
        source: Source::Outages,
        windows: vec![
            // 2026-10-15..31: 17 days x 86,400 s = 1,468,800 s covered; 600 s down.
            // (1,468,800 - 600) / 1,468,800 = 99.959150326797...%, margin 0.059150...;
            // budget 0.1% x 1,468,800 = 1,468.8 s, 600 / 1,468.8 = 40.849...% used.
            Window {
                label: "2026-10".into(),
                from: date("2026-10-15"),
                to: date("2026-10-31"),
                partial: true,
                covered: 1_468_800,
                measured: Measured::Downtime {
                    downtime: 600,
                    excused: 0,
                    over_cap: 0,
                    incidents: vec![origin("data/incidents.csv", 2)],
                },
                value: Some(dec("99.95915032679738562091503268")),
                met: Some(true),
                margin: Some(dec("0.0591503267973856209150326797")),
                budget: Some(Budget {
                    allowed: dec("1468.8"),
                    used: 600,
                }),
                credit: None,
                claim: None,
            },
            // 2026-11: 30 x 86,400 = 2,592,000 s covered, 1,800 s excused maintenance,
            // 2,591 s down. 1 - 2,591 / 2,590,200 = 99.899969114354...%: printed 99.899%,
            // never 99.9% (it misses by 0.0000308856...). Budget 0.1% x 2,590,200 = 2,590.2 s,
            // used 2,591 s = 100.030...%.
            Window {
                label: "2026-11".into(),
                from: date("2026-11-01"),
                to: date("2026-11-30"),
                partial: false,
                covered: 2_592_000,
                measured: Measured::Downtime {
                    downtime: 2591,
                    excused: 1800,
                    over_cap: 0,
                    incidents: vec![
                        origin("data/incidents.csv", 3),
                        origin("data/incidents.csv", 4),
                    ],
                },
                value: Some(dec("99.89996911435410393019844027")),
                met: Some(false),
                margin: Some(dec("-0.0000308856458960698015597")),
                budget: Some(Budget {
                    allowed: dec("2590.2"),
                    used: 2591,
                }),
                // 10% of the November fee of 12,500 EUR = 1,250 EUR.
                credit: Some(Credit {
                    tier: "< 99.9%".into(),
                    written: "10%".into(),
                    unit: "percent of the fee".into(),
                    amount: dec("10"),
                    before_limits: dec("10"),
                    floored: false,
                    capped: false,
                    money: Some((dec("1250.00"), "EUR".into())),
                }),
                // 30 days from the end of the month: 2026-11-30 + 30 d = 2026-12-30.
                claim: Some(Claim {
                    automatic: false,
                    anchor: date("2026-11-30"),
                    deadline: Some(date("2026-12-30")),
                    rule: Some("30d from end-of-month".into()),
                    via: Some("the support portal (https://support.acme.example/claims)".into()),
                    evidence: vec![
                        "incident ids and their start and end times".into(),
                        "<img src=x onerror=alert(1)>".into(),
                    ],
                }),
            },
        ],
    };
    // November 2026 in Europe/Berlin, 08:00-18:00 on weekdays: the 2nd-6th, 9th-13th,
    // 16th-20th, 23rd-27th and the 30th, 21 days x 10 h = 756,000 s.
    let response = Objective {
        id: "critical-response".into(),
        name: "Critical first response".into(),
        service: "support".into(),
        indicator: "response-time".into(),
        target: "<= 1h".into(),
        severity: Some("critical".into()),
        parties: parties.clone(),
        calendar: "business-hours".into(),
        zone: "Europe/Berlin".into(),
        window: "month".into(),
        source: Source::Tickets,
        // 3 of 5 counted tickets within 1 bh: 60%; T-1042 answered after 1.5 bh (5,400 s),
        // T-1077 unanswered past its target, T-1090 unanswered and not yet due.
        windows: vec![Window {
            label: "2026-11".into(),
            from: date("2026-11-01"),
            to: date("2026-11-30"),
            partial: false,
            covered: 756_000,
            measured: Measured::Tickets {
                counted: 5,
                within: 3,
                breached: vec![("T-1042".into(), Some(5400)), ("T-1077".into(), None)],
                pending: vec!["T-1090".into()],
            },
            value: Some(dec("60")),
            met: Some(false),
            margin: Some(dec("-35")),
            budget: None,
            credit: None,
            claim: None,
        }],
    };
    // 512 qualified leads against >= 500: met by 12.
    let leads = Objective {
        id: "leads".into(),
        name: "Qualified leads delivered".into(),
        service: "lead-gen".into(),
        indicator: "count".into(),
        target: ">= 500 leads".into(),
        severity: None,
        parties: parties.clone(),
        calendar: "24x7".into(),
        zone: "UTC".into(),
        window: "month".into(),
        source: Source::Counts,
        windows: vec![Window {
            label: "2026-11".into(),
            from: date("2026-11-01"),
            to: date("2026-11-30"),
            partial: false,
            covered: 2_592_000,
            measured: Measured::Counts {
                good: dec("512"),
                total: dec("512"),
            },
            value: Some(dec("512")),
            met: Some(true),
            margin: Some(dec("12")),
            budget: None,
            credit: None,
            claim: None,
        }],
    };
    // October 15th-31st, weekdays 08:00-18:00 Berlin: the 15th, 16th, 19th-23rd, 26th-30th,
    // 12 days x 10 h = 432,000 s (the change of the 25th is at night), all of it excused by a
    // migration freeze: nothing left to measure. November: 756,000 s, no downtime, 100%.
    let portal = Objective {
        id: "portal-availability".into(),
        name: "Portal availability (business hours)".into(),
        service: "portal".into(),
        indicator: "availability".into(),
        target: ">= 99.5%".into(),
        severity: None,
        parties,
        calendar: "business-hours".into(),
        zone: "Europe/Berlin".into(),
        window: "month".into(),
        source: Source::Outages,
        windows: vec![
            Window {
                label: "2026-10".into(),
                from: date("2026-10-15"),
                to: date("2026-10-31"),
                partial: true,
                covered: 432_000,
                measured: Measured::Downtime {
                    downtime: 0,
                    excused: 432_000,
                    over_cap: 0,
                    incidents: vec![origin("data/incidents.csv", 5)],
                },
                value: None,
                met: None,
                margin: None,
                budget: Some(Budget {
                    allowed: Decimal::ZERO,
                    used: 0,
                }),
                credit: None,
                claim: None,
            },
            Window {
                label: "2026-11".into(),
                from: date("2026-11-01"),
                to: date("2026-11-30"),
                partial: false,
                covered: 756_000,
                measured: Measured::Downtime {
                    downtime: 0,
                    excused: 0,
                    over_cap: 0,
                    incidents: vec![],
                },
                value: Some(dec("100")),
                met: Some(true),
                margin: Some(dec("0.5")),
                // 0.5% x 756,000 s = 3,780 s = 1h 3m.
                budget: Some(Budget {
                    allowed: dec("3780"),
                    used: 0,
                }),
                credit: None,
                claim: None,
            },
        ],
    };
    Agreement {
        id: "acme-crm-enterprise".into(),
        title: "Acme CRM Enterprise SLA".into(),
        file: Arc::from("policies/acme-crm.sla.yaml"),
        provider: "Acme Cloud GmbH".into(),
        customer: "Globex Corp".into(),
        objectives: vec![availability, response, leads, portal],
        breaches: 2,
        owed: vec![Owed {
            unit: "percent of the fee".into(),
            window: Some("2026-11".into()),
            amount: dec("10"),
        }],
        earliest_claim: Some(date("2026-12-30")),
    }
}

fn globex() -> Agreement {
    let parties = parties("Platform | team **ops**", "Sales `desk`\nsecond \u{202E}cba");
    // 43,190 minutes with an up sample, 10 with none (counted as down) of 43,200:
    // 43,190 / 43,200 = 99.976851851...%, margin 0.476851...; budget 0.5% x 2,592,000 s =
    // 12,960 s = 3h 36m, 600 s used = 4.629...%.
    let availability = Objective {
        id: "ops-availability".into(),
        name: HOSTILE.into(),
        service: "ops-api".into(),
        indicator: "availability".into(),
        target: ">= 99.5%".into(),
        severity: None,
        parties: parties.clone(),
        calendar: "24x7".into(),
        zone: "UTC".into(),
        window: "month".into(),
        source: Source::Series {
            query: "avg_over_time(up{job=\"ops\"}[1m])".into(),
        },
        windows: vec![Window {
            label: "2026-11".into(),
            from: date("2026-11-01"),
            to: date("2026-11-30"),
            partial: false,
            covered: 2_592_000,
            measured: Measured::Samples {
                minutes: 43_190,
                good: dec("43190"),
                no_data: 10,
                no_data_as: "down".into(),
            },
            value: Some(dec("99.97685185185185185185185185")),
            met: Some(true),
            margin: Some(dec("0.4768518518518518518518518519")),
            budget: Some(Budget {
                allowed: dec("12960"),
                used: 600,
            }),
            credit: None,
            claim: None,
        }],
    };
    let latency = Objective {
        id: "ops-latency".into(),
        name: "Ops latency p99".into(),
        service: "ops-api".into(),
        indicator: "latency".into(),
        target: "<= 300ms".into(),
        severity: None,
        parties,
        calendar: "24x7".into(),
        zone: "UTC".into(),
        window: "month".into(),
        source: Source::None {
            reason: "no series is bound to this latency objective".into(),
        },
        windows: vec![Window {
            label: "2026-11".into(),
            from: date("2026-11-01"),
            to: date("2026-11-30"),
            partial: false,
            covered: 2_592_000,
            measured: Measured::NotMeasured,
            value: None,
            met: None,
            margin: None,
            budget: None,
            credit: None,
            claim: None,
        }],
    };
    Agreement {
        id: "globex-ops-ola".into(),
        title: format!("Ops OLA {HOSTILE}"),
        file: Arc::from("policies/ops.ola.yaml"),
        provider: "Platform | team **ops**".into(),
        customer: "Sales `desk`\nsecond \u{202E}cba".into(),
        objectives: vec![availability, latency],
        breaches: 0,
        owed: vec![],
        earliest_claim: None,
    }
}

/// The sample report.
pub(crate) fn report() -> Report {
    Report {
        from: date("2026-10-01"),
        to: date("2026-11-30"),
        agreements: vec![acme(), globex()],
        ignored: vec![Ignored {
            origin: origin("data/statuspage.json", 14),
            reason: "incident of the component `cdn`, which no binding maps to a service".into(),
        }],
    }
}
