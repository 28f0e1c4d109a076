//! Who may approve a weakening, and whether they did.
//!
//! Pure: reviews, labels and team memberships come in as [`PullRequestFacts`], collected by
//! the caller. The approver lists are always the base revision's, so a pull request cannot
//! name its own approvers. Logins and team slugs compare case-insensitively (GitHub treats
//! them so), a leading `@` is ignored, and the pull request's author never counts.

use super::PullRequestFacts;

/// `login` as compared: without a leading `@`, lowercase.
fn norm(login: &str) -> String {
    login.trim().trim_start_matches('@').to_lowercase()
}

/// Whether `entry` is a team slug (`org/team`) rather than a login.
pub fn is_team(entry: &str) -> bool {
    entry.contains('/')
}

/// Whether `login` may approve as `entry`: the same login, or a member of the team `entry`
/// (as the caller resolved it into [`PullRequestFacts::team_members`]).
pub fn may_approve_as(entry: &str, login: &str, facts: &PullRequestFacts) -> bool {
    let (entry, login) = (norm(entry), norm(login));
    if !is_team(&entry) {
        return entry == login;
    }
    facts
        .team_members
        .iter()
        .filter(|(slug, _)| norm(slug) == entry)
        .any(|(_, members)| members.iter().any(|m| norm(m) == login))
}

/// Whether `login` is the pull request's author, who never approves their own change.
pub fn is_author(login: &str, facts: &PullRequestFacts) -> bool {
    !facts.author.is_empty() && norm(login) == norm(&facts.author)
}

/// The reviewers whose approval counts for a party with `approvers`: logins of approving
/// reviews that match an entry, without the author, in review order, each once.
pub fn approved_by(approvers: &[String], facts: &PullRequestFacts) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for a in &facts.approvals {
        if is_author(&a.login, facts) || out.iter().any(|o| norm(o) == norm(&a.login)) {
            continue;
        }
        if approvers.iter().any(|e| may_approve_as(e, &a.login, facts)) {
            out.push(a.login.clone());
        }
    }
    out
}

/// Who added the override `label`, when that accepts the weakening: the label is on the
/// pull request and was added by someone who may approve as one of `approvers` (any
/// party's), who is not the author.
pub fn override_by(label: &str, approvers: &[String], facts: &PullRequestFacts) -> Option<String> {
    let fact = facts
        .labels
        .iter()
        .find(|l| l.name.eq_ignore_ascii_case(label))?;
    let by = fact.added_by.as_deref()?;
    (!is_author(by, facts) && approvers.iter().any(|e| may_approve_as(e, by, facts)))
        .then(|| by.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gate::{Approval, LabelFact};

    fn facts() -> PullRequestFacts {
        PullRequestFacts {
            author: "Mallory".into(),
            approvals: ["JDoe", "mallory", "eve", "carol"]
                .map(|l| Approval {
                    login: l.into(),
                    commit_id: None,
                })
                .to_vec(),
            labels: vec![
                LabelFact {
                    name: "SLA-Change-Approved".into(),
                    added_by: Some("jdoe".into()),
                },
                LabelFact {
                    name: "by-author".into(),
                    added_by: Some("mallory".into()),
                },
                LabelFact {
                    name: "unknown-adder".into(),
                    added_by: None,
                },
            ],
            team_members: vec![(
                "Acme-Corp/Procurement".into(),
                vec!["Carol".into(), "mallory".into()],
            )],
        }
    }

    fn list(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_string()).collect()
    }

    #[test]
    fn approvers_match_by_login_or_team_case_insensitively() {
        let f = facts();
        let cases: &[(&str, &str, bool)] = &[
            ("jdoe", "JDoe", true),
            ("@jdoe", "jdoe", true),
            ("jdoe", "eve", false),
            ("acme-corp/procurement", "carol", true),
            ("ACME-CORP/procurement", "CAROL", true),
            ("acme-corp/procurement", "eve", false),
            ("acme-corp/legal", "carol", false),
            // A login equal to a team's name is not the team.
            ("acme-corp/procurement", "acme-corp/procurement", false),
        ];
        for (entry, login, want) in cases {
            assert_eq!(may_approve_as(entry, login, &f), *want, "{entry} / {login}");
        }
    }

    #[test]
    fn the_author_never_approves() {
        let f = facts();
        let cases: &[(&[&str], &[&str])] = &[
            (&["jdoe"], &["JDoe"]),
            (&["mallory"], &[]),
            (&["acme-corp/procurement"], &["carol"]),
            (
                &["jdoe", "acme-corp/procurement", "eve"],
                &["JDoe", "eve", "carol"],
            ),
            (&[], &[]),
        ];
        for (approvers, want) in cases {
            assert_eq!(
                approved_by(&list(approvers), &f),
                list(want),
                "{approvers:?}"
            );
        }
    }

    #[test]
    fn the_override_label_counts_only_when_an_approver_added_it() {
        let f = facts();
        let cases: &[(&str, &[&str], Option<&str>)] = &[
            ("sla-change-approved", &["jdoe"], Some("jdoe")),
            ("sla-change-approved", &["eve"], None),
            ("by-author", &["mallory"], None),
            ("unknown-adder", &["jdoe"], None),
            ("absent", &["jdoe"], None),
        ];
        for (label, approvers, want) in cases {
            assert_eq!(
                override_by(label, &list(approvers), &f).as_deref(),
                *want,
                "{label}"
            );
        }
    }
}
