//! One module per subcommand; each returns an [`ExitStatus`] or a tool failure.

mod check;
mod compare;
mod diff;
mod explain;
mod export;
mod github;
mod github_governance;
mod import;
mod init;
mod render;
mod report;
mod schema;
mod validate;

use std::io::Write;

use crate::ExitStatus;
use crate::args::{Cli, ColorArg, Command, ManArgs};

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
        Command::Export(a) => export::run(&a, out),
        Command::Render(a) => render::run(&a, out),
        Command::Init(a) => init::run(&a, out),
        Command::Completions(a) => {
            use clap::CommandFactory;
            clap_complete::generate(a.shell, &mut Cli::command(), "slagate", out);
            Ok(ExitStatus::Success)
        }
        Command::Man(a) => man(&a, out),
    }
}

/// `slagate man`: the roff page of slagate or of one of its commands, or every page as files.
fn man(args: &ManArgs, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    use anyhow::Context;
    use clap::CommandFactory;
    let mut cmd = Cli::command().disable_help_subcommand(true);
    if let Some(dir) = &args.out_dir {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        clap_mangen::generate_to(cmd, dir).with_context(|| format!("writing {}", dir.display()))?;
        writeln!(out, "wrote the manual pages into {}", dir.display())?;
        return Ok(ExitStatus::Success);
    }
    // Built first, so a subcommand's page is named `slagate-validate` as the list refers to it.
    cmd.build();
    let mut page = &cmd;
    for name in &args.command {
        page = page.find_subcommand(name).ok_or_else(|| {
            anyhow::anyhow!(
                "`{}` is not a command of `{}` (see `{} --help`)",
                name,
                page.get_bin_name().unwrap_or("slagate"),
                page.get_bin_name().unwrap_or("slagate"),
            )
        })?;
    }
    clap_mangen::Man::new(page.clone()).render(out)?;
    Ok(ExitStatus::Success)
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
