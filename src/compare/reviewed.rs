//! What changed since a reviewed commit: an approval is of the agreement as it stood on the
//! commit its review was given on (`commit_id`), so the gate needs to know, per approval,
//! which documents the gate reads differ between that commit and the current head.
//!
//! [`since`] compares the reviewed commit with the head through [`super::compare`] itself,
//! judged by the same policy as the pull request, so "changed" means what it means everywhere
//! else: a document the revision diff has a finding about, or whose version or changelog
//! differ. A push that reformats, reorders or touches no SLA file keeps every approval. The
//! policy file is compared byte for byte: any change of it voids every approval. A reviewed
//! commit that can no longer be read (force-pushed away and collected, or never fetched) voids
//! every approval given on it: nothing can tell what was approved.

use std::collections::BTreeMap;

use super::{CompareError, Head, PolicySource, Request, compare};
use crate::git::{Repo, Tree};
use crate::policy;

/// What changed between a reviewed commit and the head.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Since {
    /// The head itself, or nothing the gate reads changed since.
    #[default]
    Same,
    /// The reviewed commit cannot be read: void for everything.
    Unreachable,
    /// Something the gate reads changed.
    Changed {
        /// The policy file changed, in this commit (short id, when git can tell): void for
        /// everything.
        policy: Option<Option<String>>,
        /// The documents that changed, by id.
        documents: Vec<DocumentChange>,
    },
}

/// One document that differs between a reviewed commit and the head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentChange {
    /// `metadata.id`.
    pub document: String,
    /// What changed: the objectives the diff names, else the document itself.
    pub what: Vec<String>,
    /// The latest commit that changed its file after the reviewed one (short id).
    pub commit: Option<String>,
}

/// What changed between `reviewed` and the head commit `head`, for a pull request compared as
/// `request` says (its pathspecs, settings, and the policy that judges it, read from `base`).
pub fn since(
    repo: &Repo,
    request: &Request<'_>,
    base: &str,
    head: &str,
    reviewed: &str,
) -> Result<Since, CompareError> {
    let Ok(reviewed) = repo.resolve(reviewed) else {
        return Ok(Since::Unreachable);
    };
    if reviewed == head {
        return Ok(Since::Same);
    }
    let policy_path = request.policy.repo_path().unwrap_or(policy::FILE_NAME);
    let tree = Tree::Commit(head.to_string());
    let policy = if repo
        .changed(&reviewed, &tree, &[policy_path.to_string()])?
        .is_empty()
    {
        None
    } else {
        Some(short(repo, repo.last_change(&reviewed, head, policy_path)?))
    };
    let judged_by = match &request.policy {
        PolicySource::Revision { path, rev } => PolicySource::Revision {
            path: path.clone(),
            rev: Some(rev.clone().unwrap_or_else(|| base.to_string())),
        },
        file @ PolicySource::File { .. } => file.clone(),
    };
    let c = compare(
        repo,
        &Request {
            base: &reviewed,
            head: Head::Revision(head),
            unborn_ok: false,
            pathspecs: request.pathspecs,
            policy: judged_by,
            settings: request.settings,
        },
    )?;
    // Per document: what changed, and its file (head side, else base side).
    let mut changed: BTreeMap<String, (Vec<String>, String)> = BTreeMap::new();
    for d in c
        .changes
        .iter()
        .filter(|d| d.code != crate::diagnostic::Code::PolicyWeakened)
    {
        let Some(id) = &d.document else { continue };
        let entry = changed
            .entry(id.clone())
            .or_insert_with(|| (Vec::new(), d.file.to_string()));
        if let Some(o) = &d.objective {
            if !entry.0.contains(o) {
                entry.0.push(o.clone());
            }
        }
    }
    for id in &c.changed {
        if let Some(doc) = c.head.iter().chain(&c.base).find(|d| &d.id.value == id) {
            changed
                .entry(id.clone())
                .or_insert_with(|| (Vec::new(), doc.file.to_string()));
        }
    }
    for h in &c.head {
        let Some(b) = c.base.iter().find(|b| b.id.value == h.id.value) else {
            continue;
        };
        if b.version.value != h.version.value
            || !crate::model::same_changelog(&b.spec.changelog, &h.spec.changelog)
        {
            changed
                .entry(h.id.value.clone())
                .or_insert_with(|| (Vec::new(), h.file.to_string()));
        }
    }
    for id in c.unreadable.iter().filter(|id| !id.starts_with("file:")) {
        changed
            .entry(id.clone())
            .or_insert_with(|| (Vec::new(), String::new()));
    }
    if policy.is_none() && changed.is_empty() && c.unreadable.is_empty() {
        return Ok(Since::Same);
    }
    let mut documents = Vec::new();
    for (document, (mut what, file)) in changed {
        if what.is_empty() {
            what.push(document.clone());
        }
        let commit = if file.is_empty() {
            None
        } else {
            short(repo, repo.last_change(&reviewed, head, &file)?)
        };
        documents.push(DocumentChange {
            document,
            what,
            commit,
        });
    }
    Ok(Since::Changed { policy, documents })
}

fn short(repo: &Repo, id: Option<String>) -> Option<String> {
    id.map(|id| repo.short(&id))
}
