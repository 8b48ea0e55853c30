//! Every policy document embedded in a template, with its policy type, a
//! logical location, and a resolved copy per `Fn::If` scenario whose spans
//! point into the template.
//!
//! Read: role trust policies (`AssumeRolePolicyDocument`) and inline policies
//! (`Policies[].PolicyDocument`) of roles, users and groups;
//! `AWS::IAM::Policy`, `ManagedPolicy`, `RolePolicy`, `UserPolicy`,
//! `GroupPolicy`; KMS key policies; S3 bucket and access point policies; SNS
//! topic and SQS queue policies (also the `…InlinePolicy` types); Secrets
//! Manager resource policies; ECR repository, EFS file system, OpenSearch and
//! Elasticsearch domain, API Gateway REST API and VPC endpoint policies;
//! AWS Organizations policies (SCP or RCP by `Type`); SAM functions' and
//! state machines' `Policies` (inline documents, not policy templates) and
//! `AssumeRolePolicyDocument`. An `AWS::Lambda::Permission` becomes a
//! one-statement resource policy built from its properties (flagged
//! `synthesized`). Documents written as JSON strings are parsed, with every
//! span set to the string's span.
//!
//! [`managed_policy_attachments`] lists the managed policies attached by ARN
//! (`ManagedPolicyArns`, SAM `Policies` names and ARNs).

use super::branches::{key, property_path};
use super::conditions::Branches;
use super::intrinsics::Resolver;
use super::template::{Resource, Template};
use crate::iam::eval::Arn;
use crate::parse::{Limits, Member, Node, PathSeg, Value};
use crate::span::Span;

/// The kinds of IAM policy: the same names as `iam::policy::PolicyType` on
/// branch `iameval` (without `Session`, which templates do not hold), so that
/// this enum can become a re-export of that one when it lands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PolicyType {
    /// Attached to a user, group or role.
    Identity,
    /// Attached to a resource (bucket, key, queue …); has a `Principal`.
    Resource,
    /// A role's trust policy.
    Trust,
    /// An AWS Organizations service control policy.
    Scp,
    /// An AWS Organizations resource control policy.
    Rcp,
    /// A permissions boundary (a managed policy used as one).
    PermissionsBoundary,
}

/// One scenario's resolved document.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedDocument {
    /// Empty, or words such as " (when condition IsProd is true)".
    pub when: String,
    pub document: Node,
}

/// A policy document found in a template.
#[derive(Debug, Clone)]
pub struct EmbeddedPolicy<'a> {
    pub policy_type: PolicyType,
    pub resource_id: &'a str,
    pub resource_type: &'a str,
    /// `Resources.Role.Properties.Policies[0].PolicyDocument`.
    pub logical_path: String,
    /// The document as written (an object, a string, or intrinsics); for a
    /// synthesized policy, the resource's `Properties`.
    pub raw: &'a Node,
    /// "inline policy S3Access of role AppRole", "key policy of KMS key DataKey" …
    pub description: String,
    /// Built from a resource's properties (`AWS::Lambda::Permission`), not written as a document.
    pub synthesized: bool,
    /// The resolved document in each distinct scenario (identical ones merged).
    pub documents: Vec<ResolvedDocument>,
}

/// A managed policy attached by ARN or name.
#[derive(Debug, Clone, PartialEq)]
pub struct ManagedAttachment {
    pub resource_id: String,
    /// The resolved ARN (symbolic parts as [`SYMBOLIC`](crate::parse::node::SYMBOLIC)).
    pub arn: String,
    pub span: Span,
    pub logical_path: String,
}

/// The name, with its path (`service-role/…`, `job-function/…`), of an AWS
/// managed policy ARN `arn:<partition>:iam::aws:policy/…`; `None` for any
/// other ARN (a customer managed policy's has an account ID).
#[must_use]
pub fn aws_managed_policy_name(arn: &str) -> Option<&str> {
    let arn = Arn::parse(arn)?;
    if arn.service != "iam" || !arn.region.is_empty() || arn.account != "aws" {
        return None;
    }
    arn.resource.strip_prefix("policy/")
}

/// Resource type, property, policy type, and a noun for descriptions.
const DOCUMENT_PROPERTIES: &[(&str, &str, PolicyType, &str)] = &[
    (
        "AWS::IAM::Role",
        "AssumeRolePolicyDocument",
        PolicyType::Trust,
        "trust policy of role",
    ),
    (
        "AWS::IAM::Policy",
        "PolicyDocument",
        PolicyType::Identity,
        "policy",
    ),
    (
        "AWS::IAM::ManagedPolicy",
        "PolicyDocument",
        PolicyType::Identity,
        "managed policy",
    ),
    (
        "AWS::IAM::RolePolicy",
        "PolicyDocument",
        PolicyType::Identity,
        "role policy",
    ),
    (
        "AWS::IAM::UserPolicy",
        "PolicyDocument",
        PolicyType::Identity,
        "user policy",
    ),
    (
        "AWS::IAM::GroupPolicy",
        "PolicyDocument",
        PolicyType::Identity,
        "group policy",
    ),
    (
        "AWS::KMS::Key",
        "KeyPolicy",
        PolicyType::Resource,
        "key policy of KMS key",
    ),
    (
        "AWS::KMS::ReplicaKey",
        "KeyPolicy",
        PolicyType::Resource,
        "key policy of KMS replica key",
    ),
    (
        "AWS::S3::BucketPolicy",
        "PolicyDocument",
        PolicyType::Resource,
        "bucket policy",
    ),
    (
        "AWS::S3::AccessPoint",
        "Policy",
        PolicyType::Resource,
        "policy of S3 access point",
    ),
    (
        "AWS::SNS::TopicPolicy",
        "PolicyDocument",
        PolicyType::Resource,
        "topic policy",
    ),
    (
        "AWS::SNS::TopicInlinePolicy",
        "PolicyDocument",
        PolicyType::Resource,
        "topic policy",
    ),
    (
        "AWS::SQS::QueuePolicy",
        "PolicyDocument",
        PolicyType::Resource,
        "queue policy",
    ),
    (
        "AWS::SQS::QueueInlinePolicy",
        "PolicyDocument",
        PolicyType::Resource,
        "queue policy",
    ),
    (
        "AWS::SecretsManager::ResourcePolicy",
        "ResourcePolicy",
        PolicyType::Resource,
        "secret resource policy",
    ),
    (
        "AWS::EC2::VPCEndpoint",
        "PolicyDocument",
        PolicyType::Resource,
        "policy of VPC endpoint",
    ),
    (
        "AWS::ECR::Repository",
        "RepositoryPolicyText",
        PolicyType::Resource,
        "repository policy of ECR repository",
    ),
    (
        "AWS::EFS::FileSystem",
        "FileSystemPolicy",
        PolicyType::Resource,
        "file system policy of EFS file system",
    ),
    (
        "AWS::OpenSearchService::Domain",
        "AccessPolicies",
        PolicyType::Resource,
        "access policy of OpenSearch domain",
    ),
    (
        "AWS::Elasticsearch::Domain",
        "AccessPolicies",
        PolicyType::Resource,
        "access policy of Elasticsearch domain",
    ),
    (
        "AWS::ApiGateway::RestApi",
        "Policy",
        PolicyType::Resource,
        "resource policy of REST API",
    ),
    (
        "AWS::Serverless::Function",
        "AssumeRolePolicyDocument",
        PolicyType::Trust,
        "trust policy of SAM function",
    ),
];

/// Every policy document in the template, in resource order.
#[must_use]
pub fn embedded_policies<'a>(template: &Template<'a>) -> Vec<EmbeddedPolicy<'a>> {
    let mut out = Vec::new();
    for res in &template.resources {
        let (Some(ty), Some(props)) = (res.type_name, res.properties) else {
            continue;
        };
        for &(_, prop, policy_type, noun) in DOCUMENT_PROPERTIES.iter().filter(|d| d.0 == ty) {
            if let Some(doc) = props.get(prop) {
                let description = format!("{noun} {}{}", res.id, attached_to(template, res));
                out.push(policy(
                    template,
                    res,
                    doc,
                    vec![key(prop)],
                    policy_type,
                    description,
                ));
            }
        }
        match ty {
            "AWS::IAM::Role" | "AWS::IAM::User" | "AWS::IAM::Group" => {
                inline_policies(template, res, props, &mut out);
            }
            "AWS::Organizations::Policy" => organizations(template, res, props, &mut out),
            "AWS::Lambda::Permission" => {
                if let Some(doc) = lambda_permission(props) {
                    let mut p = policy(
                        template,
                        res,
                        props,
                        Vec::new(),
                        PolicyType::Resource,
                        format!("Lambda permission {}", res.id),
                    );
                    p.synthesized = true;
                    p.logical_path = format!("Resources.{}.Properties", res.id);
                    p.documents = resolve_documents(template, res, &doc);
                    out.push(p);
                }
            }
            "AWS::Serverless::Function" | "AWS::Serverless::StateMachine" => {
                sam_policies(template, res, props, &mut out);
            }
            _ => {}
        }
    }
    out
}

fn noun_of(ty: &str) -> &'static str {
    match ty {
        "AWS::IAM::Role" => "role",
        "AWS::IAM::User" => "user",
        "AWS::IAM::Group" => "group",
        "AWS::Serverless::Function" => "SAM function",
        "AWS::Serverless::StateMachine" => "SAM state machine",
        _ => "resource",
    }
}

fn inline_policies<'a>(
    template: &Template<'a>,
    res: &Resource<'a>,
    props: &'a Node,
    out: &mut Vec<EmbeddedPolicy<'a>>,
) {
    let Some(list) = props.get("Policies") else {
        return;
    };
    let noun = noun_of(res.type_name.unwrap_or(""));
    for (i, item) in list.items().iter().enumerate() {
        let Some(doc) = item.get("PolicyDocument") else {
            continue;
        };
        let name = item
            .get("PolicyName")
            .and_then(Node::as_str)
            .map(|n| format!(" {n}"))
            .unwrap_or_default();
        out.push(policy(
            template,
            res,
            doc,
            vec![key("Policies"), PathSeg::Index(i), key("PolicyDocument")],
            PolicyType::Identity,
            format!("inline policy{name} of {noun} {}", res.id),
        ));
    }
}

fn organizations<'a>(
    template: &Template<'a>,
    res: &Resource<'a>,
    props: &'a Node,
    out: &mut Vec<EmbeddedPolicy<'a>>,
) {
    let kind = match props.get("Type").and_then(Node::as_str) {
        Some("SERVICE_CONTROL_POLICY") => PolicyType::Scp,
        Some("RESOURCE_CONTROL_POLICY") => PolicyType::Rcp,
        // Tag, backup, AI opt-out and chat policies are not IAM documents.
        _ => return,
    };
    if let Some(doc) = props.get("Content") {
        out.push(policy(
            template,
            res,
            doc,
            vec![key("Content")],
            kind,
            format!("Organizations policy {}", res.id),
        ));
    }
}

/// SAM `Policies`: one document, or a list mixing managed policy names,
/// documents and policy templates (`{S3ReadPolicy: …}`, which are not read).
fn sam_policies<'a>(
    template: &Template<'a>,
    res: &Resource<'a>,
    props: &'a Node,
    out: &mut Vec<EmbeddedPolicy<'a>>,
) {
    let Some(policies) = props.get("Policies") else {
        return;
    };
    let noun = noun_of(res.type_name.unwrap_or(""));
    if policies.get("Statement").is_some() {
        out.push(policy(
            template,
            res,
            policies,
            vec![key("Policies")],
            PolicyType::Identity,
            format!("inline policy of {noun} {}", res.id),
        ));
        return;
    }
    for (i, item) in policies.items().iter().enumerate() {
        if item.get("Statement").is_some() {
            out.push(policy(
                template,
                res,
                item,
                vec![key("Policies"), PathSeg::Index(i)],
                PolicyType::Identity,
                format!("inline policy {} of {noun} {}", i, res.id),
            ));
        }
    }
}

fn attached_to(template: &Template<'_>, res: &Resource<'_>) -> String {
    let mut names = Vec::new();
    for (prop, noun) in [
        ("Roles", "role"),
        ("Users", "user"),
        ("Groups", "group"),
        ("RoleName", "role"),
        ("UserName", "user"),
        ("GroupName", "group"),
    ] {
        if let Some(n) = res.prop(prop) {
            for id in super::intrinsics::referenced_resources(template, n) {
                names.push(format!("{noun} {id}"));
            }
        }
    }
    if names.is_empty() {
        String::new()
    } else {
        format!(" (attached to {})", names.join(", "))
    }
}

fn policy<'a>(
    template: &Template<'a>,
    res: &Resource<'a>,
    raw: &'a Node,
    path: Vec<PathSeg>,
    policy_type: PolicyType,
    description: String,
) -> EmbeddedPolicy<'a> {
    EmbeddedPolicy {
        policy_type,
        resource_id: res.id,
        resource_type: res.type_name.unwrap_or(""),
        logical_path: property_path(res.id, &path),
        raw,
        description,
        synthesized: false,
        documents: resolve_documents(template, res, raw),
    }
}

/// The document resolved in each scenario; a JSON string is parsed.
fn resolve_documents(
    template: &Template<'_>,
    res: &Resource<'_>,
    raw: &Node,
) -> Vec<ResolvedDocument> {
    let branches = Branches::of(template, raw, res.condition);
    let mut found: Vec<(Node, Vec<usize>)> = Vec::new();
    for (i, scenario) in branches.scenarios.iter().enumerate() {
        let Some(doc) = Resolver::new(template, scenario).resolve(raw) else {
            continue;
        };
        let doc = match &doc.value {
            Value::String(text) => match parse_string_document(text, doc.span) {
                Some(parsed) => parsed,
                None => doc,
            },
            _ => doc,
        };
        match found.iter_mut().find(|(d, _)| *d == doc) {
            Some((_, hits)) => hits.push(i),
            None => found.push((doc, vec![i])),
        }
    }
    found
        .into_iter()
        .map(|(document, hits)| ResolvedDocument {
            when: branches.describe(&hits),
            document,
        })
        .collect()
}

fn parse_string_document(text: &str, span: Span) -> Option<Node> {
    let trimmed = text.trim_start();
    if !trimmed.starts_with('{') {
        return None;
    }
    let parsed = crate::parse::json::parse_json(text, &Limits::default()).root?;
    Some(parsed.placed_at(span))
}

/// A one-statement resource policy equivalent to a Lambda permission, built
/// from the property nodes so that its spans point at them.
fn lambda_permission(props: &Node) -> Option<Node> {
    let at = |k: &str| props.get(k);
    let principal = at("Principal")?;
    let member = |k: &str, v: Node| Member {
        key: k.to_string(),
        key_span: v.span,
        value: v,
    };
    let obj = |span: Span, members: Vec<Member>| Node::new(span, Value::Object(members));
    let principal_kind = match principal.as_str() {
        Some(p) if p.ends_with(".amazonaws.com") || p.ends_with(".amazonaws.com.cn") => "Service",
        _ => "AWS",
    };
    let mut statement = vec![
        member(
            "Effect",
            Node::new(props.span, Value::String("Allow".into())),
        ),
        member(
            "Principal",
            obj(
                principal.span,
                vec![member(principal_kind, principal.clone())],
            ),
        ),
    ];
    if let Some(action) = at("Action") {
        statement.push(member("Action", action.clone()));
    }
    if let Some(function) = at("FunctionName") {
        statement.push(member("Resource", function.clone()));
    }
    let mut conditions = Vec::new();
    if let Some(arn) = at("SourceArn") {
        conditions.push(member(
            "ArnLike",
            obj(arn.span, vec![member("aws:SourceArn", arn.clone())]),
        ));
    }
    let mut equals = Vec::new();
    if let Some(account) = at("SourceAccount") {
        equals.push(member("aws:SourceAccount", account.clone()));
    }
    if let Some(org) = at("PrincipalOrgID") {
        equals.push(member("aws:PrincipalOrgID", org.clone()));
    }
    if let Some(auth) = at("FunctionUrlAuthType") {
        equals.push(member("lambda:FunctionUrlAuthType", auth.clone()));
    }
    if !equals.is_empty() {
        conditions.push(member("StringEquals", obj(props.span, equals)));
    }
    if !conditions.is_empty() {
        statement.push(member("Condition", obj(props.span, conditions)));
    }
    Some(obj(
        props.span,
        vec![
            member(
                "Version",
                Node::new(props.span, Value::String("2012-10-17".into())),
            ),
            member(
                "Statement",
                Node::new(props.span, Value::Array(vec![obj(props.span, statement)])),
            ),
        ],
    ))
}

/// Managed policies attached by ARN: `ManagedPolicyArns` of roles, users and
/// groups (and SAM functions), and the names or ARNs in SAM `Policies`.
#[must_use]
pub fn managed_policy_attachments(template: &Template<'_>) -> Vec<ManagedAttachment> {
    let mut out = Vec::new();
    let scenario = super::Scenario::default();
    let resolver = Resolver::new(template, &scenario);
    for res in &template.resources {
        let Some(props) = res.properties else {
            continue;
        };
        let sam = matches!(
            res.type_name,
            Some("AWS::Serverless::Function" | "AWS::Serverless::StateMachine")
        );
        let iam = matches!(
            res.type_name,
            Some("AWS::IAM::Role" | "AWS::IAM::User" | "AWS::IAM::Group")
        );
        let mut lists: Vec<(&str, &Node)> = Vec::new();
        if (iam || sam)
            && let Some(n) = props.get("ManagedPolicyArns")
        {
            lists.push(("ManagedPolicyArns", n));
        }
        if sam && let Some(n) = props.get("Policies") {
            lists.push(("Policies", n));
        }
        for (prop, list) in lists {
            let Some(resolved) = resolver.resolve(list) else {
                continue;
            };
            for (i, item) in resolved.one_or_many().iter().enumerate() {
                let Some(text) = item.as_str() else { continue };
                let arn = if text.starts_with("arn:") || crate::parse::node::is_symbolic(text) {
                    text.to_string()
                } else {
                    // SAM accepts AWS managed policy names.
                    format!("arn:aws:iam::aws:policy/{text}")
                };
                let path = if list.is_array() {
                    vec![key(prop), PathSeg::Index(i)]
                } else {
                    vec![key(prop)]
                };
                out.push(ManagedAttachment {
                    resource_id: res.id.to_string(),
                    arn,
                    span: item.span,
                    logical_path: property_path(res.id, &path),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::json::json_tree as parse;
    use crate::parse::node::SYMBOLIC;

    const TEMPLATE: &str = r#"{
      "Transform": "AWS::Serverless-2016-10-31",
      "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "AWS::StackName"}, "prod"]}},
      "Resources": {
        "Bucket": {"Type": "AWS::S3::Bucket"},
        "Role": {"Type": "AWS::IAM::Role", "Properties": {
          "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
          "ManagedPolicyArns": ["arn:aws:iam::aws:policy/AmazonS3FullAccess", {"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/AmazonAthenaFullAccess"}],
          "Policies": [{"PolicyName": "S3", "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
             "Resource": {"Fn::If": ["IsProd", {"Fn::Sub": "arn:${AWS::Partition}:s3:::${Bucket}/*"}, "*"]}}]}}]}},
        "Pol": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyName": "p", "Roles": [{"Ref": "Role"}], "PolicyDocument": {"Statement": []}}},
        "Key": {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": {"Statement": []}}},
        "BP": {"Type": "AWS::S3::BucketPolicy", "Properties": {"Bucket": {"Ref": "Bucket"}, "PolicyDocument": {"Statement": []}}},
        "TP": {"Type": "AWS::SNS::TopicPolicy", "Properties": {"Topics": [], "PolicyDocument": {"Statement": []}}},
        "QP": {"Type": "AWS::SQS::QueuePolicy", "Properties": {"Queues": [], "PolicyDocument": {"Statement": []}}},
        "SP": {"Type": "AWS::SecretsManager::ResourcePolicy", "Properties": {"SecretId": "s", "ResourcePolicy": {"Statement": []}}},
        "Ep": {"Type": "AWS::EC2::VPCEndpoint", "Properties": {"ServiceName": "s3", "VpcId": "v", "PolicyDocument": {"Statement": []}}},
        "Perm": {"Type": "AWS::Lambda::Permission", "Properties": {"Action": "lambda:InvokeFunction", "FunctionName": "f", "Principal": "s3.amazonaws.com", "SourceAccount": {"Ref": "AWS::AccountId"}}},
        "Scp": {"Type": "AWS::Organizations::Policy", "Properties": {"Type": "SERVICE_CONTROL_POLICY", "Name": "n", "Content": "{\"Version\": \"2012-10-17\", \"Statement\": []}"}},
        "Fn": {"Type": "AWS::Serverless::Function", "Properties": {"Policies": ["AWSLambdaExecute", {"S3ReadPolicy": {"BucketName": "b"}}, {"Statement": [{"Effect": "Allow", "Action": "sqs:*", "Resource": "*"}]}]}}
      }
    }"#;

    #[test]
    fn aws_managed_policy_names_from_arns() {
        assert_eq!(
            aws_managed_policy_name("arn:aws:iam::aws:policy/AmazonS3FullAccess"),
            Some("AmazonS3FullAccess")
        );
        assert_eq!(
            aws_managed_policy_name("arn:aws-cn:iam::aws:policy/job-function/SystemAdministrator"),
            Some("job-function/SystemAdministrator")
        );
        assert_eq!(
            aws_managed_policy_name(
                "arn:aws:iam::aws:policy/service-role/AmazonElasticMapReduceforEC2Role"
            ),
            Some("service-role/AmazonElasticMapReduceforEC2Role")
        );
        for other in [
            "arn:aws:iam::123456789012:policy/AmazonS3FullAccess",
            "arn:aws:iam::aws:role/AdministratorAccess",
            "arn:aws:s3::aws:policy/x",
            "arn:aws:iam:us-east-1:aws:policy/x",
            "aws:iam::aws:policy/x",
            "arn:aws:iam::aws",
        ] {
            assert_eq!(aws_managed_policy_name(other), None, "{other}");
        }
    }

    #[test]
    fn finds_every_policy_with_its_type() {
        let root = parse(TEMPLATE);
        let t = Template::new(&root);
        let found: Vec<(PolicyType, String)> = embedded_policies(&t)
            .iter()
            .map(|p| (p.policy_type, p.logical_path.clone()))
            .collect();
        let expect = [
            (
                PolicyType::Trust,
                "Resources.Role.Properties.AssumeRolePolicyDocument",
            ),
            (
                PolicyType::Identity,
                "Resources.Role.Properties.Policies[0].PolicyDocument",
            ),
            (
                PolicyType::Identity,
                "Resources.Pol.Properties.PolicyDocument",
            ),
            (PolicyType::Resource, "Resources.Key.Properties.KeyPolicy"),
            (
                PolicyType::Resource,
                "Resources.BP.Properties.PolicyDocument",
            ),
            (
                PolicyType::Resource,
                "Resources.TP.Properties.PolicyDocument",
            ),
            (
                PolicyType::Resource,
                "Resources.QP.Properties.PolicyDocument",
            ),
            (
                PolicyType::Resource,
                "Resources.SP.Properties.ResourcePolicy",
            ),
            (
                PolicyType::Resource,
                "Resources.Ep.Properties.PolicyDocument",
            ),
            (PolicyType::Resource, "Resources.Perm.Properties"),
            (PolicyType::Scp, "Resources.Scp.Properties.Content"),
            (PolicyType::Identity, "Resources.Fn.Properties.Policies[2]"),
        ];
        let expect: Vec<(PolicyType, String)> =
            expect.iter().map(|(t, p)| (*t, (*p).to_string())).collect();
        assert_eq!(found, expect);
    }

    #[test]
    fn documents_are_resolved_per_branch() {
        let root = parse(TEMPLATE);
        let t = Template::new(&root);
        let policies = embedded_policies(&t);
        let inline = policies
            .iter()
            .find(|p| p.logical_path.contains("Policies[0]"));
        let docs = inline.map(|p| p.documents.clone()).unwrap_or_default();
        assert_eq!(docs.len(), 2);
        let resources: Vec<(String, String)> = docs
            .iter()
            .map(|d| {
                let r = d
                    .document
                    .get("Statement")
                    .and_then(|s| s.items().first())
                    .and_then(|s| s.get("Resource"));
                (
                    r.and_then(Node::as_str).unwrap_or("").to_string(),
                    d.when.clone(),
                )
            })
            .collect();
        assert_eq!(
            resources,
            [
                (
                    format!("arn:aws:s3:::{SYMBOLIC}/*"),
                    " (when condition IsProd is true)".to_string()
                ),
                (
                    "*".to_string(),
                    " (when condition IsProd is false)".to_string()
                ),
            ]
        );
        assert!(inline.is_some_and(|p| p.description == "inline policy S3 of role Role"));
        let pol = policies.iter().find(|p| p.resource_id == "Pol");
        assert!(pol.is_some_and(|p| p.description == "policy Pol (attached to role Role)"));
        let scp = policies.iter().find(|p| p.resource_id == "Scp");
        assert!(scp.is_some_and(|p| {
            p.documents
                .first()
                .is_some_and(|d| d.document.get("Statement").is_some())
        }));
        let perm = policies.iter().find(|p| p.resource_id == "Perm");
        let stmt = perm
            .and_then(|p| p.documents.first())
            .and_then(|d| d.document.get("Statement"))
            .and_then(|s| s.items().first().cloned())
            .unwrap_or_default();
        assert_eq!(
            stmt.get("Principal")
                .and_then(|p| p.get("Service"))
                .and_then(Node::as_str),
            Some("s3.amazonaws.com")
        );
        assert!(
            stmt.get("Condition")
                .and_then(|c| c.get("StringEquals"))
                .is_some()
        );
    }

    #[test]
    fn managed_policies_by_arn_and_name() {
        let root = parse(TEMPLATE);
        let t = Template::new(&root);
        let arns: Vec<String> = managed_policy_attachments(&t)
            .into_iter()
            .map(|a| a.arn)
            .collect();
        assert_eq!(
            arns,
            [
                "arn:aws:iam::aws:policy/AmazonS3FullAccess",
                "arn:aws:iam::aws:policy/AmazonAthenaFullAccess",
                "arn:aws:iam::aws:policy/AWSLambdaExecute",
            ]
        );
    }
}
