//! The validated, typed SLA model.
//!
//! [`build::build`] turns a spanned YAML tree that passed the schema into an [`SlaDocument`]
//! or returns diagnostics; lint, diff and gate only ever see this model. Every value a
//! finding can point at is [`Spanned`], so findings carry file, line and column.

pub mod build;
pub mod business;
pub mod calendar;
pub mod contract;
pub mod quantity;
pub mod target;
pub mod terms;
pub mod time;
pub mod zone;

use std::sync::Arc;

use crate::diagnostic::Span;

pub use calendar::{Holiday, HolidayDate, WeekMinutes, Weekday};
pub use contract::{Definition, Measurement, OwedBy, Plan};
pub use quantity::{Duration, Percent, Quantity, QuantityKind};
pub use target::{Comparator, Direction, Indicator, Percentile, Strength, Target};
pub use terms::{ClaimAnchor, Claims, CreditAmount, CreditCap, Notice};
pub use time::{Date, TimeOfDay, Window};

/// A value and where it is written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Its source location.
    pub span: Span,
    /// The text as written, when it differs from the value's own text (a text value is not
    /// stored twice: that was a tenth of the memory of a large repository).
    raw: Option<Box<str>>,
}

impl<T> Spanned<T> {
    /// A spanned value and the text it was written as.
    pub fn new(value: T, span: Span, raw: impl Into<String>) -> Spanned<T> {
        Spanned {
            value,
            span,
            raw: Some(raw.into().into_boxed_str()),
        }
    }
}

impl Spanned<String> {
    /// A spanned text value (written as itself).
    pub fn text(value: String, span: Span) -> Spanned<String> {
        Spanned {
            value,
            span,
            raw: None,
        }
    }
}

impl<T: Written> Spanned<T> {
    /// The text as written (for before/after in findings).
    pub fn raw(&self) -> &str {
        self.raw
            .as_deref()
            .or_else(|| self.value.written())
            .unwrap_or_default()
    }
}

/// Values that are their own written text (text values), for [`Spanned::raw`].
pub trait Written {
    /// The value's own text, if it is text.
    fn written(&self) -> Option<&str> {
        None
    }
}

impl Written for String {
    fn written(&self) -> Option<&str> {
        Some(self)
    }
}

macro_rules! not_text {
    ($($t:ty),* $(,)?) => { $(impl Written for $t {})* };
}

not_text!(
    Target,
    Percent,
    Duration,
    Window,
    Date,
    TimeOfDay,
    Indicator,
    Percentile,
    DocKind,
    AgreementType,
    Frequency,
    SupportRef,
    CreditAmount,
    CreditCap,
    ClaimAnchor,
    rust_decimal::Decimal,
    u64,
    Vec<Weekday>,
    bool,
    OwedBy,
);

/// `ServiceLevelAgreement` or `OperationalLevelAgreement`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocKind {
    /// An SLA.
    Sla,
    /// An OLA (internal, underpinning an SLA).
    Ola,
}

/// `customer`, `internal` or `multilevel`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AgreementType {
    /// With an external customer.
    Customer,
    /// Between departments.
    Internal,
    /// Several levels in one agreement.
    Multilevel,
}

/// How often something recurs (reporting, review).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Frequency {
    /// Weekly.
    Week,
    /// Monthly.
    Month,
    /// Quarterly.
    Quarter,
    /// Yearly.
    Year,
}

impl Frequency {
    /// Parses `week`, `month`, `quarter`, `year`.
    pub fn parse(s: &str) -> Option<Frequency> {
        Some(match s {
            "week" => Frequency::Week,
            "month" => Frequency::Month,
            "quarter" => Frequency::Quarter,
            "year" => Frequency::Year,
            _ => return None,
        })
    }

    /// Months between two occurrences (a week counts as 0).
    pub fn months(self) -> u32 {
        match self {
            Frequency::Week => 0,
            Frequency::Month => 1,
            Frequency::Quarter => 3,
            Frequency::Year => 12,
        }
    }
}

/// A party to the agreement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    /// The party's name.
    pub name: Spanned<String>,
    /// GitHub logins or `org/team` slugs who may approve changes for this party.
    pub approvers: Vec<Spanned<String>>,
    /// Points of contact.
    pub contacts: Vec<Contact>,
}

/// A point of contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// Their role.
    pub role: Spanned<String>,
    /// Their name.
    pub name: Spanned<String>,
    /// Their email, if given.
    pub email: Option<Spanned<String>>,
}

/// A service the agreement covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    /// The id objectives refer to.
    pub id: Spanned<String>,
    /// Display name.
    pub name: Spanned<String>,
    /// What the service is.
    pub description: Spanned<String>,
    /// What is in scope.
    pub scope: Vec<Spanned<String>>,
}

/// A calendar of covered hours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// The id objectives refer to in `hours`.
    pub id: Spanned<String>,
    /// IANA time zone.
    pub timezone: Spanned<String>,
    /// Days covered.
    pub days: Spanned<Vec<Weekday>>,
    /// Start of the covered hours each day.
    pub from: Spanned<TimeOfDay>,
    /// End of the covered hours each day.
    pub to: Spanned<TimeOfDay>,
    /// Days not covered: dates, or days of the year (`every: 12-25`).
    pub holidays: Vec<Holiday>,
}

impl Calendar {
    /// The minutes of the week covered (computed on demand: 1.3 KB per calendar is too much
    /// to keep for every document of a large repository).
    pub fn covered(&self) -> WeekMinutes {
        WeekMinutes::from_schedule(&self.days.value, self.from.value, self.to.value)
    }

    /// Whether `date` is one of the calendar's holidays (a date, or a yearly day).
    pub fn is_holiday(&self, date: Date) -> bool {
        self.holidays.iter().any(|h| h.when.value.falls_on(date))
    }

    /// The calendar on real dates in its zone; `None` when the zone is not an IANA zone
    /// (`unknown-timezone` reports it).
    pub fn local(&self) -> Option<zone::LocalCalendar> {
        Some(zone::LocalCalendar {
            zone: zone::zone(&self.timezone.value)?,
            week: self.covered(),
            holidays: self.holidays.iter().map(|h| h.when.value).collect(),
        })
    }

    /// The covered time between two instants in seconds, counted in the calendar's zone
    /// with its daylight-saving changes (see [`zone::covered_between`]); `None` when the
    /// zone is not an IANA zone.
    pub fn covered_between(&self, start: jiff::Timestamp, end: jiff::Timestamp) -> Option<i64> {
        Some(zone::covered_between(&self.local()?, start, end))
    }
}

/// A service-credit tier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditTier {
    /// The attainment condition (`< 99.9%`).
    pub when: Spanned<Target>,
    /// The credit owed: a percent of the period's fee, or another [`CreditAmount`].
    pub credit: Spanned<CreditAmount>,
    /// Where the tier is written.
    pub span: Span,
}

/// A `supports` reference of an OLA objective.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SupportRef {
    /// The supported document's `metadata.id`.
    pub document: String,
    /// The supported objective's id.
    pub objective: String,
}

/// A measurable target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Objective {
    /// Position in `spec.objectives` (for JSON pointers).
    pub index: usize,
    /// Where the objective is written.
    pub span: Span,
    /// The match key across revisions.
    pub id: Spanned<String>,
    /// Display name.
    pub name: Option<Spanned<String>>,
    /// Prose.
    pub description: Option<Spanned<String>>,
    /// The service measured.
    pub service: Spanned<String>,
    /// What is measured.
    pub indicator: Spanned<Indicator>,
    /// The promise.
    pub target: Spanned<Target>,
    /// Latency percentile.
    pub percentile: Option<Spanned<Percentile>>,
    /// Measurement window (`month` when absent).
    pub window: Option<Spanned<Window>>,
    /// Calendar id of the covered hours (`24x7` when absent).
    pub hours: Option<Spanned<String>>,
    /// Support severity the objective applies to.
    pub severity: Option<Spanned<String>>,
    /// Exclusion ids that apply.
    pub exclusions: Vec<Spanned<String>>,
    /// Service credits.
    pub credits: Vec<CreditTier>,
    /// The id this objective had before a deliberate rename.
    pub renamed_from: Option<Box<Spanned<String>>>,
    /// Customer-facing objectives this one underpins.
    pub supports: Vec<Spanned<SupportRef>>,
    /// How the indicator is measured.
    pub measurement: Option<Box<Measurement>>,
    /// For a per-event target: the share of events that must meet it (`>= 95%`).
    pub share: Option<Box<Spanned<Target>>>,
    /// Which party owes the objective (the provider when absent).
    pub owed_by: Option<Box<Spanned<OwedBy>>>,
    /// The id of the plan (`spec.plans`) the objective belongs to.
    pub plan: Option<Box<Spanned<String>>>,
}

impl Objective {
    /// The measurement window, defaulting to a month.
    pub fn window(&self) -> Window {
        self.window.as_ref().map_or(Window::Month, |w| w.value)
    }

    /// What the credit tiers are conditions on: the `share` of a per-event objective
    /// (`< 95%` of tickets answered in time), else the target.
    pub fn credited(&self) -> &Spanned<Target> {
        self.share.as_deref().unwrap_or(&self.target)
    }

    /// Which party owes the objective, defaulting to the provider.
    pub fn owed_by(&self) -> OwedBy {
        self.owed_by.as_ref().map_or(OwedBy::Provider, |o| o.value)
    }

    /// The calendar id, defaulting to `24x7`.
    pub fn hours_id(&self) -> &str {
        self.hours
            .as_ref()
            .map_or(BUILTIN_24X7, |h| h.value.as_str())
    }

    /// The JSON pointer of a field of this objective.
    pub fn pointer(&self, field: &str) -> String {
        if field.is_empty() {
            format!("/spec/objectives/{}", self.index)
        } else {
            format!("/spec/objectives/{}/{field}", self.index)
        }
    }
}

/// The id of the built-in always-on calendar.
pub const BUILTIN_24X7: &str = "24x7";

/// An exclusion from measurement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exclusion {
    /// The id objectives refer to.
    pub id: Spanned<String>,
    /// What is excluded.
    pub description: Spanned<String>,
    /// At most this much per objective window.
    pub max: Option<Spanned<Duration>>,
}

/// A changelog entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangelogEntry {
    /// The version it describes.
    pub version: Spanned<u64>,
    /// When.
    pub date: Spanned<Date>,
    /// When the change takes effect, if later than `date` (the notice of an adverse change).
    pub effective: Option<Spanned<Date>>,
    /// What changed.
    pub summary: Spanned<String>,
    /// The change request.
    pub change_request: Option<Spanned<String>>,
    /// Who approved.
    pub approved_by: Vec<Spanned<String>>,
}

/// Reporting duties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reporting {
    /// How often.
    pub every: Spanned<Frequency>,
    /// To whom.
    pub to: Vec<Spanned<String>>,
    /// How.
    pub via: Option<Spanned<String>>,
}

/// The `spec` of an agreement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    /// Customer, internal or multilevel.
    pub agreement_type: Spanned<AgreementType>,
    /// The described service.
    pub description: Option<Spanned<String>>,
    /// The provider.
    pub provider: Party,
    /// The customer.
    pub customer: Party,
    /// Start of the agreement.
    pub effective_from: Spanned<Date>,
    /// End of the agreement.
    pub effective_until: Option<Spanned<Date>>,
    /// How often the agreement is reviewed.
    pub review_every: Spanned<Frequency>,
    /// When it was last reviewed.
    pub review_last: Option<Spanned<Date>>,
    /// Services covered.
    pub services: Vec<Service>,
    /// Calendars defined (the built-in `24x7` is not listed).
    pub calendars: Vec<Calendar>,
    /// Measurable targets.
    pub objectives: Vec<Objective>,
    /// Exclusions.
    pub exclusions: Vec<Exclusion>,
    /// The provider's duties.
    pub provider_duties: Vec<Spanned<String>>,
    /// The customer's duties.
    pub customer_duties: Vec<Spanned<String>>,
    /// Reporting duties.
    pub reporting: Option<Reporting>,
    /// The cap on service credits per period.
    pub credit_cap: Option<Spanned<CreditCap>>,
    /// What a percent credit is a percent of (`monthly fee for the affected service`).
    pub credit_base: Option<Spanned<String>>,
    /// No credit is owed below this percent.
    pub credit_floor: Option<Spanned<Percent>>,
    /// Refunds owed (prose, one per item).
    pub refund: Vec<Spanned<String>>,
    /// Whether the remedies are the customer's sole and exclusive remedy.
    pub sole_remedy: Option<Spanned<bool>>,
    /// How credits are claimed.
    pub claims: Option<Box<Claims>>,
    /// Notice owed before maintenance and adverse changes.
    pub notice: Notice,
    /// Termination rights.
    pub termination: Vec<Spanned<String>>,
    /// Compliance commitments.
    pub compliance: Vec<Spanned<String>>,
    /// Cancellation conditions.
    pub cancellation: Vec<Spanned<String>>,
    /// The dispute process.
    pub disputes: Option<Spanned<String>>,
    /// Severities, most severe first.
    pub severities: Vec<Spanned<String>>,
    /// Whether `severities` was written (else it is the default list).
    pub severities_explicit: bool,
    /// The change history.
    pub changelog: Vec<ChangelogEntry>,
    /// The agreement's own glossary, in written order.
    pub definitions: Vec<Definition>,
    /// Severity definitions (`{id, description}` items of `severities`), in written order.
    pub severity_definitions: Vec<Definition>,
    /// Plans, lowest first.
    pub plans: Vec<Plan>,
}

impl Spec {
    /// The covered minutes of calendar `id`, if it exists.
    pub fn covered(&self, id: &str) -> Option<WeekMinutes> {
        if id == BUILTIN_24X7 {
            return Some(WeekMinutes::all());
        }
        self.calendar(id).map(Calendar::covered)
    }

    /// Calendar `id` on real dates in its zone (`24x7` in UTC), if it exists and its zone
    /// is known.
    pub fn local_calendar(&self, id: &str) -> Option<zone::LocalCalendar> {
        if id == BUILTIN_24X7 {
            return Some(zone::LocalCalendar::always());
        }
        self.calendar(id)?.local()
    }

    /// The calendar defined with `id` (not the built-in `24x7`).
    pub fn calendar(&self, id: &str) -> Option<&Calendar> {
        self.calendars.iter().find(|c| c.id.value == id)
    }

    /// The objective with `id`.
    pub fn objective(&self, id: &str) -> Option<&Objective> {
        self.objectives.iter().find(|o| o.id.value == id)
    }

    /// The rank of a plan (0 = lowest).
    pub fn plan_rank(&self, id: &str) -> Option<usize> {
        self.plans.iter().position(|p| p.id.value == id)
    }

    /// The rank of a severity (0 = most severe).
    pub fn severity_rank(&self, name: &str) -> Option<usize> {
        self.severities.iter().position(|s| s.value == name)
    }
}

/// One validated agreement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlaDocument {
    /// The file it came from.
    pub file: Arc<str>,
    /// Position of the document in its file (0-based).
    pub index: usize,
    /// Where the document starts.
    pub span: Span,
    /// SLA or OLA.
    pub kind: Spanned<DocKind>,
    /// The identity across revisions.
    pub id: Spanned<String>,
    /// Raised by every change of content.
    pub version: Spanned<u64>,
    /// Display title.
    pub title: Option<Spanned<String>>,
    /// Free labels.
    pub labels: Vec<(Spanned<String>, Spanned<String>)>,
    /// The agreement.
    pub spec: Spec,
}
/// The changelogs are equal in what they say (not in how or where it is written).
pub fn same_changelog(a: &[ChangelogEntry], b: &[ChangelogEntry]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_entry(x, y))
}

/// The changelog entries are equal in what they say.
pub fn same_entry(a: &ChangelogEntry, b: &ChangelogEntry) -> bool {
    a.version.value == b.version.value
        && a.date.value == b.date.value
        && a.summary.value == b.summary.value
        && a.effective.as_ref().map(|e| e.value) == b.effective.as_ref().map(|e| e.value)
        && a.change_request.as_ref().map(|c| &c.value)
            == b.change_request.as_ref().map(|c| &c.value)
        && a.approved_by
            .iter()
            .map(|s| &s.value)
            .eq(b.approved_by.iter().map(|s| &s.value))
}
