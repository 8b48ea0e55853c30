//! ## What it does
//! Reports the SASL `PLAIN` mechanism enabled on a `SASL_PLAINTEXT` listener
//! (`sasl.enabled.mechanisms`, or its per-listener override
//! `listener.name.<listener>.sasl.enabled.mechanisms`), and `PLAIN` chosen
//! for inter-broker or controller traffic (`sasl.mechanism.inter.broker.protocol`,
//! `sasl.mechanism.controller.protocol`) when that traffic uses a
//! `SASL_PLAINTEXT` listener. Listeners bound to loopback are not reported.
//!
//! ## Why is this bad?
//! SASL/PLAIN sends the user name and the password as they are. Kafka's own
//! documentation: "SASL/PLAIN should be used only with SSL as transport layer
//! to ensure that clear passwords are not transmitted on the wire without
//! encryption." Anyone who can capture traffic on the path (another tenant
//! of the subnet, a mirrored port, a compromised host) collects credentials
//! that work against the whole cluster.
//!
//! ## Example
//! ```properties
//! listeners=SASL_PLAINTEXT://:9092
//! sasl.enabled.mechanisms=PLAIN
//! sasl.mechanism.inter.broker.protocol=PLAIN
//! security.inter.broker.protocol=SASL_PLAINTEXT
//! ```
//!
//! ## Fix
//! Move the listener to `SASL_SSL`, or use a mechanism that never sends the
//! password (`SCRAM-SHA-512`, `GSSAPI`, `OAUTHBEARER`) — and still prefer TLS:
//! ```properties
//! listeners=SASL_SSL://:9094
//! sasl.enabled.mechanisms=SCRAM-SHA-512
//! security.inter.broker.protocol=SASL_SSL
//! sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
//! ```
//!
//! ## References
//! - Apache Kafka, authentication using SASL/PLAIN ("Use SASL/PLAIN only with SSL as transport layer"): <https://kafka.apache.org/documentation/#security_sasl_plain>
//! - Best Practices for Running Apache Kafka on AWS (Security): <https://aws.amazon.com/blogs/big-data/best-practices-for-running-apache-kafka-on-aws/>
//! - Amazon MSK, SASL/SCRAM authentication (TLS is required): <https://docs.aws.amazon.com/msk/latest/developerguide/msk-password.html>

use crate::diagnostic::{Diagnostic, Severity};
use crate::kafka::Protocol;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;
use crate::span::Span;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "KFK002",
        "sasl-plain-without-tls",
        Severity::Error,
        &[InputKind::KafkaProperties],
        "SASL/PLAIN on a listener without TLS: passwords cross the network in clear",
        crate::rule_docs!(),
        &["security", "encryption", "authentication", "kafka"],
        Precision::VeryHigh,
    ),
    check,
};

const HELP: &str = "use SASL_SSL for this listener, or a mechanism that does not send the password (SCRAM-SHA-512, GSSAPI, OAUTHBEARER)";

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(k) = super::config(ctx) else { return };
    let Some((_, listeners)) = k.listeners() else {
        return;
    };
    let clear = |name: &str| {
        k.protocol_of(name) == Some(Protocol::SaslPlaintext)
            && listeners.iter().any(|l| l.name == name && !l.is_loopback())
    };
    // One finding per `PLAIN` item, naming every listener it reaches.
    let mut reported: Vec<(Span, String, Vec<String>)> = Vec::new();
    for l in listeners.iter().filter(|l| clear(&l.name)) {
        let (Some(prop), mechanisms) = k.sasl_mechanisms(&l.name) else {
            continue;
        };
        for (mechanism, span) in mechanisms {
            if mechanism != "PLAIN" {
                continue;
            }
            match reported.iter_mut().find(|(s, _, _)| *s == span) {
                Some((_, _, names)) => names.push(l.name.clone()),
                None => reported.push((span, prop.key.to_string(), vec![l.name.clone()])),
            }
        }
    }
    for (span, key, names) in reported {
        out.push(
            Diagnostic::new(
                rule,
                span,
                format!(
                    "{key} enables PLAIN on the SASL_PLAINTEXT listener{} {}: user names and passwords cross the network in clear",
                    if names.len() > 1 { "s" } else { "" },
                    names.join(", ")
                ),
            )
            .with_help(HELP)
            .with_path(&[crate::parse::PathSeg::Key(key)]),
        );
    }
    let inter_broker = k.inter_broker_listener();
    let controllers = k.controller_listener_names();
    let internal = [
        (
            "sasl.mechanism.inter.broker.protocol",
            Some(inter_broker.as_str()),
            "inter-broker",
        ),
        (
            "sasl.mechanism.controller.protocol",
            controllers.first().map(String::as_str),
            "controller",
        ),
    ];
    for (key, listener, what) in internal {
        let (Some(prop), Some(listener)) = (k.get(key), listener) else {
            continue;
        };
        if prop.trimmed().eq_ignore_ascii_case("PLAIN") && clear(listener) {
            out.push(
                Diagnostic::new(
                    rule,
                    prop.trimmed_span(),
                    format!(
                        "{what} traffic authenticates with PLAIN over the SASL_PLAINTEXT listener {listener}: broker passwords cross the network in clear"
                    ),
                )
                .with_help(HELP)
                .with_path(&prop.path()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run;
    use super::*;

    #[test]
    fn plain_on_sasl_plaintext() {
        let got = run(
            &RULE,
            "listeners=SASL_PLAINTEXT://:9092,B://:9093\nlistener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,B:SASL_PLAINTEXT\n\
             sasl.enabled.mechanisms=SCRAM-SHA-512, PLAIN\nsecurity.inter.broker.protocol=SASL_PLAINTEXT\nsasl.mechanism.inter.broker.protocol=PLAIN\n",
        );
        assert_eq!(
            got,
            [
                "3:40 PLAIN | sasl.enabled.mechanisms enables PLAIN on the SASL_PLAINTEXT listeners SASL_PLAINTEXT, B: user names and passwords cross the network in clear",
                "5:38 PLAIN | inter-broker traffic authenticates with PLAIN over the SASL_PLAINTEXT listener SASL_PLAINTEXT: broker passwords cross the network in clear",
            ]
        );
    }

    #[test]
    fn per_listener_override_and_tls() {
        let got = run(
            &RULE,
            "listeners=SASL_SSL://:9094,SASL_PLAINTEXT://:9092\n\
             sasl.enabled.mechanisms=PLAIN\nlistener.name.sasl_plaintext.sasl.enabled.mechanisms=SCRAM-SHA-256\n",
        );
        assert!(got.is_empty(), "{got:#?}");
        let got = run(
            &RULE,
            "listeners=SASL_PLAINTEXT://127.0.0.1:9092\nsasl.enabled.mechanisms=PLAIN\n",
        );
        assert!(got.is_empty(), "loopback: {got:#?}");
    }

    #[test]
    fn default_mechanism_is_gssapi() {
        assert!(run(&RULE, "listeners=SASL_PLAINTEXT://:9092\n").is_empty());
    }
}
