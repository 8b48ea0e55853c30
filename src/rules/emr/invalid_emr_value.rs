//! ## What it does
//! Reports a value of the wrong type or outside its allowed values in an EMR
//! security configuration or `Configurations`: a boolean written as a string,
//! an `EncryptionMode` or Kerberos `Provider` EMR does not have, an instance
//! metadata hop limit outside 1–64, a `SecurityConfiguration` string that is
//! not JSON, a configuration without a `Classification`, or a property value
//! that is not a string.
//!
//! ## Why is this bad?
//! EMR rejects such a security configuration when it is created, or the CLI
//! rejects the cluster request — at deploy time, far from the file. Where a
//! tool coerces the value instead, the result may not be what was meant:
//! `"EnableAtRestEncryption": "false"` is a non-empty string.
//!
//! ## Example
//! ```json
//! {"EncryptionConfiguration": {"EnableAtRestEncryption": "true",
//!   "AtRestEncryptionConfiguration": {"S3EncryptionConfiguration": {"EncryptionMode": "SSE_KMS"}}}}
//! ```
//!
//! ## Fix
//! Use the documented type and spelling: `"EnableAtRestEncryption": true`,
//! `"EncryptionMode": "SSE-KMS"`; in `Properties`, quote every value
//! (`"hive.metastore.port": "9083"`).
//!
//! ## References
//! - Use a security configuration to set up cluster security: <https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-create-security-configuration.html>
//! - Configuration (Amazon EMR API Reference): <https://docs.aws.amazon.com/emr/latest/APIReference/API_Configuration.html>
//! - AWS::EMR::Cluster Configuration: <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-elasticmapreduce-cluster-configuration.html>

use super::{
    Document, EMR_KINDS, security_configuration_document, with_cluster, with_security_configuration,
};
use crate::diagnostic::{Diagnostic, Severity};
use crate::emr::schema::{Departure, SECURITY_CONFIGURATION, check as check_shape};
use crate::emr::{
    ClusterSettings, SecurityConfiguration, Surface, is_deploy_time, key, logical_path,
};
use crate::parse::{ParseIssueKind, Value};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "EMR002",
        "invalid-emr-value",
        Severity::Error,
        EMR_KINDS,
        "A value of the wrong type or not allowed in an EMR security configuration or configuration",
        crate::rule_docs!(),
        &["correctness", "emr"],
        Precision::VeryHigh,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    if let Some(document) = security_configuration_document(ctx) {
        embedded_json_errors(rule, &document, out);
    }
    super::each_template_document(ctx, out, |document, found| {
        embedded_json_errors(rule, document, found);
    });
    with_security_configuration(ctx, |sc| check_security_configuration(rule, sc, out));
    super::each_template_security_configuration(ctx, out, |sc, found| {
        check_security_configuration(rule, sc, found);
    });
    with_cluster(ctx, |c| check_cluster(rule, c, out));
}

/// A security configuration given as a string that is not JSON.
pub fn embedded_json_errors(rule: &RuleMeta, document: &Document<'_>, out: &mut Vec<Diagnostic>) {
    let Document::Embedded {
        string,
        parsed,
        base,
    } = document
    else {
        return;
    };
    // EMR reads the string as strict JSON: comments and trailing commas,
    // which the file parser tolerates, are errors here.
    for issue in parsed
        .issues
        .iter()
        .filter(|i| i.kind != ParseIssueKind::Suspicious)
    {
        let mut d = Diagnostic::new(
            rule,
            issue.span,
            format!(
                "the SecurityConfiguration string is not valid JSON: {}",
                issue.message
            ),
        )
        .with_label(string.span, "the JSON text of the security configuration")
        .with_logical_path(base.clone());
        if let Some(h) = &issue.help {
            d = d.with_help(h.clone());
        }
        out.push(d);
    }
}

/// Types, allowed values and ranges of a security configuration.
pub fn check_security_configuration(
    rule: &RuleMeta,
    sc: &SecurityConfiguration<'_>,
    out: &mut Vec<Diagnostic>,
) {
    for d in check_shape(sc.root, &SECURITY_CONFIGURATION, sc.surface) {
        let diagnostic = match d {
            Departure::UnknownField { .. } => continue,
            Departure::WrongType {
                node,
                field,
                expected,
                path,
            } => {
                let what = if field.is_empty() {
                    "the security configuration".to_string()
                } else {
                    format!("`{field}`")
                };
                let hint = match (expected, node.as_str()) {
                    ("true or false", Some(s @ ("true" | "false"))) => {
                        format!("write {s} without quotes: EMR expects a JSON boolean")
                    }
                    ("a whole number", Some(s)) if s.parse::<i64>().is_ok() => {
                        format!("write {s} without quotes: EMR expects a JSON number")
                    }
                    _ => format!("EMR expects {expected} here"),
                };
                Diagnostic::new(
                    rule,
                    node.span,
                    format!("{what} must be {expected}, not {}", describe(node)),
                )
                .with_help(hint)
                .with_logical_path(sc.path(&path))
            }
            Departure::NotAllowed {
                node,
                field,
                allowed,
                suggestion,
                path,
            } => {
                let got = node.as_str().unwrap_or_default();
                let help = match suggestion {
                    Some(s) => format!("did you mean \"{s}\"? Values are case-sensitive"),
                    None => format!("use one of: {}", allowed.join(", ")),
                };
                Diagnostic::new(
                    rule,
                    node.span,
                    format!(
                        "\"{got}\" is not a valid `{field}` (one of: {})",
                        allowed.join(", ")
                    ),
                )
                .with_help(help)
                .with_logical_path(sc.path(&path))
            }
            Departure::OutOfRange {
                node,
                field,
                min,
                max,
                path,
            } => {
                let range = if max == i64::MAX {
                    format!("a whole number of at least {min}")
                } else {
                    format!("a whole number from {min} to {max}")
                };
                Diagnostic::new(
                    rule,
                    node.span,
                    format!("`{field}` must be {range}, not {}", describe(node)),
                )
                .with_help("EMR rejects the security configuration with this value")
                .with_logical_path(sc.path(&path))
            }
        };
        out.push(diagnostic);
    }
}

fn describe(node: &crate::parse::Node) -> String {
    match &node.value {
        Value::String(s) => format!("the string \"{s}\""),
        Value::Number(n) => n.clone(),
        _ => crate::emr::a_type(node),
    }
}

/// The structure of `Configurations` and `KerberosAttributes`.
pub fn check_cluster(rule: &RuleMeta, cluster: &ClusterSettings<'_>, out: &mut Vec<Diagnostic>) {
    let surface = cluster.surface;
    for list in &cluster.lists {
        if !list.node.is_array() && !is_deploy_time(list.node, surface) {
            out.push(
                Diagnostic::new(
                    rule,
                    list.node.span,
                    format!(
                        "`Configurations` must be a list, not {}",
                        crate::emr::a_type(list.node)
                    ),
                )
                .with_help("write a list of {\"Classification\": …, \"Properties\": {…}} objects")
                .with_logical_path(list.path.clone()),
            );
        }
    }
    for c in cluster.configurations() {
        if !c.node.is_object() {
            if !is_deploy_time(c.node, surface) {
                out.push(
                    Diagnostic::new(
                        rule,
                        c.node.span,
                        format!(
                            "a configuration must be an object, not {}",
                            crate::emr::a_type(c.node)
                        ),
                    )
                    .with_help("write {\"Classification\": \"…\", \"Properties\": {…}}")
                    .with_logical_path(c.path.clone()),
                );
            }
            continue;
        }
        match c.node.member("Classification") {
            None => out.push(
                Diagnostic::new(rule, c.node.span, "a configuration without a `Classification`")
                    .with_help("every configuration names the file it changes, e.g. \"Classification\": \"hive-site\"")
                    .with_logical_path(c.path.clone()),
            ),
            Some(m) if !is_deploy_time(&m.value, surface) => match m.value.as_str() {
                Some(s) if !s.trim().is_empty() => {}
                _ => out.push(
                    Diagnostic::new(
                        rule,
                        m.value.span,
                        "`Classification` must be a non-empty string",
                    )
                    .with_help("name the configuration file or section, e.g. \"hive-site\"")
                    .with_logical_path(logical_path(&c.path, &[key("Classification")])),
                ),
            },
            Some(_) => {}
        }
        if let Some(children) = c.children
            && !children.value.is_array()
            && !is_deploy_time(&children.value, surface)
        {
            out.push(
                Diagnostic::new(
                    rule,
                    children.value.span,
                    format!(
                        "`Configurations` must be a list, not {}",
                        crate::emr::a_type(&children.value)
                    ),
                )
                .with_logical_path(logical_path(&c.path, &[key("Configurations")])),
            );
        }
        for map in &c.property_maps {
            if is_deploy_time(&map.value, surface) {
                continue;
            }
            if !map.value.is_object() {
                out.push(
                    Diagnostic::new(
                        rule,
                        map.value.span,
                        format!(
                            "`{}` must be an object of strings, not {}",
                            map.key,
                            crate::emr::a_type(&map.value)
                        ),
                    )
                    .with_logical_path(logical_path(&c.path, &[key(&map.key)])),
                );
                continue;
            }
            for p in map.value.members() {
                check_property_value(rule, surface, c, map, p, out);
            }
        }
    }
    if let Some(k) = cluster.kerberos
        && !is_deploy_time(k, surface)
    {
        if !k.is_object() {
            out.push(
                Diagnostic::new(
                    rule,
                    k.span,
                    format!(
                        "`KerberosAttributes` must be an object, not {}",
                        crate::emr::a_type(k)
                    ),
                )
                .with_logical_path(cluster.kerberos_path.clone()),
            );
        }
        for m in k.members() {
            if m.value.as_str().is_none() && !is_deploy_time(&m.value, surface) {
                out.push(
                    Diagnostic::new(
                        rule,
                        m.value.span,
                        format!(
                            "`{}` must be a string, not {}",
                            m.key,
                            crate::emr::a_type(&m.value)
                        ),
                    )
                    .with_logical_path(logical_path(&cluster.kerberos_path, &[key(&m.key)])),
                );
            }
        }
    }
}

fn check_property_value(
    rule: &RuleMeta,
    surface: Surface,
    c: &crate::emr::Configuration<'_>,
    map: &crate::parse::Member,
    p: &crate::parse::Member,
    out: &mut Vec<Diagnostic>,
) {
    let v = &p.value;
    let ok = match &v.value {
        Value::String(_) => true,
        // CloudFormation turns numbers and booleans of a string map into strings.
        Value::Number(_) | Value::Bool(_) => surface == Surface::CloudFormation,
        _ => is_deploy_time(v, surface),
    };
    if ok {
        return;
    }
    let help = match v.scalar_text() {
        Some(t) => format!(
            "quote it: \"{}\": \"{t}\" — the EMR API takes property values as strings and the AWS CLI rejects other types",
            p.key
        ),
        None => "property values are strings; nest settings with `Configurations`, not with objects or lists"
            .to_string(),
    };
    out.push(
        Diagnostic::new(
            rule,
            v.span,
            format!(
                "the value of property \"{}\" must be a string, not {}",
                p.key,
                crate::emr::a_type(v)
            ),
        )
        .with_help(help)
        .with_logical_path(crate::emr::configurations::property_path(c, map, p)),
    );
}
