//! Reading revisions from the git object database through the `git` command line.
//!
//! An I/O edge: it runs `git` and returns bytes and paths, and decides nothing about SLAs.
//! Files are read with one `git cat-file --batch-check` and one `git cat-file --batch` process
//! per revision (no checkout, no temporary clone; sizes first, so that a blob over the byte
//! limit is never read), changed paths come from `git diff --name-status -z`, so the cost of a
//! comparison follows the size of the change. The git CLI rather than a library keeps the
//! dependency tree small and behaves exactly like the user's git (alternates, partial and
//! shallow clones, `safe.directory`).
//!
//! Every command runs with `GIT_OPTIONAL_LOCKS=0` (a comparison never rewrites the index) and
//! `--literal-pathspecs` (a path is a path, never a glob).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::source::{Content, Limits, Refusal};

/// Why git could not give us what we asked for. These end the command with exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// `git` could not be started, or talking to it failed. The OS error is the source (and
    /// printed once, after this message).
    #[error("{}", spawn_message(.0))]
    Spawn(#[source] std::io::Error),
    /// The directory is not in a work tree.
    #[error("{dir} is not inside a git repository")]
    NotARepository {
        /// Where we looked.
        dir: String,
    },
    /// The directory is in a bare repository: there is no work tree to read.
    #[error(
        "{dir} is a bare git repository: it has no work tree, and slagate runs in one\n  help: run slagate in a clone with a work tree (`git clone {dir}`), or in a work tree of it (`git worktree add`)"
    )]
    Bare {
        /// Where we looked.
        dir: String,
    },
    /// The repository has no commit, so no revision names anything.
    #[error(
        "revision `{rev}` names nothing: the repository has no commits yet\n  help: commit the SLA files first; `slagate check` compares a repository without commits with the empty tree"
    )]
    NoCommits {
        /// The revision as given.
        rev: String,
    },
    /// A revision does not resolve, typically a base missing from a shallow CI clone.
    #[error("revision `{rev}` is not in this clone{note}\n  help: fetch it with `{fetch}`")]
    MissingRevision {
        /// The revision as given.
        rev: String,
        /// Why it may be missing.
        note: &'static str,
        /// The command that fetches it.
        fetch: String,
    },
    /// Two revisions have no common ancestor in the history we have.
    #[error("no merge base of `{base}` and `{head}`{note}\n  help: {help}")]
    NoMergeBase {
        /// The `merge-base:` revision.
        base: String,
        /// The head it was merged with.
        head: String,
        /// Why.
        note: &'static str,
        /// What to do.
        help: String,
    },
    /// A git command failed.
    #[error("`git {args}` failed: {stderr}")]
    Command {
        /// The arguments.
        args: String,
        /// What git said.
        stderr: String,
    },
    /// A file could not be read from the work tree.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The path.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// A file the reader refused (a link, a FIFO, over the byte limit) where one must be read.
    #[error("cannot read {path}: {why}")]
    Refused {
        /// The path.
        path: String,
        /// The refusal, as a sentence.
        why: String,
    },
    /// git answered something we cannot parse.
    #[error("unexpected output from `git {args}`")]
    Output {
        /// The arguments.
        args: String,
    },
}

/// A committed symbolic link's blob (its target) as the refusal it is: never parsed as YAML,
/// never followed.
fn committed_link(blob: &Content) -> Content {
    let what = match blob.refused {
        Some(_) => "a symbolic link (committed)".to_string(),
        None => format!(
            "a symbolic link (committed) to `{}`",
            String::from_utf8_lossy(&blob.bytes)
        ),
    };
    Content::refused(Vec::new(), Refusal::NotRegular(what))
}

/// One `cat-file` answer: the object's id, type and size.
type Header = (String, String, usize);

/// `ID TYPE SIZE`, the header of a `cat-file` answer.
fn parse_header(line: &str) -> Option<Header> {
    let mut parts = line.splitn(3, ' ');
    let (id, kind, size) = (parts.next()?, parts.next()?, parts.next()?);
    Some((id.to_string(), kind.to_string(), size.parse().ok()?))
}

/// The message of [`GitError::Spawn`]: a missing `git` is said in words.
fn spawn_message(e: &std::io::Error) -> &'static str {
    if e.kind() == std::io::ErrorKind::NotFound {
        "cannot run `git`: it is not installed, or not on PATH"
    } else {
        "cannot run `git`"
    }
}

/// Where the files of one side of a comparison come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tree {
    /// A commit, by its full object id.
    Commit(String),
    /// The index (staged changes).
    Index,
    /// The files on disk.
    WorkTree,
}

/// One changed path between two trees. `base` and `head` are repository-relative paths with
/// `/` separators; a side is `None` when the file does not exist there.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FileChange {
    /// The path in the base tree.
    pub base: Option<String>,
    /// The path in the head tree.
    pub head: Option<String>,
    /// The base blob's object id.
    pub base_blob: Option<String>,
    /// The head blob's object id; `None` for a file to read from the work tree.
    pub head_blob: Option<String>,
    /// A rename with identical content (`R100`).
    pub identical: bool,
    /// The base side is a symbolic link (mode `120000`): its blob is the link's target.
    pub base_link: bool,
    /// The head side is a symbolic link (mode `120000`).
    pub head_link: bool,
}

/// A file to read: its path, and its blob when it is in the object database (else it is read
/// from the work tree).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRef {
    /// Repository-relative path.
    pub path: String,
    /// Object id of the blob.
    pub blob: Option<String>,
    /// The blob is a symbolic link's target (mode `120000`), refused when read, not parsed.
    pub link: bool,
}

/// A git repository, driven through its work tree.
#[derive(Debug, Clone)]
pub struct Repo {
    root: PathBuf,
    /// The largest file read whole ([`Limits::max_bytes`] unless [`Repo::with_max_bytes`]).
    max_bytes: usize,
}

impl Repo {
    /// The repository whose work tree contains `dir`.
    pub fn discover(dir: &Path) -> Result<Repo, GitError> {
        let out = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["rev-parse", "--show-toplevel"])
            .env("GIT_OPTIONAL_LOCKS", "0")
            .stdin(Stdio::null())
            .output()
            .map_err(GitError::Spawn)?;
        if !out.status.success() {
            let dir = dir.display().to_string();
            let bare = Command::new("git")
                .arg("-C")
                .arg(&dir)
                .args(["rev-parse", "--is-bare-repository"])
                .env("GIT_OPTIONAL_LOCKS", "0")
                .stdin(Stdio::null())
                .output()
                .is_ok_and(|o| o.status.success() && o.stdout.starts_with(b"true"));
            return Err(if bare {
                GitError::Bare { dir }
            } else {
                GitError::NotARepository { dir }
            });
        }
        let root = String::from_utf8_lossy(&out.stdout)
            .trim_end_matches(['\n', '\r'])
            .to_string();
        Ok(Repo {
            root: PathBuf::from(root),
            max_bytes: Limits::default().max_bytes,
        })
    }

    /// The same repository, reading no file larger than `max_bytes` whole.
    #[must_use]
    pub fn with_max_bytes(mut self, max_bytes: usize) -> Repo {
        self.max_bytes = max_bytes;
        self
    }

    /// The root of the work tree.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn command(&self) -> Command {
        let mut c = Command::new("git");
        c.arg("-C")
            .arg(&self.root)
            .arg("--literal-pathspecs")
            .env("GIT_OPTIONAL_LOCKS", "0");
        c
    }

    /// Runs git; `ok` lists the exit codes that are not failures.
    fn run(&self, args: &[&str], ok: &[i32]) -> Result<(i32, Vec<u8>), GitError> {
        let out = self
            .command()
            .args(args)
            .stdin(Stdio::null())
            .output()
            .map_err(GitError::Spawn)?;
        let code = out.status.code().unwrap_or(-1);
        if code == 0 || ok.contains(&code) {
            Ok((code, out.stdout))
        } else {
            Err(GitError::Command {
                args: args.join(" "),
                stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
            })
        }
    }

    /// Whether this is a shallow clone.
    pub fn is_shallow(&self) -> bool {
        self.run(&["rev-parse", "--is-shallow-repository"], &[])
            .is_ok_and(|(_, out)| out.starts_with(b"true"))
    }

    /// Whether any commit is reachable from any ref or `HEAD` (an empty repository has none).
    fn has_commits(&self) -> bool {
        self.run(&["rev-list", "-n", "1", "--all"], &[])
            .is_ok_and(|(_, out)| !out.is_empty())
    }

    fn remotes(&self) -> Vec<String> {
        self.run(&["remote"], &[])
            .map(|(_, out)| {
                String::from_utf8_lossy(&out)
                    .lines()
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The full object id of the commit `rev` names.
    pub fn resolve(&self, rev: &str) -> Result<String, GitError> {
        let spec = format!("{rev}^{{commit}}");
        let (code, out) = self.run(
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                "--end-of-options",
                &spec,
            ],
            &[1, 128],
        )?;
        let id = String::from_utf8_lossy(&out).trim().to_string();
        if code == 0 && !id.is_empty() {
            return Ok(id);
        }
        if !self.has_commits() {
            return Err(GitError::NoCommits {
                rev: rev.to_string(),
            });
        }
        let shallow = self.is_shallow();
        Err(GitError::MissingRevision {
            rev: rev.to_string(),
            note: if shallow {
                " (it is a shallow clone)"
            } else {
                ""
            },
            fetch: fetch_command(rev, &self.remotes(), shallow, false),
        })
    }

    /// The best common ancestor of two commits (`base` as the user wrote it, for messages).
    pub fn merge_base(
        &self,
        base: &str,
        base_id: &str,
        head: &str,
        head_id: &str,
    ) -> Result<String, GitError> {
        let (code, out) = self.run(&["merge-base", base_id, head_id], &[1])?;
        let id = String::from_utf8_lossy(&out).trim().to_string();
        if code == 0 && !id.is_empty() {
            return Ok(id);
        }
        let shallow = self.is_shallow();
        Err(GitError::NoMergeBase {
            base: base.to_string(),
            head: head.to_string(),
            note: if shallow {
                " in this shallow clone"
            } else {
                ""
            },
            help: if shallow {
                format!(
                    "fetch their history with `{}`",
                    fetch_command(base, &self.remotes(), true, true)
                )
            } else {
                "the two revisions share no history; compare with `--base REV` instead".into()
            },
        })
    }

    /// The id of the empty tree in this repository's object format (SHA-1 or SHA-256): the
    /// base to compare with before the first commit.
    pub fn empty_tree(&self) -> Result<String, GitError> {
        let (_, out) = self.run(&["hash-object", "-t", "tree", "--stdin"], &[])?;
        Ok(String::from_utf8_lossy(&out).trim().to_string())
    }

    /// The latest commit reachable from `to` and not from `from` that changed `path`, if any.
    pub fn last_change(
        &self,
        from: &str,
        to: &str,
        path: &str,
    ) -> Result<Option<String>, GitError> {
        let range = format!("{from}..{to}");
        let (_, out) = self.run(
            &[
                "log",
                "-1",
                "--format=%H",
                "--end-of-options",
                &range,
                "--",
                path,
            ],
            &[],
        )?;
        let id = String::from_utf8_lossy(&out).trim().to_string();
        Ok((!id.is_empty()).then_some(id))
    }

    /// A short form of a commit id, for display.
    pub fn short(&self, id: &str) -> String {
        self.run(&["rev-parse", "--short", id], &[])
            .map(|(_, out)| String::from_utf8_lossy(&out).trim().to_string())
            .ok()
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| id.chars().take(7).collect())
    }

    /// The paths that differ between the commit `base` and `head`, limited to `pathspecs`
    /// when there are any, with their blob ids. For the work tree, untracked (not ignored)
    /// files count as added.
    pub fn changed(
        &self,
        base: &str,
        head: &Tree,
        pathspecs: &[String],
    ) -> Result<Vec<FileChange>, GitError> {
        let mut args: Vec<&str> = vec![
            "diff",
            "--no-ext-diff",
            "--no-textconv",
            "--no-color",
            "--no-relative",
            "--raw",
            "--no-abbrev",
            "-z",
            "-M",
        ];
        match head {
            Tree::Commit(h) => args.extend([base, h.as_str()]),
            Tree::Index => args.extend(["--cached", base]),
            Tree::WorkTree => args.push(base),
        }
        args.push("--");
        args.extend(pathspecs.iter().map(String::as_str));
        let (_, out) = self.run(&args, &[])?;
        let mut changes = parse_raw(&out).ok_or_else(|| GitError::Output {
            args: args.join(" "),
        })?;
        if *head == Tree::WorkTree {
            let mut args = vec!["ls-files", "-z", "--others", "--exclude-standard", "--"];
            args.extend(pathspecs.iter().map(String::as_str));
            let (_, out) = self.run(&args, &[])?;
            changes.extend(split_z(&out).map(|p| FileChange {
                head: Some(p),
                ..FileChange::default()
            }));
        }
        Ok(changes)
    }

    /// The contents of `paths` in `tree`; `None` for a path that is not there. Work-tree
    /// files are read by [`crate::discover::read_file`] (no link followed, nothing but a
    /// regular file opened, at most the byte limit plus one byte); blobs by their size first
    /// ([`Repo::cat_files`]). A refused file is [`Content::refused`], for the loader to report.
    ///
    /// In a commit or the index, the paths' entries are listed first (`git ls-tree` /
    /// `git ls-files -s`, with their modes), so that a committed symbolic link is refused
    /// like one in a change ([`FileRef::link`]) instead of its target's text being parsed.
    pub fn read(&self, tree: &Tree, paths: &[String]) -> Result<Vec<Option<Content>>, GitError> {
        if let Tree::WorkTree = tree {
            return paths.iter().map(|p| self.read_work_tree(p)).collect();
        }
        let mut entries: HashMap<String, FileRef> = HashMap::new();
        // Chunks keep each command line far below the system's argument limit.
        for chunk in paths.chunks(PATHS_PER_COMMAND) {
            for f in self.refs(tree, chunk)? {
                entries.insert(f.path.clone(), f);
            }
        }
        let found: Vec<Option<&FileRef>> = paths.iter().map(|p| entries.get(p)).collect();
        let wanted: Vec<FileRef> = found.iter().flatten().map(|f| (*f).clone()).collect();
        let mut contents = self.read_refs(&wanted)?.into_iter();
        Ok(found
            .iter()
            .map(|f| f.and_then(|_| contents.next().flatten()))
            .collect())
    }

    fn read_work_tree(&self, path: &str) -> Result<Option<Content>, GitError> {
        match crate::discover::read_file(&self.root.join(path), Some(&self.root), self.max_bytes) {
            Ok(c) => Ok(Some(c)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(GitError::Read {
                path: path.to_string(),
                source,
            }),
        }
    }

    /// The contents of files by blob id (one `cat-file` for all), or from the work tree. A
    /// committed symbolic link ([`FileRef::link`]) is refused with its target.
    /// Reading by id avoids resolving `COMMIT:path` for each file, which walks the commit's
    /// trees every time and grows with the size of the directory.
    pub fn read_refs(&self, files: &[FileRef]) -> Result<Vec<Option<Content>>, GitError> {
        let mut blobs = self
            .cat_files(files.iter().filter_map(|f| f.blob.clone()).collect())?
            .into_iter();
        files
            .iter()
            .map(|f| match &f.blob {
                Some(_) if f.link => Ok(blobs.next().flatten().as_ref().map(committed_link)),
                Some(_) => Ok(blobs.next().flatten()),
                None => self.read_work_tree(&f.path),
            })
            .collect()
    }

    /// Every file of `tree`, with its blob id where the tree has one.
    pub fn list_refs(&self, tree: &Tree) -> Result<Vec<FileRef>, GitError> {
        self.refs(tree, &[])
    }

    /// The entries of `tree` at `paths` (every entry when `paths` is empty), with their blob
    /// ids and modes.
    fn refs(&self, tree: &Tree, paths: &[String]) -> Result<Vec<FileRef>, GitError> {
        let mut args: Vec<&str> = match tree {
            Tree::Commit(id) => vec!["ls-tree", "-r", "-z", "--full-tree", id.as_str()],
            Tree::Index => vec!["ls-files", "-s", "-z", "--full-name"],
            Tree::WorkTree => {
                return Ok(self
                    .list(tree)?
                    .into_iter()
                    .map(|path| FileRef {
                        path,
                        blob: None,
                        link: false,
                    })
                    .collect());
            }
        };
        if !paths.is_empty() {
            args.push("--");
            args.extend(paths.iter().map(String::as_str));
        }
        let (_, out) = self.run(&args, &[])?;
        split_z(&out)
            .map(|entry| {
                // `MODE TYPE ID\tPATH` (ls-tree) or `MODE ID STAGE\tPATH` (ls-files -s).
                let (meta, path) = entry.split_once('\t')?;
                let fields: Vec<&str> = meta.split(' ').collect();
                let blob = match tree {
                    Tree::Commit(_) => (fields.get(1) == Some(&"blob"))
                        .then(|| fields.get(2).map(|s| (*s).to_string()))
                        .flatten(),
                    _ => fields.get(1).map(|s| (*s).to_string()),
                };
                Some(FileRef {
                    path: path.to_string(),
                    blob,
                    link: fields.first() == Some(&LINK_MODE),
                })
            })
            .collect::<Option<Vec<_>>>()
            .map(|v| v.into_iter().filter(|f| f.blob.is_some()).collect())
            .ok_or_else(|| GitError::Output {
                args: args.join(" "),
            })
    }

    /// The objects `names` name, read with their size known first: `git cat-file
    /// --batch-check` gives each one's id, type and size, then one `git cat-file --batch`
    /// reads the blobs within the byte limit by id. A larger blob is never read: it is
    /// refused with its size. `None` for a name that is missing or not a blob.
    fn cat_files(&self, names: Vec<String>) -> Result<Vec<Option<Content>>, GitError> {
        let found = self.batch("--batch-check", names, |_, _| Ok(()))?;
        let mut wanted = Vec::new();
        let mut plan = Vec::with_capacity(found.len());
        for f in found {
            plan.push(match f {
                Some((id, kind, size)) if kind == "blob" => {
                    if size > self.max_bytes {
                        Some(Err(size))
                    } else {
                        wanted.push(id);
                        Some(Ok(()))
                    }
                }
                _ => None,
            });
        }
        let mut bodies = Vec::with_capacity(wanted.len());
        self.batch("--batch", wanted, |reader, size| {
            let mut body = Vec::with_capacity(size + 1);
            (&mut *reader)
                .take(size as u64 + 1)
                .read_to_end(&mut body)
                .map_err(GitError::Spawn)?;
            if body.pop() != Some(b'\n') || body.len() != size {
                return Err(GitError::Output {
                    args: "cat-file --batch".into(),
                });
            }
            bodies.push(body);
            Ok(())
        })?;
        let mut bodies = bodies.into_iter();
        Ok(plan
            .into_iter()
            .map(|p| match p {
                Some(Ok(())) => bodies.next().map(Content::whole),
                Some(Err(size)) => Some(Content::refused(
                    Vec::new(),
                    Refusal::TooLarge { size: size as u64 },
                )),
                None => None,
            })
            .collect())
    }

    /// One `git cat-file MODE` process over `names`: each answer's id, type and size, `None`
    /// for a missing one; `body` reads an object's content after its header (`--batch`).
    fn batch(
        &self,
        mode: &str,
        names: Vec<String>,
        mut body: impl FnMut(&mut BufReader<std::process::ChildStdout>, usize) -> Result<(), GitError>,
    ) -> Result<Vec<Option<Header>>, GitError> {
        if names.is_empty() {
            return Ok(Vec::new());
        }
        let args = format!("cat-file {mode}");
        let mut child = self
            .command()
            .args(["cat-file", mode])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(GitError::Spawn)?;
        let mut stdin = child.stdin.take().expect("stdin is piped");
        // A path with a line break cannot be named on a batch line; it reads as missing.
        let valid: Vec<bool> = names.iter().map(|n| !n.contains(['\n', '\r'])).collect();
        let input: Vec<String> = names
            .into_iter()
            .zip(&valid)
            .filter(|(_, ok)| **ok)
            .map(|(n, _)| n)
            .collect();
        // Write from another thread: git answers while we write, and both pipes are bounded.
        let writer = std::thread::spawn(move || -> std::io::Result<()> {
            let mut w = std::io::BufWriter::new(&mut stdin);
            for n in &input {
                w.write_all(n.as_bytes())?;
                w.write_all(b"\n")?;
            }
            w.flush()
        });
        let mut reader = BufReader::new(child.stdout.take().expect("stdout is piped"));
        let mut results = Vec::with_capacity(valid.len());
        let mut header = String::new();
        for ok in valid {
            if !ok {
                results.push(None);
                continue;
            }
            header.clear();
            if reader.read_line(&mut header).map_err(GitError::Spawn)? == 0 {
                return Err(GitError::Output { args });
            }
            let line = header.trim_end();
            if line.ends_with(" missing") || line.ends_with(" ambiguous") {
                results.push(None);
                continue;
            }
            let Some(found) = parse_header(line) else {
                return Err(GitError::Output { args });
            };
            if mode == "--batch" {
                body(&mut reader, found.2)?;
            }
            results.push(Some(found));
        }
        drop(reader);
        writer
            .join()
            .expect("the writer thread does not panic")
            .map_err(GitError::Spawn)?;
        let status = child.wait().map_err(GitError::Spawn)?;
        if !status.success() {
            let mut stderr = String::new();
            if let Some(mut e) = child.stderr.take() {
                let _ = e.read_to_string(&mut stderr);
            }
            return Err(GitError::Command {
                args,
                stderr: stderr.trim().to_string(),
            });
        }
        Ok(results)
    }

    /// Every file path in `tree`: a commit's tree, the index, or the work tree's tracked and
    /// untracked (not ignored) files.
    pub fn list(&self, tree: &Tree) -> Result<Vec<String>, GitError> {
        let args: Vec<&str> = match tree {
            Tree::Commit(id) => vec![
                "ls-tree",
                "-r",
                "-z",
                "--name-only",
                "--full-tree",
                id.as_str(),
            ],
            Tree::Index => vec!["ls-files", "-z", "--cached", "--full-name"],
            Tree::WorkTree => vec![
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
                "--full-name",
            ],
        };
        let (_, out) = self.run(&args, &[])?;
        let mut paths: Vec<String> = split_z(&out).collect();
        paths.dedup();
        Ok(paths)
    }

    /// The paths in `tree` whose content contains any of the fixed strings `needles`. Fast
    /// for a few needles; `git grep` slows down sharply with hundreds of them.
    pub fn grep(&self, tree: &Tree, needles: &[String]) -> Result<Vec<String>, GitError> {
        if needles.is_empty() {
            return Ok(Vec::new());
        }
        let mut owned: Vec<String> = ["grep", "-l", "-z", "-F", "-I", "--no-color"]
            .map(String::from)
            .to_vec();
        for n in needles {
            owned.push("-e".into());
            owned.push(n.clone());
        }
        match tree {
            Tree::Commit(id) => owned.push(id.clone()),
            Tree::Index => owned.push("--cached".into()),
            Tree::WorkTree => owned.push("--untracked".into()),
        }
        owned.push("--".into());
        let args: Vec<&str> = owned.iter().map(String::as_str).collect();
        // Exit code 1 means no match.
        let (_, out) = self.run(&args, &[1])?;
        let prefix = match tree {
            Tree::Commit(id) => format!("{id}:"),
            _ => String::new(),
        };
        Ok(split_z(&out)
            .map(|p| p.strip_prefix(&prefix).map(str::to_string).unwrap_or(p))
            .collect())
    }
}

fn split_z(out: &[u8]) -> impl Iterator<Item = String> + '_ {
    out.split(|b| *b == 0)
        .filter(|s| !s.is_empty())
        .map(|s| String::from_utf8_lossy(s).into_owned())
}

/// The most paths named on one git command line.
const PATHS_PER_COMMAND: usize = 1_000;

/// The mode git gives a symbolic link.
const LINK_MODE: &str = "120000";

fn blob_id(s: &str) -> Option<String> {
    (!s.is_empty() && !s.bytes().all(|b| b == b'0')).then(|| s.to_string())
}

/// Parses `git diff --raw -z --no-abbrev`: `:MODE MODE ID ID STATUS\0PATH\0`, with a second
/// path for renames and copies. An all-zero id is a side that does not exist, or a work-tree
/// file not yet hashed.
pub fn parse_raw(out: &[u8]) -> Option<Vec<FileChange>> {
    let mut fields = out
        .split(|b| *b == 0)
        .filter(|s| !s.is_empty())
        .map(|s| String::from_utf8_lossy(s).into_owned());
    let mut changes = Vec::new();
    while let Some(header) = fields.next() {
        let parts: Vec<&str> = header.trim_start_matches(':').split(' ').collect();
        let [base_mode, head_mode, base_id, head_id, status] = parts[..] else {
            return None;
        };
        let path = fields.next()?;
        let (base_blob, head_blob) = (blob_id(base_id), blob_id(head_id));
        let (base_link, head_link) = (base_mode == LINK_MODE, head_mode == LINK_MODE);
        changes.push(match status.chars().next()? {
            'A' => FileChange {
                head: Some(path),
                head_blob,
                head_link,
                ..FileChange::default()
            },
            'D' => FileChange {
                base: Some(path),
                base_blob,
                base_link,
                ..FileChange::default()
            },
            'R' => FileChange {
                base: Some(path),
                head: Some(fields.next()?),
                base_blob,
                head_blob,
                identical: status == "R100",
                base_link,
                head_link,
            },
            // A copy leaves its source as it was: only the new path changed.
            'C' => FileChange {
                head: Some(fields.next()?),
                head_blob,
                head_link,
                ..FileChange::default()
            },
            _ => FileChange {
                base: Some(path.clone()),
                head: Some(path),
                base_blob,
                head_blob,
                identical: false,
                base_link,
                head_link,
            },
        });
    }
    Some(changes)
}

fn is_full_id(s: &str) -> bool {
    matches!(s.len(), 40 | 64) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The `git fetch` that makes `rev` available: a full commit id by id, `REMOTE/BRANCH` into
/// its remote-tracking ref, a bare name into the ref of the same name. `history` asks for the
/// history too (for a merge base), which a shallow clone must unshallow.
pub fn fetch_command(rev: &str, remotes: &[String], shallow: bool, history: bool) -> String {
    let default = remotes
        .iter()
        .find(|r| *r == "origin")
        .or(remotes.first())
        .map_or("origin", String::as_str);
    let depth = match (history, shallow) {
        (false, _) => " --depth=1",
        (true, true) => " --unshallow",
        (true, false) => "",
    };
    let rev = rev.strip_prefix("refs/remotes/").unwrap_or(rev);
    if let Some((remote, branch)) = rev
        .split_once('/')
        .filter(|(r, b)| remotes.iter().any(|x| x == r) && !b.is_empty())
    {
        return format!(
            "git fetch --no-tags{depth} {remote} {branch}:refs/remotes/{remote}/{branch}"
        );
    }
    if is_full_id(rev) {
        return format!("git fetch --no-tags{depth} {default} {rev}");
    }
    let plain = !rev.is_empty()
        && rev
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.'));
    if plain && !rev.starts_with('-') && !rev.contains("..") {
        return format!("git fetch --no-tags{depth} {default} {rev}:{rev}");
    }
    // An expression (`HEAD~3`, an abbreviated id) needs the history it is relative to.
    if shallow {
        format!("git fetch --no-tags --unshallow {default}")
    } else {
        format!("git fetch --no-tags {default}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn git(dir: &Path, args: &[&str]) {
        let out = Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_AUTHOR_NAME", "T")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "T")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    #[test]
    fn a_blob_over_the_limit_is_sized_and_never_read() {
        let dir = tempfile::tempdir().unwrap();
        git(dir.path(), &["init", "-q"]);
        std::fs::write(dir.path().join("big.sla.yaml"), "x".repeat(100)).unwrap();
        std::fs::write(dir.path().join("ok.sla.yaml"), "a: 1\n").unwrap();
        git(dir.path(), &["add", "-A"]);
        git(dir.path(), &["commit", "-q", "-m", "c"]);
        // A limit of 10 bytes: the 100-byte blob is over it, the 5-byte one ("a: 1\n") not.
        let repo = Repo::discover(dir.path()).unwrap().with_max_bytes(10);
        let head = Tree::Commit(repo.resolve("HEAD").unwrap());
        let got = repo
            .read(
                &head,
                &["big.sla.yaml".into(), "ok.sla.yaml".into(), "none".into()],
            )
            .unwrap();
        assert_eq!(
            got,
            [
                Some(Content::refused(
                    Vec::new(),
                    Refusal::TooLarge { size: 100 }
                )),
                Some(Content::whole(b"a: 1\n".to_vec())),
                None,
            ]
        );
        // By blob id too, and from the index.
        let refs = repo.list_refs(&head).unwrap();
        let by_id = repo.read_refs(&refs).unwrap();
        assert_eq!(
            by_id[0].as_ref().unwrap().refused,
            Some(Refusal::TooLarge { size: 100 })
        );
        let staged = repo.read(&Tree::Index, &["big.sla.yaml".into()]).unwrap();
        assert_eq!(staged[0].as_ref().unwrap().bytes, b"");
    }

    #[test]
    fn raw_diff_reads_every_kind() {
        let (a, b, z) = ("a".repeat(40), "b".repeat(40), "0".repeat(40));
        let out = format!(
            ":100644 100644 {a} {b} M\0m.sla.yaml\0:000000 100644 {z} {b} A\0n.sla.yaml\0:100644 000000 {a} {z} D\0o.sla.yaml\0\
             :100644 100644 {a} {a} R100\0p.sla.yaml\0q.sla.yaml\0:100644 100644 {a} {b} R087\0f\0g\0:100644 100644 {a} {b} C075\0h\0i\0\
             :100644 100644 {a} {z} M\0w.sla.yaml\0"
        );
        let c = parse_raw(out.as_bytes()).unwrap();
        assert_eq!(c.len(), 7);
        assert_eq!(
            c[0],
            FileChange {
                base: Some("m.sla.yaml".into()),
                head: Some("m.sla.yaml".into()),
                base_blob: Some(a.clone()),
                head_blob: Some(b.clone()),
                identical: false,
                base_link: false,
                head_link: false,
            }
        );
        assert_eq!(
            (c[1].base.as_deref(), c[1].head_blob.as_deref()),
            (None, Some(b.as_str()))
        );
        assert_eq!(
            (c[2].head.as_deref(), c[2].base_blob.as_deref()),
            (None, Some(a.as_str()))
        );
        assert!(c[3].identical);
        assert_eq!(
            (c[4].base.as_deref(), c[4].head.as_deref(), c[4].identical),
            (Some("f"), Some("g"), false)
        );
        assert_eq!(
            (c[5].base.as_deref(), c[5].head.as_deref()),
            (None, Some("i"))
        );
        // A work-tree file has no blob id yet.
        assert_eq!(c[6].head_blob, None);
        assert!(parse_raw(b":100644 100644 x y M\0").is_none());
        assert_eq!(parse_raw(b"").unwrap(), []);
    }

    #[test]
    fn fetch_commands_name_the_missing_ref() {
        let remotes = ["origin".to_string(), "upstream".to_string()];
        assert_eq!(
            fetch_command("origin/main", &remotes, true, false),
            "git fetch --no-tags --depth=1 origin main:refs/remotes/origin/main"
        );
        assert_eq!(
            fetch_command("upstream/release/2", &remotes, false, false),
            "git fetch --no-tags --depth=1 upstream release/2:refs/remotes/upstream/release/2"
        );
        assert_eq!(
            fetch_command("origin/main", &remotes, true, true),
            "git fetch --no-tags --unshallow origin main:refs/remotes/origin/main"
        );
        let id = "3f2a1c0d3f2a1c0d3f2a1c0d3f2a1c0d3f2a1c0d";
        assert_eq!(
            fetch_command(id, &remotes, true, false),
            format!("git fetch --no-tags --depth=1 origin {id}")
        );
        assert_eq!(
            fetch_command("main", &remotes, false, false),
            "git fetch --no-tags --depth=1 origin main:main"
        );
        assert_eq!(
            fetch_command("HEAD~3", &remotes, true, false),
            "git fetch --no-tags --unshallow origin"
        );
        assert_eq!(
            fetch_command("main", &[], false, false),
            "git fetch --no-tags --depth=1 origin main:main"
        );
    }
}
