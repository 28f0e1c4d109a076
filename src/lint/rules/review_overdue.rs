//! `review-overdue`: the agreement's review is overdue or was never done.

use crate::diagnostic::{Code, Diagnostic};
use crate::lint::{LintContext, Rule, finding};
use crate::model::{Date, Frequency, SlaDocument, Spec};

/// The rule.
pub struct ReviewOverdue;

/// Docs.
pub const DOCS: &str = r"## What it checks
That the agreement has been reviewed on schedule: `review.last` plus one `review.every`
(`month`, `quarter` or `year`) is not before today. Without `review.last`, the first review is
due one period after `effective.from`.

## Why is this bad?
An SLA is a living document: targets, contacts and holidays go stale, and an agreement both
parties have not looked at for longer than they promised is one neither can rely on in a
dispute.

## Example
```yaml
effective: {from: 2025-01-01}
review:
  every: quarter
  last: 2026-03-15    # review-overdue: due on 2026-06-15
```
";

/// When a review is due, and whether one was ever done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// One period after the last review.
    Review(Date),
    /// One period after the agreement took effect, which was never reviewed.
    FirstReview(Date),
}

impl Due {
    /// The due date.
    pub fn date(self) -> Date {
        match self {
            Due::Review(d) | Due::FirstReview(d) => d,
        }
    }
}

/// When the next review of `spec` is due.
pub fn due(spec: &Spec) -> Due {
    let months = spec.review_every.value.months();
    match &spec.review_last {
        Some(last) => Due::Review(last.value.add_months(months)),
        None => Due::FirstReview(spec.effective_from.value.add_months(months)),
    }
}

/// Whether a review due on `due` is overdue on `today` (the due day itself is still on time).
pub fn is_overdue(due: Date, today: Date) -> bool {
    due < today
}

fn period(every: Frequency) -> &'static str {
    match every {
        Frequency::Week => "a week",
        Frequency::Month => "a month",
        Frequency::Quarter => "a quarter",
        Frequency::Year => "a year",
    }
}

impl Rule for ReviewOverdue {
    fn code(&self) -> Code {
        Code::ReviewOverdue
    }

    fn check_document(&self, cx: &LintContext<'_>, doc: &SlaDocument, out: &mut Vec<Diagnostic>) {
        let spec = &doc.spec;
        let due = due(spec);
        if !is_overdue(due.date(), cx.today) {
            return;
        }
        let every = period(spec.review_every.value);
        let (span, path, message) = match &spec.review_last {
            Some(last) => (
                last.span,
                "/spec/review/last",
                format!(
                    "the review was due on `{}`, {every} after the last one on `{}`",
                    due.date(),
                    last.value
                ),
            ),
            None => (
                spec.review_every.span,
                "/spec/review/every",
                format!(
                    "the agreement was never reviewed; the first review was due on `{}`, {every} after it took effect on `{}`",
                    due.date(),
                    spec.effective_from.value
                ),
            ),
        };
        out.push(
            finding(self.code(), doc, span, message)
                .with_path(path)
                .with_help("review the agreement with both parties and set `review.last` to the date of the review"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::testing::{BASE, documents, run, today};

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn with_review(review: &str) -> String {
        BASE.replace(
            "review: {every: year, last: 2026-06-01}",
            &format!("review: {review}"),
        )
    }

    #[test]
    fn due_dates_follow_the_period() {
        let due_of =
            |review: &str| due(&documents(&[("t.sla.yaml", &with_review(review))])[0].spec);
        assert_eq!(
            due_of("{every: year, last: 2026-06-01}"),
            Due::Review(d("2027-06-01"))
        );
        assert_eq!(
            due_of("{every: quarter, last: 2026-08-31}"),
            Due::Review(d("2026-11-30"))
        );
        assert_eq!(
            due_of("{every: month, last: 2026-01-31}"),
            Due::Review(d("2026-02-28"))
        );
        assert_eq!(
            due_of("{every: quarter}"),
            Due::FirstReview(d("2026-04-01"))
        );
        assert!(is_overdue(d("2026-11-22"), today()));
        assert!(!is_overdue(d("2026-11-23"), today()));
    }

    #[test]
    fn clean_document_has_none() {
        assert!(run(&ReviewOverdue, BASE).is_empty());
        assert!(
            run(
                &ReviewOverdue,
                &with_review("{every: quarter, last: 2026-08-23}")
            )
            .is_empty()
        );
    }

    #[test]
    fn late_review_is_reported_with_its_due_date() {
        let d = run(
            &ReviewOverdue,
            &with_review("{every: quarter, last: 2026-08-22}"),
        );
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(
            d[0].message,
            "the review was due on `2026-11-22`, a quarter after the last one on `2026-08-22`"
        );
        assert_eq!(d[0].span.start.line, 12);
        assert_eq!(d[0].path.as_deref(), Some("/spec/review/last"));
    }

    #[test]
    fn agreement_never_reviewed_is_reported_from_its_start() {
        let d = run(&ReviewOverdue, &with_review("{every: month}"));
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(
            d[0].message,
            "the agreement was never reviewed; the first review was due on `2026-02-01`, a month after it took effect on `2026-01-01`"
        );
        assert_eq!(d[0].path.as_deref(), Some("/spec/review/every"));
        assert!(run(&ReviewOverdue, &with_review("{every: year}")).is_empty());
    }
}
