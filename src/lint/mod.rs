//! Semantic rules beyond the schema, one file per rule in [`rules`].
//!
//! Rules see only the validated model ([`SlaDocument`]); they never parse text or touch the
//! file system. A rule can look at one document at a time, or at the whole repository (ids
//! unique across files, `supports` references). Each rule's condition is a small pure
//! function, tested beside it; the `check_*` methods only turn it into diagnostics.

pub mod registry;
pub mod rules;

use std::collections::HashMap;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Date, Objective, SlaDocument, Spanned, SupportRef};

/// What every rule may know besides the documents.
#[derive(Debug, Clone)]
pub struct LintContext<'a> {
    /// Today's date, for review and changelog checks (passed in so lint stays pure).
    pub today: Date,
    /// Every document of the repository (or of the files checked).
    pub documents: &'a [SlaDocument],
    /// Documents by `metadata.id` (the first wins), so references resolve in constant time:
    /// a repository of 10,000 documents must not cost 10,000 x 10,000 comparisons.
    by_id: HashMap<&'a str, &'a SlaDocument>,
}

impl<'a> LintContext<'a> {
    /// A context over `documents`, indexed by id.
    pub fn new(today: Date, documents: &'a [SlaDocument]) -> LintContext<'a> {
        let mut by_id = HashMap::with_capacity(documents.len());
        for d in documents {
            by_id.entry(d.id.value.as_str()).or_insert(d);
        }
        LintContext {
            today,
            documents,
            by_id,
        }
    }

    /// The document with `metadata.id` `id` (the first one, if several share it).
    pub fn document(&self, id: &str) -> Option<&'a SlaDocument> {
        self.by_id.get(id).copied()
    }
}

/// A lint rule.
pub trait Rule: Sync {
    /// The code the rule reports.
    fn code(&self) -> Code;

    /// Checks one document.
    fn check_document(
        &self,
        _cx: &LintContext<'_>,
        _doc: &SlaDocument,
        _out: &mut Vec<Diagnostic>,
    ) {
    }

    /// Checks the repository as a whole (runs once, after every document).
    fn check_repository(&self, _cx: &LintContext<'_>, _out: &mut Vec<Diagnostic>) {}
}

/// A finding about `doc` at its code's default level, with the document id set.
pub(crate) fn finding(
    code: Code,
    doc: &SlaDocument,
    span: crate::diagnostic::Span,
    message: impl Into<String>,
) -> Diagnostic {
    Diagnostic::new(code, doc.file.clone(), span, message).with_document(doc.id.value.clone())
}

/// How many defined ids a help line lists before it says "and N more".
const LISTED_IDS: usize = 8;

/// The defined id closest to `name`, when it is close enough to be a likely typo (a third of
/// the name's characters, at least one).
pub(crate) fn closest<'a>(name: &str, defined: &[&'a str]) -> Option<&'a str> {
    let limit = name.chars().count().max(3) / 3;
    crate::text::closest(name, defined, |_| limit).copied()
}

/// `` `a`, `b`, `c` `` (and how many more, past a handful).
pub(crate) fn id_list(ids: &[&str]) -> String {
    crate::text::backticked(ids, LISTED_IDS)
}

/// The help line of a reference to an id that `section` does not define: a likely typo
/// first, then what is defined.
pub(crate) fn reference_help(name: &str, defined: &[&str], section: &str) -> String {
    if defined.is_empty() {
        return format!("define it under `{section}`");
    }
    match closest(name, defined) {
        Some(near) => format!(
            "did you mean `{near}`? `{section}` defines {}",
            id_list(defined)
        ),
        None => format!(
            "define it under `{section}`, or use one of {}",
            id_list(defined)
        ),
    }
}

/// Where a `supports` reference leads.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Support<'a> {
    /// The supported objective, in its document.
    Found(&'a SlaDocument, &'a Objective),
    /// No document of the repository has the id.
    NoDocument,
    /// The document exists but has no objective with the id.
    NoObjective(&'a SlaDocument),
}

/// Resolves a `supports` reference against the repository; the first document with the id wins
/// (`duplicate-document-id` reports the others).
pub(crate) fn resolve_support<'a>(cx: &LintContext<'a>, reference: &SupportRef) -> Support<'a> {
    match cx.document(&reference.document) {
        None => Support::NoDocument,
        Some(doc) => doc
            .spec
            .objective(&reference.objective)
            .map_or(Support::NoObjective(doc), |o| Support::Found(doc, o)),
    }
}

/// A `supports` reference that resolves: an objective and the objective it underpins.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SupportLink<'a> {
    /// The document of the supporting objective.
    pub doc: &'a SlaDocument,
    /// The supporting objective (usually an OLA's).
    pub objective: &'a Objective,
    /// The reference as written.
    pub reference: &'a Spanned<SupportRef>,
    /// The position of the reference in `supports` (for JSON pointers).
    pub position: usize,
    /// The document of the supported objective.
    pub supported_doc: &'a SlaDocument,
    /// The supported objective (usually a customer SLA's).
    pub supported: &'a Objective,
}

/// Every `supports` reference of `doc` that resolves, in source order.
pub(crate) fn support_links<'a>(
    cx: &LintContext<'a>,
    doc: &'a SlaDocument,
) -> Vec<SupportLink<'a>> {
    let mut links = Vec::new();
    for objective in &doc.spec.objectives {
        for (position, reference) in objective.supports.iter().enumerate() {
            if let Support::Found(supported_doc, supported) = resolve_support(cx, &reference.value)
            {
                links.push(SupportLink {
                    doc,
                    objective,
                    reference,
                    position,
                    supported_doc,
                    supported,
                });
            }
        }
    }
    links
}

/// Below this many documents the per-document rules run on the calling thread.
const PARALLEL_AT: usize = 256;

/// Runs every registered rule over `cx.documents`.
///
/// The per-document rules of a large repository run on all cores, over contiguous slices of
/// the documents, and their findings are joined in document order, so the result does not
/// depend on the number of cores. The repository rules run once, after them.
pub fn lint(cx: &LintContext<'_>) -> Vec<Diagnostic> {
    let per_document = |docs: &[SlaDocument]| {
        let mut out = Vec::new();
        for doc in docs {
            for rule in registry::RULES {
                rule.check_document(cx, doc, &mut out);
            }
        }
        out
    };
    let threads = crate::parallel::threads_for(cx.documents.len());
    let mut out = if threads > 1 && cx.documents.len() >= PARALLEL_AT {
        let slices: Vec<&[SlaDocument]> = cx
            .documents
            .chunks(cx.documents.len().div_ceil(threads))
            .collect();
        crate::parallel::map(slices, per_document).concat()
    } else {
        per_document(cx.documents)
    };
    for rule in registry::RULES {
        rule.check_repository(cx, &mut out);
    }
    out
}

/// Test support: builds documents from YAML text and lints them.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;
    use crate::source::yaml::{Limits, parse};

    pub(crate) use crate::load::testing::{BASE, documents};

    /// Today, for every lint test.
    pub(crate) fn today() -> Date {
        Date::parse("2026-11-23").unwrap()
    }

    /// Builds the model of `text` without the schema check, for rules that back up a schema
    /// constraint (the model may hold what the schema rejects).
    pub(crate) fn run_unchecked(rule: &dyn Rule, text: &str) -> Vec<Diagnostic> {
        let docs: Vec<SlaDocument> = parse(text, &Limits::default())
            .unwrap()
            .iter()
            .enumerate()
            .map(|(i, d)| crate::model::build::build("t.sla.yaml".into(), i, &d.root).unwrap())
            .collect();
        lint_with(rule, &docs)
    }

    fn lint_with(rule: &dyn Rule, docs: &[SlaDocument]) -> Vec<Diagnostic> {
        let cx = LintContext::new(today(), docs);
        let mut out = Vec::new();
        for d in docs {
            rule.check_document(&cx, d, &mut out);
        }
        rule.check_repository(&cx, &mut out);
        out
    }

    /// Runs one rule over one file and returns its findings.
    pub(crate) fn run(rule: &dyn Rule, text: &str) -> Vec<Diagnostic> {
        run_files(rule, &[("t.sla.yaml", text)])
    }

    /// Runs one rule over several files.
    pub(crate) fn run_files(rule: &dyn Rule, files: &[(&str, &str)]) -> Vec<Diagnostic> {
        lint_with(rule, &documents(files))
    }

    /// Runs `rule` over `BASE` (as `acme`) and the OLA of [`ola`], for the `supports` rules.
    pub(crate) fn run_with_ola(rule: &dyn Rule, target: &str, reference: &str) -> Vec<Diagnostic> {
        run_files(
            rule,
            &[
                ("acme.sla.yaml", BASE),
                ("desk.ola.yaml", &ola(target, reference)),
            ],
        )
    }

    /// `BASE` as the OLA `desk`, whose `latency` objective has `target` (line 29) and
    /// `supports: [reference]` (line 31).
    pub(crate) fn ola(target: &str, reference: &str) -> String {
        BASE.replace(
            "kind: ServiceLevelAgreement",
            "kind: OperationalLevelAgreement",
        )
        .replace("  id: acme\n", "  id: desk\n")
        .replace("type: customer", "type: internal")
        .replace("'< 500ms'", &format!("'{target}'"))
        .replace(
            "      window: 30d\n",
            &format!("      window: 30d\n      supports: [{reference}]\n"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_the_closest_id() {
        let defined = ["crm-platform", "crm-api", "support"];
        assert_eq!(closest("crm-plattform", &defined), Some("crm-platform"));
        assert_eq!(closest("CRM-API", &defined), Some("crm-api"));
        assert_eq!(closest("billing", &defined), None);
        assert_eq!(closest("x", &[]), None);
    }

    #[test]
    fn reference_help_names_what_exists() {
        assert_eq!(
            reference_help(
                "crm-plattform",
                &["crm-platform", "crm-api"],
                "spec.services"
            ),
            "did you mean `crm-platform`? `spec.services` defines `crm-platform`, `crm-api`"
        );
        assert_eq!(
            reference_help("billing", &["crm"], "spec.services"),
            "define it under `spec.services`, or use one of `crm`"
        );
        assert_eq!(
            reference_help("billing", &[], "spec.exclusions"),
            "define it under `spec.exclusions`"
        );
        let many: Vec<String> = (0..10).map(|i| format!("s{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert!(id_list(&many).ends_with("`s7`, and 2 more"));
    }
}
