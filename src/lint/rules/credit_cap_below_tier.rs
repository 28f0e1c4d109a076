//! `credit-cap-below-tier`: TODO(helper) one-line summary.

use crate::diagnostic::Code;
use crate::lint::Rule;

/// The rule.
pub struct CreditCapBelowTier;

/// Docs.
pub const DOCS: &str = r"## What it checks
TODO

## Why is this bad?
TODO

## Example
TODO
";

impl Rule for CreditCapBelowTier {
    fn code(&self) -> Code {
        Code::CreditCapBelowTier
    }
}
