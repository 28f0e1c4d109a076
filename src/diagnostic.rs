//! The one output currency: [`Diagnostic`], its stable [`Code`] and its [`Level`].
//!
//! Every stage (loading, schema, lint, diff, gate) reports findings as values of this type, and
//! every renderer in [`crate::report`] consumes them. This module owns the registry of codes:
//! a code is never renamed or reused, only deprecated.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Worth knowing; never fails by default.
    Info,
    /// Should be fixed; fails with `--fail-on warning`.
    Warning,
    /// Must be fixed; fails by default.
    Error,
}

impl Level {
    /// The lowercase name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A 1-based position in a source file. `col` counts characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Pos {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub col: u32,
}

/// A range of source text, start inclusive, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    /// Where the range starts.
    pub start: Pos,
    /// Where the range ends (exclusive).
    pub end: Pos,
}

impl Span {
    /// A span from `(line, col)` to `(end_line, end_col)`, all 1-based.
    pub fn new(line: u32, col: u32, end_line: u32, end_col: u32) -> Span {
        Span {
            start: Pos { line, col },
            end: Pos {
                line: end_line,
                col: end_col,
            },
        }
    }

    /// An empty span at a point.
    pub fn point(line: u32, col: u32) -> Span {
        Span::new(line, col, line, col)
    }

    /// The start of a file, for findings about a whole file.
    pub fn file_start() -> Span {
        Span::point(1, 1)
    }
}

/// Which revision a location refers to (for `diff`): the head unless said otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The newer revision (the default).
    #[default]
    Head,
    /// The older revision, for removals.
    Base,
}

/// What a change does to the agreement, for the customer (`diff` findings only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// The customer gets less.
    Weakened,
    /// The customer gets more.
    Strengthened,
    /// Different, and a person must judge.
    Changed,
    /// Something new.
    Added,
    /// Something gone.
    Removed,
}

/// A secondary location that explains a finding (the other duplicate, the supported objective).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// The file of the related location.
    pub file: Arc<str>,
    /// Where in that file.
    pub span: Span,
    /// What it is.
    pub message: String,
}

/// One finding, with its location and everything a renderer needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The stable code.
    pub code: Code,
    /// The effective level (the code's default unless the policy overrides it).
    pub level: Level,
    /// Matter-of-fact, lowercase, values in backticks.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The file the finding is about, as given on the command line or relative to the root.
    pub file: Arc<str>,
    /// Where in the file.
    pub span: Span,
    /// JSON pointer of the offending node within its document, when known.
    pub path: Option<String>,
    /// `metadata.id` of the document, when known.
    pub document: Option<String>,
    /// The objective id, for objective-level findings.
    pub objective: Option<String>,
    /// Secondary locations.
    pub related: Vec<Related>,
    /// Revision-diff details (class, before, after, impact, side).
    pub change: Option<ChangeInfo>,
}

/// The revision-diff part of a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeInfo {
    /// What the change does for the customer.
    pub class: Class,
    /// The base value as written, if any.
    pub before: Option<String>,
    /// The head value as written, if any.
    pub after: Option<String>,
    /// The quantified effect ("allowed downtime per month: 43m50s -> 3h39m9s (+2h55m19s)").
    pub impact: Option<String>,
    /// Which revision `file`/`span` refer to.
    pub side: Side,
}

impl Diagnostic {
    /// A finding at its code's default level.
    pub fn new(code: Code, file: Arc<str>, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            level: code.default_level(),
            message: message.into(),
            help: None,
            file,
            span,
            path: None,
            document: None,
            objective: None,
            related: Vec::new(),
            change: None,
        }
    }

    /// Adds the help line.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Adds the JSON pointer.
    #[must_use]
    pub fn with_path(mut self, path: impl Into<String>) -> Diagnostic {
        self.path = Some(path.into());
        self
    }

    /// Adds the document id.
    #[must_use]
    pub fn with_document(mut self, id: impl Into<String>) -> Diagnostic {
        self.document = Some(id.into());
        self
    }

    /// Adds the objective id.
    #[must_use]
    pub fn with_objective(mut self, id: impl Into<String>) -> Diagnostic {
        self.objective = Some(id.into());
        self
    }

    /// Adds a secondary location.
    #[must_use]
    pub fn with_related(mut self, file: Arc<str>, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related {
            file,
            span,
            message: message.into(),
        });
        self
    }

    /// Sort key: file, position, code.
    pub fn sort_key(&self) -> (&str, Span, &'static str) {
        (&self.file, self.span, self.code.as_str())
    }
}

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
    ($( $(#[$meta:meta])* $variant:ident => ($name:literal, $cat:ident, $level:ident, $summary:literal, $docs:expr), )*) => {
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

            /// The long documentation: what it checks, why, and an example.
            pub fn docs(self) -> &'static str {
                match self { $( Code::$variant => $docs, )* }
            }
        }
    };
}

use crate::diff::rules as d;
use crate::gate as g;
use crate::lint::rules as r;
use crate::source::docs as s;

codes! {
    /// Not YAML.
    YamlSyntax => ("yaml-syntax", Syntax, Error, "the file is not valid YAML", s::YAML_SYNTAX),
    /// The same key twice in a mapping.
    DuplicateKey => ("duplicate-key", Syntax, Error, "a mapping has the same key twice", s::DUPLICATE_KEY),
    /// Too large, too deep, or too many alias expansions.
    YamlLimit => ("yaml-limit", Syntax, Error, "the file exceeds a size, depth or alias-expansion limit", s::YAML_LIMIT),
    /// Bytes that are not UTF-8.
    NotUtf8 => ("not-utf8", Syntax, Error, "the file is not UTF-8 text", s::NOT_UTF8),
    /// No YAML document in the file.
    EmptyFile => ("empty-file", Syntax, Error, "the file holds no document", s::EMPTY_FILE),
    /// A field the schema does not know.
    UnknownField => ("unknown-field", Schema, Error, "a field that the format does not define", crate::schema::docs::UNKNOWN_FIELD),
    /// Any other schema violation.
    SchemaViolation => ("schema-violation", Schema, Error, "the document does not match the JSON Schema", crate::schema::docs::SCHEMA_VIOLATION),
    /// A target, percent or duration that does not parse.
    InvalidQuantity => ("invalid-quantity", Schema, Error, "a target, percent or duration is not written in the target grammar", crate::schema::docs::INVALID_QUANTITY),
    /// A date that does not exist.
    InvalidDate => ("invalid-date", Schema, Error, "a date that does not exist on the calendar", crate::schema::docs::INVALID_DATE),
    /// The same id twice in one document.
    DuplicateId => ("duplicate-id", Lint, Error, "two items of one list in a document share an id", r::duplicate_id::DOCS),
    /// The same `metadata.id` in two documents.
    DuplicateDocumentId => ("duplicate-document-id", Lint, Error, "two documents in the repository share a `metadata.id`", r::duplicate_document_id::DOCS),
    /// `service` names no service.
    UnknownService => ("unknown-service", Lint, Error, "an objective names a service the document does not define", r::unknown_service::DOCS),
    /// `hours` names no calendar.
    UnknownCalendar => ("unknown-calendar", Lint, Error, "an objective names a calendar the document does not define", r::unknown_calendar::DOCS),
    /// An objective names an exclusion that does not exist.
    UnknownExclusion => ("unknown-exclusion", Lint, Error, "an objective names an exclusion the document does not define", r::unknown_exclusion::DOCS),
    /// `severity` is not in `severities`.
    UnknownSeverity => ("unknown-severity", Lint, Error, "an objective names a severity not in the document's `severities`", r::unknown_severity::DOCS),
    /// `supports` does not resolve.
    UnresolvedSupports => ("unresolved-supports", Lint, Error, "a `supports` reference names no objective in the repository", r::unresolved_supports::DOCS),
    /// A known indicator with the wrong kind of quantity.
    IndicatorQuantityMismatch => ("indicator-quantity-mismatch", Lint, Error, "a known indicator with the wrong kind of quantity", r::indicator_quantity_mismatch::DOCS),
    /// A known indicator with the wrong comparator direction.
    IndicatorDirectionMismatch => ("indicator-direction-mismatch", Lint, Error, "a known indicator whose comparator points the wrong way", r::indicator_direction_mismatch::DOCS),
    /// `percentile` on a higher-is-better target.
    PercentileWithoutLowerIsBetter => ("percentile-without-lower-is-better", Lint, Error, "a `percentile` on a target that is not lower-is-better", r::percentile_without_lower_is_better::DOCS),
    /// Credit tier conditions that do not fit the objective.
    CreditConditionMismatch => ("credit-condition-mismatch", Lint, Error, "a credit tier's condition does not describe missing the objective's target", r::credit_condition_mismatch::DOCS),
    /// A worse attainment earns a smaller credit.
    CreditTiersNotMonotonic => ("credit-tiers-not-monotonic", Lint, Error, "a worse attainment earns a smaller credit than a better one", r::credit_tiers_not_monotonic::DOCS),
    /// `effective.until` before `effective.from`.
    EffectiveUntilBeforeFrom => ("effective-until-before-from", Lint, Error, "the agreement ends before it starts", r::effective_until_before_from::DOCS),
    /// A `supports` reference across quantity kinds.
    SupportsQuantityMismatch => ("supports-quantity-mismatch", Lint, Error, "an objective supports one measured in another kind of quantity", r::supports_quantity_mismatch::DOCS),
    /// An OLA objective laxer than what it supports.
    SupportsWeakerThanSupported => ("supports-weaker-than-supported", Lint, Error, "an objective is laxer than the objective it supports", r::supports_weaker_than_supported::DOCS),
    /// The first credit tier starts below the target.
    CreditGap => ("credit-gap", Lint, Warning, "missing the target does not yet earn a credit", r::credit_gap::DOCS),
    /// `creditCap` below the largest tier.
    CreditCapBelowTier => ("credit-cap-below-tier", Lint, Warning, "`remedies.creditCap` is below a credit tier", r::credit_cap_below_tier::DOCS),
    /// A more severe severity with a laxer target.
    SeverityTargetInverted => ("severity-target-inverted", Lint, Warning, "a more severe severity has a laxer target than a less severe one", r::severity_target_inverted::DOCS),
    /// No changelog entry for the current version.
    ChangelogMissingVersion => ("changelog-missing-version", Lint, Warning, "the changelog has no entry for `metadata.version`", r::changelog_missing_version::DOCS),
    /// The review is overdue.
    ReviewOverdue => ("review-overdue", Lint, Warning, "the agreement's review is overdue or was never done", r::review_overdue::DOCS),
    /// A document is gone from the head revision.
    DocumentRemoved => ("document-removed", Diff, Error, "an agreement was removed", d::documents::DOCUMENT_REMOVED),
    /// A document is new in the head revision.
    DocumentAdded => ("document-added", Diff, Info, "an agreement was added", d::documents::DOCUMENT_ADDED),
    /// `kind` or `spec.type` changed.
    AgreementTypeChanged => ("agreement-type-changed", Diff, Warning, "the kind or type of an agreement changed", d::documents::AGREEMENT_TYPE_CHANGED),
    /// `effective.from` or `effective.until` changed.
    EffectiveChanged => ("effective-changed", Diff, Warning, "the period in which an agreement is in effect changed", d::documents::EFFECTIVE_CHANGED),
    /// An objective is gone.
    ObjectiveRemoved => ("objective-removed", Diff, Error, "an objective was removed", d::objectives::OBJECTIVE_REMOVED),
    /// An objective is new.
    ObjectiveAdded => ("objective-added", Diff, Info, "an objective was added", d::objectives::OBJECTIVE_ADDED),
    /// An objective was renamed with `renamedFrom`.
    ObjectiveRenamed => ("objective-renamed", Diff, Info, "an objective was renamed (`renamedFrom`)", d::objectives::OBJECTIVE_RENAMED),
    /// What an objective measures changed.
    ObjectiveScopeChanged => ("objective-scope-changed", Diff, Warning, "an objective now measures another service, indicator or severity", d::objectives::OBJECTIVE_SCOPE_CHANGED),
    /// A target became more lenient.
    TargetWeakened => ("target-weakened", Diff, Error, "a target moved toward the lenient side", d::targets::TARGET_WEAKENED),
    /// A target became stricter.
    TargetStrengthened => ("target-strengthened", Diff, Info, "a target moved toward the strict side", d::targets::TARGET_STRENGTHENED),
    /// A target's comparator changed direction.
    TargetDirectionFlipped => ("target-direction-flipped", Diff, Error, "a target's comparator changed direction, so the revisions cannot be compared", d::targets::TARGET_DIRECTION_FLIPPED),
    /// A target's kind of quantity changed.
    TargetKindChanged => ("target-kind-changed", Diff, Error, "a target is measured in another kind of quantity, so the revisions cannot be compared", d::targets::TARGET_KIND_CHANGED),
    /// A lower-is-better objective's percentile dropped.
    PercentileWeakened => ("percentile-weakened", Diff, Error, "a lower-is-better objective now holds for a smaller share of requests", d::targets::PERCENTILE_WEAKENED),
    /// A lower-is-better objective's percentile rose.
    PercentileStrengthened => ("percentile-strengthened", Diff, Info, "a lower-is-better objective now holds for a larger share of requests", d::targets::PERCENTILE_STRENGTHENED),
    /// A percentile was added or removed.
    PercentileChanged => ("percentile-changed", Diff, Warning, "a percentile was added to or removed from an objective", d::targets::PERCENTILE_CHANGED),
    /// The measurement window grew.
    WindowWeakened => ("window-weakened", Diff, Error, "an objective's measurement window grew", d::windows::WINDOW_WEAKENED),
    /// The measurement window shrank.
    WindowStrengthened => ("window-strengthened", Diff, Info, "an objective's measurement window shrank", d::windows::WINDOW_STRENGTHENED),
    /// The covered hours shrank.
    HoursWeakened => ("hours-weakened", Diff, Error, "an objective's covered hours shrank", d::windows::HOURS_WEAKENED),
    /// The covered hours grew.
    HoursStrengthened => ("hours-strengthened", Diff, Info, "an objective's covered hours grew", d::windows::HOURS_STRENGTHENED),
    /// The covered hours moved.
    HoursChanged => ("hours-changed", Diff, Warning, "an objective's covered hours moved: neither calendar contains the other", d::windows::HOURS_CHANGED),
    /// An exclusion now applies to an objective.
    ExclusionAdded => ("exclusion-added", Diff, Error, "an exclusion now applies to an objective", d::exclusions::EXCLUSION_ADDED),
    /// An exclusion no longer applies to an objective.
    ExclusionRemoved => ("exclusion-removed", Diff, Info, "an exclusion no longer applies to an objective", d::exclusions::EXCLUSION_REMOVED),
    /// An exclusion's `max` grew.
    ExclusionMaxWeakened => ("exclusion-max-weakened", Diff, Error, "an exclusion may now exclude more time per window", d::exclusions::EXCLUSION_MAX_WEAKENED),
    /// An exclusion's `max` shrank.
    ExclusionMaxStrengthened => ("exclusion-max-strengthened", Diff, Info, "an exclusion may now exclude less time per window", d::exclusions::EXCLUSION_MAX_STRENGTHENED),
    /// Less credit is owed at some attainment, more at none.
    CreditsWeakened => ("credits-weakened", Diff, Error, "less service credit is owed at some attainment and more at none", d::credits::CREDITS_WEAKENED),
    /// More credit is owed at some attainment, less at none.
    CreditsStrengthened => ("credits-strengthened", Diff, Info, "more service credit is owed at some attainment and less at none", d::credits::CREDITS_STRENGTHENED),
    /// Credits rose at some attainments and fell at others.
    CreditsChanged => ("credits-changed", Diff, Warning, "service credits rose at some attainments and fell at others", d::credits::CREDITS_CHANGED),
    /// `creditCap` lowered or introduced.
    CreditCapWeakened => ("credit-cap-weakened", Diff, Error, "`remedies.creditCap` was lowered or introduced", d::credits::CREDIT_CAP_WEAKENED),
    /// `creditCap` raised or removed.
    CreditCapStrengthened => ("credit-cap-strengthened", Diff, Info, "`remedies.creditCap` was raised or removed", d::credits::CREDIT_CAP_STRENGTHENED),
    /// A service is gone.
    ServiceRemoved => ("service-removed", Diff, Error, "a service was removed from an agreement", d::obligations::SERVICE_REMOVED),
    /// A service is new.
    ServiceAdded => ("service-added", Diff, Info, "a service was added to an agreement", d::obligations::SERVICE_ADDED),
    /// A scope item of a service is gone.
    ServiceScopeNarrowed => ("service-scope-narrowed", Diff, Error, "an item was removed from a service's scope", d::obligations::SERVICE_SCOPE_NARROWED),
    /// A scope item of a service is new.
    ServiceScopeWidened => ("service-scope-widened", Diff, Info, "an item was added to a service's scope", d::obligations::SERVICE_SCOPE_WIDENED),
    /// A compliance commitment is gone.
    ComplianceRemoved => ("compliance-removed", Diff, Error, "a compliance commitment was removed", d::obligations::COMPLIANCE_REMOVED),
    /// A compliance commitment is new.
    ComplianceAdded => ("compliance-added", Diff, Info, "a compliance commitment was added", d::obligations::COMPLIANCE_ADDED),
    /// A provider responsibility is gone.
    ProviderDutyRemoved => ("provider-duty-removed", Diff, Error, "a responsibility of the provider was removed", d::obligations::PROVIDER_DUTY_REMOVED),
    /// A provider responsibility is new.
    ProviderDutyAdded => ("provider-duty-added", Diff, Info, "a responsibility of the provider was added", d::obligations::PROVIDER_DUTY_ADDED),
    /// A customer responsibility is new.
    CustomerDutyAdded => ("customer-duty-added", Diff, Error, "a responsibility of the customer was added", d::obligations::CUSTOMER_DUTY_ADDED),
    /// A customer responsibility is gone.
    CustomerDutyRemoved => ("customer-duty-removed", Diff, Info, "a responsibility of the customer was removed", d::obligations::CUSTOMER_DUTY_REMOVED),
    /// A termination right is gone.
    TerminationRightRemoved => ("termination-right-removed", Diff, Error, "a termination right was removed", d::obligations::TERMINATION_RIGHT_REMOVED),
    /// A termination right is new.
    TerminationRightAdded => ("termination-right-added", Diff, Info, "a termination right was added", d::obligations::TERMINATION_RIGHT_ADDED),
    /// A cancellation condition was added, removed or reworded.
    CancellationChanged => ("cancellation-changed", Diff, Warning, "a cancellation condition was added, removed or reworded", d::obligations::CANCELLATION_CHANGED),
    /// Reporting became less frequent or was dropped.
    ReportingWeakened => ("reporting-weakened", Diff, Error, "reporting became less frequent or was dropped", d::cadence::REPORTING_WEAKENED),
    /// Reporting became more frequent or was added.
    ReportingStrengthened => ("reporting-strengthened", Diff, Info, "reporting became more frequent or was added", d::cadence::REPORTING_STRENGTHENED),
    /// Reviews became less frequent.
    ReviewWeakened => ("review-weakened", Diff, Error, "the agreement is reviewed less often", d::cadence::REVIEW_WEAKENED),
    /// Reviews became more frequent.
    ReviewStrengthened => ("review-strengthened", Diff, Info, "the agreement is reviewed more often", d::cadence::REVIEW_STRENGTHENED),
    /// The ordered severity list changed.
    SeveritiesChanged => ("severities-changed", Diff, Warning, "the severity levels or their order changed", d::text::SEVERITIES_CHANGED),
    /// A party's name, approvers or contacts changed.
    PartyChanged => ("party-changed", Diff, Warning, "a party's name, approvers or contacts changed", d::text::PARTY_CHANGED),
    /// A calendar's time zone changed.
    TimezoneChanged => ("timezone-changed", Diff, Warning, "a calendar's time zone changed", d::text::TIMEZONE_CHANGED),
    /// Other free text changed.
    TextChanged => ("text-changed", Diff, Warning, "free text (a description, a name, the dispute process ...) changed", d::text::TEXT_CHANGED),
    /// Content changed, version not raised.
    VersionNotBumped => ("version-not-bumped", Gate, Error, "the content of an agreement changed but `metadata.version` was not raised", g::VERSION_NOT_BUMPED),
    /// Content changed, no changelog entry for the new version.
    ChangelogEntryMissing => ("changelog-entry-missing", Gate, Error, "the content of an agreement changed without a changelog entry for the new version", g::CHANGELOG_ENTRY_MISSING),
    /// A weakening lacks a party's approval.
    ApprovalMissing => ("approval-missing", Gate, Error, "a weakening lacks the approval of a party", g::APPROVAL_MISSING),
    /// `.slagate.yaml` was loosened.
    PolicyWeakened => ("policy-weakened", Gate, Error, "a change of `.slagate.yaml` loosens the gate", g::POLICY_WEAKENED),
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
    fn codes_are_unique_kebab_case_and_documented() {
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
            let docs = code.docs();
            for section in ["## What it checks", "## Why", "## Example"] {
                assert!(docs.contains(section), "{name} docs lack {section}");
            }
            assert_eq!(Code::from_name(name), Some(*code));
        }
    }

    #[test]
    fn levels_are_ordered() {
        assert!(Level::Info < Level::Warning && Level::Warning < Level::Error);
    }
}
