//! ## What it does
//! Reports `num_tokens` choices the Cassandra documentation warns about:
//! - more than 16 tokens per node (256 was the 3.x default);
//! - several tokens (2 to 16) without the token allocation algorithm
//!   (`allocate_tokens_for_local_replication_factor` or
//!   `allocate_tokens_for_keyspace`), so tokens are random;
//! - no `num_tokens` and no `initial_token`: one random token per node.
//!
//! ## Why is this bad?
//! "More tokens leads to sharing data with more peers, and results in
//! decreased availability": with 256 vnodes per node, any two nodes down in
//! different Availability Zones likely make some token range lose quorum,
//! and repairs and streaming touch every node. With few tokens, random
//! placement leaves nodes with very different shares of the data unless the
//! allocation algorithm places them; the documentation calls setting
//! `allocate_tokens_for_local_replication_factor` "extremely important".
//! The AWS best-practices post for Cassandra grows clusters by doubling
//! them so that data stays evenly spread across zones; uneven tokens defeat
//! that. `num_tokens` cannot be changed on a node that holds data, so the
//! choice must be right before the first start.
//!
//! ## Example
//! ```yaml
//! num_tokens: 256
//! ```
//!
//! ## Fix
//! For a new cluster:
//! ```yaml
//! num_tokens: 16
//! allocate_tokens_for_local_replication_factor: 3
//! ```
//! For an existing cluster keep the value its nodes have, and plan a
//! migration to a new datacenter with fewer tokens.
//!
//! ## References
//! - Apache Cassandra, production recommendations (tokens): <https://cassandra.apache.org/doc/latest/cassandra/getting-started/production.html>
//! - Best Practices for Running Apache Cassandra on Amazon EC2 (Scaling): <https://aws.amazon.com/blogs/big-data/best-practices-for-running-apache-cassandra-on-amazon-ec2/>

use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::PathSeg;
use crate::rules::declarative::assertions::number;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;
use crate::span::Span;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "CAS003",
        "num-tokens-choice",
        Severity::Warning,
        &[InputKind::CassandraYaml],
        "A num_tokens choice the Cassandra documentation warns about (over 16, or random token placement)",
        crate::rule_docs!(),
        &["reliability", "cassandra"],
        Precision::Medium,
    ),
    check,
};

const HELP: &str = "for a new cluster: num_tokens: 16 with allocate_tokens_for_local_replication_factor: 3 (the replication factor); an existing cluster keeps its value";

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(c) = super::config(ctx) else { return };
    let path = [PathSeg::Key("num_tokens".into())];
    let allocation = [
        "allocate_tokens_for_local_replication_factor",
        "allocate_tokens_for_keyspace",
    ]
    .iter()
    .any(|k| c.get(k).is_some());
    let Some(node) = c.get("num_tokens") else {
        if c.get("initial_token").is_none() {
            out.push(
                Diagnostic::new(
                    rule,
                    Span::at(0),
                    "num_tokens is not set and neither is initial_token: the node takes one random token, so nodes own very unequal shares of the data",
                )
                .with_help(HELP)
                .with_path(&path),
            );
        }
        return;
    };
    let Some(tokens) = number(node) else { return };
    let message = if tokens > 16.0 {
        format!(
            "num_tokens: {tokens}: more tokens spread each node's data over more peers, so two nodes down anywhere can cost quorum on some range, and repairs and streaming slow down (the documentation lists at most 16)"
        )
    } else if tokens > 1.0 && !allocation {
        format!(
            "num_tokens: {tokens} without allocate_tokens_for_local_replication_factor: tokens are placed at random, so nodes own unequal shares of the data"
        )
    } else {
        return;
    };
    out.push(
        Diagnostic::new(rule, node.span, message)
            .with_help(HELP)
            .with_path(&path),
    );
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run;
    use super::*;

    #[test]
    fn token_choices() {
        let got = run(
            &RULE,
            "num_tokens: 256\nallocate_tokens_for_local_replication_factor: 3\n",
        );
        assert_eq!(got.len(), 1);
        assert!(
            got[0].starts_with("1:13 256 | num_tokens: 256: more tokens"),
            "{got:#?}"
        );
        let got = run(&RULE, "num_tokens: 16\n");
        assert!(got[0].contains("placed at random"), "{got:#?}");
        assert!(
            run(
                &RULE,
                "num_tokens: 16\nallocate_tokens_for_local_replication_factor: 3\n"
            )
            .is_empty()
        );
        assert!(run(&RULE, "num_tokens: 1\ninitial_token: 0\n").is_empty());
        assert_eq!(run(&RULE, "cluster_name: x\n").len(), 1);
        assert!(run(&RULE, "initial_token: -9223372036854775808\n").is_empty());
    }
}
