//! Quantities, dates and ids in the words a contract uses: `43 minutes 50 seconds`,
//! `4 business hours`, `1 January 2026`, `at least 99.9%`, `Scheduled maintenance`.
//!
//! Pure formatting of model values; nothing here escapes (the renderers do).

use rust_decimal::Decimal;

use crate::model::quantity::{BusinessDuration, fmt_decimal};
use crate::model::target::split_comparator;
use crate::model::{
    Comparator, CreditAmount, CreditCap, Date, Duration, Frequency, Quantity, Spanned, Target,
    Weekday, Window,
};

/// `1 hour`, `2 hours`, `1.5 days`.
fn counted(n: Decimal, one: &str, many: &str) -> String {
    let unit = if n == Decimal::ONE { one } else { many };
    format!("{} {unit}", with_thousands(n))
}

/// `10000` as `10,000`; decimals as written (`99.95`).
pub fn with_thousands(n: Decimal) -> String {
    let s = fmt_decimal(n);
    let (int, frac) = s
        .split_once('.')
        .map_or((s.as_str(), None), |(i, f)| (i, Some(f)));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    if digits.len() <= 4 {
        return s;
    }
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

/// A finding's impact as a person reads it: its durations in words and its arrows as
/// arrows (`allowed downtime per month: 13m3s -> 1h5m13s (+52m10s)` reads `allowed downtime
/// per month: 13 minutes 3 seconds → 1 hour 5 minutes 13 seconds (+52 minutes 10 seconds)`).
pub fn impact(text: &str) -> String {
    let word = |token: &str| {
        let core = token.trim_start_matches(['(', '+', '-']);
        let core = core.trim_end_matches([')', ',', ':', ';']);
        let start = token.len() - token.trim_start_matches(['(', '+', '-']).len();
        let lead = &token[..start];
        let trail = &token[start + core.len()..];
        let has = |f: fn(&char) -> bool| core.chars().any(|c| f(&c));
        if core.is_empty() || !has(char::is_ascii_digit) || !has(char::is_ascii_alphabetic) {
            return token.to_string();
        }
        if let Ok(d) = Duration::parse(core) {
            return format!("{lead}{}{trail}", duration(d));
        }
        if let Ok(b) = BusinessDuration::parse(core) {
            return format!("{lead}{}{trail}", business(b));
        }
        token.to_string()
    };
    text.split(' ')
        .map(|t| {
            if t == "->" {
                "\u{2192}".to_string()
            } else {
                word(t)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A clock duration in words, largest units first, days at most: `43 minutes 50 seconds`,
/// `1 day`, `72 hours` (whole hours under three days read as hours, as notices are written),
/// `500 milliseconds`.
pub fn duration(d: Duration) -> String {
    const DAY: i64 = 86_400_000;
    const HOUR: i64 = 3_600_000;
    let ms = d.millis();
    if ms.is_zero() {
        return "no time".into();
    }
    let mut rest = ms.abs();
    let mut parts = Vec::new();
    // `72h` reads as "72 hours", `30d` as "30 days", `36h` as "36 hours".
    let whole_hours = (rest % Decimal::from(HOUR)).is_zero();
    let units: &[(i64, &str, &str)] = if whole_hours && rest < Decimal::from(3 * DAY + 1) {
        &[(HOUR, "hour", "hours")]
    } else {
        &[
            (DAY, "day", "days"),
            (HOUR, "hour", "hours"),
            (60_000, "minute", "minutes"),
        ]
    };
    for (factor, one, many) in units {
        let factor = Decimal::from(*factor);
        let whole = (rest / factor).trunc();
        if !whole.is_zero() {
            parts.push(counted(whole, one, many));
            rest -= whole * factor;
        }
    }
    // Seconds keep their fraction (`1.5 seconds`); under a second, milliseconds.
    if rest >= Decimal::from(1000) {
        parts.push(counted(rest / Decimal::from(1000), "second", "seconds"));
    } else if !rest.is_zero() {
        parts.push(counted(rest, "millisecond", "milliseconds"));
    }
    parts.join(" ")
}

/// Business time in words: `3 business days`, `1 business day 4 business hours`.
pub fn business(b: BusinessDuration) -> String {
    let mut parts = Vec::new();
    if !b.days.is_zero() {
        parts.push(counted(b.days, "business day", "business days"));
    }
    if !b.hours.is_zero() || b.days.is_zero() {
        parts.push(counted(b.hours, "business hour", "business hours"));
    }
    parts.join(" ")
}

/// A quantity in words: `99.9%`, `500 milliseconds`, `4 business hours`, `10,000 users`.
pub fn quantity(q: &Quantity) -> String {
    match q {
        Quantity::Percent(p) => p.to_string(),
        Quantity::Duration(d) => duration(*d),
        Quantity::Business(b) => business(*b),
        Quantity::Count(c) => match &c.unit {
            Some(u) => format!("{} {u}", with_thousands(c.value)),
            None => with_thousands(c.value),
        },
    }
}

/// The comparator as words before a value: `at least`, `more than`, `at most`, `less than`.
pub fn comparator(c: Comparator) -> &'static str {
    match c {
        Comparator::Ge => "at least",
        Comparator::Gt => "more than",
        Comparator::Le => "at most",
        Comparator::Lt => "less than",
    }
}

/// The comparator that holds exactly where `c` does not (`< x` and `>= x`).
pub fn complement(c: Comparator) -> Comparator {
    match c {
        Comparator::Ge => Comparator::Lt,
        Comparator::Gt => Comparator::Le,
        Comparator::Le => Comparator::Gt,
        Comparator::Lt => Comparator::Ge,
    }
}

/// A target in words: `at least 99.9%`, `less than 500 milliseconds`.
pub fn target(t: &Target) -> String {
    format!("{} {}", comparator(t.comparator), quantity(&t.quantity))
}

/// A written target in words, a percentage as written (`at least 99.0%`, not `99%`: the
/// contract reads as the parties wrote it); other quantities as [`target`] words them.
pub fn written(t: &Spanned<Target>) -> String {
    if let Quantity::Percent(_) = t.value.quantity
        && let Ok((_, rest)) = split_comparator(t.raw().trim())
        && rest.trim().ends_with('%')
    {
        return format!("{} {}", comparator(t.value.comparator), rest.trim());
    }
    target(&t.value)
}

/// A duration target as a deadline: `within 1 hour` (`<=`), `in less than 1 hour` (`<`).
pub fn deadline(t: &Target) -> String {
    match t.comparator {
        Comparator::Le => format!("within {}", quantity(&t.quantity)),
        Comparator::Lt => format!("in less than {}", quantity(&t.quantity)),
        _ => target(t),
    }
}

/// `each calendar month`, `each rolling period of 30 days`.
pub fn each_window(w: Window) -> String {
    match w {
        Window::Rolling(d) => format!("each rolling period of {}", duration(d)),
        other => format!("each {}", window(other)),
    }
}

/// `calendar month`, `rolling 30 days`.
pub fn window(w: Window) -> String {
    match w {
        Window::Week => "calendar week".into(),
        Window::Month => "calendar month".into(),
        Window::Quarter => "calendar quarter".into(),
        Window::Year => "calendar year".into(),
        Window::Rolling(d) => format!("rolling {}", duration(d)),
    }
}

/// `per calendar month`, `per rolling 30 days`.
pub fn per_window(w: Window) -> String {
    format!("per {}", window(w))
}

/// `every week`, `every month`, `every quarter`, `every year`.
pub fn every(f: Frequency) -> &'static str {
    match f {
        Frequency::Week => "every week",
        Frequency::Month => "every month",
        Frequency::Quarter => "every quarter",
        Frequency::Year => "every year",
    }
}

/// The next date after `d` a cadence falls due (a week is seven days).
pub fn next_due(d: Date, f: Frequency) -> Date {
    match f {
        Frequency::Week => Date::from_days_since_epoch(d.days_since_epoch() + 7),
        other => d.add_months(other.months()),
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `1 January 2026`.
pub fn date(d: Date) -> String {
    format!("{} {} {}", d.day, month(d.month), d.year)
}

/// `January` for 1.
pub fn month(m: u32) -> &'static str {
    MONTHS
        .get((m as usize).wrapping_sub(1))
        .copied()
        .unwrap_or("?")
}

/// `Monday`.
pub fn weekday(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// The days of a calendar: `Monday to Friday` for a run, else a list (`Monday, Wednesday and
/// Friday`), `every day` for all seven.
pub fn days(list: &[Weekday]) -> String {
    let mut d: Vec<Weekday> = list.to_vec();
    d.sort();
    d.dedup();
    if d.len() == 7 {
        return "every day".into();
    }
    let run = d.len() >= 3 && d.windows(2).all(|w| w[1] as usize == w[0] as usize + 1);
    if run {
        return format!("{} to {}", weekday(d[0]), weekday(d[d.len() - 1]));
    }
    and_list(
        &d.iter()
            .map(|x| weekday(*x).to_string())
            .collect::<Vec<_>>(),
    )
}

/// `a`, `a and b`, `a, b and c`.
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// An id as a name: `scheduled-maintenance` is `Scheduled maintenance`, `business_hours` is
/// `Business hours`. Used only where the document gives an id and no name.
pub fn humanize(id: &str) -> String {
    let spaced: String = id
        .chars()
        .map(|c| if c == '-' || c == '_' { ' ' } else { c })
        .collect();
    capitalize(&spaced)
}

/// The first letter in upper case.
pub fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A credit in words: `10%`, `3 days of service`, `10 times the api fees during the breach`,
/// `500 EUR per month`.
pub fn credit(c: &CreditAmount) -> String {
    match c {
        CreditAmount::Percent(p) => p.to_string(),
        CreditAmount::Multiple { multiple, of } if *multiple == Decimal::ONE => {
            format!("an amount equal to the {}", humanize(of).to_lowercase())
        }
        CreditAmount::Multiple { multiple, of } => {
            format!(
                "{} times the {}",
                with_thousands(*multiple),
                humanize(of).to_lowercase()
            )
        }
        CreditAmount::Days(d) => counted(*d, "day of service", "days of service"),
        CreditAmount::Money {
            amount,
            currency,
            per,
        } => format!(
            "{} {currency} per {}",
            with_thousands(*amount),
            humanize(per).to_lowercase()
        ),
    }
}

/// A cap in words: `50% of the fee`, `30 days of service`.
pub fn cap(c: &CreditCap) -> String {
    match c {
        CreditCap::Percent(p) => format!("{p} of the fee"),
        CreditCap::Days(d) => counted(*d, "day of service", "days of service"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dur(s: &str) -> Duration {
        Duration::parse(s).unwrap()
    }

    #[test]
    fn impacts_read_in_words() {
        // 13m3s and 1h5m13s are the allowed downtime of 99.9% and 99.5% of a month's
        // business hours; the difference, 52m10s.
        assert_eq!(
            impact("allowed downtime per month: 13m3s -> 1h5m13s (+52m10s)"),
            "allowed downtime per month: 13 minutes 3 seconds \u{2192} 1 hour 5 minutes 13 seconds (+52 minutes 10 seconds)"
        );
        assert_eq!(
            impact("500ms -> 800ms: 1.6x slower (+300ms)"),
            "500 milliseconds \u{2192} 800 milliseconds: 1.6x slower (+300 milliseconds)"
        );
        assert_eq!(
            impact("credit owed just below 99.9%: 10% -> 5%"),
            "credit owed just below 99.9%: 10% \u{2192} 5%"
        );
        assert_eq!(impact("within 3bd"), "within 3 business days");
    }

    #[test]
    fn durations_read_in_words() {
        // 2,630 s = 43 * 60 + 50.
        assert_eq!(
            duration(Duration::from_millis(Decimal::from(2_630_000))),
            "43 minutes 50 seconds"
        );
        assert_eq!(duration(dur("1h")), "1 hour");
        assert_eq!(duration(dur("72h")), "72 hours");
        assert_eq!(duration(dur("30d")), "30 days");
        assert_eq!(duration(dur("1d")), "24 hours");
        assert_eq!(duration(dur("4d2h")), "4 days 2 hours");
        assert_eq!(duration(dur("500ms")), "500 milliseconds");
        assert_eq!(duration(dur("1m30s")), "1 minute 30 seconds");
        assert_eq!(duration(dur("1.5s")), "1.5 seconds");
        assert_eq!(
            business(BusinessDuration::parse("3bd").unwrap()),
            "3 business days"
        );
        assert_eq!(
            business(BusinessDuration::parse("4bh").unwrap()),
            "4 business hours"
        );
        assert_eq!(
            business(BusinessDuration::parse("1bd4bh").unwrap()),
            "1 business day 4 business hours"
        );
    }

    #[test]
    fn dates_days_and_ids_read_in_words() {
        use Weekday::*;
        assert_eq!(date(Date::parse("2026-01-01").unwrap()), "1 January 2026");
        assert_eq!(days(&[Fri, Mon, Tue, Wed, Thu]), "Monday to Friday");
        assert_eq!(days(&[Mon, Wed, Fri]), "Monday, Wednesday and Friday");
        assert_eq!(days(&Weekday::ALL), "every day");
        assert_eq!(humanize("scheduled-maintenance"), "Scheduled maintenance");
        assert_eq!(with_thousands(Decimal::from(10000)), "10,000");
        assert_eq!(with_thousands(Decimal::from(1000)), "1000");
        // A year after 15 September 2026; a week after 28 December 2026 is 4 January 2027.
        assert_eq!(
            next_due(Date::parse("2026-09-15").unwrap(), Frequency::Year),
            Date::parse("2027-09-15").unwrap()
        );
        assert_eq!(
            next_due(Date::parse("2026-12-28").unwrap(), Frequency::Week),
            Date::parse("2027-01-04").unwrap()
        );
    }
}
