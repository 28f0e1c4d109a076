//! A small YAML writer for the documents `slagate import` writes.
//!
//! The crates chosen read YAML (saphyr-parser) but do not write it, and what an importer writes
//! is a narrow shape: block mappings and sequences of strings, numbers and booleans. Text from
//! the data is always written double-quoted with every character that YAML, a terminal or an
//! editor could read otherwise escaped, so no value can end a line, open a comment, become
//! another type (`yes`, `1e3`, `2026-01-01`) or carry a control character; ids, enums, numbers
//! and dates that the importer built itself are written plain. The tests read every shape back
//! with the project's own loader.

use std::fmt::Write as _;

/// A value to write.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Y {
    /// Text from the data: always double-quoted.
    Text(String),
    /// A value the importer built and knows to be safe plain (an id, an enum word, a number,
    /// a date). Written quoted anyway when it is not plain-safe, so a mistake cannot corrupt
    /// the file.
    Plain(String),
    /// A number the importer checked: written plain.
    Num(String),
    /// A boolean.
    Bool(bool),
    /// A block sequence.
    Seq(Vec<Y>),
    /// A block mapping, in order.
    Map(Vec<(String, Y)>),
}

impl Y {
    /// Text.
    pub(crate) fn text(s: impl Into<String>) -> Y {
        Y::Text(s.into())
    }

    /// A plain scalar.
    pub(crate) fn plain(s: impl Into<String>) -> Y {
        Y::Plain(s.into())
    }

    /// A mapping from pairs.
    pub(crate) fn map<K: Into<String>>(pairs: impl IntoIterator<Item = (K, Y)>) -> Y {
        Y::Map(pairs.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }
}

/// The YAML text of `root` (a mapping), with a trailing newline.
pub(crate) fn write(root: &Y) -> String {
    let mut out = String::new();
    match root {
        Y::Map(entries) => map_entries(&mut out, entries, 0),
        other => {
            scalar_or_flow(&mut out, other);
            out.push('\n');
        }
    }
    out
}

fn map_entries(out: &mut String, entries: &[(String, Y)], indent: usize) {
    for (i, (k, v)) in entries.iter().enumerate() {
        if i > 0 {
            pad(out, indent);
        }
        key(out, k);
        value_after_key(out, v, indent);
    }
}

fn value_after_key(out: &mut String, v: &Y, indent: usize) {
    match v {
        Y::Map(e) if !e.is_empty() => {
            out.push('\n');
            pad(out, indent + 2);
            map_entries(out, e, indent + 2);
        }
        Y::Seq(items) if !items.is_empty() => {
            out.push('\n');
            seq_items(out, items, indent);
        }
        _ => {
            out.push(' ');
            scalar_or_flow(out, v);
            out.push('\n');
        }
    }
}

fn seq_items(out: &mut String, items: &[Y], indent: usize) {
    for item in items {
        pad(out, indent);
        out.push_str("- ");
        match item {
            Y::Map(e) if !e.is_empty() => map_entries(out, e, indent + 2),
            Y::Seq(inner) if !inner.is_empty() => {
                out.push('\n');
                seq_items(out, inner, indent + 2);
            }
            _ => {
                scalar_or_flow(out, item);
                out.push('\n');
            }
        }
    }
}

fn scalar_or_flow(out: &mut String, v: &Y) {
    match v {
        Y::Plain(s) if plain_safe(s) => out.push_str(s),
        Y::Text(s) | Y::Plain(s) => quoted(out, s),
        Y::Num(n) if !crate::source::yaml::plain_is_text(n) && plain_safe_chars(n) => {
            out.push_str(n);
        }
        Y::Num(n) => quoted(out, n),
        Y::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Y::Seq(_) => out.push_str("[]"),
        Y::Map(_) => out.push_str("{}"),
    }
}

fn key(out: &mut String, k: &str) {
    if plain_safe(k) && !k.contains('.') {
        out.push_str(k);
    } else {
        quoted(out, k);
    }
    out.push(':');
}

fn pad(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

/// Whether `s` reads back as the same string when written plain: letters, digits and a few
/// inner punctuation marks, not starting with an indicator, and not a word or number that
/// the core schema (or a YAML 1.1 reader: `yes`, `off`) reads as something else. A date
/// (`2026-06-19`) is plain text in YAML 1.2 and is written plain.
fn plain_safe(s: &str) -> bool {
    let yaml11 = ["yes", "no", "on", "off", "y", "n"];
    plain_safe_chars(s)
        && crate::source::yaml::plain_is_text(s)
        && !yaml11.contains(&s.to_ascii_lowercase().as_str())
}

fn plain_safe_chars(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._/%".contains(c))
}

/// `s` in a YAML double-quoted scalar: `\` and `"` escaped, and every character that is not
/// printable (C0 and C1 controls, DEL, the line and paragraph separators, the BOM, bidi
/// controls) as `\uXXXX`, so the file holds one line per value and nothing invisible.
pub(crate) fn quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if invisible(c) => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn invisible(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::yaml::{Limits, Value, parse};

    fn read_back(text: &str) -> crate::source::yaml::Node {
        let mut docs = parse(text, &Limits::default()).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
        docs.remove(0).root
    }

    #[test]
    fn hostile_text_reads_back_as_written() {
        let hostile = [
            "plain",
            "yes",
            "no",
            "null",
            "~",
            "1e3",
            "0x1F",
            "2026-01-01",
            "- item",
            "key: value",
            "# not a comment",
            "trailing #",
            "&anchor",
            "*alias",
            "!tag",
            "|",
            ">",
            "'",
            "\"",
            "back\\slash",
            "line\nbreak",
            "tab\there",
            "nul\0byte",
            "bell\u{7}",
            "del\u{7f}",
            "next\u{85}line",
            "sep\u{2028}arator",
            "\u{feff}bom",
            "bidi\u{202e}gnirts",
            "  lead",
            "trail  ",
            "",
            "ünïcödé ✓",
            "{flow: map}",
            "[flow, seq]",
            "%directive",
            "@at",
            "`tick`",
            "a,b",
            "---",
            "...",
        ];
        for s in hostile {
            let root = Y::map([("k", Y::text(s)), ("p", Y::plain(s))]);
            let text = write(&root);
            let back = read_back(&text);
            for key in ["k", "p"] {
                assert_eq!(
                    back.get(key).and_then(|n| n.as_str()),
                    Some(s),
                    "{key} of {s:?}:\n{text}"
                );
            }
            assert_eq!(text.lines().count(), 2, "one line per value: {text:?}");
        }
    }

    #[test]
    fn nested_shapes_read_back() {
        let root = Y::map([
            ("apiVersion", Y::plain("slagate/v1")),
            ("number", Y::Num("99.95".into())),
            ("plain-number", Y::plain("99.95")),
            ("list", Y::Seq(vec![Y::text("a"), Y::plain("b")])),
            ("bool", Y::Bool(true)),
            ("int", Y::Num("30".into())),
            ("not-a-number", Y::Num("3 0".into())),
            ("empty", Y::Seq(vec![])),
            (
                "items",
                Y::Seq(vec![
                    Y::map([("id", Y::plain("x")), ("tags", Y::Seq(vec![Y::plain("t")]))]),
                    Y::map([
                        ("id", Y::plain("y")),
                        ("deep", Y::map([("z", Y::plain("true"))])),
                    ]),
                ]),
            ),
            ("dotted.key", Y::plain("v")),
        ]);
        let text = write(&root);
        let back = read_back(&text);
        assert_eq!(
            back.get("apiVersion").and_then(|n| n.as_str()),
            Some("slagate/v1")
        );
        assert!(
            matches!(back.get("number").map(|n| &n.value), Some(Value::Float(f)) if (*f - 99.95).abs() < 1e-9)
        );
        assert_eq!(
            back.get("plain-number").and_then(|n| n.as_str()),
            Some("99.95"),
            "text stays text"
        );
        assert_eq!(
            back.get("list").and_then(|n| n.as_seq()).map(<[_]>::len),
            Some(2)
        );
        assert_eq!(
            back.get("empty").and_then(|n| n.as_seq()).map(<[_]>::len),
            Some(0)
        );
        let items = back.get("items").and_then(|n| n.as_seq()).unwrap();
        assert_eq!(
            items[0]
                .get("tags")
                .and_then(|n| n.as_seq())
                .map(<[_]>::len),
            Some(1)
        );
        let deep = items[1].get("deep").and_then(|d| d.get("z")).unwrap();
        assert_eq!(
            deep.as_str(),
            Some("true"),
            "a plain `true` is text, not a boolean"
        );
        assert_eq!(back.get("bool").map(|n| &n.value), Some(&Value::Bool(true)));
        assert_eq!(back.get("int").map(|n| &n.value), Some(&Value::Int(30)));
        assert_eq!(
            back.get("not-a-number").and_then(|n| n.as_str()),
            Some("3 0")
        );
        assert_eq!(back.get("dotted.key").and_then(|n| n.as_str()), Some("v"));
    }
}
