//! `slagate diff`: compare two revisions ([`slagate::compare`], shared with `check` and
//! `github`), render the findings, and pick the exit code.

use std::collections::HashSet;
use std::io::Write;
use std::sync::Arc;

use anyhow::Context;
use slagate::compare::{Head, Request};
use slagate::git::Repo;
use slagate::load::Settings;
use slagate::report::{self, DiffReport, Outcome};

use super::{parse_today, use_color};
use crate::ExitStatus;
use crate::args::DiffArgs;

pub(crate) fn run(args: &DiffArgs, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    let cwd = std::env::current_dir().context("cannot determine the working directory")?;
    let repo = Repo::discover(&cwd)?;
    let head = match (&args.head, args.staged) {
        (Some(rev), _) => Head::Revision(rev),
        (None, true) => Head::Index,
        (None, false) => Head::WorkTree,
    };
    let pathspecs = super::compare::pathspecs(&args.paths, &cwd, repo.root())?;
    let request = Request {
        base: &args.base,
        head,
        unborn_ok: false,
        pathspecs: &pathspecs,
        policy: super::compare::policy_source(args.config.as_deref(), &repo, &cwd)?,
        settings: Settings::for_today(parse_today(args.today.as_deref())?),
    };
    // Never dropped: the process ends after the report, and freeing tens of thousands of
    // documents one allocation at a time only delays the exit.
    let mut comparison = match super::compare::run(&repo, &request, &args.output, out)? {
        Ok(c) => std::mem::ManuallyDrop::new(c),
        Err(status) => return Ok(status),
    };
    let diagnostics = comparison.findings();
    let mut sources = std::mem::take(&mut comparison.sources);
    let with_findings: HashSet<&Arc<str>> = diagnostics.iter().map(|d| &d.file).collect();
    sources.retain(|path, _| with_findings.contains(path));

    let r = DiffReport {
        base: &comparison.sides.base_label,
        head: &comparison.sides.head_label,
        diagnostics: &diagnostics,
        sources: &sources,
        files: comparison.files,
        documents: comparison.documents,
    };
    report::render(
        &Outcome::Diff(r),
        args.output.format.into(),
        use_color(args.output.color),
        out,
    )?;
    let fail_on = args
        .output
        .fail_on
        .map_or(comparison.policy.fail_on, Into::into);
    Ok(if diagnostics.iter().any(|d| fail_on.fails(d.level)) {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}
