//! ## What it does
//! Reports a password or secret written in clear text in EMR `Configurations`
//! — Hue's LDAP `bind_password`, Hue's database `password`, Hive's
//! `javax.jdo.option.ConnectionPassword`, Oozie's JDBC password, any property
//! whose name contains `password`, `passwd` or `secret` — and the Kerberos
//! passwords of `KerberosAttributes` (`KdcAdminPassword`,
//! `CrossRealmTrustPrincipalPassword`, `ADDomainJoinPassword`).
//!
//! Not reported: properties masked with the `EMR.mask@` key prefix, Secrets
//! Manager references (an `EMR.secret@` annotation, or a secret's ARN as the
//! value), Hadoop credential-provider URIs (`jceks://…`), `${…}` substitutions,
//! `<placeholders>`, empty values, and properties whose name says they hold a
//! file, path, script or class rather than the secret itself
//! (`bind_password_script`, `…password.file`).
//!
//! ## Why is this bad?
//! "The Amazon EMR describe and list API operations that emit custom
//! configuration data (such as DescribeCluster and ListInstanceGroups) do so in
//! plaintext": anyone allowed to describe the cluster reads the password, and
//! the file holding it sits in version control and CI logs. An LDAP bind
//! password usually belongs to a directory service account that can read every
//! user and group.
//!
//! In a CloudFormation template, a Kerberos password from a parameter without
//! `NoEcho` (shown by the console and `describe-stacks`) or from a `NoEcho`
//! parameter's `Default` (written in the template) or from a plain SSM String
//! parameter (`{{resolve:ssm:…}}`, stored unencrypted) is reported too. A `Ref`
//! to a `NoEcho` parameter or a
//! `{{resolve:secretsmanager:…}}` dynamic reference hides a configuration
//! property from the template but not from DescribeCluster, so such a property
//! is reported unless it is masked; for `KerberosAttributes` they are the fix.
//!
//! ## Example
//! ```json
//! [{"Classification": "hue-ini", "Configurations": [{"Classification": "desktop", "Configurations": [
//!   {"Classification": "ldap", "Configurations": [{"Classification": "ldap_servers", "Configurations": [
//!     {"Classification": "corp", "Properties": {"ldap_url": "ldaps://ad.corp.example:636", "bind_password": "Winter2024!"}}]}]}]}]}]
//! ```
//!
//! ## Fix
//! Store the secret in AWS Secrets Manager and reference its ARN as the EMR
//! documentation describes, so EMR fetches it when it configures the cluster;
//! or at least mask the key (`"EMR.mask@bind_password": "…"`) so that describe
//! calls return `********`. Hue can also read the password from a script
//! (`bind_password_script`). In templates, give Kerberos passwords as `NoEcho`
//! parameters or dynamic references.
//!
//! ## References
//! - Store sensitive configuration data in AWS Secrets Manager: <https://docs.aws.amazon.com/emr/latest/ReleaseGuide/storing-sensitive-data.html>
//! - Mask sensitive configuration data: <https://docs.aws.amazon.com/emr/latest/ReleaseGuide/emr-configure-apps-mask.html>
//! - Use an LDAP server for Hue (bind_password): <https://docs.aws.amazon.com/emr/latest/ReleaseGuide/hue-ldap.html>
//! - Using an external MySQL database or Amazon Aurora (Hive metastore password): <https://docs.aws.amazon.com/emr/latest/ReleaseGuide/emr-hive-metastore-external.html>
//! - KerberosAttributes: <https://docs.aws.amazon.com/emr/latest/APIReference/API_KerberosAttributes.html>

use super::{CONFIGURATIONS_KINDS, with_cluster};
use crate::diagnostic::{Diagnostic, Severity};
use crate::emr::configurations::{KERBEROS_PASSWORD_KEYS, property_path};
use crate::emr::{ClusterSettings, Configuration, Surface, is_deploy_time, key, logical_path};
use crate::parse::Member;
use crate::parse::node::is_symbolic;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "EMR040",
        "clear-text-secret-in-configuration",
        Severity::Error,
        CONFIGURATIONS_KINDS,
        "A password or secret in clear text in EMR Configurations or KerberosAttributes",
        crate::rule_docs!(),
        &["security", "secrets", "emr"],
        Precision::High,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    with_cluster(ctx, |c| check_cluster(rule, c, out));
    super::each_template_cluster(ctx, out, |c, found| check_cluster(rule, c, found));
    check_template_parameters(rule, ctx, out);
}

/// Kerberos passwords of a template taken from a parameter without
/// `NoEcho`: CloudFormation shows such a value in the console and in
/// `describe-stacks`.
fn check_template_parameters(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.kind != Some(crate::source::InputKind::Cloudformation) {
        return;
    }
    let Some(root) = ctx.root else { return };
    let template = crate::cfn::Template::new(root);
    for resource in template
        .resources
        .iter()
        .filter(|r| r.is("AWS::EMR::Cluster"))
    {
        let Some(kerberos) = resource.prop("KerberosAttributes") else {
            continue;
        };
        for name in KERBEROS_PASSWORD_KEYS {
            let Some(m) = kerberos.member(name) else {
                continue;
            };
            let Some(("Ref", arg)) = crate::cfn::intrinsic(&m.value) else {
                continue;
            };
            let Some(param) = arg.as_str().and_then(|p| template.parameter(p)) else {
                continue;
            };
            if param.no_echo {
                continue;
            }
            out.push(
                Diagnostic::new(
                    rule,
                    m.value.span,
                    format!(
                        "KerberosAttributes.{name} comes from parameter {}, which is not NoEcho",
                        param.name
                    ),
                )
                .with_label(param.name_span, "no `NoEcho: true` here")
                .with_help("CloudFormation shows the values of parameters without NoEcho in the console and in describe-stacks: set `NoEcho: true`, or use a {{resolve:secretsmanager:…}} dynamic reference")
                .with_logical_path(format!(
                    "{}.KerberosAttributes.{name}",
                    resource.properties_path()
                )),
            );
        }
    }
}

/// The annotation that masks a property in describe output.
pub const MASK_PREFIX: &str = "EMR.mask@";
/// The annotation of a Secrets Manager reference.
pub const SECRET_PREFIX: &str = "EMR.secret@";

/// Secrets with a name worth saying, by classification and key.
const KNOWN: &[(&str, &str, &str)] = &[
    ("hue-ini", "bind_password", "the LDAP bind password of Hue"),
    ("hue-ini", "password", "a Hue password"),
    (
        "hive-site",
        "javax.jdo.option.ConnectionPassword",
        "the Hive metastore database password",
    ),
    (
        "oozie-site",
        "oozie.service.JPAService.jdbc.password",
        "the Oozie database password",
    ),
];

/// Name endings that mean the property holds where or how to get a secret,
/// or a setting about it, not the secret itself.
const NOT_THE_SECRET: &[&str] = &[
    "file",
    "path",
    "script",
    "provider",
    "class",
    "classname",
    "type",
    "enabled",
    "enable",
    "length",
    "policy",
    "alias",
    "pattern",
    "algorithm",
    "command",
    "dir",
    "location",
    "uri",
    "url",
    "name",
    "names",
    "required",
    "ttl",
    "timeout",
    "interval",
    "lifetime",
    "mode",
    "format",
    "hash",
    "prefix",
    "suffix",
    "arn",
    "id",
    "region",
];

/// Whether a property name names a secret.
#[must_use]
pub fn is_secret_key(name: &str) -> bool {
    let lower = name.to_ascii_lowercase().replace("secretsmanager", "");
    if !(lower.contains("password") || lower.contains("passwd") || lower.contains("secret")) {
        return false;
    }
    let last = lower.rsplit(['.', '_', '-']).next().unwrap_or(&lower);
    !NOT_THE_SECRET.iter().any(|s| {
        last == *s
            || (last.len() > s.len()
                && last.ends_with(s)
                && !last.ends_with("password")
                && !last.ends_with("secret"))
    })
}

/// How a value that is not a literal secret keeps the secret out of the file.
fn reference_kind(value: &str) -> Option<&'static str> {
    let v = value.trim();
    if v.is_empty() || v == "true" || v == "false" || v.chars().all(|c| c == '*') {
        return Some("empty");
    }
    if v.starts_with(SECRET_PREFIX)
        || v.starts_with("arn:aws:secretsmanager:")
        || v.starts_with("arn:aws-cn:secretsmanager:")
        || v.starts_with("arn:aws-us-gov:secretsmanager:")
    {
        return Some("secrets-manager");
    }
    if v.starts_with("{{resolve:ssm:") {
        return Some("plain-ssm");
    }
    if v.starts_with("{{resolve:") {
        return Some("dynamic-reference");
    }
    if v.starts_with("jceks://")
        || v.starts_with("localjceks://")
        || v.starts_with("${")
        || (v.starts_with('<') && v.ends_with('>'))
    {
        return Some("indirection");
    }
    None
}

/// Clear-text secrets in configurations and Kerberos attributes.
pub fn check_cluster(rule: &RuleMeta, cluster: &ClusterSettings<'_>, out: &mut Vec<Diagnostic>) {
    for c in cluster.configurations() {
        for (map, p) in c.properties() {
            check_property(rule, cluster.surface, c, map, p, out);
        }
    }
    let Some(k) = cluster.kerberos else { return };
    for name in KERBEROS_PASSWORD_KEYS {
        let Some(m) = k.member(name) else { continue };
        if is_deploy_time(&m.value, cluster.surface) {
            continue;
        }
        let Some(v) = m.value.as_str() else { continue };
        if reference_kind(v) == Some("plain-ssm") {
            out.push(
                Diagnostic::new(
                    rule,
                    m.value.span,
                    format!("KerberosAttributes.{name} comes from a plain SSM String parameter"),
                )
                .with_help("a String parameter is stored unencrypted and readable by anyone allowed ssm:GetParameter: keep the password in Secrets Manager ({{resolve:secretsmanager:…}}) or in a SecureString parameter ({{resolve:ssm-secure:…}})")
                .with_logical_path(logical_path(&cluster.kerberos_path, &[key(name)])),
            );
            continue;
        }
        if is_symbolic(v) || reference_kind(v).is_some() {
            continue;
        }
        let help = match cluster.surface {
            Surface::CloudFormation => {
                "reference a NoEcho parameter without a Default, or a {{resolve:secretsmanager:…}} dynamic reference, instead of writing the password in the template (a parameter's Default is written in the template too)"
            }
            Surface::Api => {
                "keep the password out of the file: fetch it from AWS Secrets Manager when the cluster is launched, or launch through CloudFormation with a NoEcho parameter or a {{resolve:secretsmanager:…}} dynamic reference"
            }
        };
        out.push(
            Diagnostic::new(
                rule,
                m.value.span,
                format!("KerberosAttributes.{name} is written in clear text"),
            )
            .with_help(help)
            .with_logical_path(logical_path(&cluster.kerberos_path, &[key(name)])),
        );
    }
}

fn check_property(
    rule: &RuleMeta,
    surface: Surface,
    c: &Configuration<'_>,
    map: &Member,
    p: &Member,
    out: &mut Vec<Diagnostic>,
) {
    if p.key.starts_with(MASK_PREFIX) || p.key.starts_with(SECRET_PREFIX) || !is_secret_key(&p.key)
    {
        return;
    }
    let deploy_time =
        is_deploy_time(&p.value, surface) || p.value.as_str().is_some_and(is_symbolic);
    let reference = p.value.as_str().and_then(reference_kind);
    let what = describe_secret(c, &p.key);
    let location = c.chain_text();
    let (message, help) = match (deploy_time, reference) {
        (_, Some("empty" | "secrets-manager" | "indirection")) => return,
        (true, _) | (_, Some(_)) => {
            if surface != Surface::CloudFormation {
                return;
            }
            (
                format!(
                    "{what} (\"{}\" in {location}) reaches the EMR API in plaintext",
                    p.key
                ),
                format!(
                    "CloudFormation resolves the reference before calling EMR, and DescribeCluster returns configurations in plaintext: mask the key as \"{MASK_PREFIX}{}\", or store the secret in Secrets Manager and reference its ARN as EMR documents",
                    p.key
                ),
            )
        }
        (false, None) => {
            if p.value.as_str().is_none() {
                return;
            }
            let hue_script = if c.is_under("hue-ini") && p.key.ends_with("password") {
                format!(
                    " Hue can also run a command that prints it: \"{}_script\".",
                    p.key
                )
            } else {
                String::new()
            };
            (
                format!(
                    "{what} (\"{}\" in {location}) is written in clear text",
                    p.key
                ),
                format!(
                    "DescribeCluster and ListInstanceGroups return configurations in plaintext, and this file keeps the secret in version control: store it in AWS Secrets Manager and reference its ARN as EMR documents, or at least mask the key as \"{MASK_PREFIX}{}\" so describe calls show ********.{hue_script}",
                    p.key
                ),
            )
        }
    };
    out.push(
        Diagnostic::new(rule, p.value.span, message)
            .with_label(p.key_span, "secret property")
            .with_help(help)
            .with_logical_path(property_path(c, map, p)),
    );
}

fn describe_secret(c: &Configuration<'_>, name: &str) -> String {
    KNOWN
        .iter()
        .find(|(class, k, _)| c.is_under(class) && *k == name)
        .map_or_else(
            || {
                if name.to_ascii_lowercase().contains("secret") {
                    "a secret".to_string()
                } else {
                    "a password".to_string()
                }
            },
            |(_, _, d)| (*d).to_string(),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names() {
        for yes in [
            "bind_password",
            "javax.jdo.option.ConnectionPassword",
            "oozie.service.JPAService.jdbc.password",
            "password",
            "fs.s3a.secret.key",
            "presto.s3.secret-key",
            "spark.authenticate.secret",
            "ssl.server.keystore.password",
            "fs.s3.awsSecretAccessKey",
        ] {
            assert!(is_secret_key(yes), "{yes}");
        }
        for no in [
            "bind_password_script",
            "hadoop.security.credstore.java-keystore-provider.password-file",
            "hadoop.http.authentication.signature.secret.file",
            "bind_dn",
            "ldap_url",
            "secret_key_script",
            "spark.hadoop.aws.secretsmanager.region",
            "hive.server2.authentication.ldap.passwordFile",
        ] {
            assert!(!is_secret_key(no), "{no}");
        }
    }

    #[test]
    fn references_are_not_clear_text() {
        assert!(
            reference_kind("arn:aws:secretsmanager:us-east-1:111122223333:secret:hue-AbCdEf")
                .is_some()
        );
        assert!(reference_kind("jceks://hdfs/user/hive/creds.jceks").is_some());
        assert!(reference_kind("<YourPassword>").is_some());
        assert!(reference_kind("********").is_some());
        assert!(reference_kind("Abc123456").is_none());
    }
}
