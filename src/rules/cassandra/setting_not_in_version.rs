//! ## What it does
//! Reports settings that the Cassandra version a `cassandra.yaml` targets
//! does not have:
//! - settings removed in 4.0 (Thrift: `start_rpc`, `rpc_port`,
//!   `rpc_server_type`, `thrift_*`; `request_scheduler*`, `index_interval`,
//!   …) or in 5.0 (`commitlog_sync_batch_window_in_ms`, …);
//! - settings newer than the version: 4.1 names (`max_hint_window`) on 4.0,
//!   4.0 settings on 3.x, 5.0 settings on 4.x;
//! - the `{class_name: …}` form of `authenticator` before 5.0, and of
//!   `authorizer`, `role_manager` and `network_authorizer` in 5.0 and
//!   earlier, which read a plain class name.
//!
//! The version is `[versions] cassandra` in `.cloudlint.toml`, or else the
//! lowest one the file's own settings require (a 4.1 name means 4.1 or
//! later; the 5.0 form of `authenticator` means 5.0 or later). Without
//! either, nothing is reported.
//!
//! ## Why is this bad?
//! Cassandra 4.0 and later refuse a `cassandra.yaml` with a property they do
//! not know ("Invalid yaml. Please remove properties [start_rpc] from your
//! cassandra.yaml"), and a mapping where a class name is expected does not
//! load either: the node does not start. A file that mixes versions is
//! usually an upgrade half done.
//!
//! ## Example
//! ```yaml
//! start_rpc: true
//! rpc_port: 9160
//! max_hint_window: 3h
//! ```
//!
//! ## Fix
//! Remove the Thrift settings (Thrift is gone since 4.0; clients use the
//! native protocol on `native_transport_port`), and write each setting as
//! the targeted version names it.
//!
//! ## References
//! - Apache Cassandra, configuration (4.1 names and units): <https://cassandra.apache.org/doc/latest/cassandra/managing/configuration/configuration.html>
//! - Apache Cassandra, `cassandra.yaml` reference: <https://cassandra.apache.org/doc/latest/cassandra/managing/configuration/cass_yaml_file.html>
//! - Best Practices for Running Apache Cassandra on Amazon EC2 (Upgrades): <https://aws.amazon.com/blogs/big-data/best-practices-for-running-apache-cassandra-on-amazon-ec2/>

use crate::cassandra::{AFTER_5_0, RENAMES, VersionEvidence, describe};
use crate::config::Version;
use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::PathSeg;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;
use crate::span::Span;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "CAS005",
        "setting-not-in-version",
        Severity::Error,
        &[InputKind::CassandraYaml],
        "A setting, or a form of one, that the targeted Cassandra version does not have",
        crate::rule_docs!(),
        &["correctness", "cassandra"],
        Precision::High,
    ),
    check,
};

/// Settings Cassandra 4.0 removed (from `Config.java`: in 3.11, not in 4.0 or later).
const REMOVED_IN_4_0: &[&str] = &[
    "encryption_options",
    "index_interval",
    "request_scheduler",
    "request_scheduler_id",
    "request_scheduler_options",
    "rpc_listen_backlog",
    "rpc_max_threads",
    "rpc_min_threads",
    "rpc_port",
    "rpc_recv_buff_size_in_bytes",
    "rpc_send_buff_size_in_bytes",
    "rpc_server_type",
    "start_rpc",
    "streaming_socket_timeout_in_ms",
    "thrift_framed_transport_size_in_mb",
    "thrift_max_message_length_in_mb",
    "thrift_prepared_statements_cache_size_mb",
];

/// Settings Cassandra 5.0 removed (in 4.1, not in 5.0, not renamed).
const REMOVED_IN_5_0: &[&str] = &[
    "commitlog_periodic_queue_size",
    "commitlog_sync_batch_window_in_ms",
    "concurrent_replicates",
    "native_transport_max_negotiable_protocol_version",
];

/// Settings added in a version (beyond the renamed ones).
const ADDED: &[(&str, Version)] = &[
    ("network_authorizer", Version::new(4, 0)),
    ("audit_logging_options", Version::new(4, 0)),
    ("full_query_logging_options", Version::new(4, 0)),
    (
        "allocate_tokens_for_local_replication_factor",
        Version::new(4, 0),
    ),
    ("cidr_authorizer", Version::new(5, 0)),
    ("storage_compatibility_mode", Version::new(5, 0)),
    ("crypto_provider", Version::new(5, 0)),
];

/// Where the targeted version comes from, for messages.
fn targets(v: &VersionEvidence) -> String {
    match &v.because {
        None => format!(
            "this file targets Cassandra {} ([versions] cassandra in .cloudlint.toml)",
            describe(v.version)
        ),
        Some((why, _)) => format!(
            "this file targets Cassandra {} or later ({why})",
            describe(v.version)
        ),
    }
}

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(c) = super::config(ctx) else { return };
    let Some(v) = c.version() else { return };
    let mut push = |span: Span, key: &str, problem: String, help: String| {
        let mut d = Diagnostic::new(rule, span, format!("{problem}; {}", targets(&v)))
            .with_help(help)
            .with_path(&[PathSeg::Key(key.to_string())]);
        if let Some((_, at)) = &v.because
            && *at != span
        {
            d = d.with_label(*at, "this setting sets the version");
        }
        out.push(d);
    };
    let version = v.version;
    for m in c.root.members() {
        let key = m.key.as_str();
        let removed = if REMOVED_IN_4_0.contains(&key) && version >= Version::new(4, 0) {
            Some("4.0")
        } else if REMOVED_IN_5_0.contains(&key) && version >= Version::new(5, 0) {
            Some("5.0")
        } else {
            None
        };
        if let Some(when) = removed {
            let thrift =
                if key == "start_rpc" || key.starts_with("rpc_") || key.starts_with("thrift_") {
                    " with Thrift"
                } else {
                    ""
                };
            push(
                m.key_span,
                key,
                format!(
                    "{key} was removed in Cassandra {when}{thrift}: the node refuses to start (\"Please remove properties [{key}]\")"
                ),
                format!("remove {key}"),
            );
            continue;
        }
        let added = ADDED
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, since)| *since)
            .or_else(|| {
                RENAMES
                    .iter()
                    .find(|r| r.new == key && r.old.iter().all(|(o, _)| *o != key))
                    .map(|r| r.since)
            });
        if let Some(since) = added.filter(|since| version < *since) {
            let old = RENAMES
                .iter()
                .find(|r| r.new == key)
                .and_then(|r| r.old.first())
                .map(|(o, _)| format!("use its old name {o}"))
                .unwrap_or_else(|| format!("remove it, or upgrade to {since}"));
            push(
                m.key_span,
                key,
                format!(
                    "{key} exists from Cassandra {since}: an older node refuses to start with it"
                ),
                old,
            );
        }
    }
    let forms: [(&'static str, Version); 4] = [
        ("authenticator", Version::new(5, 0)),
        ("authorizer", AFTER_5_0),
        ("role_manager", AFTER_5_0),
        ("network_authorizer", AFTER_5_0),
    ];
    for (key, since) in forms {
        let class = c.class(key);
        let Some(key_span) = class.key_span else {
            continue;
        };
        if !class.parameterized || version >= since {
            continue;
        }
        let from = if since == Version::new(5, 0) {
            "5.0"
        } else {
            "releases after 5.0"
        };
        push(
            key_span,
            key,
            format!(
                "{key} is written as {{class_name: …}}, a form Cassandra reads only in {from}: this version expects a plain class name"
            ),
            format!("write {key}: {}", class.simple_name()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{run, run_with};
    use super::*;
    use crate::config::Settings;

    #[test]
    fn removed_settings_by_inferred_version() {
        assert!(
            run(&RULE, "start_rpc: true\nrpc_port: 9160\n").is_empty(),
            "no version: nothing"
        );
        let got = run(&RULE, "start_rpc: true\nmax_hint_window: 3h\n");
        assert_eq!(got.len(), 1, "{got:#?}");
        assert!(
            got[0]
                .starts_with("1:1 start_rpc | start_rpc was removed in Cassandra 4.0 with Thrift"),
            "{got:#?}"
        );
        assert!(got[0].ends_with("this file targets Cassandra 4.1 or later (it uses the name max_hint_window, introduced in 4.1)"), "{got:#?}");
    }

    #[test]
    fn newer_settings_on_a_configured_version() {
        let mut s = Settings::default();
        s.versions.cassandra = Some(Version::new(4, 0));
        let got = run_with(
            &RULE,
            "max_hint_window: 3h\nnetwork_authorizer: AllowAllNetworkAuthorizer\nauthenticator:\n  class_name: PasswordAuthenticator\n",
            &s,
        );
        assert_eq!(got.len(), 2, "{got:#?}");
        assert!(
            got[0].contains("max_hint_window exists from Cassandra 4.1"),
            "{got:#?}"
        );
        assert!(
            got[1].contains(
                "authenticator is written as {class_name: …}, a form Cassandra reads only in 5.0"
            ),
            "{got:#?}"
        );
        s.versions.cassandra = Some(Version::new(3, 11));
        let got = run_with(
            &RULE,
            "network_authorizer: AllowAllNetworkAuthorizer\nstart_rpc: false\n",
            &s,
        );
        assert_eq!(got.len(), 1, "{got:#?}");
    }

    #[test]
    fn the_trunk_forms_infer_their_own_version() {
        let trunk = "authenticator:\n  class_name: AllowAllAuthenticator\nauthorizer:\n  class_name: AllowAllAuthorizer\n";
        assert!(run(&RULE, trunk).is_empty(), "{:#?}", run(&RULE, trunk));
        let mut s = Settings::default();
        s.versions.cassandra = Some(Version::new(5, 0));
        let got = run_with(&RULE, trunk, &s);
        assert_eq!(
            got.len(),
            1,
            "5.0 reads authorizer as a plain name: {got:#?}"
        );
        assert!(got[0].contains("only in releases after 5.0"), "{got:#?}");
    }
}
