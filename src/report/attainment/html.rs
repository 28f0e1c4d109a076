//! The HTML format: one self-contained page for a contract owner. No network: the CSS is
//! inline, the charts are inline SVG, there is no script, no font or image to fetch, and a
//! Content-Security-Policy that forbids loading anything (so even a datum that escaped its
//! escaping could not run or fetch). Per agreement: the parties, a summary line, the credits
//! owed with their claim deadlines, channel and evidence, and per objective what it promises,
//! a chart of attainment per window against the target line and a table of the windows.
//! `@page` CSS lays it out on A4 for printing to PDF:
//! `chromium --headless --no-sandbox --print-to-pdf=out.pdf report.html`.
//!
//! Every text from a document or a data file goes through [`esc`]: control and bidirectional
//! characters become visible escapes (`\u{202e}`), then `&`, `<`, `>`, `"` and `'` become
//! entities, so a datum is text in an element and in a quoted attribute alike.

use std::fmt::Write as _;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::{
    Status, Unit, budget, claim_of, credit, credit_of, duration, figure, higher_is_better,
    measured, owed, promise, source, summary, unit, value, verdict, window_label,
};
use crate::measure::outcome::{Agreement, Claim, Objective, Report, Window};
use crate::report::escape_terminal;

/// Text from the data, for an element or a quoted attribute.
pub(crate) fn esc(s: &str) -> String {
    let s = escape_terminal(s);
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root { --ink: #1d2430; --muted: #5b6473; --line: #d5dae1; --met: #1b7a3a; --missed: #b3261e;
  --undefined: #7a7f87; --missed-bg: #fdecea; --met-bg: #e8f5ec; --head: #f3f5f8; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1120px; padding: 28px 32px 48px; color: var(--ink);
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", "Liberation Sans", sans-serif; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 21px; margin: 0 0 6px; overflow-wrap: anywhere; }
h3 { font-size: 17px; margin: 22px 0 4px; overflow-wrap: anywhere; }
h4 { font-size: 15px; margin: 16px 0 6px; }
p { margin: 4px 0; }
.muted { color: var(--muted); }
.lede { color: var(--muted); margin-bottom: 6px; }
.agreement { border-top: 3px solid var(--ink); margin-top: 28px; padding-top: 14px; }
.summary { margin: 10px 0 6px; padding: 10px 14px; border-radius: 6px; font-size: 16px; }
.summary.kept { background: var(--met-bg); border-left: 6px solid var(--met); }
.summary.missed { background: var(--missed-bg); border-left: 6px solid var(--missed); }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 13px;
  font-weight: 600; color: #fff; white-space: nowrap; }
.badge.met { background: var(--met); } .badge.missed { background: var(--missed); }
.badge.undefined, .badge.not-measured { background: var(--undefined); }
table { border-collapse: collapse; width: 100%; margin: 6px 0 4px; font-size: 14px; }
th, td { border: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top;
  overflow-wrap: break-word; }
th { background: var(--head); font-weight: 600; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
.partial { display: block; white-space: nowrap; color: var(--muted); font-size: 13px; }
td.result { min-width: 9.5em; } td.credit { min-width: 11em; } td.measured { min-width: 10em; }
td.claim { min-width: 10em; overflow-wrap: anywhere; }
.date { white-space: nowrap; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.missed td { background: var(--missed-bg); }
.objective { margin-top: 8px; break-inside: avoid; }
.chart { display: block; margin: 6px 0; max-width: 100%; height: auto; }
.owed th:first-child { width: 22%; }
ul.evidence { margin: 0; padding-left: 18px; }
footer { margin-top: 36px; color: var(--muted); font-size: 13px; border-top: 1px solid var(--line);
  padding-top: 8px; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  .agreement + .agreement { break-before: page; }
  tr, .summary, .chart { break-inside: avoid; }
  th, tr.missed td, .summary, .badge { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// The report as one self-contained HTML page.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Service level report {from} to {to}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <header>\n<h1>Service level report</h1>\n\
         <p class=\"lede\">Period {from} to {to} (inclusive) &middot; {agreements}</p>\n\
         <p class=\"muted\">For each agreement: whether each objective was kept in each window, the \
         credit owed where it was not, and by when and how the credit must be claimed. Percentages \
         are cut after three decimals, never rounded up; <em>covered time</em> is the time the \
         objective's calendar covers in the window.</p>\n</header>\n",
        from = report.from,
        to = report.to,
        agreements = crate::text::plural(report.agreements.len(), "agreement"),
    );
    for a in &report.agreements {
        agreement(a, &mut out);
    }
    if !report.ignored.is_empty() {
        let _ = write!(
            out,
            "<section class=\"ignored\">\n<h3>Rows read and not counted</h3>\n<table>\n\
             <thead><tr><th>file</th><th>line</th><th>why</th></tr></thead>\n<tbody>\n"
        );
        for i in &report.ignored {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                esc(&i.origin.file),
                i.origin.line,
                esc(&i.reason)
            );
        }
        out.push_str("</tbody>\n</table>\n</section>\n");
    }
    out.push_str(
        "<footer>Generated by slagate report. Every decision (met or missed, the credit, the \
         deadline) uses the exact figures; the JSON and CSV formats carry them unrounded.</footer>\n\
         </body>\n</html>\n",
    );
    out
}

fn agreement(a: &Agreement, out: &mut String) {
    let kept = a.breaches == 0;
    let _ = write!(
        out,
        "<section class=\"agreement\">\n<h2>{title}</h2>\n\
         <p class=\"muted\">Provider <strong>{provider}</strong> &middot; customer \
         <strong>{customer}</strong> &middot; agreement {id} &middot; {file}</p>\n\
         <p class=\"summary {class}\"><strong>{verdict}.</strong> {summary}.</p>\n",
        title = esc(&a.title),
        provider = esc(&a.provider),
        customer = esc(&a.customer),
        id = esc(&a.id),
        file = esc(&a.file),
        class = if kept { "kept" } else { "missed" },
        verdict = if kept { "Kept" } else { "Not kept" },
        summary = esc(&summary(a)),
    );
    owed_table(a, out);
    for o in &a.objectives {
        objective(o, out);
    }
    out.push_str("</section>\n");
}

/// The credits owed: one row per window with a credit, with how and by when to claim it.
fn owed_table(a: &Agreement, out: &mut String) {
    let credited: Vec<(&Objective, &Window)> = a
        .objectives
        .iter()
        .flat_map(|o| o.windows.iter().map(move |w| (o, w)))
        .filter(|(_, w)| w.credit.is_some())
        .collect();
    if credited.is_empty() {
        out.push_str("<p>No credit is owed under this agreement for the period.</p>\n");
        return;
    }
    let _ = write!(
        out,
        "<h3>Credits owed and claim deadlines</h3>\n<p>In total: {}.</p>\n\
         <table class=\"owed\">\n<thead><tr><th>objective</th><th>window</th><th>credit</th>\
         <th>claim</th><th>deadline rule</th><th>the claim must include</th></tr></thead>\n<tbody>\n",
        esc(&a.owed.iter().map(owed).collect::<Vec<_>>().join(", "))
    );
    for (o, w) in credited {
        let (how, rule, evidence) = match &w.claim {
            Some(c) => (
                claim_cell(c),
                c.rule.as_deref().map(esc).unwrap_or_default(),
                if c.evidence.is_empty() {
                    String::new()
                } else {
                    let items: Vec<String> = c
                        .evidence
                        .iter()
                        .map(|e| format!("<li>{}</li>", esc(e)))
                        .collect();
                    format!("<ul class=\"evidence\">{}</ul>", items.join(""))
                },
            ),
            None => ("-".into(), String::new(), String::new()),
        };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"nowrap\">{}</td><td class=\"credit\">{}</td><td class=\"claim\">{how}</td><td>{rule}</td><td class=\"claim\">{evidence}</td></tr>",
            esc(&o.name),
            esc(&window_label(w)),
            esc(&credit_of(w.credit.as_ref().expect("filtered on a credit"))),
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

fn badge(s: Status) -> String {
    let class = match s {
        Status::Met => "met",
        Status::Missed => "missed",
        Status::Undefined => "undefined",
        Status::NotMeasured => "not-measured",
    };
    format!("<span class=\"badge {class}\">{}</span>", s.word())
}

fn objective(o: &Objective, out: &mut String) {
    let _ = write!(
        out,
        "<div class=\"objective\">\n<h3>{name}{id}</h3>\n\
         <p><strong>Promise:</strong> {promise}.</p>\n<p class=\"muted\">{source}.</p>\n",
        name = esc(&o.name),
        // The id beside a display name; an objective without one is named by its id alone.
        id = if o.name == o.id {
            String::new()
        } else {
            format!(" <span class=\"muted\">({})</span>", esc(&o.id))
        },
        promise = esc(&promise(o)),
        source = esc(&source(o)),
    );
    out.push_str(&chart(o));
    out.push_str(
        "<table>\n<thead><tr><th>window</th><th>covered time</th><th>measured</th><th>value</th>\
         <th>result</th><th>error budget used</th><th>credit</th><th>claim</th></tr></thead>\n<tbody>\n",
    );
    for w in &o.windows {
        let status = Status::of(w);
        let row_class = if status == Status::Missed {
            " class=\"missed\""
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<tr{row_class}><td class=\"nowrap\">{}</td><td class=\"num\">{}</td>\
             <td class=\"measured\">{}</td><td class=\"num\">{}</td><td class=\"result\">{} {}</td>\
             <td>{}</td><td class=\"credit\">{}</td><td class=\"claim\">{}</td></tr>",
            window_cell(w),
            duration(w.covered),
            esc(&measured(w)),
            esc(&value(o, w)),
            badge(status),
            esc(verdict(o, w)
                .trim_start_matches(status.word())
                .trim_start_matches(':')
                .trim_start()),
            esc(&budget(w)),
            esc(&credit(w)),
            w.claim.as_ref().map_or_else(|| "-".into(), claim_cell),
        );
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
}

/// How to claim, with the deadline kept on one line and in bold.
fn claim_cell(c: &Claim) -> String {
    let text = esc(&claim_of(c));
    match c.deadline {
        Some(d) if !c.automatic => {
            let date = d.to_string();
            text.replacen(&date, &format!("<span class=\"date\">{date}</span>"), 1)
        }
        _ => text,
    }
}

/// The window's label, and the dates it was cut to by the effective term on a line of
/// their own.
fn window_cell(w: &Window) -> String {
    let mut s = esc(&w.label);
    if w.partial {
        let _ = write!(
            s,
            "<span class=\"partial\">partial window</span>\
             <span class=\"partial\">{} to</span><span class=\"partial\">{}</span>",
            w.from, w.to
        );
    }
    s
}

/// The target's threshold in the value's unit, from a window with a value and a margin: the
/// margin is the distance from it (positive on the good side).
fn threshold(o: &Objective) -> Option<Decimal> {
    let higher = higher_is_better(o);
    o.windows.iter().find_map(|w| match (w.value, w.margin) {
        (Some(v), Some(m)) if higher => Some(v - m),
        (Some(v), Some(m)) => Some(v + m),
        _ => None,
    })
}

/// The target line's label: the target as written, or for tickets (whose target is a
/// duration and whose value is a share) the share the line stands for.
fn target_label(o: &Objective, unit: Unit, threshold: Decimal) -> String {
    let tickets = o.windows.iter().any(|w| {
        matches!(
            w.measured,
            crate::measure::outcome::Measured::Tickets { .. }
        )
    });
    if tickets {
        format!("{} within {}", figure(unit, threshold), o.target)
    } else {
        format!("target {}", o.target)
    }
}

/// An inline SVG of the value per window (a point each, coloured by met or missed, with its
/// figure) against the target's line. The scale is only for drawing; the labels are the
/// report's figures. Nothing when no window has a value.
fn chart(o: &Objective) -> String {
    let unit = unit(o);
    let values: Vec<Option<f64>> = o
        .windows
        .iter()
        .map(|w| match Status::of(w) {
            Status::NotMeasured => None,
            _ => w.value.and_then(|v| v.to_f64()),
        })
        .collect();
    if values.iter().all(Option::is_none) {
        return "<p class=\"muted\">No window has a measured value to chart.</p>\n".into();
    }
    let target = threshold(o);
    let target_f = target.and_then(|t| t.to_f64());
    let all: Vec<f64> = values.iter().flatten().copied().chain(target_f).collect();
    let (mut lo, mut hi) = all
        .iter()
        .fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
    let span = if hi > lo {
        hi - lo
    } else {
        (hi.abs() * 0.01).max(1.0)
    };
    lo -= span * 0.35;
    hi += span * 0.4;
    if unit == Unit::Percent && all.iter().all(|v| *v <= 100.0) {
        hi = hi.min(100.0 + span * 0.05);
    }
    // Narrow for one or two windows, at most 720 px for a year of months.
    let (width, height) = (
        (260.0 + 110.0 * o.windows.len() as f64).min(720.0),
        190.0_f64,
    );
    let (left, right, top, bottom) = (20.0, 130.0, 18.0, 34.0);
    let plot_w = width - left - right;
    let plot_h = height - top - bottom;
    let y_at = |v: f64| top + plot_h * (hi - v) / (hi - lo);
    let slots = o.windows.len().max(1) as f64;
    let x_at = |i: usize| left + plot_w * (i as f64 + 0.5) / slots;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{label}\">\n\
         <rect x=\"{left}\" y=\"{top}\" width=\"{plot_w}\" height=\"{plot_h}\" fill=\"#fafbfc\" stroke=\"#d5dae1\"/>\n",
        label = esc(&format!(
            "value per window of {}, against the target {}",
            o.name, o.target
        )),
    );
    if let (Some(t), Some(tf)) = (target, target_f) {
        let ty = y_at(tf);
        let _ = write!(
            svg,
            "<line x1=\"{left}\" y1=\"{ty:.1}\" x2=\"{x2}\" y2=\"{ty:.1}\" stroke=\"#1d2430\" \
             stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n\
             <text x=\"{tx}\" y=\"{tty:.1}\" font-size=\"12\" fill=\"#1d2430\">{}</text>\n",
            esc(&target_label(o, unit, t)),
            x2 = left + plot_w,
            tx = left + plot_w + 6.0,
            tty = ty + 4.0,
        );
    }
    // The line through the measured points, then each point with its figure and window.
    let points: Vec<String> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| format!("{:.1},{:.1}", x_at(i), y_at(v))))
        .collect();
    if points.len() > 1 {
        let _ = writeln!(
            svg,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"#8a93a1\" stroke-width=\"1.5\"/>",
            points.join(" ")
        );
    }
    for (i, w) in o.windows.iter().enumerate() {
        let status = Status::of(w);
        let colour = match status {
            Status::Met => "#1b7a3a",
            Status::Missed => "#b3261e",
            Status::Undefined | Status::NotMeasured => "#7a7f87",
        };
        let cx = x_at(i);
        match values[i] {
            Some(v) => {
                let cy = y_at(v);
                let _ = write!(
                    svg,
                    "<circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"6\" fill=\"{colour}\"/>\n\
                     <text x=\"{cx:.1}\" y=\"{ly:.1}\" font-size=\"12\" font-weight=\"600\" \
                     text-anchor=\"middle\" fill=\"{colour}\">{}</text>\n",
                    esc(&value(o, w)),
                    ly = cy - 11.0,
                );
            }
            None => {
                let _ = writeln!(
                    svg,
                    "<text x=\"{cx:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"middle\" \
                     fill=\"{colour}\">{}</text>",
                    top + plot_h / 2.0,
                    status.word()
                );
            }
        }
        let _ = writeln!(
            svg,
            "<text x=\"{cx:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"middle\" fill=\"#5b6473\">{}</text>",
            height - bottom + 18.0,
            esc(&w.label)
        );
    }
    svg.push_str("</svg>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::super::sample::{self, HOSTILE};
    use super::*;

    #[test]
    fn html_is_one_page_with_a_table_and_a_chart_per_objective() {
        let page = render(&sample::report());
        insta::assert_snapshot!(page);
        // Six objectives: six tables of windows, one table of credits, one of ignored rows.
        assert_eq!(page.matches("<div class=\"objective\">").count(), 6);
        assert_eq!(page.matches("<table").count(), 8);
        // Five charts: the latency has no value to chart.
        assert_eq!(page.matches("<svg").count(), 5);
        assert!(page.contains("target &gt;= 99.9%"));
        // 60% - (-35) = 95% of the tickets within 1h.
        assert!(page.contains("95% within &lt;= 1h"));
        assert!(page.contains("@page"));
        assert!(
            page.contains("claim by <span class=\"date\">2026-12-30</span> via the support portal")
        );
    }

    #[test]
    fn nothing_is_fetched_and_no_script_is_written() {
        let page = render(&sample::report());
        for needle in [
            "<script", "<link", "<img", "<iframe", "href=", "@import", "url(",
        ] {
            assert!(!page.contains(needle), "{needle}");
        }
        // The only URLs are the SVG namespace, which is a name and not fetched, and the
        // claim channel of the data, which is text.
        assert_eq!(
            page.matches("http").count(),
            page.matches("http://www.w3.org/2000/svg").count()
                + page.matches("https://support.acme.example").count()
                + page.matches("http-equiv").count()
        );
    }

    #[test]
    fn every_datum_is_escaped() {
        assert_eq!(
            esc("<a href='x'>\"&\"</a>\u{202E}"),
            "&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;\\u{202e}"
        );
        let page = render(&sample::report());
        assert!(page.contains(&esc(HOSTILE)));
        assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(!page.contains('\u{202E}'));
    }

    #[test]
    fn the_target_line_comes_from_the_margin() {
        let r = sample::report();
        // 99.89996911435410393019844027 - (-0.0000308856458960698015597) = 99.9.
        assert_eq!(
            threshold(&r.agreements[0].objectives[0]),
            Some(Decimal::new(999, 1))
        );
        // 512 - 12 = 500 leads.
        assert_eq!(
            threshold(&r.agreements[0].objectives[2]),
            Some(Decimal::new(500, 0))
        );
    }
}
