//! Writing to the pull request: the inline review comments and the one summary comment, so
//! that a re-run on the same head writes nothing and a new push converges.
//!
//! Order: delete our obsolete inline comments, post one review with the new ones (unless a
//! review of ours with the same head and findings is there: see [`review::review_marker`];
//! created pending and then submitted, GitHub's one pending review per user and pull request
//! being the lock between concurrent runs: see `Writer::post_review`),
//! then create or update the summary (which states what became of each weakening on the
//! diff, including a review GitHub refused with 422), then remove duplicate summaries. Last,
//! every run that may write converges: it lists the comments again and removes what a
//! concurrent run (or a write that landed unseen) left twice: summaries of ours beyond the
//! oldest, which gets the current body, and our inline comments that repeat a fingerprint.
//!
//! Whose comments are ours: those authored by the identity we post as ([`identity`]), never
//! another user's or another bot's, whatever marker they carry. When `GET /user` is refused
//! (installation tokens), the identity is the configured bot login or `github-actions[bot]`;
//! the author of a comment we create (the answer to our POST) is the identity for the rest of
//! the run, said once as a notice when it differs from the assumed one.
//!
//! Every list is read whole before anything is written (the pull request's files, its review
//! comments, its conversation comments). A list that cannot be read whole (an error on any
//! page, or longer than [`super::client::MAX_PAGES`] pages) is the one error [`publish`]
//! returns: planning on part of a list could post duplicates or miss our own comments.
//!
//! Failure modes of the writes:
//! - 403 on a write (a read-only token: pull requests from forks): one notice, no further
//!   writes; the caller still has the annotations and the step summary, and the verdict still
//!   decides the exit code.
//! - 422 on the review: folded into the summary; not fatal. The 422 of a second pending
//!   review is the lock: the reviews are listed and ours settled (see `Writer::create_pending`).
//! - 5xx or no answer on a POST (a timeout, a dropped connection): the write may have
//!   happened. The reviews or comments are listed again (whole, or the run stops) and only
//!   what is still missing is posted, once.
//! - anything else: a warning; a failed write is never what fails the gate.

use std::fmt::Write as _;

use crate::diagnostic::Diagnostic;
use crate::report::markdown;

use super::api::{IssueComment, NewReview, NewReviewComment, ReviewComment, SubmitReview, User};
use super::client::GitHubError;
use super::event::PullRequestEvent;
use super::pulls::{PullRef, PullRequests};
use super::review::{self, InlineFinding, InlineStatus};
use super::summary::{self, Identity, MAX_COMMENT_CHARS};

/// How serious a message of the publishing step is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeLevel {
    /// Expected and handled (a read-only token).
    Notice,
    /// Something did not get published.
    Warning,
}

/// A message for the job log (the binary prints it as a workflow command).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// Notice or warning.
    pub level: NoticeLevel,
    /// Plain text.
    pub message: String,
}

/// What publishing did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// The summary with the inline-comment section, before any cut (for the step summary).
    pub summary: String,
    /// The token could not write.
    pub read_only: bool,
    /// Messages for the log.
    pub notices: Vec<Notice>,
    /// What became of each weakening on the diff.
    pub inline: Vec<InlineFinding>,
}

/// The message shown once when the token cannot write.
pub const READ_ONLY_NOTICE: &str = "slagate cannot comment on this pull request: the token is read-only here (403 Resource not accessible by integration), as the GITHUB_TOKEN of a pull request from a fork is. The verdict still decides this check; the findings are in the annotations and the job's step summary. See docs/github-action.md, \"Pull requests from forks\".";

/// The section appended to the summary: what became of each weakening on the diff. Stable
/// across re-runs with the same findings, so an unchanged pull request needs no edit.
pub fn inline_section(inline: &[InlineFinding]) -> String {
    if inline.is_empty() {
        return String::new();
    }
    let commented = inline
        .iter()
        .filter(|f| f.status == InlineStatus::Commented)
        .count();
    let mut s = format!(
        "\n\n#### Inline comments\n\n{commented} of {} weakening(s) are commented on the changed lines.",
        inline.len()
    );
    let others: Vec<&InlineFinding> = inline
        .iter()
        .filter(|f| f.status != InlineStatus::Commented)
        .collect();
    if !others.is_empty() {
        s.push_str(" These are listed in this comment only:\n");
        for f in others {
            let why = match &f.status {
                InlineStatus::Commented => unreachable!("filtered out"),
                InlineStatus::OutsideDiff => {
                    "not on a changed line of this pull request".to_string()
                }
                InlineStatus::OverLimit => format!(
                    "beyond the {} inline comments slagate keeps on a pull request",
                    review::MAX_INLINE
                ),
                InlineStatus::Rejected(why) => format!(
                    "GitHub refused the review comments: {}",
                    markdown::escape(why)
                ),
                InlineStatus::NotPosted => "not posted".to_string(),
            };
            let _ = write!(
                s,
                "\n- {}: {why}",
                markdown::code(&format!("{}:{}", f.file, f.line))
            );
        }
    }
    s.push('\n');
    s
}

/// The login of the Actions `GITHUB_TOKEN`'s comments.
pub const ACTIONS_BOT: &str = "github-actions[bot]";

/// Who the token writes as: `GET /user`; when that is refused (401, 403 or 404: installation
/// tokens), `bot_login` (the `bot-login` input, `SLAGATE_BOT_LOGIN`) or [`ACTIONS_BOT`],
/// assumed until a comment we create shows its author.
pub async fn identity(
    client: &impl PullRequests,
    bot_login: Option<&str>,
) -> Result<Identity, GitHubError> {
    match client.authenticated_user().await {
        Ok(u) => Ok(Identity::told(u.login)),
        Err(e) if matches!(e.status(), Some(401 | 403 | 404)) => Ok(Identity::assumed(
            bot_login
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .unwrap_or(ACTIONS_BOT),
        )),
        Err(e) => Err(e),
    }
}

/// The notice when the author of our first comment is not the identity we assumed.
pub fn identity_notice(assumed: &str, actual: &str) -> String {
    format!(
        "slagate assumed it posts as `{assumed}` (GET /user is refused for this token), but GitHub shows its comment as `{actual}`'s: for the rest of this run its comments are those of `{actual}`. Set the action input `bot-login` (the environment variable SLAGATE_BOT_LOGIN) to `{actual}` so that every run recognises its own comments."
    )
}

/// The review a run posts: on which head, with which marker and body.
struct Posting<'a> {
    head_sha: &'a str,
    marker: &'a str,
    body: &'a str,
}

/// Our reviews with one marker, as [`Writer::our_reviews`] lists them.
#[derive(Debug, Default)]
struct Ours {
    /// The submitted ones.
    submitted: Vec<u64>,
    /// The one pending review (ours: no one else's is visible), and whether it has the marker.
    pending: Option<(u64, bool)>,
}

/// GitHub's 422 to a create while we hold a pending review on the pull request ("User can
/// only have 1 pending review per pull request").
fn is_pending_lock(e: &GitHubError) -> bool {
    e.status() == Some(422)
        && e.github_message()
            .to_ascii_lowercase()
            .contains("pending review")
}

struct Writer<'a, P> {
    client: &'a P,
    pr: PullRef<'a>,
    me: Identity,
    read_only: bool,
    notices: Vec<Notice>,
    /// The summary comment this run gave its body (or found with it).
    summary_written: Option<u64>,
}

impl<P: PullRequests> Writer<'_, P> {
    fn warn(&mut self, what: &str, e: &GitHubError) {
        self.notices.push(Notice {
            level: NoticeLevel::Warning,
            message: format!("slagate could not {what}: {e}"),
        });
    }

    /// Notes a write error; true when it means the token is read-only (then said once).
    fn forbidden(&mut self, e: &GitHubError) -> bool {
        if e.is_forbidden() {
            if !self.read_only {
                self.read_only = true;
                self.notices.push(Notice {
                    level: NoticeLevel::Notice,
                    message: READ_ONLY_NOTICE.to_string(),
                });
            }
            return true;
        }
        false
    }

    /// The author of a comment or review we just created is who we are; true when that
    /// changed the identity (said once when it was assumed).
    fn learn(&mut self, author: Option<&User>) -> bool {
        let Some(author) = author else { return false };
        if self.me.is(author) {
            return false;
        }
        if self.me.assumed {
            self.notices.push(Notice {
                level: NoticeLevel::Notice,
                message: identity_notice(&self.me.login, &author.login),
            });
        }
        self.me = Identity::told(author.login.clone());
        true
    }

    async fn review_comments(&self) -> Result<Vec<ReviewComment>, GitHubError> {
        self.client.list_review_comments(self.pr).await
    }

    async fn delete_obsolete(&mut self, ids: &[u64]) {
        for id in ids {
            if self.read_only {
                return;
            }
            if let Err(e) = self.client.delete_review_comment(self.pr, *id).await {
                if !self.forbidden(&e) {
                    self.warn("delete an obsolete review comment", &e);
                }
            }
        }
    }

    /// Our reviews with `marker` (on `head_sha`): the ids of the submitted ones, and the
    /// pending one. A pending review is visible to its author only, so the one pending review
    /// in the list is ours (a crashed run's, or a concurrent one's); `true` beside it when it
    /// carries `marker`. The reviews are read whole, or the run stops.
    async fn our_reviews(&self, head_sha: &str, marker: &str) -> Result<Ours, GitHubError> {
        let mut ours = Ours::default();
        for r in self.client.list_reviews(self.pr).await? {
            let same = r.commit_id.as_deref() == Some(head_sha)
                && r.body
                    .as_deref()
                    .is_some_and(|b| review::has_review_marker(b, marker));
            if r.state == "PENDING" {
                ours.pending = Some((r.id, same));
            } else if same && r.user.as_ref().is_some_and(|u| self.me.is(u)) {
                ours.submitted.push(r.id);
            }
        }
        Ok(ours)
    }

    /// Posts the review, unless one of ours with the same head and findings exists. GitHub
    /// cannot delete a submitted review, so the review is created `PENDING` first: a user has
    /// at most one pending review per pull request, which makes it a lock between concurrent
    /// runs ([`Self::settle`] submits it or, when another run's came first, deletes it).
    /// Returns the status of the new comments' findings on failure. `Err` only when the
    /// reviews or the review comments cannot be listed whole.
    async fn post_review(
        &mut self,
        head_sha: &str,
        comments: &[NewReviewComment],
        fingerprints: &[String],
    ) -> Result<Option<InlineStatus>, GitHubError> {
        let marker = review::review_marker(head_sha, fingerprints);
        if !self
            .our_reviews(head_sha, &marker)
            .await?
            .submitted
            .is_empty()
        {
            return Ok(None);
        }
        let body = format!(
            "**slagate** commented {} weakening(s) on the changed lines. The verdict and the approvals they need are in the slagate summary comment.\n\n{marker}",
            comments.len()
        );
        let at = Posting {
            head_sha,
            marker: &marker,
            body: &body,
        };
        let err = match self.create_pending(&at, comments).await? {
            Ok(status) => return Ok(status),
            Err(err) => err,
        };
        if self.forbidden(&err) {
            return Ok(Some(InlineStatus::NotPosted));
        }
        if err.status() == Some(422) {
            return Ok(Some(InlineStatus::Rejected(err.github_message())));
        }
        if !err.is_uncertain() {
            self.warn("post the review comments", &err);
            return Ok(Some(InlineStatus::Rejected(err.github_message())));
        }
        // The review may exist (a 5xx, a timeout, a dropped connection): look before posting
        // again, and then post only the comments that are not there, once.
        let seen = self.our_reviews(head_sha, &marker).await?;
        if !seen.submitted.is_empty() {
            return Ok(None);
        }
        if let Some((id, true)) = seen.pending {
            return self.submit(&at, id).await;
        }
        self.post_missing(&at, comments, fingerprints).await
    }

    /// Creates our review `PENDING` and settles it. When GitHub answers that we hold a pending
    /// review already: the reviews are listed; a submitted one with our marker means done; a
    /// pending one with our marker is submitted (submitting is atomic on GitHub's side: of two
    /// runs submitting it, one gets a 422 and finds it submitted); a pending one with another
    /// marker is stale (a crashed run's, an older head's) and is deleted, and the create is
    /// tried once more. The inner `Err` is the create's own error, for the caller to decide
    /// on; the outer one a list that could not be read whole.
    async fn create_pending(
        &mut self,
        at: &Posting<'_>,
        comments: &[NewReviewComment],
    ) -> Result<Result<Option<InlineStatus>, GitHubError>, GitHubError> {
        let review = NewReview {
            commit_id: at.head_sha,
            event: None,
            body: at.body,
            comments,
        };
        let mut retried = false;
        loop {
            let err = match self.client.create_review(self.pr, &review).await {
                Ok(created) => {
                    self.learn(created.user.as_ref());
                    return self.settle(at, created.id).await.map(Ok);
                }
                Err(err) if is_pending_lock(&err) => err,
                Err(err) => return Ok(Err(err)),
            };
            let seen = self.our_reviews(at.head_sha, at.marker).await?;
            if !seen.submitted.is_empty() {
                return Ok(Ok(None));
            }
            let rejected = Ok(Ok(Some(InlineStatus::Rejected(err.github_message()))));
            match seen.pending {
                Some((id, true)) => return self.submit(at, id).await.map(Ok),
                Some((id, false)) if !retried => {
                    if let Err(e) = self.client.delete_pending_review(self.pr, id).await {
                        if !self.forbidden(&e) {
                            self.warn("delete a stale pending review of ours", &e);
                        }
                        return rejected;
                    }
                }
                // Released since (submitted with another marker, or deleted): try once more.
                None if !retried => {}
                _ => {
                    self.warn("post the review comments", &err);
                    return rejected;
                }
            }
            retried = true;
        }
    }
    /// Our pending review `id` exists: deletes it when a submitted review of ours with the
    /// same marker is there (a concurrent run's came first; GitHub cannot delete that one),
    /// else submits it. `Err` only when the reviews cannot be listed whole.
    async fn settle(
        &mut self,
        at: &Posting<'_>,
        id: u64,
    ) -> Result<Option<InlineStatus>, GitHubError> {
        let seen = self.our_reviews(at.head_sha, at.marker).await?;
        if seen.submitted.contains(&id) {
            // A concurrent run that found our pending review submitted it for us.
            return Ok(None);
        }
        if seen.submitted.is_empty() {
            return self.submit(at, id).await;
        }
        if let Err(e) = self.client.delete_pending_review(self.pr, id).await {
            if !self.forbidden(&e) {
                self.warn(
                    "delete our pending review (a concurrent run's is there)",
                    &e,
                );
            }
        }
        Ok(None)
    }

    /// Submits our pending review `id`. When that fails, the reviews are listed: a submitted
    /// one of ours with the marker (ours, submitted by a concurrent run, or its own) is what
    /// was wanted; otherwise the failure is the findings' status, and a review left pending
    /// is settled by the next run.
    async fn submit(
        &mut self,
        at: &Posting<'_>,
        id: u64,
    ) -> Result<Option<InlineStatus>, GitHubError> {
        let submit = SubmitReview {
            body: at.body,
            event: "COMMENT",
        };
        let err = match self.client.submit_review(self.pr, id, &submit).await {
            Ok(done) => {
                self.learn(done.user.as_ref());
                return Ok(None);
            }
            Err(err) => err,
        };
        if self.forbidden(&err) {
            return Ok(Some(InlineStatus::NotPosted));
        }
        if !self
            .our_reviews(at.head_sha, at.marker)
            .await?
            .submitted
            .is_empty()
        {
            return Ok(None);
        }
        self.warn("submit the review comments", &err);
        Ok(Some(InlineStatus::Rejected(err.github_message())))
    }

    /// After an uncertain POST of a review that is not there: posts the comments of ours
    /// that are still missing, once (pending, then settled, as the first one).
    async fn post_missing(
        &mut self,
        at: &Posting<'_>,
        comments: &[NewReviewComment],
        fingerprints: &[String],
    ) -> Result<Option<InlineStatus>, GitHubError> {
        let present: Vec<String> = self
            .review_comments()
            .await?
            .iter()
            .filter(|c| {
                c.in_reply_to_id.is_none() && c.user.as_ref().is_some_and(|u| self.me.is(u))
            })
            .filter_map(|c| review::parse_marker(&c.body).map(str::to_string))
            .collect();
        let missing: Vec<NewReviewComment> = comments
            .iter()
            .zip(fingerprints)
            .filter(|(_, fp)| !present.contains(fp))
            .map(|(c, _)| c.clone())
            .collect();
        if missing.is_empty() {
            return Ok(None);
        }
        match self.create_pending(at, &missing).await? {
            Ok(status) => Ok(status),
            Err(e) => {
                if !self.forbidden(&e) {
                    self.warn("post the review comments", &e);
                }
                Ok(Some(InlineStatus::Rejected(e.github_message())))
            }
        }
    }

    async fn issue_comments(&self) -> Result<Vec<IssueComment>, GitHubError> {
        self.client.list_issue_comments(self.pr).await
    }

    /// Creates the summary (none of ours is among `comments`); returns the comments with it
    /// when it was created (so that a changed identity can select again), `None` when not.
    /// `Err` only when the comments cannot be listed whole after an uncertain POST.
    async fn create_summary(
        &mut self,
        body: &str,
        mut comments: Vec<IssueComment>,
    ) -> Result<Option<Vec<IssueComment>>, GitHubError> {
        let e = match self.client.create_issue_comment(self.pr, body).await {
            Ok(c) => {
                self.learn(c.user.as_ref());
                comments.push(c);
                return Ok(Some(comments));
            }
            Err(e) => e,
        };
        if self.forbidden(&e) {
            return Ok(None);
        }
        if !e.is_uncertain() {
            self.warn("post the summary comment", &e);
            return Ok(None);
        }
        // It may have been created: look before posting again.
        let comments = self.issue_comments().await?;
        if summary::select(&comments, &self.me).keep.is_some() {
            return Ok(Some(comments));
        }
        match self.client.create_issue_comment(self.pr, body).await {
            Ok(c) => {
                self.learn(c.user.as_ref());
                let mut comments = comments;
                comments.push(c);
                Ok(Some(comments))
            }
            Err(e) => {
                if !self.forbidden(&e) {
                    self.warn("post the summary comment", &e);
                }
                Ok(None)
            }
        }
    }

    /// Creates (when `may_create`) or updates the one summary comment, then removes
    /// duplicates. `comments` are all of the pull request's conversation comments.
    async fn upsert_summary(
        &mut self,
        body: &str,
        comments: Vec<IssueComment>,
        may_create: bool,
    ) -> Result<(), GitHubError> {
        let mut selection = summary::select(&comments, &self.me);
        if selection.keep.is_none() && may_create {
            match self.create_summary(body, comments).await? {
                // Selected again: the identity may have changed with the comment we created,
                // and an older summary of that identity is then the one to keep.
                Some(all) => selection = summary::select(&all, &self.me),
                None => return Ok(()),
            }
        }
        if let Some((id, old)) = &selection.keep {
            if !self.update_summary(*id, old, body).await {
                return Ok(());
            }
        }
        self.delete_summaries(&selection.duplicates).await;
        Ok(())
    }

    /// Gives the summary `id` (now `old`) the text `body`; false when that failed. Records
    /// `id` as written unless the failure leaves it unknown whether the edit landed.
    async fn update_summary(&mut self, id: u64, old: &str, body: &str) -> bool {
        if old == body {
            self.summary_written = Some(id);
            return true;
        }
        match self.client.update_issue_comment(self.pr, id, body).await {
            Ok(_) => {
                self.summary_written = Some(id);
                true
            }
            Err(e) => {
                if !e.is_uncertain() {
                    self.summary_written = Some(id);
                }
                if !self.forbidden(&e) {
                    self.warn("update the summary comment", &e);
                }
                false
            }
        }
    }

    async fn delete_summaries(&mut self, ids: &[u64]) {
        for id in ids {
            if self.read_only {
                return;
            }
            if let Err(e) = self.client.delete_issue_comment(self.pr, *id).await {
                if !self.forbidden(&e) {
                    self.warn("delete a duplicate summary comment", &e);
                }
            }
        }
    }

    /// The end of every run that may write: lists the comments again (whole, or nothing is
    /// removed and the caller warns) and removes what a concurrent run, or a write that landed unseen, left twice.
    /// One summary stays: the oldest of ours, given `body` unless this run wrote it already;
    /// and of our inline comments with the same fingerprint, the oldest (replied ones stay).
    /// Never another author's comment, whatever marker it carries.
    async fn converge(&mut self, body: &str) -> Result<(), GitHubError> {
        let comments = self.issue_comments().await?;
        let selection = summary::select(&comments, &self.me);
        if let Some((id, old)) = &selection.keep {
            if self.summary_written != Some(*id) {
                self.update_summary(*id, old, body).await;
            }
        }
        self.delete_summaries(&selection.duplicates).await;
        if self.read_only {
            return Ok(());
        }
        let existing = self.review_comments().await?;
        let duplicates = review::duplicates(&existing, &self.me);
        self.delete_obsolete(&duplicates).await;
        Ok(())
    }
}

/// What the publisher reads before it writes: every list whole, or the error.
struct PullRequestComments {
    files: Vec<super::api::PrFile>,
    review_comments: Vec<ReviewComment>,
    issue_comments: Vec<IssueComment>,
}

async fn read_all(
    client: &impl PullRequests,
    pr: PullRef<'_>,
) -> Result<PullRequestComments, GitHubError> {
    Ok(PullRequestComments {
        files: client.list_files(pr).await?,
        review_comments: client.list_review_comments(pr).await?,
        issue_comments: client.list_issue_comments(pr).await?,
    })
}

/// Publishes `summary` (the rendered gate summary, marker first) and the inline comments for
/// the weakenings among `findings`. A pull request that changes no agreement (`relevant` is
/// false) gets no new summary comment, only an update of one an earlier run made.
/// `bot_login` is who the token writes as when `GET /user` is refused ([`identity`]).
///
/// Failed writes become [`Published::notices`]. The one error is a list that could not be
/// read whole (files, review comments, conversation comments): then nothing more is written,
/// and the caller must not report the run as decided.
pub async fn publish(
    client: &impl PullRequests,
    event: &PullRequestEvent,
    findings: &[Diagnostic],
    summary_markdown: &str,
    relevant: bool,
    bot_login: Option<&str>,
) -> Result<Published, GitHubError> {
    let pr = PullRef::of(event);
    let me = match identity(client, bot_login).await {
        Ok(me) => me,
        Err(e) => {
            return Ok(Published {
                notices: vec![Notice {
                    level: NoticeLevel::Warning,
                    message: format!(
                        "slagate could not find out which account the token belongs to: {e}"
                    ),
                }],
                ..unpublished(findings, summary_markdown)
            });
        }
    };
    let read = read_all(client, pr).await?;
    let mut w = Writer {
        client,
        pr,
        me,
        read_only: false,
        notices: Vec::new(),
        summary_written: None,
    };
    let plan = review::plan(findings, &read.files, &read.review_comments, &w.me);
    let mut inline = plan.findings.clone();

    w.delete_obsolete(&plan.delete).await;
    if !plan.create.is_empty() {
        let failed = if w.read_only {
            Some(InlineStatus::NotPosted)
        } else {
            w.post_review(&event.head_sha, &plan.create, &plan.create_fingerprints)
                .await?
        };
        if let Some(status) = failed {
            for f in &mut inline {
                if plan.create_fingerprints.contains(&f.fingerprint) {
                    f.status = status.clone();
                }
            }
        }
    }

    let full = format!("{summary_markdown}{}", inline_section(&inline));
    if !w.read_only {
        let body = summary::fit(&full, MAX_COMMENT_CHARS);
        w.upsert_summary(&body, read.issue_comments, relevant)
            .await?;
        if !w.read_only {
            // Clean-up only: the writes are done, so a listing that fails here is a warning.
            if let Err(e) = w.converge(&body).await {
                w.warn("check for duplicates a concurrent run left", &e);
            }
        }
    }
    Ok(Published {
        summary: full,
        read_only: w.read_only,
        notices: w.notices,
        inline,
    })
}

/// The summary when nothing is published (`comment: false`): every weakening is listed as
/// not posted.
pub fn unpublished(findings: &[Diagnostic], summary_markdown: &str) -> Published {
    let nobody = Identity::assumed(ACTIONS_BOT);
    let inline: Vec<InlineFinding> = review::plan(findings, &[], &[], &nobody)
        .findings
        .into_iter()
        .map(|f| InlineFinding {
            status: InlineStatus::NotPosted,
            ..f
        })
        .collect();
    Published {
        summary: format!("{summary_markdown}{}", inline_section(&inline)),
        read_only: false,
        notices: Vec::new(),
        inline,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_inline_section_explains_what_is_not_on_the_diff() {
        let f = |line, status| InlineFinding {
            fingerprint: "0".repeat(16),
            file: "policies/a.sla.yaml".into(),
            line,
            status,
        };
        let s = inline_section(&[
            f(3, InlineStatus::Commented),
            f(9, InlineStatus::OutsideDiff),
            f(4, InlineStatus::Rejected("422: Line <x> @bob".into())),
        ]);
        assert!(s.contains("1 of 3 weakening(s)"), "{s}");
        assert!(
            s.contains("`policies/a.sla.yaml:9`: not on a changed line"),
            "{s}"
        );
        assert!(s.contains("&lt;x&gt; @\u{200B}bob"), "{s}");
        assert_eq!(inline_section(&[]), "");
    }

    mod through_the_trait {
        use crate::diagnostic::{ChangeInfo, Class, Code, Side, Span};
        use crate::github::fake::{BOT, FakePullRequests, Op, block_on, event, user};
        use crate::report::markdown::MARKER;

        use super::*;

        const FILE: &str = "policies/api.sla.yaml";
        const PATCH: &str = "@@ -1,3 +1,4 @@\n apiVersion: slagate/v1\n-  target: 99.9\n+  target: 99.5\n+  window: 30d\n kind: SLA";

        fn weakened(line: u32, after: &str) -> Diagnostic {
            let mut d = Diagnostic::new(
                Code::TargetWeakened,
                FILE.into(),
                Span::point(line, 3),
                format!("target lowered from `99.9` to `{after}`"),
            )
            .with_document("api")
            .with_objective("availability");
            d.change = Some(ChangeInfo {
                class: Class::Weakened,
                before: Some("99.9".into()),
                after: Some(after.into()),
                impact: None,
                side: Side::Head,
            });
            d
        }

        fn summary(text: &str) -> String {
            format!("{MARKER}\n{text}\n")
        }

        fn run(gh: &FakePullRequests, findings: &[Diagnostic], text: &str) -> Published {
            gh.clear_calls();
            block_on(publish(
                gh,
                &event("octocat", &[]),
                findings,
                &summary(text),
                true,
                None,
            ))
            .expect("every list is read")
        }

        /// `METHOD path` of each write.
        fn writes(gh: &FakePullRequests) -> Vec<String> {
            gh.writes()
                .iter()
                .map(|c| format!("{} {}", c.method, c.path))
                .collect()
        }

        fn bot() -> crate::github::api::User {
            crate::github::api::User {
                login: BOT.into(),
                kind: Some("Bot".into()),
            }
        }

        #[test]
        fn one_summary_is_created_then_edited_in_place_and_left_alone_when_unchanged() {
            let gh = FakePullRequests::new();
            let first = run(&gh, &[], "fails");
            assert_eq!(writes(&gh), ["POST /repos/octo/sla/issues/2/comments"]);
            assert_eq!(gh.writes()[0].body.as_deref(), Some(first.summary.as_str()));
            assert!(first.notices.is_empty(), "{:?}", first.notices);
            let id = gh.issue_comments()[0].id;

            run(&gh, &[], "fails");
            assert_eq!(writes(&gh), Vec::<String>::new());

            run(&gh, &[], "passes");
            assert_eq!(
                writes(&gh),
                [format!("PATCH /repos/octo/sla/issues/comments/{id}")]
            );
            let comments = gh.issue_comments();
            assert_eq!(comments.len(), 1);
            assert_eq!(
                comments[0].body.as_deref(),
                Some(summary("passes").as_str())
            );
        }

        #[test]
        fn a_pull_request_that_changes_no_agreement_gets_no_new_comment() {
            let gh = FakePullRequests::new();
            let published = block_on(publish(
                &gh,
                &event("octocat", &[]),
                &[],
                &summary("nothing"),
                false,
                None,
            ))
            .unwrap();
            assert_eq!(writes(&gh), Vec::<String>::new());
            assert!(!published.read_only);
        }

        #[test]
        fn duplicates_from_a_race_are_removed_keeping_the_oldest_and_foreign_ones_untouched() {
            let gh = FakePullRequests::new();
            let forged = gh.issue_comment(user("mallory"), &summary("forged"));
            let oldest = gh.issue_comment(bot(), &summary("old"));
            let newer = gh.issue_comment(bot(), &summary("old"));
            run(&gh, &[], "new");
            assert_eq!(
                writes(&gh),
                [
                    format!("PATCH /repos/octo/sla/issues/comments/{oldest}"),
                    format!("DELETE /repos/octo/sla/issues/comments/{newer}"),
                ]
            );
            let ids: Vec<u64> = gh.issue_comments().iter().map(|c| c.id).collect();
            assert_eq!(ids, [forged, oldest]);
        }

        #[test]
        fn inline_comments_are_posted_once_per_fingerprint() {
            let gh = FakePullRequests::new().file(FILE, PATCH);
            let findings = [weakened(3, "99.5"), weakened(9, "99.0")];
            let first = run(&gh, &findings, "fails");
            // The review is created pending (id 1: the fake's first id), then submitted.
            assert_eq!(
                writes(&gh),
                [
                    "POST /repos/octo/sla/pulls/2/reviews",
                    "POST /repos/octo/sla/pulls/2/reviews/1/events",
                    "POST /repos/octo/sla/issues/2/comments"
                ]
            );
            let review: serde_json::Value =
                serde_json::from_str(gh.writes()[0].body.as_deref().unwrap()).unwrap();
            assert_eq!(review["commit_id"], "h".repeat(40));
            assert_eq!(review.get("event"), None, "created pending: {review}");
            let submit: serde_json::Value =
                serde_json::from_str(gh.writes()[1].body.as_deref().unwrap()).unwrap();
            assert_eq!(submit["event"], "COMMENT");
            assert_eq!(submit["body"], review["body"]);
            let comments = review["comments"].as_array().unwrap();
            assert_eq!(comments.len(), 1, "line 9 is outside the diff: {review}");
            assert_eq!(comments[0]["path"], FILE);
            assert_eq!(comments[0]["line"], 3);
            assert_eq!(comments[0]["side"], "RIGHT");
            insta::assert_json_snapshot!("review_payload", review);
            let statuses: Vec<&InlineStatus> = first.inline.iter().map(|f| &f.status).collect();
            assert_eq!(
                statuses,
                [&InlineStatus::Commented, &InlineStatus::OutsideDiff]
            );

            // The same findings on a re-run: nothing is written again.
            let again = run(&gh, &findings, "fails");
            assert_eq!(writes(&gh), Vec::<String>::new());
            assert_eq!(again.inline, first.inline);
        }

        #[test]
        fn a_review_of_ours_with_the_same_head_and_findings_is_not_posted_again() {
            // A concurrent run posted this review after our listing of the comments: its
            // marker names the head and the findings. Posting would make a second review,
            // which GitHub cannot delete.
            let fps = [crate::github::review::fingerprint(&weakened(3, "99.5"))];
            let marker = crate::github::review::review_marker(&"h".repeat(40), &fps);
            let body = format!("**slagate** commented 1 weakening(s).\n\n{marker}");
            let gh = FakePullRequests::new().file(FILE, PATCH).review_with_body(
                bot(),
                "COMMENTED",
                Some(&body),
            );
            let published = run(&gh, &[weakened(3, "99.5")], "fails");
            assert_eq!(writes(&gh), ["POST /repos/octo/sla/issues/2/comments"]);
            assert_eq!(published.inline[0].status, InlineStatus::Commented);

            // Someone else's review with our marker, or ours on another head or with other
            // findings, does not count.
            let other = format!("quoted\n\n{marker}");
            for (author, text) in [
                (user("mallory"), other),
                (bot(), body.replace(&"h".repeat(40), &"e".repeat(40))),
                (
                    bot(),
                    crate::github::review::review_marker(&"h".repeat(40), &[]),
                ),
            ] {
                let gh = FakePullRequests::new().file(FILE, PATCH).review_with_body(
                    author,
                    "COMMENTED",
                    Some(&text),
                );
                run(&gh, &[weakened(3, "99.5")], "fails");
                // Ours is id 2: the review already there took the fake's first id.
                assert_eq!(
                    writes(&gh),
                    [
                        "POST /repos/octo/sla/pulls/2/reviews",
                        "POST /repos/octo/sla/pulls/2/reviews/2/events",
                        "POST /repos/octo/sla/issues/2/comments"
                    ],
                    "{text}"
                );
            }
        }

        #[test]
        fn a_pending_review_of_ours_is_the_lock_submitted_or_deleted_when_stale() {
            let fps = [crate::github::review::fingerprint(&weakened(3, "99.5"))];
            let marker = crate::github::review::review_marker(&"h".repeat(40), &fps);
            // Ours with the same marker (a crashed run's, or a concurrent one's about to be
            // submitted): the create is refused, and that review (id 1) is submitted.
            let gh = FakePullRequests::new().file(FILE, PATCH).review_with_body(
                bot(),
                "PENDING",
                Some(&format!("body\n\n{marker}")),
            );
            let published = run(&gh, &[weakened(3, "99.5")], "fails");
            assert_eq!(
                writes(&gh),
                [
                    "POST /repos/octo/sla/pulls/2/reviews",
                    "POST /repos/octo/sla/pulls/2/reviews/1/events",
                    "POST /repos/octo/sla/issues/2/comments"
                ]
            );
            let states: Vec<(u64, String)> =
                gh.reviews().into_iter().map(|r| (r.id, r.state)).collect();
            assert_eq!(states, [(1, "COMMENTED".to_string())]);
            assert_eq!(published.inline[0].status, InlineStatus::Commented);

            // Ours with another marker (an older head's): deleted, and the create tried once
            // more; the new review is id 2 and is submitted.
            let stale = crate::github::review::review_marker(&"e".repeat(40), &fps);
            let gh = FakePullRequests::new().file(FILE, PATCH).review_with_body(
                bot(),
                "PENDING",
                Some(&stale),
            );
            run(&gh, &[weakened(3, "99.5")], "fails");
            assert_eq!(
                writes(&gh),
                [
                    "POST /repos/octo/sla/pulls/2/reviews",
                    "DELETE /repos/octo/sla/pulls/2/reviews/1",
                    "POST /repos/octo/sla/pulls/2/reviews",
                    "POST /repos/octo/sla/pulls/2/reviews/2/events",
                    "POST /repos/octo/sla/issues/2/comments"
                ]
            );
            let states: Vec<(u64, String)> =
                gh.reviews().into_iter().map(|r| (r.id, r.state)).collect();
            assert_eq!(states, [(2, "COMMENTED".to_string())]);
        }

        #[test]
        fn a_pending_review_that_cannot_be_released_is_not_fought_over() {
            // The stale pending review cannot be deleted (a 500): no second create, the
            // findings say GitHub refused the review, and the run goes on to the summary.
            let stale = crate::github::review::review_marker(&"e".repeat(40), &[]);
            let gh = FakePullRequests::new()
                .file(FILE, PATCH)
                .review_with_body(bot(), "PENDING", Some(&stale))
                .fail(Op::DeletePendingReview, 500);
            let published = run(&gh, &[weakened(3, "99.5")], "fails");
            assert_eq!(
                writes(&gh),
                [
                    "POST /repos/octo/sla/pulls/2/reviews",
                    "DELETE /repos/octo/sla/pulls/2/reviews/1",
                    "POST /repos/octo/sla/issues/2/comments"
                ]
            );
            assert!(
                matches!(&published.inline[0].status, InlineStatus::Rejected(m) if m.contains("1 pending review")),
                "{:?}",
                published.inline
            );
        }

        #[test]
        fn obsolete_inline_comments_are_deleted_unless_someone_replied() {
            let gh = FakePullRequests::new().file(FILE, PATCH);
            run(&gh, &[weakened(3, "99.5"), weakened(4, "99.4")], "fails");
            let old: Vec<u64> = gh.review_comments().iter().map(|c| c.id).collect();
            assert_eq!(old.len(), 2);
            gh.reply(user("alice"), old[1], "why?");

            // A new push: both findings are gone, another one appears.
            run(&gh, &[weakened(3, "99.0")], "fails");
            let w = writes(&gh);
            assert_eq!(
                w[..2],
                [
                    format!("DELETE /repos/octo/sla/pulls/comments/{}", old[0]),
                    "POST /repos/octo/sla/pulls/2/reviews".to_string(),
                ]
            );
            assert!(
                !w.iter()
                    .any(|c| c.ends_with(&format!("/pulls/comments/{}", old[1]))),
                "{w:?}"
            );
            assert!(gh.review_comments().iter().any(|c| c.id == old[1]));
        }

        #[test]
        fn a_refused_review_is_folded_into_the_summary() {
            let gh = FakePullRequests::new()
                .file(FILE, PATCH)
                .fail_once(Op::CreateReview, 422);
            let published = run(&gh, &[weakened(3, "99.5")], "fails");
            assert_eq!(
                published.inline[0].status,
                InlineStatus::Rejected(
                    "422: Unprocessable Entity: Line could not be resolved".into()
                )
            );
            assert!(published.notices.is_empty(), "{:?}", published.notices);
            let body = gh.writes()[1].body.clone().unwrap();
            assert!(
                body.contains("GitHub refused the review comments: 422"),
                "{body}"
            );
            assert_eq!(gh.review_comments(), []);
        }

        #[test]
        fn a_read_only_token_degrades_to_one_notice_and_stops_writing() {
            let gh = FakePullRequests::new().file(FILE, PATCH);
            run(&gh, &[weakened(4, "99.4")], "fails");
            let gh = [
                Op::CreateReview,
                Op::DeleteReviewComment,
                Op::CreateIssueComment,
                Op::UpdateIssueComment,
                Op::DeleteIssueComment,
            ]
            .into_iter()
            .fold(gh, |gh, op| gh.fail(op, 403));

            let published = run(&gh, &[weakened(3, "99.5")], "changed");
            assert!(published.read_only);
            assert_eq!(
                published.notices,
                [Notice {
                    level: NoticeLevel::Notice,
                    message: READ_ONLY_NOTICE.to_string(),
                }]
            );
            // The first refused write (the obsolete comment) is the only one tried.
            let w = writes(&gh);
            assert_eq!(w.len(), 1, "{w:?}");
            assert!(
                w[0].starts_with("DELETE /repos/octo/sla/pulls/comments/"),
                "{w:?}"
            );
            assert_eq!(published.inline[0].status, InlineStatus::NotPosted);
            assert!(published.summary.contains("changed"));
        }

        #[test]
        fn a_server_error_after_a_write_is_not_answered_by_a_blind_repeat() {
            let gh = FakePullRequests::new()
                .file(FILE, PATCH)
                .fail_once_after_applying(Op::CreateReview, 502)
                .fail_once_after_applying(Op::CreateIssueComment, 502);
            let published = run(&gh, &[weakened(3, "99.5")], "fails");
            // The create (applied: a pending review), its submit once listed, the summary.
            let posts = gh.writes().iter().filter(|c| c.method == "POST").count();
            assert_eq!(posts, 3, "{:?}", writes(&gh));
            assert_eq!(gh.issue_comments().len(), 1);
            assert_eq!(gh.review_comments().len(), 1);
            assert_eq!(published.inline[0].status, InlineStatus::Commented);
        }

        #[test]
        fn a_list_that_cannot_be_read_whole_stops_before_any_write() {
            for op in [Op::ListFiles, Op::ListReviewComments, Op::ListIssueComments] {
                let gh = FakePullRequests::new().file(FILE, PATCH).fail(op, 500);
                let got = block_on(publish(
                    &gh,
                    &event("octocat", &[]),
                    &[weakened(3, "99.5")],
                    &summary("fails"),
                    true,
                    None,
                ));
                assert_eq!(
                    got.expect_err("no plan on part of a list").status(),
                    Some(500)
                );
                assert_eq!(writes(&gh), Vec::<String>::new(), "{op:?}");
            }
        }

        #[test]
        fn a_failed_listing_after_an_uncertain_post_stops_the_run() {
            // The review POST ends in a 502 (it may exist); listing again fails: nothing is
            // posted a second time, and the run does not carry on as if it knew.
            let gh = FakePullRequests::new()
                .file(FILE, PATCH)
                .fail_once(Op::CreateReview, 502);
            // The first listing succeeds; fail every later one.
            let gh = gh.fail_after(Op::ListReviewComments, 1, 500);
            let got = block_on(publish(
                &gh,
                &event("octocat", &[]),
                &[weakened(3, "99.5")],
                &summary("fails"),
                true,
                None,
            ));
            assert!(got.is_err());
            assert_eq!(writes(&gh), ["POST /repos/octo/sla/pulls/2/reviews"]);
        }

        #[test]
        fn a_refused_user_lookup_assumes_the_actions_bot_and_learns_who_posted() {
            // A GitHub App token: `GET /user` is refused, its comments are `my-app[bot]`'s.
            let gh = FakePullRequests::new()
                .with_user_token("my-app[bot]")
                .fail(Op::User, 403);
            let app = crate::github::api::User {
                login: "my-app[bot]".into(),
                kind: Some("Bot".into()),
            };
            let older = gh.issue_comment(app, &summary("old"));
            let published = run(&gh, &[], "new");
            let w = writes(&gh);
            // Assumed github-actions[bot], which has no summary here: one is created; its
            // author shows who we are, and our older summary is then the one kept.
            assert_eq!(
                w[..2],
                [
                    "POST /repos/octo/sla/issues/2/comments".to_string(),
                    format!("PATCH /repos/octo/sla/issues/comments/{older}"),
                ]
            );
            // Then the comment just created goes: it duplicates the older one.
            assert_eq!(w.len(), 3, "{w:?}");
            assert!(
                w[2].starts_with("DELETE /repos/octo/sla/issues/comments/"),
                "{w:?}"
            );
            assert!(!w[2].ends_with(&format!("/{older}")), "{w:?}");
            let left = gh.issue_comments();
            assert_eq!(left.len(), 1);
            assert_eq!(
                (left[0].id, left[0].body.as_deref()),
                (older, Some(summary("new").as_str()))
            );
            assert_eq!(
                published.notices,
                [Notice {
                    level: NoticeLevel::Notice,
                    message: identity_notice("github-actions[bot]", "my-app[bot]"),
                }]
            );
        }

        #[test]
        fn another_bots_marker_comment_is_never_ours() {
            // The Actions token (GET /user refused): we are github-actions[bot], assumed.
            let gh = FakePullRequests::new();
            let other = crate::github::api::User {
                login: "other-app[bot]".into(),
                kind: Some("Bot".into()),
            };
            let foreign = gh.issue_comment(other, &summary("someone else's"));
            let published = run(&gh, &[], "ours");
            assert_eq!(writes(&gh), ["POST /repos/octo/sla/issues/2/comments"]);
            assert!(published.notices.is_empty(), "{:?}", published.notices);
            let comments = gh.issue_comments();
            assert_eq!(comments[0].id, foreign);
            assert_eq!(
                comments[0].body.as_deref(),
                Some(summary("someone else's").as_str())
            );
            // A re-run finds its own (github-actions[bot]'s) and leaves both alone.
            run(&gh, &[], "ours");
            assert_eq!(writes(&gh), Vec::<String>::new());
        }

        #[test]
        fn a_lost_review_is_posted_again_only_for_what_is_missing() {
            let gh = FakePullRequests::new()
                .with_user_token("slagate-bot")
                .file(FILE, PATCH)
                .fail_once(Op::CreateReview, 502);
            let published = run(&gh, &[weakened(3, "99.5"), weakened(4, "99.4")], "fails");
            let reviews: Vec<serde_json::Value> = gh
                .writes()
                .iter()
                .filter(|c| c.path.ends_with("/reviews"))
                .map(|c| serde_json::from_str(c.body.as_deref().unwrap()).unwrap())
                .collect();
            assert_eq!(reviews.len(), 2);
            assert_eq!(reviews[1]["comments"].as_array().unwrap().len(), 2);
            assert!(
                gh.review_comments()
                    .iter()
                    .all(|c| c.user.as_ref().unwrap().login == "slagate-bot")
            );
            assert!(
                published
                    .inline
                    .iter()
                    .all(|f| f.status == InlineStatus::Commented)
            );
        }
    }
}
