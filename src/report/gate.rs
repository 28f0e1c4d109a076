//! The gate's outcome in every format: the pull-request summary comment and step summary
//! ([`summary_markdown`]), and what `slagate check` prints ([`render`]).
//!
//! The findings are rendered as `slagate diff` renders them ([`super::diff`]); the gate adds
//! its verdict, the change-control checklist per document (valid, version raised, changelog
//! entry, approvals per party and who gave them) and what is still missing. The gate decides
//! in facts ([`Decision`], [`Missing`]); every sentence about them is written here. Everything that
//! came from YAML or the pull request (ids, paths, party names, logins, labels) goes through
//! [`markdown::sanitize`] in Markdown and [`escape_terminal`] on a terminal.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::sync::Arc;

use serde::Serialize;

use super::diff::DiffReport;
use super::json::Finding;
use super::{Format, escape_terminal, markdown};
use crate::diagnostic::Diagnostic;
use crate::diff::Summary;
use crate::gate::{
    Decision, DocumentDecision, Missing, PartyRole, PartyStatus, Stage, Subject, Verdict,
};
use crate::source::SourceFile;
use crate::text::{backticked, plural};

/// What a renderer of the gate needs.
#[derive(Debug, Clone, Copy)]
pub struct GateReport<'a> {
    /// What the gate decided.
    pub decision: &'a Decision,
    /// The comparison's findings: revision diff (and `policy-weakened`) and head validation.
    /// The gate's own findings are in [`Decision::findings`].
    pub findings: &'a [Diagnostic],
    /// Head file texts, for snippets.
    pub sources: &'a HashMap<Arc<str>, SourceFile>,
    /// The base revision as shown (a short commit id).
    pub base: &'a str,
    /// The head revision as shown (a short commit id, `INDEX` or `WORKTREE`).
    pub head: &'a str,
    /// Whether this runs on a pull request (approvals given) or locally (approvals needed).
    pub local: bool,
    /// The base policy's `changeControl.overrideLabel`, for "how to get approval".
    pub override_label: Option<&'a str>,
}

impl GateReport<'_> {
    /// The comparison's findings and the gate's, each document's together.
    pub fn all_findings(&self) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = self
            .findings
            .iter()
            .chain(&self.decision.findings)
            .cloned()
            .collect();
        let key = |d: &Diagnostic| d.document.clone().unwrap_or_else(|| d.file.to_string());
        let mut first: HashMap<String, usize> = HashMap::new();
        for (i, d) in all.iter().enumerate() {
            first.entry(key(d)).or_insert(i);
        }
        all.sort_by_key(|d| first[&key(d)]);
        all
    }
}

/// The verdict as a person reads it.
fn verdict_words(v: Verdict, local: bool) -> &'static str {
    match (v, local) {
        (Verdict::Pass, _) => "pass",
        (Verdict::NeedsApproval, false) => "needs approval",
        (Verdict::NeedsApproval, true) => "pass here; the pull request will need approvals",
        (Verdict::Fail, _) => "fail",
    }
}

fn role(r: PartyRole) -> &'static str {
    match r {
        PartyRole::Provider => "provider",
        PartyRole::Customer => "customer",
    }
}

/// What is missing, as one sentence of "missing before this can merge" (text not yet
/// escaped).
fn sentence(m: &Missing) -> String {
    match m {
        Missing::Valid {
            subject: Subject::Document,
            document,
            file,
            findings,
        } => format!(
            "`{document}` must validate: fix the {} in `{file}`.",
            plural(*findings, "finding")
        ),
        Missing::Valid {
            subject: Subject::Policy,
            file,
            findings,
            ..
        } => format!(
            "`{file}` must be a valid policy: fix the {}.",
            plural(*findings, "finding")
        ),
        Missing::VersionBump { document, base, .. } => {
            format!("Raise `metadata.version` of `{document}` above `{base}`.")
        }
        Missing::ChangelogEntry { document, version } => {
            format!("Add a changelog entry for version `{version}` of `{document}`.")
        }
        Missing::Approval {
            subject,
            document,
            role: r,
            party,
            approvers,
            stage,
        } => {
            let what = match subject {
                Subject::Document => format!("`{document}`"),
                Subject::Policy => "the policy change".into(),
            };
            let who = if approvers.is_empty() {
                "the base revision names no approvers for this party".into()
            } else {
                format!("one of {}", backticked(approvers, usize::MAX))
            };
            let ask = match stage {
                Stage::PullRequest => "An approval",
                Stage::Local => "The pull request will need an approval",
            };
            format!("{ask} of {what} by `{party}` ({}): {who}.", role(*r))
        }
    }
}

/// A checklist line's state.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    Done,
    Missing,
    Waiting,
}

/// The checklist of one document, as (state, what, details) with text not yet escaped;
/// details are values to be shown as code.
fn checklist(d: &DocumentDecision, local: bool) -> Vec<(Mark, String, Vec<String>)> {
    let mut items = Vec::new();
    items.push((
        if d.valid { Mark::Done } else { Mark::Missing },
        if d.subject == Subject::Policy {
            "valid policy".into()
        } else {
            "valid".into()
        },
        Vec::new(),
    ));
    if let Some(b) = d.version_bumped {
        items.push((
            if b { Mark::Done } else { Mark::Missing },
            "version raised".into(),
            Vec::new(),
        ));
    }
    if let Some(c) = d.changelog_entry {
        items.push((
            if c { Mark::Done } else { Mark::Missing },
            "changelog entry for the new version".into(),
            Vec::new(),
        ));
    }
    for p in d.parties.iter().filter(|p| p.needed) {
        items.push(party_item(p, d, local));
    }
    items
}

fn party_item(p: &PartyStatus, d: &DocumentDecision, local: bool) -> (Mark, String, Vec<String>) {
    let what = format!("approval of {} ({})", p.name, role(p.role));
    if !p.approved_by.is_empty() {
        return (
            Mark::Done,
            format!("{what}: approved by"),
            p.approved_by.clone(),
        );
    }
    if let Some((label, by)) = &d.overridden_by {
        return (
            Mark::Done,
            format!("{what}: accepted by the label `{label}` added by"),
            vec![by.clone()],
        );
    }
    let when = if local {
        "will need one of"
    } else {
        "waiting for one of"
    };
    if p.approvers.is_empty() {
        return (
            Mark::Waiting,
            format!("{what}: the base revision names no approvers"),
            Vec::new(),
        );
    }
    (
        Mark::Waiting,
        format!("{what}: {when}"),
        p.approvers.clone(),
    )
}

/// The PR summary comment and step summary. The hidden [`markdown::MARKER`] is the first
/// line; everything from YAML or the pull request is escaped.
pub fn summary_markdown(r: &GateReport<'_>) -> String {
    let mut s = String::new();
    let d = r.decision;
    let icon = match d.verdict {
        Verdict::Pass => ":white_check_mark:",
        Verdict::NeedsApproval => ":hourglass_flowing_sand:",
        Verdict::Fail => ":x:",
    };
    let _ = writeln!(s, "{}", markdown::MARKER);
    let _ = writeln!(
        s,
        "### slagate: {icon} {}",
        verdict_words(d.verdict, r.local)
    );
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "Change control for {}...{}: {}",
        markdown::code(r.base),
        markdown::code(r.head),
        markdown::summary_line(&Summary::of(r.findings))
    );
    if !d.missing.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(s, "**Missing before this can merge:**");
        let _ = writeln!(s);
        for m in &d.missing {
            let _ = writeln!(s, "- {}", markdown::message(&sentence(m)));
        }
    }
    checklist_markdown(r, &mut s);
    let all = r.findings;
    if !all.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(s, "#### Findings");
        let _ = writeln!(s);
        let mut table = Vec::new();
        // Writing to a Vec cannot fail.
        let _ = markdown::table(all, &mut table);
        s.push_str(&String::from_utf8_lossy(&table));
    }
    s
}

/// The summary's checklist per document and, while an approval is missing, how to get it.
fn checklist_markdown(r: &GateReport<'_>, s: &mut String) {
    let d = r.decision;
    if !d.documents.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(s, "#### Checklist");
        for doc in &d.documents {
            let _ = writeln!(s);
            let title = match doc.subject {
                Subject::Document => format!(
                    "**{}** in {}",
                    markdown::code(&doc.document),
                    markdown::code(&doc.file)
                ),
                Subject::Policy => format!("**policy** {}", markdown::code(&doc.file)),
            };
            let _ = write!(s, "{title}");
            if doc.weakened > 0 {
                let _ = write!(
                    s,
                    ": {} weakening{}",
                    doc.weakened,
                    if doc.weakened == 1 { "" } else { "s" }
                );
            }
            let _ = writeln!(s);
            let _ = writeln!(s);
            for (mark, what, values) in checklist(doc, r.local) {
                let m = match mark {
                    Mark::Done => ":white_check_mark:",
                    Mark::Missing => ":x:",
                    Mark::Waiting => ":hourglass_flowing_sand:",
                };
                let values: Vec<String> = values.iter().map(|v| markdown::code(v)).collect();
                let tail = if values.is_empty() {
                    String::new()
                } else {
                    format!(" {}", values.join(", "))
                };
                let _ = writeln!(s, "- {m} {}{tail}", markdown::message(&what));
            }
        }
    }
    if d.documents.iter().any(|doc| {
        doc.parties
            .iter()
            .any(|p| p.needed && p.approved_by.is_empty())
            && doc.overridden_by.is_none()
    }) {
        let _ = writeln!(s);
        let _ = writeln!(s, "#### How to get approval");
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "A weakening needs an approving review from one approver of each party named above. The approvers are read from the base revision, \
             a team counts for its members, and the author of the pull request cannot approve their own change."
        );
        if let Some(label) = r.override_label {
            let _ = writeln!(s);
            let _ = writeln!(
                s,
                "Alternatively, one of the approvers adds the label {} to the pull request.",
                markdown::code(label)
            );
        }
    }
}

/// The JSON result of `slagate check`: the `diff` contract plus the verdict, the checklist
/// per document and what is missing.
#[derive(Serialize)]
struct JsonOut<'a> {
    base: &'a str,
    head: &'a str,
    verdict: &'static str,
    findings: Vec<Finding<'a>>,
    documents: &'a [DocumentDecision],
    missing: Vec<String>,
    summary: Summary,
}

/// Renders `slagate check`'s outcome in `format`; `color` only affects [`Format::Human`].
pub fn render(
    r: &GateReport<'_>,
    format: Format,
    color: bool,
    w: &mut dyn Write,
) -> io::Result<()> {
    let all = r.all_findings();
    let diff = DiffReport {
        base: r.base,
        head: r.head,
        diagnostics: &all,
        sources: r.sources,
        files: 0,
        documents: r.decision.documents.len(),
    };
    match format {
        Format::Human => {
            super::diff::human_findings(&diff, color, w)?;
            human_checklist(r, color, w)
        }
        Format::Json => {
            let out = JsonOut {
                base: r.base,
                head: r.head,
                verdict: r.decision.verdict.as_str(),
                findings: all.iter().map(Finding::from).collect(),
                documents: &r.decision.documents,
                missing: r.decision.missing.iter().map(sentence).collect(),
                summary: Summary::of(r.findings),
            };
            serde_json::to_writer_pretty(&mut *w, &out)?;
            writeln!(w)
        }
        Format::Markdown => w.write_all(summary_markdown(r).as_bytes()),
        Format::Github | Format::Sarif => super::diff::render(&diff, format, color, w),
    }
}

/// The checklist and the verdict, last in the human output.
fn human_checklist(r: &GateReport<'_>, color: bool, w: &mut dyn Write) -> io::Result<()> {
    let paint = |code: &str, s: &str| {
        if color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let d = r.decision;
    writeln!(
        w,
        "{} {} -> {}",
        paint("1", "change control"),
        escape_terminal(r.base),
        escape_terminal(r.head)
    )?;
    if d.documents.is_empty() {
        writeln!(w, "  no SLA document changed")?;
    }
    for doc in &d.documents {
        let name = match doc.subject {
            Subject::Document => escape_terminal(&doc.document),
            Subject::Policy => "policy".into(),
        };
        writeln!(
            w,
            "  {} ({})",
            paint("1", &name),
            escape_terminal(&doc.file)
        )?;
        for (mark, what, values) in checklist(doc, r.local) {
            let box_ = match mark {
                Mark::Done => paint("32", "[x]"),
                Mark::Missing => paint("31", "[ ]"),
                Mark::Waiting => paint("33", "[ ]"),
            };
            let values = if values.is_empty() {
                String::new()
            } else {
                format!(" {}", values.join(", "))
            };
            writeln!(
                w,
                "    {box_} {}",
                escape_terminal(&format!("{what}{values}").replace('`', ""))
            )?;
        }
    }
    let (code, words) = match d.verdict {
        Verdict::Pass => ("1;32", verdict_words(d.verdict, r.local)),
        Verdict::NeedsApproval => ("1;33", verdict_words(d.verdict, r.local)),
        Verdict::Fail => ("1;31", verdict_words(d.verdict, r.local)),
    };
    writeln!(w, "{} {}", paint("1", "verdict:"), paint(code, words))?;
    for m in &d.missing {
        writeln!(w, "  - {}", escape_terminal(&sentence(m)))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{ChangeInfo, Class, Code, Side, Span};

    fn decision() -> Decision {
        let file: Arc<str> = "policies/acme.sla.yaml".into();
        let mut approval = Diagnostic::new(Code::ApprovalMissing, file.clone(), Span::point(14, 20), "`acme` needs an approval of `Acme <script>` (customer)")
            .with_document("acme")
            .with_help("an approving review from one of `@acme/procurement`, or the label `sla-ok` added by one of the approvers");
        approval.level = crate::diagnostic::Level::Error;
        Decision {
            verdict: Verdict::NeedsApproval,
            documents: vec![DocumentDecision {
                subject: Subject::Document,
                document: "acme".into(),
                file: file.to_string(),
                valid: true,
                version_bumped: Some(true),
                changelog_entry: Some(true),
                weakened: 1,
                parties: vec![
                    PartyStatus {
                        role: PartyRole::Provider,
                        name: "Northwind | Co".into(),
                        needed: true,
                        approvers: vec!["jdoe".into()],
                        approved_by: vec!["JDoe".into()],
                    },
                    PartyStatus {
                        role: PartyRole::Customer,
                        name: "Acme <script>".into(),
                        needed: true,
                        approvers: vec!["@acme/procurement".into(), "<!-- slagate -->".into()],
                        approved_by: vec![],
                    },
                ],
                overridden_by: None,
            }],
            findings: vec![approval],
            missing: vec![Missing::Approval {
                subject: Subject::Document,
                document: "acme".into(),
                role: PartyRole::Customer,
                party: "Acme <script>".into(),
                approvers: vec!["@acme/procurement".into(), "<!-- slagate -->".into()],
                stage: Stage::PullRequest,
            }],
        }
    }

    fn findings() -> Vec<Diagnostic> {
        let mut d = Diagnostic::new(
            Code::TargetWeakened,
            "policies/acme.sla.yaml".into(),
            Span::new(30, 15, 30, 25),
            "availability target lowered from `99.9%` to `99.5%`",
        )
        .with_document("acme")
        .with_objective("availability");
        d.change = Some(ChangeInfo {
            class: Class::Weakened,
            before: Some(">= 99.9%".into()),
            after: Some(">= 99.5%".into()),
            impact: Some("allowed downtime per month: 43m50s -> 3h39m9s (+2h55m19s)".into()),
            side: Side::Head,
        });
        vec![d]
    }

    fn report<'a>(
        decision: &'a Decision,
        findings: &'a [Diagnostic],
        sources: &'a HashMap<Arc<str>, SourceFile>,
        local: bool,
    ) -> GateReport<'a> {
        GateReport {
            decision,
            findings,
            sources,
            base: "3f2a1c0",
            head: "9e8d7c6",
            local,
            override_label: Some("sla-ok"),
        }
    }

    #[test]
    fn the_summary_has_the_verdict_checklist_approvals_and_findings() {
        let (d, f, s) = (decision(), findings(), HashMap::new());
        let md = summary_markdown(&report(&d, &f, &s, false));
        assert!(md.starts_with("<!-- slagate -->\n"), "{md}");
        insta::assert_snapshot!(md);
    }

    #[test]
    fn nothing_from_yaml_can_mention_inject_or_close_the_marker() {
        let (d, f, s) = (decision(), findings(), HashMap::new());
        let md = summary_markdown(&report(&d, &f, &s, false));
        assert_eq!(md.matches("<!--").count(), 1, "{md}");
        assert_eq!(md.matches("-->").count(), 1, "{md}");
        assert!(!md.contains("@acme"), "{md}");
        // Code spans show text verbatim; outside them, no HTML at all.
        let text = outside_code_spans(&md);
        assert!(!text.contains("<script>"), "{text}");
        assert_eq!(
            text.matches('<').count(),
            1 + text.matches("<br>").count(),
            "{text}"
        );
        for line in md.lines().filter(|l| l.starts_with('|')) {
            assert_eq!(
                line.matches(" | ").count() + 2,
                line.matches('|').count() - line.matches("\\|").count(),
                "{line}"
            );
        }
    }

    /// The text with every code span removed (a run of n backticks up to the next run of n).
    fn outside_code_spans(md: &str) -> String {
        let mut out = String::new();
        let mut rest = md;
        while let Some(i) = rest.find('`') {
            out.push_str(&rest[..i]);
            let run = rest[i..].chars().take_while(|c| *c == '`').count();
            let after = &rest[i + run..];
            let fence = "`".repeat(run);
            match after.find(&fence) {
                Some(j) => rest = &after[j + run..],
                None => {
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn check_ends_with_the_checklist_and_the_verdict() {
        let (d, f, s) = (decision(), findings(), HashMap::new());
        let mut out = Vec::new();
        render(&report(&d, &f, &s, true), Format::Human, false, &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        insta::assert_snapshot!(out);
        let mut json = Vec::new();
        render(&report(&d, &f, &s, true), Format::Json, false, &mut json).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(v["verdict"], "needs-approval");
        assert_eq!(v["documents"][0]["parties"][0]["approved_by"][0], "JDoe");
        assert_eq!(v["findings"].as_array().unwrap().len(), 2);
        assert_eq!(v["summary"]["weakened"], 1);
    }

    #[test]
    fn each_missing_fact_is_one_sentence() {
        let approval = |subject, document: &str, approvers: &[&str], stage| Missing::Approval {
            subject,
            document: document.into(),
            role: PartyRole::Customer,
            party: "Acme Corp".into(),
            approvers: approvers.iter().map(|a| (*a).to_string()).collect(),
            stage,
        };
        let cases = [
            (
                Missing::Valid {
                    subject: Subject::Document,
                    document: "acme".into(),
                    file: "policies/acme.sla.yaml".into(),
                    findings: 2,
                },
                "`acme` must validate: fix the 2 findings in `policies/acme.sla.yaml`.",
            ),
            (
                Missing::Valid {
                    subject: Subject::Policy,
                    document: ".slagate.yaml".into(),
                    file: "sub/.slagate.yaml".into(),
                    findings: 1,
                },
                "`sub/.slagate.yaml` must be a valid policy: fix the 1 finding.",
            ),
            (
                Missing::VersionBump {
                    document: "acme".into(),
                    base: 3,
                    head: 3,
                },
                "Raise `metadata.version` of `acme` above `3`.",
            ),
            (
                Missing::ChangelogEntry {
                    document: "acme".into(),
                    version: 4,
                },
                "Add a changelog entry for version `4` of `acme`.",
            ),
            (
                approval(
                    Subject::Document,
                    "acme",
                    &["acme-corp/procurement"],
                    Stage::PullRequest,
                ),
                "An approval of `acme` by `Acme Corp` (customer): one of `acme-corp/procurement`.",
            ),
            (
                approval(
                    Subject::Document,
                    "acme",
                    &["acme-corp/procurement"],
                    Stage::Local,
                ),
                "The pull request will need an approval of `acme` by `Acme Corp` (customer): one of `acme-corp/procurement`.",
            ),
            (
                approval(Subject::Policy, ".slagate.yaml", &[], Stage::PullRequest),
                "An approval of the policy change by `Acme Corp` (customer): the base revision names no approvers for this party.",
            ),
        ];
        for (missing, want) in cases {
            assert_eq!(sentence(&missing), want);
        }
    }
}
