//! ## What it does
//! Reports a resource, or a nested property object, that lacks a property
//! its CloudFormation schema requires: a security group without
//! `GroupDescription`, an ingress rule without `IpProtocol`, a tag without
//! `Value`. Objects built by an `Fn::ForEach` loop over a collection only
//! known at deploy time (loops over a known list are expanded first) and
//! types the catalogue does not know are not checked.
//!
//! ## Why is this bad?
//! CloudFormation rejects the resource ("Property … cannot be empty" /
//! "required key [...] not found") when the stack is created or updated.
//!
//! ## Example
//! ```yaml
//! Sg:
//!   Type: AWS::EC2::SecurityGroup
//!   Properties:
//!     VpcId: !Ref Vpc
//! ```
//!
//! ## Fix
//! Add the required properties.
//!
//! ## References
//! - AWS resource and property types reference: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-template-resource-type-ref.html>
//! - Resource type schemas (`required`): <https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html>

use super::template;
use crate::cfn::branches::property_path;
use crate::cfn::schema_check::{Issue, check_resource};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;
use crate::span::Span;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "CFN003",
        "missing-required-property",
        Severity::Error,
        &[InputKind::Cloudformation],
        "A resource or property object lacks a property its schema requires",
        crate::rule_docs!(),
        &["correctness", "cloudformation"],
        Precision::High,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(t) = template(ctx) else { return };
    for res in &t.resources {
        for issue in check_resource(t, res) {
            let Issue::Missing {
                span,
                path,
                owner,
                names,
            } = issue
            else {
                continue;
            };
            // Point at the logical id, or at the opening of the nested object.
            let span = if path.is_empty() {
                res.id_span
            } else {
                Span::new(span.start as usize, span.start as usize + 1)
            };
            let list = names
                .iter()
                .map(|n| format!("\"{n}\""))
                .collect::<Vec<_>>()
                .join(", ");
            let plural = if names.len() > 1 {
                "properties"
            } else {
                "property"
            };
            let whose = if path.is_empty() {
                format!("resource {} ({owner})", res.id)
            } else {
                format!("{owner} at {}", property_path(res.id, &path))
            };
            out.push(
                Diagnostic::new(
                    rule,
                    span,
                    format!("{whose} lacks the required {plural} {list}"),
                )
                .with_help(format!("add {list}"))
                .with_logical_path(if path.is_empty() {
                    format!("Resources.{}", res.id)
                } else {
                    property_path(res.id, &path)
                }),
            );
        }
    }
}
