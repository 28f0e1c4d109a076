//! `credit-condition-mismatch`: TODO(helper) one-line summary.

use crate::diagnostic::Code;
use crate::lint::Rule;

/// The rule.
pub struct CreditConditionMismatch;

/// Docs.
pub const DOCS: &str = r"## What it checks
TODO

## Why is this bad?
TODO

## Example
TODO
";

impl Rule for CreditConditionMismatch {
    fn code(&self) -> Code {
        Code::CreditConditionMismatch
    }
}
