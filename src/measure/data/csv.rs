//! The rows every reader walks: a CSV table or a JSON array of objects, as records of named
//! text cells with the 1-based line each row starts on, and the checks every format shares
//! (bytes to text, the columns a format knows, times, dates, decimals).
//!
//! CSV is RFC 4180, written here rather than taken from a crate: a header line, `,` between
//! fields, `"` around a field that holds a comma, a quote (doubled) or a line break, LF or CRLF
//! line ends; blank lines are skipped. A row's line is the line its first field is on, so a
//! quoted field over two lines does not shift the lines of the rows after it.
//!
//! JSON rows are an array of objects. `serde_json` does not say where a value starts, so the text
//! is first checked whole by `serde_json` (its errors carry the line), then a small scanner walks
//! the array's top level (strings and nesting only; the text is known to be valid by then) to
//! find the byte offset each element starts at, and each element is parsed from its own slice.
//! The line of a row is one plus the line breaks before that offset.

use std::borrow::Cow;
use std::io::Read;
use std::sync::Arc;

use jiff::Timestamp;
use rust_decimal::Decimal;
use serde_json::Value;

use super::{DataError, Origin};

/// The UTF-8 byte order mark, accepted and skipped at the start of a file.
const BOM: &str = "\u{feff}";

/// Builds a [`DataError`] at `line` of `file`.
pub(crate) fn error(
    file: &Arc<str>,
    line: u32,
    message: impl Into<String>,
    help: Option<&str>,
) -> DataError {
    DataError {
        origin: Origin {
            file: file.clone(),
            line,
        },
        message: message.into(),
        help: help.map(str::to_owned),
    }
}

/// The file's text: UTF-8 (a byte order mark skipped), not empty.
pub(crate) fn text<'a>(file: &Arc<str>, bytes: &'a [u8]) -> Result<&'a str, DataError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let line = line_at(bytes, e.valid_up_to());
            return Err(error(
                file,
                line,
                format!(
                    "the file is not UTF-8 text (byte {} of the file cannot be read)",
                    e.valid_up_to() + 1
                ),
                Some("save the file as UTF-8"),
            ));
        }
    };
    let text = text.strip_prefix(BOM).unwrap_or(text);
    if text.trim().is_empty() {
        return Err(error(
            file,
            1,
            "the file is empty",
            Some("a data file holds a CSV header and rows, or a JSON array of rows"),
        ));
    }
    Ok(text)
}

/// The 1-based line of byte `offset`.
#[allow(clippy::naive_bytecount)] // one count per file or per row: no crate for it
fn line_at(bytes: &[u8], offset: usize) -> u32 {
    let breaks = bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count();
    u32::try_from(breaks + 1).unwrap_or(u32::MAX)
}

/// Whether the text is JSON (its first non-blank character opens an array or an object).
pub(crate) fn is_json(text: &str) -> bool {
    matches!(text.trim_start().as_bytes().first(), Some(b'[' | b'{'))
}

/// Whether bytes start as JSON text does (after a byte order mark and blanks: `[` or `{`).
pub(crate) fn starts_json(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(BOM.as_bytes()).unwrap_or(bytes);
    matches!(
        bytes.iter().find(|b| !b.is_ascii_whitespace()),
        Some(b'[' | b'{')
    )
}

/// One row, as it is handed to a reader: its line and its non-empty cells by column name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record<'r> {
    /// The line the row starts on.
    pub(crate) line: u32,
    /// `(column, value)`, in the order written; values trimmed, empty ones and JSON `null`
    /// left out.
    cells: Vec<(Cow<'r, str>, Cow<'r, str>)>,
}

impl Record<'_> {
    /// The value of `column`, if the row has a non-empty one.
    pub(crate) fn get(&self, column: &str) -> Option<&str> {
        self.cells
            .iter()
            .find(|(c, _)| c == column)
            .map(|(_, v)| v.as_ref())
    }
}

/// What a format's rows hold.
pub(crate) struct Columns {
    /// The format's name, for messages (`an incidents file`).
    pub(crate) what: &'static str,
    /// Columns every row must have.
    pub(crate) required: &'static [&'static str],
    /// Columns a row may have.
    pub(crate) optional: &'static [&'static str],
    /// Optional columns of which a header must name at least one (each row then gives one).
    pub(crate) one_of: &'static [&'static str],
}

impl Columns {
    /// Every column the format knows, required first.
    pub(crate) fn all(&self) -> Vec<&'static str> {
        self.required.iter().chain(self.optional).copied().collect()
    }

    fn knows(&self, column: &str) -> bool {
        self.required.contains(&column) || self.optional.contains(&column)
    }

    /// Refuses a column the format does not know, with the nearest known one.
    fn check_known(&self, file: &Arc<str>, line: u32, column: &str) -> Result<(), DataError> {
        if self.knows(column) {
            return Ok(());
        }
        let known = self.all();
        let help = match crate::text::closest(column, &known, |k| 2.max(k.len() / 4)) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!(
                "{} has the columns {}",
                self.what,
                crate::text::backticked(&known, known.len())
            ),
        };
        Err(error(
            file,
            line,
            format!("unknown column `{column}` for {}", self.what),
            Some(&help),
        ))
    }

    /// Refuses a header naming a column the format does not know or missing a required one.
    fn check_header(&self, file: &Arc<str>, line: u32, header: &[String]) -> Result<(), DataError> {
        for column in header {
            self.check_known(file, line, column)?;
        }
        for required in self.required {
            if !header.iter().any(|c| c == required) {
                return Err(error(
                    file,
                    line,
                    format!(
                        "{} needs the column `{required}`, which is missing",
                        self.what
                    ),
                    Some(&format!(
                        "its columns are {} (required) and {}",
                        crate::text::backticked(self.required, self.required.len()),
                        crate::text::backticked(self.optional, self.optional.len())
                    )),
                ));
            }
        }
        if !self.one_of.is_empty() && !self.one_of.iter().any(|o| header.iter().any(|c| c == o)) {
            let names: Vec<String> = self.one_of.iter().map(|o| format!("`{o}`")).collect();
            return Err(error(
                file,
                line,
                format!("{} needs a {} column", self.what, names.join(" or ")),
                None,
            ));
        }
        Ok(())
    }

    /// The value of a required column in `row`.
    pub(crate) fn required<'r>(
        &self,
        file: &Arc<str>,
        row: &'r Record<'_>,
        column: &str,
    ) -> Result<&'r str, DataError> {
        row.get(column).ok_or_else(|| {
            error(
                file,
                row.line,
                format!("the row has no `{column}`"),
                Some(&format!("every row of {} needs a `{column}`", self.what)),
            )
        })
    }
}

/// Reads the rows of a file of `columns` (CSV, or a JSON array of objects) one at a time
/// through `each`, so only what the reader keeps stays in memory.
pub(crate) fn rows<T>(
    file: &Arc<str>,
    bytes: &[u8],
    columns: &Columns,
    each: impl FnMut(&Record<'_>) -> Result<T, DataError>,
) -> Result<Vec<T>, DataError> {
    let text = text(file, bytes)?;
    if is_json(text) {
        json_rows(file, text, columns, each)
    } else {
        csv_rows(file, text, columns, each)
    }
}

/// A CSV record: the line it starts on and its fields.
type CsvRecord<'a> = (u32, Vec<Cow<'a, str>>);

/// The records of CSV text, one at a time.
struct CsvRecords<'a> {
    file: &'a Arc<str>,
    text: &'a str,
    pos: usize,
    line: u32,
}

impl<'a> CsvRecords<'a> {
    fn new(file: &'a Arc<str>, text: &'a str) -> CsvRecords<'a> {
        CsvRecords {
            file,
            text,
            pos: 0,
            line: 1,
        }
    }

    /// Steps over one line end (`\n`, `\r\n` or `\r`) at `pos`, if there is one.
    fn line_end(&mut self) -> bool {
        let b = self.text.as_bytes();
        match b.get(self.pos) {
            Some(b'\r') if b.get(self.pos + 1) == Some(&b'\n') => self.pos += 2,
            Some(b'\n' | b'\r') => self.pos += 1,
            _ => return false,
        }
        self.line += 1;
        true
    }

    /// The next record, `(line, fields)`; blank lines are skipped.
    fn next(&mut self) -> Result<Option<CsvRecord<'a>>, DataError> {
        while self.line_end() {}
        let b = self.text.as_bytes();
        if self.pos >= b.len() {
            return Ok(None);
        }
        let start = self.line;
        let mut fields = Vec::new();
        loop {
            fields.push(self.field()?);
            if b.get(self.pos) == Some(&b',') {
                self.pos += 1;
            } else {
                self.line_end();
                return Ok(Some((start, fields)));
            }
        }
    }

    /// The field at `pos`, which is left on the `,`, line end or end of text after it.
    fn field(&mut self) -> Result<Cow<'a, str>, DataError> {
        let text = self.text;
        let b = text.as_bytes();
        let begin = self.pos;
        if b.get(begin) != Some(&b'"') {
            let mut end = begin;
            while let Some(c) = b.get(end) {
                match c {
                    b',' | b'\n' | b'\r' => break,
                    b'"' => {
                        return Err(error(
                            self.file,
                            self.line,
                            format!(
                                "a quote inside the unquoted field `{}`",
                                line_rest(text, begin)
                            ),
                            Some("quote the whole field and double the quote: `\"a \"\"b\"\"\"`"),
                        ));
                    }
                    _ => end += 1,
                }
            }
            self.pos = end;
            return Ok(Cow::Borrowed(&text[begin..end]));
        }
        let opened = self.line;
        let mut owned: Option<String> = None;
        let mut from = begin + 1;
        let mut i = from;
        loop {
            match b.get(i) {
                None => {
                    return Err(error(
                        self.file,
                        opened,
                        "a quoted field is not closed",
                        Some("end the field with `\"`; write a quote inside it as `\"\"`"),
                    ));
                }
                Some(b'"') if b.get(i + 1) == Some(&b'"') => {
                    // A doubled quote: keep the text so far and one quote.
                    owned
                        .get_or_insert_with(String::new)
                        .push_str(&text[from..=i]);
                    i += 2;
                    from = i;
                }
                Some(b'"') => break,
                Some(c) => {
                    if *c == b'\n' {
                        self.line += 1;
                    }
                    i += 1;
                }
            }
        }
        let value = match owned {
            Some(mut owned) => {
                owned.push_str(&text[from..i]);
                Cow::Owned(owned)
            }
            None => Cow::Borrowed(&text[from..i]),
        };
        self.pos = i + 1;
        match b.get(self.pos) {
            None | Some(b',' | b'\n' | b'\r') => Ok(value),
            Some(_) => Err(error(
                self.file,
                self.line,
                format!(
                    "`{}` follows a quoted field's closing quote",
                    line_rest(text, self.pos)
                ),
                Some("put the whole field in quotes, or a `,` after the quote"),
            )),
        }
    }
}

/// The text from `at` to the end of its line (at most 40 characters), for messages.
fn line_rest(text: &str, at: usize) -> &str {
    let rest = text.get(at..).unwrap_or_default();
    let rest = rest.split(['\n', '\r']).next().unwrap_or_default();
    match rest.char_indices().nth(40) {
        Some((cut, _)) => &rest[..cut],
        None => rest,
    }
}

/// The header of CSV text: its column names, lowercase and trimmed, with its line.
pub(crate) fn csv_header(file: &Arc<str>, text: &str) -> Result<(u32, Vec<String>), DataError> {
    let header = CsvRecords::new(file, text).next()?;
    header_columns(file, header)
}

fn header_columns(
    file: &Arc<str>,
    header: Option<CsvRecord<'_>>,
) -> Result<(u32, Vec<String>), DataError> {
    let Some((line, header)) = header else {
        return Err(error(file, 1, "the file is empty", None));
    };
    let mut columns: Vec<String> = Vec::with_capacity(header.len());
    for name in header {
        let name = name.trim().to_lowercase();
        if name.is_empty() {
            return Err(error(
                file,
                line,
                format!("column {} of the header has no name", columns.len() + 1),
                Some("name every column, or remove the trailing `,`"),
            ));
        }
        if columns.contains(&name) {
            return Err(error(
                file,
                line,
                format!("the header names `{name}` twice"),
                None,
            ));
        }
        columns.push(name);
    }
    Ok((line, columns))
}

fn csv_rows<T>(
    file: &Arc<str>,
    text: &str,
    columns: &Columns,
    mut each: impl FnMut(&Record<'_>) -> Result<T, DataError>,
) -> Result<Vec<T>, DataError> {
    let mut records = CsvRecords::new(file, text);
    let (header_line, header) = header_columns(file, records.next()?)?;
    columns.check_header(file, header_line, &header)?;
    let mut out = Vec::new();
    while let Some((line, fields)) = records.next()? {
        out.push(each(&csv_record(file, &header, line, fields)?)?);
    }
    Ok(out)
}

/// A CSV record as a [`Record`] of the header's columns.
fn csv_record<'r>(
    file: &Arc<str>,
    header: &'r [String],
    line: u32,
    fields: Vec<Cow<'r, str>>,
) -> Result<Record<'r>, DataError> {
    if fields.len() != header.len() {
        return Err(error(
            file,
            line,
            format!(
                "the row has {} where the header has {}",
                crate::text::plural(fields.len(), "field"),
                header.len()
            ),
            Some("quote a field that holds a comma: `\"a, b\"`"),
        ));
    }
    let cells = header
        .iter()
        .zip(fields)
        .filter_map(|(c, v)| {
            let v = match v {
                Cow::Borrowed(v) => Cow::Borrowed(v.trim()),
                Cow::Owned(v) => Cow::Owned(v.trim().to_owned()),
            };
            (!v.is_empty()).then_some((Cow::Borrowed(c.as_str()), v))
        })
        .collect();
    Ok(Record { line, cells })
}

/// Bytes read from a stream at a time.
const BLOCK: usize = 1 << 20;

/// Reads the rows of a file of `columns` from `reader`, as [`rows`] reads them from bytes,
/// with the same messages at the same lines, a block at a time: each block of a CSV file is
/// parsed up to its last line end outside quotes and the rest carried to the next, so a file of
/// a million rows never sits in memory whole. A JSON file is read whole (its text is checked
/// whole before its rows), and so is a file of one block.
pub(crate) fn rows_from<T>(
    file: &Arc<str>,
    reader: &mut dyn std::io::Read,
    columns: &Columns,
    mut each: impl FnMut(&Record<'_>) -> Result<T, DataError>,
) -> Result<Vec<T>, DataError> {
    let mut buf: Vec<u8> = Vec::with_capacity(BLOCK);
    let mut eof = fill(file, reader, &mut buf, 1)?;
    if eof || starts_json(&buf) {
        if !eof {
            reader
                .read_to_end(&mut buf)
                .map_err(|e| unreadable(file, 1, &e))?;
        }
        return rows(file, &buf, columns, each);
    }
    let mut out = Vec::new();
    let mut header: Option<Vec<String>> = None;
    let (mut offset, mut line) = (0usize, 1u32);
    loop {
        let cut = if eof {
            buf.len()
        } else if let Some(cut) = record_end(&buf) {
            cut
        } else {
            // One record longer than the block: read on until it ends.
            eof = fill(file, reader, &mut buf, line)?;
            continue;
        };
        let block = &buf[..cut];
        let block = if offset == 0 {
            block.strip_prefix(BOM.as_bytes()).unwrap_or(block)
        } else {
            block
        };
        let skipped = cut - block.len();
        let text = block_text(file, block, offset + skipped, line)?;
        let mut records = CsvRecords {
            file,
            text,
            pos: 0,
            line,
        };
        if header.is_none() {
            match records.next()? {
                // Only blank lines so far: the header is in a later block.
                None if !eof => {}
                first => {
                    let (at, names) = header_columns(file, first)?;
                    columns.check_header(file, at, &names)?;
                    header = Some(names);
                }
            }
        }
        if let Some(names) = header.as_deref() {
            while let Some((at, fields)) = records.next()? {
                out.push(each(&csv_record(file, names, at, fields)?)?);
            }
        }
        line = records.line;
        if eof {
            return Ok(out);
        }
        offset += cut;
        buf.drain(..cut);
        eof = fill(file, reader, &mut buf, line)?;
    }
}

/// Reads up to one more [`BLOCK`] onto `buf`; whether the stream ended.
fn fill(
    file: &Arc<str>,
    reader: &mut dyn std::io::Read,
    buf: &mut Vec<u8>,
    line: u32,
) -> Result<bool, DataError> {
    let want = BLOCK as u64;
    let n = (&mut *reader)
        .take(want)
        .read_to_end(buf)
        .map_err(|e| unreadable(file, line, &e))?;
    Ok((n as u64) < want)
}

fn unreadable(file: &Arc<str>, line: u32, e: &std::io::Error) -> DataError {
    error(file, line, format!("the file cannot be read: {e}"), None)
}

/// The end of the last whole CSV record in `bytes` (just past a `\n` outside quotes), if any.
/// `bytes` starts at a record's start, so a line end is outside quotes when an even number of
/// quotes precede it (a doubled quote counts twice).
pub(crate) fn record_end(bytes: &[u8]) -> Option<usize> {
    let mut quotes = 0usize;
    let mut end = None;
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'"' => quotes += 1,
            b'\n' if quotes % 2 == 0 => end = Some(i + 1),
            _ => {}
        }
    }
    end
}

/// A block's text, refused as [`text`] refuses a file that is not UTF-8, at the byte and line
/// of the file (the block starts at byte `offset` and line `line`).
fn block_text<'a>(
    file: &Arc<str>,
    block: &'a [u8],
    offset: usize,
    line: u32,
) -> Result<&'a str, DataError> {
    std::str::from_utf8(block).map_err(|e| {
        let at = line_at(block, e.valid_up_to()) - 1 + line;
        error(
            file,
            at,
            format!(
                "the file is not UTF-8 text (byte {} of the file cannot be read)",
                offset + e.valid_up_to() + 1
            ),
            Some("save the file as UTF-8"),
        )
    })
}

/// The `serde_json` error as a [`DataError`] at its line.
fn json_error(file: &Arc<str>, e: &serde_json::Error, base: u32) -> DataError {
    let line = base + u32::try_from(e.line().saturating_sub(1)).unwrap_or(0);
    error(
        file,
        line.max(1),
        format!("the file is not valid JSON: {e}"),
        None,
    )
}

/// Checks the whole text is JSON without building it, with `serde_json`'s line on error.
pub(crate) fn json_check(file: &Arc<str>, text: &str) -> Result<(), DataError> {
    serde_json::from_str::<serde::de::IgnoredAny>(text)
        .map(|_| ())
        .map_err(|e| json_error(file, &e, 1))
}

/// The text as a JSON value, with `serde_json`'s line on error.
pub(crate) fn json_value(file: &Arc<str>, text: &str) -> Result<Value, DataError> {
    serde_json::from_str(text).map_err(|e| json_error(file, &e, 1))
}

/// The start offset of every element of the array that begins at `open` (a `[`).
/// The text must be valid JSON.
fn element_offsets(text: &str, open: usize) -> Vec<usize> {
    let b = text.as_bytes();
    let mut offsets = Vec::new();
    let mut i = skip_ws(b, open + 1);
    if b.get(i) == Some(&b']') {
        return offsets;
    }
    while i < b.len() {
        offsets.push(i);
        i = skip_ws(b, skip_value(b, i));
        match b.get(i) {
            Some(b',') => i = skip_ws(b, i + 1),
            _ => break,
        }
    }
    offsets
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// The offset just after the string that opens at `i`.
fn skip_string(b: &[u8], mut i: usize) -> usize {
    i += 1;
    while let Some(c) = b.get(i) {
        match c {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    i
}

/// The offset just after the value that starts at `i`.
fn skip_value(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(b'"') => skip_string(b, i),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            let mut j = i;
            while let Some(c) = b.get(j) {
                match c {
                    b'"' => {
                        j = skip_string(b, j);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return j + 1;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            j
        }
        _ => {
            let mut j = i;
            while let Some(c) = b.get(j) {
                if matches!(c, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r') {
                    break;
                }
                j += 1;
            }
            j
        }
    }
}

/// The offset of the value of `key` in the top-level object that opens at `open`.
fn member_offset(text: &str, open: usize, key: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = skip_ws(b, open + 1);
    while b.get(i) == Some(&b'"') {
        let end = skip_string(b, i).min(b.len());
        let name: Option<String> = text
            .get(i..end)
            .and_then(|key| serde_json::from_str(key).ok());
        i = skip_ws(b, end);
        // The `:`.
        i = skip_ws(b, i + 1);
        if name.as_deref() == Some(key) {
            return Some(i);
        }
        i = skip_ws(b, skip_value(b, i));
        if b.get(i) == Some(&b',') {
            i = skip_ws(b, i + 1);
        } else {
            break;
        }
    }
    None
}

/// The objects of the array at the top of `text` (`key: None`) or at the top-level object's
/// `key`, each with the line it starts on. The text must be valid JSON (see [`json_check`]).
pub(crate) fn json_objects(
    file: &Arc<str>,
    text: &str,
    key: Option<&str>,
) -> Result<Vec<JsonRow>, DataError> {
    let b = text.as_bytes();
    let top = skip_ws(b, 0);
    let open = match key {
        None => top,
        Some(key) => match member_offset(text, top, key) {
            Some(at) => at,
            None => return Ok(Vec::new()),
        },
    };
    if b.get(open) != Some(&b'[') {
        let what = key.map_or_else(|| "the file".to_owned(), |k| format!("`{k}`"));
        return Err(error(
            file,
            line_at(b, open),
            format!("{what} is not a JSON array of rows"),
            Some("write the rows as `[{...}, {...}]`"),
        ));
    }
    let mut rows = Vec::new();
    objects(file, text, open, |row| {
        rows.push(row);
        Ok(true)
    })?;
    Ok(rows)
}

/// Hands each object of the array that opens at `open` to `each`, with its line, until
/// `each` answers `false`. An element that is not an object is refused.
fn objects(
    file: &Arc<str>,
    text: &str,
    open: usize,
    mut each: impl FnMut(JsonRow) -> Result<bool, DataError>,
) -> Result<(), DataError> {
    let b = text.as_bytes();
    // Lines are counted from the previous row's start, so a file is scanned once.
    let (mut from, mut line) = (0, 1);
    for at in element_offsets(text, open) {
        line += line_at(&b[from..at], at - from) - 1;
        from = at;
        let end = skip_value(b, at).min(b.len());
        let slice = text.get(at..end).unwrap_or_default();
        if !slice.starts_with('{') {
            let kind =
                serde_json::from_str::<Value>(slice).map_or("not an object", |v| json_kind(&v));
            return Err(error(
                file,
                line,
                format!("a row is {kind}, not an object"),
                Some("write each row as an object: `{\"start\": ..., \"end\": ...}`"),
            ));
        }
        let entries =
            serde_json::from_str::<Entries>(slice).map_err(|e| json_error(file, &e, line))?;
        if let Some(key) = entries.twice {
            return Err(error(
                file,
                line,
                format!("the object names `{key}` twice"),
                Some("keep one: a JSON reader would silently take one of the two values"),
            ));
        }
        let more = each((line, entries.members.into_iter().collect()))?;
        if !more {
            break;
        }
    }
    Ok(())
}

/// An object's members, and the first key written twice, if one is (`serde_json`'s map would
/// keep one of the two values without a word).
struct Entries {
    members: Vec<(String, Value)>,
    twice: Option<String>,
}

impl<'de> serde::Deserialize<'de> for Entries {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Entries, D::Error> {
        struct Members;
        impl<'de> serde::de::Visitor<'de> for Members {
            type Value = Entries;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Entries, A::Error> {
                let mut entries = Entries {
                    members: Vec::new(),
                    twice: None,
                };
                while let Some((key, value)) = map.next_entry::<String, Value>()? {
                    if entries.twice.is_none() && entries.members.iter().any(|(k, _)| *k == key) {
                        entries.twice = Some(key.clone());
                    }
                    entries.members.push((key, value));
                }
                Ok(entries)
            }
        }
        deserializer.deserialize_map(Members)
    }
}

/// A JSON row: the line its object starts on, and the object.
pub(crate) type JsonRow = (u32, serde_json::Map<String, Value>);

/// `a string`, `a number`... for messages.
pub(crate) fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The first object of the JSON array at the top of `text`, if any (the text must be valid).
pub(crate) fn json_first(file: &Arc<str>, text: &str) -> Result<Option<JsonRow>, DataError> {
    let b = text.as_bytes();
    let top = skip_ws(b, 0);
    if b.get(top) != Some(&b'[') {
        return Err(error(
            file,
            line_at(b, top),
            "the file is a JSON object, not an array of rows",
            Some("write the rows as `[{...}, {...}]`"),
        ));
    }
    let mut first = None;
    objects(file, text, top, |row| {
        first = Some(row);
        Ok(false)
    })?;
    Ok(first)
}

fn json_rows<T>(
    file: &Arc<str>,
    text: &str,
    columns: &Columns,
    mut each: impl FnMut(&Record<'_>) -> Result<T, DataError>,
) -> Result<Vec<T>, DataError> {
    json_check(file, text)?;
    let b = text.as_bytes();
    let top = skip_ws(b, 0);
    if b.get(top) != Some(&b'[') {
        return Err(error(
            file,
            line_at(b, top),
            "the file is a JSON object, not an array of rows",
            Some("write the rows as `[{...}, {...}]`"),
        ));
    }
    let mut out = Vec::new();
    objects(file, text, top, |(line, object)| {
        let mut cells = Vec::with_capacity(object.len());
        for (key, value) in object {
            let key = key.trim().to_lowercase();
            columns.check_known(file, line, &key)?;
            let value = match value {
                Value::Null => continue,
                Value::String(s) => s,
                Value::Number(n) => n.to_string(),
                other => {
                    return Err(error(
                        file,
                        line,
                        format!("`{key}` is {}, not a string or a number", json_kind(&other)),
                        None,
                    ));
                }
            };
            let value = value.trim();
            if !value.is_empty() {
                cells.push((Cow::Owned(key), Cow::Owned(value.to_owned())));
            }
        }
        out.push(each(&Record { line, cells })?);
        Ok(true)
    })?;
    Ok(out)
}

/// An RFC 3339 instant with `Z` or an offset; a time without a zone is refused as such.
pub(crate) fn timestamp(
    file: &Arc<str>,
    line: u32,
    column: &str,
    value: &str,
) -> Result<Timestamp, DataError> {
    if let Ok(t) = value.parse::<Timestamp>() {
        return Ok(t);
    }
    let help = "write an RFC 3339 time such as `2026-11-03T14:05:00Z` or \
                `2026-11-03T15:05:00+01:00`";
    if value.parse::<jiff::civil::DateTime>().is_ok() {
        return Err(error(
            file,
            line,
            format!("`{column}` `{value}` has no time zone"),
            Some("add `Z` for UTC or the offset it was written in, such as `+01:00`"),
        ));
    }
    Err(error(
        file,
        line,
        format!("`{column}` `{value}` is not a time"),
        Some(help),
    ))
}

/// Whether `value` is written `-?digits(.digits)?(e[+-]?digits)?` (what JSON numbers print
/// as); `rust_decimal` alone would also take `1_000`.
fn is_plain_number(value: &str) -> bool {
    fn digits(s: &str) -> (usize, &str) {
        let n = s.bytes().take_while(u8::is_ascii_digit).count();
        (n, &s[n..])
    }
    let rest = value.strip_prefix('-').unwrap_or(value);
    let (n, mut rest) = digits(rest);
    if n == 0 {
        return false;
    }
    if let Some(fraction) = rest.strip_prefix('.') {
        let (n, after) = digits(fraction);
        if n == 0 {
            return false;
        }
        rest = after;
    }
    if let Some(exponent) = rest.strip_prefix(['e', 'E']) {
        let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        let (n, after) = digits(exponent);
        return n > 0 && after.is_empty();
    }
    rest.is_empty()
}

/// A decimal written plainly (`12`, `99.5`, `1e3`), not negative.
pub(crate) fn amount(
    file: &Arc<str>,
    line: u32,
    column: &str,
    value: &str,
) -> Result<Decimal, DataError> {
    let parsed = if is_plain_number(value) {
        Decimal::from_str_exact(value)
            .or_else(|_| Decimal::from_scientific(value))
            .ok()
    } else {
        None
    };
    let parsed = parsed.ok_or_else(|| {
        error(
            file,
            line,
            format!("`{column}` `{value}` is not a number"),
            Some("write a plain decimal number such as `12` or `1250.50`"),
        )
    })?;
    if parsed.is_sign_negative() && !parsed.is_zero() {
        return Err(error(
            file,
            line,
            format!("`{column}` `{value}` is negative"),
            None,
        ));
    }
    Ok(parsed)
}

/// A calendar date `YYYY-MM-DD`.
pub(crate) fn date(
    file: &Arc<str>,
    line: u32,
    column: &str,
    value: &str,
) -> Result<crate::model::Date, DataError> {
    crate::model::Date::parse(value).map_err(|e| {
        error(
            file,
            line,
            format!("`{column}` {}", e.message),
            Some(&e.help),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANY: Columns = Columns {
        what: "a test file",
        required: &[],
        optional: &["a", "b", "c"],
        one_of: &[],
    };

    fn file() -> Arc<str> {
        Arc::from("data.csv")
    }

    /// Every row as `(line, [(column, value)])`.
    type Rows = Vec<(u32, Vec<(String, String)>)>;

    /// A record as `(line, [(column, value)])`.
    #[allow(clippy::unnecessary_wraps)] // the shape a reader's `each` has
    fn owned(r: &Record<'_>) -> Result<(u32, Vec<(String, String)>), DataError> {
        Ok((
            r.line,
            r.cells
                .iter()
                .map(|(c, v)| (c.to_string(), v.to_string()))
                .collect(),
        ))
    }

    fn read(text: &str) -> Result<Rows, DataError> {
        rows(&file(), text.as_bytes(), &ANY, owned)
    }

    /// A reader that hands out at most 7 bytes a read, as a pipe may.
    struct Trickle<'a>(&'a [u8]);

    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(7).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    fn read_stream(text: &[u8]) -> Result<Rows, DataError> {
        rows_from(&file(), &mut Trickle(text), &ANY, owned)
    }

    /// About 3.7 MiB of rows (over three blocks), each with a quoted field over two lines and
    /// a doubled quote, so blocks end inside quoted fields.
    fn big() -> String {
        use std::fmt::Write as _;
        let mut text = String::from("\u{feff}a,b\n\n");
        for i in 0..100_000 {
            let _ = write!(text, "row {i},\"one \"\"{i}\"\"\nand two, ok\"\r\n");
        }
        text
    }

    #[test]
    fn a_file_read_block_by_block_gives_the_rows_and_lines_of_the_whole() {
        let text = big();
        assert!(text.len() > 3 * BLOCK);
        let whole = read(&text).unwrap();
        assert_eq!(whole.len(), 100_000);
        // The header on line 1, a blank line 2, then two lines a row: row i on line 3 + 2i.
        assert_eq!(whole[99_999].0, 3 + 2 * 99_999);
        assert_eq!(
            whole[7].1,
            cells(&[("a", "row 7"), ("b", "one \"7\"\nand two, ok")])
        );
        assert_eq!(read_stream(text.as_bytes()).unwrap(), whole);
    }

    #[test]
    fn a_streamed_file_is_refused_where_the_whole_one_is() {
        let mut text = big().into_bytes();
        // A byte that is not UTF-8 in the third block, and a short row after it.
        let at = text.len() - 1000;
        text[at] = 0xff;
        let whole = rows(&file(), &text, &ANY, |_| Ok(())).unwrap_err();
        let streamed = read_stream(&text).unwrap_err();
        assert_eq!(streamed, whole);
        assert!(
            whole.message.contains(&format!("byte {}", at + 1)),
            "{whole}"
        );
        let mut short = big();
        short.push_str("only one field\n");
        let whole = read(&short).unwrap_err();
        assert_eq!(read_stream(short.as_bytes()).unwrap_err(), whole);
        assert_eq!(whole.origin.line, 3 + 2 * 100_000);
        // The header after more than a block of blank lines.
        let blank = format!("{}a,b\nx,y\n", "\n".repeat(BLOCK + 10));
        assert_eq!(
            read_stream(blank.as_bytes()).unwrap(),
            read(&blank).unwrap()
        );
        assert_eq!(read(&blank).unwrap()[0].0, BLOCK as u32 + 12);
    }

    fn cells(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(c, v)| ((*c).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn quoted_fields_hold_commas_quotes_and_line_breaks() {
        let rows =
            read("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\r\nlast,\"\"\n").unwrap();
        assert_eq!(
            rows,
            vec![
                (2, cells(&[("a", "x, y"), ("b", "say \"hi\"")])),
                (3, cells(&[("a", "two\nlines"), ("b", "z")])),
                // The quoted line break does not shift the next row: it starts on line 5.
                (5, cells(&[("a", "last")])),
            ]
        );
    }

    #[test]
    fn blank_lines_are_skipped_and_the_header_is_trimmed_and_lowercased() {
        let rows = read("\n A ,B\r\n\r\n1, 2 \r3,4").unwrap();
        assert_eq!(
            rows,
            vec![
                (4, cells(&[("a", "1"), ("b", "2")])),
                // A lone `\r` ends a line too.
                (5, cells(&[("a", "3"), ("b", "4")])),
            ]
        );
        assert_eq!(
            csv_header(&file(), "\n A ,B\n").unwrap(),
            (2, vec!["a".into(), "b".into()])
        );
    }

    #[test]
    fn bad_csv_is_refused_with_its_line() {
        let e = read("a,b\n1,\"open\n2,3\n").unwrap_err();
        assert_eq!(
            (e.origin.line, e.message.as_str()),
            (2, "a quoted field is not closed")
        );
        let e = read("a,b\n1,2,3\n").unwrap_err();
        assert_eq!(
            (e.origin.line, e.message.as_str()),
            (2, "the row has 3 fields where the header has 2")
        );
        let e = read("a,b\n\n1,x\"y\n").unwrap_err();
        assert_eq!(
            (e.origin.line, e.message.as_str()),
            (3, "a quote inside the unquoted field `x\"y`")
        );
        let e = read("a,b\n1,\"x\"y\n").unwrap_err();
        assert_eq!(e.message, "`y` follows a quoted field's closing quote");
        let e = read("a,a\n").unwrap_err();
        assert_eq!(e.message, "the header names `a` twice");
        let e = read("a,\n1,2\n").unwrap_err();
        assert_eq!(e.message, "column 2 of the header has no name");
    }

    #[test]
    fn text_accepts_a_bom_and_refuses_empty_and_non_utf8() {
        assert_eq!(text(&file(), b"\xef\xbb\xbfa,b\n").unwrap(), "a,b\n");
        let e = text(&file(), b"  \n").unwrap_err();
        assert_eq!(
            (e.origin.line, e.message.as_str()),
            (1, "the file is empty")
        );
        // `a,b\n1,` is 6 bytes: the bad one is the 7th, on line 2.
        let e = text(&file(), b"a,b\n1,\xff2\n").unwrap_err();
        assert_eq!(e.origin.line, 2);
        assert_eq!(
            e.message,
            "the file is not UTF-8 text (byte 7 of the file cannot be read)"
        );
    }

    #[test]
    fn json_rows_carry_the_line_their_object_starts_on() {
        let text = "[\n  {\"a\": \"x\", \"b\": 2},\n  {\"a\": \"[{\\\"\", \"b\": null,\n   \"c\": {\"d\": [1]} }, {\"a\": 1.5}\n]";
        let e = read(text).unwrap_err();
        // `c` is an object: refused on the line its row starts on.
        assert_eq!(e.origin.line, 3);
        assert_eq!(e.message, "`c` is an object, not a string or a number");
        let text =
            "[\n  {\"a\": \"x\", \"B\": 2},\n  {\"a\": \"[{\\\"\", \"b\": null},\n {\"a\": 1.5}\n]";
        assert_eq!(
            read(text).unwrap(),
            vec![
                // Keys come in `serde_json`'s order (sorted: `B` before `a`), lowercased.
                (2, cells(&[("b", "2"), ("a", "x")])),
                (3, cells(&[("a", "[{\"")])),
                (4, cells(&[("a", "1.5")])),
            ]
        );
        let e = read("[\n{\"a\": 1},\n\n{\"d\": 2}]").unwrap_err();
        assert_eq!(
            (e.origin.line, e.message.as_str()),
            (4, "unknown column `d` for a test file")
        );
    }

    #[test]
    fn bad_json_is_refused_with_its_line() {
        let e = read("[\n{\"a\": 1},\n{\"a\": }\n]").unwrap_err();
        assert_eq!(e.origin.line, 3);
        assert!(e.message.starts_with("the file is not valid JSON: "), "{e}");
        let e = read("[\n{\"a\": 1},\n 7\n]").unwrap_err();
        assert_eq!(
            (e.origin.line, e.message.as_str()),
            (3, "a row is a number, not an object")
        );
        let e = read("{\"a\": 1}").unwrap_err();
        assert_eq!(e.message, "the file is a JSON object, not an array of rows");
        let e = read("[{\"a\": 1},\n{\"a\": 1, \"b\": 2, \"a\": 3}]").unwrap_err();
        assert_eq!(
            (e.origin.line, e.message.as_str()),
            (2, "the object names `a` twice")
        );
    }

    #[test]
    fn member_offsets_find_a_key_past_nested_values() {
        let text = "{\"page\": {\"incidents\": 1}, \"x\": \"]\",\n \"incidents\": [\n {}, {}]}";
        let objects = json_objects(&file(), text, Some("incidents")).unwrap();
        assert_eq!(objects.iter().map(|o| o.0).collect::<Vec<_>>(), vec![3, 3]);
        assert!(
            json_objects(&file(), text, Some("none"))
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            json_first(&file(), "[\n\n{\"a\": 1}, 2]")
                .unwrap()
                .map(|r| r.0),
            Some(3)
        );
    }

    #[test]
    fn times_need_a_zone() {
        let f = file();
        let t = timestamp(&f, 4, "start", "2026-11-03T15:05:00+01:00").unwrap();
        assert_eq!(t.to_string(), "2026-11-03T14:05:00Z");
        let e = timestamp(&f, 4, "start", "2026-11-03T14:05:00").unwrap_err();
        assert_eq!(e.message, "`start` `2026-11-03T14:05:00` has no time zone");
        assert_eq!(e.origin.line, 4);
        let e = timestamp(&f, 4, "start", "yesterday").unwrap_err();
        assert_eq!(e.message, "`start` `yesterday` is not a time");
    }

    #[test]
    fn amounts_are_plain_non_negative_decimals() {
        let f = file();
        assert_eq!(amount(&f, 1, "good", "12.50").unwrap().to_string(), "12.50");
        assert_eq!(
            amount(&f, 1, "good", "-1").unwrap_err().message,
            "`good` `-1` is negative"
        );
        assert_eq!(amount(&f, 1, "good", "1e3").unwrap().to_string(), "1000");
        for bad in ["1_000", "1,5", "+5", ".5", "5.", "1e", "", "twelve"] {
            assert_eq!(
                amount(&f, 1, "good", bad).unwrap_err().message,
                format!("`good` `{bad}` is not a number")
            );
        }
    }

    #[test]
    fn unknown_and_missing_columns_are_named() {
        const COLUMNS: Columns = Columns {
            what: "an incidents file",
            required: &["start", "end"],
            optional: &["note", "service", "objective"],
            one_of: &["service", "objective"],
        };
        let read = |text: &str| rows(&file(), text.as_bytes(), &COLUMNS, |_| Ok(()));
        let e = read("strat,end\n").unwrap_err();
        assert_eq!(e.message, "unknown column `strat` for an incidents file");
        assert_eq!(e.help.as_deref(), Some("did you mean `start`?"));
        let e = read("end\n").unwrap_err();
        assert_eq!(
            e.message,
            "an incidents file needs the column `start`, which is missing"
        );
        let e = read("start,end,zzzzzz\n").unwrap_err();
        assert_eq!(
            e.help.as_deref(),
            Some(
                "an incidents file has the columns `start`, `end`, `note`, `service`, `objective`"
            )
        );
        let e = read("start,end,note\n").unwrap_err();
        assert_eq!(
            e.message,
            "an incidents file needs a `service` or `objective` column"
        );
        assert!(read("start,end,objective\n").is_ok());
    }
}
