//! ## What it does
//! Notes a volume of type gp2, the previous generation of General Purpose
//! SSD, where gp3 is the current one.
//!
//! ## Why is this bad?
//! It is not wrong, only dearer and slower for most volumes: AWS prices gp3
//! about 20% below gp2 per GiB, and a gp3 volume gets 3,000 IOPS and
//! 125 MiB/s at any size, while a gp2 volume's baseline is 3 IOPS per GiB
//! (100 at least; a 100 GiB gp2 volume has 300 IOPS, bursting to 3,000 while
//! its credits last). The EBS console now proposes gp3 for new volumes.
//!
//! ## Example
//! ```json
//! [{"DeviceName": "/dev/sda1", "Ebs": {"VolumeSize": 100, "VolumeType": "gp2", "Encrypted": true}}]
//! ```
//!
//! ## Fix
//! Use `"VolumeType": "gp3"` (existing volumes can be changed in place with
//! `aws ec2 modify-volume --volume-type gp3`).
//!
//! ## References
//! - General Purpose SSD volumes: <https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html>
//! - Amazon EBS gp3 launch (20% lower price per GiB than gp2): <https://aws.amazon.com/blogs/aws/new-amazon-ebs-gp3-volume-lets-you-provision-performance-separate-from-capacity-and-offers-20-lower-price/>

use super::{KINDS, field_path, for_each_document};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "EC2014",
        "gp2-volume-type",
        Severity::Note,
        KINDS,
        "A gp2 volume where gp3, the current General Purpose SSD, would do",
        crate::rule_docs!(),
        &["cost", "performance", "ec2", "ebs"],
        Precision::High,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for_each_document(ctx, out, |doc, out| {
        for v in doc.volumes() {
            let Some(field) = v.volume_type else { continue };
            if field.string().known().as_deref() != Some("gp2") {
                continue;
            }
            let size = v
                .size
                .and_then(|f| f.int().known())
                .filter(|s| *s > 0)
                .map(|s| {
                    format!(
                        " (at {} GiB, gp2 has a baseline of {} IOPS)",
                        crate::ec2::limits::thousands(s),
                        crate::ec2::limits::thousands((s * 3).clamp(100, 16_000))
                    )
                })
                .unwrap_or_default();
            out.push(
                Diagnostic::new(
                    rule,
                    field.node.span,
                    "gp2 is the previous generation of General Purpose SSD; gp3 is the current one",
                )
                .with_help(format!(
                    "gp3 costs about 20% less per GiB and gives 3,000 IOPS and 125 MiB/s at any size{size}. Use \"gp3\""
                ))
                .with_path(&field_path(&v.path, &field)),
            );
        }
    });
}
