//! Properties of the target order and of the revision diff, on generated inputs (proptest).
//!
//! - For every quantity kind (percent, duration, count), "weaker than" between targets of one
//!   direction is a strict order (irreflexive, asymmetric, transitive, total on different
//!   promises), it follows the values (a lower threshold is weaker when higher is better, a
//!   higher one when lower is better; at one threshold the inclusive comparator is weaker), and
//!   it does not see how an equal value is written (`99.9%`/`99.900%`, `1h`/`60m`,
//!   `500ms`/`0.5s`, `10 users`/`10.0 users`).
//! - On generated agreements: diff(a, a) is empty; diff(b, a) is the mirror image of diff(a, b)
//!   (each code replaced by its mirror in the code table, per document); and a restyled
//!   document (keys and lists reordered, flow or block collections, plain, single- or
//!   double-quoted scalars, comments, equal values written differently) diffs empty against
//!   its original.
//!
//! - On generated agreements, `slagate export` in both formats writes each objective once or
//!   gives exactly one note saying why not, and what it writes parses.
//!
//! Case counts are set with `ProptestConfig` so the whole file runs in seconds in debug.

use std::cmp::Ordering;
use std::fmt::Write as _;
use std::sync::Arc;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use slagate::diff::diff;
use slagate::load::{Input, Settings, load};
use slagate::model::{Date, SlaDocument, Strength, Target};

#[path = "support/mirror.rs"]
mod mirror;
use mirror::keys;

// ---------------------------------------------------------------------------------------------
// The target order.

/// One quantity kind's value, held as an integer of its smallest unit so the expected order is
/// plain integer order: thousandths of a percent, milliseconds, hundredths of a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Percent,
    Duration,
    Count,
}

/// The ways of writing `v` (in the kind's smallest unit) that mean the same value.
fn writings(kind: Kind, v: u64) -> Vec<String> {
    match kind {
        // v thousandths of a percent: 99900 is 99.9% = 99.900% = 99.9000% = 099.900%.
        Kind::Percent => {
            let (int, frac) = (v / 1000, v % 1000);
            vec![
                format!("{int}.{frac:03}%"),
                format!("{int}.{frac:03}0%"),
                trim(&format!("{int}.{frac:03}")) + "%",
                format!("0{int}.{frac:03}%"),
            ]
        }
        // v milliseconds: 3_600_000 is 1h = 60m = 3600s = 3600000ms.
        Kind::Duration => {
            let (h, rest) = (v / 3_600_000, v % 3_600_000);
            let (m, rest) = (rest / 60_000, rest % 60_000);
            let (s, ms) = (rest / 1000, rest % 1000);
            let mut mixed = String::new();
            for (n, unit) in [(h, "h"), (m, "m"), (s, "s"), (ms, "ms")] {
                if n > 0 {
                    write!(mixed, "{n}{unit}").unwrap();
                }
            }
            if mixed.is_empty() {
                mixed.push_str("0s");
            }
            vec![
                format!("{v}ms"),
                trim(&format!("{}.{:03}", v / 1000, v % 1000)) + "s",
                mixed,
                format!("{}m{}ms", v / 60_000, v % 60_000),
            ]
        }
        // v hundredths: 1000 is 10 users = 10.000 users.
        Kind::Count => vec![
            trim(&format!("{}.{:02}", v / 100, v % 100)) + " users",
            format!("{}.{:02}0 users", v / 100, v % 100),
        ],
    }
}

/// `12.300` -> `12.3`, `12.000` -> `12`.
fn trim(s: &str) -> String {
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn kinds() -> impl Strategy<Value = Kind> {
    prop_oneof![Just(Kind::Percent), Just(Kind::Duration), Just(Kind::Count)]
}

fn value(kind: Kind) -> BoxedStrategy<u64> {
    match kind {
        // 0% to 100%, many near the top where SLAs live.
        Kind::Percent => prop_oneof![0..=100_000u64, 99_000..=100_000u64].boxed(),
        // Up to a week, in milliseconds.
        Kind::Duration => prop_oneof![0..=5_000u64, 0..=604_800_000u64].boxed(),
        Kind::Count => (0..=10_000_000u64).boxed(),
    }
}

/// A target: a direction (`higher`), strictness, a value and which writing of it.
#[derive(Debug, Clone)]
struct Written {
    higher: bool,
    strict: bool,
    value: u64,
    text: String,
}

fn written(kind: Kind, higher: bool) -> impl Strategy<Value = Written> {
    (any::<bool>(), value(kind), any::<prop::sample::Index>()).prop_map(
        move |(strict, value, which)| {
            let cmp = match (higher, strict) {
                (true, false) => ">=",
                (true, true) => ">",
                (false, false) => "<=",
                (false, true) => "<",
            };
            let w = writings(kind, value);
            let text = format!("{cmp} {}", w[which.index(w.len())]);
            Written {
                higher,
                strict,
                value,
                text,
            }
        },
    )
}

/// The order the targets must have: by value for the customer, then strict over inclusive.
fn expected(a: &Written, b: &Written) -> Strength {
    let by_value = if a.higher {
        b.value.cmp(&a.value)
    } else {
        a.value.cmp(&b.value)
    };
    match by_value.then(b.strict.cmp(&a.strict)) {
        Ordering::Greater => Strength::Stronger,
        Ordering::Equal => Strength::Same,
        Ordering::Less => Strength::Weaker,
    }
}

fn parse(w: &Written) -> Target {
    Target::parse(&w.text).unwrap_or_else(|e| panic!("{:?} does not parse: {e:?}", w.text))
}

fn opposite(s: Strength) -> Strength {
    match s {
        Strength::Stronger => Strength::Weaker,
        Strength::Weaker => Strength::Stronger,
        other => other,
    }
}

fn three_targets() -> impl Strategy<Value = (Written, Written, Written)> {
    (kinds(), any::<bool>())
        .prop_flat_map(|(k, higher)| (written(k, higher), written(k, higher), written(k, higher)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn weaker_than_is_a_strict_order_blind_to_how_values_are_written(
        (a, b, c) in three_targets()
    ) {
        let (ta, tb, tc) = (parse(&a), parse(&b), parse(&c));
        // Irreflexive.
        prop_assert_eq!(ta.strength_of(&ta), Strength::Same);
        // It follows the values, whatever their writing (so equal values written differently
        // are the Same promise), and never gives up within one kind and direction.
        prop_assert_eq!(ta.strength_of(&tb), expected(&a, &b), "{} -> {}", a.text, b.text);
        // Asymmetric: b weaker than a exactly when a is stronger than b.
        prop_assert_eq!(tb.strength_of(&ta), opposite(ta.strength_of(&tb)));
        // Transitive: c weaker than b weaker than a makes c weaker than a.
        if ta.strength_of(&tb) == Strength::Weaker && tb.strength_of(&tc) == Strength::Weaker {
            prop_assert_eq!(ta.strength_of(&tc), Strength::Weaker, "{} {} {}", a.text, b.text, c.text);
        }
        // Same is an equivalence consistent with the order.
        if ta.strength_of(&tb) == Strength::Same {
            prop_assert_eq!(ta.strength_of(&tc), tb.strength_of(&tc));
        }
    }

    #[test]
    fn every_writing_of_one_value_is_the_same_target(
        (kind, value) in kinds().prop_flat_map(|k| (Just(k), value(k))),
        (higher, strict) in (any::<bool>(), any::<bool>()),
    ) {
        let cmp = match (higher, strict) {
            (true, false) => ">=",
            (true, true) => ">",
            (false, false) => "<=",
            (false, true) => "<",
        };
        let all: Vec<Target> = writings(kind, value)
            .iter()
            .map(|w| Target::parse(&format!("{cmp} {w}")).unwrap())
            .collect();
        for t in &all {
            prop_assert_eq!(all[0].strength_of(t), Strength::Same, "{} vs {}", all[0], t);
            prop_assert_eq!(&all[0], t);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Generated agreements.

/// A YAML value before it is written in some style.
#[derive(Debug, Clone)]
enum Y {
    /// Text that may be written plain or quoted either way.
    Str(String),
    /// Text that must be quoted (a target starts with `>`, a time holds `:`).
    Quoted(String),
    /// A number or date, always plain.
    Plain(String),
    Map(Vec<(&'static str, Y)>),
    Seq(Vec<Y>),
}

fn s(v: &str) -> Y {
    Y::Str(v.to_string())
}
fn q(v: &str) -> Y {
    Y::Quoted(v.to_string())
}
fn p(v: impl std::fmt::Display) -> Y {
    Y::Plain(v.to_string())
}

/// One objective's parameters.
#[derive(Debug, Clone)]
struct Objective {
    /// Index in the pool of ids and indicators.
    slot: usize,
    strict: bool,
    /// The threshold in the smallest unit of its kind (see [`writings`]).
    value: u64,
    /// `custom` only: direction and kind are free.
    higher: bool,
    kind: Kind,
    business_hours: bool,
    window_days: Option<u8>,
    percentile: Option<usize>,
    credit: Option<(u64, u8)>,
}

/// An agreement's parameters: the same id in every revision.
#[derive(Debug, Clone)]
struct Agreement {
    web_service: bool,
    days: Vec<&'static str>,
    hours: (u8, u8),
    objectives: Vec<Objective>,
    exclusion: bool,
}

const SLOTS: [(&str, &str, Kind, bool); 5] = [
    ("availability", "availability", Kind::Percent, true),
    ("latency", "latency", Kind::Duration, false),
    ("capacity", "capacity", Kind::Count, true),
    ("response", "response-time", Kind::Duration, false),
    ("custom", "custom", Kind::Percent, true),
];
const PERCENTILES: [&str; 5] = ["p50", "p90", "p95", "p99", "p99.9"];
const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

fn objective(slot: usize) -> impl Strategy<Value = Objective> {
    let (_, _, kind, _) = SLOTS[slot];
    (
        any::<bool>(),
        (kinds(), any::<bool>()),
        any::<bool>(),
        prop::option::of(prop::sample::select(vec![7u8, 30, 90])),
        prop::option::of(0..PERCENTILES.len()),
        prop::option::of((0..=99_000u64, 1..=50u8)),
        any::<prop::sample::Index>(),
    )
        .prop_flat_map(move |(strict, (k, higher), bh, window, pct, credit, _)| {
            let kind = if slot == 4 { k } else { kind };
            value(kind).prop_map(move |value| Objective {
                slot,
                strict,
                value,
                higher,
                kind,
                business_hours: bh,
                window_days: window,
                percentile: pct,
                credit,
            })
        })
}

fn agreement() -> impl Strategy<Value = Agreement> {
    let objectives = prop::sample::subsequence((0..SLOTS.len()).collect::<Vec<_>>(), 1..=5)
        .prop_flat_map(|slots| slots.into_iter().map(objective).collect::<Vec<_>>());
    (
        any::<bool>(),
        prop::sample::subsequence(DAYS.to_vec(), 1..=7),
        (6..=10u8, 16..=20u8),
        objectives,
        any::<bool>(),
    )
        .prop_map(
            |(web_service, days, hours, objectives, exclusion)| Agreement {
                web_service,
                days,
                hours,
                objectives,
                exclusion,
            },
        )
}

impl Objective {
    fn tree(&self, writing: usize) -> Y {
        let (id, indicator, _, fixed_higher) = SLOTS[self.slot];
        let higher = if self.slot == 4 {
            self.higher
        } else {
            fixed_higher
        };
        let cmp = match (higher, self.strict) {
            (true, false) => ">=",
            (true, true) => ">",
            (false, false) => "<=",
            (false, true) => "<",
        };
        let w = writings(self.kind, self.value);
        let mut m = vec![
            ("id", s(id)),
            ("service", s("crm")),
            ("indicator", s(indicator)),
            ("target", q(&format!("{cmp} {}", w[writing % w.len()]))),
        ];
        if self.business_hours {
            m.push(("hours", s("business-hours")));
        }
        if let Some(d) = self.window_days {
            m.push(("window", s(&format!("{d}d"))));
        }
        if self.slot == 1 {
            if let Some(pc) = self.percentile {
                m.push(("percentile", s(PERCENTILES[pc])));
            }
        }
        if self.slot == 0 {
            if let Some((v, credit)) = self.credit {
                let when = writings(Kind::Percent, v);
                m.push((
                    "credits",
                    Y::Seq(vec![Y::Map(vec![
                        ("when", q(&format!("< {}", when[writing % when.len()]))),
                        ("credit", s(&format!("{credit}%"))),
                    ])]),
                ));
            }
        }
        Y::Map(m)
    }
}

impl Agreement {
    /// The document as a tree; `writing` picks among the equal writings of each value.
    fn tree(&self, writing: usize) -> Y {
        let mut services = vec![Y::Map(vec![
            ("id", s("crm")),
            ("name", s("CRM")),
            ("description", s("The CRM, for sales: and support")),
        ])];
        if self.web_service {
            services.push(Y::Map(vec![
                ("id", s("web")),
                ("name", s("Web")),
                ("description", s("The web shop")),
            ]));
        }
        let calendar = Y::Map(vec![
            ("timezone", s("Europe/Berlin")),
            ("days", Y::Seq(self.days.iter().map(|d| s(d)).collect())),
            ("from", q(&format!("{:02}:00", self.hours.0))),
            ("to", q(&format!("{:02}:00", self.hours.1))),
        ]);
        let mut spec = vec![
            ("type", s("customer")),
            (
                "parties",
                Y::Map(vec![
                    (
                        "provider",
                        Y::Map(vec![
                            ("name", s("Northwind")),
                            ("approvers", Y::Seq(vec![s("alice")])),
                        ]),
                    ),
                    ("customer", Y::Map(vec![("name", s("Acme"))])),
                ]),
            ),
            ("effective", Y::Map(vec![("from", p("2026-01-01"))])),
            (
                "review",
                Y::Map(vec![("every", s("year")), ("last", p("2026-06-01"))]),
            ),
            ("services", Y::Seq(services)),
            ("calendars", Y::Map(vec![("business-hours", calendar)])),
            (
                "objectives",
                Y::Seq(self.objectives.iter().map(|o| o.tree(writing)).collect()),
            ),
        ];
        if self.exclusion {
            spec.push((
                "exclusions",
                Y::Seq(vec![Y::Map(vec![
                    ("id", s("maintenance")),
                    ("description", s("Announced 72 h ahead")),
                    ("max", s("4h")),
                ])]),
            ));
        }
        spec.push((
            "changelog",
            Y::Seq(vec![Y::Map(vec![
                ("version", p(2)),
                ("date", p("2026-06-01")),
                ("summary", s("First version")),
            ])]),
        ));
        Y::Map(vec![
            ("apiVersion", s("slagate/v1")),
            ("kind", s("ServiceLevelAgreement")),
            (
                "metadata",
                Y::Map(vec![("id", s("acme")), ("version", p(2))]),
            ),
            ("spec", Y::Map(spec)),
        ])
    }
}

// ---------------------------------------------------------------------------------------------
// Writing a tree in a style.

/// A deterministic stream of style choices (`SplitMix64`), so one seed is one restyling.
struct Style(u64);

impl Style {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn pick(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, in_four: u64) -> bool {
        self.next() % 4 < in_four
    }
    /// A permutation of `0..n`.
    fn order(&mut self, n: usize) -> Vec<usize> {
        let mut v: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            v.swap(i, self.pick(i + 1));
        }
        v
    }
}

/// Whether `v` is safe as a plain scalar anywhere (block or flow) and stays a string.
fn plain_ok(v: &str) -> bool {
    v.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || " -/.".contains(c))
        && !matches!(
            v.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        )
}

fn scalar(v: &str, must_quote: bool, st: &mut Style) -> String {
    match st.pick(3) {
        0 if !must_quote && plain_ok(v) => v.to_string(),
        1 => format!("'{}'", v.replace('\'', "''")),
        _ => format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\"")),
    }
}

/// Lists whose order is not meaningful: their items may be reordered.
fn reorderable(key: &str) -> bool {
    matches!(key, "services" | "days" | "objectives" | "approvers")
}

fn inline(y: &Y, key: &str, st: &mut Style) -> String {
    match y {
        Y::Str(v) => scalar(v, false, st),
        Y::Quoted(v) => scalar(v, true, st),
        Y::Plain(v) => v.clone(),
        Y::Map(m) => {
            let parts: Vec<String> = st
                .order(m.len())
                .into_iter()
                .map(|i| format!("{}: {}", m[i].0, inline(&m[i].1, m[i].0, st)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        Y::Seq(items) => {
            let order = seq_order(items.len(), key, st);
            let parts: Vec<String> = order
                .into_iter()
                .map(|i| inline(&items[i], "", st))
                .collect();
            format!("[{}]", parts.join(", "))
        }
    }
}

fn seq_order(n: usize, key: &str, st: &mut Style) -> Vec<usize> {
    if reorderable(key) {
        st.order(n)
    } else {
        (0..n).collect()
    }
}

/// Writes `y` as block lines at `indent`; collections below it go flow by chance.
fn block(y: &Y, key: &str, indent: usize, st: &mut Style, out: &mut Vec<String>) {
    let pad = " ".repeat(indent);
    match y {
        Y::Map(m) => {
            for (n, i) in st.order(m.len()).into_iter().enumerate() {
                let (k, v) = (&m[i].0, &m[i].1);
                if n > 0 && st.chance(1) {
                    out.push(format!("{pad}# a comment about {k}: it: is [not] {{yaml}}"));
                }
                let nested = matches!(v, Y::Map(_) | Y::Seq(_));
                if nested && !st.chance(1) {
                    out.push(format!("{pad}{k}:"));
                    block(v, k, indent + 2, st, out);
                } else {
                    let tail = if st.chance(1) {
                        "  # trailing, 'quoted'"
                    } else {
                        ""
                    };
                    out.push(format!("{pad}{k}: {}{tail}", inline(v, k, st)));
                }
            }
        }
        Y::Seq(items) => {
            for i in seq_order(items.len(), key, st) {
                match &items[i] {
                    Y::Map(_) if !st.chance(1) => {
                        let mut lines = Vec::new();
                        block(&items[i], "", indent + 2, st, &mut lines);
                        lines[0] = format!("{pad}- {}", lines[0].trim_start());
                        out.extend(lines);
                    }
                    item => out.push(format!("{pad}- {}", inline(item, "", st))),
                }
            }
        }
        other => out.push(format!("{pad}{}", inline(other, key, st))),
    }
}

fn write(y: &Y, seed: u64) -> String {
    let mut st = Style(seed);
    let mut out = Vec::new();
    if st.chance(2) {
        out.push("# slagate agreement, restyled".to_string());
    }
    block(y, "", 0, &mut st, &mut out);
    out.join("\n") + "\n"
}

/// The canonical writing: block style, keys in order, no comments, first writing of values.
fn canonical(y: &Y) -> String {
    fn go(y: &Y, indent: usize, out: &mut String) {
        let pad = " ".repeat(indent);
        match y {
            Y::Map(m) => {
                for (k, v) in m {
                    match v {
                        Y::Map(_) | Y::Seq(_) => {
                            writeln!(out, "{pad}{k}:").unwrap();
                            go(v, indent + 2, out);
                        }
                        _ => writeln!(out, "{pad}{k}: {}", one(v)).unwrap(),
                    }
                }
            }
            Y::Seq(items) => {
                for item in items {
                    match item {
                        Y::Map(_) => {
                            let mut inner = String::new();
                            go(item, indent + 2, &mut inner);
                            let inner = inner.replacen(&" ".repeat(indent + 2), "", 1);
                            write!(out, "{pad}- {inner}").unwrap();
                        }
                        _ => writeln!(out, "{pad}- {}", one(item)).unwrap(),
                    }
                }
            }
            _ => writeln!(out, "{pad}{}", one(y)).unwrap(),
        }
    }
    fn one(y: &Y) -> String {
        match y {
            Y::Str(v) | Y::Quoted(v) => format!("'{}'", v.replace('\'', "''")),
            Y::Plain(v) => v.clone(),
            _ => unreachable!("collections are written by go"),
        }
    }
    let mut out = String::new();
    go(y, 0, &mut out);
    out
}

/// Loads `text` as a head file and insists it is valid: a property over documents that did
/// not load would hold for nothing.
fn documents(file: &str, text: &str) -> Vec<SlaDocument> {
    let settings = Settings::for_today(Date::parse("2026-07-01").unwrap());
    let path: Arc<str> = file.into();
    let loaded = load(Input::new(path, text.as_bytes().to_vec()), &settings);
    assert!(
        loaded.diagnostics.is_empty() && loaded.documents.len() == 1,
        "a generated document does not load:\n{text}\n{:#?}",
        loaded.diagnostics
    );
    loaded.documents
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_document_has_no_difference_with_itself(a in agreement(), seed in any::<u64>()) {
        let docs = documents("a.sla.yaml", &write(&a.tree(0), seed));
        let found = diff(&docs, &docs);
        prop_assert!(found.is_empty(), "{:#?}", found);
    }

    #[test]
    fn a_restyled_document_has_no_difference_with_its_original(
        a in agreement(),
        seed in any::<u64>(),
        writing in 0..4usize,
    ) {
        let original = canonical(&a.tree(0));
        let restyled = write(&a.tree(writing), seed);
        let base = documents("a.sla.yaml", &original);
        let head = documents("b/a.sla.yaml", &restyled);
        let found = diff(&base, &head);
        prop_assert!(found.is_empty(), "{original}\n---\n{restyled}\n{found:#?}");
        prop_assert!(diff(&head, &base).is_empty());
    }

    #[test]
    fn swapping_the_revisions_mirrors_every_finding(
        a in agreement(),
        b in agreement(),
        seeds in any::<(u64, u64)>(),
    ) {
        let base = documents("a.sla.yaml", &write(&a.tree(0), seeds.0));
        let head = documents("a.sla.yaml", &write(&b.tree(1), seeds.1));
        let forward = diff(&base, &head);
        let reverse = diff(&head, &base);
        prop_assert_eq!(keys(&forward, true), keys(&reverse, false), "{:#?}\n{:#?}", forward, reverse);
    }
}

/// The generators are not vacuous: two different agreements do differ, and the restyler does
/// change the text (flow collections, quotes, comments) while the canonical writer does not.
#[test]
fn the_generators_produce_differences_and_restylings() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut differing, mut restyled) = (0, 0);
    for seed in 0..20u64 {
        let a = agreement().new_tree(&mut runner).unwrap().current();
        let b = agreement().new_tree(&mut runner).unwrap().current();
        let (ta, tb) = (write(&a.tree(0), seed), write(&b.tree(0), seed));
        if !diff(&documents("a.sla.yaml", &ta), &documents("a.sla.yaml", &tb)).is_empty() {
            differing += 1;
        }
        let text = write(&a.tree(1), seed);
        if text != canonical(&a.tree(0)) && (text.contains('{') || text.contains('#')) {
            restyled += 1;
        }
    }
    // Independent agreements almost always differ somewhere (5 objectives' targets alone);
    // at least half of 20 pairs is a low bar that a generator stuck on one value fails.
    assert!(differing >= 10, "only {differing} of 20 pairs differ");
    assert!(
        restyled >= 15,
        "only {restyled} of 20 restylings changed the text"
    );
}

// ---------------------------------------------------------------------------------------------
// The export: nothing dropped silently.

/// A bindings file with a query for every objective of `doc`.
fn every_objective_bound(doc: &SlaDocument) -> slagate::measure::data::bindings::Bindings {
    let mut text = String::from("objectives:\n");
    for o in &doc.spec.objectives {
        let _ = writeln!(
            text,
            "  - {{objective: {}, query: 'up{{job=\"x\"}}', kind: up, missing: excluded}}",
            o.id.value
        );
    }
    slagate::measure::data::bindings::read(&Arc::from("b.yaml"), text.into_bytes()).unwrap()
}

/// The objective ids an export wrote, read back from its text.
fn written_ids(format: slagate::export::Format, text: &str) -> Vec<String> {
    let docs = slagate::source::yaml::parse(text, &slagate::source::Limits::default())
        .unwrap_or_else(|e| panic!("{e:?}\n{text}"));
    let mut ids = Vec::new();
    for d in docs {
        let root = d.root;
        match format {
            slagate::export::Format::OpenSlo => {
                if root.get("kind").and_then(|k| k.as_str()) == Some("SLO") {
                    let a = root.get("metadata").and_then(|m| m.get("annotations"));
                    let id = a
                        .and_then(|a| a.get("slagate/objective"))
                        .and_then(|i| i.as_str());
                    ids.push(id.expect("every SLO names its objective").to_string());
                }
            }
            slagate::export::Format::Sloth => {
                for s in root
                    .get("slos")
                    .and_then(|s| s.as_seq())
                    .unwrap_or_default()
                {
                    ids.push(s.get("name").and_then(|n| n.as_str()).unwrap().to_string());
                }
            }
        }
    }
    ids
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Every objective is either in the output (once) or not, with exactly one note saying
    /// why; the output parses; with and without bindings, in both formats.
    #[test]
    fn every_objective_is_exported_or_said_why_not(a in agreement(), seed in any::<u64>(), bound in any::<bool>()) {
        use slagate::export::{Effect, Format, export};
        let docs = documents("a.sla.yaml", &write(&a.tree(0), seed));
        let bindings = bound.then(|| every_objective_bound(&docs[0]));
        for format in [Format::OpenSlo, Format::Sloth] {
            let e = export(format, &docs, bindings.as_ref());
            let written: Vec<String> = e.files.iter().flat_map(|f| written_ids(format, &f.text)).collect();
            prop_assert_eq!(written.len(), e.exported);
            prop_assert_eq!(e.objectives, docs[0].spec.objectives.len());
            for o in &docs[0].spec.objectives {
                let id = &o.id.value;
                let times = written.iter().filter(|w| *w == id).count();
                let skipped = e.notes.iter().filter(|n| n.objective == *id && n.effect == Effect::Skipped).count();
                let notes = e.notes.iter().filter(|n| n.objective == *id).count();
                prop_assert!(
                    (times == 1 && skipped == 0) || (times == 0 && skipped == 1 && notes == 1),
                    "{format:?} `{id}`: written {times} times, {skipped} skip notes of {notes}: {:#?}",
                    e.notes
                );
            }
        }
    }
}

/// The export property is not vacuous: over 20 generated agreements, both formats write some
/// objectives and skip some.
#[test]
fn generated_agreements_export_some_objectives_and_skip_some() {
    use slagate::export::{Format, export};
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    for format in [Format::OpenSlo, Format::Sloth] {
        let (mut written, mut skipped) = (0, 0);
        for seed in 0..20u64 {
            let a = agreement().new_tree(&mut runner).unwrap().current();
            let docs = documents("a.sla.yaml", &write(&a.tree(0), seed));
            let b = every_objective_bound(&docs[0]);
            let e = export(format, &docs, Some(&b));
            written += e.exported;
            skipped += e.objectives - e.exported;
        }
        assert!(
            written >= 5 && skipped >= 5,
            "{format:?}: {written} written, {skipped} skipped"
        );
    }
}
