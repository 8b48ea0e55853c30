//! ## What it does
//! Reports an `AWS::EC2::Subnet` with `MapPublicIpOnLaunch: true`, and says
//! whether the subnet is public by routing: its route table (through an
//! `AWS::EC2::SubnetRouteTableAssociation`) routes to an internet gateway,
//! has no such route, or is not in the template (then the status is unknown,
//! never guessed).
//!
//! ## Why is this bad?
//! Every instance and network interface launched into the subnet gets a
//! public IPv4 address unless it opts out. In a subnet routed to an internet
//! gateway, one permissive security group then exposes the instance to the
//! internet. Public addresses should be a per-resource decision (a load
//! balancer, a NAT gateway, a bastion), not a subnet-wide default. A
//! finding in a subnet with no internet route is a note: the addresses are
//! unreachable, but the setting is still misleading.
//!
//! ## Example
//! ```yaml
//! AppSubnet:
//!   Type: AWS::EC2::Subnet
//!   Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24, MapPublicIpOnLaunch: true}
//! ```
//!
//! ## Fix
//! Remove `MapPublicIpOnLaunch` (it defaults to `false`) and give a public
//! address only to the resources that need one
//! (`NetworkInterfaces[].AssociatePublicIpAddress`), or place workloads in
//! private subnets behind a NAT gateway and a load balancer.
//!
//! ## References
//! - AWS::EC2::Subnet: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-subnet.html>
//! - Subnets for your VPC (public and private subnets): <https://docs.aws.amazon.com/vpc/latest/userguide/configure-subnets.html>
//! - IP addressing for your VPCs and subnets: <https://docs.aws.amazon.com/vpc/latest/userguide/vpc-ip-addressing.html>

use super::template;
use crate::cfn::branches::{check_resolved, is_true, key, property_path};
use crate::cfn::network::{Network, SubnetStatus};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "CFN101",
        "subnet-maps-public-ip",
        Severity::Warning,
        &[InputKind::Cloudformation],
        "A subnet gives every instance launched in it a public IPv4 address",
        crate::rule_docs!(),
        &["security", "network", "cloudformation"],
        Precision::VeryHigh,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(t) = template(ctx) else { return };
    let mut network = None;
    for subnet in t.resources_of("AWS::EC2::Subnet") {
        let Some(props) = subnet.properties else {
            continue;
        };
        if props.get("MapPublicIpOnLaunch").is_none() {
            continue;
        }
        let status = network
            .get_or_insert_with(|| Network::of(t))
            .subnet(subnet.id)
            .cloned();
        check_resolved(t, subnet, props, out, |resolved, found| {
            let Some(map) = resolved.get("MapPublicIpOnLaunch").filter(|n| is_true(n)) else {
                return;
            };
            let (clause, severity) = match &status {
                Some(s @ SubnetStatus::Public { .. }) => (
                    format!("and the subnet is public: {}", s.explain()),
                    Severity::Warning,
                ),
                Some(s @ SubnetStatus::Private { .. }) => (
                    format!(
                        "although {}, so the addresses are not reachable yet",
                        s.explain()
                    ),
                    Severity::Note,
                ),
                Some(SubnetStatus::Unknown(why)) => (
                    format!("and whether the subnet is public is unknown: {why}"),
                    Severity::Warning,
                ),
                None => (String::new(), Severity::Warning),
            };
            let mut d = Diagnostic::new(
                rule,
                map.span,
                format!(
                    "subnet {} gives every instance launched in it a public IPv4 address (MapPublicIpOnLaunch: true), {clause}",
                    subnet.id
                ),
            )
            .with_severity(severity)
            .with_logical_path(property_path(subnet.id, &[key("MapPublicIpOnLaunch")]))
            .with_help("remove MapPublicIpOnLaunch (default false) and assign public addresses only to the resources that need them");
            if let Some(SubnetStatus::Public { route, .. }) = &status {
                d = d.with_label(route.route_span, "the route to the internet gateway");
            }
            found.push(d);
        });
    }
}
