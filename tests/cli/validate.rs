//! `slagate validate`, `schema` and `explain`.

use crate::CliTest;

const TODAY: &str = "--today=2026-11-23";

#[test]
fn clean_files_exit_zero() {
    let t = CliTest::new();
    t.fixture("sla/valid/customer.sla.yaml", "policies/customer.sla.yaml");
    let r = t.run(&["validate", TODAY]);
    assert_eq!(r.code, 0, "{}", r.snapshot());
    insta::assert_snapshot!(r.snapshot());
}

#[test]
fn a_finding_shows_the_line_the_caret_and_the_help() {
    let t = CliTest::new();
    t.fixture(
        "sla/invalid/unknown-field-credits.sla.yaml",
        "acme.sla.yaml",
    );
    let r = t.run(&["validate", TODAY]);
    assert_eq!(r.code, 1);
    insta::assert_snapshot!(r.snapshot());
}

#[test]
fn bad_targets_explain_the_grammar() {
    let t = CliTest::new();
    t.fixture("sla/invalid/invalid-quantity-hr.sla.yaml", "acme.sla.yaml");
    let r = t.run(&["validate", TODAY, "acme.sla.yaml"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("`hr` in `4hr` is not a duration unit"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("acme.sla.yaml:63:15"), "{}", r.stdout);
}

#[test]
fn every_format_renders_the_same_findings() {
    let t = CliTest::new();
    t.fixture("sla/invalid/duplicate-key.sla.yaml", "a.sla.yaml");
    for format in ["json", "github", "sarif"] {
        let r = t.run(&["validate", TODAY, "--format", format]);
        assert_eq!(r.code, 1, "{format}");
        let mut out = r.stdout;
        if format == "sarif" {
            // The rule table lists every code; it is checked here, not snapshotted, so that a
            // new code does not churn this snapshot.
            let mut v: serde_json::Value = serde_json::from_str(&out).unwrap();
            let rules = v["runs"][0]["tool"]["driver"]["rules"].take();
            assert_eq!(
                rules.as_array().unwrap().len(),
                slagate::diagnostic::Code::ALL.len()
            );
            assert!(
                rules
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|r| r["id"] == "duplicate-key")
            );
            v["runs"][0]["tool"]["driver"]["version"] = "[VERSION]".into();
            out = serde_json::to_string_pretty(&v).unwrap();
        }
        insta::assert_snapshot!(format!("format_{format}"), out);
    }
    let json: serde_json::Value =
        serde_json::from_str(&t.run(&["validate", TODAY, "--format=json"]).stdout).unwrap();
    assert_eq!(json["findings"][0]["rule"], "duplicate-key");
    assert_eq!(
        json["findings"][0]["line"], 42,
        "the line its `# expect:` header names"
    );
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let t = CliTest::new();
    t.fixture("sla/invalid/duplicate-key.sla.yaml", "a.sla.yaml");
    assert!(
        t.run(&["validate", TODAY, "--color=always"])
            .stdout
            .contains("\x1b[")
    );
    assert!(
        !t.run(&["validate", TODAY, "--color=never"])
            .stdout
            .contains("\x1b[")
    );
    // `auto` never colours a pipe; NO_COLOR wins even over a terminal (not testable here).
    assert!(!t.run(&["validate", TODAY]).stdout.contains("\x1b["));
    let r = t.run_command(t.command(&["validate", TODAY]).env("NO_COLOR", "1"));
    assert!(!r.stdout.contains("\x1b["));
}

#[test]
fn fail_on_sets_the_failing_level() {
    let t = CliTest::new();
    t.fixture("sla/invalid/review-overdue.sla.yaml", "a.sla.yaml");
    assert_eq!(
        t.run(&["validate", TODAY]).code,
        0,
        "a warning does not fail by default"
    );
    assert_eq!(t.run(&["validate", TODAY, "--fail-on=warning"]).code, 1);
    t.write(".slagate.yaml", "failOn: warning\n");
    assert_eq!(t.run(&["validate", TODAY]).code, 1, "failOn of the policy");
    assert_eq!(
        t.run(&["validate", TODAY, "--fail-on=never"]).code,
        0,
        "the flag wins"
    );
    t.write(
        ".slagate.yaml",
        "failOn: warning\nrules:\n  review-overdue: off\n",
    );
    let r = t.run(&["validate", TODAY]);
    assert_eq!(r.code, 0, "{}", r.snapshot());
    assert!(r.stdout.contains("no findings"));
}

#[test]
fn discovery_uses_the_policy_globs() {
    let t = CliTest::new();
    t.fixture("sla/valid/customer.sla.yaml", "policies/a.sla.yaml");
    t.fixture(
        "sla/invalid/duplicate-key.sla.yaml",
        "tests/broken.sla.yaml",
    );
    t.write("policies/notes.yaml", "not: an sla\n");
    assert_eq!(
        t.run(&["validate", TODAY]).code,
        1,
        "default globs see tests/"
    );
    t.write(".slagate.yaml", "include: ['policies/**/*.sla.yaml']\n");
    let r = t.run(&["validate", TODAY]);
    assert_eq!(r.code, 0, "{}", r.snapshot());
    assert!(
        r.stdout.contains("1 file and 1 document checked"),
        "{}",
        r.stdout
    );
}

#[test]
fn unusable_input_exits_two() {
    let t = CliTest::new();
    let r = t.run(&["validate", "missing.sla.yaml"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "slagate: error: missing.sla.yaml: no such file or directory\n"
    );
    let r = t.run(&["validate", "--format=xml"]);
    assert_eq!(r.code, 2);
    let r = t.run(&["validate", "--today=2026-02-30"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("does not exist on the calendar"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_malformed_policy_is_an_error_with_its_line() {
    let t = CliTest::new();
    t.fixture("sla/valid/customer.sla.yaml", "a.sla.yaml");
    t.write(
        ".slagate.yaml",
        "include: ['*.sla.yaml']\nfailOn: sometimes\n",
    );
    let r = t.run(&["validate", TODAY]);
    assert_eq!(r.code, 2);
    insta::assert_snapshot!(r.snapshot());
}

#[test]
fn hostile_files_are_refused_with_a_location() {
    let t = CliTest::new();
    t.fixture(
        "sla/invalid/yaml-limit-alias-bomb.sla.yaml",
        "bomb.sla.yaml",
    );
    t.fixture(
        "sla/invalid/yaml-limit-deep-nesting.sla.yaml",
        "deep.sla.yaml",
    );
    t.fixture("sla/invalid/not-utf8.sla.yaml", "latin1.sla.yaml");
    t.write("huge.sla.yaml", vec![b'#'; 9 * 1024 * 1024]);
    let started = std::time::Instant::now();
    let r = t.run(&["validate", TODAY, "--format=json"]);
    assert_eq!(r.code, 1);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let got: Vec<(String, String, u64)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["rule"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("bomb.sla.yaml".to_string(), "yaml-limit".to_string(), 8),
            ("deep.sla.yaml".into(), "yaml-limit".into(), 3),
            ("huge.sla.yaml".into(), "yaml-limit".into(), 1),
            ("latin1.sla.yaml".into(), "not-utf8".into(), 5),
        ]
    );
    // A sanity bound against an accidental expansion, not a benchmark.
    assert!(started.elapsed().as_secs() < 10);
}

#[test]
fn schema_prints_the_embedded_schemas() {
    let t = CliTest::new();
    let r = t.run(&["schema"]);
    assert_eq!(r.code, 0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(
        r.stdout.trim_end(),
        std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/schemas/sla.schema.json"
        ))
        .unwrap()
        .trim_end()
    );
    let p: serde_json::Value =
        serde_json::from_str(&t.run(&["schema", "--policy"]).stdout).unwrap();
    assert!(p["properties"]["changeControl"].is_object());
}

#[test]
fn explain_prints_docs_and_lists_rules() {
    let t = CliTest::new();
    let r = t.run(&["explain", "credit-gap"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.starts_with("# credit-gap\n\nLevel: warning"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("## Example"));
    let list = t.run(&["explain", "--list"]);
    assert!(
        list.stdout.lines().any(|l| l.starts_with("yaml-syntax ")),
        "{}",
        list.stdout
    );
    let r = t.run(&["explain", "credit"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("similar rules: "), "{}", r.stderr);
}

#[test]
fn help_is_stable() {
    let t = CliTest::new();
    for cmd in [
        &["--help"][..],
        &["validate", "--help"],
        &["schema", "--help"],
        &["explain", "--help"],
    ] {
        let r = t.run(cmd);
        assert_eq!(r.code, 0);
        insta::assert_snapshot!(format!("help_{}", cmd[0].trim_start_matches('-')), r.stdout);
    }
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::Read;
    use std::process::Stdio;
    let t = CliTest::new();
    t.fixture("sla/invalid/yaml-limit-alias-bomb.sla.yaml", "a.sla.yaml");
    let mut child = t
        .command(&["explain", "--list"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Close our end before the binary writes.
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert_eq!(status.code(), Some(0), "{err}");
    assert!(err.is_empty(), "{err}");
}

#[test]
fn every_mistake_a_newcomer_made_gets_the_message_that_names_the_fix() {
    // Each fixture of tests/fixtures/newcomer/ says in its header what it once got and the
    // one finding it must get now: `# expect-message:` and `# expect-help:`.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/newcomer");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 8, "{files:?}");
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let header = |key: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(&format!("# {key}: ")))
                .unwrap_or_else(|| panic!("{}: no `# {key}:`", path.display()))
                .to_string()
        };
        let t = CliTest::new();
        t.write("case.sla.yaml", &text);
        let r = t.run(&["validate", "--format", "json", TODAY]);
        assert_eq!(r.code, 1, "{}: {}", path.display(), r.snapshot());
        let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        let errors: Vec<&serde_json::Value> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["level"] == "error")
            .collect();
        let wanted = errors
            .iter()
            .find(|f| f["message"] == header("expect-message").as_str());
        let Some(found) = wanted else {
            panic!(
                "{}: no finding `{}` in {}",
                path.display(),
                header("expect-message"),
                r.stdout
            );
        };
        assert_eq!(
            found["help"],
            header("expect-help").as_str(),
            "{}",
            path.display()
        );
        // One mistake, one finding (the impossible date sits beside a second, real, mistake).
        let extra = usize::from(path.ends_with("impossible-date-among-others.sla.yaml"));
        assert_eq!(errors.len(), 1 + extra, "{}: {}", path.display(), r.stdout);
    }
}
