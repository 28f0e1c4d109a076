//! `unknown-severity`: an objective names a severity not in the document's `severities`.

use crate::diagnostic::{Code, Diagnostic};
use crate::lint::{LintContext, Rule, closest, finding, id_list, reference_help};
use crate::model::{Objective, SlaDocument, Spec};

/// The rule.
pub struct UnknownSeverity;

/// Docs.
pub const DOCS: &str = r"## What it checks
That the `severity` of every objective is one of `spec.severities`, or of the default
`critical`, `high`, `medium`, `low` when the document does not list its own.

## Why is this bad?
Severities rank incidents, and the rank decides which response and resolution times apply.
An objective for a severity the agreement does not define applies to no incident, and cannot
be compared with the objectives of the other severities.

## Example
```yaml
severities: [critical, high, medium, low]
objectives:
  - id: support-response-urgent
    indicator: response-time
    severity: urgent      # unknown-severity: use one of `critical`, `high`, `medium`, `low`
    target: '<= 30m'
```
";

/// The objective's severity, when `spec` does not define it.
pub fn unknown_severity<'a>(spec: &Spec, objective: &'a Objective) -> Option<&'a str> {
    let severity = objective.severity.as_ref()?.value.as_str();
    spec.severity_rank(severity).is_none().then_some(severity)
}

fn help(spec: &Spec, severity: &str) -> String {
    let defined: Vec<&str> = spec.severities.iter().map(|s| s.value.as_str()).collect();
    if spec.severities_explicit {
        return reference_help(severity, &defined, "spec.severities");
    }
    let list = format!(
        "use one of the default severities {}, or list the document's own under `spec.severities`",
        id_list(&defined)
    );
    match closest(severity, &defined) {
        Some(near) => format!("did you mean `{near}`? {list}"),
        None => list,
    }
}

impl Rule for UnknownSeverity {
    fn code(&self) -> Code {
        Code::UnknownSeverity
    }

    fn check_document(&self, _cx: &LintContext<'_>, doc: &SlaDocument, out: &mut Vec<Diagnostic>) {
        for o in &doc.spec.objectives {
            let (Some(severity), Some(written)) = (unknown_severity(&doc.spec, o), &o.severity)
            else {
                continue;
            };
            out.push(
                finding(
                    self.code(),
                    doc,
                    written.span,
                    format!("severity `{severity}` is not defined"),
                )
                .with_objective(o.id.value.clone())
                .with_path(o.pointer("severity"))
                .with_help(help(&doc.spec, severity)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::testing::{BASE, documents, run};

    fn with_severity(severity: &str) -> String {
        BASE.replace(
            "      hours: business-hours\n",
            &format!("      hours: business-hours\n      severity: {severity}\n"),
        )
    }

    #[test]
    fn clean_document_has_none() {
        assert!(run(&UnknownSeverity, BASE).is_empty());
        assert!(run(&UnknownSeverity, &with_severity("critical")).is_empty());
    }

    #[test]
    fn condition_uses_the_written_list_over_the_default() {
        let text = with_severity("critical")
            .replace("  changelog:", "  severities: [sev1, sev2]\n  changelog:");
        let docs = documents(&[("t.sla.yaml", &text)]);
        assert_eq!(
            unknown_severity(&docs[0].spec, &docs[0].spec.objectives[0]),
            Some("critical")
        );
        assert_eq!(
            unknown_severity(&docs[0].spec, &docs[0].spec.objectives[1]),
            None
        );
    }

    #[test]
    fn severity_outside_the_defaults_lists_them() {
        let d = run(&UnknownSeverity, &with_severity("urgent"));
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].message, "severity `urgent` is not defined");
        assert_eq!(d[0].span.start.line, 23);
        assert_eq!(d[0].path.as_deref(), Some("/spec/objectives/0/severity"));
        assert_eq!(
            d[0].help.as_deref(),
            Some(
                "use one of the default severities `critical`, `high`, `medium`, `low`, or list the document's own under `spec.severities`"
            )
        );
    }

    #[test]
    fn severity_outside_a_written_list_suggests_the_closest() {
        let text = with_severity("sev3")
            .replace("  changelog:", "  severities: [sev1, sev2]\n  changelog:");
        let d = run(&UnknownSeverity, &text);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(
            d[0].help.as_deref(),
            Some("did you mean `sev1`? `spec.severities` defines `sev1`, `sev2`")
        );
    }
}
