//! How often the provider reports and the parties review: `reporting-weakened`,
//! `reporting-strengthened`, `review-weakened`, `review-strengthened`.

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Frequency, SlaDocument};

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
    match (&base.spec.reporting, &head.spec.reporting) {
        (Some(b), Some(h)) => {
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
