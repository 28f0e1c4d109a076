//! The embedded JSON Schemas and the mapping of their errors back to YAML spans.
//!
//! The schemas in `schemas/` are the published contract (editors use them for completion);
//! they are compiled once per process. Errors from `jsonschema` arrive as JSON pointers and
//! keywords; this module turns each into a finding at the offending key or value, with a
//! message that names the field and a help line (the field's own schema description, or
//! "did you mean"). Quantity fields are re-parsed with the model's parser so a bad target
//! gets the same precise message everywhere.

pub mod docs;
mod errors;
pub mod instance;

use std::sync::{Arc, OnceLock};

use serde_json::Value as Json;

use crate::diagnostic::Diagnostic;
use crate::source::Node;
use crate::source::pointer::{Resolver, segments};

/// The text of `schemas/sla.schema.json`.
pub const SLA_SCHEMA: &str = include_str!("../../schemas/sla.schema.json");
/// The text of `schemas/policy.schema.json`.
pub const POLICY_SCHEMA: &str = include_str!("../../schemas/policy.schema.json");

/// The most schema findings listed for one document; the rest are counted in one
/// `too-many-errors` finding.
pub const MAX_SCHEMA_FINDINGS: usize = 1_000;

/// The finding that says how many schema errors were not listed.
fn too_many(file: &Arc<str>, span: crate::diagnostic::Span, left_out: usize) -> Diagnostic {
    Diagnostic::new(
        crate::diagnostic::Code::TooManyErrors,
        file.clone(),
        span,
        format!(
            "{left_out} more schema {} in this document not listed (at most {MAX_SCHEMA_FINDINGS} \
             are listed per document)",
            if left_out == 1 { "error" } else { "errors" }
        ),
    )
    .with_help("fix the errors listed, then run slagate again to see the rest")
}

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
            // `format: date`: an impossible date (`2026-02-30`) is found with the other
            // schema errors, not only once they are all fixed and the model is built.
            .should_validate_formats(true)
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

    /// Validates one document and maps its errors to located findings, sorted by position.
    ///
    /// At most [`MAX_SCHEMA_FINDINGS`] are listed; past that the rest are only counted (each
    /// unknown key counts one) and one `too-many-errors` finding, at the first error left
    /// out, says how many. The cap bounds time and memory on a hostile file (120,000 unknown
    /// keys) and changes no verdict: a document with any schema error fails.
    pub fn check(&self, file: &Arc<str>, root: &Node) -> Vec<Diagnostic> {
        if self.validator.is_valid(root) {
            return Vec::new();
        }
        let mut out: Vec<Diagnostic> = Vec::new();
        let mut tree = Resolver::new(root);
        let mut left_out = 0usize;
        let mut first_left_out = None;
        for err in self.validator.iter_errors(root) {
            let ptr = err.instance_path().as_str().to_string();
            let space = MAX_SCHEMA_FINDINGS.saturating_sub(out.len());
            let unexpected = match err.kind() {
                jsonschema::error::ValidationErrorKind::AdditionalProperties { unexpected } => {
                    Some(unexpected)
                }
                _ => None,
            };
            let count = unexpected.map_or(1, Vec::len);
            if count > space {
                left_out += count - space;
                first_left_out.get_or_insert_with(|| {
                    // The first key left out, or the value that failed.
                    unexpected
                        .and_then(|keys| tree.resolve_key(&ptr, &keys[space]))
                        .map_or_else(|| tree.resolve(&ptr).span, |k| k.span)
                });
                if space == 0 {
                    continue;
                }
            }
            let schema_path = err.schema_path().as_str().to_string();
            self.map_error(
                file,
                &mut tree,
                &ptr,
                &schema_path,
                err.kind(),
                space,
                &mut out,
            );
        }
        out.sort_by(|a, b| a.span.cmp(&b.span).then(a.message.cmp(&b.message)));
        out.dedup_by(|a, b| a.span == b.span && a.message == b.message);
        if let Some(span) = first_left_out {
            out.push(too_many(file, span, left_out));
        }
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;
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
    fn a_newcomer_s_mistakes_get_one_finding_that_names_the_fix() {
        // (edit, the one finding's message, its help). `< 500 ms` fits the schema's pattern
        // (a count with a unit word) and is refused by the model's parser: see
        // `model::quantity::tests::a_newcomer_s_spellings_get_the_fix_named`.
        let cases = [
            (
                ("percentile: p95", "percentile: 95"),
                "`95` is not an allowed `percentile`",
                "did you mean `p95`?",
            ),
            (
                ("  objectives:", "  severities: [1, 2]\n  objectives:"),
                "2 items of `severities` are read as numbers, not text",
                "quote them: `'1'`, `'2'` (YAML reads an unquoted `1` as a number)",
            ),
            (
                ("credit: 10%", "credit: 10"),
                "`10` is not a percent: it has no `%`",
                "write `10%`",
            ),
            (
                ("'>= 99.90%'", "'>= 99.9 %'"),
                "`99.9 %` has a space before `%`",
                "write `99.9%`",
            ),
        ];
        for ((from, to), message, help) in cases {
            let text = valid().replace(from, to);
            assert_ne!(text, valid(), "{from}");
            let d = check(&text);
            assert_eq!(d.len(), 1, "{to}: {d:#?}");
            assert_eq!(d[0].message, message, "{to}");
            assert_eq!(d[0].help.as_deref(), Some(help), "{to}");
        }
    }

    #[test]
    fn an_impossible_date_is_found_with_the_other_schema_errors() {
        let text = valid()
            .replace("from: 2026-01-01", "from: 2026-02-30")
            .replace("  type: customer", "  type: customer\n  bogus: 1");
        let d = check(&text);
        let codes: Vec<Code> = d.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::UnknownField, Code::InvalidDate], "{d:#?}");
        assert_eq!(d[1].message, "`2026-02-30` does not exist on the calendar");
        // 2028 is a leap year: its 29 February exists.
        assert!(check(&valid().replace("from: 2026-01-01", "from: 2028-02-29")).is_empty());
    }

    #[test]
    fn a_percent_with_leading_zeros_fits_the_schema_as_it_fits_the_grammar() {
        // The grammar's `number` is `digits ["." digits]`, so `099.9%` is 99.9%; the
        // schema's pattern took at most two digits before the point.
        assert!(check(&valid().replace("'>= 99.90%'", "'>= 099.9%'")).is_empty());
        assert!(check(&valid().replace("credit: 10%", "credit: 010%")).is_empty());
        assert!(!check(&valid().replace("'>= 99.90%'", "'>= 0101%'")).is_empty());
    }

    #[test]
    fn a_comma_in_an_unquoted_flow_value_says_to_quote_it() {
        let text = valid().replace(
            "summary: Latency objective added}",
            "summary: Latency added, p95 now}",
        );
        assert_ne!(text, valid());
        let d = check(&text);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(
            d[0].message,
            "`p95 now` reads as a field: the comma before it ended the value of `summary`"
        );
        assert_eq!(
            d[0].help.as_deref(),
            Some(
                "quote the summary: `summary: 'Latency added, p95 now'` (inside `{...}` a comma \
                 ends a value)"
            )
        );
        // A misspelt key with a value is still a misspelt key.
        let d = check(&valid().replace("summary: Latency objective added}", "sumary: x}"));
        assert!(
            d.iter()
                .any(|d| d.message == "unknown field `sumary` in `/spec/changelog/0`")
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
}
