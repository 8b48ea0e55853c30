//! Checks a resource's `Properties` against the embedded schema, on the
//! template as written: `Fn::If` branches are both checked, any other
//! intrinsic is judged only by what it can return (`Fn::Sub` and `Fn::Join`
//! return strings, `Fn::GetAZs` and `Fn::Split` return lists, `Fn::GetAtt`,
//! `Fn::Select` and `Fn::FindInMap` could return anything and are never
//! flagged). CloudFormation converts scalars loosely (`"80"` is a fine
//! integer, `"true"` a fine boolean), and so does this check.

use super::intrinsics::{intrinsic, is_pseudo_parameter};
use super::schema::{Flag, ResourceSchema, Shape, Ty, resource_schema};
use super::template::{Resource, Template};
use crate::parse::{Node, PathSeg, Value};
use crate::span::Span;

/// Deepest nesting checked.
const MAX_DEPTH: usize = 64;

/// A disagreement between a resource and its schema.
#[derive(Debug, Clone, PartialEq)]
pub enum Issue {
    /// A property the type does not have (or a read-only attribute).
    Unknown {
        key: String,
        span: Span,
        path: Vec<PathSeg>,
        /// The resource type or definition that lacks it.
        owner: String,
        suggestion: Option<&'static str>,
        read_only: bool,
    },
    /// A value of the wrong type.
    WrongType {
        span: Span,
        path: Vec<PathSeg>,
        expected: String,
        found: String,
    },
    /// Required properties that are absent.
    Missing {
        span: Span,
        path: Vec<PathSeg>,
        owner: String,
        names: Vec<&'static str>,
    },
}

/// What a value is, as far as types go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Scalar,
    Str,
    List,
    Object,
    Unknown,
}

struct Checker<'t, 'a> {
    template: &'t Template<'a>,
    schema: &'static ResourceSchema,
    issues: Vec<Issue>,
}

/// Transforms after which the template still has CloudFormation's own
/// resource properties; any other (a macro) may rewrite them.
const SCHEMA_SAFE_TRANSFORMS: &[&str] =
    &[super::template::SAM_TRANSFORM, "AWS::LanguageExtensions"];

/// The schema issues of one resource; empty when its type is not in the
/// catalogue (custom resources, SAM, modules, third-party types), when a
/// macro transforms the template, or when `Fn::Transform` (an include or a
/// macro) writes the resource's properties.
#[must_use]
pub fn check_resource(template: &Template<'_>, resource: &Resource<'_>) -> Vec<Issue> {
    let Some(schema) = resource.type_name.and_then(resource_schema) else {
        return Vec::new();
    };
    if template
        .transforms
        .iter()
        .any(|t| !SCHEMA_SAFE_TRANSFORMS.contains(t))
        || template
            .root
            .get("Transform")
            .is_some_and(|t| t.one_or_many().iter().any(|n| n.as_str().is_none()))
        || resource.properties.is_some_and(has_transform)
    {
        return Vec::new();
    }
    let mut c = Checker {
        template,
        schema,
        issues: Vec::new(),
    };
    match resource.properties {
        Some(props) => c.object(&schema.root, props, &mut Vec::new(), 0),
        None => {
            let names = required(&schema.root);
            if !names.is_empty() {
                c.issues.push(Issue::Missing {
                    span: resource.type_node.map_or(resource.id_span, |n| n.span),
                    path: Vec::new(),
                    owner: schema.type_name.to_string(),
                    names,
                });
            }
        }
    }
    c.issues
}

/// Whether `Fn::Transform` appears as a key anywhere in the properties.
fn has_transform(node: &Node) -> bool {
    let mut stack = vec![node];
    let mut visited = 0usize;
    while let Some(n) = stack.pop() {
        visited += 1;
        if visited > 100_000 {
            return true;
        }
        match &n.value {
            Value::Object(members) => {
                if members.iter().any(|m| m.key == "Fn::Transform") {
                    return true;
                }
                stack.extend(members.iter().map(|m| &m.value));
            }
            Value::Array(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
    false
}

/// A directive of a template pre-processor, replaced before CloudFormation
/// sees the template: `Rain::Embed: file` as a key, or a YAML tag that is
/// not a CloudFormation short form (`!Rain::S3 {…}`).
fn is_preprocessor_directive(node: &Node) -> bool {
    matches!(node.members(), [m] if m.key.contains("::") && !m.key.starts_with("Fn::") && m.key != "Ref")
        || (node.tag.is_some() && intrinsic(node).is_none())
}

/// Properties that `aws cloudformation package` (and `sam package`) replace
/// when they hold a local path, so a string there is not a type error.
const PACKAGED: &[(&str, &str)] = &[
    ("AWS::Lambda::Function", "Code"),
    ("AWS::Lambda::LayerVersion", "Content"),
    ("AWS::ApiGateway::RestApi", "BodyS3Location"),
    ("AWS::ApiGatewayV2::Api", "BodyS3Location"),
    ("AWS::ElasticBeanstalk::ApplicationVersion", "SourceBundle"),
    ("AWS::AppSync::GraphQLSchema", "DefinitionS3Location"),
    ("AWS::AppSync::Resolver", "RequestMappingTemplateS3Location"),
    (
        "AWS::AppSync::Resolver",
        "ResponseMappingTemplateS3Location",
    ),
    ("AWS::AppSync::Resolver", "CodeS3Location"),
    (
        "AWS::AppSync::FunctionConfiguration",
        "RequestMappingTemplateS3Location",
    ),
    (
        "AWS::AppSync::FunctionConfiguration",
        "ResponseMappingTemplateS3Location",
    ),
    ("AWS::AppSync::FunctionConfiguration", "CodeS3Location"),
    ("AWS::StepFunctions::StateMachine", "DefinitionS3Location"),
    ("AWS::CloudFormation::Stack", "TemplateURL"),
    ("AWS::CodeCommit::Repository", "Code"),
];

fn required(shape: &Shape) -> Vec<&'static str> {
    shape
        .props
        .iter()
        .filter(|p| p.flag == Flag::Required)
        .map(|p| p.name)
        .collect()
}

impl Checker<'_, '_> {
    fn object(&mut self, shape: &Shape, node: &Node, path: &mut Vec<PathSeg>, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        if let Some((func, arg)) = intrinsic(node) {
            if func == "Fn::If"
                && let [_, yes, no] = arg.items()
            {
                self.object(shape, yes, path, depth + 1);
                self.object(shape, no, path, depth + 1);
            }
            return;
        }
        let Value::Object(members) = &node.value else {
            return;
        };
        let mut has_loop = false;
        for m in members {
            if m.key.starts_with("Fn::") {
                // An Fn::ForEach::… loop left unexpanded (its collection is
                // unknown) writes properties we cannot see.
                has_loop = true;
                continue;
            }
            path.push(PathSeg::Key(m.key.clone()));
            let packaged = depth == 0
                && m.value.as_str().is_some()
                && PACKAGED.contains(&(self.schema.type_name, m.key.as_str()));
            match shape.prop(&m.key) {
                Some(_) if packaged => {}
                Some(p) if p.flag != Flag::ReadOnly => self.value(&p.ty, &m.value, path, depth + 1),
                found if !shape.open || found.is_some() => {
                    let read_only = found.is_some();
                    let suggestion = if read_only {
                        None
                    } else {
                        crate::suggest::did_you_mean(
                            &m.key,
                            shape
                                .props
                                .iter()
                                .filter(|p| p.flag != Flag::ReadOnly)
                                .map(|p| p.name),
                        )
                    };
                    self.issues.push(Issue::Unknown {
                        key: m.key.clone(),
                        span: m.key_span,
                        path: path.clone(),
                        owner: self.owner(shape),
                        suggestion,
                        read_only,
                    });
                }
                _ => {}
            }
            path.pop();
        }
        if has_loop {
            return;
        }
        let missing: Vec<&'static str> = required(shape)
            .into_iter()
            .filter(|name| node.member(name).is_none())
            .collect();
        if !missing.is_empty() {
            self.issues.push(Issue::Missing {
                span: node.span,
                path: path.clone(),
                owner: self.owner(shape),
                names: missing,
            });
        }
    }

    fn owner(&self, shape: &Shape) -> String {
        if shape.name == self.schema.type_name {
            shape.name.to_string()
        } else {
            format!(
                "{} {}",
                self.schema.type_name,
                shape.name.trim_start_matches('.')
            )
        }
    }

    fn value(&mut self, ty: &Ty, node: &Node, path: &mut Vec<PathSeg>, depth: usize) {
        if depth > MAX_DEPTH
            || matches!(ty, Ty::Any)
            || matches!(node.value, Value::Null)
            || is_preprocessor_directive(node)
        {
            return;
        }
        if let Some((func, arg)) = intrinsic(node) {
            if func == "Fn::If" {
                if let [_, yes, no] = arg.items() {
                    self.value(ty, yes, path, depth + 1);
                    self.value(ty, no, path, depth + 1);
                }
                return;
            }
            let kind = self.intrinsic_kind(func, arg);
            if !accepts_kind(ty, kind) {
                self.wrong(
                    ty,
                    node,
                    path,
                    format!("{func}, which returns {}", kind_name(kind)),
                );
            }
            return;
        }
        if !accepts_literal(ty, node) {
            self.wrong(ty, node, path, literal_name(node));
            return;
        }
        // Recurse into the structure the type describes.
        match (ty, &node.value) {
            (Ty::List(inner), Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(PathSeg::Index(i));
                    self.value(inner, item, path, depth + 1);
                    path.pop();
                }
            }
            (Ty::Def(i), Value::Object(_)) => {
                if let Some(shape) = self.schema.def(*i) {
                    self.object(shape, node, path, depth + 1);
                }
            }
            (Ty::Union(alts), _) => {
                if let Some(alt) = alts
                    .iter()
                    .find(|a| accepts_literal(a, node) && !matches!(a, Ty::String))
                {
                    let alt = alt.clone();
                    self.value(&alt, node, path, depth + 1);
                }
            }
            _ => {}
        }
    }

    fn wrong(&mut self, ty: &Ty, node: &Node, path: &[PathSeg], found: String) {
        self.issues.push(Issue::WrongType {
            span: node.span,
            path: path.to_vec(),
            expected: ty.describe(),
            found,
        });
    }

    fn intrinsic_kind(&self, func: &str, arg: &Node) -> Kind {
        match func {
            "Fn::Sub" | "Fn::Join" | "Fn::Base64" => Kind::Str,
            "Fn::GetAZs" | "Fn::Split" | "Fn::Cidr" => Kind::List,
            "Ref" => {
                let Some(name) = arg.as_str() else {
                    return Kind::Unknown;
                };
                if name == "AWS::NoValue" {
                    return Kind::Unknown;
                }
                if name == "AWS::NotificationARNs" {
                    return Kind::List;
                }
                if is_pseudo_parameter(name) {
                    return Kind::Str;
                }
                if let Some(p) = self.template.parameter(name) {
                    return if p.is_list() {
                        Kind::List
                    } else if p.type_name.is_some() {
                        Kind::Scalar
                    } else {
                        Kind::Unknown
                    };
                }
                if self.template.resource(name).is_some() {
                    return Kind::Scalar;
                }
                Kind::Unknown
            }
            _ => Kind::Unknown,
        }
    }
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Scalar => "a single value",
        Kind::Str => "a string",
        Kind::List => "a list",
        Kind::Object => "an object",
        Kind::Unknown => "a value",
    }
}

/// Whether a value of `kind` (from an intrinsic) can be of type `ty`.
fn accepts_kind(ty: &Ty, kind: Kind) -> bool {
    match (ty, kind) {
        (_, Kind::Unknown) | (Ty::Any, _) => true,
        (Ty::Union(alts), k) => alts.iter().any(|a| accepts_kind(a, k)),
        (Ty::List(_), k) => k == Kind::List,
        (Ty::Object | Ty::Def(_), k) => k == Kind::Object,
        // Scalars: a list is never one; a string converts (CloudFormation
        // checks the text at deploy time).
        (_, k) => k != Kind::List && k != Kind::Object,
    }
}

fn accepts_literal(ty: &Ty, node: &Node) -> bool {
    let text = node.scalar_text();
    match ty {
        Ty::Any => true,
        Ty::Union(alts) => alts.iter().any(|a| accepts_literal(a, node)),
        Ty::String => text.is_some(),
        Ty::Integer => text.is_some_and(|t| t.trim().parse::<i64>().is_ok()),
        Ty::Number => text.is_some_and(|t| t.trim().parse::<f64>().is_ok_and(f64::is_finite)),
        Ty::Boolean => {
            text.is_some_and(|t| t.eq_ignore_ascii_case("true") || t.eq_ignore_ascii_case("false"))
        }
        Ty::Object | Ty::Def(_) => node.is_object(),
        Ty::List(_) => node.is_array(),
    }
}

fn literal_name(node: &Node) -> String {
    match &node.value {
        Value::String(s) => {
            let shown: String = s.chars().take(40).collect();
            format!(
                "the string \"{shown}\"{}",
                if s.chars().count() > 40 { "…" } else { "" }
            )
        }
        Value::Number(n) => format!("the number {n}"),
        Value::Bool(b) => format!("the boolean {b}"),
        _ => format!("{} {}", article(node.type_name()), node.type_name()),
    }
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Limits, json::parse_json};

    fn issues(resources: &str) -> Vec<Issue> {
        let text = format!(
            r#"{{"Parameters": {{"Nets": {{"Type": "CommaDelimitedList"}}, "Port": {{"Type": "Number"}}}},
                 "Conditions": {{"C": {{"Fn::Equals": ["a", {{"Ref": "AWS::Region"}}]}}}},
                 "Resources": {{{resources}}}}}"#
        );
        let root = parse_json(&text, &Limits::default())
            .root
            .unwrap_or_default();
        let t = Template::new(&root);
        t.resources
            .iter()
            .flat_map(|r| check_resource(&t, r))
            .collect()
    }

    #[test]
    fn clean_resources_have_no_issues() {
        let found = issues(
            r#""Sg": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "d", "VpcId": {"Ref": "AWS::NoValue"},
                 "SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": "22", "ToPort": {"Ref": "Port"}, "CidrIp": {"Fn::Select": [0, {"Ref": "Nets"}]}}],
                 "Tags": {"Fn::If": ["C", [{"Key": "a", "Value": "b"}], {"Ref": "AWS::NoValue"}]}}},
               "Custom": {"Type": "Custom::Thing", "Properties": {"Anything": 1}},
               "Module": {"Type": {"Rain::Module": "x"}},
               "Sam": {"Type": "AWS::Serverless::Function", "Properties": {"Nope": 1}},
               "Loop": {"Type": "AWS::SNS::Topic", "Properties": {"Fn::ForEach::X": []}}"#,
        );
        assert_eq!(found, []);
    }

    #[test]
    fn finds_unknown_wrong_and_missing() {
        let found = issues(
            r#""Sg": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescriptoin": "d", "GroupId": "x",
                 "SecurityGroupIngress": {"Fn::If": ["C", [{"FromPort": "ssh", "IpProtocol": "tcp", "CidrIP": "0.0.0.0/0"}], {"Fn::Sub": "x"}]}}},
               "Bucket": {"Type": "AWS::S3::Bucket", "Properties": {"Tags": [{"Key": "k"}]}},
               "Subnet": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": "v", "MapPublicIpOnLaunch": "yes", "CidrBlock": {"Ref": "Nets"}}}"#,
        );
        let summary: Vec<String> = found
            .iter()
            .map(|i| match i {
                Issue::Unknown {
                    key,
                    suggestion,
                    read_only,
                    ..
                } => format!("unknown {key} {suggestion:?} {read_only}"),
                Issue::WrongType {
                    expected, found, ..
                } => format!("type {expected} / {found}"),
                Issue::Missing { names, owner, .. } => {
                    format!("missing {owner}: {}", names.join(","))
                }
            })
            .collect();
        assert_eq!(
            summary,
            [
                "unknown GroupDescriptoin Some(\"GroupDescription\") false",
                "unknown GroupId None true",
                "type an integer / the string \"ssh\"",
                "unknown CidrIP Some(\"CidrIp\") false",
                "type a list of objects / Fn::Sub, which returns a string",
                "missing AWS::EC2::SecurityGroup: GroupDescription",
                "missing AWS::S3::Bucket Tag: Value",
                "type a boolean / the string \"yes\"",
                "type a string / Ref, which returns a list",
            ]
        );
    }
}
