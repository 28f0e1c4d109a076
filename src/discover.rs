//! Finding SLA files: the repository root, the discovery globs, and directory walks.
//!
//! This is an I/O edge (it reads directories); it decides nothing about content. Globs match
//! paths relative to the repository root, with `/` separators on every platform. Walks skip
//! `.git`, `node_modules` and `target`, which never hold agreements and can be huge.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::policy::Policy;

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
        if path.is_file() {
            out.push(path.clone());
        } else if path.is_dir() {
            walk(path, root, matcher, &mut out)?;
        } else {
            return Err(DiscoverError::Missing {
                path: path.display().to_string(),
            });
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
        if !entry.file_type().is_file() {
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

#[cfg(test)]
mod tests {
    use super::*;

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
