//! `message` and `help` templates with placeholders, parsed once at load.
//!
//! `{value}` is the reported value, `{key}` its key (or list position),
//! `{path}` its logical path; any other `{…}` is a path from the selected
//! node (`{name}`, `{Ebs.VolumeType}`, `{@['log.dirs']}`), from one of its
//! ancestors (`{../../name}`: each `../` goes up one level) or from the
//! document root (`{$.family}`). `{{` and `}}` are literal braces.

use super::query::{QueryError, RelPath, display_value, node_at};
use crate::parse::{Node, PathSeg};

#[derive(Debug, Clone)]
pub struct Template {
    parts: Vec<Part>,
}

#[derive(Debug, Clone)]
enum Part {
    Text(String),
    Value,
    Key,
    Path,
    /// A path from the selected node's ancestor `up` levels above it.
    Lookup {
        up: usize,
        path: RelPath,
    },
}

/// What placeholders are filled from for one finding.
pub struct Fill<'a> {
    /// The node the finding points at.
    pub reported: &'a Node,
    /// Its key, or its position in a list.
    pub key: String,
    /// Its logical path (`$.containerDefinitions[0].privileged`).
    pub path: &'a str,
    /// The node `select` picked, which relative placeholders start from.
    pub selected: &'a Node,
    /// Its path from the root, for `../` placeholders.
    pub selected_path: &'a [PathSeg],
    pub root: &'a Node,
}

/// Shown for a placeholder whose path reaches nothing.
pub const MISSING: &str = "(missing)";

impl Template {
    /// Parses a template.
    ///
    /// # Errors
    /// An unclosed `{`, a lone `}`, an empty `{}` or an invalid path; the
    /// offset is in bytes from the start of the template.
    pub fn parse(text: &str) -> Result<Template, QueryError> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(i) = rest.find(['{', '}']) {
            let offset = text.len() - rest.len() + i;
            literal.push_str(rest.get(..i).unwrap_or(""));
            let tail = rest.get(i..).unwrap_or("");
            if let Some(after) = tail.strip_prefix("{{") {
                literal.push('{');
                rest = after;
                continue;
            }
            if let Some(after) = tail.strip_prefix("}}") {
                literal.push('}');
                rest = after;
                continue;
            }
            if tail.starts_with('}') {
                return Err(QueryError {
                    offset: Some(offset),
                    message: "`}` without a matching `{` (write `}}` for a literal brace)".into(),
                });
            }
            let body_and_rest = tail.get(1..).unwrap_or("");
            let Some(close) = body_and_rest.find('}') else {
                return Err(QueryError {
                    offset: Some(offset),
                    message: "`{` without a closing `}` (write `{{` for a literal brace)".into(),
                });
            };
            let raw = body_and_rest.get(..close).unwrap_or("");
            let lead = raw.len() - raw.trim_start().len();
            let body = raw.trim();
            if !literal.is_empty() {
                parts.push(Part::Text(std::mem::take(&mut literal)));
            }
            parts.push(match body {
                "" => {
                    return Err(QueryError {
                        offset: Some(offset),
                        message: "empty placeholder `{}`; use {value}, {key}, {path} or a path such as {name}".into(),
                    });
                }
                "value" => Part::Value,
                "key" => Part::Key,
                "path" => Part::Path,
                lookup => {
                    let mut rest = lookup;
                    let mut up = 0;
                    while let Some(r) = rest.strip_prefix("../") {
                        up += 1;
                        rest = r;
                    }
                    let skipped = lookup.len() - rest.len();
                    let path = RelPath::parse(rest).map_err(|e| QueryError {
                        offset: Some(offset + 1 + lead + skipped + e.offset.unwrap_or(0)),
                        message: format!("in placeholder `{{{lookup}}}`: {}", e.message),
                    })?;
                    Part::Lookup { up, path }
                }
            });
            rest = body_and_rest.get(close + 1..).unwrap_or("");
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            parts.push(Part::Text(literal));
        }
        Ok(Template { parts })
    }

    #[must_use]
    pub fn render(&self, fill: &Fill<'_>) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Value => out.push_str(&display_value(fill.reported)),
                Part::Key => out.push_str(&fill.key),
                Part::Path => out.push_str(fill.path),
                Part::Lookup { up, path } => {
                    let start = if *up == 0 {
                        Some(fill.selected)
                    } else {
                        fill.selected_path
                            .len()
                            .checked_sub(*up)
                            .and_then(|n| fill.selected_path.get(..n))
                            .and_then(|p| node_at(fill.root, p))
                    };
                    match start.and_then(|s| path.first(s, fill.root)) {
                        Some(found) => out.push_str(&display_value(found.node)),
                        None => out.push_str(MISSING),
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Limits, json::parse_json};

    fn render(template: &str) -> String {
        let root = parse_json(
            r#"{"family": "web", "c": [{"name": "app", "privileged": true, "log.dirs": "/tmp"}]}"#,
            &Limits::default(),
        )
        .root
        .unwrap();
        let selected = &root.get("c").unwrap().items()[0];
        let fill = Fill {
            reported: selected.get("privileged").unwrap(),
            key: "privileged".into(),
            path: "$.c[0].privileged",
            selected,
            selected_path: &[PathSeg::Key("c".into()), PathSeg::Index(0)],
            root: &root,
        };
        Template::parse(template).unwrap().render(&fill)
    }

    #[test]
    fn fills_placeholders() {
        assert_eq!(
            render("container \"{name}\" sets {key}: {value} at {path}"),
            "container \"app\" sets privileged: true at $.c[0].privileged"
        );
        assert_eq!(render("{$.family}/{ name }"), "web/app");
        assert_eq!(render("{@['log.dirs']}"), "/tmp");
        assert_eq!(render("{user}"), MISSING);
        assert_eq!(render("{{literal}} }} {{"), "{literal} } {");
        assert_eq!(render("no placeholders"), "no placeholders");
        assert_eq!(render("é{name}ü"), "éappü");
        assert_eq!(render("{../../family}"), "web");
        assert_eq!(render("{../0.name}"), "app");
        assert_eq!(render("{../../../family}"), MISSING, "above the root");
    }

    #[test]
    fn rejects_malformed_templates() {
        let err = |t: &str| Template::parse(t).unwrap_err();
        assert_eq!(err("a {name").offset, Some(2));
        assert_eq!(err("a } b").offset, Some(2));
        assert_eq!(err("x{}").offset, Some(1));
        let bad_path = err("ab{a..b}");
        assert_eq!(bad_path.offset, Some(5));
        assert!(
            bad_path.message.contains("empty segment"),
            "{}",
            bad_path.message
        );
        assert!(err("{@[}").message.contains("invalid JSONPath"));
        assert_eq!(err("{../a..b}").offset, Some(6));
    }
}
