use super::*;
use crate::source::{self, Limits};

/// The first document of a YAML text, built as `validate` builds it.
pub(crate) fn doc(text: &str) -> SlaDocument {
    let docs = source::yaml::parse(text, &Limits::default()).unwrap();
    crate::model::build::build("policies/x.sla.yaml".into(), 0, &docs[0].root).unwrap()
}

pub(crate) const ACME: &str = include_str!("../../../../policies/acme-crm.sla.yaml");

/// A small agreement with `objectives` (list items, indented 4) and `extra` spec fields
/// (indented 2).
fn small(objectives: &str, extra: &str) -> Contract {
    document(&doc(&format!(
        "\
apiVersion: slagate/v1
kind: ServiceLevelAgreement
metadata: {{id: shop, version: 2, title: Shop SLA}}
spec:
  type: customer
  parties:
    provider: {{name: Hoster, approvers: [alice]}}
    customer: {{name: Shop}}
  effective: {{from: 2026-01-01}}
  review: {{every: quarter, last: 2026-11-30}}
  services:
    - {{id: web, name: Web shop, description: The shop}}
  objectives:
{objectives}
{extra}"
    )))
}

fn text(c: &Contract, key: &str) -> String {
    c.clause(key)
        .unwrap_or_else(|| panic!("no clause {key}"))
        .text()
}

#[test]
fn allowed_downtime_is_in_words_per_window() {
    let c = small(
        "    - {id: up, name: Uptime, service: web, indicator: availability, target: '>= 99.9%', window: month}
    - {id: up30, name: Uptime 30, service: web, indicator: availability, target: '>= 99.95%', window: 30d}",
        "",
    );
    // An average month: 365.25 / 12 = 30.4375 days = 2,629,800 s; 0.1% of it is 2,629.8 s,
    // rounded 2,630 s = 43 min 50 s (the figure `slagate diff` shows as 43m50s).
    let up = text(&c, "objective:up");
    assert!(
        up.contains("Allowed downtime: 43 minutes 50 seconds per calendar month on average."),
        "{up}"
    );
    // 30 days = 2,592,000 s; 0.05% is 1,296 s = 21 min 36 s, exact (a rolling window is no
    // average).
    let up30 = text(&c, "objective:up30");
    assert!(
        up30.contains("Allowed downtime: 21 minutes 36 seconds per rolling 30 days."),
        "{up30}"
    );
    let table = c.sections[3].table.as_ref().unwrap();
    assert_eq!(c.sections[3].heading, "Service levels");
    assert_eq!(
        table.rows[0],
        [
            "Uptime",
            "at least 99.9%",
            "calendar month",
            "Around the clock",
            "43 minutes 50 seconds per calendar month on average"
        ]
    );
}

#[test]
fn business_hours_count_their_share_of_the_week() {
    let c = document(&doc(ACME));
    // Monday to Friday 08:00-18:00: 50 of 168 hours. 2,629,800 s x 50/168 = 782,678.57 s
    // covered in an average month; 0.1% = 782.68 s, rounded 783 s = 13 min 3 s.
    let a = text(&c, "objective:availability");
    assert!(
        a.starts_with("Acme CRM platform is available at least 99.9% of the time in each calendar month, counted during business hours."),
        "{a}"
    );
    assert!(
        a.contains("Allowed downtime: 13 minutes 3 seconds per calendar month on average."),
        "{a}"
    );
    assert!(a.contains("It applies to the Standard plan."), "{a}");
    assert!(
        a.contains("How it is measured: Synthetic login check against the production tenant. Sampled every 1 minute. Scope: from two regions."),
        "{a}"
    );
    let hours = text(&c, "hours:business-hours");
    assert!(
        hours.starts_with(
            "Business hours means Monday to Friday, from 08:00 to 18:00, Europe/Berlin time."
        ),
        "{hours}"
    );
    assert!(
        hours.contains("- Christmas Day: 25 December every year"),
        "{hours}"
    );
    assert!(hours.contains("- 24 December 2026"), "{hours}");
}

#[test]
fn credits_read_as_bands_of_attainment() {
    let c = document(&doc(ACME));
    // Tiers < 99.9%: 10%, < 99.5%: 25%, < 99.0%: 50%: each band ends where the next
    // begins, the percentages as written.
    assert_eq!(
        text(&c, "credits:availability"),
        "When \u{201c}Platform availability\u{201d} in a calendar month is:\n\
         Less than 99.9% but at least 99.5%: 10%\n\
         Less than 99.5% but at least 99.0%: 25%\n\
         Less than 99.0%: 50%"
    );
    assert!(
        text(&c, "credits:availability-premium")
            .contains("Less than 99.95% but at least 99.5%: 3 days of service")
    );
    assert!(
        text(&c, "credits:api-error-rate")
            .ends_with("More than 0.1%: 10 times the api fees during the breach")
    );
    assert!(
        text(&c, "credits:support-response-critical").ends_with("Less than 95%: 500 EUR per month")
    );
    assert_eq!(
        text(&c, "credits:cap"),
        "The credits owed for one service level in one measurement window never exceed 30 days of service."
    );
    assert_eq!(
        text(&c, "credits:floor"),
        "A percentage credit smaller than 1% is not owed."
    );
    assert_eq!(
        text(&c, "claims"),
        "Credits are issued only on a claim, made within 30 days of the end of the month in which the incident occurred.\n\
         A claim is made through: Support portal ticket of type \"Service credit\".\n\
         A claim includes:\n\
         - Dates and times of each incident\n\
         - Affected users or request IDs"
    );
}

#[test]
fn tiers_written_in_any_order_read_mildest_first() {
    let c = small(
        "    - id: up
      service: web
      indicator: availability
      target: '>= 99.9%'
      credits:
        - {when: '< 99.0%', credit: 30%}
        - {when: '<= 99.8%', credit: 5%}
        - {when: '< 99.5%', credit: 10%}",
        "",
    );
    // `<= 99.8%` is bounded by `< 99.5%` turned round: at least 99.5%.
    assert!(text(&c, "credits:up").ends_with(
        "At most 99.8% but at least 99.5%: 5%\nLess than 99.5% but at least 99.0%: 10%\nLess than 99.0%: 30%"
    ));
}

#[test]
fn support_targets_read_by_severity() {
    let c = document(&doc(ACME));
    let support = c.sections.iter().find(|s| s.heading == "Support").unwrap();
    let keys: Vec<&str> = support.clauses.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "support:critical",
            "support:high",
            "support:medium",
            "support:low"
        ]
    );
    let t = support.table.as_ref().unwrap();
    assert_eq!(t.header, ["Severity", "First response", "Resolution"]);
    assert_eq!(
        t.rows[0],
        [
            "Critical",
            "within 1 hour, around the clock, for at least 95% of cases",
            "within 4 hours, around the clock"
        ]
    );
    // `<= 3bd` on business hours.
    assert_eq!(
        t.rows[2][2],
        "within 3 business days, during business hours"
    );
    assert!(text(&c, "support:critical").starts_with(
        "First response, critical incidents: The first response to an incident of severity critical comes within 1 hour, counted around the clock, for at least 95% of them in each calendar month."
    ));
    // Support objectives are not repeated among the service levels.
    assert!(c.clause("objective:support-response-critical").is_none());
    let sev = text(&c, "severities");
    assert!(sev.starts_with("Incidents are classed by severity, from the most to the least severe: critical, high, medium and low."));
    assert!(sev.contains("- Critical: The CRM platform or the API is unavailable"));
}

#[test]
fn the_review_is_due_one_cadence_after_the_last() {
    // Last reviewed 30 November 2026, every quarter: due 28 February 2027 (the day clamped
    // to February's length).
    let c = small(
        "    - {id: up, service: web, indicator: availability, target: '>= 99.9%'}",
        "",
    );
    assert_eq!(
        text(&c, "review"),
        "The parties review this agreement every quarter. It was last reviewed on 30 November 2026; the next review is due by 28 February 2027."
    );
    assert_eq!(
        text(&c, "term"),
        "This agreement takes effect on 1 January 2026 and has no fixed end date."
    );
    let acme = document(&doc(ACME));
    assert!(text(&acme, "review").ends_with("the next review is due by 15 September 2027."));
    assert!(text(&acme, "term").ends_with("ends at the end of 31 December 2028."));
}

#[test]
fn clauses_are_numbered_without_gaps_and_keys_are_unique() {
    let c = document(&doc(ACME));
    for (i, s) in c.sections.iter().enumerate() {
        assert_eq!(s.number, i + 1);
        for (j, cl) in s.clauses.iter().enumerate() {
            assert_eq!(cl.number, format!("{}.{}", i + 1, j + 1));
        }
    }
    let mut keys: Vec<&str> = c.clauses().map(|c| c.key.as_str()).collect();
    let n = keys.len();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), n);
    // A small agreement has fewer sections, numbered from 1 all the same.
    let s = small(
        "    - {id: up, service: web, indicator: availability, target: '>= 99.9%'}",
        "",
    );
    let headings: Vec<&str> = s.sections.iter().map(|s| s.heading.as_str()).collect();
    assert_eq!(
        headings,
        [
            "Parties",
            "Term and review",
            "Services and scope",
            "Service levels"
        ]
    );
}

#[test]
fn no_yaml_key_or_raw_code_reaches_the_text() {
    let c = document(&doc(ACME));
    let all: String = c
        .clauses()
        .flat_map(|c| [c.heading.clone(), c.text()])
        .collect::<Vec<_>>()
        .join("\n");
    for raw in [
        "creditCap",
        "end-of-month",
        "24x7",
        "business-hours",
        "response-time",
        "p95",
        ">=",
        "<=",
        "bd",
        "scheduled-maintenance",
        "api-fees",
    ] {
        // `bd` only as a whole word (a unit), not inside words.
        let hit = if raw == "bd" {
            all.split(|ch: char| !ch.is_alphanumeric())
                .any(|w| w == "bd")
        } else {
            all.contains(raw)
        };
        assert!(!hit, "`{raw}` in the text");
    }
}
