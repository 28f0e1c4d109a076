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
