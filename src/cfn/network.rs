//! Which subnets of a template are public, by routing.
//!
//! A subnet is public when the route table associated with it (through an
//! `AWS::EC2::SubnetRouteTableAssociation`) has a route whose target is an
//! internet gateway, whatever its destination (`0.0.0.0/0`, `::/0`, a split
//! default). A subnet with no association in the template uses its VPC's main
//! route table, which a template cannot see: its status is *unknown*, never
//! guessed. Routes to NAT gateways, egress-only gateways, transit gateways or
//! VPN gateways do not make a subnet public. Every `Fn::If` branch counts: a
//! route that reaches an internet gateway in one branch makes the subnet
//! public (the finding's message says so).

use std::collections::BTreeMap;

use super::conditions::Branches;
use super::intrinsics::{Resolver, referenced_resources};
use super::template::{Resource, Template};
use crate::parse::Node;
use crate::parse::node::is_symbolic;
use crate::span::Span;

/// A route that sends traffic to an internet gateway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternetRoute {
    /// The `AWS::EC2::Route` logical id.
    pub route: String,
    pub route_span: Span,
    /// `0.0.0.0/0`, `::/0` … as written (resolved), or "?" when unknown.
    pub destination: String,
    /// The gateway: a logical id, or a literal `igw-…` id.
    pub gateway: String,
}

/// The routing status of a subnet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubnetStatus {
    /// Its route table routes to an internet gateway.
    Public {
        route_table: String,
        route: InternetRoute,
    },
    /// Associated with route tables of this template, none with an internet route.
    Private { route_tables: Vec<String> },
    /// Not decidable from the template, with the reason.
    Unknown(String),
}

impl SubnetStatus {
    #[must_use]
    pub fn is_public(&self) -> bool {
        matches!(self, SubnetStatus::Public { .. })
    }

    /// A clause for messages: "its route table PublicRT routes 0.0.0.0/0 to internet gateway Igw".
    #[must_use]
    pub fn explain(&self) -> String {
        match self {
            SubnetStatus::Public { route_table, route } => format!(
                "its route table {route_table} routes {} to internet gateway {} (route {})",
                route.destination, route.gateway, route.route
            ),
            SubnetStatus::Private { route_tables } => format!(
                "its route table{} {} {} no route to an internet gateway",
                if route_tables.len() > 1 { "s" } else { "" },
                route_tables.join(", "),
                if route_tables.len() > 1 {
                    "have"
                } else {
                    "has"
                }
            ),
            SubnetStatus::Unknown(why) => why.clone(),
        }
    }
}

/// Routing facts of one template.
#[derive(Debug, Clone, Default)]
pub struct Network {
    subnets: BTreeMap<String, SubnetStatus>,
}

impl Network {
    #[must_use]
    pub fn of(template: &Template<'_>) -> Network {
        let internet_routes = internet_routes(template);
        let mut unknown_targets: BTreeMap<String, String> = BTreeMap::new();
        for route in template.resources_of("AWS::EC2::Route") {
            if let Some(gw) = route.prop("GatewayId")
                && gateway_is_unknown(template, gw)
            {
                for rt in route_tables_of(template, route) {
                    unknown_targets.insert(rt, route.id.to_string());
                }
            }
        }
        // Subnet → route tables of this template (and whether any was not).
        let mut associated: BTreeMap<String, (Vec<String>, bool)> = BTreeMap::new();
        for assoc in template.resources_of("AWS::EC2::SubnetRouteTableAssociation") {
            let subnets = assoc
                .prop("SubnetId")
                .map(|n| typed_refs(template, n, "AWS::EC2::Subnet"))
                .unwrap_or_default();
            let tables = route_tables_of(template, assoc);
            for subnet in subnets {
                let entry = associated.entry(subnet).or_default();
                if tables.is_empty() {
                    entry.1 = true;
                }
                entry.0.extend(tables.iter().cloned());
            }
        }
        let mut subnets = BTreeMap::new();
        for subnet in template.resources_of("AWS::EC2::Subnet") {
            let status = match associated.get(subnet.id) {
                None => SubnetStatus::Unknown(
                    "no SubnetRouteTableAssociation in the template names it, so it uses its VPC's main route table, which the template does not show".to_string(),
                ),
                Some((tables, foreign)) => {
                    let public = tables.iter().find_map(|t| {
                        internet_routes.get(t).map(|r| SubnetStatus::Public {
                            route_table: t.clone(),
                            route: r.clone(),
                        })
                    });
                    if let Some(p) = public {
                        p
                    } else if *foreign {
                        SubnetStatus::Unknown(
                            "its route table is not defined in this template".to_string(),
                        )
                    } else if let Some(route) = tables.iter().find_map(|t| unknown_targets.get(t)) {
                        SubnetStatus::Unknown(format!(
                            "route {route} of its route table goes to a gateway the template does not define"
                        ))
                    } else {
                        let mut tables = tables.clone();
                        tables.sort();
                        tables.dedup();
                        SubnetStatus::Private {
                            route_tables: tables,
                        }
                    }
                }
            };
            subnets.insert(subnet.id.to_string(), status);
        }
        Network { subnets }
    }

    /// The status of a subnet resource of the template.
    #[must_use]
    pub fn subnet(&self, id: &str) -> Option<&SubnetStatus> {
        self.subnets.get(id)
    }

    /// The public subnets among those a value refers to.
    #[must_use]
    pub fn public_subnets_in(
        &self,
        template: &Template<'_>,
        node: &Node,
    ) -> Vec<(String, &SubnetStatus)> {
        typed_refs(template, node, "AWS::EC2::Subnet")
            .into_iter()
            .filter_map(|id| {
                let status = self.subnets.get(&id)?;
                status.is_public().then_some((id, status))
            })
            .collect()
    }
}

/// Logical ids of resources of `type_name` that `node` refers to.
#[must_use]
pub fn typed_refs(template: &Template<'_>, node: &Node, type_name: &str) -> Vec<String> {
    referenced_resources(template, node)
        .into_iter()
        .filter(|id| template.resource(id).is_some_and(|r| r.is(type_name)))
        .collect()
}

fn route_tables_of(template: &Template<'_>, r: &Resource<'_>) -> Vec<String> {
    r.prop("RouteTableId")
        .map(|n| typed_refs(template, n, "AWS::EC2::RouteTable"))
        .unwrap_or_default()
}

/// A gateway given by a parameter without default, an import or a
/// `Fn::GetAtt` of something that is not a gateway of this template.
fn gateway_is_unknown(template: &Template<'_>, gw: &Node) -> bool {
    let refs = referenced_resources(template, gw);
    if !refs.is_empty() {
        return false;
    }
    let resolved = Resolver::new(template, &super::Scenario::default()).resolve(gw);
    resolved
        .as_ref()
        .and_then(Node::as_str)
        .is_some_and(is_symbolic)
}

/// Route table → its first route to an internet gateway (in any branch).
fn internet_routes(template: &Template<'_>) -> BTreeMap<String, InternetRoute> {
    let mut out: BTreeMap<String, InternetRoute> = BTreeMap::new();
    for route in template.resources_of("AWS::EC2::Route") {
        let Some(props) = route.properties else {
            continue;
        };
        let Some(gateway) = internet_gateway(template, route, props) else {
            continue;
        };
        let destination = ["DestinationCidrBlock", "DestinationIpv6CidrBlock"]
            .iter()
            .find_map(|k| props.get(k))
            .and_then(|d| Resolver::new(template, &super::Scenario::default()).resolve(d))
            .and_then(|d| {
                d.scalar_text()
                    .map(|t| t.replace(crate::parse::node::SYMBOLIC, "?"))
            })
            .unwrap_or_else(|| "traffic".to_string());
        let ir = InternetRoute {
            route: route.id.to_string(),
            route_span: route.id_span,
            destination,
            gateway,
        };
        for rt in route_tables_of(template, route) {
            out.entry(rt).or_insert_with(|| ir.clone());
        }
    }
    out
}

/// The internet gateway a route's `GatewayId` names in some branch: a
/// resource of type `AWS::EC2::InternetGateway`, or a literal `igw-…` id.
fn internet_gateway(template: &Template<'_>, route: &Resource<'_>, props: &Node) -> Option<String> {
    let gw = props.get("GatewayId")?;
    if let Some(id) = typed_refs(template, gw, "AWS::EC2::InternetGateway")
        .into_iter()
        .next()
    {
        return Some(id);
    }
    let branches = Branches::of(template, gw, route.condition);
    branches.scenarios.iter().find_map(|s| {
        let resolved = Resolver::new(template, s).resolve(gw)?;
        let text = resolved.as_str()?.trim();
        text.starts_with("igw-").then(|| text.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Limits, json::parse_json};

    fn network(resources: &str) -> (Node, Network) {
        let root = parse_json(
            &format!(
                r#"{{"Parameters": {{"Gw": {{"Type": "String"}}}}, "Resources": {{{resources}}}}}"#
            ),
            &Limits::default(),
        )
        .root
        .unwrap_or_default();
        let t = Template::new(&root);
        let n = Network::of(&t);
        (root.clone(), n)
    }

    const BASE: &str = r#"
      "Igw": {"Type": "AWS::EC2::InternetGateway"},
      "Vgw": {"Type": "AWS::EC2::VPNGateway"},
      "Nat": {"Type": "AWS::EC2::NatGateway"},
      "PubRt": {"Type": "AWS::EC2::RouteTable"},
      "PrivRt": {"Type": "AWS::EC2::RouteTable"},
      "VpnRt": {"Type": "AWS::EC2::RouteTable"},
      "V6Rt": {"Type": "AWS::EC2::RouteTable"},
      "ParamRt": {"Type": "AWS::EC2::RouteTable"},
      "R1": {"Type": "AWS::EC2::Route", "Properties": {"RouteTableId": {"Ref": "PubRt"}, "DestinationCidrBlock": "0.0.0.0/0", "GatewayId": {"Ref": "Igw"}}},
      "R2": {"Type": "AWS::EC2::Route", "Properties": {"RouteTableId": {"Ref": "PrivRt"}, "DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": {"Ref": "Nat"}}},
      "R3": {"Type": "AWS::EC2::Route", "Properties": {"RouteTableId": {"Ref": "VpnRt"}, "DestinationCidrBlock": "0.0.0.0/0", "GatewayId": {"Ref": "Vgw"}}},
      "R4": {"Type": "AWS::EC2::Route", "Properties": {"RouteTableId": {"Ref": "V6Rt"}, "DestinationIpv6CidrBlock": "::/0", "GatewayId": "igw-0abc"}},
      "R5": {"Type": "AWS::EC2::Route", "Properties": {"RouteTableId": {"Ref": "ParamRt"}, "DestinationCidrBlock": "0.0.0.0/0", "GatewayId": {"Ref": "Gw"}}},
      "Pub": {"Type": "AWS::EC2::Subnet"}, "Priv": {"Type": "AWS::EC2::Subnet"}, "Vpn": {"Type": "AWS::EC2::Subnet"},
      "V6": {"Type": "AWS::EC2::Subnet"}, "Lonely": {"Type": "AWS::EC2::Subnet"}, "ByParam": {"Type": "AWS::EC2::Subnet"},
      "Foreign": {"Type": "AWS::EC2::Subnet"},
      "A1": {"Type": "AWS::EC2::SubnetRouteTableAssociation", "Properties": {"SubnetId": {"Ref": "Pub"}, "RouteTableId": {"Ref": "PubRt"}}},
      "A2": {"Type": "AWS::EC2::SubnetRouteTableAssociation", "Properties": {"SubnetId": {"Ref": "Priv"}, "RouteTableId": {"Ref": "PrivRt"}}},
      "A3": {"Type": "AWS::EC2::SubnetRouteTableAssociation", "Properties": {"SubnetId": {"Ref": "Vpn"}, "RouteTableId": {"Ref": "VpnRt"}}},
      "A4": {"Type": "AWS::EC2::SubnetRouteTableAssociation", "Properties": {"SubnetId": {"Ref": "V6"}, "RouteTableId": {"Ref": "V6Rt"}}},
      "A5": {"Type": "AWS::EC2::SubnetRouteTableAssociation", "Properties": {"SubnetId": {"Ref": "ByParam"}, "RouteTableId": {"Ref": "ParamRt"}}},
      "A6": {"Type": "AWS::EC2::SubnetRouteTableAssociation", "Properties": {"SubnetId": {"Ref": "Foreign"}, "RouteTableId": {"Fn::ImportValue": "rt"}}}
    "#;

    #[test]
    fn statuses() {
        let (_root, n) = network(BASE);
        assert!(n.subnet("Pub").is_some_and(SubnetStatus::is_public));
        assert!(n.subnet("V6").is_some_and(SubnetStatus::is_public));
        assert!(matches!(
            n.subnet("Priv"),
            Some(SubnetStatus::Private { .. })
        ));
        assert!(matches!(
            n.subnet("Vpn"),
            Some(SubnetStatus::Private { .. })
        ));
        assert!(matches!(n.subnet("Lonely"), Some(SubnetStatus::Unknown(_))));
        assert!(matches!(
            n.subnet("ByParam"),
            Some(SubnetStatus::Unknown(_))
        ));
        assert!(matches!(
            n.subnet("Foreign"),
            Some(SubnetStatus::Unknown(_))
        ));
        let explained = n
            .subnet("Pub")
            .map(SubnetStatus::explain)
            .unwrap_or_default();
        assert_eq!(
            explained,
            "its route table PubRt routes 0.0.0.0/0 to internet gateway Igw (route R1)"
        );
    }
}
