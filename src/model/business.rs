//! Business time against clock time: `4bh` and `<= 4h` compare only on a calendar.
//!
//! A business duration (`bh`, `bd`) counts the covered time of the objective's calendar; a
//! clock duration (`h`, `d`) counts every minute. As deadlines from a start `s`: the clock
//! one ends at `s + X`, the business one when `Y` covered minutes have passed. Which ends
//! first depends on `s`, so one is stricter only when the order is the same for every start
//! in the calendar's week. Holidays only ever lengthen business deadlines, so a calendar with
//! holidays never proves business time the stricter.

use std::cmp::Ordering;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::quantity::BusinessDuration;
use super::{Direction, Quantity, Strength, Target, WeekMinutes};

/// Minutes of clock time, or covered minutes of business time.
enum Basis {
    Clock(Decimal),
    Business(Decimal),
}

fn basis(q: &Quantity, week: &WeekMinutes) -> Option<Basis> {
    match q {
        Quantity::Duration(d) => Some(Basis::Clock(d.millis() / Decimal::from(60_000))),
        Quantity::Business(b) => Some(Basis::Business(business_minutes(*b, week)?)),
        _ => None,
    }
}

/// Covered minutes of a business duration on `week`; `None` when it has business days and
/// the calendar's covered days differ in length.
pub fn business_minutes(b: BusinessDuration, week: &WeekMinutes) -> Option<Decimal> {
    let day = if b.days.is_zero() {
        0
    } else {
        week.uniform_day()?
    };
    Some(b.minutes(day))
}

/// How a business deadline of `business` covered minutes ends against a clock deadline of
/// `clock` minutes, for every start in `week`: `Less` when never later (stricter), `Greater`
/// when never sooner, `Equal` when both; `None` when it depends on the start, or the
/// figures are not whole minutes.
fn business_against_clock(
    clock: Decimal,
    business: Decimal,
    week: &WeekMinutes,
    holidays: bool,
) -> Option<Ordering> {
    if clock.fract() != Decimal::ZERO || business.fract() != Decimal::ZERO || clock < Decimal::ONE {
        return None;
    }
    let (x, y) = (clock.to_u64()?, business.to_u64()?);
    // Never sooner: the clock's first x-1 minutes never hold y covered ones.
    let never_sooner = week.window_range(x - 1).1 < y;
    // Never later: every x clock minutes hold y covered ones (holidays can break that).
    let never_later = !holidays && week.window_range(x).0 >= y;
    match (never_sooner, never_later) {
        (true, true) => Some(Ordering::Equal),
        (true, false) => Some(Ordering::Greater),
        (false, true) => Some(Ordering::Less),
        (false, false) => None,
    }
}

/// How `head` compares with `base` for the customer on the objective's calendar `week`,
/// when at least one is business time; `None` when they do not compare there.
pub fn strength_on_calendar(
    base: &Target,
    head: &Target,
    week: &WeekMinutes,
    holidays: bool,
) -> Option<Strength> {
    if base.direction() != Direction::LowerIsBetter || head.direction() != base.direction() {
        return None;
    }
    let ord = match (basis(&base.quantity, week)?, basis(&head.quantity, week)?) {
        (Basis::Clock(_), Basis::Clock(_)) => return None,
        (Basis::Business(b), Basis::Business(h)) => h.cmp(&b),
        (Basis::Clock(b), Basis::Business(h)) => business_against_clock(b, h, week, holidays)?,
        (Basis::Business(b), Basis::Clock(h)) => {
            business_against_clock(h, b, week, holidays)?.reverse()
        }
    };
    // A sooner deadline is stronger; at the same one a strict comparator is.
    let ord = ord.reverse().then(
        head.comparator
            .is_strict()
            .cmp(&base.comparator.is_strict()),
    );
    Some(match ord {
        Ordering::Greater => Strength::Stronger,
        Ordering::Equal => Strength::Same,
        Ordering::Less => Strength::Weaker,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{TimeOfDay, Weekday};

    fn office() -> WeekMinutes {
        let t = |s| TimeOfDay::parse(s).unwrap();
        WeekMinutes::from_schedule(&Weekday::ALL[..5], t("09:00"), t("18:00"))
    }

    fn judge(base: &str, head: &str, week: &WeekMinutes) -> Option<Strength> {
        let t = |s| Target::parse(s).unwrap();
        strength_on_calendar(&t(base), &t(head), week, false)
    }

    #[test]
    fn business_hours_never_end_sooner_than_as_many_clock_hours() {
        let office = office();
        // 4 covered hours take at least 4 clock hours (and 2d6h from Friday 17:00).
        assert_eq!(judge("<= 4h", "<= 4bh", &office), Some(Strength::Weaker));
        assert_eq!(judge("<= 4bh", "<= 4h", &office), Some(Strength::Stronger));
        // Around the clock they are the same promise.
        assert_eq!(
            judge("<= 4h", "<= 4bh", &WeekMinutes::all()),
            Some(Strength::Same)
        );
        assert_eq!(
            judge("<= 4h", "< 4bh", &WeekMinutes::all()),
            Some(Strength::Stronger)
        );
    }

    #[test]
    fn a_calendar_that_does_not_order_them_says_so() {
        let office = office();
        // 8 clock hours from Mon 09:00 hold 8 covered ones (2bh ends sooner); from Fri 18:00
        // none (2bh ends Monday 11:00, much later).
        assert_eq!(judge("<= 8h", "<= 2bh", &office), None);
        // 3d (72 h) always holds at least 9 covered hours? From Fri 18:00 to Mon 18:00: 9 h.
        // So 1bd (9 covered hours) never ends later than 72 h: stronger.
        assert_eq!(judge("<= 3d", "<= 1bd", &office), Some(Strength::Stronger));
        // With holidays a business deadline may end later: no longer proven.
        let t = |s| Target::parse(s).unwrap();
        assert_eq!(
            strength_on_calendar(&t("<= 3d"), &t("<= 1bd"), &office, true),
            None
        );
    }

    #[test]
    fn business_days_are_the_calendar_covered_day() {
        let office = office();
        // 1bd = 9bh on Mon-Fri 09:00-18:00.
        assert_eq!(judge("<= 1bd", "<= 9bh", &office), Some(Strength::Same));
        assert_eq!(judge("<= 1bd", "<= 10bh", &office), Some(Strength::Weaker));
        assert_eq!(
            judge("<= 2bd", "<= 1bd4bh", &office),
            Some(Strength::Stronger)
        );
        let t = |s| TimeOfDay::parse(s).unwrap();
        let uneven = WeekMinutes::from_schedule(&Weekday::ALL[..5], t("22:00"), t("06:00"));
        assert_eq!(judge("<= 1bd", "<= 9bh", &uneven), None);
    }
}
