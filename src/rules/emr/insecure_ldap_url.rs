//! ## What it does
//! Reports an `ldap://` URL in EMR `Configurations` where the connection is
//! not protected by verified TLS:
//! - in `hue-ini`, an `ldap_url` with `use_start_tls` set to false (clear
//!   text), or with StartTLS — Hue's default — but no `ldap_cert`, in which
//!   case Hue's LDAP backend does not verify the server's certificate;
//! - in any other classification (Hive's `hive.server2.authentication.ldap.url`,
//!   Hadoop's `hadoop.security.group.mapping.ldap.url`, Trino/Presto's
//!   `ldap.url`, …), an `ldap://` URL unless a sibling property turns on SSL or
//!   StartTLS.
//!
//! ## Why is this bad?
//! LDAP authentication sends the service account's bind password and every
//! user's password to the directory. Over plain `ldap://` they cross the
//! network in clear text; with TLS but no certificate verification, anyone on
//! the path can impersonate the directory and collect them — and decide who
//! logs in.
//!
//! ## Example
//! ```json
//! {"Classification": "AWS", "Properties": {"ldap_url": "ldap://ad.corp.example", "bind_dn": "CN=hue,CN=Users,DC=corp,DC=example"}}
//! ```
//!
//! ## Fix
//! Use `ldaps://` (port 636) and give Hue the directory's CA certificate:
//! `"ldap_url": "ldaps://ad.corp.example:636", "ldap_cert": "/etc/hue/conf/ad-ca.pem"`.
//!
//! ## References
//! - Use an LDAP server for Hue: <https://docs.aws.amazon.com/emr/latest/ReleaseGuide/hue-ldap.html>
//! - Configure Hue for LDAP users: <https://docs.aws.amazon.com/emr/latest/ReleaseGuide/hue-ldap.html#hue-ldap-config>
//! - Hue LDAP settings (`use_start_tls`, `ldap_cert`): <https://docs.gethue.com/administrator/configuration/server/#ldap>
//! - Hadoop LdapGroupsMapping (`hadoop.security.group.mapping.ldap.ssl`): <https://hadoop.apache.org/docs/stable/hadoop-project-dist/hadoop-common/GroupsMapping.html>

use super::{CONFIGURATIONS_KINDS, with_cluster};
use crate::diagnostic::{Diagnostic, Severity};
use crate::emr::configurations::property_path;
use crate::emr::{ClusterSettings, Configuration};
use crate::parse::Member;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "EMR041",
        "insecure-ldap-url",
        Severity::Warning,
        CONFIGURATIONS_KINDS,
        "An ldap:// URL in EMR Configurations without verified TLS",
        crate::rule_docs!(),
        &["security", "encryption", "emr", "ldap"],
        Precision::High,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    with_cluster(ctx, |c| check_cluster(rule, c, out));
    super::each_template_cluster(ctx, out, |c, found| check_cluster(rule, c, found));
}

/// `ldap://` URLs without verified TLS.
pub fn check_cluster(rule: &RuleMeta, cluster: &ClusterSettings<'_>, out: &mut Vec<Diagnostic>) {
    for c in cluster.configurations() {
        for (map, p) in c.properties() {
            let Some(url) = p.value.as_str() else {
                continue;
            };
            if !url.trim_start().to_ascii_lowercase().starts_with("ldap://") {
                continue;
            }
            let finding = if c.is_under("hue-ini") {
                hue(c, p)
            } else {
                other(c, p)
            };
            if let Some((message, help)) = finding {
                out.push(
                    Diagnostic::new(rule, p.value.span, message)
                        .with_help(help)
                        .with_logical_path(property_path(c, map, p)),
                );
            }
        }
    }
}

fn text<'a>(c: &Configuration<'a>, name: &str) -> Option<std::borrow::Cow<'a, str>> {
    c.property(name).and_then(crate::parse::Node::scalar_text)
}

fn is_false(v: &str) -> bool {
    matches!(
        v.trim().to_ascii_lowercase().as_str(),
        "false" | "no" | "off" | "0"
    )
}

fn is_true(v: &str) -> bool {
    matches!(
        v.trim().to_ascii_lowercase().as_str(),
        "true" | "yes" | "on" | "1"
    )
}

fn hue(c: &Configuration<'_>, p: &Member) -> Option<(String, String)> {
    let start_tls = text(c, "use_start_tls");
    let cert = text(c, "ldap_cert").filter(|v| !v.trim().is_empty());
    let server = match c.classification {
        Some("ldap") | None => "LDAP configuration".to_string(),
        Some(name) => format!("LDAP server \"{name}\""),
    };
    if start_tls.as_deref().is_some_and(is_false) {
        return Some((
            format!(
                "Hue's {server} uses {} in clear text (use_start_tls is false)",
                p.key
            ),
            "the bind password and users' passwords cross the network unencrypted: use an ldaps:// URL (port 636) with ldap_cert naming the directory's CA certificate".to_string(),
        ));
    }
    if cert.is_some() {
        return None;
    }
    Some((
        format!(
            "Hue's {server} uses an ldap:// URL, and without ldap_cert its StartTLS does not verify the server's certificate"
        ),
        "Hue upgrades ldap:// with StartTLS by default but, when ldap_cert is unset, accepts any certificate, so the bind password and users' passwords can be intercepted: use ldaps:// (port 636) and set ldap_cert to the directory's CA certificate".to_string(),
    ))
}

fn other(c: &Configuration<'_>, p: &Member) -> Option<(String, String)> {
    let tls_sibling = c.properties().any(|(_, q)| {
        let k = q.key.to_ascii_lowercase();
        let marks_tls = k.ends_with(".ssl")
            || k.ends_with("use.ssl")
            || k.contains("starttls")
            || k.contains("start_tls")
            || k.contains("start-tls");
        marks_tls && q.value.scalar_text().is_some_and(|v| is_true(&v))
    });
    if tls_sibling {
        return None;
    }
    Some((
        format!(
            "\"{}\" in {} is an ldap:// URL: LDAP without TLS",
            p.key,
            c.chain_text()
        ),
        "LDAP binds send passwords to the directory; over ldap:// they cross the network in clear text: use ldaps:// (port 636), with the directory's CA certificate in the trust store".to_string(),
    ))
}
