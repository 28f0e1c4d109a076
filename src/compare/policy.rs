//! The policy of a comparison, at both revisions: the one that judges (the base revision's,
//! or a file named with `--config`), and what the change does to the policy file itself.
//!
//! Whatever path the policy file has (`.slagate.yaml`, or another inside the repository with
//! `--config`), the same rules hold, for `diff`, `check` and `github` alike: the base
//! revision's copy judges (a missing one means the defaults, with a notice for a configured
//! path); a malformed judging policy stops the comparison ([`CompareError::Policy`]); a
//! malformed head revision of the policy file is a validity finding of the head, located in
//! that file; a looser one gives `policy-weakened` findings, which need the approvals of every
//! party of every base document ([`super::Comparison::repository`]).

use std::sync::Arc;

use super::{CompareError, Comparison};
use crate::git::{GitError, Repo, Tree};
use crate::load::Rejected;
use crate::policy::{self, Policy};
use crate::source::Content;

/// Where the policy that judges a comparison comes from.
#[derive(Debug, Clone)]
pub enum PolicySource {
    /// The file at `path` (repository-relative) of revision `rev`, or of the base when `rev`
    /// is `None`: a change cannot loosen the policy that judges it. A missing file means the
    /// defaults (with a notice when `path` is not the default `.slagate.yaml`).
    Revision {
        /// Repository-relative path, `/`-separated.
        path: String,
        /// The revision to read it from (default: the comparison's base).
        rev: Option<String>,
    },
    /// A file outside the repository that the caller read (`--config PATH` of `diff` and
    /// `check`): it has no revisions, so it judges as it is, and no change of it is judged.
    File {
        /// The path as shown in findings.
        shown: Arc<str>,
        /// Its bytes.
        bytes: Vec<u8>,
    },
}

impl PolicySource {
    /// `.slagate.yaml` of the base revision.
    pub fn default_file() -> PolicySource {
        PolicySource::Revision {
            path: policy::FILE_NAME.to_string(),
            rev: None,
        }
    }

    /// The repository path whose change between the revisions is judged, if any.
    pub(crate) fn repo_path(&self) -> Option<&str> {
        match self {
            PolicySource::Revision { path, .. } => Some(path),
            PolicySource::File { .. } => None,
        }
    }
}

/// The bytes of `path` in `tree`, if it has that file. A policy file the reader refuses (a
/// link, a FIFO, over the byte limit) ends the comparison: nothing is judged by a policy that
/// could not be read.
fn read_at(repo: &Repo, tree: &Tree, path: &str) -> Result<Option<Vec<u8>>, GitError> {
    match repo.read(tree, &[path.to_string()])?.pop().flatten() {
        Some(Content {
            refused: Some(r), ..
        }) => Err(GitError::Refused {
            path: path.to_string(),
            why: r
                .diagnostic(&path.into(), &crate::source::Limits::default())
                .message,
        }),
        other => Ok(other.map(|c| c.bytes)),
    }
}

/// The judging policy, and a notice when a configured file is missing.
pub(crate) fn judging(
    repo: &Repo,
    base: &str,
    source: &PolicySource,
) -> Result<(Policy, Option<String>), CompareError> {
    let (file, bytes): (Arc<str>, Vec<u8>) = match source {
        PolicySource::File { shown, bytes } => (shown.clone(), bytes.clone()),
        PolicySource::Revision { path, rev } => {
            let tree = Tree::Commit(rev.clone().unwrap_or_else(|| base.to_string()));
            match read_at(repo, &tree, path)? {
                Some(bytes) => (path.as_str().into(), bytes),
                None if path == policy::FILE_NAME => return Ok((Policy::default(), None)),
                None => {
                    return Ok((
                        Policy::default(),
                        Some(format!(
                            "the policy file {path} is not in the base revision: the default policy applies"
                        )),
                    ));
                }
            }
        }
    };
    Policy::load(file, bytes)
        .map(|p| (p, None))
        .map_err(|r| CompareError::Policy(Box::new(r)))
}

/// The policy file at `path` of a revision: absent (the defaults), loaded, or rejected.
fn at(repo: &Repo, tree: &Tree, path: &str) -> Result<Option<Result<Policy, Rejected>>, GitError> {
    Ok(read_at(repo, tree, path)?.map(|bytes| Policy::load(path.into(), bytes)))
}

/// Compares the policy file at `path` in both revisions: a malformed head revision is a
/// validity finding, a looser one gives `policy-weakened` findings.
pub(crate) fn change(
    repo: &Repo,
    base: &Tree,
    head: &Tree,
    path: &str,
    out: &mut Comparison,
) -> Result<(), GitError> {
    let before = read_at(repo, base, path)?;
    let after = read_at(repo, head, path)?;
    if before == after {
        return Ok(());
    }
    // A base revision that does not load judges nothing here: when it is the judging policy,
    // the comparison stopped before this; when it is not (the judging one was read from
    // another revision), there is no valid earlier policy to be looser than.
    let base_policy = match before.map(|b| Policy::load(path.into(), b)) {
        None => Policy::default(),
        Some(Ok(p)) => p,
        Some(Err(_)) => return Ok(()),
    };
    let head_policy = match at(repo, head, path)? {
        None => Policy::default(),
        Some(Ok(p)) => p,
        Some(Err(rejected)) => {
            out.validation.extend(rejected.diagnostics);
            out.sources
                .insert(rejected.source.path.clone(), rejected.source);
            return Ok(());
        }
    };
    let paths = if base_policy.include == head_policy.include
        && base_policy.exclude == head_policy.exclude
    {
        Vec::new()
    } else {
        let mut all = repo.list(base)?;
        all.extend(repo.list(head)?);
        all.sort();
        all.dedup();
        all
    };
    out.changes.extend(crate::diff::policy_changes(
        &base_policy,
        &head_policy,
        &paths,
    ));
    Ok(())
}

/// Whether the pathspecs leave the policy file at `path` in view: none limit the comparison,
/// or one names the file, the root or a directory above it.
pub(crate) fn in_view(pathspecs: &[String], path: &str) -> bool {
    pathspecs.is_empty()
        || pathspecs.iter().any(|p| {
            let p = p.trim_end_matches('/');
            p == "." || p == path || path.strip_prefix(p).is_some_and(|r| r.starts_with('/'))
        })
}

#[cfg(test)]
mod tests {
    use super::in_view;

    #[test]
    fn the_policy_file_is_in_view_of_its_own_pathspecs_only() {
        let specs = |v: &[&str]| v.iter().map(|s| (*s).to_string()).collect::<Vec<_>>();
        assert!(in_view(&[], ".slagate.yaml"));
        assert!(in_view(&specs(&["."]), "config/gate.yaml"));
        assert!(in_view(&specs(&["config"]), "config/gate.yaml"));
        assert!(in_view(&specs(&["config/"]), "config/gate.yaml"));
        assert!(in_view(&specs(&["config/gate.yaml"]), "config/gate.yaml"));
        assert!(!in_view(&specs(&["conf"]), "config/gate.yaml"));
        assert!(!in_view(&specs(&["policies/a.sla.yaml"]), ".slagate.yaml"));
    }
}
