//! The seam between the gate's GitHub logic and GitHub itself: [`PullRequests`], one async
//! method per REST call that [`super::facts`] and [`super::publish`] make, in the project's
//! own types ([`super::api`]).
//!
//! [`super::Client`] implements it over HTTP (paths in `rest.rs`, transport in
//! [`super::client`]); the unit tests implement it with a recording fake (`fake.rs`). The
//! trait says nothing about retries, redaction or pagination: those are the transport's, and
//! a list method returns the whole list or an error, never a part of it.

use super::api::{
    AuthenticatedUser, CreatedReview, IssueComment, IssueEvent, NewReview, PrFile, Review,
    ReviewComment, SubmitReview, TeamMembership,
};
use super::client::GitHubError;
use super::event::PullRequestEvent;

/// Which pull request: its repository and number. Comment ids are unique per repository, so
/// the calls on a comment id take one too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PullRef<'a> {
    /// Repository owner (a user or an organization).
    pub owner: &'a str,
    /// Repository name.
    pub repo: &'a str,
    /// The pull request number (also its issue number).
    pub number: u64,
}

impl<'a> PullRef<'a> {
    /// The pull request an event is about.
    pub fn of(event: &'a PullRequestEvent) -> PullRef<'a> {
        PullRef {
            owner: &event.owner,
            repo: &event.repo,
            number: event.number,
        }
    }
}

/// The GitHub calls of `slagate github`. Errors are [`GitHubError`]s, whose
/// [`status`](GitHubError::status), [`is_forbidden`](GitHubError::is_forbidden) and
/// [`is_uncertain`](GitHubError::is_uncertain) the callers decide on.
// The futures are not `Send`: the command drives them on a current-thread runtime, and the
// client keeps its retry budget in `Cell`s. Callers are generic (`&impl PullRequests`), so
// no caller needs to name the futures' auto traits.
#[expect(async_fn_in_trait)]
pub trait PullRequests {
    /// `GET /user`: who the token belongs to. Installation tokens get 403.
    async fn authenticated_user(&self) -> Result<AuthenticatedUser, GitHubError>;

    /// Every review of the pull request, oldest first.
    async fn list_reviews(&self, pr: PullRef<'_>) -> Result<Vec<Review>, GitHubError>;

    /// `login`'s membership of the team `org/team`; 404 when not a member, 403 when the token
    /// may not read the organization's teams.
    async fn team_membership(
        &self,
        org: &str,
        team: &str,
        login: &str,
    ) -> Result<TeamMembership, GitHubError>;

    /// Every event of the pull request's issue (label events among them), oldest first.
    async fn list_issue_events(&self, pr: PullRef<'_>) -> Result<Vec<IssueEvent>, GitHubError>;

    /// Every file the pull request changes, with its patch.
    async fn list_files(&self, pr: PullRef<'_>) -> Result<Vec<PrFile>, GitHubError>;

    /// Every inline review comment of the pull request, oldest first.
    async fn list_review_comments(
        &self,
        pr: PullRef<'_>,
    ) -> Result<Vec<ReviewComment>, GitHubError>;

    /// Creates a review with its inline comments, in one request; without an `event` it is
    /// `PENDING` (visible to its author only; one per user and pull request, a second create
    /// is a 422).
    async fn create_review(
        &self,
        pr: PullRef<'_>,
        review: &NewReview<'_>,
    ) -> Result<CreatedReview, GitHubError>;

    /// Submits the pending review `id`; a 422 when it is not pending (any more).
    async fn submit_review(
        &self,
        pr: PullRef<'_>,
        id: u64,
        submit: &SubmitReview<'_>,
    ) -> Result<CreatedReview, GitHubError>;

    /// Deletes the pending review `id` with its comments; a 422 when it was submitted.
    async fn delete_pending_review(&self, pr: PullRef<'_>, id: u64) -> Result<(), GitHubError>;

    /// Deletes an inline review comment; `Ok` when it is gone already.
    async fn delete_review_comment(&self, pr: PullRef<'_>, id: u64) -> Result<(), GitHubError>;

    /// Every comment on the pull request's conversation, oldest first.
    async fn list_issue_comments(&self, pr: PullRef<'_>) -> Result<Vec<IssueComment>, GitHubError>;

    /// Adds a comment to the pull request's conversation.
    async fn create_issue_comment(
        &self,
        pr: PullRef<'_>,
        body: &str,
    ) -> Result<IssueComment, GitHubError>;

    /// Replaces the body of a conversation comment.
    async fn update_issue_comment(
        &self,
        pr: PullRef<'_>,
        id: u64,
        body: &str,
    ) -> Result<IssueComment, GitHubError>;

    /// Deletes a conversation comment; `Ok` when it is gone already.
    async fn delete_issue_comment(&self, pr: PullRef<'_>, id: u64) -> Result<(), GitHubError>;
}
