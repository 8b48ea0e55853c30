//! JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure
//! Pipelines): one test suite per file, one failing test case per finding, a
//! passing case for a clean file and a skipped case for a skipped one.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::ReportContext;
use super::paths::display_relative;
use crate::lint::{FileResult, RunResult, Status};
use crate::span::LineIndex;

/// # Errors
/// Failure to write.
pub fn render(result: &RunResult, ctx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()> {
    let findings: usize = result.files.iter().map(|f| f.diagnostics.len()).sum();
    let tests: usize = result
        .files
        .iter()
        .map(|f| f.diagnostics.len().max(1))
        .sum();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        xml,
        "<testsuites name=\"cloudlint\" tests=\"{tests}\" failures=\"{findings}\" errors=\"0\" skipped=\"{}\" time=\"{:.3}\">",
        result.skipped(),
        ctx.elapsed.as_secs_f64()
    );
    for file in &result.files {
        suite(&mut xml, file, ctx);
    }
    xml.push_str("</testsuites>\n");
    out.write_all(xml.as_bytes())
}

fn suite(xml: &mut String, file: &FileResult, ctx: &ReportContext<'_>) {
    let path = escape(&display_relative(&file.path, &ctx.base_dir));
    let skipped = matches!(file.status, Status::Skipped(_));
    let _ = writeln!(
        xml,
        "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">",
        file.diagnostics.len().max(1),
        file.diagnostics.len(),
        usize::from(skipped)
    );
    match &file.status {
        Status::Skipped(reason) => {
            let _ = writeln!(
                xml,
                "    <testcase name=\"cloudlint\" classname=\"{path}\" file=\"{path}\">\n      <skipped message=\"{}\"/>\n    </testcase>",
                escape(reason)
            );
        }
        Status::Linted if file.diagnostics.is_empty() => {
            let _ = writeln!(
                xml,
                "    <testcase name=\"cloudlint\" classname=\"{path}\" file=\"{path}\"/>"
            );
        }
        Status::Linted => {
            let index = LineIndex::new(&file.text);
            for d in &file.diagnostics {
                let lc = index.line_col(&file.text, d.span.start);
                let (code, name) = (escape(&d.code), escape(&d.name));
                let mut body = format!(
                    "{path}:{}:{}: {}[{}] {}",
                    lc.line, lc.column, d.severity, d.code, d.message
                );
                if let Some(help) = &d.help {
                    let _ = write!(body, "\nhelp: {help}");
                }
                let _ = writeln!(
                    xml,
                    "    <testcase name=\"{code} {name} at {}:{}\" classname=\"{path}\" file=\"{path}\" line=\"{}\">\n      <failure type=\"{code} {name}\" message=\"{}\">{}</failure>\n    </testcase>",
                    lc.line,
                    lc.column,
                    lc.line,
                    escape(&d.message),
                    escape(&body)
                );
            }
        }
    }
    xml.push_str("  </testsuite>\n");
}

/// Escapes text for an XML attribute or element; characters XML 1.0 cannot
/// carry at all (most control characters) become U+FFFD.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_what_xml_cannot_hold() {
        assert_eq!(
            escape("a<b & \"c\"\n\u{1b}"),
            "a&lt;b &amp; &quot;c&quot;&#10;\u{fffd}"
        );
    }
}
