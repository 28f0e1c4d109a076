//! What `diff` and `check` share around [`slagate::compare::compare`]: PATHS as pathspecs,
//! `--config` as a [`PolicySource`], and the one way a malformed judging policy ends a
//! command. These touch the file system and the command line, so they stay in the binary;
//! everything else about the comparison is the library's.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use slagate::compare::{self, CompareError, Comparison, PolicySource, Request};
use slagate::discover;
use slagate::git::Repo;
use slagate::report;

use super::use_color;
use crate::ExitStatus;
use crate::args::OutputArgs;

/// `--config PATH` inside the repository: that file of the base revision, as `.slagate.yaml`
/// is by default (so a change cannot loosen the policy that judges it, whatever its path);
/// outside the repository: the file as it is on disk. No `--config`: `.slagate.yaml` of the
/// base revision.
pub(crate) fn policy_source(
    config: Option<&Path>,
    repo: &Repo,
    cwd: &Path,
) -> anyhow::Result<PolicySource> {
    let Some(path) = config else {
        return Ok(PolicySource::default_file());
    };
    if let Ok(mut rel) = pathspecs(&[path.to_path_buf()], cwd, repo.root()) {
        return Ok(PolicySource::Revision {
            path: rel.pop().unwrap_or_default(),
            rev: None,
        });
    }
    let bytes = super::validate::read_policy(path, repo.root())
        .with_context(|| format!("cannot read policy {}", path.display()))?;
    Ok(PolicySource::File {
        shown: super::validate::display_path(path, cwd).into(),
        bytes,
    })
}

/// Runs the comparison; a malformed judging policy is reported in the chosen format and ends
/// the command with exit 2 (`Err(status)`).
pub(crate) fn run(
    repo: &Repo,
    request: &Request<'_>,
    output: &OutputArgs,
    out: &mut dyn Write,
) -> anyhow::Result<Result<Comparison, ExitStatus>> {
    match compare::compare(repo, request) {
        Ok(c) => {
            let mut err = std::io::stderr().lock();
            for notice in &c.notices {
                writeln!(err, "warning: {notice}")?;
            }
            Ok(Ok(c))
        }
        Err(CompareError::Policy(rejected)) => {
            report::render_rejected(
                &rejected,
                output.format.into(),
                use_color(output.color),
                out,
            )?;
            Ok(Err(ExitStatus::Error))
        }
        Err(e) => Err(e.into()),
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
