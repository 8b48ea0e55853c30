//! ## What it does
//! Reports a Kafka broker without an authorizer: `authorizer.class.name`
//! absent or empty (its default).
//!
//! ## Why is this bad?
//! Without an authorizer Kafka authorizes every request: any client that can
//! connect may read and write every topic, delete topics, change broker and
//! topic configurations and reset consumer groups — authentication alone
//! (SASL, mutual TLS) only tells Kafka who did it. The AWS best-practices
//! post for Kafka lists authorization among the security controls to set up.
//!
//! ## Example
//! ```properties
//! listeners=SASL_SSL://:9094
//! sasl.enabled.mechanisms=SCRAM-SHA-512
//! # no authorizer.class.name
//! ```
//!
//! ## Fix
//! Enable the authorizer of the broker's mode and grant access with ACLs:
//! ```properties
//! # KRaft (Kafka 3.3+ and 4.x)
//! authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
//! # ZooKeeper mode (Kafka 2.4 to 3.9)
//! # authorizer.class.name=kafka.security.authorizer.AclAuthorizer
//! super.users=User:admin
//! ```
//!
//! ## References
//! - Apache Kafka, authorization and ACLs: <https://kafka.apache.org/documentation/#security_authz>
//! - Best Practices for Running Apache Kafka on AWS (Security, Authorization): <https://aws.amazon.com/blogs/big-data/best-practices-for-running-apache-kafka-on-aws/>
//! - Amazon MSK, Apache Kafka ACLs: <https://docs.aws.amazon.com/msk/latest/developerguide/msk-acls.html>

use crate::diagnostic::{Diagnostic, Severity};
use crate::kafka::{KafkaConfig, Mode};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "KFK003",
        "missing-authorizer",
        Severity::Error,
        &[InputKind::KafkaProperties],
        "No authorizer: Kafka allows every request from every client",
        crate::rule_docs!(),
        &["security", "authorization", "kafka"],
        Precision::VeryHigh,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(k) = super::config(ctx) else { return };
    if !k.is_broker() {
        return;
    }
    let help = match k.mode() {
        Mode::ZooKeeper => {
            "set authorizer.class.name=kafka.security.authorizer.AclAuthorizer and grant access with ACLs (kafka-acls.sh)"
        }
        _ => {
            "set authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer and grant access with ACLs (kafka-acls.sh)"
        }
    };
    const WHAT: &str = "every client may read, write and delete every topic and change the cluster's configuration";
    match k.get("authorizer.class.name") {
        Some(p) if !p.trimmed().is_empty() => {}
        Some(p) => out.push(
            Diagnostic::new(
                rule,
                p.key_span,
                format!("authorizer.class.name is empty, so no authorizer runs: {WHAT}"),
            )
            .with_help(help)
            .with_path(&p.path()),
        ),
        None => out.push(
            KafkaConfig::missing(
                rule,
                "authorizer.class.name",
                format!("no authorizer (authorizer.class.name is not set): {WHAT}"),
            )
            .with_help(help),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run;
    use super::*;

    #[test]
    fn absent_or_empty_authorizer() {
        assert_eq!(
            run(&RULE, "broker.id=1\n"),
            [
                "1:1  | no authorizer (authorizer.class.name is not set): every client may read, write and delete every topic and change the cluster's configuration"
            ]
        );
        assert_eq!(run(&RULE, "authorizer.class.name=  \n").len(), 1);
        assert!(run(&RULE, "process.roles=controller\n").is_empty());
        assert!(
            run(
                &RULE,
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer\n"
            )
            .is_empty()
        );
    }
}
