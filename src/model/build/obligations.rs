//! What the agreement binds beyond its objectives: `exclusions`, `responsibilities`,
//! `reporting`, `remedies` (with the claim process) and `notice`.

use super::reader::{At, Ctx};
use super::term::FREQUENCIES;
use crate::diagnostic::Code;
use crate::model::{
    ClaimAnchor, Claims, CreditCap, Duration, Exclusion, Notice, Percent, Reporting, Spanned,
};
use crate::source::Value;

/// The exclusions from measurement; one with a missing field is left out.
pub(super) fn exclusions(cx: &mut Ctx, spec: At<'_>) -> Vec<Exclusion> {
    let mut exclusions = Vec::new();
    let exclusions_ptr = spec.ptr.key("exclusions");
    for (i, n) in cx.list(spec, "exclusions", false).iter().enumerate() {
        let ptr = exclusions_ptr.index(i);
        let a = At { node: n, ptr: &ptr };
        let id = cx.str_field(a, "id", true);
        let description = cx.str_field(a, "description", true);
        let max = cx.parsed(a, "max", false, Code::InvalidQuantity, Duration::parse);
        if let (Some(id), Some(description)) = (id, description) {
            exclusions.push(Exclusion {
                id,
                description,
                max,
            });
        }
    }
    exclusions
}

/// The provider's and the customer's duties.
pub(super) fn responsibilities(
    cx: &mut Ctx,
    spec: At<'_>,
) -> (Vec<Spanned<String>>, Vec<Spanned<String>>) {
    match cx.map_node(spec, "responsibilities", false) {
        Some(n) => {
            let ptr = spec.ptr.key("responsibilities");
            let r = At { node: n, ptr: &ptr };
            (cx.strings(r, "provider"), cx.strings(r, "customer"))
        }
        None => (Vec::new(), Vec::new()),
    }
}

/// The reporting duties, if written and valid.
pub(super) fn reporting(cx: &mut Ctx, spec: At<'_>) -> Option<Reporting> {
    let reporting_ptr = spec.ptr.key("reporting");
    cx.map_node(spec, "reporting", false).and_then(|n| {
        let r = At {
            node: n,
            ptr: &reporting_ptr,
        };
        let every = cx.enumerated(r, "every", true, &FREQUENCIES[..3]);
        let to = cx.strings(r, "to");
        let via = cx.str_field(r, "via", false);
        Some(Reporting {
            every: every?,
            to,
            via,
        })
    })
}

/// What `spec.remedies` holds beyond the objectives' own credits.
#[derive(Default)]
pub(super) struct Remedies {
    pub(super) credit_cap: Option<Spanned<CreditCap>>,
    pub(super) credit_base: Option<Spanned<String>>,
    pub(super) credit_floor: Option<Spanned<Percent>>,
    pub(super) refund: Vec<Spanned<String>>,
    pub(super) sole_remedy: Option<Spanned<bool>>,
    pub(super) claims: Option<Claims>,
    pub(super) termination: Vec<Spanned<String>>,
}

/// `spec.remedies`: the cap, base and floor of credits, refunds, sole remedy, the claim
/// process and termination rights.
pub(super) fn remedies(cx: &mut Ctx, spec: At<'_>) -> Remedies {
    let Some(n) = cx.map_node(spec, "remedies", false) else {
        return Remedies::default();
    };
    let ptr = spec.ptr.key("remedies");
    let r = At { node: n, ptr: &ptr };
    Remedies {
        credit_cap: credit_cap(cx, r),
        credit_base: cx.str_field(r, "creditBase", false),
        credit_floor: cx.parsed(
            r,
            "creditFloor",
            false,
            Code::InvalidQuantity,
            Percent::parse,
        ),
        refund: cx.strings(r, "refund"),
        sole_remedy: cx.bool_field(r, "soleRemedy"),
        claims: claims(cx, r),
        termination: cx.strings(r, "termination"),
    }
}

/// `creditCap`: a percent (`50%`) or `{days: 90}`.
fn credit_cap(cx: &mut Ctx, r: At<'_>) -> Option<Spanned<CreditCap>> {
    let node = cx.child(r, "creditCap", false)?;
    if matches!(node.value, Value::Map(_)) {
        let ptr = r.ptr.key("creditCap");
        let c = At { node, ptr: &ptr };
        let days = cx.number_field(c, "days", true)?;
        let raw = format!("{{days: {}}}", days.value.normalize());
        return Some(Spanned::new(CreditCap::Days(days.value), node.span, raw));
    }
    cx.parsed(r, "creditCap", false, Code::InvalidQuantity, Percent::parse)
        .map(|p| Spanned::new(CreditCap::Percent(p.value), p.span, p.raw().to_string()))
}

/// `remedies.claims`: the deadline, its anchor and the claim's channel and evidence.
fn claims(cx: &mut Ctx, r: At<'_>) -> Option<Claims> {
    let node = cx.map_node(r, "claims", false)?;
    let ptr = r.ptr.key("claims");
    let c = At { node, ptr: &ptr };
    let within = cx.parsed(c, "within", true, Code::InvalidQuantity, Duration::parse);
    let from = cx.enumerated(c, "from", true, &ClaimAnchor::ALL);
    let business_days = cx.bool_field(c, "businessDays");
    let via = cx.str_field(c, "via", false);
    let evidence = cx.strings(c, "evidence");
    let automatic = cx.bool_field(c, "automatic");
    Some(Claims {
        span: node.span,
        within: within?,
        from: from?,
        business_days,
        via,
        evidence,
        automatic,
    })
}

/// `spec.notice`: the notice owed before maintenance and before an adverse change.
pub(super) fn notice(cx: &mut Ctx, spec: At<'_>) -> Notice {
    let Some(n) = cx.map_node(spec, "notice", false) else {
        return Notice::default();
    };
    let ptr = spec.ptr.key("notice");
    let a = At { node: n, ptr: &ptr };
    Notice {
        maintenance: cx.parsed(
            a,
            "maintenance",
            false,
            Code::InvalidQuantity,
            Duration::parse,
        ),
        adverse_change: cx.parsed(
            a,
            "adverseChange",
            false,
            Code::InvalidQuantity,
            Duration::parse,
        ),
    }
}
