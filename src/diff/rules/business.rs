//! `target-basis-changed`: a target moved between business time (`bh`, `bd`) and clock time
//! where the objective's calendar does not order the two. The ordering itself is
//! [`crate::model::business`]'s (the `supports` lint uses it too).

/// Docs of `target-basis-changed`.
pub const TARGET_BASIS_CHANGED: &str = "\
## What it checks
An objective's target that moved between business time (`bh` business hours, `bd` business
days: covered time of the objective's calendar) and clock time (`h`, `d`, ...) where the
calendar does not order the two: for some starts the new deadline ends first, for others
the old one. Business days against business hours are compared through the calendar's
covered day (`1bd` is `9bh` on Mon-Fri 09:00-18:00); calendars whose days differ in length
cannot say what a business day is.

Where the order is the same for every start, the change is `target-weakened` or
`target-strengthened`: `<= 4h` to `<= 4bh` on a business calendar is weaker (four covered
hours never end sooner than four hours), `<= 8h` to `<= 2bh` on Mon-Fri 09:00-18:00 is
stronger only if every 8 hours hold 2 covered ones, which a weekend does not.

## Why is this bad?
Whether the customer is promised less depends on when incidents start. A person must judge
it.

## Example
Before: `target: \"<= 8h\"` with `hours: business-hours`
After: `target: \"<= 2bh\"`
";
