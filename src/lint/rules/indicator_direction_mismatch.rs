//! `indicator-direction-mismatch`: a known indicator whose comparator points the wrong way.

use crate::diagnostic::{Code, Diagnostic};
use crate::lint::{LintContext, Rule, finding};
use crate::model::{Comparator, Direction, Indicator, SlaDocument, Spanned, Target};

/// The rule.
pub struct IndicatorDirectionMismatch;

/// Docs.
pub const DOCS: &str = r"## What it checks
That the comparator of a catalogue indicator's target points the way the catalogue gives it:
`availability`, `throughput`, `capacity` and `satisfaction` are higher-is-better (`>=`, `>`);
`latency`, `response-time`, `resolution-time` and `error-rate` are lower-is-better (`<=`,
`<`). `ratio`, `count` and `custom` may point either way.

## Why is this bad?
`availability: '<= 99%'` promises at most 99% uptime: a provider that is never up meets it.
The comparator decides which changes weaken the agreement, so a reversed one also turns
every later diff upside down.

## Example
```yaml
- id: availability
  indicator: availability
  target: '<= 99.9%'    # indicator-direction-mismatch: write '>= 99.9%'
```
";

/// The direction the indicator requires, when the target points the other way.
pub fn mismatch(indicator: Indicator, target: &Target) -> Option<Direction> {
    indicator.direction().filter(|d| *d != target.direction())
}

/// The same comparator, facing the other way (`<=` becomes `>=`).
pub fn reversed(comparator: Comparator) -> Comparator {
    match comparator {
        Comparator::Ge => Comparator::Le,
        Comparator::Gt => Comparator::Lt,
        Comparator::Le => Comparator::Ge,
        Comparator::Lt => Comparator::Gt,
    }
}

/// The target as written, with its comparator reversed (`<= 99.90%` becomes `>= 99.90%`).
pub fn with_reversed_comparator(target: &Spanned<Target>) -> String {
    let quantity = target
        .raw()
        .trim_start_matches(['<', '>', '='])
        .trim_start();
    format!("{} {quantity}", reversed(target.value.comparator))
}

impl Rule for IndicatorDirectionMismatch {
    fn code(&self) -> Code {
        Code::IndicatorDirectionMismatch
    }

    fn check_document(&self, _cx: &LintContext<'_>, doc: &SlaDocument, out: &mut Vec<Diagnostic>) {
        for o in &doc.spec.objectives {
            let Some(want) = mismatch(o.indicator.value, &o.target.value) else {
                continue;
            };
            out.push(
                finding(
                    self.code(),
                    doc,
                    o.target.span,
                    format!(
                        "`{}` says {}, but for `{}` {want}",
                        o.target.raw(),
                        o.target.value.direction(),
                        o.indicator.value
                    ),
                )
                .with_objective(o.id.value.clone())
                .with_path(o.pointer("target"))
                .with_help(format!(
                    "turn the comparator around: `{}`",
                    with_reversed_comparator(&o.target)
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::testing::{BASE, run};

    fn t(s: &str) -> Target {
        Target::parse(s).unwrap()
    }

    #[test]
    fn catalogue_directions_are_enforced() {
        assert_eq!(
            mismatch(Indicator::Availability, &t("<= 99%")),
            Some(Direction::HigherIsBetter)
        );
        assert_eq!(mismatch(Indicator::Availability, &t("> 99%")), None);
        assert_eq!(
            mismatch(Indicator::ErrorRate, &t(">= 1%")),
            Some(Direction::LowerIsBetter)
        );
        assert_eq!(
            mismatch(Indicator::Capacity, &t("< 10000 users")),
            Some(Direction::HigherIsBetter)
        );
        assert_eq!(mismatch(Indicator::Ratio, &t("<= 5%")), None);
        assert_eq!(mismatch(Indicator::Count, &t("<= 5 tickets")), None);
        assert_eq!(mismatch(Indicator::Custom, &t(">= 5h")), None);
    }

    #[test]
    fn clean_document_has_none() {
        assert!(run(&IndicatorDirectionMismatch, BASE).is_empty());
    }

    #[test]
    fn reversed_availability_is_reported_with_the_fix() {
        let d = run(
            &IndicatorDirectionMismatch,
            &BASE.replace("'>= 99.90%'", "'<= 99.90%'"),
        );
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(
            d[0].message,
            "`<= 99.90%` says lower is better, but for `availability` higher is better"
        );
        assert_eq!(
            d[0].help.as_deref(),
            Some("turn the comparator around: `>= 99.90%`")
        );
        assert_eq!(d[0].span.start.line, 21);
        assert_eq!(d[0].objective.as_deref(), Some("availability"));
        assert_eq!(d[0].path.as_deref(), Some("/spec/objectives/0/target"));
    }

    #[test]
    fn strict_comparators_stay_strict() {
        let text = BASE
            .replace("      percentile: p95\n", "")
            .replace("'< 500ms'", "'>500ms'");
        let d = run(&IndicatorDirectionMismatch, &text);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(
            d[0].message,
            "`>500ms` says higher is better, but for `latency` lower is better"
        );
        assert_eq!(
            d[0].help.as_deref(),
            Some("turn the comparator around: `< 500ms`")
        );
    }

    #[test]
    fn either_way_indicators_are_free() {
        let text = BASE
            .replace("indicator: availability", "indicator: ratio")
            .replace("'>= 99.90%'", "'<= 5%'");
        assert!(run(&IndicatorDirectionMismatch, &text).is_empty());
    }
}
