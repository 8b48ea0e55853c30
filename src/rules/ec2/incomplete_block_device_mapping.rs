//! ## What it does
//! Reports a block-device mapping that does not say what to map where:
//! - no `DeviceName` where it is required (launch configurations and
//!   `AWS::EC2::Instance`);
//! - more than one of `Ebs`, `NoDevice` and `VirtualName`, or none of them in
//!   a launch configuration ("set the device name and exactly one of the
//!   following properties: Ebs, NoDevice, or VirtualName");
//! - in a RunInstances request, `NoDevice` next to `Ebs`: the device is
//!   removed "regardless of the assigned value", so the volume described is
//!   never created.
//!
//! Launch templates are not checked for the combination: a template may hold
//! a partial mapping that the launch request completes.
//!
//! ## Why is this bad?
//! Auto Scaling and CloudFormation reject such a mapping; EC2 silently drops
//! an `Ebs` volume that a `NoDevice` removes, so an expected data volume (and
//! its encryption settings) is simply absent.
//!
//! ## Example
//! ```json
//! {"Resources": {"Lc": {"Type": "AWS::AutoScaling::LaunchConfiguration",
//!   "Properties": {"ImageId": "ami-0123456789abcdef0", "InstanceType": "t3.micro",
//!     "BlockDeviceMappings": [{"Ebs": {"VolumeSize": 20, "Encrypted": true}}]}}}}
//! ```
//!
//! ## Fix
//! Give each mapping a `DeviceName` and exactly one of `Ebs`, `NoDevice`,
//! `VirtualName`.
//!
//! ## References
//! - Auto Scaling BlockDeviceMapping: <https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_BlockDeviceMapping.html>
//! - EC2 BlockDeviceMapping (`NoDevice`): <https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_BlockDeviceMapping.html>
//! - AWS::EC2::Instance BlockDeviceMapping: <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ec2-instance-blockdevicemapping.html>

use super::{KINDS, for_each_document};
use crate::diagnostic::{Diagnostic, Severity};
use crate::ec2::{Mapping, Surface};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::span::Span;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "EC2016",
        "incomplete-block-device-mapping",
        Severity::Error,
        KINDS,
        "A block-device mapping without a device name, or with not exactly one of Ebs, NoDevice, VirtualName",
        crate::rule_docs!(),
        &["correctness", "ec2"],
        Precision::High,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for_each_document(ctx, out, |doc, out| {
        for m in &doc.mappings {
            check_mapping(rule, doc.surface, m, out);
        }
    });
}

fn opening(m: &Mapping<'_>) -> Span {
    Span::new(m.node.span.start as usize, m.node.span.start as usize + 1)
}

fn check_mapping(rule: &RuleMeta, surface: Surface, m: &Mapping<'_>, out: &mut Vec<Diagnostic>) {
    let strict = matches!(
        surface,
        Surface::CfnLaunchConfiguration | Surface::CfnInstance
    );
    if strict && m.device_name.is_none() {
        out.push(
            Diagnostic::new(
                rule,
                opening(m),
                format!("mapping {} has no \"DeviceName\", which {} requires", m.index, surface.describe()),
            )
            .with_help("CloudFormation fails the stack operation; add the device name (for example /dev/sdf or xvdf)")
            .with_path(&m.path),
        );
    }
    let mut targets: Vec<_> = [m.ebs_field, m.no_device, m.virtual_name]
        .into_iter()
        .flatten()
        .collect();
    targets.sort_by_key(|f| f.key_span);
    match (surface, targets.as_slice()) {
        (Surface::CfnLaunchConfiguration, []) => out.push(
            Diagnostic::new(
                rule,
                opening(m),
                format!("mapping {} has none of \"Ebs\", \"NoDevice\", \"VirtualName\"", m.index),
            )
            .with_help("a launch configuration's mapping needs exactly one of them; CloudFormation fails the stack operation")
            .with_path(&m.path),
        ),
        (_, [first, second, ..]) if strict => {
            let names: Vec<&str> = targets.iter().map(|f| f.key).collect();
            out.push(
                Diagnostic::new(
                    rule,
                    second.key_span,
                    format!(
                        "mapping {} has {}: a mapping is exactly one of an EBS volume, an instance store volume or a suppressed device",
                        m.index,
                        names.join(" and ")
                    ),
                )
                .with_label(first.key_span, "also given here")
                .with_help("CloudFormation fails the stack operation; keep one of them")
                .with_path(&m.path),
            );
        }
        (Surface::CliBlockDeviceMappings | Surface::RunInstances, _) => {
            if let (Some(no_device), Some(ebs)) = (m.no_device, m.ebs_field) {
                out.push(
                    Diagnostic::new(
                        rule,
                        no_device.key_span,
                        "\"NoDevice\" removes this device, so the volume its \"Ebs\" describes is never created",
                    )
                    .with_label(ebs.key_span, "ignored")
                    .with_help("EC2 removes a mapping with NoDevice \"regardless of the assigned value\"; remove NoDevice to create the volume, or Ebs to suppress the AMI's device")
                    .with_path(&m.path)
                    .with_severity(Severity::Warning),
                );
            }
        }
        _ => {}
    }
}
