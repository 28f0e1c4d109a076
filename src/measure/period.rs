//! The period a report covers and the windows of an objective in it.
//!
//! A period is inclusive local dates (`--from`/`--to`) or a named one (`--period 2026-11`,
//! `2026-Q4`, `2026-W45`, `2026`). An objective's windows are its `window`'s calendar periods
//! (ISO weeks, months, quarters, years) that overlap the period, whole; a rolling `Nd` window is
//! the N days ending on the period's last day (`report.md` 5). Each window is then cut to the
//! agreement's effective term (6).

use crate::model::{Date, Duration, Weekday, Window as WindowKind};

/// Inclusive local dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// First day.
    pub from: Date,
    /// Last day, inclusive.
    pub to: Date,
}

impl Period {
    /// Parses `2026-11` (a month), `2026-Q4` (a quarter), `2026-W45` (an ISO week) or `2026`
    /// (a year).
    pub fn parse(s: &str) -> Result<Period, String> {
        let bad = || {
            format!(
                "`{s}` is not a period: write a month (`2026-11`), a quarter (`2026-Q4`), an ISO \
                 week (`2026-W45`) or a year (`2026`), or give `--from` and `--to`"
            )
        };
        let year = |y: &str| {
            (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
                .then(|| y.parse::<i32>().ok())
                .flatten()
        };
        let (y, rest) = s.split_once('-').map_or((s, None), |(y, r)| (y, Some(r)));
        let y = year(y).ok_or_else(bad)?;
        let two = |r: &str| {
            (r.len() == 2 && r.bytes().all(|b| b.is_ascii_digit()))
                .then(|| r.parse::<u32>().ok())
                .flatten()
        };
        let from_to = |from: Date, to: Date| Period { from, to };
        let jan1 = Date {
            year: y,
            month: 1,
            day: 1,
        };
        Ok(match rest {
            None => from_to(jan1, last_of(jan1.add_months(11))),
            Some(r) if r.starts_with('Q') => {
                let q = r[1..].parse::<u32>().ok().filter(|q| (1..=4).contains(q));
                let q = q.filter(|_| r.len() == 2).ok_or_else(bad)?;
                let first = jan1.add_months((q - 1) * 3);
                from_to(first, last_of(first.add_months(2)))
            }
            Some(r) if r.starts_with('W') => {
                let w = two(&r[1..]).filter(|w| *w >= 1).ok_or_else(bad)?;
                let monday = iso_week_monday(y, w)
                    .ok_or_else(|| format!("`{s}` is not a period: {y} has no ISO week {w}"))?;
                from_to(monday, add_days(monday, 6))
            }
            Some(r) => {
                let m = two(r).filter(|m| (1..=12).contains(m)).ok_or_else(bad)?;
                let first = Date {
                    year: y,
                    month: m,
                    day: 1,
                };
                from_to(first, last_of(first))
            }
        })
    }

    /// `--from` and `--to`, inclusive; the end must not be before the start.
    pub fn between(from: Date, to: Date) -> Result<Period, String> {
        if to < from {
            return Err(format!("`--to {to}` is before `--from {from}`"));
        }
        Ok(Period { from, to })
    }
}

/// One window of an objective: inclusive local dates and its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// `2026-11`, `2026-Q4`, `2026-W45`, `2026`, or `2026-11-01..2026-11-30` (rolling).
    pub label: String,
    /// The window's first day (before the effective term cut it).
    pub first: Date,
    /// Its last day, inclusive.
    pub last: Date,
}

/// The date `n` days after `d` (before, for a negative `n`).
pub fn add_days(d: Date, n: i64) -> Date {
    Date::from_days_since_epoch(d.days_since_epoch() + n)
}

/// The last day of `d`'s month.
pub fn last_of(d: Date) -> Date {
    let first = Date { day: 1, ..d };
    add_days(first.add_months(1), -1)
}

/// The Monday of ISO week `week` of `year` (week 1 holds the year's first Thursday).
fn iso_week_monday(year: i32, week: u32) -> Option<Date> {
    let jan4 = Date {
        year,
        month: 1,
        day: 4,
    };
    let monday1 = add_days(jan4, -i64::from(weekday_index(jan4)));
    let monday = add_days(monday1, 7 * (i64::from(week) - 1));
    // The week belongs to `year` if its Thursday does.
    (add_days(monday, 3).year == year).then_some(monday)
}

/// Monday 0 to Sunday 6.
fn weekday_index(d: Date) -> u32 {
    Weekday::ALL
        .iter()
        .position(|w| *w == d.weekday())
        .unwrap_or(0) as u32
}

/// The ISO week-numbering year and week of `d`.
fn iso_week(d: Date) -> (i32, u32) {
    let thursday = add_days(d, 3 - i64::from(weekday_index(d)));
    let jan1 = Date {
        year: thursday.year,
        month: 1,
        day: 1,
    };
    let week = (thursday.days_since_epoch() - jan1.days_since_epoch()) / 7 + 1;
    (thursday.year, week as u32)
}

/// The windows of kind `kind` that overlap `period`, earliest first; `Err` for a rolling
/// window that is not whole days (`36h`), which has no local dates.
pub fn windows(kind: WindowKind, period: Period) -> Result<Vec<Span>, String> {
    let mut out = Vec::new();
    match kind {
        WindowKind::Rolling(len) => {
            let days = whole_days(len).ok_or_else(|| {
                format!(
                    "a rolling window of `{len}` is not whole days; the report counts rolling \
                     windows of whole local days (`30d`, `7d`, `24h`)"
                )
            })?;
            let first = add_days(period.to, 1 - days);
            out.push(Span {
                label: format!("{first}..{}", period.to),
                first,
                last: period.to,
            });
        }
        WindowKind::Week => {
            let mut monday = add_days(period.from, -i64::from(weekday_index(period.from)));
            while monday <= period.to {
                let (y, w) = iso_week(monday);
                out.push(Span {
                    label: format!("{y}-W{w:02}"),
                    first: monday,
                    last: add_days(monday, 6),
                });
                monday = add_days(monday, 7);
            }
        }
        WindowKind::Month | WindowKind::Quarter | WindowKind::Year => {
            let months = match kind {
                WindowKind::Month => 1,
                WindowKind::Quarter => 3,
                _ => 12,
            };
            let first_month = (period.from.month - 1) / months * months + 1;
            let mut first = Date {
                year: period.from.year,
                month: first_month,
                day: 1,
            };
            while first <= period.to {
                let next = first.add_months(months);
                let label = match months {
                    1 => format!("{:04}-{:02}", first.year, first.month),
                    3 => format!("{:04}-Q{}", first.year, (first.month - 1) / 3 + 1),
                    _ => format!("{:04}", first.year),
                };
                out.push(Span {
                    label,
                    first,
                    last: add_days(next, -1),
                });
                first = next;
            }
        }
    }
    Ok(out)
}

/// Whole days of a duration (`30d`, `24h`, `2w`), if it is whole days.
fn whole_days(d: Duration) -> Option<i64> {
    use rust_decimal::prelude::ToPrimitive;
    let day = rust_decimal::Decimal::from(86_400_000);
    let ms = d.millis();
    (ms > rust_decimal::Decimal::ZERO && (ms % day).is_zero())
        .then(|| (ms / day).to_i64())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn named_periods_are_their_dates() {
        let p = |s| Period::parse(s).map(|p| (p.from.to_string(), p.to.to_string()));
        let pair = |a: &str, b: &str| Ok((a.to_string(), b.to_string()));
        assert_eq!(p("2026-11"), pair("2026-11-01", "2026-11-30"));
        assert_eq!(p("2028-02"), pair("2028-02-01", "2028-02-29"));
        assert_eq!(p("2026-Q4"), pair("2026-10-01", "2026-12-31"));
        assert_eq!(p("2026"), pair("2026-01-01", "2026-12-31"));
        // 2026-01-01 is a Thursday, so ISO week 1 of 2026 starts on Monday 2025-12-29.
        assert_eq!(p("2026-W01"), pair("2025-12-29", "2026-01-04"));
        // 2026 has 53 ISO weeks (it starts on a Thursday); 2027 does not.
        assert_eq!(p("2026-W53"), pair("2026-12-28", "2027-01-03"));
        assert!(p("2027-W53").unwrap_err().contains("no ISO week 53"));
        for bad in [
            "2026-13", "2026-Q5", "26-11", "2026-1", "november", "2026-Q", "",
        ] {
            assert!(p(bad).unwrap_err().contains("is not a period"), "{bad}");
        }
        assert!(
            Period::between(d("2026-11-02"), d("2026-11-01"))
                .unwrap_err()
                .contains("before")
        );
    }

    #[test]
    fn windows_overlapping_the_period_are_whole() {
        let period = Period::between(d("2026-11-15"), d("2027-01-10")).unwrap();
        let labels = |k| -> Vec<String> {
            windows(k, period)
                .unwrap()
                .into_iter()
                .map(|s| format!("{} {}..{}", s.label, s.first, s.last))
                .collect()
        };
        assert_eq!(
            labels(WindowKind::Month),
            [
                "2026-11 2026-11-01..2026-11-30",
                "2026-12 2026-12-01..2026-12-31",
                "2027-01 2027-01-01..2027-01-31"
            ]
        );
        assert_eq!(
            labels(WindowKind::Quarter),
            [
                "2026-Q4 2026-10-01..2026-12-31",
                "2027-Q1 2027-01-01..2027-03-31"
            ]
        );
        assert_eq!(
            labels(WindowKind::Year),
            ["2026 2026-01-01..2026-12-31", "2027 2027-01-01..2027-12-31"]
        );
        // 2026-11-15 is a Sunday: its ISO week (46) starts on Monday 2026-11-09; 2027-01-10
        // is a Sunday, the last day of ISO week 1 of 2027. 9 weeks in all.
        let weeks = labels(WindowKind::Week);
        assert_eq!(weeks.first().unwrap(), "2026-W46 2026-11-09..2026-11-15");
        assert_eq!(weeks.last().unwrap(), "2027-W01 2027-01-04..2027-01-10");
        assert_eq!(weeks.len(), 9);
        // 30 days ending on the period's last day: 2026-12-12 to 2027-01-10.
        let rolling = WindowKind::parse("30d").unwrap();
        assert_eq!(
            labels(rolling),
            ["2026-12-12..2027-01-10 2026-12-12..2027-01-10"]
        );
        let hours = WindowKind::parse("36h").unwrap();
        assert!(
            windows(hours, period)
                .unwrap_err()
                .contains("not whole days")
        );
    }
}
