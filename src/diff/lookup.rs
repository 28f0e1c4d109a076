//! What to look for in the head's unchanged files, and whether a file mentions it.
//!
//! A comparison loads only the files that changed. A few questions need other files of the
//! head: did a document that a changed file lost move elsewhere; does a new document id
//! collide with an existing one; which documents do the changed ones `supports`; and which
//! unchanged documents `supports` an objective that the change made stricter, removed or
//! renamed (their promise may now fall short, or their reference dangle). [`needles`] lists
//! the ids and `DOC/OBJECTIVE` references that answer these, only when the change raises the
//! question, so an ordinary change reads no other file. [`mentions`] is the cheap test a
//! candidate file must pass before it is parsed.

use std::collections::{BTreeSet, HashSet};

use crate::diagnostic::{Code, Diagnostic};
use crate::model::SlaDocument;

/// The strings to search the head's unchanged SLA files for, sorted.
pub fn needles(base: &[SlaDocument], head: &[SlaDocument], findings: &[Diagnostic]) -> Vec<String> {
    let base_ids: HashSet<&str> = base.iter().map(|d| d.id.value.as_str()).collect();
    let head_ids: HashSet<&str> = head.iter().map(|d| d.id.value.as_str()).collect();
    let mut out: BTreeSet<String> = BTreeSet::new();
    // Lost ids may have moved; new ids may collide.
    out.extend(
        base_ids
            .symmetric_difference(&head_ids)
            .map(|s| (*s).to_string()),
    );
    // Documents the changed ones support.
    for d in head {
        for o in &d.spec.objectives {
            out.extend(
                o.supports
                    .iter()
                    .map(|s| &s.value.document)
                    .filter(|id| !head_ids.contains(id.as_str()))
                    .cloned(),
            );
        }
    }
    // Documents that support what the change made stricter, removed or renamed.
    for f in findings {
        let (Some(doc), objective) = (&f.document, &f.objective) else {
            continue;
        };
        match (f.code, objective) {
            (Code::DocumentRemoved, _) => {
                out.insert(format!("{doc}/"));
            }
            (Code::ObjectiveRenamed, _) => {
                out.extend(
                    f.change
                        .as_ref()
                        .and_then(|c| c.before.as_ref())
                        .map(|old| format!("{doc}/{old}")),
                );
            }
            (
                Code::TargetStrengthened
                | Code::TargetDirectionFlipped
                | Code::TargetKindChanged
                | Code::ObjectiveRemoved,
                Some(o),
            ) => {
                out.insert(format!("{doc}/{o}"));
            }
            _ => {}
        }
    }
    out.into_iter().collect()
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/')
}

/// Whether `text` holds one of `needles` as a whole token (an id, `DOC/OBJECTIVE`, or the
/// `DOC/` of any reference into a document). Linear in the text, whatever the number of
/// needles. A match only makes the file a candidate; it is parsed to be sure.
pub fn mentions<S: std::hash::BuildHasher>(text: &[u8], needles: &HashSet<&str, S>) -> bool {
    text.split(|b| !is_token_byte(*b))
        .filter(|t| !t.is_empty())
        .any(|token| {
            let Ok(token) = std::str::from_utf8(token) else {
                return false;
            };
            if needles.contains(token) {
                return true;
            }
            match token.split_once('/') {
                Some((doc, _)) => needles.contains(doc) || needles.contains(&token[..=doc.len()]),
                None => false,
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_match_whole_ids_and_references() {
        let needles: HashSet<&str> = ["acme-crm", "ops/", "desk/escalation"]
            .into_iter()
            .collect();
        assert!(mentions(b"metadata:\n  id: acme-crm\n", &needles));
        assert!(mentions(b"supports: [\"acme-crm/availability\"]", &needles));
        assert!(mentions(b"supports: [ops/anything]", &needles));
        assert!(mentions(b"supports: ['desk/escalation']", &needles));
        assert!(!mentions(b"id: acme-crm-enterprise", &needles));
        assert!(!mentions(b"supports: [desk/escalation-high]", &needles));
        assert!(!mentions(b"", &needles));
    }
}
