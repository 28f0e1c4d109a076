//! Markdown, for every outcome: the escaping every Markdown output goes through
//! ([`sanitize`]), and a pull-request comment with the findings table; for the gate, the
//! summary comment and step summary of [`super::summary`].
//!
//! The findings [`table`] is the one the gate's summary comment collapses under "Findings for
//! engineers"; each comment carries the hidden marker [`MARKER`] so it can be found and
//! updated instead of piling up. Everything
//! that came from YAML is escaped for GitHub-flavoured Markdown: no HTML, no table breaks, no
//! `@mentions` that would notify people.

use std::io::{self, Write};

use super::{Outcome, Report};
use crate::diagnostic::{Class, Diagnostic, Level, Side};
use crate::diff::Summary;

/// The hidden marker that identifies slagate's own comment.
pub const MARKER: &str = "<!-- slagate -->";

/// Where escaped text goes: running text (a table cell, a list item) or a code span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Markdown text: HTML, emphasis, links, table pipes and line breaks are neutralized.
    Text,
    /// The inside of a code span, which Markdown shows verbatim (the fence is added by
    /// [`code`]); only pipes, line breaks and comment delimiters need care there.
    Code,
}

/// A zero-width space: it keeps text readable while breaking what GitHub would otherwise
/// act on (`@login` mentions, `#123` and `GH-123` references, `https://` and `www.`
/// autolinks, HTML comment delimiters).
const ZWSP: char = '\u{200B}';

/// The one escaping function for everything that came from YAML or a pull request.
///
/// In both places the result cannot mention anyone (`@org/team`), reference an issue
/// (`#12`, `o/r#12`, `GH-12`), become an autolink (`https://...`, `www....`, `<https://...>`,
/// `https://github.com/o/r/issues/4`), open or close an HTML comment (so it can never forge or end our hidden
/// [`MARKER`]), break a table row (`|`, line breaks) or carry terminal escapes. In
/// [`Place::Text`] it also cannot inject HTML (`<`, `>`, `&` become entities) or Markdown
/// (emphasis, links, code spans are backslash-escaped).
pub fn sanitize(s: &str, place: Place) -> String {
    // Carriage returns go first: dropped inside the loop, they would hide what follows them
    // from the look-ahead (`https:\r//x` would come out as `https://x`, found by fuzzing).
    let s: std::borrow::Cow<'_, str> = if s.contains('\r') {
        s.replace('\r', "").into()
    } else {
        s.into()
    };
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        match (place, c) {
            (_, '|') => out.push_str("\\|"),
            (Place::Text, '\n') => out.push_str("<br>"),
            (Place::Code, '\n') | (_, '\t') => out.push(' '),
            (_, '@') => {
                out.push('@');
                out.push(ZWSP);
            }
            (_, '#') if next.is_some_and(|n| n.is_ascii_digit()) => {
                out.push('#');
                out.push(ZWSP);
            }
            // `https://`, `<https://...>`: no scheme before a `:/` that GitHub autolinks.
            (_, ':') if next == Some('/') => {
                out.push(':');
                out.push(ZWSP);
            }
            // `www.example.com`, and `GH-2` (an issue reference).
            (_, '.') if ends_with_ignore_case(&out, "www") => {
                out.push(ZWSP);
                out.push('.');
            }
            (_, '-')
                if next.is_some_and(|n| n.is_ascii_digit())
                    && ends_with_ignore_case(&out, "gh") =>
            {
                out.push('-');
                out.push(ZWSP);
            }
            (Place::Text, '<') => out.push_str("&lt;"),
            (Place::Text, '>') => out.push_str("&gt;"),
            (Place::Text, '&') => out.push_str("&amp;"),
            (Place::Text, '*' | '_' | '[' | ']' | '`' | '\\' | '~') => {
                out.push('\\');
                out.push(c);
            }
            (_, c) => out.push_str(&super::escape_terminal(c.encode_utf8(&mut [0; 4]))),
        }
    }
    // Code spans are verbatim, so entities would show: break the delimiters instead.
    if place == Place::Code && (out.contains("<!--") || out.contains("-->")) {
        out = out
            .replace("<!--", "<!\u{200B}--")
            .replace("-->", "--\u{200B}>");
    }
    out
}

/// Whether `out` ends with the ASCII `tail`, in any case.
fn ends_with_ignore_case(out: &str, tail: &str) -> bool {
    let (o, t) = (out.as_bytes(), tail.as_bytes());
    o.len() >= t.len() && o[o.len() - t.len()..].eq_ignore_ascii_case(t)
}

/// Escapes text for a table cell or list item outside code spans.
pub fn escape(s: &str) -> String {
    sanitize(s, Place::Text)
}

/// Escapes a finding's message, keeping its `` `values` `` as code spans.
pub fn message(s: &str) -> String {
    if s.matches('`').count() % 2 != 0 {
        return escape(s);
    }
    let parts: Vec<&str> = s.split('`').collect();
    let mut out = String::with_capacity(s.len() + 8);
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 1 {
            // An empty value (two backticks in a row) is no code span: `` `` `` would open a
            // fence of two that a later run closes, and the text between would leave or enter
            // code unescaped (found by fuzzing: a link came out of a message).
            // A zero-width space in its place keeps the text on either side apart
            // (`www``.example` must not become `www.example`).
            if part.is_empty() {
                out.push(ZWSP);
            } else {
                out.push_str(&code(part));
            }
        } else if part.is_empty() && i > 0 && i + 1 < parts.len() {
            // Nothing between two code spans: keep their fences apart.
            out.push(ZWSP);
        } else {
            out.push_str(&escape(part));
        }
    }
    out
}

/// The longest backtick run a code span's text may hold: its fence is one longer.
const MAX_FENCE: usize = 16;

/// A code span: `` `text` ``, widened when the text holds backticks (up to [`MAX_FENCE`];
/// text with a longer run is escaped text, not code).
pub fn code(s: &str) -> String {
    let raw = s;
    let s = sanitize(s, Place::Code);
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    // Renderers bound the fences they match (comrak takes none longer than 80 backticks), and
    // an unmatched fence leaves the text inside unescaped: such text is shown as escaped text
    // instead (found by fuzzing: `</b>` came out as HTML).
    if longest >= MAX_FENCE {
        return escape(raw);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

pub(crate) fn level(l: Level) -> &'static str {
    match l {
        Level::Error => ":red_circle: error",
        Level::Warning => ":warning: warning",
        Level::Info => ":information_source: info",
    }
}

pub(crate) fn class(c: Class) -> &'static str {
    match c {
        Class::Weakened => "**weakened**",
        Class::Strengthened => "strengthened",
        Class::Changed => "changed",
        Class::Added => "added",
        Class::Removed => "removed",
    }
}

/// What the findings table says of each change's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Values {
    /// Before and after, when the finding's message does not quote them (`slagate diff`
    /// and `check`, where nothing else shows them).
    Shown,
    /// Not at all: the gate's summary words them in its redline above the table (credit
    /// tiers as "Less than 99.9% but at least 99.5%: 10%", not `< 99.9%: 10%`).
    InRedline,
}

/// Where the findings table links each location: the file at the revision on GitHub.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Links {
    /// `https://github.com/OWNER/REPO/blob/HEAD_SHA/`, for findings at the head.
    head: String,
    /// The same at the base revision, for findings of a removal (`(base)`).
    base: String,
}

impl Links {
    /// The links into `owner/repo` on `server` (`GITHUB_SERVER_URL`) at the two commits.
    /// `None` (no links) unless the server is an `https://` host and the names and commit ids
    /// are of the characters GitHub allows them, so that nothing in a link can end it.
    pub fn new(
        server: &str,
        owner: &str,
        repo: &str,
        base_sha: &str,
        head_sha: &str,
    ) -> Option<Links> {
        let host = server.strip_prefix("https://")?.trim_end_matches('/');
        let plain = |s: &str, extra: &[char]| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || extra.contains(&c))
        };
        let sha = |s: &str| s.len() == 40 && s.chars().all(|c| c.is_ascii_hexdigit());
        if !plain(host, &['.', '-', ':'])
            || !plain(owner, &['-', '_', '.'])
            || !plain(repo, &['-', '_', '.'])
            || !sha(base_sha)
            || !sha(head_sha)
        {
            return None;
        }
        let at = |sha: &str| format!("https://{host}/{owner}/{repo}/blob/{sha}/");
        Some(Links {
            head: at(head_sha),
            base: at(base_sha),
        })
    }

    /// The link to `line` of `file` (a path in the repository), at the base or the head.
    pub fn to(&self, file: &str, line: u32, side: Side) -> String {
        use std::fmt::Write as _;
        let prefix = if side == Side::Base {
            &self.base
        } else {
            &self.head
        };
        let mut url = prefix.clone();
        for b in file.bytes() {
            if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
                url.push(char::from(b));
            } else {
                let _ = write!(url, "%{b:02X}");
            }
        }
        let _ = write!(url, "#L{line}");
        url
    }
}

/// The findings table, one row per finding, in at most five columns so that it fits GitHub's
/// 1012-pixel column: the level (and class of change), the rule, the change (the objective,
/// the message and, with [`Values::Shown`], the values it does not quote), the impact (only
/// when some finding has one) and the location (with the document).
pub fn table(findings: &[Diagnostic], values: Values, links: Option<&Links>) -> String {
    use std::fmt::Write as _;
    let impacts = findings
        .iter()
        .any(|d| d.change.as_ref().is_some_and(|c| c.impact.is_some()));
    let mut s = String::new();
    if impacts {
        s.push_str("| Level | Rule | Change | Impact | Location |\n");
        s.push_str("| --- | --- | --- | --- | --- |\n");
    } else {
        s.push_str("| Level | Rule | Finding | Location |\n");
        s.push_str("| --- | --- | --- | --- |\n");
    }
    for d in findings {
        let c = d.change.as_ref();
        let mut what = level(d.level).to_string();
        if let Some(c) = c {
            let _ = write!(what, ", {}", class(c.class));
        }
        let mut change = match &d.objective {
            Some(o) => format!("{}: {}", code(o), message(&d.message)),
            None => message(&d.message),
        };
        if values == Values::Shown {
            if let Some(c) = c {
                let quoted = |v: &str| d.message.contains(&format!("`{v}`"));
                let shown: Vec<String> = [("before", &c.before), ("after", &c.after)]
                    .into_iter()
                    .filter_map(|(name, v)| v.as_deref().map(|v| (name, v)))
                    .filter(|(_, v)| !quoted(v))
                    .map(|(name, v)| format!("{name}: {}", code(v)))
                    .collect();
                if !shown.is_empty() {
                    let _ = write!(change, "<br>{}", shown.join(" · "));
                }
            }
        }
        let side = c.map_or(Side::Head, |c| c.side);
        let mut location = format!("{}:{}", d.file, d.span.start.line);
        if side == Side::Base {
            location.push_str(" (base)");
        }
        let mut place = code(&location);
        if let Some(links) = links {
            place = format!("[{place}]({})", links.to(&d.file, d.span.start.line, side));
        }
        if let Some(doc) = &d.document {
            let _ = write!(place, "<br>{}", escape(doc));
        }
        let rule = code(d.code.as_str());
        if impacts {
            let impact = c
                .and_then(|c| c.impact.as_deref())
                .map(escape)
                .unwrap_or_default();
            let _ = writeln!(s, "| {what} | {rule} | {change} | {impact} | {place} |");
        } else {
            let _ = writeln!(s, "| {what} | {rule} | {change} | {place} |");
        }
    }
    s
}

/// The one-line class summary: `**1 weakened** · 0 strengthened · ...`.
pub fn summary_line(s: &Summary) -> String {
    let weakened = if s.weakened > 0 {
        format!("**{} weakened**", s.weakened)
    } else {
        "0 weakened".into()
    };
    format!(
        "{weakened} · {} strengthened · {} changed · {} added · {} removed",
        s.strengthened, s.changed, s.added, s.removed
    )
}

/// Renders `outcome` as a whole comment: for a validation or a comparison the marker, a
/// heading, a summary and the table; for the gate its summary comment ([`super::summary`]).
pub fn render(outcome: &Outcome<'_>, w: &mut dyn Write) -> io::Result<()> {
    match outcome {
        Outcome::Validation(r) => validation(r, w),
        Outcome::Diff(r) => diff(r, w),
        Outcome::Gate(r) => w.write_all(super::summary::summary_markdown(r).as_bytes()),
    }
}

/// A comparison's comment: the marker, a heading, the class summary and the table.
fn diff(r: &super::diff::DiffReport<'_>, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "{MARKER}")?;
    writeln!(w, "### slagate diff `{}`...`{}`", r.base, r.head)?;
    writeln!(w)?;
    writeln!(w, "{}", summary_line(&Summary::of(r.diagnostics)))?;
    if !r.diagnostics.is_empty() {
        writeln!(w)?;
        w.write_all(table(r.diagnostics, Values::Shown, None).as_bytes())?;
    }
    Ok(())
}

/// A validation's comment: the marker, a heading, the counts and the table.
fn validation(r: &Report<'_>, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "{MARKER}")?;
    writeln!(w, "### slagate")?;
    writeln!(w)?;
    let c = r.counts();
    writeln!(
        w,
        "{} error(s), {} warning(s), {} info in {} file(s) and {} document(s)",
        c.errors, c.warnings, c.infos, r.files, r.documents
    )?;
    if !r.diagnostics.is_empty() {
        writeln!(w)?;
        w.write_all(table(r.diagnostics, Values::Shown, None).as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::report::{Format, sample::render_to_string};

    /// What GitHub would act on in `md`, rendered as GitHub-flavoured Markdown (comrak, with
    /// autolinks and tables): links, HTML, and in the text, mentions
    /// (`@x`), issue references (`#1`, `GH-1`) and what is left of a URL.
    pub(crate) fn live_in(md: &str) -> Vec<String> {
        let arena = comrak::Arena::new();
        let mut options = comrak::Options::default();
        options.extension.autolink = true;
        options.extension.table = true;
        options.extension.strikethrough = true;
        let root = comrak::parse_document(&arena, md, &options);
        let mut live = Vec::new();
        for node in root.descendants() {
            match &node.data.borrow().value {
                comrak::nodes::NodeValue::Link(l) => live.push(format!("link {}", l.url)),
                comrak::nodes::NodeValue::Image(l) => live.push(format!("image {}", l.url)),
                comrak::nodes::NodeValue::HtmlInline(h) => live.push(format!("html {h}")),
                comrak::nodes::NodeValue::HtmlBlock(h) => {
                    live.push(format!("html {}", h.literal));
                }
                comrak::nodes::NodeValue::Text(t) => {
                    let t = t.to_string();
                    let b = t.as_bytes();
                    for (i, w) in b.windows(2).enumerate() {
                        let digit_after = |k: usize| b.get(k).is_some_and(u8::is_ascii_digit);
                        if w[0] == b'@' && w[1].is_ascii_alphanumeric() {
                            live.push(format!("mention in {t:?}"));
                        }
                        if w[0] == b'#' && w[1].is_ascii_digit() {
                            live.push(format!("reference in {t:?}"));
                        }
                        if w.eq_ignore_ascii_case(b"gh")
                            && b.get(i + 2) == Some(&b'-')
                            && digit_after(i + 3)
                        {
                            live.push(format!("GH reference in {t:?}"));
                        }
                    }
                    if t.contains("://") || t.to_ascii_lowercase().contains("www.") {
                        live.push(format!("URL in {t:?}"));
                    }
                }
                _ => {}
            }
        }
        live
    }

    #[test]
    fn yaml_text_carries_no_link_mention_reference_or_html_in_github_markdown() {
        let payloads = [
            "see https://evil.example/x",
            "see http://evil.example/x",
            "www.evil.example",
            "WWW.evil.example/path",
            "<https://evil.example>",
            "[click](https://evil.example)",
            "![i](https://evil.example/i.png)",
            "GH-2",
            "gh-2 and Gh-3",
            "#4",
            "o/r#4",
            "https://github.com/o/r/issues/4",
            "ftp://evil.example",
            "mail me: a@evil.example",
            "@alice and @org/team",
            "<b>bold</b> <img src=x>",
            "<!-- slagate -->",
        ];
        for p in payloads {
            // As a table cell, a list item and a message with a code span, as the comments
            // put YAML text.
            let md = format!(
                "| a | b |\n| --- | --- |\n| {} | {} |\n\n- {}\n",
                escape(p),
                message(&format!("was `{p}` now {p}")),
                escape(p)
            );
            assert_eq!(live_in(&md), Vec::<String>::new(), "{p:?} as {md:?}");
        }
        // The renderer sees what GitHub would: unescaped, each of these is live.
        for p in ["https://e.example", "www.e.example", "@alice", "#4", "GH-2"] {
            assert!(!live_in(&format!("- {p}\n")).is_empty(), "{p}");
        }
    }

    #[test]
    fn sanitized_text_cannot_mention_inject_or_close_the_marker() {
        let z = ZWSP;
        let cases: &[(&str, &str, &str)] = &[
            (
                "@org/team",
                &format!("@{z}org/team"),
                &format!("@{z}org/team"),
            ),
            (
                "hi @alice",
                &format!("hi @{z}alice"),
                &format!("hi @{z}alice"),
            ),
            (
                "<!-- slagate -->",
                "&lt;!-- slagate --&gt;",
                &format!("<!{z}-- slagate --{z}>"),
            ),
            (
                "<script>alert(1)</script>",
                "&lt;script&gt;alert(1)&lt;/script&gt;",
                "<script>alert(1)</script>",
            ),
            ("a|b", "a\\|b", "a\\|b"),
            ("a`b``c", "a\\`b\\`\\`c", "a`b``c"),
            ("see #12", &format!("see #{z}12"), &format!("see #{z}12")),
            ("C# & F#", "C# &amp; F#", "C# & F#"),
            ("line\r\nbreak", "line<br>break", "line break"),
            (
                "[x](javascript:1) *b* _i_ ~s~",
                "\\[x\\](javascript:1) \\*b\\* \\_i\\_ \\~s\\~",
                "[x](javascript:1) *b* _i_ ~s~",
            ),
            ("esc\u{1b}[31m", "esc\\u{1b}\\[31m", "esc\\u{1b}[31m"),
        ];
        for (input, text, code) in cases {
            assert_eq!(sanitize(input, Place::Text), *text, "text: {input}");
            assert_eq!(sanitize(input, Place::Code), *code, "code: {input}");
            for out in [sanitize(input, Place::Text), sanitize(input, Place::Code)] {
                assert!(
                    !out.contains("<!--") && !out.contains("-->"),
                    "{input}: {out}"
                );
                assert!(!out.contains('\n') && !out.contains('\r'), "{input}: {out}");
            }
        }
        // The code span widens its fence around backticks, so it cannot be closed early.
        assert_eq!(code("a`b``c"), "```a`b``c```");
        assert_eq!(
            code("`<!-- slagate -->`"),
            format!("`` `<!{z}-- slagate --{z}>` ``")
        );
    }

    #[test]
    fn cells_cannot_break_the_table_or_mention_people() {
        assert_eq!(
            escape("a|b\n<script>@alice *x*"),
            "a\\|b<br>&lt;script&gt;@\u{200B}alice \\*x\\*"
        );
        assert_eq!(code(">= 99.9%"), "`>= 99.9%`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(code("a|b"), "`a\\|b`");
        assert_eq!(
            message("target lowered from `99.9%` to `a|b` <x>"),
            "target lowered from `99.9%` to `a\\|b` &lt;x&gt;"
        );
        assert_eq!(message("odd ` tick"), "odd \\` tick");
        // Empty values and values side by side keep every fence paired.
        assert_eq!(message("a `` b"), "a \u{200B} b");
        assert_eq!(message("www``.example"), "www\u{200B}.example");
        assert_eq!(message("#``4"), "#\u{200B}4");
        assert_eq!(message("`x``y`"), "`x`\u{200B}`y`");
    }

    #[test]
    fn a_carriage_return_cannot_join_a_url_back_together() {
        for text in [
            "see https:\r//evil.example/x",
            "www\r.evil.example",
            "GH\r-2",
            "#\r4",
        ] {
            let md = format!("| a |\n| --- |\n| {} |\n", escape(text));
            assert_eq!(live_in(&md), Vec::<String>::new(), "{text:?}: {md}");
        }
    }

    #[test]
    fn runs_of_backticks_in_a_message_cannot_turn_text_into_a_link() {
        // Found by fuzzing (fuzz/fuzz_targets/render.rs): empty backtick pairs opened a
        // fence that a later run closed, and `[l](http:)` came out between them as a link.
        for text in [
            "x ````z``````````` [l](http:)/ 2!`````a",
            "````z`` [l](http://evil.example) ``",
            "`` [l](http:) ``",
        ] {
            let md = format!("| a |\n| --- |\n| {} |\n", message(text));
            assert_eq!(live_in(&md), Vec::<String>::new(), "{text}: {md}");
        }
        // A run of backticks longer than a renderer matches: the text is escaped, not code.
        let long = format!("{}x</b>{}", "`".repeat(84), "`".repeat(84));
        for text in [long.as_str(), "a`b"] {
            let md = format!("| a |\n| --- |\n| {} |\n", code(text));
            assert_eq!(live_in(&md), Vec::<String>::new(), "{text}: {md}");
        }
        assert!(!code(&long).starts_with('`'));
    }

    #[test]
    fn validation_findings_render_as_a_table() {
        let out = render_to_string(Format::Markdown, false);
        assert!(out.starts_with(MARKER));
        assert_eq!(
            out.lines().filter(|l| l.starts_with("| :")).count(),
            3,
            "{out}"
        );
        assert!(out.contains("`indicator-quantity-mismatch`"));
        // No finding of a validation has an impact: four columns, no empty Impact column.
        assert!(
            out.contains("| Level | Rule | Finding | Location |\n"),
            "{out}"
        );
    }

    /// What `pick` takes of each node of `md`, parsed as GitHub-flavoured Markdown with tables.
    fn gfm<T>(
        md: &str,
        pick: impl for<'a> Fn(&'a comrak::nodes::AstNode<'a>) -> Option<T>,
    ) -> Vec<T> {
        let arena = comrak::Arena::new();
        let mut options = comrak::Options::default();
        options.extension.table = true;
        let root = comrak::parse_document(&arena, md, &options);
        root.descendants().filter_map(pick).collect()
    }

    fn change(message: &str, before: &str, after: &str, impact: Option<&str>) -> Diagnostic {
        let mut d = Diagnostic::new(
            crate::diagnostic::Code::TargetWeakened,
            "policies/acme.sla.yaml".into(),
            crate::diagnostic::Span::point(106, 9),
            message,
        )
        .with_document("acme-crm")
        .with_objective("availability");
        d.change = Some(crate::diagnostic::ChangeInfo {
            class: Class::Weakened,
            before: Some(before.into()),
            after: Some(after.into()),
            impact: impact.map(str::to_string),
            side: Side::Head,
        });
        d
    }

    #[test]
    fn a_change_is_one_row_of_five_columns_with_the_values_its_message_does_not_quote() {
        let quoted = change(
            "availability target lowered from `99.9%` to `99.5%`",
            "99.9%",
            "99.5%",
            Some("allowed downtime per month: 43m50s -> 3h39m9s"),
        );
        let unquoted = change("the measurement window changed", "month", "quarter", None);
        let md = table(&[quoted, unquoted], Values::Shown, None);
        let lines: Vec<&str> = md.lines().collect();
        assert_eq!(lines[0], "| Level | Rule | Change | Impact | Location |");
        // The first message quotes both values: they are not repeated. The second quotes
        // neither: both follow it. Its impact cell is empty.
        assert_eq!(
            lines[2],
            "| :red_circle: error, **weakened** | `target-weakened` | `availability`: \
             availability target lowered from `99.9%` to `99.5%` | allowed downtime per month: \
             43m50s -&gt; 3h39m9s | `policies/acme.sla.yaml:106`<br>acme-crm |"
        );
        assert_eq!(
            lines[3],
            "| :red_circle: error, **weakened** | `target-weakened` | `availability`: the \
             measurement window changed<br>before: `month` · after: `quarter` |  | \
             `policies/acme.sla.yaml:106`<br>acme-crm |"
        );
        // As GitHub-flavoured Markdown: one table, a header and two rows of five cells each.
        let rows = gfm(&md, |n| {
            matches!(n.data.borrow().value, comrak::nodes::NodeValue::TableRow(_))
                .then(|| n.children().count())
        });
        assert_eq!(rows, [5, 5, 5], "{md}");
        // In the gate's summary, the redline above shows the values: never in the table.
        let md = table(
            &[change(
                "the measurement window changed",
                "month",
                "quarter",
                None,
            )],
            Values::InRedline,
            None,
        );
        assert!(!md.contains("before:"), "{md}");
    }

    const BASE: &str = "1111111111111111111111111111111111111111";
    const HEAD: &str = "2222222222222222222222222222222222222222";

    #[test]
    fn links_are_made_only_of_what_cannot_end_a_link() {
        assert!(Links::new("https://github.com", "acme", "slas", BASE, HEAD).is_some());
        assert!(Links::new("https://ghe.example.com:8443/", "a-b", "c_d.e", BASE, HEAD).is_some());
        for (server, owner, repo, head) in [
            ("http://github.com", "acme", "slas", HEAD),
            ("https://github.com/x) [y](z", "acme", "slas", HEAD),
            ("https://github.com", "ac me", "slas", HEAD),
            ("https://github.com", "acme", "slas)", HEAD),
            ("https://github.com", "acme", "", HEAD),
            ("https://github.com", "acme", "slas", "2222"),
            (
                "https://github.com",
                "acme",
                "slas",
                "zz22222222222222222222222222222222222222",
            ),
        ] {
            assert_eq!(
                Links::new(server, owner, repo, BASE, head),
                None,
                "{server} {owner} {repo} {head}"
            );
        }
        let links = Links::new("https://github.com/", "acme", "slas", BASE, HEAD).unwrap();
        // Space is %20, `)` %29, `(` %28, `<` %3C, `>` %3E, `é` is two bytes C3 A9.
        assert_eq!(
            links.to("policies/a b)(<x>é.sla.yaml", 3, Side::Head),
            format!(
                "https://github.com/acme/slas/blob/{HEAD}/policies/a%20b%29%28%3Cx%3E%C3%A9.sla.yaml#L3"
            )
        );
        assert_eq!(
            links.to("policies/acme.sla.yaml", 107, Side::Base),
            format!("https://github.com/acme/slas/blob/{BASE}/policies/acme.sla.yaml#L107")
        );
    }

    #[test]
    fn each_location_links_to_its_line_at_its_side() {
        let links = Links::new("https://github.com", "acme", "slas", BASE, HEAD).unwrap();
        let head = change("the measurement window changed", "month", "quarter", None);
        let mut base = head.clone();
        base.change.as_mut().unwrap().side = Side::Base;
        let md = table(&[head, base], Values::InRedline, Some(&links));
        // As GitHub-flavoured Markdown: each location is one link, with its text in a code span.
        let urls = gfm(&md, |n| match &n.data.borrow().value {
            comrak::nodes::NodeValue::Link(l) => Some(l.url.clone()),
            _ => None,
        });
        assert_eq!(
            urls,
            [
                format!("https://github.com/acme/slas/blob/{HEAD}/policies/acme.sla.yaml#L106"),
                format!("https://github.com/acme/slas/blob/{BASE}/policies/acme.sla.yaml#L106"),
            ],
            "{md}"
        );
        assert!(
            md.contains("[`policies/acme.sla.yaml:106 (base)`]("),
            "{md}"
        );
    }
}
