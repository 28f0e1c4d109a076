//! A recording [`PullRequests`] for the unit tests of [`super::facts`] and
//! [`super::publish`]: canned reviews, team members, label events, files and comments; every
//! call recorded in order (method, REST path, body); failures scripted per call.
//!
//! Test-only (`#[cfg(test)]`): nothing outside this crate needs it today, and keeping it out
//! of the library keeps it out of the public API and its semver. Writes change the fake's
//! state (a created comment is listed by the next run), so a test can run `publish` twice and
//! see it converge. It checks nothing of GitHub's own rules (lines inside the diff, body
//! limits): that is the HTTP mock's job in `tests/support/github/`.

use std::cell::RefCell;
use std::future::Future;

use super::api::{
    AuthenticatedUser, CreatedReview, EventLabel, Issue, IssueComment, IssueEvent, IssueUpdate,
    NewIssue, NewReview, PrFile, Review, ReviewComment, SubmitReview, TeamMembership, User,
};
use super::client::GitHubError;
use super::event::{EventName, PullRequestEvent};
use super::issues::{Issues, RepoRef};
use super::pulls::{PullRef, PullRequests};
use super::rest;

/// The login a fake's writes are authored by, unless [`FakePullRequests::with_user_token`] says
/// otherwise: an installation token, as on GitHub Actions.
pub(crate) const BOT: &str = "github-actions[bot]";

/// One call of [`PullRequests`], to script a failure for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    User,
    ListReviews,
    TeamMembership,
    ListIssueEvents,
    ListFiles,
    ListReviewComments,
    CreateReview,
    SubmitReview,
    DeletePendingReview,
    DeleteReviewComment,
    ListIssueComments,
    CreateIssueComment,
    UpdateIssueComment,
    DeleteIssueComment,
    ListIssues,
    CreateIssue,
    UpdateIssue,
    CommentOnIssue,
}

/// A recorded call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Call {
    /// `GET`, `POST`, `PATCH` or `DELETE`.
    pub(crate) method: &'static str,
    /// The REST path the client would use.
    pub(crate) path: String,
    /// The Markdown of a comment; the JSON of a review; `None` for reads and deletes.
    pub(crate) body: Option<String>,
}

/// A scripted failure: `op` answers `status`, `times` times (`None`: always). With `applied`,
/// a write is applied before it fails, as GitHub sometimes does before a 5xx.
#[derive(Debug)]
struct Failure {
    op: Op,
    status: u16,
    times: Option<u32>,
    applied: bool,
    /// Calls of `op` answered normally before the failures start.
    skip: u32,
}

#[derive(Debug, Default)]
struct State {
    /// What `GET /user` answers; `None`: 403, an installation token.
    login: Option<String>,
    reviews: Vec<Review>,
    /// `(org/team, login, state)`.
    members: Vec<(String, String, String)>,
    events: Vec<IssueEvent>,
    files: Vec<PrFile>,
    issue_comments: Vec<IssueComment>,
    review_comments: Vec<ReviewComment>,
    /// `(comment id, review id)` of the comments created in a review.
    comment_review: Vec<(u64, u64)>,
    /// The repository's issues (the governance run's), with their labels.
    issues: Vec<(Issue, Vec<String>)>,
    /// Comments on those issues: `(issue number, body)`.
    issue_notes: Vec<(u64, String)>,
    failures: Vec<Failure>,
    calls: Vec<Call>,
    /// Ids and creation times, increasing.
    clock: u64,
}

impl State {
    fn tick(&mut self) -> (u64, String) {
        self.clock += 1;
        let t = self.clock;
        (
            t,
            format!(
                "2026-01-01T{:02}:{:02}:{:02}Z",
                t / 3600,
                t / 60 % 60,
                t % 60
            ),
        )
    }

    /// The account writes are authored by.
    fn writer(&self) -> User {
        match &self.login {
            Some(login) => user(login),
            None => User {
                login: BOT.into(),
                kind: Some("Bot".into()),
            },
        }
    }

    /// Records the call; the scripted failure for `op`, if any, and whether to apply the
    /// write anyway.
    fn call(&mut self, op: Op, method: &'static str, path: String, body: Option<String>) -> Step {
        self.calls.push(Call {
            method,
            path: path.clone(),
            body,
        });
        let Some(f) = self
            .failures
            .iter_mut()
            .find(|f| f.op == op && f.times != Some(0))
        else {
            return Step::Answer;
        };
        if f.skip > 0 {
            f.skip -= 1;
            return Step::Answer;
        }
        if let Some(n) = &mut f.times {
            *n -= 1;
        }
        let error = GitHubError::Status {
            method,
            path,
            status: f.status,
            message: reason(f.status).into(),
        };
        if f.applied {
            Step::ApplyThenFail(error)
        } else {
            Step::Fail(error)
        }
    }
}

enum Step {
    Answer,
    Fail(GitHubError),
    ApplyThenFail(GitHubError),
}

impl Step {
    /// Runs `apply` unless the call fails before it, and answers.
    fn run<T>(self, apply: impl FnOnce() -> T) -> Result<T, GitHubError> {
        match self {
            Step::Answer => Ok(apply()),
            Step::Fail(e) => Err(e),
            Step::ApplyThenFail(e) => {
                apply();
                Err(e)
            }
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        403 => "Resource not accessible by integration",
        404 => "Not Found",
        422 => "Unprocessable Entity: Line could not be resolved",
        _ => "Server Error",
    }
}

/// GitHub's answer to a second pending review of one user on one pull request.
pub(crate) const ONE_PENDING: &str =
    "Unprocessable Entity: User can only have 1 pending review per pull request";

fn unprocessable(path: String, message: &str) -> GitHubError {
    GitHubError::Status {
        method: "POST",
        path,
        status: 422,
        message: message.into(),
    }
}

/// A user account.
pub(crate) fn user(login: &str) -> User {
    User {
        login: login.into(),
        kind: Some("User".into()),
    }
}

/// The pull request `octo/sla#2` by `author`, on head `head`.
pub(crate) fn event(author: &str, labels: &[&str]) -> PullRequestEvent {
    PullRequestEvent {
        name: EventName::PullRequest,
        action: Some("synchronize".into()),
        owner: "octo".into(),
        repo: "sla".into(),
        number: 2,
        base_sha: "b".repeat(40),
        head_sha: "h".repeat(40),
        author: author.into(),
        labels: labels.iter().map(|l| (*l).to_string()).collect(),
        from_fork: false,
    }
}

/// Drives a future to its end on a current-thread runtime, as the command does.
pub(crate) fn block_on<F: Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a current-thread runtime")
        .block_on(f)
}

/// The fake; see the module docs.
#[derive(Debug, Default)]
pub(crate) struct FakePullRequests {
    state: RefCell<State>,
}

impl FakePullRequests {
    /// An empty pull request, seen with an installation token (`GET /user` answers 403).
    pub(crate) fn new() -> FakePullRequests {
        FakePullRequests::default()
    }

    /// The token is a user's: `GET /user` answers `login`, who authors the writes.
    pub(crate) fn with_user_token(self, login: &str) -> FakePullRequests {
        self.state.borrow_mut().login = Some(login.into());
        self
    }

    /// A review by `login` in `state` (`APPROVED`, `DISMISSED`, ...), after the others.
    pub(crate) fn review(self, login: &str, state: &str) -> FakePullRequests {
        self.review_with_body(user(login), state, None)
    }

    /// A review by `author` in `state` on the head `hhh...`, with `body`.
    pub(crate) fn review_with_body(
        self,
        author: User,
        state: &str,
        body: Option<&str>,
    ) -> FakePullRequests {
        {
            let mut s = self.state.borrow_mut();
            let (id, at) = s.tick();
            s.reviews.push(Review {
                id,
                user: Some(author),
                state: state.into(),
                commit_id: Some("h".repeat(40)),
                submitted_at: Some(at),
                body: body.map(str::to_string),
            });
        }
        self
    }

    /// `login`'s membership of `team` (`org/team`) in `state` (`active`, `pending`).
    pub(crate) fn member(self, team: &str, login: &str, state: &str) -> FakePullRequests {
        self.state
            .borrow_mut()
            .members
            .push((team.into(), login.into(), state.into()));
        self
    }

    /// An issue event (`labeled`, `unlabeled`) by `actor` on `label`, after the others.
    pub(crate) fn label_event(self, event: &str, actor: &str, label: &str) -> FakePullRequests {
        self.state.borrow_mut().events.push(IssueEvent {
            event: event.into(),
            actor: Some(user(actor)),
            label: Some(EventLabel { name: label.into() }),
        });
        self
    }

    /// A changed file with its patch.
    pub(crate) fn file(self, name: &str, patch: &str) -> FakePullRequests {
        self.state.borrow_mut().files.push(PrFile {
            filename: name.into(),
            status: "modified".into(),
            patch: Some(patch.into()),
        });
        self
    }

    /// A conversation comment by `author`, after the others; its id.
    pub(crate) fn issue_comment(&self, author: User, body: &str) -> u64 {
        let mut s = self.state.borrow_mut();
        let (id, created_at) = s.tick();
        s.issue_comments.push(IssueComment {
            id,
            user: Some(author),
            body: Some(body.into()),
            created_at,
        });
        id
    }

    /// A reply by `author` to the review comment `to`.
    pub(crate) fn reply(&self, author: User, to: u64, body: &str) {
        let mut s = self.state.borrow_mut();
        let (id, created_at) = s.tick();
        let path = s
            .review_comments
            .iter()
            .find(|c| c.id == to)
            .map(|c| c.path.clone())
            .unwrap_or_default();
        s.review_comments.push(ReviewComment {
            id,
            user: Some(author),
            body: body.into(),
            path,
            line: None,
            in_reply_to_id: Some(to),
            created_at,
        });
    }

    /// `op` fails with `status` on every call.
    pub(crate) fn fail(self, op: Op, status: u16) -> FakePullRequests {
        self.script(op, status, None, false)
    }

    /// The next call of `op` fails with `status`.
    pub(crate) fn fail_once(self, op: Op, status: u16) -> FakePullRequests {
        self.script(op, status, Some(1), false)
    }

    /// The next call of `op` is applied, then answers `status` (a 5xx after the write).
    pub(crate) fn fail_once_after_applying(self, op: Op, status: u16) -> FakePullRequests {
        self.script(op, status, Some(1), true)
    }

    fn script(self, op: Op, status: u16, times: Option<u32>, applied: bool) -> FakePullRequests {
        self.state.borrow_mut().failures.push(Failure {
            op,
            status,
            times,
            applied,
            skip: 0,
        });
        self
    }

    /// `op` answers its first `skip` calls, then fails with `status` on every call.
    pub(crate) fn fail_after(self, op: Op, skip: u32, status: u16) -> FakePullRequests {
        self.state.borrow_mut().failures.push(Failure {
            op,
            status,
            times: None,
            applied: false,
            skip,
        });
        self
    }

    /// Every call so far, in order.
    pub(crate) fn calls(&self) -> Vec<Call> {
        self.state.borrow().calls.clone()
    }

    /// The reviews now (pending ones included).
    pub(crate) fn reviews(&self) -> Vec<Review> {
        self.state.borrow().reviews.clone()
    }

    /// The writes so far (every call but the GETs), in order.
    pub(crate) fn writes(&self) -> Vec<Call> {
        self.calls()
            .into_iter()
            .filter(|c| c.method != "GET")
            .collect()
    }

    /// Forgets the calls recorded so far (between two runs).
    pub(crate) fn clear_calls(&self) {
        self.state.borrow_mut().calls.clear();
    }

    /// The conversation comments now.
    pub(crate) fn issue_comments(&self) -> Vec<IssueComment> {
        self.state.borrow().issue_comments.clone()
    }

    /// The review comments now.
    pub(crate) fn review_comments(&self) -> Vec<ReviewComment> {
        self.state.borrow().review_comments.clone()
    }

    /// Issue `number` as it is now.
    pub(crate) fn issue(&self, number: u64) -> Option<Issue> {
        let s = self.state.borrow();
        s.issues
            .iter()
            .find(|(i, _)| i.number == number)
            .map(|(i, _)| i.clone())
    }

    /// The comments on issue `number`, oldest first.
    pub(crate) fn issue_notes(&self, number: u64) -> Vec<String> {
        let s = self.state.borrow();
        s.issue_notes
            .iter()
            .filter(|(n, _)| *n == number)
            .map(|(_, b)| b.clone())
            .collect()
    }

    /// Records a read and answers `read` of the state.
    fn read<T>(
        &self,
        op: Op,
        path: String,
        read: impl FnOnce(&State) -> T,
    ) -> Result<T, GitHubError> {
        let mut s = self.state.borrow_mut();
        let step = s.call(op, "GET", path, None);
        step.run(|| read(&s))
    }

    /// Records a write and applies `write` to the state.
    fn write<T>(
        &self,
        op: Op,
        method: &'static str,
        path: String,
        body: Option<String>,
        write: impl FnOnce(&mut State) -> T,
    ) -> Result<T, GitHubError> {
        let mut s = self.state.borrow_mut();
        let step = s.call(op, method, path, body);
        step.run(|| write(&mut s))
    }
}

fn not_found(path: String) -> GitHubError {
    GitHubError::Status {
        method: "GET",
        path,
        status: 404,
        message: reason(404).into(),
    }
}

impl Issues for FakePullRequests {
    async fn list_issues_with_label(
        &self,
        repo: RepoRef<'_>,
        label: &str,
    ) -> Result<Vec<Issue>, GitHubError> {
        self.read(Op::ListIssues, rest::issues_with_label(repo, label), |s| {
            s.issues
                .iter()
                .filter(|(_, labels)| labels.iter().any(|l| l.eq_ignore_ascii_case(label)))
                .map(|(i, _)| i.clone())
                .collect()
        })
    }

    async fn create_issue(
        &self,
        repo: RepoRef<'_>,
        new: &NewIssue<'_>,
    ) -> Result<Issue, GitHubError> {
        let body = serde_json::to_string(new).ok();
        self.write(Op::CreateIssue, "POST", rest::issues(repo), body, |s| {
            let number = 100 + s.issues.len() as u64;
            let issue = Issue {
                number,
                state: "open".into(),
                title: new.title.into(),
                body: Some(new.body.into()),
                user: Some(s.writer()),
                pull_request: None,
            };
            let labels = new.labels.iter().map(|l| (*l).to_string()).collect();
            s.issues.push((issue.clone(), labels));
            issue
        })
    }

    async fn update_issue(
        &self,
        repo: RepoRef<'_>,
        number: u64,
        update: &IssueUpdate<'_>,
    ) -> Result<Issue, GitHubError> {
        let path = rest::issue(repo, number);
        let body = serde_json::to_string(update).ok();
        let found = self.write(Op::UpdateIssue, "PATCH", path.clone(), body, |s| {
            let (issue, _) = s.issues.iter_mut().find(|(i, _)| i.number == number)?;
            if let Some(b) = update.body {
                issue.body = Some(b.into());
            }
            if let Some(state) = update.state {
                issue.state = state.into();
            }
            Some(issue.clone())
        })?;
        found.ok_or_else(|| not_found(path))
    }

    async fn comment_on_issue(
        &self,
        repo: RepoRef<'_>,
        number: u64,
        body: &str,
    ) -> Result<IssueComment, GitHubError> {
        let path = format!("{}/comments", rest::issue(repo, number));
        self.write(Op::CommentOnIssue, "POST", path, Some(body.into()), |s| {
            let (id, created_at) = s.tick();
            s.issue_notes.push((number, body.into()));
            IssueComment {
                id,
                user: Some(s.writer()),
                body: Some(body.into()),
                created_at,
            }
        })
    }
}

impl PullRequests for FakePullRequests {
    async fn authenticated_user(&self) -> Result<AuthenticatedUser, GitHubError> {
        let login = self.read(Op::User, "/user".into(), |s| s.login.clone())?;
        login
            .map(|login| AuthenticatedUser { login })
            .ok_or_else(|| GitHubError::Status {
                method: "GET",
                path: "/user".into(),
                status: 403,
                message: reason(403).into(),
            })
    }

    async fn list_reviews(&self, pr: PullRef<'_>) -> Result<Vec<Review>, GitHubError> {
        self.read(Op::ListReviews, rest::reviews(pr), |s| s.reviews.clone())
    }

    async fn team_membership(
        &self,
        org: &str,
        team: &str,
        login: &str,
    ) -> Result<TeamMembership, GitHubError> {
        let path = rest::team_membership(org, team, login);
        let slug = format!("{org}/{team}");
        let state = self.read(Op::TeamMembership, path.clone(), |s| {
            s.members
                .iter()
                .find(|(t, l, _)| t.eq_ignore_ascii_case(&slug) && l.eq_ignore_ascii_case(login))
                .map(|(_, _, state)| state.clone())
        })?;
        state
            .map(|state| TeamMembership { state })
            .ok_or_else(|| not_found(path))
    }

    async fn list_issue_events(&self, pr: PullRef<'_>) -> Result<Vec<IssueEvent>, GitHubError> {
        self.read(Op::ListIssueEvents, rest::issue_events(pr), |s| {
            s.events.clone()
        })
    }

    async fn list_files(&self, pr: PullRef<'_>) -> Result<Vec<PrFile>, GitHubError> {
        self.read(Op::ListFiles, rest::files(pr), |s| s.files.clone())
    }

    async fn list_review_comments(
        &self,
        pr: PullRef<'_>,
    ) -> Result<Vec<ReviewComment>, GitHubError> {
        self.read(Op::ListReviewComments, rest::review_comments(pr), |s| {
            s.review_comments.clone()
        })
    }

    async fn create_review(
        &self,
        pr: PullRef<'_>,
        review: &NewReview<'_>,
    ) -> Result<CreatedReview, GitHubError> {
        let body = serde_json::to_string(review).expect("a review serializes");
        let path = rest::reviews(pr);
        let failed = path.clone();
        self.write(Op::CreateReview, "POST", path, Some(body), |s| {
            let pending = review.event.is_none();
            if pending && s.reviews.iter().any(|r| r.state == "PENDING") {
                return Err(unprocessable(failed, ONE_PENDING));
            }
            let author = s.writer();
            let (id, at) = s.tick();
            s.reviews.push(Review {
                id,
                user: Some(author.clone()),
                state: if pending { "PENDING" } else { "COMMENTED" }.into(),
                commit_id: Some(review.commit_id.to_string()),
                submitted_at: (!pending).then_some(at),
                body: Some(review.body.to_string()),
            });
            for c in review.comments {
                let (cid, created_at) = s.tick();
                s.review_comments.push(ReviewComment {
                    id: cid,
                    user: Some(author.clone()),
                    body: c.body.clone(),
                    path: c.path.clone(),
                    line: Some(c.line),
                    in_reply_to_id: None,
                    created_at,
                });
                s.comment_review.push((cid, id));
            }
            Ok(CreatedReview {
                id,
                user: Some(author),
            })
        })?
    }

    async fn submit_review(
        &self,
        pr: PullRef<'_>,
        id: u64,
        submit: &SubmitReview<'_>,
    ) -> Result<CreatedReview, GitHubError> {
        let body = serde_json::to_string(submit).expect("a submit serializes");
        let path = format!("{}/events", rest::review(pr, id));
        let failed = path.clone();
        self.write(Op::SubmitReview, "POST", path, Some(body), |s| {
            let (_, at) = s.tick();
            let Some(r) = s.reviews.iter_mut().find(|r| r.id == id) else {
                return Err(not_found(failed));
            };
            if r.state != "PENDING" {
                return Err(unprocessable(failed, "Can not submit a non-pending review"));
            }
            r.state = "COMMENTED".into();
            r.submitted_at = Some(at);
            Ok(CreatedReview {
                id,
                user: r.user.clone(),
            })
        })?
    }

    async fn delete_pending_review(&self, pr: PullRef<'_>, id: u64) -> Result<(), GitHubError> {
        let path = rest::review(pr, id);
        let failed = path.clone();
        self.write(Op::DeletePendingReview, "DELETE", path, None, |s| {
            match s.reviews.iter().position(|r| r.id == id) {
                None => Ok(()),
                Some(at) if s.reviews[at].state != "PENDING" => Err(unprocessable(
                    failed,
                    "Can not delete a non-pending pull request review",
                )),
                Some(at) => {
                    s.reviews.remove(at);
                    let gone: Vec<u64> = s
                        .comment_review
                        .iter()
                        .filter(|(_, r)| *r == id)
                        .map(|(c, _)| *c)
                        .collect();
                    s.review_comments.retain(|c| !gone.contains(&c.id));
                    Ok(())
                }
            }
        })?
    }

    async fn delete_review_comment(&self, pr: PullRef<'_>, id: u64) -> Result<(), GitHubError> {
        let path = rest::review_comment(pr, id);
        self.write(Op::DeleteReviewComment, "DELETE", path, None, |s| {
            s.review_comments.retain(|c| c.id != id);
        })
    }

    async fn list_issue_comments(&self, pr: PullRef<'_>) -> Result<Vec<IssueComment>, GitHubError> {
        self.read(Op::ListIssueComments, rest::issue_comments(pr), |s| {
            s.issue_comments.clone()
        })
    }

    async fn create_issue_comment(
        &self,
        pr: PullRef<'_>,
        body: &str,
    ) -> Result<IssueComment, GitHubError> {
        let path = rest::issue_comments(pr);
        self.write(
            Op::CreateIssueComment,
            "POST",
            path,
            Some(body.into()),
            |s| {
                let (id, created_at) = s.tick();
                let comment = IssueComment {
                    id,
                    user: Some(s.writer()),
                    body: Some(body.into()),
                    created_at,
                };
                s.issue_comments.push(comment.clone());
                comment
            },
        )
    }

    async fn update_issue_comment(
        &self,
        pr: PullRef<'_>,
        id: u64,
        body: &str,
    ) -> Result<IssueComment, GitHubError> {
        let path = rest::issue_comment(pr, id);
        let updated = self.write(
            Op::UpdateIssueComment,
            "PATCH",
            path.clone(),
            Some(body.into()),
            |s| {
                let c = s.issue_comments.iter_mut().find(|c| c.id == id)?;
                c.body = Some(body.into());
                Some(c.clone())
            },
        )?;
        updated.ok_or_else(|| not_found(path))
    }

    async fn delete_issue_comment(&self, pr: PullRef<'_>, id: u64) -> Result<(), GitHubError> {
        let path = rest::issue_comment(pr, id);
        self.write(Op::DeleteIssueComment, "DELETE", path, None, |s| {
            s.issue_comments.retain(|c| c.id != id);
        })
    }
}
