//! ## What it does
//! Reports a security configuration with EMRFS role mappings whose cluster
//! instance role (`[emrfs] instance-role`, with its permission policies in
//! `[emrfs.roles]`) may itself read or write S3 data: in every bucket, or in a
//! bucket the role mappings govern (a bucket of a `Prefix` identifier, or one
//! a mapped role's policies name). In a CloudFormation template, the
//! instance role is the role in the `AWS::IAM::InstanceProfile` that the
//! `AWS::EMR::Cluster` using the security configuration names in
//! `JobFlowRole`, with the policies the template attaches to it (including the
//! AWS managed `service-role/AmazonElasticMapReduceforEC2Role`, which allows
//! `s3:*` on every resource).
//!
//! ## Why is this bad?
//! "If a request made through EMRFS doesn't match any identifier, EMRFS falls
//! back to using the service role for cluster EC2 instances." A base role
//! with S3 data access hands that access to every user who matches no
//! mapping, and for every path no prefix mapping covers — which defeats the
//! per-user and per-group mappings. The AWS post on multi-tenant EMR uses a
//! base role "that doesn't give any permission to Amazon S3" for this reason.
//! Access the cluster itself needs (its log bucket, bootstrap scripts) is not
//! reported unless it reaches every bucket or a governed bucket.
//!
//! ## Example
//! The instance role's policy:
//! ```json
//! {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
//! ```
//!
//! ## Fix
//! Restrict the instance role to what the cluster needs (its log and
//! bootstrap buckets), and give users S3 access through role mappings only.
//!
//! ## References
//! - Configure IAM roles for EMRFS requests to Amazon S3 (fallback to the EC2 role): <https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-emrfs-iam-roles.html>
//! - Service role for cluster EC2 instances (EC2 instance profile): <https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-iam-role-for-ec2.html>
//! - Build a multi-tenant Amazon EMR cluster with Kerberos, Microsoft Active Directory integration and EMRFS authorization: <https://aws.amazon.com/blogs/big-data/build-a-multi-tenant-amazon-emr-cluster-with-kerberos-microsoft-active-directory-integration-and-emrfs-authorization/>

use super::{SECURITY_CONFIGURATION_KINDS, ordinal, with_security_configuration};
use crate::diagnostic::{Diagnostic, Severity};
use crate::emr::roles::{
    ANY_BUCKET, DATA_ACTIONS, RoleSet, evaluate_identity, named_buckets, role_name,
};
use crate::emr::{IdentifierType, SecurityConfiguration, key};
use crate::iam::eval::{Context, Evaluation};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "EMR032",
        "instance-role-grants-s3-data-access",
        Severity::Warning,
        SECURITY_CONFIGURATION_KINDS,
        "The cluster's instance role, EMRFS's fallback, grants S3 data access that the role mappings were meant to control",
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
    if ctx.settings.emrfs_instance_role.is_some() {
        let roles = RoleSet::from_settings(ctx.settings);
        with_security_configuration(ctx, |sc| {
            check_security_configuration(rule, sc, &roles, out);
        });
    }
    super::each_template_security_configuration_with_roles(ctx, out, |sc, roles, found| {
        check_security_configuration(rule, sc, roles, found);
    });
}

/// The buckets the mappings govern, with the mapping that governs each.
fn governed_buckets(sc: &SecurityConfiguration<'_>, roles: &RoleSet) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for m in &sc.role_mappings {
        if m.kind == Some(IdentifierType::Prefix) {
            for id in &m.ids {
                if let Some(rest) = id.value.strip_prefix("s3://") {
                    let bucket = rest.split('/').next().unwrap_or_default();
                    if !bucket.is_empty() {
                        out.push((bucket.to_string(), m.index));
                    }
                }
            }
        }
        if let Some(docs) = m
            .role_arn()
            .and_then(|a| roles.role(a))
            .and_then(|r| r.permission_docs())
        {
            out.extend(named_buckets(&docs).into_iter().map(|b| (b, m.index)));
        }
    }
    out.sort();
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

/// The data actions the instance role may do on `bucket`.
fn allowed(
    role: &str,
    docs: &[crate::iam::eval::PolicyDoc],
    bucket: &str,
) -> Vec<(String, Evaluation)> {
    DATA_ACTIONS
        .iter()
        .filter_map(|a| {
            let e = evaluate_identity(
                role,
                docs.to_vec(),
                a,
                &format!("arn:aws:s3:::{bucket}/cloudlint-probe-object"),
                Context::default(),
            )
            .ok()?;
            e.decision.is_allowed().then(|| ((*a).to_string(), e))
        })
        .collect()
}

fn sources(grants: &[(String, Evaluation)]) -> String {
    let mut s: Vec<String> = grants
        .iter()
        .flat_map(|(_, e)| e.deciding_statements())
        .map(|t| format!("{} ({})", t.location, t.label()))
        .collect();
    s.sort();
    s.dedup();
    s.join(", ")
}

/// A fallback role with S3 data access.
pub fn check_security_configuration(
    rule: &RuleMeta,
    sc: &SecurityConfiguration<'_>,
    roles: &RoleSet,
    out: &mut Vec<Diagnostic>,
) {
    let (Some(instance), Some(list)) = (roles.instance_role.as_deref(), sc.role_mappings_member)
    else {
        return;
    };
    if sc.role_mappings.is_empty() {
        return;
    }
    let Some(docs) = roles.instance().and_then(|r| r.permission_docs()) else {
        return;
    };
    let path = sc.path(&[
        key("AuthorizationConfiguration"),
        key("EmrFsConfiguration"),
        key("RoleMappings"),
    ]);
    let everywhere = allowed(instance, &docs, ANY_BUCKET);
    if !everywhere.is_empty() {
        let actions: Vec<&str> = everywhere.iter().map(|(a, _)| a.as_str()).collect();
        out.push(
            Diagnostic::new(
                rule,
                list.key_span,
                format!(
                    "the instance role {}, EMRFS's fallback, may use the data of every bucket ({}): users and paths no mapping matches get that access",
                    role_name(instance),
                    actions.join(", ")
                ),
            )
            .with_help(format!(
                "allowed by {}. Restrict the instance role to the buckets the cluster itself needs (logs, bootstrap scripts) so that S3 data is reached only through the role mappings",
                sources(&everywhere)
            ))
            .with_logical_path(path),
        );
        return;
    }
    for (bucket, mapping) in governed_buckets(sc, roles) {
        let grants = allowed(instance, &docs, &bucket);
        if grants.is_empty() {
            continue;
        }
        let actions: Vec<&str> = grants.iter().map(|(a, _)| a.as_str()).collect();
        out.push(
            Diagnostic::new(
                rule,
                list.key_span,
                format!(
                    "the instance role {}, EMRFS's fallback, may use the data of bucket {bucket} ({}), which mapping {} governs",
                    role_name(instance),
                    actions.join(", "),
                    ordinal(mapping)
                ),
            )
            .with_help(format!(
                "allowed by {}. Users who match no mapping reach {bucket} through the fallback; remove that access from the instance role",
                sources(&grants)
            ))
            .with_logical_path(path.clone()),
        );
    }
}
