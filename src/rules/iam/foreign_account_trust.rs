//! ## What it does
//! Reports a role trust policy statement that lets principals of another
//! AWS account assume the role (`"Principal": {"AWS": "arn:aws:iam::210987654321:root"}`,
//! a bare account ID, or a role or user of that account) with no condition on
//! `sts:ExternalId`, `aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`,
//! `aws:SourceArn`, `aws:SourceAccount`, `aws:SourceOrgID` or
//! `aws:SourceOrgPaths` under a positive operator.
//!
//! "Another account" needs to know which account is yours: set
//! `[account] id = "123456789012"` in `.cloudlint.toml` (and list your other
//! accounts in `trusted-accounts`). Without it the rule reports nothing: it
//! does not guess. In CloudFormation templates, `${AWS::AccountId}` and
//! `!Ref AWS::AccountId` are the stack's own account, and an account ID that
//! comes from a parameter's default (not written in the principal itself) or
//! is only known at deploy time is left alone. Trust of any account (`"*"`) is
//! IAM106's finding.
//!
//! ## Why is this bad?
//! A third party that assumes roles in many customers' accounts can be
//! tricked into using yours (the confused deputy): without `sts:ExternalId`
//! anyone who knows the role ARN and is a customer of the same vendor can ask
//! the vendor to act on it. Trusting an account's root lets every principal
//! that account's administrators allow call `sts:AssumeRole`.
//!
//! ## Example
//! ```json
//! {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::210987654321:root"}, "Action": "sts:AssumeRole"}
//! ```
//!
//! ## Fix
//! For a third party, require the external ID it gave you:
//! `"Condition": {"StringEquals": {"sts:ExternalId": "…"}}`; for your own
//! accounts, require `aws:PrincipalOrgID`, or add them to
//! `[account] trusted-accounts`.
//!
//! ## References
//! - The confused deputy problem: <https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html>
//! - Access to AWS accounts owned by third parties (external ID): <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html>
//! - aws:PrincipalOrgID: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid>

use super::{for_each_policy, known, statements};
use crate::diagnostic::{Diagnostic, Severity};
use crate::iam::eval::Arn;
use crate::iam::policy::{
    Operator, OperatorFamily, PolicyType, Principal, PrincipalKind, Statement,
};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "IAM111",
        "foreign-account-trust",
        Severity::Warning,
        &[InputKind::IamPolicy, InputKind::Cloudformation],
        "A role trust policy lets another account assume the role without an external ID or organization condition",
        crate::rule_docs!(),
        &["iam", "security"],
        Precision::High,
    ),
    check,
};

/// Condition keys that tie a cross-account trust to an agreed secret, an
/// organization, or a source resource.
const CROSS_ACCOUNT_KEYS: [&str; 7] = [
    "sts:ExternalId",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:SourceArn",
    "aws:SourceAccount",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
];

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let account = &ctx.settings.account;
    let Some(own) = account.id.as_deref() else {
        return;
    };
    for_each_policy(ctx, out, |input, found| {
        if input.policy_type != PolicyType::Trust {
            return;
        }
        for st in statements(&input.policy) {
            if st.effect_str() != Some("Allow") || has_cross_account_condition(st) {
                continue;
            }
            let Some(Principal::Map(entries)) = st.principal.as_ref().map(|p| &p.value) else {
                continue;
            };
            let foreign: Vec<(&str, crate::span::Span)> = entries
                .iter()
                .filter(|e| e.kind == PrincipalKind::Aws)
                .flat_map(|e| e.values.items.iter())
                .filter_map(|v| {
                    let id = account_of(v.value.as_str().and_then(known)?)?;
                    // In a template the ID must be written in the value itself:
                    // one that came from a parameter's default is a placeholder
                    // the deployer replaces.
                    let written = v.span.text(ctx.text).contains(id);
                    (written && id != own && !account.trusted_accounts.iter().any(|t| t == id))
                        .then_some((id, v.span))
                })
                .collect();
            let Some((_, span)) = foreign.first() else {
                continue;
            };
            let mut ids: Vec<&str> = foreign.iter().map(|(id, _)| *id).collect();
            ids.dedup();
            found.push(
                Diagnostic::new(
                    rule,
                    *span,
                    format!(
                        "{} lets account{} {} assume the role{} without sts:ExternalId, aws:PrincipalOrgID, aws:SourceArn or aws:SourceAccount",
                        st.label(),
                        if ids.len() == 1 { "" } else { "s" },
                        ids.join(", "),
                        input.in_what()
                    ),
                )
                .with_logical_path(input.path(st, "Principal"))
                .with_help("require the third party's external ID (StringEquals sts:ExternalId), or aws:PrincipalOrgID for your organization; list your own accounts in [account] trusted-accounts"),
            );
        }
    });
}

/// The account a principal of the `AWS` kind belongs to: a bare 12-digit ID
/// or the account field of an IAM or STS ARN. `None` for `*`, wildcards and
/// anything else.
fn account_of(principal: &str) -> Option<&str> {
    let id = if principal.bytes().all(|b| b.is_ascii_digit()) {
        principal
    } else {
        let arn = Arn::parse(principal)?;
        if !matches!(arn.service, "iam" | "sts") {
            return None;
        }
        arn.account
    };
    (id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit())).then_some(id)
}

/// Whether the statement tests one of [`CROSS_ACCOUNT_KEYS`] with a positive
/// operator (a negated one is true for every other value and when the key is missing).
fn has_cross_account_condition(st: &Statement) -> bool {
    st.condition
        .iter()
        .flat_map(|c| c.value.blocks.iter())
        .any(|b| {
            Operator::parse(&b.operator)
                .is_ok_and(|op| !op.base.is_negated() && op.base.family() != OperatorFamily::Null)
                && b.entries.iter().any(|e| {
                    CROSS_ACCOUNT_KEYS
                        .iter()
                        .any(|k| k.eq_ignore_ascii_case(&e.key))
                })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_of_principals() {
        assert_eq!(account_of("210987654321"), Some("210987654321"));
        assert_eq!(
            account_of("arn:aws:iam::210987654321:root"),
            Some("210987654321")
        );
        assert_eq!(
            account_of("arn:aws:sts::210987654321:assumed-role/r/s"),
            Some("210987654321")
        );
        assert_eq!(account_of("*"), None);
        assert_eq!(account_of("arn:aws:iam::*:root"), None);
        assert_eq!(account_of("arn:aws:s3:::bucket"), None);
        assert_eq!(account_of("12345"), None);
    }
}
