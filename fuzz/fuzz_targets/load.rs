//! (a) What `slagate validate` runs on one file's bytes: decode, YAML with limits, schema,
//! model, lint, then the human and JSON renderers over the findings and their snippets.
//!
//! Invariants beyond "no panic": every finding points inside its file's text; a file with no
//! finding built every document it holds; the base loader (no schema) builds every document
//! the head loader built; a document set compared with itself has no difference.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use slagate::diff::diff;
use slagate::load::{Input, Settings, load_base};
use slagate::model::Date;
use slagate::policy::Policy;
use slagate::report::{Format, Outcome, Report, render};
use slagate::validate::check;

fuzz_target!(|bytes: &[u8]| {
    let path: Arc<str> = "fuzz.sla.yaml".into();
    let settings = Settings::for_today(Date::parse("2025-06-01").unwrap());
    let out = check(
        vec![Input::new(path.clone(), bytes.to_vec())],
        &settings,
        &Policy::default(),
    );
    if let Some(source) = out.sources.get(&path) {
        let lines = source.text.split('\n').count() as u32;
        for d in &out.diagnostics {
            assert!(
                d.span.start.line >= 1 && d.span.start.line <= lines.max(1),
                "{d:?} is outside the file's {lines} lines"
            );
            assert!(d.span.start <= d.span.end, "{d:?} ends before it starts");
        }
    }
    if out.diagnostics.is_empty() {
        assert_eq!(
            out.valid.len(),
            out.documents,
            "a clean file built every document"
        );
    }
    let base = load_base(Input::new(path.clone(), bytes.to_vec()), &settings.limits);
    assert!(
        base.documents.len() >= out.valid.len(),
        "the base loader built fewer documents than the head loader"
    );
    let same = diff(&out.valid, &out.valid);
    assert!(
        same.is_empty(),
        "a document set differs from itself: {same:#?}"
    );
    let report = Report {
        diagnostics: &out.diagnostics,
        sources: &out.sources,
        files: out.files,
        documents: out.documents,
    };
    for format in [Format::Human, Format::Json] {
        let mut buf = Vec::new();
        render(&Outcome::Validation(report), format, false, &mut buf).unwrap();
        let text = String::from_utf8(buf).expect("renderers write UTF-8");
        assert!(
            !text.contains('\u{1b}'),
            "an ESC reached the {format:?} output"
        );
    }
});
