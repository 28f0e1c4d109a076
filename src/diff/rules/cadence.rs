//! How often the provider reports and the parties review: `reporting-weakened`,
//! `reporting-strengthened`, `review-weakened`, `review-strengthened`.

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Frequency, Reporting, SlaDocument};

use super::text::{Prose, Sentences, prose_opt, same_list, same_opt, sentences};
use super::{Finding, Loc};

/// Docs of `reporting-weakened`.
pub const REPORTING_WEAKENED: &str = "\
## What it checks
`reporting.every` that became less frequent (`week` to `month`, `month` to `quarter`), or a
`reporting` section that was removed.

## Why is this bad?
Reports are how the customer learns whether the objectives were met, and so whether credits
are owed. Fewer reports mean breaches surface later, or never.

## Example
Before: `reporting: {every: month, to: [Acme IT operations]}`
After: `reporting: {every: quarter, to: [Acme IT operations]}`
";

/// Docs of `reporting-strengthened`.
pub const REPORTING_STRENGTHENED: &str = "\
## What it checks
`reporting.every` that became more frequent, or a `reporting` section that was added.

## Why is this bad?
It is not, for the customer.

## Example
Before: `reporting: {every: quarter, ...}`
After: `reporting: {every: month, ...}`
";

/// Docs of `review-weakened`.
pub const REVIEW_WEAKENED: &str = "\
## What it checks
`review.every` that became less frequent (`quarter` to `year`).

## Why is this bad?
The review is where the parties adjust targets to how the service is really used. Reviewing
less often keeps stale promises in force longer.

## Example
Before: `review: {every: quarter}`
After: `review: {every: year}`
";

/// Docs of `review-strengthened`.
pub const REVIEW_STRENGTHENED: &str = "\
## What it checks
`review.every` that became more frequent (`year` to `quarter`).

## Why is this bad?
It is not, for the customer.

## Example
Before: `review: {every: year}`
After: `review: {every: quarter}`
";

fn name(f: Frequency) -> &'static str {
    match f {
        Frequency::Week => "week",
        Frequency::Month => "month",
        Frequency::Quarter => "quarter",
        Frequency::Year => "year",
    }
}

/// Review and reporting of two revisions of a document.
pub(crate) fn compare(base: &SlaDocument, head: &SlaDocument, out: &mut Vec<Diagnostic>) {
    review(base, head, out);
    reporting(base, head, out);
}

/// `review.every`: reviewed less or more often.
fn review(base: &SlaDocument, head: &SlaDocument, out: &mut Vec<Diagnostic>) {
    let (br, hr) = (&base.spec.review_every, &head.spec.review_every);
    if br.value != hr.value {
        let (code, word) = if hr.value > br.value {
            (Code::ReviewWeakened, "less")
        } else {
            (Code::ReviewStrengthened, "more")
        };
        Finding::new(
            code,
            format!(
                "the agreement is reviewed {word} often: every `{}` instead of every `{}`",
                name(hr.value),
                name(br.value)
            ),
        )
        .before(name(br.value))
        .after(name(hr.value))
        .base(Loc::new(base, br.span, "/spec/review/every"))
        .head(Loc::new(head, hr.span, "/spec/review/every"))
        .emit(out);
    }
}

/// `reporting`: removed, added, or compared field by field.
fn reporting(base: &SlaDocument, head: &SlaDocument, out: &mut Vec<Diagnostic>) {
    match (&base.spec.reporting, &head.spec.reporting) {
        (Some(b), Some(h)) => reporting_pair(base, head, b, h, out),
        (Some(b), None) => {
            Finding::new(
                Code::ReportingWeakened,
                format!(
                    "reporting removed: reports were due every `{}`",
                    name(b.every.value)
                ),
            )
            .before(name(b.every.value))
            .base(Loc::new(base, b.every.span, "/spec/reporting"))
            .emit(out);
        }
        (None, Some(h)) => {
            Finding::new(
                Code::ReportingStrengthened,
                format!(
                    "reporting added: reports are due every `{}`",
                    name(h.every.value)
                ),
            )
            .after(name(h.every.value))
            .head(Loc::new(head, h.every.span, "/spec/reporting"))
            .emit(out);
        }
        (None, None) => {}
    }
}

/// Two revisions of `reporting`: how often, to whom, through which channel.
fn reporting_pair(
    base: &SlaDocument,
    head: &SlaDocument,
    b: &Reporting,
    h: &Reporting,
    out: &mut Vec<Diagnostic>,
) {
    if b.every.value != h.every.value {
        let (code, word) = if h.every.value > b.every.value {
            (Code::ReportingWeakened, "less")
        } else {
            (Code::ReportingStrengthened, "more")
        };
        Finding::new(
            code,
            format!(
                "reports are due {word} often: every `{}` instead of every `{}`",
                name(h.every.value),
                name(b.every.value)
            ),
        )
        .before(name(b.every.value))
        .after(name(h.every.value))
        .base(Loc::new(base, b.every.span, "/spec/reporting/every"))
        .head(Loc::new(head, h.every.span, "/spec/reporting/every"))
        .emit(out);
    }
    if !same_list(&b.to, &h.to) {
        sentences(
            (base, head),
            (&b.to, &h.to),
            &Sentences {
                what: "report recipient",
                removed: Code::TextChanged,
                added: Code::TextChanged,
                reworded: Code::TextChanged,
                paths: ("/spec/reporting/to", "/spec/reporting/to"),
            },
            out,
        );
    }
    let anchor = |every: crate::diagnostic::Span| (every, "/spec/reporting".to_string());
    if !same_opt(b.via.as_ref(), h.via.as_ref()) {
        prose_opt(
            Code::TextChanged,
            "reporting channel",
            None,
            &Prose {
                doc: base,
                value: b.via.as_ref(),
                path: "/spec/reporting/via".into(),
                anchor: anchor(b.every.span),
            },
            &Prose {
                doc: head,
                value: h.via.as_ref(),
                path: "/spec/reporting/via".into(),
                anchor: anchor(h.every.span),
            },
            out,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::testing::BASE;

    /// This family's findings from `base` to `head` ([`compare`]), one [`line`] each.
    fn diff(base: &str, head: &str) -> Vec<String> {
        crate::diff::rules::text::tests::document_lines(compare, base, head)
    }

    /// `BASE` with reporting added before the changelog.
    fn reporting(yaml: &str) -> String {
        BASE.replace(
            "  changelog:",
            &format!("  reporting: {yaml}\n  changelog:"),
        )
    }

    #[test]
    fn a_rarer_review_weakens_and_a_more_frequent_one_strengthens() {
        let quarterly = BASE.replace("every: year", "every: quarter");
        assert_eq!(
            diff(BASE, &quarterly),
            ["review-strengthened: year -> quarter"]
        );
        assert_eq!(diff(&quarterly, BASE), ["review-weakened: quarter -> year"]);
    }

    #[test]
    fn rarer_reports_weaken_and_more_frequent_ones_strengthen() {
        let monthly = reporting("{every: month, to: [ops]}");
        let quarterly = reporting("{every: quarter, to: [ops]}");
        let weekly = reporting("{every: week, to: [ops]}");
        assert_eq!(
            diff(&monthly, &quarterly),
            ["reporting-weakened: month -> quarter"]
        );
        assert_eq!(
            diff(&quarterly, &monthly),
            ["reporting-strengthened: quarter -> month"]
        );
        assert_eq!(
            diff(&monthly, &weekly),
            ["reporting-strengthened: month -> week"]
        );
    }

    #[test]
    fn removed_reporting_points_at_the_base_and_its_mirror_at_the_head() {
        let monthly = reporting("{every: month, to: [ops]}");
        assert_eq!(
            diff(&monthly, BASE),
            ["reporting-weakened: month -> - (at base)"]
        );
        assert_eq!(diff(BASE, &monthly), ["reporting-strengthened: - -> month"]);
    }

    #[test]
    fn recipients_and_channel_are_text() {
        let base = reporting("{every: month, to: [ops], via: email}");
        let head = reporting("{every: month, to: [ops, finance], via: portal}");
        assert_eq!(
            diff(&base, &head),
            [
                "text-changed: - -> finance",
                "text-changed: email -> portal: [-email-]{+portal+}"
            ]
        );
        assert_eq!(
            diff(&head, &base),
            [
                "text-changed: finance -> - (at base)",
                "text-changed: portal -> email: [-portal-]{+email+}"
            ]
        );
    }

    #[test]
    fn restyled_reporting_and_review_are_no_change() {
        let base = reporting("{every: month, to: [ops, finance], via: email}");
        let head = BASE
            .replace(
                "  review: {every: year, last: 2026-06-01}\n",
                "  review:\n    last: 2026-06-01\n    every: \"year\"\n",
            )
            .replace(
                "  changelog:",
                "  reporting:\n    via: 'email'\n    to:\n      - finance\n      - ops\n    every: month\n  changelog:",
            );
        // The edits took: a silent miss would compare a document with itself.
        assert!(head.contains("every: \"year\"") && head.contains("      - finance\n"));
        assert_eq!(diff(&base, &head), Vec::<String>::new());
        assert_eq!(diff(&head, &base), Vec::<String>::new());
    }
}
