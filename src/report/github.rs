//! GitHub Actions workflow commands: one `::error file=…,line=…::message`
//! annotation per finding, shown on the pull request's changed lines.

use std::io::{self, Write};

use super::{ReportContext, summary_line};
use crate::diagnostic::Severity;
use crate::lint::RunResult;
use crate::span::LineIndex;

/// Escapes a message (data) as the workflow-command parser expects.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (`file=…`, `title=…`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// # Errors
/// Failure to write.
pub fn render(result: &RunResult, ctx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()> {
    for file in &result.files {
        let index = LineIndex::new(&file.text);
        let path = file.path.to_string_lossy().replace('\\', "/");
        for d in &file.diagnostics {
            let start = index.line_col(&file.text, d.span.start);
            let end = index.line_col(&file.text, d.span.end);
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
                escape_property(&path),
                start.line,
                start.column,
                end.line,
                end.column
                    .max(start.column + u32::from(end.line == start.line)),
                escape_property(&format!("{} {}", d.code, d.name)),
                escape_data(&message)
            )?;
        }
    }
    writeln!(out, "{}", summary_line(result, ctx.elapsed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_the_runner_would_split_on() {
        assert_eq!(escape_data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
