//! TOML → the positioned [`Node`] tree, so the configuration file is checked
//! with the same machinery (spans, did-you-mean) as every other input.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::parse::{Member, Node, ParseIssue, Parsed, Value};
use crate::span::Span;

/// Parses TOML text into a `Node` object.
#[must_use]
pub fn parse_toml(text: &str) -> Parsed {
    match DeTable::parse(text) {
        Ok(table) => Parsed {
            root: Some(table_node(table.span(), table.get_ref())),
            issues: Vec::new(),
        },
        Err(e) => {
            let span = e.span().map_or(Span::EMPTY, |r| Span::new(r.start, r.end));
            Parsed {
                root: None,
                issues: vec![ParseIssue::syntax(span, e.message().trim().to_string())],
            }
        }
    }
}

fn span_of<T>(s: &Spanned<T>) -> Span {
    let r = s.span();
    Span::new(r.start, r.end)
}

fn table_node(range: std::ops::Range<usize>, table: &DeTable<'_>) -> Node {
    let mut members: Vec<Member> = table
        .iter()
        .map(|(k, v)| Member {
            key: k.get_ref().to_string(),
            key_span: span_of(k),
            value: value_node(v),
        })
        .collect();
    members.sort_by_key(|m| m.key_span.start);
    Node::new(Span::new(range.start, range.end), Value::Object(members))
}

fn value_node(v: &Spanned<DeValue<'_>>) -> Node {
    let span = span_of(v);
    let value = match v.get_ref() {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => Value::Number(i.as_str().replace('_', "")),
        DeValue::Float(f) => Value::Number(f.as_str().replace('_', "")),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::String(d.to_string()),
        DeValue::Array(items) => Value::Array(items.iter().map(value_node).collect()),
        DeValue::Table(t) => return table_node(v.span(), t),
    };
    Node::new(span, value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_spans_of_keys_and_values() {
        let text = "fail-on = \"error\"\n[limits]\nmax-depth = 64\n";
        let parsed = parse_toml(text);
        let root = parsed.root.unwrap_or_default();
        let m = root.member("fail-on");
        assert_eq!(m.map(|m| m.key_span.text(text)), Some("fail-on"));
        let depth = root.get("limits").and_then(|l| l.get("max-depth"));
        assert_eq!(depth.and_then(Node::as_i64), Some(64));
        assert_eq!(depth.map(|d| d.span.text(text)), Some("64"));
    }

    #[test]
    fn syntax_errors_have_a_span() {
        let parsed = parse_toml("a = \n");
        assert!(parsed.root.is_none());
        assert!(parsed.issues.first().is_some_and(|i| i.span.start > 0));
    }
}
