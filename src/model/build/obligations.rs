//! What the agreement binds beyond its objectives: `exclusions`, `responsibilities`,
//! `reporting` and `remedies`.

use super::reader::{At, Ctx};
use super::term::FREQUENCIES;
use crate::diagnostic::Code;
use crate::model::{Duration, Exclusion, Percent, Reporting, Spanned};

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

/// `remedies.creditCap` and `remedies.termination`.
pub(super) fn remedies(
    cx: &mut Ctx,
    spec: At<'_>,
) -> (Option<Spanned<Percent>>, Vec<Spanned<String>>) {
    match cx.map_node(spec, "remedies", false) {
        Some(n) => {
            let ptr = spec.ptr.key("remedies");
            let r = At { node: n, ptr: &ptr };
            (
                cx.parsed(r, "creditCap", false, Code::InvalidQuantity, Percent::parse),
                cx.strings(r, "termination"),
            )
        }
        None => (None, Vec::new()),
    }
}
