//! The pull request a run is about: the Actions environment and the webhook payload at
//! `GITHUB_EVENT_PATH`.
//!
//! Pure apart from [`Environment::from_env`]: the payload is parsed from bytes, so every event
//! shape is tested without a runner. The base and head commits come from the payload's
//! `pull_request.base.sha` / `pull_request.head.sha`, never from `GITHUB_SHA` (for pull
//! requests that is a merge commit GitHub made, which no review is ever given on).

use serde::Deserialize;

/// The events `slagate github` runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventName {
    /// `pull_request`: the workflow of the merge commit, a read-only token for forks.
    PullRequest,
    /// `pull_request_target`: the base branch's workflow, a token that can write.
    PullRequestTarget,
    /// `pull_request_review`: a review was submitted, edited or dismissed.
    PullRequestReview,
}

impl EventName {
    /// Parses `GITHUB_EVENT_NAME`.
    pub fn parse(s: &str) -> Option<EventName> {
        Some(match s {
            "pull_request" => EventName::PullRequest,
            "pull_request_target" => EventName::PullRequestTarget,
            "pull_request_review" => EventName::PullRequestReview,
            _ => return None,
        })
    }

    /// The name as GitHub spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            EventName::PullRequest => "pull_request",
            EventName::PullRequestTarget => "pull_request_target",
            EventName::PullRequestReview => "pull_request_review",
        }
    }
}

/// The events of the scheduled governance run: no pull request, one tracking issue
/// ([`super::governance`]).
pub const GOVERNANCE_EVENTS: [&str; 2] = ["schedule", "workflow_dispatch"];

/// Whether `GITHUB_EVENT_NAME` starts the governance run rather than the gate.
pub fn is_governance_event(name: Option<&str>) -> bool {
    name.is_some_and(|n| GOVERNANCE_EVENTS.contains(&n))
}

/// What the governance run knows before asking the API anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GovernanceEvent {
    /// `schedule` or `workflow_dispatch`.
    pub name: String,
    /// Repository owner.
    pub owner: String,
    /// Repository name.
    pub repo: String,
    /// The payload's `schedule` (the cron line), when GitHub wrote one.
    pub schedule: Option<String>,
}

#[derive(Deserialize)]
struct GovernancePayload {
    schedule: Option<String>,
    repository: Option<PayloadRepo>,
}

/// Parses the payload of a `schedule` or `workflow_dispatch` event. `repository` is
/// `GITHUB_REPOSITORY`, which wins over the payload's `repository.full_name`.
pub fn parse_governance(
    name: &str,
    repository: Option<&str>,
    payload: &[u8],
) -> Result<GovernanceEvent, EventError> {
    if !is_governance_event(Some(name)) {
        return Err(EventError::UnsupportedEvent(name.to_string()));
    }
    let p: GovernancePayload = serde_json::from_slice(payload)
        .map_err(|e| EventError::Payload(format!("not the JSON of a `{name}` event: {e}")))?;
    let full = repository
        .map(str::to_string)
        .or_else(|| p.repository.and_then(|r| r.full_name))
        .ok_or(EventError::Missing("GITHUB_REPOSITORY"))?;
    let (owner, repo) = split_repository(&full)?;
    Ok(GovernanceEvent {
        name: name.to_string(),
        owner,
        repo,
        schedule: p.schedule,
    })
}

/// Why the environment or the payload cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum EventError {
    /// A required variable is unset or empty.
    #[error(
        "{0} is not set: `slagate github` runs inside a GitHub Actions job (see docs/github-action.md)"
    )]
    Missing(&'static str),
    /// `GITHUB_EVENT_NAME` names an event without a pull request.
    #[error(
        "the `{0}` event has no pull request: run `slagate github` on `pull_request`, `pull_request_target` or `pull_request_review` (the gate), or on `schedule` or `workflow_dispatch` (the governance tracking issue)"
    )]
    UnsupportedEvent(String),
    /// The payload is not the JSON of a pull-request event.
    #[error("the event payload is not a pull-request event: {0}")]
    Payload(String),
    /// `GITHUB_REPOSITORY` is not `owner/name`.
    #[error("GITHUB_REPOSITORY must be `owner/name`, not `{0}`")]
    Repository(String),
}

/// The Actions environment of a `slagate github` run.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Environment {
    /// `GITHUB_API_URL` (default `https://api.github.com`; GitHub Enterprise and tests differ).
    pub api_url: String,
    /// `GITHUB_TOKEN` (never printed; [`std::fmt::Debug`] hides it).
    pub token: String,
    /// `GITHUB_REPOSITORY`: `owner/name`.
    pub repository: Option<String>,
    /// `GITHUB_EVENT_NAME`.
    pub event_name: Option<String>,
    /// `GITHUB_EVENT_PATH`.
    pub event_path: Option<String>,
    /// `GITHUB_STEP_SUMMARY`.
    pub step_summary: Option<String>,
    /// `GITHUB_OUTPUT`.
    pub output: Option<String>,
    /// `GITHUB_SERVER_URL` (for links in the summary).
    pub server_url: Option<String>,
}

impl std::fmt::Debug for Environment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Environment")
            .field("api_url", &self.api_url)
            .field(
                "token",
                &if self.token.is_empty() {
                    "(unset)"
                } else {
                    "(set)"
                },
            )
            .field("repository", &self.repository)
            .field("event_name", &self.event_name)
            .field("event_path", &self.event_path)
            .field("step_summary", &self.step_summary)
            .field("output", &self.output)
            .finish_non_exhaustive()
    }
}

impl Environment {
    /// Reads the variables through `var` (`std::env::var` in the binary, a map in tests).
    /// Empty values count as unset.
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Environment {
        let get = |k: &str| var(k).filter(|v| !v.trim().is_empty());
        Environment {
            api_url: get("GITHUB_API_URL").map_or_else(
                || "https://api.github.com".to_string(),
                |u| u.trim_end_matches('/').to_string(),
            ),
            token: get("GITHUB_TOKEN").unwrap_or_default(),
            repository: get("GITHUB_REPOSITORY"),
            event_name: get("GITHUB_EVENT_NAME"),
            event_path: get("GITHUB_EVENT_PATH"),
            step_summary: get("GITHUB_STEP_SUMMARY"),
            output: get("GITHUB_OUTPUT"),
            server_url: get("GITHUB_SERVER_URL"),
        }
    }
}

/// What a run knows about its pull request before asking the API anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullRequestEvent {
    /// Which event triggered the run.
    pub name: EventName,
    /// The payload's `action` (`opened`, `synchronize`, `submitted`, ...).
    pub action: Option<String>,
    /// Repository owner.
    pub owner: String,
    /// Repository name.
    pub repo: String,
    /// The pull request number.
    pub number: u64,
    /// `pull_request.base.sha`: the revision whose policy and approvers count.
    pub base_sha: String,
    /// `pull_request.head.sha`: the revision under review (and the `commit_id` of reviews).
    pub head_sha: String,
    /// The pull request's author.
    pub author: String,
    /// Labels on the pull request when the event fired.
    pub labels: Vec<String>,
    /// The head branch lives in another repository (a fork): expect a read-only token on
    /// `pull_request`.
    pub from_fork: bool,
}

#[derive(Deserialize)]
struct Payload {
    action: Option<String>,
    pull_request: Option<PayloadPull>,
    repository: Option<PayloadRepo>,
}

#[derive(Deserialize)]
struct PayloadPull {
    number: u64,
    user: Option<PayloadUser>,
    head: PayloadRef,
    base: PayloadRef,
    #[serde(default)]
    labels: Vec<PayloadLabel>,
}

#[derive(Deserialize)]
struct PayloadRef {
    sha: String,
    repo: Option<PayloadRepo>,
}

#[derive(Deserialize)]
struct PayloadRepo {
    full_name: Option<String>,
}

#[derive(Deserialize)]
struct PayloadUser {
    login: String,
}

#[derive(Deserialize)]
struct PayloadLabel {
    name: String,
}

/// A commit id as git prints it: 40 (SHA-1) or 64 (SHA-256) lowercase hex digits. Anything
/// else is refused before it reaches git's command line.
pub fn is_commit_id(s: &str) -> bool {
    matches!(s.len(), 40 | 64)
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Splits `owner/name`.
pub fn split_repository(full: &str) -> Result<(String, String), EventError> {
    let ok = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    };
    match full.split_once('/') {
        Some((owner, name)) if ok(owner) && ok(name) => Ok((owner.to_string(), name.to_string())),
        _ => Err(EventError::Repository(full.to_string())),
    }
}

/// Parses a payload. `name` is `GITHUB_EVENT_NAME` (inferred from the payload when `None`:
/// a `review` object means `pull_request_review`); `repository` is `GITHUB_REPOSITORY`,
/// which wins over the payload's.
pub fn parse(
    name: Option<&str>,
    repository: Option<&str>,
    payload: &[u8],
) -> Result<PullRequestEvent, EventError> {
    let value: serde_json::Value =
        serde_json::from_slice(payload).map_err(|e| EventError::Payload(e.to_string()))?;
    let name = match name {
        Some(n) => {
            EventName::parse(n).ok_or_else(|| EventError::UnsupportedEvent(n.to_string()))?
        }
        None if value.get("review").is_some() => EventName::PullRequestReview,
        None => EventName::PullRequest,
    };
    let p: Payload =
        serde_json::from_value(value).map_err(|e| EventError::Payload(e.to_string()))?;
    let pr = p
        .pull_request
        .ok_or_else(|| EventError::Payload("no `pull_request` object".into()))?;
    let full = repository
        .map(str::to_string)
        .or_else(|| p.repository.as_ref().and_then(|r| r.full_name.clone()))
        .ok_or(EventError::Missing("GITHUB_REPOSITORY"))?;
    let (owner, repo) = split_repository(&full)?;
    for (what, sha) in [("base", &pr.base.sha), ("head", &pr.head.sha)] {
        if !is_commit_id(sha) {
            return Err(EventError::Payload(format!(
                "pull_request.{what}.sha is not a commit id"
            )));
        }
    }
    if pr.number == 0 {
        return Err(EventError::Payload("pull_request.number is 0".into()));
    }
    let full_of = |r: &PayloadRef| r.repo.as_ref().and_then(|r| r.full_name.clone());
    // A deleted fork has `head.repo: null`: it was a fork all the same.
    let from_fork = match (full_of(&pr.head), full_of(&pr.base)) {
        (Some(h), Some(b)) => !h.eq_ignore_ascii_case(&b),
        (None, Some(_)) => true,
        _ => false,
    };
    Ok(PullRequestEvent {
        name,
        action: p.action,
        owner,
        repo,
        number: pr.number,
        base_sha: pr.base.sha,
        head_sha: pr.head.sha,
        author: pr.user.map(|u| u.login).unwrap_or_default(),
        labels: pr.labels.into_iter().map(|l| l.name).collect(),
        from_fork,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
    const BASE: &str = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e";

    fn payload(extra: &str) -> String {
        format!(
            r#"{{"action":"opened","number":2,{extra}"pull_request":{{"number":2,"user":{{"login":"Codertocat"}},
            "head":{{"sha":"{HEAD}","repo":{{"full_name":"Codertocat/Hello-World"}}}},
            "base":{{"sha":"{BASE}","repo":{{"full_name":"Codertocat/Hello-World"}}}},
            "labels":[{{"name":"sla-change-approved"}}]}},
            "repository":{{"full_name":"Codertocat/Hello-World"}}}}"#
        )
    }

    #[test]
    fn shas_come_from_the_payload() {
        let e = parse(Some("pull_request"), None, payload("").as_bytes()).unwrap();
        assert_eq!((e.base_sha.as_str(), e.head_sha.as_str()), (BASE, HEAD));
        assert_eq!(
            (e.owner.as_str(), e.repo.as_str(), e.number),
            ("Codertocat", "Hello-World", 2)
        );
        assert_eq!(e.author, "Codertocat");
        assert_eq!(e.labels, ["sla-change-approved"]);
        assert!(!e.from_fork);
    }

    #[test]
    fn review_events_are_recognised_without_a_name() {
        let e = parse(
            None,
            Some("o/r"),
            payload(r#""review":{"state":"approved"},"#).as_bytes(),
        )
        .unwrap();
        assert_eq!(e.name, EventName::PullRequestReview);
        assert_eq!(e.owner, "o");
    }

    #[test]
    fn other_events_and_bad_shas_are_refused() {
        assert!(matches!(
            parse(Some("push"), None, payload("").as_bytes()),
            Err(EventError::UnsupportedEvent(_))
        ));
        let bad = payload("").replace(HEAD, "--upload-pack=evil");
        assert!(matches!(
            parse(Some("pull_request"), None, bad.as_bytes()),
            Err(EventError::Payload(_))
        ));
        assert!(matches!(
            parse(
                Some("pull_request"),
                Some("no-slash"),
                payload("").as_bytes()
            ),
            Err(EventError::Repository(_))
        ));
        assert!(matches!(
            parse(Some("pull_request"), None, b"{\"action\":\"x\"}"),
            Err(EventError::Payload(_))
        ));
    }

    #[test]
    fn scheduled_and_dispatched_events_name_their_repository() {
        assert!(is_governance_event(Some("schedule")));
        assert!(is_governance_event(Some("workflow_dispatch")));
        assert!(!is_governance_event(Some("pull_request")) && !is_governance_event(None));
        let e = parse_governance("schedule", Some("o/r"), br#"{"schedule":"0 6 * * 1"}"#).unwrap();
        assert_eq!((e.owner.as_str(), e.repo.as_str()), ("o", "r"));
        assert_eq!(e.schedule.as_deref(), Some("0 6 * * 1"));
        let e = parse_governance(
            "workflow_dispatch",
            None,
            br#"{"inputs":{},"ref":"refs/heads/main","repository":{"full_name":"acme/slas"}}"#,
        )
        .unwrap();
        assert_eq!((e.owner.as_str(), e.schedule), ("acme", None));
        assert!(matches!(
            parse_governance("schedule", None, b"{}"),
            Err(EventError::Missing("GITHUB_REPOSITORY"))
        ));
        assert!(matches!(
            parse_governance("schedule", Some("o/r"), b"not json"),
            Err(EventError::Payload(_))
        ));
        assert!(matches!(
            parse_governance("push", Some("o/r"), b"{}"),
            Err(EventError::UnsupportedEvent(_))
        ));
    }

    #[test]
    fn forks_are_detected() {
        let fork = payload("").replacen("Codertocat/Hello-World", "mallory/Hello-World", 1);
        assert!(
            parse(Some("pull_request"), None, fork.as_bytes())
                .unwrap()
                .from_fork
        );
    }

    #[test]
    fn the_token_is_not_in_debug_output() {
        let env =
            Environment::from_env(|k| (k == "GITHUB_TOKEN").then(|| "ghs_secret".to_string()));
        assert!(!format!("{env:?}").contains("ghs_secret"));
        assert_eq!(env.api_url, "https://api.github.com");
    }
}
