//! ## What it does
//! Reports replication factors below 3 for the topics a broker creates:
//! `default.replication.factor` (default 1, so also when it is absent),
//! `offsets.topic.replication.factor` (consumer offsets, default 3) and
//! `transaction.state.log.replication.factor` (transactions, default 3).
//! When `.cloudlint.toml` says the brokers store their logs on EBS
//! (`[account] kafka-storage = "ebs"`), 2 is accepted.
//!
//! ## Why is this bad?
//! A partition with one replica is lost with its broker: an instance
//! failure, an instance-store disk or a reboot onto a fresh host loses its
//! data, and until then the partition is offline. The AWS best-practices post
//! for Kafka: "Generally, Kafka deployments use a replication factor of
//! three", spread over three Availability Zones; EBS replicates volumes
//! within a zone, which is why a replication factor of two is acceptable
//! there. The consumer-offsets topic is created once, on first use, with the
//! factor set then: the shipped sample files set it to 1 for a single-broker
//! test.
//!
//! ## Example
//! ```properties
//! default.replication.factor=1
//! offsets.topic.replication.factor=1
//! transaction.state.log.replication.factor=1
//! ```
//!
//! ## Fix
//! ```properties
//! default.replication.factor=3
//! offsets.topic.replication.factor=3
//! transaction.state.log.replication.factor=3
//! min.insync.replicas=2
//! ```
//!
//! ## References
//! - Best Practices for Running Apache Kafka on AWS (Storage options: replication factor 3, 2 on EBS): <https://aws.amazon.com/blogs/big-data/best-practices-for-running-apache-kafka-on-aws/>
//! - Amazon MSK best practices (replication factor 3, min.insync.replicas 2): <https://docs.aws.amazon.com/msk/latest/developerguide/bestpractices.html>
//! - Apache Kafka, `default.replication.factor`: <https://kafka.apache.org/documentation/#brokerconfigs_default.replication.factor>

use crate::diagnostic::{Diagnostic, Severity};
use crate::kafka::KafkaConfig;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "KFK006",
        "low-replication-factor",
        Severity::Warning,
        &[InputKind::KafkaProperties],
        "A replication factor below 3 (below 2 on EBS): one broker failure loses or blocks partitions",
        crate::rule_docs!(),
        &["reliability", "kafka"],
        Precision::High,
    ),
    check,
};

/// The broker settings that set a replication factor, with Kafka's defaults.
const FACTORS: &[(&str, i64, &str)] = &[
    ("default.replication.factor", 1, "new topics"),
    (
        "offsets.topic.replication.factor",
        3,
        "the consumer offsets topic",
    ),
    (
        "transaction.state.log.replication.factor",
        3,
        "the transaction state topic",
    ),
];

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(k) = super::config(ctx) else { return };
    if !k.is_broker() {
        return;
    }
    let ebs = ctx.settings.account.kafka_on_ebs;
    let minimum = if ebs { 2 } else { 3 };
    let help = if ebs {
        "use 3 (or at least 2, as the brokers store their logs on EBS), with min.insync.replicas below it"
    } else {
        "use 3 across three Availability Zones (with min.insync.replicas=2); if the brokers store their logs on EBS, 2 is acceptable: set [account] kafka-storage = \"ebs\" in .cloudlint.toml"
    };
    for (key, default, what) in FACTORS {
        let prop = k.get(key);
        let factor = match &prop {
            Some(p) => match p.integer() {
                Some(n) => n,
                None => continue,
            },
            None => *default,
        };
        if factor >= minimum {
            continue;
        }
        let consequence = if factor <= 1 {
            "each partition lives on one broker: losing it loses the partition's data"
        } else {
            "one broker down leaves a single copy, and a second failure loses data"
        };
        let d = match &prop {
            Some(p) => Diagnostic::new(
                rule,
                p.trimmed_span(),
                format!("{key}={factor} for {what}: {consequence}"),
            )
            .with_path(&p.path()),
            None => KafkaConfig::missing(
                rule,
                key,
                format!("{key} is not set, so {what} get Kafka's default {factor}: {consequence}"),
            ),
        };
        out.push(d.with_help(help));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{run, run_with};
    use super::*;
    use crate::config::Settings;

    #[test]
    fn below_three_and_the_default_of_one() {
        let got = run(&RULE, "offsets.topic.replication.factor=1\n");
        assert_eq!(got.len(), 2, "{got:#?}");
        assert!(
            got[0].contains("default.replication.factor is not set"),
            "{got:#?}"
        );
        assert!(got[1].starts_with("1:34 1 | offsets.topic.replication.factor=1"));
        assert!(run(&RULE, "default.replication.factor=3\n").is_empty());
        assert!(run(&RULE, "process.roles=controller\n").is_empty());
    }

    #[test]
    fn two_is_enough_on_ebs() {
        let text = "default.replication.factor=2\n";
        assert_eq!(run(&RULE, text).len(), 1);
        let mut ebs = Settings::default();
        ebs.account.kafka_on_ebs = true;
        assert!(run_with(&RULE, text, &ebs).is_empty());
        assert_eq!(
            run_with(&RULE, "default.replication.factor=1\n", &ebs).len(),
            1
        );
    }
}
