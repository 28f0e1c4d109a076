//! The GitHub edge of `slagate github`: the event, the REST client, the facts the gate needs
//! (reviews, team memberships, label events) and the comments it writes.
//!
//! This is I/O and async (tokio, octocrab); the decisions stay in [`crate::gate`], and the
//! parts here that decide anything are pure and tested on their own: [`event`] (payload →
//! pull request), [`review`] (which findings go on which diff line, fingerprints, what to
//! create and delete) and [`summary`] (which comment is ours, the length limit).
//! [`facts`] and [`publish`] talk to GitHub through [`client`], and only through it.
//!
//! Nothing here prints. Problems worth telling are returned as values ([`publish::Notice`]);
//! failures are [`client::GitHubError`], whose messages never hold the token.

pub mod api;
pub mod client;
pub mod event;
pub mod facts;
pub mod publish;
pub mod review;
pub mod summary;

pub use client::{Client, GitHubError, RetryPolicy};
pub use event::{Environment, EventName, PullRequestEvent};
