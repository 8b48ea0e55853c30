//! ## What it does
//! Reports an `Allow` of `iam:PassRole` (written out or through a wildcard
//! such as `iam:Pass*` or `iam:*`) on every role (`"Resource": "*"`, a
//! `role/*` pattern, or `NotResource`) without an `iam:PassedToService`
//! condition.
//!
//! ## Why is this bad?
//! Passing a role to a service (EC2, Lambda, ECS, Glue, CloudFormation …) lets
//! the caller run code with that role's permissions. Passing any role,
//! to any service, includes the account's most privileged roles: a classic
//! privilege escalation path (Access Analyzer: "Pass role with star in
//! resource").
//!
//! ## Example
//! ```json
//! {"Effect": "Allow", "Action": ["iam:PassRole", "ec2:RunInstances"], "Resource": "*"}
//! ```
//!
//! ## Fix
//! Name the roles that may be passed
//! (`arn:aws:iam::123456789012:role/app-*`) and the service they may be
//! passed to (`"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}`).
//!
//! ## References
//! - Granting a user permissions to pass a role to an AWS service: <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html>
//! - iam:PassedToService: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PassedToService>

use super::{for_each_policy, known, statements};
use crate::diagnostic::{Diagnostic, Severity};
use crate::iam::policy::PolicyType;
use crate::iam::wildcard::wildcard_match;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "IAM104",
        "unrestricted-pass-role",
        Severity::Warning,
        &[InputKind::IamPolicy, InputKind::Cloudformation],
        "iam:PassRole allowed on every role without an iam:PassedToService condition",
        crate::rule_docs!(),
        &["iam", "security"],
        Precision::High,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for_each_policy(ctx, out, |input, found| {
        if !matches!(input.policy_type, PolicyType::Identity) {
            return;
        }
        for st in statements(&input.policy) {
            if st.effect_str() != Some("Allow") {
                continue;
            }
            let Some(action) = &st.action else { continue };
            // `*` alone is full admin (IAM101).
            let Some(item) = action.value.items.iter().find(|i| {
                i.value
                    .as_str()
                    .and_then(known)
                    .is_some_and(|a| a != "*" && wildcard_match(a, "iam:PassRole", true))
            }) else {
                continue;
            };
            let any_role = st.not_resource.is_some()
                || st
                    .resource
                    .iter()
                    .flat_map(|r| r.value.items.iter())
                    .any(|r| {
                        r.value
                            .as_str()
                            .and_then(known)
                            .is_some_and(covers_every_role)
                    });
            if !any_role {
                continue;
            }
            let restricted = st
                .condition
                .iter()
                .flat_map(|c| c.value.blocks.iter())
                .flat_map(|b| b.entries.iter())
                .any(|e| e.key.eq_ignore_ascii_case("iam:PassedToService"));
            if restricted {
                continue;
            }
            found.push(
                Diagnostic::new(
                    rule,
                    item.span,
                    format!("{} allows passing any role to any service: whoever holds it can run code with the account's most privileged roles", st.label()),
                )
                .with_logical_path(input.path(st, "Action"))
                .with_help("name the roles in Resource and add \"StringEquals\": {\"iam:PassedToService\": \"<service>.amazonaws.com\"}"),
            );
        }
    });
}

/// Whether a Resource pattern matches every role of its account: `*`,
/// `arn:aws:iam::123456789012:role/*`, `arn:aws:iam::*:*` …, but not
/// `arn:aws:s3:::*`, which names no role at all, nor a path or name prefix.
fn covers_every_role(pattern: &str) -> bool {
    let mut fields = pattern.split(':');
    let partition = literal(fields.nth(1)).unwrap_or("aws");
    let account = literal(fields.nth(2)).unwrap_or("123456789012");
    // A role name no pattern would spell out: only a wildcard matches it.
    let probe = format!("arn:{partition}:iam::{account}:role/cloudlint-any-role");
    wildcard_match(pattern, &probe, false)
}

/// An ARN field written out, without wildcards.
fn literal(field: Option<&str>) -> Option<&str> {
    field.filter(|f| !f.is_empty() && !f.contains(['*', '?']))
}

#[cfg(test)]
mod tests {
    use super::covers_every_role;

    #[test]
    fn role_wildcards_cover_every_role_and_other_services_none() {
        for every in [
            "*",
            "arn:aws:iam::123456789012:role/*",
            "arn:aws:iam::*:role/*",
            "arn:aws:iam::*:*",
            "arn:aws-cn:iam::123456789012:*",
            "arn:*",
        ] {
            assert!(covers_every_role(every), "{every}");
        }
        for some in [
            "arn:aws:s3:::*",
            "arn:aws:lambda:*:*:*",
            "arn:aws:iam::123456789012:role/app-*",
            "arn:aws:iam::123456789012:role/service-role/*",
            "arn:aws:iam::123456789012:user/*",
        ] {
            assert!(!covers_every_role(some), "{some}");
        }
    }
}
