//! `credit-tiers-not-monotonic`: a worse attainment earns a smaller credit than a better one.

use crate::diagnostic::{Code, Diagnostic};
use crate::lint::rules::credit_condition_mismatch::condition_mismatch;
use crate::lint::{LintContext, Rule, finding};
use crate::model::{CreditTier, SlaDocument, Strength, Target};

/// The rule.
pub struct CreditTiersNotMonotonic;

/// Docs.
pub const DOCS: &str = r"## What it checks
That the credit tiers of an objective never pay less for a worse attainment: a tier whose
condition is worse (`< 99.0%` next to `< 99.5%` on an availability target; `> 4h` next to
`> 2h` on a response time) owes at least the credit of every milder tier.

## Why is this bad?
An attainment of 98% meets both `< 99.5%` and `< 99.0%`; if the deeper tier pays less, the
provider owes less for the worse month, and the two parties will argue over which tier applies.
It is almost always a typo in a credit or a threshold.

## Example
```yaml
- id: availability
  target: '>= 99.9%'
  credits:
    - {when: '< 99.9%', credit: 10%}
    - {when: '< 99.5%', credit: 25%}
    - {when: '< 99.0%', credit: 20%}   # credit-tiers-not-monotonic: less than the 25% of '< 99.5%'
```
";

/// Whether an attainment that meets `worse` always meets `milder` too, but not the other way
/// round: `< 99%` is worse than `< 99.5%`, and `< 99.5%` worse than `<= 99.5%`.
pub fn is_worse(worse: &Target, milder: &Target) -> bool {
    milder.strength_of(worse) == Strength::Stronger
}

/// Pairs `(worse, milder)` of tier indices where the worse tier earns a smaller credit; for each
/// worse tier, the milder tier with the largest credit. Credits compare only within one kind of
/// amount (percent with percent, days with days: `credit-amounts-mixed` reports a mix). Tiers whose condition does not fit the
/// target (`credit-condition-mismatch`) are left out.
pub fn smaller_credits(target: &Target, tiers: &[CreditTier]) -> Vec<(usize, usize)> {
    let fits = |t: &CreditTier| condition_mismatch(target, &t.when.value).is_none();
    let mut out = Vec::new();
    for (w, worse) in tiers.iter().enumerate().filter(|(_, t)| fits(t)) {
        let milder = tiers
            .iter()
            .enumerate()
            .filter(|(_, m)| {
                fits(m)
                    && is_worse(&worse.when.value, &m.when.value)
                    && m.credit.value.same_kind(&worse.credit.value)
                    && m.credit.value.value() > worse.credit.value.value()
            })
            .reduce(|best, m| {
                if m.1.credit.value.value() > best.1.credit.value.value() {
                    m
                } else {
                    best
                }
            });
        if let Some((m, _)) = milder {
            out.push((w, m));
        }
    }
    out
}

impl Rule for CreditTiersNotMonotonic {
    fn code(&self) -> Code {
        Code::CreditTiersNotMonotonic
    }

    fn check_document(&self, _cx: &LintContext<'_>, doc: &SlaDocument, out: &mut Vec<Diagnostic>) {
        for o in &doc.spec.objectives {
            for (w, m) in smaller_credits(&o.credited().value, &o.credits) {
                let (worse, milder) = (&o.credits[w], &o.credits[m]);
                out.push(
                    finding(
                        self.code(),
                        doc,
                        worse.credit.span,
                        format!(
                            "tier `{}` earns `{}`, less than the `{}` of the milder tier `{}`",
                            worse.when.raw(), worse.credit.raw(), milder.credit.raw(), milder.when.raw()
                        ),
                    )
                    .with_objective(o.id.value.clone())
                    .with_path(o.pointer(&format!("credits/{w}/credit")))
                    .with_help(format!(
                        "raise this credit to at least `{}`, or lower the milder tier's: a worse attainment must not earn less",
                        milder.credit.raw()
                    ))
                    .with_related(doc.file.clone(), milder.span, "the milder tier"),
                );
            }
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

    fn tiers(list: &[(&str, &str)]) -> Vec<CreditTier> {
        list.iter()
            .map(|(when, credit)| CreditTier {
                when: Spanned::new(t(when), Span::default(), *when),
                credit: Spanned::new(
                    crate::model::CreditAmount::Percent(Percent::parse(credit).unwrap()),
                    Span::default(),
                    *credit,
                ),
                span: Span::default(),
            })
            .collect()
    }

    fn with_tiers(lines: &str) -> String {
        BASE.replace("        - {when: '< 99.9%', credit: 10%}\n", lines)
    }

    #[test]
    fn worse_means_contained_in_the_milder_condition() {
        assert!(is_worse(&t("< 99%"), &t("< 99.5%")));
        assert!(is_worse(&t("< 99.5%"), &t("<= 99.5%")));
        assert!(!is_worse(&t("< 99.5%"), &t("< 99.50%")));
        assert!(!is_worse(&t("< 99.5%"), &t("< 99%")));
        assert!(is_worse(&t("> 4h"), &t("> 2h")));
        assert!(!is_worse(&t("< 99%"), &t("> 99%")));
    }

    #[test]
    fn condition_finds_the_largest_milder_credit() {
        let target = t(">= 99.9%");
        assert!(
            smaller_credits(
                &target,
                &tiers(&[("< 99.9%", "10%"), ("< 99.5%", "25%"), ("< 99%", "50%")])
            )
            .is_empty()
        );
        assert!(
            smaller_credits(&target, &tiers(&[("< 99%", "25%"), ("< 99.9%", "25%")])).is_empty()
        );
        assert_eq!(
            smaller_credits(
                &target,
                &tiers(&[("< 99.9%", "30%"), ("< 99.5%", "40%"), ("< 99%", "20%")])
            ),
            [(2, 1)]
        );
        assert_eq!(
            smaller_credits(
                &target,
                &tiers(&[("< 99.9%", "30%"), ("< 99.5%", "10%"), ("< 99%", "20%")])
            ),
            [(1, 0), (2, 0)]
        );
        // Lower-is-better: a longer response is worse.
        assert_eq!(
            smaller_credits(&t("<= 1h"), &tiers(&[("> 1h", "10%"), ("> 4h", "5%")])),
            [(1, 0)]
        );
        // A condition that does not fit the target is another rule's finding.
        assert!(
            smaller_credits(&target, &tiers(&[("< 99.9%", "30%"), ("> 99.5%", "10%")])).is_empty()
        );
    }

    #[test]
    fn clean_document_has_none() {
        assert!(run(&CreditTiersNotMonotonic, BASE).is_empty());
        let text = with_tiers(
            "        - {when: '< 99.9%', credit: 10%}\n        - {when: '< 99.5%', credit: 25%}\n",
        );
        assert!(run(&CreditTiersNotMonotonic, &text).is_empty());
    }

    #[test]
    fn smaller_credit_for_a_deeper_tier_is_reported() {
        let text = with_tiers(concat!(
            "        - {when: '< 99.9%', credit: 10%}\n",
            "        - {when: '< 99.5%', credit: 25%}\n",
            "        - {when: '< 99.0%', credit: 20%}\n",
        ));
        let d = run(&CreditTiersNotMonotonic, &text);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(
            d[0].message,
            "tier `< 99.0%` earns `20%`, less than the `25%` of the milder tier `< 99.5%`"
        );
        assert_eq!(d[0].span.start.line, 26);
        assert_eq!(
            d[0].path.as_deref(),
            Some("/spec/objectives/0/credits/2/credit")
        );
        assert_eq!(d[0].related[0].span.start.line, 25);
        assert_eq!(
            d[0].help.as_deref(),
            Some(
                "raise this credit to at least `25%`, or lower the milder tier's: a worse attainment must not earn less"
            )
        );
    }

    #[test]
    fn tier_order_in_the_file_does_not_matter() {
        let text = with_tiers(
            "        - {when: '< 99.0%', credit: 5%}\n        - {when: '< 99.9%', credit: 10%}\n",
        );
        let d = run(&CreditTiersNotMonotonic, &text);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].span.start.line, 24);
        assert_eq!(d[0].related[0].span.start.line, 25);
    }
}
