//! The CloudFormation template model, built leniently from the root [`Node`].
//!
//! Nothing here rejects a template: a section of the wrong shape is simply
//! empty, a resource whose `Type` is not a string keeps `type_name: None`, and
//! `Fn::ForEach::…` loops (language extensions) are kept aside, not read as
//! resources. Every part keeps the node it came from, so rules can point at
//! the exact key or value.

use std::collections::BTreeMap;

use crate::parse::Node;
use crate::span::Span;

/// The transform that turns a template into a SAM application.
pub const SAM_TRANSFORM: &str = "AWS::Serverless-2016-10-31";

/// A template parameter.
#[derive(Debug, Clone)]
pub struct Parameter<'a> {
    pub name: &'a str,
    pub name_span: Span,
    pub node: &'a Node,
    /// `String`, `Number`, `CommaDelimitedList`, `List<AWS::EC2::Subnet::Id>`, `AWS::SSM::Parameter::Value<…>` …
    pub type_name: Option<&'a str>,
    pub default: Option<&'a Node>,
    pub no_echo: bool,
    pub allowed_values: Vec<&'a Node>,
}

impl Parameter<'_> {
    /// Whether `Ref` to this parameter yields a list.
    #[must_use]
    pub fn is_list(&self) -> bool {
        self.type_name.is_some_and(|t| {
            let t = t.trim();
            t == "CommaDelimitedList"
                || t.starts_with("List<")
                || t.starts_with("AWS::SSM::Parameter::Value<List<")
                || t == "AWS::SSM::Parameter::Value<CommaDelimitedList>"
        })
    }

    /// Whether the value is read from SSM Parameter Store at deploy time, so
    /// the default is a parameter *name*, not the value.
    #[must_use]
    pub fn is_ssm(&self) -> bool {
        self.type_name
            .is_some_and(|t| t.trim().starts_with("AWS::SSM::Parameter::Value<"))
    }
}

/// A resource of the `Resources` section.
#[derive(Debug, Clone)]
pub struct Resource<'a> {
    pub id: &'a str,
    pub id_span: Span,
    /// The whole resource object.
    pub node: &'a Node,
    /// The `Type` when it is a string (`AWS::EC2::Instance`, `Custom::X`).
    pub type_name: Option<&'a str>,
    pub type_node: Option<&'a Node>,
    pub properties: Option<&'a Node>,
    pub condition: Option<&'a str>,
    pub depends_on: Vec<&'a str>,
    pub metadata: Option<&'a Node>,
    pub deletion_policy: Option<&'a str>,
}

impl Resource<'_> {
    /// Whether the resource has this type.
    #[must_use]
    pub fn is(&self, type_name: &str) -> bool {
        self.type_name == Some(type_name)
    }

    /// A property by name (last one wins, like the parsers).
    #[must_use]
    pub fn prop(&self, name: &str) -> Option<&Node> {
        self.properties.and_then(|p| p.get(name))
    }

    /// `Resources.<id>.Properties` as the start of a logical path.
    #[must_use]
    pub fn properties_path(&self) -> String {
        format!("Resources.{}.Properties", self.id)
    }
}

/// A named entry of `Outputs`, `Conditions` or `Mappings`.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub name: &'a str,
    pub name_span: Span,
    pub node: &'a Node,
}

/// A CloudFormation (or SAM) template.
#[derive(Debug, Clone)]
pub struct Template<'a> {
    pub root: &'a Node,
    pub parameters: Vec<Parameter<'a>>,
    pub mappings: Vec<Entry<'a>>,
    pub conditions: Vec<Entry<'a>>,
    /// Resources in source order (a repeated logical id keeps its last definition).
    pub resources: Vec<Resource<'a>>,
    pub outputs: Vec<Entry<'a>>,
    /// Transform names (`Transform` may be one name or a list).
    pub transforms: Vec<&'a str>,
    /// `Fn::ForEach::…` loops found where resources or outputs are declared.
    pub for_each: Vec<Entry<'a>>,
    resource_index: BTreeMap<&'a str, usize>,
    parameter_index: BTreeMap<&'a str, usize>,
}

impl<'a> Template<'a> {
    /// Reads the template parts from the root object; any shape is accepted.
    #[must_use]
    pub fn new(root: &'a Node) -> Template<'a> {
        let parameters: Vec<Parameter<'a>> = root
            .get("Parameters")
            .map(|p| p.members().iter().map(read_parameter).collect())
            .unwrap_or_default();
        let mut for_each = Vec::new();
        let mut resources: Vec<Resource<'a>> = Vec::new();
        let mut resource_index = BTreeMap::new();
        for m in root.get("Resources").map(Node::members).unwrap_or_default() {
            if m.key.starts_with("Fn::ForEach::") {
                for_each.push(entry(m));
                continue;
            }
            let res = read_resource(m);
            if let Some(&i) = resource_index.get(m.key.as_str()) {
                if let Some(slot) = resources.get_mut(i) {
                    *slot = res;
                }
            } else {
                resource_index.insert(m.key.as_str(), resources.len());
                resources.push(res);
            }
        }
        let mut outputs = Vec::new();
        for m in root.get("Outputs").map(Node::members).unwrap_or_default() {
            if m.key.starts_with("Fn::ForEach::") {
                for_each.push(entry(m));
            } else {
                outputs.push(entry(m));
            }
        }
        let entries = |key: &str| -> Vec<Entry<'a>> {
            root.get(key)
                .map(|n| n.members().iter().map(entry).collect())
                .unwrap_or_default()
        };
        let transforms = root
            .get("Transform")
            .map(|t| t.one_or_many().iter().filter_map(Node::as_str).collect())
            .unwrap_or_default();
        let parameter_index = parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p.name, i))
            .collect();
        Template {
            root,
            parameters,
            mappings: entries("Mappings"),
            conditions: entries("Conditions"),
            resources,
            outputs,
            transforms,
            for_each,
            resource_index,
            parameter_index,
        }
    }

    #[must_use]
    pub fn resource(&self, id: &str) -> Option<&Resource<'a>> {
        self.resource_index
            .get(id)
            .and_then(|&i| self.resources.get(i))
    }

    #[must_use]
    pub fn parameter(&self, name: &str) -> Option<&Parameter<'a>> {
        self.parameter_index
            .get(name)
            .and_then(|&i| self.parameters.get(i))
    }

    #[must_use]
    pub fn condition(&self, name: &str) -> Option<&'a Node> {
        self.conditions
            .iter()
            .rev()
            .find(|c| c.name == name)
            .map(|c| c.node)
    }

    #[must_use]
    pub fn mapping(&self, name: &str) -> Option<&'a Node> {
        self.mappings
            .iter()
            .rev()
            .find(|c| c.name == name)
            .map(|c| c.node)
    }

    /// Resources of one type, in source order.
    pub fn resources_of<'s>(
        &'s self,
        type_name: &'s str,
    ) -> impl Iterator<Item = &'s Resource<'a>> + 's {
        self.resources.iter().filter(move |r| r.is(type_name))
    }

    /// Whether the SAM transform is declared.
    #[must_use]
    pub fn is_sam(&self) -> bool {
        self.transforms.contains(&SAM_TRANSFORM)
    }
}

fn entry(m: &crate::parse::Member) -> Entry<'_> {
    Entry {
        name: &m.key,
        name_span: m.key_span,
        node: &m.value,
    }
}

fn read_parameter(m: &crate::parse::Member) -> Parameter<'_> {
    let node = &m.value;
    let no_echo = node
        .get("NoEcho")
        .and_then(|n| n.scalar_text())
        .is_some_and(|t| t.eq_ignore_ascii_case("true"));
    Parameter {
        name: &m.key,
        name_span: m.key_span,
        node,
        type_name: node.get("Type").and_then(Node::as_str),
        default: node.get("Default"),
        no_echo,
        allowed_values: node
            .get("AllowedValues")
            .map(|a| a.items().iter().collect())
            .unwrap_or_default(),
    }
}

fn read_resource(m: &crate::parse::Member) -> Resource<'_> {
    let node = &m.value;
    let type_node = node.get("Type");
    Resource {
        id: &m.key,
        id_span: m.key_span,
        node,
        type_name: type_node.and_then(Node::as_str),
        type_node,
        properties: node.get("Properties"),
        condition: node.get("Condition").and_then(Node::as_str),
        depends_on: node
            .get("DependsOn")
            .map(|d| d.one_or_many().iter().filter_map(Node::as_str).collect())
            .unwrap_or_default(),
        metadata: node.get("Metadata"),
        deletion_policy: node.get("DeletionPolicy").and_then(Node::as_str),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::json::json_tree as parse;

    #[test]
    fn reads_every_section() {
        let root = parse(
            r#"{
              "Transform": "AWS::Serverless-2016-10-31",
              "Parameters": {"Env": {"Type": "String", "Default": "prod", "AllowedValues": ["dev", "prod"]},
                             "Pw": {"Type": "String", "NoEcho": "true"},
                             "Subnets": {"Type": "List<AWS::EC2::Subnet::Id>"}},
              "Mappings": {"M": {"a": {"b": "c"}}},
              "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}},
              "Resources": {
                "B": {"Type": "AWS::S3::Bucket", "Condition": "IsProd", "DependsOn": ["F"],
                      "DeletionPolicy": "Retain", "Metadata": {}, "Properties": {"BucketName": "x"}},
                "F": {"Type": "AWS::Serverless::Function"},
                "Mod": {"Type": {"Rain::Module": "m.yaml"}},
                "Fn::ForEach::Topics": ["T", ["a", "b"], {"Topic${T}": {"Type": "AWS::SNS::Topic"}}]
              },
              "Outputs": {"O": {"Value": {"Ref": "B"}}}
            }"#,
        );
        let t = Template::new(&root);
        assert!(t.is_sam());
        assert_eq!(t.parameters.len(), 3);
        assert!(t.parameter("Pw").is_some_and(|p| p.no_echo));
        assert!(t.parameter("Subnets").is_some_and(Parameter::is_list));
        assert_eq!(t.parameter("Env").map(|p| p.allowed_values.len()), Some(2));
        assert!(t.mapping("M").is_some());
        assert!(t.condition("IsProd").is_some());
        let b = t.resource("B");
        assert_eq!(b.and_then(|b| b.type_name), Some("AWS::S3::Bucket"));
        assert_eq!(b.and_then(|b| b.condition), Some("IsProd"));
        assert_eq!(b.map(|b| b.depends_on.clone()), Some(vec!["F"]));
        assert_eq!(b.and_then(|b| b.deletion_policy), Some("Retain"));
        assert!(b.and_then(|b| b.prop("BucketName")).is_some());
        let m = t.resource("Mod");
        assert!(m.is_some_and(|m| m.type_name.is_none() && m.type_node.is_some()));
        assert_eq!(t.resources.len(), 3);
        assert_eq!(t.for_each.len(), 1);
        assert_eq!(t.outputs.len(), 1);
    }

    #[test]
    fn any_shape_is_accepted() {
        for text in [
            "[]",
            "1",
            r#"{"Resources": []}"#,
            r#"{"Resources": {"A": 1, "B": {"Type": 3}}}"#,
            r#"{"Parameters": {"P": []}, "Transform": [1, "x"]}"#,
        ] {
            let root = parse(text);
            let t = Template::new(&root);
            assert!(t.resources.iter().all(|r| r.type_name.is_none()));
        }
    }
}
