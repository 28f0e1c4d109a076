//! Pairing the two revisions' items by identity, never by position.
//!
//! Documents pair by `metadata.id`, objectives by `id` (or a declared `renamedFrom`), items
//! with ids (services, exclusions, calendars) by id, and lists of plain sentences
//! (commitments, duties, scope) by meaning: the same words pair first, then a rewording pairs
//! with its most similar counterpart. What is left over is removed or added. Where an id
//! appears twice on one side only the first counts; the duplicate is a lint error already.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use crate::model::{Objective, SlaDocument, Spanned, Spec};

use super::words;

/// The result of pairing two lists.
#[derive(Debug)]
pub struct Matched<'a, T> {
    /// Items present on both sides, in head order.
    pub pairs: Vec<(&'a T, &'a T)>,
    /// Base items with no counterpart, in base order.
    pub removed: Vec<&'a T>,
    /// Head items with no counterpart, in head order.
    pub added: Vec<&'a T>,
}

/// Lists this short are paired by scanning: hashing costs more than it saves.
const SCAN: usize = 16;

/// Pairs items with equal keys.
pub fn by_key<'a, T, K: Eq + Hash>(
    base: &'a [T],
    head: &'a [T],
    key: impl Fn(&'a T) -> K,
) -> Matched<'a, T> {
    if base.len() <= SCAN && head.len() <= SCAN {
        return by_scan(base, head, &key);
    }
    let mut index: HashMap<K, &'a T> = HashMap::with_capacity(base.len());
    for b in base {
        index.entry(key(b)).or_insert(b);
    }
    let mut seen: HashSet<*const T> = HashSet::new();
    let mut head_keys: HashSet<K> = HashSet::with_capacity(head.len());
    let mut pairs = Vec::new();
    let mut added = Vec::new();
    for h in head {
        let k = key(h);
        if !head_keys.contains(&k) {
            match index.get(&k) {
                Some(b) => {
                    seen.insert(*b);
                    pairs.push((*b, h));
                }
                None => added.push(h),
            }
        }
        head_keys.insert(k);
    }
    let mut base_keys = HashSet::new();
    let removed = base
        .iter()
        .filter(|b| base_keys.insert(key(b)) && !seen.contains(&std::ptr::from_ref(*b)))
        .collect();
    Matched {
        pairs,
        removed,
        added,
    }
}

fn by_scan<'a, T, K: Eq>(
    base: &'a [T],
    head: &'a [T],
    key: &impl Fn(&'a T) -> K,
) -> Matched<'a, T> {
    let base_keys: Vec<K> = base.iter().map(key).collect();
    let head_keys: Vec<K> = head.iter().map(key).collect();
    // Only the first of equal keys on a side takes part.
    let first = |keys: &[K], i: usize| !keys[..i].contains(&keys[i]);
    let mut paired = vec![false; base.len()];
    let mut pairs = Vec::new();
    let mut added = Vec::new();
    for (hi, h) in head.iter().enumerate() {
        if !first(&head_keys, hi) {
            continue;
        }
        match (0..base.len()).find(|&bi| base_keys[bi] == head_keys[hi]) {
            Some(bi) => {
                paired[bi] = true;
                pairs.push((&base[bi], h));
            }
            None => added.push(h),
        }
    }
    let removed = (0..base.len())
        .filter(|&bi| !paired[bi] && first(&base_keys, bi))
        .map(|bi| &base[bi])
        .collect();
    Matched {
        pairs,
        removed,
        added,
    }
}

/// Documents by `metadata.id`.
pub fn documents<'a>(base: &'a [SlaDocument], head: &'a [SlaDocument]) -> Matched<'a, SlaDocument> {
    by_key(base, head, |d| d.id.value.as_str())
}

/// Two revisions of one objective.
#[derive(Debug, Clone, Copy)]
pub struct ObjectivePair<'a> {
    /// The base revision.
    pub base: &'a Objective,
    /// The head revision.
    pub head: &'a Objective,
    /// Paired through `renamedFrom` rather than by the same id.
    pub renamed: bool,
}

/// The objectives of two revisions of a document.
#[derive(Debug)]
pub struct Objectives<'a> {
    /// Objectives on both sides.
    pub pairs: Vec<ObjectivePair<'a>>,
    /// Base objectives with no counterpart.
    pub removed: Vec<&'a Objective>,
    /// Head objectives with no counterpart.
    pub added: Vec<&'a Objective>,
}

/// Pairs objectives by id, then by `renamedFrom`.
///
/// A head objective whose `renamedFrom` names an unpaired base objective is its rename. The
/// mirror case, a base objective that was itself renamed from an unpaired head id, also pairs,
/// so comparing the revisions in either order finds the same pairs.
pub fn objectives<'a>(base: &'a Spec, head: &'a Spec) -> Objectives<'a> {
    let m = by_key(&base.objectives, &head.objectives, |o| o.id.value.as_str());
    let mut pairs: Vec<ObjectivePair<'a>> = m
        .pairs
        .into_iter()
        .map(|(b, h)| ObjectivePair {
            base: b,
            head: h,
            renamed: false,
        })
        .collect();
    let mut removed = m.removed;
    let mut added = m.added;
    let mut renamed = Vec::new();
    added.retain(|h| {
        let from = h.renamed_from.as_ref().map(|r| r.value.as_str());
        match from.and_then(|f| removed.iter().position(|b| b.id.value == f)) {
            Some(i) => {
                renamed.push(ObjectivePair {
                    base: removed.remove(i),
                    head: h,
                    renamed: true,
                });
                false
            }
            None => true,
        }
    });
    removed.retain(|b| {
        let from = b.renamed_from.as_ref().map(|r| r.value.as_str());
        match from.and_then(|f| added.iter().position(|h| h.id.value == f)) {
            Some(i) => {
                renamed.push(ObjectivePair {
                    base: b,
                    head: added.remove(i),
                    renamed: true,
                });
                false
            }
            None => true,
        }
    });
    pairs.extend(renamed);
    pairs.sort_by_key(|p| p.head.index);
    Objectives {
        pairs,
        removed,
        added,
    }
}

/// Least similarity for a removed and an added sentence to count as one reworded sentence.
const REWORDED: f32 = 0.5;

/// Pairs lists of sentences by meaning: equal words first, then rewordings.
pub fn texts<'a>(
    base: &'a [Spanned<String>],
    head: &'a [Spanned<String>],
) -> Matched<'a, Spanned<String>> {
    let mut base_used = vec![false; base.len()];
    let mut head_used = vec![false; head.len()];
    let mut pairs = Vec::new();
    for (hi, h) in head.iter().enumerate() {
        if let Some(bi) =
            (0..base.len()).find(|&bi| !base_used[bi] && words::same(&base[bi].value, &h.value))
        {
            base_used[bi] = true;
            head_used[hi] = true;
            pairs.push((&base[bi], h));
        }
    }
    let mut candidates: Vec<(f32, usize, usize)> = Vec::new();
    for (bi, b) in base.iter().enumerate().filter(|(i, _)| !base_used[*i]) {
        for (hi, h) in head.iter().enumerate().filter(|(i, _)| !head_used[*i]) {
            let s = words::similarity(&b.value, &h.value);
            if s >= REWORDED {
                candidates.push((s, bi, hi));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut reworded = Vec::new();
    for (_, bi, hi) in candidates {
        if !base_used[bi] && !head_used[hi] {
            base_used[bi] = true;
            head_used[hi] = true;
            reworded.push((hi, (&base[bi], &head[hi])));
        }
    }
    reworded.sort_by_key(|(hi, _)| *hi);
    // Unchanged sentences are of no further interest: only rewordings are returned as pairs.
    Matched {
        pairs: reworded.into_iter().map(|(_, p)| p).collect(),
        removed: base
            .iter()
            .zip(&base_used)
            .filter(|(_, u)| !**u)
            .map(|(b, _)| b)
            .collect(),
        added: head
            .iter()
            .zip(&head_used)
            .filter(|(_, u)| !**u)
            .map(|(h, _)| h)
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Span;

    fn s(v: &str) -> Spanned<String> {
        Spanned::new(v.to_string(), Span::default(), v)
    }

    #[test]
    fn keys_pair_regardless_of_order() {
        let base = [1, 2, 3];
        let head = [3, 4, 1];
        let m = by_key(&base, &head, |x| *x);
        assert_eq!(m.pairs, [(&3, &3), (&1, &1)]);
        assert_eq!(m.removed, [&2]);
        assert_eq!(m.added, [&4]);
    }

    #[test]
    fn duplicates_count_once() {
        let m = by_key(&[1, 1], &[1, 1, 2, 2], |x| *x);
        assert_eq!(m.pairs.len(), 1);
        assert!(m.removed.is_empty());
        assert_eq!(m.added, [&2]);
    }

    #[test]
    fn scanning_and_hashing_agree() {
        let base: Vec<u32> = (0..40).map(|i| i * 7 % 23).collect();
        let head: Vec<u32> = (0..40).map(|i| i * 5 % 29).collect();
        for (b, h) in [
            (&base[..10], &head[..12]),
            (&base[..], &head[..]),
            (&base[..3], &head[..]),
        ] {
            let scanned = by_scan(b, h, &|x: &u32| *x);
            let hashed = by_key(b, h, |x| *x);
            if b.len() > SCAN || h.len() > SCAN {
                assert_eq!(
                    (scanned.pairs, scanned.removed, scanned.added),
                    (hashed.pairs, hashed.removed, hashed.added)
                );
            }
        }
    }

    #[test]
    fn sentences_pair_by_words_then_by_similarity() {
        let base = [
            s("GDPR"),
            s("Notify incidents within 30 minutes"),
            s("HIPAA"),
        ];
        let head = [
            s("Notify incidents within 60 minutes"),
            s("GDPR"),
            s("SOC 2"),
        ];
        let m = texts(&base, &head);
        assert_eq!(m.pairs.len(), 1);
        assert_eq!(m.pairs[0].0.value, "Notify incidents within 30 minutes");
        assert_eq!(
            m.removed
                .iter()
                .map(|x| x.value.as_str())
                .collect::<Vec<_>>(),
            ["HIPAA"]
        );
        assert_eq!(
            m.added.iter().map(|x| x.value.as_str()).collect::<Vec<_>>(),
            ["SOC 2"]
        );
    }

    #[test]
    fn rewrapped_sentences_are_equal() {
        let (base, head) = ([s("a  b\nc")], [s("a b c")]);
        let m = texts(&base, &head);
        assert!(m.pairs.is_empty() && m.removed.is_empty() && m.added.is_empty());
    }
}
