//! ## What it does
//! Reports passwords, tokens and keys written into a template where anyone who
//! can read the template or describe the stack sees them:
//!
//! - secret properties (RDS, DocumentDB and Redshift `MasterUserPassword`, DMS
//!   endpoint passwords, ElastiCache `AuthToken` and user `Passwords` (EMR
//!   `KerberosAttributes` passwords are reported by EMR040), Firehose Splunk HEC tokens, HTTP
//!   endpoint access keys, Redshift and Snowflake credentials, Directory
//!   Service `Password`, IAM user `LoginProfile.Password`, Amazon MQ user
//!   passwords, OpenSearch master user passwords) given as a literal, or as a
//!   parameter without `NoEcho: true`, or as a `NoEcho` parameter whose
//!   `Default` writes the secret into the template;
//! - ECS container `Environment` entries, Lambda and SAM function
//!   `Environment.Variables` whose name says secret (`PASSWORD`, `SECRET`,
//!   `TOKEN`, `API_KEY`, `PRIVATE_KEY` …), or whose value has the shape of a
//!   credential whatever the name (an AWS access key id, a private key,
//!   GitHub, GitLab, Slack, Stripe, Google API or npm tokens, a Slack
//!   webhook URL, a URL with a password such as `postgres://app:pw@db/app`),
//!   and whose value is a
//!   literal or a parameter without `NoEcho` (for ECS, also a `NoEcho`
//!   parameter: the task definition stores environment values in clear);
//! - `UserData` of instances, launch templates and launch configurations that
//!   holds an AWS access key id, a private key, or a `password=` literal, or
//!   that interpolates a password-named parameter (user data is readable by
//!   anyone allowed `ec2:DescribeInstanceAttribute`, whatever `NoEcho` says).
//!
//! A dynamic reference (`{{resolve:secretsmanager:…}}`, `{{resolve:ssm-secure:…}}`)
//! is the fix, never a finding (a plain `{{resolve:ssm:…}}` String parameter
//! is: it stores the secret unencrypted); so is a value computed at deploy time (an
//! `Fn::GetAtt`, an imported value). With `Fn::If` the message says in which
//! branch the value is plain.
//!
//! ## Why is this bad?
//! Templates live in source control, in S3 buckets and in the CloudFormation
//! console; parameters without `NoEcho` are returned by `DescribeStacks` to
//! anyone with read access. A literal password is shared by every stack made
//! from the template and is never rotated.
//!
//! ## Example
//! ```yaml
//! Db:
//!   Type: AWS::RDS::DBInstance
//!   Properties:
//!     Engine: postgres
//!     MasterUsername: admin
//!     MasterUserPassword: hunter2hunter2
//! ```
//!
//! ## Fix
//! Let the service manage the secret (`ManageMasterUserPassword: true` for RDS
//! and Redshift), or reference Secrets Manager:
//! `MasterUserPassword: '{{resolve:secretsmanager:prod/db:SecretString:password}}'`.
//! In containers use `Secrets` (`ValueFrom` an ARN) instead of `Environment`.
//! Read secrets at boot from Secrets Manager instead of user data.
//!
//! ## References
//! - Dynamic references: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html>
//! - Parameters `NoEcho`: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html>
//! - Do not embed credentials in your templates: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/security-best-practices.html#creds>
//! - ECS secrets: <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html>
//! - Instance user data: <https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/user-data.html>

use std::sync::LazyLock;

use regex::Regex;

use super::template;
use crate::cfn::branches::{check_resolved, key, property_path};
use crate::cfn::intrinsics::{intrinsic, sub_variables};
use crate::cfn::template::Parameter;
use crate::cfn::{Resource, Template};
use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::node::is_symbolic;
use crate::parse::{Node, PathSeg, Value};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;
use crate::span::Span;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "CFN301",
        "plaintext-secret",
        Severity::Error,
        &[InputKind::Cloudformation],
        "A password, token or key is written in the template or in a parameter without NoEcho",
        crate::rule_docs!(),
        &["security", "secrets", "cloudformation"],
        Precision::High,
    ),
    check,
};

/// Resource type and the paths (from `Properties`) of its secret properties;
/// `[]` in a path walks every item of a list.
const SECRET_PROPERTIES: &[(&str, &[&str])] = &[
    ("AWS::RDS::DBInstance", &["MasterUserPassword"]),
    ("AWS::RDS::DBCluster", &["MasterUserPassword"]),
    ("AWS::DocDB::DBCluster", &["MasterUserPassword"]),
    ("AWS::Redshift::Cluster", &["MasterUserPassword"]),
    (
        "AWS::DMS::Endpoint",
        &[
            "Password",
            "MongoDbSettings.Password",
            "RedshiftSettings.Password",
            "OracleSettings.AsmPassword",
            "OracleSettings.SecurityDbEncryption",
        ],
    ),
    ("AWS::ElastiCache::ReplicationGroup", &["AuthToken"]),
    ("AWS::ElastiCache::User", &["Passwords[]"]),
    // EMR `KerberosAttributes` passwords are EMR040's (clear-text-secret-in-configuration),
    // which reads them on the API and CloudFormation surfaces alike.
    (
        "AWS::KinesisFirehose::DeliveryStream",
        &[
            "SplunkDestinationConfiguration.HECToken",
            "HttpEndpointDestinationConfiguration.EndpointConfiguration.AccessKey",
            "RedshiftDestinationConfiguration.Password",
            "SnowflakeDestinationConfiguration.PrivateKey",
            "SnowflakeDestinationConfiguration.KeyPassphrase",
        ],
    ),
    ("AWS::DirectoryService::MicrosoftAD", &["Password"]),
    ("AWS::DirectoryService::SimpleAD", &["Password"]),
    ("AWS::IAM::User", &["LoginProfile.Password"]),
    ("AWS::AmazonMQ::Broker", &["Users[].Password"]),
    (
        "AWS::OpenSearchService::Domain",
        &["AdvancedSecurityOptions.MasterUserOptions.MasterUserPassword"],
    ),
    (
        "AWS::Elasticsearch::Domain",
        &["AdvancedSecurityOptions.MasterUserOptions.MasterUserPassword"],
    ),
    (
        "AWS::CodePipeline::Webhook",
        &["AuthenticationConfiguration.SecretToken"],
    ),
    ("AWS::CodeBuild::SourceCredential", &["Token"]),
];

/// Environment variable names that say their value is a secret.
static SECRET_NAME: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)(passw(or)?d|passwd|secret|token|api_?key|private_?key|credential|auth_?key)")
        .ok()
});

/// Names that hold a reference to a secret, not the secret (`DB_PASSWORD_ARN`, `SecretName`).
static REFERENCE_NAME: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)_?(ARN|NAME|ID|PATH|FILE|URL|URI|ENDPOINT|REGION|LENGTH|TTL|HEADER|TYPE|PARAM(ETER)?|KEY_?ID|SSM|EXPIRY|EXPIRATION|ENABLED|LOCATION)$")
        .ok()
});

/// Values that are secrets by their shape, whatever the variable is called:
/// credentials with a documented, distinctive format.
static SECRET_SHAPES: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    [
        (r"\b(AKIA|ASIA)[0-9A-Z]{16}\b", "an AWS access key id"),
        (r"-----BEGIN ([A-Z]+ )*PRIVATE KEY-----", "a private key"),
        (
            r"\b(gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,})\b",
            "a GitHub token",
        ),
        (r"\bglpat-[A-Za-z0-9_-]{20,}", "a GitLab token"),
        (r"\bxox[abposr]-[A-Za-z0-9-]{10,}", "a Slack token"),
        (r"\b[rs]k_live_[A-Za-z0-9]{16,}", "a Stripe secret key"),
        (
            r"\bhooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]{16,}",
            "a Slack webhook URL",
        ),
        (r"\bAIza[0-9A-Za-z_-]{35}\b", "a Google API key"),
        (r"\bnpm_[A-Za-z0-9]{36}\b", "an npm token"),
        // `scheme://user:password@host`; a `$`/`{` password is a placeholder.
        (
            r"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]+:[^/\s@${\x{E000}][^/\s@\x{E000}]*@",
            "a URL with a password",
        ),
    ]
    .into_iter()
    .filter_map(|(re, what)| Regex::new(re).ok().map(|r| (r, what)))
    .collect()
});

/// What kind of credential `text` holds by its shape, if any.
fn secret_shape(text: &str) -> Option<&'static str> {
    SECRET_SHAPES
        .iter()
        .find(|(re, _)| re.is_match(text))
        .map(|(_, what)| *what)
}

/// Secrets in user data: an access key id, a private key block, a literal
/// `password=` assignment (not a shell variable or a command).
static USER_DATA_SECRET: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b((AKIA|ASIA)[0-9A-Z]{16})\b|-----BEGIN ([A-Z]+ )?PRIVATE KEY-----|\b(aws_secret_access_key|[a-z_]*password)\s*[=:]\s*["']?([^\s"'$`{(<%\x{E000}]{6,})"#)
        .ok()
});

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(t) = template(ctx) else { return };
    for res in &t.resources {
        let Some(ty) = res.type_name else { continue };
        let Some(props) = res.properties else {
            continue;
        };
        if let Some((_, paths)) = SECRET_PROPERTIES.iter().find(|(t, _)| *t == ty) {
            check_resolved(&t, res, props, out, |resolved, found| {
                for path in *paths {
                    for (value, segs) in at_path(resolved, path) {
                        let name = segs
                            .iter()
                            .rev()
                            .find_map(|s| match s {
                                PathSeg::Key(k) => Some(k.as_str()),
                                PathSeg::Index(_) => None,
                            })
                            .unwrap_or("");
                        if let Some(d) = secret_value(
                            rule,
                            &t,
                            res,
                            props,
                            value,
                            &segs,
                            &format!("{ty} {} {name}", res.id),
                        ) {
                            found.push(d);
                        }
                    }
                }
            });
        }
        match ty {
            "AWS::ECS::TaskDefinition" => check_resolved(&t, res, props, out, |resolved, found| {
                for (c, container) in resolved
                    .get("ContainerDefinitions")
                    .map(Node::items)
                    .unwrap_or_default()
                    .iter()
                    .enumerate()
                {
                    let cname = container.get("Name").and_then(Node::as_str).unwrap_or("?");
                    for (e, var) in container
                        .get("Environment")
                        .map(Node::items)
                        .unwrap_or_default()
                        .iter()
                        .enumerate()
                    {
                        let (Some(name), Some(value)) =
                            (var.get("Name").and_then(Node::as_str), var.get("Value"))
                        else {
                            continue;
                        };
                        let Some(holds) = holds_secret(name, value) else {
                            continue;
                        };
                        let segs = [
                            key("ContainerDefinitions"),
                            PathSeg::Index(c),
                            key("Environment"),
                            PathSeg::Index(e),
                            key("Value"),
                        ];
                        let subject = format!(
                            "environment variable {name}{holds} of container {cname} in task definition {}",
                            res.id
                        );
                        if let Some(d) = secret_value(rule, &t, res, props, value, &segs, &subject)
                            .or_else(|| {
                                stored_in_task_definition(
                                    rule, &t, res, props, value, &segs, &subject,
                                )
                            })
                        {
                            found.push(d);
                        }
                    }
                }
            }),
            "AWS::Lambda::Function" | "AWS::Serverless::Function" => {
                check_resolved(&t, res, props, out, |resolved, found| {
                    let Some(vars) = resolved.get("Environment").and_then(|e| e.get("Variables"))
                    else {
                        return;
                    };
                    for m in vars.members() {
                        let Some(holds) = holds_secret(&m.key, &m.value) else {
                            continue;
                        };
                        let segs = [key("Environment"), key("Variables"), key(&m.key)];
                        let subject = format!(
                            "environment variable {}{holds} of function {}",
                            m.key, res.id
                        );
                        if let Some(d) =
                            secret_value(rule, &t, res, props, &m.value, &segs, &subject)
                        {
                            found.push(d);
                        }
                    }
                });
            }
            "AWS::EC2::Instance" | "AWS::AutoScaling::LaunchConfiguration" => {
                user_data(
                    rule,
                    &t,
                    res,
                    props.get("UserData"),
                    &[key("UserData")],
                    out,
                );
            }
            "AWS::EC2::LaunchTemplate" => user_data(
                rule,
                &t,
                res,
                props
                    .get("LaunchTemplateData")
                    .and_then(|d| d.get("UserData")),
                &[key("LaunchTemplateData"), key("UserData")],
                out,
            ),
            _ => {}
        }
    }
}

/// Whether an environment variable holds a secret: `Some("")` when its name
/// says so, `Some(" (…)")` naming the credential when its value has the
/// shape of one, `None` otherwise.
fn holds_secret(name: &str, value: &Node) -> Option<String> {
    if secret_name(name) {
        return Some(String::new());
    }
    let text = value.scalar_text()?;
    secret_shape(&text).map(|what| format!(" ({what})"))
}

fn secret_name(name: &str) -> bool {
    let secret = SECRET_NAME.as_ref().is_some_and(|r| r.is_match(name));
    let reference = REFERENCE_NAME.as_ref().is_some_and(|r| r.is_match(name));
    secret && !reference
}

/// The values at a dotted path (`a.b`, `Users[].Password`), with their segments.
fn at_path<'n>(node: &'n Node, path: &str) -> Vec<(&'n Node, Vec<PathSeg>)> {
    let mut current: Vec<(&Node, Vec<PathSeg>)> = vec![(node, Vec::new())];
    for part in path.split('.') {
        let (name, each) = match part.strip_suffix("[]") {
            Some(n) => (n, true),
            None => (part, false),
        };
        let mut next = Vec::new();
        for (n, segs) in current {
            let Some(child) = n.get(name) else { continue };
            let mut s = segs.clone();
            s.push(key(name));
            if each {
                for (i, item) in child.items().iter().enumerate() {
                    let mut s2 = s.clone();
                    s2.push(PathSeg::Index(i));
                    next.push((item, s2));
                }
            } else {
                next.push((child, s));
            }
        }
        current = next;
    }
    current
}

/// The raw node of the template that a resolved value at `span` came from.
fn raw_at(raw: &Node, span: Span) -> Option<&Node> {
    let mut stack = vec![raw];
    while let Some(n) = stack.pop() {
        if n.span == span {
            return Some(n);
        }
        if n.span.start <= span.start && span.end <= n.span.end {
            match &n.value {
                Value::Object(members) => stack.extend(members.iter().map(|m| &m.value)),
                Value::Array(items) => stack.extend(items.iter()),
                _ => {}
            }
        }
    }
    None
}

/// The template parameters a raw value refers to (`Ref`, `${Param}` in `Fn::Sub`).
fn parameters_in<'t, 'a>(t: &'t Template<'a>, raw: &Node) -> Vec<&'t Parameter<'a>> {
    let mut names: Vec<String> = Vec::new();
    let mut stack = vec![raw];
    while let Some(n) = stack.pop() {
        if let Some((func, arg)) = intrinsic(n) {
            match func {
                "Ref" => {
                    if let Some(name) = arg.as_str() {
                        names.push(name.to_string());
                    }
                    continue;
                }
                "Fn::Sub" => {
                    let text = arg
                        .as_str()
                        .or_else(|| arg.items().first().and_then(Node::as_str))
                        .unwrap_or("");
                    names.extend(sub_variables(text).into_iter().map(str::to_string));
                }
                "Fn::GetAtt" | "Fn::ImportValue" => continue,
                _ => {}
            }
        }
        match &n.value {
            Value::Object(members) => stack.extend(members.iter().map(|m| &m.value)),
            Value::Array(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
    names.sort();
    names.dedup();
    names.iter().filter_map(|n| t.parameter(n)).collect()
}

fn is_dynamic_secure(text: &str) -> bool {
    text.contains("{{resolve:secretsmanager:") || text.contains("{{resolve:ssm-secure:")
}

/// A finding for one secret value, resolved in one scenario, or `None` when
/// it is safe or unknown.
fn secret_value(
    rule: &RuleMeta,
    t: &Template<'_>,
    res: &Resource<'_>,
    props: &Node,
    value: &Node,
    segs: &[PathSeg],
    subject: &str,
) -> Option<Diagnostic> {
    let text = value.scalar_text()?;
    if is_dynamic_secure(&text) {
        return None;
    }
    let path = property_path(res.id, segs);
    if text.contains("{{resolve:ssm:") {
        return Some(
            Diagnostic::new(
                rule,
                value.span,
                format!("{subject} comes from a plain SSM parameter ({{{{resolve:ssm:…}}}}), stored unencrypted and readable with ssm:GetParameter"),
            )
            .with_logical_path(path)
            .with_help("keep the secret in a SecureString parameter ({{resolve:ssm-secure:…}}) or in Secrets Manager ({{resolve:secretsmanager:…}})"),
        );
    }
    let raw = raw_at(props, value.span);
    let params = raw.map(|r| parameters_in(t, r)).unwrap_or_default();
    if let Some(p) = params.iter().find(|p| !p.no_echo && !p.is_ssm()) {
        return Some(
            Diagnostic::new(
                rule,
                value.span,
                format!(
                    "{subject} comes from parameter {} without NoEcho: DescribeStacks and the console show it",
                    p.name
                ),
            )
            .with_label(p.name_span, "the parameter")
            .with_logical_path(path)
            .with_help("set NoEcho: true on the parameter, or better use a {{resolve:secretsmanager:…}} dynamic reference"),
        );
    }
    if let Some((p, default)) = params
        .iter()
        .find_map(|p| Some((p, p.default?)).filter(|(p, _)| p.no_echo))
        .filter(|(_, d)| d.scalar_text().is_some_and(|s| !s.trim().is_empty()))
    {
        return Some(
            Diagnostic::new(
                rule,
                value.span,
                format!(
                    "{subject} comes from NoEcho parameter {} whose Default writes the secret into the template",
                    p.name
                ),
            )
            .with_label(default.span, "the default")
            .with_logical_path(path)
            .with_help("remove the Default, or use a {{resolve:secretsmanager:…}} dynamic reference"),
        );
    }
    if !params.is_empty() || is_symbolic(&text) || text.trim().is_empty() {
        return None;
    }
    Some(
        Diagnostic::new(
            rule,
            value.span,
            format!("{subject} is written in the template as a literal"),
        )
        .with_logical_path(path)
        .with_help("use a {{resolve:secretsmanager:…}} dynamic reference (or a service-managed secret) instead of a literal"),
    )
}

/// A container environment value taken from `NoEcho` parameters: hidden from
/// `DescribeStacks`, but stored in clear in the task definition.
fn stored_in_task_definition(
    rule: &RuleMeta,
    t: &Template<'_>,
    res: &Resource<'_>,
    props: &Node,
    value: &Node,
    segs: &[PathSeg],
    subject: &str,
) -> Option<Diagnostic> {
    let raw = raw_at(props, value.span)?;
    let params = parameters_in(t, raw);
    let p = params.iter().find(|p| p.no_echo && !p.is_ssm())?;
    Some(
        Diagnostic::new(
            rule,
            value.span,
            format!(
                "{subject} comes from NoEcho parameter {}, but the task definition stores it in clear: anyone allowed ecs:DescribeTaskDefinition reads it",
                p.name
            ),
        )
        .with_label(p.name_span, "the parameter")
        .with_logical_path(property_path(res.id, segs))
        .with_help("pass the secret in the container's Secrets (ValueFrom a Secrets Manager secret or SSM SecureString parameter ARN) instead of Environment"),
    )
}

/// Secrets in user data (resolved per branch).
fn user_data(
    rule: &RuleMeta,
    t: &Template<'_>,
    res: &Resource<'_>,
    raw: Option<&Node>,
    segs: &[PathSeg],
    out: &mut Vec<Diagnostic>,
) {
    let Some(raw) = raw else { return };
    let path = property_path(res.id, segs);
    let password_params: Vec<&Parameter<'_>> = parameters_in(t, raw)
        .into_iter()
        .filter(|p| !p.is_ssm() && secret_name(p.name))
        .collect();
    if let Some(p) = password_params.first() {
        let names: Vec<&str> = password_params.iter().map(|p| p.name).collect();
        out.push(
            Diagnostic::new(
                rule,
                raw.span,
                format!(
                    "user data of {} interpolates secret parameter{} {}: anyone allowed ec2:DescribeInstanceAttribute reads it{}",
                    res.id,
                    if names.len() > 1 { "s" } else { "" },
                    names.join(", "),
                    if p.no_echo { "" } else { ", and without NoEcho DescribeStacks shows it too" }
                ),
            )
            .with_label(p.name_span, "the parameter")
            .with_logical_path(path.clone())
            .with_help("read the secret at boot from Secrets Manager or SSM Parameter Store (SecureString) with the instance role"),
        );
        return;
    }
    check_resolved(t, res, raw, out, |resolved, found| {
        let Some(text) = resolved.scalar_text() else {
            return;
        };
        let Some(re) = USER_DATA_SECRET.as_ref() else {
            return;
        };
        let Some(m) = re.find(&text) else { return };
        let what = if m.as_str().starts_with("-----") {
            "a private key".to_string()
        } else if m.as_str().starts_with("AKIA") || m.as_str().starts_with("ASIA") {
            "an AWS access key id".to_string()
        } else {
            let name = m.as_str().split(['=', ':']).next().unwrap_or("").trim();
            format!("a literal {name}")
        };
        found.push(
            Diagnostic::new(rule, resolved.span, format!("user data of {} holds {what}", res.id))
                .with_logical_path(path.clone())
                .with_help("read the secret at boot from Secrets Manager or SSM Parameter Store (SecureString) with the instance role"),
        );
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names_but_not_references_to_secrets() {
        for name in [
            "DB_PASSWORD",
            "ApiKey",
            "GITHUB_TOKEN",
            "client_secret",
            "PRIVATE_KEY",
            "AdminPasswd",
        ] {
            assert!(secret_name(name), "{name}");
        }
        for name in [
            "DB_PASSWORD_ARN",
            "SecretName",
            "TOKEN_PARAMETER",
            "AWS_ACCESS_KEY_ID",
            "SECRET_ID",
            "PasswordLength",
            "LOG_LEVEL",
        ] {
            assert!(!secret_name(name), "{name}");
        }
    }

    #[test]
    fn secret_shaped_values() {
        for (text, what) in [
            ("AKIAIOSFODNN7EXAMPLE", "an AWS access key id"),
            (
                "postgres://app:s3cr3t@db.internal:5432/app",
                "a URL with a password",
            ),
            ("ghp_0123456789abcdefghijABCDEFGHIJ012345", "a GitHub token"),
            ("sk_live_4eC39HqLyjWDarjtT1zdp7dc", "a Stripe secret key"),
            ("xoxb-1234567890-abcdefghij", "a Slack token"),
        ] {
            assert_eq!(secret_shape(text), Some(what), "{text}");
        }
        for text in [
            "postgres://app@db.internal:5432/app",
            "postgres://app:${DB_PASSWORD}@db.internal/app",
            "https://example.com:8443/path",
            "http://user:$PASS@host/",
            "AKIA-not-a-key",
            "info",
        ] {
            assert_eq!(secret_shape(text), None, "{text}");
        }
    }

    #[test]
    fn user_data_patterns() {
        let Some(re) = USER_DATA_SECRET.as_ref() else {
            panic!("the user data pattern does not compile");
        };
        assert!(re.is_match("export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE"));
        assert!(re.is_match("-----BEGIN RSA PRIVATE KEY-----"));
        assert!(re.is_match("mysql_password=Sup3rS3cret"));
        assert!(!re.is_match("password=$(aws secretsmanager get-secret-value)"));
        assert!(!re.is_match("password=${DbPassword}"));
        assert!(!re.is_match("password=\u{E000}"));
    }
}
