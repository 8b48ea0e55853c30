//! ## What it does
//! Reports `//` and `/* */` comments in a JSON file.
//!
//! ## Why is this bad?
//! JSON has no comments. IAM, CloudFormation, EC2 and EMR reject documents that
//! contain them, even though many editors and lenient parsers accept them, so
//! a file that "works locally" fails at deploy time. cloudlint still lints the
//! rest of the file.
//!
//! ## Example
//! ```json
//! { "Version": "2012-10-17", // policy language version
//!   "Statement": [] }
//! ```
//!
//! ## Fix
//! Remove the comment. Document intent with a statement `Sid`, a template
//! `Description`, or `Metadata`.
//!
//! ## References
//! - RFC 8259 §2: <https://www.rfc-editor.org/rfc/rfc8259#section-2>
//! - IAM JSON policy grammar: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html>

use crate::diagnostic::Severity;
use crate::parse::ParseIssueKind;
use crate::rules::{NativeRule, Precision, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "SYN002",
        "json-comment",
        Severity::Error,
        &[],
        "A comment in a JSON file, which AWS rejects",
        crate::rule_docs!(),
        &["correctness", "syntax"],
        Precision::VeryHigh,
    ),
    check: |rule, ctx, out| super::report_parse_issues(rule, ctx, ParseIssueKind::Comment, out),
};
