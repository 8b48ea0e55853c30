//! ## What it does
//! Notes databases whose snapshots do not inherit their tags:
//! `AWS::RDS::DBInstance` (not a member of an Aurora or Multi-AZ cluster,
//! whose cluster decides), `AWS::RDS::DBCluster`, `AWS::DocDB::DBCluster`
//! and `AWS::Neptune::DBCluster` without `CopyTagsToSnapshot: true` (the
//! default is `false`). Automated backups, manual snapshots and the final
//! snapshot of `DeletionPolicy: Snapshot` are all concerned. A value decided
//! at deploy time is not reported; with `Fn::If` the message says in which
//! branch. DLM policies for EBS snapshots are CFN202's business.
//!
//! ## Why is this bad?
//! A snapshot holds the whole database, often the most sensitive copy of
//! the data an account keeps, and outlives the instance. Without the
//! instance's tags it loses its owner, cost centre and data classification:
//! cost reports cannot allocate it, tag-based IAM conditions (who may
//! restore, copy or share it) do not apply, and nobody knows whether an old
//! snapshot may be deleted.
//!
//! ## Example
//! ```yaml
//! Orders:
//!   Type: AWS::RDS::DBInstance
//!   Properties:
//!     Engine: postgres
//!     DBInstanceClass: db.m7g.large
//!     AllocatedStorage: '100'
//!     StorageEncrypted: true
//!     ManageMasterUserPassword: true
//!     MasterUsername: app
//!     Tags: [{Key: owner, Value: orders-team}]
//! ```
//!
//! ## Fix
//! Set `CopyTagsToSnapshot: true`.
//!
//! ## References
//! - Tagging Amazon RDS resources, copying tags to DB snapshots: <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Tagging.html#USER_Tagging.CopyTags>
//! - AWS::RDS::DBInstance CopyTagsToSnapshot: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-rds-dbinstance.html#cfn-rds-dbinstance-copytagstosnapshot>
//! - AWS::DocDB::DBCluster CopyTagsToSnapshot: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-docdb-dbcluster.html#cfn-docdb-dbcluster-copytagstosnapshot>
//! - AWS::Neptune::DBCluster CopyTagsToSnapshot: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-neptune-dbcluster.html#cfn-neptune-dbcluster-copytagstosnapshot>

use super::{absent_anchor, template};
use crate::cfn::branches::{check_resolved, is_false, key, parameter_origin, property_path};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "CFN203",
        "database-snapshots-without-tags",
        Severity::Note,
        &[InputKind::Cloudformation],
        "A database whose snapshots do not copy its tags (CopyTagsToSnapshot not true)",
        crate::rule_docs!(),
        &["tags", "backup", "cloudformation"],
        Precision::VeryHigh,
    ),
    check,
};

const HELP: &str = "set CopyTagsToSnapshot: true so that snapshots keep the owner, cost and classification tags of the database";

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(t) = template(ctx) else { return };
    for res in &t.resources {
        let noun = match res.type_name {
            Some("AWS::RDS::DBInstance") => "RDS DB instance",
            Some("AWS::RDS::DBCluster") => "RDS DB cluster",
            Some("AWS::DocDB::DBCluster") => "DocumentDB cluster",
            Some("AWS::Neptune::DBCluster") => "Neptune cluster",
            _ => continue,
        };
        let absent = || {
            let (span, path) = absent_anchor(res);
            Diagnostic::new(
                rule,
                span,
                format!(
                    "{noun} {} makes snapshots without its tags: CopyTagsToSnapshot is not set (default false)",
                    res.id
                ),
            )
            .with_logical_path(path)
            .with_help(HELP)
        };
        let Some(props) = res.properties else {
            out.push(absent());
            continue;
        };
        check_resolved(&t, res, props, out, |resolved, found| {
            // A cluster member's snapshots are the cluster's.
            if res.type_name == Some("AWS::RDS::DBInstance")
                && resolved.get("DBClusterIdentifier").is_some()
            {
                return;
            }
            match resolved.get("CopyTagsToSnapshot") {
                None => found.push(absent()),
                Some(v) if is_false(v) => {
                    let origin = parameter_origin(&t, props, v.span);
                    found.push(
                        Diagnostic::new(
                            rule,
                            v.span,
                            format!(
                                "{noun} {} makes snapshots without its tags: CopyTagsToSnapshot is false{origin}",
                                res.id
                            ),
                        )
                        .with_logical_path(property_path(res.id, &[key("CopyTagsToSnapshot")]))
                        .with_help(HELP),
                    );
                }
                Some(_) => {}
            }
        });
    }
}
