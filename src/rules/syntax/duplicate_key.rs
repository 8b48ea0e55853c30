//! ## What it does
//! Reports a key that appears twice in the same JSON object, YAML mapping or
//! `.properties` file, pointing at the repeat and at the first occurrence.
//!
//! ## Why is this bad?
//! Parsers disagree on duplicates: most keep the last one silently, some keep
//! the first, some reject the file (CloudFormation rejects duplicate keys in
//! YAML; Kafka keeps the last `server.properties` entry). A reviewer reads the
//! first `"Effect": "Deny"` while AWS applies the later `"Effect": "Allow"`.
//!
//! ## Example
//! ```json
//! { "Effect": "Deny", "Action": "s3:*", "Effect": "Allow", "Resource": "*" }
//! ```
//!
//! ## Fix
//! Keep one of the entries; merge their values if both were meant.
//!
//! ## References
//! - RFC 8259 §4 ("names within an object SHOULD be unique"): <https://www.rfc-editor.org/rfc/rfc8259#section-4>
//! - YAML 1.2.2 §3.2.1.1 (mapping keys are unique): <https://yaml.org/spec/1.2.2/#3211-nodes>

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::{Node, PathSeg};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "SYN004",
        "duplicate-key",
        Severity::Error,
        &[],
        "A key repeated in one object; parsers disagree on which one wins",
        crate::rule_docs!(),
        &["correctness"],
        Precision::VeryHigh,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(root) = ctx.root else { return };
    let consequence = match ctx.syntax {
        crate::parse::Syntax::Json => {
            "most JSON parsers, AWS's included, keep only this later value"
        }
        crate::parse::Syntax::Yaml => "YAML forbids it and CloudFormation rejects the template",
        crate::parse::Syntax::Properties => {
            "java.util.Properties (and so Kafka) keeps only this later value"
        }
    };
    root.walk(|path, node: &Node| {
        let members = node.members();
        if members.len() < 2 {
            return;
        }
        let mut first: HashMap<&str, usize> = HashMap::with_capacity(members.len());
        for (i, m) in members.iter().enumerate() {
            let Some(&j) = first.get(m.key.as_str()) else {
                first.insert(&m.key, i);
                continue;
            };
            let Some(earlier) = members.get(j) else {
                continue;
            };
            let mut p = path.to_vec();
            p.push(PathSeg::Key(m.key.clone()));
            out.push(
                Diagnostic::new(
                    rule,
                    m.key_span,
                    format!("duplicate key \"{}\": {consequence}", m.key),
                )
                .with_label(earlier.key_span, "first defined here")
                .with_help("keep one entry; merge the values if both were meant")
                .with_path(&p),
            );
        }
    });
}
