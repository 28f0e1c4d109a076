//! `percentile-without-lower-is-better`: a `percentile` on a target that is not lower-is-better.

use crate::diagnostic::{Code, Diagnostic};
use crate::lint::{LintContext, Rule, finding};
use crate::model::{Direction, Objective, Percentile, SlaDocument};

/// The rule.
pub struct PercentileWithoutLowerIsBetter;

/// Docs.
pub const DOCS: &str = r"## What it checks
That `percentile` is only set on an objective whose target is lower-is-better (`<=` or `<`),
such as a latency.

## Why is this bad?
A percentile bounds the slow tail: `p95 <= 500ms` means 95% of requests take at most 500ms.
On a higher-is-better target (`>= 99.9%`, `>= 10000 users`) it has no agreed meaning, so the
two parties will measure it differently.

## Example
```yaml
- id: concurrent-users
  indicator: capacity
  percentile: p95           # percentile-without-lower-is-better
  target: '>= 10000 users'
```
";

/// The percentile of the objective, when its target is not lower-is-better.
pub fn misplaced_percentile(objective: &Objective) -> Option<Percentile> {
    let percentile = objective.percentile.as_ref()?.value;
    (objective.target.value.direction() != Direction::LowerIsBetter).then_some(percentile)
}

impl Rule for PercentileWithoutLowerIsBetter {
    fn code(&self) -> Code {
        Code::PercentileWithoutLowerIsBetter
    }

    fn check_document(&self, _cx: &LintContext<'_>, doc: &SlaDocument, out: &mut Vec<Diagnostic>) {
        for o in &doc.spec.objectives {
            let (Some(percentile), Some(written)) = (misplaced_percentile(o), &o.percentile) else {
                continue;
            };
            out.push(
                finding(
                    self.code(),
                    doc,
                    written.span,
                    format!(
                        "percentile `{}` is set on `{}`, where {}",
                        percentile.as_str(),
                        o.target.raw(),
                        o.target.value.direction()
                    ),
                )
                .with_objective(o.id.value.clone())
                .with_path(o.pointer("percentile"))
                .with_help("remove `percentile`; it only bounds lower-is-better targets such as `<= 500ms`")
                .with_related(doc.file.clone(), o.target.span, "the target"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::testing::{BASE, documents, run, run_unchecked};

    // The schema already rejects a percentile without `<`/`<=`, so the findings below use a
    // model built without the schema check; the rule backs the schema up.

    #[test]
    fn clean_document_has_none() {
        assert!(run(&PercentileWithoutLowerIsBetter, BASE).is_empty());
    }

    #[test]
    fn condition_needs_a_percentile_and_a_higher_is_better_target() {
        let docs = documents(&[("t.sla.yaml", BASE)]);
        assert_eq!(misplaced_percentile(&docs[0].spec.objectives[0]), None);
        assert_eq!(misplaced_percentile(&docs[0].spec.objectives[1]), None);
        let mut latency = docs[0].spec.objectives[1].clone();
        latency.target.value = crate::model::Target::parse("> 500ms").unwrap();
        assert_eq!(misplaced_percentile(&latency), Some(Percentile::P95));
    }

    #[test]
    fn percentile_on_higher_is_better_is_reported() {
        let d = run_unchecked(
            &PercentileWithoutLowerIsBetter,
            &BASE.replace("'< 500ms'", "'>= 10000 requests'"),
        );
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(
            d[0].message,
            "percentile `p95` is set on `>= 10000 requests`, where higher is better"
        );
        assert_eq!(d[0].span.start.line, 28);
        assert_eq!(d[0].path.as_deref(), Some("/spec/objectives/1/percentile"));
        assert_eq!(d[0].related[0].span.start.line, 29);
    }
}
