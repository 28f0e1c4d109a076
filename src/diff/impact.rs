//! Quantified effects of a change: allowed downtime, duration ratios, deltas.
//!
//! Every figure is computed in exact decimals and rounded only for display (downtime to whole
//! seconds), so the same change always reads the same. Calendar windows use average lengths
//! ([`Window::length`]), and covered hours count as their share of the week.

use std::collections::BTreeSet;

use rust_decimal::Decimal;

use crate::model::calendar::WEEK_MINUTES;
use crate::model::quantity::fmt_decimal;
use crate::model::{
    BUILTIN_24X7, Calendar, Direction, Duration, Indicator, Objective, Quantity, Spec, Target,
    WeekMinutes, Weekday, Window,
};

/// The downtime an availability target allows per window: window length × covered share of
/// the week × (100 − target) / 100, rounded to seconds. `None` unless the target is a
/// higher-is-better percent.
pub fn allowed_downtime(
    target: &Target,
    window: Window,
    covered: &WeekMinutes,
) -> Option<Duration> {
    allowed(target, window, covered.fraction())
}

fn allowed(target: &Target, window: Window, covered_share: Decimal) -> Option<Duration> {
    let Quantity::Percent(p) = &target.quantity else {
        return None;
    };
    if target.direction() != Direction::HigherIsBetter {
        return None;
    }
    let share = (Decimal::ONE_HUNDRED - p.value()) / Decimal::ONE_HUNDRED;
    let ms = window.length().millis() * covered_share * share;
    Some(Duration::from_millis(ms).round_to_seconds())
}

/// The availability figures of one revision of an objective.
#[derive(Debug, Clone)]
pub struct Downtime {
    /// Allowed downtime per window.
    pub allowed: Duration,
    /// The window.
    pub window: Window,
    /// The calendar the figure is counted on (`24x7` when none is named).
    pub calendar: String,
    /// The share of the week that calendar covers.
    pub covered: Decimal,
}

/// The allowed downtime of an availability objective in its document, if it has one.
pub fn downtime(objective: &Objective, spec: &Spec) -> Option<Downtime> {
    if objective.indicator.value != Indicator::Availability {
        return None;
    }
    let window = objective.window();
    let id = objective.hours_id();
    let share = if id == BUILTIN_24X7 {
        Decimal::ONE
    } else {
        covered_share(spec.calendars.iter().find(|c| c.id.value == id)?)
    };
    allowed(&objective.target.value, window, share).map(|allowed| Downtime {
        allowed,
        window,
        calendar: id.to_string(),
        covered: share,
    })
}

/// `; counted on calendar `business-hours`, which this change also edits (45h -> 50h a week)`
/// when the two figures are counted on different calendars or on one calendar that changed,
/// so a reader knows the downtime moved for that reason too. Empty otherwise.
fn calendar_note(before: &Downtime, after: &Downtime) -> String {
    // Hours a week, as contracts state them: `45h`, `37.5h`.
    let weekly = |share: Decimal| {
        let hours = share * Decimal::from(WEEK_MINUTES as u32) / Decimal::from(60);
        format!("{}h", fmt_decimal(hours.round_dp(2)))
    };
    if before.calendar != after.calendar {
        format!(
            "; counted on calendar `{}` before and `{}` after",
            before.calendar, after.calendar
        )
    } else if before.covered == after.covered {
        String::new()
    } else {
        format!(
            "; counted on calendar `{}`, which this change also edits ({} -> {} a week)",
            after.calendar,
            weekly(before.covered),
            weekly(after.covered)
        )
    }
}

/// The share of the week a calendar covers, counted without building its set of minutes:
/// each listed day covers one stretch of at most 24 hours that starts on that day, so the
/// stretches of different days never overlap (an overnight stretch ends before the next
/// day's starts).
pub fn covered_share(calendar: &Calendar) -> Decimal {
    let (from, to) = (calendar.from.value.0, calendar.to.value.0);
    let daily = if to > from {
        to - from
    } else {
        1440 - from + to
    };
    let days: BTreeSet<Weekday> = calendar.days.value.iter().copied().collect();
    Decimal::from(daily * days.len() as u32) / Decimal::from(WEEK_MINUTES as u32)
}

/// `allowed downtime per month: 43m50s -> 3h39m9s (+2h55m19s)`, or with two windows
/// `allowed downtime: 43m50s per month -> 2h11m29s per quarter`. `None` when unchanged.
pub fn downtime_change(before: &Downtime, after: &Downtime) -> Option<String> {
    if before.window.length() == after.window.length() {
        if before.allowed == after.allowed {
            return None;
        }
        Some(format!(
            "allowed downtime per {}: {} -> {} ({}){}",
            after.window,
            before.allowed,
            after.allowed,
            signed(before.allowed, after.allowed),
            calendar_note(before, after)
        ))
    } else {
        Some(format!(
            "allowed downtime: {} per {} -> {} per {}{}",
            before.allowed,
            before.window,
            after.allowed,
            after.window,
            calendar_note(before, after)
        ))
    }
}

/// `+2h55m19s` or `-3h`: the signed difference `after - before`.
pub fn signed(before: Duration, after: Duration) -> String {
    let d = before.abs_diff(after);
    if after >= before {
        format!("+{d}")
    } else {
        format!("-{d}")
    }
}

/// A ratio for display: `4`, `1.5`, `1.33`.
pub fn fmt_ratio(r: Decimal) -> String {
    fmt_decimal(r.round_dp(2))
}

/// The difference between two thresholds of one kind, in words: `1h -> 4h: 4x slower (+3h)`,
/// `0.1% -> 0.5% (+0.4 percentage points)`, `10000 users -> 5000 users (-5000)`.
pub fn quantity_change(
    before: &Quantity,
    after: &Quantity,
    direction: Direction,
) -> Option<String> {
    match (before, after) {
        (Quantity::Duration(b), Quantity::Duration(a)) => {
            if a == b {
                return None;
            }
            let (big, small) = if a > b { (*a, *b) } else { (*b, *a) };
            let word = match (direction, a > b) {
                (Direction::LowerIsBetter, true) => "slower",
                (Direction::LowerIsBetter, false) => "faster",
                (Direction::HigherIsBetter, true) => "longer",
                (Direction::HigherIsBetter, false) => "shorter",
            };
            let ratio = big
                .ratio(small)
                .map(|r| format!(": {}x {word}", fmt_ratio(r)))
                .unwrap_or_default();
            Some(format!("{b} -> {a}{ratio} ({})", signed(*b, *a)))
        }
        (Quantity::Percent(b), Quantity::Percent(a)) => {
            let d = a.value() - b.value();
            if d.is_zero() {
                return None;
            }
            let sign = if d.is_sign_negative() { "-" } else { "+" };
            Some(format!(
                "{b} -> {a} ({sign}{} percentage points)",
                fmt_decimal(d.abs())
            ))
        }
        (Quantity::Count(b), Quantity::Count(a)) if b.unit == a.unit => {
            let d = a.value - b.value;
            if d.is_zero() {
                return None;
            }
            let sign = if d.is_sign_negative() { "-" } else { "+" };
            Some(format!("{b} -> {a} ({sign}{})", fmt_decimal(d.abs())))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TimeOfDay;
    use crate::model::Weekday;

    fn t(s: &str) -> Target {
        Target::parse(s).unwrap()
    }

    fn dt(target: &str, window: &str) -> Downtime {
        let window = Window::parse(window).unwrap();
        Downtime {
            allowed: allowed_downtime(&t(target), window, &WeekMinutes::all()).unwrap(),
            window,
            calendar: BUILTIN_24X7.to_string(),
            covered: Decimal::ONE,
        }
    }

    #[test]
    fn availability_becomes_allowed_downtime() {
        assert_eq!(dt(">= 99.9%", "month").allowed.to_string(), "43m50s");
        assert_eq!(dt(">= 99.5%", "month").allowed.to_string(), "3h39m9s");
        assert_eq!(dt(">= 99.9%", "30d").allowed.to_string(), "43m12s");
        assert_eq!(dt(">= 99.5%", "30d").allowed.to_string(), "3h36m");
        assert_eq!(
            downtime_change(&dt(">= 99.9%", "month"), &dt(">= 99.5%", "month")).unwrap(),
            "allowed downtime per month: 43m50s -> 3h39m9s (+2h55m19s)"
        );
        assert_eq!(
            downtime_change(&dt(">= 99.9%", "30d"), &dt(">= 99.5%", "30d")).unwrap(),
            "allowed downtime per 30d: 43m12s -> 3h36m (+2h52m48s)"
        );
        assert_eq!(
            downtime_change(&dt(">= 99.9%", "month"), &dt(">= 99.9%", "quarter")).unwrap(),
            "allowed downtime: 43m50s per month -> 2h11m29s per quarter"
        );
        assert!(downtime_change(&dt(">= 99.9%", "month"), &dt(">= 99.90%", "month")).is_none());
        assert!(allowed_downtime(&t("<= 1%"), Window::Month, &WeekMinutes::all()).is_none());
    }

    #[test]
    fn the_counted_share_equals_the_set_of_minutes() {
        use crate::diagnostic::Span;
        use crate::model::{Spanned, TimeOfDay};
        for (days, from, to) in [
            (vec![Weekday::Mon, Weekday::Tue], "09:00", "18:00"),
            (vec![Weekday::Sun, Weekday::Mon], "22:00", "06:00"),
            (Weekday::ALL.to_vec(), "00:00", "24:00"),
            (vec![Weekday::Fri, Weekday::Fri], "08:00", "08:00"),
        ] {
            let t = |s| Spanned::new(TimeOfDay::parse(s).unwrap(), Span::default(), s);
            let c = Calendar {
                id: Spanned::new("c".into(), Span::default(), "c"),
                timezone: Spanned::new("UTC".into(), Span::default(), "UTC"),
                days: Spanned::new(days, Span::default(), ""),
                from: t(from),
                to: t(to),
                holidays: Vec::new(),
            };
            assert_eq!(covered_share(&c), c.covered().fraction(), "{from}-{to}");
        }
    }

    #[test]
    fn business_hours_count_only_their_share() {
        let days = [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
        ];
        let hours = WeekMinutes::from_schedule(
            &days,
            TimeOfDay::parse("09:00").unwrap(),
            TimeOfDay::parse("18:00").unwrap(),
        );
        // 45 of 168 hours: 43m49.8s * 45/168 = 11m44.4s.
        assert_eq!(
            allowed_downtime(&t(">= 99.9%"), Window::Month, &hours)
                .unwrap()
                .to_string(),
            "11m44s"
        );
    }

    #[test]
    fn durations_read_as_ratios_and_deltas() {
        let q = |s| Quantity::parse(s).unwrap();
        assert_eq!(
            quantity_change(&q("1h"), &q("4h"), Direction::LowerIsBetter).unwrap(),
            "1h -> 4h: 4x slower (+3h)"
        );
        assert_eq!(
            quantity_change(&q("4h"), &q("1h"), Direction::LowerIsBetter).unwrap(),
            "4h -> 1h: 4x faster (-3h)"
        );
        assert_eq!(
            quantity_change(&q("300ms"), &q("200ms"), Direction::LowerIsBetter).unwrap(),
            "300ms -> 200ms: 1.5x faster (-100ms)"
        );
        assert_eq!(
            quantity_change(&q("0.1%"), &q("0.5%"), Direction::LowerIsBetter).unwrap(),
            "0.1% -> 0.5% (+0.4 percentage points)"
        );
        assert_eq!(
            quantity_change(
                &q("10000 users"),
                &q("5000 users"),
                Direction::HigherIsBetter
            )
            .unwrap(),
            "10000 users -> 5000 users (-5000)"
        );
        assert!(quantity_change(&q("1h"), &q("60m"), Direction::LowerIsBetter).is_none());
        assert!(quantity_change(&q("1h"), &q("5%"), Direction::LowerIsBetter).is_none());
        // Counts of different things have no difference to state: 10000 users and 5000
        // leads are not "-5000" of anything.
        assert!(
            quantity_change(
                &q("10000 users"),
                &q("5000 leads"),
                Direction::HigherIsBetter
            )
            .is_none()
        );
    }

    #[test]
    fn the_downtime_is_counted_on_the_objective_s_own_calendar() {
        // Two calendars; the objective uses the second. Its allowed downtime is counted on
        // that one's share of the week: Mon-Fri 09:00-18:00 is 5 x 9 h = 45 of 168 h, and
        // 0.1% of a month (30.436875 d = 43,830.9 min) is 43.8309 min; x 45/168 =
        // 11.740 min = 11m44s. On the first calendar (every day, 00:00-12:00, half the
        // week) it would be 21m55s.
        let text = crate::model::build::tests_support::MINIMAL.replace(
            "  calendars:\n",
            "  calendars:\n    half-days: {timezone: UTC, days: [mon, tue, wed, thu, fri, sat, sun], \
             from: '00:00', to: '12:00'}\n",
        );
        let doc = &crate::load::testing::documents(&[("a.sla.yaml", &text)])[0];
        assert_eq!(doc.spec.calendars.len(), 2);
        let availability = &doc.spec.objectives[0];
        assert_eq!(availability.hours_id(), "business-hours");
        let d = downtime(availability, &doc.spec).unwrap();
        assert_eq!(d.allowed.to_string(), "11m44s");
    }
}
