//! ## What it does
//! Reports a file that is not valid JSON, YAML or `.properties`, at the first
//! byte where it stops being valid, with the open bracket or key involved.
//!
//! ## Why is this bad?
//! AWS rejects the document outright (`MalformedPolicyDocument`, a failed
//! `create-stack`, an EMR cluster that never starts), and no other check can
//! run on it. Blog posts and hand edits lose commas and brackets all the time.
//!
//! ## Example
//! ```json
//! {
//!   "family": "myapp"
//!   "containerDefinitions": []
//! }
//! ```
//! A comma is missing after `"myapp"`: the error points at 3:3, where the next
//! key starts.
//!
//! ## Fix
//! Add the missing punctuation or close the open bracket the message names.
//!
//! ## References
//! - RFC 8259, The JSON Data Interchange Format: <https://www.rfc-editor.org/rfc/rfc8259>
//! - YAML 1.2.2: <https://yaml.org/spec/1.2.2/>

use crate::diagnostic::Severity;
use crate::parse::ParseIssueKind;
use crate::rules::{NativeRule, Precision, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "SYN001",
        "invalid-syntax",
        Severity::Error,
        &[],
        "The file is not valid JSON, YAML or .properties",
        crate::rule_docs!(),
        &["correctness", "syntax"],
        Precision::VeryHigh,
    ),
    check: |rule, ctx, out| super::report_parse_issues(rule, ctx, ParseIssueKind::Syntax, out),
};
