//! Words rather than numbers: `text-changed`, `party-changed`, `timezone-changed`,
//! `severities-changed`, and the helpers the other families use for prose and for lists of
//! sentences.
//!
//! Prose compares by its words, so re-wrapping a folded block or re-indenting is no change.
//! A changed text is shown as a word diff (`[-old-]{+new+}`) in the finding's impact.

use crate::diagnostic::{Code, Diagnostic, Span};
use crate::diff::{matching, words};
use crate::model::{Party, SlaDocument, Spanned};
use crate::source::pointer::escape;

use super::{Finding, Loc, Pair};

/// Docs of `text-changed`.
pub const TEXT_CHANGED: &str = "\
## What it checks
Free text that changed in its words: `metadata.title` and `labels`, `spec.description`, the
names and descriptions of services, objectives and exclusions, `disputes`, the recipients and
channel of `reporting`, and sentences of a list (a duty, a commitment, a scope item) that
were reworded rather than added or removed. Re-wrapping, re-indenting or re-quoting a text is
not a change.

## Why is this bad?
Words in an agreement carry obligations (\"within 15 business days\", \"in the EU\") that no
number captures, so a person must read the change. The finding's impact is a word diff.

## Example
Before: `disputes: Escalated after 15 business days, then mediation.`
After: `disputes: Escalated after 30 business days, then arbitration.`

Impact: `Escalated after [-15-]{+30+} business days, then [-mediation.-]{+arbitration.+}`.
";

/// Docs of `party-changed`.
pub const PARTY_CHANGED: &str = "\
## What it checks
A change to a party: its `name`, its `approvers` (added or removed logins and teams), or its
`contacts`.

## Why is this bad?
Approvers decide who may accept changes to the agreement on the party's behalf, and contacts
are whom incidents and reports reach. Replacing them is a change of control that both parties
should see.

## Example
Before: `approvers: [northwind/sla-owners, jdoe]`
After: `approvers: [northwind/sla-owners, mallory]`
";

/// Docs of `timezone-changed`.
pub const TIMEZONE_CHANGED: &str = "\
## What it checks
A calendar whose `timezone` changed.

## Why is this bad?
The same `09:00`-`18:00` in another time zone covers other hours of the customer's day: in
`America/New_York` instead of `Europe/Berlin` the covered hours end at midnight Berlin time.
Whether that helps the customer depends on where they work, so a person must look.

## Example
Before: `business-hours: {timezone: Europe/Berlin, days: [mon, tue, wed, thu, fri], from: \"09:00\", to: \"18:00\"}`
After: `business-hours: {timezone: America/New_York, ...}`
";

/// Docs of `severities-changed`.
pub const SEVERITIES_CHANGED: &str = "\
## What it checks
A change to `severities`, the ordered list of severity levels, most severe first: a level
added, removed, or moved.

## Why is this bad?
Severity decides which response and resolution objective an incident gets. Renaming or
reordering levels changes which promise applies to which incident.

## Example
Before: `severities: [critical, high, medium, low]`
After: `severities: [critical, high, low]`
";

/// Whether two optional texts say the same words (the cheap test before a finding is built).
pub(crate) fn same_opt(a: Option<&Spanned<String>>, b: Option<&Spanned<String>>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => words::same(&a.value, &b.value),
        _ => false,
    }
}

/// Whether two lists of sentences say the same words in the same order (the cheap test;
/// other orders go through [`matching::texts`]).
pub(crate) fn same_list(a: &[Spanned<String>], b: &[Spanned<String>]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(a, b)| words::same(&a.value, &b.value))
}

/// One side of a piece of optional prose: the document, the text if written, its pointer, and
/// where to point when it is not written.
pub(crate) struct Prose<'a> {
    pub(crate) doc: &'a SlaDocument,
    pub(crate) value: Option<&'a Spanned<String>>,
    pub(crate) path: String,
    pub(crate) anchor: (Span, String),
}

impl Prose<'_> {
    fn loc(&self) -> Loc {
        match self.value {
            Some(v) => Loc::new(self.doc, v.span, self.path.clone()),
            None => Loc::new(self.doc, self.anchor.0, self.anchor.1.clone()),
        }
    }
}

/// Optional prose on both sides: `code` when it was added, removed or reworded.
pub(crate) fn prose_opt(
    code: Code,
    what: &str,
    objective: Option<&str>,
    base: &Prose<'_>,
    head: &Prose<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let message = match (base.value, head.value) {
        (None, None) => return,
        (Some(b), Some(h)) if words::same(&b.value, &h.value) => return,
        (Some(_), Some(_)) => format!("{what} changed"),
        (Some(_), None) => format!("{what} removed"),
        (None, Some(_)) => format!("{what} added"),
    };
    let mut f = Finding::new(code, message).base(base.loc());
    // Text only the base has was removed: the finding points at the base.
    if head.value.is_some() || base.value.is_none() {
        f = f.head(head.loc());
    }
    if let Some(o) = objective {
        f = f.objective(o);
    }
    if let Some(b) = base.value {
        f = f.before(words::normalize(&b.value));
    }
    if let Some(h) = head.value {
        f = f.after(words::normalize(&h.value));
    }
    if let (Some(b), Some(h)) = (base.value, head.value) {
        f = f.impact(Some(words::word_diff(&b.value, &h.value)));
    }
    f.emit(out);
}

/// Required prose on both sides (`text-changed` when the words differ).
pub(crate) fn prose(
    docs: (&SlaDocument, &SlaDocument),
    values: (&Spanned<String>, &Spanned<String>),
    paths: (&str, &str),
    objective: Option<&str>,
    what: &str,
    out: &mut Vec<Diagnostic>,
) {
    fn side<'a>(doc: &'a SlaDocument, value: &'a Spanned<String>, path: &str) -> Prose<'a> {
        Prose {
            doc,
            value: Some(value),
            path: path.to_string(),
            anchor: (value.span, path.to_string()),
        }
    }
    prose_opt(
        Code::TextChanged,
        what,
        objective,
        &side(docs.0, values.0, paths.0),
        &side(docs.1, values.1, paths.1),
        out,
    );
}

/// How to report the sentences of one list.
pub(crate) struct Sentences<'a> {
    /// What one item is, for messages ("compliance commitment").
    pub(crate) what: &'a str,
    /// The code of an item only the base has.
    pub(crate) removed: Code,
    /// The code of an item only the head has.
    pub(crate) added: Code,
    /// The code of a reworded item.
    pub(crate) reworded: Code,
    /// The list's pointer on each side.
    pub(crate) paths: (&'a str, &'a str),
}

fn index_of(list: &[Spanned<String>], item: &Spanned<String>) -> usize {
    list.iter().position(|x| std::ptr::eq(x, item)).unwrap_or(0)
}

/// Compares two lists of sentences by meaning ([`matching::texts`]).
pub(crate) fn sentences(
    docs: (&SlaDocument, &SlaDocument),
    lists: (&[Spanned<String>], &[Spanned<String>]),
    how: &Sentences<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let (base, head) = docs;
    let m = matching::texts(lists.0, lists.1);
    for (b, h) in m.pairs {
        let (bi, hi) = (index_of(lists.0, b), index_of(lists.1, h));
        Finding::new(how.reworded, format!("{} reworded", how.what))
            .before(words::normalize(&b.value))
            .after(words::normalize(&h.value))
            .impact(Some(words::word_diff(&b.value, &h.value)))
            .base(Loc::new(base, b.span, format!("{}/{bi}", how.paths.0)))
            .head(Loc::new(head, h.span, format!("{}/{hi}", how.paths.1)))
            .emit(out);
    }
    for b in m.removed {
        let bi = index_of(lists.0, b);
        Finding::new(
            how.removed,
            format!("{} removed: `{}`", how.what, words::normalize(&b.value)),
        )
        .before(words::normalize(&b.value))
        .base(Loc::new(base, b.span, format!("{}/{bi}", how.paths.0)))
        .emit(out);
    }
    for h in m.added {
        let hi = index_of(lists.1, h);
        Finding::new(
            how.added,
            format!("{} added: `{}`", how.what, words::normalize(&h.value)),
        )
        .after(words::normalize(&h.value))
        .head(Loc::new(head, h.span, format!("{}/{hi}", how.paths.1)))
        .emit(out);
    }
}

/// Free text of two revisions of a document.
pub(crate) fn compare(base: &SlaDocument, head: &SlaDocument, out: &mut Vec<Diagnostic>) {
    document_prose(
        base,
        head,
        ("title", "/metadata/title", "/metadata"),
        |d| d.title.as_ref(),
        out,
    );
    labels(base, head, out);
    let at = ("description", "/spec/description", "/spec");
    document_prose(base, head, at, |d| d.spec.description.as_ref(), out);
    party(
        base,
        head,
        (&base.spec.provider, &head.spec.provider),
        "provider",
        out,
    );
    party(
        base,
        head,
        (&base.spec.customer, &head.spec.customer),
        "customer",
        out,
    );
    let at = ("dispute process", "/spec/disputes", "/spec");
    document_prose(base, head, at, |d| d.spec.disputes.as_ref(), out);
    timezones(base, head, out);
    severities(base, head, out);
}

/// One optional free-text field of a document (`what`, at `path`; when it is not written,
/// findings point at the document's id with the pointer `anchor`): reworded, added or removed.
fn document_prose<'a>(
    base: &'a SlaDocument,
    head: &'a SlaDocument,
    (what, path, anchor): (&str, &str, &str),
    field: impl Fn(&'a SlaDocument) -> Option<&'a Spanned<String>>,
    out: &mut Vec<Diagnostic>,
) {
    if same_opt(field(base), field(head)) {
        return;
    }
    let side = |d: &'a SlaDocument| Prose {
        doc: d,
        value: field(d),
        path: path.into(),
        anchor: (d.id.span, anchor.to_string()),
    };
    prose_opt(Code::TextChanged, what, None, &side(base), &side(head), out);
}

fn labels(base: &SlaDocument, head: &SlaDocument, out: &mut Vec<Diagnostic>) {
    let m = matching::by_key(&base.labels, &head.labels, |(k, _)| k.value.as_str());
    for ((_, bv), (hk, hv)) in m.pairs {
        if words::same(&bv.value, &hv.value) {
            continue;
        }
        let path = format!("/metadata/labels/{}", escape(&hk.value));
        prose(
            (base, head),
            (bv, hv),
            (&path, &path),
            None,
            &format!("label `{}`", hk.value),
            out,
        );
    }
    for (k, v) in m.removed {
        Finding::new(Code::TextChanged, format!("label `{}` removed", k.value))
            .before(format!("{}: {}", k.value, v.value))
            .base(Loc::new(
                base,
                k.span,
                format!("/metadata/labels/{}", escape(&k.value)),
            ))
            .emit(out);
    }
    for (k, v) in m.added {
        Finding::new(Code::TextChanged, format!("label `{}` added", k.value))
            .after(format!("{}: {}", k.value, v.value))
            .head(Loc::new(
                head,
                k.span,
                format!("/metadata/labels/{}", escape(&k.value)),
            ))
            .emit(out);
    }
}

fn contacts(p: &Party) -> Vec<Spanned<String>> {
    p.contacts
        .iter()
        .map(|c| {
            let email = c
                .email
                .as_ref()
                .map(|e| format!(" <{}>", e.value))
                .unwrap_or_default();
            let s = format!("{}: {}{email}", c.role.value, c.name.value);
            Spanned::new(s.clone(), c.role.span, s)
        })
        .collect()
}

fn party(
    base: &SlaDocument,
    head: &SlaDocument,
    (b, h): (&Party, &Party),
    role: &str,
    out: &mut Vec<Diagnostic>,
) {
    let ptr = format!("/spec/parties/{role}");
    if !words::same(&b.name.value, &h.name.value) {
        Finding::new(
            Code::PartyChanged,
            format!(
                "{role} is now `{}` instead of `{}`",
                h.name.value, b.name.value
            ),
        )
        .before(b.name.value.clone())
        .after(h.name.value.clone())
        .impact(Some(words::word_diff(&b.name.value, &h.name.value)))
        .base(Loc::new(base, b.name.span, format!("{ptr}/name")))
        .head(Loc::new(head, h.name.span, format!("{ptr}/name")))
        .emit(out);
    }
    let m = matching::by_key(&b.approvers, &h.approvers, |a| a.value.as_str());
    for a in m.removed {
        let i = index_of(&b.approvers, a);
        Finding::new(
            Code::PartyChanged,
            format!("`{}` may no longer approve changes for the {role}", a.value),
        )
        .before(a.value.clone())
        .base(Loc::new(base, a.span, format!("{ptr}/approvers/{i}")))
        .emit(out);
    }
    for a in m.added {
        let i = index_of(&h.approvers, a);
        Finding::new(
            Code::PartyChanged,
            format!("`{}` may now approve changes for the {role}", a.value),
        )
        .after(a.value.clone())
        .head(Loc::new(head, a.span, format!("{ptr}/approvers/{i}")))
        .emit(out);
    }
    let same_contacts = b.contacts.len() == h.contacts.len()
        && b.contacts.iter().zip(&h.contacts).all(|(x, y)| {
            x.role.value == y.role.value
                && x.name.value == y.name.value
                && x.email.as_ref().map(|e| &e.value) == y.email.as_ref().map(|e| &e.value)
        });
    if same_contacts {
        return;
    }
    let (bc, hc) = (contacts(b), contacts(h));
    sentences(
        (base, head),
        (&bc, &hc),
        &Sentences {
            what: &format!("{role} contact"),
            removed: Code::PartyChanged,
            added: Code::PartyChanged,
            reworded: Code::PartyChanged,
            paths: (&format!("{ptr}/contacts"), &format!("{ptr}/contacts")),
        },
        out,
    );
}

fn timezones(base: &SlaDocument, head: &SlaDocument, out: &mut Vec<Diagnostic>) {
    let m = matching::by_key(&base.spec.calendars, &head.spec.calendars, |c| {
        c.id.value.as_str()
    });
    for (b, h) in m.pairs {
        if b.timezone.value != h.timezone.value {
            let path = format!("/spec/calendars/{}/timezone", escape(&h.id.value));
            Finding::new(
                Code::TimezoneChanged,
                format!(
                    "calendar `{}` now keeps time in `{}` instead of `{}`",
                    h.id.value, h.timezone.value, b.timezone.value
                ),
            )
            .before(b.timezone.value.clone())
            .after(h.timezone.value.clone())
            .base(Loc::new(base, b.timezone.span, path.clone()))
            .head(Loc::new(head, h.timezone.span, path))
            .emit(out);
        }
    }
}

fn severities(base: &SlaDocument, head: &SlaDocument, out: &mut Vec<Diagnostic>) {
    if base.spec.severities.iter().map(|s| &s.value).eq(head
        .spec
        .severities
        .iter()
        .map(|s| &s.value))
    {
        return;
    }
    let names = |d: &SlaDocument| {
        d.spec
            .severities
            .iter()
            .map(|s| s.value.clone())
            .collect::<Vec<_>>()
    };
    let (b, h) = (names(base), names(head));
    let anchor = |d: &SlaDocument| {
        if d.spec.severities_explicit {
            d.spec.severities.first().map_or(d.id.span, |s| s.span)
        } else {
            d.id.span
        }
    };
    Finding::new(
        Code::SeveritiesChanged,
        format!(
            "severity levels changed from `{}` to `{}`",
            b.join(", "),
            h.join(", ")
        ),
    )
    .before(b.join(", "))
    .after(h.join(", "))
    .base(Loc::new(base, anchor(base), "/spec/severities"))
    .head(Loc::new(head, anchor(head), "/spec/severities"))
    .emit(out);
}

/// Name and description of a paired objective.
pub(crate) fn objective(p: &Pair<'_>, out: &mut Vec<Diagnostic>) {
    let id = p.head.id.value.as_str();
    for (field, b, h) in [
        ("name", &p.base.name, &p.head.name),
        ("description", &p.base.description, &p.head.description),
    ] {
        if same_opt(b.as_ref(), h.as_ref()) {
            continue;
        }
        let base = Prose {
            doc: p.base_doc,
            value: b.as_ref(),
            path: p.base.pointer(field),
            anchor: (p.base.id.span, p.base.pointer("")),
        };
        let head = Prose {
            doc: p.head_doc,
            value: h.as_ref(),
            path: p.head.pointer(field),
            anchor: (p.head.id.span, p.head.pointer("")),
        };
        prose_opt(
            Code::TextChanged,
            &format!("{field} of {id}"),
            Some(id),
            &base,
            &head,
            out,
        );
    }
}

#[cfg(test)]
pub(crate) mod tests {
    //! The tests of this family, and the helpers every family's tests share: one line per
    //! finding, objectives paired by position, and a check in both directions.

    use super::*;
    use crate::diagnostic::Side;
    use crate::load::testing::{BASE, documents};

    /// The findings of a document-level rule family (`compare`) from `base` to `head`, one
    /// [`line`] each: the `diff` of most families' tests.
    pub(crate) fn document_lines(
        compare: fn(&SlaDocument, &SlaDocument, &mut Vec<Diagnostic>),
        base: &str,
        head: &str,
    ) -> Vec<String> {
        let docs = documents(&[("base.sla.yaml", base), ("head.sla.yaml", head)]);
        let mut out = Vec::new();
        compare(&docs[0], &docs[1], &mut out);
        out.iter().map(line).collect()
    }

    /// One finding as `code: before -> after`, with `-` for a side without a value,
    /// `(at base)` when the finding points at the base revision, then `: impact` if any.
    pub(crate) fn line(d: &Diagnostic) -> String {
        let c = d
            .change
            .as_ref()
            .expect("a diff finding describes its change");
        let at = if c.side == Side::Base {
            " (at base)"
        } else {
            ""
        };
        let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
        let impact = c
            .impact
            .as_ref()
            .map(|i| format!(": {i}"))
            .unwrap_or_default();
        format!(
            "{}: {} -> {}{at}{impact}",
            d.code,
            show(&c.before),
            show(&c.after)
        )
    }

    /// The objectives of two revisions paired by position: the family tests keep their
    /// order (pairing by id and rename is `objectives::compare`'s, tested there).
    pub(crate) fn pairs<'a>(base: &'a SlaDocument, head: &'a SlaDocument) -> Vec<Pair<'a>> {
        base.spec
            .objectives
            .iter()
            .zip(&head.spec.objectives)
            .map(|(b, h)| Pair {
                base_doc: base,
                head_doc: head,
                base: b,
                head: h,
            })
            .collect()
    }

    /// Asserts that `diff(base, head)` reports `forward` and `diff(head, base)` `backward`:
    /// the mirror image of every finding.
    pub(crate) fn both_ways(
        diff: impl Fn(&str, &str) -> Vec<String>,
        base: &str,
        head: &str,
        forward: &[&str],
        backward: &[&str],
    ) {
        assert_eq!(diff(base, head), forward, "base -> head");
        assert_eq!(diff(head, base), backward, "head -> base");
    }

    /// The findings of [`compare`], then of [`objective`] for each pair of objectives (paired
    /// by position: the cases keep their order), from `base` to `head`.
    fn diff(base: &str, head: &str) -> Vec<String> {
        let docs = documents(&[("base.sla.yaml", base), ("head.sla.yaml", head)]);
        let mut out = Vec::new();
        compare(&docs[0], &docs[1], &mut out);
        for pair in pairs(&docs[0], &docs[1]) {
            objective(&pair, &mut out);
        }
        out.iter().map(line).collect()
    }

    #[test]
    fn prose_added_removed_or_reworded_is_text() {
        let titled =
            |t: &str| BASE.replace("  version: 2\n", &format!("  version: 2\n  title: {t}\n"));
        both_ways(
            diff,
            BASE,
            &titled("Acme CRM SLA"),
            &["text-changed: - -> Acme CRM SLA"],
            &["text-changed: Acme CRM SLA -> - (at base)"],
        );
        both_ways(
            diff,
            &titled("Acme CRM SLA"),
            &titled("Acme hosted CRM SLA"),
            &["text-changed: Acme CRM SLA -> Acme hosted CRM SLA: Acme {+hosted+} CRM SLA"],
            &["text-changed: Acme hosted CRM SLA -> Acme CRM SLA: Acme [-hosted-] CRM SLA"],
        );
    }

    #[test]
    fn labels_compare_by_key() {
        let labels = |l: &str| {
            BASE.replace(
                "  version: 2\n",
                &format!("  version: 2\n  labels: {{{l}}}\n"),
            )
        };
        both_ways(
            diff,
            &labels("tier: gold"),
            &labels("tier: gold, region: eu"),
            &["text-changed: - -> region: eu"],
            &["text-changed: region: eu -> - (at base)"],
        );
        both_ways(
            diff,
            &labels("tier: gold"),
            &labels("tier: silver"),
            &["text-changed: gold -> silver: [-gold-]{+silver+}"],
            &["text-changed: silver -> gold: [-silver-]{+gold+}"],
        );
    }

    #[test]
    fn another_party_or_approver_is_a_party_change() {
        let renamed = BASE.replace("name: Northwind,", "name: Northwind Cloud,");
        both_ways(
            diff,
            BASE,
            &renamed,
            &["party-changed: Northwind -> Northwind Cloud: Northwind {+Cloud+}"],
            &["party-changed: Northwind Cloud -> Northwind: Northwind [-Cloud-]"],
        );
        let approvers = BASE.replace("approvers: [alice]", "approvers: [alice, bob]");
        both_ways(
            diff,
            BASE,
            &approvers,
            &["party-changed: - -> bob"],
            &["party-changed: bob -> - (at base)"],
        );
    }

    #[test]
    fn a_calendar_in_another_timezone_and_other_severities_are_changes() {
        let london = BASE.replace("Europe/Berlin", "Europe/London");
        both_ways(
            diff,
            BASE,
            &london,
            &["timezone-changed: Europe/Berlin -> Europe/London"],
            &["timezone-changed: Europe/London -> Europe/Berlin"],
        );
        // Without `severities` a document has the four default levels.
        let two = BASE.replace("  services:", "  severities: [critical, high]\n  services:");
        both_ways(
            diff,
            BASE,
            &two,
            &["severities-changed: critical, high, medium, low -> critical, high"],
            &["severities-changed: critical, high -> critical, high, medium, low"],
        );
    }

    #[test]
    fn an_objective_name_is_text_of_that_objective() {
        let named = BASE.replace(
            "    - id: latency\n",
            "    - id: latency\n      name: API latency\n",
        );
        both_ways(
            diff,
            BASE,
            &named,
            &["text-changed: - -> API latency"],
            &["text-changed: API latency -> - (at base)"],
        );
        let docs = documents(&[("b.sla.yaml", BASE), ("h.sla.yaml", &named)]);
        let pair = Pair {
            base_doc: &docs[0],
            head_doc: &docs[1],
            base: &docs[0].spec.objectives[1],
            head: &docs[1].spec.objectives[1],
        };
        let mut out = Vec::new();
        objective(&pair, &mut out);
        assert_eq!(out[0].objective.as_deref(), Some("latency"));
        assert_eq!(out[0].message, "name of latency added");
    }

    #[test]
    fn reflowed_prose_and_default_severities_written_out_are_no_change() {
        let base = BASE.replace(
            "  type: customer\n",
            "  type: customer\n  description: Hosted CRM for the sales team.\n",
        );
        let head = BASE
            .replace(
                "  type: customer\n",
                "  type: customer\n  description: >\n    Hosted CRM\n    for the   sales team.\n",
            )
            .replace(
                "  services:",
                "  severities: [critical, high, medium, low]\n  services:",
            );
        // The edits took: a silent miss would compare a document with itself.
        assert!(base.contains("description: Hosted") && head.contains("severities:"));
        both_ways(diff, &base, &head, &[], &[]);
    }
}
