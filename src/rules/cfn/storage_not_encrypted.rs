//! ## What it does
//! Reports data stores created without encryption at rest:
//!
//! - `AWS::RDS::DBInstance` without `StorageEncrypted: true` (instances of an
//!   Aurora cluster, read replicas and restores from a snapshot inherit their
//!   encryption and are not reported), `AWS::RDS::DBCluster`,
//!   `AWS::DocDB::DBCluster` and `AWS::Neptune::DBCluster` without
//!   `StorageEncrypted: true` (clusters restored from a snapshot or another
//!   cluster, and Aurora Serverless v1, are not reported);
//! - `AWS::Redshift::Cluster` with `Encrypted: false` (new clusters are
//!   encrypted by default since 2025, so only an explicit `false` is reported);
//! - `AWS::ElastiCache::ReplicationGroup` without `AtRestEncryptionEnabled: true`;
//! - `AWS::Kinesis::Stream` without `StreamEncryption`;
//! - `AWS::KinesisFirehose::DeliveryStream` of the Direct PUT kind without
//!   `DeliveryStreamEncryptionConfigurationInput` (streams reading from
//!   Kinesis or MSK take their source's encryption);
//! - `AWS::EFS::FileSystem` without `Encrypted: true`.
//!
//! A value decided at deploy time is not reported; with `Fn::If` the message
//! says in which branch the store is unencrypted. Encryption in transit is
//! CFN306's business.
//!
//! ## Why is this bad?
//! Without encryption at rest, the storage media, snapshots and backups hold
//! the data in the clear, and access to it is not controlled and logged by a
//! KMS key policy. Encryption at rest can only be chosen when the store is
//! created: turning it on later means a migration.
//!
//! ## Example
//! ```yaml
//! Db:
//!   Type: AWS::RDS::DBInstance
//!   Properties: {Engine: postgres, DBInstanceClass: db.t3.micro, AllocatedStorage: "20"}
//! ```
//!
//! ## Fix
//! Set the encryption property (`StorageEncrypted: true`, `Encrypted: true`,
//! `AtRestEncryptionEnabled: true`, `StreamEncryption: {EncryptionType: KMS,
//! KeyId: alias/aws/kinesis}`, `DeliveryStreamEncryptionConfigurationInput:
//! {KeyType: AWS_OWNED_CMK}`), with a customer managed `KmsKeyId` where the
//! resource takes one.
//!
//! ## References
//! - Encrypting Amazon RDS resources: <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html>
//! - Amazon Redshift database encryption: <https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-db-encryption.html>
//! - ElastiCache at-rest encryption: <https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html>
//! - Kinesis Data Streams server-side encryption: <https://docs.aws.amazon.com/streams/latest/dev/what-is-sse.html>
//! - Data protection in Amazon Data Firehose: <https://docs.aws.amazon.com/firehose/latest/dev/encryption.html>
//! - Encrypting Amazon EFS data at rest: <https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html>

use super::{absent_anchor, template};
use crate::cfn::Resource;
use crate::cfn::branches::{check_resolved, is_false, key, parameter_origin, property_path};
use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::Node;
use crate::parse::node::is_symbolic;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "CFN305",
        "storage-not-encrypted",
        Severity::Warning,
        &[InputKind::Cloudformation],
        "A database, cache, stream or file system is created without encryption at rest",
        crate::rule_docs!(),
        &["security", "encryption", "cloudformation"],
        Precision::VeryHigh,
    ),
    check,
};

/// How a resource type turns encryption at rest on.
enum Switch {
    /// A boolean property that must be true; `true` when an absent value is
    /// encryption (so only an explicit false is reported).
    Flag(&'static str, bool),
    /// An object property that must be present.
    Object(&'static str),
}

/// Resource type, a noun, the switch, and the properties whose presence
/// means the encryption is inherited from elsewhere.
const STORES: &[(&str, &str, Switch, &[&str])] = &[
    (
        "AWS::RDS::DBInstance",
        "RDS DB instance",
        Switch::Flag("StorageEncrypted", false),
        &[
            "DBClusterIdentifier",
            "SourceDBInstanceIdentifier",
            "DBSnapshotIdentifier",
            "SourceDBInstanceAutomatedBackupsArn",
            "SourceDbiResourceId",
            "DBSnapshotArn",
        ],
    ),
    (
        "AWS::RDS::DBCluster",
        "RDS DB cluster",
        Switch::Flag("StorageEncrypted", false),
        &[
            "SnapshotIdentifier",
            "SourceDBClusterIdentifier",
            "ReplicationSourceIdentifier",
            "GlobalClusterIdentifier",
        ],
    ),
    (
        "AWS::DocDB::DBCluster",
        "DocumentDB cluster",
        Switch::Flag("StorageEncrypted", false),
        &["SnapshotIdentifier", "SourceDBClusterIdentifier"],
    ),
    (
        "AWS::Neptune::DBCluster",
        "Neptune cluster",
        Switch::Flag("StorageEncrypted", false),
        &["SnapshotIdentifier", "SourceDBClusterIdentifier"],
    ),
    (
        "AWS::Redshift::Cluster",
        "Redshift cluster",
        Switch::Flag("Encrypted", true),
        &["SnapshotIdentifier"],
    ),
    (
        "AWS::ElastiCache::ReplicationGroup",
        "ElastiCache replication group",
        Switch::Flag("AtRestEncryptionEnabled", false),
        &["GlobalReplicationGroupId"],
    ),
    (
        "AWS::Kinesis::Stream",
        "Kinesis stream",
        Switch::Object("StreamEncryption"),
        &[],
    ),
    (
        "AWS::KinesisFirehose::DeliveryStream",
        "Firehose delivery stream",
        Switch::Object("DeliveryStreamEncryptionConfigurationInput"),
        &[
            "KinesisStreamSourceConfiguration",
            "MSKSourceConfiguration",
            "DatabaseSourceConfiguration",
        ],
    ),
    (
        "AWS::EFS::FileSystem",
        "EFS file system",
        Switch::Flag("Encrypted", false),
        &[],
    ),
];

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(t) = template(ctx) else { return };
    for res in &t.resources {
        let Some((_, noun, switch, inherited)) = STORES.iter().find(|s| res.type_name == Some(s.0))
        else {
            continue;
        };
        let Some(props) = res.properties else {
            if !matches!(switch, Switch::Flag(_, true)) {
                out.push(absent(rule, res, noun, switch));
            }
            continue;
        };
        check_resolved(t, res, props, out, |resolved, found| {
            if inherited.iter().any(|p| resolved.get(p).is_some()) || exempt(res, resolved) {
                return;
            }
            match switch {
                Switch::Flag(name, default_on) => match resolved.get(name) {
                    None if !default_on => found.push(absent(rule, res, noun, switch)),
                    Some(v) if is_false(v) => {
                        let origin = parameter_origin(t, props, v.span);
                        found.push(
                            Diagnostic::new(
                                rule,
                                v.span,
                                format!("{noun} {} is not encrypted at rest: {name} is false{origin}", res.id),
                            )
                            .with_logical_path(property_path(res.id, &[key(name)]))
                            .with_help(format!("set {name}: true (with a customer managed KmsKeyId where you need control over the key)")),
                        );
                    }
                    _ => {}
                },
                Switch::Object(name) => {
                    if resolved.get(name).is_none() {
                        found.push(absent(rule, res, noun, switch));
                    }
                }
            }
        });
    }
}

/// Resources whose encryption the type's switch does not decide.
fn exempt(res: &Resource<'_>, resolved: &Node) -> bool {
    let text = |name: &str| resolved.get(name).and_then(Node::scalar_text);
    let engine = text("Engine")
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    match res.type_name {
        // An Aurora instance belongs to a cluster; a symbolic engine is unknown.
        Some("AWS::RDS::DBInstance") => engine.starts_with("aurora") || is_symbolic(&engine),
        // Aurora Serverless v1 is always encrypted.
        Some("AWS::RDS::DBCluster") => {
            text("EngineMode").is_some_and(|m| m.eq_ignore_ascii_case("serverless"))
        }
        Some("AWS::KinesisFirehose::DeliveryStream") => {
            text("DeliveryStreamType").is_some_and(|k| k != "DirectPut")
        }
        _ => false,
    }
}

fn absent(rule: &RuleMeta, res: &Resource<'_>, noun: &str, switch: &Switch) -> Diagnostic {
    let (span, path) = absent_anchor(res);
    let (name, help) = match switch {
        Switch::Flag(name, _) => (*name, format!("set {name}: true")),
        Switch::Object(name) => (*name, format!("add {name}")),
    };
    Diagnostic::new(
        rule,
        span,
        format!(
            "{noun} {} is not encrypted at rest: {name} is not set",
            res.id
        ),
    )
    .with_logical_path(path)
    .with_help(help)
}
