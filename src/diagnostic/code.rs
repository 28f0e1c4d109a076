//! The code table: every stable finding code with its facts in one row (name, category,
//! default level, one-line summary, and for the revision diff its class and mirror).
//!
//! A code is never renamed or reused, only deprecated. The long documentation of each code
//! (what it checks, why, an example) lives in the file of the rule that emits it and is
//! gathered by [`crate::report::explain`], the one place that reads it; this table stays at
//! the bottom of the flow and imports nothing above it.

use std::fmt;

use serde::Serialize;

use super::{Class, Level};

/// The family a code belongs to, for docs and SARIF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// The file could not be read as YAML within the limits.
    Syntax,
    /// The document does not fit the JSON Schema.
    Schema,
    /// A semantic rule beyond the schema.
    Lint,
    /// A difference between two revisions.
    Diff,
    /// The change-control gate.
    Gate,
}

impl Category {
    /// The kebab-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Syntax => "syntax",
            Category::Schema => "schema",
            Category::Lint => "lint",
            Category::Diff => "diff",
            Category::Gate => "gate",
        }
    }
}

macro_rules! codes {
    ($( $(#[$meta:meta])* $variant:ident => ($name:literal, $cat:ident, $level:ident, $summary:literal $(, $class:ident, $mirror:ident)?), )*) => {
        /// Every stable finding code. Never rename one; deprecate it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $( $(#[$meta])* $variant, )*
        }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The kebab-case name users see and configure.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $name, )* }
            }

            /// The family of the code.
            pub fn category(self) -> Category {
                match self { $( Code::$variant => Category::$cat, )* }
            }

            /// The level when no policy overrides it.
            pub fn default_level(self) -> Level {
                match self { $( Code::$variant => Level::$level, )* }
            }

            /// One line saying what the code finds.
            pub fn summary(self) -> &'static str {
                match self { $( Code::$variant => $summary, )* }
            }

            /// What a change of this code does for the customer (`None` outside the diff).
            pub fn class(self) -> Option<Class> {
                match self { $( Code::$variant => codes!(@some Class $(, $class)?), )* }
            }

            /// The code the same change reports when the revisions are swapped:
            /// `target-weakened` and `target-strengthened`, `objective-removed` and
            /// `objective-added`; a `changed` code is its own mirror (`None` outside the diff).
            pub fn mirror(self) -> Option<Code> {
                match self { $( Code::$variant => codes!(@some Code $(, $mirror)?), )* }
            }
        }
    };
    (@some $t:ident) => { None };
    (@some $t:ident, $v:ident) => { Some($t::$v) };
}

// One row per code: variant => (name, category, default level, summary[, class, mirror]).
// The long docs of each code live beside the code that emits it, gathered by
// `crate::report::explain`, so that this table, at the bottom of the flow, imports nothing.
codes! {
    /// Not YAML.
    YamlSyntax => ("yaml-syntax", Syntax, Error, "the file is not valid YAML"),
    /// The same key twice in a mapping.
    DuplicateKey => ("duplicate-key", Syntax, Error, "a mapping has the same key twice"),
    /// Too large, too deep, or too many alias expansions.
    YamlLimit => ("yaml-limit", Syntax, Error, "the file exceeds a size, depth or alias-expansion limit"),
    /// Bytes that are not UTF-8.
    NotUtf8 => ("not-utf8", Syntax, Error, "the file is not UTF-8 text"),
    /// No YAML document in the file.
    EmptyFile => ("empty-file", Syntax, Error, "the file holds no document"),
    /// A symbolic link, FIFO, device or socket where an SLA file should be.
    NotARegularFile => ("not-a-regular-file", Syntax, Error, "the path is a symbolic link, FIFO, device or socket, not a regular file"),
    /// A field the schema does not know.
    UnknownField => ("unknown-field", Schema, Error, "a field that the format does not define"),
    /// Any other schema violation.
    SchemaViolation => ("schema-violation", Schema, Error, "the document does not match the JSON Schema"),
    /// More schema errors than are listed for one document.
    TooManyErrors => ("too-many-errors", Schema, Error, "a document has more schema errors than are listed; the rest are counted"),
    /// A target, percent or duration that does not parse.
    InvalidQuantity => ("invalid-quantity", Schema, Error, "a target, percent or duration is not written in the target grammar"),
    /// A date that does not exist.
    InvalidDate => ("invalid-date", Schema, Error, "a date that does not exist on the calendar"),
    /// The same id twice in one document.
    DuplicateId => ("duplicate-id", Lint, Error, "two items of one list in a document share an id"),
    /// The same `metadata.id` in two documents.
    DuplicateDocumentId => ("duplicate-document-id", Lint, Error, "two documents in the repository share a `metadata.id`"),
    /// `service` names no service.
    UnknownService => ("unknown-service", Lint, Error, "an objective names a service the document does not define"),
    /// `hours` names no calendar.
    UnknownCalendar => ("unknown-calendar", Lint, Error, "an objective names a calendar the document does not define"),
    /// A calendar's `timezone` is not an IANA zone.
    UnknownTimezone => ("unknown-timezone", Lint, Error, "a calendar's time zone is not a zone of the IANA tz database"),
    /// An objective names an exclusion that does not exist.
    UnknownExclusion => ("unknown-exclusion", Lint, Error, "an objective names an exclusion the document does not define"),
    /// `severity` is not in `severities`.
    UnknownSeverity => ("unknown-severity", Lint, Error, "an objective names a severity not in the document's `severities`"),
    /// `supports` does not resolve.
    UnresolvedSupports => ("unresolved-supports", Lint, Error, "a `supports` reference names no objective in the repository"),
    /// A known indicator with the wrong kind of quantity.
    IndicatorQuantityMismatch => ("indicator-quantity-mismatch", Lint, Error, "a known indicator with the wrong kind of quantity"),
    /// A known indicator with the wrong comparator direction.
    IndicatorDirectionMismatch => ("indicator-direction-mismatch", Lint, Error, "a known indicator whose comparator points the wrong way"),
    /// `percentile` on a higher-is-better target.
    PercentileWithoutLowerIsBetter => ("percentile-without-lower-is-better", Lint, Error, "a `percentile` on a target that is not lower-is-better"),
    /// Credit tier conditions that do not fit the objective.
    CreditConditionMismatch => ("credit-condition-mismatch", Lint, Error, "a credit tier's condition does not describe missing the objective's target"),
    /// A worse attainment earns a smaller credit.
    CreditTiersNotMonotonic => ("credit-tiers-not-monotonic", Lint, Error, "a worse attainment earns a smaller credit than a better one"),
    /// `effective.until` before `effective.from`.
    EffectiveUntilBeforeFrom => ("effective-until-before-from", Lint, Error, "the agreement ends before it starts"),
    /// A `supports` reference across quantity kinds.
    SupportsQuantityMismatch => ("supports-quantity-mismatch", Lint, Error, "an objective supports one measured in another kind of quantity"),
    /// An OLA objective laxer than what it supports.
    SupportsWeakerThanSupported => ("supports-weaker-than-supported", Lint, Error, "an objective is laxer than the objective it supports"),
    /// One objective's tiers owe different kinds of amount.
    CreditAmountsMixed => ("credit-amounts-mixed", Lint, Error, "the credit tiers of one objective owe different kinds of amount (a percent and days of service)"),
    /// The first credit tier starts below the target.
    CreditGap => ("credit-gap", Lint, Warning, "missing the target does not yet earn a credit"),
    /// `creditCap` below the largest tier.
    CreditCapBelowTier => ("credit-cap-below-tier", Lint, Warning, "`remedies.creditCap` is below a credit tier"),
    /// A target in days or weeks on a calendar that is not 24x7.
    ClockDaysOnBusinessHours => ("clock-days-on-business-hours", Lint, Warning, "a target in days or weeks (24 h, 168 h of clock time) on a calendar that is not 24x7"),
    /// A more severe severity with a laxer target.
    SeverityTargetInverted => ("severity-target-inverted", Lint, Warning, "a more severe severity has a laxer target than a less severe one"),
    /// An objective names a plan not in `spec.plans`.
    UnknownPlan => ("unknown-plan", Lint, Error, "an objective names a plan that `spec.plans` does not define"),
    /// A higher plan promises less than a lower one.
    PlanWeakerThanLower => ("plan-weaker-than-lower", Lint, Warning, "a higher plan's objective is weaker than the same objective of a lower plan"),
    /// No changelog entry for the current version.
    ChangelogMissingVersion => ("changelog-missing-version", Lint, Warning, "the changelog has no entry for `metadata.version`"),
    /// The review is overdue.
    ReviewOverdue => ("review-overdue", Lint, Warning, "the agreement's review is overdue or was never done"),
    /// A document is gone from the head revision.
    DocumentRemoved => ("document-removed", Diff, Error, "an agreement was removed", Weakened, DocumentAdded),
    /// A document is new in the head revision.
    DocumentAdded => ("document-added", Diff, Info, "an agreement was added", Added, DocumentRemoved),
    /// `kind` or `spec.type` changed.
    AgreementTypeChanged => ("agreement-type-changed", Diff, Warning, "the kind or type of an agreement changed", Changed, AgreementTypeChanged),
    /// The term moved: one end earlier, the other later.
    EffectiveChanged => ("effective-changed", Diff, Warning, "the period in which an agreement is in effect moved: longer at one end, shorter at the other", Changed, EffectiveChanged),
    /// The term starts later or ends earlier (or newly ends).
    TermShortened => ("term-shortened", Diff, Error, "the agreement is in effect for less time: it starts later or ends earlier", Weakened, TermLengthened),
    /// The term starts earlier or ends later (or no longer ends).
    TermLengthened => ("term-lengthened", Diff, Info, "the agreement is in effect for longer: it starts earlier or ends later", Strengthened, TermShortened),
    /// An objective is gone.
    ObjectiveRemoved => ("objective-removed", Diff, Error, "an objective was removed", Weakened, ObjectiveAdded),
    /// An objective is new.
    ObjectiveAdded => ("objective-added", Diff, Info, "an objective was added", Added, ObjectiveRemoved),
    /// An objective was renamed with `renamedFrom`.
    ObjectiveRenamed => ("objective-renamed", Diff, Info, "an objective was renamed (`renamedFrom`)", Changed, ObjectiveRenamed),
    /// What an objective measures changed.
    ObjectiveScopeChanged => ("objective-scope-changed", Diff, Warning, "an objective now measures another service, indicator or severity", Changed, ObjectiveScopeChanged),
    /// An objective moved to a less urgent severity level.
    SeverityLessUrgent => ("severity-less-urgent", Diff, Error, "an objective now applies to a less urgent severity level", Weakened, SeverityMoreUrgent),
    /// An objective moved to a more urgent severity level.
    SeverityMoreUrgent => ("severity-more-urgent", Diff, Info, "an objective now applies to a more urgent severity level", Strengthened, SeverityLessUrgent),
    /// A target became more lenient.
    TargetWeakened => ("target-weakened", Diff, Error, "a target moved toward the lenient side", Weakened, TargetStrengthened),
    /// A target became stricter.
    TargetStrengthened => ("target-strengthened", Diff, Info, "a target moved toward the strict side", Strengthened, TargetWeakened),
    /// A target's comparator changed direction.
    TargetDirectionFlipped => ("target-direction-flipped", Diff, Error, "a target's comparator changed direction, so the revisions cannot be compared", Changed, TargetDirectionFlipped),
    /// A target moved between business and clock time that its calendar cannot order.
    TargetBasisChanged => ("target-basis-changed", Diff, Error, "a target moved between business time (`bh`, `bd`) and clock time, and its calendar does not order the two", Changed, TargetBasisChanged),
    /// A target's kind of quantity changed.
    TargetKindChanged => ("target-kind-changed", Diff, Error, "a target is measured in another kind of quantity, so the revisions cannot be compared", Changed, TargetKindChanged),
    /// A lower-is-better objective's percentile dropped.
    PercentileWeakened => ("percentile-weakened", Diff, Error, "a lower-is-better objective now holds for a smaller share of requests", Weakened, PercentileStrengthened),
    /// A lower-is-better objective's percentile rose.
    PercentileStrengthened => ("percentile-strengthened", Diff, Info, "a lower-is-better objective now holds for a larger share of requests", Strengthened, PercentileWeakened),
    /// A percentile was added or removed.
    PercentileChanged => ("percentile-changed", Diff, Warning, "a percentile was added to or removed from an objective", Changed, PercentileChanged),
    /// The measurement window grew.
    WindowWeakened => ("window-weakened", Diff, Error, "an objective's measurement window grew", Weakened, WindowStrengthened),
    /// The measurement window shrank.
    WindowStrengthened => ("window-strengthened", Diff, Info, "an objective's measurement window shrank", Strengthened, WindowWeakened),
    /// The covered hours shrank.
    HoursWeakened => ("hours-weakened", Diff, Error, "an objective's covered hours shrank", Weakened, HoursStrengthened),
    /// The covered hours grew.
    HoursStrengthened => ("hours-strengthened", Diff, Info, "an objective's covered hours grew", Strengthened, HoursWeakened),
    /// The covered hours moved.
    HoursChanged => ("hours-changed", Diff, Warning, "an objective's covered hours moved: neither calendar contains the other", Changed, HoursChanged),
    /// An exclusion now applies to an objective.
    ExclusionAdded => ("exclusion-added", Diff, Error, "an exclusion now applies to an objective", Weakened, ExclusionRemoved),
    /// An exclusion no longer applies to an objective.
    ExclusionRemoved => ("exclusion-removed", Diff, Info, "an exclusion no longer applies to an objective", Strengthened, ExclusionAdded),
    /// An exclusion's `max` grew.
    ExclusionMaxWeakened => ("exclusion-max-weakened", Diff, Error, "an exclusion may now exclude more time per window", Weakened, ExclusionMaxStrengthened),
    /// An exclusion's `max` shrank.
    ExclusionMaxStrengthened => ("exclusion-max-strengthened", Diff, Info, "an exclusion may now exclude less time per window", Strengthened, ExclusionMaxWeakened),
    /// Less credit is owed at some attainment, more at none.
    CreditsWeakened => ("credits-weakened", Diff, Error, "less service credit is owed at some attainment and more at none", Weakened, CreditsStrengthened),
    /// More credit is owed at some attainment, less at none.
    CreditsStrengthened => ("credits-strengthened", Diff, Info, "more service credit is owed at some attainment and less at none", Strengthened, CreditsWeakened),
    /// Credits rose at some attainments and fell at others.
    CreditsChanged => ("credits-changed", Diff, Warning, "service credits rose at some attainments and fell at others", Changed, CreditsChanged),
    /// `creditCap` lowered or introduced.
    CreditCapWeakened => ("credit-cap-weakened", Diff, Error, "`remedies.creditCap` was lowered or introduced", Weakened, CreditCapStrengthened),
    /// `creditCap` raised or removed.
    CreditCapStrengthened => ("credit-cap-strengthened", Diff, Info, "`remedies.creditCap` was raised or removed", Strengthened, CreditCapWeakened),
    /// `creditCap` moved between a percent and days of service.
    CreditCapChanged => ("credit-cap-changed", Diff, Warning, "`remedies.creditCap` moved between a percent of the fee and days of service", Changed, CreditCapChanged),
    /// `creditFloor` raised or introduced.
    CreditFloorRaised => ("credit-floor-raised", Diff, Error, "`remedies.creditFloor` was raised or introduced: small credits are no longer owed", Weakened, CreditFloorLowered),
    /// `creditFloor` lowered or removed.
    CreditFloorLowered => ("credit-floor-lowered", Diff, Info, "`remedies.creditFloor` was lowered or removed", Strengthened, CreditFloorRaised),
    /// `creditBase` added, removed or reworded.
    CreditBaseChanged => ("credit-base-changed", Diff, Warning, "`remedies.creditBase`, what a percent credit is a percent of, changed", Changed, CreditBaseChanged),
    /// `soleRemedy` became true.
    SoleRemedyAdded => ("sole-remedy-added", Diff, Error, "the remedies became the customer's sole and exclusive remedy", Weakened, SoleRemedyRemoved),
    /// `soleRemedy` is no longer true.
    SoleRemedyRemoved => ("sole-remedy-removed", Diff, Info, "the remedies are no longer the customer's sole and exclusive remedy", Strengthened, SoleRemedyAdded),
    /// A refund is gone.
    RefundRemoved => ("refund-removed", Diff, Error, "a refund of `remedies.refund` was removed", Weakened, RefundAdded),
    /// A refund is new.
    RefundAdded => ("refund-added", Diff, Info, "a refund was added to `remedies.refund`", Strengthened, RefundRemoved),
    /// The claim deadline is shorter.
    ClaimDeadlineShortened => ("claim-deadline-shortened", Diff, Error, "the customer has less time to claim a credit", Weakened, ClaimDeadlineLengthened),
    /// The claim deadline is longer.
    ClaimDeadlineLengthened => ("claim-deadline-lengthened", Diff, Info, "the customer has more time to claim a credit", Strengthened, ClaimDeadlineShortened),
    /// Claiming became harder: claims removed, no longer automatic, evidence added.
    ClaimsWeakened => ("claims-weakened", Diff, Error, "claiming a credit became harder: credits no longer automatic, more evidence, or the claim process removed", Weakened, ClaimsStrengthened),
    /// Claiming became easier.
    ClaimsStrengthened => ("claims-strengthened", Diff, Info, "claiming a credit became easier: credits automatic, less evidence, or a claim process added", Strengthened, ClaimsWeakened),
    /// The claim's anchor, channel or the deadline's days changed.
    ClaimsChanged => ("claims-changed", Diff, Warning, "where the claim deadline is counted from, the claim channel or an evidence item changed", Changed, ClaimsChanged),
    /// A notice period is shorter or gone.
    NoticeShortened => ("notice-shortened", Diff, Error, "less notice is owed before maintenance or an adverse change", Weakened, NoticeLengthened),
    /// A notice period is longer or new.
    NoticeLengthened => ("notice-lengthened", Diff, Info, "more notice is owed before maintenance or an adverse change", Strengthened, NoticeShortened),
    /// A service is gone.
    ServiceRemoved => ("service-removed", Diff, Error, "a service was removed from an agreement", Weakened, ServiceAdded),
    /// A service is new.
    ServiceAdded => ("service-added", Diff, Info, "a service was added to an agreement", Added, ServiceRemoved),
    /// A scope item of a service is gone.
    ServiceScopeNarrowed => ("service-scope-narrowed", Diff, Error, "an item was removed from a service's scope", Weakened, ServiceScopeWidened),
    /// A scope item of a service is new.
    ServiceScopeWidened => ("service-scope-widened", Diff, Info, "an item was added to a service's scope", Strengthened, ServiceScopeNarrowed),
    /// A compliance commitment is gone.
    ComplianceRemoved => ("compliance-removed", Diff, Error, "a compliance commitment was removed", Weakened, ComplianceAdded),
    /// A compliance commitment is new.
    ComplianceAdded => ("compliance-added", Diff, Info, "a compliance commitment was added", Strengthened, ComplianceRemoved),
    /// A provider responsibility is gone.
    ProviderDutyRemoved => ("provider-duty-removed", Diff, Error, "a responsibility of the provider was removed", Weakened, ProviderDutyAdded),
    /// A provider responsibility is new.
    ProviderDutyAdded => ("provider-duty-added", Diff, Info, "a responsibility of the provider was added", Strengthened, ProviderDutyRemoved),
    /// A customer responsibility is new.
    CustomerDutyAdded => ("customer-duty-added", Diff, Error, "a responsibility of the customer was added", Weakened, CustomerDutyRemoved),
    /// A customer responsibility is gone.
    CustomerDutyRemoved => ("customer-duty-removed", Diff, Info, "a responsibility of the customer was removed", Strengthened, CustomerDutyAdded),
    /// A termination right is gone.
    TerminationRightRemoved => ("termination-right-removed", Diff, Error, "a termination right was removed", Weakened, TerminationRightAdded),
    /// A termination right is new.
    TerminationRightAdded => ("termination-right-added", Diff, Info, "a termination right was added", Strengthened, TerminationRightRemoved),
    /// A cancellation condition was added, removed or reworded.
    CancellationChanged => ("cancellation-changed", Diff, Warning, "a cancellation condition was added, removed or reworded", Changed, CancellationChanged),
    /// Reporting became less frequent or was dropped.
    ReportingWeakened => ("reporting-weakened", Diff, Error, "reporting became less frequent or was dropped", Weakened, ReportingStrengthened),
    /// Reporting became more frequent or was added.
    ReportingStrengthened => ("reporting-strengthened", Diff, Info, "reporting became more frequent or was added", Strengthened, ReportingWeakened),
    /// Reviews became less frequent.
    ReviewWeakened => ("review-weakened", Diff, Error, "the agreement is reviewed less often", Weakened, ReviewStrengthened),
    /// Reviews became more frequent.
    ReviewStrengthened => ("review-strengthened", Diff, Info, "the agreement is reviewed more often", Strengthened, ReviewWeakened),
    /// A term of `spec.definitions` was added, removed or reworded.
    DefinitionChanged => ("definition-changed", Diff, Warning, "a term of `spec.definitions` was added, removed or reworded", Changed, DefinitionChanged),
    /// A severity's definition was added, removed or reworded.
    SeverityDefinitionChanged => ("severity-definition-changed", Diff, Warning, "what makes an incident of a severity was added, removed or reworded", Changed, SeverityDefinitionChanged),
    /// An objective's `measurement` changed.
    MeasurementChanged => ("measurement-changed", Diff, Warning, "how an objective's indicator is measured changed", Changed, MeasurementChanged),
    /// The share of events a per-event target must hold for was lowered.
    ShareLowered => ("share-lowered", Diff, Error, "a per-event target must hold for a smaller share of the events", Weakened, ShareRaised),
    /// The share of events was raised.
    ShareRaised => ("share-raised", Diff, Info, "a per-event target must hold for a larger share of the events", Strengthened, ShareLowered),
    /// `owedBy` changed: the other party now owes the objective.
    OwedByChanged => ("owed-by-changed", Diff, Warning, "the party that owes an objective changed", Changed, OwedByChanged),
    /// `plan` changed: the objective belongs to another plan.
    PlanChanged => ("plan-changed", Diff, Warning, "an objective moved to another plan, or plans were added, removed or reordered", Changed, PlanChanged),
    /// The ordered severity list changed.
    SeveritiesChanged => ("severities-changed", Diff, Warning, "the severity levels or their order changed", Changed, SeveritiesChanged),
    /// A party's name, approvers or contacts changed.
    PartyChanged => ("party-changed", Diff, Warning, "a party's name, approvers or contacts changed", Changed, PartyChanged),
    /// A calendar's time zone changed.
    TimezoneChanged => ("timezone-changed", Diff, Warning, "a calendar's time zone changed", Changed, TimezoneChanged),
    /// Other free text changed.
    TextChanged => ("text-changed", Diff, Warning, "free text (a description, a name, the dispute process ...) changed", Changed, TextChanged),
    /// Content changed, version not raised.
    VersionNotBumped => ("version-not-bumped", Gate, Error, "the content of an agreement changed but `metadata.version` was not raised"),
    /// Content changed, no changelog entry for the new version.
    ChangelogEntryMissing => ("changelog-entry-missing", Gate, Error, "the content of an agreement changed without a changelog entry for the new version"),
    /// A weakening of a document with `notice.adverseChange` takes effect too soon.
    AdverseChangeNoticeMissing => ("adverse-change-notice-missing", Gate, Error, "a weakening takes effect before the notice `notice.adverseChange` owes has run"),
    /// A weakening lacks a party's approval.
    ApprovalMissing => ("approval-missing", Gate, Error, "a weakening lacks the approval of a party"),
    /// `.slagate.yaml` was loosened.
    PolicyWeakened => ("policy-weakened", Gate, Error, "a change of `.slagate.yaml` loosens the gate"),
}

impl Code {
    /// Looks a code up by its kebab-case name.
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == name)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_kebab_case_and_summarised() {
        let mut seen = HashSet::new();
        for code in Code::ALL {
            let name = code.as_str();
            assert!(seen.insert(name), "duplicate code {name}");
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{name} is not kebab-case"
            );
            assert!(!code.summary().is_empty());
            assert_eq!(Code::from_name(name), Some(*code));
        }
    }

    #[test]
    fn every_diff_code_has_a_class_and_a_mirror_and_no_other_code_does() {
        for &code in Code::ALL {
            if code.category() != Category::Diff {
                assert_eq!((code.class(), code.mirror()), (None, None), "{code}");
                continue;
            }
            let class = code
                .class()
                .unwrap_or_else(|| panic!("{code} has no class"));
            let m = code
                .mirror()
                .unwrap_or_else(|| panic!("{code} has no mirror"));
            assert_eq!(m.mirror(), Some(code), "{code}");
            assert_eq!(m.category(), Category::Diff, "{code}");
            // A changed code is its own mirror, and only a changed code is.
            assert_eq!(class == Class::Changed, m == code, "{code}");
            let want = match class {
                Class::Weakened => Level::Error,
                Class::Strengthened | Class::Added => Level::Info,
                Class::Changed | Class::Removed => code.default_level(),
            };
            assert_eq!(code.default_level(), want, "{code}");
        }
        assert_eq!(Code::CreditGap.class(), None);
        assert_eq!(
            Code::TargetWeakened.mirror(),
            Some(Code::TargetStrengthened)
        );
    }
}
