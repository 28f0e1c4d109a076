//! `supports-quantity-mismatch`: an objective supports one measured in another kind of quantity.

use crate::diagnostic::{Code, Diagnostic};
use crate::lint::{LintContext, Rule, finding, support_links};
use crate::model::{QuantityKind, SlaDocument, Target};

/// The rule.
pub struct SupportsQuantityMismatch;

/// Docs.
pub const DOCS: &str = r"## What it checks
That an objective and each objective it `supports` measure the same kind of quantity (percent,
duration, or count of the same thing) in the same direction (both higher-is-better or both
lower-is-better).

## Why is this bad?
An OLA objective underpins a customer objective only if its target can be compared with the
customer's: a `<= 30m` escalation response says nothing about a `>= 99.9%` availability. Such a
reference is usually a copy-paste slip, and it hides the customer objective that really lacks
an internal commitment.

## Example
```yaml
kind: OperationalLevelAgreement
spec:
  objectives:
    - id: escalation-response-critical
      target: '<= 30m'
      supports: [acme-crm/availability]   # supports-quantity-mismatch: `>= 99.9%` is a percent
```
";

/// Why a supporting target cannot be compared with the target it supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SupportsMismatch {
    /// Different kinds of quantity.
    Kind {
        /// The supporting target's kind.
        supporting: QuantityKind,
        /// The supported target's kind.
        supported: QuantityKind,
    },
    /// Counts of different things (`users` and `leads`).
    Unit,
    /// One is higher-is-better, the other lower-is-better.
    Direction,
}

/// Why `supporting` cannot underpin `supported`, if it cannot.
pub fn supports_mismatch(supported: &Target, supporting: &Target) -> Option<SupportsMismatch> {
    if supporting.kind() != supported.kind() {
        return Some(SupportsMismatch::Kind {
            supporting: supporting.kind(),
            supported: supported.kind(),
        });
    }
    if supporting.quantity.compare(&supported.quantity).is_none() {
        return Some(SupportsMismatch::Unit);
    }
    (supporting.direction() != supported.direction()).then_some(SupportsMismatch::Direction)
}

impl Rule for SupportsQuantityMismatch {
    fn code(&self) -> Code {
        Code::SupportsQuantityMismatch
    }

    fn check_document(&self, cx: &LintContext<'_>, doc: &SlaDocument, out: &mut Vec<Diagnostic>) {
        for link in support_links(cx, doc) {
            let (supporting, supported) = (&link.objective.target, &link.supported.target);
            let Some(mismatch) = supports_mismatch(&supported.value, &supporting.value) else {
                continue;
            };
            let (ours, theirs, name) = (supporting.raw(), supported.raw(), link.reference.raw());
            let message = match mismatch {
                SupportsMismatch::Kind {
                    supporting: kind,
                    supported: their_kind,
                } => {
                    format!(
                        "`{ours}` is a {kind}, but the supported `{theirs}` of `{name}` is a {their_kind}"
                    )
                }
                SupportsMismatch::Unit => format!(
                    "`{ours}` counts something else than the supported `{theirs}` of `{name}`"
                ),
                SupportsMismatch::Direction => format!(
                    "`{ours}` says {}, but the supported `{theirs}` of `{name}` says {}",
                    supporting.value.direction(),
                    supported.value.direction()
                ),
            };
            out.push(
                finding(self.code(), link.doc, link.reference.span, message)
                    .with_objective(link.objective.id.value.clone())
                    .with_path(link.objective.pointer(&format!("supports/{}", link.position)))
                    .with_help("support an objective that measures the same quantity the same way, or remove the reference")
                    .with_related(link.supported_doc.file.clone(), supported.span, "the supported target"),
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
        run_with_ola(&SupportsQuantityMismatch, target, reference)
    }

    #[test]
    fn supported_and_supporting_must_compare() {
        assert_eq!(supports_mismatch(&t("<= 1h"), &t("<= 30m")), None);
        assert_eq!(supports_mismatch(&t("<= 1h"), &t("<= 4h")), None);
        assert_eq!(
            supports_mismatch(&t(">= 99.9%"), &t("<= 30m")),
            Some(SupportsMismatch::Kind {
                supporting: QuantityKind::Duration,
                supported: QuantityKind::Percent
            })
        );
        assert_eq!(
            supports_mismatch(&t(">= 10 users"), &t(">= 10 leads")),
            Some(SupportsMismatch::Unit)
        );
        assert_eq!(
            supports_mismatch(&t(">= 60%"), &t("<= 40%")),
            Some(SupportsMismatch::Direction)
        );
    }

    #[test]
    fn clean_repository_has_none() {
        assert!(lint("<= 400ms", "acme/latency").is_empty());
        // Unresolved references are another rule's finding.
        assert!(lint("<= 400ms", "acme/uptime").is_empty());
    }

    #[test]
    fn duration_supporting_a_percent_is_reported_at_the_reference() {
        let d = lint("< 500ms", "acme/availability");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(
            d[0].message,
            "`< 500ms` is a duration, but the supported `>= 99.90%` of `acme/availability` is a percent"
        );
        assert_eq!(&*d[0].file, "desk.ola.yaml");
        assert_eq!(d[0].span.start.line, 31);
        assert_eq!(d[0].path.as_deref(), Some("/spec/objectives/1/supports/0"));
        assert_eq!(&*d[0].related[0].file, "acme.sla.yaml");
        assert_eq!(d[0].related[0].span.start.line, 21);
    }

    #[test]
    fn opposite_directions_are_reported() {
        let d = lint("<= 99.9%", "acme/availability");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(
            d[0].message,
            "`<= 99.9%` says lower is better, but the supported `>= 99.90%` of `acme/availability` says higher is better"
        );
    }
}
