//! Evaluating a rule's `when` condition on a selected node.
//!
//! Comparisons are as loose as the formats cloudlint reads: a `.properties`
//! value or a CloudFormation `'true'` is a string, so `equals: true` also
//! matches the string `true` (any case), and numeric comparisons accept
//! strings that hold a number. `type` is the one strict test.

use super::model::{Condition, Literal, Op, TypeName};
use super::query::{Found, RelPath, follow_keys_to_node};
use crate::parse::{Node, PathSeg, Value};

impl Condition {
    /// Whether the condition holds for `node`; `root` anchors `$…` paths.
    #[must_use]
    pub fn holds(&self, node: &Node, root: &Node) -> bool {
        self.holds_keyed(node, None, root)
    }

    /// Like [`Condition::holds`], with the member name `node` has in its
    /// parent (`None` for a list item or the root), which `key-matches` tests.
    #[must_use]
    pub fn holds_keyed(&self, node: &Node, key: Option<&str>, root: &Node) -> bool {
        let at_path = match &self.path {
            None => return self.op.holds_on(node, key, root),
            // Names of the nodes a path reaches cost their paths: only when asked.
            Some(path) if self.op.needs_key() => {
                let found = path.resolve(node, root);
                let present = || found.iter().any(|f| !matches!(f.node.value, Value::Null));
                return match &self.op {
                    Op::Exists => present(),
                    Op::Absent => !present(),
                    op => found
                        .iter()
                        .any(|f| op.holds_on(f.node, key_of(f, key), root)),
                };
            }
            // The common case, without allocating.
            Some(RelPath::Dotted { keys, .. }) => {
                return self.holds_on_some(follow_keys_to_node(node, keys).as_slice(), root);
            }
            Some(path) => path.nodes(node, root),
        };
        self.holds_on_some(&at_path, root)
    }

    /// Whether the condition tests member names (`key-matches`) anywhere.
    #[must_use]
    pub fn needs_key(&self) -> bool {
        self.op.needs_key()
    }

    /// The condition on the nodes its path reached.
    fn holds_on_some(&self, found: &[&Node], root: &Node) -> bool {
        let present = || found.iter().any(|n| !matches!(n.value, Value::Null));
        match &self.op {
            Op::Exists => present(),
            Op::Absent => !present(),
            op => found.iter().any(|n| op.holds_on(n, None, root)),
        }
    }
}

/// The member name of a node a path reached: the path's last key; the
/// starting node's own name when a relative path did not move (`@`).
fn key_of<'a>(found: &'a Found<'_>, start: Option<&'a str>) -> Option<&'a str> {
    match found.path.last() {
        Some(PathSeg::Key(k)) => Some(k),
        Some(PathSeg::Index(_)) => None,
        None if found.from_root => None,
        None => start,
    }
}

impl Op {
    fn needs_key(&self) -> bool {
        match self {
            Op::KeyMatches(_) => true,
            Op::Not(c) => c.op.needs_key(),
            Op::All(cs) | Op::Any(cs) => cs.iter().any(|c| c.op.needs_key()),
            _ => false,
        }
    }

    fn holds_on(&self, node: &Node, key: Option<&str>, root: &Node) -> bool {
        match self {
            Op::Exists => !matches!(node.value, Value::Null),
            Op::Absent => matches!(node.value, Value::Null),
            Op::Equals { value, ignore_case } => literal_matches(value, node, *ignore_case),
            Op::OneOf {
                values,
                ignore_case,
            } => values
                .iter()
                .any(|v| literal_matches(v, node, *ignore_case)),
            Op::Matches(re) => scalar(node).is_some_and(|t| re.is_match(&t)),
            Op::KeyMatches(re) => key.is_some_and(|k| re.is_match(k)),
            Op::Compare(cmp, right) => number(node).is_some_and(|left| cmp.holds(left, *right)),
            Op::Type(t) => type_of(node) == *t,
            Op::Not(c) => !c.holds_keyed(node, key, root),
            Op::All(cs) => cs.iter().all(|c| c.holds_keyed(node, key, root)),
            Op::Any(cs) => cs.iter().any(|c| c.holds_keyed(node, key, root)),
        }
    }
}

fn scalar(node: &Node) -> Option<std::borrow::Cow<'_, str>> {
    node.scalar_text()
}

fn literal_matches(literal: &Literal, node: &Node, ignore_case: bool) -> bool {
    match literal {
        Literal::String(s) => scalar(node).is_some_and(|t| {
            if ignore_case {
                t.to_lowercase() == s.to_lowercase()
            } else {
                *t == **s
            }
        }),
        Literal::Number(n) => number(node).is_some_and(|v| v == *n),
        Literal::Bool(b) => match &node.value {
            Value::Bool(v) => v == b,
            Value::String(s) => s
                .trim()
                .eq_ignore_ascii_case(if *b { "true" } else { "false" }),
            _ => false,
        },
        Literal::Null => matches!(node.value, Value::Null),
    }
}

/// A number node, or a string that holds one (`"3"`, ` 2.5 `, `0x10`).
#[must_use]
pub fn number(node: &Node) -> Option<f64> {
    match &node.value {
        Value::Number(n) | Value::String(n) => parse_number(n.trim()),
        _ => None,
    }
}

/// Decimal, exponent, and YAML's `0x`/`0o` integers; never NaN or infinite.
#[must_use]
pub fn parse_number(text: &str) -> Option<f64> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let radix = if let Some(hex) = digits.strip_prefix("0x") {
        Some((hex, 16))
    } else {
        digits.strip_prefix("0o").map(|oct| (oct, 8))
    };
    let value = match radix {
        Some((body, radix)) => i64::from_str_radix(body, radix).ok().map(|v| v as f64),
        None if digits.starts_with(|c: char| c.is_ascii_digit() || c == '.') => {
            digits.parse::<f64>().ok()
        }
        None => None,
    }?;
    let value = if negative { -value } else { value };
    value.is_finite().then_some(value)
}

fn type_of(node: &Node) -> TypeName {
    match node.value {
        Value::Null => TypeName::Null,
        Value::Bool(_) => TypeName::Boolean,
        Value::Number(_) => TypeName::Number,
        Value::String(_) => TypeName::String,
        Value::Array(_) => TypeName::List,
        Value::Object(_) => TypeName::Object,
    }
}

#[cfg(test)]
mod tests {
    use super::super::model::Comparison;
    use super::super::query::RelPath;
    use super::*;
    use crate::parse::{Limits, json::parse_json};

    fn doc(text: &str) -> Node {
        parse_json(text, &Limits::default()).root.unwrap()
    }

    fn at(path: &str, op: Op) -> Condition {
        Condition {
            path: Some(RelPath::parse(path).unwrap()),
            op,
        }
    }

    fn here(op: Op) -> Condition {
        Condition { path: None, op }
    }

    fn eq(value: Literal) -> Op {
        Op::Equals {
            value,
            ignore_case: false,
        }
    }

    const DOC: &str = r#"{
        "b": true, "bs": "TRUE", "f": false, "n": 3, "ns": " 2.5 ", "hex": "0x10",
        "s": "PLAINTEXT://:9092", "nul": null, "list": [1, "x"], "obj": {"k": "v"}
    }"#;

    fn holds(c: &Condition) -> bool {
        let root = doc(DOC);
        c.holds(&root, &root)
    }

    #[test]
    fn exists_and_absent() {
        assert!(holds(&at("b", Op::Exists)));
        assert!(holds(&at("f", Op::Exists)), "false is a value");
        assert!(!holds(&at("nul", Op::Exists)), "null counts as absent");
        assert!(holds(&at("nul", Op::Absent)));
        assert!(holds(&at("missing", Op::Absent)));
        assert!(!holds(&at("obj.k", Op::Absent)));
        assert!(holds(&at("@.list[*]", Op::Exists)));
        assert!(holds(&at("@.obj[?@ == 'w']", Op::Absent)));
    }

    #[test]
    fn equals_is_loose_about_scalars() {
        assert!(holds(&at("b", eq(Literal::Bool(true)))));
        assert!(
            holds(&at("bs", eq(Literal::Bool(true)))),
            "\"TRUE\" is true"
        );
        assert!(!holds(&at("f", eq(Literal::Bool(true)))));
        assert!(holds(&at("n", eq(Literal::Number(3.0)))));
        assert!(holds(&at("n", eq(Literal::String("3".into())))));
        assert!(holds(&at("ns", eq(Literal::Number(2.5)))));
        assert!(holds(&at("nul", eq(Literal::Null))));
        assert!(!holds(&at("missing", eq(Literal::Null))));
        assert!(!holds(&at(
            "s",
            eq(Literal::String("plaintext://:9092".into()))
        )));
        assert!(holds(&at(
            "s",
            Op::Equals {
                value: Literal::String("plaintext://:9092".into()),
                ignore_case: true
            }
        )));
        assert!(!holds(&at("obj", eq(Literal::String("v".into())))));
    }

    #[test]
    fn one_of() {
        let op = |ignore_case| Op::OneOf {
            values: vec![
                Literal::String("sasl_plaintext".into()),
                Literal::Number(3.0),
            ],
            ignore_case,
        };
        assert!(holds(&at("n", op(false))));
        assert!(!holds(&at("s", op(true))));
        assert!(
            holds(&at(
                "@.list[*]",
                Op::OneOf {
                    values: vec![Literal::String("x".into())],
                    ignore_case: false
                }
            )),
            "some item matches"
        );
    }

    #[test]
    fn matches_uses_the_scalar_text() {
        let re = |p: &str| {
            Op::Matches(Box::new(
                crate::rules::declarative::model::Pattern::compile(p).unwrap(),
            ))
        };
        assert!(holds(&at("s", re("^(SASL_)?PLAINTEXT:"))));
        assert!(holds(&at("n", re("^3$"))));
        assert!(holds(&at("b", re("^true$"))));
        assert!(!holds(&at("obj", re("."))), "objects have no text");
        assert!(!holds(&at("nul", re("null"))));
    }

    #[test]
    fn key_matches_tests_the_member_name() {
        let re = |p: &str| {
            Op::KeyMatches(Box::new(
                crate::rules::declarative::model::Pattern::compile(p).unwrap(),
            ))
        };
        let root = doc(DOC);
        let obj = root.get("obj").unwrap();
        let k = obj.get("k").unwrap();
        assert!(here(re("^k$")).holds_keyed(k, Some("k"), &root));
        assert!(!here(re("^v$")).holds_keyed(k, Some("k"), &root));
        assert!(!here(re(".")).holds(&root, &root), "the root has no name");
        // A path names the nodes it reaches; `@` keeps the starting name.
        assert!(at("k", re("^k$")).holds(obj, &root));
        assert!(at("$.obj", re("^obj$")).holds(k, &root));
        assert!(at("@", re("^k$")).holds_keyed(k, Some("k"), &root));
        assert!(
            !at("@.list[*]", re(".")).holds(&root, &root),
            "list items have none"
        );
        assert!(!at("$", re(".")).holds_keyed(k, Some("k"), &root));
        // Under `not`, `all` and `any` the name travels with the node.
        assert!(here(Op::Not(Box::new(here(re("^x$"))))).holds_keyed(k, Some("k"), &root));
        assert!(here(Op::All(vec![here(re("^k$"))])).holds_keyed(k, Some("k"), &root));
        assert!(here(Op::Any(vec![here(re("^k$"))])).needs_key());
        assert!(!at("k", Op::Exists).needs_key());
    }

    #[test]
    fn numeric_comparisons() {
        let cmp = |c, v| Op::Compare(c, v);
        assert!(holds(&at("n", cmp(Comparison::Lt, 4.0))));
        assert!(!holds(&at("n", cmp(Comparison::Lt, 3.0))));
        assert!(holds(&at("n", cmp(Comparison::Le, 3.0))));
        assert!(holds(&at("ns", cmp(Comparison::Gt, 2.0))));
        assert!(holds(&at("hex", cmp(Comparison::Ge, 16.0))));
        assert!(!holds(&at("s", cmp(Comparison::Lt, 1e9))), "not a number");
        assert!(
            !holds(&at("b", cmp(Comparison::Gt, -1.0))),
            "booleans are not numbers"
        );
        assert_eq!(parse_number("1e3"), Some(1000.0));
        assert_eq!(parse_number("-0o17"), Some(-15.0));
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number("1e999"), None);
        assert_eq!(parse_number(""), None);
    }

    #[test]
    fn types_are_strict() {
        assert!(holds(&at("bs", Op::Type(TypeName::String))));
        assert!(holds(&at("b", Op::Type(TypeName::Boolean))));
        assert!(holds(&at("n", Op::Type(TypeName::Number))));
        assert!(holds(&at("nul", Op::Type(TypeName::Null))));
        assert!(holds(&at("list", Op::Type(TypeName::List))));
        assert!(holds(&at("obj", Op::Type(TypeName::Object))));
        assert!(!holds(&at("ns", Op::Type(TypeName::Number))));
    }

    #[test]
    fn not_all_any() {
        let t = || at("b", eq(Literal::Bool(true)));
        let f = || at("f", eq(Literal::Bool(true)));
        assert!(holds(&here(Op::Not(Box::new(f())))));
        assert!(!holds(&here(Op::Not(Box::new(t())))));
        assert!(holds(&here(Op::All(vec![t(), t()]))));
        assert!(!holds(&here(Op::All(vec![t(), f()]))));
        assert!(holds(&here(Op::Any(vec![f(), t()]))));
        assert!(!holds(&here(Op::Any(vec![f(), f()]))));
        // `not` on an absent path holds; `not` under the path needs the node.
        assert!(holds(&here(Op::Not(Box::new(at(
            "missing",
            eq(Literal::Bool(true))
        ))))));
        assert!(!holds(&at(
            "missing",
            Op::Not(Box::new(here(eq(Literal::Bool(true)))))
        )));
        // Nested paths are relative to the node the outer path reached.
        assert!(holds(&at(
            "obj",
            Op::All(vec![at("k", eq(Literal::String("v".into())))])
        )));
    }

    #[test]
    fn root_paths_look_at_the_document() {
        let root = doc(DOC);
        let obj = root.get("obj").unwrap();
        let c = at("$.n", eq(Literal::Number(3.0)));
        assert!(c.holds(obj, &root));
        assert!(!at("n", Op::Exists).holds(obj, &root));
    }
}
