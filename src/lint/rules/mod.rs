//! One file per rule: the condition, its diagnostics, its docs and its tests.

pub mod changelog_missing_version;
pub mod clock_days_on_business_hours;
pub mod credit_amounts_mixed;
pub mod credit_cap_below_tier;
pub mod credit_condition_mismatch;
pub mod credit_gap;
pub mod credit_tiers_not_monotonic;
pub mod duplicate_document_id;
pub mod duplicate_id;
pub mod effective_until_before_from;
pub mod indicator_direction_mismatch;
pub mod indicator_quantity_mismatch;
pub mod percentile_without_lower_is_better;
pub mod plans;
pub mod review_overdue;
pub mod severity_target_inverted;
pub mod supports_quantity_mismatch;
pub mod supports_weaker_than_supported;
pub mod unknown_calendar;
pub mod unknown_exclusion;
pub mod unknown_service;
pub mod unknown_severity;
pub mod unknown_timezone;
pub mod unresolved_supports;

use crate::model::{Objective, Quantity, Spec, Strength, Target};

/// Shared by `severity-target-inverted` and `plan-weaker-than-lower`. How `head`'s target compares with `base`'s: exactly, or, when business time is involved,
/// on the calendar of the business target (both business: only on the same calendar). `Err` with
/// the reason when business time does not order against the other target; an unknown
/// calendar is another rule's finding (`Incomparable`).
pub(crate) fn target_strength(
    spec: &Spec,
    base: &Objective,
    head: &Objective,
) -> Result<Strength, String> {
    let (b, h) = (&base.target.value, &head.target.value);
    let exact = b.strength_of(h);
    let business = |t: &Target| matches!(t.quantity, Quantity::Business(_));
    // `2bh` on Mon-Fri 09:00-18:00 is not `2bh` around the clock, though the figures match.
    if business(b) && business(h) && base.hours_id() != head.hours_id() {
        return Err(format!(
            "business time on calendars `{}` and `{}` does not compare",
            base.hours_id(),
            head.hours_id()
        ));
    }
    if exact != Strength::Incomparable || !(business(b) || business(h)) {
        return Ok(exact);
    }
    let id = if business(h) {
        head.hours_id()
    } else {
        base.hours_id()
    };
    let Some(week) = spec.covered(id) else {
        return Ok(Strength::Incomparable);
    };
    let holidays = spec.calendar(id).is_some_and(|c| !c.holidays.is_empty());
    crate::model::business::strength_on_calendar(b, h, &week, holidays)
        .ok_or_else(|| format!("business and clock time end first in turn on calendar `{id}`"))
}
