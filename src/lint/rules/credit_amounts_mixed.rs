//! `credit-amounts-mixed`: the credit tiers of one objective owe different kinds of amount.

use crate::diagnostic::{Code, Diagnostic};
use crate::lint::{LintContext, Rule, finding};
use crate::model::{CreditTier, SlaDocument};

/// The rule.
pub struct CreditAmountsMixed;

/// Docs.
pub const DOCS: &str = r"## What it checks
That every credit tier of one objective owes the same kind of amount: all percents of the
fee (`credit: 10%`), all multiples of the same thing (`{multiple: 10, of:
fees-during-downtime}`), all days of service (`{days: 3}`), or all sums in one currency per
the same thing (`{amount: 100, currency: USD, per: incident}`).

## Why is this bad?
The credit owed at an attainment is the largest of the tiers that apply; `10%` of the fee and
`3 days` of service cannot be ranked, so neither party can say what is owed, and a later
change to the tiers cannot be judged weaker or stronger.

## Example
```yaml
credits:
  - {when: '< 99.9%', credit: 10%}
  - {when: '< 99.0%', credit: {days: 3}}   # credit-amounts-mixed: days next to a percent
```
";

/// The first tier whose amount is of another kind than the first tier's.
pub fn other_kind(tiers: &[CreditTier]) -> Option<usize> {
    let first = &tiers.first()?.credit.value;
    tiers.iter().position(|t| !t.credit.value.same_kind(first))
}

impl Rule for CreditAmountsMixed {
    fn code(&self) -> Code {
        Code::CreditAmountsMixed
    }

    fn check_document(&self, _cx: &LintContext<'_>, doc: &SlaDocument, out: &mut Vec<Diagnostic>) {
        for o in &doc.spec.objectives {
            let Some(i) = other_kind(&o.credits) else {
                continue;
            };
            let (first, other) = (&o.credits[0], &o.credits[i]);
            out.push(
                finding(
                    self.code(),
                    doc,
                    other.credit.span,
                    format!(
                        "tier `{}` owes {} (`{}`), but tier `{}` owes {} (`{}`)",
                        other.when.raw(),
                        other.credit.value.kind(),
                        other.credit.raw(),
                        first.when.raw(),
                        first.credit.value.kind(),
                        first.credit.raw()
                    ),
                )
                .with_objective(o.id.value.clone())
                .with_path(o.pointer(&format!("credits/{i}/credit")))
                .with_help(format!(
                    "write every credit of `{}` in one kind of amount",
                    o.id.value
                ))
                .with_related(
                    doc.file.clone(),
                    first.credit.span,
                    "the first tier's credit",
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::testing::{BASE, run};

    const TIER: &str = "credit: 10%}";

    #[test]
    fn one_kind_of_amount_is_clean() {
        assert!(run(&CreditAmountsMixed, BASE).is_empty());
        let days = BASE.replace(
            TIER,
            "credit: {days: 3}}\n        - {when: '< 99%', credit: {days: 7}}",
        );
        assert!(days.contains("days: 7"));
        assert!(run(&CreditAmountsMixed, &days).is_empty());
    }

    #[test]
    fn days_next_to_a_percent_are_reported_at_the_days() {
        let mixed = BASE.replace(
            TIER,
            "credit: 10%}\n        - {when: '< 99%', credit: {days: 3}}",
        );
        let d = run(&CreditAmountsMixed, &mixed);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(
            d[0].message,
            "tier `< 99%` owes days of service (`3 days of service`), but tier `< 99.9%` owes \
             percent of the fee (`10%`)"
        );
        assert_eq!(
            d[0].path.as_deref(),
            Some("/spec/objectives/0/credits/1/credit")
        );
        // The same currency per another thing is another kind too.
        let money = BASE.replace(
            TIER,
            "credit: {amount: 100, currency: USD, per: incident}}\n        - {when: '< 99%', credit: {amount: 100, currency: USD, per: month}}",
        );
        assert_eq!(run(&CreditAmountsMixed, &money).len(), 1);
    }
}
