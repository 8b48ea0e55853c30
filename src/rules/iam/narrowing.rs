//! Which condition keys narrow who can use a policy that names a broad
//! principal, shared by the trust-policy and public-policy rules.

use crate::iam::policy::{Operator, Statement};

/// Keys that tie a request to an account, organization, source resource,
/// network, external ID, or to AWS services acting for the account (iam-semantics.md; Access Analyzer treats these as
/// restricting a wildcard principal).
pub const NARROWING_KEYS: [&str; 22] = [
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOwner",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:SourceIp",
    "aws:userid",
    "aws:username",
    "sts:ExternalId",
    "kms:CallerAccount",
    "kms:ViaService",
    "aws:PrincipalIsAWSService",
    "aws:PrincipalServiceName",
    "aws:ResourceAccount",
    "aws:ResourceOrgID",
    "aws:ResourceOrgPaths",
];

/// The narrowing key a statement's condition tests with a positive operator, if any.
#[must_use]
pub fn narrowing_key(st: &Statement) -> Option<&str> {
    let cond = st.condition.as_ref()?;
    cond.value.blocks.iter().find_map(|b| {
        let op = Operator::parse(&b.operator).ok()?;
        // A negated operator (`StringNotEquals`) is true for every other value
        // and when the key is missing: it narrows nothing on its own.
        if op.base.is_negated() || op.base.family() == crate::iam::policy::OperatorFamily::Null {
            return None;
        }
        b.entries
            .iter()
            .find(|e| {
                NARROWING_KEYS
                    .iter()
                    .any(|k| k.eq_ignore_ascii_case(&e.key))
                    || is_idp_claim(&e.key)
            })
            .map(|e| e.key.as_str())
    })
}

/// A claim of a web identity or SAML provider (`accounts.google.com:sub`,
/// `cognito-identity.amazonaws.com:aud`, `saml:aud`): the provider's host
/// name (or `saml`) before the colon. Testing one ties the role to tokens of
/// that provider's tenant or audience.
fn is_idp_claim(key: &str) -> bool {
    key.split_once(':')
        .is_some_and(|(prefix, _)| prefix.contains('.') || prefix.eq_ignore_ascii_case("saml"))
}
