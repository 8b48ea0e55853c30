//! ## What it does
//! Reports traffic left unencrypted by a data service's configuration:
//!
//! - `AWS::ElastiCache::ReplicationGroup` without `TransitEncryptionEnabled:
//!   true` (the default is off): clients talk to Redis OSS or Valkey in clear
//!   text, and `AuthToken` cannot be used;
//! - `AWS::MSK::Cluster` whose `EncryptionInfo.EncryptionInTransit.ClientBroker`
//!   is `PLAINTEXT` or `TLS_PLAINTEXT` (the default is `TLS`), or whose
//!   `InCluster` is `false` (brokers replicate in clear text).
//!
//! MSK always encrypts data at rest, so it has no at-rest finding. A value
//! decided at deploy time is not reported; with `Fn::If` the message says in
//! which branch.
//!
//! ## Why is this bad?
//! Cache entries and Kafka records are often session tokens, personal data
//! and application events. In clear text they can be read or altered by
//! anything that can observe the VPC's traffic (a compromised instance with
//! traffic mirroring, a misrouted peering), and clear-text listeners cannot
//! authenticate clients with TLS or SASL.
//!
//! ## Example
//! ```yaml
//! Kafka:
//!   Type: AWS::MSK::Cluster
//!   Properties:
//!     EncryptionInfo:
//!       EncryptionInTransit: {ClientBroker: TLS_PLAINTEXT, InCluster: true}
//! ```
//!
//! ## Fix
//! Set `TransitEncryptionEnabled: true` on replication groups (with
//! `TransitEncryptionMode: required` once clients use TLS) and
//! `ClientBroker: TLS`, `InCluster: true` on MSK clusters.
//!
//! ## References
//! - ElastiCache in-transit encryption: <https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html>
//! - Amazon MSK encryption: <https://docs.aws.amazon.com/msk/latest/developerguide/msk-encryption.html>
//! - AWS::MSK::Cluster EncryptionInTransit: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-msk-cluster-encryptionintransit.html>

use super::{absent_anchor, template};
use crate::cfn::branches::{check_resolved, is_false, key, parameter_origin, property_path};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "CFN306",
        "transit-not-encrypted",
        Severity::Warning,
        &[InputKind::Cloudformation],
        "An ElastiCache replication group or MSK cluster allows clear-text traffic",
        crate::rule_docs!(),
        &["security", "encryption", "cloudformation"],
        Precision::VeryHigh,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(t) = template(ctx) else { return };
    for res in &t.resources {
        match res.type_name {
            Some("AWS::ElastiCache::ReplicationGroup") => {
                let absent = || {
                    let (span, path) = absent_anchor(res);
                    Diagnostic::new(
                        rule,
                        span,
                        format!("ElastiCache replication group {} does not encrypt traffic: TransitEncryptionEnabled is not set (default false)", res.id),
                    )
                    .with_logical_path(path)
                    .with_help("set TransitEncryptionEnabled: true")
                };
                let Some(props) = res.properties else {
                    out.push(absent());
                    continue;
                };
                check_resolved(t, res, props, out, |resolved, found| {
                    if resolved.get("GlobalReplicationGroupId").is_some() {
                        return;
                    }
                    match resolved.get("TransitEncryptionEnabled") {
                        None => found.push(absent()),
                        Some(v) if is_false(v) => {
                            let origin = parameter_origin(t, props, v.span);
                            found.push(
                                Diagnostic::new(
                                    rule,
                                    v.span,
                                    format!("ElastiCache replication group {} does not encrypt traffic: TransitEncryptionEnabled is false{origin}", res.id),
                                )
                                .with_logical_path(property_path(res.id, &[key("TransitEncryptionEnabled")]))
                                .with_help("set TransitEncryptionEnabled: true"),
                            );
                        }
                        _ => {}
                    }
                });
            }
            Some("AWS::MSK::Cluster") => {
                let Some(props) = res.properties else {
                    continue;
                };
                check_resolved(t, res, props, out, |resolved, found| {
                    let Some(transit) = resolved
                        .get("EncryptionInfo")
                        .and_then(|e| e.get("EncryptionInTransit"))
                    else {
                        return;
                    };
                    let base = [key("EncryptionInfo"), key("EncryptionInTransit")];
                    if let Some(v) = transit.get("ClientBroker")
                        && let Some(mode) = v
                            .as_str()
                            .filter(|m| matches!(*m, "PLAINTEXT" | "TLS_PLAINTEXT"))
                    {
                        let origin = parameter_origin(t, props, v.span);
                        let what = if mode == "PLAINTEXT" {
                            "accepts only clear-text clients"
                        } else {
                            "also accepts clear-text clients"
                        };
                        let mut path = base.to_vec();
                        path.push(key("ClientBroker"));
                        found.push(
                            Diagnostic::new(
                                rule,
                                v.span,
                                format!(
                                    "MSK cluster {} {what}: ClientBroker is {mode}{origin}",
                                    res.id
                                ),
                            )
                            .with_logical_path(property_path(res.id, &path))
                            .with_help("set ClientBroker: TLS"),
                        );
                    }
                    if let Some(v) = transit.get("InCluster").filter(|v| is_false(v)) {
                        let mut path = base.to_vec();
                        path.push(key("InCluster"));
                        found.push(
                            Diagnostic::new(
                                rule,
                                v.span,
                                format!("MSK cluster {} replicates between brokers in clear text: InCluster is false", res.id),
                            )
                            .with_logical_path(property_path(res.id, &path))
                            .with_help("set InCluster: true"),
                        );
                    }
                });
            }
            _ => {}
        }
    }
}
