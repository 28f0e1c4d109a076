//! The data `slagate report` reads, as rows with the file and line they came from.
//!
//! Each reader takes a file's path and bytes (the binary reads them, bounded) and returns its
//! rows or a [`DataError`] with the file and line: nothing here touches the file system or the
//! network. The kinds of file are told apart by their content (see [`detect`]); each format is
//! documented, with a real sample, in `docs/report.md`.

pub mod bindings;
pub mod prometheus;

use std::sync::Arc;

pub mod counts;
mod csv;
pub mod detect;
pub mod fees;
pub mod incidents;
pub mod statuspage;
mod ticket_store;
pub mod tickets;

pub use ticket_store::{TicketRef, Tickets, TooLarge};

use jiff::Timestamp;
use rust_decimal::Decimal;

/// Where a row was read: the file and its 1-based line (for JSON, the line its object starts on).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Origin {
    /// The file as named on the command line.
    pub file: Arc<str>,
    /// The 1-based line.
    pub line: u32,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// A bad file or row: the report stops with this message (exit 1), nothing is half-counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    /// Where.
    pub origin: Origin,
    /// What is wrong, in a sentence (the value quoted).
    pub message: String,
    /// How to fix it, when there is something to say.
    pub help: Option<String>,
}

impl std::fmt::Display for DataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)?;
        if let Some(help) = &self.help {
            write!(f, " ({help})")?;
        }
        Ok(())
    }
}

/// What an incident row is counted against.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Subject {
    /// Every availability objective of this service (`service` column).
    Service(Arc<str>),
    /// One objective, by id (`objective` column).
    Objective(Arc<str>),
}

/// One outage: a row of an incidents file, or a Statuspage incident (or scheduled
/// maintenance) mapped through the bindings file.
///
/// 128 bytes and its note: the names are shared (a reader keeps one copy of each agreement,
/// service, objective and exclusion id it reads), since a year of incidents
/// repeats a few hundred names a hundred thousand times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outage {
    /// The agreement (`metadata.id`) it is limited to, when the row names one.
    pub agreement: Option<Arc<str>>,
    /// What it counts against.
    pub subject: Subject,
    /// Start, inclusive.
    pub start: Timestamp,
    /// End, exclusive; always after `start`.
    pub end: Timestamp,
    /// The exclusion id that excuses it (`excluded`), if any.
    pub excluded: Option<Arc<str>>,
    /// Free text.
    pub note: Option<Box<str>>,
    /// Where it was read.
    pub origin: Origin,
}

/// One shared copy of each name a reader meets: the first `api` read is kept, and every later
/// `api` is a reference to it.
#[derive(Debug, Default)]
pub(crate) struct Names(std::collections::HashSet<Arc<str>>);

impl Names {
    /// The shared copy of `name`.
    pub(crate) fn get(&mut self, name: &str) -> Arc<str> {
        if let Some(known) = self.0.get(name) {
            return known.clone();
        }
        let name: Arc<str> = Arc::from(name);
        self.0.insert(name.clone());
        name
    }
}

/// One support ticket, owned: what tests and small callers build. The report holds them as
/// [`Tickets`], 28 bytes a ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    /// The ticket's id.
    pub id: String,
    /// The agreement it is limited to, when the row names one.
    pub agreement: Option<String>,
    /// The service it is about, when the row names one.
    pub service: Option<String>,
    /// The severity, as the objectives' `severity` spells it.
    pub severity: String,
    /// When it was opened.
    pub opened: Timestamp,
    /// The first response, if any; never before `opened`.
    pub first_response: Option<Timestamp>,
    /// When it was resolved, if it was; never before `opened`.
    pub resolved: Option<Timestamp>,
    /// Where it was read.
    pub origin: Origin,
}

/// Good and total events of an objective in the window starting on a date (lead
/// qualification: qualified and delivered leads; CSAT: satisfied and surveyed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    /// The agreement it is limited to, when the row names one.
    pub agreement: Option<String>,
    /// The objective's id.
    pub objective: String,
    /// The first local date of the window it counts for.
    pub window_start: crate::model::Date,
    /// Good events (at most `total`).
    pub good: Decimal,
    /// All events.
    pub total: Decimal,
    /// Where it was read.
    pub origin: Origin,
}

/// A fee, for credits as money.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fee {
    /// An agreement's `metadata.id` or a service id.
    pub subject: String,
    /// The billing period: `2026-11` (a month), `2026-Q4` or `2026`.
    pub period: String,
    /// The amount.
    pub amount: Decimal,
    /// ISO 4217 code.
    pub currency: String,
    /// Where it was read.
    pub origin: Origin,
}

/// What a missing sample of a Prometheus series counts as (the bindings file says).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Missing {
    /// Downtime (the default: fail closed for the customer).
    #[default]
    Down,
    /// Up.
    Up,
    /// Neither: removed from the measured time.
    Excluded,
}

/// How a bound series measures its objective.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SeriesKind {
    /// A 0/1 "up" series: each sample is one minute up (1) or down (0).
    Up,
    /// A good/total ratio in [0, 1] per sample.
    Ratio,
}

/// One objective's samples: a series at a 1-minute step, from Prometheus or a saved
/// `query_range` answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Where the samples came from, as the report says it: the `PromQL` query asked, or the
    /// file of a saved answer.
    pub source: String,
    /// The agreement it is limited to, when the binding names one.
    pub agreement: Option<String>,
    /// The objective's id.
    pub objective: String,
    /// How the values read.
    pub kind: SeriesKind,
    /// What a missing sample counts as.
    pub missing: Missing,
    /// The step between samples, in seconds (60).
    pub step: i64,
    /// `(unix seconds, value)`, ascending, one per step at most; values exact as written.
    pub samples: Vec<(i64, Decimal)>,
    /// Where the binding is written.
    pub origin: Origin,
}

/// Everything read, merged from every `--data` file (and Prometheus).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Data {
    /// Outages, from incidents files and Statuspage.
    pub outages: Vec<Outage>,
    /// Support tickets.
    pub tickets: Tickets,
    /// Counts per window.
    pub counts: Vec<Count>,
    /// Fees.
    pub fees: Vec<Fee>,
    /// Samples per objective.
    pub series: Vec<Series>,
    /// Rows read but not counted, with why (a Statuspage incident of no bound component, a
    /// row of an objective the paths do not hold...): `--format json` lists every one.
    pub ignored: Vec<Ignored>,
}

/// A row that was read and deliberately not counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignored {
    /// Where.
    pub origin: Origin,
    /// Why, in a sentence.
    pub reason: String,
}
