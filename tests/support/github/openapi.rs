//! GitHub's REST API description (the `OpenAPI` 3.0 slice in `tests/fixtures/github/`):
//! operations, path matching, and JSON Schema validators for request and response bodies.
//!
//! `OpenAPI` 3.0 schemas are not JSON Schema. [`to_json_schema`] converts them: `nullable: true`
//! adds `"null"` to the type (or wraps the schema in `anyOf` with null), and keys a JSON Schema
//! validator would misread or that are only documentation (`example`, `examples`,
//! `discriminator`, `readOnly`, `writeOnly`, `deprecated`, `xml`, `externalDocs`, `x-*`) are
//! dropped. The conversion walks schema positions only, so a property that happens to be named
//! `example` survives. `$ref`s keep their `#/components/schemas/...` form: every validator is
//! compiled with the converted components next to it, so they resolve inside the document.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::{Map, Value, json};

/// Where a parameter lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamIn {
    /// A `{name}` segment of the path template.
    Path,
    /// A query string parameter.
    Query,
    /// A request header.
    Header,
}

/// One parameter of an operation, with its schema already converted to JSON Schema.
#[derive(Debug, Clone)]
pub struct Param {
    /// The parameter's name as sent (`per_page`, `pull_number`, ...).
    pub name: String,
    /// Where it is sent.
    pub location: ParamIn,
    /// Whether the description marks it required.
    pub required: bool,
    /// Its converted schema.
    pub schema: Value,
    /// `x-multi-segment`: a path parameter that may contain `/` (a ref, a file path).
    pub multi_segment: bool,
}

/// One operation (method + path template) of the description.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Upper-case HTTP method.
    pub method: String,
    /// The path template, e.g. `/repos/{owner}/{repo}/pulls/{pull_number}/reviews`.
    pub template: String,
    /// `operationId`, e.g. `pulls/create-review`.
    pub id: String,
    /// The documentation URL (`externalDocs.url`), used as `documentation_url` in errors.
    pub docs_url: String,
    /// Path, query and header parameters.
    pub params: Vec<Param>,
    /// The JSON request body schema, if the operation declares one.
    pub body_schema: Option<Value>,
    /// Whether the request body is required.
    pub body_required: bool,
    /// Declared response status codes with their converted JSON body schema (if any).
    pub responses: Vec<(u16, Option<Value>)>,
    segments: Vec<Segment>,
}

#[derive(Debug, Clone)]
enum Segment {
    Literal(String),
    Param { name: String, multi: bool },
}

impl Operation {
    /// `"POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews"`.
    pub fn key(&self) -> String {
        format!("{} {}", self.method, self.template)
    }

    /// Whether this operation changes state (anything but GET/HEAD).
    pub fn is_write(&self) -> bool {
        !matches!(self.method.as_str(), "GET" | "HEAD")
    }

    /// The parameter `name` in `location`, if declared.
    pub fn param(&self, name: &str, location: ParamIn) -> Option<&Param> {
        self.params
            .iter()
            .find(|p| p.name == name && p.location == location)
    }

    /// The converted schema of the response with this status, if declared with a JSON body.
    pub fn response_schema(&self, status: u16) -> Option<&Value> {
        self.responses
            .iter()
            .find(|(s, _)| *s == status)
            .and_then(|(_, schema)| schema.as_ref())
    }

    /// Whether the description declares this status for the operation.
    pub fn declares_status(&self, status: u16) -> bool {
        self.responses.iter().any(|(s, _)| *s == status)
    }

    fn literal_count(&self) -> usize {
        self.segments
            .iter()
            .filter(|s| matches!(s, Segment::Literal(_)))
            .count()
    }

    /// Matches a request path (already stripped of the base path) against the template,
    /// returning the decoded path parameters.
    pub fn match_path(&self, path: &str) -> Option<Vec<(String, String)>> {
        let rest = path.strip_prefix('/')?;
        let parts: Vec<&str> = rest.split('/').collect();
        let mut out = Vec::new();
        if match_segments(&self.segments, &parts, &mut out) {
            Some(out)
        } else {
            None
        }
    }
}

fn match_segments(template: &[Segment], parts: &[&str], out: &mut Vec<(String, String)>) -> bool {
    let Some((first, rest)) = template.split_first() else {
        return parts.is_empty();
    };
    match first {
        Segment::Literal(lit) => {
            parts.first() == Some(&lit.as_str()) && match_segments(rest, &parts[1..], out)
        }
        Segment::Param { name, multi } => {
            let max = if *multi {
                parts.len()
            } else {
                parts.len().min(1)
            };
            for take in 1..=max {
                let taken = &parts[..take];
                if taken.iter().any(|p| p.is_empty()) {
                    break;
                }
                let Some(value) = taken
                    .iter()
                    .map(|p| percent_decode(p))
                    .collect::<Option<Vec<_>>>()
                else {
                    return false;
                };
                out.push((name.clone(), value.join("/")));
                if match_segments(rest, &parts[take..], out) {
                    return true;
                }
                out.pop();
            }
            false
        }
    }
}

/// Decodes `%XX` escapes (and nothing else); `None` for a malformed escape or non-UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The loaded description: operations plus a cache of compiled validators.
pub struct Spec {
    doc: Value,
    components: Value,
    operations: Vec<Operation>,
    validators: Mutex<HashMap<String, Arc<jsonschema::Validator>>>,
}

impl std::fmt::Debug for Spec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Spec")
            .field("operations", &self.operations.len())
            .finish_non_exhaustive()
    }
}

/// The fixture directory `tests/fixtures/github`.
pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/github")
}

impl Spec {
    /// The description, loaded once per test binary.
    pub fn shared() -> Arc<Spec> {
        static SPEC: OnceLock<Arc<Spec>> = OnceLock::new();
        SPEC.get_or_init(|| {
            let path = fixtures_dir().join("github-rest-openapi-slice.json");
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            let doc: Value = serde_json::from_str(&text).expect("the OpenAPI slice is JSON");
            Arc::new(Spec::from_document(doc))
        })
        .clone()
    }

    /// Builds the operation table from an `OpenAPI` 3.0 document.
    pub fn from_document(doc: Value) -> Spec {
        let schemas = doc
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), to_json_schema(v)))
                    .collect::<Map<_, _>>()
            })
            .unwrap_or_default();
        let components = json!({ "schemas": schemas });
        let mut operations = Vec::new();
        let paths = doc["paths"].as_object().expect("paths");
        for (template, item) in paths {
            let item = item.as_object().expect("path item");
            let shared_params: Vec<Value> = item
                .get("parameters")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for (method, op) in item {
                if !matches!(
                    method.as_str(),
                    "get" | "put" | "post" | "delete" | "patch" | "head" | "options"
                ) {
                    continue;
                }
                operations.push(build_operation(&doc, template, method, op, &shared_params));
            }
        }
        Spec {
            doc,
            components,
            operations,
            validators: Mutex::new(HashMap::new()),
        }
    }

    /// The raw (unconverted) document.
    pub fn document(&self) -> &Value {
        &self.doc
    }

    /// All operations.
    pub fn operations(&self) -> &[Operation] {
        &self.operations
    }

    /// The operation with this method and template.
    pub fn operation(&self, method: &str, template: &str) -> Option<&Operation> {
        self.operations
            .iter()
            .find(|o| o.method.eq_ignore_ascii_case(method) && o.template == template)
    }

    /// The operation with this `operationId`.
    pub fn operation_by_id(&self, id: &str) -> Option<&Operation> {
        self.operations.iter().find(|o| o.id == id)
    }

    /// All operations whose template matches `path`, best (most literal segments) first.
    pub fn match_path(&self, path: &str) -> Vec<(&Operation, Vec<(String, String)>)> {
        let mut found: Vec<_> = self
            .operations
            .iter()
            .filter_map(|op| op.match_path(path).map(|params| (op, params)))
            .collect();
        found.sort_by_key(|(op, _)| std::cmp::Reverse(op.literal_count()));
        if let Some(best) = found.first().map(|(op, _)| op.literal_count()) {
            found.retain(|(op, _)| op.literal_count() == best);
        }
        found
    }

    /// An example from `#/components/examples/{name}` (its `value`).
    pub fn example(&self, name: &str) -> Value {
        self.doc
            .pointer(&format!("/components/examples/{name}/value"))
            .cloned()
            .unwrap_or_else(|| panic!("no example {name} in the description"))
    }

    /// Validates `instance` against a converted schema, returning readable errors (at most 10).
    /// `key` names the schema for the validator cache.
    pub fn validate(&self, key: &str, schema: &Value, instance: &Value) -> Vec<String> {
        let validator = self.validator(key, schema);
        validator
            .iter_errors(instance)
            .take(10)
            .map(|e| {
                let mut text = e.to_string();
                if text.len() > 300 {
                    let mut cut = 300;
                    while !text.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    text.truncate(cut);
                    text.push('…');
                }
                let at = e.instance_path().to_string();
                if at.is_empty() {
                    text
                } else {
                    format!("{at}: {text}")
                }
            })
            .collect()
    }

    fn validator(&self, key: &str, schema: &Value) -> Arc<jsonschema::Validator> {
        let mut cache = self
            .validators
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(v) = cache.get(key) {
            return v.clone();
        }
        let wrapper = json!({
            "allOf": [schema],
            "components": self.components,
        });
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .should_ignore_unknown_formats(true)
            .build(&wrapper)
            .unwrap_or_else(|e| panic!("schema {key} does not compile: {e}"));
        let validator = Arc::new(validator);
        cache.insert(key.to_owned(), validator.clone());
        validator
    }
}

fn resolve<'a>(doc: &'a Value, mut value: &'a Value) -> &'a Value {
    for _ in 0..16 {
        let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
            return value;
        };
        let pointer = reference
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("external $ref {reference}"));
        value = doc
            .pointer(pointer)
            .unwrap_or_else(|| panic!("unresolvable $ref {reference}"));
    }
    panic!("$ref chain too long")
}

fn build_operation(
    doc: &Value,
    template: &str,
    method: &str,
    op: &Value,
    shared_params: &[Value],
) -> Operation {
    let mut params: Vec<Param> = Vec::new();
    let own = op
        .get("parameters")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for raw in shared_params.iter().chain(own.iter()) {
        let p = resolve(doc, raw);
        let location = match p["in"].as_str() {
            Some("path") => ParamIn::Path,
            Some("query") => ParamIn::Query,
            Some("header") => ParamIn::Header,
            _ => continue,
        };
        let name = p["name"].as_str().expect("parameter name").to_owned();
        // An operation-level parameter overrides a path-level one of the same name.
        params.retain(|q| !(q.name == name && q.location == location));
        params.push(Param {
            name,
            location,
            required: p["required"].as_bool().unwrap_or(location == ParamIn::Path),
            schema: to_json_schema(p.get("schema").unwrap_or(&json!({}))),
            multi_segment: p["x-multi-segment"].as_bool().unwrap_or(false),
        });
    }
    let (body_schema, body_required) = match op.get("requestBody") {
        Some(raw) => {
            let body = resolve(doc, raw);
            let schema = body
                .pointer("/content/application~1json/schema")
                .map(to_json_schema);
            (schema, body["required"].as_bool().unwrap_or(false))
        }
        None => (None, false),
    };
    let mut responses = Vec::new();
    if let Some(map) = op["responses"].as_object() {
        for (code, raw) in map {
            let Ok(code) = code.parse::<u16>() else {
                continue;
            };
            let response = resolve(doc, raw);
            let schema = response
                .pointer("/content/application~1json/schema")
                .map(to_json_schema);
            responses.push((code, schema));
        }
    }
    let segments = template
        .trim_start_matches('/')
        .split('/')
        .map(|s| {
            if let Some(name) = s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                let multi = params
                    .iter()
                    .any(|p| p.name == name && p.location == ParamIn::Path && p.multi_segment);
                Segment::Param {
                    name: name.to_owned(),
                    multi,
                }
            } else {
                Segment::Literal(s.to_owned())
            }
        })
        .collect();
    Operation {
        method: method.to_ascii_uppercase(),
        template: template.to_owned(),
        id: op["operationId"].as_str().unwrap_or_default().to_owned(),
        docs_url: op
            .pointer("/externalDocs/url")
            .and_then(Value::as_str)
            .unwrap_or("https://docs.github.com/rest")
            .to_owned(),
        params,
        body_schema,
        body_required,
        responses,
        segments,
    }
}

const DROPPED_KEYS: &[&str] = &[
    "example",
    "examples",
    "discriminator",
    "readOnly",
    "writeOnly",
    "deprecated",
    "externalDocs",
    "xml",
];

/// Converts an `OpenAPI` 3.0 schema object to JSON Schema (2020-12).
pub fn to_json_schema(schema: &Value) -> Value {
    let Some(object) = schema.as_object() else {
        return schema.clone();
    };
    let mut out = Map::new();
    let mut nullable = false;
    for (key, value) in object {
        if DROPPED_KEYS.contains(&key.as_str()) || key.starts_with("x-") {
            continue;
        }
        let converted = match key.as_str() {
            "nullable" => {
                nullable = value.as_bool().unwrap_or(false);
                continue;
            }
            "properties" | "patternProperties" => Value::Object(
                value
                    .as_object()
                    .map(|m| {
                        m.iter()
                            .map(|(k, v)| (k.clone(), to_json_schema(v)))
                            .collect()
                    })
                    .unwrap_or_default(),
            ),
            "items" | "not" | "additionalProperties" => to_json_schema(value),
            "allOf" | "anyOf" | "oneOf" => Value::Array(
                value
                    .as_array()
                    .map(|a| a.iter().map(to_json_schema).collect())
                    .unwrap_or_default(),
            ),
            _ => value.clone(),
        };
        out.insert(key.clone(), converted);
    }
    if !nullable {
        return Value::Object(out);
    }
    match out.get_mut("type") {
        Some(Value::String(t)) => {
            let t = std::mem::take(t);
            out.insert("type".into(), json!([t, "null"]));
        }
        Some(Value::Array(types)) => {
            if !types.iter().any(|t| t == "null") {
                types.push(json!("null"));
            }
        }
        _ => return json!({ "anyOf": [{ "type": "null" }, Value::Object(out)] }),
    }
    if let Some(Value::Array(values)) = out.get_mut("enum") {
        if !values.contains(&Value::Null) {
            values.push(Value::Null);
        }
    }
    Value::Object(out)
}
