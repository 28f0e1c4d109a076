//! Source text with spans: decoding bytes into text and text into a spanned YAML tree.
//!
//! This module owns every defence against hostile input: file size, UTF-8, nesting depth,
//! alias expansion and duplicate keys. It never touches the file system; callers hand it bytes
//! ([`Content`]), or what the reader refused to read ([`Refusal`]: a file over the byte limit,
//! read no further than its limit, or a path that is not a regular file).

pub mod docs;
mod input;
pub mod limits;
pub mod lines;
pub mod pointer;
pub mod tree;
pub mod yaml;

use std::sync::Arc;

use crate::diagnostic::{Code, Diagnostic, Span};

pub use limits::{Limits, Refusal};
pub use tree::{Key, Node, Value, YamlDocument};

/// A file's text, decoded and ready to parse or to quote in a snippet.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as shown to users.
    pub path: Arc<str>,
    /// The UTF-8 text, without a byte-order mark.
    pub text: String,
}

/// What reading one file gave: its bytes, or, when the reader refused the file, why, with the
/// beginning of the file for a snippet when there is one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Content {
    /// The bytes: the whole file, or, when [`Content::refused`] is set, at most the first
    /// [`limits::SNIPPET_BYTES`] (nothing for a path that is not a regular file).
    pub bytes: Vec<u8>,
    /// Why the file was not read whole.
    pub refused: Option<Refusal>,
}

impl Content {
    /// A file read whole.
    pub fn whole(bytes: Vec<u8>) -> Content {
        Content {
            bytes,
            refused: None,
        }
    }

    /// A file refused, with the beginning of its bytes (cut to [`limits::SNIPPET_BYTES`]).
    pub fn refused(mut bytes: Vec<u8>, refusal: Refusal) -> Content {
        bytes.truncate(limits::SNIPPET_BYTES);
        Content {
            bytes,
            refused: Some(refusal),
        }
    }
}

/// The finding for a refused file and the text its snippet quotes: the first line of the
/// file's beginning (decoded lossily, so a cut character or a non-UTF-8 byte cannot hide the
/// finding), or none for a path that is not a regular file (it has no text).
pub fn refused(
    path: Arc<str>,
    bytes: &[u8],
    refusal: &Refusal,
    limits: &Limits,
) -> (Diagnostic, Option<SourceFile>) {
    let d = refusal.diagnostic(&path, limits);
    if matches!(refusal, Refusal::NotRegular(_)) {
        return (d, None);
    }
    let text = String::from_utf8_lossy(bytes);
    let first = text.split_inclusive('\n').next().unwrap_or_default();
    let text = first.to_string();
    (d, Some(SourceFile { path, text }))
}

/// Decodes a file's bytes, enforcing the size limit and UTF-8.
///
/// A byte-order mark is dropped. Errors are findings with a location: the first invalid byte
/// for non-UTF-8 input.
pub fn decode(
    path: Arc<str>,
    bytes: Vec<u8>,
    limits: &Limits,
) -> Result<SourceFile, Box<Diagnostic>> {
    limits.check_bytes(&path, bytes.len())?;
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile { path, text }),
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let bytes = err.as_bytes();
            let prefix = std::str::from_utf8(&bytes[..valid]).expect("valid_up_to is valid UTF-8");
            let line = prefix.matches('\n').count() + 1;
            let col = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Err(Box::new(
                Diagnostic::new(
                    Code::NotUtf8,
                    path,
                    Span::point(line as u32, col as u32),
                    format!(
                        "invalid UTF-8 byte `0x{:02X}` at byte offset {valid}",
                        bytes[valid]
                    ),
                )
                .with_help("save the file as UTF-8 (YAML 1.2 files are Unicode text)"),
            ))
        }
    }
}
