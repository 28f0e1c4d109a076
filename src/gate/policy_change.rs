//! `policy-weakened`: what a change of `.slagate.yaml` loosens.

use crate::diagnostic::Diagnostic;
use crate::policy::Policy;

/// The loosenings from `base` to `head` (the head file's policy), as `policy-weakened`
/// findings located in the head file. `paths` are the SLA candidate paths of both revisions,
/// to tell which files a narrowed `include` or widened `exclude` drops out of the gate.
pub fn policy_changes(base: &Policy, head: &Policy, paths: &[String]) -> Vec<Diagnostic> {
    let _ = (base, head, paths);
    Vec::new()
}
