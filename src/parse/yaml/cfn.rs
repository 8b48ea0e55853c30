//! CloudFormation short-form tags (`!Ref X`) normalised to their long form
//! (`{"Ref": "X"}`), so rules see one shape whatever the template's syntax.
//!
//! Sources: the intrinsic function reference and the rule functions reference
//! of the CloudFormation Template Reference
//! (<https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-rules.html>).
//! `Fn::ForEach` has no short form: it is written as a key
//! (`Fn::ForEach::LoopName:`), so it needs nothing here.

use crate::parse::{Member, Node, Value};
use crate::span::Span;

/// Short-form tag suffix → long-form key.
const SHORT_FORMS: &[(&str, &str)] = &[
    ("Ref", "Ref"),
    ("Condition", "Condition"),
    ("Base64", "Fn::Base64"),
    ("Cidr", "Fn::Cidr"),
    ("FindInMap", "Fn::FindInMap"),
    ("GetAtt", "Fn::GetAtt"),
    ("GetAZs", "Fn::GetAZs"),
    ("ImportValue", "Fn::ImportValue"),
    ("Join", "Fn::Join"),
    ("Select", "Fn::Select"),
    ("Split", "Fn::Split"),
    ("Sub", "Fn::Sub"),
    ("Transform", "Fn::Transform"),
    ("Length", "Fn::Length"),
    ("ToJsonString", "Fn::ToJsonString"),
    ("And", "Fn::And"),
    ("Equals", "Fn::Equals"),
    ("If", "Fn::If"),
    ("Not", "Fn::Not"),
    ("Or", "Fn::Or"),
    // Rule functions, used in a template's `Rules` section.
    ("Contains", "Fn::Contains"),
    ("EachMemberEquals", "Fn::EachMemberEquals"),
    ("EachMemberIn", "Fn::EachMemberIn"),
    ("RefAll", "Fn::RefAll"),
    ("ValueOf", "Fn::ValueOf"),
    ("ValueOfAll", "Fn::ValueOfAll"),
];

/// The long-form key of a local tag's suffix, if it is a short form.
pub(super) fn long_form(suffix: &str) -> Option<&'static str> {
    SHORT_FORMS
        .iter()
        .find(|(short, _)| *short == suffix)
        .map(|(_, long)| *long)
}

/// `{long: inner}`, its key spanning the tag.
pub(super) fn wrap(long: &str, tag_span: Span, inner: Node) -> Value {
    Value::Object(vec![Member {
        key: long.to_string(),
        key_span: tag_span,
        value: inner,
    }])
}

/// `!GetAtt Res.Attr` → `["Res", "Attr"]`, split at the first dot (the
/// attribute may hold dots itself: `Outputs.BucketName`). `raw` is the
/// scalar's source text; parts get exact spans when it is the value as is
/// (plain or quoted without escapes), else both get the whole span.
pub(super) fn split_get_att(value: &str, raw: &str, span: Span) -> Value {
    let parts: Vec<&str> = match value.split_once('.') {
        Some((res, attr)) => vec![res, attr],
        None => vec![value],
    };
    let unquoted = raw
        .strip_prefix(['\'', '"'])
        .and_then(|r| r.strip_suffix(['\'', '"']))
        .unwrap_or(raw);
    let base = if unquoted == value {
        Some(span.start as usize + (raw.len() - unquoted.len()) / 2)
    } else {
        None
    };
    let mut offset = 0;
    let items = parts
        .into_iter()
        .map(|part| {
            let part_span = match base {
                Some(b) => Span::new(b + offset, b + offset + part.len()),
                None => span,
            };
            offset += part.len() + 1;
            Node::new(part_span, Value::String(part.to_string()))
        })
        .collect();
    Value::Array(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items_of(v: &Value) -> &[Node] {
        match v {
            Value::Array(items) => items,
            _ => &[],
        }
    }

    #[test]
    fn get_att_splits_at_the_first_dot_with_spans() {
        let text = "!GetAtt Stack.Outputs.Name";
        let span = Span::new(8, text.len());
        let items = split_get_att("Stack.Outputs.Name", "Stack.Outputs.Name", span);
        let texts: Vec<&str> = items_of(&items).iter().map(|n| n.span.text(text)).collect();
        assert_eq!(texts, ["Stack", "Outputs.Name"]);
    }

    #[test]
    fn quoted_get_att_spans_skip_the_quote() {
        let text = "!GetAtt 'A.B'";
        let items = split_get_att("A.B", "'A.B'", Span::new(8, 13));
        let texts: Vec<&str> = items_of(&items).iter().map(|n| n.span.text(text)).collect();
        assert_eq!(texts, ["A", "B"]);
    }

    #[test]
    fn known_and_unknown_short_forms() {
        assert_eq!(long_form("Ref"), Some("Ref"));
        assert_eq!(long_form("GetAZs"), Some("Fn::GetAZs"));
        assert_eq!(long_form("Condition"), Some("Condition"));
        assert_eq!(long_form("Rain::Embed"), None);
        assert_eq!(long_form("ref"), None);
    }
}
