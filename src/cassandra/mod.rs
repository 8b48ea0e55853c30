//! A Cassandra node's `cassandra.yaml` as Cassandra reads it: pluggable
//! classes written as a name (`authenticator: PasswordAuthenticator`) or,
//! from 5.0, as `{class_name: …, parameters: …}`, with Cassandra's defaults
//! for absent keys, and the version the file targets (configured, or the
//! lowest one its settings require).

pub mod env;
pub mod renames;

use crate::config::{Settings, Version};
use crate::parse::{Node, PathSeg, Value};
use crate::span::Span;

pub use renames::{RENAMES, Rename, Unit};

/// The `cassandra.yaml` of one node.
pub struct CassandraConfig<'a> {
    pub root: &'a Node,
    configured: Option<Version>,
}

/// A pluggable class setting (`authenticator`, `authorizer`, …).
#[derive(Debug, Clone)]
pub struct ClassSetting<'a> {
    pub key: &'static str,
    /// The class as written (`org.apache.cassandra.auth.PasswordAuthenticator`),
    /// or Cassandra's default when the setting is absent.
    pub class: &'a str,
    /// Where the class name is written; `None` when the setting is absent.
    pub span: Option<Span>,
    /// The setting's key span, when present.
    pub key_span: Option<Span>,
    /// Written as `{class_name: …}` (the 5.0 parameterized form).
    pub parameterized: bool,
    /// The logical path of the class name.
    pub path: Vec<PathSeg>,
}

impl ClassSetting<'_> {
    /// The class without its package (`PasswordAuthenticator`).
    #[must_use]
    pub fn simple_name(&self) -> &str {
        self.class.rsplit('.').next().unwrap_or(self.class).trim()
    }

    /// The class is the named built-in (with or without its package).
    #[must_use]
    pub fn is(&self, simple: &str) -> bool {
        self.simple_name() == simple
    }

    /// Where a finding about this setting points: the class name, else the
    /// start of the file.
    #[must_use]
    pub fn span_or_start(&self) -> Span {
        self.span.unwrap_or(Span::at(0))
    }
}

/// Why the file is taken to target a version.
#[derive(Debug, Clone)]
pub struct VersionEvidence {
    pub version: Version,
    /// `None` when the version comes from `.cloudlint.toml`.
    pub because: Option<(String, Span)>,
}

/// The four auth backends and their defaults.
pub const AUTH_DEFAULTS: &[(&str, &str)] = &[
    ("authenticator", "AllowAllAuthenticator"),
    ("authorizer", "AllowAllAuthorizer"),
    ("role_manager", "CassandraRoleManager"),
    ("network_authorizer", "AllowAllNetworkAuthorizer"),
    ("cidr_authorizer", "AllowAllCIDRAuthorizer"),
];

/// The first release after 5.0, whose number was not settled when these
/// rules were written (trunk; it may be called 6.0). It reads
/// `authorizer`, `role_manager` and `network_authorizer` in the
/// `{class_name: …}` form too (CASSANDRA-19946).
pub const AFTER_5_0: Version = Version::new(5, 1);

/// A version for messages: `4.1`, or "a release after 5.0".
#[must_use]
pub fn describe(v: Version) -> String {
    if v == AFTER_5_0 {
        "a release after 5.0".to_string()
    } else {
        v.to_string()
    }
}

/// Settings Cassandra 4.0 added: a file with one of them targets 4.0 or later.
const SINCE_4_0: &[&str] = &[
    "network_authorizer",
    "audit_logging_options",
    "full_query_logging_options",
    "allocate_tokens_for_local_replication_factor",
    "automatic_sstable_upgrade",
    "diagnostic_events_enabled",
    "repaired_data_tracking_for_range_reads_enabled",
];

/// Settings Cassandra 5.0 added.
const SINCE_5_0: &[&str] = &[
    "cidr_authorizer",
    "storage_compatibility_mode",
    "crypto_provider",
    "default_compaction",
    "sai_options",
];

impl<'a> CassandraConfig<'a> {
    #[must_use]
    pub fn new(root: &'a Node, settings: &Settings) -> CassandraConfig<'a> {
        CassandraConfig {
            root,
            configured: settings.versions.cassandra,
        }
    }

    /// A top-level setting that is present and not null.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&'a Node> {
        self.root
            .get(key)
            .filter(|n| !matches!(n.value, Value::Null))
    }

    /// A scalar setting's text (`true`, `0.0.0.0`, `16`).
    #[must_use]
    pub fn text(&self, key: &str) -> Option<std::borrow::Cow<'a, str>> {
        self.get(key).and_then(Node::scalar_text)
    }

    /// A pluggable class: `key: Name` or `key: {class_name: Name}`, or the
    /// default when absent (or null).
    #[must_use]
    pub fn class(&self, key: &'static str) -> ClassSetting<'a> {
        let default = AUTH_DEFAULTS
            .iter()
            .find(|(k, _)| *k == key)
            .map_or("", |(_, d)| *d);
        let member = self.root.member(key);
        let node = member.map(|m| &m.value);
        let key_span = member.map(|m| m.key_span);
        let mut path = vec![PathSeg::Key(key.to_string())];
        match node.map(|n| &n.value) {
            Some(Value::String(s)) if !s.trim().is_empty() => ClassSetting {
                key,
                class: s.as_str(),
                span: node.map(|n| n.span),
                key_span,
                parameterized: false,
                path,
            },
            Some(Value::Object(_)) => {
                let class_node = node.and_then(|n| n.get("class_name"));
                path.push(PathSeg::Key("class_name".into()));
                ClassSetting {
                    key,
                    class: class_node.and_then(Node::as_str).unwrap_or(default),
                    span: class_node.map(|n| n.span).or(key_span),
                    key_span,
                    parameterized: true,
                    path,
                }
            }
            _ => ClassSetting {
                key,
                class: default,
                span: None,
                key_span,
                parameterized: false,
                path,
            },
        }
    }

    /// The version the file targets: `[versions] cassandra`, else the
    /// lowest version whose settings the file uses, else unknown.
    #[must_use]
    pub fn version(&self) -> Option<VersionEvidence> {
        if let Some(v) = self.configured {
            return Some(VersionEvidence {
                version: v,
                because: None,
            });
        }
        self.inferred_version()
    }

    /// The lowest version the file's own settings require.
    #[must_use]
    pub fn inferred_version(&self) -> Option<VersionEvidence> {
        let mut best: Option<VersionEvidence> = None;
        let mut consider = |version: Version, why: String, span: Span| {
            if best.as_ref().is_none_or(|b| version > b.version) {
                best = Some(VersionEvidence {
                    version,
                    because: Some((why, span)),
                });
            }
        };
        for m in self.root.members() {
            let key = m.key.as_str();
            if SINCE_4_0.contains(&key) {
                consider(
                    Version::new(4, 0),
                    format!("it sets {key}, added in 4.0"),
                    m.key_span,
                );
            }
            if SINCE_5_0.contains(&key) {
                consider(
                    Version::new(5, 0),
                    format!("it sets {key}, added in 5.0"),
                    m.key_span,
                );
            }
            if let Some(r) = RENAMES
                .iter()
                .find(|r| r.new == key && r.old.iter().all(|(o, _)| *o != key))
            {
                consider(
                    r.since,
                    format!("it uses the name {key}, introduced in {}", r.since),
                    m.key_span,
                );
            }
        }
        let authenticator = self.class("authenticator");
        if authenticator.parameterized
            && let Some(span) = authenticator.key_span
        {
            consider(
                Version::new(5, 0),
                "its authenticator has the class_name form of 5.0".to_string(),
                span,
            );
        }
        for key in ["authorizer", "role_manager", "network_authorizer"] {
            let class = self.class(key);
            if class.parameterized
                && let Some(span) = class.key_span
            {
                consider(
                    AFTER_5_0,
                    format!("its {key} has the class_name form, read only after 5.0"),
                    span,
                );
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Limits, yaml::parse_yaml};

    fn with<T>(text: &str, f: impl FnOnce(&CassandraConfig<'_>) -> T) -> T {
        let root = parse_yaml(text, &Limits::default()).root.unwrap();
        f(&CassandraConfig::new(&root, &Settings::default()))
    }

    #[test]
    fn classes_in_both_forms_and_defaults() {
        with(
            "authenticator:\n  class_name : org.apache.cassandra.auth.PasswordAuthenticator\nauthorizer: CassandraAuthorizer\nrole_manager:\n",
            |c| {
                let a = c.class("authenticator");
                assert!(a.parameterized);
                assert!(a.is("PasswordAuthenticator"));
                assert!(c.class("authorizer").is("CassandraAuthorizer"));
                let r = c.class("role_manager");
                assert!(r.is("CassandraRoleManager") && r.span.is_none());
                assert!(
                    c.class("network_authorizer")
                        .is("AllowAllNetworkAuthorizer")
                );
            },
        );
    }

    #[test]
    fn versions_from_settings() {
        with("max_hint_window_in_ms: 1\n", |c| {
            assert!(c.version().is_none())
        });
        with("network_authorizer: X\nmax_hint_window: 3h\n", |c| {
            let v = c.version().unwrap();
            assert_eq!(v.version, Version::new(4, 1));
            assert!(v.because.unwrap().0.contains("max_hint_window"));
        });
        with(
            "authenticator:\n  class_name: AllowAllAuthenticator\n",
            |c| {
                assert_eq!(c.version().unwrap().version, Version::new(5, 0));
            },
        );
        with("key_cache_save_period: 14400\n", |c| {
            assert!(
                c.version().is_none(),
                "a value-format rename is not a new name"
            );
        });
        let root = parse_yaml("max_hint_window: 3h\n", &Limits::default())
            .root
            .unwrap();
        let mut s = Settings::default();
        s.versions.cassandra = Some(Version::new(4, 0));
        let v = CassandraConfig::new(&root, &s).version().unwrap();
        assert_eq!(v.version, Version::new(4, 0));
        assert!(v.because.is_none());
    }
}
