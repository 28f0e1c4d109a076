//! The repository policy, `.slagate.yaml`: discovery globs, rule levels, the failing level
//! and the change-control settings.
//!
//! Loaded through [`crate::source`] and checked against `schemas/policy.schema.json` like an
//! SLA file, so a malformed policy is an error with its line, never ignored. A missing file
//! means the defaults.

use std::sync::Arc;

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

/// Whose approval a weakening needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WeakeningNeeds {
    /// One approver of each party.
    #[default]
    Parties,
    /// One approver of the provider.
    Provider,
    /// No approval.
    None,
}

/// `changeControl` of the policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeControl {
    /// Any content change must raise `metadata.version`.
    pub require_version_bump: bool,
    /// ... and add a changelog entry for it.
    pub require_changelog: bool,
    /// Whose approval a weakening needs.
    pub weakening_needs: WeakeningNeeds,
    /// A label that accepts a weakening when an approver adds it.
    pub override_label: Option<String>,
}

impl Default for ChangeControl {
    fn default() -> ChangeControl {
        ChangeControl {
            require_version_bump: true,
            require_changelog: true,
            weakening_needs: WeakeningNeeds::Parties,
            override_label: None,
        }
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
            policy.change_control = change_control(cc);
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
                .with_help("`slagate explain --list` prints every rule id"),
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

/// `changeControl:`, each setting at its default when not written.
fn change_control(cc: &source::Node) -> ChangeControl {
    let flag = |k: &str, default: bool| match cc.get(k).map(|n| &n.value) {
        Some(Value::Bool(b)) => *b,
        _ => default,
    };
    ChangeControl {
        require_version_bump: flag("requireVersionBump", true),
        require_changelog: flag("requireChangelog", true),
        weakening_needs: match cc.get("weakeningNeeds").and_then(|n| n.as_str()) {
            Some("provider") => WeakeningNeeds::Provider,
            Some("none") => WeakeningNeeds::None,
            _ => WeakeningNeeds::Parties,
        },
        override_label: cc
            .get("overrideLabel")
            .and_then(|n| n.as_str())
            .map(str::to_string),
    }
}

const TOP_LEVEL: [&str; 5] = [
    "/include",
    "/exclude",
    "/rules",
    "/failOn",
    "/changeControl",
];
const CHANGE_CONTROL: [&str; 4] = [
    "/changeControl/requireVersionBump",
    "/changeControl/requireChangelog",
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
        assert_eq!(p.change_control.weakening_needs, WeakeningNeeds::Provider);
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
        let e = load("includes: []\n").unwrap_err();
        assert_eq!(e[0].code, Code::UnknownField);
        let e = load("include: ['a[']\n").unwrap_err();
        assert!(e[0].message.contains("not a valid glob"), "{e:#?}");
        let e = load("a: 1\na: 2\n").unwrap_err();
        assert_eq!(e[0].code, Code::DuplicateKey);
    }
}
