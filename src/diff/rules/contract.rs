//! The contract terms of the second round: `definition-changed`,
//! `severity-definition-changed`, `measurement-changed`, `share-lowered`/`share-raised`,
//! `owed-by-changed` and `plan-changed`.
//!
//! Definitions are matched by their term (a renamed term is one removed and one added), and
//! compared by words ([`words::same`]): rewrapping a definition changes nothing. A share is
//! compared as a target ([`Target::strength_of`]): a lower share is weaker for the party the
//! objective is owed to.

use crate::diagnostic::{Code, Diagnostic, Span};
use crate::diff::{matching, words};
use crate::model::{Definition, Measurement, SlaDocument, Strength};
use crate::source::pointer::escape;

use super::{Finding, Loc, Pair};

/// Docs of `definition-changed`.
pub const DEFINITION_CHANGED: &str = "\
## What it checks
A term of `spec.definitions` that was added, removed or reworded (matched by the term;
rewrapping the text is no change). One finding per term, naming it.

## Why is this bad?
A definition decides what the targets mean: if \"Downtime Minute\" starts at a 10% error
rate instead of 5%, the same availability target promises less, with no target changed.
Whether a new wording favours the customer takes a person to judge.

## Example
Before: `definitions: {Downtime Minute: a minute in which the error rate exceeds 5%}`
After: `definitions: {Downtime Minute: a minute in which the error rate exceeds 10%}`
";

/// Docs of `severity-definition-changed`.
pub const SEVERITY_DEFINITION_CHANGED: &str = "\
## What it checks
The `description` of a severity (an `{id, description}` item of `spec.severities`) that was
added, removed or reworded. The order and ids of the severities are `severities-changed`.

## Why is this bad?
The definition decides which incidents are critical. Narrowing it (\"all users\" where it was
\"any production user\") moves incidents to a laxer severity with every target unchanged.

## Example
Before: `- {id: critical, description: Production is down for any user}`
After: `- {id: critical, description: Production is down for all users}`
";

/// Docs of `measurement-changed`.
pub const MEASUREMENT_CHANGED: &str = "\
## What it checks
An objective's `measurement` (its `description`, `sample` interval or `scope`) that was
added, removed or changed.

## Why is this bad?
How an indicator is measured decides what the target promises: an error rate sampled per
5 minutes hides short outages that a 1-minute sample counts; a scope `per region` and a scope
`global` count different failures. A person must look.

## Example
Before: `measurement: {description: error rate of valid requests, sample: 1m}`
After: `measurement: {description: error rate of valid requests, sample: 5m}`
";

/// Docs of `share-lowered`.
pub const SHARE_LOWERED: &str = "\
## What it checks
The `share` of a per-event objective (each ticket, each request) that was lowered, or written
where the target held for every event before.

## Why is this bad?
The target must now hold for fewer of the events: `>= 90%` of tickets answered in an hour
lets one ticket in ten wait as long as it may, where `>= 95%` allowed one in twenty.

## Example
Before: `{indicator: response-time, target: \"<= 1h\", share: \">= 95%\"}`
After: `{indicator: response-time, target: \"<= 1h\", share: \">= 90%\"}`
";

/// Docs of `share-raised`.
pub const SHARE_RAISED: &str = "\
## What it checks
The `share` of a per-event objective that was raised, or removed (the target then holds for
every event).

## Why is this bad?
It is not, for the party the objective is owed to.

## Example
Before: `share: \">= 90%\"`
After: `share: \">= 95%\"`
";

/// Docs of `owed-by-changed`.
pub const OWED_BY_CHANGED: &str = "\
## What it checks
An objective's `owedBy` (`provider`, the default, or `customer`) that changed: the other
party now owes it.

## Why is this bad?
The same target now binds the other party, and is judged for the other one: every later
weakening of it needs other approvals. A person must look.

## Example
Before: `{id: lead-follow-up, target: \"<= 1d\"}`
After: `{id: lead-follow-up, target: \"<= 1d\", owedBy: customer}`
";

/// Docs of `plan-changed`.
pub const PLAN_CHANGED: &str = "\
## What it checks
An objective whose `plan` changed (added, removed or another plan), or `spec.plans` whose
ids, names or order changed.

## Why is this bad?
The plan decides which subscribers a target is promised to; moving an objective from
`standard` to `premium` takes it away from every standard subscriber. A person must look.

## Example
Before: `{id: availability, plan: standard, target: \">= 99.9%\"}`
After: `{id: availability, plan: premium, target: \">= 99.9%\"}`
";

/// The document-level rules of this family: definitions, severity definitions, plans.
pub(crate) fn compare(base: &SlaDocument, head: &SlaDocument, out: &mut Vec<Diagnostic>) {
    let glossary =
        |_: &SlaDocument, t: &Definition| format!("/spec/definitions/{}", escape(&t.term.value));
    definitions(
        (base, head),
        (&base.spec.definitions, &head.spec.definitions),
        (Code::DefinitionChanged, "definition of"),
        glossary,
        out,
    );
    let severity = |d: &SlaDocument, t: &Definition| {
        let i = d.spec.severity_rank(&t.term.value).unwrap_or_default();
        format!("/spec/severities/{i}/description")
    };
    definitions(
        (base, head),
        (
            &base.spec.severity_definitions,
            &head.spec.severity_definitions,
        ),
        (Code::SeverityDefinitionChanged, "definition of severity"),
        severity,
        out,
    );
    plans(base, head, out);
}

/// Definitions matched by term: one finding per term added, removed or reworded.
fn definitions(
    (base, head): (&SlaDocument, &SlaDocument),
    (b, h): (&[Definition], &[Definition]),
    (code, what): (Code, &str),
    path: impl Fn(&SlaDocument, &Definition) -> String,
    out: &mut Vec<Diagnostic>,
) {
    let m = matching::by_key(b, h, |d| d.term.value.as_str());
    let at = |doc: &SlaDocument, d: &Definition| Loc::new(doc, d.definition.span, path(doc, d));
    for (bd, hd) in m.pairs {
        if words::same(&bd.definition.value, &hd.definition.value) {
            continue;
        }
        Finding::new(code, format!("{what} `{}` reworded", hd.term.value))
            .before(words::normalize(&bd.definition.value))
            .after(words::normalize(&hd.definition.value))
            .impact(Some(words::word_diff(
                &bd.definition.value,
                &hd.definition.value,
            )))
            .base(at(base, bd))
            .head(at(head, hd))
            .emit(out);
    }
    for bd in m.removed {
        Finding::new(code, format!("{what} `{}` removed", bd.term.value))
            .before(words::normalize(&bd.definition.value))
            .base(at(base, bd))
            .emit(out);
    }
    for hd in m.added {
        Finding::new(code, format!("{what} `{}` added", hd.term.value))
            .after(words::normalize(&hd.definition.value))
            .head(at(head, hd))
            .emit(out);
    }
}

/// `spec.plans` whose ids, names or order changed: one finding.
fn plans(base: &SlaDocument, head: &SlaDocument, out: &mut Vec<Diagnostic>) {
    let written = |d: &SlaDocument| -> Vec<String> {
        d.spec
            .plans
            .iter()
            .map(|p| format!("{} ({})", p.id.value, words::normalize(&p.name.value)))
            .collect()
    };
    let (b, h) = (written(base), written(head));
    if b == h {
        return;
    }
    let span = |d: &SlaDocument| d.spec.plans.first().map_or(d.id.span, |p| p.id.span);
    let show = |v: &[String]| {
        if v.is_empty() {
            "none".to_string()
        } else {
            v.join(", ")
        }
    };
    Finding::new(
        Code::PlanChanged,
        format!("plans changed from {} to {}", show(&b), show(&h)),
    )
    .before(show(&b))
    .after(show(&h))
    .base(Loc::new(base, span(base), "/spec/plans"))
    .head(Loc::new(head, span(head), "/spec/plans"))
    .emit(out);
}

/// The objective-level rules of this family.
pub(crate) fn objective(p: &Pair<'_>, out: &mut Vec<Diagnostic>) {
    measurement(p, out);
    share(p, out);
    owed_by(p, out);
    plan(p, out);
}

/// `measurement` added, removed or changed.
fn measurement(p: &Pair<'_>, out: &mut Vec<Diagnostic>) {
    let (before, after) = (p.base.measurement.as_deref(), p.head.measurement.as_deref());
    let meaning = |m: Option<&Measurement>| {
        m.map(|m| {
            let (description, sample, scope) = m.meaning();
            (
                words::normalize(description),
                sample,
                scope.map(words::normalize),
            )
        })
    };
    if meaning(before) == meaning(after) {
        return;
    }
    let show = |m: &Measurement| {
        let mut parts = Vec::new();
        if let Some(sample) = &m.sample {
            parts.push(format!("sample: {}", sample.value));
        }
        if let Some(scope) = &m.scope {
            parts.push(format!("scope: {}", words::normalize(&scope.value)));
        }
        let description = words::normalize(&m.description.value);
        if parts.is_empty() {
            description
        } else {
            format!("{description} ({})", parts.join(", "))
        }
    };
    let mut f = p.finding(
        Code::MeasurementChanged,
        format!("how `{}` is measured changed", p.head.id.value),
        "measurement",
        after.map(|m| m.span),
        before.map(|m| m.span),
    );
    if let Some(m) = before {
        f = f.before(show(m));
    }
    if let Some(m) = after {
        f = f.after(show(m));
    }
    f.emit(out);
}

/// `share` lowered (or written where every event counted) or raised (or removed).
fn share(p: &Pair<'_>, out: &mut Vec<Diagnostic>) {
    let (b, h) = (p.base.share.as_deref(), p.head.share.as_deref());
    let strength = match (b, h) {
        (None, None) => return,
        (Some(_), None) => Strength::Stronger,
        (None, Some(_)) => Strength::Weaker,
        (Some(b), Some(h)) => b.value.strength_of(&h.value),
    };
    let code = match strength {
        Strength::Weaker => Code::ShareLowered,
        Strength::Stronger => Code::ShareRaised,
        Strength::Same | Strength::Incomparable => return,
    };
    let shown = |s: Option<&crate::model::Spanned<crate::model::Target>>| {
        s.map_or_else(|| "every event".to_string(), |s| s.raw().to_string())
    };
    let verb = if code == Code::ShareLowered {
        "lowered"
    } else {
        "raised"
    };
    p.finding(
        code,
        format!(
            "the share of events `{}` must hold for was {verb}",
            p.head.id.value
        ),
        "share",
        h.map(|s| s.span),
        b.map(|s| s.span),
    )
    .before(shown(b))
    .after(shown(h))
    .emit(out);
}

/// `owedBy` changed (an absent `owedBy` is `provider`).
fn owed_by(p: &Pair<'_>, out: &mut Vec<Diagnostic>) {
    let (b, h) = (p.base.owed_by(), p.head.owed_by());
    if b == h {
        return;
    }
    let span = |o: &crate::model::Objective| o.owed_by.as_ref().map(|s| s.span);
    p.finding(
        Code::OwedByChanged,
        format!(
            "`{}` is now owed by the {} (was: the {})",
            p.head.id.value,
            h.name(),
            b.name()
        ),
        "owedBy",
        span(p.head),
        span(p.base),
    )
    .before(b.name())
    .after(h.name())
    .emit(out);
}

/// `plan` added, removed or changed.
fn plan(p: &Pair<'_>, out: &mut Vec<Diagnostic>) {
    let id = |o: &crate::model::Objective| o.plan.as_ref().map(|s| s.value.clone());
    let (b, h) = (id(p.base), id(p.head));
    if b == h {
        return;
    }
    let span = |o: &crate::model::Objective| -> Option<Span> { o.plan.as_ref().map(|s| s.span) };
    let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "every plan".into());
    p.finding(
        Code::PlanChanged,
        format!(
            "`{}` moved from {} to {}",
            p.head.id.value,
            show(&b),
            show(&h)
        ),
        "plan",
        span(p.head),
        span(p.base),
    )
    .before(show(&b))
    .after(show(&h))
    .emit(out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::rules::text::tests::{both_ways, line, pairs};
    use crate::load::testing::{BASE, documents};

    /// The findings of [`compare`], then of [`objective`] for each pair of objectives (by
    /// position), from `base` to `head`.
    fn diff(base: &str, head: &str) -> Vec<String> {
        let docs = documents(&[("base.sla.yaml", base), ("head.sla.yaml", head)]);
        let mut out = Vec::new();
        compare(&docs[0], &docs[1], &mut out);
        for pair in pairs(&docs[0], &docs[1]) {
            objective(&pair, &mut out);
        }
        out.iter().map(line).collect()
    }

    /// The messages of the findings, from `base` to `head`.
    fn messages(base: &str, head: &str) -> Vec<String> {
        let docs = documents(&[("base.sla.yaml", base), ("head.sla.yaml", head)]);
        let mut out = Vec::new();
        compare(&docs[0], &docs[1], &mut out);
        for pair in pairs(&docs[0], &docs[1]) {
            objective(&pair, &mut out);
        }
        out.into_iter().map(|d| d.message).collect()
    }

    /// BASE with `spec` lines (indented two spaces) before the changelog.
    fn with(spec: &str) -> String {
        let out = BASE.replace("  changelog:", &format!("{spec}  changelog:"));
        assert!(out.contains(spec));
        out
    }

    /// BASE with `lines` (indented six spaces) added to the latency objective.
    fn latency(lines: &str) -> String {
        let out = BASE.replace(
            "      window: 30d\n",
            &format!("      window: 30d\n{lines}"),
        );
        assert!(out.contains(lines));
        out
    }

    #[test]
    fn each_definition_added_removed_or_reworded_is_one_finding_naming_it() {
        let a = with(
            "  definitions:\n    Downtime Minute: a minute in which the error rate exceeds 5%\n    \
             Region: a geographic area\n",
        );
        let b = with(
            "  definitions:\n    Downtime Minute: a minute in which the error rate exceeds 10%\n    \
             Incident: an unplanned interruption\n",
        );
        assert_eq!(
            messages(&a, &b),
            [
                "definition of `Downtime Minute` reworded",
                "definition of `Region` removed",
                "definition of `Incident` added"
            ]
        );
        // The word diff keeps four words of context before the change: "the error rate
        // exceeds"; "a minute in which" is shortened to "...".
        both_ways(
            diff,
            &a,
            &b,
            &[
                "definition-changed: a minute in which the error rate exceeds 5% -> a minute in which the error rate exceeds 10%: ... the error rate exceeds [-5%-]{+10%+}",
                "definition-changed: a geographic area -> - (at base)",
                "definition-changed: - -> an unplanned interruption",
            ],
            &[
                "definition-changed: a minute in which the error rate exceeds 10% -> a minute in which the error rate exceeds 5%: ... the error rate exceeds [-10%-]{+5%+}",
                "definition-changed: an unplanned interruption -> - (at base)",
                "definition-changed: - -> a geographic area",
            ],
        );
    }

    #[test]
    fn a_definition_rewrapped_is_no_change() {
        let a = with("  definitions:\n    Region: a geographic   area\n");
        let b = with("  definitions:\n    Region: >-\n      a geographic\n      area\n");
        assert!(diff(&a, &b).is_empty());
    }

    #[test]
    fn a_severity_definition_reworded_is_changed_and_ids_alone_are_not() {
        let ids = with("  severities: [critical, high]\n");
        let a = with(
            "  severities:\n    - {id: critical, description: Down for any user}\n    - high\n",
        );
        let b = with(
            "  severities:\n    - {id: critical, description: Down for every user}\n    - high\n",
        );
        assert_eq!(
            diff(&a, &b),
            [
                "severity-definition-changed: Down for any user -> Down for every user: Down for [-any-]{+every+} user"
            ]
        );
        assert_eq!(
            diff(&ids, &a),
            ["severity-definition-changed: - -> Down for any user"]
        );
        let docs = documents(&[("a.sla.yaml", &a)]);
        assert_eq!(docs[0].spec.severity_rank("high"), Some(1));
    }

    #[test]
    fn a_lower_share_weakens_and_a_higher_one_strengthens() {
        let share = |s: &str| latency(&format!("      share: '{s}'\n"));
        both_ways(
            diff,
            &share(">= 95%"),
            &share(">= 90%"),
            &["share-lowered: >= 95% -> >= 90%"],
            &["share-raised: >= 90% -> >= 95%"],
        );
        // No share: the target holds for every event, so writing one lowers it.
        both_ways(
            diff,
            BASE,
            &share(">= 99%"),
            &["share-lowered: every event -> >= 99%"],
            &["share-raised: >= 99% -> every event (at base)"],
        );
        assert!(diff(&share(">= 95%"), &share(">=95.0%")).is_empty());
    }

    #[test]
    fn a_measurement_changed_is_changed_and_one_written_differently_is_not() {
        let m = |s: &str| latency(&format!("      measurement: {{{s}}}\n"));
        let a = m("description: server-side latency, sample: 1m");
        assert_eq!(
            diff(&a, &m("description: server-side latency, sample: 5m")),
            [
                "measurement-changed: server-side latency (sample: 1m) -> server-side latency (sample: 5m)"
            ]
        );
        assert_eq!(
            diff(BASE, &a),
            ["measurement-changed: - -> server-side latency (sample: 1m)"]
        );
        assert!(diff(&a, &m("description: server-side  latency, sample: 60s")).is_empty());
    }

    #[test]
    fn owed_by_and_plan_changes_are_changed_and_findings_say_for_whom() {
        let owed = latency("      owedBy: customer\n");
        assert_eq!(diff(BASE, &owed), ["owed-by-changed: provider -> customer"]);
        assert!(diff(BASE, &latency("      owedBy: provider\n")).is_empty());
        let share = |s: &str| latency(&format!("      owedBy: customer\n      share: '{s}'\n"));
        assert_eq!(
            messages(&share(">= 95%"), &share(">= 90%")),
            [
                "the share of events `latency` must hold for was lowered (owed by the customer: judged for the provider)"
            ]
        );
        let planned = |p: &str| {
            latency(&format!("      plan: {p}\n")).replace(
                "  changelog:",
                "  plans: [{id: standard, name: Standard}, {id: premium, name: Premium}]\n  changelog:",
            )
        };
        assert_eq!(
            diff(&planned("standard"), &planned("premium")),
            ["plan-changed: standard -> premium"]
        );
        assert_eq!(
            diff(BASE, &planned("premium")),
            [
                "plan-changed: none -> standard (Standard), premium (Premium)",
                "plan-changed: every plan -> premium"
            ]
        );
    }
}
