//! Time zones and covered time between real instants.
//!
//! A calendar keeps time in an IANA zone (`Europe/Berlin`), checked against the tz database
//! bundled with jiff (so a result never depends on the machine's `/usr/share/zoneinfo`).
//! Abbreviations (`EST`, `ET`, `CET`) and legacy aliases without an area (`Japan`) are not
//! zones: they are refused with the zone most likely meant.
//!
//! [`covered_between`] counts a calendar's covered time between two instants in the
//! calendar's zone, daylight saving included: the local day of a spring-forward change has 23
//! hours, so a 24x7 calendar covers 23 h of it.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;

use super::calendar::{HolidayDate, WeekMinutes};
use super::quantity::QuantityError;
use super::time::Date;

/// Abbreviations people write for a zone, each with the zone most likely meant.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("EST", "America/New_York"),
    ("EDT", "America/New_York"),
    ("ET", "America/New_York"),
    ("EST5EDT", "America/New_York"),
    ("CST", "America/Chicago"),
    ("CDT", "America/Chicago"),
    ("CT", "America/Chicago"),
    ("CST6CDT", "America/Chicago"),
    ("MST", "America/Denver"),
    ("MDT", "America/Denver"),
    ("MT", "America/Denver"),
    ("MST7MDT", "America/Denver"),
    ("PST", "America/Los_Angeles"),
    ("PDT", "America/Los_Angeles"),
    ("PT", "America/Los_Angeles"),
    ("PST8PDT", "America/Los_Angeles"),
    ("CET", "Europe/Berlin"),
    ("CEST", "Europe/Berlin"),
    ("MET", "Europe/Berlin"),
    ("EET", "Europe/Athens"),
    ("WET", "Europe/Lisbon"),
    ("BST", "Europe/London"),
    ("GMT", "UTC"),
    ("Z", "UTC"),
    ("IST", "Asia/Kolkata"),
    ("JST", "Asia/Tokyo"),
    ("AEST", "Australia/Sydney"),
    ("AEDT", "Australia/Sydney"),
];

/// The zone names of the bundled database that a calendar may use: `Area/Location` names
/// and `UTC`.
fn zone_names() -> &'static BTreeSet<String> {
    static NAMES: OnceLock<BTreeSet<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        jiff::tz::db()
            .available()
            .map(|n| n.as_str().to_owned())
            .filter(|n| n == "UTC" || (n.contains('/') && !n.starts_with("Etc/")))
            .collect()
    })
}

/// Checks that `name` is an IANA zone, exactly as the database spells it. The error says
/// which zone was likely meant.
pub fn check_zone(name: &str) -> Result<(), QuantityError> {
    let names = zone_names();
    if names.contains(name) {
        return Ok(());
    }
    let message = format!("`{name}` is not an IANA time zone");
    let upper = name.to_ascii_uppercase();
    if let Some((_, zone)) = ABBREVIATIONS.iter().find(|(a, _)| *a == upper) {
        return Err(QuantityError::new(
            message,
            format!(
                "did you mean `{zone}`? `{name}` is an abbreviation, not a zone: a zone is a \
                 place (`Area/City`) whose rules include daylight saving"
            ),
        ));
    }
    if let Some(exact) = names.iter().find(|n| n.eq_ignore_ascii_case(name)) {
        return Err(QuantityError::new(
            message,
            format!("did you mean `{exact}`? zone names are case-sensitive"),
        ));
    }
    let list: Vec<&str> = names.iter().map(String::as_str).collect();
    let limit = name.chars().count().max(3) / 4 + 1;
    let help = match crate::text::closest(name, &list, |_| limit) {
        Some(near) => format!("did you mean `{near}`?"),
        None if !name.contains('/') => "an abbreviation or alias is not a zone: write the \
             `Area/City` of the tz database, such as `Europe/Berlin` or `America/New_York`, \
             or `UTC`"
            .into(),
        None => "write a zone of the tz database, such as `Europe/Berlin`, \
                 `America/New_York` or `UTC`"
            .into(),
    };
    Err(QuantityError::new(message, help))
}

/// A calendar as the covered minutes of each local date: the week's minutes, except on
/// holidays.
#[derive(Debug, Clone)]
pub struct LocalCalendar {
    /// The zone local time is kept in.
    pub zone: TimeZone,
    /// The covered minutes of the week, in local time.
    pub week: WeekMinutes,
    /// The days that are not covered.
    pub holidays: Vec<HolidayDate>,
}

impl LocalCalendar {
    /// Every minute, in UTC: the built-in `24x7`.
    pub fn always() -> LocalCalendar {
        LocalCalendar {
            zone: TimeZone::UTC,
            week: WeekMinutes::all(),
            holidays: Vec::new(),
        }
    }

    /// Whether `date` is a holiday.
    pub fn is_holiday(&self, date: Date) -> bool {
        self.holidays.iter().any(|h| h.falls_on(date))
    }

    /// The covered runs of local date `day` as instants, earliest first.
    fn runs(&self, day: jiff::civil::Date) -> Vec<(Timestamp, Timestamp)> {
        let date = Date {
            year: i32::from(day.year()),
            month: day.month() as u32,
            day: day.day() as u32,
        };
        if self.is_holiday(date) {
            return Vec::new();
        }
        self.week
            .day_runs(date.weekday())
            .into_iter()
            .filter_map(|(from, to)| Some((instant(self, day, from)?, instant(self, day, to)?)))
            .collect()
    }
}

/// The first local date of the span [`covers_all`] checks, and how many days it runs: two
/// whole years, each daylight-saving change of both included, and every weekday of every
/// yearly holiday's day at least once in most zones' rules.
const SAMPLE_FROM: (i16, i8, i8) = (2026, 1, 1);
const SAMPLE_DAYS: i32 = 2 * 366 + 7;

/// Whether `outer` covers every instant `inner` covers, judged on real dates in each
/// calendar's own zone: over a sample of two years from 2026 (with their daylight-saving
/// changes) and on each of `dates` (the dated holidays of either calendar).
pub fn covers_all(outer: &LocalCalendar, inner: &LocalCalendar, dates: &[Date]) -> bool {
    covers_locally(outer, inner) || walk(outer, inner, dates)
}

/// [`covers_all`] the long way: every covered run of `inner` over the sample of real dates
/// and on `dates`, as instants, must be covered time of `outer`.
fn walk(outer: &LocalCalendar, inner: &LocalCalendar, dates: &[Date]) -> bool {
    let Ok(first) = jiff::civil::Date::new(SAMPLE_FROM.0, SAMPLE_FROM.1, SAMPLE_FROM.2) else {
        return false;
    };
    let sample = (0..SAMPLE_DAYS).filter_map(|i| first.checked_add(jiff::Span::new().days(i)).ok());
    let extra = dates.iter().flat_map(|d| {
        let civil = jiff::civil::Date::new(d.year as i16, d.month as i8, d.day as i8).ok();
        // The day before too: an overnight run of that day reaches into the date.
        civil
            .into_iter()
            .flat_map(|c| [c.yesterday().ok(), Some(c)])
            .flatten()
    });
    sample.chain(extra).all(|day| {
        inner
            .runs(day)
            .into_iter()
            .all(|(a, b)| covered_between(outer, a, b) == b.as_second() - a.as_second())
    })
}

/// A proof of [`covers_all`] without real dates: an `outer` that covers every minute covers
/// everything; for calendars in one zone, local minute `m`
/// of local date `d` is the same instant in both, so if `outer` covers every local minute of
/// every weekday that `inner` does, and every holiday of `outer` is one of `inner`'s (or falls
/// where `inner` covers nothing), every instant `inner` covers is covered. `false` proves
/// nothing (a minute that daylight saving skips is no time in either, which only the walk over
/// real dates sees), so the caller then walks the dates. This keeps the walk, two years of
/// days in a time zone, off the common case: an OLA in its SLA's zone (on the 10,000-file
/// benchmark, full validation took 20 s with the walk alone and about 1 s with this first).
fn covers_locally(outer: &LocalCalendar, inner: &LocalCalendar) -> bool {
    // Every minute of every day, in any zone (`24x7`): it covers whatever `inner` covers.
    if outer.holidays.is_empty() && outer.week == WeekMinutes::all() {
        return true;
    }
    if outer.zone != inner.zone || !inner.week.is_subset(&outer.week) {
        return false;
    }
    outer.holidays.iter().all(|h| {
        inner.holidays.contains(h)
            || match h {
                HolidayDate::On(d) => inner.week.day_minutes(d.weekday()) == 0,
                // Falls on every weekday over the years.
                HolidayDate::Every { .. } => inner.week.count() == 0,
            }
    })
}

/// Loads the zone `name` from the bundled database.
pub fn zone(name: &str) -> Option<TimeZone> {
    check_zone(name).ok()?;
    jiff::tz::db().get(name).ok()
}

/// The covered time of `cal` in `[start, end)`, in seconds: each local date's covered runs of
/// minutes become real instants in the calendar's zone, so a day of a daylight-saving change
/// counts its real length (a local time skipped by the change is no time at all, one repeated
/// counts twice).
pub fn covered_between(cal: &LocalCalendar, start: Timestamp, end: Timestamp) -> i64 {
    if end <= start {
        return 0;
    }
    let local = |t: Timestamp| cal.zone.to_datetime(t).date();
    // A day before and after: an overnight run and a zone offset may reach across dates.
    let (Ok(first), Ok(last)) = (local(start).yesterday(), local(end).tomorrow()) else {
        return 0;
    };
    let mut total = 0;
    let mut day = first;
    while day <= last {
        for (a, b) in cal.runs(day) {
            let (a, b) = (a.max(start), b.min(end));
            if b > a {
                total += b.as_second() - a.as_second();
            }
        }
        let Ok(next) = day.tomorrow() else { break };
        day = next;
    }
    total
}

/// The covered runs of `cal` in `[start, end)` as half-open intervals of unix seconds,
/// earliest first, touching runs merged (midnight to midnight on consecutive days is one
/// run). The same instants [`covered_between`] counts: their lengths sum to it.
pub fn covered_runs(cal: &LocalCalendar, start: Timestamp, end: Timestamp) -> Vec<(i64, i64)> {
    let mut out: Vec<(i64, i64)> = Vec::new();
    if end <= start {
        return out;
    }
    // Every minute of every day, in any zone: every instant.
    if cal.holidays.is_empty() && cal.week == WeekMinutes::all() {
        out.push((start.as_second(), end.as_second()));
        return out;
    }
    let local = |t: Timestamp| cal.zone.to_datetime(t).date();
    let (Ok(first), Ok(last)) = (local(start).yesterday(), local(end).tomorrow()) else {
        return out;
    };
    let mut day = first;
    while day <= last {
        for (a, b) in cal.runs(day) {
            let (a, b) = (a.max(start).as_second(), b.min(end).as_second());
            if b <= a {
                continue;
            }
            match out.last_mut() {
                Some(last) if a <= last.1 => last.1 = last.1.max(b),
                _ => out.push((a, b)),
            }
        }
        let Ok(next) = day.tomorrow() else { break };
        day = next;
    }
    out
}

/// The instant local date `day` starts in `zone` (its first moment: midnight, or the end of
/// a gap that skips midnight).
pub fn start_of_day(zone: &TimeZone, day: Date) -> Option<Timestamp> {
    let civil = jiff::civil::Date::new(day.year as i16, day.month as i8, day.day as i8).ok()?;
    let cal = LocalCalendar {
        zone: zone.clone(),
        week: WeekMinutes::all(),
        holidays: Vec::new(),
    };
    instant(&cal, civil, 0)
}

/// The instant of local minute `minute` (0 to 1440) of `day` in the calendar's zone; a local
/// time skipped by a change maps to the instant the change happened.
fn instant(cal: &LocalCalendar, day: jiff::civil::Date, minute: u32) -> Option<Timestamp> {
    let midnight: DateTime = day.to_datetime(jiff::civil::Time::midnight());
    let dt = midnight
        .checked_add(jiff::SignedDuration::from_mins(i64::from(minute)))
        .ok()?;
    let ambiguous = cal.zone.to_ambiguous_timestamp(dt);
    match ambiguous.offset() {
        // Skipped local times (spring forward) all mean the moment of the change.
        jiff::tz::AmbiguousOffset::Gap { before, .. } => before.to_timestamp(dt).ok(),
        _ => ambiguous.compatible().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Weekday;
    use crate::model::time::TimeOfDay;

    fn help(name: &str) -> String {
        check_zone(name).unwrap_err().help
    }

    #[test]
    fn the_local_proof_never_claims_what_the_walk_denies() {
        let office = WeekMinutes::from_schedule(
            &[
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
            TimeOfDay::parse("09:00").unwrap(),
            TimeOfDay::parse("17:00").unwrap(),
        );
        let night = WeekMinutes::from_schedule(
            &[Weekday::Sun],
            TimeOfDay::parse("01:00").unwrap(),
            TimeOfDay::parse("04:00").unwrap(),
        );
        let cal = |zone: &str, week: &WeekMinutes, holidays: Vec<HolidayDate>| LocalCalendar {
            zone: super::zone(zone).unwrap(),
            week: week.clone(),
            holidays,
        };
        let christmas = HolidayDate::Every { month: 12, day: 25 };
        let calendars = [
            LocalCalendar::always(),
            cal("Europe/Berlin", &office, vec![]),
            cal("Europe/Berlin", &office, vec![christmas]),
            cal("Europe/Berlin", &WeekMinutes::all(), vec![]),
            cal("Europe/Berlin", &night, vec![]),
            cal("America/New_York", &office, vec![]),
            cal("UTC", &office, vec![]),
        ];
        let mut proved = 0;
        for outer in &calendars {
            for inner in &calendars {
                if covers_locally(outer, inner) {
                    proved += 1;
                    assert!(walk(outer, inner, &[]), "{outer:?} covers {inner:?}");
                }
            }
        }
        // By hand: `always` and Berlin all-week (every minute, no holiday: any zone) cover all
        // 7 each; Berlin office covers itself and office-with-Christmas (2);
        // office-with-Christmas only itself (Christmas may fall on a weekday office covers);
        // the night, New York and UTC only themselves (3). 7 + 7 + 2 + 1 + 3 = 20.
        assert_eq!(proved, 20);
    }

    #[test]
    fn real_zones_pass_and_typos_suggest_the_zone() {
        assert!(check_zone("Europe/Berlin").is_ok());
        assert!(check_zone("America/New_York").is_ok());
        assert!(check_zone("UTC").is_ok());
        let e = check_zone("Europe/Berln").unwrap_err();
        assert_eq!(e.message, "`Europe/Berln` is not an IANA time zone");
        assert_eq!(e.help, "did you mean `Europe/Berlin`?");
        assert_eq!(
            help("europe/berlin"),
            "did you mean `Europe/Berlin`? zone names are case-sensitive"
        );
    }

    #[test]
    fn abbreviations_are_not_zones() {
        for abbreviation in ["EST", "ET", "est"] {
            let h = help(abbreviation);
            assert!(h.starts_with("did you mean `America/New_York`?"), "{h}");
            assert!(h.contains("is an abbreviation, not a zone"), "{h}");
        }
        // In the database as legacy names, but not places: refused too.
        assert!(check_zone("CET").is_err());
        assert!(check_zone("Japan").is_err());
        assert!(help("Nowhere").contains("an abbreviation or alias is not a zone"));
    }

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn berlin(week: &WeekMinutes, holidays: &[HolidayDate]) -> LocalCalendar {
        LocalCalendar {
            zone: zone("Europe/Berlin").unwrap(),
            week: week.clone(),
            holidays: holidays.to_vec(),
        }
    }

    fn covered_hours(week: &WeekMinutes, start: &str, end: &str) -> i64 {
        let cal = berlin(week, &[]);
        covered_between(&cal, ts(start), ts(end))
    }

    /// Monday to Friday.
    const WEEKDAYS: &[Weekday] = Weekday::ALL.split_at(5).0;

    #[test]
    fn a_spring_forward_day_has_23_hours_and_business_hours_keep_45() {
        let t = |s| TimeOfDay::parse(s).unwrap();
        let all = WeekMinutes::all();
        // Berlin moves from 02:00 CET to 03:00 CEST on Sunday 2026-03-29. That local day runs
        // from 2026-03-28T23:00Z (00:00 CET) to 2026-03-29T22:00Z (00:00 CEST): 23 h.
        assert_eq!(
            covered_hours(&all, "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z"),
            23 * 3600
        );
        // The local week Mon 2026-03-23 00:00 CET (22T23:00Z) to Mon 2026-03-30 00:00 CEST
        // (29T22:00Z) is 167 h of real time; Mon-Fri 09:00-18:00 covers 5 x 9 h = 45 h of it,
        // the change falling on a Sunday.
        let office = WeekMinutes::from_schedule(WEEKDAYS, t("09:00"), t("18:00"));
        let (mon, next_mon) = ("2026-03-22T23:00:00Z", "2026-03-29T22:00:00Z");
        assert_eq!(covered_hours(&all, mon, next_mon), 167 * 3600);
        assert_eq!(covered_hours(&office, mon, next_mon), 45 * 3600);
        // Fall back on Sunday 2026-10-25: that local day is 25 h (24T22:00Z to 25T23:00Z).
        assert_eq!(
            covered_hours(&all, "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z"),
            25 * 3600
        );
    }

    #[test]
    fn the_instants_cut_the_covered_runs() {
        let t = |s| TimeOfDay::parse(s).unwrap();
        let office = WeekMinutes::from_schedule(WEEKDAYS, t("09:00"), t("18:00"));
        // Wednesday 2026-01-14 in CET (UTC+1): 09:00-18:00 local is 08:00-17:00Z. From 12:00Z
        // to 20:00Z, 12:00-17:00Z is covered: 5 h.
        assert_eq!(
            covered_hours(&office, "2026-01-14T12:00:00Z", "2026-01-14T20:00:00Z"),
            5 * 3600
        );
        // Saturday 2026-01-17: nothing; an empty or reversed span: nothing.
        assert_eq!(
            covered_hours(&office, "2026-01-17T00:00:00Z", "2026-01-18T00:00:00Z"),
            0
        );
        assert_eq!(
            covered_hours(&office, "2026-01-14T20:00:00Z", "2026-01-14T12:00:00Z"),
            0
        );
        // A holiday on Wednesday 2026-01-14 takes its 9 h from the week of 45 h: 36 h.
        let cal = berlin(
            &office,
            &[HolidayDate::On(Date::parse("2026-01-14").unwrap())],
        );
        // Mon 2026-01-12 00:00 CET = 11T23:00Z; the next Monday 18T23:00Z.
        assert_eq!(
            covered_between(&cal, ts("2026-01-11T23:00:00Z"), ts("2026-01-18T23:00:00Z")),
            36 * 3600
        );
    }

    #[test]
    fn containment_is_judged_in_each_zone() {
        let t = |s| TimeOfDay::parse(s).unwrap();
        let days = |d: &[Weekday]| d.to_vec();
        let office = WeekMinutes::from_schedule(WEEKDAYS, t("09:00"), t("18:00"));
        let long = WeekMinutes::from_schedule(WEEKDAYS, t("08:00"), t("19:00"));
        let berlin_office = berlin(&office, &[]);
        assert!(covers_all(&LocalCalendar::always(), &berlin_office, &[]));
        assert!(!covers_all(&berlin_office, &LocalCalendar::always(), &[]));
        assert!(covers_all(&berlin(&long, &[]), &berlin_office, &[]));
        assert!(!covers_all(&berlin_office, &berlin(&long, &[]), &[]));
        // Monday 09:00-10:00 covers a sliver of the office week, not all of it.
        let monday = WeekMinutes::from_schedule(&days(&[Weekday::Mon]), t("09:00"), t("10:00"));
        assert!(covers_all(&berlin_office, &berlin(&monday, &[]), &[]));
        assert!(!covers_all(&berlin(&monday, &[]), &berlin_office, &[]));
        // 08:00-19:00 in London is 09:00-20:00 in Berlin all year (both change on the same
        // dates), so it covers Berlin's 09:00-18:00; 09:00-18:00 London does not (Berlin's
        // 09:00-10:00 is London's 08:00-09:00).
        let london = |week: &WeekMinutes| LocalCalendar {
            zone: zone("Europe/London").unwrap(),
            week: week.clone(),
            holidays: Vec::new(),
        };
        assert!(covers_all(&london(&long), &berlin_office, &[]));
        assert!(!covers_all(&london(&office), &berlin_office, &[]));
        // A yearly holiday the inner calendar does not have: some Christmas is a weekday.
        let xmas = HolidayDate::parse_yearly("12-25").unwrap();
        assert!(!covers_all(&berlin(&office, &[xmas]), &berlin_office, &[]));
        assert!(covers_all(&berlin_office, &berlin(&office, &[xmas]), &[]));
        // A dated holiday far outside the sample is checked on its own date: Wed 2030-01-02.
        let far = Date::parse("2030-01-02").unwrap();
        let outer = berlin(&office, &[HolidayDate::On(far)]);
        assert!(covers_all(&outer, &berlin_office, &[]));
        assert!(!covers_all(&outer, &berlin_office, &[far]));
    }
}
