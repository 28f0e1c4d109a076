//! What a policy change loosens in change control: the top-level `changeControl` and each
//! `overrides:` entry, compared setting by setting.
//!
//! A `changeControl` is looser when a requirement is turned off, a class of change needs fewer
//! parties (`approvals.weakened: [provider, customer]` to `[provider]`, or `weakeningNeeds`
//! lowered), or an override label is introduced or renamed. Overrides are matched by their
//! patterns (the same set of `documents` is the same entry): an entry that is new, or whose
//! patterns changed, is compared with the base revision's top-level rules (it takes its
//! documents from them); an entry that is gone, with the head's top-level rules (its documents
//! fall back to them); and two entries whose order flipped are compared with each other, since
//! the first match wins.

use crate::policy::{ChangeClass, ChangeControl, Override, Parties, Policy};

/// One loosened setting of a `changeControl`: the setting (relative to the `changeControl`
/// mapping, such as `approvals/weakened`), what happened, and the values before and after.
pub(super) struct Setting {
    pub key: &'static str,
    pub message: String,
    pub before: String,
    pub after: String,
}

impl Setting {
    /// The same, its message prefixed with what it is about (an override).
    fn about(mut self, what: &str) -> Setting {
        self.message = format!("{what}: {}", self.message);
        self
    }
}

/// What `head` loosens against `base`; `name` is how a setting is named in the messages
/// (`changeControl` at the top, `changeControl` of an override too); `shorthand` when the
/// head writes `weakeningNeeds` rather than `approvals.weakened`.
pub(super) fn loosened(
    base: &ChangeControl,
    head: &ChangeControl,
    name: &str,
    shorthand: bool,
) -> Vec<Setting> {
    let mut out = Vec::new();
    for (on_base, on_head, setting, key) in [
        (
            base.require_version_bump,
            head.require_version_bump,
            "requireVersionBump",
            "requireVersionBump",
        ),
        (
            base.require_changelog,
            head.require_changelog,
            "requireChangelog",
            "requireChangelog",
        ),
    ] {
        if on_base && !on_head {
            out.push(Setting {
                key: setting,
                message: format!("`{name}.{key}` turned off"),
                before: "true".into(),
                after: "false".into(),
            });
        }
    }
    for class in ChangeClass::ALL {
        let (b, h) = (base.approvals.of(class), head.approvals.of(class));
        if b.roles().iter().all(|r| h.contains(*r)) {
            continue;
        }
        let as_needs = |p: Parties| match p {
            Parties::BOTH => Some("parties"),
            Parties::PROVIDER => Some("provider"),
            Parties::NONE => Some("none"),
            _ => None,
        };
        let needs = (shorthand && class == ChangeClass::Weakened)
            .then(|| as_needs(b).zip(as_needs(h)))
            .flatten();
        out.push(match needs {
            Some((b, h)) => Setting {
                key: "weakeningNeeds",
                message: format!("`{name}.weakeningNeeds` lowered from `{b}` to `{h}`"),
                before: b.into(),
                after: h.into(),
            },
            None => Setting {
                key: match class {
                    ChangeClass::Weakened => "approvals/weakened",
                    ChangeClass::Changed => "approvals/changed",
                    ChangeClass::Strengthened => "approvals/strengthened",
                },
                message: format!(
                    "`{name}.approvals.{}` lowered from `{}` to `{}`",
                    class.as_str(),
                    b.written(),
                    h.written()
                ),
                before: b.written(),
                after: h.written(),
            },
        });
    }
    match (&base.override_label, &head.override_label) {
        (None, Some(h)) => out.push(Setting {
            key: "overrideLabel",
            message: format!("override label `{h}` introduced"),
            before: "none".into(),
            after: h.clone(),
        }),
        (Some(b), Some(h)) if !b.eq_ignore_ascii_case(h) => out.push(Setting {
            key: "overrideLabel",
            message: format!("override label changed from `{b}` to `{h}`"),
            before: b.clone(),
            after: h.clone(),
        }),
        _ => {}
    }
    out
}

/// A loosening found in `overrides:`: the head entry it is about (`None`: one that is gone),
/// and the setting.
pub(super) struct OverrideLoosened {
    pub entry: Option<usize>,
    pub setting: Setting,
}

/// What the head's `overrides:` loosen against the base's.
pub(super) fn overrides(base: &Policy, head: &Policy) -> Vec<OverrideLoosened> {
    if base.overrides == head.overrides {
        return Vec::new();
    }
    let keys = |p: &Policy| -> Vec<Vec<String>> { p.overrides.iter().map(Override::key).collect() };
    let (bk, hk) = (keys(base), keys(head));
    let named = |o: &Override| format!("the override for {}", crate::text::backticked(&o.key(), 3));
    let mut out = Vec::new();
    for (i, h) in head.overrides.iter().enumerate() {
        let (reference, name) = match bk.iter().position(|k| *k == hk[i]) {
            Some(j) => (&base.overrides[j].change_control, named(h)),
            None => (
                &base.change_control,
                format!("{} (new, against the base `changeControl`)", named(h)),
            ),
        };
        for setting in loosened(reference, &h.change_control, "changeControl", false) {
            out.push(OverrideLoosened {
                entry: Some(i),
                setting: setting.about(&name),
            });
        }
    }
    for (j, b) in base.overrides.iter().enumerate() {
        if hk.contains(&bk[j]) {
            continue;
        }
        let name = format!(
            "{} removed (its documents fall back to the top-level rules)",
            named(b)
        );
        for setting in loosened(
            &b.change_control,
            &head.change_control,
            "changeControl",
            false,
        ) {
            out.push(OverrideLoosened {
                entry: None,
                setting: setting.about(&name),
            });
        }
    }
    out.extend(reordered(head, &bk, &hk));
    out
}

/// Entries of both revisions whose order flipped: the now-earlier one takes the documents
/// both match, so it is compared with the now-later one.
fn reordered(head: &Policy, bk: &[Vec<String>], hk: &[Vec<String>]) -> Vec<OverrideLoosened> {
    let mut out = Vec::new();
    for (i, first) in head.overrides.iter().enumerate() {
        let Some(bi) = bk.iter().position(|k| *k == hk[i]) else {
            continue;
        };
        for (j, later) in head.overrides.iter().enumerate().skip(i + 1) {
            let Some(bj) = bk.iter().position(|k| *k == hk[j]) else {
                continue;
            };
            // Still after it in the base (or the same patterns twice, which no order can
            // tell apart): not reordered.
            if bj >= bi {
                continue;
            }
            let name = format!(
                "the override for {} (now before the one for {})",
                crate::text::backticked(&first.key(), 3),
                crate::text::backticked(&later.key(), 3)
            );
            for setting in loosened(
                &later.change_control,
                &first.change_control,
                "changeControl",
                false,
            ) {
                out.push(OverrideLoosened {
                    entry: Some(i),
                    setting: setting.about(&name),
                });
            }
        }
    }
    out
}
