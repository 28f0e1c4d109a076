//! Free text: whitespace-insensitive equality, similarity, and the word-level diff shown in
//! `text-changed` findings.
//!
//! `similar` only renders and scores here; whether two texts are "the same" is decided by
//! [`same`], which ignores how the YAML wrapped them (folded, literal, re-indented).

use similar::{ChangeTag, TextDiff};

/// Collapses every run of whitespace to one space and trims the ends.
pub fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether two texts say the same words in the same order.
pub fn same(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

/// How alike two texts are, by words, from 0 (nothing shared) to 1 (the same).
pub fn similarity(a: &str, b: &str) -> f32 {
    let (a, b) = (normalize(a), normalize(b));
    TextDiff::from_words(a.as_str(), b.as_str()).ratio()
}

/// Words of unchanged context kept on each side of a change.
const CONTEXT: usize = 4;

/// A word-level diff in `git diff --word-diff` style: `[-old words-]{+new words+}`, with long
/// unchanged stretches shortened to `...`.
pub fn word_diff(before: &str, after: &str) -> String {
    let (a, b) = (normalize(before), normalize(after));
    let diff = TextDiff::from_words(a.as_str(), b.as_str());
    // Group consecutive tokens by tag, so one replaced phrase reads as one `[-..-]{+..+}`.
    let mut runs: Vec<(ChangeTag, String)> = Vec::new();
    for change in diff.iter_all_changes() {
        let text = change.value();
        match runs.last_mut() {
            Some((tag, s)) if *tag == change.tag() => s.push_str(text),
            _ => runs.push((change.tag(), text.to_string())),
        }
    }
    let last = runs.len().saturating_sub(1);
    let mut out = String::new();
    for (i, (tag, text)) in runs.iter().enumerate() {
        let (open, close) = match tag {
            ChangeTag::Equal => {
                out.push_str(&shorten(text, i > 0, i < last));
                continue;
            }
            ChangeTag::Delete => ("[-", "-]"),
            ChangeTag::Insert => ("{+", "+}"),
        };
        // `[-old-]{+new+}` sit side by side; elsewhere the spaces around a change stay.
        let after_delete = i > 0 && runs[i - 1].0 == ChangeTag::Delete;
        if text.starts_with(' ') && !after_delete {
            out.push(' ');
        }
        out.push_str(open);
        out.push_str(text.trim());
        out.push_str(close);
        let before_insert = runs
            .get(i + 1)
            .is_some_and(|(t, _)| *t == ChangeTag::Insert);
        if text.ends_with(' ') && !(*tag == ChangeTag::Delete && before_insert) {
            out.push(' ');
        }
    }
    out.trim().to_string()
}

/// Keeps [`CONTEXT`] words next to a change on either side and replaces the middle.
fn shorten(text: &str, after_change: bool, before_change: bool) -> String {
    let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
    let keep_head = if after_change { CONTEXT } else { 0 };
    let keep_tail = if before_change { CONTEXT } else { 0 };
    let lead = if text.starts_with(' ') { " " } else { "" };
    let trail = if text.ends_with(' ') { " " } else { "" };
    if words.len() <= keep_head + keep_tail {
        return text.to_string();
    }
    let mut parts: Vec<&str> = words[..keep_head].to_vec();
    parts.push("...");
    parts.extend(&words[words.len() - keep_tail..]);
    let joined = parts.join(" ");
    let joined = if keep_head == 0 {
        joined
    } else {
        format!("{lead}{joined}")
    };
    if keep_tail == 0 {
        joined
    } else {
        format!("{joined}{trail}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_and_indentation_are_not_changes() {
        assert!(same(
            "Either party, with 90 days'\n  notice",
            "Either party,  with 90 days' notice\n"
        ));
        assert!(!same("90 days", "60 days"));
        assert_eq!(normalize("  a \n b\t c "), "a b c");
    }

    #[test]
    fn word_diff_marks_removed_and_added_words() {
        assert_eq!(
            word_diff(
                "settled within 15 business days",
                "settled within 30 business days"
            ),
            "settled within [-15-]{+30+} business days"
        );
        assert_eq!(word_diff("a b", "a b c"), "a b {+c+}");
        assert_eq!(word_diff("x a b", "a b"), "[-x-] a b");
    }

    #[test]
    fn long_unchanged_stretches_are_shortened() {
        let before = "one two three four five six seven eight nine ten eleven twelve";
        let after = "one two three four five six seven eight nine ten eleven twelve thirteen";
        assert_eq!(
            word_diff(before, after),
            "... nine ten eleven twelve {+thirteen+}"
        );
        let after = "zero one two three four five six seven eight nine ten eleven twelve";
        assert_eq!(word_diff(before, after), "{+zero+} one two three four ...");
    }

    #[test]
    fn similarity_is_symmetric_enough_to_pair_rewordings() {
        let a = "Notify the customer of incidents within 30 minutes";
        let b = "Notify the customer of incidents within 60 minutes";
        assert!(similarity(a, b) > 0.8);
        assert!(similarity(a, "HIPAA") < 0.2);
        assert!((similarity(a, b) - similarity(b, a)).abs() < f32::EPSILON);
    }
}
