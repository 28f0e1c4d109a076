//! `slagate report`'s arithmetic: whether each agreement was kept. Data rows in
//! ([`data`]), per objective and window the covered time, the measured value, attainment, the
//! error budget, the credit owed and the claim deadline out ([`outcome`]).
//!
//! Pure but for one edge: the binary reads the files, [`prometheus`] asks a Prometheus server
//! over HTTP (like `github::client` for GitHub); the rest of this module counts. How it counts
//! follows `../shared/spec/report.md`, with the project's choices in `docs/report.md`.

pub mod availability;
pub mod claims;
pub mod covered;
pub mod credits;
pub mod data;
pub mod intervals;
pub mod outcome;
pub mod period;
pub mod prometheus;
pub mod run;
pub mod tickets;

pub use run::{Agreements, Request, report};

#[cfg(test)]
mod tests;
