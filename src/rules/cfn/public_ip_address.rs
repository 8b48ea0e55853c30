//! ## What it does
//! Reports compute resources that are given a public IP address:
//! - `AWS::EC2::Instance` network interfaces with `AssociatePublicIpAddress: true`,
//!   and instances launched into a public subnet that maps public addresses
//!   (`MapPublicIpOnLaunch: true`, through `SubnetId` or a network
//!   interface's `SubnetId`) without opting out;
//! - `AWS::EC2::LaunchTemplate` `LaunchTemplateData.NetworkInterfaces[].AssociatePublicIpAddress: true`;
//! - `AWS::AutoScaling::LaunchConfiguration` `AssociatePublicIpAddress: true`;
//! - launch templates and launch configurations that make no choice (no
//!   `AssociatePublicIpAddress` on the primary interface) and that an Auto
//!   Scaling group launches into a public subnet with `MapPublicIpOnLaunch: true`;
//! - `AWS::ECS::Service` and `AWS::ECS::TaskSet` with
//!   `NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp: ENABLED`.
//!
//! The message says whether the subnets are public by routing (a route to an
//! internet gateway), private, or unknown. When every subnet is known to be
//! private the finding is a note: the address cannot be reached yet.
//!
//! ## Why is this bad?
//! A public address in a subnet routed to an internet gateway makes the
//! resource reachable from the internet, guarded only by its security groups.
//! Application servers and tasks belong in private subnets behind a load
//! balancer; outbound access goes through a NAT gateway.
//!
//! ## Example
//! ```yaml
//! Service:
//!   Type: AWS::ECS::Service
//!   Properties:
//!     NetworkConfiguration:
//!       AwsvpcConfiguration: {AssignPublicIp: ENABLED, Subnets: [!Ref PubA]}
//! ```
//!
//! ## Fix
//! Set `AssignPublicIp: DISABLED` / `AssociatePublicIpAddress: false`, run the
//! resource in private subnets, and publish it through a load balancer.
//!
//! ## References
//! - AWS::EC2::Instance NetworkInterface: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-ec2-instance-networkinterface.html>
//! - AWS::ECS::Service AwsVpcConfiguration: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-ecs-service-awsvpcconfiguration.html>
//! - AWS::AutoScaling::LaunchConfiguration: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-autoscaling-launchconfiguration.html>
//! - Subnets for your VPC: <https://docs.aws.amazon.com/vpc/latest/userguide/configure-subnets.html>

use super::template;
use crate::cfn::branches::{check_resolved, is_false, is_true, key, property_path};
use crate::cfn::network::{Network, SubnetStatus, typed_refs};
use crate::cfn::{Resolver, Resource, Scenario, Template};
use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::{Node, PathSeg};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;
use crate::span::Span;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "CFN102",
        "public-ip-address",
        Severity::Warning,
        &[InputKind::Cloudformation],
        "An instance, launch template, launch configuration or ECS service gets a public IP address",
        crate::rule_docs!(),
        &["security", "network", "cloudformation"],
        Precision::High,
    ),
    check,
};

struct Ctx<'t, 'a> {
    rule: &'t RuleMeta,
    t: &'t Template<'a>,
    network: Network,
}

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(t) = template(ctx) else { return };
    let relevant = [
        "AWS::EC2::Instance",
        "AWS::EC2::LaunchTemplate",
        "AWS::AutoScaling::LaunchConfiguration",
        "AWS::ECS::Service",
        "AWS::ECS::TaskSet",
    ];
    if !t
        .resources
        .iter()
        .any(|r| r.type_name.is_some_and(|ty| relevant.contains(&ty)))
    {
        return;
    }
    let c = Ctx {
        rule,
        t: &t,
        network: Network::of(&t),
    };
    for res in &t.resources {
        let Some(props) = res.properties else {
            continue;
        };
        match res.type_name {
            Some("AWS::EC2::Instance") => instance(&c, res, props, out),
            Some("AWS::EC2::LaunchTemplate") => {
                let subnets = launch_subnets(&c, res, props.get("LaunchTemplateData"));
                check_resolved(&t, res, props, out, |resolved, found| {
                    let data = resolved.get("LaunchTemplateData");
                    let nis = data
                        .and_then(|d| d.get("NetworkInterfaces"))
                        .map(Node::items)
                        .unwrap_or_default();
                    if !chooses_public_ip(nis) {
                        let anchor = res.id_span;
                        c.subnet_default(
                            res,
                            anchor,
                            &[key("LaunchTemplateData")],
                            "launch template",
                            &subnets,
                            found,
                        );
                    }
                    for (i, ni) in nis.iter().enumerate() {
                        if let Some(v) = ni.get("AssociatePublicIpAddress").filter(|v| is_true(v)) {
                            let path = [
                                key("LaunchTemplateData"),
                                key("NetworkInterfaces"),
                                PathSeg::Index(i),
                                key("AssociatePublicIpAddress"),
                            ];
                            found.push(c.finding(
                                res,
                                v.span,
                                &path,
                                "launch template",
                                "AssociatePublicIpAddress: true",
                                &subnets,
                            ));
                        }
                    }
                });
            }
            Some("AWS::AutoScaling::LaunchConfiguration") => {
                let subnets = launch_subnets(&c, res, None);
                check_resolved(&t, res, props, out, |resolved, found| {
                    let Some(choice) = resolved.get("AssociatePublicIpAddress") else {
                        c.subnet_default(
                            res,
                            resolved.span,
                            &[],
                            "launch configuration",
                            &subnets,
                            found,
                        );
                        return;
                    };
                    if let Some(v) = Some(choice).filter(|v| is_true(v)) {
                        found.push(c.finding(
                            res,
                            v.span,
                            &[key("AssociatePublicIpAddress")],
                            "launch configuration",
                            "AssociatePublicIpAddress: true",
                            &subnets,
                        ));
                    }
                });
            }
            Some("AWS::ECS::Service" | "AWS::ECS::TaskSet") => {
                let subnets = props
                    .get("NetworkConfiguration")
                    .and_then(|n| n.get("AwsvpcConfiguration"))
                    .and_then(|n| n.get("Subnets"))
                    .map(|n| typed_refs(&t, n, "AWS::EC2::Subnet"))
                    .unwrap_or_default();
                check_resolved(&t, res, props, out, |resolved, found| {
                    let v = resolved
                        .get("NetworkConfiguration")
                        .and_then(|n| n.get("AwsvpcConfiguration"))
                        .and_then(|n| n.get("AssignPublicIp"))
                        .filter(|v| {
                            v.as_str()
                                .is_some_and(|s| s.trim().eq_ignore_ascii_case("ENABLED"))
                        });
                    if let Some(v) = v {
                        let path = [
                            key("NetworkConfiguration"),
                            key("AwsvpcConfiguration"),
                            key("AssignPublicIp"),
                        ];
                        found.push(c.finding(
                            res,
                            v.span,
                            &path,
                            "ECS service",
                            "AssignPublicIp: ENABLED",
                            &subnets,
                        ));
                    }
                });
            }
            _ => {}
        }
    }
}

fn instance(c: &Ctx<'_, '_>, res: &Resource<'_>, props: &Node, out: &mut Vec<Diagnostic>) {
    let t = c.t;
    let mut subnets: Vec<String> = Vec::new();
    if let Some(s) = props.get("SubnetId") {
        subnets.extend(typed_refs(t, s, "AWS::EC2::Subnet"));
    }
    for ni in props
        .get("NetworkInterfaces")
        .map(Node::items)
        .unwrap_or_default()
    {
        if let Some(s) = ni.get("SubnetId") {
            subnets.extend(typed_refs(t, s, "AWS::EC2::Subnet"));
        }
    }
    subnets.sort();
    subnets.dedup();
    check_resolved(t, res, props, out, |resolved, found| {
        let nis = resolved
            .get("NetworkInterfaces")
            .map(Node::items)
            .unwrap_or_default();
        for (i, ni) in nis.iter().enumerate() {
            let Some(v) = ni.get("AssociatePublicIpAddress") else {
                continue;
            };
            if is_true(v) {
                let path = [
                    key("NetworkInterfaces"),
                    PathSeg::Index(i),
                    key("AssociatePublicIpAddress"),
                ];
                found.push(c.finding(
                    res,
                    v.span,
                    &path,
                    "instance",
                    "AssociatePublicIpAddress: true",
                    &subnets,
                ));
            }
        }
        if chooses_public_ip(nis) {
            return;
        }
        // No choice made: the subnet's MapPublicIpOnLaunch decides. The
        // subnet is the instance's or its network interface's.
        let subnet_node = resolved
            .get("SubnetId")
            .map(|n| (n, vec![key("SubnetId")]))
            .or_else(|| {
                nis.iter().enumerate().find_map(|(i, ni)| {
                    let path = vec![key("NetworkInterfaces"), PathSeg::Index(i), key("SubnetId")];
                    ni.get("SubnetId").map(|n| (n, path))
                })
            });
        let Some((subnet_node, path)) = subnet_node else {
            return;
        };
        c.subnet_default(res, subnet_node.span, &path, "instance", &subnets, found);
    });
}

/// Whether network interfaces say whether to associate a public address
/// (on the primary interface, or `false` anywhere); otherwise the subnet's
/// `MapPublicIpOnLaunch` decides.
fn chooses_public_ip(nis: &[Node]) -> bool {
    nis.iter().any(|ni| {
        ni.get("AssociatePublicIpAddress").is_some_and(|v| {
            is_false(v)
                || ni
                    .get("DeviceIndex")
                    .and_then(Node::scalar_text)
                    .is_none_or(|d| d.trim() == "0")
        })
    })
}

/// Subnets a launch template or configuration launches into: its own
/// network interfaces' `SubnetId`s and the `VPCZoneIdentifier` of every
/// Auto Scaling group that uses it.
fn launch_subnets(c: &Ctx<'_, '_>, res: &Resource<'_>, data: Option<&Node>) -> Vec<String> {
    let t = c.t;
    let mut out = Vec::new();
    for ni in data
        .and_then(|d| d.get("NetworkInterfaces"))
        .map(Node::items)
        .unwrap_or_default()
    {
        if let Some(s) = ni.get("SubnetId") {
            out.extend(typed_refs(t, s, "AWS::EC2::Subnet"));
        }
    }
    for asg in t.resources_of("AWS::AutoScaling::AutoScalingGroup") {
        let Some(props) = asg.properties else {
            continue;
        };
        let uses = [
            "LaunchTemplate",
            "LaunchConfigurationName",
            "MixedInstancesPolicy",
        ]
        .iter()
        .filter_map(|k| props.get(k))
        .any(|n| {
            crate::cfn::intrinsics::referenced_resources(t, n)
                .iter()
                .any(|id| id == res.id)
        });
        if uses && let Some(z) = props.get("VPCZoneIdentifier") {
            out.extend(typed_refs(t, z, "AWS::EC2::Subnet"));
        }
    }
    out.sort();
    out.dedup();
    out
}

impl Ctx<'_, '_> {
    /// Reports a resource that makes no public-address choice and launches
    /// into public subnets that map a public IPv4 address to every instance
    /// (one finding naming them all).
    fn subnet_default(
        &self,
        res: &Resource<'_>,
        span: Span,
        path: &[PathSeg],
        what: &str,
        subnets: &[String],
        found: &mut Vec<Diagnostic>,
    ) {
        let t = self.t;
        let mapping: Vec<&Resource<'_>> = subnets
            .iter()
            .filter(|id| self.network.subnet(id).is_some_and(SubnetStatus::is_public))
            .filter_map(|id| t.resource(id))
            .filter(|subnet| {
                subnet
                    .prop("MapPublicIpOnLaunch")
                    .and_then(|m| Resolver::new(t, &Scenario::default()).resolve(m))
                    .is_some_and(|m| is_true(&m))
            })
            .collect();
        let Some(first) = mapping.first() else {
            return;
        };
        let ids: Vec<String> = mapping.iter().map(|s| s.id.to_string()).collect();
        let setting = if ids.len() == 1 {
            format!(
                "launched into subnet {}, which maps a public IPv4 address to every instance (MapPublicIpOnLaunch: true)",
                first.id
            )
        } else {
            format!(
                "launched into subnets {}, which map a public IPv4 address to every instance (MapPublicIpOnLaunch: true)",
                ids.join(", ")
            )
        };
        let mut d = self.finding(res, span, path, what, &setting, &ids);
        for subnet in &mapping {
            d = d.with_label(subnet.id_span, "this subnet maps public addresses");
        }
        found.push(d);
    }

    fn finding(
        &self,
        res: &Resource<'_>,
        span: Span,
        path: &[PathSeg],
        what: &str,
        setting: &str,
        subnets: &[String],
    ) -> Diagnostic {
        let statuses: Vec<(&String, Option<&SubnetStatus>)> = subnets
            .iter()
            .map(|s| (s, self.network.subnet(s)))
            .collect();
        let public = statuses
            .iter()
            .find(|(_, s)| s.is_some_and(SubnetStatus::is_public));
        let all_private = !statuses.is_empty()
            && statuses
                .iter()
                .all(|(_, s)| matches!(s, Some(SubnetStatus::Private { .. })));
        let (clause, severity) = if let Some((id, Some(s))) = public {
            (
                format!("; it runs in public subnet {id}: {}", s.explain()),
                Severity::Warning,
            )
        } else if all_private {
            (
                format!(
                    "; its subnet{} {} {} no route to an internet gateway, so the address is not reachable yet",
                    if statuses.len() > 1 { "s" } else { "" },
                    subnets.join(", "),
                    if statuses.len() > 1 { "have" } else { "has" }
                ),
                Severity::Note,
            )
        } else {
            (
                "; whether its subnets are public is not known from the template".to_string(),
                Severity::Warning,
            )
        };
        Diagnostic::new(
            self.rule,
            span,
            format!("{what} {} gets a public IP address ({setting}){clause}", res.id),
        )
        .with_severity(severity)
        .with_logical_path(property_path(res.id, path))
        .with_help("run it in private subnets without a public address and reach it through a load balancer, Session Manager or a VPN")
    }
}
