//! `policy-weakened`: what a change of the policy file (`.slagate.yaml`) loosens: the diff of
//! two policies, beside the diff of two agreements.
//!
//! The gate judges a pull request by the base revision's policy, so a pull request cannot
//! loosen its own gate; but once merged, a looser policy judges every later change. So a
//! loosening is itself a finding, and the gate ([`crate::gate::evaluate`]) asks for the same approvals as a
//! weakened agreement: since the policy concerns every agreement in the repository, one
//! approver of every party named in any document of the base revision.
//!
//! Loosening means: a rule's level lowered or turned `off`; `failOn` raised (`info` <
//! `warning` < `error` < `never`); `requireVersionBump` or `requireChangelog` turned off;
//! `weakeningNeeds` lowered (`parties` > `provider` > `none`); `include` narrowed or
//! `exclude` widened so that SLA files of either revision drop out of the gate; an
//! `overrideLabel` added or renamed. Everything else (a stricter setting, a reformatted file)
//! is not a finding. Deleting the file compares with the defaults.

use std::sync::Arc;

use crate::diagnostic::{Category, ChangeInfo, Class, Code, Diagnostic, Level, Side, Span};
use crate::discover::Matcher;
use crate::policy::{self, FailOn, Policy};

mod change_control;

/// The loosenings from `base` to `head` (the head revision's policy), as `policy-weakened`
/// findings located in the head file. `paths` are the candidate paths of both revisions, to
/// tell which SLA files a narrowed `include` or widened `exclude` drops out of the gate
/// (only needed when those changed).
pub fn policy_changes(base: &Policy, head: &Policy, paths: &[String]) -> Vec<Diagnostic> {
    let file: Arc<str> = head
        .file
        .clone()
        .or_else(|| base.file.clone())
        .unwrap_or_else(|| policy::FILE_NAME.into());
    let mut out = lowered_rules(base, head, &file);
    let mut loosened = loosened_settings(base, head);
    loosened.extend(dropped_scope(base, head, paths));
    out.extend(loosened.into_iter().map(|l| {
        let span = l
            .span
            .or_else(|| head.span_of(&l.pointer))
            .unwrap_or_else(Span::file_start);
        weakened(&file, span, &l.pointer, l.message, l.before, l.after)
    }));
    out
}

/// One loosened setting: where it is written (its pointer, and its span when it is not one
/// of the top-level settings), what happened, the values before and after.
struct Loosened {
    pointer: String,
    span: Option<Span>,
    message: String,
    before: String,
    after: String,
}

/// A `policy-weakened` finding.
fn weakened(
    file: &Arc<str>,
    span: Span,
    pointer: &str,
    message: String,
    before: String,
    after: String,
) -> Diagnostic {
    let mut d = Diagnostic::new(Code::PolicyWeakened, file.clone(), span, message)
        .with_path(pointer)
        .with_help("a looser policy judges every later change: it needs the approval of every party, as a weakened agreement does");
    d.change = Some(ChangeInfo {
        class: Class::Weakened,
        before: Some(before),
        after: Some(after),
        impact: None,
        side: Side::Head,
    });
    d
}

/// A finding per rule whose level went down or off, located at its `rules:` entry.
fn lowered_rules(base: &Policy, head: &Policy, file: &Arc<str>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (code, before, after) in rules_lowered(base, head) {
        let message = match after {
            None => format!("rule `{code}` turned off"),
            Some(l) => format!(
                "rule `{code}` lowered from `{}` to `{l}`",
                setting_name(before)
            ),
        };
        let span = head
            .rules
            .iter()
            .rev()
            .find(|(c, _)| c.value == code)
            .map(|(c, s)| Span {
                start: c.span.start,
                end: s.span.end,
            });
        let span = span
            .or_else(|| head.span_of("/rules"))
            .unwrap_or_else(Span::file_start);
        let (b, a) = (setting_name(before).into(), setting_name(after).into());
        out.push(weakened(
            file,
            span,
            &format!("/rules/{code}"),
            message,
            b,
            a,
        ));
    }
    out
}

/// `failOn` raised, a change-control requirement dropped, a class of change needing fewer
/// parties, an override label introduced or renamed, an override loosened.
fn loosened_settings(base: &Policy, head: &Policy) -> Vec<Loosened> {
    let mut out = Vec::new();
    if fail_on_rank(head.fail_on) > fail_on_rank(base.fail_on) {
        let (b, h) = (fail_on_name(base.fail_on), fail_on_name(head.fail_on));
        out.push(Loosened {
            pointer: "/failOn".into(),
            span: None,
            message: format!("`failOn` raised from `{b}` to `{h}`"),
            before: b.into(),
            after: h.into(),
        });
    }
    let shorthand = head.span_of("/changeControl/weakeningNeeds") != head.span_of("/changeControl");
    for s in change_control::loosened(
        &base.change_control,
        &head.change_control,
        "changeControl",
        shorthand,
    ) {
        out.push(Loosened {
            pointer: format!("/changeControl/{}", s.key),
            span: None,
            message: s.message,
            before: s.before,
            after: s.after,
        });
    }
    for o in change_control::overrides(base, head) {
        let (pointer, span) = match o.entry {
            Some(i) => (
                format!("/overrides/{i}/changeControl/{}", o.setting.key),
                Some(head.overrides[i].span),
            ),
            None => ("/overrides".to_string(), None),
        };
        out.push(Loosened {
            pointer,
            span,
            message: o.setting.message,
            before: o.setting.before,
            after: o.setting.after,
        });
    }
    out
}

/// `include` narrowed or `exclude` widened so that SLA files drop out of the gate.
fn dropped_scope(base: &Policy, head: &Policy, paths: &[String]) -> Option<Loosened> {
    let dropped = dropped_files(base, head, paths);
    if dropped.is_empty() {
        return None;
    }
    Some(Loosened {
        pointer: if head.include == base.include {
            "/exclude"
        } else {
            "/include"
        }
        .into(),
        span: None,
        message: format!(
            "{} no longer checked by the gate: {}",
            plural(dropped.len(), "SLA file"),
            shown(&dropped)
        ),
        before: format!("include {:?}, exclude {:?}", base.include, base.exclude),
        after: format!("include {:?}, exclude {:?}", head.include, head.exclude),
    })
}

/// `1 path is`, `2 paths are`.
fn plural(n: usize, word: &str) -> String {
    format!(
        "{} {}",
        crate::text::plural(n, word),
        if n == 1 { "is" } else { "are" }
    )
}

/// At most five paths in backticks, then how many more.
fn shown(paths: &[&String]) -> String {
    crate::text::backticked(paths, 5)
}

/// Codes whose level went down or off: `(code, base setting, head setting)`, in registry
/// order. The gate's own codes are left out: their levels are not configurable.
fn rules_lowered(base: &Policy, head: &Policy) -> Vec<(Code, Option<Level>, Option<Level>)> {
    if base.rules == head.rules {
        return Vec::new();
    }
    Code::ALL
        .iter()
        .copied()
        .filter(|c| c.category() != Category::Gate)
        .filter_map(|c| {
            let (b, h) = (base.level_of(c), head.level_of(c));
            let lowered = match (b, h) {
                (Some(_), None) => true,
                (Some(b), Some(h)) => h < b,
                (None, _) => false,
            };
            lowered.then_some((c, b, h))
        })
        .collect()
}

fn setting_name(level: Option<Level>) -> &'static str {
    level.map_or("off", Level::as_str)
}

/// Higher is looser.
fn fail_on_rank(f: FailOn) -> u8 {
    match f {
        FailOn::Info => 0,
        FailOn::Warning => 1,
        FailOn::Error => 2,
        FailOn::Never => 3,
    }
}

fn fail_on_name(f: FailOn) -> &'static str {
    match f {
        FailOn::Info => "info",
        FailOn::Warning => "warning",
        FailOn::Error => "error",
        FailOn::Never => "never",
    }
}

/// Paths the base policy gates and the head policy does not, sorted.
fn dropped_files<'a>(base: &Policy, head: &Policy, paths: &'a [String]) -> Vec<&'a String> {
    if base.include == head.include && base.exclude == head.exclude {
        return Vec::new();
    }
    // Both policies' globs were checked when they loaded; a policy that did not load is
    // reported as invalid instead.
    let (Ok(b), Ok(h)) = (Matcher::new(base), Matcher::new(head)) else {
        return Vec::new();
    };
    let mut out: Vec<&String> = paths
        .iter()
        .filter(|p| b.matches(p) && !h.matches(p))
        .collect();
    out.sort();
    out.dedup();
    out
}

pub(crate) const POLICY_WEAKENED: &str = "\
## What it checks
A change of `.slagate.yaml` that loosens the gate: a rule's level lowered or turned `off`,
`failOn` raised, `requireVersionBump` or `requireChangelog` turned off, `weakeningNeeds`
lowered, `include` narrowed or `exclude` widened so that SLA files drop out of the gate, or an
`overrideLabel` added or renamed.

The pull request itself is still judged by the base revision's policy. The finding needs the
approvals a weakened agreement needs (`weakeningNeeds` of the base policy), from one approver
of every party named in any agreement of the base revision, or the override label added by one
of them.

## Why is this bad?
A looser policy judges every later change. Without this finding, a pull request could turn
the gate off in one step and weaken the agreements in the next, with nobody's approval.

## Example
The base revision has `failOn: error` and `weakeningNeeds: parties`; the head:
```yaml
failOn: never                 # policy-weakened: `failOn` raised from `error` to `never`
changeControl:
  weakeningNeeds: provider    # policy-weakened: lowered from `parties` to `provider`
```";

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Policy {
        Policy::load(".slagate.yaml".into(), text.as_bytes().to_vec()).unwrap()
    }

    fn messages(base: &str, head: &str, paths: &[&str]) -> Vec<String> {
        let paths: Vec<String> = paths.iter().map(|p| (*p).to_string()).collect();
        policy_changes(&load(base), &load(head), &paths)
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn loosenings_are_findings_and_tightenings_are_not() {
        let sla = &[
            "policies/a.sla.yaml",
            "policies/drafts/b.sla.yaml",
            "other/c.sla.yaml",
            "README.md",
        ];
        let cases: &[(&str, &str, &str, &[&str])] = &[
            ("unchanged", "failOn: error\n", "failOn: error\n", &[]),
            (
                "reformatted",
                "failOn: error\n",
                "# policy\nfailOn:   'error'\n",
                &[],
            ),
            (
                "rule turned off",
                "",
                "rules:\n  credit-gap: off\n",
                &["rule `credit-gap` turned off"],
            ),
            (
                "rule lowered",
                "",
                "rules:\n  target-weakened: warning\n",
                &["rule `target-weakened` lowered from `error` to `warning`"],
            ),
            ("rule raised", "", "rules:\n  credit-gap: error\n", &[]),
            (
                "raised rule back to default",
                "rules:\n  credit-gap: error\n",
                "",
                &["rule `credit-gap` lowered from `error` to `warning`"],
            ),
            (
                "gate codes are not configurable",
                "",
                "rules:\n  approval-missing: off\n",
                &[],
            ),
            (
                "failOn raised",
                "failOn: warning\n",
                "failOn: never\n",
                &["`failOn` raised from `warning` to `never`"],
            ),
            ("failOn lowered", "failOn: error\n", "failOn: info\n", &[]),
            (
                "bump dropped",
                "",
                "changeControl:\n  requireVersionBump: false\n",
                &["`changeControl.requireVersionBump` turned off"],
            ),
            (
                "changelog dropped",
                "",
                "changeControl:\n  requireChangelog: false\n",
                &["`changeControl.requireChangelog` turned off"],
            ),
            (
                "bump added",
                "changeControl:\n  requireVersionBump: false\n",
                "",
                &[],
            ),
            (
                "needs lowered",
                "",
                "changeControl:\n  weakeningNeeds: provider\n",
                &["`changeControl.weakeningNeeds` lowered from `parties` to `provider`"],
            ),
            (
                "needs lowered to none",
                "changeControl:\n  weakeningNeeds: provider\n",
                "changeControl:\n  weakeningNeeds: none\n",
                &["`changeControl.weakeningNeeds` lowered from `provider` to `none`"],
            ),
            (
                "needs raised",
                "changeControl:\n  weakeningNeeds: none\n",
                "changeControl:\n  weakeningNeeds: provider\n",
                &[],
            ),
            (
                "a class needs fewer parties",
                "",
                "changeControl:\n  approvals:\n    changed: [provider]\n",
                &[
                    "`changeControl.approvals.changed` lowered from `[provider, customer]` to `[provider]`",
                ],
            ),
            (
                "strengthenings no longer need the provider",
                "",
                "changeControl:\n  approvals:\n    strengthened: []\n",
                &["`changeControl.approvals.strengthened` lowered from `[provider]` to `[]`"],
            ),
            (
                "a party swapped for the other",
                "changeControl:\n  approvals:\n    strengthened: [provider]\n",
                "changeControl:\n  approvals:\n    strengthened: [customer]\n",
                &[
                    "`changeControl.approvals.strengthened` lowered from `[provider]` to `[customer]`",
                ],
            ),
            (
                "a class needs more parties",
                "",
                "changeControl:\n  approvals:\n    strengthened: [provider, customer]\n",
                &[],
            ),
            (
                "the shorthand spelled out",
                "changeControl:\n  weakeningNeeds: provider\n",
                "changeControl:\n  approvals:\n    weakened: [provider]\n",
                &[],
            ),
            (
                "a new override looser than the base rules",
                "",
                "overrides:\n  - documents: ['public/**']\n    changeControl: {approvals: {weakened: [provider]}}\n",
                &[
                    "the override for `public/**` (new, against the base `changeControl`): `changeControl.approvals.weakened` lowered from `[provider, customer]` to `[provider]`",
                ],
            ),
            (
                "a new override as strict as the base rules",
                "",
                "overrides:\n  - documents: ['public/**']\n    changeControl: {requireChangelog: true}\n",
                &[],
            ),
            (
                "an override loosened",
                "overrides:\n  - documents: ['public/**']\n    changeControl: {approvals: {weakened: [provider]}}\n",
                "overrides:\n  - documents: ['public/**']\n    changeControl: {approvals: {weakened: []}, requireVersionBump: false}\n",
                &[
                    "the override for `public/**`: `changeControl.requireVersionBump` turned off",
                    "the override for `public/**`: `changeControl.approvals.weakened` lowered from `[provider]` to `[]`",
                ],
            ),
            (
                "an override widened to more documents",
                "overrides:\n  - documents: ['public/**']\n    changeControl: {approvals: {weakened: [provider]}}\n",
                "overrides:\n  - documents: ['public/**', 'policies/**']\n    changeControl: {approvals: {weakened: [provider]}}\n",
                &[
                    "the override for `policies/**`, `public/**` (new, against the base `changeControl`): `changeControl.approvals.weakened` lowered from `[provider, customer]` to `[provider]`",
                ],
            ),
            (
                "a stricter override removed",
                "changeControl: {approvals: {weakened: [provider]}}\noverrides:\n  - documents: ['enterprise/**']\n    changeControl: {approvals: {weakened: [provider, customer]}}\n",
                "changeControl: {approvals: {weakened: [provider]}}\n",
                &[
                    "the override for `enterprise/**` removed (its documents fall back to the top-level rules): `changeControl.approvals.weakened` lowered from `[provider, customer]` to `[provider]`",
                ],
            ),
            (
                "entries kept in their order, an equal one added",
                "overrides:\n  - documents: ['public/**']\n    changeControl: {approvals: {weakened: [provider]}}\n  - documents: ['public/secret/**']\n    changeControl: {}\n",
                "overrides:\n  - documents: ['public/**']\n    changeControl: {approvals: {weakened: [provider]}}\n  - documents: ['public/secret/**']\n    changeControl: {}\n  - documents: ['other/**']\n    changeControl: {}\n",
                &[],
            ),
            (
                "the same patterns twice, the order kept, a third entry added",
                "overrides:\n  - documents: ['public/**']\n    changeControl: {approvals: {weakened: [provider]}}\n  - documents: ['public/**']\n    changeControl: {requireChangelog: true}\n",
                "overrides:\n  - documents: ['public/**']\n    changeControl: {approvals: {weakened: [provider]}}\n  - documents: ['public/**']\n    changeControl: {requireChangelog: true}\n  - documents: ['enterprise/**']\n    changeControl: {requireChangelog: true}\n",
                &[],
            ),
            (
                "a looser override moved before a stricter one",
                "overrides:\n  - documents: ['public/secret/**']\n    changeControl: {requireChangelog: true}\n  - documents: ['public/**']\n    changeControl: {approvals: {weakened: [provider]}}\n",
                "overrides:\n  - documents: ['public/**']\n    changeControl: {approvals: {weakened: [provider]}}\n  - documents: ['public/secret/**']\n    changeControl: {requireChangelog: true}\n",
                &[
                    "the override for `public/**` (now before the one for `public/secret/**`): `changeControl.approvals.weakened` lowered from `[provider, customer]` to `[provider]`",
                ],
            ),
            (
                "label added",
                "",
                "changeControl:\n  overrideLabel: ok\n",
                &["override label `ok` introduced"],
            ),
            (
                "label renamed",
                "changeControl:\n  overrideLabel: ok\n",
                "changeControl:\n  overrideLabel: fine\n",
                &["override label changed from `ok` to `fine`"],
            ),
            (
                "label case",
                "changeControl:\n  overrideLabel: ok\n",
                "changeControl:\n  overrideLabel: OK\n",
                &[],
            ),
            (
                "label removed",
                "changeControl:\n  overrideLabel: ok\n",
                "",
                &[],
            ),
            (
                "include narrowed",
                "",
                "include: ['policies/**/*.sla.yaml']\n",
                &["1 SLA file is no longer checked by the gate: `other/c.sla.yaml`"],
            ),
            (
                "exclude widened",
                "include: ['**/*.sla.yaml']\n",
                "include: ['**/*.sla.yaml']\nexclude: ['**/drafts/**', 'other/**']\n",
                &[
                    "2 SLA files are no longer checked by the gate: `other/c.sla.yaml`, `policies/drafts/b.sla.yaml`",
                ],
            ),
            (
                "include widened",
                "include: ['policies/**/*.sla.yaml']\n",
                "",
                &[],
            ),
            (
                "include rewritten, same files",
                "",
                "include: ['**/*.sla.yaml']\n",
                &[],
            ),
        ];
        for (name, base, head, want) in cases {
            assert_eq!(messages(base, head, sla), *want, "{name}");
        }
    }

    #[test]
    fn findings_point_at_the_head_setting_and_carry_before_and_after() {
        let head = load("rules:\n  credit-gap: off\nfailOn: never\n");
        let d = policy_changes(&Policy::default(), &head, &[]);
        assert_eq!(d.len(), 2);
        assert_eq!(
            (d[0].span.start.line, d[0].path.as_deref()),
            (2, Some("/rules/credit-gap"))
        );
        assert_eq!(
            (d[1].span.start.line, d[1].path.as_deref()),
            (3, Some("/failOn"))
        );
        let c = d[1].change.as_ref().unwrap();
        assert_eq!(
            (c.class, c.before.as_deref(), c.after.as_deref()),
            (Class::Weakened, Some("error"), Some("never"))
        );
        assert_eq!(&*d[1].file, ".slagate.yaml");
        assert!(
            d.iter()
                .all(|d| d.code == Code::PolicyWeakened && d.document.is_none())
        );
    }

    #[test]
    fn a_deleted_policy_compares_with_the_defaults() {
        let base = load("failOn: warning\nchangeControl:\n  requireChangelog: true\n");
        assert!(
            policy_changes(&base, &Policy::default(), &[])
                .iter()
                .map(|d| &d.message)
                .eq(["`failOn` raised from `warning` to `error`"].iter())
        );
        let base = load("include: ['**/*.sla.yaml']\n");
        let d = policy_changes(&base, &Policy::default(), &[]);
        assert!(d.is_empty(), "{d:?}");
    }
}
