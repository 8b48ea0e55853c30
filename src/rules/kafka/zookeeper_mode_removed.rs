//! ## What it does
//! For files that target Kafka 4.0 or later (`[versions] kafka = "4.0"` in
//! `.cloudlint.toml`), reports a broker configuration without
//! `process.roles` (a ZooKeeper-mode configuration), and the `zookeeper.*`
//! settings left in a KRaft configuration.
//!
//! ## Why is this bad?
//! "Apache Kafka 4.0 only supports KRaft mode - ZooKeeper mode has been
//! removed." A 4.x node without `process.roles`, `node.id` and a controller
//! quorum does not start; `zookeeper.connect`, `zookeeper.set.acl` and the
//! other ZooKeeper settings are ignored, so whatever they were meant to
//! protect (ACLs on the ZooKeeper nodes, TLS to ZooKeeper) silently no longer
//! applies. Upgrading to 4.x requires migrating to KRaft on 3.x first.
//!
//! ## Example
//! ```properties
//! broker.id=1
//! zookeeper.connect=zk1:2181,zk2:2181,zk3:2181
//! ```
//!
//! ## Fix
//! Migrate the cluster to KRaft on Kafka 3.9, then configure the nodes for it:
//! ```properties
//! process.roles=broker
//! node.id=1
//! controller.quorum.bootstrap.servers=ctl1:9093,ctl2:9093,ctl3:9093
//! controller.listener.names=CONTROLLER
//! ```
//!
//! ## References
//! - Kafka 4.0 upgrade notes ("ZooKeeper mode has been removed"): <https://kafka.apache.org/40/getting-started/upgrade>
//! - Apache Kafka, ZooKeeper to KRaft migration: <https://kafka.apache.org/documentation/#kraft_zk_migration>
//! - Amazon MSK, KRaft mode: <https://docs.aws.amazon.com/msk/latest/developerguide/metadata-management.html>

use crate::diagnostic::{Diagnostic, Severity};
use crate::kafka::KafkaConfig;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "KFK011",
        "zookeeper-mode-removed",
        Severity::Error,
        &[InputKind::KafkaProperties],
        "ZooKeeper-mode configuration for Kafka 4.0 or later, which runs only in KRaft mode",
        crate::rule_docs!(),
        &["correctness", "kafka"],
        Precision::High,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(k) = super::config(ctx) else { return };
    let Some(version) = k.version.filter(|v| v.major >= 4) else {
        return;
    };
    let zookeeper: Vec<_> = k
        .entries()
        .filter(|p| p.key.starts_with("zookeeper."))
        .collect();
    if k.get("process.roles")
        .is_none_or(|p| p.trimmed().is_empty())
    {
        let mut d = KafkaConfig::missing(
            rule,
            "process.roles",
            format!(
                "process.roles is not set: Kafka {version} runs only in KRaft mode, so this ZooKeeper-mode configuration does not start"
            ),
        )
        .with_help("migrate the cluster to KRaft on Kafka 3.9 first, then set process.roles, node.id and controller.quorum.bootstrap.servers");
        if let Some(z) = zookeeper.first() {
            d = d.with_label(z.key_span, "a ZooKeeper setting, ignored by Kafka 4");
        }
        out.push(d);
        return;
    }
    for p in zookeeper {
        out.push(
            Diagnostic::new(
                rule,
                p.key_span,
                format!(
                    "{} is ignored by Kafka {version} (ZooKeeper mode was removed in 4.0): what it configured no longer applies",
                    p.key
                ),
            )
            .with_severity(Severity::Warning)
            .with_help("remove it; KRaft keeps metadata and ACLs in the controller quorum")
            .with_path(&p.path()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{run, run_with};
    use super::*;
    use crate::config::{Settings, Version};

    #[test]
    fn only_for_kafka_4() {
        let zk = "broker.id=1\nzookeeper.connect=zk:2181\n";
        assert!(run(&RULE, zk).is_empty());
        let mut four = Settings::default();
        four.versions.kafka = Some(Version::new(4, 1));
        let got = run_with(&RULE, zk, &four);
        assert_eq!(got.len(), 1);
        assert!(
            got[0].contains("Kafka 4.1 runs only in KRaft mode"),
            "{got:#?}"
        );
        let got = run_with(
            &RULE,
            "process.roles=broker\nzookeeper.set.acl=true\n",
            &four,
        );
        assert_eq!(
            got,
            [
                "2:1 zookeeper.set.acl | zookeeper.set.acl is ignored by Kafka 4.1 (ZooKeeper mode was removed in 4.0): what it configured no longer applies"
            ]
        );
        assert!(run_with(&RULE, "process.roles=broker\n", &four).is_empty());
    }
}
