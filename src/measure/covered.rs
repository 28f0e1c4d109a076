//! The covered time of an agreement's calendars, worked out once per calendar and shared by
//! every window and objective that counts in it.
//!
//! A year of a thousand agreements is some 60,000 windows, and a ticket window needs covered
//! time up to a year past its end when a ticket is still open; walking the calendar's days
//! again for each (local midnights, holidays, daylight saving) was most of the report's time.
//! [`Covered`] keeps the covered runs of the span asked so far, grows it at either end when a
//! window asks for more, and cuts each window's runs out of it. Cut or grown, the runs are the
//! ones [`zone::covered_runs`] gives for the same span: maximal, touching runs merged.

use std::collections::HashMap;

use jiff::Timestamp;

use super::intervals::Set;
use super::tickets::Elapsed;
use crate::model::SlaDocument;
use crate::model::zone::{self, LocalCalendar};

/// One calendar's covered runs over the span asked so far.
pub struct Covered {
    calendar: LocalCalendar,
    /// The span worked out, `[from, to)`; `None` before the first ask.
    span: Option<(Timestamp, Timestamp)>,
    /// Its runs, with prefix sums for covered time between instants.
    elapsed: Elapsed,
}

impl Covered {
    /// Nothing worked out yet.
    pub fn new(calendar: LocalCalendar) -> Covered {
        Covered {
            calendar,
            span: None,
            elapsed: Elapsed::new(Vec::new()),
        }
    }

    /// The calendar.
    pub fn calendar(&self) -> &LocalCalendar {
        &self.calendar
    }

    /// Makes sure `[start, end)` is worked out.
    fn grow(&mut self, start: Timestamp, end: Timestamp) {
        if end <= start {
            return;
        }
        let Some((from, to)) = self.span else {
            self.elapsed = Elapsed::new(zone::covered_runs(&self.calendar, start, end));
            self.span = Some((start, end));
            return;
        };
        if start >= from && end <= to {
            return;
        }
        let mut runs: Set = if start < from {
            zone::covered_runs(&self.calendar, start, from)
        } else {
            Vec::new()
        };
        join(&mut runs, self.elapsed.runs());
        if end > to {
            join(&mut runs, &zone::covered_runs(&self.calendar, to, end));
        }
        self.elapsed = Elapsed::new(runs);
        self.span = Some((start.min(from), end.max(to)));
    }

    /// The covered runs in `[start, end)`.
    pub fn runs(&mut self, start: Timestamp, end: Timestamp) -> Set {
        if end <= start {
            return Vec::new();
        }
        self.grow(start, end);
        let (s, e) = (start.as_second(), end.as_second());
        let runs = self.elapsed.runs();
        let lo = runs.partition_point(|(_, b)| *b <= s);
        let hi = runs.partition_point(|(a, _)| *a < e);
        runs[lo..hi.max(lo)]
            .iter()
            .map(|&(a, b)| (a.max(s), b.min(e)))
            .filter(|(a, b)| b > a)
            .collect()
    }

    /// Covered time between any two instants of `[start, end)`.
    pub fn elapsed(&mut self, start: Timestamp, end: Timestamp) -> &Elapsed {
        self.grow(start, end);
        &self.elapsed
    }
}

/// Appends `more` (all after `runs`) to `runs`, merging a run that touches the last one.
fn join(runs: &mut Set, more: &[(i64, i64)]) {
    for &(a, b) in more {
        match runs.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => runs.push((a, b)),
        }
    }
}

/// The calendars of one agreement, each worked out once, by the id objectives name.
pub struct Calendars<'a> {
    doc: &'a SlaDocument,
    by_id: HashMap<String, Option<Covered>>,
}

impl<'a> Calendars<'a> {
    /// None worked out yet.
    pub fn new(doc: &'a SlaDocument) -> Calendars<'a> {
        Calendars {
            doc,
            by_id: HashMap::new(),
        }
    }

    /// The calendar `id` (or the built-in `24x7`); `None` when it has no zone the report can
    /// count in.
    pub fn get(&mut self, id: &str) -> Option<&mut Covered> {
        let doc = self.doc;
        self.by_id
            .entry(id.to_owned())
            .or_insert_with(|| doc.spec.local_calendar(id).map(Covered::new))
            .as_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::calendar::WeekMinutes;

    /// Europe/Berlin, Monday to Friday 09:00-17:00, no holidays.
    fn office() -> LocalCalendar {
        use crate::model::calendar::Weekday::{Fri, Mon, Thu, Tue, Wed};
        use crate::model::time::TimeOfDay;
        let week = WeekMinutes::from_schedule(
            &[Mon, Tue, Wed, Thu, Fri],
            TimeOfDay(9 * 60),
            TimeOfDay(17 * 60),
        );
        LocalCalendar {
            zone: jiff::tz::TimeZone::get("Europe/Berlin").unwrap(),
            week,
            holidays: Vec::new(),
        }
    }

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn grown_and_cut_runs_are_the_runs_of_the_span() {
        let cal = office();
        let mut c = Covered::new(cal.clone());
        // Asked out of order: October, then a span from September into the DST change, then
        // November, then a span inside what is known.
        let asks = [
            ("2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z"),
            ("2026-09-15T10:30:00Z", "2026-10-26T12:00:00Z"),
            ("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z"),
            ("2026-10-23T14:00:00Z", "2026-10-27T08:30:00Z"),
        ];
        for (a, b) in asks {
            let (a, b) = (ts(a), ts(b));
            assert_eq!(c.runs(a, b), zone::covered_runs(&cal, a, b), "{a}..{b}");
        }
        // Friday 23 October 16:00 CEST (14:00Z) to Monday 26 October 10:00 CET (09:00Z): one
        // hour on Friday, one on Monday (09:00-10:00 CET).
        let e = c.elapsed(ts("2026-10-01T00:00:00Z"), ts("2026-12-01T00:00:00Z"));
        assert_eq!(
            e.between(
                ts("2026-10-23T14:00:00Z").as_second(),
                ts("2026-10-26T09:00:00Z").as_second()
            ),
            2 * 3600
        );
    }

    #[test]
    fn an_always_calendar_is_one_run_however_it_grows() {
        let mut c = Covered::new(LocalCalendar::always());
        let (a, b, z) = (
            ts("2026-01-01T00:00:00Z"),
            ts("2026-02-01T00:00:00Z"),
            ts("2026-03-01T00:00:00Z"),
        );
        c.runs(b, z);
        assert_eq!(c.runs(a, z), vec![(a.as_second(), z.as_second())]);
        assert_eq!(c.elapsed(a, z).runs().len(), 1);
    }
}
