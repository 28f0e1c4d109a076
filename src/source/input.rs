//! The parser's view of a file's text: `saphyr-parser`'s own `StrInput`, with a smaller
//! look-ahead hint.
//!
//! The scanner reserves `bufmaxlen()` more bytes in every plain scalar's string as soon as
//! the scalar has one character. `StrInput` answers 128, so every plain scalar longer than
//! one character (nearly all of an SLA's keys and values) was allocated at 32 bytes and then
//! reallocated to 160: about a tenth of the instructions of `slagate validate` (callgrind,
//! 2,000 files), and memory held by every string of the tree. With 16 the reservation fits in
//! the scanner's first 32 bytes.
//!
//! `StrInput` holds the whole text, so its look-ahead is never short of characters: the
//! value only sizes the scanner's reservations and the batches it scans a scalar in. Every
//! other method is `StrInput`'s own (the tests compare the two inputs event by event).

use saphyr_parser::input::SkipTabs;
use saphyr_parser::{Input, StrInput};

/// The look-ahead hint (see the module docs). At least 4: the scanner looks 4 characters
/// ahead for document markers.
const LOOKAHEAD: usize = 16;

/// [`StrInput`] with [`LOOKAHEAD`] as its `bufmaxlen`.
#[derive(Clone, Copy)]
pub(crate) struct TextInput<'a>(StrInput<'a>);

impl<'a> TextInput<'a> {
    pub(crate) fn new(text: &'a str) -> TextInput<'a> {
        TextInput(StrInput::new(text))
    }
}

impl Input for TextInput<'_> {
    #[inline]
    fn lookahead(&mut self, count: usize) {
        self.0.lookahead(count);
    }
    #[inline]
    fn buflen(&self) -> usize {
        self.0.buflen()
    }
    #[inline]
    fn bufmaxlen(&self) -> usize {
        LOOKAHEAD
    }
    #[inline]
    fn buf_is_empty(&self) -> bool {
        self.0.buf_is_empty()
    }
    #[inline]
    fn raw_read_ch(&mut self) -> char {
        self.0.raw_read_ch()
    }
    #[inline]
    fn raw_read_non_breakz_ch(&mut self) -> Option<char> {
        self.0.raw_read_non_breakz_ch()
    }
    #[inline]
    fn skip(&mut self) {
        self.0.skip();
    }
    #[inline]
    fn skip_n(&mut self, count: usize) {
        self.0.skip_n(count);
    }
    #[inline]
    fn peek(&self) -> char {
        self.0.peek()
    }
    #[inline]
    fn peek_nth(&self, n: usize) -> char {
        self.0.peek_nth(n)
    }
    #[inline]
    fn peek_opt(&self) -> Option<char> {
        self.0.peek_opt()
    }
    #[inline]
    fn look_ch(&mut self) -> char {
        self.0.look_ch()
    }
    #[inline]
    fn next_char_is(&self, c: char) -> bool {
        self.0.next_char_is(c)
    }
    #[inline]
    fn nth_char_is(&self, n: usize, c: char) -> bool {
        self.0.nth_char_is(n, c)
    }
    #[inline]
    fn next_2_are(&self, c1: char, c2: char) -> bool {
        self.0.next_2_are(c1, c2)
    }
    #[inline]
    fn next_3_are(&self, c1: char, c2: char, c3: char) -> bool {
        self.0.next_3_are(c1, c2, c3)
    }
    #[inline]
    fn next_is_document_indicator(&self) -> bool {
        self.0.next_is_document_indicator()
    }
    #[inline]
    fn next_is_document_start(&self) -> bool {
        self.0.next_is_document_start()
    }
    #[inline]
    fn next_is_document_end(&self) -> bool {
        self.0.next_is_document_end()
    }
    #[inline]
    fn skip_ws_to_eol(&mut self, skip_tabs: SkipTabs) -> (usize, Result<SkipTabs, &'static str>) {
        self.0.skip_ws_to_eol(skip_tabs)
    }
    #[inline]
    fn next_can_be_plain_scalar(&self, in_flow: bool) -> bool {
        self.0.next_can_be_plain_scalar(in_flow)
    }
    #[inline]
    fn next_is_blank_or_break(&self) -> bool {
        self.0.next_is_blank_or_break()
    }
    #[inline]
    fn next_is_blank_or_breakz(&self) -> bool {
        self.0.next_is_blank_or_breakz()
    }
    #[inline]
    fn next_is_blank(&self) -> bool {
        self.0.next_is_blank()
    }
    #[inline]
    fn next_is_break(&self) -> bool {
        self.0.next_is_break()
    }
    #[inline]
    fn next_is_breakz(&self) -> bool {
        self.0.next_is_breakz()
    }
    #[inline]
    fn next_is_z(&self) -> bool {
        self.0.next_is_z()
    }
    #[inline]
    fn next_is_flow(&self) -> bool {
        self.0.next_is_flow()
    }
    #[inline]
    fn next_is_digit(&self) -> bool {
        self.0.next_is_digit()
    }
    #[inline]
    fn next_is_alpha(&self) -> bool {
        self.0.next_is_alpha()
    }
    #[inline]
    fn skip_while_non_breakz(&mut self) -> usize {
        self.0.skip_while_non_breakz()
    }
    #[inline]
    fn skip_while_blank(&mut self) -> usize {
        self.0.skip_while_blank()
    }
    #[inline]
    fn fetch_while_is_alpha(&mut self, out: &mut String) -> usize {
        self.0.fetch_while_is_alpha(out)
    }
    #[inline]
    fn fetch_while_is_yaml_non_space(&mut self, out: &mut String) -> usize {
        self.0.fetch_while_is_yaml_non_space(out)
    }
}

#[cfg(test)]
mod tests {
    use saphyr_parser::Parser;

    use super::TextInput;

    /// Every event and span, or the error, as text.
    fn events(mut parser: Parser<'_, impl saphyr_parser::Input>) -> Vec<String> {
        let mut out = Vec::new();
        while let Some(e) = parser.next_event() {
            match e {
                Ok((event, span)) => out.push(format!("{event:?} {span:?}")),
                Err(err) => {
                    out.push(format!("error {err:?}"));
                    break;
                }
            }
        }
        out
    }

    #[test]
    fn events_are_those_of_str_input() {
        let long = "x".repeat(300);
        let deep = " ".repeat(20);
        let cases = [
            String::new(),
            "a: 1\nb: [x, y, {z: 2}]\n".into(),
            format!("long: {long}\nquoted: \"{long}\"\nsingle: '{long}'\n"),
            format!("plain: one two\n  three {long}\n  four\nnext: 1\n"),
            format!(
                "block: |\n{deep}indented {long}\n{deep}  more\n\n{deep}end\nfolded: >-\n  a\n  b\n"
            ),
            format!("a:\n{deep}b:\n{deep}  c: |\n{deep}    text\n{deep}    more\n"),
            "- &anchor {a: 1}\n- *anchor\n- !!str 12\n---\nsecond: doc\n...\n".into(),
            "a: \"é ü 日本\"\nb: plain ünïcode text that is longer than sixteen characters\n"
                .into(),
            "key: value # comment\n# only a comment\nother:   spaced   \n".into(),
            "a: [1, 2\nb: 3\n".into(),
            "a: \"open\n".into(),
            "\tbad: tab\n".into(),
            format!("{}{}", "[".repeat(40), "]".repeat(40)),
        ];
        for text in &cases {
            assert_eq!(
                events(Parser::new(TextInput::new(text))),
                events(Parser::new_from_str(text)),
                "{text:?}"
            );
        }
    }
}
