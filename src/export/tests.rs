//! The mappings, each with the figures worked out by hand; every output is read back with
//! the project's YAML reader (saphyr-parser) to prove it parses to the same strings.

use std::sync::Arc;

use super::{
    Effect, Export, Format, Reason, check_bindings, export, rolling_shorthand, window_start,
};
use crate::load::{Input, Settings, load};
use crate::measure::data::bindings::{self, Bindings};
use crate::model::{Date, Duration, SlaDocument};
use crate::source::yaml::{Limits, Node, Value, parse};

fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

/// An agreement effective from 2026-03-17 (a Tuesday) with `objectives` (YAML list items,
/// indented 4) and a Berlin office calendar.
fn doc_with(title: &str, service_name: &str, objectives: &str) -> SlaDocument {
    let text = format!(
        "\
apiVersion: slagate/v1
kind: ServiceLevelAgreement
metadata: {{id: acme, version: 1, title: {title}}}
spec:
  type: customer
  parties:
    provider: {{name: Northwind, approvers: [alice]}}
    customer: {{name: Acme}}
  effective: {{from: 2026-03-17}}
  review: {{every: year, last: 2026-03-01}}
  services:
    - id: api
      name: {service_name}
      description: The API
  calendars:
    office: {{timezone: Europe/Berlin, days: [mon, tue, wed, thu, fri], from: '08:00', to: '18:00'}}
  severities: [critical]
  objectives:
{objectives}
  exclusions:
    - {{id: maintenance, description: Announced maintenance, max: 1h}}
  changelog:
    - {{version: 1, date: 2026-03-01, summary: First}}
"
    );
    let loaded = load(
        Input::new("acme.sla.yaml".into(), text.into_bytes()),
        &Settings::for_today(date("2026-06-01")),
    );
    let errors: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.level == crate::diagnostic::Level::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    loaded.documents.into_iter().next().expect("one document")
}

fn doc(objectives: &str) -> SlaDocument {
    doc_with("Acme", "API", objectives)
}

fn bindings(text: &str) -> Bindings {
    bindings::read(&Arc::from("bindings.yaml"), text.as_bytes().to_vec()).unwrap()
}

const AVAILABILITY: &str = "    - id: availability
      service: api
      indicator: availability
      target: '>= 99.9%'
      window: month
      hours: office
      exclusions: [maintenance]
";

const ERROR_RATE: &str = "    - id: error-rate
      service: api
      indicator: error-rate
      target: '<= 0.1%'
      window: 30d
";

const LATENCY: &str = "    - id: latency
      service: api
      indicator: latency
      percentile: p95
      target: '< 500ms'
      window: 30d
";

const QUERIES: &str = "objectives:
  - objective: availability
    query: 'min by () (up{job=\"api\"})'
    kind: up
  - objective: error-rate
    query: 'sum(rate(errors[1m])) / sum(rate(requests[1m]))'
    kind: ratio
    missing: excluded
";

/// Every document of the output, parsed back.
fn read_back(text: &str) -> Vec<Node> {
    parse(text, &Limits::default())
        .unwrap_or_else(|e| panic!("{e:?}\n{text}"))
        .into_iter()
        .map(|d| d.root)
        .collect()
}

/// The node at a dotted path (`spec.objectives.0.targetPercent`).
fn at<'n>(node: &'n Node, path: &str) -> &'n Node {
    path.split('.')
        .fold(node, |n, step| match step.parse::<usize>() {
            Ok(i) => &n.as_seq().unwrap_or_else(|| panic!("{step} of {path}"))[i],
            Err(_) => n
                .get(step)
                .unwrap_or_else(|| panic!("no `{step}` in {path}")),
        })
}

fn text<'n>(node: &'n Node, path: &str) -> &'n str {
    at(node, path)
        .as_str()
        .unwrap_or_else(|| panic!("{path} is not text"))
}

fn number(node: &Node, path: &str) -> f64 {
    match at(node, path).value {
        Value::Float(f) => f,
        #[allow(clippy::cast_precision_loss)]
        Value::Int(i) => i as f64,
        ref v => panic!("{path} is {v:?}"),
    }
}

fn reasons(e: &Export, objective: &str) -> Vec<(Reason, Effect)> {
    e.notes
        .iter()
        .filter(|n| n.objective == objective)
        .map(|n| (n.reason, n.effect))
        .collect()
}

fn slo<'n>(docs: &'n [Node], name: &str) -> &'n Node {
    docs.iter()
        .find(|d| {
            d.get("kind").and_then(Node::as_str) == Some("SLO") && text(d, "metadata.name") == name
        })
        .unwrap_or_else(|| panic!("no SLO {name}"))
}

#[test]
fn availability_per_month_in_berlin_is_a_calendar_window_in_berlin() {
    let d = doc(AVAILABILITY);
    let b = bindings(QUERIES);
    let e = export(Format::OpenSlo, std::slice::from_ref(&d), Some(&b));
    assert_eq!((e.exported, e.objectives), (1, 1));
    assert_eq!(e.files[0].name, "acme.openslo.yaml");
    let docs = read_back(&e.files[0].text);
    // A Service for `api`, then the SLO.
    assert_eq!(docs.len(), 2);
    assert_eq!(text(&docs[0], "kind"), "Service");
    assert_eq!(text(&docs[0], "metadata.name"), "api");
    let s = slo(&docs, "acme-availability");
    assert_eq!(text(s, "apiVersion"), "openslo/v1");
    assert_eq!(text(s, "spec.service"), "api");
    // `>= 99.9%` is 99.9 percent good: targetPercent 99.9 (= target 0.999).
    assert!((number(s, "spec.objectives.0.targetPercent") - 99.9).abs() < 1e-9);
    assert_eq!(text(s, "spec.objectives.0.timeSliceWindow"), "1m");
    assert_eq!(text(s, "spec.budgetingMethod"), "RatioTimeslices");
    // `month` with hours of the Berlin office: a calendar month in Europe/Berlin, starting on
    // the first of the month of effective.from (2026-03-17 -> 2026-03-01).
    assert_eq!(text(s, "spec.timeWindow.0.duration"), "1M");
    assert_eq!(
        text(s, "spec.timeWindow.0.calendar.timeZone"),
        "Europe/Berlin"
    );
    assert_eq!(
        text(s, "spec.timeWindow.0.calendar.startTime"),
        "2026-03-01 00:00:00"
    );
    assert_eq!(
        at(s, "spec.timeWindow.0.isRolling").value,
        Value::Bool(false)
    );
    // The bound `up` series is a share of good minutes.
    let ratio = "spec.indicator.spec.ratioMetric";
    assert_eq!(text(s, &format!("{ratio}.rawType")), "success");
    assert_eq!(
        text(s, &format!("{ratio}.raw.metricSource.spec.query")),
        "min by () (up{job=\"api\"})"
    );
    // Covered hours and the exclusion are listed, the SLO written without them.
    assert_eq!(
        reasons(&e, "availability"),
        [
            (Reason::BusinessHours, Effect::Partial),
            (Reason::Exclusions, Effect::Partial)
        ]
    );
}

#[test]
fn availability_in_sloth_is_the_error_ratio_of_the_bound_share() {
    let d = doc(AVAILABILITY);
    let b = bindings(QUERIES);
    let e = export(Format::Sloth, std::slice::from_ref(&d), Some(&b));
    let docs = read_back(&e.files[0].text);
    assert_eq!(docs.len(), 1);
    let s = &docs[0];
    assert_eq!(text(s, "version"), "prometheus/v1");
    assert_eq!(text(s, "service"), "api");
    assert_eq!(text(s, "labels.slagate_agreement"), "acme");
    // 99.9% is the objective 99.9 (Sloth writes percents).
    assert!((number(s, "slos.0.objective") - 99.9).abs() < 1e-9);
    assert_eq!(text(s, "slos.0.name"), "availability");
    assert_eq!(
        text(s, "slos.0.sli.raw.error_ratio_query"),
        "1 - avg_over_time((min by () (up{job=\"api\"}))[{{.window}}:1m])"
    );
    assert_eq!(text(s, "slos.0.alerting.name"), "AcmeAvailability");
    assert_eq!(
        reasons(&e, "availability"),
        [
            (Reason::BusinessHours, Effect::Partial),
            (Reason::Exclusions, Effect::Partial),
            (Reason::CalendarWindow, Effect::Partial),
            // No `missing:` in the binding: `down`, which Sloth's average cannot say.
            (Reason::MissingSamples, Effect::Partial),
        ]
    );
}

#[test]
fn an_error_rate_is_the_complement_and_its_series_the_bad_share() {
    let d = doc(ERROR_RATE);
    let b = bindings(QUERIES);
    let open = export(Format::OpenSlo, std::slice::from_ref(&d), Some(&b));
    let docs = read_back(&open.files[0].text);
    let s = slo(&docs, "acme-error-rate");
    // `<= 0.1%` errors is 100 - 0.1 = 99.9 percent good.
    assert!((number(s, "spec.objectives.0.targetPercent") - 99.9).abs() < 1e-9);
    assert_eq!(
        text(s, "spec.indicator.spec.ratioMetric.rawType"),
        "failure"
    );
    assert_eq!(text(s, "spec.timeWindow.0.duration"), "30d");
    assert_eq!(
        at(s, "spec.timeWindow.0.isRolling").value,
        Value::Bool(true)
    );
    assert!(open.is_lossless(), "{:#?}", open.notes);

    let sloth = export(Format::Sloth, std::slice::from_ref(&d), Some(&b));
    let s = &read_back(&sloth.files[0].text)[0];
    assert!((number(s, "slos.0.objective") - 99.9).abs() < 1e-9);
    // The bad share averaged is the error ratio itself: no `1 -`.
    assert_eq!(
        text(s, "slos.0.sli.raw.error_ratio_query"),
        "avg_over_time((sum(rate(errors[1m])) / sum(rate(requests[1m])))[{{.window}}:1m])"
    );
    // 30d is Sloth's default period and `missing: excluded` is what its average does.
    assert!(sloth.is_lossless(), "{:#?}", sloth.notes);
}

#[test]
fn a_latency_percentile_is_op_and_value_met_by_that_share_of_events() {
    let d = doc(LATENCY);
    let e = export(Format::OpenSlo, std::slice::from_ref(&d), None);
    let docs = read_back(&e.files[0].text);
    let s = slo(&docs, "acme-latency");
    // p95 `< 500ms`: 95% of requests under 0.5 s.
    assert_eq!(text(s, "spec.objectives.0.op"), "lt");
    assert!((number(s, "spec.objectives.0.value") - 0.5).abs() < 1e-9);
    assert!((number(s, "spec.objectives.0.targetPercent") - 95.0).abs() < 1e-9);
    assert_eq!(text(s, "spec.budgetingMethod"), "Occurrences");
    assert_eq!(text(s, "spec.indicatorRef"), "acme-latency");
    assert_eq!(reasons(&e, "latency"), [(Reason::NoQuery, Effect::Partial)]);
    // Sloth needs a query: not exported, and said so.
    let e = export(Format::Sloth, std::slice::from_ref(&d), None);
    assert!(e.files.is_empty());
    assert_eq!(reasons(&e, "latency"), [(Reason::NoQuery, Effect::Skipped)]);
}

#[test]
fn a_latency_share_is_the_target_and_a_bound_share_feeds_sloth() {
    let d = doc("    - id: latency
      service: api
      indicator: latency
      target: '<= 300ms'
      share: '>= 99%'
      window: 7d
");
    let b = bindings(
        "objectives:\n  - {objective: latency, query: 'fast / all', kind: ratio, missing: excluded}\n",
    );
    let open = export(Format::OpenSlo, std::slice::from_ref(&d), Some(&b));
    let s = slo(&read_back(&open.files[0].text), "acme-latency").clone();
    assert_eq!(text(&s, "spec.objectives.0.op"), "lte");
    assert!((number(&s, "spec.objectives.0.value") - 0.3).abs() < 1e-9);
    assert!((number(&s, "spec.objectives.0.targetPercent") - 99.0).abs() < 1e-9);
    assert_eq!(text(&s, "spec.timeWindow.0.duration"), "7d");
    assert_eq!(
        reasons(&open, "latency"),
        [(Reason::BindingNotUsed, Effect::Partial)]
    );
    let sloth = export(Format::Sloth, std::slice::from_ref(&d), Some(&b));
    let s = &read_back(&sloth.files[0].text)[0];
    assert!((number(s, "slos.0.objective") - 99.0).abs() < 1e-9);
    assert_eq!(
        text(s, "slos.0.sli.raw.error_ratio_query"),
        "1 - avg_over_time((fast / all)[{{.window}}:1m])"
    );
    assert_eq!(
        reasons(&sloth, "latency"),
        [(Reason::WindowNotDefault, Effect::Partial)]
    );
}

#[test]
fn what_does_not_map_is_skipped_with_its_reason_in_both_formats() {
    let d = doc("    - id: response
      service: api
      indicator: response-time
      severity: critical
      target: '<= 1h'
    - id: perfect
      service: api
      indicator: availability
      target: '>= 100%'
    - id: users
      service: api
      indicator: capacity
      target: '>= 10000 users'
    - id: latency-any
      service: api
      indicator: latency
      target: '<= 1s'
    - id: credited
      service: api
      indicator: availability
      target: '> 99.5%'
      window: 30d
      credits:
        - {when: '< 99.5%', credit: 10%}
");
    let b = bindings(
        "objectives:\n  - {objective: credited, query: up, kind: up, missing: excluded}\n",
    );
    for format in [Format::OpenSlo, Format::Sloth] {
        let e = export(format, std::slice::from_ref(&d), Some(&b));
        assert_eq!((e.exported, e.objectives), (1, 5), "{format:?}");
        assert_eq!(
            reasons(&e, "response"),
            [(Reason::SupportTarget, Effect::Skipped)]
        );
        assert_eq!(
            reasons(&e, "perfect"),
            [(Reason::HundredPercentTarget, Effect::Skipped)]
        );
        assert_eq!(
            reasons(&e, "users"),
            [(Reason::IndicatorNotMapped, Effect::Skipped)]
        );
        assert_eq!(
            reasons(&e, "latency-any"),
            [(Reason::LatencyWithoutPercentile, Effect::Skipped)]
        );
        // `> 99.5%` is written as 99.5 (inclusive), and the credit tier is listed.
        let credited = reasons(&e, "credited");
        assert_eq!(
            credited,
            [
                (Reason::StrictTarget, Effect::Partial),
                (Reason::Credits, Effect::Partial)
            ],
            "{format:?}"
        );
    }
}

#[test]
fn hostile_strings_read_back_as_written_in_both_formats() {
    let hostile = [
        "key: value # not a comment",
        "line\nbreak",
        "it's",
        "*alias",
        "&anchor",
        "!tag",
        "<script>alert(1)</script>",
        "| pipe `tick` ](javascript:x) @mention",
        "ünïcödé ✓ \u{202e}",
        "\"quoted\" \\ back",
    ];
    for h in hostile {
        let quoted = h
            .replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n");
        let d = doc_with(
            &format!("\"{quoted}\""),
            &format!("\"{quoted}\""),
            &format!(
                "    - id: availability
      name: \"{quoted}\"
      description: \"{quoted}\"
      service: api
      indicator: availability
      target: '>= 99.9%'
      window: 30d
"
            ),
        );
        let query = format!("up{{note={h:?}}}");
        let b = Bindings {
            objectives: vec![bindings::Binding {
                source: bindings::Source::Query(query.clone()),
                ..bindings(QUERIES).objectives[0].clone()
            }],
            components: vec![],
        };
        let open = export(Format::OpenSlo, std::slice::from_ref(&d), Some(&b));
        let docs = read_back(&open.files[0].text);
        assert_eq!(text(&docs[0], "metadata.displayName"), h);
        let s = slo(&docs, "acme-availability");
        assert_eq!(text(s, "metadata.displayName"), h);
        assert_eq!(text(s, "spec.description"), h);
        assert_eq!(text(s, "spec.objectives.0.displayName"), h);
        assert_eq!(
            text(
                s,
                "spec.indicator.spec.ratioMetric.raw.metricSource.spec.query"
            ),
            query
        );
        let sloth = export(Format::Sloth, std::slice::from_ref(&d), Some(&b));
        let s = &read_back(&sloth.files[0].text)[0];
        assert_eq!(text(s, "slos.0.description"), h);
        assert_eq!(
            text(s, "slos.0.sli.raw.error_ratio_query"),
            format!("1 - avg_over_time(({query})[{{{{.window}}}}:1m])")
        );
    }
}

#[test]
fn a_query_with_braces_of_a_template_is_not_given_to_sloth() {
    let d = doc(ERROR_RATE);
    let b = bindings(
        "objectives:\n  - {objective: error-rate, query: 'x{{.window}}', kind: ratio, missing: excluded}\n",
    );
    let e = export(Format::Sloth, std::slice::from_ref(&d), Some(&b));
    assert_eq!(
        reasons(&e, "error-rate"),
        [(Reason::QueryNotTemplateSafe, Effect::Skipped)]
    );
}

#[test]
fn calendar_windows_start_on_the_period_that_holds_the_first_day() {
    // 2026-03-17 is a Tuesday: its ISO week starts Monday 2026-03-16.
    assert_eq!(
        window_start(crate::model::Window::Week, date("2026-03-17")),
        date("2026-03-16")
    );
    // A Monday is its own week's start.
    assert_eq!(
        window_start(crate::model::Window::Week, date("2026-03-16")),
        date("2026-03-16")
    );
    // May is in the second quarter, which starts 2026-04-01.
    assert_eq!(
        window_start(crate::model::Window::Quarter, date("2026-05-20")),
        date("2026-04-01")
    );
    assert_eq!(
        window_start(crate::model::Window::Year, date("2026-05-20")),
        date("2026-01-01")
    );
    // 2w is 14 days; 36h is not whole days.
    assert_eq!(rolling_shorthand(Duration::parse("2w").unwrap()), "14d");
    assert_eq!(rolling_shorthand(Duration::parse("36h").unwrap()), "36h");
}

#[test]
fn a_name_longer_than_openslo_allows_is_skipped() {
    // `acme-` (5) + 59 characters = 64 > 63.
    let id = "a".repeat(59);
    let d = doc(&format!(
        "    - id: {id}\n      service: api\n      indicator: availability\n      target: '>= 99%'\n      window: 30d\n"
    ));
    let e = export(Format::OpenSlo, std::slice::from_ref(&d), None);
    assert_eq!(
        reasons(&e, &id),
        [(Reason::NameNotAccepted, Effect::Skipped)]
    );
    assert!(e.files.is_empty());
}

#[test]
fn reason_names_are_unique_and_kebab_case() {
    let mut names: Vec<&str> = Reason::ALL.iter().map(|r| r.as_str()).collect();
    assert!(
        names
            .iter()
            .all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
    );
    names.sort_unstable();
    let before = names.len();
    names.dedup();
    assert_eq!(before, names.len());
}

#[test]
fn a_binding_must_name_an_agreement_and_objective_exported() {
    let d = doc(AVAILABILITY);
    let docs = std::slice::from_ref(&d);
    assert_eq!(
        check_bindings(docs, &bindings(QUERIES)).map_err(|e| e.len()),
        Err(1)
    );
    let b = bindings(
        "objectives:
  - {objective: availability, query: up, kind: up}
  - {objective: availabilty, query: up, kind: up}
  - {objective: availability, agreement: acmee, query: up, kind: up}
",
    );
    let errors = check_bindings(docs, &b).unwrap_err();
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "bindings.yaml:3: objective `availabilty` is not in any agreement exported (did you mean `availability`?)",
            "bindings.yaml:4: agreement `acmee` is not among the documents exported (did you mean `acme`?)",
        ]
    );
}
