//! The JSON report: a stable, documented schema (docs/json-output.md).

use std::io::{self, Write};

use serde::Serialize;

use super::{ReportContext, file_byte_range};
use crate::diagnostic::Severity;
use crate::lint::{RunResult, Status};
use crate::span::LineIndex;

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Report<'a> {
    schema_version: u32,
    tool: Tool,
    findings: Vec<Finding<'a>>,
    files: Vec<FileEntry<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Position {
    line: u32,
    column: u32,
}

#[derive(Serialize)]
struct LabelOut<'a> {
    message: &'a str,
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct Finding<'a> {
    path: String,
    code: &'a str,
    name: &'a str,
    severity: Severity,
    message: &'a str,
    help: Option<&'a str>,
    start: Position,
    end: Position,
    byte_offset: Option<u64>,
    byte_length: Option<u64>,
    logical_path: Option<&'a str>,
    labels: Vec<LabelOut<'a>>,
}

#[derive(Serialize)]
struct FileEntry<'a> {
    path: String,
    kind: Option<&'static str>,
    status: &'static str,
    reason: Option<&'a str>,
}

#[derive(Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
    notes: usize,
    files_linted: usize,
    files_skipped: usize,
    elapsed_ms: u128,
}

/// # Errors
/// Failure to write.
pub fn render(result: &RunResult, ctx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()> {
    let mut findings = Vec::new();
    let mut files = Vec::new();
    for file in &result.files {
        let path = file.path.display().to_string();
        let (status, reason) = match &file.status {
            Status::Linted => ("linted", None),
            Status::Skipped(r) => ("skipped", Some(r.as_str())),
        };
        files.push(FileEntry {
            path: path.clone(),
            kind: file.kind.map(crate::source::InputKind::as_str),
            status,
            reason,
        });
        let index = LineIndex::new(&file.text);
        let pos = |offset: u32| {
            let lc = index.line_col(&file.text, offset);
            Position {
                line: lc.line,
                column: lc.column,
            }
        };
        for d in &file.diagnostics {
            findings.push(Finding {
                path: path.clone(),
                code: &d.code,
                name: &d.name,
                severity: d.severity,
                message: &d.message,
                help: d.help.as_deref(),
                start: pos(d.span.start),
                end: pos(d.span.end),
                byte_offset: file_byte_range(file, d.span).map(|r| r.0),
                byte_length: file_byte_range(file, d.span).map(|r| r.1),
                logical_path: d.logical_path.as_deref(),
                labels: d
                    .labels
                    .iter()
                    .map(|l| LabelOut {
                        message: &l.message,
                        start: pos(l.span.start),
                        end: pos(l.span.end),
                    })
                    .collect(),
            });
        }
    }
    let report = Report {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: "cloudlint",
            version: env!("CARGO_PKG_VERSION"),
        },
        findings,
        files,
        summary: Summary {
            errors: result.count(Severity::Error),
            warnings: result.count(Severity::Warning),
            notes: result.count(Severity::Note),
            files_linted: result.linted(),
            files_skipped: result.skipped(),
            elapsed_ms: ctx.elapsed.as_millis(),
        },
    };
    serde_json::to_writer_pretty(&mut *out, &report).map_err(io::Error::other)?;
    writeln!(out)
}
