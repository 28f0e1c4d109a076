//! Command-line arguments (clap derive). `///` comments are the help users read.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Service level agreements as code: validate SLA files, compare revisions, and gate changes.
#[derive(Debug, Parser)]
#[command(name = "slagate", version, about, long_about = None, max_term_width = 100)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Check SLA files against the schema and the lint rules
    ///
    /// PATHS are files or directories. Directories are searched with the discovery globs
    /// (`include`/`exclude` of .slagate.yaml, or **/*.sla.yaml, **/*.sla.yml, **/*.ola.yaml,
    /// **/*.ola.yml). With no PATHS, the whole repository is searched from its root.
    ///
    /// Example: slagate validate agreements/ --format sarif > findings.sarif
    Validate(ValidateArgs),
    /// Compare the SLAs of two revisions: what got weaker or stronger for the customer
    ///
    /// Reads both sides from git (no checkout): the base revision, and the working tree,
    /// the index (--staged) or another revision (--head). Only SLA files that changed
    /// between them are compared; documents match by metadata.id wherever their files are.
    /// Changed head documents must also be valid: their schema and lint findings are reported
    /// too.
    ///
    /// Example: slagate diff --base merge-base:main --format markdown
    Diff(DiffArgs),
    /// The local change-control gate: may this change merge?
    ///
    /// Compares the working tree (the index with --staged, as a pre-commit hook does) with
    /// the base revision, as `diff` does, and decides as the pull-request gate does, with the
    /// policy and approvers of the base revision: the changed SLAs must be valid; a change of
    /// content must raise metadata.version and add a changelog entry for the new version; a
    /// weakening (or a loosened .slagate.yaml) is listed with the approvals its pull request
    /// will need, as a warning, since there are no reviews locally. Ends with the checklist and
    /// the verdict. Exits 1 when the change cannot merge as it is (--fail-on sets the level of
    /// validity findings that fails).
    ///
    /// Example: slagate check --staged
    Check(CheckArgs),
    /// Print the JSON Schema of SLA documents (for editors and other validators)
    ///
    /// Prints to stdout, or writes FILE with --out (the file the yaml-language-server modeline
    /// `# yaml-language-server: $schema=FILE` of an SLA file points at).
    ///
    /// Example: slagate schema --out schemas/sla.schema.json
    Schema(SchemaArgs),
    /// Explain a rule: what it checks, why it matters, and an example
    ///
    /// Example: slagate explain target-weakened
    Explain(ExplainArgs),
    /// Run the change-control gate on a GitHub pull request (what the GitHub Action runs)
    ///
    /// Reads the pull request from the Actions environment: `GITHUB_EVENT_PATH` (a
    /// `pull_request`, `pull_request_target` or `pull_request_review` event),
    /// `GITHUB_REPOSITORY`, `GITHUB_API_URL` and `GITHUB_TOKEN`. Compares the pull request's base
    /// and head commits (both must be in the clone), with the policy and approvers of the base
    /// revision, collects the approvals, and posts one summary comment and inline review
    /// comments on weakened lines. Writes annotations to stdout, the summary to
    /// `GITHUB_STEP_SUMMARY` and the outputs `verdict`, `weakened`, `strengthened` and
    /// `findings-json` to `GITHUB_OUTPUT`. Exits 1 unless the verdict is `pass`.
    ///
    /// On a `schedule` or `workflow_dispatch` event it keeps the governance tracking issue
    /// instead: the agreements of the checkout whose review is overdue or due soon, whose term
    /// ends soon or has ended, or whose changelog lacks the current version (`governance` in
    /// the policy), with whom to ask. One issue, found by its label; its body is updated in
    /// place, a comment is added only when the list changes, and it is closed when nothing is
    /// due and reopened when something is. Needs `issues: write`. Exits 0 once the issue
    /// shows the list.
    ///
    /// Example (a workflow step): slagate github --config .github/slagate.yaml
    Github(GithubArgs),
    /// Import published SLAs of another format as slagate documents
    ///
    /// Writes one `<vendor>.sla.yaml` per source file into --out, and a `.slagate.yaml` there
    /// (unless one exists) under which a change to a published SLA needs the vendor's side
    /// only. Prints, per source file, what was written and every field that was not mapped,
    /// with why (--format json lists the mapped ones too). Re-importing over the same
    /// directory keeps unchanged files as they are and gives changed documents the next
    /// version and a changelog entry, so `git diff` and `slagate diff` show what each vendor
    /// changed. A source file that cannot be read or parsed is reported with its position and
    /// the others still import; the exit code is then 2.
    ///
    /// Example: slagate import sla-directory sla-data/content/vendors --out vendors
    Import(ImportArgs),
    /// Was the SLA kept? Attainment, breaches, credits owed and claim deadlines, from data
    ///
    /// For each agreement in PATHS (found as `validate` finds them) and each objective, every
    /// window of the period by the objective's own `window`: the covered time in the
    /// calendar's zone, what was measured, the attainment against the target, met or missed
    /// and by how much, the error budget used, the credit owed after floor and cap (money
    /// when --fees are given) and the claim deadline with its channel and evidence. Then per
    /// agreement the breaches, the credit owed and the earliest claim deadline.
    ///
    /// Data files (--data, repeatable) are told apart by their content: incidents (CSV or
    /// JSON: start, end, service or objective), a Statuspage incidents.json (components mapped
    /// to services by --bindings), tickets (CSV: id, severity, opened, first_response,
    /// resolved) and counts (objective, window_start, good, total). Bad data stops the
    /// report with the file and line (exit 1); so does an agreement that does not validate.
    /// How every figure is counted: docs/report.md.
    ///
    /// Examples:
    ///   slagate report policies --period 2026-11 --data incidents.csv --data tickets.csv
    ///   slagate report --from 2026-10-01 --to 2026-12-31 --data incidents.json --format json
    ///   slagate report --period 2026-11 --prometheus http://127.0.0.1:9090 --bindings b.yaml
    ///       --fees fees.csv --format html > report.html
    // Help text, printed verbatim: backticks around column names and the URL would print too.
    #[allow(clippy::doc_markdown)]
    #[command(verbatim_doc_comment)]
    Report(ReportArgs),
    /// Write the objectives as OpenSLO or Sloth documents, for SLO tools
    ///
    /// Reads the agreements (the same paths and discovery as `validate`; only agreements
    /// that validate are exported) and writes, per agreement, OpenSLO v1 `Service` and `SLO`
    /// documents or Sloth `prometheus/v1` documents, to stdout or one file per agreement
    /// (--out DIR). SLI queries come from the bindings file of `slagate report`. What does
    /// not map (covered hours, exclusions, credits, support targets, 100% targets, an
    /// objective without a query...) is listed on stderr per objective with a stable reason;
    /// --strict makes it exit 1. The mapping and every reason: docs/export.md.
    ///
    /// Example: slagate export openslo policies/ --bindings bindings.yaml --out slo/
    Export(ExportArgs),
    /// The agreement as a contract people read: Markdown or one printable HTML page
    ///
    /// For each agreement in PATHS (found as `validate` finds them): the title, the parties
    /// and their contacts, the term and the review due date, then numbered clauses in plain
    /// words (services and scope, definitions, service levels with the allowed downtime,
    /// support by severity, service credits, claims, exclusions, responsibilities, reporting,
    /// notice, termination, cancellation, disputes, compliance), and the changelog with its
    /// approvals. Only agreements that validate are rendered: otherwise the findings go to
    /// stderr and the exit code is 1. Without --out everything goes to stdout (Markdown: one
    /// agreement after another; HTML: one page holding them all); with --out one file per
    /// agreement, `<id>.md` or `<id>.html`, each written whole or not at all.
    ///
    /// With --base REV: the redline from REV to the working tree instead, per changed
    /// agreement the clauses that read differently, before and after, deleted and inserted
    /// words marked, with the change's class and impact (`<id>.redline.md` or
    /// `<id>.redline.html` with --out). Print the HTML to PDF with
    /// `chromium --headless --no-sandbox --print-to-pdf=out.pdf file.html` (docs/render.md).
    ///
    /// Examples:
    ///   slagate render policies/acme-crm.sla.yaml > acme-crm.md
    ///   slagate render --format html --out contracts
    ///   slagate render --base main --format html > redline.html
    // Help text, printed verbatim.
    #[allow(clippy::doc_markdown)]
    #[command(verbatim_doc_comment)]
    Render(RenderArgs),
    /// Start a repository of agreements: a commented starter SLA, its policy, CI and hooks
    ///
    /// Writes into DIR (created if missing): a starter agreement under `agreements/`
    /// (--kind customer: an availability objective of a hosted service with service credits, support
    /// response times by severity and the claim process, and an OLA that supports it;
    /// --kind internal: a Sales and Marketing SLA that binds both ways), its JSON Schema
    /// `schemas/sla.schema.json` (each SLA file's yaml-language-server modeline points at it),
    /// `.slagate.yaml`, the gate's workflow `.github/workflows/slagate.yml` and
    /// `.pre-commit-config.yaml`. Existing files are never overwritten without --force: when
    /// any exists, they are listed, nothing is written and the exit code is 2.
    ///
    /// Example: slagate init my-slas && cd my-slas && git init && slagate check
    Init(InitArgs),
    /// Print a shell completion script (generated from the command-line definitions)
    ///
    /// Example (bash): slagate completions bash > ~/.local/share/bash-completion/completions/slagate
    Completions(CompletionsArgs),
    /// Print the manual page, in roff (generated from the command-line definitions)
    ///
    /// With COMMAND, the page of that command (`slagate man validate`, whose page is
    /// slagate-validate(1)); with --out-dir, every page is written as a file there.
    ///
    /// Example: slagate man > slagate.1 && man ./slagate.1
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub(crate) struct ManArgs {
    /// The command whose page to print, such as `validate` or `import sla-directory`
    pub(crate) command: Vec<String>,
    /// Write every page (slagate.1, slagate-validate.1, ...) into DIR instead
    #[arg(long, value_name = "DIR", conflicts_with = "command")]
    pub(crate) out_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// The directory to write into (created if missing)
    #[arg(default_value = ".")]
    pub(crate) dir: PathBuf,
    /// Which starter agreement to write
    #[arg(long, value_enum, default_value_t = InitKind::Customer)]
    pub(crate) kind: InitKind,
    /// Overwrite files that exist
    #[arg(long)]
    pub(crate) force: bool,
    /// The date the starter takes effect and was last reviewed [default: today, UTC]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub(crate) today: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum InitKind {
    /// A customer SLA of a hosted service and the OLA that supports it
    Customer,
    /// An internal SLA between Sales and Marketing, owed both ways
    Internal,
}

#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub(crate) shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    /// Files or directories of agreements [default: the repository]
    pub(crate) paths: Vec<PathBuf>,
    /// The policy file (its discovery globs) [default: .slagate.yaml at the repository root]
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// The period: a month (2026-11), a quarter (2026-Q4), an ISO week (2026-W45) or a year
    #[arg(long, value_name = "PERIOD", conflicts_with_all = ["from", "to"], required_unless_present = "from")]
    pub(crate) period: Option<String>,
    /// The period's first day (with --to)
    #[arg(long, value_name = "YYYY-MM-DD", requires = "to")]
    pub(crate) from: Option<String>,
    /// The period's last day, inclusive (with --from)
    #[arg(long, value_name = "YYYY-MM-DD", requires = "from")]
    pub(crate) to: Option<String>,
    /// A data file: incidents, a Statuspage export, tickets or counts (repeatable)
    #[arg(long, value_name = "FILE")]
    pub(crate) data: Vec<PathBuf>,
    /// Fees per agreement or service and billing period, for credits as money
    #[arg(long, value_name = "FILE")]
    pub(crate) fees: Option<PathBuf>,
    /// The bindings file: a query or saved answer per objective, Statuspage components
    #[arg(long, value_name = "FILE")]
    pub(crate) bindings: Option<PathBuf>,
    /// A Prometheus server to ask for the bound queries (http or https)
    #[arg(long, value_name = "URL", requires = "bindings")]
    pub(crate) prometheus: Option<String>,
    /// "Now" for tickets still open (RFC 3339) [default: the clock]
    #[arg(long, value_name = "TIME")]
    pub(crate) now: Option<String>,
    /// Exit 1 when any objective missed its target in a window
    #[arg(long)]
    pub(crate) fail_on_breach: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormatArg::Human)]
    pub(crate) format: ReportFormatArg,
}

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// The format to write
    #[arg(value_enum)]
    pub(crate) format: ExportFormatArg,
    /// Files or directories of agreements [default: the repository]
    pub(crate) paths: Vec<PathBuf>,
    /// The policy file (its discovery globs) [default: .slagate.yaml at the repository root]
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// The bindings file of `slagate report`: the SLI query of each objective
    #[arg(long, value_name = "FILE")]
    pub(crate) bindings: Option<PathBuf>,
    /// Write one file per agreement into DIR (created if missing) instead of stdout
    #[arg(long, value_name = "DIR")]
    pub(crate) out: Option<PathBuf>,
    /// Exit 1 when any objective did not map whole (not exported, or without a term)
    #[arg(long)]
    pub(crate) strict: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ExportFormatArg {
    /// OpenSLO v1: a Service per service, an SLO per objective
    Openslo,
    /// Sloth prometheus/v1: a document per service, an SLO per objective
    Sloth,
}

#[derive(Debug, Args)]
pub(crate) struct RenderArgs {
    /// Files or directories of agreements [default: the repository]; with --base, only
    /// changed files under these paths
    pub(crate) paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = RenderFormatArg::Markdown)]
    pub(crate) format: RenderFormatArg,
    /// Write one file per agreement into DIR (created if missing) instead of stdout
    #[arg(long, value_name = "DIR")]
    pub(crate) out: Option<PathBuf>,
    /// Render the redline from this git revision to the working tree
    #[arg(long, value_name = "REV")]
    pub(crate) base: Option<String>,
    /// The policy file (its discovery globs) [default: .slagate.yaml at the repository root;
    /// with --base, of the base revision]
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// Evaluate date-dependent lint rules as of this date [default: today, UTC]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub(crate) today: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum RenderFormatArg {
    /// GitHub-flavoured Markdown
    Markdown,
    /// Self-contained HTML, printable to PDF
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ReportFormatArg {
    /// A summary per agreement and a table per objective, for a terminal
    Human,
    /// The documented JSON contract (docs/report.md)
    Json,
    /// GitHub-flavoured Markdown (an issue, the step summary)
    Markdown,
    /// One self-contained HTML page, printable to PDF
    Html,
    /// One row per objective window
    Csv,
}

#[derive(Debug, Args)]
pub(crate) struct OutputArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = FormatArg::Human, help_heading = "Output")]
    pub(crate) format: FormatArg,
    /// When to colour human output (NO_COLOR is respected)
    // Help text: backticks around NO_COLOR would print literally in --help.
    #[allow(clippy::doc_markdown)]
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, help_heading = "Output")]
    pub(crate) color: ColorArg,
    /// The lowest level that makes the exit code 1 [default: failOn of .slagate.yaml, else error]
    #[arg(long, value_enum, help_heading = "Output")]
    pub(crate) fail_on: Option<FailOnArg>,
}

#[derive(Debug, Args)]
pub(crate) struct ValidateArgs {
    /// Files or directories to check [default: the repository]
    pub(crate) paths: Vec<PathBuf>,
    /// The policy file [default: .slagate.yaml at the repository root, if any]
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// Only check YAML and the JSON Schema (no model checks, no lint rules)
    #[arg(long)]
    pub(crate) schema_only: bool,
    /// Evaluate date-dependent rules (review-overdue) as of this date [default: today, UTC]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub(crate) today: Option<String>,
    #[command(flatten)]
    pub(crate) output: OutputArgs,
}

#[derive(Debug, Args)]
pub(crate) struct DiffArgs {
    /// The base revision: any git revision, or `merge-base:REV` for the merge base of REV and
    /// the head (what a pull request is compared with)
    #[arg(long, value_name = "REV", default_value = "HEAD")]
    pub(crate) base: String,
    /// The head revision [default: the working tree]
    #[arg(long, value_name = "REV", conflicts_with = "staged")]
    pub(crate) head: Option<String>,
    /// Compare the index (staged changes) with the base, as a pre-commit hook does
    #[arg(long)]
    pub(crate) staged: bool,
    /// Only compare changed files under these paths [default: the whole repository]
    pub(crate) paths: Vec<PathBuf>,
    /// The policy file: inside the repository, read from the base revision, as the default
    /// is; outside it, read from disk [default: .slagate.yaml of the base revision, if any]
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// Evaluate date-dependent lint rules on the head as of this date [default: today, UTC]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub(crate) today: Option<String>,
    #[command(flatten)]
    pub(crate) output: OutputArgs,
}

#[derive(Debug, Args)]
pub(crate) struct GithubArgs {
    /// The policy file, read from the pull request's base revision [default: .slagate.yaml]
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<String>,
    /// The lowest level of validation finding that fails the gate [default: failOn of the policy]
    #[arg(long, value_enum)]
    pub(crate) fail_on: Option<FailOnArg>,
    /// Post the summary comment and the inline review comments (on schedule: write the
    /// governance issue)
    #[arg(long, value_name = "BOOL", default_value_t = true, action = clap::ArgAction::Set)]
    pub(crate) comment: bool,
    /// Evaluate date-dependent lint rules, and what the governance issue lists as due, as of
    /// this date (for tests and replays) [default: today, UTC]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub(crate) today: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// The base revision: any git revision, or `merge-base:REV` for the merge base of REV and
    /// HEAD (what a pull request is compared with). In a repository without commits: none
    #[arg(long, value_name = "REV", default_value = "HEAD")]
    pub(crate) base: String,
    /// Check the index (staged changes) instead of the working tree, as a pre-commit hook does
    #[arg(long)]
    pub(crate) staged: bool,
    /// Only check changed files under these paths [default: the whole repository]
    pub(crate) paths: Vec<PathBuf>,
    /// The policy file: inside the repository, read from the base revision, as the default
    /// is; outside it, read from disk [default: .slagate.yaml of the base revision, if any]
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// Evaluate date-dependent lint rules as of this date [default: today, UTC]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub(crate) today: Option<String>,
    #[command(flatten)]
    pub(crate) output: OutputArgs,
}

#[derive(Debug, Args)]
pub(crate) struct SchemaArgs {
    /// Print the schema of the policy file .slagate.yaml instead
    #[arg(long)]
    pub(crate) policy: bool,
    /// Write the schema to FILE (directories are created) instead of stdout
    #[arg(long, value_name = "FILE")]
    pub(crate) out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// The rule id, such as `target-weakened` or `credit-gap`
    #[arg(required_unless_present = "list")]
    pub(crate) rule: Option<String>,
    /// List every rule with its level and summary
    #[arg(long, conflicts_with = "rule")]
    pub(crate) list: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    #[command(subcommand)]
    pub(crate) source: ImportSource,
}

#[derive(Debug, Subcommand)]
pub(crate) enum ImportSource {
    /// Vendor files of the SLA.directory dataset (Markdown with YAML front matter)
    ///
    /// FILES are vendor files (`vendors/atlassian.md`) or directories of them (every `*.md`
    /// directly inside). Each becomes a document for the baseline terms and one per entry of
    /// `sla_tiers`: an availability objective per covered service with its uptime commitment
    /// and credit tiers, the cap, the claim process, the exclusions and, per support tier, a
    /// response-time objective per severity.
    ///
    /// Example: slagate import sla-directory sla-data/content/vendors --out vendors
    SlaDirectory(SlaDirectoryArgs),
}

#[derive(Debug, Args)]
pub(crate) struct SlaDirectoryArgs {
    /// Vendor files, or directories of them
    #[arg(required = true, value_name = "FILE")]
    pub(crate) files: Vec<PathBuf>,
    /// The directory to write into (created if missing)
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub(crate) out: PathBuf,
    /// Output format
    #[arg(long, value_enum, default_value_t = ImportFormatArg::Human)]
    pub(crate) format: ImportFormatArg,
    /// Check the written documents' date-dependent rules as of this date [default: today, UTC]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub(crate) today: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ImportFormatArg {
    /// A line per source file, and the fields that were not mapped
    Human,
    /// Every field of every source file, mapped or not (the documented JSON contract)
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FormatArg {
    /// Source snippets with carets and help lines
    Human,
    /// The JSON finding contract
    Json,
    /// GitHub Actions annotations (workflow commands)
    Github,
    /// SARIF 2.1.0
    Sarif,
    /// A Markdown table (for pull-request comments)
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorArg {
    /// Colour when writing to a terminal and NO_COLOR is unset
    #[allow(clippy::doc_markdown)] // help text, as above
    Auto,
    /// Always colour
    Always,
    /// Never colour
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FailOnArg {
    /// Fail on errors
    Error,
    /// Fail on warnings and errors
    Warning,
    /// Fail on any finding
    Info,
    /// Never fail on findings
    Never,
}

impl From<FormatArg> for slagate::report::Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Human => Self::Human,
            FormatArg::Json => Self::Json,
            FormatArg::Github => Self::Github,
            FormatArg::Sarif => Self::Sarif,
            FormatArg::Markdown => Self::Markdown,
        }
    }
}

impl From<FailOnArg> for slagate::policy::FailOn {
    fn from(f: FailOnArg) -> Self {
        match f {
            FailOnArg::Error => Self::Error,
            FailOnArg::Warning => Self::Warning,
            FailOnArg::Info => Self::Info,
            FailOnArg::Never => Self::Never,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
