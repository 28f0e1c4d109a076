//! Quantities with their units: percent, duration and count, and why one did not parse.
//!
//! Every value is an exact decimal (`rust_decimal`), never binary floating point, so
//! `99.9%` equals `99.90%`, `1h` equals `60m` and `500ms` equals `0.5s`. Parsing follows the
//! grammar of `sla-format.md` strictly and explains what would be valid when it fails.

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
    pub(crate) fn new(message: impl Into<String>, help: impl Into<String>) -> QuantityError {
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

/// A comma inside a number (`10,000`, `99,9%`): a thousands separator when three digits
/// follow it, else a decimal comma; the error says which and what to write instead.
fn separator_error(s: &str) -> Option<QuantityError> {
    let b = s.as_bytes();
    let at = (1..b.len().saturating_sub(1))
        .find(|&i| b[i] == b',' && b[i - 1].is_ascii_digit() && b[i + 1].is_ascii_digit())?;
    let digits_after = b[at + 1..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    Some(if digits_after == 3 {
        QuantityError::new(
            format!("`{s}` has a thousands separator: numbers are written without one"),
            format!("write `{}`", s.replace(',', "")),
        )
    } else {
        QuantityError::new(
            format!("`{s}` has a decimal comma: the decimal separator is a point"),
            format!("write `{}`", s.replacen(',', ".", 1)),
        )
    })
}

/// The duration unit a word names, when a count's unit word is one (`500 ms`, `4 hours`).
fn duration_unit(word: &str) -> Option<&'static str> {
    Some(match word.to_ascii_lowercase().as_str() {
        "ms" | "msec" | "msecs" | "millisecond" | "milliseconds" => "ms",
        "s" | "sec" | "secs" | "second" | "seconds" => "s",
        "m" | "min" | "mins" | "minute" | "minutes" => "m",
        "h" | "hr" | "hrs" | "hour" | "hours" => "h",
        "d" | "day" | "days" => "d",
        "w" | "wk" | "wks" | "week" | "weeks" => "w",
        _ => return None,
    })
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
        if let Some(e) = separator_error(s) {
            return Err(e);
        }
        let Some(num) = s.strip_suffix('%') else {
            if parse_number(s).is_some_and(|n| n <= Decimal::ONE_HUNDRED) {
                // `credit: 10`: the number is right, the sign is missing.
                return Err(QuantityError::new(
                    format!("`{s}` is not a percent: it has no `%`"),
                    format!("write `{s}%`"),
                ));
            }
            return Err(QuantityError::new(format!("`{s}` is not a percent"), help));
        };
        if num.ends_with(char::is_whitespace) {
            return Err(QuantityError::new(
                format!("`{s}` has a space before `%`"),
                format!("write `{}%`", num.trim_end()),
            ));
        }
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
        if let Some(e) = separator_error(s) {
            return Err(e);
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

/// A length of business time (`4bh`, `2bd`, `1bd4bh`): covered time of the objective's
/// calendar. A business hour is an hour of covered time; a business day is a covered day
/// (as long as that calendar's covered days are). How it compares with clock time (`h`,
/// `d`) depends on the calendar, so [`Quantity::compare`] does not compare the two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct BusinessDuration {
    /// Business days (`bd`).
    pub days: Decimal,
    /// Business hours (`bh`).
    pub hours: Decimal,
}

impl BusinessDuration {
    /// Whether `s` is written in business units (`bh`, `bd`), so that
    /// [`BusinessDuration::parse`] is the parser that explains it.
    pub fn is_written_in(s: &str) -> bool {
        s.contains("bh") || s.contains("bd")
    }

    /// Parses `4bh`, `2bd`, `1bd4bh`, `0.5bd`; clock units in the same duration are an error.
    pub fn parse(s: &str) -> Result<BusinessDuration, QuantityError> {
        let help = "write business time in `bd` (business days) and `bh` (business hours), such as `2bd`, `4bh` or `1bd4bh`, or clock time in `ms`, `s`, `m`, `h`, `d`, `w`";
        let mut rest = s;
        let mut out = BusinessDuration::default();
        while !rest.is_empty() {
            let n = number_len(rest);
            let value = (n > 0)
                .then(|| parse_number(&rest[..n]))
                .flatten()
                .ok_or_else(|| QuantityError::new(format!("`{s}` is not a duration"), help))?;
            rest = &rest[n..];
            let unit_len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
            match &rest[..unit_len] {
                "bd" => out.days += value,
                "bh" => out.hours += value,
                unit => {
                    let message = if MS_PER.iter().any(|(u, _)| *u == unit) {
                        format!("`{s}` mixes business time with clock time (`{unit}`)")
                    } else {
                        format!("`{unit}` in `{s}` is not a duration unit")
                    };
                    return Err(QuantityError::new(message, help));
                }
            }
            rest = &rest[unit_len..];
        }
        Ok(out)
    }

    /// The covered minutes it amounts to on a calendar whose covered days each last
    /// `day_minutes`.
    pub fn minutes(self, day_minutes: u32) -> Decimal {
        self.days * Decimal::from(day_minutes) + self.hours * Decimal::from(60)
    }

    /// Exact comparison where no calendar is needed: same days, or same hours.
    fn compare(self, other: BusinessDuration) -> Option<Ordering> {
        if self.days == other.days {
            Some(self.hours.cmp(&other.hours))
        } else if self.hours == other.hours {
            Some(self.days.cmp(&other.days))
        } else {
            None
        }
    }
}

impl fmt::Display for BusinessDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.days.is_zero() {
            write!(f, "{}bd", fmt_decimal(self.days))?;
        }
        if !self.hours.is_zero() || self.days.is_zero() {
            write!(f, "{}bh", fmt_decimal(self.hours))?;
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
    /// A length of business time (`4bh`, `2bd`).
    Business(BusinessDuration),
}

impl Quantity {
    /// The kind.
    pub fn kind(&self) -> QuantityKind {
        match self {
            Quantity::Percent(_) => QuantityKind::Percent,
            Quantity::Duration(_) | Quantity::Business(_) => QuantityKind::Duration,
            Quantity::Count(_) => QuantityKind::Count,
        }
    }

    /// Exact comparison of two quantities of the same kind (and unit word), else `None`.
    pub fn compare(&self, other: &Quantity) -> Option<Ordering> {
        match (self, other) {
            (Quantity::Percent(a), Quantity::Percent(b)) => Some(a.cmp(b)),
            (Quantity::Duration(a), Quantity::Duration(b)) => Some(a.cmp(b)),
            (Quantity::Business(a), Quantity::Business(b)) => a.compare(*b),
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
        if let Some(e) = separator_error(s) {
            return Err(e);
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
            if let Some(unit) = duration_unit(word) {
                let message = if word == unit {
                    format!("`{s}` has a space between the number and its unit")
                } else {
                    format!(
                        "`{s}` spells out its unit: a duration uses `ms`, `s`, `m`, `h`, `d` or \
                         `w`, with no space"
                    )
                };
                return Err(QuantityError::new(
                    message,
                    format!("write `{}{unit}`", &s[..n]),
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
        if BusinessDuration::is_written_in(s) {
            return BusinessDuration::parse(s).map(Quantity::Business);
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
            Quantity::Business(b) => b.fmt(f),
        }
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
    fn a_newcomer_s_spellings_get_the_fix_named() {
        let e = |s| Quantity::parse(s).unwrap_err();
        // The comma, not the unit, is what is wrong.
        let c = e("10,000 users");
        assert_eq!(
            c.message,
            "`10,000 users` has a thousands separator: numbers are written without one"
        );
        assert_eq!(c.help, "write `10000 users`");
        assert_eq!(e("99,9%").help, "write `99.9%`");
        assert!(e("99,9%").message.contains("decimal comma"));
        assert_eq!(
            Duration::parse("1,500ms").unwrap_err().help,
            "write `1500ms`"
        );
        // A space before `%`: one line, not the grammar.
        let p = e("99.9 %");
        assert_eq!(p.message, "`99.9 %` has a space before `%`");
        assert_eq!(p.help, "write `99.9%`");
        // A duration unit written as a count's word.
        let d = e("500 ms");
        assert_eq!(
            d.message,
            "`500 ms` has a space between the number and its unit"
        );
        assert_eq!(d.help, "write `500ms`");
        assert_eq!(e("4 hours").help, "write `4h`");
        assert!(e("4 hours").message.contains("spells out its unit"));
        // A percent without its sign: the fix keeps the number.
        assert_eq!(Percent::parse("10").unwrap_err().help, "write `10%`");
        assert_eq!(
            Percent::parse("10").unwrap_err().message,
            "`10` is not a percent: it has no `%`"
        );
        // A count's own unit word is still a count.
        assert!(matches!(
            Quantity::parse("10000 users"),
            Ok(Quantity::Count(_))
        ));
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
    fn business_durations_parse_apart_from_clock_time() {
        let q = |s: &str| Quantity::parse(s);
        let b = |days: i64, hours: i64| {
            Quantity::Business(BusinessDuration {
                days: Decimal::from(days),
                hours: Decimal::from(hours),
            })
        };
        assert_eq!(q("4bh").unwrap(), b(0, 4));
        assert_eq!(q("2bd").unwrap(), b(2, 0));
        assert_eq!(q("1bd4bh").unwrap(), b(1, 4));
        assert_eq!(q("1bd4bh").unwrap().to_string(), "1bd4bh");
        assert_eq!(q("0.5bd").unwrap().to_string(), "0.5bd");
        assert_eq!(q("4bh").unwrap().kind(), QuantityKind::Duration);
        let e = q("1bd4h").unwrap_err();
        assert_eq!(
            e.message,
            "`1bd4h` mixes business time with clock time (`h`)"
        );
        assert!(q("4bx").is_err());
        // Clock and business time do not compare without a calendar; 1bd and 9bh neither.
        assert_eq!(q("4h").unwrap().compare(&q("4bh").unwrap()), None);
        assert_eq!(q("1bd").unwrap().compare(&q("9bh").unwrap()), None);
        assert_eq!(
            q("1bd").unwrap().compare(&q("1bd2bh").unwrap()),
            Some(Ordering::Less)
        );
        assert!(crate::model::Target::parse("<= 4bh").is_ok());
    }
}
