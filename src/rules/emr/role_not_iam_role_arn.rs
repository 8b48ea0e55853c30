//! ## What it does
//! Reports an EMRFS role mapping whose `Role` is not an IAM role ARN
//! (`arn:aws:iam::ACCOUNT:role/NAME`): a bare role name, an instance profile
//! ARN, a user ARN, an ARN with a malformed account ID.
//!
//! ## Why is this bad?
//! EMR documents the `Role` of a mapping as the role's ARN; EMRFS assumes that
//! role for the matching requests. A name or another kind of ARN makes the
//! security configuration invalid or the assumption fail, so the users of the
//! mapping cannot reach S3 with the intended permissions.
//!
//! ## Example
//! ```json
//! {"Role": "analysts", "IdentifierType": "Group", "Identifiers": ["analysts"]}
//! ```
//!
//! ## Fix
//! `"Role": "arn:aws:iam::111122223333:role/analysts"` — for a role with a
//! path, include it: `…:role/emr/analysts`.
//!
//! ## References
//! - Configure IAM roles for EMRFS requests to Amazon S3: <https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-emrfs-iam-roles.html>
//! - IAM identifiers (ARNs): <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns>

use super::{SECURITY_CONFIGURATION_KINDS, ordinal, with_security_configuration};
use crate::diagnostic::{Diagnostic, Severity};
use crate::emr::{SecurityConfiguration, is_deploy_time, key, role_arn_problem};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "EMR005",
        "role-not-iam-role-arn",
        Severity::Error,
        SECURITY_CONFIGURATION_KINDS,
        "An EMRFS role mapping whose Role is not an IAM role ARN",
        crate::rule_docs!(),
        &["correctness", "emr", "emrfs", "iam"],
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

/// Mapped roles that are not role ARNs.
pub fn check_security_configuration(
    rule: &RuleMeta,
    sc: &SecurityConfiguration<'_>,
    out: &mut Vec<Diagnostic>,
) {
    for m in &sc.role_mappings {
        let Some(role) = m.role else { continue };
        if is_deploy_time(&role.value, sc.surface) {
            continue;
        }
        let message = match role.value.as_str() {
            Some(s) => match role_arn_problem(s) {
                Some(p) => format!("role mapping {}: Role \"{s}\" {p}", ordinal(m.index)),
                None => continue,
            },
            None => format!(
                "role mapping {}: Role must be a role ARN string, not {}",
                ordinal(m.index),
                crate::emr::a_type(&role.value)
            ),
        };
        let help = match role.value.as_str() {
            Some(name) if !name.contains(':') && !name.is_empty() => format!(
                "write the role's ARN: \"arn:aws:iam::ACCOUNT_ID:role/{}\"",
                name.trim_start_matches('/')
            ),
            Some(arn) if arn.contains(":instance-profile/") => format!(
                "write the role ARN: \"{}\" if the role has the profile's name",
                arn.replacen(":instance-profile/", ":role/", 1)
            ),
            _ => "write the role's ARN: \"arn:aws:iam::ACCOUNT_ID:role/NAME\"".to_string(),
        };
        out.push(
            Diagnostic::new(rule, role.value.span, message)
                .with_help(help)
                .with_logical_path(sc.mapping_path(m.index, &[key("Role")])),
        );
    }
}
