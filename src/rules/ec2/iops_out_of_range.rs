//! ## What it does
//! Reports provisioned IOPS (`Iops`) outside what the volume type allows:
//! gp3 3,000–80,000 and at most 500 IOPS per GiB; io1 100–64,000 and at most
//! 50 per GiB; io2 100–256,000 and at most 1,000 per GiB (the EC2 API's current
//! limits). Launch configurations keep the Auto Scaling API's older gp3
//! range, 3,000–16,000.
//!
//! ## Why is this bad?
//! EC2 refuses IOPS outside the range, or more IOPS than the size supports,
//! when it creates the volume: the launch fails (in CloudFormation, the stack
//! rolls back). A gp3 volume below 3,000 IOPS is not a cheaper gp3 — 3,000 is
//! its free baseline.
//!
//! ## Example
//! ```json
//! [{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 100, "VolumeType": "io1", "Iops": 10000, "Encrypted": true}}]
//! ```
//!
//! ## Fix
//! Lower the IOPS, or grow the volume (io1: 200 GiB for 10,000 IOPS).
//!
//! ## References
//! - EbsBlockDevice `Iops`: <https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html>
//! - General Purpose SSD volumes (gp3 IOPS per GiB): <https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html>
//! - Provisioned IOPS SSD volumes (io1, io2 IOPS per GiB): <https://docs.aws.amazon.com/ebs/latest/userguide/provisioned-iops.html>

use super::{KINDS, field_path, for_each_document, rejected_by};
use crate::diagnostic::{Diagnostic, Severity};
use crate::ec2::limits::{range_text, thousands};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "EC2008",
        "iops-out-of-range",
        Severity::Error,
        KINDS,
        "Provisioned IOPS outside what the volume type and size allow",
        crate::rule_docs!(),
        &["correctness", "ec2", "ebs"],
        Precision::High,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for_each_document(ctx, out, |doc, out| {
        for v in doc.volumes() {
            let Some(field) = v.iops else { continue };
            let Some(iops) = field.int().known() else {
                continue;
            };
            let Some(t) = v.effective_type() else {
                continue;
            };
            let set = v.surface.limit_set();
            let Some(limits) = set.limits(t) else {
                continue;
            };
            let Some(range) = limits.iops else { continue };
            let size = v.size.and_then(|f| f.int().known());
            let message = if !range.contains(&iops) {
                let side = if iops < *range.start() {
                    "less"
                } else {
                    "more"
                };
                format!(
                    "Iops {} is {side} than {t} allows ({} IOPS)",
                    thousands(iops),
                    range_text(&range)
                )
            } else if let (Some(size), Some(per_gib)) = (size, limits.max_iops_per_gib)
                && size > 0
                && iops > size.saturating_mul(per_gib)
            {
                format!(
                    "Iops {} is more than a {} GiB {t} volume allows: at most {per_gib} IOPS per GiB, {}",
                    thousands(iops),
                    thousands(size),
                    thousands(size.saturating_mul(per_gib))
                )
            } else {
                continue;
            };
            out.push(
                Diagnostic::new(rule, field.node.span, message)
                    .with_help(format!(
                        "{}; the numbers are {}",
                        rejected_by(v.surface),
                        set.describe()
                    ))
                    .with_path(&field_path(&v.path, &field)),
            );
        }
    });
}
