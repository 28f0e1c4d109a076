//! A local GitHub that checks us.
//!
//! [`GitHubMock`] is an HTTP/1.1 server on `127.0.0.1:0` that speaks the part of GitHub's REST
//! API a pull-request gate uses. Every request is checked against GitHub's own description
//! (`tests/fixtures/github/github-rest-openapi-slice.json`): the method and path must be an
//! operation, path and query parameters must be declared and of the right type, the JSON body
//! must fit the operation's schema, and `Authorization`, `Accept` and `User-Agent` must be
//! sent. A request that fails is answered like GitHub would (401/403/400/404/422, JSON message)
//! and recorded as a [`Violation`]; [`GitHubMock::assert_no_violations`] fails the test.
//!
//! Answers are built from the mock's state (one repository, its pull requests, comments,
//! reviews, labels, label events, team memberships, PR files, commit statuses) and checked
//! against the operation's response schema before they are sent: an answer that does not fit
//! is a bug in the mock, recorded and turned into a panic when the mock is dropped.
//!
//! Use from a test binary (`tests/cli/main.rs` includes it as `github_mock`):
//!
//! ```ignore
//! #[path = "../support/github/mod.rs"]
//! mod github_mock;
//! use github_mock::{Fault, GitHubMock, PrFile};
//!
//! let gh = GitHubMock::start();                  // Codertocat/Hello-World#2, as the webhooks
//! gh.set_pr_files(vec![PrFile::modified("policies/a.sla.yaml", "@@ -1,2 +1,2 @@\n a\n-b\n+c")]);
//! gh.add_review("alice", "APPROVED", &gh.head_sha());
//! gh.fail_next("POST", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews", Fault::validation_failed("Line could not be resolved"));
//! // run `slagate github` with gh.env() and an event from gh.event_payload("pull_request.synchronize.1")
//! gh.assert_no_violations();
//! assert_eq!(gh.count("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments"), 1);
//! ```
#![allow(dead_code, unreachable_pub)]

pub mod client;
pub mod diff;
mod handlers;
pub mod http;
pub mod openapi;
pub mod state;

use std::collections::BTreeMap;
use std::fmt;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

pub use client::Client;
pub use handlers::MAX_BODY_CHARS;
pub use openapi::{Operation, Spec, fixtures_dir};
pub use state::{
    Account, AccountKind, CommitStatus, Issue, IssueComment, IssueEvent, Label, PrFile,
    PullRequest, Review, ReviewComment, State, TeamMember,
};

use http::{HttpRequest, HttpResponse, ReadOutcome};
use openapi::ParamIn;

/// The token the mock accepts unless the builder sets another. Distinctive, so that a leak
/// is easy to find.
pub const DEFAULT_TOKEN: &str = "ghs_mockTOKENslagate0123456789abcdefXYZ";

/// API versions GitHub accepts in `X-GitHub-Api-Version`.
pub const API_VERSIONS: &[&str] = &["2022-11-28", "2026-03-10"];

/// The webhook fixtures shipped in `tests/fixtures/github/webhooks/` (file stems).
pub const WEBHOOKS: &[&str] = &[
    "pull_request.closed.1",
    "pull_request.closed.2",
    "pull_request.labeled.1",
    "pull_request.labeled.2",
    "pull_request.opened.1",
    "pull_request.opened.2",
    "pull_request.opened.3",
    "pull_request.opened.4",
    "pull_request.reopened.1",
    "pull_request.reopened.2",
    "pull_request.synchronize.1",
    "pull_request.unlabeled.1",
    "pull_request.unlabeled.2",
    "pull_request_review.dismissed.1",
    "pull_request_review.submitted.1",
    "pull_request_review.submitted.2",
    "pull_request_review.submitted.3",
];

/// A webhook payload fixture, e.g. `webhook("pull_request.opened.1")`, exactly as stored.
pub fn webhook(name: &str) -> Value {
    let path = webhook_path(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// The path of a webhook fixture.
pub fn webhook_path(name: &str) -> PathBuf {
    fixtures_dir().join("webhooks").join(format!("{name}.json"))
}

// ---------------------------------------------------------------- violations, log, faults

/// What a [`Violation`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViolationKind {
    /// No operation has this path (or it is outside the base path).
    UnknownPath,
    /// The path exists but not with this method.
    WrongMethod,
    /// `Authorization` missing, malformed or with the wrong token.
    Auth,
    /// `Accept`, `User-Agent`, `Content-Type` or `X-GitHub-Api-Version` wrong or missing.
    Header,
    /// A path parameter of the wrong type.
    PathParameter,
    /// An unknown, repeated, missing or ill-typed query parameter.
    QueryParameter,
    /// A body that is not JSON or does not fit the operation's schema.
    Body,
    /// Rejected by GitHub's own rules (a line outside the diff, a commit not in the pull
    /// request, a body over 65,536 characters, approving one's own pull request, ...).
    Semantic,
    /// A request sent before a rate limit's `Retry-After` / `x-ratelimit-reset` passed.
    RateLimit,
    /// The same POST sent again after a 5xx without listing first.
    BlindRetry,
    /// Edited or deleted a comment or review that the token's user did not write.
    ForeignComment,
    /// Broke a rule of the change-control spec that GitHub itself would allow (deleting a
    /// review comment that has replies).
    Policy,
    /// An operation of the description that the mock does not implement.
    NotImplemented,
    /// A malformed HTTP request.
    Transport,
}

/// A request that GitHub (or the gate's contract) would not accept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Method as sent.
    pub method: String,
    /// Path as sent (with the base path, without the query).
    pub path: String,
    /// Category.
    pub kind: ViolationKind,
    /// What was wrong.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {:?}: {}",
            self.method, self.path, self.kind, self.message
        )
    }
}

/// One request as the mock saw it, with the answer it gave.
#[derive(Debug, Clone)]
pub struct LoggedRequest {
    /// Method as sent.
    pub method: String,
    /// Path as sent (with the base path, without the query).
    pub path: String,
    /// The matched operation's template, e.g. `/repos/{owner}/{repo}/pulls/{pull_number}`.
    pub template: Option<String>,
    /// The matched `operationId`.
    pub operation_id: Option<String>,
    /// Decoded query parameters in order.
    pub query: Vec<(String, String)>,
    /// Request headers, with `Authorization` redacted.
    pub headers: Vec<(String, String)>,
    /// The body parsed as JSON, if it was.
    pub body: Option<Value>,
    /// The raw body.
    pub raw_body: String,
    /// Answer status.
    pub status: u16,
    /// Answer headers.
    pub response_headers: Vec<(String, String)>,
    /// Answer body.
    pub response_body: String,
    /// The scripted fault that answered, if one did.
    pub fault: Option<String>,
    /// Time since the mock started.
    pub at: Duration,
}

impl LoggedRequest {
    /// `"POST /repos/{owner}/{repo}/issues/{issue_number}/comments"` (the raw path when no
    /// operation matched).
    pub fn op(&self) -> String {
        format!(
            "{} {}",
            self.method,
            self.template.as_deref().unwrap_or(&self.path)
        )
    }

    /// Whether this is a write (not GET/HEAD).
    pub fn is_write(&self) -> bool {
        !matches!(self.method.as_str(), "GET" | "HEAD")
    }

    /// The answer body parsed as JSON (`Null` when empty or not JSON).
    pub fn response_json(&self) -> Value {
        serde_json::from_str(&self.response_body).unwrap_or(Value::Null)
    }

    /// A string field of the request body (`body`, `event`, ...).
    pub fn body_str(&self, key: &str) -> Option<&str> {
        self.body.as_ref()?.get(key)?.as_str()
    }
}

/// A scripted failure, answered instead of (or, for [`Fault::applied`], after) the real
/// handler.
#[derive(Debug, Clone)]
pub struct Fault {
    /// Status to answer.
    pub status: u16,
    /// Extra headers.
    pub headers: Vec<(String, String)>,
    /// JSON body.
    pub body: Value,
    /// Apply the request to the state first, then answer with this fault (a write that
    /// succeeded although the client sees an error).
    pub apply_first: bool,
    /// `Retry-After` seconds; also opens a window in which any request is a violation.
    pub retry_after: Option<u64>,
    /// Sets `x-ratelimit-remaining: 0` and `x-ratelimit-reset` to now + this (rounded up to
    /// whole seconds); also opens a window in which any request is a violation.
    pub reset_after: Option<Duration>,
    /// Close the connection without answering.
    pub drop_connection: bool,
    /// Answer what the handler answers, but one byte every this long (a server, or a proxy,
    /// that trickles: each read of the client gets something, so no read timeout fires).
    pub trickle: Option<Duration>,
    /// Apply the request, then hold its real answer this long before writing it (a server
    /// that answers after the client's read timeout).
    pub delay: Option<Duration>,
    /// A name for the log.
    pub label: String,
}

impl Fault {
    /// Answer `status` with this JSON body.
    pub fn status(status: u16, body: Value) -> Fault {
        Fault {
            status,
            headers: Vec::new(),
            body,
            apply_first: false,
            retry_after: None,
            reset_after: None,
            drop_connection: false,
            trickle: None,
            delay: None,
            label: format!("status {status}"),
        }
    }

    /// 422 `Unprocessable Entity` with these error strings (what a rejected review gets).
    pub fn validation_failed(error: &str) -> Fault {
        let mut fault = Fault::status(
            422,
            json!({
                "message": "Unprocessable Entity",
                "errors": [error],
                "documentation_url": "https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request",
                "status": "422",
            }),
        );
        fault.label = format!("422 {error}");
        fault
    }

    /// The primary rate limit: 403 with `x-ratelimit-remaining: 0` and `x-ratelimit-reset`
    /// `reset_after` from now.
    pub fn rate_limited(reset_after: Duration) -> Fault {
        let mut fault = Fault::status(
            403,
            json!({
                "message": "API rate limit exceeded for installation ID 1.",
                "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
                "status": "403",
            }),
        );
        fault.reset_after = Some(reset_after);
        fault.label = "403 primary rate limit".into();
        fault
    }

    /// A secondary rate limit: 429 with `Retry-After: seconds`.
    pub fn too_many_requests(seconds: u64) -> Fault {
        let mut fault = Fault::status(
            429,
            json!({
                "message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
                "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
                "status": "429",
            }),
        );
        fault.retry_after = Some(seconds);
        fault.label = format!("429 Retry-After {seconds}");
        fault
    }

    /// A secondary rate limit as GitHub also sends it: 403 with `Retry-After: seconds`.
    pub fn secondary_rate_limit(seconds: u64) -> Fault {
        let mut fault = Fault::too_many_requests(seconds);
        fault.status = 403;
        fault.body["status"] = json!("403");
        fault.label = format!("403 Retry-After {seconds}");
        fault
    }

    /// 500 without touching the state.
    pub fn server_error() -> Fault {
        let mut fault = Fault::status(
            500,
            json!({ "message": "Server Error", "documentation_url": "https://docs.github.com/rest", "status": "500" }),
        );
        fault.label = "500".into();
        fault
    }

    /// 502 without touching the state.
    pub fn bad_gateway() -> Fault {
        let mut fault = Fault::status(
            502,
            json!({ "message": "Server Error", "documentation_url": "https://docs.github.com/rest", "status": "502" }),
        );
        fault.label = "502".into();
        fault
    }

    /// 500 AFTER the write was applied: a blind retry creates a duplicate.
    pub fn server_error_after_applying() -> Fault {
        Fault::server_error().applied()
    }

    /// 403 `Resource not accessible by integration` (a token without write access).
    pub fn not_accessible() -> Fault {
        let mut fault = Fault::status(
            403,
            json!({
                "message": "Resource not accessible by integration",
                "documentation_url": "https://docs.github.com/rest",
                "status": "403",
            }),
        );
        fault.headers.push((
            "x-accepted-github-permissions".into(),
            "pull_requests=write".into(),
        ));
        fault.label = "403 not accessible".into();
        fault
    }

    /// Close the connection without an answer.
    pub fn connection_reset() -> Fault {
        let mut fault = Fault::status(0, Value::Null);
        fault.drop_connection = true;
        fault.label = "connection dropped".into();
        fault
    }

    /// The real answer, written one byte every `interval` (headers included).
    pub fn trickle(interval: Duration) -> Fault {
        let mut fault = Fault::status(200, Value::Null);
        fault.trickle = Some(interval);
        fault.label = format!("trickled, a byte every {interval:?}");
        fault
    }

    /// The real answer, applied at once but written only after `delay` (past the client's
    /// read timeout, the client sees no answer although the write landed).
    pub fn delayed(delay: Duration) -> Fault {
        let mut fault = Fault::status(200, Value::Null);
        fault.delay = Some(delay);
        fault.label = format!("applied, answered after {delay:?}");
        fault
    }

    /// Apply the request before answering with this fault.
    #[must_use]
    pub fn applied(mut self) -> Fault {
        self.apply_first = true;
        self.label.push_str(" (write applied)");
        self
    }

    /// Adds a header.
    #[must_use]
    pub fn with_header(mut self, name: &str, value: &str) -> Fault {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }
}

#[derive(Debug, Clone)]
struct ScriptedFault {
    method: String,
    template: String,
    remaining: Option<u32>,
    fault: Fault,
    /// Only for this page of a list (`page` query parameter; absent is page 1).
    page: Option<u32>,
}

#[derive(Debug, Clone)]
struct RateWindow {
    until: SystemTime,
    status: u16,
    what: String,
}

struct Inner {
    state: State,
    log: Vec<LoggedRequest>,
    violations: Vec<Violation>,
    mock_bugs: Vec<String>,
    faults: Vec<ScriptedFault>,
    read_only: bool,
    rate_window: Option<RateWindow>,
    blind_watch: Option<(String, String)>,
    rate_remaining: u64,
    hooks: Vec<Hook>,
}

/// A change of the state made right after one request's answer was built (see
/// [`GitHubMock::after_next`]).
struct Hook {
    method: String,
    template: String,
    change: Box<dyn FnOnce(&mut State) + Send>,
}

struct Shared {
    spec: Arc<Spec>,
    inner: Mutex<Inner>,
    stop: AtomicBool,
    token: String,
    base_path: String,
    origin: String,
    started: Instant,
}

// ---------------------------------------------------------------- builder

/// Configures a [`GitHubMock`] before it starts.
#[derive(Debug, Clone)]
pub struct MockBuilder {
    base_path: String,
    token: String,
    event: Value,
    token_user: String,
    installation_token: bool,
}

impl MockBuilder {
    /// Serve under a path prefix, as GitHub Enterprise Server does (`/api/v3`).
    #[must_use]
    pub fn base_path(mut self, prefix: &str) -> MockBuilder {
        prefix.trim_end_matches('/').clone_into(&mut self.base_path);
        if !self.base_path.is_empty() && !self.base_path.starts_with('/') {
            self.base_path.insert(0, '/');
        }
        self
    }

    /// The token requests must carry.
    #[must_use]
    pub fn token(mut self, token: &str) -> MockBuilder {
        token.clone_into(&mut self.token);
        self
    }

    /// Seed repository and pull request from a webhook payload (its `repository`,
    /// `pull_request`, labels and author).
    #[must_use]
    pub fn event(mut self, payload: &Value) -> MockBuilder {
        self.event = payload.clone();
        self
    }

    /// The login the token belongs to (a user; `GET /user` returns it).
    #[must_use]
    pub fn token_user(mut self, login: &str) -> MockBuilder {
        login.clone_into(&mut self.token_user);
        self.installation_token = false;
        self
    }

    /// An Actions `GITHUB_TOKEN`: writes are authored by `bot_login` (e.g.
    /// `github-actions[bot]`) and `GET /user` answers 403, as it does for installation tokens.
    #[must_use]
    pub fn installation_token(mut self, bot_login: &str) -> MockBuilder {
        bot_login.clone_into(&mut self.token_user);
        self.installation_token = true;
        self
    }

    /// Binds `127.0.0.1:0` and starts serving.
    pub fn start(self) -> GitHubMock {
        let spec = Spec::shared();
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let origin = format!("http://{addr}");
        let mut state = state_from_event(&self.event);
        state.api_base = format!("{origin}{}", self.base_path);
        let bot = self.token_user.clone();
        state.account(&bot);
        state.token_user = bot;
        state.installation_token = self.installation_token;
        let number = *state.pulls.keys().next().expect("a pull request");
        let shared = Arc::new(Shared {
            spec,
            inner: Mutex::new(Inner {
                state,
                log: Vec::new(),
                violations: Vec::new(),
                mock_bugs: Vec::new(),
                faults: Vec::new(),
                read_only: false,
                rate_window: None,
                blind_watch: None,
                hooks: Vec::new(),
                rate_remaining: 5000,
            }),
            stop: AtomicBool::new(false),
            token: self.token,
            base_path: self.base_path,
            origin,
            started: Instant::now(),
        });
        let server = shared.clone();
        let accept = std::thread::Builder::new()
            .name("github-mock-accept".into())
            .spawn(move || accept_loop(&server, &listener))
            .expect("spawn accept thread");
        GitHubMock {
            shared,
            addr,
            number,
            accept: Some(accept),
        }
    }
}

fn state_from_event(event: &Value) -> State {
    let repo = &event["repository"];
    let pr = &event["pull_request"];
    let owner_login = repo["owner"]["login"].as_str().unwrap_or("Codertocat");
    let mut state = State::new(owner_login, repo["name"].as_str().unwrap_or("Hello-World"));
    if let Some(id) = repo["id"].as_u64() {
        state.repo_id = id;
    }
    if let Some(branch) = repo["default_branch"].as_str() {
        branch.clone_into(&mut state.default_branch);
    }
    for who in [&repo["owner"], &pr["user"], &event["sender"]] {
        if let (Some(login), Some(id)) = (who["login"].as_str(), who["id"].as_u64()) {
            let kind = match who["type"].as_str() {
                Some("Organization") => AccountKind::Organization,
                Some("Bot") => AccountKind::Bot,
                _ => AccountKind::User,
            };
            let association = if login.eq_ignore_ascii_case(owner_login) {
                "OWNER"
            } else {
                "CONTRIBUTOR"
            };
            state.put_account(Account {
                login: login.to_owned(),
                id,
                kind,
                association: association.to_owned(),
            });
        }
    }
    let number = pr["number"].as_u64().unwrap_or(2);
    let head_sha = pr["head"]["sha"].as_str().unwrap_or_default().to_owned();
    let created = pr["created_at"].as_str().unwrap_or("2024-05-01T10:00:00Z");
    state.pulls.insert(
        number,
        PullRequest {
            number,
            title: pr["title"].as_str().unwrap_or("Update SLAs").to_owned(),
            body: pr["body"].as_str().map(str::to_owned),
            author: pr["user"]["login"]
                .as_str()
                .unwrap_or("Codertocat")
                .to_owned(),
            head_sha: head_sha.clone(),
            base_sha: pr["base"]["sha"].as_str().unwrap_or_default().to_owned(),
            head_ref: pr["head"]["ref"].as_str().unwrap_or("changes").to_owned(),
            base_ref: pr["base"]["ref"].as_str().unwrap_or("main").to_owned(),
            state: "open".to_owned(),
            draft: pr["draft"].as_bool().unwrap_or(false),
            commits: vec![head_sha],
            created_at: created.to_owned(),
            updated_at: pr["updated_at"].as_str().unwrap_or(created).to_owned(),
        },
    );
    let mut names = Vec::new();
    for label in pr["labels"].as_array().into_iter().flatten() {
        let name = label["name"].as_str().unwrap_or_default().to_owned();
        state.labels.push(Label {
            id: label["id"].as_u64().unwrap_or(1),
            name: name.clone(),
            color: label["color"].as_str().unwrap_or("ededed").to_owned(),
            description: label["description"].as_str().map(str::to_owned),
        });
        names.push(name);
    }
    state.issue_labels.insert(number, names);
    state
}

// ---------------------------------------------------------------- the mock

/// A running mock GitHub. Stops (and joins its threads) when dropped.
pub struct GitHubMock {
    shared: Arc<Shared>,
    addr: SocketAddr,
    number: u64,
    accept: Option<JoinHandle<()>>,
}

impl fmt::Debug for GitHubMock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GitHubMock")
            .field("url", &self.url())
            .finish_non_exhaustive()
    }
}

impl GitHubMock {
    /// A mock seeded from `webhooks/pull_request.opened.1.json`: repository
    /// `Codertocat/Hello-World`, pull request #2 by `Codertocat`, head `ec26c3e…`, base
    /// `f95f852…`, no labels, no files; token user `slagate-bot`.
    pub fn start() -> GitHubMock {
        GitHubMock::builder().start()
    }

    /// A builder with the defaults of [`GitHubMock::start`].
    pub fn builder() -> MockBuilder {
        MockBuilder {
            base_path: String::new(),
            token: DEFAULT_TOKEN.to_owned(),
            event: webhook("pull_request.opened.1"),
            token_user: "slagate-bot".to_owned(),
            installation_token: false,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.shared
            .inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    // ---- addresses and environment

    /// `GITHUB_API_URL`: `http://127.0.0.1:PORT` plus the base path.
    pub fn url(&self) -> String {
        format!("http://{}{}", self.addr, self.shared.base_path)
    }

    /// The socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The token requests must carry.
    pub fn token(&self) -> String {
        self.shared.token.clone()
    }

    /// `owner/repo`.
    pub fn repository(&self) -> String {
        let inner = self.lock();
        format!("{}/{}", inner.state.owner, inner.state.repo)
    }

    /// The pull request number scenarios work on.
    pub fn number(&self) -> u64 {
        self.number
    }

    /// `GITHUB_API_URL`, `GITHUB_TOKEN`, `GITHUB_REPOSITORY`, `GITHUB_SERVER_URL` for a child
    /// process.
    pub fn env(&self) -> Vec<(String, String)> {
        let html = self.lock().state.html_base.clone();
        vec![
            ("GITHUB_API_URL".into(), self.url()),
            ("GITHUB_TOKEN".into(), self.token()),
            ("GITHUB_REPOSITORY".into(), self.repository()),
            ("GITHUB_SERVER_URL".into(), html),
        ]
    }

    /// A well-behaved tiny client for this mock.
    pub fn client(&self) -> Client {
        Client::new(&self.url(), &self.shared.token)
    }

    /// A webhook fixture rewritten to the mock's current state: repository, number, head and
    /// base (sha and ref), author, labels. Write it to `GITHUB_EVENT_PATH`.
    pub fn event_payload(&self, fixture: &str) -> Value {
        let mut event = webhook(fixture);
        let inner = self.lock();
        let state = &inner.state;
        let pr = &state.pulls[&self.number];
        let labels: Vec<Value> = state
            .issue_labels
            .get(&self.number)
            .into_iter()
            .flatten()
            .filter_map(|n| state.labels.iter().find(|l| &l.name == n))
            .map(|l| {
                json!({
                    "id": l.id, "node_id": format!("LA_kwDOmock{}", l.id),
                    "url": format!("{}/repos/{}/{}/labels/{}", state.api_base, state.owner, state.repo, l.name),
                    "name": l.name, "color": l.color, "default": false, "description": l.description,
                })
            })
            .collect();
        event["number"] = json!(pr.number);
        let p = &mut event["pull_request"];
        p["number"] = json!(pr.number);
        p["title"] = json!(pr.title);
        p["body"] = json!(pr.body);
        p["draft"] = json!(pr.draft);
        p["head"]["sha"] = json!(pr.head_sha);
        p["head"]["ref"] = json!(pr.head_ref);
        p["base"]["sha"] = json!(pr.base_sha);
        p["base"]["ref"] = json!(pr.base_ref);
        p["user"]["login"] = json!(pr.author);
        p["labels"] = Value::Array(labels);
        let full_name = format!("{}/{}", state.owner, state.repo);
        for pointer in [
            "/repository",
            "/pull_request/head/repo",
            "/pull_request/base/repo",
        ] {
            if let Some(repo) = event.pointer_mut(pointer).filter(|r| r.is_object()) {
                repo["name"] = json!(state.repo);
                repo["full_name"] = json!(full_name);
                repo["owner"]["login"] = json!(state.owner);
            }
        }
        if event.get("after").is_some() {
            event["after"] = json!(pr.head_sha);
        }
        if event["review"].is_object() {
            event["review"]["commit_id"] = json!(pr.head_sha);
        }
        event
    }

    /// Writes [`event_payload`](Self::event_payload) to `dir/event.json` and returns the path
    /// (for `GITHUB_EVENT_PATH`).
    pub fn write_event_payload(&self, fixture: &str, dir: &std::path::Path) -> PathBuf {
        let path = dir.join("event.json");
        let text = serde_json::to_string_pretty(&self.event_payload(fixture)).expect("JSON");
        std::fs::write(&path, text)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        path
    }

    // ---- seeding

    /// The token belongs to this user (`GET /user` returns it; writes are authored by it).
    pub fn set_user(&self, login: &str) {
        let mut inner = self.lock();
        inner.state.account(login);
        login.clone_into(&mut inner.state.token_user);
        inner.state.installation_token = false;
    }

    /// The token is an installation token of `bot_login` (`GET /user` answers 403).
    pub fn set_installation_token(&self, bot_login: &str) {
        let mut inner = self.lock();
        inner.state.account(bot_login);
        bot_login.clone_into(&mut inner.state.token_user);
        inner.state.installation_token = true;
    }

    /// Read-only token (a fork's pull request): every write answers 403 `Resource not
    /// accessible by integration`.
    pub fn set_read_only(&self, read_only: bool) {
        self.lock().read_only = read_only;
    }

    /// Sets `author_association` (`OWNER`, `MEMBER`, `COLLABORATOR`, `CONTRIBUTOR`, `NONE`).
    pub fn set_association(&self, login: &str, association: &str) {
        let mut inner = self.lock();
        let mut account = inner.state.account(login);
        association.clone_into(&mut account.association);
        inner.state.put_account(account);
    }

    /// Registers an account of a given kind (an organization, a bot).
    pub fn set_account_kind(&self, login: &str, kind: AccountKind) {
        let mut inner = self.lock();
        let mut account = inner.state.account(login);
        account.kind = kind;
        inner.state.put_account(account);
    }

    /// The pull request scenarios work on.
    pub fn pull_request(&self) -> PullRequest {
        self.lock().state.pulls[&self.number].clone()
    }

    /// Changes the pull request (title, author, refs, ...).
    pub fn update_pull_request(&self, change: impl FnOnce(&mut PullRequest)) {
        let mut inner = self.lock();
        let number = self.number;
        change(inner.state.pull_mut(number));
    }

    /// The current `head.sha`.
    pub fn head_sha(&self) -> String {
        self.pull_request().head_sha
    }

    /// The current `base.sha`.
    pub fn base_sha(&self) -> String {
        self.pull_request().base_sha
    }

    /// Sets head and base to real commits (of a test's git repository).
    pub fn set_shas(&self, base_sha: &str, head_sha: &str) {
        self.update_pull_request(|pr| {
            base_sha.clone_into(&mut pr.base_sha);
            head_sha.clone_into(&mut pr.head_sha);
            pr.commits = vec![head_sha.to_owned()];
        });
    }

    /// A new push: `head_sha` becomes the head. With
    /// [`set_dismiss_stale_reviews`](Self::set_dismiss_stale_reviews), approvals are dismissed
    /// as GitHub does.
    pub fn push(&self, head_sha: &str) {
        let mut inner = self.lock();
        let number = self.number;
        let now = inner.state.tick();
        let dismiss = inner.state.dismiss_stale_reviews;
        let pr = inner.state.pull_mut(number);
        head_sha.clone_into(&mut pr.head_sha);
        pr.commits.push(head_sha.to_owned());
        pr.updated_at = now;
        if dismiss {
            for review in &mut inner.state.reviews {
                if review.pull_number == number && review.state == "APPROVED" {
                    review.state = "DISMISSED".into();
                }
            }
        }
    }

    /// GitHub's branch protection setting "dismiss stale approvals on push".
    pub fn set_dismiss_stale_reviews(&self, on: bool) {
        self.lock().state.dismiss_stale_reviews = on;
    }

    /// A submitted review by `user` (`APPROVED`, `CHANGES_REQUESTED`, `COMMENTED`,
    /// `DISMISSED`, `PENDING`) on `commit_id`. Returns its id.
    pub fn add_review(&self, user: &str, state: &str, commit_id: &str) -> u64 {
        self.add_review_with_body(user, state, commit_id, "")
    }

    /// [`add_review`](Self::add_review) with a body.
    pub fn add_review_with_body(
        &self,
        user: &str,
        state: &str,
        commit_id: &str,
        body: &str,
    ) -> u64 {
        assert!(
            matches!(
                state,
                "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED" | "PENDING"
            ),
            "unknown review state {state}"
        );
        let mut inner = self.lock();
        inner.state.account(user);
        let now = inner.state.tick();
        let id = inner.state.next_id();
        inner.state.reviews.push(Review {
            id,
            pull_number: self.number,
            author: user.to_owned(),
            body: body.to_owned(),
            state: state.to_owned(),
            commit_id: Some(commit_id.to_owned()),
            submitted_at: (state != "PENDING").then_some(now),
        });
        id
    }

    /// Dismisses a review (as a maintainer would).
    pub fn dismiss_review(&self, id: u64) {
        let mut inner = self.lock();
        let review = inner
            .state
            .reviews
            .iter_mut()
            .find(|r| r.id == id)
            .unwrap_or_else(|| panic!("no review {id}"));
        review.state = "DISMISSED".into();
    }

    /// Adds a label to the pull request, recording a `labeled` event by `actor`.
    pub fn add_label(&self, name: &str, actor: &str) {
        let mut inner = self.lock();
        let number = self.number;
        inner.state.account(actor);
        let label = inner.state.label(name);
        let labels = inner.state.issue_labels.entry(number).or_default();
        if !labels.contains(&label.name) {
            labels.push(label.name.clone());
        }
        let now = inner.state.tick();
        let id = inner.state.next_id();
        inner.state.events.push(IssueEvent {
            id,
            issue_number: number,
            event: "labeled".into(),
            actor: actor.to_owned(),
            label: label.name,
            created_at: now,
        });
    }

    /// Removes a label, recording an `unlabeled` event by `actor`.
    pub fn remove_label(&self, name: &str, actor: &str) {
        let mut inner = self.lock();
        let number = self.number;
        inner.state.account(actor);
        if let Some(labels) = inner.state.issue_labels.get_mut(&number) {
            labels.retain(|l| !l.eq_ignore_ascii_case(name));
        }
        let now = inner.state.tick();
        let id = inner.state.next_id();
        inner.state.events.push(IssueEvent {
            id,
            issue_number: number,
            event: "unlabeled".into(),
            actor: actor.to_owned(),
            label: name.to_owned(),
            created_at: now,
        });
    }

    /// Sets the active members of `org/team` (replacing earlier ones).
    pub fn set_team_members(&self, org: &str, team: &str, logins: &[&str]) {
        let mut inner = self.lock();
        let members = logins
            .iter()
            .map(|l| TeamMember {
                login: (*l).to_owned(),
                role: "member".into(),
                state: "active".into(),
            })
            .collect();
        inner.state.teams.insert(
            (org.to_ascii_lowercase(), team.to_ascii_lowercase()),
            members,
        );
    }

    /// Adds one member with a role (`member`, `maintainer`) and state (`active`, `pending`).
    pub fn add_team_member(&self, org: &str, team: &str, login: &str, role: &str, state: &str) {
        let mut inner = self.lock();
        inner
            .state
            .teams
            .entry((org.to_ascii_lowercase(), team.to_ascii_lowercase()))
            .or_default()
            .push(TeamMember {
                login: login.to_owned(),
                role: role.to_owned(),
                state: state.to_owned(),
            });
    }

    /// The files of the pull request (`GET /pulls/{n}/files`); their patches decide which
    /// lines a review comment may use.
    pub fn set_pr_files(&self, files: Vec<PrFile>) {
        for f in &files {
            let _ = f.parsed(); // panics early on a malformed patch
        }
        let number = self.number;
        self.lock().state.files.insert(number, files);
    }

    /// An issue (not a pull request) by `author` with `labels`, open or closed; its number.
    pub fn add_issue(
        &self,
        author: &str,
        title: &str,
        body: &str,
        labels: &[&str],
        open: bool,
    ) -> u64 {
        self.with_state(|s| s.add_issue(author, title, body, labels, open))
    }

    /// The issues that are not pull requests, by number.
    pub fn issues(&self) -> Vec<Issue> {
        self.with_state(|s| s.issues.values().cloned().collect())
    }

    /// The conversation comments on issue `number`, oldest first.
    pub fn comments_on(&self, number: u64) -> Vec<IssueComment> {
        self.with_state(|s| {
            s.issue_comments
                .iter()
                .filter(|c| c.issue_number == number)
                .cloned()
                .collect()
        })
    }

    /// An issue comment by `author`. Returns its id.
    pub fn add_issue_comment(&self, author: &str, body: &str) -> u64 {
        let number = self.number;
        self.lock().state.add_issue_comment(number, author, body)
    }

    /// A review comment by `author` on head-side `line` of `path` (on the current head, inside
    /// its own `COMMENTED` review). Returns its id.
    pub fn add_review_comment(&self, author: &str, path: &str, line: u64, body: &str) -> u64 {
        let number = self.number;
        self.lock()
            .state
            .add_review_comment(number, author, (path, line, body), "")
    }

    /// A reply by `author` to review comment `comment_id`. Returns its id.
    pub fn reply_to_review_comment(&self, author: &str, comment_id: u64, body: &str) -> u64 {
        let mut inner = self.lock();
        inner.state.account(author);
        let parent = inner
            .state
            .review_comments
            .iter()
            .find(|c| c.id == comment_id)
            .cloned()
            .unwrap_or_else(|| panic!("no review comment {comment_id}"));
        let now = inner.state.tick();
        let review_id = inner.state.next_id();
        inner.state.reviews.push(Review {
            id: review_id,
            pull_number: parent.pull_number,
            author: author.to_owned(),
            body: String::new(),
            state: "COMMENTED".into(),
            commit_id: Some(parent.commit_id.clone()),
            submitted_at: Some(now.clone()),
        });
        let id = inner.state.next_id();
        inner.state.review_comments.push(ReviewComment {
            id,
            review_id: Some(review_id),
            author: author.to_owned(),
            body: body.to_owned(),
            in_reply_to_id: Some(parent.in_reply_to_id.unwrap_or(parent.id)),
            created_at: now.clone(),
            updated_at: now,
            ..parent
        });
        id
    }

    /// A commit status on `sha`.
    pub fn add_status(&self, sha: &str, context: &str, state: &str) -> u64 {
        let mut inner = self.lock();
        let now = inner.state.tick();
        let id = inner.state.next_id();
        let creator = inner.state.token_user.clone();
        inner.state.statuses.push(CommitStatus {
            id,
            sha: sha.to_owned(),
            state: state.to_owned(),
            context: context.to_owned(),
            description: None,
            target_url: None,
            creator,
            created_at: now,
        });
        id
    }

    /// Anything else: direct access to the state.
    pub fn with_state<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        f(&mut self.lock().state)
    }

    /// A snapshot of the whole state.
    pub fn state(&self) -> State {
        self.lock().state.clone()
    }

    // ---- faults

    fn script(&self, method: &str, template: &str, remaining: Option<u32>, fault: Fault) {
        let method = method.to_ascii_uppercase();
        if method != "*" || template != "*" {
            let known = self.shared.spec.operations().iter().any(|o| {
                (method == "*" || o.method == method) && (template == "*" || o.template == template)
            });
            assert!(known, "no operation {method} {template} in the description");
        }
        self.lock().faults.push(ScriptedFault {
            method,
            template: template.to_owned(),
            remaining,
            fault,
            page: None,
        });
    }

    /// Every request for page `page` of the list `GET template` is answered with `fault`
    /// (a list that fails in its middle); the other pages are served.
    pub fn fail_page_always(&self, template: &str, page: u32, fault: Fault) {
        self.script("GET", template, None, fault);
        if let Some(last) = self.lock().faults.last_mut() {
            last.page = Some(page);
        }
    }

    /// The next request to `method template` (the description's path template, e.g.
    /// `/repos/{owner}/{repo}/pulls/{pull_number}/reviews`; `*` matches anything) is answered
    /// with `fault`.
    pub fn fail_next(&self, method: &str, template: &str, fault: Fault) {
        self.script(method, template, Some(1), fault);
    }

    /// Right after the answer to the next `method` `template` request is built, `change`
    /// runs on the state: what another client (a concurrent run) did between that request
    /// and the next one.
    pub fn after_next(
        &self,
        method: &str,
        template: &str,
        change: impl FnOnce(&mut State) + Send + 'static,
    ) {
        self.lock().hooks.push(Hook {
            method: method.to_owned(),
            template: template.to_owned(),
            change: Box::new(change),
        });
    }

    /// The next `times` requests are answered with `fault`.
    pub fn fail_times(&self, method: &str, template: &str, times: u32, fault: Fault) {
        self.script(method, template, Some(times), fault);
    }

    /// Every request is answered with `fault` until [`clear_faults`](Self::clear_faults).
    pub fn fail_always(&self, method: &str, template: &str, fault: Fault) {
        self.script(method, template, None, fault);
    }

    /// Removes all scripted faults.
    pub fn clear_faults(&self) {
        self.lock().faults.clear();
    }

    /// Scripted one-shot/counted faults not yet used (a scenario that expected a fault to
    /// fire can assert this is 0).
    pub fn pending_faults(&self) -> usize {
        self.lock()
            .faults
            .iter()
            .filter(|f| f.remaining.is_some())
            .count()
    }

    // ---- inspection

    /// Every request so far.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.lock().log.clone()
    }

    /// Every non-GET request so far.
    pub fn writes(&self) -> Vec<LoggedRequest> {
        self.lock()
            .log
            .iter()
            .filter(|r| r.is_write())
            .cloned()
            .collect()
    }

    /// Writes GitHub accepted (2xx), in order.
    pub fn successful_writes(&self) -> Vec<LoggedRequest> {
        self.writes()
            .into_iter()
            .filter(|r| (200..300).contains(&r.status))
            .collect()
    }

    /// The writes as `"METHOD template"` strings, in order (for exact assertions).
    pub fn write_ops(&self) -> Vec<String> {
        self.writes().iter().map(LoggedRequest::op).collect()
    }

    /// Requests to `method template`.
    pub fn requests_to(&self, method: &str, template: &str) -> Vec<LoggedRequest> {
        self.lock()
            .log
            .iter()
            .filter(|r| {
                r.method.eq_ignore_ascii_case(method) && r.template.as_deref() == Some(template)
            })
            .cloned()
            .collect()
    }

    /// How many requests went to `method template`.
    pub fn count(&self, method: &str, template: &str) -> usize {
        self.requests_to(method, template).len()
    }

    /// Forgets the request log (not the state, not the violations): the next scenario step
    /// starts counting from zero.
    pub fn clear_log(&self) {
        self.lock().log.clear();
    }

    /// Issue comments of the pull request, oldest first.
    pub fn issue_comments(&self) -> Vec<IssueComment> {
        let number = self.number;
        self.lock()
            .state
            .issue_comments
            .iter()
            .filter(|c| c.issue_number == number)
            .cloned()
            .collect()
    }

    /// Review comments of the pull request, oldest first.
    pub fn review_comments(&self) -> Vec<ReviewComment> {
        let number = self.number;
        self.lock()
            .state
            .review_comments
            .iter()
            .filter(|c| c.pull_number == number)
            .cloned()
            .collect()
    }

    /// How many replies a review comment has.
    pub fn reply_count(&self, comment_id: u64) -> usize {
        self.lock()
            .state
            .review_comments
            .iter()
            .filter(|c| c.in_reply_to_id == Some(comment_id))
            .count()
    }

    /// Reviews of the pull request, oldest first.
    pub fn reviews(&self) -> Vec<Review> {
        let number = self.number;
        self.lock()
            .state
            .reviews
            .iter()
            .filter(|r| r.pull_number == number)
            .cloned()
            .collect()
    }

    /// Label names on the pull request.
    pub fn labels(&self) -> Vec<String> {
        let number = self.number;
        self.lock()
            .state
            .issue_labels
            .get(&number)
            .cloned()
            .unwrap_or_default()
    }

    /// Label events of the pull request.
    pub fn events(&self) -> Vec<IssueEvent> {
        self.lock().state.events.clone()
    }

    /// Commit statuses, oldest first.
    pub fn statuses(&self) -> Vec<CommitStatus> {
        self.lock().state.statuses.clone()
    }

    /// Violations so far.
    pub fn violations(&self) -> Vec<Violation> {
        self.lock().violations.clone()
    }

    /// Returns the violations so far and forgets them (for tests that provoke them).
    pub fn take_violations(&self) -> Vec<Violation> {
        std::mem::take(&mut self.lock().violations)
    }

    /// Panics, listing them, if any request violated the description or GitHub's rules, or
    /// if the mock produced an answer that does not fit the description.
    pub fn assert_no_violations(&self) {
        let inner = self.lock();
        let mut problems: Vec<String> = inner.violations.iter().map(ToString::to_string).collect();
        problems.extend(inner.mock_bugs.iter().map(|b| format!("MOCK BUG: {b}")));
        drop(inner);
        assert!(
            problems.is_empty(),
            "the mock GitHub saw {} problem(s):\n  {}",
            problems.len(),
            problems.join("\n  ")
        );
    }

    /// Panics if the token appears in any answer, in the log (bodies, query, headers other than
    /// `Authorization`, which is redacted on arrival), in the state (comments, reviews), or in
    /// any of `outputs` (a child process's stdout/stderr, step summary, ...).
    pub fn assert_token_not_leaked(&self, outputs: &[&str]) {
        let token = self.shared.token.clone();
        let inner = self.lock();
        let mut places = Vec::new();
        for (i, r) in inner.log.iter().enumerate() {
            let texts = [
                ("request body", r.raw_body.clone()),
                ("request path", r.path.clone()),
                ("request query", format!("{:?}", r.query)),
                ("request headers", format!("{:?}", r.headers)),
                ("response body", r.response_body.clone()),
                ("response headers", format!("{:?}", r.response_headers)),
            ];
            for (what, text) in texts {
                if text.contains(&token) {
                    places.push(format!("request #{i} {}: {what}", r.op()));
                }
            }
        }
        let s = &inner.state;
        for c in &s.issue_comments {
            if c.body.contains(&token) {
                places.push(format!("issue comment {}", c.id));
            }
        }
        for c in &s.review_comments {
            if c.body.contains(&token) {
                places.push(format!("review comment {}", c.id));
            }
        }
        for r in &s.reviews {
            if r.body.contains(&token) {
                places.push(format!("review {}", r.id));
            }
        }
        drop(inner);
        for (i, text) in outputs.iter().enumerate() {
            if text.contains(&token) {
                places.push(format!("output #{i}"));
            }
        }
        assert!(
            places.is_empty(),
            "the token leaked into: {}",
            places.join(", ")
        );
    }
}

impl Drop for GitHubMock {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_millis(200));
        if let Some(handle) = self.accept.take() {
            let _ = handle.join();
        }
        if std::thread::panicking() {
            return;
        }
        let bugs = self.lock().mock_bugs.clone();
        assert!(
            bugs.is_empty(),
            "the mock GitHub answered outside its description (a bug in the mock):\n  {}",
            bugs.join("\n  ")
        );
    }
}

// ---------------------------------------------------------------- serving

fn accept_loop(shared: &Arc<Shared>, listener: &TcpListener) {
    let mut workers: Vec<JoinHandle<()>> = Vec::new();
    for stream in listener.incoming() {
        if shared.stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        if !stream.peer_addr().is_ok_and(|a| a.ip().is_loopback()) {
            continue;
        }
        workers.retain(|w| !w.is_finished());
        let shared = shared.clone();
        if let Ok(worker) = std::thread::Builder::new()
            .name("github-mock-conn".into())
            .spawn(move || serve_connection(&shared, stream))
        {
            workers.push(worker);
        }
    }
    for worker in workers {
        let _ = worker.join();
    }
}

fn serve_connection(shared: &Shared, mut stream: TcpStream) {
    let _ = stream.set_read_timeout(Some(Duration::from_millis(50)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
    let _ = stream.set_nodelay(true);
    let mut buffer = Vec::new();
    loop {
        match http::read_request(
            &mut stream,
            &mut buffer,
            &shared.stop,
            Duration::from_secs(30),
            Duration::from_secs(10),
        ) {
            ReadOutcome::Done => return,
            ReadOutcome::Bad(message) => {
                shared.record_transport(&message);
                let response = HttpResponse {
                    status: 400,
                    headers: vec![(
                        "Content-Type".into(),
                        "application/json; charset=utf-8".into(),
                    )],
                    body: json!({ "message": format!("Bad request: {message}") })
                        .to_string()
                        .into_bytes(),
                    trickle: None,
                    delay: None,
                };
                let _ = http::write_response(&mut stream, &response, false, &shared.stop);
                return;
            }
            ReadOutcome::Request(request) => {
                let keep_alive = request.keep_alive();
                let Some(response) = shared.handle(&request) else {
                    return; // a scripted dropped connection
                };
                if http::write_response(&mut stream, &response, keep_alive, &shared.stop).is_err()
                    || !keep_alive
                {
                    return;
                }
            }
        }
    }
}

/// What processing a request produced before it is logged and written.
struct Outcome {
    status: u16,
    headers: Vec<(String, String)>,
    body: Option<Value>,
    template: Option<String>,
    operation_id: Option<String>,
    fault: Option<String>,
    drop_connection: bool,
    trickle: Option<Duration>,
    delay: Option<Duration>,
}

impl Outcome {
    fn error(status: u16, message: &str) -> Outcome {
        Outcome {
            status,
            headers: Vec::new(),
            body: Some(json!({
                "message": message,
                "documentation_url": "https://docs.github.com/rest",
                "status": status.to_string(),
            })),
            template: None,
            operation_id: None,
            fault: None,
            drop_connection: false,
            trickle: None,
            delay: None,
        }
    }

    fn for_op(mut self, op: &Operation) -> Outcome {
        self.template = Some(op.template.clone());
        self.operation_id = Some(op.id.clone());
        self
    }
}

fn parse_query(raw: Option<&str>) -> Result<Vec<(String, String)>, String> {
    let Some(raw) = raw else {
        return Ok(Vec::new());
    };
    let mut pairs = Vec::new();
    for part in raw.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = part.split_once('=').unwrap_or((part, ""));
        let decode = |s: &str| {
            openapi::percent_decode(&s.replace('+', " "))
                .ok_or_else(|| format!("malformed percent-encoding in query part {part:?}"))
        };
        pairs.push((decode(name)?, decode(value)?));
    }
    Ok(pairs)
}

/// Turns a parameter's text into the JSON its schema expects (so that `"abc"` for an integer
/// stays a string and fails validation).
fn typed_value(text: &str, schema: &Value) -> Value {
    match schema["type"].as_str() {
        Some("integer") => text
            .parse::<i64>()
            .map_or_else(|_| Value::String(text.to_owned()), Value::from),
        Some("number") => text
            .parse::<f64>()
            .ok()
            .and_then(|n| serde_json::Number::from_f64(n).map(Value::Number))
            .unwrap_or_else(|| Value::String(text.to_owned())),
        Some("boolean") => match text {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::String(text.to_owned()),
        },
        _ => Value::String(text.to_owned()),
    }
}

/// The `page` a list request asks for (1 when absent).
fn page_of(query: &[(String, String)]) -> u32 {
    query
        .iter()
        .find(|(k, _)| k == "page")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(1)
}

fn epoch_now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or_default()
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn record_transport(&self, message: &str) {
        self.lock().violations.push(Violation {
            method: String::new(),
            path: String::new(),
            kind: ViolationKind::Transport,
            message: message.to_owned(),
        });
    }

    /// Validates, applies and answers one request; `None` means: drop the connection.
    fn handle(&self, request: &HttpRequest) -> Option<HttpResponse> {
        let mut inner = self.lock();
        let path = request.path().to_owned();
        let query = parse_query(request.query());
        let mut violations: Vec<(ViolationKind, String)> = Vec::new();
        let outcome = match &query {
            Ok(query) => self.process(&mut inner, request, &path, query, &mut violations),
            Err(e) => {
                violations.push((ViolationKind::QueryParameter, e.clone()));
                Outcome::error(400, e)
            }
        };
        if let Some(template) = &outcome.template {
            if let Some(i) = inner
                .hooks
                .iter()
                .position(|h| h.method == request.method && h.template == *template)
            {
                let hook = inner.hooks.remove(i);
                (hook.change)(&mut inner.state);
            }
        }
        for (kind, message) in violations {
            inner.violations.push(Violation {
                method: request.method.clone(),
                path: path.clone(),
                kind,
                message,
            });
        }
        // Common headers, as GitHub sends them.
        inner.rate_remaining = inner.rate_remaining.saturating_sub(1);
        let reset = (epoch_now() as u64) + 3600;
        let mut headers = vec![
            (
                "x-github-media-type".to_owned(),
                "github.v3; format=json".to_owned(),
            ),
            (
                "x-github-api-version-selected".to_owned(),
                "2022-11-28".to_owned(),
            ),
            ("x-ratelimit-limit".to_owned(), "5000".to_owned()),
            ("x-ratelimit-resource".to_owned(), "core".to_owned()),
            (
                "x-github-request-id".to_owned(),
                format!("MOCK:{:06}", inner.log.len() + 1),
            ),
        ];
        if !outcome
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("x-ratelimit-remaining"))
        {
            headers.push((
                "x-ratelimit-remaining".into(),
                inner.rate_remaining.to_string(),
            ));
            headers.push(("x-ratelimit-reset".into(), reset.to_string()));
            headers.push((
                "x-ratelimit-used".into(),
                (5000 - inner.rate_remaining).to_string(),
            ));
        }
        headers.extend(outcome.headers.iter().cloned());
        let body = outcome
            .body
            .as_ref()
            .map(Value::to_string)
            .unwrap_or_default();
        if outcome.body.is_some() {
            headers.insert(
                0,
                (
                    "Content-Type".into(),
                    "application/json; charset=utf-8".into(),
                ),
            );
        }
        let redacted: Vec<(String, String)> = request
            .headers
            .iter()
            .map(|(n, v)| {
                if n.eq_ignore_ascii_case("authorization") {
                    let scheme = v.split(' ').next().unwrap_or_default();
                    (n.clone(), format!("{scheme} [redacted]"))
                } else {
                    (n.clone(), v.clone())
                }
            })
            .collect();
        let raw_body = String::from_utf8_lossy(&request.body).into_owned();
        inner.log.push(LoggedRequest {
            method: request.method.clone(),
            path,
            template: outcome.template.clone(),
            operation_id: outcome.operation_id.clone(),
            query: query.unwrap_or_default(),
            headers: redacted,
            body: serde_json::from_str(&raw_body).ok(),
            raw_body,
            status: outcome.status,
            response_headers: headers.clone(),
            response_body: body.clone(),
            fault: outcome.fault.clone(),
            at: self.started.elapsed(),
        });
        if outcome.drop_connection {
            return None;
        }
        Some(HttpResponse {
            status: outcome.status,
            headers,
            body: body.into_bytes(),
            trickle: outcome.trickle,
            delay: outcome.delay,
        })
    }

    fn process(
        &self,
        inner: &mut Inner,
        request: &HttpRequest,
        full_path: &str,
        query: &[(String, String)],
        violations: &mut Vec<(ViolationKind, String)>,
    ) -> Outcome {
        let method = request.method.as_str();
        // ---- route
        let Some(path) = full_path
            .strip_prefix(&self.base_path)
            .filter(|p| p.starts_with('/'))
        else {
            violations.push((
                ViolationKind::UnknownPath,
                format!("path is outside the API base path {:?}", self.base_path),
            ));
            return Outcome::error(404, "Not Found");
        };
        let candidates = self.spec.match_path(path);
        if candidates.is_empty() {
            violations.push((
                ViolationKind::UnknownPath,
                format!("no operation of the description has the path {path}"),
            ));
            return Outcome::error(404, "Not Found");
        }
        let Some((op, params)) = candidates.iter().find(|(op, _)| op.method == method) else {
            let allowed: Vec<String> = candidates.iter().map(|(o, _)| o.key()).collect();
            violations.push((
                ViolationKind::WrongMethod,
                format!(
                    "{method} is not an operation of this path; the description has {}",
                    allowed.join(", ")
                ),
            ));
            return Outcome::error(404, "Not Found");
        };
        let op: &Operation = op;
        // ---- headers
        if let Some(outcome) = self.check_headers(request, op, violations) {
            return outcome.for_op(op);
        }
        // ---- path parameters
        for (name, value) in params {
            let Some(param) = op.param(name, ParamIn::Path) else {
                continue;
            };
            let typed = typed_value(value, &param.schema);
            let errors =
                self.spec
                    .validate(&format!("{} path {name}", op.key()), &param.schema, &typed);
            if !errors.is_empty() {
                violations.push((
                    ViolationKind::PathParameter,
                    format!("path parameter {name}={value:?}: {}", errors.join("; ")),
                ));
                return Outcome::error(404, "Not Found").for_op(op);
            }
        }
        // ---- query parameters
        if let Some(outcome) = self.check_query(op, query, violations) {
            return outcome.for_op(op);
        }
        // ---- body
        let body = match self.check_body(request, op, violations) {
            Ok(body) => body,
            Err(outcome) => return (*outcome).for_op(op),
        };
        // ---- rate-limit windows
        if let Some(window) = inner.rate_window.clone() {
            let now = SystemTime::now();
            if now + Duration::from_millis(100) < window.until {
                let early = window.until.duration_since(now).unwrap_or_default();
                violations.push((
                    ViolationKind::RateLimit,
                    format!(
                        "sent {} ms before the {} window ended",
                        early.as_millis(),
                        window.what
                    ),
                ));
                let mut outcome =
                    Outcome::error(window.status, "API rate limit exceeded").for_op(op);
                outcome
                    .headers
                    .push(("Retry-After".into(), early.as_secs().max(1).to_string()));
                return outcome;
            }
            inner.rate_window = None;
        }
        // ---- blind retries after a 5xx
        let body_text = body.to_string();
        if !op.is_write() {
            inner.blind_watch = None;
        } else if inner
            .blind_watch
            .as_ref()
            .is_some_and(|(key, _)| *key == op.key())
        {
            let (_, previous) = inner.blind_watch.take().unwrap_or_default();
            if previous == body_text {
                violations.push((
                    ViolationKind::BlindRetry,
                    "the same POST was sent again after a 5xx without listing first".into(),
                ));
            }
        }
        // ---- read-only token
        if op.is_write() && inner.read_only {
            let mut outcome =
                Outcome::error(403, "Resource not accessible by integration").for_op(op);
            outcome.headers.push((
                "x-accepted-github-permissions".into(),
                "pull_requests=write; issues=write".into(),
            ));
            return outcome;
        }
        // ---- scripted faults
        let fault = inner
            .faults
            .iter_mut()
            .find(|f| {
                (f.method == "*" || f.method == op.method)
                    && (f.template == "*" || f.template == op.template)
                    && f.remaining != Some(0)
                    && f.page.is_none_or(|p| page_of(query) == p)
            })
            .map(|f| {
                if let Some(n) = &mut f.remaining {
                    *n -= 1;
                }
                f.fault.clone()
            });
        inner.faults.retain(|f| f.remaining != Some(0));
        if let Some(fault) = fault {
            if fault.trickle.is_some() || fault.delay.is_some() {
                let mut answer =
                    self.run_handler(inner, op, params, query, &body, full_path, violations);
                answer.trickle = fault.trickle;
                answer.delay = fault.delay;
                answer.fault = Some(fault.label.clone());
                if op.method == "POST" && fault.delay.is_some() {
                    inner.blind_watch = Some((op.key(), body_text));
                }
                return answer;
            }
            if fault.apply_first {
                let applied =
                    self.run_handler(inner, op, params, query, &body, full_path, violations);
                if applied.status >= 300 {
                    return applied;
                }
            }
            if op.method == "POST" && (fault.status >= 500 || fault.drop_connection) {
                inner.blind_watch = Some((op.key(), body_text));
            }
            return Self::fault_outcome(inner, &fault).for_op(op);
        }
        self.run_handler(inner, op, params, query, &body, full_path, violations)
    }

    fn fault_outcome(inner: &mut Inner, fault: &Fault) -> Outcome {
        let mut headers = fault.headers.clone();
        if let Some(seconds) = fault.retry_after {
            headers.push(("Retry-After".into(), seconds.to_string()));
            inner.rate_window = Some(RateWindow {
                until: SystemTime::now() + Duration::from_secs(seconds),
                status: fault.status,
                what: format!("Retry-After: {seconds}"),
            });
        }
        if let Some(after) = fault.reset_after {
            let reset = (epoch_now() + after.as_secs_f64()).ceil() as u64;
            headers.push(("x-ratelimit-remaining".into(), "0".into()));
            headers.push(("x-ratelimit-reset".into(), reset.to_string()));
            headers.push(("x-ratelimit-used".into(), "5000".into()));
            inner.rate_window = Some(RateWindow {
                until: UNIX_EPOCH + Duration::from_secs(reset),
                status: fault.status,
                what: format!("x-ratelimit-reset: {reset}"),
            });
        }
        Outcome {
            status: fault.status,
            headers,
            body: (!fault.body.is_null()).then(|| fault.body.clone()),
            template: None,
            operation_id: None,
            fault: Some(fault.label.clone()),
            drop_connection: fault.drop_connection,
            trickle: None,
            delay: None,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn run_handler(
        &self,
        inner: &mut Inner,
        op: &Operation,
        params: &[(String, String)],
        query: &[(String, String)],
        body: &Value,
        full_path: &str,
        violations: &mut Vec<(ViolationKind, String)>,
    ) -> Outcome {
        let mut ctx = handlers::Ctx {
            spec: &self.spec,
            op,
            state: &mut inner.state,
            params,
            query,
            body,
            request_url: format!("{}{full_path}", self.origin),
            notes: Vec::new(),
        };
        let reply = handlers::dispatch(&mut ctx);
        violations.append(&mut ctx.notes);
        // The answer must fit the description.
        let mut bug = None;
        if (200..300).contains(&reply.status) && !op.declares_status(reply.status) {
            bug = Some(format!(
                "{} answered {}, which the description does not declare",
                op.key(),
                reply.status
            ));
        } else if let (Some(schema), Some(value)) = (op.response_schema(reply.status), &reply.body)
        {
            let errors = self.spec.validate(
                &format!("{} response {}", op.key(), reply.status),
                schema,
                value,
            );
            if !errors.is_empty() {
                bug = Some(format!(
                    "{} answer {} does not fit its schema: {}",
                    op.key(),
                    reply.status,
                    errors.join("; ")
                ));
            }
        }
        if let Some(bug) = bug {
            inner.mock_bugs.push(bug.clone());
            return Outcome::error(500, &format!("mock bug: {bug}")).for_op(op);
        }
        Outcome {
            status: reply.status,
            headers: reply.headers,
            body: reply.body,
            template: None,
            operation_id: None,
            fault: None,
            drop_connection: false,
            trickle: None,
            delay: None,
        }
        .for_op(op)
    }

    fn check_headers(
        &self,
        request: &HttpRequest,
        op: &Operation,
        violations: &mut Vec<(ViolationKind, String)>,
    ) -> Option<Outcome> {
        let Some(auth) = request.header("authorization") else {
            violations.push((ViolationKind::Auth, "no Authorization header".into()));
            return Some(Outcome::error(401, "Requires authentication"));
        };
        let token = auth
            .split_once(' ')
            .filter(|(scheme, _)| {
                scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("token")
            })
            .map(|(_, t)| t.trim());
        match token {
            None => {
                violations.push((
                    ViolationKind::Auth,
                    "Authorization is not `Bearer <token>` or `token <token>`".into(),
                ));
                return Some(Outcome::error(401, "Bad credentials"));
            }
            Some(t) if t != self.token => {
                violations.push((
                    ViolationKind::Auth,
                    "Authorization carries the wrong token".into(),
                ));
                return Some(Outcome::error(401, "Bad credentials"));
            }
            Some(_) => {}
        }
        if request
            .header("user-agent")
            .is_none_or(|ua| ua.trim().is_empty())
        {
            violations.push((
                ViolationKind::Header,
                "no User-Agent header (GitHub rejects such requests)".into(),
            ));
            return Some(Outcome::error(
                403,
                "Request forbidden by administrative rules. Please make sure your request has a User-Agent header",
            ));
        }
        let accept = request
            .header("accept")
            .unwrap_or_default()
            .to_ascii_lowercase();
        if !(accept.contains("application/vnd.github") || accept.contains("application/json")) {
            violations.push((
                ViolationKind::Header,
                format!("Accept {accept:?} asks for neither application/vnd.github+json nor application/json"),
            ));
            return Some(Outcome::error(400, "Unsupported 'Accept' header"));
        }
        if let Some(version) = request.header("x-github-api-version") {
            if !API_VERSIONS.contains(&version) {
                violations.push((
                    ViolationKind::Header,
                    format!("unsupported X-GitHub-Api-Version {version:?}"),
                ));
                return Some(Outcome::error(
                    400,
                    &format!("API version {version} is not supported."),
                ));
            }
        }
        if !request.body.is_empty() && op.body_schema.is_some() {
            let content_type = request
                .header("content-type")
                .unwrap_or_default()
                .to_ascii_lowercase();
            if !content_type.starts_with("application/json")
                && !content_type.starts_with("application/vnd.github")
            {
                violations.push((
                    ViolationKind::Header,
                    format!("Content-Type {content_type:?} for a JSON body"),
                ));
                return Some(Outcome::error(400, "Problems parsing JSON"));
            }
        }
        None
    }

    fn check_query(
        &self,
        op: &Operation,
        query: &[(String, String)],
        violations: &mut Vec<(ViolationKind, String)>,
    ) -> Option<Outcome> {
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for (name, _) in query {
            *seen.entry(name.as_str()).or_default() += 1;
        }
        let mut problems = Vec::new();
        for (name, count) in &seen {
            if *count > 1 {
                problems.push(format!("query parameter {name} given {count} times"));
            }
            if op.param(name, ParamIn::Query).is_none() {
                let known: Vec<&str> = op
                    .params
                    .iter()
                    .filter(|p| p.location == ParamIn::Query)
                    .map(|p| p.name.as_str())
                    .collect();
                problems.push(format!(
                    "unknown query parameter {name} (the operation has: {})",
                    if known.is_empty() {
                        "none".to_owned()
                    } else {
                        known.join(", ")
                    }
                ));
            }
        }
        for param in op.params.iter().filter(|p| p.location == ParamIn::Query) {
            let Some((_, value)) = query.iter().find(|(n, _)| *n == param.name) else {
                if param.required {
                    problems.push(format!("required query parameter {} missing", param.name));
                }
                continue;
            };
            let typed = typed_value(value, &param.schema);
            let errors = self.spec.validate(
                &format!("{} query {}", op.key(), param.name),
                &param.schema,
                &typed,
            );
            if !errors.is_empty() {
                problems.push(format!(
                    "query parameter {}={value:?}: {}",
                    param.name,
                    errors.join("; ")
                ));
                continue;
            }
            // Rules in the description's prose.
            let n = typed.as_i64();
            if param.name == "per_page" && !n.is_some_and(|n| (1..=100).contains(&n)) {
                problems.push(format!(
                    "per_page={value} is outside 1..=100 (GitHub silently caps it at 100)"
                ));
            }
            if param.name == "page" && n.is_none_or(|n| n < 1) {
                problems.push(format!("page={value} must be at least 1"));
            }
        }
        if problems.is_empty() {
            return None;
        }
        let message = problems.join("; ");
        violations.push((ViolationKind::QueryParameter, message.clone()));
        Some(Outcome::error(400, &message))
    }

    fn check_body(
        &self,
        request: &HttpRequest,
        op: &Operation,
        violations: &mut Vec<(ViolationKind, String)>,
    ) -> Result<Value, Box<Outcome>> {
        let raw = &request.body;
        let Some(schema) = &op.body_schema else {
            if !raw.is_empty() {
                violations.push((
                    ViolationKind::Body,
                    format!("{} takes no request body", op.key()),
                ));
                return Err(Box::new(Outcome::error(
                    400,
                    "This operation takes no request body",
                )));
            }
            return Ok(json!({}));
        };
        if raw.is_empty() {
            if op.body_required {
                violations.push((ViolationKind::Body, "the request body is required".into()));
                return Err(Box::new(Outcome::error(400, "Problems parsing JSON")));
            }
            return Ok(json!({}));
        }
        let body: Value = match serde_json::from_slice(raw) {
            Ok(v) => v,
            Err(e) => {
                violations.push((ViolationKind::Body, format!("body is not JSON: {e}")));
                return Err(Box::new(Outcome::error(400, "Problems parsing JSON")));
            }
        };
        let errors = self
            .spec
            .validate(&format!("{} body", op.key()), schema, &body);
        if errors.is_empty() {
            return Ok(body);
        }
        let message = format!("Invalid request.\n\n{}", errors.join("\n"));
        violations.push((ViolationKind::Body, errors.join("; ")));
        let mut outcome = Outcome::error(422, &message);
        outcome.body = Some(json!({
            "message": message,
            "documentation_url": op.docs_url,
            "status": "422",
        }));
        Err(Box::new(outcome))
    }
}
