//! What each party owes: services and their scope, compliance commitments, responsibilities,
//! termination rights and cancellation conditions.
//!
//! Services pair by id. The other lists are sentences and pair by meaning
//! ([`crate::diff::matching::texts`]): the same words in any order are no change, a reworded
//! sentence is `text-changed`, and what is left is removed or added. Losing something the
//! provider owes weakens the agreement; so does a new duty for the customer.

use crate::diagnostic::{Code, Diagnostic};
use crate::diff::matching;
use crate::model::SlaDocument;

use super::documents::id_list;
use super::text::{Sentences, prose, same_list, sentences};
use super::{Finding, Loc};

/// Docs of `service-removed`.
pub const SERVICE_REMOVED: &str = "\
## What it checks
A service (matched by `id`) that the base revision of a document lists in `services` and the
head does not.

## Why is this bad?
The agreement no longer covers the service at all; its objectives must have gone with it.

## Example
Before: `services: [{id: crm-platform, ...}, {id: crm-api, ...}]`
After: `services: [{id: crm-platform, ...}]`
";

/// Docs of `service-added`.
pub const SERVICE_ADDED: &str = "\
## What it checks
A service that only the head revision of a document lists.

## Why is this bad?
It is not: the agreement covers more. It is reported (as `info`, class `added`) so reviewers
see the new scope.

## Example
Before: `services: [{id: crm-platform, ...}]`
After: `services: [{id: crm-platform, ...}, {id: data-export, ...}]`
";

/// Docs of `service-scope-narrowed`.
pub const SERVICE_SCOPE_NARROWED: &str = "\
## What it checks
An item of a service's `scope` that is gone in the head revision (matched by its words, not
its position).

## Why is this bad?
What is out of scope is not covered by any objective of the service, even though the service
keeps its name.

## Example
Before: `scope: [Web application, Nightly data export to the customer's SFTP server]`
After: `scope: [Web application]`
";

/// Docs of `service-scope-widened`.
pub const SERVICE_SCOPE_WIDENED: &str = "\
## What it checks
An item of a service's `scope` that is new in the head revision.

## Why is this bad?
It is not, for the customer: the service covers more.

## Example
Before: `scope: [Web application]`
After: `scope: [Web application, Mobile web client]`
";

/// Docs of `compliance-removed`.
pub const COMPLIANCE_REMOVED: &str = "\
## What it checks
A compliance commitment (an item of `compliance`) that is gone in the head revision.

## Why is this bad?
The provider no longer promises to keep it (GDPR processing terms, a HIPAA business associate
agreement, encryption at rest), and the customer may depend on it for its own compliance.

## Example
Before: `compliance: [GDPR (EU data processing agreement), HIPAA (business associate agreement in place)]`
After: `compliance: [GDPR (EU data processing agreement)]`
";

/// Docs of `compliance-added`.
pub const COMPLIANCE_ADDED: &str = "\
## What it checks
A compliance commitment that is new in the head revision.

## Why is this bad?
It is not, for the customer: the provider promises more.

## Example
Before: `compliance: [GDPR]`
After: `compliance: [GDPR, SOC 2 Type II report provided yearly]`
";

/// Docs of `provider-duty-removed`.
pub const PROVIDER_DUTY_REMOVED: &str = "\
## What it checks
A responsibility of the provider (an item of `responsibilities.provider`) that is gone in the
head revision.

## Why is this bad?
The provider no longer owes it: announcing maintenance, notifying incidents, publishing
root-cause analyses.

## Example
Before: `provider: [Announce scheduled maintenance at least 72 hours ahead, ...]`
After: the item is gone.
";

/// Docs of `provider-duty-added`.
pub const PROVIDER_DUTY_ADDED: &str = "\
## What it checks
A responsibility of the provider that is new in the head revision.

## Why is this bad?
It is not, for the customer: the provider owes more.

## Example
After: `provider: [..., Publish a root-cause analysis within 5 business days]`
";

/// Docs of `customer-duty-added`.
pub const CUSTOMER_DUTY_ADDED: &str = "\
## What it checks
A responsibility of the customer (an item of `responsibilities.customer`) that is new in the
head revision.

## Why is this bad?
Each duty of the customer is a condition the provider can point to when an objective is
missed (\"the incident was not reported through the portal\"), so a new one weakens the
agreement for the customer.

## Example
Before: `customer: [Report incidents through the support portal]`
After: `customer: [Report incidents through the support portal, Keep a staging environment in sync]`
";

/// Docs of `customer-duty-removed`.
pub const CUSTOMER_DUTY_REMOVED: &str = "\
## What it checks
A responsibility of the customer that is gone in the head revision.

## Why is this bad?
It is not, for the customer: one condition fewer to meet.

## Example
Before: `customer: [Stay within the documented API rate limits]`
After: `customer: []`
";

/// Docs of `termination-right-removed`.
pub const TERMINATION_RIGHT_REMOVED: &str = "\
## What it checks
A termination right (an item of `remedies.termination`) that is gone in the head revision.

## Why is this bad?
Termination is the customer's last remedy when objectives are missed again and again.
Without it, persistent failure only costs the provider credits.

## Example
Before: `termination: [Availability below 99.0% in three consecutive months]`
After: `termination: []`
";

/// Docs of `termination-right-added`.
pub const TERMINATION_RIGHT_ADDED: &str = "\
## What it checks
A termination right that is new in the head revision.

## Why is this bad?
It is not, for the customer: one more remedy.

## Example
After: `termination: [Availability below 99.5% in any four months of a year]`
";

/// Docs of `cancellation-changed`.
pub const CANCELLATION_CHANGED: &str = "\
## What it checks
A cancellation condition (an item of `cancellation`) added, removed or reworded.

## Why is this bad?
Cancellation conditions may favour either party (a notice period binds both), so the tool
cannot tell whether the change is weaker; a person must look.

## Example
Before: `cancellation: [Either party, with 90 days' written notice]`
After: `cancellation: [Either party, with 30 days' written notice]`
";

/// Services, responsibilities, remedies and commitments of two revisions of a document.
pub(crate) fn compare(base: &SlaDocument, head: &SlaDocument, out: &mut Vec<Diagnostic>) {
    services(base, head, out);
    let (b, h) = (&base.spec, &head.spec);
    let lists = [
        (
            "compliance commitment",
            Code::ComplianceRemoved,
            Code::ComplianceAdded,
            Code::TextChanged,
            "/spec/compliance",
            &b.compliance,
            &h.compliance,
        ),
        (
            "provider responsibility",
            Code::ProviderDutyRemoved,
            Code::ProviderDutyAdded,
            Code::TextChanged,
            "/spec/responsibilities/provider",
            &b.provider_duties,
            &h.provider_duties,
        ),
        (
            "customer responsibility",
            Code::CustomerDutyRemoved,
            Code::CustomerDutyAdded,
            Code::TextChanged,
            "/spec/responsibilities/customer",
            &b.customer_duties,
            &h.customer_duties,
        ),
        (
            "termination right",
            Code::TerminationRightRemoved,
            Code::TerminationRightAdded,
            Code::TextChanged,
            "/spec/remedies/termination",
            &b.termination,
            &h.termination,
        ),
        (
            "cancellation condition",
            Code::CancellationChanged,
            Code::CancellationChanged,
            Code::CancellationChanged,
            "/spec/cancellation",
            &b.cancellation,
            &h.cancellation,
        ),
    ];
    for (what, removed, added, reworded, path, bl, hl) in lists {
        if same_list(bl, hl) {
            continue;
        }
        sentences(
            (base, head),
            (bl, hl),
            &Sentences {
                what,
                removed,
                added,
                reworded,
                paths: (path, path),
            },
            out,
        );
    }
}

fn services(base: &SlaDocument, head: &SlaDocument, out: &mut Vec<Diagnostic>) {
    let (bs, hs) = (&base.spec.services, &head.spec.services);
    let m = matching::by_key(bs, hs, |s| s.id.value.as_str());
    for (b, h) in m.pairs {
        let same_words = |x: &crate::model::Spanned<String>, y: &crate::model::Spanned<String>| {
            crate::diff::words::same(&x.value, &y.value)
        };
        if same_words(&b.name, &h.name)
            && same_words(&b.description, &h.description)
            && same_list(&b.scope, &h.scope)
        {
            continue;
        }
        let bi = bs.iter().position(|s| std::ptr::eq(s, b)).unwrap_or(0);
        let hi = hs.iter().position(|s| std::ptr::eq(s, h)).unwrap_or(0);
        let (bp, hp) = (
            format!("/spec/services/{bi}"),
            format!("/spec/services/{hi}"),
        );
        let id = &h.id.value;
        prose(
            (base, head),
            (&b.name, &h.name),
            (&format!("{bp}/name"), &format!("{hp}/name")),
            None,
            &format!("name of service `{id}`"),
            out,
        );
        prose(
            (base, head),
            (&b.description, &h.description),
            (&format!("{bp}/description"), &format!("{hp}/description")),
            None,
            &format!("description of service `{id}`"),
            out,
        );
        sentences(
            (base, head),
            (&b.scope, &h.scope),
            &Sentences {
                what: &format!("scope of service `{id}`"),
                removed: Code::ServiceScopeNarrowed,
                added: Code::ServiceScopeWidened,
                reworded: Code::TextChanged,
                paths: (&format!("{bp}/scope"), &format!("{hp}/scope")),
            },
            out,
        );
    }
    for s in m.removed {
        let i = bs.iter().position(|x| std::ptr::eq(x, s)).unwrap_or(0);
        let objectives = base
            .spec
            .objectives
            .iter()
            .filter(|o| o.service.value == s.id.value);
        let ids = id_list(objectives.map(|o| o.id.value.as_str()), 8);
        Finding::new(
            Code::ServiceRemoved,
            format!("service `{}` removed", s.id.value),
        )
        .before(s.id.value.clone())
        .impact((!ids.is_empty()).then(|| format!("its objectives in the base revision: {ids}")))
        .base(Loc::new(base, s.id.span, format!("/spec/services/{i}")))
        .emit(out);
    }
    for s in m.added {
        let i = hs.iter().position(|x| std::ptr::eq(x, s)).unwrap_or(0);
        Finding::new(
            Code::ServiceAdded,
            format!("service `{}` added", s.id.value),
        )
        .after(s.id.value.clone())
        .head(Loc::new(head, s.id.span, format!("/spec/services/{i}")))
        .emit(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::rules::text::tests::both_ways;
    use crate::load::testing::BASE;

    /// This family's findings from `base` to `head` ([`compare`]), one [`line`] each.
    fn diff(base: &str, head: &str) -> Vec<String> {
        crate::diff::rules::text::tests::document_lines(compare, base, head)
    }

    /// `BASE` with the given obligations written before the changelog.
    fn with(obligations: &str) -> String {
        BASE.replace("  changelog:", &format!("{obligations}  changelog:"))
    }

    #[test]
    fn a_compliance_commitment_lost_weakens() {
        both_ways(
            diff,
            &with("  compliance: [GDPR, ISO 27001]\n"),
            &with("  compliance: [GDPR]\n"),
            &["compliance-removed: ISO 27001 -> - (at base)"],
            &["compliance-added: - -> ISO 27001"],
        );
    }

    #[test]
    fn a_provider_duty_lost_weakens_and_a_customer_duty_gained_weakens() {
        both_ways(
            diff,
            &with("  responsibilities:\n    provider: [Operate the service, Back up data daily]\n"),
            &with("  responsibilities:\n    provider: [Operate the service]\n"),
            &["provider-duty-removed: Back up data daily -> - (at base)"],
            &["provider-duty-added: - -> Back up data daily"],
        );
        both_ways(
            diff,
            &with("  responsibilities:\n    customer: [Report incidents]\n"),
            &with("  responsibilities:\n    customer: [Report incidents, Keep contacts current]\n"),
            &["customer-duty-added: - -> Keep contacts current"],
            &["customer-duty-removed: Keep contacts current -> - (at base)"],
        );
    }

    #[test]
    fn a_termination_right_lost_weakens() {
        both_ways(
            diff,
            &with("  remedies: {termination: [Three months below 99%, Any data breach]}\n"),
            &with("  remedies: {termination: [Three months below 99%]}\n"),
            &["termination-right-removed: Any data breach -> - (at base)"],
            &["termination-right-added: - -> Any data breach"],
        );
    }

    #[test]
    fn a_reworded_sentence_is_changed_with_a_word_diff() {
        both_ways(
            diff,
            &with("  cancellation: [Either party with 90 days written notice]\n"),
            &with("  cancellation: [Either party with 30 days written notice]\n"),
            &[
                "cancellation-changed: Either party with 90 days written notice -> Either party with 30 days written notice: Either party with [-90-]{+30+} days written notice",
            ],
            &[
                "cancellation-changed: Either party with 30 days written notice -> Either party with 90 days written notice: Either party with [-30-]{+90+} days written notice",
            ],
        );
        both_ways(
            diff,
            &with("  responsibilities:\n    provider: [Back up the data daily]\n"),
            &with("  responsibilities:\n    provider: [Back up the data weekly]\n"),
            &[
                "text-changed: Back up the data daily -> Back up the data weekly: Back up the data [-daily-]{+weekly+}",
            ],
            &[
                "text-changed: Back up the data weekly -> Back up the data daily: Back up the data [-weekly-]{+daily+}",
            ],
        );
    }

    #[test]
    fn a_removed_service_names_the_objectives_that_measured_it() {
        let web = "    - {id: web, name: Web, description: The website}\n";
        let base = BASE
            .replace("  calendars:", &format!("{web}  calendars:"))
            .replace(
                "      service: crm\n      indicator: latency",
                "      service: web\n      indicator: latency",
            );
        both_ways(
            diff,
            &base,
            BASE,
            &[
                "service-removed: web -> - (at base): its objectives in the base revision: `latency`",
            ],
            &["service-added: - -> web"],
        );
    }

    #[test]
    fn a_shorter_scope_narrows_the_service() {
        let scoped = |scope: &str| {
            BASE.replace(
                "{id: crm, name: CRM, description: The CRM}",
                &format!("{{id: crm, name: CRM, description: The CRM, scope: [{scope}]}}"),
            )
        };
        both_ways(
            diff,
            &scoped("web UI, REST API"),
            &scoped("web UI"),
            &["service-scope-narrowed: REST API -> - (at base)"],
            &["service-scope-widened: - -> REST API"],
        );
    }

    #[test]
    fn reordered_lists_and_reflowed_text_are_no_change() {
        let base = with(
            "  responsibilities:\n    provider: [Operate the service, Back up data daily]\n  compliance: [GDPR, ISO 27001]\n",
        )
        .replace("description: The CRM}", "description: The hosted CRM}");
        let head = with(
            "  responsibilities:\n    provider:\n      - Back up   data daily\n      - >-\n        Operate the\n        service\n  compliance: [ISO 27001, GDPR]\n",
        )
        .replace(
            "    - {id: crm, name: CRM, description: The CRM}\n",
            "    - id: crm\n      name: CRM\n      description: >\n        The hosted\n        CRM\n",
        );
        // The edits took: a silent miss would compare a document with itself.
        assert!(base.contains("The hosted CRM}") && head.contains("        The hosted\n"));
        both_ways(diff, &base, &head, &[], &[]);
    }
}
