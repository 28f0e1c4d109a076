//! (b) The target grammar (`>= 99.9%`, `< 500ms`, `>= 10000 users`) and the quantities and
//! percentiles under it, on arbitrary text.
//!
//! Invariants: a parsed target is the same promise as itself and as its own display
//! (`>= 99.90%` shows as `>= 99.9%`, `<= 60m` as `<= 1h`), which parses back to an equal
//! target; a quantity compares equal to its display; a percentile's name parses back to it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use slagate::model::quantity::{Duration, Percent, Quantity};
use slagate::model::target::{Percentile, Strength, Target};

fuzz_target!(|bytes: &[u8]| {
    let Ok(s) = std::str::from_utf8(bytes) else {
        return;
    };
    if let Ok(t) = Target::parse(s) {
        assert_eq!(t.strength_of(&t), Strength::Same, "{s:?}");
        let shown = t.to_string();
        let back = Target::parse(&shown)
            .unwrap_or_else(|e| panic!("{s:?} shows as {shown:?}, which does not parse: {e:?}"));
        assert_eq!(t.strength_of(&back), Strength::Same, "{s:?} -> {shown:?}");
        assert_eq!(back.strength_of(&t), Strength::Same, "{shown:?} -> {s:?}");
        assert!(t.is_met_by(&t.quantity).is_some(), "{s:?}");
    }
    if let Ok(q) = Quantity::parse(s) {
        let shown = q.to_string();
        let back = Quantity::parse(&shown)
            .unwrap_or_else(|e| panic!("{s:?} shows as {shown:?}, which does not parse: {e:?}"));
        assert_eq!(
            q.compare(&back),
            Some(std::cmp::Ordering::Equal),
            "{s:?} -> {shown:?}"
        );
    }
    if let Ok(d) = Duration::parse(s) {
        let _ = (
            d.round_to_seconds(),
            d.ratio(d),
            d.abs_diff(Duration::default()),
        );
        assert_eq!(Duration::parse(&d.to_string()), Ok(d), "{s:?}");
    }
    if let Ok(p) = Percent::parse(s) {
        assert_eq!(Percent::parse(&p.to_string()), Ok(p), "{s:?}");
    }
    if let Some(p) = Percentile::parse(s) {
        assert_eq!(Percentile::parse(p.as_str()), Some(p));
    }
});
