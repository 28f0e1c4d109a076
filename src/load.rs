//! The one loader of SLA inputs: bytes -> text -> YAML -> schema -> typed model, per file, on
//! all cores, in input order.
//!
//! Every command that reads SLA files goes through here: `validate` (through
//! [`crate::validate`]), and both sides of a revision comparison ([`crate::compare`]). A head
//! file (the side being checked) is schema-checked and reports everything wrong with it; a
//! base file ([`Side::Base`]) was checked when it was the head of its own change, so it skips
//! the JSON Schema (the model builder is total and still refuses what it cannot type) and
//! reports nothing: its findings would be about a revision nobody is changing. A file that did
//! not load is one shape wherever it comes from: its findings and its text ([`Rejected`]).

use std::sync::Arc;

use crate::diagnostic::{Code, Diagnostic, Span};
use crate::model::{Date, SlaDocument, build};
use crate::schema::Schema;
use crate::source::yaml::YamlError;
use crate::source::{self, Content, Limits, Refusal, SourceFile};

/// One file to check.
#[derive(Debug, Clone)]
pub struct Input {
    /// The path as shown to users.
    pub path: Arc<str>,
    /// The raw bytes (when `refused` is set, at most the beginning of the file).
    pub bytes: Vec<u8>,
    /// Why the reader did not read the file whole: reported as the file's one finding.
    pub refused: Option<Refusal>,
}

impl Input {
    /// A file read whole.
    pub fn new(path: Arc<str>, bytes: Vec<u8>) -> Input {
        Input {
            path,
            bytes,
            refused: None,
        }
    }

    /// A file as a reader gave it ([`crate::discover::read_file`], [`crate::git::Repo::read`]).
    pub fn from_content(path: Arc<str>, content: Content) -> Input {
        Input {
            path,
            bytes: content.bytes,
            refused: content.refused,
        }
    }
}

/// How to check.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Loader limits.
    pub limits: Limits,
    /// Stop after the schema (no model, no lint).
    pub schema_only: bool,
    /// Today's date, for the date-dependent rules.
    pub today: Date,
}

impl Settings {
    /// The default limits, the whole pipeline (not `--schema-only`), and `today`.
    pub fn for_today(today: Date) -> Settings {
        Settings {
            limits: Limits::default(),
            schema_only: false,
            today,
        }
    }
}

/// What loading one file produced.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The decoded text, when it decoded.
    pub source: Option<SourceFile>,
    /// The documents that validated.
    pub documents: Vec<SlaDocument>,
    /// How many documents the file holds (valid or not).
    pub document_count: usize,
    /// Everything wrong with the file on its own (always empty for [`Side::Base`]).
    pub diagnostics: Vec<Diagnostic>,
    /// `metadata.id`s of documents that did not build ([`Side::Base`] only): their head
    /// revisions are not compared (nor reported as added), since there is nothing valid to
    /// compare with.
    pub invalid_ids: Vec<String>,
}

/// Which side of a comparison a file is loaded for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The revision being checked: schema, model, and every finding.
    Head,
    /// The older revision, for comparison only: no schema, no findings, no text kept.
    Base,
}

/// A file that did not load: what is wrong with it, and its text for the snippets. The one
/// error shape of a policy file that is malformed, wherever it was read from.
#[derive(Debug, Clone)]
pub struct Rejected {
    /// The findings, located in `source`.
    pub diagnostics: Vec<Diagnostic>,
    /// The file's text (decoded lossily when it is not UTF-8).
    pub source: SourceFile,
}

impl Rejected {
    /// The findings about `file`, whose bytes were `bytes`.
    pub fn new(file: Arc<str>, bytes: &[u8], diagnostics: Vec<Diagnostic>) -> Rejected {
        Rejected {
            diagnostics,
            source: SourceFile {
                path: file,
                text: String::from_utf8_lossy(bytes).into_owned(),
            },
        }
    }
}

/// Turns a loader error into a finding.
pub fn yaml_error(file: &Arc<str>, e: YamlError) -> Diagnostic {
    let mut d = Diagnostic::new(e.code, file.clone(), e.span, e.message);
    d.help = e.help;
    if let Some((span, msg)) = e.related {
        d = d.with_related(file.clone(), span, msg);
    }
    d
}

/// Loads one head file: decode, parse, schema-check and build every document.
pub fn load(input: Input, settings: &Settings) -> Loaded {
    let file = input.path.clone();
    let mut loaded = Loaded {
        source: None,
        documents: Vec::new(),
        document_count: 0,
        diagnostics: Vec::new(),
        invalid_ids: Vec::new(),
    };
    if let Some(refusal) = &input.refused {
        let (d, text) = source::refused(file, &input.bytes, refusal, &settings.limits);
        loaded.diagnostics.push(d);
        loaded.source = text;
        return loaded;
    }
    let source = match source::decode(file.clone(), input.bytes, &settings.limits) {
        Ok(s) => s,
        Err(d) => {
            loaded.diagnostics.push(*d);
            return loaded;
        }
    };
    match source::yaml::parse(&source.text, &settings.limits) {
        Err(e) => loaded.diagnostics.push(yaml_error(&file, e)),
        Ok(docs) if docs.is_empty() => loaded.diagnostics.push(
            Diagnostic::new(
                Code::EmptyFile,
                file.clone(),
                Span::file_start(),
                "the file holds no YAML document",
            )
            .with_help("add an agreement (`apiVersion: slagate/v1` ...) or remove the file"),
        ),
        Ok(docs) => {
            loaded.document_count = docs.len();
            for (i, doc) in docs.iter().enumerate() {
                let id = doc
                    .root
                    .get("metadata")
                    .and_then(|m| m.get("id"))
                    .and_then(|n| n.as_str())
                    .map(str::to_string);
                let mut errors = Schema::sla().check(&file, &doc.root);
                if errors.is_empty() && !settings.schema_only {
                    match build::build(file.clone(), i, &doc.root) {
                        Ok(d) => loaded.documents.push(d),
                        Err(e) => errors = e,
                    }
                }
                for mut e in errors {
                    if e.document.is_none() {
                        e.document.clone_from(&id);
                    }
                    loaded.diagnostics.push(e);
                }
            }
        }
    }
    loaded.source = Some(source);
    loaded
}

/// Loads every input on all cores ([`crate::parallel::map`]); results come back in input
/// order.
pub fn load_all(inputs: Vec<Input>, settings: &Settings) -> Vec<Loaded> {
    load_all_with(inputs, settings, |_| {})
}

/// [`load_all`], applying `finish` to each file's result on its worker thread (to drop what
/// the caller does not need before every file is held at once).
pub(crate) fn load_all_with(
    inputs: Vec<Input>,
    settings: &Settings,
    finish: impl Fn(&mut Loaded) + Sync,
) -> Vec<Loaded> {
    crate::parallel::map(inputs, |input: Input| {
        let mut l = load(input, settings);
        finish(&mut l);
        l
    })
}

/// Loads one base-revision file for comparison only ([`Side::Base`]).
pub fn load_base(input: Input, limits: &Limits) -> Loaded {
    let path = input.path;
    let mut out = Loaded {
        source: None,
        documents: Vec::new(),
        document_count: 0,
        diagnostics: Vec::new(),
        invalid_ids: Vec::new(),
    };
    if input.refused.is_some() {
        return out;
    }
    let Ok(text) = source::decode(path.clone(), input.bytes, limits) else {
        return out;
    };
    let Ok(docs) = source::yaml::parse(&text.text, limits) else {
        return out;
    };
    out.document_count = docs.len();
    for (i, doc) in docs.iter().enumerate() {
        match build::build(path.clone(), i, &doc.root) {
            Ok(d) => out.documents.push(d),
            Err(_) => out.invalid_ids.extend(
                doc.root
                    .get("metadata")
                    .and_then(|m| m.get("id"))
                    .and_then(|n| n.as_str())
                    .map(str::to_string),
            ),
        }
    }
    out
}

/// Loads every input for `side` on all cores; results come back in input order.
pub fn load_side(inputs: Vec<Input>, side: Side, settings: &Settings) -> Vec<Loaded> {
    match side {
        Side::Head => load_all(inputs, settings),
        Side::Base => crate::parallel::map(inputs, |f: Input| load_base(f, &settings.limits)),
    }
}

/// Test support for the rules above the loader (lint, diff): documents from YAML text.
#[cfg(test)]
pub(crate) mod testing {
    use crate::model::SlaDocument;
    use crate::source::yaml::{Limits, parse};

    /// A valid document to edit with `.replace()` in tests.
    pub(crate) const BASE: &str = crate::model::build::tests_support::MINIMAL;

    /// Parses, schema-checks and builds `(file, text)` pairs; panics on any error before lint.
    pub(crate) fn documents(files: &[(&str, &str)]) -> Vec<SlaDocument> {
        let mut docs = Vec::new();
        for (file, text) in files {
            for (i, d) in parse(text, &Limits::default()).unwrap().iter().enumerate() {
                let errors = crate::schema::Schema::sla().check(&(*file).into(), &d.root);
                assert!(errors.is_empty(), "{file}: schema errors: {errors:#?}");
                docs.push(crate::model::build::build((*file).into(), i, &d.root).unwrap());
            }
        }
        docs
    }

    /// Parses and builds `(file, text)` pairs without the schema, as a base revision is read.
    pub(crate) fn model_only(files: &[(&str, &str)]) -> Vec<SlaDocument> {
        let mut docs = Vec::new();
        for (file, text) in files {
            for (i, d) in parse(text, &Limits::default()).unwrap().iter().enumerate() {
                docs.push(crate::model::build::build((*file).into(), i, &d.root).unwrap());
            }
        }
        docs
    }
}
