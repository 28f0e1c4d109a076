//! The policy file at any path: `.slagate.yaml`, or another inside the repository named with
//! `--config`, is read from the base revision and its own change is judged the same way, by
//! `diff` and `check` alike (`slagate github` is covered in the GitHub tests). These tests
//! run the same scenario at both paths and compare the outputs.

use crate::check::{PATH, TODAY, sla};
use crate::{CliTest, Run};

/// A repository whose first commit holds the SLA and the policy `policy` at `at`.
fn repo(at: &str, policy: &str) -> CliTest {
    let t = CliTest::new();
    t.git(&["init", "-q", "-b", "main"]);
    t.write(PATH, sla());
    t.write(at, policy);
    t.git(&["add", "-A"]);
    t.git(&["commit", "-q", "-m", "base"]);
    t
}

/// `args`, with `--config AT` when the policy is not at the default path.
fn run(t: &CliTest, at: &str, args: &[&str]) -> Run {
    let mut all: Vec<&str> = args.to_vec();
    if at != ".slagate.yaml" {
        all.extend(["--config", at]);
    }
    t.run(&all)
}

fn json(r: &Run) -> serde_json::Value {
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.snapshot()))
}

/// `(rule, file, line)` of every finding.
fn findings(v: &serde_json::Value) -> Vec<(String, String, u64)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

const PATHS: [&str; 2] = [".slagate.yaml", "config/gate.yaml"];

#[test]
fn a_malformed_head_policy_fails_check_at_every_path() {
    for at in PATHS {
        let t = repo(at, "failOn: error\n");
        t.write(at, "failOn: sometimes\n");
        let r = run(&t, at, &["check", TODAY, "--format", "json"]);
        let v = json(&r);
        assert_eq!(r.code, 1, "{at}: {}", r.snapshot());
        assert_eq!(v["verdict"], "fail", "{at}: {v}");
        assert_eq!(
            findings(&v),
            [("schema-violation".to_string(), at.to_string(), 1)],
            "{at}: the head's policy file is invalid, located in it"
        );
        let policy = v["documents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["subject"] == "policy")
            .unwrap_or_else(|| panic!("{at}: no checklist for the policy: {v}"));
        assert_eq!(policy["valid"], false, "{at}: {policy}");
        // The human output says the same, with the line of the file.
        let human = run(&t, at, &["check", TODAY]);
        assert!(
            human.stdout.contains(&format!("--> {at}:1:")),
            "{at}: {}",
            human.snapshot()
        );
    }
}

#[test]
fn a_malformed_head_policy_is_a_diff_finding_at_every_path() {
    for at in PATHS {
        let t = repo(at, "failOn: error\n");
        t.write(at, "failOn: [error\n");
        let r = run(&t, at, &["diff", "--base", "HEAD", "--format", "json"]);
        assert_eq!(r.code, 1, "{at}: {}", r.snapshot());
        assert_eq!(
            findings(&json(&r)),
            [("yaml-syntax".to_string(), at.to_string(), 2)],
            "{at}"
        );
    }
}

#[test]
fn a_loosened_policy_needs_approval_at_every_path() {
    for at in PATHS {
        let t = repo(at, "changeControl:\n  weakeningNeeds: parties\n");
        t.write(at, "changeControl:\n  weakeningNeeds: none\n");
        let v = json(&run(&t, at, &["check", TODAY, "--format", "json"]));
        let rules: Vec<String> = findings(&v).into_iter().map(|f| f.0).collect();
        assert!(rules.contains(&"policy-weakened".to_string()), "{at}: {v}");
        let f = &v["findings"].as_array().unwrap()[0];
        assert_eq!(f["file"], at, "{at}: located in the policy file: {v}");
    }
}

#[test]
fn the_base_revision_of_a_configured_policy_judges() {
    // The base says a weakening needs both parties; the work tree says none. The base
    // judges, so the lowered target still needs approvals (reported locally as warnings),
    // and the loosening itself is a finding.
    let at = "config/gate.yaml";
    let t = repo(at, "changeControl:\n  weakeningNeeds: parties\n");
    t.write(at, "changeControl:\n  weakeningNeeds: none\n");
    t.write(
        PATH,
        sla().replacen("target: \">= 99.9%\"", "target: \">= 99.5%\"", 1),
    );
    let v = json(&run(&t, at, &["check", TODAY, "--format", "json"]));
    let doc = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["subject"] == "document")
        .unwrap_or_else(|| panic!("{v}"));
    let needed: Vec<bool> = doc["parties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["needed"].as_bool().unwrap())
        .collect();
    assert_eq!(needed, [true, true], "{v}");
}

#[test]
fn a_configured_policy_missing_from_the_base_means_the_defaults_with_a_warning() {
    let warning = "warning: the policy file config/gate.yaml is not in the base revision: the default policy applies";
    let t = repo(".slagate.yaml", "failOn: error\n");
    // A new policy file as strict as the defaults: nothing to report but the warning.
    t.write("config/gate.yaml", "failOn: error\n");
    let args = ["diff", "--base", "HEAD", "--config", "config/gate.yaml"];
    let r = t.run(&args);
    assert_eq!(r.code, 0, "{}", r.snapshot());
    assert!(r.stderr.contains(warning), "{}", r.snapshot());
    // A new one looser than the defaults loosens the gate: that is a finding.
    t.write("config/gate.yaml", "failOn: never\n");
    let r = t.run(&args);
    assert_eq!(r.code, 1, "{}", r.snapshot());
    assert!(
        r.stdout.contains("error[policy-weakened]") && r.stderr.contains(warning),
        "{}",
        r.snapshot()
    );
}

#[test]
fn a_policy_outside_the_repository_is_read_from_disk() {
    let t = repo(".slagate.yaml", "failOn: error\n");
    let outside = tempfile::tempdir().unwrap();
    let file = outside.path().join("gate.yaml");
    std::fs::write(&file, "failOn: [error\n").unwrap();
    let r = t.run(&[
        "check",
        TODAY,
        "--config",
        file.to_str().unwrap(),
        "--format",
        "json",
    ]);
    // A malformed judging policy is a usage error (exit 2), reported in the chosen format.
    assert_eq!(r.code, 2, "{}", r.snapshot());
    assert_eq!(findings(&json(&r))[0].0, "yaml-syntax", "{}", r.snapshot());
}
