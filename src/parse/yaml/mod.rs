//! YAML → the positioned [`Node`] tree, from saphyr's event stream.
//!
//! What the tree holds:
//! - exact byte spans for every key and value (saphyr counts characters; see
//!   [`events`]);
//! - plain scalars typed by the YAML 1.2 core schema, numbers as written;
//!   quoted, block and tagged scalars as strings ([`schema`]);
//! - CloudFormation short forms in their long form, `!Ref X` →
//!   `{"Ref": "X"}`, with `Node::tag` set to the tag as written ([`cfn`]);
//!   other tags keep the plain value with `Node::tag` set;
//! - anchors expanded at their aliases, within `limits.max_alias_nodes`;
//! - duplicate keys kept in order (the `duplicate-key` rule reports them).
//!
//! Only the first document of a stream is read; a second non-empty document
//! is reported as suspicious (CloudFormation and Cassandra read one).
//!
//! [`Node`]: crate::parse::Node

mod build;
mod cfn;
mod errors;
mod events;
mod props;
mod schema;

use saphyr_parser::{Event, ScalarStyle};

use super::{Limits, ParseIssue, ParseIssueKind, Parsed};
use crate::span::Span;
use build::Builder;
use events::Events;

/// Parses `text` (already decoded, BOM removed) as a YAML stream.
#[must_use]
pub fn parse_yaml(text: &str, limits: &Limits) -> Parsed {
    match parse_stream(text, limits) {
        Ok((root, issues)) => Parsed {
            root: Some(root),
            issues,
        },
        Err(issue) => Parsed {
            root: None,
            issues: vec![issue],
        },
    }
}

fn parse_stream(
    text: &str,
    limits: &Limits,
) -> Result<(crate::parse::Node, Vec<ParseIssue>), ParseIssue> {
    let mut events = Events::new(text);
    let mut builder = Builder::new(text, limits);
    let scan = |f: events::ScanFailure| errors::describe(text, &f);
    loop {
        match events.next().map_err(scan)? {
            (Event::StreamStart, _) => {}
            (Event::DocumentStart(_), _) => break,
            _ => return Err(empty_file(text)),
        }
    }
    let root = builder.document(&mut events)?;
    let mut issues = Vec::new();
    if let Some(extra) = next_non_empty_document(&mut events).map_err(scan)? {
        issues.push(ParseIssue {
            kind: ParseIssueKind::Suspicious,
            span: extra,
            message: "the file holds more than one YAML document; only the first is linted".to_string(),
            labels: vec![(root.span, "the first document".to_string())],
            help: Some(
                "CloudFormation and Cassandra read a single document: remove the `---` and what follows, or split the file"
                    .to_string(),
            ),
        });
    }
    Ok((root, issues))
}

/// After the first document: the span of the next document that has content.
fn next_non_empty_document(events: &mut Events<'_>) -> Result<Option<Span>, events::ScanFailure> {
    loop {
        let (event, start) = events.next()?;
        match event {
            Event::StreamEnd => return Ok(None),
            Event::DocumentStart(_) => {}
            _ => continue,
        }
        let (content, span) = events.next()?;
        let empty = matches!(
            &content,
            Event::Scalar(v, ScalarStyle::Plain, 0, None) if v.is_empty()
        );
        if !empty {
            return Ok(Some(if start.is_empty() { span } else { start }));
        }
    }
}

fn empty_file(text: &str) -> ParseIssue {
    let message = if text.trim().is_empty() {
        "the file is empty"
    } else {
        "the file is empty: it holds only comments"
    };
    ParseIssue::syntax(Span::at(0), message.to_string())
        .with_help("a YAML template or configuration file needs at least one key")
}

#[cfg(test)]
mod tests;
