//! `clock-days-on-business-hours`: a target in days or weeks (`2d`, `1w`) on a calendar that
//! is not 24x7.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::diagnostic::{Code, Diagnostic};
use crate::lint::{LintContext, Rule, finding};
use crate::model::quantity::fmt_decimal;
use crate::model::{Quantity, SlaDocument, WeekMinutes};

/// The rule.
pub struct ClockDaysOnBusinessHours;

/// Docs.
pub const DOCS: &str = r"## What it checks
That a target written in days or weeks (`2d`, `1w`) is not measured on a calendar that
covers less than every hour, unless it always holds the same covered time (whole weeks:
`2w` is always 10 business days on Mon-Fri). `d` and `w` are always 24 and 168 hours of clock time; business
days are written `bd` (a covered day of the objective's calendar) and business hours `bh`.
The warning says what the clock time amounts to in business days on that calendar, which
depends on when the clock starts.

## Why is this bad?
`resolution within 2d` on Mon-Fri 09:00-18:00 reads like two business days, but 48 hours
from Friday 18:00 end on Sunday 18:00 with no covered hour in between, and 48 hours from
Monday 09:00 hold two full business days. If business days are meant, the target promises
something else than what was agreed; if clock days are meant, saying `48h` makes it plain.

## Example
```yaml
calendars:
  business-hours: {timezone: Europe/Berlin, days: [mon, tue, wed, thu, fri], from: '09:00', to: '18:00'}
objectives:
  - id: resolution-high
    target: '<= 2d'        # clock-days-on-business-hours: write `2bd` for business days
    hours: business-hours
```
";

/// Whether a duration is written with days or weeks (`2d`, `1w2d`, `1d12h`).
fn in_days_or_weeks(raw: &str) -> bool {
    raw.split(|c: char| !c.is_ascii_alphabetic())
        .any(|unit| unit == "d" || unit == "w")
}

/// What `minutes` of clock time amount to on `week`, as a sentence part: "between 0bd and
/// 2bd (0h to 18h of covered time)"; `None` when it is always the same covered time (whole
/// weeks: `2w` is always 10bd on Mon-Fri), so there is nothing to warn about.
pub fn in_business_days(minutes: Decimal, week: &WeekMinutes) -> Option<String> {
    let (least, most) = week.window_range(minutes.to_u64()?);
    if least == most {
        return None;
    }
    let hours = |m: u64| fmt_decimal((Decimal::from(m) / Decimal::from(60)).round_dp(2));
    let covered = format!("{}h to {}h of covered time", hours(least), hours(most));
    Some(match week.uniform_day() {
        Some(day) => {
            let days = |m: u64| fmt_decimal((Decimal::from(m) / Decimal::from(day)).round_dp(2));
            format!("between {}bd and {}bd ({covered})", days(least), days(most))
        }
        None => covered,
    })
}

impl Rule for ClockDaysOnBusinessHours {
    fn code(&self) -> Code {
        Code::ClockDaysOnBusinessHours
    }

    fn check_document(&self, _cx: &LintContext<'_>, doc: &SlaDocument, out: &mut Vec<Diagnostic>) {
        for o in &doc.spec.objectives {
            let Quantity::Duration(d) = &o.target.value.quantity else {
                continue;
            };
            let Some(week) = doc.spec.covered(o.hours_id()) else {
                continue;
            };
            if week == WeekMinutes::all() || !in_days_or_weeks(o.target.raw()) {
                continue;
            }
            let minutes = d.millis() / Decimal::from(60_000);
            let Some(meaning) = in_business_days(minutes, &week) else {
                continue;
            };
            let hours = fmt_decimal((minutes / Decimal::from(60)).round_dp(2));
            let cmp = o.target.value.comparator;
            let days = minutes / Decimal::from(1440);
            let as_business = if days.fract().is_zero() {
                format!("{cmp} {}bd", fmt_decimal(days))
            } else {
                format!("{cmp} 2bd")
            };
            out.push(
                finding(
                    self.code(),
                    doc,
                    o.target.span,
                    format!(
                        "`{}` counts {hours}h around the clock, not business days: on calendar \
                         `{}` that is {meaning}, depending on when the clock starts",
                        o.target.raw(),
                        o.hours_id()
                    ),
                )
                .with_objective(o.id.value.clone())
                .with_path(o.pointer("target"))
                .with_help(format!(
                    "write business days as `bd` (such as `{as_business}`), or the clock time \
                     in hours (`{cmp} {hours}h`) to say it is meant"
                )),
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
        assert!(run(&ClockDaysOnBusinessHours, BASE).is_empty());
        // Days around the clock are days: no finding on 24x7.
        let latency_in_days = BASE.replace("'< 500ms'", "'<= 2d'");
        assert!(run(&ClockDaysOnBusinessHours, &latency_in_days).is_empty());
        // Hours on business hours: clock time said plainly.
        let availability_hours = BASE.replace(
            "      target: '< 500ms'\n      window: 30d\n",
            "      target: '<= 48h'\n      window: 30d\n      hours: business-hours\n",
        );
        assert!(run(&ClockDaysOnBusinessHours, &availability_hours).is_empty());
        // Two whole weeks always hold 10 business days of Mon-Fri 09:00-18:00.
        assert!(
            run(
                &ClockDaysOnBusinessHours,
                &availability_hours.replace("48h", "2w")
            )
            .is_empty()
        );
    }

    #[test]
    fn days_on_business_hours_say_what_they_mean_in_business_days() {
        let text = BASE.replace(
            "      target: '< 500ms'\n      window: 30d\n",
            "      target: '<= 2d'\n      window: 30d\n      hours: business-hours\n",
        );
        let d = run(&ClockDaysOnBusinessHours, &text);
        assert_eq!(d.len(), 1, "{d:#?}");
        // 48 h from Fri 18:00 cover nothing; from Mon 09:00 Mon and Tue 09-18, 18 h = 2 x 9 h.
        assert_eq!(
            d[0].message,
            "`<= 2d` counts 48h around the clock, not business days: on calendar \
             `business-hours` that is between 0bd and 2bd (0h to 18h of covered time), \
             depending on when the clock starts"
        );
        assert_eq!(
            d[0].help.as_deref(),
            Some(
                "write business days as `bd` (such as `<= 2bd`), or the clock time in hours \
                 (`<= 48h`) to say it is meant"
            )
        );
        assert_eq!(d[0].path.as_deref(), Some("/spec/objectives/1/target"));
        assert_eq!(d[0].level, crate::diagnostic::Level::Warning);
    }

    #[test]
    fn units_are_read_as_written() {
        assert!(in_days_or_weeks("<= 2d"));
        assert!(in_days_or_weeks("<= 1w"));
        assert!(in_days_or_weeks("<= 1d12h"));
        assert!(!in_days_or_weeks("<= 48h"));
        assert!(!in_days_or_weeks("<= 2bd"));
        assert!(!in_days_or_weeks("< 500ms"));
    }
}
