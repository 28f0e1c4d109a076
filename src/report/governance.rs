//! The governance tracking issue as people read it: the body listing what is due (per
//! agreement: why, and whom to ask) and the comment that tells what changed since the last
//! list. GitHub-flavoured Markdown; every text that came from YAML goes through
//! [`super::markdown::escape`] or [`super::markdown::code`], so a party name cannot inject HTML,
//! break out of the list, forge the hidden markers or `@mention` anyone. Approvers are shown as
//! code spans, as the gate names them: the list asks them, it does not ping them every week.
//!
//! Pure and stable: nothing here depends on today's date beyond what the list holds (a due
//! date, not "in 12 days"), so an unchanged list renders the same body every run and the
//! planner ([`crate::github`]) writes nothing. The hidden markers are the planner's.

use std::fmt::Write as _;

use super::contract::words;
use super::markdown::{code, escape};
use crate::governance::{DueAgreement, PartyToAsk, Reason};
use crate::model::Date;
use crate::policy::{Governance, PartyRole};

/// The issue's title.
pub const TITLE: &str = "SLA governance: reviews and renewals due";

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The sentence of a reason (no text from YAML in it).
pub fn reason_words(r: &Reason) -> String {
    match *r {
        Reason::ReviewOverdue { due, first, every } => {
            let what = if first { "first review" } else { "review" };
            format!(
                "**Review overdue**: the {what} was due on {} (reviewed {}).",
                words::date(due),
                words::every(every)
            )
        }
        Reason::ReviewDue { due, first, every } => {
            let what = if first { "first review" } else { "next review" };
            format!(
                "**Review due**: the {what} is due by {} (reviewed {}).",
                words::date(due),
                words::every(every)
            )
        }
        Reason::Ended { until } => format!(
            "**Term ended**: the agreement ended on {}; renew it or retire it.",
            words::date(until)
        ),
        Reason::Ending { until } => format!(
            "**Term ending**: the agreement ends on {}; renew it or let it end.",
            words::date(until)
        ),
        Reason::ChangelogMissing { version } => {
            format!("**Changelog**: there is no entry for the current version {version}.")
        }
    }
}

fn role_name(role: PartyRole) -> &'static str {
    match role {
        PartyRole::Provider => "Provider",
        PartyRole::Customer => "Customer",
    }
}

fn party_line(p: &PartyToAsk) -> String {
    let contacts: Vec<String> = p
        .contacts
        .iter()
        .map(|c| {
            let mut s = format!("{} ({}", escape(&c.name), escape(&c.role));
            if let Some(e) = &c.email {
                let _ = write!(s, ", {}", escape(e));
            }
            s.push(')');
            s
        })
        .collect();
    let contacts = if contacts.is_empty() {
        "no contacts listed".to_string()
    } else {
        format!("owners {}", contacts.join(", "))
    };
    let approvers: Vec<String> = p.approvers.iter().map(|a| code(a)).collect();
    let approvers = match (approvers.is_empty(), p.must_approve) {
        (true, true) => {
            "no approvers listed, but the policy needs this party's approval for a change: add `approvers` first".to_string()
        }
        (true, false) => "no approvers listed".to_string(),
        (false, true) => format!("ask {} (the policy needs one of them to approve)", approvers.join(", ")),
        (false, false) => format!("approvers {} (not needed by the policy for a change)", approvers.join(", ")),
    };
    format!(
        "- {} **{}**: {contacts}; {approvers}.",
        role_name(p.role),
        escape(&p.name)
    )
}

/// One agreement's section.
pub fn agreement_section(a: &DueAgreement) -> String {
    let mut out = String::new();
    let heading = match &a.title {
        Some(t) => format!("{} ({})", escape(t), code(&a.id)),
        None => code(&a.id),
    };
    let _ = writeln!(out, "### {heading}\n");
    let _ = writeln!(out, "{}, version {}\n", code(&a.file), a.version);
    for r in &a.reasons {
        let _ = writeln!(out, "- {}", reason_words(r));
    }
    out.push_str("\nWhom to ask:\n\n");
    for p in &a.parties {
        let _ = writeln!(out, "{}", party_line(p));
    }
    out.push('\n');
    out
}

/// The visible body of the tracking issue, at most `max_chars` characters: the agreements
/// that do not fit are counted in a last line instead.
pub fn issue_body(due: &[DueAgreement], thresholds: &Governance, max_chars: usize) -> String {
    let mut out = format!("## {TITLE}\n\n");
    let _ = writeln!(
        out,
        "slagate lists here every agreement whose review is overdue or due within {}, whose term ends within {} or has ended, or whose changelog has no entry for its current version (thresholds: `governance` in `.slagate.yaml`). It updates this list on every scheduled run, comments when the list changes, and closes this issue when nothing is due. Edits to this text are overwritten.\n",
        plural(thresholds.review_due_within as usize, "day", "days"),
        plural(thresholds.expires_within as usize, "day", "days"),
    );
    if due.is_empty() {
        out.push_str("**Nothing is due.** This issue is reopened when something is.\n");
        return out;
    }
    let _ = writeln!(
        out,
        "**{} due.**\n",
        plural(due.len(), "agreement is", "agreements are")
    );
    // Room for the cut line and the planner's markers.
    let reserve = 400;
    for (i, a) in due.iter().enumerate() {
        let section = agreement_section(a);
        if out.chars().count() + section.chars().count() + reserve > max_chars {
            let left = due.len() - i;
            let _ = writeln!(
                out,
                "… and {left} more {}, not shown: GitHub's limit on the length of an issue is reached.",
                if left == 1 { "agreement" } else { "agreements" }
            );
            break;
        }
        out.push_str(&section);
    }
    out
}

/// The comment of a run whose list differs from the last one: what is newly listed, what
/// is listed for other reasons now, and which agreements left the list (by id: they may be
/// gone from the repository).
pub fn change_comment(
    added: &[&DueAgreement],
    changed: &[&DueAgreement],
    gone: &[String],
    today: Date,
    max_chars: usize,
) -> String {
    let mut out = format!(
        "The list of agreements due changed on {}.\n\n",
        words::date(today)
    );
    let reasons = |a: &DueAgreement| -> String {
        let keys: Vec<String> = a
            .reasons
            .iter()
            .map(|r| {
                // The bold label of the sentence, without its markup.
                reason_words(r)
                    .split("**")
                    .nth(1)
                    .unwrap_or_default()
                    .to_lowercase()
            })
            .collect();
        keys.join(", ")
    };
    let last = "The issue's description holds the whole list.\n";
    // Room for the cut line and the last sentence.
    let reserve = 200;
    let mut full = false;
    let mut section = |title: &str, items: Vec<String>| {
        if items.is_empty() {
            return;
        }
        if full {
            let _ = writeln!(
                out,
                "{title}: {}, not shown.\n",
                plural(items.len(), "agreement", "agreements")
            );
            return;
        }
        let _ = writeln!(out, "{title}:\n");
        let total = items.len();
        for (i, item) in items.into_iter().enumerate() {
            let line = format!("- {item}\n");
            if out.len() + line.len() + reserve > max_chars {
                full = true;
                let _ = writeln!(
                    out,
                    "- … and {} more, not shown: GitHub's limit on the length of a comment is reached.",
                    total - i
                );
                break;
            }
            out.push_str(&line);
        }
        out.push('\n');
    };
    section(
        "Newly due",
        added
            .iter()
            .map(|a| format!("{}: {}", code(&a.id), reasons(a)))
            .collect(),
    );
    section(
        "Due for other reasons now",
        changed
            .iter()
            .map(|a| format!("{}: {}", code(&a.id), reasons(a)))
            .collect(),
    );
    section("No longer due", gone.iter().map(|id| code(id)).collect());
    if added.is_empty() && changed.is_empty() && gone.is_empty() {
        out.push_str("The issue's list was rewritten.\n\n");
    }
    out.push_str(last);
    out
}

/// The comment of a run whose list changed when one of the lists is too long to keep by
/// agreement in the issue (its state holds a digest and a count): how many are due now, and
/// were before when that is known.
pub fn counted_change_comment(before: Option<usize>, now: usize, today: Date) -> String {
    let mut out = format!(
        "The list of agreements due changed on {}: {} due now",
        words::date(today),
        plural(now, "agreement is", "agreements are")
    );
    if let Some(before) = before {
        let _ = write!(out, ", {before} before");
    }
    out.push_str(
        ". The list is too long to tell here which agreements changed; the issue's description \
         holds it.\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::governance::ContactPoint;
    use crate::model::Frequency;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn party(role: PartyRole, name: &str, approvers: &[&str], must: bool) -> PartyToAsk {
        PartyToAsk {
            role,
            name: name.into(),
            contacts: vec![ContactPoint {
                role: "Service owner".into(),
                name: "Jane Roe".into(),
                email: Some("jane@example.com".into()),
            }],
            approvers: approvers.iter().map(|s| (*s).to_string()).collect(),
            must_approve: must,
        }
    }

    fn sample() -> Vec<DueAgreement> {
        vec![
            DueAgreement {
                id: "acme-crm".into(),
                title: Some("Acme CRM".into()),
                file: "policies/acme.sla.yaml".into(),
                version: 3,
                reasons: vec![
                    Reason::ReviewOverdue {
                        due: d("2026-11-22"),
                        first: false,
                        every: Frequency::Quarter,
                    },
                    Reason::Ending {
                        until: d("2027-01-31"),
                    },
                    Reason::ChangelogMissing { version: 3 },
                ],
                parties: vec![
                    party(
                        PartyRole::Provider,
                        "Northwind",
                        &["alice", "northwind/sla"],
                        true,
                    ),
                    PartyToAsk {
                        contacts: Vec::new(),
                        ..party(PartyRole::Customer, "Acme", &[], true)
                    },
                ],
            },
            DueAgreement {
                id: "status-page".into(),
                title: None,
                file: "public/status.sla.yaml".into(),
                version: 1,
                reasons: vec![
                    Reason::ReviewDue {
                        due: d("2027-01-01"),
                        first: true,
                        every: Frequency::Year,
                    },
                    Reason::Ended {
                        until: d("2026-11-30"),
                    },
                ],
                parties: vec![
                    party(PartyRole::Provider, "Northwind", &["bob"], true),
                    party(PartyRole::Customer, "Everyone", &["carol"], false),
                ],
            },
        ]
    }

    #[test]
    fn the_body_lists_each_agreement_with_why_and_whom_to_ask() {
        insta::assert_snapshot!(issue_body(&sample(), &Governance::default(), 65_536));
    }

    #[test]
    fn nothing_due_says_so() {
        let body = issue_body(&[], &Governance::default(), 65_536);
        assert!(body.contains("**Nothing is due.**"), "{body}");
        assert!(
            body.contains("within 30 days") && body.contains("within 60 days"),
            "{body}"
        );
    }

    #[test]
    fn hostile_strings_from_yaml_are_escaped() {
        let mut due = sample();
        let a = &mut due[0];
        a.title = Some("<img src=x onerror=alert(1)> **bold** [link](https://evil.example)".into());
        a.parties[0].name = "@everyone <!-- slagate:governance -->\n- [ ] forged item".into();
        a.parties[0].contacts[0].email = Some("<script>alert(1)</script>@x.com".into());
        a.parties[0].contacts[0].name = "@alice see #4 and GH-2 at www.evil.example".into();
        a.parties[0].approvers = vec!["`@acme/admins`".into(), "<!--".into()];
        a.file = "a|b`c.sla.yaml".into();
        let body = issue_body(&due, &Governance::default(), 65_536);
        for bad in [
            "<img",
            "<script",
            "<!-- slagate",
            "@everyone",
            "\n- [ ] forged",
            "](https://evil",
        ] {
            assert!(!body.contains(bad), "{bad:?} in\n{body}");
        }
        // Rendered as GitHub-flavoured Markdown, nothing is live: no link, image, HTML (but
        // the `<br>` that stands for a line break), mention or reference.
        let live: Vec<String> = crate::report::markdown::tests::live_in(&body)
            .into_iter()
            .filter(|l| l != "html <br>")
            .collect();
        assert_eq!(live, Vec::<String>::new(), "{body}");
        // The words are all still there, escaped.
        assert!(
            body.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{body}"
        );
        assert!(body.contains("forged item"), "{body}");
        insta::assert_snapshot!(body);
    }

    #[test]
    fn a_body_over_the_limit_counts_what_it_cuts() {
        let one = sample().remove(0);
        let many: Vec<DueAgreement> = (0..500)
            .map(|i| DueAgreement {
                id: format!("agreement-{i}"),
                ..one.clone()
            })
            .collect();
        let body = issue_body(&many, &Governance::default(), 65_536);
        assert!(body.chars().count() <= 65_536 - 400, "{}", body.len());
        let shown = body.matches("### ").count();
        assert!(shown > 10 && shown < 500, "{shown}");
        assert!(
            body.contains(&format!("… and {} more agreements, not shown", 500 - shown)),
            "{}",
            &body[body.len() - 300..]
        );
    }

    #[test]
    fn the_comment_names_what_changed() {
        let due = sample();
        let text = change_comment(
            &[&due[0]],
            &[&due[1]],
            &["old-one".into()],
            d("2026-12-03"),
            65_536,
        );
        assert_eq!(
            text,
            "The list of agreements due changed on 3 December 2026.\n\n\
             Newly due:\n\n- `acme-crm`: review overdue, term ending, changelog\n\n\
             Due for other reasons now:\n\n- `status-page`: review due, term ended\n\n\
             No longer due:\n\n- `old-one`\n\n\
             The issue's description holds the whole list.\n"
        );
    }
}
