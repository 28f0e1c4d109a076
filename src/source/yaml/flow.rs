//! The flow-collection limit, checked on the text before it is parsed.
//!
//! saphyr-parser holds every token of a flow collection (`[...]`, `{...}`) that starts where a
//! key could start until the collection ends, since the whole collection might turn out to be
//! a key: no value reaches the builder, and so the node budget, before then. Its tokens cost
//! about 0.5 KB per sequence entry and 1 KB per mapping entry (300,000 entries peaked at 166 MB
//! and 304 MB). So the entries of each outermost flow collection are counted here first, in
//! one pass over the text, and a collection with more than [`Limits::max_flow_entries`] is
//! refused before the parser sees it.
//!
//! The count is a lower bound of the entries, so it never refuses a collection within the
//! limit: it counts the commas between entries, outside quoted scalars and comments. A `[` or
//! `{` opens a collection where a flow collection can start (after indentation, `- `, `: `,
//! `? `, another flow indicator, an anchor or a tag), not inside a plain scalar
//! (`see [docs]`), and block scalars (`|`, `>`) are skipped.

use super::Limits;
use super::YamlError;
use crate::diagnostic::{Code, Pos, Span};

/// The error for the first outermost flow collection of `text` with more than
/// [`Limits::max_flow_entries`] entries, at its opening bracket.
pub(super) fn check(text: &str, limits: &Limits) -> Result<(), YamlError> {
    let mut s = Scan::default();
    let max = limits.max_flow_entries;
    for line in text.split_inclusive('\n') {
        s.line += 1;
        if s.in_block_scalar(line) {
            continue;
        }
        s.scan_line(line);
        if s.commas > max {
            return Err(too_many(max, s.opened));
        }
    }
    Ok(())
}

#[derive(Default)]
struct Scan {
    /// 1-based line of the line being scanned.
    line: u32,
    /// Flow depth (0: block context).
    depth: usize,
    /// Commas in the current outermost flow collection.
    commas: usize,
    /// Where the current outermost flow collection opened.
    opened: Pos,
    /// The open quote, if inside a quoted scalar.
    quote: Option<char>,
    /// The indentation of the line that introduced a block scalar, while inside one.
    block: Option<usize>,
}

impl Scan {
    /// Whether `line` belongs to a block scalar (more indented than its header line, or blank).
    fn in_block_scalar(&mut self, line: &str) -> bool {
        let Some(parent) = self.block else {
            return false;
        };
        let indent = line.len() - line.trim_start_matches(' ').len();
        if line.trim().is_empty() || indent > parent {
            return true;
        }
        self.block = None;
        false
    }

    fn scan_line(&mut self, line: &str) {
        let indent = line.len() - line.trim_start_matches(' ').len();
        // At a token start, a bracket opens a collection and a quote a quoted scalar.
        let mut start = true;
        let mut prev = ' ';
        // The first character of the word being read (a blank between words).
        let mut word = ' ';
        let mut col = 0u32;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            col += 1;
            if let Some(q) = self.quote {
                if c == '\\' && q == '"' {
                    chars.next();
                    col += 1;
                } else if c == q {
                    // `''` inside a single-quoted scalar is an escaped quote.
                    if q == '\'' && chars.peek() == Some(&'\'') {
                        chars.next();
                        col += 1;
                    } else {
                        self.quote = None;
                    }
                }
                prev = c;
                continue;
            }
            match c {
                '#' if prev == ' ' || prev == '\t' => return,
                '"' | '\'' if start => self.quote = Some(c),
                '[' | '{' if start || self.depth > 0 => {
                    if self.depth == 0 {
                        self.commas = 0;
                        self.opened = Pos {
                            line: self.line,
                            col,
                        };
                    }
                    self.depth += 1;
                }
                ']' | '}' if self.depth > 0 => self.depth -= 1,
                ',' if self.depth > 0 => self.commas += 1,
                '|' | '>' if start && self.depth == 0 => {
                    self.block = Some(indent);
                    return;
                }
                _ => {}
            }
            let blank = matches!(c, ' ' | '\t');
            if !blank && matches!(prev, ' ' | '\t') {
                word = c;
            }
            start = match c {
                // An anchor or a tag is followed by the node it belongs to.
                _ if blank => start || matches!(prev, ':' | '-' | '?') || matches!(word, '&' | '!'),
                '[' | '{' | ',' => true,
                _ => false,
            };
            if blank {
                word = ' ';
            }
            prev = c;
        }
    }
}

fn too_many(max: usize, at: Pos) -> YamlError {
    YamlError {
        code: Code::YamlLimit,
        message: format!(
            "a flow collection (`[...]` or `{{...}}`) with more than {max} entries, the limit of entries in one flow collection"
        ),
        help: Some(
            "write it as block YAML, one entry per line: a parser holds a whole flow collection in memory before it can tell what it is".into(),
        ),
        span: Span { start: at, end: at },
        related: None,
    }
}
