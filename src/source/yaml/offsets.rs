//! Where parser markers point: line/column positions for spans, and byte offsets for the
//! text a scalar is written as.

use saphyr_parser::Marker;

use crate::diagnostic::{Pos, Span};

/// The one-based position of a marker (the parser's lines are one-based, its columns not).
#[inline]
pub(super) fn pos(m: Marker) -> Pos {
    Pos {
        line: u32::try_from(m.line()).unwrap_or(u32::MAX),
        col: u32::try_from(m.col() + 1).unwrap_or(u32::MAX),
    }
}

/// The span of a parser event.
#[inline]
pub(super) fn span(s: saphyr_parser::Span) -> Span {
    Span {
        start: pos(s.start),
        end: pos(s.end),
    }
}

/// The text between two markers. Markers count characters, not bytes: in an ASCII file
/// (nearly every SLA file) the count is the byte offset; otherwise a cursor walks forward to
/// it. Scalars arrive in source order, so the cursor crosses the file once in all, and a
/// long line of non-ASCII text costs time in proportion to its length, not to its square.
pub(super) struct Offsets<'t> {
    text: &'t str,
    ascii: bool,
    /// A character index and its byte offset, where the last lookup ended.
    chars: usize,
    bytes: usize,
}

impl<'t> Offsets<'t> {
    pub(super) fn new(text: &'t str) -> Offsets<'t> {
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
    #[inline]
    pub(super) fn written(&mut self, start: Marker, end: Marker) -> &'t str {
        let from = self.byte(start.index());
        let to = self.byte(end.index().max(start.index()));
        &self.text[from..to]
    }
}
