//! What a loaded declarative rule is made of: the condition vocabulary, the
//! literals it compares with, and where a finding points. Everything here is
//! compiled (queries parsed, regexes built) when the rule file is loaded.

use regex::Regex;

use super::query::RelPath;

/// A test on a node, optionally on nodes at a `path` under it.
///
/// With a `path`, the condition holds when *some* node at the path satisfies
/// the operator (`exists` and `absent` look at whether there is one).
#[derive(Debug, Clone)]
pub struct Condition {
    pub path: Option<RelPath>,
    pub op: Op,
}

/// The closed set of operators.
#[derive(Debug, Clone)]
pub enum Op {
    /// A non-null node is at the path.
    Exists,
    /// Nothing, or only `null`, is at the path.
    Absent,
    Equals {
        value: Literal,
        ignore_case: bool,
    },
    OneOf {
        values: Vec<Literal>,
        ignore_case: bool,
    },
    /// The scalar's text matches the regex (unanchored, like `grep`).
    Matches(Box<Regex>),
    /// The node's member name (its key in its parent object) matches the
    /// regex: for settings whose name varies, such as Kafka's per-listener
    /// `listener.name.<listener>.ssl.key.password`. List items and the root
    /// have no name.
    KeyMatches(Box<Regex>),
    /// A number, or a string holding one, compared with a number.
    Compare(Comparison, f64),
    Type(TypeName),
    Not(Box<Condition>),
    All(Vec<Condition>),
    Any(Vec<Condition>),
}

/// A scalar a rule compares with.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    String(String),
    Number(f64),
    Bool(bool),
    Null,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    Lt,
    Le,
    Gt,
    Ge,
}

impl Comparison {
    pub const NAMES: &[(&str, Comparison)] = &[
        ("lt", Comparison::Lt),
        ("le", Comparison::Le),
        ("gt", Comparison::Gt),
        ("ge", Comparison::Ge),
    ];

    #[must_use]
    pub fn holds(self, left: f64, right: f64) -> bool {
        match self {
            Comparison::Lt => left < right,
            Comparison::Le => left <= right,
            Comparison::Gt => left > right,
            Comparison::Ge => left >= right,
        }
    }
}

/// The value types `type` tests, named as in messages (`Node::type_name`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeName {
    String,
    Number,
    Boolean,
    Null,
    List,
    Object,
}

impl TypeName {
    pub const NAMES: &[(&str, TypeName)] = &[
        ("string", TypeName::String),
        ("number", TypeName::Number),
        ("boolean", TypeName::Boolean),
        ("null", TypeName::Null),
        ("list", TypeName::List),
        ("object", TypeName::Object),
    ];
}

/// Which part of the reported node a finding underlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportPart {
    /// The value (the default).
    Value,
    /// The member's key, or the value when the node is a list item or the root.
    Key,
}
