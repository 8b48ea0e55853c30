//! ## What it does
//! Reports a `cassandra.yaml` setting written under both its old name and
//! the new name Cassandra 4.1 (or 5.0) gave it, such as
//! `max_hint_window_in_ms` and `max_hint_window`.
//!
//! ## Why is this bad?
//! Cassandra refuses to start: "Config contains both old and new keys for
//! the same configuration parameters, migrate old -> new" (unless started
//! with `-Dcassandra.allow_new_old_config_keys=true`, and then only one of
//! the two applies). It happens when a 4.0 file is upgraded by adding the
//! new names from the 4.1 sample file without removing the old ones.
//!
//! ## Example
//! ```yaml
//! max_hint_window_in_ms: 10800000
//! max_hint_window: 3h
//! ```
//!
//! ## Fix
//! Keep only the new name, with a unit:
//! ```yaml
//! max_hint_window: 3h
//! ```
//!
//! ## References
//! - Apache Cassandra, configuration: units and renamed settings (4.1): <https://cassandra.apache.org/doc/latest/cassandra/managing/configuration/configuration.html>
//! - Best Practices for Running Apache Cassandra on Amazon EC2 (Upgrades): <https://aws.amazon.com/blogs/big-data/best-practices-for-running-apache-cassandra-on-amazon-ec2/>

use crate::cassandra::RENAMES;
use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::PathSeg;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "CAS004",
        "old-and-new-names",
        Severity::Error,
        &[InputKind::CassandraYaml],
        "A setting under both its old and its new (4.1) name, which Cassandra refuses to start with",
        crate::rule_docs!(),
        &["correctness", "cassandra"],
        Precision::VeryHigh,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(root) = ctx.root else { return };
    for r in RENAMES {
        let Some(new) = root.member(r.new) else {
            continue;
        };
        for (old_name, _) in r.old.iter().filter(|(o, _)| *o != r.new) {
            let Some(old) = root.member(old_name) else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    rule,
                    old.key_span,
                    format!(
                        "{old_name} is the old name of {}, which is also set: Cassandra refuses to start (\"Config contains both old and new keys for the same configuration parameters\")",
                        r.new
                    ),
                )
                .with_label(new.key_span, "the new name")
                .with_help(format!("remove {old_name} and keep {} (with a unit where it takes one)", r.new))
                .with_path(&[PathSeg::Key((*old_name).to_string())]),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run;
    use super::*;

    #[test]
    fn both_names() {
        let got = run(
            &RULE,
            "max_hint_window_in_ms: 10800000\nmax_hint_window: 3h\n",
        );
        assert_eq!(got.len(), 1);
        assert!(got[0].starts_with("1:1 max_hint_window_in_ms | max_hint_window_in_ms is the old name of max_hint_window"), "{got:#?}");
        assert!(run(&RULE, "max_hint_window: 3h\nkey_cache_save_period: 4h\n").is_empty());
        assert_eq!(
            run(
                &RULE,
                "enable_user_defined_functions: true\nuser_defined_functions_enabled: false\n"
            )
            .len(),
            1
        );
    }
}
