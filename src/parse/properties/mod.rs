//! Java `.properties` → the positioned [`Node`] tree, with the grammar of
//! `java.util.Properties.load` exactly (Kafka reads `server.properties` with it).
//!
//! The root is an object of string values in file order, duplicates kept
//! (Java keeps the last one; the `duplicate-key` rule reports the others).
//! Key spans cover the raw key text, value spans the raw value text, escapes
//! and continuation lines included.
//!
//! Nothing that Java accepts is reported here: its traps are valid input
//! whose meaning surprises, so they are *data* for the Kafka rules, which
//! read them from [`entries`]:
//! - `key=true # note` has the value `true # note` (no inline comments): the
//!   value says so, nothing more is needed;
//! - trailing white space is kept in the value (Kafka trims it later);
//! - a continued line starting with `#` or `!` is part of the value, not a
//!   comment: [`Entry::commented_continuations`];
//! - `key value` and `key:value` are as valid as `key=value`: [`Entry::separator`];
//! - escapes change the text: [`Entry::escaped`];
//! - encoding: Kafka loads the file with `Properties.load(InputStream)`,
//!   which reads bytes as ISO-8859-1. cloudlint gets the text already
//!   decoded as UTF-8 and keeps it so (messages should show what the author
//!   wrote), but a non-ASCII character then reaches Kafka as several Latin-1
//!   characters (`é` as `Ã©`): [`Entry::non_ascii`].
//!
//! The one error is a malformed `\uXXXX` escape: Java throws and loads nothing.
//!
//! [`Node`]: crate::parse::Node

mod escape;
mod lines;

use super::{Limits, Member, Node, ParseIssue, Parsed, Value};
use crate::span::Span;
use lines::{LineReader, LogicalLine, is_blank};

/// One `key=value` entry and how it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    /// The raw key text.
    pub key_span: Span,
    pub value: String,
    /// The raw value text across continuation lines; empty (just after the
    /// separator) when there is no value.
    pub value_span: Span,
    pub separator: Separator,
    /// Natural lines after the first that the entry continues onto.
    pub continued_lines: usize,
    /// Continued lines that start with `#` or `!`: they look like comments
    /// but are part of the value.
    pub commented_continuations: Vec<Span>,
    /// A backslash escape changed the key or the value.
    pub escaped: bool,
    /// The raw key or value holds non-ASCII characters, which Kafka reads
    /// as ISO-8859-1 (see the module documentation).
    pub non_ascii: bool,
}

/// What separates the key from the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Separator {
    Equals(Span),
    Colon(Span),
    /// Only white space (`key value`).
    Blank,
    /// A key alone on its line: the value is empty.
    Missing,
}

/// Parses `.properties` text.
#[must_use]
pub fn parse_properties(text: &str, _limits: &Limits) -> Parsed {
    match entries(text) {
        Ok(entries) => {
            let members = entries
                .into_iter()
                .map(|e| Member {
                    key: e.key,
                    key_span: e.key_span,
                    value: Node::new(e.value_span, Value::String(e.value)),
                })
                .collect();
            Parsed {
                root: Some(Node::new(Span::new(0, text.len()), Value::Object(members))),
                issues: Vec::new(),
            }
        }
        Err(issue) => Parsed {
            root: None,
            issues: vec![issue],
        },
    }
}

/// Every entry of `.properties` text in file order, duplicates included.
///
/// # Errors
/// A malformed `\uXXXX` escape, which makes Java reject the whole file.
pub fn entries(text: &str) -> Result<Vec<Entry>, ParseIssue> {
    let mut reader = LineReader::new(text);
    let mut line = LogicalLine::default();
    let mut out = Vec::new();
    while reader.read(&mut line) {
        out.push(split(&line)?);
    }
    Ok(out)
}

/// Splits a logical line into key, separator and value (`Properties.load0`).
fn split(line: &LogicalLine) -> Result<Entry, ParseIssue> {
    let chars = line.chars.as_slice();
    let mut key_len = 0;
    let mut value_start = chars.len();
    let mut separator = Separator::Missing;
    let mut escaped = false;
    while let Some(&(c, at)) = chars.get(key_len) {
        if !escaped && (c == '=' || c == ':') {
            separator = separator_at(c, at);
            value_start = key_len + 1;
            break;
        }
        if !escaped && is_blank(c) {
            separator = Separator::Blank;
            value_start = key_len + 1;
            break;
        }
        escaped = c == '\\' && !escaped;
        key_len += 1;
    }
    // After a blank, one `=` or `:` may still come; blanks around it are skipped.
    while let Some(&(c, at)) = chars.get(value_start) {
        if !is_blank(c) {
            if separator == Separator::Blank && (c == '=' || c == ':') {
                separator = separator_at(c, at);
            } else {
                break;
            }
        }
        value_start += 1;
    }
    let key_chars = chars.get(..key_len).unwrap_or_default();
    let value_chars = chars.get(value_start..).unwrap_or_default();
    let (key, key_escaped) = escape::unescape(key_chars).map_err(malformed)?;
    let (value, value_escaped) = escape::unescape(value_chars).map_err(malformed)?;
    let line_start = chars.first().map_or(0, |&(_, at)| at);
    let after_separator = value_start
        .checked_sub(1)
        .and_then(|i| chars.get(i))
        .map_or(line_start, |&(c, at)| at + c.len_utf8());
    Ok(Entry {
        key,
        key_span: span_of(key_chars, line_start),
        value,
        value_span: span_of(value_chars, after_separator),
        separator,
        continued_lines: line.continued_lines,
        commented_continuations: line.commented_continuations.clone(),
        escaped: key_escaped || value_escaped,
        non_ascii: key_chars
            .iter()
            .chain(value_chars)
            .any(|&(c, _)| !c.is_ascii()),
    })
}

fn separator_at(c: char, at: usize) -> Separator {
    let span = Span::new(at, at + 1);
    if c == '=' {
        Separator::Equals(span)
    } else {
        Separator::Colon(span)
    }
}

/// From the first character to the end of the last; empty at `otherwise`.
fn span_of(chars: &[(char, usize)], otherwise: usize) -> Span {
    match (chars.first(), chars.last()) {
        (Some(&(_, start)), Some(&(c, last))) => Span::new(start, last + c.len_utf8()),
        _ => Span::at(otherwise),
    }
}

fn malformed(m: escape::Malformed) -> ParseIssue {
    ParseIssue::syntax(
        m.span,
        "malformed `\\uXXXX` escape: Java's Properties.load rejects the whole file, so Kafka does not start"
            .to_string(),
    )
    .with_help(
        "write four hex digits after `\\u`; a literal backslash is `\\\\` (a Windows path `C:\\users` needs `C:\\\\users` or `C:/users`)",
    )
}

#[cfg(test)]
mod tests;
