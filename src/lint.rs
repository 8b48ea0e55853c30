//! The pipeline for one run: walk → read → parse → detect → rules → sorted results.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Settings;
use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::{Node, ParseIssueKind, Syntax, parse};
use crate::rules::{FileContext, Rule, syntax};
use crate::source::InputKind;
use crate::source::detect::{kind_from_text, kind_of, syntax_of};
use crate::source::read::{Encoding, ReadError, read_file};
use crate::source::walk::{PathFilter, Target, walk};
use crate::span::Span;

/// What happened to one file.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    Linted,
    /// Not linted, with the reason (shown with `--verbose`).
    Skipped(String),
}

/// The result for one file: its text (for rendering snippets) and findings.
#[derive(Debug, Clone)]
pub struct FileResult {
    pub path: PathBuf,
    pub text: String,
    pub syntax: Option<Syntax>,
    pub kind: Option<InputKind>,
    pub status: Status,
    pub diagnostics: Vec<Diagnostic>,
    /// Findings silenced by a suppression, with its justification (SARIF shows them as suppressed).
    pub suppressed: Vec<(Diagnostic, crate::suppress::Justification)>,
    /// Indices of the configuration file's `[[suppress]]` entries used in this file.
    pub used_config_suppressions: Vec<usize>,
    /// Set when linting this file panicked: the run is incomplete.
    pub internal_error: bool,
    /// How the file's bytes became `text`; `None` when `text` is not the
    /// whole file (it could not be read or decoded).
    pub encoding: Option<Encoding>,
}

/// The result of a whole run, files sorted by path.
#[derive(Debug, Default)]
pub struct RunResult {
    pub files: Vec<FileResult>,
}

impl RunResult {
    #[must_use]
    pub fn linted(&self) -> usize {
        self.files
            .iter()
            .filter(|f| f.status == Status::Linted)
            .count()
    }

    #[must_use]
    pub fn skipped(&self) -> usize {
        self.files.len() - self.linted()
    }

    #[must_use]
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics()
            .filter(|d| d.severity == severity)
            .count()
    }

    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.files.iter().flat_map(|f| f.diagnostics.iter())
    }

    #[must_use]
    pub fn incomplete(&self) -> bool {
        self.files.iter().any(|f| f.internal_error)
    }
}

/// Stack size of the threads that lint files.
const LINT_THREAD_STACK: usize = 64 * 1024 * 1024;

/// Options of one `check` run.
pub struct RunOptions<'a> {
    pub paths: Vec<PathBuf>,
    pub filter: PathFilter,
    pub forced_kind: Option<InputKind>,
    pub settings: &'a Settings,
    pub rules: &'a [&'a dyn Rule],
}

/// Lints every file under `opts.paths`.
///
/// # Errors
/// A path that does not exist.
pub fn run(opts: &RunOptions<'_>) -> Result<RunResult, PathBuf> {
    let walked = walk(&opts.paths, &opts.filter)?;
    let lint_all = || -> Vec<FileResult> {
        walked
            .targets
            .par_iter()
            .map(|t| lint_target(t, opts))
            .collect()
    };
    // Big stacks: parsers and tree visitors recurse up to `MAX_SUPPORTED_DEPTH`
    // levels, more than rayon's default 2 MiB thread stack holds in a debug build.
    let mut files = match rayon::ThreadPoolBuilder::new()
        .stack_size(LINT_THREAD_STACK)
        .build()
    {
        Ok(pool) => pool.install(lint_all),
        Err(_) => lint_all(),
    };
    for (path, message) in walked.errors {
        files.push(unreadable(
            &path,
            &ReadError {
                message,
                span: Span::EMPTY,
                text: String::new(),
            },
            opts,
        ));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    if let Some(unused) =
        crate::suppress::unused_config_suppressions(&files, opts.settings, opts.rules)
    {
        files.push(unused);
    }
    Ok(RunResult { files })
}

fn lint_target(target: &Target, opts: &RunOptions<'_>) -> FileResult {
    lint_path(&target.path, opts)
}

/// Reads and lints one file; a file that cannot be read is a finding.
#[must_use]
pub fn lint_path(path: &Path, opts: &RunOptions<'_>) -> FileResult {
    match read_file(path, opts.settings.limits.max_file_size) {
        Ok(decoded) => FileResult {
            encoding: Some(decoded.encoding),
            ..lint_text(path, decoded.text, opts)
        },
        Err(err) => unreadable(path, &err, opts),
    }
}

fn unreadable(path: &Path, err: &ReadError, opts: &RunOptions<'_>) -> FileResult {
    let rule = syntax::unreadable_file::RULE.meta();
    let mut diagnostics = Vec::new();
    if opts.settings.rule_enabled(rule, path) {
        let d = Diagnostic::new(rule, err.span, err.message.clone());
        diagnostics.push(match opts.settings.severity_for(rule, path) {
            Some(s) => d.with_severity(s),
            None => d,
        });
    }
    FileResult {
        path: path.to_path_buf(),
        text: err.text.clone(),
        syntax: None,
        kind: None,
        status: Status::Linted,
        diagnostics,
        suppressed: Vec::new(),
        used_config_suppressions: Vec::new(),
        internal_error: false,
        encoding: None,
    }
}

/// Lints one file's text. A file of no known kind is skipped, whether it was
/// walked or named (so that a pre-commit hook passing every staged `.json`
/// does not lint `tsconfig.json`); `--kind` or `[kinds]` force a kind.
#[must_use]
pub fn lint_text(path: &Path, text: String, opts: &RunOptions<'_>) -> FileResult {
    let outcome = catch_unwind(AssertUnwindSafe(|| lint_text_inner(path, &text, opts)));
    match outcome {
        Ok(mut result) => {
            result.text = text;
            result
        }
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            let rule = syntax::internal_error::RULE.meta();
            FileResult {
                path: path.to_path_buf(),
                text,
                syntax: None,
                kind: None,
                status: Status::Linted,
                diagnostics: vec![
                    Diagnostic::new(
                        rule,
                        Span::EMPTY,
                        format!("internal error while linting {}: {what}", path.display()),
                    )
                    .with_help("this is a bug in cloudlint; the rest of the run went on"),
                ],
                suppressed: Vec::new(),
                used_config_suppressions: Vec::new(),
                internal_error: true,
                encoding: Some(Encoding::Utf8),
            }
        }
    }
}

fn lint_text_inner(path: &Path, text: &str, opts: &RunOptions<'_>) -> FileResult {
    debug_panic_hook(path);
    let configured = opts.forced_kind.or_else(|| opts.settings.kind_for(path));
    // A shell script forced to its kind is read as one, whatever its name.
    let syntax = match configured {
        Some(InputKind::CassandraEnv) => Syntax::Shell,
        _ => syntax_of(path, text),
    };
    let parsed = parse(syntax, text, &opts.settings.limits);
    let kind = configured.or_else(|| match &parsed.root {
        Some(root) => kind_of(path, syntax, root),
        None => kind_from_text(path, text),
    });
    let mut result = FileResult {
        path: path.to_path_buf(),
        text: String::new(),
        syntax: Some(syntax),
        kind,
        status: Status::Linted,
        diagnostics: Vec::new(),
        suppressed: Vec::new(),
        used_config_suppressions: Vec::new(),
        internal_error: false,
        encoding: Some(Encoding::Utf8),
    };
    if kind.is_none() {
        let fatal = parsed
            .issues
            .iter()
            .any(|i| matches!(i.kind, ParseIssueKind::Syntax | ParseIssueKind::Limit));
        result.status = Status::Skipped(if fatal {
            "could not be parsed, and its text names no known input kind".to_string()
        } else {
            "not a kind of input cloudlint lints".to_string()
        });
        return result;
    }
    // Rules read a template with its `Fn::ForEach` loops expanded.
    let expanded = match kind {
        Some(InputKind::Cloudformation) => {
            parsed.root.as_ref().and_then(crate::cfn::for_each::expand)
        }
        _ => None,
    };
    let ctx = FileContext {
        path,
        text,
        syntax,
        kind,
        root: expanded.as_ref().or(parsed.root.as_ref()),
        parse_issues: &parsed.issues,
        settings: opts.settings,
        derived: crate::rules::derived::Derived::default(),
    };
    let mut diagnostics = run_rules(&ctx, opts.rules);
    if let (Some(raw), Some(expanded)) = (parsed.root.as_ref(), expanded.as_ref()) {
        let generated = crate::cfn::for_each::generated_ids(raw, expanded);
        crate::cfn::for_each::name_generated(&mut diagnostics, &generated);
        sort_diagnostics(&mut diagnostics);
    }
    let applied = crate::suppress::apply(&ctx, opts.rules, diagnostics);
    result.diagnostics = applied.kept;
    result.suppressed = applied.suppressed;
    result.used_config_suppressions = applied.used_config;
    result
}

/// Debug builds only: panics on the file named by `CLOUDLINT_DEBUG_PANIC_ON`, so
/// that tests can show a panic is contained (there is no other way to cause one).
#[cfg(debug_assertions)]
#[allow(clippy::panic, reason = "the point of the hook")]
fn debug_panic_hook(path: &Path) {
    if let Some(name) = std::env::var_os("CLOUDLINT_DEBUG_PANIC_ON")
        && path.file_name() == Some(name.as_os_str())
    {
        panic!("CLOUDLINT_DEBUG_PANIC_ON names this file");
    }
}

#[cfg(not(debug_assertions))]
fn debug_panic_hook(_: &Path) {}

/// Runs the rules enabled for the file that apply to its kind, with the
/// configured severities; sorted output.
#[must_use]
pub fn run_rules(ctx: &FileContext<'_>, rules: &[&dyn Rule]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rule in rules {
        let meta = rule.meta();
        if meta.applies_to(ctx.kind) && ctx.settings.rule_enabled(meta, ctx.path) {
            let first = out.len();
            rule.check(ctx, &mut out);
            if let Some(severity) = ctx.settings.severity_for(meta, ctx.path) {
                for d in out.iter_mut().skip(first) {
                    d.severity = severity;
                }
            }
        }
    }
    sort_diagnostics(&mut out);
    out
}

/// Sorts by position, then code, then message: the same order every run.
pub fn sort_diagnostics(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.code, &a.message).cmp(&(
            b.span.start,
            b.span.end,
            &b.code,
            &b.message,
        ))
    });
}

/// Parses `text` as it would be for `path`, for `--parse-only` (the benchmark floor).
#[must_use]
pub fn parse_only(path: &Path, text: &str, settings: &Settings) -> Option<Node> {
    parse(syntax_of(path, text), text, &settings.limits).root
}
