//! The outcome of `slagate diff` ([`DiffReport`]) and what its formats share: the JSON
//! contract of `change-rules.md` (`base`, `head`, `findings`, a per-class `summary`) is
//! written by `json.rs`, the human view grouped by document by `human.rs`, and the formats
//! without fields for a change fold it into the help line ([`with_change_in_help`]).
//!
//! The findings may mix revision findings (with a class) and findings about the head's
//! validity (schema, lint), which render like `validate`'s.

use std::collections::HashMap;
use std::sync::Arc;

use super::Report;
use crate::diagnostic::{Diagnostic, Side};
use crate::source::SourceFile;

/// What `slagate diff` hands to a renderer.
#[derive(Debug, Clone, Copy)]
pub struct DiffReport<'a> {
    /// The base revision as shown: a short commit id.
    pub base: &'a str,
    /// The head revision as shown: a short commit id, `INDEX` or `WORKTREE`.
    pub head: &'a str,
    /// Revision findings and head-validity findings, grouped by document.
    pub diagnostics: &'a [Diagnostic],
    /// Head file texts, for snippets of validity findings.
    pub sources: &'a HashMap<Arc<str>, SourceFile>,
    /// SLA files compared (changed on either side).
    pub files: usize,
    /// Documents compared.
    pub documents: usize,
}

impl DiffReport<'_> {
    /// The same findings as a validation report (for counts and SARIF).
    pub(crate) fn report(&self) -> Report<'_> {
        Report {
            diagnostics: self.diagnostics,
            sources: self.sources,
            files: self.files,
            documents: self.documents,
        }
    }
}

/// Before, after and impact as help lines, for formats without fields for them.
pub fn with_change_in_help(d: &Diagnostic) -> Diagnostic {
    let mut d = d.clone();
    if let Some(c) = &d.change {
        let mut lines: Vec<String> = d.help.take().into_iter().collect();
        match (&c.before, &c.after) {
            (Some(b), Some(a)) => lines.push(format!("{b} -> {a}")),
            (Some(b), None) => lines.push(format!("before: {b}")),
            (None, Some(a)) => lines.push(format!("after: {a}")),
            (None, None) => {}
        }
        lines.extend(c.impact.as_ref().map(|i| format!("impact: {i}")));
        if c.side == Side::Base {
            lines.push("location in the base revision".into());
        }
        d.help = (!lines.is_empty()).then(|| lines.join("; "));
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{ChangeInfo, Class, Code, Span};
    use crate::report::Format;

    fn sample() -> Vec<Diagnostic> {
        let file: Arc<str> = "policies/acme-crm.sla.yaml".into();
        let mut weakened = Diagnostic::new(
            Code::TargetWeakened,
            file.clone(),
            Span::new(42, 13, 42, 23),
            "availability target lowered from `99.9%` to `99.5%`",
        )
        .with_document("acme-crm-enterprise")
        .with_objective("availability")
        .with_path("/spec/objectives/0/target");
        weakened.change = Some(ChangeInfo {
            class: Class::Weakened,
            before: Some(">= 99.9%".into()),
            after: Some(">= 99.5%".into()),
            impact: Some("allowed downtime per month: 43m50s -> 3h39m9s (+2h55m19s)".into()),
            side: Side::Head,
        });
        let mut removed = Diagnostic::new(
            Code::ObjectiveRemoved,
            file,
            Span::new(80, 11, 80, 25),
            "objective `api-latency` removed",
        )
        .with_document("acme-crm-enterprise")
        .with_objective("api-latency");
        removed.change = Some(ChangeInfo {
            class: Class::Weakened,
            before: Some("< 500ms".into()),
            after: None,
            impact: None,
            side: Side::Base,
        });
        vec![weakened, removed]
    }

    fn render_to_string(format: Format) -> String {
        let diags = sample();
        let sources = HashMap::new();
        let r = DiffReport {
            base: "3f2a1c0",
            head: "WORKTREE",
            diagnostics: &diags,
            sources: &sources,
            files: 1,
            documents: 1,
        };
        let mut buf = Vec::new();
        crate::report::render(&crate::report::Outcome::Diff(r), format, false, &mut buf).unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn json_follows_the_contract() {
        let v: serde_json::Value = serde_json::from_str(&render_to_string(Format::Json)).unwrap();
        assert_eq!(v["base"], "3f2a1c0");
        assert_eq!(v["head"], "WORKTREE");
        let f = &v["findings"][0];
        for (k, want) in [
            ("rule", "target-weakened"),
            ("level", "error"),
            ("class", "weakened"),
            ("file", "policies/acme-crm.sla.yaml"),
            ("document", "acme-crm-enterprise"),
            ("objective", "availability"),
            ("path", "/spec/objectives/0/target"),
            ("before", ">= 99.9%"),
            ("after", ">= 99.5%"),
            (
                "impact",
                "allowed downtime per month: 43m50s -> 3h39m9s (+2h55m19s)",
            ),
        ] {
            assert_eq!(f[k], want, "{k}");
        }
        assert_eq!(
            (f["line"].as_u64(), f["column"].as_u64()),
            (Some(42), Some(13))
        );
        assert!(f.get("side").is_none());
        assert_eq!(v["findings"][1]["side"], "base");
        for (k, n) in [
            ("weakened", 2),
            ("strengthened", 0),
            ("changed", 0),
            ("added", 0),
            ("removed", 0),
        ] {
            assert_eq!(v["summary"][k], n, "{k}");
        }
    }

    #[test]
    fn human_groups_by_document_with_before_and_after() {
        let out = render_to_string(Format::Human);
        insta::assert_snapshot!(out);
    }

    #[test]
    fn other_formats_carry_the_impact() {
        let gh = render_to_string(Format::Github);
        assert!(gh.contains("impact: allowed downtime"), "{gh}");
        assert!(gh.contains(">= 99.9%25 -> >= 99.5%25"), "{gh}");
        let md = render_to_string(Format::Markdown);
        assert!(md.contains("**2 weakened**"), "{md}");
        assert!(md.contains("(base)"));
        let sarif: serde_json::Value =
            serde_json::from_str(&render_to_string(Format::Sarif)).unwrap();
        assert_eq!(sarif["runs"][0]["properties"]["head"], "WORKTREE");
    }
}
