//! The verdict and the facts it is computed from.
//!
//! Each check of the gate records what is still missing as a [`Missing`] value (which
//! document, which version, which party and its approvers), never as a sentence: the words
//! are `report`'s. [`Verdict::of`] reads the verdict off those facts: anything but an
//! approval fails, a missing approval needs approval, nothing missing passes.

use super::{ChangeClass, PartyRole, Subject, Voided};

/// The outcome of the gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Valid, versioned, and every weakening approved (or none).
    Pass,
    /// Valid and versioned, but a weakening lacks the approvals it needs.
    NeedsApproval,
    /// Invalid head documents, a missing version bump or changelog entry, or another
    /// finding at the failing level.
    Fail,
}

impl Verdict {
    /// `pass`, `needs-approval` or `fail` (the action's `verdict` output).
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::NeedsApproval => "needs-approval",
            Verdict::Fail => "fail",
        }
    }

    /// The verdict when `missing` is what is still missing: `fail` when anything but an
    /// approval is, else `needs-approval` when an approval is (locally too: the pull
    /// request will need it), else `pass`.
    pub fn of(missing: &[Missing]) -> Verdict {
        if missing
            .iter()
            .any(|m| !matches!(m, Missing::Approval { .. }))
        {
            Verdict::Fail
        } else if missing.is_empty() {
            Verdict::Pass
        } else {
            Verdict::NeedsApproval
        }
    }
}

/// Where a missing approval is to be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    /// On the pull request the gate runs on (`slagate github`): it is missing now.
    PullRequest,
    /// Locally (`slagate check`): the pull request this change becomes will need it.
    Local,
}

/// One thing missing before the gate passes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// The subject has findings at the failing level (or a file did not parse).
    Valid {
        /// A document, or the policy file.
        subject: Subject,
        /// `metadata.id`, or the file when no document could be read from it.
        document: String,
        /// The file to fix.
        file: String,
        /// How many findings at the failing level.
        findings: usize,
    },
    /// The content changed but `metadata.version` was not raised.
    VersionBump {
        /// `metadata.id`.
        document: String,
        /// The base revision's version, which the head must exceed.
        base: u64,
        /// The head revision's version.
        head: u64,
    },
    /// The content changed without a changelog entry for the new version.
    ChangelogEntry {
        /// `metadata.id`.
        document: String,
        /// The version the entry must be for.
        version: u64,
    },
    /// A weakening takes effect before the notice `notice.adverseChange` owes has run.
    AdverseChangeNotice {
        /// `metadata.id`.
        document: String,
        /// The version whose changelog entry needs the `effective` date.
        version: u64,
        /// The notice owed, as written by the tool (`30d`).
        notice: String,
    },
    /// A change lacks the approval of a party it binds.
    Approval {
        /// A document, or the policy file (whose change concerns every party).
        subject: Subject,
        /// `metadata.id` (for the policy: its file name).
        document: String,
        /// Provider or customer.
        role: PartyRole,
        /// The party's name (from the base revision).
        party: String,
        /// The approvers the base revision names for the party (may be empty).
        approvers: Vec<String>,
        /// The classes of change present that need this party.
        classes: Vec<ChangeClass>,
        /// Approvals by its approvers that a later change voided.
        voided: Vec<Voided>,
        /// Missing on this pull request, or needed by the one to come.
        stage: Stage,
    },
}
