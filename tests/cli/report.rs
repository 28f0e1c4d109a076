//! `slagate report` end to end: the fixtures of `tests/fixtures/report/cli/` (an agreement and
//! a month of its data), figures computed by hand in the comments, and each kind of bad input.

use serde_json::Value;

use crate::CliTest;

const FILES: [&str; 5] = [
    "acme.sla.yaml",
    "incidents.csv",
    "tickets.csv",
    "counts.csv",
    "fees.csv",
];

fn setup() -> CliTest {
    let t = CliTest::new();
    for f in FILES {
        t.fixture(&format!("report/cli/{f}"), f);
    }
    t
}

fn args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec![
        "report",
        "acme.sla.yaml",
        "--period",
        "2026-11",
        "--data",
        "incidents.csv",
        "--data",
        "tickets.csv",
        "--data",
        "counts.csv",
        "--fees",
        "fees.csv",
        "--now",
        "2026-12-01T00:00:00Z",
    ];
    v.extend_from_slice(extra);
    v
}

fn objective<'a>(json: &'a Value, id: &str) -> &'a Value {
    json["agreements"][0]["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == id)
        .unwrap()
}

#[test]
fn a_month_of_data_gives_the_figures_computed_by_hand() {
    let t = setup();
    let run = t.run(&args(&["--format", "json"]));
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["period"]["from"], "2026-11-01");
    // Availability, 24x7 (UTC): November has 30 * 86,400 = 2,592,000 covered seconds.
    // Rows: 10:00-10:30 and 10:15-10:45 on the 3rd overlap, 45 min = 2,700 s once; the
    // maintenance 01:00-04:00 on the 7th is 3 h, of which the cap (2 h) excuses 7,200 s and
    // 3,600 s count as downtime; the outage from 30 October 23:00 to 1 November 00:30 gives
    // November its last 30 min, 1,800 s. Downtime 2,700 + 3,600 + 1,800 = 8,100 s; measured
    // 2,592,000 - 7,200 = 2,584,800 s; availability 2,576,700 / 2,584,800 = 99.686629...%:
    // missed, the 10% tier (not below 99%); budget 0.1% of 2,584,800 = 2,584.8 s.
    let a = &objective(&json, "availability")["windows"][0];
    assert_eq!(a["covered"], 2_592_000);
    assert_eq!(a["measured"]["downtime"], 8_100);
    assert_eq!(a["measured"]["excused"], 7_200);
    assert_eq!(a["measured"]["overCap"], 3_600);
    assert!(
        a["value"].as_str().unwrap().starts_with("99.68662952"),
        "{}",
        a["value"]
    );
    assert_eq!(a["met"], false);
    assert_eq!(a["budget"]["allowed"], "2584.8");
    assert_eq!(a["credit"]["amount"], "10");
    // 10% of the 2,000 EUR fee of 2026-11.
    assert_eq!(a["credit"]["money"]["amount"], "200");
    // 15 days from the end of the month: 30 November + 15 = 15 December.
    assert_eq!(a["claim"]["deadline"], "2026-12-15");
    assert_eq!(a["claim"]["via"], "Support portal");
    // Critical tickets on Mon-Fri 09:00-17:00 Berlin (CET in November, UTC+1), target 2bh:
    // C1 Friday 16:00 to Monday 10:00 local: 1 h + 1 h = 2 h, within; C2 Friday 16:30 to
    // Monday 10:00: 0.5 h + 1 h, within; C3 Tuesday 09:00 to 11:30: 2.5 h = 9,000 s, late.
    // 2 of 3 = 66.66...% under the 90% share: missed, the 5% tier, 100 EUR.
    let r = &objective(&json, "response-critical")["windows"][0];
    // 21 weekdays of 8 h: 168 h = 604,800 s.
    assert_eq!(r["covered"], 604_800);
    assert_eq!(r["measured"]["counted"], 3);
    assert_eq!(r["measured"]["within"], 2);
    assert_eq!(r["measured"]["breached"][0]["id"], "C3");
    assert_eq!(r["measured"]["breached"][0]["elapsed"], 9_000);
    assert_eq!(r["met"], false);
    assert_eq!(r["credit"]["money"]["amount"], "100");
    // Leads: (45 + 15) / (75 + 25) = 60%, exactly the target: met.
    let l = &objective(&json, "qualified-leads")["windows"][0];
    assert_eq!(
        (l["value"].as_str(), &l["met"]),
        (Some("60"), &Value::Bool(true))
    );
    // Per agreement: two breaches; 10% + 5% of the November fee; 300 EUR; 15 December.
    let agreement = &json["agreements"][0];
    assert_eq!(agreement["breaches"], 2);
    assert_eq!(agreement["earliestClaim"], "2026-12-15");
    let owed: Vec<(String, String)> = agreement["owed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["unit"].as_str().unwrap().into(),
                o["amount"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert!(owed.contains(&("EUR".into(), "300".into())), "{owed:?}");
    assert!(
        owed.contains(&("percent of the fee".into(), "15".into())),
        "{owed:?}"
    );
    // The high-severity ticket counts for no objective: listed, with its line.
    let ignored = json["ignored"].as_array().unwrap();
    assert_eq!(ignored.len(), 1, "{ignored:?}");
    assert_eq!(
        (ignored[0]["file"].as_str(), &ignored[0]["line"]),
        (Some("tickets.csv"), &Value::from(5))
    );
}

#[test]
fn every_format_renders_and_breaches_fail_only_when_asked() {
    let t = setup();
    for format in ["human", "markdown", "html", "csv"] {
        let run = t.run(&args(&["--format", format]));
        assert_eq!(run.code, 0, "{format}: {}", run.snapshot());
        assert!(
            run.stdout.contains("2026-12-15"),
            "{format}: {}",
            run.stdout
        );
    }
    let run = t.run(&args(&["--fail-on-breach"]));
    assert_eq!(run.code, 1, "{}", run.snapshot());
}

#[test]
fn markdown_goes_to_the_step_summary_inside_github_actions() {
    let t = setup();
    let summary = t.root().join("summary.md");
    let mut c = t.command(&args(&["--format", "markdown"]));
    c.env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary);
    let run = t.run_command(&mut c);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let written = std::fs::read_to_string(&summary).unwrap();
    assert_eq!(written, run.stdout);
}

#[test]
fn bad_data_stops_the_report_with_file_and_line() {
    let cases: [(&str, &str, &str); 5] = [
        (
            "incidents.csv",
            "service,start,end\napp,2026-11-03T10:00:00Z,2026-11-03T09:00:00Z\n",
            "incidents.csv:2:",
        ),
        (
            "incidents.csv",
            "service,start,end\napp,2026-11-03T10:00:00,2026-11-03T11:00:00Z\n",
            "incidents.csv:2:",
        ),
        (
            "incidents.csv",
            "service,start,end\napq,2026-11-03T10:00:00Z,2026-11-03T11:00:00Z\n",
            "incidents.csv:2: service `apq` is not in any agreement reported (did you mean `app`?)",
        ),
        (
            "tickets.csv",
            "id,severity,opened,first_response\nC9,critical,2026-11-03T10:00:00Z,2026-11-03T09:00:00Z\n",
            "tickets.csv:2:",
        ),
        (
            "incidents.csv",
            "service,start,end,excluded\napp,2026-11-03T10:00:00Z,2026-11-03T11:00:00Z,maintanance\n",
            "did you mean `maintenance`?",
        ),
    ];
    for (file, text, expected) in cases {
        let t = setup();
        t.write(file, text);
        let run = t.run(&args(&[]));
        assert_eq!(run.code, 2, "{file}: {}", run.snapshot());
        assert!(
            run.stderr.contains(expected),
            "{expected}\n{}",
            run.snapshot()
        );
        assert!(
            run.stdout.is_empty(),
            "nothing half-written: {}",
            run.stdout
        );
    }
    // A fees option given another kind of file.
    let t = setup();
    let run = t.run(&[
        "report",
        "acme.sla.yaml",
        "--period",
        "2026-11",
        "--fees",
        "incidents.csv",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a fees file"), "{}", run.snapshot());
    // A period that is not one.
    let run = t.run(&["report", "acme.sla.yaml", "--period", "2026-13"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is not a period"), "{}", run.snapshot());
}

#[test]
fn an_agreement_that_does_not_validate_is_not_reported() {
    let t = setup();
    let text = std::fs::read_to_string(t.root().join("acme.sla.yaml")).unwrap();
    t.write(
        "acme.sla.yaml",
        text.replace("target: \">= 60%\"", "target: \">= 60 %\""),
    );
    let run = t.run(&args(&[]));
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(
        run.stdout.contains("counts only agreements that validate"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("credit owed"), "{}", run.stdout);
}

#[test]
fn a_saved_answer_is_read_beside_its_bindings_file() {
    let t = setup();
    // 1 November 2026 00:00Z is 1,761,955,200 + 365 * 86,400 = 1,793,491,200. Three samples,
    // up, down, up; every other minute of the month has none and is `excluded`: 2 of 3
    // minutes up = 66.66...%.
    t.write(
        "prom/up.json",
        r#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1793491200,"1"],[1793491260,"0"],[1793491320,"1"]]}]}}"#,
    );
    t.write(
        "prom/bindings.yaml",
        "objectives:\n  - {objective: availability, file: up.json, kind: up, missing: excluded}\n",
    );
    let run = t.run(&[
        "report",
        "acme.sla.yaml",
        "--period",
        "2026-11",
        "--bindings",
        "prom/bindings.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    let w = &objective(&json, "availability")["windows"][0];
    assert_eq!(w["measured"]["minutes"], 3);
    assert_eq!(
        objective(&json, "availability")["source"]["query"],
        "prom/up.json"
    );
    assert!(
        w["value"].as_str().unwrap().starts_with("66.666666"),
        "{}",
        w["value"]
    );
}

#[test]
fn an_ola_named_alone_is_checked_against_the_sla_it_supports() {
    // The OLA's `supports` references name `acme-crm-enterprise`, in another file of the
    // repository: it is read for the references, and only the OLA is reported.
    let t = CliTest::new();
    for p in ["acme-crm.sla.yaml", "support-desk.ola.yaml"] {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("policies")
            .join(p);
        t.write(&format!("policies/{p}"), std::fs::read(src).unwrap());
    }
    let run = t.run(&[
        "report",
        "policies/support-desk.ola.yaml",
        "--period",
        "2026-11",
        "--now",
        "2026-12-01T00:00:00Z",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    let ids: Vec<&str> = json["agreements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["support-desk-ola"]);
}
