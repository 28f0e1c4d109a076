//! Quantities with their units: percent, duration, count, windows, dates and times of day.
//!
//! Every value is an exact decimal (`rust_decimal`), never binary floating point, so
//! `99.9%` equals `99.90%`, `1h` equals `60m` and `500ms` equals `0.5s`. Parsing follows the
//! target grammar of `sla-format.md` strictly and explains what would be valid when it fails.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

/// Why a quantity did not parse: a message and a hint of what would be valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuantityError {
    /// What is wrong, lowercase, values in backticks.
    pub message: String,
    /// What would be valid.
    pub help: String,
}

impl QuantityError {
    fn new(message: impl Into<String>, help: impl Into<String>) -> QuantityError {
        QuantityError {
            message: message.into(),
            help: help.into(),
        }
    }
}

/// Parses `digits ["." digits]`: no sign, no exponent, no separators.
pub fn parse_number(s: &str) -> Option<Decimal> {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || frac.is_some_and(|f| !digits(f)) {
        return None;
    }
    Decimal::from_str(s).ok()
}

/// Length of a leading number in `s` (digits with at most one inner dot).
fn number_len(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i > 0 && i + 1 < b.len() && b[i] == b'.' && b[i + 1].is_ascii_digit() {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
    }
    i
}

/// Formats a decimal without trailing zeros (`99.90` → `99.9`).
pub fn fmt_decimal(d: Decimal) -> String {
    d.normalize().to_string()
}

/// A percentage from 0 to 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Percent(Decimal);

impl Percent {
    /// The value in percent (`99.9` for `99.9%`).
    pub fn value(self) -> Decimal {
        self.0
    }

    /// A percent from a value already known to be within 0..=100.
    pub fn from_value(d: Decimal) -> Option<Percent> {
        (d >= Decimal::ZERO && d <= Decimal::ONE_HUNDRED).then_some(Percent(d))
    }

    /// Parses `99.9%`.
    pub fn parse(s: &str) -> Result<Percent, QuantityError> {
        let help = "write a percent from 0 to 100 such as `99.9%`";
        let Some(num) = s.strip_suffix('%') else {
            return Err(QuantityError::new(format!("`{s}` is not a percent"), help));
        };
        let num = num.trim_end();
        let value = parse_number(num)
            .ok_or_else(|| QuantityError::new(format!("`{s}` is not a percent"), help))?;
        Percent::from_value(value)
            .ok_or_else(|| QuantityError::new(format!("`{s}` is more than 100%"), help))
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", fmt_decimal(self.0))
    }
}

/// A length of time, held exactly in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Duration(Decimal);

const MS_PER: [(&str, i64); 6] = [
    ("w", 7 * 86_400_000),
    ("d", 86_400_000),
    ("h", 3_600_000),
    ("m", 60_000),
    ("s", 1_000),
    ("ms", 1),
];

impl Duration {
    /// A duration of `ms` milliseconds.
    pub fn from_millis(ms: Decimal) -> Duration {
        Duration(ms)
    }

    /// The duration in milliseconds.
    pub fn millis(self) -> Decimal {
        self.0
    }

    /// `n` days.
    pub fn days(n: Decimal) -> Duration {
        Duration(n * Decimal::from(86_400_000))
    }

    /// Parses `500ms`, `0.5s`, `1h30m`, `4h`, `2d`, `1w`.
    pub fn parse(s: &str) -> Result<Duration, QuantityError> {
        let help = "write a number and a unit (`ms`, `s`, `m`, `h`, `d`, `w`), such as `500ms`, `4h` or `1h30m`";
        if s.is_empty() {
            return Err(QuantityError::new("empty duration", help));
        }
        if s.starts_with('-') {
            return Err(QuantityError::new(format!("`{s}` is negative"), help));
        }
        let mut rest = s;
        let mut total = Decimal::ZERO;
        while !rest.is_empty() {
            let n = number_len(rest);
            if n == 0 {
                return Err(QuantityError::new(format!("`{s}` is not a duration"), help));
            }
            let value = parse_number(&rest[..n]).ok_or_else(|| {
                QuantityError::new(format!("`{s}` has a number that is too long"), help)
            })?;
            rest = &rest[n..];
            let unit_len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
            let unit = &rest[..unit_len];
            let Some((_, factor)) = MS_PER.iter().find(|(u, _)| *u == unit) else {
                let what = if unit.is_empty() {
                    format!("`{s}` has a number without a unit")
                } else {
                    format!("`{unit}` in `{s}` is not a duration unit")
                };
                return Err(QuantityError::new(what, help));
            };
            total = value
                .checked_mul(Decimal::from(*factor))
                .and_then(|v| total.checked_add(v))
                .ok_or_else(|| QuantityError::new(format!("`{s}` is too long a duration"), help))?;
            rest = &rest[unit_len..];
        }
        Ok(Duration(total))
    }

    /// Rounds to whole seconds (for impacts, where milliseconds are noise).
    #[must_use]
    pub fn round_to_seconds(self) -> Duration {
        Duration((self.0 / Decimal::from(1000)).round() * Decimal::from(1000))
    }

    /// The ratio `self / other`, if `other` is not zero.
    pub fn ratio(self, other: Duration) -> Option<Decimal> {
        (!other.0.is_zero()).then(|| self.0 / other.0)
    }

    /// `|self - other|`.
    #[must_use]
    pub fn abs_diff(self, other: Duration) -> Duration {
        Duration((self.0 - other.0).abs())
    }
}

impl fmt::Display for Duration {
    /// Largest units first, days at most: `2h52m48s`, `1d2h`, `500ms`, `0s`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_zero() {
            return f.write_str("0s");
        }
        let mut rest = self.0.abs();
        if self.0.is_sign_negative() {
            f.write_str("-")?;
        }
        for (unit, factor) in &MS_PER[1..5] {
            let factor = Decimal::from(*factor);
            let whole = (rest / factor).trunc();
            if !whole.is_zero() {
                write!(f, "{}{unit}", whole.normalize())?;
                rest -= whole * factor;
            }
        }
        if !rest.is_zero() {
            write!(f, "{}ms", fmt_decimal(rest))?;
        }
        Ok(())
    }
}

/// A count with an optional unit word (`10000 users`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Count {
    /// The number.
    pub value: Decimal,
    /// The unit word, if any.
    pub unit: Option<String>,
}

impl fmt::Display for Count {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", fmt_decimal(self.value))?;
        if let Some(u) = &self.unit {
            write!(f, " {u}")?;
        }
        Ok(())
    }
}

/// The kind of a quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuantityKind {
    /// `99.9%`.
    Percent,
    /// `500ms`.
    Duration,
    /// `10000 users`.
    Count,
}

impl fmt::Display for QuantityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            QuantityKind::Percent => "percent",
            QuantityKind::Duration => "duration",
            QuantityKind::Count => "count",
        })
    }
}

/// A measured amount.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Quantity {
    /// A percentage.
    Percent(Percent),
    /// A length of time.
    Duration(Duration),
    /// A count.
    Count(Count),
}

impl Quantity {
    /// The kind.
    pub fn kind(&self) -> QuantityKind {
        match self {
            Quantity::Percent(_) => QuantityKind::Percent,
            Quantity::Duration(_) => QuantityKind::Duration,
            Quantity::Count(_) => QuantityKind::Count,
        }
    }

    /// Exact comparison of two quantities of the same kind (and unit word), else `None`.
    pub fn compare(&self, other: &Quantity) -> Option<Ordering> {
        match (self, other) {
            (Quantity::Percent(a), Quantity::Percent(b)) => Some(a.cmp(b)),
            (Quantity::Duration(a), Quantity::Duration(b)) => Some(a.cmp(b)),
            (Quantity::Count(a), Quantity::Count(b)) if a.unit == b.unit => {
                Some(a.value.cmp(&b.value))
            }
            _ => None,
        }
    }

    /// Parses a quantity: percent, duration or count.
    pub fn parse(s: &str) -> Result<Quantity, QuantityError> {
        let help = "write a percent (`99.9%`), a duration (`500ms`, `4h`, `1h30m`) or a count (`10000` or `10000 users`)";
        if s.starts_with('-') || s.starts_with('+') {
            return Err(QuantityError::new(
                format!("`{s}` has a sign; quantities are never negative"),
                help,
            ));
        }
        if s.ends_with('%') {
            return Percent::parse(s).map(Quantity::Percent);
        }
        let n = number_len(s);
        if n == 0 {
            return Err(QuantityError::new(
                format!("`{s}` does not start with a number"),
                help,
            ));
        }
        let rest = &s[n..];
        if rest.is_empty() {
            let value = parse_number(s)
                .ok_or_else(|| QuantityError::new(format!("`{s}` is too long a number"), help))?;
            return Ok(Quantity::Count(Count { value, unit: None }));
        }
        if let Some(word) = rest.strip_prefix(' ') {
            let valid = word.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
                && word
                    .bytes()
                    .all(|b| b.is_ascii_alphabetic() || b == b'_' || b == b'-');
            if !valid {
                return Err(QuantityError::new(
                    format!("`{s}` is not a count: the unit must be one word of letters"),
                    "write a count such as `10000` or `10000 users`",
                ));
            }
            let value = parse_number(&s[..n])
                .ok_or_else(|| QuantityError::new(format!("`{s}` is too long a number"), help))?;
            return Ok(Quantity::Count(Count {
                value,
                unit: Some(word.to_string()),
            }));
        }
        if rest.starts_with(['e', 'E'])
            && rest[1..]
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'-' || b == b'+')
            && rest.len() > 1
        {
            return Err(QuantityError::new(
                format!("`{s}` uses an exponent"),
                "write the number out in full, such as `1000`",
            ));
        }
        Duration::parse(s).map(Quantity::Duration)
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Quantity::Percent(p) => p.fmt(f),
            Quantity::Duration(d) => d.fmt(f),
            Quantity::Count(c) => c.fmt(f),
        }
    }
}

/// Which way is better for the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Higher values are better (availability, CSAT).
    HigherIsBetter,
    /// Lower values are better (latency, response time).
    LowerIsBetter,
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Direction::HigherIsBetter => "higher is better",
            Direction::LowerIsBetter => "lower is better",
        })
    }
}

/// A comparator of the target grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Comparator {
    /// `>=`
    Ge,
    /// `>`
    Gt,
    /// `<=`
    Le,
    /// `<`
    Lt,
}

impl Comparator {
    /// The direction the comparator implies.
    pub fn direction(self) -> Direction {
        match self {
            Comparator::Ge | Comparator::Gt => Direction::HigherIsBetter,
            Comparator::Le | Comparator::Lt => Direction::LowerIsBetter,
        }
    }

    /// Whether the comparator excludes equality (`>`, `<`).
    pub fn is_strict(self) -> bool {
        matches!(self, Comparator::Gt | Comparator::Lt)
    }

    /// The symbol.
    pub fn as_str(self) -> &'static str {
        match self {
            Comparator::Ge => ">=",
            Comparator::Gt => ">",
            Comparator::Le => "<=",
            Comparator::Lt => "<",
        }
    }

    /// Whether `value` satisfies `value <cmp> threshold`.
    pub fn holds(self, ord: Ordering) -> bool {
        match self {
            Comparator::Ge => ord != Ordering::Less,
            Comparator::Gt => ord == Ordering::Greater,
            Comparator::Le => ord != Ordering::Greater,
            Comparator::Lt => ord == Ordering::Less,
        }
    }
}

impl fmt::Display for Comparator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Splits `">= 99.9%"` into a comparator and the rest.
pub fn split_comparator(s: &str) -> Result<(Comparator, &str), QuantityError> {
    let help = "start with a comparator (`>=`, `>`, `<=`, `<`) and a quantity, such as `>= 99.9%` or `<= 1h`";
    let (cmp, rest) = if let Some(r) = s.strip_prefix(">=") {
        (Comparator::Ge, r)
    } else if let Some(r) = s.strip_prefix("<=") {
        (Comparator::Le, r)
    } else if let Some(r) = s.strip_prefix('>') {
        (Comparator::Gt, r)
    } else if let Some(r) = s.strip_prefix('<') {
        (Comparator::Lt, r)
    } else if s.starts_with("=>")
        || s.starts_with("=<")
        || s.starts_with("==")
        || s.starts_with('=')
    {
        return Err(QuantityError::new(
            format!("`{s}` uses an unknown comparator"),
            help,
        ));
    } else {
        return Err(QuantityError::new(format!("`{s}` has no comparator"), help));
    };
    let rest = rest.strip_prefix(' ').unwrap_or(rest);
    if rest.is_empty() {
        return Err(QuantityError::new(
            format!("`{s}` has no quantity after the comparator"),
            help,
        ));
    }
    if rest.starts_with(' ') {
        return Err(QuantityError::new(
            format!("`{s}` has more than one space after the comparator"),
            help,
        ));
    }
    Ok((cmp, rest))
}

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

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn percents_compare_exactly() {
        assert_eq!(
            Percent::parse("99.9%").unwrap(),
            Percent::parse("99.90%").unwrap()
        );
        assert!(Percent::parse("99.95%").unwrap() > Percent::parse("99.9%").unwrap());
        assert_eq!(Percent::parse("100%").unwrap().to_string(), "100%");
        assert_eq!(Percent::parse("0%").unwrap().to_string(), "0%");
        assert!(
            Percent::parse("120%")
                .unwrap_err()
                .message
                .contains("more than 100%")
        );
        assert!(Percent::parse("99.9").is_err());
        assert!(Percent::parse("-1%").is_err());
        assert!(Percent::parse("1e2%").is_err());
    }

    #[test]
    fn durations_normalise_units() {
        let d = |s| Duration::parse(s).unwrap();
        assert_eq!(d("1h"), d("60m"));
        assert_eq!(d("500ms"), d("0.5s"));
        assert_eq!(d("1h30m"), d("90m"));
        assert_eq!(d("1w"), d("7d"));
        assert_eq!(d("2d").millis(), dec("172800000"));
        assert_eq!(d("0.5ms").millis(), dec("0.5"));
    }

    #[test]
    fn malformed_durations_say_what_is_valid() {
        let e = Duration::parse("1hr").unwrap_err();
        assert!(e.message.contains("`hr`"), "{}", e.message);
        assert!(e.help.contains("`ms`"));
        assert!(
            Duration::parse("-5m")
                .unwrap_err()
                .message
                .contains("negative")
        );
        assert!(
            Duration::parse("5")
                .unwrap_err()
                .message
                .contains("without a unit")
        );
        assert!(Duration::parse("h").is_err());
        assert!(Duration::parse("").is_err());
        assert!(Duration::parse("1.h").is_err());
    }

    #[test]
    fn durations_display_largest_units_first() {
        let d = |s| Duration::parse(s).unwrap().to_string();
        assert_eq!(d("90m"), "1h30m");
        assert_eq!(d("500ms"), "500ms");
        assert_eq!(d("1500ms"), "1s500ms");
        assert_eq!(d("2592s"), "43m12s");
        assert_eq!(d("1w"), "7d");
        assert_eq!(d("0s"), "0s");
        assert_eq!(d("0.5ms"), "0.5ms");
        assert_eq!(
            Duration::parse("43m49.8s")
                .unwrap()
                .round_to_seconds()
                .to_string(),
            "43m50s"
        );
    }

    #[test]
    fn quantities_parse_by_kind() {
        assert_eq!(
            Quantity::parse("99.9%").unwrap().kind(),
            QuantityKind::Percent
        );
        assert_eq!(
            Quantity::parse("500ms").unwrap().kind(),
            QuantityKind::Duration
        );
        assert_eq!(
            Quantity::parse("10000 users").unwrap(),
            Quantity::Count(Count {
                value: dec("10000"),
                unit: Some("users".into())
            })
        );
        assert_eq!(Quantity::parse("99.9").unwrap().kind(), QuantityKind::Count);
        assert!(
            Quantity::parse("1e3")
                .unwrap_err()
                .message
                .contains("exponent")
        );
        assert!(Quantity::parse("-5m").is_err());
        assert!(Quantity::parse("10,000").is_err());
        assert!(Quantity::parse("10000 concurrent users").is_err());
    }

    #[test]
    fn quantities_of_different_kinds_do_not_compare() {
        let p = Quantity::parse("50%").unwrap();
        let d = Quantity::parse("50ms").unwrap();
        assert_eq!(p.compare(&d), None);
        let a = Quantity::parse("10 users").unwrap();
        let b = Quantity::parse("10 leads").unwrap();
        assert_eq!(a.compare(&b), None);
        assert_eq!(
            Quantity::parse("1h")
                .unwrap()
                .compare(&Quantity::parse("60m").unwrap()),
            Some(Ordering::Equal)
        );
    }

    #[test]
    fn comparators_give_direction() {
        assert_eq!(
            split_comparator(">= 99.9%").unwrap(),
            (Comparator::Ge, "99.9%")
        );
        assert_eq!(split_comparator("<1h").unwrap(), (Comparator::Lt, "1h"));
        assert_eq!(Comparator::Le.direction(), Direction::LowerIsBetter);
        assert!(
            split_comparator("=> 5m")
                .unwrap_err()
                .message
                .contains("unknown comparator")
        );
        assert!(
            split_comparator("99%")
                .unwrap_err()
                .message
                .contains("no comparator")
        );
        assert!(split_comparator(">=").is_err());
        assert!(Comparator::Lt.holds(Ordering::Less));
        assert!(!Comparator::Lt.holds(Ordering::Equal));
        assert!(Comparator::Ge.holds(Ordering::Equal));
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
