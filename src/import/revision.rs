//! Versions across imports: the file an earlier import wrote decides each document's
//! `metadata.version`, `effective.from` and `changelog`.

use super::DocumentReport;
use super::sla_directory::{Doc, Vendor};
use super::yaml_out::{self, Y};
use crate::source::yaml::{Limits, Node, Value, parse};

/// The first lines of every file an import writes.
const HEADER: &str = "\
# A vendor's published SLA, written by `slagate import sla-directory`. Re-import to update it;
# edits here are overwritten. SLA data from SLA.directory (sla.directory), CC BY 4.0:
# https://creativecommons.org/licenses/by/4.0/
";

/// A document of the earlier import.
#[derive(Debug, Clone)]
struct PrevDoc {
    version: u64,
    from: Y,
    changelog: Vec<Y>,
    text: String,
}

/// The documents of the file an earlier import wrote, by id.
#[derive(Debug, Clone)]
pub(crate) struct Previous {
    docs: Vec<(String, PrevDoc)>,
}

impl Previous {
    /// Reads the earlier file. A file that is not YAML, or that an import did not write (no
    /// `metadata.labels.source: sla.directory`), is refused: it is not ours to overwrite.
    pub(crate) fn read(text: &str) -> Result<Previous, String> {
        let not_ours = "the file exists and was not written by `slagate import` (no label `source: sla.directory`): it is left as it is; move it or choose another --out";
        let docs = parse(text, &Limits::default())
            .map_err(|e| format!("{not_ours} (it is not valid YAML: {})", e.message))?;
        let segments: Vec<&str> = text.split("\n---\n").collect();
        if segments.len() != docs.len() {
            return Err(not_ours.into());
        }
        let mut out = Vec::new();
        for (doc, segment) in docs.iter().zip(segments) {
            let root = &doc.root;
            let meta = root.get("metadata");
            let ours = meta
                .and_then(|m| m.get("labels"))
                .and_then(|l| l.get("source"))
                .and_then(Node::as_str)
                == Some("sla.directory");
            let id = meta.and_then(|m| m.get("id")).and_then(Node::as_str);
            let version = meta
                .and_then(|m| m.get("version"))
                .and_then(|v| match v.value {
                    Value::Int(i) => u64::try_from(i).ok(),
                    _ => None,
                });
            let spec = root.get("spec");
            let from = spec
                .and_then(|s| s.get("effective"))
                .and_then(|e| e.get("from"));
            let (true, Some(id), Some(version), Some(from)) = (ours, id, version, from) else {
                return Err(not_ours.into());
            };
            let changelog = spec
                .and_then(|s| s.get("changelog"))
                .and_then(Node::as_seq)
                .unwrap_or_default()
                .iter()
                .map(to_y)
                .collect();
            let body = segment.strip_prefix(HEADER).unwrap_or(segment);
            let body = if body.ends_with('\n') {
                body.to_string()
            } else {
                format!("{body}\n")
            };
            out.push((
                id.to_string(),
                PrevDoc {
                    version,
                    from: to_y(from),
                    changelog,
                    text: body,
                },
            ));
        }
        Ok(Previous { docs: out })
    }

    fn get(&self, id: &str) -> Option<&PrevDoc> {
        self.docs.iter().find(|(i, _)| i == id).map(|(_, d)| d)
    }
}

/// A node read back as the writer wrote it: dates plain, other text quoted.
fn to_y(n: &Node) -> Y {
    match &n.value {
        Value::Str(s) if crate::model::Date::parse(s).is_ok() => Y::plain(s.clone()),
        Value::Str(s) => Y::text(s.clone()),
        Value::Int(i) => Y::Num(i.to_string()),
        Value::Float(f) => Y::Num(f.to_string()),
        Value::Bool(b) => Y::Bool(*b),
        Value::Null => Y::plain("null"),
        Value::Seq(items) => Y::Seq(items.iter().map(to_y).collect()),
        Value::Map(entries) => Y::Map(
            entries
                .iter()
                .map(|(k, v)| (k.name.clone(), to_y(v)))
                .collect(),
        ),
    }
}

/// The file to write.
pub(crate) struct File {
    pub(crate) text: String,
    pub(crate) documents: Vec<DocumentReport>,
    pub(crate) removed: Vec<String>,
}

/// Assembles the file: each document with the version, start and changelog of its earlier
/// import when its content is the same, else with the next version and a changelog entry.
pub(crate) fn assemble(v: &Vendor, prev: Option<&Previous>) -> File {
    let mut texts = Vec::new();
    let mut documents = Vec::new();
    for doc in &v.documents {
        let (version, text) = if let Some(p) = prev.and_then(|p| p.get(&doc.id)) {
            let same = yaml_out::write(&build(doc, p.version, p.from.clone(), p.changelog.clone()));
            if same == p.text {
                (p.version, same)
            } else {
                let next = p.version + 1;
                let mut log = p.changelog.clone();
                log.push(entry(
                    next,
                    &v.last_verified,
                    "Re-imported from SLA.directory: the vendor's terms as last verified on",
                ));
                (
                    next,
                    yaml_out::write(&build(doc, next, p.from.clone(), log)),
                )
            }
        } else {
            let log = vec![entry(
                1,
                &v.last_verified,
                "Imported from SLA.directory: the vendor's terms as last verified on",
            )];
            (
                1,
                yaml_out::write(&build(doc, 1, Y::plain(v.last_verified.clone()), log)),
            )
        };
        documents.push(DocumentReport {
            id: doc.id.clone(),
            version,
            objectives: objectives(doc),
        });
        texts.push(text);
    }
    let removed = prev
        .map(|p| {
            p.docs
                .iter()
                .filter(|(id, _)| !v.documents.iter().any(|d| &d.id == id))
                .map(|(id, _)| id.clone())
                .collect()
        })
        .unwrap_or_default();
    File {
        text: format!("{HEADER}{}", texts.join("---\n")),
        documents,
        removed,
    }
}

fn entry(version: u64, date: &str, summary: &str) -> Y {
    Y::map([
        ("version", Y::Num(version.to_string())),
        ("date", Y::plain(date.to_string())),
        ("summary", Y::text(format!("{summary} {date}."))),
    ])
}

fn objectives(doc: &Doc) -> usize {
    doc.tail
        .iter()
        .find(|(k, _)| k == "objectives")
        .map_or(0, |(_, v)| {
            if let Y::Seq(items) = v {
                items.len()
            } else {
                0
            }
        })
}

fn build(doc: &Doc, version: u64, from: Y, changelog: Vec<Y>) -> Y {
    let mut spec = doc.head.clone();
    spec.push(("effective".into(), Y::map([("from", from)])));
    spec.extend(doc.tail.iter().cloned());
    spec.push(("changelog".into(), Y::Seq(changelog)));
    Y::map([
        ("apiVersion", Y::plain("slagate/v1")),
        ("kind", Y::plain("ServiceLevelAgreement")),
        (
            "metadata",
            Y::map([
                ("id", Y::plain(doc.id.clone())),
                ("version", Y::Num(version.to_string())),
                ("title", Y::text(doc.title.clone())),
                ("labels", Y::Map(doc.labels.clone())),
            ]),
        ),
        ("spec", Y::Map(spec)),
    ])
}
