//! ## What it does
//! Reports `min.insync.replicas` below 2 (its default is 1, so also when it
//! is absent) or not below the default replication factor
//! (`default.replication.factor`, default 1), and the same pair for the
//! transaction state topic (`transaction.state.log.min.isr`, default 2,
//! against `transaction.state.log.replication.factor`, default 3). On EBS
//! (`[account] kafka-storage = "ebs"` in `.cloudlint.toml`) with a
//! replication factor of 2, a minimum of 1 is accepted.
//!
//! ## Why is this bad?
//! A producer with `acks=all` gets an acknowledgement once
//! `min.insync.replicas` replicas have the record. With 1, a record
//! acknowledged by the leader alone is lost if that broker fails before the
//! followers copy it. With a minimum equal to the replication factor, every
//! replica must be up: one broker down (a patch, an Availability-Zone
//! outage) makes every such partition refuse writes. Kafka's documentation:
//! "create a topic with a replication factor of 3, set min.insync.replicas to
//! 2, and produce with acks of "all"".
//!
//! ## Example
//! ```properties
//! default.replication.factor=3
//! min.insync.replicas=3
//! ```
//!
//! ## Fix
//! ```properties
//! default.replication.factor=3
//! min.insync.replicas=2
//! ```
//!
//! ## References
//! - Apache Kafka, `min.insync.replicas`: <https://kafka.apache.org/documentation/#brokerconfigs_min.insync.replicas>
//! - Amazon MSK best practices (replication factor 3 and min.insync.replicas 2): <https://docs.aws.amazon.com/msk/latest/developerguide/bestpractices.html>
//! - Best Practices for Running Apache Kafka on AWS: <https://aws.amazon.com/blogs/big-data/best-practices-for-running-apache-kafka-on-aws/>

use crate::diagnostic::{Diagnostic, Severity};
use crate::kafka::{KafkaConfig, Prop};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "KFK007",
        "min-insync-replicas",
        Severity::Warning,
        &[InputKind::KafkaProperties],
        "min.insync.replicas below 2, or not below the replication factor",
        crate::rule_docs!(),
        &["reliability", "kafka"],
        Precision::High,
    ),
    check,
};

/// (minimum key, its default, replication factor key, its default, what).
const PAIRS: &[(&str, i64, &str, i64, &str)] = &[
    (
        "min.insync.replicas",
        1,
        "default.replication.factor",
        1,
        "topics with the default replication factor",
    ),
    (
        "transaction.state.log.min.isr",
        2,
        "transaction.state.log.replication.factor",
        3,
        "the transaction state topic",
    ),
];

fn value(p: Option<&Prop<'_>>, default: i64) -> Option<i64> {
    match p {
        Some(p) => p.integer(),
        None => Some(default),
    }
}

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(k) = super::config(ctx) else { return };
    if !k.is_broker() {
        return;
    }
    let ebs = ctx.settings.account.kafka_on_ebs;
    for (min_key, min_default, rf_key, rf_default, what) in PAIRS {
        let min_prop = k.get(min_key);
        let rf_prop = k.get(rf_key);
        let (Some(min), Some(rf)) = (
            value(min_prop.as_ref(), *min_default),
            value(rf_prop.as_ref(), *rf_default),
        ) else {
            continue;
        };
        let floor = if ebs && rf == 2 { 1 } else { 2 };
        let stated = match &min_prop {
            Some(_) => format!("{min_key}={min}"),
            None => format!("{min_key} is not set, so it is {min}"),
        };
        let (message, label) = if min < floor {
            (
                format!(
                    "{stated}: an acks=all write to {what} is acknowledged by a single replica and lost if that broker fails before the others copy it"
                ),
                false,
            )
        } else if min >= rf && rf > 1 {
            (
                format!(
                    "{stated} with {rf_key}={rf}: every replica must be in sync, so one broker down makes {what} refuse acks=all writes"
                ),
                true,
            )
        } else {
            continue;
        };
        let d = match &min_prop {
            Some(p) => Diagnostic::new(rule, p.trimmed_span(), message).with_path(&p.path()),
            None => KafkaConfig::missing(rule, min_key, message),
        };
        let d = match &rf_prop {
            Some(r) if label => d.with_label(r.trimmed_span(), "the replication factor"),
            _ => d,
        };
        out.push(d.with_help(format!(
            "set {min_key} to one less than {rf_key}: 2 with a replication factor of 3"
        )));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{run, run_with};
    use super::*;
    use crate::config::Settings;

    #[test]
    fn below_two_or_not_below_the_factor() {
        let got = run(
            &RULE,
            "default.replication.factor=3\nmin.insync.replicas=3\n",
        );
        assert_eq!(got.len(), 1, "{got:#?}");
        assert!(
            got[0].starts_with("2:21 3 | min.insync.replicas=3 with default.replication.factor=3")
        );
        let got = run(&RULE, "default.replication.factor=3\n");
        assert!(
            got[0].contains("min.insync.replicas is not set, so it is 1: an acks=all write"),
            "{got:#?}"
        );
        assert!(
            run(
                &RULE,
                "default.replication.factor=3\nmin.insync.replicas=2\n"
            )
            .is_empty()
        );
        let got = run(
            &RULE,
            "default.replication.factor=3\nmin.insync.replicas=2\ntransaction.state.log.min.isr=1\n",
        );
        assert!(
            got[0].starts_with("3:31 1 | transaction.state.log.min.isr=1"),
            "{got:#?}"
        );
    }

    #[test]
    fn ebs_with_two_replicas_accepts_one() {
        let text = "default.replication.factor=2\nmin.insync.replicas=1\n";
        assert_eq!(run(&RULE, text).len(), 1);
        let mut ebs = Settings::default();
        ebs.account.kafka_on_ebs = true;
        assert!(run_with(&RULE, text, &ebs).is_empty());
        assert_eq!(
            run_with(
                &RULE,
                "default.replication.factor=2\nmin.insync.replicas=2\n",
                &ebs
            )
            .len(),
            1
        );
    }
}
