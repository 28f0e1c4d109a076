//! Reading the dataset's values: its two field spellings (the files' and `DATA_SCHEMA.md`'s),
//! numbers written as numbers or as text, dates quoted or not.

use crate::source::yaml::{Node, Value};

/// The first of `keys` that `node` has, with its name.
pub(crate) fn any<'a>(node: &'a Node, keys: &[&'static str]) -> Option<(&'static str, &'a Node)> {
    keys.iter().find_map(|k| node.get(k).map(|v| (*k, v)))
}

/// A field path: `parent.key`, or `key` at the top.
pub(crate) fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

/// A scalar as text (strings, numbers and booleans); `None` for null and collections.
pub(crate) fn text(node: &Node) -> Option<String> {
    match &node.value {
        Value::Str(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) if f.is_finite() => Some(f.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A number, written as one or as text (`99.9`, `"99.9"`, `"99.9%"`).
pub(crate) fn number(node: &Node) -> Option<f64> {
    match &node.value {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) if f.is_finite() => Some(*f),
        Value::Str(s) => s
            .trim()
            .trim_end_matches('%')
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite()),
        _ => None,
    }
}

/// A percent between 0 and 100 as slagate writes it (`99.9`, `100`, `99.995`): the shortest
/// decimal that reads back as the same number.
pub(crate) fn percent(node: &Node) -> Option<String> {
    let f = number(node)?;
    (0.0..=100.0).contains(&f).then(|| decimal(f))
}

/// A non-negative whole number (`30`, `"30"`, `30.0`).
pub(crate) fn whole(node: &Node) -> Option<u64> {
    let f = number(node)?;
    (f >= 0.0 && f.fract() == 0.0 && f < 1e12).then_some(f as u64)
}

/// `f` as the shortest decimal text, never in exponent form.
pub(crate) fn decimal(f: f64) -> String {
    // `Display` for f64 is the shortest round-trip form and never uses an exponent.
    let s = f.to_string();
    s.strip_suffix(".0").map_or(s.clone(), str::to_string)
}

/// A boolean, written as one or as text (`true`, `"yes"`).
pub(crate) fn boolean(node: &Node) -> Option<bool> {
    match &node.value {
        Value::Bool(b) => Some(*b),
        Value::Str(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" => Some(true),
            "false" | "no" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A `YYYY-MM-DD` date that exists (quoted or not in the source), as the model parses one.
pub(crate) fn date(node: &Node) -> Option<String> {
    let s = text(node)?;
    crate::model::Date::parse(&s).ok().map(|_| s)
}

/// The strings of a sequence (or a lone string as one item).
pub(crate) fn strings(node: &Node) -> Option<Vec<(usize, String, &Node)>> {
    match &node.value {
        Value::Seq(items) => Some(
            items
                .iter()
                .enumerate()
                .filter_map(|(i, n)| text(n).map(|t| (i, t, n)))
                .collect(),
        ),
        Value::Str(_) => text(node).map(|t| vec![(0, t, node)]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::yaml::{Limits, parse};

    fn node(yaml: &str) -> Node {
        parse(&format!("v: {yaml}\n"), &Limits::default())
            .unwrap()
            .remove(0)
            .root
            .get("v")
            .unwrap()
            .clone()
    }

    #[test]
    fn values_as_the_data_writes_them() {
        assert_eq!(percent(&node("99.9")).as_deref(), Some("99.9"));
        assert_eq!(percent(&node("100")).as_deref(), Some("100"));
        assert_eq!(percent(&node("99.0")).as_deref(), Some("99"));
        assert_eq!(percent(&node("'99.95%'")).as_deref(), Some("99.95"));
        assert_eq!(percent(&node("100.5")), None);
        assert_eq!(percent(&node("-1")), None);
        assert_eq!(percent(&node(".nan")), None);
        assert_eq!(whole(&node("30")), Some(30));
        assert_eq!(whole(&node("'30'")), Some(30));
        assert_eq!(whole(&node("2.5")), None);
        assert_eq!(date(&node("'2026-06-19'")).as_deref(), Some("2026-06-19"));
        assert_eq!(date(&node("2026-06-19")).as_deref(), Some("2026-06-19"));
        assert_eq!(date(&node("2026-02-30")), None);
        assert_eq!(date(&node("June 2026")), None);
        assert_eq!(boolean(&node("'yes'")), Some(true));
        assert_eq!(boolean(&node("maybe")), None);
        assert_eq!(decimal(99.999), "99.999");
    }
}
