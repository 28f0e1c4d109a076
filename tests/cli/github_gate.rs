//! `slagate github` keeps the promise of change control (issue 9): every amendment is agreed
//! by the parties it binds, on the content they approved.
//!
//! Each scenario is a real repository with real commits, the real binary, and the local GitHub
//! that checks every request against GitHub's REST description (`checked`). An approval is of
//! the agreement as it stood on the reviewed commit: a later push that changes the agreement
//! voids it, one that changes nothing the gate reads keeps it, and one on a commit that is gone
//! counts for nothing. Every class of change needs the parties `changeControl.approvals` names:
//! a strengthening the provider, a weakening or a change of meaning both.

use crate::github::{
    CREATE_COMMENT, CREATE_REVIEW, DELETE_REVIEW_COMMENT, Repo, Run, SLA_PATH, SUBMIT_REVIEW,
    UPDATE_COMMENT, bumped, checked, fixture, run, summaries,
};
use crate::github_mock::GitHubMock;

/// The agreement with `edits` applied (each `from` must be there), versioned.
fn amended(edits: &[(&str, &str)]) -> String {
    let mut text = fixture("acme-crm.sla.yaml");
    for (from, to) in edits {
        assert!(text.contains(from), "{from}");
        text = text.replacen(from, to, 1);
    }
    bumped(&text)
}

const LOWERED_A_LITTLE: (&str, &str) = ("target: \">= 99.9%\"", "target: \">= 99.89%\"");
const LOWERED_A_LOT: (&str, &str) = ("target: \">= 99.9%\"", "target: \">= 50%\"");
const LATENCY_LOWERED: (&str, &str) = ("target: \"<= 500ms\"", "target: \"<= 400ms\"");

/// A pull request from `base` to a head with `sla`, the mock pointed at it.
fn pull_request(sla: &str) -> (GitHubMock, Repo, String, String) {
    let gh = GitHubMock::start();
    let (repo, base) = Repo::with_base();
    repo.git(&["checkout", "-q", "-b", "change"]);
    let head = repo.head(sla, "amend");
    gh.set_shas(&base, &head);
    gh.set_pr_files(repo.pr_files(&base, &head));
    gh.set_team_members("acme-corp", "procurement", &["carol"]);
    (gh, repo, base, head)
}

/// Both parties approve `commit`: jdoe for the provider, carol (acme-corp/procurement) for
/// the customer.
fn both_approve(gh: &GitHubMock, commit: &str) {
    gh.add_review("jdoe", "APPROVED", commit);
    gh.add_review("carol", "APPROVED", commit);
}

/// Runs the gate, checks every request and the token, and asserts the exit code and verdict;
/// `why` is printed with the run when they differ.
fn judged(gh: &GitHubMock, repo: &Repo, fixture: &str, want: (i32, &str), why: &str) -> Run {
    let r = run(gh, repo, fixture);
    checked(gh, &r);
    assert_eq!(
        (r.code, r.outputs["verdict"].as_str()),
        want,
        "{why} {r:#?}"
    );
    r
}

fn short(repo: &Repo, id: &str) -> String {
    repo.git(&["rev-parse", "--short", id]).trim().to_string()
}

fn summary(gh: &GitHubMock) -> String {
    let s = summaries(gh);
    assert_eq!(s.len(), 1, "one summary comment");
    s[0].body.clone()
}

#[test]
fn an_approval_is_voided_by_a_later_change_of_the_agreement() {
    // Both parties approve 99.9% -> 99.89%; the author then pushes 99.9% -> 50%.
    let (gh, repo, base, approved) = pull_request(&amended(&[LOWERED_A_LITTLE]));
    both_approve(&gh, &approved);
    judged(
        &gh,
        &repo,
        "pull_request_review.submitted.1",
        (0, "pass"),
        "",
    );

    let worse = repo.head(&amended(&[LOWERED_A_LOT]), "lower it a lot more");
    gh.push(&worse);
    gh.set_pr_files(repo.pr_files(&base, &worse));
    judged(
        &gh,
        &repo,
        "pull_request.synchronize.1",
        (1, "needs-approval"),
        "GitHub kept the approvals, the gate does not",
    );
    let body = summary(&gh);
    for who in ["jdoe", "carol"] {
        let line = format!(
            "The approval of `{who}` on `{}` no longer counts: `availability` changed in `{}`",
            short(&repo, &approved),
            short(&repo, &worse)
        );
        assert!(body.contains(&line), "{line}\n{body}");
    }
    // The first run posted the review and the summary; this one deletes the inline comment
    // on the finding that is gone (99.89%), comments on the new one, and edits the summary.
    assert_eq!(
        gh.write_ops(),
        [
            CREATE_REVIEW,
            SUBMIT_REVIEW,
            CREATE_COMMENT,
            DELETE_REVIEW_COMMENT,
            CREATE_REVIEW,
            SUBMIT_REVIEW,
            UPDATE_COMMENT
        ]
    );
}

#[test]
fn a_push_that_changes_nothing_the_gate_reads_keeps_every_approval() {
    let (gh, repo, base, approved) = pull_request(&amended(&[LOWERED_A_LITTLE]));
    both_approve(&gh, &approved);
    // A README, and a comment and re-indentation in the agreement: nothing the gate reads.
    repo.write("README.md", "# Contracts\n");
    let restyled = amended(&[LOWERED_A_LITTLE]).replacen(
        "  objectives:\n",
        "  # Reviewed with procurement.\n  objectives:\n",
        1,
    );
    let later = repo.head(&restyled, "docs and a comment");
    gh.push(&later);
    gh.set_pr_files(repo.pr_files(&base, &later));
    judged(&gh, &repo, "pull_request.synchronize.1", (0, "pass"), "");
    let body = summary(&gh);
    assert!(
        body.contains(&format!("`jdoe` on `{}`", short(&repo, &approved))),
        "who approved and on which commit: {body}"
    );
    assert!(!body.contains("no longer counts"), "{body}");
}

#[test]
fn an_approval_on_a_commit_that_is_gone_counts_for_nothing() {
    // A force-push replaced the reviewed commit, and it is not in the clone.
    let (gh, repo, _, _) = pull_request(&amended(&[LOWERED_A_LITTLE]));
    let gone = "0123456789abcdef0123456789abcdef01234567";
    both_approve(&gh, gone);
    judged(
        &gh,
        &repo,
        "pull_request_review.submitted.1",
        (1, "needs-approval"),
        "",
    );
    let body = summary(&gh);
    assert!(
        body.contains("The approval of `jdoe` on `0123456` no longer counts: that commit is no longer in the repository"),
        "{body}"
    );
}

#[test]
fn an_approval_on_a_force_pushed_commit_still_in_the_clone_is_judged_by_content() {
    let (gh, repo, base, approved) = pull_request(&amended(&[LOWERED_A_LITTLE]));
    both_approve(&gh, &approved);
    // The author rewrites the commit (same content, new message): the reviewed commit is no
    // longer in the pull request, but it is still readable and says the same.
    repo.git(&["commit", "-q", "--amend", "-m", "amend, reworded"]);
    let rewritten = repo.git(&["rev-parse", "HEAD"]).trim().to_string();
    assert_ne!(rewritten, approved);
    gh.set_shas(&base, &rewritten);
    judged(&gh, &repo, "pull_request.synchronize.1", (0, "pass"), "");

    // Rewritten again, now with a worse target: the old approvals are void.
    repo.write(SLA_PATH, &amended(&[LOWERED_A_LOT]));
    repo.git(&["commit", "-q", "-a", "--amend", "-m", "amend, worse"]);
    let worse = repo.git(&["rev-parse", "HEAD"]).trim().to_string();
    gh.set_shas(&base, &worse);
    let r = run(&gh, &repo, "pull_request.synchronize.1");
    checked(&gh, &r);
    assert_eq!(r.outputs["verdict"], "needs-approval", "");
}

#[test]
fn a_change_of_the_policy_file_voids_every_approval() {
    let (gh, repo, base, approved) = pull_request(&amended(&[LOWERED_A_LITTLE]));
    both_approve(&gh, &approved);
    repo.write(
        ".slagate.yaml",
        "include: [\"policies/**/*.sla.yaml\"]\nchangeControl:\n  overrideLabel: sla-change-approved\n  requireChangelog: true\n",
    );
    let later = repo.commit("policy touched");
    gh.push(&later);
    gh.set_pr_files(repo.pr_files(&base, &later));
    let r = run(&gh, &repo, "pull_request.synchronize.1");
    checked(&gh, &r);
    assert_eq!(r.outputs["verdict"], "needs-approval", "");
    let body = summary(&gh);
    assert!(
        body.contains(&format!(
            "no longer counts: the policy file changed in `{}`",
            short(&repo, &later)
        )),
        "{body}"
    );
}

#[test]
fn a_pull_request_that_only_strengthens_still_needs_the_provider() {
    let (gh, repo, _, head) = pull_request(&amended(&[LATENCY_LOWERED]));
    // Only the customer approves: the provider is handed a stricter target unasked.
    gh.add_review("carol", "APPROVED", &head);
    judged(
        &gh,
        &repo,
        "pull_request_review.submitted.1",
        (1, "needs-approval"),
        "",
    );
    let body = summary(&gh);
    assert!(
        body.contains("approval of Northwind Cloud (provider), for the strengthened findings: waiting for one of"),
        "{body}"
    );
    // The customer's approval is not asked for a strengthening.
    assert!(!body.contains("approval of Acme Corp (customer)"), "{body}");
    gh.add_review("jdoe", "APPROVED", &head);
    judged(
        &gh,
        &repo,
        "pull_request_review.submitted.1",
        (0, "pass"),
        "",
    );
}

#[test]
fn every_material_change_needs_both_parties() {
    // (what, edit, the rule that must report it)
    let cases: &[(&str, (&str, &str), &str)] = &[
        (
            "the term shortened",
            ("until: 2028-12-31", "until: 2027-12-31"),
            "term-shortened",
        ),
        (
            "an objective moved to another service",
            (
                "service: support\n      indicator: response-time",
                "service: crm-platform\n      indicator: response-time",
            ),
            "objective-scope-changed",
        ),
        (
            "an exclusion reworded",
            (
                "Maintenance announced at least 72 hours ahead.",
                "Maintenance announced ahead of time.",
            ),
            "text-changed",
        ),
        (
            "a cancellation condition reworded",
            (
                "Either party, with 90 days' written notice",
                "Either party, with 30 days' written notice",
            ),
            "cancellation-changed",
        ),
        (
            "the dispute process reworded",
            (
                "then mediation.",
                "then binding arbitration chosen by the provider.",
            ),
            "text-changed",
        ),
        (
            "a provider duty reworded",
            (
                "Notify the customer of incidents within 30 minutes",
                "Notify the customer of incidents within 4 hours",
            ),
            "text-changed",
        ),
    ];
    for (what, edit, rule) in cases {
        let (gh, repo, _, head) = pull_request(&amended(&[*edit]));
        gh.add_review("jdoe", "APPROVED", &head);
        let r = run(&gh, &repo, "pull_request_review.submitted.1");
        checked(&gh, &r);
        let findings: serde_json::Value =
            serde_json::from_str(&r.outputs["findings-json"]).unwrap();
        let rules: Vec<&str> = findings
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|f| f["rule"].as_str())
            .collect();
        assert!(rules.contains(rule), "{what}: {rules:?}");
        assert_eq!(
            (r.code, r.outputs["verdict"].as_str()),
            (1, "needs-approval"),
            "{what}: the provider alone is not enough: {r:#?}"
        );
        assert!(
            summary(&gh).contains("approval of Acme Corp (customer)"),
            "{what}"
        );
        gh.add_review("carol", "APPROVED", &head);
        let r = run(&gh, &repo, "pull_request_review.submitted.1");
        checked(&gh, &r);
        assert_eq!(r.outputs["verdict"], "pass", "{what}: {r:#?}");
    }
}

#[test]
fn a_holiday_on_a_weekend_changes_nothing_and_needs_nobody() {
    // 2026-12-26 is a Saturday; the business-hours calendar covers Monday to Friday only.
    let (gh, repo, _, _) = pull_request(&amended(&[(
        "        - 2026-12-25\n",
        "        - 2026-12-25\n        - 2026-12-26\n",
    )]));
    let r = judged(&gh, &repo, "pull_request.opened.1", (0, "pass"), "");
    assert_eq!(r.outputs["findings-json"], "[]", "");
}

#[test]
fn one_calendar_change_is_one_finding_whatever_uses_it() {
    // A second objective on the business-hours calendar, in the base and the head.
    let second = "    - id: support-response-high\n      service: support\n      indicator: response-time\n      severity: high\n      target: \"<= 4h\"\n      hours: business-hours\n  exclusions:\n";
    let gh = GitHubMock::start();
    let (repo, _) = Repo::with_base();
    let with_second = fixture("acme-crm.sla.yaml").replacen("  exclusions:\n", second, 1);
    repo.write(SLA_PATH, &with_second);
    let base = repo.commit("a second objective on business hours");
    repo.git(&["checkout", "-q", "-b", "change"]);
    let shorter = bumped(&with_second.replacen("to: \"18:00\"", "to: \"17:00\"", 1));
    let head = repo.head(&shorter, "shorter business hours");
    gh.set_shas(&base, &head);
    gh.set_pr_files(repo.pr_files(&base, &head));
    let r = run(&gh, &repo, "pull_request.opened.1");
    checked(&gh, &r);
    let findings: serde_json::Value = serde_json::from_str(&r.outputs["findings-json"]).unwrap();
    let hours: Vec<&serde_json::Value> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "hours-weakened")
        .collect();
    assert_eq!(hours.len(), 1, "{findings:#}");
    let message = hours[0]["message"].as_str().unwrap();
    for objective in ["support-response-critical", "support-response-high"] {
        assert!(message.contains(objective), "{message}");
    }
    assert_eq!(r.outputs["verdict"], "needs-approval");
}

#[test]
fn an_override_lets_the_provider_alone_amend_a_published_sla() {
    let gh = GitHubMock::start();
    let (repo, _) = Repo::with_base();
    // The published SLA: its customer is anyone, so a weakening needs the provider only.
    repo.write(
        ".slagate.yaml",
        "include: [\"policies/**/*.sla.yaml\"]\noverrides:\n  - documents: [\"id:acme-*\"]\n    changeControl: {approvals: {weakened: [provider], changed: [provider]}}\n",
    );
    let base = repo.commit("published SLAs need the provider only");
    repo.git(&["checkout", "-q", "-b", "change"]);
    let head = repo.head(&amended(&[LOWERED_A_LITTLE]), "lower availability");
    gh.set_shas(&base, &head);
    gh.set_pr_files(repo.pr_files(&base, &head));
    gh.add_review("jdoe", "APPROVED", &head);
    judged(
        &gh,
        &repo,
        "pull_request_review.submitted.1",
        (0, "pass"),
        "",
    );
    assert!(!summary(&gh).contains("approval of Acme Corp (customer)"));
}

#[test]
fn an_override_cannot_be_loosened_by_the_pull_request_that_uses_it() {
    let (gh, repo, base, _) = pull_request(&amended(&[LOWERED_A_LITTLE]));
    repo.write(
        ".slagate.yaml",
        "include: [\"policies/**/*.sla.yaml\"]\nchangeControl:\n  overrideLabel: sla-change-approved\noverrides:\n  - documents: [\"policies/**\"]\n    changeControl: {approvals: {weakened: []}}\n",
    );
    let head = repo.commit("no approvals for anything");
    gh.set_shas(&base, &head);
    gh.set_pr_files(repo.pr_files(&base, &head));
    let r = run(&gh, &repo, "pull_request.opened.1");
    checked(&gh, &r);
    assert_eq!(r.outputs["verdict"], "needs-approval", "");
    let findings: serde_json::Value = serde_json::from_str(&r.outputs["findings-json"]).unwrap();
    assert!(
        findings
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "policy-weakened"
                && f["message"]
                    .as_str()
                    .unwrap()
                    .contains("approvals.weakened")),
        "{findings:#}"
    );
}
