//! The typed IAM policy model, built from the positioned tree.
//!
//! Building is lenient: it never fails and records what the document holds,
//! with the span of every element name and every value, so that lint rules can
//! point at anything. Odd content is kept as it is (an `Effect` of `"Alow"`, a
//! number where a string belongs, an unknown element name); deciding whether
//! it is valid is the job of the rules and of the evaluator's strict
//! conversion (`iam::eval`).

pub mod condition;
pub mod kind;

use std::borrow::Cow;

use crate::parse::{Node, Value};
use crate::span::Span;

pub use condition::{BaseOperator, Operator, OperatorFamily, SetQualifier};
pub use kind::PolicyType;

/// A value with the span it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

/// A scalar as written. Lists and objects where a scalar belongs are kept as
/// [`Scalar::Composite`] with their type name, so a rule can say what it found.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    String(String),
    /// The number as written (`10`, `1.5`, `1e3`).
    Number(String),
    Bool(bool),
    Null,
    Composite(&'static str),
}

impl Scalar {
    fn from_node(node: &Node) -> Scalar {
        match &node.value {
            Value::String(s) => Scalar::String(s.clone()),
            Value::Number(n) => Scalar::Number(n.clone()),
            Value::Bool(b) => Scalar::Bool(*b),
            Value::Null => Scalar::Null,
            Value::Array(_) | Value::Object(_) => Scalar::Composite(node.type_name()),
        }
    }

    /// The string, when the value is a JSON/YAML string.
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Scalar::String(s) => Some(s),
            _ => None,
        }
    }

    /// The text of a string, number or boolean (what AWS compares for
    /// condition values, which may be written unquoted).
    #[must_use]
    pub fn text(&self) -> Option<Cow<'_, str>> {
        match self {
            Scalar::String(s) => Some(Cow::Borrowed(s)),
            Scalar::Number(n) => Some(Cow::Borrowed(n)),
            Scalar::Bool(true) => Some(Cow::Borrowed("true")),
            Scalar::Bool(false) => Some(Cow::Borrowed("false")),
            Scalar::Null | Scalar::Composite(_) => None,
        }
    }

    /// A short name of the value's type for messages.
    #[must_use]
    pub fn type_name(&self) -> &'static str {
        match self {
            Scalar::String(_) => "string",
            Scalar::Number(_) => "number",
            Scalar::Bool(_) => "boolean",
            Scalar::Null => "null",
            Scalar::Composite(t) => t,
        }
    }
}

/// One element (`"Action": …`): its name as written, the span of the name,
/// the span of the value, and the value read into `T`.
#[derive(Debug, Clone, PartialEq)]
pub struct Element<T> {
    pub name: String,
    pub key_span: Span,
    pub span: Span,
    pub value: T,
}

/// IAM's "a string or a list of strings" (and condition values, which may
/// also be numbers or booleans): every item with its span.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Values {
    pub items: Vec<Spanned<Scalar>>,
    /// Written as a list (`["a"]`) rather than a single value (`"a"`).
    pub is_list: bool,
}

impl Values {
    fn from_node(node: &Node) -> Values {
        Values {
            items: node
                .one_or_many()
                .iter()
                .map(|n| Spanned {
                    value: Scalar::from_node(n),
                    span: n.span,
                })
                .collect(),
            is_list: node.is_array(),
        }
    }
}

/// A whole policy document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Policy {
    /// The span of the whole document.
    pub span: Span,
    /// False when the document is not a JSON object at all.
    pub is_object: bool,
    pub version: Option<Element<Scalar>>,
    pub id: Option<Element<Scalar>>,
    /// The `Statement` element itself (an object, a list, or something else).
    pub statement: Option<Element<StatementShape>>,
    /// The statements, in order.
    pub statements: Vec<Statement>,
    /// Top-level elements that are not part of the policy grammar.
    pub unknown: Vec<Element<()>>,
}

/// How the `Statement` element was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatementShape {
    /// A single statement object (legal).
    Object,
    /// A list of statements.
    List,
    /// Anything else, with its type name.
    Other(&'static str),
}

/// One statement.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Statement {
    pub span: Span,
    /// The position in the `Statement` list; `None` for a lone statement object.
    pub index: Option<usize>,
    /// False when the list item is not an object; nothing else is then read.
    pub is_object: bool,
    /// The item is a value only known at deploy time (a template's `!Ref`).
    pub symbolic: bool,
    pub sid: Option<Element<Scalar>>,
    pub effect: Option<Element<Scalar>>,
    pub action: Option<Element<Values>>,
    pub not_action: Option<Element<Values>>,
    pub resource: Option<Element<Values>>,
    pub not_resource: Option<Element<Values>>,
    pub principal: Option<Element<Principal>>,
    pub not_principal: Option<Element<Principal>>,
    pub condition: Option<Element<Condition>>,
    /// Elements that are not part of the statement grammar (typos included).
    pub unknown: Vec<Element<()>>,
}

/// The value of `Principal` / `NotPrincipal`.
#[derive(Debug, Clone, PartialEq)]
pub enum Principal {
    /// `"*"` (or any other scalar, which AWS rejects; rules report it).
    Scalar(Spanned<Scalar>),
    /// `{"AWS": …, "Service": …}`.
    Map(Vec<PrincipalEntry>),
    /// A list or another non-object, non-scalar value, with its type name.
    Other(&'static str),
}

/// The kind of principal named by a key of a `Principal` object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PrincipalKind {
    Aws,
    Service,
    Federated,
    CanonicalUser,
    /// A key that is none of the above (kept for rules to report).
    Unknown,
}

impl PrincipalKind {
    /// The names AWS accepts, as it spells them.
    pub const NAMES: [(&'static str, PrincipalKind); 4] = [
        ("AWS", PrincipalKind::Aws),
        ("Service", PrincipalKind::Service),
        ("Federated", PrincipalKind::Federated),
        ("CanonicalUser", PrincipalKind::CanonicalUser),
    ];

    #[must_use]
    pub fn from_name(name: &str) -> PrincipalKind {
        Self::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(PrincipalKind::Unknown, |(_, k)| *k)
    }
}

/// One `"AWS": …` (or `Service`, …) entry of a principal object.
#[derive(Debug, Clone, PartialEq)]
pub struct PrincipalEntry {
    pub kind: PrincipalKind,
    pub name: String,
    pub key_span: Span,
    pub span: Span,
    pub values: Values,
}

/// The `Condition` element: operator → key → values.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Condition {
    /// False when the element's value is not an object.
    pub is_object: bool,
    pub blocks: Vec<ConditionBlock>,
}

/// One operator with its keys (`"StringEquals": {…}`).
#[derive(Debug, Clone, PartialEq)]
pub struct ConditionBlock {
    /// The operator as written.
    pub operator: String,
    pub key_span: Span,
    pub span: Span,
    /// False when the operator's value is not an object.
    pub is_object: bool,
    pub entries: Vec<ConditionEntry>,
}

impl ConditionBlock {
    /// The operator, parsed; an unknown operator is an error with a suggestion.
    ///
    /// # Errors
    /// When the name is not an operator AWS knows.
    pub fn parse_operator(&self) -> Result<Operator, condition::OperatorError> {
        Operator::parse(&self.operator)
    }
}

/// One condition key with its values (`"aws:SourceIp": ["10.0.0.0/8"]`).
#[derive(Debug, Clone, PartialEq)]
pub struct ConditionEntry {
    pub key: String,
    pub key_span: Span,
    pub span: Span,
    pub values: Values,
}

/// The statement element names of the policy grammar.
pub const STATEMENT_ELEMENTS: [&str; 9] = [
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

/// The top-level element names of the policy grammar.
pub const POLICY_ELEMENTS: [&str; 3] = ["Version", "Id", "Statement"];

fn element<T>(m: &crate::parse::Member, value: T) -> Element<T> {
    Element {
        name: m.key.clone(),
        key_span: m.key_span,
        span: m.value.span,
        value,
    }
}

impl Policy {
    /// Reads a policy document from its tree. Never fails: what is not a
    /// policy element is recorded in `unknown`, what has the wrong shape is
    /// kept with its type.
    #[must_use]
    pub fn from_node(node: &Node) -> Policy {
        let mut policy = Policy {
            span: node.span,
            is_object: node.is_object(),
            ..Policy::default()
        };
        for m in node.members() {
            match m.key.as_str() {
                "Version" => policy.version = Some(element(m, Scalar::from_node(&m.value))),
                "Id" => policy.id = Some(element(m, Scalar::from_node(&m.value))),
                "Statement" => {
                    let (shape, statements) = read_statements(&m.value);
                    policy.statement = Some(element(m, shape));
                    policy.statements = statements;
                }
                _ => policy.unknown.push(element(m, ())),
            }
        }
        policy
    }

    /// The `Version` string, when it is one.
    #[must_use]
    pub fn version_str(&self) -> Option<&str> {
        self.version.as_ref().and_then(|v| v.value.as_str())
    }

    /// Whether `${…}` policy variables are substituted: only under
    /// `"Version": "2012-10-17"`; without a Version (which defaults to
    /// 2008-10-17) or with 2008-10-17 they are literal text
    /// (iam-semantics.md 8.5).
    #[must_use]
    pub fn variables_enabled(&self) -> bool {
        self.version_str() == Some("2012-10-17")
    }

    /// The policy type inferred from the content alone (see [`PolicyType::infer`]).
    #[must_use]
    pub fn inferred_type(&self) -> PolicyType {
        PolicyType::infer(self)
    }
}

fn read_statements(node: &Node) -> (StatementShape, Vec<Statement>) {
    match &node.value {
        Value::Object(_) => (
            StatementShape::Object,
            vec![Statement::from_node(node, None)],
        ),
        Value::Array(items) => (
            StatementShape::List,
            items
                .iter()
                .enumerate()
                .map(|(i, n)| Statement::from_node(n, Some(i)))
                .collect(),
        ),
        _ => (StatementShape::Other(node.type_name()), Vec::new()),
    }
}

impl Statement {
    /// Reads one statement. Repeated elements follow the parser's "last one wins".
    #[must_use]
    pub fn from_node(node: &Node, index: Option<usize>) -> Statement {
        let mut st = Statement {
            span: node.span,
            index,
            is_object: node.is_object(),
            symbolic: node.as_str().is_some_and(crate::parse::node::is_symbolic),
            ..Statement::default()
        };
        for m in node.members() {
            let v = &m.value;
            match m.key.as_str() {
                "Sid" => st.sid = Some(element(m, Scalar::from_node(v))),
                "Effect" => st.effect = Some(element(m, Scalar::from_node(v))),
                "Action" => st.action = Some(element(m, Values::from_node(v))),
                "NotAction" => st.not_action = Some(element(m, Values::from_node(v))),
                "Resource" => st.resource = Some(element(m, Values::from_node(v))),
                "NotResource" => st.not_resource = Some(element(m, Values::from_node(v))),
                "Principal" => st.principal = Some(element(m, Principal::from_node(v))),
                "NotPrincipal" => st.not_principal = Some(element(m, Principal::from_node(v))),
                "Condition" => st.condition = Some(element(m, Condition::from_node(v))),
                _ => st.unknown.push(element(m, ())),
            }
        }
        st
    }

    /// The `Sid` string, when there is one.
    #[must_use]
    pub fn sid_str(&self) -> Option<&str> {
        self.sid.as_ref().and_then(|s| s.value.as_str())
    }

    /// The `Effect` string as written.
    #[must_use]
    pub fn effect_str(&self) -> Option<&str> {
        self.effect.as_ref().and_then(|e| e.value.as_str())
    }

    /// The action list, `Action` or `NotAction` (the first when both are
    /// written; rules report that).
    #[must_use]
    pub fn actions(&self) -> Option<(&Element<Values>, bool)> {
        self.action
            .as_ref()
            .map(|a| (a, false))
            .or_else(|| self.not_action.as_ref().map(|a| (a, true)))
    }

    /// Every action string of `Action` and `NotAction`.
    pub fn action_strs(&self) -> impl Iterator<Item = &str> {
        self.action
            .iter()
            .chain(self.not_action.iter())
            .flat_map(|e| e.value.items.iter())
            .filter_map(|i| i.value.as_str())
    }

    /// A label for messages: `Sid` when there is one, else the position.
    #[must_use]
    pub fn label(&self) -> String {
        match (self.sid_str(), self.index) {
            (Some(sid), _) if !sid.is_empty() => format!("statement \"{sid}\""),
            (_, Some(i)) => format!("statement #{}", i + 1),
            (_, None) => "the statement".to_string(),
        }
    }
}

impl Principal {
    fn from_node(node: &Node) -> Principal {
        match &node.value {
            Value::Object(members) => Principal::Map(
                members
                    .iter()
                    .map(|m| PrincipalEntry {
                        kind: PrincipalKind::from_name(&m.key),
                        name: m.key.clone(),
                        key_span: m.key_span,
                        span: m.value.span,
                        values: Values::from_node(&m.value),
                    })
                    .collect(),
            ),
            Value::Array(_) => Principal::Other(node.type_name()),
            _ => Principal::Scalar(Spanned {
                value: Scalar::from_node(node),
                span: node.span,
            }),
        }
    }

    /// Whether this is the wildcard principal `"*"` or `{"AWS": "*"}`.
    #[must_use]
    pub fn is_wildcard(&self) -> bool {
        match self {
            Principal::Scalar(s) => s.value.as_str() == Some("*"),
            Principal::Map(entries) => entries.iter().any(|e| {
                e.kind == PrincipalKind::Aws
                    && e.values.items.iter().any(|v| v.value.as_str() == Some("*"))
            }),
            Principal::Other(_) => false,
        }
    }
}

impl Condition {
    fn from_node(node: &Node) -> Condition {
        Condition {
            is_object: node.is_object(),
            blocks: node
                .members()
                .iter()
                .map(|m| ConditionBlock {
                    operator: m.key.clone(),
                    key_span: m.key_span,
                    span: m.value.span,
                    is_object: m.value.is_object(),
                    entries: m
                        .value
                        .members()
                        .iter()
                        .map(|e| ConditionEntry {
                            key: e.key.clone(),
                            key_span: e.key_span,
                            span: e.value.span,
                            values: Values::from_node(&e.value),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;
    use crate::parse::{Limits, Syntax, parse};

    fn policy(text: &str) -> Policy {
        let parsed = parse(Syntax::Json, text, &Limits::default());
        Policy::from_node(&parsed.root.unwrap_or_default())
    }

    #[test]
    fn keeps_spans_of_names_and_values() {
        let text = r#"{"Version":"2012-10-17","Statement":{"Effect":"Alow","Action":"s3:GetObject","Resource":["a","b"]}}"#;
        let p = policy(text);
        let v = p.version.as_ref().map(|v| v.key_span.text(text));
        assert_eq!(v, Some("\"Version\""));
        assert_eq!(
            p.statement.as_ref().map(|s| s.value),
            Some(StatementShape::Object)
        );
        let st = &p.statements[0];
        assert_eq!(st.index, None);
        assert_eq!(st.effect_str(), Some("Alow"));
        let res = st.resource.as_ref().map(|r| &r.value);
        assert_eq!(res.map(|r| r.is_list), Some(true));
        assert_eq!(res.map(|r| r.items[1].span.text(text)), Some("\"b\""));
    }

    #[test]
    fn never_fails_on_odd_content() {
        let p = policy(
            r#"{"Statement":[1,{"Effect":true,"Principal":["x"],"Condtion":{},"Condition":"x"}],"Extra":1}"#,
        );
        assert_eq!(p.statements.len(), 2);
        assert!(!p.statements[0].is_object);
        let st = &p.statements[1];
        assert_eq!(
            st.effect.as_ref().map(|e| e.value.type_name()),
            Some("boolean")
        );
        assert_eq!(
            st.principal.as_ref().map(|p| p.value.clone()),
            Some(Principal::Other("list"))
        );
        assert_eq!(st.unknown[0].name, "Condtion");
        assert_eq!(
            st.condition.as_ref().map(|c| c.value.is_object),
            Some(false)
        );
        assert_eq!(p.unknown[0].name, "Extra");
        let p = policy("[1,2]");
        assert!(!p.is_object && p.statements.is_empty());
    }

    #[test]
    fn reads_principals_and_conditions_with_every_value_spanned() {
        let text = r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root"],"Service":"ec2.amazonaws.com","Bogus":"x"},"Action":"sts:AssumeRole","Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":3600},"Bool":{"aws:SecureTransport":true}}}]}"#;
        let p = policy(text);
        let st = &p.statements[0];
        let Some(Principal::Map(entries)) = st.principal.as_ref().map(|p| &p.value) else {
            panic!("principal map expected");
        };
        let kinds: Vec<_> = entries.iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            vec![
                PrincipalKind::Aws,
                PrincipalKind::Service,
                PrincipalKind::Unknown
            ]
        );
        let cond = &st
            .condition
            .as_ref()
            .map(|c| c.value.clone())
            .unwrap_or_default();
        assert_eq!(cond.blocks.len(), 2);
        let age = &cond.blocks[0].entries[0].values.items[0];
        assert_eq!(age.value, Scalar::Number("3600".into()));
        assert_eq!(age.span.text(text), "3600");
        assert_eq!(
            cond.blocks[1].entries[0].values.items[0]
                .value
                .text()
                .as_deref(),
            Some("true")
        );
    }

    #[test]
    fn variables_need_the_2012_version() {
        assert!(policy(r#"{"Version":"2012-10-17","Statement":[]}"#).variables_enabled());
        assert!(!policy(r#"{"Version":"2008-10-17","Statement":[]}"#).variables_enabled());
        assert!(!policy(r#"{"Statement":[]}"#).variables_enabled());
    }
}
