//! Rules about the text of a file itself, for every input kind: syntax,
//! encoding, limits, and keys repeated in one object.

pub mod duplicate_key;
pub mod input_limit_exceeded;
pub mod internal_error;
pub mod invalid_syntax;
pub mod json_comment;
pub mod suspicious_syntax;
pub mod trailing_comma;
pub mod unreadable_file;

use crate::diagnostic::Diagnostic;
use crate::parse::{ParseIssue, ParseIssueKind};
use crate::rules::{FileContext, RuleMeta};

/// Turns the parse issues of one kind into findings of `rule`.
pub(crate) fn report_parse_issues(
    rule: &RuleMeta,
    ctx: &FileContext<'_>,
    kind: ParseIssueKind,
    out: &mut Vec<Diagnostic>,
) {
    for issue in ctx.parse_issues.iter().filter(|i| i.kind == kind) {
        out.push(issue_to_diagnostic(rule, issue));
    }
}

fn issue_to_diagnostic(rule: &RuleMeta, issue: &ParseIssue) -> Diagnostic {
    let mut d = Diagnostic::new(rule, issue.span, issue.message.clone());
    for (span, label) in &issue.labels {
        d = d.with_label(*span, label.clone());
    }
    if let Some(help) = &issue.help {
        d = d.with_help(help.clone());
    }
    d
}
