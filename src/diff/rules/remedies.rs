//! The remedies beyond credit tiers and the notice owed: `credit-floor-raised`/`-lowered`,
//! `sole-remedy-added`/`-removed`, `credit-base-changed`, `refund-removed`/`-added`, the
//! claim process (`claim-deadline-shortened`/`-lengthened`, `claims-weakened`/
//! `-strengthened`, `claims-changed`) and `notice-shortened`/`-lengthened`.
//!
//! Each comparison is a pure function of the two values ([`deadline_order`], [`claims`]'s
//! parts), worded by the code below it. For the customer: less time to claim, a claim that is
//! no longer automatic, more evidence to give, a floor under which nothing is owed, and a
//! sole-remedy clause are all weaker; shorter notice is weaker.

use std::cmp::Ordering;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Claims, Duration, Percent, SlaDocument, Spanned};

use super::text::{Prose, Sentences, prose_opt, same_list, sentences};
use super::{Finding, Loc};

/// Docs of `claim-deadline-shortened`.
pub const CLAIM_DEADLINE_SHORTENED: &str = "\
## What it checks
`remedies.claims.within`, the time the customer has to claim a credit, that got shorter:
fewer days, or the same days counted as calendar days where they were business days.

## Why is this bad?
A credit not claimed in time is lost. A shorter deadline means fewer credits are ever paid,
with every target and tier unchanged.

## Example
Before: `claims: {within: 30d, from: end-of-month}`
After: `claims: {within: 10d, from: end-of-month}`
";

/// Docs of `claim-deadline-lengthened`.
pub const CLAIM_DEADLINE_LENGTHENED: &str = "\
## What it checks
`remedies.claims.within` that got longer: more days, or the same days counted as business
days where they were calendar days.

## Why is this bad?
It is not, for the customer.

## Example
Before: `claims: {within: 10d, from: incident}`
After: `claims: {within: 10d, from: incident, businessDays: true}`
";

/// Docs of `claims-weakened`.
pub const CLAIMS_WEAKENED: &str = "\
## What it checks
A claim process that asks more of the customer: credits that were `automatic: true` must now
be claimed, an item of `evidence` was added, or `remedies.claims` was removed (the
agreement no longer says how or until when a credit can be claimed).

## Why is this bad?
Every extra step makes it likelier that an owed credit is never paid.

## Example
Before: `claims: {within: 30d, from: incident, automatic: true}`
After: `claims: {within: 30d, from: incident, evidence: [Request IDs of the failed requests]}`
";

/// Docs of `claims-strengthened`.
pub const CLAIMS_STRENGTHENED: &str = "\
## What it checks
A claim process that asks less of the customer: credits became `automatic`, an item of
`evidence` is no longer required, or a claim process was added.

## Why is this bad?
It is not, for the customer.

## Example
Before: `claims: {within: 30d, from: incident, evidence: [Request IDs]}`
After: `claims: {within: 30d, from: incident, automatic: true}`
";

/// Docs of `claims-changed`.
pub const CLAIMS_CHANGED: &str = "\
## What it checks
A claim process whose deadline is counted from another point (`from: incident` to
`from: end-of-month`), whose channel (`via`) changed, whose evidence item was reworded, or
whose deadline moved both ways at once (more days, but calendar instead of business days).

## Why is this bad?
Whether the customer gains or loses depends on when incidents happen and how claims are
filed; a person must look.

## Example
Before: `claims: {within: 30d, from: incident, via: support ticket}`
After: `claims: {within: 30d, from: end-of-billing-cycle, via: email to billing@example.com}`
";

/// Docs of `credit-floor-raised`.
pub const CREDIT_FLOOR_RAISED: &str = "\
## What it checks
`remedies.creditFloor`, the smallest credit that is paid at all, that was raised or
introduced.

## Why is this bad?
Credits below the floor are not paid: a floor of 5% turns every 2% credit into nothing.

## Example
Before: `remedies: {creditCap: 50%}`
After: `remedies: {creditCap: 50%, creditFloor: 5%}`
";

/// Docs of `credit-floor-lowered`.
pub const CREDIT_FLOOR_LOWERED: &str = "\
## What it checks
`remedies.creditFloor` that was lowered or removed.

## Why is this bad?
It is not, for the customer: smaller credits are paid too.

## Example
Before: `remedies: {creditFloor: 5%}`
After: `remedies: {creditFloor: 1%}`
";

/// Docs of `credit-base-changed`.
pub const CREDIT_BASE_CHANGED: &str = "\
## What it checks
`remedies.creditBase`, what a percent credit is a percent of, added, removed or reworded.

## Why is this bad?
`10%` of the monthly fee of the affected service and `10%` of the fees of the affected
hours are different sums; whether the change favours the customer depends on the bill, so a
person must look.

## Example
Before: `creditBase: monthly fee for the affected service`
After: `creditBase: fees for the affected hours`
";

/// Docs of `sole-remedy-added`.
pub const SOLE_REMEDY_ADDED: &str = "\
## What it checks
`remedies.soleRemedy` that became `true` (from `false` or unset).

## Why is this bad?
A sole and exclusive remedy clause takes away every other claim for a missed target
(damages, refunds outside the credits): the credits become all the customer can get.

## Example
Before: `remedies: {creditCap: 50%}`
After: `remedies: {creditCap: 50%, soleRemedy: true}`
";

/// Docs of `sole-remedy-removed`.
pub const SOLE_REMEDY_REMOVED: &str = "\
## What it checks
`remedies.soleRemedy` that is no longer `true`.

## Why is this bad?
It is not, for the customer: other remedies are no longer excluded.

## Example
Before: `remedies: {soleRemedy: true}`
After: `remedies: {soleRemedy: false}`
";

/// Docs of `refund-removed`.
pub const REFUND_REMOVED: &str = "\
## What it checks
An item of `remedies.refund` (a refund the customer is owed) that is gone in the head
revision, matched by its words, not its position. A reworded refund is `text-changed`.

## Why is this bad?
The customer loses money back it was owed.

## Example
Before: `refund: [Prepaid fees for the remainder of the term on termination for breach]`
After: `refund: []`
";

/// Docs of `refund-added`.
pub const REFUND_ADDED: &str = "\
## What it checks
An item of `remedies.refund` that is new in the head revision.

## Why is this bad?
It is not, for the customer.

## Example
Before: `refund: []`
After: `refund: [Prepaid fees for the remainder of the term on termination for breach]`
";

/// Docs of `notice-shortened`.
pub const NOTICE_SHORTENED: &str = "\
## What it checks
`notice.maintenance` or `notice.adverseChange`, the notice owed before scheduled maintenance
or before a change that weakens the agreement, that got shorter or was removed.

## Why is this bad?
Less notice leaves the customer less time to prepare for downtime, or to object to (or
leave before) a worse agreement.

## Example
Before: `notice: {maintenance: 72h, adverseChange: 30d}`
After: `notice: {maintenance: 24h, adverseChange: 30d}`
";

/// Docs of `notice-lengthened`.
pub const NOTICE_LENGTHENED: &str = "\
## What it checks
A notice period of `notice` that got longer or was added.

## Why is this bad?
It is not, for the customer.

## Example
Before: `notice: {maintenance: 24h}`
After: `notice: {maintenance: 72h}`
";

/// How the head's claim deadline compares with the base's: `Less` when the customer has less
/// time. `n` business days last at least as long as `n` calendar days, so a deadline compares
/// across the two only when both count and kind of day agree in direction; `None` otherwise.
pub(crate) fn deadline_order(base: &Claims, head: &Claims) -> Option<Ordering> {
    let by_length = head.within.value.cmp(&base.within.value);
    let by_days = head.in_business_days().cmp(&base.in_business_days());
    match (by_length, by_days) {
        (l, Ordering::Equal) => Some(l),
        (Ordering::Equal, d) => Some(d),
        (l, d) if l == d => Some(l),
        _ => None,
    }
}

/// The remedies and notice of two revisions of a document.
pub(crate) fn compare(base: &SlaDocument, head: &SlaDocument, out: &mut Vec<Diagnostic>) {
    floor(base, head, out);
    sole_remedy(base, head, out);
    let (b, h) = (credit_base(base), credit_base(head));
    prose_opt(Code::CreditBaseChanged, "credit base", None, &b, &h, out);
    let (br, hr) = (&base.spec.refund, &head.spec.refund);
    if !same_list(br, hr) {
        let how = Sentences {
            what: "refund",
            removed: Code::RefundRemoved,
            added: Code::RefundAdded,
            reworded: Code::TextChanged,
            paths: ("/spec/remedies/refund", "/spec/remedies/refund"),
        };
        sentences((base, head), (br, hr), &how, out);
    }
    claims(base, head, out);
    notice(base, head, out);
}

/// `remedies.creditBase` of one side, as prose.
fn credit_base(doc: &SlaDocument) -> Prose<'_> {
    Prose {
        doc,
        value: doc.spec.credit_base.as_ref(),
        path: "/spec/remedies/creditBase".into(),
        anchor: (doc.id.span, "/spec/remedies".into()),
    }
}

/// `remedies.claims.via` of one side, as prose.
fn via<'a>(doc: &'a SlaDocument, c: &'a Claims) -> Prose<'a> {
    Prose {
        doc,
        value: c.via.as_ref(),
        path: format!("{CLAIMS}/via"),
        anchor: (c.span, CLAIMS.to_string()),
    }
}

/// One optional value on both sides: a finding pointing at the head's value (or at the
/// base's when only the base has one, or at the document id when neither does).
fn located<T>(
    f: Finding,
    (base, head): (&SlaDocument, &SlaDocument),
    (b, h): (Option<&Spanned<T>>, Option<&Spanned<T>>),
    path: &str,
    parent: &str,
) -> Finding {
    let at = |doc: &SlaDocument, v: Option<&Spanned<T>>| match v {
        Some(v) => Loc::new(doc, v.span, path),
        None => Loc::new(doc, doc.id.span, parent),
    };
    let f = f.base(at(base, b));
    if h.is_none() && b.is_some() {
        return f;
    }
    f.head(at(head, h))
}

/// `remedies.creditFloor`: none is a floor of 0%.
fn floor(base: &SlaDocument, head: &SlaDocument, out: &mut Vec<Diagnostic>) {
    let (b, h) = (&base.spec.credit_floor, &head.spec.credit_floor);
    let value = |f: &Option<Spanned<Percent>>| f.as_ref().map(|f| f.value.value());
    let (bv, hv) = (value(b).unwrap_or_default(), value(h).unwrap_or_default());
    let show = |f: &Option<Spanned<Percent>>| {
        f.as_ref()
            .map_or_else(|| "none".to_string(), |f| f.value.to_string())
    };
    let code = match hv.cmp(&bv) {
        Ordering::Equal => return,
        Ordering::Greater => Code::CreditFloorRaised,
        Ordering::Less => Code::CreditFloorLowered,
    };
    let word = if code == Code::CreditFloorRaised {
        "raised"
    } else {
        "lowered"
    };
    let f = Finding::new(
        code,
        format!("credit floor {word} from {} to {}", show(b), show(h)),
    )
    .before(show(b))
    .after(show(h))
    .impact(Some(format!(
        "smallest credit paid: {} -> {}",
        show(b),
        show(h)
    )));
    located(
        f,
        (base, head),
        (b.as_ref(), h.as_ref()),
        "/spec/remedies/creditFloor",
        "/spec/remedies",
    )
    .emit(out);
}

/// `remedies.soleRemedy`: unset is `false`.
fn sole_remedy(base: &SlaDocument, head: &SlaDocument, out: &mut Vec<Diagnostic>) {
    let (b, h) = (&base.spec.sole_remedy, &head.spec.sole_remedy);
    let on = |v: &Option<Spanned<bool>>| v.as_ref().is_some_and(|v| v.value);
    let (code, message) = match (on(b), on(h)) {
        (false, true) => (
            Code::SoleRemedyAdded,
            "the remedies are now the customer's sole and exclusive remedy",
        ),
        (true, false) => (
            Code::SoleRemedyRemoved,
            "the remedies are no longer the customer's sole and exclusive remedy",
        ),
        _ => return,
    };
    let f = Finding::new(code, message)
        .before(on(b).to_string())
        .after(on(h).to_string());
    located(
        f,
        (base, head),
        (b.as_ref(), h.as_ref()),
        "/spec/remedies/soleRemedy",
        "/spec/remedies",
    )
    .emit(out);
}

const CLAIMS: &str = "/spec/remedies/claims";

/// `remedies.claims`: removed or added as a whole, else each of its parts.
fn claims(base: &SlaDocument, head: &SlaDocument, out: &mut Vec<Diagnostic>) {
    let (b, h) = match (&base.spec.claims, &head.spec.claims) {
        (None, None) => return,
        (Some(b), None) => {
            Finding::new(Code::ClaimsWeakened, "the claim process was removed")
                .before(b.deadline())
                .after("none")
                .base(Loc::new(base, b.span, CLAIMS))
                .emit(out);
            return;
        }
        (None, Some(h)) => {
            Finding::new(Code::ClaimsStrengthened, "a claim process was added")
                .before("none")
                .after(h.deadline())
                .base(Loc::new(base, base.id.span, "/spec/remedies"))
                .head(Loc::new(head, h.span, CLAIMS))
                .emit(out);
            return;
        }
        (Some(b), Some(h)) => (b, h),
    };
    let at = |bs, hs, field: &str| {
        let path = format!("{CLAIMS}/{field}");
        (Loc::new(base, bs, path.clone()), Loc::new(head, hs, path))
    };
    let deadline = match deadline_order(b, h) {
        Some(Ordering::Equal) => None,
        Some(Ordering::Less) => Some((Code::ClaimDeadlineShortened, "shortened")),
        Some(Ordering::Greater) => Some((Code::ClaimDeadlineLengthened, "lengthened")),
        None => Some((Code::ClaimsChanged, "changed")),
    };
    if let Some((code, word)) = deadline {
        let (bl, hl) = at(b.within.span, h.within.span, "within");
        Finding::new(
            code,
            format!(
                "claim deadline {word} from {} to {}",
                b.deadline(),
                h.deadline()
            ),
        )
        .before(b.deadline())
        .after(h.deadline())
        .impact(deadline_impact(b, h))
        .base(bl)
        .head(hl)
        .emit(out);
    }
    if b.from.value != h.from.value {
        let (bl, hl) = at(b.from.span, h.from.span, "from");
        Finding::new(
            Code::ClaimsChanged,
            format!(
                "claim deadline now counted from `{}`, was `{}`",
                h.from.value.name(),
                b.from.value.name()
            ),
        )
        .before(b.from.value.name())
        .after(h.from.value.name())
        .base(bl)
        .head(hl)
        .emit(out);
    }
    claim_terms(base, head, (b, h), out);
}

/// "30d -> 10d: 20d less to claim", when both count the same kind of day.
fn deadline_impact(b: &Claims, h: &Claims) -> Option<String> {
    if b.in_business_days() != h.in_business_days() {
        return None;
    }
    let (bw, hw) = (b.within.value, h.within.value);
    let diff = Duration::from_millis((hw.millis() - bw.millis()).abs());
    let more = if hw > bw { "more" } else { "less" };
    Some(format!("{diff} {more} time to claim a credit"))
}

/// The channel, the automatic issue and the evidence of two claim processes.
fn claim_terms(
    base: &SlaDocument,
    head: &SlaDocument,
    (b, h): (&Claims, &Claims),
    out: &mut Vec<Diagnostic>,
) {
    prose_opt(
        Code::ClaimsChanged,
        "claim channel",
        None,
        &via(base, b),
        &via(head, h),
        out,
    );
    if b.is_automatic() != h.is_automatic() {
        let (code, message) = if b.is_automatic() {
            (
                Code::ClaimsWeakened,
                "credits are no longer issued automatically: the customer must claim them",
            )
        } else {
            (
                Code::ClaimsStrengthened,
                "credits are now issued automatically",
            )
        };
        let f = Finding::new(code, message)
            .before(b.is_automatic().to_string())
            .after(h.is_automatic().to_string());
        let loc = |doc, c: &Claims| match &c.automatic {
            Some(a) => Loc::new(doc, a.span, format!("{CLAIMS}/automatic")),
            None => Loc::new(doc, c.span, CLAIMS),
        };
        f.base(loc(base, b)).head(loc(head, h)).emit(out);
    }
    if !same_list(&b.evidence, &h.evidence) {
        let how = Sentences {
            what: "claim evidence",
            removed: Code::ClaimsStrengthened,
            added: Code::ClaimsWeakened,
            reworded: Code::ClaimsChanged,
            paths: (
                "/spec/remedies/claims/evidence",
                "/spec/remedies/claims/evidence",
            ),
        };
        sentences((base, head), (&b.evidence, &h.evidence), &how, out);
    }
}

/// `notice.maintenance` and `notice.adverseChange`: none is no notice (zero).
fn notice(base: &SlaDocument, head: &SlaDocument, out: &mut Vec<Diagnostic>) {
    let (b, h) = (&base.spec.notice, &head.spec.notice);
    for (what, field, bv, hv) in [
        (
            "maintenance notice",
            "maintenance",
            b.maintenance.as_ref(),
            h.maintenance.as_ref(),
        ),
        (
            "adverse-change notice",
            "adverseChange",
            b.adverse_change.as_ref(),
            h.adverse_change.as_ref(),
        ),
    ] {
        let len = |v: Option<&Spanned<Duration>>| v.map(|v| v.value.millis()).unwrap_or_default();
        let show = |v: Option<&Spanned<Duration>>| {
            v.map_or_else(|| "none".to_string(), |v| v.value.to_string())
        };
        let (code, word) = match len(hv).cmp(&len(bv)) {
            Ordering::Equal => continue,
            Ordering::Less => (Code::NoticeShortened, "shortened"),
            Ordering::Greater => (Code::NoticeLengthened, "lengthened"),
        };
        let f = Finding::new(
            code,
            format!("{what} {word} from {} to {}", show(bv), show(hv)),
        )
        .before(show(bv))
        .after(show(hv));
        located(
            f,
            (base, head),
            (bv, hv),
            &format!("/spec/notice/{field}"),
            "/spec/notice",
        )
        .emit(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::rules::text::tests::both_ways;
    use crate::load::testing::{BASE, documents};

    /// The findings of [`compare`] from `base` to `head`.
    fn diff(base: &str, head: &str) -> Vec<String> {
        crate::diff::rules::text::tests::document_lines(compare, base, head)
    }

    /// BASE with `spec` lines (indented two spaces) before the changelog.
    fn with(spec: &str) -> String {
        let out = BASE.replace("  changelog:", &format!("{spec}  changelog:"));
        assert!(out.contains(spec));
        out
    }

    fn claims(c: &str) -> String {
        with(&format!("  remedies:\n    claims: {{{c}}}\n"))
    }

    #[test]
    fn a_shorter_claim_deadline_weakens() {
        // 30d - 10d = 20d less.
        both_ways(
            diff,
            &claims("within: 30d, from: end-of-month"),
            &claims("within: 10d, from: end-of-month"),
            &["claim-deadline-shortened: 30d -> 10d: 20d less time to claim a credit"],
            &["claim-deadline-lengthened: 10d -> 30d: 20d more time to claim a credit"],
        );
        // The same deadline written differently: 720h is 30 days.
        both_ways(
            diff,
            &claims("within: 30d, from: incident"),
            &claims("within: 720h, from: incident"),
            &[],
            &[],
        );
    }

    #[test]
    fn business_days_last_at_least_as_long_as_calendar_days() {
        let cal = claims("within: 10d, from: incident");
        let bd = claims("within: 10d, from: incident, businessDays: true");
        both_ways(
            diff,
            &bd,
            &cal,
            &["claim-deadline-shortened: 10d (business days) -> 10d"],
            &["claim-deadline-lengthened: 10d -> 10d (business days)"],
        );
        // More days but calendar ones: cannot be told apart without a calendar.
        let more = claims("within: 12d, from: incident");
        both_ways(
            diff,
            &bd,
            &more,
            &["claims-changed: 10d (business days) -> 12d"],
            &["claims-changed: 12d -> 10d (business days)"],
        );
        assert_eq!(
            deadline_order(
                &documents(&[("a", &bd)])[0].spec.claims.clone().unwrap(),
                &documents(&[("b", &more)])[0].spec.claims.clone().unwrap()
            ),
            None
        );
    }

    #[test]
    fn automatic_dropped_and_evidence_added_weaken() {
        both_ways(
            diff,
            &claims("within: 30d, from: incident, automatic: true"),
            &claims("within: 30d, from: incident, evidence: [Request IDs]"),
            &[
                "claims-weakened: true -> false",
                "claims-weakened: - -> Request IDs",
            ],
            &[
                "claims-strengthened: false -> true",
                "claims-strengthened: Request IDs -> - (at base)",
            ],
        );
    }

    #[test]
    fn anchor_and_channel_changed_are_changed() {
        both_ways(
            diff,
            &claims("within: 30d, from: incident, via: support ticket"),
            &claims("within: 30d, from: end-of-month, via: email"),
            &[
                "claims-changed: incident -> end-of-month",
                "claims-changed: support ticket -> email: [-support ticket-]{+email+}",
            ],
            &[
                "claims-changed: end-of-month -> incident",
                "claims-changed: email -> support ticket: [-email-]{+support ticket+}",
            ],
        );
    }

    #[test]
    fn claims_removed_weaken() {
        both_ways(
            diff,
            &claims("within: 30d, from: incident"),
            BASE,
            &["claims-weakened: 30d -> none (at base)"],
            &["claims-strengthened: none -> 30d"],
        );
    }

    #[test]
    fn floor_raised_and_sole_remedy_added_weaken() {
        let before = with("  remedies: {creditFloor: 1%}\n");
        let after = with("  remedies: {creditFloor: 5%, soleRemedy: true}\n");
        both_ways(
            diff,
            &before,
            &after,
            &[
                "credit-floor-raised: 1% -> 5%: smallest credit paid: 1% -> 5%",
                "sole-remedy-added: false -> true",
            ],
            &[
                "credit-floor-lowered: 5% -> 1%: smallest credit paid: 5% -> 1%",
                "sole-remedy-removed: true -> false (at base)",
            ],
        );
        // An explicit `false` is the default; 1.0% is 1%.
        both_ways(
            diff,
            &before,
            &with("  remedies: {creditFloor: 1.0%, soleRemedy: false}\n"),
            &[],
            &[],
        );
    }

    #[test]
    fn refund_removed_weakens_and_base_reworded_is_changed() {
        let before = with(
            "  remedies:\n    creditBase: monthly fee\n    refund: [Prepaid fees on termination]\n",
        );
        let after = with("  remedies:\n    creditBase: annual fee\n");
        both_ways(
            diff,
            &before,
            &after,
            &[
                "credit-base-changed: monthly fee -> annual fee: [-monthly-]{+annual+} fee",
                "refund-removed: Prepaid fees on termination -> - (at base)",
            ],
            &[
                "credit-base-changed: annual fee -> monthly fee: [-annual-]{+monthly+} fee",
                "refund-added: - -> Prepaid fees on termination",
            ],
        );
    }

    #[test]
    fn shorter_notice_weakens() {
        both_ways(
            diff,
            &with("  notice: {maintenance: 72h, adverseChange: 30d}\n"),
            &with("  notice: {maintenance: 1d, adverseChange: 720h}\n"),
            &["notice-shortened: 3d -> 1d"],
            &["notice-lengthened: 1d -> 3d"],
        );
        both_ways(
            diff,
            &with("  notice: {adverseChange: 30d}\n"),
            BASE,
            &["notice-shortened: 30d -> none (at base)"],
            &["notice-lengthened: none -> 30d"],
        );
    }
}
