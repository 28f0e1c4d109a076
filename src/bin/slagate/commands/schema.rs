//! `slagate schema`: print the embedded JSON Schema.

use std::io::Write;

use anyhow::Context;

use crate::ExitStatus;
use crate::args::SchemaArgs;

pub(crate) fn run(args: &SchemaArgs, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    let text = if args.policy {
        slagate::schema::POLICY_SCHEMA
    } else {
        slagate::schema::SLA_SCHEMA
    };
    let newline = if text.ends_with('\n') { "" } else { "\n" };
    match &args.out {
        None => write!(out, "{text}{newline}")?,
        Some(path) => {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("creating {}", parent.display()))?;
            }
            std::fs::write(path, format!("{text}{newline}"))
                .with_context(|| format!("writing {}", path.display()))?;
            writeln!(out, "wrote {}", path.display())?;
        }
    }
    Ok(ExitStatus::Success)
}
