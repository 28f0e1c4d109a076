//! The bindings file (`--bindings FILE`): where each objective's series comes from, and which
//! service each Statuspage component is.
//!
//! ```yaml
//! objectives:
//!   - objective: availability          # the objective's id in the agreement
//!     agreement: acme-api              # optional: only this agreement's objective
//!     query: min by () (up{job="api"}) # PromQL, asked at a 60 s step; or:
//!     # file: prometheus/api.json      # a saved query_range answer, relative to this file
//!     kind: up                         # up (0/1 a minute) | ratio (good/total in [0, 1])
//!     missing: down                    # down (the default) | up | excluded
//!     select: {instance: a}            # optional: the one series to read of several
//! components:
//!   API: api                           # Statuspage component name: service id
//! ```
//!
//! Read through [`crate::source`] (the same YAML parser, limits and spans as agreements), so
//! every error names the file and line; an unknown key is an error with the nearest known one.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::prometheus::Target;
use super::{DataError, Missing, Origin, SeriesKind};
use crate::source::{self, Limits, Node, Value};

/// Where a binding's samples come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A PromQL query, asked of the `--prometheus` server.
    Query(String),
    /// A saved `query_range` answer.
    File {
        /// As written in the bindings file.
        written: String,
        /// Relative to the bindings file's directory (as written when absolute).
        path: PathBuf,
    },
}

/// One objective's binding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    /// The agreement (`metadata.id`) it is limited to.
    pub agreement: Option<String>,
    /// The objective's id.
    pub objective: String,
    /// The query or the file.
    pub source: Source,
    /// How the values read.
    pub kind: SeriesKind,
    /// What a missing sample counts as.
    pub missing: Missing,
    /// Labels that pick one series of several (`select:`), in the order written.
    pub select: Vec<(String, String)>,
    /// Where the binding's entry starts.
    pub origin: Origin,
}

impl Binding {
    /// What the matrix reader needs to know of this binding.
    pub fn target(&self) -> Target {
        Target {
            agreement: self.agreement.clone(),
            objective: self.objective.clone(),
            kind: self.kind,
            missing: self.missing,
            select: self.select.clone(),
            origin: self.origin.clone(),
        }
    }
}

/// A Statuspage component mapped to a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Component {
    /// The component's name as Statuspage writes it.
    pub name: String,
    /// The service id of the agreements.
    pub service: String,
    /// Where the mapping is written.
    pub origin: Origin,
}

/// A bindings file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Bindings {
    /// The objectives' bindings, in the order written.
    pub objectives: Vec<Binding>,
    /// The components, in the order written.
    pub components: Vec<Component>,
}

impl Bindings {
    /// The service a Statuspage component maps to, if the file names it.
    pub fn service_of(&self, component: &str) -> Option<&str> {
        self.components
            .iter()
            .find(|c| c.name == component)
            .map(|c| c.service.as_str())
    }
}

const TOP: [&str; 2] = ["objectives", "components"];
const ENTRY: [&str; 7] = [
    "objective",
    "agreement",
    "query",
    "file",
    "kind",
    "missing",
    "select",
];

struct Reader<'f> {
    file: &'f Arc<str>,
}

impl Reader<'_> {
    fn at(&self, line: u32) -> Origin {
        Origin {
            file: self.file.clone(),
            line,
        }
    }

    fn error(&self, node_line: u32, message: String, help: Option<String>) -> DataError {
        DataError {
            origin: self.at(node_line),
            message,
            help,
        }
    }

    fn text(&self, node: &Node, key: &str) -> Result<String, DataError> {
        match &node.value {
            Value::Str(s) if !s.trim().is_empty() => Ok(s.clone()),
            Value::Str(_) => {
                Err(self.error(node.span.start.line, format!("`{key}` is empty"), None))
            }
            _ => Err(self.error(
                node.span.start.line,
                format!("`{key}` must be text, not a {}", node.kind_name()),
                Some(format!("quote the value: `{key}: \"...\"`")),
            )),
        }
    }

    fn keys(&self, node: &Node, known: &[&str], what: &str) -> Result<(), DataError> {
        for (key, _) in node.as_map().unwrap_or_default() {
            if !known.contains(&key.name.as_str()) {
                let help = match crate::text::closest(&key.name, known, |k| {
                    (k.chars().count() / 3).max(2)
                }) {
                    Some(k) => format!("did you mean `{k}`?"),
                    None => format!(
                        "the keys of {what} are {}",
                        crate::text::backticked(known, 8)
                    ),
                };
                return Err(self.error(
                    key.span.start.line,
                    format!(
                        "unknown key {} in {what}",
                        super::prometheus::quote(&key.name)
                    ),
                    Some(help),
                ));
            }
        }
        Ok(())
    }

    fn entry(&self, node: &Node) -> Result<Binding, DataError> {
        let line = node.span.start.line;
        if node.as_map().is_none() {
            return Err(self.error(
                line,
                format!(
                    "an objective's binding must be a mapping, not a {}",
                    node.kind_name()
                ),
                Some(
                    "write `- objective: ID` with `query:` or `file:`, `kind:` and `missing:`"
                        .to_string(),
                ),
            ));
        }
        self.keys(node, &ENTRY, "an objective's binding")?;
        let objective = match node.get("objective") {
            Some(n) => self.text(n, "objective")?,
            None => {
                return Err(self.error(
                    line,
                    "the binding names no `objective`".to_string(),
                    Some("add `objective: ID` (the objective's id in the agreement)".to_string()),
                ));
            }
        };
        let agreement = node
            .get("agreement")
            .map(|n| self.text(n, "agreement"))
            .transpose()?;
        let source = match (node.get("query"), node.get("file")) {
            (Some(q), None) => Source::Query(self.text(q, "query")?),
            (None, Some(f)) => {
                let written = self.text(f, "file")?;
                let path = Path::new(&**self.file)
                    .parent()
                    .unwrap_or_else(|| Path::new(""))
                    .join(&written);
                Source::File { written, path }
            }
            (Some(_), Some(f)) => {
                return Err(self.error(
                    f.span.start.line,
                    format!("objective `{objective}` has both `query` and `file`"),
                    Some("keep one: `query` asks the --prometheus server, `file` reads a saved answer".to_string()),
                ));
            }
            (None, None) => {
                return Err(self.error(
                    line,
                    format!("objective `{objective}` has neither `query` nor `file`"),
                    Some("add `query: PROMQL` or `file: ANSWER.json`".to_string()),
                ));
            }
        };
        let kind = match node.get("kind") {
            Some(n) => match self.text(n, "kind")?.as_str() {
                "up" => SeriesKind::Up,
                "ratio" => SeriesKind::Ratio,
                other => {
                    return Err(self.error(
                        n.span.start.line,
                        format!("unknown kind {}", super::prometheus::quote(other)),
                        Some(
                            "`up` (a 0/1 value a minute) or `ratio` (good/total in [0, 1])"
                                .to_string(),
                        ),
                    ));
                }
            },
            None => {
                return Err(self.error(
                    line,
                    format!("objective `{objective}` has no `kind`"),
                    Some("add `kind: up` (a 0/1 value a minute) or `kind: ratio`".to_string()),
                ));
            }
        };
        let missing = match node.get("missing") {
            Some(n) => match self.text(n, "missing")?.as_str() {
                "down" => Missing::Down,
                "up" => Missing::Up,
                "excluded" => Missing::Excluded,
                other => {
                    return Err(self.error(
                        n.span.start.line,
                        format!("unknown `missing` {}", super::prometheus::quote(other)),
                        Some("`down` (the default), `up` or `excluded`".to_string()),
                    ));
                }
            },
            None => Missing::Down,
        };
        let mut select = Vec::new();
        if let Some(n) = node.get("select") {
            let Some(map) = n.as_map() else {
                return Err(self.error(
                    n.span.start.line,
                    format!(
                        "`select` must be a mapping of labels, not a {}",
                        n.kind_name()
                    ),
                    Some("write `select: {instance: a}`".to_string()),
                ));
            };
            for (k, v) in map {
                select.push((k.name.clone(), self.text(v, &k.name)?));
            }
        }
        Ok(Binding {
            agreement,
            objective,
            source,
            kind,
            missing,
            select,
            origin: self.at(line),
        })
    }
}

/// Reads a bindings file from its bytes; `file` is its path as given (a binding's `file:` is
/// relative to its directory).
pub fn read(file: &Arc<str>, bytes: Vec<u8>) -> Result<Bindings, DataError> {
    let limits = Limits::default();
    let r = Reader { file };
    let text = source::decode(file.clone(), bytes, &limits)
        .map_err(|d| r.error(d.span.start.line, d.message.clone(), d.help.clone()))?;
    let docs = source::yaml::parse(&text.text, &limits)
        .map_err(|e| r.error(e.span.start.line, e.message, e.help))?;
    if docs.len() > 1 {
        return Err(r.error(
            docs[1].root.span.start.line,
            "the bindings file holds more than one document".to_string(),
            None,
        ));
    }
    let Some(root) = docs.first().map(|d| &d.root) else {
        return Ok(Bindings::default());
    };
    if matches!(root.value, Value::Null) {
        return Ok(Bindings::default());
    }
    if root.as_map().is_none() {
        return Err(r.error(
            root.span.start.line,
            format!("a bindings file is a mapping, not a {}", root.kind_name()),
            Some("write `objectives:` and `components:`".to_string()),
        ));
    }
    r.keys(root, &TOP, "a bindings file")?;
    let mut out = Bindings::default();
    if let Some(list) = root.get("objectives") {
        let items: &[Node] = match &list.value {
            Value::Seq(items) => items,
            Value::Null => &[],
            _ => {
                return Err(r.error(
                    list.span.start.line,
                    format!("`objectives` must be a list, not a {}", list.kind_name()),
                    Some("write each binding as `- objective: ID`".to_string()),
                ));
            }
        };
        for item in items {
            let b = r.entry(item)?;
            if let Some(first) = out
                .objectives
                .iter()
                .find(|o| o.objective == b.objective && o.agreement == b.agreement)
            {
                return Err(r.error(
                    b.origin.line,
                    format!(
                        "objective `{}`{} is bound twice (first on line {})",
                        b.objective,
                        b.agreement
                            .as_deref()
                            .map_or(String::new(), |a| format!(" of `{a}`")),
                        first.origin.line
                    ),
                    Some("keep one binding per objective (and agreement)".to_string()),
                ));
            }
            out.objectives.push(b);
        }
    }
    if let Some(map) = root.get("components") {
        let entries = match &map.value {
            Value::Map(entries) => entries.as_slice(),
            Value::Null => &[],
            _ => {
                return Err(r.error(
                    map.span.start.line,
                    format!("`components` must be a mapping, not a {}", map.kind_name()),
                    Some("write `Component name: service-id`".to_string()),
                ));
            }
        };
        for (key, value) in entries {
            out.components.push(Component {
                name: key.name.clone(),
                service: r.text(value, &key.name)?,
                origin: r.at(key.span.start.line),
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Bindings, DataError> {
        read(&Arc::from("conf/bindings.yaml"), text.as_bytes().to_vec())
    }

    #[test]
    fn a_full_file_reads_with_lines_and_relative_paths() {
        let b = load(
            "objectives:\n\
             \x20 - objective: availability\n\
             \x20   agreement: acme-api\n\
             \x20   query: 'min by () (up{job=\"api\"})'\n\
             \x20   kind: up\n\
             \x20   missing: excluded\n\
             \x20 - objective: success\n\
             \x20   file: data/ratio.json\n\
             \x20   kind: ratio\n\
             \x20   select: {route: checkout}\n\
             components:\n\
             \x20 API: api\n",
        )
        .unwrap();
        assert_eq!(b.objectives.len(), 2);
        let a = &b.objectives[0];
        assert_eq!(a.origin.line, 2);
        assert_eq!(a.agreement.as_deref(), Some("acme-api"));
        assert_eq!(
            a.source,
            Source::Query("min by () (up{job=\"api\"})".to_string())
        );
        assert_eq!((a.kind, a.missing), (SeriesKind::Up, Missing::Excluded));
        let s = &b.objectives[1];
        assert_eq!(s.origin.line, 7);
        assert_eq!(s.missing, Missing::Down, "the default fails closed");
        assert_eq!(
            s.source,
            Source::File {
                written: "data/ratio.json".to_string(),
                path: PathBuf::from("conf/data/ratio.json")
            }
        );
        assert_eq!(
            s.select,
            vec![("route".to_string(), "checkout".to_string())]
        );
        assert_eq!(b.service_of("API"), Some("api"));
        assert_eq!(b.components[0].origin.line, 12);
        assert_eq!(b.service_of("Dashboard"), None);
    }

    #[test]
    fn unknown_keys_say_the_nearest_with_their_line() {
        let e = load("objectives:\n  - objective: a\n    qurey: up\n    kind: up\n").unwrap_err();
        assert_eq!(e.origin.to_string(), "conf/bindings.yaml:3");
        assert_eq!(e.help.as_deref(), Some("did you mean `query`?"));
        let e = load("objective:\n  - objective: a\n").unwrap_err();
        assert_eq!(e.origin.line, 1);
        assert_eq!(e.help.as_deref(), Some("did you mean `objectives`?"));
        let e = load("componets: {}\n").unwrap_err();
        assert_eq!(e.help.as_deref(), Some("did you mean `components`?"));
    }

    #[test]
    fn bad_entries_are_errors_at_their_line() {
        let cases = [
            // (file, line, words of the message)
            (
                "objectives:\n  - objective: a\n    kind: up\n",
                2,
                "neither `query` nor `file`",
            ),
            (
                "objectives:\n  - objective: a\n    query: up\n    file: x.json\n    kind: up\n",
                4,
                "both",
            ),
            (
                "objectives:\n  - objective: a\n    query: up\n",
                2,
                "no `kind`",
            ),
            (
                "objectives:\n  - objective: a\n    query: up\n    kind: gauge\n",
                4,
                "unknown kind",
            ),
            (
                "objectives:\n  - objective: a\n    query: up\n    kind: up\n    missing: zero\n",
                5,
                "unknown `missing`",
            ),
            (
                "objectives:\n  - query: up\n    kind: up\n",
                2,
                "no `objective`",
            ),
            (
                "objectives:\n  - objective: 7\n    query: up\n    kind: up\n",
                2,
                "must be text",
            ),
            (
                "objectives:\n  - objective: a\n    query: up\n    kind: up\n  - objective: a\n    query: x\n    kind: up\n",
                5,
                "bound twice (first on line 2)",
            ),
            ("objectives: {a: 1}\n", 1, "must be a list"),
            ("components:\n  API: [api]\n", 2, "must be text"),
            (
                "objectives:\n  - objective: a\n    query: up\n    kind: up\n    select: x\n",
                5,
                "`select` must be a mapping",
            ),
            (
                "objectives:\n  - objective: a\n    objective: b\n",
                3,
                "duplicate",
            ),
            ("- a\n", 1, "a bindings file is a mapping"),
        ];
        for (text, line, words) in cases {
            let e = load(text).unwrap_err();
            assert_eq!(e.origin.line, line, "{text}: {e}");
            assert!(e.message.contains(words), "{text}: {e}");
        }
    }

    #[test]
    fn an_empty_file_binds_nothing() {
        assert_eq!(load("").unwrap(), Bindings::default());
        assert_eq!(load("# nothing\n").unwrap(), Bindings::default());
    }
}
