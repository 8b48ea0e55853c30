//! ## What it does
//! Reports a key that appears twice in the same JSON object, YAML mapping or
//! `.properties` file, pointing at the repeat and at the first occurrence.
//!
//! ## Why is this bad?
//! Parsers disagree on duplicates: most keep the last one silently, some keep
//! the first, some reject the file (CloudFormation rejects duplicate keys in
//! YAML; Kafka keeps the last `server.properties` entry). A reviewer reads the
//! first `"Effect": "Deny"` while AWS applies the later `"Effect": "Allow"`.
//! In a Kafka `server.properties` the last entry silently wins, so a setting
//! hardened at the top of the file can be undone by a forgotten line at the
//! bottom; Cassandra likewise keeps the last value of a repeated key.
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
//! - `java.util.Properties.load`, which Kafka reads `server.properties` with: <https://docs.oracle.com/en/java/javase/21/docs/api/java.base/java/util/Properties.html#load(java.io.Reader)>

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::{Node, PathSeg};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

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
    // What happens to the repeat depends on who reads the file.
    let consequence = match (ctx.kind, ctx.syntax) {
        (Some(InputKind::CassandraYaml), _) => {
            "Cassandra keeps only this later value (it refuses the file only when started with -Dcassandra.allow_duplicate_config_keys=false)"
        }
        (_, crate::parse::Syntax::Json) => {
            "most JSON parsers, AWS's included, keep only this later value"
        }
        (_, crate::parse::Syntax::Yaml) => {
            "YAML forbids it and CloudFormation rejects the template"
        }
        (_, crate::parse::Syntax::Properties) => {
            "java.util.Properties (and so Kafka) keeps only this later value"
        }
        // Shell scripts have no tree (`root` is `None` above).
        (_, crate::parse::Syntax::Shell) => return,
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
