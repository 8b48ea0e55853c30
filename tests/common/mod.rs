//! Shared helpers for the integration tests: lint a file as `check` would and
//! render the findings in a compact, review-friendly form with carets.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;

use cloudlint::lint::{FileResult, RunOptions, lint_path};
use cloudlint::rules::all_rules;
use cloudlint::source::walk::PathFilter;
use cloudlint::span::LineIndex;

/// Lints one file with every rule enabled, with the settings of
/// `testdata/<CODE>/.cloudlint.toml` when the fixture's rule has one (rules
/// that read configuration, such as required tags).
pub fn lint_file(path: &Path) -> FileResult {
    let settings = path
        .parent()
        .and_then(Path::parent)
        .map(|d| d.join(".cloudlint.toml"))
        .filter(|c| c.is_file())
        .and_then(|c| cloudlint::config::file::load(&c).ok())
        .unwrap_or_default();
    let rules = all_rules();
    let opts = RunOptions {
        paths: vec![],
        filter: PathFilter::default(),
        forced_kind: None,
        settings: &settings,
        rules: &rules,
    };
    lint_path(path, &opts)
}

/// `line:col-line:col severity[CODE] message` + the source line with a caret
/// under the span, + help and labels: what a reviewer needs to judge a finding.
pub fn render(result: &FileResult) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "kind: {}",
        result
            .kind
            .map_or("unknown", cloudlint::source::InputKind::as_str)
    );
    let index = LineIndex::new(&result.text);
    for d in &result.diagnostics {
        let start = index.line_col(&result.text, d.span.start);
        let end = index.line_col(&result.text, d.span.end);
        let _ = writeln!(
            out,
            "{}:{}-{}:{} {}[{} {}] {}",
            start.line, start.column, end.line, end.column, d.severity, d.code, d.name, d.message
        );
        let line = index.line_text(&result.text, start.line);
        if !line.is_empty() {
            let width = if end.line == start.line {
                (end.column.saturating_sub(start.column)).max(1)
            } else {
                1
            };
            let _ = writeln!(out, "    | {line}");
            let _ = writeln!(
                out,
                "    | {}{}",
                " ".repeat(start.column.saturating_sub(1) as usize),
                "^".repeat(width as usize)
            );
        }
        for l in &d.labels {
            let lc = index.line_col(&result.text, l.span.start);
            let _ = writeln!(out, "    = label {}:{}: {}", lc.line, lc.column, l.message);
        }
        if let Some(help) = &d.help {
            let _ = writeln!(out, "    = help: {help}");
        }
        if let Some(p) = &d.logical_path {
            let _ = writeln!(out, "    = path: {p}");
        }
    }
    out
}
