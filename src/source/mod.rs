//! Source text with spans: decoding bytes into text and text into a spanned YAML tree.
//!
//! This module owns every defence against hostile input: file size, UTF-8, nesting depth,
//! alias expansion and duplicate keys. It never touches the file system; callers hand it bytes.

pub mod docs;
mod input;
pub mod limits;
pub mod lines;
pub mod pointer;
pub mod tree;
pub mod yaml;

use std::sync::Arc;

use crate::diagnostic::{Code, Diagnostic, Span};

pub use limits::Limits;
pub use tree::{Key, Node, Value, YamlDocument};

/// A file's text, decoded and ready to parse or to quote in a snippet.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as shown to users.
    pub path: Arc<str>,
    /// The UTF-8 text, without a byte-order mark.
    pub text: String,
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
