//! Objectives as a whole: `objective-removed`, `objective-added`, `objective-renamed`,
//! `objective-scope-changed`, `severity-less-urgent`, `severity-more-urgent`; and the walk over paired objectives that runs the target,
//! window, exclusion and credit rules.

use crate::diagnostic::{Code, Diagnostic};
use crate::diff::matching;
use crate::model::{Objective, SlaDocument};

use super::{Finding, Loc, Pair, contract, credits, exclusions, targets, text, windows};

/// Docs of `objective-removed`.
pub const OBJECTIVE_REMOVED: &str = "\
## What it checks
An objective (matched by `id`, or by `renamedFrom` for a deliberate rename) that the base
revision of a document has and the head revision does not. This includes the objective of a
severity level (`support-response-low`) when the level is dropped.

## Why is this bad?
The provider no longer promises anything about what the objective measured, and any credits
tied to it are gone.

## Example
Before:
```yaml
objectives:
  - {id: availability, service: crm, indicator: availability, target: \">= 99.9%\"}
  - {id: api-latency, service: api, indicator: latency, percentile: p95, target: \"< 500ms\"}
```
After: only `availability` is left. To rename an objective instead, keep it and write
`renamedFrom: api-latency` on the new id.
";

/// Docs of `objective-added`.
pub const OBJECTIVE_ADDED: &str = "\
## What it checks
An objective that only the head revision of a document has.

## Why is this bad?
It is not: a new objective adds a promise. It is reported (as `info`, class `added`) so that
reviewers see every new commitment and check that it can be met.

## Example
Before: no objective `api-error-rate`.
After: `- {id: api-error-rate, service: api, indicator: error-rate, target: \"<= 0.1%\"}`
";

/// Docs of `objective-renamed`.
pub const OBJECTIVE_RENAMED: &str = "\
## What it checks
An objective whose id changed and whose head revision says so with `renamedFrom: OLD_ID`.
The two revisions are compared as one objective, so a rename alone gives only this finding.

## Why is this bad?
It is not, for the customer. Reports, dashboards and `supports` references that use the old
id need updating, which is why the rename is shown.

## Example
Before: `- id: uptime`
After: `- {id: availability, renamedFrom: uptime}`
";

/// Docs of `objective-scope-changed`.
pub const OBJECTIVE_SCOPE_CHANGED: &str = "\
## What it checks
An objective that now measures something else: another `service`, another `indicator`,
other `supports` references, or another `severity` whose urgency cannot be compared (a level
set or dropped, or `severities` reordered or renamed so that the two levels no longer compare
the same way; a level less or more urgent by an unchanged order is `severity-less-urgent` or
`severity-more-urgent`).

## Why is this bad?
The same id now stands for a different promise. Whether the new one is worth more or less than
the old one cannot be told from the values, so a person must look.

## Example
Before: `{id: support-response, service: crm-platform, target: \"<= 1h\"}`
After: `{id: support-response, service: crm-api, target: \"<= 1h\"}`
";

/// Docs of `severity-less-urgent`.
pub const SEVERITY_LESS_URGENT: &str = "\
## What it checks
An objective whose `severity` moved to a less urgent level, by the order of the document's
`severities` (most urgent first; the default is `[critical, high, medium, low]`). The order
must be the same in both revisions: when `severities` was reordered or renamed so that the
two levels compare differently (or one is missing), the finding is `objective-scope-changed`.

## Why is this bad?
The promise now holds for less urgent incidents only: the more urgent incidents it used to
cover lose it. A one-hour response promised for `critical` incidents and moved to `low` no
longer helps when the service is down.

## Example
Before: `{id: support-response, severity: critical, target: \"<= 1h\"}`
After: `{id: support-response, severity: low, target: \"<= 1h\"}`
";

/// Docs of `severity-more-urgent`.
pub const SEVERITY_MORE_URGENT: &str = "\
## What it checks
An objective whose `severity` moved to a more urgent level, by the order of the document's
`severities` (the mirror of `severity-less-urgent`).

## Why is this bad?
It is not, for the customer: the promise now covers more urgent incidents. It asks more of
the provider, which is why the provider approves it (class `strengthened`).

## Example
Before: `{id: support-response, severity: high, target: \"<= 4h\"}`
After: `{id: support-response, severity: critical, target: \"<= 4h\"}`
";

fn describe(o: &Objective) -> String {
    let at = o
        .percentile
        .as_ref()
        .map(|p| format!(" at {}", p.value.as_str()))
        .unwrap_or_default();
    format!(
        "{} `{}`{at} per {}",
        o.indicator.value,
        o.target.raw(),
        o.window()
    )
}

fn severity_note(o: &Objective) -> String {
    o.severity
        .as_ref()
        .map(|s| format!(" (severity `{}`)", s.value))
        .unwrap_or_default()
}

/// Objectives of two revisions of a document.
pub(crate) fn compare(base: &SlaDocument, head: &SlaDocument, out: &mut Vec<Diagnostic>) {
    let m = matching::objectives(&base.spec, &head.spec);
    for p in &m.pairs {
        let pair = Pair {
            base_doc: base,
            head_doc: head,
            base: p.base,
            head: p.head,
        };
        if p.renamed {
            let span = p.head.renamed_from.as_ref().map(|r| r.span);
            pair.finding(
                Code::ObjectiveRenamed,
                format!(
                    "objective `{}` renamed to `{}`",
                    p.base.id.value, p.head.id.value
                ),
                "renamedFrom",
                span,
                Some(p.base.id.span),
            )
            .before(p.base.id.value.clone())
            .after(p.head.id.value.clone())
            .emit(out);
        }
        pair_rules(&pair, out);
    }
    let renames = likely_renames(base, head, &m.removed, &m.added);
    let rename_help = |from: &str, to: &str| {
        Some(format!(
            "`{to}` is `{from}` with another id: if it was renamed, write `renamedFrom: {from}` \
             on `{to}`, and the diff compares the two instead"
        ))
    };
    for o in m.added {
        let from = renames.iter().find(|(_, to)| *to == o.id.value);
        Finding::new(
            Code::ObjectiveAdded,
            format!(
                "objective `{}`{} added: {}",
                o.id.value,
                severity_note(o),
                describe(o)
            ),
        )
        .objective(&o.id.value)
        .after(o.target.raw().to_string())
        .help(from.and_then(|(from, to)| rename_help(from, to)))
        .head(Loc::new(head, o.id.span, o.pointer("")))
        .emit(out);
    }
    for o in m.removed {
        let to = renames.iter().find(|(from, _)| *from == o.id.value);
        Finding::new(
            Code::ObjectiveRemoved,
            format!("objective `{}`{} removed", o.id.value, severity_note(o)),
        )
        .objective(&o.id.value)
        .before(o.target.raw().to_string())
        .impact(Some(format!("no longer promised: {}", describe(o))))
        .help(to.and_then(|(from, to)| rename_help(from, to)))
        .base(Loc::new(base, o.id.span, o.pointer("")))
        .emit(out);
    }
}

/// The rules that compare two revisions of one objective.
fn pair_rules(pair: &Pair<'_>, out: &mut Vec<Diagnostic>) {
    scope(pair, out);
    targets::compare(pair, out);
    windows::compare(pair, out);
    exclusions::objective(pair, out);
    credits::objective(pair, out);
    text::objective(pair, out);
    contract::objective(pair, out);
}

/// Most removed and added objectives compared as this many pairs at most (a rewrite of a
/// whole document is no rename).
const RENAME_PAIRS: usize = 400;

/// `(removed id, added id)` for each removed objective that an added one equals in every
/// field but its id (the pair rules find no difference): a rename without `renamedFrom`.
/// Each objective is paired at most once.
fn likely_renames(
    base: &SlaDocument,
    head: &SlaDocument,
    removed: &[&Objective],
    added: &[&Objective],
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    if removed.len() * added.len() > RENAME_PAIRS {
        return out;
    }
    for r in removed {
        for a in added {
            if out.iter().any(|(_, to)| *to == a.id.value) {
                continue;
            }
            let pair = Pair {
                base_doc: base,
                head_doc: head,
                base: r,
                head: a,
            };
            let mut found = Vec::new();
            pair_rules(&pair, &mut found);
            if found.is_empty() {
                out.push((r.id.value.clone(), a.id.value.clone()));
                break;
            }
        }
    }
    out
}

fn scope(p: &Pair<'_>, out: &mut Vec<Diagnostic>) {
    let (b, h) = (p.base, p.head);
    let id = &h.id.value;
    if b.service.value != h.service.value {
        p.finding(
            Code::ObjectiveScopeChanged,
            format!(
                "{id} now measures service `{}` instead of `{}`",
                h.service.value, b.service.value
            ),
            "service",
            Some(h.service.span),
            Some(b.service.span),
        )
        .before(b.service.raw().to_string())
        .after(h.service.raw().to_string())
        .emit(out);
    }
    if b.indicator.value != h.indicator.value {
        p.finding(
            Code::ObjectiveScopeChanged,
            format!(
                "{id} now measures `{}` instead of `{}`",
                h.indicator.value, b.indicator.value
            ),
            "indicator",
            Some(h.indicator.span),
            Some(b.indicator.span),
        )
        .before(b.indicator.raw().to_string())
        .after(h.indicator.raw().to_string())
        .emit(out);
    }
    severity(p, out);
    supports(p, out);
}

/// Whether severity `to` is less urgent than `from` (`Some(true)`), more urgent
/// (`Some(false)`), or cannot be judged (`None`): both levels must be in both revisions'
/// `severities`, in the same order.
fn less_urgent(p: &Pair<'_>, from: &str, to: &str) -> Option<bool> {
    let (b, h) = (&p.base_doc.spec, &p.head_doc.spec);
    let in_base = b.severity_rank(to)? > b.severity_rank(from)?;
    let in_head = h.severity_rank(to)? > h.severity_rank(from)?;
    (in_base == in_head).then_some(in_head)
}

/// The severity level an objective applies to: less or more urgent by the document's order,
/// else (added, removed, or an order that changed with it) a change of scope.
fn severity(p: &Pair<'_>, out: &mut Vec<Diagnostic>) {
    let (bs, hs) = (p.base.severity.as_ref(), p.head.severity.as_ref());
    if bs.map(|s| &s.value) == hs.map(|s| &s.value) {
        return;
    }
    let id = &p.head.id.value;
    let show = |s: Option<&crate::model::Spanned<String>>| {
        s.map_or_else(|| "none".to_string(), |s| format!("`{}`", s.value))
    };
    let judged = bs
        .zip(hs)
        .and_then(|(b, h)| less_urgent(p, &b.value, &h.value).map(|l| (b, l)));
    let (code, note) = match judged {
        Some((b, true)) => (
            Code::SeverityLessUrgent,
            format!(
                ", a less urgent level: `{}` incidents lose this promise",
                b.value
            ),
        ),
        Some((_, false)) => (Code::SeverityMoreUrgent, ", a more urgent level".into()),
        None => (Code::ObjectiveScopeChanged, String::new()),
    };
    let mut f = p.finding(
        code,
        format!(
            "{id} now applies to severity {} instead of {}{note}",
            show(hs),
            show(bs)
        ),
        "severity",
        hs.map(|s| s.span),
        bs.map(|s| s.span),
    );
    if let Some(s) = bs {
        f = f.before(s.raw().to_string());
    }
    if let Some(s) = hs {
        f = f.after(s.raw().to_string());
    }
    f.emit(out);
}

/// The objectives an objective `supports`, compared as sets.
fn supports(p: &Pair<'_>, out: &mut Vec<Diagnostic>) {
    let (b, h) = (p.base, p.head);
    let id = &h.id.value;
    let refs = |o: &Objective| {
        let mut v: Vec<String> = o
            .supports
            .iter()
            .map(|s| format!("{}/{}", s.value.document, s.value.objective))
            .collect();
        v.sort();
        v.dedup();
        v
    };
    let (br, hr) = (refs(b), refs(h));
    if br != hr {
        let show = |v: &[String]| {
            if v.is_empty() {
                "nothing".to_string()
            } else {
                v.iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        p.finding(
            Code::ObjectiveScopeChanged,
            format!("{id} now supports {} instead of {}", show(&hr), show(&br)),
            "supports",
            h.supports.first().map(|s| s.span),
            b.supports.first().map(|s| s.span),
        )
        .before(br.join(", "))
        .after(hr.join(", "))
        .emit(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::rules::text::tests::line;
    use crate::load::testing::{BASE, documents};

    /// The findings of [`compare`] from `base` to `head`, with their messages.
    fn diff(base: &str, head: &str) -> Vec<(String, String)> {
        let docs = documents(&[("base.sla.yaml", base), ("head.sla.yaml", head)]);
        let mut out = Vec::new();
        compare(&docs[0], &docs[1], &mut out);
        out.iter().map(|d| (line(d), d.message.clone())).collect()
    }

    fn lines(base: &str, head: &str) -> Vec<String> {
        diff(base, head).into_iter().map(|(l, _)| l).collect()
    }

    /// `BASE` without its `latency` objective.
    fn without_latency() -> String {
        let start = BASE.find("    - id: latency").unwrap();
        let end = BASE.find("  changelog:").unwrap();
        format!("{}{}", &BASE[..start], &BASE[end..])
    }

    #[test]
    fn a_removed_objective_says_what_is_no_longer_promised() {
        let head = without_latency();
        assert_eq!(
            diff(BASE, &head),
            [(
                "objective-removed: < 500ms -> - (at base): no longer promised: latency `< 500ms` at p95 per 30d".into(),
                "objective `latency` removed".into()
            )]
        );
        assert_eq!(
            diff(&head, BASE),
            [(
                "objective-added: - -> < 500ms".into(),
                "objective `latency` added: latency `< 500ms` at p95 per 30d".into()
            )]
        );
    }

    #[test]
    fn a_rename_is_reported_once_in_each_direction() {
        let head = BASE.replace(
            "    - id: latency\n",
            "    - id: response-latency\n      renamedFrom: latency\n",
        );
        assert_eq!(
            lines(BASE, &head),
            ["objective-renamed: latency -> response-latency"]
        );
        // Only the revision with `renamedFrom` says so; renamed back, that is the base.
        assert_eq!(
            lines(&head, BASE),
            ["objective-renamed: response-latency -> latency (at base)"]
        );
    }

    #[test]
    fn a_removed_and_an_added_objective_that_differ_only_by_id_suggest_renamed_from() {
        let docs = |head: &str| documents(&[("base.sla.yaml", BASE), ("head.sla.yaml", head)]);
        let helps = |head: &str| {
            let d = docs(head);
            let mut out = Vec::new();
            compare(&d[0], &d[1], &mut out);
            out.iter()
                .map(|d| (d.code, d.help.clone()))
                .collect::<Vec<_>>()
        };
        let want = Some(
            "`response-latency` is `latency` with another id: if it was renamed, write \
             `renamedFrom: latency` on `response-latency`, and the diff compares the two instead"
                .to_string(),
        );
        // Only the id changed: both findings suggest the rename.
        let renamed = BASE.replace("    - id: latency\n", "    - id: response-latency\n");
        assert_ne!(renamed, BASE);
        assert_eq!(
            helps(&renamed),
            [
                (Code::ObjectiveAdded, want.clone()),
                (Code::ObjectiveRemoved, want)
            ]
        );
        // The id and the target changed: a new objective, not a rename.
        let other = renamed.replace("'< 500ms'", "'< 800ms'");
        assert_ne!(other, renamed);
        assert_eq!(
            helps(&other),
            [(Code::ObjectiveAdded, None), (Code::ObjectiveRemoved, None)]
        );
    }

    #[test]
    fn another_service_indicator_or_severity_changes_the_scope() {
        let two_services = BASE.replace(
            "    - {id: crm, name: CRM, description: The CRM}\n",
            "    - {id: crm, name: CRM, description: The CRM}\n    - {id: web, name: Web, description: The website}\n",
        );
        let moved = two_services.replace(
            "      service: crm\n      indicator: latency",
            "      service: web\n      indicator: latency",
        );
        assert_eq!(
            lines(&two_services, &moved),
            ["objective-scope-changed: crm -> web"]
        );
        assert_eq!(
            lines(&moved, &two_services),
            ["objective-scope-changed: web -> crm"]
        );
        let critical = BASE.replace(
            "      percentile: p95\n",
            "      percentile: p95\n      severity: critical\n",
        );
        assert_eq!(
            lines(BASE, &critical),
            ["objective-scope-changed: - -> critical"]
        );
        // The severity only the base wrote was removed: the finding points at the base.
        assert_eq!(
            lines(&critical, BASE),
            ["objective-scope-changed: critical -> - (at base)"]
        );
    }

    /// `BASE` with the latency objective at `severity` and the document's levels `levels`
    /// (empty: the default `[critical, high, medium, low]`).
    fn at_severity(severity: &str, levels: &str) -> String {
        let doc = BASE.replace(
            "      percentile: p95\n",
            &format!("      percentile: p95\n      severity: {severity}\n"),
        );
        if levels.is_empty() {
            return doc;
        }
        doc.replace(
            "  objectives:\n",
            &format!("  severities: [{levels}]\n  objectives:\n"),
        )
    }

    #[test]
    fn a_less_urgent_severity_weakens_and_a_more_urgent_one_strengthens() {
        // Default order, most urgent first: critical (0), high (1), medium (2), low (3).
        let (critical, low) = (at_severity("critical", ""), at_severity("low", ""));
        assert_eq!(
            diff(&critical, &low),
            [(
                "severity-less-urgent: critical -> low".into(),
                "latency now applies to severity `low` instead of `critical`, a less urgent level: `critical` incidents lose this promise".into()
            )]
        );
        assert_eq!(
            diff(&low, &critical),
            [(
                "severity-more-urgent: low -> critical".into(),
                "latency now applies to severity `critical` instead of `low`, a more urgent level"
                    .into()
            )]
        );
        // The document's own order decides: with `[p1, p2, p3]`, p3 is the least urgent.
        let (p1, p3) = (
            at_severity("p1", "p1, p2, p3"),
            at_severity("p3", "p1, p2, p3"),
        );
        assert_eq!(lines(&p1, &p3), ["severity-less-urgent: p1 -> p3"]);
        assert_eq!(lines(&p3, &p1), ["severity-more-urgent: p3 -> p1"]);
    }

    #[test]
    fn a_severity_whose_order_cannot_be_judged_changes_the_scope() {
        // Reordered to [high, critical, ...]: critical -> high is less urgent by the base's
        // order and more urgent by the head's, so neither can be said.
        let base = at_severity("critical", "critical, high, medium, low");
        let head = at_severity("high", "high, critical, medium, low");
        assert_eq!(
            lines(&base, &head),
            ["objective-scope-changed: critical -> high"]
        );
        assert_eq!(
            lines(&head, &base),
            ["objective-scope-changed: high -> critical"]
        );
        // Renamed: `sev2` is not a level of the base at all.
        let renamed = at_severity("sev2", "sev1, sev2, sev3, sev4");
        assert_eq!(
            lines(&base, &renamed),
            ["objective-scope-changed: critical -> sev2"]
        );
        // A level appended at the end keeps the order of the two levels compared.
        let extended = at_severity("high", "critical, high, medium, low, info");
        assert_eq!(
            lines(&base, &extended),
            ["severity-less-urgent: critical -> high"]
        );
        assert_eq!(
            lines(&extended, &base),
            ["severity-more-urgent: high -> critical"]
        );
    }

    #[test]
    fn reordered_objectives_are_no_change() {
        let start = BASE.find("    - id: availability").unwrap();
        let mid = BASE.find("    - id: latency").unwrap();
        let end = BASE.find("  changelog:").unwrap();
        let reordered = format!(
            "{}{}{}{}",
            &BASE[..start],
            &BASE[mid..end],
            &BASE[start..mid],
            &BASE[end..]
        );
        assert_ne!(reordered, BASE);
        assert_eq!(lines(BASE, &reordered), Vec::<String>::new());
        assert_eq!(lines(&reordered, BASE), Vec::<String>::new());
    }
}
