//! `unknown-service`: an objective names a service the document does not define.

use crate::diagnostic::{Code, Diagnostic};
use crate::lint::{LintContext, Rule, finding, reference_help};
use crate::model::{Objective, SlaDocument, Spec};

/// The rule.
pub struct UnknownService;

/// Docs.
pub const DOCS: &str = r"## What it checks
That the `service` of every objective is the id of a service listed under `spec.services`.

## Why is this bad?
The service says what the objective measures. A misspelt id leaves the promise attached to
nothing the agreement describes, and the scope of the service (what is covered) no longer
applies to it.

## Example
```yaml
services:
  - {id: crm-platform, name: CRM, description: The hosted CRM}
objectives:
  - id: availability
    service: crm-plattform   # unknown-service: did you mean `crm-platform`?
```
";

/// Whether the objective's service is not defined in `spec`.
pub fn is_unknown(spec: &Spec, objective: &Objective) -> bool {
    !spec
        .services
        .iter()
        .any(|s| s.id.value == objective.service.value)
}

impl Rule for UnknownService {
    fn code(&self) -> Code {
        Code::UnknownService
    }

    fn check_document(&self, _cx: &LintContext<'_>, doc: &SlaDocument, out: &mut Vec<Diagnostic>) {
        let defined: Vec<&str> = doc
            .spec
            .services
            .iter()
            .map(|s| s.id.value.as_str())
            .collect();
        for o in doc
            .spec
            .objectives
            .iter()
            .filter(|o| is_unknown(&doc.spec, o))
        {
            out.push(
                finding(
                    self.code(),
                    doc,
                    o.service.span,
                    format!("service `{}` is not defined", o.service.value),
                )
                .with_objective(o.id.value.clone())
                .with_path(o.pointer("service"))
                .with_help(reference_help(
                    &o.service.value,
                    &defined,
                    "spec.services",
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::testing::{BASE, documents, run};

    #[test]
    fn clean_document_has_none() {
        assert!(run(&UnknownService, BASE).is_empty());
    }

    #[test]
    fn condition_compares_ids_exactly() {
        let docs = documents(&[(
            "t.sla.yaml",
            &BASE.replace(
                "      service: crm\n      indicator: latency",
                "      service: crm-x\n      indicator: latency",
            ),
        )]);
        let spec = &docs[0].spec;
        assert!(!is_unknown(spec, &spec.objectives[0]));
        assert!(is_unknown(spec, &spec.objectives[1]));
    }

    #[test]
    fn misspelt_service_suggests_the_defined_one() {
        let text = BASE.replace(
            "      service: crm\n      indicator: latency",
            "      service: crn\n      indicator: latency",
        );
        let d = run(&UnknownService, &text);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].message, "service `crn` is not defined");
        assert_eq!(
            d[0].help.as_deref(),
            Some("did you mean `crm`? `spec.services` defines `crm`")
        );
        assert_eq!(d[0].span.start.line, 26);
        assert_eq!(d[0].objective.as_deref(), Some("latency"));
        assert_eq!(d[0].path.as_deref(), Some("/spec/objectives/1/service"));
    }

    #[test]
    fn unrelated_name_lists_the_services() {
        let d = run(
            &UnknownService,
            &BASE.replace(
                "      service: crm\n      indicator: availability",
                "      service: billing\n      indicator: availability",
            ),
        );
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].span.start.line, 19);
        assert_eq!(
            d[0].help.as_deref(),
            Some("define it under `spec.services`, or use one of `crm`")
        );
    }
}
