//! `# cloudlint: ignore[CODE, …] reason [expires=YYYY-MM-DD]` comments.
//!
//! A comment after content on a line covers that line; a comment on a line of
//! its own covers the next line with content. When that line holds a mapping
//! key, everything under the key is covered too (a comment above a resource
//! covers the resource). In `.properties` files a `#` only starts a comment at
//! the beginning of a line (elsewhere it is part of the value), so only the
//! "line above" form exists there. JSON has no comments.

use super::Suppression;
use crate::parse::{Node, Syntax};
use crate::rules::FileContext;
use crate::span::Span;

const MARKER: &str = "cloudlint:";

/// Every suppression comment in the file.
#[must_use]
pub fn collect(ctx: &FileContext<'_>) -> Vec<Suppression> {
    if ctx.syntax == Syntax::Json {
        return Vec::new();
    }
    let text = ctx.text;
    let lines = line_spans(text);
    let mut out = Vec::new();
    for (idx, &(start, end)) in lines.iter().enumerate() {
        let line = text.get(start..end).unwrap_or("");
        let Some(hash) = comment_start(line, ctx.syntax) else {
            continue;
        };
        let comment = line.get(hash + 1..).unwrap_or("").trim_start();
        let Some(rest) = comment.strip_prefix(MARKER) else {
            continue;
        };
        let rest_offset = start + line.len() - rest.len();
        let Some(mut sup) = parse_directive(rest, rest_offset) else {
            continue;
        };
        sup.span = Span::new(start + hash, end);
        let own_line = line.get(..hash).unwrap_or("").trim().is_empty();
        let target = if own_line {
            lines
                .iter()
                .skip(idx + 1)
                .find(|&&(s, e)| {
                    let l = text.get(s..e).unwrap_or("").trim();
                    !l.is_empty() && !l.starts_with('#') && !l.starts_with('!')
                })
                .copied()
        } else {
            Some((start, end))
        };
        if let Some((ts, te)) = target {
            sup.covers.push(Span::new(ts, te));
            if let Some(root) = ctx.root {
                sup.covers
                    .extend(members_starting_in(root, Span::new(ts, te)));
            }
        }
        out.push(sup);
    }
    out
}

/// Byte ranges of each line, without the line ending.
fn line_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            let end = if i > start && text.as_bytes().get(i - 1) == Some(&b'\r') {
                i - 1
            } else {
                i
            };
            out.push((start, end));
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push((start, text.len()));
    }
    out
}

/// Where a comment starts on a line, if it has one.
fn comment_start(line: &str, syntax: Syntax) -> Option<usize> {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    if trimmed.starts_with('#') {
        return Some(indent);
    }
    if syntax == Syntax::Properties {
        return None;
    }
    // YAML: ` #` outside quotes starts a comment.
    let (mut single, mut double) = (false, false);
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'\'' if !double => single = !single,
            b'"' if !single => double = !double,
            b'#' if !single
                && !double
                && i > 0
                && bytes.get(i - 1).is_some_and(|c| c.is_ascii_whitespace()) =>
            {
                return Some(i);
            }
            _ => {}
        }
    }
    None
}

/// Parses ` ignore[A, B] reason expires=2027-01-01` after the marker.
fn parse_directive(rest: &str, offset: usize) -> Option<Suppression> {
    let body = rest.trim_start();
    let body_offset = offset + rest.len() - body.len();
    let after = body.strip_prefix("ignore")?.strip_prefix('[')?;
    let close = after.find(']')?;
    let list = after.get(..close)?;
    let list_offset = body_offset + "ignore[".len();
    let mut rules = Vec::new();
    let mut pos = 0;
    for part in list.split(',') {
        let trimmed = part.trim();
        let lead = part.len() - part.trim_start().len();
        if !trimmed.is_empty() {
            let s = list_offset + pos + lead;
            rules.push((trimmed.to_string(), Span::new(s, s + trimmed.len())));
        }
        pos += part.len() + 1;
    }
    let mut reason_words = Vec::new();
    let mut expires = None;
    for word in after.get(close + 1..).unwrap_or("").split_whitespace() {
        match word.strip_prefix("expires=") {
            Some(date) => expires = Some(date.to_string()),
            None => reason_words.push(word),
        }
    }
    Some(Suppression {
        rules,
        reason: reason_words.join(" "),
        expires,
        span: Span::EMPTY,
        covers: Vec::new(),
    })
}

/// Spans of mapping members whose key starts inside `line`, key through value.
fn members_starting_in(root: &Node, line: Span) -> Vec<Span> {
    let mut out = Vec::new();
    root.walk(|_, node| {
        for m in node.members() {
            if m.key_span.start >= line.start && m.key_span.start <= line.end {
                out.push(m.key_span.cover(m.value.span));
            }
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_reason_and_expiry() {
        let s = parse_directive(
            " ignore[SYN004, duplicate-key] reviewed by sec expires=2027-01-31",
            100,
        );
        let s = s.unwrap_or_else(|| Suppression {
            rules: vec![],
            reason: String::new(),
            expires: None,
            span: Span::EMPTY,
            covers: vec![],
        });
        assert_eq!(
            s.rules.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(),
            vec!["SYN004", "duplicate-key"]
        );
        assert_eq!(s.rules[0].1, Span::new(108, 114));
        assert_eq!(s.reason, "reviewed by sec");
        assert_eq!(s.expires.as_deref(), Some("2027-01-31"));
    }

    #[test]
    fn yaml_comments_respect_quotes() {
        assert_eq!(comment_start("a: 'x # y' # c", Syntax::Yaml), Some(11));
        assert_eq!(comment_start("a: x#y", Syntax::Yaml), None);
        assert_eq!(
            comment_start("key=value # not a comment", Syntax::Properties),
            None
        );
        assert_eq!(comment_start("  # comment", Syntax::Properties), Some(2));
    }
}
