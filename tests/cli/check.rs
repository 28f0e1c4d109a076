//! `slagate check`: the local gate, against real git repositories built in a temporary
//! directory (fixed authors and dates, see [`CliTest::git`]).

use crate::{CliTest, Run};

pub(crate) const SLA: &str = "diff/target-weakened-availability-lowered/base/acme-crm.sla.yaml";
pub(crate) const PATH: &str = "policies/acme-crm.sla.yaml";
pub(crate) const TODAY: &str = "--today=2026-11-01";

pub(crate) fn sla() -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(SLA),
    )
    .unwrap()
}

/// The fixture with plain-text `edits` applied.
fn edited(edits: &[(&str, &str)]) -> String {
    let mut text = sla();
    for (from, to) in edits {
        assert!(text.contains(from), "{from}");
        text = text.replacen(from, to, 1);
    }
    text
}

const LOWERED: (&str, &str) = ("target: \">= 99.9%\"", "target: \">= 99.5%\"");
const RAISED: (&str, &str) = ("target: \"<= 1h\"", "target: \"<= 30m\"");
const BUMPED: (&str, &str) = ("  version: 3\n", "  version: 4\n");
const ENTRY: (&str, &str) = (
    "  changelog:\n",
    "  changelog:\n    - version: 4\n      date: 2026-11-01\n      summary: Availability target changed.\n",
);

/// A repository on `main` whose first commit holds `files`.
fn repo(files: &[(&str, &str)]) -> CliTest {
    let t = CliTest::new();
    t.git(&["init", "-q", "-b", "main"]);
    for (path, text) in files {
        t.write(path, text);
    }
    t.git(&["add", "-A"]);
    t.git(&["commit", "-q", "-m", "base"]);
    t
}

fn json(r: &Run) -> serde_json::Value {
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.snapshot()))
}

fn rules(v: &serde_json::Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

fn base_label(t: &CliTest) -> String {
    t.git(&["rev-parse", "--short", "HEAD"]).trim().to_string()
}

#[test]
fn a_change_with_a_version_bump_and_changelog_entry_passes() {
    let t = repo(&[(PATH, &sla())]);
    t.write(PATH, edited(&[RAISED, BUMPED, ENTRY]));
    let r = t.run(&["check", TODAY]);
    assert_eq!(r.code, 0, "{}", r.snapshot());
    let snapshot = r.snapshot().replace(&base_label(&t), "[BASE]");
    insta::assert_snapshot!(snapshot);
    let v = json(&t.run(&["check", TODAY, "--format", "json"]));
    // A strengthening still needs the provider: it cannot be handed new obligations unasked.
    assert_eq!(v["verdict"], "needs-approval");
    assert_eq!(rules(&v), ["target-strengthened", "approval-missing"]);
    let doc = &v["documents"][0];
    assert_eq!(doc["classes"], serde_json::json!({"strengthened": 1}));
    let parties = doc["parties"].as_array().unwrap();
    assert_eq!(
        (parties[0]["role"].as_str(), parties[0]["needed"].as_bool()),
        (Some("provider"), Some(true))
    );
    assert_eq!(parties[0]["classes"], serde_json::json!(["strengthened"]));
    assert_eq!(
        (parties[1]["role"].as_str(), parties[1]["needed"].as_bool()),
        (Some("customer"), Some(false))
    );
    assert_eq!(
        (
            doc["document"].as_str(),
            doc["version_bumped"].as_bool(),
            doc["changelog_entry"].as_bool()
        ),
        (Some("acme-crm"), Some(true), Some(true))
    );
}

#[test]
fn a_change_without_a_version_bump_fails_with_the_reason() {
    let t = repo(&[(PATH, &sla())]);
    t.write(PATH, edited(&[RAISED]));
    let r = t.run(&["check", TODAY]);
    assert_eq!(r.code, 1, "{}", r.snapshot());
    let snapshot = r.snapshot().replace(&base_label(&t), "[BASE]");
    insta::assert_snapshot!(snapshot);
    let v = json(&t.run(&["check", TODAY, "--format", "json"]));
    assert_eq!(v["verdict"], "fail");
    assert_eq!(
        rules(&v),
        [
            "target-strengthened",
            "version-not-bumped",
            "changelog-entry-missing",
            "approval-missing"
        ]
    );
    assert_eq!(
        v["missing"][0],
        "Raise `metadata.version` of `acme-crm` above `3`."
    );
    // A bump alone is not enough: the changelog must say what changed.
    t.write(PATH, edited(&[RAISED, BUMPED]));
    let v = json(&t.run(&["check", TODAY, "--format", "json"]));
    assert_eq!(v["verdict"], "fail");
    assert_eq!(
        rules(&v),
        [
            "target-strengthened",
            "changelog-missing-version",
            "changelog-entry-missing",
            "approval-missing"
        ]
    );
}

#[test]
fn a_weakening_warns_locally_with_the_approvals_it_will_need() {
    let t = repo(&[(PATH, &sla())]);
    t.write(PATH, edited(&[LOWERED, BUMPED, ENTRY]));
    let r = t.run(&["check", TODAY]);
    assert_eq!(r.code, 0, "{}", r.snapshot());
    let snapshot = r.snapshot().replace(&base_label(&t), "[BASE]");
    insta::assert_snapshot!(snapshot);
    let v = json(&t.run(&["check", TODAY, "--format", "json"]));
    assert_eq!(v["verdict"], "needs-approval");
    let approvals: Vec<&serde_json::Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "approval-missing")
        .collect();
    assert_eq!(approvals.len(), 2);
    assert!(approvals.iter().all(|f| f["level"] == "warning"));
    assert_eq!(
        approvals[1]["help"],
        "an approving review from one of `acme-corp/procurement`"
    );
    let parties = &v["documents"][0]["parties"];
    assert_eq!(
        (
            parties[0]["role"].as_str(),
            parties[0]["approvers"][1].as_str()
        ),
        (Some("provider"), Some("jdoe"))
    );
    // Even at `--fail-on warning` the approvals do not fail locally; nobody can give them yet.
    assert_eq!(t.run(&["check", TODAY, "--fail-on", "warning"]).code, 0);
    // The approvers come from the base: naming yourself in the change does not help.
    t.write(
        PATH,
        edited(&[
            LOWERED,
            BUMPED,
            ENTRY,
            ("approvers: [acme-corp/procurement]", "approvers: [me]"),
        ]),
    );
    let v = json(&t.run(&["check", TODAY, "--format", "json"]));
    assert_eq!(
        v["documents"][0]["parties"][1]["approvers"][0],
        "acme-corp/procurement"
    );
}

#[test]
fn staged_compares_the_index_with_head() {
    let t = repo(&[(PATH, &sla())]);
    t.write(PATH, edited(&[RAISED, BUMPED, ENTRY]));
    t.git(&["add", PATH]);
    // The unstaged change on top is not part of the commit being made.
    t.write(PATH, edited(&[RAISED]));
    let v = json(&t.run(&["check", TODAY, "--staged", "--format", "json"]));
    assert_eq!(
        (v["head"].as_str(), v["verdict"].as_str()),
        (Some("INDEX"), Some("needs-approval"))
    );
    assert_eq!(t.run(&["check", TODAY]).code, 1);
    t.git(&["add", PATH]);
    let r = t.run(&["check", TODAY, "--staged"]);
    assert_eq!(r.code, 1, "{}", r.snapshot());
    assert!(
        r.stdout.contains("error[version-not-bumped]"),
        "{}",
        r.stdout
    );
}

#[test]
fn the_first_commit_has_no_base_and_needs_no_bump() {
    let t = CliTest::new();
    t.git(&["init", "-q", "-b", "main"]);
    t.write(PATH, sla());
    t.git(&["add", "-A"]);
    let r = t.run(&["check", TODAY, "--staged", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.snapshot());
    let v = json(&r);
    // A new agreement is an addition: the provider will have to approve it.
    assert_eq!(
        (v["base"].as_str(), v["verdict"].as_str()),
        (Some("EMPTY"), Some("needs-approval"))
    );
    assert_eq!(rules(&v), ["document-added", "approval-missing"]);
}

#[test]
fn an_invalid_head_fails() {
    let t = repo(&[(PATH, &sla())]);
    t.write(
        PATH,
        edited(&[
            BUMPED,
            ENTRY,
            ("target: \">= 99.9%\"", "target: \"at least 99.9%\""),
        ]),
    );
    let r = t.run(&["check", TODAY, "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.snapshot());
    let v = json(&r);
    assert_eq!(v["verdict"], "fail");
    assert_eq!(v["documents"][0]["valid"], false);
    assert!(
        v["missing"][0]
            .as_str()
            .unwrap()
            .starts_with("`acme-crm` must validate"),
        "{v}"
    );
}

/// The fixture's `leads-qualified` objective owed by the customer (a Sales-Marketing SLA).
const CUSTOMER_OWED: (&str, &str) = (
    "      indicator: custom\n      target: \">= 60%\"\n",
    "      indicator: custom\n      owedBy: customer\n      target: \">= 60%\"\n",
);

#[test]
fn a_customer_owed_objective_is_judged_for_the_provider_and_binds_the_other_party() {
    let t = repo(&[(PATH, &edited(&[CUSTOMER_OWED]))]);
    // Raised: stronger for the provider, who is owed it; so it needs the customer, who must
    // now deliver more (a provider-owed strengthening needs the provider, see above).
    let raised = (
        "owedBy: customer\n      target: \">= 60%\"",
        "owedBy: customer\n      target: \">= 70%\"",
    );
    t.write(PATH, edited(&[CUSTOMER_OWED, raised, BUMPED, ENTRY]));
    let v = json(&t.run(&["check", TODAY, "--format", "json"]));
    assert_eq!(rules(&v), ["target-strengthened", "approval-missing"]);
    assert!(
        v["findings"][0]["message"]
            .as_str()
            .unwrap()
            .ends_with("(owed by the customer: judged for the provider)"),
        "{}",
        v["findings"][0]["message"]
    );
    let doc = &v["documents"][0];
    assert_eq!(doc["classes"], serde_json::json!({"strengthened": 1}));
    assert_eq!(doc["customer_owed"], serde_json::json!({"strengthened": 1}));
    let parties = doc["parties"].as_array().unwrap();
    assert_eq!(
        (parties[0]["role"].as_str(), parties[0]["needed"].as_bool()),
        (Some("provider"), Some(false))
    );
    assert_eq!(
        (parties[1]["role"].as_str(), parties[1]["needed"].as_bool()),
        (Some("customer"), Some(true))
    );
    assert_eq!(parties[1]["classes"], serde_json::json!(["strengthened"]));
    // Lowered: weaker for the provider. Under `approvals.weakened: [customer]` (the party a
    // weakening is owed to must agree) that is the provider, not the customer.
    t.write(
        ".slagate.yaml",
        "changeControl:\n  approvals:\n    weakened: [customer]\n",
    );
    t.git(&["add", "-A"]);
    t.git(&["commit", "-q", "-m", "policy"]);
    let lowered = (
        "owedBy: customer\n      target: \">= 60%\"",
        "owedBy: customer\n      target: \">= 50%\"",
    );
    t.write(PATH, edited(&[CUSTOMER_OWED, lowered, BUMPED, ENTRY]));
    let v = json(&t.run(&["check", TODAY, "--format", "json"]));
    assert_eq!(rules(&v)[0], "target-weakened", "{v:#}");
    let doc = &v["documents"][0];
    assert_eq!(doc["customer_owed"], serde_json::json!({"weakened": 1}));
    let parties = doc["parties"].as_array().unwrap();
    assert_eq!(
        (parties[0]["role"].as_str(), parties[0]["needed"].as_bool()),
        (Some("provider"), Some(true))
    );
    assert_eq!(
        (parties[1]["role"].as_str(), parties[1]["needed"].as_bool()),
        (Some("customer"), Some(false))
    );
}

#[test]
fn a_loosened_policy_is_policy_weakened_and_needs_every_party() {
    let t = repo(&[
        (PATH, &sla()),
        (
            ".slagate.yaml",
            "failOn: error\nchangeControl:\n  weakeningNeeds: parties\n",
        ),
    ]);
    t.write(
        ".slagate.yaml",
        "failOn: never\nchangeControl:\n  weakeningNeeds: provider\n  overrideLabel: sla-ok\n",
    );
    let r = t.run(&["check", TODAY, "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.snapshot());
    let v = json(&r);
    assert_eq!(v["verdict"], "needs-approval");
    let weakened: Vec<(&str, u64)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "policy-weakened")
        .map(|f| (f["message"].as_str().unwrap(), f["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        weakened,
        [
            ("`failOn` raised from `error` to `never`", 1),
            (
                "`changeControl.weakeningNeeds` lowered from `parties` to `provider`",
                3
            ),
            ("override label `sla-ok` introduced", 4)
        ]
    );
    let policy = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["subject"] == "policy")
        .unwrap();
    assert_eq!(policy["parties"].as_array().unwrap().len(), 2, "{policy}");
    // The base policy judges: `failOn: never` of the head does not apply yet.
    t.write(PATH, edited(&[RAISED]));
    assert_eq!(t.run(&["check", TODAY]).code, 1);
    // A malformed head policy fails.
    t.write(PATH, sla());
    t.write(".slagate.yaml", "failOn: sometimes\n");
    let v = json(&t.run(&["check", TODAY, "--format", "json"]));
    assert_eq!(
        (v["verdict"].as_str(), rules(&v).as_slice()),
        (Some("fail"), ["schema-violation".to_string()].as_slice())
    );
}

#[test]
fn a_narrowed_include_drops_files_out_of_the_gate() {
    let t = repo(&[
        (PATH, &sla()),
        (
            "other/ola.sla.yaml",
            &sla().replace("id: acme-crm", "id: other"),
        ),
    ]);
    t.write(".slagate.yaml", "include: ['policies/**/*.sla.yaml']\n");
    let v = json(&t.run(&["check", TODAY, "--format", "json"]));
    assert_eq!(
        v["findings"][0]["message"],
        "1 SLA file is no longer checked by the gate: `other/ola.sla.yaml`"
    );
}

#[test]
fn every_format_carries_the_gate() {
    let t = repo(&[(PATH, &sla())]);
    t.write(PATH, edited(&[LOWERED]));
    let md = t.run(&["check", TODAY, "--format", "markdown"]);
    assert_eq!(md.code, 1);
    assert!(
        md.stdout
            .starts_with("<!-- slagate -->\n### slagate: :x: fail"),
        "{}",
        md.stdout
    );
    assert!(md.stdout.contains("- :x: version raised"), "{}", md.stdout);
    let gh = t.run(&["check", TODAY, "--format", "github"]);
    assert!(
        gh.stdout.lines().any(
            |l| l.starts_with("::error file=policies/acme-crm.sla.yaml,line=5,")
                && l.contains("version-not-bumped")
        ),
        "{}",
        gh.stdout
    );
    assert!(
        gh.stdout
            .lines()
            .any(|l| l.starts_with("::warning ") && l.contains("approval-missing")),
        "{}",
        gh.stdout
    );
    let sarif: serde_json::Value =
        serde_json::from_str(&t.run(&["check", TODAY, "--format", "sarif"]).stdout).unwrap();
    let ids: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"changelog-entry-missing"), "{ids:?}");
}

#[test]
fn help_names_the_flags() {
    let r = CliTest::new().run(&["check", "--help"]);
    assert_eq!(r.code, 0);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn a_weakening_under_adverse_change_notice_needs_an_effective_date_that_far_out() {
    const NOTICE: (&str, &str) = (
        "  changelog:\n",
        "  notice: {adverseChange: 30d}\n  changelog:\n",
    );
    let base = edited(&[NOTICE]);
    let t = repo(&[(PATH, &base)]);
    // The entry is dated 2026-11-01 and has no `effective` date: the weakening takes effect at
    // once, with 30 days of notice owed.
    t.write(PATH, edited(&[NOTICE, LOWERED, BUMPED, ENTRY]));
    let r = t.run(&["check", TODAY, "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.snapshot());
    let v = json(&r);
    assert_eq!(v["verdict"], "fail");
    assert!(
        rules(&v).contains(&"adverse-change-notice-missing".to_string()),
        "{:?}",
        rules(&v)
    );
    assert_eq!(
        v["missing"][0],
        "Give the changelog entry for version `4` of `acme-crm` an `effective` date at least 30d \
         after its date: `notice.adverseChange` owes that notice before a weakening."
    );
    // 2026-11-01 + 30 days = 2026-12-01 (November has 30 days): the notice is given, and what
    // is left is the approvals the pull request will need.
    let effective = (
        "      date: 2026-11-01\n",
        "      date: 2026-11-01\n      effective: 2026-12-01\n",
    );
    t.write(PATH, edited(&[NOTICE, LOWERED, BUMPED, ENTRY, effective]));
    let r = t.run(&["check", TODAY, "--format", "json"]);
    let v = json(&r);
    assert_eq!(v["verdict"], "needs-approval", "{}", r.snapshot());
    assert!(!rules(&v).contains(&"adverse-change-notice-missing".to_string()));
    // One day short (2026-11-30: 29 days) fails again.
    let short = (
        "      date: 2026-11-01\n",
        "      date: 2026-11-01\n      effective: 2026-11-30\n",
    );
    t.write(PATH, edited(&[NOTICE, LOWERED, BUMPED, ENTRY, short]));
    assert_eq!(
        json(&t.run(&["check", TODAY, "--format", "json"]))["verdict"],
        "fail"
    );
}
