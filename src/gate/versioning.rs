//! Step 2 of the gate: a content change is versioned.
//!
//! When the content of a document changed (what the revision diff compares, before any rule
//! level applies: everything but the version, the changelog and the way values are written),
//! the base policy's `changeControl` may require a raised `metadata.version`
//! (`requireVersionBump`, finding `version-not-bumped`) and a changelog entry for the new
//! version (`requireChangelog`, finding `changelog-entry-missing`). A new document needs
//! neither (it starts the history); a removed one has nothing to bump. The docs of both codes
//! are here, beside the check.

use super::Missing;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{ChangelogEntry, SlaDocument};
use crate::policy::ChangeControl;

/// The versioning of one changed document.
#[derive(Debug, Default)]
pub(super) struct Versioning {
    /// `metadata.version` raised, when required.
    pub(super) version_bumped: Option<bool>,
    /// A changelog entry for the new version, when required.
    pub(super) changelog_entry: Option<bool>,
    /// What fails, each with its finding.
    pub(super) failures: Vec<(Diagnostic, Missing)>,
}

/// Checks the version and the changelog of the document `id`, whose content differs
/// between `base` and `head`.
pub(super) fn check(
    id: &str,
    base: &SlaDocument,
    head: &SlaDocument,
    cc: &ChangeControl,
) -> Versioning {
    let mut out = Versioning::default();
    let bumped = head.version.value > base.version.value;
    if cc.require_version_bump {
        out.version_bumped = Some(bumped);
        if !bumped {
            out.failures.push(version_not_bumped(id, base, head));
        }
    }
    if cc.require_changelog {
        // The entry must be for the new version; without a required bump, any entry for the
        // head version that the base did not have as it is now.
        let version = if bumped || !cc.require_version_bump {
            head.version.value
        } else {
            base.version.value + 1
        };
        let present = head.spec.changelog.iter().any(|e| {
            e.version.value == version
                && !base
                    .spec
                    .changelog
                    .iter()
                    .any(|o| crate::model::same_entry(o, e))
        });
        out.changelog_entry = Some(present);
        if !present {
            out.failures
                .push(changelog_entry_missing(id, head, version));
        }
    }
    out
}

/// The `version-not-bumped` finding, pointing at the head's version with the base's beside it.
fn version_not_bumped(id: &str, base: &SlaDocument, head: &SlaDocument) -> (Diagnostic, Missing) {
    let (was, now) = (base.version.value, head.version.value);
    let message = if now == was {
        format!("the content changed but `metadata.version` is still `{now}`")
    } else {
        format!("the content changed but `metadata.version` went down from `{was}` to `{now}`")
    };
    let d = Diagnostic::new(
        Code::VersionNotBumped,
        head.file.clone(),
        head.version.span,
        message,
    )
    .with_document(id)
    .with_path("/metadata/version")
    .with_help(format!("raise `metadata.version` to `{}`", was + 1))
    .with_related(
        base.file.clone(),
        base.version.span,
        "the base revision's version",
    );
    let missing = Missing::VersionBump {
        document: id.to_string(),
        base: was,
        head: now,
    };
    (d, missing)
}

/// The `changelog-entry-missing` finding for `version`, pointing at the last entry (or the
/// version when there is none).
fn changelog_entry_missing(id: &str, head: &SlaDocument, version: u64) -> (Diagnostic, Missing) {
    let span = head
        .spec
        .changelog
        .last()
        .map_or(head.version.span, |e| e.version.span);
    let d = Diagnostic::new(
        Code::ChangelogEntryMissing,
        head.file.clone(),
        span,
        format!("no changelog entry for version `{version}`"),
    )
    .with_document(id)
    .with_path("/spec/changelog")
    .with_help(format!(
        "add a `changelog` entry with `version: {version}`, the date and a summary of the change"
    ));
    let missing = Missing::ChangelogEntry {
        document: id.to_string(),
        version,
    };
    (d, missing)
}

/// The changelogs are equal in what they say (not in how or where it is written).
pub(super) fn same_changelog(a: &[ChangelogEntry], b: &[ChangelogEntry]) -> bool {
    crate::model::same_changelog(a, b)
}

pub(crate) const VERSION_NOT_BUMPED: &str = "\
## What it checks
A change to the content of an agreement (anything but `metadata.version` and the changelog)
that does not raise `metadata.version`, when `changeControl.requireVersionBump` of the base
revision's `.slagate.yaml` is on (the default). Content is what the revision diff compares:
reformatting, reordering, comments and values written differently (`99.9%`/`99.90%`) are not
changes. A new document needs no bump.

## Why is this bad?
The version is how both parties refer to what they signed. Two different agreements under
one version number make every later dispute about \"version 3\" ambiguous.

## Example
The base revision has `version: 3` and `target: \">= 99.9%\"`:
```yaml
metadata:
  id: acme-crm
  version: 3            # version-not-bumped: still 3
spec:
  objectives:
    - id: availability
      target: \">= 99.95%\"
```
Raise `metadata.version` to 4 and add a changelog entry for it.";

pub(crate) const CHANGELOG_ENTRY_MISSING: &str = "\
## What it checks
A change to the content of an agreement without a `changelog` entry for the new version, when
`changeControl.requireChangelog` of the base revision's `.slagate.yaml` is on (the default).
When the version must be raised, the entry must be for the raised version; otherwise for the
head version, and new or reworded.

## Why is this bad?
The changelog is the record of what the parties agreed to change, when, and under which change
request. A change without an entry leaves no trace in the agreement itself.

## Example
```yaml
metadata:
  version: 4
spec:
  changelog:
    - version: 3          # changelog-entry-missing: no entry for version 4
      date: 2026-09-15
      summary: Yearly review.
```
Add `{version: 4, date: ..., summary: ...}`.";
