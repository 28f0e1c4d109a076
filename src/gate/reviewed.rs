//! Whether an approval still counts for a subject: an approval is of the agreement as it stood
//! on the reviewed commit. It is void for a document that changed after that commit, for every
//! subject when the policy file changed after it, and for everything when the commit can no
//! longer be read ([`Since`], computed by [`crate::compare::since`]).

use super::{Approval, Since, Subject};

/// An approval that counts: who, and on which commit (full id).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Given {
    /// The reviewer's login.
    pub login: String,
    /// The reviewed commit.
    pub commit: Option<String>,
}

/// Why an approval no longer counts.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum Void {
    /// The reviewed commit cannot be read (force-pushed away): what was approved is unknown.
    Unreachable,
    /// The policy file changed after the reviewed commit, in `commit` (short id).
    Policy {
        /// The latest commit that changed it, when git can tell.
        commit: Option<String>,
    },
    /// The document changed after the reviewed commit.
    Document {
        /// What changed: objective ids, else the document's id.
        what: Vec<String>,
        /// The latest commit that changed it (short id), when git can tell.
        commit: Option<String>,
    },
}

/// An approval by one of a party's approvers that no longer counts for a subject.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Voided {
    /// The reviewer's login.
    pub login: String,
    /// The reviewed commit (full id).
    pub commit: Option<String>,
    /// Why it no longer counts.
    pub why: Void,
}

/// Why `a` does not count for the subject `document` (a document id, or the policy file),
/// `None` when it counts.
pub(super) fn void(a: &Approval, subject: Subject, document: &str) -> Option<Void> {
    if a.commit_id.is_none() {
        return Some(Void::Unreachable);
    }
    match &a.since {
        Since::Same => None,
        Since::Unreachable => Some(Void::Unreachable),
        Since::Changed { policy, documents } => {
            if let Some(commit) = policy {
                return Some(Void::Policy {
                    commit: commit.clone(),
                });
            }
            if subject == Subject::Policy {
                return None;
            }
            documents
                .iter()
                .find(|c| c.document == document)
                .map(|c| Void::Document {
                    what: c.what.clone(),
                    commit: c.commit.clone(),
                })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::DocumentChange;

    fn approval(commit: Option<&str>, since: Since) -> Approval {
        Approval {
            login: "jdoe".into(),
            commit_id: commit.map(str::to_string),
            since,
        }
    }

    #[test]
    fn an_approval_counts_only_for_what_did_not_change_since() {
        let changed = Since::Changed {
            policy: None,
            documents: vec![DocumentChange {
                document: "acme".into(),
                what: vec!["availability".into()],
                commit: Some("e4f5a6b".into()),
            }],
        };
        let a = approval(Some("a1b2c3d"), changed);
        assert_eq!(
            void(&a, Subject::Document, "acme"),
            Some(Void::Document {
                what: vec!["availability".into()],
                commit: Some("e4f5a6b".into())
            })
        );
        assert_eq!(void(&a, Subject::Document, "other"), None);
        assert_eq!(void(&a, Subject::Policy, ".slagate.yaml"), None);

        let policy = approval(
            Some("a1b2c3d"),
            Since::Changed {
                policy: Some(Some("0f0f0f0".into())),
                documents: Vec::new(),
            },
        );
        for (subject, id) in [(Subject::Document, "other"), (Subject::Policy, "p")] {
            assert_eq!(
                void(&policy, subject, id),
                Some(Void::Policy {
                    commit: Some("0f0f0f0".into())
                })
            );
        }
        let gone = approval(Some("a1b2c3d"), Since::Unreachable);
        assert_eq!(
            void(&gone, Subject::Document, "acme"),
            Some(Void::Unreachable)
        );
        assert_eq!(
            void(&approval(Some("h"), Since::Same), Subject::Document, "acme"),
            None
        );
        // No commit at all: nothing tells what was approved.
        assert_eq!(
            void(&approval(None, Since::Same), Subject::Document, "acme"),
            Some(Void::Unreachable)
        );
    }
}
