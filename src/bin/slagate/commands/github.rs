//! `slagate github`: the change-control gate on a pull request, as the Action runs it (on
//! `schedule` and `workflow_dispatch`, the governance tracking issue of
//! `github_governance.rs` instead).
//!
//! Wiring only: the event and environment ([`slagate::github::event`]), the comparison of the
//! pull request ([`slagate::compare`]: from the merge base, judged by the policy of the base
//! branch's tip), the facts GitHub holds ([`slagate::github::facts`]), the decision
//! ([`slagate::gate::evaluate`]), the summary, publishing ([`slagate::github::publish`]),
//! and the runner's files ([`slagate::github::runner`]).
//!
//! The exit code is the verdict's (0 pass, 1 needs approval or fail) whatever happened to the
//! comments: a token that cannot write, or a GitHub that refuses a review, does not change
//! what the gate decided. Only a run that cannot decide exits 2: no event, no commits, or a
//! list that could not be read whole (reviews, label events, team memberships, and the
//! files and comments the publisher plans on), however it failed; the runner files are then
//! not written, so no `verdict` output claims a decision.

use std::collections::HashMap;
use std::io::Write;

use anyhow::{Context as _, bail};
use slagate::compare::{self, CompareError, Comparison, Head, PolicySource, Request, Since};
use slagate::diagnostic::Diagnostic;
use slagate::diff::Summary;
use slagate::gate::{self, Context, GateInput, Verdict};
use slagate::git::Repo;
use slagate::github::publish::{self, NoticeLevel};
use slagate::github::{Client, Environment, PullRequestEvent, event, facts, runner};
use slagate::load::Settings;
use slagate::policy;
use slagate::report::{self, gate::GateReport, json::Finding};

use super::parse_today;
use crate::ExitStatus;
use crate::args::GithubArgs;

/// The bytes of the event payload at `GITHUB_EVENT_PATH`.
pub(super) fn event_payload(env: &Environment) -> anyhow::Result<Vec<u8>> {
    let path = env
        .event_path
        .as_deref()
        .ok_or(event::EventError::Missing("GITHUB_EVENT_PATH"))?;
    std::fs::read(path).with_context(|| format!("cannot read the event payload {path}"))
}

fn read_event(env: &Environment) -> anyhow::Result<PullRequestEvent> {
    let payload = event_payload(env)?;
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

/// The pull request compared as GitHub shows it: from where it branched off, judged by the
/// policy of the base branch's tip, so that it cannot loosen the gate that judges it. A
/// malformed policy there is annotated and ends the run (exit 2).
/// A pull request compared: the repository, how it was compared, and the comparison.
struct Compared {
    repo: Repo,
    head: String,
    merge_base: String,
    policy: PolicySource,
    settings: Settings,
    comparison: Comparison,
}

impl Compared {
    /// Fills in, for each approval, what changed since the commit it was given on: an
    /// approval counts only for what it saw. One comparison per reviewed commit.
    fn judge_approvals(&self, facts: &mut gate::PullRequestFacts) -> anyhow::Result<()> {
        let request = Request {
            base: &self.merge_base,
            head: Head::Revision(&self.head),
            unborn_ok: false,
            pathspecs: &[],
            policy: self.policy.clone(),
            settings: self.settings,
        };
        let mut seen: HashMap<String, Since> = HashMap::new();
        for a in &mut facts.approvals {
            let Some(commit) = a.commit_id.clone() else {
                a.since = Since::Unreachable;
                continue;
            };
            if !seen.contains_key(&commit) {
                let since = compare::since(
                    &self.repo,
                    &request,
                    &self.comparison.sides.base,
                    &self.head,
                    &commit,
                )
                .with_context(|| {
                    format!("cannot compare the reviewed commit {commit} with the head")
                })?;
                seen.insert(commit.clone(), since);
            }
            a.since = seen[&commit].clone();
        }
        Ok(())
    }
}

fn compare_pull_request(
    args: &GithubArgs,
    event: &PullRequestEvent,
    out: &mut dyn Write,
) -> anyhow::Result<Compared> {
    let cwd = std::env::current_dir().context("cannot determine the working directory")?;
    // The working directory, else the runner's checkout.
    let repo = match (Repo::discover(&cwd), std::env::var_os("GITHUB_WORKSPACE")) {
        (Ok(r), _) => r,
        (Err(e), None) => return Err(e.into()),
        (Err(_), Some(ws)) => Repo::discover(std::path::Path::new(&ws))?,
    };
    let base_tip = commit(&repo, "base", &event.base_sha)?;
    let head = commit(&repo, "head", &event.head_sha)?;
    let merge_base = format!("merge-base:{base_tip}");
    let path = (args.config.clone()).unwrap_or_else(|| policy::FILE_NAME.to_string());
    let policy = PolicySource::Revision {
        path,
        rev: Some(base_tip),
    };
    let settings = Settings::for_today(parse_today(args.today.as_deref())?);
    let request = Request {
        base: &merge_base,
        head: Head::Revision(&head),
        unborn_ok: false,
        pathspecs: &[],
        policy: policy.clone(),
        settings,
    };
    match compare::compare(&repo, &request) {
        Ok(mut c) => {
            if let Some(f) = args.fail_on {
                c.policy.fail_on = f.into();
            }
            Ok(Compared {
                merge_base: c.sides.base.clone(),
                repo,
                head,
                policy,
                settings,
                comparison: c,
            })
        }
        Err(CompareError::Policy(rejected)) => {
            report::render_rejected(&rejected, report::Format::Github, false, out)?;
            let path = &rejected.source.path;
            bail!("the policy {path} of the base revision is malformed");
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) fn append(path: &str, text: &str) -> anyhow::Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(|| format!("cannot open {path}"))?;
    f.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {path}"))
}

/// The current-thread runtime, and the REST client for the run's API URL and token with the
/// environment's retry overrides and the run's deadline, counted from `started`.
pub(super) fn connect(
    env: &Environment,
    started: std::time::Instant,
) -> anyhow::Result<(tokio::runtime::Runtime, Client)> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let var = |k: &str| std::env::var(k).ok();
    let mut retry = runner::retry_policy(
        var("SLAGATE_GITHUB_RETRY_BUDGET").as_deref(),
        var("SLAGATE_GITHUB_BACKOFF_MS").as_deref(),
    )
    .map_err(anyhow::Error::msg)?;
    retry.read_timeout = runner::read_timeout(var("SLAGATE_GITHUB_READ_TIMEOUT_SECS").as_deref())
        .map_err(anyhow::Error::msg)?;
    let deadline = runner::deadline(var("SLAGATE_GITHUB_DEADLINE_SECS").as_deref())
        .map_err(anyhow::Error::msg)?;
    let client = {
        let _guard = runtime.enter();
        Client::new(&env.api_url, &env.token, retry)?.with_deadline(started + deadline, deadline)
    };
    Ok((runtime, client))
}

/// What a run tells the runner.
struct Written<'a> {
    findings: &'a [Diagnostic],
    notices: &'a [(NoticeLevel, String)],
    summary: &'a str,
    read_only: bool,
}

/// The annotations and notices on stdout, the step summary and the outputs, each within
/// GitHub's limits ([`runner`]). When `findings-json` cannot hold every finding, the whole
/// array goes to `$RUNNER_TEMP/slagate-findings.json` (when set) and every cut names it.
fn write_runner_files(
    env: &Environment,
    w: &Written<'_>,
    verdict: Verdict,
    counts: &Summary,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let json: Vec<Finding<'_>> = w.findings.iter().map(Finding::from).collect();
    let (findings_json, kept) = runner::findings_json(&json).map_err(anyhow::Error::msg)?;
    let mut notices = w.notices.to_vec();
    let full_list = if kept == json.len() {
        "the `findings-json` output".to_string()
    } else {
        let place = match std::env::var_os("RUNNER_TEMP").filter(|t| !t.is_empty()) {
            Some(tmp) => {
                let path = std::path::Path::new(&tmp).join("slagate-findings.json");
                std::fs::write(&path, serde_json::to_string(&json)?)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                format!("`{}` on the runner", path.display())
            }
            None => "`slagate check --format json` run on the head".to_string(),
        };
        notices.push((
            NoticeLevel::Warning,
            format!(
                "findings-json holds the first {kept} of {} findings (GitHub's limit is 1 MiB an output; findings-omitted={}); every finding is in {place}",
                json.len(),
                json.len() - kept
            ),
        ));
        place
    };
    out.write_all(runner::workflow_commands(w.findings, &notices, &full_list).as_bytes())?;
    if let Some(path) = &env.step_summary {
        append(
            path,
            &runner::step_summary(w.summary, w.read_only, &full_list),
        )?;
    }
    if let Some(path) = &env.output {
        let text = runner::outputs(verdict, counts, &findings_json, kept, json.len());
        append(path, &text)?;
    }
    Ok(())
}

pub(crate) fn run(args: &GithubArgs, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    let started = std::time::Instant::now();
    let env = Environment::from_env(|k| std::env::var(k).ok());
    if let Some(name) = env
        .event_name
        .as_deref()
        .filter(|n| event::is_governance_event(Some(n)))
    {
        return super::github_governance::run(args, &env, name, out);
    }
    let event = read_event(&env)?;
    if env.token.is_empty() {
        bail!(
            "GITHUB_TOKEN is not set: the action passes its `token` input (default: the job's GITHUB_TOKEN)"
        );
    }
    let compared = compare_pull_request(args, &event, out)?;
    let cmp = &compared.comparison;
    let mut notices: Vec<(NoticeLevel, String)> = (cmp.notices.iter())
        .map(|n| (NoticeLevel::Warning, n.clone()))
        .collect();
    let override_label = cmp.policy.change_control.override_label.as_deref();

    let (runtime, client) = connect(&env, started)?;
    let bot_login = std::env::var("SLAGATE_BOT_LOGIN").ok();
    let bot = bot_login.as_deref();
    let (mut pr_facts, fact_notices) = runtime
        .block_on(facts::collect(
            &client,
            &event,
            &cmp.approvers(),
            &cmp.policy.override_labels(),
        ))
        .context("cannot read the pull request's reviews and labels")?;
    compared.judge_approvals(&mut pr_facts)?;
    notices.extend(fact_notices.into_iter().map(|m| (NoticeLevel::Warning, m)));

    let context = Context::PullRequest(pr_facts);
    let decision = gate::evaluate(&GateInput::of(cmp, &context));
    let findings = cmp.findings();
    let redlines = report::summary::redlines(&cmp.base, &cmp.head, &cmp.changes, &decision);
    // The findings' locations link to the files at the two commits on GitHub.
    let links = env.server_url.as_deref().and_then(|server| {
        report::markdown::Links::new(
            server,
            &event.owner,
            &event.repo,
            &event.base_sha,
            &event.head_sha,
        )
    });
    let gate_report = GateReport {
        decision: &decision,
        findings: &findings,
        sources: &cmp.sources,
        base: &cmp.sides.base_label,
        head: &cmp.sides.head_label,
        local: false,
        override_label,
        redlines: &redlines,
        links: links.as_ref(),
    };
    let summary_md = report::summary::summary_markdown(&gate_report);
    let all = gate_report.all_findings();

    // A pull request that touches no agreement gets no comment of its own (every pull request
    // runs the required check); one that did earlier gets its comment updated.
    let relevant = !decision.documents.is_empty() || !all.is_empty();
    let published = if args.comment {
        let publishing = publish::publish(&client, &event, &all, &summary_md, relevant, bot);
        (runtime.block_on(publishing))
            .context("cannot read the pull request's files and comments")?
    } else {
        publish::unpublished(&all, &summary_md)
    };
    // A write the deadline cut off may be missing: no decision is claimed (exit 2).
    if let Some(e) = client.missed_deadline() {
        return Err(anyhow::Error::new(e).context("cannot finish writing to the pull request"));
    }
    notices.extend(
        published
            .notices
            .iter()
            .map(|n| (n.level, n.message.clone())),
    );

    let counts = Summary::of(&findings);
    let written = Written {
        findings: &all,
        notices: &notices,
        summary: &published.summary,
        read_only: published.read_only,
    };
    write_runner_files(&env, &written, decision.verdict, &counts, out)?;
    let verdict = decision.verdict;
    let pr = format!("{}/{}#{}", event.owner, event.repo, event.number);
    writeln!(out, "{}", runner::verdict_line(verdict, &counts, &pr))?;
    Ok(if verdict == Verdict::Pass {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    })
}
