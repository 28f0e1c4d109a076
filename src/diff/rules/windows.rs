//! When an objective is measured: `window-weakened`, `window-strengthened`,
//! `hours-weakened`, `hours-strengthened`, `hours-changed`.
//!
//! Windows compare by length (calendar periods at their average length). Covered hours
//! compare as the minutes covered over time: a minute is covered when its place in the week
//! is and its date is not a holiday. Fewer covered minutes (a subset) weaken, more (a
//! superset) strengthen, and a calendar that gains some minutes and loses others is a change
//! a person must judge. A holiday on a day the calendar does not cover takes nothing away,
//! and a calendar rewritten to cover the same minutes is no change.
//!
//! An objective that names another calendar is judged on its own ([`compare`]); a calendar
//! that changed is judged once per document for all the objectives that use it
//! ([`calendars`]): one change to approve, one finding, with `objective: null`.

use std::collections::BTreeSet;

use rust_decimal::Decimal;

use crate::diagnostic::{Code, Diagnostic};
use crate::diff::{impact, matching};
use crate::model::quantity::fmt_decimal;
use crate::model::{Calendar, HolidayDate, SlaDocument, Spec, WeekMinutes, Weekday};
use crate::source::pointer::escape;

use super::documents::id_list;
use super::{Finding, Loc, Pair};

/// Docs of `window-weakened`.
pub const WINDOW_WEAKENED: &str = "\
## What it checks
An objective whose measurement window grew: `30d` to `90d`, `month` to `quarter`, `30d` to
`month` (calendar periods count at their average length: a month is 365.25/12 days).

## Why is this bad?
Over a longer window a bad week is averaged out by good ones, so the same target is easier to
meet, and an availability target allows more downtime in one stretch.

## Example
Before: `{target: \">= 99.9%\", window: month}`
After: `{target: \">= 99.9%\", window: quarter}`

Impact: `allowed downtime: 43m50s per month -> 2h11m29s per quarter`.
";

/// Docs of `window-strengthened`.
pub const WINDOW_STRENGTHENED: &str = "\
## What it checks
An objective whose measurement window shrank (`quarter` to `month`, `30d` to `7d`).

## Why is this bad?
It is not, for the customer: a short bad stretch now breaches the objective sooner.

## Example
Before: `window: quarter`
After: `window: month`
";

/// Docs of `hours-weakened`.
pub const HOURS_WEAKENED: &str = "\
## What it checks
Covered hours that shrank: an objective's `hours` changed to a calendar that covers a subset
of the old one's minutes (`24x7` to `business-hours`), or a calendar itself lost minutes
(`09:00`-`18:00` to `09:00`-`17:00`, a weekday dropped, a holiday on a day it covers). A
changed calendar is one finding for all the objectives that use it, with `objective: null`
and the objectives named in the message; a holiday on a day the calendar does not cover (a
Saturday of a Mon-Fri calendar) is no finding.

## Why is this bad?
Outside the covered hours nothing is measured: downtime at night or on a dropped weekday no
longer counts against the target. (The downtime an availability target allows within the
covered hours shrinks with them, which is why the impact shows the hours, not the downtime.)

## Example
Before: `hours: 24x7`
After: `hours: business-hours` (mon-fri 09:00-18:00)

Impact: `covered hours per week: 168h -> 45h (-123h)`; for a holiday added on a Thursday,
`holidays added: 2026-12-31 (-9h)`.
";

/// Docs of `hours-strengthened`.
pub const HOURS_STRENGTHENED: &str = "\
## What it checks
Covered hours that grew: a calendar that covers a superset of the old minutes, such as more
hours in the week or a holiday on a covered day removed.

## Why is this bad?
It is not, for the customer: more of the week counts against the target.

## Example
Before: `hours: business-hours`
After: `hours: 24x7`
";

/// Docs of `hours-changed`.
pub const HOURS_CHANGED: &str = "\
## What it checks
Covered hours that moved so that neither the old nor the new calendar contains the other
(mon-fri to tue-sat, 09-17 to 10-18, an hour more each day with a new holiday).

## Why is this bad?
Some hours are no longer covered and others are. Whether that is worse for the customer
depends on when they use the service, so a person must look.

## Example
Before: `days: [mon, tue, wed, thu, fri]`
After: `days: [tue, wed, thu, fri, sat]`
";

/// Window and, when it names another calendar, covered hours of a paired objective (a
/// calendar that changed under the same name is [`calendars`]'s).
pub(crate) fn compare(p: &Pair<'_>, out: &mut Vec<Diagnostic>) {
    window(p, out);
    hours(p, out);
}

fn window(p: &Pair<'_>, out: &mut Vec<Diagnostic>) {
    let (bw, hw) = (p.base.window(), p.head.window());
    let (bl, hl) = (bw.length(), hw.length());
    if bl == hl {
        return;
    }
    let id = &p.head.id.value;
    let (code, verb) = if hl > bl {
        (Code::WindowWeakened, "grew")
    } else {
        (Code::WindowStrengthened, "shrank")
    };
    let impact = if let (Some(b), Some(h)) = (
        impact::downtime(p.base, &p.base_doc.spec),
        impact::downtime(p.head, &p.head_doc.spec),
    ) {
        impact::downtime_change(&b, &h)
    } else {
        let (big, small) = if hl > bl { (hl, bl) } else { (bl, hl) };
        big.ratio(small).map(|r| {
            let word = if hl > bl { "longer" } else { "shorter" };
            format!(
                "window {bw} -> {hw}: {}x {word} ({})",
                impact::fmt_ratio(r),
                impact::signed(bl, hl)
            )
        })
    };
    p.finding(
        code,
        format!("{id} window {verb} from `{bw}` to `{hw}`"),
        "window",
        p.head.window.as_ref().map(|w| w.span),
        p.base.window.as_ref().map(|w| w.span),
    )
    .before(bw.to_string())
    .after(hw.to_string())
    .impact(impact)
    .emit(out);
}

/// How the head's covered time relates to the base's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Coverage {
    /// The same minutes.
    Same,
    /// A strict subset: fewer covered minutes.
    Less,
    /// A strict superset.
    More,
    /// Some minutes gained, some lost.
    Moved,
}

/// Compares two calendars as the minutes they cover over time: a minute is covered when
/// its place in the week is and its date is not a holiday. A holiday on a day the calendar
/// does not cover takes nothing away, so it changes nothing.
pub(crate) fn coverage(
    base: &WeekMinutes,
    head: &WeekMinutes,
    base_holidays: &BTreeSet<HolidayDate>,
    head_holidays: &BTreeSet<HolidayDate>,
) -> Coverage {
    match (
        within((head, head_holidays), (base, base_holidays)),
        within((base, base_holidays), (head, head_holidays)),
    ) {
        (true, true) => Coverage::Same,
        (true, false) => Coverage::Less,
        (false, true) => Coverage::More,
        (false, false) => Coverage::Moved,
    }
}

/// Whether every minute calendar `a` covers, `b` covers too. Holidays fall on some dates
/// only, so on the other dates the weeks decide (`a`'s week within `b`'s); and on a holiday
/// of `b` that `a` does not also keep, `a` must cover nothing of that day: for a date, its
/// weekday; for a yearly day, which falls on every weekday over the years, the whole week.
/// A holiday of `a` only takes from `a`.
fn within(
    (a_week, a_holidays): (&WeekMinutes, &BTreeSet<HolidayDate>),
    (b_week, b_holidays): (&WeekMinutes, &BTreeSet<HolidayDate>),
) -> bool {
    a_week.is_subset(b_week)
        && b_holidays
            .iter()
            .filter(|h| !kept_by(**h, a_holidays))
            .all(|h| takes(a_week, *h) == 0)
}

/// Whether `holidays` already keep every day `h` falls on (the same entry, or a date that a
/// yearly day of `holidays` covers).
fn kept_by(h: HolidayDate, holidays: &BTreeSet<HolidayDate>) -> bool {
    holidays.contains(&h)
        || matches!(h, HolidayDate::On(d) if holidays.iter().any(|k| k.falls_on(d)))
}

/// The covered minutes a holiday takes from `week` on a day it falls on: its weekday's for a
/// date, the most of any weekday's for a yearly day.
fn takes(week: &WeekMinutes, h: HolidayDate) -> u32 {
    match h {
        HolidayDate::On(d) => week.day_minutes(d.weekday()),
        HolidayDate::Every { .. } => Weekday::ALL
            .iter()
            .map(|d| week.day_minutes(*d))
            .max()
            .unwrap_or(0),
    }
}

/// Holidays, each with the covered minutes of its day (at most, for a yearly one).
type Dated = Vec<(HolidayDate, u32)>;

/// The holidays that change the covered time, with the minutes each takes away: the head's
/// new ones on days the head covers (added), the base's dropped ones on days the base covered
/// (removed).
pub(crate) fn holiday_changes(
    (base, base_holidays): (&WeekMinutes, &BTreeSet<HolidayDate>),
    (head, head_holidays): (&WeekMinutes, &BTreeSet<HolidayDate>),
) -> (Dated, Dated) {
    let taken = |week: &WeekMinutes, mine: &BTreeSet<HolidayDate>, other| {
        mine.iter()
            .filter(|h| !kept_by(**h, other))
            .map(|h| (*h, takes(week, *h)))
            .filter(|(_, m)| *m > 0)
            .collect::<Vec<_>>()
    };
    (
        taken(head, head_holidays, base_holidays),
        taken(base, base_holidays, head_holidays),
    )
}

/// The days a calendar's holidays fall on, as a set.
fn holiday_set(c: &Calendar) -> BTreeSet<HolidayDate> {
    c.holidays.iter().map(|h| h.when.value).collect()
}

fn calendar(spec: &Spec, id: &str) -> Option<(WeekMinutes, BTreeSet<HolidayDate>)> {
    let covered = spec.covered(id)?;
    let holidays = spec
        .calendars
        .iter()
        .find(|c| c.id.value == id)
        .map(holiday_set)
        .unwrap_or_default();
    Some((covered, holidays))
}

/// Whether two revisions of a calendar are written with the same days, times and holidays
/// (the common case, decided without building sets of minutes).
fn same_definition(base: &Spec, head: &Spec, id: &str) -> bool {
    match (base.calendar(id), head.calendar(id)) {
        (None, None) => true,
        (Some(b), Some(h)) => {
            let days = |c: &Calendar| c.days.value.iter().copied().collect::<BTreeSet<_>>();
            let holidays = holiday_set;
            b.from.value == h.from.value
                && b.to.value == h.to.value
                && days(b) == days(h)
                && holidays(b) == holidays(h)
        }
        _ => false,
    }
}

/// `12.5` for 750 minutes.
fn hours_of(minutes: u32) -> String {
    fmt_decimal((Decimal::from(minutes) / Decimal::from(60)).round_dp(2))
}

/// What a change of covered time amounts to: the weekly hours when they differ, and the
/// holidays that take (or no longer take) time away, by date.
fn impact_of(
    base: (&WeekMinutes, &BTreeSet<HolidayDate>),
    head: (&WeekMinutes, &BTreeSet<HolidayDate>),
) -> Option<String> {
    let (bhours, hhours) = (base.0.hours(), head.0.hours());
    let mut impacts = Vec::new();
    if bhours != hhours {
        let d = hhours - bhours;
        let sign = if d.is_sign_negative() { "-" } else { "+" };
        impacts.push(format!(
            "covered hours per week: {}h -> {}h ({sign}{}h)",
            fmt_decimal(bhours.round_dp(2)),
            fmt_decimal(hhours.round_dp(2)),
            fmt_decimal(d.abs().round_dp(2))
        ));
    }
    let (added, removed) = holiday_changes(base, head);
    let list = |days: &[(HolidayDate, u32)], sign: char| {
        let mut shown: Vec<String> = days
            .iter()
            .take(MAX_DATES)
            .map(|(d, m)| match d {
                HolidayDate::On(_) => format!("{d} ({sign}{}h)", hours_of(*m)),
                HolidayDate::Every { .. } => {
                    format!("{d} (up to {sign}{}h a year)", hours_of(*m))
                }
            })
            .collect();
        if days.len() > MAX_DATES {
            shown.push(format!("and {} more", days.len() - MAX_DATES));
        }
        shown.join(", ")
    };
    if !added.is_empty() {
        impacts.push(format!("holidays added: {}", list(&added, '-')));
    }
    if !removed.is_empty() {
        impacts.push(format!("holidays removed: {}", list(&removed, '+')));
    }
    (!impacts.is_empty()).then(|| impacts.join("; "))
}

/// At most this many holiday dates are listed in an impact.
const MAX_DATES: usize = 10;

/// The finding's code and verb for a change of covered time, `None` when the same minutes
/// are covered.
fn judged(relation: Coverage) -> Option<(Code, &'static str)> {
    match relation {
        Coverage::Same => None,
        Coverage::Less => Some((Code::HoursWeakened, "shrank")),
        Coverage::More => Some((Code::HoursStrengthened, "grew")),
        Coverage::Moved => Some((Code::HoursChanged, "moved")),
    }
}

/// An objective that now uses another calendar (`hours`), judged by the minutes the two
/// calendars cover. A calendar that changed under the same `hours` is [`calendars`]'s.
fn hours(p: &Pair<'_>, out: &mut Vec<Diagnostic>) {
    let (bid, hid) = (p.base.hours_id(), p.head.hours_id());
    if bid == hid {
        return;
    }
    // An unknown calendar is a lint error of its own; there is nothing to compare.
    let (Some((bw, bh)), Some((hw, hh))) = (
        calendar(&p.base_doc.spec, bid),
        calendar(&p.head_doc.spec, hid),
    ) else {
        return;
    };
    let Some((code, verb)) = judged(coverage(&bw, &hw, &bh, &hh)) else {
        return;
    };
    let id = &p.head.id.value;
    p.finding(
        code,
        format!("{id} covered hours {verb} from `{bid}` to `{hid}`"),
        "hours",
        p.head.hours.as_ref().map(|h| h.span),
        p.base.hours.as_ref().map(|h| h.span),
    )
    .before(describe(&p.base_doc.spec, bid))
    .after(describe(&p.head_doc.spec, hid))
    .impact(impact_of((&bw, &bh), (&hw, &hh)))
    .emit(out);
}

/// The calendars of two revisions of a document: one finding per calendar whose covered time
/// changed and that objectives use in both revisions, however many. The finding is about the
/// calendar, so it carries no objective (`objective: null`, like a document-level finding);
/// its message names the objectives that use it. A calendar no objective uses in both
/// revisions binds nothing and gives no finding (an objective that moved to another calendar
/// is judged by its own `hours` change).
pub(crate) fn calendars(base: &SlaDocument, head: &SlaDocument, out: &mut Vec<Diagnostic>) {
    let m = matching::by_key(&base.spec.calendars, &head.spec.calendars, |c| {
        c.id.value.as_str()
    });
    let changed: Vec<&str> = m
        .pairs
        .iter()
        .map(|(_, h)| h.id.value.as_str())
        .filter(|id| !same_definition(&base.spec, &head.spec, id))
        .collect();
    if changed.is_empty() {
        return;
    }
    let objectives = matching::objectives(&base.spec, &head.spec);
    for id in changed {
        let users: Vec<&str> = objectives
            .pairs
            .iter()
            .filter(|p| p.base.hours_id() == id && p.head.hours_id() == id)
            .map(|p| p.head.id.value.as_str())
            .collect();
        if users.is_empty() {
            continue;
        }
        calendar_finding(base, head, id, &users, out);
    }
}

/// The finding for calendar `id`, used by the objectives `users`, if it covers other minutes.
fn calendar_finding(
    base: &SlaDocument,
    head: &SlaDocument,
    id: &str,
    users: &[&str],
    out: &mut Vec<Diagnostic>,
) {
    let (Some((bw, bh)), Some((hw, hh))) = (calendar(&base.spec, id), calendar(&head.spec, id))
    else {
        return;
    };
    let Some((code, verb)) = judged(coverage(&bw, &hw, &bh, &hh)) else {
        return;
    };
    let loc = |doc: &SlaDocument| {
        let span = doc.spec.calendar(id).map_or(doc.id.span, |c| c.id.span);
        Loc::new(doc, span, format!("/spec/calendars/{}", escape(id)))
    };
    let whom = if users.len() == 1 {
        format!("objective {}", id_list(users.iter().copied(), MAX_DATES))
    } else {
        format!(
            "{} objectives: {}",
            users.len(),
            id_list(users.iter().copied(), MAX_DATES)
        )
    };
    Finding::new(
        code,
        format!("covered hours {verb}: calendar `{id}` changed, used by {whom}"),
    )
    .head(loc(head))
    .base(loc(base))
    .before(describe(&base.spec, id))
    .after(describe(&head.spec, id))
    .impact(impact_of((&bw, &bh), (&hw, &hh)))
    .emit(out);
}

/// `business-hours: mon-fri 09:00-18:00 Europe/Berlin, 2 holidays`.
fn describe(spec: &Spec, id: &str) -> String {
    let Some(c) = spec.calendars.iter().find(|c| c.id.value == id) else {
        return id.to_string();
    };
    let days: Vec<&str> = c.days.value.iter().map(|d| d.as_str()).collect();
    let holidays = match c.holidays.len() {
        0 => String::new(),
        1 => ", 1 holiday".into(),
        n => format!(", {n} holidays"),
    };
    format!(
        "{id}: {} {}-{} {}{holidays}",
        days.join(","),
        c.from.value,
        c.to.value,
        c.timezone.value
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::rules::text::tests::{both_ways, line, pairs};
    use crate::load::testing::{BASE, documents};
    use crate::model::Date;
    use crate::model::TimeOfDay;
    use crate::model::Weekday;

    fn week(days: &[Weekday], from: &str, to: &str) -> WeekMinutes {
        WeekMinutes::from_schedule(
            days,
            TimeOfDay::parse(from).unwrap(),
            TimeOfDay::parse(to).unwrap(),
        )
    }

    fn dates(ds: &[&str]) -> BTreeSet<HolidayDate> {
        ds.iter()
            .map(|d| match Date::parse(d) {
                Ok(date) => HolidayDate::On(date),
                Err(_) => HolidayDate::parse_yearly(d).unwrap(),
            })
            .collect()
    }

    #[test]
    fn coverage_compares_sets_of_minutes_and_holidays() {
        use Weekday::*;
        let none = dates(&[]);
        let nine_six = week(&[Mon, Tue, Wed, Thu, Fri], "09:00", "18:00");
        let nine_five = week(&[Mon, Tue, Wed, Thu, Fri], "09:00", "17:00");
        let tue_sat = week(&[Tue, Wed, Thu, Fri, Sat], "09:00", "18:00");
        let reordered = week(&[Fri, Thu, Wed, Tue, Mon], "09:00", "18:00");
        assert_eq!(
            coverage(&nine_six, &nine_five, &none, &none),
            Coverage::Less
        );
        assert_eq!(
            coverage(&nine_five, &nine_six, &none, &none),
            Coverage::More
        );
        assert_eq!(coverage(&nine_six, &tue_sat, &none, &none), Coverage::Moved);
        assert_eq!(
            coverage(&nine_six, &reordered, &none, &none),
            Coverage::Same
        );
        assert_eq!(
            coverage(&WeekMinutes::all(), &nine_six, &none, &none),
            Coverage::Less
        );
        let xmas = dates(&["2026-12-25"]);
        assert_eq!(coverage(&nine_six, &nine_six, &none, &xmas), Coverage::Less);
        assert_eq!(coverage(&nine_six, &nine_six, &xmas, &none), Coverage::More);
        assert_eq!(
            coverage(&nine_five, &nine_six, &none, &xmas),
            Coverage::Moved
        );
        assert_eq!(
            coverage(&nine_six, &nine_five, &none, &xmas),
            Coverage::Less
        );
        // 2026-12-26 is a Saturday: a Mon-Fri calendar covers none of it, so the holiday
        // takes nothing away; a Mon-Sat calendar loses that Saturday.
        let boxing_day = dates(&["2026-12-26"]);
        assert_eq!(
            coverage(&nine_six, &nine_six, &none, &boxing_day),
            Coverage::Same
        );
        let mon_sat = week(&[Mon, Tue, Wed, Thu, Fri, Sat], "09:00", "18:00");
        assert_eq!(
            coverage(&mon_sat, &mon_sat, &none, &boxing_day),
            Coverage::Less
        );
        // Mon-Sat with the Saturday off still covers every minute Mon-Fri does, and more
        // (the other Saturdays); dropping the Saturday and its holiday together is less.
        assert_eq!(
            coverage(&nine_six, &mon_sat, &none, &boxing_day),
            Coverage::More
        );
        assert_eq!(
            coverage(&mon_sat, &nine_six, &boxing_day, &none),
            Coverage::Less
        );
        // A week that grows by the very day a new holiday takes: Mon-Thu + Christmas (a
        // Friday) off vs Mon-Fri; the head covers more Fridays but not 2026-12-25.
        let mon_thu = week(&[Mon, Tue, Wed, Thu], "09:00", "18:00");
        assert_eq!(coverage(&mon_thu, &nine_six, &none, &xmas), Coverage::More);
        // An overnight calendar (Fri 22:00-06:00) covers Saturday's early hours: a Saturday
        // holiday takes them.
        let fri_night = week(&[Fri], "22:00", "06:00");
        assert_eq!(
            coverage(&fri_night, &fri_night, &none, &boxing_day),
            Coverage::Less
        );
    }

    #[test]
    fn yearly_holidays_take_a_day_every_year() {
        use Weekday::*;
        let none = dates(&[]);
        let nine_six = week(&[Mon, Tue, Wed, Thu, Fri], "09:00", "18:00");
        let every_xmas = dates(&["12-25"]);
        let xmas_2026 = dates(&["2026-12-25"]);
        // 12-25 falls on a covered weekday in most years: a yearly holiday takes time.
        assert_eq!(
            coverage(&nine_six, &nine_six, &none, &every_xmas),
            Coverage::Less
        );
        // Every year's Christmas off covers less than the 2026 one alone, and the other way.
        assert_eq!(
            coverage(&nine_six, &nine_six, &xmas_2026, &every_xmas),
            Coverage::Less
        );
        assert_eq!(
            coverage(&nine_six, &nine_six, &every_xmas, &xmas_2026),
            Coverage::More
        );
        // A date that the yearly holiday already keeps changes nothing.
        let both = dates(&["12-25", "2026-12-25"]);
        assert_eq!(
            coverage(&nine_six, &nine_six, &every_xmas, &both),
            Coverage::Same
        );
        // Added yearly: at most one covered day, 9 h (540 min), a year.
        let (added, removed) = holiday_changes((&nine_six, &none), (&nine_six, &every_xmas));
        assert_eq!(added, [(HolidayDate::Every { month: 12, day: 25 }, 540)]);
        assert!(removed.is_empty());
        // The 2026 date added beside the yearly day: kept already, listed nowhere.
        let (added, _) = holiday_changes((&nine_six, &every_xmas), (&nine_six, &both));
        assert!(added.is_empty());
    }

    #[test]
    fn holiday_changes_list_the_dates_that_take_time_away() {
        use Weekday::*;
        let nine_six = week(&[Mon, Tue, Wed, Thu, Fri], "09:00", "18:00");
        let (base, head) = (
            dates(&["2026-12-25", "2026-12-31"]),
            dates(&["2026-12-24", "2026-12-25", "2026-12-26"]),
        );
        // Added: 2026-12-24 (a Thursday, 9 h = 540 min) and 2026-12-26 (a Saturday, not
        // covered: left out). Removed: 2026-12-31 (a Thursday, 540 min).
        let (added, removed) = holiday_changes((&nine_six, &base), (&nine_six, &head));
        let day = |s: &str| HolidayDate::On(Date::parse(s).unwrap());
        assert_eq!(added, [(day("2026-12-24"), 540)]);
        assert_eq!(removed, [(day("2026-12-31"), 540)]);
    }

    /// The findings of [`compare`] for each pair of [`pairs`], from `base` to `head`.
    fn diff(base: &str, head: &str) -> Vec<String> {
        let docs = documents(&[("base.sla.yaml", base), ("head.sla.yaml", head)]);
        let mut out = Vec::new();
        calendars(&docs[0], &docs[1], &mut out);
        for pair in pairs(&docs[0], &docs[1]) {
            compare(&pair, &mut out);
        }
        out.iter().map(line).collect()
    }

    /// The messages of [`calendars`] from `base` to `head`, with each finding's objective.
    fn calendar_messages(base: &str, head: &str) -> Vec<(String, Option<String>)> {
        let docs = documents(&[("base.sla.yaml", base), ("head.sla.yaml", head)]);
        let mut out = Vec::new();
        calendars(&docs[0], &docs[1], &mut out);
        out.into_iter().map(|d| (d.message, d.objective)).collect()
    }

    #[test]
    fn a_longer_latency_window_weakens_by_its_ratio() {
        // 90d / 30d = 3, and 90d - 30d = 60d.
        both_ways(
            diff,
            BASE,
            &BASE.replace("window: 30d", "window: 90d"),
            &["window-weakened: 30d -> 90d: window 30d -> 90d: 3x longer (+60d)"],
            &["window-strengthened: 90d -> 30d: window 90d -> 30d: 3x shorter (-60d)"],
        );
    }

    #[test]
    fn a_longer_availability_window_allows_more_downtime_at_once() {
        let around_the_clock = |w: &str| {
            BASE.replace(
                "      hours: business-hours\n",
                &format!("      window: {w}\n"),
            )
        };
        // 0.1% of 30 days (43,200 minutes) is 43.2 minutes (43m12s); of 90 days (129,600
        // minutes) 129.6 minutes (2h9m36s).
        both_ways(
            diff,
            &around_the_clock("30d"),
            &around_the_clock("90d"),
            &["window-weakened: 30d -> 90d: allowed downtime: 43m12s per 30d -> 2h9m36s per 90d"],
            &[
                "window-strengthened: 90d -> 30d: allowed downtime: 2h9m36s per 90d -> 43m12s per 30d",
            ],
        );
    }

    #[test]
    fn a_shorter_calendar_weakens_the_hours_and_a_shifted_one_moves_them() {
        let until_five = BASE.replace("to: '18:00'", "to: '17:00'");
        // Five days of 09:00-18:00 are 45 hours a week; of 09:00-17:00, 40.
        both_ways(
            diff,
            BASE,
            &until_five,
            &[
                "hours-weakened: business-hours: mon,tue,wed,thu,fri 09:00-18:00 Europe/Berlin -> business-hours: mon,tue,wed,thu,fri 09:00-17:00 Europe/Berlin: covered hours per week: 45h -> 40h (-5h)",
            ],
            &[
                "hours-strengthened: business-hours: mon,tue,wed,thu,fri 09:00-17:00 Europe/Berlin -> business-hours: mon,tue,wed,thu,fri 09:00-18:00 Europe/Berlin: covered hours per week: 40h -> 45h (+5h)",
            ],
        );
        let tue_sat = BASE.replace("[mon, tue, wed, thu, fri]", "[tue, wed, thu, fri, sat]");
        assert_eq!(
            diff(BASE, &tue_sat),
            [
                "hours-changed: business-hours: mon,tue,wed,thu,fri 09:00-18:00 Europe/Berlin -> business-hours: tue,wed,thu,fri,sat 09:00-18:00 Europe/Berlin"
            ]
        );
    }

    #[test]
    fn a_holiday_on_a_covered_day_weakens_and_names_its_date() {
        let with =
            |h: &str| BASE.replace("to: '18:00'}", &format!("to: '18:00', holidays: [{h}]}}"));
        let (one, two) = (with("2026-12-25"), with("2026-12-25, 2026-12-24"));
        // 2026-12-24 is a Thursday: 09:00-18:00 is 9 h no longer covered.
        both_ways(
            diff,
            &one,
            &two,
            &[
                "hours-weakened: business-hours: mon,tue,wed,thu,fri 09:00-18:00 Europe/Berlin, 1 holiday -> business-hours: mon,tue,wed,thu,fri 09:00-18:00 Europe/Berlin, 2 holidays: holidays added: 2026-12-24 (-9h)",
            ],
            &[
                "hours-strengthened: business-hours: mon,tue,wed,thu,fri 09:00-18:00 Europe/Berlin, 2 holidays -> business-hours: mon,tue,wed,thu,fri 09:00-18:00 Europe/Berlin, 1 holiday: holidays removed: 2026-12-24 (+9h)",
            ],
        );
        assert_eq!(
            calendar_messages(&one, &two),
            [(
                "covered hours shrank: calendar `business-hours` changed, used by objective `availability`".to_string(),
                None
            )]
        );
    }

    #[test]
    fn a_holiday_on_a_day_the_calendar_does_not_cover_is_no_change() {
        // 2026-12-26 and 2026-12-27 are a Saturday and a Sunday; the calendar is Mon-Fri.
        let weekend = BASE.replace(
            "to: '18:00'}",
            "to: '18:00', holidays: [2026-12-26, 2026-12-27]}",
        );
        assert_ne!(weekend, BASE);
        both_ways(diff, BASE, &weekend, &[], &[]);
    }

    #[test]
    fn a_calendar_change_is_one_finding_for_all_objectives_that_use_it() {
        // Both objectives on business-hours; the calendar loses its last hour: 5 days x 1 h.
        let both = BASE.replace(
            "      window: 30d\n",
            "      window: 30d\n      hours: business-hours\n",
        );
        let shorter = both.replace("to: '18:00'", "to: '17:00'");
        assert_eq!(
            diff(&both, &shorter),
            [
                "hours-weakened: business-hours: mon,tue,wed,thu,fri 09:00-18:00 Europe/Berlin -> business-hours: mon,tue,wed,thu,fri 09:00-17:00 Europe/Berlin: covered hours per week: 45h -> 40h (-5h)"
            ]
        );
        assert_eq!(
            calendar_messages(&both, &shorter),
            [(
                "covered hours shrank: calendar `business-hours` changed, used by 2 objectives: `availability`, `latency`".to_string(),
                None
            )]
        );
        // No objective uses the calendar in both revisions: it binds nothing.
        let unused = BASE.replace("      hours: business-hours\n", "");
        let unused_shorter = unused.replace("to: '18:00'", "to: '17:00'");
        assert_eq!(diff(&unused, &unused_shorter), Vec::<String>::new());
    }

    #[test]
    fn another_calendar_with_the_same_minutes_is_no_change() {
        // Every day from 06:00 to 06:00 the next day covers the whole week, like 24x7.
        let always = BASE
            .replace(
                "  calendars:\n",
                "  calendars:\n    always: {timezone: UTC, days: [mon, tue, wed, thu, fri, sat, sun], from: '06:00', to: '06:00'}\n",
            )
            .replace("      window: 30d\n", "      window: 30d\n      hours: always\n");
        let midnight = always.replace("from: '06:00', to: '06:00'", "from: '00:00', to: '24:00'");
        assert!(always.contains("hours: always") && midnight.contains("'24:00'"));
        // The latency objective moved from 24x7 to `always`, and `always` was rewritten:
        // both cover every minute of the week.
        both_ways(diff, BASE, &always, &[], &[]);
        both_ways(diff, &always, &midnight, &[], &[]);
    }

    #[test]
    fn the_same_hours_and_windows_written_differently_are_no_change() {
        let head = BASE
            .replace("[mon, tue, wed, thu, fri]", "[fri, thu, wed, tue, mon]")
            .replace("from: '09:00'", "from: \"09:00\"")
            .replace(
                "      hours: business-hours\n",
                "      hours: business-hours\n      window: month\n",
            );
        // The edits took: a silent miss would compare a document with itself.
        for edit in ["[fri, thu", "\"09:00\"", "window: month"] {
            assert!(head.contains(edit), "{edit}");
        }
        both_ways(diff, BASE, &head, &[], &[]);
    }
}
