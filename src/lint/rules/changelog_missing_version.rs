//! `changelog-missing-version`: the changelog has no entry for `metadata.version`.

use crate::diagnostic::{Code, Diagnostic};
use crate::lint::{LintContext, Rule, finding};
use crate::model::{ChangelogEntry, SlaDocument};

/// The rule.
pub struct ChangelogMissingVersion;

/// Docs.
pub const DOCS: &str = r"## What it checks
That `spec.changelog` has an entry whose `version` is the document's `metadata.version`.

## Why is this bad?
An SLA changes only through change control: every version is agreed, dated and summarised.
A version without its changelog entry is a change nobody can trace to a request or an
approval, which is exactly what an audit or a dispute asks for first.

## Example
```yaml
metadata:
  id: acme-crm
  version: 3          # changelog-missing-version: no entry for version 3
spec:
  changelog:
    - {version: 2, date: 2026-03-02, summary: Added the error-rate objective}
```
";

/// Whether `changelog` has an entry for `version`.
pub fn has_entry(changelog: &[ChangelogEntry], version: u64) -> bool {
    changelog.iter().any(|c| c.version.value == version)
}

impl Rule for ChangelogMissingVersion {
    fn code(&self) -> Code {
        Code::ChangelogMissingVersion
    }

    fn check_document(&self, _cx: &LintContext<'_>, doc: &SlaDocument, out: &mut Vec<Diagnostic>) {
        let version = &doc.version;
        if has_entry(&doc.spec.changelog, version.value) {
            return;
        }
        let mut d = finding(
            self.code(),
            doc,
            version.span,
            format!("the changelog has no entry for version `{}`", version.value),
        )
        .with_path("/metadata/version")
        .with_help(format!(
            "add `{{version: {}, date: YYYY-MM-DD, summary: ...}}` to `spec.changelog`, saying what changed and who approved it",
            version.value
        ));
        if let Some(latest) = doc.spec.changelog.iter().max_by_key(|c| c.version.value) {
            d = d.with_related(
                doc.file.clone(),
                latest.version.span,
                format!("the latest entry is for version `{}`", latest.version.value),
            );
        }
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::testing::{BASE, documents, run};

    #[test]
    fn condition_matches_the_version_exactly() {
        let docs = documents(&[("t.sla.yaml", BASE)]);
        assert!(has_entry(&docs[0].spec.changelog, 2));
        assert!(!has_entry(&docs[0].spec.changelog, 3));
        assert!(!has_entry(&[], 1));
    }

    #[test]
    fn clean_document_has_none() {
        assert!(run(&ChangelogMissingVersion, BASE).is_empty());
    }

    #[test]
    fn raised_version_without_entry_is_reported_at_the_version() {
        let d = run(
            &ChangelogMissingVersion,
            &BASE.replace("  version: 2\n", "  version: 3\n"),
        );
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].message, "the changelog has no entry for version `3`");
        assert_eq!(d[0].span.start.line, 5);
        assert_eq!(d[0].path.as_deref(), Some("/metadata/version"));
        assert_eq!(d[0].related[0].span.start.line, 32);
        assert_eq!(
            d[0].related[0].message,
            "the latest entry is for version `2`"
        );
        assert_eq!(
            d[0].help.as_deref(),
            Some(
                "add `{version: 3, date: YYYY-MM-DD, summary: ...}` to `spec.changelog`, saying what changed and who approved it"
            )
        );
    }

    #[test]
    fn document_without_changelog_is_reported() {
        let text = BASE.replace(
            "  changelog:\n    - {version: 2, date: 2026-06-01, summary: Latency objective added}\n",
            "",
        );
        let d = run(&ChangelogMissingVersion, &text);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(d[0].related.is_empty());
    }
}
