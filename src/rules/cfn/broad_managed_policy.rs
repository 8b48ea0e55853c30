//! ## What it does
//! Reports roles, users, groups and SAM functions that attach a well-known
//! over-broad AWS managed policy by ARN (or, in SAM `Policies`, by name):
//! `AdministratorAccess`, `PowerUserAccess` and `IAMFullAccess` (errors: each
//! gives the whole account, or the power to grant it), every
//! `…FullAccess` policy (`AmazonS3FullAccess`, `AmazonAthenaFullAccess`,
//! `AmazonDynamoDBFullAccess` …), and broad administrator policies such as
//! `SecretsManagerReadWrite`, `AWSKeyManagementServicePowerUser` and the
//! `job-function/` administrator policies. ARNs written with
//! `!Sub arn:${AWS::Partition}:iam::aws:policy/…` are understood.
//!
//! ## Why is this bad?
//! A "full access" policy grants every action of a service on every resource
//! of the account: a role meant to load one S3 prefix into Redshift can then
//! read and delete every bucket, change bucket policies and make data public.
//! Such policies are convenient in a tutorial and stay in production for
//! years; compromised credentials or an application bug then reach far
//! beyond what the workload needs.
//!
//! ## Example
//! ```yaml
//! RedshiftRole:
//!   Type: AWS::IAM::Role
//!   Properties:
//!     AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: redshift.amazonaws.com}, Action: sts:AssumeRole}]}
//!     ManagedPolicyArns:
//!       - !Sub arn:${AWS::Partition}:iam::aws:policy/AmazonS3FullAccess
//!       - arn:aws:iam::aws:policy/AmazonAthenaFullAccess
//! ```
//!
//! ## Fix
//! Replace the managed policy with an inline or customer managed policy that
//! names the actions and resources the workload uses (for example
//! `s3:GetObject` and `s3:ListBucket` on one bucket), or with a narrower AWS
//! managed policy (`AmazonS3ReadOnlyAccess`, a `…ReadOnly` policy). IAM
//! Access Analyzer can generate a policy from the role's CloudTrail activity.
//!
//! ## References
//! - AWS managed policies for job functions: <https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html>
//! - Apply least-privilege permissions: <https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege>
//! - IAM Access Analyzer policy generation: <https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-policy-generation.html>

use super::template;
use crate::cfn::policies::{aws_managed_policy_name, managed_policy_attachments};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "CFN308",
        "broad-aws-managed-policy",
        Severity::Warning,
        &[InputKind::Cloudformation],
        "An IAM identity attaches an over-broad AWS managed policy such as AdministratorAccess or AmazonS3FullAccess",
        crate::rule_docs!(),
        &["security", "iam", "cloudformation"],
        Precision::VeryHigh,
    ),
    check,
};

/// Policies that give the whole account or the power to take it.
const ACCOUNT_WIDE: &[(&str, &str)] = &[
    (
        "AdministratorAccess",
        "every action on every resource of the account",
    ),
    (
        "PowerUserAccess",
        "every action outside IAM and Organizations on every resource",
    ),
    (
        "IAMFullAccess",
        "every IAM action, enough to grant itself administrator access",
    ),
];

/// Broad policies whose names do not end in `FullAccess`.
const BROAD: &[&str] = &[
    "SecretsManagerReadWrite",
    "AWSKeyManagementServicePowerUser",
    "AmazonAPIGatewayAdministrator",
    "AWSCodeBuildAdminAccess",
    "job-function/SystemAdministrator",
    "job-function/DatabaseAdministrator",
    "job-function/NetworkAdministrator",
];

/// Severity and what the policy grants, for an over-broad policy.
fn broad(name: &str) -> Option<(Severity, String)> {
    let base = name.rsplit('/').next().unwrap_or(name);
    if let Some((_, what)) = ACCOUNT_WIDE.iter().find(|(n, _)| *n == name) {
        return Some((Severity::Error, (*what).to_string()));
    }
    if base.ends_with("FullAccess") {
        return Some((
            Severity::Warning,
            "every action of the service on every resource of the account".to_string(),
        ));
    }
    if BROAD.contains(&name) {
        return Some((
            Severity::Warning,
            "administrator access to a whole service".to_string(),
        ));
    }
    None
}

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(t) = template(ctx) else { return };
    for a in managed_policy_attachments(&t) {
        let Some(name) = aws_managed_policy_name(&a.arn) else {
            continue;
        };
        let Some((severity, what)) = broad(name) else {
            continue;
        };
        let noun = match t.resource(&a.resource_id).and_then(|r| r.type_name) {
            Some("AWS::IAM::User") => "user",
            Some("AWS::IAM::Group") => "group",
            Some("AWS::IAM::Role") => "role",
            Some("AWS::Serverless::StateMachine") => "state machine",
            _ => "function",
        };
        out.push(
            Diagnostic::new(
                rule,
                a.span,
                format!(
                    "{noun} {} attaches AWS managed policy {name}: {what}",
                    a.resource_id
                ),
            )
            .with_severity(severity)
            .with_logical_path(a.logical_path)
            .with_help("attach a policy limited to the actions and resources the workload uses"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broad_policies() {
        assert!(broad("AmazonS3ReadOnlyAccess").is_none());
        assert!(broad("service-role/AWSLambdaBasicExecutionRole").is_none());
        assert_eq!(
            broad("AdministratorAccess").map(|b| b.0),
            Some(Severity::Error)
        );
        assert_eq!(
            broad("AWSLambda_FullAccess").map(|b| b.0),
            Some(Severity::Warning)
        );
    }
}
