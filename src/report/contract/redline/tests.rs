use super::*;
use crate::report::contract::clauses::document as contract;
use crate::report::contract::clauses::tests::{ACME, doc};

/// The Acme agreement with `edits` applied (plain text replacements).
fn edited(edits: &[(&str, &str)]) -> crate::model::SlaDocument {
    let mut text = ACME.to_string();
    for (from, to) in edits {
        assert!(text.contains(from), "{from}");
        text = text.replacen(from, to, 1);
    }
    doc(&text)
}

/// The redline of the Acme agreement against itself edited, with the diff's findings.
fn redline_of(edits: &[(&str, &str)]) -> Redline {
    let (b, h) = (doc(ACME), edited(edits));
    let findings = crate::diff::diff(std::slice::from_ref(&b), std::slice::from_ref(&h));
    document(Some(&contract(&b)), Some(&contract(&h)), &findings).expect("a change")
}

fn change<'r>(r: &'r Redline, key: &str) -> &'r ClauseChange {
    r.changes
        .iter()
        .find(|c| c.key == key)
        .unwrap_or_else(|| panic!("no change of {key}: {:#?}", r.changes))
}

#[test]
fn the_same_agreement_has_no_redline() {
    let b = contract(&doc(ACME));
    assert!(redline(&b, &b).is_empty());
    assert!(document(Some(&b), Some(&b), &[]).is_none());
}

#[test]
fn a_lowered_target_reads_before_and_after_with_its_class_and_impact() {
    let r = redline_of(&[("target: \">= 99.9%\"", "target: \">= 99.5%\"")]);
    let c = change(&r, "objective:availability");
    assert_eq!(c.kind, ChangeKind::Changed);
    assert_eq!(c.number, "5.1");
    assert!(
        c.before.as_deref().unwrap().starts_with(
            "Acme CRM platform is available at least 99.9% of the time in each calendar month"
        ),
        "{c:?}"
    );
    assert!(
        c.after
            .as_deref()
            .unwrap()
            .contains("at least 99.5% of the time")
    );
    // The word diff: 99.9% out, 99.5% in, the rest the same.
    let deleted: Vec<&str> = c
        .words
        .iter()
        .filter(|s| s.kind == SegmentKind::Deleted)
        .map(|s| s.text.trim())
        .collect();
    let inserted: Vec<&str> = c
        .words
        .iter()
        .filter(|s| s.kind == SegmentKind::Inserted)
        .map(|s| s.text.trim())
        .collect();
    // Allowed downtime too: business hours are 50 of 168 hours a week; an average month is
    // 2,629,800 s, so 782,678.6 s covered; 0.1% is 782.7 s (13 min 3 s), 0.5% is 3,913.4 s
    // (1 h 5 min 13 s).
    assert_eq!(deleted, ["99.9%", "13 minutes 3"], "{:#?}", c.words);
    assert_eq!(inserted, ["99.5%", "1 hour 5 minutes 13"]);
    assert_eq!(c.class(), Some(Class::Weakened));
    assert!(
        c.impacts()
            .iter()
            .any(|i| i.starts_with("allowed downtime per month: 13m3s -> 1h5m13s")),
        "{:?}",
        c.impacts()
    );
    // The table row of the service levels is no clause: the only other changes are the
    // version, the credit tiers that the target no longer meets, and nothing else.
    assert!(
        r.changes.iter().all(|c| c.key.ends_with("availability")),
        "{:#?}",
        r.changes
    );
}

#[test]
fn an_added_tier_changes_the_credit_clause_only() {
    let r = redline_of(&[(
        "        - when: \"< 99.0%\"\n          credit: 50%\n",
        "        - when: \"< 99.0%\"\n          credit: 50%\n        - when: \"< 95.0%\"\n          credit: 100%\n",
    )]);
    assert_eq!(r.changes.len(), 1, "{:#?}", r.changes);
    let c = change(&r, "credits:availability");
    assert_eq!(c.kind, ChangeKind::Changed);
    // The last tier now has a lower bound, and a new tier follows it.
    assert!(
        c.before
            .as_deref()
            .unwrap()
            .ends_with("Less than 99.0%: 50%")
    );
    assert!(
        c.after
            .as_deref()
            .unwrap()
            .ends_with("Less than 99.0% but at least 95.0%: 50%\nLess than 95.0%: 100%")
    );
    assert_eq!(c.class(), Some(Class::Strengthened), "{:#?}", c.findings);
}

#[test]
fn a_removed_exclusion_is_a_removed_clause_where_it_stood() {
    let r = redline_of(&[
        (
            "    - id: force-majeure\n      description: Events beyond Northwind Cloud's reasonable control, as defined in the MSA.\n",
            "",
        ),
        (
            "exclusions: [scheduled-maintenance, force-majeure]",
            "exclusions: [scheduled-maintenance]",
        ),
        (
            "exclusions: [scheduled-maintenance, force-majeure]",
            "exclusions: [scheduled-maintenance]",
        ),
    ]);
    let c = change(&r, "exclusion:force-majeure");
    assert_eq!(c.kind, ChangeKind::Removed);
    assert_eq!(c.number, "9.2");
    assert_eq!(c.after, None);
    assert!(c.before.as_deref().unwrap().starts_with("Events beyond"));
    assert_eq!(c.words.len(), 1);
    assert_eq!(c.words[0].kind, SegmentKind::Deleted);
    // It stands where it stood: after the clause before it in the base (scheduled
    // maintenance, unchanged), so after every change of an earlier clause; nothing later
    // changed.
    assert_eq!(r.changes.last().unwrap().key, c.key);
    // Dropping an exclusion from an objective gives the customer more.
    let o = change(&r, "objective:availability");
    assert!(
        o.after
            .as_deref()
            .unwrap()
            .contains("Not counted against it: scheduled maintenance (see")
    );
    assert!(o.class().is_some(), "{:#?}", o.findings);
}

#[test]
fn a_renamed_objective_keeps_its_match() {
    let r = redline_of(&[
        (
            "    - id: api-latency\n",
            "    - id: api-response-time\n      renamedFrom: api-latency\n",
        ),
        ("target: \"< 500ms\"", "target: \"< 400ms\""),
    ]);
    let c = change(&r, "objective:api-response-time");
    assert_eq!(c.kind, ChangeKind::Changed, "{:#?}", r.changes);
    assert!(!r.changes.iter().any(|c| c.key == "objective:api-latency"));
    // The rename is a change for both parties to judge; the faster target strengthens.
    assert!(
        c.findings.iter().any(|f| f.class == Class::Strengthened),
        "{:#?}",
        c.findings
    );
    assert_eq!(c.class(), Some(Class::Changed));
}

#[test]
fn an_added_agreement_is_every_clause_added() {
    let h = contract(&doc(ACME));
    let r = document(None, Some(&h), &[]).unwrap();
    assert_eq!(r.status, DocumentChange::Added);
    assert_eq!(r.changes.len(), h.clauses().count());
    assert!(r.changes.iter().all(|c| c.kind == ChangeKind::Added));
}

#[test]
fn a_reworded_clause_is_changed_and_its_words_are_not_repeated_as_an_impact() {
    let r = redline_of(&[("to mediation, and then", "to arbitration, and then")]);
    let c = change(&r, "disputes");
    assert_eq!(c.class(), Some(Class::Changed), "{:#?}", c.findings);
    // The diff's impact is `[-mediation,-]{+arbitration,+}`: the redline shows it already.
    assert!(
        c.findings
            .iter()
            .any(|f| f.impact.as_deref().is_some_and(|i| i.contains("{+")))
    );
    assert!(c.impacts().is_empty(), "{:?}", c.impacts());
    let marked: Vec<(SegmentKind, &str)> = c
        .words
        .iter()
        .filter(|s| s.kind != SegmentKind::Same)
        .map(|s| (s.kind, s.text.as_str()))
        .collect();
    assert_eq!(
        marked,
        [
            (SegmentKind::Deleted, "mediation,"),
            (SegmentKind::Inserted, "arbitration,")
        ]
    );
}
