//! ## What it does
//! Reports entries of a SAM function's or state machine's `Policies` that
//! the SAM transform rejects:
//!
//! - an object with a single key that is neither a policy document (it has
//!   no `Statement`) nor one of the SAM policy templates (`S3ReadPolicy`,
//!   `DynamoDBCrudPolicy` …), with the template name it most resembles;
//! - a policy template without a parameter it needs (`S3ReadPolicy` without
//!   `BucketName`), naming a parameter given under another spelling;
//! - a policy template whose parameters are not an object (templates without
//!   parameters take `{}`).
//!
//! Entries written with intrinsic functions (`Fn::If`) and parameter values
//! decided at deploy time are not judged. The template names and their
//! parameters come from the SAM translator's policy template catalogue
//! (`data/sam-policy-templates/`).
//!
//! ## Why is this bad?
//! The stack fails when the transform runs: an unknown name is taken for an
//! inline policy document without `Statement`, which IAM refuses, and a
//! missing parameter stops the transform. Found at deploy time, in a
//! pipeline, after the review.
//!
//! ## Example
//! ```yaml
//! Fn:
//!   Type: AWS::Serverless::Function
//!   Properties:
//!     Policies:
//!       - S3ReadPolicies:
//!           BucketName: !Ref Bucket
//!       - DynamoDBCrudPolicy:
//!           Table: !Ref Table
//! ```
//!
//! ## Fix
//! ```yaml
//!     Policies:
//!       - S3ReadPolicy:
//!           BucketName: !Ref Bucket
//!       - DynamoDBCrudPolicy:
//!           TableName: !Ref Table
//! ```
//!
//! ## References
//! - AWS SAM policy templates: <https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-policy-templates.html>
//! - Policy template list: <https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-policy-template-list.html>
//! - AWS::Serverless::Function Policies: <https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html#sam-function-policies>

use std::collections::BTreeMap;
use std::sync::LazyLock;

use super::template;
use crate::cfn::branches::{key, property_path};
use crate::cfn::intrinsics::intrinsic;
use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::{Node, PathSeg, Value};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;
use crate::suggest::did_you_mean;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "CFN004",
        "invalid-sam-policy-template",
        Severity::Error,
        &[InputKind::Cloudformation],
        "A SAM Policies entry that is not a known policy template, or lacks a parameter the template needs",
        crate::rule_docs!(),
        &["correctness", "cloudformation"],
        Precision::High,
    ),
    check,
};

static DATA: &str = include_str!("../../../data/sam-policy-templates/templates.tsv");

/// Template name → its parameter names.
static TEMPLATES: LazyLock<BTreeMap<&'static str, Vec<&'static str>>> = LazyLock::new(|| {
    DATA.lines()
        .filter_map(|line| {
            let (name, params) = line.split_once('\t')?;
            let params = params.split(',').filter(|p| !p.is_empty()).collect();
            Some((name, params))
        })
        .collect()
});

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(t) = template(ctx) else { return };
    for res in &t.resources {
        if !matches!(
            res.type_name,
            Some("AWS::Serverless::Function" | "AWS::Serverless::StateMachine")
        ) {
            continue;
        }
        let Some(policies) = res.properties.and_then(|p| p.get("Policies")) else {
            continue;
        };
        let entries: Vec<(&Node, Vec<PathSeg>)> = match &policies.value {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, n)| (n, vec![key("Policies"), PathSeg::Index(i)]))
                .collect(),
            Value::Object(_) => vec![(policies, vec![key("Policies")])],
            _ => Vec::new(),
        };
        for (entry, segs) in entries {
            check_entry(rule, res.id, entry, segs, out);
        }
    }
}

fn check_entry(
    rule: &RuleMeta,
    id: &str,
    entry: &Node,
    segs: Vec<PathSeg>,
    out: &mut Vec<Diagnostic>,
) {
    let [member] = entry.members() else { return };
    if intrinsic(entry).is_some() || member.key == "Statement" || member.key == "Version" {
        return;
    }
    let mut segs = segs;
    segs.push(key(&member.key));
    let path = property_path(id, &segs);
    let Some(params) = TEMPLATES.get(member.key.as_str()) else {
        let help = match did_you_mean(&member.key, TEMPLATES.keys().copied()) {
            Some(s) => format!("did you mean the policy template \"{s}\"?"),
            None => "use a SAM policy template name, a managed policy name or ARN, or a policy document with Statement".to_string(),
        };
        out.push(
            Diagnostic::new(
                rule,
                member.key_span,
                format!(
                    "\"{}\" in the Policies of {id} is not a SAM policy template, and without Statement it is no policy document either: the deployment fails",
                    member.key
                ),
            )
            .with_logical_path(path)
            .with_help(help),
        );
        return;
    };
    let value = &member.value;
    if intrinsic(value).is_some() {
        return;
    }
    let Value::Object(given) = &value.value else {
        out.push(
            Diagnostic::new(
                rule,
                value.span,
                format!(
                    "the parameters of policy template {} in the Policies of {id} must be an object{}",
                    member.key,
                    if params.is_empty() { " ({} for this template)" } else { "" }
                ),
            )
            .with_logical_path(path)
            .with_help(format!("write {}: {{{}}}", member.key, example(params))),
        );
        return;
    };
    let missing: Vec<&str> = params
        .iter()
        .copied()
        .filter(|p| !given.iter().any(|m| m.key == *p))
        .collect();
    if missing.is_empty() {
        return;
    }
    let unknown: Vec<&str> = given
        .iter()
        .map(|m| m.key.as_str())
        .filter(|k| !params.contains(k))
        .collect();
    let mut help = format!("write {}: {{{}}}", member.key, example(params));
    // One stray name for one missing parameter is that parameter misspelt.
    let pair = match (unknown.as_slice(), missing.as_slice()) {
        ([u], [m]) => Some((*u, *m)),
        _ => unknown
            .iter()
            .find_map(|u| did_you_mean(u, missing.iter().copied()).map(|m| (*u, m))),
    };
    if let Some((wrong, right)) = pair {
        help = format!("\"{wrong}\" should be \"{right}\"; {help}");
    }
    out.push(
        Diagnostic::new(
            rule,
            member.key_span,
            format!(
                "policy template {} in the Policies of {id} lacks {} {}: the SAM transform fails",
                member.key,
                if missing.len() == 1 {
                    "parameter"
                } else {
                    "parameters"
                },
                missing.join(", ")
            ),
        )
        .with_logical_path(path)
        .with_help(help),
    );
}

fn example(params: &[&str]) -> String {
    params
        .iter()
        .map(|p| format!("{p}: …"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_loads() {
        assert!(TEMPLATES.len() > 50);
        assert_eq!(
            TEMPLATES.get("S3ReadPolicy").map(Vec::as_slice),
            Some(&["BucketName"][..])
        );
        assert_eq!(TEMPLATES.get("AMIDescribePolicy").map(Vec::len), Some(0));
    }
}
