//! Renderers: findings as human text, JSON or SARIF. Renderers only format;
//! every decision was made by the rules.

pub mod concise;
pub mod excerpt;
pub mod fingerprint;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod paths;
pub mod sarif;

use std::io::{self, Write};
use std::path::PathBuf;
use std::time::Duration;

use crate::lint::{FileResult, RunResult};
use crate::rules::Rule;
use crate::source::read::Encoding;
use crate::span::{LineCol, LineIndex, Span};

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
    /// GitHub Actions workflow commands: annotations on the run and the diff.
    Github,
    /// JUnit XML: a test suite per file, a failing test case per finding.
    Junit,
}

/// What a renderer needs besides the results.
#[derive(Default)]
pub struct ReportContext<'a> {
    /// Every rule of the run (SARIF lists them all; human output shows summaries).
    pub rules: &'a [&'a dyn Rule],
    pub color: bool,
    pub verbose: bool,
    pub elapsed: Duration,
    /// Wrap width of the human report; 0 means [`human::DEFAULT_WIDTH`].
    pub width: usize,
    /// SARIF `runAutomationDetails.id` (`category/` or `category/run-id`).
    pub sarif_category: String,
    /// The directory SARIF URIs are relative to: the current directory.
    pub base_dir: PathBuf,
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
        Format::Human => human::render(result, ctx, out),
        Format::Concise => concise::render(result, ctx, out),
        Format::Json => json::render(result, ctx, out),
        Format::Sarif => sarif::render(result, ctx, out),
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

/// Where a span's text lies in the file itself: byte offset and length.
/// Differs from the span when a byte-order mark was dropped or the file is
/// UTF-16; `None` when the text is not the whole file. Spans past the end or
/// inside a character are clamped first, as for lines and columns.
#[must_use]
pub fn file_byte_range(file: &FileResult, span: Span) -> Option<(u64, u64)> {
    let text = &file.text;
    let start = floor_boundary(text, span.start as usize);
    let end = floor_boundary(text, (span.end as usize).max(start));
    let (offset, length) = match file.encoding? {
        Encoding::Utf8 => (start, end - start),
        Encoding::Utf8Bom => (start + 3, end - start),
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let units = |s: &str| s.encode_utf16().count();
            (
                2 + 2 * units(text.get(..start)?),
                2 * units(text.get(start..end)?),
            )
        }
    };
    Some((u64::try_from(offset).ok()?, u64::try_from(length).ok()?))
}

/// The largest character boundary at or before `offset`, within the text.
#[must_use]
pub fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut o = offset.min(text.len());
    while o > 0 && !text.is_char_boundary(o) {
        o -= 1;
    }
    o
}
