//! `slagate diff`: read two revisions through git, load the SLA files that changed, compare
//! them, check the head, and report.
//!
//! The cost follows the change: only SLA files that differ between the revisions are read
//! and parsed. Other head files are read in two cases only, found by `git grep` for the ids
//! concerned: a document id that a changed file lost (it may have moved to a file whose
//! content did not change) or gained (it may collide with an existing one), and documents
//! that changed head documents reference through `supports`, or that reference them.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, bail};
use slagate::check::{self, Input, Loaded, Settings};
use slagate::diagnostic::{Code, Diagnostic};
use slagate::diff;
use slagate::discover::{self, Matcher};
use slagate::git::{FileRef, Repo, Tree};
use slagate::lint::{self, LintContext};
use slagate::model::{Date, SlaDocument};
use slagate::policy::{self, Policy};
use slagate::report::diff::DiffReport;
use slagate::report::{self, Report};
use slagate::source::{Limits, SourceFile};

use super::{today_utc, use_color};
use crate::ExitStatus;
use crate::args::{DiffArgs, OutputArgs};

/// The revisions being compared, resolved.
struct Sides {
    base: Tree,
    head: Tree,
    base_label: String,
    head_label: String,
}

fn resolve(repo: &Repo, args: &DiffArgs) -> anyhow::Result<Sides> {
    let head = match (&args.head, args.staged) {
        (Some(rev), _) => Tree::Commit(repo.resolve(rev)?),
        (None, true) => Tree::Index,
        (None, false) => Tree::WorkTree,
    };
    let base_id = if let Some(rev) = args.base.strip_prefix("merge-base:") {
        let rev_id = repo.resolve(rev)?;
        let (head_name, head_id) = match (&head, &args.head) {
            (Tree::Commit(id), Some(name)) => (name.as_str(), id.clone()),
            _ => ("HEAD", repo.resolve("HEAD")?),
        };
        repo.merge_base(rev, &rev_id, head_name, &head_id)?
    } else {
        repo.resolve(&args.base)?
    };
    let head_label = match &head {
        Tree::Commit(id) => repo.short(id),
        Tree::Index => "INDEX".into(),
        Tree::WorkTree => "WORKTREE".into(),
    };
    Ok(Sides {
        base_label: repo.short(&base_id),
        base: Tree::Commit(base_id),
        head,
        head_label,
    })
}

/// `--config`, else `.slagate.yaml` of the base revision (so a change cannot loosen the
/// policy that judges it), else the defaults. A malformed policy is reported and exits 2.
fn policy(repo: &Repo, base: &Tree, config: Option<&Path>, cwd: &Path, output: &OutputArgs, out: &mut dyn Write) -> anyhow::Result<Result<Policy, ExitStatus>> {
    let (shown, bytes): (Arc<str>, Vec<u8>) = match config {
        Some(path) => {
            let bytes = std::fs::read(path).with_context(|| format!("cannot read policy {}", path.display()))?;
            (super::validate::display_path(path, cwd).into(), bytes)
        }
        None => match repo.read(base, &[policy::FILE_NAME.to_string()])?.pop().flatten() {
            Some(bytes) => (policy::FILE_NAME.into(), bytes),
            None => return Ok(Ok(Policy::default())),
        },
    };
    match Policy::load(shown.clone(), bytes.clone()) {
        Ok(p) => Ok(Ok(p)),
        Err(diags) => {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let sources = HashMap::from([(shown.clone(), SourceFile { path: shown, text })]);
            let r = Report { diagnostics: &diags, sources: &sources, files: 1, documents: 0 };
            report::render(&r, output.format.into(), use_color(output.color), out)?;
            Ok(Err(ExitStatus::Error))
        }
    }
}

/// PATHS as repository-relative pathspecs.
fn pathspecs(paths: &[std::path::PathBuf], cwd: &Path, root: &Path) -> anyhow::Result<Vec<String>> {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    paths
        .iter()
        .map(|p| {
            let abs = if p.is_absolute() { p.clone() } else { cwd.join(p) };
            // Canonicalize what exists (symlinked temp dirs), keep a deleted file's own name.
            let abs = match (std::fs::canonicalize(&abs), abs.parent().and_then(|d| std::fs::canonicalize(d).ok())) {
                (Ok(a), _) => a,
                (Err(_), Some(dir)) => dir.join(abs.file_name().unwrap_or_default()),
                (Err(_), None) => abs,
            };
            match discover::relative(&abs, &root) {
                Some(rel) if rel.is_empty() => Ok(".".to_string()),
                Some(rel) => Ok(rel),
                None => bail!("{} is outside the repository {}", p.display(), root.display()),
            }
        })
        .collect()
}

fn inputs(paths: &[String], contents: Vec<Option<Vec<u8>>>) -> Vec<Input> {
    paths
        .iter()
        .zip(contents)
        .filter_map(|(p, b)| b.map(|bytes| Input { path: p.as_str().into(), bytes }))
        .collect()
}

/// Reads files by blob id (or from the work tree) into loader inputs.
fn read(repo: &Repo, refs: &[FileRef]) -> anyhow::Result<Vec<Input>> {
    let contents = repo.read_refs(refs)?;
    Ok(refs
        .iter()
        .zip(contents)
        .filter_map(|(f, b)| b.map(|bytes| Input { path: f.path.as_str().into(), bytes }))
        .collect())
}

fn ids(docs: &[SlaDocument]) -> HashSet<&str> {
    docs.iter().map(|d| d.id.value.as_str()).collect()
}

pub(crate) fn run(args: &DiffArgs, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    let cwd = std::env::current_dir().context("cannot determine the working directory")?;
    let repo = Repo::discover(&cwd)?;
    let sides = resolve(&repo, args)?;
    let Tree::Commit(base_id) = &sides.base else { unreachable!("the base is always a commit") };
    let policy = match policy(&repo, &sides.base, args.config.as_deref(), &cwd, &args.output, out)? {
        Ok(p) => p,
        Err(status) => return Ok(status),
    };
    let today = match &args.today {
        Some(s) => Date::parse(s).map_err(|e| anyhow::anyhow!("--today: {}", e.message))?,
        None => today_utc(),
    };
    let matcher = Matcher::new(&policy)?;
    let specs = pathspecs(&args.paths, &cwd, repo.root())?;
    let changes = repo.changed(base_id, &sides.head, &specs)?;

    // Which side of each change is an SLA file; an identical rename between SLA paths has
    // nothing to compare.
    let mut base_refs = Vec::new();
    let mut head_refs = Vec::new();
    for c in changes {
        let b = c.base.filter(|p| matcher.matches(p));
        let h = c.head.filter(|p| matcher.matches(p));
        if c.identical && b.is_some() && h.is_some() {
            continue;
        }
        base_refs.extend(b.map(|path| FileRef { path, blob: c.base_blob }));
        head_refs.extend(h.map(|path| FileRef { path, blob: c.head_blob }));
    }
    for refs in [&mut base_refs, &mut head_refs] {
        refs.sort_by(|a, b| a.path.cmp(&b.path));
        refs.dedup_by(|a, b| a.path == b.path);
    }

    let limits = Limits::default();
    let settings = Settings { limits, schema_only: false, today };
    // Read the head (git decompresses in its own process) while the base is parsed.
    let (base_files, head_inputs) = std::thread::scope(|s| {
        let head = s.spawn(|| read(&repo, &head_refs));
        let base = read(&repo, &base_refs).map(|inputs| diff::load_base_all(inputs, &limits));
        (base, head.join().expect("the reading thread does not panic"))
    });
    let (base_files, head_inputs) = (base_files?, head_inputs?);
    let changed_files: HashSet<Arc<str>> = head_inputs.iter().map(|i| i.path.clone()).collect();
    let head_paths_loaded: Vec<Arc<str>> = head_inputs.iter().map(|i| i.path.clone()).collect();
    let head_loaded = check::load_all(head_inputs, &settings);

    let mut base_docs: Vec<SlaDocument> = Vec::new();
    let mut invalid_base: HashSet<String> = HashSet::new();
    for f in base_files {
        base_docs.extend(f.documents);
        invalid_base.extend(f.invalid_ids);
    }
    let mut head_docs: Vec<SlaDocument> = Vec::new();
    let mut findings_of_head: Vec<Diagnostic> = Vec::new();
    let mut sources: HashMap<Arc<str>, SourceFile> = HashMap::new();
    // Head documents that do not validate cannot be compared; their findings say why, and
    // their base revisions are not reported as removed.
    let mut unreadable: HashSet<String> = HashSet::new();
    for (path, l) in head_paths_loaded.iter().zip(head_loaded) {
        if l.documents.len() < l.document_count || l.source.is_none() || l.document_count == 0 {
            unreadable.extend(l.diagnostics.iter().filter_map(|d| d.document.clone()));
            if l.documents.is_empty() {
                unreadable.insert(format!("file:{path}"));
            }
        }
        head_docs.extend(l.documents);
        findings_of_head.extend(l.diagnostics);
        if let Some(s) = l.source {
            sources.insert(s.path.clone(), s);
        }
    }

    let mut diagnostics = diff::diff(&base_docs, &head_docs);

    // Look in the head's other SLA files only for what the change makes necessary.
    let needles = diff::lookup::needles(&base_docs, &head_docs, &diagnostics);
    let others = if needles.is_empty() { Vec::new() } else { other_files(&repo, &sides.head, &needles, &matcher, &changed_files)? };
    let other_docs: Vec<SlaDocument> = check::load_all(others, &settings).into_iter().flat_map(|l: Loaded| l.documents).collect();
    // A removed id found in an unchanged head file moved there: compare with that.
    let (base_ids, head_ids) = (ids(&base_docs), ids(&head_docs));
    let moved: Vec<SlaDocument> = other_docs
        .iter()
        .filter(|d| base_ids.contains(d.id.value.as_str()) && !head_ids.contains(d.id.value.as_str()))
        .cloned()
        .collect();
    let compared = head_docs.len() + moved.len();
    if !moved.is_empty() {
        let mut head_match = head_docs.clone();
        head_match.extend(moved);
        diagnostics = diff::diff(&base_docs, &head_match);
    }
    diagnostics.retain(|d| match d.code {
        Code::DocumentAdded => !d.document.as_ref().is_some_and(|id| invalid_base.contains(id)),
        Code::DocumentRemoved => {
            !(d.document.as_ref().is_some_and(|id| unreadable.contains(id)) || unreadable.contains(&format!("file:{}", d.file)))
        }
        _ => true,
    });

    // The head must be valid too: load findings of the changed files, and lint findings that
    // concern them (with every document they relate to in view).
    let mut context = head_docs;
    context.extend(other_docs);
    let cx = LintContext::new(today, &context);
    let touches_change = |d: &Diagnostic| changed_files.contains(&d.file) || d.related.iter().any(|r| changed_files.contains(&r.file));
    findings_of_head.extend(lint::lint(&cx).into_iter().filter(touches_change));
    findings_of_head.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.extend(findings_of_head);
    policy.apply_levels(&mut diagnostics);
    group_by_document(&mut diagnostics);
    let with_findings: HashSet<&Arc<str>> = diagnostics.iter().map(|d| &d.file).collect();
    sources.retain(|path, _| with_findings.contains(path));

    let r = DiffReport {
        base: &sides.base_label,
        head: &sides.head_label,
        diagnostics: &diagnostics,
        sources: &sources,
        files: base_refs.len().max(head_refs.len()),
        documents: compared.max(base_docs.len()),
    };
    report::diff::render(&r, args.output.format.into(), use_color(args.output.color), out)?;
    let fail_on = args.output.fail_on.map_or(policy.fail_on, Into::into);
    Ok(if diagnostics.iter().any(|d| fail_on.fails(d.level)) { ExitStatus::Failure } else { ExitStatus::Success })
}

/// Few needles: `git grep`. Many: list the head's SLA files and test each in one pass.
const GREP_NEEDLES: usize = 16;

/// The head's SLA files outside the change that mention one of `needles`, read.
fn other_files(repo: &Repo, head: &Tree, needles: &[String], matcher: &Matcher, changed: &HashSet<Arc<str>>) -> anyhow::Result<Vec<Input>> {
    let outside = |p: &String| matcher.matches(p) && !changed.contains(p.as_str());
    if needles.len() <= GREP_NEEDLES {
        let paths: Vec<String> = repo.grep(head, needles)?.into_iter().filter(outside).collect();
        return Ok(inputs(&paths, repo.read(head, &paths)?));
    }
    let refs: Vec<FileRef> = repo.list_refs(head)?.into_iter().filter(|f| outside(&f.path)).collect();
    let set: HashSet<&str> = needles.iter().map(String::as_str).collect();
    Ok(read(repo, &refs)?
        .into_iter()
        .filter(|i| diff::lookup::mentions(&i.bytes, &set))
        .collect())
}

/// Keeps each document's findings together, documents in order of first appearance.
fn group_by_document(diagnostics: &mut [Diagnostic]) {
    let mut first: HashMap<String, usize> = HashMap::new();
    for (i, d) in diagnostics.iter().enumerate() {
        first.entry(d.document.clone().unwrap_or_else(|| d.file.to_string())).or_insert(i);
    }
    diagnostics.sort_by_key(|d| first[&d.document.clone().unwrap_or_else(|| d.file.to_string())]);
}
