//! `credit-cap-below-tier`: `remedies.creditCap` is below a credit tier.

use crate::diagnostic::{Code, Diagnostic};
use crate::lint::{LintContext, Rule, finding};
use crate::model::{CreditCap, CreditTier, Objective, Percent, SlaDocument};

/// The rule.
pub struct CreditCapBelowTier;

/// Docs.
pub const DOCS: &str = r"## What it checks
That `remedies.creditCap`, written as a percent, is at least the largest percent credit of any
tier in the document (a cap in days of service, and credits of other kinds, are not compared).

## Why is this bad?
A tier that promises 50% of the fee under a cap of 30% is never paid in full: the tier reads
as a promise the agreement takes back elsewhere. Either the tier or the cap is wrong.

## Example
```yaml
objectives:
  - id: availability
    credits:
      - {when: '< 99.0%', credit: 50%}
remedies:
  creditCap: 30%     # credit-cap-below-tier: below the 50% of tier '< 99.0%'
```
";

/// The tier with the largest percent credit in `objectives` (the first, on a tie), when that
/// credit is above `cap` (credits of other kinds of amount are not percents of the fee).
pub fn tier_above_cap(cap: Percent, objectives: &[Objective]) -> Option<(&Objective, &CreditTier)> {
    objectives
        .iter()
        .flat_map(|o| o.credits.iter().map(move |t| (o, t)))
        .filter(|(_, t)| t.credit.value.percent().is_some())
        .reduce(|largest, x| {
            if x.1.credit.value.value() > largest.1.credit.value.value() {
                x
            } else {
                largest
            }
        })
        .filter(|(_, t)| t.credit.value.value() > cap.value())
}

impl Rule for CreditCapBelowTier {
    fn code(&self) -> Code {
        Code::CreditCapBelowTier
    }

    fn check_document(&self, _cx: &LintContext<'_>, doc: &SlaDocument, out: &mut Vec<Diagnostic>) {
        let Some(cap) = &doc.spec.credit_cap else {
            return;
        };
        // A cap in days of service does not compare with percents of the fee.
        let CreditCap::Percent(percent) = cap.value else {
            return;
        };
        let Some((objective, tier)) = tier_above_cap(percent, &doc.spec.objectives) else {
            return;
        };
        out.push(
            finding(
                self.code(),
                doc,
                cap.span,
                format!(
                    "credit cap `{}` is below the `{}` of tier `{}` of `{}`",
                    cap.raw(),
                    tier.credit.raw(),
                    tier.when.raw(),
                    objective.id.value
                ),
            )
            .with_path("/spec/remedies/creditCap")
            .with_help(format!(
                "raise `creditCap` to at least `{}`, or lower the tier",
                tier.credit.raw()
            ))
            .with_related(doc.file.clone(), tier.credit.span, "the largest credit"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::testing::{BASE, documents, run};

    fn with_cap(cap: &str) -> String {
        BASE.replace(
            "  changelog:",
            &format!("  remedies: {{creditCap: {cap}}}\n  changelog:"),
        )
    }

    #[test]
    fn condition_compares_the_largest_credit() {
        let docs = documents(&[(
            "t.sla.yaml",
            &BASE.replace(
                "credit: 10%}",
                "credit: 10%}\n        - {when: '< 99%', credit: 25%}",
            ),
        )]);
        let objectives = &docs[0].spec.objectives;
        let p = |s| Percent::parse(s).unwrap();
        assert_eq!(
            tier_above_cap(p("20%"), objectives).map(|(_, t)| t.credit.raw()),
            Some("25%")
        );
        assert!(tier_above_cap(p("25%"), objectives).is_none());
        assert!(tier_above_cap(p("0%"), &objectives[1..]).is_none());
    }

    #[test]
    fn clean_document_has_none() {
        assert!(run(&CreditCapBelowTier, BASE).is_empty());
        assert!(run(&CreditCapBelowTier, &with_cap("10.0%")).is_empty());
        // A cap in days of service does not compare with the 10% tier.
        assert!(run(&CreditCapBelowTier, &with_cap("{days: 1}")).is_empty());
    }

    #[test]
    fn cap_below_the_tier_is_reported_at_the_cap() {
        let d = run(&CreditCapBelowTier, &with_cap("5%"));
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(
            d[0].message,
            "credit cap `5%` is below the `10%` of tier `< 99.9%` of `availability`"
        );
        assert_eq!(
            d[0].help.as_deref(),
            Some("raise `creditCap` to at least `10%`, or lower the tier")
        );
        assert_eq!(d[0].span.start.line, 31);
        assert_eq!(d[0].path.as_deref(), Some("/spec/remedies/creditCap"));
        assert_eq!(d[0].related[0].span.start.line, 24);
    }
}
