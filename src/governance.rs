//! What is due: the agreements the scheduled governance run of `slagate github` lists in its
//! tracking issue, and why.
//!
//! Pure: the loaded agreements, the policy and today's date in, a list out. An agreement is
//! listed when
//! - its review is overdue (one `review.every` after `review.last`, or after `effective.from`
//!   when it was never reviewed, is before today: the rule of `review-overdue`), or due within
//!   `governance.reviewDueWithin` days (the day itself counts: due in exactly 30 days is
//!   listed with the default);
//! - its `effective.until` has passed (the agreement ends at the end of that day), or is
//!   within `governance.expiresWithin` days;
//! - its changelog has no entry for `metadata.version` (the rule of
//!   `changelog-missing-version`).
//!
//! With each, the people to ask: each party's contacts (who owns the agreement) and approvers
//! (who signs a change), and whether the policy's `changeControl.approvals.changed` (of the
//! document's override, when one matches) names that party: a review or a renewal is a change
//! whose direction nobody can know before it is written. The GitHub side (the issue, its
//! body, when to comment) is [`crate::github`]'s and [`crate::report`]'s.

use crate::lint::rules::changelog_missing_version::has_entry;
use crate::lint::rules::review_overdue::{self, Due};
use crate::model::{Date, Frequency, Party, SlaDocument};
use crate::policy::{Governance, PartyRole, Policy};

/// Why an agreement is listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The review was due before today.
    ReviewOverdue {
        /// When it was due.
        due: Date,
        /// The agreement was never reviewed (the first review is counted from its start).
        first: bool,
        /// How often it is reviewed.
        every: Frequency,
    },
    /// The review is due today or within the threshold.
    ReviewDue {
        /// When it is due.
        due: Date,
        /// The agreement was never reviewed.
        first: bool,
        /// How often it is reviewed.
        every: Frequency,
    },
    /// `effective.until` is before today: the agreement has ended.
    Ended {
        /// Its last day.
        until: Date,
    },
    /// `effective.until` is today or within the threshold.
    Ending {
        /// Its last day.
        until: Date,
    },
    /// The changelog has no entry for the current version.
    ChangelogMissing {
        /// `metadata.version`.
        version: u64,
    },
}

impl Reason {
    /// A stable, compact key of the reason (kind and date or version), to tell whether the
    /// list changed between two runs: `review-overdue:2026-11-22`, `changelog-missing:3`.
    /// Only ASCII letters, digits, `-`, `:` and `.`.
    pub fn key(&self) -> String {
        match self {
            Reason::ReviewOverdue { due, .. } => format!("review-overdue:{due}"),
            Reason::ReviewDue { due, .. } => format!("review-due:{due}"),
            Reason::Ended { until } => format!("ended:{until}"),
            Reason::Ending { until } => format!("ending:{until}"),
            Reason::ChangelogMissing { version } => format!("changelog-missing:{version}"),
        }
    }
}

/// A point of contact of a party, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactPoint {
    /// Their role.
    pub role: String,
    /// Their name.
    pub name: String,
    /// Their email, if given.
    pub email: Option<String>,
}

/// A party of a listed agreement: who owns it, who may approve for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyToAsk {
    /// Provider or customer.
    pub role: PartyRole,
    /// The party's name.
    pub name: String,
    /// Its contacts (the agreement's owners on that side).
    pub contacts: Vec<ContactPoint>,
    /// Its approvers: GitHub logins or `org/team` slugs, as written.
    pub approvers: Vec<String>,
    /// The policy names this party for a change (`approvals.changed`): its approval is needed
    /// for the pull request that brings the agreement up to date.
    pub must_approve: bool,
}

/// An agreement that needs attention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueAgreement {
    /// `metadata.id`.
    pub id: String,
    /// `metadata.title`, if any.
    pub title: Option<String>,
    /// The file it is in.
    pub file: String,
    /// `metadata.version`.
    pub version: u64,
    /// Why it is listed, in the order review, term, changelog.
    pub reasons: Vec<Reason>,
    /// Provider, then customer.
    pub parties: Vec<PartyToAsk>,
}

impl DueAgreement {
    /// The agreement's key for the list: `id` and each reason's key, `acme=review-due:2027-01-01`
    /// (`+` between reasons). Two runs with the same keys list the same things.
    pub fn key(&self) -> String {
        let reasons: Vec<String> = self.reasons.iter().map(Reason::key).collect();
        format!("{}={}", self.id, reasons.join("+"))
    }
}

/// `date` plus `days`.
pub fn add_days(date: Date, days: u32) -> Date {
    Date::from_days_since_epoch(date.days_since_epoch() + i64::from(days))
}

/// Why `doc` is due on `today` under `thresholds`, in the order review, term, changelog; empty
/// when nothing is.
pub fn reasons(doc: &SlaDocument, thresholds: &Governance, today: Date) -> Vec<Reason> {
    let spec = &doc.spec;
    let mut out = Vec::new();
    let every = spec.review_every.value;
    let (due, first) = match review_overdue::due(spec) {
        Due::Review(d) => (d, false),
        Due::FirstReview(d) => (d, true),
    };
    if review_overdue::is_overdue(due, today) {
        out.push(Reason::ReviewOverdue { due, first, every });
    } else if due <= add_days(today, thresholds.review_due_within) {
        out.push(Reason::ReviewDue { due, first, every });
    }
    if let Some(until) = &spec.effective_until {
        let until = until.value;
        if until < today {
            out.push(Reason::Ended { until });
        } else if until <= add_days(today, thresholds.expires_within) {
            out.push(Reason::Ending { until });
        }
    }
    if !has_entry(&spec.changelog, doc.version.value) {
        out.push(Reason::ChangelogMissing {
            version: doc.version.value,
        });
    }
    out
}

fn party(p: &Party, role: PartyRole, must_approve: bool) -> PartyToAsk {
    PartyToAsk {
        role,
        name: p.name.value.clone(),
        contacts: p
            .contacts
            .iter()
            .map(|c| ContactPoint {
                role: c.role.value.clone(),
                name: c.name.value.clone(),
                email: c.email.as_ref().map(|e| e.value.clone()),
            })
            .collect(),
        approvers: p.approvers.iter().map(|a| a.value.clone()).collect(),
        must_approve,
    }
}

/// Every agreement of `docs` that is due on `today` under the policy's `governance`
/// thresholds, ordered by file, then id (the order of the list is stable from run to run).
pub fn what_is_due(docs: &[SlaDocument], policy: &Policy, today: Date) -> Vec<DueAgreement> {
    let mut out: Vec<DueAgreement> = docs
        .iter()
        .filter_map(|doc| {
            let reasons = reasons(doc, &policy.governance, today);
            if reasons.is_empty() {
                return None;
            }
            let needs = policy
                .change_control_for(&doc.file, &doc.id.value)
                .approvals
                .changed;
            Some(DueAgreement {
                id: doc.id.value.clone(),
                title: doc.title.as_ref().map(|t| t.value.clone()),
                file: doc.file.to_string(),
                version: doc.version.value,
                reasons,
                parties: vec![
                    party(
                        &doc.spec.provider,
                        PartyRole::Provider,
                        needs.contains(PartyRole::Provider),
                    ),
                    party(
                        &doc.spec.customer,
                        PartyRole::Customer,
                        needs.contains(PartyRole::Customer),
                    ),
                ],
            })
        })
        .collect();
    out.sort_by(|a, b| (&a.file, &a.id).cmp(&(&b.file, &b.id)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::testing::{BASE, documents};

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn doc(text: &str) -> SlaDocument {
        documents(&[("a.sla.yaml", text)]).remove(0)
    }

    fn reasons_on(text: &str, today: &str) -> Vec<Reason> {
        reasons(&doc(text), &Governance::default(), d(today))
    }

    /// BASE: reviewed yearly, last on 2026-06-01, so the next review is due on 2027-06-01;
    /// no end date; version 2 with its changelog entry.
    #[test]
    fn a_review_due_in_exactly_30_days_is_listed_and_in_31_days_is_not() {
        // 2027-05-02 + 30 days = 2027-06-01 (May has 31 days: 29 days to May 31, one more).
        assert_eq!(
            reasons_on(BASE, "2027-05-02"),
            [Reason::ReviewDue {
                due: d("2027-06-01"),
                first: false,
                every: Frequency::Year
            }]
        );
        assert!(reasons_on(BASE, "2027-05-01").is_empty());
        // The due day itself is still on time: due, not overdue.
        assert!(matches!(
            reasons_on(BASE, "2027-06-01")[..],
            [Reason::ReviewDue { .. }]
        ));
        // The day after, it is overdue.
        assert_eq!(
            reasons_on(BASE, "2027-06-02"),
            [Reason::ReviewOverdue {
                due: d("2027-06-01"),
                first: false,
                every: Frequency::Year
            }]
        );
    }

    #[test]
    fn without_review_last_the_first_review_counts_from_the_start() {
        let never = BASE.replace(
            "review: {every: year, last: 2026-06-01}",
            "review: {every: quarter}",
        );
        // effective.from 2026-01-01 + a quarter = 2026-04-01.
        assert_eq!(
            reasons_on(&never, "2026-12-03"),
            [Reason::ReviewOverdue {
                due: d("2026-04-01"),
                first: true,
                every: Frequency::Quarter
            }]
        );
        assert_eq!(
            reasons_on(&never, "2026-03-05"),
            [Reason::ReviewDue {
                due: d("2026-04-01"),
                first: true,
                every: Frequency::Quarter
            }]
        );
    }

    #[test]
    fn an_end_date_within_60_days_or_past_is_listed() {
        let ending = BASE.replace(
            "effective: {from: 2026-01-01}",
            "effective: {from: 2026-01-01, until: 2027-01-31}",
        );
        // 2026-12-02 + 60 days = 2027-01-31 (29 days to Dec 31, 31 more).
        assert_eq!(
            reasons_on(&ending, "2026-12-02"),
            [Reason::Ending {
                until: d("2027-01-31")
            }]
        );
        assert!(reasons_on(&ending, "2026-12-01").is_empty());
        // Its last day: still in force, ending.
        assert_eq!(
            reasons_on(&ending, "2027-01-31"),
            [Reason::Ending {
                until: d("2027-01-31")
            }]
        );
        assert_eq!(
            reasons_on(&ending, "2027-02-01"),
            [Reason::Ended {
                until: d("2027-01-31")
            }]
        );
    }

    #[test]
    fn a_changelog_without_the_current_version_is_listed() {
        let bumped = BASE.replace("  version: 2\n", "  version: 3\n");
        assert_eq!(
            reasons_on(&bumped, "2026-12-03"),
            [Reason::ChangelogMissing { version: 3 }]
        );
    }

    #[test]
    fn thresholds_come_from_the_policy_and_every_reason_is_kept_in_order() {
        let all = BASE.replace("  version: 2\n", "  version: 3\n").replace(
            "effective: {from: 2026-01-01}",
            "effective: {from: 2026-01-01, until: 2026-12-20}",
        );
        let policy = Policy::load(
            ".slagate.yaml".into(),
            b"governance: {reviewDueWithin: 200d, expiresWithin: 0d}\nchangeControl:\n  approvals: {changed: [customer]}\n".to_vec(),
        )
        .unwrap();
        let today = d("2026-12-03");
        // With expiresWithin 0d, an end 17 days away is not listed; 2027-06-01 is 180 days
        // after 2026-12-03 (28 + 31 + 28 + 31 + 30 + 31 + 1), within 200.
        let due = what_is_due(&documents(&[("b.sla.yaml", &all)]), &policy, today);
        assert_eq!(due.len(), 1);
        assert_eq!(
            due[0].reasons,
            [
                Reason::ReviewDue {
                    due: d("2027-06-01"),
                    first: false,
                    every: Frequency::Year
                },
                Reason::ChangelogMissing { version: 3 }
            ]
        );
        assert_eq!(
            due[0].key(),
            "acme=review-due:2027-06-01+changelog-missing:3"
        );
        // Who to ask: the provider's approvers as written; the policy names the customer only.
        let roles: Vec<(PartyRole, bool)> = due[0]
            .parties
            .iter()
            .map(|p| (p.role, p.must_approve))
            .collect();
        assert_eq!(
            roles,
            [(PartyRole::Provider, false), (PartyRole::Customer, true)]
        );
        assert_eq!(due[0].parties[0].approvers, ["alice"]);
        assert_eq!(due[0].parties[0].name, "Northwind");
        // Nothing due under the defaults on the same day but the changelog; with the default
        // thresholds the end 17 days away is listed.
        let due = what_is_due(
            &documents(&[("b.sla.yaml", &all)]),
            &Policy::default(),
            today,
        );
        assert_eq!(due[0].key(), "acme=ending:2026-12-20+changelog-missing:3");
        assert!(
            what_is_due(
                &documents(&[("b.sla.yaml", BASE)]),
                &Policy::default(),
                today
            )
            .is_empty()
        );
    }

    #[test]
    fn days_are_added_across_months_and_years() {
        assert_eq!(add_days(d("2026-12-03"), 30), d("2027-01-02"));
        assert_eq!(add_days(d("2028-02-28"), 1), d("2028-02-29"));
        assert_eq!(add_days(d("2026-12-03"), 0), d("2026-12-03"));
    }
}
