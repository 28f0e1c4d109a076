//! [`evaluate`]: the gate's decision, and the docs of the codes it emits.
//!
//! For every subject of the change (each changed document, and `.slagate.yaml` when a change
//! loosens it), in order:
//!
//! 1. The head must be valid: a validation finding at or above the base policy's `failOn`
//!    fails the gate.
//! 2. A content change needs a raised `metadata.version` and a changelog entry for the new
//!    version (`requireVersionBump`, `requireChangelog` of the base policy). "Content" is what
//!    the revision diff compares, before any rule level applies: everything but the version,
//!    the changelog and the way values are written. A new document needs neither (it starts
//!    the history); a removed one has nothing to bump.
//! 3. A weakening needs approvals (`weakeningNeeds`: one approver of each party, the
//!    provider's, or none). A finding counts as a weakening when its class is `weakened` or
//!    `removed`, or when it is `changed` at the failing level (a flipped comparator cannot
//!    be compared, so the parties must look); a rule turned `off` counts for nothing. The
//!    approvers are the base revision's (a removed document's too); a new document has no
//!    base, so its own are shown, though nothing in it can be weakened. Locally there are no
//!    reviews: what the change will need is a warning and does not fail the verdict.
//! 4. `policy-weakened` findings need the same approvals from every party named in any
//!    document of the base revision (grouped by role and name, approvers merged): the policy
//!    governs all of them.
//!
//! The verdict is `fail` when step 1 or 2 fails, else `needs-approval` when an approval is
//! missing, else `pass`; [`Decision::missing`] says what is missing in one sentence each.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::{
    Context, Decision, DocumentDecision, GateInput, PartyRole, PartyStatus, PullRequestFacts,
    Subject, Verdict, approvals,
};
use crate::diagnostic::{Class, Code, Diagnostic, Level, Span};
use crate::model::{ChangelogEntry, Party, SlaDocument};
use crate::policy::{self, Policy, WeakeningNeeds};

/// Decides: head valid, content changes versioned, weakenings approved.
pub fn evaluate(input: &GateInput<'_>) -> Decision {
    let mut g = Gate {
        input,
        facts: match input.context {
            Context::Local => None,
            Context::PullRequest(f) => Some(f),
        },
        decision: Decision {
            verdict: Verdict::Pass,
            documents: Vec::new(),
            findings: Vec::new(),
            missing: Vec::new(),
        },
        failed: false,
        unapproved: false,
    };
    let head_ids: HashSet<&str> = input.head.iter().map(|d| d.id.value.as_str()).collect();
    // Indexes, so a change of thousands of documents is not thousands squared comparisons.
    let mut base_by_id: HashMap<&str, &SlaDocument> = HashMap::with_capacity(input.base.len());
    for b in input.base {
        base_by_id.entry(b.id.value.as_str()).or_insert(b);
    }
    let failing: HashSet<&str> = input
        .validation
        .iter()
        .filter(|d| input.policy.fail_on.fails(d.level))
        .filter_map(|d| d.document.as_deref())
        .collect();
    let mut seen: HashSet<String> = HashSet::new();

    for h in input.head {
        let id = h.id.value.as_str();
        let b = base_by_id.get(id).copied();
        let changed = input.changed.contains(id);
        let relisted = b.is_some_and(|b| {
            b.version.value != h.version.value
                || !same_changelog(&b.spec.changelog, &h.spec.changelog)
        });
        let invalid = failing.contains(id);
        if (changed || relisted || invalid) && seen.insert(id.to_string()) {
            g.document(id, b, Some(h), changed && b.is_some());
        }
    }
    // Documents that did not build in the head, and files that did not parse.
    for d in input
        .validation
        .iter()
        .filter(|d| input.policy.fail_on.fails(d.level))
    {
        let key = d.document.clone().unwrap_or_else(|| d.file.to_string());
        if head_ids.contains(key.as_str()) || !seen.insert(key.clone()) {
            continue;
        }
        if d.document.is_none() && is_policy_file(&d.file) {
            g.policy(Some(d));
        } else {
            g.invalid(&key, &d.file);
        }
    }
    // Removed documents: gone from the head, and not because the head failed to load them.
    let concerned: HashSet<&str> = input
        .validation
        .iter()
        .filter_map(|d| d.document.as_deref())
        .collect();
    let broken_files: HashSet<&Arc<str>> = input
        .validation
        .iter()
        .filter(|d| d.document.is_none())
        .map(|d| &d.file)
        .collect();
    for b in input.base {
        let id = b.id.value.as_str();
        let unreadable = concerned.contains(id) || broken_files.contains(&b.file);
        if !head_ids.contains(id) && !unreadable && seen.insert(id.to_string()) {
            g.document(id, Some(b), None, false);
        }
    }
    if input.changes.iter().any(|d| d.code == Code::PolicyWeakened) && !seen.contains(policy_key())
    {
        g.policy(None);
    }

    let mut decision = g.decision;
    decision.verdict = if g.failed {
        Verdict::Fail
    } else if g.unapproved {
        Verdict::NeedsApproval
    } else {
        Verdict::Pass
    };
    decision
}

fn policy_key() -> &'static str {
    policy::FILE_NAME
}

fn is_policy_file(file: &str) -> bool {
    file == policy::FILE_NAME || file.ends_with(&format!("/{}", policy::FILE_NAME))
}

/// The changelogs are equal in what they say (not in how or where it is written).
fn same_changelog(a: &[ChangelogEntry], b: &[ChangelogEntry]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_entry(x, y))
}

fn same_entry(a: &ChangelogEntry, b: &ChangelogEntry) -> bool {
    a.version.value == b.version.value
        && a.date.value == b.date.value
        && a.summary.value == b.summary.value
        && a.change_request.as_ref().map(|c| &c.value)
            == b.change_request.as_ref().map(|c| &c.value)
        && a.approved_by
            .iter()
            .map(|s| &s.value)
            .eq(b.approved_by.iter().map(|s| &s.value))
}

/// Whether a change finding is one the parties must approve.
fn needs_review(d: &Diagnostic, policy: &Policy) -> bool {
    match d.change.as_ref().map(|c| c.class) {
        Some(Class::Weakened | Class::Removed) => true,
        Some(Class::Changed) => policy.fail_on.fails(d.level),
        _ => false,
    }
}

/// One party whose approval may be needed, as the base revision names it.
struct PartyRef {
    role: PartyRole,
    name: String,
    approvers: Vec<String>,
    /// Where to point a finding about it.
    file: Arc<str>,
    span: Span,
    path: String,
}

impl PartyRef {
    fn of(doc: &SlaDocument, role: PartyRole) -> PartyRef {
        let (party, key): (&Party, &str) = match role {
            PartyRole::Provider => (&doc.spec.provider, "provider"),
            PartyRole::Customer => (&doc.spec.customer, "customer"),
        };
        PartyRef {
            role,
            name: party.name.value.clone(),
            approvers: party.approvers.iter().map(|a| a.value.clone()).collect(),
            file: doc.file.clone(),
            span: party.approvers.first().map_or(party.name.span, |a| a.span),
            path: format!("/spec/parties/{key}/approvers"),
        }
    }
}

fn role_name(r: PartyRole) -> &'static str {
    match r {
        PartyRole::Provider => "provider",
        PartyRole::Customer => "customer",
    }
}

/// `a`, `b` or `c` in backticks.
fn one_of(list: &[String]) -> String {
    list.iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

struct Gate<'i, 'a> {
    input: &'i GateInput<'a>,
    facts: Option<&'a PullRequestFacts>,
    decision: Decision,
    failed: bool,
    unapproved: bool,
}

impl Gate<'_, '_> {
    fn fails(&self, d: &Diagnostic) -> bool {
        self.input.policy.fail_on.fails(d.level)
    }

    fn fail(&mut self, d: Diagnostic, sentence: String) {
        self.failed = true;
        self.decision.findings.push(d);
        self.decision.missing.push(sentence);
    }

    /// A head document that does not build, or a file that does not parse.
    fn invalid(&mut self, key: &str, file: &Arc<str>) {
        let n = self
            .input
            .validation
            .iter()
            .filter(|d| {
                self.fails(d)
                    && (d.document.as_deref() == Some(key)
                        || (d.document.is_none() && *d.file == *key))
            })
            .count();
        self.failed = true;
        self.decision.missing.push(format!(
            "`{key}` must validate: fix the {} in `{file}`.",
            plural(n, "finding")
        ));
        self.decision.documents.push(DocumentDecision {
            subject: Subject::Document,
            document: key.to_string(),
            file: file.to_string(),
            valid: false,
            version_bumped: None,
            changelog_entry: None,
            weakened: 0,
            parties: Vec::new(),
            overridden_by: None,
        });
    }

    fn document(
        &mut self,
        id: &str,
        base: Option<&SlaDocument>,
        head: Option<&SlaDocument>,
        content_changed: bool,
    ) {
        let doc = head.or(base).expect("a document is on one side at least");
        let invalid = self
            .input
            .validation
            .iter()
            .filter(|d| self.fails(d) && d.document.as_deref() == Some(id))
            .count();
        if invalid > 0 {
            self.failed = true;
            self.decision.missing.push(format!(
                "`{id}` must validate: fix the {} in `{}`.",
                plural(invalid, "finding"),
                doc.file
            ));
        }
        let mut version_bumped = None;
        let mut changelog_entry = None;
        if let (true, Some(b), Some(h)) = (content_changed, base, head) {
            let cc = self.input.policy.change_control.clone();
            let bumped = h.version.value > b.version.value;
            if cc.require_version_bump {
                version_bumped = Some(bumped);
                if !bumped {
                    let (was, now) = (b.version.value, h.version.value);
                    let message = if now == was {
                        format!("the content changed but `metadata.version` is still `{now}`")
                    } else {
                        format!(
                            "the content changed but `metadata.version` went down from `{was}` to `{now}`"
                        )
                    };
                    let d = Diagnostic::new(
                        Code::VersionNotBumped,
                        h.file.clone(),
                        h.version.span,
                        message,
                    )
                    .with_document(id)
                    .with_path("/metadata/version")
                    .with_help(format!("raise `metadata.version` to `{}`", was + 1))
                    .with_related(
                        b.file.clone(),
                        b.version.span,
                        "the base revision's version",
                    );
                    self.fail(
                        d,
                        format!("Raise `metadata.version` of `{id}` above `{was}`."),
                    );
                }
            }
            if cc.require_changelog {
                // The entry must be for the new version; without a required bump, any entry
                // for the head version that the base did not have as it is now.
                let version = if bumped || !cc.require_version_bump {
                    h.version.value
                } else {
                    b.version.value + 1
                };
                let present = h.spec.changelog.iter().any(|e| {
                    e.version.value == version && !b.spec.changelog.iter().any(|o| same_entry(o, e))
                });
                changelog_entry = Some(present);
                if !present {
                    let span = h
                        .spec
                        .changelog
                        .last()
                        .map_or(h.version.span, |e| e.version.span);
                    let d = Diagnostic::new(Code::ChangelogEntryMissing, h.file.clone(), span, format!("no changelog entry for version `{version}`"))
                        .with_document(id)
                        .with_path("/spec/changelog")
                        .with_help(format!("add a `changelog` entry with `version: {version}`, the date and a summary of the change"));
                    self.fail(
                        d,
                        format!("Add a changelog entry for version `{version}` of `{id}`."),
                    );
                }
            }
        }
        let weak: Vec<&Diagnostic> = self
            .input
            .changes
            .iter()
            .filter(|d| d.document.as_deref() == Some(id) && needs_review(d, self.input.policy))
            .collect();
        let mut decision = DocumentDecision {
            subject: Subject::Document,
            document: id.to_string(),
            file: doc.file.to_string(),
            valid: invalid == 0,
            version_bumped,
            changelog_entry,
            weakened: weak.len(),
            parties: Vec::new(),
            overridden_by: None,
        };
        if !weak.is_empty() {
            // The base revision's approvers; a new document has only its own.
            let named = base.or(head).expect("a document is on one side at least");
            let parties = vec![
                PartyRef::of(named, PartyRole::Provider),
                PartyRef::of(named, PartyRole::Customer),
            ];
            self.approvals(&mut decision, &parties, &format!("`{id}`"));
        }
        self.decision.documents.push(decision);
    }

    /// The policy file: loosened (`policy-weakened` in the changes), or invalid (`finding`).
    fn policy(&mut self, invalid: Option<&Diagnostic>) {
        let loosened: Vec<&Diagnostic> = self
            .input
            .changes
            .iter()
            .filter(|d| d.code == Code::PolicyWeakened)
            .collect();
        let file = invalid
            .or(loosened.first().copied())
            .map_or_else(|| policy::FILE_NAME.to_string(), |d| d.file.to_string());
        let mut decision = DocumentDecision {
            subject: Subject::Policy,
            document: policy::FILE_NAME.to_string(),
            file: file.clone(),
            valid: invalid.is_none(),
            version_bumped: None,
            changelog_entry: None,
            weakened: loosened.len(),
            parties: Vec::new(),
            overridden_by: None,
        };
        if invalid.is_some() {
            let n = self
                .input
                .validation
                .iter()
                .filter(|d| self.fails(d) && d.document.is_none() && *d.file == *file)
                .count();
            self.failed = true;
            self.decision.missing.push(format!(
                "`{file}` must be a valid policy: fix the {}.",
                plural(n, "finding")
            ));
        }
        if let Some(first) = loosened.first() {
            let mut parties: Vec<PartyRef> = Vec::new();
            let mut seen: HashSet<&str> = self
                .input
                .repository
                .iter()
                .map(|d| d.id.value.as_str())
                .collect();
            let docs = self.input.repository.iter().chain(
                self.input
                    .base
                    .iter()
                    .filter(|d| seen.insert(d.id.value.as_str())),
            );
            for doc in docs {
                for role in [PartyRole::Provider, PartyRole::Customer] {
                    let p = PartyRef::of(doc, role);
                    match parties.iter_mut().find(|q| {
                        q.role == p.role && q.name.to_lowercase() == p.name.to_lowercase()
                    }) {
                        Some(q) => {
                            for a in p.approvers {
                                if !q.approvers.iter().any(|x| x.eq_ignore_ascii_case(&a)) {
                                    q.approvers.push(a);
                                }
                            }
                        }
                        None => parties.push(p),
                    }
                }
            }
            // Findings about the policy point at the first loosening.
            for p in &mut parties {
                p.file = first.file.clone();
                p.span = first.span;
                p.path
                    .clone_from(first.path.as_ref().expect("policy findings have a path"));
            }
            self.approvals(&mut decision, &parties, "the policy change");
        }
        self.decision.documents.push(decision);
    }

    /// Fills the parties' approval status, and reports the approvals still missing.
    fn approvals(&mut self, decision: &mut DocumentDecision, parties: &[PartyRef], what: &str) {
        let cc = &self.input.policy.change_control;
        let needs = cc.weakening_needs;
        if needs == WeakeningNeeds::None {
            return;
        }
        let everyone: Vec<String> = parties
            .iter()
            .flat_map(|p| p.approvers.iter().cloned())
            .collect();
        if let (Some(label), Some(facts)) = (&cc.override_label, self.facts) {
            if let Some(by) = approvals::override_by(label, &everyone, facts) {
                decision.overridden_by = Some((label.clone(), by));
            }
        }
        for p in parties {
            let needed = needs == WeakeningNeeds::Parties || p.role == PartyRole::Provider;
            let approved_by = self
                .facts
                .map(|f| approvals::approved_by(&p.approvers, f))
                .unwrap_or_default();
            decision.parties.push(PartyStatus {
                role: p.role,
                name: p.name.clone(),
                needed,
                approvers: p.approvers.clone(),
                approved_by: approved_by.clone(),
            });
            if !needed || !approved_by.is_empty() || decision.overridden_by.is_some() {
                continue;
            }
            self.unapproved = true;
            let role = role_name(p.role);
            let mut help = if p.approvers.is_empty() {
                format!(
                    "the base revision names no approvers for `{}`: add them in a separate change first",
                    p.name
                )
            } else {
                format!("an approving review from one of {}", one_of(&p.approvers))
            };
            if let (Some(label), false) = (&cc.override_label, p.approvers.is_empty()) {
                help = format!("{help}, or the label `{label}` added by one of the approvers");
            }
            let (message, level, sentence) = if self.facts.is_some() {
                (
                    format!("{what} needs an approval of `{}` ({role})", p.name),
                    Level::Error,
                    format!(
                        "An approval of {what} by `{}` ({role}): {}.",
                        p.name,
                        who(&p.approvers)
                    ),
                )
            } else {
                (
                    format!(
                        "{what} will need an approval of `{}` ({role}) on the pull request",
                        p.name
                    ),
                    Level::Warning,
                    format!(
                        "The pull request will need an approval of {what} by `{}` ({role}): {}.",
                        p.name,
                        who(&p.approvers)
                    ),
                )
            };
            let mut d = Diagnostic::new(Code::ApprovalMissing, p.file.clone(), p.span, message)
                .with_path(p.path.clone())
                .with_help(help);
            d.level = level;
            if decision.subject == Subject::Document {
                d = d.with_document(decision.document.clone());
            }
            self.decision.findings.push(d);
            self.decision.missing.push(sentence);
        }
    }
}

fn who(approvers: &[String]) -> String {
    if approvers.is_empty() {
        "the base revision names no approvers for this party".into()
    } else {
        format!("one of {}", one_of(approvers))
    }
}

use crate::text::plural;

pub(crate) const VERSION_NOT_BUMPED: &str = "\
## What it checks
A change to the content of an agreement (anything but `metadata.version` and the changelog)
that does not raise `metadata.version`, when `changeControl.requireVersionBump` of the base
revision's `.slagate.yaml` is on (the default). Content is what the revision diff compares:
reformatting, reordering, comments and values written differently (`99.9%`/`99.90%`) are not
changes. A new document needs no bump.

## Why is this bad?
The version is how both parties refer to what they signed. Two different agreements under
one version number make every later dispute about \"version 3\" ambiguous.

## Example
The base revision has `version: 3` and `target: \">= 99.9%\"`:
```yaml
metadata:
  id: acme-crm
  version: 3            # version-not-bumped: still 3
spec:
  objectives:
    - id: availability
      target: \">= 99.95%\"
```
Raise `metadata.version` to 4 and add a changelog entry for it.";

pub(crate) const CHANGELOG_ENTRY_MISSING: &str = "\
## What it checks
A change to the content of an agreement without a `changelog` entry for the new version, when
`changeControl.requireChangelog` of the base revision's `.slagate.yaml` is on (the default).
When the version must be raised, the entry must be for the raised version; otherwise for the
head version, and new or reworded.

## Why is this bad?
The changelog is the record of what the parties agreed to change, when, and under which change
request. A change without an entry leaves no trace in the agreement itself.

## Example
```yaml
metadata:
  version: 4
spec:
  changelog:
    - version: 3          # changelog-entry-missing: no entry for version 4
      date: 2026-09-15
      summary: Yearly review.
```
Add `{version: 4, date: ..., summary: ...}`.";

pub(crate) const APPROVAL_MISSING: &str = "\
## What it checks
A weakening (a finding of class `weakened` or `removed`, or `changed` at the failing level)
or a `policy-weakened` finding without the approvals `changeControl.weakeningNeeds` asks for:
an approving review from one of the `approvers` of each party (`parties`, the default), of the
provider (`provider`), or none (`none`). The approvers are those of the base revision; a team
slug (`org/team`) counts for its members; the pull request's author never counts. The
`overrideLabel`, when the base policy names one, accepts the weakening if one of the
approvers added it.

On a pull request this is an error and the verdict is `needs-approval`. Locally
(`slagate check`, pre-commit) it is a warning that says which approvals the change will need,
and it does not fail the check.

## Why is this bad?
An SLA is amended only through change control both parties agree to: a weaker promise to the
customer must be accepted by the customer, not just written by the provider.

## Example
```yaml
spec:
  parties:
    customer:
      name: Acme Corp
      approvers: [acme-corp/procurement]
  objectives:
    - id: availability
      target: \">= 99.5%\"   # was 99.9%: approval-missing until a member of
                             # acme-corp/procurement approves the pull request
```";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{ChangeInfo, Side};
    use crate::diff;
    use crate::gate::{Approval, LabelFact, changed_ids, policy_changes};
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

    fn run(c: &Case) -> Decision {
        let policy = Policy::load(".slagate.yaml".into(), c.policy.as_bytes().to_vec()).unwrap();
        let mut changes = changes(&c.base, &c.head, &policy);
        if let Some(h) = c.policy_head {
            let head = Policy::load(".slagate.yaml".into(), h.as_bytes().to_vec()).unwrap();
            changes.extend(policy_changes(&policy, &head, &[]));
        }
        let repository = vec![doc(SLA)];
        let changed_docs = changed_ids(&diff::diff(&c.base, &c.head));
        evaluate(&GateInput {
            base: &c.base,
            head: &c.head,
            validation: &c.validation,
            changes: &changes,
            changed: &changed_docs,
            policy: &policy,
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

    #[allow(clippy::too_many_lines)]
    fn cases() -> Vec<Case> {
        let base = || vec![doc(SLA)];
        let case = |name, head: Vec<SlaDocument>, context, verdict, codes| Case {
            name,
            base: base(),
            head,
            policy: "",
            context,
            validation: Vec::new(),
            policy_head: None,
            verdict,
            codes,
        };
        vec![
            case("no change", base(), Context::Local, Verdict::Pass, &[]),
            case(
                "strengthened, bumped, logged",
                vec![edited(&[RAISED, BUMPED, ENTRY])],
                Context::Local,
                Verdict::Pass,
                &[],
            ),
            case(
                "strengthened, not bumped",
                vec![edited(&[RAISED])],
                Context::Local,
                Verdict::Fail,
                &["version-not-bumped", "changelog-entry-missing"],
            ),
            case(
                "strengthened, bumped, no entry",
                vec![edited(&[RAISED, BUMPED])],
                Context::Local,
                Verdict::Fail,
                &["changelog-entry-missing"],
            ),
            case(
                "version lowered",
                vec![edited(&[RAISED, ("version: 3\nspec", "version: 2\nspec")])],
                Context::Local,
                Verdict::Fail,
                &["version-not-bumped", "changelog-entry-missing"],
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
                    Context::Local,
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
                    Context::Local,
                    Verdict::Pass,
                    &[],
                )
            },
            Case {
                policy: "changeControl:\n  requireVersionBump: false\n",
                ..case(
                    "no bump required, no new entry",
                    vec![edited(&[RAISED])],
                    Context::Local,
                    Verdict::Fail,
                    &["changelog-entry-missing"],
                )
            },
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
                "weakened and not bumped: fail",
                vec![edited(&[LOWERED])],
                pr("mallory", &["jdoe", "carol"], &[]),
                Verdict::Fail,
                &["version-not-bumped", "changelog-entry-missing"],
            ),
            Case {
                base: vec![],
                ..case(
                    "a new document needs no bump",
                    base(),
                    pr("mallory", &[], &[]),
                    Verdict::Pass,
                    &[],
                )
            },
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
                d.findings.len()
                    + usize::from(!c.validation.is_empty() && c.verdict == Verdict::Fail),
                "{}: {:?}",
                c.name,
                d.missing
            );
        }
    }

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
            ["An approval of `acme` by `Acme Corp` (customer): one of `acme-corp/procurement`."]
        );
        let f = &d.findings[0];
        assert_eq!(
            (f.level, f.message.as_str()),
            (
                Level::Error,
                "`acme` needs an approval of `Acme Corp` (customer)"
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
            "`acme` will need an approval of `Northwind` (provider) on the pull request"
        );
        assert_eq!(
            d.missing[1],
            "The pull request will need an approval of `acme` by `Acme Corp` (customer): one of `acme-corp/procurement`."
        );
    }

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
                "Raise `metadata.version` of `acme` above `3`.",
                "Add a changelog entry for version `4` of `acme`."
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
            "the policy change needs an approval of `Acme Corp` (customer)"
        );
    }

    #[test]
    fn a_changed_finding_at_the_failing_level_must_be_reviewed() {
        let mut flipped = Diagnostic::new(
            Code::TargetDirectionFlipped,
            "policies/acme.sla.yaml".into(),
            Span::point(1, 1),
            "flipped",
        )
        .with_document("acme");
        flipped.change = Some(ChangeInfo {
            class: Class::Changed,
            before: None,
            after: None,
            impact: None,
            side: Side::Head,
        });
        let policy = Policy::default();
        assert!(needs_review(&flipped, &policy));
        flipped.level = Level::Warning;
        assert!(!needs_review(&flipped, &policy));
    }
}
