//! JSON Pointer (RFC 6901) → the node or key it names in a spanned tree.
//!
//! Schema errors arrive as JSON pointers into the JSON form of a document; this maps them
//! back to the YAML text so every finding has a line and column.

use std::collections::HashMap;

use super::tree::{Key, Node, Value};

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
    Resolver::new(root).resolve(pointer)
}

/// The key `name` of the mapping at `pointer`, if it exists.
pub fn resolve_key<'a>(root: &'a Node, pointer: &str, name: &str) -> Option<&'a Key> {
    Resolver::new(root).resolve_key(pointer, name)
}

/// Mappings up to this size are searched entry by entry; larger ones get an index.
const INDEXED_FROM: usize = 32;

/// [`resolve`] and [`resolve_key`] for many pointers into one tree: a large mapping is
/// indexed by key the first time a pointer passes through it, so the findings of a file with
/// 100,000 misspelt keys cost 100,000 lookups, not 100,000 scans of 100,000 entries.
pub struct Resolver<'a> {
    root: &'a Node,
    indexes: HashMap<*const Node, HashMap<&'a str, usize>>,
}

impl<'a> Resolver<'a> {
    /// A resolver over the tree under `root`.
    pub fn new(root: &'a Node) -> Resolver<'a> {
        Resolver {
            root,
            indexes: HashMap::new(),
        }
    }

    /// The entry `name` of `node`, if it is a mapping that has it.
    fn entry(&mut self, node: &'a Node, name: &str) -> Option<&'a (Key, Node)> {
        let Value::Map(entries) = &node.value else {
            return None;
        };
        if entries.len() < INDEXED_FROM {
            return entries.iter().find(|(k, _)| k.name == name);
        }
        let index = self
            .indexes
            .entry(std::ptr::from_ref(node))
            .or_insert_with(|| {
                entries
                    .iter()
                    .enumerate()
                    .map(|(i, (k, _))| (k.name.as_str(), i))
                    .collect()
            });
        index.get(name).map(|&i| &entries[i])
    }

    /// The node `pointer` names, or the deepest existing ancestor when it names a missing
    /// child.
    pub fn resolve(&mut self, pointer: &str) -> &'a Node {
        let mut node = self.root;
        for seg in segments(pointer) {
            let next = match &node.value {
                Value::Map(_) => self.entry(node, &seg).map(|(_, v)| v),
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
    pub fn resolve_key(&mut self, pointer: &str, name: &str) -> Option<&'a Key> {
        let node = self.resolve(pointer);
        self.entry(node, name).map(|(k, _)| k)
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

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
        let mut r = Resolver::new(root);
        assert_eq!(r.resolve("/spec/objectives/0/target").span.start.line, 4);
        assert_eq!(
            r.resolve_key("/spec/objectives/0", "target").unwrap().span,
            resolve_key(root, "/spec/objectives/0", "target")
                .unwrap()
                .span
        );
        assert_eq!(escape("a/b~"), "a~1b~0");
    }

    #[test]
    fn large_mappings_resolve_through_their_index() {
        // Above INDEXED_FROM entries, under a sequence: the same answers as `Node::get`'s scan.
        let mut text = String::from("list:\n  - x: 0\n    map:\n");
        for i in 0..100 {
            writeln!(text, "      k{i}: {{v: {i}}}").unwrap();
        }
        let docs = parse(&text, &Limits::default()).unwrap();
        let root = &docs[0].root;
        let mut r = Resolver::new(root);
        for i in [0, 31, 32, 99] {
            let ptr = format!("/list/0/map/k{i}/v");
            let map = root.get("list").unwrap().as_seq().unwrap()[0]
                .get("map")
                .unwrap();
            let scanned = map.get(&format!("k{i}")).unwrap().get("v").unwrap();
            assert_eq!(r.resolve(&ptr).span, scanned.span, "{ptr}");
            assert_eq!(r.resolve(&ptr).span.start.line, i + 4);
            let key = r.resolve_key("/list/0/map", &format!("k{i}")).unwrap();
            assert_eq!(key.span.start.line, i + 4);
        }
        // Missing children stop at the nearest ancestor.
        let map = root.get("list").unwrap().as_seq().unwrap()[0]
            .get("map")
            .unwrap();
        assert_eq!(r.resolve("/list/0/map/nope/v").span, map.span);
        assert!(r.resolve_key("/list/0/map", "nope").is_none());
    }
}
