//! `slagate render`: agreements as contracts (`slagate::report::contract`), or with `--base`
//! the redline between a revision and the working tree (through `slagate::compare`, as
//! `diff` does). Only agreements that validate are rendered; the findings of those that do
//! not go to stderr. `--out` files are written to a temporary file beside them and renamed,
//! so a reader never sees half a contract.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, anyhow};
use slagate::compare::{Head, Request};
use slagate::diagnostic::{Diagnostic, Level};
use slagate::discover;
use slagate::git::Repo;
use slagate::load::Settings;
use slagate::report::contract::{self, Contract};
use slagate::report::{self as render, Outcome};
use slagate::source::SourceFile;

use super::parse_today;
use super::validate::{check_paths, load_policy};
use crate::ExitStatus;
use crate::args::{ColorArg, FormatArg, OutputArgs, RenderArgs, RenderFormatArg};

/// Findings at error level are printed for the author (human format, on stderr).
fn output() -> OutputArgs {
    OutputArgs {
        format: FormatArg::Human,
        color: ColorArg::Never,
        fail_on: None,
    }
}

pub(crate) fn run(args: &RenderArgs, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    match &args.base {
        Some(base) => redline(args, base, out),
        None => contracts(args, out),
    }
}

/// The errors among `diagnostics`, on stderr; whether there were any.
fn report_errors(
    diagnostics: &[Diagnostic],
    sources: &std::collections::HashMap<Arc<str>, SourceFile>,
    files: usize,
    documents: usize,
) -> anyhow::Result<bool> {
    let errors: Vec<Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.level == Level::Error)
        .cloned()
        .collect();
    if errors.is_empty() {
        return Ok(false);
    }
    let r = render::Report {
        diagnostics: &errors,
        sources,
        files,
        documents,
    };
    let mut err = std::io::stderr().lock();
    render::render(
        &Outcome::Validation(r),
        render::Format::Human,
        false,
        &mut err,
    )?;
    writeln!(
        err,
        "slagate render renders only agreements that validate: fix the errors above first"
    )?;
    Ok(true)
}

fn contracts(args: &RenderArgs, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    let cwd = std::env::current_dir().context("cannot determine the working directory")?;
    let root = discover::find_root(&cwd);
    let mut stderr = std::io::stderr().lock();
    let policy = match load_policy(args.config.as_deref(), &root, &cwd, &output(), &mut stderr)? {
        Ok(p) => p,
        Err(status) => return Ok(status),
    };
    drop(stderr);
    let today = parse_today(args.today.as_deref())?;
    let checked = check_paths(&args.paths, &root, &cwd, &policy, today)?;
    if report_errors(
        &checked.diagnostics,
        &checked.sources,
        checked.files,
        checked.documents,
    )? {
        return Ok(ExitStatus::Failure);
    }
    if checked.valid.is_empty() {
        return Err(anyhow!(
            "no agreements found{}",
            if args.paths.is_empty() {
                " in the repository"
            } else {
                ""
            }
        ));
    }
    let contracts: Vec<Contract> = checked
        .valid
        .iter()
        .map(|d| contract::document_among(d, &checked.valid))
        .collect();
    match (&args.out, args.format) {
        (Some(dir), format) => {
            let ext = extension(format);
            for c in &contracts {
                let text = match format {
                    RenderFormatArg::Markdown => contract::markdown::contract(c),
                    RenderFormatArg::Html => contract::html::contract(c),
                };
                let path = dir.join(format!("{}.{ext}", c.id));
                write_atomically(dir, &path, text.as_bytes())?;
                writeln!(out, "wrote {}", path.display())?;
            }
        }
        (None, RenderFormatArg::Markdown) => {
            let texts: Vec<String> = contracts.iter().map(contract::markdown::contract).collect();
            out.write_all(texts.join("\n---\n\n").as_bytes())?;
        }
        (None, RenderFormatArg::Html) => {
            out.write_all(contract::html::contracts(&contracts).as_bytes())?;
        }
    }
    Ok(ExitStatus::Success)
}

fn extension(f: RenderFormatArg) -> &'static str {
    match f {
        RenderFormatArg::Markdown => "md",
        RenderFormatArg::Html => "html",
    }
}

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename, so
/// the file is either the old one or the whole new one.
fn write_atomically(dir: &Path, path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("render");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("cannot write {}", path.display()));
    }
    Ok(())
}

fn redline(args: &RenderArgs, base: &str, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    let cwd = std::env::current_dir().context("cannot determine the working directory")?;
    let repo = Repo::discover(&cwd)?;
    let pathspecs = super::compare::pathspecs(&args.paths, &cwd, repo.root())?;
    let request = Request {
        base,
        head: Head::WorkTree,
        unborn_ok: false,
        pathspecs: &pathspecs,
        policy: super::compare::policy_source(args.config.as_deref(), &repo, &cwd)?,
        settings: Settings::for_today(parse_today(args.today.as_deref())?),
    };
    let mut stderr = std::io::stderr().lock();
    let comparison = match super::compare::run(&repo, &request, &output(), &mut stderr)? {
        Ok(c) => c,
        Err(status) => return Ok(status),
    };
    drop(stderr);
    if report_errors(
        &comparison.validation,
        &comparison.sources,
        comparison.files,
        comparison.documents,
    )? {
        return Ok(ExitStatus::Failure);
    }
    let redlines =
        contract::redline::documents(&comparison.base, &comparison.head, &comparison.changes);
    // For people: `main (ca37c85)` and `the working tree`, not `WORKTREE`.
    let base_label = if comparison.sides.base_label == base {
        base.to_string()
    } else {
        format!("{base} ({})", comparison.sides.base_label)
    };
    let head_label = "the working tree";
    let (base_label, head_label) = (base_label.as_str(), head_label);
    match (&args.out, args.format) {
        (Some(dir), format) => {
            let ext = extension(format);
            for r in &redlines {
                let one = std::slice::from_ref(r);
                let text = match format {
                    RenderFormatArg::Markdown => {
                        contract::markdown::redlines(one, base_label, head_label)
                    }
                    RenderFormatArg::Html => contract::html::redlines(one, base_label, head_label),
                };
                let path = dir.join(format!("{}.redline.{ext}", r.id));
                write_atomically(dir, &path, text.as_bytes())?;
                writeln!(out, "wrote {}", path.display())?;
            }
            if redlines.is_empty() {
                writeln!(
                    out,
                    "no agreement changed between {base_label} and {head_label}"
                )?;
            }
        }
        (None, RenderFormatArg::Markdown) => {
            let md = contract::markdown::redlines(&redlines, base_label, head_label);
            out.write_all(md.as_bytes())?;
        }
        (None, RenderFormatArg::Html) => {
            let page = contract::html::redlines(&redlines, base_label, head_label);
            out.write_all(page.as_bytes())?;
        }
    }
    Ok(ExitStatus::Success)
}
