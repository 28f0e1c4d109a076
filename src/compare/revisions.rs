//! Which revisions a comparison is between: `--base REV` or `merge-base:REV`, `--head REV`,
//! the index (`--staged`) or the work tree, and the unborn `HEAD` of a repository without
//! commits.

use crate::git::{GitError, Repo, Tree};

/// The head side of a comparison, as asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Head<'a> {
    /// A revision (`--head REV`, or the pull request's head commit).
    Revision(&'a str),
    /// The index (`--staged`).
    Index,
    /// The work tree.
    WorkTree,
}

/// The revisions being compared, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sides {
    /// The base: a commit (or the empty tree, before the first commit).
    pub base: String,
    /// The head.
    pub head: Tree,
    /// The base as shown (a short id, or `EMPTY`).
    pub base_label: String,
    /// The head as shown (a short id, `INDEX` or `WORKTREE`).
    pub head_label: String,
}

/// Resolves `base` (`REV` or `merge-base:REV`, the merge base of `REV` and the head, or of
/// `HEAD` when the head is not a commit) and `head`. With `unborn_ok`, a base of `HEAD` in a
/// repository without commits is the empty tree, so the first commit's pre-commit check sees
/// every file as new.
pub fn resolve(
    repo: &Repo,
    base: &str,
    head: Head<'_>,
    unborn_ok: bool,
) -> Result<Sides, GitError> {
    let head_tree = match head {
        Head::Revision(rev) => Tree::Commit(repo.resolve(rev)?),
        Head::Index => Tree::Index,
        Head::WorkTree => Tree::WorkTree,
    };
    let mut empty = false;
    let base_id = if let Some(rev) = base.strip_prefix("merge-base:") {
        let rev_id = repo.resolve(rev)?;
        let (head_name, head_id) = match (&head_tree, head) {
            (Tree::Commit(id), Head::Revision(name)) => (name, id.clone()),
            _ => ("HEAD", repo.resolve("HEAD")?),
        };
        repo.merge_base(rev, &rev_id, head_name, &head_id)?
    } else {
        match repo.resolve(base) {
            Ok(id) => id,
            // `HEAD` resolves to nothing only on an unborn branch.
            Err(GitError::MissingRevision { .. } | GitError::NoCommits { .. })
                if unborn_ok && base == "HEAD" =>
            {
                empty = true;
                repo.empty_tree()?
            }
            Err(e) => return Err(e),
        }
    };
    let head_label = match &head_tree {
        Tree::Commit(id) => repo.short(id),
        Tree::Index => "INDEX".into(),
        Tree::WorkTree => "WORKTREE".into(),
    };
    Ok(Sides {
        base_label: if empty {
            "EMPTY".into()
        } else {
            repo.short(&base_id)
        },
        base: base_id,
        head: head_tree,
        head_label,
    })
}
