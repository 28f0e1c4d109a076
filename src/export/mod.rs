//! `slagate export`: the objectives of valid agreements as other tools' SLO documents.
//!
//! Pure: documents (and, optionally, the bindings file of `slagate report`) in; the text of
//! one file per agreement and the list of what did not map out, per objective, each with a
//! stable [`Reason`]. Nothing here reads or writes files; the binary does. One file per
//! format: [`openslo`] (OpenSLO v1 `Service` and `SLO`) and [`sloth`] (Sloth
//! `prometheus/v1`). The mapping, and every reason, is documented in `docs/export.md`.
//!
//! What must never happen is a term of the agreement dropped silently: every objective is
//! either written whole, written with a [`Note`] for each term the format cannot say
//! ([`Effect::Partial`]), or not written with a note saying why ([`Effect::Skipped`]).

pub mod openslo;
pub mod sloth;

use std::fmt;

use rust_decimal::Decimal;

use crate::import::yaml_out::{self, Y};
use crate::measure::data::bindings::{Binding, Bindings, Source};
use crate::measure::data::{DataError, SeriesKind};
use crate::model::{
    BUILTIN_24X7, Comparator, Date, Indicator, Objective, Percentile, Quantity, SlaDocument, Window,
};

/// The format to export to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// OpenSLO v1: a `Service` per service, an `SLO` per objective.
    OpenSlo,
    /// Sloth `prometheus/v1`: a document per service, an SLO per objective.
    Sloth,
}

impl Format {
    /// The name used on the command line and in file names.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::OpenSlo => "openslo",
            Format::Sloth => "sloth",
        }
    }
}

/// Why a term of an objective (or the whole objective) is not in the output. The names are
/// stable (kebab-case, as diagnostic codes are): scripts may match on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reason {
    /// The objective counts only a calendar's hours; the formats measure around the clock.
    BusinessHours,
    /// The objective's exclusions are not excused by the formats.
    Exclusions,
    /// Service credits are a remedy, not an objective.
    Credits,
    /// A support objective (response or resolution time of tickets of a severity).
    SupportTarget,
    /// A target of 100%: no error budget, which neither format accepts.
    HundredPercentTarget,
    /// A target of 0% (nothing promised): Sloth needs an objective above 0.
    ZeroTarget,
    /// An indicator with no counterpart (capacity, throughput, count, satisfaction, custom).
    IndicatorNotMapped,
    /// A latency target without a percentile or a share: which requests must meet it?
    LatencyWithoutPercentile,
    /// A strict target (`> 99.9%`) written as the inclusive one the formats have.
    StrictTarget,
    /// No query is bound to the objective in the bindings file.
    NoQuery,
    /// A binding that the format cannot use for this objective (a latency objective in
    /// OpenSLO, whose SLI must give latencies).
    BindingNotUsed,
    /// The bound query holds `{{`, which Sloth would read as its own template.
    QueryNotTemplateSafe,
    /// Minutes without a sample count as `missing:` says in `slagate report`; Sloth leaves
    /// them out of the ratio.
    MissingSamples,
    /// A calendar window (Sloth's windows roll).
    CalendarWindow,
    /// A rolling window other than Sloth's default 30 days (a flag of `sloth generate`).
    WindowNotDefault,
    /// A name the format does not accept (OpenSLO names are at most 63 characters).
    NameNotAccepted,
    /// A description longer than the format allows (OpenSLO: 1050 characters).
    DescriptionTooLong,
}

impl Reason {
    /// Every reason, in the order of `docs/export.md`.
    pub const ALL: &'static [Reason] = &[
        Reason::BusinessHours,
        Reason::Exclusions,
        Reason::Credits,
        Reason::SupportTarget,
        Reason::HundredPercentTarget,
        Reason::ZeroTarget,
        Reason::IndicatorNotMapped,
        Reason::LatencyWithoutPercentile,
        Reason::StrictTarget,
        Reason::NoQuery,
        Reason::BindingNotUsed,
        Reason::QueryNotTemplateSafe,
        Reason::MissingSamples,
        Reason::CalendarWindow,
        Reason::WindowNotDefault,
        Reason::NameNotAccepted,
        Reason::DescriptionTooLong,
    ];

    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::BusinessHours => "business-hours",
            Reason::Exclusions => "exclusions",
            Reason::Credits => "credits",
            Reason::SupportTarget => "support-target",
            Reason::HundredPercentTarget => "hundred-percent-target",
            Reason::ZeroTarget => "zero-target",
            Reason::IndicatorNotMapped => "indicator-not-mapped",
            Reason::LatencyWithoutPercentile => "latency-without-percentile",
            Reason::StrictTarget => "strict-target",
            Reason::NoQuery => "no-query",
            Reason::BindingNotUsed => "binding-not-used",
            Reason::QueryNotTemplateSafe => "query-not-template-safe",
            Reason::MissingSamples => "missing-samples",
            Reason::CalendarWindow => "calendar-window",
            Reason::WindowNotDefault => "window-not-default",
            Reason::NameNotAccepted => "name-not-accepted",
            Reason::DescriptionTooLong => "description-too-long",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What became of the objective a note is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// The objective is not in the output at all.
    Skipped,
    /// The objective is in the output without the term the note names.
    Partial,
}

impl Effect {
    /// `skipped` or `partial`.
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Skipped => "skipped",
            Effect::Partial => "partial",
        }
    }
}

/// One thing that did not map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The agreement's file.
    pub file: String,
    /// The objective's line.
    pub line: u32,
    /// The agreement's `metadata.id`.
    pub agreement: String,
    /// The objective's id.
    pub objective: String,
    /// Why.
    pub reason: Reason,
    /// Whether the objective was written without it, or not at all.
    pub effect: Effect,
    /// The sentence for a person (values in backticks).
    pub detail: String,
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: objective `{}` of `{}` {}: {} ({})",
            self.file,
            self.line,
            self.objective,
            self.agreement,
            match self.effect {
                Effect::Skipped => "not exported",
                Effect::Partial => "exported, but",
            },
            self.detail,
            self.reason
        )
    }
}

/// One file of output: the documents of one agreement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// `<agreement-id>.openslo.yaml` or `<agreement-id>.sloth.yaml`.
    pub name: String,
    /// The agreement's `metadata.id`.
    pub agreement: String,
    /// The YAML text: documents each opened with `---`.
    pub text: String,
}

/// What an export produced.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Export {
    /// One file per agreement that has something to write, in input order.
    pub files: Vec<File>,
    /// What did not map, per objective, in input order.
    pub notes: Vec<Note>,
    /// How many objectives were written.
    pub exported: usize,
    /// How many objectives there were.
    pub objectives: usize,
}

impl Export {
    /// Whether any objective was written without a term or not at all.
    pub fn is_lossless(&self) -> bool {
        self.notes.is_empty()
    }
}

/// Exports `docs` (valid agreements) to `format`, taking SLI queries from `bindings`.
pub fn export(format: Format, docs: &[SlaDocument], bindings: Option<&Bindings>) -> Export {
    let mut out = Export::default();
    for doc in docs {
        out.objectives += doc.spec.objectives.len();
        let mut notes = Notes {
            doc,
            list: &mut out.notes,
        };
        let written = match format {
            Format::OpenSlo => openslo::agreement(doc, bindings, &mut notes),
            Format::Sloth => sloth::agreement(doc, bindings, &mut notes),
        };
        if let Some((text, count)) = written {
            out.exported += count;
            out.files.push(File {
                name: format!("{}.{}.yaml", doc.id.value, format.as_str()),
                agreement: doc.id.value.clone(),
                text,
            });
        }
    }
    out
}

/// Every binding must name an agreement and an objective among `docs`, as `slagate report`
/// requires: a misspelt binding would otherwise leave its objective without a query, noted
/// but easy to miss. The errors have the binding's file and line, with the nearest name.
pub fn check_bindings(docs: &[SlaDocument], bindings: &Bindings) -> Result<(), Vec<DataError>> {
    let mut errors = Vec::new();
    for b in &bindings.objectives {
        let scope: Vec<&SlaDocument> = match &b.agreement {
            Some(a) => docs.iter().filter(|d| d.id.value == *a).collect(),
            None => docs.iter().collect(),
        };
        if let (Some(a), true) = (&b.agreement, scope.is_empty()) {
            let ids: Vec<&str> = docs.iter().map(|d| d.id.value.as_str()).collect();
            errors.push(DataError {
                origin: b.origin.clone(),
                message: format!("agreement `{a}` is not among the documents exported"),
                help: nearest(a, &ids),
            });
            continue;
        }
        if !scope
            .iter()
            .any(|d| d.spec.objective(&b.objective).is_some())
        {
            let mut ids: Vec<&str> = scope
                .iter()
                .flat_map(|d| d.spec.objectives.iter().map(|o| o.id.value.as_str()))
                .collect();
            ids.sort_unstable();
            ids.dedup();
            errors.push(DataError {
                origin: b.origin.clone(),
                message: format!(
                    "objective `{}` is not in any agreement exported",
                    b.objective
                ),
                help: nearest(&b.objective, &ids),
            });
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn nearest(word: &str, options: &[&str]) -> Option<String> {
    crate::text::closest(word, options, |c| (c.len() / 3).max(1))
        .map(|s| format!("did you mean `{s}`?"))
}

/// The notes of one agreement, as a format module adds them.
pub(crate) struct Notes<'a> {
    doc: &'a SlaDocument,
    list: &'a mut Vec<Note>,
}

impl Notes<'_> {
    fn add(&mut self, o: &Objective, reason: Reason, effect: Effect, detail: String) {
        self.list.push(Note {
            file: self.doc.file.to_string(),
            line: o.span.start.line,
            agreement: self.doc.id.value.clone(),
            objective: o.id.value.clone(),
            reason,
            effect,
            detail,
        });
    }

    /// The objective is not written: its one note says why (the notes of the terms it would
    /// have been written without are moot).
    fn skip(&mut self, o: &Objective, why: Unmappable) {
        let (agreement, objective) = (&self.doc.id.value, &o.id.value);
        self.list
            .retain(|n| n.agreement != *agreement || n.objective != *objective);
        self.add(o, why.0, Effect::Skipped, why.1);
    }

    fn partial(&mut self, o: &Objective, reason: Reason, detail: String) {
        self.add(o, reason, Effect::Partial, detail);
    }

    /// The terms that neither format can say: covered hours, exclusions, credits.
    fn common(&mut self, o: &Objective) {
        let hours = o.hours_id();
        if hours != BUILTIN_24X7 {
            self.partial(
                o,
                Reason::BusinessHours,
                format!(
                    "measured around the clock: the agreement counts only the hours of calendar `{hours}`"
                ),
            );
        }
        if !o.exclusions.is_empty() {
            let ids: Vec<&str> = o.exclusions.iter().map(|e| e.value.as_str()).collect();
            self.partial(
                o,
                Reason::Exclusions,
                format!(
                    "{} not excused from the measurement",
                    crate::text::backticked(&ids, 8)
                ),
            );
        }
        if !o.credits.is_empty() {
            self.partial(
                o,
                Reason::Credits,
                format!(
                    "{} left out (a remedy, not an objective)",
                    crate::text::plural(o.credits.len(), "credit tier")
                ),
            );
        }
    }
}

/// Why an objective cannot be written: the reason and the sentence.
pub(crate) struct Unmappable(Reason, String);

/// What an objective promises, in the terms both formats have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Promise {
    /// A share of good minutes or events, in percent: availability, a ratio, an error rate's
    /// complement (`failure`: the bound series is the bad share).
    Share {
        /// The percent of good that must be reached (`99.9`).
        good_percent: Decimal,
        /// Whether the indicator counts the bad (an error rate, a ratio kept low).
        failure: bool,
    },
    /// A latency threshold that a share of requests must meet.
    Latency {
        /// `<` or `<=`.
        op: Comparator,
        /// The threshold in seconds.
        seconds: Decimal,
        /// The percent of requests within it (the percentile, or the `share`).
        good_percent: Decimal,
    },
}

impl Promise {
    /// The percent of good.
    pub(crate) fn good_percent(self) -> Decimal {
        match self {
            Promise::Share { good_percent, .. } | Promise::Latency { good_percent, .. } => {
                good_percent
            }
        }
    }
}

/// What `o` promises, or why neither format can say it. A strict comparator is a
/// [`Reason::StrictTarget`] note, added here.
pub(crate) fn promise(o: &Objective, notes: &mut Notes<'_>) -> Result<Promise, Unmappable> {
    let target = &o.target.value;
    let indicator = o.indicator.value;
    if matches!(
        indicator,
        Indicator::ResponseTime | Indicator::ResolutionTime
    ) || o.severity.is_some()
    {
        return Err(Unmappable(
            Reason::SupportTarget,
            format!(
                "a {indicator} target of support tickets has no metric to query (`slagate report` counts it from tickets)"
            ),
        ));
    }
    let promise = match (indicator, &target.quantity) {
        (
            Indicator::Availability | Indicator::ErrorRate | Indicator::Ratio,
            Quantity::Percent(p),
        ) => {
            let failure = matches!(target.comparator, Comparator::Le | Comparator::Lt);
            let good_percent = if failure {
                Decimal::ONE_HUNDRED - p.value()
            } else {
                p.value()
            };
            if target.comparator.is_strict() {
                strict(o, notes, good_percent);
            }
            Promise::Share {
                good_percent,
                failure,
            }
        }
        (Indicator::Latency, Quantity::Duration(d)) => {
            let good_percent = match (o.share.as_deref(), o.percentile.as_ref()) {
                (Some(share), _) => match &share.value.quantity {
                    Quantity::Percent(p) => {
                        if share.value.comparator.is_strict() {
                            strict(o, notes, p.value());
                        }
                        p.value()
                    }
                    _ => return Err(not_mapped(o)),
                },
                (None, Some(p)) => percentile(p.value),
                (None, None) => {
                    return Err(Unmappable(
                        Reason::LatencyWithoutPercentile,
                        format!(
                            "`{}` says no percentile or share: which requests must meet it is not written",
                            o.target.raw()
                        ),
                    ));
                }
            };
            Promise::Latency {
                op: target.comparator,
                seconds: (d.millis() / Decimal::from(1000)).normalize(),
                good_percent,
            }
        }
        _ => return Err(not_mapped(o)),
    };
    let good = promise.good_percent();
    if good == Decimal::ONE_HUNDRED {
        return Err(Unmappable(
            Reason::HundredPercentTarget,
            format!(
                "`{}` leaves no error budget, and the format needs one",
                o.target.raw()
            ),
        ));
    }
    Ok(promise)
}

fn strict(o: &Objective, notes: &mut Notes<'_>, good: Decimal) {
    notes.partial(
        o,
        Reason::StrictTarget,
        format!(
            "`{}` is exported as at least `{}%` good (the formats' targets are inclusive)",
            o.credited().raw(),
            good.normalize()
        ),
    );
}

fn not_mapped(o: &Objective) -> Unmappable {
    Unmappable(
        Reason::IndicatorNotMapped,
        format!(
            "a {} target `{}` has no counterpart (availability, error rate, ratio and latency map)",
            o.indicator.value,
            o.target.raw()
        ),
    )
}

/// A percentile as the percent of requests within the threshold: a p95 of at most 500 ms is
/// 95% of requests within 500 ms.
fn percentile(p: Percentile) -> Decimal {
    match p {
        Percentile::P50 => Decimal::from(50),
        Percentile::P90 => Decimal::from(90),
        Percentile::P95 => Decimal::from(95),
        Percentile::P99 => Decimal::from(99),
        Percentile::P999 => Decimal::new(999, 1),
    }
}

/// The binding of objective `o` of `doc`: one limited to this agreement first, else one for
/// any agreement (as `slagate report` picks it).
pub(crate) fn binding<'b>(
    bindings: Option<&'b Bindings>,
    doc: &SlaDocument,
    o: &Objective,
) -> Option<&'b Binding> {
    let all = &bindings?.objectives;
    let matches = |b: &&Binding| b.objective == o.id.value;
    all.iter()
        .filter(matches)
        .find(|b| b.agreement.as_deref() == Some(doc.id.value.as_str()))
        .or_else(|| all.iter().filter(matches).find(|b| b.agreement.is_none()))
}

/// The PromQL query of a binding (a saved answer's `file:` is no query).
pub(crate) fn query(b: &Binding) -> Option<&str> {
    match &b.source {
        Source::Query(q) => Some(q),
        Source::File { .. } => None,
    }
}

/// The `no-query` sentence.
pub(crate) fn no_query_detail(b: Option<&Binding>) -> String {
    match b {
        Some(b) => format!(
            "its binding reads a saved answer (`file: {}`), not a query",
            match &b.source {
                Source::File { written, .. } => written.as_str(),
                Source::Query(_) => "",
            }
        ),
        None => "no query is bound to it (`--bindings`)".to_string(),
    }
}

/// How a bound series reads, for a note: `up` or `ratio`.
pub(crate) fn kind_name(k: SeriesKind) -> &'static str {
    match k {
        SeriesKind::Up => "up",
        SeriesKind::Ratio => "ratio",
    }
}

/// The first day of the calendar window that holds `from`: the Monday of its ISO week, the
/// first of its month, quarter or year.
pub(crate) fn window_start(window: Window, from: Date) -> Date {
    match window {
        Window::Week => {
            let days = from.days_since_epoch();
            // 1970-01-01 was a Thursday: Monday is 3 days before.
            Date::from_days_since_epoch(days - (days + 3).rem_euclid(7))
        }
        Window::Month => Date { day: 1, ..from },
        Window::Quarter => Date {
            month: (from.month - 1) / 3 * 3 + 1,
            day: 1,
            ..from
        },
        Window::Year | Window::Rolling(_) => Date {
            month: 1,
            day: 1,
            ..from
        },
    }
}

/// A rolling window as a duration shorthand (`30d`, `36h`): whole days when it is.
pub(crate) fn rolling_shorthand(d: crate::model::Duration) -> String {
    let hours = (d.millis() / Decimal::from(3_600_000)).trunc();
    if hours % Decimal::from(24) == Decimal::ZERO {
        format!("{}d", (hours / Decimal::from(24)).normalize())
    } else {
        format!("{}h", hours.normalize())
    }
}

/// A decimal written as a YAML number (`99.9`, `0.5`).
pub(crate) fn num(d: Decimal) -> Y {
    Y::Num(d.normalize().to_string())
}

/// Documents as one multi-document YAML text, each opened with `---`.
pub(crate) fn documents(docs: &[Y]) -> String {
    let mut out = String::new();
    for d in docs {
        out.push_str("---\n");
        out.push_str(&yaml_out::write(d));
    }
    out
}

#[cfg(test)]
mod tests;
