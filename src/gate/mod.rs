//! The change-control gate: a pure function of the changes, the base revision's policy and
//! approvers, and the facts of a pull request.
//!
//! Nothing here is async or does I/O: the `github` module (or `slagate check`, locally)
//! collects [`PullRequestFacts`] up front, and [`evaluate`] decides. That keeps every
//! decision testable without a network. The gate says nothing in English but its findings:
//! the [`Decision`] holds the [`Verdict`], one [`DocumentDecision`] per subject and what is
//! [`Missing`], and `report::gate` words them.
//!
//! For every subject of the change (each changed document, and `.slagate.yaml` when a change
//! loosens it or it is invalid), in order:
//!
//! 1. `validity`: the head must be valid: a validation finding at or above the base
//!    policy's `failOn` fails the gate.
//! 2. `versioning`: a content change needs a raised `metadata.version` and a changelog
//!    entry for the new version (`requireVersionBump`, `requireChangelog` of the base policy,
//!    or of the override that matches the document).
//!    A weakening of a document that owes `notice.adverseChange` also needs a new changelog
//!    entry whose `effective` date gives that notice (`notice`, `adverse-change-notice-missing`).
//! 3. [`approvals`]: each class of change present (`weakened`, `changed`, `strengthened`)
//!    needs the parties `changeControl.approvals` names, from the base revision's approvers,
//!    each approval counting only for what did not change since its reviewed commit
//!    (`reviewed`); locally, what the change will need is a warning.
//! 4. `policy-weakened` ([`crate::diff::policy`] finds what a change of the policy file
//!    loosens): such a loosening needs the `approvals.weakened` parties of every party of the
//!    repository.
//!
//! [`evaluate`](evaluate()) walks the subjects; [`Verdict::of`] is `fail` when step 1 or 2
//! fails, else `needs-approval` when an approval is missing, else `pass`.

pub mod approvals;
mod evaluate;
mod notice;
mod reviewed;
mod validity;
mod verdict;
mod versioning;

#[cfg(test)]
mod tests;

use std::collections::HashSet;

use crate::compare::Comparison;
pub use crate::compare::Since;
use crate::diagnostic::Diagnostic;
use crate::model::SlaDocument;
use crate::policy::{self, Policy};
pub use crate::policy::{ChangeClass, PartyRole};
pub use reviewed::{Given, Void, Voided};

pub(crate) use crate::diff::policy::POLICY_WEAKENED;
pub(crate) use approvals::APPROVAL_MISSING;
pub use evaluate::evaluate;
pub(crate) use notice::ADVERSE_CHANGE_NOTICE_MISSING;
pub use verdict::{Missing, Stage, Verdict};
pub(crate) use versioning::{CHANGELOG_ENTRY_MISSING, VERSION_NOT_BUMPED};

/// An approving review: the latest deciding review of its author, not dismissed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    /// The reviewer's login.
    pub login: String,
    /// The commit the review was given on (full id).
    pub commit_id: Option<String>,
    /// What changed between that commit and the head, judged by content
    /// ([`crate::compare::since`]): the approval counts only for what did not change.
    pub since: Since,
}

/// A label on the pull request and who added it last (from the label events).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelFact {
    /// The label name.
    pub name: String,
    /// The login of whoever added it, when known.
    pub added_by: Option<String>,
}

/// What the gate knows about a pull request, collected before [`evaluate`] runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PullRequestFacts {
    /// The pull request's author (never counts as an approver of their own change).
    pub author: String,
    /// Approving reviews that count (latest per reviewer, not dismissed).
    pub approvals: Vec<Approval>,
    /// Current labels.
    pub labels: Vec<LabelFact>,
    /// Members of each `org/team` approver slug named by the base revision, as resolved
    /// through the team-membership API (slug → active member logins).
    pub team_members: Vec<(String, Vec<String>)>,
}

/// Where the gate runs: on a pull request (with reviews) or locally (no reviews: what a
/// weakening will need is reported as a warning).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Context {
    /// `slagate check` / pre-commit.
    Local,
    /// `slagate github`.
    PullRequest(PullRequestFacts),
}

/// Everything [`evaluate`] decides on.
#[derive(Debug, Clone)]
pub struct GateInput<'a> {
    /// Documents at the base revision (their `approvers` are the ones that count).
    pub base: &'a [SlaDocument],
    /// Documents at the head revision.
    pub head: &'a [SlaDocument],
    /// Findings about the head revision: validation (schema, lint) of the changed files.
    pub validation: &'a [Diagnostic],
    /// Findings of `diff::diff(base, head)` (and `policy-weakened`), levels already applied.
    pub changes: &'a [Diagnostic],
    /// The ids of the documents whose content differs: every document `diff::diff(base,
    /// head)` has a finding about, before any rule level applies
    /// ([`crate::diff::changed_ids`]). A change
    /// that only trips a rule turned `off` still needs its version bump and changelog entry.
    pub changed: &'a HashSet<String>,
    /// The policy of the base revision.
    pub policy: &'a Policy,
    /// The repository path of the policy file whose change is judged (`.slagate.yaml`, or the
    /// `--config` path): its findings are the policy's, not a document's.
    pub policy_file: &'a str,
    /// Head documents (by id) and head files (as `file:PATH`) that did not load, from the
    /// comparison ([`Comparison::unreadable`]): a base document among them is not removed.
    pub unreadable: &'a HashSet<String>,
    /// Pull request or local.
    pub context: &'a Context,
    /// Every document of the base revision. Only consulted when `changes` holds a
    /// `policy-weakened` finding: a loosened policy concerns every agreement, so it needs
    /// the approvals of every party of every document (may be empty otherwise).
    pub repository: &'a [SlaDocument],
}

impl<'a> GateInput<'a> {
    /// The gate's input from a revision comparison, judged by its policy.
    pub fn of(c: &'a Comparison, context: &'a Context) -> GateInput<'a> {
        GateInput {
            base: &c.base,
            head: &c.head,
            validation: &c.validation,
            changes: &c.changes,
            changed: &c.changed,
            policy: &c.policy,
            policy_file: c.policy_file.as_deref().unwrap_or(policy::FILE_NAME),
            unreadable: &c.unreadable,
            context,
            repository: &c.repository,
        }
    }
}

/// Approval status of one party for one document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PartyStatus {
    /// Provider or customer.
    pub role: PartyRole,
    /// The party's name (from the base revision).
    pub name: String,
    /// Whether this party's approval is needed: a class of change present needs it
    /// (`changeControl.approvals`).
    pub needed: bool,
    /// The classes of change present that need this party.
    pub classes: Vec<ChangeClass>,
    /// The approvers the base revision names for this party.
    pub approvers: Vec<String>,
    /// Who approved for this party (logins; via a team when the approver is a team slug).
    pub approved_by: Vec<String>,
    /// The approvals that count, each with the commit it was given on.
    pub approvals: Vec<Given>,
    /// Approvals by this party's approvers that no longer count, and why: the subject
    /// changed after the commit they were given on.
    pub voided: Vec<Voided>,
}

/// What a checklist is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Subject {
    /// An SLA document.
    Document,
    /// The repository policy, `.slagate.yaml`.
    Policy,
}

/// The change-control checklist of one changed document (or of the policy file).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DocumentDecision {
    /// A document, or the policy file.
    pub subject: Subject,
    /// `metadata.id` (for the policy: its file name).
    pub document: String,
    /// The head file (or the base file for a removed document).
    pub file: String,
    /// The head revision of the document validates (no finding at the failing level).
    pub valid: bool,
    /// `metadata.version` raised, when the policy requires it (`None`: not required or no
    /// content change).
    pub version_bumped: Option<bool>,
    /// A changelog entry for the head version, when the policy requires it.
    pub changelog_entry: Option<bool>,
    /// Weakened findings of this document (removals included).
    pub weakened: usize,
    /// How many findings of each class of change it has (classes with none left out), in
    /// the order of [`ChangeClass::ALL`]: what decides whose approval it needs. In JSON an
    /// object such as `{"weakened": 1, "changed": 2}`.
    #[serde(serialize_with = "class_counts")]
    pub classes: Vec<(ChangeClass, usize)>,
    /// Of `classes`, the findings on objectives the customer owes (`owedBy: customer`): they
    /// are judged for the provider, so each class of them binds the other party (what
    /// `changeControl.approvals` names for the provider is asked of the customer, and the
    /// other way round). Left out of JSON when empty.
    #[serde(serialize_with = "class_counts", skip_serializing_if = "Vec::is_empty")]
    pub customer_owed: Vec<(ChangeClass, usize)>,
    /// Per-party approvals (empty when nothing needs approval).
    pub parties: Vec<PartyStatus>,
    /// The override label, and who added it, when it accepted the change.
    pub overridden_by: Option<(String, String)>,
}

fn class_counts<S: serde::Serializer>(
    counts: &[(ChangeClass, usize)],
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_map(counts.iter().map(|(c, n)| (c.as_str(), n)))
}

/// What the gate decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The verdict.
    pub verdict: Verdict,
    /// One checklist per changed document.
    pub documents: Vec<DocumentDecision>,
    /// The gate's own findings (missing version bump, changelog entry, approvals), with
    /// locations, for every output format.
    pub findings: Vec<Diagnostic>,
    /// What is missing before the gate passes, in the order of the subjects; the verdict
    /// is computed from it ([`Verdict::of`]).
    pub missing: Vec<Missing>,
}
