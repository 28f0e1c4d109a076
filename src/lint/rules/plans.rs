//! `unknown-plan` (an objective names a plan `spec.plans` does not define) and
//! `plan-weaker-than-lower` (a higher plan promises less than a lower one).
//!
//! "The same objective" in two plans is one with the same service, indicator, severity and
//! percentile: the id cannot be the key, since ids are unique in a document and plans are
//! usually told apart by a suffix (`availability-standard`, `availability-premium`), which
//! no rule can parse reliably. `plan-weaker-than-lower` is a warning, not an error: the
//! pairing is by those four fields, and a plan may on purpose trade one promise for another.

use crate::diagnostic::{Code, Diagnostic};
use crate::lint::{LintContext, Rule, finding, reference_help};
use crate::model::{Objective, SlaDocument, Spec, Strength};

/// Docs of `unknown-plan`.
pub const UNKNOWN_PLAN: &str = r"## What it checks
That the `plan` of every objective is the id of one of `spec.plans`.

## Why is this bad?
An objective of a plan the agreement does not define is promised to no subscriber, and
cannot be compared with the same objective of the other plans.

## Example
```yaml
plans: [{id: standard, name: Standard}, {id: premium, name: Premium}]
objectives:
  - {id: availability-gold, plan: gold, service: crm, indicator: availability, target: '>= 99.99%'}
```
`gold` is not a plan: use `standard` or `premium`, or add it to `spec.plans`.
";

/// Docs of `plan-weaker-than-lower`.
pub const PLAN_WEAKER_THAN_LOWER: &str = r"## What it checks
That an objective of a higher plan (later in `spec.plans`, which lists plans lowest first)
is never weaker than the same objective of a lower plan. The same objective is one with the
same `service`, `indicator`, `severity` and `percentile`. A warning: the pairing is by
those fields, not by id. Business time (`bh`, `bd`) is compared on its calendar; where the
two targets cannot be ordered (business time on two calendars, or business and clock time
that end first in turn on a calendar with holidays), the rule says so rather than passing.

## Why is this bad?
Subscribers pay more for a higher plan; a premium plan that promises less availability than
the standard one is a mistake in the agreement, or a surprise for its customers.

## Example
```yaml
plans: [{id: standard, name: Standard}, {id: premium, name: Premium}]
objectives:
  - {id: availability-standard, plan: standard, service: crm, indicator: availability, target: '>= 99.9%'}
  - {id: availability-premium, plan: premium, service: crm, indicator: availability, target: '>= 99.5%'}
```
";

/// The rule `unknown-plan`.
pub struct UnknownPlan;

/// The rule `plan-weaker-than-lower`.
pub struct PlanWeakerThanLower;

impl Rule for UnknownPlan {
    fn code(&self) -> Code {
        Code::UnknownPlan
    }

    fn check_document(&self, _cx: &LintContext<'_>, doc: &SlaDocument, out: &mut Vec<Diagnostic>) {
        let defined: Vec<&str> = doc.spec.plans.iter().map(|p| p.id.value.as_str()).collect();
        for o in &doc.spec.objectives {
            let Some(plan) = &o.plan else { continue };
            if doc.spec.plan_rank(&plan.value).is_some() {
                continue;
            }
            out.push(
                finding(
                    self.code(),
                    doc,
                    plan.span,
                    format!("plan `{}` is not defined", plan.value),
                )
                .with_objective(o.id.value.clone())
                .with_path(o.pointer("plan"))
                .with_help(reference_help(&plan.value, &defined, "spec.plans")),
            );
        }
    }
}

/// The fields that make two objectives of different plans the same objective.
fn same_objective(a: &Objective, b: &Objective) -> bool {
    a.service.value == b.service.value
        && a.indicator.value == b.indicator.value
        && a.severity.as_ref().map(|s| &s.value) == b.severity.as_ref().map(|s| &s.value)
        && a.percentile.as_ref().map(|p| p.value) == b.percentile.as_ref().map(|p| p.value)
}

/// For each objective of a plan, the first objective of a lower plan that it is weaker than,
/// or, when their targets mix business and clock time in a way their calendar does not order,
/// the first such lower objective with the reason (`Some(why)`): an order that cannot be
/// checked is said, not passed.
pub fn weaker_than_lower(spec: &Spec) -> Vec<(&Objective, &Objective, Option<String>)> {
    let rank = |o: &Objective| o.plan.as_ref().and_then(|p| spec.plan_rank(&p.value));
    let mut out = Vec::new();
    for high in &spec.objectives {
        let Some(hr) = rank(high) else { continue };
        let lower = spec.objectives.iter().find_map(|low| {
            if !(rank(low).is_some_and(|lr| lr < hr) && same_objective(low, high)) {
                return None;
            }
            match super::target_strength(spec, low, high) {
                Ok(Strength::Weaker) => Some((low, None)),
                Err(why) => Some((low, Some(why))),
                Ok(_) => None,
            }
        });
        if let Some((low, why)) = lower {
            out.push((high, low, why));
        }
    }
    out
}

impl Rule for PlanWeakerThanLower {
    fn code(&self) -> Code {
        Code::PlanWeakerThanLower
    }

    fn check_document(&self, _cx: &LintContext<'_>, doc: &SlaDocument, out: &mut Vec<Diagnostic>) {
        let plan = |o: &Objective| o.plan.as_ref().map_or("", |p| p.value.as_str()).to_string();
        for (high, low, why) in weaker_than_lower(&doc.spec) {
            let this = format!("`{}` of plan `{}`", high.id.value, plan(high));
            let lower = format!(
                "`{}` of the lower plan `{}` (`{}`)",
                low.id.value,
                plan(low),
                low.target.raw()
            );
            let message = match &why {
                None => format!("{this} promises `{}`, less than {lower}", high.target.raw()),
                Some(why) => format!(
                    "{this} (`{}`) cannot be checked against {lower}: {why}",
                    high.target.raw()
                ),
            };
            out.push(
                finding(self.code(), doc, high.target.span, message)
                .with_objective(high.id.value.clone())
                .with_path(high.pointer("target"))
                .with_help(match why {
                    None => format!(
                        "a higher plan promises at least what a lower one does: raise the target to `{}` or more, or check the order of `spec.plans` (lowest first)",
                        low.target.raw()
                    ),
                    Some(_) => "write both targets in the same time (clock or business) on the same calendar, so that the order of the plans can be checked".to_string(),
                }),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::testing::{BASE, run};

    /// BASE with two plans and the availability objective in both (premium at `premium`).
    fn planned(premium: &str, plan: &str) -> String {
        let premium_objective = format!(
            "    - {{id: availability-premium, plan: {plan}, service: crm, indicator: availability, target: '{premium}'}}\n"
        );
        BASE.replace(
            "      hours: business-hours\n",
            "      hours: business-hours\n      plan: standard\n",
        )
        .replace(
            "    - id: latency\n",
            &format!("{premium_objective}    - id: latency\n"),
        )
        .replace(
            "  changelog:",
            "  plans:\n    - {id: standard, name: Standard}\n    - {id: premium, name: Premium}\n  changelog:",
        )
    }

    #[test]
    fn a_higher_plan_as_strong_or_stronger_is_clean() {
        assert!(run(&PlanWeakerThanLower, BASE).is_empty());
        // standard promises >= 99.90%; premium the same, or more.
        assert!(run(&PlanWeakerThanLower, &planned(">= 99.9%", "premium")).is_empty());
        assert!(run(&PlanWeakerThanLower, &planned(">= 99.95%", "premium")).is_empty());
        assert!(run(&UnknownPlan, &planned(">= 99.95%", "premium")).is_empty());
    }

    #[test]
    fn a_higher_plan_weaker_than_a_lower_is_a_warning_at_its_target() {
        let d = run(&PlanWeakerThanLower, &planned(">= 99.5%", "premium"));
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(
            d[0].message,
            "`availability-premium` of plan `premium` promises `>= 99.5%`, less than `availability` of the lower plan `standard` (`>= 99.90%`)"
        );
        assert_eq!(d[0].level, crate::diagnostic::Level::Warning);
        assert_eq!(d[0].path.as_deref(), Some("/spec/objectives/1/target"));
        // The lower plan is never reported for being weaker than a higher one.
        let swapped = planned(">= 99.5%", "premium").replace(
            "    - {id: standard, name: Standard}\n    - {id: premium, name: Premium}\n",
            "    - {id: premium, name: Premium}\n    - {id: standard, name: Standard}\n",
        );
        assert!(run(&PlanWeakerThanLower, &swapped).is_empty());
    }

    #[test]
    fn business_time_on_other_calendars_is_said_not_passed() {
        // The same resolution objective in both plans: `4bh` of business hours for standard,
        // `4bh` around the clock for premium. Business hours on two calendars do not order,
        // so the rule says so instead of passing.
        let text = planned(">= 99.95%", "premium").replace(
            "    - id: latency\n",
            "    - {id: fix, plan: standard, service: crm, indicator: resolution-time, target: '<= 4bh', hours: business-hours}\n    - {id: fix-premium, plan: premium, service: crm, indicator: resolution-time, target: '<= 4bh', hours: 24x7}\n    - id: latency\n",
        );
        let d = run(&PlanWeakerThanLower, &text);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(
            d[0].message,
            "`fix-premium` of plan `premium` (`<= 4bh`) cannot be checked against `fix` of the lower plan `standard` (`<= 4bh`): business time on calendars `business-hours` and `24x7` does not compare"
        );
        // On one calendar, business time compares as figures: `2bh` for premium is stronger.
        let same = text.replace(
            "target: '<= 4bh', hours: 24x7",
            "target: '<= 2bh', hours: business-hours",
        );
        assert!(
            run(&PlanWeakerThanLower, &same).is_empty(),
            "{:#?}",
            run(&PlanWeakerThanLower, &same)
        );
    }

    #[test]
    fn an_unknown_plan_is_an_error_with_a_did_you_mean() {
        let d = run(&UnknownPlan, &planned(">= 99.95%", "premum"));
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].message, "plan `premum` is not defined");
        assert_eq!(d[0].level, crate::diagnostic::Level::Error);
        assert_eq!(d[0].path.as_deref(), Some("/spec/objectives/1/plan"));
        assert!(
            d[0].help
                .as_deref()
                .unwrap()
                .starts_with("did you mean `premium`?"),
            "{:?}",
            d[0].help
        );
        // With an unknown plan the pair has no rank: no weaker-than finding is guessed.
        assert!(run(&PlanWeakerThanLower, &planned(">= 99.5%", "premum")).is_empty());
    }
}
