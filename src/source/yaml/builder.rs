//! Parser events to the spanned tree.
//!
//! The builder enforces what a general loader does not: duplicate keys are errors, nesting
//! depth is bounded, and every alias expansion is charged against the node budget before it
//! is copied, so an alias bomb is refused in microseconds instead of exhausting memory.

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, ScalarStyle, Tag};

use super::YamlError;
use super::offsets::{Offsets, span};
use super::scalar::{resolve_scalar, scalar_len, unsupported_tag};
use crate::diagnostic::{Code, Span};
use crate::source::limits::Limits;
use crate::source::tree::{Key, Node, Value, YamlDocument};

/// An open collection. Its finished children wait in the builder's shared `items` or
/// `entries` stack from index `first` on, and move into an exactly sized vector when it
/// closes: one allocation per collection instead of a vector grown push by push.
enum Frame {
    Seq {
        first: usize,
        start: Span,
        anchor: usize,
    },
    Map {
        first: usize,
        pending: Option<Key>,
        start: Span,
        anchor: usize,
        index: Option<HashMap<String, usize>>,
    },
}

/// Above this many entries a mapping indexes its keys, so duplicate detection stays linear.
const INDEX_AT: usize = 16;

/// The tree under construction: the open collections, their finished children, the anchors
/// of the current document and the node count charged so far.
pub(super) struct Builder<'t, 'l> {
    limits: &'l Limits,
    offsets: Offsets<'t>,
    docs: Vec<YamlDocument>,
    doc_start: Span,
    stack: Vec<Frame>,
    items: Vec<Node>,
    entries: Vec<(Key, Node)>,
    anchors: HashMap<usize, (Node, usize)>,
    sizes: Vec<usize>,
    nodes: usize,
    /// Of `nodes`, how many alias copies added.
    aliased: usize,
    root: Option<Node>,
}

impl<'t, 'l> Builder<'t, 'l> {
    /// An empty builder for the events of `text`.
    pub(super) fn new(text: &'t str, limits: &'l Limits) -> Builder<'t, 'l> {
        Builder {
            limits,
            offsets: Offsets::new(text),
            docs: Vec::new(),
            doc_start: Span::file_start(),
            stack: Vec::new(),
            items: Vec::new(),
            entries: Vec::new(),
            anchors: HashMap::new(),
            sizes: Vec::new(),
            nodes: 0,
            aliased: 0,
            root: None,
        }
    }

    /// The documents built so far.
    pub(super) fn finish(self) -> Vec<YamlDocument> {
        self.docs
    }

    /// Applies one parser event (other than the stream's start and end) to the tree.
    #[inline]
    pub(super) fn event(
        &mut self,
        event: Event<'_>,
        raw_span: saphyr_parser::Span,
    ) -> Result<(), YamlError> {
        let at = span(raw_span);
        match event {
            Event::StreamStart | Event::StreamEnd | Event::Nothing => Ok(()),
            Event::DocumentStart(_) => {
                if self.docs.len() >= self.limits.max_documents {
                    return Err(self.limits.too_many_documents(at));
                }
                // Anchors are scoped to their document (YAML 1.2, 9.2).
                self.anchors.clear();
                self.root = None;
                self.doc_start = at;
                Ok(())
            }
            Event::DocumentEnd => {
                let root = self.root.take().unwrap_or(Node {
                    value: Value::Null,
                    span: self.doc_start,
                });
                self.docs.push(YamlDocument { root });
                Ok(())
            }
            Event::Scalar(value_text, style, anchor, tag) => {
                self.scalar(value_text, style, anchor, tag.as_ref(), raw_span)
            }
            Event::Alias(id) => self.alias(id, at),
            Event::SequenceStart(anchor, tag) => {
                check_collection_tag(tag.as_ref(), "seq", at)?;
                let first = self.items.len();
                self.open(
                    Frame::Seq {
                        first,
                        start: at,
                        anchor,
                    },
                    at,
                )
            }
            Event::MappingStart(anchor, tag) => {
                check_collection_tag(tag.as_ref(), "map", at)?;
                let first = self.entries.len();
                self.open(
                    Frame::Map {
                        first,
                        pending: None,
                        start: at,
                        anchor,
                        index: None,
                    },
                    at,
                )
            }
            Event::SequenceEnd | Event::MappingEnd => self.close(at),
        }
    }

    /// Adds a scalar. A one-line scalar's span is cut to the scalar itself: the parser's end
    /// marker may include the blanks and comment after it.
    fn scalar(
        &mut self,
        text: Cow<'_, str>,
        style: ScalarStyle,
        anchor: usize,
        tag: Option<&Cow<'_, Tag>>,
        raw_span: saphyr_parser::Span,
    ) -> Result<(), YamlError> {
        let mut at = span(raw_span);
        self.charge(1, at)?;
        if at.start.line == at.end.line
            && matches!(
                style,
                ScalarStyle::Plain | ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted
            )
        {
            let len = scalar_len(self.offsets.written(raw_span.start, raw_span.end));
            at.end.col = at.start.col.saturating_add(u32::try_from(len).unwrap_or(0));
        }
        let value = resolve_scalar(text, style, tag, at)?;
        self.complete(Node { value, span: at }, 1, anchor)
    }

    /// Adds a copy of the node anchored as `id`, charged before it is copied: the copy is
    /// what an alias bomb uses to exhaust memory.
    fn alias(&mut self, id: usize, at: Span) -> Result<(), YamlError> {
        let Some(size) = self.anchors.get(&id).map(|&(_, size)| size) else {
            return Err(YamlError {
                code: Code::YamlSyntax,
                message: "alias to an anchor that is not defined before it".into(),
                help: Some("define the anchor (`&name`) before its alias (`*name`)".into()),
                span: at,
                related: None,
            });
        };
        self.aliased = self.aliased.saturating_add(size);
        self.charge(size, at)?;
        let node = Node {
            value: self.anchors[&id].0.value.clone(),
            span: at,
        };
        self.complete(node, size, 0)
    }

    /// Counts `count` more values against the node budget.
    fn charge(&mut self, count: usize, at: Span) -> Result<(), YamlError> {
        self.nodes = self.nodes.saturating_add(count);
        if self.nodes > self.limits.max_nodes {
            return Err(self
                .limits
                .too_many_nodes(at, self.aliased, self.docs.len() + 1));
        }
        Ok(())
    }

    /// Opens a collection, if the depth limit and the node budget allow it.
    fn open(&mut self, frame: Frame, at: Span) -> Result<(), YamlError> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(self.limits.too_deep(at));
        }
        self.charge(1, at)?;
        self.stack.push(frame);
        self.sizes.push(1);
        Ok(())
    }

    /// Closes the innermost collection at `end` and attaches it to its parent.
    fn close(&mut self, end: Span) -> Result<(), YamlError> {
        let frame = self
            .stack
            .pop()
            .expect("the parser balances start and end events");
        let size = self.sizes.pop().expect("sizes follow the stack");
        let (value, start, anchor) = match frame {
            Frame::Seq {
                first,
                start,
                anchor,
            } => (
                Value::Seq(self.items.drain(first..).collect()),
                start,
                anchor,
            ),
            Frame::Map {
                first,
                start,
                anchor,
                ..
            } => (
                Value::Map(self.entries.drain(first..).collect()),
                start,
                anchor,
            ),
        };
        let span = Span {
            start: start.start,
            end: end.start.max(start.end),
        };
        self.complete(Node { value, span }, size, anchor)
    }

    /// Attaches a finished node to its parent (or makes it the root), recording its anchor.
    fn complete(&mut self, node: Node, size: usize, anchor: usize) -> Result<(), YamlError> {
        if anchor != 0 {
            self.anchors.insert(anchor, (node.clone(), size));
        }
        if let Some(parent) = self.sizes.last_mut() {
            *parent = parent.saturating_add(size);
        }
        match self.stack.last_mut() {
            None => {
                self.root = Some(node);
                Ok(())
            }
            Some(Frame::Seq { .. }) => {
                self.items.push(node);
                Ok(())
            }
            Some(Frame::Map {
                first,
                pending,
                index,
                ..
            }) => {
                if let Some(key) = pending.take() {
                    self.entries.push((key, node));
                    return Ok(());
                }
                let name = key_name(node.value, node.span)?;
                let entries = &self.entries[*first..];
                let previous = match index {
                    Some(map) => map.get(&name).copied(),
                    None => entries.iter().position(|(k, _)| k.name == name),
                };
                if let Some(i) = previous {
                    let first = entries[i].0.span;
                    return Err(YamlError {
                        code: Code::DuplicateKey,
                        message: format!(
                            "duplicate key `{name}`, first defined on line {}",
                            first.start.line
                        ),
                        help: Some(
                            "remove one of the two; YAML tools disagree on which value wins".into(),
                        ),
                        span: node.span,
                        related: Some((first, format!("`{name}` first defined here"))),
                    });
                }
                if let Some(map) = index {
                    map.insert(name.clone(), entries.len());
                } else if entries.len() + 1 >= INDEX_AT {
                    let mut map: HashMap<String, usize> = entries
                        .iter()
                        .enumerate()
                        .map(|(i, (k, _))| (k.name.clone(), i))
                        .collect();
                    map.insert(name.clone(), entries.len());
                    *index = Some(map);
                }
                // The value is attached when it completes; until then the key waits here.
                *pending = Some(Key {
                    name,
                    span: node.span,
                });
                Ok(())
            }
        }
    }
}

/// The text of a mapping key: a scalar's text, the way YAML writes it.
fn key_name(value: Value, span: Span) -> Result<String, YamlError> {
    Ok(match value {
        Value::Str(s) => s,
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Seq(_) | Value::Map(_) => {
            return Err(YamlError {
                code: Code::YamlSyntax,
                message: "a mapping key must be a scalar, not a collection".into(),
                help: Some("write the key as plain text".into()),
                span,
                related: None,
            });
        }
    })
}

/// Accepts a collection without a tag or with its own core-schema tag (`!!seq`, `!!map`).
fn check_collection_tag(
    tag: Option<&Cow<'_, Tag>>,
    expected: &str,
    at: Span,
) -> Result<(), YamlError> {
    match tag {
        None => Ok(()),
        Some(t) if t.is_yaml_core_schema() && t.suffix == expected => Ok(()),
        Some(t) => Err(unsupported_tag(t, at)),
    }
}
