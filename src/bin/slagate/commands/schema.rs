//! `slagate schema`: print the embedded JSON Schema.

use std::io::Write;

use crate::ExitStatus;
use crate::args::SchemaArgs;

pub(crate) fn run(args: &SchemaArgs, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    let text = if args.policy {
        slagate::schema::POLICY_SCHEMA
    } else {
        slagate::schema::SLA_SCHEMA
    };
    out.write_all(text.as_bytes())?;
    if !text.ends_with('\n') {
        writeln!(out)?;
    }
    Ok(ExitStatus::Success)
}
