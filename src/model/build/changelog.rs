//! `spec.changelog`: the change history.

use super::reader::{At, Ctx, date};
use crate::diagnostic::Code;
use crate::model::{ChangelogEntry, Spanned};
use crate::source::Value;

/// The entries; one with a missing or invalid field is left out. A version that is not a
/// positive integer leaves its entry out with no finding of its own here (the schema has
/// one).
pub(super) fn changelog(cx: &mut Ctx, spec: At<'_>) -> Vec<ChangelogEntry> {
    let mut changelog = Vec::new();
    let changelog_ptr = spec.ptr.key("changelog");
    for (i, n) in cx.list(spec, "changelog", false).iter().enumerate() {
        let ptr = changelog_ptr.index(i);
        let a = At { node: n, ptr: &ptr };
        let version = cx.child(a, "version", true).and_then(|v| match v.value {
            Value::Int(i) if i >= 1 => Some(Spanned::new(i as u64, v.span, i.to_string())),
            _ => None,
        });
        let effective = cx.parsed(a, "effective", false, Code::InvalidDate, date);
        let date = cx.parsed(a, "date", true, Code::InvalidDate, date);
        let summary = cx.str_field(a, "summary", true);
        let change_request = cx.str_field(a, "changeRequest", false);
        let approved_by = cx.strings(a, "approvedBy");
        if let (Some(version), Some(date), Some(summary)) = (version, date, summary) {
            changelog.push(ChangelogEntry {
                version,
                date,
                effective,
                summary,
                change_request,
                approved_by,
            });
        }
    }
    changelog
}
