//! The credit a window earns (`report.md` 11): of the tiers whose `when` holds, the largest;
//! below `creditFloor` it is 0; then at most `creditCap` (floor before cap, so a larger breach
//! never earns less). Money where a fee is given.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use super::outcome::Credit;
use crate::model::{Comparator, CreditAmount, CreditCap, Objective, Quantity, Spec};

/// An exact ratio `num / den` (a share of 100 when compared with a percent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ratio {
    /// Numerator.
    pub num: Decimal,
    /// Denominator, positive.
    pub den: Decimal,
}

impl Ratio {
    /// `num / den` as a percent, truncated (never rounded up) to 10 decimal places.
    pub fn percent(self) -> Decimal {
        let scale = Decimal::from(10_000_000_000_i64);
        ((self.num * Decimal::ONE_HUNDRED * scale) / self.den).trunc() / scale
    }

    /// How the ratio, as a percent, compares with `percent`: exact, by cross-multiplying.
    pub fn cmp_percent(self, percent: Decimal) -> Ordering {
        (self.num * Decimal::ONE_HUNDRED).cmp(&(percent * self.den))
    }
}

/// The measured value a target and the credit tiers are compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    /// A share (availability, a ratio, tickets within target).
    Share(Ratio),
    /// A plain number (a count).
    Number(Decimal),
}

impl Value {
    /// The value as reported: a percent truncated to 10 decimals, or the number.
    pub fn shown(self) -> Decimal {
        match self {
            Value::Share(r) => r.percent(),
            Value::Number(n) => n,
        }
    }

    /// Whether `comparator threshold` holds for the value, exactly; `None` when the kinds do
    /// not compare (a count against a percent).
    pub fn holds(self, comparator: Comparator, threshold: &Quantity) -> Option<bool> {
        let ord = match (self, threshold) {
            (Value::Share(r), Quantity::Percent(p)) => r.cmp_percent(p.value()),
            (Value::Number(n), Quantity::Count(c)) => n.cmp(&c.value),
            _ => return None,
        };
        Some(comparator.holds(ord))
    }

    /// The value minus the threshold, in the threshold's unit.
    pub fn minus(self, threshold: &Quantity) -> Option<Decimal> {
        match (self, threshold) {
            (Value::Share(r), Quantity::Percent(p)) => Some(r.percent() - p.value()),
            (Value::Number(n), Quantity::Count(c)) => Some(n - c.value),
            _ => None,
        }
    }
}

/// What a credit's money depends on beyond the tier.
#[derive(Debug, Clone, Default)]
pub struct Basis {
    /// The fee of the window's billing period and its currency, if given.
    pub fee: Option<(Decimal, String)>,
    /// Counted downtime in the window, seconds (for `fees-during-downtime`).
    pub downtime: i64,
    /// The window's wall-clock length, seconds.
    pub window_seconds: i64,
    /// The window's days (for days of service as money).
    pub window_days: i64,
    /// Incidents counted (for an amount per incident).
    pub incidents: usize,
}

/// The credit owed for `value` in a window, or `None` when no tier holds.
pub fn credit(spec: &Spec, objective: &Objective, value: Value, basis: &Basis) -> Option<Credit> {
    let holding: Vec<_> = objective
        .credits
        .iter()
        .filter(|t| {
            value
                .holds(t.when.value.comparator, &t.when.value.quantity)
                .unwrap_or(false)
        })
        .collect();
    let first = holding.first()?;
    let tier = holding
        .iter()
        .filter(|t| t.credit.value.same_kind(&first.credit.value))
        .max_by(|a, b| a.credit.value.value().cmp(&b.credit.value.value()))
        .unwrap_or(first);
    let amount = &tier.credit.value;
    let (unit, before) = match amount {
        CreditAmount::Percent(p) => ("percent of the fee".to_string(), p.value()),
        CreditAmount::Days(d) => ("days of service".to_string(), *d),
        CreditAmount::Multiple { multiple, of } => (format!("x {of}"), *multiple),
        CreditAmount::Money {
            amount,
            currency,
            per,
        } => {
            let times = if per == "incident" {
                Decimal::from(basis.incidents)
            } else {
                Decimal::ONE
            };
            (currency.clone(), *amount * times)
        }
    };
    let mut owed = before;
    let mut floored = false;
    if let (CreditAmount::Percent(_), Some(floor)) = (amount, &spec.credit_floor) {
        if owed < floor.value.value() {
            owed = Decimal::ZERO;
            floored = true;
        }
    }
    let mut capped = false;
    match (amount, spec.credit_cap.as_ref().map(|c| c.value)) {
        (CreditAmount::Percent(_), Some(CreditCap::Percent(cap))) if owed > cap.value() => {
            owed = cap.value();
            capped = true;
        }
        (CreditAmount::Days(_), Some(CreditCap::Days(cap))) if owed > cap => {
            owed = cap;
            capped = true;
        }
        _ => {}
    }
    let mut money = None;
    if let Some((fee, currency)) = &basis.fee {
        let m = match amount {
            CreditAmount::Percent(_) => Some(*fee * owed / Decimal::ONE_HUNDRED),
            CreditAmount::Days(_) if basis.window_days > 0 => {
                Some(*fee * owed / Decimal::from(basis.window_days))
            }
            CreditAmount::Multiple { of, .. }
                if of == "fees-during-downtime" && basis.window_seconds > 0 =>
            {
                Some(
                    *fee * owed * Decimal::from(basis.downtime)
                        / Decimal::from(basis.window_seconds),
                )
            }
            CreditAmount::Money { currency: c, .. } if c == currency => Some(owed),
            _ => None,
        };
        if let Some(mut m) = m {
            // A percent cap bounds money of every form (for a percent credit it already
            // bounded the percent).
            if let Some(CreditCap::Percent(cap)) = spec.credit_cap.as_ref().map(|c| c.value) {
                let most = *fee * cap.value() / Decimal::ONE_HUNDRED;
                if m > most {
                    m = most;
                    capped = true;
                }
            }
            money = Some((m, currency.clone()));
        }
    }
    Some(Credit {
        tier: tier.when.raw().to_string(),
        written: tier.credit.raw().to_string(),
        unit,
        amount: owed,
        before_limits: before,
        floored,
        capped,
        money,
    })
}
