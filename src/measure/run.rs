//! The report over agreements: every objective's windows in the period, measured from the
//! data that fits it, then per agreement the breaches, the credit owed and the earliest claim
//! deadline.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use jiff::Timestamp;
use rust_decimal::Decimal;

use super::availability;
use super::claims;
use super::covered::Calendars;
use super::credits::{self, Basis, Ratio, Value};
use super::data::{Count, Data, DataError, Ignored, Origin, Outage, Series, Subject, TicketRef};
use super::intervals;
use super::outcome::{self, Budget, Measured, Owed, Parties, Source};
use super::period::{self, Period};
use super::tickets::{self, Elapsed, Until};
use crate::model::business::business_minutes;
use crate::model::zone::{self, LocalCalendar};
use crate::model::{Date, Indicator, Objective, OwedBy, Quantity, SlaDocument};

/// What the report is asked.
#[derive(Debug, Clone)]
pub struct Request {
    /// The period.
    pub period: Period,
    /// "Now", for tickets still open (the binary passes the clock; tests fix it).
    pub now: Timestamp,
    /// Whether any outage data (an incidents file, Statuspage) was given: without it, an
    /// availability objective is not measured rather than reported as 100%.
    pub outages_given: bool,
    /// Whether any tickets file was given.
    pub tickets_given: bool,
    /// Whether any counts file was given.
    pub counts_given: bool,
}

/// The report for `docs` over the request's period; `Err` lists every row that names
/// something the documents do not hold (an unknown agreement, objective, service or
/// exclusion), sorted by file and line.
pub fn report(
    docs: &[SlaDocument],
    data: &Data,
    request: &Request,
) -> Result<outcome::Report, Vec<DataError>> {
    let mut each = Agreements::new(docs, data, request)?;
    let agreements = each.by_ref().collect();
    Ok(outcome::Report {
        from: request.period.from,
        to: request.period.to,
        agreements,
        ignored: each.ignored(),
    })
}

/// The report one agreement at a time, for a writer that need not hold them all (a year of a
/// thousand agreements is 60,000 windows): the agreements in order, then [`Agreements::ignored`].
pub struct Agreements<'a> {
    docs: &'a [SlaDocument],
    data: &'a Data,
    request: &'a Request,
    index: Index<'a>,
    /// One per worker thread: which rows its windows counted (merged by [`Used::unused`]).
    used: Vec<Used>,
    /// Counted and not yet yielded, in order (a batch is counted on all cores at once).
    ready: std::collections::VecDeque<outcome::Agreement>,
    breaches: usize,
}

/// Agreements counted per batch and worker thread: enough to keep both cores busy while a
/// batch of 2 x 16 holds little (a year's agreement is some 60 windows).
const PER_THREAD: usize = 16;

impl<'a> Agreements<'a> {
    /// Checks every row's references first, as [`report`] does.
    pub fn new(
        docs: &'a [SlaDocument],
        data: &'a Data,
        request: &'a Request,
    ) -> Result<Agreements<'a>, Vec<DataError>> {
        check_references(docs, data)?;
        check_sizes(data, ROWS_MAX)?;
        let threads = crate::parallel::threads_for(docs.len());
        Ok(Agreements {
            docs,
            data,
            request,
            index: Index::new(data),
            used: (0..threads).map(|_| Used::new(data)).collect(),
            ready: std::collections::VecDeque::new(),
            breaches: 0,
        })
    }

    /// The period's first and last day.
    pub fn period(&self) -> (Date, Date) {
        (self.request.period.from, self.request.period.to)
    }

    /// Windows missed so far, in every agreement yielded.
    pub fn breaches(&self) -> usize {
        self.breaches
    }

    /// The rows read and not counted, with why: complete once every agreement was yielded.
    pub fn ignored(&self) -> Vec<Ignored> {
        let mut ignored = self.data.ignored.clone();
        ignored.extend(Used::unused(&self.used, self.data));
        ignored
    }
}

impl Iterator for Agreements<'_> {
    type Item = outcome::Agreement;

    fn next(&mut self) -> Option<outcome::Agreement> {
        if self.ready.is_empty() {
            self.count_batch();
        }
        let a = self.ready.pop_front()?;
        self.breaches += a.breaches;
        Some(a)
    }
}

impl Agreements<'_> {
    /// Counts the next batch of agreements, a run of them per worker thread, into `ready` in
    /// document order: the figures of one agreement never depend on another's, so the output
    /// is the same on any number of cores.
    fn count_batch(&mut self) {
        let take = (self.used.len() * PER_THREAD).min(self.docs.len());
        let (batch, rest) = self.docs.split_at(take);
        self.docs = rest;
        if batch.is_empty() {
            return;
        }
        let per = batch.len().div_ceil(self.used.len());
        let work: Vec<(&[SlaDocument], &mut Used)> =
            batch.chunks(per).zip(self.used.iter_mut()).collect();
        let (data, index, request) = (self.data, &self.index, self.request);
        let counted = crate::parallel::map(work, |(docs, used)| {
            docs.iter()
                .map(|doc| agreement(doc, data, index, request, used))
                .collect::<Vec<_>>()
        });
        self.ready.extend(counted.into_iter().flatten());
    }
}

fn err(origin: &Origin, message: String, help: Option<String>) -> DataError {
    DataError {
        origin: origin.clone(),
        message,
        help,
    }
}

fn did_you_mean<'a>(word: &str, options: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut options: Vec<&str> = options.into_iter().collect();
    options.sort_unstable();
    options.dedup();
    crate::text::closest(word, &options, |c| (c.len() / 3).max(1))
        .map(|s| format!("did you mean `{s}`?"))
}

/// The most rows of one kind a report counts: the index numbers them in 32 bits (the ticket
/// store refuses more tickets as it reads them).
const ROWS_MAX: usize = u32::MAX as usize - 1;

/// An error at the first row past `max` of each kind that has more.
fn check_sizes(data: &Data, max: usize) -> Result<(), Vec<DataError>> {
    let mut errors = Vec::new();
    let mut over = |len: usize, what: &str, origin: &dyn Fn(usize) -> Origin| {
        if len > max {
            errors.push(DataError {
                origin: origin(max),
                message: format!(
                    "{len} {what} rows were read, and a report counts at most {max} of them"
                ),
                help: Some(format!(
                    "report on fewer {what} rows at a time (a shorter period or fewer files)"
                )),
            });
        }
    };
    over(data.outages.len(), "outage", &|i| {
        data.outages[i].origin.clone()
    });
    over(data.tickets.len(), "ticket", &|i| {
        data.tickets.get(i).origin()
    });
    over(data.counts.len(), "count", &|i| {
        data.counts[i].origin.clone()
    });
    over(data.series.len(), "series", &|i| {
        data.series[i].origin.clone()
    });
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Every row must name what the documents hold.
fn check_references(docs: &[SlaDocument], data: &Data) -> Result<(), Vec<DataError>> {
    let mut errors = Vec::new();
    let by_id: HashMap<&str, &SlaDocument> =
        docs.iter().map(|d| (d.id.value.as_str(), d)).collect();
    // `origin` is asked only for an error: a million tickets need not build theirs.
    let scope = |agreement: Option<&str>,
                 origin: &dyn Fn() -> Origin,
                 errors: &mut Vec<DataError>|
     -> Option<Vec<&SlaDocument>> {
        let Some(a) = agreement else {
            return Some(docs.iter().collect());
        };
        if let Some(d) = by_id.get(a) {
            return Some(vec![*d]);
        }
        errors.push(err(
            &origin(),
            format!("agreement `{a}` is not among the documents reported"),
            did_you_mean(a, by_id.keys().copied()),
        ));
        None
    };
    for o in &data.outages {
        let Some(scope) = scope(o.agreement.as_deref(), &|| o.origin.clone(), &mut errors) else {
            continue;
        };
        let matching: Vec<&SlaDocument> = scope
            .iter()
            .copied()
            .filter(|d| match &o.subject {
                Subject::Objective(id) => d.spec.objective(id).is_some(),
                Subject::Service(s) => d.spec.services.iter().any(|x| x.id.value == **s),
            })
            .collect();
        if matching.is_empty() {
            let (what, name, options): (&str, &str, Vec<&str>) = match &o.subject {
                Subject::Objective(id) => (
                    "objective",
                    id,
                    scope
                        .iter()
                        .flat_map(|d| d.spec.objectives.iter().map(|x| x.id.value.as_str()))
                        .collect(),
                ),
                Subject::Service(s) => (
                    "service",
                    s,
                    scope
                        .iter()
                        .flat_map(|d| d.spec.services.iter().map(|x| x.id.value.as_str()))
                        .collect(),
                ),
            };
            errors.push(err(
                &o.origin,
                format!("{what} `{name}` is not in any agreement reported"),
                did_you_mean(name, options),
            ));
            continue;
        }
        if let Some(e) = &o.excluded {
            if !matching
                .iter()
                .any(|d| d.spec.exclusions.iter().any(|x| x.id.value == **e))
            {
                errors.push(err(
                    &o.origin,
                    format!("exclusion `{e}` is not defined by the agreement the row counts for"),
                    did_you_mean(
                        e,
                        matching
                            .iter()
                            .flat_map(|d| d.spec.exclusions.iter().map(|x| x.id.value.as_str())),
                    ),
                ));
            }
        }
    }
    for t in data.tickets.iter() {
        let Some(scope) = scope(t.agreement(), &|| t.origin(), &mut errors) else {
            continue;
        };
        if let Some(s) = t.service() {
            if !scope
                .iter()
                .any(|d| d.spec.services.iter().any(|x| x.id.value == *s))
            {
                errors.push(err(
                    &t.origin(),
                    format!("service `{s}` is not in any agreement reported"),
                    did_you_mean(
                        s,
                        scope
                            .iter()
                            .flat_map(|d| d.spec.services.iter().map(|x| x.id.value.as_str())),
                    ),
                ));
            }
        }
    }
    for c in &data.counts {
        let Some(scope) = scope(c.agreement.as_deref(), &|| c.origin.clone(), &mut errors) else {
            continue;
        };
        if !scope
            .iter()
            .any(|d| d.spec.objective(&c.objective).is_some())
        {
            errors.push(err(
                &c.origin,
                format!(
                    "objective `{}` is not in any agreement reported",
                    c.objective
                ),
                did_you_mean(
                    &c.objective,
                    scope
                        .iter()
                        .flat_map(|d| d.spec.objectives.iter().map(|x| x.id.value.as_str())),
                ),
            ));
        }
    }
    for s in &data.series {
        let Some(scope) = scope(s.agreement.as_deref(), &|| s.origin.clone(), &mut errors) else {
            continue;
        };
        if !scope
            .iter()
            .any(|d| d.spec.objective(&s.objective).is_some())
        {
            errors.push(err(
                &s.origin,
                format!(
                    "objective `{}` is not in any agreement reported",
                    s.objective
                ),
                did_you_mean(
                    &s.objective,
                    scope
                        .iter()
                        .flat_map(|d| d.spec.objectives.iter().map(|x| x.id.value.as_str())),
                ),
            ));
        }
    }
    for f in &data.fees {
        let known = docs.iter().any(|d| {
            d.id.value == f.subject || d.spec.services.iter().any(|s| s.id.value == f.subject)
        });
        if !known {
            errors.push(err(
                &f.origin,
                format!(
                    "`{}` is neither an agreement nor a service of the documents reported",
                    f.subject
                ),
                did_you_mean(
                    &f.subject,
                    docs.iter().flat_map(|d| {
                        std::iter::once(d.id.value.as_str())
                            .chain(d.spec.services.iter().map(|s| s.id.value.as_str()))
                    }),
                ),
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        errors.sort_by(|a, b| a.origin.cmp(&b.origin));
        Err(errors)
    }
}

/// A key of the index: the agreement a row is limited to (`None`: every agreement) and what
/// it names.
type Key<'a> = (Option<&'a str>, &'a str);

/// The rows by the agreement they are limited to and what they name: an objective looks up
/// its own agreement's rows and the unlimited ones, never scanning other agreements' (a year
/// of a thousand agreements' tickets is a million rows).
struct Index<'a> {
    by_objective: Groups<'a>,
    by_service: Groups<'a>,
    tickets: Groups<'a>,
    counts: Groups<'a>,
    series: Groups<'a>,
}

/// Row numbers grouped by key: every row's number once, the rows of one key together in the
/// order read, and where each key's run is. Four bytes a row and no spare capacity (a million
/// tickets in lists of `usize` that grow by doubling held 12 MB; these hold 4).
struct Groups<'a> {
    rows: Vec<u32>,
    runs: HashMap<Key<'a>, (u32, u32)>,
}

impl<'a> Groups<'a> {
    /// Groups the rows by the key `keys` yields for each (`None`: not in this index), in
    /// order. Panics at `u32::MAX` rows or more: [`Agreements::new`] refuses more than
    /// [`ROWS_MAX`] rows of a kind before it builds the index (`check_sizes`).
    fn new<I: Iterator<Item = Option<Key<'a>>>>(keys: impl Fn() -> I) -> Groups<'a> {
        // Count each key's rows, give each key its run, then place each row in its key's run.
        let mut runs: HashMap<Key<'a>, (u32, u32)> = HashMap::new();
        for key in keys().flatten() {
            runs.entry(key).or_default().1 += 1;
        }
        let mut next = 0u32;
        for (start, len) in runs.values_mut() {
            *start = next;
            next += *len;
        }
        let mut fill: HashMap<Key<'a>, u32> = runs.iter().map(|(k, (s, _))| (*k, *s)).collect();
        let mut rows = vec![0u32; next as usize];
        for (i, key) in keys().enumerate() {
            let Some(key) = key else { continue };
            let at = fill.get_mut(&key).expect("every key was counted");
            rows[*at as usize] = u32::try_from(i).expect("fewer than u32::MAX rows");
            *at += 1;
        }
        Groups { rows, runs }
    }

    /// The rows of `key`, in the order read.
    fn get(&self, key: Key<'_>) -> &[u32] {
        self.runs.get(&key).map_or(&[], |(start, len)| {
            &self.rows[*start as usize..(*start + *len) as usize]
        })
    }
}

impl<'a> Index<'a> {
    fn new(data: &'a Data) -> Index<'a> {
        let outages = |objective: bool| {
            move || {
                data.outages
                    .iter()
                    .map(move |o| match (&o.subject, objective) {
                        (Subject::Objective(id), true) | (Subject::Service(id), false) => {
                            Some((o.agreement.as_deref(), &**id))
                        }
                        _ => None,
                    })
            }
        };
        Index {
            by_objective: Groups::new(outages(true)),
            by_service: Groups::new(outages(false)),
            tickets: Groups::new(|| {
                data.tickets
                    .iter()
                    .map(|t| Some((t.agreement(), t.severity())))
            }),
            counts: Groups::new(|| {
                data.counts
                    .iter()
                    .map(|c| Some((c.agreement.as_deref(), c.objective.as_str())))
            }),
            series: Groups::new(|| {
                data.series
                    .iter()
                    .map(|s| Some((s.agreement.as_deref(), s.objective.as_str())))
            }),
        }
    }

    /// The rows of `groups` for agreement `id` and `key`: its own, then the unlimited ones.
    fn rows(groups: &Groups<'a>, id: &str, key: &str) -> Vec<usize> {
        let own = groups.get((Some(id), key));
        own.iter()
            .chain(groups.get((None, key)))
            .map(|i| *i as usize)
            .collect()
    }
}

/// Which rows some window counted, so the others are listed as ignored.
struct Used {
    outages: Bits,
    tickets: Bits,
    counts: Bits,
}

/// One bit a row (a million tickets take 125 KB a worker, not 1 MB).
struct Bits(Vec<u64>);

impl Bits {
    fn new(len: usize) -> Bits {
        Bits(vec![0; len.div_ceil(64)])
    }

    fn set(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }

    fn get(&self, i: usize) -> bool {
        self.0[i / 64] & (1 << (i % 64)) != 0
    }
}

impl Used {
    fn new(data: &Data) -> Used {
        Used {
            outages: Bits::new(data.outages.len()),
            tickets: Bits::new(data.tickets.len()),
            counts: Bits::new(data.counts.len()),
        }
    }

    /// One entry per file and kind of row that no window counted: its count and first line
    /// (a year of data reported a month at a time would otherwise list every other row).
    fn unused(workers: &[Used], data: &Data) -> Vec<Ignored> {
        let counted = |pick: fn(&Used) -> &Bits, i: usize| workers.iter().any(|w| pick(w).get(i));
        let mut per: BTreeMap<(Arc<str>, &str), (u32, usize)> = BTreeMap::new();
        let mut note = |origin: &Origin, what: &'static str| {
            let e = per
                .entry((origin.file.clone(), what))
                .or_insert((origin.line, 0));
            e.0 = e.0.min(origin.line);
            e.1 += 1;
        };
        for (i, o) in data.outages.iter().enumerate() {
            if !counted(|w| &w.outages, i) {
                note(&o.origin, "outage");
            }
        }
        for (i, t) in data.tickets.iter().enumerate() {
            if !counted(|w| &w.tickets, i) {
                note(&t.origin(), "ticket");
            }
        }
        for (i, c) in data.counts.iter().enumerate() {
            if !counted(|w| &w.counts, i) {
                note(&c.origin, "count");
            }
        }
        per.into_iter()
            .map(|((file, what), (line, n))| Ignored {
                origin: Origin { file, line },
                reason: if n == 1 {
                    format!(
                        "1 {what} row of this file, at line {line}, counted in no window reported \
                         (no objective reported takes it, or it falls outside the period)"
                    )
                } else {
                    format!(
                        "{n} {what} rows of this file, the first at line {line}, counted in no \
                         window reported (no objective reported takes them, or they fall outside \
                         the period)"
                    )
                },
            })
            .collect()
    }
}

fn agreement(
    doc: &SlaDocument,
    data: &Data,
    index: &Index<'_>,
    request: &Request,
    used: &mut Used,
) -> outcome::Agreement {
    let spec = &doc.spec;
    let mut calendars = Calendars::new(doc);
    let objectives: Vec<outcome::Objective> = spec
        .objectives
        .iter()
        .map(|o| objective(doc, o, data, index, request, used, &mut calendars))
        .collect();
    let breaches = objectives
        .iter()
        .flat_map(|o| &o.windows)
        .filter(|w| w.met == Some(false))
        .count();
    let mut owed: BTreeMap<(String, Option<String>), Decimal> = BTreeMap::new();
    let mut earliest: Option<Date> = None;
    for o in &objectives {
        for w in &o.windows {
            let Some(c) = &w.credit else { continue };
            if c.amount > Decimal::ZERO {
                let window = (c.unit == "percent of the fee" || c.unit == "days of service")
                    .then(|| w.label.clone());
                *owed.entry((c.unit.clone(), window)).or_default() += c.amount;
            }
            if let Some((m, cur)) = &c.money {
                *owed.entry((cur.clone(), None)).or_default() += *m;
            }
            if let Some(d) = w.claim.as_ref().and_then(|c| c.deadline) {
                earliest = Some(earliest.map_or(d, |e| e.min(d)));
            }
        }
    }
    outcome::Agreement {
        id: doc.id.value.clone(),
        title: doc
            .title
            .as_ref()
            .map_or_else(|| doc.id.value.clone(), |t| t.value.clone()),
        file: doc.file.clone(),
        provider: spec.provider.name.value.clone(),
        customer: spec.customer.name.value.clone(),
        objectives,
        breaches,
        owed: owed
            .into_iter()
            .filter(|(_, a)| *a > Decimal::ZERO)
            .map(|((unit, window), amount)| Owed {
                unit,
                window,
                amount,
            })
            .collect(),
        earliest_claim: earliest,
    }
}

/// How an objective is measured.
enum How<'a> {
    Outages(Vec<usize>),
    Series(&'a Series),
    Tickets(Vec<usize>, Until, Decimal),
    Counts(Vec<(usize, &'a Count)>),
    None(String),
}

fn how<'a>(
    doc: &SlaDocument,
    o: &Objective,
    data: &'a Data,
    index: &Index<'a>,
    request: &Request,
    calendar: Option<&LocalCalendar>,
) -> How<'a> {
    let id = doc.id.value.as_str();
    if let Some(i) = Index::rows(&index.series, id, &o.id.value).first() {
        return How::Series(&data.series[*i]);
    }
    let indicator = o.indicator.value;
    match indicator {
        Indicator::Availability => {
            if !request.outages_given {
                return How::None(
                    "no incidents data was given (`--data` with an incidents file or a \
                     Statuspage export), and no series is bound to it"
                        .into(),
                );
            }
            let mut rows = Index::rows(&index.by_objective, id, &o.id.value);
            rows.extend(Index::rows(&index.by_service, id, &o.service.value));
            rows.sort_by_key(|i| data.outages[*i].start);
            How::Outages(rows)
        }
        Indicator::ResponseTime | Indicator::ResolutionTime => {
            let Some(severity) = &o.severity else {
                return How::None(
                    "a support objective without a `severity` takes no tickets".into(),
                );
            };
            if !request.tickets_given {
                return How::None("no tickets file was given (`--data`)".into());
            }
            let target = match (&o.target.value.quantity, calendar) {
                (Quantity::Duration(d), _) => d.millis() / Decimal::from(1000),
                (Quantity::Business(b), Some(cal)) => match business_minutes(*b, &cal.week) {
                    Some(m) => m * Decimal::from(60),
                    None => {
                        return How::None(format!(
                            "`{}` counts business days on a calendar whose days differ in length",
                            o.target.raw()
                        ));
                    }
                },
                _ => return How::None(format!("`{}` is not a duration", o.target.raw())),
            };
            let mut rows: Vec<usize> = Index::rows(&index.tickets, id, &severity.value)
                .into_iter()
                .filter(|i| {
                    data.tickets
                        .get(*i)
                        .service()
                        .is_none_or(|s| s == o.service.value)
                })
                .collect();
            rows.sort_by_key(|i| data.tickets.get(*i).opened());
            let until = if indicator == Indicator::ResponseTime {
                Until::Response
            } else {
                Until::Resolution
            };
            How::Tickets(rows, until, target)
        }
        Indicator::Ratio
        | Indicator::Satisfaction
        | Indicator::Count
        | Indicator::Throughput
        | Indicator::ErrorRate => {
            if !request.counts_given {
                return How::None("no counts file was given (`--data`)".into());
            }
            let rows = Index::rows(&index.counts, id, &o.id.value)
                .into_iter()
                .map(|i| (i, &data.counts[i]))
                .collect();
            How::Counts(rows)
        }
        Indicator::Latency | Indicator::Capacity | Indicator::Custom => How::None(format!(
            "a {} objective is measured only from a series in the bindings file",
            indicator.as_str()
        )),
    }
}

fn objective(
    doc: &SlaDocument,
    o: &Objective,
    data: &Data,
    index: &Index<'_>,
    request: &Request,
    used: &mut Used,
    calendars: &mut Calendars<'_>,
) -> outcome::Objective {
    let spec = &doc.spec;
    let hours = o.hours_id();
    let always = hours == crate::model::BUILTIN_24X7;
    let mut covered_time = calendars.get(hours);
    let calendar = covered_time.as_ref().map(|c| c.calendar().clone());
    let zone_name = if always {
        "UTC".to_string()
    } else {
        spec.calendar(hours)
            .map_or_else(String::new, |c| c.timezone.value.clone())
    };
    let name = |party: OwedBy| match party {
        OwedBy::Provider => ("provider".to_string(), spec.provider.name.value.clone()),
        OwedBy::Customer => ("customer".to_string(), spec.customer.name.value.clone()),
    };
    let owed_by = o.owed_by();
    let parties = Parties {
        owed_by: name(owed_by),
        owed_to: name(match owed_by {
            OwedBy::Provider => OwedBy::Customer,
            OwedBy::Customer => OwedBy::Provider,
        }),
    };
    let mut out = outcome::Objective {
        id: o.id.value.clone(),
        name: o
            .name
            .as_ref()
            .map_or_else(|| o.id.value.clone(), |n| n.value.clone()),
        service: o.service.value.clone(),
        indicator: o.indicator.value.as_str().to_string(),
        target: o.target.raw().to_string(),
        severity: o.severity.as_ref().map(|s| s.value.clone()),
        parties,
        calendar: hours.to_string(),
        zone: zone_name,
        window: o.window().label(),
        source: Source::Outages,
        windows: Vec::new(),
    };
    let (Some(calendar), Some(covered_time)) = (calendar, covered_time.as_mut()) else {
        out.source = Source::None {
            reason: format!("calendar `{hours}` has no IANA time zone the report can count in"),
        };
        return out;
    };
    let how = how(doc, o, data, index, request, Some(&calendar));
    out.source = match &how {
        How::Outages(_) => Source::Outages,
        How::Series(s) => Source::Series {
            query: s.source.clone(),
        },
        How::Tickets(..) => Source::Tickets,
        How::Counts(_) => Source::Counts,
        How::None(reason) => Source::None {
            reason: reason.clone(),
        },
    };
    let spans = match period::windows(o.window(), request.period) {
        Ok(s) => s,
        Err(reason) => {
            out.source = Source::None { reason };
            return out;
        }
    };
    for span in spans {
        let Some(Cut {
            from,
            to,
            start,
            end,
        }) = cut(spec, &calendar.zone, &span)
        else {
            continue;
        };
        let covered = covered_time.runs(start, end);
        let covered_s = intervals::length(&covered);
        let local_date = |t: i64| {
            Timestamp::from_second(t).ok().map(|ts| {
                let d = calendar.zone.to_datetime(ts).date();
                Date {
                    year: i32::from(d.year()),
                    month: d.month() as u32,
                    day: d.day() as u32,
                }
            })
        };
        let mut window = outcome::Window {
            label: span.label.clone(),
            from,
            to,
            partial: from != span.first || to != span.last,
            covered: covered_s,
            measured: Measured::NotMeasured,
            value: None,
            met: None,
            margin: None,
            budget: None,
            credit: None,
            claim: None,
        };
        let (s, e) = (start.as_second(), end.as_second());
        let mut basis = Basis {
            window_seconds: e - s,
            window_days: period::add_days(to, 1).days_since_epoch() - from.days_since_epoch(),
            ..Basis::default()
        };
        let mut first_bad: Option<i64> = None;
        let value: Option<Value>;
        let mut all_within = None;
        match &how {
            How::None(_) => value = None,
            How::Outages(rows) => {
                // Sorted by start: none after the window's end counts.
                let hi = rows.partition_point(|i| data.outages[*i].start.as_second() < e);
                let mut in_window: Vec<&Outage> = Vec::new();
                for &i in &rows[..hi] {
                    if data.outages[i].end.as_second() > s {
                        used.outages.set(i);
                        in_window.push(&data.outages[i]);
                    }
                }
                let listed: Vec<availability::Listed<'_>> = o
                    .exclusions
                    .iter()
                    .map(|x| {
                        let max = spec
                            .exclusions
                            .iter()
                            .find(|d| d.id.value == x.value)
                            .and_then(|d| d.max.as_ref())
                            .map(|m| seconds(m.value.millis()));
                        (x.value.as_str(), max)
                    })
                    .collect();
                let d = availability::from_outages(&covered, &in_window, &listed);
                if let Measured::Downtime { incidents, .. } = &d.measured {
                    basis.incidents = incidents.len();
                }
                basis.downtime = d.downtime;
                first_bad = d.first;
                window.budget = budget(o, d.measured_seconds, d.downtime);
                window.measured = d.measured;
                value = d.ratio.map(Value::Share);
            }
            How::Series(series) => {
                let d = availability::from_samples(&covered, series);
                basis.downtime = d.downtime;
                first_bad = d.first;
                window.budget = budget(o, d.measured_seconds, d.downtime);
                window.measured = d.measured;
                value = d.ratio.map(Value::Share);
            }
            How::Tickets(rows, until, target) => {
                let opened = |i: &usize| data.tickets.get(*i).opened();
                let lo = rows.partition_point(|i| opened(i) < s);
                let hi = rows.partition_point(|i| opened(i) < e);
                let in_window: Vec<TicketRef<'_>> = rows[lo..hi]
                    .iter()
                    .map(|i| {
                        used.tickets.set(*i);
                        data.tickets.get(*i)
                    })
                    .collect();
                let now = request.now.as_second();
                let end_of = |t: &TicketRef<'_>| match until {
                    Until::Response => t.first_response(),
                    Until::Resolution => t.resolved(),
                };
                let answered = in_window.iter().filter_map(end_of).max().unwrap_or(e);
                // Covered time is needed up to the last answer, and up to "now" (at most a
                // year past the window) only when a ticket is still unanswered.
                let open = in_window.iter().any(|t| end_of(t).is_none());
                let last = if open {
                    answered.max(now.min(e + 366 * 86_400))
                } else {
                    answered
                }
                .max(e);
                let empty = Elapsed::new(Vec::new());
                let elapsed = match Timestamp::from_second(last) {
                    Ok(l) => covered_time.elapsed(start, l),
                    Err(_) => &empty,
                };
                let c = tickets::count(
                    &in_window,
                    elapsed,
                    *until,
                    o.target.value.comparator,
                    *target,
                    now,
                );
                first_bad = c.first_breach;
                all_within = Some(c.all_within);
                window.measured = c.measured;
                value = c.ratio.map(Value::Share);
            }
            How::Counts(rows) => {
                let (mut good, mut total) = (Decimal::ZERO, Decimal::ZERO);
                for (i, c) in rows {
                    if c.window_start >= span.first && c.window_start <= span.last {
                        good += c.good;
                        total += c.total;
                        used.counts.set(*i);
                    }
                }
                window.measured = Measured::Counts { good, total };
                value = match (&o.target.value.quantity, o.indicator.value) {
                    (Quantity::Count(_), _) => Some(Value::Number(good)),
                    (_, _) if total.is_zero() => None,
                    (_, Indicator::ErrorRate) => Some(Value::Share(Ratio {
                        num: total - good,
                        den: total,
                    })),
                    _ => Some(Value::Share(Ratio {
                        num: good,
                        den: total,
                    })),
                };
            }
        }
        let credited = o.credited();
        if let Some(v) = value {
            window.value = Some(v.shown());
            window.met = match (all_within, &o.share) {
                // Tickets without a share: met when every counted ticket was in time.
                (Some(all), None) => Some(all),
                _ => v.holds(credited.value.comparator, &credited.value.quantity),
            };
            window.margin = v.minus(&credited.value.quantity);
            basis.fee = fee(data, doc, o, &span.label);
            window.credit = credits::credit(spec, o, v, &basis);
            let owed = window.credit.as_ref().is_some_and(|c| {
                c.amount > Decimal::ZERO || c.money.as_ref().is_some_and(|m| m.0 > Decimal::ZERO)
            });
            if owed {
                let incident = first_bad.and_then(local_date);
                window.claim = Some(match &spec.claims {
                    Some(cl) => claims::claim(cl, &calendar, always, to, incident),
                    None => outcome::Claim {
                        automatic: false,
                        anchor: to,
                        deadline: None,
                        rule: None,
                        via: None,
                        evidence: Vec::new(),
                    },
                });
            }
        }
        out.windows.push(window);
    }
    out
}

fn seconds(millis: Decimal) -> i64 {
    use rust_decimal::prelude::ToPrimitive;
    (millis / Decimal::from(1000))
        .floor()
        .to_i64()
        .unwrap_or(i64::MAX)
}

/// The error budget of a percent target over `measured` seconds.
fn budget(o: &Objective, measured: i64, used: i64) -> Option<Budget> {
    let Quantity::Percent(p) = &o.target.value.quantity else {
        return None;
    };
    Some(Budget {
        allowed: (Decimal::ONE_HUNDRED - p.value()) * Decimal::from(measured)
            / Decimal::ONE_HUNDRED,
        used,
    })
}

/// The fee of the window's billing period: the agreement's, else the service's.
fn fee(data: &Data, doc: &SlaDocument, o: &Objective, label: &str) -> Option<(Decimal, String)> {
    let find = |subject: &str| {
        data.fees
            .iter()
            .find(|f| f.subject == subject && f.period == label)
            .map(|f| (f.amount, f.currency.clone()))
    };
    find(&doc.id.value).or_else(|| find(&o.service.value))
}

/// The instants the windows of `o` cover in `period` (cut to the effective term), from the
/// first window's start to the last one's end: what to ask Prometheus for. `None` when the
/// objective has no window in the period or no zone to count in.
pub fn span(doc: &SlaDocument, o: &Objective, period: Period) -> Option<(Timestamp, Timestamp)> {
    let calendar = doc.spec.local_calendar(o.hours_id())?;
    period::windows(o.window(), period)
        .ok()?
        .iter()
        .filter_map(|span| cut(&doc.spec, &calendar.zone, span))
        .map(|c| (c.start, c.end))
        .reduce(|(a, b), (c, d)| (a.min(c), b.max(d)))
}

/// A window cut to the agreement's effective term (`report.md` 6): its local dates and the
/// instants it runs between in the calendar's zone.
struct Cut {
    from: Date,
    to: Date,
    start: Timestamp,
    end: Timestamp,
}

/// `span` cut to the effective term; `None` when it lies wholly outside it.
fn cut(spec: &crate::model::Spec, zone: &jiff::tz::TimeZone, span: &period::Span) -> Option<Cut> {
    let term_from = spec.effective_from.value;
    let term_to = spec.effective_until.as_ref().map(|u| u.value);
    if span.last < term_from || term_to.is_some_and(|u| span.first > u) {
        return None;
    }
    let from = span.first.max(term_from);
    let to = term_to.map_or(span.last, |u| span.last.min(u));
    Some(Cut {
        from,
        to,
        start: zone::start_of_day(zone, from)?,
        end: zone::start_of_day(zone, period::add_days(to, 1))?,
    })
}

#[cfg(test)]
mod tests {
    use super::{Bits, check_sizes};
    use crate::measure::data::{Data, Origin, Outage, Subject};

    #[test]
    fn more_rows_than_the_index_numbers_are_refused_at_the_first_one_past() {
        let mut data = Data::default();
        for line in 2..5 {
            data.outages.push(Outage {
                agreement: None,
                subject: Subject::Service("api".into()),
                start: "2026-11-03T14:05:00Z".parse().unwrap(),
                end: "2026-11-03T14:47:00Z".parse().unwrap(),
                excluded: None,
                note: None,
                origin: Origin {
                    file: "incidents.csv".into(),
                    line,
                },
            });
        }
        // Three rows (lines 2, 3, 4) fit a limit of three; with a limit of two, the third row
        // (index 2, line 4) is the first past it.
        assert!(check_sizes(&data, 3).is_ok());
        let errors = check_sizes(&data, 2).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].origin.to_string(), "incidents.csv:4");
        assert_eq!(
            errors[0].message,
            "3 outage rows were read, and a report counts at most 2 of them"
        );
    }

    #[test]
    fn bits_are_set_one_at_a_time_across_words() {
        // 130 rows take three 64-bit words: rows 0-63, 64-127, 128-129.
        let mut bits = Bits::new(130);
        assert_eq!(bits.0.len(), 3);
        for i in [0, 63, 64, 129] {
            bits.set(i);
        }
        let set: Vec<usize> = (0..130).filter(|&i| bits.get(i)).collect();
        assert_eq!(set, [0, 63, 64, 129]);
        assert_eq!(Bits::new(0).0.len(), 0);
        assert_eq!(Bits::new(64).0.len(), 1);
    }
}
