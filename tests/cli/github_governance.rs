//! `slagate github` on `schedule` and `workflow_dispatch` (issue 13, section 3): one tracking
//! issue of what is due, kept against the local GitHub, which checks every request against
//! GitHub's REST description.
//!
//! The agreement of the scenarios (`github-scenarios/acme-crm.sla.yaml`) is reviewed every
//! quarter, last on 2026-09-15: its next review is due on 2026-12-15. With the default
//! `reviewDueWithin: 30d` it is listed from 2026-11-15 (2026-11-15 + 30 days = 2026-12-15:
//! 15 days to November 30, 15 more) and not on 2026-11-14. Its term ends on 2028-12-31, far
//! beyond `expiresWithin: 60d`; its changelog has version 3, its version.

use std::process::Command;

use crate::github::{Repo, Run, clean, fixture};
use crate::github_mock::{Fault, GitHubMock};

const ISSUES: &str = "/repos/{owner}/{repo}/issues";
const CREATE_ISSUE: &str = "POST /repos/{owner}/{repo}/issues";
const UPDATE_ISSUE: &str = "PATCH /repos/{owner}/{repo}/issues/{issue_number}";
const COMMENT: &str = "POST /repos/{owner}/{repo}/issues/{issue_number}/comments";
const MARKER: &str = "<!-- slagate:governance -->";
const LABEL: &str = "sla-governance";

/// The review is due within 30 days.
const DUE: &str = "2026-11-20";
/// Nothing is due.
const CALM: &str = "2026-11-01";

/// Runs `slagate github` in `repo` on a `schedule` event of `today`, with `extra` arguments
/// and `env` on top of the mock's environment.
fn scheduled(
    gh: &GitHubMock,
    repo: &Repo,
    today: &str,
    extra: &[&str],
    env: &[(&str, &str)],
) -> Run {
    let work = tempfile::tempdir().unwrap();
    let event = work.path().join("event.json");
    let payload = serde_json::json!({
        "schedule": "0 6 * * 1",
        "repository": { "full_name": gh.repository() },
    });
    std::fs::write(&event, payload.to_string()).unwrap();
    let summary = work.path().join("step-summary.md");
    let output = work.path().join("output");
    let mut c = Command::new(env!("CARGO_BIN_EXE_slagate"));
    clean(&mut c);
    c.arg("github")
        .arg(format!("--today={today}"))
        .args(extra)
        .current_dir(repo.path());
    c.envs(gh.env())
        .env("GITHUB_EVENT_PATH", &event)
        .env("GITHUB_EVENT_NAME", "schedule")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_OUTPUT", &output)
        .env("SLAGATE_GITHUB_BACKOFF_MS", "20")
        .env("SLAGATE_GITHUB_RETRY_BUDGET", "10")
        .envs(env.iter().copied());
    Run::of(&mut c, &summary, &output)
}

/// A run that kept the issue: exit 0, every request fits the description, no token.
fn kept(gh: &GitHubMock, repo: &Repo, today: &str) -> Run {
    let r = scheduled(gh, repo, today, &[], &[]);
    gh.assert_no_violations();
    gh.assert_token_not_leaked(&r.texts());
    assert_eq!(r.code, 0, "{r:#?}");
    r
}

/// The writes of the last run, as `METHOD template`.
fn writes(gh: &GitHubMock) -> Vec<String> {
    gh.successful_writes()
        .iter()
        .map(crate::github_mock::LoggedRequest::op)
        .collect()
}

/// The one tracking issue.
fn tracking(gh: &GitHubMock) -> crate::github_mock::Issue {
    let issues = gh.issues();
    assert_eq!(issues.len(), 1, "{issues:#?}");
    issues[0].clone()
}

/// A second agreement whose changelog lacks its version 2.
const UNLOGGED: &str = "\
apiVersion: slagate/v1
kind: ServiceLevelAgreement
metadata:
  id: status-page
  version: 2
spec:
  type: internal
  parties:
    provider: {name: Platform team, approvers: [platform-lead]}
    customer: {name: Support, approvers: [support-lead]}
  effective: {from: 2026-01-01}
  review: {every: year, last: 2026-06-01}
  services:
    - {id: status, name: Status page, description: The public status page}
  objectives:
    - {id: availability, service: status, indicator: availability, target: '>= 99%', window: month}
  changelog:
    - {version: 1, date: 2026-01-01, summary: First version}
";

#[test]
fn the_first_run_creates_the_issue_and_an_unchanged_second_run_writes_nothing() {
    let gh = GitHubMock::start();
    let (repo, _) = Repo::with_base();
    // 2026-11-14 + 30 days = 2026-12-14, the day before the review is due: nothing yet.
    let r = kept(&gh, &repo, "2026-11-14");
    assert!(gh.issues().is_empty() && writes(&gh).is_empty(), "{r:#?}");
    assert!(r.stdout.contains("slagate: nothing due"), "{}", r.stdout);
    assert_eq!(r.outputs["due"], "0");

    gh.clear_log();
    let r = kept(&gh, &repo, "2026-11-15");
    assert_eq!(writes(&gh), [CREATE_ISSUE]);
    let issue = tracking(&gh);
    assert_eq!(issue.state, "open");
    assert_eq!(issue.labels, [LABEL]);
    assert_eq!(issue.author, "slagate-bot");
    let body = issue.body.clone().unwrap();
    assert!(body.starts_with(MARKER), "{body}");
    assert!(body.contains("### Acme CRM SLA (`acme-crm`)"), "{body}");
    assert!(
        body.contains("the next review is due by 15 December 2026 (reviewed every quarter)"),
        "{body}"
    );
    // Whom to ask: the provider's contact, and each party's approvers as written.
    assert!(
        body.contains("owners Jane Doe (Service delivery manager"),
        "{body}"
    );
    assert!(
        body.contains("ask `northwind/sla-owners`, `jdoe`, `Codertocat`"),
        "{body}"
    );
    assert!(body.contains("ask `acme-corp/procurement`"), "{body}");
    assert_eq!(r.outputs["due"], "1");
    assert_eq!(r.outputs["issue"], issue.number.to_string());
    assert!(
        r.step_summary.contains("### Acme CRM SLA"),
        "{}",
        r.step_summary
    );
    assert!(
        r.stdout.contains(&format!(
            "governance issue #{} of Codertocat/Hello-World: create",
            issue.number
        )),
        "{}",
        r.stdout
    );

    // The same list a day later: the body does not depend on the date, nothing is written.
    gh.clear_log();
    let r = kept(&gh, &repo, "2026-11-16");
    assert!(writes(&gh).is_empty(), "{:?}", writes(&gh));
    assert!(r.stdout.ends_with(": unchanged\n"), "{}", r.stdout);
    assert!(gh.comments_on(issue.number).is_empty());
    assert_eq!(tracking(&gh).body.unwrap(), body);
}

#[test]
fn the_issue_follows_the_list_update_comment_close_reopen() {
    let gh = GitHubMock::start();
    let (repo, _) = Repo::with_base();
    kept(&gh, &repo, DUE);
    let number = tracking(&gh).number;

    // A second agreement is due: the body is updated in place and one comment says so.
    repo.write("policies/status.sla.yaml", UNLOGGED);
    gh.clear_log();
    kept(&gh, &repo, DUE);
    assert_eq!(writes(&gh), [UPDATE_ISSUE, COMMENT]);
    let issue = tracking(&gh);
    assert_eq!(issue.number, number, "the same issue");
    let body = issue.body.unwrap();
    assert!(body.contains("**2 agreements are due.**"), "{body}");
    assert!(
        body.contains("there is no entry for the current version 2"),
        "{body}"
    );
    let comments = gh.comments_on(number);
    assert_eq!(comments.len(), 1);
    assert!(
        comments[0]
            .body
            .contains("Newly due:\n\n- `status-page`: changelog"),
        "{}",
        comments[0].body
    );

    // Nothing due (the review far off again, the second agreement gone): closed, with a comment.
    std::fs::remove_file(repo.path().join("policies/status.sla.yaml")).unwrap();
    gh.clear_log();
    kept(&gh, &repo, CALM);
    assert_eq!(writes(&gh), [UPDATE_ISSUE, COMMENT, UPDATE_ISSUE]);
    let issue = tracking(&gh);
    assert_eq!(
        (issue.state.as_str(), issue.state_reason.as_deref()),
        ("closed", Some("completed"))
    );
    assert!(issue.body.unwrap().contains("**Nothing is due.**"));
    assert_eq!(gh.comments_on(number).len(), 2);
    assert!(
        gh.comments_on(number)[1]
            .body
            .contains("No longer due:\n\n- `acme-crm`\n- `status-page`")
    );

    // Closed and still nothing due: nothing is written.
    gh.clear_log();
    kept(&gh, &repo, CALM);
    assert!(writes(&gh).is_empty(), "{:?}", writes(&gh));

    // Due again: the same issue is reopened, not a new one.
    gh.clear_log();
    kept(&gh, &repo, DUE);
    assert_eq!(writes(&gh), [UPDATE_ISSUE, UPDATE_ISSUE, COMMENT]);
    let issue = tracking(&gh);
    assert_eq!((issue.number, issue.state.as_str()), (number, "open"));
    assert_eq!(issue.state_reason.as_deref(), Some("reopened"));
    assert_eq!(gh.comments_on(number).len(), 3);
}

#[test]
fn other_issues_and_pull_requests_with_the_label_are_not_the_tracking_issue() {
    let gh = GitHubMock::start();
    let (repo, _) = Repo::with_base();
    // Someone's issue with the label but without the marker, and the pull request labelled.
    let theirs = gh.add_issue(
        "alice",
        "Governance question",
        "What is due?",
        &[LABEL],
        true,
    );
    gh.add_label(LABEL, "alice");
    kept(&gh, &repo, DUE);
    assert_eq!(writes(&gh), [CREATE_ISSUE]);
    let issues = gh.issues();
    assert_eq!(issues.len(), 2);
    assert_eq!(issues[0].number, theirs);
    assert_eq!(
        issues[0].body.as_deref(),
        Some("What is due?"),
        "not touched"
    );
    assert!(issues[1].body.as_deref().unwrap().starts_with(MARKER));
}

#[test]
fn a_failed_page_of_the_issue_list_fails_closed() {
    let gh = GitHubMock::start();
    let (repo, _) = Repo::with_base();
    // 150 issues with the label: two pages of 100; the second always fails.
    for i in 0..150 {
        gh.add_issue("alice", &format!("Note {i}"), "not ours", &[LABEL], false);
    }
    gh.fail_page_always(ISSUES, 2, Fault::server_error());
    let r = scheduled(&gh, &repo, DUE, &[], &[]);
    gh.assert_no_violations();
    gh.assert_token_not_leaked(&r.texts());
    assert_eq!(r.code, 2, "{r:#?}");
    assert!(
        r.stderr
            .contains("cannot keep the governance tracking issue")
            && r.stderr
                .contains("could not read every issue labelled `sla-governance`"),
        "{}",
        r.stderr
    );
    // No second issue was opened for want of the list, and no output claims one.
    assert!(writes(&gh).is_empty(), "{:?}", writes(&gh));
    assert_eq!(gh.issues().len(), 150);
    assert!(!r.outputs.contains_key("issue"), "{:?}", r.outputs);
}

#[test]
fn a_malformed_governance_policy_is_located_and_nothing_is_asked() {
    let gh = GitHubMock::start();
    let (repo, _) = Repo::with_base();
    // The fixture holds three lines: `governance:` is line 4, its threshold line 5.
    repo.write(
        ".slagate.yaml",
        &format!(
            "{}governance:\n  reviewDueWithin: a month\n",
            fixture("slagate.yaml")
        ),
    );
    let r = scheduled(&gh, &repo, DUE, &[], &[]);
    assert_eq!(r.code, 2, "{r:#?}");
    assert!(
        r.stdout.contains("::error file=.slagate.yaml,line=5"),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr.contains("the governance issue was not touched"),
        "{}",
        r.stderr
    );
    assert!(gh.requests().is_empty(), "{:?}", gh.requests().len());
}

#[test]
fn thresholds_and_label_come_from_the_policy_and_comment_false_writes_nothing() {
    let gh = GitHubMock::start();
    let (repo, _) = Repo::with_base();
    repo.write(
        ".slagate.yaml",
        &format!(
            "{}governance: {{reviewDueWithin: 50d, label: contracts}}\n",
            fixture("slagate.yaml")
        ),
    );
    // 2026-11-01 + 50 days = 2026-12-21, after the review's 2026-12-15: listed.
    let r = scheduled(&gh, &repo, CALM, &["--comment", "false"], &[]);
    assert_eq!(r.code, 0, "{r:#?}");
    assert!(
        gh.requests().is_empty(),
        "--comment false asks GitHub nothing"
    );
    assert!(
        r.stdout.contains("1 agreement due; --comment false"),
        "{}",
        r.stdout
    );
    assert!(
        r.step_summary.contains("within 50 days"),
        "{}",
        r.step_summary
    );
    kept(&gh, &repo, CALM);
    let issue = tracking(&gh);
    assert_eq!(issue.labels, ["contracts"]);
    let listed = gh.requests_to("GET", ISSUES);
    let query = |name: &str| {
        listed[0]
            .query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(query("labels").as_deref(), Some("contracts"));
    assert_eq!(query("state").as_deref(), Some("all"));
}
