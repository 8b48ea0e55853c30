//! Renderers: findings as human text, JSON or SARIF. Renderers only format;
//! every decision was made by the rules.

pub mod concise;
pub mod github;
pub mod json;
pub mod junit;

use std::io::{self, Write};
use std::time::Duration;

use crate::lint::RunResult;
use crate::rules::Rule;
use crate::span::{LineCol, LineIndex};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Findings with source snippets, for people.
    Human,
    /// One line per finding: `path:line:col: severity[CODE] message`.
    Concise,
    /// A stable JSON document (see docs/json-output.md).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF consumers.
    Sarif,
    /// GitHub Actions workflow commands (annotations on pull requests).
    Github,
    /// JUnit XML, one test case per file.
    Junit,
}

/// What a renderer needs besides the results.
pub struct ReportContext<'a> {
    pub rules: &'a [&'a dyn Rule],
    pub color: bool,
    pub verbose: bool,
    pub elapsed: Duration,
}

/// Writes the results in `format`.
///
/// # Errors
/// Failure to write.
pub fn render(
    format: Format,
    result: &RunResult,
    ctx: &ReportContext<'_>,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human | Format::Concise => concise::render(result, ctx, out),
        Format::Json => json::render(result, ctx, out),
        Format::Sarif => json::render(result, ctx, out),
        Format::Github => github::render(result, ctx, out),
        Format::Junit => junit::render(result, ctx, out),
    }
}

/// Start and end line/column of a span in a file.
#[must_use]
pub fn span_positions(
    index: &LineIndex,
    text: &str,
    span: crate::span::Span,
) -> (LineCol, LineCol) {
    (
        index.line_col(text, span.start),
        index.line_col(text, span.end),
    )
}

/// The closing summary line: counts by severity, files, time.
#[must_use]
pub fn summary_line(result: &RunResult, elapsed: Duration) -> String {
    use crate::diagnostic::Severity;
    let plural = |n: usize, w: &str| {
        if n == 1 {
            format!("{n} {w}")
        } else {
            format!("{n} {w}s")
        }
    };
    format!(
        "{}, {}, {} in {} ({} skipped) in {:.2}s",
        plural(result.count(Severity::Error), "error"),
        plural(result.count(Severity::Warning), "warning"),
        plural(result.count(Severity::Note), "note"),
        plural(result.linted(), "file"),
        result.skipped(),
        elapsed.as_secs_f64()
    )
}
