//! ## What it does
//! Reports text that parses but is very likely not what its author meant:
//! a YAML stream with a second non-empty document after `---` (only the first
//! is linted, and CloudFormation and Cassandra read only one), and similar
//! format traps the parsers recognise.
//!
//! ## Why is this bad?
//! Everything after the first document is silently ignored by the tools that
//! read these files, so settings there never take effect — and are never
//! checked.
//!
//! ## Example
//! ```yaml
//! authenticator: PasswordAuthenticator
//! ---
//! authorizer: CassandraAuthorizer
//! ```
//!
//! ## Fix
//! Merge the documents into one, or split them into separate files.
//!
//! ## References
//! - YAML 1.2.2 §9.2 Streams: <https://yaml.org/spec/1.2.2/#92-streams>

use crate::diagnostic::Severity;
use crate::parse::ParseIssueKind;
use crate::rules::{NativeRule, Precision, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "SYN008",
        "suspicious-syntax",
        Severity::Warning,
        &[],
        "Valid syntax that the reading tool will not interpret as intended",
        crate::rule_docs!(),
        &["correctness", "syntax"],
        Precision::High,
    ),
    check: |rule, ctx, out| super::report_parse_issues(rule, ctx, ParseIssueKind::Suspicious, out),
};
