//! ## What it does
//! Reports a property value of the wrong type for CloudFormation's resource
//! schema: a list where one value is expected, an object where a string is,
//! `"yes"` for a boolean, `"ssh"` for a port number. Values are compared the
//! way CloudFormation converts them (`"80"` is an integer, `"true"` a
//! boolean, a number is a string). Intrinsic functions are judged by what
//! they can return (`Fn::Sub` and `Fn::Join` return strings, `Fn::Split`
//! and `Fn::GetAZs` lists, `Ref` to a `List<…>` parameter a list); values
//! only known at deploy time (`Fn::GetAtt`, `Fn::Select`, `Fn::FindInMap`,
//! `Fn::ImportValue`) are never flagged. Both branches of `Fn::If` are checked.
//!
//! ## Why is this bad?
//! CloudFormation rejects the stack operation ("Value of property … must be
//! of type …"), typically after resources before it have been created and
//! must be rolled back.
//!
//! ## Example
//! ```yaml
//! Subnet:
//!   Type: AWS::EC2::Subnet
//!   Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24, MapPublicIpOnLaunch: "yes"}
//! ```
//!
//! ## Fix
//! Give the value the schema's type (`MapPublicIpOnLaunch: false`); wrap a
//! single value in a list, or select one item of a list with `Fn::Select`.
//!
//! ## References
//! - AWS resource and property types reference: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-template-resource-type-ref.html>
//! - Intrinsic function reference: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html>

use super::template;
use crate::cfn::branches::property_path;
use crate::cfn::schema_check::{Issue, check_resource};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "CFN002",
        "wrong-value-type",
        Severity::Error,
        &[InputKind::Cloudformation],
        "A property value of the wrong type for the resource schema",
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
            let Issue::WrongType {
                span,
                path,
                expected,
                found,
            } = issue
            else {
                continue;
            };
            let name = crate::parse::node::path_to_string(&path);
            let name = name.trim_start_matches("$.");
            out.push(
                Diagnostic::new(
                    rule,
                    span,
                    format!("{name} of {} must be {expected}, not {found}", res.id),
                )
                .with_help(format!(
                    "give it {expected}, as the resource type reference describes"
                ))
                .with_logical_path(property_path(res.id, &path)),
            );
        }
    }
}
