//! `slagate github` when it is not alone: a concurrent run on the same pull request, and a
//! write that GitHub applied although the client never saw the answer. However the writes
//! interleave, a run ends with one summary of ours (the oldest, with the current body), no
//! inline comment of ours twice, and never a second review with the same findings; and it
//! never deletes or edits a comment it did not write, whatever marker that comment carries.
//!
//! A concurrent run is simulated on the local GitHub of `tests/support/github/` by changing
//! its state right after one of our requests is answered ([`GitHubMock::after_next`]), and
//! also run for real: two `slagate github` processes against one mock.

use std::time::Duration;

use crate::github::{
    CREATE_COMMENT, CREATE_REVIEW, MARKER, Repo, Run, SLA_PATH, SUBMIT_REVIEW, checked, run_in,
    summaries, weakening_pr_on,
};
use crate::github_mock::{Fault, GitHubMock, IssueComment, Review};

const ISSUE_COMMENTS: &str = "/repos/{owner}/{repo}/issues/{issue_number}/comments";
const REVIEW_COMMENTS: &str = "/repos/{owner}/{repo}/pulls/{pull_number}/comments";
const REVIEWS: &str = "/repos/{owner}/{repo}/pulls/{pull_number}/reviews";
const SUBMIT: &str = "/repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/events";
const BOT: &str = "slagate-bot";

/// The reviews the bot wrote, in the mock's order.
fn bot_reviews(gh: &GitHubMock) -> Vec<Review> {
    gh.reviews()
        .into_iter()
        .filter(|r| r.author == BOT)
        .collect()
}

fn run(gh: &GitHubMock, repo: &Repo, env: &[(&str, &str)]) -> Run {
    run_in(gh, repo, "pull_request.synchronize.1", &[], env)
}

/// The bodies of the summaries our successful `POST`s and `PATCH`es sent, last one last.
fn sent_summaries(gh: &GitHubMock) -> Vec<String> {
    gh.successful_writes()
        .iter()
        .filter(|w| w.method == "POST" || w.method == "PATCH")
        .filter_map(|w| w.body_str("body").map(str::to_string))
        .filter(|b| b.starts_with(MARKER))
        .collect()
}

fn ours(comments: &[IssueComment]) -> Vec<&IssueComment> {
    comments.iter().filter(|c| c.author == BOT).collect()
}

#[test]
fn a_summary_a_concurrent_run_posts_after_our_listing_is_removed_at_the_end() {
    let gh = GitHubMock::start();
    let (repo, _, _) = weakening_pr_on(&gh);
    // Before the run: an older summary of ours, and a human's comment that carries our
    // marker text (quoting it, or forging it).
    let oldest = gh.add_issue_comment(BOT, &format!("{MARKER}\nan older run's body"));
    let human = format!("{MARKER}\nI quote the bot here");
    let alice = gh.add_issue_comment("alice", &human);
    // Right after we list the comments, a concurrent run (the same bot) posts its summary.
    let number = gh.number();
    gh.after_next("GET", ISSUE_COMMENTS, move |s| {
        s.add_issue_comment(number, BOT, &format!("{MARKER}\nthe concurrent run's body"));
    });
    let r = run(&gh, &repo, &[]);
    checked(&gh, &r);

    let comments = gh.issue_comments();
    let mine = ours(&comments);
    assert_eq!(mine.len(), 1, "{comments:#?}");
    assert_eq!(mine[0].id, oldest, "the oldest is kept");
    let sent = sent_summaries(&gh);
    assert_eq!(
        Some(&mine[0].body),
        sent.last(),
        "the kept one has this run's body"
    );
    // The concurrent run's comment went by DELETE (checked against the API description by
    // `checked`), and the human's comment is untouched.
    assert!(
        gh.write_ops()
            .contains(&"DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}".to_string()),
        "{:?}",
        gh.write_ops()
    );
    let left = comments.iter().find(|c| c.id == alice).expect("kept");
    assert_eq!(left.body, human);
    assert!(
        gh.writes()
            .iter()
            .all(|w| !w.path.ends_with(&format!("/comments/{alice}"))),
        "{:?}",
        gh.write_ops()
    );
}

/// The review and inline comment a first run posts on `repo`'s pull request, from a run
/// against a mock of its own: (review body, comment path, line, comment body).
fn what_a_run_posts(repo: &Repo, base: &str, head: &str) -> (String, String, u64, String) {
    let other = GitHubMock::start();
    other.set_shas(base, head);
    other.set_pr_files(repo.pr_files(base, head));
    checked(&other, &run(&other, repo, &[]));
    let reviews = bot_reviews(&other);
    let comments = other.review_comments();
    assert_eq!((reviews.len(), comments.len()), (1, 1), "{comments:#?}");
    let c = &comments[0];
    (
        reviews[0].body.clone(),
        c.path.clone(),
        c.line.expect("a live comment"),
        c.body.clone(),
    )
}

#[test]
fn a_review_a_concurrent_run_posts_after_our_listing_is_not_posted_again() {
    let gh = GitHubMock::start();
    let (repo, base, head) = weakening_pr_on(&gh);
    let (review_body, path, line, body) = what_a_run_posts(&repo, &base, &head);
    assert_eq!(path, SLA_PATH);
    // Right after we list the review comments, a concurrent run posts the same review.
    let number = gh.number();
    gh.after_next("GET", REVIEW_COMMENTS, move |s| {
        s.add_review_comment(number, BOT, (&path, line, &body), &review_body);
    });
    let r = run(&gh, &repo, &[]);
    checked(&gh, &r);
    assert_eq!(gh.count("POST", REVIEWS), 0, "{:?}", gh.write_ops());
    let reviews = bot_reviews(&gh);
    assert_eq!(reviews.len(), 1, "{reviews:#?}");
    assert_eq!(gh.review_comments().len(), 1);
    assert_eq!(summaries(&gh).len(), 1);
}

#[test]
fn writes_answered_after_the_read_timeout_are_not_repeated() {
    // GitHub applies the POST at once but answers after 3 s; the client gives up after 1 s
    // (SLAGATE_GITHUB_READ_TIMEOUT_SECS), lists again, finds what it wrote, and does not
    // post it a second time (a repeat without listing is a violation of the mock's).
    let env = [("SLAGATE_GITHUB_READ_TIMEOUT_SECS", "1")];
    for template in [REVIEWS, ISSUE_COMMENTS] {
        let gh = GitHubMock::start();
        let (repo, _, _) = weakening_pr_on(&gh);
        gh.fail_next("POST", template, Fault::delayed(Duration::from_secs(3)));
        let r = run(&gh, &repo, &env);
        checked(&gh, &r);
        assert_eq!(
            gh.write_ops(),
            [CREATE_REVIEW, SUBMIT_REVIEW, CREATE_COMMENT],
            "{template}: {r:#?}"
        );
        assert_eq!(gh.count("POST", REVIEWS), 1);
        let reviews = bot_reviews(&gh).len();
        assert_eq!(reviews, 1, "{template}");
        assert_eq!(gh.review_comments().len(), 1, "{template}");
        assert_eq!(summaries(&gh).len(), 1, "{template}");
    }
}

/// Two real processes at once: one summary, each inline comment once, and exactly one
/// review. The review is created pending first, and a user has at most one pending review
/// per pull request: the second run's create is refused (422) while the first one's is
/// pending, or, once that is submitted, the second run finds it and deletes its own pending
/// review. `SLAGATE_RACE_ROUNDS` repeats the race (a scratch check for flakiness).
#[test]
fn two_concurrent_processes_leave_one_summary_one_review_and_each_inline_comment_once() {
    let rounds: u32 = std::env::var("SLAGATE_RACE_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2);
    for round in 0..rounds {
        let gh = GitHubMock::start();
        let (repo, _, _) = weakening_pr_on(&gh);
        let runs: Vec<Run> = std::thread::scope(|s| {
            let a = s.spawn(|| run(&gh, &repo, &[]));
            let b = s.spawn(|| run(&gh, &repo, &[]));
            vec![a.join().unwrap(), b.join().unwrap()]
        });
        for r in &runs {
            checked(&gh, r);
        }
        let ops = gh.write_ops();
        assert_eq!(summaries(&gh).len(), 1, "round {round}: {ops:?}");
        // One weakening on the diff: one inline comment, in one submitted review, and no
        // pending review left behind.
        assert_eq!(gh.review_comments().len(), 1, "round {round}: {ops:?}");
        let reviews = bot_reviews(&gh);
        assert_eq!(reviews.len(), 1, "round {round}: {reviews:#?}\n{ops:?}");
        assert_eq!(reviews[0].state, "COMMENTED", "round {round}: {ops:?}");
        assert!(
            reviews[0].body.contains("<!-- slagate:review "),
            "round {round}: {reviews:#?}"
        );
    }
}

/// The `<!-- slagate:review HEAD DIGEST -->` marker a run on `repo` puts in its review.
fn review_body_of(repo: &Repo, base: &str, head: &str) -> String {
    what_a_run_posts(repo, base, head).0
}

#[test]
fn a_review_a_concurrent_run_submits_while_ours_is_created_leaves_only_that_one() {
    // The concurrent run submitted its review after our look for one and before our pending
    // review was created: ours is found beside it and deleted (a pending review can be).
    let gh = GitHubMock::start();
    let (repo, base, head) = weakening_pr_on(&gh);
    let (review_body, path, line, body) = what_a_run_posts(&repo, &base, &head);
    let number = gh.number();
    gh.after_next("POST", REVIEWS, move |s| {
        s.add_review_comment(number, BOT, (&path, line, &body), &review_body);
    });
    let r = run(&gh, &repo, &[]);
    checked(&gh, &r);
    assert_eq!(
        gh.write_ops(),
        [
            CREATE_REVIEW,
            "DELETE /repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}",
            CREATE_COMMENT
        ],
        "{r:#?}"
    );
    let reviews = bot_reviews(&gh);
    assert_eq!(reviews.len(), 1, "{reviews:#?}");
    assert_eq!(reviews[0].state, "COMMENTED");
    // Our pending review went with its comment: the concurrent run's one is left.
    assert_eq!(gh.review_comments().len(), 1);
    assert_eq!(gh.review_comments()[0].review_id, Some(reviews[0].id));
}

#[test]
fn a_pending_review_of_ours_with_the_same_marker_is_submitted_not_posted_again() {
    // A run that created its pending review and then died (or a concurrent one about to
    // submit it): our create is refused with GitHub's 422, and we submit that review.
    let gh = GitHubMock::start();
    let (repo, base, head) = weakening_pr_on(&gh);
    let review_body = review_body_of(&repo, &base, &head);
    let pending = gh.add_review_with_body(BOT, "PENDING", &head, &review_body);
    let r = run(&gh, &repo, &[]);
    checked(&gh, &r);
    assert_eq!(
        gh.write_ops(),
        [CREATE_REVIEW, SUBMIT_REVIEW, CREATE_COMMENT],
        "{r:#?}"
    );
    let refused = &gh.requests_to("POST", REVIEWS)[0];
    assert_eq!(refused.status, 422, "{refused:#?}");
    let submitted = &gh.requests_to("POST", SUBMIT)[0];
    assert!(
        submitted
            .path
            .ends_with(&format!("/reviews/{pending}/events")),
        "{submitted:#?}"
    );
    let reviews = bot_reviews(&gh);
    assert_eq!(reviews.len(), 1, "{reviews:#?}");
    assert_eq!(
        (reviews[0].id, reviews[0].state.as_str()),
        (pending, "COMMENTED")
    );
}

#[test]
fn a_stale_pending_review_of_ours_is_deleted_and_the_review_posted() {
    // A crashed run's pending review on an older head: it holds GitHub's one pending review
    // of ours, so our create is refused; it is deleted and the create tried once more.
    let gh = GitHubMock::start();
    let (repo, base, head) = weakening_pr_on(&gh);
    let stale = gh.add_review_with_body(
        BOT,
        "PENDING",
        &base,
        "<!-- slagate:review 0000000000000000000000000000000000000000 0000000000000000 -->",
    );
    let r = run(&gh, &repo, &[]);
    checked(&gh, &r);
    assert_eq!(
        gh.write_ops(),
        [
            CREATE_REVIEW,
            "DELETE /repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}",
            CREATE_REVIEW,
            SUBMIT_REVIEW,
            CREATE_COMMENT
        ],
        "{r:#?}"
    );
    let reviews = bot_reviews(&gh);
    assert_eq!(reviews.len(), 1, "{reviews:#?}");
    assert_ne!(reviews[0].id, stale);
    assert_eq!(reviews[0].state, "COMMENTED");
    assert_eq!(reviews[0].commit_id.as_deref(), Some(head.as_str()));
    assert_eq!(reviews[0].body, review_body_of(&repo, &base, &head));
}

/// Text an attacker puts in the YAML: links in every form GitHub autolinks, issue
/// references, a mention, raw HTML, an HTML comment and a table pipe.
const HOSTILE: &str = "https://x.io www.evil.io <https://a.b> GH-2 #4 o/r#4 https://github.com/o/r/issues/4 @someone <img src=x> <!-- --> | pipe";

/// Every Markdown body the mock received in a successful POST or PATCH: comments, reviews
/// and the inline comments inside reviews.
fn posted_bodies(gh: &GitHubMock) -> Vec<String> {
    let mut out = Vec::new();
    for w in gh.successful_writes() {
        let Some(body) = &w.body else { continue };
        if let Some(b) = body["body"].as_str() {
            out.push(b.to_string());
        }
        for c in body["comments"].as_array().into_iter().flatten() {
            out.push(c["body"].as_str().unwrap_or_default().to_string());
        }
    }
    out
}

/// GitHub-flavoured Markdown options as GitHub renders comments.
fn gfm() -> comrak::Options<'static> {
    let mut o = comrak::Options::default();
    o.extension.autolink = true;
    o.extension.table = true;
    o.extension.strikethrough = true;
    // GitHub filters these tags (`<script>`, `<iframe>`, ...); comrak deprecates the switch.
    #[allow(deprecated)]
    {
        o.extension.tagfilter = true;
    }
    o.render.r#unsafe = true;
    o
}

/// The raw HTML nodes of `md` (what GitHub would pass on as HTML).
fn html_nodes(md: &str) -> Vec<String> {
    let arena = comrak::Arena::new();
    let root = comrak::parse_document(&arena, md, &gfm());
    root.descendants()
        .filter_map(|n| match &n.data.borrow().value {
            comrak::nodes::NodeValue::HtmlInline(h) => Some(h.clone()),
            comrak::nodes::NodeValue::HtmlBlock(h) => Some(h.literal.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn hostile_yaml_text_reaches_every_posted_body_inert() {
    let gh = GitHubMock::start();
    let (repo, base) = Repo::with_base();
    let sla = crate::github::availability_lowered()
        .replacen(
            "      name: Platform availability\n",
            &format!("      name: \"Availability {HOSTILE}\"\n"),
            1,
        )
        .replacen(
            "summary: Amended.",
            &format!("summary: \"Amended {HOSTILE}\""),
            1,
        );
    let head = repo.head(&sla, "hostile text");
    gh.set_shas(&base, &head);
    gh.set_pr_files(repo.pr_files(&base, &head));
    let r = run(&gh, &repo, &[]);
    checked(&gh, &r);
    let bodies = posted_bodies(&gh);
    // The summary, the review and its one inline comment at least.
    assert!(bodies.len() >= 3, "{bodies:#?}");
    assert!(
        bodies
            .iter()
            .any(|b| b.contains("pipe") && b.contains("someone")),
        "the text is shown: {bodies:#?}"
    );
    for b in &bodies {
        let html = comrak::markdown_to_html(b, &gfm());
        for host in ["x.io", "evil.io", "a.b", "github.com/o/r"] {
            assert!(
                !html.contains(&format!("href=\"https://{host}"))
                    && !html.contains(&format!("href=\"http://{host}")),
                "a link to {host}: {html}"
            );
        }
        assert!(!html.contains("<img"), "an image: {html}");
        // Raw HTML: only our own hidden markers, line breaks and collapsed blocks (whose
        // `<summary>` names no YAML text).
        for h in html_nodes(b) {
            let h = h.trim();
            let ours = ["<br>", "<details>", "</details>", "<summary>", "</summary>"]
                .iter()
                .fold(h.to_string(), |h, tag| h.replace(tag, ""));
            assert!(
                h == MARKER
                    || h.starts_with("<!-- slagate:finding ")
                    || h.starts_with("<!-- slagate:review ")
                    || (!ours.contains(['<', '>']) && !ours.contains("Availability")),
                "raw HTML from the YAML: {h:?} in {b}"
            );
        }
        // Mentions and issue references, which comrak does not render: broken in the text.
        for live in ["@someone", "GH-2", " #4", "o/r#4"] {
            assert!(!b.contains(live), "{live:?} is live in {b}");
        }
    }
}
