//! What each operation does to the state and answers. Requests reach these functions only after
//! they passed validation against the description; what is checked here is GitHub's own
//! server-side behaviour (a review comment's line must be inside the diff, a body is at most
//! 65,536 characters, the author cannot approve their own pull request, ...). Such a check
//! answers like GitHub (422, 404) and, when it points at a bug in the client, is also noted as a
//! violation.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::Spec;
use super::ViolationKind;
use super::diff::Patch;
use super::openapi::Operation;
use super::state::{
    CommitStatus, Issue, IssueComment, Review, ReviewComment, State, fake_sha, parse_iso8601,
};

/// GitHub's limit on comment and review bodies.
pub const MAX_BODY_CHARS: usize = 65_536;

/// An answer built by a handler.
#[derive(Debug, Clone)]
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// Extra headers (`Link`, `Location`).
    pub headers: Vec<(String, String)>,
    /// JSON body (`None` for 204).
    pub body: Option<Value>,
}

impl Reply {
    fn json(status: u16, body: Value) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Some(body),
        }
    }

    fn no_content() -> Reply {
        Reply {
            status: 204,
            headers: Vec::new(),
            body: None,
        }
    }
}

/// Everything a handler may look at or change.
pub struct Ctx<'a> {
    /// The description (for examples).
    pub spec: &'a Spec,
    /// The matched operation.
    pub op: &'a Operation,
    /// The state.
    pub state: &'a mut State,
    /// Decoded path parameters.
    pub params: &'a [(String, String)],
    /// Decoded query parameters.
    pub query: &'a [(String, String)],
    /// The JSON body (`{}` when the operation takes none).
    pub body: &'a Value,
    /// Absolute URL of the request path (no query), for `Link` headers.
    pub request_url: String,
    /// Violations noticed while handling (client bugs GitHub would also reject or that break
    /// the gate's contract).
    pub notes: Vec<(ViolationKind, String)>,
}

type Result<T> = std::result::Result<T, Reply>;

impl Ctx<'_> {
    fn param(&self, name: &str) -> &str {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }

    fn param_u64(&self, name: &str) -> u64 {
        self.param(name).parse().unwrap_or(0)
    }

    fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn body_str(&self, key: &str) -> Option<&str> {
        self.body.get(key).and_then(Value::as_str)
    }

    fn note(&mut self, kind: ViolationKind, message: impl Into<String>) {
        self.notes.push((kind, message.into()));
    }

    fn error(&self, status: u16, message: &str) -> Reply {
        Reply::json(
            status,
            json!({
                "message": message,
                "documentation_url": self.op.docs_url,
                "status": status.to_string(),
            }),
        )
    }

    fn not_found(&self) -> Reply {
        self.error(404, "Not Found")
    }

    /// 422 in the `validation-error-simple` shape (reviews).
    fn unprocessable(&self, errors: &[String]) -> Reply {
        Reply::json(
            422,
            json!({
                "message": "Unprocessable Entity",
                "errors": errors,
                "documentation_url": self.op.docs_url,
                "status": "422",
            }),
        )
    }

    /// 422 in the `validation-error` shape (comments).
    fn validation_failed(&self, resource: &str, field: &str, message: &str) -> Reply {
        Reply::json(
            422,
            json!({
                "message": "Validation Failed",
                "errors": [{ "resource": resource, "code": "custom", "field": field, "message": message }],
                "documentation_url": self.op.docs_url,
                "status": "422",
            }),
        )
    }

    fn check_repo(&mut self) -> Result<()> {
        let (owner, repo) = (
            self.param("owner").to_owned(),
            self.param("repo").to_owned(),
        );
        if owner.eq_ignore_ascii_case(&self.state.owner)
            && repo.eq_ignore_ascii_case(&self.state.repo)
        {
            Ok(())
        } else {
            let message = format!(
                "repository {owner}/{repo} does not exist (the mock serves {}/{})",
                self.state.owner, self.state.repo
            );
            self.note(ViolationKind::Semantic, message);
            Err(self.not_found())
        }
    }

    fn pull_number(&mut self) -> Result<u64> {
        self.check_repo()?;
        let number = if self.params.iter().any(|(n, _)| n == "pull_number") {
            self.param_u64("pull_number")
        } else {
            self.param_u64("issue_number")
        };
        let issue_path = !self.params.iter().any(|(n, _)| n == "pull_number");
        if self.state.pulls.contains_key(&number)
            || (issue_path && self.state.issues.contains_key(&number))
        {
            Ok(number)
        } else {
            self.note(
                ViolationKind::Semantic,
                format!("pull request / issue #{number} does not exist"),
            );
            Err(self.not_found())
        }
    }

    fn check_body_length(&mut self, body: &str, resource: &str) -> Result<()> {
        if body.chars().count() > MAX_BODY_CHARS {
            self.note(
                ViolationKind::Semantic,
                format!(
                    "{resource} body has {} characters (GitHub's maximum is {MAX_BODY_CHARS})",
                    body.chars().count()
                ),
            );
            Err(self.validation_failed(
                resource,
                "data",
                "Body is too long (maximum is 65536 characters)",
            ))
        } else {
            Ok(())
        }
    }

    fn token_user(&self) -> String {
        self.state.token_user.clone()
    }

    /// Pages `items` by `per_page`/`page` and adds GitHub's `Link` header.
    fn paginate(&mut self, items: Vec<Value>) -> Reply {
        self.paginate_with(items, |_, v| v)
    }

    /// [`paginate`](Self::paginate), building the JSON of the requested page's items only: a
    /// list of 10,000 reviews read page by page would otherwise build every item's JSON for
    /// every page (a million users' JSON for one run).
    fn paginate_with<T>(
        &mut self,
        items: Vec<T>,
        to_json: impl Fn(&mut State, T) -> Value,
    ) -> Reply {
        let per_page: usize = self
            .query("per_page")
            .and_then(|v| v.parse().ok())
            .unwrap_or(30)
            .max(1);
        let page: usize = self
            .query("page")
            .and_then(|v| v.parse().ok())
            .unwrap_or(1)
            .max(1);
        let total = items.len();
        let last = total.div_ceil(per_page).max(1);
        let slice: Vec<Value> = items
            .into_iter()
            .skip((page - 1).saturating_mul(per_page))
            .take(per_page)
            .map(|item| to_json(self.state, item))
            .collect();
        self.state.items_built += slice.len();
        let mut links = Vec::new();
        let link = |to: usize, rel: &str| format!("<{}>; rel=\"{rel}\"", self.page_url(to));
        if page > 1 {
            links.push(link((page - 1).min(last), "prev"));
        }
        if page < last {
            links.push(link(page + 1, "next"));
            links.push(link(last, "last"));
        }
        if page > 1 {
            links.push(link(1, "first"));
        }
        let mut reply = Reply::json(200, Value::Array(slice));
        if !links.is_empty() {
            reply.headers.push(("Link".into(), links.join(", ")));
        }
        reply
    }

    fn page_url(&self, page: usize) -> String {
        let mut pairs: Vec<(String, String)> = self
            .query
            .iter()
            .filter(|(n, _)| n != "page")
            .cloned()
            .collect();
        pairs.push(("page".into(), page.to_string()));
        let query: Vec<String> = pairs
            .iter()
            .map(|(n, v)| format!("{}={}", encode(n), encode(v)))
            .collect();
        format!("{}?{}", self.request_url, query.join("&"))
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub fn encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Runs the operation. `Err` and `Ok` are both answers; `Err` is an error answer.
pub fn dispatch(ctx: &mut Ctx<'_>) -> Reply {
    let id = ctx.op.id.clone();
    let result = match id.as_str() {
        "users/get-authenticated" => get_authenticated_user(ctx),
        "rate-limit/get" => Ok(rate_limit(ctx)),
        "repos/get" => get_repo(ctx),
        "issues/list-comments" => list_issue_comments(ctx),
        "issues/create-comment" => create_issue_comment(ctx),
        "issues/get-comment" => get_issue_comment(ctx),
        "issues/update-comment" => update_issue_comment(ctx),
        "issues/delete-comment" => delete_issue_comment(ctx),
        "issues/list-labels-on-issue" => list_issue_labels(ctx),
        "issues/list-labels-for-repo" => list_repo_labels(ctx),
        "issues/list-events" => list_issue_events(ctx),
        "issues/list-for-repo" => list_repo_issues(ctx),
        "issues/create" => create_issue(ctx),
        "issues/get" => get_issue(ctx),
        "issues/update" => update_issue(ctx),
        "pulls/get" => get_pull(ctx),
        "pulls/list-files" => list_files(ctx),
        "pulls/list-commits" => list_commits(ctx),
        "pulls/list-reviews" => list_reviews(ctx),
        "pulls/create-review" => create_review(ctx),
        "pulls/get-review" => get_review(ctx),
        "pulls/update-review" => update_review(ctx),
        "pulls/delete-pending-review" => delete_pending_review(ctx),
        "pulls/submit-review" => submit_review(ctx),
        "pulls/dismiss-review" => dismiss_review(ctx),
        "pulls/list-comments-for-review" => list_comments_for_review(ctx),
        "pulls/list-review-comments" => list_review_comments(ctx),
        "pulls/create-review-comment" => create_review_comment(ctx),
        "pulls/create-reply-for-review-comment" => create_reply(ctx),
        "pulls/get-review-comment" => get_review_comment(ctx),
        "pulls/update-review-comment" => update_review_comment(ctx),
        "pulls/delete-review-comment" => delete_review_comment(ctx),
        "repos/create-commit-status" => create_status(ctx),
        "repos/get-combined-status-for-ref" => combined_status(ctx),
        "teams/get-membership-for-user-in-org" => Ok(team_membership(ctx)),
        other => {
            let message =
                format!("operation {other} is in the description but not implemented by the mock");
            ctx.note(ViolationKind::NotImplemented, message.clone());
            Err(ctx.error(501, &message))
        }
    };
    result.unwrap_or_else(|reply| reply)
}

// ---------------------------------------------------------------- users, repository

fn get_authenticated_user(ctx: &mut Ctx<'_>) -> Result<Reply> {
    if ctx.state.installation_token {
        return Err(ctx.error(403, "Resource not accessible by integration"));
    }
    let login = ctx.token_user();
    let mut user = ctx.state.rewrite_example(
        &ctx.spec
            .example("private-user-response-with-public-and-private-profile-information"),
    );
    let simple = ctx.state.user_json(&login);
    for (key, value) in simple.as_object().expect("object") {
        user[key] = value.clone();
    }
    user["name"] = json!(login);
    user["email"] = Value::Null;
    user["twitter_username"] = Value::Null;
    Ok(Reply::json(200, user))
}

fn rate_limit(ctx: &mut Ctx<'_>) -> Reply {
    Reply::json(
        200,
        ctx.state
            .rewrite_example(&ctx.spec.example("rate-limit-overview")),
    )
}

fn repo_json(ctx: &mut Ctx<'_>) -> Value {
    let mut repo = ctx
        .state
        .rewrite_example(&ctx.spec.example("full-repository-default-response"));
    let map = repo.as_object_mut().expect("object");
    // Fork details of the example are not about this repository (and miss `language`).
    map.remove("parent");
    map.remove("source");
    map.remove("template_repository");
    let state = &mut *ctx.state;
    let owner = state.owner.clone();
    let owner_json = state.user_json(&owner);
    repo["id"] = json!(state.repo_id);
    repo["node_id"] = json!(format!("R_kgDOmock{}", state.repo_id));
    repo["name"] = json!(state.repo);
    repo["full_name"] = json!(format!("{}/{}", state.owner, state.repo));
    repo["owner"] = owner_json;
    repo["default_branch"] = json!(state.default_branch);
    repo["language"] = json!("Rust");
    repo["private"] = json!(false);
    repo["visibility"] = json!("public");
    repo["fork"] = json!(false);
    repo
}

fn get_repo(ctx: &mut Ctx<'_>) -> Result<Reply> {
    ctx.check_repo()?;
    Ok(Reply::json(200, repo_json(ctx)))
}

// ---------------------------------------------------------------- issue comments

fn since_filter(ctx: &Ctx<'_>) -> Option<String> {
    ctx.query("since").map(str::to_owned)
}

fn is_after(time: &str, since: &str) -> bool {
    match (parse_iso8601(time), parse_iso8601(since)) {
        (Some(a), Some(b)) => a >= b,
        _ => time >= since,
    }
}

fn list_issue_comments(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let number = ctx.pull_number()?;
    let since = since_filter(ctx);
    let comments: Vec<IssueComment> = ctx
        .state
        .issue_comments
        .iter()
        .filter(|c| c.issue_number == number)
        .filter(|c| since.as_deref().is_none_or(|s| is_after(&c.updated_at, s)))
        .cloned()
        .collect();
    Ok(ctx.paginate_with(comments, |s, c| s.issue_comment_json(&c)))
}

fn create_issue_comment(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let number = ctx.pull_number()?;
    let body = ctx.body_str("body").unwrap_or_default().to_owned();
    ctx.check_body_length(&body, "IssueComment")?;
    let now = ctx.state.tick();
    let comment = IssueComment {
        id: ctx.state.next_id(),
        issue_number: number,
        author: ctx.token_user(),
        body,
        created_at: now.clone(),
        updated_at: now,
    };
    ctx.state.issue_comments.push(comment.clone());
    let json = ctx.state.issue_comment_json(&comment);
    let mut reply = Reply::json(201, json.clone());
    reply.headers.push((
        "Location".into(),
        json["url"].as_str().unwrap_or_default().to_owned(),
    ));
    Ok(reply)
}

fn find_issue_comment(ctx: &mut Ctx<'_>) -> Result<usize> {
    ctx.check_repo()?;
    let id = ctx.param_u64("comment_id");
    ctx.state
        .issue_comments
        .iter()
        .position(|c| c.id == id)
        .ok_or_else(|| ctx.not_found())
}

fn check_own(ctx: &mut Ctx<'_>, author: &str, what: &str) {
    let me = ctx.token_user();
    if !author.eq_ignore_ascii_case(&me) {
        ctx.note(
            ViolationKind::ForeignComment,
            format!("{what} authored by {author}, not by the token's user {me}"),
        );
    }
}

fn get_issue_comment(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let at = find_issue_comment(ctx)?;
    let comment = ctx.state.issue_comments[at].clone();
    Ok(Reply::json(200, ctx.state.issue_comment_json(&comment)))
}

fn update_issue_comment(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let at = find_issue_comment(ctx)?;
    let author = ctx.state.issue_comments[at].author.clone();
    check_own(ctx, &author, "edited an issue comment");
    let body = ctx.body_str("body").unwrap_or_default().to_owned();
    ctx.check_body_length(&body, "IssueComment")?;
    let now = ctx.state.tick();
    let comment = &mut ctx.state.issue_comments[at];
    comment.body = body;
    comment.updated_at = now;
    let comment = comment.clone();
    Ok(Reply::json(200, ctx.state.issue_comment_json(&comment)))
}

fn delete_issue_comment(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let at = find_issue_comment(ctx)?;
    let author = ctx.state.issue_comments[at].author.clone();
    check_own(ctx, &author, "deleted an issue comment");
    ctx.state.issue_comments.remove(at);
    ctx.state.tick();
    Ok(Reply::no_content())
}

// ---------------------------------------------------------------- labels and events

fn list_issue_labels(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let number = ctx.pull_number()?;
    let names = ctx
        .state
        .issue_labels
        .get(&number)
        .cloned()
        .unwrap_or_default();
    let items = names
        .iter()
        .map(|n| {
            let label = ctx.state.label(n);
            ctx.state.label_json(&label)
        })
        .collect();
    Ok(ctx.paginate(items))
}

fn list_repo_labels(ctx: &mut Ctx<'_>) -> Result<Reply> {
    ctx.check_repo()?;
    let items = ctx
        .state
        .labels
        .iter()
        .map(|l| ctx.state.label_json(l))
        .collect();
    Ok(ctx.paginate(items))
}

fn list_issue_events(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let number = ctx.pull_number()?;
    let events: Vec<_> = ctx
        .state
        .events
        .iter()
        .filter(|e| e.issue_number == number)
        .cloned()
        .collect();
    Ok(ctx.paginate_with(events, |s, e| s.event_json(&e)))
}

// ---------------------------------------------------------------- issues

/// A pull request as the issues API shows it: an issue with `pull_request`.
fn pull_as_issue(state: &mut State, example: &Value, number: u64) -> Value {
    let pr = state.pulls[&number].clone();
    let labels = state.issue_labels.get(&number).cloned().unwrap_or_default();
    let as_issue = Issue {
        number,
        title: pr.title.clone(),
        body: pr.body.clone(),
        state: pr.state.clone(),
        state_reason: None,
        labels,
        author: pr.author.clone(),
        created_at: pr.created_at.clone(),
        updated_at: pr.updated_at.clone(),
        closed_at: None,
    };
    let mut v = state.issue_json(example, &as_issue);
    let html = v["html_url"]
        .as_str()
        .unwrap_or_default()
        .replace("/issues/", "/pull/");
    let api = v["url"]
        .as_str()
        .unwrap_or_default()
        .replace("/issues/", "/pulls/");
    v["html_url"] = json!(html);
    v["pull_request"] = json!({
        "url": api,
        "html_url": html,
        "diff_url": format!("{html}.diff"),
        "patch_url": format!("{html}.patch"),
    });
    v
}

/// `GET /repos/{owner}/{repo}/issues`: issues and pull requests, filtered by `labels` (every
/// one, comma-separated, case-insensitive) and `state` (`open` by default), sorted by
/// `created` (`desc` by default), paginated.
fn list_repo_issues(ctx: &mut Ctx<'_>) -> Result<Reply> {
    ctx.check_repo()?;
    for unsupported in [
        "milestone",
        "assignee",
        "type",
        "creator",
        "mentioned",
        "since",
    ] {
        if ctx.query(unsupported).is_some() {
            let message = format!("the mock does not filter issues by `{unsupported}`");
            ctx.note(ViolationKind::NotImplemented, message.clone());
            return Err(ctx.error(501, &message));
        }
    }
    if ctx.query("sort").is_some_and(|s| s != "created") {
        ctx.note(
            ViolationKind::NotImplemented,
            "the mock sorts issues by `created` only",
        );
    }
    let wanted: Vec<String> = ctx
        .query("labels")
        .map(|l| l.split(',').map(|x| x.trim().to_lowercase()).collect())
        .unwrap_or_default();
    let state = ctx.query("state").unwrap_or("open").to_owned();
    let has = |labels: &[String]| {
        wanted
            .iter()
            .all(|w| labels.iter().any(|l| l.to_lowercase() == *w))
    };
    let keeps = |s: &str| state == "all" || s == state;
    let mut numbers: Vec<u64> = ctx
        .state
        .issues
        .values()
        .filter(|i| has(&i.labels) && keeps(&i.state))
        .map(|i| i.number)
        .collect();
    for (n, pr) in &ctx.state.pulls {
        let labels = ctx.state.issue_labels.get(n).cloned().unwrap_or_default();
        if has(&labels) && keeps(&pr.state) {
            numbers.push(*n);
        }
    }
    numbers.sort_unstable();
    if ctx.query("direction") != Some("asc") {
        numbers.reverse();
    }
    let example = ctx.spec.example("issue");
    Ok(ctx.paginate_with(numbers, move |state, n| {
        match state.issues.get(&n).cloned() {
            Some(i) => state.issue_json(&example, &i),
            None => pull_as_issue(state, &example, n),
        }
    }))
}

fn create_issue(ctx: &mut Ctx<'_>) -> Result<Reply> {
    ctx.check_repo()?;
    let title = match ctx.body.get("title") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => return Err(ctx.validation_failed("Issue", "title", "missing_field")),
    };
    let body = ctx.body_str("body").unwrap_or_default().to_owned();
    ctx.check_body_length(&body, "Issue")?;
    let labels: Vec<String> = ctx
        .body
        .get("labels")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|l| l.as_str().or_else(|| l.get("name")?.as_str()))
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let me = ctx.token_user();
    let refs: Vec<&str> = labels.iter().map(String::as_str).collect();
    let number = ctx.state.add_issue(&me, &title, &body, &refs, true);
    let issue = ctx.state.issues[&number].clone();
    let example = ctx.spec.example("issue");
    let json = ctx.state.issue_json(&example, &issue);
    let mut reply = Reply::json(201, json.clone());
    reply.headers.push((
        "Location".into(),
        json["url"].as_str().unwrap_or_default().to_owned(),
    ));
    Ok(reply)
}

fn find_issue(ctx: &mut Ctx<'_>) -> Result<u64> {
    ctx.check_repo()?;
    let number = ctx.param_u64("issue_number");
    if ctx.state.issues.contains_key(&number) {
        return Ok(number);
    }
    if ctx.state.pulls.contains_key(&number) {
        ctx.note(
            ViolationKind::NotImplemented,
            format!("#{number} is a pull request: the mock serves issues only here"),
        );
    } else {
        ctx.note(
            ViolationKind::Semantic,
            format!("issue #{number} does not exist"),
        );
    }
    Err(ctx.not_found())
}

fn get_issue(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let number = find_issue(ctx)?;
    let issue = ctx.state.issues[&number].clone();
    let example = ctx.spec.example("issue");
    Ok(Reply::json(200, ctx.state.issue_json(&example, &issue)))
}

fn update_issue(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let number = find_issue(ctx)?;
    let body = ctx.body.clone();
    if let Some(text) = body.get("body").and_then(Value::as_str) {
        ctx.check_body_length(text, "Issue")?;
    }
    let now = ctx.state.tick();
    let issue = ctx.state.issues.get_mut(&number).expect("found");
    if let Some(title) = body.get("title").and_then(Value::as_str) {
        title.clone_into(&mut issue.title);
    }
    match body.get("body") {
        Some(Value::String(text)) => issue.body = Some(text.clone()),
        Some(Value::Null) => issue.body = None,
        _ => {}
    }
    if let Some(state) = body.get("state").and_then(Value::as_str) {
        if state != issue.state {
            let reason = body.get("state_reason").and_then(Value::as_str);
            state.clone_into(&mut issue.state);
            if state == "closed" {
                issue.closed_at = Some(now.clone());
                issue.state_reason = Some(reason.unwrap_or("completed").to_owned());
            } else {
                issue.closed_at = None;
                issue.state_reason = Some("reopened".to_owned());
            }
        }
    }
    issue.updated_at = now;
    let issue = issue.clone();
    let example = ctx.spec.example("issue");
    Ok(Reply::json(200, ctx.state.issue_json(&example, &issue)))
}

// ---------------------------------------------------------------- pull request

fn get_pull(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let number = ctx.pull_number()?;
    let pr = ctx.state.pulls[&number].clone();
    let mut value = ctx.state.rewrite_example(&ctx.spec.example("pull-request"));
    let api = format!(
        "{}/repos/{}/{}",
        ctx.state.api_base, ctx.state.owner, ctx.state.repo
    );
    let html = format!(
        "{}/{}/{}",
        ctx.state.html_base, ctx.state.owner, ctx.state.repo
    );
    let repo = repo_json(ctx);
    let user = ctx.state.user_json(&pr.author);
    let owner = ctx.state.owner.clone();
    let owner_json = ctx.state.user_json(&owner);
    let labels: Vec<Value> = ctx
        .state
        .issue_labels
        .get(&number)
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|n| {
            let label = ctx.state.label(n);
            ctx.state.label_json(&label)
        })
        .collect();
    let (additions, deletions, changed) = ctx.state.files.get(&number).map_or((0, 0, 0), |files| {
        files.iter().fold((0, 0, 0), |(a, d, c), f| {
            let (fa, fd) = f.parsed().counts();
            (a + fa, d + fd, c + 1)
        })
    });
    let association = ctx.state.account(&pr.author).association;
    let set = |v: &mut Value, key: &str, x: Value| v[key] = x;
    set(&mut value, "url", json!(format!("{api}/pulls/{number}")));
    set(&mut value, "id", json!(1_000_000 + number));
    set(&mut value, "node_id", json!(format!("PR_kwDOmock{number}")));
    set(
        &mut value,
        "html_url",
        json!(format!("{html}/pull/{number}")),
    );
    set(
        &mut value,
        "diff_url",
        json!(format!("{html}/pull/{number}.diff")),
    );
    set(
        &mut value,
        "patch_url",
        json!(format!("{html}/pull/{number}.patch")),
    );
    set(
        &mut value,
        "issue_url",
        json!(format!("{api}/issues/{number}")),
    );
    set(
        &mut value,
        "commits_url",
        json!(format!("{api}/pulls/{number}/commits")),
    );
    set(
        &mut value,
        "review_comments_url",
        json!(format!("{api}/pulls/{number}/comments")),
    );
    set(
        &mut value,
        "review_comment_url",
        json!(format!("{api}/pulls/comments{{/number}}")),
    );
    set(
        &mut value,
        "comments_url",
        json!(format!("{api}/issues/{number}/comments")),
    );
    set(
        &mut value,
        "statuses_url",
        json!(format!("{api}/statuses/{}", pr.head_sha)),
    );
    set(&mut value, "number", json!(number));
    set(&mut value, "state", json!(pr.state));
    set(&mut value, "locked", json!(false));
    set(&mut value, "title", json!(pr.title));
    set(&mut value, "user", user.clone());
    set(&mut value, "body", json!(pr.body));
    set(&mut value, "labels", Value::Array(labels));
    set(&mut value, "milestone", Value::Null);
    set(&mut value, "created_at", json!(pr.created_at));
    set(&mut value, "updated_at", json!(pr.updated_at));
    set(&mut value, "closed_at", Value::Null);
    set(&mut value, "merged_at", Value::Null);
    set(
        &mut value,
        "merge_commit_sha",
        json!(fake_sha(&format!("merge:{}", pr.head_sha))),
    );
    set(&mut value, "assignee", Value::Null);
    set(&mut value, "assignees", json!([]));
    set(&mut value, "requested_reviewers", json!([]));
    set(&mut value, "requested_teams", json!([]));
    set(&mut value, "author_association", json!(association));
    set(&mut value, "auto_merge", Value::Null);
    set(&mut value, "draft", json!(pr.draft));
    set(&mut value, "merged", json!(false));
    set(&mut value, "mergeable", json!(true));
    set(&mut value, "rebaseable", json!(true));
    set(&mut value, "mergeable_state", json!("blocked"));
    set(&mut value, "merged_by", Value::Null);
    let comments = ctx
        .state
        .issue_comments
        .iter()
        .filter(|c| c.issue_number == number)
        .count();
    let review_comments = ctx
        .state
        .review_comments
        .iter()
        .filter(|c| c.pull_number == number)
        .count();
    set(&mut value, "comments", json!(comments));
    set(&mut value, "review_comments", json!(review_comments));
    set(&mut value, "commits", json!(pr.commits.len()));
    set(&mut value, "additions", json!(additions));
    set(&mut value, "deletions", json!(deletions));
    set(&mut value, "changed_files", json!(changed));
    for (side, git_ref, sha, who) in [
        ("head", &pr.head_ref, &pr.head_sha, &user),
        ("base", &pr.base_ref, &pr.base_sha, &owner_json),
    ] {
        let login = who["login"].as_str().unwrap_or_default();
        value[side] = json!({
            "label": format!("{login}:{git_ref}"),
            "ref": git_ref,
            "sha": sha,
            "user": who,
            "repo": repo,
        });
    }
    value["_links"] = json!({
        "self": { "href": format!("{api}/pulls/{number}") },
        "html": { "href": format!("{html}/pull/{number}") },
        "issue": { "href": format!("{api}/issues/{number}") },
        "comments": { "href": format!("{api}/issues/{number}/comments") },
        "review_comments": { "href": format!("{api}/pulls/{number}/comments") },
        "review_comment": { "href": format!("{api}/pulls/comments{{/number}}") },
        "commits": { "href": format!("{api}/pulls/{number}/commits") },
        "statuses": { "href": format!("{api}/statuses/{}", pr.head_sha) },
    });
    Ok(Reply::json(200, value))
}

fn list_files(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let number = ctx.pull_number()?;
    let files = ctx.state.files.get(&number).cloned().unwrap_or_default();
    Ok(ctx.paginate_with(files, |s, f| s.file_json(number, &f)))
}

fn list_commits(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let number = ctx.pull_number()?;
    let pr = ctx.state.pulls[&number].clone();
    let template = ctx
        .state
        .rewrite_example(&ctx.spec.example("commit-items"))
        .as_array()
        .and_then(|a| a.first().cloned())
        .expect("commit-items example");
    let api = format!(
        "{}/repos/{}/{}",
        ctx.state.api_base, ctx.state.owner, ctx.state.repo
    );
    let html = format!(
        "{}/{}/{}",
        ctx.state.html_base, ctx.state.owner, ctx.state.repo
    );
    let author = ctx.state.user_json(&pr.author);
    let mut items = Vec::new();
    let mut parent = pr.base_sha.clone();
    for (i, sha) in pr.commits.iter().enumerate() {
        let mut c = template.clone();
        c["sha"] = json!(sha);
        c["node_id"] = json!(format!("C_kwDOmock{}", &sha[..8.min(sha.len())]));
        c["url"] = json!(format!("{api}/commits/{sha}"));
        c["html_url"] = json!(format!("{html}/commit/{sha}"));
        c["comments_url"] = json!(format!("{api}/commits/{sha}/comments"));
        c["commit"]["url"] = json!(format!("{api}/git/commits/{sha}"));
        c["commit"]["message"] = json!(format!("Change {}", i + 1));
        c["commit"]["comment_count"] = json!(0);
        c["author"] = author.clone();
        c["committer"] = author.clone();
        c["parents"] = json!([{
            "url": format!("{api}/commits/{parent}"),
            "sha": parent,
            "html_url": format!("{html}/commit/{parent}"),
        }]);
        if let Some(map) = c.as_object_mut() {
            map.remove("files");
            map.remove("stats");
        }
        parent.clone_from(sha);
        items.push(c);
    }
    Ok(ctx.paginate(items))
}

// ---------------------------------------------------------------- reviews

fn list_reviews(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let number = ctx.pull_number()?;
    let me = ctx.token_user();
    let reviews: Vec<Review> = ctx
        .state
        .reviews
        .iter()
        .filter(|r| r.pull_number == number)
        // A pending review is visible to its author only.
        .filter(|r| r.state != "PENDING" || r.author.eq_ignore_ascii_case(&me))
        .cloned()
        .collect();
    Ok(ctx.paginate_with(reviews, |s, r| s.review_json(&r)))
}

/// A comment to create, checked against the pull request's diff.
struct PlannedComment {
    path: String,
    body: String,
    line: Option<u64>,
    side: Option<String>,
    start_line: Option<u64>,
    start_side: Option<String>,
    position: Option<u64>,
    subject_type: String,
    diff_hunk: String,
}

/// Resolves a comment's place in the diff like GitHub does; `Err` carries GitHub's message.
fn plan_comment(
    state: &State,
    number: u64,
    item: &Value,
) -> std::result::Result<PlannedComment, String> {
    let path = item["path"].as_str().unwrap_or_default().to_owned();
    let body = item["body"].as_str().unwrap_or_default().to_owned();
    if body.chars().count() > MAX_BODY_CHARS {
        return Err("Body is too long (maximum is 65536 characters)".into());
    }
    let Some(file) = state.file(number, &path) else {
        return Err(format!(
            "Path could not be resolved: {path} is not part of the pull request"
        ));
    };
    let parsed: Patch = file.parsed();
    if item["subject_type"].as_str() == Some("file") {
        return Ok(PlannedComment {
            path,
            body,
            line: None,
            side: None,
            start_line: None,
            start_side: None,
            position: None,
            subject_type: "file".into(),
            diff_hunk: parsed.text.lines().next().unwrap_or_default().to_owned(),
        });
    }
    if let Some(line) = item["line"].as_u64() {
        let side = item["side"].as_str().unwrap_or("RIGHT").to_owned();
        if side != "RIGHT" && side != "LEFT" {
            return Err(format!("side must be LEFT or RIGHT, not {side:?}"));
        }
        let Some(at) = parsed.find(&side, line) else {
            return Err(format!(
                "Line could not be resolved: {path} line {line} ({side}) is not inside a diff hunk"
            ));
        };
        let mut start_side = None;
        let start_line = item["start_line"].as_u64();
        if let Some(start) = start_line {
            let s_side = item["start_side"].as_str().unwrap_or(&side).to_owned();
            if start >= line && s_side == side {
                return Err("start_line must precede line".into());
            }
            match parsed.find(&s_side, start) {
                Some(s) if s.hunk == at.hunk => {}
                _ => {
                    return Err(format!(
                        "Start line could not be resolved: {path} line {start} is not in the same hunk"
                    ));
                }
            }
            start_side = Some(s_side);
        }
        return Ok(PlannedComment {
            path,
            body,
            line: Some(line),
            side: Some(side),
            start_line,
            start_side,
            position: Some(at.position),
            subject_type: "line".into(),
            diff_hunk: parsed.diff_hunk(at.position),
        });
    }
    if let Some(position) = item["position"].as_u64() {
        let Some(at) = parsed.at_position(position) else {
            return Err(format!(
                "Position could not be resolved: {path} has no diff position {position}"
            ));
        };
        return Ok(PlannedComment {
            path,
            body,
            line: at.right.or(at.left),
            side: Some(if at.right.is_some() { "RIGHT" } else { "LEFT" }.into()),
            start_line: None,
            start_side: None,
            position: Some(position),
            subject_type: "line".into(),
            diff_hunk: parsed.diff_hunk(position),
        });
    }
    Err("Unprocessable Entity: a review comment needs line (with side) or position".into())
}

fn check_commit(ctx: &mut Ctx<'_>, number: u64, commit: Option<&str>) -> Result<String> {
    let pr = ctx.state.pulls[&number].clone();
    let Some(commit) = commit else {
        return Ok(pr.head_sha);
    };
    if !pr.commits.iter().any(|c| c == commit) {
        ctx.note(
            ViolationKind::Semantic,
            format!(
                "commit_id {commit} is not a commit of pull request #{number} (head.sha is {})",
                pr.head_sha
            ),
        );
        return Err(ctx.unprocessable(&["commit_id is not part of the pull request".to_owned()]));
    }
    if commit != pr.head_sha {
        ctx.note(
            ViolationKind::Semantic,
            format!(
                "commit_id {commit} is not the pull request's head.sha {}",
                pr.head_sha
            ),
        );
    }
    Ok(commit.to_owned())
}

fn create_review(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let number = ctx.pull_number()?;
    let commit_id = ctx.body_str("commit_id").map(str::to_owned);
    let commit = check_commit(ctx, number, commit_id.as_deref())?;
    let me = ctx.token_user();
    let pr = ctx.state.pulls[&number].clone();
    let event = ctx.body_str("event").map(str::to_owned);
    let body = ctx.body_str("body").unwrap_or_default().to_owned();
    let items: Vec<Value> = ctx.body["comments"].as_array().cloned().unwrap_or_default();
    let mut errors = Vec::new();
    if body.chars().count() > MAX_BODY_CHARS {
        errors.push("Body is too long (maximum is 65536 characters)".to_owned());
    }
    match event.as_deref() {
        Some("APPROVE" | "REQUEST_CHANGES") if pr.author.eq_ignore_ascii_case(&me) => {
            errors.push(format!(
                "Review Can not {} your own pull request",
                if event.as_deref() == Some("APPROVE") {
                    "approve"
                } else {
                    "request changes on"
                }
            ));
        }
        Some("REQUEST_CHANGES") if body.is_empty() => {
            errors.push("Review Body is required when requesting changes".into());
        }
        Some("COMMENT") if body.is_empty() && items.is_empty() => {
            errors.push("Review Body is required when commenting without inline comments".into());
        }
        // GitHub's one pending review per user and pull request. Not a violation: a client
        // that uses the pending review as a lock between concurrent runs meets it by design.
        None if ctx.state.reviews.iter().any(|r| {
            r.pull_number == number && r.state == "PENDING" && r.author.eq_ignore_ascii_case(&me)
        }) =>
        {
            return Err(
                ctx.unprocessable(&["User can only have 1 pending review per pull request".into()])
            );
        }
        _ => {}
    }
    let mut planned = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match plan_comment(ctx.state, number, item) {
            Ok(p) => planned.push(p),
            Err(e) => errors.push(format!("comments[{i}]: {e}")),
        }
    }
    if !errors.is_empty() {
        for e in &errors {
            ctx.note(
                ViolationKind::Semantic,
                format!("create review rejected: {e}"),
            );
        }
        return Err(ctx.unprocessable(&errors));
    }
    let now = ctx.state.tick();
    let state_name = match event.as_deref() {
        Some("APPROVE") => "APPROVED",
        Some("REQUEST_CHANGES") => "CHANGES_REQUESTED",
        Some(_) => "COMMENTED",
        None => "PENDING",
    };
    let review = Review {
        id: ctx.state.next_id(),
        pull_number: number,
        author: me.clone(),
        body,
        state: state_name.into(),
        commit_id: Some(commit.clone()),
        submitted_at: (state_name != "PENDING").then(|| now.clone()),
    };
    for p in planned {
        let id = ctx.state.next_id();
        ctx.state.review_comments.push(ReviewComment {
            id,
            pull_number: number,
            review_id: Some(review.id),
            author: me.clone(),
            body: p.body,
            path: p.path,
            line: p.line,
            side: p.side,
            start_line: p.start_line,
            start_side: p.start_side,
            position: p.position,
            subject_type: p.subject_type,
            commit_id: commit.clone(),
            original_commit_id: commit.clone(),
            in_reply_to_id: None,
            diff_hunk: p.diff_hunk,
            created_at: now.clone(),
            updated_at: now.clone(),
        });
    }
    ctx.state.reviews.push(review.clone());
    Ok(Reply::json(200, ctx.state.review_json(&review)))
}

/// The review `review_id` of the pull request; another user's pending review is invisible
/// (404), as on GitHub.
fn find_review(ctx: &mut Ctx<'_>) -> Result<usize> {
    let number = ctx.pull_number()?;
    let id = ctx.param_u64("review_id");
    let me = ctx.token_user();
    ctx.state
        .reviews
        .iter()
        .position(|r| {
            r.id == id
                && r.pull_number == number
                && (r.state != "PENDING" || r.author.eq_ignore_ascii_case(&me))
        })
        .ok_or_else(|| ctx.not_found())
}

fn get_review(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let at = find_review(ctx)?;
    let review = ctx.state.reviews[at].clone();
    Ok(Reply::json(200, ctx.state.review_json(&review)))
}

fn update_review(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let at = find_review(ctx)?;
    let author = ctx.state.reviews[at].author.clone();
    check_own(ctx, &author, "edited a review");
    let body = ctx.body_str("body").unwrap_or_default().to_owned();
    if body.chars().count() > MAX_BODY_CHARS {
        return Err(ctx.unprocessable(&["Body is too long (maximum is 65536 characters)".into()]));
    }
    ctx.state.reviews[at].body = body;
    let review = ctx.state.reviews[at].clone();
    Ok(Reply::json(200, ctx.state.review_json(&review)))
}

fn delete_pending_review(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let at = find_review(ctx)?;
    let review = ctx.state.reviews[at].clone();
    if review.state != "PENDING" {
        return Err(ctx.unprocessable(&["Can not delete a non-pending pull request review".into()]));
    }
    ctx.state.reviews.remove(at);
    ctx.state
        .review_comments
        .retain(|c| c.review_id != Some(review.id));
    Ok(Reply::json(200, ctx.state.review_json(&review)))
}

fn submit_review(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let at = find_review(ctx)?;
    if ctx.state.reviews[at].state != "PENDING" {
        return Err(ctx.unprocessable(&["Can not submit a non-pending pull request review".into()]));
    }
    let state_name = match ctx.body_str("event") {
        Some("APPROVE") => "APPROVED",
        Some("REQUEST_CHANGES") => "CHANGES_REQUESTED",
        _ => "COMMENTED",
    };
    let now = ctx.state.tick();
    if let Some(body) = ctx.body_str("body").map(str::to_owned) {
        ctx.state.reviews[at].body = body;
    }
    let review = &mut ctx.state.reviews[at];
    review.state = state_name.into();
    review.submitted_at = Some(now);
    let review = review.clone();
    Ok(Reply::json(200, ctx.state.review_json(&review)))
}

fn dismiss_review(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let at = find_review(ctx)?;
    let current = ctx.state.reviews[at].state.clone();
    if current != "APPROVED" && current != "CHANGES_REQUESTED" {
        return Err(ctx.unprocessable(&[format!(
            "Can not dismiss a {} pull request review",
            current.to_lowercase()
        )]));
    }
    ctx.state.reviews[at].state = "DISMISSED".into();
    ctx.state.tick();
    let review = ctx.state.reviews[at].clone();
    Ok(Reply::json(200, ctx.state.review_json(&review)))
}

fn list_comments_for_review(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let at = find_review(ctx)?;
    let id = ctx.state.reviews[at].id;
    let comments: Vec<ReviewComment> = ctx
        .state
        .review_comments
        .iter()
        .filter(|c| c.review_id == Some(id))
        .cloned()
        .collect();
    let items = comments
        .iter()
        .map(|c| {
            let mut v = ctx.state.review_comment_json(c);
            // `review-comment` requires `position` / `original_position` (null when outdated).
            let map = v.as_object_mut().expect("object");
            map.remove("reactions");
            map.remove("subject_type");
            map.remove("original_start_line");
            map.entry("position").or_insert(Value::Null);
            map.entry("original_position").or_insert(json!(0));
            v
        })
        .collect();
    Ok(ctx.paginate(items))
}

// ---------------------------------------------------------------- review comments

fn list_review_comments(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let number = ctx.pull_number()?;
    let since = since_filter(ctx);
    let me = ctx.token_user();
    // The comments of a pending review are visible to its author only.
    let hidden: Vec<u64> = ctx
        .state
        .reviews
        .iter()
        .filter(|r| r.state == "PENDING" && !r.author.eq_ignore_ascii_case(&me))
        .map(|r| r.id)
        .collect();
    let mut comments: Vec<ReviewComment> = ctx
        .state
        .review_comments
        .iter()
        .filter(|c| c.pull_number == number)
        .filter(|c| c.review_id.is_none_or(|r| !hidden.contains(&r)))
        .filter(|c| since.as_deref().is_none_or(|s| is_after(&c.updated_at, s)))
        .cloned()
        .collect();
    if ctx.query("sort") == Some("updated") {
        comments.sort_by(|a, b| a.updated_at.cmp(&b.updated_at).then(a.id.cmp(&b.id)));
    }
    if ctx.query("direction") == Some("desc") {
        comments.reverse();
    }
    Ok(ctx.paginate_with(comments, |s, c| s.review_comment_json(&c)))
}

/// A standalone comment or reply gets its own `COMMENTED` review, as on GitHub.
fn wrap_in_review(ctx: &mut Ctx<'_>, number: u64, commit: &str, now: &str) -> u64 {
    let review = Review {
        id: ctx.state.next_id(),
        pull_number: number,
        author: ctx.token_user(),
        body: String::new(),
        state: "COMMENTED".into(),
        commit_id: Some(commit.to_owned()),
        submitted_at: Some(now.to_owned()),
    };
    let id = review.id;
    ctx.state.reviews.push(review);
    id
}

fn reply_to(ctx: &mut Ctx<'_>, number: u64, target: u64, body: String) -> Result<Reply> {
    let Some(parent) = ctx
        .state
        .review_comments
        .iter()
        .find(|c| c.id == target && c.pull_number == number)
        .cloned()
    else {
        return Err(ctx.not_found());
    };
    let now = ctx.state.tick();
    let head = ctx.state.pulls[&number].head_sha.clone();
    let review_id = wrap_in_review(ctx, number, &head, &now);
    let comment = ReviewComment {
        id: ctx.state.next_id(),
        review_id: Some(review_id),
        author: ctx.token_user(),
        body,
        in_reply_to_id: Some(parent.in_reply_to_id.unwrap_or(parent.id)),
        created_at: now.clone(),
        updated_at: now,
        ..parent
    };
    ctx.state.review_comments.push(comment.clone());
    let json = ctx.state.review_comment_json(&comment);
    let mut reply = Reply::json(201, json.clone());
    reply.headers.push((
        "Location".into(),
        json["url"].as_str().unwrap_or_default().to_owned(),
    ));
    Ok(reply)
}

fn create_review_comment(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let number = ctx.pull_number()?;
    let body = ctx.body_str("body").unwrap_or_default().to_owned();
    ctx.check_body_length(&body, "PullRequestReviewComment")?;
    if let Some(target) = ctx.body["in_reply_to"].as_u64() {
        return reply_to(ctx, number, target, body);
    }
    let commit_id = ctx.body_str("commit_id").map(str::to_owned);
    let commit = check_commit(ctx, number, commit_id.as_deref())?;
    let planned = match plan_comment(ctx.state, number, ctx.body) {
        Ok(p) => p,
        Err(e) => {
            ctx.note(
                ViolationKind::Semantic,
                format!("review comment rejected: {e}"),
            );
            return Err(ctx.validation_failed("PullRequestReviewComment", "line", &e));
        }
    };
    let now = ctx.state.tick();
    let review_id = wrap_in_review(ctx, number, &commit, &now);
    let comment = ReviewComment {
        id: ctx.state.next_id(),
        pull_number: number,
        review_id: Some(review_id),
        author: ctx.token_user(),
        body,
        path: planned.path,
        line: planned.line,
        side: planned.side,
        start_line: planned.start_line,
        start_side: planned.start_side,
        position: planned.position,
        subject_type: planned.subject_type,
        commit_id: commit.clone(),
        original_commit_id: commit,
        in_reply_to_id: None,
        diff_hunk: planned.diff_hunk,
        created_at: now.clone(),
        updated_at: now,
    };
    ctx.state.review_comments.push(comment.clone());
    let json = ctx.state.review_comment_json(&comment);
    let mut reply = Reply::json(201, json.clone());
    reply.headers.push((
        "Location".into(),
        json["url"].as_str().unwrap_or_default().to_owned(),
    ));
    Ok(reply)
}

fn create_reply(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let number = ctx.pull_number()?;
    let body = ctx.body_str("body").unwrap_or_default().to_owned();
    ctx.check_body_length(&body, "PullRequestReviewComment")?;
    let target = ctx.param_u64("comment_id");
    reply_to(ctx, number, target, body)
}

fn find_review_comment(ctx: &mut Ctx<'_>) -> Result<usize> {
    ctx.check_repo()?;
    let id = ctx.param_u64("comment_id");
    ctx.state
        .review_comments
        .iter()
        .position(|c| c.id == id)
        .ok_or_else(|| ctx.not_found())
}

fn get_review_comment(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let at = find_review_comment(ctx)?;
    let comment = ctx.state.review_comments[at].clone();
    Ok(Reply::json(200, ctx.state.review_comment_json(&comment)))
}

fn update_review_comment(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let at = find_review_comment(ctx)?;
    let author = ctx.state.review_comments[at].author.clone();
    check_own(ctx, &author, "edited a review comment");
    let body = ctx.body_str("body").unwrap_or_default().to_owned();
    if body.chars().count() > MAX_BODY_CHARS {
        ctx.note(ViolationKind::Semantic, "review comment body too long");
        return Err(ctx.unprocessable(&["Body is too long (maximum is 65536 characters)".into()]));
    }
    let now = ctx.state.tick();
    let comment = &mut ctx.state.review_comments[at];
    comment.body = body;
    comment.updated_at = now;
    let comment = comment.clone();
    Ok(Reply::json(200, ctx.state.review_comment_json(&comment)))
}

fn delete_review_comment(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let at = find_review_comment(ctx)?;
    let comment = ctx.state.review_comments[at].clone();
    check_own(ctx, &comment.author, "deleted a review comment");
    let replies: Vec<String> = ctx
        .state
        .review_comments
        .iter()
        .filter(|c| c.in_reply_to_id == Some(comment.id))
        .map(|c| c.author.clone())
        .collect();
    if !replies.is_empty() {
        ctx.note(
            ViolationKind::Policy,
            format!(
                "deleted review comment {} that has {} repl{} (by {})",
                comment.id,
                replies.len(),
                if replies.len() == 1 { "y" } else { "ies" },
                replies.join(", ")
            ),
        );
    }
    ctx.state.review_comments.remove(at);
    ctx.state.tick();
    Ok(Reply::no_content())
}

// ---------------------------------------------------------------- statuses, teams

fn known_commit(state: &State, sha: &str) -> bool {
    state
        .pulls
        .values()
        .any(|p| p.base_sha == sha || p.commits.iter().any(|c| c == sha))
}

fn create_status(ctx: &mut Ctx<'_>) -> Result<Reply> {
    ctx.check_repo()?;
    let sha = ctx.param("sha").to_owned();
    if !known_commit(ctx.state, &sha) {
        ctx.note(
            ViolationKind::Semantic,
            format!("status for unknown commit {sha}"),
        );
        return Err(ctx.validation_failed(
            "Status",
            "sha",
            &format!("No commit found for SHA: {sha}"),
        ));
    }
    let now = ctx.state.tick();
    let status = CommitStatus {
        id: ctx.state.next_id(),
        sha,
        state: ctx.body_str("state").unwrap_or("pending").to_owned(),
        context: ctx.body_str("context").unwrap_or("default").to_owned(),
        description: ctx.body_str("description").map(str::to_owned),
        target_url: ctx.body_str("target_url").map(str::to_owned),
        creator: ctx.token_user(),
        created_at: now,
    };
    ctx.state.statuses.push(status.clone());
    let json = ctx.state.status_json(&status);
    let mut reply = Reply::json(201, json.clone());
    reply.headers.push((
        "Location".into(),
        json["url"].as_str().unwrap_or_default().to_owned(),
    ));
    Ok(reply)
}

fn combined_status(ctx: &mut Ctx<'_>) -> Result<Reply> {
    ctx.check_repo()?;
    let git_ref = ctx.param("ref").to_owned();
    let branch = git_ref
        .strip_prefix("heads/")
        .unwrap_or(&git_ref)
        .to_owned();
    let sha = if known_commit(ctx.state, &git_ref) {
        Some(git_ref.clone())
    } else {
        ctx.state.pulls.values().find_map(|p| {
            if p.head_ref == branch {
                Some(p.head_sha.clone())
            } else if p.base_ref == branch {
                Some(p.base_sha.clone())
            } else {
                None
            }
        })
    };
    let Some(sha) = sha else {
        return Err(ctx.not_found());
    };
    // Latest status per context.
    let mut latest: Vec<CommitStatus> = Vec::new();
    for s in ctx.state.statuses.iter().rev().filter(|s| s.sha == sha) {
        if !latest.iter().any(|l| l.context == s.context) {
            latest.push(s.clone());
        }
    }
    let overall = if latest
        .iter()
        .any(|s| s.state == "error" || s.state == "failure")
    {
        "failure"
    } else if latest.is_empty() || latest.iter().any(|s| s.state == "pending") {
        "pending"
    } else {
        "success"
    };
    let mut value = ctx
        .state
        .rewrite_example(&ctx.spec.example("combined-commit-status"));
    let api = format!(
        "{}/repos/{}/{}",
        ctx.state.api_base, ctx.state.owner, ctx.state.repo
    );
    value["state"] = json!(overall);
    value["sha"] = json!(sha);
    value["total_count"] = json!(latest.len());
    value["statuses"] = Value::Array(
        latest
            .iter()
            .map(|s| ctx.state.simple_status_json(s))
            .collect(),
    );
    value["commit_url"] = json!(format!("{api}/commits/{sha}"));
    value["url"] = json!(format!("{api}/commits/{sha}/status"));
    let owner = ctx.state.owner.clone();
    value["repository"]["owner"] = ctx.state.user_json(&owner);
    value["repository"]["id"] = json!(ctx.state.repo_id);
    value["repository"]["name"] = json!(ctx.state.repo);
    value["repository"]["full_name"] = json!(format!("{}/{}", ctx.state.owner, ctx.state.repo));
    Ok(Reply::json(200, value))
}

fn team_membership(ctx: &mut Ctx<'_>) -> Reply {
    let org = ctx.param("org").to_ascii_lowercase();
    let team = ctx.param("team_slug").to_ascii_lowercase();
    let user = ctx.param("username").to_owned();
    let member = ctx
        .state
        .teams
        .get(&(org.clone(), team.clone()))
        .and_then(|members| members.iter().find(|m| m.login.eq_ignore_ascii_case(&user)))
        .cloned();
    match member {
        Some(m) => Reply::json(
            200,
            json!({
                "url": format!("{}/orgs/{org}/teams/{team}/memberships/{}", ctx.state.api_base, m.login),
                "role": m.role,
                "state": m.state,
            }),
        ),
        None => ctx.error(404, "Not Found"),
    }
}
