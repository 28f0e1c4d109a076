//! One schema error → findings: one function per `jsonschema` error kind.
//!
//! [`Schema::map_error`] only dispatches; each kind's function words its message in the
//! terms of the document (the field's name, "an item of `x`"), points at the key or value
//! responsible, and adds a help line: "did you mean", the allowed values, or the field's own
//! schema description. Quantity and date fields are re-parsed with the model's parsers, so
//! a bad target gets the same message here as from the model builder.

use std::sync::Arc;

use jsonschema::ValidationError;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value as Json;

use super::Schema;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::quantity::QuantityError;
use crate::model::{Date, Duration, Percent, Target, TimeOfDay, Window};
use crate::source::pointer::{Resolver, escape, segments};
use crate::source::{Node, Value};

/// Where one schema error is: the file, the instance and schema pointers, the node the
/// instance pointer names, and the field's name.
struct Site<'a> {
    file: &'a Arc<str>,
    ptr: &'a str,
    schema_path: &'a str,
    node: &'a Node,
    field: String,
}

impl Site<'_> {
    /// A finding at the node, with the instance pointer.
    fn at_value(&self, code: Code, message: String) -> Diagnostic {
        Diagnostic::new(code, self.file.clone(), self.node.span, message).with_path(self.ptr)
    }

    /// The node's value in backticks (text as written, anything else as JSON).
    fn shown(&self) -> String {
        match &self.node.value {
            Value::Str(s) => format!("`{s}`"),
            _ => format!("`{}`", self.node.to_json()),
        }
    }

    /// How messages name the field (see [`field_label`]).
    fn label(&self) -> String {
        field_label(self.ptr, &self.field)
    }

    /// The finding for a quantity or date field whose text (or number) does not parse, if
    /// the field is one.
    fn quantity(&self, text: &str) -> Option<Diagnostic> {
        let (code, err) = quantity_error(self.ptr, &self.field, text)?;
        Some(self.at_value(code, err.message).with_help(err.help))
    }
}

impl Schema {
    /// Maps one schema error to findings, pushed onto `out`; at most `room` of them (an
    /// unknown-keys error is one finding per key).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn map_error(
        &self,
        file: &Arc<str>,
        tree: &mut Resolver<'_>,
        ptr: &str,
        schema_path: &str,
        kind: &ValidationErrorKind,
        room: usize,
        out: &mut Vec<Diagnostic>,
    ) {
        let site = Site {
            file,
            ptr,
            schema_path,
            node: tree.resolve(ptr),
            field: field_name(ptr),
        };
        let finding = match kind {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                out.extend(self.unknown_fields(
                    &site,
                    tree,
                    &unexpected[..unexpected.len().min(room)],
                ));
                return;
            }
            ValidationErrorKind::Required { property } => self.required(&site, property),
            ValidationErrorKind::Pattern { .. } | ValidationErrorKind::Format { .. } => {
                self.malformed(&site)
            }
            ValidationErrorKind::Enum { options } => not_allowed(&site, options),
            ValidationErrorKind::Constant { expected_value } => not_constant(&site, expected_value),
            // A value outside an `enum` is told so once, by the enum's finding (which names
            // the allowed values), not again for its type.
            ValidationErrorKind::Type { .. } if self.has_enum_sibling(schema_path) => return,
            ValidationErrorKind::Type { kind } => match self.wrong_type(&site, tree, kind) {
                Some(d) => d,
                // Another item of the same list carries the finding.
                None => return,
            },
            ValidationErrorKind::MinItems { limit } => too_few_items(&site, *limit),
            ValidationErrorKind::UniqueItems => repeated_item(&site),
            ValidationErrorKind::Minimum { limit }
            | ValidationErrorKind::ExclusiveMinimum { limit } => too_small(&site, limit),
            ValidationErrorKind::MinLength { .. } => empty(&site),
            ValidationErrorKind::PropertyNames { error } => bad_key(&site, tree, error),
            ValidationErrorKind::OneOfNotValid { .. }
            | ValidationErrorKind::OneOfMultipleValid { .. } => match self.one_of_fields(&site) {
                Some(d) => d,
                None => site.at_value(
                    Code::SchemaViolation,
                    format!("{} does not match the schema", site.label()),
                ),
            },
            _ => site.at_value(
                Code::SchemaViolation,
                format!("{} does not match the schema", site.label()),
            ),
        };
        out.push(finding);
    }

    /// `additionalProperties`: one `unknown-field` per unexpected key, at the key, with the
    /// nearest known field or the list of allowed ones.
    fn unknown_fields(
        &self,
        site: &Site<'_>,
        tree: &mut Resolver<'_>,
        unexpected: &[String],
    ) -> Vec<Diagnostic> {
        let known: Vec<String> = self
            .parent_schema(site.schema_path)
            .and_then(|s| s.get("properties"))
            .and_then(Json::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        let mut out = Vec::with_capacity(unexpected.len());
        for name in unexpected {
            let span = tree
                .resolve_key(site.ptr, name)
                .map_or(site.node.span, |k| k.span);
            if unexpected.len() <= 16 {
                if let Some(d) = comma_split(site, name, span) {
                    out.push(d);
                    continue;
                }
            }
            let help = match did_you_mean(name, &known) {
                Some(s) => format!("did you mean `{s}`?"),
                None if known.is_empty() => "remove the field".to_string(),
                None => format!(
                    "remove it; the fields allowed here are {}",
                    known
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            out.push(
                Diagnostic::new(
                    Code::UnknownField,
                    site.file.clone(),
                    span,
                    format!("unknown field `{name}` in {}", describe(site.ptr)),
                )
                .with_path(format!("{}/{}", site.ptr, escape(name)))
                .with_help(help),
            );
        }
        out
    }

    /// `required`: the missing field, with its schema description as help.
    fn required(&self, site: &Site<'_>, property: &Json) -> Diagnostic {
        let name = property.as_str().unwrap_or_default();
        let d = site.at_value(
            Code::SchemaViolation,
            format!("missing required field `{name}` in {}", describe(site.ptr)),
        );
        match self
            .description_for(&format!("{}/x", site.schema_path), Some(name))
            .or_else(|| self.description_for(site.schema_path, Some(name)))
        {
            Some(desc) => d.with_help(format!("add `{name}`: {desc}")),
            None => d,
        }
    }

    /// `pattern` and `format`: the model's parse error for quantities and dates, else the
    /// field's schema description.
    fn malformed(&self, site: &Site<'_>) -> Diagnostic {
        let text = site.node.as_str().unwrap_or_default();
        if let Some(d) = site.quantity(text) {
            return d;
        }
        let d = site.at_value(
            Code::SchemaViolation,
            format!("{} is not a valid {}", site.shown(), site.label()),
        );
        self.with_description(site, d)
    }

    /// Whether the schema object holding the keyword at `schema_path` also has an `enum`.
    fn has_enum_sibling(&self, schema_path: &str) -> bool {
        let parent = schema_path.rsplit_once('/').map_or("", |(p, _)| p);
        self.schema_at(parent)
            .is_some_and(|node| node.get("enum").is_some())
    }

    /// `type`. A number where a quantity string belongs (`credit: 25`) gets the quantity's
    /// own message, which says what to write.
    /// `None` when another item of the same list carries the finding ([`unquoted`]).
    fn wrong_type(
        &self,
        site: &Site<'_>,
        tree: &mut Resolver<'_>,
        kind: &TypeKind,
    ) -> Option<Diagnostic> {
        let scalar = match &site.node.value {
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            _ => None,
        };
        if let Some(d) = scalar.and_then(|t| site.quantity(&t)) {
            return Some(d);
        }
        match unquoted(site, tree, kind) {
            Some(Unquoted::Finding(d)) => return Some(*d),
            Some(Unquoted::Elsewhere) => return None,
            None => {}
        }
        let want = format!("{kind:?}")
            .to_lowercase()
            .replace("single(", "")
            .replace("multiple(", "")
            .replace(')', "");
        let d = site.at_value(
            Code::SchemaViolation,
            format!(
                "{} must be {}, found {}",
                site.label(),
                article(&want),
                article(site.node.kind_name())
            ),
        );
        Some(self.with_description(site, d))
    }

    /// A `oneOf` whose branches each require one field (a holiday's `date` or `every`): names
    /// the fields missing, or the ones written together, instead of "does not match". `None`
    /// for any other `oneOf`.
    fn one_of_fields(&self, site: &Site<'_>) -> Option<Diagnostic> {
        let branches = self.schema_at(site.schema_path)?.as_array()?;
        let names: Vec<&str> = branches
            .iter()
            .map(|b| match b.as_object() {
                Some(m) if m.len() == 1 => match m.get("required")?.as_array()?.as_slice() {
                    [name] => name.as_str(),
                    _ => None,
                },
                _ => None,
            })
            .collect::<Option<_>>()?;
        let written: Vec<&str> = names
            .iter()
            .copied()
            .filter(|n| site.node.get(n).is_some())
            .collect();
        let quoted = |list: &[&str], joiner: &str| {
            list.iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(joiner)
        };
        let message = if written.is_empty() {
            format!("{} has neither {}", site.label(), quoted(&names, " nor "))
        } else {
            format!("{} has both {}", site.label(), quoted(&written, " and "))
        };
        // The help is the description beside the `oneOf` (the holiday's `then`: what each
        // field means), else which fields to choose from.
        let parent = site.schema_path.strip_suffix("/oneOf");
        let help = parent
            .and_then(|p| self.schema_at(p))
            .and_then(|n| n.get("description"))
            .and_then(Json::as_str)
            .map_or_else(
                || format!("write exactly one of {}", quoted(&names, ", ")),
                str::to_string,
            );
        Some(
            site.at_value(Code::SchemaViolation, message)
                .with_help(help),
        )
    }

    /// `d` with the description of the failing schema as its help, if it has one.
    fn with_description(&self, site: &Site<'_>, d: Diagnostic) -> Diagnostic {
        match self.description_for(site.schema_path, None) {
            Some(desc) => d.with_help(desc),
            None => d,
        }
    }
}

/// `enum`: the nearest allowed value, or the list of them.
fn not_allowed(site: &Site<'_>, options: &Json) -> Diagnostic {
    let opts: Vec<String> = options
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(Json::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    // A number where a name belongs (`percentile: 95`) is matched by its digits.
    let text = match &site.node.value {
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) => Some(f.to_string()),
        _ => site.node.as_str().map(str::to_string),
    };
    let help = match text.and_then(|s| did_you_mean(&s, &opts)) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!(
            "use one of {}",
            opts.iter()
                .map(|o| format!("`{o}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    site.at_value(
        Code::SchemaViolation,
        format!("{} is not an allowed {}", site.shown(), site.label()),
    )
    .with_help(help)
}

/// An unknown key with no value on the line of the previous entry's text value: in a flow
/// mapping, `{summary: Latency added, p95}` ends the summary at the comma and reads `p95` as
/// a key. Say so, and to quote the text.
fn comma_split(site: &Site<'_>, name: &str, span: crate::diagnostic::Span) -> Option<Diagnostic> {
    let Value::Map(entries) = &site.node.value else {
        return None;
    };
    let at = entries.iter().position(|(k, _)| k.name == name)?;
    // Back over the other pieces of the same text (`a, b, c` gives two bare keys).
    let mut first = at;
    while first > 0 {
        let (key, value) = &entries[first];
        let (_, prev) = &entries[first - 1];
        if !matches!(value.value, Value::Null) || prev.span.end.line != key.span.start.line {
            return None;
        }
        first -= 1;
        if !matches!(prev.value, Value::Null) {
            break;
        }
    }
    let (prev_key, prev) = &entries[first];
    let Value::Str(text) = &prev.value else {
        return None;
    };
    let mut last = at;
    while let (Some((key, value)), (_, prev)) = (entries.get(last + 1), &entries[last]) {
        if !matches!(value.value, Value::Null) || prev.span.end.line != key.span.start.line {
            break;
        }
        last += 1;
    }
    let pieces: Vec<&str> = entries[first + 1..=last]
        .iter()
        .map(|(k, _)| k.name.as_str())
        .collect();
    let whole = format!("{text}, {}", pieces.join(", ")).replace('\'', "''");
    Some(
        Diagnostic::new(
            Code::UnknownField,
            site.file.clone(),
            span,
            format!(
                "`{name}` reads as a field: the comma before it ended the value of `{}`",
                prev_key.name
            ),
        )
        .with_path(format!("{}/{}", site.ptr, escape(name)))
        .with_help(format!(
            "quote the {}: `{}: '{whole}'` (inside `{{...}}` a comma ends a value)",
            prev_key.name, prev_key.name
        )),
    )
}

/// A number or boolean where text belongs, as YAML reads an unquoted `1` or `yes`: one
/// finding per list (`severities: [1, 2]`), at its first such item, naming them all and
/// saying to quote them; `None` when the value is not such a scalar (or no text is wanted).
fn unquoted(site: &Site<'_>, tree: &mut Resolver<'_>, kind: &TypeKind) -> Option<Unquoted> {
    let wants_text = match kind {
        TypeKind::Single(t) => format!("{t:?}").contains("String"),
        TypeKind::Multiple(_) => false,
    };
    let text_of = |n: &Node| match &n.value {
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) => Some(f.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    let own = text_of(site.node).filter(|_| wants_text)?;
    let (parent, last) = site.ptr.rsplit_once('/')?;
    let items: Vec<(crate::diagnostic::Span, String)> = match &tree.resolve(parent).value {
        Value::Seq(items) if last.parse::<usize>().is_ok() => items
            .iter()
            .filter_map(|n| text_of(n).map(|t| (n.span, t)))
            .collect(),
        _ => vec![(site.node.span, own)],
    };
    if items
        .first()
        .is_some_and(|(span, _)| *span != site.node.span)
    {
        return Some(Unquoted::Elsewhere);
    }
    let what = if matches!(site.node.value, Value::Bool(_)) {
        "a boolean"
    } else {
        "a number"
    };
    let quoted = items
        .iter()
        .map(|(_, t)| format!("`'{t}'`"))
        .collect::<Vec<_>>()
        .join(", ");
    let message = match items.len() {
        1 => format!("{} is read as {what}, not text", site.label()),
        n => format!(
            "{n} items of `{}` are read as {}, not text",
            site.field,
            if what == "a boolean" {
                "booleans"
            } else {
                "numbers"
            }
        ),
    };
    let it = if items.len() == 1 { "it" } else { "them" };
    Some(Unquoted::Finding(Box::new(
        site.at_value(Code::SchemaViolation, message)
            .with_help(format!(
                "quote {it}: {quoted} (YAML reads an unquoted `{}` as {what})",
                items[0].1
            )),
    )))
}

/// What [`unquoted`] makes of a scalar where text belongs.
enum Unquoted {
    /// The finding, at the first such item of its list.
    Finding(Box<Diagnostic>),
    /// Another item of the same list carries the finding.
    Elsewhere,
}

/// `const`: the one value allowed here.
fn not_constant(site: &Site<'_>, expected: &Json) -> Diagnostic {
    site.at_value(
        Code::SchemaViolation,
        format!(
            "{} must be `{}` here",
            site.label(),
            expected
                .as_str()
                .map_or_else(|| expected.to_string(), str::to_string)
        ),
    )
    .with_help(if site.ptr == "/spec/type" {
        "an OperationalLevelAgreement is always `type: internal`".to_string()
    } else {
        format!("found {}", site.shown())
    })
}

/// `minItems`.
fn too_few_items(site: &Site<'_>, limit: u64) -> Diagnostic {
    site.at_value(
        Code::SchemaViolation,
        format!(
            "{} needs at least {limit} item{}",
            site.label(),
            if limit == 1 { "" } else { "s" }
        ),
    )
}

/// `uniqueItems`.
fn repeated_item(site: &Site<'_>) -> Diagnostic {
    site.at_value(
        Code::SchemaViolation,
        format!("{} lists the same item twice", site.label()),
    )
    .with_help("remove the repeated item")
}

/// `minimum` and `exclusiveMinimum`.
fn too_small(site: &Site<'_>, limit: &Json) -> Diagnostic {
    site.at_value(
        Code::SchemaViolation,
        format!(
            "{} is too small: {} (minimum {limit})",
            site.label(),
            site.shown()
        ),
    )
}

/// `minLength` (every length limit in the schemas is "not empty").
fn empty(site: &Site<'_>) -> Diagnostic {
    site.at_value(
        Code::SchemaViolation,
        format!("{} must not be empty", site.label()),
    )
}

/// `propertyNames`: the key that breaks the naming rule, at the key.
fn bad_key(site: &Site<'_>, tree: &mut Resolver<'_>, error: &ValidationError<'_>) -> Diagnostic {
    let bad = error.instance().as_str().unwrap_or_default().to_string();
    let span = tree
        .resolve_key(site.ptr, &bad)
        .map_or(site.node.span, |k| k.span);
    let d = Diagnostic::new(
        Code::SchemaViolation,
        site.file.clone(),
        span,
        format!("`{bad}` is not allowed as a key in {}", describe(site.ptr)),
    )
    .with_path(site.ptr);
    if bad == crate::model::BUILTIN_24X7 {
        d.with_help("`24x7` is built in and always means every hour of every day; name your calendar differently")
    } else {
        d.with_help("keys here are kebab-case ids such as `business-hours`")
    }
}

/// `word` with its indefinite article (`an integer`, `a string`).
fn article(word: &str) -> String {
    let an = word.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {word}", if an { "an" } else { "a" })
}

/// The last named (non-index) segment of a pointer.
fn field_name(ptr: &str) -> String {
    segments(ptr)
        .filter(|s| s.parse::<usize>().is_err())
        .last()
        .unwrap_or_default()
}

/// How a message names the field: `` `target` ``, `` an item of `scope` `` or "the document".
fn field_label(ptr: &str, field: &str) -> String {
    if ptr.is_empty() {
        "the document".to_string()
    } else if ptr
        .rsplit('/')
        .next()
        .is_some_and(|s| s.parse::<usize>().is_ok())
    {
        format!("an item of `{field}`")
    } else {
        format!("`{field}`")
    }
}

/// How a message names a location: the pointer in backticks, or "the document".
fn describe(ptr: &str) -> String {
    if ptr.is_empty() {
        "the document".to_string()
    } else {
        format!("`{ptr}`")
    }
}

/// Re-parses a quantity-like field with the model's parser for a precise message.
fn quantity_error(ptr: &str, field: &str, text: &str) -> Option<(Code, QuantityError)> {
    let in_calendar = ptr.contains("/calendars/");
    let r = match field {
        "target" | "when" => Target::parse(text).map(drop),
        "credit" | "creditCap" => Percent::parse(text).map(drop),
        "max" => Duration::parse(text).map(drop),
        "window" => Window::parse(text).map(drop),
        "from" | "to" if in_calendar => TimeOfDay::parse(text).map(drop),
        "every" if in_calendar => {
            return crate::model::HolidayDate::parse_yearly(text)
                .err()
                .map(|e| (Code::InvalidDate, e));
        }
        "holidays" if crate::model::HolidayDate::parse_yearly(text).is_ok() => {
            return Date::parse(text).err().map(|mut e| {
                e.help = format!("for the same day every year write `{{every: \"{text}\"}}`");
                (Code::InvalidDate, e)
            });
        }
        "from" | "until" | "last" | "date" | "holidays" => {
            return Date::parse(text).err().map(|e| (Code::InvalidDate, e));
        }
        _ => return None,
    };
    r.err().map(|e| (Code::InvalidQuantity, e))
}

/// The closest known name within a small edit distance (two edits, or a quarter of its
/// length for long names).
fn did_you_mean(name: &str, known: &[String]) -> Option<String> {
    crate::text::closest(name, known, |k| 2.max(k.len() / 4)).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_finds_near_field_names() {
        assert_eq!(
            did_you_mean("crdits", &["credits".into(), "id".into()]),
            Some("credits".into())
        );
        assert_eq!(did_you_mean("zzzzzz", &["credits".into()]), None);
    }
}
