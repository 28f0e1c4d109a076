//! What is not measured: `exclusion-added`, `exclusion-removed` (per objective), and
//! `exclusion-max-weakened`, `exclusion-max-strengthened` (per exclusion).

use std::collections::HashSet;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Exclusion, SlaDocument, Spec};

use super::{Finding, Loc, Pair, text};
use crate::diff::{impact, matching};

/// Docs of `exclusion-added`.
pub const EXCLUSION_ADDED: &str = "\
## What it checks
An exclusion id newly listed in an objective's `exclusions`.

## Why is this bad?
Time covered by the exclusion (scheduled maintenance, force majeure, ...) no longer counts
against the objective, so outages the customer felt can fall outside the promise. An
exclusion without `max` is unbounded.

## Example
Before: `exclusions: [force-majeure]`
After: `exclusions: [force-majeure, scheduled-maintenance]` (with `max: 4h`)

Impact: `up to 4h per month no longer counted`.
";

/// Docs of `exclusion-removed`.
pub const EXCLUSION_REMOVED: &str = "\
## What it checks
An exclusion id no longer listed in an objective's `exclusions`.

## Why is this bad?
It is not, for the customer: more time counts against the objective.

## Example
Before: `exclusions: [scheduled-maintenance]`
After: `exclusions: []`
";

/// Docs of `exclusion-max-weakened`.
pub const EXCLUSION_MAX_WEAKENED: &str = "\
## What it checks
An exclusion used by an objective whose `max` (the most time it may exclude per window) grew,
or was removed so that the exclusion is unbounded.

## Why is this bad?
More downtime can be declared excluded (maintenance, say) without breaching any objective
that uses the exclusion.

## Example
Before: `{id: scheduled-maintenance, max: 4h}`
After: `{id: scheduled-maintenance, max: 8h}`

Impact: `4h -> 8h: 2x longer (+4h)`.
";

/// Docs of `exclusion-max-strengthened`.
pub const EXCLUSION_MAX_STRENGTHENED: &str = "\
## What it checks
An exclusion used by an objective whose `max` shrank, or that gained a `max`.

## Why is this bad?
It is not, for the customer: less time can be excluded per window.

## Example
Before: `{id: scheduled-maintenance, max: 8h}`
After: `{id: scheduled-maintenance, max: 4h}`
";

fn bound(spec: &Spec, id: &str) -> String {
    match spec
        .exclusions
        .iter()
        .find(|e| e.id.value == id)
        .and_then(|e| e.max.as_ref())
    {
        Some(max) => format!("up to {} per window no longer counted", max.value),
        None => "unbounded: no `max`".into(),
    }
}

/// Exclusion ids listed by a paired objective.
pub(crate) fn objective(p: &Pair<'_>, out: &mut Vec<Diagnostic>) {
    let m = matching::by_key(&p.base.exclusions, &p.head.exclusions, |e| e.value.as_str());
    let id = &p.head.id.value;
    for (i, e) in p.head.exclusions.iter().enumerate() {
        if !m.added.iter().any(|a| std::ptr::eq(*a, e)) {
            continue;
        }
        let impact = bound(&p.head_doc.spec, &e.value)
            .replace("per window", &format!("per {}", p.head.window()));
        Finding::new(
            Code::ExclusionAdded,
            format!("exclusion `{}` now applies to {id}", e.value),
        )
        .objective(id)
        .after(e.value.clone())
        .impact(Some(impact))
        .head(Loc::new(
            p.head_doc,
            e.span,
            p.head.pointer(&format!("exclusions/{i}")),
        ))
        .base(Loc::new(p.base_doc, p.base.id.span, p.base.pointer("")))
        .emit(out);
    }
    for (i, e) in p.base.exclusions.iter().enumerate() {
        if !m.removed.iter().any(|r| std::ptr::eq(*r, e)) {
            continue;
        }
        Finding::new(
            Code::ExclusionRemoved,
            format!("exclusion `{}` no longer applies to {id}", e.value),
        )
        .objective(id)
        .before(e.value.clone())
        .base(Loc::new(
            p.base_doc,
            e.span,
            p.base.pointer(&format!("exclusions/{i}")),
        ))
        .emit(out);
    }
}

fn used(doc: &SlaDocument) -> HashSet<&str> {
    doc.spec
        .objectives
        .iter()
        .flat_map(|o| o.exclusions.iter().map(|e| e.value.as_str()))
        .collect()
}

/// The exclusions defined by two revisions of a document: `max` and description.
pub(crate) fn definitions(base: &SlaDocument, head: &SlaDocument, out: &mut Vec<Diagnostic>) {
    let m = matching::by_key(&base.spec.exclusions, &head.spec.exclusions, |e| {
        e.id.value.as_str()
    });
    let (bu, hu) = (used(base), used(head));
    for (b, h) in m.pairs {
        if b.max.as_ref().map(|m| m.value) == h.max.as_ref().map(|m| m.value)
            && crate::diff::words::same(&b.description.value, &h.description.value)
        {
            continue;
        }
        let bi = base
            .spec
            .exclusions
            .iter()
            .position(|e| std::ptr::eq(e, b))
            .unwrap_or(0);
        let hi = head
            .spec
            .exclusions
            .iter()
            .position(|e| std::ptr::eq(e, h))
            .unwrap_or(0);
        let (bp, hp) = (
            format!("/spec/exclusions/{bi}"),
            format!("/spec/exclusions/{hi}"),
        );
        // A bound of an exclusion no objective uses limits nothing.
        if bu.contains(b.id.value.as_str()) || hu.contains(h.id.value.as_str()) {
            max(base, head, b, h, (&bp, &hp), out);
        }
        text::prose(
            (base, head),
            (&b.description, &h.description),
            (&format!("{bp}/description"), &format!("{hp}/description")),
            None,
            &format!("description of exclusion `{}`", h.id.value),
            out,
        );
    }
}

fn max(
    base: &SlaDocument,
    head: &SlaDocument,
    b: &Exclusion,
    h: &Exclusion,
    (bp, hp): (&str, &str),
    out: &mut Vec<Diagnostic>,
) {
    let id = &h.id.value;
    let (code, message) = match (&b.max, &h.max) {
        (Some(bm), Some(hm)) if bm.value == hm.value => return,
        (None, None) => return,
        (Some(bm), Some(hm)) if hm.value > bm.value => (
            Code::ExclusionMaxWeakened,
            format!(
                "exclusion `{id}` may now exclude up to `{}` instead of `{}` per window",
                hm.value, bm.value
            ),
        ),
        (Some(bm), Some(hm)) => (
            Code::ExclusionMaxStrengthened,
            format!(
                "exclusion `{id}` may now exclude up to `{}` instead of `{}` per window",
                hm.value, bm.value
            ),
        ),
        (Some(bm), None) => (
            Code::ExclusionMaxWeakened,
            format!(
                "exclusion `{id}` lost its `max` of `{}`: it is now unbounded",
                bm.value
            ),
        ),
        (None, Some(hm)) => (
            Code::ExclusionMaxStrengthened,
            format!("exclusion `{id}` is now bounded by `max: {}`", hm.value),
        ),
    };
    let impact = match (&b.max, &h.max) {
        (Some(bm), Some(hm)) => impact::quantity_change(
            &crate::model::Quantity::Duration(bm.value),
            &crate::model::Quantity::Duration(hm.value),
            crate::model::Direction::HigherIsBetter,
        ),
        _ => None,
    };
    let mut f = Finding::new(code, message).impact(impact);
    f = match &b.max {
        Some(m) => f
            .before(m.raw().to_string())
            .base(Loc::new(base, m.span, format!("{bp}/max"))),
        None => f
            .before("none")
            .base(Loc::new(base, b.id.span, bp.to_string())),
    };
    // A removed bound points at the base.
    f = match &h.max {
        Some(m) => f
            .after(m.raw().to_string())
            .head(Loc::new(head, m.span, format!("{hp}/max"))),
        None => f.after("none"),
    };
    f.emit(out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::rules::text::tests::{line, pairs};
    use crate::load::testing::{BASE, documents};

    /// The findings of [`objective`] for each pair of [`pairs`] and of [`definitions`], from
    /// `base` to `head`.
    fn diff(base: &str, head: &str) -> Vec<String> {
        let docs = documents(&[("base.sla.yaml", base), ("head.sla.yaml", head)]);
        let (b, h) = (&docs[0], &docs[1]);
        let mut out = Vec::new();
        for pair in pairs(b, h) {
            objective(&pair, &mut out);
        }
        definitions(b, h, &mut out);
        out.iter().map(line).collect()
    }

    /// `BASE` defining the exclusion `maintenance` as `definition`; `used` lists it on the
    /// availability objective.
    fn with(definition: &str, used: bool) -> String {
        let text = BASE.replace(
            "  changelog:",
            &format!("  exclusions:\n    - {definition}\n  changelog:"),
        );
        if used {
            text.replace(
                "      hours: business-hours\n",
                "      hours: business-hours\n      exclusions: [maintenance]\n",
            )
        } else {
            text
        }
    }

    const MAINTENANCE: &str = "{id: maintenance, description: Announced 72h ahead, max: 4h}";

    #[test]
    fn an_exclusion_listed_on_an_objective_is_added_with_its_bound() {
        let (base, head) = (with(MAINTENANCE, false), with(MAINTENANCE, true));
        // `availability` has no window, so it is measured per month: the bound reads per month.
        assert_eq!(
            diff(&base, &head),
            ["exclusion-added: - -> maintenance: up to 4h per month no longer counted"]
        );
        assert_eq!(
            diff(&head, &base),
            ["exclusion-removed: maintenance -> - (at base)"]
        );
    }

    #[test]
    fn an_unbounded_exclusion_says_so() {
        let open = "{id: maintenance, description: Announced 72h ahead}";
        assert_eq!(
            diff(&with(open, false), &with(open, true)),
            ["exclusion-added: - -> maintenance: unbounded: no `max`"]
        );
    }

    #[test]
    fn a_raised_max_weakens_with_the_ratio_and_the_difference() {
        let (base, head) = (
            with(MAINTENANCE, true),
            with(&MAINTENANCE.replace("max: 4h", "max: 8h"), true),
        );
        // 8h / 4h = 2, and 8h - 4h = 4h more that no longer counts.
        assert_eq!(
            diff(&base, &head),
            ["exclusion-max-weakened: 4h -> 8h: 4h -> 8h: 2x longer (+4h)"]
        );
        assert_eq!(
            diff(&head, &base),
            ["exclusion-max-strengthened: 8h -> 4h: 8h -> 4h: 2x shorter (-4h)"]
        );
    }

    #[test]
    fn a_removed_max_leaves_the_exclusion_unbounded() {
        let (bounded, open) = (
            with(MAINTENANCE, true),
            with("{id: maintenance, description: Announced 72h ahead}", true),
        );
        assert_eq!(
            diff(&bounded, &open),
            ["exclusion-max-weakened: 4h -> none (at base)"]
        );
        assert_eq!(
            diff(&open, &bounded),
            ["exclusion-max-strengthened: none -> 4h"]
        );
    }

    #[test]
    fn the_bound_of_an_exclusion_no_objective_uses_limits_nothing() {
        let (base, head) = (
            with(MAINTENANCE, false),
            with(&MAINTENANCE.replace("max: 4h", "max: 8h"), false),
        );
        assert_eq!(diff(&base, &head), Vec::<String>::new());
    }

    #[test]
    fn a_reworded_description_is_text() {
        let (base, head) = (
            with(MAINTENANCE, true),
            with(&MAINTENANCE.replace("72h", "48h"), true),
        );
        assert_eq!(
            diff(&base, &head),
            [
                "text-changed: Announced 72h ahead -> Announced 48h ahead: Announced [-72h-]{+48h+} ahead"
            ]
        );
    }

    #[test]
    fn an_equal_bound_written_differently_is_no_change() {
        let restyled = "\n      id: maintenance\n      max: 240m\n      description: >-\n        Announced\n        72h ahead";
        let (base, head) = (with(MAINTENANCE, true), with(restyled, true));
        assert_eq!(diff(&base, &head), Vec::<String>::new());
        assert_eq!(diff(&head, &base), Vec::<String>::new());
    }
}
