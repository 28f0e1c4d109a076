//! `indicator-quantity-mismatch`: a known indicator with the wrong kind of quantity.

use crate::diagnostic::{Code, Diagnostic};
use crate::lint::{LintContext, Rule, finding};
use crate::model::{Indicator, QuantityKind, SlaDocument, Target};

/// The rule.
pub struct IndicatorQuantityMismatch;

/// Docs.
pub const DOCS: &str = r"## What it checks
That the target of a catalogue indicator is the kind of quantity the catalogue gives it:
`availability`, `error-rate`, `satisfaction` and `ratio` are percents; `latency`,
`response-time` and `resolution-time` are durations; `throughput`, `capacity` and `count`
are counts. `custom` may be anything.

## Why is this bad?
`availability: '>= 99.9'` is a count of 99.9 of nothing; the missing `%` changes the
meaning of the contract, and it cannot be compared with the next revision.

## Example
```yaml
- id: availability
  indicator: availability
  target: '>= 99.9'     # indicator-quantity-mismatch: write '>= 99.9%'
```
";

/// The kind the indicator requires, when the target has another.
pub fn mismatch(indicator: Indicator, target: &Target) -> Option<QuantityKind> {
    indicator.quantity().filter(|k| *k != target.kind())
}

fn example(kind: QuantityKind, indicator: Indicator, target: &Target) -> String {
    let number = match &target.quantity {
        crate::model::Quantity::Count(c) => crate::model::quantity::fmt_decimal(c.value),
        crate::model::Quantity::Percent(p) => crate::model::quantity::fmt_decimal(p.value()),
        crate::model::Quantity::Duration(_) | crate::model::Quantity::Business(_) => {
            "1".to_string()
        }
    };
    let q = match kind {
        QuantityKind::Percent => format!("{number}%"),
        // Latency is counted in milliseconds; response and resolution times in hours.
        QuantityKind::Duration if indicator == Indicator::Latency => format!("{number}ms"),
        QuantityKind::Duration => format!("{number}h"),
        QuantityKind::Count => number,
    };
    format!("{} {q}", target.comparator)
}

impl Rule for IndicatorQuantityMismatch {
    fn code(&self) -> Code {
        Code::IndicatorQuantityMismatch
    }

    fn check_document(&self, _cx: &LintContext<'_>, doc: &SlaDocument, out: &mut Vec<Diagnostic>) {
        for o in &doc.spec.objectives {
            if let Some(want) = mismatch(o.indicator.value, &o.target.value) {
                out.push(
                    finding(
                        self.code(),
                        doc,
                        o.target.span,
                        format!(
                            "`{}` is a {}, but `{}` is measured as a {want}",
                            o.target.raw(),
                            o.target.value.kind(),
                            o.indicator.value
                        ),
                    )
                    .with_objective(o.id.value.clone())
                    .with_path(o.pointer("target"))
                    .with_help(format!(
                        "write the target as a {want}, such as `{}`",
                        example(want, o.indicator.value, &o.target.value)
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::testing::{BASE, run};

    #[test]
    fn percent_indicators_need_percents() {
        assert_eq!(
            mismatch(Indicator::Availability, &Target::parse(">= 99.9").unwrap()),
            Some(QuantityKind::Percent)
        );
        assert_eq!(
            mismatch(Indicator::Availability, &Target::parse(">= 99.9%").unwrap()),
            None
        );
        assert_eq!(
            mismatch(Indicator::Latency, &Target::parse("<= 5%").unwrap()),
            Some(QuantityKind::Duration)
        );
        assert_eq!(
            mismatch(Indicator::Custom, &Target::parse("<= 5%").unwrap()),
            None
        );
    }

    #[test]
    fn missing_percent_sign_is_reported_with_a_fix() {
        assert!(run(&IndicatorQuantityMismatch, BASE).is_empty());
        let d = run(
            &IndicatorQuantityMismatch,
            &BASE.replace("'>= 99.90%'", "'>= 99.9'"),
        );
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].message,
            "`>= 99.9` is a count, but `availability` is measured as a percent"
        );
        assert_eq!(
            d[0].help.as_deref(),
            Some("write the target as a percent, such as `>= 99.9%`")
        );
        assert_eq!(d[0].span.start.line, 21);
    }
}
