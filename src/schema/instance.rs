//! The YAML span tree, seen by `jsonschema` as a JSON instance.
//!
//! `jsonschema` validates any representation that implements its [`Json`] traits. Validating
//! the tree the loader already built, instead of a `serde_json::Value` copy of it, saves a
//! second allocation of every key and string of every document (about an eighth of the time
//! of `slagate validate` on a large repository, measured with callgrind).
//!
//! The mapping is the one the schema was written for: YAML mappings are objects (keys in
//! source order), sequences arrays, and the core-schema scalars null, booleans, integers,
//! floats and strings. NaN and the infinities have no JSON form; they are shown to the schema
//! as strings (`"NaN"`, `"inf"`), so a numeric field holding one fails its `type` check.

use std::borrow::Cow;

use jsonschema::JsonType;
use jsonschema::json::{Array, Json, JsonNumber, Node as JsonNode, NodeIdentity, Object};

use crate::source::{Key, Node, Value};

/// The representation marker for [`jsonschema::options_for`].
#[derive(Debug, Clone, Copy)]
pub struct YamlJson;

impl Json for YamlJson {
    type Node<'a> = &'a Node;
    type PreparedKey = Box<str>;
    type StringBuffer = Option<Node>;
    // Aliases are copied when the tree is built, so no node is its own descendant.
    const ACYCLIC: bool = true;
    // Lookups scan the entries; a mapping of an SLA has a handful of keys, so a members pass
    // is worth it only when it visits about as many keys as the lookups it replaces.
    const KEYS_PER_LOOKUP: usize = 4;

    fn prepare_key(key: &str) -> Box<str> {
        key.into()
    }

    fn with_string_node<T>(
        buffer: &mut Option<Node>,
        string: &str,
        f: impl FnOnce(&Node) -> T,
    ) -> T {
        let node = buffer.insert(Node {
            value: Value::Str(string.to_owned()),
            span: crate::diagnostic::Span::file_start(),
        });
        f(node)
    }
}

/// A YAML number: an integer that fits in 64 bits, or a finite float.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// An integer.
    Int(i64),
    /// A finite float.
    Float(f64),
}

impl JsonNumber for Number {
    fn as_u64(&self) -> Option<u64> {
        match *self {
            Number::Int(i) => u64::try_from(i).ok(),
            Number::Float(_) => None,
        }
    }

    fn as_i64(&self) -> Option<i64> {
        match *self {
            Number::Int(i) => Some(i),
            Number::Float(_) => None,
        }
    }

    fn as_f64(&self) -> Option<f64> {
        match *self {
            #[allow(clippy::cast_precision_loss)]
            Number::Int(i) => Some(i as f64),
            Number::Float(f) => Some(f),
        }
    }

    fn as_str(&self) -> Cow<'_, str> {
        match *self {
            Number::Int(i) => Cow::Owned(i.to_string()),
            Number::Float(f) => Cow::Owned(f.to_string()),
        }
    }

    fn to_number(&self) -> Cow<'_, serde_json::Number> {
        Cow::Owned(match *self {
            Number::Int(i) => serde_json::Number::from(i),
            Number::Float(f) => {
                serde_json::Number::from_f64(f).expect("only finite floats are numbers here")
            }
        })
    }

    fn is_integer(&self) -> bool {
        match *self {
            Number::Int(_) => true,
            Number::Float(f) => f.fract() == 0.0,
        }
    }

    fn is_written_as_integer(&self) -> bool {
        matches!(self, Number::Int(_))
    }
}

/// The entries of a mapping.
#[derive(Debug, Clone, Copy)]
pub struct Entries<'a>(&'a [(Key, Node)]);

/// The items of a sequence.
#[derive(Debug, Clone, Copy)]
pub struct Items<'a>(&'a [Node]);

/// Iterates a mapping's entries as (name, value).
#[derive(Debug, Clone)]
pub struct Members<'a>(std::slice::Iter<'a, (Key, Node)>);

impl<'a> Iterator for Members<'a> {
    type Item = (&'a str, &'a Node);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| (k.name.as_str(), v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

fn non_finite(value: &Value) -> Option<f64> {
    match *value {
        Value::Float(f) if !f.is_finite() => Some(f),
        _ => None,
    }
}

impl<'a> JsonNode<'a, YamlJson> for &'a Node {
    type Object = Entries<'a>;
    type Array = Items<'a>;
    type Number = Number;

    fn as_object(&self) -> Option<Entries<'a>> {
        match &self.value {
            Value::Map(entries) => Some(Entries(entries)),
            _ => None,
        }
    }

    fn as_array(&self) -> Option<Items<'a>> {
        match &self.value {
            Value::Seq(items) => Some(Items(items)),
            _ => None,
        }
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        match &self.value {
            Value::Str(s) => Some(Cow::Borrowed(s)),
            v => non_finite(v).map(|f| Cow::Owned(f.to_string())),
        }
    }

    fn as_number(&self) -> Option<Number> {
        match self.value {
            Value::Int(i) => Some(Number::Int(i)),
            Value::Float(f) if f.is_finite() => Some(Number::Float(f)),
            _ => None,
        }
    }

    fn as_boolean(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    fn json_type(&self) -> JsonType {
        match &self.value {
            Value::Null => JsonType::Null,
            Value::Bool(_) => JsonType::Boolean,
            Value::Int(_) => JsonType::Number,
            Value::Float(f) if f.is_finite() => JsonType::Number,
            Value::Float(_) | Value::Str(_) => JsonType::String,
            Value::Seq(_) => JsonType::Array,
            Value::Map(_) => JsonType::Object,
        }
    }

    fn string_length(&self) -> Option<u64> {
        match &self.value {
            Value::Str(s) if s.is_ascii() => Some(s.len() as u64),
            Value::Str(s) => Some(s.chars().count() as u64),
            v => non_finite(v).map(|f| f.to_string().chars().count() as u64),
        }
    }

    fn equals_value(&self, expected: &serde_json::Value) -> bool {
        equals(self, expected)
    }

    fn to_value(&self) -> Cow<'a, serde_json::Value> {
        Cow::Owned(self.to_json())
    }

    fn identity(&self) -> Option<NodeIdentity> {
        Some(NodeIdentity::new(std::ptr::from_ref::<Node>(*self) as usize))
    }
}

/// Equality with a `const` or `enum` value of the schema, as JSON defines it (numbers compare
/// by value, so `1.0` equals `1`), without building a `serde_json` copy of the node.
fn equals(node: &Node, expected: &serde_json::Value) -> bool {
    use serde_json::Value as J;
    match (&node.value, expected) {
        (Value::Null, J::Null) => true,
        (Value::Bool(a), J::Bool(b)) => a == b,
        (Value::Str(a), J::String(b)) => a == b,
        (Value::Int(i), J::Number(n)) => int_equals(*i, n),
        (Value::Float(f), J::Number(n)) if f.is_finite() => float_equals(*f, n),
        (Value::Float(f), J::String(s)) if !f.is_finite() => f.to_string() == *s,
        (Value::Seq(items), J::Array(values)) => {
            items.len() == values.len() && items.iter().zip(values).all(|(a, b)| equals(a, b))
        }
        (Value::Map(entries), J::Object(members)) => {
            // Keys of a mapping are unique (duplicates are refused when the tree is built).
            entries.len() == members.len()
                && entries
                    .iter()
                    .all(|(k, v)| members.get(&k.name).is_some_and(|m| equals(v, m)))
        }
        _ => false,
    }
}

/// 2^63: floats from -2^63 up to (not including) this convert to `i64` exactly when integral.
const TWO_63: f64 = 9_223_372_036_854_775_808.0;

#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::float_cmp
)]
fn float_equals(f: f64, n: &serde_json::Number) -> bool {
    let integral = f.fract() == 0.0;
    if let Some(j) = n.as_i64() {
        integral && (-TWO_63..TWO_63).contains(&f) && f as i64 == j
    } else if let Some(u) = n.as_u64() {
        integral && (TWO_63..2.0 * TWO_63).contains(&f) && f as u64 == u
    } else {
        n.as_f64() == Some(f)
    }
}

fn int_equals(i: i64, n: &serde_json::Number) -> bool {
    if let Some(j) = n.as_i64() {
        i == j
    } else if n.is_u64() {
        // Above i64::MAX, so above any i64.
        false
    } else {
        #[allow(clippy::cast_precision_loss, clippy::float_cmp)]
        n.as_f64()
            .is_some_and(|g| g.fract() == 0.0 && g == i as f64)
    }
}

impl<'a> Object<'a, YamlJson> for Entries<'a> {
    type Node = &'a Node;
    type MemberName = &'a str;
    type MembersIter = Members<'a>;

    fn len(&self) -> usize {
        self.0.len()
    }

    fn get(&self, key: &Box<str>) -> Option<&'a Node> {
        self.0
            .iter()
            .find(|(k, _)| *k.name == **key)
            .map(|(_, v)| v)
    }

    fn members(&self) -> Members<'a> {
        Members(self.0.iter())
    }
}

impl<'a> Array<'a, YamlJson> for Items<'a> {
    type Node = &'a Node;
    type ElementsIter = std::slice::Iter<'a, Node>;

    fn len(&self) -> usize {
        self.0.len()
    }

    fn elements(&self) -> std::slice::Iter<'a, Node> {
        self.0.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::yaml::{Limits, parse};

    fn validator(schema: &serde_json::Value) -> jsonschema::Validator<YamlJson> {
        jsonschema::options_for::<YamlJson>()
            .with_draft(jsonschema::Draft::Draft202012)
            .build(schema)
            .unwrap()
    }

    fn root(yaml: &str) -> Node {
        parse(yaml, &Limits::default()).unwrap().remove(0).root
    }

    /// The tree and its `serde_json` copy get the same verdict and the same error locations,
    /// keyword by keyword.
    #[test]
    fn agrees_with_the_serde_json_copy() {
        let schema = serde_json::json!({
            "type": "object",
            "additionalProperties": false,
            "required": ["name", "count"],
            "properties": {
                "name": {"type": "string", "minLength": 3, "maxLength": 5, "pattern": "^[a-z]+$"},
                "count": {"type": "integer", "minimum": 1, "multipleOf": 2},
                "ratio": {"type": "number", "exclusiveMaximum": 1},
                "flag": {"type": "boolean"},
                "none": {"type": "null"},
                "tags": {"type": "array", "uniqueItems": true, "items": {"enum": ["a", "b", 1]}},
                "kind": {"const": "x"},
                "level": {"enum": [1, 2.5, null, true, [1, "a"], {"k": 1, "j": [2]}]},
                "exact": {"const": 3.0},
                "nested": {"type": "object", "propertyNames": {"pattern": "^k"},
                           "minProperties": 1},
            }
        });
        let ours = validator(&schema);
        let theirs = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .build(&schema)
            .unwrap();
        for yaml in [
            "name: abc\ncount: 2\n",
            "name: ab\ncount: 3\n",
            "name: abcdef\ncount: 2.0\n",
            "name: ABC\ncount: 0\nextra: 1\n",
            "name: 'é'\ncount: 2\n",
            "name: abc\ncount: 2\nratio: 1.0\nflag: yes\nnone: ~\n",
            "name: abc\ncount: 2\ntags: [a, a, 1]\nkind: y\n",
            "name: abc\ncount: 2\ntags: [c, 1.0]\nkind: x\n",
            "name: abc\ncount: 2\nnested: {k1: 1, x: 2}\n",
            "name: abc\ncount: 2\nnested: {}\n",
            "name: abc\ncount: .inf\nratio: .nan\n",
            "- not an object\n",
            "name: abc\ncount: 4\nratio: 0.5\n",
            "name: abc\ncount: 2\nlevel: 1.0\nexact: 3\n",
            "name: abc\ncount: 2\nlevel: 1\nexact: 3.0\n",
            "name: abc\ncount: 2\nlevel: 2.5\nexact: 3.5\n",
            "name: abc\ncount: 2\nlevel: 2\nexact: '3'\n",
            "name: abc\ncount: 2\nlevel: ~\n",
            "name: abc\ncount: 2\nlevel: 'true'\n",
            "name: abc\ncount: 2\nlevel: true\n",
            "name: abc\ncount: 2\nlevel: [1, a]\n",
            "name: abc\ncount: 2\nlevel: [1.0, a]\n",
            "name: abc\ncount: 2\nlevel: [a, 1]\n",
            "name: abc\ncount: 2\nlevel: {j: [2], k: 1}\n",
            "name: abc\ncount: 2\nlevel: {k: 1}\n",
            "name: abc\ncount: 2\nlevel: {k: 1, j: [3]}\n",
            "name: abc\ncount: 2\nlevel: .nan\n",
        ] {
            let node = root(yaml);
            let json = node.to_json();
            assert_eq!(
                ours.is_valid(&node),
                theirs.is_valid(&json),
                "verdict for {yaml:?}"
            );
            let errors = |it: jsonschema::ErrorIterator<'_>| {
                let mut v: Vec<(String, String)> = it
                    .map(|e| (e.instance_path().to_string(), e.schema_path().to_string()))
                    .collect();
                v.sort();
                v
            };
            assert_eq!(
                errors(ours.iter_errors(&node)),
                errors(theirs.iter_errors(&json)),
                "errors for {yaml:?}"
            );
        }
    }

    #[test]
    fn numbers_and_strings() {
        let n = root("a: 3\nb: -1\nc: 2.5\nd: .inf\ne: text\n");
        let get = |k: &str| n.get(k).unwrap();
        let num = |k: &str| JsonNode::<YamlJson>::as_number(&get(k));
        assert_eq!(num("a").and_then(|x| x.as_u64()), Some(3));
        assert_eq!(num("b").and_then(|x| x.as_u64()), None);
        assert_eq!(num("b").and_then(|x| x.as_i64()), Some(-1));
        assert_eq!(num("c").and_then(|x| x.as_f64()), Some(2.5));
        assert!(!num("c").unwrap().is_integer());
        assert!(num("d").is_none());
        assert_eq!(JsonNode::<YamlJson>::json_type(&get("d")), JsonType::String);
        assert_eq!(JsonNode::<YamlJson>::string_length(&get("e")), Some(4));
    }
}
