//! The outcome of `slagate check` and `slagate github` ([`GateReport`]) and the words every
//! format shares about it: the verdict, the change-control checklist per document (valid,
//! version raised, changelog entry, approvals per party and who gave them) and one sentence
//! per missing fact.
//!
//! The gate decides in facts ([`Decision`], [`Missing`]); every sentence about them is
//! written here, and the format files lay them out: `human.rs` the checklist after the
//! findings, `json.rs` the `missing` list, `summary.rs` the pull-request summary comment and
//! step summary. The findings are rendered as `slagate diff` renders
//! them (`GateReport::as_diff`). Everything that came from YAML or the pull request (ids,
//! paths, party names, logins, labels) goes through [`super::markdown::sanitize`] in Markdown
//! and [`super::escape_terminal`] on a terminal.

use std::collections::HashMap;
use std::sync::Arc;

use super::contract::Redline;
use super::diff::DiffReport;
use crate::diagnostic::Diagnostic;
use crate::gate::{
    ChangeClass, Decision, DocumentDecision, Missing, PartyRole, PartyStatus, Stage, Subject,
    Verdict, Void, Voided,
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
    /// The redline of each changed agreement that validates
    /// ([`super::contract::redline::documents`]), for the summary's "What changes".
    pub redlines: &'a [Redline],
    /// Where the summary's findings link their locations (on a pull request; `None`
    /// locally).
    pub links: Option<&'a super::markdown::Links>,
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

    /// `all` (from [`Self::all_findings`]) as the comparison `slagate diff` would show it.
    pub(crate) fn as_diff<'b>(&'b self, all: &'b [Diagnostic]) -> DiffReport<'b> {
        DiffReport {
            base: self.base,
            head: self.head,
            diagnostics: all,
            sources: self.sources,
            files: 0,
            documents: self.decision.documents.len(),
        }
    }
}

/// The verdict as a person reads it.
pub(crate) fn verdict_words(v: Verdict, local: bool) -> &'static str {
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
pub(crate) fn sentence(m: &Missing) -> String {
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
        Missing::AdverseChangeNotice {
            document,
            version,
            notice,
        } => format!(
            "Give the changelog entry for version `{version}` of `{document}` an `effective` \
             date at least {notice} after its date: `notice.adverseChange` owes that notice \
             before a weakening."
        ),
        Missing::Approval {
            subject,
            document,
            role: r,
            party,
            approvers,
            classes,
            voided,
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
            let mut out = format!(
                "{ask} of {what} by `{party}` ({}), for its {} findings: {who}.",
                role(*r),
                classes_words(classes)
            );
            for v in voided {
                out.push(' ');
                out.push_str(&voided_words(v));
                out.push('.');
            }
            out
        }
    }
}

/// `weakened`, `weakened and changed`, `weakened, changed and strengthened`.
pub(crate) fn classes_words(classes: &[ChangeClass]) -> String {
    let names: Vec<&str> = classes.iter().map(|c| c.as_str()).collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A commit id as shown: its first seven characters.
fn short(commit: Option<&str>) -> String {
    commit.map_or_else(
        || "an unknown commit".to_string(),
        |c| format!("`{}`", c.chars().take(7).collect::<String>()),
    )
}

/// "The approval of `jdoe` on `a1b2c3d` no longer counts: `availability` changed in
/// `e4f5a6b`" (text not yet escaped).
pub(crate) fn voided_words(v: &Voided) -> String {
    let why = match &v.why {
        Void::Unreachable => {
            "that commit is no longer in the repository, so what was approved cannot be read"
                .to_string()
        }
        Void::Policy { commit } => match commit {
            Some(c) => format!("the policy file changed in {}", short(Some(c))),
            None => "the policy file changed since".to_string(),
        },
        Void::Document { what, commit } => {
            let what = backticked(what, 5);
            match commit {
                Some(c) => format!("{what} changed in {}", short(Some(c))),
                None => format!("{what} changed since"),
            }
        }
    };
    format!(
        "The approval of `{}` on {} no longer counts: {why}",
        v.login,
        short(v.commit.as_deref())
    )
}

/// A checklist line's state.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mark {
    /// Done (or accepted by the override label).
    Done,
    /// Missing: it fails the gate.
    Missing,
    /// Waiting for an approval.
    Waiting,
    /// An approval that no longer counts: a note under its party's line, not one more thing
    /// to wait for.
    Voided,
}

/// The checklist of one document, as (state, what, details) with text not yet escaped;
/// details are values to be shown as code.
pub(crate) fn checklist(d: &DocumentDecision, local: bool) -> Vec<(Mark, String, Vec<String>)> {
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
        for v in &p.voided {
            items.push((Mark::Voided, voided_words(v), Vec::new()));
        }
    }
    items
}

fn party_item(p: &PartyStatus, d: &DocumentDecision, local: bool) -> (Mark, String, Vec<String>) {
    let what = format!(
        "approval of {} ({}), for the {} findings",
        p.name,
        role(p.role),
        classes_words(&p.classes)
    );
    if !p.approvals.is_empty() {
        let by: Vec<String> = p
            .approvals
            .iter()
            .map(|g| format!("`{}` on {}", g.login, short(g.commit.as_deref())))
            .collect();
        return (
            Mark::Done,
            format!("{what}: approved by {}", by.join(", ")),
            Vec::new(),
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::diagnostic::{ChangeInfo, Class, Code, Side, Span};
    use crate::gate::Given;
    use crate::report::summary::summary_markdown;
    use crate::report::{Format, Outcome, render};

    pub(crate) fn decision() -> Decision {
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
                classes: vec![(ChangeClass::Weakened, 1), (ChangeClass::Changed, 1)],
                customer_owed: Vec::new(),
                parties: vec![
                    PartyStatus {
                        role: PartyRole::Provider,
                        name: "Northwind | Co".into(),
                        needed: true,
                        classes: vec![ChangeClass::Weakened, ChangeClass::Changed],
                        approvers: vec!["jdoe".into()],
                        approved_by: vec!["JDoe".into()],
                        approvals: vec![Given {
                            login: "JDoe".into(),
                            commit: Some("9e8d7c6b5a4f".into()),
                        }],
                        voided: vec![],
                    },
                    PartyStatus {
                        role: PartyRole::Customer,
                        name: "Acme <script>".into(),
                        needed: true,
                        classes: vec![ChangeClass::Weakened, ChangeClass::Changed],
                        approvers: vec!["@acme/procurement".into(), "<!-- slagate -->".into()],
                        approved_by: vec![],
                        approvals: vec![],
                        voided: vec![Voided {
                            login: "carol".into(),
                            commit: Some("a1b2c3d4e5f6".into()),
                            why: Void::Document {
                                what: vec!["availability".into()],
                                commit: Some("e4f5a6b".into()),
                            },
                        }],
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
                classes: vec![ChangeClass::Weakened, ChangeClass::Changed],
                voided: vec![],
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
            redlines: &[],
            links: None,
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
        // Code spans show text verbatim; outside them, no HTML but ours: the marker, line
        // breaks, and the collapsed block of findings.
        let text = outside_code_spans(&md);
        assert!(!text.contains("<script>"), "{text}");
        let ours = ["<br>", "<details>", "</details>", "<summary>", "</summary>"];
        assert_eq!(
            text.matches('<').count(),
            1 + ours.iter().map(|t| text.matches(t).count()).sum::<usize>(),
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
    pub(crate) fn outside_code_spans(md: &str) -> String {
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
        render(
            &Outcome::Gate(report(&d, &f, &s, true)),
            Format::Human,
            false,
            &mut out,
        )
        .unwrap();
        let out = String::from_utf8(out).unwrap();
        insta::assert_snapshot!(out);
        let mut json = Vec::new();
        render(
            &Outcome::Gate(report(&d, &f, &s, true)),
            Format::Json,
            false,
            &mut json,
        )
        .unwrap();
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
            classes: vec![ChangeClass::Weakened],
            voided: vec![],
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
                Missing::AdverseChangeNotice {
                    document: "acme".into(),
                    version: 4,
                    notice: "30d".into(),
                },
                "Give the changelog entry for version `4` of `acme` an `effective` date at least \
                 30d after its date: `notice.adverseChange` owes that notice before a weakening.",
            ),
            (
                approval(
                    Subject::Document,
                    "acme",
                    &["acme-corp/procurement"],
                    Stage::PullRequest,
                ),
                "An approval of `acme` by `Acme Corp` (customer), for its weakened findings: one of `acme-corp/procurement`.",
            ),
            (
                approval(
                    Subject::Document,
                    "acme",
                    &["acme-corp/procurement"],
                    Stage::Local,
                ),
                "The pull request will need an approval of `acme` by `Acme Corp` (customer), for its weakened findings: one of `acme-corp/procurement`.",
            ),
            (
                approval(Subject::Policy, ".slagate.yaml", &[], Stage::PullRequest),
                "An approval of the policy change by `Acme Corp` (customer), for its weakened findings: the base revision names no approvers for this party.",
            ),
            (
                Missing::Approval {
                    subject: Subject::Document,
                    document: "acme".into(),
                    role: PartyRole::Customer,
                    party: "Acme Corp".into(),
                    approvers: vec!["carol".into()],
                    classes: vec![
                        ChangeClass::Weakened,
                        ChangeClass::Changed,
                        ChangeClass::Strengthened,
                    ],
                    voided: vec![
                        Voided {
                            login: "carol".into(),
                            commit: Some("a1b2c3d4e5f6".into()),
                            why: Void::Document {
                                what: vec!["availability".into(), "latency".into()],
                                commit: Some("e4f5a6b".into()),
                            },
                        },
                        Voided {
                            login: "dave".into(),
                            commit: Some("0123456789".into()),
                            why: Void::Unreachable,
                        },
                    ],
                    stage: Stage::PullRequest,
                },
                "An approval of `acme` by `Acme Corp` (customer), for its weakened, changed and strengthened findings: one of `carol`. \
                 The approval of `carol` on `a1b2c3d` no longer counts: `availability`, `latency` changed in `e4f5a6b`. \
                 The approval of `dave` on `0123456` no longer counts: that commit is no longer in the repository, so what was approved cannot be read.",
            ),
        ];
        for (missing, want) in cases {
            assert_eq!(sentence(&missing), want);
        }
    }
}
