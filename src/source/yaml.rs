//! YAML 1.2 text → a spanned node tree, with limits.
//!
//! Parsing uses `saphyr-parser`, a maintained YAML 1.2 event parser whose events carry source
//! markers (`serde_yaml` is deprecated upstream and `yaml-rust` is unmaintained). Building the
//! tree ourselves, from events, is what lets us enforce what a contract tool needs and a
//! general loader does not: duplicate keys are errors, nesting depth is bounded, and every
//! alias expansion is charged against a node budget before it is copied, so an alias bomb is
//! refused in microseconds instead of exhausting memory. The event parser is a state machine,
//! not a recursive descent, so 20,000 nested brackets cannot overflow the stack either.
//!
//! Scalars resolve with the YAML 1.2 core schema: `yes`/`no`/`on`/`off` stay strings, and an
//! unquoted `2026-01-31` is a string, not a timestamp. The `<<` merge key of YAML 1.1 is an
//! ordinary key here (and so an unknown field for the schema).

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, ScanError, Tag};

use crate::diagnostic::{Code, Span};

/// Loader limits. The defaults are far above any real agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file accepted, in bytes.
    pub max_bytes: usize,
    /// Deepest nesting of sequences and mappings.
    pub max_depth: usize,
    /// Most nodes in one file, counting every copy an alias makes.
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_bytes: 8 * 1024 * 1024,
            max_depth: 64,
            max_nodes: 250_000,
        }
    }
}

/// A mapping key: always a scalar, kept as text.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    /// The key's text.
    pub name: String,
    /// Where the key is written.
    pub span: Span,
}

/// A YAML value with the span of its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where it is written.
    pub span: Span,
}

/// The YAML 1.2 core-schema value kinds.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`, `~` or nothing.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer that fits in 64 bits.
    Int(i64),
    /// Any other number.
    Float(f64),
    /// Text (every quoted scalar, and plain scalars that are not one of the above).
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in source order.
    Map(Vec<(Key, Node)>),
}

/// One document of a file.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlDocument {
    /// The document's root node.
    pub root: Node,
}

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

impl Node {
    /// The value under `key`, if this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The key entry under `key` (for pointing at the key itself).
    pub fn get_key(&self, key: &str) -> Option<&Key> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.name == key).map(|(k, _)| k),
            _ => None,
        }
    }

    /// The text, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The items, if this is a sequence.
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// The entries, if this is a mapping.
    pub fn as_map(&self) -> Option<&[(Key, Node)]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// A short name of the value's kind, for messages.
    pub fn kind_name(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) => "integer",
            Value::Float(_) => "number",
            Value::Str(_) => "string",
            Value::Seq(_) => "sequence",
            Value::Map(_) => "mapping",
        }
    }

    /// The JSON value the schema validates.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            // NaN and infinities have no JSON form; as strings they still fail a `type` check.
            Value::Float(f) => {
                serde_json::Number::from_f64(*f).map_or_else(|| J::String(f.to_string()), J::Number)
            }
            Value::Str(s) => J::String(s.clone()),
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => J::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.name.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

fn pos(m: Marker) -> crate::diagnostic::Pos {
    crate::diagnostic::Pos {
        line: u32::try_from(m.line()).unwrap_or(u32::MAX),
        col: u32::try_from(m.col() + 1).unwrap_or(u32::MAX),
    }
}

fn span(s: saphyr_parser::Span) -> Span {
    Span {
        start: pos(s.start),
        end: pos(s.end),
    }
}

fn syntax_error(err: &ScanError, limits: &Limits) -> YamlError {
    let at = pos(*err.marker());
    // The scanner bounds flow nesting itself; report that as the limit it is.
    if err.info().contains("recursion limit") {
        return YamlError {
            code: Code::YamlLimit,
            message: format!("nesting deeper than {} levels", limits.max_depth),
            help: Some(
                "an SLA document needs fewer than ten levels; check for unbalanced brackets".into(),
            ),
            span: Span { start: at, end: at },
            related: None,
        };
    }
    YamlError {
        code: Code::YamlSyntax,
        message: err.info().to_string(),
        help: Some("check indentation, quotes and brackets near this position".into()),
        span: Span { start: at, end: at },
        related: None,
    }
}

/// An open collection. Its finished children wait in the builder's shared `items` or
/// `entries` stack from index `first` on, and move into an exactly sized vector when it
/// closes: one allocation per collection instead of a vector grown push by push.
enum Frame {
    Seq {
        first: usize,
        start: Span,
        anchor: usize,
    },
    Map {
        first: usize,
        pending: Option<Key>,
        start: Span,
        anchor: usize,
        index: Option<HashMap<String, usize>>,
    },
}

/// Above this many entries a mapping indexes its keys, so duplicate detection stays linear.
const INDEX_AT: usize = 16;

struct Builder<'l> {
    limits: &'l Limits,
    stack: Vec<Frame>,
    items: Vec<Node>,
    entries: Vec<(Key, Node)>,
    anchors: HashMap<usize, (Node, usize)>,
    sizes: Vec<usize>,
    nodes: usize,
    root: Option<Node>,
}

impl Builder<'_> {
    fn charge(&mut self, count: usize, at: Span) -> Result<(), YamlError> {
        self.nodes = self.nodes.saturating_add(count);
        if self.nodes > self.limits.max_nodes {
            return Err(YamlError {
                code: Code::YamlLimit,
                message: format!(
                    "more than {} values after alias expansion",
                    self.limits.max_nodes
                ),
                help: Some(
                    "aliases that expand to other aliases multiply in size (a \"billion laughs\" file); write the values out or use fewer aliases".into(),
                ),
                span: at,
                related: None,
            });
        }
        Ok(())
    }

    fn open(&mut self, frame: Frame, at: Span) -> Result<(), YamlError> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(YamlError {
                code: Code::YamlLimit,
                message: format!("nesting deeper than {} levels", self.limits.max_depth),
                help: Some(
                    "an SLA document needs fewer than ten levels; check for unbalanced brackets"
                        .into(),
                ),
                span: at,
                related: None,
            });
        }
        self.charge(1, at)?;
        self.stack.push(frame);
        self.sizes.push(1);
        Ok(())
    }

    /// Closes the innermost collection at `end` and attaches it to its parent.
    fn close(&mut self, end: Span) -> Result<(), YamlError> {
        let frame = self
            .stack
            .pop()
            .expect("the parser balances start and end events");
        let size = self.sizes.pop().expect("sizes follow the stack");
        let (value, start, anchor) = match frame {
            Frame::Seq {
                first,
                start,
                anchor,
            } => (
                Value::Seq(self.items.drain(first..).collect()),
                start,
                anchor,
            ),
            Frame::Map {
                first,
                start,
                anchor,
                ..
            } => (
                Value::Map(self.entries.drain(first..).collect()),
                start,
                anchor,
            ),
        };
        let span = Span {
            start: start.start,
            end: end.start.max(start.end),
        };
        self.complete(Node { value, span }, size, anchor)
    }

    /// Attaches a finished node to its parent (or makes it the root), recording its anchor.
    fn complete(&mut self, node: Node, size: usize, anchor: usize) -> Result<(), YamlError> {
        if anchor != 0 {
            self.anchors.insert(anchor, (node.clone(), size));
        }
        if let Some(parent) = self.sizes.last_mut() {
            *parent = parent.saturating_add(size);
        }
        match self.stack.last_mut() {
            None => {
                self.root = Some(node);
                Ok(())
            }
            Some(Frame::Seq { .. }) => {
                self.items.push(node);
                Ok(())
            }
            Some(Frame::Map {
                first,
                pending,
                index,
                ..
            }) => {
                if let Some(key) = pending.take() {
                    self.entries.push((key, node));
                    return Ok(());
                }
                let name = match node.value {
                    Value::Str(s) => s,
                    Value::Null => String::new(),
                    Value::Bool(b) => b.to_string(),
                    Value::Int(i) => i.to_string(),
                    Value::Float(f) => f.to_string(),
                    Value::Seq(_) | Value::Map(_) => {
                        return Err(YamlError {
                            code: Code::YamlSyntax,
                            message: "a mapping key must be a scalar, not a collection".into(),
                            help: Some("write the key as plain text".into()),
                            span: node.span,
                            related: None,
                        });
                    }
                };
                let entries = &self.entries[*first..];
                let previous = match index {
                    Some(map) => map.get(&name).copied(),
                    None => entries.iter().position(|(k, _)| k.name == name),
                };
                if let Some(i) = previous {
                    let first = entries[i].0.span;
                    return Err(YamlError {
                        code: Code::DuplicateKey,
                        message: format!(
                            "duplicate key `{name}`, first defined on line {}",
                            first.start.line
                        ),
                        help: Some(
                            "remove one of the two; YAML tools disagree on which value wins".into(),
                        ),
                        span: node.span,
                        related: Some((first, format!("`{name}` first defined here"))),
                    });
                }
                if let Some(map) = index {
                    map.insert(name.clone(), entries.len());
                } else if entries.len() + 1 >= INDEX_AT {
                    let mut map: HashMap<String, usize> = entries
                        .iter()
                        .enumerate()
                        .map(|(i, (k, _))| (k.name.clone(), i))
                        .collect();
                    map.insert(name.clone(), entries.len());
                    *index = Some(map);
                }
                // The value is attached when it completes; until then the key waits here.
                *pending = Some(Key {
                    name,
                    span: node.span,
                });
                Ok(())
            }
        }
    }
}

fn tag_is(tag: Option<&Cow<'_, Tag>>, suffix: &str) -> bool {
    tag.is_some_and(|t| t.is_yaml_core_schema() && t.suffix == suffix)
}

fn resolve_scalar(
    text: Cow<'_, str>,
    style: ScalarStyle,
    tag: Option<&Cow<'_, Tag>>,
    at: Span,
) -> Result<Value, YamlError> {
    if let Some(t) = tag {
        if !t.is_yaml_core_schema() {
            return Err(YamlError {
                code: Code::YamlSyntax,
                message: format!("unsupported tag `{}{}`", t.handle, t.suffix),
                help: Some("remove the tag; SLA documents use plain YAML values".into()),
                span: at,
                related: None,
            });
        }
        if tag_is(tag, "str") {
            return Ok(Value::Str(text.into_owned()));
        }
    }
    if style != ScalarStyle::Plain {
        return Ok(Value::Str(text.into_owned()));
    }
    Ok(resolve_plain(&text).unwrap_or_else(|| Value::Str(text.into_owned())))
}

/// The YAML 1.2 core schema's resolution of a plain scalar (spec 10.3.2), `None` for strings.
fn resolve_plain(s: &str) -> Option<Value> {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Value::Null),
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Some(Value::Float(f64::INFINITY));
        }
        "-.inf" | "-.Inf" | "-.INF" => return Some(Value::Float(f64::NEG_INFINITY)),
        ".nan" | ".NaN" | ".NAN" => return Some(Value::Float(f64::NAN)),
        _ => {}
    }
    let bytes = s.as_bytes();
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) {
        return Some(
            s.parse::<i64>()
                .map_or_else(|_| Value::Float(s.parse().unwrap_or(f64::NAN)), Value::Int),
        );
    }
    if let Some(oct) = s.strip_prefix("0o") {
        if !oct.is_empty() && oct.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
            return i64::from_str_radix(oct, 8).ok().map(Value::Int);
        }
    }
    if let Some(hex) = s.strip_prefix("0x") {
        if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return i64::from_str_radix(hex, 16).ok().map(Value::Int);
        }
    }
    // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
    let mut i = usize::from(matches!(bytes.first(), Some(b'-' | b'+')));
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < bytes.len() && bytes[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    let int_digits = digits(&mut i);
    let mut frac_digits = 0;
    if i < bytes.len() && bytes[i] == b'.' {
        i += 1;
        frac_digits = digits(&mut i);
    } else if int_digits == 0 {
        return None;
    }
    if int_digits == 0 && frac_digits == 0 {
        return None;
    }
    if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
        i += 1;
        if i < bytes.len() && (bytes[i] == b'-' || bytes[i] == b'+') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return None;
        }
    }
    if i != bytes.len() {
        return None;
    }
    s.parse::<f64>().ok().map(Value::Float)
}

/// How many characters of `written`, the text a one-line scalar's markers cover, are the
/// scalar itself: the scanner's end marker may include the spaces and comment after it
/// (`a: "x"  # note`).
fn scalar_len(written: &str) -> usize {
    let b = written.as_bytes();
    let end = match b.first() {
        Some(b'"') => {
            let mut i = 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            (i + 1).min(b.len())
        }
        Some(b'\'') => {
            let mut i = 1;
            while i < b.len() {
                if b[i] == b'\'' {
                    if b.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    break;
                }
                i += 1;
            }
            (i + 1).min(b.len())
        }
        _ => {
            // `contains` on bytes is a `memchr`: most scalars have no `#` to look at.
            let cut = if b.contains(&b'#') {
                b.windows(2)
                    .position(|w| matches!(w[0], b' ' | b'\t') && w[1] == b'#')
                    .unwrap_or(b.len())
            } else {
                b.len()
            };
            let mut n = cut;
            while n > 0 && matches!(b[n - 1], b' ' | b'\t' | b'\r') {
                n -= 1;
            }
            n
        }
    };
    // Quotes, backslashes, `#` and blanks are ASCII, so `end` is a character boundary.
    written.get(..end).map_or(end, |w| w.chars().count())
}

/// The text between two markers. Markers count characters, not bytes: in an ASCII file
/// (nearly every SLA file) the count is the byte offset; otherwise a cursor walks forward to
/// it. Scalars arrive in source order, so the cursor crosses the file once in all, and a
/// long line of non-ASCII text costs time in proportion to its length, not to its square.
struct Offsets<'t> {
    text: &'t str,
    ascii: bool,
    /// A character index and its byte offset, where the last lookup ended.
    chars: usize,
    bytes: usize,
}

impl<'t> Offsets<'t> {
    fn new(text: &'t str) -> Offsets<'t> {
        Offsets {
            text,
            ascii: text.is_ascii(),
            chars: 0,
            bytes: 0,
        }
    }

    /// The byte offset of character `index` (the text's length past its end).
    fn byte(&mut self, index: usize) -> usize {
        if self.ascii {
            return index.min(self.text.len());
        }
        if index < self.chars {
            // Not expected (scalars come in order), but correct: start over.
            self.chars = 0;
            self.bytes = 0;
        }
        let rest = &self.text[self.bytes..];
        self.bytes += rest
            .char_indices()
            .nth(index - self.chars)
            .map_or(rest.len(), |(i, _)| i);
        self.chars = index;
        self.bytes
    }

    /// The text from marker `start` to marker `end`.
    fn written(&mut self, start: Marker, end: Marker) -> &'t str {
        let from = self.byte(start.index());
        let to = self.byte(end.index().max(start.index()));
        &self.text[from..to]
    }
}

/// Parses every document of `text` into spanned trees, enforcing `limits` (except the byte
/// limit, which [`super::decode`] applies before the text exists).
pub fn parse(text: &str, limits: &Limits) -> Result<Vec<YamlDocument>, YamlError> {
    let mut parser = Parser::new(super::input::TextInput::new(text));
    let mut docs = Vec::new();
    let mut b = Builder {
        limits,
        stack: Vec::new(),
        items: Vec::new(),
        entries: Vec::new(),
        anchors: HashMap::new(),
        sizes: Vec::new(),
        nodes: 0,
        root: None,
    };
    let mut doc_start = Span::file_start();
    let mut offsets = Offsets::new(text);
    while let Some(event) = parser.next_event() {
        let (event, raw_span) = event.map_err(|e| syntax_error(&e, limits))?;
        let at = span(raw_span);
        match event {
            Event::StreamStart | Event::Nothing => {}
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                // Anchors are scoped to their document (YAML 1.2, 9.2).
                b.anchors.clear();
                b.root = None;
                doc_start = at;
            }
            Event::DocumentEnd => {
                let root = b.root.take().unwrap_or(Node {
                    value: Value::Null,
                    span: doc_start,
                });
                docs.push(YamlDocument { root });
            }
            Event::Scalar(value_text, style, anchor, tag) => {
                b.charge(1, at)?;
                let mut at = at;
                if at.start.line == at.end.line
                    && matches!(
                        style,
                        ScalarStyle::Plain | ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted
                    )
                {
                    let len = scalar_len(offsets.written(raw_span.start, raw_span.end));
                    at.end.col = at.start.col.saturating_add(u32::try_from(len).unwrap_or(0));
                }
                let value = resolve_scalar(value_text, style, tag.as_ref(), at)?;
                b.complete(Node { value, span: at }, 1, anchor)?;
            }
            Event::Alias(id) => {
                let Some(size) = b.anchors.get(&id).map(|&(_, size)| size) else {
                    return Err(YamlError {
                        code: Code::YamlSyntax,
                        message: "alias to an anchor that is not defined before it".into(),
                        help: Some("define the anchor (`&name`) before its alias (`*name`)".into()),
                        span: at,
                        related: None,
                    });
                };
                // Charge before copying: the copy is what an alias bomb uses to exhaust memory.
                b.charge(size, at)?;
                let node = Node {
                    value: b.anchors[&id].0.value.clone(),
                    span: at,
                };
                b.complete(node, size, 0)?;
            }
            Event::SequenceStart(anchor, tag) => {
                check_collection_tag(tag.as_ref(), "seq", at)?;
                let first = b.items.len();
                b.open(
                    Frame::Seq {
                        first,
                        start: at,
                        anchor,
                    },
                    at,
                )?;
            }
            Event::MappingStart(anchor, tag) => {
                check_collection_tag(tag.as_ref(), "map", at)?;
                let first = b.entries.len();
                b.open(
                    Frame::Map {
                        first,
                        pending: None,
                        start: at,
                        anchor,
                        index: None,
                    },
                    at,
                )?;
            }
            Event::SequenceEnd | Event::MappingEnd => b.close(at)?,
        }
    }
    Ok(docs)
}

fn check_collection_tag(
    tag: Option<&Cow<'_, Tag>>,
    expected: &str,
    at: Span,
) -> Result<(), YamlError> {
    match tag {
        None => Ok(()),
        Some(t) if t.is_yaml_core_schema() && t.suffix == expected => Ok(()),
        Some(t) => Err(YamlError {
            code: Code::YamlSyntax,
            message: format!("unsupported tag `{}{}`", t.handle, t.suffix),
            help: Some("remove the tag; SLA documents use plain YAML values".into()),
            span: at,
            related: None,
        }),
    }
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
    fn syntax_errors_have_positions() {
        let err = load("a: [1, 2\nb: 3\n").unwrap_err();
        assert_eq!(err.code, Code::YamlSyntax);
        assert!(err.span.start.line >= 1);
        let err = load("a: \"open\n").unwrap_err();
        assert_eq!(err.code, Code::YamlSyntax);
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
