//! JSONPath (RFC 9535, `jsonpath-rust`) over our positioned [`Node`] tree.
//!
//! `Queryable` is implemented on `Node` itself, so a query's results are
//! references into the parsed file: every match carries its value span, and
//! the key span is found from the match's normalized path. Queries are
//! compiled once, when a rule is loaded, and only evaluated per file.

use std::borrow::Cow;

use jsonpath_rust::parser::model::JpQuery;
use jsonpath_rust::parser::{errors::JsonPathError, parse_json_path};
use jsonpath_rust::query::js_path_process;
use jsonpath_rust::query::queryable::Queryable;

use crate::parse::{Member, Node, PathSeg, Value};
use crate::span::Span;

impl Queryable for Node {
    fn get(&self, key: &str) -> Option<&Node> {
        Node::get(self, key)
    }

    fn as_array(&self) -> Option<&Vec<Node>> {
        match &self.value {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// Every member in source order, duplicates included: a wildcard sees
    /// both values of a repeated key, a name selector (`get`) the last one.
    fn as_object(&self) -> Option<Vec<(&str, &Node)>> {
        match &self.value {
            Value::Object(members) => {
                Some(members.iter().map(|m| (m.key.as_str(), &m.value)).collect())
            }
            _ => None,
        }
    }

    fn as_str(&self) -> Option<&str> {
        Node::as_str(self)
    }

    fn as_i64(&self) -> Option<i64> {
        Node::as_i64(self)
    }

    fn as_f64(&self) -> Option<f64> {
        Node::as_f64(self)
    }

    fn as_bool(&self) -> Option<bool> {
        Node::as_bool(self)
    }

    fn null() -> Node {
        Node::default()
    }
}

// The conversions `Queryable` requires: literals of a filter become nodes
// without a position.
impl From<&str> for Node {
    fn from(s: &str) -> Node {
        Node::new(Span::EMPTY, Value::String(s.to_string()))
    }
}

impl From<String> for Node {
    fn from(s: String) -> Node {
        Node::new(Span::EMPTY, Value::String(s))
    }
}

impl From<bool> for Node {
    fn from(b: bool) -> Node {
        Node::new(Span::EMPTY, Value::Bool(b))
    }
}

impl From<i64> for Node {
    fn from(n: i64) -> Node {
        Node::new(Span::EMPTY, Value::Number(n.to_string()))
    }
}

impl From<f64> for Node {
    fn from(n: f64) -> Node {
        Node::new(Span::EMPTY, Value::Number(n.to_string()))
    }
}

impl From<Vec<Node>> for Node {
    fn from(items: Vec<Node>) -> Node {
        Node::new(Span::EMPTY, Value::Array(items))
    }
}

/// A JSONPath query, parsed once.
#[derive(Debug, Clone)]
pub struct Query {
    text: String,
    compiled: JpQuery,
}

/// A query that does not parse: the byte offset in the query text where
/// the parser stopped, when it says, and what it expected.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryError {
    pub offset: Option<usize>,
    pub message: String,
}

/// One node a query selected, with where it is.
#[derive(Debug, Clone)]
pub struct Match<'a> {
    pub node: &'a Node,
    /// The logical path from the node the query ran on.
    pub path: Vec<PathSeg>,
    /// The span of the member key when the node is an object member.
    pub key_span: Option<Span>,
}

impl Query {
    /// Parses an absolute query (`$…`).
    ///
    /// # Errors
    /// The query is not valid RFC 9535 JSONPath, or uses the regex functions
    /// `match()`/`search()` (which `jsonpath-rust` recompiles per evaluation).
    pub fn compile(text: &str) -> Result<Query, QueryError> {
        if let Some(offset) = regex_function(text) {
            return Err(QueryError {
                offset: Some(offset),
                message: "the JSONPath functions `match()` and `search()` are not allowed in rules"
                    .to_string(),
            });
        }
        if let Some(err) = unbalanced(text) {
            return Err(err);
        }
        match parse_json_path(text) {
            Ok(compiled) => Ok(Query {
                text: text.to_string(),
                compiled,
            }),
            Err(e) => Err(describe_error(text, &e)),
        }
    }

    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The nodes the query selects under `root`, in the order RFC 9535 gives.
    #[must_use]
    pub fn matches<'a>(&self, root: &'a Node) -> Vec<Match<'a>> {
        self.select(root)
            .into_iter()
            .filter_map(|s| s.locate(root))
            .collect()
    }

    /// The selected nodes with their paths still as text: locating them
    /// (parsing the path, finding the key span) is left to those that
    /// become findings.
    #[must_use]
    pub fn select<'a>(&self, root: &'a Node) -> Vec<Selected<'a>> {
        js_path_process(&self.compiled, root)
            .map(|found| {
                found
                    .into_iter()
                    .map(|r| Selected {
                        node: r.val,
                        path: r.path,
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Only the selected nodes.
    #[must_use]
    pub fn nodes<'a>(&self, root: &'a Node) -> Vec<&'a Node> {
        js_path_process(&self.compiled, root)
            .map(|found| found.into_iter().map(|r| r.val).collect())
            .unwrap_or_default()
    }
}

/// A node a query selected, with its normalized path as `jsonpath-rust` wrote it.
#[derive(Debug, Clone)]
pub struct Selected<'a> {
    pub node: &'a Node,
    pub path: String,
}

impl<'a> Selected<'a> {
    /// Its logical path and key span.
    #[must_use]
    pub fn locate(self, root: &'a Node) -> Option<Match<'a>> {
        let path = parse_normalized_path(&self.path)?;
        let key_span = key_span_of(root, &path, self.node);
        Some(Match {
            node: self.node,
            path,
            key_span,
        })
    }
}

/// An unclosed bracket or string, or a closing bracket without its opener:
/// said plainly, where the parser would only report where it gave up.
fn unbalanced(text: &str) -> Option<QueryError> {
    let mut open: Vec<(usize, char)> = Vec::new();
    let mut quote: Option<(usize, char)> = None;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if let Some((_, q)) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' => quote = Some((i, c)),
            '[' | '(' => open.push((i, c)),
            ']' | ')' => {
                let expected = if c == ']' { '[' } else { '(' };
                match open.pop() {
                    Some((_, o)) if o == expected => {}
                    _ => {
                        return Some(QueryError {
                            offset: Some(i),
                            message: format!("invalid JSONPath: `{c}` closes nothing"),
                        });
                    }
                }
            }
            _ => {}
        }
    }
    if let Some((i, q)) = quote {
        return Some(QueryError {
            offset: Some(i),
            message: format!("invalid JSONPath: the string opened by `{q}` here is not closed"),
        });
    }
    open.pop().map(|(i, c)| QueryError {
        offset: Some(i),
        message: format!("invalid JSONPath: `{c}` is not closed"),
    })
}

/// The offset of a `match(`/`search(` call outside string literals.
fn regex_function(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut quote: Option<u8> = None;
    let mut escaped = false;
    for (i, &b) in bytes.iter().enumerate() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == q {
                quote = None;
            }
            continue;
        }
        if b == b'\'' || b == b'"' {
            quote = Some(b);
            continue;
        }
        let preceded_by_name = i > 0
            && bytes
                .get(i - 1)
                .is_some_and(|p| p.is_ascii_alphanumeric() || *p == b'_' || *p == b'.');
        if preceded_by_name {
            continue;
        }
        for name in ["match", "search"] {
            let rest = text.get(i..).unwrap_or("");
            if let Some(after) = rest.strip_prefix(name)
                && after.trim_start().starts_with('(')
            {
                return Some(i);
            }
        }
    }
    None
}

fn describe_error(text: &str, err: &JsonPathError) -> QueryError {
    match err {
        JsonPathError::PestError(pest_err) => {
            let offset = match pest_err.location {
                pest::error::InputLocation::Pos(p) => p,
                pest::error::InputLocation::Span((s, _)) => s,
            };
            let found = text
                .get(offset..)
                .and_then(|t| t.chars().next())
                .map_or_else(|| "end of the query".to_string(), |c| format!("`{c}`"));
            QueryError {
                offset: Some(offset),
                message: format!(
                    "invalid JSONPath: unexpected {found} at character {}",
                    text.get(..offset).map_or(offset, |t| t.chars().count()) + 1
                ),
            }
        }
        other => QueryError {
            offset: None,
            message: format!("invalid JSONPath: {other}"),
        },
    }
}

/// Parses a normalized path as `jsonpath-rust` renders it
/// (`$['a'][0]['b\'c']`, RFC 9535 §2.7) into path segments.
#[must_use]
pub fn parse_normalized_path(text: &str) -> Option<Vec<PathSeg>> {
    let mut rest = text.strip_prefix('$')?;
    let mut path = Vec::new();
    while !rest.is_empty() {
        rest = rest.strip_prefix('[')?;
        if let Some(quoted) = rest.strip_prefix('\'') {
            let (key, after) = unescape_name(quoted)?;
            path.push(PathSeg::Key(key));
            rest = after.strip_prefix(']')?;
        } else {
            let end = rest.find(']')?;
            path.push(PathSeg::Index(rest.get(..end)?.parse().ok()?));
            rest = rest.get(end + 1..)?;
        }
    }
    Some(path)
}

/// Reads a single-quoted name up to its closing quote; returns it and the rest.
fn unescape_name(text: &str) -> Option<(String, &str)> {
    let mut out = String::new();
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\'' => return Some((out, text.get(i + 1..)?)),
            '\\' => {
                let (_, e) = chars.next()?;
                match e {
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'n' => out.push('\n'),
                    'r' => out.push('\r'),
                    't' => out.push('\t'),
                    'u' => {
                        let hex: String = chars.by_ref().take(4).map(|(_, h)| h).collect();
                        out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                    }
                    other => out.push(other),
                }
            }
            other => out.push(other),
        }
    }
    None
}

/// The key span of `target`, reached from `root` by `path`. Repeated keys are
/// all followed, and the member is recognised by identity, so a match under
/// the first of two duplicates gets the first key's span.
#[must_use]
pub fn key_span_of(root: &Node, path: &[PathSeg], target: &Node) -> Option<Span> {
    let (last, parents) = path.split_last()?;
    let PathSeg::Key(key) = last else {
        return None;
    };
    let mut found = None;
    for_each_at(root, parents, &mut |parent: &Node| {
        if found.is_none() {
            found = parent
                .members()
                .iter()
                .find(|m: &&Member| m.key == *key && std::ptr::eq(&m.value, target))
                .map(|m| m.key_span);
        }
    });
    found
}

/// The node at `path` from `root` (the last of repeated keys).
#[must_use]
pub fn node_at<'a>(root: &'a Node, path: &[PathSeg]) -> Option<&'a Node> {
    path.iter().try_fold(root, |node, seg| match seg {
        PathSeg::Key(k) => node.get(k),
        PathSeg::Index(i) => node.items().get(*i),
    })
}

/// Calls `visit` on every node at `path` (every duplicate of a repeated key).
fn for_each_at(node: &Node, path: &[PathSeg], visit: &mut dyn FnMut(&Node)) {
    let Some((first, rest)) = path.split_first() else {
        visit(node);
        return;
    };
    match first {
        PathSeg::Key(key) => {
            for m in node.members().iter().filter(|m| m.key == *key) {
                for_each_at(&m.value, rest, visit);
            }
        }
        PathSeg::Index(i) => {
            if let Some(item) = node.items().get(*i) {
                for_each_at(item, rest, visit);
            }
        }
    }
}

/// A path from the node a condition looks at: `Ebs.Encrypted` (keys, last
/// one wins, and list indexes), `@…` (JSONPath from that node) or `$…`
/// (JSONPath from the document root).
#[derive(Debug, Clone)]
pub enum RelPath {
    Dotted { text: String, keys: Vec<String> },
    Current(Query),
    Root(Query),
}

/// A node a [`RelPath`] reached.
#[derive(Debug, Clone)]
pub struct Found<'a> {
    pub node: &'a Node,
    /// Relative to the starting node, or to the root for a `$…` path.
    pub path: Vec<PathSeg>,
    pub key_span: Option<Span>,
    pub from_root: bool,
}

impl RelPath {
    /// Parses a relative path.
    ///
    /// # Errors
    /// An empty path, an empty dotted segment, or an invalid JSONPath.
    pub fn parse(text: &str) -> Result<RelPath, QueryError> {
        if let Some(rest) = text.strip_prefix('@') {
            return Query::compile(&format!("${rest}")).map(|mut q| {
                q.text = text.to_string();
                RelPath::Current(q)
            });
        }
        if text.starts_with('$') {
            return Query::compile(text).map(RelPath::Root);
        }
        if let Some(offset) = text.find(['[', ']', '*']) {
            return Err(QueryError {
                offset: Some(offset),
                message: format!(
                    "`{text}` is a dotted path (keys and list positions: `portMappings.0.hostPort`); for brackets and wildcards write a JSONPath from the current node: `@.portMappings[*].hostPort`"
                ),
            });
        }
        let keys: Vec<String> = text.split('.').map(str::to_string).collect();
        if let Some(empty) = keys.iter().position(String::is_empty) {
            let offset = keys.iter().take(empty).map(|k| k.len() + 1).sum::<usize>();
            return Err(QueryError {
                offset: Some(offset),
                message: format!(
                    "empty segment in path `{text}`; write keys with dots as `@['log.dirs']`"
                ),
            });
        }
        Ok(RelPath::Dotted {
            text: text.to_string(),
            keys,
        })
    }

    #[must_use]
    pub fn text(&self) -> &str {
        match self {
            RelPath::Dotted { text, .. } => text,
            RelPath::Current(q) | RelPath::Root(q) => q.text(),
        }
    }

    /// The nodes the path reaches from `current` (or from `root` for `$…`).
    #[must_use]
    pub fn resolve<'a>(&self, current: &'a Node, root: &'a Node) -> Vec<Found<'a>> {
        match self {
            RelPath::Dotted { keys, .. } => follow_keys(current, keys).into_iter().collect(),
            RelPath::Current(q) => found(q.matches(current), false),
            RelPath::Root(q) => found(q.matches(root), true),
        }
    }

    /// Only the nodes the path reaches (what conditions need): no paths
    /// or key spans are built.
    #[must_use]
    pub fn nodes<'a>(&self, current: &'a Node, root: &'a Node) -> Vec<&'a Node> {
        match self {
            RelPath::Dotted { keys, .. } => {
                follow_keys_to_node(current, keys).into_iter().collect()
            }
            RelPath::Current(q) => q.nodes(current),
            RelPath::Root(q) => q.nodes(root),
        }
    }

    /// The first node the path reaches, for placeholders and `at`.
    #[must_use]
    pub fn first<'a>(&self, current: &'a Node, root: &'a Node) -> Option<Found<'a>> {
        match self {
            RelPath::Dotted { keys, .. } => follow_keys(current, keys),
            _ => self.resolve(current, root).into_iter().next(),
        }
    }
}

fn found(matches: Vec<Match<'_>>, from_root: bool) -> Vec<Found<'_>> {
    matches
        .into_iter()
        .map(|m| Found {
            node: m.node,
            path: m.path,
            key_span: m.key_span,
            from_root,
        })
        .collect()
}

/// The node at a dotted path: member names (the last of repeated keys) and
/// list positions.
#[must_use]
pub fn follow_keys_to_node<'a>(start: &'a Node, keys: &[String]) -> Option<&'a Node> {
    keys.iter()
        .try_fold(start, |node, key| match node.get(key) {
            Some(next) => Some(next),
            None => node.items().get(key.parse::<usize>().ok()?),
        })
}

fn follow_keys<'a>(start: &'a Node, keys: &[String]) -> Option<Found<'a>> {
    let mut node = start;
    let mut path = Vec::with_capacity(keys.len());
    let mut key_span = None;
    for key in keys {
        if let Some(m) = node.member(key) {
            node = &m.value;
            key_span = Some(m.key_span);
            path.push(PathSeg::Key(key.clone()));
        } else {
            let index: usize = key.parse().ok()?;
            node = node.items().get(index)?;
            key_span = None;
            path.push(PathSeg::Index(index));
        }
    }
    Some(Found {
        node,
        path,
        key_span,
        from_root: false,
    })
}

/// A short rendering of a value for messages: scalars as written, lists of
/// scalars in brackets, anything longer cut at 80 characters.
#[must_use]
pub fn display_value(node: &Node) -> Cow<'_, str> {
    const MAX: usize = 80;
    let text: Cow<'_, str> = match &node.value {
        Value::Null => Cow::Borrowed("null"),
        Value::Object(_) => Cow::Borrowed("{…}"),
        Value::Array(items) => Cow::Owned(format!(
            "[{}]",
            items
                .iter()
                .map(|i| match &i.value {
                    Value::Array(_) => Cow::Borrowed("[…]"),
                    _ => display_value(i),
                })
                .collect::<Vec<_>>()
                .join(", ")
        )),
        _ => node.scalar_text().unwrap_or(Cow::Borrowed("")),
    };
    if text.chars().count() > MAX {
        let cut: String = text.chars().take(MAX - 1).collect();
        Cow::Owned(format!("{cut}…"))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Limits, json::parse_json};

    fn doc(text: &str) -> Node {
        parse_json(text, &Limits::default()).root.unwrap()
    }

    fn spans(text: &str, query: &str) -> Vec<(String, String, Option<String>)> {
        let root = doc(text);
        Query::compile(query)
            .unwrap()
            .matches(&root)
            .iter()
            .map(|m| {
                (
                    crate::parse::node::path_to_string(&m.path),
                    m.node.span.text(text).to_string(),
                    m.key_span.map(|k| k.text(text).to_string()),
                )
            })
            .collect()
    }

    #[test]
    fn matches_carry_value_and_key_spans() {
        let text = r#"{"Statement": [{"Effect": "Allow", "Action": "s3:*"}, {"Effect": "Deny", "Action": ["iam:*"]}]}"#;
        assert_eq!(
            spans(text, "$.Statement[?@.Effect == 'Allow'].Action"),
            vec![(
                "$.Statement[0].Action".to_string(),
                "\"s3:*\"".to_string(),
                Some("\"Action\"".to_string())
            )]
        );
        assert_eq!(
            spans(text, "$.Statement[1].Action[0]"),
            vec![(
                "$.Statement[1].Action[0]".to_string(),
                "\"iam:*\"".to_string(),
                None
            )]
        );
    }

    #[test]
    fn descendant_and_quoted_names() {
        let text = "{\"a\": {\"log.dirs\": \"/tmp/x\"}, \"b\": [{\"log.dirs\": 1}]}";
        let got = spans(text, "$..['log.dirs']");
        assert_eq!(got.len(), 2);
        assert_eq!(
            got[0],
            (
                "$.a['log.dirs']".to_string(),
                "\"/tmp/x\"".to_string(),
                Some("\"log.dirs\"".to_string())
            )
        );
        assert_eq!(got[1].0, "$.b[0]['log.dirs']");
    }

    #[test]
    fn filters_compare_values_not_positions() {
        let text = r#"{"c": [{"privileged": true, "n": 1.0}, {"privileged": false, "n": 2}]}"#;
        assert_eq!(spans(text, "$.c[?@.privileged == true].n")[0].1, "1.0");
        assert_eq!(spans(text, "$.c[?@.n == 1].n")[0].1, "1.0");
        assert_eq!(spans(text, "$.c[?@.n > 1].n")[0].1, "2");
    }

    #[test]
    fn duplicate_keys_each_get_their_own_key_span() {
        let text = r#"{"a": 1, "a": 2}"#;
        let got = spans(text, "$.*");
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].2, Some("\"a\"".to_string()));
        let root = doc(text);
        let matches = Query::compile("$.*").unwrap().matches(&root);
        assert_eq!(matches[0].key_span.unwrap().start, 1);
        assert_eq!(matches[1].key_span.unwrap().start, 9);
        // A name selector follows the format: the last one wins.
        assert_eq!(spans(text, "$.a")[0].1, "2");
    }

    #[test]
    fn non_ascii_spans_are_bytes() {
        let text = r#"{"é": {"ü": "ß"}}"#;
        let got = spans(text, "$['é']['ü']");
        assert_eq!(got[0].1, "\"ß\"");
        assert_eq!(got[0].2, Some("\"ü\"".to_string()));
    }

    #[test]
    fn normalized_paths_round_trip_escapes() {
        assert_eq!(
            parse_normalized_path(r"$['a\'b'][3]['c\\d']['\u000a']"),
            Some(vec![
                PathSeg::Key("a'b".into()),
                PathSeg::Index(3),
                PathSeg::Key("c\\d".into()),
                PathSeg::Key("\n".into()),
            ])
        );
        assert_eq!(parse_normalized_path("$"), Some(vec![]));
        assert_eq!(parse_normalized_path("$['a'"), None);
        assert_eq!(parse_normalized_path("x"), None);
    }

    #[test]
    fn errors_point_into_the_query() {
        let err = Query::compile("$.a[?@.b ==]").unwrap_err();
        assert!(
            err.message.starts_with("invalid JSONPath"),
            "{}",
            err.message
        );
        assert!(err.offset.is_some());
        let err = Query::compile("$['listeners'").unwrap_err();
        assert_eq!(err.offset, Some(1));
        assert_eq!(err.message, "invalid JSONPath: `[` is not closed");
        let err = Query::compile("$.a[?@.b == 'x]").unwrap_err();
        assert_eq!(err.offset, Some(12));
        assert_eq!(
            err.message,
            "invalid JSONPath: the string opened by `'` here is not closed"
        );
        assert_eq!(Query::compile("$.a]").unwrap_err().offset, Some(3));
        assert_eq!(Query::compile("$[(]").unwrap_err().offset, Some(3));
        assert!(Query::compile("$['a]b']").is_ok());
        let err = Query::compile("$.a[?match(@.b, 'x.*')]").unwrap_err();
        assert_eq!(err.offset, Some(5));
        assert!(Query::compile("$['match(']").is_ok());
        assert!(Query::compile("$.matches").is_ok());
    }

    #[test]
    fn relative_paths() {
        let text = r#"{"Ebs": {"Encrypted": false, "log.dirs": "x"}, "list": [{"v": 1}]}"#;
        let root = doc(text);
        let get = |p: &str| {
            RelPath::parse(p)
                .unwrap()
                .resolve(&root, &root)
                .iter()
                .map(|f| f.node.span.text(text).to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(get("Ebs.Encrypted"), vec!["false"]);
        assert_eq!(get("list.0.v"), vec!["1"]);
        assert_eq!(get("@.Ebs['log.dirs']"), vec!["\"x\""]);
        assert_eq!(get("$.list[*].v"), vec!["1"]);
        assert!(get("Ebs.Missing").is_empty());
        assert!(get("list.x").is_empty());
        assert_eq!(RelPath::parse("a..b").unwrap_err().offset, Some(2));
        assert_eq!(RelPath::parse("a[0]").unwrap_err().offset, Some(1));
        let found = RelPath::parse("Ebs.Encrypted")
            .unwrap()
            .first(&root, &root)
            .unwrap();
        assert_eq!(found.key_span.unwrap().text(text), "\"Encrypted\"");
    }

    #[test]
    fn values_are_shown_short() {
        let root = doc(r#"{"a": ["x", 1, true, null, {"b": 1}], "s": "é"}"#);
        assert_eq!(
            display_value(root.get("a").unwrap()),
            "[x, 1, true, null, {…}]"
        );
        assert_eq!(display_value(root.get("s").unwrap()), "é");
        let long = Node::from("y".repeat(100));
        assert_eq!(display_value(&long).chars().count(), 80);
    }
}
