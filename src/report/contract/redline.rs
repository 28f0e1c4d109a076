//! The redline between two revisions of a contract: the clauses that were added, removed or
//! reworded, each with its text before and after and a word-level diff, and (once
//! [`attach`]ed) the comparison's findings about it: their class and impact.
//!
//! Clauses match by [`Clause::key`] (or a head clause's [`Clause::previous_key`], for an
//! objective renamed on purpose), never by number, so a clause that moved keeps its match.
//! Whether a change weakens the agreement is not decided here: `similar` only shows the
//! words; the class comes from the diff's findings ([`crate::diff`]), attached by the place
//! in the document they point at.

use similar::{ChangeTag, TextDiff};

use super::clauses::{Clause, Contract, document_among};
use crate::diagnostic::{Class, Diagnostic, Side};
use crate::model::SlaDocument;

/// How a clause changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// Only the head has it.
    Added,
    /// Only the base has it.
    Removed,
    /// Both have it, in other words.
    Changed,
}

/// How a run of words of the diff reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegmentKind {
    /// In both revisions.
    Same,
    /// In the base only (struck through).
    Deleted,
    /// In the head only (underlined).
    Inserted,
}

/// A run of words with one [`SegmentKind`]. The text keeps its spaces and line breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Same, deleted or inserted.
    pub kind: SegmentKind,
    /// The words.
    pub text: String,
}

/// A finding of the comparison, as a changed clause shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attached {
    /// What the change does for the customer.
    pub class: Class,
    /// The finding's code (`target-weakened`).
    pub code: &'static str,
    /// The finding's message.
    pub message: String,
    /// Its quantified effect, if any (`allowed downtime per month: 43m50s -> 3h39m9s`).
    pub impact: Option<String>,
}

/// One clause that differs between two revisions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClauseChange {
    /// The clause's key (the head's, for a renamed clause).
    pub key: String,
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// The heading (the head's, else the base's).
    pub heading: String,
    /// The clause number in the head (in the base, for a removed clause).
    pub number: String,
    /// The text in the base, if it has the clause.
    pub before: Option<String>,
    /// The text in the head, if it has the clause.
    pub after: Option<String>,
    /// The word-level diff from `before` to `after` (all inserted for an added clause, all
    /// deleted for a removed one).
    pub words: Vec<Segment>,
    /// The comparison's findings about this clause ([`attach`]); empty until attached.
    pub findings: Vec<Attached>,
}

impl ClauseChange {
    /// The most consequential class of its findings: weakened, then changed, removed, added,
    /// strengthened; `None` without findings.
    pub fn class(&self) -> Option<Class> {
        let rank = |c: Class| match c {
            Class::Weakened => 0,
            Class::Changed => 1,
            Class::Removed => 2,
            Class::Added => 3,
            Class::Strengthened => 4,
        };
        self.findings
            .iter()
            .map(|f| f.class)
            .min_by_key(|c| rank(*c))
    }

    /// The impacts of its findings, each once, in order; a reworded text's impact (the
    /// diff's `[-old-]{+new+}` word diff) is left out, since the redline shows those words.
    pub fn impacts(&self) -> Vec<&str> {
        let word_diff = |i: &str| {
            (i.contains("[-") && i.contains("-]")) || (i.contains("{+") && i.contains("+}"))
        };
        let mut out: Vec<&str> = Vec::new();
        for i in self.findings.iter().filter_map(|f| f.impact.as_deref()) {
            if !word_diff(i) && !out.contains(&i) {
                out.push(i);
            }
        }
        out
    }
}

/// What a changed clause says differently, as words of one of its lines: `at least 99.9%`
/// becomes `at least 99.5%`, followed by `of the time in each calendar month` ([`ClauseChange::gist`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gist {
    /// What the line is about when it leads with a label (`Less than 99.9% but at least
    /// 99.5%` of `Less than 99.9% but at least 99.5%: 10%`).
    pub label: Option<String>,
    /// The comparison before the change, in both revisions (`at least`), if any.
    pub lead: String,
    /// The words the base has.
    pub before: String,
    /// The words the head has.
    pub after: String,
    /// The words after the change, in both revisions, up to the end of their phrase.
    pub tail: String,
    /// Whether the number the words start with went down (`Some(true)`), up
    /// (`Some(false)`), or is no number (`None`).
    pub lowered: Option<bool>,
}

/// The comparisons in words that a [`Gist`] repeats before the changed value, so it reads
/// `from at least 99.9% to at least 99.5%` (what [`super::words::comparator`] and
/// [`super::words::deadline`] write).
const LEADS: [&str; 6] = [
    "at least",
    "at most",
    "more than",
    "less than",
    "within",
    "in less than",
];
/// Words of the unchanged text after a change that a [`Gist`] keeps, at most.
const TAIL_WORDS: usize = 12;

impl ClauseChange {
    /// The first line that reads differently in a reworded clause, reduced to the words that
    /// changed with a few around them; `None` for an added or removed clause, or when the
    /// change is lines added or removed rather than words.
    pub fn gist(&self) -> Option<Gist> {
        if self.kind != ChangeKind::Changed {
            return None;
        }
        let (before, after) = (self.before.as_deref()?, self.after.as_deref()?);
        let (b, a) = before
            .lines()
            .zip(after.lines())
            .find(|(b, a)| b.trim() != a.trim())?;
        let strip = |l: &str| l.trim().trim_start_matches("- ").to_string();
        let (b, a) = (strip(b), strip(a));
        let bw: Vec<&str> = b.split_whitespace().collect();
        let aw: Vec<&str> = a.split_whitespace().collect();
        let prefix = bw.iter().zip(&aw).take_while(|(x, y)| x == y).count();
        let most = bw.len().min(aw.len()) - prefix;
        let suffix = bw
            .iter()
            .rev()
            .zip(aw.iter().rev())
            .take(most)
            .take_while(|(x, y)| x == y)
            .count();
        let (del, ins) = (
            &bw[prefix..bw.len() - suffix],
            &aw[prefix..aw.len() - suffix],
        );
        if del.is_empty() || ins.is_empty() {
            return None;
        }
        let head = &bw[..prefix];
        let (label, lead) = match head.last() {
            Some(w) if w.ends_with(':') => {
                let label = head.join(" ");
                (Some(label.trim_end_matches(':').to_string()), String::new())
            }
            _ => {
                let lead = LEADS.iter().find(|l| {
                    let n = l.split(' ').count();
                    head.len() >= n && head[head.len() - n..].join(" ") == **l
                });
                (None, lead.map_or_else(String::new, |l| (*l).to_string()))
            }
        };
        let mut tail = Vec::new();
        let rest = &bw[bw.len() - suffix..];
        for (i, w) in rest.iter().enumerate() {
            if tail.len() == TAIL_WORDS {
                tail.push("\u{2026}");
                break;
            }
            let end = w.ends_with([',', '.', ';', ':']);
            tail.push(w.trim_end_matches([',', '.', ';', ':']));
            if end || i + 1 == rest.len() {
                break;
            }
        }
        let number = |w: &[&str]| {
            let first = w.first()?.trim_end_matches(['%', ',', '.', ':', ';']);
            first.replace(',', "").parse::<rust_decimal::Decimal>().ok()
        };
        let lowered = match (number(del), number(ins)) {
            (Some(x), Some(y)) if x != y => Some(y < x),
            _ => None,
        };
        Some(Gist {
            label,
            lead,
            before: del.join(" "),
            after: ins.join(" "),
            tail: tail.join(" "),
            lowered,
        })
    }
}

/// The redline of every agreement that either revision has (`base` and `head`, each
/// agreement once), in the head's order with removed ones after, the comparison's
/// `findings` attached; agreements without a change are left out.
pub fn documents(
    base: &[SlaDocument],
    head: &[SlaDocument],
    findings: &[Diagnostic],
) -> Vec<Redline> {
    let base_contracts: Vec<Contract> = base.iter().map(|d| document_among(d, base)).collect();
    let head_contracts: Vec<Contract> = head.iter().map(|d| document_among(d, head)).collect();
    let mut ids: Vec<&str> = Vec::new();
    for c in head_contracts.iter().chain(&base_contracts) {
        if !ids.contains(&c.id.as_str()) {
            ids.push(&c.id);
        }
    }
    ids.into_iter()
        .filter_map(|id| {
            document(
                base_contracts.iter().find(|c| c.id == id),
                head_contracts.iter().find(|c| c.id == id),
                findings,
            )
        })
        .collect()
}

/// The clauses that differ between `base` and `head`, in the head's order; a removed clause
/// comes right after the clause that preceded it in the base.
pub fn redline(base: &Contract, head: &Contract) -> Vec<ClauseChange> {
    let base_clauses: Vec<&Clause> = base.clauses().collect();
    let head_clauses: Vec<&Clause> = head.clauses().collect();
    let find_base = |h: &Clause| {
        base_clauses
            .iter()
            .position(|b| b.key == h.key)
            .or_else(|| {
                let prev = h.previous_key.as_deref()?;
                base_clauses.iter().position(|b| b.key == prev)
            })
    };
    // (before every head clause?, position in the head, order among the removed clauses
    // after it), change.
    let mut out: Vec<((u8, usize, usize), ClauseChange)> = Vec::new();
    let mut matched = vec![None; base_clauses.len()];
    for (hi, h) in head_clauses.iter().enumerate() {
        match find_base(h) {
            Some(bi) if matched[bi].is_none() => {
                matched[bi] = Some(hi);
                let b = base_clauses[bi];
                let (before, after) = (b.text(), h.text());
                if before != after || b.heading != h.heading {
                    out.push((
                        (1, hi, 0),
                        ClauseChange {
                            key: h.key.clone(),
                            kind: ChangeKind::Changed,
                            heading: h.heading.clone(),
                            number: h.number.clone(),
                            words: diff_words(&before, &after),
                            before: Some(before),
                            after: Some(after),
                            findings: Vec::new(),
                        },
                    ));
                }
            }
            _ => {
                let after = h.text();
                out.push((
                    (1, hi, 0),
                    ClauseChange {
                        key: h.key.clone(),
                        kind: ChangeKind::Added,
                        heading: h.heading.clone(),
                        number: h.number.clone(),
                        words: vec![Segment {
                            kind: SegmentKind::Inserted,
                            text: after.clone(),
                        }],
                        before: None,
                        after: Some(after),
                        findings: Vec::new(),
                    },
                ));
            }
        }
    }
    for (bi, b) in base_clauses.iter().enumerate() {
        if matched[bi].is_some() {
            continue;
        }
        // After the head position of the nearest earlier base clause that is still there.
        let anchor = matched[..bi].iter().rev().find_map(|m| *m);
        let pos = anchor.map_or((0, 0, bi), |hi| (1, hi, bi + 1));
        let before = b.text();
        out.push((
            pos,
            ClauseChange {
                key: b.key.clone(),
                kind: ChangeKind::Removed,
                heading: b.heading.clone(),
                number: b.number.clone(),
                words: vec![Segment {
                    kind: SegmentKind::Deleted,
                    text: before.clone(),
                }],
                before: Some(before),
                after: None,
                findings: Vec::new(),
            },
        ));
    }
    out.sort_by_key(|(pos, _)| *pos);
    out.into_iter().map(|(_, c)| c).collect()
}

/// The word-level diff of two texts, consecutive words of one kind in one [`Segment`].
fn diff_words(before: &str, after: &str) -> Vec<Segment> {
    let diff = TextDiff::from_words(before, after);
    let mut out: Vec<Segment> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => SegmentKind::Same,
            ChangeTag::Delete => SegmentKind::Deleted,
            ChangeTag::Insert => SegmentKind::Inserted,
        };
        match out.last_mut() {
            Some(s) if s.kind == kind => s.text.push_str(change.value()),
            _ => out.push(Segment {
                kind,
                text: change.value().to_string(),
            }),
        }
    }
    merge_small(&out)
}

/// Words of an unchanged run between two changes that are read as part of them: `13
/// minutes 3 seconds` to `1 hour 5 minutes 13 seconds` reads as one replacement
/// (`13 minutes 3` by `1 hour 5 minutes 13`), not as three one-word swaps.
const SMALL: usize = 2;

/// Folds every short unchanged run between changes into them, so a change reads as one
/// deletion followed by one insertion.
fn merge_small(segments: &[Segment]) -> Vec<Segment> {
    let words = |s: &Segment| s.text.split_whitespace().count();
    let is_change = |s: &Segment| s.kind != SegmentKind::Same;
    let mut out: Vec<Segment> = Vec::new();
    let mut i = 0;
    while i < segments.len() {
        if !is_change(&segments[i]) {
            out.push(segments[i].clone());
            i += 1;
            continue;
        }
        // A group: changes, and short unchanged runs with a change after them.
        let mut end = i + 1;
        while end < segments.len() {
            if is_change(&segments[end]) {
                end += 1;
            } else if words(&segments[end]) <= SMALL && segments.get(end + 1).is_some_and(is_change)
            {
                end += 2;
            } else {
                break;
            }
        }
        let (mut deleted, mut inserted) = (String::new(), String::new());
        for s in &segments[i..end] {
            match s.kind {
                SegmentKind::Same => {
                    deleted.push_str(&s.text);
                    inserted.push_str(&s.text);
                }
                SegmentKind::Deleted => deleted.push_str(&s.text),
                SegmentKind::Inserted => inserted.push_str(&s.text),
            }
        }
        let any = |k| segments[i..end].iter().any(|s| s.kind == k);
        if any(SegmentKind::Deleted) {
            out.push(Segment {
                kind: SegmentKind::Deleted,
                text: deleted,
            });
        }
        if any(SegmentKind::Inserted) {
            out.push(Segment {
                kind: SegmentKind::Inserted,
                text: inserted,
            });
        }
        i = end;
    }
    out
}

/// Hangs the comparison's findings about this document (matched by `metadata.id`) on the
/// changed clauses they concern, and returns the findings that concern no changed clause.
///
/// A finding concerns the clause of its revision (head, or base for one located there) whose
/// [`Clause::sources`] hold the longest prefix of the finding's path; failing that, the first
/// clause about the finding's objective.
pub fn attach<'d>(
    changes: &mut [ClauseChange],
    base: &Contract,
    head: &Contract,
    findings: &'d [Diagnostic],
) -> Vec<&'d Diagnostic> {
    let mut left = Vec::new();
    for d in findings {
        let Some(change) = &d.change else { continue };
        let doc = d.document.as_deref();
        if doc != Some(head.id.as_str()) && doc != Some(base.id.as_str()) {
            continue;
        }
        let side = match change.side {
            Side::Head => head,
            Side::Base => base,
        };
        let key = clause_for(side, d);
        let target = key.and_then(|k| {
            changes.iter_mut().find(|c| {
                c.key == k
                    || (change.side == Side::Base
                        && side.clause(k).is_some()
                        && head
                            .clause(&c.key)
                            .is_some_and(|h| h.previous_key.as_deref() == Some(k)))
            })
        });
        match target {
            Some(c) => c.findings.push(Attached {
                class: change.class,
                code: d.code.as_str(),
                message: d.message.clone(),
                impact: change.impact.clone(),
            }),
            None => left.push(d),
        }
    }
    left
}

/// The key of the clause of `contract` a finding points at.
fn clause_for<'c>(contract: &'c Contract, d: &Diagnostic) -> Option<&'c str> {
    if let Some(path) = &d.path {
        let best = contract
            .clauses()
            .flat_map(|c| c.sources.iter().map(move |s| (c, s)))
            .filter(|(_, s)| path == *s || path.starts_with(&format!("{s}/")))
            .max_by_key(|(_, s)| s.len());
        if let Some((c, _)) = best {
            return Some(&c.key);
        }
    }
    let objective = d.objective.as_deref()?;
    contract
        .clauses()
        .find(|c| c.objectives.iter().any(|o| o == objective))
        .map(|c| c.key.as_str())
}

/// Whether an agreement is new, gone or amended between the two revisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentChange {
    /// Only the head has it.
    Added,
    /// Only the base has it.
    Removed,
    /// Both have it.
    Amended,
}

/// The redline of one agreement: its changed clauses with their findings attached, and the
/// findings about it that no changed clause states (a version bump, a changelog entry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redline {
    /// `metadata.id`.
    pub id: String,
    /// The head's title, else the base's.
    pub title: String,
    /// New, gone or amended.
    pub status: DocumentChange,
    /// The base's version, if it has the agreement.
    pub base_version: Option<u64>,
    /// The head's version, if it has the agreement.
    pub head_version: Option<u64>,
    /// The changed clauses, in the head's order.
    pub changes: Vec<ClauseChange>,
    /// The findings about the agreement that concern no changed clause.
    pub other: Vec<Attached>,
}

/// The redline of one agreement between two revisions (either may lack it), with the
/// comparison's `findings` attached; `None` when neither its clauses nor the findings about
/// it show a change.
pub fn document(
    base: Option<&Contract>,
    head: Option<&Contract>,
    findings: &[Diagnostic],
) -> Option<Redline> {
    let (status, some) = match (base, head) {
        (Some(_), Some(h)) => (DocumentChange::Amended, h),
        (None, Some(h)) => (DocumentChange::Added, h),
        (Some(b), None) => (DocumentChange::Removed, b),
        (None, None) => return None,
    };
    let empty = Contract {
        sections: Vec::new(),
        changelog: Vec::new(),
        preamble: Vec::new(),
        ..some.clone()
    };
    let (b, h) = (base.unwrap_or(&empty), head.unwrap_or(&empty));
    let mut changes = redline(b, h);
    let other: Vec<Attached> = attach(&mut changes, b, h, findings)
        .into_iter()
        .filter_map(|d| {
            let c = d.change.as_ref()?;
            Some(Attached {
                class: c.class,
                code: d.code.as_str(),
                message: d.message.clone(),
                impact: c.impact.clone(),
            })
        })
        .collect();
    if changes.is_empty() && other.is_empty() && status == DocumentChange::Amended {
        return None;
    }
    Some(Redline {
        id: some.id.clone(),
        title: some.title.clone(),
        status,
        base_version: base.map(|c| c.version),
        head_version: head.map(|c| c.version),
        changes,
        other,
    })
}

#[cfg(test)]
mod tests;
