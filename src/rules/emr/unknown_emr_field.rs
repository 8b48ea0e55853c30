//! ## What it does
//! Reports a field that an EMR security configuration, a role mapping, a
//! `Configurations` entry or `KerberosAttributes` does not have — usually a
//! misspelling or a field put at the wrong level — and suggests the field that
//! was probably meant.
//!
//! ## Why is this bad?
//! Field names are case-sensitive. A field EMR does not know is rejected or
//! ignored, and the AWS CLI rejects unknown parameters in `--configurations`;
//! where it is ignored the setting silently takes no effect, so a misspelled `AwsKmsKeyId` leaves S3 data under the default key
//! and a `RoleMappings` list written at the top level maps nobody.
//!
//! Objects that newer EMR releases keep extending (`AuthorizationConfiguration`,
//! `AuthenticationConfiguration`, `EncryptionConfiguration` and the top level)
//! are open: there an unknown member is an error only when it is close to a
//! known name, and otherwise a warning to check it against the current release.
//!
//! ## Example
//! ```json
//! {"AuthorizationConfiguration": {"EmrFsConfiguration": {"RoleMapings": [
//!   {"Role": "arn:aws:iam::111122223333:role/analysts", "IdentifierType": "User", "Identifiers": ["alice"]}]}}}
//! ```
//!
//! ## Fix
//! Use the documented spelling at the documented level: `"RoleMappings"` inside
//! `AuthorizationConfiguration.EmrFsConfiguration`.
//!
//! ## References
//! - Use a security configuration to set up cluster security: <https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-create-security-configuration.html>
//! - Configure applications (Configurations): <https://docs.aws.amazon.com/emr/latest/ReleaseGuide/emr-configure-apps.html>
//! - Configuration (Amazon EMR API Reference): <https://docs.aws.amazon.com/emr/latest/APIReference/API_Configuration.html>
//! - KerberosAttributes: <https://docs.aws.amazon.com/emr/latest/APIReference/API_KerberosAttributes.html>

use super::{EMR_KINDS, with_cluster, with_security_configuration};
use crate::diagnostic::{Diagnostic, Severity};
use crate::emr::configurations::KERBEROS_ATTRIBUTE_KEYS;
use crate::emr::schema::{Departure, SECURITY_CONFIGURATION, check as check_shape};
use crate::emr::{ClusterSettings, SecurityConfiguration};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::suggest::did_you_mean;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "EMR001",
        "unknown-emr-field",
        Severity::Error,
        EMR_KINDS,
        "A field that EMR does not have in a security configuration or configuration",
        crate::rule_docs!(),
        &["correctness", "emr"],
        Precision::High,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    with_security_configuration(ctx, |sc| check_security_configuration(rule, sc, out));
    super::each_template_security_configuration(ctx, out, |sc, found| {
        check_security_configuration(rule, sc, found);
    });
    with_cluster(ctx, |c| check_cluster(rule, c, out));
}

/// Unknown fields of a security configuration.
pub fn check_security_configuration(
    rule: &RuleMeta,
    sc: &SecurityConfiguration<'_>,
    out: &mut Vec<Diagnostic>,
) {
    for d in check_shape(sc.root, &SECURITY_CONFIGURATION, sc.surface) {
        let Departure::UnknownField {
            member,
            object,
            suggestion,
            belongs_under,
            open,
            path,
        } = d
        else {
            continue;
        };
        let message = format!("\"{}\" is not a field of {object}", member.key);
        let (help, severity) = match (suggestion, belongs_under) {
            (Some(s), _) => (
                format!(
                    "did you mean \"{s}\"? Field names are case-sensitive; EMR rejects or ignores a field it does not know"
                ),
                rule.severity,
            ),
            (None, Some(home)) => (
                format!(
                    "\"{}\" belongs in {home}; at this level EMR rejects or ignores it, and the setting takes no effect",
                    member.key
                ),
                rule.severity,
            ),
            (None, None) if open => (
                format!(
                    "check it against the current EMR security configuration reference: {object} gains members in newer releases, and a field EMR does not know is rejected or ignored"
                ),
                Severity::Warning,
            ),
            (None, None) => (
                format!("remove it: {object} has no such field, so EMR rejects or ignores it"),
                rule.severity,
            ),
        };
        out.push(
            Diagnostic::new(rule, member.key_span, message)
                .with_help(help)
                .with_severity(severity)
                .with_logical_path(sc.path(&path)),
        );
    }
}

/// Unknown fields of `Configurations` entries and `KerberosAttributes`.
/// The two spellings of the property map are left to `misplaced-configuration-properties`.
pub fn check_cluster(rule: &RuleMeta, cluster: &ClusterSettings<'_>, out: &mut Vec<Diagnostic>) {
    let props_key = cluster.surface.properties_key();
    let known = ["Classification", "Configurations", props_key];
    for c in cluster.configurations() {
        for m in c.node.members() {
            if known.contains(&m.key.as_str()) || m.key == cluster.surface.foreign_properties_key()
            {
                continue;
            }
            let help = match did_you_mean(&m.key, known.iter().copied()) {
                Some(s) => format!(
                    "did you mean \"{s}\"? A configuration has only Classification, {props_key} and Configurations"
                ),
                None => format!(
                    "remove it: a configuration has only Classification, {props_key} and Configurations"
                ),
            };
            out.push(
                Diagnostic::new(
                    rule,
                    m.key_span,
                    format!(
                        "\"{}\" is not a field of a configuration ({})",
                        m.key,
                        c.chain_text()
                    ),
                )
                .with_help(help)
                .with_logical_path(crate::emr::logical_path(
                    &c.path,
                    &[crate::emr::key(&m.key)],
                )),
            );
        }
    }
    if let Some(k) = cluster.kerberos.filter(|k| k.is_object()) {
        for m in k.members() {
            if KERBEROS_ATTRIBUTE_KEYS.contains(&m.key.as_str()) {
                continue;
            }
            let help = match did_you_mean(&m.key, KERBEROS_ATTRIBUTE_KEYS.iter().copied()) {
                Some(s) => format!("did you mean \"{s}\"? Field names are case-sensitive"),
                None => format!(
                    "KerberosAttributes has only {}",
                    KERBEROS_ATTRIBUTE_KEYS.join(", ")
                ),
            };
            out.push(
                Diagnostic::new(
                    rule,
                    m.key_span,
                    format!("\"{}\" is not a field of KerberosAttributes", m.key),
                )
                .with_help(help)
                .with_logical_path(crate::emr::logical_path(
                    &cluster.kerberos_path,
                    &[crate::emr::key(&m.key)],
                )),
            );
        }
    }
}
