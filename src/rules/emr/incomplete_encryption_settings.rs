//! ## What it does
//! Reports encryption that is switched on but not configured in a way EMR can
//! use: at-rest encryption without an `AtRestEncryptionConfiguration`,
//! in-transit encryption without a `TLSCertificateConfiguration`, an `SSE-KMS`
//! or `CSE-KMS` mode or an `AwsKms` disk provider without `AwsKmsKey`, a KMS key
//! given as an alias or key ID instead of its ARN, a `CSE-Custom` mode or
//! `Custom` provider without its `S3Object` and provider class, EBS encryption
//! with a `Custom` provider, and a certificate or provider `S3Object` that is
//! not an S3 location.
//!
//! ## Why is this bad?
//! These are the combinations the EMR documentation requires: "SSE-KMS" and
//! "CSE-KMS" need the KMS key as a fully specified ARN, "CSE-Custom" needs the
//! provider JAR and class, and "To use EBS encryption, you must specify AwsKms
//! as your EncryptionKeyProviderType". A security configuration that misses one
//! is rejected, or a cluster that uses it fails to start — and data meant to be
//! encrypted is not.
//!
//! ## Example
//! ```json
//! {"EncryptionConfiguration": {"EnableAtRestEncryption": true, "EnableInTransitEncryption": false,
//!   "AtRestEncryptionConfiguration": {"S3EncryptionConfiguration": {"EncryptionMode": "SSE-KMS", "AwsKmsKey": "alias/emr"}}}}
//! ```
//!
//! ## Fix
//! `"AwsKmsKey": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"`.
//!
//! ## References
//! - Use a security configuration to set up cluster security: <https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-create-security-configuration.html>
//! - Encryption options: <https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-data-encryption-options.html>
//! - Providing certificates for encrypting data in transit: <https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-encryption-enable.html>

use super::{SECURITY_CONFIGURATION_KINDS, with_security_configuration};
use crate::diagnostic::{Diagnostic, Severity};
use crate::emr::{SecurityConfiguration, is_deploy_time, key};
use crate::parse::node::is_symbolic;
use crate::parse::{Member, Node, PathSeg};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "EMR023",
        "incomplete-encryption-settings",
        Severity::Error,
        SECURITY_CONFIGURATION_KINDS,
        "EMR encryption that is enabled but lacks the key, certificate or provider it needs",
        crate::rule_docs!(),
        &["security", "encryption", "emr", "correctness"],
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

struct Ctx<'r, 's> {
    rule: &'r RuleMeta,
    sc: &'s SecurityConfiguration<'s>,
    out: &'r mut Vec<Diagnostic>,
}

impl Ctx<'_, '_> {
    fn report(&mut self, span: crate::span::Span, message: String, help: &str, path: &[PathSeg]) {
        self.out.push(
            Diagnostic::new(self.rule, span, message)
                .with_help(help.to_string())
                .with_logical_path(self.sc.path(path)),
        );
    }

    /// A string field's literal value; `None` when absent; `Some(None)` when
    /// only known at deploy time or not a string (other rules report types).
    fn literal<'n>(&self, obj: &'n Node, field: &str) -> Option<Option<&'n str>> {
        let v = obj.get(field)?;
        if is_deploy_time(v, self.sc.surface) {
            return Some(None);
        }
        Some(v.as_str().filter(|s| !is_symbolic(s)))
    }

    fn require(&mut self, owner: &Member, field: &str, why: &str, path: &[PathSeg]) {
        if owner.value.get(field).is_none() {
            self.report(
                owner.key_span,
                format!("{} has no `{field}`: {why}", owner.key),
                &format!("add \"{field}\""),
                path,
            );
        }
    }

    fn kms_key(&mut self, obj: &Node, owner: &str, path: &[PathSeg]) {
        let Some(Some(k)) = self.literal(obj, "AwsKmsKey") else {
            return;
        };
        if !k.starts_with("arn:") {
            let span = obj.get("AwsKmsKey").map_or(obj.span, |n| n.span);
            let mut p = path.to_vec();
            p.push(key("AwsKmsKey"));
            self.report(
                span,
                format!("{owner}: AwsKmsKey \"{k}\" is not a key ARN"),
                "EMR expects the KMS key as a fully specified ARN: arn:aws:kms:REGION:ACCOUNT:key/KEY_ID",
                &p,
            );
        }
    }

    fn s3_object(&mut self, obj: &Node, owner: &str, path: &[PathSeg]) {
        let Some(Some(o)) = self.literal(obj, "S3Object") else {
            return;
        };
        if !(o.starts_with("s3://") || o.starts_with("arn:aws")) {
            let span = obj.get("S3Object").map_or(obj.span, |n| n.span);
            let mut p = path.to_vec();
            p.push(key("S3Object"));
            self.report(
                span,
                format!("{owner}: S3Object \"{o}\" is not an S3 location"),
                "give the object's S3 URI (s3://bucket/key) or S3 ARN",
                &p,
            );
        }
    }
}

const ENC: &str = "EncryptionConfiguration";

/// Encryption switched on without what it needs.
pub fn check_security_configuration(
    rule: &RuleMeta,
    sc: &SecurityConfiguration<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(enc) = &sc.encryption else { return };
    let mut c = Ctx { rule, sc, out };
    if enc.at_rest_enabled.is_on() {
        let has_part = enc.s3.is_some() || enc.local_disk.is_some();
        match enc.at_rest {
            Some(a) if has_part || is_deploy_time(&a.value, sc.surface) => {}
            Some(a) => c.report(
                a.key_span,
                "AtRestEncryptionConfiguration configures neither S3 nor local-disk encryption".to_string(),
                "add S3EncryptionConfiguration and LocalDiskEncryptionConfiguration",
                &[key(ENC), key("AtRestEncryptionConfiguration")],
            ),
            None => c.report(
                enc.at_rest_enabled.member.map_or(enc.member.key_span, |m| m.value.span),
                "at-rest encryption is enabled without an AtRestEncryptionConfiguration".to_string(),
                "add AtRestEncryptionConfiguration with S3EncryptionConfiguration and LocalDiskEncryptionConfiguration",
                &[key(ENC), key("EnableAtRestEncryption")],
            ),
        }
    }
    if enc.in_transit_enabled.is_on() {
        match (enc.in_transit, enc.tls) {
            (_, Some(_)) => {}
            (Some(it), None) if is_deploy_time(&it.value, sc.surface) => {}
            (Some(it), None) => c.report(
                it.key_span,
                "InTransitEncryptionConfiguration has no TLSCertificateConfiguration".to_string(),
                "add TLSCertificateConfiguration with \"CertificateProviderType\": \"PEM\" and the S3Object of the certificate zip",
                &[key(ENC), key("InTransitEncryptionConfiguration")],
            ),
            (None, None) => c.report(
                enc.in_transit_enabled.member.map_or(enc.member.key_span, |m| m.value.span),
                "in-transit encryption is enabled without an InTransitEncryptionConfiguration".to_string(),
                "add InTransitEncryptionConfiguration.TLSCertificateConfiguration with the certificates EMR distributes to the nodes",
                &[key(ENC), key("EnableInTransitEncryption")],
            ),
        }
    }
    let at_rest_path = vec![key(ENC), key("AtRestEncryptionConfiguration")];
    if let Some(s3) = enc.s3.filter(|m| m.value.is_object()) {
        let mut p = at_rest_path.clone();
        p.push(key("S3EncryptionConfiguration"));
        c.require(
            s3,
            "EncryptionMode",
            "EMR needs to know how to encrypt EMRFS data",
            &p,
        );
        s3_mode(&mut c, &s3.value, "S3EncryptionConfiguration", &p);
        for (i, o) in s3
            .value
            .get("Overrides")
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let mut op = p.clone();
            op.extend([key("Overrides"), PathSeg::Index(i)]);
            let owner = format!("override #{}", i + 1);
            let missing: Vec<&str> = ["BucketName", "EncryptionMode"]
                .into_iter()
                .filter(|f| o.is_object() && o.get(f).is_none())
                .collect();
            if !missing.is_empty() {
                c.report(
                    o.span,
                    format!("S3 encryption {owner} has no {}", missing.join(" and no ")),
                    "each override names a bucket and its encryption mode",
                    &op,
                );
            }
            s3_mode(&mut c, o, &owner, &op);
        }
    }
    if let Some(disk) = enc.local_disk.filter(|m| m.value.is_object()) {
        let mut p = at_rest_path;
        p.push(key("LocalDiskEncryptionConfiguration"));
        c.require(
            disk,
            "EncryptionKeyProviderType",
            "EMR needs to know where the disk keys come from",
            &p,
        );
        let provider = c
            .literal(&disk.value, "EncryptionKeyProviderType")
            .flatten();
        match provider {
            Some("AwsKms") => {
                kms_required(
                    &mut c,
                    &disk.value,
                    "EncryptionKeyProviderType",
                    "local-disk encryption with AwsKms",
                    &p,
                );
            }
            Some("Custom") => {
                custom_required(
                    &mut c,
                    &disk.value,
                    "EncryptionKeyProviderType",
                    "local-disk encryption with a Custom provider",
                    "EncryptionKeyProviderClass",
                    &p,
                );
                if let Some(ebs) = disk.value.get("EnableEbsEncryption")
                    && ebs.as_bool() == Some(true)
                {
                    let mut ep = p.clone();
                    ep.push(key("EnableEbsEncryption"));
                    c.report(
                        ebs.span,
                        "EBS encryption is enabled with a Custom key provider".to_string(),
                        "EMR supports EBS encryption only with \"EncryptionKeyProviderType\": \"AwsKms\"",
                        &ep,
                    );
                }
            }
            _ => {}
        }
        c.kms_key(&disk.value, "LocalDiskEncryptionConfiguration", &p);
        c.s3_object(&disk.value, "LocalDiskEncryptionConfiguration", &p);
    }
    if let Some(tls) = enc.tls.filter(|m| m.value.is_object()) {
        let p = vec![
            key(ENC),
            key("InTransitEncryptionConfiguration"),
            key("TLSCertificateConfiguration"),
        ];
        c.require(
            tls,
            "CertificateProviderType",
            "PEM (a zip of certificates in S3) or Custom (a provider JAR)",
            &p,
        );
        match c.literal(&tls.value, "CertificateProviderType").flatten() {
            Some("PEM") if tls.value.get("S3Object").is_none() => {
                let (span, cp) = cause(&tls.value, "CertificateProviderType", &p);
                c.report(
                    span,
                    "PEM certificates without an S3Object".to_string(),
                    "add \"S3Object\": the s3:// location of the zip holding privateKey.pem and certificateChain.pem",
                    &cp,
                );
            }
            Some("Custom") => custom_required(
                &mut c,
                &tls.value,
                "CertificateProviderType",
                "a Custom certificate provider",
                "CertificateProviderClass",
                &p,
            ),
            _ => {}
        }
        c.s3_object(&tls.value, "TLSCertificateConfiguration", &p);
    }
}

/// The key and provider requirements of an S3 encryption mode.
fn s3_mode(c: &mut Ctx<'_, '_>, obj: &Node, owner: &str, path: &[PathSeg]) {
    if !obj.is_object() {
        return;
    }
    match c.literal(obj, "EncryptionMode").flatten() {
        Some(mode @ ("SSE-KMS" | "CSE-KMS")) => {
            kms_required(
                c,
                obj,
                "EncryptionMode",
                &format!("{owner} with {mode}"),
                path,
            );
        }
        Some("CSE-Custom") => custom_required(
            c,
            obj,
            "EncryptionMode",
            &format!("{owner} with CSE-Custom"),
            "EncryptionKeyProviderClass",
            path,
        ),
        _ => {}
    }
    c.kms_key(obj, owner, path);
    c.s3_object(obj, owner, path);
}

/// The span and path of the field whose value creates a requirement.
fn cause(obj: &Node, field: &str, path: &[PathSeg]) -> (crate::span::Span, Vec<PathSeg>) {
    let mut p = path.to_vec();
    p.push(key(field));
    (obj.get(field).map_or(obj.span, |n| n.span), p)
}

fn kms_required(c: &mut Ctx<'_, '_>, obj: &Node, because: &str, what: &str, path: &[PathSeg]) {
    if obj.get("AwsKmsKey").is_none() {
        let (span, p) = cause(obj, because, path);
        c.report(
            span,
            format!("{what} has no AwsKmsKey"),
            "add \"AwsKmsKey\" with the full ARN of the KMS key (arn:aws:kms:REGION:ACCOUNT:key/KEY_ID)",
            &p,
        );
    }
}

fn custom_required(
    c: &mut Ctx<'_, '_>,
    obj: &Node,
    because: &str,
    what: &str,
    class_field: &str,
    path: &[PathSeg],
) {
    let missing: Vec<String> = ["S3Object", class_field]
        .iter()
        .filter(|f| obj.get(f).is_none())
        .map(|f| format!("`{f}`"))
        .collect();
    if missing.is_empty() {
        return;
    }
    let (span, p) = cause(obj, because, path);
    c.report(
        span,
        format!("{what} has no {}", missing.join(" and no ")),
        &format!("a custom provider needs \"S3Object\" (the provider JAR in S3) and \"{class_field}\" (its class name)"),
        &p,
    );
}
