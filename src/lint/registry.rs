//! The registered rules, in documentation order.

use super::{Rule, rules};

/// Every lint rule.
pub const RULES: &[&dyn Rule] = &[
    &rules::duplicate_id::DuplicateId,
    &rules::duplicate_document_id::DuplicateDocumentId,
    &rules::unknown_service::UnknownService,
    &rules::unknown_calendar::UnknownCalendar,
    &rules::unknown_timezone::UnknownTimezone,
    &rules::unknown_exclusion::UnknownExclusion,
    &rules::unknown_severity::UnknownSeverity,
    &rules::unresolved_supports::UnresolvedSupports,
    &rules::indicator_quantity_mismatch::IndicatorQuantityMismatch,
    &rules::indicator_direction_mismatch::IndicatorDirectionMismatch,
    &rules::percentile_without_lower_is_better::PercentileWithoutLowerIsBetter,
    &rules::credit_condition_mismatch::CreditConditionMismatch,
    &rules::credit_tiers_not_monotonic::CreditTiersNotMonotonic,
    &rules::effective_until_before_from::EffectiveUntilBeforeFrom,
    &rules::supports_quantity_mismatch::SupportsQuantityMismatch,
    &rules::supports_weaker_than_supported::SupportsWeakerThanSupported,
    &rules::credit_amounts_mixed::CreditAmountsMixed,
    &rules::credit_gap::CreditGap,
    &rules::credit_cap_below_tier::CreditCapBelowTier,
    &rules::clock_days_on_business_hours::ClockDaysOnBusinessHours,
    &rules::severity_target_inverted::SeverityTargetInverted,
    &rules::plans::UnknownPlan,
    &rules::plans::PlanWeakerThanLower,
    &rules::changelog_missing_version::ChangelogMissingVersion,
    &rules::review_overdue::ReviewOverdue,
];
