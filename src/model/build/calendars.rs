//! `spec.calendars`: named service hours (time zone, days, hours, holidays).

use super::reader::{At, Ctx, Ptr, date};
use crate::diagnostic::Code;
use crate::model::quantity::QuantityError;
use crate::model::{Calendar, Holiday, HolidayDate, Spanned, TimeOfDay, Weekday};
use crate::source::{Node, Value};

/// The calendars, in source order; an invalid one is left out.
pub(super) fn calendars(cx: &mut Ctx, spec: At<'_>) -> Vec<Calendar> {
    let mut calendars = Vec::new();
    let calendars_ptr = spec.ptr.key("calendars");
    if let Some(n) = cx.map_node(spec, "calendars", false) {
        for (k, v) in n.as_map().unwrap_or_default() {
            let id = Spanned::new(k.name.clone(), k.span, k.name.clone());
            if let Some(c) = calendar(cx, id, v, &calendars_ptr.key(&k.name)) {
                calendars.push(c);
            }
        }
    }
    calendars
}

/// One calendar, defined under `id`.
fn calendar(cx: &mut Ctx, id: Spanned<String>, node: &Node, ptr: &Ptr<'_>) -> Option<Calendar> {
    let at = At { node, ptr };
    let timezone = cx.str_field(at, "timezone", true);
    let mut days = Vec::new();
    let days_node = cx.child(at, "days", true);
    let days_ptr = at.ptr.key("days");
    for (i, n) in cx.list(at, "days", true).iter().enumerate() {
        if let Some(d) = cx.parse_node(n, &days_ptr.index(i), Code::SchemaViolation, |s| {
            Weekday::parse(s).ok_or_else(|| QuantityError {
                message: format!("`{s}` is not a day of the week"),
                help: "use `mon`, `tue`, `wed`, `thu`, `fri`, `sat` or `sun`".into(),
            })
        }) {
            days.push(d.value);
        }
    }
    let from = cx.parsed(at, "from", true, Code::InvalidQuantity, TimeOfDay::parse);
    let to = cx.parsed(at, "to", true, Code::InvalidQuantity, TimeOfDay::parse);
    let mut holidays = Vec::new();
    let holidays_ptr = at.ptr.key("holidays");
    for (i, n) in cx.list(at, "holidays", false).iter().enumerate() {
        holidays.extend(holiday(cx, n, &holidays_ptr.index(i)));
    }
    let (from, to) = (from?, to?);
    let days_span = days_node.map_or(node.span, |n| n.span);
    Some(Calendar {
        id,
        timezone: timezone?,
        days: Spanned::new(days, days_span, ""),
        from,
        to,
        holidays,
    })
}

/// One holiday: a date as text, `{date, name}`, or a yearly `{every: MM-DD, name}`.
fn holiday(cx: &mut Ctx, node: &Node, ptr: &Ptr<'_>) -> Option<Holiday> {
    if !matches!(node.value, Value::Map(_)) {
        let when = cx.parse_node(node, ptr, Code::InvalidDate, |s| {
            date(s).map(HolidayDate::On)
        })?;
        return Some(Holiday { when, name: None });
    }
    let at = At { node, ptr };
    let name = cx.str_field(at, "name", false);
    let when = if node.get("every").is_some() {
        cx.parsed(
            at,
            "every",
            true,
            Code::InvalidDate,
            HolidayDate::parse_yearly,
        )
    } else {
        cx.parsed(at, "date", true, Code::InvalidDate, |s| {
            date(s).map(HolidayDate::On)
        })
    }?;
    Some(Holiday { when, name })
}
