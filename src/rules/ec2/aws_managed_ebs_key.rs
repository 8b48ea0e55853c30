//! ## What it does
//! Where the configuration requires customer managed keys
//! (`[account] require-customer-managed-keys = true`), reports a volume
//! encrypted with the AWS managed key `aws/ebs`: a `KmsKeyId` of
//! `alias/aws/ebs` (or its alias ARN), or an encrypted volume without
//! `KmsKeyId` while the configuration does not name a customer managed
//! default key (`[account] default-ebs-kms-key`), since the account's default
//! EBS key is `aws/ebs` until it is changed.
//!
//! ## Why is this bad?
//! The policy of an AWS managed key cannot be edited: every identity of the
//! account allowed to use EBS can use it, it cannot be shared with another
//! account (so snapshots encrypted with it cannot be shared), it cannot be
//! disabled or scheduled for deletion, and its rotation is AWS's choice. A
//! customer managed key keeps those controls with the account.
//!
//! ## Example
//! ```json
//! [{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 100, "Encrypted": true, "KmsKeyId": "alias/aws/ebs"}}]
//! ```
//!
//! ## Fix
//! Name a customer managed key in `KmsKeyId`; or make one the account's
//! default EBS key (`aws ec2 modify-ebs-default-kms-key-id`) and declare it as
//! `[account] default-ebs-kms-key`. A launch configuration cannot name a key:
//! move to a launch template, or rely on a customer managed default key.
//!
//! ## References
//! - AWS managed keys: <https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key>
//! - Default KMS key for EBS encryption: <https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html#default-key>
//! - ModifyEbsDefaultKmsKeyId: <https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyEbsDefaultKmsKeyId.html>

use super::{KINDS, field_path, for_each_document};
use crate::diagnostic::{Diagnostic, Severity};
use crate::ec2::kms_key::parse_key_ref;
use crate::ec2::{Val, Volume};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "EC2013",
        "aws-managed-ebs-key",
        Severity::Warning,
        KINDS,
        "A volume encrypted with the AWS managed key aws/ebs where customer managed keys are required",
        crate::rule_docs!(),
        &["security", "ec2", "ebs", "encryption", "kms"],
        Precision::High,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let account = &ctx.settings.account;
    if !account.require_customer_managed_keys {
        return;
    }
    let default_is_managed = match &account.default_ebs_kms_key {
        None => true,
        Some(k) => parse_key_ref(k).is_ok_and(|r| r.is_aws_managed_ebs()),
    };
    let by_default = account.ebs_encryption_by_default == Some(true);
    for_each_document(ctx, out, |doc, out| {
        for v in doc.volumes() {
            if let Some(d) = finding(rule, v, default_is_managed, by_default) {
                out.push(d);
            }
        }
    });
}

fn finding(
    rule: &RuleMeta,
    v: &Volume<'_>,
    default_is_managed: bool,
    by_default: bool,
) -> Option<Diagnostic> {
    const WHY: &str =
        "the configuration requires customer managed keys (account.require-customer-managed-keys)";
    if let Some(key) = v.kms_key_id {
        let text = key.string().known()?;
        if !parse_key_ref(&text).is_ok_and(|r| r.is_aws_managed_ebs()) {
            return None;
        }
        return Some(
            Diagnostic::new(
                rule,
                key.node.span,
                format!(
                    "{} is encrypted with the AWS managed key {text}; {WHY}",
                    v.label()
                ),
            )
            .with_help("name a customer managed key in \"KmsKeyId\" (its key ARN, or alias/NAME)")
            .with_path(&field_path(&v.path, &key)),
        );
    }
    // Without KmsKeyId the account's default EBS key is used, when the volume
    // is encrypted and not restored from a snapshot (which may bring its own key).
    let encrypted = match v.encrypted() {
        Some(Val::Known(b)) => b,
        None => false,
        Some(_) => return None,
    };
    if !(encrypted || by_default) || v.snapshot_id.is_some() || !default_is_managed {
        return None;
    }
    let span = v.encrypted.map_or(v.anchor, |f| f.key_span);
    let help = if v.surface.takes_kms_key() {
        "name a customer managed key in \"KmsKeyId\"; or, if the account's default EBS key is customer managed, declare it in .cloudlint.toml: [account] default-ebs-kms-key = \"arn:aws:kms:…\""
    } else {
        "a launch configuration cannot name a key: launch from a launch template with \"KmsKeyId\", or make a customer managed key the account's default EBS key (aws ec2 modify-ebs-default-kms-key-id) and declare it as [account] default-ebs-kms-key"
    };
    Some(
        Diagnostic::new(
            rule,
            span,
            format!(
                "{} is encrypted with the account's default EBS key, which is the AWS managed key alias/aws/ebs unless changed, and no customer managed default key is declared; {WHY}",
                v.label()
            ),
        )
        .with_help(help)
        .with_path(&v.path),
    )
}
