//! ## What it does
//! Reports a volume that names a KMS key (`KmsKeyId`) without
//! `"Encrypted": true`.
//!
//! ## Why is this bad?
//! EC2 refuses the combination: "Submitting a KmsKeyId without also setting
//! the Encrypted parameter results in an error" (AMI encryption guide); for
//! CloudFormation, "If KmsKeyId is specified, the encrypted state must be
//! true". The launch (or the stack) fails, and the key is not used. This holds
//! even when the account encrypts new volumes by default.
//!
//! ## Example
//! ```json
//! [{"DeviceName": "/dev/xvda",
//!   "Ebs": {"VolumeSize": 30, "VolumeType": "gp3",
//!           "KmsKeyId": "arn:aws:kms:eu-west-1:111122223333:key/0f1e2d3c-aaaa-bbbb-cccc-000000000001"}}]
//! ```
//!
//! ## Fix
//! Add `"Encrypted": true` next to `"KmsKeyId"`.
//!
//! ## References
//! - Instance-launching scenarios (AMI encryption): <https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/AMIEncryption.html>
//! - CreateVolume `KmsKeyId`: <https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVolume.html>
//! - AWS::EC2::LaunchTemplate Ebs: <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ec2-launchtemplate-ebs.html>

use super::{KINDS, field_path, for_each_document, rejected_by};
use crate::diagnostic::{Diagnostic, Severity};
use crate::ec2::Val;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "EC2002",
        "kms-key-without-encryption",
        Severity::Error,
        KINDS,
        "KmsKeyId without Encrypted: true, which EC2 rejects",
        crate::rule_docs!(),
        &["correctness", "ec2", "ebs", "encryption"],
        Precision::VeryHigh,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for_each_document(ctx, out, |doc, out| {
        for v in doc.volumes() {
            let Some(key) = v.kms_key_id else { continue };
            let (why, label) = match v.encrypted() {
                None => ("\"Encrypted\" is not set", None),
                Some(Val::Known(false)) => (
                    "\"Encrypted\" is false",
                    v.encrypted.map(|f| (f.span(), "set to false here")),
                ),
                Some(_) => continue,
            };
            let mut d = Diagnostic::new(
                rule,
                key.key_span,
                format!("\"KmsKeyId\" is given but {why}: a key can only be named for an encrypted volume"),
            )
            .with_help(format!(
                "{}: a KmsKeyId needs \"Encrypted\": true beside it, even when encryption by default is on. Add \"Encrypted\": true",
                rejected_by(v.surface)
            ))
            .with_path(&field_path(&v.path, &key));
            if let Some((span, text)) = label {
                d = d.with_label(span, text);
            }
            out.push(d);
        }
    });
}
