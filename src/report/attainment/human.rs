//! The human format: per agreement its parties, the period and a summary line (breaches,
//! credit owed, the earliest claim deadline), then per objective what it promises and a compact
//! table of its windows (covered time, value, met or missed and by how much, budget used), each
//! row followed by what was measured and, when a credit is owed, the credit and how to claim
//! it. Control characters and bidirectional controls from the data are shown as escapes
//! (`\u{202e}`), a line break too, so a value cannot rewrite the terminal or the line.

use std::fmt::Write as _;

use super::{
    Status, budget, claim_of, credit, duration, measured, promise, source, summary, value, verdict,
    window_label,
};
use crate::measure::outcome::{Agreement, Objective, Report};
use crate::report::escape_terminal as esc;

/// The report as text for a terminal.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "slagate report {}..{}: {}",
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
            "\nignored {} (read, not counted):",
            crate::text::plural(report.ignored.len(), "row")
        );
        for i in &report.ignored {
            let _ = writeln!(
                out,
                "  {}:{}: {}",
                esc(&i.origin.file),
                i.origin.line,
                esc(&i.reason)
            );
        }
    }
    out
}

fn agreement(a: &Agreement, out: &mut String) {
    let _ = writeln!(
        out,
        "\n{} ({}): {}",
        esc(&a.id),
        esc(&a.file),
        esc(&a.title)
    );
    let _ = writeln!(
        out,
        "  provider {}, customer {}",
        esc(&a.provider),
        esc(&a.customer)
    );
    let mark = if a.breaches > 0 { "MISSED" } else { "kept" };
    let _ = writeln!(out, "  {mark}: {}", esc(&summary(a)));
    for o in &a.objectives {
        objective(o, out);
    }
}

fn objective(o: &Objective, out: &mut String) {
    if o.name == o.id {
        let _ = writeln!(out, "\n  {}", esc(&o.id));
    } else {
        let _ = writeln!(out, "\n  {}: {}", esc(&o.id), esc(&o.name));
    }
    let _ = writeln!(out, "    {}", esc(&promise(o)));
    let _ = writeln!(out, "    {}", esc(&source(o)));
    let mut rows = vec![[
        "window".to_string(),
        "covered".into(),
        "value".into(),
        "result".into(),
        "budget used".into(),
    ]];
    for w in &o.windows {
        rows.push([
            esc(&window_label(w)),
            duration(w.covered),
            esc(&value(o, w)),
            match Status::of(w) {
                Status::Missed => esc(&verdict(o, w)).replacen("missed", "MISSED", 1),
                _ => esc(&verdict(o, w)),
            },
            budget(w),
        ]);
    }
    let widths: Vec<usize> = (0..5)
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    for (n, row) in rows.iter().enumerate() {
        let mut line = String::from("    ");
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == row.len() {
                line.push_str(cell);
            } else {
                let _ = write!(line, "{cell:<width$}  ", width = widths[i]);
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
        if n == 0 {
            continue;
        }
        let w = &o.windows[n - 1];
        let what = measured(w);
        if what != "-" {
            let _ = writeln!(out, "      measured: {}", esc(&what));
        }
        if w.credit.is_some() {
            let _ = writeln!(out, "      credit: {}", esc(&credit(w)));
        }
        if let Some(c) = &w.claim {
            let _ = writeln!(out, "      claim: {}", esc(&claim_of(c)));
            if let Some(rule) = &c.rule {
                let _ = writeln!(out, "        deadline rule: {}", esc(rule));
            }
            for e in &c.evidence {
                let _ = writeln!(out, "        evidence: {}", esc(e));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::sample;
    use super::*;

    #[test]
    fn an_objective_without_a_name_is_named_once() {
        let mut r = sample::report();
        let o = &mut r.agreements[0].objectives[0];
        o.name = o.id.clone();
        let id = o.id.clone();
        let text = render(&r);
        assert!(text.contains(&format!("\n  {id}\n")), "{text}");
        assert!(!text.contains(&format!("{id}: {id}")), "{text}");
        for format in [
            super::super::markdown::render(&r),
            super::super::html::render(&r),
        ] {
            assert!(!format.contains(&format!("({id})")), "{format}");
        }
    }

    #[test]
    fn human_has_a_summary_per_agreement_and_a_table_per_objective() {
        let out = render(&sample::report());
        insta::assert_snapshot!(out);
        // 99.89996...% is shown truncated, not rounded up to the target it misses.
        assert!(out.contains("99.899%"), "{out}");
        assert!(!out.contains("99.9%  "), "{out}");
        assert!(out.contains(
            "MISSED: 2 breaches; credit owed: 10% of the 2026-11 fee; earliest claim deadline 2026-12-30"
        ));
        assert!(out.contains("claim: claim by 2026-12-30 via the support portal"));
        assert!(out.contains("MISSED by less than 0.001%"), "{out}");
    }

    #[test]
    fn control_and_bidi_characters_are_shown_as_escapes() {
        let out = render(&sample::report());
        assert!(!out.contains('\u{202E}'));
        assert!(out.contains("\\u{202e}cba"));
        // The line break inside a name does not start a line of the report.
        assert!(out.contains("`tick`\\u{a}line"));
        assert!(!out.lines().any(|l| l.starts_with("line ")));
    }
}
