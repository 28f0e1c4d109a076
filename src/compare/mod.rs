//! THE revision comparison: `slagate diff`, `slagate check` and `slagate github` all call
//! [`compare`], and nothing else reads or judges two revisions.
//!
//! [`compare`] resolves the revisions ([`revisions`]: `merge-base:`, the unborn `HEAD`, the
//! index, the work tree), reads the policy that judges ([`policy`]: the base revision's at any
//! path, or a `--config` file), loads both sides through the one loader ([`crate::load`]),
//! diffs them ([`crate::diff`]), checks the head ([`crate::lint`]), judges the change of the
//! policy file itself, and hands back a [`Comparison`] that holds everything the gate and the
//! reports need: the documents, the findings, the per-document head state and the approvers.
//!
//! The cost follows the change: only SLA files that differ between the revisions are read and
//! parsed. Other head files are read in two cases only, found by `git grep` for the ids
//! concerned ([`diff::lookup`]): a document id that a changed file lost (it may have moved to
//! a file whose content did not change) or gained (it may collide with an existing one), and
//! documents related to the changed ones through `supports`. Every SLA file of the base is
//! read only when the policy is loosened, whose approvers are those of every document.

pub mod policy;
pub mod reviewed;
pub mod revisions;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::diagnostic::{Code, Diagnostic};
use crate::diff;
use crate::discover::{DiscoverError, Matcher};
use crate::git::{FileRef, GitError, Repo, Tree};
use crate::lint::{self, LintContext};
use crate::load::{self, Input, Loaded, Rejected, Settings, Side};
use crate::model::SlaDocument;
use crate::policy::Policy;
use crate::source::{Content, SourceFile};

pub use policy::PolicySource;
pub use reviewed::{DocumentChange, Since, since};
pub use revisions::{Head, Sides, resolve};

/// Why a comparison could not be made (a tool failure, exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    /// git failed.
    #[error(transparent)]
    Git(#[from] GitError),
    /// A glob of the policy is malformed.
    #[error(transparent)]
    Glob(#[from] DiscoverError),
    /// The policy that judges the comparison is malformed: its findings, to be reported.
    #[error("the policy {} is malformed", .0.source.path)]
    Policy(Box<Rejected>),
}

/// What to compare.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// `REV`, or `merge-base:REV` for the merge base of `REV` and the head.
    pub base: &'a str,
    /// The head: a revision, the index or the work tree.
    pub head: Head<'a>,
    /// A base of `HEAD` in a repository without commits is the empty tree (for `check`).
    pub unborn_ok: bool,
    /// Repository-relative pathspecs that limit the comparison (none: everything).
    pub pathspecs: &'a [String],
    /// Where the judging policy comes from.
    pub policy: PolicySource,
    /// Loader limits and today's date.
    pub settings: Settings,
}
/// What two revisions' SLAs look like side by side, and everything judged about them.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// The revisions compared.
    pub sides: Sides,
    /// The policy that judges (the base revision's, or the `--config` file), with its levels
    /// applied to the findings below.
    pub policy: Policy,
    /// The policy file whose change between the revisions is judged, when there is one.
    pub policy_file: Option<String>,
    /// Things worth saying that are not findings (a configured policy file that is missing).
    pub notices: Vec<String>,
    /// Base documents of the SLA files that changed.
    pub base: Vec<SlaDocument>,
    /// Head documents of the SLA files that changed, and base documents that moved into an
    /// unchanged head file.
    pub head: Vec<SlaDocument>,
    /// Findings about the head's validity (schema, lint, a malformed head policy file), with
    /// the policy's levels applied, by file and position.
    pub validation: Vec<Diagnostic>,
    /// The revision diff with the policy's levels applied, then `policy-weakened` findings.
    pub changes: Vec<Diagnostic>,
    /// The ids of the documents the revision diff reports, before rule levels and before the
    /// additions and removals that a load failure explains are dropped
    /// ([`crate::gate::GateInput::changed`]).
    pub changed: HashSet<String>,
    /// Head documents (by id), and head files (as `file:PATH`), that did not load: they cannot
    /// be compared, and their base revisions are not reported as removed.
    pub unreadable: HashSet<String>,
    /// Every document of the base revision, read only when `changes` holds a
    /// `policy-weakened` finding (empty otherwise).
    pub repository: Vec<SlaDocument>,
    /// Texts of the head files that changed (for snippets).
    pub sources: HashMap<Arc<str>, SourceFile>,
    /// SLA files compared (changed on either side).
    pub files: usize,
    /// Documents compared.
    pub documents: usize,
}

impl Comparison {
    /// The revision findings, then the head's validity findings, each document's together:
    /// what `slagate diff` reports.
    pub fn findings(&self) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = self
            .changes
            .iter()
            .chain(&self.validation)
            .cloned()
            .collect();
        group_by_document(&mut all);
        all
    }

    /// The approvers the base revision names, for every document the gate may ask about
    /// (the changed ones, and every document when the policy is loosened): what the
    /// pull request's facts must resolve (team memberships).
    pub fn approvers(&self) -> Vec<String> {
        self.base
            .iter()
            .chain(&self.repository)
            .flat_map(|d| [&d.spec.provider, &d.spec.customer])
            .flat_map(|p| p.approvers.iter().map(|a| a.value.clone()))
            .collect()
    }
}

fn ids(docs: &[SlaDocument]) -> HashSet<&str> {
    docs.iter().map(|d| d.id.value.as_str()).collect()
}

/// Reads files by blob id (or from the work tree) into loader inputs.
fn read(repo: &Repo, refs: &[FileRef]) -> Result<Vec<Input>, GitError> {
    let contents = repo.read_refs(refs)?;
    Ok(refs
        .iter()
        .zip(contents)
        .filter_map(|(f, b)| b.map(|content| Input::from_content(f.path.as_str().into(), content)))
        .collect())
}

fn inputs(paths: &[String], contents: Vec<Option<Content>>) -> Vec<Input> {
    paths
        .iter()
        .zip(contents)
        .filter_map(|(p, b)| b.map(|content| Input::from_content(p.as_str().into(), content)))
        .collect()
}

/// Compares two revisions as `request` says: resolves them, reads the judging policy, loads
/// the SLA files that changed on both sides, diffs them, checks the head, and judges the
/// change of the policy file. Each step is one function below, in this order.
pub fn compare(repo: &Repo, request: &Request<'_>) -> Result<Comparison, CompareError> {
    let sides = revisions::resolve(repo, request.base, request.head, request.unborn_ok)?;
    let (policy, notice) = policy::judging(repo, &sides.base, &request.policy)?;
    let matcher = Matcher::new(&policy)?;
    let settings = &request.settings;
    let (base_refs, head_refs) = changed_files(repo, &sides, request.pathspecs, &matcher)?;

    // Read the head (git decompresses in its own process) while the base is parsed.
    let (base_files, head_inputs) = std::thread::scope(|s| {
        let head = s.spawn(|| read(repo, &head_refs));
        let base = read(repo, &base_refs).map(|i| load::load_side(i, Side::Base, settings));
        (
            base,
            head.join().expect("the reading thread does not panic"),
        )
    });
    let (base_files, head_inputs) = (base_files?, head_inputs?);
    let changed_files: HashSet<Arc<str>> = head_inputs.iter().map(|i| i.path.clone()).collect();
    let head_paths: Vec<Arc<str>> = head_inputs.iter().map(|i| i.path.clone()).collect();
    let head = HeadFiles::assemble(&head_paths, load::load_all(head_inputs, settings));

    let mut base_docs: Vec<SlaDocument> = Vec::new();
    let mut invalid_base: HashSet<String> = HashSet::new();
    for f in base_files {
        base_docs.extend(f.documents);
        invalid_base.extend(f.invalid_ids);
    }
    let mut out = Comparison {
        files: base_refs.len().max(head_refs.len()),
        documents: 0,
        sides,
        policy,
        policy_file: request.policy.repo_path().map(str::to_string),
        notices: notice.into_iter().collect(),
        base: base_docs,
        head: Vec::new(),
        validation: head.validation,
        changes: Vec::new(),
        changed: HashSet::new(),
        unreadable: head.unreadable,
        repository: Vec::new(),
        sources: head.sources,
    };
    let others = diff_and_lookup(
        repo,
        &mut out,
        head.documents,
        &matcher,
        &changed_files,
        settings,
    )?;
    drop_explained(&mut out.changes, &invalid_base, &out.unreadable);
    lint_head(&mut out, others, &changed_files, settings);
    judge_policy_file(repo, request, &matcher, &mut out)?;
    Ok(out)
}

/// The SLA files that changed, as the base's and the head's blob references, by path. An
/// identical rename between SLA paths has nothing to compare.
fn changed_files(
    repo: &Repo,
    sides: &Sides,
    pathspecs: &[String],
    matcher: &Matcher,
) -> Result<(Vec<FileRef>, Vec<FileRef>), GitError> {
    let mut base_refs = Vec::new();
    let mut head_refs = Vec::new();
    for c in repo.changed(&sides.base, &sides.head, pathspecs)? {
        let b = c.base.filter(|p| matcher.matches(p));
        let h = c.head.filter(|p| matcher.matches(p));
        if c.identical && b.is_some() && h.is_some() {
            continue;
        }
        base_refs.extend(b.map(|path| FileRef {
            path,
            blob: c.base_blob,
            link: c.base_link,
        }));
        head_refs.extend(h.map(|path| FileRef {
            path,
            blob: c.head_blob,
            link: c.head_link,
        }));
    }
    for refs in [&mut base_refs, &mut head_refs] {
        refs.sort_by(|a, b| a.path.cmp(&b.path));
        refs.dedup_by(|a, b| a.path == b.path);
    }
    Ok((base_refs, head_refs))
}

/// The loaded head files of the change, merged.
struct HeadFiles {
    documents: Vec<SlaDocument>,
    validation: Vec<Diagnostic>,
    sources: HashMap<Arc<str>, SourceFile>,
    unreadable: HashSet<String>,
}

impl HeadFiles {
    /// Merges the loaded files. Head documents that do not validate cannot be compared; their
    /// findings say why, and their base revisions are not reported as removed.
    fn assemble(paths: &[Arc<str>], loaded: Vec<Loaded>) -> HeadFiles {
        let mut h = HeadFiles {
            documents: Vec::new(),
            validation: Vec::new(),
            sources: HashMap::new(),
            unreadable: HashSet::new(),
        };
        for (path, l) in paths.iter().zip(loaded) {
            if l.documents.len() < l.document_count || l.source.is_none() || l.document_count == 0 {
                h.unreadable
                    .extend(l.diagnostics.iter().filter_map(|d| d.document.clone()));
                // No document built, or one failed without an id to tell which: none of the
                // file's base documents can be called removed.
                if l.documents.is_empty() || l.diagnostics.iter().any(|d| d.document.is_none()) {
                    h.unreadable.insert(format!("file:{path}"));
                }
            }
            h.documents.extend(l.documents);
            h.validation.extend(l.diagnostics);
            if let Some(s) = l.source {
                h.sources.insert(s.path.clone(), s);
            }
        }
        h
    }
}

/// Diffs the base with the head documents, looking in the head's other SLA files only for what
/// the change makes necessary: a removed id found in an unchanged head file moved there, and
/// is compared with that. Sets `out.head`, `out.changes`, `out.changed` and `out.documents`;
/// returns the other head documents that were read, for the lint context.
fn diff_and_lookup(
    repo: &Repo,
    out: &mut Comparison,
    head_docs: Vec<SlaDocument>,
    matcher: &Matcher,
    changed_files: &HashSet<Arc<str>>,
    settings: &Settings,
) -> Result<Vec<SlaDocument>, GitError> {
    let mut changes = diff::diff(&out.base, &head_docs);
    let needles = diff::lookup::needles(&out.base, &head_docs, &changes);
    let others = if needles.is_empty() {
        Vec::new()
    } else {
        other_files(repo, &out.sides.head, &needles, matcher, changed_files)?
    };
    let other_docs: Vec<SlaDocument> = load::load_all(others, settings)
        .into_iter()
        .flat_map(|l: Loaded| l.documents)
        .collect();
    let (base_ids, head_ids) = (ids(&out.base), ids(&head_docs));
    let (moved, others): (Vec<SlaDocument>, Vec<SlaDocument>) =
        other_docs.into_iter().partition(|d| {
            base_ids.contains(d.id.value.as_str()) && !head_ids.contains(d.id.value.as_str())
        });
    let mut all = head_docs;
    if !moved.is_empty() {
        all.extend(moved);
        changes = diff::diff(&out.base, &all);
    }
    out.changed = diff::changed_ids(&changes);
    out.documents = all.len().max(out.base.len());
    out.head = all;
    out.changes = changes;
    Ok(others)
}

/// Drops the additions and removals that a load failure explains: a document added in the
/// head whose base revision did not build, and one "removed" because the head did not load.
fn drop_explained(
    changes: &mut Vec<Diagnostic>,
    invalid_base: &HashSet<String>,
    unreadable: &HashSet<String>,
) {
    changes.retain(|d| match d.code {
        Code::DocumentAdded => !d
            .document
            .as_ref()
            .is_some_and(|id| invalid_base.contains(id)),
        Code::DocumentRemoved => {
            !(d.document
                .as_ref()
                .is_some_and(|id| unreadable.contains(id))
                || unreadable.contains(&format!("file:{}", d.file)))
        }
        _ => true,
    });
}

/// The head must be valid too: load findings of the changed files, and lint findings that
/// concern them (with every document they relate to in view). Then the policy's levels.
fn lint_head(
    out: &mut Comparison,
    others: Vec<SlaDocument>,
    changed_files: &HashSet<Arc<str>>,
    settings: &Settings,
) {
    // The head documents and the others go into one vector, so that the comparison (the
    // first part) and the lint context (all of it) are slices of it, without copies.
    let compared = out.head.len();
    out.head.extend(others);
    let cx = LintContext::new(settings.today, &out.head);
    let touches_change = |d: &Diagnostic| {
        changed_files.contains(&d.file) || d.related.iter().any(|r| changed_files.contains(&r.file))
    };
    let found: Vec<Diagnostic> = lint::lint(&cx).into_iter().filter(touches_change).collect();
    out.validation.extend(found);
    out.validation
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out.policy.apply_levels(&mut out.changes);
    out.policy.apply_levels(&mut out.validation);
    out.head.truncate(compared);
}

/// Judges the change of the policy file, when the pathspecs leave it in view; a loosened policy
/// concerns every agreement, so then every SLA file of the base is read for its approvers.
fn judge_policy_file(
    repo: &Repo,
    request: &Request<'_>,
    matcher: &Matcher,
    out: &mut Comparison,
) -> Result<(), GitError> {
    let Some(path) = out.policy_file.clone() else {
        return Ok(());
    };
    if !policy::in_view(request.pathspecs, &path) {
        return Ok(());
    }
    let base_tree = Tree::Commit(out.sides.base.clone());
    let head_tree = out.sides.head.clone();
    policy::change(repo, &base_tree, &head_tree, &path, out)?;
    if out.changes.iter().any(|d| d.code == Code::PolicyWeakened) {
        let refs: Vec<FileRef> = repo
            .list_refs(&base_tree)?
            .into_iter()
            .filter(|f| matcher.matches(&f.path))
            .collect();
        out.repository = load::load_side(read(repo, &refs)?, Side::Base, &request.settings)
            .into_iter()
            .flat_map(|f| f.documents)
            .collect();
    }
    Ok(())
}

/// Few needles: `git grep`. Many: list the head's SLA files and test each in one pass.
const GREP_NEEDLES: usize = 16;

/// The head's SLA files outside the change that mention one of `needles`, read.
fn other_files(
    repo: &Repo,
    head: &Tree,
    needles: &[String],
    matcher: &Matcher,
    changed: &HashSet<Arc<str>>,
) -> Result<Vec<Input>, GitError> {
    let outside = |p: &String| matcher.matches(p) && !changed.contains(p.as_str());
    if needles.len() <= GREP_NEEDLES {
        let paths: Vec<String> = repo
            .grep(head, needles)?
            .into_iter()
            .filter(outside)
            .collect();
        return Ok(inputs(&paths, repo.read(head, &paths)?));
    }
    let refs: Vec<FileRef> = repo
        .list_refs(head)?
        .into_iter()
        .filter(|f| outside(&f.path))
        .collect();
    let set: HashSet<&str> = needles.iter().map(String::as_str).collect();
    Ok(read(repo, &refs)?
        .into_iter()
        .filter(|i| diff::lookup::mentions(&i.bytes, &set))
        .collect())
}

/// Keeps each document's findings together, documents in order of first appearance.
pub fn group_by_document(diagnostics: &mut [Diagnostic]) {
    let key = |d: &Diagnostic| d.document.clone().unwrap_or_else(|| d.file.to_string());
    let mut first: HashMap<String, usize> = HashMap::new();
    for (i, d) in diagnostics.iter().enumerate() {
        first.entry(key(d)).or_insert(i);
    }
    diagnostics.sort_by_key(|d| first[&key(d)]);
}
