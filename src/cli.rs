//! Command-line arguments (clap derive structs only) and the commands' glue.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};

use crate::config::Settings;
use crate::diagnostic::Severity;
use crate::lint::{RunOptions, run};
use crate::report::{Format, ReportContext, render};
use crate::rules::{Rule, RuleSelection, all_rules};
use crate::source::InputKind;
use crate::source::walk::PathFilter;

#[derive(Debug, Parser)]
#[command(
    name = "cloudlint",
    version,
    about = "Lints AWS IAM policies and the cloud configuration around them."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint files and directories (default: the current directory).
    Check(CheckArgs),
    /// List every rule.
    Rules(RulesArgs),
    /// Print a rule's documentation.
    Explain {
        /// A rule code (`SYN004`) or name (`duplicate-key`).
        rule: String,
    },
    /// Decide an IAM request offline and explain why (exit 0 allowed, 1 denied, 2 error).
    Can(crate::commands::can::CanArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files and directories to lint; `-` reads standard input.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the report to a file instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Only these rules (codes, names or code prefixes; comma-separated or repeated).
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Not these rules (codes, names or code prefixes).
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Only walked files matching these globs (`*.json`, `policies/**`).
    #[arg(long, value_delimiter = ',')]
    pub include: Vec<String>,
    /// Skip walked files matching these globs.
    #[arg(long, value_delimiter = ',')]
    pub exclude: Vec<String>,
    /// Treat every file as this kind instead of detecting it.
    #[arg(long, value_parser = parse_kind)]
    pub kind: Option<InputKind>,
    /// The name to report (and detect the kind by) for standard input.
    #[arg(long)]
    pub stdin_filename: Option<PathBuf>,
    /// Exit 1 when a finding at or above this severity is reported.
    #[arg(long, value_parser = ["error", "warning", "note", "never"], default_value = "warning")]
    pub fail_on: String,
    /// List skipped files with the reason.
    #[arg(long, short)]
    pub verbose: bool,
    /// Parse every file and report nothing (the benchmark floor).
    #[arg(long, hide = true)]
    pub parse_only: bool,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[arg(long, value_parser = ["text", "json"], default_value = "text")]
    pub format: String,
}

fn parse_kind(s: &str) -> Result<InputKind, String> {
    InputKind::parse(s).ok_or_else(|| {
        let names: Vec<&str> = InputKind::ALL.iter().map(|k| k.as_str()).collect();
        format!("unknown kind `{s}`; one of: {}", names.join(", "))
    })
}

/// Exit statuses.
pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

/// Runs a parsed command line; returns the exit status.
#[must_use]
pub fn main_with(cli: Cli) -> u8 {
    match cli.command {
        Command::Check(args) => check(&args),
        Command::Rules(args) => list_rules(&args),
        Command::Explain { rule } => explain(&rule),
        Command::Can(args) => crate::commands::can::run(&args),
    }
}

fn fail(message: &str) -> u8 {
    let _ = writeln!(std::io::stderr(), "cloudlint: error: {message}");
    EXIT_ERROR
}

fn check(args: &CheckArgs) -> u8 {
    let started = Instant::now();
    let mut settings = Settings {
        selection: RuleSelection {
            select: args.select.clone(),
            ignore: args.ignore.clone(),
        },
        ..Settings::default()
    };
    settings.fail_on = Severity::parse(&args.fail_on);
    let rules = all_rules();
    let metas: Vec<_> = rules.iter().map(|r| r.meta()).collect();
    let unknown = settings.selection.unknown(&metas);
    if let Some(sel) = unknown.first() {
        return fail(&format!(
            "`{sel}` matches no rule code, name or prefix (see `cloudlint rules`)"
        ));
    }
    let filter = match PathFilter::new(&args.include, &args.exclude) {
        Ok(f) => f,
        Err(e) => return fail(&e),
    };
    let opts = RunOptions {
        paths: args
            .paths
            .iter()
            .filter(|p| p.as_os_str() != "-")
            .cloned()
            .collect(),
        filter,
        forced_kind: args.kind,
        settings: &settings,
        rules: &rules,
    };
    if args.parse_only {
        return parse_only(&opts);
    }
    let mut result = if opts.paths.is_empty() {
        crate::lint::RunResult::default()
    } else {
        match run(&opts) {
            Ok(r) => r,
            Err(missing) => {
                return fail(&format!("{}: no such file or directory", missing.display()));
            }
        }
    };
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        let mut text = String::new();
        if let Err(e) = std::io::Read::read_to_string(&mut std::io::stdin(), &mut text) {
            return fail(&format!("cannot read standard input: {e}"));
        }
        let name = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("<stdin>"));
        result
            .files
            .push(crate::lint::lint_text(&name, text, true, &opts));
        result.files.sort_by(|a, b| a.path.cmp(&b.path));
    }
    let ctx = ReportContext {
        rules: &rules,
        color: false,
        verbose: args.verbose,
        elapsed: started.elapsed(),
    };
    let written = match &args.output {
        Some(path) => std::fs::File::create(path)
            .and_then(|mut f| render(args.format, &result, &ctx, &mut f).and_then(|()| f.flush())),
        None => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            render(args.format, &result, &ctx, &mut lock)
        }
    };
    if let Err(e) = written {
        return fail(&format!("cannot write the report: {e}"));
    }
    if result.incomplete() {
        return EXIT_ERROR;
    }
    let failing = settings
        .fail_on
        .is_some_and(|t| result.diagnostics().any(|d| d.severity >= t));
    if failing { EXIT_FINDINGS } else { EXIT_OK }
}

fn parse_only(opts: &RunOptions<'_>) -> u8 {
    use rayon::prelude::*;
    let walked = match crate::source::walk::walk(&opts.paths, &opts.filter) {
        Ok(w) => w,
        Err(missing) => return fail(&format!("{}: no such file or directory", missing.display())),
    };
    let parsed: usize = walked
        .targets
        .par_iter()
        .filter_map(|t| {
            let decoded =
                crate::source::read::read_file(&t.path, opts.settings.limits.max_file_size).ok()?;
            crate::lint::parse_only(&t.path, &decoded.text, opts.settings)
        })
        .count();
    let _ = writeln!(
        std::io::stdout(),
        "parsed {parsed} of {} files",
        walked.targets.len()
    );
    EXIT_OK
}

fn list_rules(args: &RulesArgs) -> u8 {
    let rules = all_rules();
    let mut out = std::io::stdout().lock();
    let written = if args.format == "json" {
        let list: Vec<_> = rules
            .iter()
            .map(|r| {
                let m = r.meta();
                serde_json::json!({
                    "code": m.code, "name": m.name, "severity": m.severity,
                    "kinds": m.kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
                    "summary": m.summary,
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &list)
            .map_err(std::io::Error::other)
            .and_then(|()| writeln!(out))
    } else {
        rules
            .iter()
            .try_for_each(|r| write_rule_line(r.meta(), &mut out))
    };
    if written.is_err() {
        EXIT_ERROR
    } else {
        EXIT_OK
    }
}

fn write_rule_line(m: &crate::rules::RuleMeta, out: &mut dyn Write) -> std::io::Result<()> {
    let kinds = if m.kinds.is_empty() {
        "all".to_string()
    } else {
        m.kinds
            .iter()
            .map(|k| k.as_str())
            .collect::<Vec<_>>()
            .join(",")
    };
    writeln!(
        out,
        "{:<8} {:<32} {:<8} {:<28} {}",
        m.code, m.name, m.severity, kinds, m.summary
    )
}

fn explain(code: &str) -> u8 {
    let rules = all_rules();
    let Some(rule) = rules
        .iter()
        .find(|r| r.meta().code.eq_ignore_ascii_case(code) || r.meta().name == code)
    else {
        return fail(&format!("no rule `{code}` (see `cloudlint rules`)"));
    };
    let _ = writeln!(std::io::stdout(), "{}", explain_text(*rule));
    EXIT_OK
}

/// The full documentation page of a rule, as `explain` prints it.
#[must_use]
pub fn explain_text(rule: &dyn Rule) -> String {
    let m = rule.meta();
    let kinds = if m.kinds.is_empty() {
        "every input".to_string()
    } else {
        m.kinds
            .iter()
            .map(|k| k.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "# {} ({})\n\n{}\n\nDefault severity: {}. Applies to: {}.\n\n{}",
        m.name,
        m.code,
        m.summary,
        m.severity,
        kinds,
        m.docs.trim_end()
    )
}
