//! ## What it does
//! Reports an EBS volume that will not be encrypted: `Encrypted` is not
//! `true`, and the configuration does not declare that the account has
//! encryption by default on (`[account] ebs-encryption-by-default = true` in
//! `.cloudlint.toml`). A volume restored from a snapshot is reported as
//! "encrypted only if the snapshot is".
//!
//! ## Why is this bad?
//! Without `Encrypted: true`, a new volume is encrypted only when the account
//! has turned on encryption by default in that region. Data at rest, its
//! snapshots and the data moving between the volume and the instance are then
//! in clear, and an unencrypted snapshot can be shared or copied without any
//! KMS key policy standing in the way.
//!
//! ## Example
//! ```json
//! [{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 100, "VolumeType": "gp3"}}]
//! ```
//!
//! ## Fix
//! Add `"Encrypted": true` (and `"KmsKeyId"` to choose a customer managed
//! key). If encryption by default is on for the account and region, declare it:
//! `[account] ebs-encryption-by-default = true`.
//!
//! ## References
//! - Amazon EBS encryption: <https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html>
//! - Encryption by default: <https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html>
//! - Instance-launching scenarios: <https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/AMIEncryption.html>

use super::{KINDS, for_each_document, value_origin};
use crate::diagnostic::{Diagnostic, Severity};
use crate::ec2::encryption::{Outcome, Requested, SnapshotSource, decide};
use crate::ec2::{Surface, Val, Volume};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "EC2001",
        "unencrypted-ebs-volume",
        Severity::Warning,
        KINDS,
        "An EBS volume that will not be encrypted",
        crate::rule_docs!(),
        &["security", "ec2", "ebs", "encryption"],
        Precision::High,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let by_default = ctx.settings.account.ebs_encryption_by_default;
    if by_default == Some(true) {
        return;
    }
    for_each_document(ctx, out, |doc, out| {
        for volume in doc.volumes() {
            let origin = volume
                .encrypted
                .map(|f| value_origin(ctx, f.node.span))
                .unwrap_or_default();
            if let Some(d) = finding(rule, volume, by_default, &origin) {
                out.push(d);
            }
        }
    });
}

fn finding(
    rule: &RuleMeta,
    v: &Volume<'_>,
    by_default: Option<bool>,
    origin: &str,
) -> Option<Diagnostic> {
    let encrypted = match v.encrypted() {
        None => None,
        Some(Val::Known(b)) => Some(b),
        // Decided at deploy time, or a wrong type another rule reports.
        Some(Val::Unknown | Val::WrongType) => return None,
    };
    if v.kms_key_id.is_some() {
        // KmsKeyId without Encrypted is rejected outright (EC2002).
        return None;
    }
    let snapshot = match v.snapshot_id {
        Some(_) => SnapshotSource::Unknown,
        None => SnapshotSource::None,
    };
    let decision = decide(
        Requested {
            encrypted,
            kms_key_id: None,
        },
        &snapshot,
        false,
    );
    let why = match encrypted {
        Some(false) => format!("\"Encrypted\" is false{origin}"),
        _ => "\"Encrypted\" is not set".to_string(),
    };
    let default = match by_default {
        Some(false) => "the configuration says the account's encryption by default is off",
        _ => "the account's encryption by default is not declared",
    };
    let message = match decision.outcome {
        Outcome::Unencrypted => format!("{} will not be encrypted: {why} and {default}", v.label()),
        Outcome::AsSnapshot => {
            let snap = v
                .snapshot_id
                .and_then(|f| f.string().known())
                .map(|s| format!(" {s}"))
                .unwrap_or_default();
            format!(
                "{} is encrypted only if its snapshot{snap} is: {why} and {default}",
                v.label()
            )
        }
        _ => return None,
    };
    let span = v.encrypted.map_or(v.anchor, |f| f.key_span);
    let mut help = String::from(if v.surface == Surface::CfnLaunchConfiguration {
        "set \"Encrypted\": true (a launch configuration encrypts with the account's default EBS key)"
    } else {
        "set \"Encrypted\": true, with \"KmsKeyId\" to choose a customer managed key"
    });
    if by_default.is_none() {
        help.push_str("; if encryption by default is on for this account and region, declare it in .cloudlint.toml: [account] ebs-encryption-by-default = true");
    }
    if v.snapshot_id.is_none() && v.surface != Surface::CfnVolume {
        help.push_str(". If this device is one the AMI maps (its root device, usually), the volume restores the AMI's snapshot instead and is encrypted only if that snapshot is");
    }
    Some(
        Diagnostic::new(rule, span, message)
            .with_help(help)
            .with_path(&v.path),
    )
}
