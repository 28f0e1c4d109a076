//! The revision-diff corpus: `tests/fixtures/diff/<case>/{base,head}/**/*.sla.yaml`.
//!
//! Each case is compared in both directions through the library (no git) and the human
//! output of both is snapshotted, so a reviewer reads what a user would. Every case also
//! checks the swap property: comparing head with base reports the mirror image of every
//! finding (`target-weakened` ↔ `target-strengthened`, `objective-removed` ↔
//! `objective-added`, a `changed` code as itself). Cases named `equal-*` must find nothing;
//! every other case is named after a code it finds, then the behaviour
//! (`hours-weakened-holiday-added`).
//! A generated round adds random targets (clock and business time), windows, calendars (zones,
//! dated and yearly holidays), credits (percents and days of service), caps, claims, notice,
//! shares, owedBy and plans to the same test.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use slagate::diagnostic::{Category, Code, Diagnostic};
use slagate::diff;
use slagate::load::{Input, Settings, load};
use slagate::model::{Date, SlaDocument};
use slagate::report::Format;
use slagate::report::{DiffReport, Outcome, render};
use slagate::source::Limits;

#[path = "support/mirror.rs"]
mod mirror;
use mirror::keys;

fn settings() -> Settings {
    Settings {
        limits: Limits::default(),
        schema_only: false,
        today: Date::parse("2026-11-01").unwrap(),
    }
}

fn files(dir: &Path, under: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, under, out);
        } else {
            out.push(p.strip_prefix(under).unwrap().to_path_buf());
        }
    }
}

/// Loads one side; every fixture must be a valid agreement.
fn side(dir: &Path) -> Vec<SlaDocument> {
    let mut paths = Vec::new();
    files(dir, dir, &mut paths);
    let mut docs = Vec::new();
    for rel in paths {
        let name = rel.to_string_lossy().replace('\\', "/");
        let loaded = load(
            Input::new(name.as_str().into(), std::fs::read(dir.join(&rel)).unwrap()),
            &settings(),
        );
        assert!(
            loaded.diagnostics.is_empty(),
            "{}: {:#?}",
            dir.join(&rel).display(),
            loaded.diagnostics
        );
        docs.extend(loaded.documents);
    }
    docs
}

fn human(diags: &[Diagnostic], base: &str, head: &str) -> String {
    let sources = HashMap::new();
    let files: std::collections::HashSet<&str> = diags.iter().map(|d| &*d.file).collect();
    let r = DiffReport {
        base,
        head,
        diagnostics: diags,
        sources: &sources,
        files: files.len(),
        documents: 0,
    };
    let mut buf = Vec::new();
    render(&Outcome::Diff(r), Format::Human, false, &mut buf).unwrap();
    String::from_utf8(buf).unwrap()
}

fn assert_swaps(name: &str, forward: &[Diagnostic], reverse: &[Diagnostic]) {
    assert_eq!(
        keys(forward, true),
        keys(reverse, false),
        "{name}: head->base is not the mirror image of base->head\n{}\n{}",
        human(forward, "base", "head"),
        human(reverse, "head", "base")
    );
}

fn cases() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff");
    let mut cases: Vec<(String, PathBuf)> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    cases.sort();
    cases
}

#[test]
fn every_case_is_snapshotted_and_swaps_into_its_mirror_image() {
    let cases = cases();
    assert!(cases.len() >= 50, "the corpus has {} cases", cases.len());
    for (name, dir) in cases {
        let (base, head) = (side(&dir.join("base")), side(&dir.join("head")));
        let forward = diff::diff(&base, &head);
        let reverse = diff::diff(&head, &base);
        if name.starts_with("equal-") {
            assert!(
                forward.is_empty() && reverse.is_empty(),
                "{name}:\n{}",
                human(&forward, "base", "head")
            );
        } else {
            assert!(!forward.is_empty(), "{name}: no finding");
            // The name leads with a code the case produces, so a listing reads as the codes
            // the corpus covers (`target-weakened-availability-lowered`).
            assert!(
                forward.iter().any(|d| name.starts_with(d.code.as_str())),
                "{name}: the name does not start with one of its codes: {:?}",
                keys(&forward, false)
            );
        }
        assert_swaps(&name, &forward, &reverse);
        let text = format!(
            "{}\n{}",
            human(&forward, "base", "head"),
            human(&reverse, "head", "base")
        );
        insta::assert_snapshot!(name.clone(), text);
    }
}

#[test]
fn every_diff_code_is_exercised_by_the_corpus() {
    let mut seen = std::collections::HashSet::new();
    for (_, dir) in cases() {
        let (base, head) = (side(&dir.join("base")), side(&dir.join("head")));
        seen.extend(diff::diff(&base, &head).iter().map(|d| d.code));
        seen.extend(diff::diff(&head, &base).iter().map(|d| d.code));
    }
    let missing: Vec<&str> = Code::ALL
        .iter()
        .filter(|c| c.category() == Category::Diff && !seen.contains(c))
        .map(|c| c.as_str())
        .collect();
    assert!(missing.is_empty(), "codes no fixture produces: {missing:?}");
}

/// A small deterministic generator (xorshift), so the property round needs no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

fn generated(rng: &mut Rng) -> String {
    let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let chosen: Vec<&str> = days
        .iter()
        .copied()
        .filter(|_| rng.next() % 2 == 0)
        .collect();
    let chosen = if chosen.is_empty() {
        vec!["mon"]
    } else {
        chosen
    };
    let from = rng.pick(&["00:00", "08:00", "09:00", "10:00"]);
    let to = rng.pick(&["17:00", "18:00", "20:00", "24:00"]);
    let holidays = rng.pick(&[
        "[]",
        "[2026-12-25]",
        "[2026-12-24, 2026-12-25]",
        "[2026-12-31]",
    ]);
    let yearly = rng.pick(&[
        "",
        ", {every: 12-25, name: Christmas}",
        ", {every: 01-01, name: New Year}",
    ]);
    let holidays = match (holidays, yearly) {
        (h, "") => h.to_string(),
        ("[]", y) => format!("[{}]", &y[2..]),
        (h, y) => format!("{}{y}]", &h[..h.len() - 1]),
    };
    let availability = format!(
        "{} {}",
        rng.pick(&[">=", ">"]),
        rng.pick(&["99%", "99.5%", "99.9%", "99.90%", "99.95%"])
    );
    let latency = format!(
        "{} {}",
        rng.pick(&["<=", "<"]),
        rng.pick(&["500ms", "0.5s", "200ms", "1s", "1000ms"])
    );
    let percentile = rng.pick(&["p50", "p90", "p95", "p99", "p99.9"]);
    let window = rng.pick(&["week", "7d", "1w", "month", "30d", "quarter", "90d", "year"]);
    let hours = rng.pick(&["24x7", "business-hours"]);
    let mut tiers = Vec::new();
    for t in ["99.9%", "99.5%", "99%"] {
        if rng.next() % 3 != 0 {
            tiers.push(format!(
                "{{when: '{} {t}', credit: {}}}",
                rng.pick(&["<", "<="]),
                rng.pick(&["10%", "25%"])
            ));
        }
    }
    // Days of service instead of percents, for the whole schedule (one kind per objective).
    if rng.next() % 4 == 0 {
        for (i, t) in tiers.iter_mut().enumerate() {
            let days = ["{days: 3}", "{days: 7}", "{days: 15}"][i];
            *t = format!("{}credit: {days}}}", &t[..t.find("credit:").unwrap()]);
        }
    }
    let timezone = rng.pick(&["UTC", "Europe/Berlin", "America/New_York"]);
    let resolution = format!(
        "{} {}",
        rng.pick(&["<=", "<"]),
        rng.pick(&["4bh", "1bd", "8h", "1bd4bh", "2bd"])
    );
    let share = rng.pick(&["", ", share: '>= 95%'", ", share: '>= 90%'"]);
    let owed = rng.pick(&["", ", owedBy: provider", ", owedBy: customer"]);
    let plan = rng.pick(&["", ", plan: standard", ", plan: premium"]);
    let plans = rng.pick(&[
        "[{id: standard, name: Standard}, {id: premium, name: Premium}]",
        "[{id: premium, name: Premium}, {id: standard, name: Standard}]",
    ]);
    let cap = rng.pick(&[
        "",
        "creditCap: 50%, ",
        "creditCap: 25%, ",
        "creditCap: {days: 30}, ",
    ]);
    let claims = if rng.next() % 4 == 0 {
        String::new()
    } else {
        format!(
            "claims: {{within: {}, from: {}, businessDays: {}, evidence: {}, automatic: {}}}",
            rng.pick(&["30d", "15d", "10d", "2w"]),
            rng.pick(&["incident", "end-of-month"]),
            rng.pick(&["true", "false"]),
            rng.pick(&["[]", "[logs]", "[logs, timestamps]"]),
            rng.pick(&["true", "false"]),
        )
    };
    let remedies = format!("  remedies: {{{cap}{claims}}}\n");
    let notice = rng.pick(&[
        "",
        "  notice: {maintenance: 72h}\n",
        "  notice: {maintenance: 48h, adverseChange: 30d}\n",
        "  notice: {adverseChange: 60d}\n",
    ]);
    format!(
        "apiVersion: slagate/v1
kind: ServiceLevelAgreement
metadata: {{id: generated, version: 1}}
spec:
  type: customer
  parties: {{provider: {{name: P}}, customer: {{name: C}}}}
  effective: {{from: 2026-01-01}}
  review: {{every: year}}
  services: [{{id: s, name: S, description: D}}]
  calendars:
    business-hours: {{timezone: {timezone}, days: [{}], from: '{from}', to: '{to}', holidays: {holidays}}}
  plans: {plans}
  objectives:
    - {{id: availability, service: s, indicator: availability, target: '{availability}', window: {window}, hours: {hours}, credits: [{}]{plan}}}
    - {{id: latency, service: s, indicator: latency, percentile: {percentile}, target: '{latency}', window: {window}{owed}}}
    - {{id: resolution, service: s, indicator: resolution-time, target: '{resolution}', hours: business-hours{share}}}
{remedies}{notice}",
        chosen.join(", "),
        tiers.join(", ")
    )
}

#[test]
fn generated_targets_windows_hours_and_credits_swap_symmetrically() {
    let mut rng = Rng(0x5EED_51A6);
    let parse = |text: &str| {
        let loaded = load(
            Input::new("g.sla.yaml".into(), text.as_bytes().to_vec()),
            &settings(),
        );
        assert!(
            loaded.diagnostics.is_empty(),
            "{text}\n{:#?}",
            loaded.diagnostics
        );
        loaded.documents
    };
    let mut seen = std::collections::BTreeSet::new();
    for round in 0..300 {
        let (a, b) = (parse(&generated(&mut rng)), parse(&generated(&mut rng)));
        seen.extend(diff::diff(&a, &b).iter().map(|d| d.code.as_str()));
        assert!(
            diff::diff(&a, &a).is_empty(),
            "round {round}: a document differs from itself"
        );
        assert_swaps(
            &format!("round {round}"),
            &diff::diff(&a, &b),
            &diff::diff(&b, &a),
        );
    }
    // The round reaches the contract terms, not only targets and windows.
    for code in [
        "claim-deadline-shortened",
        "claims-weakened",
        "claims-changed",
        "notice-shortened",
        "credit-cap-weakened",
        "credit-cap-changed",
        "credits-changed",
        "share-lowered",
        "owed-by-changed",
        "plan-changed",
        "timezone-changed",
        "hours-changed",
    ] {
        assert!(seen.contains(code), "no round produced {code}: {seen:?}");
    }
}

#[test]
fn docs_diff_md_lists_every_diff_code() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/diff.md"))
        .unwrap();
    let missing: Vec<&str> = Code::ALL
        .iter()
        .filter(|c| {
            c.category() == Category::Diff && !doc.contains(&format!("| `{}` |", c.as_str()))
        })
        .map(|c| c.as_str())
        .collect();
    assert!(
        missing.is_empty(),
        "docs/diff.md has no row for {missing:?}"
    );
}
