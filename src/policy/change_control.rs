//! `changeControl:` of the policy: what a change of an SLA document needs before it merges, and
//! whose approval each class of change needs.
//!
//! The classes are the diff's, folded into three: `weakened` (less for the customer, removals
//! included), `strengthened` (more for the provider to deliver, additions included) and
//! `changed` (a change of meaning whose direction the tool cannot judge). `approvals` names, per
//! class, the parties that must each approve; by default a weakening and a change need both, a
//! strengthening the provider (it cannot be handed new obligations unasked). `weakeningNeeds`,
//! the first form, is a shorthand for `approvals.weakened` and keeps its meaning.

use std::sync::Arc;

use crate::diagnostic::{Class, Code, Diagnostic};
use crate::source::{self, Value};

/// Which side of an agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PartyRole {
    /// The provider.
    Provider,
    /// The customer.
    Customer,
}

impl PartyRole {
    /// Both roles, provider first.
    pub const ALL: [PartyRole; 2] = [PartyRole::Provider, PartyRole::Customer];

    /// `provider` or `customer`.
    pub fn as_str(self) -> &'static str {
        match self {
            PartyRole::Provider => "provider",
            PartyRole::Customer => "customer",
        }
    }
}

/// The class of a change as change control sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeClass {
    /// Less for the customer (a removal too).
    Weakened,
    /// A change of meaning whose direction cannot be judged.
    Changed,
    /// More for the provider to deliver (an addition too).
    Strengthened,
}

impl ChangeClass {
    /// Every class, in the order they are reported.
    pub const ALL: [ChangeClass; 3] = [
        ChangeClass::Weakened,
        ChangeClass::Changed,
        ChangeClass::Strengthened,
    ];

    /// The change-control class of a diff finding's class.
    pub fn of(class: Class) -> ChangeClass {
        match class {
            Class::Weakened | Class::Removed => ChangeClass::Weakened,
            Class::Changed => ChangeClass::Changed,
            Class::Strengthened | Class::Added => ChangeClass::Strengthened,
        }
    }

    /// `weakened`, `changed` or `strengthened`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeClass::Weakened => "weakened",
            ChangeClass::Changed => "changed",
            ChangeClass::Strengthened => "strengthened",
        }
    }
}

/// A set of parties: those whose approval one class of change needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Parties {
    /// The provider must approve.
    pub provider: bool,
    /// The customer must approve.
    pub customer: bool,
}

impl Parties {
    /// Both parties.
    pub const BOTH: Parties = Parties {
        provider: true,
        customer: true,
    };
    /// The provider only.
    pub const PROVIDER: Parties = Parties {
        provider: true,
        customer: false,
    };
    /// Nobody.
    pub const NONE: Parties = Parties {
        provider: false,
        customer: false,
    };

    /// Whether `role` is in the set.
    pub fn contains(self, role: PartyRole) -> bool {
        match role {
            PartyRole::Provider => self.provider,
            PartyRole::Customer => self.customer,
        }
    }

    /// Both sets together.
    #[must_use]
    pub fn union(self, other: Parties) -> Parties {
        Parties {
            provider: self.provider || other.provider,
            customer: self.customer || other.customer,
        }
    }

    /// The roles in the set, provider first.
    pub fn roles(self) -> Vec<PartyRole> {
        PartyRole::ALL
            .into_iter()
            .filter(|r| self.contains(*r))
            .collect()
    }

    /// `[provider, customer]`, `[provider]`, `[]`: as written in the policy.
    pub fn written(self) -> String {
        let names: Vec<&str> = self.roles().into_iter().map(PartyRole::as_str).collect();
        format!("[{}]", names.join(", "))
    }
}

/// `changeControl.approvals`: the parties each class of change needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Approvals {
    /// Less for the customer: both by default.
    pub weakened: Parties,
    /// Direction unknown: both by default.
    pub changed: Parties,
    /// More for the provider to deliver: the provider by default.
    pub strengthened: Parties,
}

impl Default for Approvals {
    fn default() -> Approvals {
        Approvals {
            weakened: Parties::BOTH,
            changed: Parties::BOTH,
            strengthened: Parties::PROVIDER,
        }
    }
}

impl Approvals {
    /// The parties `class` needs.
    pub fn of(&self, class: ChangeClass) -> Parties {
        match class {
            ChangeClass::Weakened => self.weakened,
            ChangeClass::Changed => self.changed,
            ChangeClass::Strengthened => self.strengthened,
        }
    }

    fn set(&mut self, class: ChangeClass, parties: Parties) {
        match class {
            ChangeClass::Weakened => self.weakened = parties,
            ChangeClass::Changed => self.changed = parties,
            ChangeClass::Strengthened => self.strengthened = parties,
        }
    }
}

/// `changeControl` of the policy (or of an override).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeControl {
    /// Any content change must raise `metadata.version`.
    pub require_version_bump: bool,
    /// ... and add a changelog entry for it.
    pub require_changelog: bool,
    /// Whose approval each class of change needs.
    pub approvals: Approvals,
    /// A label that accepts a change when an approver adds it.
    pub override_label: Option<String>,
}

impl Default for ChangeControl {
    fn default() -> ChangeControl {
        ChangeControl {
            require_version_bump: true,
            require_changelog: true,
            approvals: Approvals::default(),
            override_label: None,
        }
    }
}

impl ChangeControl {
    /// The stricter of two settings, each setting on its own: a requirement on either side,
    /// the parties of either side, and the override label only when both name the same one.
    /// For a document whose base and head paths fall under different rules.
    #[must_use]
    pub fn strictest(&self, other: &ChangeControl) -> ChangeControl {
        let mut approvals = self.approvals;
        for class in ChangeClass::ALL {
            approvals.set(
                class,
                self.approvals.of(class).union(other.approvals.of(class)),
            );
        }
        ChangeControl {
            require_version_bump: self.require_version_bump || other.require_version_bump,
            require_changelog: self.require_changelog || other.require_changelog,
            approvals,
            override_label: match (&self.override_label, &other.override_label) {
                (Some(a), Some(b)) if a.eq_ignore_ascii_case(b) => Some(a.clone()),
                _ => None,
            },
        }
    }
}

/// A `changeControl:` mapping that fits the policy schema, over `defaults` (each setting not
/// written keeps its default: the top-level settings, for an override). `weakeningNeeds` and
/// `approvals.weakened` both written is an error: they say the same thing.
pub(super) fn parse(
    file: &Arc<str>,
    cc: &source::Node,
    defaults: &ChangeControl,
    pointer: &str,
    errors: &mut Vec<Diagnostic>,
) -> ChangeControl {
    let flag = |k: &str, default: bool| match cc.get(k).map(|n| &n.value) {
        Some(Value::Bool(b)) => *b,
        _ => default,
    };
    let mut approvals = defaults.approvals;
    let written = cc.get("approvals");
    for class in ChangeClass::ALL {
        if let Some(list) = written.and_then(|a| a.get(class.as_str())) {
            approvals.set(class, parties(list));
        }
    }
    if let Some(needs) = cc.get("weakeningNeeds") {
        if written.and_then(|a| a.get("weakened")).is_some() {
            errors.push(
                Diagnostic::new(
                    Code::SchemaViolation,
                    file.clone(),
                    needs.span,
                    "`weakeningNeeds` and `approvals.weakened` both say whose approval a weakening needs",
                )
                .with_path(format!("{pointer}/weakeningNeeds"))
                .with_help("keep `approvals.weakened` (`weakeningNeeds` is its older shorthand)"),
            );
        }
        approvals.weakened = match needs.as_str() {
            Some("provider") => Parties::PROVIDER,
            Some("none") => Parties::NONE,
            _ => Parties::BOTH,
        };
    }
    ChangeControl {
        require_version_bump: flag("requireVersionBump", defaults.require_version_bump),
        require_changelog: flag("requireChangelog", defaults.require_changelog),
        approvals,
        override_label: match cc.get("overrideLabel") {
            Some(n) => n.as_str().map(str::to_string),
            None => defaults.override_label.clone(),
        },
    }
}

/// `[provider, customer]` as a set (the schema allows only these two names).
fn parties(list: &source::Node) -> Parties {
    let mut p = Parties::NONE;
    for item in list.as_seq().unwrap_or_default() {
        match item.as_str() {
            Some("provider") => p.provider = true,
            Some("customer") => p.customer = true,
            _ => {}
        }
    }
    p
}
