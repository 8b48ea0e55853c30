//! Decoding `when` conditions: the operator vocabulary and its literals.

use super::Decoder;
use crate::parse::{Node, Value};
use crate::rules::declarative::assertions::parse_number;
use crate::rules::declarative::model::{Comparison, Condition, Literal, Op, Pattern, TypeName};
use crate::rules::declarative::query::RelPath;

/// The operators of a condition.
pub const OPERATORS: &[&str] = &[
    "exists",
    "absent",
    "equals",
    "one-of",
    "matches",
    "key-matches",
    "lt",
    "le",
    "gt",
    "ge",
    "type",
    "not",
    "all",
    "any",
];

const CONDITION_FIELDS: &[&str] = &[
    "path",
    "ignore-case",
    "exists",
    "absent",
    "equals",
    "one-of",
    "matches",
    "key-matches",
    "lt",
    "le",
    "gt",
    "ge",
    "type",
    "not",
    "all",
    "any",
];

/// Deepest nesting of `not`/`all`/`any`.
const MAX_CONDITION_DEPTH: usize = 32;

impl Decoder<'_> {
    pub(super) fn condition(&mut self, node: &Node, depth: usize) -> Option<Condition> {
        if depth > MAX_CONDITION_DEPTH {
            self.error(
                node.span,
                format!("conditions nest deeper than {MAX_CONDITION_DEPTH} levels"),
            );
            return None;
        }
        match &node.value {
            Value::Array(items) => {
                if items.is_empty() {
                    self.error(node.span, "an empty list of conditions");
                    return None;
                }
                let all: Vec<Condition> = items
                    .iter()
                    .filter_map(|i| self.condition(i, depth + 1))
                    .collect();
                (all.len() == items.len()).then_some(Condition {
                    path: None,
                    op: Op::All(all),
                })
            }
            Value::Object(_) => self.condition_object(node, depth),
            _ => {
                self.error_help(
                    node.span,
                    format!("a condition is a mapping, not a {}", node.type_name()),
                    "for example `{path: privileged, equals: true}`",
                );
                None
            }
        }
    }

    fn condition_object(&mut self, node: &Node, depth: usize) -> Option<Condition> {
        let known_fields = self.check_fields(node, CONDITION_FIELDS, "a condition");
        let ops: Vec<_> = node
            .members()
            .iter()
            .filter(|m| OPERATORS.contains(&m.key.as_str()))
            .collect();
        let (Some(op_member), rest) = (ops.first(), ops.get(1..).unwrap_or(&[])) else {
            if !known_fields {
                // A misspelled operator was reported, with its suggestion.
                return None;
            }
            self.error_help(
                node.span,
                "a condition needs an operator",
                format!("one of: {}", OPERATORS.join(", ")),
            );
            return None;
        };
        if let Some(extra) = rest.first() {
            self.error_help(
                extra.key_span,
                format!(
                    "a condition has one operator; this one also has `{}`",
                    op_member.key
                ),
                "combine several with `all: [...]` or `any: [...]`",
            );
            return None;
        }
        let path = match self.string(node, "path") {
            Some((text, pnode)) => match RelPath::parse(text) {
                Ok(p) => Some(p),
                Err(e) => {
                    self.query_error(pnode, &e, None);
                    return None;
                }
            },
            None => None,
        };
        let ignore_case = match node.member("ignore-case") {
            None => false,
            Some(m) => {
                if !matches!(op_member.key.as_str(), "equals" | "one-of") {
                    self.error_help(
                        m.key_span,
                        "`ignore-case` only applies to `equals` and `one-of`",
                        "for `matches`, start the regex with `(?i)`",
                    );
                    return None;
                }
                match m.value.as_bool() {
                    Some(b) => b,
                    None => {
                        self.error(m.value.span, "`ignore-case` is `true` or `false`");
                        return None;
                    }
                }
            }
        };
        let value = &op_member.value;
        let op = match op_member.key.as_str() {
            "exists" | "absent" => {
                if value.as_bool() != Some(true) {
                    let other = if op_member.key == "exists" {
                        "absent"
                    } else {
                        "exists"
                    };
                    self.error_help(
                        value.span,
                        format!("`{}` takes `true`", op_member.key),
                        format!("for the opposite, write `{other}: true`"),
                    );
                    return None;
                }
                if path.is_none() {
                    self.error_help(
                        op_member.key_span,
                        format!("`{}` needs a `path`", op_member.key),
                        "the selected node itself always exists; name what should be there, e.g. `{path: Ebs.Encrypted, absent: true}`",
                    );
                    return None;
                }
                if op_member.key == "exists" {
                    Op::Exists
                } else {
                    Op::Absent
                }
            }
            "equals" => Op::Equals {
                value: self.literal(value)?,
                ignore_case,
            },
            "one-of" => {
                if value.items().is_empty() {
                    self.error(value.span, "`one-of` takes a non-empty list");
                    return None;
                }
                let values: Vec<Literal> = value
                    .items()
                    .iter()
                    .filter_map(|v| self.literal(v))
                    .collect();
                if values.len() != value.items().len() {
                    return None;
                }
                Op::OneOf {
                    values,
                    ignore_case,
                }
            }
            "matches" | "key-matches" => {
                let Some(pattern) = value.as_str() else {
                    self.error(
                        value.span,
                        format!("`{}` takes a regex string", op_member.key),
                    );
                    return None;
                };
                let compiled = if self.lazy_regexes {
                    Ok(Pattern::lazy(pattern))
                } else {
                    Pattern::compile(pattern)
                };
                match compiled {
                    Ok(re) if op_member.key == "matches" => Op::Matches(Box::new(re)),
                    Ok(re) => Op::KeyMatches(Box::new(re)),
                    Err(e) => {
                        self.error_help(
                            value.span,
                            format!("invalid regex: {}", regex_error_summary(&e)),
                            "Rust `regex` syntax: no look-around or back-references",
                        );
                        return None;
                    }
                }
            }
            "lt" | "le" | "gt" | "ge" => {
                let cmp = Comparison::NAMES
                    .iter()
                    .find(|(n, _)| *n == op_member.key)
                    .map(|(_, c)| *c)?;
                let number = match &value.value {
                    Value::Number(n) | Value::String(n) => parse_number(n.trim()),
                    _ => None,
                };
                let Some(number) = number else {
                    self.error(value.span, format!("`{}` takes a number", op_member.key));
                    return None;
                };
                Op::Compare(cmp, number)
            }
            "type" => {
                let Some(name) = value.as_str() else {
                    self.error(value.span, "`type` takes a type name");
                    return None;
                };
                Op::Type(self.choice::<TypeName>(value, name, "type", TypeName::NAMES)?)
            }
            "not" => Op::Not(Box::new(self.condition(value, depth + 1)?)),
            "all" | "any" => {
                if !value.is_array() || value.items().is_empty() {
                    self.error(
                        value.span,
                        format!("`{}` takes a non-empty list of conditions", op_member.key),
                    );
                    return None;
                }
                let list: Vec<Condition> = value
                    .items()
                    .iter()
                    .filter_map(|i| self.condition(i, depth + 1))
                    .collect();
                if list.len() != value.items().len() {
                    return None;
                }
                if op_member.key == "all" {
                    Op::All(list)
                } else {
                    Op::Any(list)
                }
            }
            _ => return None,
        };
        Some(Condition { path, op })
    }

    fn literal(&mut self, node: &Node) -> Option<Literal> {
        match &node.value {
            Value::String(s) => Some(Literal::String(s.clone())),
            Value::Bool(b) => Some(Literal::Bool(*b)),
            Value::Null => Some(Literal::Null),
            Value::Number(n) => match parse_number(n) {
                Some(v) => Some(Literal::Number(v)),
                None => {
                    self.error(
                        node.span,
                        format!("`{n}` is not a number cloudlint can compare"),
                    );
                    None
                }
            },
            Value::Array(_) | Value::Object(_) => {
                self.error_help(
                    node.span,
                    format!(
                        "compare with a string, number, boolean or null, not a {}",
                        node.type_name()
                    ),
                    "to accept several values, use `one-of: [...]`",
                );
                None
            }
        }
    }
}

/// The useful line of a `regex` error (its `Display` is a multi-line box).
fn regex_error_summary(err: &regex::Error) -> String {
    let text = err.to_string();
    text.lines()
        .rev()
        .find(|l| l.trim_start().starts_with("error:"))
        .map(|l| {
            l.trim_start()
                .trim_start_matches("error:")
                .trim()
                .to_string()
        })
        .unwrap_or(text)
}
