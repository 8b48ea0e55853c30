//! Intrinsic functions, resolved where the template says what they yield and
//! symbolic where only deployment knows.
//!
//! [`Resolver::resolve`] returns a *resolved copy* of a subtree: the same
//! spans, every intrinsic object replaced by its value (a string, a list …)
//! for one [`Scenario`] of the template's conditions, `AWS::NoValue` removed.
//! Text that only exists at deploy time (a resource's physical id,
//! `AWS::AccountId`, an imported value) is written as
//! [`SYMBOLIC`](crate::parse::node::SYMBOLIC) inside strings, so
//! `!Sub arn:${AWS::Partition}:s3:::${Bucket}/*` becomes `arn:aws:s3:::\u{E000}/*`.
//! A value that is wholly unknown (a list from `Fn::GetAZs`, a `Fn::GetAtt`)
//! is the one-character string `"\u{E000}"`.
//!
//! Resolution is bounded: nesting deeper than [`MAX_DEPTH`], more than
//! [`MAX_NODES`] produced nodes or strings longer than [`MAX_STRING`] turn
//! into symbolic values instead of exhausting the stack or memory.
//!
//! `Fn::Base64` keeps the plain text it encodes (rules read that text);
//! parameter defaults stand for the parameter's value, as the template's
//! author declared them.

use std::cell::Cell;

use super::conditions::Scenario;
use super::template::Template;
use crate::parse::node::{SYMBOLIC, is_symbolic};
use crate::parse::{Member, Node, Value};
use crate::span::Span;

/// Deepest nesting resolved; deeper values are symbolic.
pub const MAX_DEPTH: usize = 200;
/// Most nodes one resolution may produce.
pub const MAX_NODES: usize = 500_000;
/// Longest string one resolution may build, in bytes.
pub const MAX_STRING: usize = 1 << 20;

/// The function name and argument of an intrinsic object: an object with a
/// single member `Ref`, `Condition` or `Fn::…` (but not the `Fn::ForEach::…`
/// loop key, which is a declaration, not a value).
#[must_use]
pub fn intrinsic(node: &Node) -> Option<(&str, &Node)> {
    match node.members() {
        [m] if m.key == "Ref"
            || m.key == "Condition"
            || (m.key.starts_with("Fn::") && !m.key.starts_with("Fn::ForEach::")) =>
        {
            Some((m.key.as_str(), &m.value))
        }
        _ => None,
    }
}

/// The value of pseudo parameter `name` when it is the same for every stack
/// this linter is asked about; `None` for the ones only deployment knows.
#[must_use]
pub fn pseudo_parameter(name: &str) -> Option<&'static str> {
    match name {
        "AWS::Partition" => Some("aws"),
        "AWS::URLSuffix" => Some("amazonaws.com"),
        _ => None,
    }
}

/// Whether `name` is a pseudo parameter (`AWS::Region` …).
#[must_use]
pub fn is_pseudo_parameter(name: &str) -> bool {
    matches!(
        name,
        "AWS::AccountId"
            | "AWS::NotificationARNs"
            | "AWS::NoValue"
            | "AWS::Partition"
            | "AWS::Region"
            | "AWS::StackId"
            | "AWS::StackName"
            | "AWS::URLSuffix"
    )
}

/// A wholly unknown value at `span`.
#[must_use]
pub fn symbolic(span: Span) -> Node {
    Node::new(span, Value::String(SYMBOLIC.to_string()))
}

/// Stand-in values for what only deployment knows, for analyses that must
/// compare values across resources (is the role an EMRFS mapping names by
/// `!GetAtt AdminRole.Arn` the one whose trust policy says
/// `!Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/Admin`?). Every
/// `AWS::AccountId` of one stack is the same account, and every reference to
/// one resource yields the same value, so equal stand-ins mean equal values.
/// Also what one deployment (account and Region) gives a template, so that a
/// key policy resolves to text the IAM evaluator can decide.
#[derive(Debug, Clone, Default)]
pub struct StandIns {
    /// What `AWS::AccountId` stands for.
    pub account_id: Option<String>,
    /// What `AWS::Region` stands for.
    pub region: Option<String>,
    /// What `Ref` to a resource stands for, by logical id.
    pub refs: std::collections::BTreeMap<String, String>,
    /// What `Fn::GetAtt` stands for, by logical id and attribute.
    pub attributes: std::collections::BTreeMap<(String, String), String>,
}

impl StandIns {
    fn reference(&self, name: &str) -> Option<&str> {
        match name {
            "AWS::AccountId" => self.account_id.as_deref(),
            "AWS::Region" => self.region.as_deref(),
            _ => self.refs.get(name).map(String::as_str),
        }
    }

    fn attribute(&self, resource: &str, attribute: &str) -> Option<&str> {
        self.attributes
            .get(&(resource.to_string(), attribute.to_string()))
            .map(String::as_str)
    }
}

/// Resolves subtrees of one template under one scenario.
pub struct Resolver<'t, 'a> {
    template: &'t Template<'a>,
    scenario: &'t Scenario,
    produced: Cell<usize>,
    /// Parameters whose default does not stand for their value.
    without_defaults: Vec<String>,
    stand_ins: Option<&'t StandIns>,
}

impl<'t, 'a> Resolver<'t, 'a> {
    #[must_use]
    pub fn new(template: &'t Template<'a>, scenario: &'t Scenario) -> Resolver<'t, 'a> {
        Resolver {
            template,
            scenario,
            produced: Cell::new(0),
            without_defaults: Vec::new(),
            stand_ins: None,
        }
    }

    /// A resolver for which these parameters are symbolic: those whose
    /// defaults the scenario's conditions contradict
    /// ([`contradicted_parameters`](super::conditions::contradicted_parameters)).
    #[must_use]
    pub fn without_defaults_of(mut self, parameters: Vec<String>) -> Self {
        self.without_defaults = parameters;
        self
    }

    /// The same resolver, with `stand_ins` for `AWS::AccountId`,
    /// `AWS::Region`, `Ref` to resources and `Fn::GetAtt` (those without one
    /// stay symbolic).
    #[must_use]
    pub fn with_stand_ins(mut self, stand_ins: &'t StandIns) -> Resolver<'t, 'a> {
        self.stand_ins = Some(stand_ins);
        self
    }

    fn getatt_stand_in(&self, arg: &Node) -> Option<&'t str> {
        let stand_ins = self.stand_ins?;
        let (resource, attribute) = match &arg.value {
            Value::String(s) => s.split_once('.')?,
            Value::Array(items) => match items.as_slice() {
                [r, a] => (r.as_str()?, a.as_str()?),
                _ => return None,
            },
            _ => return None,
        };
        stand_ins.attribute(resource, attribute)
    }

    /// The resolved copy of `node`; `None` when it is `AWS::NoValue` (or an
    /// `Fn::If` branch that is).
    #[must_use]
    pub fn resolve(&self, node: &Node) -> Option<Node> {
        self.value(node, 0)
    }

    fn count(&self) -> bool {
        let n = self.produced.get() + 1;
        self.produced.set(n);
        n <= MAX_NODES
    }

    fn value(&self, node: &Node, depth: usize) -> Option<Node> {
        if depth > MAX_DEPTH || !self.count() {
            return Some(symbolic(node.span));
        }
        if let Some((func, arg)) = intrinsic(node) {
            return self.function(node.span, func, arg, depth + 1);
        }
        let value = match &node.value {
            Value::Object(members) => Value::Object(
                members
                    .iter()
                    .filter_map(|m| {
                        Some(Member {
                            key: m.key.clone(),
                            key_span: m.key_span,
                            value: self.value(&m.value, depth + 1)?,
                        })
                    })
                    .collect(),
            ),
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .filter_map(|i| self.value(i, depth + 1))
                    .collect(),
            ),
            other => other.clone(),
        };
        Some(Node {
            span: node.span,
            value,
            tag: node.tag.clone(),
        })
    }

    fn function(&self, span: Span, func: &str, arg: &Node, depth: usize) -> Option<Node> {
        let string = |s: String| Some(Node::new(span, Value::String(s)));
        match func {
            "Ref" => self.reference(span, arg, depth),
            "Fn::If" => {
                let [cond, yes, no] = arg.items() else {
                    return Some(symbolic(span));
                };
                let branch = match cond.as_str() {
                    Some(name) => self.scenario.condition(self.template, name),
                    None => None,
                };
                match branch {
                    Some(true) => self.value(yes, depth),
                    Some(false) => self.value(no, depth),
                    None => Some(symbolic(span)),
                }
            }
            "Fn::Sub" => string(self.sub(arg, depth)),
            "Fn::Join" => string(self.join(arg, depth)),
            "Fn::Select" => Some(self.select(span, arg, depth)),
            "Fn::Split" => Some(self.split(span, arg, depth)),
            "Fn::FindInMap" => Some(self.find_in_map(span, arg, depth)),
            "Fn::Base64" => match self.value(arg, depth) {
                Some(Node {
                    value: Value::String(s),
                    ..
                }) => string(s),
                Some(n) => match n.scalar_text() {
                    Some(t) => string(t.into_owned()),
                    None => Some(symbolic(span)),
                },
                None => Some(symbolic(span)),
            },
            "Fn::GetAtt" => match self.getatt_stand_in(arg) {
                Some(v) => string(v.to_string()),
                None => Some(symbolic(span)),
            },
            // Fn::ImportValue, Fn::GetAZs, Fn::Cidr, Fn::Transform,
            // Fn::ToJsonString, Fn::Length, condition functions used as values …
            _ => Some(symbolic(span)),
        }
    }

    fn reference(&self, span: Span, arg: &Node, depth: usize) -> Option<Node> {
        let Some(name) = arg.as_str() else {
            return Some(symbolic(span));
        };
        if name == "AWS::NoValue" {
            return None;
        }
        if let Some(v) = self.stand_ins.and_then(|s| s.reference(name)) {
            return Some(Node::new(span, Value::String(v.to_string())));
        }
        if let Some(v) = pseudo_parameter(name) {
            return Some(Node::new(span, Value::String(v.to_string())));
        }
        let Some(param) = self.template.parameter(name) else {
            return Some(symbolic(span));
        };
        let Some(default) = param
            .default
            .filter(|_| !self.without_defaults.iter().any(|p| p == name))
        else {
            return Some(symbolic(span));
        };
        if param.is_ssm() || depth > MAX_DEPTH {
            return Some(symbolic(span));
        }
        if param.is_list() {
            let text = default.scalar_text().unwrap_or_default();
            let items = text
                .split(',')
                .map(|s| Node::new(span, Value::String(s.trim().to_string())))
                .collect();
            return Some(Node::new(span, Value::Array(items)));
        }
        Some(self.respan(default, span, depth))
    }

    /// A copy of a literal (a parameter default, a mapping value) placed at
    /// the span where it is used.
    fn respan(&self, node: &Node, span: Span, depth: usize) -> Node {
        if depth > MAX_DEPTH || !self.count() {
            return symbolic(span);
        }
        let value = match &node.value {
            Value::Object(members) => Value::Object(
                members
                    .iter()
                    .map(|m| Member {
                        key: m.key.clone(),
                        key_span: span,
                        value: self.respan(&m.value, span, depth + 1),
                    })
                    .collect(),
            ),
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|i| self.respan(i, span, depth + 1))
                    .collect(),
            ),
            other => other.clone(),
        };
        Node::new(span, value)
    }

    /// The text of a resolved scalar, or the symbolic marker.
    fn text_of(&self, node: &Node, depth: usize) -> String {
        match self.value(node, depth) {
            Some(n) => n
                .scalar_text()
                .map_or_else(|| SYMBOLIC.to_string(), std::borrow::Cow::into_owned),
            None => String::new(),
        }
    }

    fn sub(&self, arg: &Node, depth: usize) -> String {
        let (template, vars) = match &arg.value {
            Value::String(s) => (s.as_str(), None),
            Value::Array(items) => match items.as_slice() {
                [t, vars] => match t.as_str() {
                    Some(s) => (s, Some(vars)),
                    None => return SYMBOLIC.to_string(),
                },
                [t] => match t.as_str() {
                    Some(s) => (s, None),
                    None => return SYMBOLIC.to_string(),
                },
                _ => return SYMBOLIC.to_string(),
            },
            _ => return SYMBOLIC.to_string(),
        };
        let mut out = Text::default();
        let mut rest = template;
        while let Some(open) = rest.find("${") {
            out.push(rest.get(..open).unwrap_or(""));
            let after = rest.get(open + 2..).unwrap_or("");
            let Some(close) = after.find('}') else {
                out.push(rest.get(open..).unwrap_or(""));
                rest = "";
                break;
            };
            let name = after.get(..close).unwrap_or("");
            rest = after.get(close + 1..).unwrap_or("");
            if let Some(literal) = name.strip_prefix('!') {
                out.push("${");
                out.push(literal);
                out.push("}");
                continue;
            }
            let name = name.trim();
            if let Some(var) = vars.and_then(|v| v.get(name)) {
                out.push(&self.text_of(var, depth + 1));
            } else if let Some((resource, attribute)) = name.split_once('.') {
                // `${Resource.Attribute}`: a GetAtt.
                match self
                    .stand_ins
                    .and_then(|s| s.attribute(resource, attribute))
                {
                    Some(v) => out.push(v),
                    None => out.push_symbolic(),
                }
            } else {
                let reference = Node::new(
                    Span::EMPTY,
                    Value::Object(vec![Member {
                        key: "Ref".into(),
                        key_span: Span::EMPTY,
                        value: Node::new(Span::EMPTY, Value::String(name.to_string())),
                    }]),
                );
                if let Some(n) = self.value(&reference, depth + 1) {
                    match n.scalar_text() {
                        Some(t) => out.push(&t),
                        None => out.push_symbolic(),
                    }
                }
            }
        }
        out.push(rest);
        out.0
    }

    fn join(&self, arg: &Node, depth: usize) -> String {
        let [delim, list] = arg.items() else {
            return SYMBOLIC.to_string();
        };
        let delim = delim.as_str().unwrap_or("");
        let Some(list) = self.value(list, depth) else {
            return String::new();
        };
        let Value::Array(items) = &list.value else {
            return SYMBOLIC.to_string();
        };
        let mut out = Text::default();
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push(delim);
            }
            match item.scalar_text() {
                Some(t) => out.push(&t),
                None => out.push_symbolic(),
            }
        }
        out.0
    }

    fn select(&self, span: Span, arg: &Node, depth: usize) -> Node {
        let [index, list] = arg.items() else {
            return symbolic(span);
        };
        let index = self.text_of(index, depth);
        let Ok(index) = index.trim().parse::<usize>() else {
            return symbolic(span);
        };
        match self.value(list, depth) {
            Some(Node {
                value: Value::Array(items),
                ..
            }) => items
                .into_iter()
                .nth(index)
                .unwrap_or_else(|| symbolic(span)),
            _ => symbolic(span),
        }
    }

    fn split(&self, span: Span, arg: &Node, depth: usize) -> Node {
        let [delim, source] = arg.items() else {
            return symbolic(span);
        };
        let (Some(delim), source) = (delim.as_str(), self.text_of(source, depth)) else {
            return symbolic(span);
        };
        if delim.is_empty() || is_symbolic(&source) {
            return symbolic(span);
        }
        let items = source
            .split(delim)
            .map(|s| Node::new(span, Value::String(s.to_string())))
            .collect();
        Node::new(span, Value::Array(items))
    }

    fn find_in_map(&self, span: Span, arg: &Node, depth: usize) -> Node {
        let items = arg.items();
        let (Some(map), Some(top), Some(second)) = (items.first(), items.get(1), items.get(2))
        else {
            return symbolic(span);
        };
        let keys = [
            self.text_of(map, depth),
            self.text_of(top, depth),
            self.text_of(second, depth),
        ];
        let found = if keys.iter().any(|k| is_symbolic(k)) {
            None
        } else {
            let [m, t, s] = &keys;
            self.template
                .mapping(m)
                .and_then(|n| n.get(t))
                .and_then(|n| n.get(s))
        };
        match found {
            Some(value) => self.respan(value, span, depth),
            // Language extensions: `[Map, K1, K2, {DefaultValue: …}]`.
            None => match items.get(3).and_then(|o| o.get("DefaultValue")) {
                Some(default) if !keys.iter().any(|k| is_symbolic(k)) => {
                    self.value(default, depth).unwrap_or_else(|| symbolic(span))
                }
                _ => symbolic(span),
            },
        }
    }
}

/// A string being built, bounded by [`MAX_STRING`], with runs of unknown
/// text collapsed to one marker.
#[derive(Default)]
struct Text(String);

impl Text {
    fn push(&mut self, s: &str) {
        if self.0.len() + s.len() > MAX_STRING {
            self.push_symbolic();
            return;
        }
        for c in s.chars() {
            if c == SYMBOLIC {
                self.push_symbolic();
            } else {
                self.0.push(c);
            }
        }
    }

    fn push_symbolic(&mut self) {
        if !self.0.ends_with(SYMBOLIC) {
            self.0.push(SYMBOLIC);
        }
    }
}

/// The logical ids of resources a value refers to (`Ref`, `Fn::GetAtt`,
/// `${Res}`/`${Res.Attr}` in `Fn::Sub`), through every `Fn::If` branch,
/// `Fn::Select` and `Fn::Join`. Sorted, without duplicates.
#[must_use]
pub fn referenced_resources<'n>(template: &Template<'_>, node: &'n Node) -> Vec<String> {
    let mut out = std::collections::BTreeSet::new();
    let mut stack: Vec<&'n Node> = vec![node];
    let mut visited = 0usize;
    while let Some(n) = stack.pop() {
        visited += 1;
        if visited > MAX_NODES {
            break;
        }
        if let Some((func, arg)) = intrinsic(n) {
            match func {
                "Ref" => {
                    if let Some(id) = arg.as_str().filter(|id| template.resource(id).is_some()) {
                        out.insert(id.to_string());
                    }
                    continue;
                }
                "Fn::GetAtt" => {
                    if let Some(id) =
                        getatt_resource(arg).filter(|id| template.resource(id).is_some())
                    {
                        out.insert(id.to_string());
                    }
                    continue;
                }
                "Fn::Sub" => {
                    let text = arg
                        .as_str()
                        .or_else(|| arg.items().first().and_then(Node::as_str));
                    for name in sub_variables(text.unwrap_or("")) {
                        let id = name.split('.').next().unwrap_or("");
                        if template.resource(id).is_some() {
                            out.insert(id.to_string());
                        }
                    }
                }
                _ => {}
            }
        }
        match &n.value {
            Value::Object(members) => stack.extend(members.iter().map(|m| &m.value)),
            Value::Array(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
    out.into_iter().collect()
}

/// The resource of an `Fn::GetAtt` argument (`[Res, Attr]` or `"Res.Attr"`).
#[must_use]
pub fn getatt_resource(arg: &Node) -> Option<&str> {
    match &arg.value {
        Value::String(s) => s.split('.').next(),
        Value::Array(items) => items.first().and_then(Node::as_str),
        _ => None,
    }
}

/// The `${…}` variable names of an `Fn::Sub` string (not the `${!…}` literals).
#[must_use]
pub fn sub_variables(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("${") {
        let after = rest.get(open + 2..).unwrap_or("");
        let Some(close) = after.find('}') else { break };
        let name = after.get(..close).unwrap_or("").trim();
        if !name.starts_with('!') && !name.is_empty() {
            out.push(name);
        }
        rest = after.get(close + 1..).unwrap_or("");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::conditions::Branches;
    use crate::parse::json::json_tree as parse;

    const TEMPLATE: &str = r#"{
      "Parameters": {
        "Env": {"Type": "String", "Default": "prod"},
        "Port": {"Type": "Number", "Default": 22},
        "Nets": {"Type": "CommaDelimitedList", "Default": "a, b,c"},
        "Ami": {"Type": "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", "Default": "/aws/ami"},
        "NoDefault": {"Type": "String"}
      },
      "Mappings": {"Region": {"us-east-1": {"Ami": "ami-1"}}, "Env": {"prod": {"Size": "large", "List": ["x", "y"]}}},
      "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}},
      "Resources": {"Bucket": {"Type": "AWS::S3::Bucket"}, "Role": {"Type": "AWS::IAM::Role"}}
    }"#;

    fn resolve_with(text: &str, value: &str, cond: Option<bool>) -> Option<Node> {
        let root = parse(text);
        let t = Template::new(&root);
        let node = parse(value);
        let b = Branches::of(&t, &node, None);
        let scenario = b
            .scenarios
            .iter()
            .find(|s| cond.is_none() || s.condition(&t, "IsProd") == cond)
            .cloned()
            .unwrap_or_default();
        Resolver::new(&t, &scenario).resolve(&node)
    }

    fn resolve(value: &str) -> Option<Node> {
        resolve_with(TEMPLATE, value, Some(true))
    }

    fn text(value: &str) -> String {
        resolve(value)
            .and_then(|n| n.scalar_text().map(|t| t.into_owned()))
            .unwrap_or_else(|| "<removed or not scalar>".into())
    }

    #[test]
    fn sub_resolves_pseudo_parameters_and_keeps_resources_symbolic() {
        assert_eq!(
            text(r#"{"Fn::Sub": "arn:${AWS::Partition}:s3:::${Bucket}/*"}"#),
            "arn:aws:s3:::\u{E000}/*"
        );
        assert_eq!(
            text(r#"{"Fn::Sub": "${AWS::AccountId}:${AWS::Region}:${Role.Arn}-${Env}"}"#),
            "\u{E000}:\u{E000}:\u{E000}-prod"
        );
        assert_eq!(
            text(r#"{"Fn::Sub": "${!Literal}-${ Env }"}"#),
            "${Literal}-prod"
        );
        assert_eq!(
            text(r#"{"Fn::Sub": ["${A}/${B}", {"A": {"Ref": "Env"}, "B": "b"}]}"#),
            "prod/b"
        );
        assert_eq!(text(r#"{"Fn::Sub": "unclosed ${x"}"#), "unclosed ${x");
        assert_eq!(text(r#"{"Fn::Sub": 3}"#), "\u{E000}");
    }

    #[test]
    fn stand_ins_replace_deploy_time_values() {
        let root = parse(TEMPLATE);
        let t = Template::new(&root);
        let mut stand_ins = StandIns {
            account_id: Some("123456789012".into()),
            ..StandIns::default()
        };
        stand_ins.refs.insert("Role".into(), "app".into());
        stand_ins.attributes.insert(
            ("Role".into(), "Arn".into()),
            "arn:aws:iam::123456789012:role/app".into(),
        );
        let scenario = Scenario::default();
        let r = Resolver::new(&t, &scenario).with_stand_ins(&stand_ins);
        let text = |v: &str| {
            r.resolve(&parse(v))
                .and_then(|n| n.scalar_text().map(|t| t.into_owned()))
                .unwrap_or_default()
        };
        assert_eq!(
            text(r#"{"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${Role}"}"#),
            "arn:aws:iam::123456789012:role/app"
        );
        assert_eq!(
            text(r#"{"Fn::GetAtt": ["Role", "Arn"]}"#),
            "arn:aws:iam::123456789012:role/app"
        );
        assert_eq!(
            text(r#"{"Fn::GetAtt": "Role.Arn"}"#),
            "arn:aws:iam::123456789012:role/app"
        );
        assert_eq!(
            text(r#"{"Fn::Sub": "${Role.Arn}|${Role.RoleId}|${Bucket}"}"#),
            "arn:aws:iam::123456789012:role/app|\u{E000}|\u{E000}"
        );
        assert_eq!(text(r#"{"Fn::GetAtt": ["Bucket", "Arn"]}"#), "\u{E000}");
    }

    #[test]
    fn refs() {
        assert_eq!(text(r#"{"Ref": "Env"}"#), "prod");
        assert_eq!(text(r#"{"Ref": "Port"}"#), "22");
        assert_eq!(text(r#"{"Ref": "NoDefault"}"#), "\u{E000}");
        assert_eq!(text(r#"{"Ref": "Ami"}"#), "\u{E000}");
        assert_eq!(text(r#"{"Ref": "Bucket"}"#), "\u{E000}");
        assert_eq!(text(r#"{"Ref": "AWS::StackName"}"#), "\u{E000}");
        assert_eq!(text(r#"{"Ref": "AWS::URLSuffix"}"#), "amazonaws.com");
        let list = resolve(r#"{"Ref": "Nets"}"#).unwrap_or_default();
        let items: Vec<&str> = list.items().iter().filter_map(Node::as_str).collect();
        assert_eq!(items, ["a", "b", "c"]);
    }

    #[test]
    fn no_value_removes_members_and_items() {
        let n = resolve(r#"{"A": {"Ref": "AWS::NoValue"}, "B": [1, {"Ref": "AWS::NoValue"}], "C": {"Fn::If": ["IsProd", {"Ref": "AWS::NoValue"}, 1]}}"#)
            .unwrap_or_default();
        assert!(n.get("A").is_none());
        assert_eq!(n.get("B").map(|b| b.items().len()), Some(1));
        assert!(n.get("C").is_none());
        assert!(resolve(r#"{"Ref": "AWS::NoValue"}"#).is_none());
    }

    #[test]
    fn if_takes_the_scenarios_branch() {
        let v = r#"{"Fn::If": ["IsProd", "yes", "no"]}"#;
        let yes = resolve_with(TEMPLATE, v, Some(true)).unwrap_or_default();
        let no = resolve_with(TEMPLATE, v, Some(false)).unwrap_or_default();
        assert_eq!(yes.as_str(), Some("yes"));
        assert_eq!(no.as_str(), Some("no"));
        assert_eq!(
            text(r#"{"Fn::If": ["Undefined", "yes", "no"]}"#),
            "\u{E000}"
        );
    }

    #[test]
    fn join_select_split_map_base64() {
        assert_eq!(
            text(
                r#"{"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":s3:::", {"Ref": "Bucket"}]]}"#
            ),
            "arn:aws:s3:::\u{E000}"
        );
        assert_eq!(text(r#"{"Fn::Join": [",", {"Ref": "Nets"}]}"#), "a,b,c");
        assert_eq!(
            text(r#"{"Fn::Join": [",", {"Fn::GetAZs": ""}]}"#),
            "\u{E000}"
        );
        assert_eq!(text(r#"{"Fn::Select": ["1", {"Ref": "Nets"}]}"#), "b");
        assert_eq!(text(r#"{"Fn::Select": [9, {"Ref": "Nets"}]}"#), "\u{E000}");
        assert_eq!(
            text(r#"{"Fn::Select": [0, {"Fn::GetAZs": ""}]}"#),
            "\u{E000}"
        );
        assert_eq!(
            text(r#"{"Fn::Select": [2, {"Fn::Split": ["/", "a/b/c"]}]}"#),
            "c"
        );
        assert_eq!(
            text(r#"{"Fn::Select": [0, {"Fn::Split": [",", {"Fn::ImportValue": "x"}]}]}"#),
            "\u{E000}"
        );
        assert_eq!(
            text(r#"{"Fn::FindInMap": ["Env", {"Ref": "Env"}, "Size"]}"#),
            "large"
        );
        assert_eq!(
            text(r#"{"Fn::FindInMap": ["Region", {"Ref": "AWS::Region"}, "Ami"]}"#),
            "\u{E000}"
        );
        assert_eq!(
            text(r#"{"Fn::FindInMap": ["Env", "dev", "Size", {"DefaultValue": "small"}]}"#),
            "small"
        );
        assert_eq!(
            resolve(r#"{"Fn::FindInMap": ["Env", "prod", "List"]}"#).map(|n| n.items().len()),
            Some(2)
        );
        assert_eq!(
            text(r#"{"Fn::Base64": {"Fn::Sub": "echo ${Env}"}}"#),
            "echo prod"
        );
        assert_eq!(text(r#"{"Fn::GetAtt": ["Role", "Arn"]}"#), "\u{E000}");
        assert_eq!(text(r#"{"Fn::Cidr": ["10.0.0.0/16", 2, 8]}"#), "\u{E000}");
        assert_eq!(text(r#"{"Fn::ImportValue": "x"}"#), "\u{E000}");
    }

    #[test]
    fn resolved_values_keep_the_spans_of_their_use() {
        let value = r#"{"A": {"Ref": "Env"}}"#;
        let node = parse(value);
        let resolved = resolve(value).unwrap_or_default();
        assert_eq!(
            resolved.get("A").map(|n| n.span),
            node.get("A").map(|n| n.span)
        );
        assert_eq!(resolved.span, node.span);
    }

    #[test]
    fn for_each_is_not_an_intrinsic() {
        let n = resolve(r#"{"Fn::ForEach::X": ["I", ["a"], {"K${I}": 1}]}"#).unwrap_or_default();
        assert!(n.get("Fn::ForEach::X").is_some());
    }

    fn nested(depth: usize, func: &str) -> Node {
        let mut node = Node::new(Span::EMPTY, Value::String("x".into()));
        for _ in 0..depth {
            let arg = match func {
                "Fn::If" => Node::new(
                    Span::EMPTY,
                    Value::Array(vec![
                        Node::new(Span::EMPTY, Value::String("IsProd".into())),
                        node,
                        Node::new(Span::EMPTY, Value::String("n".into())),
                    ]),
                ),
                _ => Node::new(
                    Span::EMPTY,
                    Value::Array(vec![
                        Node::new(Span::EMPTY, Value::String("${A}".into())),
                        Node::new(
                            Span::EMPTY,
                            Value::Object(vec![Member {
                                key: "A".into(),
                                key_span: Span::EMPTY,
                                value: node,
                            }]),
                        ),
                    ]),
                ),
            };
            node = Node::new(
                Span::EMPTY,
                Value::Object(vec![Member {
                    key: func.into(),
                    key_span: Span::EMPTY,
                    value: arg,
                }]),
            );
        }
        node
    }

    #[test]
    fn deep_nesting_is_bounded() {
        // The test's own 3,000-deep tree needs a large stack to be built and
        // dropped (the parsers cap real input at 256 levels); resolution
        // itself stops at MAX_DEPTH.
        let run = std::thread::Builder::new()
            .stack_size(256 << 20)
            .spawn(deep_nesting_body)
            .map(|h| h.join().is_ok());
        assert!(matches!(run, Ok(true)));
    }

    fn deep_nesting_body() {
        let root = parse(TEMPLATE);
        let t = Template::new(&root);
        for func in ["Fn::If", "Fn::Sub"] {
            let node = nested(3000, func);
            let b = Branches::of(&t, &node, None);
            for s in &b.scenarios {
                let r = Resolver::new(&t, s).resolve(&node);
                assert!(r.is_some());
            }
            // Shallow nesting resolves fully.
            let shallow = nested(50, func);
            let r = Resolver::new(&t, &b.scenarios[0]).resolve(&shallow);
            assert!(
                r.and_then(|n| n.as_str().map(|s| !is_symbolic(s)))
                    .unwrap_or(false)
            );
        }
    }

    #[test]
    fn references_are_found_through_intrinsics() {
        let root = parse(TEMPLATE);
        let t = Template::new(&root);
        let node = parse(
            r#"{"A": {"Fn::If": ["IsProd", {"Ref": "Bucket"}, {"Fn::GetAtt": "Role.Arn"}]}, "B": {"Fn::Sub": "${Bucket.Arn}/${Env}"}, "C": {"Ref": "Env"}}"#,
        );
        assert_eq!(referenced_resources(&t, &node), ["Bucket", "Role"]);
    }
}
