//! `credit-gap`: TODO(helper) one-line summary.

use crate::diagnostic::Code;
use crate::lint::Rule;

/// The rule.
pub struct CreditGap;

/// Docs.
pub const DOCS: &str = r"## What it checks
TODO

## Why is this bad?
TODO

## Example
TODO
";

impl Rule for CreditGap {
    fn code(&self) -> Code {
        Code::CreditGap
    }
}
