//! `spec.objectives`, each with its target, credits and the objectives it supports, and
//! `spec.severities`, the names objectives are ranked by.

use super::DEFAULT_SEVERITIES;
use super::reader::{At, Ctx, Ptr};
use crate::diagnostic::Code;
use crate::model::quantity::QuantityError;
use crate::model::{
    CreditAmount, CreditTier, Definition, Indicator, Objective, Percent, Percentile, Spanned,
    SupportRef, Target, Window,
};
use crate::source::{Node, Value};

/// The objectives; an invalid one is left out. `index` counts every entry written.
pub(super) fn objectives(cx: &mut Ctx, spec: At<'_>) -> Vec<Objective> {
    let mut objectives = Vec::new();
    let objectives_ptr = spec.ptr.key("objectives");
    for (i, n) in cx.list(spec, "objectives", true).iter().enumerate() {
        if let Some(o) = objective(cx, i, n, &objectives_ptr.index(i)) {
            objectives.push(o);
        }
    }
    objectives
}

/// The severity ids written (items are ids or `{id, description}`), or the defaults (spanned
/// at `spec`); the definitions written; and whether severities were written.
pub(super) fn severities(
    cx: &mut Ctx,
    spec: At<'_>,
) -> (Vec<Spanned<String>>, Vec<Definition>, bool) {
    let explicit = spec.node.get("severities").is_some();
    if explicit {
        let (ids, definitions) = super::contract::severities(cx, spec);
        return (ids, definitions, true);
    }
    let ids = DEFAULT_SEVERITIES
        .iter()
        .map(|n| Spanned::new((*n).to_string(), spec.node.span, *n))
        .collect();
    (ids, Vec::new(), false)
}

/// One objective, the `index`th entry of the list.
fn objective(cx: &mut Ctx, index: usize, node: &Node, ptr: &Ptr<'_>) -> Option<Objective> {
    let at = At { node, ptr };
    let id = cx.str_field(at, "id", true);
    let name = cx.str_field(at, "name", false);
    let description = cx.str_field(at, "description", false);
    let service = cx.str_field(at, "service", true);
    let indicator = cx.parsed(at, "indicator", true, Code::SchemaViolation, |s| {
        Indicator::from_name(s).ok_or_else(|| QuantityError {
            message: format!("`{s}` is not a known indicator"),
            help: format!(
                "use one of {}",
                Indicator::ALL
                    .iter()
                    .map(|(_, n)| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })
    });
    let target = cx.parsed(at, "target", true, Code::InvalidQuantity, Target::parse);
    let percentile = cx.parsed(at, "percentile", false, Code::SchemaViolation, |s| {
        Percentile::parse(s).ok_or_else(|| QuantityError {
            message: format!("`{s}` is not a supported percentile"),
            help: "use `p50`, `p90`, `p95`, `p99` or `p99.9`".into(),
        })
    });
    let window = cx.parsed(at, "window", false, Code::InvalidQuantity, Window::parse);
    let hours = cx.str_field(at, "hours", false);
    let severity = cx.str_field(at, "severity", false);
    let exclusions = cx.strings(at, "exclusions");
    let credits = credits(cx, at);
    let renamed_from = cx.str_field(at, "renamedFrom", false);
    let supports = supports(cx, at);
    let measurement = super::contract::measurement(cx, at);
    let share = super::contract::share(cx, at);
    let owed_by = super::contract::owed_by(cx, at);
    let plan = cx.str_field(at, "plan", false);
    Some(Objective {
        index,
        span: node.span,
        id: id?,
        name,
        description,
        service: service?,
        indicator: indicator?,
        target: target?,
        percentile,
        window,
        hours,
        severity,
        exclusions,
        credits,
        renamed_from: renamed_from.map(Box::new),
        supports,
        measurement: measurement.map(Box::new),
        share: share.map(Box::new),
        owed_by: owed_by.map(Box::new),
        plan: plan.map(Box::new),
    })
}

/// The credit tiers (`when` a target is missed, `credit` this percent).
fn credits(cx: &mut Ctx, at: At<'_>) -> Vec<CreditTier> {
    let mut credits = Vec::new();
    let credits_ptr = at.ptr.key("credits");
    for (i, n) in cx.list(at, "credits", false).iter().enumerate() {
        let p = credits_ptr.index(i);
        let c = At { node: n, ptr: &p };
        let when = cx.parsed(c, "when", true, Code::InvalidQuantity, Target::parse);
        let credit = credit_amount(cx, c);
        if let (Some(when), Some(credit)) = (when, credit) {
            credits.push(CreditTier {
                when,
                credit,
                span: n.span,
            });
        }
    }
    credits
}

/// A tier's `credit`: a percent (`10%`), or `{multiple, of}`, `{days}` or
/// `{amount, currency, per}`.
fn credit_amount(cx: &mut Ctx, tier: At<'_>) -> Option<Spanned<CreditAmount>> {
    let node = cx.child(tier, "credit", true)?;
    if !matches!(node.value, Value::Map(_)) {
        return cx
            .parsed(tier, "credit", true, Code::InvalidQuantity, Percent::parse)
            .map(|p| Spanned::new(CreditAmount::Percent(p.value), p.span, p.raw().to_string()));
    }
    let ptr = tier.ptr.key("credit");
    let c = At { node, ptr: &ptr };
    let kinds: Vec<&str> = ["multiple", "days", "amount"]
        .into_iter()
        .filter(|k| node.get(k).is_some())
        .collect();
    if kinds.len() > 1 {
        cx.error(
            Code::SchemaViolation,
            node.span,
            &ptr,
            format!(
                "a credit is one kind of amount, but this one has {}",
                kinds
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
            Some(
                "write `{multiple, of}`, `{days}` or `{amount, currency, per}`, or a percent \
                 such as `10%`"
                    .into(),
            ),
        );
        return None;
    }
    let amount = if node.get("multiple").is_some() {
        let multiple = cx.number_field(c, "multiple", true);
        let of = cx.str_field(c, "of", true);
        CreditAmount::Multiple {
            multiple: multiple?.value,
            of: of?.value,
        }
    } else if node.get("days").is_some() {
        CreditAmount::Days(cx.number_field(c, "days", true)?.value)
    } else {
        let amount = cx.number_field(c, "amount", true);
        let currency = cx.str_field(c, "currency", true);
        let per = cx.str_field(c, "per", true);
        CreditAmount::Money {
            amount: amount?.value,
            currency: currency?.value,
            per: per?.value,
        }
    };
    let raw = amount.to_string();
    Some(Spanned::new(amount, node.span, raw))
}

/// The `DOCUMENT_ID/OBJECTIVE_ID` references of an OLA objective.
fn supports(cx: &mut Ctx, at: At<'_>) -> Vec<Spanned<SupportRef>> {
    let mut supports = Vec::new();
    let supports_ptr = at.ptr.key("supports");
    for (i, n) in cx.list(at, "supports", false).iter().enumerate() {
        if let Some(r) = cx.parse_node(n, &supports_ptr.index(i), Code::SchemaViolation, |s| {
            s.split_once('/')
                .filter(|(d, o)| !d.is_empty() && !o.is_empty() && !o.contains('/'))
                .map(|(d, o)| SupportRef {
                    document: d.to_string(),
                    objective: o.to_string(),
                })
                .ok_or_else(|| QuantityError {
                    message: format!("`{s}` is not a `DOCUMENT_ID/OBJECTIVE_ID` reference"),
                    help:
                        "write the supported document's metadata.id, a slash and the objective id"
                            .into(),
                })
        }) {
            supports.push(r);
        }
    }
    supports
}
