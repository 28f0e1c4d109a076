//! Step 3 and 4 of the gate: a weakening needs approvals, and who may give them.
//!
//! A finding counts as a weakening (`needs_review`) when its class is `weakened` or
//! `removed`, or when it is `changed` at the failing level (a flipped comparator cannot be
//! compared, so the parties must look); a rule turned `off` counts for nothing. It needs the
//! approvals `weakeningNeeds` asks for: one approver of each party, the provider's, or none.
//! A document's parties are those of its base revision (a removed document's too); a new
//! document has no base, so its own are shown, though nothing in it can be weakened. A
//! `policy-weakened` finding needs the same approvals from every party named in any document
//! of the base revision (`policy_parties`): the policy governs all of them. Locally there
//! are no reviews: what the change will need is a warning. The docs of `approval-missing` are
//! here, beside the check.
//!
//! Pure: reviews, labels and team memberships come in as [`PullRequestFacts`], collected by
//! the caller. The approver lists are always the base revision's, so a pull request cannot
//! name its own approvers. Logins and team slugs compare case-insensitively (GitHub treats
//! them so), a leading `@` is ignored, and the pull request's author never counts.

use std::collections::HashSet;
use std::sync::Arc;

use super::{DocumentDecision, Missing, PartyRole, PartyStatus, PullRequestFacts, Stage, Subject};
use crate::diagnostic::{Class, Code, Diagnostic, Level, Span};
use crate::model::{Party, SlaDocument};
use crate::policy::{ChangeControl, Policy, WeakeningNeeds};
use crate::text::backticked;

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

/// Whether a change finding is one the parties must approve.
pub(super) fn needs_review(d: &Diagnostic, policy: &Policy) -> bool {
    match d.change.as_ref().map(|c| c.class) {
        Some(Class::Weakened | Class::Removed) => true,
        Some(Class::Changed) => policy.fail_on.fails(d.level),
        _ => false,
    }
}

/// One party whose approval may be needed, as the base revision names it.
pub(super) struct PartyRef {
    role: PartyRole,
    name: String,
    approvers: Vec<String>,
    /// Where to point a finding about it.
    file: Arc<str>,
    span: Span,
    path: String,
}

impl PartyRef {
    fn of(doc: &SlaDocument, role: PartyRole) -> PartyRef {
        let (party, key): (&Party, &str) = match role {
            PartyRole::Provider => (&doc.spec.provider, "provider"),
            PartyRole::Customer => (&doc.spec.customer, "customer"),
        };
        PartyRef {
            role,
            name: party.name.value.clone(),
            approvers: party.approvers.iter().map(|a| a.value.clone()).collect(),
            file: doc.file.clone(),
            span: party.approvers.first().map_or(party.name.span, |a| a.span),
            path: format!("/spec/parties/{key}/approvers"),
        }
    }
}

/// The provider and the customer of `doc`, whose approvals a weakening of it needs.
pub(super) fn document_parties(doc: &SlaDocument) -> Vec<PartyRef> {
    vec![
        PartyRef::of(doc, PartyRole::Provider),
        PartyRef::of(doc, PartyRole::Customer),
    ]
}

/// Every party of `repository` and then of `base` (each document once, by id), grouped by
/// role and name (case-insensitively) with their approvers merged; findings about them point
/// at `first`, the first loosening of the policy.
pub(super) fn policy_parties(
    repository: &[SlaDocument],
    base: &[SlaDocument],
    first: &Diagnostic,
) -> Vec<PartyRef> {
    let mut parties: Vec<PartyRef> = Vec::new();
    let mut seen: HashSet<&str> = repository.iter().map(|d| d.id.value.as_str()).collect();
    let docs = repository
        .iter()
        .chain(base.iter().filter(|d| seen.insert(d.id.value.as_str())));
    for doc in docs {
        for p in document_parties(doc) {
            match parties
                .iter_mut()
                .find(|q| q.role == p.role && q.name.to_lowercase() == p.name.to_lowercase())
            {
                Some(q) => {
                    for a in p.approvers {
                        if !q.approvers.iter().any(|x| x.eq_ignore_ascii_case(&a)) {
                            q.approvers.push(a);
                        }
                    }
                }
                None => parties.push(p),
            }
        }
    }
    for p in &mut parties {
        p.file = first.file.clone();
        p.span = first.span;
        p.path
            .clone_from(first.path.as_ref().expect("policy findings have a path"));
    }
    parties
}

/// Fills the approval status of `parties` into `decision` (and the override, when its label
/// accepted the weakening), and returns the approvals still missing, each with its finding.
/// `facts` is `None` locally, where nobody has approved yet.
pub(super) fn check(
    decision: &mut DocumentDecision,
    parties: &[PartyRef],
    cc: &ChangeControl,
    facts: Option<&PullRequestFacts>,
) -> Vec<(Diagnostic, Missing)> {
    let needs = cc.weakening_needs;
    if needs == WeakeningNeeds::None {
        return Vec::new();
    }
    let everyone: Vec<String> = parties
        .iter()
        .flat_map(|p| p.approvers.iter().cloned())
        .collect();
    if let (Some(label), Some(facts)) = (&cc.override_label, facts) {
        if let Some(by) = override_by(label, &everyone, facts) {
            decision.overridden_by = Some((label.clone(), by));
        }
    }
    let mut missing = Vec::new();
    for p in parties {
        let needed = needs == WeakeningNeeds::Parties || p.role == PartyRole::Provider;
        let approved = facts
            .map(|f| approved_by(&p.approvers, f))
            .unwrap_or_default();
        let unapproved = needed && approved.is_empty() && decision.overridden_by.is_none();
        decision.parties.push(PartyStatus {
            role: p.role,
            name: p.name.clone(),
            needed,
            approvers: p.approvers.clone(),
            approved_by: approved,
        });
        if unapproved {
            let stage = if facts.is_some() {
                Stage::PullRequest
            } else {
                Stage::Local
            };
            missing.push(approval_missing(decision, p, cc, stage));
        }
    }
    missing
}

/// The `approval-missing` finding about `p`, and the fact behind it.
fn approval_missing(
    decision: &DocumentDecision,
    p: &PartyRef,
    cc: &ChangeControl,
    stage: Stage,
) -> (Diagnostic, Missing) {
    let what = match decision.subject {
        Subject::Document => format!("`{}`", decision.document),
        Subject::Policy => "the policy change".to_string(),
    };
    let role = match p.role {
        PartyRole::Provider => "provider",
        PartyRole::Customer => "customer",
    };
    let mut help = if p.approvers.is_empty() {
        format!(
            "the base revision names no approvers for `{}`: add them in a separate change first",
            p.name
        )
    } else {
        format!(
            "an approving review from one of {}",
            backticked(&p.approvers, usize::MAX)
        )
    };
    if let (Some(label), false) = (&cc.override_label, p.approvers.is_empty()) {
        help = format!("{help}, or the label `{label}` added by one of the approvers");
    }
    let (message, level) = match stage {
        Stage::PullRequest => (
            format!("{what} needs an approval of `{}` ({role})", p.name),
            Level::Error,
        ),
        Stage::Local => (
            format!(
                "{what} will need an approval of `{}` ({role}) on the pull request",
                p.name
            ),
            Level::Warning,
        ),
    };
    let mut d = Diagnostic::new(Code::ApprovalMissing, p.file.clone(), p.span, message)
        .with_path(p.path.clone())
        .with_help(help);
    d.level = level;
    if decision.subject == Subject::Document {
        d = d.with_document(decision.document.clone());
    }
    let missing = Missing::Approval {
        subject: decision.subject,
        document: decision.document.clone(),
        role: p.role,
        party: p.name.clone(),
        approvers: p.approvers.clone(),
        stage,
    };
    (d, missing)
}

pub(crate) const APPROVAL_MISSING: &str = "\
## What it checks
A weakening (a finding of class `weakened` or `removed`, or `changed` at the failing level)
or a `policy-weakened` finding without the approvals `changeControl.weakeningNeeds` asks for:
an approving review from one of the `approvers` of each party (`parties`, the default), of the
provider (`provider`), or none (`none`). The approvers are those of the base revision; a team
slug (`org/team`) counts for its members; the pull request's author never counts. The
`overrideLabel`, when the base policy names one, accepts the weakening if one of the
approvers added it.

On a pull request this is an error and the verdict is `needs-approval`. Locally
(`slagate check`, pre-commit) it is a warning that says which approvals the change will need,
and it does not fail the check.

## Why is this bad?
An SLA is amended only through change control both parties agree to: a weaker promise to the
customer must be accepted by the customer, not just written by the provider.

## Example
```yaml
spec:
  parties:
    customer:
      name: Acme Corp
      approvers: [acme-corp/procurement]
  objectives:
    - id: availability
      target: \">= 99.5%\"   # was 99.9%: approval-missing until a member of
                             # acme-corp/procurement approves the pull request
```";

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
