//! Small text helpers that several stages word their findings with: counts with a plural,
//! backticked lists cut after a handful, and the nearest name for a did-you-mean.
//!
//! Pure and at the bottom of the flow: this module imports nothing of the crate, so every
//! stage (schema, lint, gate, report) may use it.

/// `1 file`, `2 files`: the count and the word, with an `s` unless the count is one.
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// `` `a`, `b`, `c` ``, at most `max` items, then `and N more`.
pub fn backticked<S: AsRef<str>>(items: &[S], max: usize) -> String {
    let mut list: Vec<String> = items
        .iter()
        .take(max)
        .map(|s| format!("`{}`", s.as_ref()))
        .collect();
    if items.len() > max {
        list.push(format!("and {} more", items.len() - max));
    }
    list.join(", ")
}

/// FNV-1a, 64 bit: a digest that is the same on every platform and Rust release (unlike
/// `DefaultHasher`), for the state slagate keeps hidden in what it posts on GitHub.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Fnv1a {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv1a {
    /// Takes one byte in.
    pub fn byte(&mut self, b: u8) {
        self.0 ^= u64::from(b);
        self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
    }

    /// Takes `bytes` in, in order.
    pub fn bytes(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.byte(*b);
        }
    }

    /// The digest as 16 hex digits.
    pub fn hex(self) -> String {
        format!("{:016x}", self.0)
    }
}

/// Levenshtein distance in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb))
                .min(above + 1)
                .min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The candidate nearest to `name` ignoring case, when its distance is at most what
/// `limit` allows for that candidate; the first of equally near ones.
pub fn closest<'a, S: AsRef<str>>(
    name: &str,
    candidates: &'a [S],
    limit: impl Fn(&str) -> usize,
) -> Option<&'a S> {
    let lower = name.to_lowercase();
    candidates
        .iter()
        .map(|c| (edit_distance(&lower, &c.as_ref().to_lowercase()), c))
        .filter(|(d, c)| *d <= limit(c.as_ref()))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        // From the FNV reference test suite (64-bit FNV-1a): the empty string is the offset
        // basis itself, "a" is af63dc4c8601ec8c, "foobar" is 85944171f73967e8.
        let of = |s: &str| {
            let mut h = Fnv1a::default();
            h.bytes(s.as_bytes());
            h.hex()
        };
        assert_eq!(of(""), "cbf29ce484222325");
        assert_eq!(of("a"), "af63dc4c8601ec8c");
        assert_eq!(of("foobar"), "85944171f73967e8");
    }

    #[test]
    fn plural_adds_an_s_unless_one() {
        assert_eq!(plural(0, "file"), "0 files");
        assert_eq!(plural(1, "file"), "1 file");
        assert_eq!(plural(2, "document"), "2 documents");
    }

    #[test]
    fn backticked_lists_are_cut_after_max() {
        assert_eq!(backticked(&["a", "b"], 5), "`a`, `b`");
        assert_eq!(backticked(&["a", "b", "c"], 2), "`a`, `b`, and 1 more");
        assert_eq!(backticked::<&str>(&[], 2), "");
    }

    #[test]
    fn edit_distance_is_levenshtein() {
        // kitten -> sitten (k/s) -> sittin (e/i) -> sitting (+g): 3.
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("crdits", "credits"), 1);
        // Characters, not bytes: one substitution of a two-byte character.
        assert_eq!(edit_distance("zürich", "zurich"), 1);
    }

    #[test]
    fn closest_respects_the_limit_and_case() {
        let known = ["credits", "id", "Window"];
        assert_eq!(closest("crdits", &known, |_| 2), Some(&"credits"));
        assert_eq!(closest("WINDOWS", &known, |_| 1), Some(&"Window"));
        assert_eq!(closest("zzzzzz", &known, |_| 2), None);
        // Equally near: the first wins.
        assert_eq!(closest("ab", &["ax", "ay"], |_| 1), Some(&"ax"));
    }
}
