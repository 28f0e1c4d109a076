//! `credit-condition-mismatch`: a credit tier's condition does not describe missing the target.

use crate::diagnostic::{Code, Diagnostic};
use crate::lint::rules::indicator_direction_mismatch::with_reversed_comparator;
use crate::lint::{LintContext, Rule, finding};
use crate::model::{Comparator, QuantityKind, SlaDocument, Target};

/// The rule.
pub struct CreditConditionMismatch;

/// Docs.
pub const DOCS: &str = r"## What it checks
That the `when` of every credit tier describes missing the objective's target: it measures the
same quantity as the target, and its comparator points the other way (a target of
`>= 99.9%` is missed `< 99.9%`). Credit conditions are percents of attainment, so credits only
fit objectives with a percent target.

## Why is this bad?
A tier `when: '>= 99%'` on a `>= 99.9%` target owes the credit when the provider does well,
and a percent condition on a `<= 1h` response time compares a percent with a duration. Either
way nobody can say when the credit is owed.

## Example
```yaml
- id: availability
  target: '>= 99.9%'
  credits:
    - when: '> 99.5%'     # credit-condition-mismatch: write '< 99.5%'
      credit: 10%
```
";

/// Why a credit condition does not describe missing a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConditionMismatch {
    /// The condition and the target are different kinds of quantity.
    Kind {
        /// The condition's kind.
        when: QuantityKind,
        /// The target's kind.
        target: QuantityKind,
    },
    /// Both are counts, of different things (`users` and `leads`).
    Unit,
    /// The condition points the same way as the target.
    SameDirection,
}

/// The condition under which `target` is missed, its complement: `>= 99.9%` is missed
/// `< 99.9%`, and `< 500ms` is missed `>= 500ms`.
pub fn missed(target: &Target) -> Target {
    let comparator = match target.comparator {
        Comparator::Ge => Comparator::Lt,
        Comparator::Gt => Comparator::Le,
        Comparator::Le => Comparator::Gt,
        Comparator::Lt => Comparator::Ge,
    };
    Target {
        comparator,
        quantity: target.quantity.clone(),
    }
}

/// Why `when` does not describe missing `target`, if it does not.
pub fn condition_mismatch(target: &Target, when: &Target) -> Option<ConditionMismatch> {
    if when.kind() != target.kind() {
        return Some(ConditionMismatch::Kind {
            when: when.kind(),
            target: target.kind(),
        });
    }
    if when.quantity.compare(&target.quantity).is_none() {
        return Some(ConditionMismatch::Unit);
    }
    (when.direction() == target.direction()).then_some(ConditionMismatch::SameDirection)
}

impl Rule for CreditConditionMismatch {
    fn code(&self) -> Code {
        Code::CreditConditionMismatch
    }

    fn check_document(&self, _cx: &LintContext<'_>, doc: &SlaDocument, out: &mut Vec<Diagnostic>) {
        for o in &doc.spec.objectives {
            // A target of the wrong kind for its indicator is the root cause, reported by
            // `indicator-quantity-mismatch`; every tier would otherwise repeat it.
            if super::indicator_quantity_mismatch::mismatch(o.indicator.value, &o.target.value)
                .is_some()
            {
                continue;
            }
            for (i, tier) in o.credits.iter().enumerate() {
                let Some(mismatch) = condition_mismatch(&o.credited().value, &tier.when.value)
                else {
                    continue;
                };
                let (when, target) = (tier.when.raw(), o.credited().raw());
                let (message, help) = match mismatch {
                    ConditionMismatch::Kind {
                        when: kind,
                        target: target_kind,
                    } => (
                        format!(
                            "credit condition `{when}` is a {kind}, but the target `{target}` is a {target_kind}"
                        ),
                        if target_kind == QuantityKind::Percent {
                            format!(
                                "write the condition as a percent of attainment, such as `{}`",
                                missed(&o.credited().value)
                            )
                        } else {
                            "credit conditions are percents of attainment and only fit percent targets; \
                             remove the credits or measure the objective as a percent"
                                .to_string()
                        },
                    ),
                    ConditionMismatch::Unit => (
                        format!(
                            "credit condition `{when}` counts something else than the target `{target}`"
                        ),
                        format!(
                            "count the same thing as the target, such as `{}`",
                            missed(&o.credited().value)
                        ),
                    ),
                    ConditionMismatch::SameDirection => (
                        format!(
                            "credit condition `{when}` points the same way as the target `{target}`, so it does not describe missing it"
                        ),
                        format!(
                            "turn the comparator around: `{}`",
                            with_reversed_comparator(&tier.when)
                        ),
                    ),
                };
                out.push(
                    finding(self.code(), doc, tier.when.span, message)
                        .with_objective(o.id.value.clone())
                        .with_path(o.pointer(&format!("credits/{i}/when")))
                        .with_help(help)
                        .with_related(doc.file.clone(), o.credited().span, "the target"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::testing::{BASE, run, run_unchecked};

    fn t(s: &str) -> Target {
        Target::parse(s).unwrap()
    }

    #[test]
    fn a_target_is_missed_by_its_complement() {
        assert_eq!(missed(&t(">= 99.9%")), t("< 99.9%"));
        assert_eq!(missed(&t("> 60%")), t("<= 60%"));
        assert_eq!(missed(&t("<= 1%")), t("> 1%"));
        assert_eq!(missed(&t("< 500ms")), t(">= 500ms"));
    }

    #[test]
    fn conditions_must_oppose_the_target_in_its_own_unit() {
        assert_eq!(condition_mismatch(&t(">= 99.9%"), &t("< 99.9%")), None);
        assert_eq!(condition_mismatch(&t(">= 99.9%"), &t("<= 95%")), None);
        assert_eq!(condition_mismatch(&t("<= 1%"), &t("> 2%")), None);
        assert_eq!(
            condition_mismatch(&t(">= 99.9%"), &t("> 99%")),
            Some(ConditionMismatch::SameDirection)
        );
        assert_eq!(
            condition_mismatch(&t("<= 1h"), &t("< 95%")),
            Some(ConditionMismatch::Kind {
                when: QuantityKind::Percent,
                target: QuantityKind::Duration
            })
        );
        assert_eq!(
            condition_mismatch(&t(">= 10 users"), &t("< 8 leads")),
            Some(ConditionMismatch::Unit)
        );
    }

    #[test]
    fn clean_document_has_none() {
        assert!(run(&CreditConditionMismatch, BASE).is_empty());
    }

    #[test]
    fn same_direction_condition_is_reported() {
        let d = run(
            &CreditConditionMismatch,
            &BASE.replace("{when: '< 99.9%'", "{when: '>= 99.5%'"),
        );
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(
            d[0].message,
            "credit condition `>= 99.5%` points the same way as the target `>= 99.90%`, so it does not describe missing it"
        );
        assert_eq!(
            d[0].help.as_deref(),
            Some("turn the comparator around: `<= 99.5%`")
        );
        assert_eq!(d[0].span.start.line, 24);
        assert_eq!(
            d[0].path.as_deref(),
            Some("/spec/objectives/0/credits/0/when")
        );
        assert_eq!(d[0].related[0].span.start.line, 21);
    }

    #[test]
    fn credits_on_a_duration_target_are_reported() {
        let text = BASE.replace(
            "      window: 30d\n",
            "      window: 30d\n      credits:\n        - {when: '< 95%', credit: 5%}\n",
        );
        let d = run(&CreditConditionMismatch, &text);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(
            d[0].message,
            "credit condition `< 95%` is a percent, but the target `< 500ms` is a duration"
        );
        assert_eq!(d[0].span.start.line, 32);
        assert!(
            d[0].help
                .as_deref()
                .unwrap()
                .contains("only fit percent targets")
        );
    }

    #[test]
    fn a_non_percent_condition_on_a_percent_target_gets_an_example() {
        // The schema only allows percent conditions; the model does not depend on it.
        let d = run_unchecked(
            &CreditConditionMismatch,
            &BASE.replace("{when: '< 99.9%'", "{when: '< 5h'"),
        );
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(
            d[0].help.as_deref(),
            Some("write the condition as a percent of attainment, such as `< 99.9%`")
        );
    }
}
