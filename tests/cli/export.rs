//! `slagate export openslo|sloth` end to end, on the agreements of `policies/` and the
//! bindings of `tests/fixtures/export/bindings.yaml`: the documents on stdout (or one file per
//! agreement with `--out`), what did not map on stderr, the exit codes.

use crate::CliTest;

const POLICIES: [&str; 3] = [
    "acme-crm.sla.yaml",
    "sales-marketing.sla.yaml",
    "support-desk.ola.yaml",
];

fn setup() -> CliTest {
    let t = CliTest::new();
    for p in POLICIES {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("policies")
            .join(p);
        t.write(&format!("policies/{p}"), std::fs::read(src).unwrap());
    }
    t.fixture("export/bindings.yaml", "bindings.yaml");
    t
}

#[test]
fn the_policies_as_openslo() {
    let t = setup();
    let run = t.run(&[
        "export",
        "openslo",
        "policies",
        "--bindings",
        "bindings.yaml",
    ]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    // 23 objectives: acme-crm has 4 that map (availability, availability-premium, api-latency,
    // api-error-rate), sales-marketing 2 (the two ratios), the OLA 2 (availability, latency).
    assert!(
        run.stderr
            .contains("exported 8 of 23 objectives as openslo"),
        "{}",
        run.stderr
    );
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn the_policies_as_sloth() {
    let t = setup();
    let run = t.run(&["export", "sloth", "policies", "--bindings", "bindings.yaml"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    // Sloth needs a query: of the 8 above, availability-premium (a saved answer), the two
    // sales-marketing ratios and the OLA's latency have none, so 4 are written.
    assert!(
        run.stderr.contains("exported 4 of 23 objectives as sloth"),
        "{}",
        run.stderr
    );
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn out_writes_one_file_per_agreement_with_what_stdout_holds() {
    let t = setup();
    let printed = t.run(&[
        "export",
        "openslo",
        "policies",
        "--bindings",
        "bindings.yaml",
    ]);
    let run = t.run(&[
        "export",
        "openslo",
        "policies",
        "--bindings",
        "bindings.yaml",
        "--out",
        "slo",
    ]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let names = [
        "acme-crm-enterprise.openslo.yaml",
        "sales-marketing-leads.openslo.yaml",
        "support-desk-ola.openslo.yaml",
    ];
    let mut joined = String::new();
    for n in names {
        assert!(
            run.stdout.contains(&format!("wrote slo/{n}")),
            "{}",
            run.stdout
        );
        joined.push_str(&std::fs::read_to_string(t.root().join("slo").join(n)).unwrap());
    }
    assert_eq!(joined, printed.stdout);
}

#[test]
fn strict_exits_1_when_anything_did_not_map() {
    let t = setup();
    let run = t.run(&["export", "sloth", "policies", "--strict"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    // Without bindings no objective has a query: nothing is written, everything is noted.
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("exported 0 of 23 objectives as sloth"));
    assert!(run.stderr.contains("(no-query)"));
}

#[test]
fn an_agreement_that_does_not_validate_is_not_exported() {
    let t = setup();
    let bad = std::fs::read_to_string(t.root().join("policies/acme-crm.sla.yaml"))
        .unwrap()
        .replace("target: \">= 99.9%\"", "target: \">= 99.9 percent\"");
    t.write("policies/acme-crm.sla.yaml", bad);
    let run = t.run(&["export", "openslo", "policies"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(
        !run.stdout.contains("apiVersion: openslo/v1"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("policies/acme-crm.sla.yaml:106"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("writes only agreements that validate"));
}

#[test]
fn a_bad_bindings_file_is_an_error_with_its_line() {
    let t = setup();
    t.write(
        "bindings.yaml",
        "objectives:\n  - objective: availability\n    qurey: up\n    kind: up\n",
    );
    let run = t.run(&[
        "export",
        "openslo",
        "policies",
        "--bindings",
        "bindings.yaml",
    ]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("bindings.yaml:3"), "{}", run.stderr);
    assert!(
        run.stderr.contains("did you mean `query`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn help_is_stable() {
    let run = CliTest::new().run(&["export", "--help"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("Example: slagate export openslo"));
    insta::assert_snapshot!(run.stdout);
}

/// Every kind of window, a calendar in New York, hostile names: both formats, and every
/// string read back by the snapshot's reader (the library tests parse them; here a reviewer
/// reads the quoting).
#[test]
fn windows_zones_and_hostile_names_in_both_formats() {
    let t = CliTest::new();
    t.fixture("export/windows.sla.yaml", "windows.sla.yaml");
    t.fixture("export/windows.bindings.yaml", "bindings.yaml");
    let mut all = String::new();
    for format in ["openslo", "sloth"] {
        let run = t.run(&[
            "export",
            format,
            "windows.sla.yaml",
            "--bindings",
            "bindings.yaml",
        ]);
        assert_eq!(run.code, 0, "{}", run.snapshot());
        all.push_str("===== ");
        all.push_str(format);
        all.push('\n');
        all.push_str(&run.snapshot());
    }
    // effective.from 2026-05-20 (a Wednesday): its ISO week starts Monday 2026-05-18, its
    // quarter 2026-04-01, its year 2026-01-01; the week is in New York's zone.
    for start in [
        "2026-05-18 00:00:00",
        "2026-04-01 00:00:00",
        "2026-01-01 00:00:00",
    ] {
        assert!(all.contains(start), "{start}");
    }
    assert!(all.contains("timeZone: \"America/New_York\""));
    // 36h is not whole days.
    assert!(all.contains("duration: 36h"));
    insta::assert_snapshot!(all);
}

#[test]
fn a_binding_of_an_objective_no_agreement_has_is_an_error() {
    let t = setup();
    t.write(
        "bindings.yaml",
        "objectives:\n  - {objective: availabilty, query: up, kind: up}\n",
    );
    let run = t.run(&["export", "sloth", "policies", "--bindings", "bindings.yaml"]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "slagate: error: bindings.yaml:2: objective `availabilty` is not in any agreement exported (did you mean `availability`?)\n"
    );
}

#[test]
fn an_ola_named_alone_is_checked_against_the_sla_it_supports() {
    // Its `supports` references name `acme-crm-enterprise`, which is in another file of the
    // repository: that file is read for the references, and only the OLA is exported.
    let t = setup();
    let run = t.run(&["export", "openslo", "policies/support-desk.ola.yaml"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert!(
        !run.stderr.contains("unresolved-supports"),
        "{}",
        run.stderr
    );
    // The OLA's 5 objectives: 2 map (platform-availability, api-latency), the 3 support
    // targets do not.
    assert!(
        run.stderr.contains("exported 2 of 5 objectives as openslo"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("support-desk-ola"), "{}", run.stdout);
    assert!(
        !run.stdout.contains("name: acme-crm-enterprise"),
        "{}",
        run.stdout
    );
}
