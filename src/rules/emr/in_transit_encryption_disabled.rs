//! ## What it does
//! Reports a security configuration with an `EncryptionConfiguration` that
//! leaves in-transit encryption off: `EnableInTransitEncryption` false or
//! omitted (EMR reads an omitted switch as false).
//!
//! ## Why is this bad?
//! In-transit encryption turns on TLS for the traffic of the cluster's
//! open-source applications — Hadoop shuffle, Spark RPC and block transfer,
//! Presto/Trino, Tez, HBase and others — between the nodes of the cluster.
//! Without it that traffic, including the data being processed, crosses the
//! network in clear text.
//!
//! ## Example
//! ```json
//! {"EncryptionConfiguration": {"EnableAtRestEncryption": true, "EnableInTransitEncryption": false,
//!   "AtRestEncryptionConfiguration": {"S3EncryptionConfiguration": {"EncryptionMode": "SSE-S3"}}}}
//! ```
//!
//! ## Fix
//! ```json
//! "EnableInTransitEncryption": true,
//! "InTransitEncryptionConfiguration": {"TLSCertificateConfiguration": {"CertificateProviderType": "PEM", "S3Object": "s3://my-certs/emr-certs.zip"}}
//! ```
//!
//! ## References
//! - Encrypt data at rest and in transit with Amazon EMR: <https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-data-encryption.html>
//! - Encryption options (in-transit encryption): <https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-data-encryption-options.html>
//! - Use a security configuration to set up cluster security: <https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-create-security-configuration.html>

use super::{SECURITY_CONFIGURATION_KINDS, with_security_configuration};
use crate::diagnostic::{Diagnostic, Severity};
use crate::emr::{SecurityConfiguration, key};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "EMR022",
        "in-transit-encryption-disabled",
        Severity::Warning,
        SECURITY_CONFIGURATION_KINDS,
        "EMR in-transit encryption is off",
        crate::rule_docs!(),
        &["security", "encryption", "emr"],
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

/// In-transit encryption off.
pub fn check_security_configuration(
    rule: &RuleMeta,
    sc: &SecurityConfiguration<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(enc) = &sc.encryption else { return };
    if !enc.member.value.is_object()
        || enc.in_transit_enabled.is_on()
        || enc.in_transit_enabled.is_unknown(sc.surface)
    {
        return;
    }
    let (span, message, path) = match enc.in_transit_enabled.member {
        Some(m) if m.value.as_bool() == Some(false) => (
            m.value.span,
            "in-transit encryption is disabled: EnableInTransitEncryption is false",
            sc.path(&[
                key("EncryptionConfiguration"),
                key("EnableInTransitEncryption"),
            ]),
        ),
        // Not a boolean: `invalid-emr-value` reports the type.
        Some(_) => return,
        None => (
            enc.member.key_span,
            "in-transit encryption is disabled: EnableInTransitEncryption is omitted, which EMR reads as false",
            sc.path(&[key("EncryptionConfiguration")]),
        ),
    };
    let mut d = Diagnostic::new(rule, span, message);
    if let Some(it) = enc.in_transit {
        d = d.with_label(
            it.key_span,
            "these settings take no effect while in-transit encryption is off",
        );
    }
    out.push(
        d.with_help("set \"EnableInTransitEncryption\": true with a TLSCertificateConfiguration, so traffic between the cluster's nodes is encrypted with TLS")
            .with_logical_path(path),
    );
}
