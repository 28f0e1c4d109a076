//! Whole agreements: `document-removed`, `document-added`, `agreement-type-changed`, and the
//! term: `term-shortened`, `term-lengthened`, `effective-changed`.
//!
//! The term is judged end by end: a later start or an earlier (or new) end is less time in
//! effect, the mirrors more. When one end gains time and the other loses it, the term moved
//! and both ends are `effective-changed`: a person must judge.

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{AgreementType, Date, DocKind, SlaDocument};

use super::{Finding, Loc};

/// Docs of `document-removed`.
pub const DOCUMENT_REMOVED: &str = "\
## What it checks
An agreement (a document with its `metadata.id`) that exists in the base revision and in no
SLA file of the head revision. A document that only moved to another file, or whose file was
renamed, is matched by its id and is not removed.

## Why is this bad?
Every promise the agreement made (objectives, credits, duties, termination rights) is gone at
once. Ending an agreement is a decision for both parties, not a side effect of a cleanup.

## Example
Before: `policies/acme-crm.sla.yaml` holds `metadata: {id: acme-crm-enterprise}`.
After: the file is deleted, and no other file defines `acme-crm-enterprise`.

The finding points at `metadata.id` in the base revision (`\"side\": \"base\"`).
";

/// Docs of `document-added`.
pub const DOCUMENT_ADDED: &str = "\
## What it checks
An agreement whose `metadata.id` exists in the head revision and not in the base.

## Why is this bad?
It is not: a new agreement only adds promises. It is reported (as `info`, class `added`) so
that reviewers see every agreement a change brings in.

## Example
Before: no document `acme-support-ola`.
After: `policies/support-desk.ola.yaml` defines `metadata: {id: acme-support-ola}`.
";

/// Docs of `agreement-type-changed`.
pub const AGREEMENT_TYPE_CHANGED: &str = "\
## What it checks
A change of `kind` (`ServiceLevelAgreement`, `OperationalLevelAgreement`) or of `spec.type`
(`customer`, `internal`, `multilevel`).

## Why is this bad?
The type says who the agreement binds and how it is enforced: a customer SLA carries
contractual remedies, an internal agreement usually does not. Whether that is weaker or
stronger depends on the parties, so a person must look.

## Example
Before: `type: customer`
After: `type: internal`
";

/// Docs of `term-shortened`.
pub const TERM_SHORTENED: &str = "\
## What it checks
The agreement's term (`spec.effective`) got shorter and longer at neither end:
`effective.from` later, `effective.until` earlier, or an end date set where there was none.

## Why is this bad?
Every promise of the agreement applies only within its term. A later start leaves the customer
without the promises for the first days; an earlier end (or a new end date on an open-ended
agreement) takes them away sooner.

## Example
Before: `effective: {from: 2026-01-01, until: 2028-12-31}`
After: `effective: {from: 2026-01-01, until: 2027-06-30}`

Impact: `ends 550 days earlier`.
";

/// Docs of `term-lengthened`.
pub const TERM_LENGTHENED: &str = "\
## What it checks
The agreement's term got longer and shorter at neither end: `effective.from` earlier,
`effective.until` later, or the end date removed.

## Why is this bad?
It is not, for the customer: the promises apply for longer. It binds the provider for longer,
which is why the provider approves it (class `strengthened`).

## Example
Before: `effective: {from: 2026-01-01, until: 2027-06-30}`
After: `effective: {from: 2026-01-01, until: 2028-12-31}`
";

/// Docs of `effective-changed`.
pub const EFFECTIVE_CHANGED: &str = "\
## What it checks
A term (`spec.effective`) that moved: longer at one end and shorter at the other, such as a
later start with a later end, or an earlier end with an earlier start. Each moved end is one
finding. A term that only got shorter is `term-shortened`, one that only got longer is
`term-lengthened`.

## Why is this bad?
The agreement covers other days than before: some are gained, some lost. Whether that is worse
for the customer depends on when they need the service, so a person must judge.

## Example
Before: `effective: {from: 2026-01-01, until: 2027-12-31}`
After: `effective: {from: 2026-07-01, until: 2028-06-30}`
";

fn kind_name(k: DocKind) -> &'static str {
    match k {
        DocKind::Sla => "ServiceLevelAgreement",
        DocKind::Ola => "OperationalLevelAgreement",
    }
}

fn type_name(t: AgreementType) -> &'static str {
    match t {
        AgreementType::Customer => "customer",
        AgreementType::Internal => "internal",
        AgreementType::Multilevel => "multilevel",
    }
}

fn count(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Lists ids, at most `max` of them.
pub(crate) fn id_list<'a>(ids: impl Iterator<Item = &'a str>, max: usize) -> String {
    let ids: Vec<&str> = ids.collect();
    let mut shown: Vec<String> = ids.iter().take(max).map(|s| format!("`{s}`")).collect();
    if ids.len() > max {
        shown.push(format!("and {} more", ids.len() - max));
    }
    shown.join(", ")
}

/// A document only in the base revision.
pub(crate) fn removed(doc: &SlaDocument, out: &mut Vec<Diagnostic>) {
    let objectives = &doc.spec.objectives;
    let impact = (!objectives.is_empty()).then(|| {
        format!(
            "no longer promised: {}",
            id_list(objectives.iter().map(|o| o.id.value.as_str()), 8)
        )
    });
    Finding::new(
        Code::DocumentRemoved,
        format!(
            "agreement `{}` removed with its {}",
            doc.id.value,
            count(objectives.len(), "objective")
        ),
    )
    .before(doc.id.value.clone())
    .impact(impact)
    .base(Loc::new(doc, doc.id.span, "/metadata/id"))
    .emit(out);
}

/// A document only in the head revision.
pub(crate) fn added(doc: &SlaDocument, out: &mut Vec<Diagnostic>) {
    Finding::new(
        Code::DocumentAdded,
        format!(
            "agreement `{}` added with {}",
            doc.id.value,
            count(doc.spec.objectives.len(), "objective")
        ),
    )
    .after(doc.id.value.clone())
    .head(Loc::new(doc, doc.id.span, "/metadata/id"))
    .emit(out);
}

/// Kind, type and effective period of two revisions of a document.
pub(crate) fn compare(base: &SlaDocument, head: &SlaDocument, out: &mut Vec<Diagnostic>) {
    kind_and_type(base, head, out);
    term(base, head, out);
}

/// `kind` and `spec.type`.
fn kind_and_type(base: &SlaDocument, head: &SlaDocument, out: &mut Vec<Diagnostic>) {
    if base.kind.value != head.kind.value {
        let (b, h) = (kind_name(base.kind.value), kind_name(head.kind.value));
        Finding::new(
            Code::AgreementTypeChanged,
            format!("`kind` changed from `{b}` to `{h}`"),
        )
        .before(b)
        .after(h)
        .head(Loc::new(head, head.kind.span, "/kind"))
        .base(Loc::new(base, base.kind.span, "/kind"))
        .emit(out);
    }
    let (bt, ht) = (&base.spec.agreement_type, &head.spec.agreement_type);
    if bt.value != ht.value {
        let (b, h) = (type_name(bt.value), type_name(ht.value));
        Finding::new(
            Code::AgreementTypeChanged,
            format!("`spec.type` changed from `{b}` to `{h}`"),
        )
        .before(b)
        .after(h)
        .head(Loc::new(head, ht.span, "/spec/type"))
        .base(Loc::new(base, bt.span, "/spec/type"))
        .emit(out);
    }
}

/// Which way one end of the term moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Term {
    /// Less time in effect at this end.
    Shorter,
    /// More time in effect at this end.
    Longer,
}

/// How the start moved: later is shorter. `None` when it did not move.
fn start_moved(base: &SlaDocument, head: &SlaDocument) -> Option<Term> {
    let (b, h) = (
        base.spec.effective_from.value,
        head.spec.effective_from.value,
    );
    (b != h).then_some(if h > b { Term::Shorter } else { Term::Longer })
}

/// How the end moved: earlier, or set where there was none, is shorter. `None` when it did
/// not move.
fn end_moved(base: &SlaDocument, head: &SlaDocument) -> Option<Term> {
    let (b, h) = (&base.spec.effective_until, &head.spec.effective_until);
    match (b.as_ref().map(|d| d.value), h.as_ref().map(|d| d.value)) {
        (Some(b), Some(h)) if b != h => Some(if h < b { Term::Shorter } else { Term::Longer }),
        (None, Some(_)) => Some(Term::Shorter),
        (Some(_), None) => Some(Term::Longer),
        _ => None,
    }
}

/// The term of two revisions: each moved end is one finding, `term-shortened` or
/// `term-lengthened` when both ends agree (or one did not move), `effective-changed` for
/// both when one end gained time and the other lost it.
fn term(base: &SlaDocument, head: &SlaDocument, out: &mut Vec<Diagnostic>) {
    let (start, end) = (start_moved(base, head), end_moved(base, head));
    let moved = matches!((start, end), (Some(a), Some(b)) if a != b);
    let code = |t: Term| match (moved, t) {
        (true, _) => Code::EffectiveChanged,
        (false, Term::Shorter) => Code::TermShortened,
        (false, Term::Longer) => Code::TermLengthened,
    };
    if let Some(t) = start {
        effective_from(base, head, code(t), out);
    }
    if let Some(t) = end {
        effective_until(base, head, code(t), out);
    }
}

/// `N day(s)` between two dates, however they are ordered.
fn days_between(a: Date, b: Date) -> String {
    let n = (a.days_since_epoch() - b.days_since_epoch()).unsigned_abs();
    format!("{n} day{}", if n == 1 { "" } else { "s" })
}

/// `spec.effective.from`: the agreement takes effect earlier or later.
fn effective_from(base: &SlaDocument, head: &SlaDocument, code: Code, out: &mut Vec<Diagnostic>) {
    let (bf, hf) = (&base.spec.effective_from, &head.spec.effective_from);
    let word = if hf.value > bf.value {
        "later"
    } else {
        "earlier"
    };
    Finding::new(
        code,
        format!(
            "the agreement now takes effect {word}: `{}` instead of `{}`",
            hf.value, bf.value
        ),
    )
    .before(bf.value.to_string())
    .after(hf.value.to_string())
    .impact(Some(format!(
        "starts {} {word}",
        days_between(bf.value, hf.value)
    )))
    .head(Loc::new(head, hf.span, "/spec/effective/from"))
    .base(Loc::new(base, bf.span, "/spec/effective/from"))
    .emit(out);
}

/// `spec.effective.until`: the agreement ends earlier, later, or no longer or newly ends.
fn effective_until(base: &SlaDocument, head: &SlaDocument, code: Code, out: &mut Vec<Diagnostic>) {
    let bf = &base.spec.effective_from;
    let (bu, hu) = (&base.spec.effective_until, &head.spec.effective_until);
    let (message, impact) = match (bu, hu) {
        (Some(b), Some(h)) => {
            let word = if h.value > b.value {
                "later"
            } else {
                "earlier"
            };
            (
                format!(
                    "the agreement now ends {word}: `{}` instead of `{}`",
                    h.value, b.value
                ),
                Some(format!("ends {} {word}", days_between(b.value, h.value))),
            )
        }
        (Some(b), None) => (
            format!("the agreement no longer ends on `{}`", b.value),
            Some("open-ended: no end date".to_string()),
        ),
        (None, Some(h)) => (
            format!("the agreement now ends on `{}`", h.value),
            Some("was open-ended".to_string()),
        ),
        (None, None) => return,
    };
    let mut f = Finding::new(code, message).impact(impact);
    f = match bu {
        Some(b) => {
            f.before(b.value.to_string())
                .base(Loc::new(base, b.span, "/spec/effective/until"))
        }
        None => f.base(Loc::new(base, bf.span, "/spec/effective")),
    };
    // A removed end date points at the base.
    if let Some(h) = hu {
        f = f
            .after(h.value.to_string())
            .head(Loc::new(head, h.span, "/spec/effective/until"));
    }
    f.emit(out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Class;
    use crate::diff::rules::text::tests::{both_ways, line};
    use crate::load::testing::{BASE, documents};

    /// This family's findings from `base` to `head` ([`compare`]), one [`line`] each.
    fn diff(base: &str, head: &str) -> Vec<String> {
        crate::diff::rules::text::tests::document_lines(compare, base, head)
    }

    #[test]
    fn a_removed_document_lists_its_objectives_and_an_added_one_counts_them() {
        let doc = &documents(&[("t.sla.yaml", BASE)])[0];
        let mut out = Vec::new();
        removed(doc, &mut out);
        added(doc, &mut out);
        let lines: Vec<String> = out.iter().map(line).collect();
        assert_eq!(
            lines,
            [
                "document-removed: acme -> - (at base): no longer promised: `availability`, `latency`",
                "document-added: - -> acme",
            ]
        );
        assert_eq!(
            out[0].message,
            "agreement `acme` removed with its 2 objectives"
        );
        assert_eq!(out[1].message, "agreement `acme` added with 2 objectives");
    }

    #[test]
    fn kind_and_type_changes_are_their_own_mirror() {
        let ola = BASE
            .replace(
                "kind: ServiceLevelAgreement",
                "kind: OperationalLevelAgreement",
            )
            .replace("type: customer", "type: internal");
        assert_eq!(
            diff(BASE, &ola),
            [
                "agreement-type-changed: ServiceLevelAgreement -> OperationalLevelAgreement",
                "agreement-type-changed: customer -> internal",
            ]
        );
        assert_eq!(
            diff(&ola, BASE),
            [
                "agreement-type-changed: OperationalLevelAgreement -> ServiceLevelAgreement",
                "agreement-type-changed: internal -> customer",
            ]
        );
    }

    /// `BASE` with the term `from` .. `until` (`until` empty: open-ended).
    fn term(from: &str, until: &str) -> String {
        let until = if until.is_empty() {
            String::new()
        } else {
            format!(", until: {until}")
        };
        BASE.replace("{from: 2026-01-01}", &format!("{{from: {from}{until}}}"))
    }

    #[test]
    fn a_later_start_shortens_the_term_and_an_earlier_one_lengthens_it() {
        let later = term("2026-02-01", "");
        // January 2026 has 31 days.
        both_ways(
            diff,
            BASE,
            &later,
            &["term-shortened: 2026-01-01 -> 2026-02-01: starts 31 days later"],
            &["term-lengthened: 2026-02-01 -> 2026-01-01: starts 31 days earlier"],
        );
        let docs = documents(&[("b.sla.yaml", BASE), ("h.sla.yaml", &later)]);
        let mut out = Vec::new();
        compare(&docs[0], &docs[1], &mut out);
        assert_eq!(
            out[0].message,
            "the agreement now takes effect later: `2026-02-01` instead of `2026-01-01`"
        );
        assert_eq!(out[0].change.as_ref().unwrap().class, Class::Weakened);
    }

    #[test]
    fn an_end_date_set_or_earlier_shortens_and_removed_or_later_lengthens() {
        let (end, earlier) = (
            term("2026-01-01", "2027-12-31"),
            term("2026-01-01", "2027-06-30"),
        );
        // Setting an end on an open-ended agreement shortens it; removing it points at the
        // base, where it was written.
        both_ways(
            diff,
            BASE,
            &end,
            &["term-shortened: - -> 2027-12-31: was open-ended"],
            &["term-lengthened: 2027-12-31 -> - (at base): open-ended: no end date"],
        );
        // 2027-06-30 to 2027-12-31: July 31 + August 31 + September 30 + October 31 +
        // November 30 + December 31 = 184 days.
        both_ways(
            diff,
            &end,
            &earlier,
            &["term-shortened: 2027-12-31 -> 2027-06-30: ends 184 days earlier"],
            &["term-lengthened: 2027-06-30 -> 2027-12-31: ends 184 days later"],
        );
    }

    #[test]
    fn both_ends_shorter_are_two_shortenings() {
        // Start: 2026-01-01 to 2026-02-01 is 31 days. End: 2027-06-30 to 2028-12-31 is 184
        // days to the end of 2027, then 366 days of the leap year 2028: 550 days.
        both_ways(
            diff,
            &term("2026-01-01", "2028-12-31"),
            &term("2026-02-01", "2027-06-30"),
            &[
                "term-shortened: 2026-01-01 -> 2026-02-01: starts 31 days later",
                "term-shortened: 2028-12-31 -> 2027-06-30: ends 550 days earlier",
            ],
            &[
                "term-lengthened: 2026-02-01 -> 2026-01-01: starts 31 days earlier",
                "term-lengthened: 2027-06-30 -> 2028-12-31: ends 550 days later",
            ],
        );
    }

    #[test]
    fn a_term_that_moved_both_ways_is_a_change() {
        // Later start (loses 2026-01-01..2026-06-30), later end (gains 2028-01-01..): the
        // term moved, in both directions of the comparison. 2026-01-01 to 2026-07-01 is
        // 31+28+31+30+31+30 = 181 days; 2027-12-31 to 2028-06-30 is 182 (2028 is a leap
        // year: 31+29+31+30+31+30).
        both_ways(
            diff,
            &term("2026-01-01", "2027-12-31"),
            &term("2026-07-01", "2028-06-30"),
            &[
                "effective-changed: 2026-01-01 -> 2026-07-01: starts 181 days later",
                "effective-changed: 2027-12-31 -> 2028-06-30: ends 182 days later",
            ],
            &[
                "effective-changed: 2026-07-01 -> 2026-01-01: starts 181 days earlier",
                "effective-changed: 2028-06-30 -> 2027-12-31: ends 182 days earlier",
            ],
        );
        // An earlier start with a new end date: gained at the start, lost at the end.
        both_ways(
            diff,
            BASE,
            &term("2025-12-31", "2027-12-31"),
            &[
                "effective-changed: 2026-01-01 -> 2025-12-31: starts 1 day earlier",
                "effective-changed: - -> 2027-12-31: was open-ended",
            ],
            &[
                "effective-changed: 2025-12-31 -> 2026-01-01: starts 1 day later",
                "effective-changed: 2027-12-31 -> - (at base): open-ended: no end date",
            ],
        );
    }

    #[test]
    fn a_restyled_header_is_no_change() {
        let head = BASE
            .replace(
                "  effective: {from: 2026-01-01}\n",
                "  effective:\n    from: 2026-01-01 # the contract date\n",
            )
            .replace(
                "kind: ServiceLevelAgreement",
                "kind: \"ServiceLevelAgreement\"",
            )
            .replace("type: customer", "type: 'customer'");
        // The edits took: a silent miss would compare a document with itself.
        for edit in ["# the contract date", "kind: \"Service", "type: 'customer'"] {
            assert!(head.contains(edit), "{edit}");
        }
        assert_eq!(diff(BASE, &head), Vec::<String>::new());
        assert_eq!(diff(&head, BASE), Vec::<String>::new());
    }
}
