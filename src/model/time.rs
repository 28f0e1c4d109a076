//! Windows, calendar dates and times of day.
//!
//! A window's length is exact: calendar periods use average lengths (a month is 365.25/12
//! days), so two windows always compare. Dates are proleptic Gregorian and must exist.

use std::fmt;

use rust_decimal::Decimal;

use super::quantity::{Duration, QuantityError};

/// A window over which an objective is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Window {
    /// A calendar week.
    Week,
    /// A calendar month (averaged as 365.25/12 days).
    Month,
    /// A calendar quarter (three average months).
    Quarter,
    /// A calendar year (365.25 days).
    Year,
    /// A rolling length (`30d`).
    Rolling(Duration),
}

impl Window {
    /// Parses `week`, `month`, `quarter`, `year`, or a rolling `30d`/`7d`/`24h`/`2w`.
    pub fn parse(s: &str) -> Result<Window, QuantityError> {
        let help = "write `week`, `month`, `quarter`, `year` or a rolling length such as `30d`, `7d` or `24h`";
        match s {
            "week" => Ok(Window::Week),
            "month" => Ok(Window::Month),
            "quarter" => Ok(Window::Quarter),
            "year" => Ok(Window::Year),
            _ => {
                let unit = s.trim_start_matches(|c: char| c.is_ascii_digit());
                let digits = &s[..s.len() - unit.len()];
                if digits.is_empty() || digits.starts_with('0') || !matches!(unit, "h" | "d" | "w")
                {
                    return Err(QuantityError::new(format!("`{s}` is not a window"), help));
                }
                Duration::parse(s).map(Window::Rolling)
            }
        }
    }

    /// The window's length; calendar periods use average lengths.
    pub fn length(self) -> Duration {
        let month = Decimal::new(36525, 2) / Decimal::from(12);
        match self {
            Window::Week => Duration::days(Decimal::from(7)),
            Window::Month => Duration::days(month),
            Window::Quarter => Duration::days(month * Decimal::from(3)),
            Window::Year => Duration::days(Decimal::new(36525, 2)),
            Window::Rolling(d) => d,
        }
    }

    /// How the window reads in a sentence ("per month", "per 30d").
    pub fn label(self) -> String {
        match self {
            Window::Week => "week".into(),
            Window::Month => "month".into(),
            Window::Quarter => "quarter".into(),
            Window::Year => "year".into(),
            Window::Rolling(d) => d.to_string(),
        }
    }
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

/// A calendar date (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month, 1-12.
    pub month: u32,
    /// Day, 1-31.
    pub day: u32,
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// Parses `YYYY-MM-DD`, rejecting dates that do not exist (`2026-02-30`).
    pub fn parse(s: &str) -> Result<Date, QuantityError> {
        let help = "write a real date as `YYYY-MM-DD`, such as `2026-01-31`";
        let b = s.as_bytes();
        let shape = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape {
            return Err(QuantityError::new(format!("`{s}` is not a date"), help));
        }
        let year: i32 = s[..4].parse().expect("four digits");
        let month: u32 = s[5..7].parse().expect("two digits");
        let day: u32 = s[8..].parse().expect("two digits");
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(QuantityError::new(
                format!("`{s}` does not exist on the calendar"),
                help,
            ));
        }
        Ok(Date { year, month, day })
    }

    /// Adds `months` calendar months, clamping the day to the month's length.
    #[must_use]
    pub fn add_months(self, months: u32) -> Date {
        let total = i64::from(self.year) * 12 + i64::from(self.month) - 1 + i64::from(months);
        let year = i32::try_from(total.div_euclid(12)).unwrap_or(i32::MAX);
        let month = total.rem_euclid(12) as u32 + 1;
        Date {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        }
    }

    /// The day of the week (1970-01-01 was a Thursday).
    pub fn weekday(self) -> super::calendar::Weekday {
        let thursday = 3;
        super::calendar::Weekday::ALL[(self.days_since_epoch() + thursday).rem_euclid(7) as usize]
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A time of day in minutes since midnight; `24:00` is 1440.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay(pub u32);

impl TimeOfDay {
    /// Parses `HH:MM` (00:00 to 24:00).
    pub fn parse(s: &str) -> Result<TimeOfDay, QuantityError> {
        let help = "write a time of day as `HH:MM`, from `00:00` to `24:00`";
        let b = s.as_bytes();
        if b.len() != 5
            || b[2] != b':'
            || !b
                .iter()
                .enumerate()
                .all(|(i, c)| i == 2 || c.is_ascii_digit())
        {
            return Err(QuantityError::new(
                format!("`{s}` is not a time of day"),
                help,
            ));
        }
        let h: u32 = s[..2].parse().expect("two digits");
        let m: u32 = s[3..].parse().expect("two digits");
        if m > 59 || h > 24 || (h == 24 && m != 0) {
            return Err(QuantityError::new(
                format!("`{s}` is not a time of day"),
                help,
            ));
        }
        Ok(TimeOfDay(h * 60 + m))
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn dates_know_their_weekday() {
        use super::super::calendar::Weekday;
        // 1970-01-01 was a Thursday, 2026-12-25 is a Friday, 2026-12-26 a Saturday, and
        // 2024-02-29 (a leap day) was a Thursday; 1969-12-31 the Wednesday before the epoch.
        let day = |s: &str| Date::parse(s).unwrap().weekday();
        assert_eq!(day("1970-01-01"), Weekday::Thu);
        assert_eq!(day("2026-12-25"), Weekday::Fri);
        assert_eq!(day("2026-12-26"), Weekday::Sat);
        assert_eq!(day("2024-02-29"), Weekday::Thu);
        assert_eq!(day("1969-12-31"), Weekday::Wed);
    }

    #[test]
    fn windows_have_average_lengths() {
        assert_eq!(
            Window::parse("30d").unwrap().length(),
            Duration::parse("30d").unwrap()
        );
        assert_eq!(
            Window::parse("month").unwrap().length().millis(),
            dec("2629800000")
        );
        assert_eq!(Window::Quarter.length().millis(), dec("7889400000"));
        assert_eq!(Window::Year.length(), Duration::days(dec("365.25")));
        assert!(Window::parse("30x").is_err());
        assert!(Window::parse("0d").is_err());
        assert!(Window::parse("30m").is_err());
        assert!(Window::Month.length() < Window::Quarter.length());
    }

    #[test]
    fn dates_must_exist() {
        assert_eq!(Date::parse("2024-02-29").unwrap().to_string(), "2024-02-29");
        assert!(Date::parse("2025-02-29").is_err());
        assert!(Date::parse("2026-13-01").is_err());
        assert!(Date::parse("2026-1-01").is_err());
        let d = Date::parse("2026-01-31").unwrap();
        assert_eq!(d.add_months(1).to_string(), "2026-02-28");
        assert_eq!(d.add_months(12).to_string(), "2027-01-31");
        for s in ["1970-01-01", "2000-02-29", "2026-11-23", "1969-12-31"] {
            let d = Date::parse(s).unwrap();
            assert_eq!(Date::from_days_since_epoch(d.days_since_epoch()), d);
        }
        assert_eq!(Date::parse("1970-01-02").unwrap().days_since_epoch(), 1);
    }

    #[test]
    fn times_of_day_allow_end_of_day() {
        assert_eq!(TimeOfDay::parse("24:00").unwrap().0, 1440);
        assert_eq!(TimeOfDay::parse("08:30").unwrap().to_string(), "08:30");
        assert!(TimeOfDay::parse("24:01").is_err());
        assert!(TimeOfDay::parse("8:30").is_err());
        assert!(TimeOfDay::parse("12:60").is_err());
    }
}
