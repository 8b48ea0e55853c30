//! ## What it does
//! Reports a listener that speaks `SSL` — TLS without SASL, so client
//! certificates are the only way clients can authenticate — while
//! `ssl.client.auth` (or its per-listener override
//! `listener.name.<listener>.ssl.client.auth`) is not `required`. Listeners
//! bound to loopback are not reported.
//!
//! ## Why is this bad?
//! With `none` (the default) the broker asks for no certificate, and with
//! `requested` a client may still connect without one; either way such a
//! client is the principal `User:ANONYMOUS`. Traffic is encrypted, but every
//! client is anonymous, so ACLs cannot tell them apart: either ANONYMOUS is
//! allowed everything (and so is anyone who reaches the port) or nothing.
//!
//! ## Example
//! ```properties
//! listeners=SSL://:9093
//! ssl.client.auth=requested
//! ```
//!
//! ## Fix
//! ```properties
//! listeners=SSL://:9093
//! ssl.client.auth=required
//! ssl.truststore.location=/etc/kafka/tls/truststore.jks
//! ```
//! Or authenticate with SASL over TLS (`SASL_SSL`) instead.
//!
//! ## References
//! - Apache Kafka, `ssl.client.auth`: <https://kafka.apache.org/documentation/#brokerconfigs_ssl.client.auth>
//! - Apache Kafka, encryption and authentication using SSL: <https://kafka.apache.org/documentation/#security_ssl>
//! - Amazon MSK, mutual TLS client authentication: <https://docs.aws.amazon.com/msk/latest/developerguide/msk-authentication.html>

use crate::diagnostic::{Diagnostic, Severity};
use crate::kafka::Protocol;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "KFK005",
        "tls-without-client-auth",
        Severity::Warning,
        &[InputKind::KafkaProperties],
        "An SSL listener that does not require client certificates: clients connect as User:ANONYMOUS",
        crate::rule_docs!(),
        &["security", "authentication", "kafka"],
        Precision::High,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(k) = super::config(ctx) else { return };
    let Some((listeners_prop, listeners)) = k.listeners() else {
        return;
    };
    let mut reported = Vec::new();
    for l in &listeners {
        if k.protocol_of(&l.name) != Some(Protocol::Ssl) || l.is_loopback() {
            continue;
        }
        let setting = k.for_listener(&l.name, "ssl.client.auth");
        let value = setting.map_or("none", |p| p.trimmed()).to_ascii_lowercase();
        if value == "required" {
            continue;
        }
        let (span, path) = match &setting {
            Some(p) => (p.trimmed_span(), p.path()),
            None => (l.span, listeners_prop.path()),
        };
        if reported.contains(&span) {
            continue;
        }
        reported.push(span);
        let how = if value == "requested" {
            "clients that present no certificate connect"
        } else {
            "every client connects"
        };
        out.push(
            Diagnostic::new(
                rule,
                span,
                format!(
                    "the SSL listener {} has ssl.client.auth={value}: {how} as User:ANONYMOUS, so ACLs cannot tell clients apart",
                    l.name
                ),
            )
            .with_help(format!(
                "set listener.name.{}.ssl.client.auth=required (or ssl.client.auth=required) and a trust store of the client CA, or use SASL_SSL",
                l.name.to_ascii_lowercase()
            ))
            .with_path(&path),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run;
    use super::*;

    #[test]
    fn ssl_listeners_need_required_client_auth() {
        let got = run(&RULE, "listeners=SSL://:9093,SASL_SSL://:9094\n");
        assert_eq!(got.len(), 1, "{got:#?}");
        assert!(
            got[0].starts_with("1:11 SSL://:9093 | the SSL listener SSL has ssl.client.auth=none")
        );
        let got = run(
            &RULE,
            "listeners=SSL://:9093\nssl.client.auth = Requested\n",
        );
        assert!(got[0].starts_with("2:19 Requested |"), "{got:#?}");
        assert!(run(&RULE, "listeners=SSL://:9093\nssl.client.auth=required\n").is_empty());
    }

    #[test]
    fn per_listener_overrides() {
        let text = "listeners=A://:1,B://:2\nlistener.security.protocol.map=A:SSL,B:SSL\n\
                    ssl.client.auth=required\nlistener.name.b.ssl.client.auth=none\n";
        let got = run(&RULE, text);
        assert_eq!(got.len(), 1, "{got:#?}");
        assert!(got[0].contains("listener B"));
    }
}
