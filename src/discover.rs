//! Finding and reading SLA files: the repository root, the discovery globs, directory walks,
//! and the one reader of a file on disk ([`read_file`]).
//!
//! This is an I/O edge (it reads directories and files); it decides nothing about content.
//! Globs match paths relative to the repository root, with `/` separators on every platform.
//! Walks skip `.git`, `node_modules` and `target`, which never hold agreements and can be
//! huge, and never follow a symbolic link: a link, FIFO, socket or device whose path matches
//! the globs is listed like a file, so that [`read_file`] refuses it with a finding instead of
//! it being skipped in silence.

use std::path::{Path, PathBuf};

use std::io::Read;

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::policy::Policy;
use crate::source::limits::SNIPPET_BYTES;
use crate::source::{Content, Refusal};

/// Why discovery failed (a tool failure, exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    /// A path given on the command line does not exist.
    #[error("{path}: no such file or directory")]
    Missing {
        /// The path as given.
        path: String,
    },
    /// A directory could not be read.
    #[error("{path}: {source}")]
    Walk {
        /// Where.
        path: String,
        /// Why.
        source: walkdir::Error,
    },
    /// A glob of the policy is malformed.
    #[error("invalid glob `{glob}`: {source}")]
    Glob {
        /// The glob.
        glob: String,
        /// Why.
        source: globset::Error,
    },
}

/// The compiled include and exclude globs.
#[derive(Debug, Clone)]
pub struct Matcher {
    include: GlobSet,
    exclude: GlobSet,
}

fn set(globs: &[String]) -> Result<GlobSet, DiscoverError> {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        let glob = Glob::new(g).map_err(|source| DiscoverError::Glob {
            glob: g.clone(),
            source,
        })?;
        b.add(glob);
    }
    b.build().map_err(|source| DiscoverError::Glob {
        glob: globs.join(", "),
        source,
    })
}

impl Matcher {
    /// Compiles the policy's globs.
    pub fn new(policy: &Policy) -> Result<Matcher, DiscoverError> {
        Ok(Matcher {
            include: set(&policy.include)?,
            exclude: set(&policy.exclude)?,
        })
    }

    /// Whether a root-relative path (with `/` separators) is an SLA file.
    pub fn matches(&self, relative: &str) -> bool {
        self.include.is_match(relative) && !self.exclude.is_match(relative)
    }
}

/// The repository root above `start`: the nearest directory with a `.git` entry, else `start`.
pub fn find_root(start: &Path) -> PathBuf {
    start
        .ancestors()
        .find(|d| d.join(".git").exists())
        .unwrap_or(start)
        .to_path_buf()
}

/// `path` relative to `base` with `/` separators, if it lies below `base`.
pub fn relative(path: &Path, base: &Path) -> Option<String> {
    let rel = path.strip_prefix(base).ok()?;
    let mut out = String::with_capacity(rel.as_os_str().len());
    for c in rel.components() {
        if let std::path::Component::Normal(s) = c {
            if !out.is_empty() {
                out.push('/');
            }
            out.push_str(&s.to_string_lossy());
        }
    }
    Some(out)
}

const SKIP_DIRS: [&str; 3] = [".git", "node_modules", "target"];

/// The SLA files among `paths` (files are taken as given; directories are walked and
/// filtered by `matcher`), or under `root` when `paths` is empty. Sorted, without repeats.
pub fn discover(
    root: &Path,
    paths: &[PathBuf],
    matcher: &Matcher,
) -> Result<Vec<PathBuf>, DiscoverError> {
    let mut out = Vec::new();
    let walk_roots: Vec<PathBuf> = if paths.is_empty() {
        vec![root.to_path_buf()]
    } else {
        Vec::new()
    };
    for path in paths {
        // `symlink_metadata`: a named link is listed (and refused when read), never walked.
        match std::fs::symlink_metadata(path) {
            Ok(m) if m.is_dir() => walk(path, root, matcher, &mut out)?,
            Ok(_) => out.push(path.clone()),
            Err(_) => {
                return Err(DiscoverError::Missing {
                    path: path.display().to_string(),
                });
            }
        }
    }
    for dir in walk_roots {
        walk(&dir, root, matcher, &mut out)?;
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn walk(
    dir: &Path,
    root: &Path,
    matcher: &Matcher,
    out: &mut Vec<PathBuf>,
) -> Result<(), DiscoverError> {
    let abs_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let abs_dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    // The walk below the root, once: each file's root-relative path is this plus its own.
    let dir_rel = relative(&abs_dir, &abs_root);
    // Siblings in name order make the walk's order the paths' own order, so the final sort
    // of `discover` finds the list already sorted.
    let it = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            !(e.file_type().is_dir()
                && e.depth() > 0
                && SKIP_DIRS.iter().any(|s| e.file_name() == *s))
        });
    for entry in it {
        let entry = entry.map_err(|source| DiscoverError::Walk {
            path: dir.display().to_string(),
            source,
        })?;
        // Everything but a directory: links and special files are refused when read.
        if entry.file_type().is_dir() {
            continue;
        }
        // Match relative to the repository root when the walk is inside it, else to the walk.
        let below_dir = relative(entry.path(), dir).unwrap_or_default();
        let rel = match &dir_rel {
            Some(prefix) if !prefix.is_empty() => format!("{prefix}/{below_dir}"),
            _ => below_dir,
        };
        if matcher.matches(&rel) {
            out.push(entry.into_path());
        }
    }
    Ok(())
}

/// The file at `path` as [`Content`]: its bytes when it is a regular file within
/// `max_bytes`, else a refusal ([`Refusal`]), and an error only when it cannot be read at all
/// (`NotFound` when nothing is there).
///
/// Nothing but a regular file is opened, and no symbolic link is followed, whether it points
/// inside the repository or out of it: a link at `path`, or, when `path` lies below `root`, at
/// any directory between them, is refused with where it points. A FIFO, socket or device is
/// refused by its type without being opened (and the open itself neither follows a link nor
/// waits, should the path be swapped in between). A file over `max_bytes` is refused by its
/// size before it is read, with the real size, and only its beginning is read for a snippet;
/// a file that grows past the limit while it is read stops at `max_bytes + 1` bytes.
pub fn read_file(path: &Path, root: Option<&Path>, max_bytes: usize) -> std::io::Result<Content> {
    let (file, len) = match open_file(path, root, max_bytes)? {
        Ok(opened) => opened,
        Err(refused) => return Ok(refused),
    };
    let limit = max_bytes as u64;
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        let size = bytes.len() as u64;
        return Ok(Content::refused(bytes, Refusal::TooLarge { size }));
    }
    Ok(Content::whole(bytes))
}

/// Opens a file as [`read_file`] reads it, for a caller that reads it a block at a time: the
/// same refusals (a link, not a regular file, over `max_bytes` by its size), or the open file
/// and its size. The caller bounds what it reads to `max_bytes` (a file may grow while read).
pub fn open_file(
    path: &Path,
    root: Option<&Path>,
    max_bytes: usize,
) -> std::io::Result<Result<(std::fs::File, u64), Content>> {
    let meta = std::fs::symlink_metadata(path)?;
    if let Some(link) = root.and_then(|r| linked_directory(path, r)) {
        return Ok(Err(not_regular(format!(
            "below a symbolic link `{}`",
            link.display()
        ))));
    }
    if let Some(what) = not_regular_kind(path, &meta, root) {
        return Ok(Err(not_regular(what)));
    }
    let mut file = open_no_follow(path)?;
    let open = file.metadata()?;
    if !open.is_file() || !same_file(&meta, &open) {
        return Ok(Err(not_regular("replaced while it was opened".into())));
    }
    let len = open.len();
    if len > max_bytes as u64 {
        let mut head = Vec::new();
        (&mut file)
            .take(SNIPPET_BYTES as u64)
            .read_to_end(&mut head)?;
        return Ok(Err(Content::refused(head, Refusal::TooLarge { size: len })));
    }
    Ok(Ok((file, len)))
}

fn not_regular(what: String) -> Content {
    Content::refused(Vec::new(), Refusal::NotRegular(what))
}

/// The first directory between `root` and `path` (both as written) that is a symbolic link.
fn linked_directory(path: &Path, root: &Path) -> Option<PathBuf> {
    let rel = path.strip_prefix(root).ok()?;
    let mut dir = root.to_path_buf();
    let mut parts: Vec<_> = rel.components().collect();
    parts.pop();
    for c in parts {
        match c {
            std::path::Component::Normal(name) => dir.push(name),
            // `..` or `.` below the root: checked by the caller's path as a whole.
            _ => return None,
        }
        if std::fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_symlink()) {
            return Some(dir);
        }
    }
    None
}

/// What the path is, when it is not a regular file, as a phrase that follows "is".
fn not_regular_kind(path: &Path, meta: &std::fs::Metadata, root: Option<&Path>) -> Option<String> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_symlink() {
        let target =
            std::fs::read_link(path).map_or_else(|_| "?".into(), |t| t.display().to_string());
        let root = root.and_then(|r| std::fs::canonicalize(r).ok());
        let where_ = match (std::fs::canonicalize(path), root) {
            (Err(_), _) => "which points nowhere",
            (Ok(t), Some(r)) if t.starts_with(&r) => "inside the repository",
            (Ok(_), _) => "which leaves the repository",
        };
        return Some(format!("a symbolic link to `{target}`, {where_}"));
    }
    Some(special_kind(t).to_string())
}

#[cfg(unix)]
fn special_kind(t: std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        "a FIFO (named pipe)"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else if t.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

#[cfg(not(unix))]
fn special_kind(t: std::fs::FileType) -> &'static str {
    if t.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

#[cfg(unix)]
fn open_no_follow(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    (a.dev(), a.ino()) == (b.dev(), b.ino())
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn read_file_refuses_what_is_not_a_regular_file_within_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let big = std::fs::File::create(root.join("big")).unwrap();
        // A 1 GiB hole: only the snippet's 4,096 bytes are read, and the size is the real one.
        big.set_len(1 << 30).unwrap();
        let c = read_file(&root.join("big"), Some(root), 8 << 20).unwrap();
        assert_eq!(c.refused, Some(Refusal::TooLarge { size: 1 << 30 }));
        assert_eq!(c.bytes.len(), 4096);
        std::fs::write(root.join("ok"), "a: 1\n").unwrap();
        assert_eq!(
            read_file(&root.join("ok"), Some(root), 5).unwrap(),
            Content::whole(b"a: 1\n".to_vec())
        );
        // One byte over a limit of 4 (the file is 5 bytes).
        assert_eq!(
            read_file(&root.join("ok"), Some(root), 4).unwrap().refused,
            Some(Refusal::TooLarge { size: 5 })
        );
        std::os::unix::fs::symlink("ok", root.join("in")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", root.join("out")).unwrap();
        std::os::unix::fs::symlink("nowhere", root.join("dangling")).unwrap();
        std::os::unix::fs::symlink(root, root.join("dir")).unwrap();
        for (path, what) in [
            ("in", "a symbolic link to `ok`, inside the repository"),
            (
                "out",
                "a symbolic link to `/dev/zero`, which leaves the repository",
            ),
            (
                "dangling",
                "a symbolic link to `nowhere`, which points nowhere",
            ),
            ("dir/ok", "below a symbolic link"),
        ] {
            let c = read_file(&root.join(path), Some(root), 1 << 20).unwrap();
            match c.refused {
                Some(Refusal::NotRegular(w)) => assert!(w.starts_with(what), "{path}: {w}"),
                other => panic!("{path}: {other:?}"),
            }
            assert!(c.bytes.is_empty());
        }
        assert_eq!(
            read_file(&root.join("missing"), Some(root), 1)
                .unwrap_err()
                .kind(),
            std::io::ErrorKind::NotFound
        );
    }

    #[test]
    fn default_globs_find_sla_and_ola_files_only() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "a.sla.yaml",
            "p/b.ola.yml",
            "p/c.yaml",
            "p/d.sla.yml",
            "target/x.sla.yaml",
            ".git/y.sla.yaml",
        ] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "").unwrap();
        }
        std::fs::create_dir_all(root.join(".git")).unwrap();
        let m = Matcher::new(&Policy::default()).unwrap();
        let found: Vec<String> = discover(root, &[], &m)
            .unwrap()
            .iter()
            .map(|p| relative(p, root).unwrap())
            .collect();
        assert_eq!(found, ["a.sla.yaml", "p/b.ola.yml", "p/d.sla.yml"]);
    }

    #[test]
    fn policy_globs_match_from_the_root_even_for_a_subdirectory() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "policies/a.sla.yaml",
            "policies/drafts/b.sla.yaml",
            "tests/c.sla.yaml",
        ] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "").unwrap();
        }
        let policy = Policy {
            include: vec!["policies/**/*.sla.yaml".into()],
            exclude: vec!["policies/drafts/**".into()],
            ..Policy::default()
        };
        let m = Matcher::new(&policy).unwrap();
        let all = discover(root, &[], &m).unwrap();
        assert_eq!(all, [root.join("policies/a.sla.yaml")]);
        let sub = discover(root, &[root.join("policies")], &m).unwrap();
        assert_eq!(sub, [root.join("policies/a.sla.yaml")]);
        // A file named explicitly is taken even if no glob matches it.
        let explicit = discover(root, &[root.join("tests/c.sla.yaml")], &m).unwrap();
        assert_eq!(explicit.len(), 1);
        assert!(matches!(
            discover(root, &[root.join("nope")], &m),
            Err(DiscoverError::Missing { .. })
        ));
    }
}
