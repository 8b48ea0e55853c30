//! JSON written inside a string value: a CloudFormation `Json` property given
//! as a string, the `SecurityConfiguration` string of
//! `aws emr describe-security-configuration`, a policy document passed as text.
//!
//! The string's decoded text is parsed with the strict JSON parser and every
//! span of the inner tree is mapped back onto the outer file, so a finding in
//! the inner document underlines the characters the user wrote — through JSON
//! escapes (`\"`, `\u00e9`), YAML quoting and block-scalar indentation.

use super::{Limits, Node, ParseIssue, Parsed, Value, json::parse_json};
use crate::span::Span;

/// Parses the JSON text held by the string `node` (whose spans are offsets
/// into `source`). `None` when the node is not a string. When the decoded text
/// cannot be lined up with the source, every inner span is the string's span.
#[must_use]
pub fn parse_json_in_string(node: &Node, source: &str, limits: &Limits) -> Option<Parsed> {
    let decoded = node.as_str()?;
    let mut parsed = parse_json(decoded, limits);
    let raw = node.span.text(source);
    let map = OffsetMap::align(decoded, raw, node.span.start as usize);
    let remap = |span: Span| match &map {
        Some(m) => m.span(span),
        None => node.span,
    };
    if let Some(root) = parsed.root.as_mut() {
        remap_node(root, &remap);
    }
    for issue in &mut parsed.issues {
        remap_issue(issue, &remap);
    }
    Some(parsed)
}

fn remap_issue(issue: &mut ParseIssue, remap: &impl Fn(Span) -> Span) {
    issue.span = remap(issue.span);
    for (span, _) in &mut issue.labels {
        *span = remap(*span);
    }
}

fn remap_node(node: &mut Node, remap: &impl Fn(Span) -> Span) {
    node.span = remap(node.span);
    match &mut node.value {
        Value::Object(members) => {
            for m in members {
                m.key_span = remap(m.key_span);
                remap_node(&mut m.value, remap);
            }
        }
        Value::Array(items) => {
            for item in items {
                remap_node(item, remap);
            }
        }
        _ => {}
    }
}

/// For each byte of the decoded text, where its source starts and ends.
struct OffsetMap {
    starts: Vec<u32>,
    ends: Vec<u32>,
    /// Where the decoded text's end falls in the source.
    end: u32,
}

impl OffsetMap {
    /// Lines the decoded characters up with the raw source text, greedily:
    /// a raw character equal to the next decoded one, or an escape sequence
    /// decoding to it, is its source; anything else in the raw text (quotes,
    /// indentation, line folding) is skipped. `None` when the raw text runs out
    /// first, i.e. the two do not line up.
    fn align(decoded: &str, raw: &str, raw_start: usize) -> Option<OffsetMap> {
        let offset = |i: usize| u32::try_from(raw_start + i).unwrap_or(u32::MAX);
        let mut starts = Vec::with_capacity(decoded.len());
        let mut ends = Vec::with_capacity(decoded.len());
        let mut i = 0;
        for (j, dc) in decoded.char_indices() {
            loop {
                let Some(rc) = raw.get(i..).and_then(|r| r.chars().next()) else {
                    // The raw text ended: fine for trailing whitespace that
                    // the string's syntax adds (a block scalar's final line break).
                    if decoded.get(j..).is_some_and(|rest| rest.trim().is_empty()) {
                        let end = offset(i);
                        starts.resize(decoded.len(), end);
                        ends.resize(decoded.len(), end);
                        return Some(OffsetMap { starts, ends, end });
                    }
                    return None;
                };
                let consumed = if rc == dc {
                    Some(rc.len_utf8())
                } else if rc == '\\' {
                    escape_at(raw.get(i..)?)
                        .filter(|(c, _)| *c == dc)
                        .map(|(_, n)| n)
                } else {
                    None
                };
                match consumed {
                    Some(n) => {
                        for _ in 0..dc.len_utf8() {
                            starts.push(offset(i));
                            ends.push(offset(i + n));
                        }
                        i += n;
                        break;
                    }
                    None => i += rc.len_utf8(),
                }
            }
        }
        Some(OffsetMap {
            starts,
            ends,
            end: offset(i),
        })
    }

    fn span(&self, span: Span) -> Span {
        let start = self
            .starts
            .get(span.start as usize)
            .copied()
            .unwrap_or(self.end);
        let end = if span.is_empty() {
            start
        } else {
            self.ends
                .get(span.end as usize - 1)
                .copied()
                .unwrap_or(self.end)
        };
        Span {
            start,
            end: end.max(start),
        }
    }
}

/// The character an escape sequence at the start of `raw` stands for, and the
/// sequence's length in bytes: JSON escapes and YAML double-quoted ones.
fn escape_at(raw: &str) -> Option<(char, usize)> {
    let mut chars = raw.chars();
    if chars.next()? != '\\' {
        return None;
    }
    let c = chars.next()?;
    let simple = match c {
        '"' | '\\' | '/' | ' ' => Some(c),
        'n' => Some('\n'),
        't' => Some('\t'),
        'r' => Some('\r'),
        'b' => Some('\u{8}'),
        'f' => Some('\u{c}'),
        '0' => Some('\0'),
        'a' => Some('\u{7}'),
        'v' => Some('\u{b}'),
        'e' => Some('\u{1b}'),
        '_' => Some('\u{a0}'),
        'N' => Some('\u{85}'),
        'L' => Some('\u{2028}'),
        'P' => Some('\u{2029}'),
        _ => None,
    };
    if let Some(s) = simple {
        return Some((s, 2));
    }
    let digits = match c {
        'x' => 2,
        'u' => 4,
        'U' => 8,
        _ => return None,
    };
    let hex = raw.get(2..2 + digits)?;
    let code = u32::from_str_radix(hex, 16).ok()?;
    if (0xD800..0xDC00).contains(&code) {
        // A UTF-16 surrogate pair: `\uD83D\uDE00`.
        let rest = raw.get(2 + digits..)?;
        let low_hex = rest.strip_prefix("\\u")?.get(..4)?;
        let low = u32::from_str_radix(low_hex, 16).ok()?;
        if !(0xDC00..0xE000).contains(&low) {
            return None;
        }
        let combined = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
        return char::from_u32(combined).map(|ch| (ch, 12));
    }
    char::from_u32(code).map(|ch| (ch, 2 + digits))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string_node(source: &str) -> Node {
        let parsed = parse_json(source, &Limits::default());
        parsed.root.unwrap_or_default()
    }

    #[test]
    fn spans_point_through_json_escapes() {
        let source = r#""{\"Role\": \"arn:aws:iam::1:role/\u00e9x\"}""#;
        let node = string_node(source);
        let parsed = parse_json_in_string(&node, source, &Limits::default()).unwrap_or_default();
        let root = parsed.root.unwrap_or_default();
        let member = root.member("Role").cloned();
        let member = member.map(|m| (m.key_span.text(source).to_string(), m.value.span));
        let (key_text, value_span) = member.unwrap_or_default();
        assert_eq!(key_text, r#"\"Role\""#);
        assert_eq!(
            value_span.text(source),
            r#"\"arn:aws:iam::1:role/\u00e9x\""#
        );
    }

    #[test]
    fn non_strings_are_not_parsed() {
        let node = string_node("{}");
        assert!(parse_json_in_string(&node, "{}", &Limits::default()).is_none());
    }

    #[test]
    fn inner_syntax_errors_point_into_the_string() {
        let source = r#"  "{\"a\": }""#;
        let node = string_node(source);
        let parsed = parse_json_in_string(&node, source, &Limits::default()).unwrap_or_default();
        assert!(parsed.root.is_none());
        let issue = parsed.issues.first().cloned();
        let at = issue.map(|i| i.span.start).unwrap_or_default() as usize;
        assert_eq!(source.get(at..at + 1), Some("}"));
    }

    #[test]
    fn unaligned_text_falls_back_to_the_string_span() {
        let node = Node::new(Span::new(0, 4), Value::String("{\"a\":1}".into()));
        let parsed = parse_json_in_string(&node, "'xy'", &Limits::default()).unwrap_or_default();
        let root = parsed.root.unwrap_or_default();
        assert_eq!(root.span, Span::new(0, 4));
    }

    #[test]
    fn spans_point_into_a_yaml_block_scalar() {
        let source = "Resources:\n  SecConf:\n    Properties:\n      SecurityConfiguration: |\n        {\n          \"Role\": \"analysts\",\n          \"IdentifierType\": \"Users\"\n        }\n";
        let root = crate::parse::yaml::parse_yaml(source, &Limits::default())
            .root
            .unwrap_or_default();
        let string = root
            .get("Resources")
            .and_then(|r| r.get("SecConf"))
            .and_then(|r| r.get("Properties"))
            .and_then(|p| p.get("SecurityConfiguration"))
            .cloned()
            .unwrap_or_default();
        let parsed = parse_json_in_string(&string, source, &Limits::default()).unwrap_or_default();
        let inner = parsed.root.unwrap_or_default();
        let t = inner.get("IdentifierType").map(|n| n.span.text(source));
        assert_eq!(t, Some("\"Users\""));
        let k = inner.member("Role").map(|m| m.key_span.text(source));
        assert_eq!(k, Some("\"Role\""));
    }

    #[test]
    fn surrogate_pairs_decode_as_one_character() {
        assert_eq!(escape_at(r"\uD83D\uDE00"), Some(('😀', 12)));
        assert_eq!(escape_at(r"\u00e9"), Some(('é', 6)));
        assert_eq!(escape_at(r"\q"), None);
    }
}
