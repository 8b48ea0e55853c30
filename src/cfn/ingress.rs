//! Security-group ingress rules of a template, resolved, with what they open.
//!
//! Rules come from `AWS::EC2::SecurityGroup` `SecurityGroupIngress[]` and from
//! `AWS::EC2::SecurityGroupIngress` resources. Protocol `-1` (or a protocol
//! number other than tcp, udp, icmp and icmpv6) "allows traffic on all ports,
//! regardless of any port range you specify" (EC2); a tcp/udp port of `-1`
//! means every port.

use super::branches::{check_resolved, key, property_path};
use super::template::{Resource, Template};
use crate::diagnostic::Diagnostic;
use crate::parse::{Node, PathSeg};
use crate::span::Span;

/// Administrative and data ports that should never face the internet.
pub const SENSITIVE_PORTS: &[(u16, &str)] = &[
    (22, "SSH"),
    (23, "Telnet"),
    (445, "SMB"),
    (1433, "SQL Server"),
    (1521, "Oracle"),
    (2181, "ZooKeeper"),
    (2375, "Docker API"),
    (3306, "MySQL"),
    (3389, "RDP"),
    (5432, "PostgreSQL"),
    (5439, "Redshift"),
    (6379, "Redis"),
    (7000, "Cassandra inter-node"),
    (7001, "Cassandra inter-node TLS"),
    (7199, "Cassandra JMX"),
    (9042, "Cassandra CQL"),
    (9092, "Kafka"),
    (9094, "Kafka TLS"),
    (9200, "Elasticsearch/OpenSearch"),
    (11211, "Memcached"),
    (27017, "MongoDB"),
];

/// What one ingress rule opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opens {
    /// Every protocol and port.
    AllTraffic,
    /// Every port of tcp or udp.
    AllPorts(&'static str),
    /// A port range of tcp or udp.
    Ports(&'static str, u16, u16),
    /// ICMP, or ports that are unknown until deployment.
    Other,
}

/// One resolved ingress rule open to the world.
pub struct WorldIngress<'n> {
    pub resource: String,
    /// The resolved rule object.
    pub rule: &'n Node,
    /// The `CidrIp`/`CidrIpv6` value.
    pub cidr: &'n Node,
    pub cidr_key: &'static str,
    /// Path of the rule object under `Properties`.
    pub path: Vec<PathSeg>,
    pub opens: Opens,
}

impl WorldIngress<'_> {
    /// `Resources.WebSG.Properties.SecurityGroupIngress[0].CidrIp`.
    #[must_use]
    pub fn cidr_path(&self) -> String {
        let mut p = self.path.clone();
        p.push(key(self.cidr_key));
        property_path(&self.resource, &p)
    }

    /// The spans of the protocol and ports, for labels.
    #[must_use]
    pub fn port_span(&self) -> Option<Span> {
        let from = self.rule.get("FromPort").map(|n| n.span);
        let to = self.rule.get("ToPort").map(|n| n.span);
        match (from, to) {
            (Some(a), Some(b)) => Some(a.cover(b)),
            (a, b) => a
                .or(b)
                .or_else(|| self.rule.get("IpProtocol").map(|n| n.span)),
        }
    }
}

/// Calls `visit` for every ingress rule open to `0.0.0.0/0` or `::/0`, in
/// every branch; findings are merged across branches.
pub fn for_each_world_ingress(
    template: &Template<'_>,
    out: &mut Vec<Diagnostic>,
    mut visit: impl FnMut(&Resource<'_>, &WorldIngress<'_>, &mut Vec<Diagnostic>),
) {
    for res in &template.resources {
        let Some(props) = res.properties else {
            continue;
        };
        if res.is("AWS::EC2::SecurityGroup") {
            check_resolved(template, res, props, out, |resolved, found| {
                let Some(rules) = resolved.get("SecurityGroupIngress") else {
                    return;
                };
                // A single object where a list belongs is invalid (CFN002),
                // but what it would open is still worth saying.
                for (i, rule) in rules.one_or_many().iter().enumerate() {
                    let path = vec![key("SecurityGroupIngress"), PathSeg::Index(i)];
                    if let Some(w) = world(res.id, rule, path) {
                        visit(res, &w, found);
                    }
                }
            });
        } else if res.is("AWS::EC2::SecurityGroupIngress") {
            check_resolved(template, res, props, out, |resolved, found| {
                if let Some(w) = world(res.id, resolved, Vec::new()) {
                    visit(res, &w, found);
                }
            });
        }
    }
}

fn world<'n>(resource: &str, rule: &'n Node, path: Vec<PathSeg>) -> Option<WorldIngress<'n>> {
    let (cidr_key, cidr) = [("CidrIp", true), ("CidrIpv6", false)]
        .into_iter()
        .find_map(|(k, v4)| {
            let n = rule.get(k)?;
            let text = n.as_str()?.trim();
            let world = if v4 {
                text.parse::<ipnet::Ipv4Net>()
                    .is_ok_and(|n| n.prefix_len() == 0)
            } else {
                text.parse::<ipnet::Ipv6Net>()
                    .is_ok_and(|n| n.prefix_len() == 0)
            };
            world.then_some((k, n))
        })?;
    Some(WorldIngress {
        resource: resource.to_string(),
        rule,
        cidr,
        cidr_key,
        path,
        opens: opens(rule),
    })
}

fn port(rule: &Node, key: &str) -> Option<i64> {
    rule.get(key)?.scalar_text()?.trim().parse().ok()
}

/// What a resolved ingress rule opens.
#[must_use]
pub fn opens(rule: &Node) -> Opens {
    let Some(proto) = rule.get("IpProtocol").and_then(Node::scalar_text) else {
        return Opens::Other;
    };
    let proto = proto.trim().to_ascii_lowercase();
    let name = match proto.as_str() {
        "-1" | "all" => return Opens::AllTraffic,
        "tcp" | "6" => "tcp",
        "udp" | "17" => "udp",
        "icmp" | "1" | "icmpv6" | "58" => return Opens::Other,
        other if other.parse::<u16>().is_ok() => return Opens::AllTraffic,
        _ => return Opens::Other,
    };
    let (Some(from), Some(to)) = (port(rule, "FromPort"), port(rule, "ToPort")) else {
        return Opens::Other;
    };
    if from == -1 || to == -1 || (from <= 0 && to >= 65535) {
        return Opens::AllPorts(name);
    }
    match (u16::try_from(from), u16::try_from(to)) {
        (Ok(f), Ok(t)) if f <= t => Opens::Ports(name, f, t),
        _ => Opens::Other,
    }
}

/// The sensitive ports inside a range (tcp; for udp only Memcached, whose
/// UDP port is an amplification vector).
#[must_use]
pub fn sensitive_in(proto: &str, from: u16, to: u16) -> Vec<(u16, &'static str)> {
    SENSITIVE_PORTS
        .iter()
        .copied()
        .filter(|(p, _)| (from..=to).contains(p) && (proto == "tcp" || *p == 11211))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Limits, json::parse_json};

    fn opens_of(text: &str) -> Opens {
        let n = parse_json(text, &Limits::default())
            .root
            .unwrap_or_default();
        opens(&n)
    }

    #[test]
    fn protocols_and_ports() {
        assert_eq!(opens_of(r#"{"IpProtocol": "-1"}"#), Opens::AllTraffic);
        assert_eq!(
            opens_of(r#"{"IpProtocol": -1, "FromPort": 22, "ToPort": 22}"#),
            Opens::AllTraffic
        );
        assert_eq!(opens_of(r#"{"IpProtocol": "47"}"#), Opens::AllTraffic);
        assert_eq!(
            opens_of(r#"{"IpProtocol": "tcp", "FromPort": "22", "ToPort": 22}"#),
            Opens::Ports("tcp", 22, 22)
        );
        assert_eq!(
            opens_of(r#"{"IpProtocol": "6", "FromPort": 0, "ToPort": 65535}"#),
            Opens::AllPorts("tcp")
        );
        assert_eq!(
            opens_of(r#"{"IpProtocol": "udp", "FromPort": -1, "ToPort": -1}"#),
            Opens::AllPorts("udp")
        );
        assert_eq!(
            opens_of(r#"{"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1}"#),
            Opens::Other
        );
        assert_eq!(
            opens_of(r#"{"IpProtocol": "tcp", "FromPort": "\u{E000}", "ToPort": 22}"#),
            Opens::Other
        );
        assert_eq!(sensitive_in("tcp", 1024, 10000).len(), 16);
        assert_eq!(sensitive_in("udp", 1, 65535), vec![(11211, "Memcached")]);
    }
}
