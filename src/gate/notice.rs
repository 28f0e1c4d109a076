//! The notice rule of the gate: a weakening of a document whose base revision owes
//! `notice.adverseChange` needs a new changelog entry for the head's version whose `effective`
//! date lies at least that notice after its `date` (finding `adverse-change-notice-missing`,
//! reported as a [`Missing::AdverseChangeNotice`]). The head's notice counts too when it is
//! longer, so that lengthening the notice in the same change cannot be skipped; removing it
//! in the change does not lift the base's.

use super::Missing;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{ChangelogEntry, Duration, SlaDocument};

const DAY_MS: i64 = 86_400_000;

/// The notice owed before an adverse change: `base`'s, or the head's when it is longer; none
/// when the base owes none.
pub(super) fn owed(base: &SlaDocument, head: &SlaDocument) -> Option<Duration> {
    let of = |d: &SlaDocument| d.spec.notice.adverse_change.as_ref().map(|n| n.value);
    let owed = of(base)?;
    Some(of(head).map_or(owed, |h| owed.max(h)))
}

/// Whether `entry` takes effect at least `notice` after its date (whole days between
/// `date` and `effective`, as 24h each).
pub(super) fn gives_notice(entry: &ChangelogEntry, notice: Duration) -> bool {
    let Some(effective) = &entry.effective else {
        return false;
    };
    let days = effective.value.days_since_epoch() - entry.date.value.days_since_epoch();
    rust_decimal::Decimal::from(days) * rust_decimal::Decimal::from(DAY_MS) >= notice.millis()
}

/// The finding and the missing fact when a weakening of `id` (with `weakened` weakening
/// findings) does not give the notice its base revision owes; nothing when it does.
pub(super) fn check(
    id: &str,
    base: &SlaDocument,
    head: &SlaDocument,
    weakened: usize,
) -> Option<(Diagnostic, Missing)> {
    if weakened == 0 {
        return None;
    }
    let notice = owed(base, head)?;
    let version = head.version.value;
    let new_entries: Vec<&ChangelogEntry> = head
        .spec
        .changelog
        .iter()
        .filter(|e| {
            e.version.value == version
                && !base
                    .spec
                    .changelog
                    .iter()
                    .any(|o| crate::model::same_entry(o, e))
        })
        .collect();
    if new_entries.iter().any(|e| gives_notice(e, notice)) {
        return None;
    }
    let entry = new_entries.first().copied();
    let span = entry.map_or(head.version.span, |e| {
        e.effective.as_ref().map_or(e.date.span, |d| d.span)
    });
    let message = match entry.and_then(|e| e.effective.as_ref().map(|f| (e, f))) {
        Some((e, f)) => format!(
            "the changelog entry for version `{version}` takes effect on {} , less than the \
             {notice} of notice after its date {} that `notice.adverseChange` owes",
            f.value, e.date.value
        )
        .replace(" ,", ","),
        None => format!(
            "a weakening of an agreement that owes {notice} of notice before an adverse change \
             has no changelog entry for version `{version}` with an `effective` date"
        ),
    };
    let d = Diagnostic::new(
        Code::AdverseChangeNoticeMissing,
        head.file.clone(),
        span,
        message,
    )
    .with_document(id)
    .with_path("/spec/changelog")
    .with_help(format!(
        "give the changelog entry for version `{version}` an `effective` date at least \
             {notice} after its `date`"
    ));
    let missing = Missing::AdverseChangeNotice {
        document: id.to_string(),
        version,
        notice: notice.to_string(),
    };
    Some((d, missing))
}

pub(crate) const ADVERSE_CHANGE_NOTICE_MISSING: &str = "\
## What it checks
A change that weakens an agreement whose base revision sets `notice.adverseChange` (the
notice owed before a change that weakens it), when no new changelog entry for the head's
version has an `effective` date at least that notice after its `date`. It is checked by
`slagate check` and `slagate github` alike, whatever the approvals.

## Why is this bad?
The agreement promises the customer time to prepare for (or leave before) a worse
agreement. A weakening that takes effect at once breaks that promise, even when both parties
approve the text of the change.

## Example
The base revision has `notice: {adverseChange: 30d}`; the change lowers a target:
```yaml
changelog:
  - version: 4
    date: 2026-03-01
    effective: 2026-03-15   # adverse-change-notice-missing: 14 days, 30d owed
    summary: Availability target lowered to 99.5%
```
`effective: 2026-03-31` (30 days after the date) passes.
";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Span;
    use crate::model::{Date, Spanned};

    fn entry(date: &str, effective: Option<&str>) -> ChangelogEntry {
        let d = |s: &str| Spanned::new(Date::parse(s).unwrap(), Span::default(), s);
        ChangelogEntry {
            version: Spanned::new(2, Span::default(), "2"),
            date: d(date),
            effective: effective.map(d),
            summary: Spanned::text("x".into(), Span::default()),
            change_request: None,
            approved_by: Vec::new(),
        }
    }

    #[test]
    fn notice_counts_whole_days_from_the_date() {
        let thirty = Duration::parse("30d").unwrap();
        // 2026-03-01 to 2026-03-31: 30 days (March has 31), exactly the notice.
        assert!(gives_notice(
            &entry("2026-03-01", Some("2026-03-31")),
            thirty
        ));
        // To 2026-03-30: 29 days, one short.
        assert!(!gives_notice(
            &entry("2026-03-01", Some("2026-03-30")),
            thirty
        ));
        // 2026-02-01 to 2026-03-03: 28 days of February + 2 = 30.
        assert!(gives_notice(
            &entry("2026-02-01", Some("2026-03-03")),
            thirty
        ));
        assert!(!gives_notice(&entry("2026-03-01", None), thirty));
        // 72h is three days: 2026-03-01 to 2026-03-04.
        let h72 = Duration::parse("72h").unwrap();
        assert!(gives_notice(&entry("2026-03-01", Some("2026-03-04")), h72));
        assert!(!gives_notice(&entry("2026-03-01", Some("2026-03-03")), h72));
    }
}
