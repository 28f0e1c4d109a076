//! Whole agreements: `document-removed`, `document-added`, `agreement-type-changed`,
//! `effective-changed`.

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{AgreementType, DocKind, SlaDocument};

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

/// Docs of `effective-changed`.
pub const EFFECTIVE_CHANGED: &str = "\
## What it checks
A change of `effective.from` or `effective.until`, or an end date added or removed.

## Why is this bad?
The period decides when every promise of the agreement applies. A later start or an earlier
end shortens it; a renewal lengthens it. Dates move for many reasons, so a person must judge.

## Example
Before: `effective: {from: 2026-01-01, until: 2028-12-31}`
After: `effective: {from: 2026-01-01, until: 2027-06-30}`
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
    effective_from(base, head, out);
    effective_until(base, head, out);
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

/// `spec.effective.from`: the agreement takes effect earlier or later.
fn effective_from(base: &SlaDocument, head: &SlaDocument, out: &mut Vec<Diagnostic>) {
    let (bf, hf) = (&base.spec.effective_from, &head.spec.effective_from);
    if bf.value != hf.value {
        let word = if hf.value > bf.value {
            "later"
        } else {
            "earlier"
        };
        Finding::new(
            Code::EffectiveChanged,
            format!(
                "the agreement now takes effect {word}: `{}` instead of `{}`",
                hf.value, bf.value
            ),
        )
        .before(bf.value.to_string())
        .after(hf.value.to_string())
        .head(Loc::new(head, hf.span, "/spec/effective/from"))
        .base(Loc::new(base, bf.span, "/spec/effective/from"))
        .emit(out);
    }
}

/// `spec.effective.until`: the agreement ends earlier, later, or no longer or newly ends.
fn effective_until(base: &SlaDocument, head: &SlaDocument, out: &mut Vec<Diagnostic>) {
    let bf = &base.spec.effective_from;
    let (bu, hu) = (&base.spec.effective_until, &head.spec.effective_until);
    let message = match (bu, hu) {
        (Some(b), Some(h)) if b.value != h.value => {
            let word = if h.value > b.value {
                "later"
            } else {
                "earlier"
            };
            Some(format!(
                "the agreement now ends {word}: `{}` instead of `{}`",
                h.value, b.value
            ))
        }
        (Some(b), None) => Some(format!("the agreement no longer ends on `{}`", b.value)),
        (None, Some(h)) => Some(format!("the agreement now ends on `{}`", h.value)),
        _ => None,
    };
    if let Some(message) = message {
        let mut f = Finding::new(Code::EffectiveChanged, message);
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::rules::text::tests::line;
    use crate::load::testing::{BASE, documents};

    /// This family's findings from `base` to `head` ([`compare`]), one [`line`] each.
    fn diff(base: &str, head: &str) -> Vec<String> {
        let docs = documents(&[("base.sla.yaml", base), ("head.sla.yaml", head)]);
        let mut out = Vec::new();
        compare(&docs[0], &docs[1], &mut out);
        out.iter().map(line).collect()
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

    #[test]
    fn a_moved_start_date_says_which_way() {
        let later = BASE.replace("from: 2026-01-01", "from: 2026-02-01");
        let d = diff(BASE, &later);
        assert_eq!(d, ["effective-changed: 2026-01-01 -> 2026-02-01"]);
        assert_eq!(
            diff(&later, BASE),
            ["effective-changed: 2026-02-01 -> 2026-01-01"]
        );
        let docs = documents(&[("b.sla.yaml", BASE), ("h.sla.yaml", &later)]);
        let mut out = Vec::new();
        compare(&docs[0], &docs[1], &mut out);
        assert_eq!(
            out[0].message,
            "the agreement now takes effect later: `2026-02-01` instead of `2026-01-01`"
        );
    }

    #[test]
    fn an_end_date_added_moved_or_removed() {
        let until = |d: &str| {
            BASE.replace(
                "{from: 2026-01-01}",
                &format!("{{from: 2026-01-01, until: {d}}}"),
            )
        };
        let (end, earlier) = (until("2027-12-31"), until("2027-06-30"));
        assert_eq!(diff(BASE, &end), ["effective-changed: - -> 2027-12-31"]);
        // Removing the end date points at the base, where it was written.
        assert_eq!(
            diff(&end, BASE),
            ["effective-changed: 2027-12-31 -> - (at base)"]
        );
        assert_eq!(
            diff(&end, &earlier),
            ["effective-changed: 2027-12-31 -> 2027-06-30"]
        );
        assert_eq!(
            diff(&earlier, &end),
            ["effective-changed: 2027-06-30 -> 2027-12-31"]
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
