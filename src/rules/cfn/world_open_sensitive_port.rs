//! ## What it does
//! Reports security-group ingress rules that admit `0.0.0.0/0` or `::/0` on an
//! administrative or data port: SSH 22, Telnet 23, SMB 445, RDP 3389,
//! databases (MySQL 3306, PostgreSQL 5432, SQL Server 1433, Oracle 1521,
//! Redshift 5439, MongoDB 27017, Redis 6379, Memcached 11211), Kafka
//! 9092/9094, ZooKeeper 2181, Cassandra 7000/7001/7199/9042,
//! Elasticsearch/OpenSearch 9200 and the Docker API 2375, including port
//! ranges that contain them (`1024-65535` names every one it covers). Rules
//! open on every port are reported by CFN104 instead.
//!
//! ## Why is this bad?
//! These ports give shell access, remote desktops, or direct access to data
//! stores and brokers, most of which are unauthenticated by default (Redis,
//! Memcached, ZooKeeper, Kafka's PLAINTEXT listener, Cassandra's
//! AllowAllAuthenticator, Docker). Internet-wide scanners find them within
//! minutes.
//!
//! ## Example
//! ```yaml
//! Sg:
//!   Type: AWS::EC2::SecurityGroup
//!   Properties:
//!     GroupDescription: app
//!     SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}]
//! ```
//!
//! ## Fix
//! Admit these ports only from the security groups or networks that need
//! them; for shell access prefer Session Manager, which needs no open port.
//!
//! ## References
//! - AWS::EC2::SecurityGroup Ingress: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-ec2-security-group-rule-1.html>
//! - Security group rules for different use cases: <https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-rules-reference.html>
//! - AWS Systems Manager Session Manager: <https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html>

use super::template;
use crate::cfn::branches::parameter_origin;
use crate::cfn::ingress::{Opens, for_each_world_ingress, sensitive_in};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "CFN105",
        "world-open-sensitive-port",
        Severity::Warning,
        &[InputKind::Cloudformation],
        "A security group admits the whole internet on an administrative or data port",
        crate::rule_docs!(),
        &["security", "network", "cloudformation"],
        Precision::VeryHigh,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(t) = template(ctx) else { return };
    for_each_world_ingress(t, out, |res, w, found| {
        let Opens::Ports(proto, from, to) = w.opens else {
            return;
        };
        let ports = sensitive_in(proto, from, to);
        if ports.is_empty() {
            return;
        }
        let names: Vec<String> = ports.iter().map(|(p, n)| format!("{n} {p}")).collect();
        let range = if from == to {
            format!("{proto} port {from}")
        } else {
            format!("{proto} ports {from}-{to}")
        };
        let cidr = w.cidr.as_str().unwrap_or("").trim();
        let origin = res
            .properties
            .map(|raw| parameter_origin(t, raw, w.cidr.span))
            .unwrap_or_default();
        let kind = if res.is("AWS::EC2::SecurityGroupIngress") {
            "ingress rule"
        } else {
            "security group"
        };
        let mut d = Diagnostic::new(
            rule,
            w.cidr.span,
            format!(
                "{kind} {} admits {range} from {cidr}{origin}, the whole internet: {}",
                res.id,
                names.join(", ")
            ),
        )
        .with_logical_path(w.cidr_path())
        .with_help("admit this port only from the security groups or networks that need it; for shell access use Session Manager");
        if let Some(span) = w.port_span().filter(|s| *s != w.cidr.span) {
            d = d.with_label(span, "the ports");
        }
        found.push(d);
    });
}
