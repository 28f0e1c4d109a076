//! Covered hours: a calendar as the set of minutes of the week it covers.
//!
//! Comparing calendars as sets is what makes "09-18 to 09-17" a weakening and
//! "mon-fri to tue-sat" a change that needs a person: a subset covers less, a superset more.

use std::fmt;

use rust_decimal::Decimal;

use super::Spanned;
use super::time::{Date, TimeOfDay};

/// Minutes in a week.
pub const WEEK_MINUTES: usize = 7 * 24 * 60;
const WORDS: usize = WEEK_MINUTES.div_ceil(64);

/// A day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Weekday {
    /// Monday.
    Mon,
    /// Tuesday.
    Tue,
    /// Wednesday.
    Wed,
    /// Thursday.
    Thu,
    /// Friday.
    Fri,
    /// Saturday.
    Sat,
    /// Sunday.
    Sun,
}

impl Weekday {
    /// Every day, Monday first.
    pub const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    /// Parses `mon`..`sun`.
    pub fn parse(s: &str) -> Option<Weekday> {
        Weekday::ALL.into_iter().find(|d| d.as_str() == s)
    }

    /// The short name.
    pub fn as_str(self) -> &'static str {
        match self {
            Weekday::Mon => "mon",
            Weekday::Tue => "tue",
            Weekday::Wed => "wed",
            Weekday::Thu => "thu",
            Weekday::Fri => "fri",
            Weekday::Sat => "sat",
            Weekday::Sun => "sun",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The day a holiday falls on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HolidayDate {
    /// One date (`2026-12-24`, or `{date: 2026-12-24, name: ...}`).
    On(Date),
    /// The same day every year (`{every: 12-25, name: ...}`); `02-29` falls in leap years.
    Every {
        /// Month, 1-12.
        month: u32,
        /// Day of the month.
        day: u32,
    },
}

impl HolidayDate {
    /// Parses a yearly day `MM-DD` (`12-25`; `02-29` exists).
    pub fn parse_yearly(s: &str) -> Result<HolidayDate, super::quantity::QuantityError> {
        let help = "write the day of every year as `MM-DD`, such as `12-25`";
        let bad =
            || super::quantity::QuantityError::new(format!("`{s}` is not a day of the year"), help);
        let b = s.as_bytes();
        if b.len() != 5
            || b[2] != b'-'
            || !b
                .iter()
                .enumerate()
                .all(|(i, c)| i == 2 || c.is_ascii_digit())
        {
            return Err(bad());
        }
        let month: u32 = s[..2].parse().map_err(|_| bad())?;
        let day: u32 = s[3..].parse().map_err(|_| bad())?;
        // 2000 is a leap year: every day that exists in some year exists in it.
        Date::parse(&format!("2000-{s}")).map_err(|_| bad())?;
        Ok(HolidayDate::Every { month, day })
    }

    /// Whether the holiday falls on `date`.
    pub fn falls_on(self, date: Date) -> bool {
        match self {
            HolidayDate::On(d) => d == date,
            HolidayDate::Every { month, day } => date.month == month && date.day == day,
        }
    }
}

impl fmt::Display for HolidayDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HolidayDate::On(d) => d.fmt(f),
            HolidayDate::Every { month, day } => write!(f, "every {month:02}-{day:02}"),
        }
    }
}

/// A day a calendar does not cover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    /// When.
    pub when: Spanned<HolidayDate>,
    /// What it is called (`Christmas Day`).
    pub name: Option<Spanned<String>>,
}

/// The minutes of a week that a calendar covers (Monday 00:00 is minute 0).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct WeekMinutes([u64; WORDS]);

impl fmt::Debug for WeekMinutes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "WeekMinutes({} min)", self.count())
    }
}

impl WeekMinutes {
    /// Every minute: the built-in `24x7` calendar.
    pub fn all() -> WeekMinutes {
        let mut w = WeekMinutes([0; WORDS]);
        w.add_range(0, WEEK_MINUTES);
        w
    }

    /// Days `days`, from `from` to `to` local time; `to <= from` runs past midnight.
    pub fn from_schedule(days: &[Weekday], from: TimeOfDay, to: TimeOfDay) -> WeekMinutes {
        let mut w = WeekMinutes([0; WORDS]);
        for day in days {
            let start = day.index() * 1440 + from.0 as usize;
            let len = if to.0 > from.0 {
                (to.0 - from.0) as usize
            } else {
                (1440 - from.0 + to.0) as usize
            };
            // Sunday's overnight hours wrap to Monday morning.
            let end = start + len;
            if end <= WEEK_MINUTES {
                w.add_range(start, end);
            } else {
                w.add_range(start, WEEK_MINUTES);
                w.add_range(0, end - WEEK_MINUTES);
            }
        }
        w
    }

    fn add_range(&mut self, start: usize, end: usize) {
        let mut m = start;
        while m < end {
            // The bits of word `m / 64` from `m % 64` up to the range's end or the word's.
            let bit = m % 64;
            let n = (end - m).min(64 - bit);
            let mask = if n == 64 {
                u64::MAX
            } else {
                ((1u64 << n) - 1) << bit
            };
            self.0[m / 64] |= mask;
            m += n;
        }
    }

    /// The covered minutes of one day of the week (from its 00:00 to the next day's; an
    /// overnight stretch counts on both days it touches).
    pub fn day_minutes(&self, day: Weekday) -> u32 {
        let start = day.index() * 1440;
        (start..start + 1440)
            .filter(|m| self.0[m / 64] & (1u64 << (m % 64)) != 0)
            .count() as u32
    }

    /// The covered runs of minutes of one day of the week, as `(from, to)` minutes of that
    /// day (0 to 1440, `to` exclusive), earliest first.
    pub fn day_runs(&self, day: Weekday) -> Vec<(u32, u32)> {
        // Word by word: a stretch of one state is found with `trailing_zeros`, so a day is
        // about 23 steps, not 1,440 (the report asks this for every day of every window).
        let start = day.index() * 1440;
        let mut runs = Vec::new();
        let mut open: Option<u32> = None;
        let mut m = 0usize;
        while m < 1440 {
            let i = start + m;
            let bit = i % 64;
            let word = self.0[i / 64] >> bit;
            let covered = word & 1 != 0;
            // `word` is shifted in with zeros, so `!word` ends in ones: neither count runs
            // past the word's last bit.
            let same = if covered {
                (!word).trailing_zeros()
            } else {
                word.trailing_zeros()
            } as usize;
            match (covered, open) {
                (true, None) => open = Some(m as u32),
                (false, Some(from)) => {
                    runs.push((from, m as u32));
                    open = None;
                }
                _ => {}
            }
            m += same.min(64 - bit).min(1440 - m).max(1);
        }
        if let Some(from) = open {
            runs.push((from, 1440));
        }
        runs
    }

    /// The least and the most covered minutes in any `len` consecutive minutes of the
    /// repeating week (local time): what a clock duration of `len` minutes can amount to in
    /// business time.
    pub fn window_range(&self, len: u64) -> (u64, u64) {
        let week = WEEK_MINUTES as u64;
        let whole = (len / week) * u64::from(self.count());
        let part = (len % week) as usize;
        let covered = |m: usize| u64::from(self.0[m / 64] & (1u64 << (m % 64)) != 0);
        // The first window, then slide it one minute at a time around the week.
        let mut now: u64 = (0..part).map(covered).sum();
        let (mut least, mut most) = (now, now);
        for start in 1..WEEK_MINUTES {
            now = now + covered((start + part - 1) % WEEK_MINUTES) - covered(start - 1);
            least = least.min(now);
            most = most.max(now);
        }
        (whole + least, whole + most)
    }

    /// The length in minutes of a covered day, when every covered day of the week is equally
    /// long (what one business day is); `None` when they differ.
    pub fn uniform_day(&self) -> Option<u32> {
        let mut lengths = Weekday::ALL
            .iter()
            .map(|d| self.day_minutes(*d))
            .filter(|m| *m > 0);
        let first = lengths.next()?;
        lengths.all(|m| m == first).then_some(first)
    }

    /// Covered minutes.
    pub fn count(&self) -> u32 {
        self.0.iter().map(|w| w.count_ones()).sum()
    }

    /// Covered hours per week, exactly.
    pub fn hours(&self) -> Decimal {
        Decimal::from(self.count()) / Decimal::from(60)
    }

    /// The share of the week covered, from 0 to 1.
    pub fn fraction(&self) -> Decimal {
        Decimal::from(self.count()) / Decimal::from(WEEK_MINUTES as u32)
    }

    /// Whether every minute of `self` is in `other`.
    pub fn is_subset(&self, other: &WeekMinutes) -> bool {
        self.0.iter().zip(other.0.iter()).all(|(a, b)| a & !b == 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_runs_word_by_word_match_the_minutes() {
        // Runs read minute by minute, the plain way, for comparison.
        fn plain(w: &WeekMinutes, day: Weekday) -> Vec<(u32, u32)> {
            let start = day.index() * 1440;
            let on = |m: u32| {
                let i = start + m as usize;
                m < 1440 && w.0[i / 64] & (1u64 << (i % 64)) != 0
            };
            let mut runs = Vec::new();
            let mut from = None;
            for m in 0..=1440 {
                match (on(m), from) {
                    (true, None) => from = Some(m),
                    (false, Some(f)) => {
                        runs.push((f, m));
                        from = None;
                    }
                    _ => {}
                }
            }
            runs
        }
        let t = |s: &str| TimeOfDay::parse(s).unwrap();
        let weeks = [
            WeekMinutes::all(),
            WeekMinutes::from_schedule(&[Weekday::Mon, Weekday::Fri], t("09:00"), t("17:30")),
            WeekMinutes::from_schedule(&Weekday::ALL, t("22:00"), t("06:00")),
            WeekMinutes::from_schedule(&[Weekday::Sun], t("00:01"), t("23:59")),
            WeekMinutes::from_schedule(&[Weekday::Wed], t("01:03"), t("01:04")),
        ];
        for w in &weeks {
            for day in Weekday::ALL {
                assert_eq!(w.day_runs(day), plain(w, day), "{day:?}");
            }
        }
        assert_eq!(weeks[0].day_runs(Weekday::Tue), [(0, 1440)]);
        assert_eq!(weeks[4].day_runs(Weekday::Wed), [(63, 64)]);
    }

    fn t(s: &str) -> TimeOfDay {
        TimeOfDay::parse(s).unwrap()
    }

    const WEEKDAYS: [Weekday; 5] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ];

    #[test]
    fn day_minutes_count_each_day_of_an_overnight_calendar() {
        // Mon-Fri 22:00-06:00: Monday has 22:00-24:00 (120 min); Tuesday to Friday also
        // 00:00-06:00 of the night before (360 + 120 = 480); Saturday only the morning
        // after Friday night (360); Sunday nothing.
        let w = WeekMinutes::from_schedule(&WEEKDAYS, t("22:00"), t("06:00"));
        let per_day: Vec<u32> = Weekday::ALL.iter().map(|d| w.day_minutes(*d)).collect();
        assert_eq!(per_day, [120, 480, 480, 480, 480, 360, 0]);
        assert_eq!(w.day_runs(Weekday::Tue), [(0, 360), (1320, 1440)]);
        assert_eq!(w.day_runs(Weekday::Sun), []);
        // 24x7: 1440 minutes every day.
        assert_eq!(WeekMinutes::all().day_minutes(Weekday::Sun), 1440);
    }

    #[test]
    fn windows_of_clock_time_cover_a_range_of_business_time() {
        let office = WeekMinutes::from_schedule(&WEEKDAYS, t("09:00"), t("18:00"));
        // 48 h from Mon 09:00 cover Mon and Tue 09-18: 18 h; from Fri 18:00 nothing until Sun
        // 18:00: 0 h.
        assert_eq!(office.window_range(48 * 60), (0, 18 * 60));
        // 4 h: from Fri 18:00 nothing, from any start within 09:00-14:00 of a weekday all 4 h.
        assert_eq!(office.window_range(4 * 60), (0, 4 * 60));
        // One week and a day: 45 h plus the range of a day, 0 (Sat) to 9 h.
        assert_eq!(office.window_range(8 * 24 * 60), (45 * 60, 54 * 60));
        assert_eq!(WeekMinutes::all().window_range(90), (90, 90));
        assert_eq!(office.uniform_day(), Some(9 * 60));
        // Mon-Fri 22:00-06:00 touches Monday for 2 h and Tuesday for 8 h: not uniform.
        let night = WeekMinutes::from_schedule(&WEEKDAYS, t("22:00"), t("06:00"));
        assert_eq!(night.uniform_day(), None);
    }

    #[test]
    fn business_hours_count_their_hours() {
        let w = WeekMinutes::from_schedule(&WEEKDAYS, t("09:00"), t("18:00"));
        assert_eq!(w.hours(), Decimal::from(45));
        assert_eq!(WeekMinutes::all().hours(), Decimal::from(168));
        let full = WeekMinutes::from_schedule(&Weekday::ALL, t("00:00"), t("24:00"));
        assert_eq!(full, WeekMinutes::all());
    }

    #[test]
    fn shorter_hours_are_a_subset() {
        let long = WeekMinutes::from_schedule(&WEEKDAYS, t("09:00"), t("18:00"));
        let short = WeekMinutes::from_schedule(&WEEKDAYS, t("09:00"), t("17:00"));
        assert!(short.is_subset(&long));
        assert!(!long.is_subset(&short));
        assert!(long.is_subset(&WeekMinutes::all()));
        let shifted = WeekMinutes::from_schedule(&WEEKDAYS[1..], t("09:00"), t("18:00"));
        let sat = WeekMinutes::from_schedule(&[Weekday::Sat], t("09:00"), t("18:00"));
        let mut tue_sat = shifted.clone();
        for (a, b) in tue_sat.0.iter_mut().zip(sat.0.iter()) {
            *a |= b;
        }
        assert!(!tue_sat.is_subset(&long) && !long.is_subset(&tue_sat));
    }

    #[test]
    fn overnight_hours_wrap() {
        let night = WeekMinutes::from_schedule(&[Weekday::Sun], t("22:00"), t("06:00"));
        assert_eq!(night.hours(), Decimal::from(8));
        let monday_morning = WeekMinutes::from_schedule(&[Weekday::Mon], t("00:00"), t("06:00"));
        assert!(monday_morning.is_subset(&night));
    }

    #[test]
    fn ranges_set_exactly_their_minutes() {
        // Word-wise filling against minute-by-minute, across word boundaries and edges.
        for (start, end) in [
            (0, 0),
            (0, 1),
            (0, 64),
            (1, 63),
            (63, 65),
            (60, 200),
            (128, 192),
            (540, 1080),
            (0, WEEK_MINUTES),
            (WEEK_MINUTES - 1, WEEK_MINUTES),
        ] {
            let mut fast = WeekMinutes([0; WORDS]);
            fast.add_range(start, end);
            let mut slow = WeekMinutes([0; WORDS]);
            for m in start..end {
                slow.0[m / 64] |= 1 << (m % 64);
            }
            assert_eq!(fast, slow, "{start}..{end}");
            assert_eq!(fast.count() as usize, end - start);
        }
    }
}
