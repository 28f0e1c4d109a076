//! `effective-until-before-from`: TODO(helper) one-line summary.

use crate::diagnostic::Code;
use crate::lint::Rule;

/// The rule.
pub struct EffectiveUntilBeforeFrom;

/// Docs.
pub const DOCS: &str = r"## What it checks
TODO

## Why is this bad?
TODO

## Example
TODO
";

impl Rule for EffectiveUntilBeforeFrom {
    fn code(&self) -> Code {
        Code::EffectiveUntilBeforeFrom
    }
}
