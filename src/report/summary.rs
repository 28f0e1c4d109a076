//! The gate's summary comment and step summary ([`summary_markdown`]), for the people who
//! approve a change as much as for the engineer who made it: the verdict and what is missing;
//! per changed agreement what changes for the parties, in sentences, and the changed clauses
//! as the contract reads them before and after (the redline of
//! [`super::contract::redline`], with each clause's class and impact); the change-control
//! checklist; and, collapsed, the findings with their rule codes and locations.
//!
//! Everything from YAML or the pull request goes through [`super::markdown`]'s escaping; the
//! only HTML written here is our own: the marker, `<details>`, `<summary>` and `<br>`.

use std::fmt::Write as _;

use super::contract::markdown::{class_word, marked_side};
use super::contract::words;
use super::contract::{ChangeKind, ClauseChange, DocumentChange, Redline, SegmentKind};
use super::gate::{self, GateReport};
use super::markdown::{MARKER, code, escape, message, summary_line};
use crate::diagnostic::{Class, Diagnostic};
use crate::diff::Summary;
use crate::gate::{PartyRole, Subject, Verdict};

/// A clause whose before-and-after text is longer than this many lines (or characters) is
/// collapsed in a `<details>` block under its sentence.
const LONG_LINES: usize = 4;
/// See [`LONG_LINES`].
const LONG_CHARS: usize = 600;

/// The gate's PR summary comment and step summary. The hidden [`MARKER`] is the first
/// line; everything from YAML or the pull request is escaped.
pub fn summary_markdown(r: &GateReport<'_>) -> String {
    let mut s = String::new();
    let d = r.decision;
    let icon = match d.verdict {
        Verdict::Pass => ":white_check_mark:",
        Verdict::NeedsApproval => ":hourglass_flowing_sand:",
        Verdict::Fail => ":x:",
    };
    let _ = writeln!(s, "{MARKER}");
    let _ = writeln!(
        s,
        "### slagate: {icon} {}",
        gate::verdict_words(d.verdict, r.local)
    );
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "Change control for {}...{}: {}",
        code(r.base),
        code(r.head),
        summary_line(&Summary::of(r.findings))
    );
    if !d.missing.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(s, "**Missing before this can merge:**");
        let _ = writeln!(s);
        for m in &d.missing {
            let _ = writeln!(s, "- {}", message(&gate::sentence(m)));
        }
    }
    let invalid: Vec<&str> = (d.documents.iter())
        .filter(|doc| doc.subject == Subject::Document && !doc.valid)
        .map(|doc| doc.document.as_str())
        .collect();
    if !r.redlines.is_empty() || !invalid.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(s, "#### What changes");
        for redline in r.redlines {
            redline_markdown(r, redline, &mut s);
        }
        // A contract is read only from an agreement that validates.
        for id in invalid {
            let _ = writeln!(s);
            let _ = writeln!(
                s,
                "{} does not validate: its changed clauses are shown here once it does.",
                code(id)
            );
        }
    }
    checklist_markdown(r, &mut s);
    if !r.findings.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(s, "<details>");
        let _ = writeln!(
            s,
            "<summary>Findings for engineers ({}): rule codes and locations</summary>",
            r.findings.len()
        );
        let _ = writeln!(s);
        s.push_str(&super::markdown::table(
            r.findings,
            super::markdown::Values::InRedline,
            r.links,
        ));
        let _ = writeln!(s);
        let _ = writeln!(s, "</details>");
    }
    s
}

/// The summary's checklist per document and, while an approval is missing, how to get it.
fn checklist_markdown(r: &GateReport<'_>, s: &mut String) {
    let d = r.decision;
    if !d.documents.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(s, "#### Checklist");
        for doc in &d.documents {
            let _ = writeln!(s);
            let title = match doc.subject {
                Subject::Document => format!("**{}** in {}", code(&doc.document), code(&doc.file)),
                Subject::Policy => format!("**policy** {}", code(&doc.file)),
            };
            let _ = write!(s, "{title}");
            if !doc.classes.is_empty() {
                let counts: Vec<String> = doc
                    .classes
                    .iter()
                    .map(|(c, n)| format!("{n} {}", c.as_str()))
                    .collect();
                let _ = write!(s, ": {}", counts.join(", "));
            }
            let _ = writeln!(s);
            let _ = writeln!(s);
            for (mark, what, values) in gate::checklist(doc, r.local) {
                // A voided approval is a nested item under its party's line.
                let m = match mark {
                    gate::Mark::Done => "- :white_check_mark:",
                    gate::Mark::Missing => "- :x:",
                    gate::Mark::Waiting => "- :hourglass_flowing_sand:",
                    gate::Mark::Voided => "  - :no_entry_sign:",
                };
                let values: Vec<String> = values.iter().map(|v| code(v)).collect();
                let tail = if values.is_empty() {
                    String::new()
                } else {
                    format!(" {}", values.join(", "))
                };
                let _ = writeln!(s, "{m} {}{tail}", message(&what));
            }
        }
    }
    if d.documents.iter().any(|doc| {
        doc.parties
            .iter()
            .any(|p| p.needed && p.approved_by.is_empty())
            && doc.overridden_by.is_none()
    }) {
        let _ = writeln!(s);
        let _ = writeln!(s, "#### How to get approval");
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "Each party named above approves with an approving review from one of its approvers, given on the current head \
             (an approval given before a later change of the agreement no longer counts). The approvers are read from the base revision, \
             a team counts for its members, and the author of the pull request cannot approve their own change."
        );
        if let Some(label) = r.override_label {
            let _ = writeln!(s);
            let _ = writeln!(
                s,
                "Alternatively, one of the approvers adds the label {} to the pull request.",
                code(label)
            );
        }
    }
}

/// How a change reads for the parties, as the label of its sentence.
fn for_whom(class: Option<Class>) -> &'static str {
    match class {
        Some(Class::Weakened) => "Weaker for the customer",
        Some(Class::Strengthened) => "Stronger for the customer",
        Some(Class::Changed) => "Changed, for both parties to judge",
        Some(Class::Added) => "Added",
        Some(Class::Removed) => "Removed",
        None => "Reworded",
    }
}

/// What changes in one clause, as one sentence (text not yet escaped): "The provider's
/// commitment on Platform availability is lowered from at least 99.9% to at least 99.5% of
/// the time in each calendar month (clause 5.1)."
pub fn sentence(c: &ClauseChange) -> String {
    let committed = ["objective:", "support:", "credits:"]
        .iter()
        .any(|p| c.key.starts_with(p));
    let subject = if committed {
        format!("The provider's commitment on {}", c.heading)
    } else {
        c.heading.clone()
    };
    match c.kind {
        ChangeKind::Added => format!(
            "A new clause, {}, is added (clause {}).",
            c.heading, c.number
        ),
        ChangeKind::Removed => {
            format!(
                "The clause {} is removed (it was clause {}).",
                c.heading, c.number
            )
        }
        ChangeKind::Changed => match c.gist() {
            Some(g) => {
                // "Lowered" and "raised" say which way the number went; where that way is
                // not the way the commitment went (a latency raised is weakened), the
                // class says it.
                let verb = match (g.lowered, c.class()) {
                    (Some(true), Some(Class::Weakened)) => "lowered",
                    (Some(false), Some(Class::Strengthened)) => "raised",
                    (_, Some(Class::Weakened)) => "weakened",
                    (_, Some(Class::Strengthened)) => "strengthened",
                    (Some(true), _) => "lowered",
                    (Some(false), _) => "raised",
                    (None, _) => "changed",
                };
                let with_lead = |w: &str| {
                    if g.lead.is_empty() {
                        w.to_string()
                    } else {
                        format!("{} {w}", g.lead)
                    }
                };
                let tail = if g.tail.is_empty() {
                    String::new()
                } else {
                    format!(" {}", g.tail)
                };
                let label = g.label.as_deref().map_or_else(String::new, |l| {
                    let mut chars = l.chars();
                    let first = chars.next().map(|f| f.to_lowercase().collect::<String>());
                    format!(" at {}{}", first.unwrap_or_default(), chars.as_str())
                });
                format!(
                    "{subject} is {verb} from {} to {}{tail}{label} (clause {}).",
                    with_lead(&g.before),
                    with_lead(&g.after),
                    c.number
                )
            }
            None => format!("{subject} reads differently (clause {}).", c.number),
        },
    }
}

/// One agreement's part of "What changes": who it is between, a sentence per changed
/// clause, then each clause before and after.
fn redline_markdown(r: &GateReport<'_>, redline: &Redline, s: &mut String) {
    let status = match redline.status {
        DocumentChange::Added => "a new agreement".to_string(),
        DocumentChange::Removed => "removed".to_string(),
        DocumentChange::Amended => match (redline.base_version, redline.head_version) {
            (Some(b), Some(h)) if b != h => format!("version {b} to {h}"),
            (_, Some(h)) => format!("version {h}, not raised"),
            _ => "amended".into(),
        },
    };
    let parties = r
        .decision
        .documents
        .iter()
        .find(|d| d.subject == Subject::Document && d.document == redline.id)
        .map(|d| {
            let names: Vec<String> = d
                .parties
                .iter()
                .map(|p| {
                    let role = match p.role {
                        PartyRole::Provider => "provider",
                        PartyRole::Customer => "customer",
                    };
                    format!("{} ({role})", escape(&p.name))
                })
                .collect();
            names
        })
        .unwrap_or_default();
    let _ = writeln!(s);
    let between = if parties.is_empty() {
        String::new()
    } else {
        format!(", between {}", parties.join(" and "))
    };
    let _ = writeln!(s, "**{}**, {status}{between}:", escape(&redline.title));
    let _ = writeln!(s);
    for c in &redline.changes {
        let _ = writeln!(s, "- **{}:** {}", for_whom(c.class()), escape(&sentence(c)));
    }
    for f in &redline.other {
        let _ = writeln!(
            s,
            "- **{}:** {}",
            for_whom(Some(f.class)),
            message(&f.message)
        );
    }
    if redline.changes.is_empty() && redline.other.is_empty() {
        let _ = writeln!(s, "- No clause reads differently.");
    }
    let versions = |v: Option<u64>| v.map_or_else(String::new, |v| format!(" (version {v})"));
    for c in &redline.changes {
        let _ = writeln!(s);
        let mut line = format!("**{} {}**", escape(&c.number), escape(&c.heading));
        if let Some(class) = c.class() {
            let _ = write!(line, ": {}", class_word(class));
        }
        let impacts = c.impacts();
        if !impacts.is_empty() {
            let words: Vec<String> = impacts.iter().map(|i| words::impact(i)).collect();
            let _ = write!(line, ". Impact: {}", escape(&words.join("; ")));
        }
        let _ = writeln!(s, "{line}.");
        let before = match c.kind {
            ChangeKind::Added => "(not in the agreement)".to_string(),
            _ => marked_side(c, SegmentKind::Deleted),
        };
        let after = match c.kind {
            ChangeKind::Removed => "(no longer in the agreement)".to_string(),
            _ => marked_side(c, SegmentKind::Inserted),
        };
        let long = c
            .before
            .iter()
            .chain(&c.after)
            .any(|t| t.lines().count() > LONG_LINES || t.chars().count() > LONG_CHARS);
        let header = format!(
            "| Before{} | After{} |\n| --- | --- |",
            versions(redline.base_version),
            versions(redline.head_version)
        );
        let _ = writeln!(s);
        if long {
            // The lines that read differently stay in view; the whole clause is collapsed.
            if let Some((b, a)) = changed_lines(c, &before, &after) {
                let _ = writeln!(s, "{header}\n| {b} | {a} |");
                let _ = writeln!(s);
            }
            let _ = writeln!(s, "<details>");
            let _ = writeln!(
                s,
                "<summary>Clause {} before and after, in full</summary>",
                escape(&c.number)
            );
            let _ = writeln!(s);
        }
        let _ = writeln!(s, "{header}\n| {before} | {after} |");
        if long {
            let _ = writeln!(s);
            let _ = writeln!(s, "</details>");
        }
    }
}

/// The lines of a reworded clause that read differently, marked (`before` and `after` are
/// [`marked_side`]'s, one `<br>` per line of the clause's text); `None` unless both sides
/// have the same number of lines.
fn changed_lines(c: &ClauseChange, before: &str, after: &str) -> Option<(String, String)> {
    let (tb, ta) = (c.before.as_deref()?, c.after.as_deref()?);
    let (lb, la): (Vec<&str>, Vec<&str>) = (tb.lines().collect(), ta.lines().collect());
    let (mb, ma): (Vec<&str>, Vec<&str>) = (
        before.split("<br>").collect(),
        after.split("<br>").collect(),
    );
    if lb.len() != la.len() || mb.len() != lb.len() || ma.len() != la.len() {
        return None;
    }
    let differ: Vec<usize> = (0..lb.len())
        .filter(|i| lb[*i].trim() != la[*i].trim())
        .collect();
    if differ.is_empty() || differ.len() == lb.len() {
        return None;
    }
    let pick = |m: &[&str]| {
        differ
            .iter()
            .map(|i| m[*i])
            .collect::<Vec<_>>()
            .join("<br>")
    };
    Some((pick(&mb), pick(&ma)))
}

/// The redlines the summary shows: those of [`super::contract::redline::documents`], for the
/// agreements whose head validates (the gate asks for a fix of the others first, and a
/// contract is only read from a valid agreement).
pub fn redlines(
    base: &[crate::model::SlaDocument],
    head: &[crate::model::SlaDocument],
    changes: &[Diagnostic],
    decision: &crate::gate::Decision,
) -> Vec<Redline> {
    let invalid = |id: &str| {
        decision
            .documents
            .iter()
            .any(|d| d.subject == Subject::Document && d.document == id && !d.valid)
    };
    let keep = |docs: &[crate::model::SlaDocument]| -> Vec<crate::model::SlaDocument> {
        docs.iter()
            .filter(|d| !invalid(&d.id.value))
            .cloned()
            .collect()
    };
    super::contract::redline::documents(&keep(base), &keep(head), changes)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::report::contract::clauses::tests::{ACME, doc};
    use crate::report::gate::tests::{decision, outside_code_spans};

    /// The Acme agreement with `edits` applied, and the base's and head's documents.
    fn change(
        edits: &[(&str, &str)],
    ) -> (
        Vec<crate::model::SlaDocument>,
        Vec<crate::model::SlaDocument>,
    ) {
        let mut text = ACME.to_string();
        for (from, to) in edits {
            assert!(text.contains(from), "{from}");
            text = text.replacen(from, to, 1);
        }
        (vec![doc(ACME)], vec![doc(&text)])
    }

    /// What the look script changes: availability 99.9% to 99.5%, the first credit tier
    /// 10% to 5%, the version 3 to 4.
    const WEAKENED: &[(&str, &str)] = &[
        ("target: \">= 99.9%\"", "target: \">= 99.5%\""),
        ("credit: 10%", "credit: 5%"),
        ("  version: 3\n", "  version: 4\n"),
    ];

    /// The summary of `edits` to the Acme agreement, with the gate's test decision about it.
    fn summary_of(edits: &[(&str, &str)]) -> String {
        let (base, head) = change(edits);
        let findings = crate::diff::diff(&base, &head);
        let mut d = decision();
        d.documents[0].document = "acme-crm-enterprise".into();
        let lines = redlines(&base, &head, &findings, &d);
        let sources = HashMap::new();
        summary_markdown(&GateReport {
            decision: &d,
            findings: &findings,
            sources: &sources,
            base: "3f2a1c0",
            head: "9e8d7c6",
            local: false,
            override_label: Some("sla-ok"),
            redlines: &lines,
            links: None,
        })
    }

    #[test]
    fn each_changed_clause_reads_as_one_sentence() {
        let (base, head) = change(WEAKENED);
        let findings = crate::diff::diff(&base, &head);
        let r = &crate::report::contract::redline::documents(&base, &head, &findings)[0];
        let sentences: Vec<String> = r.changes.iter().map(sentence).collect();
        assert_eq!(
            sentences,
            [
                "The provider's commitment on Platform availability is lowered from at least \
                 99.9% to at least 99.5% of the time in each calendar month (clause 5.1).",
                "The provider's commitment on Credits for Platform availability is lowered \
                 from 10% to 5% at less than 99.9% but at least 99.5% (clause 7.1).",
            ]
        );
        // A latency raised is a commitment weakened, not raised: 500 ms to 800 ms.
        let (base, head) = change(&[("target: \"< 500ms\"", "target: \"< 800ms\"")]);
        let findings = crate::diff::diff(&base, &head);
        let r = &crate::report::contract::redline::documents(&base, &head, &findings)[0];
        let s = sentence(&r.changes[0]);
        assert!(
            s.starts_with("The provider's commitment on API response time is weakened from less than 500 to less than 800 milliseconds"),
            "{s}"
        );
        // A clause that is not a commitment.
        let (base, head) = change(&[(
            "Either party, with 90 days' written notice",
            "Either party, with 30 days' written notice",
        )]);
        let r = &crate::report::contract::redline::documents(&base, &head, &[])[0];
        let s = sentence(&r.changes[0]);
        assert_eq!(
            s,
            "Cancellation is lowered from 90 to 30 days' written notice to the end of a \
             contract year (clause 13.2)."
        );
    }

    /// The tables of `md` rendered by comrak as GitHub does, each as its rows of cell texts.
    fn tables(md: &str) -> Vec<Vec<Vec<String>>> {
        use comrak::nodes::NodeValue;
        fn text<'a>(n: &'a comrak::nodes::AstNode<'a>) -> String {
            n.descendants()
                .filter_map(|d| match &d.data.borrow().value {
                    NodeValue::Text(t) => Some(t.to_string()),
                    NodeValue::Code(c) => Some(c.literal.clone()),
                    NodeValue::LineBreak | NodeValue::SoftBreak => Some("\n".into()),
                    NodeValue::HtmlInline(h) if h == "<br>" => Some("\n".into()),
                    _ => None,
                })
                .collect()
        }
        let arena = comrak::Arena::new();
        let mut o = comrak::Options::default();
        o.extension.table = true;
        o.extension.strikethrough = true;
        o.extension.autolink = true;
        let root = comrak::parse_document(&arena, md, &o);
        root.descendants()
            .filter(|n| matches!(n.data.borrow().value, NodeValue::Table(_)))
            .map(|t| {
                t.children()
                    .map(|row| row.children().map(text).collect())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn the_summary_renders_the_redline_first_and_the_findings_collapsed() {
        let md = summary_of(WEAKENED);
        insta::assert_snapshot!(md);
        let html = comrak::markdown_to_html(&md, &{
            let mut o = comrak::Options::default();
            o.extension.table = true;
            o.extension.strikethrough = true;
            o.render.r#unsafe = true;
            o
        });
        // The sentences lead, before the checklist and the findings.
        let what = html
            .find("<h4>What changes</h4>")
            .expect("the redline section");
        let checklist = html.find("<h4>Checklist</h4>").expect("the checklist");
        let findings = html
            .find("<summary>Findings for engineers (2)")
            .expect("findings");
        assert!(what < checklist && checklist < findings, "{html}");
        assert!(
            html.contains("<strong>Weaker for the customer:</strong> The provider's commitment on Platform availability is lowered from at least 99.9% to at least 99.5%"),
            "{html}"
        );
        // The clause before and after, with the deleted and inserted words marked.
        assert!(
            html.contains("at least <del>99.9%</del> of the time"),
            "{html}"
        );
        assert!(
            html.contains("at least <strong>99.5%</strong> of the time"),
            "{html}"
        );
        assert!(
            html.contains("but at least 99.5%: <del>10%</del>"),
            "{html}"
        );
        assert!(
            html.contains("but at least 99.5%: <strong>5%</strong>"),
            "{html}"
        );
        // No credit tier as code: `< 99.9%: 10%` is the YAML's, not the contract's words.
        assert!(!md.contains("`< 99.9%"), "{md}");
        let tables = tables(&md);
        // Clause 5.1 (its changed lines, then in full, collapsed), clause 7.1, the findings.
        assert_eq!(tables.len(), 4, "{tables:#?}");
        for t in &tables[..3] {
            assert_eq!(t[0], ["Before (version 3)", "After (version 4)"]);
        }
        // Of clause 5.1's seven lines, the two that change stay in view.
        assert_eq!(tables[0][1][0].lines().count(), 2, "{tables:#?}");
        assert!(tables[0][1][0].contains("Allowed downtime"), "{tables:#?}");
        assert!(
            !tables[0][1][0].contains("How it is measured"),
            "{tables:#?}"
        );
        assert!(
            tables[1][1][0].contains("How it is measured"),
            "{tables:#?}"
        );
        assert_eq!(
            tables[3][0],
            ["Level", "Rule", "Change", "Impact", "Location"]
        );
        assert_eq!(tables[3].len(), 3, "a header and two findings");
        assert!(
            tables[3][1][4].starts_with("policies/x.sla.yaml:"),
            "{tables:#?}"
        );
        assert!(
            tables[3][1][4].ends_with("acme-crm-enterprise"),
            "{tables:#?}"
        );
        // Every table has a real header: no empty header cell.
        for t in &tables {
            assert!(t[0].iter().all(|c| !c.trim().is_empty()), "{t:?}");
        }
        // The long clause in full is collapsed, the findings too; both blocks are closed.
        assert_eq!(md.matches("<details>").count(), 2, "{md}");
        assert_eq!(md.matches("</details>").count(), 2, "{md}");
    }

    #[test]
    fn an_agreement_that_does_not_validate_has_no_redline_but_a_note() {
        let (base, head) = change(WEAKENED);
        let findings = crate::diff::diff(&base, &head);
        let mut d = decision();
        d.documents[0].document = "acme-crm-enterprise".into();
        d.documents[0].valid = false;
        let lines = redlines(&base, &head, &findings, &d);
        assert!(lines.is_empty(), "{lines:#?}");
        let sources = HashMap::new();
        let md = summary_markdown(&GateReport {
            decision: &d,
            findings: &findings,
            sources: &sources,
            base: "3f2a1c0",
            head: "9e8d7c6",
            local: false,
            override_label: None,
            redlines: &lines,
            links: None,
        });
        assert!(
            md.contains("`acme-crm-enterprise` does not validate: its changed clauses are shown here once it does."),
            "{md}"
        );
        assert!(!md.contains("Before (version"), "{md}");
    }

    #[test]
    fn yaml_text_in_the_redline_is_inert() {
        let evil = "Availability <script>x</script> @alice #4 https://evil.example [l](http://e.x) *b* | pipe <!-- slagate -->";
        let mut edits = WEAKENED.to_vec();
        let name = format!("      name: \"{evil}\"\n");
        edits.push(("      name: Platform availability\n", &name));
        let md = summary_of(&edits);
        assert!(md.contains("alert") || md.contains("script"), "{md}");
        assert_eq!(md.matches("<!--").count(), 1, "{md}");
        assert_eq!(md.matches("-->").count(), 1, "{md}");
        let text = outside_code_spans(&md);
        assert!(!text.contains("<script"), "{text}");
        assert!(!text.contains("@alice") && !text.contains("#4"), "{text}");
        let ours = ["<br>", "<details>", "</details>", "<summary>", "</summary>"];
        assert_eq!(
            text.matches('<').count(),
            1 + ours.iter().map(|t| text.matches(t).count()).sum::<usize>(),
            "{text}"
        );
        // Rendered: no link, no HTML of the YAML's, every table row as wide as its header.
        let arena = comrak::Arena::new();
        let mut o = comrak::Options::default();
        o.extension.table = true;
        o.extension.autolink = true;
        o.extension.strikethrough = true;
        for n in comrak::parse_document(&arena, &md, &o).descendants() {
            match &n.data.borrow().value {
                comrak::nodes::NodeValue::Link(l) => panic!("a link to {} in {md}", l.url),
                comrak::nodes::NodeValue::HtmlInline(h) => {
                    assert!(ours.contains(&h.as_str()), "HTML {h:?} in {md}");
                }
                comrak::nodes::NodeValue::Emph => panic!("emphasis from the YAML in {md}"),
                _ => {}
            }
        }
        for t in tables(&md) {
            assert!(t.iter().all(|row| row.len() == t[0].len()), "{t:#?}");
        }
        assert!(md.contains("pipe"), "the text is shown: {md}");
    }
}
