//! ## What it does
//! Reports `Iops` on a volume whose type does not take provisioned IOPS:
//! gp2, st1, sc1 and standard. Only gp3, io1 and io2 accept it.
//!
//! ## Why is this bad?
//! EC2 refuses the combination: `InvalidParameterCombination` ("The parameter
//! iops is not supported for gp2 volumes."), so nothing launches (in
//! CloudFormation, the stack rolls back). The Auto Scaling API says the same of
//! launch configurations: Iops is "not used with standard, gp2, st1, or sc1
//! volumes". A gp2 volume's performance follows its size (3 IOPS per GiB);
//! the IOPS written here were never going to be provisioned.
//!
//! ## Example
//! ```json
//! [{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 100, "VolumeType": "gp2", "Iops": 3000, "Encrypted": true}}]
//! ```
//!
//! ## Fix
//! Remove `Iops`, or use gp3 (3,000 IOPS included, more provisioned with `Iops`).
//!
//! ## References
//! - EbsBlockDevice `Iops`: <https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html>
//! - LaunchTemplateEbsBlockDeviceRequest `Iops` ("supported for io1, io2, and gp3 volumes only"): <https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_LaunchTemplateEbsBlockDeviceRequest.html>
//! - Auto Scaling `Ebs`: <https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_Ebs.html>

use super::{KINDS, field_path, for_each_document, rejected_by};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "EC2010",
        "iops-not-supported",
        Severity::Error,
        KINDS,
        "Iops on a volume type that takes no provisioned IOPS",
        crate::rule_docs!(),
        &["correctness", "ec2", "ebs"],
        Precision::VeryHigh,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for_each_document(ctx, out, |doc, out| {
        for v in doc.volumes() {
            let Some(field) = v.iops else { continue };
            let Some(t) = v.effective_type() else {
                continue;
            };
            if t.takes_iops() || v.surface.limit_set().limits(t).is_none() {
                continue;
            }
            let type_at = v
                .volume_type
                .map(|f| (f.node.span, format!("the volume type is {t}")));
            let which = if v.volume_type.is_none() {
                format!("this volume is {t} (the default when VolumeType is omitted), which takes")
            } else {
                format!("{t} volumes take")
            };
            let mut d = Diagnostic::new(
                rule,
                field.key_span,
                format!("{which} no \"Iops\"; only gp3, io1 and io2 have provisioned IOPS"),
            )
            .with_help(format!(
                "{} (InvalidParameterCombination: \"The parameter iops is not supported for {t} volumes.\"). Remove \"Iops\", or use gp3 to provision IOPS",
                rejected_by(v.surface)
            ))
            .with_path(&field_path(&v.path, &field));
            if let Some((span, text)) = type_at {
                d = d.with_label(span, text);
            }
            out.push(d);
        }
    });
}
