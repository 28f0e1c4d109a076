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
pub mod rules;
pub mod words;

use std::sync::Arc;

use crate::check::Input;
use crate::diagnostic::{Class, Diagnostic};
use crate::model::{SlaDocument, build};
use crate::source::{self, Limits};

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

/// The documents of one base-revision file.
#[derive(Debug, Clone, Default)]
pub struct BaseFile {
    /// The documents that built.
    pub documents: Vec<SlaDocument>,
    /// `metadata.id`s of documents that did not build: their head revisions are not
    /// compared (nor reported as added), since there is nothing valid to compare with.
    pub invalid_ids: Vec<String>,
}

/// Loads a base-revision file for comparison only.
///
/// The base was checked when it was the head of its own change, so this skips the JSON Schema
/// (the model builder is total and still refuses what it cannot type) and reports nothing:
/// its findings would be about a revision nobody is changing.
pub fn load_base(path: &Arc<str>, bytes: Vec<u8>, limits: &Limits) -> BaseFile {
    let mut out = BaseFile::default();
    let Ok(text) = source::decode(path.clone(), bytes, limits) else {
        return out;
    };
    let Ok(docs) = source::yaml::parse(&text.text, limits) else {
        return out;
    };
    for (i, doc) in docs.iter().enumerate() {
        match build::build(path.clone(), i, &doc.root) {
            Ok(d) => out.documents.push(d),
            Err(_) => out.invalid_ids.extend(
                doc.root
                    .get("metadata")
                    .and_then(|m| m.get("id"))
                    .and_then(|n| n.as_str())
                    .map(str::to_string),
            ),
        }
    }
    out
}

/// Loads many base-revision files on all cores ([`crate::parallel::map`]); results come back
/// in input order.
pub fn load_base_all(inputs: Vec<Input>, limits: &Limits) -> Vec<BaseFile> {
    crate::parallel::map(inputs, |f: Input| load_base(&f.path, f.bytes, limits))
}
