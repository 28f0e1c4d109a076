//! The GitHub edge of `slagate github`: the event, the REST client, the facts the gate needs
//! (reviews, team memberships, label events) and the comments it writes.
//!
//! What is where:
//! - [`pulls`]: the trait [`PullRequests`], one async method per GitHub call the gate makes,
//!   in the types of [`api`] (only the fields read or sent). Everything that talks to GitHub
//!   takes `&impl PullRequests`.
//! - [`client`]: the transport, [`Client`] (octocrab raw requests; retry only what is safe,
//!   redact the token, follow `Link`, and return every list whole or an error naming it). `rest.rs` implements [`PullRequests`] for it: which
//!   method and path each call is.
//! - The pure planners, tested on their own: [`event`] (payload → pull request), [`review`]
//!   (which findings go on which diff line, fingerprints, what to create and delete) and
//!   [`summary`] (which comment is ours, the length limit).
//! - [`facts`] and [`publish`] drive the planners through [`PullRequests`]: what the gate
//!   decides on, and what it writes.
//! - [`issues`] and [`governance`]: the scheduled run's edge: the trait [`Issues`] (list
//!   issues by label, create, update, comment), and the pure planner of the one tracking
//!   issue (create, update its body, comment when the list changed, close, reopen), driven
//!   through the trait by [`governance::keep`].
//! - [`runner`]: what goes to the Actions runner as text (workflow commands, the step
//!   summary, the outputs) and the retry overrides of the environment.
//! - `fake.rs` (tests only): a recording [`PullRequests`] with canned data and scripted
//!   failures, for the behaviour tests of [`facts`] and [`publish`]. The HTTP mock in
//!   `tests/support/github/` covers the transport and the end-to-end runs.
//!
//! This is I/O and async (tokio, octocrab); the decisions stay in [`crate::gate`]. Nothing
//! here prints. Problems worth telling are returned as values ([`publish::Notice`]);
//! failures are [`client::GitHubError`], whose messages never hold the token.

pub mod api;
pub mod client;
pub mod event;
pub mod facts;
pub mod governance;
pub mod issues;
pub mod publish;
pub mod pulls;
mod rest;
pub mod review;
pub mod runner;
pub mod summary;

#[cfg(test)]
mod fake;

pub use client::{Client, GitHubError, RetryPolicy};
pub use event::{Environment, EventName, GovernanceEvent, PullRequestEvent};
pub use issues::{Issues, RepoRef};
pub use pulls::{PullRef, PullRequests};
