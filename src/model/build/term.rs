//! The agreement's term: `spec.effective` (from, until) and `spec.review` (cadence, last).

use super::reader::{At, Ctx, date};
use crate::diagnostic::Code;
use crate::model::{Date, Frequency, Spanned};

/// The frequencies of the grammar, shortest first: `review.every` takes month and longer,
/// `reporting.every` quarter and shorter.
pub(super) const FREQUENCIES: [(&str, Frequency); 4] = [
    ("week", Frequency::Week),
    ("month", Frequency::Month),
    ("quarter", Frequency::Quarter),
    ("year", Frequency::Year),
];

/// `effective.from` and `effective.until`.
pub(super) fn effective(
    cx: &mut Ctx,
    spec: At<'_>,
) -> (Option<Spanned<Date>>, Option<Spanned<Date>>) {
    match cx.map_node(spec, "effective", true) {
        Some(n) => {
            let ptr = spec.ptr.key("effective");
            let e = At { node: n, ptr: &ptr };
            (
                cx.parsed(e, "from", true, Code::InvalidDate, date),
                cx.parsed(e, "until", false, Code::InvalidDate, date),
            )
        }
        None => (None, None),
    }
}

/// `review.every` and `review.last`.
pub(super) fn review(
    cx: &mut Ctx,
    spec: At<'_>,
) -> (Option<Spanned<Frequency>>, Option<Spanned<Date>>) {
    match cx.map_node(spec, "review", true) {
        Some(n) => {
            let ptr = spec.ptr.key("review");
            let r = At { node: n, ptr: &ptr };
            (
                cx.enumerated(r, "every", true, &FREQUENCIES[1..]),
                cx.parsed(r, "last", false, Code::InvalidDate, date),
            )
        }
        None => (None, None),
    }
}
