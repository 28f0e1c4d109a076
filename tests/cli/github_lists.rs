//! `slagate github` never decides on part of a list, and touches only its own comments.
//!
//! Against the local GitHub (`tests/support/github/`), which checks every request against
//! GitHub's REST description and records edits of comments the token's user did not write:
//! - a list longer than the client's cap (100 pages of 100) or one whose page keeps failing is
//!   a tool error (exit 2) that names the list, with no verdict output and no write;
//! - with `GET /user` refused (installation tokens), our identity is `github-actions[bot]` (or
//!   `SLAGATE_BOT_LOGIN`), then the author of the comment we create; another bot's marker
//!   comment is never edited or deleted.

use std::time::{Duration, Instant};

use crate::github::{
    CREATE_COMMENT, CREATE_REVIEW, MARKER, Repo, Run, SLA_PATH, SUBMIT_REVIEW, UPDATE_COMMENT,
    run_in, weakening_pr_on,
};
use crate::github_mock::{Fault, GitHubMock};

const REVIEWS: &str = "/repos/{owner}/{repo}/pulls/{pull_number}/reviews";
const EVENTS: &str = "/repos/{owner}/{repo}/issues/{issue_number}/events";
const ISSUE_COMMENTS: &str = "/repos/{owner}/{repo}/issues/{issue_number}/comments";
const LABEL: &str = "sla-change-approved";
const ACTIONS_BOT: &str = "github-actions[bot]";

/// Runs `slagate github` in `repo` on the webhook `fixture`, with the mock's environment and
/// `env` on top.
fn run_env(gh: &GitHubMock, repo: &Repo, fixture: &str, env: &[(&str, &str)]) -> Run {
    run_in(gh, repo, fixture, &[], env)
}

/// A pull request that lowers the availability target, on `gh`.
fn weakening_pr(gh: &GitHubMock) -> (Repo, String) {
    let (repo, _, head) = weakening_pr_on(gh);
    (repo, head)
}

/// A run that could not decide: exit 2 with `message` on stderr, no verdict output, no write,
/// every request as GitHub describes it, the token nowhere.
fn failed_closed(gh: &GitHubMock, r: &Run, message: &str) {
    gh.assert_no_violations();
    gh.assert_token_not_leaked(&r.texts());
    assert_eq!(r.code, 2, "{r:#?}");
    assert!(r.stderr.contains(message), "{}", r.stderr);
    assert!(!r.outputs.contains_key("verdict"), "{r:#?}");
    assert!(!r.stdout.contains("slagate: pass"), "{r:#?}");
    assert_eq!(gh.write_ops(), Vec::<String>::new(), "{r:#?}");
}

fn timed(what: &str, started: Instant) {
    // The mock serves 100 pages of 100 in well under this; a slow mock is a bug to find.
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{what} took {:?}",
        started.elapsed()
    );
}

#[test]
fn an_over_long_review_list_fails_closed() {
    let gh = GitHubMock::start();
    let (repo, head) = weakening_pr(&gh);
    gh.set_team_members("acme-corp", "procurement", &["carol"]);
    // Both parties approve on the first page...
    gh.add_review("jdoe", "APPROVED", &head);
    gh.add_review("carol", "APPROVED", &head);
    // ... 10,001 comment-only reviews follow, and then carol requests changes.
    for i in 0..10_001 {
        gh.add_review(&format!("watcher{}", i % 50), "COMMENTED", &head);
    }
    gh.add_review("carol", "CHANGES_REQUESTED", &head);
    let started = Instant::now();
    let r = run_env(&gh, &repo, "pull_request_review.submitted.1", &[]);
    timed("100 pages of reviews", started);
    let n = gh.number();
    failed_closed(
        &gh,
        &r,
        &format!(
            "cannot read the pull request's reviews and labels: could not read every review of pull request #{n}: more than 10,000 (100 pages of 100); slagate does not decide on part of a list"
        ),
    );
    // 2 + 10,001 + 1 = 10,004 reviews are 101 pages of 100: the client reads the 100 it
    // allows, sees a next page on the 100th, and stops there.
    assert_eq!(gh.count("GET", REVIEWS), 100);
}

#[test]
fn an_over_long_label_event_list_fails_closed() {
    let gh = GitHubMock::start();
    let (repo, _) = weakening_pr(&gh);
    // An approver of the provider adds the override label...
    gh.add_label(LABEL, "jdoe");
    // ... 10,001 other label events follow...
    for i in 0..10_001 {
        if i % 2 == 0 {
            gh.add_label("triage", "watcher");
        } else {
            gh.remove_label("triage", "watcher");
        }
    }
    // ... and mallory, no approver, removes it and adds it again.
    gh.remove_label(LABEL, "mallory");
    gh.add_label(LABEL, "mallory");
    let started = Instant::now();
    let r = run_env(&gh, &repo, "pull_request.labeled.1", &[]);
    timed("100 pages of events", started);
    let n = gh.number();
    failed_closed(
        &gh,
        &r,
        &format!(
            "could not read every event of pull request #{n} (who added each label): more than 10,000 (100 pages of 100)"
        ),
    );
    // 1 + 10,001 + 2 = 10,004 events: 101 pages, 100 read.
    assert_eq!(gh.count("GET", EVENTS), 100);
}

#[test]
fn a_server_error_that_persists_mid_list_fails_closed() {
    let gh = GitHubMock::start();
    let (repo, head) = weakening_pr(&gh);
    gh.set_team_members("acme-corp", "procurement", &["carol"]);
    gh.add_review("jdoe", "APPROVED", &head);
    gh.add_review("carol", "APPROVED", &head);
    for i in 0..248 {
        gh.add_review(&format!("watcher{i}"), "COMMENTED", &head);
    }
    // 250 reviews: pages 1, 2 and 3. Page 2 answers 500 however often it is asked.
    gh.fail_page_always(REVIEWS, 2, Fault::server_error());
    let r = run_env(&gh, &repo, "pull_request_review.submitted.1", &[]);
    let n = gh.number();
    failed_closed(
        &gh,
        &r,
        &format!("could not read every review of pull request #{n}: GET "),
    );
    assert!(
        r.stderr.contains("page=2: GitHub answered 500")
            && r.stderr
                .contains("slagate does not decide on part of a list"),
        "{}",
        r.stderr
    );
    // Page 1 once, page 2 four times (the first attempt and three retries), never page 3.
    let pages: Vec<String> = gh
        .requests_to("GET", REVIEWS)
        .iter()
        .map(|q| {
            q.query
                .iter()
                .find(|(k, _)| k == "page")
                .map_or("1".to_string(), |(_, v)| v.clone())
        })
        .collect();
    assert_eq!(pages, ["1", "2", "2", "2", "2"]);
}

#[test]
fn a_comment_list_that_fails_mid_list_stops_the_publisher_before_any_write() {
    let gh = GitHubMock::start();
    let (repo, _) = weakening_pr(&gh);
    for i in 0..150 {
        gh.add_issue_comment(&format!("reader{}", i % 7), "+1");
    }
    // 150 comments: pages 1 and 2; page 2 keeps failing. The gate decided, but the publisher
    // cannot know whether its summary is among the comments it did not read.
    gh.fail_page_always(ISSUE_COMMENTS, 2, Fault::bad_gateway());
    let r = run_env(&gh, &repo, "pull_request.opened.1", &[]);
    let n = gh.number();
    failed_closed(
        &gh,
        &r,
        &format!(
            "cannot read the pull request's files and comments: could not read every comment of pull request #{n}: GET "
        ),
    );
}

#[test]
fn another_bots_marker_comment_is_left_untouched_when_get_user_is_refused() {
    let gh = GitHubMock::builder()
        .installation_token(ACTIONS_BOT)
        .start();
    let (repo, _) = weakening_pr(&gh);
    // Another bot's comments carry our markers (a copy of slagate under another app, or a
    // forgery): older than anything of ours, and on the line our finding is on.
    let foreign_body = format!("{MARKER}\nanother app's summary");
    let foreign = gh.add_issue_comment("other-app[bot]", &foreign_body);
    let inline_body = "old finding\n\n<!-- slagate:finding 0123456789abcdef -->";
    let foreign_inline = gh.add_review_comment("other-app[bot]", SLA_PATH, 58, inline_body);
    let r = run_env(&gh, &repo, "pull_request.opened.1", &[]);
    gh.assert_no_violations();
    gh.assert_token_not_leaked(&r.texts());
    assert_eq!(r.code, 1, "needs approval: {r:#?}");
    assert_eq!(
        gh.write_ops(),
        [CREATE_REVIEW, SUBMIT_REVIEW, CREATE_COMMENT],
        "{r:#?}"
    );
    let comments = gh.issue_comments();
    let theirs = comments.iter().find(|c| c.id == foreign).unwrap();
    assert_eq!(theirs.body, foreign_body);
    let ours: Vec<_> = comments
        .iter()
        .filter(|c| c.author == ACTIONS_BOT && c.body.starts_with(MARKER))
        .collect();
    assert_eq!(ours.len(), 1, "{comments:#?}");
    let inline = gh.review_comments();
    assert!(
        inline
            .iter()
            .any(|c| c.id == foreign_inline && c.body == inline_body),
        "{inline:#?}"
    );
    // The assumed identity was right: nothing to say about it.
    assert!(!r.stdout.contains("slagate assumed"), "{}", r.stdout);
}

#[test]
fn a_run_with_get_user_refused_edits_its_own_earlier_summary_in_place() {
    let gh = GitHubMock::builder()
        .installation_token(ACTIONS_BOT)
        .start();
    let (repo, _) = weakening_pr(&gh);
    // Another bot's marker comment first (the oldest "bot" summary), then ours from an
    // earlier run.
    gh.add_issue_comment("other-app[bot]", &format!("{MARKER}\nnot ours"));
    let earlier = gh.add_issue_comment(ACTIONS_BOT, &format!("{MARKER}\nan earlier run's summary"));
    let r = run_env(&gh, &repo, "pull_request.synchronize.1", &[]);
    gh.assert_no_violations();
    gh.assert_token_not_leaked(&r.texts());
    assert_eq!(r.code, 1, "{r:#?}");
    assert_eq!(
        gh.write_ops(),
        [CREATE_REVIEW, SUBMIT_REVIEW, UPDATE_COMMENT],
        "{r:#?}"
    );
    let patched = gh.requests_to(
        "PATCH",
        "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    );
    assert!(
        patched[0]
            .path
            .ends_with(&format!("/issues/comments/{earlier}")),
        "{:?}",
        patched[0].path
    );
    let ours = gh
        .issue_comments()
        .into_iter()
        .find(|c| c.id == earlier)
        .unwrap();
    assert!(ours.body.starts_with(MARKER) && ours.body.contains("slagate"));
    assert_ne!(ours.body, format!("{MARKER}\nan earlier run's summary"));
}

#[test]
fn the_author_of_our_first_comment_becomes_our_identity_and_is_configurable() {
    // A GitHub App's installation token: GET /user is refused, its comments are my-app[bot]'s.
    let gh = GitHubMock::builder()
        .installation_token("my-app[bot]")
        .start();
    let (repo, _) = weakening_pr(&gh);
    let earlier = gh.add_issue_comment("my-app[bot]", &format!("{MARKER}\nearlier"));
    let r = run_env(&gh, &repo, "pull_request.opened.1", &[]);
    gh.assert_no_violations();
    assert_eq!(r.code, 1, "{r:#?}");
    // Assumed github-actions[bot]: the review is posted, and its author shows who we are,
    // so the earlier summary is recognised as ours and edited; no second summary.
    assert_eq!(
        gh.write_ops(),
        [CREATE_REVIEW, SUBMIT_REVIEW, UPDATE_COMMENT],
        "{r:#?}"
    );
    let patched = gh.requests_to(
        "PATCH",
        "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    );
    assert!(patched[0].path.ends_with(&format!("/{earlier}")));
    let notices = r
        .stdout
        .lines()
        .filter(|l| {
            l.starts_with(
                "::notice title=slagate::slagate assumed it posts as `github-actions[bot]`",
            )
        })
        .count();
    assert_eq!(notices, 1, "said once: {}", r.stdout);
    assert!(r.stdout.contains("SLAGATE_BOT_LOGIN") && r.stdout.contains("`my-app[bot]`"));

    // Configured: the identity is right from the start; the unchanged head writes nothing.
    gh.clear_log();
    let again = run_env(
        &gh,
        &repo,
        "pull_request.synchronize.1",
        &[("SLAGATE_BOT_LOGIN", "my-app[bot]")],
    );
    gh.assert_no_violations();
    assert_eq!(again.code, 1, "{again:#?}");
    assert_eq!(gh.write_ops(), Vec::<String>::new(), "{again:#?}");
    assert!(
        !again.stdout.contains("slagate assumed"),
        "{}",
        again.stdout
    );
}
