//! [`evaluate`]: the walk over the subjects of a change, each through the gate's checks.
//!
//! The subjects, in order: each head document that changed (in content, version or
//! changelog) or is invalid; each head file or document that did not build; each base
//! document gone from the head (not because the head failed to load it); and
//! the policy file (`.slagate.yaml` or the configured one), when it is invalid or a change loosens it. Each goes through
//! [`validity`](super::validity), [`versioning`](super::versioning) (documents changed in
//! content that have a base) and [`approvals`](super::approvals) (subjects with a weakening).
//! Every check records its facts in the subject's [`DocumentDecision`] and what is missing as
//! [`Missing`] values; [`Verdict::of`] reads the verdict off the latter.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::validity::Validity;
use super::{
    Context, Decision, DocumentDecision, GateInput, Missing, PullRequestFacts, Subject, Verdict,
    approvals, notice, versioning,
};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::SlaDocument;
use crate::policy::{ChangeClass, ChangeControl};

/// Decides: head valid, content changes versioned, weakenings approved.
pub fn evaluate(input: &GateInput<'_>) -> Decision {
    let validity = Validity::new(input.validation, input.policy.fail_on);
    let mut g = Gate {
        input,
        facts: match input.context {
            Context::Local => None,
            Context::PullRequest(f) => Some(f),
        },
        validity: &validity,
        documents: Vec::new(),
        findings: Vec::new(),
        missing: Vec::new(),
    };
    let head_ids: HashSet<&str> = input.head.iter().map(|d| d.id.value.as_str()).collect();
    // Indexes, so a change of thousands of documents is not thousands squared comparisons.
    let mut base_by_id: HashMap<&str, &SlaDocument> = HashMap::with_capacity(input.base.len());
    for b in input.base {
        base_by_id.entry(b.id.value.as_str()).or_insert(b);
    }
    let invalid_ids = validity.invalid_ids();
    let mut seen: HashSet<String> = HashSet::new();

    for h in input.head {
        let id = h.id.value.as_str();
        let b = base_by_id.get(id).copied();
        let changed = input.changed.contains(id);
        let relisted = b.is_some_and(|b| {
            b.version.value != h.version.value
                || !versioning::same_changelog(&b.spec.changelog, &h.spec.changelog)
        });
        let invalid = invalid_ids.contains(id);
        if (changed || relisted || invalid) && seen.insert(id.to_string()) {
            g.document(id, b, Some(h), changed && b.is_some());
        }
    }
    // Documents that did not build in the head, and files that did not parse.
    for d in validity.failing() {
        let key = d.document.clone().unwrap_or_else(|| d.file.to_string());
        if head_ids.contains(key.as_str()) || !seen.insert(key.clone()) {
            continue;
        }
        if d.document.is_none() && is_policy_file(&d.file, input.policy_file) {
            g.policy(Some(d));
        } else {
            g.invalid(&key, &d.file);
        }
    }
    // Removed documents: gone from the head, and not because the head failed to load them.
    for b in input.base {
        let id = b.id.value.as_str();
        if !head_ids.contains(id)
            && !input.unreadable.contains(id)
            && !input.unreadable.contains(&format!("file:{}", b.file))
            && seen.insert(id.to_string())
        {
            g.document(id, Some(b), None, false);
        }
    }
    if input.changes.iter().any(|d| d.code == Code::PolicyWeakened)
        && !seen.contains(input.policy_file)
    {
        g.policy(None);
    }

    Decision {
        verdict: Verdict::of(&g.missing),
        documents: g.documents,
        findings: g.findings,
        missing: g.missing,
    }
}

/// How many of `classes` are weakenings.
fn weakened(classes: &[(ChangeClass, usize)]) -> usize {
    classes
        .iter()
        .find(|(c, _)| *c == ChangeClass::Weakened)
        .map_or(0, |(_, n)| *n)
}

/// Whether a finding's file is the policy file at `path` (as written, or as shown below a
/// directory).
fn is_policy_file(file: &str, path: &str) -> bool {
    file == path || file.ends_with(&format!("/{path}"))
}

/// The decision as it is built, subject by subject.
struct Gate<'i, 'a> {
    input: &'i GateInput<'a>,
    facts: Option<&'a PullRequestFacts>,
    validity: &'i Validity<'a>,
    documents: Vec<DocumentDecision>,
    findings: Vec<Diagnostic>,
    missing: Vec<Missing>,
}

impl Gate<'_, '_> {
    /// Step 3 for one subject: the approvals its `parties` owe under `cc`, recorded.
    fn approvals(
        &mut self,
        decision: &mut DocumentDecision,
        parties: &[approvals::PartyRef],
        cc: &ChangeControl,
    ) {
        let missing = approvals::check(decision, parties, cc, self.facts);
        self.record(missing);
    }

    /// The change-control rules of a document: the first matching override (or the
    /// top-level rules) at each of its paths, the strictest when base and head differ.
    fn rules_for(&self, base: Option<&SlaDocument>, head: Option<&SlaDocument>) -> ChangeControl {
        let policy = self.input.policy;
        let of = |d: &SlaDocument| policy.change_control_for(&d.file, &d.id.value);
        match (base, head) {
            (Some(b), Some(h)) if b.file != h.file => of(b).strictest(of(h)),
            (Some(d), _) | (None, Some(d)) => of(d).clone(),
            (None, None) => policy.change_control.clone(),
        }
    }

    /// Records what a check found missing, with its finding.
    fn record(&mut self, failures: Vec<(Diagnostic, Missing)>) {
        for (d, m) in failures {
            self.findings.push(d);
            self.missing.push(m);
        }
    }

    /// A head document that does not build, or a file that does not parse.
    fn invalid(&mut self, key: &str, file: &Arc<str>) {
        self.missing.push(Missing::Valid {
            subject: Subject::Document,
            document: key.to_string(),
            file: file.to_string(),
            findings: self.validity.of_key(key),
        });
        self.documents.push(DocumentDecision {
            subject: Subject::Document,
            document: key.to_string(),
            file: file.to_string(),
            valid: false,
            version_bumped: None,
            changelog_entry: None,
            weakened: 0,
            classes: Vec::new(),
            customer_owed: Vec::new(),
            parties: Vec::new(),
            overridden_by: None,
        });
    }

    /// A changed, invalid or removed document; `content_changed` when it has a base and its
    /// content differs (so it must be versioned).
    fn document(
        &mut self,
        id: &str,
        base: Option<&SlaDocument>,
        head: Option<&SlaDocument>,
        content_changed: bool,
    ) {
        let doc = head.or(base).expect("a document is on one side at least");
        let invalid = self.validity.of_document(id);
        if invalid > 0 {
            self.missing.push(Missing::Valid {
                subject: Subject::Document,
                document: id.to_string(),
                file: doc.file.to_string(),
                findings: invalid,
            });
        }
        let cc = self.rules_for(base, head);
        let mut versioning = versioning::Versioning::default();
        if let (true, Some(b), Some(h)) = (content_changed, base, head) {
            versioning = versioning::check(id, b, h, &cc);
        }
        self.record(versioning.failures);
        let of_document = || {
            self.input
                .changes
                .iter()
                .filter(|d| d.document.as_deref() == Some(id))
        };
        let classes = approvals::classes(of_document());
        let customer_owed =
            approvals::classes(of_document().filter(|d| approvals::customer_owed(d, base, head)));
        if let (true, Some(b), Some(h)) = (content_changed, base, head) {
            let late = notice::check(id, b, h, weakened(&classes));
            self.record(late.into_iter().collect());
        }
        let mut decision = DocumentDecision {
            subject: Subject::Document,
            document: id.to_string(),
            file: doc.file.to_string(),
            valid: invalid == 0,
            version_bumped: versioning.version_bumped,
            changelog_entry: versioning.changelog_entry,
            weakened: weakened(&classes),
            classes,
            customer_owed,
            parties: Vec::new(),
            overridden_by: None,
        };
        if !decision.classes.is_empty() {
            // The base revision's approvers; a new document has only its own.
            let parties = approvals::document_parties(base.unwrap_or(doc));
            self.approvals(&mut decision, &parties, &cc);
        }
        self.documents.push(decision);
    }

    /// The policy file: loosened (`policy-weakened` in the changes), or invalid (`finding`).
    fn policy(&mut self, invalid: Option<&Diagnostic>) {
        let loosened: Vec<&Diagnostic> = self
            .input
            .changes
            .iter()
            .filter(|d| d.code == Code::PolicyWeakened)
            .collect();
        let file = invalid.or(loosened.first().copied()).map_or_else(
            || self.input.policy_file.to_string(),
            |d| d.file.to_string(),
        );
        let mut decision = DocumentDecision {
            subject: Subject::Policy,
            document: self.input.policy_file.to_string(),
            file: file.clone(),
            valid: invalid.is_none(),
            version_bumped: None,
            changelog_entry: None,
            weakened: loosened.len(),
            classes: approvals::classes(loosened.iter().copied()),
            customer_owed: Vec::new(),
            parties: Vec::new(),
            overridden_by: None,
        };
        if invalid.is_some() {
            self.missing.push(Missing::Valid {
                subject: Subject::Policy,
                document: self.input.policy_file.to_string(),
                findings: self.validity.of_file(&file),
                file,
            });
        }
        if let Some(first) = loosened.first() {
            let parties = approvals::policy_parties(self.input.repository, self.input.base, first);
            let cc = self.input.policy.change_control.clone();
            self.approvals(&mut decision, &parties, &cc);
        }
        self.documents.push(decision);
    }
}
