//! The embedded JSON Schemas and the mapping of their errors back to YAML spans.
//!
//! The schemas in `schemas/` are the published contract (editors use them for completion);
//! they are compiled once per process. Errors from `jsonschema` arrive as JSON pointers and
//! keywords; this module turns each into a finding at the offending key or value, with a
//! message that names the field and a help line (the field's own schema description, or
//! "did you mean"). Quantity fields are re-parsed with the model's parser so a bad target
//! gets the same precise message everywhere.

pub mod docs;
pub mod instance;

use std::sync::{Arc, OnceLock};

use jsonschema::error::ValidationErrorKind;
use serde_json::Value as Json;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::quantity::QuantityError;
use crate::model::{Date, Duration, Percent, Target, TimeOfDay, Window};
use crate::source::Node;
use crate::source::pointer::{Resolver, segments};

/// The text of `schemas/sla.schema.json`.
pub const SLA_SCHEMA: &str = include_str!("../../schemas/sla.schema.json");
/// The text of `schemas/policy.schema.json`.
pub const POLICY_SCHEMA: &str = include_str!("../../schemas/policy.schema.json");

/// A compiled schema with its JSON (for descriptions and field lists).
pub struct Schema {
    json: Json,
    validator: jsonschema::Validator<instance::YamlJson>,
}

impl Schema {
    fn compile(text: &str) -> Schema {
        let json: Json =
            serde_json::from_str(text).expect("the embedded schema is valid JSON (tested)");
        let validator = jsonschema::options_for::<instance::YamlJson>()
            .with_draft(jsonschema::Draft::Draft202012)
            .build(&json)
            .expect("the embedded schema compiles (tested)");
        Schema { json, validator }
    }

    /// The schema for SLA documents.
    pub fn sla() -> &'static Schema {
        static S: OnceLock<Schema> = OnceLock::new();
        S.get_or_init(|| Schema::compile(SLA_SCHEMA))
    }

    /// The schema for `.slagate.yaml`.
    pub fn policy() -> &'static Schema {
        static S: OnceLock<Schema> = OnceLock::new();
        S.get_or_init(|| Schema::compile(POLICY_SCHEMA))
    }

    /// Validates one document and maps every error to a located finding, sorted by position.
    pub fn check(&self, file: &Arc<str>, root: &Node) -> Vec<Diagnostic> {
        if self.validator.is_valid(root) {
            return Vec::new();
        }
        let mut out: Vec<Diagnostic> = Vec::new();
        let mut tree = Resolver::new(root);
        for err in self.validator.iter_errors(root) {
            let ptr = err.instance_path().as_str().to_string();
            let schema_path = err.schema_path().as_str().to_string();
            self.map_error(file, &mut tree, &ptr, &schema_path, err.kind(), &mut out);
        }
        out.sort_by(|a, b| a.span.cmp(&b.span).then(a.message.cmp(&b.message)));
        out.dedup_by(|a, b| a.span == b.span && a.message == b.message);
        out
    }

    /// Follows a keyword location through the schema JSON, resolving local `$ref`s.
    fn schema_at(&self, schema_path: &str) -> Option<&Json> {
        let mut node = &self.json;
        for seg in segments(schema_path) {
            if seg == "$ref" {
                let target = node.get("$ref")?.as_str()?.strip_prefix('#')?;
                node = self.json.pointer(target)?;
                continue;
            }
            node = match node {
                Json::Object(m) => m.get(&seg)?,
                Json::Array(a) => a.get(seg.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// The object schema that holds the failing keyword (`…/additionalProperties` → `…`).
    fn parent_schema(&self, schema_path: &str) -> Option<&Json> {
        let parent = schema_path.rsplit_once('/').map_or("", |(p, _)| p);
        let node = self.schema_at(parent)?;
        // A `$ref` sibling-less wrapper: look through it.
        match node
            .get("$ref")
            .and_then(Json::as_str)
            .and_then(|r| r.strip_prefix('#'))
        {
            Some(r) if node.get("properties").is_none() => self.json.pointer(r),
            _ => Some(node),
        }
    }

    fn description_for(&self, schema_path: &str, property: Option<&str>) -> Option<String> {
        let parent = self.parent_schema(schema_path)?;
        let node = match property {
            Some(p) => parent.get("properties")?.get(p)?,
            None => parent,
        };
        let node = match node.get("description") {
            Some(_) => node,
            None => node
                .get("$ref")
                .and_then(Json::as_str)
                .and_then(|r| r.strip_prefix('#'))
                .and_then(|r| self.json.pointer(r))?,
        };
        node.get("description")
            .and_then(Json::as_str)
            .map(str::to_string)
    }

    #[allow(clippy::too_many_arguments)]
    fn map_error(
        &self,
        file: &Arc<str>,
        tree: &mut Resolver<'_>,
        ptr: &str,
        schema_path: &str,
        kind: &ValidationErrorKind,
        out: &mut Vec<Diagnostic>,
    ) {
        let node = tree.resolve(ptr);
        let field = field_name(ptr);
        let at_value = |code: Code, message: String| {
            Diagnostic::new(code, file.clone(), node.span, message).with_path(ptr)
        };
        let shown = |n: &Node| match &n.value {
            crate::source::Value::Str(s) => format!("`{s}`"),
            _ => format!("`{}`", n.to_json()),
        };
        match kind {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let known: Vec<String> = self
                    .parent_schema(schema_path)
                    .and_then(|s| s.get("properties"))
                    .and_then(Json::as_object)
                    .map(|m| m.keys().cloned().collect())
                    .unwrap_or_default();
                for name in unexpected {
                    let span = tree.resolve_key(ptr, name).map_or(node.span, |k| k.span);
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
                            file.clone(),
                            span,
                            format!("unknown field `{name}` in {}", describe(ptr)),
                        )
                        .with_path(format!("{ptr}/{}", crate::source::pointer::escape(name)))
                        .with_help(help),
                    );
                }
            }
            ValidationErrorKind::Required { property } => {
                let name = property.as_str().unwrap_or_default();
                let mut d = at_value(
                    Code::SchemaViolation,
                    format!("missing required field `{name}` in {}", describe(ptr)),
                );
                if let Some(desc) = self
                    .description_for(&format!("{schema_path}/x"), Some(name))
                    .or_else(|| self.description_for(schema_path, Some(name)))
                {
                    d = d.with_help(format!("add `{name}`: {desc}"));
                }
                out.push(d);
            }
            ValidationErrorKind::Pattern { .. } | ValidationErrorKind::Format { .. } => {
                let text = node.as_str().unwrap_or_default();
                if let Some((code, err)) = quantity_error(ptr, &field, text) {
                    out.push(at_value(code, err.message).with_help(err.help));
                } else {
                    let mut d = at_value(
                        Code::SchemaViolation,
                        format!(
                            "{} is not a valid {}",
                            shown(node),
                            field_label(ptr, &field)
                        ),
                    );
                    if let Some(desc) = self.description_for(schema_path, None) {
                        d = d.with_help(desc);
                    }
                    out.push(d);
                }
            }
            ValidationErrorKind::Enum { options } => {
                let opts: Vec<String> = options
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(Json::as_str)
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default();
                let help = match node.as_str().and_then(|s| did_you_mean(s, &opts)) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!(
                        "use one of {}",
                        opts.iter()
                            .map(|o| format!("`{o}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                out.push(
                    at_value(
                        Code::SchemaViolation,
                        format!(
                            "{} is not an allowed {}",
                            shown(node),
                            field_label(ptr, &field)
                        ),
                    )
                    .with_help(help),
                );
            }
            ValidationErrorKind::Constant { expected_value } => {
                out.push(
                    at_value(
                        Code::SchemaViolation,
                        format!(
                            "{} must be `{}` here",
                            field_label(ptr, &field),
                            expected_value
                                .as_str()
                                .map_or_else(|| expected_value.to_string(), str::to_string)
                        ),
                    )
                    .with_help(if ptr == "/spec/type" {
                        "an OperationalLevelAgreement is always `type: internal`".to_string()
                    } else {
                        format!("found {}", shown(node))
                    }),
                );
            }
            ValidationErrorKind::Type { kind } => {
                // A number where a quantity string belongs (`credit: 25`): say what to write.
                let scalar = match &node.value {
                    crate::source::Value::Int(i) => Some(i.to_string()),
                    crate::source::Value::Float(f) => Some(f.to_string()),
                    _ => None,
                };
                if let Some((code, err)) = scalar.and_then(|t| quantity_error(ptr, &field, &t)) {
                    out.push(at_value(code, err.message).with_help(err.help));
                    return;
                }
                let want = format!("{kind:?}")
                    .to_lowercase()
                    .replace("single(", "")
                    .replace("multiple(", "")
                    .replace(')', "");
                let mut d = at_value(
                    Code::SchemaViolation,
                    format!(
                        "{} must be {}, found {}",
                        field_label(ptr, &field),
                        article(&want),
                        article(node.kind_name())
                    ),
                );
                if let Some(desc) = self.description_for(schema_path, None) {
                    d = d.with_help(desc);
                }
                out.push(d);
            }
            ValidationErrorKind::MinItems { limit } => {
                out.push(at_value(
                    Code::SchemaViolation,
                    format!(
                        "{} needs at least {limit} item{}",
                        field_label(ptr, &field),
                        if *limit == 1 { "" } else { "s" }
                    ),
                ));
            }
            ValidationErrorKind::UniqueItems => {
                out.push(
                    at_value(
                        Code::SchemaViolation,
                        format!("{} lists the same item twice", field_label(ptr, &field)),
                    )
                    .with_help("remove the repeated item"),
                );
            }
            ValidationErrorKind::Minimum { limit }
            | ValidationErrorKind::ExclusiveMinimum { limit } => {
                out.push(at_value(
                    Code::SchemaViolation,
                    format!(
                        "{} is too small: {} (minimum {limit})",
                        field_label(ptr, &field),
                        shown(node)
                    ),
                ));
            }
            ValidationErrorKind::MinLength { .. } => {
                out.push(at_value(
                    Code::SchemaViolation,
                    format!("{} must not be empty", field_label(ptr, &field)),
                ));
            }
            ValidationErrorKind::PropertyNames { error } => {
                let bad = error.instance().as_str().unwrap_or_default().to_string();
                let span = tree.resolve_key(ptr, &bad).map_or(node.span, |k| k.span);
                let mut d = Diagnostic::new(
                    Code::SchemaViolation,
                    file.clone(),
                    span,
                    format!("`{bad}` is not allowed as a key in {}", describe(ptr)),
                )
                .with_path(ptr);
                if bad == crate::model::BUILTIN_24X7 {
                    d = d.with_help("`24x7` is built in and always means every hour of every day; name your calendar differently");
                } else {
                    d = d.with_help("keys here are kebab-case ids such as `business-hours`");
                }
                out.push(d);
            }
            other => {
                let _ = other;
                out.push(at_value(
                    Code::SchemaViolation,
                    format!("{} does not match the schema", field_label(ptr, &field)),
                ));
            }
        }
    }
}

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
    use crate::source::yaml::{Limits, parse};

    fn check(text: &str) -> Vec<Diagnostic> {
        let docs = parse(text, &Limits::default()).unwrap();
        Schema::sla().check(&"t.yaml".into(), &docs[0].root)
    }

    fn valid() -> String {
        crate::model::build::tests_support::MINIMAL.to_string()
    }

    #[test]
    fn embedded_schemas_compile() {
        let _ = Schema::sla();
        let _ = Schema::policy();
        assert!(check(&valid()).is_empty(), "{:#?}", check(&valid()));
    }

    #[test]
    fn unknown_fields_point_at_the_key_and_suggest() {
        let d = check(&valid().replace(
            "      hours: business-hours",
            "      hours: business-hours\n      crdits: []",
        ));
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].code, Code::UnknownField);
        assert_eq!(d[0].span.start.line, 23);
        assert_eq!(d[0].span.start.col, 7);
        assert_eq!(d[0].help.as_deref(), Some("did you mean `credits`?"));
    }

    #[test]
    fn bad_targets_get_the_grammar_message() {
        let d = check(&valid().replace("'< 500ms'", "'<= 1hr'"));
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].code, Code::InvalidQuantity);
        assert!(d[0].message.contains("`hr`"), "{}", d[0].message);
        let d = check(&valid().replace("'>= 99.90%'", "'>= 120%'"));
        assert!(
            d.iter().any(|d| d.message.contains("more than 100%")),
            "{d:#?}"
        );
    }

    #[test]
    fn enums_and_required_fields_say_what_is_allowed() {
        let d = check(&valid().replace("indicator: latency", "indicator: latncy"));
        assert!(
            d.iter()
                .any(|d| d.help.as_deref() == Some("did you mean `latency`?")),
            "{d:#?}"
        );
        let d = check(&valid().replace(
            "      service: crm\n      indicator: latency",
            "      indicator: latency",
        ));
        assert!(
            d.iter()
                .any(|d| d.message.contains("missing required field `service`")),
            "{d:#?}"
        );
    }

    #[test]
    fn did_you_mean_finds_near_field_names() {
        assert_eq!(
            did_you_mean("crdits", &["credits".into(), "id".into()]),
            Some("credits".into())
        );
        assert_eq!(did_you_mean("zzzzzz", &["credits".into()]), None);
    }
}
