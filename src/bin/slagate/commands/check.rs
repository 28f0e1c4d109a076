//! `slagate check`: the local change-control gate (and the pre-commit hook's command).
//!
//! The same comparison as `diff` ([`slagate::compare`]), judged by [`gate::evaluate`] in the
//! [`Context::Local`] context: there are no reviews locally, so a weakening is reported as the
//! approvals its pull request will need, and only what cannot merge as it is (an invalid
//! head, a missing version bump or changelog entry) fails.

use std::io::Write;

use anyhow::Context as _;
use slagate::check::Settings;
use slagate::compare;
use slagate::gate::{self, Context, Verdict};
use slagate::git::Repo;
use slagate::model::Date;
use slagate::report::gate::GateReport;
use slagate::source::Limits;

use super::{today_utc, use_color};
use crate::ExitStatus;
use crate::args::CheckArgs;

pub(crate) fn run(args: &CheckArgs, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    let cwd = std::env::current_dir().context("cannot determine the working directory")?;
    let repo = Repo::discover(&cwd)?;
    let sides = super::compare::resolve(&repo, &args.base, None, args.staged, true)?;
    let mut policy = match super::compare::policy(
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
    if let Some(f) = args.output.fail_on {
        policy.fail_on = f.into();
    }
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
    let comparison = compare::compare(&repo, &sides.base, &sides.head, &specs, &policy, &settings)?;
    let context = Context::Local;
    let decision = gate::evaluate(&comparison.gate_input(&policy, &context));
    let report = GateReport {
        decision: &decision,
        findings: &comparison.findings(),
        sources: &comparison.sources,
        base: &sides.base_label,
        head: &sides.head_label,
        local: true,
        override_label: policy.change_control.override_label.as_deref(),
    };
    slagate::report::gate::render(
        &report,
        args.output.format.into(),
        use_color(args.output.color),
        out,
    )?;
    Ok(if decision.verdict == Verdict::Fail {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}
