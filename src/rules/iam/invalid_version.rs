//! ## What it does
//! Reports a policy without a `Version` element, or whose `Version` is not
//! one of the two dates AWS defines (`2012-10-17`, `2008-10-17`).
//!
//! ## Why is this bad?
//! IAM rejects any other version string. Without a `Version`, or with the old
//! `2008-10-17`, policy variables such as `${aws:username}` are not replaced:
//! they are compared as literal text, so a statement meant to scope access to
//! the caller's own prefix silently matches nothing.
//!
//! ## Example
//! ```json
//! {"Version": "2012-10-18", "Statement": [...]}
//! ```
//!
//! ## Fix
//! Write `"Version": "2012-10-17"` as the first element of every policy.
//!
//! ## References
//! - IAM JSON policy elements: Version: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html>
//! - IAM policy variables: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html>

use super::for_each_written_policy;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "IAM001",
        "invalid-version",
        Severity::Warning,
        &[InputKind::IamPolicy, InputKind::Cloudformation],
        "A policy's Version is missing or not a version AWS defines",
        crate::rule_docs!(),
        &["iam", "correctness"],
        Precision::VeryHigh,
    ),
    check,
};

const VERSIONS: [&str; 2] = ["2012-10-17", "2008-10-17"];

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for_each_written_policy(ctx, out, |input, found| {
        let policy = &input.policy;
        if !policy.is_object {
            return;
        }
        let Some(version) = &policy.version else {
            let span = policy
                .statement
                .as_ref()
                .map_or(policy.span, |s| s.key_span);
            found.push(
                Diagnostic::new(
                    rule,
                    span,
                    format!(
                        "the policy{} has no Version: policy variables are then literal text",
                        input.in_what()
                    ),
                )
                .with_logical_path(input.base.clone())
                .with_help("add \"Version\": \"2012-10-17\""),
            );
            return;
        };
        match version.value.as_str() {
            Some("2012-10-17") => {}
            Some("2008-10-17") => {
                let vars = policy_uses_variables(input);
                if vars {
                    found.push(
                        Diagnostic::new(
                            rule,
                            version.span,
                            "Version 2008-10-17 treats the policy variables below as literal text",
                        )
                        .with_logical_path(input.top_path("Version"))
                        .with_help("use \"Version\": \"2012-10-17\""),
                    );
                }
            }
            Some(other) if super::known(other).is_none() => {}
            other => {
                let shown = other.map_or_else(
                    || version.value.type_name().to_string(),
                    |s| format!("\"{s}\""),
                );
                found.push(
                    Diagnostic::new(
                        rule,
                        version.span,
                        format!(
                            "Version {shown} is not a policy version; AWS accepts {}",
                            VERSIONS.join(" or ")
                        ),
                    )
                    .with_severity(Severity::Error)
                    .with_logical_path(input.top_path("Version"))
                    .with_help("use \"Version\": \"2012-10-17\""),
                );
            }
        }
    });
}

fn policy_uses_variables(input: &super::PolicyInput) -> bool {
    super::statements(&input.policy).any(|st| {
        let resources = st
            .resource
            .iter()
            .chain(st.not_resource.iter())
            .flat_map(|e| e.value.items.iter())
            .filter_map(|i| i.value.as_str());
        let conditions = st
            .condition
            .iter()
            .flat_map(|c| c.value.blocks.iter())
            .flat_map(|b| b.entries.iter())
            .flat_map(|e| e.values.items.iter())
            .filter_map(|i| i.value.as_str());
        resources.chain(conditions).any(|s| s.contains("${"))
    })
}
