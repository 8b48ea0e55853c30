//! What a loaded declarative rule is made of: the condition vocabulary, the
//! literals it compares with, and where a finding points. Everything here is
//! compiled (queries parsed, regexes built) when the rule file is loaded,
//! except the regexes of the built-in rules, built on first use (see [`Pattern`]).

use std::sync::OnceLock;

use regex::{Regex, RegexBuilder};

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
    Matches(Box<Pattern>),
    /// The node's member name (its key in its parent object) matches the
    /// regex: for settings whose name varies, such as Kafka's per-listener
    /// `listener.name.<listener>.ssl.key.password`. List items and the root
    /// have no name.
    KeyMatches(Box<Pattern>),
    /// A number, or a string holding one, compared with a number.
    Compare(Comparison, f64),
    Type(TypeName),
    Not(Box<Condition>),
    All(Vec<Condition>),
    Any(Vec<Condition>),
}

/// Largest compiled regex, in bytes (the `regex` crate's own default is 10 MiB).
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// The regex of `matches` / `key-matches`. A user's rule file is compiled
/// when it is loaded, so that a bad regex is a load error; the built-in rules
/// (tested to compile) are compiled on first use: compiling all of them took
/// over a third of the start-up of a run on one small file.
#[derive(Debug, Clone)]
pub struct Pattern {
    source: String,
    compiled: OnceLock<Option<Regex>>,
}

impl Pattern {
    /// Compiles `source` now.
    ///
    /// # Errors
    /// The regex is invalid or too large.
    pub fn compile(source: &str) -> Result<Pattern, regex::Error> {
        let re = build(source)?;
        Ok(Pattern {
            source: source.to_string(),
            compiled: OnceLock::from(Some(re)),
        })
    }

    /// Keeps `source`, compiled the first time it is matched; a regex that
    /// does not compile then matches nothing.
    #[must_use]
    pub fn lazy(source: &str) -> Pattern {
        Pattern {
            source: source.to_string(),
            compiled: OnceLock::new(),
        }
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.source
    }

    #[must_use]
    pub fn is_match(&self, text: &str) -> bool {
        self.compiled
            .get_or_init(|| build(&self.source).ok())
            .as_ref()
            .is_some_and(|re| re.is_match(text))
    }
}

fn build(source: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(source)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
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
