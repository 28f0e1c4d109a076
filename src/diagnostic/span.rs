//! Positions and ranges in source text, shared by every stage.

use serde::Serialize;

/// A 1-based position in a source file. `col` counts characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Pos {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub col: u32,
}

/// A range of source text, start inclusive, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    /// Where the range starts.
    pub start: Pos,
    /// Where the range ends (exclusive).
    pub end: Pos,
}

impl Span {
    /// A span from `(line, col)` to `(end_line, end_col)`, all 1-based.
    pub fn new(line: u32, col: u32, end_line: u32, end_col: u32) -> Span {
        Span {
            start: Pos { line, col },
            end: Pos {
                line: end_line,
                col: end_col,
            },
        }
    }

    /// An empty span at a point.
    pub fn point(line: u32, col: u32) -> Span {
        Span::new(line, col, line, col)
    }

    /// The start of a file, for findings about a whole file.
    pub fn file_start() -> Span {
        Span::point(1, 1)
    }
}
