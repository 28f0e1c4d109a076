//! `slagate diff` against real git repositories built in a temporary directory.
//!
//! Commits use fixed author, committer and dates (see [`CliTest::git`]), so commit ids are
//! stable; they are still replaced by `[BASE]`/`[HEAD]` in snapshots to keep them readable.

use crate::{CliTest, Run};

const SLA: &str = "diff/target-weakened-availability-lowered/base/acme-crm.sla.yaml";
const OLA: &str = "diff/document-removed/base/support-desk.ola.yaml";
const TODAY: &str = "--today=2026-11-01";

fn sla() -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(SLA),
    )
    .unwrap()
}

fn ola() -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(OLA),
    )
    .unwrap()
}

/// A repository on `main` whose first commit holds `files`.
fn repo(files: &[(&str, &str)]) -> CliTest {
    let t = CliTest::new();
    t.git(&["init", "-q", "-b", "main"]);
    commit(&t, files, "base");
    t
}

fn commit(t: &CliTest, files: &[(&str, &str)], message: &str) {
    for (path, text) in files {
        t.write(path, text);
    }
    t.git(&["add", "-A"]);
    t.git(&["commit", "-q", "-m", message]);
}

fn short(t: &CliTest, rev: &str) -> String {
    t.git(&["rev-parse", "--short", rev]).trim().to_string()
}

fn json(r: &Run) -> serde_json::Value {
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

fn rules(v: &serde_json::Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_weakened_target_in_the_working_tree_fails_with_its_impact() {
    let t = repo(&[("policies/acme-crm.sla.yaml", &sla())]);
    t.write(
        "policies/acme-crm.sla.yaml",
        sla().replace("target: \">= 99.9%\"", "target: \">= 99.5%\""),
    );
    let r = t.run(&["diff", TODAY]);
    assert_eq!(r.code, 1, "{}", r.snapshot());
    let snapshot = r.snapshot().replace(&short(&t, "HEAD"), "[BASE]");
    insta::assert_snapshot!(snapshot);

    let v = json(&t.run(&["diff", TODAY, "--format", "json"]));
    assert_eq!(v["base"], short(&t, "HEAD"));
    assert_eq!(v["head"], "WORKTREE");
    let f = &v["findings"][0];
    assert_eq!(f["rule"], "target-weakened");
    assert_eq!(f["class"], "weakened");
    assert_eq!(f["file"], "policies/acme-crm.sla.yaml");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(56), Some(15))
    );
    assert_eq!(f["document"], "acme-crm");
    assert_eq!(f["objective"], "availability");
    assert_eq!(f["path"], "/spec/objectives/0/target");
    assert_eq!(f["before"], ">= 99.9%");
    assert_eq!(f["after"], ">= 99.5%");
    assert_eq!(
        f["impact"],
        "allowed downtime per month: 43m50s -> 3h39m9s (+2h55m19s)"
    );
    assert_eq!(v["summary"]["weakened"], 1);
    for k in ["strengthened", "changed", "added", "removed"] {
        assert_eq!(v["summary"][k], 0, "{k}");
    }
}

#[test]
fn no_change_exits_zero_and_fail_on_sets_the_threshold() {
    let t = repo(&[("policies/acme-crm.sla.yaml", &sla())]);
    let r = t.run(&["diff", TODAY]);
    assert_eq!(r.code, 0, "{}", r.snapshot());
    assert!(r.stdout.contains("0 weakened"), "{}", r.stdout);
    // A strengthening is `info`: it fails only with `--fail-on info`.
    t.write(
        "policies/acme-crm.sla.yaml",
        sla().replace("target: \"<= 1h\"", "target: \"<= 30m\""),
    );
    assert_eq!(t.run(&["diff", TODAY]).code, 0);
    assert_eq!(t.run(&["diff", TODAY, "--fail-on", "info"]).code, 1);
    t.write(
        "policies/acme-crm.sla.yaml",
        sla().replace("target: \"<= 1h\"", "target: \"<= 2h\""),
    );
    assert_eq!(t.run(&["diff", TODAY, "--fail-on", "never"]).code, 0);
}

#[test]
fn a_renamed_file_is_not_a_removal() {
    let t = repo(&[("policies/acme-crm.sla.yaml", &sla())]);
    std::fs::create_dir_all(t.root().join("policies/customers")).unwrap();
    t.git(&[
        "mv",
        "policies/acme-crm.sla.yaml",
        "policies/customers/acme.sla.yaml",
    ]);
    t.git(&["commit", "-q", "-m", "move"]);
    let r = t.run(&[
        "diff", TODAY, "--base", "HEAD~1", "--head", "HEAD", "--format", "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.snapshot());
    assert!(rules(&json(&r)).is_empty(), "{}", r.stdout);
    // Moved and changed: only the change is reported, at the new path.
    std::fs::remove_file(t.root().join("policies/customers/acme.sla.yaml")).unwrap();
    commit(
        &t,
        &[(
            "elsewhere/acme.sla.yaml",
            &sla().replace("window: 30d", "window: 7d"),
        )],
        "move and tighten",
    );
    let v = json(&t.run(&[
        "diff", TODAY, "--base", "HEAD~2", "--head", "HEAD", "--format", "json",
    ]));
    assert_eq!(rules(&v), ["window-strengthened"]);
    assert_eq!(v["findings"][0]["file"], "elsewhere/acme.sla.yaml");
}

#[test]
fn a_deleted_file_is_a_removed_document_located_in_the_base() {
    let t = repo(&[
        ("policies/acme-crm.sla.yaml", &sla()),
        ("policies/support-desk.ola.yaml", &ola()),
    ]);
    t.git(&["rm", "-q", "policies/support-desk.ola.yaml"]);
    t.git(&["commit", "-q", "-m", "drop the OLA"]);
    let r = t.run(&[
        "diff", TODAY, "--base", "HEAD~1", "--head", "HEAD", "--format", "json",
    ]);
    assert_eq!(r.code, 1, "{}", r.snapshot());
    let v = json(&r);
    assert_eq!(rules(&v), ["document-removed"]);
    let f = &v["findings"][0];
    assert_eq!(f["side"], "base");
    assert_eq!(f["file"], "policies/support-desk.ola.yaml");
    assert!(f["objective"].is_null());
    assert_eq!(v["head"], short(&t, "HEAD"));
}

#[test]
fn documents_of_a_multi_document_file_are_told_apart() {
    let both = format!("{}---\n{}", sla(), ola());
    let t = repo(&[("all.sla.yaml", &both)]);
    t.write(
        "all.sla.yaml",
        both.replace("target: \"<= 30m\"", "target: \"<= 45m\""),
    );
    let v = json(&t.run(&["diff", TODAY, "--format", "json"]));
    assert_eq!(rules(&v), ["target-weakened"]);
    let f = &v["findings"][0];
    assert_eq!(f["document"], "support-desk-ola");
    assert_eq!(f["objective"], "escalation-critical");
    let line = both.lines().position(|l| l.contains("\"<= 30m\"")).unwrap() + 1;
    assert_eq!(f["line"].as_u64(), Some(line as u64));
    assert_eq!(f["impact"], "30m -> 45m: 1.5x slower (+15m)");
}

#[test]
fn a_document_moved_outside_the_compared_paths_is_found_and_not_removed() {
    let both = format!("{}---\n{}", sla(), ola());
    let t = repo(&[("a/all.sla.yaml", &both)]);
    // The OLA moves to another file, which the PATHS argument leaves out of the comparison.
    commit(
        &t,
        &[("a/all.sla.yaml", &sla()), ("b/ola.sla.yaml", &ola())],
        "split",
    );
    let v = json(&t.run(&[
        "diff", TODAY, "--base", "HEAD~1", "--head", "HEAD", "--format", "json", "a",
    ]));
    assert!(rules(&v).is_empty(), "{v:#}");
    // Really gone: it is removed.
    t.git(&["rm", "-q", "b/ola.sla.yaml"]);
    t.git(&["commit", "-q", "-m", "delete"]);
    let v = json(&t.run(&[
        "diff", TODAY, "--base", "HEAD~2", "--head", "HEAD", "--format", "json", "a",
    ]));
    assert_eq!(rules(&v), ["document-removed"]);
}

#[test]
fn staged_compares_the_index_with_head() {
    let t = repo(&[("policies/acme-crm.sla.yaml", &sla())]);
    t.write(
        "policies/acme-crm.sla.yaml",
        sla().replace("percentile: p99", "percentile: p95"),
    );
    t.git(&["add", "policies/acme-crm.sla.yaml"]);
    // An unstaged change on top is not part of the commit being made.
    t.write(
        "policies/acme-crm.sla.yaml",
        sla()
            .replace("percentile: p99", "percentile: p95")
            .replace("max: 4h", "max: 8h"),
    );
    let v = json(&t.run(&["diff", TODAY, "--staged", "--format", "json"]));
    assert_eq!(v["head"], "INDEX");
    assert_eq!(rules(&v), ["percentile-weakened"]);
    let v = json(&t.run(&["diff", TODAY, "--format", "json"]));
    assert_eq!(rules(&v), ["exclusion-max-weakened", "percentile-weakened"]);
}

#[test]
fn merge_base_compares_with_where_the_branch_started() {
    let t = repo(&[("policies/acme-crm.sla.yaml", &sla())]);
    t.git(&["checkout", "-q", "-b", "feature"]);
    commit(
        &t,
        &[(
            "policies/acme-crm.sla.yaml",
            &sla().replace("every: quarter\n    last:", "every: year\n    last:"),
        )],
        "review yearly",
    );
    t.git(&["checkout", "-q", "main"]);
    commit(
        &t,
        &[(
            "policies/acme-crm.sla.yaml",
            &sla().replace("creditCap: 50%", "creditCap: 60%"),
        )],
        "raise the cap",
    );
    t.git(&["checkout", "-q", "feature"]);
    let v = json(&t.run(&[
        "diff",
        TODAY,
        "--base",
        "merge-base:main",
        "--format",
        "json",
    ]));
    assert_eq!(rules(&v), ["review-weakened"]);
    assert_eq!(v["base"], short(&t, "main~1"));
    // Against main itself, main's own change shows up reverted.
    let v = json(&t.run(&["diff", TODAY, "--base", "main", "--format", "json"]));
    assert_eq!(rules(&v), ["review-weakened", "credit-cap-weakened"]);
    let v = json(&t.run(&[
        "diff",
        TODAY,
        "--base",
        "merge-base:main",
        "--head",
        "feature",
        "--format",
        "json",
    ]));
    assert_eq!(rules(&v), ["review-weakened"]);
}

#[test]
fn a_base_missing_from_a_shallow_clone_says_how_to_fetch_it() {
    let origin = repo(&[("policies/acme-crm.sla.yaml", &sla())]);
    commit(
        &origin,
        &[(
            "policies/acme-crm.sla.yaml",
            &sla().replace("max: 4h", "max: 2h"),
        )],
        "second",
    );
    origin.git(&["branch", "release"]);
    let t = CliTest::new();
    let url = format!("file://{}", origin.root().display());
    t.git(&[
        "clone",
        "-q",
        "--depth=1",
        "--branch",
        "main",
        &url,
        "clone",
    ]);
    let run = |args: &[&str]| {
        let mut c = t.command(args);
        c.current_dir(t.root().join("clone"));
        t.run_command(&mut c)
    };
    let r = run(&["diff", "--base", "HEAD~1"]);
    assert_eq!(r.code, 2, "{}", r.snapshot());
    insta::assert_snapshot!("missing_base_expression", r.snapshot());
    let r = run(&["diff", "--base", "origin/release"]);
    assert_eq!(r.code, 2, "{}", r.snapshot());
    assert!(
        r.stderr
            .contains("`git fetch --no-tags --depth=1 origin release:refs/remotes/origin/release`"),
        "{}",
        r.stderr
    );
    // The suggested command works.
    let fetched = std::process::Command::new("git")
        .args([
            "fetch",
            "-q",
            "--no-tags",
            "--depth=1",
            "origin",
            "release:refs/remotes/origin/release",
        ])
        .current_dir(t.root().join("clone"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .status()
        .unwrap();
    assert!(fetched.success());
    assert_eq!(run(&["diff", TODAY, "--base", "origin/release"]).code, 0);
}

#[test]
fn the_policy_of_the_base_decides_which_files_are_slas() {
    let t = repo(&[
        (
            ".slagate.yaml",
            "include: ['policies/**/*.sla.yaml']\nexclude: ['policies/drafts/**']\n",
        ),
        ("policies/acme-crm.sla.yaml", &sla()),
        (
            "policies/drafts/next.sla.yaml",
            &sla().replace("id: acme-crm", "id: acme-next"),
        ),
    ]);
    t.write(
        "policies/drafts/next.sla.yaml",
        sla()
            .replace("id: acme-crm", "id: acme-next")
            .replace("\">= 99.9%\"", "\">= 90%\""),
    );
    // The head's policy cannot exclude the file that weakens a target.
    t.write(".slagate.yaml", "include: ['nothing/**']\n");
    t.write(
        "policies/acme-crm.sla.yaml",
        sla().replace("\">= 99.9%\"", "\">= 99%\""),
    );
    let v = json(&t.run(&["diff", TODAY, "--format", "json"]));
    // ... and narrowing it is itself a finding.
    assert_eq!(rules(&v), ["target-weakened", "policy-weakened"]);
    assert_eq!(v["findings"][0]["file"], "policies/acme-crm.sla.yaml");
    assert_eq!(
        v["findings"][1]["message"],
        "1 SLA file is no longer checked by the gate: `policies/acme-crm.sla.yaml`"
    );
}

#[test]
fn an_invalid_head_fails_the_diff_with_its_validation_findings() {
    let t = repo(&[("policies/acme-crm.sla.yaml", &sla())]);
    t.write(
        "policies/acme-crm.sla.yaml",
        sla().replace("target: \"<= 1h\"", "target: \"<= 1hr\""),
    );
    let r = t.run(&["diff", TODAY, "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.snapshot());
    let v = json(&r);
    assert_eq!(rules(&v), ["invalid-quantity"]);
    assert!(v["findings"][0].get("class").is_none());
    // A lint error in a changed file is reported too.
    t.write(
        "policies/acme-crm.sla.yaml",
        sla().replace("service: support\n", "service: nowhere\n"),
    );
    let v = json(&t.run(&["diff", TODAY, "--format", "json"]));
    assert!(rules(&v).contains(&"unknown-service".to_string()), "{v:#}");
}

#[test]
fn an_untracked_sla_file_is_an_added_document() {
    let t = repo(&[("policies/acme-crm.sla.yaml", &sla())]);
    t.write("policies/support-desk.ola.yaml", ola());
    let v = json(&t.run(&["diff", TODAY, "--format", "json"]));
    assert_eq!(rules(&v), ["document-added"]);
    assert_eq!(v["summary"]["added"], 1);
}

#[test]
fn every_format_renders_a_diff() {
    let t = repo(&[("policies/acme-crm.sla.yaml", &sla())]);
    t.write(
        "policies/acme-crm.sla.yaml",
        sla().replace("    - HIPAA (business associate agreement in place)\n", ""),
    );
    let base = short(&t, "HEAD");
    for format in ["markdown", "github"] {
        let r = t.run(&["diff", TODAY, "--format", format]);
        assert_eq!(r.code, 1);
        insta::assert_snapshot!(
            format!("format_{format}"),
            r.stdout.replace(&base, "[BASE]")
        );
    }
    let r = t.run(&["diff", TODAY, "--format", "sarif"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["runs"][0]["results"][0]["ruleId"], "compliance-removed");
}

#[test]
fn outside_a_repository_is_an_error() {
    let t = CliTest::new();
    let r = t.run(&["diff"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("is not inside a git repository"),
        "{}",
        r.stderr
    );
    let t = repo(&[("policies/acme-crm.sla.yaml", &sla())]);
    let r = t.run(&["diff", "--base", "no-such-branch"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("revision `no-such-branch` is not in this clone"),
        "{}",
        r.stderr
    );
}

#[test]
fn help_is_stable() {
    let r = CliTest::new().run(&["diff", "--help"]);
    assert_eq!(r.code, 0);
    insta::assert_snapshot!(r.stdout);
}
