//! Rules for EC2 block-device mappings and EBS volumes, on every surface
//! `crate::ec2` models (the CLI file, RunInstances, launch template data and
//! the CloudFormation resources).

pub mod aws_managed_ebs_key;
pub mod block_device_mappings_not_a_list;
pub mod gp2_volume_type;
pub mod incomplete_block_device_mapping;
pub mod invalid_kms_key_id;
pub mod invalid_volume_type;
pub mod iops_not_supported;
pub mod iops_out_of_range;
pub mod kms_key_without_encryption;
pub mod missing_iops;
pub mod predicted_launch_failure;
pub mod throughput_not_supported;
pub mod throughput_out_of_range;
pub mod unencrypted_volume;
pub mod unsupported_block_device_field;
pub mod volume_size_out_of_range;
pub mod wrong_block_device_value_type;

use crate::cfn::branches::{merge, parameter_origin};
use crate::cfn::conditions::contradicted_parameters;
use crate::cfn::{Branches, Resolver, Template};
use crate::diagnostic::Diagnostic;
use crate::ec2::{self, BlockDevices, Field, Surface};
use crate::parse::Node;
use crate::parse::PathSeg;
use crate::rules::FileContext;
use crate::source::InputKind;

/// The input kinds that hold block-device mappings or volumes.
pub const KINDS: &[InputKind] = &[
    InputKind::BlockDeviceMappings,
    InputKind::RunInstances,
    InputKind::LaunchTemplateData,
    InputKind::Cloudformation,
];

/// Runs `check` on every set of block devices of the file being linted.
///
/// In a CloudFormation template each resource that holds volumes is first
/// resolved, in each scenario of the conditions its `Fn::If`s test
/// : intrinsic functions are replaced by their values
/// (a parameter's default stands for the parameter), `AWS::NoValue` removes
/// what it stands for, and what only deployment knows stays symbolic and reads
/// as unknown. A finding that holds only in some scenarios says in which, and
/// one on a value taken from a parameter's default says so.
pub fn for_each_document(
    ctx: &FileContext<'_>,
    out: &mut Vec<Diagnostic>,
    mut check: impl FnMut(&BlockDevices<'_>, &mut Vec<Diagnostic>),
) {
    let (Some(root), Some(kind)) = (ctx.root, ctx.kind) else {
        return;
    };
    if kind != InputKind::Cloudformation {
        for doc in ec2::documents(root, kind) {
            check(&doc, out);
        }
        return;
    }
    let template = Template::new(root);
    for res in &template.resources {
        let Some(surface) = res.type_name.and_then(Surface::of_cfn_type) else {
            continue;
        };
        let Some(props) = res.properties.filter(|p| p.is_object()) else {
            continue;
        };
        let path = vec![
            PathSeg::Key("Resources".into()),
            PathSeg::Key(res.id.to_string()),
            PathSeg::Key("Properties".into()),
        ];
        let branches = Branches::of(&template, props, res.condition);
        let per_scenario = branches
            .scenarios
            .iter()
            .map(|scenario| {
                let mut found = Vec::new();
                let names = branches.names.iter().map(String::as_str);
                let resolver = Resolver::new(&template, scenario).without_defaults_of(
                    contradicted_parameters(&template, scenario, names.chain(res.condition)),
                );
                let Some(resolved) = resolver.resolve(props).filter(Node::is_object) else {
                    return found;
                };
                let doc = BlockDevices::from_node(&resolved, surface, path.clone(), res.id_span);
                check(&doc, &mut found);
                for d in &mut found {
                    d.message
                        .push_str(&parameter_origin(&template, props, d.span));
                }
                found
            })
            .collect();
        out.extend(merge(&branches, per_scenario));
    }
}

/// In a template, " (the default of parameter X)" when the value at `span`
/// was written as `Ref` to parameter X (a resolved value keeps the span of the
/// `Ref`); otherwise empty.
#[must_use]
pub fn value_origin(ctx: &FileContext<'_>, span: crate::span::Span) -> String {
    match (ctx.root, ctx.kind) {
        (Some(root), Some(InputKind::Cloudformation)) => {
            parameter_origin(&Template::new(root), root, span)
        }
        _ => String::new(),
    }
}

/// `path` followed by the key of `field`.
#[must_use]
pub fn field_path(path: &[PathSeg], field: &Field<'_>) -> Vec<PathSeg> {
    let mut p = path.to_vec();
    p.push(PathSeg::Key(field.key.to_string()));
    p
}

/// What the surface does with a request EC2 rejects, for help texts.
#[must_use]
pub fn rejected_by(surface: crate::ec2::Surface) -> &'static str {
    use crate::ec2::Surface;
    match surface {
        Surface::CliBlockDeviceMappings | Surface::RunInstances => {
            "EC2 rejects the request and nothing is launched"
        }
        Surface::LaunchTemplateData => "EC2 rejects the launch template, or every launch from it",
        Surface::CfnLaunchTemplate => {
            "the launch template fails to create, or every launch from it is rejected"
        }
        Surface::CfnInstance | Surface::CfnLaunchConfiguration | Surface::CfnVolume => {
            "the resource fails to create and the stack operation rolls back"
        }
    }
}

/// The Python type `json.loads` gives `node`, as the AWS CLI names it in its errors.
#[must_use]
pub fn python_type(node: &crate::parse::Node) -> &'static str {
    use crate::parse::Value;
    match &node.value {
        Value::String(_) => "<class 'str'>",
        Value::Bool(_) => "<class 'bool'>",
        Value::Null => "<class 'NoneType'>",
        Value::Array(_) => "<class 'list'>",
        Value::Object(_) => "<class 'dict'>",
        Value::Number(n) if n.contains(['.', 'e', 'E']) => "<class 'float'>",
        Value::Number(_) => "<class 'int'>",
    }
}

/// The text Python's `str()` gives the value `json.loads` makes of `node`:
/// how the AWS CLI prints a parameter's value in its errors.
#[must_use]
pub fn python_text(node: &crate::parse::Node) -> String {
    match &node.value {
        crate::parse::Value::String(s) => s.clone(),
        _ => python_repr(node),
    }
}

fn python_repr(node: &crate::parse::Node) -> String {
    use crate::parse::Value;
    match &node.value {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) if !n.contains(['.', 'e', 'E']) => n.clone(),
        Value::Number(n) => match n.parse::<f64>() {
            Ok(f) if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e16 => format!("{f:.1}"),
            Ok(f) => format!("{f}"),
            Err(_) => n.clone(),
        },
        Value::String(s) => python_str_repr(s),
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(python_repr).collect();
            format!("[{}]", inner.join(", "))
        }
        Value::Object(members) => {
            let inner: Vec<String> = members
                .iter()
                .map(|m| format!("{}: {}", python_str_repr(&m.key), python_repr(&m.value)))
                .collect();
            format!("{{{}}}", inner.join(", "))
        }
    }
}

/// Python's `repr` of a string: single quotes unless the text has a single
/// quote and no double quote.
fn python_str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Limits, Syntax, parse};

    #[test]
    fn prints_values_as_python_does() {
        let root = parse(
            Syntax::Json,
            r#"{"DeviceName": "/dev/sda1", "Ebs": {"DeleteOnTermination": true, "VolumeSize": 1e2, "X": null, "Y": "it's"}}"#,
            &Limits::default(),
        )
        .root
        .unwrap_or_default();
        assert_eq!(
            python_text(&root),
            "{'DeviceName': '/dev/sda1', 'Ebs': {'DeleteOnTermination': True, 'VolumeSize': 100.0, 'X': None, 'Y': \"it's\"}}"
        );
    }
}
