//! Hostile repositories: what a stranger's pull request can put at an SLA path (issue 10, "Files
//! and the working tree"). Every run here has a deadline ([`run_within`]), so a regression that
//! blocks (a FIFO opened, `/dev/zero` read) fails the test instead of hanging the suite.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::{CliTest, Run};

/// Long enough for a debug build on a loaded 2-core machine, far below "forever".
const DEADLINE: Duration = Duration::from_secs(30);

/// A value only the environment of the run holds: it must never be printed.
const SECRET: &str = "s3cr3t-value-7f2c91";

/// Runs `c` and kills it at [`DEADLINE`], panicking then: nothing here may block.
fn run_within(t: &CliTest, c: &mut Command) -> Run {
    // Files, not pipes: a child that blocks must not also block this reader.
    let outputs = tempfile::tempdir().unwrap();
    let out_path = outputs.path().join("stdout");
    let err_path = outputs.path().join("stderr");
    let mut child = c
        .env("SLAGATE_HOSTILE_SECRET", SECRET)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > DEADLINE {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("the run did not end within {DEADLINE:?}: {c:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let read = |p: &std::path::Path| {
        String::from_utf8_lossy(&std::fs::read(p).unwrap())
            .replace(&t.root().display().to_string(), "[TMP]")
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout: read(&out_path),
        stderr: read(&err_path),
    }
}

fn run(t: &CliTest, args: &[&str]) -> Run {
    run_within(t, &mut t.command(args))
}

/// A repository whose commit holds `a.sla.yaml` (a valid agreement), `hostile.sla.yaml` (a
/// regular file, for now) and the policy-free defaults.
fn repo() -> CliTest {
    let t = CliTest::new();
    t.git(&["init", "-q", "-b", "main"]);
    t.write("a.sla.yaml", crate::check::sla());
    t.write("hostile.sla.yaml", "placeholder: 1\n");
    t.git(&["add", "-A"]);
    t.git(&["commit", "-q", "-m", "base"]);
    std::fs::remove_file(t.root().join("hostile.sla.yaml")).unwrap();
    t
}

/// `validate`, `diff` and `check` in `t`, each within the deadline.
fn every_command(t: &CliTest) -> [(&'static str, Run); 3] {
    [
        ("validate", run(t, &["validate", "--today=2026-11-01"])),
        ("diff", run(t, &["diff"])),
        ("check", run(t, &["check", "--today=2026-11-01"])),
    ]
}

/// Each command refuses `hostile.sla.yaml` with `not-a-regular-file` saying `what`, fails
/// (exit 1: a finding, not a tool failure) and prints no secret.
fn assert_refused(t: &CliTest, what: &str) {
    for (name, r) in every_command(t) {
        let all = format!("{}{}", r.stdout, r.stderr);
        assert_eq!(r.code, 1, "{name}: {}", r.snapshot());
        assert!(!all.contains(SECRET), "{name} printed the environment");
        assert!(
            all.contains("error[not-a-regular-file]") && all.contains("hostile.sla.yaml is"),
            "{name}: {}",
            r.snapshot()
        );
        assert!(all.contains(what), "{name}: no {what:?}: {}", r.snapshot());
    }
}

#[test]
fn a_link_to_the_environment_is_refused_and_never_read() {
    let t = repo();
    std::os::unix::fs::symlink("/proc/self/environ", t.root().join("hostile.sla.yaml")).unwrap();
    assert_refused(
        &t,
        "a symbolic link to `/proc/self/environ`, which leaves the repository",
    );
}

#[test]
fn a_link_to_dev_zero_is_refused_and_never_read() {
    let t = repo();
    std::os::unix::fs::symlink("/dev/zero", t.root().join("hostile.sla.yaml")).unwrap();
    assert_refused(&t, "a symbolic link to `/dev/zero`");
}

#[test]
fn a_fifo_blocks_nothing() {
    let t = repo();
    let made = Command::new("mkfifo")
        .arg(t.root().join("hostile.sla.yaml"))
        .status()
        .unwrap();
    assert!(made.success());
    assert_refused(&t, "a FIFO");
}

#[test]
fn a_link_inside_the_repository_is_reported_not_followed() {
    // Discovery skipped a linked SLA file in silence, with exit 0.
    let t = CliTest::new();
    t.write("a.sla.yaml", crate::check::sla());
    std::os::unix::fs::symlink("a.sla.yaml", t.root().join("b.sla.yaml")).unwrap();
    let r = run(&t, &["validate", "--today=2026-11-01", "--format=json"]);
    assert_eq!(r.code, 1, "{}", r.snapshot());
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{}", r.stdout);
    assert_eq!(findings[0]["rule"], "not-a-regular-file");
    assert_eq!(findings[0]["file"], "b.sla.yaml");
    assert!(
        findings[0]["message"]
            .as_str()
            .unwrap()
            .contains("a symbolic link to `a.sla.yaml`, inside the repository"),
        "{}",
        r.stdout
    );
    // Both files counted: the link is not silently left out.
    assert_eq!(v["summary"]["files"], 2);
}

#[test]
fn a_directory_link_on_the_way_is_refused() {
    // `validate d/x.sla.yaml` where `d` links out of the repository.
    let t = CliTest::new();
    t.git(&["init", "-q", "-b", "main"]);
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("x.sla.yaml"), "kind: outside\n").unwrap();
    std::os::unix::fs::symlink(outside.path(), t.root().join("d")).unwrap();
    let r = run(&t, &["validate", "d/x.sla.yaml"]);
    assert_eq!(r.code, 1, "{}", r.snapshot());
    assert!(
        r.stdout.contains("error[not-a-regular-file]")
            && r.stdout.contains("below a symbolic link")
            && !r.stdout.contains("outside"),
        "{}",
        r.snapshot()
    );
}

#[test]
fn a_sparse_gibibyte_is_refused_by_its_real_size_without_being_read() {
    let t = CliTest::new();
    let f = std::fs::File::create(t.root().join("big.sla.yaml")).unwrap();
    // 1 GiB = 1,073,741,824 bytes, all a hole: no disk used.
    f.set_len(1 << 30).unwrap();
    let started = Instant::now();
    let r = run(&t, &["validate"]);
    assert_eq!(r.code, 1, "{}", r.snapshot());
    // The old message gave the size of a stand-in, 8 MiB + 1 = 8,388,609 bytes.
    assert!(
        r.stdout
            .contains("file is 1073741824 bytes, more than the limit of 8388608 bytes"),
        "{}",
        r.snapshot()
    );
    // Reading 1 GiB took seconds; a refusal by size takes none. A sanity bound.
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn the_snippet_of_a_file_outside_the_working_directory_is_from_that_file() {
    // `validate ../x.sla.yaml` quoted `./x.sla.yaml`, another file, under another name.
    let t = CliTest::new();
    t.write("x.sla.yaml", "kind: outer\n");
    t.write("sub/x.sla.yaml", "kind: inner\n");
    let r = run_within(
        &t,
        t.command(&["validate", "../x.sla.yaml"])
            .current_dir(t.root().join("sub")),
    );
    assert_eq!(r.code, 1, "{}", r.snapshot());
    assert!(
        r.stdout.contains("--> ../x.sla.yaml:1:1") && r.stdout.contains("kind: outer"),
        "{}",
        r.snapshot()
    );
    assert!(!r.stdout.contains("inner"), "{}", r.snapshot());
    // An oversized file's snippet was read back from the path re-resolved below the working
    // directory: `sub/big.sla.yaml`, another file.
    let mut big = b"# outer-big\n".to_vec();
    big.resize(9 * 1024 * 1024, b'#');
    t.write("big.sla.yaml", big);
    t.write("sub/big.sla.yaml", "kind: inner\n");
    let r = run_within(
        &t,
        t.command(&["validate", "../big.sla.yaml"])
            .current_dir(t.root().join("sub")),
    );
    assert_eq!(r.code, 1, "{}", r.snapshot());
    assert!(
        r.stdout.contains("--> ../big.sla.yaml:1:1") && r.stdout.contains("# outer-big"),
        "{}",
        r.snapshot()
    );
    assert!(!r.stdout.contains("inner"), "{}", r.snapshot());
}

#[test]
fn an_oversized_blob_is_refused_by_its_size() {
    // 9 MiB = 9,437,184 bytes, over the 8 MiB limit, committed: git states its size (this
    // message was right before too; that the blob is no longer read is tested in `git.rs`).
    let t = CliTest::new();
    t.git(&["init", "-q", "-b", "main"]);
    t.git(&["commit", "-q", "--allow-empty", "-m", "empty"]);
    t.write("big.sla.yaml", vec![b'#'; 9 * 1024 * 1024]);
    t.git(&["add", "-A"]);
    t.git(&["commit", "-q", "-m", "big"]);
    let r = run(&t, &["diff", "--base", "HEAD~1", "--head", "HEAD"]);
    assert_eq!(r.code, 1, "{}", r.snapshot());
    assert!(
        r.stdout
            .contains("error[yaml-limit]: file is 9437184 bytes"),
        "{}",
        r.snapshot()
    );
}

#[test]
fn git_failures_say_what_is_wrong() {
    // An empty repository has no commits: no "fetch HEAD:HEAD".
    let t = CliTest::new();
    t.git(&["init", "-q", "-b", "main"]);
    let r = run(&t, &["diff"]);
    assert_eq!(r.code, 2, "{}", r.snapshot());
    assert!(
        r.stderr.contains("the repository has no commits yet") && !r.stderr.contains("fetch"),
        "{}",
        r.snapshot()
    );
    // `check` compares it with the empty tree, as before.
    assert_eq!(run(&t, &["check"]).code, 0);

    // A bare repository is not "not a git repository".
    let bare = CliTest::new();
    bare.git(&["init", "-q", "--bare"]);
    let r = run(&bare, &["diff"]);
    assert_eq!(r.code, 2, "{}", r.snapshot());
    assert!(
        r.stderr
            .contains("is a bare git repository: it has no work tree"),
        "{}",
        r.snapshot()
    );

    // No git on PATH: said in words, the OS error once.
    let r = run_within(
        &t,
        t.command(&["diff"])
            .env("PATH", t.root().join("no-such-dir")),
    );
    assert_eq!(r.code, 2, "{}", r.snapshot());
    assert!(
        r.stderr
            .contains("`git`: it is not installed, or not on PATH"),
        "{}",
        r.snapshot()
    );
    assert_eq!(
        r.stderr.matches("No such file or directory").count(),
        1,
        "{}",
        r.snapshot()
    );
}

#[test]
fn a_policy_file_that_is_a_link_or_a_fifo_is_refused() {
    // `.slagate.yaml -> /proc/self/environ` printed the environment in the malformed policy's
    // snippet; a FIFO there blocked `validate`.
    let t = CliTest::new();
    t.write("a.sla.yaml", crate::check::sla());
    std::os::unix::fs::symlink("/proc/self/environ", t.root().join(".slagate.yaml")).unwrap();
    let r = run(&t, &["validate"]);
    assert_eq!(r.code, 2, "{}", r.snapshot());
    assert!(!r.stdout.contains(SECRET) && !r.stderr.contains(SECRET));
    assert!(
        r.stderr
            .contains(".slagate.yaml is a symbolic link to `/proc/self/environ`"),
        "{}",
        r.snapshot()
    );
    std::fs::remove_file(t.root().join(".slagate.yaml")).unwrap();
    let made = Command::new("mkfifo")
        .arg(t.root().join(".slagate.yaml"))
        .status()
        .unwrap();
    assert!(made.success());
    let r = run(&t, &["validate"]);
    assert_eq!(r.code, 2, "{}", r.snapshot());
    assert!(r.stderr.contains("is a FIFO"), "{}", r.snapshot());
}

#[test]
fn a_committed_link_is_refused_not_parsed() {
    // A link committed to a revision is a blob holding its target; it was parsed as that
    // text (a `schema-violation`: a string, not a mapping).
    let t = CliTest::new();
    t.git(&["init", "-q", "-b", "main"]);
    t.git(&["commit", "-q", "--allow-empty", "-m", "empty"]);
    std::os::unix::fs::symlink("/proc/self/environ", t.root().join("hostile.sla.yaml")).unwrap();
    t.git(&["add", "-A"]);
    t.git(&["commit", "-q", "-m", "link"]);
    for args in [
        &["diff", "--base", "HEAD~1", "--head", "HEAD"][..],
        // The index holds the link too (mode 120000, a blob).
        &[
            "check",
            "--base",
            "HEAD~1",
            "--staged",
            "--today=2026-11-01",
        ][..],
    ] {
        let r = run(&t, args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.snapshot());
        assert!(
            r.stdout.contains(
                "hostile.sla.yaml is a symbolic link (committed) to `/proc/self/environ`"
            ) && !r.stdout.contains("schema-violation"),
            "{args:?}: {}",
            r.snapshot()
        );
    }
}

#[test]
fn a_flood_of_unknown_keys_lists_a_thousand_and_counts_the_rest() {
    let t = CliTest::new();
    // `metadata` with 5,000 unknown keys k0..k4999 and no `spec`.
    let mut text = String::from(
        "apiVersion: slagate/v1\nkind: ServiceLevelAgreement\nmetadata:\n  id: x\n  version: 1\n",
    );
    text.extend((0..5000).map(|i| format!("  k{i}: v\n")));
    t.write("flood.sla.yaml", &text);
    let r = run(&t, &["validate", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.snapshot());
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let findings = json["findings"].as_array().unwrap();
    let codes = |c: &str| findings.iter().filter(|f| f["rule"] == c).count();
    // 1,000 listed: the missing `spec` (1) and the first 999 unknown keys; then one
    // `too-many-errors` for the 5,000 - 999 = 4,001 keys left out, at the first of them,
    // k999 on line 5 + 999 + 1 = 1,005.
    assert_eq!(findings.len(), 1001);
    assert_eq!(codes("unknown-field"), 999);
    let too_many: Vec<_> = findings
        .iter()
        .filter(|f| f["rule"] == "too-many-errors")
        .collect();
    assert_eq!(too_many.len(), 1, "{}", r.stdout);
    assert!(
        too_many[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("4001 more schema errors in this document not listed"),
        "{}",
        too_many[0]
    );
    assert_eq!(too_many[0]["line"], 1005, "{}", too_many[0]);
}

#[test]
fn a_committed_policy_link_is_refused_not_parsed() {
    // The base's policy is read by path (`BASE:.slagate.yaml`); a link committed there was
    // read as its target's text, `/proc/self/environ`, and parsed as a (malformed) policy.
    let t = CliTest::new();
    t.git(&["init", "-q", "-b", "main"]);
    t.write("a.sla.yaml", crate::check::sla());
    std::os::unix::fs::symlink("/proc/self/environ", t.root().join(".slagate.yaml")).unwrap();
    t.git(&["add", "-A"]);
    t.git(&["commit", "-q", "-m", "policy link"]);
    // The work tree's link is gone; the commit keeps it.
    std::fs::remove_file(t.root().join(".slagate.yaml")).unwrap();
    for args in [
        &["diff", "--base", "HEAD", "--head", "HEAD"][..],
        &["check", "--base", "HEAD", "--today=2026-11-01"][..],
    ] {
        let r = run(&t, args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.snapshot());
        assert!(
            r.stderr
                .contains(".slagate.yaml is a symbolic link (committed) to `/proc/self/environ`"),
            "{args:?}: {}",
            r.snapshot()
        );
        assert!(!r.stdout.contains(SECRET) && !r.stderr.contains(SECRET));
    }
}
