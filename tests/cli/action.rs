//! `action.yml` end to end: its `run:` steps, run with bash as a runner runs a composite
//! action (`bash --noprofile --norc -eo pipefail`, `env:` evaluated, a fresh `GITHUB_OUTPUT`
//! per step, `working-directory`), against the local GitHub and a real git repository.
//!
//! The network is closed here, so the install step is pointed at the binary under test
//! through `SLAGATE_BIN`, the override action.yml documents. Expressions are evaluated by a
//! small evaluator that knows exactly the contexts a runner gives a composite action
//! (`inputs`, `github`, `runner`, `steps`); an expression it does not know fails the test, so
//! action.yml cannot grow one that this test silently skips.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::github::{
    CREATE_COMMENT, CREATE_REVIEW, MARKER, Repo, SLA_PATH, SUBMIT_REVIEW, availability_lowered,
    checked, clean, parse_outputs,
};
use crate::github_mock::GitHubMock;

fn action() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("action.yml");
    let text = std::fs::read_to_string(path).unwrap();
    let docs = slagate::source::yaml::parse(&text, &slagate::source::Limits::default()).unwrap();
    docs[0].root.to_json()
}

/// The contexts of one run of the action.
struct Contexts {
    inputs: HashMap<String, String>,
    github: Value,
    runner: HashMap<String, String>,
    steps: HashMap<String, HashMap<String, String>>,
}

impl Contexts {
    fn lookup(&self, expr: &str) -> String {
        let expr = expr.trim();
        let parts: Vec<&str> = expr.split('.').collect();
        let unknown = || -> ! {
            panic!("action.yml uses `${{{{ {expr} }}}}`, which this test does not evaluate")
        };
        match parts.as_slice() {
            ["inputs", name] => self.inputs.get(*name).cloned().unwrap_or_else(|| unknown()),
            ["runner", name] => self.runner.get(*name).cloned().unwrap_or_else(|| unknown()),
            ["steps", id, "outputs", name] => self
                .steps
                .get(*id)
                .and_then(|o| o.get(*name))
                .cloned()
                .unwrap_or_default(),
            ["github", rest @ ..] => {
                let mut v = &self.github;
                for (i, p) in rest.iter().enumerate() {
                    match v.get(*p) {
                        Some(next) => v = next,
                        // A property the event's payload does not have is empty, as on a
                        // runner (`github.event.pull_request.base.sha` on `schedule`).
                        None if rest[0] == "event" && i > 0 => return String::new(),
                        None => unknown(),
                    }
                }
                match v {
                    Value::String(s) => s.clone(),
                    Value::Null => String::new(),
                    other => other.to_string(),
                }
            }
            _ => unknown(),
        }
    }

    /// Replaces every `${{ expr }}` in `text`.
    fn eval(&self, text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${{") {
            out.push_str(&rest[..start]);
            let end = rest[start..].find("}}").expect("unclosed expression") + start;
            out.push_str(&self.lookup(&rest[start + 3..end]));
            rest = &rest[end + 2..];
        }
        out.push_str(rest);
        out
    }
}

/// What one run of the action produced.
#[derive(Debug)]
struct ActionRun {
    /// The exit code of the last step that ran.
    code: i32,
    stdout: String,
    stderr: String,
    step_summary: String,
    output_files: String,
    outputs: HashMap<String, String>,
}

/// How the action is used: a local checkout with `SLAGATE_BIN` (the default here), or a
/// release tag whose assets a local server serves.
struct Setup {
    slagate_bin: Option<String>,
    action_ref: String,
    action_repository: String,
    server_url: String,
    /// Another event than the webhook fixture: its name and payload (`schedule`).
    event: Option<(String, Value)>,
}

impl Default for Setup {
    fn default() -> Setup {
        Setup {
            slagate_bin: Some(env!("CARGO_BIN_EXE_slagate").to_string()),
            action_ref: String::new(),
            action_repository: String::new(),
            server_url: "https://github.com".into(),
            event: None,
        }
    }
}

/// Runs the composite action's steps as a runner would, with `with` as the inputs.
fn run_action(gh: &GitHubMock, repo: &Repo, fixture: &str, with: &[(&str, &str)]) -> ActionRun {
    run_action_with(gh, repo, fixture, with, &Setup::default())
}

fn run_action_with(
    gh: &GitHubMock,
    repo: &Repo,
    fixture: &str,
    with: &[(&str, &str)],
    setup: &Setup,
) -> ActionRun {
    let action = action();
    assert_eq!(action["runs"]["using"], "composite");
    let work = tempfile::tempdir().unwrap();
    let (event_name, event_path) = match &setup.event {
        Some((name, payload)) => {
            let path = work.path().join("event.json");
            std::fs::write(&path, payload.to_string()).unwrap();
            (name.clone(), path)
        }
        None => (
            fixture.split('.').next().unwrap().to_string(),
            gh.write_event_payload(fixture, work.path()),
        ),
    };
    let payload: Value =
        serde_json::from_str(&std::fs::read_to_string(&event_path).unwrap()).unwrap();
    let action_path = env!("CARGO_MANIFEST_DIR");
    let github = serde_json::json!({
        "token": gh.token(),
        "action_path": action_path,
        "action_ref": setup.action_ref,
        "action_repository": setup.action_repository,
        "server_url": setup.server_url,
        "event": payload,
    });
    let mut ctx = Contexts {
        inputs: HashMap::new(),
        github,
        runner: HashMap::new(),
        steps: HashMap::new(),
    };
    ctx.runner.insert(
        "temp".into(),
        work.path().join("runner-temp").display().to_string(),
    );
    ctx.runner.insert("os".into(), "Linux".into());
    ctx.runner.insert("arch".into(), "X64".into());
    std::fs::create_dir_all(work.path().join("runner-temp")).unwrap();
    for (name, spec) in action["inputs"].as_object().unwrap() {
        let default = spec["default"].as_str().unwrap_or_default();
        let value = with
            .iter()
            .find(|(n, _)| n == name)
            .map_or_else(|| ctx.eval(default), |(_, v)| (*v).to_string());
        ctx.inputs.insert(name.clone(), value);
    }

    let summary = work.path().join("step-summary.md");
    let mut run = ActionRun {
        code: 0,
        stdout: String::new(),
        stderr: String::new(),
        step_summary: String::new(),
        output_files: String::new(),
        outputs: HashMap::new(),
    };
    for (i, step) in action["runs"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        assert_eq!(step["shell"], "bash", "every step runs in bash");
        assert!(
            step.get("if").is_none(),
            "this test does not evaluate `if:`"
        );
        let script = step["run"]
            .as_str()
            .expect("composite steps here are `run:` steps");
        let script_path = work.path().join(format!("step{i}.sh"));
        std::fs::write(&script_path, script).unwrap();
        let output = work.path().join(format!("output{i}"));
        std::fs::write(&output, "").unwrap();
        let dir = step["working-directory"].as_str().map_or_else(
            || repo.path().to_path_buf(),
            |d| repo.path().join(ctx.eval(d)),
        );
        let mut c = Command::new("bash");
        clean(&mut c);
        c.args(["--noprofile", "--norc", "-eo", "pipefail"])
            .arg(&script_path)
            .current_dir(dir);
        // What a runner sets for every step (GITHUB_TOKEN is not among them: the action
        // passes its `token` input).
        c.env("CI", "true")
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_API_URL", gh.url())
            .env("GITHUB_SERVER_URL", &setup.server_url)
            .env("GITHUB_REPOSITORY", gh.repository())
            .env("GITHUB_EVENT_NAME", &event_name)
            .env("GITHUB_EVENT_PATH", &event_path)
            .env("GITHUB_WORKSPACE", repo.path())
            .env("GITHUB_SHA", "0000000000000000000000000000000000000000")
            .env("GITHUB_ACTION_PATH", action_path)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("GITHUB_OUTPUT", &output)
            .env("RUNNER_TEMP", &ctx.runner["temp"])
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .env("SLAGATE_GITHUB_BACKOFF_MS", "50");
        // The job's environment: the binary under test instead of a download.
        if let Some(bin) = &setup.slagate_bin {
            c.env("SLAGATE_BIN", bin);
        }
        for (k, v) in step["env"].as_object().into_iter().flatten() {
            c.env(k, ctx.eval(v.as_str().unwrap()));
        }
        let out = c.output().unwrap();
        run.stdout.push_str(&String::from_utf8_lossy(&out.stdout));
        run.stderr.push_str(&String::from_utf8_lossy(&out.stderr));
        let written = std::fs::read_to_string(&output).unwrap();
        run.output_files.push_str(&written);
        if let Some(id) = step["id"].as_str() {
            ctx.steps.insert(id.to_string(), parse_outputs(&written));
        }
        run.code = out.status.code().unwrap_or(-1);
        if run.code != 0 {
            break;
        }
    }
    for (name, spec) in action["outputs"].as_object().unwrap() {
        run.outputs
            .insert(name.clone(), ctx.eval(spec["value"].as_str().unwrap()));
    }
    run.step_summary = std::fs::read_to_string(&summary).unwrap_or_default();
    run
}

fn weakening_pr() -> (GitHubMock, Repo, String) {
    let gh = GitHubMock::start();
    let (repo, base) = Repo::with_base();
    let head = repo.head(&availability_lowered(), "lower availability");
    gh.set_shas(&base, &head);
    gh.set_pr_files(repo.pr_files(&base, &head));
    (gh, repo, head)
}

fn no_leak(gh: &GitHubMock, r: &ActionRun) {
    gh.assert_no_violations();
    gh.assert_token_not_leaked(&[&r.stdout, &r.stderr, &r.step_summary, &r.output_files]);
}

#[test]
fn the_action_gates_a_weakening_until_both_parties_approve() {
    let (gh, repo, head) = weakening_pr();
    let r = run_action(&gh, &repo, "pull_request.opened.1", &[]);
    no_leak(&gh, &r);
    assert_eq!(r.code, 1, "needs approval fails the step: {r:#?}");
    assert_eq!(r.outputs["verdict"], "needs-approval", "{r:#?}");
    assert_eq!(
        (
            r.outputs["weakened"].as_str(),
            r.outputs["strengthened"].as_str()
        ),
        ("1", "0")
    );
    let findings: Value = serde_json::from_str(&r.outputs["findings-json"]).unwrap();
    assert!(
        findings
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "target-weakened" && f["file"] == SLA_PATH),
        "{findings}"
    );
    assert!(
        r.step_summary.starts_with(MARKER) && r.step_summary.contains("needs approval"),
        "{}",
        r.step_summary
    );
    assert!(
        r.stdout
            .lines()
            .any(|l| l.starts_with(&format!("::error file={SLA_PATH},line=58,"))),
        "{}",
        r.stdout
    );
    assert_eq!(
        gh.write_ops(),
        [CREATE_REVIEW, SUBMIT_REVIEW, CREATE_COMMENT]
    );
    assert_eq!(gh.issue_comments().len(), 1);
    assert_eq!(gh.review_comments().len(), 1);

    // Both parties approve: the same action passes, and edits its comment in place.
    gh.set_team_members("acme-corp", "procurement", &["carol"]);
    gh.add_review("jdoe", "APPROVED", &head);
    gh.add_review("carol", "APPROVED", &head);
    gh.clear_log();
    let r = run_action(&gh, &repo, "pull_request_review.submitted.1", &[]);
    no_leak(&gh, &r);
    assert_eq!(r.code, 0, "{r:#?}");
    assert_eq!(r.outputs["verdict"], "pass");
    assert_eq!(
        gh.write_ops(),
        ["PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}"]
    );
    assert_eq!(gh.issue_comments().len(), 1);
}

#[test]
fn the_action_honours_its_inputs() {
    let (gh, repo, _) = weakening_pr();
    std::fs::create_dir_all(repo.path().join("policies")).unwrap();
    let r = run_action(
        &gh,
        &repo,
        "pull_request.opened.1",
        &[
            ("comment", "false"),
            ("working-directory", "policies"),
            ("fail-on", "warning"),
        ],
    );
    no_leak(&gh, &r);
    assert_eq!(
        (r.code, r.outputs["verdict"].as_str()),
        (1, "needs-approval"),
        "{r:#?}"
    );
    assert_eq!(gh.write_ops(), Vec::<String>::new(), "comment: false");
    assert!(r.step_summary.contains("not posted"), "{}", r.step_summary);

    // A malformed input stops the step before slagate runs.
    let r = run_action(&gh, &repo, "pull_request.opened.1", &[("comment", "yes")]);
    no_leak(&gh, &r);
    assert_eq!(r.code, 2, "{r:#?}");
    assert!(
        r.stdout
            .contains("::error title=slagate::the input comment must be true or false"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_read_only_token_still_decides_through_the_action() {
    let (gh, repo, _) = weakening_pr();
    gh.set_read_only(true);
    let r = run_action(&gh, &repo, "pull_request.opened.1", &[]);
    let single = crate::github::Run {
        code: r.code,
        stdout: r.stdout.clone(),
        stderr: r.stderr.clone(),
        step_summary: r.step_summary.clone(),
        output_file: r.output_files.clone(),
        outputs: r.outputs.clone(),
    };
    checked(&gh, &single);
    assert_eq!(r.code, 1);
    assert_eq!(r.outputs["verdict"], "needs-approval");
    assert_eq!(gh.write_ops(), [CREATE_REVIEW]);
    assert_eq!(r.stdout.matches("read-only").count(), 1, "{}", r.stdout);
}

// ---------------------------------------------------------------- the release download

/// A static file server on 127.0.0.1 for the release assets; stops when dropped.
struct Assets {
    addr: std::net::SocketAddr,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<Vec<String>>>,
}

impl Assets {
    fn serve(files: HashMap<String, Vec<u8>>) -> Assets {
        use std::io::{BufRead, BufReader, Write};
        use std::sync::atomic::Ordering;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            let mut asked = Vec::new();
            for stream in listener.incoming() {
                if flag.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(mut stream) = stream else { continue };
                let mut line = String::new();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                if reader.read_line(&mut line).is_err() {
                    continue;
                }
                // Skip the headers.
                let mut header = String::new();
                while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                    header.clear();
                }
                let path = line
                    .split_whitespace()
                    .nth(1)
                    .unwrap_or_default()
                    .to_string();
                asked.push(path.clone());
                let (status, body) = files
                    .get(&path)
                    .map_or(("404 Not Found", b"not found".to_vec()), |b| {
                        ("200 OK", b.clone())
                    });
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(&body);
            }
            asked
        });
        Assets {
            addr,
            stop,
            thread: Some(thread),
        }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops the server; returns the paths that were asked for.
    fn finish(mut self) -> Vec<String> {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        let _ = std::net::TcpStream::connect(self.addr);
        self.thread.take().unwrap().join().unwrap()
    }
}

/// The release archive of this version for Linux x64, holding the binary under test, and
/// its `SHA256SUMS` (with `tamper`, an archive whose checksum does not match, holding a
/// script that would betray being run).
fn release(tamper: bool) -> (String, HashMap<String, Vec<u8>>) {
    let tag = format!("v{}", env!("CARGO_PKG_VERSION"));
    let name = format!("slagate-{tag}-x86_64-unknown-linux-gnu");
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(&name)).unwrap();
    let bin = dir.path().join(&name).join("slagate");
    if tamper {
        std::fs::write(&bin, "#!/bin/sh\necho TAMPERED BINARY RAN\nexit 0\n").unwrap();
    } else {
        // Without debug info the archive is a tenth of the size (a release build's is smaller still).
        let stripped = Command::new("strip")
            .arg("-o")
            .arg(&bin)
            .arg(env!("CARGO_BIN_EXE_slagate"))
            .status()
            .is_ok_and(|s| s.success());
        if !stripped {
            std::fs::copy(env!("CARGO_BIN_EXE_slagate"), &bin).unwrap();
        }
    }
    let mut perms = std::fs::metadata(&bin).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&bin, perms).unwrap();
    let archive = format!("{name}.tar.gz");
    let ok = Command::new("tar")
        .args(["-czf", &archive, &name])
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(ok.success());
    let sums = Command::new("sha256sum")
        .arg(&archive)
        .current_dir(dir.path())
        .output()
        .unwrap();
    let mut sums = String::from_utf8(sums.stdout).unwrap();
    if tamper {
        sums = format!("{}{}", "0".repeat(64), &sums[64..]);
    }
    assert!(sums.ends_with(&format!("  {archive}\n")), "{sums}");
    let bytes = std::fs::read(dir.path().join(&archive)).unwrap();
    let base = format!("/slagate/slagate/releases/download/{tag}");
    let files = HashMap::from([
        (format!("{base}/{archive}"), bytes),
        (
            format!("{base}/SHA256SUMS"),
            format!("other.tar.gz  x\n{sums}").into_bytes(),
        ),
    ]);
    (tag, files)
}

#[test]
fn at_a_release_tag_the_action_downloads_and_verifies_its_binary() {
    let (gh, repo, _) = weakening_pr();
    let (tag, files) = release(false);
    let assets = Assets::serve(files);
    let setup = Setup {
        slagate_bin: None,
        action_ref: tag.clone(),
        action_repository: "slagate/slagate".into(),
        server_url: assets.url(),
        event: None,
    };
    let r = run_action_with(&gh, &repo, "pull_request.opened.1", &[], &setup);
    let asked = assets.finish();
    no_leak(&gh, &r);
    assert_eq!(asked.len(), 2, "the archive and SHA256SUMS: {asked:?}");
    assert_eq!(
        (r.code, r.outputs["verdict"].as_str()),
        (1, "needs-approval"),
        "{r:#?}"
    );
    assert_eq!(
        gh.write_ops(),
        [CREATE_REVIEW, SUBMIT_REVIEW, CREATE_COMMENT]
    );
}

#[test]
fn a_release_binary_whose_checksum_does_not_match_is_never_run() {
    let (gh, repo, _) = weakening_pr();
    let (tag, files) = release(true);
    let assets = Assets::serve(files);
    let setup = Setup {
        slagate_bin: None,
        action_ref: tag,
        action_repository: "slagate/slagate".into(),
        server_url: assets.url(),
        event: None,
    };
    let r = run_action_with(&gh, &repo, "pull_request.opened.1", &[], &setup);
    assets.finish();
    no_leak(&gh, &r);
    assert_eq!(r.code, 2, "{r:#?}");
    assert!(
        r.stdout.contains("::error title=slagate::the checksum of"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("TAMPERED"), "{}", r.stdout);
    assert!(gh.requests().is_empty(), "slagate never ran");
}

#[test]
fn on_schedule_the_action_keeps_the_governance_issue() {
    let gh = GitHubMock::start();
    let (repo, _) = Repo::with_base();
    // The action passes no `--today`: the run's date is the machine's. The agreement's next
    // review is due on 2026-12-15 (quarterly, last 2026-09-15), so from 2026-11-15 on (30
    // days before) it is listed, due or overdue, whatever later day this test runs on.
    let setup = Setup {
        event: Some((
            "schedule".into(),
            serde_json::json!({
                "schedule": "17 6 * * 1",
                "repository": { "full_name": gh.repository() },
            }),
        )),
        ..Setup::default()
    };
    let r = run_action_with(&gh, &repo, "pull_request.opened.1", &[], &setup);
    no_leak(&gh, &r);
    assert_eq!(r.code, 0, "{r:#?}");
    let issues = gh.issues();
    assert_eq!(issues.len(), 1, "{r:#?}");
    assert_eq!(r.outputs["due"], "1");
    assert_eq!(r.outputs["issue"], issues[0].number.to_string());
    assert!(
        issues[0]
            .body
            .as_deref()
            .unwrap_or_default()
            .contains("`acme-crm`"),
        "{issues:#?}"
    );
    // Nothing of the pull-request path ran: no fetch of commits, no comment, no review.
    assert!(
        !r.stdout.contains("fetching the pull request"),
        "{}",
        r.stdout
    );
    assert_eq!(
        gh.count("POST", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews"),
        0
    );
}
