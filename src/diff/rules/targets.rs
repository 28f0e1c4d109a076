//! Thresholds: `target-weakened`, `target-strengthened`, `target-direction-flipped`,
//! `target-kind-changed`, `target-basis-changed`, and the percentile rules.
//!
//! Strength is [`Target::strength_of`]: exact decimal comparison in the comparator's
//! direction, and at an equal value a strict comparator (`>`, `<`) is the stronger. Business
//! time (`bh`, `bd`) against clock time, or business days against business hours, compare
//! on the objective's calendar ([`crate::model::business`]), else they are `target-basis-changed`.

use std::cmp::Ordering;

use crate::diagnostic::{Code, Diagnostic};
use crate::diff::impact;
use crate::model::{Direction, Strength, Target};

use super::Pair;

/// Docs of `target-weakened`.
pub const TARGET_WEAKENED: &str = "\
## What it checks
An objective's target whose threshold moved toward the lenient side (`>= 99.9%` to
`>= 99.5%`, `<= 1h` to `<= 4h`), or whose comparator stopped being strict at the same value
(`> 99.9%` to `>= 99.9%`). Values compare exactly, so `99.9%` and `99.90%`, `1h` and `60m`,
`500ms` and `0.5s` are the same target.

## Why is this bad?
The customer is promised less. For availability the finding shows the downtime the target
allows per window before and after; for durations, how many times slower the promise is.

## Example
Before: `target: \">= 99.9%\"` with `window: month`
After: `target: \">= 99.5%\"`

Impact: `allowed downtime per month: 43m50s -> 3h39m9s (+2h55m19s)`.
";

/// Docs of `target-strengthened`.
pub const TARGET_STRENGTHENED: &str = "\
## What it checks
An objective's target whose threshold moved toward the strict side (`<= 4h` to `<= 1h`), or
whose comparator became strict at the same value (`>= 99.9%` to `> 99.9%`).

## Why is this bad?
It is not, for the customer; the provider should check that it can keep the new promise.

## Example
Before: `target: \"<= 4h\"`
After: `target: \"<= 1h\"`

Impact: `4h -> 1h: 4x faster (-3h)`.
";

/// Docs of `target-direction-flipped`.
pub const TARGET_DIRECTION_FLIPPED: &str = "\
## What it checks
An objective's target whose comparator changed direction: from higher-is-better (`>=`, `>`)
to lower-is-better (`<=`, `<`) or back.

## Why is this bad?
The two targets measure opposite things (a success rate and an error rate, say), so neither
can be called weaker. It is an error so that a person reviews what the objective now means.

## Example
Before: `target: \">= 99%\"` (requests that succeed)
After: `target: \"<= 1%\"` (requests that fail)
";

/// Docs of `target-kind-changed`.
pub const TARGET_KIND_CHANGED: &str = "\
## What it checks
An objective's target measured in another kind of quantity than before: a percent became a
duration or a count, or a count changed its unit (`10000 users` to `10000 sessions`).

## Why is this bad?
Quantities of different kinds do not compare, so the tool cannot say whether the promise got
weaker. It is an error so that a person reviews it.

## Example
Before: `target: \">= 99.9%\"`
After: `target: \"<= 45m\"`
";

/// Docs of `percentile-weakened`.
pub const PERCENTILE_WEAKENED: &str = "\
## What it checks
A lower-is-better objective (latency, response time) whose percentile dropped, such as `p99`
to `p95`.

## Why is this bad?
`<= 500ms at p99` promises that 99 of 100 requests are fast; at `p95` only 95 are, so five
times as many requests may be slow without breaching the objective.

## Example
Before: `{indicator: latency, percentile: p99, target: \"<= 500ms\"}`
After: `{indicator: latency, percentile: p95, target: \"<= 500ms\"}`
";

/// Docs of `percentile-strengthened`.
pub const PERCENTILE_STRENGTHENED: &str = "\
## What it checks
A lower-is-better objective whose percentile rose, such as `p95` to `p99`.

## Why is this bad?
It is not, for the customer: the threshold now holds for more requests.

## Example
Before: `percentile: p95`
After: `percentile: p99`
";

/// Docs of `percentile-changed`.
pub const PERCENTILE_CHANGED: &str = "\
## What it checks
A percentile added to or removed from an objective, or changed on an objective that is not
lower-is-better.

## Why is this bad?
Without a percentile the target is read as holding for the measurement as a whole (often a
mean); with one, for a share of the requests. The two do not compare, so a person must look.

## Example
Before: `{indicator: latency, target: \"<= 300ms\"}`
After: `{indicator: latency, percentile: p95, target: \"<= 300ms\"}`
";

/// Target and percentile of a paired objective.
pub(crate) fn compare(p: &Pair<'_>, out: &mut Vec<Diagnostic>) {
    target(p, out);
    percentile(p, out);
}

/// How the head's target compares with the base's: exactly, or, for business time against
/// clock time, on the objective's calendar ([`crate::model::business`]).
fn strength(p: &Pair<'_>) -> Strength {
    let (b, h) = (&p.base.target.value, &p.head.target.value);
    let exact = b.strength_of(h);
    let business = |t: &Target| matches!(t.quantity, crate::model::Quantity::Business(_));
    if exact != Strength::Incomparable || !(business(b) || business(h)) {
        return exact;
    }
    let calendar = |pair_spec: &crate::model::Spec, id: &str| {
        let holidays = pair_spec
            .calendar(id)
            .is_some_and(|c| !c.holidays.is_empty());
        pair_spec.covered(id).map(|w| (w, holidays))
    };
    match (
        calendar(&p.base_doc.spec, p.base.hours_id()),
        calendar(&p.head_doc.spec, p.head.hours_id()),
    ) {
        // Judged on one calendar: the same covered week on both sides.
        (Some((bw, bh)), Some((hw, hh))) if bw == hw => {
            crate::model::business::strength_on_calendar(b, h, &hw, bh || hh)
                .unwrap_or(Strength::Incomparable)
        }
        _ => Strength::Incomparable,
    }
}

fn target(p: &Pair<'_>, out: &mut Vec<Diagnostic>) {
    let (b, h) = (&p.base.target, &p.head.target);
    let id = &p.head.id.value;
    let business = |t: &Target| matches!(t.quantity, crate::model::Quantity::Business(_));
    // Durations on both sides, business time on at least one, in the same direction.
    let basis_changed = b.value.kind() == h.value.kind()
        && b.value.direction() == h.value.direction()
        && (business(&b.value) || business(&h.value));
    let (code, message) = match strength(p) {
        Strength::Same => return,
        Strength::Weaker => (Code::TargetWeakened, moved(id, &b.value, &h.value)),
        Strength::Stronger => (Code::TargetStrengthened, moved(id, &b.value, &h.value)),
        Strength::Incomparable if b.value.direction() != h.value.direction() => (
            Code::TargetDirectionFlipped,
            format!(
                "{id} target changed direction from `{}` ({}) to `{}` ({})",
                b.raw(),
                b.value.direction(),
                h.raw(),
                h.value.direction()
            ),
        ),
        Strength::Incomparable if basis_changed => (
            Code::TargetBasisChanged,
            format!(
                "{id} target changed from `{}` to `{}`: business time and clock time compare \
                 only where calendar `{}` orders them for every start, and it does not",
                b.raw(),
                h.raw(),
                p.head.hours_id()
            ),
        ),
        Strength::Incomparable => (
            Code::TargetKindChanged,
            format!(
                "{id} target changed from a {} (`{}`) to a {} (`{}`)",
                what(&b.value),
                b.raw(),
                what(&h.value),
                h.raw()
            ),
        ),
    };
    let impact = match (
        code,
        impact::downtime(p.base, &p.base_doc.spec),
        impact::downtime(p.head, &p.head_doc.spec),
    ) {
        (
            Code::TargetDirectionFlipped | Code::TargetKindChanged | Code::TargetBasisChanged,
            _,
            _,
        ) => None,
        (_, Some(before), Some(after)) => impact::downtime_change(&before, &after),
        _ => impact::quantity_change(&b.value.quantity, &h.value.quantity, h.value.direction()),
    };
    p.finding(code, message, "target", Some(h.span), Some(b.span))
        .before(b.raw().to_string())
        .after(h.raw().to_string())
        .impact(impact)
        .emit(out);
}

fn what(t: &Target) -> String {
    match &t.quantity {
        crate::model::Quantity::Count(c) => match &c.unit {
            Some(u) => format!("count of {u}"),
            None => "count".into(),
        },
        q => q.kind().to_string(),
    }
}

/// "availability target lowered from `99.9%` to `99.5%`", or, at an equal value, "no longer
/// strict" / "now strict".
fn moved(id: &str, before: &Target, after: &Target) -> String {
    let basis = |t: &Target| match t.quantity {
        crate::model::Quantity::Business(_) => "business time",
        _ => "clock time",
    };
    // Only business time reaches here without an exact order (judged on the calendar).
    if after.quantity.compare(&before.quantity).is_none() {
        return format!(
            "{id} target moved from {} `{before}` to {} `{after}`, judged on its calendar",
            basis(before),
            basis(after)
        );
    }
    match after.quantity.compare(&before.quantity) {
        Some(Ordering::Less) => format!(
            "{id} target lowered from `{}` to `{}`",
            before.quantity, after.quantity
        ),
        Some(Ordering::Greater) => format!(
            "{id} target raised from `{}` to `{}`",
            before.quantity, after.quantity
        ),
        _ if after.comparator.is_strict() => {
            format!("{id} target is now strict: `{before}` became `{after}`")
        }
        _ => format!("{id} target is no longer strict: `{before}` became `{after}`"),
    }
}

fn percentile(p: &Pair<'_>, out: &mut Vec<Diagnostic>) {
    let (b, h) = (p.base.percentile.as_ref(), p.head.percentile.as_ref());
    let id = &p.head.id.value;
    let lower_is_better = p.head.target.value.direction() == Direction::LowerIsBetter
        && p.base.target.value.direction() == Direction::LowerIsBetter;
    let (code, message) = match (b, h) {
        (None, None) => return,
        (Some(b), Some(h)) if b.value == h.value => return,
        (Some(b), Some(h)) if lower_is_better => {
            if h.value < b.value {
                (
                    Code::PercentileWeakened,
                    format!(
                        "{id} percentile lowered from `{}` to `{}`",
                        b.value.as_str(),
                        h.value.as_str()
                    ),
                )
            } else {
                (
                    Code::PercentileStrengthened,
                    format!(
                        "{id} percentile raised from `{}` to `{}`",
                        b.value.as_str(),
                        h.value.as_str()
                    ),
                )
            }
        }
        (Some(b), Some(h)) => (
            Code::PercentileChanged,
            format!(
                "{id} percentile changed from `{}` to `{}`",
                b.value.as_str(),
                h.value.as_str()
            ),
        ),
        (Some(b), None) => (
            Code::PercentileChanged,
            format!("{id} percentile `{}` removed", b.value.as_str()),
        ),
        (None, Some(h)) => (
            Code::PercentileChanged,
            format!("{id} percentile `{}` added", h.value.as_str()),
        ),
    };
    let mut f = p.finding(
        code,
        message,
        "percentile",
        h.map(|x| x.span),
        b.map(|x| x.span),
    );
    if let Some(b) = b {
        f = f.before(b.value.as_str());
    }
    if let Some(h) = h {
        f = f.after(h.value.as_str());
    }
    f.emit(out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::rules::text::tests::{line, pairs};
    use crate::load::testing::{BASE, documents};

    /// The findings of [`compare`] for each pair of [`pairs`], from `base` to `head`, with
    /// their messages.
    fn diff(base: &str, head: &str) -> Vec<(String, String)> {
        let docs = documents(&[("base.sla.yaml", base), ("head.sla.yaml", head)]);
        let mut out = Vec::new();
        for pair in pairs(&docs[0], &docs[1]) {
            compare(&pair, &mut out);
        }
        out.iter().map(|d| (line(d), d.message.clone())).collect()
    }

    fn lines(base: &str, head: &str) -> Vec<String> {
        diff(base, head).into_iter().map(|(l, _)| l).collect()
    }

    /// `BASE` with `availability` measured around the clock over 30 days, with target `t`.
    fn availability(t: &str) -> String {
        BASE.replace("      hours: business-hours\n", "      window: 30d\n")
            .replace("'>= 99.90%'", &format!("'{t}'"))
    }

    /// `BASE` with the latency target `t`.
    fn latency(t: &str) -> String {
        BASE.replace("'< 500ms'", &format!("'{t}'"))
    }

    #[test]
    fn a_lowered_availability_weakens_by_its_allowed_downtime() {
        // 30 days around the clock are 43,200 minutes: 0.1% of them is 43.2 minutes
        // (43m12s), 0.5% is 216 minutes (3h36m), 172.8 minutes (2h52m48s) more.
        let (base, head) = (availability(">= 99.90%"), availability(">= 99.5%"));
        assert_eq!(
            diff(&base, &head),
            [(
                "target-weakened: >= 99.90% -> >= 99.5%: allowed downtime per 30d: 43m12s -> 3h36m (+2h52m48s)".into(),
                "availability target lowered from `99.9%` to `99.5%`".into()
            )]
        );
        assert_eq!(
            lines(&head, &base),
            [
                "target-strengthened: >= 99.5% -> >= 99.90%: allowed downtime per 30d: 3h36m -> 43m12s (-2h52m48s)"
            ]
        );
    }

    #[test]
    fn the_impact_says_when_its_calendar_changed_too() {
        // The base's business hours are Mon-Fri 09:00-18:00 (45 h a week); the head lowers the
        // target to 99.5% and widens the calendar to 08:00-18:00 (50 h). A month is
        // 30.436875 d = 43,829.1 min. Before: 0.1% x 45/168 = 11.740 min = 11m44s; after:
        // 0.5% x 50/168 = 65.222 min = 1h5m13s; 53m29s more, part of it from the calendar.
        let head = BASE
            .replace("'>= 99.90%'", "'>= 99.5%'")
            .replace("from: '09:00', to: '18:00'", "from: '08:00', to: '18:00'");
        assert_ne!(head, BASE.replace("'>= 99.90%'", "'>= 99.5%'"));
        let found = lines(BASE, &head);
        assert!(
            found.contains(
                &"target-weakened: >= 99.90% -> >= 99.5%: allowed downtime per month: 11m44s -> \
                  1h5m13s (+53m29s); counted on calendar `business-hours`, which this change \
                  also edits (45h -> 50h a week)"
                    .to_string()
            ),
            "{found:#?}"
        );
        // The target alone: no note.
        let found = lines(BASE, &BASE.replace("'>= 99.90%'", "'>= 99.5%'"));
        assert!(!found[0].contains("counted on"), "{found:#?}");
    }

    #[test]
    fn a_raised_latency_threshold_weakens_by_its_ratio() {
        // 800ms / 500ms = 1.6, and 800ms - 500ms = 300ms.
        assert_eq!(
            lines(BASE, &latency("< 800ms")),
            ["target-weakened: < 500ms -> < 800ms: 500ms -> 800ms: 1.6x slower (+300ms)"]
        );
        assert_eq!(
            lines(&latency("< 800ms"), BASE),
            ["target-strengthened: < 800ms -> < 500ms: 800ms -> 500ms: 1.6x faster (-300ms)"]
        );
    }

    #[test]
    fn at_an_equal_value_the_strict_comparator_is_stronger() {
        let (strict, loose) = (latency("< 500ms"), latency("<= 500ms"));
        assert_eq!(
            diff(&strict, &loose),
            [(
                "target-weakened: < 500ms -> <= 500ms".into(),
                "latency target is no longer strict: `< 500ms` became `<= 500ms`".into()
            )]
        );
        assert_eq!(
            lines(&loose, &strict),
            ["target-strengthened: <= 500ms -> < 500ms"]
        );
    }

    /// `BASE` with the `latency` objective turned into a custom indicator with target `t`
    /// (the schema only lets a latency be at most some duration).
    fn custom(t: &str) -> String {
        BASE.replace(
            "      indicator: latency\n      percentile: p95\n      target: '< 500ms'",
            &format!("      indicator: custom\n      target: '{t}'"),
        )
    }

    #[test]
    fn a_flipped_direction_or_another_kind_is_its_own_mirror() {
        let (at_least, at_most) = (custom(">= 60%"), custom("<= 40%"));
        assert_eq!(
            lines(&at_least, &at_most),
            ["target-direction-flipped: >= 60% -> <= 40%"]
        );
        assert_eq!(
            lines(&at_most, &at_least),
            ["target-direction-flipped: <= 40% -> >= 60%"]
        );
        let leads = custom(">= 500 leads");
        assert_eq!(
            lines(&at_least, &leads),
            ["target-kind-changed: >= 60% -> >= 500 leads"]
        );
        assert_eq!(
            lines(&leads, &at_least),
            ["target-kind-changed: >= 500 leads -> >= 60%"]
        );
    }

    #[test]
    fn a_lower_percentile_of_a_latency_weakens() {
        let p90 = BASE.replace("percentile: p95", "percentile: p90");
        assert_eq!(lines(BASE, &p90), ["percentile-weakened: p95 -> p90"]);
        assert_eq!(lines(&p90, BASE), ["percentile-strengthened: p90 -> p95"]);
        let none = BASE.replace("      percentile: p95\n", "");
        // A percentile only the base wrote was removed: the finding points at the base.
        assert_eq!(
            lines(BASE, &none),
            ["percentile-changed: p95 -> - (at base)"]
        );
        assert_eq!(lines(&none, BASE), ["percentile-changed: - -> p95"]);
    }

    #[test]
    fn a_percentile_is_judged_only_when_both_sides_are_lower_is_better() {
        // The head is lower-is-better, the base (read model-only, as base revisions are)
        // is not: the direction flipped, so the percentile's move says neither weaker nor
        // stronger; it is `percentile-changed`.
        let with = |t: &str, p: &str| {
            BASE.replace(
                "      indicator: latency\n      percentile: p95\n      target: '< 500ms'",
                &format!("      indicator: custom\n      percentile: {p}\n      target: '{t}'"),
            )
        };
        let base = crate::load::testing::model_only(&[("a.sla.yaml", &with(">= 60%", "p95"))]);
        let head = crate::load::testing::documents(&[("a.sla.yaml", &with("<= 40%", "p90"))]);
        let codes: Vec<Code> = crate::diff::diff(&base, &head)
            .iter()
            .map(|d| d.code)
            .collect();
        assert_eq!(
            codes,
            [Code::TargetDirectionFlipped, Code::PercentileChanged]
        );
    }

    #[test]
    fn equal_targets_written_differently_are_no_change() {
        let (base, head) = (availability(">= 99.90%"), availability(">= 99.9%"));
        // The edits took: a silent miss would compare a document with itself.
        assert_ne!(base, head);
        assert_ne!(latency("< 0.5s"), BASE);
        assert_eq!(lines(&base, &head), Vec::<String>::new());
        assert_eq!(lines(BASE, &latency("< 0.5s")), Vec::<String>::new());
        assert_eq!(lines(&latency("< 0.5s"), BASE), Vec::<String>::new());
    }
}
