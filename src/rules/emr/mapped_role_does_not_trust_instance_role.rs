//! ## What it does
//! Reports an EMRFS role mapping whose role's trust policy does not let the
//! cluster's EC2 instance role assume it. The instance role comes from
//! `[emrfs] instance-role` in `.cloudlint.toml`, the trust policy from
//! `[emrfs.roles]`; the question "may the instance role call
//! `sts:AssumeRole` on this role?" is decided by cloudlint's IAM evaluator,
//! including conditions and `Deny` statements.
//!
//! In a CloudFormation template, the instance role is the role of the
//! `AWS::IAM::InstanceProfile` that each `AWS::EMR::Cluster` using the
//! security configuration names in `JobFlowRole`, and the mapped roles'
//! trust policies are their `AssumeRolePolicyDocument`s; `!GetAtt Role.Arn`,
//! `!Ref Role` and `${AWS::AccountId}` are compared as deployment would
//! compare them (one account for the whole stack). A trust policy with a value
//! cloudlint cannot know (`Fn::ImportValue`, a parameter without default) is
//! not judged.
//!
//! When the trust policy trusts the whole account rather than the instance
//! role, the answer depends on the instance role's own permission policies;
//! if those are not configured (or not wholly known), nothing is reported.
//!
//! ## Why is this bad?
//! EMRFS runs as the instance role and assumes the mapped role for each
//! matching request: "Each role that EMRFS uses must have a trust policy that
//! allows the cluster's EMR role for EC2 to assume it." Without that trust,
//! every S3 request of the mapping's users fails with Access Denied — or, for
//! a cluster whose base role is not the one the trust policy names, works in
//! one environment and not in the next.
//!
//! ## Example
//! A mapped role that trusts only EC2 (the seed's first statement alone):
//! ```json
//! {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
//!   "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
//! ```
//!
//! ## Fix
//! ```json
//! {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/EMR_EC2_RestrictedRole"}, "Action": "sts:AssumeRole"}
//! ```
//!
//! ## References
//! - Configure IAM roles for EMRFS requests to Amazon S3 (trust policies): <https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-emrfs-iam-roles.html>
//! - How IAM roles differ from resource-based policies (role trust): <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_compare-resource-policies.html>
//! - Build a multi-tenant Amazon EMR cluster with Kerberos, Microsoft Active Directory integration and EMRFS authorization: <https://aws.amazon.com/blogs/big-data/build-a-multi-tenant-amazon-emr-cluster-with-kerberos-microsoft-active-directory-integration-and-emrfs-authorization/>

use super::{SECURITY_CONFIGURATION_KINDS, ordinal, with_security_configuration};
use crate::diagnostic::{Diagnostic, Severity};
use crate::emr::roles::{RoleSet, Trust, assume_role, policy_location, role_name};
use crate::emr::{SecurityConfiguration, key};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "EMR031",
        "mapped-role-does-not-trust-instance-role",
        Severity::Error,
        SECURITY_CONFIGURATION_KINDS,
        "An EMRFS-mapped role whose trust policy does not let the cluster's instance role assume it",
        crate::rule_docs!(),
        &["correctness", "iam", "emr", "emrfs"],
        Precision::High,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    if !super::has_security_configuration(ctx) {
        return;
    }
    if ctx.settings.emrfs_instance_role.is_some() && !ctx.settings.emrfs_roles.is_empty() {
        let roles = RoleSet::from_settings(ctx.settings);
        with_security_configuration(ctx, |sc| {
            check_security_configuration(rule, sc, &roles, out);
        });
    }
    super::each_template_security_configuration_with_roles(ctx, out, |sc, roles, found| {
        check_security_configuration(rule, sc, roles, found);
    });
}

/// Mapped roles the instance role cannot assume.
pub fn check_security_configuration(
    rule: &RuleMeta,
    sc: &SecurityConfiguration<'_>,
    roles: &RoleSet,
    out: &mut Vec<Diagnostic>,
) {
    let Some(instance) = roles.instance_role.as_deref() else {
        return;
    };
    let instance_policies = roles.instance().and_then(|r| r.complete_permission_docs());
    for m in &sc.role_mappings {
        let (Some(arn), Some(role_member)) = (m.role_arn(), m.role) else {
            continue;
        };
        if arn == instance {
            continue;
        }
        let Some(trust) = roles.role(arn).and_then(|r| r.trust.as_ref()) else {
            continue;
        };
        let path = sc.mapping_path(m.index, &[key("Role")]);
        let doc = match trust {
            Ok(doc) => doc,
            Err(errors) => {
                out.push(
                    Diagnostic::new(
                        rule,
                        role_member.value.span,
                        format!(
                            "the trust policy of role {} (mapping {}) could not be read",
                            role_name(arn),
                            ordinal(m.index)
                        ),
                    )
                    .with_help(
                        errors
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join("; "),
                    )
                    .with_logical_path(path),
                );
                continue;
            }
        };
        let evaluation = match assume_role(instance, instance_policies.clone(), arn, doc) {
            Ok(Trust::Denied(e)) => e,
            Ok(Trust::Allowed(_) | Trust::DependsOnInstancePolicies(_)) => continue,
            Err(message) => {
                out.push(
                    Diagnostic::new(
                        rule,
                        role_member.value.span,
                        format!(
                            "whether the instance role may assume role {} could not be decided: {message}",
                            role_name(arn)
                        ),
                    )
                    .with_logical_path(path),
                );
                continue;
            }
        };
        let mut help = format!(
            "{} ({}). EMRFS runs as the instance role and must assume this role for every request the mapping matches; add to the trust policy: {{\"Effect\": \"Allow\", \"Principal\": {{\"AWS\": {}}}, \"Action\": \"sts:AssumeRole\"}}",
            evaluation.reason,
            policy_location(doc),
            roles.reference(instance)
        );
        if !evaluation.missing_context_keys.is_empty() {
            help.push_str(&format!(
                "; the trust policy tests context keys EMRFS's request does not carry: {}",
                evaluation.missing_context_keys.join(", ")
            ));
        }
        out.push(
            Diagnostic::new(
                rule,
                role_member.value.span,
                format!(
                    "role {} (mapping {}) does not trust the cluster's instance role {}: EMRFS cannot assume it, so this mapping's S3 requests fail",
                    role_name(arn),
                    ordinal(m.index),
                    role_name(instance)
                ),
            )
            .with_help(help)
            .with_logical_path(path),
        );
    }
}
