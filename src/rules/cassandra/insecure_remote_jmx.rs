//! ## What it does
//! Reads a node's `cassandra-env.sh` (recognised by its name) and reports
//! remote JMX that is open without authentication (warning) or without SSL
//! (note), at the option that decides it — or, when the option is missing
//! and the server's default applies, at the remote port option.
//!
//! Remote JMX is on when `LOCAL_JMX` is not `yes` — set so (`LOCAL_JMX=no`),
//! or never set while the script tests it (the shipped file defaults it to
//! `yes` only when the environment leaves it empty) — so that the script's
//! remote branch adds `-Dcassandra.jmx.remote.port`, or when
//! `-Dcom.sun.management.jmxremote.port` turns on the JVM's own JMX agent.
//! Cassandra's JMX server authenticates and uses SSL only when
//! `-Dcom.sun.management.jmxremote.authenticate=true` and
//! `-Dcom.sun.management.jmxremote.ssl=true` are given (both default to
//! false); the JVM agent defaults both to true. Commented lines do not
//! count; settings inside `if`s on anything but `LOCAL_JMX`, and a
//! `LOCAL_JMX` computed at run time (`$(…)`), are not assumed.
//! The shipped file (`LOCAL_JMX=yes`: JMX on localhost only) is not reported.
//! Cassandra 5.1's `jmx_server_options` in `cassandra.yaml` are not read.
//!
//! ## Why is this bad?
//! JMX is Cassandra's administration interface: whoever connects can run
//! every `nodetool` operation — drain or decommission the node, truncate
//! tables, change compaction and streaming, read metrics — and, through
//! MBeans that load classes or write files, often run code as the
//! `cassandra` user. Without authentication anyone who reaches port 7199
//! can; without SSL the JMX password and every operation cross the network
//! in clear text. The AWS post on running Cassandra on EC2 asks for
//! authentication and encryption on every interface the cluster exposes.
//!
//! ## Example
//! ```sh
//! LOCAL_JMX=no
//! JVM_OPTS="$JVM_OPTS -Dcassandra.jmx.remote.port=7199"
//! JVM_OPTS="$JVM_OPTS -Dcom.sun.management.jmxremote.authenticate=false"
//! ```
//!
//! ## Fix
//! Keep `LOCAL_JMX=yes` and run `nodetool` on the node (through AWS Systems
//! Manager Session Manager rather than an open port), or enable
//! authentication and SSL for remote JMX:
//! ```sh
//! JVM_OPTS="$JVM_OPTS -Dcom.sun.management.jmxremote.authenticate=true"
//! JVM_OPTS="$JVM_OPTS -Dcom.sun.management.jmxremote.password.file=/etc/cassandra/jmxremote.password"
//! JVM_OPTS="$JVM_OPTS -Dcom.sun.management.jmxremote.ssl=true"
//! JVM_OPTS="$JVM_OPTS -Dcom.sun.management.jmxremote.ssl.need.client.auth=true"
//! ```
//! and allow port 7199 in the node's security group only from the hosts that
//! administer the cluster.
//!
//! ## References
//! - Apache Cassandra, security (JMX access): <https://cassandra.apache.org/doc/latest/cassandra/managing/operating/security.html#jmx-access>
//! - Monitoring and management using JMX technology (remote monitoring, passwords, SSL): <https://docs.oracle.com/en/java/javase/17/management/monitoring-and-management-using-jmx-technology.html>
//! - Best Practices for Running Apache Cassandra on Amazon EC2 (Security): <https://aws.amazon.com/blogs/big-data/best-practices-for-running-apache-cassandra-on-amazon-ec2/>

use crate::cassandra::env::{EnvScript, RemoteJmx, RemoteServer, Setting};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "CAS007",
        "insecure-remote-jmx",
        Severity::Note,
        &[InputKind::CassandraEnv],
        "cassandra-env.sh opens remote JMX without authentication (warning) or without SSL",
        crate::rule_docs!(),
        &["security", "cassandra", "jmx"],
        Precision::High,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let script = EnvScript::read(ctx.text);
    let Some(remote) = script.remote_jmx() else {
        return;
    };
    let port = remote
        .port
        .as_deref()
        .map(|p| format!(" on port {p}"))
        .unwrap_or_default();
    let node = ctx
        .path
        .parent()
        .map(|d| d.join("cassandra.yaml"))
        .filter(|p| p.is_file())
        .map(|_| " of the node configured by the cassandra.yaml beside this file")
        .unwrap_or_default();
    let instead = match remote.server {
        RemoteServer::Cassandra => "or keep LOCAL_JMX=yes",
        RemoteServer::JvmAgent => {
            "or remove -Dcom.sun.management.jmxremote.port and keep LOCAL_JMX=yes (Cassandra's JMX on localhost)"
        }
    };
    if !remote.authenticate.enabled {
        out.push(
            finding(rule, &remote, &remote.authenticate, "authenticate", &format!("remote JMX{port} is open without authentication"))
                .with_severity(Severity::Warning)
                .with_help(format!(
                    "anyone who reaches the JMX port{node} can run every nodetool operation; set -Dcom.sun.management.jmxremote.authenticate=true with a password file (or -Dcassandra.jmx.remote.login.config for Cassandra's own roles), {instead}"
                )),
        );
    }
    if !remote.ssl.enabled {
        out.push(
            finding(rule, &remote, &remote.ssl, "ssl", &format!("remote JMX{port} is open without SSL"))
                .with_help(format!(
                    "JMX passwords and operations{node} cross the network in clear text; set -Dcom.sun.management.jmxremote.ssl=true (and ssl.need.client.auth=true) with a key store, {instead}"
                )),
        );
    }
}

/// `lead` and the reason, at the option that decides `setting`, or at the
/// port option when the server's default decides; labelled with what turns
/// remote JMX on.
fn finding(
    rule: &RuleMeta,
    remote: &RemoteJmx<'_>,
    setting: &Setting<'_>,
    what: &str,
    lead: &str,
) -> Diagnostic {
    let (span, reason) = match setting.option {
        Some(o) => (
            o.span,
            format!(
                "-Dcom.sun.management.jmxremote.{what}={}",
                o.value.as_deref().unwrap_or("")
            ),
        ),
        // Only Cassandra's server defaults to off; the JVM agent to on.
        None => (
            remote.port_option.span,
            format!(
                "-Dcom.sun.management.jmxremote.{what} is not set, and Cassandra's JMX server {} only when it is true",
                if what == "ssl" {
                    "uses SSL"
                } else {
                    "authenticates"
                }
            ),
        ),
    };
    let d = Diagnostic::new(rule, span, format!("{lead}: {reason}"));
    if remote.enabled_by == span {
        d
    } else {
        d.with_label(
            remote.enabled_by,
            format!("remote JMX is on: {}", remote.enabled_how),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use crate::parse::Syntax;
    use crate::rules::test_support::run_rule;

    fn run(text: &str) -> Vec<String> {
        let file = ("cassandra-env.sh", Syntax::Shell, InputKind::CassandraEnv);
        run_rule(&RULE, file, text, &Settings::default())
    }

    #[test]
    fn remote_without_authentication_or_ssl() {
        let text = "LOCAL_JMX=no\nJMX_PORT=7199\nJVM_OPTS=\"$JVM_OPTS -Dcassandra.jmx.remote.port=$JMX_PORT\"\nJVM_OPTS=\"$JVM_OPTS -Dcom.sun.management.jmxremote.authenticate=false\"\n";
        assert_eq!(
            run(text),
            vec![
                "4:21 -Dcom.sun.management.jmxremote.authenticate=false | remote JMX on port 7199 is open without authentication: -Dcom.sun.management.jmxremote.authenticate=false",
                "3:21 -Dcassandra.jmx.remote.port=$JMX_PORT | remote JMX on port 7199 is open without SSL: -Dcom.sun.management.jmxremote.ssl is not set, and Cassandra's JMX server uses SSL only when it is true",
            ]
        );
        assert!(
            run("LOCAL_JMX=yes\nJVM_OPTS=\"$JVM_OPTS -Dcassandra.jmx.remote.port=7199\"\n")
                .is_empty()
        );
    }
}
