//! The key by which two diffs are compared as mirror images, shared by `tests/diff_corpus.rs`,
//! `tests/properties.rs` and the `diff` fuzz target (each includes it with `#[path]`).

use slagate::diagnostic::Diagnostic;

/// `(code, document)` of every finding, sorted, with codes replaced by their mirror images
/// when `mirrored` (panicking on a code without one: every diff code has a mirror).
pub(crate) fn keys(diags: &[Diagnostic], mirrored: bool) -> Vec<(&'static str, String)> {
    let mut k: Vec<(&'static str, String)> = diags
        .iter()
        .map(|d| {
            let code = if mirrored {
                d.code
                    .mirror()
                    .unwrap_or_else(|| panic!("{} has no mirror", d.code))
            } else {
                d.code
            };
            (code.as_str(), d.document.clone().unwrap_or_default())
        })
        .collect();
    k.sort();
    k
}
