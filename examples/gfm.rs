//! Reads GitHub-flavoured Markdown on stdin and prints its HTML, rendered by comrak with
//! GitHub's extensions (tables, strikethrough, autolinks, task lists); raw HTML such as
//! `<details>` passes through as GitHub's renderer lets it. Used by `scripts/look-summary.sh`.

use std::io::{Read, Write};

fn main() -> std::io::Result<()> {
    let mut md = String::new();
    std::io::stdin().read_to_string(&mut md)?;
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.autolink = true;
    options.extension.tasklist = true;
    options.render.r#unsafe = true;
    std::io::stdout().write_all(comrak::markdown_to_html(&md, &options).as_bytes())
}
