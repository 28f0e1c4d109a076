//! Lines of a file's text, for snippets: found once per file, and clipped to a window around
//! the span when a line is long.
//!
//! A finding's column counts characters. Looking a line up by splitting the text, or a column
//! by counting characters from the line's start, costs the file's or the line's length for
//! every finding: for a one-line file of megabytes with a finding per key (a minified JSON
//! document, say) that is quadratic, and printing the whole line under every finding makes
//! the output quadratic too. Here a file is indexed once, a column is found from a checkpoint
//! at most `CHECKPOINT` characters away, and a snippet shows at most [`WIDTH`] characters.

/// The most characters a snippet shows of a line.
pub const WIDTH: usize = 120;

/// Characters of a line shown before the span when the line is clipped.
const BEFORE: usize = 40;

/// Characters between two remembered byte offsets of a long non-ASCII line.
const CHECKPOINT: usize = 256;

struct Line {
    /// Byte range of the line, without its `\n` and a `\r` before it.
    start: usize,
    end: usize,
    /// Length in characters.
    chars: usize,
    /// For a non-ASCII line: the byte offset of every `CHECKPOINT`-th character.
    checkpoints: Vec<usize>,
}

/// The lines of one text.
pub struct Lines<'t> {
    text: &'t str,
    lines: Vec<Line>,
}

/// The part of a line a snippet shows, and where its caret goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet<'t> {
    /// The text shown (a window of the line when it is long).
    pub text: &'t str,
    /// Whether text was left out before or after the window.
    pub clipped_before: bool,
    /// See `clipped_before`.
    pub clipped_after: bool,
    /// Characters of `text` before the caret.
    pub caret_start: usize,
    /// Width of the caret, in characters (at least 1, at most to the window's end).
    pub caret_width: usize,
}

impl<'t> Lines<'t> {
    /// Indexes `text` (one pass).
    pub fn new(text: &'t str) -> Lines<'t> {
        let mut lines = Vec::new();
        let mut start = 0;
        for piece in text.split_inclusive('\n') {
            let body = piece.strip_suffix('\n').unwrap_or(piece);
            let body = body.strip_suffix('\r').unwrap_or(body);
            let (chars, checkpoints) = if body.is_ascii() {
                (body.len(), Vec::new())
            } else {
                let mut checkpoints = Vec::new();
                let mut chars = 0;
                for (i, _) in body.char_indices() {
                    if chars % CHECKPOINT == 0 {
                        checkpoints.push(start + i);
                    }
                    chars += 1;
                }
                (chars, checkpoints)
            };
            lines.push(Line {
                start,
                end: start + body.len(),
                chars,
                checkpoints,
            });
            start += piece.len();
        }
        // As `split('\n')` has it: after a final line break there is one more, empty line.
        if text.is_empty() || text.ends_with('\n') {
            lines.push(Line {
                start: text.len(),
                end: text.len(),
                chars: 0,
                checkpoints: Vec::new(),
            });
        }
        Lines { text, lines }
    }

    /// The byte offset of 0-based character `col` of `line` (its end when past it).
    fn byte(&self, line: &Line, col: usize) -> usize {
        if col >= line.chars {
            return line.end;
        }
        if line.checkpoints.is_empty() {
            return line.start + col;
        }
        let from = line.checkpoints[col / CHECKPOINT];
        let skip = col % CHECKPOINT;
        self.text[from..line.end]
            .char_indices()
            .nth(skip)
            .map_or(line.end, |(i, _)| from + i)
    }

    /// The text of 1-based line `n`, without its line break.
    pub fn line(&self, n: u32) -> Option<&'t str> {
        let line = self.lines.get(usize::try_from(n).ok()?.checked_sub(1)?)?;
        Some(&self.text[line.start..line.end])
    }

    /// The snippet of 1-based line `n` for a span from 1-based column `start` that is `width`
    /// characters wide (`None`: to the end of the line).
    pub fn snippet(&self, n: u32, start: u32, width: Option<usize>) -> Option<Snippet<'t>> {
        let line = self.lines.get(usize::try_from(n).ok()?.checked_sub(1)?)?;
        let start = (start.max(1) - 1) as usize;
        let start = start.min(line.chars);
        let width = width.unwrap_or(line.chars.saturating_sub(start)).max(1);
        let (from, to) = if line.chars <= WIDTH {
            (0, line.chars)
        } else {
            let from = start.saturating_sub(BEFORE);
            (from, (from + WIDTH).min(line.chars))
        };
        let caret_start = start - from;
        Some(Snippet {
            text: &self.text[self.byte(line, from)..self.byte(line, to)],
            clipped_before: from > 0,
            clipped_after: to < line.chars,
            caret_start,
            caret_width: width.min((to - from).saturating_sub(caret_start).max(1)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_are_shown_whole() {
        let l = Lines::new("a: 1\r\nname: é x\nlast");
        assert_eq!(l.line(1), Some("a: 1"));
        assert_eq!(l.line(2), Some("name: é x"));
        assert_eq!(l.line(3), Some("last"));
        assert_eq!(l.line(4), None);
        assert_eq!(l.line(0), None);
        let s = l.snippet(2, 7, Some(3)).unwrap();
        assert_eq!(s.text, "name: é x");
        assert_eq!((s.caret_start, s.caret_width), (6, 3));
        assert!(!s.clipped_before && !s.clipped_after);
        // No width: to the end of the line.
        assert_eq!(l.snippet(2, 7, None).unwrap().caret_width, 3);
    }

    #[test]
    fn long_lines_show_a_window_around_the_span() {
        for prefix in ["x", "é"] {
            let line = format!("{}TARGET{}", prefix.repeat(1000), prefix.repeat(1000));
            let l = Lines::new(&line);
            let s = l.snippet(1, 1001, Some(6)).unwrap();
            assert_eq!(s.text.chars().count(), WIDTH);
            assert!(s.clipped_before && s.clipped_after);
            let caret: String = s
                .text
                .chars()
                .skip(s.caret_start)
                .take(s.caret_width)
                .collect();
            assert_eq!(caret, "TARGET", "{prefix}");
            // A span wider than the window stops at its end.
            let s = l.snippet(1, 1001, None).unwrap();
            assert_eq!(s.caret_start + s.caret_width, WIDTH);
            // At the start of the line, nothing is clipped before.
            let s = l.snippet(1, 1, Some(3)).unwrap();
            assert!(!s.clipped_before && s.clipped_after);
            assert_eq!(s.caret_start, 0);
        }
    }

    #[test]
    fn columns_past_the_end_stay_on_the_line() {
        let l = Lines::new("short\n");
        let s = l.snippet(1, 50, Some(2)).unwrap();
        assert_eq!(s.text, "short");
        assert_eq!((s.caret_start, s.caret_width), (5, 1));
        assert_eq!(l.line(2), Some(""));
    }
}
