//! ## What it does
//! Reports `Throughput` on a volume that is not gp3, the only type with
//! provisioned throughput.
//!
//! ## Why is this bad?
//! EC2 refuses it ("This parameter is valid only for gp3 volumes";
//! `InvalidParameterCombination`: "throughput can only be specified for
//! volumeType gp3"), so nothing launches (in CloudFormation, the stack rolls
//! back). io1/io2 throughput follows their IOPS; st1/sc1 throughput follows
//! their size.
//!
//! ## Example
//! ```json
//! [{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 200, "VolumeType": "io2", "Iops": 20000, "Throughput": 500, "Encrypted": true}}]
//! ```
//!
//! ## Fix
//! Remove `Throughput`, or use gp3.
//!
//! ## References
//! - EbsBlockDevice `Throughput`: <https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html>
//! - Amazon EBS volume types: <https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html>

use super::{KINDS, field_path, for_each_document, rejected_by};
use crate::diagnostic::{Diagnostic, Severity};
use crate::ec2::catalog::field_type;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "EC2011",
        "throughput-not-supported",
        Severity::Error,
        KINDS,
        "Throughput on a volume that is not gp3",
        crate::rule_docs!(),
        &["correctness", "ec2", "ebs"],
        Precision::VeryHigh,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for_each_document(ctx, out, |doc, out| {
        for v in doc.volumes() {
            let Some(field) = v.throughput else { continue };
            // Where the surface has no Throughput at all, EC2004 reports it.
            if field_type(v.surface.volume_fields(), "Throughput").is_none() {
                continue;
            }
            let Some(t) = v.effective_type() else {
                continue;
            };
            if t.takes_throughput() || v.surface.limit_set().limits(t).is_none() {
                continue;
            }
            let mut d = Diagnostic::new(
                rule,
                field.key_span,
                format!("\"Throughput\" is only for gp3 volumes; this one is {t}"),
            )
            .with_help(format!(
                "{} (InvalidParameterCombination: \"throughput can only be specified for volumeType gp3\"). Remove \"Throughput\", or use gp3",
                rejected_by(v.surface)
            ))
            .with_path(&field_path(&v.path, &field));
            if let Some(f) = v.volume_type {
                d = d.with_label(f.node.span, format!("the volume type is {t}"));
            }
            out.push(d);
        }
    });
}
