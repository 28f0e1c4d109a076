//! The project's own request and response types for the REST operations it uses: only the
//! fields it reads or sends, so a field GitHub adds or drops elsewhere cannot break a run.

use serde::{Deserialize, Serialize};

/// `simple-user` (the fields we read). `user` is `null` for deleted accounts ("ghost").
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct User {
    /// Login.
    pub login: String,
    /// `User`, `Bot` or `Organization`.
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
}

impl User {
    /// An app or `github-actions[bot]`.
    pub fn is_bot(&self) -> bool {
        self.kind.as_deref() == Some("Bot")
    }
}

/// `issue-comment`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct IssueComment {
    /// Id.
    pub id: u64,
    /// Author.
    pub user: Option<User>,
    /// Markdown body.
    #[serde(default)]
    pub body: Option<String>,
    /// Creation time (ISO 8601).
    #[serde(default)]
    pub created_at: String,
}

/// `pull-request-review-comment`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ReviewComment {
    /// Id.
    pub id: u64,
    /// Author.
    pub user: Option<User>,
    /// Markdown body.
    #[serde(default)]
    pub body: String,
    /// File path.
    #[serde(default)]
    pub path: String,
    /// Head-side line; `null` when the comment is outdated (its line left the diff).
    #[serde(default)]
    pub line: Option<u64>,
    /// The comment this one replies to.
    #[serde(default)]
    pub in_reply_to_id: Option<u64>,
    /// Creation time.
    #[serde(default)]
    pub created_at: String,
}

/// `pull-request-review`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Review {
    /// Id.
    pub id: u64,
    /// Reviewer.
    pub user: Option<User>,
    /// `APPROVED`, `CHANGES_REQUESTED`, `COMMENTED`, `DISMISSED`, `PENDING`.
    pub state: String,
    /// The commit reviewed.
    #[serde(default)]
    pub commit_id: Option<String>,
    /// When it was submitted (absent for pending reviews).
    #[serde(default)]
    pub submitted_at: Option<String>,
    /// Its body (ours ends with [`super::review::review_marker`]).
    #[serde(default)]
    pub body: Option<String>,
}

/// `diff-entry`: a file of a pull request.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PrFile {
    /// Head-side path.
    pub filename: String,
    /// `added`, `modified`, `removed`, `renamed`, ...
    #[serde(default)]
    pub status: String,
    /// The unified diff hunks; absent for binary and very large files.
    #[serde(default)]
    pub patch: Option<String>,
}

/// The label of a label event.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct EventLabel {
    /// Label name.
    pub name: String,
}

/// An issue event (`labeled`, `unlabeled`, and others we skip).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct IssueEvent {
    /// Event type.
    pub event: String,
    /// Who did it.
    #[serde(default)]
    pub actor: Option<User>,
    /// The label, for label events.
    #[serde(default)]
    pub label: Option<EventLabel>,
}

/// `team-membership`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TeamMembership {
    /// `active` or `pending` (an invitation not yet accepted).
    pub state: String,
}

/// The body of `POST /issues/{n}/comments` and `PATCH /issues/comments/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommentBody<'a> {
    /// Markdown.
    pub body: &'a str,
}

/// One inline comment of a new review: a head-side line (`side: RIGHT`), which octocrab's
/// typed `create_review` cannot express.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewReviewComment {
    /// File path.
    pub path: String,
    /// Head-side line number, inside a diff hunk.
    pub line: u64,
    /// Always `RIGHT`.
    pub side: &'static str,
    /// Markdown.
    pub body: String,
}

/// The body of `POST /pulls/{n}/reviews`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewReview<'a> {
    /// The pull request's `head.sha` (never `GITHUB_SHA`).
    pub commit_id: &'a str,
    /// `None`: the review is created `PENDING` (and submitted with [`SubmitReview`]), which
    /// [`super::publish`] uses as a lock. Never `APPROVE` or `REQUEST_CHANGES`: the gate's
    /// verdict is the status check, not a review state.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<&'static str>,
    /// Markdown.
    pub body: &'a str,
    /// The inline comments (at most 30).
    pub comments: &'a [NewReviewComment],
}

/// The body of `POST /pulls/{n}/reviews/{id}/events`: submits a pending review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubmitReview<'a> {
    /// Markdown (the pending review's own body again).
    pub body: &'a str,
    /// Always `COMMENT`.
    pub event: &'static str,
}

/// The answer to creating a review (what we read of it).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CreatedReview {
    /// Id.
    pub id: u64,
    /// Its author: who the token writes as.
    #[serde(default)]
    pub user: Option<User>,
}

/// `GET /user`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AuthenticatedUser {
    /// Login.
    pub login: String,
}

/// `issue` (the fields we read). Pull requests are issues too: they carry `pull_request`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Issue {
    /// Its number.
    pub number: u64,
    /// `open` or `closed`.
    pub state: String,
    /// Title.
    #[serde(default)]
    pub title: String,
    /// Markdown body (`null` when empty).
    #[serde(default)]
    pub body: Option<String>,
    /// Author.
    #[serde(default)]
    pub user: Option<User>,
    /// Present on pull requests only.
    #[serde(default)]
    pub pull_request: Option<serde_json::Value>,
}

impl Issue {
    /// Whether it is open.
    pub fn is_open(&self) -> bool {
        self.state == "open"
    }
}

/// The body of `POST /repos/{owner}/{repo}/issues`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewIssue<'a> {
    /// Title.
    pub title: &'a str,
    /// Markdown.
    pub body: &'a str,
    /// Labels (GitHub creates a label that does not exist yet).
    pub labels: &'a [&'a str],
}

/// The body of `PATCH /repos/{owner}/{repo}/issues/{number}`: only what is set is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct IssueUpdate<'a> {
    /// A new Markdown body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<&'a str>,
    /// `open` or `closed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<&'static str>,
    /// `completed` (closing: nothing is due) or `reopened`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_reason: Option<&'static str>,
}
