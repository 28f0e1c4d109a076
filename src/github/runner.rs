//! What `slagate github` writes for the Actions runner, as text: the workflow commands
//! (annotations and notices) on stdout, the step summary (`GITHUB_STEP_SUMMARY`) and the
//! outputs (`GITHUB_OUTPUT`); and the retry settings the tests may override through the
//! environment. Pure: the binary writes the files.

use std::collections::hash_map::RandomState;
use std::fmt::Write as _;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use super::RetryPolicy;
use super::publish::NoticeLevel;
use crate::diagnostic::Diagnostic;
use crate::diff::Summary;
use crate::gate::Verdict;
use crate::report::github::{annotation, escape_data};

/// GitHub shows at most 1 MiB of a step's summary.
pub const MAX_STEP_SUMMARY_BYTES: usize = 1_000_000;

/// The retry policy, with the overrides of `SLAGATE_GITHUB_RETRY_BUDGET` (seconds, at most an
/// hour) and `SLAGATE_GITHUB_BACKOFF_MS` (milliseconds) when set and not empty.
pub fn retry_policy(budget: Option<&str>, backoff: Option<&str>) -> Result<RetryPolicy, String> {
    let mut p = RetryPolicy::default();
    if let Some(v) = budget.filter(|v| !v.is_empty()) {
        let secs = v
            .parse::<f64>()
            .ok()
            .filter(|s| s.is_finite() && *s >= 0.0 && *s <= 3600.0)
            .ok_or_else(|| format!("SLAGATE_GITHUB_RETRY_BUDGET={v} is not a number of seconds"))?;
        p.budget = Duration::from_secs_f64(secs);
    }
    if let Some(v) = backoff.filter(|v| !v.is_empty()) {
        let ms = v.parse::<u64>().map_err(|_| {
            format!("SLAGATE_GITHUB_BACKOFF_MS={v} is not a number of milliseconds")
        })?;
        p.backoff = Duration::from_millis(ms);
    }
    Ok(p)
}

/// How long a run may wait for GitHub, in all, from its start: [`DEFAULT_DEADLINE`] unless
/// `SLAGATE_GITHUB_DEADLINE_SECS` (seconds, more than 0 and at most an hour) is set and not
/// empty. A server that trickles its answer a byte at a time cannot hold a run past it.
pub fn deadline(value: Option<&str>) -> Result<Duration, String> {
    let Some(v) = value.filter(|v| !v.is_empty()) else {
        return Ok(DEFAULT_DEADLINE);
    };
    v.parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0 && *s <= 3600.0)
        .map(Duration::from_secs_f64)
        .ok_or_else(|| {
            format!("SLAGATE_GITHUB_DEADLINE_SECS={v} is not a number of seconds (more than 0, at most 3600)")
        })
}

/// The deadline of a run's calls to GitHub, counted from the run's start: 120 seconds.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(120);

/// The workflow commands: one annotation per finding (the runner shows ten of each kind; the
/// step summary has them all), then the notices.
pub fn workflow_commands(findings: &[Diagnostic], notices: &[(NoticeLevel, String)]) -> String {
    let mut out = String::new();
    for d in findings {
        out.push_str(&annotation(d));
        out.push('\n');
    }
    for (level, message) in notices {
        let kind = match level {
            NoticeLevel::Notice => "notice",
            NoticeLevel::Warning => "warning",
        };
        let _ = writeln!(out, "::{kind} title=slagate::{}", escape_data(message));
    }
    out
}

/// The run's last line: `slagate: needs-approval (1 weakened, 0 strengthened) for o/r#7`.
pub fn verdict_line(verdict: Verdict, summary: &Summary, pull_request: &str) -> String {
    format!(
        "slagate: {} ({} weakened, {} strengthened) for {pull_request}",
        verdict.as_str(),
        summary.weakened,
        summary.strengthened
    )
}

/// A delimiter for a multi-line output that the value cannot contain.
pub fn delimiter(value: &str) -> String {
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
pub fn outputs(verdict: Verdict, summary: &Summary, findings_json: &str) -> String {
    let d = delimiter(findings_json);
    format!(
        "verdict={}\nweakened={}\nstrengthened={}\nfindings-json<<{d}\n{findings_json}\n{d}\n",
        verdict.as_str(),
        summary.weakened,
        summary.strengthened
    )
}

/// The step summary, cut to what GitHub shows, with a note when the token could not write
/// to the pull request (so this is the only place the summary is).
pub fn step_summary(summary: &str, read_only: bool) -> String {
    let mut text = if summary.len() <= MAX_STEP_SUMMARY_BYTES {
        format!("{summary}\n")
    } else {
        let mut cut = MAX_STEP_SUMMARY_BYTES - 200;
        while !summary.is_char_boundary(cut) {
            cut -= 1;
        }
        let cut = summary[..cut].rfind('\n').unwrap_or(cut);
        format!(
            "{}\n\n> [!NOTE]\n> Cut at GitHub's limit for a step summary; `findings-json` has every finding.\n",
            &summary[..cut]
        )
    };
    if read_only {
        text.push_str("\n> [!NOTE]\n> The token could not write to this pull request (a pull request from a fork gets a read-only token), so this summary is here only.\n");
    }
    text
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
    fn the_verdict_line_names_the_pull_request() {
        let counts = Summary {
            weakened: 2,
            strengthened: 1,
            ..Summary::default()
        };
        assert_eq!(
            verdict_line(Verdict::Fail, &counts, "acme/sla#7"),
            "slagate: fail (2 weakened, 1 strengthened) for acme/sla#7"
        );
    }

    #[test]
    fn step_summaries_are_cut_at_a_line() {
        let long = "x\n".repeat(MAX_STEP_SUMMARY_BYTES);
        let s = step_summary(&long, false);
        assert!(s.len() <= MAX_STEP_SUMMARY_BYTES);
        assert!(s.contains("[!NOTE]"));
        assert!(step_summary("short", true).contains("read-only token"));
    }

    #[test]
    fn retry_overrides_are_checked() {
        let p = retry_policy(Some("2.5"), Some("10")).unwrap();
        assert_eq!(
            (p.budget, p.backoff),
            (Duration::from_millis(2500), Duration::from_millis(10))
        );
        assert_eq!(
            retry_policy(Some(""), None).unwrap(),
            RetryPolicy::default()
        );
        assert!(retry_policy(Some("7200"), None).is_err());
        assert!(retry_policy(None, Some("-1")).is_err());
    }

    #[test]
    fn the_deadline_defaults_to_two_minutes_and_is_checked() {
        assert_eq!(deadline(None).unwrap(), Duration::from_secs(120));
        assert_eq!(deadline(Some("")).unwrap(), Duration::from_secs(120));
        assert_eq!(deadline(Some("1.5")).unwrap(), Duration::from_millis(1500));
        for bad in ["0", "-1", "3601", "soon", "NaN", "inf"] {
            let e = deadline(Some(bad)).unwrap_err();
            assert!(e.contains("SLAGATE_GITHUB_DEADLINE_SECS"), "{e}");
        }
    }

    #[test]
    fn notices_are_escaped_workflow_commands() {
        let s = workflow_commands(&[], &[(NoticeLevel::Warning, "a\nb%".to_string())]);
        assert_eq!(s, "::warning title=slagate::a%0Ab%25\n");
    }
}
