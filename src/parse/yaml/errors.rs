//! saphyr's error messages as issues: the offending character underlined, the
//! usual causes explained.

use super::events::ScanFailure;
use crate::parse::{ParseIssue, ParseIssueKind};
use crate::span::Span;

/// Known saphyr messages (matched by a fragment) and what usually causes them.
const HELP: &[(&str, &str)] = &[
    (
        "mapping values are not allowed",
        "a plain value cannot contain `: `; quote the value, or start the nested mapping on its own indented line",
    ),
    (
        "did not find expected key",
        "check this line's indentation against the keys above it",
    ),
    (
        "did not find expected '-' indicator",
        "check this line's indentation against the list items above it",
    ),
    ("tab", "YAML indents with spaces only; replace the tab"),
    (
        "found unexpected end of stream",
        "a quoted string is never closed",
    ),
    ("expected ',' or ']'", "a `,` or the closing `]` is missing"),
    ("expected ',' or '}'", "a `,` or the closing `}` is missing"),
    (
        "illegal placement of ':' indicator",
        "a flow list or mapping may be missing its closing bracket",
    ),
    (
        "in flow construct",
        "a flow list or mapping may be missing its closing bracket",
    ),
    (
        "unknown escape character",
        "in double quotes a backslash starts an escape; use single quotes for a literal backslash",
    ),
];

/// The issue for a scanner or parser error at a byte offset.
pub(super) fn describe(text: &str, failure: &ScanFailure) -> ParseIssue {
    let span = char_at(text, failure.offset);
    if failure.message == "recursion limit exceeded" {
        return ParseIssue {
            kind: ParseIssueKind::Limit,
            span,
            message: "flow lists and mappings are nested deeper than the YAML parser's limit of 255 levels"
                .to_string(),
            labels: Vec::new(),
            help: Some("no real template or configuration nests this deep; the file is not linted".to_string()),
        };
    }
    let message = if failure.message.contains("found unknown anchor") {
        "an alias refers to no anchor defined before it".to_string()
    } else {
        failure.message.clone()
    };
    let issue = ParseIssue::syntax(span, message);
    match HELP
        .iter()
        .find(|(fragment, _)| failure.message.contains(fragment))
    {
        Some((_, help)) => issue.with_help(help),
        None => issue,
    }
}

/// The span of the character at `offset`; empty at a line break or the end.
fn char_at(text: &str, offset: usize) -> Span {
    match text.get(offset..).and_then(|rest| rest.chars().next()) {
        Some(c) if c != '\n' && c != '\r' => Span::new(offset, offset + c.len_utf8()),
        _ => Span::at(offset),
    }
}
