//! `slagate import`: published SLAs from other formats in, slagate documents out.
//!
//! Pure logic: bytes of a source file (and of the file an earlier import wrote, if any) in;
//! the text to write and an account of every field out. The binary reads and writes the
//! files. One source format today, the SLA.directory dataset ([`sla_directory`]).
//!
//! **Re-importing.** The documents carry `metadata.version` and a `changelog`. When the file
//! an earlier import wrote is given, a document whose content is unchanged keeps its version
//! and text byte for byte (the file is not rewritten); a changed one gets the next version
//! and a changelog entry, and keeps its `effective.from`, so that `slagate diff` between the
//! two imports shows exactly what the vendor changed ("vendor watch", docs/import.md). A file
//! at the output path that an import did not write (no `source: sla.directory` label) is
//! never overwritten.

pub mod ledger;
mod revision;
mod sla_directory;
pub(crate) mod yaml_out;

use std::sync::Arc;

use serde::Serialize;

use crate::diagnostic::Level;
use crate::load::{Input, Settings};
use crate::model::Date;
use crate::policy::Policy;
use crate::source::yaml::{Limits, parse};
pub use ledger::{Entry, Outcome};

/// What became of one source file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// A new file was written.
    Created,
    /// The file an earlier import wrote was rewritten: the vendor's terms changed.
    Updated,
    /// The file an earlier import wrote already says the same: not rewritten.
    Unchanged,
    /// Nothing in the source makes an objective (no uptime commitment, no response time):
    /// no file is written.
    NoDocument,
    /// The source could not be imported (see `error`); no file is written.
    Error,
}

/// A position in a source file and what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorAt {
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
    /// What is wrong.
    pub message: String,
}

/// One written document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentReport {
    /// `metadata.id`.
    pub id: String,
    /// `metadata.version` as written.
    pub version: u64,
    /// How many objectives it has.
    pub objectives: usize,
}

/// A lint finding on a written document (a warning: documents with errors are not written).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// The rule code.
    pub code: String,
    /// The line of the written file.
    pub line: u32,
    /// The message.
    pub message: String,
}

/// The account of one source file (the `--format json` contract of `slagate import`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VendorReport {
    /// The source file, as given.
    pub source: String,
    /// The vendor's id, when the file got that far.
    pub vendor: Option<String>,
    /// The file written (or that would be), relative to the output directory.
    pub file: Option<String>,
    /// What happened.
    pub status: Status,
    /// The documents of the file, baseline first.
    pub documents: Vec<DocumentReport>,
    /// Documents the earlier import wrote that the vendor no longer has (a plan dropped).
    pub removed: Vec<String>,
    /// Every field of the source: mapped, or not and why, in line order.
    pub fields: Vec<Entry>,
    /// Lint warnings on the written documents.
    pub warnings: Vec<Warning>,
    /// Why the file could not be imported.
    pub error: Option<ErrorAt>,
}

impl VendorReport {
    fn failed(source: &str, vendor: Option<String>, error: ErrorAt) -> VendorReport {
        VendorReport {
            source: source.to_string(),
            vendor,
            file: None,
            status: Status::Error,
            documents: Vec::new(),
            removed: Vec::new(),
            fields: Vec::new(),
            warnings: Vec::new(),
            error: Some(error),
        }
    }
}

/// A vendor file, parsed and mapped, waiting for the file an earlier import wrote.
#[derive(Debug, Clone)]
pub struct Parsed {
    source: String,
    vendor: sla_directory::Vendor,
}

impl Parsed {
    /// The vendor's id.
    pub fn vendor(&self) -> &str {
        &self.vendor.slug
    }

    /// The name of the file to write, in the output directory: `<vendor>.sla.yaml`.
    pub fn file_name(&self) -> String {
        format!("{}.sla.yaml", self.vendor.slug)
    }
}

/// The result of importing one file: its account, and the text to write (`None` when
/// nothing is to be written: unchanged, no document, or an error).
#[derive(Debug, Clone)]
pub struct Imported {
    /// The account.
    pub report: VendorReport,
    /// The new text of [`VendorReport::file`].
    pub text: Option<String>,
}

impl Imported {
    /// A source that could not be imported: nothing to write.
    pub fn failed(source: &str, vendor: Option<String>, error: ErrorAt) -> Imported {
        Imported {
            report: VendorReport::failed(source, vendor, error),
            text: None,
        }
    }
}

/// Reads an SLA.directory vendor file (Markdown with YAML front matter). `source` is the path
/// as shown to users; `stem` its file name without `.md`, the id when the file has no `slug`.
/// A file that is not UTF-8, has no front matter, or whose front matter is not YAML or lacks
/// what every document needs is an error at its position.
pub fn parse_sla_directory(
    source: &str,
    stem: &str,
    bytes: &[u8],
    limits: &Limits,
) -> Result<Parsed, Box<Imported>> {
    let fail = |e: ErrorAt| {
        Box::new(Imported {
            report: VendorReport::failed(source, None, e),
            text: None,
        })
    };
    if bytes.len() > limits.max_bytes {
        return Err(fail(ErrorAt {
            line: 1,
            col: 1,
            message: format!(
                "the file is {} bytes, over the limit of {} bytes",
                bytes.len(),
                limits.max_bytes
            ),
        }));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let before = &bytes[..e.valid_up_to()];
        // A one-off count on an error path: no need for a faster byte counter.
        #[allow(clippy::naive_bytecount)]
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let col = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
        fail(ErrorAt {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            col: u32::try_from(col).unwrap_or(u32::MAX),
            message: "the file is not UTF-8 text".into(),
        })
    })?;
    let front = sla_directory::front_matter(text).map_err(|f| fail(f.into()))?;
    let mut docs = parse(front, limits).map_err(|e| {
        let mut message = format!("the front matter is not valid YAML: {}", e.message);
        if let Some(h) = e.help {
            message = format!("{message} ({h})");
        }
        fail(ErrorAt {
            line: e.span.start.line,
            col: e.span.start.col,
            message,
        })
    })?;
    if docs.is_empty() {
        return Err(fail(ErrorAt {
            line: 1,
            col: 1,
            message: "the front matter is empty".into(),
        }));
    }
    let root = docs.swap_remove(0).root;
    let vendor = sla_directory::map(&root, stem).map_err(|f| fail(f.into()))?;
    Ok(Parsed {
        source: source.to_string(),
        vendor,
    })
}

impl From<sla_directory::Failure> for ErrorAt {
    fn from(f: sla_directory::Failure) -> ErrorAt {
        ErrorAt {
            line: f.line,
            col: f.col,
            message: f.message,
        }
    }
}

/// The file to write for `parsed`, given the text of the file an earlier import wrote at the
/// same path (`previous`), checked with the validate pipeline as of `today`: a document that
/// would not validate is an error, never written.
pub fn render(parsed: &Parsed, previous: Option<&str>, today: Date) -> Imported {
    let v = &parsed.vendor;
    let mut report = VendorReport {
        source: parsed.source.clone(),
        vendor: Some(v.slug.clone()),
        file: Some(parsed.file_name()),
        status: Status::Created,
        documents: Vec::new(),
        removed: Vec::new(),
        fields: v.ledger.entries.clone(),
        warnings: Vec::new(),
        error: None,
    };
    if v.documents.is_empty() {
        report.status = Status::NoDocument;
        report.file = None;
        return Imported { report, text: None };
    }
    let prev = match previous.map(revision::Previous::read).transpose() {
        Ok(p) => p,
        Err(message) => {
            report.status = Status::Error;
            report.error = Some(ErrorAt {
                line: 1,
                col: 1,
                message: format!("{}: {message}", parsed.file_name()),
            });
            return Imported { report, text: None };
        }
    };
    let file = revision::assemble(v, prev.as_ref());
    report.documents = file.documents;
    report.removed = file.removed;
    if previous == Some(file.text.as_str()) {
        report.status = Status::Unchanged;
        return Imported { report, text: None };
    }
    if previous.is_some() {
        report.status = Status::Updated;
    }
    match check(&parsed.file_name(), &file.text, today) {
        Ok(warnings) => report.warnings = warnings,
        Err(e) => {
            report.status = Status::Error;
            report.error = Some(e);
            return Imported { report, text: None };
        }
    }
    Imported {
        report,
        text: Some(file.text),
    }
}

/// Validates the text to write; errors (a bug of the mapping) refuse it.
fn check(name: &str, text: &str, today: Date) -> Result<Vec<Warning>, ErrorAt> {
    let path: Arc<str> = name.into();
    let outcome = crate::validate::check(
        vec![Input::new(path, text.as_bytes().to_vec())],
        &Settings::for_today(today),
        &Policy::default(),
    );
    if let Some(e) = outcome.diagnostics.iter().find(|d| d.level == Level::Error) {
        return Err(ErrorAt {
            line: 1,
            col: 1,
            message: format!(
                "the imported document would not validate ({} at line {} of {name}: {}); it was not written",
                e.code.as_str(),
                e.span.start.line,
                e.message
            ),
        });
    }
    Ok(outcome
        .diagnostics
        .iter()
        .map(|d| Warning {
            code: d.code.as_str().to_string(),
            line: d.span.start.line,
            message: d.message.clone(),
        })
        .collect())
}

/// The `.slagate.yaml` that makes changes to published SLAs need the vendor's side only (the
/// customer of a published SLA is any subscriber, who approves nothing), for the documents
/// under `dir`: the output directory relative to the repository root (`""` when it is the
/// root). `None` when `dir` has a glob character (`*?[]{}`), which a pattern cannot quote.
pub fn policy(dir: &str) -> Option<String> {
    if dir.contains(['*', '?', '[', ']', '{', '}', '\\']) {
        return None;
    }
    let pattern = if dir.is_empty() {
        "**".to_string()
    } else {
        format!("{}/**", dir.trim_end_matches('/'))
    };
    let mut quoted = String::new();
    yaml_out::quoted(&mut quoted, &pattern);
    Some(format!(
        "\
# Written by `slagate import`: the documents below are vendors' published SLAs. Their customer
# is any subscriber, who signs nothing, so every class of change needs the provider only.
# Vendor watch runs `slagate diff` on each re-import: see docs/import.md.
overrides:
  - documents: [{quoted}]
    changeControl:
      approvals:
        weakened: [provider]
        changed: [provider]
        strengthened: [provider]
"
    ))
}

#[cfg(test)]
mod tests;
