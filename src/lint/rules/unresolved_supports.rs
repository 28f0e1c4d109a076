//! `unresolved-supports`: a `supports` reference names no objective in the repository.

use crate::diagnostic::{Code, Diagnostic};
use crate::lint::{LintContext, Rule, Support, closest, finding, id_list, resolve_support};
use crate::model::{SlaDocument, SupportRef};

/// The rule.
pub struct UnresolvedSupports;

/// Docs.
pub const DOCS: &str = r"## What it checks
That every `supports: [DOCUMENT_ID/OBJECTIVE_ID]` reference names a document of the repository
(by `metadata.id`) and an objective of that document.

## Why is this bad?
`supports` is how an OLA says which customer promise it underpins, and how slagate checks
that the internal target is at least as strict as the customer one. A reference that leads
nowhere checks nothing, and usually means the customer objective was renamed or removed
without the OLA following.

## Example
```yaml
kind: OperationalLevelAgreement
spec:
  objectives:
    - id: escalation-response-critical
      target: '<= 30m'
      supports: [acme-crm/support-response-criticl]   # unresolved-supports: no such objective
```
";

/// The part of a reference that does not resolve.
#[derive(Debug, Clone, Copy)]
pub enum Missing<'a> {
    /// No document has the id.
    Document,
    /// The document (given) has no objective with the id.
    Objective(&'a SlaDocument),
}

/// What a reference misses, if anything.
pub fn missing<'a>(cx: &LintContext<'a>, reference: &SupportRef) -> Option<Missing<'a>> {
    match resolve_support(cx, reference) {
        Support::Found(..) => None,
        Support::NoDocument => Some(Missing::Document),
        Support::NoObjective(doc) => Some(Missing::Objective(doc)),
    }
}

fn no_document(documents: &[SlaDocument], reference: &SupportRef) -> (String, String) {
    let ids: Vec<&str> = documents.iter().map(|d| d.id.value.as_str()).collect();
    let message = format!(
        "document `{}` of `{}/{}` is not among the documents checked",
        reference.document, reference.document, reference.objective
    );
    let help = match closest(&reference.document, &ids) {
        Some(near) => format!("did you mean `{near}/{}`?", reference.objective),
        None => format!(
            "check the supported document's file together with this one, or fix the `metadata.id` before the `/`; \
             the documents checked are {}",
            id_list(&ids)
        ),
    };
    (message, help)
}

fn no_objective(target: &SlaDocument, reference: &SupportRef) -> (String, String) {
    let ids: Vec<&str> = target
        .spec
        .objectives
        .iter()
        .map(|o| o.id.value.as_str())
        .collect();
    let message = format!(
        "document `{}` has no objective `{}`",
        reference.document, reference.objective
    );
    // An objective that declares it was renamed from the missing id is where it went.
    let renamed = target.spec.objectives.iter().find(|o| {
        o.renamed_from
            .as_ref()
            .is_some_and(|r| r.value == reference.objective)
    });
    if let Some(o) = renamed {
        let message = format!(
            "document `{}` has no objective `{}`: it was renamed to `{}` (`renamedFrom`)",
            reference.document, reference.objective, o.id.value
        );
        return (
            message,
            format!("point it at `{}/{}`", reference.document, o.id.value),
        );
    }
    let help = match closest(&reference.objective, &ids) {
        Some(near) => format!("did you mean `{}/{near}`?", reference.document),
        None => format!(
            "`{}` has the objectives {}",
            reference.document,
            id_list(&ids)
        ),
    };
    (message, help)
}

impl Rule for UnresolvedSupports {
    fn code(&self) -> Code {
        Code::UnresolvedSupports
    }

    fn check_document(&self, cx: &LintContext<'_>, doc: &SlaDocument, out: &mut Vec<Diagnostic>) {
        for o in &doc.spec.objectives {
            for (i, reference) in o.supports.iter().enumerate() {
                let Some(unresolved) = missing(cx, &reference.value) else {
                    continue;
                };
                let (message, help, target) = match unresolved {
                    Missing::Objective(target) => {
                        let (m, h) = no_objective(target, &reference.value);
                        (m, h, Some(target))
                    }
                    Missing::Document => {
                        let (m, h) = no_document(cx.documents, &reference.value);
                        (m, h, None)
                    }
                };
                let mut d = finding(self.code(), doc, reference.span, message)
                    .with_objective(o.id.value.clone())
                    .with_path(o.pointer(&format!("supports/{i}")))
                    .with_help(help);
                if let Some(target) = target {
                    d = d.with_related(target.file.clone(), target.id.span, "the document");
                }
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::testing::{BASE, documents, run_files};

    fn ola(reference: &str) -> String {
        crate::lint::testing::ola("< 500ms", reference)
    }

    #[test]
    fn clean_repository_has_none() {
        let d = run_files(
            &UnresolvedSupports,
            &[
                ("acme.sla.yaml", BASE),
                ("desk.ola.yaml", &ola("acme/latency")),
            ],
        );
        assert!(d.is_empty(), "{d:#?}");
    }

    #[test]
    fn condition_tells_which_part_is_missing() {
        let docs = documents(&[("acme.sla.yaml", BASE)]);
        let cx = LintContext::new(crate::lint::testing::today(), &docs);
        let r = |d: &str, o: &str| SupportRef {
            document: d.into(),
            objective: o.into(),
        };
        assert!(missing(&cx, &r("acme", "latency")).is_none());
        assert!(matches!(
            missing(&cx, &r("globex", "latency")),
            Some(Missing::Document)
        ));
        assert!(matches!(
            missing(&cx, &r("acme", "uptime")),
            Some(Missing::Objective(_))
        ));
    }

    #[test]
    fn a_reference_to_a_renamed_objective_names_its_new_id() {
        // `latency` became `response-latency`, declared with `renamedFrom`; the OLA still
        // names the old id. Spelling alone would find nothing near.
        let renamed = BASE.replace(
            "    - id: latency\n",
            "    - id: response-latency\n      renamedFrom: latency\n",
        );
        assert_ne!(renamed, BASE);
        let d = run_files(
            &UnresolvedSupports,
            &[
                ("acme.sla.yaml", &renamed),
                ("desk.ola.yaml", &ola("acme/latency")),
            ],
        );
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(
            d[0].message,
            "document `acme` has no objective `latency`: it was renamed to `response-latency` (`renamedFrom`)"
        );
        assert_eq!(
            d[0].help.as_deref(),
            Some("point it at `acme/response-latency`")
        );
    }

    #[test]
    fn missing_objective_points_at_the_reference_and_the_document() {
        let d = run_files(
            &UnresolvedSupports,
            &[
                ("acme.sla.yaml", BASE),
                ("desk.ola.yaml", &ola("acme/latancy")),
            ],
        );
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].message, "document `acme` has no objective `latancy`");
        assert_eq!(d[0].help.as_deref(), Some("did you mean `acme/latency`?"));
        assert_eq!(&*d[0].file, "desk.ola.yaml");
        assert_eq!(d[0].span.start.line, 31);
        assert_eq!(d[0].path.as_deref(), Some("/spec/objectives/1/supports/0"));
        assert_eq!(&*d[0].related[0].file, "acme.sla.yaml");
        assert_eq!(d[0].related[0].span.start.line, 4);
    }

    #[test]
    fn missing_document_says_so() {
        let d = run_files(
            &UnresolvedSupports,
            &[("desk.ola.yaml", &ola("globex/latency"))],
        );
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(
            d[0].message,
            "document `globex` of `globex/latency` is not among the documents checked"
        );
        assert!(
            d[0].help
                .as_deref()
                .unwrap()
                .ends_with("the documents checked are `desk`"),
            "{:?}",
            d[0].help
        );
        assert!(d[0].related.is_empty());
        let d = run_files(
            &UnresolvedSupports,
            &[
                ("acme.sla.yaml", BASE),
                ("desk.ola.yaml", &ola("acne/latency")),
            ],
        );
        assert_eq!(d[0].help.as_deref(), Some("did you mean `acme/latency`?"));
    }

    #[test]
    fn unknown_objective_lists_the_objectives() {
        let d = run_files(
            &UnresolvedSupports,
            &[
                ("acme.sla.yaml", BASE),
                ("desk.ola.yaml", &ola("acme/error-rate")),
            ],
        );
        assert_eq!(
            d[0].help.as_deref(),
            Some("`acme` has the objectives `availability`, `latency`")
        );
    }
}
