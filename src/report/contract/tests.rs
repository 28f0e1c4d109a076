//! Hostile text from a document stays text in both formats: Markdown checked with comrak (a
//! port of GitHub's cmark-gfm, autolinks on), HTML checked for escapes here and in a real
//! browser by `tests/html.rs`.

use comrak::nodes::NodeValue;

use super::clauses::tests::doc;
use super::{html, markdown};
use crate::model::SlaDocument;

/// What each field is filled with: HTML, a table pipe, a code span, a link to a script, a
/// mention, an issue reference, an autolink, emphasis, strikethrough, a right-to-left
/// override.
pub(crate) const HOSTILE: &str = "<script>alert(1)</script> | `code` [x](javascript:alert(1)) @octocat #12 https://evil.example **b** ~~s~~ \u{202E}end";

/// Lines that would open blocks at the start of a paragraph or list item.
const STARTS: [&str; 4] = ["# heading", "- item", "1. item", "=== rule"];

/// A YAML double-quoted scalar of `s`.
fn q(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\u{202E}' => out.push_str("\\u202E"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// An agreement whose free text is `h` everywhere it can be, and `starts` where a list item
/// or a paragraph starts.
pub(crate) fn hostile_doc(h: &str, starts: [&str; 4]) -> SlaDocument {
    let (h, s0, s1, s2, s3) = (q(h), q(starts[0]), q(starts[1]), q(starts[2]), q(starts[3]));
    doc(&format!(
        "\
apiVersion: slagate/v1
kind: ServiceLevelAgreement
metadata:
  id: hostile
  version: 2
  title: {h}
  labels: {{contract: {h}}}
spec:
  type: customer
  description: {s0}
  parties:
    provider:
      name: {h}
      approvers: [alice]
      contacts:
        - {{role: {h}, name: {s1}, email: {h}}}
    customer:
      name: {s2}
  effective: {{from: 2026-01-01}}
  review: {{every: year, last: 2026-06-01}}
  definitions:
    {h}: {s3}
  services:
    - id: web
      name: {h}
      description: {s1}
      scope: [{h}, {s0}]
  severities:
    - {{id: critical, description: {h}}}
    - high
  objectives:
    - id: up
      name: {h}
      description: {s2}
      service: web
      indicator: availability
      target: '>= 99.9%'
      exclusions: [maint]
      measurement: {{description: {h}, scope: {s3}}}
      credits:
        - {{when: '< 99.9%', credit: {{multiple: 2, of: fees}}}}
    - id: crit
      name: {h}
      service: web
      indicator: response-time
      severity: critical
      target: '<= 1h'
  exclusions:
    - {{id: maint, description: {h}, max: 4h}}
  responsibilities:
    provider: [{h}, {s0}]
    customer: [{s1}]
  reporting: {{every: month, to: [{h}], via: {s2}}}
  remedies:
    creditBase: {h}
    refund: [{h}]
    termination: [{s3}]
    claims: {{within: 30d, from: incident, via: {h}, evidence: [{s0}, {h}]}}
  compliance: [{h}]
  cancellation: [{s1}]
  disputes: {h}
  changelog:
    - {{version: 2, date: 2026-06-01, summary: {h}, changeRequest: {h}, approvedBy: [alice]}}
"
    ))
}

/// The document as GitHub would read it.
struct Rendered {
    /// The text of every text and code node.
    text: String,
    /// Links, images and HTML found.
    live: Vec<String>,
    /// The kinds of block nodes, in order (the document's structure).
    blocks: Vec<&'static str>,
    /// Emphasis, strong, strikethrough and code nodes found.
    inline: Vec<&'static str>,
}

fn gfm(md: &str) -> Rendered {
    let arena = comrak::Arena::new();
    let mut options = comrak::Options::default();
    options.extension.autolink = true;
    options.extension.table = true;
    options.extension.strikethrough = true;
    let root = comrak::parse_document(&arena, md, &options);
    let mut r = Rendered {
        text: String::new(),
        live: Vec::new(),
        blocks: Vec::new(),
        inline: Vec::new(),
    };
    for node in root.descendants() {
        match &node.data.borrow().value {
            NodeValue::Text(t) => r.text.push_str(t),
            NodeValue::Code(c) => {
                r.text.push_str(&c.literal);
                r.inline.push("code");
            }
            NodeValue::Link(l) => r.live.push(format!("link {}", l.url)),
            NodeValue::Image(l) => r.live.push(format!("image {}", l.url)),
            NodeValue::HtmlInline(h) if h != "<br>" => r.live.push(format!("html {h}")),
            NodeValue::HtmlBlock(h) => r.live.push(format!("html {}", h.literal)),
            NodeValue::Heading(_) => r.blocks.push("heading"),
            NodeValue::List(_) => r.blocks.push("list"),
            NodeValue::Item(_) => r.blocks.push("item"),
            NodeValue::Paragraph => r.blocks.push("paragraph"),
            NodeValue::Table(_) => r.blocks.push("table"),
            NodeValue::TableRow(_) => r.blocks.push("row"),
            NodeValue::ThematicBreak => r.blocks.push("rule"),
            NodeValue::CodeBlock(_) => r.blocks.push("code block"),
            NodeValue::BlockQuote => r.blocks.push("quote"),
            NodeValue::Emph => r.inline.push("emph"),
            NodeValue::Strong => r.inline.push("strong"),
            NodeValue::Strikethrough => r.inline.push("strike"),
            _ => {}
        }
    }
    r
}

#[test]
fn hostile_text_is_text_in_the_markdown_contract() {
    let hostile = markdown::contract(&super::document(&hostile_doc(HOSTILE, STARTS)));
    let r = gfm(&hostile);
    assert_eq!(r.live, Vec::<String>::new(), "{hostile}");
    assert_eq!(r.inline, Vec::<&str>::new(), "{hostile}");
    // The structure is that of the same agreement with harmless text: no heading, list,
    // rule or table row came from the document's text.
    let benign = gfm(&markdown::contract(&super::document(&hostile_doc(
        "x",
        ["x", "x", "x", "x"],
    ))));
    assert_eq!(r.blocks, benign.blocks, "{hostile}");
    // The text reads as written, with the override shown as an escape, mentions and
    // references broken by a zero-width space.
    assert!(r.text.contains("<script>alert(1)</script> | `code` [x](javascript:alert(1)) @\u{200B}octocat #\u{200B}12 https:\u{200B}//evil.example **b** ~~s~~ \\u{202e}end"), "{}", r.text);
    for s in STARTS {
        assert!(r.text.contains(s), "{s}: {}", r.text);
    }
    assert!(!hostile.contains('\u{202E}'));
    // The control: the same text unescaped is live to comrak.
    let control = gfm(&format!("x {HOSTILE}\n\n{}\n", STARTS.join("\n\n")));
    assert!(control.live.iter().any(|l| l.starts_with("html")));
    assert!(control.live.iter().any(|l| l.starts_with("link")));
    assert!(control.blocks.contains(&"heading") && control.blocks.contains(&"list"));
}

#[test]
fn hostile_text_is_text_in_the_markdown_redline() {
    let base = super::document(&hostile_doc(HOSTILE, STARTS));
    let head = super::document(&hostile_doc(
        &HOSTILE
            .replace("evil", "worse")
            .replace("alert(1)", "alert(2)"),
        ["## other", "* item", "2) item", "--- rule"],
    ));
    let r = super::redline::document(Some(&base), Some(&head), &[]).unwrap();
    assert!(r.changes.len() > 10, "{:#?}", r.changes);
    let md = markdown::redlines(&[r], "main `x` @octocat", "<b>head</b>");
    let g = gfm(&md);
    assert_eq!(g.live, Vec::<String>::new(), "{md}");
    // Only our own marks: struck deletions and strong insertions (and `Class`-less headings).
    assert!(
        g.inline.iter().all(|i| matches!(*i, "strike" | "strong")),
        "{:?}",
        g.inline
    );
    assert!(g.inline.contains(&"strike") && g.inline.contains(&"strong"));
    assert!(g.text.contains("alert(2)"), "{}", g.text);
    assert!(!g.blocks.contains(&"rule") && !g.blocks.contains(&"code block"));
}

#[test]
fn hostile_text_is_escaped_in_the_html_contract_and_redline() {
    let base = super::document(&hostile_doc(HOSTILE, STARTS));
    let page = html::contract(&base);
    assert!(!page.contains("<script"), "{page}");
    assert!(!page.contains("javascript:alert(1)\">"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; | `code` [x](javascript:alert(1)) @octocat #12 https://evil.example **b** ~~s~~ \\u{202e}end"));
    assert!(!page.contains('\u{202E}'));
    // Our own links are the contents' only: one per section, inside the page.
    let links = page.matches("<a ").count();
    assert_eq!(links, base.sections.len());
    assert_eq!(page.matches("href=\"#").count(), links);
    let head = super::document(&hostile_doc("\"'><img src=x onerror=alert(1)>", STARTS));
    let r = super::redline::document(Some(&base), Some(&head), &[]).unwrap();
    let page = html::redlines(&[r], "<i>base</i>", "head");
    assert!(!page.contains("<script") && !page.contains("<img") && !page.contains("<i>"));
    assert!(
        page.contains("<ins>&quot;&#39;&gt;&lt;img src=x onerror=alert(1)&gt;</ins>"),
        "{page}"
    );
}
