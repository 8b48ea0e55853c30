//! A strict JSON (RFC 8259) parser that builds the positioned [`Node`] tree.
//!
//! Strict means AWS's view of JSON: comments and trailing commas are reported
//! (and skipped, so the rest of the file is still linted), anything else that
//! is not JSON stops the parse with an error at the offending byte.
//! Duplicate keys are kept in the tree for the `duplicate-key` rule.

use super::{Limits, ParseIssue, ParseIssueKind, Parsed};
use crate::parse::node::{Member, Node, Value};
use crate::span::{LineIndex, Span};

/// The tree of `text` under default limits, or an empty node when it does
/// not parse: the fixture reader of unit tests.
#[cfg(test)]
pub(crate) fn json_tree(text: &str) -> Node {
    parse_json(text, &Limits::default())
        .root
        .unwrap_or_default()
}

/// Parses `text` (already decoded, BOM removed) as one JSON document.
#[must_use]
pub fn parse_json(text: &str, limits: &Limits) -> Parsed {
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
        limits,
        issues: Vec::new(),
    };
    let root = match p.document() {
        Ok(node) => Some(node),
        Err(err) => {
            p.issues.push(err);
            None
        }
    };
    Parsed {
        root,
        issues: p.issues,
    }
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
    limits: &'a Limits,
    issues: Vec<ParseIssue>,
}

type PResult<T> = Result<T, ParseIssue>;

impl Parser<'_> {
    fn document(&mut self) -> PResult<Node> {
        self.skip_trivia()?;
        if self.pos >= self.bytes.len() {
            return Err(ParseIssue::syntax(
                Span::at(self.pos),
                "the file is empty: expected a JSON value".to_string(),
            ));
        }
        let root = self.value()?;
        self.skip_trivia()?;
        if self.pos < self.bytes.len() {
            return Err(ParseIssue::syntax(
                self.token_span(),
                format!(
                    "unexpected {} after the end of the JSON document",
                    self.describe_here()
                ),
            )
            .with_label(root.span, "the document ends here"));
        }
        Ok(root)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Skips white space and comments; comments become issues.
    fn skip_trivia(&mut self) -> PResult<()> {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.pos += 1,
                Some(b'/') if self.bytes.get(self.pos + 1) == Some(&b'/') => {
                    let start = self.pos;
                    while let Some(b) = self.peek() {
                        if b == b'\n' {
                            break;
                        }
                        self.pos += 1;
                    }
                    self.comment(start);
                }
                Some(b'/') if self.bytes.get(self.pos + 1) == Some(&b'*') => {
                    let start = self.pos;
                    self.pos += 2;
                    loop {
                        match self.peek() {
                            None => {
                                return Err(ParseIssue::syntax(
                                    Span::new(start, self.pos),
                                    "unterminated block comment".to_string(),
                                ));
                            }
                            Some(b'*') if self.bytes.get(self.pos + 1) == Some(&b'/') => {
                                self.pos += 2;
                                break;
                            }
                            Some(_) => self.pos += 1,
                        }
                    }
                    self.comment(start);
                }
                _ => return Ok(()),
            }
        }
    }

    fn comment(&mut self, start: usize) {
        self.issues.push(ParseIssue {
            kind: ParseIssueKind::Comment,
            span: Span::new(start, self.pos),
            message: "comments are not allowed in JSON".to_string(),
            labels: Vec::new(),
            help: Some(
                "AWS rejects JSON with comments; remove it (use a `Description` or `Sid` to document intent)"
                    .to_string(),
            ),
        });
    }

    /// The span of the token at the current position, for error messages.
    fn token_span(&self) -> Span {
        let start = self.pos;
        let mut end = start;
        let rest = self.text.get(start..).unwrap_or("");
        if let Some(c) = rest.chars().next() {
            end += c.len_utf8();
            if c.is_ascii_alphanumeric() || c == '"' || c == '-' {
                // extend over a word or a string so the caret covers the token
                let mut in_string = c == '"';
                let mut escaped = false;
                for ch in rest.chars().skip(1) {
                    if in_string {
                        end += ch.len_utf8();
                        if escaped {
                            escaped = false;
                        } else if ch == '\\' {
                            escaped = true;
                        } else if ch == '"' || ch == '\n' {
                            break;
                        }
                    } else if ch.is_ascii_alphanumeric() || matches!(ch, '.' | '+' | '-' | '_') {
                        end += ch.len_utf8();
                    } else {
                        break;
                    }
                }
                let _ = &mut in_string;
            }
        }
        Span::new(start, end)
    }

    fn describe_here(&self) -> String {
        match self.text.get(self.pos..).and_then(|r| r.chars().next()) {
            None => "end of file".to_string(),
            Some('"') => {
                let s = self.token_span().text(self.text);
                format!("string {}", truncate(s, 40))
            }
            Some(c) if c.is_ascii_alphanumeric() || c == '-' => {
                format!("`{}`", truncate(self.token_span().text(self.text), 40))
            }
            Some(c) if c.is_control() => format!("control character U+{:04X}", c as u32),
            Some(c) => format!("`{c}`"),
        }
    }

    fn value(&mut self) -> PResult<Node> {
        match self.peek() {
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => {
                let (s, span) = self.string()?;
                Ok(Node::new(span, Value::String(s)))
            }
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'\'') => Err(ParseIssue::syntax(
                self.token_span(),
                "strings in JSON use double quotes, not single quotes".to_string(),
            )),
            None => Err(ParseIssue::syntax(
                Span::at(self.pos),
                "unexpected end of file: expected a value".to_string(),
            )),
            Some(_) => {
                let tok = self.token_span();
                let lower = tok.text(self.text).to_ascii_lowercase();
                let hint = if matches!(lower.as_str(), "true" | "false" | "null") {
                    format!(" (JSON literals are lower case: `{lower}`)")
                } else {
                    String::new()
                };
                Err(ParseIssue::syntax(
                    tok,
                    format!("expected a value, found {}{hint}", self.describe_here()),
                ))
            }
        }
    }

    fn enter(&mut self, open: usize) -> PResult<()> {
        self.depth += 1;
        if self.depth > self.limits.depth() {
            return Err(ParseIssue {
                kind: ParseIssueKind::Limit,
                span: Span::new(open, open + 1),
                message: format!(
                    "nesting is deeper than the limit of {} levels",
                    self.limits.depth()
                ),
                labels: Vec::new(),
                help: Some(
                    "no real policy or template nests this deep; the file is not linted"
                        .to_string(),
                ),
            });
        }
        Ok(())
    }

    fn unclosed(&self, what: &str, open: usize) -> ParseIssue {
        let idx = LineIndex::new(self.text);
        let lc = idx.line_col(self.text, u32::try_from(open).unwrap_or(u32::MAX));
        ParseIssue::syntax(
            Span::at(self.pos),
            format!(
                "unexpected end of file: the {what} opened at {}:{} is never closed",
                lc.line, lc.column
            ),
        )
        .with_label(Span::new(open, open + 1), &format!("{what} opened here"))
    }

    fn object(&mut self) -> PResult<Node> {
        let open = self.pos;
        self.enter(open)?;
        self.pos += 1;
        let mut members: Vec<Member> = Vec::new();
        self.skip_trivia()?;
        if self.peek() == Some(b'}') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Node::new(Span::new(open, self.pos), Value::Object(members)));
        }
        loop {
            self.skip_trivia()?;
            match self.peek() {
                Some(b'"') => {}
                None => return Err(self.unclosed("object", open)),
                Some(b'}') => {
                    // only reachable after a comma: a trailing comma
                    self.pos += 1;
                    break;
                }
                Some(_) => {
                    let found = self.describe_here();
                    return Err(ParseIssue::syntax(
                        self.token_span(),
                        format!("expected a key in double quotes, found {found}"),
                    ));
                }
            }
            let (key, key_span) = self.string()?;
            self.skip_trivia()?;
            match self.peek() {
                Some(b':') => self.pos += 1,
                None => return Err(self.unclosed("object", open)),
                Some(_) => {
                    let found = self.describe_here();
                    return Err(ParseIssue::syntax(
                        self.token_span(),
                        format!("expected `:` after the key \"{key}\", found {found}"),
                    )
                    .with_label(key_span, "this key"));
                }
            }
            self.skip_trivia()?;
            if self.peek().is_none() {
                return Err(self.unclosed("object", open));
            }
            let value = self.value()?;
            members.push(Member {
                key,
                key_span,
                value,
            });
            self.skip_trivia()?;
            match self.peek() {
                Some(b',') => {
                    let comma = self.pos;
                    self.pos += 1;
                    self.skip_trivia()?;
                    if self.peek() == Some(b'}') {
                        self.trailing_comma(comma, "object");
                    }
                }
                Some(b'}') => {
                    self.pos += 1;
                    break;
                }
                None => return Err(self.unclosed("object", open)),
                Some(_) => {
                    let found = self.describe_here();
                    let last = members.last().map(|m| (m.key.clone(), m.value.span));
                    let mut issue = ParseIssue::syntax(
                        self.token_span(),
                        match &last {
                            Some((k, _)) => format!(
                                "expected `,` or `}}` after the value of \"{k}\", found {found}"
                            ),
                            None => format!("expected `,` or `}}`, found {found}"),
                        },
                    );
                    if let Some((_, span)) = last {
                        issue =
                            issue.with_label(span, "a comma is probably missing after this value");
                    }
                    return Err(issue);
                }
            }
        }
        self.depth -= 1;
        Ok(Node::new(Span::new(open, self.pos), Value::Object(members)))
    }

    fn trailing_comma(&mut self, comma: usize, what: &str) {
        self.issues.push(ParseIssue {
            kind: ParseIssueKind::TrailingComma,
            span: Span::new(comma, comma + 1),
            message: format!("trailing comma at the end of an {what}"),
            labels: Vec::new(),
            help: Some(
                "JSON does not allow a comma before the closing bracket; AWS rejects it: remove it"
                    .to_string(),
            ),
        });
    }

    fn array(&mut self) -> PResult<Node> {
        let open = self.pos;
        self.enter(open)?;
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_trivia()?;
        if self.peek() == Some(b']') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Node::new(Span::new(open, self.pos), Value::Array(items)));
        }
        loop {
            self.skip_trivia()?;
            match self.peek() {
                None => return Err(self.unclosed("list", open)),
                Some(b']') => {
                    self.pos += 1;
                    break;
                }
                Some(_) => {}
            }
            items.push(self.value()?);
            self.skip_trivia()?;
            match self.peek() {
                Some(b',') => {
                    let comma = self.pos;
                    self.pos += 1;
                    self.skip_trivia()?;
                    if self.peek() == Some(b']') {
                        self.trailing_comma(comma, "list");
                    }
                }
                Some(b']') => {
                    self.pos += 1;
                    break;
                }
                None => return Err(self.unclosed("list", open)),
                Some(_) => {
                    let found = self.describe_here();
                    let mut issue = ParseIssue::syntax(
                        self.token_span(),
                        format!("expected `,` or `]` after a list item, found {found}"),
                    );
                    if let Some(last) = items.last() {
                        issue = issue
                            .with_label(last.span, "a comma is probably missing after this item");
                    }
                    return Err(issue);
                }
            }
        }
        self.depth -= 1;
        Ok(Node::new(Span::new(open, self.pos), Value::Array(items)))
    }

    fn literal(&mut self, word: &str, value: Value) -> PResult<Node> {
        let start = self.pos;
        if self.bytes.get(start..start + word.len()) == Some(word.as_bytes())
            && !self
                .bytes
                .get(start + word.len())
                .is_some_and(u8::is_ascii_alphanumeric)
        {
            self.pos += word.len();
            return Ok(Node::new(Span::new(start, self.pos), value));
        }
        let tok = self.token_span();
        let text = tok.text(self.text);
        let hint = match text.to_ascii_lowercase().as_str() {
            "true" | "false" | "null" => format!(
                " (JSON literals are lower case: `{}`)",
                text.to_ascii_lowercase()
            ),
            _ => String::new(),
        };
        Err(ParseIssue::syntax(
            tok,
            format!("expected a value, found `{}`{hint}", truncate(text, 40)),
        ))
    }

    fn number(&mut self) -> PResult<Node> {
        let start = self.pos;
        let bad = |p: &Self, why: &str| {
            ParseIssue::syntax(p.token_span_from(start), format!("invalid number: {why}"))
        };
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if self.peek().is_some_and(|b| b.is_ascii_digit()) {
                    return Err(bad(self, "leading zeros are not allowed"));
                }
            }
            Some(b'1'..=b'9') => {
                while self.peek().is_some_and(|b| b.is_ascii_digit()) {
                    self.pos += 1;
                }
            }
            _ => return Err(bad(self, "expected a digit")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                return Err(bad(self, "expected a digit after the decimal point"));
            }
            while self.peek().is_some_and(|b| b.is_ascii_digit()) {
                self.pos += 1;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                return Err(bad(self, "expected a digit in the exponent"));
            }
            while self.peek().is_some_and(|b| b.is_ascii_digit()) {
                self.pos += 1;
            }
        }
        if self
            .peek()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'.')
        {
            return Err(bad(self, "unexpected character in a number"));
        }
        let raw = self.text.get(start..self.pos).unwrap_or("").to_string();
        Ok(Node::new(Span::new(start, self.pos), Value::Number(raw)))
    }

    fn token_span_from(&self, start: usize) -> Span {
        let mut end = self.pos.max(start + 1);
        while let Some(b) = self.bytes.get(end) {
            if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-') {
                end += 1;
            } else {
                break;
            }
        }
        while end < self.bytes.len() && !self.text.is_char_boundary(end) {
            end += 1;
        }
        Span::new(start, end.min(self.bytes.len()))
    }

    /// Parses a string at the current `"`; returns its value and its span
    /// (quotes included).
    fn string(&mut self) -> PResult<(String, Span)> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            let rest = self.text.get(self.pos..).unwrap_or("");
            let Some(c) = rest.chars().next() else {
                return Err(ParseIssue::syntax(
                    Span::new(start, self.pos),
                    "unterminated string: end of file before the closing `\"`".to_string(),
                ));
            };
            match c {
                '"' => {
                    self.pos += 1;
                    return Ok((out, Span::new(start, self.pos)));
                }
                '\\' => {
                    let esc_start = self.pos;
                    self.pos += 1;
                    let e = self.peek();
                    self.pos += 1;
                    match e {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => out.push(self.unicode_escape(esc_start)?),
                        _ => {
                            self.pos = esc_start;
                            let span = self.token_span_from(esc_start);
                            return Err(ParseIssue::syntax(
                                Span::new(esc_start, (esc_start + 2).min(span.end as usize).max(esc_start + 1)),
                                "invalid escape sequence in a string (valid: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)".to_string(),
                            ));
                        }
                    }
                }
                '\n' | '\r' => {
                    return Err(ParseIssue::syntax(
                        Span::new(start, self.pos),
                        "unterminated string: a line break before the closing `\"`".to_string(),
                    )
                    .with_help("JSON strings cannot span lines; close the quote or write `\\n`"));
                }
                c if (c as u32) < 0x20 => {
                    return Err(ParseIssue::syntax(
                        Span::new(self.pos, self.pos + 1),
                        format!(
                            "control character U+{:04X} must be escaped inside a string",
                            c as u32
                        ),
                    ));
                }
                c => {
                    out.push(c);
                    self.pos += c.len_utf8();
                }
            }
        }
    }

    fn hex4(&mut self, esc_start: usize) -> PResult<u32> {
        let digits = self.text.get(self.pos..self.pos + 4);
        match digits.and_then(|d| {
            if d.chars().all(|c| c.is_ascii_hexdigit()) {
                u32::from_str_radix(d, 16).ok()
            } else {
                None
            }
        }) {
            Some(v) => {
                self.pos += 4;
                Ok(v)
            }
            None => Err(ParseIssue::syntax(
                // Up to the last hex digit: the next byte may start a multi-byte character.
                Span::new(esc_start, self.pos + self.hex_digits_ahead()),
                "invalid \\u escape: expected four hexadecimal digits".to_string(),
            )),
        }
    }

    /// How many hexadecimal digits (at most 4) follow the current position.
    fn hex_digits_ahead(&self) -> usize {
        (0..4)
            .take_while(|i| {
                self.bytes
                    .get(self.pos + i)
                    .is_some_and(u8::is_ascii_hexdigit)
            })
            .count()
    }

    fn unicode_escape(&mut self, esc_start: usize) -> PResult<char> {
        let hi = self.hex4(esc_start)?;
        if (0xD800..0xDC00).contains(&hi) {
            if self.bytes.get(self.pos) == Some(&b'\\')
                && self.bytes.get(self.pos + 1) == Some(&b'u')
            {
                self.pos += 2;
                let lo = self.hex4(esc_start)?;
                if (0xDC00..0xE000).contains(&lo) {
                    let cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                    if let Some(c) = char::from_u32(cp) {
                        return Ok(c);
                    }
                }
            }
            return Err(ParseIssue::syntax(
                Span::new(esc_start, self.pos),
                "invalid \\u escape: a high surrogate must be followed by a low surrogate"
                    .to_string(),
            ));
        }
        char::from_u32(hi).ok_or_else(|| {
            ParseIssue::syntax(
                Span::new(esc_start, self.pos),
                "invalid \\u escape: a lone low surrogate".to_string(),
            )
        })
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Parsed {
        parse_json(text, &Limits::default())
    }

    fn err_at(text: &str) -> (String, (u32, u32)) {
        let parsed = parse(text);
        let issue = parsed
            .issues
            .iter()
            .find(|i| i.kind == ParseIssueKind::Syntax || i.kind == ParseIssueKind::Limit)
            .cloned()
            .unwrap_or_else(|| ParseIssue::syntax(Span::EMPTY, "no error".into()));
        let idx = LineIndex::new(text);
        let lc = idx.line_col(text, issue.span.start);
        (issue.message, (lc.line, lc.column))
    }

    #[test]
    fn parses_values_with_spans() {
        let text = r#"{"a": [1, -2.5e3, "x\u00e9"], "b": {"c": null, "d": true}}"#;
        let parsed = parse(text);
        assert!(parsed.issues.is_empty(), "{:?}", parsed.issues);
        let root = parsed.root.unwrap_or_default();
        let a = root.member("a").map(|m| m.key_span.text(text));
        assert_eq!(a, Some("\"a\""));
        let items = root.get("a").map(Node::items).unwrap_or_default();
        assert_eq!(items.get(1).map(|n| n.span.text(text)), Some("-2.5e3"));
        assert_eq!(items.get(2).and_then(Node::as_str), Some("xé"));
        assert_eq!(
            root.get("b")
                .and_then(|b| b.get("d"))
                .and_then(Node::as_bool),
            Some(true)
        );
    }

    #[test]
    fn missing_comma_points_at_the_next_key() {
        let text = "{\n  \"family\": \"myapp\"\n  \"containerDefinitions\": []\n}";
        let (msg, at) = err_at(text);
        assert_eq!(at, (3, 3));
        assert!(msg.contains("after the value of \"family\""), "{msg}");
    }

    #[test]
    fn unclosed_list_names_where_it_opened() {
        let (msg, at) = err_at("[\n  {\"a\": 1}\n");
        assert_eq!(at, (3, 1));
        assert!(msg.contains("list opened at 1:1"), "{msg}");
    }

    #[test]
    fn comments_and_trailing_commas_are_reported_but_parsed() {
        let parsed = parse("{\"a\": 1, // note\n \"b\": [1,2,],}");
        assert!(parsed.root.is_some());
        let kinds: Vec<_> = parsed.issues.iter().map(|i| i.kind).collect();
        assert_eq!(
            kinds,
            vec![
                ParseIssueKind::Comment,
                ParseIssueKind::TrailingComma,
                ParseIssueKind::TrailingComma
            ]
        );
    }

    #[test]
    fn duplicates_are_kept() {
        let parsed = parse(r#"{"a": 1, "a": 2}"#);
        assert_eq!(parsed.root.map(|r| r.members().len()), Some(2));
    }

    #[test]
    fn rejects_what_rfc_8259_rejects() {
        for bad in [
            "01",
            "1.",
            "1e",
            "+1",
            "[1 2]",
            "{'a': 1}",
            "{\"a\" 1}",
            "tru",
            "\"a\nb\"",
            "\"\\x\"",
            "\"\\ud800\"",
            "[1] 2",
            "",
            "   ",
            "NaN",
            "{\"a\":1",
            "\"\t\"",
        ] {
            let parsed = parse(bad);
            assert!(parsed.root.is_none(), "accepted {bad:?}: {:?}", parsed.root);
        }
    }

    #[test]
    fn depth_is_limited() {
        let text = "[".repeat(100_000);
        let (msg, _) = err_at(&text);
        assert!(msg.contains("nesting is deeper"), "{msg}");
    }

    #[test]
    fn a_short_unicode_escape_before_a_wide_character_is_spanned_on_boundaries() {
        // Found by the `json` fuzz target: the span ended inside `😀`.
        let text = "\"\\u9😀  \"";
        let parsed = parse(text);
        let issue = parsed.issues.first().expect("an issue");
        assert_eq!(issue.span.text(text), "\\u9");
    }

    #[test]
    fn capitalised_literals_get_a_hint() {
        let (msg, _) = err_at("{\"a\": True}");
        assert!(msg.contains("lower case"), "{msg}");
    }
}
