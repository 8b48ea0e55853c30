//! Policy types and their inference from a document's content.

use super::{Policy, Statement};

/// Where a policy is attached, which decides its grammar and how it is evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PolicyType {
    /// Attached to a user, group or role.
    Identity,
    /// Attached to a resource (bucket, key, queue, …); names principals.
    Resource,
    /// A role's trust policy: who may assume the role.
    Trust,
    /// An Organizations service control policy.
    Scp,
    /// An Organizations resource control policy.
    Rcp,
    /// A permissions boundary of a user or role.
    PermissionsBoundary,
    /// A session policy passed when assuming a role or federating.
    Session,
}

impl PolicyType {
    pub const ALL: [PolicyType; 7] = [
        PolicyType::Identity,
        PolicyType::Resource,
        PolicyType::Trust,
        PolicyType::Scp,
        PolicyType::Rcp,
        PolicyType::PermissionsBoundary,
        PolicyType::Session,
    ];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyType::Identity => "identity",
            PolicyType::Resource => "resource",
            PolicyType::Trust => "trust",
            PolicyType::Scp => "scp",
            PolicyType::Rcp => "rcp",
            PolicyType::PermissionsBoundary => "permissions-boundary",
            PolicyType::Session => "session",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<PolicyType> {
        Self::ALL
            .iter()
            .copied()
            .find(|t| t.as_str().eq_ignore_ascii_case(s))
    }

    /// Whether statements of this type name principals (`Principal` /
    /// `NotPrincipal`).
    #[must_use]
    pub fn has_principals(self) -> bool {
        matches!(
            self,
            PolicyType::Resource | PolicyType::Trust | PolicyType::Rcp
        )
    }

    /// The type a document most likely has, from its content alone:
    /// - statements that name principals and only grant `sts:AssumeRole*`
    ///   (and the session-tagging actions that go with it): a role trust policy;
    /// - principals, only `Deny` statements, and every principal `"*"`: the
    ///   shape AWS requires of an RCP;
    /// - other principals: a resource-based policy;
    /// - no principals and only `Deny` statements: the typical SCP (guard
    ///   rails); an identity policy of denies alone is rare;
    /// - otherwise an identity-based policy.
    ///
    /// Configuration and `--policy-type` override this guess.
    #[must_use]
    pub fn infer(policy: &Policy) -> PolicyType {
        let statements: Vec<&Statement> =
            policy.statements.iter().filter(|s| s.is_object).collect();
        let with_principal: Vec<&&Statement> = statements
            .iter()
            .filter(|s| s.principal.is_some() || s.not_principal.is_some())
            .collect();
        let all_deny =
            !statements.is_empty() && statements.iter().all(|s| s.effect_str() == Some("Deny"));
        if !with_principal.is_empty() {
            let trust = with_principal.iter().all(|s| {
                let mut actions = s.action_strs().peekable();
                actions.peek().is_some() && actions.all(is_trust_action)
            });
            if trust {
                return PolicyType::Trust;
            }
            let all_star = with_principal.len() == statements.len()
                && with_principal
                    .iter()
                    .all(|s| s.principal.as_ref().is_some_and(|p| p.value.is_wildcard()));
            if all_deny && all_star {
                return PolicyType::Rcp;
            }
            return PolicyType::Resource;
        }
        if all_deny {
            return PolicyType::Scp;
        }
        PolicyType::Identity
    }
}

/// Actions that appear in role trust policies.
fn is_trust_action(action: &str) -> bool {
    let lower = action.to_ascii_lowercase();
    lower.starts_with("sts:assumerole")
        || lower == "sts:tagsession"
        || lower == "sts:setsourceidentity"
        || lower == "sts:setcontext"
}

impl std::fmt::Display for PolicyType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Limits, Syntax, parse};

    fn infer(text: &str) -> PolicyType {
        let parsed = parse(Syntax::Json, text, &Limits::default());
        Policy::from_node(&parsed.root.unwrap_or_default()).inferred_type()
    }

    #[test]
    fn infers_from_content() {
        assert_eq!(
            infer(
                r#"{"Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}}"#
            ),
            PolicyType::Trust
        );
        assert_eq!(
            infer(
                r#"{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"*"}}"#
            ),
            PolicyType::Resource
        );
        assert_eq!(
            infer(
                r#"{"Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}}"#
            ),
            PolicyType::Rcp
        );
        assert_eq!(
            infer(r#"{"Statement":{"Effect":"Deny","Action":"s3:*","Resource":"*"}}"#),
            PolicyType::Scp
        );
        assert_eq!(
            infer(r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#),
            PolicyType::Identity
        );
        assert_eq!(infer("{}"), PolicyType::Identity);
    }
}
