//! `slagate check`: the local change-control gate (and the pre-commit hook's command).
//!
//! The same comparison as `diff` ([`slagate::compare`]), judged by [`gate::evaluate`] in the
//! [`Context::Local`] context: there are no reviews locally, so a weakening is reported as the
//! approvals its pull request will need, and only what cannot merge as it is (an invalid
//! head, a missing version bump or changelog entry) fails.

use std::io::Write;

use anyhow::Context as _;
use slagate::compare::{Head, Request};
use slagate::gate::{self, Context, GateInput, Verdict};
use slagate::git::Repo;
use slagate::load::Settings;
use slagate::report::{self, GateReport, Outcome};

use super::{parse_today, use_color};
use crate::ExitStatus;
use crate::args::CheckArgs;

pub(crate) fn run(args: &CheckArgs, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    let cwd = std::env::current_dir().context("cannot determine the working directory")?;
    let repo = Repo::discover(&cwd)?;
    let pathspecs = super::compare::pathspecs(&args.paths, &cwd, repo.root())?;
    let request = Request {
        base: &args.base,
        head: if args.staged {
            Head::Index
        } else {
            Head::WorkTree
        },
        unborn_ok: true,
        pathspecs: &pathspecs,
        policy: super::compare::policy_source(args.config.as_deref(), &repo, &cwd)?,
        settings: Settings::for_today(parse_today(args.today.as_deref())?),
    };
    let mut comparison = match super::compare::run(&repo, &request, &args.output, out)? {
        Ok(c) => c,
        Err(status) => return Ok(status),
    };
    if let Some(f) = args.output.fail_on {
        comparison.policy.fail_on = f.into();
    }
    let context = Context::Local;
    let decision = gate::evaluate(&GateInput::of(&comparison, &context));
    let redlines = report::summary::redlines(
        &comparison.base,
        &comparison.head,
        &comparison.changes,
        &decision,
    );
    let gate_report = GateReport {
        decision: &decision,
        findings: &comparison.findings(),
        sources: &comparison.sources,
        base: &comparison.sides.base_label,
        head: &comparison.sides.head_label,
        local: true,
        override_label: comparison.policy.change_control.override_label.as_deref(),
        redlines: &redlines,
        links: None,
    };
    report::render(
        &Outcome::Gate(gate_report),
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
