//! Rules for Amazon EMR: security configurations and their EMRFS role
//! mappings (structure, order, security), and `Configurations` (secrets,
//! LDAP transport, the API's and CloudFormation's spelling of properties).
//!
//! Each rule exposes a function over the typed model
//! (`check_security_configuration`, `check_cluster`) so that a CloudFormation
//! rule can run it on `AWS::EMR::SecurityConfiguration` and `AWS::EMR::Cluster`
//! with `Surface::CloudFormation` and a template path as the base.

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

pub use crate::emr::document::Document;
use crate::emr::{ClusterSettings, SecurityConfiguration, Surface};
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

/// Both EMR kinds.
pub const EMR_KINDS: &[InputKind] = &[
    InputKind::EmrSecurityConfiguration,
    InputKind::EmrConfigurations,
];

/// Security configurations only.
pub const SECURITY_CONFIGURATION_KINDS: &[InputKind] = &[InputKind::EmrSecurityConfiguration];

/// Configurations (and cluster requests) only.
pub const CONFIGURATIONS_KINDS: &[InputKind] = &[InputKind::EmrConfigurations];

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
