//! ## What it does
//! Reports a comma before the closing `]` or `}` in a JSON file.
//!
//! ## Why is this bad?
//! Strict JSON parsers, including the ones behind IAM and CloudFormation,
//! reject trailing commas. cloudlint reports it and lints the rest.
//!
//! ## Example
//! ```json
//! { "Action": ["s3:GetObject", "s3:ListBucket",] }
//! ```
//!
//! ## Fix
//! Delete the comma after the last item.
//!
//! ## References
//! - RFC 8259 §4 and §5: <https://www.rfc-editor.org/rfc/rfc8259#section-4>

use crate::diagnostic::Severity;
use crate::parse::ParseIssueKind;
use crate::rules::{NativeRule, Precision, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "SYN003",
        "trailing-comma",
        Severity::Error,
        &[],
        "A trailing comma in a JSON object or list",
        crate::rule_docs!(),
        &["correctness", "syntax"],
        Precision::VeryHigh,
    ),
    check: |rule, ctx, out| {
        super::report_parse_issues(rule, ctx, ParseIssueKind::TrailingComma, out)
    },
};
