//! The `slagate` binary: parse arguments, run a command, map the outcome to an exit code.
//!
//! Exit codes (every command): 0 nothing at or above the failing level, 1 findings at or
//! above it, 2 usage error, unreadable input or internal error. A closed stdout (`| head`)
//! is not an error and exits 0, as in ripgrep.

/// mimalloc (v2) instead of the system allocator: validating a repository is mostly small
/// allocations and frees (every scalar the YAML scanner reads is a string), and with glibc's
/// malloc they were about a quarter of the instructions. On the 10,000-file corpus of
/// `scripts/bench.sh`, validation took 0.42 s with glibc and 0.33 s with mimalloc
/// (docs/design.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod args;
mod commands;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

/// What a command concluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExitStatus {
    /// Nothing at or above the failing level.
    Success,
    /// Findings at or above the failing level.
    Failure,
    /// The tool could not do its job.
    Error,
}

impl From<ExitStatus> for ExitCode {
    fn from(s: ExitStatus) -> ExitCode {
        match s {
            ExitStatus::Success => ExitCode::from(0),
            ExitStatus::Failure => ExitCode::from(1),
            ExitStatus::Error => ExitCode::from(2),
        }
    }
}

fn main() -> ExitCode {
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            // Help and version go to stdout; a failure to print them is not worth reporting.
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let result =
        commands::run(cli, &mut out).and_then(|s| out.flush().map(|()| s).map_err(Into::into));
    match result {
        Ok(status) => status.into(),
        Err(err) => {
            if err.chain().any(|c| {
                c.downcast_ref::<io::Error>()
                    .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::from(0);
            }
            let mut stderr = io::stderr().lock();
            let _ = writeln!(stderr, "slagate: error: {err:#}");
            ExitStatus::Error.into()
        }
    }
}
