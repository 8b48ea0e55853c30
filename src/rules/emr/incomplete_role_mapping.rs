//! ## What it does
//! Reports EMRFS role mappings that are empty or lack a required part: an
//! `EmrFsConfiguration` without `RoleMappings` or with an empty list, a mapping
//! without `Role`, `IdentifierType` or `Identifiers`, an empty `Identifiers`
//! list, and an empty identifier string.
//!
//! ## Why is this bad?
//! EMR marks `RoleMappings` and each mapping's `Role`, `IdentifierType` and
//! `Identifiers` as required. A mapping that lacks one, or lists no identifier,
//! maps nobody: the users it was written for silently fall back to the
//! cluster's EC2 instance role, and the security configuration may be rejected.
//!
//! ## Example
//! ```json
//! {"Role": "arn:aws:iam::111122223333:role/data-eng", "IdentifierType": "Group", "Identifiers": []}
//! ```
//!
//! ## Fix
//! List the users, groups or `s3://` prefixes the role is for, or remove the mapping.
//!
//! ## References
//! - Configure IAM roles for EMRFS requests to Amazon S3: <https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-emrfs-iam-roles.html>
//! - Use a security configuration to set up cluster security: <https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-create-security-configuration.html>

use super::{SECURITY_CONFIGURATION_KINDS, ordinal, with_security_configuration};
use crate::diagnostic::{Diagnostic, Severity};
use crate::emr::{SecurityConfiguration, is_deploy_time, key};
use crate::parse::PathSeg;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "EMR006",
        "incomplete-role-mapping",
        Severity::Error,
        SECURITY_CONFIGURATION_KINDS,
        "EMRFS role mappings that are empty or lack Role, IdentifierType or Identifiers",
        crate::rule_docs!(),
        &["correctness", "emr", "emrfs"],
        Precision::VeryHigh,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    with_security_configuration(ctx, |sc| check_security_configuration(rule, sc, out));
    super::each_template_security_configuration(ctx, out, |sc, found| {
        check_security_configuration(rule, sc, found);
    });
}

const REQUIRED: &[(&str, &str)] = &[
    ("Role", "the ARN of the role EMRFS assumes"),
    ("IdentifierType", "User, Group or Prefix"),
    ("Identifiers", "the users, groups or s3:// prefixes mapped"),
];

/// Empty and incomplete mappings.
pub fn check_security_configuration(
    rule: &RuleMeta,
    sc: &SecurityConfiguration<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let emrfs_rel = [key("AuthorizationConfiguration"), key("EmrFsConfiguration")];
    if let Some(emrfs) = sc.emrfs
        && emrfs.value.is_object()
    {
        match sc.role_mappings_member {
            None => out.push(
                Diagnostic::new(rule, emrfs.key_span, "EmrFsConfiguration has no RoleMappings")
                    .with_help("add \"RoleMappings\": [{\"Role\": …, \"IdentifierType\": …, \"Identifiers\": […]}], or remove EmrFsConfiguration")
                    .with_logical_path(sc.path(&emrfs_rel)),
            ),
            Some(list) if list.value.is_array() && list.value.items().is_empty() => out.push(
                Diagnostic::new(rule, list.value.span, "RoleMappings is empty: EMRFS maps nobody")
                    .with_help("add at least one mapping (EMR requires one), or remove EmrFsConfiguration")
                    .with_logical_path(sc.path(&[emrfs_rel[0].clone(), emrfs_rel[1].clone(), key("RoleMappings")])),
            ),
            Some(_) => {}
        }
    }
    for m in &sc.role_mappings {
        if !m.node.is_object() || is_deploy_time(m.node, sc.surface) {
            continue;
        }
        for (field, what) in REQUIRED {
            if m.node.member(field).is_none() {
                out.push(
                    Diagnostic::new(
                        rule,
                        m.node.span,
                        format!("role mapping {} has no `{field}`", ordinal(m.index)),
                    )
                    .with_help(format!(
                        "every mapping needs `{field}` ({what}); without it the mapping maps nobody"
                    ))
                    .with_logical_path(sc.mapping_path(m.index, &[])),
                );
            }
        }
        let Some(ids) = m.identifiers else { continue };
        if is_deploy_time(&ids.value, sc.surface) {
            continue;
        }
        if ids.value.is_array() && ids.value.items().is_empty() {
            out.push(
                Diagnostic::new(
                    rule,
                    ids.value.span,
                    format!(
                        "role mapping {} lists no identifiers, so it maps nobody",
                        ordinal(m.index)
                    ),
                )
                .with_help("list the users, groups or s3:// prefixes this role is for, or remove the mapping")
                .with_logical_path(sc.mapping_path(m.index, &[key("Identifiers")])),
            );
        } else if !ids.value.is_array() {
            let fix = match ids.value.as_str() {
                Some(s) => format!("write a list: \"Identifiers\": [\"{s}\"]"),
                None => "write a list of strings".to_string(),
            };
            out.push(
                Diagnostic::new(
                    rule,
                    ids.value.span,
                    format!(
                        "role mapping {}: Identifiers must be a list of strings, not {}",
                        ordinal(m.index),
                        crate::emr::a_type(&ids.value)
                    ),
                )
                .with_help(fix)
                .with_logical_path(sc.mapping_path(m.index, &[key("Identifiers")])),
            );
        }
        for (i, item) in ids.value.items().iter().enumerate() {
            let problem = match item.as_str() {
                Some(s) if s.trim().is_empty() => "an empty identifier".to_string(),
                Some(_) => continue,
                None if is_deploy_time(item, sc.surface) => continue,
                None => format!(
                    "an identifier that is {}, not a string",
                    crate::emr::a_type(item)
                ),
            };
            out.push(
                Diagnostic::new(
                    rule,
                    item.span,
                    format!("role mapping {} has {problem}", ordinal(m.index)),
                )
                .with_help("write the user name, group name or s3:// prefix as a non-empty string, or remove it")
                .with_logical_path(
                    sc.mapping_path(m.index, &[key("Identifiers"), PathSeg::Index(i)]),
                ),
            );
        }
    }
}
