//! A Kafka broker's `server.properties` as Kafka reads it: the last entry of
//! a key wins, values are trimmed, lists are split on commas, listener names
//! map to security protocols. Spans point into the file, down to one item of
//! a list when the value was written without escapes or continuation lines.
//!
//! Sources: Apache Kafka `SocketServerConfigs`, `KafkaConfig` and `ConfigDef`
//! (see `docs/rules/KFK*.md` for the documentation pages).

pub mod listeners;

use std::ops::Range;

use crate::config::{Settings, Version};
use crate::diagnostic::Diagnostic;
use crate::parse::{Node, PathSeg};
use crate::span::Span;

pub use listeners::{Listener, Protocol};

/// The `server.properties` of one broker or controller.
pub struct KafkaConfig<'a> {
    root: &'a Node,
    text: &'a str,
    /// The version from the configuration (`[versions] kafka`), if any.
    pub version: Option<Version>,
}

/// One setting: the last entry of its key.
#[derive(Debug, Clone, Copy)]
pub struct Prop<'a> {
    pub key: &'a str,
    pub key_span: Span,
    /// The value as `Properties.load` gives it (untrimmed, escapes resolved).
    pub value: &'a str,
    pub value_span: Span,
    /// The file holds the value exactly as it is (no escapes, no continued
    /// lines), so a part of the value has a precise span.
    exact: bool,
}

/// How the broker keeps its metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `process.roles` is set (or the version is 4.0 or later).
    KRaft,
    /// `zookeeper.connect` is set and `process.roles` is not.
    ZooKeeper,
    Unknown,
}

impl<'a> Prop<'a> {
    /// The value as Kafka uses it: every type trims white space first.
    #[must_use]
    pub fn trimmed(&self) -> &'a str {
        self.value.trim()
    }

    /// The span of `range` (byte offsets into `value`); the whole value's
    /// span when the file does not hold the value verbatim.
    #[must_use]
    pub fn span_of(&self, range: Range<usize>) -> Span {
        if self.exact && range.end <= self.value.len() && range.start <= range.end {
            let base = self.value_span.range().start;
            Span::new(base + range.start, base + range.end)
        } else {
            self.value_span
        }
    }

    /// The span of the trimmed value (the key's when the value is empty).
    #[must_use]
    pub fn trimmed_span(&self) -> Span {
        let start = self.value.len() - self.value.trim_start().len();
        let end = self.value.trim_end().len();
        if start >= end {
            return self.key_span;
        }
        self.span_of(start..end)
    }

    /// A Kafka LIST: comma-separated, each item trimmed, empty items skipped.
    #[must_use]
    pub fn items(&self) -> Vec<(&'a str, Span)> {
        let mut out = Vec::new();
        let mut start = 0;
        for part in self.value.split(',') {
            let lead = part.len() - part.trim_start().len();
            let item = part.trim();
            if !item.is_empty() {
                let from = start + lead;
                out.push((item, self.span_of(from..from + item.len())));
            }
            start += part.len() + 1;
        }
        out
    }

    /// A Kafka BOOLEAN: `true`/`false` in any case after trimming; anything
    /// else makes the broker refuse to start.
    #[must_use]
    pub fn boolean(&self) -> Option<bool> {
        let v = self.trimmed();
        if v.eq_ignore_ascii_case("true") {
            Some(true)
        } else if v.eq_ignore_ascii_case("false") {
            Some(false)
        } else {
            None
        }
    }

    /// A Kafka INT, SHORT or LONG.
    #[must_use]
    pub fn integer(&self) -> Option<i64> {
        self.trimmed().parse().ok()
    }

    /// The logical path of the setting (`$['log.dirs']`).
    #[must_use]
    pub fn path(&self) -> [PathSeg; 1] {
        [PathSeg::Key(self.key.to_string())]
    }
}

impl<'a> KafkaConfig<'a> {
    #[must_use]
    pub fn new(root: &'a Node, text: &'a str, settings: &Settings) -> KafkaConfig<'a> {
        KafkaConfig {
            root,
            text,
            version: settings.versions.kafka,
        }
    }

    /// The setting `key` (its last entry), if the file has one.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<Prop<'a>> {
        let m = self.root.member(key)?;
        let value = m.value.as_str()?;
        Some(Prop {
            key: &m.key,
            key_span: m.key_span,
            value,
            value_span: m.value.span,
            exact: self.text.get(m.value.span.range()) == Some(value),
        })
    }

    /// Every setting, in file order, duplicates included.
    pub fn entries(&self) -> impl Iterator<Item = Prop<'a>> + '_ {
        self.root.members().iter().filter_map(|m| {
            let value = m.value.as_str()?;
            Some(Prop {
                key: &m.key,
                key_span: m.key_span,
                value,
                value_span: m.value.span,
                exact: self.text.get(m.value.span.range()) == Some(value),
            })
        })
    }

    /// A setting that may be overridden for one listener:
    /// `listener.name.<listener, lower case>.<key>` first, then `key`.
    #[must_use]
    pub fn for_listener(&self, listener: &str, key: &str) -> Option<Prop<'a>> {
        self.get(&format!(
            "listener.name.{}.{key}",
            listener.to_ascii_lowercase()
        ))
        .or_else(|| self.get(key))
    }

    #[must_use]
    pub fn mode(&self) -> Mode {
        let set = |k: &str| self.get(k).is_some_and(|p| !p.trimmed().is_empty());
        if set("process.roles") || self.version.is_some_and(|v| v.major >= 4) {
            Mode::KRaft
        } else if set("zookeeper.connect") {
            Mode::ZooKeeper
        } else {
            Mode::Unknown
        }
    }

    /// Whether this node serves clients as a broker (not a controller only).
    #[must_use]
    pub fn is_broker(&self) -> bool {
        self.get("process.roles").is_none_or(|p| {
            p.items()
                .iter()
                .any(|(r, _)| r.eq_ignore_ascii_case("broker"))
        })
    }

    /// Where a finding about a setting that is absent points: the start of
    /// the file (an empty span), as there is no line to underline.
    #[must_use]
    pub fn nowhere() -> Span {
        Span::at(0)
    }

    /// A finding about `key`, which the file does not set.
    #[must_use]
    pub fn missing(rule: &crate::rules::RuleMeta, key: &str, message: String) -> Diagnostic {
        Diagnostic::new(rule, KafkaConfig::nowhere(), message)
            .with_path(&[PathSeg::Key(key.into())])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Limits, properties::parse_properties};

    fn with<T>(text: &str, f: impl FnOnce(&KafkaConfig<'_>) -> T) -> T {
        let root = parse_properties(text, &Limits::default()).root.unwrap();
        let settings = Settings::default();
        f(&KafkaConfig::new(&root, text, &settings))
    }

    #[test]
    fn last_entry_wins_and_values_are_trimmed() {
        with("a = 1\na=  2  \n", |k| {
            let a = k.get("a").unwrap();
            assert_eq!(a.trimmed(), "2");
            assert_eq!(a.integer(), Some(2));
            assert_eq!(a.trimmed_span(), Span::new(10, 11));
        });
    }

    #[test]
    fn list_items_have_spans_when_written_verbatim() {
        let text = "log.dirs=/a, /b ,,/c\n";
        with(text, |k| {
            let items = k.get("log.dirs").unwrap().items();
            let got: Vec<(&str, &str)> = items.iter().map(|(i, s)| (*i, s.text(text))).collect();
            assert_eq!(got, [("/a", "/a"), ("/b", "/b"), ("/c", "/c")]);
        });
        let text = "log.dirs=/a,\\\n  /b\n";
        with(text, |k| {
            let items = k.get("log.dirs").unwrap().items();
            assert_eq!(items.len(), 2);
            assert_eq!(items[1].1.text(text), "/a,\\\n  /b", "the whole value");
        });
    }

    #[test]
    fn booleans_are_case_insensitive_and_strict() {
        with("a=TRUE\nb=true # c\nc= false \n", |k| {
            assert_eq!(k.get("a").unwrap().boolean(), Some(true));
            assert_eq!(k.get("b").unwrap().boolean(), None);
            assert_eq!(k.get("c").unwrap().boolean(), Some(false));
        });
    }

    #[test]
    fn mode_and_roles() {
        with("process.roles=controller\n", |k| {
            assert_eq!(k.mode(), Mode::KRaft);
            assert!(!k.is_broker());
        });
        with("zookeeper.connect=zk:2181\n", |k| {
            assert_eq!(k.mode(), Mode::ZooKeeper);
            assert!(k.is_broker());
        });
        with("broker.id=1\n", |k| assert_eq!(k.mode(), Mode::Unknown));
    }

    #[test]
    fn listener_overrides_come_first() {
        with(
            "ssl.client.auth=none\nlistener.name.internal.ssl.client.auth=required\n",
            |k| {
                assert_eq!(
                    k.for_listener("INTERNAL", "ssl.client.auth")
                        .unwrap()
                        .trimmed(),
                    "required"
                );
                assert_eq!(
                    k.for_listener("EXTERNAL", "ssl.client.auth")
                        .unwrap()
                        .trimmed(),
                    "none"
                );
            },
        );
    }
}
