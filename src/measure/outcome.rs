//! What `slagate report` found: per agreement, party pair and objective, per window. The
//! renderers (`report::attainment_*`) format these values and decide nothing.
//!
//! Every figure is exact: seconds as integers, ratios and percents as [`Decimal`]. A printed
//! percentage is truncated, never rounded up into a target it misses.

use std::sync::Arc;

use rust_decimal::Decimal;

use super::data::{Ignored, Origin};
use crate::model::Date;

/// The whole report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The period asked for, inclusive local dates.
    pub from: Date,
    /// Its last day, inclusive.
    pub to: Date,
    /// One per agreement, in the order the paths list them.
    pub agreements: Vec<Agreement>,
    /// Rows read and not counted, with why.
    pub ignored: Vec<Ignored>,
}

/// One agreement's results.
#[derive(Debug, Clone, PartialEq)]
pub struct Agreement {
    /// `metadata.id`.
    pub id: String,
    /// `metadata.title` (or the id).
    pub title: String,
    /// The file it was read from.
    pub file: Arc<str>,
    /// The provider's name.
    pub provider: String,
    /// The customer's name.
    pub customer: String,
    /// Its objectives, in the order written.
    pub objectives: Vec<Objective>,
    /// Windows missed, over all objectives.
    pub breaches: usize,
    /// Credit owed, summed per unit ("10% of the fee" of one window does not add to another
    /// window's: one line per unit and billing window, see [`Owed`]).
    pub owed: Vec<Owed>,
    /// The earliest claim deadline of a credit that needs a claim.
    pub earliest_claim: Option<Date>,
}

/// A sum of credit owed in one unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owed {
    /// `percent of the fee`, `days of service`, `USD`.
    pub unit: String,
    /// The window it is owed for (`2026-11`), for percents of a window's fee.
    pub window: Option<String>,
    /// The amount.
    pub amount: Decimal,
}

/// Which party owes an objective and to whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parties {
    /// The party that owes it (`provider` or `customer`) and its name.
    pub owed_by: (String, String),
    /// The party it is owed to.
    pub owed_to: (String, String),
}

/// One objective's results.
#[derive(Debug, Clone, PartialEq)]
pub struct Objective {
    /// Its id.
    pub id: String,
    /// Its display name (or the id).
    pub name: String,
    /// The service measured.
    pub service: String,
    /// The indicator's name (`availability`).
    pub indicator: String,
    /// The target as written (`>= 99.9%`).
    pub target: String,
    /// The severity, for a support objective.
    pub severity: Option<String>,
    /// Who owes it, to whom.
    pub parties: Parties,
    /// The calendar id (`24x7`, `business-hours`).
    pub calendar: String,
    /// The calendar's IANA zone (`UTC` for `24x7`).
    pub zone: String,
    /// The window as written (`month`, `30d`).
    pub window: String,
    /// Where the figures came from.
    pub source: Source,
    /// Each window overlapping the period, earliest first.
    pub windows: Vec<Window>,
}

/// Where an objective's figures came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Outage rows (incidents files, Statuspage).
    Outages,
    /// A series (Prometheus or a saved answer), with the binding's query.
    Series {
        /// The `PromQL` query, or the file the samples were read from.
        query: String,
    },
    /// Support tickets.
    Tickets,
    /// Counts per window.
    Counts,
    /// Nothing the report can measure this objective with (a latency with no series): each
    /// window is [`Measured::NotMeasured`].
    None {
        /// Why, in a sentence.
        reason: String,
    },
}

/// One window of one objective.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    /// The window's label: `2026-11`, `2026-Q4`, `2026-W45`, `2026`, or the rolling
    /// window's dates `2026-11-01..2026-11-30`.
    pub label: String,
    /// First local date, inclusive (after cutting to the effective term).
    pub from: Date,
    /// Last local date, inclusive.
    pub to: Date,
    /// Whether the effective term cut it (a partial first or last window).
    pub partial: bool,
    /// Covered time of the calendar in the window, seconds.
    pub covered: i64,
    /// What was measured.
    pub measured: Measured,
    /// The value compared with the target: a percent for availability, ratios and shares of
    /// tickets, a count for counts; `None` when undefined (nothing left to measure).
    pub value: Option<Decimal>,
    /// Met (`None`: undefined, reported as met with no credit; see `docs/report.md`).
    pub met: Option<bool>,
    /// How far from the target, in the target's unit: positive above a `>=` target's
    /// threshold, negative below (for `<=` targets, positive below).
    pub margin: Option<Decimal>,
    /// The error budget and how much of it was used, for availability.
    pub budget: Option<Budget>,
    /// The credit owed for this window, when a tier applies.
    pub credit: Option<Credit>,
    /// How to claim it, when a credit is owed.
    pub claim: Option<Claim>,
}

/// What was measured in a window.
#[derive(Debug, Clone, PartialEq)]
pub enum Measured {
    /// Availability from outages.
    Downtime {
        /// Covered seconds of downtime (the union of the rows, after exclusions).
        downtime: i64,
        /// Covered seconds excused by exclusions (within their caps).
        excused: i64,
        /// Covered seconds marked excluded beyond an exclusion's `max`, counted as downtime.
        over_cap: i64,
        /// The rows that counted, by origin.
        incidents: Vec<Origin>,
    },
    /// Availability or a ratio from samples.
    Samples {
        /// Covered minutes with a sample.
        minutes: i64,
        /// The sum of their values (good minutes for an "up" series).
        good: Decimal,
        /// Covered minutes with no sample.
        no_data: i64,
        /// What those minutes counted as (`down`, `up`, `excluded`).
        no_data_as: String,
    },
    /// Tickets of the severity opened in the window.
    Tickets {
        /// Tickets counted (answered, or unanswered past the target).
        counted: usize,
        /// Of those, within target.
        within: usize,
        /// The tickets that breached: id and elapsed business seconds (`None` when still open).
        breached: Vec<(String, Option<i64>)>,
        /// Unanswered tickets not yet past the target (not counted).
        pending: Vec<String>,
    },
    /// Counts summed over the window.
    Counts {
        /// Good events.
        good: Decimal,
        /// All events.
        total: Decimal,
    },
    /// No data source measures it.
    NotMeasured,
}

/// An availability's error budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// Allowed downtime, seconds: (100 - target)% of covered minus excused time.
    pub allowed: Decimal,
    /// Downtime, seconds.
    pub used: i64,
}

/// The credit owed for a window.
#[derive(Debug, Clone, PartialEq)]
pub struct Credit {
    /// The tier that applies, as written (`< 99.9%`).
    pub tier: String,
    /// The tier's credit as written (`10%`, `{days: 3}`).
    pub written: String,
    /// The unit (`percent of the fee`, `days of service`, `USD`).
    pub unit: String,
    /// The amount owed in that unit after floor and cap.
    pub amount: Decimal,
    /// The amount before floor and cap.
    pub before_limits: Decimal,
    /// Whether `creditFloor` made it 0.
    pub floored: bool,
    /// Whether `creditCap` cut it.
    pub capped: bool,
    /// Money, when fees are given: amount and currency.
    pub money: Option<(Decimal, String)>,
}

/// How to claim a window's credit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// Issued without a claim.
    pub automatic: bool,
    /// The date the deadline is counted from.
    pub anchor: Date,
    /// The last day to claim (`None` when automatic or when the agreement names no deadline).
    pub deadline: Option<Date>,
    /// The deadline as the agreement writes it (`30d from end-of-month`).
    pub rule: Option<String>,
    /// The channel.
    pub via: Option<String>,
    /// What the claim must include.
    pub evidence: Vec<String>,
}
