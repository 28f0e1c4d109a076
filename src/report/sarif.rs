//! SARIF 2.1.0, for GitHub code scanning and other viewers, for every outcome; a comparison's
//! run carries `base` and `head` as properties and a change's before, after and impact go
//! into the help.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::diff::{DiffReport, with_change_in_help};
use super::{Outcome, Report, escape_invisible};
use crate::diagnostic::{Code, Diagnostic, Level};

/// The SARIF level of a finding level.
fn level(l: Level) -> &'static str {
    match l {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "note",
    }
}

/// Builds the SARIF log.
pub fn log(r: &Report<'_>) -> Value {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|c| {
            json!({
                "id": c.as_str(),
                "name": c.as_str(),
                "shortDescription": {"text": c.summary()},
                "fullDescription": {"text": c.summary()},
                "help": {"text": super::explain::docs(*c), "markdown": super::explain::docs(*c)},
                "defaultConfiguration": {"level": level(c.default_level())},
                "properties": {"category": c.category().as_str()},
            })
        })
        .collect();
    let results: Vec<Value> = r
        .diagnostics
        .iter()
        .map(|d| {
            let index = Code::ALL.iter().position(|c| *c == d.code).unwrap_or(0);
            let mut text = escape_invisible(&d.message).into_owned();
            if let Some(h) = &d.help {
                text.push_str("\nhelp: ");
                text.push_str(&escape_invisible(h));
            }
            let mut region = json!({"startLine": d.span.start.line, "startColumn": d.span.start.col});
            if d.span.end.line >= d.span.start.line && (d.span.end.line, d.span.end.col) > (d.span.start.line, d.span.start.col) {
                region["endLine"] = json!(d.span.end.line);
                region["endColumn"] = json!(d.span.end.col);
            }
            let related: Vec<Value> = d
                .related
                .iter()
                .enumerate()
                .map(|(i, rel)| {
                    json!({
                        "id": i,
                        "message": {"text": escape_invisible(&rel.message)},
                        "physicalLocation": {
                            "artifactLocation": {"uri": escape_invisible(&rel.file)},
                            "region": {"startLine": rel.span.start.line, "startColumn": rel.span.start.col}
                        }
                    })
                })
                .collect();
            let mut result = json!({
                "ruleId": d.code.as_str(),
                "ruleIndex": index,
                "level": level(d.level),
                "message": {"text": text},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": escape_invisible(&d.file)},
                        "region": region
                    }
                }],
            });
            if !related.is_empty() {
                result["relatedLocations"] = Value::Array(related);
            }
            result
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "slagate",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules,
            }},
            "results": results,
        }]
    })
}

/// Writes the SARIF log of `outcome`.
pub fn render(outcome: &Outcome<'_>, w: &mut dyn Write) -> io::Result<()> {
    let log = match outcome {
        Outcome::Validation(r) => log(r),
        Outcome::Diff(r) => comparison(r),
        Outcome::Gate(r) => comparison(&r.as_diff(&r.all_findings())),
    };
    serde_json::to_writer_pretty(&mut *w, &log)?;
    writeln!(w)
}

/// The log of a comparison: changes folded into the help, the revisions as run properties.
fn comparison(r: &DiffReport<'_>) -> Value {
    let folded: Vec<Diagnostic> = r.diagnostics.iter().map(with_change_in_help).collect();
    let report = Report {
        diagnostics: &folded,
        ..r.report()
    };
    let mut log = log(&report);
    log["runs"][0]["properties"] = json!({"base": r.base, "head": r.head});
    log
}

#[cfg(test)]
mod tests {
    use crate::report::{Format, sample::render_to_string};

    #[test]
    fn sarif_has_rules_and_results() {
        let v: serde_json::Value =
            serde_json::from_str(&render_to_string(Format::Sarif, false)).unwrap();
        assert_eq!(v["version"], "2.1.0");
        let run = &v["runs"][0];
        assert_eq!(run["results"][0]["ruleId"], "indicator-quantity-mismatch");
        assert_eq!(
            run["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"],
            3
        );
        let idx = run["results"][0]["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            run["tool"]["driver"]["rules"][idx]["id"],
            "indicator-quantity-mismatch"
        );
        assert_eq!(run["results"][2]["level"], "warning");
    }
}
