//! `slagate import sla-directory`: read vendor files, write documents, report every field.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use slagate::discover;
use slagate::import::{self, ErrorAt, Imported, Status, VendorReport};
use slagate::report::import::{PolicyFile, Summary};
use slagate::source::Limits;

use super::parse_today;
use crate::ExitStatus;
use crate::args::{ImportArgs, ImportFormatArg, ImportSource, SlaDirectoryArgs};

pub(crate) fn run(args: &ImportArgs, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    match &args.source {
        ImportSource::SlaDirectory(a) => sla_directory(a, out),
    }
}

fn sla_directory(args: &SlaDirectoryArgs, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    let today = parse_today(args.today.as_deref())?;
    let limits = Limits::default();
    let sources = expand(&args.files)?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create the output directory {}", args.out.display()))?;
    let out_dir = std::path::absolute(&args.out)?;
    let mut reports: Vec<VendorReport> = Vec::new();
    let mut claimed: Vec<(String, String)> = Vec::new();
    for path in &sources {
        let shown = path.display().to_string();
        let report = one(path, &shown, &out_dir, today, &limits, &mut claimed);
        reports.push(report);
    }
    let policy = write_policy(&out_dir)?;
    let summary = Summary {
        out: args.out.display().to_string(),
        policy,
        files: reports,
    };
    match args.format {
        ImportFormatArg::Human => {
            out.write_all(slagate::report::import::human(&summary).as_bytes())?;
        }
        ImportFormatArg::Json => {
            serde_json::to_writer_pretty(&mut *out, &slagate::report::import::json(&summary))?;
            writeln!(out)?;
        }
    }
    let failed = summary.files.iter().any(|r| r.status == Status::Error);
    Ok(if failed {
        ExitStatus::Error
    } else {
        ExitStatus::Success
    })
}

/// The source files: each file as given, each directory's `*.md` files (not below it), in
/// name order.
fn expand(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        let meta =
            std::fs::symlink_metadata(p).with_context(|| format!("cannot read {}", p.display()))?;
        if meta.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(p)
                .with_context(|| format!("cannot list {}", p.display()))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|f| f.extension().is_some_and(|x| x == "md"))
                .collect();
            files.sort();
            if files.is_empty() {
                anyhow::bail!("{} holds no `*.md` vendor files", p.display());
            }
            out.extend(files);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn failed(shown: &str, vendor: Option<String>, message: String) -> VendorReport {
    Imported::failed(
        shown,
        vendor,
        ErrorAt {
            line: 1,
            col: 1,
            message,
        },
    )
    .report
}

/// Imports one file: read it (regular files only, bounded), map it, read what an earlier
/// import wrote, write the new text atomically.
fn one(
    path: &Path,
    shown: &str,
    out_dir: &Path,
    today: slagate::model::Date,
    limits: &Limits,
    claimed: &mut Vec<(String, String)>,
) -> VendorReport {
    let content = match discover::read_file(path, None, limits.max_bytes) {
        Ok(c) => c,
        Err(e) => return failed(shown, None, format!("cannot read the file: {e}")),
    };
    if let Some(r) = &content.refused {
        let shown_arc: std::sync::Arc<str> = shown.into();
        return failed(shown, None, r.diagnostic(&shown_arc, limits).message);
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let parsed = match import::parse_sla_directory(shown, &stem, &content.bytes, limits) {
        Ok(p) => p,
        Err(imported) => return imported.report,
    };
    let name = parsed.file_name();
    if let Some((_, first)) = claimed.iter().find(|(n, _)| *n == name) {
        return failed(
            shown,
            Some(parsed.vendor().to_string()),
            format!(
                "the vendor id `{}` is also the id of {first}, which was imported first; each vendor is one file",
                parsed.vendor()
            ),
        );
    }
    claimed.push((name.clone(), shown.to_string()));
    let target = out_dir.join(&name);
    let previous = match read_previous(&target, out_dir, limits) {
        Ok(p) => p,
        Err(message) => return failed(shown, Some(parsed.vendor().to_string()), message),
    };
    let imported = import::render(&parsed, previous.as_deref(), today);
    if let Some(text) = &imported.text {
        if let Err(e) = write_atomic(&target, text) {
            let mut report = imported.report;
            report.status = Status::Error;
            report.error = Some(ErrorAt {
                line: 1,
                col: 1,
                message: format!("cannot write {}: {e}", target.display()),
            });
            return report;
        }
    }
    imported.report
}

/// The text an earlier import wrote at `target`, if the file exists. A link, a FIFO or a
/// file that is not UTF-8 is refused, not overwritten.
fn read_previous(target: &Path, out_dir: &Path, limits: &Limits) -> Result<Option<String>, String> {
    match discover::read_file(target, Some(out_dir), limits.max_bytes) {
        Ok(c) => {
            if let Some(r) = &c.refused {
                let shown: std::sync::Arc<str> = target.display().to_string().into();
                return Err(format!(
                    "{}; it is not overwritten",
                    r.diagnostic(&shown, limits).message
                ));
            }
            String::from_utf8(c.bytes).map(Some).map_err(|_| {
                format!(
                    "{} exists and is not UTF-8 text; it is not overwritten",
                    target.display()
                )
            })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("cannot read {}: {e}", target.display())),
    }
}

/// Writes `text` to a temporary file beside `target` and renames it over `target`, so a
/// reader sees the old file or the new one, never half of one.
pub(crate) fn write_atomic(target: &Path, text: &str) -> std::io::Result<()> {
    let dir = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Writes `.slagate.yaml` at the root of the git repository that holds `out_dir` (or in
/// `out_dir` outside a repository), with the override for the documents under `out_dir`,
/// unless the file exists.
fn write_policy(out_dir: &Path) -> anyhow::Result<PolicyFile> {
    let root = out_dir
        .ancestors()
        .find(|a| a.join(".git").exists())
        .unwrap_or(out_dir);
    let rel = out_dir.strip_prefix(root).unwrap_or(Path::new(""));
    let rel = rel
        .to_string_lossy()
        .replace(std::path::MAIN_SEPARATOR, "/");
    let path = root.join(slagate::policy::FILE_NAME);
    let Some(text) = import::policy(&rel) else {
        return Ok(PolicyFile::Kept {
            path: path.display().to_string(),
            override_text: None,
        });
    };
    match std::fs::symlink_metadata(&path) {
        Ok(_) => {
            let same = std::fs::read_to_string(&path).is_ok_and(|t| t == text);
            let path = path.display().to_string();
            Ok(if same {
                PolicyFile::Same { path }
            } else {
                PolicyFile::Kept {
                    path,
                    override_text: Some(text),
                }
            })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            write_atomic(&path, &text)
                .with_context(|| format!("cannot write {}", path.display()))?;
            Ok(PolicyFile::Written {
                path: path.display().to_string(),
            })
        }
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}
