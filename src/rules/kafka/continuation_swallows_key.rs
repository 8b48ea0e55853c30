//! ## What it does
//! Reports a line of `server.properties` that looks like a setting
//! (`ssl.keystore.password=…`) or a comment (`# …`) but is the continuation
//! of the line before it, because that line ends with a backslash.
//!
//! ## Why is this bad?
//! In a `.properties` file a line that ends with an odd number of
//! backslashes continues on the next line, whatever the next line holds. A
//! stray `\` at the end of a value — a Windows path, a half-deleted list
//! item — makes the following setting part of that value: the setting
//! silently keeps its default (no password, no TLS, `/tmp`), and the value
//! before it becomes garbage. A comment line continued the same way becomes
//! text inside the value.
//!
//! ## Example
//! ```properties
//! ssl.keystore.location=/etc/kafka/tls/broker.jks\
//! ssl.keystore.password=${file:/etc/kafka/secrets.properties:keystore}
//! ```
//!
//! ## Fix
//! Remove the trailing backslash, or double it (`\\`) when the value really
//! ends with a backslash.
//!
//! ## References
//! - `java.util.Properties.load` (line continuation): <https://docs.oracle.com/en/java/javase/21/docs/api/java.base/java/util/Properties.html#load(java.io.Reader)>
//! - Apache Kafka, broker configuration: <https://kafka.apache.org/documentation/#brokerconfigs>

use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::PathSeg;
use crate::parse::properties::entries;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;
use crate::span::Span;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "KFK010",
        "continuation-swallows-key",
        Severity::Error,
        &[InputKind::KafkaProperties],
        "A trailing backslash makes the next line, a setting or a comment, part of the value",
        crate::rule_docs!(),
        &["correctness", "kafka"],
        Precision::VeryHigh,
    ),
    check,
};

/// The start of a `dotted.key=` or `dotted.key:` line.
static SETTING: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)+[ \t\f]*[=:]").ok());

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(setting) = SETTING.as_ref() else {
        return;
    };
    let Ok(all) = entries(ctx.text) else { return };
    for e in all.iter().filter(|e| e.continued_lines > 0) {
        let path = [PathSeg::Key(e.key.clone())];
        let shown = if super::is_secret(&e.key) {
            "its value".to_string()
        } else {
            format!("the value of \"{}\"", e.key)
        };
        for line in continued_lines(ctx.text, e.key_span.range().start, e.value_span.range().end) {
            let body = line.text(ctx.text);
            let Some(m) = setting.find(body) else {
                continue;
            };
            let key = body
                .get(..m.end().saturating_sub(1))
                .unwrap_or("")
                .trim_end();
            out.push(
                Diagnostic::new(
                    rule,
                    Span::new(line.range().start, line.range().start + key.len()),
                    format!(
                        "\"{key}\" is not a setting: the line before ends with a backslash, so this line is part of {shown}, and {key} keeps its default"
                    ),
                )
                .with_label(e.key_span, "the entry this line continues")
                .with_help("remove the backslash at the end of the line before (write \\\\ for a literal backslash)")
                .with_path(&path),
            );
        }
        for span in &e.commented_continuations {
            out.push(
                Diagnostic::new(
                    rule,
                    *span,
                    format!(
                        "this line is not a comment: the line before ends with a backslash, so it is part of {shown}"
                    ),
                )
                .with_label(e.key_span, "the entry this line continues")
                .with_help("remove the backslash at the end of the line before (write \\\\ for a literal backslash)")
                .with_path(&path),
            );
        }
    }
}

/// The natural lines after the first in `start..end`, from their first
/// non-blank character to their end.
fn continued_lines(text: &str, start: usize, end: usize) -> Vec<Span> {
    let Some(raw) = text.get(start..end) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut offset = 0;
    let mut first = true;
    for line in raw.split_inclusive(['\n', '\r']) {
        let line_start = start + offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        if first {
            first = false;
            continue;
        }
        let lead = body.len() - body.trim_start_matches([' ', '\t', '\x0c']).len();
        if body.len() > lead {
            out.push(Span::new(line_start + lead, line_start + body.len()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run;
    use super::*;

    #[test]
    fn a_continued_setting_line() {
        let got = run(
            &RULE,
            "ssl.keystore.location=/tls/broker.jks\\\n  ssl.keystore.password=secret\nlog.dirs=/a\n",
        );
        assert_eq!(
            got,
            [
                "2:3 ssl.keystore.password | \"ssl.keystore.password\" is not a setting: the line before ends with a backslash, so this line is part of the value of \"ssl.keystore.location\", and ssl.keystore.password keeps its default"
            ]
        );
    }

    #[test]
    fn a_continued_comment_and_crlf() {
        let got = run(&RULE, "log.dirs=/a,\\\r\n# /b\r\nnum.io.threads=8\r\n");
        assert_eq!(got.len(), 1, "{got:#?}");
        assert!(
            got[0].starts_with("2:1 # /b | this line is not a comment"),
            "{got:#?}"
        );
    }

    #[test]
    fn intended_continuations_and_escaped_backslashes_pass() {
        assert!(run(&RULE, "log.dirs=/a,\\\n  /b,\\\n  /c\n").is_empty());
        assert!(run(&RULE, "a=C:\\\\\nb.c=1\n").is_empty());
    }
}
