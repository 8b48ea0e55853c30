//! ## What it does
//! Reports an EMRFS role mapping whose `IdentifierType` is not exactly `User`,
//! `Group` or `Prefix` (`Users`, `user`, `S3Prefix`, …).
//!
//! ## Why is this bad?
//! The identifier type decides what EMRFS compares the identifiers with: Hadoop
//! user names, Hadoop group names, or the S3 location being accessed. EMR
//! documents exactly these three values; any other spelling makes the security
//! configuration invalid, so the cluster cannot use it, and the users meant to
//! get the mapped role do not get it.
//!
//! ## Example
//! ```json
//! {"Role": "arn:aws:iam::111122223333:role/analysts", "IdentifierType": "Users", "Identifiers": ["alice"]}
//! ```
//!
//! ## Fix
//! `"IdentifierType": "User"` — singular, capitalised — also for a list of
//! several users.
//!
//! ## References
//! - Configure IAM roles for EMRFS requests to Amazon S3: <https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-emrfs-iam-roles.html>
//! - Use a security configuration to set up cluster security: <https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-create-security-configuration.html>

use super::{SECURITY_CONFIGURATION_KINDS, ordinal, with_security_configuration};
use crate::diagnostic::{Diagnostic, Severity};
use crate::emr::{IdentifierType, SecurityConfiguration, is_deploy_time, key};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::suggest::did_you_mean;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "EMR003",
        "invalid-identifier-type",
        Severity::Error,
        SECURITY_CONFIGURATION_KINDS,
        "An EMRFS role mapping whose IdentifierType is not User, Group or Prefix",
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

/// Mappings with an invalid `IdentifierType`.
pub fn check_security_configuration(
    rule: &RuleMeta,
    sc: &SecurityConfiguration<'_>,
    out: &mut Vec<Diagnostic>,
) {
    for m in &sc.role_mappings {
        let Some(t) = m.identifier_type else { continue };
        if m.kind.is_some() || is_deploy_time(&t.value, sc.surface) {
            continue;
        }
        let message = match t.value.as_str() {
            Some(s) => format!(
                "role mapping {} has IdentifierType \"{s}\", which is not User, Group or Prefix",
                ordinal(m.index)
            ),
            None => format!(
                "role mapping {}: IdentifierType must be \"User\", \"Group\" or \"Prefix\", not {}",
                ordinal(m.index),
                crate::emr::a_type(&t.value)
            ),
        };
        let guess = t.value.as_str().and_then(|s| {
            did_you_mean(s, IdentifierType::NAMES.iter().copied()).or_else(|| {
                // Plurals and prefixed forms: "Users", "UserName", "S3Prefix".
                let lower = s.to_ascii_lowercase();
                IdentifierType::NAMES
                    .iter()
                    .copied()
                    .find(|n| lower.contains(&n.to_ascii_lowercase()))
            })
        });
        let help = match guess {
            Some(g) => format!(
                "did you mean \"{g}\"? The value is case-sensitive and singular, however many identifiers the mapping lists"
            ),
            None => "use \"User\" (Hadoop user names), \"Group\" (Hadoop group names) or \"Prefix\" (s3:// locations)".to_string(),
        };
        out.push(
            Diagnostic::new(rule, t.value.span, message)
                .with_help(help)
                .with_logical_path(sc.mapping_path(m.index, &[key("IdentifierType")])),
        );
    }
}
