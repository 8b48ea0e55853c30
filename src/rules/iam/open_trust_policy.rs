//! ## What it does
//! Reports a role trust policy statement that lets anyone assume the role:
//! `"Principal": "*"` or `{"AWS": "*"}` in an `Allow`, with no condition on
//! `sts:ExternalId`, `aws:PrincipalOrgID`, `aws:PrincipalAccount`,
//! `aws:PrincipalArn`, `aws:SourceArn`, `aws:SourceAccount` or a similar
//! narrowing key. Also reports a web-identity trust of GitHub Actions'
//! OIDC provider that does not test the `sub` claim (every repository on
//! GitHub could assume the role).
//!
//! ## Why is this bad?
//! Any principal in any AWS account can then call `sts:AssumeRole` and act
//! with the role's permissions. For GitHub's provider, any workflow of any
//! repository gets a valid token for `sts.amazonaws.com`.
//!
//! ## Example
//! ```json
//! {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}
//! ```
//!
//! ## Fix
//! Name the trusted accounts or roles in `Principal`, or narrow with
//! `aws:PrincipalOrgID` or (for third parties) `sts:ExternalId`; for GitHub,
//! require `token.actions.githubusercontent.com:sub` to match your
//! repository and branch.
//!
//! ## References
//! - Role trust policies: <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-trust-policy>
//! - The confused deputy problem (sts:ExternalId): <https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html>
//! - Configuring a role for GitHub OIDC: <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub>

use super::narrowing::narrowing_key;
use super::{for_each_policy, statements};
use crate::diagnostic::{Diagnostic, Severity};
use crate::iam::policy::{PolicyType, Principal, PrincipalKind};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "IAM106",
        "open-trust-policy",
        Severity::Error,
        &[InputKind::IamPolicy, InputKind::Cloudformation],
        "A role trust policy lets any principal (or any GitHub repository) assume the role",
        crate::rule_docs!(),
        &["iam", "security"],
        Precision::High,
    ),
    check,
};

const GITHUB: &str = "token.actions.githubusercontent.com";

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for_each_policy(ctx, out, |input, found| {
        if input.policy_type != PolicyType::Trust {
            return;
        }
        for st in statements(&input.policy) {
            if st.effect_str() != Some("Allow") {
                continue;
            }
            let Some(p) = &st.principal else { continue };
            if p.value.is_wildcard() && narrowing_key(st).is_none() {
                found.push(
                    Diagnostic::new(rule, p.span, format!("{} lets any principal in any AWS account assume the role{}", st.label(), input.in_what()))
                        .with_logical_path(input.path(st, "Principal"))
                        .with_help("name the trusted accounts or roles, or add a condition on aws:PrincipalOrgID or sts:ExternalId"),
                );
                continue;
            }
            let Principal::Map(entries) = &p.value else {
                continue;
            };
            let github = entries
                .iter()
                .filter(|e| e.kind == PrincipalKind::Federated)
                .flat_map(|e| e.values.items.iter())
                .find(|v| {
                    v.value
                        .as_str()
                        .is_some_and(|s| s.ends_with(&format!("oidc-provider/{GITHUB}")))
                });
            let Some(github) = github else { continue };
            let sub_tested = st
                .condition
                .iter()
                .flat_map(|c| c.value.blocks.iter())
                .flat_map(|b| b.entries.iter())
                .any(|e| e.key.eq_ignore_ascii_case(&format!("{GITHUB}:sub")));
            if !sub_tested {
                found.push(
                    Diagnostic::new(rule, github.span, format!("{} trusts GitHub Actions' OIDC provider without testing `{GITHUB}:sub`: a workflow of any GitHub repository can assume the role", st.label()))
                        .with_logical_path(input.path(st, "Principal"))
                        .with_help(format!("add \"StringLike\": {{\"{GITHUB}:sub\": \"repo:<org>/<repo>:ref:refs/heads/main\"}}")),
                );
            }
        }
    });
}
