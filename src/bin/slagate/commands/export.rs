//! `slagate export openslo|sloth`: read the valid agreements and the bindings, map
//! (`slagate::export`), write the documents to stdout or a directory, the notes to stderr.

use std::collections::HashSet;
use std::io::Write;

use anyhow::{Context, anyhow};
use slagate::discover;
use slagate::export::{self, Effect, Format};
use slagate::measure::data::bindings;
use slagate::report as render;

use super::report::{data_error, read_data};
use super::validate::{check_paths, load_policy, only_valid};
use crate::ExitStatus;
use crate::args::{ColorArg, ExportArgs, ExportFormatArg, FailOnArg, FormatArg, OutputArgs};

pub(crate) fn run(args: &ExportArgs, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    let cwd = std::env::current_dir().context("cannot determine the working directory")?;
    let root = discover::find_root(&cwd);
    let output = OutputArgs {
        format: FormatArg::Human,
        color: ColorArg::Auto,
        fail_on: Some(FailOnArg::Error),
    };
    let policy = match load_policy(args.config.as_deref(), &root, &cwd, &output, out)? {
        Ok(p) => p,
        Err(status) => return Ok(status),
    };
    let checked = check_paths(&args.paths, &root, &cwd, &policy, super::today_utc())?;
    let docs = match only_valid(
        checked,
        "slagate export writes only agreements that validate: fix the errors above first",
        out,
    )? {
        Ok(docs) => docs,
        Err(status) => return Ok(status),
    };
    if docs.is_empty() {
        return Err(anyhow!("no agreements found"));
    }
    let bindings = match &args.bindings {
        Some(path) => {
            let (shown, bytes) = read_data(path, &cwd)?;
            Some(bindings::read(&shown, bytes).map_err(data_error)?)
        }
        None => None,
    };
    if let Some(b) = &bindings {
        if let Err(errors) = export::check_bindings(&docs, b) {
            let mut stderr = std::io::stderr().lock();
            for e in &errors {
                writeln!(
                    stderr,
                    "slagate: error: {}",
                    render::escape_terminal(&e.to_string())
                )?;
            }
            return Ok(ExitStatus::Error);
        }
    }
    let format = match args.format {
        ExportFormatArg::Openslo => Format::OpenSlo,
        ExportFormatArg::Sloth => Format::Sloth,
    };
    let result = export::export(format, &docs, bindings.as_ref());

    match &args.out {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            for f in &result.files {
                let path = dir.join(&f.name);
                super::import::write_atomic(&path, &f.text)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                writeln!(out, "wrote {}", path.display())?;
            }
        }
        None => {
            for f in &result.files {
                out.write_all(f.text.as_bytes())?;
            }
        }
    }

    let mut stderr = std::io::stderr().lock();
    for n in &result.notes {
        // A path can hold control characters; a terminal must not act on them.
        writeln!(stderr, "note: {}", render::escape_terminal(&n.to_string()))?;
    }
    let skipped = result
        .notes
        .iter()
        .filter(|n| n.effect == Effect::Skipped)
        .count();
    let partial: HashSet<(&str, &str)> = result
        .notes
        .iter()
        .filter(|n| n.effect == Effect::Partial)
        .map(|n| (n.agreement.as_str(), n.objective.as_str()))
        .collect();
    writeln!(
        stderr,
        "exported {} of {} objectives as {}: {} whole, {} with notes, {} not exported",
        result.exported,
        result.objectives,
        format.as_str(),
        result.exported - partial.len(),
        partial.len(),
        skipped
    )?;
    Ok(if args.strict && !result.is_lossless() {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}
