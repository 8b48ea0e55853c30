//! ## What it does
//! Reports a statement that has both an element and its negation: `Action`
//! with `NotAction`, `Resource` with `NotResource`, `Principal` with
//! `NotPrincipal`; and a statement with neither `Action` nor `NotAction`, or
//! (outside trust policies, ECR repository policies and EFS file system
//! policies, whose resource is implied) neither `Resource` nor `NotResource`.
//!
//! ## Why is this bad?
//! IAM rejects such a statement ("Unsupported element combination", "Missing
//! action", "Missing resource"): each pair is exclusive, and every statement
//! must say which actions and, except in a role trust policy, which resources
//! it covers.
//!
//! ## Example
//! ```json
//! {"Effect": "Allow", "Action": "s3:*", "NotAction": "s3:DeleteBucket", "Resource": "*"}
//! ```
//!
//! ## Fix
//! Keep one element of each pair; to carve an exception out of a grant, add a
//! `Deny` statement instead.
//!
//! ## References
//! - IAM JSON policy grammar: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html>
//! - NotAction: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html>
//! - NotResource: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html>
//! - ECR repository policies (examples without `Resource`): <https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html>
//! - EFS file system policy in CloudFormation (example without `Resource`): <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-efs-filesystem.html>

use super::{for_each_written_policy, statements};
use crate::diagnostic::{Diagnostic, Severity};
use crate::iam::policy::PolicyType;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "IAM003",
        "conflicting-elements",
        Severity::Error,
        &[InputKind::IamPolicy, InputKind::Cloudformation],
        "A statement has an element and its negation, or lacks Action or Resource",
        crate::rule_docs!(),
        &["iam", "correctness"],
        Precision::VeryHigh,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for_each_written_policy(ctx, out, |input, found| {
        for st in statements(&input.policy) {
            let pairs = [
                (
                    st.action.as_ref().map(|e| e.key_span),
                    st.not_action.as_ref().map(|e| e.key_span),
                    "Action",
                    "NotAction",
                ),
                (
                    st.resource.as_ref().map(|e| e.key_span),
                    st.not_resource.as_ref().map(|e| e.key_span),
                    "Resource",
                    "NotResource",
                ),
                (
                    st.principal.as_ref().map(|e| e.key_span),
                    st.not_principal.as_ref().map(|e| e.key_span),
                    "Principal",
                    "NotPrincipal",
                ),
            ];
            for (a, b, an, bn) in pairs {
                if let (Some(a), Some(b)) = (a, b) {
                    found.push(
                        Diagnostic::new(rule, b, format!("{} has both {an} and {bn}; a statement may have only one", st.label()))
                            .with_label(a, format!("{an} is here"))
                            .with_logical_path(input.path(st, bn))
                            .with_help(format!("keep {an} or {bn}; to exclude something from a grant, add a Deny statement")),
                    );
                }
            }
            if st.action.is_none() && st.not_action.is_none() {
                found.push(
                    Diagnostic::new(
                        rule,
                        st.span,
                        format!("{} has no Action or NotAction", st.label()),
                    )
                    .with_logical_path(input.path(st, ""))
                    .with_help("name the actions the statement covers"),
                );
            }
            // A trust policy's resource is the role; ECR repository and EFS
            // file system policies may leave out theirs too.
            let implied = input.policy_type == PolicyType::Trust || input.resource_is_implied();
            if !implied && st.resource.is_none() && st.not_resource.is_none() {
                found.push(
                    Diagnostic::new(
                        rule,
                        st.span,
                        format!("{} has no Resource or NotResource", st.label()),
                    )
                    .with_logical_path(input.path(st, ""))
                    .with_help("name the resources the statement covers (\"*\" for all of them)"),
                );
            }
        }
    });
}
