//! YAML 1.2 text → a spanned node tree, with limits.
//!
//! Parsing uses `saphyr-parser`, a maintained YAML 1.2 event parser whose events carry source
//! markers (`serde_yaml` is deprecated upstream and `yaml-rust` is unmaintained). Building the
//! tree ourselves, from events (`builder`), is what lets us enforce what a contract tool
//! needs and a general loader does not: duplicate keys are errors, nesting depth is bounded,
//! and every alias expansion is charged against a node budget before it is copied. The event
//! parser is a state machine, not a recursive descent, so 20,000 nested brackets cannot
//! overflow the stack either.
//!
//! Scalars resolve with the YAML 1.2 core schema (`scalar`). The `<<` merge key of YAML 1.1
//! is an ordinary key here (and so an unknown field for the schema). `offsets` turns the
//! parser's character markers into positions and byte offsets.
//!
//! The tree types and the limits live in [`super::tree`] and [`super::limits`]; they are
//! re-exported here, where callers have always found them.

mod builder;
mod flow;
mod offsets;
mod scalar;

use saphyr_parser::{Event, Parser, ScanError};

use crate::diagnostic::{Code, Span};

pub use super::limits::Limits;
pub use super::tree::{Key, Node, Value, YamlDocument};

/// Why a file could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// `yaml-syntax`, `duplicate-key` or `yaml-limit`.
    pub code: Code,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// Where.
    pub span: Span,
    /// A related location (the first occurrence of a duplicate key).
    pub related: Option<(Span, String)>,
}

/// Whether `s`, written as a plain scalar, reads back as text under the YAML 1.2 core schema
/// (not `null`, a boolean or a number). For writers of YAML (`slagate import`).
pub fn plain_is_text(s: &str) -> bool {
    scalar::resolve_plain(s).is_none()
}

/// Parses every document of `text` into spanned trees, enforcing `limits` (except the byte
/// limit, which [`super::decode`] applies before the text exists).
pub fn parse(text: &str, limits: &Limits) -> Result<Vec<YamlDocument>, YamlError> {
    lone_carriage_return(text)?;
    flow::check(text, limits)?;
    let mut parser = Parser::new(super::input::TextInput::new(text));
    let mut builder = builder::Builder::new(text, limits);
    while let Some(event) = parser.next_event() {
        let (event, span) = event.map_err(|e| syntax_error(&e, text, limits))?;
        if matches!(event, Event::StreamEnd) {
            break;
        }
        builder.event(event, span)?;
    }
    Ok(builder.finish())
}

/// A carriage return not followed by a line feed (old Mac line endings) is refused: YAML
/// counts it as a line break, git, GitHub and the snippets count lines by line feeds, so every
/// position after it would name another line than the one a reader sees.
fn lone_carriage_return(text: &str) -> Result<(), YamlError> {
    let b = text.as_bytes();
    let Some(at) = memchr_cr(b) else {
        return Ok(());
    };
    let before = &text[..at];
    let line = before.bytes().filter(|&c| c == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..at].chars().count() + 1;
    let pos = crate::diagnostic::Pos {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        col: u32::try_from(col).unwrap_or(u32::MAX),
    };
    Err(YamlError {
        code: Code::YamlSyntax,
        message: "a carriage return without a line feed: lines must end with LF or CRLF".into(),
        help: Some(
            "convert the file's line endings to LF (or CRLF), e.g. with `dos2unix -c mac`".into(),
        ),
        span: Span {
            start: pos,
            end: pos,
        },
        related: None,
    })
}

/// The first `\r` not followed by `\n`.
fn memchr_cr(b: &[u8]) -> Option<usize> {
    (0..b.len()).find(|&i| b[i] == b'\r' && b.get(i + 1) != Some(&b'\n'))
}

/// A scanner error as a finding at its position. The scanner reports a tab found while
/// scanning a plain scalar at the scalar's start, which may be lines above, and a tab in
/// indentation just after it: the finding points at the tab itself.
fn syntax_error(err: &ScanError, text: &str, limits: &Limits) -> YamlError {
    let mut at = offsets::pos(*err.marker());
    let index = err.marker().index();
    if err.info().contains("found a tab") {
        at = next_tab(text, index, at);
    } else if err.info().contains("tabs disallowed") {
        // From the start of the marker's line.
        let line_start = crate::diagnostic::Pos { col: 1, ..at };
        at = next_tab(text, index + 1 - at.col as usize, line_start);
    }
    let at = within(text, at);
    let at = Span { start: at, end: at };
    // The scanner bounds flow nesting itself; report that as the limit it is.
    if err.info().contains("recursion limit") {
        return limits.too_deep(at);
    }
    YamlError {
        code: Code::YamlSyntax,
        message: err.info().to_string(),
        help: Some("check indentation, quotes and brackets near this position".into()),
        span: at,
        related: None,
    }
}

/// `at`, or the end of `text` when `at` is past it: at the end of a file without a final line
/// break the scanner reports the line after the last one (found by `scripts/fuzz.sh`).
fn within(text: &str, at: crate::diagnostic::Pos) -> crate::diagnostic::Pos {
    let last = text.rsplit('\n').next().unwrap_or_default();
    let lines = text.split('\n').count() as u32;
    if at.line > lines {
        crate::diagnostic::Pos {
            line: lines,
            col: last.chars().count() as u32 + 1,
        }
    } else {
        at
    }
}

/// The position of the first tab at or after character `index` (at `from`), else `from`.
fn next_tab(text: &str, index: usize, from: crate::diagnostic::Pos) -> crate::diagnostic::Pos {
    let mut at = from;
    for c in text.chars().skip(index) {
        match c {
            '\t' => return at,
            '\n' => {
                at.line += 1;
                at.col = 1;
            }
            _ => at.col += 1,
        }
    }
    from
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    fn load(text: &str) -> Result<Vec<YamlDocument>, YamlError> {
        parse(text, &Limits::default())
    }

    #[test]
    fn scalars_resolve_with_the_core_schema() {
        let docs = load("a: 1\nb: 1.5\nc: yes\nd: 2026-01-31\ne: '1'\nf: ~\ng: true\nh: 0x1F\ni: \">= 99.9%\"\n").unwrap();
        let root = &docs[0].root;
        assert_eq!(root.get("a").unwrap().value, Value::Int(1));
        assert_eq!(root.get("b").unwrap().value, Value::Float(1.5));
        assert_eq!(root.get("c").unwrap().value, Value::Str("yes".into()));
        assert_eq!(
            root.get("d").unwrap().value,
            Value::Str("2026-01-31".into())
        );
        assert_eq!(root.get("e").unwrap().value, Value::Str("1".into()));
        assert_eq!(root.get("f").unwrap().value, Value::Null);
        assert_eq!(root.get("g").unwrap().value, Value::Bool(true));
        assert_eq!(root.get("h").unwrap().value, Value::Int(31));
        assert_eq!(root.get("i").unwrap().as_str(), Some(">= 99.9%"));
    }

    /// Found by the `load` fuzz target: a syntax error at the end of a file without a final
    /// line break pointed at a line the file does not have.
    #[test]
    fn a_syntax_error_at_the_end_of_the_file_points_inside_it() {
        let text = "a:\n  b: [x]\n  vice 96Japcredits";
        let e = load(text).unwrap_err();
        assert_eq!(e.code, Code::YamlSyntax, "{}", e.message);
        // Three lines; the last, `  vice 96Japcredits`, is 19 characters, so the end of the
        // file is line 3, column 20.
        assert_eq!(e.span.start, crate::diagnostic::Pos { line: 3, col: 20 });
        assert_eq!(
            within("a\n", crate::diagnostic::Pos { line: 2, col: 1 }).line,
            2
        );
    }

    #[test]
    fn a_carriage_return_without_a_line_feed_is_refused_where_it_is() {
        // Found by fuzzing: YAML reads a lone CR as a line break, so a finding pointed at
        // line 127 of a file git shows as 2 lines. `a: 1` then CR at line 2, column 5.
        let e = load("x: 0\na: 1\rb: 2\n").unwrap_err();
        assert_eq!(e.code, Code::YamlSyntax);
        assert_eq!(e.span.start, crate::diagnostic::Pos { line: 2, col: 5 });
        assert!(
            e.message.contains("carriage return without a line feed"),
            "{}",
            e.message
        );
        // CRLF is a line ending, a tab or an escaped `\r` in a string is text.
        assert!(load("a: 1\r\nb: \"x\\ry\"\r\n").is_ok());
    }

    #[test]
    fn spans_are_one_based_lines_and_columns() {
        let docs = load("spec:\n  target: \">= 99.9%\"\n").unwrap();
        let target = docs[0].root.get("spec").unwrap().get("target").unwrap();
        assert_eq!(
            target.span.start,
            crate::diagnostic::Pos { line: 2, col: 11 }
        );
        let key = docs[0].root.get("spec").unwrap().get_key("target").unwrap();
        assert_eq!(key.span.start, crate::diagnostic::Pos { line: 2, col: 3 });
    }

    #[test]
    fn scalar_spans_end_at_the_scalar_not_the_comment() {
        let docs = load("a: \"x y\"  # c\nb: 'it''s'  # c\nc: plain text  # c\nd: [\"q\", p]  # c\ne: \"a\\\"b\" # c\n").unwrap();
        let end = |k: &str| docs[0].root.get(k).unwrap().span.end.col;
        assert_eq!(end("a"), 9);
        assert_eq!(end("b"), 11);
        assert_eq!(end("c"), 14);
        assert_eq!(
            docs[0].root.get("d").unwrap().as_seq().unwrap()[0]
                .span
                .end
                .col,
            8
        );
        assert_eq!(end("e"), 10);
    }

    #[test]
    fn scalar_spans_count_characters_in_non_ascii_files() {
        let docs = load("é: \"x ü\"  # c\nb: 'ü''s'  # ü\nc: plain ü text  # c\n").unwrap();
        let span = |k: &str| docs[0].root.get(k).unwrap().span;
        assert_eq!((span("é").start.col, span("é").end.col), (4, 9));
        assert_eq!((span("b").start.col, span("b").end.col), (4, 10));
        assert_eq!((span("c").start.col, span("c").end.col), (4, 16));
    }

    #[test]
    fn a_long_line_of_non_ascii_text_keeps_exact_spans() {
        // One line of 20,000 entries (a flow mapping, as a JSON file would be): every span is
        // found by walking forward, never from the start of the line again.
        let n = 20_000;
        let entries: Vec<String> = (0..n).map(|i| format!("k{i}: \"é{i}\"")).collect();
        let text = format!("{{{}}}\n", entries.join(", "));
        let docs = load(&text).unwrap();
        let last = docs[0].root.get(&format!("k{}", n - 1)).unwrap();
        let written = format!("\"é{}\"", n - 1);
        let col = text.chars().count() - 1 - 1 - written.chars().count() + 1;
        assert_eq!(last.span.start.col as usize, col);
        assert_eq!(
            (last.span.end.col - last.span.start.col) as usize,
            written.chars().count()
        );
    }

    #[test]
    fn duplicate_keys_are_errors_pointing_at_both() {
        let err = load("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(err.code, Code::DuplicateKey);
        assert_eq!(err.span.start.line, 3);
        assert_eq!(err.related.unwrap().0.start.line, 1);
        assert!(err.message.contains("`a`"));
    }

    #[test]
    fn duplicate_keys_are_found_in_large_mappings() {
        let mut text: String = (0..40).fold(String::new(), |mut t, i| {
            writeln!(t, "k{i}: {i}").unwrap();
            t
        });
        text.push_str("k7: again\n");
        let err = load(&text).unwrap_err();
        assert_eq!(err.code, Code::DuplicateKey);
        assert_eq!(err.span.start.line, 41);
    }

    #[test]
    fn multiple_documents_are_kept_apart() {
        let docs = load("a: 1\n---\nb: 2\n---\n").unwrap();
        assert_eq!(docs.len(), 3);
        assert_eq!(docs[2].root.value, Value::Null);
        assert!(load("# only a comment\n").unwrap().is_empty());
        assert!(load("").unwrap().is_empty());
    }

    #[test]
    fn alias_bombs_are_refused_quickly() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
        for w in names.windows(2) {
            let refs = vec![format!("*{}", w[0]); 10].join(", ");
            writeln!(text, "{}: &{} [{refs}]", w[1], w[1]).unwrap();
        }
        let start = std::time::Instant::now();
        let err = load(&text).unwrap_err();
        assert_eq!(err.code, Code::YamlLimit);
        assert!(err.message.contains("alias"), "{}", err.message);
        // Not a timing assertion on speed; a sanity bound that catches an accidental expansion.
        assert!(start.elapsed().as_secs() < 5);
    }

    #[test]
    fn the_value_and_document_limits_say_which_limit_it_is() {
        // 300,000 block entries: 1 sequence + 300,000 scalars, past the 250,000 values of the
        // default budget, with no alias at all.
        let text = "- 1\n".repeat(300_000);
        let err = load(&text).unwrap_err();
        assert_eq!(err.code, Code::YamlLimit);
        assert!(
            err.message.contains("more than 250000 values")
                && err.message.contains("in one file")
                && !err.message.contains("alias"),
            "{}",
            err.message
        );
        assert!(!err.help.unwrap().contains("billion"));
        // 5,001 documents of three values each (15,003 values, within the budget): the
        // document limit, 1,000, refuses the 1,001st, which starts on line 1,001.
        let text = "a: 1\n---\n".repeat(5_000);
        let err = load(&text).unwrap_err();
        assert_eq!(err.code, Code::YamlLimit);
        assert!(
            err.message.contains("more than 1000 YAML documents"),
            "{}",
            err.message
        );
        // Document k >= 2 starts at the `---` on line 2(k-1); the 1,001st at line 2,000.
        assert_eq!(err.span.start.line, 2_000);
        // Exactly 1,000 documents load: 999 followed by `---`, and a last one.
        let text = format!("{}a: 1\n", "a: 1\n---\n".repeat(999));
        assert_eq!(load(&text).unwrap().len(), 1_000);
    }

    #[test]
    fn a_flow_collection_over_its_entry_limit_is_refused_before_parsing() {
        let seq = |n: usize| vec!["1"; n].join(",");
        // 300,000 flow entries (the file) are refused by the flow limit, at `[`.
        let err = load(&format!("a: 1\nb: [{}]\n", seq(300_000))).unwrap_err();
        assert_eq!(err.code, Code::YamlLimit);
        assert!(
            err.message.contains("flow collection")
                && err.message.contains("more than 30000 entries"),
            "{}",
            err.message
        );
        assert_eq!((err.span.start.line, err.span.start.col), (2, 4));
        // n entries have n - 1 commas, and the commas are counted: 30,002 entries (30,001
        // commas) are refused, 30,001 (30,000 commas) are not.
        assert_eq!(
            load(&format!("[{}]\n", seq(30_002))).unwrap_err().code,
            Code::YamlLimit
        );
        assert_eq!(
            load(&format!("[{}]\n", seq(30_001))).unwrap()[0]
                .root
                .as_seq()
                .unwrap()
                .len(),
            30_001
        );
        // A mapping nested in a sequence counts as one collection: 15,001 entries of two
        // values, {a: 1, b: 1}: 15,000 separating commas plus 15,001 inner ones = 30,001.
        let maps = vec!["{a: 1, b: 1}"; 15_001].join(", ");
        assert_eq!(
            load(&format!("x: &anchor [{maps}]\n")).unwrap_err().code,
            Code::YamlLimit
        );
        // Commas that separate nothing are not counted: in quotes, comments, plain scalars
        // and block scalars, 40,000 of each (more than the limit), in a file that loads.
        let commas = ",".repeat(40_000);
        let text = format!(
            "a: \"[{commas}\"\nb: '[{commas}'\nc: see [docs]{commas}\nd: |\n  [{commas}\ne: [x] # {commas}\nf: [\"x,{commas}\", 'it''s,{commas}', 2]\n"
        );
        let docs = load(&text).unwrap();
        assert_eq!(docs[0].root.get("f").unwrap().as_seq().unwrap().len(), 3);
    }

    #[test]
    fn aliases_within_budget_are_copied() {
        let docs = load("base: &b {x: 1}\nother: *b\n").unwrap();
        assert_eq!(
            docs[0].root.get("other").unwrap().get("x").unwrap().value,
            Value::Int(1)
        );
        let err = load("a: *missing\n").unwrap_err();
        assert_eq!(err.code, Code::YamlSyntax);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = format!("{}{}", "[".repeat(20_000), "]".repeat(20_000));
        let err = load(&text).unwrap_err();
        assert_eq!(err.code, Code::YamlLimit);
        assert!(err.message.contains("64"), "{}", err.message);
        let text = format!("a: {}1{}", "{b: ".repeat(100), "}".repeat(100));
        assert_eq!(load(&text).unwrap_err().code, Code::YamlLimit);
    }

    #[test]
    fn a_tab_is_reported_where_it_is() {
        // (text, line and column of the tab): the tab starts line 2 in each.
        for (text, line, col) in [
            ("a: 1\n\tb: 2\n", 2, 1),
            ("a:\n  - x\n\t- y\n", 3, 1),
            ("key:\n  x: 1\n\t y: 2\n", 3, 1),
            ("a:\n\tb: 1\n", 2, 1),
        ] {
            let err = load(text).unwrap_err();
            assert_eq!(err.code, Code::YamlSyntax, "{text:?}");
            assert!(err.message.contains("tab"), "{text:?}: {}", err.message);
            assert_eq!(
                (err.span.start.line, err.span.start.col),
                (line, col),
                "{text:?}: {}",
                err.message
            );
        }
    }

    #[test]
    fn syntax_errors_have_positions() {
        let err = load("a: [1, 2\nb: 3\n").unwrap_err();
        assert_eq!(err.code, Code::YamlSyntax);
        assert!(err.span.start.line >= 1);
        let err = load("a: \"open\n").unwrap_err();
        assert_eq!(err.code, Code::YamlSyntax);
    }

    #[test]
    fn every_tag_but_the_failsafe_ones_is_refused_where_it_is_written() {
        // (text, the tag as the message names it, line, column of the tagged node)
        let cases = [
            ("a: !!float 7\n", "!!float", 1, 4),
            ("a: 1\nb: !!binary aGVsbG8=\n", "!!binary", 2, 4),
            (
                "a: !!python/object:os.system x\n",
                "!!python/object:os.system",
                1,
                4,
            ),
            ("a: !!int '7'\n", "!!int", 1, 4),
            ("a: !!bool true\n", "!!bool", 1, 4),
            ("a: !!null ''\n", "!!null", 1, 4),
            ("a: !!timestamp 2026-01-01\n", "!!timestamp", 1, 4),
            ("a:\n  - !!map {}\n  - !!seq {x: 1}\n", "!!seq", 3, 5),
            ("a: !!str [1]\n", "!!str", 1, 4),
            ("!!binary k: v\n", "!!binary", 1, 1),
            (
                "%TAG !! tag:evil.example,2026:\n---\na: !!str x\n",
                "tag:evil.example,2026:str",
                3,
                4,
            ),
            ("a: !local x\n", "!local", 1, 4),
        ];
        for (text, tag, line, col) in cases {
            let err = load(text).unwrap_err();
            assert_eq!(err.code, Code::YamlSyntax, "{text:?}");
            assert!(
                err.message.contains(&format!("tag `{tag}` is not allowed")),
                "{text:?}: {}",
                err.message
            );
            assert_eq!(
                (err.span.start.line, err.span.start.col),
                (line, col),
                "{text:?}"
            );
        }
        // The failsafe tags change nothing and are accepted where they belong.
        let docs = load("a: !!str 12\nb: !!seq [1]\nc: !!map {x: 1}\n").unwrap();
        assert_eq!(docs[0].root.get("a").unwrap().as_str(), Some("12"));
        assert_eq!(
            docs[0].root.get("b").unwrap().as_seq().map(<[_]>::len),
            Some(1)
        );
        assert!(docs[0].root.get("c").unwrap().get("x").is_some());
    }

    #[test]
    fn custom_tags_and_complex_keys_are_refused() {
        assert_eq!(load("a: !secret x\n").unwrap_err().code, Code::YamlSyntax);
        assert_eq!(load("? [a, b]\n: 1\n").unwrap_err().code, Code::YamlSyntax);
        assert_eq!(
            load("a: !!str 12\n").unwrap()[0]
                .root
                .get("a")
                .unwrap()
                .as_str(),
            Some("12")
        );
    }

    #[test]
    fn json_conversion_keeps_types() {
        let docs = load("a: [1, 1.5, x, null, true]\n").unwrap();
        assert_eq!(
            docs[0].root.to_json(),
            serde_json::json!({"a": [1, 1.5, "x", null, true]})
        );
    }
}
