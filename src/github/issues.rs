//! The seam between the governance run and GitHub's issues: [`Issues`], one async method per
//! REST call that [`super::governance`] makes, in the project's own types ([`super::api`]).
//!
//! [`super::Client`] implements it over HTTP (paths in `rest.rs`); the unit tests implement it
//! with the recording fake (`fake.rs`). As for [`super::PullRequests`], a list method returns
//! the whole list or an error, never a part of it.

use super::api::{Issue, IssueComment, IssueUpdate, NewIssue};
use super::client::GitHubError;

/// Which repository.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RepoRef<'a> {
    /// Repository owner (a user or an organization).
    pub owner: &'a str,
    /// Repository name.
    pub repo: &'a str,
}

/// The GitHub calls of the governance run.
// Not `Send`, as for `PullRequests`: driven on a current-thread runtime.
#[expect(async_fn_in_trait)]
pub trait Issues {
    /// Every issue of the repository, open and closed, that carries `label`, oldest first
    /// (pull requests with that label among them: they carry `pull_request`).
    async fn list_issues_with_label(
        &self,
        repo: RepoRef<'_>,
        label: &str,
    ) -> Result<Vec<Issue>, GitHubError>;

    /// Opens an issue.
    async fn create_issue(
        &self,
        repo: RepoRef<'_>,
        issue: &NewIssue<'_>,
    ) -> Result<Issue, GitHubError>;

    /// Changes an issue's body or state (what the update sets).
    async fn update_issue(
        &self,
        repo: RepoRef<'_>,
        number: u64,
        update: &IssueUpdate<'_>,
    ) -> Result<Issue, GitHubError>;

    /// Adds a comment to an issue.
    async fn comment_on_issue(
        &self,
        repo: RepoRef<'_>,
        number: u64,
        body: &str,
    ) -> Result<IssueComment, GitHubError>;
}
