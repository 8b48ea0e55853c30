//! ## What it does
//! Reports each listener of a Kafka broker or controller that speaks
//! `PLAINTEXT` or `SASL_PLAINTEXT` on an interface other than loopback, as
//! `listener.security.protocol.map` resolves its name (by default a listener
//! named `PLAINTEXT` speaks PLAINTEXT, and in KRaft mode an unmapped
//! controller listener does too). When `listeners` is not set at all, the
//! broker listens on `PLAINTEXT://:9092`, which is reported too. The message
//! says when the listener also carries inter-broker or controller traffic
//! (`inter.broker.listener.name`, `security.inter.broker.protocol`,
//! `controller.listener.names`).
//!
//! ## Why is this bad?
//! On a `PLAINTEXT` listener nothing is encrypted and no client is
//! authenticated: anyone who can reach the port reads and writes every topic
//! that the authorizer leaves open (every topic, without one), and anyone on
//! the network path reads the records. `SASL_PLAINTEXT` authenticates
//! clients but still sends records, and with SASL/PLAIN the passwords, in
//! clear. The AWS best-practices post for Kafka relies on TLS for client and
//! inter-broker traffic; replication and KRaft metadata cross Availability
//! Zones, that is data centres.
//!
//! ## Example
//! ```properties
//! listeners=PLAINTEXT://:9092,CONTROLLER://:9093
//! listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
//! inter.broker.listener.name=PLAINTEXT
//! ```
//!
//! ## Fix
//! Map every listener that leaves the host to `SSL` (mutual TLS) or
//! `SASL_SSL`, and give it key and trust stores:
//! ```properties
//! listeners=CLIENT://:9094,REPLICATION://:9095,CONTROLLER://:9093
//! listener.security.protocol.map=CLIENT:SASL_SSL,REPLICATION:SSL,CONTROLLER:SSL
//! inter.broker.listener.name=REPLICATION
//! ```
//! A PLAINTEXT listener bound to `127.0.0.1` (for a local agent) is not reported.
//!
//! ## References
//! - Best Practices for Running Apache Kafka on AWS (Security, Encryption in transit): <https://aws.amazon.com/blogs/big-data/best-practices-for-running-apache-kafka-on-aws/>
//! - Amazon MSK, encryption in transit (the managed service's choices): <https://docs.aws.amazon.com/msk/latest/developerguide/msk-encryption.html>
//! - Apache Kafka, security: encryption and authentication using SSL: <https://kafka.apache.org/documentation/#security_ssl>
//! - `listeners` and `listener.security.protocol.map`: <https://kafka.apache.org/documentation/#brokerconfigs_listener.security.protocol.map>

use crate::diagnostic::{Diagnostic, Severity};
use crate::kafka::{KafkaConfig, Protocol};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "KFK001",
        "plaintext-listener",
        Severity::Warning,
        &[InputKind::KafkaProperties],
        "A Kafka listener without TLS (PLAINTEXT or SASL_PLAINTEXT) on a network interface",
        crate::rule_docs!(),
        &["security", "encryption", "kafka"],
        Precision::High,
    ),
    check,
};

const HELP: &str = "map the listener to SSL or SASL_SSL in listener.security.protocol.map and configure its key store; keep PLAINTEXT only on 127.0.0.1";

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(k) = super::config(ctx) else { return };
    let Some((prop, listeners)) = k.listeners() else {
        if k.is_broker() {
            out.push(
                KafkaConfig::missing(
                    rule,
                    "listeners",
                    "listeners is not set: the broker listens on PLAINTEXT://:9092, unencrypted and unauthenticated, on every interface".into(),
                )
                .with_help(HELP),
            );
        }
        return;
    };
    let inter_broker = k.inter_broker_listener();
    let controllers = k.controller_listener_names();
    for l in &listeners {
        let Some(protocol) = k.protocol_of(&l.name) else {
            continue;
        };
        if protocol.encrypted() || l.is_loopback() {
            continue;
        }
        let role = if controllers.contains(&l.name) {
            ", and carries the controller (KRaft metadata) traffic"
        } else if l.name == inter_broker {
            ", and carries the inter-broker (replication) traffic"
        } else {
            ""
        };
        let what = match protocol {
            Protocol::SaslPlaintext => {
                "clients authenticate, but records (and SASL/PLAIN passwords) cross the network unencrypted"
            }
            _ => "nothing on it is encrypted or authenticated",
        };
        out.push(
            Diagnostic::new(
                rule,
                l.span,
                format!(
                    "listener {} speaks {}{role}: {what}",
                    l.text,
                    protocol.as_str()
                ),
            )
            .with_help(HELP)
            .with_path(&prop.path()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run;
    use super::*;

    #[test]
    fn reports_plaintext_listeners_by_protocol() {
        let got = run(
            &RULE,
            "process.roles=broker,controller\ncontroller.listener.names=CONTROLLER\n\
             listeners=PLAINTEXT://:9092,CONTROLLER://:9093,LOCAL://127.0.0.1:9999,SECURE://:9094\n\
             listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:SASL_PLAINTEXT,LOCAL:PLAINTEXT,SECURE:SSL\n",
        );
        assert_eq!(got.len(), 2, "{got:#?}");
        assert!(got[0].starts_with("3:11 PLAINTEXT://:9092 | listener PLAINTEXT://:9092 speaks PLAINTEXT, and carries the inter-broker"), "{got:#?}");
        assert!(
            got[1].contains("CONTROLLER://:9093 speaks SASL_PLAINTEXT, and carries the controller"),
            "{got:#?}"
        );
    }

    #[test]
    fn unmapped_kraft_controller_listener_defaults_to_plaintext() {
        let got = run(
            &RULE,
            "process.roles=controller\ncontroller.listener.names=CONTROLLER\nlisteners=CONTROLLER://10.0.0.5:9093\n",
        );
        assert_eq!(got.len(), 1, "{got:#?}");
    }

    #[test]
    fn absent_listeners_mean_plaintext() {
        assert_eq!(run(&RULE, "broker.id=1\n").len(), 1);
        assert!(run(&RULE, "process.roles=controller\n").is_empty());
    }

    #[test]
    fn tls_listeners_pass() {
        assert!(
            run(
                &RULE,
                "listeners=SSL://:9093,SASL_SSL://:9094\nsecurity.inter.broker.protocol=SSL\n"
            )
            .is_empty()
        );
    }
}
