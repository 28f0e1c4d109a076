//! `effective-until-before-from`: the agreement ends before it starts.

use crate::diagnostic::{Code, Diagnostic};
use crate::lint::{LintContext, Rule, finding};
use crate::model::{Date, SlaDocument};

/// The rule.
pub struct EffectiveUntilBeforeFrom;

/// Docs.
pub const DOCS: &str = r"## What it checks
That `effective.until`, when given, is not before `effective.from`. Both days are included,
so `until` equal to `from` is a one-day agreement and is allowed.

## Why is this bad?
An agreement that ends before it starts is never in force: every objective in it is void.
It is usually a typo in a year.

## Example
```yaml
effective:
  from: 2026-01-01
  until: 2025-12-31   # effective-until-before-from
```
";

/// Whether an agreement effective from `from` until `until` (both included) has no day.
pub fn ends_before_it_starts(from: Date, until: Date) -> bool {
    until < from
}

impl Rule for EffectiveUntilBeforeFrom {
    fn code(&self) -> Code {
        Code::EffectiveUntilBeforeFrom
    }

    fn check_document(&self, _cx: &LintContext<'_>, doc: &SlaDocument, out: &mut Vec<Diagnostic>) {
        let (from, Some(until)) = (&doc.spec.effective_from, &doc.spec.effective_until) else {
            return;
        };
        if ends_before_it_starts(from.value, until.value) {
            out.push(
                finding(
                    self.code(),
                    doc,
                    until.span,
                    format!("the agreement ends on `{}`, before it starts on `{}`", until.value, from.value),
                )
                .with_path("/spec/effective/until")
                .with_help("set `effective.until` to a date on or after `effective.from`, or remove it for an open-ended agreement")
                .with_related(doc.file.clone(), from.span, "the start"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::testing::{BASE, run};

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn with_until(until: &str) -> String {
        BASE.replace(
            "effective: {from: 2026-01-01}",
            &format!("effective: {{from: 2026-01-01, until: {until}}}"),
        )
    }

    #[test]
    fn a_one_day_agreement_is_allowed() {
        assert!(ends_before_it_starts(d("2026-01-01"), d("2025-12-31")));
        assert!(!ends_before_it_starts(d("2026-01-01"), d("2026-01-01")));
        assert!(!ends_before_it_starts(d("2026-01-01"), d("2028-12-31")));
    }

    #[test]
    fn clean_document_has_none() {
        assert!(run(&EffectiveUntilBeforeFrom, BASE).is_empty());
        assert!(run(&EffectiveUntilBeforeFrom, &with_until("2026-01-01")).is_empty());
    }

    #[test]
    fn until_before_from_is_reported_at_until() {
        let d = run(&EffectiveUntilBeforeFrom, &with_until("2025-12-31"));
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(
            d[0].message,
            "the agreement ends on `2025-12-31`, before it starts on `2026-01-01`"
        );
        assert_eq!(d[0].span.start.line, 11);
        assert_eq!(d[0].span.start.col, 40);
        assert_eq!(d[0].path.as_deref(), Some("/spec/effective/until"));
        assert_eq!(d[0].related[0].span.start.col, 21);
    }
}
