//! ## What it does
//! Reports the combinations of authentication settings that Cassandra
//! refuses to start with, in the plain (`authenticator: X`) and the 5.0
//! (`authenticator: {class_name: X}`) forms, with Cassandra's defaults for
//! settings that are absent:
//! - an `authorizer`, `network_authorizer` or `cidr_authorizer` that
//!   enforces permissions (`CassandraAuthorizer`,
//!   `CassandraNetworkAuthorizer`, `CassandraCIDRAuthorizer`) while the
//!   `authenticator` is `AllowAllAuthenticator` (the default);
//! - `PasswordAuthenticator` (or `MutualTlsWithPasswordFallbackAuthenticator`)
//!   with a `role_manager` other than `CassandraRoleManager`;
//! - `MutualTlsAuthenticator` without `parameters.validator_class_name`, or
//!   without client encryption that requires client certificates
//!   (`client_encryption_options.enabled` and `require_client_auth` true).
//!
//! ## Why is this bad?
//! These are checked when the node starts (`AuthConfig.applyAuth`), and the
//! node stops with a `ConfigurationException` such as
//! "AllowAllAuthenticator can't be used with CassandraAuthorizer". Rolling
//! out such a change takes the nodes down one by one. A half-enabled setup
//! is also a sign that the intended protection was never in place.
//!
//! ## Example
//! ```yaml
//! authenticator: AllowAllAuthenticator
//! authorizer: CassandraAuthorizer
//! ```
//!
//! ## Fix
//! ```yaml
//! authenticator: PasswordAuthenticator
//! authorizer: CassandraAuthorizer
//! role_manager: CassandraRoleManager
//! ```
//!
//! ## References
//! - Apache Cassandra, security (authentication and authorization): <https://cassandra.apache.org/doc/latest/cassandra/managing/operating/security.html>
//! - Best Practices for Running Apache Cassandra on Amazon EC2 (Security): <https://aws.amazon.com/blogs/big-data/best-practices-for-running-apache-cassandra-on-amazon-ec2/>
//! - Amazon Keyspaces, authentication (the managed alternative): <https://docs.aws.amazon.com/keyspaces/latest/devguide/programmatic.credentials.html>

use crate::cassandra::ClassSetting;
use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::Value;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "CAS001",
        "auth-startup-conflict",
        Severity::Error,
        &[InputKind::CassandraYaml],
        "Authentication settings that Cassandra refuses to start with",
        crate::rule_docs!(),
        &["security", "authentication", "correctness", "cassandra"],
        Precision::VeryHigh,
    ),
    check,
};

fn finding(rule: &RuleMeta, at: &ClassSetting<'_>, message: String, help: &str) -> Diagnostic {
    Diagnostic::new(rule, at.span_or_start(), message)
        .with_help(help.to_string())
        .with_path(&at.path)
}

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(c) = super::config(ctx) else { return };
    let authenticator = c.class("authenticator");
    let authenticates = !authenticator.is("AllowAllAuthenticator");
    for (key, open) in [
        ("authorizer", "AllowAllAuthorizer"),
        ("network_authorizer", "AllowAllNetworkAuthorizer"),
        ("cidr_authorizer", "AllowAllCIDRAuthorizer"),
    ] {
        let authz = c.class(key);
        if authenticates || authz.is(open) {
            continue;
        }
        let mut d = finding(
            rule,
            &authz,
            format!(
                "{key} {} needs authenticated users, but the authenticator is {}: Cassandra refuses to start (\"{} can't be used with {}\")",
                authz.simple_name(),
                authenticator.simple_name(),
                authenticator.simple_name(),
                authz.simple_name()
            ),
            "enable authentication (authenticator: PasswordAuthenticator, with role_manager: CassandraRoleManager), or keep the AllowAll authorizer until it is enabled",
        );
        if let Some(span) = authenticator.span {
            d = d.with_label(span, "the authenticator");
        }
        out.push(d);
    }
    let role_manager = c.class("role_manager");
    if (authenticator.is("PasswordAuthenticator")
        || authenticator.is("MutualTlsWithPasswordFallbackAuthenticator"))
        && !role_manager.is("CassandraRoleManager")
    {
        let mut d = finding(
            rule,
            &role_manager,
            format!(
                "role_manager {} with {}: Cassandra refuses to start (\"CassandraRoleManager must be used with PasswordAuthenticator\")",
                role_manager.simple_name(),
                authenticator.simple_name()
            ),
            "use role_manager: CassandraRoleManager with password authentication",
        );
        if let Some(span) = authenticator.span {
            d = d.with_label(span, "the authenticator");
        }
        out.push(d);
    }
    if authenticator.is("MutualTlsAuthenticator") {
        mutual_tls(rule, ctx, &authenticator, out);
    }
}

/// `MutualTlsAuthenticator` needs a certificate validator and client TLS
/// that requires client certificates.
fn mutual_tls(
    rule: &RuleMeta,
    ctx: &FileContext<'_>,
    authenticator: &ClassSetting<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(root) = ctx.root else { return };
    // `parameters` is a mapping, or (as in seed_provider) a list of one.
    let validator = root
        .get("authenticator")
        .and_then(|a| a.get("parameters"))
        .and_then(|p| {
            if p.is_array() {
                p.items().first()
            } else {
                Some(p)
            }
        })
        .and_then(|p| p.get("validator_class_name"))
        .and_then(|v| v.scalar_text())
        .is_some_and(|v| !v.trim().is_empty());
    if !validator {
        out.push(finding(
            rule,
            authenticator,
            "MutualTlsAuthenticator without parameters.validator_class_name: Cassandra refuses to start (\"authenticator.parameters.validator_class_name is not set\")".into(),
            "add parameters: {validator_class_name: org.apache.cassandra.auth.SpiffeCertificateValidator} (or your own MutualTlsCertificateValidator)",
        ));
    }
    let client = root.get("client_encryption_options");
    let on = |key: &str| {
        client.and_then(|o| o.get(key)).is_some_and(|v| {
            matches!(&v.value, Value::Bool(true))
                || v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("true"))
        })
    };
    if !(on("enabled") && on("require_client_auth")) {
        let mut d = finding(
            rule,
            authenticator,
            "MutualTlsAuthenticator needs client certificates, but client_encryption_options does not set both enabled and require_client_auth to true: Cassandra refuses to start".into(),
            "set client_encryption_options.enabled: true and require_client_auth: true, with a trust store of the client CA",
        );
        if let Some(m) = root.member("client_encryption_options") {
            d = d.with_label(m.key_span, "client encryption options");
        }
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run;
    use super::*;

    #[test]
    fn authorizers_need_authentication() {
        let got = run(
            &RULE,
            "authorizer: CassandraAuthorizer\nnetwork_authorizer:\n  class_name: CassandraNetworkAuthorizer\n",
        );
        assert_eq!(got.len(), 2, "{got:#?}");
        assert!(got[0].starts_with("1:13 CassandraAuthorizer | authorizer CassandraAuthorizer needs authenticated users, but the authenticator is AllowAllAuthenticator"), "{got:#?}");
        assert!(
            got[1].starts_with("3:15 CassandraNetworkAuthorizer |"),
            "{got:#?}"
        );
        assert!(run(&RULE, "authenticator:\n  class_name: PasswordAuthenticator\nauthorizer: CassandraAuthorizer\n").is_empty());
        assert!(
            run(
                &RULE,
                "authenticator: AllowAllAuthenticator\nauthorizer: AllowAllAuthorizer\n"
            )
            .is_empty()
        );
    }

    #[test]
    fn password_authentication_needs_the_cassandra_role_manager() {
        let got = run(
            &RULE,
            "authenticator: org.apache.cassandra.auth.PasswordAuthenticator\nrole_manager: com.example.LdapRoleManager\n",
        );
        assert_eq!(got.len(), 1, "{got:#?}");
        assert!(got[0].starts_with("2:15 com.example.LdapRoleManager | role_manager LdapRoleManager with PasswordAuthenticator"), "{got:#?}");
        assert!(
            run(&RULE, "authenticator: PasswordAuthenticator\n").is_empty(),
            "the default role manager"
        );
    }

    #[test]
    fn mutual_tls_needs_a_validator_and_client_certificates() {
        let got = run(
            &RULE,
            "authenticator:\n  class_name: MutualTlsAuthenticator\n",
        );
        assert_eq!(got.len(), 2, "{got:#?}");
        let ok = "authenticator:\n  class_name: org.apache.cassandra.auth.MutualTlsAuthenticator\n  parameters:\n    validator_class_name: org.apache.cassandra.auth.SpiffeCertificateValidator\n\
                  client_encryption_options:\n  enabled: true\n  require_client_auth: true\n";
        assert!(run(&RULE, ok).is_empty(), "{:#?}", run(&RULE, ok));
    }
}
