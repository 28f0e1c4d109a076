//! `slagate validate`: discover, read, check and report SLA files.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use slagate::discover::{self, Matcher};
use slagate::load::{Input, Settings};
use slagate::policy::{self, Policy};
use slagate::report::{self, Outcome, Report};
use slagate::source::Limits;
use slagate::validate;

use super::{parse_today, use_color};
use crate::ExitStatus;
use crate::args::{OutputArgs, ValidateArgs};

/// The path as shown to users: relative to the working directory when below it, else as
/// given. A path that climbs (`../x.sla.yaml`) is shown as given: it is not below the working
/// directory even when it starts with it.
pub(crate) fn display_path(path: &Path, cwd: &Path) -> String {
    let climbs = path
        .components()
        .any(|c| matches!(c, std::path::Component::ParentDir));
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    if climbs {
        return path.display().to_string();
    }
    discover::relative(&abs, cwd).unwrap_or_else(|| path.display().to_string())
}

/// A policy file's bytes, read as SLA files are ([`discover::read_file`]): a link, a FIFO,
/// a device or a file over the byte limit is an error that says so (a policy that could not
/// be read judges nothing), never followed, waited on or read whole.
pub(crate) fn read_policy(path: &Path, root: &Path) -> std::io::Result<Vec<u8>> {
    let limits = Limits::default();
    let abs = std::path::absolute(path)?;
    let content = discover::read_file(&abs, Some(root), limits.max_bytes)?;
    match content.refused {
        None => Ok(content.bytes),
        Some(r) => {
            let shown: Arc<str> = path.display().to_string().into();
            Err(std::io::Error::other(r.diagnostic(&shown, &limits).message))
        }
    }
}

/// Loads the policy: `--config`, else `.slagate.yaml` at the root, else the defaults.
/// A malformed policy is reported in the chosen format and ends the command with exit 2.
pub(crate) fn load_policy(
    config: Option<&Path>,
    root: &Path,
    cwd: &Path,
    output: &OutputArgs,
    out: &mut dyn Write,
) -> anyhow::Result<Result<Policy, ExitStatus>> {
    let (path, required) = match config {
        Some(p) => (p.to_path_buf(), true),
        None => (root.join(policy::FILE_NAME), false),
    };
    let bytes = match read_policy(&path, root) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
            return Ok(Ok(Policy::default()));
        }
        Err(e) => return Err(e).with_context(|| format!("cannot read policy {}", path.display())),
    };
    let shown: Arc<str> = display_path(&path, cwd).into();
    match Policy::load(shown, bytes) {
        Ok(p) => Ok(Ok(p)),
        Err(rejected) => {
            report::render_rejected(
                &rejected,
                output.format.into(),
                use_color(output.color),
                out,
            )?;
            Ok(Err(ExitStatus::Error))
        }
    }
}

/// Reads files on all cores with [`discover::read_file`]: no link followed, nothing but a
/// regular file opened, nothing over the byte limit read (each refusal becomes the file's
/// finding). Below the repository `root`, no directory on the way may be a link either.
pub(crate) fn read_inputs(
    files: &[PathBuf],
    cwd: &Path,
    root: &Path,
    limits: &Limits,
) -> anyhow::Result<Vec<Input>> {
    slagate::parallel::map(files.iter().collect(), |f| {
        let path: Arc<str> = display_path(f, cwd).into();
        let content =
            read_one(f, cwd, root, limits).with_context(|| format!("cannot read {path}"))?;
        Ok(Input::from_content(path, content))
    })
    .into_iter()
    .collect()
}

fn read_one(
    file: &Path,
    cwd: &Path,
    root: &Path,
    limits: &Limits,
) -> std::io::Result<slagate::source::Content> {
    let abs = if file.is_absolute() {
        file.to_path_buf()
    } else {
        cwd.join(file)
    };
    discover::read_file(&abs, Some(root), limits.max_bytes)
}

/// The repository's SLA files other than the `named` ones, read: the context that named
/// files are linted against when they reference it.
pub(crate) fn other_files(
    root: &Path,
    named: &[PathBuf],
    matcher: &Matcher,
    cwd: &Path,
    limits: &Limits,
) -> anyhow::Result<Vec<Input>> {
    let canonical = |p: &PathBuf| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
    let named: std::collections::HashSet<PathBuf> = named.iter().map(canonical).collect();
    let others: Vec<PathBuf> = discover::discover(root, &[], matcher)?
        .into_iter()
        .filter(|p| !named.contains(&canonical(p)))
        .collect();
    read_inputs(&others, cwd, root, limits)
}

/// The files a command read and where from: what [`check_named`] needs to read the rest of
/// the repository.
pub(crate) struct Named<'a> {
    /// Whether the command was given paths (without them, `files` is the whole repository).
    pub any: bool,
    pub files: &'a [PathBuf],
    pub root: &'a Path,
    pub matcher: &'a Matcher,
    pub cwd: &'a Path,
    pub limits: &'a Limits,
}

/// Checks `inputs` as `validate` does: files named on the command line are checked against
/// the repository's other SLA files when they reference them (an OLA names the SLA it
/// supports), so every command that reads agreements accepts an OLA named alone.
pub(crate) fn check_named(
    inputs: Vec<Input>,
    named: &Named<'_>,
    settings: &Settings,
    policy: &Policy,
) -> anyhow::Result<validate::Outcome> {
    let mut context_error = None;
    let context = || {
        if !named.any {
            return Vec::new();
        }
        other_files(
            named.root,
            named.files,
            named.matcher,
            named.cwd,
            named.limits,
        )
        .unwrap_or_else(|e| {
            context_error = Some(e);
            Vec::new()
        })
    };
    let outcome = validate::check_in_context(inputs, context, settings, policy);
    match context_error {
        Some(e) => Err(e.context("cannot read the repository's other SLA files")),
        None => Ok(outcome),
    }
}

/// Discovers, reads and checks the agreements `paths` name (the repository's when none), as
/// [`check_named`] does: what `export`, `render` and `report` read before their own work.
pub(crate) fn check_paths(
    paths: &[PathBuf],
    root: &Path,
    cwd: &Path,
    policy: &Policy,
    today: slagate::model::Date,
) -> anyhow::Result<validate::Outcome> {
    let matcher = Matcher::new(policy)?;
    let files = discover::discover(root, paths, &matcher)?;
    let limits = Limits::default();
    let inputs = read_inputs(&files, cwd, root, &limits)?;
    let named = Named {
        any: !paths.is_empty(),
        files: &files,
        root,
        matcher: &matcher,
        cwd,
        limits: &limits,
    };
    check_named(inputs, &named, &Settings::for_today(today), policy)
}

pub(crate) fn run(args: &ValidateArgs, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    let cwd = std::env::current_dir().context("cannot determine the working directory")?;
    let root = discover::find_root(&cwd);
    let policy = match load_policy(args.config.as_deref(), &root, &cwd, &args.output, out)? {
        Ok(p) => p,
        Err(status) => return Ok(status),
    };
    let today = parse_today(args.today.as_deref())?;
    let matcher = Matcher::new(&policy)?;
    let files = discover::discover(&root, &args.paths, &matcher)?;
    let limits = Limits::default();
    let inputs = read_inputs(&files, &cwd, &root, &limits)?;
    // Each shown path's file, to read a snippet's text back from that file and no other.
    let shown: std::collections::HashMap<Arc<str>, PathBuf> = inputs
        .iter()
        .map(|i| i.path.clone())
        .zip(files.iter().cloned())
        .collect();
    let settings = Settings {
        limits,
        schema_only: args.schema_only,
        today,
    };
    let named = Named {
        any: !args.paths.is_empty(),
        files: &files,
        root: &root,
        matcher: &matcher,
        cwd: &cwd,
        limits: &limits,
    };
    let mut outcome = check_named(inputs, &named, &settings, &policy)?;
    for file in outcome.missing_sources() {
        // Read back the way it was read first (a context file is not among `shown`: it has
        // no findings to quote).
        let Some(path) = shown.get(&file) else {
            continue;
        };
        if let Ok(slagate::source::Content {
            bytes,
            refused: None,
        }) = read_one(path, &cwd, &root, &limits)
        {
            if let Ok(text) = String::from_utf8(bytes) {
                outcome.sources.insert(
                    file.clone(),
                    slagate::source::SourceFile { path: file, text },
                );
            }
        }
    }
    let r = Report {
        diagnostics: &outcome.diagnostics,
        sources: &outcome.sources,
        files: outcome.files,
        documents: outcome.documents,
    };
    report::render(
        &Outcome::Validation(r),
        args.output.format.into(),
        use_color(args.output.color),
        out,
    )?;
    let fail_on = args.output.fail_on.map_or(policy.fail_on, Into::into);
    let status = if outcome.diagnostics.iter().any(|d| fail_on.fails(d.level)) {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    };
    // The process ends with this command: freeing a large repository's documents one by one
    // takes about 50 ms of a single core, for memory the exit returns anyway.
    std::mem::forget(outcome);
    Ok(status)
}

/// The documents that validated, when no file has an error; otherwise the errors are rendered
/// to `out` with `sentence` after them (`slagate report counts only agreements that validate:
/// ...`) and the status is returned. The check's texts and warnings are dropped either way.
pub(crate) fn only_valid(
    checked: slagate::validate::Outcome,
    sentence: &str,
    out: &mut dyn Write,
) -> anyhow::Result<Result<Vec<slagate::model::SlaDocument>, ExitStatus>> {
    if !checked
        .diagnostics
        .iter()
        .any(|d| d.level == slagate::diagnostic::Level::Error)
    {
        return Ok(Ok(checked.valid));
    }
    let mut checked = checked;
    checked
        .diagnostics
        .retain(|d| d.level == slagate::diagnostic::Level::Error);
    let r = slagate::report::Report {
        diagnostics: &checked.diagnostics,
        sources: &checked.sources,
        files: checked.files,
        documents: checked.documents,
    };
    slagate::report::render(
        &slagate::report::Outcome::Validation(r),
        slagate::report::Format::Human,
        false,
        out,
    )?;
    writeln!(out, "{sentence}")?;
    Ok(Err(ExitStatus::Failure))
}
