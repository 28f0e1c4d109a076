//! (c) The revision diff of two arbitrary documents: the input is split at its first NUL byte
//! into a base file and a head file, each loaded as `slagate diff` loads its head.
//!
//! Invariants: a side compared with itself has no difference; when each side's document ids
//! are unique, head -> base reports the mirror image of base -> head (each finding's code
//! replaced by its mirror in the code table, per document); every diff finding has a class.
#![no_main]

use std::collections::HashSet;
use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use slagate::diff::diff;
use slagate::load::{Input, Settings, load};
use slagate::model::{Date, SlaDocument};

#[path = "../../tests/support/mirror.rs"]
mod mirror;
use mirror::keys;

fn side(path: &str, bytes: &[u8], settings: &Settings) -> Vec<SlaDocument> {
    let path: Arc<str> = path.into();
    load(Input::new(path, bytes.to_vec()), settings).documents
}

fn unique_ids(docs: &[SlaDocument]) -> bool {
    let mut seen = HashSet::new();
    docs.iter().all(|d| seen.insert(d.id.value.clone()))
}


fuzz_target!(|bytes: &[u8]| {
    let (a, b) = match bytes.iter().position(|&c| c == 0) {
        Some(i) => (&bytes[..i], &bytes[i + 1..]),
        None => (bytes, &b""[..]),
    };
    let settings = Settings::for_today(Date::parse("2025-06-01").unwrap());
    let base = side("base.sla.yaml", a, &settings);
    let head = side("head.sla.yaml", b, &settings);
    assert!(diff(&base, &base).is_empty(), "base differs from itself");
    assert!(diff(&head, &head).is_empty(), "head differs from itself");
    let forward = diff(&base, &head);
    let reverse = diff(&head, &base);
    for d in forward.iter().chain(&reverse) {
        assert!(d.change.is_some(), "{} has no class", d.code);
    }
    if unique_ids(&base) && unique_ids(&head) {
        assert_eq!(
            keys(&forward, true),
            keys(&reverse, false),
            "head -> base is not the mirror image of base -> head"
        );
    }
});
