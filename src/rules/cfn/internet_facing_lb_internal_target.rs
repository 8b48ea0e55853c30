//! ## What it does
//! Notes an internet-facing load balancer (`Scheme: internet-facing`, or no
//! `Scheme`, whose default is internet-facing) that forwards to a target
//! marked as internal: a target group, ECS service, Auto Scaling group or
//! instance whose logical id, name or tags say "internal". Targets are
//! followed through listeners, listener rules, target groups, ECS services'
//! `LoadBalancers`, Auto Scaling groups' `TargetGroupARNs` and
//! `LoadBalancerNames`, and Classic load balancers' `Instances`.
//!
//! ## Why is this bad?
//! A service named or tagged "internal" was meant to be reached from inside
//! the network. Putting it behind an internet-facing load balancer publishes
//! it to the internet; an omitted `Scheme` does this silently. This is a
//! note: the name is a hint, not proof.
//!
//! ## Example
//! ```yaml
//! Alb: {Type: AWS::ElasticLoadBalancingV2::LoadBalancer, Properties: {Subnets: [!Ref PubA, !Ref PubB]}}
//! InternalApiTargets: {Type: AWS::ElasticLoadBalancingV2::TargetGroup, Properties: {Port: 80, Protocol: HTTP}}
//! ```
//!
//! ## Fix
//! Set `Scheme: internal` and place the load balancer in private subnets, or
//! rename the target if it really is public.
//!
//! ## References
//! - AWS::ElasticLoadBalancingV2::LoadBalancer Scheme: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-elasticloadbalancingv2-loadbalancer.html>
//! - AWS::ElasticLoadBalancing::LoadBalancer Scheme: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-elb.html>
//! - Internet-facing and internal load balancers: <https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/how-elastic-load-balancing-works.html>

use std::collections::BTreeSet;

use super::template;
use crate::cfn::branches::{check_resolved, key, property_path};
use crate::cfn::intrinsics::referenced_resources;
use crate::cfn::network::typed_refs;
use crate::cfn::{Resource, Template};
use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::Node;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "CFN106",
        "internet-facing-lb-internal-target",
        Severity::Note,
        &[InputKind::Cloudformation],
        "An internet-facing load balancer forwards to a target marked internal",
        crate::rule_docs!(),
        &["security", "network", "cloudformation"],
        Precision::Medium,
    ),
    check,
};

const ELBV2: &str = "AWS::ElasticLoadBalancingV2::LoadBalancer";
const CLASSIC: &str = "AWS::ElasticLoadBalancing::LoadBalancer";
const TG: &str = "AWS::ElasticLoadBalancingV2::TargetGroup";

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(t) = template(ctx) else { return };
    for lb in t.resources.iter().filter(|r| r.is(ELBV2) || r.is(CLASSIC)) {
        let targets = targets_of(t, lb);
        let Some((target, why)) = targets
            .iter()
            .filter_map(|id| t.resource(id))
            .find_map(|r| internal_marker(t, r).map(|why| (r, why)))
        else {
            continue;
        };
        let props = lb.properties.cloned().unwrap_or_default();
        check_resolved(t, lb, &props, out, |resolved, found| {
            if resolved.get("Type").and_then(Node::as_str) == Some("gateway") {
                return;
            }
            let scheme = resolved.get("Scheme");
            let (span, path, how) = match scheme {
                Some(s) if s.as_str().is_some_and(|v| v.trim() == "internet-facing") => (
                    s.span,
                    property_path(lb.id, &[key("Scheme")]),
                    "Scheme: internet-facing",
                ),
                None => (
                    lb.id_span,
                    format!("Resources.{}", lb.id),
                    "no Scheme, which defaults to internet-facing",
                ),
                Some(_) => return,
            };
            found.push(
                Diagnostic::new(
                    rule,
                    span,
                    format!(
                        "load balancer {} is internet-facing ({how}) and forwards to {}, which is marked internal ({why})",
                        lb.id, target.id
                    ),
                )
                .with_logical_path(path)
                .with_label(target.id_span, "the target marked internal")
                .with_help("set Scheme: internal and use private subnets if the service is internal"),
            );
        });
    }
}

/// Resources a load balancer sends traffic to, transitively.
fn targets_of(t: &Template<'_>, lb: &Resource<'_>) -> Vec<String> {
    let mut targets: BTreeSet<String> = BTreeSet::new();
    let refers_to = |r: &Resource<'_>, id: &str| {
        r.properties
            .is_some_and(|p| referenced_resources(t, p).iter().any(|x| x == id))
    };
    if lb.is(CLASSIC) {
        if let Some(i) = lb.prop("Instances") {
            targets.extend(typed_refs(t, i, "AWS::EC2::Instance"));
        }
        for asg in t.resources_of("AWS::AutoScaling::AutoScalingGroup") {
            if asg
                .prop("LoadBalancerNames")
                .is_some_and(|n| referenced_resources(t, n).iter().any(|x| x == lb.id))
            {
                targets.insert(asg.id.to_string());
            }
        }
    } else {
        let listeners: Vec<&Resource<'_>> = t
            .resources_of("AWS::ElasticLoadBalancingV2::Listener")
            .filter(|l| refers_to(l, lb.id))
            .collect();
        let mut groups: BTreeSet<String> = BTreeSet::new();
        for l in &listeners {
            if let Some(p) = l.properties {
                groups.extend(typed_refs(t, p, TG));
            }
            for rule in t.resources_of("AWS::ElasticLoadBalancingV2::ListenerRule") {
                if refers_to(rule, l.id)
                    && let Some(p) = rule.properties
                {
                    groups.extend(typed_refs(t, p, TG));
                }
            }
        }
        for g in &groups {
            if let Some(tg) = t.resource(g)
                && let Some(ts) = tg.prop("Targets")
            {
                targets.extend(typed_refs(t, ts, "AWS::EC2::Instance"));
            }
            for r in &t.resources {
                let link = match r.type_name {
                    Some("AWS::ECS::Service") => r.prop("LoadBalancers"),
                    Some("AWS::AutoScaling::AutoScalingGroup") => r.prop("TargetGroupARNs"),
                    _ => None,
                };
                if link.is_some_and(|n| referenced_resources(t, n).iter().any(|x| x == g)) {
                    targets.insert(r.id.to_string());
                }
            }
        }
        targets.extend(groups);
    }
    targets.into_iter().collect()
}

fn says_internal(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.contains("internal") && !lower.contains("international")
}

/// Why a resource counts as internal: its logical id, a name property or a tag.
fn internal_marker(t: &Template<'_>, r: &Resource<'_>) -> Option<String> {
    if says_internal(r.id) {
        return Some("its logical id".to_string());
    }
    let scenario = crate::cfn::Scenario::default();
    let resolver = crate::cfn::Resolver::new(t, &scenario);
    for name_prop in ["Name", "ServiceName"] {
        if let Some(v) = r.prop(name_prop).and_then(|n| resolver.resolve(n))
            && v.as_str().is_some_and(says_internal)
        {
            return Some(format!("its {name_prop}"));
        }
    }
    let tags = r.prop("Tags").and_then(|n| resolver.resolve(n))?;
    tags.items().iter().find_map(|tag| {
        let k = tag.get("Key").and_then(Node::as_str).unwrap_or("");
        let v = tag
            .get("Value")
            .and_then(Node::scalar_text)
            .unwrap_or_default();
        (says_internal(k) || says_internal(&v)).then(|| format!("its tag {k}"))
    })
}
