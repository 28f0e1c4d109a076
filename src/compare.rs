//! Reading two revisions through git and comparing their SLAs: the edge that `slagate diff`,
//! `slagate check` and `slagate github` share.
//!
//! This module does I/O only through [`Repo`]; it decides nothing itself, and hands the
//! pure stages ([`check`], [`diff`], [`lint`], [`gate::policy_changes`]) what they need. The
//! cost follows the change: only SLA files that differ between the revisions are read and
//! parsed. Other head files are read in two cases only, found by `git grep` for the ids
//! concerned ([`diff::lookup`]): a document id that a changed file lost (it may have moved to
//! a file whose content did not change) or gained (it may collide with an existing one), and
//! documents related to the changed ones through `supports`. Every SLA file of the base is
//! read only when `.slagate.yaml` is loosened, whose approvers are those of every document.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::check::{self, Input, Loaded, Settings};
use crate::diagnostic::{Code, Diagnostic};
use crate::diff;
use crate::discover::{DiscoverError, Matcher};
use crate::gate::{self, Context, GateInput};
use crate::git::{FileRef, GitError, Repo, Tree};
use crate::lint::{self, LintContext};
use crate::model::SlaDocument;
use crate::policy::{self, Policy};
use crate::source::SourceFile;

/// Why a comparison could not be made (a tool failure, exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    /// git failed.
    #[error(transparent)]
    Git(#[from] GitError),
    /// A glob of the policy is malformed.
    #[error(transparent)]
    Glob(#[from] DiscoverError),
}

/// What two revisions' SLAs look like side by side.
#[derive(Debug, Clone, Default)]
pub struct Comparison {
    /// Base documents of the SLA files that changed.
    pub base: Vec<SlaDocument>,
    /// Head documents of the SLA files that changed, and base documents that moved into an
    /// unchanged head file.
    pub head: Vec<SlaDocument>,
    /// Findings about the head's validity (schema, lint, a malformed head `.slagate.yaml`),
    /// with the policy's levels applied, by file and position.
    pub validation: Vec<Diagnostic>,
    /// The revision diff with the policy's levels applied, then `policy-weakened` findings.
    pub changes: Vec<Diagnostic>,
    /// The ids of the documents the revision diff reports, before rule levels and before the
    /// additions and removals that a load failure explains are dropped ([`GateInput::changed`]).
    pub changed: HashSet<String>,
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

    /// The gate's input, judged by `policy` (the base revision's).
    pub fn gate_input<'a>(&'a self, policy: &'a Policy, context: &'a Context) -> GateInput<'a> {
        GateInput {
            base: &self.base,
            head: &self.head,
            validation: &self.validation,
            changes: &self.changes,
            changed: &self.changed,
            policy,
            context,
            repository: &self.repository,
        }
    }
}

/// `.slagate.yaml` at a revision.
#[derive(Debug, Clone)]
pub enum PolicyAt {
    /// No policy file: the defaults.
    Absent,
    /// The policy.
    Valid(Policy),
    /// A malformed policy: its findings and its text.
    Invalid(Vec<Diagnostic>, SourceFile),
}

impl PolicyAt {
    /// Parses the bytes of a policy file (`None`: there is none).
    pub fn load(bytes: Option<Vec<u8>>) -> PolicyAt {
        let Some(bytes) = bytes else {
            return PolicyAt::Absent;
        };
        let file: Arc<str> = policy::FILE_NAME.into();
        match Policy::load(file.clone(), bytes.clone()) {
            Ok(p) => PolicyAt::Valid(p),
            Err(d) => PolicyAt::Invalid(
                d,
                SourceFile {
                    path: file,
                    text: String::from_utf8_lossy(&bytes).into_owned(),
                },
            ),
        }
    }
}

/// Reads `.slagate.yaml` of `tree`.
pub fn policy_at(repo: &Repo, tree: &Tree) -> Result<PolicyAt, GitError> {
    Ok(PolicyAt::load(
        repo.read(tree, &[policy::FILE_NAME.to_string()])?
            .pop()
            .flatten(),
    ))
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
        .filter_map(|(f, b)| {
            b.map(|bytes| Input {
                path: f.path.as_str().into(),
                bytes,
            })
        })
        .collect())
}

fn inputs(paths: &[String], contents: Vec<Option<Vec<u8>>>) -> Vec<Input> {
    paths
        .iter()
        .zip(contents)
        .filter_map(|(p, b)| {
            b.map(|bytes| Input {
                path: p.as_str().into(),
                bytes,
            })
        })
        .collect()
}

/// Compares the commit `base` with `head` (a commit, the index or the work tree), limited to
/// `pathspecs` (repository-relative) when there are any, judged by `policy`: its globs say
/// which files are SLAs, its rule levels apply to the findings.
pub fn compare(
    repo: &Repo,
    base: &str,
    head: &Tree,
    pathspecs: &[String],
    policy: &Policy,
    settings: &Settings,
) -> Result<Comparison, CompareError> {
    let matcher = Matcher::new(policy)?;
    let base_tree = Tree::Commit(base.to_string());
    let file_changes = repo.changed(base, head, pathspecs)?;

    // Which side of each change is an SLA file; an identical rename between SLA paths has
    // nothing to compare.
    let mut base_refs = Vec::new();
    let mut head_refs = Vec::new();
    for c in file_changes {
        let b = c.base.filter(|p| matcher.matches(p));
        let h = c.head.filter(|p| matcher.matches(p));
        if c.identical && b.is_some() && h.is_some() {
            continue;
        }
        base_refs.extend(b.map(|path| FileRef {
            path,
            blob: c.base_blob,
        }));
        head_refs.extend(h.map(|path| FileRef {
            path,
            blob: c.head_blob,
        }));
    }
    for refs in [&mut base_refs, &mut head_refs] {
        refs.sort_by(|a, b| a.path.cmp(&b.path));
        refs.dedup_by(|a, b| a.path == b.path);
    }

    // Read the head (git decompresses in its own process) while the base is parsed.
    let (base_files, head_inputs) = std::thread::scope(|s| {
        let head = s.spawn(|| read(repo, &head_refs));
        let base =
            read(repo, &base_refs).map(|inputs| diff::load_base_all(inputs, &settings.limits));
        (
            base,
            head.join().expect("the reading thread does not panic"),
        )
    });
    let (base_files, head_inputs) = (base_files?, head_inputs?);
    let changed_files: HashSet<Arc<str>> = head_inputs.iter().map(|i| i.path.clone()).collect();
    let head_paths: Vec<Arc<str>> = head_inputs.iter().map(|i| i.path.clone()).collect();
    let head_loaded = check::load_all(head_inputs, settings);

    let mut base_docs: Vec<SlaDocument> = Vec::new();
    let mut invalid_base: HashSet<String> = HashSet::new();
    for f in base_files {
        base_docs.extend(f.documents);
        invalid_base.extend(f.invalid_ids);
    }
    let mut head_docs: Vec<SlaDocument> = Vec::new();
    let mut validation: Vec<Diagnostic> = Vec::new();
    let mut sources: HashMap<Arc<str>, SourceFile> = HashMap::new();
    // Head documents that do not validate cannot be compared; their findings say why, and
    // their base revisions are not reported as removed.
    let mut unreadable: HashSet<String> = HashSet::new();
    for (path, l) in head_paths.iter().zip(head_loaded) {
        if l.documents.len() < l.document_count || l.source.is_none() || l.document_count == 0 {
            unreadable.extend(l.diagnostics.iter().filter_map(|d| d.document.clone()));
            if l.documents.is_empty() {
                unreadable.insert(format!("file:{path}"));
            }
        }
        head_docs.extend(l.documents);
        validation.extend(l.diagnostics);
        if let Some(s) = l.source {
            sources.insert(s.path.clone(), s);
        }
    }

    let mut changes = diff::diff(&base_docs, &head_docs);

    // Look in the head's other SLA files only for what the change makes necessary.
    let needles = diff::lookup::needles(&base_docs, &head_docs, &changes);
    let others = if needles.is_empty() {
        Vec::new()
    } else {
        other_files(repo, head, &needles, &matcher, &changed_files)?
    };
    let other_docs: Vec<SlaDocument> = check::load_all(others, settings)
        .into_iter()
        .flat_map(|l: Loaded| l.documents)
        .collect();
    // A removed id found in an unchanged head file moved there: compare with that. The head
    // documents, the moved ones and the others go into one vector, so that the comparison
    // (the first two) and the lint context (all three) are slices of it, without copies.
    let (base_ids, head_ids) = (ids(&base_docs), ids(&head_docs));
    let (moved, others): (Vec<SlaDocument>, Vec<SlaDocument>) =
        other_docs.into_iter().partition(|d| {
            base_ids.contains(d.id.value.as_str()) && !head_ids.contains(d.id.value.as_str())
        });
    let compared = head_docs.len() + moved.len();
    let mut all = head_docs;
    if !moved.is_empty() {
        all.extend(moved);
        changes = diff::diff(&base_docs, &all);
    }
    let changed_ids = gate::changed_ids(&changes);
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

    // The head must be valid too: load findings of the changed files, and lint findings that
    // concern them (with every document they relate to in view).
    all.extend(others);
    let cx = LintContext::new(settings.today, &all);
    let touches_change = |d: &Diagnostic| {
        changed_files.contains(&d.file) || d.related.iter().any(|r| changed_files.contains(&r.file))
    };
    validation.extend(lint::lint(&cx).into_iter().filter(touches_change));
    validation.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    policy.apply_levels(&mut changes);
    policy.apply_levels(&mut validation);
    all.truncate(compared);

    let mut out = Comparison {
        files: base_refs.len().max(head_refs.len()),
        documents: compared.max(base_docs.len()),
        base: base_docs,
        head: all,
        validation,
        changes,
        changed: changed_ids,
        repository: Vec::new(),
        sources,
    };
    if covers_policy(pathspecs) {
        policy_change(repo, &base_tree, head, &mut out)?;
        if out.changes.iter().any(|d| d.code == Code::PolicyWeakened) {
            let refs: Vec<FileRef> = repo
                .list_refs(&base_tree)?
                .into_iter()
                .filter(|f| matcher.matches(&f.path))
                .collect();
            out.repository = diff::load_base_all(read(repo, &refs)?, &settings.limits)
                .into_iter()
                .flat_map(|f| f.documents)
                .collect();
        }
    }
    Ok(out)
}

/// Whether the pathspecs leave `.slagate.yaml` in view (none do limit it, or one names it or
/// the root).
fn covers_policy(pathspecs: &[String]) -> bool {
    pathspecs.is_empty() || pathspecs.iter().any(|p| p == "." || p == policy::FILE_NAME)
}

/// Compares the repository's `.slagate.yaml` of both revisions: a malformed head policy is a
/// validity finding, a looser one gives `policy-weakened` findings.
fn policy_change(
    repo: &Repo,
    base: &Tree,
    head: &Tree,
    out: &mut Comparison,
) -> Result<(), GitError> {
    let name = [policy::FILE_NAME.to_string()];
    let before = repo.read(base, &name)?.pop().flatten();
    let after = repo.read(head, &name)?.pop().flatten();
    if before == after {
        return Ok(());
    }
    // A base policy that does not load judges nothing here: the caller reported it already.
    let base_policy = match PolicyAt::load(before) {
        PolicyAt::Absent => Policy::default(),
        PolicyAt::Valid(p) => p,
        PolicyAt::Invalid(..) => return Ok(()),
    };
    let head_policy = match PolicyAt::load(after) {
        PolicyAt::Absent => Policy::default(),
        PolicyAt::Valid(p) => p,
        PolicyAt::Invalid(diagnostics, source) => {
            out.validation.extend(diagnostics);
            out.sources.insert(source.path.clone(), source);
            return Ok(());
        }
    };
    let paths = if base_policy.include == head_policy.include
        && base_policy.exclude == head_policy.exclude
    {
        Vec::new()
    } else {
        let mut all = repo.list(base)?;
        all.extend(repo.list(head)?);
        all.sort();
        all.dedup();
        all
    };
    out.changes
        .extend(gate::policy_changes(&base_policy, &head_policy, &paths));
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
