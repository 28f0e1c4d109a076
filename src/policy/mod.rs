//! The repository policy, `.slagate.yaml`: discovery globs, rule levels, the failing level
//! and the change-control settings.
//!
//! Loaded through [`crate::source`] and checked against `schemas/policy.schema.json` like an
//! SLA file, so a malformed policy is an error with its line, never ignored. A missing file
//! means the defaults. `changeControl` and the classes of change are in [`change_control`],
//! `overrides:` (other rules for some documents) in [`overrides`], `governance:` (the
//! thresholds of the scheduled governance run) in `governance.rs` ([`Governance`]).

mod change_control;
mod governance;
mod overrides;

use std::sync::Arc;

pub use change_control::{Approvals, ChangeClass, ChangeControl, Parties, PartyRole};
pub use governance::Governance;
pub use overrides::{DocumentPattern, Override};

use crate::diagnostic::{Code, Diagnostic, Level, Span};
use crate::load::Rejected;
use crate::model::Spanned;
use crate::schema::Schema;
use crate::source::yaml::Key;
use crate::source::{self, Limits, Value};

/// The file name looked up at the repository root.
pub const FILE_NAME: &str = ".slagate.yaml";

/// Default discovery globs (sla-format.md).
pub const DEFAULT_INCLUDE: [&str; 4] = [
    "**/*.sla.yaml",
    "**/*.sla.yml",
    "**/*.ola.yaml",
    "**/*.ola.yml",
];

/// A rule's configured level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleSetting {
    /// Report at this level.
    Level(Level),
    /// Do not report.
    Off,
}

/// The level at which findings fail a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FailOn {
    /// Errors fail (the default).
    #[default]
    Error,
    /// Warnings and errors fail.
    Warning,
    /// Every finding fails.
    Info,
    /// Nothing fails.
    Never,
}

impl FailOn {
    /// Parses `error`, `warning`, `info`, `never`.
    pub fn parse(s: &str) -> Option<FailOn> {
        Some(match s {
            "error" => FailOn::Error,
            "warning" => FailOn::Warning,
            "info" => FailOn::Info,
            "never" => FailOn::Never,
            _ => return None,
        })
    }

    /// The lowest level that fails, if any.
    pub fn threshold(self) -> Option<Level> {
        match self {
            FailOn::Error => Some(Level::Error),
            FailOn::Warning => Some(Level::Warning),
            FailOn::Info => Some(Level::Info),
            FailOn::Never => None,
        }
    }

    /// Whether a finding at `level` fails.
    pub fn fails(self, level: Level) -> bool {
        self.threshold().is_some_and(|t| level >= t)
    }
}

/// The repository policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// Where it was loaded from (`None` for the defaults).
    pub file: Option<Arc<str>>,
    /// Discovery globs.
    pub include: Vec<String>,
    /// Globs removed from discovery.
    pub exclude: Vec<String>,
    /// Per-rule level overrides.
    pub rules: Vec<(Spanned<Code>, Spanned<RuleSetting>)>,
    /// The failing level.
    pub fail_on: FailOn,
    /// Change control.
    pub change_control: ChangeControl,
    /// Other change-control rules for some documents, first match wins.
    pub overrides: Vec<Override>,
    /// The thresholds and the label of the scheduled governance run.
    pub governance: Governance,
    /// Where each setting is written (`/failOn`, `/changeControl/requireVersionBump`, ...):
    /// the key and its value, so a finding about a setting points at its line.
    pub locations: Vec<(&'static str, Span)>,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            file: None,
            include: DEFAULT_INCLUDE.iter().map(|s| (*s).to_string()).collect(),
            exclude: Vec::new(),
            rules: Vec::new(),
            fail_on: FailOn::Error,
            change_control: ChangeControl::default(),
            overrides: Vec::new(),
            governance: Governance::default(),
            locations: Vec::new(),
        }
    }
}

impl Policy {
    /// The level a code reports at under this policy, `None` when turned off.
    pub fn level_of(&self, code: Code) -> Option<Level> {
        match self.rules.iter().rev().find(|(c, _)| c.value == code) {
            Some((_, s)) => match s.value {
                RuleSetting::Level(l) => Some(l),
                RuleSetting::Off => None,
            },
            None => Some(code.default_level()),
        }
    }

    /// The change-control rules of the document `id` at `path`: the first override that
    /// matches, else the top-level ones.
    pub fn change_control_for(&self, path: &str, id: &str) -> &ChangeControl {
        self.overrides
            .iter()
            .find(|o| o.matches(path, id))
            .map_or(&self.change_control, |o| &o.change_control)
    }

    /// Every override label the policy names (top-level and in overrides), each once.
    pub fn override_labels(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        let all = std::iter::once(&self.change_control)
            .chain(self.overrides.iter().map(|o| &o.change_control));
        for label in all.filter_map(|cc| cc.override_label.as_deref()) {
            if !out.iter().any(|l| l.eq_ignore_ascii_case(label)) {
                out.push(label);
            }
        }
        out
    }

    /// Where the setting at `pointer` (such as `/changeControl/overrideLabel`) is written,
    /// else where its closest written parent is.
    pub fn span_of(&self, pointer: &str) -> Option<Span> {
        let mut p = pointer;
        loop {
            if let Some((_, span)) = self.locations.iter().find(|(k, _)| *k == p) {
                return Some(*span);
            }
            p = &p[..p.rfind('/').filter(|i| *i > 0)?];
        }
    }

    /// Applies the rule levels: drops findings turned off, sets the others' levels.
    pub fn apply_levels(&self, diagnostics: &mut Vec<Diagnostic>) {
        if self.rules.is_empty() {
            return;
        }
        diagnostics.retain_mut(|d| match self.level_of(d.code) {
            Some(level) => {
                d.level = level;
                true
            }
            None => false,
        });
    }

    /// Loads a policy file from its bytes: the one policy loader, whatever path or revision
    /// the file comes from. A malformed file is [`Rejected`]: its located findings and its
    /// text, for the snippets.
    pub fn load(file: Arc<str>, bytes: Vec<u8>) -> Result<Policy, Rejected> {
        let copy = bytes.clone();
        Policy::parse(file.clone(), bytes).map_err(|d| Rejected::new(file, &copy, d))
    }

    fn parse(file: Arc<str>, bytes: Vec<u8>) -> Result<Policy, Vec<Diagnostic>> {
        let limits = Limits::default();
        let text = source::decode(file.clone(), bytes, &limits).map_err(|d| vec![*d])?;
        let docs = source::yaml::parse(&text.text, &limits)
            .map_err(|e| vec![crate::load::yaml_error(&file, e)])?;
        let Some(doc) = docs.first() else {
            return Ok(Policy {
                file: Some(file),
                ..Policy::default()
            });
        };
        if docs.len() > 1 {
            return Err(vec![
                Diagnostic::new(
                    Code::SchemaViolation,
                    file.clone(),
                    docs[1].root.span,
                    "the policy file holds more than one document",
                )
                .with_help("keep one YAML document in `.slagate.yaml`"),
            ]);
        }
        let root = &doc.root;
        if matches!(root.value, Value::Null) {
            return Ok(Policy {
                file: Some(file),
                ..Policy::default()
            });
        }
        let errors = Schema::policy().check(&file, root);
        if !errors.is_empty() {
            return Err(errors);
        }
        Policy::from_node(&file, root)
    }

    /// The policy of a document that fits the policy schema: the settings, where each is
    /// written, and the errors the schema cannot see (globs, rule names), globs first.
    fn from_node(file: &Arc<str>, root: &source::Node) -> Result<Policy, Vec<Diagnostic>> {
        let strings = |key: &str| -> Option<Vec<String>> {
            root.get(key).and_then(|n| n.as_seq()).map(|items| {
                items
                    .iter()
                    .filter_map(|n| n.as_str().map(str::to_string))
                    .collect()
            })
        };
        let defaults = Policy::default();
        let mut policy = Policy {
            file: Some(file.clone()),
            include: strings("include").unwrap_or(defaults.include),
            exclude: strings("exclude").unwrap_or(defaults.exclude),
            locations: locations(root),
            ..Policy::default()
        };
        let mut errors = glob_errors(file, root, &policy);
        policy.rules = rules(file, root, &mut errors);
        if let Some(f) = root
            .get("failOn")
            .and_then(|n| n.as_str())
            .and_then(FailOn::parse)
        {
            policy.fail_on = f;
        }
        if let Some(cc) = root.get("changeControl") {
            policy.change_control = change_control::parse(
                file,
                cc,
                &ChangeControl::default(),
                "/changeControl",
                &mut errors,
            );
        }
        if let Some(list) = root.get("overrides") {
            policy.overrides = overrides::parse(file, list, &policy.change_control, &mut errors);
        }
        if let Some(g) = root.get("governance") {
            policy.governance = governance::parse(file, g, &mut errors);
        }
        if errors.is_empty() {
            Ok(policy)
        } else {
            Err(errors)
        }
    }
}

/// Where each top-level setting and each `changeControl` setting is written: the key and its
/// value.
fn locations(root: &source::Node) -> Vec<(&'static str, Span)> {
    let entry = |key: &Key, value: &source::Node| Span {
        start: key.span.start,
        end: value.span.end,
    };
    let mut out = Vec::new();
    for (key, value) in root.as_map().unwrap_or_default() {
        let Some(name) = TOP_LEVEL.iter().find(|k| k[1..] == key.name) else {
            continue;
        };
        out.push((*name, entry(key, value)));
        if *name == "/changeControl" {
            for (key, value) in value.as_map().unwrap_or_default() {
                if let Some(name) = CHANGE_CONTROL
                    .iter()
                    .find(|k| k["/changeControl/".len()..] == key.name)
                {
                    out.push((*name, entry(key, value)));
                }
            }
        }
    }
    out
}

/// A finding for every `include` or `exclude` glob that does not compile.
fn glob_errors(file: &Arc<str>, root: &source::Node, policy: &Policy) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for glob in policy.include.iter().chain(&policy.exclude) {
        if let Err(e) = globset::Glob::new(glob) {
            let span = find_string(root, glob).unwrap_or(root.span);
            errors.push(
                Diagnostic::new(
                    Code::SchemaViolation,
                    file.clone(),
                    span,
                    format!("`{glob}` is not a valid glob: {}", e.kind()),
                )
                .with_help("use globs such as `policies/**/*.sla.yaml`"),
            );
        }
    }
    errors
}

/// The codes a misspelt or guessed name may mean: the nearest by spelling (two edits at
/// most: `target-weaken`), else the codes of the same family, by the first word of the
/// name (`window-lengthened` -> `window-weakened`, `window-strengthened`: spelling alone
/// would offer the opposite). At most five.
pub fn similar_rules(name: &str) -> Vec<Code> {
    let names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    if let Some(n) = crate::text::closest(name, &names, |_| 2) {
        return Code::from_name(n).into_iter().collect();
    }
    let family = |n: &str| n.split('-').next().unwrap_or_default().to_string();
    let wanted = family(&name.to_lowercase());
    Code::ALL
        .iter()
        .copied()
        .filter(|c| !wanted.is_empty() && family(c.as_str()) == wanted)
        .take(5)
        .collect()
}

/// "did you mean `window-weakened` or `window-strengthened`?", or where to find the list.
fn rule_help(name: &str) -> String {
    let similar: Vec<String> = similar_rules(name)
        .iter()
        .map(|c| format!("`{c}`"))
        .collect();
    match similar.as_slice() {
        [] => "`slagate explain --list` prints every rule id".to_string(),
        [one] => format!("did you mean {one}?"),
        [first @ .., last] => format!("did you mean {} or {last}?", first.join(", ")),
    }
}

/// The `rules:` levels, in the order written; an unknown rule name is an error.
fn rules(
    file: &Arc<str>,
    root: &source::Node,
    errors: &mut Vec<Diagnostic>,
) -> Vec<(Spanned<Code>, Spanned<RuleSetting>)> {
    let mut out = Vec::new();
    for (key, value) in root
        .get("rules")
        .and_then(|n| n.as_map())
        .unwrap_or_default()
    {
        let Some(code) = Code::from_name(&key.name) else {
            errors.push(
                Diagnostic::new(
                    Code::SchemaViolation,
                    file.clone(),
                    key.span,
                    format!("unknown rule `{}`", key.name),
                )
                .with_path(format!("/rules/{}", key.name))
                .with_help(rule_help(&key.name)),
            );
            continue;
        };
        let setting = match value.as_str() {
            Some("off") => RuleSetting::Off,
            Some("error") => RuleSetting::Level(Level::Error),
            Some("warning") => RuleSetting::Level(Level::Warning),
            _ => RuleSetting::Level(Level::Info),
        };
        out.push((
            Spanned::new(code, key.span, key.name.clone()),
            Spanned::new(setting, value.span, value.as_str().unwrap_or_default()),
        ));
    }
    out
}

const TOP_LEVEL: [&str; 7] = [
    "/include",
    "/exclude",
    "/rules",
    "/failOn",
    "/changeControl",
    "/overrides",
    "/governance",
];
const CHANGE_CONTROL: [&str; 5] = [
    "/changeControl/requireVersionBump",
    "/changeControl/requireChangelog",
    "/changeControl/approvals",
    "/changeControl/weakeningNeeds",
    "/changeControl/overrideLabel",
];

fn find_string(node: &source::Node, needle: &str) -> Option<Span> {
    match &node.value {
        Value::Str(s) if s == needle => Some(node.span),
        Value::Seq(items) => items.iter().find_map(|n| find_string(n, needle)),
        Value::Map(entries) => entries.iter().find_map(|(_, v)| find_string(v, needle)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Policy, Vec<Diagnostic>> {
        Policy::load(".slagate.yaml".into(), text.as_bytes().to_vec()).map_err(|r| r.diagnostics)
    }

    #[test]
    fn empty_file_means_defaults() {
        let p = load("# nothing\n").unwrap();
        assert_eq!(p.include, DEFAULT_INCLUDE);
        assert_eq!(p.fail_on, FailOn::Error);
        assert!(p.change_control.require_version_bump);
    }

    #[test]
    fn full_policy_loads() {
        let p = load(
            "include: ['policies/**/*.sla.yaml']\nexclude: ['policies/drafts/**']\nrules:\n  credit-gap: off\n  review-overdue: error\nfailOn: warning\nchangeControl:\n  requireVersionBump: false\n  weakeningNeeds: provider\n  overrideLabel: sla-change-approved\n",
        )
        .unwrap();
        assert_eq!(p.include, ["policies/**/*.sla.yaml"]);
        assert_eq!(p.level_of(Code::CreditGap), None);
        assert_eq!(p.level_of(Code::ReviewOverdue), Some(Level::Error));
        assert_eq!(p.level_of(Code::DuplicateId), Some(Level::Error));
        assert_eq!(p.fail_on, FailOn::Warning);
        assert!(!p.change_control.require_version_bump);
        assert!(p.change_control.require_changelog);
        assert_eq!(p.change_control.approvals.weakened, Parties::PROVIDER);
        // The other classes keep their defaults.
        assert_eq!(p.change_control.approvals.changed, Parties::BOTH);
        assert_eq!(p.change_control.approvals.strengthened, Parties::PROVIDER);
        assert_eq!(
            p.change_control.override_label.as_deref(),
            Some("sla-change-approved")
        );
        assert_eq!(p.span_of("/failOn"), Some(Span::new(6, 1, 6, 16)));
        assert_eq!(
            p.span_of("/changeControl/weakeningNeeds")
                .map(|s| s.start.line),
            Some(9)
        );
        // Not written: the closest written parent.
        assert_eq!(
            p.span_of("/changeControl/requireChangelog")
                .map(|s| s.start.line),
            Some(7)
        );
        assert_eq!(
            load("failOn: error\n")
                .unwrap()
                .span_of("/changeControl/overrideLabel"),
            None
        );
    }

    #[test]
    fn malformed_policy_is_an_error_with_a_line() {
        let e = load("include: ['a']\nfailOn: sometimes\n").unwrap_err();
        assert_eq!(e[0].span.start.line, 2);
        let e = load("rules:\n  no-such-rule: off\n").unwrap_err();
        assert!(
            e[0].message.contains("unknown rule `no-such-rule`"),
            "{e:#?}"
        );
        // The schema's own example once named a rule that does not exist: the family of the
        // name is offered.
        let e = load("rules:\n  window-lengthened: warning\n").unwrap_err();
        assert_eq!(
            e[0].help.as_deref(),
            Some("did you mean `window-weakened` or `window-strengthened`?")
        );
        let e = load("rules:\n  target-weaken: off\n").unwrap_err();
        assert_eq!(
            e[0].help.as_deref(),
            Some("did you mean `target-weakened`?")
        );
        let e = load("includes: []\n").unwrap_err();
        assert_eq!(e[0].code, Code::UnknownField);
        let e = load("include: ['a[']\n").unwrap_err();
        assert!(e[0].message.contains("not a valid glob"), "{e:#?}");
        let e = load("a: 1\na: 2\n").unwrap_err();
        assert_eq!(e[0].code, Code::DuplicateKey);
    }

    #[test]
    fn approvals_are_per_class_and_weakening_needs_is_their_shorthand() {
        let p =
            load("changeControl:\n  approvals:\n    changed: [customer]\n    strengthened: []\n")
                .unwrap();
        let a = p.change_control.approvals;
        assert_eq!(a.weakened, Parties::BOTH, "not written: the default");
        assert_eq!(
            a.changed,
            Parties {
                provider: false,
                customer: true
            }
        );
        assert_eq!(a.strengthened, Parties::NONE);
        for (needs, want) in [
            ("parties", Parties::BOTH),
            ("provider", Parties::PROVIDER),
            ("none", Parties::NONE),
        ] {
            let p = load(&format!("changeControl:\n  weakeningNeeds: {needs}\n")).unwrap();
            assert_eq!(p.change_control.approvals.weakened, want, "{needs}");
        }
        let e = load(
            "changeControl:\n  weakeningNeeds: none\n  approvals:\n    weakened: [provider]\n",
        )
        .unwrap_err();
        assert_eq!(e[0].span.start.line, 2, "{e:#?}");
        assert!(e[0].message.contains("both say"), "{e:#?}");
        let e = load("changeControl:\n  approvals:\n    weakened: [vendor]\n").unwrap_err();
        assert_eq!(e[0].span.start.line, 3, "{e:#?}");
        let e = load("changeControl:\n  approvals:\n    removed: [provider]\n").unwrap_err();
        assert_eq!(e[0].code, Code::UnknownField, "{e:#?}");
    }

    #[test]
    fn the_first_matching_override_sets_the_rules_of_a_document() {
        let p = load(
            "changeControl:\n  requireChangelog: false\n  overrideLabel: ok\noverrides:\n  - documents: ['public/**', 'id:status-*']\n    changeControl: {approvals: {weakened: [provider]}}\n  - documents: ['**']\n    changeControl: {requireVersionBump: false}\n",
        )
        .unwrap();
        let public = p.change_control_for("public/a.sla.yaml", "a");
        assert_eq!(public.approvals.weakened, Parties::PROVIDER);
        // Not written in the override: the top-level settings.
        assert_eq!(public.approvals.changed, Parties::BOTH);
        assert!(!public.require_changelog);
        assert!(public.require_version_bump);
        assert_eq!(public.override_label.as_deref(), Some("ok"));
        // By id, wherever the file is.
        let by_id = p.change_control_for("policies/s.sla.yaml", "status-page");
        assert_eq!(by_id.approvals.weakened, Parties::PROVIDER);
        // The second entry: first match wins, so public documents never reach it.
        let other = p.change_control_for("policies/x.sla.yaml", "x");
        assert_eq!(other.approvals.weakened, Parties::BOTH);
        assert!(!other.require_version_bump);
        assert_eq!(p.overrides[0].key(), ["id:status-*", "public/**"]);
        let e = load("overrides:\n  - documents: ['a[']\n    changeControl: {}\n").unwrap_err();
        assert_eq!(e[0].span.start.line, 2, "{e:#?}");
        assert!(e[0].message.contains("not a valid pattern"), "{e:#?}");
    }

    #[test]
    fn governance_thresholds_load_with_their_defaults_and_located_errors() {
        let p = load("failOn: error\n").unwrap();
        assert_eq!(p.governance, Governance::default());
        assert_eq!(
            (p.governance.review_due_within, p.governance.expires_within),
            (30, 60)
        );
        assert_eq!(p.governance.label, "sla-governance");
        let p = load("governance:\n  reviewDueWithin: 14d\n  label: contracts\n").unwrap();
        assert_eq!(p.governance.review_due_within, 14);
        assert_eq!(p.governance.expires_within, 60, "not written: the default");
        assert_eq!(p.governance.label, "contracts");
        assert_eq!(p.span_of("/governance").map(|s| s.start.line), Some(1));
        // A threshold not in days: the schema's error, on its line.
        let e = load("failOn: error\ngovernance:\n  expiresWithin: 2 months\n").unwrap_err();
        assert_eq!(e[0].span.start.line, 3, "{e:#?}");
        let e = load("governance:\n  reviewDue: 30d\n").unwrap_err();
        assert_eq!(e[0].code, Code::UnknownField, "{e:#?}");
        // A comma: GitHub's `labels=` filter would split it.
        let e = load("governance:\n  reviewDueWithin: 30d\n  label: 'sla, due'\n").unwrap_err();
        assert_eq!(e[0].span.start.line, 3, "{e:#?}");
        assert!(e[0].message.contains("holds a comma"), "{e:#?}");
        assert_eq!(e[0].path.as_deref(), Some("/governance/label"));
    }

    #[test]
    fn the_strictest_of_two_rules_keeps_every_requirement() {
        let loose = ChangeControl {
            require_version_bump: false,
            require_changelog: true,
            approvals: Approvals {
                weakened: Parties::PROVIDER,
                changed: Parties::NONE,
                strengthened: Parties::NONE,
            },
            override_label: Some("ok".into()),
        };
        let s = loose.strictest(&ChangeControl::default());
        assert!(s.require_version_bump && s.require_changelog);
        assert_eq!(s.approvals, Approvals::default());
        assert_eq!(s.override_label, None, "labels differ: none counts");
        assert_eq!(loose.strictest(&loose), loose);
    }

    #[test]
    fn the_strictest_keeps_what_either_side_requires_and_a_label_both_name() {
        let strict = ChangeControl::default();
        let loose = ChangeControl {
            require_version_bump: false,
            require_changelog: false,
            override_label: Some("OK".into()),
            ..strict.clone()
        };
        // The requirements off on the left, on (the defaults) on the right: on.
        let s = loose.strictest(&ChangeControl {
            override_label: Some("ok".into()),
            ..strict.clone()
        });
        assert!(s.require_version_bump && s.require_changelog);
        // One label in two cases is the same label (GitHub's are case-insensitive).
        assert_eq!(s.override_label.as_deref(), Some("OK"));
        // Two different labels: neither accepts a change of a document under both.
        let other = ChangeControl {
            override_label: Some("sla-ok".into()),
            ..strict
        };
        assert_eq!(loose.strictest(&other).override_label, None);
    }
}
