//! The one positioned tree that JSON, YAML and `.properties` files all become.
//!
//! Every value knows its byte span; every object member also knows the span of
//! its key, so a finding can underline either. Objects keep their members in
//! source order *including duplicates*: reporting duplicates is a rule's job,
//! not the parser's. Lookups (`get`) follow the formats' own "last one wins".

use crate::span::Span;

/// Stands for text that is only known at deploy time (a CloudFormation `Ref`
/// to a resource, `${AWS::AccountId}` in an `Fn::Sub`, …) inside a string that
/// a template resolved as far as it could. A private-use character, so it never
/// occurs in real input. Consumers treat each run of it as "some unknown text":
/// an ARN check must not call `arn:aws:s3:::\u{E000}/*` malformed.
pub const SYMBOLIC: char = '\u{E000}';

/// Whether a string holds deploy-time (unknown) parts.
#[must_use]
pub fn is_symbolic(s: &str) -> bool {
    s.contains(SYMBOLIC)
}

/// Two nodes are equal when their values are (spans and tags are where a value
/// was written, not what it is): JSONPath filters such as `?@.a == 'x'` rely on it.
#[derive(Debug, Clone, Default)]
pub struct Node {
    pub span: Span,
    pub value: Value,
    /// The YAML tag as written (`!Ref`, `!GetAtt`, …) when the value came from a
    /// CloudFormation short form and was normalised to its long form, or from
    /// another non-core tag (`!Rain::Embed`), whose value is kept as is.
    pub tag: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    /// The number as written, so `1.0`, `1e3` and `0010` keep their spelling.
    Number(String),
    String(String),
    Array(Vec<Node>),
    Object(Vec<Member>),
}

/// Members are equal when their keys and values are (key spans are ignored).
#[derive(Debug, Clone)]
pub struct Member {
    pub key: String,
    pub key_span: Span,
    pub value: Node,
}

impl PartialEq for Node {
    fn eq(&self, other: &Node) -> bool {
        self.value == other.value
    }
}

impl PartialEq for Member {
    fn eq(&self, other: &Member) -> bool {
        self.key == other.key && self.value == other.value
    }
}

/// A step of a logical path from the root to a node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSeg {
    Key(String),
    Index(usize),
}

impl Node {
    #[must_use]
    pub fn new(span: Span, value: Value) -> Node {
        Node {
            span,
            value,
            tag: None,
        }
    }

    /// The same tree with every node and key placed at `span`: for a
    /// document parsed from text that stands in the file at `span` (a policy
    /// written as a JSON string, a known managed policy attached there).
    #[must_use]
    pub fn placed_at(mut self, span: Span) -> Node {
        self.span = span;
        self.value = match self.value {
            Value::Object(members) => Value::Object(
                members
                    .into_iter()
                    .map(|m| Member {
                        key: m.key,
                        key_span: span,
                        value: m.value.placed_at(span),
                    })
                    .collect(),
            ),
            Value::Array(items) => {
                Value::Array(items.into_iter().map(|i| i.placed_at(span)).collect())
            }
            other => other,
        };
        self
    }

    /// The member named `key` (the last one when the key is repeated).
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.member(key).map(|m| &m.value)
    }

    /// The member named `key` with its key span (the last one when repeated).
    #[must_use]
    pub fn member(&self, key: &str) -> Option<&Member> {
        self.members().iter().rev().find(|m| m.key == key)
    }

    /// Members of an object; empty for any other value.
    #[must_use]
    pub fn members(&self) -> &[Member] {
        match &self.value {
            Value::Object(members) => members,
            _ => &[],
        }
    }

    /// Items of an array; empty for any other value.
    #[must_use]
    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Array(items) => items,
            _ => &[],
        }
    }

    /// A single value or each item of a list: IAM's "string or list of strings".
    #[must_use]
    pub fn one_or_many(&self) -> &[Node] {
        match &self.value {
            Value::Array(items) => items,
            _ => std::slice::from_ref(self),
        }
    }

    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    #[must_use]
    pub fn as_bool(&self) -> Option<bool> {
        match &self.value {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    #[must_use]
    pub fn as_f64(&self) -> Option<f64> {
        match &self.value {
            Value::Number(n) => n.parse().ok(),
            _ => None,
        }
    }

    #[must_use]
    pub fn as_i64(&self) -> Option<i64> {
        match &self.value {
            Value::Number(n) => n.parse().ok(),
            _ => None,
        }
    }

    #[must_use]
    pub fn is_object(&self) -> bool {
        matches!(self.value, Value::Object(_))
    }

    #[must_use]
    pub fn is_array(&self) -> bool {
        matches!(self.value, Value::Array(_))
    }

    /// Scalars as the text a loosely-typed consumer (CloudFormation, EMR,
    /// Kafka) would see: strings as they are, numbers as written, booleans as
    /// `true`/`false`.
    #[must_use]
    pub fn scalar_text(&self) -> Option<std::borrow::Cow<'_, str>> {
        use std::borrow::Cow;
        match &self.value {
            Value::String(s) => Some(Cow::Borrowed(s)),
            Value::Number(n) => Some(Cow::Borrowed(n)),
            Value::Bool(true) => Some(Cow::Borrowed("true")),
            Value::Bool(false) => Some(Cow::Borrowed("false")),
            _ => None,
        }
    }

    /// A short name of the value's type for messages.
    #[must_use]
    pub fn type_name(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "list",
            Value::Object(_) => "object",
        }
    }

    /// Visits every node depth-first with its logical path, without recursion
    /// (trees are depth-limited by the parsers, but an explicit stack keeps a
    /// visitor cheap and safe for any shape).
    pub fn walk(&self, mut visit: impl FnMut(&[PathSeg], &Node)) {
        let mut stack: Vec<(Vec<PathSeg>, &Node)> = vec![(Vec::new(), self)];
        while let Some((path, node)) = stack.pop() {
            visit(&path, node);
            match &node.value {
                Value::Object(members) => {
                    for m in members.iter().rev() {
                        let mut p = path.clone();
                        p.push(PathSeg::Key(m.key.clone()));
                        stack.push((p, &m.value));
                    }
                }
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate().rev() {
                        let mut p = path.clone();
                        p.push(PathSeg::Index(i));
                        stack.push((p, item));
                    }
                }
                _ => {}
            }
        }
    }
}

/// Renders a logical path as `$.Statement[0].Action` (keys that are not plain
/// identifiers are quoted: `$['log.dirs']`).
#[must_use]
pub fn path_to_string(path: &[PathSeg]) -> String {
    let mut out = String::from("$");
    for seg in path {
        match seg {
            PathSeg::Index(i) => {
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
            PathSeg::Key(k)
                if !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                out.push('.');
                out.push_str(k);
            }
            PathSeg::Key(k) => {
                out.push_str("['");
                out.push_str(&k.replace('\\', "\\\\").replace('\'', "\\'"));
                out.push_str("']");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Node {
        Node::new(Span::EMPTY, Value::String(v.into()))
    }

    #[test]
    fn get_returns_the_last_duplicate() {
        let obj = Node::new(
            Span::EMPTY,
            Value::Object(vec![
                Member {
                    key: "a".into(),
                    key_span: Span::EMPTY,
                    value: s("1"),
                },
                Member {
                    key: "a".into(),
                    key_span: Span::EMPTY,
                    value: s("2"),
                },
            ]),
        );
        assert_eq!(obj.get("a").and_then(Node::as_str), Some("2"));
    }

    #[test]
    fn placed_at_moves_every_node_and_key() {
        let at = Span { start: 3, end: 9 };
        let doc = Node::new(
            Span::EMPTY,
            Value::Object(vec![Member {
                key: "a".into(),
                key_span: Span::EMPTY,
                value: Node::new(Span::EMPTY, Value::Array(vec![s("1")])),
            }]),
        )
        .placed_at(at);
        assert_eq!(doc.span, at);
        assert_eq!(doc.members().first().map(|m| m.key_span), Some(at));
        let item = doc.get("a").and_then(|a| a.items().first());
        assert_eq!(item.map(|i| i.span), Some(at));
        assert_eq!(item.and_then(Node::as_str), Some("1"));
    }

    #[test]
    fn paths_quote_keys_that_need_it() {
        let p = vec![
            PathSeg::Key("Statement".into()),
            PathSeg::Index(0),
            PathSeg::Key("log.dirs".into()),
        ];
        assert_eq!(path_to_string(&p), "$.Statement[0]['log.dirs']");
    }
}
