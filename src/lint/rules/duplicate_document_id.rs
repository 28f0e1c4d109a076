//! `duplicate-document-id`: two documents in the repository share a `metadata.id`.

use std::collections::HashMap;

use crate::diagnostic::{Code, Diagnostic};
use crate::lint::{LintContext, Rule, finding};
use crate::model::SlaDocument;

/// The rule.
pub struct DuplicateDocumentId;

/// Docs.
pub const DOCS: &str = r"## What it checks
That every document of the repository has its own `metadata.id`, across files and between the
documents of one multi-document file.

## Why is this bad?
`metadata.id` is how `slagate diff` matches a document across revisions (so that a file can
move without being read as removed and added) and how `supports` references find their
objective. With two documents under one id, neither works: a change to one could be reported
against the other.

## Example
```yaml
# acme-crm.sla.yaml
metadata:
  id: acme-crm
---
# acme-crm-eu.sla.yaml
metadata:
  id: acme-crm      # duplicate-document-id: already used in acme-crm.sla.yaml
```
";

/// Pairs `(first, repeat)` of documents with the same `metadata.id`, in repository order.
pub fn duplicate_documents(documents: &[SlaDocument]) -> Vec<(&SlaDocument, &SlaDocument)> {
    let mut seen: HashMap<&str, &SlaDocument> = HashMap::new();
    let mut out = Vec::new();
    for doc in documents {
        match seen.get(doc.id.value.as_str()) {
            Some(first) => out.push((*first, doc)),
            None => {
                seen.insert(&doc.id.value, doc);
            }
        }
    }
    out
}

impl Rule for DuplicateDocumentId {
    fn code(&self) -> Code {
        Code::DuplicateDocumentId
    }

    fn check_repository(&self, cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
        for (first, again) in duplicate_documents(cx.documents) {
            let place = if first.file == again.file {
                format!("on line {}", first.id.span.start.line)
            } else {
                format!("in `{}` on line {}", first.file, first.id.span.start.line)
            };
            out.push(
                finding(
                    self.code(),
                    again,
                    again.id.span,
                    format!("document id `{}` is used twice", again.id.value),
                )
                .with_path("/metadata/id")
                .with_help(format!(
                    "give each document its own `metadata.id`; the first is {place}"
                ))
                .with_related(first.file.clone(), first.id.span, "first used here"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::testing::{BASE, documents, run, run_files};

    #[test]
    fn clean_repository_has_none() {
        assert!(run(&DuplicateDocumentId, BASE).is_empty());
        let other = BASE.replace("id: acme", "id: globex");
        assert!(
            run_files(
                &DuplicateDocumentId,
                &[("a.sla.yaml", BASE), ("b.sla.yaml", &other)]
            )
            .is_empty()
        );
    }

    #[test]
    fn same_id_in_two_files_points_at_the_later_one() {
        let d = run_files(
            &DuplicateDocumentId,
            &[("a.sla.yaml", BASE), ("b.sla.yaml", BASE)],
        );
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].message, "document id `acme` is used twice");
        assert_eq!(&*d[0].file, "b.sla.yaml");
        assert_eq!(d[0].span.start.line, 4);
        assert_eq!(
            d[0].help.as_deref(),
            Some(
                "give each document its own `metadata.id`; the first is in `a.sla.yaml` on line 4"
            )
        );
        assert_eq!(&*d[0].related[0].file, "a.sla.yaml");
        assert_eq!(d[0].related[0].span.start.line, 4);
    }

    #[test]
    fn same_id_twice_in_one_file_is_found() {
        let text = format!("{BASE}---\n{BASE}");
        let d = run(&DuplicateDocumentId, &text);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].span.start.line, 37);
        assert_eq!(
            d[0].help.as_deref(),
            Some("give each document its own `metadata.id`; the first is on line 4")
        );
    }

    #[test]
    fn a_third_copy_is_compared_with_the_first() {
        let docs = documents(&[
            ("a.sla.yaml", BASE),
            ("b.sla.yaml", BASE),
            ("c.sla.yaml", BASE),
        ]);
        let pairs = duplicate_documents(&docs);
        assert_eq!(pairs.len(), 2);
        assert!(pairs.iter().all(|(first, _)| &*first.file == "a.sla.yaml"));
    }
}
