//! ## What it does
//! Reports a volume size (`VolumeSize`, or `Size` on `AWS::EC2::Volume`)
//! outside what the volume type allows: gp2 1–16,384 GiB, gp3 1–65,536, io1
//! 4–16,384, io2 4–65,536, st1 and sc1 125–16,384, standard 1–1,024 (the EC2
//! API's current limits). Launch configurations keep the Auto Scaling API's
//! older limits (gp2 and gp3 up to 16,384 GiB). When the type is not given,
//! only sizes no type allows are reported.
//!
//! ## Why is this bad?
//! EC2 refuses a size outside the range when it creates the volume: the
//! launch fails and nothing starts (in CloudFormation, the stack rolls back).
//! A size below the minimum of st1/sc1 (125 GiB) is a common slip when moving
//! a small gp2 volume to a cheaper HDD type.
//!
//! ## Example
//! ```json
//! [{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 100, "VolumeType": "st1", "Encrypted": true}}]
//! ```
//!
//! ## Fix
//! Choose a size within the type's range, or a type that allows the size.
//!
//! ## References
//! - EbsBlockDevice `VolumeSize`: <https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html>
//! - Amazon EBS volume types: <https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html>
//! - Auto Scaling `Ebs`: <https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_Ebs.html>

use super::{KINDS, field_path, for_each_document, rejected_by};
use crate::diagnostic::{Diagnostic, Severity};
use crate::ec2::limits::{range_text, thousands};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "EC2007",
        "volume-size-out-of-range",
        Severity::Error,
        KINDS,
        "A volume size outside what the volume type allows",
        crate::rule_docs!(),
        &["correctness", "ec2", "ebs"],
        Precision::VeryHigh,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for_each_document(ctx, out, |doc, out| {
        for v in doc.volumes() {
            let Some(field) = v.size else { continue };
            let Some(size) = field.int().known() else {
                continue;
            };
            let set = v.surface.limit_set();
            let (range, what) = match (v.volume_type, v.effective_type()) {
                (_, Some(t)) => match set.limits(t) {
                    Some(l) => (l.size_gib, format!("{t} allows")),
                    None => continue,
                },
                // A type that is not valid is EC2006's finding.
                (Some(_), None) => continue,
                (None, None) => {
                    let any = set.types().iter().filter_map(|t| set.limits(*t));
                    let low = any.clone().map(|l| *l.size_gib.start()).min().unwrap_or(1);
                    let high = any.map(|l| *l.size_gib.end()).max().unwrap_or(i64::MAX);
                    (low..=high, "any volume type allows".to_string())
                }
            };
            if range.contains(&size) {
                continue;
            }
            let side = if size < *range.start() {
                "less"
            } else {
                "more"
            };
            out.push(
                Diagnostic::new(
                    rule,
                    field.node.span,
                    format!(
                        "{} {} GiB is {side} than {what} ({} GiB)",
                        field.key,
                        thousands(size),
                        range_text(&range)
                    ),
                )
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
