//! Runs one rule on a text, for unit tests: `line:col text | message` per finding.

use std::path::Path;

use crate::config::Settings;
use crate::diagnostic::Diagnostic;
use crate::parse::{Limits, Syntax, parse};
use crate::rules::{FileContext, NativeRule, Rule};
use crate::source::InputKind;
use crate::span::LineIndex;

/// Parses `text` as `syntax`, runs `rule` on it as a file of `kind` named `path`.
pub fn run_rule(
    rule: &NativeRule,
    (path, syntax, kind): (&str, Syntax, InputKind),
    text: &str,
    settings: &Settings,
) -> Vec<String> {
    let parsed = parse(syntax, text, &Limits::default());
    let ctx = FileContext {
        path: Path::new(path),
        text,
        syntax,
        kind: Some(kind),
        root: parsed.root.as_ref(),
        parse_issues: &parsed.issues,
        settings,
        derived: crate::rules::derived::Derived::default(),
    };
    let mut out: Vec<Diagnostic> = Vec::new();
    rule.check(&ctx, &mut out);
    let index = LineIndex::new(text);
    out.iter()
        .map(|d| {
            let lc = index.line_col(text, d.span.start);
            format!(
                "{}:{} {} | {}",
                lc.line,
                lc.column,
                d.span.text(text),
                d.message
            )
        })
        .collect()
}
