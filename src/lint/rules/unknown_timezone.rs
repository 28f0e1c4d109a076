//! `unknown-timezone`: a calendar's `timezone` is not a zone of the IANA tz database.

use crate::diagnostic::{Code, Diagnostic};
use crate::lint::{LintContext, Rule, finding};
use crate::model::SlaDocument;
use crate::model::zone::check_zone;
use crate::source::pointer::escape;

/// The rule.
pub struct UnknownTimezone;

/// Docs.
pub const DOCS: &str = r"## What it checks
That the `timezone` of every calendar is a zone of the IANA tz database, spelled as the
database spells it (`Europe/Berlin`, `America/New_York`, `UTC`). Abbreviations such as `EST`,
`ET` or `CET` are not zones, nor are legacy aliases without an area (`Japan`): the help names
the zone most likely meant.

## Why is this bad?
A calendar's hours are local time in its zone, and covered time between real dates is
counted there, daylight saving included: `Mon-Fri 09:00-18:00` in `Europe/Berlin` is
08:00-17:00 UTC in winter and 07:00-16:00 UTC in summer. `EST` is a fixed offset with no
daylight saving, so a New York office calendar written with it is an hour off for most of
the year; a misspelled zone means no one can say when the objective is measured.

## Example
```yaml
calendars:
  business-hours:
    timezone: Europe/Berln    # unknown-timezone: did you mean `Europe/Berlin`?
    days: [mon, tue, wed, thu, fri]
    from: '09:00'
    to: '18:00'
  us-office:
    timezone: EST             # unknown-timezone: did you mean `America/New_York`?
    days: [mon, tue, wed, thu, fri]
    from: '09:00'
    to: '17:00'
```
";

impl Rule for UnknownTimezone {
    fn code(&self) -> Code {
        Code::UnknownTimezone
    }

    fn check_document(&self, _cx: &LintContext<'_>, doc: &SlaDocument, out: &mut Vec<Diagnostic>) {
        for c in &doc.spec.calendars {
            let Err(e) = check_zone(&c.timezone.value) else {
                continue;
            };
            out.push(
                finding(self.code(), doc, c.timezone.span, e.message)
                    .with_path(format!("/spec/calendars/{}/timezone", escape(&c.id.value)))
                    .with_help(e.help),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::testing::{BASE, run};

    #[test]
    fn clean_document_has_none() {
        assert!(BASE.contains("timezone: Europe/Berlin"));
        assert!(run(&UnknownTimezone, BASE).is_empty());
    }

    #[test]
    fn a_misspelled_zone_is_reported_with_the_zone_meant() {
        let d = run(
            &UnknownTimezone,
            &BASE.replace("timezone: Europe/Berlin", "timezone: Europe/Berln"),
        );
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].message, "`Europe/Berln` is not an IANA time zone");
        assert_eq!(d[0].help.as_deref(), Some("did you mean `Europe/Berlin`?"));
        assert_eq!(
            d[0].path.as_deref(),
            Some("/spec/calendars/business-hours/timezone")
        );
    }

    #[test]
    fn abbreviations_suggest_a_place() {
        for abbreviation in ["EST", "ET"] {
            let d = run(
                &UnknownTimezone,
                &BASE.replace(
                    "timezone: Europe/Berlin",
                    &format!("timezone: {abbreviation}"),
                ),
            );
            assert_eq!(d.len(), 1, "{d:#?}");
            assert_eq!(
                d[0].help.as_deref(),
                Some(&*format!(
                    "did you mean `America/New_York`? `{abbreviation}` is an abbreviation, not \
                     a zone: a zone is a place (`Area/City`) whose rules include daylight saving"
                ))
            );
        }
    }
}
