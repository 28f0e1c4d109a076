//! Scalar resolution: tags, the YAML 1.2 core schema for plain scalars, and the length of a
//! scalar as written.
//!
//! Scalars resolve with the YAML 1.2 core schema: `yes`/`no`/`on`/`off` stay strings, and an
//! unquoted `2026-01-31` is a string, not a timestamp.
//!
//! The format defines no tags. The three failsafe-schema tags are accepted because they
//! change nothing: `!!str` on a scalar (it is then text, as quoting would make it), `!!seq` on
//! a sequence and `!!map` on a mapping. Every other tag is refused with its location: local
//! ones (`!secret`), language ones (`!!python/object:...`, `!!binary`), and the core schema's
//! `!!int`, `!!float`, `!!bool`, `!!null` and `!!timestamp`, whose conversions a loader would
//! have to perform and that this one does not (`!!float 7` would otherwise silently be the
//! integer 7).

use std::borrow::Cow;

use saphyr_parser::{ScalarStyle, Tag};

use super::YamlError;
use crate::diagnostic::{Code, Span};
use crate::source::tree::Value;

#[inline]
fn tag_is(tag: Option<&Cow<'_, Tag>>, suffix: &str) -> bool {
    tag.is_some_and(|t| t.is_yaml_core_schema() && t.suffix == suffix)
}

/// A tag as it is usually written: `!!float` for the YAML core namespace, else as resolved.
fn written(t: &Tag) -> String {
    if t.is_yaml_core_schema() {
        format!("!!{}", t.suffix)
    } else {
        format!("{}{}", t.handle, t.suffix)
    }
}

/// The error for a tag the format does not define (every tag but `!!str`, `!!seq` and
/// `!!map` where they belong), on a scalar or a collection.
pub(super) fn unsupported_tag(t: &Tag, at: Span) -> YamlError {
    YamlError {
        code: Code::YamlSyntax,
        message: format!(
            "tag `{}` is not allowed: SLA documents use untagged YAML values",
            written(t)
        ),
        help: Some(
            "remove the tag (quote the value to make it text); only `!!str`, `!!seq` and `!!map`, which change nothing, are accepted"
                .into(),
        ),
        span: at,
        related: None,
    }
}

/// A scalar's value: its text for quoted and block scalars and `!!str`, the core schema's
/// resolution for plain ones.
#[inline]
pub(super) fn resolve_scalar(
    text: Cow<'_, str>,
    style: ScalarStyle,
    tag: Option<&Cow<'_, Tag>>,
    at: Span,
) -> Result<Value, YamlError> {
    if let Some(t) = tag {
        if tag_is(tag, "str") {
            return Ok(Value::Str(text.into_owned()));
        }
        return Err(unsupported_tag(t, at));
    }
    if style != ScalarStyle::Plain {
        return Ok(Value::Str(text.into_owned()));
    }
    Ok(resolve_plain(&text).unwrap_or_else(|| Value::Str(text.into_owned())))
}

/// The YAML 1.2 core schema's resolution of a plain scalar (spec 10.3.2), `None` for strings.
#[inline]
pub(super) fn resolve_plain(s: &str) -> Option<Value> {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Value::Null),
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Some(Value::Float(f64::INFINITY));
        }
        "-.inf" | "-.Inf" | "-.INF" => return Some(Value::Float(f64::NEG_INFINITY)),
        ".nan" | ".NaN" | ".NAN" => return Some(Value::Float(f64::NAN)),
        _ => {}
    }
    let bytes = s.as_bytes();
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) {
        return Some(
            s.parse::<i64>()
                .map_or_else(|_| Value::Float(s.parse().unwrap_or(f64::NAN)), Value::Int),
        );
    }
    if let Some(oct) = s.strip_prefix("0o") {
        if !oct.is_empty() && oct.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
            return i64::from_str_radix(oct, 8).ok().map(Value::Int);
        }
    }
    if let Some(hex) = s.strip_prefix("0x") {
        if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return i64::from_str_radix(hex, 16).ok().map(Value::Int);
        }
    }
    // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
    let mut i = usize::from(matches!(bytes.first(), Some(b'-' | b'+')));
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < bytes.len() && bytes[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    let int_digits = digits(&mut i);
    let mut frac_digits = 0;
    if i < bytes.len() && bytes[i] == b'.' {
        i += 1;
        frac_digits = digits(&mut i);
    } else if int_digits == 0 {
        return None;
    }
    if int_digits == 0 && frac_digits == 0 {
        return None;
    }
    if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
        i += 1;
        if i < bytes.len() && (bytes[i] == b'-' || bytes[i] == b'+') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return None;
        }
    }
    if i != bytes.len() {
        return None;
    }
    s.parse::<f64>().ok().map(Value::Float)
}

/// How many characters of `written`, the text a one-line scalar's markers cover, are the
/// scalar itself: the scanner's end marker may include the spaces and comment after it
/// (`a: "x"  # note`).
#[inline]
pub(super) fn scalar_len(written: &str) -> usize {
    let b = written.as_bytes();
    let end = match b.first() {
        Some(b'"') => {
            let mut i = 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            (i + 1).min(b.len())
        }
        Some(b'\'') => {
            let mut i = 1;
            while i < b.len() {
                if b[i] == b'\'' {
                    if b.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    break;
                }
                i += 1;
            }
            (i + 1).min(b.len())
        }
        _ => {
            // `contains` on bytes is a `memchr`: most scalars have no `#` to look at.
            let cut = if b.contains(&b'#') {
                b.windows(2)
                    .position(|w| matches!(w[0], b' ' | b'\t') && w[1] == b'#')
                    .unwrap_or(b.len())
            } else {
                b.len()
            };
            let mut n = cut;
            while n > 0 && matches!(b[n - 1], b' ' | b'\t' | b'\r') {
                n -= 1;
            }
            n
        }
    };
    // Quotes, backslashes, `#` and blanks are ASCII, so `end` is a character boundary.
    written.get(..end).map_or(end, |w| w.chars().count())
}
