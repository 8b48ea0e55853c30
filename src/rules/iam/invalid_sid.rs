//! ## What it does
//! Reports a `Sid` that is not a string of ASCII letters and digits, an empty
//! `Sid` (`""`), and a `Sid` used by two statements of the same policy.
//!
//! ## Why is this bad?
//! IAM accepts only `[A-Za-z0-9]` in the `Sid` of identity policies and
//! requires every `Sid` of a policy to be unique (Access Analyzer: "Unsupported
//! Sid", "Unique Sids required"); resource policies of some services are more
//! lenient but tools and humans identify statements by `Sid`. An empty `Sid`
//! identifies nothing: omit the element or name the statement.
//!
//! ## Example
//! ```json
//! {"Sid": "", "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
//! ```
//!
//! ## Fix
//! Give each statement a unique alphanumeric `Sid` such as `AllowEc2Assume`,
//! or remove the element.
//!
//! ## References
//! - IAM JSON policy elements: Sid: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html>
//! - Access Analyzer policy checks (Empty Sid value, Unique Sids required): <https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html>

use std::collections::BTreeMap;

use super::{for_each_written_policy, known, statements};
use crate::diagnostic::{Diagnostic, Severity};
use crate::iam::policy::PolicyType;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "IAM007",
        "invalid-sid",
        Severity::Warning,
        &[InputKind::IamPolicy, InputKind::Cloudformation],
        "A statement's Sid is empty, repeated, or has characters IAM rejects",
        crate::rule_docs!(),
        &["iam", "correctness"],
        Precision::VeryHigh,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for_each_written_policy(ctx, out, |input, found| {
        let mut first: BTreeMap<&str, crate::span::Span> = BTreeMap::new();
        for st in statements(&input.policy) {
            let Some(sid) = &st.sid else { continue };
            let path = input.path(st, "Sid");
            let Some(text) = sid.value.as_str() else {
                found.push(
                    Diagnostic::new(
                        rule,
                        sid.span,
                        format!("Sid is a {}, not a string", sid.value.type_name()),
                    )
                    .with_severity(Severity::Error)
                    .with_logical_path(path),
                );
                continue;
            };
            if known(text).is_none() {
                continue;
            }
            if text.is_empty() {
                found.push(
                    Diagnostic::new(
                        rule,
                        sid.span,
                        "empty Sid (\"\"): it identifies no statement",
                    )
                    .with_severity(Severity::Note)
                    .with_logical_path(path)
                    .with_help("remove the Sid, or name the statement (letters and digits)"),
                );
                continue;
            }
            if let Some(prev) = first.get(text) {
                found.push(
                    Diagnostic::new(rule, sid.span, format!("Sid \"{text}\" is used by an earlier statement; Sids must be unique in a policy"))
                        .with_severity(Severity::Error)
                        .with_label(*prev, "first used here")
                        .with_logical_path(path.clone())
                        .with_help("give each statement its own Sid"),
                );
            } else {
                first.insert(text, sid.span);
            }
            // Identity-style policies accept letters and digits only; resource
            // policies of S3, SNS, SQS … accept more (spaces, dashes).
            let strict = matches!(
                input.policy_type,
                PolicyType::Identity
                    | PolicyType::PermissionsBoundary
                    | PolicyType::Session
                    | PolicyType::Scp
            );
            if strict && !text.chars().all(|c| c.is_ascii_alphanumeric()) {
                found.push(
                    Diagnostic::new(rule, sid.span, format!("Sid \"{text}\" has characters other than letters and digits, which IAM rejects in {} policies", input.policy_type))
                        .with_severity(Severity::Error)
                        .with_logical_path(path)
                        .with_help(format!("use \"{}\"", text.chars().filter(char::is_ascii_alphanumeric).collect::<String>())),
                );
            }
        }
    });
}
