//! Rules for Amazon EMR: security configurations and their EMRFS role
//! mappings (structure, order, security), and `Configurations` (secrets,
//! LDAP transport, the API's and CloudFormation's spelling of properties).
//!
//! Each rule exposes a function over the typed model
//! (`check_security_configuration`, `check_cluster`) and runs it on files of
//! the EMR kinds and on templates: every `AWS::EMR::SecurityConfiguration`
//! (its `SecurityConfiguration`, an object or a JSON string) and the
//! `Configurations` and `KerberosAttributes` of `AWS::EMR::Cluster`,
//! `AWS::EMR::InstanceGroupConfig` and `AWS::EMR::InstanceFleetConfig`,
//! resolved in each scenario of the template's conditions, on
//! `Surface::CloudFormation`. In templates, the structure of `Configurations`
//! is left to the CloudFormation schema rules.

pub mod at_rest_encryption_disabled;
pub mod clear_text_secret;
pub mod emrfs_authorization_without_kerberos;
pub mod imdsv1_allowed;
pub mod in_transit_encryption_disabled;
pub mod incomplete_encryption_settings;
pub mod incomplete_role_mapping;
pub mod insecure_ldap_url;
pub mod instance_role_grants_s3_data_access;
pub mod invalid_emr_value;
pub mod invalid_identifier_type;
pub mod invalid_mapping_identifier;
pub mod mapped_role_does_not_trust_instance_role;
pub mod misplaced_configuration_properties;
pub mod over_broad_emrfs_role;
pub mod prefix_mapping_before_identity_mapping;
pub mod role_not_iam_role_arn;
pub mod unknown_emr_field;
pub mod unreachable_role_mapping;

use crate::cfn::branches::check_resolved;
use crate::cfn::{Branches, Resolver, Template};
use crate::diagnostic::Diagnostic;
pub use crate::emr::document::Document;
use crate::emr::roles::RoleSet;
use crate::emr::template_roles::TemplateIam;
use crate::emr::{ClusterSettings, SecurityConfiguration, Surface};
use crate::parse::Node;
use crate::rules::FileContext;
use crate::source::InputKind;

/// The security configuration document of an `emr-security-configuration` file.
#[must_use]
pub fn security_configuration_document<'a>(ctx: &FileContext<'a>) -> Option<Document<'a>> {
    if ctx.kind != Some(InputKind::EmrSecurityConfiguration) {
        return None;
    }
    crate::emr::document::locate(ctx.root?, ctx.text, &ctx.settings.limits)
}

/// Runs `f` on the file's security configuration, when it has one that parsed.
pub fn with_security_configuration(
    ctx: &FileContext<'_>,
    f: impl FnOnce(&SecurityConfiguration<'_>),
) {
    let Some(doc) = security_configuration_document(ctx) else {
        return;
    };
    if let Some((root, base)) = doc.root() {
        f(&SecurityConfiguration::new(root, Surface::Api, base));
    }
}

/// Runs `f` on the cluster settings of an `emr-configurations` file.
pub fn with_cluster(ctx: &FileContext<'_>, f: impl FnOnce(&ClusterSettings<'_>)) {
    if ctx.kind != Some(InputKind::EmrConfigurations) {
        return;
    }
    if let Some(root) = ctx.root {
        f(&ClusterSettings::new(root, Surface::Api, "$"));
    }
}

/// The EMR resources of a CloudFormation template that carry `Configurations`.
const CLUSTER_TYPES: &[&str] = &[
    "AWS::EMR::Cluster",
    "AWS::EMR::InstanceGroupConfig",
    "AWS::EMR::InstanceFleetConfig",
];

/// " (the default of parameter X)" when the value at `span` was written as a
/// `Ref` to a parameter with a default, " (parameter X)" for one without.
fn parameter_origin(template: &Template<'_>, raw: &Node, span: crate::span::Span) -> String {
    let mut stack = vec![raw];
    while let Some(n) = stack.pop() {
        if n.span == span {
            let Some(("Ref", arg)) = crate::cfn::intrinsic(n) else {
                return String::new();
            };
            return match arg.as_str().and_then(|name| template.parameter(name)) {
                Some(p) if p.default.is_some() => format!(" (the default of parameter {})", p.name),
                Some(p) => format!(" (parameter {})", p.name),
                None => String::new(),
            };
        }
        if n.span.start <= span.start && span.end <= n.span.end {
            match &n.value {
                crate::parse::Value::Object(members) => {
                    stack.extend(members.iter().map(|m| &m.value));
                }
                crate::parse::Value::Array(items) => stack.extend(items.iter()),
                _ => {}
            }
        }
    }
    String::new()
}

/// Runs `check` on the resolved `node` of `resource` in each scenario of the
/// template's conditions, merges the findings, and says where a value that
/// came from a parameter's default was written.
fn each_resolved(
    template: &Template<'_>,
    resource: &crate::cfn::Resource<'_>,
    node: &Node,
    out: &mut Vec<Diagnostic>,
    check: impl FnMut(&Node, &mut Vec<Diagnostic>),
) {
    let mut found = Vec::new();
    check_resolved(template, resource, node, &mut found, check);
    for mut d in found {
        d.message
            .push_str(&parameter_origin(template, node, d.span));
        out.push(d);
    }
}

/// Runs `check` on the document of every `AWS::EMR::SecurityConfiguration`
/// of a template (its `SecurityConfiguration` property, an object or a JSON
/// string), resolved per scenario.
pub fn each_template_document(
    ctx: &FileContext<'_>,
    out: &mut Vec<Diagnostic>,
    mut check: impl FnMut(&Document<'_>, &mut Vec<Diagnostic>),
) {
    if ctx.kind != Some(InputKind::Cloudformation) {
        return;
    }
    let Some(root) = ctx.root else { return };
    let template = Template::new(root);
    for resource in template
        .resources
        .iter()
        .filter(|r| r.is("AWS::EMR::SecurityConfiguration"))
    {
        let Some(raw) = resource.prop("SecurityConfiguration") else {
            continue;
        };
        let base = format!("{}.SecurityConfiguration", resource.properties_path());
        each_resolved(&template, resource, raw, out, |resolved, found| {
            let document = if resolved.as_str().is_some() {
                let Some(parsed) = crate::parse::embedded::parse_json_in_string(
                    resolved,
                    ctx.text,
                    &ctx.settings.limits,
                ) else {
                    return;
                };
                Document::Embedded {
                    string: resolved,
                    parsed,
                    base: base.clone(),
                }
            } else {
                Document::Tree {
                    root: resolved,
                    base: base.clone(),
                }
            };
            check(&document, found);
        });
    }
}

/// Runs `check` on every `AWS::EMR::SecurityConfiguration` of a template, as
/// a model on the CloudFormation surface.
pub fn each_template_security_configuration(
    ctx: &FileContext<'_>,
    out: &mut Vec<Diagnostic>,
    mut check: impl FnMut(&SecurityConfiguration<'_>, &mut Vec<Diagnostic>),
) {
    each_template_document(ctx, out, |document, found| {
        if let Some((root, base)) = document.root() {
            check(
                &SecurityConfiguration::new(root, Surface::CloudFormation, base),
                found,
            );
        }
    });
}

/// Runs `check` on every `AWS::EMR::SecurityConfiguration` of a template
/// with the roles it concerns: the template's `AWS::IAM::Role` resources
/// (resolved with stand-ins, so that `!GetAtt Role.Arn` in a mapping finds
/// the role), the roles of `[emrfs.roles]`, and as instance role that of each
/// `AWS::EMR::Cluster` using the configuration (else `[emrfs] instance-role`).
/// Each scenario of the `Fn::If`s involved is checked; findings are merged.
pub fn each_template_security_configuration_with_roles(
    ctx: &FileContext<'_>,
    out: &mut Vec<Diagnostic>,
    mut check: impl FnMut(&SecurityConfiguration<'_>, &RoleSet, &mut Vec<Diagnostic>),
) {
    if ctx.kind != Some(InputKind::Cloudformation) {
        return;
    }
    let Some(root) = ctx.root else { return };
    let template = Template::new(root);
    let configurations: Vec<_> = template
        .resources_of("AWS::EMR::SecurityConfiguration")
        .collect();
    if configurations.is_empty() {
        return;
    }
    let iam = TemplateIam::new(
        &template,
        &ctx.path.display().to_string(),
        ctx.text,
        &ctx.settings.limits,
    );
    let configured = RoleSet::from_settings(ctx.settings);
    let relevant: Vec<Node> = iam.relevant_nodes().into_iter().cloned().collect();
    for resource in configurations {
        let Some(raw) = resource.prop("SecurityConfiguration") else {
            continue;
        };
        let base = format!("{}.SecurityConfiguration", resource.properties_path());
        let mut nodes = vec![raw.clone()];
        nodes.extend(relevant.iter().cloned());
        let combined = Node::new(raw.span, crate::parse::Value::Array(nodes));
        let branches = Branches::of(&template, &combined, resource.condition);
        let mut per_scenario = Vec::with_capacity(branches.scenarios.len());
        for scenario in &branches.scenarios {
            let mut found = Vec::new();
            let resolver = Resolver::new(&template, scenario).with_stand_ins(iam.stand_ins());
            if let Some(resolved) = resolver.resolve(raw) {
                let document = if resolved.as_str().is_some() {
                    crate::parse::embedded::parse_json_in_string(
                        &resolved,
                        ctx.text,
                        &ctx.settings.limits,
                    )
                    .map(|parsed| Document::Embedded {
                        string: &resolved,
                        parsed,
                        base: base.clone(),
                    })
                } else {
                    Some(Document::Tree {
                        root: &resolved,
                        base: base.clone(),
                    })
                };
                if let Some((sc_root, sc_base)) = document.as_ref().and_then(Document::root) {
                    let sc = SecurityConfiguration::new(sc_root, Surface::CloudFormation, sc_base);
                    let mut roles = configured.clone();
                    for (role, reference) in iam.roles(&resolver, scenario) {
                        roles.insert_with_reference(role, reference);
                    }
                    let mut instances = iam.instance_roles_of(&resolver, scenario, resource);
                    if instances.is_empty() {
                        instances.push(None);
                    }
                    for instance in instances {
                        let mut with_instance = roles.clone();
                        if instance.is_some() {
                            with_instance.instance_role = instance;
                        }
                        check(&sc, &with_instance, &mut found);
                    }
                }
            }
            let mut seen = std::collections::BTreeSet::new();
            found.retain(|d| seen.insert((d.code.clone(), d.span, d.message.clone())));
            per_scenario.push(found);
        }
        out.extend(crate::cfn::branches::merge(&branches, per_scenario));
    }
}

/// Runs `check` on the `Configurations` (and `KerberosAttributes`) of every
/// EMR cluster, instance group and instance fleet of a template.
pub fn each_template_cluster(
    ctx: &FileContext<'_>,
    out: &mut Vec<Diagnostic>,
    mut check: impl FnMut(&ClusterSettings<'_>, &mut Vec<Diagnostic>),
) {
    if ctx.kind != Some(InputKind::Cloudformation) {
        return;
    }
    let Some(root) = ctx.root else { return };
    let template = Template::new(root);
    for resource in template
        .resources
        .iter()
        .filter(|r| CLUSTER_TYPES.iter().any(|t| r.is(t)))
    {
        let Some(props) = resource.properties else {
            continue;
        };
        let base = resource.properties_path();
        each_resolved(&template, resource, props, out, |resolved, found| {
            check(
                &ClusterSettings::new(resolved, Surface::CloudFormation, &base),
                found,
            );
        });
    }
}

/// Whether the file holds a security configuration: an
/// `emr-security-configuration` file, or a template with an
/// `AWS::EMR::SecurityConfiguration` (so that rules load role policies only then).
#[must_use]
pub fn has_security_configuration(ctx: &FileContext<'_>) -> bool {
    match ctx.kind {
        Some(InputKind::EmrSecurityConfiguration) => true,
        Some(InputKind::Cloudformation) => {
            ctx.root.and_then(|r| r.get("Resources")).is_some_and(|rs| {
                rs.members().iter().any(|m| {
                    m.value.get("Type").and_then(Node::as_str)
                        == Some("AWS::EMR::SecurityConfiguration")
                })
            })
        }
        _ => false,
    }
}

/// Both EMR kinds, and templates with EMR resources.
pub const EMR_KINDS: &[InputKind] = &[
    InputKind::EmrSecurityConfiguration,
    InputKind::EmrConfigurations,
    InputKind::Cloudformation,
];

/// Security configurations (files, and `AWS::EMR::SecurityConfiguration`).
pub const SECURITY_CONFIGURATION_KINDS: &[InputKind] = &[
    InputKind::EmrSecurityConfiguration,
    InputKind::Cloudformation,
];

/// Configurations and cluster requests (files, and EMR cluster resources).
pub const CONFIGURATIONS_KINDS: &[InputKind] =
    &[InputKind::EmrConfigurations, InputKind::Cloudformation];

/// ` (role mapping #N)`-style ordinal for messages: 1-based.
#[must_use]
pub fn ordinal(index: usize) -> String {
    format!("#{}", index + 1)
}

#[cfg(test)]
mod tests {
    //! The rules' model-level entry points on the CloudFormation surface, as a
    //! template rule will call them with a resource's resolved properties.
    use super::*;
    use crate::diagnostic::Diagnostic;
    use crate::parse::{Limits, json::parse_json};

    fn cluster_findings(
        json: &str,
        check: fn(&ClusterSettings<'_>, &mut Vec<Diagnostic>),
    ) -> Vec<String> {
        let root = parse_json(json, &Limits::default())
            .root
            .unwrap_or_default();
        let settings = ClusterSettings::new(
            &root,
            Surface::CloudFormation,
            "Resources.Cluster.Properties",
        );
        let mut out = Vec::new();
        check(&settings, &mut out);
        out.iter()
            .map(|d| format!("{} {}", d.code, d.logical_path.clone().unwrap_or_default()))
            .collect()
    }

    fn sc_findings(
        json: &str,
        check: fn(&SecurityConfiguration<'_>, &mut Vec<Diagnostic>),
    ) -> Vec<String> {
        let root = parse_json(json, &Limits::default())
            .root
            .unwrap_or_default();
        let sc = SecurityConfiguration::new(
            &root,
            Surface::CloudFormation,
            "Resources.SecConf.Properties.SecurityConfiguration",
        );
        let mut out = Vec::new();
        check(&sc, &mut out);
        out.iter()
            .map(|d| format!("{} {}", d.code, d.logical_path.clone().unwrap_or_default()))
            .collect()
    }

    #[test]
    fn cloudformation_takes_configuration_properties() {
        let check = |s: &ClusterSettings<'_>, out: &mut Vec<Diagnostic>| {
            misplaced_configuration_properties::check_cluster(
                &misplaced_configuration_properties::RULE.meta,
                s,
                out,
            );
        };
        assert_eq!(
            cluster_findings(
                r#"{"Configurations": [{"Classification": "hive-site", "Properties": {"a": "b"}}]}"#,
                check
            ),
            vec!["EMR042 Resources.Cluster.Properties.Configurations[0].Properties"]
        );
        assert!(
            cluster_findings(
                r#"{"Configurations": [{"Classification": "hive-site", "ConfigurationProperties": {"a": "b"}}]}"#,
                check
            )
            .is_empty()
        );
    }

    #[test]
    fn template_references_still_reach_describe_cluster_unless_masked() {
        let check = |s: &ClusterSettings<'_>, out: &mut Vec<Diagnostic>| {
            clear_text_secret::check_cluster(&clear_text_secret::RULE.meta, s, out);
        };
        let found = cluster_findings(
            r#"{"Configurations": [{"Classification": "hive-site", "ConfigurationProperties": {
                  "javax.jdo.option.ConnectionPassword": {"Ref": "HivePassword"},
                  "EMR.mask@hive.metastore.other.password": {"Ref": "Other"}}}],
                "KerberosAttributes": {"Realm": "EC2.INTERNAL", "KdcAdminPassword": {"Ref": "KdcPassword"},
                  "ADDomainJoinPassword": "{{resolve:secretsmanager:ad-join}}",
                  "CrossRealmTrustPrincipalPassword": "literal"}}"#,
            check,
        );
        assert_eq!(
            found,
            vec![
                "EMR040 Resources.Cluster.Properties.Configurations[0].ConfigurationProperties['javax.jdo.option.ConnectionPassword']",
                "EMR040 Resources.Cluster.Properties.KerberosAttributes.CrossRealmTrustPrincipalPassword",
            ]
        );
    }

    #[test]
    fn cloudformation_stringifies_scalar_properties() {
        let check = |s: &ClusterSettings<'_>, out: &mut Vec<Diagnostic>| {
            invalid_emr_value::check_cluster(&invalid_emr_value::RULE.meta, s, out);
        };
        assert!(
            cluster_findings(
                r#"{"Configurations": [{"Classification": "hive-site", "ConfigurationProperties": {"hive.metastore.port": 9083, "x": true}}]}"#,
                check
            )
            .is_empty()
        );
    }

    #[test]
    fn a_fallback_that_reads_a_governed_bucket_is_reported() {
        use crate::config::{RoleFiles, Settings};
        use crate::emr::roles::RoleSet;
        let instance = "arn:aws:iam::511586466501:role/EMR_EC2_RestrictedRole";
        let dir = std::path::Path::new("testdata");
        let settings = Settings {
            emrfs_instance_role: Some(instance.to_string()),
            emrfs_roles: vec![
                RoleFiles {
                    arn: instance.to_string(),
                    trust_policy: None,
                    // s3:* on the data-science bucket: a bucket mapping #3 governs.
                    policies: vec![dir.join("seed/emrfs-data-science-role-policy.json")],
                    policies_known: true,
                },
                RoleFiles {
                    arn: "arn:aws:iam::511586466501:role/emrfs_auth_group_role_data_sci"
                        .to_string(),
                    trust_policy: None,
                    policies: vec![dir.join("seed/emrfs-data-science-role-policy.json")],
                    policies_known: true,
                },
            ],
            ..Settings::default()
        };
        let roles = RoleSet::from_settings(&settings);
        let text = include_str!("../../../testdata/seed/emrfs-security-configuration.json");
        let root = parse_json(text, &Limits::default())
            .root
            .unwrap_or_default();
        let sc = SecurityConfiguration::new(&root, Surface::Api, "$");
        let mut out = Vec::new();
        instance_role_grants_s3_data_access::check_security_configuration(
            &instance_role_grants_s3_data_access::RULE.meta,
            &sc,
            &roles,
            &mut out,
        );
        let messages: Vec<&str> = out.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "the instance role EMR_EC2_RestrictedRole, EMRFS's fallback, may use the data of bucket emrfs-auth-data-science-bucket-demo (s3:GetObject, s3:PutObject, s3:DeleteObject), which mapping #3 governs"
            ]
        );
    }

    #[test]
    fn deploy_time_values_are_not_judged() {
        let check = |s: &SecurityConfiguration<'_>, out: &mut Vec<Diagnostic>| {
            role_not_iam_role_arn::check_security_configuration(
                &role_not_iam_role_arn::RULE.meta,
                s,
                out,
            );
            invalid_emr_value::check_security_configuration(&invalid_emr_value::RULE.meta, s, out);
        };
        let found = sc_findings(
            "{\"EncryptionConfiguration\": {\"EnableAtRestEncryption\": {\"Ref\": \"Encrypt\"}},
              \"AuthorizationConfiguration\": {\"EmrFsConfiguration\": {\"RoleMappings\": [
                {\"Role\": {\"Fn::GetAtt\": [\"AnalystsRole\", \"Arn\"]}, \"IdentifierType\": \"User\", \"Identifiers\": [\"a\"]},
                {\"Role\": \"arn:aws:iam::\u{E000}:role/etl\", \"IdentifierType\": \"User\", \"Identifiers\": [\"b\"]},
                {\"Role\": \"etl\", \"IdentifierType\": \"User\", \"Identifiers\": [\"c\"]}]}}}",
            check,
        );
        assert_eq!(
            found,
            vec![
                "EMR005 Resources.SecConf.Properties.SecurityConfiguration.AuthorizationConfiguration.EmrFsConfiguration.RoleMappings[2].Role"
            ]
        );
    }
}
