//! [`PullRequests`] over GitHub's REST API: which path and method each call is. Every path
//! segment that comes from outside (owner, repository, login, team) is percent-encoded. How a
//! request is sent, retried and paginated is [`Client`]'s.

use super::api::{
    AuthenticatedUser, CommentBody, CreatedReview, Issue, IssueComment, IssueEvent, IssueUpdate,
    NewIssue, NewReview, PrFile, Review, ReviewComment, SubmitReview, TeamMembership,
};
use super::client::{Client, GitHubError, segment};
use super::issues::{Issues, RepoRef};
use super::pulls::{PullRef, PullRequests};

/// `/repos/{owner}/{repo}/issues`.
pub(super) fn issues(r: RepoRef<'_>) -> String {
    format!("/repos/{}/{}/issues", segment(r.owner), segment(r.repo))
}

/// `/repos/{owner}/{repo}/issues?labels=LABEL&state=all`: the issues of one label, open and
/// closed, oldest first (the client adds `per_page`).
pub(super) fn issues_with_label(r: RepoRef<'_>, label: &str) -> String {
    format!(
        "{}?labels={}&state=all&sort=created&direction=asc",
        issues(r),
        segment(label)
    )
}

/// `/repos/{owner}/{repo}/issues/{number}`.
pub(super) fn issue(r: RepoRef<'_>, number: u64) -> String {
    format!("{}/{number}", issues(r))
}

/// `/repos/{owner}/{repo}`.
pub(super) fn repo(pr: PullRef<'_>) -> String {
    format!("/repos/{}/{}", segment(pr.owner), segment(pr.repo))
}

/// `/repos/{owner}/{repo}/pulls/{number}/reviews`.
pub(super) fn reviews(pr: PullRef<'_>) -> String {
    format!("{}/pulls/{}/reviews", repo(pr), pr.number)
}

/// `/repos/{owner}/{repo}/pulls/{number}/reviews/{id}`.
pub(super) fn review(pr: PullRef<'_>, id: u64) -> String {
    format!("{}/{id}", reviews(pr))
}

/// `/orgs/{org}/teams/{team}/memberships/{login}`.
pub(super) fn team_membership(org: &str, team: &str, login: &str) -> String {
    format!(
        "/orgs/{}/teams/{}/memberships/{}",
        segment(org),
        segment(team),
        segment(login)
    )
}

/// `/repos/{owner}/{repo}/issues/{number}/events`.
pub(super) fn issue_events(pr: PullRef<'_>) -> String {
    format!("{}/issues/{}/events", repo(pr), pr.number)
}

/// `/repos/{owner}/{repo}/pulls/{number}/files`.
pub(super) fn files(pr: PullRef<'_>) -> String {
    format!("{}/pulls/{}/files", repo(pr), pr.number)
}

/// `/repos/{owner}/{repo}/pulls/{number}/comments`.
pub(super) fn review_comments(pr: PullRef<'_>) -> String {
    format!("{}/pulls/{}/comments", repo(pr), pr.number)
}

/// `/repos/{owner}/{repo}/pulls/comments/{id}`.
pub(super) fn review_comment(pr: PullRef<'_>, id: u64) -> String {
    format!("{}/pulls/comments/{id}", repo(pr))
}

/// `/repos/{owner}/{repo}/issues/{number}/comments`.
pub(super) fn issue_comments(pr: PullRef<'_>) -> String {
    format!("{}/issues/{}/comments", repo(pr), pr.number)
}

/// `/repos/{owner}/{repo}/issues/comments/{id}`.
pub(super) fn issue_comment(pr: PullRef<'_>, id: u64) -> String {
    format!("{}/issues/comments/{id}", repo(pr))
}

/// How a list is named in the error when it cannot be read whole: `review of pull request #7`
/// (the message reads "could not read every review of pull request #7: ...").
fn named(item: &str, pr: PullRef<'_>) -> String {
    format!("{item} of pull request #{}", pr.number)
}

impl PullRequests for Client {
    async fn authenticated_user(&self) -> Result<AuthenticatedUser, GitHubError> {
        self.get("/user").await
    }

    async fn list_reviews(&self, pr: PullRef<'_>) -> Result<Vec<Review>, GitHubError> {
        self.list(&reviews(pr), &named("review", pr)).await
    }

    async fn team_membership(
        &self,
        org: &str,
        team: &str,
        login: &str,
    ) -> Result<TeamMembership, GitHubError> {
        self.get(&team_membership(org, team, login)).await
    }

    async fn list_issue_events(&self, pr: PullRef<'_>) -> Result<Vec<IssueEvent>, GitHubError> {
        self.list(
            &issue_events(pr),
            &format!("{} (who added each label)", named("event", pr)),
        )
        .await
    }

    async fn list_files(&self, pr: PullRef<'_>) -> Result<Vec<PrFile>, GitHubError> {
        self.list(&files(pr), &named("changed file", pr)).await
    }

    async fn list_review_comments(
        &self,
        pr: PullRef<'_>,
    ) -> Result<Vec<ReviewComment>, GitHubError> {
        self.list(&review_comments(pr), &named("review comment", pr))
            .await
    }

    async fn create_review(
        &self,
        pr: PullRef<'_>,
        review: &NewReview<'_>,
    ) -> Result<CreatedReview, GitHubError> {
        self.post(&reviews(pr), review).await
    }

    async fn submit_review(
        &self,
        pr: PullRef<'_>,
        id: u64,
        submit: &SubmitReview<'_>,
    ) -> Result<CreatedReview, GitHubError> {
        self.post(&format!("{}/events", review(pr, id)), submit)
            .await
    }

    async fn delete_pending_review(&self, pr: PullRef<'_>, id: u64) -> Result<(), GitHubError> {
        self.delete(&review(pr, id)).await
    }

    async fn delete_review_comment(&self, pr: PullRef<'_>, id: u64) -> Result<(), GitHubError> {
        self.delete(&review_comment(pr, id)).await
    }

    async fn list_issue_comments(&self, pr: PullRef<'_>) -> Result<Vec<IssueComment>, GitHubError> {
        self.list(&issue_comments(pr), &named("comment", pr)).await
    }

    async fn create_issue_comment(
        &self,
        pr: PullRef<'_>,
        body: &str,
    ) -> Result<IssueComment, GitHubError> {
        self.post(&issue_comments(pr), &CommentBody { body }).await
    }

    async fn update_issue_comment(
        &self,
        pr: PullRef<'_>,
        id: u64,
        body: &str,
    ) -> Result<IssueComment, GitHubError> {
        self.patch(&issue_comment(pr, id), &CommentBody { body })
            .await
    }

    async fn delete_issue_comment(&self, pr: PullRef<'_>, id: u64) -> Result<(), GitHubError> {
        self.delete(&issue_comment(pr, id)).await
    }
}

impl Issues for Client {
    async fn list_issues_with_label(
        &self,
        repo: RepoRef<'_>,
        label: &str,
    ) -> Result<Vec<Issue>, GitHubError> {
        self.list(
            &issues_with_label(repo, label),
            &format!("issue labelled `{label}`"),
        )
        .await
    }

    async fn create_issue(
        &self,
        repo: RepoRef<'_>,
        new: &NewIssue<'_>,
    ) -> Result<Issue, GitHubError> {
        self.post(&issues(repo), new).await
    }

    async fn update_issue(
        &self,
        repo: RepoRef<'_>,
        number: u64,
        update: &IssueUpdate<'_>,
    ) -> Result<Issue, GitHubError> {
        self.patch(&issue(repo, number), update).await
    }

    async fn comment_on_issue(
        &self,
        repo: RepoRef<'_>,
        number: u64,
        body: &str,
    ) -> Result<IssueComment, GitHubError> {
        self.post(
            &format!("{}/comments", issue(repo, number)),
            &CommentBody { body },
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_encode_every_outside_segment() {
        let pr = PullRef {
            owner: "o w",
            repo: "r",
            number: 7,
        };
        assert_eq!(reviews(pr), "/repos/o%20w/r/pulls/7/reviews");
        assert_eq!(issue_comment(pr, 9), "/repos/o%20w/r/issues/comments/9");
        assert_eq!(named("review", pr), "review of pull request #7");
        let r = RepoRef {
            owner: "o w",
            repo: "r",
        };
        assert_eq!(
            issues_with_label(r, "sla governance&x"),
            "/repos/o%20w/r/issues?labels=sla%20governance%26x&state=all&sort=created&direction=asc"
        );
        assert_eq!(issue(r, 12), "/repos/o%20w/r/issues/12");
        assert_eq!(
            team_membership("acme", "sla", "github-actions[bot]"),
            "/orgs/acme/teams/sla/memberships/github-actions%5Bbot%5D"
        );
    }
}
