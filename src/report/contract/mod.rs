//! `slagate render`: an agreement as the contract a person reads, and the redline between two
//! revisions of it.
//!
//! [`clauses::document`] turns a validated [`SlaDocument`](crate::model::SlaDocument) into a
//! [`Contract`]: numbered sections of clauses, each with a stable key and plain sentences
//! (no YAML keys, no raw codes, quantities in words). [`redline::redline`] matches the clauses
//! of two contracts by key and diffs their words; [`redline::attach`] hangs the comparison's
//! findings (class, impact) on the clauses they concern. [`markdown`] and [`html`] render both
//! and are the only places that escape: a [`Contract`] holds text as the YAML wrote it.
//! Nothing here reads files or git.

pub mod clauses;
pub mod html;
pub mod markdown;
pub mod redline;
pub mod words;

pub use clauses::{Amendment, Block, Clause, Contract, Section, Table, document, document_among};
pub use redline::{
    Attached, ChangeKind, ClauseChange, DocumentChange, Gist, Redline, Segment, SegmentKind,
    attach, redline,
};

#[cfg(test)]
pub(crate) mod tests;
