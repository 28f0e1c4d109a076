//! Support tickets (`report.md` 12): a ticket belongs to the window its `opened` falls in; its
//! elapsed time is the covered time of the objective's calendar from `opened` to its first
//! response (response-time) or resolution (resolution-time). An unanswered ticket is breached
//! once past its target at the report's "now", otherwise pending.

use rust_decimal::Decimal;

use super::credits::Ratio;
use super::data::TicketRef;
use super::intervals::Set;
use super::outcome::Measured;
use crate::model::Comparator;

/// Covered seconds between instants, by prefix sums over a window's covered runs.
pub struct Elapsed {
    runs: Set,
    before: Vec<i64>,
}

impl Elapsed {
    /// Over `runs` (sorted, disjoint).
    pub fn new(runs: Set) -> Elapsed {
        let mut before = Vec::with_capacity(runs.len());
        let mut sum = 0;
        for (a, b) in &runs {
            before.push(sum);
            sum += b - a;
        }
        Elapsed { runs, before }
    }

    /// The runs.
    pub fn runs(&self) -> &[(i64, i64)] {
        &self.runs
    }

    /// Covered seconds before `t` (from the first run).
    fn upto(&self, t: i64) -> i64 {
        let i = self.runs.partition_point(|(_, b)| *b <= t);
        match self.runs.get(i) {
            Some((a, b)) => self.before[i] + (t - a).clamp(0, b - a),
            None => self
                .before
                .last()
                .map_or(0, |l| l + self.runs.last().map_or(0, |(a, b)| b - a)),
        }
    }

    /// Covered seconds in `[a, b)`.
    pub fn between(&self, a: i64, b: i64) -> i64 {
        (self.upto(b) - self.upto(a)).max(0)
    }
}

/// Which instant ends a ticket's clock.
#[derive(Debug, Clone, Copy)]
pub enum Until {
    /// The first response.
    Response,
    /// The resolution.
    Resolution,
}

/// What [`count`] found.
pub struct Counted {
    /// The figures.
    pub measured: Measured,
    /// Within target / counted.
    pub ratio: Option<Ratio>,
    /// Whether every counted ticket was within target.
    pub all_within: bool,
    /// The earliest opened instant of a breached ticket.
    pub first_breach: Option<i64>,
}

/// Counts `tickets` (those of the window) against `target` covered seconds with
/// `comparator` (`<= 4h`: elapsed at most 4 hours), at `now`.
pub fn count(
    tickets: &[TicketRef<'_>],
    elapsed: &Elapsed,
    until: Until,
    comparator: Comparator,
    target: Decimal,
    now: i64,
) -> Counted {
    let (mut within, mut counted) = (0usize, 0usize);
    let mut breached = Vec::new();
    let mut pending = Vec::new();
    let mut first_breach: Option<i64> = None;
    for t in tickets {
        let opened = t.opened();
        let end = match until {
            Until::Response => t.first_response(),
            Until::Resolution => t.resolved(),
        };
        let holds = |secs: i64| comparator.holds(Decimal::from(secs).cmp(&target));
        if let Some(end) = end {
            let secs = elapsed.between(opened, end);
            counted += 1;
            if holds(secs) {
                within += 1;
            } else {
                breached.push((t.id().to_owned(), Some(secs)));
                first_breach = Some(first_breach.map_or(opened, |f| f.min(opened)));
            }
        } else {
            let secs = elapsed.between(opened, now);
            // Still open: breached once it can no longer meet the target.
            let can_still = match comparator {
                Comparator::Le | Comparator::Lt => holds(secs),
                _ => true,
            };
            if can_still {
                pending.push(t.id().to_owned());
            } else {
                counted += 1;
                breached.push((t.id().to_owned(), None));
                first_breach = Some(first_breach.map_or(opened, |f| f.min(opened)));
            }
        }
    }
    Counted {
        measured: Measured::Tickets {
            counted,
            within,
            breached,
            pending,
        },
        ratio: (counted > 0).then(|| Ratio {
            num: Decimal::from(within),
            den: Decimal::from(counted),
        }),
        all_within: within == counted,
        first_breach,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elapsed_counts_covered_seconds_only() {
        // Covered: [100, 200) and [300, 400).
        let e = Elapsed::new(vec![(100, 200), (300, 400)]);
        assert_eq!(e.between(0, 1000), 200);
        assert_eq!(e.between(150, 350), 50 + 50);
        assert_eq!(e.between(200, 300), 0);
        assert_eq!(e.between(350, 2000), 50);
        assert_eq!(e.between(400, 300), 0);
    }
}
