//! The long documentation of every code, gathered from the files of the rules that emit
//! them: what `slagate explain` prints, what SARIF carries as a rule's help, and what
//! `docs/rules.md` is generated from.
//!
//! The code table itself ([`Code`]: name, level, class, summary) is at the bottom of the flow,
//! in [`crate::diagnostic`]; the docs stay beside each rule (ripgrep keeps a flag's docs
//! beside its definition). This module, at the top, is the one place that reads them.

use crate::diagnostic::{Class, Code};
use crate::{diff, gate, lint, schema, source};

/// The long documentation of `code`: what it checks, why, and an example (Markdown). One arm
/// per code, as long as the code table.
pub fn docs(code: Code) -> &'static str {
    match code {
        Code::YamlSyntax => source::docs::YAML_SYNTAX,
        Code::DuplicateKey => source::docs::DUPLICATE_KEY,
        Code::YamlLimit => source::docs::YAML_LIMIT,
        Code::NotUtf8 => source::docs::NOT_UTF8,
        Code::EmptyFile => source::docs::EMPTY_FILE,
        Code::NotARegularFile => source::docs::NOT_A_REGULAR_FILE,
        Code::UnknownField => schema::docs::UNKNOWN_FIELD,
        Code::TooManyErrors => schema::docs::TOO_MANY_ERRORS,
        Code::SchemaViolation => schema::docs::SCHEMA_VIOLATION,
        Code::InvalidQuantity => schema::docs::INVALID_QUANTITY,
        Code::InvalidDate => schema::docs::INVALID_DATE,
        Code::DuplicateId => lint::rules::duplicate_id::DOCS,
        Code::DuplicateDocumentId => lint::rules::duplicate_document_id::DOCS,
        Code::UnknownService => lint::rules::unknown_service::DOCS,
        Code::UnknownCalendar => lint::rules::unknown_calendar::DOCS,
        Code::UnknownTimezone => lint::rules::unknown_timezone::DOCS,
        Code::ClockDaysOnBusinessHours => lint::rules::clock_days_on_business_hours::DOCS,
        Code::UnknownExclusion => lint::rules::unknown_exclusion::DOCS,
        Code::UnknownSeverity => lint::rules::unknown_severity::DOCS,
        Code::UnknownPlan => lint::rules::plans::UNKNOWN_PLAN,
        Code::PlanWeakerThanLower => lint::rules::plans::PLAN_WEAKER_THAN_LOWER,
        Code::UnresolvedSupports => lint::rules::unresolved_supports::DOCS,
        Code::IndicatorQuantityMismatch => lint::rules::indicator_quantity_mismatch::DOCS,
        Code::IndicatorDirectionMismatch => lint::rules::indicator_direction_mismatch::DOCS,
        Code::PercentileWithoutLowerIsBetter => {
            lint::rules::percentile_without_lower_is_better::DOCS
        }
        Code::CreditConditionMismatch => lint::rules::credit_condition_mismatch::DOCS,
        Code::CreditTiersNotMonotonic => lint::rules::credit_tiers_not_monotonic::DOCS,
        Code::EffectiveUntilBeforeFrom => lint::rules::effective_until_before_from::DOCS,
        Code::SupportsQuantityMismatch => lint::rules::supports_quantity_mismatch::DOCS,
        Code::SupportsWeakerThanSupported => lint::rules::supports_weaker_than_supported::DOCS,
        Code::CreditGap => lint::rules::credit_gap::DOCS,
        Code::CreditCapBelowTier => lint::rules::credit_cap_below_tier::DOCS,
        Code::CreditAmountsMixed => lint::rules::credit_amounts_mixed::DOCS,
        Code::SeverityTargetInverted => lint::rules::severity_target_inverted::DOCS,
        Code::ChangelogMissingVersion => lint::rules::changelog_missing_version::DOCS,
        Code::ReviewOverdue => lint::rules::review_overdue::DOCS,
        Code::DocumentRemoved => diff::rules::documents::DOCUMENT_REMOVED,
        Code::DocumentAdded => diff::rules::documents::DOCUMENT_ADDED,
        Code::AgreementTypeChanged => diff::rules::documents::AGREEMENT_TYPE_CHANGED,
        Code::EffectiveChanged => diff::rules::documents::EFFECTIVE_CHANGED,
        Code::TermShortened => diff::rules::documents::TERM_SHORTENED,
        Code::TermLengthened => diff::rules::documents::TERM_LENGTHENED,
        Code::ObjectiveRemoved => diff::rules::objectives::OBJECTIVE_REMOVED,
        Code::ObjectiveAdded => diff::rules::objectives::OBJECTIVE_ADDED,
        Code::ObjectiveRenamed => diff::rules::objectives::OBJECTIVE_RENAMED,
        Code::ObjectiveScopeChanged => diff::rules::objectives::OBJECTIVE_SCOPE_CHANGED,
        Code::SeverityLessUrgent => diff::rules::objectives::SEVERITY_LESS_URGENT,
        Code::SeverityMoreUrgent => diff::rules::objectives::SEVERITY_MORE_URGENT,
        Code::TargetWeakened => diff::rules::targets::TARGET_WEAKENED,
        Code::TargetStrengthened => diff::rules::targets::TARGET_STRENGTHENED,
        Code::TargetDirectionFlipped => diff::rules::targets::TARGET_DIRECTION_FLIPPED,
        Code::TargetKindChanged => diff::rules::targets::TARGET_KIND_CHANGED,
        Code::TargetBasisChanged => diff::rules::business::TARGET_BASIS_CHANGED,
        Code::PercentileWeakened => diff::rules::targets::PERCENTILE_WEAKENED,
        Code::PercentileStrengthened => diff::rules::targets::PERCENTILE_STRENGTHENED,
        Code::PercentileChanged => diff::rules::targets::PERCENTILE_CHANGED,
        Code::WindowWeakened => diff::rules::windows::WINDOW_WEAKENED,
        Code::WindowStrengthened => diff::rules::windows::WINDOW_STRENGTHENED,
        Code::HoursWeakened => diff::rules::windows::HOURS_WEAKENED,
        Code::HoursStrengthened => diff::rules::windows::HOURS_STRENGTHENED,
        Code::HoursChanged => diff::rules::windows::HOURS_CHANGED,
        Code::ExclusionAdded => diff::rules::exclusions::EXCLUSION_ADDED,
        Code::ExclusionRemoved => diff::rules::exclusions::EXCLUSION_REMOVED,
        Code::ExclusionMaxWeakened => diff::rules::exclusions::EXCLUSION_MAX_WEAKENED,
        Code::ExclusionMaxStrengthened => diff::rules::exclusions::EXCLUSION_MAX_STRENGTHENED,
        Code::CreditsWeakened => diff::rules::credits::CREDITS_WEAKENED,
        Code::CreditsStrengthened => diff::rules::credits::CREDITS_STRENGTHENED,
        Code::CreditsChanged => diff::rules::credits::CREDITS_CHANGED,
        Code::CreditCapWeakened => diff::rules::credits::CREDIT_CAP_WEAKENED,
        Code::CreditCapStrengthened => diff::rules::credits::CREDIT_CAP_STRENGTHENED,
        Code::CreditCapChanged => diff::rules::credits::CREDIT_CAP_CHANGED,
        Code::CreditFloorRaised => diff::rules::remedies::CREDIT_FLOOR_RAISED,
        Code::CreditFloorLowered => diff::rules::remedies::CREDIT_FLOOR_LOWERED,
        Code::CreditBaseChanged => diff::rules::remedies::CREDIT_BASE_CHANGED,
        Code::SoleRemedyAdded => diff::rules::remedies::SOLE_REMEDY_ADDED,
        Code::SoleRemedyRemoved => diff::rules::remedies::SOLE_REMEDY_REMOVED,
        Code::RefundRemoved => diff::rules::remedies::REFUND_REMOVED,
        Code::RefundAdded => diff::rules::remedies::REFUND_ADDED,
        Code::ClaimDeadlineShortened => diff::rules::remedies::CLAIM_DEADLINE_SHORTENED,
        Code::ClaimDeadlineLengthened => diff::rules::remedies::CLAIM_DEADLINE_LENGTHENED,
        Code::ClaimsWeakened => diff::rules::remedies::CLAIMS_WEAKENED,
        Code::ClaimsStrengthened => diff::rules::remedies::CLAIMS_STRENGTHENED,
        Code::ClaimsChanged => diff::rules::remedies::CLAIMS_CHANGED,
        Code::NoticeShortened => diff::rules::remedies::NOTICE_SHORTENED,
        Code::NoticeLengthened => diff::rules::remedies::NOTICE_LENGTHENED,
        Code::ServiceRemoved => diff::rules::obligations::SERVICE_REMOVED,
        Code::ServiceAdded => diff::rules::obligations::SERVICE_ADDED,
        Code::ServiceScopeNarrowed => diff::rules::obligations::SERVICE_SCOPE_NARROWED,
        Code::ServiceScopeWidened => diff::rules::obligations::SERVICE_SCOPE_WIDENED,
        Code::ComplianceRemoved => diff::rules::obligations::COMPLIANCE_REMOVED,
        Code::ComplianceAdded => diff::rules::obligations::COMPLIANCE_ADDED,
        Code::ProviderDutyRemoved => diff::rules::obligations::PROVIDER_DUTY_REMOVED,
        Code::ProviderDutyAdded => diff::rules::obligations::PROVIDER_DUTY_ADDED,
        Code::CustomerDutyAdded => diff::rules::obligations::CUSTOMER_DUTY_ADDED,
        Code::CustomerDutyRemoved => diff::rules::obligations::CUSTOMER_DUTY_REMOVED,
        Code::TerminationRightRemoved => diff::rules::obligations::TERMINATION_RIGHT_REMOVED,
        Code::TerminationRightAdded => diff::rules::obligations::TERMINATION_RIGHT_ADDED,
        Code::CancellationChanged => diff::rules::obligations::CANCELLATION_CHANGED,
        Code::ReportingWeakened => diff::rules::cadence::REPORTING_WEAKENED,
        Code::ReportingStrengthened => diff::rules::cadence::REPORTING_STRENGTHENED,
        Code::ReviewWeakened => diff::rules::cadence::REVIEW_WEAKENED,
        Code::ReviewStrengthened => diff::rules::cadence::REVIEW_STRENGTHENED,
        Code::SeveritiesChanged => diff::rules::text::SEVERITIES_CHANGED,
        Code::DefinitionChanged => diff::rules::contract::DEFINITION_CHANGED,
        Code::SeverityDefinitionChanged => diff::rules::contract::SEVERITY_DEFINITION_CHANGED,
        Code::MeasurementChanged => diff::rules::contract::MEASUREMENT_CHANGED,
        Code::ShareLowered => diff::rules::contract::SHARE_LOWERED,
        Code::ShareRaised => diff::rules::contract::SHARE_RAISED,
        Code::OwedByChanged => diff::rules::contract::OWED_BY_CHANGED,
        Code::PlanChanged => diff::rules::contract::PLAN_CHANGED,
        Code::PartyChanged => diff::rules::text::PARTY_CHANGED,
        Code::TimezoneChanged => diff::rules::text::TIMEZONE_CHANGED,
        Code::TextChanged => diff::rules::text::TEXT_CHANGED,
        Code::VersionNotBumped => gate::VERSION_NOT_BUMPED,
        Code::ChangelogEntryMissing => gate::CHANGELOG_ENTRY_MISSING,
        Code::ApprovalMissing => gate::APPROVAL_MISSING,
        Code::AdverseChangeNoticeMissing => gate::ADVERSE_CHANGE_NOTICE_MISSING,
        Code::PolicyWeakened => gate::POLICY_WEAKENED,
    }
}

/// ` · Class: weakened · Mirror: target-strengthened` for a diff code, else nothing.
fn class_note(code: Code) -> String {
    let (Some(class), Some(mirror)) = (code.class(), code.mirror()) else {
        return String::new();
    };
    let class = match class {
        Class::Weakened => "weakened",
        Class::Strengthened => "strengthened",
        Class::Changed => "changed",
        Class::Added => "added",
        Class::Removed => "removed",
    };
    format!(" · Class: {class} · Mirror: {mirror}")
}

/// The full text `slagate explain CODE` prints (also the section of `docs/rules.md`): the
/// code, its level and category (and for a diff code its class and mirror), the summary and
/// the docs.
pub fn explain(code: Code) -> String {
    format!(
        "# {}\n\nLevel: {} · Category: {}{}\n\n{}\n\n{}",
        code.as_str(),
        code.default_level(),
        code.category().as_str(),
        class_note(code),
        code.summary(),
        docs(code).trim_end()
    ) + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_documented() {
        for &code in Code::ALL {
            let text = docs(code);
            for section in ["## What it checks", "## Why", "## Example"] {
                assert!(text.contains(section), "{code} docs lack {section}");
            }
            assert!(explain(code).starts_with(&format!("# {code}\n")));
        }
    }

    #[test]
    fn a_diff_code_says_its_class_and_mirror() {
        assert!(explain(Code::TermShortened).starts_with(
            "# term-shortened\n\nLevel: error · Category: diff · Class: weakened · Mirror: term-lengthened\n"
        ));
        assert!(
            explain(Code::EffectiveChanged)
                .contains("Class: changed · Mirror: effective-changed\n")
        );
        assert!(
            explain(Code::CreditGap)
                .starts_with("# credit-gap\n\nLevel: warning · Category: lint\n")
        );
    }
}
