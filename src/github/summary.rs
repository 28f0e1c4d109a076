//! The sticky summary comment: whose comments are ours, which one to keep, and a body that
//! fits GitHub's limit. Pure.
//!
//! The comment is found again by the hidden marker on its first line AND by its author, so a
//! comment someone else wrote (quoting ours, or forging the marker) is never edited or deleted.
//! Races between two runs can leave two; the oldest is kept and the others are removed.

use crate::report::markdown::MARKER;

use super::api::{IssueComment, User};

/// GitHub refuses comment bodies longer than this many characters.
pub const MAX_COMMENT_CHARS: usize = 65_536;

/// Who the token writes as: the login its comments are authored by. A comment is ours only
/// when its author is this login (ASCII case aside), never because it is some bot's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The login (`slagate-bot`, `github-actions[bot]`, `my-app[bot]`).
    pub login: String,
    /// Assumed, not told: `GET /user` was refused (an installation token, such as the Actions
    /// `GITHUB_TOKEN` or a GitHub App's), so the login is the configured one or
    /// `github-actions[bot]`, until a comment we create shows its author.
    pub assumed: bool,
}

impl Identity {
    /// The login `GET /user` (or the author of a comment we created) told.
    pub fn told(login: impl Into<String>) -> Identity {
        Identity {
            login: login.into(),
            assumed: false,
        }
    }

    /// A login assumed without being told.
    pub fn assumed(login: impl Into<String>) -> Identity {
        Identity {
            login: login.into(),
            assumed: true,
        }
    }

    /// Whether `user` is us.
    pub fn is(&self, user: &User) -> bool {
        user.login.eq_ignore_ascii_case(&self.login)
    }
}

/// Whether a body is one of our summary comments' (the marker is its first line).
pub fn is_summary(body: &str) -> bool {
    body.lines().next().is_some_and(|l| l.trim_end() == MARKER)
}

/// Our summary comments: the one to keep (the oldest) and the duplicates to delete.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Id and body of the comment to update.
    pub keep: Option<(u64, String)>,
    /// Newer duplicates.
    pub duplicates: Vec<u64>,
}

/// Picks our summary comments among all of the pull request's comments.
pub fn select(comments: &[IssueComment], me: &Identity) -> Selection {
    let mut ours: Vec<&IssueComment> = comments
        .iter()
        .filter(|c| {
            c.user.as_ref().is_some_and(|u| me.is(u)) && c.body.as_deref().is_some_and(is_summary)
        })
        .collect();
    ours.sort_by(|a, b| (&a.created_at, a.id).cmp(&(&b.created_at, b.id)));
    let mut it = ours.into_iter();
    Selection {
        keep: it
            .next()
            .map(|c| (c.id, c.body.clone().unwrap_or_default())),
        duplicates: it.map(|c| c.id).collect(),
    }
}

/// The note that replaces what was cut.
pub const TRUNCATION_NOTE: &str = "\n\n> [!NOTE]\n> This comment was cut to fit GitHub's limit of 65,536 characters. The full report is in the step summary of the workflow run.\n";

/// `body`, cut at a line boundary below `limit` characters with [`TRUNCATION_NOTE`], when it
/// does not fit. Open `<details>` blocks are closed, so the cut cannot swallow the note.
pub fn fit(body: &str, limit: usize) -> String {
    if body.chars().count() < limit {
        return body.to_string();
    }
    // Room for the note and a few closing tags, with a margin.
    let budget = limit.saturating_sub(TRUNCATION_NOTE.chars().count() + 200);
    let mut cut = 0;
    for (i, c) in body.char_indices().take(budget) {
        if c == '\n' {
            cut = i;
        }
    }
    let mut out = body[..cut].to_string();
    let open = out
        .matches("<details")
        .count()
        .saturating_sub(out.matches("</details>").count());
    for _ in 0..open {
        out.push_str("\n\n</details>");
    }
    out.push_str(TRUNCATION_NOTE);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(id: u64, login: &str, kind: &str, body: &str) -> IssueComment {
        IssueComment {
            id,
            user: Some(User {
                login: login.into(),
                kind: Some(kind.into()),
            }),
            body: Some(body.into()),
            created_at: format!("2026-01-01T00:00:{id:02}Z"),
        }
    }

    #[test]
    fn ours_is_found_by_marker_and_author() {
        let body = format!("{MARKER}\n### slagate");
        let comments = vec![
            comment(1, "mallory", "User", &body),
            comment(2, "slagate-bot", "User", "no marker"),
            comment(3, "slagate-bot", "User", &body),
            comment(4, "slagate-bot", "User", &body),
            comment(5, "github-actions[bot]", "Bot", &body),
        ];
        let s = select(&comments, &Identity::told("slagate-bot"));
        assert_eq!(s.keep.map(|k| k.0), Some(3));
        assert_eq!(s.duplicates, [4]);
        let s = select(&comments, &Identity::assumed("GitHub-Actions[bot]"));
        assert_eq!((s.keep.map(|k| k.0), s.duplicates), (Some(5), vec![]));
        // Another bot's marker comment is not ours, whoever we are.
        let other = [comment(6, "other-app[bot]", "Bot", &body)];
        assert_eq!(
            select(&other, &Identity::assumed("github-actions[bot]")),
            Selection::default()
        );
        assert!(!is_summary(&format!("quote:\n{MARKER}")));
    }

    #[test]
    fn long_bodies_are_cut_below_the_limit() {
        let row = "| a | b | c |\n";
        let body = format!("{MARKER}\n<details>\n{}", row.repeat(10_000));
        let out = fit(&body, MAX_COMMENT_CHARS);
        assert!(out.chars().count() < MAX_COMMENT_CHARS);
        assert!(out.ends_with(TRUNCATION_NOTE));
        assert!(out.contains("</details>"));
        assert!(out.starts_with(MARKER));
        // Cut at a line boundary: every row before the note is whole.
        let before_note = out.trim_end_matches(TRUNCATION_NOTE);
        assert!(
            before_note
                .lines()
                .filter(|l| l.starts_with('|'))
                .all(|l| l == row.trim_end())
        );
        assert_eq!(fit("short", MAX_COMMENT_CHARS), "short");
    }

    #[test]
    fn a_long_redline_is_cut_between_whole_rows_with_every_block_closed() {
        // The summary's shape: the redline's clauses, each a table in a collapsed block, then
        // the checklist and the findings, collapsed too.
        let clause = "**5.1 Availability**: weakened for the customer.\n\n<details>\n<summary>Clause 5.1 before and after, in full</summary>\n\n| Before (version 3) | After (version 4) |\n| --- | --- |\n| at least ~~99.9%~~<br>- line | at least **99.5%**<br>- line |\n\n</details>\n\n";
        let body = format!(
            "{MARKER}\n#### What changes\n\n{}#### Checklist\n\n<details>\n<summary>Findings</summary>\n\n| a | b |\n| --- | --- |\n</details>\n",
            clause.repeat(400)
        );
        assert!(body.chars().count() > MAX_COMMENT_CHARS);
        let out = fit(&body, MAX_COMMENT_CHARS);
        assert!(out.chars().count() < MAX_COMMENT_CHARS);
        assert!(out.starts_with(MARKER) && out.ends_with(TRUNCATION_NOTE));
        let kept = out.trim_end_matches(TRUNCATION_NOTE);
        assert_eq!(
            kept.matches("<details>").count(),
            kept.matches("</details>").count(),
            "{kept}"
        );
        // Every row that is kept is whole: two cells.
        for row in kept.lines().filter(|l| l.starts_with('|')) {
            assert_eq!(row.matches(" | ").count(), 1, "{row}");
            assert!(row.ends_with(" |"), "{row}");
        }
        // The note comes after the last closed block, outside it.
        assert!(
            kept.trim_end().ends_with("</details>"),
            "{}",
            &kept[kept.len() - 200..]
        );
    }
}
