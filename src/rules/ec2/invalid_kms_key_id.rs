//! ## What it does
//! Reports a `KmsKeyId` that is not a key identifier EBS can use: not one of
//! a key ID (`1234abcd-12ab-34cd-56ef-1234567890ab`, `mrk-…`), a key ARN, an
//! alias name (`alias/…`) or an alias ARN — an ARN with an empty region or
//! account, an ARN of another service, `key/…` without the ARN prefix, an
//! alias without `alias/` — or the AWS managed key of another service
//! (`alias/aws/s3`), which EBS cannot use.
//!
//! ## Why is this bad?
//! EC2 checks the key only after accepting the request: "AWS authenticates the
//! KMS key asynchronously. If you specify a KMS key ID, an alias, or an ARN that
//! is not valid, the action can appear to complete, but it eventually fails."
//! RunInstances returns an instance ID, then the instance goes from `pending`
//! to `terminated`. An AWS managed key's policy allows its use only through
//! its own service (`kms:ViaService`), so EBS is refused the key the same way.
//!
//! ## Example
//! ```json
//! [{"DeviceName": "/dev/sdf",
//!   "Ebs": {"Encrypted": true, "KmsKeyId": "arn:aws:kms:::key/1234abcd-12ab-34cd-56ef-1234567890ab"}}]
//! ```
//!
//! ## Fix
//! Write the key ARN in full (`arn:aws:kms:REGION:ACCOUNT:key/KEY-ID`), or
//! `alias/NAME` for a key of the launching account and region.
//!
//! ## References
//! - EbsBlockDevice `KmsKeyId`: <https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html>
//! - Amazon EBS encryption ("authenticates the KMS key asynchronously"): <https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html>
//! - KMS key identifiers: <https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id>
//! - AWS managed keys and `kms:ViaService`: <https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service>

use super::{KINDS, field_path, for_each_document};
use crate::diagnostic::{Diagnostic, Severity};
use crate::ec2::Surface;
use crate::ec2::kms_key::parse_key_ref;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "EC2003",
        "invalid-kms-key-id",
        Severity::Error,
        KINDS,
        "A KmsKeyId that is not a usable KMS key identifier",
        crate::rule_docs!(),
        &["correctness", "ec2", "ebs", "encryption", "kms"],
        Precision::VeryHigh,
    ),
    check,
};

/// What an invalid key does on each surface: EBS checks keys asynchronously.
fn async_failure(surface: Surface) -> &'static str {
    match surface {
        Surface::CfnVolume => {
            "EBS checks the key only after accepting the request (\"the action can appear to complete, but it eventually fails\"): the volume is created, then fails"
        }
        Surface::LaunchTemplateData | Surface::CfnLaunchTemplate => {
            "EBS checks the key only when a volume is created (\"the action can appear to complete, but it eventually fails\"): the template is saved, and every instance launched from it starts, then terminates"
        }
        _ => {
            "EBS checks the key only after accepting the request (\"the action can appear to complete, but it eventually fails\"): RunInstances succeeds, then the instance goes from pending to terminated"
        }
    }
}

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for_each_document(ctx, out, |doc, out| {
        for v in doc.volumes() {
            let Some(key) = v.kms_key_id else { continue };
            let Some(text) = key.string().known() else {
                continue;
            };
            let (message, help) = match parse_key_ref(&text) {
                Err(e) => (
                    format!("KmsKeyId \"{text}\" {e}"),
                    format!(
                        "{}. Use a key ID, a key ARN (arn:aws:kms:REGION:ACCOUNT:key/KEY-ID), alias/NAME, or an alias ARN",
                        async_failure(v.surface)
                    ),
                ),
                Ok(k) => match k.aws_managed_other_service() {
                    Some(service) => (
                        format!(
                            "KmsKeyId \"{text}\" is the AWS managed key of {service}, which EBS cannot use"
                        ),
                        format!(
                            "an AWS managed key's policy allows its use only through its own service (kms:ViaService), so the grant EC2 asks for is refused; {}. Use alias/aws/ebs or a customer managed key",
                            async_failure(v.surface)
                        ),
                    ),
                    None => continue,
                },
            };
            out.push(
                Diagnostic::new(rule, key.node.span, message)
                    .with_help(help)
                    .with_path(&field_path(&v.path, &key)),
            );
        }
    });
}
