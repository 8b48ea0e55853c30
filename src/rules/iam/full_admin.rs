//! ## What it does
//! Reports an `Allow` of every action (`"Action": "*"`, or a `*:*` pattern)
//! on every resource (`"Resource": "*"`), the grant of the AWS managed
//! `AdministratorAccess` policy.
//!
//! ## Why is this bad?
//! Whoever holds the policy can do anything in the account: read every
//! secret, delete every resource, create new administrators, turn off
//! CloudTrail. A workload or a human with this policy is a single step from
//! a full account compromise.
//!
//! ## Example
//! ```json
//! {"Effect": "Allow", "Action": "*", "Resource": "*"}
//! ```
//!
//! ## Fix
//! Grant the actions the principal needs; keep administrator access for
//! break-glass roles that require MFA.
//!
//! ## References
//! - Security best practices in IAM: <https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege>
//! - AWS managed policies for job functions: <https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html>

use super::{for_each_policy, statements};
use crate::diagnostic::{Diagnostic, Severity};
use crate::iam::policy::PolicyType;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "IAM101",
        "full-admin",
        Severity::Error,
        &[InputKind::IamPolicy, InputKind::Cloudformation],
        "An Allow grants every action on every resource",
        crate::rule_docs!(),
        &["iam", "security"],
        Precision::VeryHigh,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for_each_policy(ctx, out, |input, found| {
        // SCPs and boundaries cap permissions: `*` there grants nothing by
        // itself; in a resource policy it covers only that resource.
        if input.policy_type != PolicyType::Identity {
            return;
        }
        for st in statements(&input.policy) {
            if st.effect_str() != Some("Allow") {
                continue;
            }
            let Some(action) = &st.action else { continue };
            let Some(star) = action
                .value
                .items
                .iter()
                .find(|i| matches!(i.value.as_str(), Some("*" | "*:*")))
            else {
                continue;
            };
            let on_all = st
                .resource
                .iter()
                .flat_map(|r| r.value.items.iter())
                .any(|i| i.value.as_str() == Some("*"));
            if !on_all {
                continue;
            }
            let conditional = st
                .condition
                .as_ref()
                .is_some_and(|c| !c.value.blocks.is_empty());
            let mut d = Diagnostic::new(
                rule,
                star.span,
                format!(
                    "{} allows every action on every resource: full administrator access{}",
                    st.label(),
                    if conditional {
                        " (under its conditions)"
                    } else {
                        ""
                    }
                ),
            )
            .with_logical_path(input.path(st, "Action"))
            .with_help("grant only the actions and resources needed");
            if conditional {
                d = d.with_severity(Severity::Warning);
            }
            found.push(d);
        }
    });
}
