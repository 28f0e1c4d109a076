//! Unified-diff hunks as GitHub returns them in a PR file's `patch`: which lines of each side
//! can carry a review comment, and the `diff_hunk` GitHub stores with a comment.

/// One line of a patch with its position and line numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatchLine {
    /// 1-based position in the patch, counting every line after the first `@@` header
    /// (later `@@` headers count too), as GitHub's deprecated `position` does.
    pub position: u64,
    /// Index of the hunk this line belongs to.
    pub hunk: usize,
    /// `' '`, `'+'`, `'-'` or `'@'` for a hunk header.
    pub kind: char,
    /// Line number on the base side (context and removed lines).
    pub left: Option<u64>,
    /// Line number on the head side (context and added lines).
    pub right: Option<u64>,
}

/// A parsed patch.
#[derive(Debug, Clone, Default)]
pub struct Patch {
    /// The raw patch text.
    pub text: String,
    /// Parsed lines; the first `@@` header has position 0 and is not listed.
    pub lines: Vec<PatchLine>,
}

impl Patch {
    /// Parses GitHub's patch text (hunks only, no `---`/`+++` file headers).
    pub fn parse(text: &str) -> Result<Patch, String> {
        let mut lines = Vec::new();
        let mut left = 0u64;
        let mut right = 0u64;
        let mut hunk: Option<usize> = None;
        let mut position = 0u64;
        for raw in text.lines() {
            if raw.starts_with("@@") {
                let (l, r) = parse_hunk_header(raw)?;
                left = l;
                right = r;
                match hunk {
                    None => hunk = Some(0),
                    Some(h) => {
                        hunk = Some(h + 1);
                        position += 1;
                        lines.push(PatchLine {
                            position,
                            hunk: h + 1,
                            kind: '@',
                            left: None,
                            right: None,
                        });
                    }
                }
                continue;
            }
            let Some(h) = hunk else {
                return Err(format!("patch line before the first hunk header: {raw:?}"));
            };
            if raw.starts_with('\\') {
                // "\ No newline at end of file": not a line of either side, not a position.
                continue;
            }
            position += 1;
            let kind = raw.chars().next().unwrap_or(' ');
            let (l, r) = match kind {
                '+' => {
                    right += 1;
                    (None, Some(right - 1))
                }
                '-' => {
                    left += 1;
                    (Some(left - 1), None)
                }
                ' ' => {
                    left += 1;
                    right += 1;
                    (Some(left - 1), Some(right - 1))
                }
                other => return Err(format!("unexpected patch line prefix {other:?} in {raw:?}")),
            };
            lines.push(PatchLine {
                position,
                hunk: h,
                kind,
                left: l,
                right: r,
            });
        }
        Ok(Patch {
            text: text.to_owned(),
            lines,
        })
    }

    /// The patch line carrying `line` on `side` (`"RIGHT"` or `"LEFT"`).
    pub fn find(&self, side: &str, line: u64) -> Option<&PatchLine> {
        self.lines.iter().find(|l| match side {
            "LEFT" => l.left == Some(line),
            _ => l.right == Some(line),
        })
    }

    /// The patch line at a deprecated `position`.
    pub fn at_position(&self, position: u64) -> Option<&PatchLine> {
        self.lines
            .iter()
            .find(|l| l.position == position && l.kind != '@')
    }

    /// Lines on the head side that a comment with `side: RIGHT` may use (added and context).
    pub fn right_lines(&self) -> Vec<u64> {
        self.lines.iter().filter_map(|l| l.right).collect()
    }

    /// Lines on the base side that a comment with `side: LEFT` may use (removed and context).
    pub fn left_lines(&self) -> Vec<u64> {
        self.lines.iter().filter_map(|l| l.left).collect()
    }

    /// Counts of added and removed lines.
    pub fn counts(&self) -> (u64, u64) {
        let added = self.lines.iter().filter(|l| l.kind == '+').count() as u64;
        let removed = self.lines.iter().filter(|l| l.kind == '-').count() as u64;
        (added, removed)
    }

    /// The `diff_hunk` GitHub stores with a comment at `position`: the hunk's header and its
    /// lines up to and including the commented one.
    pub fn diff_hunk(&self, position: u64) -> String {
        let Some(target) = self.lines.iter().find(|l| l.position == position) else {
            return String::new();
        };
        let raw: Vec<&str> = self.text.lines().filter(|l| !l.starts_with('\\')).collect();
        // raw[0] is the first header (position 0); raw[p] is the line at position p.
        let mut start = 0usize;
        for (i, l) in raw.iter().enumerate().take(position as usize + 1) {
            if l.starts_with("@@") {
                start = i;
            }
        }
        let _ = target;
        raw[start..=position as usize].join("\n")
    }
}

fn parse_hunk_header(line: &str) -> Result<(u64, u64), String> {
    // @@ -l[,s] +r[,s] @@ optional section heading
    let bad = || format!("malformed hunk header {line:?}");
    let inner = line
        .strip_prefix("@@ ")
        .and_then(|rest| rest.split(" @@").next())
        .ok_or_else(bad)?;
    let mut parts = inner.split(' ');
    let left = parts
        .next()
        .and_then(|p| p.strip_prefix('-'))
        .ok_or_else(bad)?;
    let right = parts
        .next()
        .and_then(|p| p.strip_prefix('+'))
        .ok_or_else(bad)?;
    let start = |spec: &str| {
        spec.split(',')
            .next()
            .and_then(|n| n.parse::<u64>().ok())
            .ok_or_else(bad)
    };
    Ok((start(left)?, start(right)?))
}
