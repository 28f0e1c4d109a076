//! The fixture corpus, run through the library.
//!
//! - `tests/fixtures/sla/valid/*.yaml` must have no finding at all.
//! - `tests/fixtures/sla/invalid/*.yaml` declare what they must produce in header comments,
//!   one `# expect: CODE LINE` per finding; the findings must be exactly those, and the file
//!   name starts with one of those codes (`yaml-limit-alias-bomb.sla.yaml`), so a listing of
//!   the folder reads as the list of codes it covers.
//! - `tests/fixtures/schema-corpus/{valid,invalid}/*.yaml` (shared with the differential check
//!   against check-jsonschema) must get the schema verdict their `# expect:` line states.
//! - Every file in `policies/` validates cleanly, lint included.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use slagate::load::{Input, Settings};
use slagate::model::Date;
use slagate::policy::Policy;
use slagate::source::Limits;
use slagate::validate::check;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn settings(schema_only: bool) -> Settings {
    Settings {
        limits: Limits::default(),
        schema_only,
        today: Date::parse("2026-11-23").unwrap(),
    }
}

fn files(dir: &Path, ext: &[&str]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| ext.iter().any(|e| x == *e)))
        .collect();
    out.sort();
    out
}

fn input(path: &Path) -> Input {
    let rel = path
        .strip_prefix(root())
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/");
    Input::new(rel.into(), std::fs::read(path).unwrap())
}

fn findings(path: &Path, schema_only: bool) -> Vec<(String, u32, String)> {
    check(
        vec![input(path)],
        &settings(schema_only),
        &Policy::default(),
    )
    .diagnostics
    .iter()
    .map(|d| {
        (
            d.code.as_str().to_string(),
            d.span.start.line,
            d.message.clone(),
        )
    })
    .collect()
}

#[test]
fn valid_fixtures_have_no_findings() {
    let dir = root().join("tests/fixtures/sla/valid");
    let all = files(&dir, &["yaml", "yml"]);
    assert!(!all.is_empty());
    for f in all {
        let got = findings(&f, false);
        assert!(got.is_empty(), "{}: {got:#?}", f.display());
    }
}

#[test]
fn invalid_fixtures_produce_exactly_their_expected_findings() {
    let dir = root().join("tests/fixtures/sla/invalid");
    let all = files(&dir, &["yaml", "yml"]);
    assert!(all.len() >= 20, "only {} invalid fixtures", all.len());
    let mut failures = Vec::new();
    for f in all {
        // Fixtures may hold bytes that are not UTF-8; their header is still ASCII.
        let text = String::from_utf8_lossy(&std::fs::read(&f).unwrap()).into_owned();
        let expected: BTreeSet<(String, u32)> = text
            .lines()
            .filter_map(|l| l.strip_prefix("# expect: "))
            .map(|e| {
                let (code, line) = e.trim().split_once(' ').expect("`# expect: CODE LINE`");
                (code.to_string(), line.parse().expect("a line number"))
            })
            .collect();
        assert!(
            !expected.is_empty(),
            "{}: no `# expect:` header",
            f.display()
        );
        let name = f.file_name().unwrap().to_string_lossy();
        if !expected
            .iter()
            .any(|(code, _)| name.starts_with(code.as_str()))
        {
            failures.push(format!(
                "{}: the name does not start with its expected code",
                f.display()
            ));
        }
        let got_full = findings(&f, false);
        let got: BTreeSet<(String, u32)> =
            got_full.iter().map(|(c, l, _)| (c.clone(), *l)).collect();
        if got != expected {
            failures.push(format!(
                "{}:\n  expected {expected:?}\n  got      {got_full:?}",
                f.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn schema_corpus_verdicts_match_their_headers() {
    for verdict in ["valid", "invalid"] {
        let dir = root().join("tests/fixtures/schema-corpus").join(verdict);
        let all = files(&dir, &["yaml", "yml"]);
        assert!(!all.is_empty(), "{}", dir.display());
        for f in all {
            let text = std::fs::read_to_string(&f).unwrap();
            assert!(
                text.contains(&format!("# expect: {verdict}")),
                "{}: header disagrees with folder",
                f.display()
            );
            let got = findings(&f, true);
            assert_eq!(
                got.is_empty(),
                verdict == "valid",
                "{}: {got:#?}",
                f.display()
            );
        }
    }
}

#[test]
fn example_policies_validate_cleanly() {
    let all = files(&root().join("policies"), &["yaml", "yml"]);
    assert_eq!(all.len(), 3, "{all:?}");
    let inputs = all.iter().map(|p| input(p)).collect();
    let out = check(inputs, &settings(false), &Policy::default());
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(out.valid.len(), 3);
    let kinds: BTreeSet<_> = out
        .valid
        .iter()
        .map(|d| format!("{:?}/{:?}", d.kind.value, d.spec.agreement_type.value))
        .collect();
    assert_eq!(
        kinds.len(),
        3,
        "a customer SLA, an internal SLA and an OLA: {kinds:?}"
    );
}
