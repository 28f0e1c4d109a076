//! Step 3 and 4 of the gate: every class of change needs the parties it binds, and who may
//! give their approval.
//!
//! Each finding of a subject has a class ([`ChangeClass::of`]: `weakened` with removals,
//! `strengthened` with additions, `changed`); a rule turned `off` has no finding and counts for
//! nothing. For each class present, `changeControl.approvals` (of the document's override, when
//! one matches) names the parties that must each approve: by default both for a weakening or a
//! change, the provider for a strengthening. A finding on an objective the customer owes
//! (`owedBy: customer`, [`customer_owed`]) is judged for the provider, so it binds the other
//! party: what the policy names for the provider is asked of the customer, and the other way
//! round (by default a strengthening of it needs the customer). A document's parties are those of its base
//! revision (a removed document's too); a new document has no base, so its own are asked. A
//! `policy-weakened` finding needs the top-level `approvals.weakened` parties, from every party
//! named in any document of the base revision (`policy_parties`): the policy governs all of
//! them. Locally there are no reviews: what the change will need is a warning. The docs of
//! `approval-missing` are here, beside the check.
//!
//! An approval is of the agreement as it stood on the reviewed commit: it counts for a subject
//! only while nothing of it changed since ([`super::reviewed`]); the others are recorded as
//! voided, with why.
//!
//! Pure: reviews, labels and team memberships come in as [`PullRequestFacts`], collected by
//! the caller. The approver lists are always the base revision's, so a pull request cannot
//! name its own approvers. Logins and team slugs compare case-insensitively (GitHub treats
//! them so), a leading `@` is ignored, and the pull request's author never counts.

use std::collections::HashSet;
use std::sync::Arc;

use super::reviewed::{self, Given, Voided};
use super::{DocumentDecision, Missing, PartyRole, PartyStatus, PullRequestFacts, Stage, Subject};
use crate::diagnostic::{Code, Diagnostic, Level, Span};
use crate::model::{OwedBy, Party, SlaDocument};
use crate::policy::{ChangeClass, ChangeControl};
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

/// The approvals of a party with `approvers` for the subject `document`: those that count
/// (logins of approving reviews that match an entry, without the author, in review order,
/// each once) and those voided by a change since their commit.
pub fn approvals_for(
    approvers: &[String],
    facts: &PullRequestFacts,
    subject: Subject,
    document: &str,
) -> (Vec<Given>, Vec<Voided>) {
    let mut given: Vec<Given> = Vec::new();
    let mut voided: Vec<Voided> = Vec::new();
    for a in &facts.approvals {
        if is_author(&a.login, facts)
            || given.iter().any(|o| norm(&o.login) == norm(&a.login))
            || !approvers.iter().any(|e| may_approve_as(e, &a.login, facts))
        {
            continue;
        }
        match reviewed::void(a, subject, document) {
            None => given.push(Given {
                login: a.login.clone(),
                commit: a.commit_id.clone(),
            }),
            Some(why) => voided.push(Voided {
                login: a.login.clone(),
                commit: a.commit_id.clone(),
                why,
            }),
        }
    }
    (given, voided)
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

/// How many findings of each class of change `findings` hold (classes with none left out).
pub(super) fn classes<'a>(
    findings: impl Iterator<Item = &'a Diagnostic>,
) -> Vec<(ChangeClass, usize)> {
    let mut counts = [0usize; 3];
    for d in findings {
        if let Some(c) = &d.change {
            let class = ChangeClass::of(c.class);
            counts[ChangeClass::ALL
                .iter()
                .position(|k| *k == class)
                .expect("a class")] += 1;
        }
    }
    ChangeClass::ALL
        .into_iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// Whether `finding` is about an objective the customer owes (`owedBy: customer` in the head
/// revision, or in the base for a removed objective): its weaker and stronger are the
/// provider's, so it binds the other party.
pub(super) fn customer_owed(
    finding: &Diagnostic,
    base: Option<&SlaDocument>,
    head: Option<&SlaDocument>,
) -> bool {
    let Some(id) = finding.objective.as_deref() else {
        return false;
    };
    let objective = head
        .and_then(|h| h.spec.objective(id))
        .or_else(|| base.and_then(|b| b.spec.objective(id)));
    objective.is_some_and(|o| o.owed_by() == OwedBy::Customer)
}

/// The other party: whose approval a finding on a customer-owed objective asks for.
fn other(role: PartyRole) -> PartyRole {
    match role {
        PartyRole::Provider => PartyRole::Customer,
        PartyRole::Customer => PartyRole::Provider,
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

/// Fills the approval status of `parties` into `decision` for the classes of change it has
/// (`decision.classes`), and the override when its label accepted the change, and returns the
/// approvals still missing, each with its finding. `facts` is `None` locally, where nobody
/// has approved yet.
pub(super) fn check(
    decision: &mut DocumentDecision,
    parties: &[PartyRef],
    cc: &ChangeControl,
    facts: Option<&PullRequestFacts>,
) -> Vec<(Diagnostic, Missing)> {
    // A class binds `role` through the findings owed by the provider (as the policy says),
    // and through those the customer owes (as the policy says for the other party).
    let needs = |role: PartyRole| -> Vec<ChangeClass> {
        decision
            .classes
            .iter()
            .filter(|(c, n)| {
                let swapped = decision
                    .customer_owed
                    .iter()
                    .find(|(k, _)| k == c)
                    .map_or(0, |(_, m)| *m);
                (*n > swapped && cc.approvals.of(*c).contains(role))
                    || (swapped > 0 && cc.approvals.of(*c).contains(other(role)))
            })
            .map(|(c, _)| *c)
            .collect()
    };
    if parties.iter().all(|p| needs(p.role).is_empty()) {
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
        let classes = needs(p.role);
        let (given, voided) = facts
            .map(|f| approvals_for(&p.approvers, f, decision.subject, &decision.document))
            .unwrap_or_default();
        let unapproved =
            !classes.is_empty() && given.is_empty() && decision.overridden_by.is_none();
        let status = PartyStatus {
            role: p.role,
            name: p.name.clone(),
            needed: !classes.is_empty(),
            classes,
            approvers: p.approvers.clone(),
            approved_by: given.iter().map(|g| g.login.clone()).collect(),
            approvals: given,
            voided,
        };
        if unapproved {
            let stage = if facts.is_some() {
                Stage::PullRequest
            } else {
                Stage::Local
            };
            missing.push(approval_missing(decision, p, &status, cc, stage));
        }
        decision.parties.push(status);
    }
    missing
}

/// The `approval-missing` finding about `p`, and the fact behind it.
fn approval_missing(
    decision: &DocumentDecision,
    p: &PartyRef,
    status: &PartyStatus,
    cc: &ChangeControl,
    stage: Stage,
) -> (Diagnostic, Missing) {
    let what = match decision.subject {
        Subject::Document => format!("`{}`", decision.document),
        Subject::Policy => "the policy change".to_string(),
    };
    let role = p.role.as_str();
    let classes: Vec<&str> = status.classes.iter().map(|c| c.as_str()).collect();
    let why = match classes.as_slice() {
        [one] => format!("it is {one}"),
        [init @ .., last] => format!("it is {} and {last}", init.join(", ")),
        [] => String::new(),
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
            format!("{what} needs an approval of `{}` ({role}): {why}", p.name),
            Level::Error,
        ),
        Stage::Local => (
            format!(
                "{what} will need an approval of `{}` ({role}) on the pull request: {why}",
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
        classes: status.classes.clone(),
        voided: status.voided.clone(),
        stage,
    };
    (d, missing)
}

pub(crate) const APPROVAL_MISSING: &str = "\
## What it checks
A change that lacks the approval of a party it binds. Every finding of a change has a class:
`weakened` (less for the customer, a removal too), `strengthened` (more for the provider to
deliver, an addition too) or `changed` (a change of meaning whose direction cannot be judged:
a reworded duty, exclusion, cancellation or dispute term, a type or kind, a moved objective).
For each class present, `changeControl.approvals` of the base policy (or of the first
`overrides:` entry that matches the document) names the parties that must each approve: by
default both parties for `weakened` and `changed`, the provider for `strengthened`. A party
approves with an approving review from one of its `approvers`; a `policy-weakened` finding
needs the `approvals.weakened` parties of every agreement. The approvers are those of the base
revision; a team slug (`org/team`) counts for its members; the pull request's author never
counts. The `overrideLabel`, when the base policy names one, accepts the change if one of the
approvers added it.

An approval is of the agreement as it stood on the reviewed commit: a later push that changes
the document (or the policy file) voids it for that document, whatever GitHub's \"dismiss stale
approvals\" setting says, and so does a reviewed commit that can no longer be read. A push
that changes nothing the gate reads keeps it.

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
      target: \">= 99.5%\"   # was 99.9%: weakened, so approval-missing until a member of
                             # acme-corp/procurement (and a provider approver) approves
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
                    commit_id: Some("c0ffee0".into()),
                    since: crate::gate::Since::Same,
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
            let (given, voided) = approvals_for(&list(approvers), &f, Subject::Document, "acme");
            let logins: Vec<String> = given.into_iter().map(|g| g.login).collect();
            assert_eq!(logins, list(want), "{approvers:?}");
            assert!(voided.is_empty());
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
