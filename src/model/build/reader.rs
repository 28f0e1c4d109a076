//! Reading the spanned tree: typed field accessors that record a finding, with the JSON
//! pointer of the field, for every value that is missing or of the wrong shape.

use std::str::FromStr;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::diagnostic::{Code, Diagnostic, Span};
use crate::model::quantity::QuantityError;
use crate::model::{Date, Spanned};
use crate::source::pointer::escape;
use crate::source::{Node, Value};

/// The file being built and the findings so far.
pub(super) struct Ctx {
    pub(super) file: Arc<str>,
    pub(super) errors: Vec<Diagnostic>,
}

/// One step of a JSON pointer.
#[derive(Clone, Copy)]
enum Seg<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

/// A JSON pointer kept as a chain of borrowed steps: it is only rendered to a string when a
/// finding needs it, so building a valid document allocates no pointers at all.
#[derive(Clone, Copy)]
pub(super) struct Ptr<'a> {
    parent: Option<&'a Ptr<'a>>,
    seg: Seg<'a>,
}

impl<'a> Ptr<'a> {
    pub(super) const ROOT: Ptr<'static> = Ptr {
        parent: None,
        seg: Seg::Root,
    };

    pub(super) fn key(&'a self, key: &'a str) -> Ptr<'a> {
        Ptr {
            parent: Some(self),
            seg: Seg::Key(key),
        }
    }

    pub(super) fn index(&'a self, i: usize) -> Ptr<'a> {
        Ptr {
            parent: Some(self),
            seg: Seg::Index(i),
        }
    }

    /// The pointer as text (`/spec/objectives/0/target`).
    fn render(&self) -> String {
        let mut out = self.parent.map(Ptr::render).unwrap_or_default();
        match self.seg {
            Seg::Root => {}
            Seg::Key(k) => {
                out.push('/');
                out.push_str(&escape(k));
            }
            Seg::Index(i) => {
                out.push('/');
                out.push_str(&i.to_string());
            }
        }
        out
    }
}

/// A node with the pointer that reaches it.
#[derive(Clone, Copy)]
pub(super) struct At<'n> {
    pub(super) node: &'n Node,
    pub(super) ptr: &'n Ptr<'n>,
}

impl Ctx {
    /// Records a finding at `span`, with `ptr` as its JSON pointer.
    pub(super) fn error(
        &mut self,
        code: Code,
        span: Span,
        ptr: &Ptr<'_>,
        message: String,
        help: Option<String>,
    ) {
        let mut d = Diagnostic::new(code, self.file.clone(), span, message).with_path(ptr.render());
        d.help = help;
        self.errors.push(d);
    }

    /// The value under `key`, with a finding if it is required and missing. An explicit
    /// `null` counts as absent for optional fields.
    pub(super) fn child<'n>(&mut self, at: At<'n>, key: &str, required: bool) -> Option<&'n Node> {
        let found = at.node.get(key);
        if found.is_none() && required {
            self.error(
                Code::SchemaViolation,
                at.node.span,
                at.ptr,
                format!("missing required field `{key}`"),
                None,
            );
        }
        found.filter(|n| !matches!(n.value, Value::Null) || required)
    }

    /// The node as text, with a finding if it is not a string.
    pub(super) fn string(&mut self, node: &Node, ptr: &Ptr<'_>) -> Option<Spanned<String>> {
        if let Value::Str(s) = &node.value {
            Some(Spanned::text(s.clone(), node.span))
        } else {
            self.error(
                Code::SchemaViolation,
                node.span,
                ptr,
                format!("expected a string, found a {}", node.kind_name()),
                Some("quote the value".into()),
            );
            None
        }
    }

    /// The text under `key`.
    pub(super) fn str_field(
        &mut self,
        at: At<'_>,
        key: &str,
        required: bool,
    ) -> Option<Spanned<String>> {
        let node = self.child(at, key, required)?;
        self.string(node, &at.ptr.key(key))
    }

    /// The text under `key` parsed by `parse`; a parse error is a `code` finding.
    pub(super) fn parsed<T>(
        &mut self,
        at: At<'_>,
        key: &str,
        required: bool,
        code: Code,
        parse: impl Fn(&str) -> Result<T, QuantityError>,
    ) -> Option<Spanned<T>> {
        let node = self.child(at, key, required)?;
        self.parse_node(node, &at.ptr.key(key), code, parse)
    }

    /// The node's text parsed by `parse`; a parse error is a `code` finding.
    pub(super) fn parse_node<T>(
        &mut self,
        node: &Node,
        ptr: &Ptr<'_>,
        code: Code,
        parse: impl Fn(&str) -> Result<T, QuantityError>,
    ) -> Option<Spanned<T>> {
        let Value::Str(text) = &node.value else {
            self.string(node, ptr);
            return None;
        };
        match parse(text) {
            Ok(v) => Some(Spanned::new(v, node.span, text.clone())),
            Err(e) => {
                self.error(code, node.span, ptr, e.message, Some(e.help));
                None
            }
        }
    }

    /// The items of the list under `key` (empty when absent or not a list).
    pub(super) fn list<'n>(&mut self, at: At<'n>, key: &str, required: bool) -> &'n [Node] {
        let Some(node) = self.child(at, key, required) else {
            return &[];
        };
        if let Value::Seq(items) = &node.value {
            items
        } else {
            self.error(
                Code::SchemaViolation,
                node.span,
                &at.ptr.key(key),
                format!("expected a list, found a {}", node.kind_name()),
                None,
            );
            &[]
        }
    }

    /// The texts of the list under `key` (items that are not text are findings).
    pub(super) fn strings(&mut self, at: At<'_>, key: &str) -> Vec<Spanned<String>> {
        let items = self.list(at, key, false);
        let ptr = at.ptr.key(key);
        let mut out = Vec::with_capacity(items.len());
        for (i, n) in items.iter().enumerate() {
            out.extend(self.string(n, &ptr.index(i)));
        }
        out
    }

    /// The value under `key` as one of `options`.
    pub(super) fn enumerated<T: Copy>(
        &mut self,
        at: At<'_>,
        key: &str,
        required: bool,
        options: &[(&str, T)],
    ) -> Option<Spanned<T>> {
        self.parsed(at, key, required, Code::SchemaViolation, |s| {
            options
                .iter()
                .find(|(n, _)| *n == s)
                .map(|(_, v)| *v)
                .ok_or_else(|| QuantityError {
                    message: format!(
                        "`{s}` is not one of {}",
                        options
                            .iter()
                            .map(|(n, _)| format!("`{n}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    help: "use one of the listed values".into(),
                })
        })
    }

    /// The mapping under `key`, with a finding if it is something else.
    pub(super) fn map_node<'n>(
        &mut self,
        at: At<'n>,
        key: &str,
        required: bool,
    ) -> Option<&'n Node> {
        let node = self.child(at, key, required)?;
        if matches!(node.value, Value::Map(_)) {
            Some(node)
        } else {
            self.error(
                Code::SchemaViolation,
                node.span,
                &at.ptr.key(key),
                format!("expected a mapping, found a {}", node.kind_name()),
                None,
            );
            None
        }
    }
}

impl Ctx {
    /// The boolean under `key`, with a finding if it is something else.
    pub(super) fn bool_field(&mut self, at: At<'_>, key: &str) -> Option<Spanned<bool>> {
        let node = self.child(at, key, false)?;
        if let Value::Bool(b) = node.value {
            return Some(Spanned::new(b, node.span, b.to_string()));
        }
        self.error(
            Code::SchemaViolation,
            node.span,
            &at.ptr.key(key),
            format!("expected `true` or `false`, found a {}", node.kind_name()),
            Some("write `true` or `false`, unquoted".into()),
        );
        None
    }

    /// The non-negative number under `key` (a YAML integer or decimal, read exactly as
    /// written in its shortest form), with a finding if it is something else.
    pub(super) fn number_field(
        &mut self,
        at: At<'_>,
        key: &str,
        required: bool,
    ) -> Option<Spanned<Decimal>> {
        let node = self.child(at, key, required)?;
        let value = match node.value {
            Value::Int(i) if i >= 0 => Some(Decimal::from(i)),
            Value::Float(f) if f.is_finite() && f >= 0.0 => Decimal::from_str(&f.to_string()).ok(),
            _ => None,
        };
        if let Some(v) = value {
            return Some(Spanned::new(v, node.span, v.normalize().to_string()));
        }
        self.error(
            Code::SchemaViolation,
            node.span,
            &at.ptr.key(key),
            format!(
                "expected a number of at least 0, found a {}",
                node.kind_name()
            ),
            Some("write a plain number such as `10` or `2.5`, unquoted".into()),
        );
        None
    }
}

/// [`Date::parse`] as a function, for [`Ctx::parsed`].
pub(super) fn date(s: &str) -> Result<Date, QuantityError> {
    Date::parse(s)
}
