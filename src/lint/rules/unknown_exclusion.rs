//! `unknown-exclusion`: an objective names an exclusion the document does not define.

use crate::diagnostic::{Code, Diagnostic};
use crate::lint::{LintContext, Rule, finding, reference_help};
use crate::model::{Objective, SlaDocument, Spanned, Spec};

/// The rule.
pub struct UnknownExclusion;

/// Docs.
pub const DOCS: &str = r"## What it checks
That every id in an objective's `exclusions` is the id of an exclusion listed under
`spec.exclusions`.

## Why is this bad?
An exclusion takes time out of the measurement (scheduled maintenance, force majeure). One
that is named but not defined has no description and no limit, so either party can read
anything into it when a target is missed.

## Example
```yaml
objectives:
  - id: availability
    exclusions: [maintenance]   # unknown-exclusion: did you mean `scheduled-maintenance`?
exclusions:
  - id: scheduled-maintenance
    description: Announced 72 hours ahead
    max: 4h
```
";

/// The exclusion references of the objective that `spec` does not define, with their
/// positions in `exclusions`.
pub fn unknown_exclusions<'a>(
    spec: &Spec,
    objective: &'a Objective,
) -> Vec<(usize, &'a Spanned<String>)> {
    objective
        .exclusions
        .iter()
        .enumerate()
        .filter(|(_, e)| !spec.exclusions.iter().any(|x| x.id.value == e.value))
        .collect()
}

impl Rule for UnknownExclusion {
    fn code(&self) -> Code {
        Code::UnknownExclusion
    }

    fn check_document(&self, _cx: &LintContext<'_>, doc: &SlaDocument, out: &mut Vec<Diagnostic>) {
        let defined: Vec<&str> = doc
            .spec
            .exclusions
            .iter()
            .map(|x| x.id.value.as_str())
            .collect();
        for o in &doc.spec.objectives {
            for (i, e) in unknown_exclusions(&doc.spec, o) {
                out.push(
                    finding(
                        self.code(),
                        doc,
                        e.span,
                        format!("exclusion `{}` is not defined", e.value),
                    )
                    .with_objective(o.id.value.clone())
                    .with_path(o.pointer(&format!("exclusions/{i}")))
                    .with_help(reference_help(
                        &e.value,
                        &defined,
                        "spec.exclusions",
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::testing::{BASE, documents, run};

    const EXCLUSIONS: &str = "  exclusions:\n    - {id: scheduled-maintenance, description: Announced 72h ahead, max: 4h}\n  changelog:";

    fn with_exclusions(refs: &str) -> String {
        BASE.replace(
            "      hours: business-hours\n",
            &format!("      hours: business-hours\n      exclusions: [{refs}]\n"),
        )
        .replace("  changelog:", EXCLUSIONS)
    }

    #[test]
    fn clean_document_has_none() {
        assert!(run(&UnknownExclusion, BASE).is_empty());
        assert!(run(&UnknownExclusion, &with_exclusions("scheduled-maintenance")).is_empty());
    }

    #[test]
    fn condition_returns_each_unknown_reference() {
        let docs = documents(&[(
            "t.sla.yaml",
            &with_exclusions("a, scheduled-maintenance, b"),
        )]);
        let unknown: Vec<(usize, &str)> =
            unknown_exclusions(&docs[0].spec, &docs[0].spec.objectives[0])
                .into_iter()
                .map(|(i, e)| (i, e.value.as_str()))
                .collect();
        assert_eq!(unknown, [(0, "a"), (2, "b")]);
    }

    #[test]
    fn undefined_exclusion_suggests_the_defined_one() {
        let d = run(&UnknownExclusion, &with_exclusions("scheduled-maintenanse"));
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(
            d[0].message,
            "exclusion `scheduled-maintenanse` is not defined"
        );
        assert_eq!(d[0].span.start.line, 23);
        assert_eq!(
            d[0].path.as_deref(),
            Some("/spec/objectives/0/exclusions/0")
        );
        assert_eq!(
            d[0].help.as_deref(),
            Some(
                "did you mean `scheduled-maintenance`? `spec.exclusions` defines `scheduled-maintenance`"
            )
        );
    }

    #[test]
    fn document_without_exclusions_says_where_to_define_them() {
        let text = BASE.replace(
            "      hours: business-hours\n",
            "      hours: business-hours\n      exclusions: [force-majeure]\n",
        );
        let d = run(&UnknownExclusion, &text);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(
            d[0].help.as_deref(),
            Some("define it under `spec.exclusions`")
        );
    }
}
