//! ## What it does
//! Reports `AWS::MSK::Cluster` resources that let clients connect without
//! authenticating: no `ClientAuthentication` at all (provisioned clusters
//! then accept unauthenticated clients), or `ClientAuthentication.
//! Unauthenticated.Enabled: true` next to SASL or TLS authentication.
//! A value decided at deploy time is not reported; with `Fn::If` the message
//! says in which branch.
//!
//! ## Why is this bad?
//! Without client authentication every network peer that reaches the brokers
//! may produce to and consume from every topic: Kafka ACLs cannot tell
//! principals apart, and IAM access control is not in force.
//!
//! ## Example
//! ```yaml
//! Kafka:
//!   Type: AWS::MSK::Cluster
//!   Properties:
//!     ClusterName: events
//!     KafkaVersion: 3.6.0
//!     NumberOfBrokerNodes: 3
//!     BrokerNodeGroupInfo: {InstanceType: kafka.m7g.large, ClientSubnets: [subnet-1, subnet-2, subnet-3]}
//! ```
//!
//! ## Fix
//! Turn on IAM (`ClientAuthentication: {Sasl: {Iam: {Enabled: true}}}`),
//! SASL/SCRAM or mutual TLS, and leave `Unauthenticated` off.
//!
//! ## References
//! - Amazon MSK authentication and authorization: <https://docs.aws.amazon.com/msk/latest/developerguide/kafka_apis_iam.html>
//! - AWS::MSK::Cluster ClientAuthentication: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-msk-cluster-clientauthentication.html>

use super::{absent_anchor, template};
use crate::cfn::branches::{check_resolved, is_true, key, property_path};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "CFN307",
        "msk-unauthenticated-access",
        Severity::Warning,
        &[InputKind::Cloudformation],
        "An MSK cluster accepts clients that do not authenticate",
        crate::rule_docs!(),
        &["security", "kafka", "cloudformation"],
        Precision::VeryHigh,
    ),
    check,
};

const HELP: &str =
    "enable IAM, SASL/SCRAM or TLS client authentication and leave Unauthenticated off";

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(t) = template(ctx) else { return };
    for res in t.resources_of("AWS::MSK::Cluster") {
        let absent = || {
            let (span, path) = absent_anchor(res);
            Diagnostic::new(
                rule,
                span,
                format!("MSK cluster {} has no ClientAuthentication: any client that reaches the brokers is accepted", res.id),
            )
            .with_logical_path(path)
            .with_help(HELP)
        };
        let Some(props) = res.properties else {
            out.push(absent());
            continue;
        };
        check_resolved(t, res, props, out, |resolved, found| {
            let Some(auth) = resolved.get("ClientAuthentication") else {
                found.push(absent());
                return;
            };
            if let Some(v) = auth
                .get("Unauthenticated")
                .and_then(|u| u.get("Enabled"))
                .filter(|v| is_true(v))
            {
                found.push(
                    Diagnostic::new(
                        rule,
                        v.span,
                        format!("MSK cluster {} accepts unauthenticated clients: Unauthenticated.Enabled is true", res.id),
                    )
                    .with_logical_path(property_path(
                        res.id,
                        &[key("ClientAuthentication"), key("Unauthenticated"), key("Enabled")],
                    ))
                    .with_help(HELP),
                );
            }
        });
    }
}
