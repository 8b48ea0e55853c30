//! saphyr events → [`Node`], with an explicit stack.
//!
//! Nothing here recurses: open collections live on `stack`, nesting is
//! bounded by `limits.depth()`, and alias expansion by
//! `limits.max_alias_nodes`, so no input can exhaust the thread's stack or
//! memory (saphyr's own loader recurses and overflows on deep block nesting).

use std::collections::HashMap;

use saphyr_parser::{Event, ScalarStyle, Tag};

use super::cfn;
use super::events::{Events, ScanFailure};
use super::props::{Props, node_props};
use super::schema::{resolve_plain, resolve_tagged};
use crate::parse::{Limits, Member, Node, ParseIssue, ParseIssueKind, Value};
use crate::span::Span;

/// Builds the tree of one document.
pub(super) struct Builder<'t> {
    text: &'t str,
    limits: &'t Limits,
    stack: Vec<Frame>,
    /// Completed anchored nodes by saphyr's anchor id (ids are unique even
    /// when a name is redefined).
    anchors: HashMap<usize, Built>,
    /// Nodes produced by alias expansion so far.
    alias_nodes: usize,
}

/// A finished node and what its parent needs to know about it.
#[derive(Clone)]
struct Built {
    node: Node,
    /// The scalar's text when it can be a mapping key.
    key: Option<String>,
    /// Nodes in the subtree, for the alias budget.
    count: usize,
    /// Collection levels in the subtree, for the depth limit.
    height: usize,
}

/// An open collection.
struct Frame {
    props: Props,
    flow: bool,
    body: Body,
    count: usize,
    height: usize,
    /// The furthest byte its children reach (the end of a block collection).
    end: usize,
}

enum Body {
    Seq(Vec<Node>),
    Map {
        members: Vec<Member>,
        key: Option<(String, Span)>,
    },
}

type BResult<T> = Result<T, ParseIssue>;

impl<'t> Builder<'t> {
    pub(super) fn new(text: &'t str, limits: &'t Limits) -> Builder<'t> {
        Builder {
            text,
            limits,
            stack: Vec::new(),
            anchors: HashMap::new(),
            alias_nodes: 0,
        }
    }

    /// Consumes the events of one document, through its `DocumentEnd`.
    pub(super) fn document(&mut self, events: &mut Events<'_>) -> BResult<Node> {
        let mut root = None;
        loop {
            let (event, span) = events.next().map_err(|f| self.scan_issue(&f))?;
            let built = match event {
                Event::Scalar(value, style, anchor, tag) => {
                    Some(self.scalar(&value, style, anchor, tag.as_deref(), span))
                }
                Event::SequenceStart(anchor, tag) => {
                    self.open(false, anchor, tag.as_deref(), span)?;
                    None
                }
                Event::MappingStart(anchor, tag) => {
                    self.open(true, anchor, tag.as_deref(), span)?;
                    None
                }
                Event::SequenceEnd | Event::MappingEnd => self.close(span),
                Event::Alias(id) => Some(self.alias(id, span)?),
                Event::DocumentEnd | Event::StreamEnd => {
                    return Ok(root.unwrap_or_else(|| Node::new(span, Value::Null)));
                }
                Event::StreamStart | Event::DocumentStart(_) | Event::Nothing => None,
            };
            if let Some(built) = built
                && let Some(done) = self.attach(built)?
            {
                root = Some(done);
            }
        }
    }

    fn scalar(
        &mut self,
        value: &str,
        style: ScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
        span: Span,
    ) -> Built {
        let props = node_props(self.text, span, anchor, tag);
        let mut content = Span::new(props.content, span.end as usize);
        if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
            content = trim_end(self.text, content);
        }
        if content.is_empty() && self.text.as_bytes().get(content.start as usize) == Some(&b':') {
            // An empty value (`key:`) is reported just after its colon.
            content = Span::at(content.start as usize + 1);
        }
        let resolved = match &props.tag {
            None if style == ScalarStyle::Plain => resolve_plain(value),
            Some(t) if t.is_core_schema() => {
                resolve_tagged(&t.suffix, value).unwrap_or_else(|| Value::String(value.to_string()))
            }
            Some(t) if t.is_local() && t.suffix == "GetAtt" => {
                cfn::split_get_att(value, content.text(self.text), content)
            }
            // Quoted, block and tagged scalars are strings.
            _ => Value::String(value.to_string()),
        };
        let count = 1 + resolved_children(&resolved);
        let built = Built {
            node: Node::new(content, resolved),
            key: Some(value.to_string()),
            count,
            height: usize::from(count > 1),
        };
        self.finish(built, &props)
    }

    fn open(&mut self, map: bool, anchor: usize, tag: Option<&Tag>, span: Span) -> BResult<()> {
        if self.stack.len() >= self.limits.depth() {
            return Err(ParseIssue {
                kind: ParseIssueKind::Limit,
                span: Span::new(span.start as usize, span.start as usize + 1),
                message: format!(
                    "nesting is deeper than the limit of {} levels",
                    self.limits.depth()
                ),
                labels: Vec::new(),
                help: Some(
                    "no real template or configuration nests this deep; the file is not linted"
                        .to_string(),
                ),
            });
        }
        let props = node_props(self.text, span, anchor, tag);
        let flow = matches!(self.text.as_bytes().get(props.content), Some(b'[' | b'{'));
        let body = if map {
            Body::Map {
                members: Vec::new(),
                key: None,
            }
        } else {
            Body::Seq(Vec::new())
        };
        self.stack.push(Frame {
            end: props.content,
            props,
            flow,
            body,
            count: 1,
            height: 1,
        });
        Ok(())
    }

    fn close(&mut self, span: Span) -> Option<Built> {
        let frame = self.stack.pop()?;
        let end = if frame.flow {
            span.end as usize
        } else {
            frame.end
        };
        let content = Span::new(frame.props.content, end);
        let value = match frame.body {
            Body::Seq(items) => Value::Array(items),
            Body::Map { members, .. } => Value::Object(members),
        };
        let built = Built {
            node: Node::new(content, value),
            key: None,
            count: frame.count,
            height: frame.height,
        };
        Some(self.finish(built, &frame.props))
    }

    /// Applies the node's tag and records its anchor.
    fn finish(&mut self, built: Built, props: &Props) -> Built {
        let full = Span::new(props.start, built.node.span.end as usize);
        let short_form = props
            .tag
            .as_ref()
            .filter(|t| t.is_local())
            .and_then(|t| cfn::long_form(&t.suffix).map(|long| (t, long)));
        let built = match (&props.tag, short_form) {
            (_, Some((tag, long))) => Built {
                node: Node {
                    span: full,
                    value: cfn::wrap(long, tag.span, built.node),
                    tag: Some(tag.span.text(self.text).to_string()),
                },
                key: built.key,
                count: built.count + 1,
                height: built.height + 1,
            },
            (Some(tag), None) if !tag.is_core_schema() => Built {
                node: Node {
                    span: full,
                    value: built.node.value,
                    tag: Some(tag.span.text(self.text).to_string()),
                },
                ..built
            },
            _ => built,
        };
        if props.anchor != 0 {
            self.anchors.insert(props.anchor, built.clone());
        }
        built
    }

    fn alias(&mut self, id: usize, span: Span) -> BResult<Built> {
        let name = span.text(self.text);
        let Some(anchored) = self.anchors.get(&id) else {
            let message = if self.stack.iter().any(|f| f.props.anchor == id) {
                format!(
                    "the alias `{name}` refers to a node that contains it: the structure would be infinite"
                )
            } else {
                format!("the alias `{name}` refers to no anchor defined before it")
            };
            return Err(ParseIssue::syntax(span, message));
        };
        self.alias_nodes = self.alias_nodes.saturating_add(anchored.count);
        if self.alias_nodes > self.limits.max_alias_nodes {
            return Err(ParseIssue {
                kind: ParseIssueKind::Limit,
                span,
                message: format!(
                    "expanding the alias `{name}` takes the document past the limit of {} alias-expanded nodes",
                    self.limits.max_alias_nodes
                ),
                labels: vec![(anchored.node.span, "the anchored node".to_string())],
                help: Some(
                    "aliases that multiply each other are a \"billion laughs\" attack; the file is not linted"
                        .to_string(),
                ),
            });
        }
        if self.stack.len() + anchored.height > self.limits.depth() {
            return Err(ParseIssue {
                kind: ParseIssueKind::Limit,
                span,
                message: format!(
                    "expanding the alias `{name}` nests the document deeper than the limit of {} levels",
                    self.limits.depth()
                ),
                labels: Vec::new(),
                help: Some(
                    "no real template or configuration nests this deep; the file is not linted"
                        .to_string(),
                ),
            });
        }
        let mut built = anchored.clone();
        // The alias itself is where this copy is used; its inner nodes keep
        // the spans of the anchored original, where their text is.
        built.node.span = span;
        Ok(built)
    }

    /// Adds a finished node to the open collection; returns it when it is the root.
    fn attach(&mut self, built: Built) -> BResult<Option<Node>> {
        let Some(frame) = self.stack.last_mut() else {
            return Ok(Some(built.node));
        };
        frame.count = frame.count.saturating_add(built.count);
        frame.height = frame.height.max(built.height + 1);
        frame.end = frame.end.max(built.node.span.end as usize);
        match &mut frame.body {
            Body::Seq(items) => items.push(built.node),
            Body::Map { members, key } => match key.take() {
                Some((key, key_span)) => members.push(Member {
                    key,
                    key_span,
                    value: built.node,
                }),
                None => {
                    let Some(text) = built.key else {
                        return Err(ParseIssue::syntax(
                            built.node.span,
                            format!("a {} is used as a mapping key; keys must be scalars", built.node.type_name()),
                        )
                        .with_help("CloudFormation and the configuration files cloudlint reads only use string keys"));
                    };
                    *key = Some((text, built.node.span));
                }
            },
        }
        Ok(None)
    }

    /// A scanner error as an issue, with the innermost open flow collection.
    fn scan_issue(&self, failure: &ScanFailure) -> ParseIssue {
        let mut issue = super::errors::describe(self.text, failure);
        if let Some(frame) = self.stack.iter().rev().find(|f| f.flow) {
            let open = Span::new(frame.props.content, frame.props.content + 1);
            let what = match frame.body {
                Body::Seq(_) => "inside the list opened here",
                Body::Map { .. } => "inside the mapping opened here",
            };
            issue = issue.with_label(open, what);
        }
        issue
    }
}

/// Nodes inside a scalar's resolved value (the parts of a split `!GetAtt`).
fn resolved_children(value: &Value) -> usize {
    match value {
        Value::Array(items) => items.len(),
        _ => 0,
    }
}

/// A block scalar's span without the trailing line breaks saphyr includes.
fn trim_end(text: &str, span: Span) -> Span {
    let bytes = text.as_bytes();
    let mut end = span.end as usize;
    while end > span.start as usize && bytes.get(end - 1).is_some_and(u8::is_ascii_whitespace) {
        end -= 1;
    }
    Span::new(span.start as usize, end)
}
