//! `governance:` of the policy: the thresholds of the scheduled governance run of
//! `slagate github` (on `schedule` or `workflow_dispatch`), and the label of its tracking issue.
//!
//! `reviewDueWithin` and `expiresWithin` are whole days written `30d` (the schema checks the
//! form); `label` is the GitHub label the tracking issue carries and is found by. A label with a
//! comma is refused here, with its line: GitHub's issue list reads `labels=` as a
//! comma-separated list, so such a label could never find its issue again.

use std::sync::Arc;

use crate::diagnostic::{Code, Diagnostic};
use crate::source;

/// The default `reviewDueWithin`: a review due within 30 days is listed.
pub(super) const DEFAULT_REVIEW_DUE_WITHIN: u32 = 30;
/// The default `expiresWithin`: an agreement ending within 60 days is listed.
pub(super) const DEFAULT_EXPIRES_WITHIN: u32 = 60;
/// The default `label` of the tracking issue.
pub(super) const DEFAULT_LABEL: &str = "sla-governance";

/// `governance:` of the policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Governance {
    /// List an agreement whose review is due within this many days (an overdue one always).
    pub review_due_within: u32,
    /// List an agreement whose `effective.until` is within this many days (an ended one always).
    pub expires_within: u32,
    /// The label of the tracking issue.
    pub label: String,
}

impl Default for Governance {
    fn default() -> Governance {
        Governance {
            review_due_within: DEFAULT_REVIEW_DUE_WITHIN,
            expires_within: DEFAULT_EXPIRES_WITHIN,
            label: DEFAULT_LABEL.to_string(),
        }
    }
}

/// `30d` as days; `None` for anything else (the schema's pattern refuses it first).
pub(super) fn parse_days(s: &str) -> Option<u32> {
    let digits = s.strip_suffix('d')?;
    if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// A `governance:` mapping that fits the policy schema.
pub(super) fn parse(
    file: &Arc<str>,
    node: &source::Node,
    errors: &mut Vec<Diagnostic>,
) -> Governance {
    let mut g = Governance::default();
    let days = |key: &str| node.get(key).and_then(|n| n.as_str()).and_then(parse_days);
    if let Some(d) = days("reviewDueWithin") {
        g.review_due_within = d;
    }
    if let Some(d) = days("expiresWithin") {
        g.expires_within = d;
    }
    if let Some(label) = node.get("label") {
        let text = label.as_str().unwrap_or_default();
        if text.contains(',') {
            errors.push(
                Diagnostic::new(
                    Code::SchemaViolation,
                    file.clone(),
                    label.span,
                    format!("the governance label `{text}` holds a comma"),
                )
                .with_path("/governance/label")
                .with_help("GitHub lists issues by comma-separated labels, so a label with a comma cannot find its issue: choose one without, such as `sla-governance`"),
            );
        } else if !text.trim().is_empty() {
            g.label = text.trim().to_string();
        }
    }
    g
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_whole_days_with_a_d() {
        assert_eq!(parse_days("30d"), Some(30));
        assert_eq!(parse_days("0d"), Some(0));
        assert_eq!(parse_days("9999d"), Some(9999));
        for bad in ["30", "d", "30w", "-1d", "1.5d", "10000d", " 3d"] {
            assert_eq!(parse_days(bad), None, "{bad}");
        }
    }
}
