//! Parsing: JSON, YAML and `.properties` text into one positioned [`Node`] tree.
//!
//! Parsers never panic and never stop the run: a problem is a [`ParseIssue`]
//! with a span. Recoverable issues (a JSON comment, a trailing comma) come with
//! a tree; fatal ones (a syntax error, a limit) come without one.

pub mod embedded;
pub mod json;
pub mod node;
pub mod properties;
pub mod yaml;

pub use node::{Member, Node, PathSeg, Value};

use crate::span::Span;

/// The concrete syntax of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Syntax {
    Json,
    Yaml,
    Properties,
    /// A POSIX shell script (`cassandra-env.sh`): no tree; the rules of its
    /// kind read the text with a reader of their own.
    Shell,
}

/// Bounds on untrusted input; each one, when exceeded, is a finding.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest file read, in bytes.
    pub max_file_size: u64,
    /// Deepest nesting of objects and lists.
    pub max_depth: usize,
    /// Most nodes that YAML alias expansion may produce.
    pub max_alias_nodes: usize,
}

/// The deepest tree a parser may build, whatever `max_depth` says: trees are
/// dropped, cloned and compared recursively, and a 10,000-deep tree overflows
/// a 2 MiB thread stack (rayon's default) in a debug build; 2,000 does not.
pub const MAX_SUPPORTED_DEPTH: usize = 1_000;

impl Limits {
    /// `max_depth`, capped at [`MAX_SUPPORTED_DEPTH`].
    #[must_use]
    pub fn depth(&self) -> usize {
        self.max_depth.min(MAX_SUPPORTED_DEPTH)
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_file_size: 8 * 1024 * 1024,
            max_depth: 256,
            max_alias_nodes: 100_000,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ParseIssueKind {
    /// Not valid for the format: no tree.
    Syntax,
    /// A limit of [`Limits`] was exceeded: no tree.
    Limit,
    /// A comment in JSON: the tree is still built.
    Comment,
    /// A trailing comma in JSON: the tree is still built.
    TrailingComma,
    /// Valid but misleading for the format (a `.properties` trap): the tree is still built.
    Suspicious,
}

/// A problem found while parsing, at a byte span.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseIssue {
    pub kind: ParseIssueKind,
    pub span: Span,
    pub message: String,
    pub labels: Vec<(Span, String)>,
    pub help: Option<String>,
}

impl ParseIssue {
    #[must_use]
    pub fn syntax(span: Span, message: String) -> ParseIssue {
        ParseIssue {
            kind: ParseIssueKind::Syntax,
            span,
            message,
            labels: Vec::new(),
            help: None,
        }
    }

    #[must_use]
    pub fn with_label(mut self, span: Span, label: &str) -> ParseIssue {
        self.labels.push((span, label.to_string()));
        self
    }

    #[must_use]
    pub fn with_help(mut self, help: &str) -> ParseIssue {
        self.help = Some(help.to_string());
        self
    }
}

/// What a parser returns: a tree when the text could be read, and the issues.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub root: Option<Node>,
    pub issues: Vec<ParseIssue>,
}

/// Parses text of the given syntax.
#[must_use]
pub fn parse(syntax: Syntax, text: &str, limits: &Limits) -> Parsed {
    match syntax {
        Syntax::Json => json::parse_json(text, limits),
        Syntax::Yaml => yaml::parse_yaml(text, limits),
        Syntax::Properties => properties::parse_properties(text, limits),
        Syntax::Shell => Parsed::default(),
    }
}
