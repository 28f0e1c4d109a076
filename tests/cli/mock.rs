//! Tests of the mock GitHub itself (`tests/support/github/`): it accepts what GitHub accepts,
//! rejects and records what GitHub would reject, answers within the description, paginates,
//! keeps state, and fails on cue.

use std::io::Write;
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::github_mock::client::read_response;
use crate::github_mock::diff::Patch;
use crate::github_mock::openapi::to_json_schema;
use crate::github_mock::{self, Fault, GitHubMock, PrFile, Spec, ViolationKind, WEBHOOKS, webhook};

const REVIEWS: &str = "/repos/{owner}/{repo}/pulls/{pull_number}/reviews";
const ISSUE_COMMENTS: &str = "/repos/{owner}/{repo}/issues/{issue_number}/comments";
const PR: &str = "/repos/Codertocat/Hello-World/pulls/2";
const ISSUE: &str = "/repos/Codertocat/Hello-World/issues/2";

const PATCH: &str = "@@ -1,5 +1,6 @@\n apiVersion: slagate/v1\n kind: SLA\n-  availability: 99.9\n+  availability: 99.5\n+  latency: 300ms\n metadata:\n   version: 2\n@@ -20,3 +21,3 @@ objectives:\n   window: 30d\n-  target: 99\n+  target: 98\n   owner: ops";

fn seeded() -> GitHubMock {
    let gh = GitHubMock::start();
    gh.set_pr_files(vec![
        PrFile::modified("policies/api.sla.yaml", PATCH),
        PrFile::added(
            "policies/new.sla.yaml",
            "apiVersion: slagate/v1\nkind: SLA\n",
        ),
    ]);
    gh
}

fn kinds(gh: &GitHubMock) -> Vec<ViolationKind> {
    gh.take_violations().iter().map(|v| v.kind).collect()
}

// ---------------------------------------------------------------- valid traffic

#[test]
fn a_valid_session_passes_and_every_answer_fits_the_description() {
    let gh = seeded();
    gh.set_team_members("Octocoders", "sla-approvers", &["alice"]);
    gh.add_label("sla-change-approved", "alice");
    let head = gh.head_sha();
    gh.add_review("alice", "APPROVED", &head);
    gh.add_review("bob", "CHANGES_REQUESTED", &head);
    let c = gh.client();

    for path in [
        "/repos/Codertocat/Hello-World".to_owned(),
        PR.to_owned(),
        format!("{PR}/files?per_page=100"),
        format!("{PR}/commits?per_page=100"),
        format!("{PR}/reviews?per_page=100&page=1"),
        format!("{PR}/comments?per_page=100&sort=created&direction=asc"),
        format!("{ISSUE}/comments?per_page=100"),
        format!("{ISSUE}/labels"),
        format!("{ISSUE}/events?per_page=100"),
        "/repos/Codertocat/Hello-World/labels".to_owned(),
        "/user".to_owned(),
        "/rate_limit".to_owned(),
        "/orgs/Octocoders/teams/sla-approvers/memberships/alice".to_owned(),
        format!("/repos/Codertocat/Hello-World/commits/{head}/status"),
    ] {
        let r = c.get(&path);
        assert_eq!(r.status, 200, "GET {path}: {}", r.body);
    }
    assert_eq!(
        c.get("/orgs/Octocoders/teams/sla-approvers/memberships/mallory")
            .status,
        404
    );

    let reviews = c.get(&format!("{PR}/reviews")).json();
    let review_states: Vec<&str> = reviews
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["state"].as_str().unwrap())
        .collect();
    assert_eq!(review_states, ["APPROVED", "CHANGES_REQUESTED"]);
    assert_eq!(reviews[0]["user"]["login"], "alice");
    assert_eq!(reviews[0]["commit_id"], head.as_str());
    let events = c.get(&format!("{ISSUE}/events")).json();
    assert_eq!(events[0]["event"], "labeled");
    assert_eq!(events[0]["actor"]["login"], "alice");
    assert_eq!(events[0]["label"]["name"], "sla-change-approved");
    let pr = c.get(PR).json();
    assert_eq!(pr["head"]["sha"], head.as_str());
    assert_eq!(pr["user"]["login"], "Codertocat");
    assert_eq!(pr["labels"][0]["name"], "sla-change-approved");
    assert_eq!(c.get("/user").json()["login"], "slagate-bot");

    // Issue comments: create, get, update, list, delete.
    let created = c.post(
        &format!("{ISSUE}/comments"),
        &json!({ "body": "<!-- slagate -->\nhello" }),
    );
    assert_eq!(created.status, 201, "{}", created.body);
    let comment = created.json();
    assert_eq!(comment["user"]["login"], "slagate-bot");
    assert!(created.header("location").is_some());
    let id = comment["id"].as_u64().unwrap();
    let path = format!("/repos/Codertocat/Hello-World/issues/comments/{id}");
    assert_eq!(c.get(&path).status, 200);
    let updated = c.patch(&path, &json!({ "body": "<!-- slagate -->\nbye" }));
    assert_eq!(updated.status, 200);
    assert_eq!(gh.issue_comments()[0].body, "<!-- slagate -->\nbye");
    assert_eq!(c.delete(&path).status, 204);
    assert!(gh.issue_comments().is_empty());

    // A review with inline comments on lines inside the diff (single and multi-line, both sides).
    let review = c.post(
        &format!("{PR}/reviews"),
        &json!({
            "commit_id": head,
            "event": "COMMENT",
            "body": "slagate found weakenings",
            "comments": [
                { "path": "policies/api.sla.yaml", "line": 3, "side": "RIGHT", "body": "availability lowered" },
                { "path": "policies/api.sla.yaml", "start_line": 3, "line": 4, "side": "RIGHT", "body": "two lines" },
                { "path": "policies/api.sla.yaml", "line": 3, "side": "LEFT", "body": "old value" },
                { "path": "policies/api.sla.yaml", "line": 22, "body": "target lowered" },
                { "path": "policies/new.sla.yaml", "position": 1, "body": "by position" },
            ],
        }),
    );
    assert_eq!(review.status, 200, "{}", review.body);
    assert_eq!(review.json()["state"], "COMMENTED");
    let comments = gh.review_comments();
    assert_eq!(comments.len(), 5);
    assert_eq!(comments[3].line, Some(22));
    assert!(comments[3].diff_hunk.starts_with("@@ -20,3 +21,3 @@"));
    assert!(comments[3].diff_hunk.ends_with("+  target: 98"));
    let listed = c.get(&format!("{PR}/comments")).json();
    assert_eq!(listed.as_array().unwrap().len(), 5);
    let review_id = review.json()["id"].as_u64().unwrap();
    let for_review = c.get(&format!("{PR}/reviews/{review_id}/comments"));
    assert_eq!(for_review.status, 200, "{}", for_review.body);

    // Replies are counted, whoever writes them.
    let first = comments[0].id;
    gh.reply_to_review_comment("alice", first, "why?");
    let reply = c.post(
        &format!("{PR}/comments/{first}/replies"),
        &json!({ "body": "because" }),
    );
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(reply.json()["in_reply_to_id"], first);
    assert_eq!(gh.reply_count(first), 2);
    let own = comments[1].id;
    let edited = c.patch(
        &format!("/repos/Codertocat/Hello-World/pulls/comments/{own}"),
        &json!({ "body": "edited" }),
    );
    assert_eq!(edited.status, 200, "{}", edited.body);
    assert_eq!(
        c.delete(&format!(
            "/repos/Codertocat/Hello-World/pulls/comments/{own}"
        ))
        .status,
        204
    );

    // Statuses.
    let status = c.post(
        &format!("/repos/Codertocat/Hello-World/statuses/{head}"),
        &json!({ "state": "failure", "context": "slagate", "description": "needs approval", "target_url": null }),
    );
    assert_eq!(status.status, 201, "{}", status.body);
    let combined = c
        .get(&format!(
            "/repos/Codertocat/Hello-World/commits/{head}/status"
        ))
        .json();
    assert_eq!(combined["state"], "failure");
    assert_eq!(combined["total_count"], 1);

    gh.assert_no_violations();
    gh.assert_token_not_leaked(&[]);
    assert_eq!(gh.count("POST", REVIEWS), 1);
    assert_eq!(
        gh.write_ops(),
        [
            format!("POST {ISSUE_COMMENTS}"),
            "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}".to_owned(),
            "DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}".to_owned(),
            format!("POST {REVIEWS}"),
            "POST /repos/{owner}/{repo}/pulls/{pull_number}/comments/{comment_id}/replies"
                .to_owned(),
            "PATCH /repos/{owner}/{repo}/pulls/comments/{comment_id}".to_owned(),
            "DELETE /repos/{owner}/{repo}/pulls/comments/{comment_id}".to_owned(),
            "POST /repos/{owner}/{repo}/statuses/{sha}".to_owned(),
        ]
    );
}

#[test]
fn reviews_can_be_pending_submitted_and_dismissed() {
    let gh = seeded();
    let c = gh.client();
    let pending = c.post(&format!("{PR}/reviews"), &json!({ "body": "draft" }));
    assert_eq!(pending.status, 200, "{}", pending.body);
    assert_eq!(pending.json()["state"], "PENDING");
    let id = pending.json()["id"].as_u64().unwrap();
    let submitted = c.post(
        &format!("{PR}/reviews/{id}/events"),
        &json!({ "event": "REQUEST_CHANGES", "body": "no" }),
    );
    assert_eq!(submitted.status, 200, "{}", submitted.body);
    assert_eq!(submitted.json()["state"], "CHANGES_REQUESTED");
    let dismissed = c.put(
        &format!("{PR}/reviews/{id}/dismissals"),
        &json!({ "message": "stale", "event": "DISMISS" }),
    );
    assert_eq!(dismissed.status, 200, "{}", dismissed.body);
    assert_eq!(gh.reviews()[0].state, "DISMISSED");
    gh.assert_no_violations();
}

#[test]
fn a_push_can_dismiss_stale_approvals() {
    let gh = seeded();
    gh.set_dismiss_stale_reviews(true);
    let old = gh.head_sha();
    gh.add_review("alice", "APPROVED", &old);
    gh.push("1111111111111111111111111111111111111111");
    assert_eq!(gh.head_sha(), "1111111111111111111111111111111111111111");
    assert_eq!(gh.reviews()[0].state, "DISMISSED");
    let payload = gh.event_payload("pull_request.synchronize.1");
    assert_eq!(
        payload["pull_request"]["head"]["sha"],
        "1111111111111111111111111111111111111111"
    );
    assert_eq!(payload["after"], "1111111111111111111111111111111111111111");
    let dir = tempfile::tempdir().unwrap();
    let path = gh.write_event_payload("pull_request.synchronize.1", dir.path());
    let written: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(written, payload);
}

#[test]
fn an_installation_token_cannot_read_the_user() {
    let gh = GitHubMock::builder()
        .installation_token("github-actions[bot]")
        .start();
    let c = gh.client();
    let r = c.get("/user");
    assert_eq!(r.status, 403);
    assert_eq!(
        r.json()["message"],
        "Resource not accessible by integration"
    );
    let created = c.post(&format!("{ISSUE}/comments"), &json!({ "body": "hi" }));
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.json()["user"]["login"], "github-actions[bot]");
    assert_eq!(created.json()["user"]["type"], "Bot");
    gh.assert_no_violations();
}

// ---------------------------------------------------------------- rejected requests

#[test]
fn a_review_comment_without_path_is_rejected_and_recorded() {
    let gh = seeded();
    let r = gh.client().post(
        &format!("{PR}/reviews"),
        &json!({ "event": "COMMENT", "comments": [{ "line": 3, "body": "x" }] }),
    );
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.json()["message"].as_str().unwrap().contains("path"));
    assert_eq!(kinds(&gh), [ViolationKind::Body]);
    assert!(gh.reviews().is_empty());
}

#[test]
fn a_line_given_as_a_string_is_rejected_and_recorded() {
    let gh = seeded();
    let r = gh.client().post(
        &format!("{PR}/reviews"),
        &json!({ "event": "COMMENT", "comments": [{ "path": "policies/api.sla.yaml", "line": "3", "body": "x" }] }),
    );
    assert_eq!(r.status, 422, "{}", r.body);
    let violations = gh.take_violations();
    assert_eq!(violations.len(), 1);
    assert_eq!(violations[0].kind, ViolationKind::Body);
    assert!(
        violations[0].message.contains("/comments/0/line"),
        "{}",
        violations[0]
    );
}

#[test]
fn a_line_outside_the_diff_fails_the_whole_review() {
    let gh = seeded();
    let r = gh.client().post(
        &format!("{PR}/reviews"),
        &json!({
            "commit_id": gh.head_sha(),
            "event": "COMMENT",
            "comments": [
                { "path": "policies/api.sla.yaml", "line": 3, "body": "fine" },
                { "path": "policies/api.sla.yaml", "line": 12, "body": "not in a hunk" },
            ],
        }),
    );
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("Line could not be resolved"));
    assert_eq!(kinds(&gh), [ViolationKind::Semantic]);
    assert!(gh.review_comments().is_empty(), "all or nothing");
}

#[test]
fn a_review_on_the_merge_commit_is_rejected() {
    let gh = seeded();
    let r = gh.client().post(
        &format!("{PR}/reviews"),
        &json!({ "commit_id": "0123456789012345678901234567890123456789", "event": "COMMENT", "body": "x" }),
    );
    assert_eq!(r.status, 422);
    assert_eq!(kinds(&gh), [ViolationKind::Semantic]);
}

#[test]
fn an_oversized_comment_is_rejected() {
    let gh = seeded();
    let body = "x".repeat(github_mock::MAX_BODY_CHARS + 1);
    let r = gh
        .client()
        .post(&format!("{ISSUE}/comments"), &json!({ "body": body }));
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(kinds(&gh), [ViolationKind::Semantic]);
    let ok = gh.client().post(
        &format!("{ISSUE}/comments"),
        &json!({ "body": "x".repeat(github_mock::MAX_BODY_CHARS) }),
    );
    assert_eq!(ok.status, 201);
}

#[test]
fn unknown_and_ill_typed_query_parameters_are_rejected() {
    let gh = seeded();
    let c = gh.client();
    for query in [
        "per_page=100&foo=1",
        "per_page=200",
        "per_page=0",
        "page=abc",
        "per_page=10&per_page=20",
        "sort=size",
    ] {
        let r = c.get(&format!("{PR}/comments?{query}"));
        assert_eq!(r.status, 400, "{query}: {}", r.body);
        assert_eq!(kinds(&gh), [ViolationKind::QueryParameter], "{query}");
    }
    assert_eq!(c.get(&format!("{PR}/comments?since=yesterday")).status, 400);
    assert_eq!(kinds(&gh), [ViolationKind::QueryParameter]);
    assert_eq!(
        c.get(&format!("{PR}/comments?since=2024-05-01T10:00:00Z"))
            .status,
        200
    );
    gh.assert_no_violations();
}

#[test]
fn a_wrong_method_or_unknown_path_is_rejected() {
    let gh = seeded();
    let c = gh.client();
    // Editing an issue comment is PATCH, not POST (octocrab's update_comment pitfall).
    let r = c.post(
        "/repos/Codertocat/Hello-World/issues/comments/1",
        &json!({ "body": "x" }),
    );
    assert_eq!(r.status, 404);
    assert_eq!(kinds(&gh), [ViolationKind::WrongMethod]);
    assert_eq!(
        c.get("/repos/Codertocat/Hello-World/pulls/2/nonsense")
            .status,
        404
    );
    assert_eq!(kinds(&gh), [ViolationKind::UnknownPath]);
    assert_eq!(c.get("/repos/Codertocat/Hello-World/pulls/two").status, 404);
    assert_eq!(kinds(&gh), [ViolationKind::PathParameter]);
    assert_eq!(c.get("/repos/someone/else/pulls/2").status, 404);
    assert_eq!(kinds(&gh), [ViolationKind::Semantic]);
}

#[test]
fn missing_or_wrong_headers_are_rejected() {
    let gh = seeded();
    let r = gh.client().without_token().get(PR);
    assert_eq!(r.status, 401);
    assert_eq!(r.json()["message"], "Requires authentication");
    assert_eq!(kinds(&gh), [ViolationKind::Auth]);

    let mut c = gh.client();
    c.token = Some("ghp_wrong".into());
    assert_eq!(c.get(PR).status, 401);
    assert_eq!(kinds(&gh), [ViolationKind::Auth]);

    let c = gh.client();
    let r = c.send("GET", PR, &[], None);
    assert_eq!(r.status, 200);
    let r = c.raw(
        format!(
            "GET {PR} HTTP/1.1\r\nHost: x\r\nAuthorization: token {}\r\nAccept: application/json\r\nUser-Agent: t\r\nConnection: close\r\n\r\n",
            gh.token()
        )
        .as_bytes(),
    );
    assert_eq!(r.status, 200, "the `token` scheme is accepted too");

    let mut c = gh.client();
    c.user_agent = None;
    assert_eq!(c.get(PR).status, 403);
    assert_eq!(kinds(&gh), [ViolationKind::Header]);

    let mut c = gh.client();
    c.accept = Some("text/html".into());
    assert_eq!(c.get(PR).status, 400);
    assert_eq!(kinds(&gh), [ViolationKind::Header]);

    let c = gh.client();
    let r = c.raw(
        format!(
            "GET {PR} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nAccept: application/vnd.github+json\r\nUser-Agent: t\r\nX-GitHub-Api-Version: 2021-01-01\r\nConnection: close\r\n\r\n",
            gh.token()
        )
        .as_bytes(),
    );
    assert_eq!(r.status, 400);
    assert_eq!(kinds(&gh), [ViolationKind::Header]);

    let r = c.send(
        "POST",
        &format!("{ISSUE}/comments"),
        &[],
        Some("{\"body\": \"x\""),
    );
    assert_eq!(r.status, 400);
    assert_eq!(kinds(&gh), [ViolationKind::Body]);

    let r = c.send("GET", PR, &[], Some("{}"));
    assert_eq!(r.status, 400, "GET takes no body");
    assert_eq!(kinds(&gh), [ViolationKind::Body]);
    gh.assert_token_not_leaked(&[]);
}

#[test]
fn editing_someone_elses_comment_is_recorded() {
    let gh = seeded();
    let id = gh.add_issue_comment("alice", "mine");
    let r = gh.client().patch(
        &format!("/repos/Codertocat/Hello-World/issues/comments/{id}"),
        &json!({ "body": "overwritten" }),
    );
    assert_eq!(
        r.status, 200,
        "GitHub allows it for a token with write access"
    );
    assert_eq!(kinds(&gh), [ViolationKind::ForeignComment]);
}

#[test]
fn deleting_a_review_comment_with_replies_is_recorded() {
    let gh = seeded();
    gh.set_user("slagate-bot");
    let id = gh.add_review_comment("slagate-bot", "policies/api.sla.yaml", 3, "weakened");
    gh.reply_to_review_comment("alice", id, "on purpose");
    let r = gh.client().delete(&format!(
        "/repos/Codertocat/Hello-World/pulls/comments/{id}"
    ));
    assert_eq!(r.status, 204);
    assert_eq!(kinds(&gh), [ViolationKind::Policy]);
}

// ---------------------------------------------------------------- pagination

#[test]
fn lists_are_paginated_with_link_headers() {
    let gh = seeded();
    for i in 0..5 {
        gh.add_issue_comment("alice", &format!("comment {i}"));
    }
    let c = gh.client();
    let first = c.get(&format!("{ISSUE}/comments?per_page=2"));
    assert_eq!(first.json().as_array().unwrap().len(), 2);
    let next = first.link("next").expect("rel=next");
    let last = first.link("last").expect("rel=last");
    assert!(next.ends_with("per_page=2&page=2"), "{next}");
    assert!(last.ends_with("per_page=2&page=3"), "{last}");
    assert!(next.starts_with(&gh.url()));
    let second = c.get_url(&next);
    assert_eq!(second.json()[0]["body"], "comment 2");
    assert!(second.link("prev").is_some() && second.link("first").is_some());
    let third = c.get_url(&second.link("next").unwrap());
    assert_eq!(third.json().as_array().unwrap().len(), 1);
    assert!(third.link("next").is_none(), "no next on the last page");
    let all = c.get(&format!("{ISSUE}/comments?per_page=100"));
    assert_eq!(all.json().as_array().unwrap().len(), 5);
    assert!(all.header("link").is_none());
    // Default page size is 30.
    for i in 0..30 {
        gh.add_issue_comment("bob", &format!("more {i}"));
    }
    let default = c.get(&format!("{ISSUE}/comments"));
    assert_eq!(default.json().as_array().unwrap().len(), 30);
    assert!(default.link("next").unwrap().ends_with("page=2"));
    gh.assert_no_violations();
}

#[test]
fn enterprise_base_path_is_served_and_enforced() {
    let gh = GitHubMock::builder().base_path("/api/v3").start();
    assert!(gh.url().ends_with("/api/v3"));
    let c = gh.client();
    assert_eq!(c.get(PR).status, 200);
    for i in 0..3 {
        gh.add_issue_comment("alice", &format!("c{i}"));
    }
    let page = c.get(&format!("{ISSUE}/comments?per_page=1"));
    assert!(page.link("next").unwrap().contains("/api/v3/repos/"));
    gh.assert_no_violations();
    let bare = c.raw(
        format!(
            "GET {PR} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nAccept: application/vnd.github+json\r\nUser-Agent: t\r\nConnection: close\r\n\r\n",
            gh.token()
        )
        .as_bytes(),
    );
    assert_eq!(bare.status, 404);
    assert_eq!(kinds(&gh), [ViolationKind::UnknownPath]);
}

// ---------------------------------------------------------------- fault injection

#[test]
fn a_scripted_422_answers_once() {
    let gh = seeded();
    gh.fail_next(
        "POST",
        REVIEWS,
        Fault::validation_failed("Line could not be resolved"),
    );
    let c = gh.client();
    let body = json!({ "event": "COMMENT", "body": "x", "comments": [{ "path": "policies/api.sla.yaml", "line": 3, "body": "y" }] });
    let r = c.post(&format!("{PR}/reviews"), &body);
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["errors"][0], "Line could not be resolved");
    assert!(gh.reviews().is_empty());
    assert_eq!(gh.pending_faults(), 0);
    assert_eq!(c.post(&format!("{PR}/reviews"), &body).status, 200);
    let log = gh.requests_to("POST", REVIEWS);
    assert_eq!(
        log[0].fault.as_deref(),
        Some("422 Line could not be resolved")
    );
    assert_eq!(log[1].fault, None);
    gh.assert_no_violations();
}

#[test]
fn a_429_with_retry_after_must_be_waited_out() {
    let gh = seeded();
    gh.fail_next("POST", ISSUE_COMMENTS, Fault::too_many_requests(1));
    let c = gh.client();
    let body = json!({ "body": "summary" });
    let r = c.post(&format!("{ISSUE}/comments"), &body);
    assert_eq!(r.status, 429);
    assert_eq!(r.header("retry-after"), Some("1"));
    // Too early: still limited, and recorded.
    let early = c.post(&format!("{ISSUE}/comments"), &body);
    assert_eq!(early.status, 429);
    assert_eq!(kinds(&gh), [ViolationKind::RateLimit]);
    std::thread::sleep(Duration::from_millis(1050));
    assert_eq!(c.post(&format!("{ISSUE}/comments"), &body).status, 201);
    assert_eq!(gh.issue_comments().len(), 1);
    gh.assert_no_violations();
}

#[test]
fn a_primary_rate_limit_sets_remaining_and_reset() {
    let gh = seeded();
    gh.fail_next(
        "GET",
        "/repos/{owner}/{repo}/pulls/{pull_number}",
        Fault::rate_limited(Duration::from_secs(1)),
    );
    let c = gh.client();
    let r = c.get(PR);
    assert_eq!(r.status, 403);
    assert_eq!(r.header("x-ratelimit-remaining"), Some("0"));
    let reset: u64 = r.header("x-ratelimit-reset").unwrap().parse().unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!(reset > now && reset <= now + 2, "reset {reset} now {now}");
    let started = Instant::now();
    while std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        < reset
    {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(c.get(PR).status, 200);
    gh.assert_no_violations();
}

#[test]
fn a_500_after_applying_a_post_catches_blind_retries() {
    let gh = seeded();
    let c = gh.client();
    let body = json!({ "body": "<!-- slagate -->" });

    gh.fail_next("POST", ISSUE_COMMENTS, Fault::server_error_after_applying());
    assert_eq!(c.post(&format!("{ISSUE}/comments"), &body).status, 500);
    assert_eq!(gh.issue_comments().len(), 1, "the write happened");
    // Blindly posting again creates a duplicate and is recorded.
    assert_eq!(c.post(&format!("{ISSUE}/comments"), &body).status, 201);
    assert_eq!(gh.issue_comments().len(), 2);
    assert_eq!(kinds(&gh), [ViolationKind::BlindRetry]);

    // Listing first is the right way.
    assert_eq!(c.get(&format!("{ISSUE}/comments")).status, 200);
    gh.fail_next("POST", ISSUE_COMMENTS, Fault::server_error_after_applying());
    assert_eq!(c.post(&format!("{ISSUE}/comments"), &body).status, 500);
    let listed = c.get(&format!("{ISSUE}/comments?per_page=100")).json();
    assert_eq!(listed.as_array().unwrap().len(), 3);
    gh.assert_no_violations();
}

#[test]
fn a_read_only_token_cannot_write() {
    let gh = seeded();
    gh.set_read_only(true);
    let c = gh.client();
    assert_eq!(c.get(PR).status, 200);
    let r = c.post(&format!("{ISSUE}/comments"), &json!({ "body": "x" }));
    assert_eq!(r.status, 403);
    assert_eq!(
        r.json()["message"],
        "Resource not accessible by integration"
    );
    let r = c.post(
        &format!("{PR}/reviews"),
        &json!({ "event": "COMMENT", "body": "x" }),
    );
    assert_eq!(r.status, 403);
    assert!(gh.issue_comments().is_empty() && gh.reviews().is_empty());
    assert_eq!(gh.writes().len(), 2);
    assert!(gh.successful_writes().is_empty());
    gh.assert_no_violations();
}

#[test]
fn one_page_of_a_list_can_keep_failing() {
    let gh = seeded();
    for i in 0..5 {
        gh.add_issue_comment("alice", &format!("comment {i}"));
    }
    gh.fail_page_always(ISSUE_COMMENTS, 2, Fault::server_error());
    let c = gh.client();
    // Page 1 (no `page` parameter, or `page=1`) and page 3 are served; page 2 never is.
    assert_eq!(c.get(&format!("{ISSUE}/comments?per_page=2")).status, 200);
    assert_eq!(
        c.get(&format!("{ISSUE}/comments?per_page=2&page=1")).status,
        200
    );
    for _ in 0..3 {
        assert_eq!(
            c.get(&format!("{ISSUE}/comments?per_page=2&page=2")).status,
            500
        );
    }
    let third = c.get(&format!("{ISSUE}/comments?per_page=2&page=3"));
    assert_eq!(third.json()[0]["body"], "comment 4");
    gh.assert_no_violations();
}

#[test]
fn a_long_list_builds_only_the_requested_page() {
    // Only the requested page's items are turned into JSON: reading 10,000 reviews page by
    // page must not build 100 times 10,000 of them.
    let gh = seeded();
    let head = gh.head_sha();
    for i in 0..10_000 {
        gh.add_review(&format!("watcher{}", i % 50), "COMMENTED", &head);
    }
    let c = gh.client();
    let built = gh.with_state(|s| s.items_built);
    let mut url = Some(format!("{}{PR}/reviews?per_page=100", gh.url()));
    let mut pages = 0;
    let mut items = 0;
    while let Some(u) = url.take() {
        let page = c.get_url(&u);
        assert_eq!(page.status, 200);
        items += page.json().as_array().unwrap().len();
        pages += 1;
        url = page.link("next");
    }
    // 10,000 reviews, 100 per page: 100 pages.
    assert_eq!((pages, items), (100, 10_000));
    // Each page built its own 100 items' JSON and no more: 10,000 in all, not the
    // 100 x 10,000 = 1,000,000 of building the whole list for every page.
    assert_eq!(gh.with_state(|s| s.items_built) - built, 10_000);
    gh.assert_no_violations();
}

#[test]
fn faults_can_repeat_match_anything_and_drop_connections() {
    let gh = seeded();
    gh.fail_times(
        "GET",
        "/repos/{owner}/{repo}/pulls/{pull_number}",
        2,
        Fault::bad_gateway(),
    );
    let c = gh.client();
    assert_eq!(c.get(PR).status, 502);
    assert_eq!(c.get(PR).status, 502);
    assert_eq!(c.get(PR).status, 200);
    gh.fail_always("*", "*", Fault::status(503, json!({ "message": "down" })));
    assert_eq!(c.get("/user").status, 503);
    assert_eq!(c.get(PR).status, 503);
    gh.clear_faults();
    assert_eq!(c.get(PR).status, 200);

    gh.fail_next("GET", "/user", Fault::connection_reset());
    let mut stream = TcpStream::connect(gh.addr()).unwrap();
    stream
        .write_all(
            format!(
                "GET /user HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nAccept: application/json\r\nUser-Agent: t\r\n\r\n",
                gh.token()
            )
            .as_bytes(),
        )
        .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut buf = [0u8; 16];
    let n = std::io::Read::read(&mut stream, &mut buf).unwrap_or(0);
    assert_eq!(n, 0, "closed without an answer");
    gh.assert_no_violations();
}

#[test]
#[should_panic(
    expected = "no operation POST /repos/{owner}/{repo}/pulls/{pull_number}/review in the description"
)]
fn scripting_a_fault_for_a_typo_panics() {
    let gh = seeded();
    gh.fail_next(
        "POST",
        "/repos/{owner}/{repo}/pulls/{pull_number}/review",
        Fault::server_error(),
    );
}

// ---------------------------------------------------------------- transport, lifecycle

#[test]
fn keep_alive_and_chunked_bodies_work() {
    let gh = seeded();
    let mut stream = TcpStream::connect(gh.addr()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let head = format!(
        "Host: x\r\nAuthorization: Bearer {}\r\nAccept: application/vnd.github+json\r\nUser-Agent: t\r\n",
        gh.token()
    );
    stream
        .write_all(format!("GET {PR} HTTP/1.1\r\n{head}\r\n").as_bytes())
        .unwrap();
    let first = read_response(&mut stream);
    assert_eq!(first.status, 200);
    assert_eq!(first.header("connection"), Some("keep-alive"));
    let body = "{\"body\": \"chunked hello\"}";
    let (a, b) = body.split_at(10);
    stream
        .write_all(
            format!(
                "POST {ISSUE}/comments HTTP/1.1\r\n{head}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{:x}\r\n{a}\r\n{:x}\r\n{b}\r\n0\r\n\r\n",
                a.len(),
                b.len()
            )
            .as_bytes(),
        )
        .unwrap();
    let second = read_response(&mut stream);
    assert_eq!(second.status, 201, "{}", second.body);
    assert_eq!(second.header("connection"), Some("close"));
    assert_eq!(gh.issue_comments()[0].body, "chunked hello");
    gh.assert_no_violations();
}

#[test]
fn garbage_is_a_transport_violation() {
    let gh = seeded();
    let r = gh.client().raw(b"HELLO\r\n\r\n");
    assert_eq!(r.status, 400);
    assert_eq!(kinds(&gh), [ViolationKind::Transport]);
}

#[test]
fn the_server_stops_when_dropped() {
    let gh = seeded();
    let addr = gh.addr();
    let idle = TcpStream::connect(addr).unwrap(); // an idle keep-alive connection
    let started = Instant::now();
    drop(gh);
    assert!(started.elapsed() < Duration::from_secs(2), "drop is prompt");
    assert!(TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err());
    drop(idle);
}

#[test]
#[should_panic(expected = "the token leaked into")]
fn a_leaked_token_is_found() {
    let gh = seeded();
    let token = gh.token();
    gh.client().post(
        &format!("{ISSUE}/comments"),
        &json!({ "body": format!("debug: {token}") }),
    );
    gh.assert_token_not_leaked(&[]);
}

#[test]
fn the_token_is_redacted_in_the_log() {
    let gh = seeded();
    gh.client().get(PR);
    let logged = &gh.requests()[0];
    let auth = logged
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("authorization"))
        .unwrap();
    assert_eq!(auth.1, "Bearer [redacted]");
    gh.assert_token_not_leaked(&["some output without it"]);
}

// ---------------------------------------------------------------- the description, fixtures

#[test]
fn every_operation_of_the_description_is_routed_to_itself() {
    let spec = Spec::shared();
    assert_eq!(spec.operations().len(), 42);
    for op in spec.operations() {
        let path = op
            .template
            .split('/')
            .map(|seg| match seg {
                "{ref}" => "heads/main".to_owned(),
                "{path}" => "policies/a.sla.yaml".to_owned(),
                s if s.starts_with('{') => {
                    let name = &s[1..s.len() - 1];
                    let p = op.param(name, github_mock::openapi::ParamIn::Path).unwrap();
                    if p.schema["type"] == "integer" {
                        "7".into()
                    } else {
                        "x".into()
                    }
                }
                s => s.to_owned(),
            })
            .collect::<Vec<_>>()
            .join("/");
        let found = spec.match_path(&path);
        assert!(
            found.iter().any(|(o, _)| o.key() == op.key()),
            "{} does not route to {}",
            path,
            op.key()
        );
    }
}

#[test]
fn openapi_nullable_becomes_json_schema_null() {
    let converted = to_json_schema(&json!({
        "type": "object",
        "properties": {
            "a": { "type": "string", "nullable": true, "example": "x" },
            "b": { "type": "string", "enum": ["x"], "nullable": true },
            "c": { "allOf": [{ "$ref": "#/components/schemas/label" }], "nullable": true },
            "example": { "type": "integer", "readOnly": true, "x-github": {} },
        },
        "discriminator": { "propertyName": "a" },
    }));
    assert_eq!(
        converted,
        json!({
            "type": "object",
            "properties": {
                "a": { "type": ["string", "null"] },
                "b": { "type": ["string", "null"], "enum": ["x", null] },
                "c": { "anyOf": [{ "type": "null" }, { "allOf": [{ "$ref": "#/components/schemas/label" }] }] },
                "example": { "type": "integer" },
            },
        })
    );
}

#[test]
fn the_description_examples_fit_their_schemas_except_known_upstream_gaps() {
    let spec = Spec::shared();
    let mut misfits = Vec::new();
    for op in spec.operations() {
        for (status, schema) in &op.responses {
            let Some(schema) = schema else { continue };
            let raw = spec.document();
            let pointer = format!(
                "/paths/{}/{}/responses/{status}",
                op.template.replace('~', "~0").replace('/', "~1"),
                op.method.to_lowercase()
            );
            let mut response = raw.pointer(&pointer).unwrap();
            if let Some(r) = response.get("$ref").and_then(Value::as_str) {
                response = raw.pointer(&r[1..]).unwrap();
            }
            let Some(examples) = response
                .pointer("/content/application~1json/examples")
                .and_then(Value::as_object)
            else {
                continue;
            };
            for (name, example) in examples {
                let mut example = example;
                if let Some(r) = example.get("$ref").and_then(Value::as_str) {
                    example = raw.pointer(&r[1..]).unwrap();
                }
                let key = format!("{} response {status}", op.key());
                let errors = spec.validate(&key, schema, &example["value"]);
                if !errors.is_empty() {
                    misfits.push(format!("{} {status} {name}", op.key()));
                }
            }
        }
    }
    // Upstream's own examples that do not fit upstream's schemas (the mock works around both).
    assert_eq!(
        misfits,
        [
            "GET /repos/{owner}/{repo} 200 default-response",
            // The issue examples (which the mock's issues start from, every field it serves
            // set from its state, each answer checked against the schema) do not fit either.
            "GET /repos/{owner}/{repo}/issues/{issue_number} 200 default",
            "GET /repos/{owner}/{repo}/issues/{issue_number} 200 pinned_comment",
            "GET /repos/{owner}/{repo}/pulls/{pull_number} 200 default",
        ]
    );
}

#[test]
fn every_webhook_fixture_is_a_pull_request_event() {
    let dir = github_mock::fixtures_dir().join("webhooks");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter_map(|n| n.strip_suffix(".json").map(str::to_owned))
        .collect();
    on_disk.sort();
    assert_eq!(on_disk, WEBHOOKS);
    let is_sha = |v: &Value| {
        v.as_str()
            .is_some_and(|s| s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit()))
    };
    for name in WEBHOOKS {
        let event = webhook(name);
        let pr = &event["pull_request"];
        assert!(pr.is_object(), "{name}: no pull_request");
        assert!(is_sha(&pr["head"]["sha"]), "{name}: head.sha");
        assert!(is_sha(&pr["base"]["sha"]), "{name}: base.sha");
        assert!(pr["number"].is_u64(), "{name}: number");
        assert!(
            event["repository"]["full_name"].is_string(),
            "{name}: repository"
        );
        if name.starts_with("pull_request_review.") {
            assert!(event["review"]["state"].is_string(), "{name}: review.state");
        }
    }
}

#[test]
fn the_mock_can_be_seeded_from_any_webhook() {
    for name in WEBHOOKS {
        let event = webhook(name);
        let gh = GitHubMock::builder().event(&event).start();
        let pr = gh.client().get(PR);
        assert_eq!(pr.status, 200, "{name}: {}", pr.body);
        let pr = pr.json();
        assert_eq!(
            pr["head"]["sha"], event["pull_request"]["head"]["sha"],
            "{name}"
        );
        assert_eq!(
            pr["base"]["sha"], event["pull_request"]["base"]["sha"],
            "{name}"
        );
        let labels: Vec<&Value> = event["pull_request"]["labels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| &l["name"])
            .collect();
        let served: Vec<&Value> = pr["labels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| &l["name"])
            .collect();
        assert_eq!(labels, served, "{name}");
        let payload = gh.event_payload(name);
        assert_eq!(
            payload["pull_request"]["head"]["sha"],
            event["pull_request"]["head"]["sha"]
        );
        gh.assert_no_violations();
    }
}

#[test]
fn patches_tell_which_lines_take_comments() {
    let patch = Patch::parse(PATCH).unwrap();
    assert_eq!(patch.right_lines(), [1, 2, 3, 4, 5, 6, 21, 22, 23]);
    assert_eq!(patch.left_lines(), [1, 2, 3, 4, 5, 20, 21, 22]);
    assert_eq!(patch.counts(), (3, 2));
    assert_eq!(patch.find("RIGHT", 23).unwrap().position, 12);
    assert_eq!(
        patch.diff_hunk(4),
        "@@ -1,5 +1,6 @@\n apiVersion: slagate/v1\n kind: SLA\n-  availability: 99.9\n+  availability: 99.5"
    );
    assert!(Patch::parse("not a patch").is_err());
}

// ---------------------------------------------------------------- issues (the governance run)

#[test]
fn issues_are_listed_by_label_and_state_created_updated_and_commented_on() {
    const ISSUES: &str = "/repos/Codertocat/Hello-World/issues";
    let gh = seeded();
    gh.add_label("sla-governance", "alice");
    let closed = gh.add_issue("alice", "Old", "<!-- x -->", &["sla-governance"], false);
    let other = gh.add_issue("alice", "Other", "unlabelled", &["bug"], true);
    let c = gh.client();

    // Open by default, newest first; the labelled pull request is listed with `pull_request`.
    let open = c.get(&format!("{ISSUES}?labels=sla-governance")).json();
    let numbers: Vec<u64> = open
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["number"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, [2]);
    assert!(open[0]["pull_request"]["url"].is_string());
    let all = c
        .get(&format!(
            "{ISSUES}?labels=SLA-Governance&state=all&direction=asc"
        ))
        .json();
    let numbers: Vec<u64> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["number"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, [2, closed], "labels compare without case");
    assert!(all[1].get("pull_request").is_none());
    assert_eq!(all[1]["state"], "closed");
    assert_eq!(all[1]["state_reason"], "completed");

    // Created with its labels (a new label is created with it), by the token's user.
    let created = c.post(
        ISSUES,
        &json!({ "title": "Tracking", "body": "b", "labels": ["sla-governance", "new-label"] }),
    );
    assert_eq!(created.status, 201, "{}", created.body);
    assert!(created.header("location").is_some());
    let n = created.json()["number"].as_u64().unwrap();
    assert!(
        n > other,
        "issue numbers follow the pull request's and the issues'"
    );
    assert_eq!(created.json()["user"]["login"], "slagate-bot");
    assert!(gh.with_state(|s| s.labels.iter().any(|l| l.name == "new-label")));

    // Updated: body, then closed, then reopened.
    let path = format!("{ISSUES}/{n}");
    assert_eq!(c.patch(&path, &json!({ "body": "b2" })).status, 200);
    let shut = c.patch(
        &path,
        &json!({ "state": "closed", "state_reason": "completed" }),
    );
    assert_eq!(shut.json()["state"], "closed");
    assert!(shut.json()["closed_at"].is_string());
    let again = c.patch(
        &path,
        &json!({ "state": "open", "state_reason": "reopened" }),
    );
    assert_eq!(
        (
            again.json()["state"].clone(),
            again.json()["state_reason"].clone()
        ),
        (json!("open"), json!("reopened"))
    );
    assert_eq!(c.get(&path).json()["body"], "b2");

    // Commented on, as any issue.
    let comment = c.post(&format!("{path}/comments"), &json!({ "body": "hello" }));
    assert_eq!(comment.status, 201, "{}", comment.body);
    assert_eq!(gh.comments_on(n).len(), 1);
    assert_eq!(c.get(&path).json()["comments"], 1);
    gh.assert_no_violations();

    // An issue that does not exist is a 404, and noted.
    assert_eq!(
        c.patch(&format!("{ISSUES}/999"), &json!({ "body": "x" }))
            .status,
        404
    );
    assert_eq!(kinds(&gh), [ViolationKind::Semantic]);
    // A body that does not fit the description is refused.
    let bad = c.post(ISSUES, &json!({ "body": "no title" }));
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert_eq!(kinds(&gh), [ViolationKind::Body]);
}

#[test]
fn the_issue_list_pages_and_fails_on_cue() {
    let gh = seeded();
    for i in 0..120 {
        gh.add_issue("alice", &format!("n{i}"), "x", &["many"], true);
    }
    gh.fail_page_always(
        "/repos/{owner}/{repo}/issues",
        2,
        github_mock::Fault::server_error(),
    );
    let c = gh.client();
    let first = c.get("/repos/Codertocat/Hello-World/issues?labels=many&per_page=100");
    assert_eq!(first.json().as_array().unwrap().len(), 100);
    let next = first.header("link").unwrap().to_owned();
    assert!(
        next.contains("page=2") && next.contains("rel=\"next\""),
        "{next}"
    );
    let second = c.get("/repos/Codertocat/Hello-World/issues?labels=many&per_page=100&page=2");
    assert_eq!(second.status, 500);
}
