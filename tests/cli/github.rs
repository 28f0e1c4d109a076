//! `slagate github` end to end: the real binary, on real git repositories (base and head
//! commits in a temporary directory), fed GitHub's real webhook payloads, against a local
//! GitHub that checks every request it gets (`tests/support/github/`).
//!
//! Every scenario asserts the exact writes (`write_ops()`), that no request broke GitHub's
//! description or rules (`assert_no_violations()`), and that the token appears nowhere
//! (`assert_token_not_leaked()`), outputs and step summary included.

//!
//! The repository, run and output helpers here are shared with [`crate::action`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::git;
use crate::github_mock::{self, Fault, GitHubMock, IssueComment, PrFile, ReviewComment};

pub(crate) const CREATE_REVIEW: &str = "POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews";
/// Submitting the review created pending (the lock between concurrent runs).
pub(crate) const SUBMIT_REVIEW: &str =
    "POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/events";
pub(crate) const CREATE_COMMENT: &str = "POST /repos/{owner}/{repo}/issues/{issue_number}/comments";
pub(crate) const UPDATE_COMMENT: &str = "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}";
pub(crate) const DELETE_COMMENT: &str = "DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}";
pub(crate) const DELETE_REVIEW_COMMENT: &str =
    "DELETE /repos/{owner}/{repo}/pulls/comments/{comment_id}";
const REVIEWS: &str = "/repos/{owner}/{repo}/pulls/{pull_number}/reviews";
const ISSUE_COMMENTS: &str = "/repos/{owner}/{repo}/issues/{issue_number}/comments";

pub(crate) const MARKER: &str = "<!-- slagate -->";
pub(crate) const SLA_PATH: &str = "policies/acme-crm.sla.yaml";
/// The line of the availability target in the fixture.
const TARGET_LINE: u64 = 58;
/// The line of the latency target.
const LATENCY_LINE: u64 = 71;

pub(crate) fn fixture(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/github-scenarios")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The agreement with metadata.version raised to 4 and a changelog entry for it.
pub(crate) fn bumped(sla: &str) -> String {
    sla.replacen("  version: 3\n  title:", "  version: 4\n  title:", 1)
        .replacen(
            "  changelog:\n",
            "  changelog:\n    - version: 4\n      date: 2026-10-01\n      summary: Amended.\n",
            1,
        )
}

/// Availability lowered (a weakening), properly versioned.
pub(crate) fn availability_lowered() -> String {
    bumped(&fixture("acme-crm.sla.yaml").replacen(
        "target: \">= 99.9%\"",
        "target: \">= 99.5%\"",
        1,
    ))
}

/// Latency raised instead (another weakening), properly versioned.
fn latency_raised() -> String {
    bumped(&fixture("acme-crm.sla.yaml").replacen(
        "target: \"<= 500ms\"",
        "target: \"<= 800ms\"",
        1,
    ))
}

/// A git repository in a temporary directory, with a deterministic environment.
pub(crate) struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    /// A repository whose first commit holds the policy and the agreement.
    pub(crate) fn with_base() -> (Repo, String) {
        let r = Repo {
            dir: tempfile::tempdir().unwrap(),
        };
        r.git(&["init", "-q", "-b", "main"]);
        r.write(".slagate.yaml", &fixture("slagate.yaml"));
        r.write(SLA_PATH, &fixture("acme-crm.sla.yaml"));
        let base = r.commit("base");
        (r, base)
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn write(&self, rel: &str, text: &str) {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    pub(crate) fn git(&self, args: &[&str]) -> String {
        git::run(self.dir.path(), args)
    }

    /// Commits everything; returns the commit id.
    pub(crate) fn commit(&self, message: &str) -> String {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", message]);
        self.git(&["rev-parse", "HEAD"]).trim().to_string()
    }

    /// A head commit on a branch off `base` with `SLA_PATH` set to `sla`.
    pub(crate) fn head(&self, sla: &str, message: &str) -> String {
        self.write(SLA_PATH, sla);
        self.commit(message)
    }

    /// The pull request's files as GitHub lists them: hunks of `git diff base head`.
    pub(crate) fn pr_files(&self, base: &str, head: &str) -> Vec<PrFile> {
        let names = self.git(&["diff", "--no-renames", "--name-status", base, head]);
        names
            .lines()
            .map(|l| {
                let (status, path) = l.split_once('\t').unwrap();
                let diff = self.git(&[
                    "diff",
                    "--no-color",
                    "--no-ext-diff",
                    "-U3",
                    base,
                    head,
                    "--",
                    path,
                ]);
                let hunks: String = diff
                    .lines()
                    .skip_while(|l| !l.starts_with("@@"))
                    .collect::<Vec<_>>()
                    .join("\n");
                match status {
                    "A" => PrFile::added(
                        path,
                        &std::fs::read_to_string(self.dir.path().join(path)).unwrap(),
                    ),
                    "D" => PrFile::removed(path, &hunks),
                    _ => PrFile::modified(path, &hunks),
                }
            })
            .collect()
    }
}

/// What one run produced.
#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
    pub(crate) step_summary: String,
    pub(crate) output_file: String,
    pub(crate) outputs: HashMap<String, String>,
}

impl Run {
    /// Runs `c` and collects what it produced, with the step summary and `GITHUB_OUTPUT`
    /// files it was given.
    pub(crate) fn of(c: &mut Command, summary: &Path, output: &Path) -> Run {
        let out = c.output().unwrap();
        let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_default();
        let output_file = read(output);
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            step_summary: read(summary),
            outputs: parse_outputs(&output_file),
            output_file,
        }
    }

    pub(crate) fn texts(&self) -> [&str; 4] {
        [
            &self.stdout,
            &self.stderr,
            &self.step_summary,
            &self.output_file,
        ]
    }
}

/// Parses a `GITHUB_OUTPUT` file (`name=value` and `name<<DELIMITER` blocks).
pub(crate) fn parse_outputs(text: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some((name, delim)) = line.split_once("<<") {
            let mut value = Vec::new();
            for l in lines.by_ref() {
                if l == delim {
                    break;
                }
                value.push(l);
            }
            out.insert(name.to_string(), value.join("\n"));
        } else if let Some((name, value)) = line.split_once('=') {
            out.insert(name.to_string(), value.to_string());
        }
    }
    out
}

/// A clean environment: nothing of the machine's own Actions variables leaks into a run.
pub(crate) fn clean(c: &mut Command) {
    for (k, _) in std::env::vars() {
        if ["GITHUB_", "RUNNER_", "INPUT_", "SLAGATE_", "ACTIONS_"]
            .iter()
            .any(|p| k.starts_with(p))
        {
            c.env_remove(k);
        }
    }
    c.env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null");
}

/// Runs `slagate github` in `repo` on the webhook `fixture`, with the mock's environment.
pub(crate) fn run_with(gh: &GitHubMock, repo: &Repo, fixture: &str, extra: &[&str]) -> Run {
    run_in(gh, repo, fixture, extra, &[])
}

/// [`run_with`], with `env` set on top of the mock's environment.
pub(crate) fn run_in(
    gh: &GitHubMock,
    repo: &Repo,
    fixture: &str,
    extra: &[&str],
    env: &[(&str, &str)],
) -> Run {
    let work = tempfile::tempdir().unwrap();
    let event_path = gh.write_event_payload(fixture, work.path());
    let summary: PathBuf = work.path().join("step-summary.md");
    let output: PathBuf = work.path().join("output");
    let mut c = Command::new(env!("CARGO_BIN_EXE_slagate"));
    clean(&mut c);
    c.arg("github")
        .arg("--today=2026-11-01")
        .args(extra)
        .current_dir(repo.path());
    c.envs(gh.env())
        .env("GITHUB_EVENT_PATH", &event_path)
        .env("GITHUB_EVENT_NAME", fixture.split('.').next().unwrap())
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_OUTPUT", &output)
        // GITHUB_SHA is the merge commit on a real runner: it must never be used.
        .env("GITHUB_SHA", "0000000000000000000000000000000000000000")
        .env("SLAGATE_GITHUB_BACKOFF_MS", "50")
        .env("SLAGATE_GITHUB_RETRY_BUDGET", "20")
        .envs(env.iter().copied());
    Run::of(&mut c, &summary, &output)
}

pub(crate) fn run(gh: &GitHubMock, repo: &Repo, fixture: &str) -> Run {
    run_with(gh, repo, fixture, &[])
}

/// The checks every scenario ends with.
pub(crate) fn checked(gh: &GitHubMock, r: &Run) {
    gh.assert_no_violations();
    gh.assert_token_not_leaked(&r.texts());
    assert!(r.code == 0 || r.code == 1, "exit {}: {r:#?}", r.code);
}

/// A pull request whose head lowers the availability target.
fn weakening_pr() -> (GitHubMock, Repo, String, String) {
    let gh = GitHubMock::start();
    let (repo, base, head) = weakening_pr_on(&gh);
    (gh, repo, base, head)
}

/// A pull request whose head lowers the availability target, on `gh`: the repository, the
/// base and the head commit.
pub(crate) fn weakening_pr_on(gh: &GitHubMock) -> (Repo, String, String) {
    let (repo, base) = Repo::with_base();
    repo.git(&["checkout", "-q", "-b", "change"]);
    let head = repo.head(&availability_lowered(), "lower availability");
    gh.set_shas(&base, &head);
    gh.set_pr_files(repo.pr_files(&base, &head));
    (repo, base, head)
}

pub(crate) fn summaries(gh: &GitHubMock) -> Vec<IssueComment> {
    gh.issue_comments()
        .into_iter()
        .filter(|c| c.body.starts_with(MARKER))
        .collect()
}

fn ours(gh: &GitHubMock) -> Vec<ReviewComment> {
    gh.review_comments()
        .into_iter()
        .filter(|c| c.author == "slagate-bot")
        .collect()
}

/// Text outside Markdown code spans (where GitHub renders it as Markdown and HTML).
fn prose(body: &str) -> String {
    let mut out = String::new();
    let b = body.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'`' {
            let run = b[i..].iter().take_while(|c| **c == b'`').count();
            let fence = "`".repeat(run);
            if let Some(end) = body[i + run..].find(&fence) {
                i += run + end + run;
                continue;
            }
        }
        let c = body[i..].chars().next().unwrap();
        out.push(c);
        i += c.len_utf8();
    }
    out
}

// ---------------------------------------------------------------- scenarios

#[test]
fn the_first_run_posts_one_summary_and_the_inline_comment() {
    let (gh, repo, _, head) = weakening_pr();
    let r = run(&gh, &repo, "pull_request.opened.1");
    checked(&gh, &r);
    assert_eq!(r.code, 1, "{r:#?}");
    assert_eq!(
        gh.write_ops(),
        [CREATE_REVIEW, SUBMIT_REVIEW, CREATE_COMMENT],
        "{r:#?}"
    );

    let review = &gh.requests_to("POST", REVIEWS)[0];
    assert_eq!(
        review.body_str("commit_id"),
        Some(head.as_str()),
        "commit_id is the head, never GITHUB_SHA"
    );
    // Created pending (no event: the lock between concurrent runs), then submitted.
    assert_eq!(review.body_str("event"), None);
    let submit = &gh.requests_to(
        "POST",
        "/repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/events",
    )[0];
    assert_eq!(submit.body_str("event"), Some("COMMENT"));
    assert_eq!(submit.body_str("body"), review.body_str("body"));
    let inline = ours(&gh);
    assert_eq!(inline.len(), 1);
    assert_eq!(
        (
            inline[0].path.as_str(),
            inline[0].line,
            inline[0].side.as_deref()
        ),
        (SLA_PATH, Some(TARGET_LINE), Some("RIGHT"))
    );
    assert!(
        inline[0].body.contains("`>= 99.9%`") && inline[0].body.contains("`>= 99.5%`"),
        "{}",
        inline[0].body
    );
    assert!(
        inline[0]
            .body
            .trim_end()
            .lines()
            .last()
            .unwrap()
            .starts_with("<!-- slagate:finding "),
        "{}",
        inline[0].body
    );

    let s = summaries(&gh);
    assert_eq!(s.len(), 1);
    assert!(s[0].body.contains("needs approval"), "{}", s[0].body);
    assert!(
        s[0].body.contains("1 of 1 weakening(s) are commented"),
        "{}",
        s[0].body
    );
    assert_eq!(r.outputs["verdict"], "needs-approval");
    assert_eq!(r.outputs["weakened"], "1");
    assert_eq!(r.outputs["strengthened"], "0");
    let findings: serde_json::Value = serde_json::from_str(&r.outputs["findings-json"]).unwrap();
    assert!(
        findings
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "target-weakened" && f["class"] == "weakened"),
        "{findings}"
    );
    assert!(
        r.step_summary.starts_with(MARKER) && r.step_summary.contains("#### Inline comments"),
        "{}",
        r.step_summary
    );
    assert!(
        r.stdout
            .lines()
            .any(|l| l.starts_with(&format!("::error file={SLA_PATH},line={TARGET_LINE},"))),
        "{}",
        r.stdout
    );
}

#[test]
fn a_rerun_on_the_same_head_writes_nothing() {
    let (gh, repo, _, _) = weakening_pr();
    let first = run(&gh, &repo, "pull_request.opened.1");
    checked(&gh, &first);
    gh.clear_log();
    let again = run(&gh, &repo, "pull_request.synchronize.1");
    checked(&gh, &again);
    assert_eq!(gh.write_ops(), Vec::<String>::new(), "{again:#?}");
    assert_eq!(again.code, 1);
    assert_eq!(summaries(&gh).len(), 1);
    assert_eq!(ours(&gh).len(), 1);
    assert_eq!(again.step_summary, first.step_summary);
}

#[test]
fn a_new_push_updates_the_summary_and_removes_obsolete_comments() {
    let (gh, repo, base, _) = weakening_pr();
    checked(&gh, &run(&gh, &repo, "pull_request.opened.1"));
    let before = summaries(&gh);
    let old_comment = ours(&gh)[0].id;

    // The push restores availability and raises latency instead.
    let head = repo.head(&latency_raised(), "raise latency instead");
    gh.push(&head);
    gh.set_pr_files(repo.pr_files(&base, &head));
    gh.clear_log();
    let r = run(&gh, &repo, "pull_request.synchronize.1");
    checked(&gh, &r);
    assert_eq!(
        gh.write_ops(),
        [
            DELETE_REVIEW_COMMENT,
            CREATE_REVIEW,
            SUBMIT_REVIEW,
            UPDATE_COMMENT
        ],
        "{r:#?}"
    );
    let inline = ours(&gh);
    assert_eq!(inline.len(), 1);
    assert_ne!(inline[0].id, old_comment);
    assert_eq!(inline[0].line, Some(LATENCY_LINE));
    assert_eq!(
        gh.requests_to("POST", REVIEWS)
            .last()
            .unwrap()
            .body_str("commit_id"),
        Some(head.as_str())
    );
    let after = summaries(&gh);
    assert_eq!(
        (after.len(), after[0].id),
        (1, before[0].id),
        "updated in place"
    );
    // The new target, as the contract reads it.
    assert!(
        after[0].body.contains("at most **800** milliseconds"),
        "{}",
        after[0].body
    );
}

#[test]
fn a_comment_someone_replied_to_is_kept() {
    let (gh, repo, base, _) = weakening_pr();
    checked(&gh, &run(&gh, &repo, "pull_request.opened.1"));
    let old = ours(&gh)[0].id;
    gh.reply_to_review_comment("jdoe", old, "Why lower it?");
    let head = repo.head(&latency_raised(), "raise latency instead");
    gh.push(&head);
    gh.set_pr_files(repo.pr_files(&base, &head));
    gh.clear_log();
    let r = run(&gh, &repo, "pull_request.synchronize.1");
    checked(&gh, &r);
    assert_eq!(
        gh.write_ops(),
        [CREATE_REVIEW, SUBMIT_REVIEW, UPDATE_COMMENT],
        "{r:#?}"
    );
    assert!(gh.review_comments().iter().any(|c| c.id == old));
}

#[test]
fn approvals_of_both_parties_pass() {
    let (gh, repo, _, head) = weakening_pr();
    gh.set_team_members("acme-corp", "procurement", &["carol"]);
    // More reviews than one page holds: the approvals are on the second page.
    for i in 0..120 {
        gh.add_review(&format!("watcher{i}"), "COMMENTED", &head);
    }
    gh.add_review("jdoe", "APPROVED", &head);
    gh.add_review("carol", "APPROVED", &head);
    let r = run(&gh, &repo, "pull_request_review.submitted.1");
    checked(&gh, &r);
    assert_eq!(r.code, 0, "{r:#?}");
    assert_eq!(r.outputs["verdict"], "pass");
    assert!(
        gh.requests_to("GET", REVIEWS).len() >= 2,
        "reviews are paginated"
    );
    assert!(
        gh.requests_to("GET", REVIEWS)
            .iter()
            .all(|q| q.query.iter().any(|(k, v)| k == "per_page" && v == "100"))
    );
    let s = summaries(&gh);
    assert!(
        s[0].body.contains("`jdoe`") && s[0].body.contains("`carol`"),
        "{}",
        s[0].body
    );
    assert_eq!(
        gh.write_ops(),
        [CREATE_REVIEW, SUBMIT_REVIEW, CREATE_COMMENT]
    );
}

#[test]
fn a_dismissed_approval_and_an_outsider_do_not_count() {
    let (gh, repo, _, head) = weakening_pr();
    gh.set_team_members("acme-corp", "procurement", &["carol"]);
    let jdoe = gh.add_review("jdoe", "APPROVED", &head);
    gh.dismiss_review(jdoe);
    gh.add_review("carol", "APPROVED", &head);
    gh.add_review("mallory", "APPROVED", &head);
    let r = run(&gh, &repo, "pull_request_review.dismissed.1");
    checked(&gh, &r);
    assert_eq!(
        (r.code, r.outputs["verdict"].as_str()),
        (1, "needs-approval"),
        "{r:#?}"
    );
}

#[test]
fn the_authors_own_approval_does_not_count() {
    let (gh, repo, _, head) = weakening_pr();
    gh.set_team_members("acme-corp", "procurement", &["carol"]);
    // Codertocat wrote the pull request and is one of the provider's approvers.
    gh.add_review("Codertocat", "APPROVED", &head);
    gh.add_review("carol", "APPROVED", &head);
    let r = run(&gh, &repo, "pull_request_review.submitted.1");
    checked(&gh, &r);
    assert_eq!(
        (r.code, r.outputs["verdict"].as_str()),
        (1, "needs-approval"),
        "{r:#?}"
    );
    let s = summaries(&gh);
    assert!(
        s[0].body.contains(
            "approval of Northwind Cloud (provider), for the weakened findings: waiting for one of"
        ),
        "{}",
        s[0].body
    );
}

#[test]
fn the_override_label_counts_only_from_an_approver() {
    let (gh, repo, _, _) = weakening_pr();
    gh.add_label("sla-change-approved", "mallory");
    let r = run(&gh, &repo, "pull_request.labeled.1");
    checked(&gh, &r);
    assert_eq!(
        (r.code, r.outputs["verdict"].as_str()),
        (1, "needs-approval"),
        "{r:#?}"
    );
    assert!(gh.count("GET", "/repos/{owner}/{repo}/issues/{issue_number}/events") >= 1);

    // Removed and added again by an approver of the provider: accepted, and recorded.
    gh.remove_label("sla-change-approved", "mallory");
    gh.add_label("sla-change-approved", "jdoe");
    gh.clear_log();
    let r = run(&gh, &repo, "pull_request.labeled.1");
    checked(&gh, &r);
    assert_eq!(
        (r.code, r.outputs["verdict"].as_str()),
        (0, "pass"),
        "{r:#?}"
    );
    assert_eq!(gh.write_ops(), [UPDATE_COMMENT]);
    assert!(summaries(&gh)[0].body.contains("`jdoe`"));
}

#[test]
fn a_read_only_token_degrades_to_annotations_and_the_step_summary() {
    let (gh, repo, _, _) = weakening_pr();
    gh.set_read_only(true);
    let r = run(&gh, &repo, "pull_request.opened.1");
    checked(&gh, &r);
    assert_eq!(r.code, 1, "the verdict still decides: {r:#?}");
    assert_eq!(gh.write_ops(), [CREATE_REVIEW], "one write, then no more");
    assert!(gh.issue_comments().is_empty() && gh.review_comments().is_empty());
    assert_eq!(
        r.stdout.matches("read-only").count(),
        1,
        "said once: {}",
        r.stdout
    );
    assert!(
        r.stdout
            .lines()
            .any(|l| l.starts_with("::notice title=slagate::") && l.contains("read-only")),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("::error file=policies/acme-crm.sla.yaml"),
        "{}",
        r.stdout
    );
    assert!(
        r.step_summary.starts_with(MARKER) && r.step_summary.contains("needs approval"),
        "{}",
        r.step_summary
    );
    assert_eq!(r.outputs["verdict"], "needs-approval");

    // The same with approvals: the read-only token still reads them, and the check passes.
    let head = gh.head_sha();
    gh.set_team_members("acme-corp", "procurement", &["carol"]);
    gh.add_review("jdoe", "APPROVED", &head);
    gh.add_review("carol", "APPROVED", &head);
    gh.clear_log();
    let r = run(&gh, &repo, "pull_request_review.submitted.1");
    checked(&gh, &r);
    assert_eq!(r.code, 0, "{r:#?}");
}

#[test]
fn a_refused_review_is_folded_into_the_summary() {
    let (gh, repo, _, _) = weakening_pr();
    gh.fail_next(
        "POST",
        REVIEWS,
        Fault::validation_failed("Line could not be resolved"),
    );
    let r = run(&gh, &repo, "pull_request.opened.1");
    checked(&gh, &r);
    assert_eq!(r.code, 1);
    assert_eq!(gh.write_ops(), [CREATE_REVIEW, CREATE_COMMENT], "{r:#?}");
    assert_eq!(gh.pending_faults(), 0);
    let s = summaries(&gh);
    assert!(s[0].body.contains("GitHub refused the review comments: 422: Unprocessable Entity: Line could not be resolved"), "{}", s[0].body);
    assert!(
        s[0].body.contains("0 of 1 weakening(s) are commented"),
        "{}",
        s[0].body
    );
}

#[test]
fn a_rate_limit_is_waited_out() {
    let (gh, repo, _, _) = weakening_pr();
    gh.fail_next("POST", ISSUE_COMMENTS, Fault::too_many_requests(1));
    let r = run(&gh, &repo, "pull_request.opened.1");
    checked(&gh, &r);
    assert_eq!(
        gh.write_ops(),
        [CREATE_REVIEW, SUBMIT_REVIEW, CREATE_COMMENT, CREATE_COMMENT],
        "{r:#?}"
    );
    let posts = gh.requests_to("POST", ISSUE_COMMENTS);
    assert_eq!((posts[0].status, posts[1].status), (429, 201));
    let waited = posts[1].at.checked_sub(posts[0].at).unwrap();
    assert!(
        waited >= std::time::Duration::from_secs(1),
        "waited {waited:?}"
    );
    assert_eq!(summaries(&gh).len(), 1);
}

#[test]
fn a_primary_rate_limit_on_a_read_is_waited_out() {
    let (gh, repo, _, _) = weakening_pr();
    gh.fail_next(
        "GET",
        REVIEWS,
        Fault::rate_limited(std::time::Duration::from_millis(800)),
    );
    let r = run(&gh, &repo, "pull_request.opened.1");
    checked(&gh, &r);
    assert_eq!(
        gh.write_ops(),
        [CREATE_REVIEW, SUBMIT_REVIEW, CREATE_COMMENT],
        "{r:#?}"
    );
    assert_eq!(
        gh.requests_to("GET", REVIEWS)
            .iter()
            .map(|q| q.status)
            .collect::<Vec<_>>(),
        // The limited read, its retry, then the look for a review of ours before posting
        // and the look after creating ours pending.
        [403, 200, 200, 200]
    );
}

#[test]
fn a_server_error_on_a_post_creates_no_duplicate() {
    // Applied, then 500: listing again finds it, so nothing is posted twice.
    let (gh, repo, _, _) = weakening_pr();
    gh.fail_next("POST", ISSUE_COMMENTS, Fault::server_error_after_applying());
    gh.fail_next("POST", REVIEWS, Fault::server_error_after_applying());
    let r = run(&gh, &repo, "pull_request.opened.1");
    checked(&gh, &r);
    assert_eq!(
        gh.write_ops(),
        [CREATE_REVIEW, SUBMIT_REVIEW, CREATE_COMMENT],
        "{r:#?}"
    );
    assert_eq!(summaries(&gh).len(), 1);
    assert_eq!(ours(&gh).len(), 1);

    // Not applied, then 500: listing again finds nothing, so it is posted once more.
    let (gh, repo, _, _) = weakening_pr();
    gh.fail_next("POST", ISSUE_COMMENTS, Fault::server_error());
    gh.fail_next("POST", REVIEWS, Fault::bad_gateway());
    let r = run(&gh, &repo, "pull_request.opened.1");
    checked(&gh, &r);
    assert_eq!(
        gh.write_ops(),
        [
            CREATE_REVIEW,
            CREATE_REVIEW,
            SUBMIT_REVIEW,
            CREATE_COMMENT,
            CREATE_COMMENT
        ],
        "{r:#?}"
    );
    assert_eq!(summaries(&gh).len(), 1);
    assert_eq!(ours(&gh).len(), 1);

    // Applied, then the connection drops before the answer: the same.
    let (gh, repo, _, _) = weakening_pr();
    gh.fail_next("POST", ISSUE_COMMENTS, Fault::connection_reset().applied());
    let r = run(&gh, &repo, "pull_request.opened.1");
    checked(&gh, &r);
    assert_eq!(
        gh.write_ops(),
        [CREATE_REVIEW, SUBMIT_REVIEW, CREATE_COMMENT],
        "{r:#?}"
    );
    assert_eq!(summaries(&gh).len(), 1);
}

#[test]
fn duplicate_summaries_from_a_race_are_removed_keeping_the_oldest() {
    let (gh, repo, _, _) = weakening_pr();
    checked(&gh, &run(&gh, &repo, "pull_request.opened.1"));
    let kept = summaries(&gh)[0].clone();
    gh.add_issue_comment("slagate-bot", &format!("{MARKER}\nan older run's body"));
    gh.add_issue_comment("mallory", &format!("{MARKER}\nforged"));
    gh.clear_log();
    let r = run(&gh, &repo, "pull_request.synchronize.1");
    checked(&gh, &r);
    assert_eq!(gh.write_ops(), [DELETE_COMMENT], "{r:#?}");
    let left: Vec<u64> = gh.issue_comments().iter().map(|c| c.id).collect();
    assert_eq!(left.len(), 2, "ours (oldest) and mallory's");
    assert!(left.contains(&kept.id));
}

#[test]
fn an_oversized_summary_is_cut_below_the_limit() {
    let gh = GitHubMock::start();
    let (repo, _) = Repo::with_base();
    // A description rewritten word for word: its word diff alone exceeds a comment.
    let words = |w: &str| {
        (0..9000)
            .map(|i| format!("{w}{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let sla = fixture("acme-crm.sla.yaml").replacen(
        "  description: >-\n",
        &format!("  description: >-\n    {}\n", words("alpha")),
        1,
    );
    repo.write(SLA_PATH, &sla);
    let base = repo.commit("long description");
    let head = repo.head(&bumped(&sla.replace("alpha", "omega")), "reword");
    gh.set_shas(&base, &head);
    gh.set_pr_files(repo.pr_files(&base, &head));
    let r = run(&gh, &repo, "pull_request.opened.1");
    checked(&gh, &r);
    let s = summaries(&gh);
    assert_eq!(s.len(), 1);
    let chars = s[0].body.chars().count();
    assert!(chars < github_mock::MAX_BODY_CHARS, "{chars}");
    assert!(
        s[0].body
            .contains("cut to fit GitHub's limit of 65,536 characters"),
        "{}",
        &s[0].body[s[0].body.len() - 300..]
    );
    assert!(
        r.step_summary.len() > github_mock::MAX_BODY_CHARS,
        "the step summary has it all"
    );

    // A re-run sees the same cut body: nothing to update.
    gh.clear_log();
    let again = run(&gh, &repo, "pull_request.synchronize.1");
    checked(&gh, &again);
    assert_eq!(gh.write_ops(), Vec::<String>::new());
}

#[test]
fn yaml_text_cannot_mention_inject_html_or_forge_the_marker() {
    let gh = GitHubMock::start();
    let (repo, base) = Repo::with_base();
    let evil = "@acme-corp/procurement <script>alert(1)</script> <!-- slagate --> --> #1";
    let sla = availability_lowered()
        .replacen(
            "      name: Platform availability\n",
            &format!("      name: \"Availability {evil}\"\n"),
            1,
        )
        .replacen(
            "Notify the customer of incidents within 30 minutes",
            &format!("Notify {evil} within 30 minutes"),
            1,
        );
    let head = repo.head(&sla, "evil text");
    gh.set_shas(&base, &head);
    gh.set_pr_files(repo.pr_files(&base, &head));
    let r = run(&gh, &repo, "pull_request.opened.1");
    checked(&gh, &r);
    let mut bodies: Vec<String> = gh.issue_comments().into_iter().map(|c| c.body).collect();
    bodies.extend(gh.review_comments().into_iter().map(|c| c.body));
    bodies.extend(gh.reviews().into_iter().map(|r| r.body));
    bodies.push(r.step_summary.clone());
    assert!(
        bodies.iter().any(|b| b.contains("alert(1)")),
        "the text is shown: {bodies:#?}"
    );
    for b in &bodies {
        assert!(!b.contains("@acme-corp"), "a mention: {b}");
        assert!(!b.contains("#1"), "an issue reference: {b}");
        let p = prose(b);
        assert!(
            !p.contains("<script") && !p.contains("</script"),
            "HTML: {b}"
        );
        // Our markers only: the summary's first line, a finding's last line.
        assert!(
            b.matches("<!--").count() <= 1 && b.matches("-->").count() <= 1,
            "a forged or closed marker: {b}"
        );
    }
    assert_eq!(summaries(&gh).len(), 1);
}

#[test]
fn installation_tokens_and_enterprise_urls_work() {
    // GitHub Enterprise Server serves the API under /api/v3; GITHUB_TOKEN is an installation
    // token, whose `GET /user` answers 403 and whose comments are github-actions[bot]'s.
    let gh = GitHubMock::builder()
        .base_path("/api/v3")
        .installation_token("github-actions[bot]")
        .start();
    let (repo, base) = Repo::with_base();
    let head = repo.head(&availability_lowered(), "lower availability");
    gh.set_shas(&base, &head);
    gh.set_pr_files(repo.pr_files(&base, &head));
    let r = run(&gh, &repo, "pull_request.opened.1");
    checked(&gh, &r);
    assert_eq!(
        gh.write_ops(),
        [CREATE_REVIEW, SUBMIT_REVIEW, CREATE_COMMENT],
        "{r:#?}"
    );
    gh.clear_log();
    let again = run(&gh, &repo, "pull_request.synchronize.1");
    checked(&gh, &again);
    assert_eq!(
        gh.write_ops(),
        Vec::<String>::new(),
        "found its own comments again: {again:#?}"
    );
}

#[test]
fn pull_request_target_events_are_read_like_pull_request() {
    let (gh, repo, _, _) = weakening_pr();
    let work = tempfile::tempdir().unwrap();
    let event_path = gh.write_event_payload("pull_request.opened.1", work.path());
    let mut c = Command::new(env!("CARGO_BIN_EXE_slagate"));
    clean(&mut c);
    c.args(["github", "--today=2026-11-01", "--comment", "false"])
        .current_dir(repo.path())
        .envs(gh.env())
        .env("GITHUB_EVENT_PATH", &event_path)
        .env("GITHUB_EVENT_NAME", "pull_request_target");
    let out = c.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    gh.assert_no_violations();
    gh.assert_token_not_leaked(&[&stdout, &String::from_utf8_lossy(&out.stderr)]);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert_eq!(
        gh.write_ops(),
        Vec::<String>::new(),
        "comment: false writes nothing"
    );
}

#[test]
fn missing_commits_and_events_are_tool_errors() {
    let gh = GitHubMock::start();
    let (repo, _) = Repo::with_base();
    // The mock's pull request names commits this clone does not have.
    let r = run(&gh, &repo, "pull_request.opened.1");
    gh.assert_token_not_leaked(&r.texts());
    assert_eq!(r.code, 2, "{r:#?}");
    assert!(
        r.stderr.contains("is not in this clone") && r.stderr.contains("fetch-depth: 0"),
        "{}",
        r.stderr
    );
    assert_eq!(gh.requests().len(), 0);

    let mut c = Command::new(env!("CARGO_BIN_EXE_slagate"));
    clean(&mut c);
    let out = c
        .args(["github"])
        .current_dir(repo.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("GITHUB_EVENT_PATH is not set"));
}

#[test]
fn help_is_stable() {
    let mut c = Command::new(env!("CARGO_BIN_EXE_slagate"));
    clean(&mut c);
    let out = c.args(["github", "--help"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stdout));
}

#[test]
fn a_pull_request_that_changes_no_agreement_passes_without_a_comment() {
    let gh = GitHubMock::start();
    let (repo, base) = Repo::with_base();
    repo.write("README.md", "# notes\n");
    let head = repo.commit("docs only");
    gh.set_shas(&base, &head);
    gh.set_pr_files(repo.pr_files(&base, &head));
    let r = run(&gh, &repo, "pull_request.opened.1");
    checked(&gh, &r);
    assert_eq!(
        (r.code, r.outputs["verdict"].as_str()),
        (0, "pass"),
        "{r:#?}"
    );
    assert_eq!(gh.write_ops(), Vec::<String>::new());
    assert!(
        r.step_summary.starts_with(MARKER) && r.step_summary.contains("pass"),
        "{}",
        r.step_summary
    );
}

#[test]
fn reverting_the_change_updates_the_comment_to_pass() {
    let (gh, repo, base, _) = weakening_pr();
    checked(&gh, &run(&gh, &repo, "pull_request.opened.1"));
    let head = repo.head(&fixture("acme-crm.sla.yaml"), "revert");
    gh.push(&head);
    gh.set_pr_files(repo.pr_files(&base, &head));
    gh.clear_log();
    let r = run(&gh, &repo, "pull_request.synchronize.1");
    checked(&gh, &r);
    assert_eq!(
        (r.code, r.outputs["verdict"].as_str()),
        (0, "pass"),
        "{r:#?}"
    );
    assert_eq!(
        gh.write_ops(),
        [DELETE_REVIEW_COMMENT, UPDATE_COMMENT],
        "{r:#?}"
    );
    assert!(summaries(&gh)[0].body.contains("pass"));
    assert!(ours(&gh).is_empty());
}

#[test]
fn at_most_thirty_inline_comments_the_rest_in_the_summary() {
    let objectives = |target: &str| -> String {
        let one = |i: usize| {
            format!(
                "    - id: extra-{i}\n      service: crm-platform\n      indicator: availability\n      target: \"{target}\"\n      window: month\n"
            )
        };
        (1..=35).map(one).collect::<Vec<_>>().concat()
    };
    let with = |sla: &str, target: &str| {
        sla.replacen(
            "  exclusions:\n    - id: scheduled-maintenance",
            &format!(
                "{}  exclusions:\n    - id: scheduled-maintenance",
                objectives(target)
            ),
            1,
        )
    };
    let gh = GitHubMock::start();
    let (repo, _) = Repo::with_base();
    repo.write(SLA_PATH, &with(&fixture("acme-crm.sla.yaml"), ">= 99.9%"));
    let base = repo.commit("35 more objectives");
    let head = repo.head(
        &bumped(&with(&fixture("acme-crm.sla.yaml"), ">= 99.5%")),
        "lower them all",
    );
    gh.set_shas(&base, &head);
    gh.set_pr_files(repo.pr_files(&base, &head));
    let r = run(&gh, &repo, "pull_request.opened.1");
    checked(&gh, &r);
    assert_eq!(r.outputs["weakened"], "35", "{r:#?}");
    assert_eq!(
        gh.write_ops(),
        [CREATE_REVIEW, SUBMIT_REVIEW, CREATE_COMMENT]
    );
    assert_eq!(
        gh.requests_to("POST", REVIEWS)[0].body.as_ref().unwrap()["comments"]
            .as_array()
            .unwrap()
            .len(),
        30
    );
    let body = &summaries(&gh)[0].body;
    assert!(
        body.contains("30 of 35 weakening(s) are commented"),
        "{body}"
    );
    assert_eq!(
        body.matches("beyond the 30 inline comments").count(),
        5,
        "{body}"
    );

    gh.clear_log();
    let again = run(&gh, &repo, "pull_request.synchronize.1");
    checked(&gh, &again);
    assert_eq!(
        gh.write_ops(),
        Vec::<String>::new(),
        "the rest are not posted by a re-run"
    );
}

#[test]
fn an_invalid_head_or_a_missing_version_bump_fails() {
    let gh = GitHubMock::start();
    let (repo, base) = Repo::with_base();
    let head = repo.head(
        &bumped(&fixture("acme-crm.sla.yaml").replacen(
            "target: \">= 99.9%\"",
            "target: \"most of the time\"",
            1,
        )),
        "invalid",
    );
    gh.set_shas(&base, &head);
    gh.set_pr_files(repo.pr_files(&base, &head));
    let r = run(&gh, &repo, "pull_request.opened.1");
    checked(&gh, &r);
    assert_eq!(
        (r.code, r.outputs["verdict"].as_str()),
        (1, "fail"),
        "{r:#?}"
    );
    assert!(
        r.stdout
            .contains("::error file=policies/acme-crm.sla.yaml,line=58"),
        "{}",
        r.stdout
    );

    let head = repo.head(
        &fixture("acme-crm.sla.yaml").replacen("target: \"<= 500ms\"", "target: \"<= 400ms\"", 1),
        "stricter, but unversioned",
    );
    gh.push(&head);
    gh.set_pr_files(repo.pr_files(&base, &head));
    let r = run(&gh, &repo, "pull_request.synchronize.1");
    checked(&gh, &r);
    assert_eq!(
        (
            r.code,
            r.outputs["verdict"].as_str(),
            r.outputs["strengthened"].as_str()
        ),
        (1, "fail", "1"),
        "{r:#?}"
    );
    assert!(
        summaries(&gh)[0].body.contains(":x: version raised"),
        "{}",
        summaries(&gh)[0].body
    );
}

#[test]
fn a_pull_request_cannot_name_its_own_approvers() {
    let gh = GitHubMock::start();
    let (repo, base) = Repo::with_base();
    let sla = availability_lowered()
        .replacen(
            "approvers: [northwind/sla-owners, jdoe, Codertocat]",
            "approvers: [northwind/sla-owners, jdoe, Codertocat, mallory]",
            1,
        )
        .replacen(
            "approvers: [acme-corp/procurement]",
            "approvers: [acme-corp/procurement, mallory]",
            1,
        );
    let head = repo.head(&sla, "approve myself");
    gh.set_shas(&base, &head);
    gh.set_pr_files(repo.pr_files(&base, &head));
    gh.add_review("mallory", "APPROVED", &head);
    let r = run(&gh, &repo, "pull_request_review.submitted.1");
    checked(&gh, &r);
    assert_eq!(
        (r.code, r.outputs["verdict"].as_str()),
        (1, "needs-approval"),
        "{r:#?}"
    );
}

#[test]
fn a_loosened_policy_is_judged_by_the_base_policy() {
    let gh = GitHubMock::start();
    let (repo, base) = Repo::with_base();
    repo.write(
        ".slagate.yaml",
        &format!("{}  weakeningNeeds: none\n", fixture("slagate.yaml")),
    );
    let head = repo.head(
        &availability_lowered(),
        "no approvals needed, says the pull request",
    );
    gh.set_shas(&base, &head);
    gh.set_pr_files(repo.pr_files(&base, &head));
    let r = run(&gh, &repo, "pull_request.opened.1");
    checked(&gh, &r);
    assert_eq!(
        (r.code, r.outputs["verdict"].as_str()),
        (1, "needs-approval"),
        "{r:#?}"
    );
    assert!(
        r.outputs["findings-json"].contains("\"policy-weakened\""),
        "{}",
        r.outputs["findings-json"]
    );
}

/// The drift this test guards: with `--config` at another path, a malformed head policy was
/// silently ignored, while at `.slagate.yaml` it failed the gate. Now both paths fail alike:
/// the verdict, the finding (rule, file, line) and the policy's checklist are the same.
#[test]
fn a_malformed_head_policy_fails_the_gate_at_every_path() {
    let mut seen = Vec::new();
    for at in [".slagate.yaml", ".github/slagate.yaml"] {
        let gh = GitHubMock::start();
        let (repo, _) = Repo::with_base();
        repo.write(at, &fixture("slagate.yaml"));
        let base = repo.commit("the policy at its path");
        repo.write(at, "failOn: sometimes\n");
        let head = repo.commit("a policy that does not load");
        gh.set_shas(&base, &head);
        gh.set_pr_files(repo.pr_files(&base, &head));
        let extra: &[&str] = if at == ".slagate.yaml" {
            &[]
        } else {
            &["--config", at]
        };
        let r = run_with(&gh, &repo, "pull_request.opened.1", extra);
        checked(&gh, &r);
        assert_eq!(
            (r.code, r.outputs["verdict"].as_str()),
            (1, "fail"),
            "{at}: {r:#?}"
        );
        let findings: serde_json::Value =
            serde_json::from_str(&r.outputs["findings-json"]).unwrap();
        let found: Vec<(String, String, u64)> = findings
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().to_string(),
                    f["file"].as_str().unwrap().to_string(),
                    f["line"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [("schema-violation".to_string(), at.to_string(), 1)],
            "{at}"
        );
        assert!(
            r.stdout
                .lines()
                .any(|l| l.starts_with(&format!("::error file={at},line=1,"))),
            "{at}: {}",
            r.stdout
        );
        // The summary's checklist names the policy file, never an agreement called after it.
        let body = summaries(&gh)[0].body.clone();
        assert!(body.contains(&format!("`{at}`")), "{at}: {body}");
        // Alike but for the path and the commit ids (the two repositories differ), in the
        // heading and in the links to the files (`/blob/<40 hex>/`).
        let masked: Vec<&str> = body
            .lines()
            .filter(|l| !l.starts_with("Change control for "))
            .collect();
        let mut masked = masked.join("\n").replace(at, "POLICY");
        let mut from = 0;
        while let Some(i) = masked[from..].find("/blob/") {
            let start = from + i + "/blob/".len();
            masked.replace_range(start..start + 40, "SHA");
            from = start;
        }
        seen.push(masked);
    }
    assert_eq!(seen[0], seen[1], "the two paths are reported alike");
}

#[test]
fn a_policy_at_another_path_is_read_from_the_base_and_guarded_too() {
    let gh = GitHubMock::start();
    let (repo, _) = Repo::with_base();
    repo.write(".github/slagate.yaml", &fixture("slagate.yaml"));
    let base = repo.commit("policy under .github");
    repo.write(
        ".github/slagate.yaml",
        &format!("{}  weakeningNeeds: none\n", fixture("slagate.yaml")),
    );
    let head = repo.commit("loosen it, and nothing else");
    gh.set_shas(&base, &head);
    gh.set_pr_files(repo.pr_files(&base, &head));
    let r = run_with(
        &gh,
        &repo,
        "pull_request.opened.1",
        &["--config", ".github/slagate.yaml"],
    );
    checked(&gh, &r);
    assert_eq!(
        (r.code, r.outputs["verdict"].as_str()),
        (1, "needs-approval"),
        "{r:#?}"
    );
    assert!(
        r.outputs["findings-json"].contains("\"policy-weakened\""),
        "{}",
        r.outputs["findings-json"]
    );
    assert!(
        summaries(&gh)[0].body.contains("Acme Corp"),
        "every party of every agreement must approve: {}",
        summaries(&gh)[0].body
    );
}

#[test]
fn failed_reads_are_retried() {
    let (gh, repo, _, _) = weakening_pr();
    gh.fail_next(
        "GET",
        "/repos/{owner}/{repo}/pulls/{pull_number}/files",
        Fault::server_error(),
    );
    gh.fail_next("GET", REVIEWS, Fault::connection_reset());
    gh.fail_next("GET", ISSUE_COMMENTS, Fault::bad_gateway());
    let r = run(&gh, &repo, "pull_request.opened.1");
    checked(&gh, &r);
    assert_eq!(gh.pending_faults(), 0);
    assert_eq!(
        gh.write_ops(),
        [CREATE_REVIEW, SUBMIT_REVIEW, CREATE_COMMENT],
        "{r:#?}"
    );
    assert_eq!(summaries(&gh).len(), 1);
}

#[test]
fn a_rate_limit_longer_than_the_budget_stops_the_requests() {
    let (gh, repo, _, _) = weakening_pr();
    gh.fail_next("POST", REVIEWS, Fault::too_many_requests(120));
    let started = std::time::Instant::now();
    let r = run(&gh, &repo, "pull_request.opened.1");
    checked(&gh, &r);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(r.code, 1, "the verdict still decides: {r:#?}");
    assert_eq!(
        gh.write_ops(),
        [CREATE_REVIEW],
        "nothing after the rate limit: {r:#?}"
    );
    assert!(
        r.stdout.contains("::warning title=slagate::") && r.stdout.contains("rate limited"),
        "{}",
        r.stdout
    );
    assert!(r.step_summary.starts_with(MARKER));
}

// ---------------------------------------------------------------- action.yml and its docs

fn yaml_file(rel: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap();
    yaml_text(&text)
}

fn yaml_text(text: &str) -> serde_json::Value {
    let docs = slagate::source::yaml::parse(text, &slagate::source::Limits::default()).unwrap();
    docs[0].root.to_json()
}

fn names_in_table(doc: &str, heading: &str) -> Vec<String> {
    let section = doc
        .split(heading)
        .nth(1)
        .unwrap_or_else(|| panic!("no {heading}"));
    section
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| {
            l.split('|')
                .nth(1)
                .unwrap()
                .trim()
                .trim_matches('`')
                .to_string()
        })
        .collect()
}

#[test]
fn run_steps_take_inputs_from_the_environment_only() {
    let action = yaml_file("action.yml");
    for step in action["runs"]["steps"].as_array().unwrap() {
        let script = step["run"].as_str().unwrap();
        assert!(
            !script.contains("${{"),
            "an expression inside a script is a shell injection: {script}"
        );
        assert_eq!(step["shell"], "bash");
    }
    assert!(action["branding"]["icon"].is_string() && action["branding"]["color"].is_string());
    assert_eq!(action["inputs"]["token"]["default"], "${{ github.token }}");
}

#[test]
fn the_docs_list_every_input_and_output_and_show_the_real_workflow() {
    let action = yaml_file("action.yml");
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/github-action.md"),
    )
    .unwrap();
    let keys = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    let mut want = keys(&action["inputs"]);
    let mut have = names_in_table(&doc, "## Inputs");
    want.sort();
    have.sort();
    assert_eq!(have, want, "the inputs table of docs/github-action.md");
    let mut want = keys(&action["outputs"]);
    let mut have = names_in_table(&doc, "## Outputs");
    want.sort();
    have.sort();
    assert_eq!(have, want, "the outputs table of docs/github-action.md");

    // The workflow users copy is the one this repository runs on itself.
    let block = doc
        .split("```yaml\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let copied = yaml_text(block);
    let ours = yaml_file(".github/workflows/slagate.yml");
    for key in ["on", "permissions", "concurrency"] {
        assert_eq!(copied[key], ours[key], "`{key}` of the documented workflow");
    }
    assert_eq!(
        copied["on"]["pull_request"]["types"],
        serde_json::json!(["opened", "synchronize", "reopened", "labeled", "unlabeled"])
    );
    assert_eq!(
        copied["on"]["pull_request_review"]["types"],
        serde_json::json!(["submitted", "dismissed"])
    );
    // The governance run: weekly and by hand, writing its tracking issue.
    assert!(copied["on"]["schedule"][0]["cron"].is_string(), "{block}");
    assert!(copied["on"].get("workflow_dispatch").is_some(), "{block}");
    assert_eq!(
        copied["permissions"],
        serde_json::json!({ "contents": "read", "pull-requests": "write", "issues": "write" })
    );
    let pin = format!("slagate/slagate@v{}", env!("CARGO_PKG_VERSION"));
    assert!(block.contains(&pin), "the documented workflow pins {pin}");
}
