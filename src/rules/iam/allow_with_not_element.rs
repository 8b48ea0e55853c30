//! ## What it does
//! Reports an `Allow` statement that uses `NotAction` or `NotResource`.
//!
//! ## Why is this bad?
//! `Allow` + `NotAction` grants every action except those listed, including
//! every action of every service AWS launches later; `Allow` + `NotResource`
//! grants the actions on every resource except those listed, in every
//! account the principal can reach. Both grant far more than they appear to.
//! (In a `Deny`, both are useful guard rails and are not reported.)
//!
//! ## Example
//! ```json
//! {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}
//! ```
//!
//! ## Fix
//! List the actions and resources to allow; express exceptions as a `Deny`.
//!
//! ## References
//! - NotAction: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html>
//! - NotResource: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html>

use super::{for_each_policy, statements};
use crate::diagnostic::{Diagnostic, Severity};
use crate::iam::policy::PolicyType;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "IAM103",
        "allow-with-not-element",
        Severity::Warning,
        &[InputKind::IamPolicy, InputKind::Cloudformation],
        "An Allow uses NotAction or NotResource and grants everything not listed",
        crate::rule_docs!(),
        &["iam", "security"],
        Precision::VeryHigh,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for_each_policy(ctx, out, |input, found| {
        // Identity policies grant; boundaries and SCPs cap, and a resource
        // policy's wildcard covers only that resource (a KMS key policy's `kms:*`).
        if input.policy_type != PolicyType::Identity {
            return;
        }
        for st in statements(&input.policy) {
            if st.effect_str() != Some("Allow") {
                continue;
            }
            if let Some(el) = &st.not_action {
                found.push(
                    Diagnostic::new(rule, el.key_span, format!("{} allows every action except those in NotAction, including actions of services added later", st.label()))
                        .with_logical_path(input.path(st, "NotAction"))
                        .with_help("list the actions to allow in Action; put exceptions in a Deny statement"),
                );
            }
            if let Some(el) = &st.not_resource {
                found.push(
                    Diagnostic::new(
                        rule,
                        el.key_span,
                        format!(
                            "{} allows its actions on every resource except those in NotResource",
                            st.label()
                        ),
                    )
                    .with_logical_path(input.path(st, "NotResource"))
                    .with_help("list the resources to allow in Resource"),
                );
            }
        }
    });
}
