//! `supports-weaker-than-supported`: an objective is laxer than the objective it supports.

use crate::diagnostic::{Code, Diagnostic};
use crate::lint::{LintContext, Rule, SupportLink, finding, support_links};
use crate::model::zone::covers_all;
use crate::model::{HolidayDate, SlaDocument, Strength, Target};

/// The rule.
pub struct SupportsWeakerThanSupported;

/// Docs.
pub const DOCS: &str = r"## What it checks
That an objective is at least as strict as every objective it `supports`, in each dimension,
each weaker one a finding of its own:

- target: an internal escalation answered within `30m` can support a customer response of
  `1h`; one answered within `2h` cannot. Values compare exactly, and at an equal threshold
  `<` is stricter than `<=`. Business time (`bh`, `bd`) against clock time compares on the
  supported objective's calendar (`<= 4bh` cannot support `<= 4h` on business hours); where
  that calendar does not order the two, the target is not proven as strict: a finding;
- window: not longer (`year` cannot support `30d`);
- covered hours: the supporting calendar covers every minute the supported one covers,
  judged on real dates in each calendar's time zone (daylight saving and holidays included);
- percentile: not lower, where both name one (`p50` cannot support `p99`);
- exclusions: none that the supported objective lacks (matched by id);
- party: both owed by the same party of their own document (`owedBy`); what a customer owes
  (Sales following leads up) cannot carry a promise the provider owes, nor the other way;
- plan: a supporting objective with `plan: premium` only covers the Premium customers, so it
  supports only an objective of a plan with the same id; one without `plan` applies to every
  plan and supports any. An objective without `plan` is for every plan, so a plan's
  objective cannot support it.

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
      window: year          # supports-weaker-than-supported: longer than the supported 'month'
      hours: monday-morning # supports-weaker-than-supported: misses minutes of '24x7'
      supports: [acme-crm/support-response-critical]
```
";

/// Whether `supporting` promises less than `supported`. Targets that do not compare are
/// `supports-quantity-mismatch`'s finding.
pub fn is_laxer(supported: &Target, supporting: &Target) -> bool {
    supported.strength_of(supporting) == Strength::Weaker
}

/// A dimension in which a supporting objective is weaker: where, what and how to fix it.
struct Weaker {
    span: crate::diagnostic::Span,
    field: String,
    message: String,
    help: String,
    related: Option<(crate::diagnostic::Span, &'static str)>,
}

/// Every dimension in which `link.objective` promises less than `link.supported`: target,
/// window, covered hours, percentile and exclusions.
fn weaker_dimensions(link: &SupportLink<'_>) -> Vec<Weaker> {
    let (o, sup, r) = (link.objective, link.supported, link.reference.raw());
    let mut found = Vec::new();
    if let Some(unordered) = business_unordered(link) {
        found.push(unordered);
    } else if target_laxer(link) {
        found.push(Weaker {
            span: o.target.span,
            field: "target".into(),
            message: format!(
                "target `{}` is laxer than the supported `{}` of `{r}`",
                o.target.raw(),
                sup.target.raw()
            ),
            help: format!(
                "tighten the target to `{}` or stricter, or stop supporting `{r}`",
                sup.target.raw()
            ),
            related: Some((sup.target.span, "the supported target")),
        });
    }
    if o.window().length() > sup.window().length() {
        found.push(Weaker {
            span: o.window.as_ref().map_or(o.span, |w| w.span),
            field: "window".into(),
            message: format!(
                "window `{}` is longer than the supported `{}` of `{r}`",
                o.window(),
                sup.window()
            ),
            help: format!(
                "measure over `{}` or less: a long window lets a bad stretch hide in good weeks",
                sup.window()
            ),
            related: sup
                .window
                .as_ref()
                .map(|w| (w.span, "the supported window")),
        });
    }
    found.extend(hours_weaker(link));
    if let (Some(p), Some(sp)) = (&o.percentile, &sup.percentile) {
        if p.value < sp.value {
            found.push(Weaker {
                span: p.span,
                field: "percentile".into(),
                message: format!(
                    "percentile `{}` is lower than the supported `{}` of `{r}`",
                    p.value.as_str(),
                    sp.value.as_str()
                ),
                help: format!("hold the target at `{}` or higher", sp.value.as_str()),
                related: Some((sp.span, "the supported percentile")),
            });
        }
    }
    for (i, e) in o.exclusions.iter().enumerate() {
        if !sup.exclusions.iter().any(|s| s.value == e.value) {
            found.push(Weaker {
                span: e.span,
                field: format!("exclusions/{i}"),
                message: format!(
                    "exclusion `{}` does not apply to the supported objective `{r}`",
                    e.value
                ),
                help: format!(
                    "drop the exclusion, or add it to `{r}` (a change of the customer promise)"
                ),
                related: None,
            });
        }
    }
    found.extend(party_and_plan(link));
    found
}

/// The party and plan dimensions: the same `owedBy`, and a supporting objective's `plan` (if
/// any) equal to the supported one's.
fn party_and_plan(link: &SupportLink<'_>) -> Vec<Weaker> {
    let (o, sup, r) = (link.objective, link.supported, link.reference.raw());
    let mut found = Vec::new();
    if o.owed_by() != sup.owed_by() {
        found.push(Weaker {
            span: o.owed_by.as_ref().map_or(o.span, |b| b.span),
            field: "owedBy".into(),
            message: format!(
                "owed by the {}, but the supported `{r}` is owed by the {}: one party's \
                 objective cannot support the other's",
                o.owed_by().name(),
                sup.owed_by().name()
            ),
            help: format!(
                "support an objective the {} owes, or stop supporting `{r}`",
                o.owed_by().name()
            ),
            related: sup
                .owed_by
                .as_ref()
                .map(|b| (b.span, "the supported party")),
        });
    }
    if let Some(plan) = &o.plan {
        let same = sup.plan.as_ref().is_some_and(|p| p.value == plan.value);
        if !same {
            let theirs = sup
                .plan
                .as_ref()
                .map_or("every plan".to_string(), |p| format!("plan `{}`", p.value));
            found.push(Weaker {
                span: plan.span,
                field: "plan".into(),
                message: format!(
                    "plan `{}` covers only that plan, but the supported `{r}` is for {theirs}",
                    plan.value
                ),
                help: format!(
                    "drop `plan` to cover every plan, or support the objective of plan `{}`",
                    plan.value
                ),
                related: sup.plan.as_ref().map(|p| (p.span, "the supported plan")),
            });
        }
    }
    found
}

/// Whether the supporting target is laxer: exactly, or, for business time (`bh`, `bd`), on
/// the supported objective's calendar (the hours the promise is kept in).
fn target_laxer(link: &SupportLink<'_>) -> bool {
    let (sup, o) = (&link.supported.target.value, &link.objective.target.value);
    if is_laxer(sup, o) {
        return true;
    }
    business_strength(link) == Some(Strength::Weaker)
}

/// How the supporting target compares with the supported one on the supported objective's
/// calendar, when at least one is business time and they do not compare exactly.
fn business_strength(link: &SupportLink<'_>) -> Option<Strength> {
    let (sup, o) = (&link.supported.target.value, &link.objective.target.value);
    let business = |t: &Target| matches!(t.quantity, crate::model::Quantity::Business(_));
    if sup.strength_of(o) != Strength::Incomparable || !(business(sup) || business(o)) {
        return None;
    }
    let spec = &link.supported_doc.spec;
    let id = link.supported.hours_id();
    let holidays = spec.calendar(id).is_some_and(|c| !c.holidays.is_empty());
    let week = spec.covered(id)?;
    Some(
        crate::model::business::strength_on_calendar(sup, o, &week, holidays)
            .unwrap_or(Strength::Incomparable),
    )
}

/// A business-time target that the supported objective's calendar cannot order against the
/// supported one: not proven as strict, so it is a finding (fail closed).
fn business_unordered(link: &SupportLink<'_>) -> Option<Weaker> {
    if business_strength(link)? != Strength::Incomparable {
        return None;
    }
    let (o, sup, r) = (link.objective, link.supported, link.reference.raw());
    Some(Weaker {
        span: o.target.span,
        field: "target".into(),
        message: format!(
            "target `{}` is not proven as strict as the supported `{}` of `{r}`: business \
             and clock time end first in turn on calendar `{}`",
            o.target.raw(),
            sup.target.raw(),
            sup.hours_id()
        ),
        help: format!(
            "write the target in the same unit as the supported `{}`",
            sup.target.raw()
        ),
        related: Some((sup.target.span, "the supported target")),
    })
}

/// Covered hours: the supporting calendar must cover every minute the supported one covers,
/// on real dates in each calendar's zone. An unknown calendar or zone is another rule's.
fn hours_weaker(link: &SupportLink<'_>) -> Option<Weaker> {
    let (o, sup, r) = (link.objective, link.supported, link.reference.raw());
    let (spec, sup_spec) = (&link.doc.spec, &link.supported_doc.spec);
    let outer = spec.local_calendar(o.hours_id())?;
    let inner = sup_spec.local_calendar(sup.hours_id())?;
    let dated: Vec<crate::model::Date> = [&outer, &inner]
        .iter()
        .flat_map(|c| c.holidays.iter())
        .filter_map(|h| match h {
            HolidayDate::On(d) => Some(*d),
            HolidayDate::Every { .. } => None,
        })
        .collect();
    if covers_all(&outer, &inner, &dated) {
        return None;
    }
    Some(Weaker {
        span: o.hours.as_ref().map_or(o.span, |h| h.span),
        field: "hours".into(),
        message: format!(
            "covered hours `{}` miss minutes that the supported `{}` of `{r}` covers",
            o.hours_id(),
            sup.hours_id()
        ),
        help: format!(
            "cover at least the hours of `{}` (in its time zone), or stop supporting `{r}`",
            sup.hours_id()
        ),
        related: sup.hours.as_ref().map(|h| (h.span, "the supported hours")),
    })
}

impl Rule for SupportsWeakerThanSupported {
    fn code(&self) -> Code {
        Code::SupportsWeakerThanSupported
    }

    fn check_document(&self, cx: &LintContext<'_>, doc: &SlaDocument, out: &mut Vec<Diagnostic>) {
        for link in support_links(cx, doc) {
            for w in weaker_dimensions(&link) {
                let mut d = finding(self.code(), link.doc, w.span, w.message)
                    .with_objective(link.objective.id.value.clone())
                    .with_path(link.objective.pointer(&w.field))
                    .with_help(w.help);
                if let Some((span, label)) = w.related {
                    d = d.with_related(link.supported_doc.file.clone(), span, label);
                }
                out.push(d);
            }
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

    #[test]
    fn every_weaker_dimension_is_a_finding_of_its_own() {
        use crate::lint::testing::{BASE, ola, run_files};
        // The OLA's latency (lines 26-31) on Monday 09:00-10:00, per year, at p50, with an
        // exclusion, supports acme's `< 500ms` p95 latency per 30d around the clock.
        let desk = ola("< 400ms", "acme/latency")
            .replace(
                "to: '18:00'}",
                "to: '18:00'}\n    monday-morning: {timezone: Europe/Berlin, days: [mon], from: '09:00', to: '10:00'}",
            )
            .replace("      percentile: p95\n      target: '< 400ms'", "      percentile: p50\n      target: '< 400ms'")
            .replace(
                "      window: 30d\n      supports",
                "      window: year\n      hours: monday-morning\n      exclusions: [deploys]\n      supports",
            );
        let d = run_files(
            &SupportsWeakerThanSupported,
            &[("acme.sla.yaml", BASE), ("desk.ola.yaml", &desk)],
        );
        let got: Vec<(&str, &str)> = d
            .iter()
            .map(|d| (d.path.as_deref().unwrap(), d.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "/spec/objectives/1/window",
                    "window `year` is longer than the supported `30d` of `acme/latency`"
                ),
                (
                    "/spec/objectives/1/hours",
                    "covered hours `monday-morning` miss minutes that the supported `24x7` of \
                     `acme/latency` covers"
                ),
                (
                    "/spec/objectives/1/percentile",
                    "percentile `p50` is lower than the supported `p95` of `acme/latency`"
                ),
                (
                    "/spec/objectives/1/exclusions/0",
                    "exclusion `deploys` does not apply to the supported objective `acme/latency`"
                ),
            ]
        );
    }

    /// `text` with `lines` added to its latency objective (after `window: 30d`) and, when
    /// `plans`, `plans: [basic, premium]` in its spec.
    fn with_latency(text: &str, lines: &str, plans: bool) -> String {
        let out = text.replacen(
            "      window: 30d\n",
            &format!("      window: 30d\n{lines}"),
            1,
        );
        if plans {
            out.replace(
                "  objectives:\n",
                "  plans:\n    - {id: basic, name: Basic}\n    - {id: premium, name: Premium}\n  objectives:\n",
            )
        } else {
            out
        }
    }

    fn party_and_plan_findings(acme: &str, desk: &str) -> Vec<(String, String)> {
        use crate::lint::testing::run_files;
        run_files(
            &SupportsWeakerThanSupported,
            &[("acme.sla.yaml", acme), ("desk.ola.yaml", desk)],
        )
        .iter()
        .map(|d| (d.path.clone().unwrap(), d.message.clone()))
        .collect()
    }

    #[test]
    fn one_partys_objective_cannot_support_the_others() {
        use crate::lint::testing::{BASE, ola};
        let desk = ola("< 400ms", "acme/latency");
        let by_customer = "      owedBy: customer\n";
        // The customer owes the OLA's latency; the provider owes acme's (the default).
        let got = party_and_plan_findings(BASE, &with_latency(&desk, by_customer, false));
        assert_eq!(
            got,
            [(
                "/spec/objectives/1/owedBy".to_string(),
                "owed by the customer, but the supported `acme/latency` is owed by the \
                 provider: one party's objective cannot support the other's"
                    .to_string()
            )]
        );
        // And the other way round: acme's latency owed by its customer.
        let got = party_and_plan_findings(&with_latency(BASE, by_customer, false), &desk);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].1.starts_with("owed by the provider, but"), "{got:?}");
        // Both owed by their customers: the same party, no finding.
        let got = party_and_plan_findings(
            &with_latency(BASE, by_customer, false),
            &with_latency(&desk, by_customer, false),
        );
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn a_plans_objective_supports_only_the_same_plan() {
        use crate::lint::testing::{BASE, ola};
        let desk = ola("< 400ms", "acme/latency");
        let premium = "      plan: premium\n";
        let basic = "      plan: basic\n";
        // Premium supporting premium, and a supporter without plan (every plan) supporting
        // premium: no finding.
        let acme_premium = with_latency(BASE, premium, true);
        assert!(
            party_and_plan_findings(&acme_premium, &with_latency(&desk, premium, true)).is_empty()
        );
        assert!(party_and_plan_findings(&acme_premium, &desk).is_empty());
        // Premium supporting basic.
        let got = party_and_plan_findings(
            &with_latency(BASE, basic, true),
            &with_latency(&desk, premium, true),
        );
        assert_eq!(
            got,
            [(
                "/spec/objectives/1/plan".to_string(),
                "plan `premium` covers only that plan, but the supported `acme/latency` is for \
                 plan `basic`"
                    .to_string()
            )]
        );
        // Premium supporting an objective for every plan.
        let got = party_and_plan_findings(BASE, &with_latency(&desk, premium, true));
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].1.ends_with("is for every plan"), "{got:?}");
    }

    #[test]
    fn equal_or_stricter_dimensions_pass() {
        use crate::lint::testing::{BASE, ola, run_files};
        // p99 over 7d, 24x7 (the default) supports p95 over 30d.
        let desk = ola("< 400ms", "acme/latency")
            .replace(
                "      percentile: p95\n      target: '< 400ms'",
                "      percentile: p99\n      target: '< 400ms'",
            )
            .replace(
                "      window: 30d\n      supports",
                "      window: 7d\n      supports",
            );
        let d = run_files(
            &SupportsWeakerThanSupported,
            &[("acme.sla.yaml", BASE), ("desk.ola.yaml", &desk)],
        );
        assert!(d.is_empty(), "{d:#?}");
    }

    #[test]
    fn business_time_is_judged_on_the_supported_calendar() {
        use crate::lint::testing::{BASE, ola, run_files};
        // acme's availability is on business-hours (Mon-Fri 09:00-18:00); make its latency
        // objective a response time there: `<= 4h`.
        let acme = BASE.replace(
            "      percentile: p95\n      target: '< 500ms'\n      window: 30d\n",
            "      percentile: p95\n      target: '<= 4h'\n      window: 30d\n      hours: business-hours\n",
        );
        let desk = |target: &str| {
            ola(target, "acme/latency").replace(
                "      window: 30d\n      supports",
                "      window: 30d\n      hours: business-hours\n      supports",
            )
        };
        let lint = |target: &str| {
            run_files(
                &SupportsWeakerThanSupported,
                &[("acme.sla.yaml", &acme), ("desk.ola.yaml", &desk(target))],
            )
        };
        // 4 covered hours never end sooner than 4 hours, and later from Friday 17:00.
        let d = lint("<= 4bh");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(
            d[0].message,
            "target `<= 4bh` is laxer than the supported `<= 4h` of `acme/latency`"
        );
        // Half a business hour: sooner on Monday 10:00, later on Friday 17:45: not proven.
        let d = lint("<= 0.5bh");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(
            d[0].message.contains("is not proven as strict"),
            "{}",
            d[0].message
        );
        // Clock time as strict as the supported: no finding.
        assert!(lint("<= 3h").is_empty());
    }
}
