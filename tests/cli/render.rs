//! `slagate render`: the example agreements and fixtures as contracts, invalid input, `--out`
//! and the redline against a real git repository (`--base`).

use crate::{CliTest, Run};

const POLICIES: [&str; 3] = [
    "acme-crm.sla.yaml",
    "sales-marketing.sla.yaml",
    "support-desk.ola.yaml",
];
const TODAY: &str = "--today=2026-11-01";

fn read(rel: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

/// A scratch directory holding the example agreements under `policies/`.
fn policies() -> CliTest {
    let t = CliTest::new();
    for p in POLICIES {
        t.write(&format!("policies/{p}"), read(&format!("policies/{p}")));
    }
    t
}

fn ok(r: &Run) {
    assert_eq!(r.code, 0, "{}", r.snapshot());
    assert!(r.stderr.is_empty(), "{}", r.stderr);
}

#[test]
fn the_customer_sla_reads_as_a_contract() {
    let t = policies();
    let r = t.run(&["render", "policies/acme-crm.sla.yaml", TODAY]);
    ok(&r);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn the_internal_sla_and_the_ola_read_as_contracts() {
    let t = policies();
    let r = t.run(&[
        "render",
        "policies/sales-marketing.sla.yaml",
        "policies/support-desk.ola.yaml",
        TODAY,
    ]);
    ok(&r);
    // Markdown documents one after another, apart by a rule.
    assert_eq!(r.stdout.matches("\n---\n").count(), 1, "{}", r.stdout);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn a_fixture_with_every_contract_term_renders() {
    let t = CliTest::new();
    t.fixture("sla/valid/contract-terms.sla.yaml", "x.sla.yaml");
    let r = t.run(&["render", "x.sla.yaml", TODAY]);
    ok(&r);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn an_invalid_agreement_is_not_rendered_and_its_errors_go_to_stderr() {
    let t = policies();
    t.fixture("sla/invalid/duplicate-id.sla.yaml", "policies/bad.sla.yaml");
    for format in ["markdown", "html"] {
        let r = t.run(&["render", "--format", format, TODAY]);
        assert_eq!(r.code, 1, "{}", r.snapshot());
        assert!(r.stdout.is_empty(), "{}", r.stdout);
        assert!(r.stderr.contains("policies/bad.sla.yaml:"), "{}", r.stderr);
        assert!(
            r.stderr
                .contains("slagate render renders only agreements that validate"),
            "{}",
            r.stderr
        );
    }
    // With --out nothing is written either.
    let r = t.run(&["render", "--out", "out", TODAY]);
    assert_eq!(r.code, 1);
    assert!(!t.root().join("out").exists());
}

#[test]
fn out_writes_one_whole_file_per_agreement() {
    let t = policies();
    for (format, ext) in [("markdown", "md"), ("html", "html")] {
        let r = t.run(&["render", "--format", format, "--out", "contracts", TODAY]);
        ok(&r);
        let mut names: Vec<String> = std::fs::read_dir(t.root().join("contracts"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with(&format!(".{ext}")))
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                format!("acme-crm-enterprise.{ext}"),
                format!("sales-marketing-leads.{ext}"),
                format!("support-desk-ola.{ext}"),
            ]
        );
        // Each file is what rendering that agreement alone prints.
        let one = t.run(&[
            "render",
            "--format",
            format,
            "policies/acme-crm.sla.yaml",
            TODAY,
        ]);
        let file = std::fs::read_to_string(
            t.root()
                .join(format!("contracts/acme-crm-enterprise.{ext}")),
        )
        .unwrap();
        assert_eq!(file, one.stdout);
        assert!(
            r.stdout
                .contains(&format!("wrote contracts/acme-crm-enterprise.{ext}"))
        );
    }
    // No temporary file is left behind.
    let left: Vec<String> = std::fs::read_dir(t.root().join("contracts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn html_to_stdout_is_one_page_holding_every_agreement() {
    let t = policies();
    let r = t.run(&["render", "--format", "html", TODAY]);
    ok(&r);
    assert_eq!(r.stdout.matches("<!DOCTYPE html>").count(), 1);
    assert_eq!(r.stdout.matches("<article>").count(), 3);
    assert!(r.stdout.contains("Content-Security-Policy"));
    assert!(r.stdout.contains("@page"));
    assert!(!r.stdout.contains("<script"));
    // The OLA names the customer objectives it underpins by their names, since their
    // agreement is rendered with it.
    assert!(
        r.stdout.contains(
            "It underpins \u{201c}Platform availability\u{201d} of the Acme CRM Enterprise SLA."
        ),
        "{}",
        r.stdout
    );
}

/// A repository on `main` whose commit holds the availability fixture's base, and whose
/// working tree holds its head (the target lowered from 99.9% to 99.5%).
fn lowered() -> CliTest {
    let t = CliTest::new();
    t.git(&["init", "-q", "-b", "main"]);
    t.fixture(
        "diff/target-weakened-availability-lowered/base/acme-crm.sla.yaml",
        "acme-crm.sla.yaml",
    );
    t.git(&["add", "-A"]);
    t.git(&["commit", "-q", "-m", "base"]);
    t.fixture(
        "diff/target-weakened-availability-lowered/head/acme-crm.sla.yaml",
        "acme-crm.sla.yaml",
    );
    t
}

#[test]
fn base_renders_the_redline_of_a_lowered_target() {
    let t = lowered();
    let r = t.run(&["render", "--base", "main", TODAY]);
    ok(&r);
    let base = t.git(&["rev-parse", "--short", "main"]);
    let md = r.stdout.replace(base.trim(), "[BASE]");
    // 0.1% of an average month (2,629,800 s) is 2,629.8 s, 43 min 50 s; 0.5% is 13,149 s,
    // 3 h 39 min 9 s.
    assert!(
        md.contains("Redline: CRM platform is available at least ~~99.9%~~ **99.5%** of the time"),
        "{md}"
    );
    assert!(
        md.contains("~~43 minutes 50~~ **3 hours 39 minutes 9** seconds"),
        "{md}"
    );
    assert!(md.contains("Class: **weakened for the customer**"), "{md}");
    insta::assert_snapshot!(md);

    let r = t.run(&["render", "--base", "main", "--format", "html", TODAY]);
    ok(&r);
    assert!(
        r.stdout.contains("<del>99.9%</del> <ins>99.5%</ins>"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("class=\"class weakened\""));

    let r = t.run(&["render", "--base", "main", "--out", "redline", TODAY]);
    ok(&r);
    assert!(t.root().join("redline/acme-crm.redline.md").is_file());
}

#[test]
fn base_without_a_change_says_so() {
    let t = lowered();
    t.git(&["add", "-A"]);
    t.git(&["commit", "-q", "-m", "head"]);
    let r = t.run(&["render", "--base", "HEAD", TODAY]);
    ok(&r);
    assert!(r.stdout.contains("No agreement changed."), "{}", r.stdout);
}

#[test]
fn base_with_an_invalid_head_fails_with_its_findings() {
    let t = lowered();
    t.fixture("sla/invalid/duplicate-id.sla.yaml", "acme-crm.sla.yaml");
    let r = t.run(&["render", "--base", "main", TODAY]);
    assert_eq!(r.code, 1, "{}", r.snapshot());
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("acme-crm.sla.yaml:"), "{}", r.stderr);
}

#[test]
fn help_is_stable() {
    let r = CliTest::new().run(&["render", "--help"]);
    assert_eq!(r.code, 0);
    insta::assert_snapshot!(r.stdout);
}
