//! The validate pipeline: load ([`crate::load`]), then the cross-document lint rules, then the
//! policy's rule levels, over many files.
//!
//! Callers do the reading; this module takes bytes, so it stays testable without a file
//! system. Files are independent until the cross-document rules, so they are loaded on all
//! cores and merged back in input order, which keeps output deterministic.

use std::collections::HashMap;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::lint::{self, LintContext};
use crate::load::{Input, Settings, load_all, load_all_with};
use crate::model::SlaDocument;
use crate::policy::Policy;
use crate::source::SourceFile;

/// The result of checking a set of files.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Every finding, in file order, then by position.
    pub diagnostics: Vec<Diagnostic>,
    /// Texts of the files that have findings (for snippets).
    pub sources: HashMap<Arc<str>, SourceFile>,
    /// Files checked.
    pub files: usize,
    /// Documents found.
    pub documents: usize,
    /// The documents that validated.
    pub valid: Vec<SlaDocument>,
}

impl Outcome {
    /// Files named by findings whose text is not in [`Outcome::sources`].
    pub fn missing_sources(&self) -> Vec<Arc<str>> {
        let mut missing: Vec<Arc<str>> = self
            .diagnostics
            .iter()
            .flat_map(|d| std::iter::once(&d.file).chain(d.related.iter().map(|r| &r.file)))
            .filter(|f| !self.sources.contains_key(*f))
            .cloned()
            .collect();
        missing.sort();
        missing.dedup();
        missing
    }
}

/// Checks a set of files: per-file checks, then the cross-document rules, then the policy's
/// rule levels.
pub fn check(inputs: Vec<Input>, settings: &Settings, policy: &Policy) -> Outcome {
    check_in_context(inputs, Vec::new, settings, policy)
}

/// Like [`check`], with `context`: a way to get the repository's other SLA files. It is called
/// only when a document checked has a `supports` reference to a document that is not among
/// `inputs`; the context's documents then let references resolve, but only findings in
/// `inputs` are reported. This is what checking a few files needs (pre-commit passes the
/// staged ones): an OLA checked alone would otherwise point at an SLA "that does not exist",
/// while checking files that reference nothing outside costs nothing extra.
pub fn check_in_context(
    inputs: Vec<Input>,
    context: impl FnOnce() -> Vec<Input>,
    settings: &Settings,
    policy: &Policy,
) -> Outcome {
    let paths: Vec<Arc<str>> = inputs.iter().map(|f| f.path.clone()).collect();
    let mut out = Outcome {
        files: inputs.len(),
        ..Outcome::default()
    };
    let mut sources = Vec::new();
    // Texts are kept for snippets only where there is already a finding: holding every file
    // of a large repository would add its whole size to the peak. Callers read the others
    // back for findings that come later (see [`Outcome::missing_sources`]).
    let all = load_all_with(inputs, settings, |l| {
        if l.diagnostics.is_empty() {
            l.source = None;
        }
    });
    // Sized once: growing a vector of 10,000 documents by doubling holds two copies at a time.
    out.valid
        .reserve_exact(all.iter().map(|l| l.documents.len()).sum());
    for loaded in all {
        out.documents += loaded.document_count;
        out.valid.extend(loaded.documents);
        sources.extend(loaded.source);
        out.diagnostics.extend(loaded.diagnostics);
    }
    if !settings.schema_only {
        let reported = out.valid.len();
        let findings = {
            let cx = LintContext::new(settings.today, &out.valid);
            let outside = out
                .valid
                .iter()
                .flat_map(|d| &d.spec.objectives)
                .flat_map(|o| &o.supports)
                .any(|r| cx.document(&r.value.document).is_none());
            (!outside).then(|| lint::lint(&cx))
        };
        let findings = findings.unwrap_or_else(|| {
            // Context files contribute documents only; their own problems are not ours.
            let context_docs: Vec<SlaDocument> = load_all(context(), settings)
                .into_iter()
                .flat_map(|l| l.documents)
                .collect();
            out.valid.extend(context_docs);
            let cx = LintContext::new(settings.today, &out.valid);
            let ours: std::collections::HashSet<&str> = paths.iter().map(|p| &**p).collect();
            lint::lint(&cx)
                .into_iter()
                .filter(|d| ours.contains(&*d.file))
                .collect()
        });
        out.diagnostics.extend(findings);
        out.valid.truncate(reported);
    }
    policy.apply_levels(&mut out.diagnostics);
    if !out.diagnostics.is_empty() {
        let order: HashMap<&str, usize> =
            paths.iter().enumerate().map(|(i, p)| (&**p, i)).collect();
        out.diagnostics.sort_by(|a, b| {
            (order.get(&*a.file), a.span, a.code).cmp(&(order.get(&*b.file), b.span, b.code))
        });
    }
    let with_findings: std::collections::HashSet<&Arc<str>> = out
        .diagnostics
        .iter()
        .flat_map(|d| std::iter::once(&d.file).chain(d.related.iter().map(|r| &r.file)))
        .collect();
    out.sources = sources
        .into_iter()
        .filter(|s| with_findings.contains(&s.path))
        .map(|s| (s.path.clone(), s))
        .collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;
    use crate::model::Date;
    use crate::source::Limits;

    fn settings() -> Settings {
        Settings {
            limits: Limits::default(),
            schema_only: false,
            today: Date::parse("2026-11-23").unwrap(),
        }
    }

    fn input(path: &str, text: &str) -> Input {
        Input::new(path.into(), text.as_bytes().to_vec())
    }

    #[test]
    fn a_valid_file_has_no_findings() {
        let out = check(
            vec![input(
                "a.sla.yaml",
                crate::model::build::tests_support::MINIMAL,
            )],
            &settings(),
            &Policy::default(),
        );
        assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
        assert_eq!((out.files, out.documents, out.valid.len()), (1, 1, 1));
        assert!(out.sources.is_empty());
    }

    #[test]
    fn each_kind_of_broken_file_gets_its_code() {
        let cases = [
            ("", Code::EmptyFile),
            ("# comment only\n", Code::EmptyFile),
            ("a: [\n", Code::YamlSyntax),
            ("a: 1\na: 2\n", Code::DuplicateKey),
            ("kind: x\n", Code::SchemaViolation),
        ];
        for (text, code) in cases {
            let out = check(
                vec![input("x.sla.yaml", text)],
                &settings(),
                &Policy::default(),
            );
            assert_eq!(
                out.diagnostics.first().map(|d| d.code),
                Some(code),
                "{text:?}: {:#?}",
                out.diagnostics
            );
        }
        let out = check(
            vec![Input::new(
                "l1.sla.yaml".into(),
                b"name: M\xFCller\n".to_vec(),
            )],
            &settings(),
            &Policy::default(),
        );
        assert_eq!(out.diagnostics[0].code, Code::NotUtf8);
        assert_eq!(
            (
                out.diagnostics[0].span.start.line,
                out.diagnostics[0].span.start.col
            ),
            (1, 8)
        );
    }

    #[test]
    fn output_order_does_not_depend_on_threads() {
        let inputs: Vec<Input> = (0..20)
            .map(|i| input(&format!("f{i:02}.sla.yaml"), "a: [\n"))
            .collect();
        let out = check(inputs, &settings(), &Policy::default());
        let files: Vec<&str> = out.diagnostics.iter().map(|d| &*d.file).collect();
        let mut sorted = files.clone();
        sorted.sort_unstable();
        assert_eq!(files, sorted);
        assert_eq!(out.diagnostics.len(), 20);
    }

    #[test]
    fn context_files_resolve_references_without_being_reported() {
        let sla = "apiVersion: slagate/v1\nkind: ServiceLevelAgreement\nmetadata: {id: front, version: 1}\nspec:\n  type: customer\n  parties: {provider: {name: P}, customer: {name: C}}\n  effective: {from: 2026-01-01}\n  review: {every: year, last: 2026-06-01}\n  services: [{id: app, name: App, description: d}]\n  objectives: [{id: resp, service: app, indicator: response-time, target: '<= 1h'}]\n  changelog: [{version: 1, date: 2026-01-01, summary: s}]\n";
        let ola = sla
            .replace("last: 2026-06-01", "last: 2026-07-01")
            .replace("ServiceLevelAgreement", "OperationalLevelAgreement")
            .replace("id: front", "id: back")
            .replace("type: customer", "type: internal")
            .replace(
                "target: '<= 1h'}",
                "target: '<= 30m', supports: [front/resp]}",
            );
        // The context file has a problem of its own: an overdue review.
        let sla = &sla.replace("last: 2026-06-01", "last: 2020-06-01");
        let alone = check(
            vec![input("back.ola.yaml", &ola)],
            &settings(),
            &Policy::default(),
        );
        assert!(
            alone
                .diagnostics
                .iter()
                .any(|d| d.code == Code::UnresolvedSupports)
        );
        let with = check_in_context(
            vec![input("back.ola.yaml", &ola)],
            || vec![input("front.sla.yaml", sla)],
            &settings(),
            &Policy::default(),
        );
        // The context file's own finding is not reported, and the reference resolves.
        assert!(with.diagnostics.is_empty(), "{:#?}", with.diagnostics);
        assert_eq!((with.files, with.documents, with.valid.len()), (1, 1, 1));
        // Files that reference nothing outside never ask for the context.
        let plain = check_in_context(
            vec![input("front.sla.yaml", sla)],
            || panic!("context not needed"),
            &settings(),
            &Policy::default(),
        );
        assert_eq!(plain.valid.len(), 1);
    }

    #[test]
    fn cross_document_findings_see_every_file() {
        let doc = crate::model::build::tests_support::MINIMAL;
        let out = check(
            vec![input("a.sla.yaml", doc), input("b.sla.yaml", doc)],
            &settings(),
            &Policy::default(),
        );
        assert!(
            out.diagnostics
                .iter()
                .any(|d| d.code == Code::DuplicateDocumentId),
            "{:#?}",
            out.diagnostics
        );
    }
}
