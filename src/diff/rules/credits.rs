//! Service credits: `credits-weakened`, `credits-strengthened`, `credits-changed`,
//! `credit-cap-weakened`, `credit-cap-strengthened`, `credit-cap-changed`.
//!
//! A tier owes a [`CreditAmount`]: a percent of the fee, a multiple of a named amount, days
//! of service or a sum of money. Schedules compare only within one kind of amount; a schedule
//! that owes another kind is `credits-changed`.
//!
//! A list of credit tiers is a step function from attainment to credit owed (the largest
//! credit of the tiers whose condition holds). Two revisions are compared as functions, not
//! tier by tier: the functions can only differ at the tiers' thresholds, so the comparison
//! evaluates both at every threshold of either side and once inside every interval between
//! them. Tiers therefore match by meaning: reordering them, or splitting one tier into two
//! that owe the same, is no change.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::quantity::{Count, fmt_decimal};
use crate::model::{
    Comparator, CreditAmount, CreditCap, CreditTier, Duration, Percent, Quantity, SlaDocument,
};

use super::{Finding, Loc, Pair};

/// Docs of `credits-weakened`.
pub const CREDITS_WEAKENED: &str = "\
## What it checks
An objective's service credits, read as the credit owed at every attainment, that owe less at
some attainment and more at none: a tier removed, a credit cut, a threshold moved so that
credits start later (`< 99.9%` to `< 99.5%`), or all credits removed.

## Why is this bad?
Credits are what a missed objective costs the provider. Lower credits make a breach cheaper
and the promise weaker, even with the target unchanged.

## Example
Before:
```yaml
credits:
  - {when: \"< 99.9%\", credit: 10%}
  - {when: \"< 99.5%\", credit: 25%}
```
After:
```yaml
credits:
  - {when: \"< 99.5%\", credit: 25%}
```
Impact: `credit owed just below 99.9%: 10% -> 0%`.
";

/// Docs of `credits-strengthened`.
pub const CREDITS_STRENGTHENED: &str = "\
## What it checks
An objective's service credits that owe more at some attainment and less at none: a tier
added, a credit raised, credits that start sooner.

## Why is this bad?
It is not, for the customer.

## Example
Before: `credits: [{when: \"< 99.9%\", credit: 10%}]`
After: `credits: [{when: \"< 99.9%\", credit: 10%}, {when: \"< 99.0%\", credit: 50%}]`
";

/// Docs of `credits-changed`.
pub const CREDITS_CHANGED: &str = "\
## What it checks
An objective's service credits that owe more at some attainments and less at others, or whose
conditions are measured in different quantities so they cannot be compared.

## Why is this bad?
Whether the new schedule is worth more depends on how often each attainment happens, so a
person must look.

## Example
Before: `credits: [{when: \"< 99.9%\", credit: 10%}, {when: \"< 99.0%\", credit: 50%}]`
After: `credits: [{when: \"< 99.9%\", credit: 15%}, {when: \"< 99.0%\", credit: 30%}]`
";

/// Docs of `credit-cap-weakened`.
pub const CREDIT_CAP_WEAKENED: &str = "\
## What it checks
`remedies.creditCap`, the most credit owed per period, that was lowered (`50%` to `25%`,
`{days: 90}` to `{days: 30}`), or introduced where credits were uncapped.

## Why is this bad?
Above the cap, further breaches cost the provider nothing.

## Example
Before: `remedies: {creditCap: 50%}`
After: `remedies: {creditCap: 25%}`
";

/// Docs of `credit-cap-changed`.
pub const CREDIT_CAP_CHANGED: &str = "\
## What it checks
`remedies.creditCap` that moved between the two kinds of cap, a percent of the period's fee
(`50%`) and days of service (`{days: 90}`).

## Why is this bad?
Which cap is lower depends on the fee and the length of the period, so the tool cannot tell
whether the customer can now be owed less; a person must look.

## Example
Before: `remedies: {creditCap: 100%}`
After: `remedies: {creditCap: {days: 30}}`
";

/// Docs of `credit-cap-strengthened`.
pub const CREDIT_CAP_STRENGTHENED: &str = "\
## What it checks
`remedies.creditCap` that was raised, or removed so that credits are uncapped.

## Why is this bad?
It is not, for the customer.

## Example
Before: `remedies: {creditCap: 25%}`
After: `remedies: {creditCap: 50%}`
";

/// The credit owed at attainment `at`: the largest credit of the tiers whose condition
/// holds, zero when none does. `None` when a condition cannot be evaluated at `at`. The
/// amounts are compared by value: callers check first that they are of one kind
/// ([`one_kind`]).
pub(crate) fn owed(tiers: &[CreditTier], at: &Quantity) -> Option<Decimal> {
    let mut credit = Decimal::ZERO;
    for t in tiers {
        if t.when.value.is_met_by(at)? {
            credit = credit.max(t.credit.value.value());
        }
    }
    Some(credit)
}

/// Whether all these tiers owe one kind of amount (all percents of the fee, all days of
/// service ...), so that their credits compare by value.
pub(crate) fn one_kind<'a>(tiers: impl IntoIterator<Item = &'a CreditTier>) -> bool {
    let mut tiers = tiers.into_iter();
    let Some(first) = tiers.next() else {
        return true;
    };
    tiers.all(|t| t.credit.value.same_kind(&first.credit.value))
}

fn scale(q: &Quantity, f: impl Fn(Decimal) -> Decimal) -> Option<Quantity> {
    Some(match q {
        Quantity::Percent(p) => Quantity::Percent(Percent::from_value(f(p.value()))?),
        Quantity::Duration(d) => Quantity::Duration(Duration::from_millis(f(d.millis()))),
        Quantity::Count(c) => Quantity::Count(Count {
            value: f(c.value),
            unit: c.unit.clone(),
        }),
        // One unit only ([`sample_points`] refuses the rest): scale that unit.
        Quantity::Business(b) if b.hours.is_zero() => {
            Quantity::Business(crate::model::quantity::BusinessDuration {
                days: f(b.days),
                hours: Decimal::ZERO,
            })
        }
        Quantity::Business(b) => Quantity::Business(crate::model::quantity::BusinessDuration {
            days: Decimal::ZERO,
            hours: f(b.hours),
        }),
    })
}

fn value(q: &Quantity) -> Decimal {
    match q {
        Quantity::Percent(p) => p.value(),
        Quantity::Duration(d) => d.millis(),
        Quantity::Count(c) => c.value,
        Quantity::Business(b) if b.hours.is_zero() => b.days,
        Quantity::Business(b) => b.hours,
    }
}

/// Whether business thresholds are all in one unit (`bd` only, or `bh` only), so that one
/// number orders them.
fn one_business_unit(thresholds: &[&Quantity]) -> bool {
    let units: std::collections::BTreeSet<(bool, bool)> = thresholds
        .iter()
        .filter_map(|q| match q {
            Quantity::Business(b) => Some((b.days.is_zero(), b.hours.is_zero())),
            _ => None,
        })
        .collect();
    units.len() <= 1 && !units.contains(&(false, false))
}

/// The points at which two step functions with these thresholds can differ: every threshold,
/// a point between each two, one below the lowest and one above the highest. Sorted. `None`
/// when the thresholds are of different kinds.
pub(crate) fn sample_points(thresholds: &[&Quantity]) -> Option<Vec<Quantity>> {
    if !one_business_unit(thresholds) {
        return None;
    }
    let mut ts: Vec<Quantity> = Vec::new();
    for t in thresholds {
        if let Some(first) = ts.first() {
            first.compare(t)?;
        }
        if !ts.iter().any(|x| x.compare(t) == Some(Ordering::Equal)) {
            ts.push((*t).clone());
        }
    }
    ts.sort_by(|a, b| a.compare(b).unwrap_or(Ordering::Equal));
    let (Some(first), Some(last)) = (ts.first(), ts.last()) else {
        return Some(Vec::new());
    };
    let two = Decimal::TWO;
    let mut points = Vec::new();
    if value(first) > Decimal::ZERO {
        points.extend(scale(first, |v| v / two));
    }
    for (i, t) in ts.iter().enumerate() {
        points.push(t.clone());
        if let Some(next) = ts.get(i + 1) {
            let mid = (value(t) + value(next)) / two;
            points.extend(scale(t, |_| mid));
        }
    }
    let above = match last {
        Quantity::Percent(p) if p.value() >= Decimal::ONE_HUNDRED => None,
        Quantity::Percent(p) => Some((p.value() + Decimal::ONE_HUNDRED) / two),
        q if value(q).is_zero() => Some(Decimal::ONE),
        q => Some(value(q) * two),
    };
    if let Some(above) = above {
        points.extend(scale(last, |_| above));
    }
    Some(points)
}

/// How the head's credits compare with the base's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Steps {
    /// The same credit at every attainment.
    Same,
    /// Less at some attainment, more at none.
    Less,
    /// More at some attainment, less at none.
    More,
    /// More at some, less at others.
    Mixed,
    /// Conditions in different quantities.
    Incomparable,
    /// Amounts of different kinds (a percent of the fee and days of service).
    OtherAmounts,
}

/// Compares two credit schedules as step functions.
pub(crate) fn compare_steps(base: &[CreditTier], head: &[CreditTier]) -> Steps {
    // The same tiers in the same order: nothing to evaluate.
    if base.len() == head.len()
        && base
            .iter()
            .zip(head)
            .all(|(b, h)| b.when.value == h.when.value && b.credit.value == h.credit.value)
    {
        return Steps::Same;
    }
    if !one_kind(base.iter().chain(head)) {
        return Steps::OtherAmounts;
    }
    let thresholds: Vec<&Quantity> = base
        .iter()
        .chain(head)
        .map(|t| &t.when.value.quantity)
        .collect();
    let Some(points) = sample_points(&thresholds) else {
        return Steps::Incomparable;
    };
    let (mut less, mut more) = (false, false);
    for p in &points {
        let (Some(b), Some(h)) = (owed(base, p), owed(head, p)) else {
            return Steps::Incomparable;
        };
        less |= h < b;
        more |= h > b;
    }
    match (less, more) {
        (false, false) => Steps::Same,
        (true, false) => Steps::Less,
        (false, true) => Steps::More,
        (true, true) => Steps::Mixed,
    }
}

/// The attainment just inside a tier's condition, among `points`, and how to say it.
fn inside(tier: &CreditTier, points: &[Quantity]) -> Option<(Quantity, String)> {
    let t = &tier.when.value.quantity;
    let pos = points
        .iter()
        .position(|p| p.compare(t) == Some(Ordering::Equal))?;
    match tier.when.value.comparator {
        Comparator::Lt => Some((
            points.get(pos.checked_sub(1)?)?.clone(),
            format!("just below {t}"),
        )),
        Comparator::Gt => Some((points.get(pos + 1)?.clone(), format!("just above {t}"))),
        Comparator::Le | Comparator::Ge => Some((t.clone(), format!("at {t}"))),
    }
}

/// `d` in the unit of `kind` (`10%`, `3 days of service`); a percent without one.
fn pct(kind: Option<&CreditAmount>, d: Decimal) -> String {
    match kind {
        Some(k) => k.with_value(d).to_string(),
        None => format!("{}%", fmt_decimal(d)),
    }
}

/// "credit owed just below 99.9%: 10% -> 0%", at the first base threshold (else head
/// threshold) where the schedules differ; with the index of the tier and whether it is a
/// base tier.
fn first_difference(base: &[CreditTier], head: &[CreditTier]) -> Option<(String, usize, bool)> {
    let thresholds: Vec<&Quantity> = base
        .iter()
        .chain(head)
        .map(|t| &t.when.value.quantity)
        .collect();
    let points = sample_points(&thresholds)?;
    if !one_kind(base.iter().chain(head)) {
        return None;
    }
    let kind = base.iter().chain(head).next().map(|t| &t.credit.value);
    for (tiers, is_base) in [(base, true), (head, false)] {
        for (i, tier) in tiers.iter().enumerate() {
            let Some((at, label)) = inside(tier, &points) else {
                continue;
            };
            let (b, h) = (owed(base, &at)?, owed(head, &at)?);
            if b != h {
                return Some((
                    format!("credit owed {label}: {} -> {}", pct(kind, b), pct(kind, h)),
                    i,
                    is_base,
                ));
            }
        }
    }
    None
}

fn schedule(tiers: &[CreditTier]) -> String {
    if tiers.is_empty() {
        return "none".into();
    }
    tiers
        .iter()
        .map(|t| format!("{}: {}", t.when.raw(), t.credit.raw()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The credits of a paired objective.
pub(crate) fn objective(p: &Pair<'_>, out: &mut Vec<Diagnostic>) {
    let (b, h) = (&p.base.credits, &p.head.credits);
    let id = &p.head.id.value;
    let (code, message) = match compare_steps(b, h) {
        Steps::Same => return,
        Steps::Less if h.is_empty() => (Code::CreditsWeakened, format!("{id} credits removed")),
        Steps::Less => (
            Code::CreditsWeakened,
            format!("{id} credits cut: less is owed at some attainment and more at none"),
        ),
        Steps::More if b.is_empty() => (Code::CreditsStrengthened, format!("{id} credits added")),
        Steps::More => (
            Code::CreditsStrengthened,
            format!("{id} credits raised: more is owed at some attainment and less at none"),
        ),
        Steps::Mixed => (
            Code::CreditsChanged,
            format!("{id} credits rose at some attainments and fell at others"),
        ),
        Steps::Incomparable => (
            Code::CreditsChanged,
            format!("{id} credit conditions are measured in different quantities"),
        ),
        Steps::OtherAmounts => (
            Code::CreditsChanged,
            format!(
                "{id} credits are owed in another kind of amount, so the revisions cannot be compared"
            ),
        ),
    };
    let found = first_difference(b, h);
    // Point at the tier that differs on the side it is on, and at its counterpart (the tier
    // with the same condition) or the first tier on the other side.
    let tier_loc =
        |doc: &SlaDocument, o: &crate::model::Objective, tiers: &[CreditTier], i: Option<usize>| {
            let i = i.or_else(|| (!tiers.is_empty()).then_some(0));
            match i {
                Some(i) => Loc::new(doc, tiers[i].span, o.pointer(&format!("credits/{i}"))),
                None => Loc::new(doc, o.id.span, o.pointer("")),
            }
        };
    let (bi, hi) = match &found {
        Some((_, i, true)) => (
            Some(*i),
            h.iter().position(|t| t.when.value == b[*i].when.value),
        ),
        // A difference first seen at a head tier has no base tier of the same condition: that
        // tier's attainment would have shown it in the base's pass of `first_difference`.
        Some((_, i, false)) => (None, Some(*i)),
        None => (None, None),
    };
    let mut f = Finding::new(code, message)
        .objective(id)
        .before(schedule(b))
        .after(schedule(h))
        .impact(found.map(|(s, _, _)| s))
        .base(tier_loc(p.base_doc, p.base, b, bi));
    // Credits that are all gone point at the base.
    if !h.is_empty() || b.is_empty() {
        f = f.head(tier_loc(p.head_doc, p.head, h, hi));
    }
    f.emit(out);
}

/// How two caps compare: `Less` when `head` caps credits lower (or caps them at all).
fn cap_order(b: Option<&CreditCap>, h: Option<&CreditCap>) -> Option<Ordering> {
    match (b, h) {
        (None, None) => Some(Ordering::Equal),
        (None, Some(_)) => Some(Ordering::Less),
        (Some(_), None) => Some(Ordering::Greater),
        (Some(CreditCap::Percent(b)), Some(CreditCap::Percent(h))) => Some(h.cmp(b)),
        (Some(CreditCap::Days(b)), Some(CreditCap::Days(h))) => Some(h.cmp(b)),
        _ => None,
    }
}

/// `remedies.creditCap` of two revisions of a document: a percent of the fee or days of
/// service; a cap in the other kind cannot be compared (`credit-cap-changed`).
pub(crate) fn cap(base: &SlaDocument, head: &SlaDocument, out: &mut Vec<Diagnostic>) {
    let (b, h) = (&base.spec.credit_cap, &head.spec.credit_cap);
    let (bv, hv) = (b.as_ref().map(|c| &c.value), h.as_ref().map(|c| &c.value));
    let (code, message) = match (cap_order(bv, hv), bv, hv) {
        (Some(Ordering::Equal), _, _) => return,
        (Some(Ordering::Less), Some(b), Some(h)) => (
            Code::CreditCapWeakened,
            format!("credit cap lowered from `{b}` to `{h}`"),
        ),
        (Some(Ordering::Greater), Some(b), Some(h)) => (
            Code::CreditCapStrengthened,
            format!("credit cap raised from `{b}` to `{h}`"),
        ),
        (_, None, Some(h)) => (
            Code::CreditCapWeakened,
            format!("credits are now capped at `{h}` per period"),
        ),
        (_, Some(b), None) => (
            Code::CreditCapStrengthened,
            format!("credit cap of `{b}` removed: credits are uncapped"),
        ),
        (_, b, h) => (
            Code::CreditCapChanged,
            format!(
                "credit cap changed from `{}` to `{}`, another kind of amount",
                b.map(ToString::to_string).unwrap_or_default(),
                h.map(ToString::to_string).unwrap_or_default()
            ),
        ),
    };
    let show =
        |c: Option<&CreditCap>| c.map_or_else(|| "uncapped".to_string(), ToString::to_string);
    let mut f = Finding::new(code, message).impact(Some(format!(
        "most credit owed per period: {} -> {}",
        show(bv),
        show(hv)
    )));
    f = match b {
        Some(c) => {
            f.before(c.raw().to_string())
                .base(Loc::new(base, c.span, "/spec/remedies/creditCap"))
        }
        None => f
            .before("none")
            .base(Loc::new(base, base.id.span, "/spec/remedies")),
    };
    // A removed cap points at the base.
    f = match h {
        Some(c) => {
            f.after(c.raw().to_string())
                .head(Loc::new(head, c.span, "/spec/remedies/creditCap"))
        }
        None => f.after("none"),
    };
    f.emit(out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Span;
    use crate::diff::rules::text::tests::{both_ways, line, pairs};
    use crate::load::testing::{BASE, documents};
    use crate::model::{Spanned, Target};

    fn tiers(spec: &[(&str, &str)]) -> Vec<CreditTier> {
        spec.iter()
            .map(|(w, c)| CreditTier {
                when: Spanned::new(Target::parse(w).unwrap(), Span::default(), *w),
                credit: Spanned::new(
                    crate::model::CreditAmount::Percent(Percent::parse(c).unwrap()),
                    Span::default(),
                    *c,
                ),
                span: Span::default(),
            })
            .collect()
    }

    #[test]
    fn credit_owed_is_the_largest_applicable_tier() {
        let t = tiers(&[("< 99.9%", "10%"), ("< 99.0%", "50%")]);
        let at = |s| owed(&t, &Quantity::parse(s).unwrap()).unwrap();
        assert_eq!(at("99.95%"), Decimal::ZERO);
        assert_eq!(at("99.9%"), Decimal::ZERO);
        assert_eq!(at("99.5%"), Decimal::from(10));
        assert_eq!(at("98%"), Decimal::from(50));
    }

    #[test]
    fn schedules_compare_as_functions() {
        let base = tiers(&[("< 99.9%", "10%"), ("< 99.5%", "25%")]);
        let table: [(&[(&str, &str)], Steps); 9] = [
            (&[("< 99.5%", "25%"), ("< 99.9%", "10%")], Steps::Same),
            (&[("< 99.5%", "25%")], Steps::Less),
            (&[("< 99.9%", "5%"), ("< 99.5%", "25%")], Steps::Less),
            (&[("< 99.8%", "10%"), ("< 99.5%", "25%")], Steps::Less),
            // Every threshold moved, every credit kept: not "the same tiers".
            (&[("< 99.8%", "10%"), ("< 99.4%", "25%")], Steps::Less),
            (&[("<= 99.9%", "10%"), ("< 99.5%", "25%")], Steps::More),
            (
                &[("< 99.9%", "10%"), ("< 99.5%", "25%"), ("< 99%", "50%")],
                Steps::More,
            ),
            (&[("< 99.9%", "15%"), ("< 99.5%", "20%")], Steps::Mixed),
            (&[("> 5m", "10%")], Steps::Incomparable),
        ];
        for (head, want) in table {
            let head = tiers(head);
            assert_eq!(compare_steps(&base, &head), want, "{}", schedule(&head));
            let mirrored = match want {
                Steps::Less => Steps::More,
                Steps::More => Steps::Less,
                w => w,
            };
            assert_eq!(
                compare_steps(&head, &base),
                mirrored,
                "mirror of {}",
                schedule(&head)
            );
        }
        assert_eq!(compare_steps(&base, &[]), Steps::Less);
        assert_eq!(compare_steps(&[], &[]), Steps::Same);
    }

    #[test]
    fn the_impact_names_the_old_threshold() {
        let base = tiers(&[("< 99.9%", "10%"), ("< 99.5%", "25%")]);
        let head = tiers(&[("< 99.5%", "25%")]);
        assert_eq!(
            first_difference(&base, &head).unwrap().0,
            "credit owed just below 99.9%: 10% -> 0%"
        );
        let head = tiers(&[("<= 99.9%", "10%"), ("< 99.5%", "25%")]);
        assert_eq!(
            first_difference(&base, &head).unwrap().0,
            "credit owed at 99.9%: 0% -> 10%"
        );
    }

    #[test]
    fn sample_points_cover_every_interval() {
        let q = |s| Quantity::parse(s).unwrap();
        let (a, b) = (q("99%"), q("100%"));
        let pts: Vec<String> = sample_points(&[&b, &a])
            .unwrap()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(pts, ["49.5%", "99%", "99.5%", "100%"]);
        let (a, b) = (q("1h"), q("0s"));
        let pts: Vec<String> = sample_points(&[&a, &b])
            .unwrap()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(pts, ["0s", "30m", "1h", "2h"]);
        assert!(sample_points(&[&a, &q("5%")]).is_none());
        // Above the last threshold: halfway to 100% for a percent, (99.9 + 100) / 2 = 99.95;
        // below the first, half of it: 99.9 / 2 = 49.95.
        let pts: Vec<String> = sample_points(&[&q("99.9%")])
            .unwrap()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(pts, ["49.95%", "99.9%", "99.95%"]);
        // A zero threshold has nothing below it and one unit above it (twice zero is zero).
        let pts: Vec<String> = sample_points(&[&q("0 tickets")])
            .unwrap()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(pts, ["0 tickets", "1 tickets"]);
    }

    #[test]
    fn a_tier_above_the_last_threshold_is_compared() {
        // A credit owed only above 99.9% differs from none only at points above 99.9%.
        let base = tiers(&[("< 99.9%", "10%")]);
        let head = tiers(&[("< 99.9%", "10%"), ("> 99.9%", "5%")]);
        assert_eq!(compare_steps(&base, &head), Steps::More);
        assert_eq!(compare_steps(&head, &base), Steps::Less);
        // The impact is read just above the `>` tier's threshold (99.95%), where the base
        // owes nothing and the head 5%; at 99.9% itself, or below it, both owe the same.
        assert_eq!(
            first_difference(&base, &head).unwrap(),
            (
                "credit owed just above 99.9%: 0% -> 5%".to_string(),
                1,
                false
            )
        );
    }

    /// The findings of [`objective`] for each pair of [`pairs`] and of [`cap`], from `base` to
    /// `head`.
    fn diff(base: &str, head: &str) -> Vec<String> {
        let docs = documents(&[("base.sla.yaml", base), ("head.sla.yaml", head)]);
        let mut out = Vec::new();
        for pair in pairs(&docs[0], &docs[1]) {
            objective(&pair, &mut out);
        }
        cap(&docs[0], &docs[1], &mut out);
        out.iter().map(line).collect()
    }

    const TIER: &str = "        - {when: '< 99.9%', credit: 10%}\n";

    #[test]
    fn a_new_tier_raises_what_is_owed_below_its_threshold() {
        let two = BASE.replace(
            TIER,
            &format!("{TIER}        - {{when: '< 99.5%', credit: 25%}}\n"),
        );
        // Just below 99.5% the base owes its only tier's 10%, the head its second tier's 25%.
        both_ways(
            diff,
            BASE,
            &two,
            &[
                "credits-strengthened: < 99.9%: 10% -> < 99.9%: 10%, < 99.5%: 25%: credit owed just below 99.5%: 10% -> 25%",
            ],
            &[
                "credits-weakened: < 99.9%: 10%, < 99.5%: 25% -> < 99.9%: 10%: credit owed just below 99.5%: 25% -> 10%",
            ],
        );
    }

    #[test]
    fn credits_removed_point_at_the_base() {
        let none = BASE.replace(&format!("      credits:\n{TIER}"), "");
        both_ways(
            diff,
            BASE,
            &none,
            &[
                "credits-weakened: < 99.9%: 10% -> none (at base): credit owed just below 99.9%: 10% -> 0%",
            ],
            &[
                "credits-strengthened: none -> < 99.9%: 10%: credit owed just below 99.9%: 0% -> 10%",
            ],
        );
    }

    /// `BASE` with `remedies.creditCap: c`.
    fn capped(c: &str) -> String {
        BASE.replace(
            "  changelog:",
            &format!("  remedies: {{creditCap: {c}}}\n  changelog:"),
        )
    }

    #[test]
    fn a_lower_cap_weakens_and_a_removed_cap_strengthens() {
        both_ways(
            diff,
            &capped("50%"),
            &capped("30%"),
            &["credit-cap-weakened: 50% -> 30%: most credit owed per period: 50% -> 30%"],
            &["credit-cap-strengthened: 30% -> 50%: most credit owed per period: 30% -> 50%"],
        );
        // A removed cap points at the base, where it was written.
        both_ways(
            diff,
            &capped("50%"),
            BASE,
            &[
                "credit-cap-strengthened: 50% -> none (at base): most credit owed per period: 50% -> uncapped",
            ],
            &["credit-cap-weakened: none -> 50%: most credit owed per period: uncapped -> 50%"],
        );
    }

    #[test]
    fn the_same_schedule_written_differently_is_no_change() {
        let head = BASE.replace(
            TIER,
            "        - credit: '10.0%'\n          when: '< 99.90%'\n",
        );
        // The edits took: a silent miss would compare a document with itself.
        assert!(head.contains("'10.0%'"));
        both_ways(diff, BASE, &head, &[], &[]);
    }

    #[test]
    fn days_of_service_compare_as_a_step_function() {
        let days = |tiers: &str| BASE.replace(TIER, tiers);
        let three = days("        - {when: '< 99.9%', credit: {days: 3}}\n");
        let one = days("        - {when: '< 99.9%', credit: {days: 1}}\n");
        assert!(three.contains("days: 3"));
        // Just below 99.9% the base owes 3 days, the head 1.
        both_ways(
            diff,
            &three,
            &one,
            &[
                "credits-weakened: < 99.9%: 3 days of service -> < 99.9%: 1 day of service: credit owed just below 99.9%: 3 days of service -> 1 day of service",
            ],
            &[
                "credits-strengthened: < 99.9%: 1 day of service -> < 99.9%: 3 days of service: credit owed just below 99.9%: 1 day of service -> 3 days of service",
            ],
        );
        // `3` and `3.0` days are the same credit.
        both_ways(
            diff,
            &three,
            &days("        - {when: '< 99.9%', credit: {days: 3.0}}\n"),
            &[],
            &[],
        );
    }

    #[test]
    fn another_kind_of_amount_is_changed() {
        let money = BASE.replace(
            TIER,
            "        - {when: '< 99.9%', credit: {amount: 100, currency: USD, per: incident}}\n",
        );
        assert!(money.contains("USD"));
        both_ways(
            diff,
            BASE,
            &money,
            &["credits-changed: < 99.9%: 10% -> < 99.9%: 100 USD per incident"],
            &["credits-changed: < 99.9%: 100 USD per incident -> < 99.9%: 10%"],
        );
        // A multiple of another base is another kind too.
        let of = |what: &str| {
            BASE.replace(
                TIER,
                &format!("        - {{when: '< 99.9%', credit: {{multiple: 10, of: {what}}}}}\n"),
            )
        };
        let (a, b) = (of("fees-during-downtime"), of("monthly-fees"));
        assert_eq!(
            diff(&a, &b),
            ["credits-changed: < 99.9%: 10x fees-during-downtime -> < 99.9%: 10x monthly-fees"]
        );
    }

    #[test]
    fn a_cap_in_days_compares_with_days_only() {
        both_ways(
            diff,
            &capped("{days: 90}"),
            &capped("{days: 30}"),
            &[
                "credit-cap-weakened: {days: 90} -> {days: 30}: most credit owed per period: 90 days of service -> 30 days of service",
            ],
            &[
                "credit-cap-strengthened: {days: 30} -> {days: 90}: most credit owed per period: 30 days of service -> 90 days of service",
            ],
        );
        both_ways(
            diff,
            &capped("100%"),
            &capped("{days: 30}"),
            &[
                "credit-cap-changed: 100% -> {days: 30}: most credit owed per period: 100% -> 30 days of service",
            ],
            &[
                "credit-cap-changed: {days: 30} -> 100%: most credit owed per period: 30 days of service -> 100%",
            ],
        );
    }
}
