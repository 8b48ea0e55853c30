//! `Fn::ForEach` loops (the `AWS::LanguageExtensions` transform) expanded
//! into what they stand for, so that rules read `TopicA` and `TopicB` where
//! the template writes
//! `Fn::ForEach::Topics: [Name, [A, B], {Topic${Name}: {…}}]`.
//!
//! As the transform does, every `${Identifier}` and `&{Identifier}` (the
//! value with its non-alphanumeric characters removed) in the loop body's
//! keys and strings is replaced by each item of the collection, and so is
//! `{"Ref": Identifier}`. Loops nest (a body may hold another loop, or a
//! loop inside a resource's `Properties`), in `Conditions`, `Resources` and
//! `Outputs`. Generated keys and values keep the spans of the text they are
//! copied from, so findings point inside the loop body.
//!
//! A loop is expanded only when its collection is known: a literal list, or
//! a value the [`Resolver`] turns into a list of known strings (a `Ref` to a
//! `CommaDelimitedList` parameter with a default, `Fn::Split` of a literal).
//! A loop whose collection is not known stays as written and its body is not
//! read by rules: guessing the items could invent logical ids, and checking
//! the body with the identifier left symbolic would name no resource.
//!
//! Expansion is bounded against hostile input: at most [`MAX_GENERATED`]
//! generated members, [`MAX_NODES`] copied nodes and [`MAX_BYTES`] of
//! substituted text per template, loops
//! nested at most [`MAX_NESTING`] deep (deeper loops stay as written). Past
//! a budget the template is read as written, every loop unexpanded.

use std::collections::BTreeSet;

use super::conditions::Scenario;
use super::intrinsics::Resolver;
use super::template::Template;
use crate::diagnostic::Diagnostic;
use crate::parse::node::is_symbolic;
use crate::parse::{Member, Node, Value};

/// Most members (resources, outputs, properties …) loops may generate in
/// one template.
pub const MAX_GENERATED: usize = 1_000;
/// Deepest nesting of loops expanded; deeper ones stay as written.
pub const MAX_NESTING: usize = 5;
/// Most nodes the expansion may copy for one template.
pub const MAX_NODES: usize = 200_000;
/// Most bytes of keys and strings substitution may write for one template
/// (a long item replacing many `${Identifier}` must not exhaust memory).
pub const MAX_BYTES: usize = 16 << 20;
/// Deepest tree walked (parsers already bound depth; this keeps the walk
/// safe for trees built elsewhere).
const MAX_DEPTH: usize = 300;

/// The key prefix that declares a loop.
pub const LOOP_PREFIX: &str = "Fn::ForEach::";

/// The sections where loops are expanded.
const SECTIONS: [&str; 3] = ["Conditions", "Resources", "Outputs"];

/// A budget ran out: the template is read as written.
struct Exhausted;

/// The template `root` with its loops expanded; `None` when it declares no
/// loop (or a budget ran out), so the common case copies nothing.
#[must_use]
pub fn expand(root: &Node) -> Option<Node> {
    if !SECTIONS
        .iter()
        .any(|s| root.get(s).is_some_and(|n| has_loop(n, 0)))
    {
        return None;
    }
    let template = Template::new(root);
    let scenario = Scenario::default();
    let resolver = Resolver::new(&template, &scenario);
    let mut expander = Expander {
        resolver: &resolver,
        generated: 0,
        nodes: 0,
        bytes: 0,
    };
    let Value::Object(members) = &root.value else {
        return None;
    };
    let mut out = Vec::with_capacity(members.len());
    for m in members {
        let value = if SECTIONS.contains(&m.key.as_str()) {
            expander.node(&m.value, 0, 0).ok()?
        } else {
            m.value.clone()
        };
        out.push(Member {
            key: m.key.clone(),
            key_span: m.key_span,
            value,
        });
    }
    Some(Node {
        span: root.span,
        value: Value::Object(out),
        tag: root.tag.clone(),
    })
}

/// The logical ids of the resources loops generated: in `expanded`'s
/// `Resources` but not written in `raw`'s.
#[must_use]
pub fn generated_ids(raw: &Node, expanded: &Node) -> BTreeSet<String> {
    let written: BTreeSet<&str> = raw
        .get("Resources")
        .map(|r| r.members().iter().map(|m| m.key.as_str()).collect())
        .unwrap_or_default();
    expanded
        .get("Resources")
        .map(|r| {
            r.members()
                .iter()
                .filter(|m| !written.contains(m.key.as_str()))
                .map(|m| m.key.clone())
                .collect()
        })
        .unwrap_or_default()
}

/// Names the generated resource in findings about one whose message does
/// not: the resources of one loop share the spans of its body, so without
/// the name their findings would read the same.
pub fn name_generated(diagnostics: &mut [Diagnostic], generated: &BTreeSet<String>) {
    if generated.is_empty() {
        return;
    }
    for d in diagnostics {
        let Some(path) = &d.logical_path else {
            continue;
        };
        let path = path.strip_prefix("$.").unwrap_or(path);
        let Some(rest) = path.strip_prefix("Resources.") else {
            continue;
        };
        let id = rest.split(['.', '[']).next().unwrap_or(rest);
        if generated.contains(id) && !names(&d.message, id) {
            d.message = format!("{} (in {id}, generated by Fn::ForEach)", d.message);
        }
    }
}

/// Whether `text` holds `id` as a whole word (`TopicA`, not the `A` of `AWS`).
fn names(text: &str, id: &str) -> bool {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    text.match_indices(id).any(|(at, _)| {
        let before = text.get(..at).and_then(|t| t.chars().next_back());
        let after = text.get(at + id.len()..).and_then(|t| t.chars().next());
        !word(before) && !word(after)
    })
}

fn has_loop(node: &Node, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    match &node.value {
        Value::Object(members) => members
            .iter()
            .any(|m| m.key.starts_with(LOOP_PREFIX) || has_loop(&m.value, depth + 1)),
        Value::Array(items) => items.iter().any(|i| has_loop(i, depth + 1)),
        _ => false,
    }
}

struct Expander<'r, 't, 'a> {
    resolver: &'r Resolver<'t, 'a>,
    generated: usize,
    nodes: usize,
    bytes: usize,
}

impl Expander<'_, '_, '_> {
    fn count(&mut self) -> Result<(), Exhausted> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            Err(Exhausted)
        } else {
            Ok(())
        }
    }

    /// `text` with the identifier replaced, within the byte budget.
    fn apply(&mut self, b: &Binding, text: &str) -> Result<String, Exhausted> {
        self.bytes = self.bytes.saturating_add(b.applied_len(text));
        if self.bytes > MAX_BYTES {
            return Err(Exhausted);
        }
        Ok(b.apply(text))
    }

    /// A copy of `node` with the loops in it expanded.
    fn node(&mut self, node: &Node, nesting: usize, depth: usize) -> Result<Node, Exhausted> {
        self.count()?;
        if depth > MAX_DEPTH {
            return Err(Exhausted);
        }
        let value = match &node.value {
            Value::Object(members) => {
                let mut out = Vec::with_capacity(members.len());
                for m in members {
                    if m.key.starts_with(LOOP_PREFIX)
                        && let Some(generated) = self.unroll(&m.value, nesting, depth)?
                    {
                        out.extend(generated);
                        continue;
                    }
                    out.push(Member {
                        key: m.key.clone(),
                        key_span: m.key_span,
                        value: self.node(&m.value, nesting, depth + 1)?,
                    });
                }
                Value::Object(out)
            }
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|i| self.node(i, nesting, depth + 1))
                    .collect::<Result<_, _>>()?,
            ),
            other => other.clone(),
        };
        Ok(Node {
            span: node.span,
            value,
            tag: node.tag.clone(),
        })
    }

    /// The members one loop generates; `None` when it is not expanded
    /// (malformed, unknown collection, nested too deep).
    fn unroll(
        &mut self,
        arg: &Node,
        nesting: usize,
        depth: usize,
    ) -> Result<Option<Vec<Member>>, Exhausted> {
        if nesting >= MAX_NESTING {
            return Ok(None);
        }
        let [identifier, collection, body] = arg.items() else {
            return Ok(None);
        };
        let (Some(identifier), Value::Object(_)) = (identifier.as_str(), &body.value) else {
            return Ok(None);
        };
        if identifier.is_empty() {
            return Ok(None);
        }
        let Some(items) = self.collection(collection) else {
            return Ok(None);
        };
        let mut out = Vec::new();
        for item in &items {
            self.generated += body.members().len();
            if self.generated > MAX_GENERATED {
                return Err(Exhausted);
            }
            let bound = Binding::new(identifier, item);
            let copy = self.substitute(body, &bound, depth + 1)?;
            let expanded = self.node(&copy, nesting + 1, depth + 1)?;
            if let Value::Object(members) = expanded.value {
                out.extend(members);
            }
        }
        Ok(Some(out))
    }

    /// The items of a loop's collection, when every one is known text.
    fn collection(&self, node: &Node) -> Option<Vec<String>> {
        let resolved = self.resolver.resolve(node)?;
        resolved
            .items()
            .iter()
            .map(|i| {
                let text = i.scalar_text()?;
                (!is_symbolic(&text)).then(|| text.into_owned())
            })
            .collect::<Option<Vec<_>>>()
            .filter(|_| resolved.is_array())
    }

    /// A copy of `node` with the identifier replaced by its value.
    fn substitute(&mut self, node: &Node, b: &Binding, depth: usize) -> Result<Node, Exhausted> {
        self.count()?;
        if depth > MAX_DEPTH {
            return Err(Exhausted);
        }
        if let [m] = node.members()
            && m.key == "Ref"
            && m.value.as_str() == Some(b.identifier)
        {
            return Ok(Node::new(node.span, Value::String(b.value.to_string())));
        }
        let value = match &node.value {
            Value::Object(members) => Value::Object(
                members
                    .iter()
                    .map(|m| {
                        Ok(Member {
                            key: self.apply(b, &m.key)?,
                            key_span: m.key_span,
                            value: self.substitute(&m.value, b, depth + 1)?,
                        })
                    })
                    .collect::<Result<_, _>>()?,
            ),
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|i| self.substitute(i, b, depth + 1))
                    .collect::<Result<_, _>>()?,
            ),
            Value::String(s) => Value::String(self.apply(b, s)?),
            other => other.clone(),
        };
        Ok(Node {
            span: node.span,
            value,
            tag: node.tag.clone(),
        })
    }
}

/// One identifier bound to one item of the collection.
struct Binding<'s> {
    identifier: &'s str,
    value: &'s str,
    plain: String,
    dollar: String,
    ampersand: String,
}

impl<'s> Binding<'s> {
    fn new(identifier: &'s str, value: &'s str) -> Binding<'s> {
        Binding {
            identifier,
            value,
            plain: value.chars().filter(char::is_ascii_alphanumeric).collect(),
            dollar: format!("${{{identifier}}}"),
            ampersand: format!("&{{{identifier}}}"),
        }
    }

    /// `text` with `${Identifier}` and `&{Identifier}` replaced.
    fn apply(&self, text: &str) -> String {
        if !text.contains('{') {
            return text.to_string();
        }
        text.replace(&self.dollar, self.value)
            .replace(&self.ampersand, &self.plain)
    }

    /// The length `apply` would give `text`, without building it.
    fn applied_len(&self, text: &str) -> usize {
        let grow = |pattern: &str, with: usize| {
            text.matches(pattern)
                .count()
                .saturating_mul(with.saturating_sub(pattern.len()))
        };
        text.len()
            .saturating_add(grow(&self.dollar, self.value.len()))
            .saturating_add(grow(&self.ampersand, self.plain.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::json::json_tree as parse;

    fn keys(n: Option<&Node>) -> Vec<String> {
        n.map(|n| n.members().iter().map(|m| m.key.clone()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn no_loop_copies_nothing() {
        assert!(expand(&parse(r#"{"Resources": {"A": {"Type": "X"}}}"#)).is_none());
    }

    #[test]
    fn literal_list_and_parameter_default() {
        let text = r#"{
          "Parameters": {"Names": {"Type": "CommaDelimitedList", "Default": "a, b"}},
          "Resources": {
            "Fn::ForEach::Topics": ["T", ["A", "B"], {"Topic${T}": {"Type": "AWS::SNS::Topic",
                "Properties": {"TopicName": {"Ref": "T"}, "DisplayName": {"Fn::Sub": "${T}-x"}}}}],
            "Fn::ForEach::Queues": ["Q", {"Ref": "Names"}, {"Queue${Q}": {"Type": "AWS::SQS::Queue"}}],
            "Other": {"Type": "X"}
          }
        }"#;
        let root = parse(text);
        let out = expand(&root).unwrap_or_else(|| root.clone());
        let res = out.get("Resources");
        assert_eq!(
            keys(res),
            ["TopicA", "TopicB", "Queuea", "Queueb", "Other"].map(String::from)
        );
        let b = res
            .and_then(|r| r.get("TopicB"))
            .and_then(|t| t.get("Properties"));
        assert_eq!(
            b.and_then(|p| p.get("TopicName")).and_then(Node::as_str),
            Some("B")
        );
        let sub = b
            .and_then(|p| p.get("DisplayName"))
            .and_then(|d| d.get("Fn::Sub"));
        assert_eq!(sub.and_then(Node::as_str), Some("B-x"));
        // The generated key points at the key written in the loop body.
        let member = res.and_then(|r| r.member("TopicA"));
        let span = member.map(|m| m.key_span).unwrap_or_default();
        assert_eq!(
            text.get(span.start as usize..span.end as usize),
            Some("\"Topic${T}\"")
        );
    }

    #[test]
    fn nested_loops_ampersand_and_properties() {
        let root = parse(
            r#"{"Resources": {
              "Fn::ForEach::Outer": ["Env", ["dev", "prod"], {
                "Fn::ForEach::Inner": ["Cidr", ["10.0.0.0/24"], {
                  "Sg${Env}&{Cidr}": {"Type": "AWS::EC2::SecurityGroup", "Properties": {
                    "Fn::ForEach::Tags": ["K", ["a"], {"Tag${K}": {"Ref": "Env"}}]}}}]}]
            }}"#,
        );
        let out = expand(&root).unwrap_or_else(|| root.clone());
        let res = out.get("Resources");
        assert_eq!(
            keys(res),
            ["Sgdev1000024", "Sgprod1000024"].map(String::from)
        );
        let props = res
            .and_then(|r| r.get("Sgprod1000024"))
            .and_then(|s| s.get("Properties"));
        assert_eq!(
            props.and_then(|p| p.get("Taga")).and_then(Node::as_str),
            Some("prod")
        );
    }

    #[test]
    fn unknown_collection_stays_as_written() {
        let root = parse(
            r#"{"Parameters": {"P": {"Type": "CommaDelimitedList"}},
                "Resources": {"Fn::ForEach::L": ["X", {"Ref": "P"}, {"R${X}": {"Type": "T"}}],
                              "Fn::ForEach::M": ["X", {"Fn::GetAZs": ""}, {"R${X}": {"Type": "T"}}]}}"#,
        );
        let out = expand(&root).unwrap_or_else(|| root.clone());
        assert_eq!(
            keys(out.get("Resources")),
            ["Fn::ForEach::L", "Fn::ForEach::M"].map(String::from)
        );
    }

    #[test]
    fn findings_name_generated_resources() {
        let raw = parse(
            r#"{"Resources": {"Fn::ForEach::L": ["X", ["A", "B"], {"T${X}": {"Type": "T"}}], "Own": {}}}"#,
        );
        let expanded = expand(&raw).unwrap_or_else(|| raw.clone());
        let ids = generated_ids(&raw, &expanded);
        assert_eq!(ids.iter().collect::<Vec<_>>(), ["TA", "TB"]);
        let rule = crate::rules::cfn::unknown_property::RULE.meta.clone();
        let d = |msg: &str, path: &str| {
            Diagnostic::new(&rule, crate::span::Span::EMPTY, msg.to_string())
                .with_logical_path(path.to_string())
        };
        let mut diags = vec![
            d("bad", "Resources.TA.Properties.X"),
            d("topic TB is bad", "$.Resources.TB.Properties"),
            d("bad", "Resources.Own.Properties"),
            d("TAX bad", "Resources.TA"),
        ];
        name_generated(&mut diags, &ids);
        let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "bad (in TA, generated by Fn::ForEach)",
                "topic TB is bad",
                "bad",
                "TAX bad (in TA, generated by Fn::ForEach)"
            ]
        );
    }

    #[test]
    fn budgets_hold() {
        // 40 × 40 generated resources is over the cap: read as written.
        let items: Vec<String> = (0..40).map(|i| format!("\"i{i}\"")).collect();
        let list = items.join(",");
        let text = format!(
            r#"{{"Resources": {{"Fn::ForEach::A": ["X", [{list}], {{
                 "Fn::ForEach::B${{X}}": ["Y", [{list}], {{"R${{X}}${{Y}}": {{"Type": "T"}}}}]}}]}}}}"#
        );
        assert!(expand(&parse(&text)).is_none());
        // Nesting past the cap leaves the innermost loop as written.
        let mut body = r#"{"R${L5}": {"Type": "T"}}"#.to_string();
        for level in (0..=5).rev() {
            body = format!(r#"{{"Fn::ForEach::N{level}": ["L{level}", ["a"], {body}]}}"#);
        }
        let root = parse(&format!(r#"{{"Resources": {body}}}"#));
        let out = expand(&root).unwrap_or_else(|| root.clone());
        assert_eq!(
            keys(out.get("Resources")),
            ["Fn::ForEach::N5"].map(String::from)
        );
    }
}
