//! One module per subcommand; each returns an [`ExitStatus`] or a tool failure.

mod check;
mod compare;
mod diff;
mod explain;
mod github;
mod import;
mod report;
mod schema;
mod validate;

use std::io::Write;

use crate::ExitStatus;
use crate::args::{Cli, ColorArg, Command};

/// Runs the parsed command line.
pub(crate) fn run(cli: Cli, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    match cli.command {
        Command::Validate(a) => validate::run(&a, out),
        Command::Diff(a) => diff::run(&a, out),
        Command::Check(a) => check::run(&a, out),
        Command::Schema(a) => schema::run(&a, out),
        Command::Explain(a) => explain::run(&a, out),
        Command::Github(a) => github::run(&a, out),
        Command::Import(a) => import::run(&a, out),
        Command::Report(a) => report::run(&a, out),
    }
}

/// Whether to colour human output.
pub(crate) fn use_color(arg: ColorArg) -> bool {
    use std::io::IsTerminal;
    match arg {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

/// Today's date in UTC.
pub(crate) fn today_utc() -> slagate::model::Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    slagate::model::Date::from_days_since_epoch(i64::try_from(secs / 86_400).unwrap_or(0))
}

/// `--today DATE`, else today's date in UTC.
pub(crate) fn parse_today(arg: Option<&str>) -> anyhow::Result<slagate::model::Date> {
    match arg {
        Some(s) => {
            slagate::model::Date::parse(s).map_err(|e| anyhow::anyhow!("--today: {}", e.message))
        }
        None => Ok(today_utc()),
    }
}
