//! ## What it does
//! Reports an `authorizer.class.name` that the broker's mode or version
//! cannot run:
//! - `kafka.security.authorizer.AclAuthorizer` on a KRaft node
//!   (`process.roles` set) or on Kafka 4.0 and later;
//! - `kafka.security.auth.SimpleAclAuthorizer`, removed in Kafka 3.0;
//! - `org.apache.kafka.metadata.authorizer.StandardAuthorizer` on a
//!   ZooKeeper-mode broker (`zookeeper.connect` set, no `process.roles`).
//!
//! The mode comes from the file; the version from `[versions] kafka` in
//! `.cloudlint.toml` when set.
//!
//! ## Why is this bad?
//! `AclAuthorizer` keeps ACLs in ZooKeeper and `StandardAuthorizer` in the
//! KRaft metadata log; each works only in its own mode, and Kafka 4.0 removed
//! ZooKeeper mode together with `AclAuthorizer` (KAFKA-17614). The broker
//! does not start, typically in the middle of a migration or an upgrade.
//!
//! ## Example
//! ```properties
//! process.roles=broker
//! authorizer.class.name=kafka.security.authorizer.AclAuthorizer
//! ```
//!
//! ## Fix
//! ```properties
//! process.roles=broker
//! authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
//! ```
//! Migrate the ACLs with the ZooKeeper-to-KRaft migration before switching.
//!
//! ## References
//! - Apache Kafka, authorization and ACLs (AclAuthorizer, StandardAuthorizer): <https://kafka.apache.org/documentation/#security_authz>
//! - Kafka 4.0 upgrade notes (ZooKeeper mode removed): <https://kafka.apache.org/40/getting-started/upgrade>
//! - Amazon MSK, Apache Kafka ACLs: <https://docs.aws.amazon.com/msk/latest/developerguide/msk-acls.html>

use crate::diagnostic::{Diagnostic, Severity};
use crate::kafka::Mode;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "KFK004",
        "authorizer-mode-mismatch",
        Severity::Error,
        &[InputKind::KafkaProperties],
        "An authorizer that the broker's mode (KRaft or ZooKeeper) or Kafka version does not have",
        crate::rule_docs!(),
        &["security", "authorization", "correctness", "kafka"],
        Precision::High,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(k) = super::config(ctx) else { return };
    let Some(p) = k.get("authorizer.class.name") else {
        return;
    };
    let class = p.trimmed();
    let simple = class.rsplit('.').next().unwrap_or(class);
    let v4 = k.version.is_some_and(|v| v.major >= 4);
    let problem = match (simple, k.mode()) {
        ("SimpleAclAuthorizer", _) if k.version.is_none_or(|v| v.major >= 3) => Some((
            "SimpleAclAuthorizer was removed in Kafka 3.0: the broker does not start".to_string(),
            "use kafka.security.authorizer.AclAuthorizer (ZooKeeper mode) or StandardAuthorizer (KRaft)",
        )),
        ("AclAuthorizer", _) if v4 => Some((
            "AclAuthorizer was removed in Kafka 4.0 along with ZooKeeper mode: the broker does not start".to_string(),
            "use org.apache.kafka.metadata.authorizer.StandardAuthorizer (migrate the ACLs first)",
        )),
        ("AclAuthorizer", Mode::KRaft) => Some((
            "AclAuthorizer keeps ACLs in ZooKeeper, but this node runs in KRaft mode (process.roles is set)".to_string(),
            "use org.apache.kafka.metadata.authorizer.StandardAuthorizer (migrate the ACLs first)",
        )),
        ("StandardAuthorizer", Mode::ZooKeeper) => Some((
            "StandardAuthorizer keeps ACLs in the KRaft metadata log, but this broker runs in ZooKeeper mode (zookeeper.connect, no process.roles)".to_string(),
            "use kafka.security.authorizer.AclAuthorizer until the broker is migrated to KRaft",
        )),
        _ => None,
    };
    if let Some((message, help)) = problem {
        out.push(
            Diagnostic::new(rule, p.trimmed_span(), message)
                .with_help(help)
                .with_path(&p.path()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{run, run_with};
    use super::*;
    use crate::config::{Settings, Version};

    const ACL: &str = "authorizer.class.name=kafka.security.authorizer.AclAuthorizer\n";
    const STANDARD: &str = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";

    #[test]
    fn mode_mismatches() {
        assert_eq!(run(&RULE, &format!("process.roles=broker\n{ACL}")).len(), 1);
        assert!(run(&RULE, &format!("zookeeper.connect=zk:2181\n{ACL}")).is_empty());
        assert_eq!(
            run(
                &RULE,
                &format!("zookeeper.connect=zk:2181\nauthorizer.class.name={STANDARD}\n")
            )
            .len(),
            1
        );
        assert!(
            run(
                &RULE,
                &format!("process.roles=broker\nauthorizer.class.name={STANDARD}\n")
            )
            .is_empty()
        );
    }

    #[test]
    fn removed_classes_by_version() {
        let simple = "authorizer.class.name=kafka.security.auth.SimpleAclAuthorizer\n";
        assert_eq!(run(&RULE, simple).len(), 1);
        let mut old = Settings::default();
        old.versions.kafka = Some(Version::new(2, 8));
        assert!(run_with(&RULE, simple, &old).is_empty());
        let mut four = Settings::default();
        four.versions.kafka = Some(Version::new(4, 0));
        let got = run_with(&RULE, ACL, &four);
        assert!(got[0].contains("removed in Kafka 4.0"), "{got:#?}");
    }
}
