//! The facts of a pull request the gate decides on: approvals that count, team memberships of
//! the approvers, and who added each label. Read through [`PullRequests`], decided by
//! [`crate::gate::evaluate`].
//!
//! - Reviews are listed in full (paginated). Per reviewer, the latest review that is
//!   `APPROVED`, `CHANGES_REQUESTED` or `DISMISSED` is their state, as on GitHub's own page: a
//!   later comment-only review does not withdraw an approval, a dismissal does. Whether an
//!   approval from before the latest push still counts is decided by content, not by GitHub:
//!   each approval carries its `commit_id`, and the caller fills in what changed since
//!   ([`crate::compare::since`]); until then it counts for nothing.
//! - The pull request's author never approves their own change.
//! - An `org/team` approver counts through the team-membership API (`active` only). A token
//!   that may not read the organization's teams gets 403/404, which counts as not a member and
//!   is said once.
//! - The override label counts only with who added it: the latest `labeled` event's actor.
//! - Any other failed read fails the whole collection: a partial list of reviews or events
//!   could turn a withdrawn approval or a removed label into one that counts.

use std::collections::HashMap;

use crate::gate::{Approval, LabelFact, PullRequestFacts, Since};

use super::api::{IssueEvent, Review};
use super::client::GitHubError;
use super::event::PullRequestEvent;
use super::pulls::{PullRef, PullRequests};

/// The approvals that count: per reviewer (never the author) the latest deciding review,
/// kept when it approves. Reviews come oldest first, as GitHub lists them.
pub fn latest_approvals(reviews: &[Review], author: &str) -> Vec<Approval> {
    let mut latest: HashMap<String, &Review> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    for r in reviews {
        let Some(user) = &r.user else { continue };
        if !matches!(
            r.state.as_str(),
            "APPROVED" | "CHANGES_REQUESTED" | "DISMISSED"
        ) {
            continue;
        }
        let key = user.login.to_ascii_lowercase();
        if !latest.contains_key(&key) {
            order.push(key.clone());
        }
        latest.insert(key, r);
    }
    order
        .into_iter()
        .filter_map(|k| latest.get(&k).copied())
        .filter(|r| r.state == "APPROVED")
        .filter_map(|r| r.user.as_ref().map(|u| (u, r)))
        .filter(|(u, _)| !u.login.eq_ignore_ascii_case(author))
        .map(|(u, r)| Approval {
            login: u.login.clone(),
            commit_id: r.commit_id.clone(),
            // Not judged yet: counts for nothing until the caller compares the reviewed
            // commit with the head (`crate::compare::since`).
            since: Since::Unreachable,
        })
        .collect()
}

/// `org/team` approver entries (an optional leading `@` is ignored), split.
pub fn team_slug(entry: &str) -> Option<(&str, &str)> {
    let (org, team) = entry.strip_prefix('@').unwrap_or(entry).split_once('/')?;
    let ok = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    };
    (ok(org) && ok(team)).then_some((org, team))
}

/// Who added each label last, from the issue's events (oldest first).
pub fn label_facts(labels: &[String], events: &[IssueEvent]) -> Vec<LabelFact> {
    labels
        .iter()
        .map(|name| LabelFact {
            name: name.clone(),
            added_by: events
                .iter()
                .rev()
                .find(|e| {
                    e.event == "labeled"
                        && e.label
                            .as_ref()
                            .is_some_and(|l| l.name.eq_ignore_ascii_case(name))
                })
                .and_then(|e| e.actor.as_ref().map(|a| a.login.clone())),
        })
        .collect()
}

/// Collects the facts. `approvers` are the approver entries of the base revision's documents
/// (logins and `org/team` slugs); `override_labels` are those the policy names. Returns the facts and
/// notices worth showing once (a team that could not be read).
pub async fn collect(
    client: &impl PullRequests,
    event: &PullRequestEvent,
    approvers: &[String],
    override_labels: &[&str],
) -> Result<(PullRequestFacts, Vec<String>), GitHubError> {
    let pr = PullRef::of(event);
    let mut notices = Vec::new();

    let reviews = client.list_reviews(pr).await?;
    let approvals = latest_approvals(&reviews, &event.author);

    let is_override = |name: &str| override_labels.iter().any(|l| l.eq_ignore_ascii_case(name));
    let wants_events = event.labels.iter().any(|n| is_override(n));
    let events = if wants_events {
        client.list_issue_events(pr).await?
    } else {
        Vec::new()
    };
    let labels = label_facts(&event.labels, &events);

    // Whose team membership matters: the approving reviewers and whoever added the
    // override label (never the author, who cannot approve anyway).
    let mut logins: Vec<String> = approvals.iter().map(|a| a.login.clone()).collect();
    for by in labels
        .iter()
        .filter(|f| is_override(&f.name))
        .filter_map(|f| f.added_by.clone())
    {
        if !by.eq_ignore_ascii_case(&event.author)
            && !logins.iter().any(|l| l.eq_ignore_ascii_case(&by))
        {
            logins.push(by);
        }
    }
    let mut team_members = Vec::new();
    let mut teams: Vec<&str> = approvers
        .iter()
        .map(String::as_str)
        .filter(|e| team_slug(e).is_some())
        .collect();
    teams.sort_unstable();
    teams.dedup();
    for entry in teams {
        let Some((org, team)) = team_slug(entry) else {
            continue;
        };
        let mut members = Vec::new();
        for login in &logins {
            match client.team_membership(org, team, login).await {
                Ok(m) if m.state == "active" => members.push(login.clone()),
                Ok(_) => {}
                Err(e) if e.status() == Some(404) => {}
                Err(e) if e.status() == Some(403) || e.status() == Some(401) => {
                    notices.push(format!(
                        "the token cannot read the members of the team `{org}/{team}` ({}): approvals through that team do not count; give the token the organization permission `members: read`",
                        e.github_message()
                    ));
                    break;
                }
                Err(e) => return Err(e),
            }
        }
        team_members.push((entry.to_string(), members));
    }

    Ok((
        PullRequestFacts {
            author: event.author.clone(),
            approvals,
            labels,
            team_members,
        },
        notices,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::github::api::{EventLabel, User};

    fn review(id: u64, login: &str, state: &str) -> Review {
        Review {
            id,
            user: Some(User {
                login: login.into(),
                kind: None,
            }),
            state: state.into(),
            commit_id: Some("c".into()),
            submitted_at: None,
            body: None,
        }
    }

    #[test]
    fn the_latest_deciding_review_counts() {
        let reviews = vec![
            review(1, "alice", "APPROVED"),
            review(2, "alice", "COMMENTED"),
            review(3, "bob", "APPROVED"),
            review(4, "bob", "DISMISSED"),
            review(5, "carol", "CHANGES_REQUESTED"),
            review(6, "carol", "APPROVED"),
            review(7, "Codertocat", "APPROVED"),
            review(8, "dave", "PENDING"),
            review(9, "erin", "APPROVED"),
            review(10, "erin", "CHANGES_REQUESTED"),
        ];
        let logins: Vec<String> = latest_approvals(&reviews, "codertocat")
            .into_iter()
            .map(|a| a.login)
            .collect();
        assert_eq!(logins, ["alice", "carol"]);
    }

    #[test]
    fn team_slugs_are_recognised() {
        assert_eq!(
            team_slug("acme-corp/procurement"),
            Some(("acme-corp", "procurement"))
        );
        assert_eq!(team_slug("@acme/sla"), Some(("acme", "sla")));
        assert_eq!(team_slug("jdoe"), None);
        assert_eq!(team_slug("a/../b"), None);
    }

    #[test]
    fn labels_know_who_added_them_last() {
        let ev = |event: &str, actor: &str, label: &str| IssueEvent {
            event: event.into(),
            actor: Some(User {
                login: actor.into(),
                kind: None,
            }),
            label: Some(EventLabel { name: label.into() }),
        };
        let events = vec![
            ev("labeled", "alice", "sla-change-approved"),
            ev("unlabeled", "bob", "sla-change-approved"),
            ev("labeled", "mallory", "sla-change-approved"),
        ];
        let facts = label_facts(&["sla-change-approved".into(), "bug".into()], &events);
        assert_eq!(facts[0].added_by.as_deref(), Some("mallory"));
        assert_eq!(facts[1].added_by, None);
    }

    mod through_the_trait {
        use crate::github::fake::{FakePullRequests, Op, block_on, event};

        use super::*;

        const LABEL: &str = "sla-change-approved";

        fn approvers() -> Vec<String> {
            vec!["jdoe".into(), "acme/sla".into(), "acme/sla".into()]
        }

        fn logins(facts: &PullRequestFacts) -> Vec<&str> {
            facts.approvals.iter().map(|a| a.login.as_str()).collect()
        }

        #[test]
        fn the_latest_review_per_reviewer_wins_and_the_author_never_counts() {
            let gh = FakePullRequests::new()
                .review("alice", "APPROVED")
                .review("alice", "COMMENTED")
                .review("bob", "APPROVED")
                .review("bob", "DISMISSED")
                .review("carol", "CHANGES_REQUESTED")
                .review("carol", "APPROVED")
                .review("Octocat", "APPROVED");
            let (facts, notices) =
                block_on(collect(&gh, &event("octocat", &[]), &[], &[LABEL])).unwrap();
            assert_eq!(logins(&facts), ["alice", "carol"]);
            assert_eq!(facts.author, "octocat");
            assert!(notices.is_empty(), "{notices:?}");
            // No override label on the pull request: its events are not read.
            let paths: Vec<String> = gh.calls().into_iter().map(|c| c.path).collect();
            assert_eq!(paths, ["/repos/octo/sla/pulls/2/reviews"]);
        }

        #[test]
        fn only_active_members_of_a_team_count_and_each_team_is_asked_once() {
            let gh = FakePullRequests::new()
                .review("alice", "APPROVED")
                .review("bob", "APPROVED")
                .review("carol", "APPROVED")
                .member("acme/sla", "alice", "active")
                .member("acme/sla", "bob", "pending");
            let (facts, _) =
                block_on(collect(&gh, &event("octocat", &[]), &approvers(), &[])).unwrap();
            assert_eq!(
                facts.team_members,
                [("acme/sla".to_string(), vec!["alice".to_string()])]
            );
            let asked = gh
                .calls()
                .iter()
                .filter(|c| c.path.starts_with("/orgs/"))
                .count();
            assert_eq!(asked, 3, "{:?}", gh.calls());
        }

        #[test]
        fn a_team_the_token_cannot_read_counts_nobody_and_is_said_once() {
            let gh = FakePullRequests::new()
                .review("alice", "APPROVED")
                .review("bob", "APPROVED")
                .member("acme/sla", "alice", "active")
                .fail(Op::TeamMembership, 403);
            let (facts, notices) = block_on(collect(
                &gh,
                &event("octocat", &[]),
                &["acme/sla".into()],
                &[],
            ))
            .unwrap();
            assert_eq!(facts.team_members, [("acme/sla".to_string(), vec![])]);
            assert_eq!(notices.len(), 1, "{notices:?}");
            assert!(notices[0].contains("`acme/sla`"), "{notices:?}");
            assert!(notices[0].contains("members: read"), "{notices:?}");
        }

        #[test]
        fn the_label_counts_with_who_added_it_last_and_their_team_is_asked() {
            let gh = FakePullRequests::new()
                .label_event("labeled", "alice", LABEL)
                .label_event("unlabeled", "alice", LABEL)
                .label_event("labeled", "mallory", LABEL)
                .member("acme/sla", "mallory", "active");
            let (facts, _) = block_on(collect(
                &gh,
                &event("octocat", &[LABEL, "bug"]),
                &["acme/sla".into()],
                &[LABEL],
            ))
            .unwrap();
            assert_eq!(facts.labels[0].added_by.as_deref(), Some("mallory"));
            assert_eq!(facts.labels[1].added_by, None);
            assert_eq!(
                facts.team_members,
                [("acme/sla".to_string(), vec!["mallory".to_string()])]
            );
            assert!(facts.approvals.is_empty());
        }

        #[test]
        fn an_author_who_adds_the_label_is_not_looked_up() {
            let gh = FakePullRequests::new()
                .label_event("labeled", "octocat", LABEL)
                .member("acme/sla", "octocat", "active");
            let (facts, _) = block_on(collect(
                &gh,
                &event("octocat", &[LABEL]),
                &["acme/sla".into()],
                &[LABEL],
            ))
            .unwrap();
            assert_eq!(facts.team_members, [("acme/sla".to_string(), vec![])]);
            assert!(
                gh.calls().iter().all(|c| !c.path.starts_with("/orgs/")),
                "{:?}",
                gh.calls()
            );
        }

        #[test]
        fn a_failed_read_fails_closed() {
            let ev = event("octocat", &[LABEL]);
            let approvers = ["acme/sla".to_string()];
            for (op, status) in [
                (Op::ListReviews, 502),
                (Op::ListIssueEvents, 500),
                (Op::TeamMembership, 503),
                (Op::ListReviews, 404),
            ] {
                let gh = FakePullRequests::new()
                    .review("alice", "APPROVED")
                    .member("acme/sla", "alice", "active")
                    .label_event("labeled", "alice", LABEL)
                    .fail(op, status);
                let got = block_on(collect(&gh, &ev, &approvers, &[LABEL]));
                let err = got.expect_err("a partial list must not become facts");
                assert_eq!(err.status(), Some(status), "{op:?}");
            }
        }
    }
}
