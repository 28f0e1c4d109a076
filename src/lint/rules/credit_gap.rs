//! `credit-gap`: missing the target does not yet earn a credit.

use crate::diagnostic::{Code, Diagnostic};
use crate::lint::rules::credit_condition_mismatch::{condition_mismatch, missed};
use crate::lint::{LintContext, Rule, finding};
use crate::model::{CreditTier, SlaDocument, Strength, Target};

/// The rule.
pub struct CreditGap;

/// Docs.
pub const DOCS: &str = r"## What it checks
That the mildest credit tier of an objective starts where the target is missed: with a target
of `>= 99.9%`, the first tier is `< 99.9%` (or `<= 99.9%`, which overlaps it). Thresholds
compare exactly, so `< 99.90%` starts right at `>= 99.9%`.

## Why is this bad?
With a target of `>= 99.9%` and a first tier of `< 99.5%`, a month at 99.6% misses the target
and owes nothing: the promise has no consequence over that range. Sometimes that is the
deal, but it should be a decision, not an accident of editing the tiers.

## Example
```yaml
- id: availability
  target: '>= 99.9%'
  credits:
    - {when: '< 99.5%', credit: 10%}   # credit-gap: 99.5% up to 99.9% misses the target for free
    - {when: '< 99.0%', credit: 25%}
```
";

/// The index of the mildest tier, when even it leaves attainments that miss `target` without
/// credit. Tiers whose condition does not fit the target (`credit-condition-mismatch`) are left
/// out; an objective without fitting tiers has no gap.
pub fn gap(target: &Target, tiers: &[CreditTier]) -> Option<usize> {
    let (mildest, tier) = tiers
        .iter()
        .enumerate()
        .filter(|(_, t)| condition_mismatch(target, &t.when.value).is_none())
        .reduce(|mildest, t| {
            if mildest.1.when.value.strength_of(&t.1.when.value) == Strength::Weaker {
                t
            } else {
                mildest
            }
        })?;
    (tier.when.value.strength_of(&missed(target)) == Strength::Weaker).then_some(mildest)
}

impl Rule for CreditGap {
    fn code(&self) -> Code {
        Code::CreditGap
    }

    fn check_document(&self, _cx: &LintContext<'_>, doc: &SlaDocument, out: &mut Vec<Diagnostic>) {
        for o in &doc.spec.objectives {
            let Some(i) = gap(&o.credited().value, &o.credits) else {
                continue;
            };
            let when = &o.credits[i].when;
            out.push(
                finding(
                    self.code(),
                    doc,
                    when.span,
                    format!(
                        "credits start at `{}`, so missing the target `{}` by less earns no credit",
                        when.raw(),
                        o.credited().raw()
                    ),
                )
                .with_objective(o.id.value.clone())
                .with_path(o.pointer(&format!("credits/{i}/when")))
                .with_help(format!(
                    "start the mildest tier where the target is missed, at `{}`",
                    missed(&o.credited().value)
                ))
                .with_related(doc.file.clone(), o.credited().span, "the target"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Span;
    use crate::lint::testing::{BASE, run};
    use crate::model::{Percent, Spanned};

    fn t(s: &str) -> Target {
        Target::parse(s).unwrap()
    }

    fn tiers(conditions: &[&str]) -> Vec<CreditTier> {
        conditions
            .iter()
            .map(|when| CreditTier {
                when: Spanned::new(t(when), Span::default(), *when),
                credit: Spanned::new(
                    crate::model::CreditAmount::Percent(Percent::parse("10%").unwrap()),
                    Span::default(),
                    "10%",
                ),
                span: Span::default(),
            })
            .collect()
    }

    #[test]
    fn exact_complement_or_overlap_leaves_no_gap() {
        assert_eq!(gap(&t(">= 99.9%"), &tiers(&["< 99.9%"])), None);
        assert_eq!(gap(&t(">= 99.9%"), &tiers(&["< 99.90%"])), None);
        assert_eq!(gap(&t(">= 99.9%"), &tiers(&["<= 99.9%"])), None);
        assert_eq!(gap(&t(">= 99.9%"), &tiers(&["< 99.95%"])), None);
        assert_eq!(gap(&t("> 99.9%"), &tiers(&["<= 99.9%"])), None);
        assert_eq!(gap(&t("<= 1%"), &tiers(&["> 1%"])), None);
        assert_eq!(gap(&t(">= 99.9%"), &[]), None);
    }

    #[test]
    fn a_lower_first_threshold_is_a_gap() {
        assert_eq!(gap(&t(">= 99.9%"), &tiers(&["< 99.5%"])), Some(0));
        assert_eq!(gap(&t("> 99.9%"), &tiers(&["< 99.9%"])), Some(0));
        assert_eq!(gap(&t("<= 1%"), &tiers(&["> 2%"])), Some(0));
        assert_eq!(gap(&t(">= 99.9%"), &tiers(&["< 99%", "< 99.5%"])), Some(1));
        assert_eq!(gap(&t(">= 99.9%"), &tiers(&["< 99%", "< 99.9%"])), None);
        // A condition that does not fit the target is another rule's finding.
        assert_eq!(gap(&t(">= 99.9%"), &tiers(&["> 99%"])), None);
    }

    #[test]
    fn clean_document_has_none() {
        assert!(run(&CreditGap, BASE).is_empty());
    }

    #[test]
    fn first_tier_below_the_target_is_reported() {
        let text = BASE.replace(
            "        - {when: '< 99.9%', credit: 10%}\n",
            "        - {when: '< 99%', credit: 25%}\n        - {when: '< 99.5%', credit: 10%}\n",
        );
        let d = run(&CreditGap, &text);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(
            d[0].message,
            "credits start at `< 99.5%`, so missing the target `>= 99.90%` by less earns no credit"
        );
        assert_eq!(
            d[0].help.as_deref(),
            Some("start the mildest tier where the target is missed, at `< 99.9%`")
        );
        assert_eq!(d[0].span.start.line, 25);
        assert_eq!(
            d[0].path.as_deref(),
            Some("/spec/objectives/0/credits/1/when")
        );
        assert_eq!(d[0].related[0].span.start.line, 21);
    }
}
