//! ## What it does
//! Checks `Principal` and `NotPrincipal` against the policy type: a
//! `Principal` in an identity policy, permissions boundary, session policy
//! or SCP (the principal is whoever the policy is attached to); a
//! `NotPrincipal` in an identity policy or role trust policy; no principal
//! at all in a statement of a resource-based or trust policy.
//!
//! The policy type is inferred from the content, set by `--policy-type`, by
//! `policy-types` globs in `.cloudlint.toml`, or known from where a template
//! embeds the policy.
//!
//! ## Why is this bad?
//! IAM and the resource's service reject each of these ("Unsupported
//! principal", "Missing principal", "Role trust policy syntax error
//! notprincipal"), so the policy is never applied.
//!
//! ## Example
//! ```yaml
//! AssumeRolePolicyDocument:
//!   Statement:
//!     - Effect: Allow
//!       Action: sts:AssumeRole
//! ```
//!
//! ## Fix
//! Name the trusted principal in a trust or resource policy; drop
//! `Principal` from an identity policy.
//!
//! ## References
//! - Principal element: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html>
//! - NotPrincipal element: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html>

use super::{for_each_written_policy, statements};
use crate::diagnostic::{Diagnostic, Severity};
use crate::iam::policy::PolicyType;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "IAM006",
        "misplaced-principal",
        Severity::Error,
        &[InputKind::IamPolicy, InputKind::Cloudformation],
        "Principal or NotPrincipal where the policy type forbids it, or missing where it is required",
        crate::rule_docs!(),
        &["iam", "correctness"],
        Precision::High,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for_each_written_policy(ctx, out, |input, found| {
        let ty = input.policy_type;
        let kind = format!(
            "{} {ty} policy",
            if matches!(ty, PolicyType::Identity | PolicyType::Rcp) {
                "an"
            } else {
                "a"
            }
        );
        for st in statements(&input.policy) {
            if !ty.has_principals() {
                if let Some(p) = st.principal.as_ref().or(st.not_principal.as_ref()) {
                    found.push(
                        Diagnostic::new(rule, p.key_span, format!("{} of {kind} names a {}: the principal is whoever the policy is attached to", st.label(), p.name))
                            .with_logical_path(input.path(st, &p.name))
                            .with_help(format!("remove {}; or, if this is a resource or trust policy, say so with --policy-type or `policy-types` in .cloudlint.toml", p.name)),
                    );
                }
                continue;
            }
            if ty == PolicyType::Trust
                && let Some(p) = &st.not_principal
            {
                found.push(
                        Diagnostic::new(rule, p.key_span, format!("{} of a role trust policy uses NotPrincipal, which trust policies do not support", st.label()))
                            .with_logical_path(input.path(st, "NotPrincipal"))
                            .with_help("name the trusted principals in Principal"),
                    );
            }
            if st.principal.is_none() && st.not_principal.is_none() {
                found.push(
                    Diagnostic::new(
                        rule,
                        st.span,
                        format!(
                            "{} of {kind}{} names no Principal",
                            st.label(),
                            input.in_what()
                        ),
                    )
                    .with_logical_path(input.path(st, ""))
                    .with_help("add the Principal the statement applies to"),
                );
            }
        }
    });
}
