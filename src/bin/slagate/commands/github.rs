//! `slagate github`: the change-control gate on a pull request, as the Action runs it.
//!
//! Wiring only: the event and environment ([`slagate::github::event`]), the comparison of the
//! pull request's base and head through git, the facts GitHub holds (reviews, team
//! memberships, label events), [`slagate::gate::evaluate`], the summary
//! ([`slagate::report::gate::summary_markdown`]), publishing ([`slagate::github::publish`]),
//! and the runner's files: annotations on stdout, `GITHUB_STEP_SUMMARY`, `GITHUB_OUTPUT`.
//!
//! The exit code is the verdict's (0 pass, 1 needs approval or fail) whatever happened to the
//! comments: a token that cannot write, or a GitHub that refuses a review, does not change
//! what the gate decided. Only a run that cannot decide (no event, no commits, GitHub
//! unreachable for the reviews) exits 2.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::io::Write;
use std::time::Duration;

use anyhow::{Context as _, bail};
use slagate::compare::{self, CompareError, Head, PolicySource, Request};
use slagate::diff::Summary;
use slagate::gate::{self, Context, GateInput, Verdict};
use slagate::git::Repo;
use slagate::github::publish::{self, NoticeLevel, Published};
use slagate::github::{Client, Environment, PullRequestEvent, RetryPolicy, event, facts};
use slagate::load::Settings;
use slagate::policy;
use slagate::report::gate::GateReport;
use slagate::report::json::Finding;
use slagate::report::{self, github::escape_data};
use slagate::source::Limits;

use super::parse_today;
use crate::ExitStatus;
use crate::args::GithubArgs;

/// GitHub shows at most 1 MiB of a step's summary.
const MAX_STEP_SUMMARY_BYTES: usize = 1_000_000;

/// The retry policy, with overrides for tests (`SLAGATE_GITHUB_RETRY_BUDGET` in seconds,
/// `SLAGATE_GITHUB_BACKOFF_MS`).
fn retry_policy() -> anyhow::Result<RetryPolicy> {
    let mut p = RetryPolicy::default();
    if let Some(v) = std::env::var("SLAGATE_GITHUB_RETRY_BUDGET")
        .ok()
        .filter(|v| !v.is_empty())
    {
        p.budget = Duration::from_secs_f64(
            v.parse::<f64>()
                .ok()
                .filter(|s| s.is_finite() && *s >= 0.0 && *s <= 3600.0)
                .with_context(|| {
                    format!("SLAGATE_GITHUB_RETRY_BUDGET={v} is not a number of seconds")
                })?,
        );
    }
    if let Some(v) = std::env::var("SLAGATE_GITHUB_BACKOFF_MS")
        .ok()
        .filter(|v| !v.is_empty())
    {
        p.backoff = Duration::from_millis(v.parse::<u64>().with_context(|| {
            format!("SLAGATE_GITHUB_BACKOFF_MS={v} is not a number of milliseconds")
        })?);
    }
    Ok(p)
}

fn read_event(env: &Environment) -> anyhow::Result<PullRequestEvent> {
    let path = env
        .event_path
        .as_deref()
        .ok_or(event::EventError::Missing("GITHUB_EVENT_PATH"))?;
    let payload =
        std::fs::read(path).with_context(|| format!("cannot read the event payload {path}"))?;
    Ok(event::parse(
        env.event_name.as_deref(),
        env.repository.as_deref(),
        &payload,
    )?)
}

/// A commit of the event, which must be in the clone.
fn commit(repo: &Repo, what: &str, sha: &str) -> anyhow::Result<String> {
    repo.resolve(&format!("{sha}^{{commit}}"))
        .with_context(|| format!("the pull request's {what} commit {sha} is not in this clone: check it out with `actions/checkout` and `fetch-depth: 0` (the action fetches it otherwise)"))
}

/// A delimiter for a multi-line output that the value cannot contain.
fn delimiter(value: &str) -> String {
    loop {
        let mut h = RandomState::new().build_hasher();
        h.write_u64(u64::from(std::process::id()));
        let d = format!(
            "ghadelimiter_{:016x}{:016x}",
            h.finish(),
            RandomState::new().build_hasher().finish()
        );
        if !value.contains(&d) {
            return d;
        }
    }
}

/// The `GITHUB_OUTPUT` lines.
fn outputs(verdict: Verdict, summary: &Summary, findings_json: &str) -> String {
    let d = delimiter(findings_json);
    format!(
        "verdict={}\nweakened={}\nstrengthened={}\nfindings-json<<{d}\n{findings_json}\n{d}\n",
        verdict.as_str(),
        summary.weakened,
        summary.strengthened
    )
}

fn append(path: &str, text: &str) -> anyhow::Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(|| format!("cannot open {path}"))?;
    f.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {path}"))
}

/// The step summary, cut to what GitHub shows.
fn step_summary(summary: &str) -> String {
    if summary.len() <= MAX_STEP_SUMMARY_BYTES {
        return format!("{summary}\n");
    }
    let mut cut = MAX_STEP_SUMMARY_BYTES - 200;
    while !summary.is_char_boundary(cut) {
        cut -= 1;
    }
    let cut = summary[..cut].rfind('\n').unwrap_or(cut);
    format!(
        "{}\n\n> [!NOTE]\n> Cut at GitHub's limit for a step summary; `findings-json` has every finding.\n",
        &summary[..cut]
    )
}

pub(crate) fn run(args: &GithubArgs, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    let env = Environment::from_env(|k| std::env::var(k).ok());
    let event = read_event(&env)?;
    if env.token.is_empty() {
        bail!(
            "GITHUB_TOKEN is not set: the action passes its `token` input (default: the job's GITHUB_TOKEN)"
        );
    }
    let cwd = std::env::current_dir().context("cannot determine the working directory")?;
    // The working directory, else the runner's checkout.
    let repo = match (Repo::discover(&cwd), std::env::var_os("GITHUB_WORKSPACE")) {
        (Ok(r), _) => r,
        (Err(e), None) => return Err(e.into()),
        (Err(_), Some(ws)) => Repo::discover(std::path::Path::new(&ws))?,
    };
    let base_tip = commit(&repo, "base", &event.base_sha)?;
    let head = commit(&repo, "head", &event.head_sha)?;
    // Compared as GitHub shows the pull request: from where it branched off; judged by the
    // policy of the base branch's tip, so a pull request cannot loosen the gate that judges it.
    let merge_base = format!("merge-base:{base_tip}");
    let request = Request {
        base: &merge_base,
        head: Head::Revision(&head),
        unborn_ok: false,
        pathspecs: &[],
        policy: PolicySource::Revision {
            path: args
                .config
                .clone()
                .unwrap_or_else(|| policy::FILE_NAME.to_string()),
            rev: Some(base_tip.clone()),
        },
        settings: Settings {
            limits: Limits::default(),
            schema_only: false,
            today: parse_today(args.today.as_deref())?,
        },
    };
    let mut cmp = match compare::compare(&repo, &request) {
        Ok(c) => c,
        Err(CompareError::Policy(rejected)) => {
            report::render_rejected(&rejected, report::Format::Github, false, out)?;
            bail!(
                "the policy {} of the base revision is malformed",
                rejected.source.path
            );
        }
        Err(e) => return Err(e.into()),
    };
    if let Some(f) = args.fail_on {
        cmp.policy.fail_on = f.into();
    }
    let mut notices: Vec<(NoticeLevel, String)> = cmp
        .notices
        .iter()
        .map(|n| (NoticeLevel::Warning, n.clone()))
        .collect();
    let approvers = cmp.approvers();

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let retry = retry_policy()?;
    let client = {
        let _guard = runtime.enter();
        Client::new(&env.api_url, &env.token, retry)?
    };
    let (pr_facts, fact_notices) = runtime
        .block_on(facts::collect(
            &client,
            &event,
            &approvers,
            cmp.policy.change_control.override_label.as_deref(),
        ))
        .context("cannot read the pull request's reviews and labels")?;
    notices.extend(fact_notices.into_iter().map(|m| (NoticeLevel::Warning, m)));

    let context = Context::PullRequest(pr_facts);
    let decision = gate::evaluate(&GateInput::of(&cmp, &context));
    let findings = cmp.findings();
    let gate_report = GateReport {
        decision: &decision,
        findings: &findings,
        sources: &cmp.sources,
        base: &cmp.sides.base_label,
        head: &cmp.sides.head_label,
        local: false,
        override_label: cmp.policy.change_control.override_label.as_deref(),
    };
    let summary_md = report::gate::summary_markdown(&gate_report);
    let all = gate_report.all_findings();

    // A pull request that touches no agreement gets no comment of its own (every pull request
    // runs the required check); one that did earlier gets its comment updated.
    let relevant = !decision.documents.is_empty() || !all.is_empty();
    let published: Published = if args.comment {
        runtime.block_on(publish::publish(
            &client,
            &event,
            &all,
            &summary_md,
            relevant,
        ))
    } else {
        publish::unpublished(&all, &summary_md)
    };
    notices.extend(
        published
            .notices
            .iter()
            .map(|n| (n.level, n.message.clone())),
    );

    // Annotations (the runner shows ten of each kind; the step summary has them all).
    for d in &all {
        writeln!(out, "{}", report::github::annotation(d))?;
    }
    for (level, message) in &notices {
        let kind = match level {
            NoticeLevel::Notice => "notice",
            NoticeLevel::Warning => "warning",
        };
        writeln!(out, "::{kind} title=slagate::{}", escape_data(message))?;
    }
    if let Some(path) = &env.step_summary {
        let mut text = step_summary(&published.summary);
        if published.read_only {
            text.push_str("\n> [!NOTE]\n> The token could not write to this pull request (a pull request from a fork gets a read-only token), so this summary is here only.\n");
        }
        append(path, &text)?;
    }
    let counts = Summary::of(&findings);
    if let Some(path) = &env.output {
        let json: Vec<Finding<'_>> = all.iter().map(Finding::from).collect();
        append(
            path,
            &outputs(decision.verdict, &counts, &serde_json::to_string(&json)?),
        )?;
    }
    writeln!(
        out,
        "slagate: {} ({} weakened, {} strengthened) for {}/{}#{}",
        decision.verdict.as_str(),
        counts.weakened,
        counts.strengthened,
        event.owner,
        event.repo,
        event.number
    )?;
    Ok(if decision.verdict == Verdict::Pass {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_line_outputs_use_a_delimiter_the_value_does_not_hold() {
        let json = r#"[{"rule":"target-weakened"}]"#;
        let s = outputs(
            Verdict::NeedsApproval,
            &Summary {
                weakened: 1,
                ..Summary::default()
            },
            json,
        );
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(
            &lines[..3],
            ["verdict=needs-approval", "weakened=1", "strengthened=0"]
        );
        let d = lines[3].strip_prefix("findings-json<<").unwrap();
        assert!(d.starts_with("ghadelimiter_") && d.len() > 20);
        assert_eq!((lines[4], lines[5]), (json, d));
        assert_ne!(delimiter(""), delimiter(""));
    }

    #[test]
    fn step_summaries_are_cut_at_a_line() {
        let long = "x\n".repeat(MAX_STEP_SUMMARY_BYTES);
        let s = step_summary(&long);
        assert!(s.len() <= MAX_STEP_SUMMARY_BYTES);
        assert!(s.contains("[!NOTE]"));
    }
}
