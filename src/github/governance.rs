//! The governance tracking issue of `slagate github` on `schedule` and `workflow_dispatch`:
//! ONE issue, found by the policy's `governance.label` and the hidden [`MARKER`] in its body,
//! that lists what is due ([`crate::governance::what_is_due`]).
//!
//! - [`find`] picks the tracking issue among the issues of the label (pull requests and issues
//!   without the marker are not ours; of several, the oldest open one, else the newest closed
//!   one).
//! - [`wanted_body`] is the marker, the list's keys in a hidden line ([`STATE`], one key per
//!   agreement: its id and why it is due) and the body of [`crate::report::governance`].
//! - [`plan`] compares the issue found (if any) with that body and gives the [`Operation`]s:
//!   create it; update its body in place; comment only when the list changed (its keys, not
//!   its wording: new contacts rewrite the body quietly); close it when nothing is due; reopen
//!   it when something is again; or nothing. Pure, tested for every transition.
//! - [`keep`] reads the issues through [`Issues`] (the list whole, or an error: a page that
//!   failed never passes for "no issue yet", which would open a second one) and applies the
//!   plan in order.
//!
//! The body is rewritten before the comment is posted: when a run stops between the two, the
//! next one sees the new list already and does not comment twice.

use super::api::{Issue, IssueUpdate, NewIssue};
use super::client::GitHubError;
use super::issues::{Issues, RepoRef};
use crate::governance::DueAgreement;
use crate::model::Date;
use crate::policy::Governance;
use crate::report::governance::{TITLE, change_comment, counted_change_comment, issue_body};

/// The hidden marker that identifies the tracking issue.
pub const MARKER: &str = "<!-- slagate:governance -->";

/// The start of the hidden line that holds the list's keys: `<!-- slagate:governance-state
/// acme=review-due:2027-06-01 other=ended:2026-11-30 -->`. Keys are kebab-case ids, dates and
/// versions, so they cannot end the comment.
pub const STATE: &str = "<!-- slagate:governance-state";

/// GitHub's limit on an issue body (and on a comment).
pub const MAX_BODY_CHARS: usize = 65_536;

/// The longest state line that lists its keys: half the body. A longer list keeps the digest
/// of its keys and their count instead (`digest:0123456789abcdef count:1800`), and a change of
/// it is told by the counts, without naming agreements.
const MAX_STATE_CHARS: usize = MAX_BODY_CHARS / 2;

/// The first token of a state line that holds a digest.
const DIGEST: &str = "digest:";

/// The tokens of the state line for `due`: its keys, or their digest and count when they do
/// not fit in [`MAX_STATE_CHARS`].
fn state_tokens(due: &[DueAgreement]) -> Vec<String> {
    let keys: Vec<String> = due.iter().map(DueAgreement::key).collect();
    let line = STATE.len() + keys.iter().map(|k| 1 + k.len()).sum::<usize>() + " -->".len();
    if line <= MAX_STATE_CHARS {
        return keys;
    }
    let mut h = crate::text::Fnv1a::default();
    for k in &keys {
        h.bytes(k.as_bytes());
        h.byte(b' ');
    }
    vec![
        format!("{DIGEST}{}", h.hex()),
        format!("count:{}", keys.len()),
    ]
}

/// The tokens are a digest and a count, not keys.
fn is_digest(tokens: &[String]) -> bool {
    tokens.first().is_some_and(|t| t.starts_with(DIGEST))
}

/// How many agreements a state line's tokens stand for.
fn count_of(tokens: &[String]) -> Option<usize> {
    if is_digest(tokens) {
        tokens.get(1)?.strip_prefix("count:")?.parse().ok()
    } else {
        Some(tokens.len())
    }
}

/// What the run found of its issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tracking {
    /// Its number.
    pub number: u64,
    /// Open or closed.
    pub open: bool,
    /// Its body.
    pub body: String,
}

/// One write of a plan, in the order given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operation {
    /// Open the tracking issue with this body (and the label).
    Create {
        /// The body.
        body: String,
    },
    /// Replace the body.
    UpdateBody {
        /// The body.
        body: String,
    },
    /// Add a comment.
    Comment {
        /// The comment.
        body: String,
    },
    /// Close it (nothing is due).
    Close,
    /// Reopen it (something is due again).
    Reopen,
}

impl Operation {
    /// `create`, `update body`, `comment`, `close`, `reopen`.
    pub fn name(&self) -> &'static str {
        match self {
            Operation::Create { .. } => "create",
            Operation::UpdateBody { .. } => "update body",
            Operation::Comment { .. } => "comment",
            Operation::Close => "close",
            Operation::Reopen => "reopen",
        }
    }
}

/// The tracking issue among `issues` (those of the label): the oldest open issue whose body
/// holds the [`MARKER`], else the newest closed one; and how many other marked issues were
/// passed over.
pub fn find(issues: &[Issue]) -> (Option<Tracking>, usize) {
    let ours: Vec<&Issue> = issues
        .iter()
        .filter(|i| i.pull_request.is_none())
        .filter(|i| i.body.as_deref().is_some_and(|b| b.contains(MARKER)))
        .collect();
    let pick = ours
        .iter()
        .filter(|i| i.is_open())
        .min_by_key(|i| i.number)
        .or_else(|| ours.iter().max_by_key(|i| i.number));
    let tracking = pick.map(|i| Tracking {
        number: i.number,
        open: i.is_open(),
        body: i.body.clone().unwrap_or_default(),
    });
    (tracking, ours.len().saturating_sub(1))
}

/// The keys of a body's hidden state line; `None` when it has none (a body edited by hand).
pub fn listed_keys(body: &str) -> Option<Vec<String>> {
    let start = body.find(STATE)? + STATE.len();
    let end = start + body[start..].find("-->")?;
    Some(
        body[start..end]
            .split_whitespace()
            .map(str::to_string)
            .collect(),
    )
}

/// The whole body of the tracking issue for `due`: the markers, then the list.
pub fn wanted_body(due: &[DueAgreement], thresholds: &Governance) -> String {
    body_with(&state_tokens(due), due, thresholds)
}

/// The same with the state line's tokens already worked out.
fn body_with(tokens: &[String], due: &[DueAgreement], thresholds: &Governance) -> String {
    let state = format!("{STATE} {} -->", tokens.join(" "));
    let room = MAX_BODY_CHARS.saturating_sub(MARKER.len() + state.len() + 2);
    format!("{MARKER}\n{state}\n{}", issue_body(due, thresholds, room))
}

/// The id of a key (`acme=review-due:...` -> `acme`).
fn id_of(key: &str) -> &str {
    key.split_once('=').map_or(key, |(id, _)| id)
}

/// The comment for a list that went from `before` (tokens; `None`: unknown) to `due`, whose
/// tokens are `now`.
fn comment(before: Option<&[String]>, now: &[String], due: &[DueAgreement], today: Date) -> String {
    if is_digest(now) || before.is_some_and(is_digest) {
        return counted_change_comment(before.and_then(count_of), due.len(), today);
    }
    let before = before.unwrap_or_default();
    let added: Vec<&DueAgreement> = due
        .iter()
        .filter(|a| !before.iter().any(|k| id_of(k) == a.id))
        .collect();
    let changed: Vec<&DueAgreement> = due
        .iter()
        .filter(|a| before.iter().any(|k| id_of(k) == a.id && *k != a.key()))
        .collect();
    let gone: Vec<String> = before
        .iter()
        .map(|k| id_of(k).to_string())
        .filter(|id| !due.iter().any(|a| a.id == *id))
        .collect();
    change_comment(&added, &changed, &gone, today, MAX_BODY_CHARS)
}

/// What to do with the tracking issue (`None`: there is none yet) so that it shows `due`.
pub fn plan(
    existing: Option<&Tracking>,
    due: &[DueAgreement],
    thresholds: &Governance,
    today: Date,
) -> Vec<Operation> {
    let keys = state_tokens(due);
    let body = body_with(&keys, due, thresholds);
    let Some(issue) = existing else {
        return if due.is_empty() {
            Vec::new()
        } else {
            vec![Operation::Create { body }]
        };
    };
    let before = listed_keys(&issue.body);
    let list_changed = before.as_deref() != Some(keys.as_slice());
    let mut ops = Vec::new();
    match (issue.open, due.is_empty()) {
        // Closed and nothing due: nothing to say (its body said so when it was closed).
        (false, true) => {}
        (false, false) => {
            ops.push(Operation::Reopen);
            if issue.body != body {
                ops.push(Operation::UpdateBody { body });
            }
            ops.push(Operation::Comment {
                body: comment(before.as_deref(), &keys, due, today),
            });
        }
        (true, _) => {
            if issue.body != body {
                ops.push(Operation::UpdateBody { body });
            }
            if list_changed {
                ops.push(Operation::Comment {
                    body: comment(before.as_deref(), &keys, due, today),
                });
            }
            if due.is_empty() {
                ops.push(Operation::Close);
            }
        }
    }
    ops
}

/// What [`keep`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    /// The tracking issue's number (`None`: there is none, and nothing is due).
    pub number: Option<u64>,
    /// The operations applied, in order.
    pub applied: Vec<&'static str>,
    /// Other issues with the label and the marker, passed over.
    pub duplicates: usize,
}

/// Finds the tracking issue of `thresholds.label` in `repo`, plans and applies the writes
/// for `due`. Stops at the first error (the list read whole, or not at all).
pub async fn keep(
    gh: &impl Issues,
    repo: RepoRef<'_>,
    due: &[DueAgreement],
    thresholds: &Governance,
    today: Date,
) -> Result<Kept, GitHubError> {
    let issues = gh.list_issues_with_label(repo, &thresholds.label).await?;
    let (tracking, duplicates) = find(&issues);
    let ops = plan(tracking.as_ref(), due, thresholds, today);
    let mut number = tracking.as_ref().map(|t| t.number);
    let mut applied = Vec::new();
    for op in &ops {
        match op {
            Operation::Create { body } => {
                let labels = [thresholds.label.as_str()];
                let new = NewIssue {
                    title: TITLE,
                    body,
                    labels: &labels,
                };
                number = Some(gh.create_issue(repo, &new).await?.number);
            }
            Operation::UpdateBody { body } => {
                let update = IssueUpdate {
                    body: Some(body),
                    ..IssueUpdate::default()
                };
                gh.update_issue(repo, number.unwrap_or_default(), &update)
                    .await?;
            }
            Operation::Comment { body } => {
                gh.comment_on_issue(repo, number.unwrap_or_default(), body)
                    .await?;
            }
            Operation::Close => {
                let update = IssueUpdate {
                    state: Some("closed"),
                    state_reason: Some("completed"),
                    ..IssueUpdate::default()
                };
                gh.update_issue(repo, number.unwrap_or_default(), &update)
                    .await?;
            }
            Operation::Reopen => {
                let update = IssueUpdate {
                    state: Some("open"),
                    state_reason: Some("reopened"),
                    ..IssueUpdate::default()
                };
                gh.update_issue(repo, number.unwrap_or_default(), &update)
                    .await?;
            }
        }
        applied.push(op.name());
    }
    Ok(Kept {
        number,
        applied,
        duplicates,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::github::fake::{FakePullRequests, Op};
    use crate::governance::{PartyToAsk, Reason};
    use crate::model::Frequency;
    use crate::policy::PartyRole;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn due(id: &str, reason: Reason) -> DueAgreement {
        DueAgreement {
            id: id.into(),
            title: None,
            file: format!("{id}.sla.yaml"),
            version: 1,
            reasons: vec![reason],
            parties: vec![PartyToAsk {
                role: PartyRole::Provider,
                name: "Northwind".into(),
                contacts: Vec::new(),
                approvers: vec!["alice".into()],
                must_approve: true,
            }],
        }
    }

    fn review(id: &str, on: &str) -> DueAgreement {
        due(
            id,
            Reason::ReviewDue {
                due: d(on),
                first: false,
                every: Frequency::Year,
            },
        )
    }

    const TODAY: &str = "2026-12-03";

    fn run(existing: Option<&Tracking>, list: &[DueAgreement]) -> Vec<Operation> {
        plan(existing, list, &Governance::default(), d(TODAY))
    }

    fn tracking(open: bool, list: &[DueAgreement]) -> Tracking {
        Tracking {
            number: 7,
            open,
            body: wanted_body(list, &Governance::default()),
        }
    }

    fn names(ops: &[Operation]) -> Vec<&'static str> {
        ops.iter().map(Operation::name).collect()
    }

    /// The body of the comment that `ops[i]` must be.
    fn comment_at(ops: &[Operation], i: usize) -> &str {
        let Operation::Comment { body } = &ops[i] else {
            panic!("operation {i} is not a comment: {ops:?}")
        };
        body
    }

    #[test]
    fn no_issue_and_nothing_due_is_nothing_and_something_due_creates_one() {
        assert!(run(None, &[]).is_empty());
        let list = [review("acme", "2026-12-20")];
        let ops = run(None, &list);
        assert_eq!(names(&ops), ["create"]);
        let Operation::Create { body } = &ops[0] else {
            unreachable!()
        };
        assert!(body.starts_with(MARKER), "{body}");
        assert_eq!(listed_keys(body).unwrap(), ["acme=review-due:2026-12-20"]);
    }

    /// `n` agreements due for review, each key 51 characters:
    /// `agreement-of-a-long-name-0000=review-due:2026-12-20` (id 25 + 4, `=`, reason 11 + 10).
    fn many(n: usize) -> Vec<DueAgreement> {
        (0..n)
            .map(|i| review(&format!("agreement-of-a-long-name-{i:04}"), "2026-12-20"))
            .collect()
    }

    #[test]
    fn a_list_too_long_to_keep_by_key_keeps_its_digest_and_count_and_fits_the_limit() {
        // 600 keys of 51 characters and a space: 31,200, and 33 of the line's markers
        // (`<!-- slagate:governance-state` 29, ` -->` 4): 31,233, under half of 65,536
        // (32,768), so kept by key.
        let fits = many(600);
        let body = wanted_body(&fits, &Governance::default());
        assert_eq!(listed_keys(&body).unwrap().len(), 600);
        // 1,800 keys: 93,600 characters, more than the whole body may hold.
        let list = many(1800);
        let body = wanted_body(&list, &Governance::default());
        assert!(body.chars().count() <= MAX_BODY_CHARS, "{}", body.len());
        let tokens = listed_keys(&body).unwrap();
        assert_eq!(tokens.len(), 2, "{tokens:?}");
        assert!(tokens[0].starts_with("digest:") && tokens[0].len() == 7 + 16);
        assert_eq!(tokens[1], "count:1800");
        assert!(
            body.contains("**1800 agreements are due.**"),
            "{}",
            &body[..600]
        );
        assert!(body.contains("more agreements, not shown"));
        // The same list again: nothing to write.
        assert!(run(Some(&tracking(true, &list)), &list).is_empty());
        // One agreement fewer: the digest differs, the body is rewritten and the comment
        // tells the counts.
        let ops = run(Some(&tracking(true, &list)), &list[1..]);
        assert_eq!(names(&ops), ["update body", "comment"]);
        let body = comment_at(&ops, 1);
        assert!(
            body.contains("1799 agreements are due now, 1800 before."),
            "{body}"
        );
        // From a list kept by key to one kept by digest: the count before is the keys'.
        let ops = run(Some(&tracking(true, &fits)), &list);
        let body = comment_at(&ops, 1);
        assert!(
            body.contains("1800 agreements are due now, 600 before."),
            "{body}"
        );
    }

    #[test]
    fn a_comment_on_a_long_change_is_cut_at_the_limit() {
        // 600 newly due, each a line of 46 characters (`- ` 2, the id in backticks 31,
        // `: review due` 12, the line end): 27,600. A limit of 10,000 cuts that list, and the
        // 600 gone are counted, not named.
        let added = many(600);
        let added: Vec<&DueAgreement> = added.iter().collect();
        let gone: Vec<String> = (0..600).map(|i| format!("gone-{i}")).collect();
        let text = change_comment(&added, &[], &gone, d(TODAY), 10_000);
        assert!(text.len() <= 10_000, "{}", text.len());
        assert!(text.contains("- … and "), "{text}");
        assert!(text.contains("more, not shown: GitHub's limit on the length of a comment"));
        assert!(
            text.contains("No longer due: 600 agreements, not shown."),
            "{text}"
        );
        assert!(text.ends_with("The issue's description holds the whole list.\n"));
    }

    #[test]
    fn an_unchanged_list_writes_nothing() {
        let list = [review("acme", "2026-12-20")];
        assert!(run(Some(&tracking(true, &list)), &list).is_empty());
        // Closed with nothing due stays as it is.
        assert!(run(Some(&tracking(false, &[])), &[]).is_empty());
    }

    #[test]
    fn a_changed_list_updates_the_body_and_comments_once() {
        let before = [review("acme", "2026-12-20")];
        let after = [
            review("acme", "2026-12-20"),
            due("beta", Reason::ChangelogMissing { version: 4 }),
        ];
        let ops = run(Some(&tracking(true, &before)), &after);
        assert_eq!(names(&ops), ["update body", "comment"]);
        let body = comment_at(&ops, 1);
        assert!(body.contains("Newly due:\n\n- `beta`: changelog"), "{body}");
        assert!(!body.contains("`acme`"), "acme did not change: {body}");
        // A reason that moved (due, then overdue) is a change of the list too.
        let overdue = [due(
            "acme",
            Reason::ReviewOverdue {
                due: d("2026-12-20"),
                first: false,
                every: Frequency::Year,
            },
        )];
        let ops = run(Some(&tracking(true, &before)), &overdue);
        assert_eq!(names(&ops), ["update body", "comment"]);
        let body = comment_at(&ops, 1);
        assert!(
            body.contains("other reasons now:\n\n- `acme`: review overdue"),
            "{body}"
        );
    }

    #[test]
    fn new_wording_of_the_same_list_updates_the_body_without_a_comment() {
        let list = [review("acme", "2026-12-20")];
        let mut renamed = list.clone();
        renamed[0].parties[0].name = "Northwind Traders".into();
        let ops = run(Some(&tracking(true, &list)), &renamed);
        assert_eq!(names(&ops), ["update body"]);
        // A body edited by hand (its state line gone) is rewritten, and the list announced.
        let edited = Tracking {
            body: format!("{MARKER}\nsomeone's notes"),
            ..tracking(true, &list)
        };
        assert_eq!(
            names(&run(Some(&edited), &list)),
            ["update body", "comment"]
        );
    }

    #[test]
    fn nothing_due_closes_the_open_issue_with_a_comment() {
        let before = [review("acme", "2026-12-20")];
        let ops = run(Some(&tracking(true, &before)), &[]);
        assert_eq!(names(&ops), ["update body", "comment", "close"]);
        let Operation::UpdateBody { body } = &ops[0] else {
            unreachable!()
        };
        assert!(body.contains("**Nothing is due.**"), "{body}");
        let body = comment_at(&ops, 1);
        assert!(body.contains("No longer due:\n\n- `acme`"), "{body}");
    }

    #[test]
    fn something_due_again_reopens_the_closed_issue() {
        let list = [review("acme", "2027-01-01")];
        let ops = run(Some(&tracking(false, &[])), &list);
        assert_eq!(names(&ops), ["reopen", "update body", "comment"]);
        // Closed by hand while the list still stood: reopened, announced, the body kept.
        let ops = run(Some(&tracking(false, &list)), &list);
        assert_eq!(names(&ops), ["reopen", "comment"]);
    }

    fn issue(number: u64, state: &str, body: Option<&str>, pr: bool) -> Issue {
        Issue {
            number,
            state: state.into(),
            title: "t".into(),
            body: body.map(str::to_string),
            user: None,
            pull_request: pr.then(|| serde_json::json!({"url": "x"})),
        }
    }

    #[test]
    fn the_tracking_issue_is_the_marked_oldest_open_else_newest_closed() {
        let m = Some(MARKER);
        let issues = [
            issue(3, "closed", m, false),
            issue(4, "open", Some("not ours"), false),
            issue(5, "open", m, true),
            issue(9, "closed", m, false),
        ];
        let (t, others) = find(&issues);
        assert_eq!(t.map(|t| (t.number, t.open)), Some((9, false)));
        assert_eq!(others, 1);
        let mut more = issues.to_vec();
        more.push(issue(12, "open", m, false));
        more.push(issue(11, "open", m, false));
        assert_eq!(find(&more).0.map(|t| t.number), Some(11));
        assert_eq!(find(&[]).0, None);
    }

    #[test]
    fn keep_converges_through_the_client() {
        let gh = FakePullRequests::new();
        let repo = RepoRef {
            owner: "o",
            repo: "r",
        };
        let g = Governance::default();
        let today = d(TODAY);
        let list = [review("acme", "2026-12-20")];
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let kept = rt.block_on(keep(&gh, repo, &list, &g, today)).unwrap();
        assert_eq!(kept.applied, ["create"]);
        let n = kept.number.unwrap();
        let again = rt.block_on(keep(&gh, repo, &list, &g, today)).unwrap();
        assert_eq!((again.number, again.applied.len()), (Some(n), 0));
        let closed = rt.block_on(keep(&gh, repo, &[], &g, today)).unwrap();
        assert_eq!(closed.applied, ["update body", "comment", "close"]);
        assert!(!gh.issue(n).unwrap().is_open());
        let reopened = rt.block_on(keep(&gh, repo, &list, &g, today)).unwrap();
        assert_eq!(reopened.applied, ["reopen", "update body", "comment"]);
        assert!(gh.issue(n).unwrap().is_open());
        assert_eq!(
            gh.issue_notes(n).len(),
            2,
            "one comment per change of the list"
        );
        // A list that cannot be read is an error, not "no issue yet": nothing is created.
        let failing = FakePullRequests::new().fail(Op::ListIssues, 502);
        let e = rt
            .block_on(keep(&failing, repo, &list, &g, today))
            .unwrap_err();
        assert_eq!(e.status(), Some(502));
        assert!(failing.writes().is_empty());
    }
}
