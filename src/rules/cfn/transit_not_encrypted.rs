//! ## What it does
//! Reports traffic left unencrypted by a data service's configuration:
//!
//! - `AWS::ElastiCache::ReplicationGroup` without `TransitEncryptionEnabled:
//!   true` (the default is off): clients talk to Redis OSS or Valkey in clear
//!   text, and `AuthToken` cannot be used;
//! - `AWS::MSK::Cluster` whose `EncryptionInfo.EncryptionInTransit.ClientBroker`
//!   is `PLAINTEXT` or `TLS_PLAINTEXT` (the default is `TLS`), or whose
//!   `InCluster` is `false` (brokers replicate in clear text);
//! - database parameter groups that switch TLS enforcement off:
//!   `rds.force_ssl: 0` (RDS and Aurora PostgreSQL, RDS SQL Server) and
//!   `require_secure_transport: 0`/`OFF` (MySQL, MariaDB, Aurora MySQL) in
//!   `AWS::RDS::DBParameterGroup` and `DBClusterParameterGroup`, `tls:
//!   disabled` in `AWS::DocDB::DBClusterParameterGroup`, and `require_ssl:
//!   false` in `AWS::Redshift::ClusterParameterGroup`. A group that leaves the
//!   setting out keeps the engine's default, which differs between engines and
//!   versions, and is not reported;
//! - `AWS::EFS::FileSystem` without a `FileSystemPolicy` that denies requests
//!   where `aws:SecureTransport` is false: NFS clients may then mount without
//!   TLS (a policy decided at deploy time is not judged).
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
//! authenticate clients with TLS or SASL. A database that accepts clear-text
//! clients sends passwords (MySQL native, PostgreSQL md5) and query results
//! unencrypted whenever one client forgets to ask for TLS.
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
//! `ClientBroker: TLS`, `InCluster: true` on MSK clusters. In parameter
//! groups set `rds.force_ssl: 1`, `require_secure_transport: 1`, `tls:
//! enabled` or `require_ssl: true`. On EFS add a `FileSystemPolicy` statement
//! `{Effect: Deny, Principal: {AWS: '*'}, Action: '*', Condition: {Bool:
//! {aws:SecureTransport: 'false'}}}` and mount with `-o tls`.
//!
//! ## References
//! - ElastiCache in-transit encryption: <https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html>
//! - Amazon MSK encryption: <https://docs.aws.amazon.com/msk/latest/developerguide/msk-encryption.html>
//! - Using SSL with a PostgreSQL DB instance (`rds.force_ssl`): <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html>
//! - Requiring SSL/TLS for MySQL (`require_secure_transport`): <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mysql-ssl-connections.html>
//! - Encrypting DocumentDB data in transit (`tls`): <https://docs.aws.amazon.com/documentdb/latest/developerguide/security.encryption.ssl.html>
//! - Configuring Redshift security options for connections (`require_ssl`): <https://docs.aws.amazon.com/redshift/latest/mgmt/connecting-ssl-support.html>
//! - Encrypting EFS data in transit, enforcing it with a file system policy: <https://docs.aws.amazon.com/efs/latest/ug/encryption-in-transit.html>
//! - AWS::MSK::Cluster EncryptionInTransit: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-msk-cluster-encryptionintransit.html>

use super::{absent_anchor, template};
use crate::cfn::branches::{check_resolved, is_false, key, parameter_origin, property_path};
use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::node::is_symbolic;
use crate::parse::{Node, PathSeg, Value};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "CFN306",
        "transit-not-encrypted",
        Severity::Warning,
        &[InputKind::Cloudformation],
        "An ElastiCache replication group, MSK cluster, EFS file system or database parameter group allows clear-text traffic",
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
                check_resolved(&t, res, props, out, |resolved, found| {
                    if resolved.get("GlobalReplicationGroupId").is_some() {
                        return;
                    }
                    match resolved.get("TransitEncryptionEnabled") {
                        None => found.push(absent()),
                        Some(v) if is_false(v) => {
                            let origin = parameter_origin(&t, props, v.span);
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
                check_resolved(&t, res, props, out, |resolved, found| {
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
                        let origin = parameter_origin(&t, props, v.span);
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
            Some("AWS::EFS::FileSystem") => {
                let absent = |why: &str| {
                    let (span, path) = absent_anchor(res);
                    Diagnostic::new(
                        rule,
                        span,
                        format!("EFS file system {} does not require TLS: {why}, so clients may mount it without encryption in transit", res.id),
                    )
                    .with_logical_path(path)
                    .with_help(EFS_HELP)
                };
                let Some(props) = res.properties else {
                    out.push(absent("it has no FileSystemPolicy"));
                    continue;
                };
                check_resolved(&t, res, props, out, |resolved, found| {
                    match resolved.get("FileSystemPolicy") {
                        None => found.push(absent("it has no FileSystemPolicy")),
                        Some(policy) => {
                            if policy_known(policy) && !denies_insecure_transport(policy) {
                                let mut d = absent(
                                    "its FileSystemPolicy does not deny requests without aws:SecureTransport",
                                );
                                if let Some(m) = props.member("FileSystemPolicy") {
                                    d.span = m.key_span;
                                    d.logical_path =
                                        Some(property_path(res.id, &[key("FileSystemPolicy")]));
                                }
                                found.push(d);
                            }
                        }
                    }
                });
            }
            Some(
                ty @ ("AWS::RDS::DBParameterGroup"
                | "AWS::RDS::DBClusterParameterGroup"
                | "AWS::DocDB::DBClusterParameterGroup"
                | "AWS::Redshift::ClusterParameterGroup"),
            ) => {
                let Some(props) = res.properties else {
                    continue;
                };
                check_resolved(&t, res, props, out, |resolved, found| {
                    for (name, value, segs) in parameters(ty, resolved) {
                        let Some(effect) = clear_text_setting(&name, value) else {
                            continue;
                        };
                        let origin = parameter_origin(&t, props, value.span);
                        let shown = value.scalar_text().unwrap_or_default();
                        found.push(
                            Diagnostic::new(
                                rule,
                                value.span,
                                format!(
                                    "parameter group {} sets {name} = {shown}{origin}: {effect}",
                                    res.id
                                ),
                            )
                            .with_logical_path(property_path(res.id, &segs))
                            .with_help(format!("set {name} to {}", enforcing_value(&name))),
                        );
                    }
                });
            }
            _ => {}
        }
    }
}

const EFS_HELP: &str = "add a FileSystemPolicy statement that denies every action to every principal when aws:SecureTransport is false (the console's \"Enforce in-transit encryption for all clients\")";

/// Whether a policy is written out enough to judge: no statement list or
/// condition decided at deploy time.
fn policy_known(policy: &Node) -> bool {
    let mut stack = vec![policy];
    while let Some(n) = stack.pop() {
        if crate::cfn::intrinsics::intrinsic(n).is_some() || n.as_str().is_some_and(is_symbolic) {
            return false;
        }
        match &n.value {
            Value::Object(members) => stack.extend(members.iter().map(|m| &m.value)),
            Value::Array(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
    true
}

/// Whether a policy has a `Deny` statement for requests where
/// `aws:SecureTransport` is false (`Bool` or `BoolIfExists`).
fn denies_insecure_transport(policy: &Node) -> bool {
    policy
        .get("Statement")
        .map(Node::one_or_many)
        .unwrap_or_default()
        .iter()
        .any(|st| {
            st.get("Effect").and_then(Node::as_str) == Some("Deny")
                && st.get("Condition").is_some_and(|c| {
                    c.members()
                        .iter()
                        .filter(|op| matches!(op.key.as_str(), "Bool" | "BoolIfExists"))
                        .flat_map(|op| op.value.members())
                        .any(|k| {
                            k.key.eq_ignore_ascii_case("aws:SecureTransport")
                                && k.value.one_or_many().iter().any(is_false)
                        })
                })
        })
}

/// The parameters a parameter group sets: a map of names to values on RDS
/// and DocumentDB, a list of `ParameterName`/`ParameterValue` on Redshift.
fn parameters<'n>(ty: &str, props: &'n Node) -> Vec<(String, &'n Node, Vec<PathSeg>)> {
    let Some(params) = props.get("Parameters") else {
        return Vec::new();
    };
    if ty == "AWS::Redshift::ClusterParameterGroup" {
        return params
            .items()
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let name = p.get("ParameterName")?.as_str()?.to_string();
                let value = p.get("ParameterValue")?;
                let segs = vec![key("Parameters"), PathSeg::Index(i), key("ParameterValue")];
                Some((name, value, segs))
            })
            .collect();
    }
    params
        .members()
        .iter()
        .map(|m| {
            let segs = vec![key("Parameters"), key(&m.key)];
            (m.key.clone(), &m.value, segs)
        })
        .collect()
}

/// What a setting that lets clients connect without TLS does, or `None`
/// when it does not (or its value is decided at deploy time).
fn clear_text_setting(name: &str, value: &Node) -> Option<&'static str> {
    let text = value.scalar_text()?;
    let off = matches!(
        text.trim().to_ascii_lowercase().as_str(),
        "0" | "off" | "false" | "disabled"
    );
    if !off {
        return None;
    }
    match name {
        "rds.force_ssl" => {
            Some("the PostgreSQL or SQL Server database accepts clients that do not use TLS")
        }
        "require_secure_transport" => {
            Some("the MySQL or MariaDB database accepts clients that do not use TLS")
        }
        "tls" => Some("the DocumentDB cluster does not encrypt client connections"),
        "require_ssl" => Some("the Redshift cluster accepts clients that do not use TLS"),
        _ => None,
    }
}

fn enforcing_value(name: &str) -> &'static str {
    match name {
        "rds.force_ssl" | "require_secure_transport" => "1",
        "tls" => "enabled",
        _ => "true",
    }
}
