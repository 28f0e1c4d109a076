//! `slagate import sla-directory` on the real dataset (`tests/fixtures/sla-directory/`, 100
//! vendor files of SLA.directory, CC BY 4.0: see the README beside them).
//!
//! The checks read each source file and each written document on their own and compare the
//! terms that matter (uptime commitments, credit tiers, the cap, the claim deadline); what
//! the dataset's spellings should become is written out here by hand, not taken from the
//! importer.

use std::path::{Path, PathBuf};

use slagate::source::yaml::{Limits, Node, Value, parse};

use crate::CliTest;

fn dataset() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sla-directory/vendors")
}

/// The front matter of a vendor file, parsed: the text between the first two `---` lines.
fn source(path: &Path) -> Node {
    let text = std::fs::read_to_string(path).unwrap();
    let body = text.strip_prefix("---\n").unwrap();
    let end = body.find("\n---\n").unwrap();
    parse(&body[..=end], &Limits::default())
        .unwrap()
        .remove(0)
        .root
}

fn documents(path: &Path) -> Vec<Node> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse(&text, &Limits::default())
        .unwrap()
        .into_iter()
        .map(|d| d.root)
        .collect()
}

fn num(n: &Node) -> Option<f64> {
    match &n.value {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

/// `99.9` -> `99.9`, `99.0` -> `99`, `100` -> `100`.
fn pct(f: f64) -> String {
    let s = f.to_string();
    s.strip_suffix(".0").map_or(s.clone(), str::to_string)
}

fn at<'a>(n: &'a Node, path: &[&str]) -> Option<&'a Node> {
    path.iter().try_fold(n, |n, k| n.get(k))
}

fn items(n: Option<&Node>) -> &[Node] {
    n.and_then(Node::as_seq).unwrap_or_default()
}

/// What each `anchor_point` of the dataset counts from, read off the descriptions beside them
/// in the files; `None` where slagate's `claims.from` has no such anchor (the end of a later
/// month, an eligibility date, a reporting period).
fn anchor(a: &str) -> Option<&'static str> {
    Some(match a {
        "incident_date" | "downtime_date" | "time_of_downtime" | "incident_start"
        | "end_of_downtime" => "incident",
        "end_of_month"
        | "end_of_calendar_month"
        | "calendar_month_end"
        | "month_end"
        | "impacted_month"
        | "end_of_calendar_month_of_failure"
        | "end_of_impacted_month"
        | "end of the month in which the Availability SLA was not met" => "end-of-month",
        "end_of_quarter" | "quarter_end" => "end-of-quarter",
        "end_of_billing_month" | "billing_month" | "invoice_date" => "end-of-billing-cycle",
        _ => return None,
    })
}

#[test]
fn all_hundred_vendors_import_and_their_terms_survive() {
    let t = CliTest::new();
    let src = dataset();
    let run = t.run(&[
        "import",
        "sla-directory",
        src.to_str().unwrap(),
        "--out",
        "out",
        "--today",
        "2026-12-02",
    ]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert!(
        run.stdout.contains("100 files read: 100 created"),
        "{}",
        run.stdout
    );
    // Every written document validates: warnings (credit gaps the vendors leave) but no error.
    let v = t.run(&["validate", "out", "--today", "2026-12-02"]);
    assert_eq!(v.code, 0, "{}", v.snapshot());
    assert!(!v.stdout.contains("error["), "{}", v.stdout);

    let mut checked = Checked::default();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let vendor = source(&path);
        let slug = vendor
            .get("slug")
            .and_then(Node::as_str)
            .unwrap()
            .to_string();
        let docs = documents(&t.root().join(format!("out/{slug}.sla.yaml")));
        check_vendor(&slug, &vendor, &docs[0], &mut checked);
        let tiers = items(vendor.get("sla_tiers"));
        assert_eq!(
            docs.len(),
            1 + tiers.len(),
            "{slug}: a document per sla_tiers entry"
        );
    }
    // Not vacuous. Counted in the dataset with a separate script (PyYAML over the front
    // matter): 530 services not marked `sla_eligible: false` have a figure of their own or
    // their vendor's; 45 vendors with credit tiers state a cap; 35 vendors with credit tiers
    // have a claim-submission deadline with days and an anchor of the table above.
    assert_eq!(checked.vendors, 100);
    assert_eq!(checked.targets, 530, "{checked:?}");
    assert_eq!(checked.caps, 45, "{checked:?}");
    assert_eq!(checked.deadlines, 35, "{checked:?}");
    assert!(
        checked.tiers > checked.targets,
        "most objectives have several tiers: {checked:?}"
    );
}

#[derive(Debug, Default)]
struct Checked {
    vendors: usize,
    targets: usize,
    tiers: usize,
    caps: usize,
    deadlines: usize,
}

fn check_vendor(slug: &str, v: &Node, doc: &Node, checked: &mut Checked) {
    checked.vendors += 1;
    assert_eq!(
        at(doc, &["metadata", "id"]).and_then(Node::as_str),
        Some(slug)
    );
    assert_eq!(
        at(doc, &["metadata", "labels", "sla-url"]).and_then(Node::as_str),
        v.get("sla_url").and_then(Node::as_str),
        "{slug}: the source URL is kept"
    );
    assert_eq!(
        at(doc, &["metadata", "labels", "last-verified"]).and_then(Node::as_str),
        v.get("last_verified").and_then(Node::as_str),
        "{slug}: last_verified is kept"
    );
    let objectives = items(at(doc, &["spec", "objectives"]));
    let objective = |id: &str| {
        objectives
            .iter()
            .find(|o| o.get("id").and_then(Node::as_str) == Some(id))
    };
    let vendor_uptime = v.get("uptime_commitment").and_then(num);
    let policy = v.get("credit_policy").unwrap();
    let tiers: Vec<(f64, Option<f64>)> = items(policy.get("credit_tiers"))
        .iter()
        .map(|t| {
            (
                num(t.get("uptime_below").unwrap()).unwrap(),
                t.get("credit_percent").and_then(num),
            )
        })
        .collect();
    for s in items(v.get("services")) {
        let id = s.get("id").and_then(Node::as_str).unwrap();
        let eligible = !matches!(
            s.get("sla_eligible").map(|n| &n.value),
            Some(Value::Bool(false))
        );
        let uptime = s.get("uptime_commitment").and_then(num).or(vendor_uptime);
        let o = objective(&format!("{id}-availability"));
        let (true, Some(u)) = (eligible, uptime) else {
            assert!(o.is_none(), "{slug}/{id}: no commitment, no objective");
            continue;
        };
        let o = o.unwrap_or_else(|| panic!("{slug}/{id}: the availability objective"));
        assert_eq!(
            o.get("target").and_then(Node::as_str),
            Some(format!(">= {}%", pct(u)).as_str()),
            "{slug}/{id}"
        );
        checked.targets += 1;
        let credits: Vec<(String, String)> = items(o.get("credits"))
            .iter()
            .map(|c| {
                let when = c.get("when").and_then(Node::as_str).unwrap().to_string();
                let credit = c
                    .get("credit")
                    .and_then(Node::as_str)
                    .map_or_else(|| "days".to_string(), str::to_string);
                (when, credit)
            })
            .collect();
        for (below, credit) in &tiers {
            let Some(credit) = credit else { continue };
            let want = (format!("< {}%", pct(*below)), format!("{}%", pct(*credit)));
            if *below <= u {
                // A tier at or below the commitment is written as it is.
                assert!(
                    credits.contains(&want),
                    "{slug}/{id}: {want:?} in {credits:?}"
                );
                checked.tiers += 1;
            } else {
                // Above it, a threshold cannot be written (it would owe a credit while the
                // commitment is met).
                assert!(
                    !credits.iter().any(|c| c.0 == want.0),
                    "{slug}/{id}: {want:?} not in {credits:?}"
                );
            }
        }
        // The tier with the lowest threshold above the commitment owes its credit just below
        // the commitment too, unless a tier sits at the commitment: it is kept at `< u%`.
        let at_u = tiers.iter().any(|t| (t.0 - u).abs() < 1e-9);
        let lowest_above = tiers
            .iter()
            .filter(|t| t.0 > u)
            .min_by(|a, b| a.0.total_cmp(&b.0));
        if let (false, Some((_, Some(credit)))) = (at_u, lowest_above) {
            let want = (format!("< {}%", pct(u)), format!("{}%", pct(*credit)));
            assert!(
                credits.contains(&want),
                "{slug}/{id}: {want:?} in {credits:?}"
            );
        }
    }
    let remedies = at(doc, &["spec", "remedies"]);
    let cap = policy
        .get("max_credit_percent")
        .or_else(|| v.get("max_credit_percent"))
        .and_then(num);
    if let (Some(cap), false) = (cap, tiers.is_empty()) {
        let written = remedies
            .and_then(|r| r.get("creditCap"))
            .and_then(Node::as_str);
        assert_eq!(
            written,
            Some(format!("{}%", pct(cap)).as_str()),
            "{slug}: the cap"
        );
        checked.caps += 1;
    }
    let deadlines = items(at(v, &["claim_process", "deadlines"]));
    let claim = deadlines.iter().find(|d| {
        matches!(
            d.get("type").and_then(Node::as_str),
            Some("submission" | "claim_submission" | "support_ticket")
        )
    });
    let owed = !tiers.is_empty();
    if let (Some(d), true) = (claim, owed) {
        let days = d.get("days").and_then(num);
        let from = d
            .get("anchor_point")
            .and_then(Node::as_str)
            .and_then(anchor);
        let claims = remedies.and_then(|r| r.get("claims"));
        if let (Some(days), Some(from)) = (days, from) {
            let claims = claims.unwrap_or_else(|| panic!("{slug}: the claim process"));
            assert_eq!(
                claims.get("within").and_then(Node::as_str),
                Some(format!("{}d", pct(days)).as_str()),
                "{slug}"
            );
            assert_eq!(
                claims.get("from").and_then(Node::as_str),
                Some(from),
                "{slug}"
            );
            let business = matches!(
                d.get("business_days").map(|n| &n.value),
                Some(Value::Bool(true))
            );
            assert_eq!(
                claims.get("businessDays").map(|n| &n.value),
                Some(&Value::Bool(business)),
                "{slug}"
            );
            checked.deadlines += 1;
        } else {
            assert!(
                claims.is_none(),
                "{slug}: a deadline that cannot be written is not replaced by another"
            );
        }
    }
}

/// Vendor watch: import, commit, change the vendor's terms, import again, diff.
#[test]
fn a_reimport_diffs_as_exactly_what_the_vendor_changed() {
    let t = CliTest::new();
    t.fixture("sla-directory/vendors/atlassian.md", "data/atlassian.md");
    t.fixture("sla-directory/vendors/zoom.md", "data/zoom.md");
    let import = |t: &CliTest| {
        t.run(&[
            "import",
            "sla-directory",
            "data",
            "--out",
            "vendors",
            "--today",
            "2026-12-02",
        ])
    };
    let first = import(&t);
    assert_eq!(first.code, 0, "{}", first.snapshot());
    // Not a repository yet: the policy goes into the output directory; removed, so that the
    // import inside the repository below writes it at the root.
    assert!(t.root().join("vendors/.slagate.yaml").exists());
    std::fs::remove_file(t.root().join("vendors/.slagate.yaml")).unwrap();
    t.git(&["init", "-q", "-b", "main"]);
    let again = import(&t);
    assert!(
        again
            .stdout
            .contains("2 files read: 0 created, 0 updated, 2 unchanged"),
        "{}",
        again.stdout
    );
    let policy = std::fs::read_to_string(t.root().join(".slagate.yaml")).unwrap();
    assert!(policy.contains("documents: [\"vendors/**\"]"), "{policy}");
    t.git(&["add", "-A"]);
    t.git(&[
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.com",
        "commit",
        "-qm",
        "import",
    ]);
    let zoom_before = std::fs::read(t.root().join("vendors/zoom.sla.yaml")).unwrap();

    // Atlassian shortens the claim deadline from 15 to 10 days, halves the first credit tier
    // (10% -> 5% below 99.9%) and is verified again.
    let path = t.root().join("data/atlassian.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let changed = text
        .replace("      days: 15\n", "      days: 10\n")
        .replace(
            "    - uptime_below: 99.9\n      credit_percent: 10\n",
            "    - uptime_below: 99.9\n      credit_percent: 5\n",
        )
        .replace("last_verified: '2026-06-19'", "last_verified: '2026-09-01'");
    // Only `10` -> `5` changes the length; the other two are checked by the diff below.
    assert_eq!(changed.len(), text.len() - 1, "the tier edit applied");
    assert!(
        changed.contains("days: 10\n") && changed.contains("2026-09-01"),
        "the other edits applied"
    );
    std::fs::write(&path, changed).unwrap();

    let second = import(&t);
    assert_eq!(second.code, 0, "{}", second.snapshot());
    assert!(
        second
            .stdout
            .contains("data/atlassian.md: updated vendors/atlassian.sla.yaml: atlassian v2"),
        "{}",
        second.stdout
    );
    assert!(
        second
            .stdout
            .contains("data/zoom.md: unchanged vendors/zoom.sla.yaml: zoom v1"),
        "{}",
        second.stdout
    );
    assert_eq!(
        std::fs::read(t.root().join("vendors/zoom.sla.yaml")).unwrap(),
        zoom_before,
        "zoom is not rewritten"
    );

    let diff = t.run(&["diff", "--format", "json", "--today", "2026-12-02"]);
    let json: serde_json::Value =
        serde_json::from_str(&diff.stdout).unwrap_or_else(|e| panic!("{e}: {}", diff.snapshot()));
    let mut found: Vec<(String, String, String)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["level"] == "error")
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (s("rule"), s("document"), s("objective"))
        })
        .collect();
    found.sort();
    // By hand: the baseline and the Enterprise document both carry the claim process; each has
    // the availability objectives of Jira, Confluence, Bitbucket and Jira Service Management
    // with the vendor's tiers, whose first tier (< 99.9%) now owes 5% instead of 10%. Nothing
    // of Zoom changed.
    let mut want: Vec<(String, String, String)> = Vec::new();
    for doc in ["atlassian", "atlassian-enterprise"] {
        want.push(("claim-deadline-shortened".into(), doc.into(), String::new()));
        for svc in ["bitbucket", "confluence", "jira", "jira-service-management"] {
            want.push((
                "credits-weakened".into(),
                doc.into(),
                format!("{svc}-availability"),
            ));
        }
    }
    want.sort();
    assert_eq!(found, want, "{}", diff.stdout);
    assert_eq!(
        diff.code,
        1,
        "weakenings fail the diff: {}",
        diff.snapshot()
    );

    // The re-import raised the version and wrote a changelog entry, so the gate asks only
    // for the vendor's side (the override of the written .slagate.yaml).
    let docs = documents(&t.root().join("vendors/atlassian.sla.yaml"));
    assert_eq!(
        at(&docs[0], &["metadata", "version"]).map(|n| &n.value),
        Some(&Value::Int(2))
    );
    let log = items(at(&docs[0], &["spec", "changelog"]));
    assert_eq!(log.len(), 2);
    assert_eq!(
        log[1].get("date").and_then(Node::as_str),
        Some("2026-09-01")
    );
    assert_eq!(
        at(&docs[0], &["spec", "effective", "from"]).and_then(Node::as_str),
        Some("2026-06-19"),
        "the start is kept"
    );
    let check = t.run(&["check", "--today", "2026-12-02"]);
    assert!(
        !check.stdout.contains("version-not-bumped")
            && !check.stdout.contains("changelog-entry-missing"),
        "{}",
        check.stdout
    );
    assert!(
        check
            .stdout
            .contains("approval of Atlassian Corporation Plc (provider)"),
        "{}",
        check.stdout
    );
    assert!(
        !check.stdout.contains("(customer)"),
        "no customer approval: {}",
        check.stdout
    );
}

/// A malformed file is an error at its position; the other files still import; exit 2.
#[test]
fn broken_files_are_errors_at_their_position_and_the_rest_imports() {
    let t = CliTest::new();
    t.fixture("sla-directory/vendors/zoom.md", "data/zoom.md");
    // No closing `---`.
    t.write(
        "data/unclosed.md",
        "---\nslug: unclosed\nlast_verified: '2026-06-19'\n",
    );
    // Not front matter at all.
    t.write("data/prose.md", "# Vendor\n\nJust prose.\n");
    // A duplicate key on line 3.
    t.write("data/dup.md", "---\nslug: dup\nslug: dup2\n---\n");
    // Not UTF-8 on line 2.
    t.write("data/latin1.md", b"---\nslug: caf\xe9\n---\n".as_slice());
    // An alias bomb: each line doubles the last.
    let mut bomb = String::from("---\nslug: bomb\na: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 0..12 {
        let prev = if i == 0 {
            "a".to_string()
        } else {
            format!("b{}", i - 1)
        };
        let refs = vec![format!("*{prev}"); 10].join(", ");
        bomb.extend([format!("b{i}: &b{i} [{refs}]\n")]);
    }
    bomb.push_str("---\n");
    t.write("data/bomb.md", bomb);
    // Valid YAML, but no date to date the terms by.
    t.write(
        "data/undated.md",
        "---\nslug: undated\nlast_verified: soon\n---\n",
    );
    let run = t.run(&[
        "import",
        "sla-directory",
        "data",
        "--out",
        "out",
        "--today",
        "2026-12-02",
    ]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
    let line = |prefix: &str| {
        run.stdout
            .lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("{prefix}: {}", run.stdout))
            .to_string()
    };
    assert!(line("data/unclosed.md:3:1: error:").contains("never closed"));
    assert!(line("data/prose.md:1:1: error:").contains("first line must be `---`"));
    assert!(
        line("data/dup.md:3:1: error:").contains("duplicate"),
        "{}",
        run.stdout
    );
    assert!(line("data/latin1.md:2:10: error:").contains("not UTF-8"));
    assert!(line("data/bomb.md:").contains("alias"), "{}", run.stdout);
    assert!(line("data/undated.md:3:16: error:").contains("`last_verified` is not a date"));
    assert!(line("data/zoom.md: created").contains("zoom v1"));
    assert!(
        run.stdout.contains(
            "7 files read: 1 created, 0 updated, 0 unchanged, 0 without a document, 6 failed"
        ),
        "{}",
        run.stdout
    );
    assert!(t.root().join("out/zoom.sla.yaml").exists());
    assert!(
        !t.root().join("out/dup.sla.yaml").exists() && !t.root().join("out/bomb.sla.yaml").exists()
    );
}

/// A file at the output path that an import did not write, or a link there, is not
/// overwritten.
#[test]
fn files_an_import_did_not_write_are_never_overwritten() {
    let t = CliTest::new();
    t.fixture("sla-directory/vendors/zoom.md", "data/zoom.md");
    t.fixture("sla-directory/vendors/atlassian.md", "data/atlassian.md");
    t.write("out/zoom.sla.yaml", "apiVersion: slagate/v1\n# mine\n");
    t.write("elsewhere.txt", "keep me\n");
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        t.root().join("elsewhere.txt"),
        t.root().join("out/atlassian.sla.yaml"),
    )
    .unwrap();
    let run = t.run(&[
        "import",
        "sla-directory",
        "data",
        "--out",
        "out",
        "--today",
        "2026-12-02",
    ]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert!(
        run.stdout.contains("was not written by `slagate import`"),
        "{}",
        run.stdout
    );
    assert_eq!(
        std::fs::read_to_string(t.root().join("out/zoom.sla.yaml")).unwrap(),
        "apiVersion: slagate/v1\n# mine\n"
    );
    #[cfg(unix)]
    {
        assert!(run.stdout.contains("symbolic link"), "{}", run.stdout);
        assert_eq!(
            std::fs::read_to_string(t.root().join("elsewhere.txt")).unwrap(),
            "keep me\n"
        );
    }
}

/// `--format json` lists every field of every file, mapped, adjusted or not, with a line.
#[test]
fn json_lists_every_field_with_its_outcome() {
    let t = CliTest::new();
    t.fixture(
        "sla-directory/vendors/mongodb-atlas.md",
        "data/mongodb-atlas.md",
    );
    let run = t.run(&[
        "import",
        "sla-directory",
        "data",
        "--out",
        "out",
        "--format",
        "json",
        "--today",
        "2026-12-02",
    ]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["summary"]["created"], 1);
    let file = &json["files"][0];
    assert_eq!(file["vendor"], "mongodb-atlas");
    assert_eq!(file["file"], "mongodb-atlas.sla.yaml");
    let fields = file["fields"].as_array().unwrap();
    let status = |field: &str| -> Vec<&str> {
        fields
            .iter()
            .filter(|f| f["field"] == field)
            .map(|f| f["status"].as_str().unwrap())
            .collect()
    };
    // By hand from the file: the vendor's first tier is `< 99.995%`; services at 99.9% and
    // 99.99% keep it from their commitment down (adjusted); the claim's deadline counts from
    // the end of the following month (not mapped), the 24-hour notice before it is not the
    // claim's deadline (not mapped); the first service's uptime is mapped.
    assert_eq!(
        status("credit_policy.credit_tiers[0]"),
        ["adjusted", "adjusted"],
        "{fields:?}"
    );
    assert_eq!(status("claim_process.deadlines[1]"), ["not-mapped"]);
    assert_eq!(status("claim_process.deadlines[0]"), ["not-mapped"]);
    assert_eq!(status("services[0].uptime_commitment"), ["mapped"]);
    for f in fields {
        assert!(f["line"].as_u64().unwrap() > 1, "{f}");
        match f["status"].as_str().unwrap() {
            "mapped" => assert!(f["to"].is_string()),
            "adjusted" => assert!(f["to"].is_string() && f["why"].is_string()),
            "not-mapped" => assert!(f["why"].is_string()),
            other => panic!("{other}"),
        }
    }
    // Every field of the front matter is accounted for: every `key:` line is a field (or
    // the start of one) that an entry names or lies under.
    let text = std::fs::read_to_string(t.root().join("data/mongodb-atlas.md")).unwrap();
    let lines: Vec<u64> = fields.iter().map(|f| f["line"].as_u64().unwrap()).collect();
    let body_end = text.lines().skip(1).position(|l| l == "---").unwrap() + 1;
    for (i, l) in text.lines().enumerate().take(body_end).skip(1) {
        let n = (i + 1) as u64;
        let leaf = l.trim_start().trim_start_matches("- ").contains(": ");
        if leaf && !lines.contains(&n) {
            // A leaf under a field accounted for as a whole (a deadline, a list item) is fine.
            let covered = fields.iter().any(|f| {
                let start = f["line"].as_u64().unwrap();
                start < n
                    && (f["field"].as_str().unwrap().ends_with(']') || f["field"] == "support")
            });
            assert!(covered, "line {n} `{l}` is accounted for by no entry");
        }
    }
}
