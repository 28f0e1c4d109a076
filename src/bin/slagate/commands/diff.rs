//! `slagate diff`: read two revisions through git, compare the SLA files that changed, check
//! the head, and report.
//!
//! The reading and comparing is [`slagate::compare`], shared with `check` and `github`: the
//! cost follows the change, and a change of `.slagate.yaml` that loosens it is reported as
//! `policy-weakened`. This module only turns the arguments into revisions and a policy
//! ([`super::compare`]), renders, and picks the exit code.

use std::collections::HashSet;
use std::io::Write;
use std::sync::Arc;

use anyhow::Context;
use slagate::check::Settings;
use slagate::git::Repo;
use slagate::model::Date;
use slagate::report;
use slagate::report::diff::DiffReport;
use slagate::source::Limits;

use super::{today_utc, use_color};
use crate::ExitStatus;
use crate::args::DiffArgs;

pub(crate) fn run(args: &DiffArgs, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    let cwd = std::env::current_dir().context("cannot determine the working directory")?;
    let repo = Repo::discover(&cwd)?;
    let sides =
        super::compare::resolve(&repo, &args.base, args.head.as_deref(), args.staged, false)?;
    let policy = match super::compare::policy(
        &repo,
        &sides.base,
        args.config.as_deref(),
        &cwd,
        &args.output,
        out,
    )? {
        Ok(p) => p,
        Err(status) => return Ok(status),
    };
    let today = match &args.today {
        Some(s) => Date::parse(s).map_err(|e| anyhow::anyhow!("--today: {}", e.message))?,
        None => today_utc(),
    };
    let specs = super::compare::pathspecs(&args.paths, &cwd, repo.root())?;
    let settings = Settings {
        limits: Limits::default(),
        schema_only: false,
        today,
    };
    // Never dropped: the process ends after the report, and freeing tens of thousands of
    // documents one allocation at a time only delays the exit.
    let mut comparison = std::mem::ManuallyDrop::new(slagate::compare::compare(
        &repo,
        &sides.base,
        &sides.head,
        &specs,
        &policy,
        &settings,
    )?);
    let diagnostics = comparison.findings();
    let mut sources = std::mem::take(&mut comparison.sources);
    let with_findings: HashSet<&Arc<str>> = diagnostics.iter().map(|d| &d.file).collect();
    sources.retain(|path, _| with_findings.contains(path));

    let r = DiffReport {
        base: &sides.base_label,
        head: &sides.head_label,
        diagnostics: &diagnostics,
        sources: &sources,
        files: comparison.files,
        documents: comparison.documents,
    };
    report::diff::render(
        &r,
        args.output.format.into(),
        use_color(args.output.color),
        out,
    )?;
    let fail_on = args.output.fail_on.map_or(policy.fail_on, Into::into);
    Ok(if diagnostics.iter().any(|d| fail_on.fails(d.level)) {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}
