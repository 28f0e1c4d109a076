//! CLI tests: the real binary, run in temporary directories, snapshotted with insta.
//!
//! One binary for everything that drives `slagate`: `validate`, `diff`, `check`, `github`
//! (against the local GitHub of `tests/support/github/`), `action` (`action.yml`'s steps run
//! as a runner runs them), `pre_commit`, and `mock`, the tests of that local GitHub itself.
//! The library-level corpora (`corpus`, `diff_corpus`) and the docs checks (`docs`) are
//! binaries of their own: they never run the binary.
//!
//! Snapshots hold the exit code, stdout and stderr together, so a reviewer reads what a user
//! would see. Temporary paths are replaced by `[TMP]` and the version by `[VERSION]`.

#[path = "../support/git.rs"]
mod git;
#[path = "../support/github/mod.rs"]
mod github_mock;

// The action's steps are bash scripts; they run where bash and the Unix tools do.
#[cfg(unix)]
mod action;
mod check;
mod diff;
mod export;
mod github;
mod github_gate;
mod github_governance;
mod github_lists;
mod github_net;
mod github_races;
#[cfg(unix)]
mod hostile;
mod import;
mod init;
mod mock;
mod policy_path;
mod pre_commit;
mod render;
mod report;
mod validate;

use std::path::{Path, PathBuf};
use std::process::Command;

/// A scratch directory with files, in which the binary runs.
pub(crate) struct CliTest {
    dir: tempfile::TempDir,
}

/// What a run produced.
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Run {
    /// Exit code, stdout and stderr in one text for a snapshot.
    pub(crate) fn snapshot(&self) -> String {
        format!(
            "exit code: {}\n----- stdout -----\n{}----- stderr -----\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

impl CliTest {
    pub(crate) fn new() -> CliTest {
        CliTest {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (creating directories).
    pub(crate) fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> &CliTest {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
        self
    }

    /// Copies a fixture from `tests/fixtures/` to `rel`.
    pub(crate) fn fixture(&self, fixture: &str, rel: &str) -> &CliTest {
        let src = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(fixture);
        self.write(
            rel,
            std::fs::read(&src).unwrap_or_else(|e| panic!("{}: {e}", src.display())),
        )
    }

    /// A command for the binary in this directory, with a clean, deterministic environment.
    pub(crate) fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_slagate"));
        c.args(args).current_dir(self.dir.path());
        for var in [
            "NO_COLOR",
            "GITHUB_ACTIONS",
            "GITHUB_TOKEN",
            "GITHUB_EVENT_PATH",
            "GITHUB_OUTPUT",
            "GITHUB_STEP_SUMMARY",
        ] {
            c.env_remove(var);
        }
        c.env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null");
        c
    }

    /// Runs the binary with `args`.
    pub(crate) fn run(&self, args: &[&str]) -> Run {
        self.run_command(&mut self.command(args))
    }

    pub(crate) fn run_command(&self, c: &mut Command) -> Run {
        let out = c.output().unwrap();
        let clean = |b: &[u8]| {
            String::from_utf8_lossy(b)
                .replace(&self.dir.path().display().to_string(), "[TMP]")
                .replace(env!("CARGO_PKG_VERSION"), "[VERSION]")
        };
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: clean(&out.stdout),
            stderr: clean(&out.stderr),
        }
    }

    /// Runs git in the directory, panicking on failure.
    pub(crate) fn git(&self, args: &[&str]) -> String {
        git::run(self.dir.path(), args)
    }
}
