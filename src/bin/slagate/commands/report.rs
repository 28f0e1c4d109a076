//! `slagate report`: read the agreements and the data, count (`slagate::measure`), render.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, anyhow};
use jiff::Timestamp;
use slagate::discover;
use slagate::measure::data::{self, Data, DataError, bindings, detect};
use slagate::measure::period::Period;
use slagate::measure::{self, Request, prometheus};
use slagate::model::{Date, SlaDocument};
use slagate::report::attainment::{self, AttainmentFormat};
use slagate::source::Limits;

use super::validate::{check_paths, display_path, load_policy, only_valid};
use crate::ExitStatus;
use crate::args::{ColorArg, FailOnArg, FormatArg, OutputArgs, ReportArgs, ReportFormatArg};

/// The most a data file may hold: a year of a thousand agreements' tickets is about 90 MB.
const MAX_DATA_BYTES: usize = 512 << 20;

impl From<ReportFormatArg> for AttainmentFormat {
    fn from(f: ReportFormatArg) -> AttainmentFormat {
        match f {
            ReportFormatArg::Human => AttainmentFormat::Human,
            ReportFormatArg::Json => AttainmentFormat::Json,
            ReportFormatArg::Markdown => AttainmentFormat::Markdown,
            ReportFormatArg::Html => AttainmentFormat::Html,
            ReportFormatArg::Csv => AttainmentFormat::Csv,
        }
    }
}

pub(crate) fn run(args: &ReportArgs, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    let cwd = std::env::current_dir().context("cannot determine the working directory")?;
    let root = discover::find_root(&cwd);
    let output = OutputArgs {
        format: FormatArg::Human,
        color: ColorArg::Auto,
        fail_on: Some(FailOnArg::Error),
    };
    let policy = match load_policy(args.config.as_deref(), &root, &cwd, &output, out)? {
        Ok(p) => p,
        Err(status) => return Ok(status),
    };
    let period = period(args)?;
    let now = match &args.now {
        Some(s) => s
            .parse::<Timestamp>()
            .map_err(|e| anyhow!("--now: `{s}` is not an RFC 3339 time with a zone ({e})"))?,
        None => Timestamp::now(),
    };
    // The agreements: only documents that validate are reported.
    let today = Date::from_days_since_epoch(now.as_second().div_euclid(86_400));
    // The data files are read on a thread of their own while the agreements are checked (a
    // year of tickets is the longest read); what goes wrong in them is told only once the
    // agreements validate, as when they were read after.
    let (checked, read) = std::thread::scope(|s| {
        let reader = s.spawn(|| read_data_files(args, &cwd, period, now));
        let checked = check_paths(&args.paths, &root, &cwd, &policy, today);
        let read = reader
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (checked, read)
    });
    let checked = checked?;
    let docs = match only_valid(
        checked,
        "slagate report counts only agreements that validate: fix the errors above first",
        out,
    )? {
        Ok(docs) => docs,
        Err(status) => return Ok(status),
    };
    if docs.is_empty() {
        return Err(anyhow!(
            "no agreements found{}",
            if args.paths.is_empty() {
                " in the repository".to_string()
            } else {
                String::new()
            }
        ));
    }
    let (bindings, mut all, request) = read?;
    if let Some(b) = &bindings {
        let client = match &args.prometheus {
            Some(url) => {
                Some(prometheus::Client::new(url).map_err(|e| anyhow!("--prometheus: {e}"))?)
            }
            None => None,
        };
        for binding in &b.objectives {
            match &binding.source {
                // Already resolved against the bindings file's directory.
                bindings::Source::File { path: file, .. } => {
                    let (shown, bytes) = read_data(file, &cwd)?;
                    let text = String::from_utf8(bytes).map_err(|e| {
                        anyhow!("{shown}: not UTF-8 (byte {})", e.utf8_error().valid_up_to())
                    })?;
                    all.series.push(
                        data::prometheus::read(&shown, &text, &binding.target())
                            .map_err(data_error)?,
                    );
                }
                bindings::Source::Query(query) => {
                    let Some(client) = &client else {
                        return Err(data_error(DataError {
                            origin: binding.origin.clone(),
                            message: format!(
                                "objective `{}` is bound to a query, and no --prometheus server was given",
                                binding.objective
                            ),
                            help: Some(
                                "give --prometheus URL, or bind a saved answer with `file:`".into(),
                            ),
                        }));
                    };
                    let Some((start, end)) = span(&docs, binding, period) else {
                        continue;
                    };
                    let mut series = client
                        .fetch(binding, start, end)
                        .map_err(data_error)?
                        .series;
                    series.source.clone_from(query);
                    all.series.push(series);
                }
            }
        }
    }
    let refused = |errors: Vec<DataError>| -> anyhow::Result<ExitStatus> {
        let mut stderr = std::io::stderr().lock();
        for e in &errors {
            writeln!(stderr, "slagate: error: {e}")?;
        }
        Ok(ExitStatus::Error)
    };
    let breaches = if args.format == ReportFormatArg::Json {
        // Written as each agreement is counted: none is held once written.
        let mut each = match measure::Agreements::new(&docs, &all, &request) {
            Ok(each) => each,
            Err(errors) => return refused(errors),
        };
        attainment::json::write_each(&mut each, out)?;
        each.breaches()
    } else {
        let report = match measure::report(&docs, &all, &request) {
            Ok(r) => r,
            Err(errors) => return refused(errors),
        };
        let text = attainment::render(&report, args.format.into());
        out.write_all(text.as_bytes())?;
        if args.format == ReportFormatArg::Markdown {
            step_summary(&text)?;
        }
        report.agreements.iter().map(|a| a.breaches).sum()
    };
    // The process ends with this command: the documents and the data are not freed one by one.
    std::mem::forget(all);
    std::mem::forget(docs);
    Ok(if args.fail_on_breach && breaches > 0 {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// The bindings file, the data files and the fees file, read and merged; the request with
/// which kinds of data were given.
fn read_data_files(
    args: &ReportArgs,
    cwd: &Path,
    period: Period,
    now: Timestamp,
) -> anyhow::Result<(Option<bindings::Bindings>, Data, Request)> {
    let bindings = match &args.bindings {
        Some(path) => {
            let (shown, bytes) = read_data(path, cwd)?;
            Some(bindings::read(&shown, bytes).map_err(data_error)?)
        }
        None => None,
    };
    let components: HashMap<String, String> = bindings
        .as_ref()
        .map(|b| {
            b.components
                .iter()
                .map(|c| (c.name.clone(), c.service.clone()))
                .collect()
        })
        .unwrap_or_default();
    let mut all = Data::default();
    let mut request = Request {
        period,
        now,
        outages_given: false,
        tickets_given: false,
        counts_given: false,
    };
    for path in &args.data {
        let (shown, mut file) = open_data(path, cwd)?;
        let (kind, data) =
            detect::read_stream(&shown, &mut file, &components).map_err(data_error)?;
        match kind {
            detect::Kind::Incidents | detect::Kind::Statuspage => request.outages_given = true,
            detect::Kind::Tickets => request.tickets_given = true,
            detect::Kind::Counts => request.counts_given = true,
            detect::Kind::Fees => {}
        }
        merge(&mut all, data)?;
    }
    if let Some(path) = &args.fees {
        let (shown, bytes) = read_data(path, cwd)?;
        let kind = detect::kind(&shown, &bytes).map_err(data_error)?;
        if kind != detect::Kind::Fees {
            return Err(anyhow!(
                "--fees: {shown} is {}, not a fees file (subject, period, amount, currency)",
                kind.describe()
            ));
        }
        merge(
            &mut all,
            detect::read_as(kind, &shown, &bytes, &components).map_err(data_error)?,
        )?;
    }
    Ok((bindings, all, request))
}

fn period(args: &ReportArgs) -> anyhow::Result<Period> {
    let date = |flag: &str, s: &str| Date::parse(s).map_err(|e| anyhow!("--{flag}: {}", e.message));
    match (&args.period, &args.from, &args.to) {
        (Some(p), _, _) => Period::parse(p).map_err(|e| anyhow!("--period: {e}")),
        (None, Some(from), Some(to)) => {
            Period::between(date("from", from)?, date("to", to)?).map_err(|e| anyhow!(e))
        }
        _ => Err(anyhow!("give --period, or --from and --to")),
    }
}

/// A data file's shown path and bytes, read as SLA files are (no link followed, nothing but
/// a regular file, bounded).
pub(super) fn read_data(path: &Path, cwd: &Path) -> anyhow::Result<(Arc<str>, Vec<u8>)> {
    let shown: Arc<str> = display_path(path, cwd).into();
    let abs: PathBuf = std::path::absolute(path).with_context(|| format!("cannot read {shown}"))?;
    let content = discover::read_file(&abs, None, MAX_DATA_BYTES)
        .with_context(|| format!("cannot read {shown}"))?;
    if let Some(r) = content.refused {
        let limits = Limits {
            max_bytes: MAX_DATA_BYTES,
            ..Limits::default()
        };
        return Err(anyhow!("{}", r.diagnostic(&shown, &limits).message));
    }
    Ok((shown, content.bytes))
}

/// A data file opened as [`read_data`] reads it, to be read a block at a time (a year of
/// tickets is some 90 MB of CSV; only a block of it is held at once).
fn open_data(path: &Path, cwd: &Path) -> anyhow::Result<(Arc<str>, Bounded)> {
    let shown: Arc<str> = display_path(path, cwd).into();
    let abs: PathBuf = std::path::absolute(path).with_context(|| format!("cannot read {shown}"))?;
    match discover::open_file(&abs, None, MAX_DATA_BYTES)
        .with_context(|| format!("cannot read {shown}"))?
    {
        Ok((file, _)) => Ok((
            shown,
            Bounded {
                file,
                left: MAX_DATA_BYTES as u64,
            },
        )),
        Err(content) => {
            let limits = Limits {
                max_bytes: MAX_DATA_BYTES,
                ..Limits::default()
            };
            Err(match content.refused {
                Some(r) => anyhow!("{}", r.diagnostic(&shown, &limits).message),
                None => anyhow!("cannot read {shown}"),
            })
        }
    }
}

/// A file read up to the data limit: one that grows past it while it is read is an error,
/// never cut short in silence.
struct Bounded {
    file: std::fs::File,
    left: u64,
}

impl std::io::Read for Bounded {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.file.read(buf)?;
        if n as u64 > self.left {
            return Err(std::io::Error::other(format!(
                "it grew past {MAX_DATA_BYTES} bytes while it was read"
            )));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

#[allow(clippy::needless_pass_by_value)] // used as `map_err(data_error)`
pub(super) fn data_error(e: DataError) -> anyhow::Error {
    anyhow!("{e}")
}

fn merge(all: &mut Data, more: Data) -> anyhow::Result<()> {
    all.outages.extend(more.outages);
    all.tickets
        .append(more.tickets)
        .map_err(|_| anyhow!("the tickets files hold more tickets than one report holds (over four billion rows, or over 4 GiB of ids in 32,768 of them): report them in parts"))?;
    all.counts.extend(more.counts);
    all.fees.extend(more.fees);
    all.series.extend(more.series);
    all.ignored.extend(more.ignored);
    Ok(())
}

/// The instants a bound objective's windows cover in the period, from every agreement the
/// binding applies to.
fn span(
    docs: &[SlaDocument],
    binding: &bindings::Binding,
    period: Period,
) -> Option<(Timestamp, Timestamp)> {
    docs.iter()
        .filter(|d| binding.agreement.as_deref().is_none_or(|a| a == d.id.value))
        .filter_map(|d| {
            let o = d.spec.objective(&binding.objective)?;
            measure::run::span(d, o, period)
        })
        .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)))
}

/// Inside GitHub Actions, the Markdown report also goes to the step summary.
fn step_summary(text: &str) -> anyhow::Result<()> {
    if std::env::var_os("GITHUB_ACTIONS").is_none_or(|v| v != "true") {
        return Ok(());
    }
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY") else {
        return Ok(());
    };
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&path)
        .with_context(|| "cannot write the step summary (GITHUB_STEP_SUMMARY)")?;
    f.write_all(text.as_bytes())?;
    Ok(())
}
