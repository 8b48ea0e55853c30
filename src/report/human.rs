//! Findings for people: per finding a header (`error[SYN004] duplicate-key`),
//! the rule's one-line summary, the source snippet with the offending span
//! labelled by the finding's message and the secondary spans by theirs, and
//! the help line; then, with `--verbose`, the skipped files and why; then the
//! summary line. Drawn by miette's graphical handler.
//!
//! Our [`Diagnostic`] becomes a miette diagnostic here and nowhere else, and
//! miette only ever sees an [`Excerpt`] of the file, never the file itself.

use std::fmt;
use std::io::{self, Write};

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};

use super::excerpt::{Excerpt, sanitize};
use super::{ReportContext, summary_line};
use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::{FileResult, RunResult, Status};
use crate::span::LineIndex;

/// Wrap width when the output is not a terminal.
pub const DEFAULT_WIDTH: usize = 100;

/// # Errors
/// Failure to write.
pub fn render(result: &RunResult, ctx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()> {
    let handler = handler(ctx);
    for file in &result.files {
        if file.status != Status::Linted || file.diagnostics.is_empty() {
            continue;
        }
        let index = LineIndex::new(&file.text);
        for d in &file.diagnostics {
            let report = Report::new(file, &index, d, ctx);
            let mut text = String::new();
            handler
                .render_report(&mut text, &report)
                .map_err(|_| io::Error::other("the human report could not be drawn"))?;
            out.write_all(text.as_bytes())?;
            writeln!(out)?;
        }
    }
    if ctx.verbose {
        for file in &result.files {
            if let Status::Skipped(reason) = &file.status {
                writeln!(
                    out,
                    "{}: skipped: {}",
                    sanitize(&file.path.display().to_string()),
                    sanitize(reason)
                )?;
            }
        }
    }
    writeln!(out, "{}", summary_line(result, ctx.elapsed))
}

fn handler(ctx: &ReportContext<'_>) -> GraphicalReportHandler {
    let theme = if ctx.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let width = if ctx.width == 0 {
        DEFAULT_WIDTH
    } else {
        ctx.width
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .with_links(false)
        .with_urls(false)
        .without_primary_span_start()
        .with_context_lines(1)
}

/// One finding as miette sees it.
#[derive(Debug)]
struct Report {
    /// `error[SYN004] duplicate-key`
    header: String,
    /// The line after `×`: the rule's summary when the snippet carries the
    /// message, else the message.
    title: String,
    severity: miette::Severity,
    help: Option<String>,
    labels: Vec<LabeledSpan>,
    excerpt: Option<Excerpt>,
}

impl Report {
    fn new(
        file: &FileResult,
        index: &LineIndex,
        d: &Diagnostic,
        ctx: &ReportContext<'_>,
    ) -> Report {
        let path = file.path.display().to_string();
        let message = sanitize(&d.message);
        let summary = ctx
            .rules
            .iter()
            .map(|r| r.meta())
            .find(|m| m.code == d.code)
            .map(|m| sanitize(&m.summary));
        let header = format!(
            "{}[{}] {}",
            d.severity,
            sanitize(&d.code),
            sanitize(&d.name)
        );
        let help = d.help.as_deref().map(sanitize);
        let severity = match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        };
        if file.text.is_empty() {
            // No text to show (a file that could not be read, an empty
            // one): the title names the file and carries the message.
            return Report {
                header,
                title: format!("{}: {message}", sanitize(&path)),
                severity,
                help,
                labels: Vec::new(),
                excerpt: None,
            };
        }
        let mut spans = vec![d.span];
        spans.extend(d.labels.iter().map(|l| l.span));
        let mut excerpt = Excerpt::new(&sanitize(&path), &file.text, index, &spans);
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            Some(message.clone()),
            excerpt.map(&file.text, index, d.span),
        )];
        for l in &d.labels {
            labels.push(LabeledSpan::new_with_span(
                Some(sanitize(&l.message)),
                excerpt.map(&file.text, index, l.span),
            ));
        }
        Report {
            header,
            title: summary.unwrap_or(message),
            severity,
            help,
            labels,
            excerpt: Some(excerpt),
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.title)
    }
}

impl std::error::Error for Report {}

impl miette::Diagnostic for Report {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.header))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display + 'a>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.excerpt.as_ref().map(|e| e as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Label;
    use crate::span::Span;
    use std::path::PathBuf;

    fn file(text: &str, diagnostics: Vec<Diagnostic>) -> FileResult {
        FileResult {
            path: PathBuf::from("p.json"),
            text: text.to_string(),
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

    fn diag(start: usize, end: usize, labels: &[(usize, usize, &str)]) -> Diagnostic {
        Diagnostic {
            code: "TST001".to_string(),
            name: "test-rule".to_string(),
            severity: Severity::Warning,
            message: "the message".to_string(),
            span: Span::new(start, end),
            labels: labels
                .iter()
                .map(|&(s, e, m)| Label {
                    span: Span::new(s, e),
                    message: m.to_string(),
                })
                .collect(),
            help: Some("the help".to_string()),
            logical_path: None,
        }
    }

    fn draw(text: &str, d: Diagnostic) -> String {
        let result = RunResult {
            files: vec![file(text, vec![d])],
        };
        let mut out = Vec::new();
        let ctx = ReportContext::default();
        let written = render(&result, &ctx, &mut out);
        assert!(written.is_ok());
        String::from_utf8_lossy(&out).into_owned()
    }

    /// Every awkward place a span can be, drawn: a reviewer reads the snapshot.
    #[test]
    fn awkward_spans_render_sensibly() {
        let long = format!("{{\"a\": \"{}\", \"b\": 1}}", "x".repeat(400));
        let b = long.find("\"b\"").unwrap_or(0);
        let cases = [
            ("empty file", "", diag(0, 0, &[])),
            ("zero-width at end, no newline", "{}", diag(2, 2, &[])),
            ("at end after a newline", "{}\n", diag(3, 3, &[])),
            ("past the end", "{}", diag(90, 99, &[])),
            (
                "inside a multi-byte character",
                "{\"é\": 1}",
                diag(3, 4, &[]),
            ),
            (
                "CRLF with a label",
                "a\r\nbc\r\nd",
                diag(4, 5, &[(0, 1, "first")]),
            ),
            ("lone CR line endings", "a\rbc\rd", diag(3, 4, &[])),
            ("in a span's line ending", "ab\r\ncd", diag(2, 3, &[])),
            (
                "very long line, label far away",
                long.as_str(),
                diag(b, b + 3, &[(1, 4, "far left")]),
            ),
            ("tab and escape sequence", "\ta\x1b[31mb\n", diag(1, 3, &[])),
            (
                "a span over twelve lines",
                "0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n",
                diag(0, 20, &[]),
            ),
            ("a span over three lines", "0\n1\n2\n", diag(0, 3, &[])),
            (
                "labels far apart",
                &"line\n".repeat(100),
                diag(450, 454, &[(5, 9, "first here")]),
            ),
        ];
        let mut all = String::new();
        for (name, text, d) in cases {
            all.push_str(&format!("=== {name}\n{}\n", draw(text, d)));
        }
        insta::assert_snapshot!(all);
    }

    #[test]
    fn colours_only_when_asked() {
        let result = RunResult {
            files: vec![file("{}", vec![diag(0, 1, &[])])],
        };
        for color in [false, true] {
            let mut out = Vec::new();
            let ctx = ReportContext {
                color,
                ..ReportContext::default()
            };
            assert!(render(&result, &ctx, &mut out).is_ok());
            assert_eq!(out.contains(&0x1b), color);
        }
    }

    #[test]
    fn skipped_files_are_listed_when_verbose() {
        let mut skipped = file("", vec![]);
        skipped.status = Status::Skipped("not a kind of input cloudlint lints".to_string());
        let result = RunResult {
            files: vec![skipped],
        };
        for verbose in [false, true] {
            let mut out = Vec::new();
            let ctx = ReportContext {
                verbose,
                ..ReportContext::default()
            };
            assert!(render(&result, &ctx, &mut out).is_ok());
            let text = String::from_utf8_lossy(&out);
            assert_eq!(
                text.contains("p.json: skipped: not a kind of input cloudlint lints"),
                verbose
            );
            assert!(text.contains("in 0 files (1 skipped)"));
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_always_shows_every_label(
            text in "(\\PC|\t|\r|\n|\r\n|\u{1b}|é|😀){0,300}",
            start in 0usize..400,
            len in 0usize..400,
            label in 0usize..400,
        ) {
            let mut d = diag(start, start + len, &[(label, label + 1, "LABEL-MARK")]);
            d.message = "MESSAGE-MARK".to_string();
            let out = draw(&text, d);
            // The message is the title (no rule summary here) and, when there
            // is text to show, the primary label too.
            let shown = if text.is_empty() { 1 } else { 2 };
            proptest::prop_assert_eq!(out.matches("MESSAGE-MARK").count(), shown, "{}", out);
            proptest::prop_assert_eq!(out.contains("LABEL-MARK"), !text.is_empty(), "{}", out);
            proptest::prop_assert!(!out.contains(char::from(0x1b_u8)), "escape in output");
        }
    }
}
