//! The gate's paths: a table of cases through [`evaluate`], grouped by step (validity,
//! versioning, approvals, a loosened policy), and what each step records.

use super::approvals;
use super::*;
use crate::diagnostic::{ChangeInfo, Class, Code, Level, Side, Span};
use crate::diff;
use crate::source::{self, Limits};

const SLA: &str = "\
apiVersion: slagate/v1
kind: ServiceLevelAgreement
metadata:
  id: acme
  version: 3
spec:
  type: customer
  parties:
    provider:
      name: Northwind
      approvers: [jdoe, northwind/sla-owners]
    customer:
      name: Acme Corp
      approvers: [acme-corp/procurement]
  effective:
    from: 2026-01-01
  review:
    every: year
    last: 2026-09-15
  services:
    - id: crm
      name: CRM
      description: The CRM.
  objectives:
    - id: availability
      service: crm
      indicator: availability
      target: \">= 99.9%\"
  changelog:
    - version: 3
      date: 2026-09-15
      summary: Yearly review.
";

fn doc(text: &str) -> SlaDocument {
    let docs = source::yaml::parse(text, &Limits::default()).unwrap();
    build_one(&docs[0].root)
}

fn build_one(root: &source::Node) -> SlaDocument {
    crate::model::build::build("policies/acme.sla.yaml".into(), 0, root).unwrap()
}

/// The base document with `edits` applied (plain text replacements).
fn edited(edits: &[(&str, &str)]) -> SlaDocument {
    let mut text = SLA.to_string();
    for (from, to) in edits {
        assert!(text.contains(from), "{from}");
        text = text.replace(from, to);
    }
    doc(&text)
}

const LOWERED: (&str, &str) = ("target: \">= 99.9%\"", "target: \">= 99.5%\"");
const RAISED: (&str, &str) = ("target: \">= 99.9%\"", "target: \">= 99.95%\"");
/// A change of meaning whose direction cannot be judged (`text-changed`).
const REWORDED: (&str, &str) = ("description: The CRM.", "description: The CRM suite.");
const BUMPED: (&str, &str) = ("version: 3\nspec", "version: 4\nspec");
const ENTRY: (&str, &str) = (
    "  changelog:\n",
    "  changelog:\n    - version: 4\n      date: 2026-10-01\n      summary: Changed.\n",
);

/// What the binary passes: the diff findings with the policy's levels applied.
fn changes(base: &[SlaDocument], head: &[SlaDocument], policy: &Policy) -> Vec<Diagnostic> {
    let mut c = diff::diff(base, head);
    policy.apply_levels(&mut c);
    c
}

struct Case {
    name: &'static str,
    base: Vec<SlaDocument>,
    head: Vec<SlaDocument>,
    policy: &'static str,
    context: Context,
    validation: Vec<Diagnostic>,
    policy_head: Option<&'static str>,
    verdict: Verdict,
    codes: &'static [&'static str],
}

fn pr(author: &str, approvers: &[&str], labels: &[(&str, &str)]) -> Context {
    Context::PullRequest(PullRequestFacts {
        author: author.into(),
        approvals: approvers
            .iter()
            .map(|l| Approval {
                login: (*l).into(),
                commit_id: Some("abc".into()),
                since: Since::Same,
            })
            .collect(),
        labels: labels
            .iter()
            .map(|(n, by)| LabelFact {
                name: (*n).into(),
                added_by: Some((*by).into()),
            })
            .collect(),
        team_members: vec![
            ("acme-corp/procurement".into(), vec!["carol".into()]),
            ("northwind/sla-owners".into(), vec!["olivia".into()]),
        ],
    })
}

/// A pull request approved by `approvers` on a commit after which `since` changed.
fn pr_since(approvers: &[&str], since: &Since) -> Context {
    let Context::PullRequest(mut f) = pr("mallory", approvers, &[]) else {
        unreachable!()
    };
    for a in &mut f.approvals {
        a.since = since.clone();
    }
    Context::PullRequest(f)
}

/// The acme document changed after the reviewed commit `a1b2c3d`, in `e4f5a6b`.
fn acme_changed() -> Since {
    Since::Changed {
        policy: None,
        documents: vec![crate::compare::DocumentChange {
            document: "acme".into(),
            what: vec!["availability".into()],
            commit: Some("e4f5a6b".into()),
        }],
    }
}

fn run(c: &Case) -> Decision {
    let policy = Policy::load(".slagate.yaml".into(), c.policy.as_bytes().to_vec()).unwrap();
    let mut changes = changes(&c.base, &c.head, &policy);
    if let Some(h) = c.policy_head {
        let head = Policy::load(".slagate.yaml".into(), h.as_bytes().to_vec()).unwrap();
        changes.extend(diff::policy_changes(&policy, &head, &[]));
    }
    let repository = vec![doc(SLA)];
    let changed_docs = diff::changed_ids(&diff::diff(&c.base, &c.head));
    // What the comparison marks unreadable for these load findings: the documents they
    // name, and the files of those without a document.
    let unreadable: HashSet<String> = c
        .validation
        .iter()
        .map(|d| match &d.document {
            Some(id) => id.clone(),
            None => format!("file:{}", d.file),
        })
        .collect();
    evaluate(&GateInput {
        base: &c.base,
        head: &c.head,
        validation: &c.validation,
        changes: &changes,
        changed: &changed_docs,
        policy: &policy,
        policy_file: ".slagate.yaml",
        unreadable: &unreadable,
        context: &c.context,
        repository: &repository,
    })
}

fn invalid_head(id: &str) -> Diagnostic {
    Diagnostic::new(
        Code::SchemaViolation,
        "policies/acme.sla.yaml".into(),
        Span::point(5, 3),
        "bad",
    )
    .with_document(id)
}

fn base() -> Vec<SlaDocument> {
    vec![doc(SLA)]
}

/// A case on the base document, with the default policy and no validation findings.
fn case(
    name: &'static str,
    head: Vec<SlaDocument>,
    context: Context,
    verdict: Verdict,
    codes: &'static [&'static str],
) -> Case {
    Case {
        name,
        base: base(),
        head,
        policy: "",
        context,
        validation: Vec::new(),
        policy_head: None,
        verdict,
        codes,
    }
}

/// Every case, by concern.
fn cases() -> Vec<Case> {
    [
        versioning_cases(),
        validity_cases(),
        approval_cases(),
        policy_cases(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Step 2: a content change raises the version and adds a changelog entry.
#[allow(clippy::too_many_lines)]
fn versioning_cases() -> Vec<Case> {
    vec![
        case("no change", base(), Context::Local, Verdict::Pass, &[]),
        case(
            "strengthened, bumped, logged: the provider will approve",
            vec![edited(&[RAISED, BUMPED, ENTRY])],
            Context::Local,
            Verdict::NeedsApproval,
            &["approval-missing"],
        ),
        case(
            "strengthened, not bumped",
            vec![edited(&[RAISED])],
            Context::Local,
            Verdict::Fail,
            &[
                "version-not-bumped",
                "changelog-entry-missing",
                "approval-missing",
            ],
        ),
        case(
            "strengthened, bumped, no entry",
            vec![edited(&[RAISED, BUMPED])],
            Context::Local,
            Verdict::Fail,
            &["changelog-entry-missing", "approval-missing"],
        ),
        case(
            "version lowered",
            vec![edited(&[RAISED, ("version: 3\nspec", "version: 2\nspec")])],
            Context::Local,
            Verdict::Fail,
            &[
                "version-not-bumped",
                "changelog-entry-missing",
                "approval-missing",
            ],
        ),
        case(
            "only the version and changelog changed",
            vec![edited(&[BUMPED, ENTRY])],
            Context::Local,
            Verdict::Pass,
            &[],
        ),
        case(
            "restyled",
            vec![edited(&[
                ("\">= 99.9%\"", "'>= 99.90%'"),
                (
                    "[jdoe, northwind/sla-owners]",
                    "\n        - jdoe\n        - northwind/sla-owners",
                ),
            ])],
            Context::Local,
            Verdict::Pass,
            &[],
        ),
        Case {
            policy: "changeControl:\n  requireVersionBump: false\n  requireChangelog: false\n",
            ..case(
                "not required",
                vec![edited(&[RAISED])],
                pr("mallory", &["jdoe"], &[]),
                Verdict::Pass,
                &[],
            )
        },
        Case {
            policy: "changeControl:\n  requireVersionBump: false\n",
            ..case(
                "no bump required, entry reworded",
                vec![edited(&[
                    RAISED,
                    (
                        "summary: Yearly review.",
                        "summary: Yearly review; target raised.",
                    ),
                ])],
                pr("mallory", &["olivia"], &[]),
                Verdict::Pass,
                &[],
            )
        },
        Case {
            policy: "changeControl:\n  requireVersionBump: false\n",
            ..case(
                "no bump required, no new entry",
                vec![edited(&[RAISED])],
                pr("mallory", &["jdoe"], &[]),
                Verdict::Fail,
                &["changelog-entry-missing"],
            )
        },
        case(
            "weakened and not bumped: fail",
            vec![edited(&[LOWERED])],
            pr("mallory", &["jdoe", "carol"], &[]),
            Verdict::Fail,
            &["version-not-bumped", "changelog-entry-missing"],
        ),
        Case {
            base: vec![],
            ..case(
                "a new document, its provider approved",
                base(),
                pr("mallory", &["jdoe"], &[]),
                Verdict::Pass,
                &[],
            )
        },
        Case {
            base: vec![],
            ..case(
                "a new document needs no bump, but its provider",
                base(),
                pr("mallory", &[], &[]),
                Verdict::NeedsApproval,
                &["approval-missing"],
            )
        },
    ]
}

/// Step 1: the head must be valid at the base policy's `failOn`.
fn validity_cases() -> Vec<Case> {
    vec![
        Case {
            validation: vec![invalid_head("acme")],
            ..case(
                "an invalid head fails",
                vec![],
                pr("mallory", &["jdoe", "carol"], &[]),
                Verdict::Fail,
                &[],
            )
        },
        Case {
            validation: vec![Diagnostic {
                level: Level::Warning,
                ..invalid_head("acme")
            }],
            ..case(
                "a warning does not fail",
                vec![edited(&[BUMPED, ENTRY])],
                Context::Local,
                Verdict::Pass,
                &[],
            )
        },
        Case {
            policy: "failOn: warning\n",
            validation: vec![Diagnostic {
                level: Level::Warning,
                ..invalid_head("acme")
            }],
            ..case(
                "a warning fails with failOn: warning",
                vec![edited(&[BUMPED, ENTRY])],
                Context::Local,
                Verdict::Fail,
                &[],
            )
        },
    ]
}

/// Step 3: a weakening needs the approvals of the base revision's parties.
#[allow(clippy::too_many_lines)]
fn approval_cases() -> Vec<Case> {
    vec![
        case(
            "weakened locally: a warning",
            vec![edited(&[LOWERED, BUMPED, ENTRY])],
            Context::Local,
            Verdict::NeedsApproval,
            &["approval-missing", "approval-missing"],
        ),
        case(
            "weakened, no approvals",
            vec![edited(&[LOWERED, BUMPED, ENTRY])],
            pr("mallory", &[], &[]),
            Verdict::NeedsApproval,
            &["approval-missing", "approval-missing"],
        ),
        case(
            "weakened, provider approved",
            vec![edited(&[LOWERED, BUMPED, ENTRY])],
            pr("mallory", &["JDOE"], &[]),
            Verdict::NeedsApproval,
            &["approval-missing"],
        ),
        case(
            "weakened, both parties (team members)",
            vec![edited(&[LOWERED, BUMPED, ENTRY])],
            pr("mallory", &["olivia", "Carol"], &[]),
            Verdict::Pass,
            &[],
        ),
        case(
            "the author's approval does not count",
            vec![edited(&[LOWERED, BUMPED, ENTRY])],
            pr("carol", &["jdoe", "carol"], &[]),
            Verdict::NeedsApproval,
            &["approval-missing"],
        ),
        case(
            "an outsider's approval does not count",
            vec![edited(&[LOWERED, BUMPED, ENTRY])],
            pr("mallory", &["jdoe", "eve"], &[]),
            Verdict::NeedsApproval,
            &["approval-missing"],
        ),
        Case {
            policy: "changeControl:\n  overrideLabel: sla-ok\n",
            ..case(
                "override label added by an approver",
                vec![edited(&[LOWERED, BUMPED, ENTRY])],
                pr("mallory", &[], &[("sla-ok", "jdoe")]),
                Verdict::Pass,
                &[],
            )
        },
        Case {
            policy: "changeControl:\n  overrideLabel: sla-ok\n",
            ..case(
                "override label added by someone else",
                vec![edited(&[LOWERED, BUMPED, ENTRY])],
                pr("mallory", &[], &[("sla-ok", "eve")]),
                Verdict::NeedsApproval,
                &["approval-missing", "approval-missing"],
            )
        },
        Case {
            policy: "changeControl:\n  overrideLabel: sla-ok\n",
            ..case(
                "override label added by the author",
                vec![edited(&[LOWERED, BUMPED, ENTRY])],
                pr("jdoe", &[], &[("sla-ok", "jdoe")]),
                Verdict::NeedsApproval,
                &["approval-missing", "approval-missing"],
            )
        },
        Case {
            policy: "changeControl:\n  weakeningNeeds: provider\n",
            ..case(
                "provider only",
                vec![edited(&[LOWERED, BUMPED, ENTRY])],
                pr("mallory", &["jdoe"], &[]),
                Verdict::Pass,
                &[],
            )
        },
        Case {
            policy: "changeControl:\n  weakeningNeeds: none\n",
            ..case(
                "no approval needed",
                vec![edited(&[LOWERED, BUMPED, ENTRY])],
                pr("mallory", &[], &[]),
                Verdict::Pass,
                &[],
            )
        },
        Case {
            policy: "rules:\n  target-weakened: off\n",
            ..case(
                "a weakening turned off needs nothing",
                vec![edited(&[LOWERED, BUMPED, ENTRY])],
                pr("mallory", &[], &[]),
                Verdict::Pass,
                &[],
            )
        },
        case(
            "approvers named by the head do not count",
            vec![edited(&[
                LOWERED,
                BUMPED,
                ENTRY,
                (
                    "approvers: [acme-corp/procurement]",
                    "approvers: [mallory-friend]",
                ),
            ])],
            pr("mallory", &["jdoe", "mallory-friend"], &[]),
            Verdict::NeedsApproval,
            &["approval-missing"],
        ),
        case(
            "a removed document needs the base approvers",
            vec![],
            pr("mallory", &["jdoe"], &[]),
            Verdict::NeedsApproval,
            &["approval-missing"],
        ),
        case(
            "a removed document, approved",
            vec![],
            pr("mallory", &["jdoe", "carol"], &[]),
            Verdict::Pass,
            &[],
        ),
        case(
            "strengthened only, the provider approved",
            vec![edited(&[RAISED, BUMPED, ENTRY])],
            pr("mallory", &["jdoe"], &[]),
            Verdict::Pass,
            &[],
        ),
        case(
            "strengthened only, the customer cannot hand the provider new obligations",
            vec![edited(&[RAISED, BUMPED, ENTRY])],
            pr("mallory", &["carol"], &[]),
            Verdict::NeedsApproval,
            &["approval-missing"],
        ),
        Case {
            policy: "changeControl:\n  approvals:\n    strengthened: []\n",
            ..case(
                "strengthened, nobody needed by the policy",
                vec![edited(&[RAISED, BUMPED, ENTRY])],
                pr("mallory", &[], &[]),
                Verdict::Pass,
                &[],
            )
        },
        case(
            "changed, the provider alone is not enough",
            vec![edited(&[REWORDED, BUMPED, ENTRY])],
            pr("mallory", &["jdoe"], &[]),
            Verdict::NeedsApproval,
            &["approval-missing"],
        ),
        case(
            "changed, both parties",
            vec![edited(&[REWORDED, BUMPED, ENTRY])],
            pr("mallory", &["jdoe", "carol"], &[]),
            Verdict::Pass,
            &[],
        ),
        Case {
            policy: "changeControl:\n  approvals:\n    changed: [provider]\n",
            ..case(
                "changed, the policy asks the provider only",
                vec![edited(&[REWORDED, BUMPED, ENTRY])],
                pr("mallory", &["jdoe"], &[]),
                Verdict::Pass,
                &[],
            )
        },
        case(
            "weakened and strengthened: both, for the weakening",
            vec![edited(&[LOWERED, REWORDED, BUMPED, ENTRY])],
            pr("mallory", &["carol"], &[]),
            Verdict::NeedsApproval,
            &["approval-missing"],
        ),
        Case {
            policy: "overrides:\n  - documents: ['policies/**']\n    changeControl: {approvals: {weakened: [provider]}}\n",
            ..case(
                "an override by path: the provider alone",
                vec![edited(&[LOWERED, BUMPED, ENTRY])],
                pr("mallory", &["jdoe"], &[]),
                Verdict::Pass,
                &[],
            )
        },
        Case {
            policy: "overrides:\n  - documents: ['id:ac*']\n    changeControl: {approvals: {weakened: [provider]}}\n",
            ..case(
                "an override by id: the provider alone",
                vec![edited(&[LOWERED, BUMPED, ENTRY])],
                pr("mallory", &["jdoe"], &[]),
                Verdict::Pass,
                &[],
            )
        },
        Case {
            policy: "overrides:\n  - documents: ['public/**', 'id:other']\n    changeControl: {approvals: {weakened: [provider]}}\n",
            ..case(
                "an override that does not match: both",
                vec![edited(&[LOWERED, BUMPED, ENTRY])],
                pr("mallory", &["jdoe"], &[]),
                Verdict::NeedsApproval,
                &["approval-missing"],
            )
        },
        Case {
            policy: "overrides:\n  - documents: ['policies/**']\n    changeControl: {requireVersionBump: false, requireChangelog: false}\n",
            ..case(
                "an override that needs no version bump",
                vec![edited(&[RAISED])],
                pr("mallory", &["jdoe"], &[]),
                Verdict::Pass,
                &[],
            )
        },
        case(
            "approvals voided by a later change of the document",
            vec![edited(&[LOWERED, BUMPED, ENTRY])],
            pr_since(&["jdoe", "carol"], &acme_changed()),
            Verdict::NeedsApproval,
            &["approval-missing", "approval-missing"],
        ),
        case(
            "approvals kept across a push that changed another document",
            vec![edited(&[LOWERED, BUMPED, ENTRY])],
            pr_since(
                &["jdoe", "carol"],
                &Since::Changed {
                    policy: None,
                    documents: vec![crate::compare::DocumentChange {
                        document: "other".into(),
                        what: vec!["other".into()],
                        commit: None,
                    }],
                },
            ),
            Verdict::Pass,
            &[],
        ),
        case(
            "approvals voided by a change of the policy file",
            vec![edited(&[LOWERED, BUMPED, ENTRY])],
            pr_since(
                &["jdoe", "carol"],
                &Since::Changed {
                    policy: Some(None),
                    documents: Vec::new(),
                },
            ),
            Verdict::NeedsApproval,
            &["approval-missing", "approval-missing"],
        ),
        case(
            "approvals on a commit that is gone count for nothing",
            vec![edited(&[LOWERED, BUMPED, ENTRY])],
            pr_since(&["jdoe", "carol"], &Since::Unreachable),
            Verdict::NeedsApproval,
            &["approval-missing", "approval-missing"],
        ),
    ]
}

/// Step 4: a loosened policy needs every party of the repository.
fn policy_cases() -> Vec<Case> {
    vec![
        Case {
            policy_head: Some("failOn: never\n"),
            ..case(
                "policy loosened, no approvals",
                base(),
                pr("mallory", &["jdoe"], &[]),
                Verdict::NeedsApproval,
                &["approval-missing"],
            )
        },
        Case {
            policy_head: Some("failOn: never\n"),
            ..case(
                "policy loosened, locally",
                base(),
                Context::Local,
                Verdict::NeedsApproval,
                &["approval-missing", "approval-missing"],
            )
        },
        Case {
            policy_head: Some("failOn: never\n"),
            ..case(
                "policy loosened, approved by every party",
                base(),
                pr("mallory", &["olivia", "carol"], &[]),
                Verdict::Pass,
                &[],
            )
        },
    ]
}

// The walk: every case through `evaluate`.

#[test]
fn every_path_of_the_gate() {
    for c in cases() {
        let d = run(&c);
        let codes: Vec<&str> = d.findings.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(
            (d.verdict, codes.as_slice()),
            (c.verdict, c.codes),
            "{}: {d:#?}",
            c.name
        );
        assert_eq!(
            d.missing.len(),
            d.findings.len() + usize::from(!c.validation.is_empty() && c.verdict == Verdict::Fail),
            "{}: {:?}",
            c.name,
            d.missing
        );
        assert_eq!(d.verdict, Verdict::of(&d.missing), "{}", c.name);
    }
}

// Step 1: validity.

#[test]
fn an_invalid_head_is_missing_its_fix() {
    let c = cases()
        .into_iter()
        .find(|c| c.name == "an invalid head fails")
        .unwrap();
    let d = run(&c);
    assert_eq!(
        d.missing,
        [Missing::Valid {
            subject: Subject::Document,
            document: "acme".into(),
            file: "policies/acme.sla.yaml".into(),
            findings: 1,
        }]
    );
    assert!(!d.documents[0].valid);
}

// Step 2: versioning.

#[test]
fn version_findings_point_at_the_version_with_the_base_beside_it() {
    let c = cases()
        .into_iter()
        .find(|c| c.name == "strengthened, not bumped")
        .unwrap();
    let d = run(&c);
    let v = &d.findings[0];
    assert_eq!(
        v.message,
        "the content changed but `metadata.version` is still `3`"
    );
    assert_eq!(v.help.as_deref(), Some("raise `metadata.version` to `4`"));
    assert_eq!((v.span.start.line, v.related.len()), (5, 1));
    assert_eq!(d.findings[1].message, "no changelog entry for version `4`");
    assert_eq!(
        d.missing,
        [
            Missing::VersionBump {
                document: "acme".into(),
                base: 3,
                head: 3,
            },
            Missing::ChangelogEntry {
                document: "acme".into(),
                version: 4,
            },
            // A strengthening: the provider will have to approve it.
            Missing::Approval {
                subject: Subject::Document,
                document: "acme".into(),
                role: PartyRole::Provider,
                party: "Northwind".into(),
                approvers: vec!["jdoe".into(), "northwind/sla-owners".into()],
                classes: vec![ChangeClass::Strengthened],
                voided: Vec::new(),
                stage: Stage::Local,
            },
        ]
    );
    assert_eq!(
        (
            d.documents[0].version_bumped,
            d.documents[0].changelog_entry
        ),
        (Some(false), Some(false))
    );
}

// Step 3: approvals.

#[test]
fn the_checklist_records_who_approved_and_what_is_missing() {
    let c = cases()
        .into_iter()
        .find(|c| c.name == "weakened, provider approved")
        .unwrap();
    let d = run(&c);
    assert_eq!(d.documents.len(), 1);
    let doc = &d.documents[0];
    assert_eq!(
        (doc.subject, doc.document.as_str(), doc.valid),
        (Subject::Document, "acme", true)
    );
    assert_eq!(
        (doc.version_bumped, doc.changelog_entry, doc.weakened),
        (Some(true), Some(true), 1)
    );
    assert_eq!(doc.parties.len(), 2);
    assert_eq!(
        (doc.parties[0].role, doc.parties[0].approved_by.as_slice()),
        (PartyRole::Provider, ["JDOE".to_string()].as_slice())
    );
    assert_eq!(doc.parties[1].approvers, ["acme-corp/procurement"]);
    assert!(doc.parties[1].approved_by.is_empty());
    assert_eq!(
        d.missing,
        [Missing::Approval {
            subject: Subject::Document,
            document: "acme".into(),
            role: PartyRole::Customer,
            party: "Acme Corp".into(),
            approvers: vec!["acme-corp/procurement".into()],
            classes: vec![ChangeClass::Weakened],
            voided: Vec::new(),
            stage: Stage::PullRequest,
        }]
    );
    let f = &d.findings[0];
    assert_eq!(
        (f.level, f.message.as_str()),
        (
            Level::Error,
            "`acme` needs an approval of `Acme Corp` (customer): it is weakened"
        )
    );
    assert_eq!(
        f.help.as_deref(),
        Some("an approving review from one of `acme-corp/procurement`")
    );
    assert_eq!(
        (f.span.start.line, f.path.as_deref()),
        (14, Some("/spec/parties/customer/approvers"))
    );
}

#[test]
fn locally_the_approvals_are_a_warning_saying_what_the_change_will_need() {
    let c = cases()
        .into_iter()
        .find(|c| c.name == "weakened locally: a warning")
        .unwrap();
    let d = run(&c);
    assert!(d.findings.iter().all(|f| f.level == Level::Warning));
    assert_eq!(
        d.findings[0].message,
        "`acme` will need an approval of `Northwind` (provider) on the pull request: it is weakened"
    );
    assert_eq!(
        d.missing[1],
        Missing::Approval {
            subject: Subject::Document,
            document: "acme".into(),
            role: PartyRole::Customer,
            party: "Acme Corp".into(),
            approvers: vec!["acme-corp/procurement".into()],
            classes: vec![ChangeClass::Weakened],
            voided: Vec::new(),
            stage: Stage::Local,
        }
    );
}

#[test]
fn the_override_is_recorded() {
    let c = cases()
        .into_iter()
        .find(|c| c.name == "override label added by an approver")
        .unwrap();
    let d = run(&c);
    assert_eq!(
        d.documents[0].overridden_by,
        Some(("sla-ok".to_string(), "jdoe".to_string()))
    );
}

#[test]
fn every_class_counts_whatever_its_level() {
    let finding = |class: Class, level: Level| {
        let mut d = Diagnostic::new(
            Code::TargetDirectionFlipped,
            "policies/acme.sla.yaml".into(),
            Span::point(1, 1),
            "x",
        );
        d.level = level;
        d.change = Some(ChangeInfo {
            class,
            before: None,
            after: None,
            impact: None,
            side: Side::Head,
        });
        d
    };
    let all = [
        finding(Class::Changed, Level::Warning),
        finding(Class::Removed, Level::Error),
        finding(Class::Weakened, Level::Info),
        finding(Class::Added, Level::Info),
        finding(Class::Changed, Level::Error),
    ];
    // Removed folds into weakened (2), added into strengthened (1), changed twice (2).
    assert_eq!(
        approvals::classes(all.iter()),
        [
            (ChangeClass::Weakened, 2),
            (ChangeClass::Changed, 2),
            (ChangeClass::Strengthened, 1)
        ]
    );
    // A finding without a change (validity) has no class.
    let plain = Diagnostic::new(Code::SchemaViolation, "f".into(), Span::point(1, 1), "bad");
    assert!(approvals::classes([plain].iter()).is_empty());
}

#[test]
fn the_checklist_says_which_approval_a_later_change_voided() {
    let c = cases()
        .into_iter()
        .find(|c| c.name == "approvals voided by a later change of the document")
        .unwrap();
    let d = run(&c);
    let customer = &d.documents[0].parties[1];
    assert!(customer.approved_by.is_empty());
    assert_eq!(
        customer.voided,
        [Voided {
            login: "carol".into(),
            commit: Some("abc".into()),
            why: Void::Document {
                what: vec!["availability".into()],
                commit: Some("e4f5a6b".into()),
            },
        }]
    );
    let Missing::Approval { voided, .. } = &d.missing[1] else {
        panic!("{:?}", d.missing)
    };
    assert_eq!(voided, &customer.voided);
}

#[test]
fn a_document_moved_under_a_looser_override_keeps_the_stricter_rules() {
    let policy = Policy::load(
        ".slagate.yaml".into(),
        b"overrides:\n  - documents: ['public/**']\n    changeControl: {approvals: {weakened: [provider]}}\n".to_vec(),
    )
    .unwrap();
    let base = base();
    let mut moved = edited(&[LOWERED, BUMPED, ENTRY]);
    moved.file = "public/acme.sla.yaml".into();
    let head = vec![moved];
    let changes = changes(&base, &head, &policy);
    let changed_ids = diff::changed_ids(&diff::diff(&base, &head));
    let context = pr("mallory", &["jdoe"], &[]);
    let d = evaluate(&GateInput {
        base: &base,
        head: &head,
        validation: &[],
        changes: &changes,
        changed: &changed_ids,
        policy: &policy,
        policy_file: ".slagate.yaml",
        unreadable: &HashSet::new(),
        context: &context,
        repository: &[],
    });
    // The base path is under the top-level rules (both parties): the stricter holds.
    assert_eq!(d.verdict, Verdict::NeedsApproval, "{d:#?}");
}

// Step 4: a loosened policy.

#[test]
fn a_policy_change_needs_every_party_of_the_repository() {
    let c = cases()
        .into_iter()
        .find(|c| c.name == "policy loosened, no approvals")
        .unwrap();
    let d = run(&c);
    let p = d
        .documents
        .iter()
        .find(|d| d.subject == Subject::Policy)
        .unwrap();
    assert_eq!((p.document.as_str(), p.weakened), (".slagate.yaml", 1));
    let names: Vec<&str> = p.parties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Northwind", "Acme Corp"]);
    assert_eq!(&*d.findings[0].file, ".slagate.yaml");
    assert_eq!(
        d.findings[0].message,
        "the policy change needs an approval of `Acme Corp` (customer): it is weakened"
    );
}

// What the walk lists as subjects, and what it leaves out (mutation testing, issue 9: these
// facts are what a `document`, `relisted` or `seen` slip would change first).

/// The decision of the named case of [`cases`].
fn run_named(name: &str) -> Decision {
    let c = cases().into_iter().find(|c| c.name == name).unwrap();
    run(&c)
}

/// A validation finding about a file no document was read from.
fn unparsed(file: &str) -> Diagnostic {
    Diagnostic::new(Code::YamlSyntax, file.into(), Span::point(2, 1), "bad")
}

#[test]
fn an_unchanged_valid_document_is_no_subject() {
    let d = run_named("no change");
    // Nothing changed, nothing invalid, nothing removed, the policy as it was: no subject.
    assert!(d.documents.is_empty(), "{:?}", d.documents);
    assert_eq!((d.verdict, d.missing.len()), (Verdict::Pass, 0));
}

#[test]
fn a_new_version_or_changelog_alone_lists_the_document_and_asks_nothing() {
    // Version 3 -> 4 with the changelog as it was, then an entry for 4 under version 3: no
    // content change, so no versioning step (it would want an entry for 4 in the first, a bump
    // in the second), but each is listed, since what the parties refer to moved.
    let new_entry = ("  changelog:\n", ENTRY.1);
    for (what, head) in [
        ("version only", edited(&[BUMPED])),
        ("changelog only", edited(&[new_entry])),
    ] {
        let d = run(&case(what, vec![head], Context::Local, Verdict::Pass, &[]));
        assert_eq!(
            (d.verdict, d.findings.len()),
            (Verdict::Pass, 0),
            "{what}: {d:#?}"
        );
        assert_eq!(d.documents.len(), 1, "{what}");
        let doc = &d.documents[0];
        assert_eq!(
            (
                doc.document.as_str(),
                doc.valid,
                doc.version_bumped,
                doc.changelog_entry
            ),
            ("acme", true, None, None),
            "{what}"
        );
        assert_eq!((doc.weakened, doc.classes.len()), (0, 0), "{what}");
    }
}

#[test]
fn an_unchanged_document_that_turned_invalid_fails() {
    // The head is the base, but its validation (at failOn: error) finds one error in `acme`.
    let d = run(&Case {
        validation: vec![invalid_head("acme")],
        ..case(
            "unchanged, invalid",
            base(),
            pr("mallory", &[], &[]),
            Verdict::Fail,
            &[],
        )
    });
    assert_eq!(d.verdict, Verdict::Fail);
    assert_eq!(
        d.missing,
        [Missing::Valid {
            subject: Subject::Document,
            document: "acme".into(),
            file: "policies/acme.sla.yaml".into(),
            findings: 1,
        }]
    );
    // No content change: no versioning step, no finding of the gate's own.
    assert!(d.findings.is_empty(), "{:?}", d.findings);
    assert_eq!(d.documents.len(), 1);
    assert_eq!(
        (
            d.documents[0].valid,
            d.documents[0].version_bumped,
            d.documents[0].changelog_entry
        ),
        (false, None, None)
    );
}

#[test]
fn a_file_that_did_not_parse_is_one_subject_with_all_its_findings() {
    let file = "policies/broken.sla.yaml";
    let d = run(&Case {
        validation: vec![
            unparsed(file),
            unparsed(file),
            Diagnostic {
                level: Level::Warning,
                ..unparsed(file)
            },
        ],
        ..case("unparsed", base(), Context::Local, Verdict::Fail, &[])
    });
    // Two errors and a warning; at failOn: error the warning does not count: 2 findings, one
    // subject (keyed by its path), a document, not the policy.
    assert_eq!(
        d.missing,
        [Missing::Valid {
            subject: Subject::Document,
            document: file.into(),
            file: file.into(),
            findings: 2,
        }]
    );
    assert_eq!(d.documents.len(), 1);
    assert_eq!(
        (
            d.documents[0].subject,
            d.documents[0].document.as_str(),
            d.documents[0].valid
        ),
        (Subject::Document, file, false)
    );
    assert_eq!(d.verdict, Verdict::Fail);
}

#[test]
fn an_invalid_policy_file_is_the_policy_subject() {
    // The policy file as configured, and as shown below a directory.
    for file in [".slagate.yaml", "repo/.slagate.yaml"] {
        let d = run(&Case {
            validation: vec![unparsed(file)],
            ..case("invalid policy", base(), Context::Local, Verdict::Fail, &[])
        });
        assert_eq!(
            d.missing,
            [Missing::Valid {
                subject: Subject::Policy,
                document: ".slagate.yaml".into(),
                file: file.into(),
                findings: 1,
            }],
            "{file}"
        );
        assert_eq!(d.documents.len(), 1, "{file}");
        let p = &d.documents[0];
        assert_eq!(
            (p.subject, p.file.as_str(), p.valid, p.weakened),
            (Subject::Policy, file, false, 0),
            "{file}"
        );
    }
    // A file whose name only ends like the policy's is a document that did not parse.
    let d = run(&Case {
        validation: vec![unparsed("x.slagate.yaml")],
        ..case("not the policy", base(), Context::Local, Verdict::Fail, &[])
    });
    let Missing::Valid { subject, .. } = &d.missing[0] else {
        panic!("{:?}", d.missing)
    };
    assert_eq!(*subject, Subject::Document);
}

#[test]
fn an_invalid_and_loosened_policy_is_one_subject() {
    let d = run(&Case {
        validation: vec![unparsed(".slagate.yaml")],
        policy_head: Some("failOn: never\n"),
        ..case(
            "invalid and loosened policy",
            base(),
            Context::Local,
            Verdict::Fail,
            &[],
        )
    });
    // One subject: invalid (1 finding) and loosened once (`failOn` error -> never).
    assert_eq!(d.documents.len(), 1, "{d:#?}");
    let p = &d.documents[0];
    assert_eq!(
        (p.subject, p.valid, p.weakened),
        (Subject::Policy, false, 1)
    );
    // Missing: the fix, then both parties' approvals (locally, warnings).
    assert_eq!(d.missing.len(), 3, "{:?}", d.missing);
    assert!(matches!(
        d.missing[0],
        Missing::Valid {
            subject: Subject::Policy,
            findings: 1,
            ..
        }
    ));
    assert_eq!(d.verdict, Verdict::Fail);
}

#[test]
fn a_strengthening_weakens_nothing() {
    let d = run_named("strengthened only, the provider approved");
    // One raised target: one strengthening, no weakening.
    assert_eq!(
        (d.documents[0].weakened, d.documents[0].classes.as_slice()),
        (0, [(ChangeClass::Strengthened, 1)].as_slice())
    );
    let d = run_named("weakened and strengthened: both, for the weakening");
    // A lowered target (weakened) and a reworded description (changed).
    assert_eq!(d.documents[0].weakened, 1);
}

#[test]
fn a_document_moved_out_of_a_looser_override_keeps_the_stricter_rules() {
    // The mirror of the test above: from `public/` (the provider alone) to `policies/` (both).
    let policy = Policy::load(
        ".slagate.yaml".into(),
        b"overrides:\n  - documents: ['public/**']\n    changeControl: {approvals: {weakened: [provider]}}\n".to_vec(),
    )
    .unwrap();
    let mut public = doc(SLA);
    public.file = "public/acme.sla.yaml".into();
    let base = vec![public];
    let head = vec![edited(&[LOWERED, BUMPED, ENTRY])];
    let changes = changes(&base, &head, &policy);
    let changed_ids = diff::changed_ids(&diff::diff(&base, &head));
    let context = pr("mallory", &["jdoe"], &[]);
    let d = evaluate(&GateInput {
        base: &base,
        head: &head,
        validation: &[],
        changes: &changes,
        changed: &changed_ids,
        policy: &policy,
        policy_file: ".slagate.yaml",
        unreadable: &HashSet::new(),
        context: &context,
        repository: &[],
    });
    // The head path is under the top-level rules: the customer must approve too.
    assert_eq!(d.verdict, Verdict::NeedsApproval, "{d:#?}");
    let Missing::Approval { role, .. } = &d.missing[0] else {
        panic!("{:?}", d.missing)
    };
    assert_eq!(*role, PartyRole::Customer);
}

#[test]
fn each_subject_counts_its_own_failing_findings() {
    let (broken, other) = ("policies/broken.sla.yaml", "policies/other.sla.yaml");
    let d = run(&Case {
        validation: vec![
            invalid_head("acme"),
            invalid_head("acme"),
            unparsed(broken),
            unparsed(broken),
            unparsed(other),
            unparsed(".slagate.yaml"),
            unparsed(".slagate.yaml"),
            unparsed(".slagate.yaml"),
        ],
        ..case(
            "findings per subject",
            base(),
            Context::Local,
            Verdict::Fail,
            &[],
        )
    });
    let counts: Vec<(Subject, &str, usize)> = d
        .missing
        .iter()
        .map(|m| match m {
            Missing::Valid {
                subject,
                document,
                findings,
                ..
            } => (*subject, document.as_str(), *findings),
            other => panic!("{other:?}"),
        })
        .collect();
    // acme: its 2; each unparsed file: the findings without a document in that file (2, 1);
    // the policy file: its 3. Head documents first, then the failing findings in order.
    assert_eq!(
        counts,
        [
            (Subject::Document, "acme", 2),
            (Subject::Document, broken, 2),
            (Subject::Document, other, 1),
            (Subject::Policy, ".slagate.yaml", 3),
        ]
    );
}

#[test]
fn a_version_raised_by_more_than_one_needs_the_entry_of_the_head_version() {
    // 3 -> 5 with an entry for 5: the entry is of the version the head has, not base + 1 (4).
    let to_five = ("version: 3\nspec", "version: 5\nspec");
    let entry_five = (
        "  changelog:\n",
        "  changelog:\n    - version: 5\n      date: 2026-10-01\n      summary: Changed.\n",
    );
    let d = run(&case(
        "3 -> 5",
        vec![edited(&[RAISED, to_five, entry_five])],
        pr("mallory", &["jdoe"], &[]),
        Verdict::Pass,
        &[],
    ));
    assert_eq!(d.verdict, Verdict::Pass, "{d:#?}");
    assert_eq!(
        (
            d.documents[0].version_bumped,
            d.documents[0].changelog_entry
        ),
        (Some(true), Some(true))
    );
    // An entry for 4 under version 5 is not it.
    let d = run(&case(
        "3 -> 5, entry for 4",
        vec![edited(&[RAISED, to_five, ENTRY])],
        pr("mallory", &["jdoe"], &[]),
        Verdict::Fail,
        &[],
    ));
    assert_eq!(
        d.missing,
        [Missing::ChangelogEntry {
            document: "acme".into(),
            version: 5,
        }]
    );
}

#[test]
fn a_policy_change_merges_the_parties_of_every_document_by_role_and_name() {
    // A second document whose provider is the same party written in capitals (one more
    // approver, one already known in other case), and whose customer bears the provider's name:
    // a customer, so a party of its own.
    let other = doc(&SLA
        .replace("id: acme", "id: other")
        .replace(
            "name: Northwind\n      approvers: [jdoe, northwind/sla-owners]",
            "name: NORTHWIND\n      approvers: [kim, JDOE]",
        )
        .replace(
            "name: Acme Corp\n      approvers: [acme-corp/procurement]",
            "name: Northwind\n      approvers: [lee]",
        ));
    let policy = Policy::load(".slagate.yaml".into(), Vec::new()).unwrap();
    let loosened = Policy::load(".slagate.yaml".into(), b"failOn: never\n".to_vec()).unwrap();
    let changes = diff::policy_changes(&policy, &loosened, &[]);
    let (base, repository) = (base(), vec![doc(SLA), other]);
    let d = evaluate(&GateInput {
        base: &base,
        head: &base,
        validation: &[],
        changes: &changes,
        changed: &HashSet::new(),
        policy: &policy,
        policy_file: ".slagate.yaml",
        unreadable: &HashSet::new(),
        context: &Context::Local,
        repository: &repository,
    });
    let p = &d.documents[0];
    let parties: Vec<(PartyRole, &str, Vec<&str>)> = p
        .parties
        .iter()
        .map(|p| {
            let approvers = p.approvers.iter().map(String::as_str).collect();
            (p.role, p.name.as_str(), approvers)
        })
        .collect();
    assert_eq!(
        parties,
        [
            (
                PartyRole::Provider,
                "Northwind",
                vec!["jdoe", "northwind/sla-owners", "kim"]
            ),
            (
                PartyRole::Customer,
                "Acme Corp",
                vec!["acme-corp/procurement"]
            ),
            (PartyRole::Customer, "Northwind", vec!["lee"]),
        ]
    );
    // A finding about the policy names no document; one about a document names it.
    assert!(
        d.findings.iter().all(|f| f.document.is_none()),
        "{:?}",
        d.findings
    );
    let d = run_named("weakened, provider approved");
    assert_eq!(d.findings[0].document.as_deref(), Some("acme"));
}

#[test]
fn only_the_parties_a_class_binds_are_needed() {
    let d = run_named("strengthened only, the provider approved");
    // A strengthening binds the provider alone (the default `approvals.strengthened`).
    let needed: Vec<(PartyRole, bool)> = d.documents[0]
        .parties
        .iter()
        .map(|p| (p.role, p.needed))
        .collect();
    assert_eq!(
        needed,
        [(PartyRole::Provider, true), (PartyRole::Customer, false)]
    );
}

/// The base owes 30 days of notice before an adverse change.
const NOTICE: (&str, &str) = (
    "  changelog:\n",
    "  notice: {adverseChange: 30d}\n  changelog:\n",
);

#[test]
fn a_weakening_with_adverse_change_notice_needs_an_effective_date_that_far_out() {
    let base = vec![edited(&[NOTICE])];
    let with_entry = |effective: Option<&str>| {
        let entry = match effective {
            Some(e) => format!(
                "  changelog:\n    - version: 4\n      date: 2026-10-01\n      effective: {e}\n      summary: Lowered.\n"
            ),
            None => ENTRY.1.to_string(),
        };
        let text = SLA
            .replace(LOWERED.0, LOWERED.1)
            .replace(BUMPED.0, BUMPED.1)
            .replace(
                "  changelog:\n",
                &format!("  notice: {{adverseChange: 30d}}\n{entry}"),
            );
        vec![doc(&text)]
    };
    let approved = || pr("mallory", &["jdoe", "carol"], &[]);
    let gate = |head: Vec<SlaDocument>, context: Context| {
        run(&Case {
            base: base.clone(),
            ..case("notice", head, context, Verdict::Fail, &[])
        })
    };
    let missing = Missing::AdverseChangeNotice {
        document: "acme".into(),
        version: 4,
        notice: "30d".into(),
    };
    // No `effective` date: the weakening would take effect at once.
    let d = gate(with_entry(None), approved());
    assert_eq!(d.verdict, Verdict::Fail, "{d:#?}");
    assert_eq!(d.missing, std::slice::from_ref(&missing));
    let f = d
        .findings
        .iter()
        .find(|f| f.code == Code::AdverseChangeNoticeMissing)
        .expect("the finding");
    assert_eq!(f.path.as_deref(), Some("/spec/changelog"));
    // 2026-10-01 to 2026-10-30 is 29 days: one short of 30d.
    let d = gate(with_entry(Some("2026-10-30")), approved());
    assert_eq!(d.missing, std::slice::from_ref(&missing));
    // Locally too (the approvals are then only what the pull request will need).
    let d = gate(with_entry(Some("2026-10-30")), Context::Local);
    assert!(d.missing.contains(&missing), "{d:#?}");
    // 2026-10-01 to 2026-10-31 is 30 days: the notice is given.
    let d = gate(with_entry(Some("2026-10-31")), approved());
    assert_eq!(d.verdict, Verdict::Pass, "{d:#?}");
    // A strengthening needs no notice.
    let raised = SLA
        .replace(RAISED.0, RAISED.1)
        .replace(BUMPED.0, BUMPED.1)
        .replace(
            "  changelog:\n",
            &format!("  notice: {{adverseChange: 30d}}\n{}", ENTRY.1),
        );
    let d = gate(vec![doc(&raised)], approved());
    assert_eq!(d.verdict, Verdict::Pass, "{d:#?}");
    // Without a notice clause in the base, a weakening needs no effective date.
    let d = run(&case(
        "no notice",
        with_entry(None)
            .into_iter()
            .map(|mut h| {
                h.spec.notice = crate::model::Notice::default();
                h
            })
            .collect(),
        approved(),
        Verdict::Pass,
        &[],
    ));
    assert_eq!(d.verdict, Verdict::Pass, "{d:#?}");
}
