//! Step 1 of the gate: the head revision must be valid.
//!
//! A validation finding (schema, build, lint) at or above the base policy's `failOn` makes
//! its subject invalid: a document by its `metadata.id`, or a file that did not parse (or
//! built no document) by its path. Which base documents the head could not read (so that
//! they are not mistaken for removed ones) is the comparison's `unreadable` set.

use std::collections::HashSet;

use crate::diagnostic::Diagnostic;
use crate::policy::FailOn;

/// The head's validation findings, read against the base policy's `failOn`.
pub(super) struct Validity<'a> {
    validation: &'a [Diagnostic],
    fail_on: FailOn,
}

impl<'a> Validity<'a> {
    pub(super) fn new(validation: &'a [Diagnostic], fail_on: FailOn) -> Self {
        Validity {
            validation,
            fail_on,
        }
    }

    /// The findings at the failing level.
    pub(super) fn failing(&self) -> impl Iterator<Item = &'a Diagnostic> + '_ {
        self.validation
            .iter()
            .filter(|d| self.fail_on.fails(d.level))
    }

    /// The ids of the head documents with a finding at the failing level.
    pub(super) fn invalid_ids(&self) -> HashSet<&'a str> {
        self.failing()
            .filter_map(|d| d.document.as_deref())
            .collect()
    }

    /// Failing findings about the document `id`.
    pub(super) fn of_document(&self, id: &str) -> usize {
        self.failing()
            .filter(|d| d.document.as_deref() == Some(id))
            .count()
    }

    /// Failing findings about a file no document was read from.
    pub(super) fn of_file(&self, file: &str) -> usize {
        self.failing()
            .filter(|d| d.document.is_none() && *d.file == *file)
            .count()
    }

    /// Failing findings about `key`: a document id, or the file of a document that did not
    /// build or parse.
    pub(super) fn of_key(&self, key: &str) -> usize {
        self.failing()
            .filter(|d| {
                d.document.as_deref() == Some(key) || (d.document.is_none() && *d.file == *key)
            })
            .count()
    }
}
