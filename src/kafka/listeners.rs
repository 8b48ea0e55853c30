//! Listeners (`NAME://host:port`) and the security protocol each one speaks,
//! through `listener.security.protocol.map`.

use super::{KafkaConfig, Mode, Prop};
use crate::span::Span;

/// Kafka's `SecurityProtocol`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    Plaintext,
    Ssl,
    SaslPlaintext,
    SaslSsl,
}

impl Protocol {
    /// A protocol name in any case, as `SecurityProtocol.forName` reads it.
    #[must_use]
    pub fn parse(name: &str) -> Option<Protocol> {
        match name.trim().to_ascii_uppercase().as_str() {
            "PLAINTEXT" => Some(Protocol::Plaintext),
            "SSL" => Some(Protocol::Ssl),
            "SASL_PLAINTEXT" => Some(Protocol::SaslPlaintext),
            "SASL_SSL" => Some(Protocol::SaslSsl),
            _ => None,
        }
    }

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Plaintext => "PLAINTEXT",
            Protocol::Ssl => "SSL",
            Protocol::SaslPlaintext => "SASL_PLAINTEXT",
            Protocol::SaslSsl => "SASL_SSL",
        }
    }

    /// Whether traffic is encrypted with TLS.
    #[must_use]
    pub fn encrypted(self) -> bool {
        matches!(self, Protocol::Ssl | Protocol::SaslSsl)
    }

    #[must_use]
    pub fn sasl(self) -> bool {
        matches!(self, Protocol::SaslPlaintext | Protocol::SaslSsl)
    }
}

/// One item of `listeners` or `advertised.listeners`.
#[derive(Debug, Clone)]
pub struct Listener<'a> {
    /// The listener name in upper case, as Kafka normalises it.
    pub name: String,
    /// The host as written (empty: the default interface), without brackets.
    pub host: &'a str,
    /// The item as written.
    pub text: &'a str,
    pub span: Span,
}

impl Listener<'_> {
    /// Bound to, or advertising, the loopback interface only.
    #[must_use]
    pub fn is_loopback(&self) -> bool {
        let h = self.host.to_ascii_lowercase();
        h == "localhost" || h == "::1" || h.starts_with("127.")
    }
}

/// Splits `NAME://host:port` items; items of another shape are skipped
/// (Kafka refuses them at startup; that is not these rules' concern).
#[must_use]
pub fn parse_listeners<'a>(prop: &Prop<'a>) -> Vec<Listener<'a>> {
    prop.items()
        .into_iter()
        .filter_map(|(text, span)| {
            let (name, rest) = text.split_once("://")?;
            let (host, _port) = rest.rsplit_once(':')?;
            let host = host.trim_start_matches('[').trim_end_matches(']');
            Some(Listener {
                name: name.trim().to_ascii_uppercase(),
                host,
                text,
                span,
            })
        })
        .collect()
}

impl<'a> KafkaConfig<'a> {
    /// The `listeners` setting and its items; `None` when it is absent
    /// (Kafka then listens on `PLAINTEXT://:9092`).
    #[must_use]
    pub fn listeners(&self) -> Option<(Prop<'a>, Vec<Listener<'a>>)> {
        let prop = self.get("listeners")?;
        let list = parse_listeners(&prop);
        Some((prop, list))
    }

    /// The security protocol of the listener `name`: from
    /// `listener.security.protocol.map` when set; otherwise the default map
    /// (each protocol name maps to itself) plus, in KRaft mode, the
    /// controller listeners, which then default to PLAINTEXT.
    #[must_use]
    pub fn protocol_of(&self, name: &str) -> Option<Protocol> {
        let name = name.to_ascii_uppercase();
        if let Some(map) = self.get("listener.security.protocol.map") {
            return map.items().iter().find_map(|(item, _)| {
                let (listener, protocol) = item.split_once(':')?;
                (listener.trim().to_ascii_uppercase() == name)
                    .then(|| Protocol::parse(protocol))
                    .flatten()
            });
        }
        if let Some(p) = Protocol::parse(&name) {
            return Some(p);
        }
        let controller = self.controller_listener_names().contains(&name);
        (controller && self.mode() == Mode::KRaft).then_some(Protocol::Plaintext)
    }

    /// The listener brokers use to talk to each other:
    /// `inter.broker.listener.name`, else the listener named after
    /// `security.inter.broker.protocol` (default `PLAINTEXT`).
    #[must_use]
    pub fn inter_broker_listener(&self) -> String {
        self.get("inter.broker.listener.name")
            .map(|p| p.trimmed().to_ascii_uppercase())
            .filter(|n| !n.is_empty())
            .or_else(|| {
                self.get("security.inter.broker.protocol")
                    .map(|p| p.trimmed().to_ascii_uppercase())
                    .filter(|n| !n.is_empty())
            })
            .unwrap_or_else(|| "PLAINTEXT".to_string())
    }

    /// `controller.listener.names`, upper case.
    #[must_use]
    pub fn controller_listener_names(&self) -> Vec<String> {
        self.get("controller.listener.names")
            .map(|p| {
                p.items()
                    .iter()
                    .map(|(n, _)| n.to_ascii_uppercase())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The SASL mechanisms a listener accepts (`sasl.enabled.mechanisms`,
    /// default `GSSAPI`), with the setting they come from.
    #[must_use]
    pub fn sasl_mechanisms(&self, listener: &str) -> (Option<Prop<'a>>, Vec<(String, Span)>) {
        match self.for_listener(listener, "sasl.enabled.mechanisms") {
            Some(p) => {
                let list = p
                    .items()
                    .into_iter()
                    .map(|(m, s)| (m.to_ascii_uppercase(), s))
                    .collect();
                (Some(p), list)
            }
            None => (None, vec![("GSSAPI".to_string(), Span::at(0))]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use crate::parse::{Limits, properties::parse_properties};

    fn with<T>(text: &str, f: impl FnOnce(&KafkaConfig<'_>) -> T) -> T {
        let root = parse_properties(text, &Limits::default()).root.unwrap();
        f(&KafkaConfig::new(&root, text, &Settings::default()))
    }

    #[test]
    fn listeners_and_protocols() {
        let text = "listeners=PLAINTEXT://:9092, internal://[::1]:9093,CONTROLLER://10.0.0.1:9094,bogus\n\
                    process.roles=broker,controller\ncontroller.listener.names=CONTROLLER\n";
        with(text, |k| {
            let (_, list) = k.listeners().unwrap();
            let names: Vec<&str> = list.iter().map(|l| l.name.as_str()).collect();
            assert_eq!(names, ["PLAINTEXT", "INTERNAL", "CONTROLLER"]);
            assert_eq!(list[1].host, "::1");
            assert!(list[1].is_loopback());
            assert!(!list[0].is_loopback());
            assert_eq!(list[1].span.text(text), "internal://[::1]:9093");
            assert_eq!(k.protocol_of("PLAINTEXT"), Some(Protocol::Plaintext));
            assert_eq!(k.protocol_of("CONTROLLER"), Some(Protocol::Plaintext));
            assert_eq!(k.protocol_of("INTERNAL"), None);
        });
        with(
            "listener.security.protocol.map=INTERNAL:sasl_ssl,EXTERNAL:SSL\n",
            |k| {
                assert_eq!(k.protocol_of("internal"), Some(Protocol::SaslSsl));
                assert_eq!(k.protocol_of("PLAINTEXT"), None, "only what the map lists");
            },
        );
    }

    #[test]
    fn inter_broker_listener_falls_back_to_the_protocol() {
        with("", |k| assert_eq!(k.inter_broker_listener(), "PLAINTEXT"));
        with("security.inter.broker.protocol=SSL\n", |k| {
            assert_eq!(k.inter_broker_listener(), "SSL");
        });
        with(
            "security.inter.broker.protocol=SSL\ninter.broker.listener.name=internal\n",
            |k| assert_eq!(k.inter_broker_listener(), "INTERNAL"),
        );
    }

    #[test]
    fn sasl_mechanisms_per_listener() {
        with(
            "sasl.enabled.mechanisms=SCRAM-SHA-512\nlistener.name.client.sasl.enabled.mechanisms=plain, SCRAM-SHA-256\n",
            |k| {
                let (_, m) = k.sasl_mechanisms("CLIENT");
                assert_eq!(m[0].0, "PLAIN");
                let (_, m) = k.sasl_mechanisms("OTHER");
                assert_eq!(m[0].0, "SCRAM-SHA-512");
            },
        );
        with("", |k| assert_eq!(k.sasl_mechanisms("X").1[0].0, "GSSAPI"));
    }
}
