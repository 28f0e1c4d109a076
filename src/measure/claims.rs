//! The claim deadline of a window's credit (`report.md` 14): the anchor (the window's first
//! counted downtime, the end of its month or quarter, or its last day) plus `within` days, or
//! the N-th business day after the anchor. The anchor is day 0; a deadline is not moved off a
//! weekend.

use super::outcome::Claim;
use super::period::{add_days, last_of};
use crate::model::zone::LocalCalendar;
use crate::model::{ClaimAnchor, Claims, Date, Weekday};

/// The claim for a credit of the window `[first, last]`; `incident` is the local date of the
/// window's first counted downtime (or breached ticket), if any.
pub fn claim(
    claims: &Claims,
    calendar: &LocalCalendar,
    always: bool,
    last: Date,
    incident: Option<Date>,
) -> Claim {
    let anchor = match claims.from.value {
        ClaimAnchor::Incident => incident.unwrap_or(last),
        ClaimAnchor::EndOfMonth => last_of(last),
        ClaimAnchor::EndOfQuarter => {
            let q0 = (last.month - 1) / 3 * 3 + 1;
            last_of(Date {
                month: q0 + 2,
                day: 1,
                ..last
            })
        }
        ClaimAnchor::EndOfBillingCycle => last,
    };
    let days = whole_days(claims);
    let deadline = if claims.is_automatic() {
        None
    } else {
        days.map(|n| {
            if claims.in_business_days() {
                nth_business_day(calendar, always, anchor, n)
            } else {
                add_days(anchor, n)
            }
        })
    };
    Claim {
        automatic: claims.is_automatic(),
        anchor,
        deadline,
        rule: Some(format!(
            "{} from {}",
            claims.deadline(),
            claims.from.value.name()
        )),
        via: claims.via.as_ref().map(|v| v.value.clone()),
        evidence: claims.evidence.iter().map(|e| e.value.clone()).collect(),
    }
}

/// `within` in whole days (`30d`, `2w`); a part of a day counts as the day it falls in.
fn whole_days(claims: &Claims) -> Option<i64> {
    use rust_decimal::prelude::ToPrimitive;
    let day = rust_decimal::Decimal::from(86_400_000);
    (claims.within.value.millis() / day).ceil().to_i64()
}

/// The `n`-th business day after `anchor`: a day the calendar covers (some covered minutes
/// on its weekday) that is not one of its holidays; Monday to Friday for `24x7`.
fn nth_business_day(calendar: &LocalCalendar, always: bool, anchor: Date, n: i64) -> Date {
    let is_business = |d: Date| {
        if always {
            !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
        } else {
            calendar.week.day_minutes(d.weekday()) > 0 && !calendar.is_holiday(d)
        }
    };
    // A calendar with no covered day would never reach the n-th one.
    if !always
        && Weekday::ALL
            .iter()
            .all(|w| calendar.week.day_minutes(*w) == 0)
    {
        return add_days(anchor, n);
    }
    let mut day = anchor;
    let mut left = n;
    // Bounded: at most n weeks plus a year of holidays.
    for _ in 0..(n * 7 + 366) {
        if left <= 0 {
            break;
        }
        day = add_days(day, 1);
        if is_business(day) {
            left -= 1;
        }
    }
    day
}
