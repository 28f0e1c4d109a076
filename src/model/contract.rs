//! Contract terms of the second round: `definitions` (the agreement's own glossary), an
//! objective's `measurement`, `owedBy` (which party owes it), severity definitions and
//! `plans` (tiers of service, lowest first).

use super::{Span, Spanned};

/// One entry of `spec.definitions`: a term and what the agreement means by it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    /// The term (`Downtime Minute`).
    pub term: Spanned<String>,
    /// Its definition.
    pub definition: Spanned<String>,
}

/// An objective's `measurement`: how its indicator is measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measurement {
    /// Where the measurement is written.
    pub span: Span,
    /// How it is measured, in words.
    pub description: Spanned<String>,
    /// The sampling interval (`1m`), as written.
    pub sample: Option<Spanned<super::Duration>>,
    /// What one measurement covers (`per region`, `per instance`).
    pub scope: Option<Spanned<String>>,
}

impl Measurement {
    /// The parts that carry meaning (not where or how they are written), for comparison.
    pub fn meaning(&self) -> (&str, Option<super::Duration>, Option<&str>) {
        (
            self.description.value.as_str(),
            self.sample.as_ref().map(|s| s.value),
            self.scope.as_ref().map(|s| s.value.as_str()),
        )
    }
}

/// Which party owes an objective (`owedBy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum OwedBy {
    /// The provider owes it to the customer (the default).
    #[default]
    Provider,
    /// The customer owes it to the provider (an internal agreement's other direction).
    Customer,
}

impl OwedBy {
    /// The values with their names, for the builder and messages.
    pub const ALL: [(&'static str, OwedBy); 2] = [
        ("provider", OwedBy::Provider),
        ("customer", OwedBy::Customer),
    ];

    /// `provider` or `customer`.
    pub fn name(self) -> &'static str {
        match self {
            OwedBy::Provider => "provider",
            OwedBy::Customer => "customer",
        }
    }

    /// The party the objective is owed to, which judges weaker and stronger.
    pub fn owed_to(self) -> &'static str {
        match self {
            OwedBy::Provider => "customer",
            OwedBy::Customer => "provider",
        }
    }
}

/// One entry of `spec.plans`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The id objectives refer to with `plan`.
    pub id: Spanned<String>,
    /// Display name.
    pub name: Spanned<String>,
}
