//! ## What it does
//! Reports a `VolumeType` that is not an EBS volume type on the surface it is
//! written for: a misspelling or wrong case (`GP3`), or `io2` in a launch
//! configuration, whose Auto Scaling API accepts only `standard`, `io1`,
//! `gp2`, `st1`, `sc1` and `gp3`.
//!
//! ## Why is this bad?
//! The type names are case-sensitive and checked by EC2 (or Auto Scaling), not
//! by the AWS CLI: the request is sent, then refused, and nothing launches; in
//! CloudFormation the resource fails to create and the stack rolls back.
//!
//! ## Example
//! ```json
//! [{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 100, "VolumeType": "GP3", "Encrypted": true}}]
//! ```
//!
//! ## Fix
//! Use one of `gp3`, `gp2`, `io2`, `io1`, `st1`, `sc1`, `standard` (in a
//! launch configuration, not `io2`; move to a launch template for io2).
//!
//! ## References
//! - Amazon EBS volume types: <https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html>
//! - EbsBlockDevice `VolumeType`: <https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html>
//! - Auto Scaling `Ebs` (launch configurations): <https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_Ebs.html>

use super::{KINDS, field_path, for_each_document, rejected_by};
use crate::diagnostic::{Diagnostic, Severity};
use crate::ec2::limits::VolumeType;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::suggest::did_you_mean;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "EC2006",
        "invalid-volume-type",
        Severity::Error,
        KINDS,
        "A VolumeType that is not an EBS volume type on this surface",
        crate::rule_docs!(),
        &["correctness", "ec2", "ebs"],
        Precision::VeryHigh,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for_each_document(ctx, out, |doc, out| {
        for v in doc.volumes() {
            let Some(field) = v.volume_type else { continue };
            let Some(text) = field.string().known() else {
                continue;
            };
            let valid = v.surface.limit_set().types();
            let names: Vec<&str> = valid.iter().map(|t| t.as_str()).collect();
            let message = match VolumeType::parse(&text) {
                Some(t) if valid.contains(&t) => continue,
                Some(t) => format!(
                    "{t} is not a volume type of {}: the Auto Scaling API accepts {}",
                    v.surface.describe(),
                    names.join(", ")
                ),
                None => match did_you_mean(&text, names.iter().copied()) {
                    Some(s) => {
                        format!("\"{text}\" is not an EBS volume type; did you mean \"{s}\"?")
                    }
                    None => format!(
                        "\"{text}\" is not an EBS volume type (one of {})",
                        names.join(", ")
                    ),
                },
            };
            out.push(
                Diagnostic::new(rule, field.node.span, message)
                    .with_help(format!(
                        "volume types are case-sensitive and checked when the volume is created: {}",
                        rejected_by(v.surface)
                    ))
                    .with_path(&field_path(&v.path, &field)),
            );
        }
    });
}
