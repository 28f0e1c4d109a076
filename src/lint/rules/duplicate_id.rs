//! `duplicate-id`: two items of one list in a document share an id.

use std::collections::HashMap;

use crate::diagnostic::{Code, Diagnostic};
use crate::lint::{LintContext, Rule, finding};
use crate::model::{SlaDocument, Spanned};

/// The rule.
pub struct DuplicateId;

/// Docs.
pub const DOCS: &str = r"## What it checks
That services, objectives, exclusions, severities and changelog versions are unique within
a document.

## Why is this bad?
Ids are how objectives are referenced and matched across revisions. Two objectives named
`availability` make `slagate diff` unable to say which one changed, and a reader unable to
say which one binds.

## Example
```yaml
objectives:
  - id: availability
    target: '>= 99.9%'
  - id: availability      # duplicate-id: already used on line 2
    target: '>= 99.5%'
```
";

/// Up to this many entries, [`duplicates`] compares them pairwise instead of hashing: a
/// document's lists are short, and this rule runs on every document.
const PAIRWISE_UP_TO: usize = 32;

/// Pairs `(first, repeat)` of entries with equal keys, in source order.
pub fn duplicates<'a, K: Eq + std::hash::Hash, T>(
    items: impl IntoIterator<Item = (K, &'a Spanned<T>)>,
) -> Vec<(&'a Spanned<T>, &'a Spanned<T>)> {
    let items: Vec<(K, &Spanned<T>)> = items.into_iter().collect();
    let mut out = Vec::new();
    if items.len() <= PAIRWISE_UP_TO {
        for (i, (key, item)) in items.iter().enumerate() {
            if let Some((_, first)) = items[..i].iter().find(|(k, _)| k == key) {
                out.push((*first, *item));
            }
        }
        return out;
    }
    let mut seen: HashMap<K, &Spanned<T>> = HashMap::with_capacity(items.len());
    for (key, item) in items {
        match seen.get(&key) {
            Some(first) => out.push((*first, item)),
            None => {
                seen.insert(key, item);
            }
        }
    }
    out
}

impl Rule for DuplicateId {
    fn code(&self) -> Code {
        Code::DuplicateId
    }

    fn check_document(&self, _cx: &LintContext<'_>, doc: &SlaDocument, out: &mut Vec<Diagnostic>) {
        let s = &doc.spec;
        let lists: [(&str, Vec<&Spanned<String>>); 4] = [
            ("service", s.services.iter().map(|x| &x.id).collect()),
            ("objective", s.objectives.iter().map(|x| &x.id).collect()),
            ("exclusion", s.exclusions.iter().map(|x| &x.id).collect()),
            (
                "severity",
                if s.severities_explicit {
                    s.severities.iter().collect()
                } else {
                    Vec::new()
                },
            ),
        ];
        for (what, ids) in lists {
            for (first, again) in duplicates(ids.into_iter().map(|i| (i.value.as_str(), i))) {
                out.push(
                    finding(
                        self.code(),
                        doc,
                        again.span,
                        format!("{what} id `{}` is used twice", again.value),
                    )
                    .with_help(format!(
                        "give each {what} its own id; the first is on line {}",
                        first.span.start.line
                    ))
                    .with_related(
                        doc.file.clone(),
                        first.span,
                        "first used here",
                    ),
                );
            }
        }
        for (first, again) in duplicates(s.changelog.iter().map(|c| (c.version.value, &c.version)))
        {
            out.push(
                finding(
                    self.code(),
                    doc,
                    again.span,
                    format!("changelog has two entries for version `{}`", again.value),
                )
                .with_help("merge the two entries")
                .with_related(doc.file.clone(), first.span, "first entry here"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::testing::{BASE, run};

    #[test]
    fn clean_document_has_none() {
        assert!(run(&DuplicateId, BASE).is_empty());
    }

    #[test]
    fn short_and_long_lists_pair_each_repeat_with_the_first() {
        // Below and above PAIRWISE_UP_TO: key `i % 7` repeats every seventh entry.
        for n in [5, 20, PAIRWISE_UP_TO, PAIRWISE_UP_TO + 1, 100] {
            let items: Vec<Spanned<usize>> = (0..n)
                .map(|i| Spanned::new(i, crate::diagnostic::Span::point(1, 1), i.to_string()))
                .collect();
            let pairs: Vec<(usize, usize)> = duplicates(items.iter().map(|s| (s.value % 7, s)))
                .into_iter()
                .map(|(first, again)| (first.value, again.value))
                .collect();
            let expected: Vec<(usize, usize)> = (7..n).map(|i| (i % 7, i)).collect();
            assert_eq!(pairs, expected, "{n} entries");
        }
    }

    #[test]
    fn repeated_objective_id_points_at_the_second() {
        let text = BASE.replace("    - id: latency", "    - id: availability");
        let d = run(&DuplicateId, &text);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].message, "objective id `availability` is used twice");
        assert_eq!(d[0].span.start.line, 25);
        assert_eq!(d[0].related[0].span.start.line, 18);
    }
}
