//! ## What it does
//! Reports an EMRFS role mapping whose role, by its permission policies, may
//! do more in S3 than a data job needs: read or write objects in every bucket
//! of the account, administer buckets (`s3:DeleteBucket`, `s3:PutBucketPolicy`,
//! `s3:PutBucketAcl`, …), or grant itself more permissions
//! (`iam:PutRolePolicy`, `iam:AttachRolePolicy`).
//!
//! The role's policies come from the configuration (`[emrfs.roles]` in
//! `.cloudlint.toml`: role ARN → trust policy and permission policy files), or,
//! for an `AWS::EMR::SecurityConfiguration` in a CloudFormation template, from
//! the template's `AWS::IAM::Role` that the mapping names (`!GetAtt Role.Arn`,
//! or an ARN such as `!Sub arn:aws:iam::${AWS::AccountId}:role/NAME` matching
//! its `RoleName`): inline `Policies`, `AWS::IAM::Policy`, `ManagedPolicy` and
//! `RolePolicy` attached to it, and `ManagedPolicyArns` naming a managed policy
//! of the template or one of the well-known AWS managed policies
//! (`AdministratorAccess`, `PowerUserAccess`, `IAMFullAccess`,
//! `AmazonS3FullAccess`, `AmazonS3ReadOnlyAccess`,
//! `service-role/AmazonElasticMapReduceforEC2Role`); other AWS managed
//! policies are assumed to grant nothing in S3 or IAM. A role with a
//! permissions boundary, a customer managed policy from outside the template,
//! or a `Deny` with deploy-time values is not judged, nor is a mapping whose
//! role cloudlint cannot resolve. Policies are evaluated with cloudlint's IAM
//! evaluator, so `"s3:*"`, `"s3:Put*"`, `NotAction` and `"Resource": "*"` are
//! all understood; statements that need request context (conditions) are not
//! assumed to match.
//!
//! ## Why is this bad?
//! EMRFS gives the mapped role to every request of every user the mapping
//! matches. `s3:*` on `*` lets each of them read, overwrite and delete any
//! data in the account; `s3:*` on a team's bucket still lets any team member
//! delete the bucket or rewrite its bucket policy to open it to the world.
//! Role mappings exist to give each tenant least privilege.
//!
//! ## Example
//! With `[emrfs.roles]` naming this policy for the role of a `User` mapping:
//! ```json
//! {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
//! ```
//!
//! ## Fix
//! Grant the object actions on the prefixes the users work in:
//! ```json
//! {"Version": "2012-10-17", "Statement": [
//!   {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], "Resource": "arn:aws:s3:::team-bucket/data/*"},
//!   {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::team-bucket", "Condition": {"StringLike": {"s3:prefix": "data/*"}}}]}
//! ```
//!
//! ## References
//! - Configure IAM roles for EMRFS requests to Amazon S3: <https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-emrfs-iam-roles.html>
//! - Security best practices in IAM (least privilege): <https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege>
//! - Actions, resources, and condition keys for Amazon S3: <https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html>

use std::collections::BTreeMap;

use super::{SECURITY_CONFIGURATION_KINDS, ordinal, with_security_configuration};
use crate::diagnostic::{Diagnostic, Severity};
use crate::emr::roles::{Breadth, RoleSet, breadth, granted_by, role_name};
use crate::emr::{SecurityConfiguration, key};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "EMR030",
        "over-broad-emrfs-role",
        Severity::Warning,
        SECURITY_CONFIGURATION_KINDS,
        "An EMRFS-mapped role that may use every bucket, administer buckets, or escalate its permissions",
        crate::rule_docs!(),
        &["security", "iam", "emr", "emrfs"],
        Precision::High,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    if !super::has_security_configuration(ctx) {
        return;
    }
    if !ctx.settings.emrfs_roles.is_empty() {
        let roles = RoleSet::from_settings(ctx.settings);
        with_security_configuration(ctx, |sc| {
            check_security_configuration(rule, sc, &roles, out);
        });
    }
    super::each_template_security_configuration_with_roles(ctx, out, |sc, roles, found| {
        check_security_configuration(rule, sc, roles, found);
    });
}

/// What to do about it, by what was found.
fn advice(b: &Breadth, sources: &[String]) -> String {
    let mut fixes = Vec::new();
    if !b.data_everywhere.is_empty() {
        fixes.push("grant object actions (s3:GetObject, s3:PutObject, s3:DeleteObject, s3:ListBucket) only on the buckets and prefixes these users work in");
    }
    if !b.admin_everywhere.is_empty() || !b.admin_on.is_empty() {
        fixes.push("replace bucket-wide grants such as s3:* with the object and listing actions the jobs use, and leave bucket administration to an administrator role");
    }
    if !b.escalation.is_empty() {
        fixes.push("remove IAM write permissions, which let any mapped user raise the role's own permissions");
    }
    format!(
        "allowed by {}. EMRFS gives this role to every request the mapping matches: {}",
        sources.join(", "),
        fixes.join("; ")
    )
}

fn describe(b: &Breadth) -> Vec<String> {
    let mut parts = Vec::new();
    let acts = |gs: &[crate::emr::roles::Grant]| -> Vec<String> {
        gs.iter().map(|g| g.action.clone()).collect()
    };
    if !b.data_everywhere.is_empty() {
        parts.push(format!(
            "use the data of every bucket ({})",
            acts(&b.data_everywhere).join(", ")
        ));
    }
    if !b.admin_everywhere.is_empty() {
        parts.push(format!(
            "administer every bucket ({})",
            acts(&b.admin_everywhere).join(", ")
        ));
    }
    for (bucket, grants) in &b.admin_on {
        parts.push(format!(
            "administer bucket {bucket} ({})",
            acts(grants).join(", ")
        ));
    }
    if !b.escalation.is_empty() {
        parts.push(format!(
            "grant itself more permissions ({})",
            acts(&b.escalation).join(", ")
        ));
    }
    parts
}

/// Mapped roles whose known policies are over-broad.
pub fn check_security_configuration(
    rule: &RuleMeta,
    sc: &SecurityConfiguration<'_>,
    roles: &RoleSet,
    out: &mut Vec<Diagnostic>,
) {
    let mut cache: BTreeMap<&str, Breadth> = BTreeMap::new();
    for m in &sc.role_mappings {
        let (Some(arn), Some(role_member)) = (m.role_arn(), m.role) else {
            continue;
        };
        let Some(known) = roles.role(arn) else {
            continue;
        };
        let path = sc.mapping_path(m.index, &[key("Role")]);
        let load_errors: Vec<String> = known
            .policies
            .iter()
            .flatten()
            .filter_map(|r| r.as_ref().err())
            .flatten()
            .map(ToString::to_string)
            .collect();
        if !load_errors.is_empty() {
            out.push(
                Diagnostic::new(
                    rule,
                    role_member.value.span,
                    format!(
                        "a permission policy of role {} (mapping {}) could not be read, so its breadth is not checked",
                        role_name(arn),
                        ordinal(m.index)
                    ),
                )
                .with_help(load_errors.join("; "))
                .with_logical_path(path.clone()),
            );
        }
        let Some(docs) = known.permission_docs() else {
            continue;
        };
        let b = cache.entry(arn).or_insert_with(|| breadth(arn, &docs));
        if b.is_empty() {
            continue;
        }
        let parts = describe(b);
        let sources = granted_by(b.grants());
        out.push(
            Diagnostic::new(
                rule,
                role_member.value.span,
                format!(
                    "role {} (mapping {}) is broader than data access needs: it may {}",
                    role_name(arn),
                    ordinal(m.index),
                    parts.join("; ")
                ),
            )
            .with_help(advice(b, &sources))
            .with_logical_path(path),
        );
    }
}
