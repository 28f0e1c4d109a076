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
answered at least as fast as a high one.

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
/// targets that do not compare, are left out.
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
                    && less.target.value.strength_of(&more.target.value) == Strength::Weaker
            })
            .map(|&(b, _)| b)
            .reduce(|best, b| {
                let stronger = spec.objectives[best]
                    .target
                    .value
                    .strength_of(&spec.objectives[b].target.value)
                    == Strength::Stronger;
                if stronger { b } else { best }
            });
        if let Some(b) = strictest {
            out.push((a, b));
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
