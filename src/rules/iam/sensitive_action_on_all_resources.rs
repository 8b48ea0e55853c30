//! ## What it does
//! Reports an `Allow` statement of an identity policy that grants, on
//! `"Resource": "*"` and without a `Condition`, actions of one of three risk
//! categories, expanding wildcards and `NotAction` against the embedded
//! catalogue:
//! - **permissions management**: actions the Service Authorization Reference
//!   gives the access level "Permissions management" (`iam:PutRolePolicy`,
//!   `s3:PutBucketPolicy`, `kms:CreateGrant`, `lambda:AddPermission` …),
//!   except the few reads it files there (`Get…`, `List…`, `Describe…`,
//!   `Search…`, `View…`: `backup:ListIndexedRecoveryPointsForSearch`);
//! - **credentials exposure**: actions whose response holds credentials of
//!   another identity or a secret that logs in: `iam:CreateAccessKey`,
//!   `iam:UpdateAccessKey`, `iam:CreateLoginProfile`,
//!   `iam:CreateServiceSpecificCredential`, `iam:ResetServiceSpecificCredential`,
//!   `sts:GetFederationToken`, `redshift:GetClusterCredentials`,
//!   `redshift:GetClusterCredentialsWithIAM`, `redshift-serverless:GetCredentials`,
//!   `rds-db:connect`, `ec2:GetPasswordData`,
//!   `cognito-identity:GetOpenIdTokenForDeveloperIdentity`,
//!   `codepipeline:PollForJobs`, `connect:GetFederationToken`,
//!   `gamelift:RequestUploadCredentials`, `lightsail:GetInstanceAccessDetails`,
//!   `lightsail:GetRelationalDatabaseMasterUserPassword`,
//!   `lightsail:DownloadDefaultKeyPair`,
//!   `mediapackage:RotateIngestEndpointCredentials`,
//!   `elasticmapreduce:GetClusterSessionCredentials`;
//! - **data exfiltration**: reads of stored data and secrets:
//!   `s3:GetObject`, `s3:GetObjectVersion`, `ssm:GetParameter`,
//!   `ssm:GetParameters`, `ssm:GetParametersByPath`,
//!   `ssm:GetParameterHistory`, `secretsmanager:GetSecretValue`,
//!   `secretsmanager:BatchGetSecretValue`, `kms:Decrypt`,
//!   `rds:CopyDBSnapshot`, `rds:CreateDBSnapshot`.
//!
//! The lists follow cloudsplaining's and policy_sentry's credentials-exposure
//! and data-exfiltration categories, checked against the API reference of
//! each action, without the actions that only return the caller's own
//! credentials or that AWS requires on `*`: `ecr:GetAuthorizationToken`
//! (a registry token for the caller itself; it has no resource-level
//! permissions and every container role needs it), `sts:GetSessionToken`,
//! `cognito-identity:GetCredentialsForIdentity` and `GetOpenIdToken` (public
//! identity-pool calls), and `sts:AssumeRole*` (the role's trust policy
//! decides who may assume it).
//! One finding per statement and category, naming a few of the actions.
//! Statements that IAM101 (`*` on `*`) reports, and `svc:*` entries that
//! IAM102 reports, are not reported again; statements with a `Condition`
//! (tags, services) are left out, like cloudsplaining does by default.
//!
//! ## Why is this bad?
//! On every resource of the account, a permissions-management action lets
//! the principal rewrite who may access anything (a bucket policy, a key
//! policy, its own role's policy); a credentials action mints keys or
//! passwords for other identities; a data read takes every object, parameter
//! and secret, including those of other teams.
//!
//! ## Example
//! ```json
//! {"Effect": "Allow", "Action": ["s3:Get*", "secretsmanager:GetSecretValue"], "Resource": "*"}
//! ```
//!
//! ## Fix
//! Name the buckets, secrets, parameters, keys and roles in `Resource`, or
//! narrow with conditions (`aws:ResourceTag/…`, `kms:ViaService`).
//!
//! ## References
//! - Access levels (Permissions management): <https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_understand-policy-summary-access-level-summaries.html>
//! - Security best practices in IAM (grant least privilege): <https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege>
//! - GetFederationToken: <https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html>
//! - GetPasswordData: <https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetPasswordData.html>
//! - GetAuthorizationToken (the caller's own token): <https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetAuthorizationToken.html>
//! - GetClusterCredentials: <https://docs.aws.amazon.com/redshift/latest/APIReference/API_GetClusterCredentials.html>
//! - CreateAccessKey: <https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html>
//! - GetSecretValue: <https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html>
//! - cloudsplaining risk categories: <https://github.com/salesforce/cloudsplaining>

use std::collections::BTreeMap;

use super::granted::{Covered, covered_actions, is_admin_or_service_wildcard, on_every_resource};
use super::{for_each_policy, statements};
use crate::diagnostic::{Diagnostic, Severity};
use crate::iam::catalog::{AccessLevel, Catalog};
use crate::iam::policy::PolicyType;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "IAM110",
        "sensitive-action-on-all-resources",
        Severity::Warning,
        &[InputKind::IamPolicy, InputKind::Cloudformation],
        "Permissions-management, credentials-exposure or data-exfiltration actions granted on every resource",
        crate::rule_docs!(),
        &["iam", "security"],
        Precision::High,
    ),
    check,
};

/// Actions whose response holds credentials (see the doc comment for sources).
pub const CREDENTIALS_EXPOSURE: &[&str] = &[
    "codepipeline:PollForJobs",
    "cognito-identity:GetOpenIdTokenForDeveloperIdentity",
    "connect:GetFederationToken",
    "ec2:GetPasswordData",
    "elasticmapreduce:GetClusterSessionCredentials",
    "gamelift:RequestUploadCredentials",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:CreateServiceSpecificCredential",
    "iam:ResetServiceSpecificCredential",
    "iam:UpdateAccessKey",
    "lightsail:DownloadDefaultKeyPair",
    "lightsail:GetInstanceAccessDetails",
    "lightsail:GetRelationalDatabaseMasterUserPassword",
    "mediapackage:RotateIngestEndpointCredentials",
    "rds-db:connect",
    "redshift-serverless:GetCredentials",
    "redshift:GetClusterCredentials",
    "redshift:GetClusterCredentialsWithIAM",
    "sts:GetFederationToken",
];

/// Reads of stored data and secrets (see the doc comment for sources).
pub const DATA_EXFILTRATION: &[&str] = &[
    "kms:Decrypt",
    "rds:CopyDBSnapshot",
    "rds:CreateDBSnapshot",
    "s3:GetObject",
    "s3:GetObjectVersion",
    "secretsmanager:BatchGetSecretValue",
    "secretsmanager:GetSecretValue",
    "ssm:GetParameter",
    "ssm:GetParameterHistory",
    "ssm:GetParameters",
    "ssm:GetParametersByPath",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Category {
    PermissionsManagement,
    CredentialsExposure,
    DataExfiltration,
}

impl Category {
    fn of(action: &Covered<'_>) -> Option<Category> {
        let (prefix, name) = (action.action.service.prefix, action.action.action.name);
        let listed = |list: &[&str]| {
            list.iter().any(|a| {
                a.split_once(':').is_some_and(|(p, n)| {
                    p.eq_ignore_ascii_case(prefix) && n.eq_ignore_ascii_case(name)
                })
            })
        };
        if listed(CREDENTIALS_EXPOSURE) {
            Some(Category::CredentialsExposure)
        } else if listed(DATA_EXFILTRATION) {
            Some(Category::DataExfiltration)
        } else if action.action.action.access_level == AccessLevel::PermissionsManagement
            && !is_read(name)
        {
            Some(Category::PermissionsManagement)
        } else {
            None
        }
    }

    fn describe(self) -> (&'static str, &'static str) {
        match self {
            Category::PermissionsManagement => (
                "permissions-management",
                "they can change who may access any resource",
            ),
            Category::CredentialsExposure => (
                "credentials-exposure",
                "they return credentials or passwords",
            ),
            Category::DataExfiltration => {
                ("data-exfiltration", "they read any stored data or secret")
            }
        }
    }
}

/// Whether an action name says it reads (`GetResourcePolicy`,
/// `ListEntities`): the catalogue files some reads under "Permissions
/// management", but they change nobody's access.
fn is_read(name: &str) -> bool {
    ["List", "Get", "Describe", "Search", "BatchGet", "View"]
        .iter()
        .any(|p| name.starts_with(p))
}

/// How many action names a message lists.
const SHOWN: usize = 4;

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let catalog = Catalog::get();
    for_each_policy(ctx, out, |input, found| {
        if input.policy_type != PolicyType::Identity {
            return;
        }
        for st in statements(&input.policy) {
            if st.effect_str() != Some("Allow") || st.condition.is_some() || !on_every_resource(st)
            {
                continue;
            }
            // `*` on `*` is IAM101's finding; the whole statement is admin.
            let admin = st
                .action
                .iter()
                .flat_map(|a| a.value.items.iter())
                .any(|i| matches!(i.value.as_str(), Some("*" | "*:*")));
            if admin {
                continue;
            }
            let Some(covered) =
                covered_actions(catalog, st, |p| is_admin_or_service_wildcard(catalog, p))
            else {
                continue;
            };
            let mut by_category: BTreeMap<Category, Vec<Covered<'_>>> = BTreeMap::new();
            for c in covered {
                if let Some(cat) = Category::of(&c) {
                    let list = by_category.entry(cat).or_default();
                    if !list.iter().any(|x| x.action == c.action) {
                        list.push(c);
                    }
                }
            }
            let element = if st.action.is_some() {
                "Action"
            } else {
                "NotAction"
            };
            for (cat, list) in by_category {
                let Some(first) = list.first() else { continue };
                let (name, why) = cat.describe();
                let mut names: Vec<String> = list
                    .iter()
                    .take(SHOWN)
                    .map(|c| c.action.qualified())
                    .collect();
                if list.len() > SHOWN {
                    names.push(format!("… {} in all", list.len()));
                }
                let d = Diagnostic::new(
                    rule,
                    first.span,
                    format!(
                        "{} grants {name} actions on every resource ({}): {why}",
                        st.label(),
                        names.join(", ")
                    ),
                )
                .with_logical_path(input.path(st, element))
                .with_help(if list.iter().any(|c| !c.action.action.resource_types.is_empty()) {
                    "name the resources in Resource, or narrow the statement with a Condition"
                } else {
                    "these actions support only \"Resource\": \"*\": grant them only to the principals that need them, narrowed with a Condition"
                });
                found.push(d);
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_action_is_in_the_catalogue() {
        let catalog = Catalog::get();
        for a in CREDENTIALS_EXPOSURE.iter().chain(DATA_EXFILTRATION) {
            assert!(
                catalog.find_action(a).is_some(),
                "{a} is not in the catalogue"
            );
        }
    }
}
