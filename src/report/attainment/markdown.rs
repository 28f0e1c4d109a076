//! The Markdown format (GitHub-flavoured), for an issue or the step summary: a heading per
//! agreement, a sentence with its summary, then per objective a heading, what it promises and
//! one table of its windows. Every text from a document or a data file goes through
//! [`cell`]: control and bidirectional characters become visible escapes (a line break too,
//! so no `<br>` is needed and no HTML is written at all), then
//! [`report::markdown::escape`](crate::report::markdown::escape) neutralises HTML, table
//! pipes, emphasis, code spans, links, mentions and references.

use std::fmt::Write as _;

use super::{
    budget, claim, credit, duration, measured, promise, source, summary, value, verdict,
    window_label,
};
use crate::measure::outcome::{Agreement, Objective, Report};
use crate::report::escape_terminal;
use crate::report::markdown::escape;

/// Text from the data, for a table cell, a heading or a sentence.
pub(crate) fn cell(s: &str) -> String {
    escape(&escape_terminal(s))
}

/// The report as GitHub-flavoured Markdown.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## SLA report {}..{}\n\n{} in the period.",
        report.from,
        report.to,
        crate::text::plural(report.agreements.len(), "agreement")
    );
    for a in &report.agreements {
        agreement(a, &mut out);
    }
    if !report.ignored.is_empty() {
        let _ = writeln!(
            out,
            "\n### Ignored rows\n\n{} read and not counted:\n",
            crate::text::plural(report.ignored.len(), "row")
        );
        for i in &report.ignored {
            let _ = writeln!(
                out,
                "- {} line {}: {}",
                cell(&i.origin.file),
                i.origin.line,
                cell(&i.reason)
            );
        }
    }
    out
}

fn agreement(a: &Agreement, out: &mut String) {
    let _ = writeln!(out, "\n### {} ({})\n", cell(&a.title), cell(&a.id));
    let verdict = if a.breaches > 0 {
        "**Not kept**"
    } else {
        "**Kept**"
    };
    let _ = writeln!(
        out,
        "{verdict}: {}. Provider {}, customer {}; read from {}.",
        cell(&summary(a)),
        cell(&a.provider),
        cell(&a.customer),
        cell(&a.file)
    );
    for o in &a.objectives {
        objective(o, out);
    }
}

fn objective(o: &Objective, out: &mut String) {
    if o.name == o.id {
        let _ = writeln!(out, "\n#### {}\n", cell(&o.id));
    } else {
        let _ = writeln!(out, "\n#### {} ({})\n", cell(&o.name), cell(&o.id));
    }
    let _ = writeln!(out, "{}; {}.\n", cell(&promise(o)), cell(&source(o)));
    let _ = writeln!(
        out,
        "| window | covered | measured | value | result | budget used | credit | claim |\n\
         | --- | ---: | --- | ---: | --- | --- | --- | --- |"
    );
    for w in &o.windows {
        let mut how = claim(w);
        if let Some(c) = &w.claim {
            if let Some(rule) = &c.rule {
                let _ = write!(how, " ({rule})");
            }
            if !c.evidence.is_empty() {
                let _ = write!(how, "; evidence: {}", c.evidence.join("; "));
            }
        }
        let result = match super::Status::of(w) {
            super::Status::Missed => format!("**{}**", cell(&verdict(o, w))),
            _ => cell(&verdict(o, w)),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {result} | {} | {} | {} |",
            cell(&window_label(w)),
            duration(w.covered),
            cell(&measured(w)),
            cell(&value(o, w)),
            cell(&budget(w)),
            cell(&credit(w)),
            cell(&how),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::sample::{self, HOSTILE};
    use super::*;
    use comrak::nodes::NodeValue;

    /// The document as GitHub would read it: the text of every node, the HTML and links
    /// found, and the tables (rows of cell texts).
    struct Rendered {
        text: String,
        live: Vec<String>,
        tables: Vec<Vec<Vec<String>>>,
    }

    fn text_of<'a>(node: &'a comrak::nodes::AstNode<'a>) -> String {
        let mut s = String::new();
        for n in node.descendants() {
            match &n.data.borrow().value {
                NodeValue::Text(t) => s.push_str(t),
                NodeValue::Code(c) => s.push_str(&c.literal),
                NodeValue::SoftBreak | NodeValue::LineBreak => s.push('\n'),
                _ => {}
            }
        }
        s
    }

    fn gfm(md: &str) -> Rendered {
        let arena = comrak::Arena::new();
        let mut options = comrak::Options::default();
        options.extension.autolink = true;
        options.extension.table = true;
        options.extension.strikethrough = true;
        let root = comrak::parse_document(&arena, md, &options);
        let mut live = Vec::new();
        let mut tables = Vec::new();
        for node in root.descendants() {
            match &node.data.borrow().value {
                NodeValue::Link(l) => live.push(format!("link {}", l.url)),
                NodeValue::Image(l) => live.push(format!("image {}", l.url)),
                NodeValue::HtmlInline(h) => live.push(format!("html {h}")),
                NodeValue::HtmlBlock(h) => live.push(format!("html {}", h.literal)),
                NodeValue::Table(_) => {
                    let rows = node
                        .children()
                        .map(|row| row.children().map(|c| text_of(c)).collect())
                        .collect();
                    tables.push(rows);
                }
                _ => {}
            }
        }
        Rendered {
            text: text_of(root),
            live,
            tables,
        }
    }

    #[test]
    fn markdown_has_a_heading_per_agreement_and_a_table_per_objective() {
        let md = render(&sample::report());
        insta::assert_snapshot!(md);
        let r = gfm(&md);
        // 4 objectives in the first agreement, 2 in the second; windows 2, 1, 1, 2, 1, 1.
        let rows: Vec<usize> = r.tables.iter().map(|t| t.len() - 1).collect();
        assert_eq!(rows, [2, 1, 1, 2, 1, 1]);
        assert!(r.tables.iter().flatten().all(|row| row.len() == 8));
        let november = &r.tables[0][2];
        assert_eq!(november[0], "2026-11");
        assert_eq!(november[1], "720h");
        assert_eq!(november[3], "99.899%");
        assert_eq!(november[4], "missed by less than 0.001%");
        assert_eq!(november[6], "10% of the fee = 1250 EUR (tier < 99.9%)");
        assert!(november[7].starts_with("claim by 2026-12-30 via the support portal"));
        assert!(r.text.contains(
            "Not kept: 2 breaches; credit owed: 10% of the 2026-11 fee; earliest claim deadline 2026-12-30."
        ));
    }

    #[test]
    fn hostile_text_is_text_in_github_markdown() {
        let md = render(&sample::report());
        let r = gfm(&md);
        assert_eq!(r.live, Vec::<String>::new(), "{md}");
        // The name as it reads: the line break and the override shown as escapes.
        let shown = HOSTILE
            .replace('\n', "\\u{a}")
            .replace('\u{202E}', "\\u{202e}");
        assert!(r.text.contains(&shown), "{}", r.text);
        // In a table cell too (the second agreement's first objective has it as its name,
        // its provider has a pipe): the tables kept their eight cells a row (checked above),
        // and the evidence `<img ...>` is text.
        assert!(r.text.contains("<img src=x onerror=alert(1)>"));
        assert!(r.text.contains("Platform | team **ops**"));
        assert!(!md.contains('\u{202E}'));
        // The control: unescaped, comrak does see the HTML and the emphasis.
        let control = gfm(&format!(
            "#### {HOSTILE}\n\nvia https://support.acme.example/claims\n"
        ));
        assert!(
            control.live.iter().any(|l| l.starts_with("html")),
            "{:?}",
            control.live
        );
        assert!(
            control.live.iter().any(|l| l.starts_with("link")),
            "{:?}",
            control.live
        );
    }
}
