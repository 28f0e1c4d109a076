//! `severity-target-inverted`: a more severe severity has a laxer target than a less severe one.

use crate::diagnostic::{Code, Diagnostic};
use crate::lint::{LintContext, Rule, finding};
use crate::model::{SlaDocument, Spec, Strength};

/// The rule.
pub struct SeverityTargetInverted;

/// Docs.
pub const DOCS: &str = r"## What it checks
That among the objectives of one service and one indicator, a more severe severity (earlier
in `spec.severities`) never has a laxer target than a less severe one: a critical incident is
answered at least as fast as a high one. Business time (`bh`, `bd`) compares with business
time on the same calendar, and with clock time on the business target's calendar; where the
two cannot be ordered (business time on two calendars, or business and clock deadlines that
end first in turn), that is a finding too, saying why: the order is not proven.

## Why is this bad?
The customer escalates a severity to get faster help. If `critical` may wait `4h` while `high`
is answered within `1h`, the customer is better off under-reporting, and the provider can
meet the agreement while the worst incidents wait longest. It is usually two swapped targets
or a misordered `severities` list.

## Example
```yaml
severities: [critical, high, medium, low]
objectives:
  - id: support-response-critical
    indicator: response-time
    severity: critical
    target: '<= 4h'    # severity-target-inverted: laxer than the `<= 1h` of `high`
  - id: support-response-high
    indicator: response-time
    severity: high
    target: '<= 1h'
```
";

/// Pairs `(more severe, less severe)` of objective indices, for the same service and indicator,
/// where the more severe objective's target is laxer. Each more severe objective appears once,
/// with the strictest such less severe objective. Objectives without a known severity, and
/// targets that do not compare, are left out ([`unordered`] reports business time that does
/// not compare).
pub fn inversions(spec: &Spec) -> Vec<(usize, usize)> {
    let ranked: Vec<(usize, usize)> = spec
        .objectives
        .iter()
        .enumerate()
        .filter_map(|(i, o)| Some((i, spec.severity_rank(&o.severity.as_ref()?.value)?)))
        .collect();
    let mut out = Vec::new();
    for &(a, a_rank) in &ranked {
        let more = &spec.objectives[a];
        let strictest = ranked
            .iter()
            .filter(|&&(b, b_rank)| {
                let less = &spec.objectives[b];
                b_rank > a_rank
                    && less.service.value == more.service.value
                    && less.indicator.value == more.indicator.value
                    && super::target_strength(spec, less, more) == Ok(Strength::Weaker)
            })
            .map(|&(b, _)| b)
            .reduce(|best, b| {
                let stronger =
                    super::target_strength(spec, &spec.objectives[best], &spec.objectives[b])
                        == Ok(Strength::Stronger);
                if stronger { b } else { best }
            });
        if let Some(b) = strictest {
            out.push((a, b));
        }
    }
    out
}

/// Pairs `(more severe, less severe)` of objective indices, for the same service and indicator,
/// whose targets involve business time and cannot be ordered, with the reason.
pub fn unordered(spec: &Spec) -> Vec<(usize, usize, String)> {
    let ranked: Vec<(usize, usize)> = spec
        .objectives
        .iter()
        .enumerate()
        .filter_map(|(i, o)| Some((i, spec.severity_rank(&o.severity.as_ref()?.value)?)))
        .collect();
    let mut out = Vec::new();
    for &(a, a_rank) in &ranked {
        for &(b, b_rank) in &ranked {
            let (more, less) = (&spec.objectives[a], &spec.objectives[b]);
            if b_rank > a_rank
                && less.service.value == more.service.value
                && less.indicator.value == more.indicator.value
            {
                if let Err(reason) = super::target_strength(spec, less, more) {
                    out.push((a, b, reason));
                }
            }
        }
    }
    out
}

impl Rule for SeverityTargetInverted {
    fn code(&self) -> Code {
        Code::SeverityTargetInverted
    }

    fn check_document(&self, _cx: &LintContext<'_>, doc: &SlaDocument, out: &mut Vec<Diagnostic>) {
        let severity = |i: usize| {
            doc.spec.objectives[i]
                .severity
                .as_ref()
                .map_or("", |s| s.value.as_str())
        };
        for (a, b) in inversions(&doc.spec) {
            let (more, less) = (&doc.spec.objectives[a], &doc.spec.objectives[b]);
            out.push(
                finding(
                    self.code(),
                    doc,
                    more.target.span,
                    format!(
                        "`{}` target `{}` is laxer than the `{}` of the less severe `{}` (`{}`)",
                        severity(a),
                        more.target.raw(),
                        less.target.raw(),
                        severity(b),
                        less.id.value
                    ),
                )
                .with_objective(more.id.value.clone())
                .with_path(more.pointer("target"))
                .with_help(format!(
                    "tighten this target to `{}` or stricter, or check that `spec.severities` lists the most severe first",
                    less.target.raw()
                ))
                .with_related(doc.file.clone(), less.target.span, "the less severe target"),
            );
        }
        for (a, b, reason) in unordered(&doc.spec) {
            let (more, less) = (&doc.spec.objectives[a], &doc.spec.objectives[b]);
            out.push(
                finding(
                    self.code(),
                    doc,
                    more.target.span,
                    format!(
                        "`{}` target `{}` cannot be ordered against the `{}` of the less severe \
                         `{}` (`{}`): {reason}",
                        severity(a),
                        more.target.raw(),
                        less.target.raw(),
                        severity(b),
                        less.id.value
                    ),
                )
                .with_objective(more.id.value.clone())
                .with_path(more.pointer("target"))
                .with_help(
                    "write both targets in one unit on one calendar, so that the more severe \
                     is seen to be at least as strict",
                )
                .with_related(
                    doc.file.clone(),
                    less.target.span,
                    "the less severe target",
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write;

    use super::*;
    use crate::lint::testing::{BASE, documents, run};

    /// BASE with response-time objectives of the given severities and targets (lines 31, 37, ...).
    fn with_support(objectives: &[(&str, &str)]) -> String {
        let mut extra = String::new();
        for (severity, target) in objectives {
            write!(
                extra,
                concat!(
                    "    - id: response-{severity}\n      service: crm\n      indicator: response-time\n",
                    "      severity: {severity}\n      target: '{target}'\n      hours: 24x7\n",
                ),
                severity = severity,
                target = target,
            )
            .unwrap();
        }
        BASE.replace("  changelog:", &format!("{extra}  changelog:"))
    }

    #[test]
    fn condition_pairs_each_inverted_objective_with_the_strictest() {
        let docs = documents(&[(
            "t.sla.yaml",
            &with_support(&[("critical", "<= 1h"), ("high", "<= 4h"), ("low", "<= 4h")]),
        )]);
        assert!(inversions(&docs[0].spec).is_empty());
        let docs = documents(&[(
            "t.sla.yaml",
            &with_support(&[("critical", "<= 4h"), ("high", "<= 2h"), ("low", "<= 1h")]),
        )]);
        assert_eq!(inversions(&docs[0].spec), [(2, 4), (3, 4)]);
    }

    #[test]
    fn other_services_and_indicators_are_not_compared() {
        let text = with_support(&[("critical", "<= 4h"), ("high", "<= 1h")]);
        let high = "    - id: response-high\n      service: crm\n      indicator: response-time";
        for other in [
            "    - id: response-high\n      service: crm\n      indicator: resolution-time",
            "    - id: response-high\n      service: desk\n      indicator: response-time",
        ] {
            let docs = documents(&[("t.sla.yaml", &text.replace(high, other))]);
            assert!(inversions(&docs[0].spec).is_empty(), "{other}");
        }
    }

    /// `with_support`, with the objective of `severity` on `business-hours` (BASE's Mon-Fri
    /// 09:00-18:00 in Europe/Berlin: a business day is 9 covered hours).
    fn on_business_hours(text: &str, severity: &str) -> String {
        let at = format!("      severity: {severity}\n");
        let start = text.find(&at).unwrap();
        let (head, tail) = text.split_at(start);
        format!(
            "{head}{}",
            tail.replacen("hours: 24x7", "hours: business-hours", 1)
        )
    }

    #[test]
    fn business_time_compares_on_its_calendar() {
        // Objectives 2 (critical) and 3 (high). `1bd` on business-hours takes at least 9
        // clock hours (Mon 09:00 to 18:00), so it always ends after `4h`: critical is laxer.
        let text = on_business_hours(
            &with_support(&[("critical", "<= 1bd"), ("high", "<= 4h")]),
            "critical",
        );
        let docs = documents(&[("t.sla.yaml", &text)]);
        assert_eq!(inversions(&docs[0].spec), [(2, 3)]);
        assert!(unordered(&docs[0].spec).is_empty());
        // The other way round, `4h` always ends before `1bd`: in order.
        let text = on_business_hours(
            &with_support(&[("critical", "<= 4h"), ("high", "<= 1bd")]),
            "high",
        );
        assert!(run(&SeverityTargetInverted, &text).is_empty());
        // Both business time on the same calendar: `2bd` (18 covered hours) is laxer than `1bd`.
        let text = on_business_hours(
            &on_business_hours(
                &with_support(&[("critical", "<= 2bd"), ("high", "<= 1bd")]),
                "critical",
            ),
            "high",
        );
        let docs = documents(&[("t.sla.yaml", &text)]);
        assert_eq!(inversions(&docs[0].spec), [(2, 3)]);
    }

    #[test]
    fn business_time_that_does_not_order_is_said_so() {
        // `1bd` from Monday 09:00 ends after 9 clock hours, before `12h`; from Friday 17:00 it
        // ends Monday 17:00, 72 clock hours later, after `12h`: they end first in turn.
        let text = on_business_hours(
            &with_support(&[("critical", "<= 1bd"), ("high", "<= 12h")]),
            "critical",
        );
        let d = run(&SeverityTargetInverted, &text);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(
            d[0].message,
            "`critical` target `<= 1bd` cannot be ordered against the `<= 12h` of the less \
             severe `high` (`response-high`): business and clock time end first in turn on \
             calendar `business-hours`"
        );
        assert_eq!(d[0].path.as_deref(), Some("/spec/objectives/2/target"));
        // Business time on two calendars: critical `2bh` on business-hours, high `2bh` on 24x7.
        let text = on_business_hours(
            &with_support(&[("critical", "<= 2bh"), ("high", "<= 2bh")]),
            "critical",
        );
        let d = run(&SeverityTargetInverted, &text);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(
            d[0].message.ends_with(
                "business time on calendars `24x7` and `business-hours` does not compare"
            ),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn clean_document_has_none() {
        assert!(run(&SeverityTargetInverted, BASE).is_empty());
        assert!(
            run(
                &SeverityTargetInverted,
                &with_support(&[("critical", "<= 1h"), ("high", "<= 1h")])
            )
            .is_empty()
        );
    }

    #[test]
    fn laxer_critical_target_is_reported() {
        let d = run(
            &SeverityTargetInverted,
            &with_support(&[("critical", "<= 4h"), ("high", "<= 1h")]),
        );
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(
            d[0].message,
            "`critical` target `<= 4h` is laxer than the `<= 1h` of the less severe `high` (`response-high`)"
        );
        assert_eq!(d[0].span.start.line, 35);
        assert_eq!(d[0].objective.as_deref(), Some("response-critical"));
        assert_eq!(d[0].path.as_deref(), Some("/spec/objectives/2/target"));
        assert_eq!(d[0].related[0].span.start.line, 41);
    }

    #[test]
    fn written_severity_order_decides() {
        let text = with_support(&[("critical", "<= 4h"), ("high", "<= 1h")]).replace(
            "  changelog:",
            "  severities: [high, critical]\n  changelog:",
        );
        assert!(run(&SeverityTargetInverted, &text).is_empty());
    }
}
