//! What `diff` and `check` share before [`slagate::compare::compare`]: which revisions the
//! arguments name, the policy that judges, and PATHS as pathspecs. These touch the file
//! system and the command line, so they stay in the binary.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};
use slagate::discover;
use slagate::git::{GitError, Repo, Tree};
use slagate::policy::Policy;
use slagate::report::{self, Report};
use slagate::source::SourceFile;

use super::use_color;
use crate::ExitStatus;
use crate::args::OutputArgs;

/// The revisions being compared, resolved.
pub(crate) struct Sides {
    /// The base: a commit (or the empty tree, before the first commit).
    pub(crate) base: String,
    /// The head.
    pub(crate) head: Tree,
    /// The base as shown.
    pub(crate) base_label: String,
    /// The head as shown.
    pub(crate) head_label: String,
}

/// Resolves `--base` (`REV` or `merge-base:REV`), `--head REV` and `--staged`. With
/// `unborn_ok`, a base of `HEAD` in a repository without commits is the empty tree, so the
/// first commit's pre-commit check sees every file as new.
pub(crate) fn resolve(
    repo: &Repo,
    base: &str,
    head: Option<&str>,
    staged: bool,
    unborn_ok: bool,
) -> anyhow::Result<Sides> {
    let head_tree = match (head, staged) {
        (Some(rev), _) => Tree::Commit(repo.resolve(rev)?),
        (None, true) => Tree::Index,
        (None, false) => Tree::WorkTree,
    };
    let mut empty = false;
    let base_id = if let Some(rev) = base.strip_prefix("merge-base:") {
        let rev_id = repo.resolve(rev)?;
        let (head_name, head_id) = match (&head_tree, head) {
            (Tree::Commit(id), Some(name)) => (name, id.clone()),
            _ => ("HEAD", repo.resolve("HEAD")?),
        };
        repo.merge_base(rev, &rev_id, head_name, &head_id)?
    } else {
        match repo.resolve(base) {
            Ok(id) => id,
            // `HEAD` resolves to nothing only on an unborn branch.
            Err(GitError::MissingRevision { .. }) if unborn_ok && base == "HEAD" => {
                empty = true;
                repo.empty_tree()?
            }
            Err(e) => return Err(e.into()),
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

/// `--config`, else `.slagate.yaml` of the base revision (so a change cannot loosen the
/// policy that judges it), else the defaults. A malformed policy is reported in the chosen
/// format and ends the command with exit 2.
pub(crate) fn policy(
    repo: &Repo,
    base: &str,
    config: Option<&Path>,
    cwd: &Path,
    output: &OutputArgs,
    out: &mut dyn Write,
) -> anyhow::Result<Result<Policy, ExitStatus>> {
    let (shown, bytes): (Arc<str>, Vec<u8>) = match config {
        Some(path) => {
            let bytes = std::fs::read(path)
                .with_context(|| format!("cannot read policy {}", path.display()))?;
            (super::validate::display_path(path, cwd).into(), bytes)
        }
        None => match repo
            .read(
                &Tree::Commit(base.to_string()),
                &[slagate::policy::FILE_NAME.to_string()],
            )?
            .pop()
            .flatten()
        {
            Some(bytes) => (slagate::policy::FILE_NAME.into(), bytes),
            None => return Ok(Ok(Policy::default())),
        },
    };
    match Policy::load(shown.clone(), bytes.clone()) {
        Ok(p) => Ok(Ok(p)),
        Err(diags) => {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let sources = HashMap::from([(shown.clone(), SourceFile { path: shown, text })]);
            let r = Report {
                diagnostics: &diags,
                sources: &sources,
                files: 1,
                documents: 0,
            };
            report::render(&r, output.format.into(), use_color(output.color), out)?;
            Ok(Err(ExitStatus::Error))
        }
    }
}

/// PATHS as repository-relative pathspecs.
pub(crate) fn pathspecs(paths: &[PathBuf], cwd: &Path, root: &Path) -> anyhow::Result<Vec<String>> {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    paths
        .iter()
        .map(|p| {
            let abs = if p.is_absolute() {
                p.clone()
            } else {
                cwd.join(p)
            };
            // Canonicalize what exists (symlinked temp dirs), keep a deleted file's own name.
            let abs = match (
                std::fs::canonicalize(&abs),
                abs.parent().and_then(|d| std::fs::canonicalize(d).ok()),
            ) {
                (Ok(a), _) => a,
                (Err(_), Some(dir)) => dir.join(abs.file_name().unwrap_or_default()),
                (Err(_), None) => abs,
            };
            match discover::relative(&abs, &root) {
                Some(rel) if rel.is_empty() => Ok(".".to_string()),
                Some(rel) => Ok(rel),
                None => bail!(
                    "{} is outside the repository {}",
                    p.display(),
                    root.display()
                ),
            }
        })
        .collect()
}
