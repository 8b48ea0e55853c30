//! ## What it does
//! Reports a security configuration with an `EncryptionConfiguration` that
//! leaves at-rest encryption off — `EnableAtRestEncryption` false or omitted
//! (EMR reads an omitted switch as false) — or that turns it on for S3 only,
//! leaving the cluster's local disks unencrypted.
//!
//! ## Why is this bad?
//! Local disks hold HDFS blocks, shuffle and spill files, and application
//! logs: copies of the data the cluster processes. Without
//! `LocalDiskEncryptionConfiguration`, EMR does not encrypt instance-store
//! volumes or attached EBS volumes, so a snapshot or a reused volume exposes
//! the data. (EMRFS data in S3 is reported only when encryption is off
//! altogether: S3 applies server-side encryption to new objects by default.)
//!
//! ## Example
//! ```json
//! {"EncryptionConfiguration": {"EnableAtRestEncryption": false, "EnableInTransitEncryption": true,
//!   "InTransitEncryptionConfiguration": {"TLSCertificateConfiguration": {"CertificateProviderType": "PEM", "S3Object": "s3://certs/emr.zip"}}}}
//! ```
//!
//! ## Fix
//! ```json
//! "EnableAtRestEncryption": true,
//! "AtRestEncryptionConfiguration": {
//!   "S3EncryptionConfiguration": {"EncryptionMode": "SSE-KMS", "AwsKmsKey": "arn:aws:kms:us-east-1:111122223333:key/…"},
//!   "LocalDiskEncryptionConfiguration": {"EncryptionKeyProviderType": "AwsKms", "AwsKmsKey": "arn:aws:kms:us-east-1:111122223333:key/…", "EnableEbsEncryption": true}}
//! ```
//!
//! ## References
//! - Encrypt data at rest and in transit with Amazon EMR: <https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-data-encryption.html>
//! - Encryption options (local disk encryption): <https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-data-encryption-options.html>
//! - Use a security configuration to set up cluster security: <https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-create-security-configuration.html>
//! - Amazon S3 default encryption: <https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html>

use super::{SECURITY_CONFIGURATION_KINDS, with_security_configuration};
use crate::diagnostic::{Diagnostic, Severity};
use crate::emr::{SecurityConfiguration, key};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "EMR021",
        "at-rest-encryption-disabled",
        Severity::Warning,
        SECURITY_CONFIGURATION_KINDS,
        "EMR at-rest encryption is off, or covers S3 but not the cluster's local disks",
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

/// At-rest encryption off, or off for local disks.
pub fn check_security_configuration(
    rule: &RuleMeta,
    sc: &SecurityConfiguration<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(enc) = &sc.encryption else { return };
    if !enc.member.value.is_object() || enc.at_rest_enabled.is_unknown(sc.surface) {
        return;
    }
    let enc_path = [key("EncryptionConfiguration")];
    if !enc.at_rest_enabled.is_on() {
        let (span, message, path) = match enc.at_rest_enabled.member {
            Some(m) if m.value.as_bool() == Some(false) => (
                m.value.span,
                "at-rest encryption is disabled: EnableAtRestEncryption is false",
                sc.path(&[
                    key("EncryptionConfiguration"),
                    key("EnableAtRestEncryption"),
                ]),
            ),
            // Not a boolean: `invalid-emr-value` reports the type.
            Some(_) => return,
            None => (
                enc.member.key_span,
                "at-rest encryption is disabled: EnableAtRestEncryption is omitted, which EMR reads as false",
                sc.path(&enc_path),
            ),
        };
        let mut d = Diagnostic::new(rule, span, message);
        if let Some(at_rest) = enc.at_rest {
            d = d.with_label(
                at_rest.key_span,
                "these settings take no effect while at-rest encryption is off",
            );
        }
        out.push(
            d.with_help("set \"EnableAtRestEncryption\": true with an AtRestEncryptionConfiguration for S3 (EMRFS) and local disks, so data the cluster stores is encrypted")
                .with_logical_path(path),
        );
        return;
    }
    let Some(at_rest) = enc.at_rest.filter(|a| a.value.is_object()) else {
        // Enabled but not configured: `incomplete-encryption-settings`.
        return;
    };
    if enc.local_disk.is_none() && enc.s3.is_some() {
        out.push(
            Diagnostic::new(
                rule,
                at_rest.key_span,
                "at-rest encryption covers S3 only: the cluster's local disks are not encrypted",
            )
            .with_help("add a LocalDiskEncryptionConfiguration (\"EncryptionKeyProviderType\": \"AwsKms\" with a key ARN, and \"EnableEbsEncryption\": true) so HDFS, shuffle and spill data on instance store and EBS volumes is encrypted")
            .with_logical_path(sc.path(&[key("EncryptionConfiguration"), key("AtRestEncryptionConfiguration")])),
        );
    }
}
