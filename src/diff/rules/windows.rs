//! When an objective is measured: `window-weakened`, `window-strengthened`,
//! `hours-weakened`, `hours-strengthened`, `hours-changed`.
//!
//! Windows compare by length (calendar periods at their average length). Covered hours
//! compare as sets of minutes of the week: fewer covered minutes (a subset) weaken the
//! objective, more (a superset) strengthen it, and a calendar that gains some minutes and
//! loses others is a change a person must judge. Holidays are days taken out of the
//! calendar, so adding one shrinks the covered hours.

use std::collections::BTreeSet;

use crate::diagnostic::{Code, Diagnostic};
use crate::diff::impact;
use crate::model::quantity::fmt_decimal;
use crate::model::{Date, Spec, WeekMinutes};

use super::{Finding, Loc, Pair};

/// Docs of `window-weakened`.
pub const WINDOW_WEAKENED: &str = "\
## What it checks
An objective whose measurement window grew: `30d` to `90d`, `month` to `quarter`, `30d` to
`month` (calendar periods count at their average length: a month is 365.25/12 days).

## Why is this bad?
Over a longer window a bad week is averaged out by good ones, so the same target is easier to
meet, and an availability target allows more downtime in one stretch.

## Example
Before: `{target: \">= 99.9%\", window: month}`
After: `{target: \">= 99.9%\", window: quarter}`

Impact: `allowed downtime: 43m50s per month -> 2h11m29s per quarter`.
";

/// Docs of `window-strengthened`.
pub const WINDOW_STRENGTHENED: &str = "\
## What it checks
An objective whose measurement window shrank (`quarter` to `month`, `30d` to `7d`).

## Why is this bad?
It is not, for the customer: a short bad stretch now breaches the objective sooner.

## Example
Before: `window: quarter`
After: `window: month`
";

/// Docs of `hours-weakened`.
pub const HOURS_WEAKENED: &str = "\
## What it checks
An objective whose covered hours shrank: `hours` changed to a calendar that covers a subset of
the old one's minutes of the week (`24x7` to `business-hours`), or the calendar itself lost
hours (`09:00`-`18:00` to `09:00`-`17:00`, a weekday dropped, a holiday added).

## Why is this bad?
Outside the covered hours nothing is measured: downtime at night or on a dropped weekday no
longer counts against the target. (The downtime an availability target allows within the
covered hours shrinks with them, which is why the impact shows the hours, not the downtime.)

## Example
Before: `hours: 24x7`
After: `hours: business-hours` (mon-fri 09:00-18:00)

Impact: `covered hours per week: 168h -> 45h (-123h)`.
";

/// Docs of `hours-strengthened`.
pub const HOURS_STRENGTHENED: &str = "\
## What it checks
An objective whose covered hours grew: a calendar that covers a superset of the old minutes of
the week, or fewer holidays.

## Why is this bad?
It is not, for the customer: more of the week counts against the target.

## Example
Before: `hours: business-hours`
After: `hours: 24x7`
";

/// Docs of `hours-changed`.
pub const HOURS_CHANGED: &str = "\
## What it checks
An objective whose covered hours moved so that neither the old nor the new calendar contains
the other (mon-fri to tue-sat, 09-17 to 10-18).

## Why is this bad?
Some hours are no longer covered and others are. Whether that is worse for the customer
depends on when they use the service, so a person must look.

## Example
Before: `days: [mon, tue, wed, thu, fri]`
After: `days: [tue, wed, thu, fri, sat]`
";

/// Window and covered hours of a paired objective.
pub(crate) fn compare(p: &Pair<'_>, out: &mut Vec<Diagnostic>) {
    window(p, out);
    hours(p, out);
}

fn window(p: &Pair<'_>, out: &mut Vec<Diagnostic>) {
    let (bw, hw) = (p.base.window(), p.head.window());
    let (bl, hl) = (bw.length(), hw.length());
    if bl == hl {
        return;
    }
    let id = &p.head.id.value;
    let (code, verb) = if hl > bl {
        (Code::WindowWeakened, "grew")
    } else {
        (Code::WindowStrengthened, "shrank")
    };
    let impact = if let (Some(b), Some(h)) = (
        impact::downtime(p.base, &p.base_doc.spec),
        impact::downtime(p.head, &p.head_doc.spec),
    ) {
        impact::downtime_change(&b, &h)
    } else {
        let (big, small) = if hl > bl { (hl, bl) } else { (bl, hl) };
        big.ratio(small).map(|r| {
            let word = if hl > bl { "longer" } else { "shorter" };
            format!(
                "window {bw} -> {hw}: {}x {word} ({})",
                impact::fmt_ratio(r),
                impact::signed(bl, hl)
            )
        })
    };
    p.finding(
        code,
        format!("{id} window {verb} from `{bw}` to `{hw}`"),
        "window",
        p.head.window.as_ref().map(|w| w.span),
        p.base.window.as_ref().map(|w| w.span),
    )
    .before(bw.to_string())
    .after(hw.to_string())
    .impact(impact)
    .emit(out);
}

/// How the head's covered time relates to the base's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Coverage {
    /// The same minutes.
    Same,
    /// A strict subset: fewer covered minutes.
    Less,
    /// A strict superset.
    More,
    /// Some minutes gained, some lost.
    Moved,
}

/// Compares two weekly calendars and their holidays.
pub(crate) fn coverage(
    base: &WeekMinutes,
    head: &WeekMinutes,
    base_holidays: &BTreeSet<Date>,
    head_holidays: &BTreeSet<Date>,
) -> Coverage {
    let week = match (head.is_subset(base), base.is_subset(head)) {
        (true, true) => Coverage::Same,
        (true, false) => Coverage::Less,
        (false, true) => Coverage::More,
        (false, false) => Coverage::Moved,
    };
    // A holiday removes a day, so more holidays mean less covered time.
    let days = match (
        base_holidays.is_subset(head_holidays),
        head_holidays.is_subset(base_holidays),
    ) {
        (true, true) => Coverage::Same,
        (true, false) => Coverage::Less,
        (false, true) => Coverage::More,
        (false, false) => Coverage::Moved,
    };
    match (week, days) {
        (Coverage::Same, x) | (x, Coverage::Same) => x,
        (a, b) if a == b => a,
        _ => Coverage::Moved,
    }
}

fn calendar(spec: &Spec, id: &str) -> Option<(WeekMinutes, BTreeSet<Date>)> {
    let covered = spec.covered(id)?;
    let holidays = spec
        .calendars
        .iter()
        .find(|c| c.id.value == id)
        .map(|c| c.holidays.iter().map(|h| h.value).collect())
        .unwrap_or_default();
    Some((covered, holidays))
}

/// Whether two revisions of a calendar are written with the same days, times and holidays
/// (the common case, decided without building sets of minutes).
fn same_definition(base: &Spec, head: &Spec, id: &str) -> bool {
    fn find<'s>(s: &'s Spec, id: &str) -> Option<&'s crate::model::Calendar> {
        s.calendars.iter().find(|c| c.id.value == id)
    }
    match (find(base, id), find(head, id)) {
        (None, None) => true,
        (Some(b), Some(h)) => {
            let days =
                |c: &crate::model::Calendar| c.days.value.iter().copied().collect::<BTreeSet<_>>();
            let holidays = |c: &crate::model::Calendar| {
                c.holidays.iter().map(|d| d.value).collect::<BTreeSet<_>>()
            };
            b.from.value == h.from.value
                && b.to.value == h.to.value
                && days(b) == days(h)
                && holidays(b) == holidays(h)
        }
        _ => false,
    }
}

fn hours(p: &Pair<'_>, out: &mut Vec<Diagnostic>) {
    let (bid, hid) = (p.base.hours_id(), p.head.hours_id());
    if bid == hid && same_definition(&p.base_doc.spec, &p.head_doc.spec, bid) {
        return;
    }
    // An unknown calendar is a lint error of its own; there is nothing to compare.
    let (Some((bw, bh)), Some((hw, hh))) = (
        calendar(&p.base_doc.spec, bid),
        calendar(&p.head_doc.spec, hid),
    ) else {
        return;
    };
    let relation = coverage(&bw, &hw, &bh, &hh);
    let id = &p.head.id.value;
    let (code, verb) = match relation {
        Coverage::Same => return,
        Coverage::Less => (Code::HoursWeakened, "shrank"),
        Coverage::More => (Code::HoursStrengthened, "grew"),
        Coverage::Moved => (Code::HoursChanged, "moved"),
    };
    let message = if bid == hid {
        format!("{id} covered hours {verb}: calendar `{hid}` changed")
    } else {
        format!("{id} covered hours {verb} from `{bid}` to `{hid}`")
    };
    let (bhours, hhours) = (bw.hours(), hw.hours());
    let mut impacts = Vec::new();
    if bhours != hhours {
        let d = hhours - bhours;
        let sign = if d.is_sign_negative() { "-" } else { "+" };
        impacts.push(format!(
            "covered hours per week: {}h -> {}h ({sign}{}h)",
            fmt_decimal(bhours.round_dp(2)),
            fmt_decimal(hhours.round_dp(2)),
            fmt_decimal(d.abs().round_dp(2))
        ));
    }
    if hh.len() != bh.len() {
        impacts.push(format!("holidays: {} -> {}", bh.len(), hh.len()));
    }
    let impact = (!impacts.is_empty()).then(|| impacts.join("; "));
    if bid == hid {
        // The calendar changed, not the objective's reference: point at the calendar.
        let loc = |doc: &crate::model::SlaDocument| {
            let span = doc
                .spec
                .calendars
                .iter()
                .find(|c| c.id.value == hid)
                .map_or(doc.id.span, |c| c.id.span);
            Loc::new(
                doc,
                span,
                format!("/spec/calendars/{}", crate::source::pointer::escape(hid)),
            )
        };
        Finding::new(code, message)
            .objective(id)
            .head(loc(p.head_doc))
            .base(loc(p.base_doc))
            .before(describe(&p.base_doc.spec, bid))
            .after(describe(&p.head_doc.spec, hid))
            .impact(impact)
            .emit(out);
    } else {
        p.finding(
            code,
            message,
            "hours",
            p.head.hours.as_ref().map(|h| h.span),
            p.base.hours.as_ref().map(|h| h.span),
        )
        .before(describe(&p.base_doc.spec, bid))
        .after(describe(&p.head_doc.spec, hid))
        .impact(impact)
        .emit(out);
    }
}

/// `business-hours: mon-fri 09:00-18:00 Europe/Berlin, 2 holidays`.
fn describe(spec: &Spec, id: &str) -> String {
    let Some(c) = spec.calendars.iter().find(|c| c.id.value == id) else {
        return id.to_string();
    };
    let days: Vec<&str> = c.days.value.iter().map(|d| d.as_str()).collect();
    let holidays = match c.holidays.len() {
        0 => String::new(),
        1 => ", 1 holiday".into(),
        n => format!(", {n} holidays"),
    };
    format!(
        "{id}: {} {}-{} {}{holidays}",
        days.join(","),
        c.from.value,
        c.to.value,
        c.timezone.value
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::rules::text::tests::{both_ways, line, pairs};
    use crate::load::testing::{BASE, documents};
    use crate::model::TimeOfDay;
    use crate::model::Weekday;

    fn week(days: &[Weekday], from: &str, to: &str) -> WeekMinutes {
        WeekMinutes::from_schedule(
            days,
            TimeOfDay::parse(from).unwrap(),
            TimeOfDay::parse(to).unwrap(),
        )
    }

    fn dates(ds: &[&str]) -> BTreeSet<Date> {
        ds.iter().map(|d| Date::parse(d).unwrap()).collect()
    }

    #[test]
    fn coverage_compares_sets_of_minutes_and_holidays() {
        use Weekday::*;
        let none = dates(&[]);
        let nine_six = week(&[Mon, Tue, Wed, Thu, Fri], "09:00", "18:00");
        let nine_five = week(&[Mon, Tue, Wed, Thu, Fri], "09:00", "17:00");
        let tue_sat = week(&[Tue, Wed, Thu, Fri, Sat], "09:00", "18:00");
        let reordered = week(&[Fri, Thu, Wed, Tue, Mon], "09:00", "18:00");
        assert_eq!(
            coverage(&nine_six, &nine_five, &none, &none),
            Coverage::Less
        );
        assert_eq!(
            coverage(&nine_five, &nine_six, &none, &none),
            Coverage::More
        );
        assert_eq!(coverage(&nine_six, &tue_sat, &none, &none), Coverage::Moved);
        assert_eq!(
            coverage(&nine_six, &reordered, &none, &none),
            Coverage::Same
        );
        assert_eq!(
            coverage(&WeekMinutes::all(), &nine_six, &none, &none),
            Coverage::Less
        );
        let xmas = dates(&["2026-12-25"]);
        assert_eq!(coverage(&nine_six, &nine_six, &none, &xmas), Coverage::Less);
        assert_eq!(coverage(&nine_six, &nine_six, &xmas, &none), Coverage::More);
        assert_eq!(
            coverage(&nine_five, &nine_six, &none, &xmas),
            Coverage::Moved
        );
        assert_eq!(
            coverage(&nine_six, &nine_five, &none, &xmas),
            Coverage::Less
        );
    }

    /// The findings of [`compare`] for each pair of [`pairs`], from `base` to `head`.
    fn diff(base: &str, head: &str) -> Vec<String> {
        let docs = documents(&[("base.sla.yaml", base), ("head.sla.yaml", head)]);
        let mut out = Vec::new();
        for pair in pairs(&docs[0], &docs[1]) {
            compare(&pair, &mut out);
        }
        out.iter().map(line).collect()
    }

    #[test]
    fn a_longer_latency_window_weakens_by_its_ratio() {
        // 90d / 30d = 3, and 90d - 30d = 60d.
        both_ways(
            diff,
            BASE,
            &BASE.replace("window: 30d", "window: 90d"),
            &["window-weakened: 30d -> 90d: window 30d -> 90d: 3x longer (+60d)"],
            &["window-strengthened: 90d -> 30d: window 90d -> 30d: 3x shorter (-60d)"],
        );
    }

    #[test]
    fn a_longer_availability_window_allows_more_downtime_at_once() {
        let around_the_clock = |w: &str| {
            BASE.replace(
                "      hours: business-hours\n",
                &format!("      window: {w}\n"),
            )
        };
        // 0.1% of 30 days (43,200 minutes) is 43.2 minutes (43m12s); of 90 days (129,600
        // minutes) 129.6 minutes (2h9m36s).
        both_ways(
            diff,
            &around_the_clock("30d"),
            &around_the_clock("90d"),
            &["window-weakened: 30d -> 90d: allowed downtime: 43m12s per 30d -> 2h9m36s per 90d"],
            &[
                "window-strengthened: 90d -> 30d: allowed downtime: 2h9m36s per 90d -> 43m12s per 30d",
            ],
        );
    }

    #[test]
    fn a_shorter_calendar_weakens_the_hours_and_a_shifted_one_moves_them() {
        let until_five = BASE.replace("to: '18:00'", "to: '17:00'");
        // Five days of 09:00-18:00 are 45 hours a week; of 09:00-17:00, 40.
        both_ways(
            diff,
            BASE,
            &until_five,
            &[
                "hours-weakened: business-hours: mon,tue,wed,thu,fri 09:00-18:00 Europe/Berlin -> business-hours: mon,tue,wed,thu,fri 09:00-17:00 Europe/Berlin: covered hours per week: 45h -> 40h (-5h)",
            ],
            &[
                "hours-strengthened: business-hours: mon,tue,wed,thu,fri 09:00-17:00 Europe/Berlin -> business-hours: mon,tue,wed,thu,fri 09:00-18:00 Europe/Berlin: covered hours per week: 40h -> 45h (+5h)",
            ],
        );
        let tue_sat = BASE.replace("[mon, tue, wed, thu, fri]", "[tue, wed, thu, fri, sat]");
        assert_eq!(
            diff(BASE, &tue_sat),
            [
                "hours-changed: business-hours: mon,tue,wed,thu,fri 09:00-18:00 Europe/Berlin -> business-hours: tue,wed,thu,fri,sat 09:00-18:00 Europe/Berlin"
            ]
        );
    }

    #[test]
    fn the_same_hours_and_windows_written_differently_are_no_change() {
        let head = BASE
            .replace("[mon, tue, wed, thu, fri]", "[fri, thu, wed, tue, mon]")
            .replace("from: '09:00'", "from: \"09:00\"")
            .replace(
                "      hours: business-hours\n",
                "      hours: business-hours\n      window: month\n",
            );
        // The edits took: a silent miss would compare a document with itself.
        for edit in ["[fri, thu", "\"09:00\"", "window: month"] {
            assert!(head.contains(edit), "{edit}");
        }
        both_ways(diff, BASE, &head, &[], &[]);
    }
}
