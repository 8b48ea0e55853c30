//! One line per finding, then the summary.

use std::io::{self, Write};

use super::excerpt::sanitize;
use super::{ReportContext, summary_line};
use crate::lint::{RunResult, Status};
use crate::span::LineIndex;

/// # Errors
/// Failure to write.
pub fn render(result: &RunResult, ctx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()> {
    for file in &result.files {
        if let Status::Skipped(reason) = &file.status {
            if ctx.verbose {
                writeln!(
                    out,
                    "{}: skipped: {}",
                    sanitize(&file.path.display().to_string()),
                    sanitize(reason)
                )?;
            }
            continue;
        }
        let index = LineIndex::new(&file.text);
        let path = sanitize(&file.path.display().to_string());
        for d in &file.diagnostics {
            let lc = index.line_col(&file.text, d.span.start);
            writeln!(
                out,
                "{}:{}:{}: {}[{}] {}",
                path,
                lc.line,
                lc.column,
                d.severity,
                d.code,
                sanitize(&d.message)
            )?;
        }
    }
    writeln!(out, "{}", summary_line(result, ctx.elapsed))
}
