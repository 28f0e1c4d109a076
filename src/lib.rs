//! slagate: service level agreements as code.
//!
//! The library holds every decision; the `slagate` binary only parses arguments, does I/O at
//! the edges and picks the exit code. Dependencies run one way:
//!
//! `diagnostic`, `source` → `schema` → `model` → `lint`, `diff` → `gate` → `report`.
//!
//! - [`source`]: YAML text with spans, size/depth/alias limits, duplicate-key detection.
//! - [`schema`]: the embedded JSON Schemas and the mapping of their errors back to spans.
//! - [`model`]: the validated, typed SLA model (exact decimal quantities, windows, calendars).
//! - [`lint`]: semantic rules beyond the schema, one file per rule.
//! - [`report`]: renderers for every output format.
//! - [`check`]: the validation pipeline that ties the above together over many files.
//! - [`diff`]: the comparison of two revisions' documents, rule by rule.
//! - [`git`]: reading revisions from the git object database (an I/O edge).
//! - [`compare`]: two revisions read through [`git`] and compared (the edge `diff`, `check`
//!   and `github` share).
//! - [`gate`]: the change-control decision, a pure function of the comparison and the facts
//!   of a pull request.
//! - [`text`]: plurals, backticked lists and did-you-mean, shared by every stage.
//! - [`github`]: the pull-request edge of `slagate github` (async REST client, comments).

pub mod check;
pub mod compare;
pub mod diagnostic;
pub mod diff;
pub mod discover;
pub mod gate;
pub mod git;
pub mod github;
pub mod lint;
pub mod load;
pub mod model;
pub mod parallel;
pub mod policy;
pub mod report;
pub mod schema;
pub mod source;
pub mod text;
pub mod validate;
