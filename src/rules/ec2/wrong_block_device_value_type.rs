//! ## What it does
//! Reports a block-device mapping or EBS field whose value has the wrong JSON
//! type for its surface: `"VolumeSize": "100"` or `"Encrypted": "true"` in a
//! request for the AWS CLI, `"NoDevice": ""` where CloudFormation wants
//! `{}` (`AWS::EC2::Instance`) or `true` (launch configurations), `"NoDevice":
//! true` where the EC2 API wants the empty string, an `Ebs` that is not an object.
//!
//! ## Why is this bad?
//! The AWS CLI and boto3 check JSON types before calling EC2 and reject the
//! request: `Parameter validation failed: Invalid type for parameter
//! BlockDeviceMappings[0].Ebs.VolumeSize, value: 100, type: <class 'str'>,
//! valid types: <class 'int'>`. CloudFormation converts numbers and booleans
//! written as strings, but not the shapes that differ between resources:
//! `NoDevice` is an empty string in the EC2 API, an empty object in
//! `AWS::EC2::Instance` and a boolean in a launch configuration.
//!
//! ## Example
//! ```json
//! [{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": "100", "Encrypted": "true"}}]
//! ```
//!
//! ## Fix
//! Write numbers and booleans unquoted in requests for the CLI, and use each
//! surface's shape of `NoDevice`.
//!
//! ## References
//! - EbsBlockDevice: <https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html>
//! - BlockDeviceMapping `NoDevice` (EC2): <https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_BlockDeviceMapping.html>
//! - AWS::EC2::Instance BlockDeviceMapping (`NoDevice: {}`): <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ec2-instance-blockdevicemapping.html>
//! - AWS::AutoScaling::LaunchConfiguration BlockDeviceMapping (`NoDevice: true`): <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-autoscaling-launchconfiguration-blockdevicemapping.html>

use super::{KINDS, field_path, for_each_document, python_text, python_type};
use crate::diagnostic::{Diagnostic, Severity};
use crate::ec2::catalog::{FieldSpec, FieldType, field_type};
use crate::ec2::{Field, Surface, Val};
use crate::parse::{Node, PathSeg, Value};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "EC2015",
        "wrong-block-device-value-type",
        Severity::Error,
        KINDS,
        "A block-device mapping or EBS value of the wrong type for its surface",
        crate::rule_docs!(),
        &["correctness", "ec2", "ebs"],
        Precision::VeryHigh,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for_each_document(ctx, out, |doc, out| {
        for m in &doc.mappings {
            let param = format!("{}[{}]", doc.surface.parameter_prefix(), m.index);
            let fields = [m.device_name, m.ebs_field, m.no_device, m.virtual_name];
            for f in fields.into_iter().flatten() {
                report(rule, &f, doc.surface.mapping_fields(), &param, &m.path, out);
            }
        }
        for v in doc.volumes() {
            let param = v.parameter_name();
            for member in v.node.members() {
                let f = Field {
                    key: &member.key,
                    key_span: member.key_span,
                    node: &member.value,
                    surface: v.surface,
                };
                report(rule, &f, v.surface.volume_fields(), &param, &v.path, out);
            }
        }
    });
}

fn report(
    rule: &RuleMeta,
    f: &Field<'_>,
    fields: &[FieldSpec],
    param: &str,
    path: &[PathSeg],
    out: &mut Vec<Diagnostic>,
) {
    let Some(ty) = field_type(fields, f.key) else {
        return;
    };
    if !is_wrong(f, ty) {
        return;
    }
    let found = describe(f.node);
    let mut message = format!("\"{}\" must be {}, not {found}", f.key, ty.describe());
    if f.key == "NoDevice" {
        message.push_str(&format!(
            " ({} writes it as {})",
            f.surface.describe(),
            no_device_form(f.surface)
        ));
    }
    let help = if f.surface.is_cloudformation() {
        format!(
            "CloudFormation fails the stack operation on a value of the wrong type; write {}",
            example(f.key, ty, f.surface)
        )
    } else if ty == FieldType::Int && matches!(f.node.value, Value::Bool(_)) {
        "the AWS CLI passes a boolean where an integer is expected, and EC2 rejects the request"
            .to_string()
    } else {
        format!(
            "the AWS CLI (and boto3) reject the request before calling EC2: `Parameter validation failed: Invalid type for parameter {param}.{}, value: {}, type: {}, valid types: {}`",
            f.key,
            python_text(f.node),
            python_type(f.node),
            ty.botocore_types()
        )
    };
    out.push(
        Diagnostic::new(rule, f.node.span, message)
            .with_help(help)
            .with_path(&field_path(path, f)),
    );
}

fn is_wrong(f: &Field<'_>, ty: FieldType) -> bool {
    if f.is_deploy_time() || (f.surface.is_cloudformation() && matches!(f.node.value, Value::Null))
    {
        return false;
    }
    match ty {
        FieldType::Bool => f.bool() == Val::WrongType,
        FieldType::Int => f.int() == Val::WrongType,
        FieldType::Str => f.string() == Val::WrongType,
        FieldType::Object => !f.node.is_object(),
        FieldType::EmptyObject => !(f.node.is_object() && f.node.members().is_empty()),
        FieldType::List => !f.node.is_array(),
    }
}

fn no_device_form(surface: Surface) -> &'static str {
    match surface {
        Surface::CfnInstance => "`\"NoDevice\": {}`",
        Surface::CfnLaunchConfiguration => "`\"NoDevice\": true`",
        _ => "`\"NoDevice\": \"\"`",
    }
}

fn example(key: &str, ty: FieldType, surface: Surface) -> String {
    if key == "NoDevice" {
        return no_device_form(surface).to_string();
    }
    ty.describe().to_string()
}

fn describe(node: &Node) -> String {
    match &node.value {
        Value::String(s) => format!("the string \"{s}\""),
        Value::Number(n) => format!("the number {n}"),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Null => "null".to_string(),
        Value::Array(_) => "a list".to_string(),
        Value::Object(m) if m.is_empty() => "an empty object".to_string(),
        Value::Object(_) => "an object".to_string(),
    }
}
