//! ## What it does
//! Reports a field of a block-device mapping or of its `Ebs` volume that the
//! surface it is written for does not have: a misspelling, a wrong case
//! (`kmsKeyID` for `KmsKeyId`), a field at the wrong level (`Encrypted` next
//! to `Ebs` instead of inside it), a field of another surface (`Size` is
//! `AWS::EC2::Volume`'s name, mappings use `VolumeSize`), or a field the
//! surface documents as unsupported (`KmsKeyId` in a launch configuration,
//! `Throughput` in an `AWS::EC2::Instance`, `AvailabilityZone` in
//! RunInstances). It names the right field and says what happens instead.
//!
//! In a CloudFormation template the same key is also an unknown property for
//! CFN001; it is reported once, here, where the message says what the field
//! was meant to do and what happens instead (CFN001 leaves it to this rule
//! unless this rule is turned off).
//!
//! ## Why is this bad?
//! Field names are case-sensitive everywhere. The AWS CLI (and boto3) reject
//! the whole request before calling EC2 — `Parameter validation failed:
//! Unknown parameter in BlockDeviceMappings[0].Ebs: "kmsKeyID", must be one
//! of: …` — and CloudFormation fails the stack operation on an unsupported
//! property. Either way nothing launches, and the setting the field was meant
//! to carry is never applied: with `kmsKeyID`, the customer managed key the
//! volume was meant to be encrypted with is not used.
//!
//! ## Example
//! ```json
//! [{"DeviceName": "/dev/sda1",
//!   "Ebs": {"VolumeSize": 100, "Encrypted": true,
//!           "kmsKeyID": "arn:aws:kms:us-east-1:012345678910:key/abcd1234-a123-456a-a12b-a123b4cd56ef"}}]
//! ```
//!
//! ## Fix
//! Use the surface's spelling: `"KmsKeyId"`. In a launch configuration, which
//! cannot name a key, move to a launch template.
//!
//! ## References
//! - EbsBlockDevice (EC2 API): <https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html>
//! - LaunchTemplateEbsBlockDeviceRequest: <https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_LaunchTemplateEbsBlockDeviceRequest.html>
//! - AWS::EC2::Instance Ebs: <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ec2-instance-ebs.html>
//! - AWS::AutoScaling::LaunchConfiguration BlockDevice: <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-autoscaling-launchconfiguration-blockdevice.html>
//! - AWS::EC2::Volume: <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-volume.html>
//! - Instance Ebs has no Throughput: <https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/1051>

use super::{KINDS, field_path, for_each_document};
use crate::diagnostic::{Diagnostic, Severity};
use crate::ec2::catalog::{self, FieldSpec, field_type, names};
use crate::ec2::{Field, Surface};
use crate::parse::{Member, PathSeg};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::suggest::did_you_mean;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "EC2004",
        "unsupported-block-device-field",
        Severity::Error,
        KINDS,
        "A block-device mapping or EBS field that this surface does not have",
        crate::rule_docs!(),
        &["correctness", "ec2", "ebs"],
        Precision::VeryHigh,
    ),
    check,
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Mapping,
    Volume,
}

/// Why a key is reported, and the field that was probably meant.
struct Verdict {
    message: String,
    intended: Option<&'static str>,
    /// What the surface does with this key in particular, when not the generic rejection.
    special: Option<String>,
    /// Appended to the rejection.
    hint: Option<String>,
}

/// Where this rule reports in `ctx` when it is enabled for the file: CFN001
/// leaves these keys of a template to it, which says what happens instead.
#[must_use]
pub fn reported_spans(ctx: &FileContext<'_>) -> Vec<crate::span::Span> {
    if !ctx.settings.rule_enabled(&RULE.meta, ctx.path) {
        return Vec::new();
    }
    let mut found = Vec::new();
    check(&RULE.meta, ctx, &mut found);
    found.into_iter().map(|d| d.span).collect()
}

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for_each_document(ctx, out, |doc, out| {
        for mapping in &doc.mappings {
            let param = format!("{}[{}]", doc.surface.parameter_prefix(), mapping.index);
            for m in mapping.node.members() {
                report(
                    rule,
                    doc.surface,
                    Level::Mapping,
                    m,
                    &param,
                    &mapping.path,
                    out,
                );
            }
        }
        for volume in doc.volumes() {
            let param = volume.parameter_name();
            for m in volume.node.members() {
                report(
                    rule,
                    doc.surface,
                    Level::Volume,
                    m,
                    &param,
                    &volume.path,
                    out,
                );
            }
        }
    });
}

fn report(
    rule: &RuleMeta,
    surface: Surface,
    level: Level,
    member: &Member,
    param: &str,
    path: &[PathSeg],
    out: &mut Vec<Diagnostic>,
) {
    let Some(v) = verdict(surface, level, &member.key) else {
        return;
    };
    let field = Field {
        key: &member.key,
        key_span: member.key_span,
        node: &member.value,
        surface,
    };
    let fields = match level {
        Level::Mapping => surface.mapping_fields(),
        Level::Volume => surface.volume_fields(),
    };
    let mut help = v
        .special
        .unwrap_or_else(|| rejection(surface, fields, param, &member.key));
    if let Some(hint) = &v.hint {
        help.push_str(hint);
    }
    if let Some(intended) = v.intended {
        help.push_str(&consequence(intended, &field));
    }
    out.push(
        Diagnostic::new(rule, member.key_span, v.message)
            .with_help(help)
            .with_path(&field_path(path, &field)),
    );
}

/// What the surface does with a name it does not know.
fn rejection(surface: Surface, fields: &[FieldSpec], param: &str, key: &str) -> String {
    if surface.is_cloudformation() {
        format!(
            "CloudFormation fails the stack operation on a property the resource type does not have (\"Encountered unsupported property {key}\" or \"extraneous key [{key}] is not permitted\")"
        )
    } else {
        let list: Vec<&str> = names(fields).collect();
        format!(
            "the AWS CLI (and boto3) reject the request before calling EC2: `Parameter validation failed: Unknown parameter in {param}: \"{key}\", must be one of: {}`",
            list.join(", ")
        )
    }
}

/// What is lost when the intended field never arrives.
fn consequence(intended: &str, field: &Field<'_>) -> String {
    let value = field
        .string()
        .known()
        .map(|v| format!(" {v}"))
        .unwrap_or_default();
    match intended {
        "KmsKeyId" => format!(
            "; the customer managed key{value} is never applied. Rename the field to \"KmsKeyId\""
        ),
        "Encrypted" => {
            "; the volume's encryption setting is never applied. Rename the field to \"Encrypted\""
                .to_string()
        }
        other => format!(". Rename the field to \"{other}\""),
    }
}

fn verdict(surface: Surface, level: Level, key: &str) -> Option<Verdict> {
    let (own, other) = match level {
        Level::Mapping => (surface.mapping_fields(), surface.volume_fields()),
        Level::Volume => (surface.volume_fields(), surface.mapping_fields()),
    };
    let object = match level {
        Level::Mapping => "a block-device mapping".to_string(),
        Level::Volume => surface.volume_object().to_string(),
    };
    if field_type(own, key).is_some() {
        return unsupported_here(surface, level, key);
    }
    let plain = |message: String, intended: Option<&'static str>| {
        Some(Verdict {
            message,
            intended,
            special: None,
            hint: None,
        })
    };
    if let Some(v) = known_elsewhere(surface, level, key) {
        return Some(v);
    }
    if let Some(right) = own
        .iter()
        .map(|(n, _)| *n)
        .find(|n| n.eq_ignore_ascii_case(key))
    {
        return plain(
            format!(
                "\"{key}\" is not a field of {object}: the field is \"{right}\" (names are case-sensitive)"
            ),
            Some(right),
        );
    }
    if field_type(other, key).is_some() && surface != Surface::CfnVolume {
        let message = match level {
            Level::Mapping => format!(
                "\"{key}\" is a field of the mapping's Ebs object, not of the mapping itself"
            ),
            Level::Volume => {
                format!("\"{key}\" is a field of the block-device mapping, not of its Ebs object")
            }
        };
        return Some(Verdict {
            message,
            intended: None,
            special: None,
            hint: Some(if level == Level::Mapping {
                ". Move it inside \"Ebs\"".to_string()
            } else {
                ". Move it next to \"Ebs\", in the mapping".to_string()
            }),
        });
    }
    let suggestion = did_you_mean(key, names(own));
    match suggestion {
        Some(s) => plain(
            format!("\"{key}\" is not a field of {object}; did you mean \"{s}\"?"),
            Some(s),
        ),
        None => plain(format!("\"{key}\" is not a field of {object}"), None),
    }
}

/// A field of this surface's shape that the surface documents as unsupported.
fn unsupported_here(surface: Surface, level: Level, key: &str) -> Option<Verdict> {
    let run_instances = matches!(
        surface,
        Surface::CliBlockDeviceMappings | Surface::RunInstances
    );
    (run_instances
        && level == Level::Volume
        && catalog::EC2_EBS_NOT_FOR_RUN_INSTANCES.contains(&key))
    .then(|| Verdict {
        message: format!("\"{key}\" is not supported in RunInstances block-device mappings"),
        intended: None,
        hint: None,
        special: Some(
            "the EC2 API reference says of EbsBlockDevice's AvailabilityZone and AvailabilityZoneId: \"This parameter is not supported when using CreateFleet, CreateImage, DescribeImages, RequestSpotFleet, RequestSpotInstances, and RunInstances\"; a launched volume is created in the instance's Availability Zone. Remove it".to_string(),
        ),
    })
}

/// Fields that exist on another surface, with what to do instead.
fn known_elsewhere(surface: Surface, level: Level, key: &str) -> Option<Verdict> {
    let special = |message: String, help: &str| {
        Some(Verdict {
            message,
            intended: None,
            special: Some(help.to_string()),
            hint: None,
        })
    };
    match (level, surface, key) {
        (Level::Volume, Surface::CfnLaunchConfiguration, "KmsKeyId") => special(
            "a launch configuration cannot name a KMS key: \"KmsKeyId\" is not a property of its BlockDevice".to_string(),
            "CloudFormation fails the stack operation on the unsupported property, and the Auto Scaling API itself says \"you cannot specify a KMS key ID when using a launch configuration\": its volumes are encrypted with the account's default EBS key (alias/aws/ebs unless a customer managed default key is set with ModifyEbsDefaultKmsKeyId). To choose the key, launch from an AWS::EC2::LaunchTemplate",
        ),
        (Level::Volume, Surface::CfnInstance, "Throughput") => special(
            "AWS::EC2::Instance's Ebs has no \"Throughput\" property".to_string(),
            "CloudFormation fails the stack operation on the unsupported property (cloudformation-coverage-roadmap#1051); without it a gp3 volume gets its baseline 125 MiB/s. Set the throughput in an AWS::EC2::LaunchTemplate and launch the instance from it, or create the volume as an AWS::EC2::Volume",
        ),
        (Level::Volume, Surface::CfnVolume, "VolumeSize") => Some(Verdict {
            message: "\"VolumeSize\" is the block-device mapping name; AWS::EC2::Volume's property is \"Size\"".to_string(),
            intended: Some("Size"),
            special: None,
            hint: None,
        }),
        (Level::Volume, s, "Size") if s != Surface::CfnVolume => Some(Verdict {
            message: "\"Size\" is AWS::EC2::Volume's name; in a block-device mapping the field is \"VolumeSize\"".to_string(),
            intended: Some("VolumeSize"),
            special: None,
            hint: None,
        }),
        (Level::Volume, s, k)
            if !matches!(s, Surface::CliBlockDeviceMappings | Surface::RunInstances)
                && field_type(catalog::EC2_EBS, k).is_some()
                && field_type(s.volume_fields(), k).is_none()
                && field_type(s.mapping_fields(), k).is_none() =>
        {
            Some(Verdict {
                message: format!(
                    "\"{k}\" is a field of RunInstances' EbsBlockDevice, not of {}",
                    s.volume_object()
                ),
                intended: None,
                special: None,
                hint: None,
            })
        }
        _ => None,
    }
}
