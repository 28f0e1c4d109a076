//! The hooks of `.pre-commit-hooks.yaml`, run by the real pre-commit framework on real commits.
//!
//! The hooks are `language: rust`, which makes pre-commit `cargo install` this repository the
//! first time: minutes of release build. So this test runs the manifest's hooks as
//! `language: system` with the binary under test as the entry (the fast path, every `cargo
//! test`); `scripts/check-pre-commit.sh` runs the `language: rust` hooks themselves through
//! `pre-commit try-repo`, once per CI run. When `pre-commit` is not installed the test says so
//! and passes (`.ci/run` installs it).

use std::path::Path;
use std::process::Command;

use slagate::source::{Limits, yaml};

use crate::{CliTest, Run};

const SLA: &str = "diff/target-weakened-availability-lowered/base/acme-crm.sla.yaml";
const PATH: &str = "policies/acme-crm.sla.yaml";

fn sla() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(SLA),
    )
    .unwrap()
}

/// The hooks of `.pre-commit-hooks.yaml`, with `slagate` replaced by the binary under test
/// and `language: system`, as a `repo: local` configuration (JSON, which is YAML).
fn local_config() -> String {
    let manifest = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    let docs = yaml::parse(&manifest, &Limits::default()).unwrap();
    let mut hooks = docs[0].root.to_json();
    for hook in hooks.as_array_mut().unwrap() {
        assert_eq!(hook["language"], "rust", "{hook}");
        let entry = hook["entry"].as_str().unwrap();
        let args = entry
            .strip_prefix("slagate")
            .unwrap_or_else(|| panic!("{entry} does not run slagate"));
        hook["entry"] = format!("{}{args}", env!("CARGO_BIN_EXE_slagate")).into();
        hook["language"] = "system".into();
    }
    serde_json::json!({"repos": [{"repo": "local", "hooks": hooks}]}).to_string()
}

/// stdout and stderr: a git hook's output reaches the terminal through stderr.
fn all(r: &Run) -> String {
    format!("{}{}", r.stdout, r.stderr)
}

/// Whether the pre-commit framework is installed.
fn pre_commit_available() -> bool {
    Command::new("pre-commit")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs `git` with the test's identity, returning failures instead of panicking.
fn git(t: &CliTest, args: &[&str]) -> Run {
    let mut c = crate::git::command(t.root(), args);
    c.env("PRE_COMMIT_HOME", t.root().join(".cache-pre-commit"))
        .env_remove("NO_COLOR")
        .env("PRE_COMMIT_COLOR", "never");
    t.run_command(&mut c)
}

#[test]
fn the_hooks_pass_a_good_commit_and_stop_a_bad_one_with_the_reason() {
    if !pre_commit_available() {
        #[allow(clippy::print_stderr)]
        {
            eprintln!("skipped: `pre-commit` is not installed (pip install pre-commit)");
        }
        return;
    }
    let t = CliTest::new();
    t.git(&["init", "-q", "-b", "main"]);
    t.write(".gitignore", ".cache-pre-commit/\n");
    t.write(".pre-commit-config.yaml", local_config());
    t.write(PATH, sla());
    let install = Command::new("pre-commit")
        .arg("install")
        .current_dir(t.root())
        .env("PRE_COMMIT_HOME", t.root().join(".cache-pre-commit"))
        .output()
        .unwrap();
    assert!(
        install.status.success(),
        "{}",
        String::from_utf8_lossy(&install.stderr)
    );

    // The first commit: nothing to compare with, a valid document.
    t.git(&["add", "-A"]);
    let r = git(&t, &["commit", "-m", "add the SLA"]);
    assert_eq!(r.code, 0, "{}", r.snapshot());
    assert!(
        all(&r).contains("slagate validate") && all(&r).contains("slagate check"),
        "{}",
        r.snapshot()
    );

    // A change with a version bump and a changelog entry passes both hooks.
    let good = sla()
        .replacen("target: \"<= 1h\"", "target: \"<= 30m\"", 1)
        .replacen("  version: 3\n", "  version: 4\n", 1)
        .replacen("  changelog:\n", "  changelog:\n    - version: 4\n      date: 2026-11-01\n      summary: Faster first response.\n", 1);
    t.write(PATH, &good);
    t.git(&["add", PATH]);
    let r = git(&t, &["commit", "-m", "faster response"]);
    assert_eq!(r.code, 0, "{}", r.snapshot());
    assert!(
        all(&r)
            .lines()
            .any(|l| l.starts_with("slagate check") && l.ends_with("Passed")),
        "{}",
        r.snapshot()
    );

    // A change without a version bump is stopped, and the hook says why.
    t.write(
        PATH,
        good.replacen("target: \"<= 30m\"", "target: \"<= 15m\"", 1),
    );
    t.git(&["add", PATH]);
    let r = git(&t, &["commit", "-m", "even faster, unversioned"]);
    assert_eq!(r.code, 1, "{}", r.snapshot());
    assert!(
        all(&r)
            .lines()
            .any(|l| l.starts_with("slagate check") && l.ends_with("Failed")),
        "{}",
        r.snapshot()
    );
    assert!(
        all(&r).contains(
            "error[version-not-bumped]: the content changed but `metadata.version` is still `4`"
        ),
        "{}",
        r.snapshot()
    );
    assert!(
        all(&r).contains("Raise `metadata.version` of `acme-crm` above `4`."),
        "{}",
        r.snapshot()
    );
    assert_eq!(t.git(&["rev-list", "--count", "HEAD"]).trim(), "2");

    // A weakening passes locally, saying which approvals its pull request will need.
    t.write(
        PATH,
        good.replacen("target: \">= 99.9%\"", "target: \">= 99.5%\"", 1)
            .replacen("  version: 4\n", "  version: 5\n", 1)
            .replacen("  changelog:\n", "  changelog:\n    - version: 5\n      date: 2026-11-02\n      summary: Lower availability.\n", 1),
    );
    t.git(&["add", PATH]);
    // pre-commit shows a passing hook's output only with --verbose.
    let r = t.run_command(
        Command::new("pre-commit")
            .args(["run", "slagate-check", "--verbose"])
            .current_dir(t.root())
            .env("PRE_COMMIT_HOME", t.root().join(".cache-pre-commit"))
            .env("PRE_COMMIT_COLOR", "never"),
    );
    assert_eq!(r.code, 0, "{}", r.snapshot());
    assert!(all(&r).contains("warning[approval-missing]: `acme-crm` will need an approval of `Acme Corp` (customer) on the pull request"), "{}", r.snapshot());
    let r = git(&t, &["commit", "-m", "lower availability"]);
    assert_eq!(r.code, 0, "{}", r.snapshot());

    // An invalid file is stopped by the validate hook.
    t.write(
        PATH,
        good.replacen("target: \"<= 30m\"", "target: \"soon\"", 1),
    );
    t.git(&["add", PATH]);
    let r = git(&t, &["commit", "-m", "broken"]);
    assert_eq!(r.code, 1, "{}", r.snapshot());
    assert!(
        all(&r)
            .lines()
            .any(|l| l.starts_with("slagate validate") && l.ends_with("Failed")),
        "{}",
        r.snapshot()
    );
    assert!(all(&r).contains("invalid-quantity"), "{}", r.snapshot());
}

#[test]
fn the_documented_configurations_name_the_hooks_of_the_manifest() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = std::fs::read_to_string(root.join(".pre-commit-hooks.yaml")).unwrap();
    let hooks = yaml::parse(&manifest, &Limits::default()).unwrap()[0]
        .root
        .to_json();
    let ids: Vec<&str> = hooks
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["slagate-validate", "slagate-check"]);
    for doc in ["README.md", "docs/pre-commit.md"] {
        let text = std::fs::read_to_string(root.join(doc)).unwrap();
        // The hook ids of the ```yaml blocks that are pre-commit configurations.
        let configs = text
            .split("```yaml")
            .skip(1)
            .filter_map(|b| b.split("```").next())
            .filter(|b| b.contains("repos:"));
        let named: Vec<&str> = configs
            .flat_map(str::lines)
            .filter_map(|l| l.trim().strip_prefix("- id: "))
            .map(|rest| rest.split_whitespace().next().unwrap())
            .collect();
        assert!(
            named.contains(&"slagate-check"),
            "{doc} shows no slagate-check hook"
        );
        for id in named {
            assert!(
                ids.contains(&id),
                "{doc} names the hook `{id}`, which .pre-commit-hooks.yaml does not define"
            );
        }
    }
}
