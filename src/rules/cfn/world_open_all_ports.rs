//! ## What it does
//! Reports security-group ingress rules that admit `0.0.0.0/0` or `::/0` on
//! every port: `IpProtocol: -1` (all traffic), a protocol number other than
//! tcp, udp, icmp or icmpv6, or tcp/udp from port 0 (or -1) to 65535. Rules
//! inline in `AWS::EC2::SecurityGroup` `SecurityGroupIngress` and standalone
//! `AWS::EC2::SecurityGroupIngress` resources are both read, through
//! parameters' defaults and every `Fn::If` branch.
//!
//! ## Why is this bad?
//! Every service listening on any interface of every attached resource is
//! then reachable from the whole internet (when the resource has a public
//! address): databases, admin consoles, debug ports, anything started later.
//! EC2 documents that protocol `-1` "allows traffic on all ports, regardless
//! of any port range you specify".
//!
//! ## Example
//! ```yaml
//! AllIn:
//!   Type: AWS::EC2::SecurityGroupIngress
//!   Properties: {GroupId: !Ref Sg, IpProtocol: "-1", CidrIp: 0.0.0.0/0}
//! ```
//!
//! ## Fix
//! Open only the ports the service serves, and only to the sources that need
//! them: a load balancer's security group (`SourceSecurityGroupId`), a prefix
//! list (`SourcePrefixListId`) or a narrow CIDR.
//!
//! ## References
//! - AWS::EC2::SecurityGroup Ingress: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-ec2-security-group-rule-1.html>
//! - AWS::EC2::SecurityGroupIngress: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-securitygroupingress.html>
//! - Security group rules: <https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html>

use super::template;
use crate::cfn::branches::parameter_origin;
use crate::cfn::ingress::{Opens, for_each_world_ingress};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "CFN104",
        "world-open-all-ports",
        Severity::Error,
        &[InputKind::Cloudformation],
        "A security group admits the whole internet on every port",
        crate::rule_docs!(),
        &["security", "network", "cloudformation"],
        Precision::VeryHigh,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(t) = template(ctx) else { return };
    for_each_world_ingress(t, out, |res, w, found| {
        let what = match w.opens {
            Opens::AllTraffic => "all traffic (every protocol and port)".to_string(),
            Opens::AllPorts(proto) => format!("every {proto} port"),
            _ => return,
        };
        let cidr = w.cidr.as_str().unwrap_or("").trim();
        let origin = res
            .properties
            .map(|raw| parameter_origin(t, raw, w.cidr.span))
            .unwrap_or_default();
        let mut d = Diagnostic::new(
            rule,
            w.cidr.span,
            format!("{} {} admits {what} from {cidr}{origin}, the whole internet", kind(res.type_name), res.id),
        )
        .with_logical_path(w.cidr_path())
        .with_help("open only the ports the service serves, to a security group, prefix list or narrow CIDR");
        if let Some(span) = w.port_span().filter(|s| *s != w.cidr.span) {
            d = d.with_label(span, "the protocol and ports");
        }
        found.push(d);
    });
}

fn kind(type_name: Option<&str>) -> &'static str {
    if type_name == Some("AWS::EC2::SecurityGroupIngress") {
        "ingress rule"
    } else {
        "security group"
    }
}
