//! Contract terms beyond the objectives: how much a credit is ([`CreditAmount`]), the cap on
//! credits ([`CreditCap`]), how a credit is claimed ([`Claims`]) and the notice owed before
//! maintenance and before an adverse change ([`Notice`]).

use std::fmt;

use rust_decimal::Decimal;

use super::quantity::fmt_decimal;
use super::{Duration, Percent, Span, Spanned};

/// How much service credit a tier owes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CreditAmount {
    /// `credit: 10%`: a percent of the fee of the window, for the affected service.
    Percent(Percent),
    /// `{multiple: 10, of: fees-during-downtime}`: a multiple of a named amount.
    Multiple {
        /// The factor.
        multiple: Decimal,
        /// What it multiplies (`fees-during-downtime`).
        of: String,
    },
    /// `{days: 3}`: days of service added free.
    Days(Decimal),
    /// `{amount: 100, currency: USD, per: incident}`: a fixed sum.
    Money {
        /// The sum.
        amount: Decimal,
        /// ISO 4217 code.
        currency: String,
        /// What the sum is owed for (`incident`, `month`).
        per: String,
    },
}

impl CreditAmount {
    /// The number owed, comparable only with an amount of the [same kind](Self::same_kind).
    pub fn value(&self) -> Decimal {
        match self {
            CreditAmount::Percent(p) => p.value(),
            CreditAmount::Multiple { multiple, .. } => *multiple,
            CreditAmount::Days(d) => *d,
            CreditAmount::Money { amount, .. } => *amount,
        }
    }

    /// The same kind of amount with the value `v` (for "owed: 10% -> 0%"); a percent above 100
    /// stays at 100.
    #[must_use]
    pub fn with_value(&self, v: Decimal) -> CreditAmount {
        match self {
            CreditAmount::Percent(_) => CreditAmount::Percent(
                Percent::from_value(v.min(Decimal::ONE_HUNDRED).max(Decimal::ZERO))
                    .unwrap_or_else(|| Percent::from_value(Decimal::ZERO).expect("0 is a percent")),
            ),
            CreditAmount::Multiple { of, .. } => CreditAmount::Multiple {
                multiple: v,
                of: of.clone(),
            },
            CreditAmount::Days(_) => CreditAmount::Days(v),
            CreditAmount::Money { currency, per, .. } => CreditAmount::Money {
                amount: v,
                currency: currency.clone(),
                per: per.clone(),
            },
        }
    }

    /// The percent, for a percent amount.
    pub fn percent(&self) -> Option<Percent> {
        match self {
            CreditAmount::Percent(p) => Some(*p),
            _ => None,
        }
    }

    /// Whether two amounts are counted in the same unit (percent of the fee; multiples of the
    /// same thing; days of service; the same currency per the same thing), so their values
    /// compare.
    pub fn same_kind(&self, other: &CreditAmount) -> bool {
        self.kind() == other.kind()
    }

    /// The unit the amount is counted in, in words (`percent of the fee`, `USD per incident`).
    pub fn kind(&self) -> String {
        match self {
            CreditAmount::Percent(_) => "percent of the fee".into(),
            CreditAmount::Multiple { of, .. } => format!("multiples of {of}"),
            CreditAmount::Days(_) => "days of service".into(),
            CreditAmount::Money { currency, per, .. } => format!("{currency} per {per}"),
        }
    }
}

impl fmt::Display for CreditAmount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CreditAmount::Percent(p) => write!(f, "{p}"),
            CreditAmount::Multiple { multiple, of } => {
                write!(f, "{}x {of}", fmt_decimal(*multiple))
            }
            CreditAmount::Days(d) => write!(f, "{}", days(*d)),
            CreditAmount::Money {
                amount,
                currency,
                per,
            } => write!(f, "{} {currency} per {per}", fmt_decimal(*amount)),
        }
    }
}

/// `3 days of service`, `1 day of service`.
fn days(d: Decimal) -> String {
    let unit = if d == Decimal::ONE { "day" } else { "days" };
    format!("{} {unit} of service", fmt_decimal(d))
}

/// `remedies.creditCap`: the most credit owed per period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CreditCap {
    /// `creditCap: 50%`: a percent of the period's fee.
    Percent(Percent),
    /// `creditCap: {days: 90}`: days of service.
    Days(Decimal),
}

impl fmt::Display for CreditCap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CreditCap::Percent(p) => write!(f, "{p}"),
            CreditCap::Days(d) => write!(f, "{}", days(*d)),
        }
    }
}

/// Where the claim deadline is counted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClaimAnchor {
    /// The incident.
    Incident,
    /// The end of the month of the incident.
    EndOfMonth,
    /// The end of its quarter.
    EndOfQuarter,
    /// The end of its billing cycle.
    EndOfBillingCycle,
}

impl ClaimAnchor {
    /// The anchors with their names, for the builder and messages.
    pub const ALL: [(&'static str, ClaimAnchor); 4] = [
        ("incident", ClaimAnchor::Incident),
        ("end-of-month", ClaimAnchor::EndOfMonth),
        ("end-of-quarter", ClaimAnchor::EndOfQuarter),
        ("end-of-billing-cycle", ClaimAnchor::EndOfBillingCycle),
    ];

    /// The name as written.
    pub fn name(self) -> &'static str {
        ClaimAnchor::ALL
            .iter()
            .find(|(_, a)| *a == self)
            .map_or("incident", |(n, _)| n)
    }
}

/// `remedies.claims`: how a credit is claimed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claims {
    /// Where the claims mapping is written.
    pub span: Span,
    /// The deadline for a claim.
    pub within: Spanned<Duration>,
    /// What the deadline is counted from.
    pub from: Spanned<ClaimAnchor>,
    /// Whether `within` counts business days (its days are then business days).
    pub business_days: Option<Spanned<bool>>,
    /// The channel a claim must use.
    pub via: Option<Spanned<String>>,
    /// What a claim must include.
    pub evidence: Vec<Spanned<String>>,
    /// Whether credits are issued without a claim.
    pub automatic: Option<Spanned<bool>>,
}

impl Claims {
    /// Whether the deadline counts business days (default: no).
    pub fn in_business_days(&self) -> bool {
        self.business_days.as_ref().is_some_and(|b| b.value)
    }

    /// Whether credits are issued without a claim (default: no).
    pub fn is_automatic(&self) -> bool {
        self.automatic.as_ref().is_some_and(|b| b.value)
    }

    /// The deadline as written, with its unit of days (`30d`, `10d (business days)`).
    pub fn deadline(&self) -> String {
        if self.in_business_days() {
            format!("{} (business days)", self.within.value)
        } else {
            self.within.value.to_string()
        }
    }
}

/// `spec.notice`: announcements owed ahead of time.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Notice {
    /// Notice owed before scheduled maintenance.
    pub maintenance: Option<Spanned<Duration>>,
    /// Notice owed before a change that weakens the agreement.
    pub adverse_change: Option<Spanned<Duration>>,
}
