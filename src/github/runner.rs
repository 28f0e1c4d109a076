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

/// The read timeout of one connection ([`RetryPolicy::read_timeout`]): 30 seconds unless
/// `SLAGATE_GITHUB_READ_TIMEOUT_SECS` (seconds, more than 0 and at most 300) is set and not
/// empty.
pub fn read_timeout(value: Option<&str>) -> Result<Duration, String> {
    let Some(v) = value.filter(|v| !v.is_empty()) else {
        return Ok(RetryPolicy::default().read_timeout);
    };
    v.parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0 && *s <= 300.0)
        .map(Duration::from_secs_f64)
        .ok_or_else(|| {
            format!("SLAGATE_GITHUB_READ_TIMEOUT_SECS={v} is not a number of seconds (more than 0, at most 300)")
        })
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

/// GitHub shows this many annotations of each kind (error, warning, notice) per step.
pub const MAX_ANNOTATIONS_PER_KIND: usize = 10;

/// GitHub's limit for one output's value is 1 MiB; this leaves room for the delimiters.
pub const MAX_OUTPUT_BYTES: usize = 1_000_000;

/// The annotation kind of a finding: 0 error, 1 warning, 2 notice.
fn kind_of(d: &Diagnostic) -> usize {
    match d.level {
        crate::diagnostic::Level::Error => 0,
        crate::diagnostic::Level::Warning => 1,
        crate::diagnostic::Level::Info => 2,
    }
}

/// The workflow commands: one annotation per finding up to what GitHub shows
/// ([`MAX_ANNOTATIONS_PER_KIND`] of each kind per step, the notices counted in), the notices,
/// then, when some were left out, one warning that says how many of each kind and that
/// `full_list` (where every finding is) has them. Nothing is cut silently.
pub fn workflow_commands(
    findings: &[Diagnostic],
    notices: &[(NoticeLevel, String)],
    full_list: &str,
) -> String {
    let mut quota = [MAX_ANNOTATIONS_PER_KIND; 3];
    for (level, _) in notices {
        let k = if *level == NoticeLevel::Warning { 1 } else { 2 };
        quota[k] = quota[k].saturating_sub(1);
    }
    let mut wanted = [0usize; 3];
    for d in findings {
        wanted[kind_of(d)] += 1;
    }
    if (0..3).any(|k| wanted[k] > quota[k]) {
        // The note of what was left out is a warning too.
        quota[1] = quota[1].saturating_sub(1);
    }
    let mut out = String::new();
    let mut shown = [0usize; 3];
    for d in findings {
        let k = kind_of(d);
        if shown[k] < quota[k] {
            shown[k] += 1;
            out.push_str(&annotation(d));
            out.push('\n');
        }
    }
    for (level, message) in notices {
        let kind = match level {
            NoticeLevel::Notice => "notice",
            NoticeLevel::Warning => "warning",
        };
        let _ = writeln!(out, "::{kind} title=slagate::{}", escape_data(message));
    }
    let left: Vec<usize> = (0..3).map(|k| wanted[k] - shown[k]).collect();
    if left.iter().any(|&n| n > 0) {
        let note = format!(
            "{} error, {} warning and {} notice annotations left out of {} findings: GitHub shows {MAX_ANNOTATIONS_PER_KIND} of each kind per step. Every finding is in {full_list}.",
            left[0],
            left[1],
            left[2],
            findings.len()
        );
        let _ = writeln!(out, "::warning title=slagate::{}", escape_data(&note));
    }
    out
}

/// The findings as a JSON array for the `findings-json` output: all of them, or the first
/// ones whose array fits in [`MAX_OUTPUT_BYTES`]. Returns the array and how many it holds.
pub fn findings_json<T: serde::Serialize>(findings: &[T]) -> Result<(String, usize), String> {
    let mut out = String::from("[");
    let mut kept = 0;
    for f in findings {
        let item = serde_json::to_string(f).map_err(|e| e.to_string())?;
        // `,` before it (after the first), `]` after the last.
        if out.len() + usize::from(kept > 0) + item.len() + 1 > MAX_OUTPUT_BYTES {
            break;
        }
        if kept > 0 {
            out.push(',');
        }
        out.push_str(&item);
        kept += 1;
    }
    out.push(']');
    Ok((out, kept))
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

/// The `GITHUB_OUTPUT` lines. `findings_json` holds the first `kept` of `total` findings
/// ([`findings_json`]); `findings-total` and `findings-omitted` say so.
pub fn outputs(
    verdict: Verdict,
    summary: &Summary,
    findings_json: &str,
    kept: usize,
    total: usize,
) -> String {
    let d = delimiter(findings_json);
    format!(
        "verdict={}\nweakened={}\nstrengthened={}\nfindings-total={total}\nfindings-omitted={}\nfindings-json<<{d}\n{findings_json}\n{d}\n",
        verdict.as_str(),
        summary.weakened,
        summary.strengthened,
        total - kept
    )
}

/// The step summary, cut at a line to what GitHub shows, saying so and that `full_list` has
/// every finding; with a note when the token could not write to the pull request (so this
/// is the only place the summary is).
pub fn step_summary(summary: &str, read_only: bool, full_list: &str) -> String {
    let mut text = if summary.len() <= MAX_STEP_SUMMARY_BYTES {
        format!("{summary}\n")
    } else {
        let mut cut = MAX_STEP_SUMMARY_BYTES - 200;
        while !summary.is_char_boundary(cut) {
            cut -= 1;
        }
        let cut = summary[..cut].rfind('\n').unwrap_or(cut);
        format!(
            "{}\n\n> [!NOTE]\n> Cut at GitHub's limit for a step summary (1 MiB): {} of {} bytes shown. Every finding is in {full_list}.\n",
            &summary[..cut],
            cut,
            summary.len()
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
            1,
            3,
        );
        let lines: Vec<&str> = s.lines().collect();
        // 1 of 3 findings kept: 2 omitted.
        assert_eq!(
            &lines[..5],
            [
                "verdict=needs-approval",
                "weakened=1",
                "strengthened=0",
                "findings-total=3",
                "findings-omitted=2"
            ]
        );
        let d = lines[5].strip_prefix("findings-json<<").unwrap();
        assert!(d.starts_with("ghadelimiter_") && d.len() > 20);
        assert_eq!((lines[6], lines[7]), (json, d));
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
        let s = step_summary(&long, false, "`f.json`");
        assert!(s.len() <= MAX_STEP_SUMMARY_BYTES);
        // Cut at the last line ending within 1,000,000 - 200 = 999,800 bytes: lines of 2
        // bytes, so 499,900 whole lines, the last `\n` at 999,799: 999,799 bytes kept, of
        // 2,000,000.
        assert!(
            s.contains("999799 of 2000000 bytes shown. Every finding is in `f.json`."),
            "{}",
            &s[s.len() - 300..]
        );
        assert!(step_summary("short", true, "x").contains("read-only token"));
        assert!(!step_summary("short", false, "x").contains("[!NOTE]"));
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
        assert_eq!(read_timeout(None), Ok(Duration::from_secs(30)));
        assert_eq!(read_timeout(Some("0.5")), Ok(Duration::from_millis(500)));
        for bad in ["0", "-1", "301", "x", "inf"] {
            let e = read_timeout(Some(bad)).unwrap_err();
            assert!(e.contains("SLAGATE_GITHUB_READ_TIMEOUT_SECS"), "{e}");
        }
    }

    fn finding(level: crate::diagnostic::Level, i: usize) -> Diagnostic {
        let mut d = Diagnostic::new(
            crate::diagnostic::Code::ALL[0],
            "a.sla.yaml".into(),
            crate::diagnostic::Span::new(1, 1, 1, 2),
            format!("finding {i}"),
        );
        d.level = level;
        d
    }

    fn count(s: &str, prefix: &str) -> usize {
        s.lines().filter(|l| l.starts_with(prefix)).count()
    }

    #[test]
    fn annotations_stop_at_what_github_shows_and_say_how_many_were_left_out() {
        use crate::diagnostic::Level::{Error, Info, Warning};
        // 25 errors, 12 warnings, 3 notices, and one warning notice of the run.
        let mut findings: Vec<Diagnostic> = (0..25).map(|i| finding(Error, i)).collect();
        findings.extend((0..12).map(|i| finding(Warning, i)));
        findings.extend((0..3).map(|i| finding(Info, i)));
        let notices = [(NoticeLevel::Warning, "a team could not be read".to_string())];
        let s = workflow_commands(&findings, &notices, "`f.json`");
        // Errors: 10 shown, 15 left. Warnings: 10 - 1 (the run's notice) - 1 (the note of
        // what was left out) = 8 shown, 4 left. Notices: 3 of 10, none left.
        assert_eq!(count(&s, "::error file="), 10);
        assert_eq!(count(&s, "::warning file="), 8);
        assert_eq!(count(&s, "::notice file="), 3);
        // 8 + the run's notice + the note = 10 warnings in all.
        assert_eq!(count(&s, "::warning"), 10);
        // The first ones of each kind are shown: errors 0-9 (warnings stop at 7).
        assert_eq!(s.matches("::finding 9\n").count(), 1, "{s}");
        assert_eq!(s.matches("::finding 10\n").count(), 0, "{s}");
        assert!(
            s.ends_with("::warning title=slagate::15 error, 4 warning and 0 notice annotations left out of 40 findings: GitHub shows 10 of each kind per step. Every finding is in `f.json`.\n"),
            "{s}"
        );
        // Within the limits: every finding, and no note.
        let s = workflow_commands(&findings[..10], &[], "x");
        assert_eq!(count(&s, "::error file="), 10);
        assert!(!s.contains("left out"), "{s}");
    }

    #[test]
    fn findings_json_stays_under_the_output_limit_and_says_how_many_it_holds() {
        // Items of 98 characters, 100 with the quotes: 10 items + 9 commas + 2 brackets =
        // 1,011 bytes, all kept.
        let item = "x".repeat(98);
        let few = vec![item.as_str(); 10];
        let (json, kept) = findings_json(&few).unwrap();
        assert_eq!((json.len(), kept), (1011, 10));
        assert_eq!(
            serde_json::from_str::<Vec<String>>(&json).unwrap().len(),
            10
        );
        // 20,000 items would take 2,020,001 bytes. n items take 1 + 101n bytes (each with
        // its comma or the closing bracket): 1 + 101n <= 1,000,000 for n <= 9,900.
        let many = vec![item.as_str(); 20_000];
        let (json, kept) = findings_json(&many).unwrap();
        assert_eq!(kept, 9_900);
        assert_eq!(json.len(), 1 + 101 * 9_900);
        assert!(json.len() <= MAX_OUTPUT_BYTES);
        assert_eq!(
            serde_json::from_str::<Vec<String>>(&json).unwrap().len(),
            9_900
        );
        assert_eq!(findings_json::<String>(&[]).unwrap(), ("[]".to_string(), 0));
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
        let s = workflow_commands(&[], &[(NoticeLevel::Warning, "a\nb%".to_string())], "x");
        assert_eq!(s, "::warning title=slagate::a%0Ab%25\n");
    }
}
