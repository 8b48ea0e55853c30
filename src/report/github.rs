//! GitHub Actions workflow commands: one `::error`/`::warning`/`::notice`
//! line per finding, which GitHub shows as an annotation on the file and line
//! in the workflow run and the pull request diff. Paths are relative to the
//! current directory (the repository root in a workflow), columns count
//! characters.

use std::io::{self, Write};

use super::excerpt::sanitize;
use super::paths::display_relative;
use super::{ReportContext, summary_line};
use crate::diagnostic::Severity;
use crate::lint::{RunResult, Status};
use crate::span::LineIndex;

/// # Errors
/// Failure to write.
pub fn render(result: &RunResult, ctx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()> {
    for file in &result.files {
        if file.status != Status::Linted || file.diagnostics.is_empty() {
            continue;
        }
        let path = display_relative(&file.path, &ctx.base_dir);
        let index = LineIndex::new(&file.text);
        for d in &file.diagnostics {
            let start = index.line_col(&file.text, d.span.start);
            let end = index.line_col(&file.text, d.span.end.max(d.span.start));
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "notice",
            };
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            writeln!(
                out,
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                property(&path),
                start.line,
                start.column,
                end.line,
                // An empty range still marks one column.
                end.column
                    .max(start.column + u32::from(end.line == start.line)),
                property(&format!("{} {}", d.code, d.name)),
                data(&message)
            )?;
        }
    }
    if ctx.verbose {
        for file in &result.files {
            if let Status::Skipped(reason) = &file.status {
                writeln!(
                    out,
                    "{}: skipped: {}",
                    data(&file.path.display().to_string()),
                    data(reason)
                )?;
            }
        }
    }
    writeln!(out, "{}", summary_line(result, ctx.elapsed))
}

/// Escapes a command's message: `%`, CR and LF as the runner expects, other
/// control characters as `\u{…}` so that they cannot drive the log viewer.
fn data(s: &str) -> String {
    sanitize(
        &s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A"),
    )
}

/// Escapes a command property: as [`data`], plus `:` and `,`.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_the_runner_would_misread() {
        assert_eq!(data("100%\r\nok"), "100%25%0D%0Aok");
        assert_eq!(data("a\u{1b}[31m"), "a\\u{1b}[31m");
        assert_eq!(property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
