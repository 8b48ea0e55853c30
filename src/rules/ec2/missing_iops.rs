//! ## What it does
//! Reports an io1 or io2 volume without `Iops`.
//!
//! ## Why is this bad?
//! Provisioned IOPS SSD volumes have no default IOPS: "This parameter is
//! required for io1 and io2 volumes." EC2 refuses the request
//! (`InvalidParameterCombination`: "The parameter iops must be specified for
//! io2 volumes."), so nothing launches; in CloudFormation the stack rolls back.
//!
//! ## Example
//! ```json
//! [{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 200, "VolumeType": "io2", "Encrypted": true}}]
//! ```
//!
//! ## Fix
//! Add `Iops` (io1: 100–64,000, at most 50 per GiB; io2: 100–256,000, at most
//! 1,000 per GiB).
//!
//! ## References
//! - EbsBlockDevice `Iops`: <https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html>
//! - Provisioned IOPS SSD volumes: <https://docs.aws.amazon.com/ebs/latest/userguide/provisioned-iops.html>

use super::{KINDS, field_path, for_each_document, rejected_by};
use crate::diagnostic::{Diagnostic, Severity};
use crate::ec2::limits::range_text;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "EC2012",
        "missing-iops",
        Severity::Error,
        KINDS,
        "An io1 or io2 volume without Iops",
        crate::rule_docs!(),
        &["correctness", "ec2", "ebs"],
        Precision::VeryHigh,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for_each_document(ctx, out, |doc, out| {
        for v in doc.volumes() {
            if v.iops.is_some() {
                continue;
            }
            let Some(field) = v.volume_type else { continue };
            let Some(t) = v.effective_type() else {
                continue;
            };
            if !t.requires_iops() {
                continue;
            }
            let Some(range) = v.surface.limit_set().limits(t).and_then(|l| l.iops) else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    rule,
                    field.node.span,
                    format!("{t} volumes need \"Iops\": provisioned IOPS SSD has no default"),
                )
                .with_help(format!(
                    "{} (InvalidParameterCombination: \"The parameter iops must be specified for {t} volumes.\"). Add \"Iops\" ({} for {t})",
                    rejected_by(v.surface),
                    range_text(&range)
                ))
                .with_path(&field_path(&v.path, &field)),
            );
        }
    });
}
