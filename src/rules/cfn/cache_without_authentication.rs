//! ## What it does
//! Reports ElastiCache Redis OSS and Valkey caches that let any client in
//! without credentials:
//!
//! - `AWS::ElastiCache::ReplicationGroup` with neither `AuthToken` (Redis
//!   AUTH) nor `UserGroupIds` (role-based access control);
//! - `AWS::ElastiCache::ServerlessCache` of engine `redis` or `valkey`
//!   without `UserGroupId`, so its default user needs no password.
//!
//! Secondary members of a global datastore (`GlobalReplicationGroupId`) and
//! replication groups built around an existing cluster (`PrimaryClusterId`)
//! take their access control from elsewhere and are not reported; nor is a
//! value decided at deploy time. With `Fn::If` the message says in which
//! branch the cache is open. Memcached has no client authentication in
//! ElastiCache and is left to security groups. Encryption in transit, which
//! `AuthToken` and user groups require, is CFN306's business.
//!
//! ## Why is this bad?
//! Without authentication every host that reaches the port (any instance in
//! the security groups' reach, any compromised container in the VPC) can
//! read and overwrite every key, and run `FLUSHALL`. Security groups decide
//! who can connect, not who may act: the ElastiCache documentation
//! recommends AUTH or RBAC on top of them, and caches often hold session
//! tokens and personal data.
//!
//! ## Example
//! ```yaml
//! Sessions:
//!   Type: AWS::ElastiCache::ReplicationGroup
//!   Properties:
//!     ReplicationGroupDescription: sessions
//!     Engine: redis
//!     CacheNodeType: cache.r7g.large
//!     NumCacheClusters: 2
//!     AtRestEncryptionEnabled: true
//!     TransitEncryptionEnabled: true
//! ```
//!
//! ## Fix
//! Create an `AWS::ElastiCache::UserGroup` of `AWS::ElastiCache::User`s and
//! name it in `UserGroupIds` (or `UserGroupId` for a serverless cache), or
//! set `AuthToken: '{{resolve:secretsmanager:prod/redis:SecretString:token}}'`
//! with `TransitEncryptionEnabled: true`.
//!
//! ## References
//! - Authenticating with the Valkey and Redis OSS AUTH command: <https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth.html>
//! - Role-based access control (RBAC): <https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html>
//! - AWS::ElastiCache::ReplicationGroup: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-elasticache-replicationgroup.html>
//! - AWS::ElastiCache::ServerlessCache: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-elasticache-serverlesscache.html>

use super::{absent_anchor, template};
use crate::cfn::branches::check_resolved;
use crate::cfn::{Resource, Template};
use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::node::is_symbolic;
use crate::parse::{Node, Value};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "CFN309",
        "cache-without-authentication",
        Severity::Warning,
        &[InputKind::Cloudformation],
        "An ElastiCache Redis OSS or Valkey cache accepts clients without credentials",
        crate::rule_docs!(),
        &["security", "cloudformation"],
        Precision::High,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(t) = template(ctx) else { return };
    for res in t.resources_of("AWS::ElastiCache::ReplicationGroup") {
        unauthenticated(
            rule,
            &t,
            res,
            out,
            &["AuthToken", "UserGroupIds"],
            &["GlobalReplicationGroupId", "PrimaryClusterId"],
            format!(
                "ElastiCache replication group {} authenticates no client: neither AuthToken nor UserGroupIds is set, so anyone who reaches the port may read, write and flush every key",
                res.id
            ),
            "add an RBAC user group (UserGroupIds) or an AuthToken from Secrets Manager, with TransitEncryptionEnabled: true",
        );
    }
    for res in t.resources_of("AWS::ElastiCache::ServerlessCache") {
        let engine = res
            .properties
            .and_then(|p| p.get("Engine"))
            .and_then(Node::as_str);
        if !engine.is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "redis" | "valkey")) {
            continue;
        }
        unauthenticated(
            rule,
            &t,
            res,
            out,
            &["UserGroupId"],
            &[],
            format!(
                "ElastiCache serverless cache {} has no UserGroupId: its default user needs no password, so anyone who reaches the endpoint may read, write and flush every key",
                res.id
            ),
            "add an RBAC user group (UserGroupId) whose users have passwords or IAM authentication",
        );
    }
}

/// Reports `res` in each scenario where it has none of `auth` and none of
/// `elsewhere` (properties that hand access control to another resource).
#[allow(clippy::too_many_arguments)]
fn unauthenticated(
    rule: &RuleMeta,
    t: &Template<'_>,
    res: &Resource<'_>,
    out: &mut Vec<Diagnostic>,
    auth: &[&str],
    elsewhere: &[&str],
    message: String,
    help: &str,
) {
    let (span, path) = absent_anchor(res);
    let finding = || {
        Diagnostic::new(rule, span, message.clone())
            .with_logical_path(path.clone())
            .with_help(help)
    };
    let Some(props) = res.properties else {
        out.push(finding());
        return;
    };
    check_resolved(t, res, props, out, |resolved, found| {
        let set = |name: &&str| resolved.get(name).is_some_and(|v| !empty(v));
        if auth.iter().any(set) || elsewhere.iter().any(set) {
            return;
        }
        found.push(finding());
    });
}

/// An empty string or list sets nothing; a value decided at deploy time may.
fn empty(v: &Node) -> bool {
    if let Some(s) = v.as_str() {
        return s.trim().is_empty() && !is_symbolic(s);
    }
    matches!(&v.value, Value::Array(items) if items.is_empty())
}
