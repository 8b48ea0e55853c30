//! Suppressions in CloudFormation resource metadata, for JSON templates
//! (which cannot hold comments) as well as YAML:
//!
//! ```yaml
//! Resources:
//!   LegacyBucket:
//!     Type: AWS::S3::Bucket
//!     Metadata:
//!       cloudlint:
//!         ignore:
//!           - rule: CFN031
//!             reason: public website bucket, reviewed 2026-11
//!             expires: 2027-06-30
//! ```
//!
//! An entry covers the whole resource.

use super::Suppression;
use crate::parse::Node;
use crate::rules::FileContext;
use crate::source::InputKind;

#[must_use]
pub fn collect(ctx: &FileContext<'_>) -> Vec<Suppression> {
    let (Some(root), Some(InputKind::Cloudformation)) = (ctx.root, ctx.kind) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let Some(resources) = root.get("Resources") else {
        return out;
    };
    for res in resources.members() {
        let Some(ignore) = res
            .value
            .get("Metadata")
            .and_then(|m| m.get("cloudlint"))
            .and_then(|c| c.get("ignore"))
        else {
            continue;
        };
        let covers = vec![res.key_span.cover(res.value.span)];
        for entry in ignore.items() {
            out.push(entry_suppression(entry, covers.clone()));
        }
    }
    out
}

fn entry_suppression(entry: &Node, covers: Vec<crate::span::Span>) -> Suppression {
    let rules = entry
        .get("rule")
        .map(|r| {
            r.one_or_many()
                .iter()
                .filter_map(|n| n.as_str().map(|s| (s.to_string(), n.span)))
                .collect()
        })
        .unwrap_or_default();
    Suppression {
        rules,
        reason: entry
            .get("reason")
            .and_then(Node::as_str)
            .unwrap_or("")
            .to_string(),
        expires: entry
            .get("expires")
            .and_then(|e| e.scalar_text())
            .map(|e| e.into_owned()),
        span: entry.span,
        covers,
    }
}
