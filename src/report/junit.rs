//! JUnit XML: one test suite, one test case per linted file; each finding is a
//! `<failure>` of its file's case, so CI systems that read JUnit show it.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::ReportContext;
use crate::lint::{RunResult, Status};
use crate::span::LineIndex;

fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 forbids most control characters, even escaped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// # Errors
/// Failure to write.
pub fn render(result: &RunResult, ctx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()> {
    let linted: Vec<_> = result
        .files
        .iter()
        .filter(|f| f.status == Status::Linted)
        .collect();
    let failures = linted.iter().filter(|f| !f.diagnostics.is_empty()).count();
    let mut body = String::new();
    for file in &linted {
        let path = xml(&file.path.to_string_lossy());
        let _ = write!(
            body,
            "    <testcase classname=\"cloudlint\" name=\"{path}\""
        );
        if file.diagnostics.is_empty() {
            body.push_str("/>\n");
            continue;
        }
        body.push_str(">\n");
        let index = LineIndex::new(&file.text);
        for d in &file.diagnostics {
            let lc = index.line_col(&file.text, d.span.start);
            let _ = writeln!(
                body,
                "      <failure type=\"{} {}\" message=\"{}\">{}:{}:{}: {}[{}] {}{}</failure>",
                xml(&d.code),
                xml(&d.name),
                xml(&d.message),
                path,
                lc.line,
                lc.column,
                d.severity,
                xml(&d.code),
                xml(&d.message),
                d.help
                    .as_deref()
                    .map(|h| format!("\nhelp: {}", xml(h)))
                    .unwrap_or_default()
            );
        }
        body.push_str("    </testcase>\n");
    }
    write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"cloudlint\" tests=\"{n}\" failures=\"{failures}\" time=\"{t:.3}\">\n  <testsuite name=\"cloudlint\" tests=\"{n}\" failures=\"{failures}\" time=\"{t:.3}\">\n{body}  </testsuite>\n</testsuites>\n",
        n = linted.len(),
        t = ctx.elapsed.as_secs_f64()
    )
}

#[cfg(test)]
mod tests {
    use super::xml;

    #[test]
    fn escapes_markup_and_control_characters() {
        assert_eq!(
            xml("a<b & \"c\"\u{1}"),
            "a&lt;b &amp; &quot;c&quot;\u{FFFD}"
        );
    }
}
