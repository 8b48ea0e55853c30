//! Node properties (`&anchor`, `!tag`) located in the text.
//!
//! saphyr gives a node one span from its first property to its content and
//! does not say where the tag is. The tag's own span (the key span of a
//! normalised `!Ref`) and the content's span are found here by reading the
//! properties again from the node's start.

use saphyr_parser::Tag;

use crate::span::Span;

/// Where a node's properties and content are.
#[derive(Debug, Clone)]
pub(super) struct Props {
    /// The anchor id saphyr assigned (0: none).
    pub anchor: usize,
    pub tag: Option<TagRef>,
    /// Start of the node, its properties included.
    pub start: usize,
    /// Start of the content, after the properties.
    pub content: usize,
}

#[derive(Debug, Clone)]
pub(super) struct TagRef {
    /// `!` for local tags, `tag:yaml.org,2002:` for `!!x`.
    pub handle: String,
    pub suffix: String,
    /// The tag as written.
    pub span: Span,
}

impl TagRef {
    pub(super) fn is_core_schema(&self) -> bool {
        self.handle == "tag:yaml.org,2002:"
    }

    pub(super) fn is_local(&self) -> bool {
        self.handle == "!"
    }
}

/// The properties of the node whose event spans `span` (byte offsets).
pub(super) fn node_props(text: &str, span: Span, anchor: usize, tag: Option<&Tag>) -> Props {
    let start = span.start as usize;
    let mut props = Props {
        anchor,
        tag: None,
        start,
        content: start,
    };
    if anchor == 0 && tag.is_none() {
        return props;
    }
    let bytes = text.as_bytes();
    let mut pos = start;
    let mut tag_span = None;
    while let Some(&b) = bytes.get(pos) {
        match b {
            b'&' => pos = token_end(bytes, pos),
            b'!' => {
                let end = token_end(bytes, pos);
                tag_span = Some(Span::new(pos, end));
                pos = end;
            }
            _ => break,
        }
        pos = skip_separation(bytes, pos);
    }
    props.content = pos.min(span.end as usize).max(start);
    props.tag = tag.map(|t| TagRef {
        handle: t.handle.clone(),
        suffix: t.suffix.clone(),
        span: tag_span.unwrap_or(Span::at(start)),
    });
    props
}

/// The end of an anchor or tag token: white space or a flow indicator ends
/// it, except inside a verbatim tag `!<…>`.
fn token_end(bytes: &[u8], start: usize) -> usize {
    let mut pos = start + 1;
    if bytes.get(pos) == Some(&b'<') {
        while let Some(&b) = bytes.get(pos) {
            pos += 1;
            if b == b'>' {
                return pos;
            }
        }
        return pos;
    }
    while let Some(&b) = bytes.get(pos) {
        if matches!(
            b,
            b' ' | b'\t' | b'\r' | b'\n' | b',' | b'[' | b']' | b'{' | b'}'
        ) {
            break;
        }
        pos += 1;
    }
    pos
}

/// Skips white space, line breaks and comments between properties and content.
fn skip_separation(bytes: &[u8], mut pos: usize) -> usize {
    while let Some(&b) = bytes.get(pos) {
        match b {
            b' ' | b'\t' | b'\r' | b'\n' => pos += 1,
            b'#' => {
                while bytes.get(pos).is_some_and(|&c| c != b'\n' && c != b'\r') {
                    pos += 1;
                }
            }
            _ => break,
        }
    }
    pos
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(suffix: &str) -> Tag {
        Tag {
            handle: "!".into(),
            suffix: suffix.into(),
        }
    }

    #[test]
    fn finds_tag_and_content_after_an_anchor() {
        let text = "k: &a !Sub 'x'";
        let t = tag("Sub");
        let p = node_props(text, Span::new(3, text.len()), 1, Some(&t));
        assert_eq!(
            p.tag.map(|t| t.span.text(text).to_string()),
            Some("!Sub".into())
        );
        assert_eq!(text.get(p.content..), Some("'x'"));
    }

    #[test]
    fn content_may_follow_on_the_next_line_after_a_comment() {
        let text = "k: !If # why\n  - a";
        let t = tag("If");
        let p = node_props(text, Span::new(3, text.len()), 0, Some(&t));
        assert_eq!(text.get(p.content..), Some("- a"));
    }

    #[test]
    fn flow_indicators_end_a_tag() {
        let text = "[!Ref,x]";
        let t = tag("Ref");
        let p = node_props(text, Span::new(1, 5), 0, Some(&t));
        assert_eq!(
            p.tag.map(|t| t.span.text(text).to_string()),
            Some("!Ref".into())
        );
        assert_eq!(p.content, 5);
    }
}
