//! `slagate github` on `schedule` and `workflow_dispatch`: the governance tracking issue.
//!
//! Wiring only: the event ([`slagate::github::event::parse_governance`]), the policy and the
//! agreements of the checkout (as `slagate validate` reads them: an agreement that does not
//! validate stops the run, since the list would not be whole), what is due
//! ([`slagate::governance::what_is_due`]) on `--today` (default: today in UTC), and the issue
//! ([`slagate::github::governance::keep`]). The list goes to the step summary too, and the
//! outputs `due` (how many agreements) and `issue` (its number, empty when there is none).
//!
//! Exit 0 when the issue shows the list, whatever is due (the issue is the signal, not a red
//! run); 2 when the run cannot: no event or token, a policy or an agreement that does not
//! validate, an issue list that could not be read whole, a write that failed.

use std::io::Write;

use anyhow::{Context as _, bail};
use slagate::discover;
use slagate::github::governance;
use slagate::github::{Environment, GovernanceEvent, RepoRef, event, runner};
use slagate::report::governance::issue_body;
use slagate::text::plural;

use super::github::{append, connect, event_payload};
use super::parse_today;
use super::validate::{check_paths, load_policy, only_valid};
use crate::ExitStatus;
use crate::args::{ColorArg, FailOnArg, FormatArg, GithubArgs, OutputArgs};

fn read_event(env: &Environment, name: &str) -> anyhow::Result<GovernanceEvent> {
    let payload = event_payload(env)?;
    Ok(event::parse_governance(
        name,
        env.repository.as_deref(),
        &payload,
    )?)
}

pub(crate) fn run(
    args: &GithubArgs,
    env: &Environment,
    name: &str,
    out: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let started = std::time::Instant::now();
    let event = read_event(env, name)?;
    if env.token.is_empty() {
        bail!(
            "GITHUB_TOKEN is not set: the action passes its `token` input (default: the job's GITHUB_TOKEN, which needs `issues: write` to keep the governance issue)"
        );
    }
    let cwd = std::env::current_dir().context("cannot determine the working directory")?;
    let root = discover::find_root(&cwd);
    let output = OutputArgs {
        format: FormatArg::Github,
        color: ColorArg::Never,
        fail_on: Some(FailOnArg::Error),
    };
    let config = args.config.as_deref().map(std::path::Path::new);
    let Ok(policy) = load_policy(config, &root, &cwd, &output, out)? else {
        bail!("the policy is malformed: the governance issue was not touched");
    };
    let today = parse_today(args.today.as_deref())?;
    let checked = check_paths(&[], &root, &cwd, &policy, today)?;
    let Ok(docs) = only_valid(
        checked,
        "slagate github keeps the governance issue from agreements that validate: fix the errors above first (the issue was not touched)",
        out,
    )?
    else {
        return Ok(ExitStatus::Error);
    };
    let due = slagate::governance::what_is_due(&docs, &policy, today);
    let thresholds = &policy.governance;
    let repo = RepoRef {
        owner: &event.owner,
        repo: &event.repo,
    };
    let number = if args.comment {
        let (runtime, client) = connect(env, started)?;
        let kept = runtime
            .block_on(governance::keep(&client, repo, &due, thresholds, today))
            .context("cannot keep the governance tracking issue")?;
        if let Some(e) = client.missed_deadline() {
            return Err(anyhow::Error::new(e).context("cannot finish writing the governance issue"));
        }
        if kept.duplicates > 0 {
            writeln!(
                out,
                "::warning title=slagate::{} other issues carry the label `{}` and the governance marker; only #{} is kept up to date",
                kept.duplicates,
                runner_escape(&thresholds.label),
                kept.number.unwrap_or_default()
            )?;
        }
        let what = if kept.applied.is_empty() {
            "unchanged".to_string()
        } else {
            kept.applied.join(", ")
        };
        match kept.number {
            Some(n) => writeln!(
                out,
                "slagate: {} due; governance issue #{n} of {}/{}: {what}",
                plural(due.len(), "agreement"),
                event.owner,
                event.repo
            )?,
            None => writeln!(
                out,
                "slagate: nothing due; no governance issue in {}/{}",
                event.owner, event.repo
            )?,
        }
        kept.number
    } else {
        writeln!(
            out,
            "slagate: {} due; --comment false: the governance issue was not touched",
            plural(due.len(), "agreement")
        )?;
        None
    };
    if let Some(path) = &env.step_summary {
        // The list as the issue shows it, without the issue's hidden markers.
        let body = issue_body(&due, thresholds, governance::MAX_BODY_CHARS);
        append(path, &runner::step_summary(&body, false, "the issue"))?;
    }
    if let Some(path) = &env.output {
        let issue = number.map(|n| n.to_string()).unwrap_or_default();
        append(path, &format!("due={}\nissue={issue}\n", due.len()))?;
    }
    Ok(ExitStatus::Success)
}

/// A label inside a workflow command's message.
fn runner_escape(s: &str) -> String {
    slagate::report::github::escape_data(&slagate::report::escape_terminal(s))
}
