//! ## What it does
//! Reports taggable resources that lack a required tag key. Required keys come
//! from the configuration file (`[tags] required = [...]` for every resource,
//! `[[tags.rules]]` with `resource-types = ["AWS::EC2::*"]` for some) and from
//! `cloudlint check --require-tag KEY` (every taggable resource). A resource
//! is taggable when its CloudFormation schema has a `Tags` property (a list of
//! `Key`/`Value` pairs, or a map for types such as SSM parameters and SAM
//! resources), a tags property of its own name (`FileSystemTags` of EFS,
//! `HostedZoneTags`, `UserPoolTags`, `BackupVaultTags` …) or, for types without one (launch templates, EC2 fleets,
//! capacity reservations, Client VPN endpoints), `TagSpecifications`. The tag
//! specifications inside a launch template's `LaunchTemplateData` are checked
//! against the keys required for what they tag (`instance` →
//! `AWS::EC2::Instance`, `volume` → `AWS::EC2::Volume` …). Without any
//! required key configured the rule reports nothing.
//!
//! A tag key computed at deploy time (`Key: !Ref TagName`) makes the resource's
//! tags unknown, and it is not reported; with `Fn::If` the message says in
//! which branch a key is missing.
//!
//! ## Why is this bad?
//! Cost allocation, ownership, automation (backup and patch schedules, DLM
//! policies that target tags) and tag-based access control all rely on tags
//! being present. A resource that misses one escapes them silently.
//!
//! ## Example
//! With `cloudlint check --require-tag Owner`:
//! ```yaml
//! Queue:
//!   Type: AWS::SQS::Queue
//!   Properties:
//!     Tags: [{Key: Team, Value: data}]
//! ```
//!
//! ## Fix
//! Add the missing keys to the resource's `Tags` (or `TagSpecifications`).
//! Tags given to the whole stack (`aws cloudformation deploy --tags`) also
//! reach most resources; when you rely on them, limit the requirement with
//! `[[tags.rules]]` or ignore this rule for those templates.
//!
//! ## References
//! - Resource tag: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-resource-tags.html>
//! - AWS::EC2::LaunchTemplate TagSpecification: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-ec2-launchtemplate-tagspecification.html>
//! - Best practices for tagging AWS resources: <https://docs.aws.amazon.com/whitepapers/latest/tagging-best-practices/tagging-best-practices.html>

use std::collections::BTreeSet;

use super::template;
use crate::cfn::Resource;
#[cfg(test)]
use crate::cfn::Template;
use crate::cfn::branches::{check_resolved, key, property_path};
use crate::cfn::schema::{Flag, resource_schema};
use crate::config::TagRequirement;
use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::node::is_symbolic;
use crate::parse::{Node, PathSeg, Value};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "CFN201",
        "missing-required-tags",
        Severity::Warning,
        &[InputKind::Cloudformation],
        "A taggable resource lacks a tag key that the configuration requires",
        crate::rule_docs!(),
        &["tags", "governance", "cloudformation"],
        Precision::VeryHigh,
    ),
    check,
};

/// SAM resource types (not in CloudFormation's schemas) whose `Tags` is a map.
const SAM_TAGGABLE: &[&str] = &[
    "AWS::Serverless::Api",
    "AWS::Serverless::Application",
    "AWS::Serverless::Function",
    "AWS::Serverless::GraphQLApi",
    "AWS::Serverless::HttpApi",
    "AWS::Serverless::SimpleTable",
    "AWS::Serverless::StateMachine",
];

/// Launch template `ResourceType`s and the resource type whose requirements apply.
const LAUNCHED: &[(&str, &str)] = &[
    ("instance", "AWS::EC2::Instance"),
    ("volume", "AWS::EC2::Volume"),
    ("network-interface", "AWS::EC2::NetworkInterface"),
    ("spot-instances-request", "AWS::EC2::SpotFleet"),
];

/// How a resource type takes tags.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tagging {
    /// A tags property: `Tags`, or the type's own name for it.
    Tags(&'static str),
    TagSpecifications,
}

/// Types whose tags property is not called `Tags`.
const OWN_TAG_PROPERTY: &[(&str, &str)] = &[
    ("AWS::Backup::BackupPlan", "BackupPlanTags"),
    ("AWS::Backup::BackupVault", "BackupVaultTags"),
    ("AWS::Cognito::IdentityPool", "IdentityPoolTags"),
    ("AWS::Cognito::UserPool", "UserPoolTags"),
    ("AWS::DataPipeline::Pipeline", "PipelineTags"),
    ("AWS::EFS::AccessPoint", "AccessPointTags"),
    ("AWS::EFS::FileSystem", "FileSystemTags"),
    ("AWS::Lex::Bot", "BotTags"),
    ("AWS::Route53::HostedZone", "HostedZoneTags"),
];

fn tagging(type_name: &str) -> Option<Tagging> {
    if SAM_TAGGABLE.contains(&type_name) {
        return Some(Tagging::Tags("Tags"));
    }
    if let Some((_, name)) = OWN_TAG_PROPERTY.iter().find(|(t, _)| *t == type_name) {
        return Some(Tagging::Tags(name));
    }
    let schema = resource_schema(type_name)?;
    let settable = |name: &str| {
        schema
            .root
            .prop(name)
            .is_some_and(|p| p.flag != Flag::ReadOnly)
    };
    if settable("Tags") {
        Some(Tagging::Tags("Tags"))
    } else if settable("TagSpecifications") {
        Some(Tagging::TagSpecifications)
    } else {
        None
    }
}

/// The keys required on `type_name`, sorted and without duplicates.
#[must_use]
pub fn required_keys(reqs: &[TagRequirement], type_name: &str) -> Vec<String> {
    let keys: BTreeSet<&str> = reqs
        .iter()
        .filter(|r| r.resource_types.iter().any(|g| g.is_match(type_name)))
        .flat_map(|r| r.keys.iter().map(String::as_str))
        .filter(|k| !k.is_empty())
        .collect();
    keys.into_iter().map(str::to_string).collect()
}

/// The tag keys present in a resolved `Tags` value (list of `Key`/`Value`
/// pairs or a map); `None` when any key is only known at deploy time.
fn present_keys(tags: &Node) -> Option<Vec<String>> {
    match &tags.value {
        Value::Array(items) => {
            let mut out = Vec::new();
            for item in items {
                let k = item.get("Key")?.scalar_text()?;
                if is_symbolic(&k) {
                    return None;
                }
                out.push(k.into_owned());
            }
            Some(out)
        }
        Value::Object(members) => members
            .iter()
            .map(|m| (!is_symbolic(&m.key)).then(|| m.key.clone()))
            .collect(),
        _ => None,
    }
}

/// The required keys that `present` lacks, each with a near miss that
/// differs only in case.
fn missing(required: &[String], present: &[String]) -> Vec<String> {
    required
        .iter()
        .filter(|k| !present.contains(k))
        .map(
            |k| match present.iter().find(|p| p.eq_ignore_ascii_case(k)) {
                Some(near) => format!("{k} (`{near}` differs in case)"),
                None => k.clone(),
            },
        )
        .collect()
}

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let reqs = &ctx.settings.required_tags;
    if reqs.is_empty() {
        return;
    }
    let Some(t) = template(ctx) else { return };
    for res in &t.resources {
        let Some(ty) = res.type_name else { continue };
        let Some(how) = tagging(ty) else { continue };
        let own = required_keys(reqs, ty);
        let launched = ty == "AWS::EC2::LaunchTemplate"
            && LAUNCHED
                .iter()
                .any(|(_, lt)| !required_keys(reqs, lt).is_empty());
        if own.is_empty() && !launched {
            continue;
        }
        let Some(props) = res.properties else {
            if !own.is_empty() {
                out.push(untagged(rule, res, ty, &own, how));
            }
            continue;
        };
        check_resolved(t, res, props, out, |resolved, found| {
            if !own.is_empty() {
                match how {
                    Tagging::Tags(name) => own_tags(rule, res, ty, name, &own, resolved, found),
                    Tagging::TagSpecifications => {
                        specifications(rule, res, ty, &own, resolved, found);
                    }
                }
            }
            if launched {
                launch_template_data(rule, reqs, res, resolved, found);
            }
        });
    }
}

/// A resource that has no tags at all.
fn untagged(
    rule: &RuleMeta,
    res: &Resource<'_>,
    ty: &str,
    keys: &[String],
    how: Tagging,
) -> Diagnostic {
    let property = match how {
        Tagging::Tags(name) => name,
        Tagging::TagSpecifications => "TagSpecifications",
    };
    let (span, path) = super::absent_anchor(res);
    Diagnostic::new(
        rule,
        span,
        format!(
            "{ty} {} has no {property}; required tag keys missing: {}",
            res.id,
            keys.join(", ")
        ),
    )
    .with_logical_path(path)
    .with_help(format!("add {property} with the keys {}", keys.join(", ")))
}

fn own_tags(
    rule: &RuleMeta,
    res: &Resource<'_>,
    ty: &str,
    property: &'static str,
    required: &[String],
    resolved: &Node,
    found: &mut Vec<Diagnostic>,
) {
    let Some(tags) = resolved.get(property) else {
        found.push(untagged(rule, res, ty, required, Tagging::Tags(property)));
        return;
    };
    let Some(present) = present_keys(tags) else {
        return;
    };
    let lacking = missing(required, &present);
    if lacking.is_empty() {
        return;
    }
    found.push(
        Diagnostic::new(
            rule,
            tags.span,
            format!(
                "{ty} {} lacks required tag keys: {}",
                res.id,
                lacking.join(", ")
            ),
        )
        .with_logical_path(property_path(res.id, &[key(property)]))
        .with_help(format!("add the missing keys to {property}")),
    );
}

/// `TagSpecifications` of a type that has no `Tags`: each specification must
/// carry the keys, and there must be one.
fn specifications(
    rule: &RuleMeta,
    res: &Resource<'_>,
    ty: &str,
    required: &[String],
    resolved: &Node,
    found: &mut Vec<Diagnostic>,
) {
    let Some(specs) = resolved.get("TagSpecifications") else {
        found.push(untagged(
            rule,
            res,
            ty,
            required,
            Tagging::TagSpecifications,
        ));
        return;
    };
    if !specs.is_array() {
        return;
    }
    // A launch template's own specifications tag the template; the others are
    // refused by CloudFormation and not this rule's business.
    let own_type = (ty == "AWS::EC2::LaunchTemplate").then_some("launch-template");
    for (i, spec) in specs.items().iter().enumerate() {
        if let Some(want) = own_type
            && spec
                .get("ResourceType")
                .and_then(Node::as_str)
                .is_some_and(|rt| rt != want)
        {
            continue;
        }
        spec_finding(
            rule,
            res,
            &format!("{ty} {}", res.id),
            required,
            spec,
            &[key("TagSpecifications"), PathSeg::Index(i)],
            found,
        );
    }
}

/// The tag specifications of a launch template's `LaunchTemplateData`, each
/// checked against the keys required on the type it tags.
fn launch_template_data(
    rule: &RuleMeta,
    reqs: &[TagRequirement],
    res: &Resource<'_>,
    resolved: &Node,
    found: &mut Vec<Diagnostic>,
) {
    let Some(specs) = resolved
        .get("LaunchTemplateData")
        .and_then(|d| d.get("TagSpecifications"))
    else {
        return;
    };
    for (i, spec) in specs.items().iter().enumerate() {
        let Some(rt) = spec.get("ResourceType").and_then(Node::as_str) else {
            continue;
        };
        let Some((_, launched_type)) = LAUNCHED.iter().find(|(name, _)| *name == rt) else {
            continue;
        };
        let required = required_keys(reqs, launched_type);
        if required.is_empty() {
            continue;
        }
        spec_finding(
            rule,
            res,
            &format!(
                "launch template {} tags the {rt}s it launches ({launched_type}) but",
                res.id
            ),
            &required,
            spec,
            &[
                key("LaunchTemplateData"),
                key("TagSpecifications"),
                PathSeg::Index(i),
            ],
            found,
        );
    }
}

fn spec_finding(
    rule: &RuleMeta,
    res: &Resource<'_>,
    subject: &str,
    required: &[String],
    spec: &Node,
    path: &[PathSeg],
    found: &mut Vec<Diagnostic>,
) {
    let (present, span, path) = match spec.get("Tags") {
        Some(tags) => {
            let Some(present) = present_keys(tags) else {
                return;
            };
            let mut p = path.to_vec();
            p.push(key("Tags"));
            (present, tags.span, p)
        }
        None => (Vec::new(), spec.span, path.to_vec()),
    };
    let lacking = missing(required, &present);
    if lacking.is_empty() {
        return;
    }
    found.push(
        Diagnostic::new(
            rule,
            span,
            format!("{subject} lacks required tag keys: {}", lacking.join(", ")),
        )
        .with_logical_path(property_path(res.id, &path))
        .with_help("add the missing keys to the tag specification's Tags"),
    );
}

/// Each resource of a template and whether it is taggable.
#[cfg(test)]
fn taggable(t: &Template<'_>) -> Vec<(String, bool)> {
    t.resources
        .iter()
        .filter_map(|r| Some((r.id.to_string(), tagging(r.type_name?).is_some())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Limits, json::parse_json};

    #[test]
    fn taggable_types_come_from_the_schemas() {
        let root = parse_json(
            r#"{"Resources": {
                "Q": {"Type": "AWS::SQS::Queue"},
                "F": {"Type": "AWS::Serverless::Function"},
                "LT": {"Type": "AWS::EC2::LaunchTemplate"},
                "A": {"Type": "AWS::EC2::SubnetRouteTableAssociation"},
                "C": {"Type": "Custom::Thing"}}}"#,
            &Limits::default(),
        )
        .root
        .unwrap_or_default();
        let t = Template::new(&root);
        assert_eq!(
            taggable(&t),
            [
                ("Q".to_string(), true),
                ("F".to_string(), true),
                ("LT".to_string(), true),
                ("A".to_string(), false),
                ("C".to_string(), false),
            ]
        );
        assert!(tagging("AWS::EC2::LaunchTemplate") == Some(Tagging::TagSpecifications));
    }

    #[test]
    fn missing_keys_note_case_near_misses() {
        let req = ["Owner".to_string(), "CostCenter".to_string()];
        assert_eq!(
            missing(&req, &["owner".to_string()]),
            ["Owner (`owner` differs in case)", "CostCenter"]
        );
    }
}
