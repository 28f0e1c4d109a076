//! Spanned YAML tree → [`SlaDocument`], or diagnostics.
//!
//! The schema runs first and catches shape errors with better messages; this builder is still
//! total on its own (it never panics on any tree) and adds the checks a schema cannot make:
//! quantities parsed into exact decimals, dates that exist, times of day.
//!
//! One file per section of the document, read in document order so that findings come out
//! in that order: `metadata`, `parties`, `term` (effective dates and review),
//! `services`, `calendars`, `objectives` (and severities), `obligations` (exclusions,
//! responsibilities, reporting, remedies, notice) and `changelog`. `reader` holds the typed
//! field accessors they share.

mod calendars;
mod changelog;
mod contract;
mod metadata;
mod objectives;
mod obligations;
mod parties;
mod reader;
mod services;
mod term;

use std::sync::Arc;

use reader::{At, Ctx, Ptr};

use super::{AgreementType, SlaDocument, Spec};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{Node, Value};

/// The default severities, most severe first.
pub const DEFAULT_SEVERITIES: [&str; 4] = ["critical", "high", "medium", "low"];

/// Builds the typed model of one document. `index` is the document's position in its file.
pub fn build(file: Arc<str>, index: usize, root: &Node) -> Result<SlaDocument, Vec<Diagnostic>> {
    let mut cx = Ctx {
        file: file.clone(),
        errors: Vec::new(),
    };
    let doc = build_inner(&mut cx, file, index, root);
    match doc {
        Some(doc) if cx.errors.is_empty() => Ok(doc),
        _ => {
            if cx.errors.is_empty() {
                cx.error(
                    Code::SchemaViolation,
                    root.span,
                    &Ptr::ROOT,
                    "the document is not an SLA document".into(),
                    Some(
                        "start with `apiVersion: slagate/v1`, `kind`, `metadata` and `spec`".into(),
                    ),
                );
            }
            Err(cx.errors)
        }
    }
}

/// The document, or `None` after recording why not. A missing `metadata`, `spec` or
/// `spec.parties` stops the build there; any other invalid field is recorded and the rest
/// of the document is still read, so one run reports every problem.
fn build_inner(cx: &mut Ctx, file: Arc<str>, index: usize, root: &Node) -> Option<SlaDocument> {
    if !matches!(root.value, Value::Map(_)) {
        cx.error(
            Code::SchemaViolation,
            root.span,
            &Ptr::ROOT,
            format!(
                "expected a mapping at the top of the document, found a {}",
                root.kind_name()
            ),
            Some("start with `apiVersion: slagate/v1`, `kind`, `metadata` and `spec`".into()),
        );
        return None;
    }
    let top = At {
        node: root,
        ptr: &Ptr::ROOT,
    };
    let kind = metadata::kind(cx, top);
    let meta = metadata::metadata(cx, top)?;
    let spec = spec(cx, top)?;
    Some(SlaDocument {
        file,
        index,
        span: root.span,
        kind: kind?,
        id: meta.id?,
        version: meta.version?,
        title: meta.title,
        labels: meta.labels,
        spec,
    })
}

/// The `spec` section, its sections read in document order; `None` when a required part is
/// missing or invalid.
fn spec(cx: &mut Ctx, top: At<'_>) -> Option<Spec> {
    let spec_node = cx.map_node(top, "spec", true)?;
    let spec_ptr = Ptr::ROOT.key("spec");
    let s = At {
        node: spec_node,
        ptr: &spec_ptr,
    };
    let agreement_type = cx.enumerated(
        s,
        "type",
        true,
        &[
            ("customer", AgreementType::Customer),
            ("internal", AgreementType::Internal),
            ("multilevel", AgreementType::Multilevel),
        ],
    );
    let description = cx.str_field(s, "description", false);
    let (provider, customer) = parties::parties(cx, s)?;
    let (effective_from, effective_until) = term::effective(cx, s);
    let (review_every, review_last) = term::review(cx, s);
    let mut services = services::services(cx, s);
    let calendars = calendars::calendars(cx, s);
    let mut objectives = objectives::objectives(cx, s);
    let exclusions = obligations::exclusions(cx, s);
    let (mut provider_duties, mut customer_duties) = obligations::responsibilities(cx, s);
    let reporting = obligations::reporting(cx, s);
    let mut remedies = obligations::remedies(cx, s);
    let notice = obligations::notice(cx, s);
    let mut compliance = cx.strings(s, "compliance");
    let mut cancellation = cx.strings(s, "cancellation");
    let disputes = cx.str_field(s, "disputes", false);
    let (severities, severity_definitions, severities_explicit) = objectives::severities(cx, s);
    let mut changelog = changelog::changelog(cx, s);
    let definitions = contract::definitions(cx, s);
    let plans = contract::plans(cx, s);

    for v in [
        &mut compliance,
        &mut cancellation,
        &mut provider_duties,
        &mut customer_duties,
        &mut remedies.termination,
    ] {
        v.shrink_to_fit();
    }
    objectives.shrink_to_fit();
    services.shrink_to_fit();
    changelog.shrink_to_fit();
    Some(Spec {
        agreement_type: agreement_type?,
        description,
        provider: provider?,
        customer: customer?,
        effective_from: effective_from?,
        effective_until,
        review_every: review_every?,
        review_last,
        services,
        calendars,
        objectives,
        exclusions,
        provider_duties,
        customer_duties,
        reporting,
        credit_cap: remedies.credit_cap,
        credit_base: remedies.credit_base,
        credit_floor: remedies.credit_floor,
        refund: remedies.refund,
        sole_remedy: remedies.sole_remedy,
        claims: remedies.claims.map(Box::new),
        notice,
        termination: remedies.termination,
        compliance,
        cancellation,
        disputes,
        severities,
        severities_explicit,
        changelog,
        definitions,
        severity_definitions,
        plans,
    })
}

/// Shared test input: a small valid document.
#[cfg(test)]
pub(crate) mod tests_support {
    pub(crate) const MINIMAL: &str = "\
apiVersion: slagate/v1
kind: ServiceLevelAgreement
metadata:
  id: acme
  version: 2
spec:
  type: customer
  parties:
    provider: {name: Northwind, approvers: [alice]}
    customer: {name: Acme}
  effective: {from: 2026-01-01}
  review: {every: year, last: 2026-06-01}
  services:
    - {id: crm, name: CRM, description: The CRM}
  calendars:
    business-hours: {timezone: Europe/Berlin, days: [mon, tue, wed, thu, fri], from: '09:00', to: '18:00'}
  objectives:
    - id: availability
      service: crm
      indicator: availability
      target: '>= 99.90%'
      hours: business-hours
      credits:
        - {when: '< 99.9%', credit: 10%}
    - id: latency
      service: crm
      indicator: latency
      percentile: p95
      target: '< 500ms'
      window: 30d
  changelog:
    - {version: 2, date: 2026-06-01, summary: Latency objective added}
";
}

#[cfg(test)]
mod tests {
    use super::tests_support::MINIMAL;
    use super::*;
    use crate::model::{Target, Window};
    use crate::source::yaml::{Limits, parse};

    fn doc(text: &str) -> Result<SlaDocument, Vec<Diagnostic>> {
        let docs = parse(text, &Limits::default()).unwrap();
        build("t.sla.yaml".into(), 0, &docs[0].root)
    }

    #[test]
    fn builds_the_typed_model() {
        let d = doc(MINIMAL).unwrap();
        assert_eq!(d.id.value, "acme");
        assert_eq!(d.version.value, 2);
        let a = &d.spec.objectives[0];
        assert_eq!(a.target.value, Target::parse(">= 99.9%").unwrap());
        assert_eq!(a.target.raw(), ">= 99.90%");
        assert_eq!(a.target.span.start.line, 21);
        assert_eq!(a.window(), Window::Month);
        assert_eq!(
            d.spec.covered(a.hours_id()).unwrap().hours(),
            rust_decimal::Decimal::from(45)
        );
        assert_eq!(d.spec.objectives[1].window(), Window::parse("30d").unwrap());
        assert_eq!(d.spec.severities.len(), 4);
        assert!(!d.spec.severities_explicit);
    }

    #[test]
    fn bad_quantities_and_dates_point_at_their_value() {
        let errs = doc(&MINIMAL.replace("'< 500ms'", "'<= 1hr'")).unwrap_err();
        assert_eq!(errs[0].code, Code::InvalidQuantity);
        assert_eq!(errs[0].span.start.line, 29);
        assert_eq!(errs[0].path.as_deref(), Some("/spec/objectives/1/target"));
        let errs = doc(&MINIMAL.replace("from: 2026-01-01", "from: 2026-02-30")).unwrap_err();
        assert_eq!(errs[0].code, Code::InvalidDate);
        assert!(errs[0].message.contains("2026-02-30"));
    }

    #[test]
    fn never_panics_on_wrong_shapes() {
        for text in [
            "[]",
            "x",
            "kind: 1",
            "metadata: []\nspec: 1",
            "spec: {objectives: [1, {id: []}]}",
        ] {
            let docs = parse(text, &Limits::default()).unwrap();
            assert!(build("t".into(), 0, &docs[0].root).is_err(), "{text}");
        }
    }

    #[test]
    fn reads_the_contract_terms() {
        let text = MINIMAL
            .replace(
                "{when: '< 99.9%', credit: 10%}",
                "{when: '< 99.9%', credit: {multiple: 2.5, of: fees-during-downtime}}",
            )
            .replace(
                "  changelog:\n    - {version: 2, date: 2026-06-01,",
                "  remedies:\n    creditCap: {days: 30}\n    creditFloor: 5%\n    soleRemedy: true\n    \
                 claims: {within: 10d, from: end-of-billing-cycle, businessDays: true, evidence: [IDs]}\n  \
                 notice: {maintenance: 72h}\n  changelog:\n    - {version: 2, date: 2026-06-01, effective: 2026-07-01,",
            );
        let d = doc(&text).unwrap_or_else(|e| panic!("{e:#?}"));
        let s = &d.spec;
        assert_eq!(
            s.objectives[0].credits[0].credit.value.to_string(),
            "2.5x fees-during-downtime"
        );
        assert_eq!(
            s.credit_cap.as_ref().unwrap().value,
            crate::model::CreditCap::Days(rust_decimal::Decimal::from(30))
        );
        assert_eq!(s.credit_floor.as_ref().unwrap().raw(), "5%");
        assert_eq!(s.sole_remedy.as_ref().map(|b| b.value), Some(true));
        let c = s.claims.as_ref().unwrap();
        assert_eq!(c.from.value, crate::model::ClaimAnchor::EndOfBillingCycle);
        assert_eq!(c.deadline(), "10d (business days)");
        assert!(!c.is_automatic());
        assert_eq!(c.evidence.len(), 1);
        // 72h is three days.
        assert_eq!(
            s.notice.maintenance.as_ref().unwrap().value,
            crate::model::Duration::parse("3d").unwrap()
        );
        assert!(s.notice.adverse_change.is_none());
        assert_eq!(
            s.changelog[0].effective.as_ref().unwrap().value,
            crate::model::Date::parse("2026-07-01").unwrap()
        );
    }

    #[test]
    fn a_credit_of_two_kinds_at_once_is_an_error_not_a_guess() {
        let text = MINIMAL.replace("credit: 10%}", "credit: {days: 3, amount: 5}}");
        let docs = parse(&text, &Limits::default()).unwrap();
        let errs = build("t.sla.yaml".into(), 0, &docs[0].root).unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:#?}");
        assert_eq!(
            errs[0].message,
            "a credit is one kind of amount, but this one has `days` and `amount`"
        );
        assert_eq!(
            errs[0].path.as_deref(),
            Some("/spec/objectives/0/credits/0/credit")
        );
    }
}
