//! Semantic rules beyond the schema, one file per rule in [`rules`].
//!
//! Rules see only the validated model ([`SlaDocument`]); they never parse text or touch the
//! file system. A rule can look at one document at a time, or at the whole repository (ids
//! unique across files, `supports` references). Each rule's condition is a small pure
//! function, tested beside it; the `check_*` methods only turn it into diagnostics.

pub mod registry;
pub mod rules;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Date, SlaDocument};

/// What every rule may know besides the documents.
#[derive(Debug, Clone, Copy)]
pub struct LintContext<'a> {
    /// Today's date, for review and changelog checks (passed in so lint stays pure).
    pub today: Date,
    /// Every document of the repository (or of the files checked).
    pub documents: &'a [SlaDocument],
}

/// A lint rule.
pub trait Rule: Sync {
    /// The code the rule reports.
    fn code(&self) -> Code;

    /// Checks one document.
    fn check_document(&self, _cx: &LintContext<'_>, _doc: &SlaDocument, _out: &mut Vec<Diagnostic>) {}

    /// Checks the repository as a whole (runs once, after every document).
    fn check_repository(&self, _cx: &LintContext<'_>, _out: &mut Vec<Diagnostic>) {}
}

/// A finding about `doc` at its code's default level, with the document id set.
pub(crate) fn finding(code: Code, doc: &SlaDocument, span: crate::diagnostic::Span, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(code, doc.file.clone(), span, message).with_document(doc.id.value.clone())
}

/// Runs every registered rule over `cx.documents`.
pub fn lint(cx: &LintContext<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for doc in cx.documents {
        for rule in registry::RULES {
            rule.check_document(cx, doc, &mut out);
        }
    }
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

    /// Today, for every lint test.
    pub(crate) fn today() -> Date {
        Date::parse("2026-11-23").unwrap()
    }

    /// Parses, schema-checks and builds `(file, text)` pairs; panics on any error before lint.
    pub(crate) fn documents(files: &[(&str, &str)]) -> Vec<SlaDocument> {
        let mut docs = Vec::new();
        for (file, text) in files {
            for (i, d) in parse(text, &Limits::default()).unwrap().iter().enumerate() {
                let errors = crate::schema::Schema::sla().check(&(*file).into(), &d.root);
                assert!(errors.is_empty(), "{file}: schema errors: {errors:#?}");
                docs.push(crate::model::build::build((*file).into(), i, &d.root).unwrap());
            }
        }
        docs
    }

    /// Runs one rule over one file and returns its findings.
    pub(crate) fn run(rule: &dyn Rule, text: &str) -> Vec<Diagnostic> {
        run_files(rule, &[("t.sla.yaml", text)])
    }

    /// Runs one rule over several files.
    pub(crate) fn run_files(rule: &dyn Rule, files: &[(&str, &str)]) -> Vec<Diagnostic> {
        let docs = documents(files);
        let cx = LintContext { today: today(), documents: &docs };
        let mut out = Vec::new();
        for d in &docs {
            rule.check_document(&cx, d, &mut out);
        }
        rule.check_repository(&cx, &mut out);
        out
    }

    /// A valid document to edit with `.replace()` in tests.
    pub(crate) const BASE: &str = crate::model::build::tests_support::MINIMAL;
}
