//! Availability from outages (`report.md` 7-9) and from samples.
//!
//! Outages: only the part inside the window's covered time counts, overlapping rows count
//! once. A row marked with an exclusion the objective lists is excused, the first `max` of
//! each exclusion's covered time per window; beyond it, downtime. Excused time wins where it
//! overlaps an outage. Availability = (covered - excused - downtime) / (covered - excused).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::credits::Ratio;
use super::data::{Missing, Origin, Outage, Series};
use super::intervals::{self, Set};
use super::outcome::Measured;

/// What [`from_outages`] found.
#[derive(Debug)]
pub struct Downtime {
    /// The figures.
    pub measured: Measured,
    /// Up / measured time; `None` when nothing is left to measure.
    pub ratio: Option<Ratio>,
    /// Covered time minus excused time, seconds.
    pub measured_seconds: i64,
    /// The first instant of counted downtime (unix seconds).
    pub first: Option<i64>,
    /// Downtime, seconds.
    pub downtime: i64,
}

/// One exclusion the objective lists: its id and its `max` per window in seconds.
pub type Listed<'a> = (&'a str, Option<i64>);

/// Downtime of the window whose covered time is `covered`, from `rows` (those that name this
/// objective or its service and overlap the window), with the objective's exclusions.
pub fn from_outages(covered: &Set, rows: &[&Outage], listed: &[Listed<'_>]) -> Downtime {
    let mut plain = Vec::new();
    let mut excluded: BTreeMap<&str, Vec<(i64, i64)>> = BTreeMap::new();
    for row in rows {
        let iv = (row.start.as_second(), row.end.as_second());
        match row
            .excluded
            .as_deref()
            .filter(|e| listed.iter().any(|(id, _)| id == e))
        {
            Some(e) => excluded.entry(e).or_default().push(iv),
            None => plain.push(iv),
        }
    }
    let mut excused = Vec::new();
    let mut over = Vec::new();
    for (id, ivs) in excluded {
        let set = intervals::intersect(&intervals::union(ivs), covered);
        let cap = listed.iter().find(|(l, _)| *l == id).and_then(|(_, m)| *m);
        match cap {
            Some(cap) => {
                let (first, rest) = intervals::split_first(&set, cap);
                excused.extend(first);
                over.extend(rest);
            }
            None => excused.extend(set),
        }
    }
    let excused = intervals::union(excused);
    let over = intervals::union(over);
    let plain = intervals::intersect(&intervals::union(plain), covered);
    let down_all = intervals::union(plain.iter().chain(&over).copied().collect());
    let down = intervals::subtract(&down_all, &excused);
    let over_cap = intervals::length(&intervals::subtract(&over, &excused));
    let incidents: Vec<Origin> = rows
        .iter()
        .filter(|r| {
            let (s, e) = (r.start.as_second(), r.end.as_second());
            !intervals::intersect(&[(s, e)], &down).is_empty()
        })
        .map(|r| r.origin.clone())
        .collect();
    let covered_s = intervals::length(covered);
    let excused_s = intervals::length(&excused);
    let downtime = intervals::length(&down);
    let measured_seconds = covered_s - excused_s;
    Downtime {
        measured: Measured::Downtime {
            downtime,
            excused: excused_s,
            over_cap,
            incidents,
        },
        ratio: (measured_seconds > 0).then(|| Ratio {
            num: Decimal::from(measured_seconds - downtime),
            den: Decimal::from(measured_seconds),
        }),
        measured_seconds,
        first: down.first().map(|d| d.0),
        downtime,
    }
}

/// What [`from_samples`] found.
#[derive(Debug)]
pub struct Sampled {
    /// The figures.
    pub measured: Measured,
    /// Good / measured minutes; `None` when nothing is left to measure.
    pub ratio: Option<Ratio>,
    /// Measured time, seconds.
    pub measured_seconds: i64,
    /// The first minute that was not fully good (unix seconds).
    pub first: Option<i64>,
    /// Bad minutes' worth, seconds, truncated.
    pub downtime: i64,
}

/// Availability (or a ratio) of the window whose covered time is `covered`, from a series
/// at a 1-minute step. A sample at `t` stands for the minute `[t, t + 60)`; a covered minute
/// with no sample is "no data" and counts as the binding says.
pub fn from_samples(covered: &Set, series: &Series) -> Sampled {
    let samples = &series.samples;
    let step = series.step.max(1);
    let mut with = 0i64;
    let mut good = Decimal::ZERO;
    let mut total_minutes = 0i64;
    let mut first = None;
    for &(a, b) in covered {
        // Whole steps of the run, aligned to the step.
        let start = a.div_euclid(step) * step + if a.rem_euclid(step) == 0 { 0 } else { step };
        let end = b.div_euclid(step) * step;
        if end <= start {
            continue;
        }
        total_minutes += (end - start) / step;
        let lo = samples.partition_point(|(t, _)| *t < start);
        let hi = samples.partition_point(|(t, _)| *t < end);
        for &(t, v) in &samples[lo..hi] {
            with += 1;
            good += v;
            if first.is_none() && v < Decimal::ONE {
                first = Some(t);
            }
        }
    }
    let no_data = total_minutes - with;
    let (num, den) = match series.missing {
        Missing::Down => (good, total_minutes),
        Missing::Up => (good + Decimal::from(no_data), total_minutes),
        Missing::Excluded => (good, with),
    };
    let bad = Decimal::from(den) - num;
    let downtime = (bad * Decimal::from(step)).trunc();
    Sampled {
        measured: Measured::Samples {
            minutes: with,
            good,
            no_data,
            no_data_as: match series.missing {
                Missing::Down => "down",
                Missing::Up => "up",
                Missing::Excluded => "excluded",
            }
            .into(),
        },
        ratio: (den > 0).then(|| Ratio {
            num,
            den: Decimal::from(den),
        }),
        measured_seconds: den * step,
        first,
        downtime: downtime.to_i64().unwrap_or(i64::MAX),
    }
}
