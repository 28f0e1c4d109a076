//! `slagate github` against a hostile or broken network: every run ends within its deadline
//! (`SLAGATE_GITHUB_DEADLINE_SECS`, 120 s by default) whatever the server does, and says
//! which call it was waiting for; what it writes for the runner stays within GitHub's limits;
//! and nothing from the YAML becomes a link, a mention or an issue reference in what it posts.
//!
//! Against the local GitHub of `tests/support/github/`, which can trickle an answer a byte at
//! a time ([`Fault::trickle`]).

use std::time::{Duration, Instant};

use crate::github::{CREATE_COMMENT, Repo, Run, run_in, weakening_pr_on};
use crate::github_mock::{Fault, GitHubMock};

const REVIEWS: &str = "/repos/{owner}/{repo}/pulls/{pull_number}/reviews";

/// GitHub's limit for one `GITHUB_OUTPUT` value and for the step summary.
const MIB: usize = 1 << 20;

/// A pull request that lowers the availability target, on `gh`.
fn weakening_pr(gh: &GitHubMock) -> (Repo, String) {
    let (repo, _, head) = weakening_pr_on(gh);
    (repo, head)
}

/// Runs with a deadline of `secs`, and how long the run took.
fn run_with_deadline(gh: &GitHubMock, repo: &Repo, secs: &str) -> (Run, Duration) {
    let started = Instant::now();
    let r = run_in(
        gh,
        repo,
        "pull_request.synchronize.1",
        &[],
        &[("SLAGATE_GITHUB_DEADLINE_SECS", secs)],
    );
    (r, started.elapsed())
}

/// A run stopped by its deadline: exit 2, the call named, no verdict output, the token
/// nowhere, and an end well before the trickled answer would have (an upper bound only).
fn stopped_at_deadline(gh: &GitHubMock, r: &Run, took: Duration, call: &str) {
    gh.assert_token_not_leaked(&r.texts());
    assert_eq!(r.code, 2, "{r:#?}");
    assert!(r.stderr.contains(call), "{}", r.stderr);
    assert!(
        r.stderr.contains("deadline of 2s") && r.stderr.contains("SLAGATE_GITHUB_DEADLINE_SECS"),
        "{}",
        r.stderr
    );
    assert!(!r.outputs.contains_key("verdict"), "{r:#?}");
    assert!(!r.stdout.contains("slagate: "), "{r:#?}");
    // A 2 s deadline, plus the local comparison and the start of the process; the trickled
    // answer (hundreds of bytes at 200 ms each) would take over a minute.
    assert!(took < Duration::from_secs(20), "the run took {took:?}");
}

#[test]
fn a_trickled_read_ends_the_run_at_its_deadline() {
    let gh = GitHubMock::start();
    let (repo, _) = weakening_pr(&gh);
    // Every byte arrives before any read timeout (30 s) could fire.
    gh.fail_next("GET", REVIEWS, Fault::trickle(Duration::from_millis(200)));
    let (r, took) = run_with_deadline(&gh, &repo, "2");
    let n = gh.number();
    stopped_at_deadline(
        &gh,
        &r,
        took,
        &format!("GET /repos/{}/pulls/{n}/reviews", gh.repository()),
    );
    assert_eq!(gh.write_ops(), Vec::<String>::new(), "{r:#?}");
}

#[test]
fn a_trickled_write_ends_the_run_at_its_deadline() {
    let gh = GitHubMock::start();
    let (repo, _) = weakening_pr(&gh);
    gh.fail_next(
        "POST",
        "/repos/{owner}/{repo}/issues/{issue_number}/comments",
        Fault::trickle(Duration::from_millis(200)),
    );
    let (r, took) = run_with_deadline(&gh, &repo, "2");
    let n = gh.number();
    stopped_at_deadline(
        &gh,
        &r,
        took,
        &format!("POST /repos/{}/issues/{n}/comments", gh.repository()),
    );
    // The summary was being posted when the deadline passed: nothing after it was sent.
    let ops = gh.write_ops();
    assert_eq!(
        ops.last().map(String::as_str),
        Some(CREATE_COMMENT),
        "{ops:?}"
    );
}

#[test]
fn a_rate_limit_longer_than_the_deadline_is_not_waited_out() {
    let gh = GitHubMock::start();
    let (repo, _) = weakening_pr(&gh);
    // GitHub asks for 10 s, within the retry budget of 20 s that the runs get, but past
    // the deadline of 2 s: the run stops at 2 s, and sends nothing during the limit (the
    // mock records any request in the window as a violation).
    gh.fail_next("GET", REVIEWS, Fault::too_many_requests(10));
    let (r, took) = run_with_deadline(&gh, &repo, "2");
    gh.assert_no_violations();
    let n = gh.number();
    stopped_at_deadline(
        &gh,
        &r,
        took,
        &format!("GET /repos/{}/pulls/{n}/reviews", gh.repository()),
    );
    assert!(
        took < Duration::from_secs(9),
        "waited out the limit: {took:?}"
    );
}

/// A pull request with one weakening per objective of `n` generated ones (each `>= 99.9%`
/// lowered to `>= 99.5%`), versioned.
fn many_weakenings_on(gh: &GitHubMock, n: usize) -> Repo {
    use crate::github::{SLA_PATH, bumped, fixture};
    let (repo, _) = Repo::with_base();
    let with = |target: &str| {
        use std::fmt::Write as _;
        let mut objectives = String::new();
        for i in 0..n {
            writeln!(objectives, "    - id: generated-{i}").unwrap();
            objectives.push_str("      service: crm-platform\n      indicator: availability\n");
            writeln!(
                objectives,
                "      target: \"{target}\"\n      window: month"
            )
            .unwrap();
        }
        fixture("acme-crm.sla.yaml").replacen(
            "  objectives:\n",
            &format!("  objectives:\n{objectives}"),
            1,
        )
    };
    repo.write(SLA_PATH, &with(">= 99.9%"));
    let base = repo.commit("many objectives");
    repo.git(&["checkout", "-q", "-b", "change"]);
    let head = repo.head(&bumped(&with(">= 99.5%")), "lower them all");
    gh.set_shas(&base, &head);
    gh.set_pr_files(repo.pr_files(&base, &head));
    repo
}

#[test]
fn thousands_of_findings_stay_within_github_s_limits_and_say_what_was_cut() {
    // 4,000 weakened targets: their findings as JSON are some 2 MB (500 bytes or so each),
    // over GitHub's 1 MiB for one output.
    let gh = GitHubMock::start();
    let repo = many_weakenings_on(&gh, 4000);
    let temp = tempfile::tempdir().unwrap();
    let r = run_in(
        &gh,
        &repo,
        "pull_request.synchronize.1",
        &[],
        &[("RUNNER_TEMP", temp.path().to_str().unwrap())],
    );
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    for (name, value) in &r.outputs {
        assert!(value.len() < MIB, "{name}: {} bytes", value.len());
    }
    assert!(r.step_summary.len() < MIB, "{}", r.step_summary.len());
    // Every finding counted, and what the output left out said in numbers.
    let total: usize = r.outputs["findings-total"].parse().unwrap();
    let omitted: usize = r.outputs["findings-omitted"].parse().unwrap();
    assert!(total >= 4000, "{total}");
    let kept = serde_json::from_str::<serde_json::Value>(&r.outputs["findings-json"])
        .unwrap()
        .as_array()
        .unwrap()
        .len();
    assert!(
        omitted > 0 && kept + omitted == total,
        "{kept} + {omitted} != {total}"
    );
    // The full list is in the runner's temporary directory, whole.
    let full = std::fs::read_to_string(temp.path().join("slagate-findings.json")).unwrap();
    // The whole list would not have fitted: the cap is what kept the output under 1 MiB.
    assert!(full.len() > MIB, "{} bytes", full.len());
    let full: serde_json::Value = serde_json::from_str(&full).unwrap();
    assert_eq!(full.as_array().unwrap().len(), total);
    assert!(
        r.stderr.contains("findings-json holds the first")
            || r.stdout.contains("findings-json holds the first"),
        "the cut is said: {}\n{}",
        r.stdout,
        r.stderr
    );
    // The summary comment is under GitHub's 65,536 characters.
    let s = crate::github::summaries(&gh);
    assert_eq!(s.len(), 1);
    assert!(s[0].body.chars().count() < 65_536);
    gh.assert_no_violations();
}
