//! JSON Pointer (RFC 6901) → the node or key it names in a spanned tree.
//!
//! Schema errors arrive as JSON pointers into the JSON form of a document; this maps them
//! back to the YAML text so every finding has a line and column.

use super::yaml::{Key, Node, Value};

/// Splits a JSON pointer into unescaped segments.
pub fn segments(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
}

/// Escapes one segment for a JSON pointer.
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// The node a pointer names, or the deepest existing ancestor when it names a missing child.
pub fn resolve<'a>(root: &'a Node, pointer: &str) -> &'a Node {
    let mut node = root;
    for seg in segments(pointer) {
        let next = match &node.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.name == seg).map(|(_, v)| v),
            Value::Seq(items) => seg.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        match next {
            Some(n) => node = n,
            None => break,
        }
    }
    node
}

/// The key `name` of the mapping at `pointer`, if it exists.
pub fn resolve_key<'a>(root: &'a Node, pointer: &str, name: &str) -> Option<&'a Key> {
    resolve(root, pointer).get_key(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::yaml::{Limits, parse};

    #[test]
    fn pointers_resolve_to_spans() {
        let docs = parse(
            "spec:\n  objectives:\n    - id: a\n      target: x\n",
            &Limits::default(),
        )
        .unwrap();
        let root = &docs[0].root;
        assert_eq!(
            resolve(root, "/spec/objectives/0/target").span.start.line,
            4
        );
        // A missing child resolves to the nearest ancestor.
        assert_eq!(
            resolve(root, "/spec/objectives/5/target").span.start.line,
            3
        );
        assert_eq!(
            resolve_key(root, "/spec/objectives/0", "target")
                .unwrap()
                .span
                .start
                .col,
            7
        );
        assert_eq!(segments("/a~1b/c~0d").collect::<Vec<_>>(), ["a/b", "c~d"]);
        assert_eq!(escape("a/b~"), "a~1b~0");
    }
}
