//! The gate's outcome as Markdown: the pull-request summary comment and the step summary.

use std::collections::HashMap;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::gate::Decision;
use crate::source::SourceFile;

/// The summary comment (and step summary) of a gate run: the hidden marker
/// [`super::markdown::MARKER`] on the first line, the verdict, the findings table, the
/// change-control checklist per document, and how to get approval. `findings` are the
/// comparison's findings (revision diff and head validation); the gate's own come from
/// `decision`. Everything that came from YAML or the pull request is escaped.
pub fn summary_markdown(decision: &Decision, findings: &[Diagnostic], sources: &HashMap<Arc<str>, SourceFile>, base_label: &str, head_label: &str) -> String {
    let _ = (decision, findings, sources, base_label, head_label);
    String::new()
}
