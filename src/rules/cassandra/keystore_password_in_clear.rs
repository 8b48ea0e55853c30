//! ## What it does
//! Reports key store and trust store passwords written in `cassandra.yaml`
//! for encryption that is in use: `server_encryption_options` when
//! `internode_encryption` is not `none`, `client_encryption_options` when
//! `enabled` (or `optional`) is true, `transparent_data_encryption_options`
//! key providers when `enabled` is true, and `jmx_encryption_options` when
//! enabled. The message never shows the password, but says when it is
//! `cassandra`, the sample value of the shipped file. Passwords of
//! encryption that is off are sample values no one relies on; the rules
//! about disabled encryption report those blocks instead.
//!
//! ## Why is this bad?
//! `cassandra.yaml` is copied into AMIs, container images, configuration
//! repositories and support bundles. With the key store and its password,
//! anyone can impersonate a node to the others or to clients, and decrypt
//! captured traffic when the cipher suites lack forward secrecy. The sample
//! password `cassandra` is public: a key store protected by it is protected
//! by nothing.
//!
//! ## Example
//! ```yaml
//! server_encryption_options:
//!   internode_encryption: all
//!   keystore: /etc/cassandra/tls/node.keystore
//!   keystore_password: cassandra
//! ```
//!
//! ## Fix
//! Cassandra 4.x and 5.0 read these passwords only from `cassandra.yaml`:
//! render the file at boot from AWS Secrets Manager or SSM Parameter Store
//! (cloud-init, your configuration management), never commit the rendered
//! file, and make it readable only by the `cassandra` user. Later versions
//! read `keystore_password_file`/`truststore_password_file` instead. With
//! PEM key material (`PEMBasedSslContextFactory`), keep the private key in a
//! file with restrictive permissions.
//!
//! ## References
//! - Apache Cassandra, security (TLS/SSL encryption): <https://cassandra.apache.org/doc/latest/cassandra/managing/operating/security.html>
//! - AWS Secrets Manager: <https://docs.aws.amazon.com/secretsmanager/latest/userguide/intro.html>
//! - Best Practices for Running Apache Cassandra on Amazon EC2 (Security): <https://aws.amazon.com/blogs/big-data/best-practices-for-running-apache-cassandra-on-amazon-ec2/>

use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::{Node, PathSeg, Value};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "CAS002",
        "keystore-password-in-clear",
        Severity::Warning,
        &[InputKind::CassandraYaml],
        "A key store or trust store password written in cassandra.yaml for encryption that is in use",
        crate::rule_docs!(),
        &["security", "secrets", "cassandra"],
        Precision::High,
    ),
    check,
};

const PASSWORDS: &[&str] = &[
    "keystore_password",
    "truststore_password",
    "outbound_keystore_password",
    "key_password",
];

fn is_true(node: Option<&Node>) -> bool {
    node.is_some_and(|n| match &n.value {
        Value::Bool(b) => *b,
        Value::String(s) => s.trim().eq_ignore_ascii_case("true"),
        _ => false,
    })
}

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(root) = ctx.root else { return };
    let mut report = |node: &Node, path: Vec<PathSeg>, what: &str| {
        for m in node.members() {
            if !PASSWORDS.contains(&m.key.as_str()) {
                continue;
            }
            let Some(text) = m.value.scalar_text() else {
                continue;
            };
            if text.trim().is_empty() {
                continue;
            }
            let sample = if text.trim() == "cassandra" {
                " — and it is \"cassandra\", the public sample value of the shipped file"
            } else {
                ""
            };
            let mut p = path.clone();
            p.push(PathSeg::Key(m.key.clone()));
            out.push(
                Diagnostic::new(
                    rule,
                    m.value.span,
                    format!("{} for {what} is written in clear text in the file{sample}", m.key),
                )
                .with_help("render the password into the file at boot from AWS Secrets Manager or SSM Parameter Store and keep the file readable only by Cassandra (later versions read *_password_file); use a new, random password")
                .with_path(&p),
            );
        }
    };
    let key = |k: &str| vec![PathSeg::Key(k.to_string())];
    if let Some(server) = root.get("server_encryption_options") {
        let mode = server
            .get("internode_encryption")
            .and_then(Node::scalar_text)
            .map(|t| t.trim().to_ascii_lowercase());
        let on = matches!(mode.as_deref(), Some("all" | "dc" | "rack"))
            || is_true(server.get("enabled"));
        if on {
            report(
                server,
                key("server_encryption_options"),
                "internode encryption",
            );
        }
    }
    if let Some(client) = root.get("client_encryption_options")
        && (is_true(client.get("enabled")) || is_true(client.get("optional")))
    {
        report(
            client,
            key("client_encryption_options"),
            "client encryption",
        );
    }
    if let Some(tde) = root.get("transparent_data_encryption_options")
        && is_true(tde.get("enabled"))
    {
        for (i, provider) in tde
            .get("key_provider")
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let params = provider.get("parameters");
            for (j, p) in params
                .map(Node::one_or_many)
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                let mut path = key("transparent_data_encryption_options");
                path.extend([
                    PathSeg::Key("key_provider".into()),
                    PathSeg::Index(i),
                    PathSeg::Key("parameters".into()),
                ]);
                if params.is_some_and(Node::is_array) {
                    path.push(PathSeg::Index(j));
                }
                report(p, path, "transparent data encryption");
            }
        }
    }
    if let Some(jmx) = root
        .get("jmx_server_options")
        .and_then(|j| j.get("jmx_encryption_options"))
        && is_true(jmx.get("enabled"))
    {
        let mut path = key("jmx_server_options");
        path.push(PathSeg::Key("jmx_encryption_options".into()));
        report(jmx, path, "JMX encryption");
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run;
    use super::*;

    #[test]
    fn passwords_of_encryption_in_use() {
        let got = run(
            &RULE,
            "server_encryption_options:\n  internode_encryption: all\n  keystore_password: cassandra\n  truststore_password: s3cret\n\
             client_encryption_options:\n  enabled: false\n  keystore_password: cassandra\n",
        );
        assert_eq!(got.len(), 2, "{got:#?}");
        assert!(got[0].starts_with("3:22 cassandra | keystore_password for internode encryption is written in clear text in the file — and it is \"cassandra\""), "{got:#?}");
        assert!(got[1].starts_with("4:24 s3cret | truststore_password for internode encryption is written in clear text in the file"), "{got:#?}");
        assert!(
            !got[1].contains("s3cret |")
                || !got[1].split(" | ").nth(1).unwrap_or("").contains("s3cret")
        );
    }

    #[test]
    fn transparent_data_encryption_key_providers() {
        let tde = |enabled: bool| {
            format!(
                "transparent_data_encryption_options:\n  enabled: {enabled}\n  key_provider:\n    - class_name: org.apache.cassandra.security.JKSKeyProvider\n      parameters:\n        - keystore: conf/.keystore\n          keystore_password: cassandra\n          key_password: cassandra\n"
            )
        };
        assert_eq!(run(&RULE, &tde(true)).len(), 2);
        assert!(run(&RULE, &tde(false)).is_empty());
    }

    #[test]
    fn encryption_off_is_not_reported() {
        assert!(run(&RULE, "server_encryption_options:\n  internode_encryption: none\n  keystore_password: cassandra\n").is_empty());
    }
}
