//! (d) The Markdown renderer (the pull-request comment and step summary table) and the
//! workflow-command renderer (annotations) on findings whose every text is arbitrary.
//!
//! The input is split at NUL bytes into the finding's texts: file, message, help, document,
//! objective, before, after, impact. The first byte picks the code, level and class.
//!
//! Invariants: each annotation is one line `::kind props::message` whose properties are
//! exactly the ones written (no `,` `:` or line break of the text survives unescaped) and
//! whose file property unescapes to the file; the Markdown, parsed by a GitHub-flavoured
//! Markdown parser (comrak, autolinks on), is one table of one header and one row per finding
//! with ten cells each, holds our marker once, and no link, image, HTML (but our `<br>`),
//! mention, issue reference or URL comes from the text.
#![no_main]

use std::collections::HashMap;

use comrak::nodes::NodeValue;
use libfuzzer_sys::fuzz_target;
use slagate::diagnostic::{ChangeInfo, Class, Code, Diagnostic, Level, Side, Span};
use slagate::report::{DiffReport, Format, Outcome, escape_terminal, render};

const CLASSES: [Class; 5] = [
    Class::Weakened,
    Class::Strengthened,
    Class::Changed,
    Class::Added,
    Class::Removed,
];

fn finding(bytes: &[u8]) -> Option<Diagnostic> {
    let (&pick, rest) = bytes.split_first()?;
    let text = std::str::from_utf8(rest).ok()?;
    let mut f = text.split('\0').map(str::to_string);
    let mut next = || f.next().filter(|s| !s.is_empty());
    let file = next().unwrap_or_else(|| "a.sla.yaml".into());
    let code = Code::ALL[usize::from(pick) % Code::ALL.len()];
    let mut d = Diagnostic::new(
        code,
        file.into(),
        Span::new(3, 5, 3 + u32::from(pick & 1), 9),
        next().unwrap_or_default(),
    );
    d.level = [Level::Error, Level::Warning, Level::Info][usize::from(pick >> 5) % 3];
    d.help = next();
    d.document = next();
    d.objective = next();
    d.change = Some(ChangeInfo {
        class: CLASSES[usize::from(pick >> 4) % 5],
        before: next(),
        after: next(),
        impact: next(),
        side: if pick & 2 == 0 {
            Side::Head
        } else {
            Side::Base
        },
    });
    Some(d)
}

fn rendered(d: &Diagnostic, format: Format) -> String {
    let sources = HashMap::new();
    let diagnostics = std::slice::from_ref(d);
    let report = DiffReport {
        base: "main",
        head: "HEAD",
        diagnostics,
        sources: &sources,
        files: 1,
        documents: 1,
    };
    let mut buf = Vec::new();
    render(&Outcome::Diff(report), format, false, &mut buf).unwrap();
    String::from_utf8(buf).expect("renderers write UTF-8")
}

fn check_annotation(d: &Diagnostic, out: &str) {
    let line = out.strip_suffix('\n').expect("an annotation ends its line");
    assert!(!line.contains(['\n', '\r']), "a raw line break in {line:?}");
    let rest = line.strip_prefix("::").expect("a workflow command");
    let (_kind, rest) = rest.split_once(' ').expect("kind and properties");
    let (props, _message) = rest.split_once("::").expect("properties and message");
    let names: Vec<&str> = props
        .split(',')
        .map(|p| p.split('=').next().unwrap())
        .collect();
    let want: &[&str] = if d.span.end.line > d.span.start.line {
        &["file", "line", "endLine", "title"]
    } else {
        &["file", "line", "col", "endColumn", "title"]
    };
    assert_eq!(names, want, "properties of {line:?}");
    let file = props
        .split(',')
        .next()
        .unwrap()
        .strip_prefix("file=")
        .unwrap();
    let unescaped = file
        .replace("%2C", ",")
        .replace("%3A", ":")
        .replace("%0A", "\n")
        .replace("%0D", "\r")
        .replace("%25", "%");
    assert_eq!(
        unescaped,
        escape_terminal(&d.file),
        "file property of {line:?}"
    );
}

/// What GitHub would act on in a text node: mentions, issue references, URLs.
fn live_text(t: &str) -> Option<&'static str> {
    let b = t.as_bytes();
    for (i, w) in b.windows(2).enumerate() {
        if w[0] == b'@' && w[1].is_ascii_alphanumeric() {
            return Some("mention");
        }
        if w[0] == b'#' && w[1].is_ascii_digit() {
            return Some("issue reference");
        }
        if w.eq_ignore_ascii_case(b"gh")
            && b.get(i + 2) == Some(&b'-')
            && b.get(i + 3).is_some_and(u8::is_ascii_digit)
        {
            return Some("GH reference");
        }
    }
    (t.contains("://") || t.to_ascii_lowercase().contains("www.")).then_some("URL")
}

fn check_markdown(md: &str) {
    assert_eq!(
        md.matches("<!--").count(),
        1,
        "one marker opening in {md:?}"
    );
    assert_eq!(md.matches("-->").count(), 1, "one marker closing in {md:?}");
    let arena = comrak::Arena::new();
    let mut options = comrak::Options::default();
    options.extension.autolink = true;
    options.extension.table = true;
    options.extension.strikethrough = true;
    let root = comrak::parse_document(&arena, md, &options);
    let (mut tables, mut rows) = (0, 0);
    for node in root.descendants() {
        match &node.data.borrow().value {
            NodeValue::Table(_) => tables += 1,
            NodeValue::TableRow(_) => {
                rows += 1;
                assert_eq!(node.children().count(), 10, "a row of ten cells in {md:?}");
            }
            NodeValue::Link(l) => panic!("link {} in {md:?}", l.url),
            NodeValue::Image(l) => panic!("image {} in {md:?}", l.url),
            NodeValue::HtmlInline(h) => assert_eq!(h, "<br>", "HTML in {md:?}"),
            NodeValue::HtmlBlock(h) => {
                assert_eq!(h.literal.trim_end(), "<!-- slagate -->", "HTML in {md:?}");
            }
            NodeValue::Text(t) => {
                if let Some(what) = live_text(t) {
                    panic!("{what} in {t:?} of {md:?}");
                }
            }
            _ => {}
        }
    }
    assert_eq!(
        (tables, rows),
        (1, 2),
        "one table, a header and one row, in {md:?}"
    );
}

fuzz_target!(|bytes: &[u8]| {
    let Some(d) = finding(bytes) else {
        return;
    };
    check_annotation(&d, &rendered(&d, Format::Github));
    check_markdown(&rendered(&d, Format::Markdown));
});
