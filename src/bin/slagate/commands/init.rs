//! `slagate init`: a starter repository of agreements, its policy, workflow and hooks.
//!
//! The texts are files beside this one (`init/`), included at build time; `{{today}}` in the
//! agreements becomes the start and review date. The workflow and the pre-commit config name
//! the release of this version (`v` + Cargo.toml's version; `tests/cli/init.rs` checks it).
//! The templates are not named `*.sla.yaml`, so that discovery in this repository does not
//! take them (with their placeholders) for agreements.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use crate::ExitStatus;
use crate::args::{InitArgs, InitKind};

const CUSTOMER_SLA: &str = include_str!("init/customer-sla.yaml");
const CUSTOMER_OLA: &str = include_str!("init/customer-ola.yaml");
const INTERNAL_SLA: &str = include_str!("init/internal-sla.yaml");
const POLICY: &str = include_str!("init/slagate.yaml");
const WORKFLOW: &str = include_str!("init/workflow.yml");
const PRE_COMMIT: &str = include_str!("init/pre-commit-config.yaml");

/// The schema file the agreements' modeline points at, relative to the directory.
const SCHEMA_PATH: &str = "schemas/sla.schema.json";

/// The files `init` writes for `kind`: path relative to the directory, and content.
fn starter(kind: InitKind, today: &str) -> Vec<(&'static str, String)> {
    let dated = |text: &str| text.replace("{{today}}", today);
    let mut files = match kind {
        InitKind::Customer => vec![
            ("agreements/example-saas.sla.yaml", dated(CUSTOMER_SLA)),
            ("agreements/example-platform.ola.yaml", dated(CUSTOMER_OLA)),
        ],
        InitKind::Internal => vec![("agreements/sales-marketing.sla.yaml", dated(INTERNAL_SLA))],
    };
    let mut schema = slagate::schema::SLA_SCHEMA.to_owned();
    if !schema.ends_with('\n') {
        schema.push('\n');
    }
    files.extend([
        (SCHEMA_PATH, schema),
        (".slagate.yaml", POLICY.to_owned()),
        (".github/workflows/slagate.yml", WORKFLOW.to_owned()),
        (".pre-commit-config.yaml", PRE_COMMIT.to_owned()),
    ]);
    files
}

/// `rel` as the user finds it: under DIR, or as it is when DIR is the current directory.
fn shown(dir: &Path, rel: &str) -> std::path::PathBuf {
    if dir == Path::new(".") {
        Path::new(rel).to_path_buf()
    } else {
        dir.join(rel)
    }
}

pub(crate) fn run(args: &InitArgs, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    let today = super::parse_today(args.today.as_deref())?.to_string();
    let files = starter(args.kind, &today);
    let dir = &args.dir;

    // Everything is checked before anything is written, so a refusal leaves DIR as it was.
    let mut existing = Vec::new();
    for (rel, _) in &files {
        let path = dir.join(rel);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_file() => existing.push(*rel),
            // A link, a directory or a device is never written through, even with --force.
            Ok(_) => anyhow::bail!(
                "{} exists and is not a regular file; nothing was written",
                path.display()
            ),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("{}", path.display())),
        }
    }
    if !existing.is_empty() && !args.force {
        anyhow::bail!(
            "{} already exist{} in {}: {}; nothing was written (--force overwrites {})",
            if existing.len() == 1 {
                "a file"
            } else {
                "files"
            },
            if existing.len() == 1 { "s" } else { "" },
            dir.display(),
            existing.join(", "),
            if existing.len() == 1 { "it" } else { "them" },
        );
    }

    for (rel, text) in &files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        let verb = if existing.contains(rel) {
            "overwrote"
        } else {
            "wrote"
        };
        writeln!(out, "{verb} {}", shown(dir, rel).display())?;
    }
    let cd = if dir == Path::new(".") {
        String::new()
    } else {
        format!("cd {} && ", dir.display())
    };
    writeln!(
        out,
        "\nnext: edit the agreements (every field is described on hover in an editor with the \
         YAML language server), then:\n  {cd}git init && slagate validate && slagate check\n\
         `pre-commit install` runs validate and check before each commit; pushed to GitHub, the \
         workflow gates every pull request (make its job `slagate` a required check)."
    )?;
    Ok(ExitStatus::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_agreement_starts_with_the_modeline_of_the_schema_it_writes() {
        for kind in [InitKind::Customer, InitKind::Internal] {
            let files = starter(kind, "2026-12-02");
            assert!(files.iter().any(|(p, _)| *p == SCHEMA_PATH));
            let agreements: Vec<_> = files
                .iter()
                .filter(|(p, _)| p.starts_with("agreements/"))
                .collect();
            assert!(!agreements.is_empty());
            for (path, text) in agreements {
                // agreements/x.yaml -> ../schemas/sla.schema.json
                let modeline = format!("# yaml-language-server: $schema=../{SCHEMA_PATH}\n");
                assert!(text.starts_with(&modeline), "{path}");
                assert!(!text.contains("{{"), "{path}: a placeholder is left");
                assert!(text.contains("2026-12-02"), "{path}");
            }
        }
    }
}
