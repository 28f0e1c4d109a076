//! Inline review comments: which weakened findings can be commented on the diff, their bodies
//! and fingerprints, and what to create and delete so that a re-run converges. Pure.
//!
//! GitHub's rules (each one has failed a well-known tool):
//! - a comment must sit on a line inside a diff hunk; on the head side (`RIGHT`) that is an
//!   added or a context line. One line outside the diff fails the whole review with 422, so
//!   lines are filtered here, from the `patch` of `GET /pulls/{n}/files`, before posting.
//! - findings are identified by a fingerprint of document, objective, rule, before and after,
//!   never by line number (lines move on every push). The fingerprint rides in a hidden
//!   marker on the comment's last line, so a re-run finds the comments it made.
//! - at most [`MAX_INLINE`] comments of ours live on a pull request; the rest are listed in
//!   the summary comment only.
//! - a comment of ours whose finding is gone is deleted, unless someone replied to it.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;

use crate::diagnostic::{Class, Diagnostic, Side};
use crate::report::markdown;

use super::api::{NewReviewComment, PrFile, ReviewComment};
use super::summary::Identity;

/// The most inline comments of ours on one pull request (and so in one review).
pub const MAX_INLINE: usize = 30;

const FINGERPRINT_PREFIX: &str = "<!-- slagate:finding ";
const MARKER_SUFFIX: &str = " -->";

/// The head-side lines of a patch that can carry a comment (added and context lines).
pub fn commentable_lines(patch: &str) -> BTreeSet<u64> {
    let mut lines = BTreeSet::new();
    let mut right: Option<u64> = None;
    for raw in patch.lines() {
        if let Some(header) = raw.strip_prefix("@@") {
            // `@@ -a,b +c,d @@ context`: the head side starts at line c.
            right = header
                .split_whitespace()
                .find_map(|t| t.strip_prefix('+'))
                .and_then(|t| t.split(',').next())
                .and_then(|n| n.parse().ok());
            continue;
        }
        let Some(r) = right.as_mut() else { continue };
        match raw.chars().next() {
            Some('+' | ' ') | None => {
                lines.insert(*r);
                *r += 1;
            }
            _ => {} // removed lines and "\ No newline at end of file"
        }
    }
    lines
}

/// The stable identity of a finding: FNV-1a (64 bit) of document, objective, rule, before
/// and after, as 16 hex digits. Not the line: lines move on every push.
pub fn fingerprint(d: &Diagnostic) -> String {
    let c = d.change.as_ref();
    let parts = [
        d.document.as_deref(),
        d.objective.as_deref(),
        Some(d.code.as_str()),
        c.and_then(|c| c.before.as_deref()),
        c.and_then(|c| c.after.as_deref()),
    ];
    let mut h = crate::text::Fnv1a::default();
    for p in parts {
        // Absent and empty differ; fields are separated, so ("ab", "") != ("a", "b").
        match p {
            None => h.byte(0),
            Some(s) => {
                h.byte(1);
                h.bytes(s.as_bytes());
            }
        }
        h.byte(0x1f);
    }
    h.hex()
}

/// The hidden marker that carries a fingerprint.
pub fn marker(fingerprint: &str) -> String {
    format!("{FINGERPRINT_PREFIX}{fingerprint}{MARKER_SUFFIX}")
}

/// The fingerprint of one of our comments: its last line must be exactly a marker with 16
/// hex digits (text from YAML is escaped and cannot produce that line).
pub fn parse_marker(body: &str) -> Option<&str> {
    let last = body.trim_end().lines().next_back()?;
    let fp = last
        .strip_prefix(FINGERPRINT_PREFIX)?
        .strip_suffix(MARKER_SUFFIX)?;
    (fp.len() == 16 && fp.bytes().all(|b| b.is_ascii_hexdigit())).then_some(fp)
}

const REVIEW_PREFIX: &str = "<!-- slagate:review ";

/// The hidden last line of our review's body: the head commit and a digest (FNV-1a, 64 bit)
/// of the review's fingerprints, in order. A review with this line by us on this commit has
/// these comments already, so it is never posted a second time (GitHub cannot delete a
/// submitted review).
pub fn review_marker(head_sha: &str, fingerprints: &[String]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for fp in fingerprints {
        for b in fp.bytes().chain([0x1f]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    let head: String = head_sha
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    format!("{REVIEW_PREFIX}{head} {h:016x}{MARKER_SUFFIX}")
}

/// Whether `body` (a review's) ends with exactly `marker` on its own line.
pub fn has_review_marker(body: &str, marker: &str) -> bool {
    body.trim_end().lines().next_back() == Some(marker)
}

/// Whether a finding is commented inline: a weakening located in the head revision.
pub fn is_inline_candidate(d: &Diagnostic) -> bool {
    d.change
        .as_ref()
        .is_some_and(|c| c.class == Class::Weakened && c.side == Side::Head)
}

/// The body of the inline comment for `d`. Everything from YAML is escaped.
pub fn comment_body(d: &Diagnostic) -> String {
    let mut body = format!(
        "**slagate: weakened** · {} ({})\n\n{}\n",
        markdown::code(d.code.as_str()),
        d.level,
        markdown::message(&d.message)
    );
    if let Some(c) = &d.change {
        let mut rows = Vec::new();
        if let Some(doc) = &d.document {
            rows.push(("Document", markdown::code(doc)));
        }
        if let Some(obj) = &d.objective {
            rows.push(("Objective", markdown::code(obj)));
        }
        if let Some(b) = &c.before {
            rows.push(("Before", markdown::code(b)));
        }
        if let Some(a) = &c.after {
            rows.push(("After", markdown::code(a)));
        }
        if let Some(i) = &c.impact {
            rows.push(("Impact", markdown::escape(i)));
        }
        // A list, not a table: a GFM table needs a header row, and these are pairs.
        if !rows.is_empty() {
            body.push('\n');
            for (k, v) in rows {
                let _ = writeln!(body, "- {k}: {v}");
            }
        }
    }
    if let Some(help) = &d.help {
        let _ = write!(body, "\n{}\n", markdown::message(help));
    }
    body.push_str("\nA weakening needs the approvals listed in the slagate summary comment before it can merge.\n\n");
    body.push_str(&marker(&fingerprint(d)));
    body
}

/// What became of one weakened finding on the diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InlineStatus {
    /// A comment of ours carries it (made now or by an earlier run).
    Commented,
    /// Its line is not inside the pull request's diff (or the file has no patch).
    OutsideDiff,
    /// Beyond [`MAX_INLINE`].
    OverLimit,
    /// GitHub refused the review (its message, folded into the summary).
    Rejected(String),
    /// Not posted: the token cannot write, or comments are turned off.
    NotPosted,
}

/// One weakened finding and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineFinding {
    /// Its fingerprint.
    pub fingerprint: String,
    /// File and head-side line.
    pub file: String,
    /// Head-side line.
    pub line: u64,
    /// Status.
    pub status: InlineStatus,
}

/// What to change on the pull request's review comments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InlinePlan {
    /// New comments, for one review (at most [`MAX_INLINE`]).
    pub create: Vec<NewReviewComment>,
    /// Fingerprints of `create`, in the same order.
    pub create_fingerprints: Vec<String>,
    /// Our comments to delete: their finding is gone (or they duplicate another), and nobody
    /// replied.
    pub delete: Vec<u64>,
    /// Every weakened finding, in the order of the findings, with its status once `create`
    /// succeeds.
    pub findings: Vec<InlineFinding>,
}

/// Of our comments (with their fingerprints, oldest first): one kept per wanted fingerprint
/// (a live one before an outdated one), and the ids of the others to delete, unless someone
/// replied to them.
fn keep_or_delete<'c>(
    ours: &[(&'c ReviewComment, &'c str)],
    wanted: &HashSet<String>,
    replied: &HashSet<u64>,
) -> (HashMap<&'c str, &'c ReviewComment>, Vec<u64>) {
    let mut kept: HashMap<&str, &ReviewComment> = HashMap::new();
    for pass_live in [true, false] {
        for (c, fp) in ours {
            if wanted.contains(*fp) && c.line.is_some() == pass_live && !kept.contains_key(fp) {
                kept.insert(fp, c);
            }
        }
    }
    let mut delete = Vec::new();
    for (c, fp) in ours {
        let is_kept = kept.get(fp).is_some_and(|k| k.id == c.id);
        if !is_kept && !replied.contains(&c.id) {
            delete.push(c.id);
        }
    }
    (kept, delete)
}

/// Our top-level comments that repeat the fingerprint of an older one of ours (two runs
/// posted the same finding), unless someone replied to them: the ones to delete. Only
/// duplicates, never a comment whose finding another run may still want.
pub fn duplicates(existing: &[ReviewComment], me: &Identity) -> Vec<u64> {
    let replied: HashSet<u64> = existing.iter().filter_map(|c| c.in_reply_to_id).collect();
    let mut ours: Vec<(&ReviewComment, &str)> = existing
        .iter()
        .filter(|c| c.in_reply_to_id.is_none() && c.user.as_ref().is_some_and(|u| me.is(u)))
        .filter_map(|c| parse_marker(&c.body).map(|fp| (c, fp)))
        .collect();
    // A live comment before an outdated one (as [`plan`] keeps them), then the oldest.
    ours.sort_by_key(|(c, _)| (c.line.is_none(), c.created_at.clone(), c.id));
    let mut seen = HashSet::new();
    ours.into_iter()
        .filter(|(c, fp)| !seen.insert(*fp) && !replied.contains(&c.id))
        .map(|(c, _)| c.id)
        .collect()
}

/// Plans the inline comments: `findings` are all findings of the run (only weakenings
/// located in the head are used), `files` the pull request's files, `existing` its review
/// comments (all authors), `me` who we are.
pub fn plan(
    findings: &[Diagnostic],
    files: &[PrFile],
    existing: &[ReviewComment],
    me: &Identity,
) -> InlinePlan {
    let commentable: HashMap<&str, BTreeSet<u64>> = files
        .iter()
        .filter_map(|f| {
            f.patch
                .as_deref()
                .map(|p| (f.filename.as_str(), commentable_lines(p)))
        })
        .collect();
    let replied: HashSet<u64> = existing.iter().filter_map(|c| c.in_reply_to_id).collect();

    // Our top-level comments with a fingerprint, oldest first.
    let mut ours: Vec<(&ReviewComment, &str)> = existing
        .iter()
        .filter(|c| c.in_reply_to_id.is_none() && c.user.as_ref().is_some_and(|u| me.is(u)))
        .filter_map(|c| parse_marker(&c.body).map(|fp| (c, fp)))
        .collect();
    ours.sort_by_key(|(c, _)| (c.created_at.clone(), c.id));

    let mut seen = HashSet::new();
    let current: Vec<&Diagnostic> = findings
        .iter()
        .filter(|d| is_inline_candidate(d))
        .filter(|d| seen.insert(fingerprint(d)))
        .collect();
    let wanted: HashSet<String> = current.iter().map(|d| fingerprint(d)).collect();

    let (kept, delete) = keep_or_delete(&ours, &wanted, &replied);
    let live_kept = kept.values().filter(|c| c.line.is_some()).count();
    let mut room = MAX_INLINE.saturating_sub(live_kept);

    let mut out = InlinePlan {
        delete,
        ..InlinePlan::default()
    };
    let mut candidates: Vec<&Diagnostic> = current;
    candidates.sort_by(|a, b| (&*a.file, a.span.start.line).cmp(&(&*b.file, b.span.start.line)));
    for d in candidates {
        let fp = fingerprint(d);
        let line = u64::from(d.span.start.line);
        let in_diff = commentable
            .get(&*d.file)
            .is_some_and(|lines| lines.contains(&line));
        let status = if kept.get(fp.as_str()).is_some_and(|c| c.line.is_some()) {
            InlineStatus::Commented
        } else if !in_diff {
            // An outdated comment of ours still records it.
            if kept.contains_key(fp.as_str()) {
                InlineStatus::Commented
            } else {
                InlineStatus::OutsideDiff
            }
        } else if room == 0 {
            InlineStatus::OverLimit
        } else {
            room -= 1;
            out.create.push(NewReviewComment {
                path: d.file.to_string(),
                line,
                side: "RIGHT",
                body: comment_body(d),
            });
            out.create_fingerprints.push(fp.clone());
            InlineStatus::Commented
        };
        out.findings.push(InlineFinding {
            fingerprint: fp,
            file: d.file.to_string(),
            line,
            status,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{ChangeInfo, Code, Span};
    use crate::github::api::User;

    const PATCH: &str = "@@ -1,5 +1,6 @@\n apiVersion: slagate/v1\n kind: SLA\n-  availability: 99.9\n+  availability: 99.5\n+  latency: 300ms\n metadata:\n   version: 2\n@@ -20,3 +21,3 @@ objectives:\n   window: 30d\n-  target: 99\n+  target: 98\n   owner: ops\n\\ No newline at end of file";

    fn weakened(line: u32, before: &str, after: &str) -> Diagnostic {
        let mut d = Diagnostic::new(
            Code::TargetWeakened,
            "policies/api.sla.yaml".into(),
            Span::point(line, 3),
            format!("target lowered from `{before}` to `{after}`"),
        )
        .with_document("api")
        .with_objective("availability");
        d.change = Some(ChangeInfo {
            class: Class::Weakened,
            before: Some(before.into()),
            after: Some(after.into()),
            impact: None,
            side: Side::Head,
        });
        d
    }

    fn ours(id: u64, body: &str, line: Option<u64>) -> ReviewComment {
        ReviewComment {
            id,
            user: Some(User {
                login: "slagate-bot".into(),
                kind: Some("User".into()),
            }),
            body: body.into(),
            path: "policies/api.sla.yaml".into(),
            line,
            in_reply_to_id: None,
            created_at: format!("2026-01-01T00:00:{id:02}Z"),
        }
    }

    fn files() -> Vec<PrFile> {
        vec![PrFile {
            filename: "policies/api.sla.yaml".into(),
            status: "modified".into(),
            patch: Some(PATCH.into()),
        }]
    }

    fn me() -> Identity {
        Identity::told("slagate-bot")
    }

    #[test]
    fn head_side_lines_inside_hunks() {
        let lines: Vec<u64> = commentable_lines(PATCH).into_iter().collect();
        assert_eq!(lines, [1, 2, 3, 4, 5, 6, 21, 22, 23]);
        assert_eq!(
            commentable_lines("@@ -0,0 +1,2 @@\n+a\n+b")
                .into_iter()
                .collect::<Vec<_>>(),
            [1, 2]
        );
    }

    #[test]
    fn fingerprints_ignore_the_line_and_see_every_field() {
        assert_eq!(
            fingerprint(&weakened(3, "99.9", "99.5")),
            fingerprint(&weakened(40, "99.9", "99.5"))
        );
        assert_ne!(
            fingerprint(&weakened(3, "99.9", "99.5")),
            fingerprint(&weakened(3, "99.9", "99.4"))
        );
        let body = comment_body(&weakened(3, "99.9", "99.5"));
        // Its fields are a list: no table, so no header row that says nothing.
        assert!(!body.lines().any(|l| l.starts_with('|')), "{body}");
        assert!(
            body.contains("\n- Before: `99.9`\n- After: `99.5`\n"),
            "{body}"
        );
        assert_eq!(
            parse_marker(&body),
            Some(fingerprint(&weakened(3, "99.9", "99.5")).as_str())
        );
        assert_eq!(parse_marker("x\n<!-- slagate:finding nothex -->"), None);
    }

    #[test]
    fn yaml_text_is_escaped_in_comments() {
        let mut d = weakened(3, "<!-- slagate -->", "@org/team <script>");
        d.message = "changed `<!-- slagate:finding 0000000000000000 -->` <script>alert(1)</script> @org/team".into();
        let body = comment_body(&d);
        // Outside code spans (where GitHub shows text as it is), no HTML and no mention.
        let prose: String = body.split('`').step_by(2).collect();
        assert!(!prose.contains("<script"), "{body}");
        assert!(!prose.contains("@org"), "{body}");
        assert_eq!(prose.matches("<!--").count(), 1, "{body}");
        // Only our own marker is on its own line, and it is the last.
        assert_eq!(
            body.lines().filter(|l| l.starts_with("<!--")).count(),
            1,
            "{body}"
        );
        assert_eq!(parse_marker(&body), Some(fingerprint(&d).as_str()));
    }

    #[test]
    fn only_lines_in_the_diff_are_commented_and_reruns_converge() {
        let findings = vec![
            weakened(4, "99.9", "99.5"),
            weakened(22, "99", "98"),
            weakened(12, "1h", "2h"),
        ];
        let p = plan(&findings, &files(), &[], &me());
        assert_eq!(p.create.iter().map(|c| c.line).collect::<Vec<_>>(), [4, 22]);
        assert!(p.create.iter().all(|c| c.side == "RIGHT"));
        assert_eq!(
            p.findings
                .iter()
                .filter(|f| f.status == InlineStatus::OutsideDiff)
                .count(),
            1
        );

        // The same findings again, with our comments present: nothing to do.
        let existing: Vec<ReviewComment> = p
            .create
            .iter()
            .enumerate()
            .map(|(i, c)| ours(i as u64 + 1, &c.body, Some(c.line)))
            .collect();
        let again = plan(&findings, &files(), &existing, &me());
        assert!(
            again.create.is_empty() && again.delete.is_empty(),
            "{again:?}"
        );
        assert_eq!(again.findings, p.findings);

        // One finding gone: its comment is deleted, unless replied to.
        let fewer = plan(&findings[1..], &files(), &existing, &me());
        assert_eq!(fewer.delete, [1]);
        let mut with_reply = existing.clone();
        with_reply.push(ReviewComment {
            in_reply_to_id: Some(1),
            user: Some(User {
                login: "alice".into(),
                kind: None,
            }),
            ..ours(9, "why?", Some(4))
        });
        assert!(
            plan(&findings[1..], &files(), &with_reply, &me())
                .delete
                .is_empty()
        );
    }

    #[test]
    fn foreign_comments_are_never_touched() {
        let body = comment_body(&weakened(4, "a", "b"));
        let mut c = ours(1, &body, Some(4));
        c.user = Some(User {
            login: "mallory".into(),
            kind: Some("User".into()),
        });
        let p = plan(&[], &files(), &[c], &me());
        assert!(p.delete.is_empty());
    }

    #[test]
    fn at_most_thirty_comments_live() {
        let patch = format!(
            "@@ -0,0 +1,40 @@\n{}",
            (0..40)
                .map(|i| format!("+l{i}"))
                .collect::<Vec<_>>()
                .join("\n")
        );
        let files = vec![PrFile {
            filename: "policies/api.sla.yaml".into(),
            status: "added".into(),
            patch: Some(patch),
        }];
        let findings: Vec<Diagnostic> =
            (1..=35).map(|i| weakened(i, "1", &i.to_string())).collect();
        let p = plan(&findings, &files, &[], &me());
        assert_eq!(p.create.len(), MAX_INLINE);
        assert_eq!(
            p.findings
                .iter()
                .filter(|f| f.status == InlineStatus::OverLimit)
                .count(),
            5
        );
        let existing: Vec<ReviewComment> = p
            .create
            .iter()
            .enumerate()
            .map(|(i, c)| ours(i as u64 + 1, &c.body, Some(c.line)))
            .collect();
        let again = plan(&findings, &files, &existing, &me());
        assert!(
            again.create.is_empty(),
            "a re-run must not post the rest: {:?}",
            again.create.len()
        );
        assert_eq!(again.findings, p.findings);
    }

    #[test]
    fn duplicates_keep_the_live_comment() {
        let d = weakened(4, "99.9", "99.5");
        let body = comment_body(&d);
        let existing = vec![
            ours(1, &body, None),
            ours(2, &body, Some(4)),
            ours(3, &body, Some(4)),
        ];
        let p = plan(&[d], &files(), &existing, &me());
        assert!(p.create.is_empty());
        assert_eq!(p.delete, [1, 3]);
    }

    #[test]
    fn duplicates_are_our_newer_comments_with_a_fingerprint_seen_before() {
        let me = Identity::told("slagate-bot");
        let c =
            |id: u64, login: &str, fp: &str, line: Option<u64>, reply: Option<u64>| ReviewComment {
                id,
                user: Some(crate::github::api::User {
                    login: login.into(),
                    kind: None,
                }),
                body: format!("text\n\n{}", marker(fp)),
                path: "a.sla.yaml".into(),
                line,
                in_reply_to_id: reply,
                created_at: format!("2026-01-01T00:00:{id:02}Z"),
            };
        let a = "a".repeat(16);
        let b = "b".repeat(16);
        let comments = [
            c(1, "slagate-bot", &a, None, None), // outdated: the live 2 is kept
            c(2, "slagate-bot", &a, Some(3), None), // kept
            c(3, "slagate-bot", &a, Some(3), None), // a duplicate of 2
            c(4, "slagate-bot", &b, Some(5), None), // the only b
            c(5, "mallory", &b, Some(5), None),  // not ours
            c(6, "slagate-bot", &b, Some(5), None), // a duplicate, but replied to
            c(7, "alice", &b, Some(5), Some(6)), // the reply
        ];
        // Live ones first (2, 3, 4, 6), then the outdated 1: 3 repeats 2's a, 1 repeats it too.
        assert_eq!(duplicates(&comments, &me), [3, 1]);
        let m = review_marker("0123abc", &[a.clone(), b.clone()]);
        assert!(m.starts_with("<!-- slagate:review 0123abc "), "{m}");
        assert_ne!(m, review_marker("0123abc", &[b, a]));
        assert!(has_review_marker(&format!("x\n\n{m}\n"), &m));
        assert!(!has_review_marker(&format!("{m}\nx"), &m));
    }
}
