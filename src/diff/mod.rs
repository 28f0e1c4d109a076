//! The revision diff: the documents of a base and a head revision in, findings out.
//!
//! Pure: it sees only validated [`SlaDocument`]s, never text, files or git (the binary reads
//! the revisions through [`crate::git`] and loads them). Documents match by `metadata.id`
//! wherever their files are, objectives by `id` (or `renamedFrom`), list items by id or by
//! meaning ([`matching`]). Every comparison is semantic (exact decimals, covered minutes as
//! sets, credits as step functions), so restyling, reordering or rewriting a value without
//! changing it gives no finding. Each rule family is one file of [`rules`], with the docs of
//! the codes it emits; `docs/diff.md` describes the rules, classes and impact formulas.

pub mod impact;
pub mod lookup;
pub mod matching;
pub mod policy;
pub mod rules;
pub mod words;

use std::collections::HashSet;

use crate::diagnostic::{Class, Diagnostic};
use crate::model::SlaDocument;

pub use policy::policy_changes;

/// The ids of the documents that `diff` (the unfiltered [`diff`] of two revisions) reports:
/// the documents whose content differs, before any rule level applies.
pub fn changed_ids(diff: &[Diagnostic]) -> HashSet<String> {
    diff.iter().filter_map(|d| d.document.clone()).collect()
}

/// Compares the documents of two revisions. Findings come per document in head order
/// (removed documents last), document-level findings before objective-level ones.
pub fn diff(base: &[SlaDocument], head: &[SlaDocument]) -> Vec<Diagnostic> {
    let m = matching::documents(base, head);
    // Walk the head in order, so a document's findings sit where the document does.
    let mut work: Vec<(Option<&SlaDocument>, &SlaDocument)> = Vec::with_capacity(head.len());
    let mut pairs = m.pairs.into_iter().peekable();
    let mut added = m.added.into_iter().peekable();
    for h in head {
        if pairs.peek().is_some_and(|(_, ph)| std::ptr::eq(*ph, h)) {
            let (b, h) = pairs.next().expect("peeked");
            work.push((Some(b), h));
        } else if added.peek().is_some_and(|a| std::ptr::eq(*a, h)) {
            work.push((None, h));
            added.next();
        }
    }
    let compare = |items: &[(Option<&SlaDocument>, &SlaDocument)]| {
        let mut out = Vec::new();
        for (b, h) in items {
            match b {
                Some(b) => rules::compare(b, h, &mut out),
                None => rules::documents::added(h, &mut out),
            }
        }
        out
    };
    // Documents compare independently: a large change uses every core, in order.
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let mut out = if threads > 1 && work.len() >= 64 {
        let chunk = work.len().div_ceil(threads);
        std::thread::scope(|s| {
            let handles: Vec<_> = work
                .chunks(chunk)
                .map(|c| s.spawn(move || compare(c)))
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().expect("a diff thread does not panic"))
                .collect()
        })
    } else {
        compare(&work)
    };
    for b in m.removed {
        rules::documents::removed(b, &mut out);
    }
    out
}

/// Findings per class: the `summary` of the JSON contract.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// The customer gets less.
    pub weakened: usize,
    /// The customer gets more.
    pub strengthened: usize,
    /// A person must judge.
    pub changed: usize,
    /// Something new.
    pub added: usize,
    /// Something gone.
    pub removed: usize,
}

impl Summary {
    /// Counts the classes of the findings that have one.
    pub fn of(diagnostics: &[Diagnostic]) -> Summary {
        let mut s = Summary::default();
        for c in diagnostics.iter().filter_map(|d| d.change.as_ref()) {
            match c.class {
                Class::Weakened => s.weakened += 1,
                Class::Strengthened => s.strengthened += 1,
                Class::Changed => s.changed += 1,
                Class::Added => s.added += 1,
                Class::Removed => s.removed += 1,
            }
        }
        s
    }
}
