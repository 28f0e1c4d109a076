//! The REST client: octocrab's raw requests with the project's own request and response types,
//! pagination, and a retry policy that never repeats a write blindly.
//!
//! Why raw requests: octocrab's typed `create_review` cannot send `line`/`side`, its
//! `update_comment` sends POST instead of PATCH, and its typed errors drop the headers a rate
//! limit is read from (`Retry-After`, `x-ratelimit-reset`). Why no octocrab `retry` feature: it
//! would resend a POST after a 5xx, and a POST that GitHub applied before failing would then
//! be applied twice (a second summary comment, a second review).
//!
//! What is retried, within one time budget for the whole run ([`RetryPolicy::budget`]):
//! - a rate limit (429, or 403 with `Retry-After` or `x-ratelimit-remaining: 0`), for every
//!   method: GitHub did not process the request. The wait is what GitHub asks for.
//! - a 5xx or a lost connection, for GETs only, with exponential backoff.
//!
//! When a rate limit asks for more than the budget has left, the client gives up and sends
//! nothing more until the time GitHub named: requests made during a rate limit prolong it.
//!
//! Lists ([`Client::list`]) are read whole or not at all: [`PER_PAGE`] items a page, at most
//! [`MAX_PAGES`] pages (10,000 items). A page that still fails after the retries, a page that
//! does not decode, a next page on another host, or a next page beyond the cap is
//! [`GitHubError::Incomplete`], which names the list and why: the item that decides (a later
//! `CHANGES_REQUESTED`, who re-added a label, our own earlier comment) may be on a page not
//! read, so the caller fails closed instead of deciding on a part.
//!
//! Every call ends by the run's deadline ([`Client::with_deadline`]): an attempt, its body
//! included, is cut off there, a backoff or a rate-limit wait never sleeps past it, and every
//! call after it fails at once with [`GitHubError::Deadline`], which names the call the run
//! was waiting for ([`Client::missed_deadline`] gives the first). Per-read timeouts alone do
//! not bound a run: a server that sends a byte every few seconds satisfies each of them.
//!
//! A write that ends in a 5xx or a lost connection is returned as an error for which
//! [`GitHubError::is_uncertain`] holds: the caller lists again and only writes what is still
//! missing (see [`super::publish`]).
//!
//! The token goes to octocrab and nowhere else. It is not in any error: messages carry the
//! method, the path (never the host's credentials) and GitHub's own message, and are filtered
//! for the token anyway.

use std::cell::Cell;
use std::fmt::Write as _;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Serialize;
use serde::de::DeserializeOwned;

/// How long to wait for GitHub, at most, over a whole run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// The total time spent waiting (rate limits and backoff) before giving up.
    pub budget: Duration,
    /// The first backoff after a 5xx on a GET; it doubles per attempt.
    pub backoff: Duration,
    /// Attempts per GET (the first one included) when GitHub answers 5xx.
    pub attempts: u32,
    /// How long one read (or write) of a connection may wait for the next byte; a write
    /// whose answer does not come in time is uncertain ([`GitHubError::is_uncertain`]).
    pub read_timeout: Duration,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            budget: Duration::from_secs(60),
            backoff: Duration::from_secs(1),
            attempts: 4,
            read_timeout: Duration::from_secs(30),
        }
    }
}

/// A failed request.
#[derive(Debug, thiserror::Error)]
pub enum GitHubError {
    /// GitHub answered with an error status (after any retries).
    #[error("{method} {path}: GitHub answered {status}: {message}")]
    Status {
        /// HTTP method.
        method: &'static str,
        /// Request path (with the query).
        path: String,
        /// HTTP status.
        status: u16,
        /// GitHub's `message` and `errors`.
        message: String,
    },
    /// No answer: connection refused, reset, timed out.
    #[error("{method} {path}: no answer from GitHub: {detail}")]
    Transport {
        /// HTTP method.
        method: &'static str,
        /// Request path.
        path: String,
        /// What went wrong.
        detail: String,
    },
    /// Still rate limited when the retry budget ran out.
    #[error(
        "{method} {path}: rate limited by GitHub, and waiting {wait}s more would exceed the retry budget of {budget}s"
    )]
    RateLimited {
        /// HTTP method.
        method: &'static str,
        /// Request path.
        path: String,
        /// Seconds GitHub asked to wait.
        wait: u64,
        /// The budget in seconds.
        budget: u64,
    },
    /// An answer that is not what the REST API describes.
    #[error("{method} {path}: unexpected answer from GitHub: {detail}")]
    Decode {
        /// HTTP method.
        method: &'static str,
        /// Request path.
        path: String,
        /// What did not fit.
        detail: String,
    },
    /// The run's deadline passed while waiting for this call (or before it was sent): the
    /// run stops, whatever the server was doing (a trickled answer, a long rate limit).
    #[error(
        "{method} {path}: no complete answer from GitHub within the run's deadline of {secs}s (SLAGATE_GITHUB_DEADLINE_SECS); slagate stops rather than wait longer"
    )]
    Deadline {
        /// HTTP method.
        method: &'static str,
        /// Request path.
        path: String,
        /// The whole deadline, in seconds.
        secs: u64,
    },
    /// `GITHUB_API_URL` cannot be used.
    #[error("GITHUB_API_URL `{0}` is not an http(s) URL")]
    Config(String),
    /// A list that could not be read whole: the gate never decides on part of one.
    #[error("could not read every {list}: {why}; slagate does not decide on part of a list")]
    Incomplete {
        /// What the list is, e.g. `review of pull request #7`.
        list: String,
        /// Why it stopped.
        why: ListStop,
    },
}

/// Why a list stopped before its end.
#[derive(Debug, thiserror::Error)]
pub enum ListStop {
    /// The page cap was reached and GitHub still named a next page.
    #[error("more than {items} ({pages} pages of {per_page})", items = fmt_thousands(pages * per_page))]
    TooLong {
        /// Pages read.
        pages: usize,
        /// Items per page.
        per_page: usize,
    },
    /// A page could not be read (after any retries) or did not fit.
    #[error("{0}")]
    Failed(Box<GitHubError>),
}

/// `10000` as `10,000`.
fn fmt_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl GitHubError {
    /// The HTTP status, when GitHub answered (for a list, that of the page that failed).
    pub fn status(&self) -> Option<u16> {
        match self {
            GitHubError::Status { status, .. } => Some(*status),
            GitHubError::Incomplete {
                why: ListStop::Failed(e),
                ..
            } => e.status(),
            _ => None,
        }
    }

    /// The run's deadline passed ([`Client::with_deadline`]), here or on a page of a list.
    pub fn is_deadline(&self) -> bool {
        match self {
            GitHubError::Deadline { .. } => true,
            GitHubError::Incomplete {
                why: ListStop::Failed(e),
                ..
            } => e.is_deadline(),
            _ => false,
        }
    }

    /// A list that could not be read whole ([`Client::list`]).
    pub fn is_incomplete_list(&self) -> bool {
        matches!(self, GitHubError::Incomplete { .. })
    }

    /// A write the token may not make (`403 Resource not accessible by integration`: the
    /// read-only `GITHUB_TOKEN` of a pull request from a fork). Rate limits never get here.
    pub fn is_forbidden(&self) -> bool {
        self.status() == Some(403)
    }

    /// The request may or may not have been applied (a 5xx, or no answer): list before
    /// writing again. Only writes are uncertain; a list that failed is [`Incomplete`](Self::Incomplete).
    pub fn is_uncertain(&self) -> bool {
        match self {
            GitHubError::Transport { .. } => true,
            GitHubError::Status { status, .. } => *status >= 500,
            _ => false,
        }
    }

    /// GitHub's message, for folding into a comment (the status and message only).
    pub fn github_message(&self) -> String {
        match self {
            GitHubError::Status {
                status, message, ..
            } => format!("{status}: {message}"),
            other => other.to_string(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    Get,
    Post,
    Patch,
    Delete,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// One answer, read completely.
struct Answer {
    status: u16,
    body: String,
    retry_after: Option<Duration>,
    reset_in: Option<Duration>,
    remaining_zero: bool,
    next: Option<String>,
}

impl Answer {
    fn is_rate_limit(&self) -> bool {
        self.status == 429
            || (self.status == 403
                && (self.retry_after.is_some()
                    || self.remaining_zero
                    || self.body.contains("secondary rate limit")))
    }
}

/// GitHub's error body: `message` and `errors` (strings or objects with a `message`).
fn error_message(body: &str) -> String {
    #[derive(serde::Deserialize)]
    struct ErrorBody {
        message: Option<String>,
        #[serde(default)]
        errors: Vec<serde_json::Value>,
    }
    let Ok(e) = serde_json::from_str::<ErrorBody>(body) else {
        let mut s: String = body.chars().take(200).collect();
        if s.is_empty() {
            s.push_str("(no message)");
        }
        return s;
    };
    let mut out = e.message.unwrap_or_else(|| "(no message)".into());
    let details: Vec<String> = e
        .errors
        .iter()
        .filter_map(|v| match v {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Object(o) => o
                .get("message")
                .and_then(|m| m.as_str())
                .map(str::to_string)
                .or_else(|| o.get("code").and_then(|m| m.as_str()).map(str::to_string)),
            _ => None,
        })
        .collect();
    if !details.is_empty() {
        out.push_str(": ");
        out.push_str(&details.join("; "));
    }
    out
}

/// The `rel="next"` URL of a `Link` header.
fn next_link(link: &str) -> Option<String> {
    link.split(',').find_map(|part| {
        let (url, params) = part.split_once(';')?;
        let rel_next = params.split(';').any(|p| {
            let p = p.trim();
            p == "rel=\"next\"" || p == "rel=next"
        });
        let url = url.trim().strip_prefix('<')?.strip_suffix('>')?;
        rel_next.then(|| url.to_string())
    })
}

/// Percent-encodes one path segment (a login, a team slug, a label).
pub fn segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Items per page of a list: GitHub's maximum.
pub const PER_PAGE: usize = 100;

/// The most pages of one list that are read (10,000 items). A longer list is an error, never
/// a silent cut: the item that decides (a later `CHANGES_REQUESTED`, who re-added a label)
/// may be on the pages not read.
pub const MAX_PAGES: usize = 100;

/// Where a list stands: the next page to read, and how many were read. Pure, so the cap is
/// tested without a server.
#[derive(Debug)]
struct Pager<'a> {
    /// The next page's path (with its query), or `None` when the list is whole.
    next: Option<String>,
    pages: usize,
    max_pages: usize,
    origin: &'a str,
}

impl<'a> Pager<'a> {
    fn new(path: &str, origin: &'a str, max_pages: usize) -> Pager<'a> {
        let sep = if path.contains('?') { '&' } else { '?' };
        Pager {
            next: Some(format!("{path}{sep}per_page={PER_PAGE}")),
            pages: 0,
            max_pages,
            origin,
        }
    }

    /// Records that `page` was read and GitHub's `rel="next"` URL for it. A next page beyond
    /// the cap, or on another host, stops the list with an error.
    fn after(&mut self, page: &str, next_url: Option<String>) -> Result<(), ListStop> {
        self.pages += 1;
        let Some(url) = next_url else {
            self.next = None;
            return Ok(());
        };
        if self.pages >= self.max_pages {
            return Err(ListStop::TooLong {
                pages: self.pages,
                per_page: PER_PAGE,
            });
        }
        let Some(rest) = url.strip_prefix(self.origin).filter(|r| r.starts_with('/')) else {
            return Err(ListStop::Failed(Box::new(GitHubError::Decode {
                method: "GET",
                path: page.to_string(),
                detail: "the next page is on another host".into(),
            })));
        };
        self.next = Some(rest.to_string());
        Ok(())
    }
}

/// The GitHub REST client of one run.
pub struct Client {
    octo: octocrab::Octocrab,
    /// `scheme://host[:port]` of the API, to follow `Link` headers only to it.
    origin: String,
    /// The API's path prefix (`/api/v3` on GitHub Enterprise Server, else empty).
    base_path: String,
    /// Kept only to filter it out of error messages.
    token: String,
    retry: RetryPolicy,
    waited: Cell<Duration>,
    /// Set when a rate limit outlasted the budget: no request is sent before it.
    blocked_until: Cell<Option<SystemTime>>,
    /// When every call must have ended, and the whole deadline (for the message).
    deadline: Option<(tokio::time::Instant, Duration)>,
    /// The first call the deadline stopped: `(method, path)`.
    missed: std::cell::RefCell<Option<(&'static str, String)>>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("origin", &self.origin)
            .field("base_path", &self.base_path)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for `api_url` (`GITHUB_API_URL`) with `token`. Plain `http://` is accepted
    /// for loopback test servers only: the token never travels unencrypted over a network.
    /// Call it inside a tokio runtime (octocrab spawns a task).
    pub fn new(api_url: &str, token: &str, retry: RetryPolicy) -> Result<Client, GitHubError> {
        let url = api_url.trim_end_matches('/');
        let (rest, tls) = match (url.strip_prefix("https://"), url.strip_prefix("http://")) {
            (Some(r), _) => (r, true),
            (None, Some(r)) => (r, false),
            _ => return Err(GitHubError::Config(url.to_string())),
        };
        let (host, path) = rest
            .split_once('/')
            .map_or((rest, String::new()), |(h, p)| (h, format!("/{p}")));
        if host.is_empty() || host.contains('@') {
            return Err(GitHubError::Config(url.to_string()));
        }
        let name = if host.starts_with('[') {
            host.split_inclusive(']').next().unwrap_or(host)
        } else {
            host.split(':').next().unwrap_or(host)
        };
        if !tls && !matches!(name, "127.0.0.1" | "localhost" | "[::1]") {
            return Err(GitHubError::Config(format!(
                "{url} (plain http is accepted for loopback test servers only)"
            )));
        }
        let origin = format!("{}{host}", &url[..url.len() - rest.len()]);
        let mut builder = octocrab::Octocrab::builder()
            .base_uri(url)
            .map_err(|_| GitHubError::Config(url.to_string()))?
            .add_header(
                http::header::ACCEPT,
                "application/vnd.github+json".to_string(),
            )
            .set_connect_timeout(Some(Duration::from_secs(10)))
            .set_read_timeout(Some(retry.read_timeout))
            .set_write_timeout(Some(retry.read_timeout));
        if !token.is_empty() {
            builder = builder.personal_token(token.to_string());
        }
        let octo = builder.build().map_err(|e| GitHubError::Transport {
            method: "GET",
            path: "/".into(),
            detail: e.to_string(),
        })?;
        Ok(Client {
            octo,
            origin,
            base_path: path,
            token: token.to_string(),
            retry,
            waited: Cell::new(Duration::ZERO),
            blocked_until: Cell::new(None),
            deadline: None,
            missed: std::cell::RefCell::new(None),
        })
    }

    /// Every call must end by `at` (`whole` is the run's deadline, for the message): a call
    /// still waiting then, for its answer or for a retry, fails with
    /// [`GitHubError::Deadline`], and so does every call after it, without being sent.
    #[must_use]
    pub fn with_deadline(mut self, at: std::time::Instant, whole: Duration) -> Client {
        self.deadline = Some((tokio::time::Instant::from_std(at), whole));
        self
    }

    /// The first call the deadline stopped, as its error: a run that missed it has not
    /// done what it meant to (a write may be missing), so it must not claim a decision.
    pub fn missed_deadline(&self) -> Option<GitHubError> {
        let secs = self.deadline.map_or(0, |(_, whole)| whole.as_secs());
        (self.missed.borrow().clone()).map(|(method, path)| GitHubError::Deadline {
            method,
            path,
            secs,
        })
    }

    /// The deadline error for this call, recorded as the first one missed if it is.
    fn deadline_error(&self, method: &'static str, path: &str) -> GitHubError {
        let mut missed = self.missed.borrow_mut();
        if missed.is_none() {
            *missed = Some((method, path.to_string()));
        }
        GitHubError::Deadline {
            method,
            path: path.to_string(),
            secs: self.deadline.map_or(0, |(_, whole)| whole.as_secs()),
        }
    }

    /// Whether the deadline has passed.
    fn past_deadline(&self) -> bool {
        self.deadline
            .is_some_and(|(at, _)| tokio::time::Instant::now() >= at)
    }

    /// One attempt, cut off at the deadline: `Ok(None)` when it was.
    async fn attempt(
        &self,
        method: Method,
        path: &str,
        body: Option<&serde_json::Value>,
    ) -> Option<Result<Answer, String>> {
        match self.deadline {
            None => Some(self.once(method, path, body).await),
            Some((at, _)) => tokio::time::timeout_at(at, self.once(method, path, body))
                .await
                .ok(),
        }
    }

    fn redact(&self, s: String) -> String {
        if self.token.len() >= 4 && s.contains(&self.token) {
            s.replace(&self.token, "***")
        } else {
            s
        }
    }

    /// Time spent waiting so far.
    pub fn waited(&self) -> Duration {
        self.waited.get()
    }

    async fn once(
        &self,
        method: Method,
        path: &str,
        body: Option<&serde_json::Value>,
    ) -> Result<Answer, String> {
        let uri = if path.starts_with(&self.base_path) && !self.base_path.is_empty() {
            path.to_string()
        } else {
            format!("{}{path}", self.base_path)
        };
        let result = match method {
            Method::Get => self.octo._get(uri.as_str()).await,
            Method::Post => self.octo._post(uri.as_str(), body).await,
            Method::Patch => self.octo._patch(uri.as_str(), body).await,
            Method::Delete => self.octo._delete(uri.as_str(), None::<&()>).await,
        };
        let response = result.map_err(|e| self.redact(e.to_string()))?;
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let retry_after = header("retry-after")
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let remaining_zero = header("x-ratelimit-remaining").is_some_and(|v| v.trim() == "0");
        let reset_in = header("x-ratelimit-reset")
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(|epoch| Duration::from_secs(epoch).saturating_sub(now));
        let next = header("link").as_deref().and_then(next_link);
        let status = response.status().as_u16();
        let body = self
            .octo
            .body_to_string(response)
            .await
            .map_err(|e| self.redact(e.to_string()))?;
        Ok(Answer {
            status,
            body,
            retry_after,
            reset_in,
            remaining_zero,
            next,
        })
    }

    /// Spends `wait` of the budget, or says how much was asked for when it does not fit.
    async fn wait(&self, wait: Duration) -> Result<(), u64> {
        let spent = self.waited.get();
        if spent + wait > self.retry.budget {
            return Err(wait.as_secs().max(1));
        }
        self.waited.set(spent + wait);
        let mut until = tokio::time::Instant::now() + wait;
        if let Some((at, _)) = self.deadline {
            until = until.min(at);
        }
        tokio::time::sleep_until(until).await;
        Ok(())
    }

    /// Sends one request with the retry policy of the module docs.
    // One loop over attempts whose arms share the failure count and the budget: split into
    // functions, each would need both back, and the order of the checks is the policy.
    async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<&serde_json::Value>,
    ) -> Result<Answer, GitHubError> {
        let m = method.as_str();
        if let Some(until) = self.blocked_until.get() {
            if let Ok(left) = until.duration_since(SystemTime::now()) {
                return Err(GitHubError::RateLimited {
                    method: m,
                    path: path.to_string(),
                    wait: left.as_secs().max(1),
                    budget: self.retry.budget.as_secs(),
                });
            }
        }
        let mut failures = 0u32;
        loop {
            if self.past_deadline() {
                return Err(self.deadline_error(m, path));
            }
            let Some(result) = self.attempt(method, path, body).await else {
                return Err(self.deadline_error(m, path));
            };
            let answer = match result {
                Ok(a) => a,
                Err(detail) => {
                    failures += 1;
                    if method == Method::Get && failures < self.retry.attempts {
                        let backoff = self.retry.backoff * 2u32.saturating_pow(failures - 1);
                        if self.wait(backoff).await.is_ok() {
                            continue;
                        }
                    }
                    return Err(GitHubError::Transport {
                        method: m,
                        path: path.to_string(),
                        detail,
                    });
                }
            };
            if (200..300).contains(&answer.status) {
                return Ok(answer);
            }
            if answer.is_rate_limit() {
                // GitHub's own numbers first; a small margin for clock skew; a backoff when
                // a secondary limit names no time.
                let asked = answer
                    .retry_after
                    .or(if answer.remaining_zero {
                        answer.reset_in
                    } else {
                        None
                    })
                    .map_or_else(
                        || self.retry.backoff * 2u32.saturating_pow(failures.min(8)),
                        |d| d + Duration::from_millis(250),
                    );
                failures += 1;
                match self.wait(asked).await {
                    Ok(()) => continue,
                    Err(wait) => {
                        self.blocked_until.set(Some(SystemTime::now() + asked));
                        return Err(GitHubError::RateLimited {
                            method: m,
                            path: path.to_string(),
                            wait,
                            budget: self.retry.budget.as_secs(),
                        });
                    }
                }
            }
            if answer.status >= 500 && method == Method::Get {
                failures += 1;
                if failures < self.retry.attempts {
                    let backoff = answer
                        .retry_after
                        .unwrap_or(self.retry.backoff * 2u32.saturating_pow(failures - 1));
                    if self.wait(backoff).await.is_ok() {
                        continue;
                    }
                }
            }
            return Err(GitHubError::Status {
                method: m,
                path: path.to_string(),
                status: answer.status,
                message: self.redact(error_message(&answer.body)),
            });
        }
    }

    fn decode<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: &str,
    ) -> Result<T, GitHubError> {
        serde_json::from_str(body).map_err(|e| GitHubError::Decode {
            method: method.as_str(),
            path: path.to_string(),
            detail: self.redact(e.to_string()),
        })
    }

    /// `GET path` as `T`.
    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, GitHubError> {
        let a = self.send(Method::Get, path, None).await?;
        self.decode(Method::Get, path, &a.body)
    }

    /// Every item of the list at `path`, [`PER_PAGE`] per page, following `Link: rel="next"`
    /// (only to the API's own origin), at most [`MAX_PAGES`] pages. `list` names it for the
    /// error (`review of pull request #7`).
    ///
    /// The whole list or an error, never a part: a page that fails (after the retries of
    /// [`RetryPolicy`]) or does not decode, a next page on another host, and a next page
    /// after the last one allowed are all [`GitHubError::Incomplete`].
    pub async fn list<T: DeserializeOwned>(
        &self,
        path: &str,
        list: &str,
    ) -> Result<Vec<T>, GitHubError> {
        let incomplete = |why| GitHubError::Incomplete {
            list: list.to_string(),
            why,
        };
        let failed = |e| incomplete(ListStop::Failed(Box::new(e)));
        let mut pager = Pager::new(path, &self.origin, MAX_PAGES);
        let mut items = Vec::new();
        while let Some(page) = pager.next.take() {
            let a = self.send(Method::Get, &page, None).await.map_err(failed)?;
            let mut batch: Vec<T> = self.decode(Method::Get, &page, &a.body).map_err(failed)?;
            items.append(&mut batch);
            pager.after(&page, a.next).map_err(incomplete)?;
        }
        Ok(items)
    }

    /// `POST path` with a JSON body, never retried after a 5xx.
    pub async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, GitHubError> {
        let value = serde_json::to_value(body).map_err(|e| GitHubError::Decode {
            method: "POST",
            path: path.to_string(),
            detail: e.to_string(),
        })?;
        let a = self.send(Method::Post, path, Some(&value)).await?;
        self.decode(Method::Post, path, &a.body)
    }

    /// `PATCH path` with a JSON body, never retried after a 5xx.
    pub async fn patch<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, GitHubError> {
        let value = serde_json::to_value(body).map_err(|e| GitHubError::Decode {
            method: "PATCH",
            path: path.to_string(),
            detail: e.to_string(),
        })?;
        let a = self.send(Method::Patch, path, Some(&value)).await?;
        self.decode(Method::Patch, path, &a.body)
    }

    /// `DELETE path`. A 404 means it is gone already, which is what was asked for.
    pub async fn delete(&self, path: &str) -> Result<(), GitHubError> {
        match self.send(Method::Delete, path, None).await {
            Err(e) if e.status() == Some(404) => Ok(()),
            other => other.map(|_| ()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_headers_give_the_next_page() {
        let link = r#"<http://127.0.0.1:1/repos/o/r/pulls/2/reviews?per_page=100&page=2>; rel="next", <http://127.0.0.1:1/repos/o/r/pulls/2/reviews?per_page=100&page=3>; rel="last""#;
        assert_eq!(
            next_link(link).as_deref(),
            Some("http://127.0.0.1:1/repos/o/r/pulls/2/reviews?per_page=100&page=2")
        );
        assert_eq!(next_link(r#"<http://x/a?page=1>; rel="prev""#), None);
    }

    const ORIGIN: &str = "http://127.0.0.1:1";

    /// Feeds `pages` answers with a next link (the last one without, when `ends`) to a pager
    /// capped at `max`; returns the pages it asked for and how it ended.
    fn walk(max: usize, pages: usize, ends: bool) -> (Vec<String>, Result<(), String>) {
        let mut p = Pager::new("/r?state=all", ORIGIN, max);
        let mut asked = Vec::new();
        while let Some(page) = p.next.take() {
            let n = asked.len() + 1;
            asked.push(page.clone());
            let next = (n < pages || !ends).then(|| format!("{ORIGIN}/r?state=all&page={}", n + 1));
            if let Err(e) = p.after(&page, next) {
                return (asked, Err(e.to_string()));
            }
        }
        (asked, Ok(()))
    }

    #[test]
    fn a_list_within_the_cap_is_read_to_its_end() {
        let (asked, end) = walk(3, 3, true);
        assert_eq!(end, Ok(()));
        assert_eq!(
            asked,
            [
                "/r?state=all&per_page=100",
                "/r?state=all&page=2",
                "/r?state=all&page=3"
            ]
        );
        // One page, no next link: one request.
        assert_eq!(walk(3, 1, true).0.len(), 1);
    }

    #[test]
    fn a_next_page_after_the_cap_is_an_error_not_a_cut() {
        // 3 pages allowed, the third still names a fourth: 3 requests, then the error.
        let (asked, end) = walk(3, 4, true);
        assert_eq!(asked.len(), 3);
        // 3 pages of 100 = 300 items read, and more exist.
        assert_eq!(end, Err("more than 300 (3 pages of 100)".to_string()));
        // The real cap: 100 pages of 100 = 10,000 items.
        let (asked, end) = walk(MAX_PAGES, MAX_PAGES + 1, true);
        assert_eq!(asked.len(), 100);
        assert_eq!(end, Err("more than 10,000 (100 pages of 100)".to_string()));
        // Exactly at the cap, with no next link after the last page: whole.
        assert_eq!(walk(MAX_PAGES, MAX_PAGES, true).1, Ok(()));
    }

    #[test]
    fn a_next_page_on_another_host_is_an_error() {
        let mut p = Pager::new("/r", ORIGIN, MAX_PAGES);
        let page = p.next.take().unwrap();
        assert_eq!(page, "/r?per_page=100");
        let err = p
            .after(&page, Some("https://evil.example/r?page=2".into()))
            .unwrap_err();
        assert!(err.to_string().contains("another host"), "{err}");
        // A prefix of the origin that is another host (`:10` after `:1`) is refused too.
        let mut p = Pager::new("/r", ORIGIN, MAX_PAGES);
        let page = p.next.take().unwrap();
        assert!(p.after(&page, Some(format!("{ORIGIN}0/r?page=2"))).is_err());
    }

    #[test]
    fn incomplete_lists_name_the_list_and_why() {
        let e = GitHubError::Incomplete {
            list: "review of pull request #7".into(),
            why: ListStop::TooLong {
                pages: 100,
                per_page: 100,
            },
        };
        assert_eq!(
            e.to_string(),
            "could not read every review of pull request #7: more than 10,000 (100 pages of 100); slagate does not decide on part of a list"
        );
        assert_eq!(e.status(), None);
        let e = GitHubError::Incomplete {
            list: "label event of pull request #7".into(),
            why: ListStop::Failed(Box::new(GitHubError::Status {
                method: "GET",
                path: "/x?page=3".into(),
                status: 500,
                message: "Server Error".into(),
            })),
        };
        assert_eq!(
            e.to_string(),
            "could not read every label event of pull request #7: GET /x?page=3: GitHub answered 500: Server Error; slagate does not decide on part of a list"
        );
        // The failed page's status is kept, but a failed read is no uncertain write.
        assert_eq!(e.status(), Some(500));
        assert!(!e.is_uncertain());
        assert_eq!(fmt_thousands(1_234_567), "1,234,567");
        assert_eq!(fmt_thousands(999), "999");
    }

    #[test]
    fn github_error_bodies_become_one_line() {
        assert_eq!(
            error_message(
                r#"{"message":"Unprocessable Entity","errors":["Line could not be resolved"]}"#
            ),
            "Unprocessable Entity: Line could not be resolved"
        );
        assert_eq!(
            error_message(
                r#"{"message":"Validation Failed","errors":[{"resource":"IssueComment","code":"custom","message":"Body is too long"}]}"#
            ),
            "Validation Failed: Body is too long"
        );
        assert_eq!(error_message(""), "(no message)");
    }

    #[test]
    fn segments_are_encoded() {
        assert_eq!(segment("github-actions[bot]"), "github-actions%5Bbot%5D");
        assert_eq!(segment("../x"), "..%2Fx");
    }

    #[test]
    fn api_urls_are_checked() {
        // octocrab spawns its service buffer: a runtime must be entered.
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let _guard = rt.enter();
        assert!(matches!(
            Client::new("ftp://x", "", RetryPolicy::default()),
            Err(GitHubError::Config(_))
        ));
        assert!(matches!(
            Client::new(
                "http://github.example.com/api/v3",
                "",
                RetryPolicy::default()
            ),
            Err(GitHubError::Config(_))
        ));
        assert!(Client::new("http://[::1]:8080", "", RetryPolicy::default()).is_ok());
        assert!(
            Client::new(
                "https://github.example.com/api/v3",
                "",
                RetryPolicy::default()
            )
            .is_ok()
        );
        let c = Client::new(
            "http://127.0.0.1:9/api/v3/",
            "t0ken",
            RetryPolicy::default(),
        )
        .unwrap();
        assert_eq!(
            (c.origin.as_str(), c.base_path.as_str()),
            ("http://127.0.0.1:9", "/api/v3")
        );
        assert!(!format!("{c:?}").contains("t0ken"));
    }

    #[test]
    fn uncertain_writes_are_recognised() {
        let e = |status| GitHubError::Status {
            method: "POST",
            path: "/x".into(),
            status,
            message: String::new(),
        };
        assert!(e(502).is_uncertain());
        assert!(!e(422).is_uncertain());
        assert!(e(403).is_forbidden());
        assert!(
            GitHubError::Transport {
                method: "POST",
                path: "/x".into(),
                detail: String::new()
            }
            .is_uncertain()
        );
    }
}
