//! ## What it does
//! Reports block-device mappings that are not a list of mapping objects: a
//! single mapping object where the list is expected (the file given to
//! `--block-device-mappings`, `BlockDeviceMappings` in a request or a
//! template), a string or number in its place, or a list item that is not an
//! object.
//!
//! ## Why is this bad?
//! `BlockDeviceMappings` is a list on every surface. The AWS CLI reads a
//! `file://` value of a list parameter as a list: given one object, it takes
//! its characters for the list's items and stops with `Error parsing parameter
//! '--block-device-mappings': Invalid JSON: Expecting property name enclosed
//! in double quotes: line 1 column 2 (char 1)` / `JSON received: {`. In a
//! `--cli-input-json` request botocore rejects the type (`Invalid type for
//! parameter BlockDeviceMappings, … valid types: <class 'list'>, <class
//! 'tuple'>`), and CloudFormation rejects a property that is not a list.
//! (Only an object passed inline, as one quoted argument, is taken as a
//! one-item list by the CLI.)
//!
//! ## Example
//! ```json
//! {"DeviceName": "/dev/sda1", "Ebs": {"VolumeSize": 100, "Encrypted": true}}
//! ```
//!
//! ## Fix
//! Wrap the mapping in a list: `[{"DeviceName": "/dev/sda1", …}]`.
//!
//! ## References
//! - `aws ec2 run-instances --block-device-mappings`: <https://docs.aws.amazon.com/cli/latest/reference/ec2/run-instances.html>
//! - Block device mappings: <https://docs.aws.amazon.com/ebs/latest/userguide/block-device-mapping-concepts.html>
//! - AWS CLI argument processing (`awscli/argprocess.py`, `_unpack_complex_cli_arg`): <https://github.com/aws/aws-cli/blob/develop/awscli/argprocess.py>

use super::{KINDS, for_each_document, python_text, python_type};
use crate::diagnostic::{Diagnostic, Severity};
use crate::ec2::{ListShape, Surface};
use crate::parse::PathSeg;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::span::Span;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "EC2005",
        "block-device-mappings-not-a-list",
        Severity::Error,
        KINDS,
        "Block-device mappings that are not a list of mapping objects",
        crate::rule_docs!(),
        &["correctness", "ec2"],
        Precision::VeryHigh,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for_each_document(ctx, out, |doc, out| {
        let Some(list) = &doc.list else { return };
        let opening = Span::new(
            list.node.span.start as usize,
            list.node.span.start as usize + 1,
        );
        let at = list.key_span.unwrap_or(opening);
        let name = doc.surface.parameter_prefix();
        let d = match list.shape {
            ListShape::List => {
                items(rule, doc.surface, list.node, &list.path, out);
                return;
            }
            ListShape::DeployTime => return,
            ListShape::SingleObject => single_object(rule, doc.surface, list.node, at, name),
            ListShape::Other => Diagnostic::new(
                rule,
                list.node.span,
                format!(
                    "{name} must be a list of mappings, not {}",
                    with_article(list.node.type_name())
                ),
            )
            .with_help(rejection(doc.surface, list.node, name)),
        };
        out.push(d.with_path(&list.path));
    });
}

fn single_object(
    rule: &RuleMeta,
    surface: Surface,
    node: &crate::parse::Node,
    at: Span,
    name: &str,
) -> Diagnostic {
    let (message, help) = if surface == Surface::CliBlockDeviceMappings {
        (
            "a single mapping object where `--block-device-mappings` takes a list of mappings".to_string(),
            "read from a file (file://…), the AWS CLI parses the list's items one character at a time and stops with `Error parsing parameter '--block-device-mappings': Invalid JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)` / `JSON received: {` (only an object passed inline, as one quoted argument, is accepted as a one-item list). Wrap the object in [ ]".to_string(),
        )
    } else {
        (
            format!("{name} is a single mapping object, not a list of mappings"),
            format!("{}. Wrap the object in [ ]", rejection(surface, node, name)),
        )
    };
    let opening = Span::new(node.span.start as usize, node.span.start as usize + 1);
    let d = Diagnostic::new(rule, at, message).with_help(help);
    if at == opening {
        d
    } else {
        d.with_label(opening, "the mapping object")
    }
}

fn rejection(surface: Surface, node: &crate::parse::Node, name: &str) -> String {
    if surface.is_cloudformation() {
        format!("CloudFormation fails the stack operation: {name} must be a list")
    } else {
        let python = python_type(node);
        format!(
            "the AWS CLI (and boto3) reject the request before calling EC2: `Parameter validation failed: Invalid type for parameter {name}, value: {}, type: {python}, valid types: <class 'list'>, <class 'tuple'>`",
            python_text(node)
        )
    }
}

fn items(
    rule: &RuleMeta,
    surface: Surface,
    list: &crate::parse::Node,
    path: &[PathSeg],
    out: &mut Vec<Diagnostic>,
) {
    for (i, item) in list.items().iter().enumerate() {
        if item.is_object() || crate::ec2::model::is_deploy_time(item, surface) {
            continue;
        }
        let mut p = path.to_vec();
        p.push(PathSeg::Index(i));
        let name = format!("{}[{i}]", surface.parameter_prefix());
        let help = if surface.is_cloudformation() {
            "CloudFormation fails the stack operation: each item must be a mapping object"
                .to_string()
        } else {
            format!(
                "the AWS CLI (and boto3) reject the request before calling EC2: `Parameter validation failed: Invalid type for parameter {name}, value: {}, type: {}, valid types: <class 'dict'>`",
                python_text(item),
                python_type(item)
            )
        };
        out.push(
            Diagnostic::new(
                rule,
                item.span,
                format!(
                    "item {i} of the mappings is {}, not a mapping object",
                    with_article(item.type_name())
                ),
            )
            .with_help(help)
            .with_path(&p),
        );
    }
}

fn with_article(type_name: &str) -> String {
    match type_name {
        "object" => "an object".into(),
        "null" => "null".into(),
        t => format!("a {t}"),
    }
}
