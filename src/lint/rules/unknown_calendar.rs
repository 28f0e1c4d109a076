//! `unknown-calendar`: an objective's `hours` names a calendar the document does not define.

use crate::diagnostic::{Code, Diagnostic};
use crate::lint::{LintContext, Rule, finding, reference_help};
use crate::model::{BUILTIN_24X7, Objective, SlaDocument, Spec};

/// The rule.
pub struct UnknownCalendar;

/// Docs.
pub const DOCS: &str = r"## What it checks
That the `hours` of every objective is `24x7` (built in) or the id of a calendar defined under
`spec.calendars`.

## Why is this bad?
The calendar says when the objective is measured. Availability of `99.9%` during business
hours and around the clock are different promises; with an unknown calendar nobody can say
which one was made, and `slagate diff` cannot weigh a change of covered hours.

## Example
```yaml
calendars:
  business-hours: {timezone: Europe/Berlin, days: [mon, tue, wed, thu, fri], from: '08:00', to: '18:00'}
objectives:
  - id: availability
    hours: office-hours    # unknown-calendar: define it or use `business-hours`, `24x7`
```
";

/// The calendar id of the objective, when it is neither built in nor defined in `spec`.
pub fn unknown_calendar<'a>(spec: &Spec, objective: &'a Objective) -> Option<&'a str> {
    let id = objective.hours.as_ref()?.value.as_str();
    (id != BUILTIN_24X7 && spec.calendar(id).is_none()).then_some(id)
}

impl Rule for UnknownCalendar {
    fn code(&self) -> Code {
        Code::UnknownCalendar
    }

    fn check_document(&self, _cx: &LintContext<'_>, doc: &SlaDocument, out: &mut Vec<Diagnostic>) {
        for o in &doc.spec.objectives {
            let (Some(id), Some(hours)) = (unknown_calendar(&doc.spec, o), &o.hours) else {
                continue;
            };
            let defined: Vec<&str> = doc
                .spec
                .calendars
                .iter()
                .map(|c| c.id.value.as_str())
                .chain([BUILTIN_24X7])
                .collect();
            out.push(
                finding(
                    self.code(),
                    doc,
                    hours.span,
                    format!("calendar `{id}` is not defined"),
                )
                .with_objective(o.id.value.clone())
                .with_path(o.pointer("hours"))
                .with_help(reference_help(id, &defined, "spec.calendars")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::testing::{BASE, documents, run};

    #[test]
    fn clean_document_has_none() {
        assert!(run(&UnknownCalendar, BASE).is_empty());
    }

    #[test]
    fn built_in_and_defined_calendars_are_known() {
        let text = BASE.replace(
            "      window: 30d\n",
            "      window: 30d\n      hours: 24x7\n",
        );
        let docs = documents(&[("t.sla.yaml", &text)]);
        let spec = &docs[0].spec;
        assert_eq!(unknown_calendar(spec, &spec.objectives[0]), None);
        assert_eq!(unknown_calendar(spec, &spec.objectives[1]), None);
        assert!(run(&UnknownCalendar, &text).is_empty());
    }

    #[test]
    fn undefined_calendar_is_reported_with_the_defined_ones() {
        let d = run(
            &UnknownCalendar,
            &BASE.replace("      hours: business-hours", "      hours: office-hours"),
        );
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].message, "calendar `office-hours` is not defined");
        assert_eq!(d[0].span.start.line, 22);
        assert_eq!(d[0].path.as_deref(), Some("/spec/objectives/0/hours"));
        assert_eq!(
            d[0].help.as_deref(),
            Some("define it under `spec.calendars`, or use one of `business-hours`, `24x7`")
        );
    }

    #[test]
    fn near_miss_suggests_the_calendar() {
        let d = run(
            &UnknownCalendar,
            &BASE.replace("      hours: business-hours", "      hours: 24x5"),
        );
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(
            d[0].help.as_deref(),
            Some("did you mean `24x7`? `spec.calendars` defines `business-hours`, `24x7`")
        );
    }
}
