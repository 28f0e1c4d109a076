//! slagate: service level agreements as code.
//!
//! The library holds every decision; the `slagate` binary only parses arguments, does I/O at
//! the edges and picks the exit code. Dependencies run one way, bottom to top (the layers of
//! `docs/design.md`, checked by a test):
//!
//! `diagnostic`, `text`, `parallel` → `source` → `model` → `schema` → `load` → `policy` →
//! `discover` → `lint`, `diff` → `validate`, `git` → `compare`, `import`, `measure` → `gate`, `export`, `governance` → `report` → `github`.
//!
//! - [`diagnostic`]: the one output currency, the span types and the code table (one row per
//!   code: name, category, level, summary, class, mirror). Imports nothing of the crate.
//! - [`text`]: plurals, backticked lists and did-you-mean, shared by every stage.
//! - [`parallel`]: the one parallel map (scoped threads, input order kept).
//! - [`source`]: YAML text with spans, size/depth/alias limits, duplicate-key detection.
//! - [`model`]: the validated, typed SLA model (exact decimal quantities, windows, calendars).
//! - [`schema`]: the embedded JSON Schemas and the mapping of their errors back to spans.
//! - [`load`]: the one loader of SLA files, and the one shape of a file that did not load.
//! - [`policy`]: `.slagate.yaml`, loaded with spans.
//! - [`discover`]: which paths are SLA files, and the work-tree walk (an I/O edge).
//! - [`lint`]: semantic rules beyond the schema, one file per rule.
//! - [`diff`]: the comparison of two revisions' documents (and policies), one file per family.
//! - [`validate`]: the validate pipeline over many files.
//! - [`git`]: reading revisions from the git object database (an I/O edge).
//! - [`compare`]: THE revision comparison that `diff`, `check` and `github` call.
//! - [`import`]: published SLAs of other formats (the SLA.directory dataset) to documents,
//!   with an account of every field; checked by the validate pipeline before they are written.
//! - [`measure`]: `slagate report`'s arithmetic: data rows in, attainment, credits and
//!   claim deadlines per objective and window out.
//! - [`gate`]: the change-control decision, a pure function of the comparison and the facts
//!   of a pull request: a verdict and per-document facts, no prose.
//! - [`governance`]: what the scheduled governance run lists: reviews overdue or due soon,
//!   agreements ending or ended, changelogs without the current version, and whom to ask.
//! - [`export`]: `slagate export`: the objectives as OpenSLO v1 or Sloth `prometheus/v1`
//!   documents, with SLI queries from the bindings file, and what did not map, per objective.
//! - [`report`]: renderers for every output format, and the long docs of every code.
//! - [`report`]: renderers for every output format, and the long docs of every code;
//!   `report::contract`: an agreement as the contract people read, and the redline of a change.
//! - [`github`]: the pull-request edge of `slagate github` (the `PullRequests` trait, its
//!   REST client, the planners, the runner's files).

pub mod compare;
pub mod diagnostic;
pub mod diff;
pub mod discover;
pub mod export;
pub mod gate;
pub mod git;
pub mod github;
pub mod governance;
pub mod import;
pub mod lint;
pub mod load;
pub mod measure;
pub mod model;
pub mod parallel;
pub mod policy;
pub mod report;
pub mod schema;
pub mod source;
pub mod text;
pub mod validate;
