//! ## What it does
//! Reports a gp3 `Throughput` outside 125–2,000 MiB/s (the EC2 API's current
//! limits; launch configurations keep the Auto Scaling API's 125–1,000), or
//! above a quarter of the volume's IOPS (at most 0.25 MiB/s per provisioned
//! IOPS: 750 MiB/s with gp3's default 3,000 IOPS).
//!
//! ## Why is this bad?
//! EC2 refuses the throughput when it creates the volume: the launch fails
//! (in CloudFormation, the stack rolls back). Raising `Throughput` without
//! raising `Iops` is the usual slip.
//!
//! ## Example
//! ```json
//! [{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 500, "VolumeType": "gp3", "Throughput": 1000, "Encrypted": true}}]
//! ```
//!
//! ## Fix
//! Give `Iops` of at least four times the throughput (`"Iops": 4000` for
//! 1,000 MiB/s), or lower the throughput.
//!
//! ## References
//! - EbsBlockDevice `Throughput`: <https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html>
//! - General Purpose SSD volumes (gp3 throughput per IOPS): <https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html>

use super::{KINDS, field_path, for_each_document, rejected_by};
use crate::diagnostic::{Diagnostic, Severity};
use crate::ec2::limits::{GP3_THROUGHPUT_PER_IOPS_DIVISOR, VolumeType, range_text, thousands};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "EC2009",
        "throughput-out-of-range",
        Severity::Error,
        KINDS,
        "A gp3 throughput outside what the volume allows",
        crate::rule_docs!(),
        &["correctness", "ec2", "ebs"],
        Precision::High,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for_each_document(ctx, out, |doc, out| {
        for v in doc.volumes() {
            let Some(field) = v.throughput else { continue };
            let Some(mibps) = field.int().known() else {
                continue;
            };
            if v.effective_type() != Some(VolumeType::Gp3) {
                continue;
            }
            let set = v.surface.limit_set();
            let Some(limits) = set.limits(VolumeType::Gp3) else {
                continue;
            };
            let Some(range) = limits.throughput_mibps else {
                continue;
            };
            // The IOPS the volume gets: as written, or gp3's default when omitted.
            let iops = match v.iops {
                Some(f) => f.int().known().map(|n| (n, "")),
                None => limits.default_iops.map(|n| (n, " (the gp3 default)")),
            };
            let message = if !range.contains(&mibps) {
                let side = if mibps < *range.start() {
                    "less"
                } else {
                    "more"
                };
                format!(
                    "Throughput {} MiB/s is {side} than gp3 allows ({} MiB/s)",
                    thousands(mibps),
                    range_text(&range)
                )
            } else if let Some((iops, note)) = iops
                && mibps.saturating_mul(GP3_THROUGHPUT_PER_IOPS_DIVISOR) > iops
            {
                format!(
                    "Throughput {} MiB/s needs at least {} IOPS (at most 0.25 MiB/s per provisioned IOPS); the volume has {}{note}",
                    thousands(mibps),
                    thousands(mibps.saturating_mul(GP3_THROUGHPUT_PER_IOPS_DIVISOR)),
                    thousands(iops)
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
