//! `supports-weaker-than-supported`: an objective is laxer than the objective it supports.

use crate::diagnostic::{Code, Diagnostic};
use crate::lint::{LintContext, Rule, finding, support_links};
use crate::model::{SlaDocument, Strength, Target};

/// The rule.
pub struct SupportsWeakerThanSupported;

/// Docs.
pub const DOCS: &str = r"## What it checks
That the target of an objective is at least as strict as the target of every objective it
`supports`: an internal escalation answered within `30m` can support a customer response of
`1h`; one answered within `2h` cannot. Values compare exactly, and at an equal threshold `<`
is stricter than `<=`.

## Why is this bad?
An OLA exists so that the provider can keep its customer promise. If the internal team may
take longer than the customer was promised, the customer SLA can be missed while every
internal agreement is met, and nobody is accountable for the difference.

## Example
```yaml
kind: OperationalLevelAgreement
spec:
  objectives:
    - id: escalation-response-critical
      target: '<= 2h'       # supports-weaker-than-supported: laxer than the supported '<= 1h'
      supports: [acme-crm/support-response-critical]
```
";

/// Whether `supporting` promises less than `supported`. Targets that do not compare are
/// `supports-quantity-mismatch`'s finding.
pub fn is_laxer(supported: &Target, supporting: &Target) -> bool {
    supported.strength_of(supporting) == Strength::Weaker
}

impl Rule for SupportsWeakerThanSupported {
    fn code(&self) -> Code {
        Code::SupportsWeakerThanSupported
    }

    fn check_document(&self, cx: &LintContext<'_>, doc: &SlaDocument, out: &mut Vec<Diagnostic>) {
        for link in support_links(cx, doc) {
            let (supporting, supported) = (&link.objective.target, &link.supported.target);
            if !is_laxer(&supported.value, &supporting.value) {
                continue;
            }
            out.push(
                finding(
                    self.code(),
                    link.doc,
                    supporting.span,
                    format!(
                        "target `{}` is laxer than the supported `{}` of `{}`",
                        supporting.raw(),
                        supported.raw(),
                        link.reference.raw()
                    ),
                )
                .with_objective(link.objective.id.value.clone())
                .with_path(link.objective.pointer("target"))
                .with_help(format!(
                    "tighten the target to `{}` or stricter, or stop supporting `{}`",
                    supported.raw(),
                    link.reference.raw()
                ))
                .with_related(
                    link.supported_doc.file.clone(),
                    supported.span,
                    "the supported target",
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::testing::run_with_ola;

    fn t(s: &str) -> Target {
        Target::parse(s).unwrap()
    }

    fn lint(target: &str, reference: &str) -> Vec<Diagnostic> {
        run_with_ola(&SupportsWeakerThanSupported, target, reference)
    }

    #[test]
    fn supporting_must_be_at_least_as_strict() {
        assert!(is_laxer(&t("<= 1h"), &t("<= 2h")));
        assert!(is_laxer(&t("< 1h"), &t("<= 60m")));
        assert!(!is_laxer(&t("<= 1h"), &t("<= 30m")));
        assert!(!is_laxer(&t("<= 1h"), &t("<= 60m")));
        assert!(is_laxer(&t(">= 99.9%"), &t(">= 99.5%")));
        assert!(!is_laxer(&t(">= 99.9%"), &t(">= 99.95%")));
        assert!(!is_laxer(&t(">= 99.9%"), &t("<= 30m")));
    }

    #[test]
    fn clean_repository_has_none() {
        assert!(lint("<= 400ms", "acme/latency").is_empty());
        assert!(lint("< 0.5s", "acme/latency").is_empty());
        // Kinds that do not compare are another rule's finding.
        assert!(lint("<= 400ms", "acme/availability").is_empty());
    }

    #[test]
    fn laxer_supporting_target_is_reported_at_the_target() {
        let d = lint("<= 2s", "acme/latency");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(
            d[0].message,
            "target `<= 2s` is laxer than the supported `< 500ms` of `acme/latency`"
        );
        assert_eq!(
            d[0].help.as_deref(),
            Some("tighten the target to `< 500ms` or stricter, or stop supporting `acme/latency`")
        );
        assert_eq!(&*d[0].file, "desk.ola.yaml");
        assert_eq!(d[0].span.start.line, 29);
        assert_eq!(d[0].path.as_deref(), Some("/spec/objectives/1/target"));
        assert_eq!(&*d[0].related[0].file, "acme.sla.yaml");
        assert_eq!(d[0].related[0].span.start.line, 29);
    }

    #[test]
    fn inclusive_at_the_same_threshold_is_laxer() {
        let d = lint("<= 500ms", "acme/latency");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(
            d[0].message,
            "target `<= 500ms` is laxer than the supported `< 500ms` of `acme/latency`"
        );
    }
}
