//! ## What it does
//! Reports databases and replication instances that get a public endpoint:
//! `PubliclyAccessible: true` on `AWS::RDS::DBInstance`, `AWS::RDS::DBCluster`
//! and `AWS::Redshift::Cluster`, and on `AWS::DMS::ReplicationInstance`, whose
//! `PubliclyAccessible` defaults to `true` when omitted. When the subnet
//! group's subnets are public by routing, the message says so.
//!
//! ## Why is this bad?
//! A publicly accessible database gets a DNS name that resolves to a public
//! IP address. In a subnet routed to an internet gateway only its security
//! group stands between the database port and the internet, and database
//! ports are among the most scanned on the internet.
//!
//! ## Example
//! ```yaml
//! Db:
//!   Type: AWS::RDS::DBInstance
//!   Properties: {Engine: mysql, DBInstanceClass: db.t3.micro, PubliclyAccessible: true}
//! ```
//!
//! ## Fix
//! Set `PubliclyAccessible: false`, place the database in private subnets, and
//! reach it from inside the VPC (an application tier, a bastion or Session
//! Manager port forwarding).
//!
//! ## References
//! - AWS::RDS::DBInstance PubliclyAccessible: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-rds-dbinstance.html>
//! - AWS::Redshift::Cluster: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-redshift-cluster.html>
//! - AWS::DMS::ReplicationInstance: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-dms-replicationinstance.html>
//! - Working with a DB instance in a VPC: <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html>

use super::template;
use crate::cfn::branches::{check_resolved, is_true, key, parameter_origin, property_path};
use crate::cfn::network::{Network, SubnetStatus, typed_refs};
use crate::cfn::{Resource, Template};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "CFN103",
        "database-publicly-accessible",
        Severity::Warning,
        &[InputKind::Cloudformation],
        "A database or DMS replication instance has a public endpoint",
        crate::rule_docs!(),
        &["security", "network", "cloudformation"],
        Precision::VeryHigh,
    ),
    check,
};

/// Resource type, its name in messages, its subnet-group property, the subnet
/// group's type, and whether `PubliclyAccessible` defaults to true.
const KINDS: &[(&str, &str, &str, &str, bool)] = &[
    (
        "AWS::RDS::DBInstance",
        "RDS DB instance",
        "DBSubnetGroupName",
        "AWS::RDS::DBSubnetGroup",
        false,
    ),
    (
        "AWS::RDS::DBCluster",
        "RDS DB cluster",
        "DBSubnetGroupName",
        "AWS::RDS::DBSubnetGroup",
        false,
    ),
    (
        "AWS::Redshift::Cluster",
        "Redshift cluster",
        "ClusterSubnetGroupName",
        "AWS::Redshift::ClusterSubnetGroup",
        false,
    ),
    (
        "AWS::DMS::ReplicationInstance",
        "DMS replication instance",
        "ReplicationSubnetGroupIdentifier",
        "AWS::DMS::ReplicationSubnetGroup",
        true,
    ),
];

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(t) = template(ctx) else { return };
    let mut network: Option<Network> = None;
    for res in &t.resources {
        let Some(&(_, what, group_prop, group_type, default_public)) =
            KINDS.iter().find(|k| res.type_name == Some(k.0))
        else {
            continue;
        };
        let net = network.get_or_insert_with(|| Network::of(t));
        let public = public_subnet(t, net, res, group_prop, group_type);
        let Some(props) = res.properties else {
            if default_public {
                out.push(omitted(rule, res, what, public.as_deref()));
            }
            continue;
        };
        check_resolved(t, res, props, out, |resolved, found| {
            match resolved.get("PubliclyAccessible") {
                Some(v) if is_true(v) => {
                    let (clause, severity) = context(public.as_deref());
                    let origin = parameter_origin(t, props, v.span);
                    found.push(
                        Diagnostic::new(
                            rule,
                            v.span,
                            format!("{what} {} is publicly accessible (PubliclyAccessible: true{origin}){clause}", res.id),
                        )
                        .with_severity(severity)
                        .with_logical_path(property_path(res.id, &[key("PubliclyAccessible")]))
                        .with_help("set PubliclyAccessible: false and reach the database from inside the VPC"),
                    );
                }
                None if default_public => found.push(omitted(rule, res, what, public.as_deref())),
                _ => {}
            }
        });
    }
}

fn omitted(rule: &RuleMeta, res: &Resource<'_>, what: &str, public: Option<&str>) -> Diagnostic {
    let (clause, severity) = context(public);
    Diagnostic::new(
        rule,
        res.id_span,
        format!("{what} {} is publicly accessible: PubliclyAccessible is not set and defaults to true{clause}", res.id),
    )
    .with_severity(severity)
    .with_logical_path(format!("Resources.{}", res.id))
    .with_help("set PubliclyAccessible: false explicitly")
}

fn context(public: Option<&str>) -> (String, Severity) {
    match public {
        Some(explained) => (
            format!(", and its subnet group has a public subnet: {explained}"),
            Severity::Error,
        ),
        None => (String::new(), Severity::Warning),
    }
}

/// The first public subnet of the resource's subnet group, explained.
fn public_subnet(
    t: &Template<'_>,
    net: &Network,
    res: &Resource<'_>,
    group_prop: &str,
    group_type: &str,
) -> Option<String> {
    let group = res.prop(group_prop)?;
    typed_refs(t, group, group_type).iter().find_map(|g| {
        let subnets = t.resource(g)?.prop("SubnetIds")?;
        net.public_subnets_in(t, subnets)
            .first()
            .map(|(id, s): &(String, &SubnetStatus)| format!("{id} ({})", s.explain()))
    })
}
