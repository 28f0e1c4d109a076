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

use crate::github::GitHubMock;
use crate::{CREATE_COMMENT, CREATE_REVIEW, MARKER, Repo, SLA_PATH, availability_lowered, checked, clean, parse_outputs};

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
        let unknown = || -> ! { panic!("action.yml uses `${{{{ {expr} }}}}`, which this test does not evaluate") };
        match parts.as_slice() {
            ["inputs", name] => self.inputs.get(*name).cloned().unwrap_or_else(|| unknown()),
            ["runner", name] => self.runner.get(*name).cloned().unwrap_or_else(|| unknown()),
            ["steps", id, "outputs", name] => self.steps.get(*id).and_then(|o| o.get(*name)).cloned().unwrap_or_default(),
            ["github", rest @ ..] => {
                let mut v = &self.github;
                for p in rest {
                    v = v.get(*p).unwrap_or_else(|| unknown());
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

/// Runs the composite action's steps as a runner would, with `with` as the inputs.
fn run_action(gh: &GitHubMock, repo: &Repo, fixture: &str, with: &[(&str, &str)]) -> ActionRun {
    let action = action();
    assert_eq!(action["runs"]["using"], "composite");
    let work = tempfile::tempdir().unwrap();
    let event_path = gh.write_event_payload(fixture, work.path());
    let payload: Value = serde_json::from_str(&std::fs::read_to_string(&event_path).unwrap()).unwrap();
    let action_path = env!("CARGO_MANIFEST_DIR");
    let github = serde_json::json!({
        "token": gh.token(),
        "action_path": action_path,
        // A local action (`uses: ./`) has no ref or repository.
        "action_ref": "",
        "action_repository": "",
        "server_url": "https://github.com",
        "event": payload,
    });
    let mut ctx = Contexts { inputs: HashMap::new(), github, runner: HashMap::new(), steps: HashMap::new() };
    ctx.runner.insert("temp".into(), work.path().join("runner-temp").display().to_string());
    ctx.runner.insert("os".into(), "Linux".into());
    ctx.runner.insert("arch".into(), "X64".into());
    std::fs::create_dir_all(work.path().join("runner-temp")).unwrap();
    for (name, spec) in action["inputs"].as_object().unwrap() {
        let default = spec["default"].as_str().unwrap_or_default();
        let value = with.iter().find(|(n, _)| n == name).map_or_else(|| ctx.eval(default), |(_, v)| (*v).to_string());
        ctx.inputs.insert(name.clone(), value);
    }

    let summary = work.path().join("step-summary.md");
    let mut run = ActionRun { code: 0, stdout: String::new(), stderr: String::new(), step_summary: String::new(), output_files: String::new(), outputs: HashMap::new() };
    for (i, step) in action["runs"]["steps"].as_array().unwrap().iter().enumerate() {
        assert_eq!(step["shell"], "bash", "every step runs in bash");
        assert!(step.get("if").is_none(), "this test does not evaluate `if:`");
        let script = step["run"].as_str().expect("composite steps here are `run:` steps");
        let script_path = work.path().join(format!("step{i}.sh"));
        std::fs::write(&script_path, script).unwrap();
        let output = work.path().join(format!("output{i}"));
        std::fs::write(&output, "").unwrap();
        let dir = step["working-directory"].as_str().map_or_else(|| repo.path().to_path_buf(), |d| repo.path().join(ctx.eval(d)));
        let mut c = Command::new("bash");
        clean(&mut c);
        c.args(["--noprofile", "--norc", "-eo", "pipefail"]).arg(&script_path).current_dir(dir);
        // What a runner sets for every step (GITHUB_TOKEN is not among them: the action
        // passes its `token` input).
        c.env("CI", "true")
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_API_URL", gh.url())
            .env("GITHUB_SERVER_URL", "https://github.com")
            .env("GITHUB_REPOSITORY", gh.repository())
            .env("GITHUB_EVENT_NAME", fixture.split('.').next().unwrap())
            .env("GITHUB_EVENT_PATH", &event_path)
            .env("GITHUB_WORKSPACE", repo.path())
            .env("GITHUB_SHA", "0000000000000000000000000000000000000000")
            .env("GITHUB_ACTION_PATH", action_path)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("GITHUB_OUTPUT", &output)
            .env("RUNNER_TEMP", &ctx.runner["temp"])
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            // The job's environment: the binary under test instead of a download.
            .env("SLAGATE_BIN", env!("CARGO_BIN_EXE_slagate"))
            .env("SLAGATE_GITHUB_BACKOFF_MS", "50");
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
        run.outputs.insert(name.clone(), ctx.eval(spec["value"].as_str().unwrap()));
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
    assert_eq!((r.outputs["weakened"].as_str(), r.outputs["strengthened"].as_str()), ("1", "0"));
    let findings: Value = serde_json::from_str(&r.outputs["findings-json"]).unwrap();
    assert!(findings.as_array().unwrap().iter().any(|f| f["rule"] == "target-weakened" && f["file"] == SLA_PATH), "{findings}");
    assert!(r.step_summary.starts_with(MARKER) && r.step_summary.contains("needs approval"), "{}", r.step_summary);
    assert!(r.stdout.lines().any(|l| l.starts_with(&format!("::error file={SLA_PATH},line=58,"))), "{}", r.stdout);
    assert_eq!(gh.write_ops(), [CREATE_REVIEW, CREATE_COMMENT]);
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
    assert_eq!(gh.write_ops(), ["PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}"]);
    assert_eq!(gh.issue_comments().len(), 1);
}

#[test]
fn the_action_honours_its_inputs() {
    let (gh, repo, _) = weakening_pr();
    std::fs::create_dir_all(repo.path().join("policies")).unwrap();
    let r = run_action(&gh, &repo, "pull_request.opened.1", &[("comment", "false"), ("working-directory", "policies"), ("fail-on", "warning")]);
    no_leak(&gh, &r);
    assert_eq!((r.code, r.outputs["verdict"].as_str()), (1, "needs-approval"), "{r:#?}");
    assert_eq!(gh.write_ops(), Vec::<String>::new(), "comment: false");
    assert!(r.step_summary.contains("not posted"), "{}", r.step_summary);

    // A malformed input stops the step before slagate runs.
    let r = run_action(&gh, &repo, "pull_request.opened.1", &[("comment", "yes")]);
    no_leak(&gh, &r);
    assert_eq!(r.code, 2, "{r:#?}");
    assert!(r.stdout.contains("::error title=slagate::the input comment must be true or false"), "{}", r.stdout);
}

#[test]
fn a_read_only_token_still_decides_through_the_action() {
    let (gh, repo, _) = weakening_pr();
    gh.set_read_only(true);
    let r = run_action(&gh, &repo, "pull_request.opened.1", &[]);
    let single = crate::Run { code: r.code, stdout: r.stdout.clone(), stderr: r.stderr.clone(), step_summary: r.step_summary.clone(), output_file: r.output_files.clone(), outputs: r.outputs.clone() };
    checked(&gh, &single);
    assert_eq!(r.code, 1);
    assert_eq!(r.outputs["verdict"], "needs-approval");
    assert_eq!(gh.write_ops(), [CREATE_REVIEW]);
    assert_eq!(r.stdout.matches("read-only").count(), 1, "{}", r.stdout);
}
