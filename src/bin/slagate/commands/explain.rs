//! `slagate explain`: print a rule's documentation, or list every rule.

use std::io::Write;

use anyhow::bail;
use slagate::diagnostic::Code;

use crate::ExitStatus;
use crate::args::ExplainArgs;

pub(crate) fn run(args: &ExplainArgs, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    if args.list {
        let width = Code::ALL
            .iter()
            .map(|c| c.as_str().len())
            .max()
            .unwrap_or(0);
        for c in Code::ALL {
            writeln!(
                out,
                "{:<width$}  {:<7}  {}",
                c.as_str(),
                c.default_level().as_str(),
                c.summary()
            )?;
        }
        return Ok(ExitStatus::Success);
    }
    let name = args.rule.as_deref().unwrap_or_default();
    let Some(code) = Code::from_name(name) else {
        let mut close: Vec<&str> = Code::ALL
            .iter()
            .map(|c| c.as_str())
            .filter(|c| c.contains(name) || name.contains(*c))
            .collect();
        if close.is_empty() {
            close = slagate::policy::similar_rules(name)
                .iter()
                .map(|c| c.as_str())
                .collect();
        }
        if close.is_empty() {
            bail!("unknown rule `{name}`; `slagate explain --list` prints every rule");
        }
        bail!("unknown rule `{name}`; similar rules: {}", close.join(", "));
    };
    write!(out, "{}", slagate::report::explain(code))?;
    Ok(ExitStatus::Success)
}
