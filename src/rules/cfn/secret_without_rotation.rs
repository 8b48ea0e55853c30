//! ## What it does
//! Reports `AWS::SecretsManager::Secret` resources that no
//! `AWS::SecretsManager::RotationSchedule` of the same template rotates (by
//! `Ref` or `Fn::GetAtt` to the secret in its `SecretId`). When a rotation
//! schedule names its secret in a way the template cannot tell (an imported
//! value, a literal ARN), no secret of the template is reported. A secret
//! whose `SecretString` is built only from other resources' attributes (an
//! ARN, an endpoint shared across accounts) holds no credential and is not
//! reported. With SAM or
//! another transform the rotation may be set up elsewhere; the rule still
//! only looks at this template.
//!
//! ## Why is this bad?
//! A secret that never changes stays valid forever once it leaks: in a log,
//! in a developer's shell history, in a former employee's notes. Rotation
//! bounds the damage and proves that the applications can take a new value.
//!
//! ## Example
//! ```yaml
//! DbSecret:
//!   Type: AWS::SecretsManager::Secret
//!   Properties:
//!     GenerateSecretString: {SecretStringTemplate: '{"username":"admin"}', GenerateStringKey: password}
//! ```
//!
//! ## Fix
//! Add an `AWS::SecretsManager::RotationSchedule` for the secret, with a
//! rotation Lambda (`RotationLambdaARN`, or `HostedRotationLambda` for
//! database secrets) and `RotationRules`. For an RDS or Redshift master
//! password prefer `ManageMasterUserPassword: true`, which rotates for you.
//!
//! ## References
//! - AWS::SecretsManager::RotationSchedule: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-secretsmanager-rotationschedule.html>
//! - Rotate Secrets Manager secrets: <https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html>
//! - AWS Config rule secretsmanager-rotation-enabled-check: <https://docs.aws.amazon.com/config/latest/developerguide/secretsmanager-rotation-enabled-check.html>

use std::collections::BTreeSet;

use super::template;
use crate::cfn::intrinsics::{intrinsic, referenced_resources};
use crate::cfn::{Resource, Template};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "CFN302",
        "secret-without-rotation",
        Severity::Warning,
        &[InputKind::Cloudformation],
        "A Secrets Manager secret has no rotation schedule in the template",
        crate::rule_docs!(),
        &["security", "secrets", "cloudformation"],
        Precision::High,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(t) = template(ctx) else { return };
    let mut rotated = BTreeSet::new();
    for schedule in t.resources_of("AWS::SecretsManager::RotationSchedule") {
        let Some(id) = schedule.prop("SecretId") else {
            continue;
        };
        let targets = referenced_resources(t, id);
        if targets.is_empty() {
            // Rotates a secret the template cannot name: any of them may be it.
            return;
        }
        rotated.extend(targets);
    }
    for secret in t.resources_of("AWS::SecretsManager::Secret") {
        if rotated.contains(secret.id) || holds_resource_facts(t, secret) {
            continue;
        }
        let span = secret.type_node.map_or(secret.id_span, |n| n.span);
        out.push(
            Diagnostic::new(
                rule,
                span,
                format!(
                    "secret {} is never rotated: no AWS::SecretsManager::RotationSchedule in the template refers to it",
                    secret.id
                ),
            )
            .with_logical_path(format!("Resources.{}", secret.id))
            .with_help("add an AWS::SecretsManager::RotationSchedule with SecretId: !Ref the secret, a rotation Lambda and RotationRules"),
        );
    }
}

/// A secret whose `SecretString` is built only from other resources of the
/// template (`!Sub '{"KeyArn": "${Key.Arn}"}'`): it shares facts such as ARNs
/// and endpoints, not a credential, and rotation does not apply.
fn holds_resource_facts(t: &Template<'_>, secret: &Resource<'_>) -> bool {
    if secret.prop("GenerateSecretString").is_some() {
        return false;
    }
    let Some(value) = secret.prop("SecretString") else {
        return false;
    };
    intrinsic(value).is_some()
        && !referenced_resources(t, value).is_empty()
        && !mentions_parameter(t, value)
}

/// Whether a value refers to a template parameter (which may carry a credential).
fn mentions_parameter(t: &Template<'_>, value: &crate::parse::Node) -> bool {
    let mut found = false;
    value.walk(|_, n| {
        if let Some((func, arg)) = intrinsic(n) {
            let names: Vec<&str> = match func {
                "Ref" => arg.as_str().into_iter().collect(),
                "Fn::Sub" => crate::cfn::intrinsics::sub_variables(
                    arg.as_str()
                        .or_else(|| arg.items().first().and_then(crate::parse::Node::as_str))
                        .unwrap_or(""),
                ),
                _ => Vec::new(),
            };
            if names.iter().any(|n| t.parameter(n).is_some()) {
                found = true;
            }
        }
    });
    found
}
