//! Targets (`">= 99.9%"`): the comparator grammar, the indicator catalogue, and what
//! "stronger" means.

use std::cmp::Ordering;
use std::fmt;

use super::quantity::{Quantity, QuantityError, QuantityKind};

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

/// A comparator and a quantity: the promise an objective makes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Target {
    /// Which way is better, and whether equality meets the target.
    pub comparator: Comparator,
    /// The threshold.
    pub quantity: Quantity,
}

/// How two targets relate for the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strength {
    /// The second promises more.
    Stronger,
    /// The same promise, however written.
    Same,
    /// The second promises less.
    Weaker,
    /// Different directions or kinds: a person must judge.
    Incomparable,
}

impl Target {
    /// Parses `">= 99.9%"`, `"<= 1h"`, `"> 60%"`, `">= 10000 users"`.
    pub fn parse(s: &str) -> Result<Target, QuantityError> {
        let (comparator, rest) = split_comparator(s)?;
        let quantity = Quantity::parse(rest)?;
        Ok(Target {
            comparator,
            quantity,
        })
    }

    /// The direction the comparator gives.
    pub fn direction(&self) -> Direction {
        self.comparator.direction()
    }

    /// The kind of the threshold.
    pub fn kind(&self) -> QuantityKind {
        self.quantity.kind()
    }

    /// How `other` compares to `self` for the customer: exact decimal comparison, and at an
    /// equal threshold a strict comparator (`>`, `<`) is stronger than an inclusive one.
    pub fn strength_of(&self, other: &Target) -> Strength {
        if self.direction() != other.direction() {
            return Strength::Incomparable;
        }
        let Some(ord) = other.quantity.compare(&self.quantity) else {
            return Strength::Incomparable;
        };
        let ord = match self.direction() {
            Direction::HigherIsBetter => ord,
            Direction::LowerIsBetter => ord.reverse(),
        };
        let ord = ord.then(
            other
                .comparator
                .is_strict()
                .cmp(&self.comparator.is_strict()),
        );
        match ord {
            Ordering::Greater => Strength::Stronger,
            Ordering::Equal => Strength::Same,
            Ordering::Less => Strength::Weaker,
        }
    }

    /// Whether an attainment of `value` meets this target.
    pub fn is_met_by(&self, value: &Quantity) -> Option<bool> {
        value
            .compare(&self.quantity)
            .map(|ord| self.comparator.holds(ord))
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.comparator, self.quantity)
    }
}

/// The indicator catalogue of `sla-format.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Indicator {
    /// Uptime, as a percent; higher is better.
    Availability,
    /// Request latency, as a duration; lower is better.
    Latency,
    /// First response (support, lead follow-up); lower is better.
    ResponseTime,
    /// Time to resolve; lower is better.
    ResolutionTime,
    /// Failed requests, as a percent; lower is better.
    ErrorRate,
    /// Work per window, as a count; higher is better.
    Throughput,
    /// Concurrent load supported, as a count; higher is better.
    Capacity,
    /// CSAT, as a percent; higher is better.
    Satisfaction,
    /// A rate such as qualification or first-call resolution; either direction.
    Ratio,
    /// A count such as leads delivered; either direction.
    Count,
    /// Anything else.
    Custom,
}

impl Indicator {
    /// Every indicator with its name.
    pub const ALL: &'static [(Indicator, &'static str)] = &[
        (Indicator::Availability, "availability"),
        (Indicator::Latency, "latency"),
        (Indicator::ResponseTime, "response-time"),
        (Indicator::ResolutionTime, "resolution-time"),
        (Indicator::ErrorRate, "error-rate"),
        (Indicator::Throughput, "throughput"),
        (Indicator::Capacity, "capacity"),
        (Indicator::Satisfaction, "satisfaction"),
        (Indicator::Ratio, "ratio"),
        (Indicator::Count, "count"),
        (Indicator::Custom, "custom"),
    ];

    /// Looks an indicator up by name.
    pub fn from_name(s: &str) -> Option<Indicator> {
        Indicator::ALL
            .iter()
            .find(|(_, n)| *n == s)
            .map(|(i, _)| *i)
    }

    /// The name as written in YAML.
    pub fn as_str(self) -> &'static str {
        Indicator::ALL
            .iter()
            .find(|(i, _)| *i == self)
            .map_or("custom", |(_, n)| n)
    }

    /// The quantity kind the catalogue requires, if any.
    pub fn quantity(self) -> Option<QuantityKind> {
        match self {
            Indicator::Availability
            | Indicator::ErrorRate
            | Indicator::Satisfaction
            | Indicator::Ratio => Some(QuantityKind::Percent),
            Indicator::Latency | Indicator::ResponseTime | Indicator::ResolutionTime => {
                Some(QuantityKind::Duration)
            }
            Indicator::Throughput | Indicator::Capacity | Indicator::Count => {
                Some(QuantityKind::Count)
            }
            Indicator::Custom => None,
        }
    }

    /// The direction the catalogue requires, if any.
    pub fn direction(self) -> Option<Direction> {
        match self {
            Indicator::Availability
            | Indicator::Throughput
            | Indicator::Capacity
            | Indicator::Satisfaction => Some(Direction::HigherIsBetter),
            Indicator::Latency
            | Indicator::ResponseTime
            | Indicator::ResolutionTime
            | Indicator::ErrorRate => Some(Direction::LowerIsBetter),
            Indicator::Ratio | Indicator::Count | Indicator::Custom => None,
        }
    }
}

impl fmt::Display for Indicator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A latency percentile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Percentile {
    /// Median.
    P50,
    /// 90th.
    P90,
    /// 95th.
    P95,
    /// 99th.
    P99,
    /// 99.9th.
    P999,
}

impl Percentile {
    /// Parses `p95`.
    pub fn parse(s: &str) -> Option<Percentile> {
        Some(match s {
            "p50" => Percentile::P50,
            "p90" => Percentile::P90,
            "p95" => Percentile::P95,
            "p99" => Percentile::P99,
            "p99.9" => Percentile::P999,
            _ => return None,
        })
    }

    /// The name as written.
    pub fn as_str(self) -> &'static str {
        match self {
            Percentile::P50 => "p50",
            Percentile::P90 => "p90",
            Percentile::P95 => "p95",
            Percentile::P99 => "p99",
            Percentile::P999 => "p99.9",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Target {
        Target::parse(s).unwrap()
    }

    #[test]
    fn strength_follows_direction_and_strictness() {
        let table = [
            (">= 99.9%", ">= 99.5%", Strength::Weaker),
            (">= 99.5%", ">= 99.9%", Strength::Stronger),
            (">= 99.9%", ">= 99.90%", Strength::Same),
            ("> 99.9%", ">= 99.9%", Strength::Weaker),
            (">= 99.9%", "> 99.9%", Strength::Stronger),
            ("<= 1h", "<= 4h", Strength::Weaker),
            ("<= 1h", "<= 60m", Strength::Same),
            ("<= 1h", "< 1h", Strength::Stronger),
            ("< 1h", "<= 1h", Strength::Weaker),
            ("< 500ms", "< 0.5s", Strength::Same),
            ("<= 500ms", "<= 200ms", Strength::Stronger),
            (">= 10000 users", ">= 5000 users", Strength::Weaker),
            (
                ">= 10000 users",
                ">= 10000 sessions",
                Strength::Incomparable,
            ),
            (">= 99%", "<= 99%", Strength::Incomparable),
            (">= 99%", ">= 99ms", Strength::Incomparable),
            ("<= 1%", "<= 2%", Strength::Weaker),
        ];
        for (a, b, want) in table {
            assert_eq!(t(a).strength_of(&t(b)), want, "{a} -> {b}");
        }
    }

    #[test]
    fn malformed_targets_explain_themselves() {
        for (s, needle) in [
            ("<= 1hr", "`hr`"),
            ("<= -5m", "sign"),
            (">= 120%", "more than 100%"),
            ("=> 5m", "unknown comparator"),
            ("99.9%", "no comparator"),
            (">=  5m", "more than one space"),
        ] {
            let e = Target::parse(s).unwrap_err();
            assert!(e.message.contains(needle), "{s}: {}", e.message);
        }
    }

    #[test]
    fn targets_know_when_they_are_met() {
        let target = t(">= 99.9%");
        assert_eq!(
            target.is_met_by(&Quantity::parse("99.95%").unwrap()),
            Some(true)
        );
        assert_eq!(
            target.is_met_by(&Quantity::parse("99.9%").unwrap()),
            Some(true)
        );
        assert_eq!(
            target.is_met_by(&Quantity::parse("99.8%").unwrap()),
            Some(false)
        );
        assert_eq!(target.to_string(), ">= 99.9%");
    }

    #[test]
    fn catalogue_gives_kind_and_direction() {
        assert_eq!(
            Indicator::from_name("availability").unwrap().quantity(),
            Some(QuantityKind::Percent)
        );
        assert_eq!(
            Indicator::ErrorRate.direction(),
            Some(Direction::LowerIsBetter)
        );
        assert_eq!(Indicator::Ratio.direction(), None);
        assert_eq!(Indicator::from_name("nope"), None);
        for (i, n) in Indicator::ALL {
            assert_eq!(i.as_str(), *n);
        }
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
}
