//! The typed view of an EMR security configuration: its encryption,
//! authentication and authorization parts, and the EMRFS role mappings.

use super::emrfs::IdentifierType;
use super::{Surface, is_deploy_time, key};
use crate::parse::{Member, Node, PathSeg};

/// A security configuration document (the JSON of
/// `aws emr create-security-configuration --security-configuration`, or the
/// `SecurityConfiguration` property of `AWS::EMR::SecurityConfiguration`).
#[derive(Debug)]
pub struct SecurityConfiguration<'a> {
    pub root: &'a Node,
    pub surface: Surface,
    /// The logical path of `root` (`$`, `$.SecurityConfiguration`, or a template path).
    pub base: String,
    pub encryption: Option<Encryption<'a>>,
    /// `AuthenticationConfiguration`.
    pub authentication: Option<&'a Member>,
    /// `AuthenticationConfiguration.KerberosConfiguration`.
    pub kerberos: Option<&'a Member>,
    /// `AuthenticationConfiguration.IdentityCenterConfiguration`.
    pub identity_center: Option<&'a Member>,
    /// `AuthorizationConfiguration`.
    pub authorization: Option<&'a Member>,
    /// `AuthorizationConfiguration.EmrFsConfiguration`.
    pub emrfs: Option<&'a Member>,
    /// `…EmrFsConfiguration.RoleMappings`, when present.
    pub role_mappings_member: Option<&'a Member>,
    pub role_mappings: Vec<RoleMapping<'a>>,
    /// `InstanceMetadataServiceConfiguration`.
    pub imds: Option<&'a Member>,
}

/// A boolean switch with the member that set it, if any.
#[derive(Debug, Clone, Copy)]
pub struct Switch<'a> {
    pub member: Option<&'a Member>,
    /// The value: `None` when absent or not a boolean (EMR's default is false).
    pub value: Option<bool>,
}

impl Switch<'_> {
    /// On as EMR reads it: omitted means false.
    #[must_use]
    pub fn is_on(&self) -> bool {
        self.value == Some(true)
    }

    /// Set to something only known at deploy time.
    #[must_use]
    pub fn is_unknown(&self, surface: Surface) -> bool {
        self.member
            .is_some_and(|m| is_deploy_time(&m.value, surface))
    }
}

/// `EncryptionConfiguration`.
#[derive(Debug)]
pub struct Encryption<'a> {
    pub member: &'a Member,
    pub at_rest_enabled: Switch<'a>,
    pub in_transit_enabled: Switch<'a>,
    /// `AtRestEncryptionConfiguration`.
    pub at_rest: Option<&'a Member>,
    /// `AtRestEncryptionConfiguration.S3EncryptionConfiguration`.
    pub s3: Option<&'a Member>,
    /// `AtRestEncryptionConfiguration.LocalDiskEncryptionConfiguration`.
    pub local_disk: Option<&'a Member>,
    /// `InTransitEncryptionConfiguration`.
    pub in_transit: Option<&'a Member>,
    /// `InTransitEncryptionConfiguration.TLSCertificateConfiguration`.
    pub tls: Option<&'a Member>,
}

/// One entry of `RoleMappings`.
#[derive(Debug)]
pub struct RoleMapping<'a> {
    /// Position in the list, from 0.
    pub index: usize,
    pub node: &'a Node,
    pub role: Option<&'a Member>,
    pub identifier_type: Option<&'a Member>,
    /// The type, when `IdentifierType` is exactly `User`, `Group` or `Prefix`.
    pub kind: Option<IdentifierType>,
    pub identifiers: Option<&'a Member>,
    /// The string identifiers, with their positions in the list.
    pub ids: Vec<Identifier<'a>>,
}

/// One string of a mapping's `Identifiers`.
#[derive(Debug, Clone, Copy)]
pub struct Identifier<'a> {
    pub index: usize,
    pub node: &'a Node,
    pub value: &'a str,
}

impl<'a> RoleMapping<'a> {
    /// The role ARN as written, when it is a string.
    #[must_use]
    pub fn role_arn(&self) -> Option<&'a str> {
        self.role.and_then(|m| m.value.as_str())
    }

    /// A short name for messages: `mapping #2 (Group grp_data_engineering)`.
    #[must_use]
    pub fn describe(&self) -> String {
        let kind = self
            .identifier_type
            .and_then(|m| m.value.as_str())
            .unwrap_or("?");
        let ids: Vec<&str> = self.ids.iter().map(|i| i.value).collect();
        format!("mapping #{} ({kind} {})", self.index + 1, ids.join(", "))
    }
}

fn member<'a>(node: &'a Node, name: &str) -> Option<&'a Member> {
    node.member(name)
}

fn child<'a>(parent: Option<&'a Member>, name: &str) -> Option<&'a Member> {
    parent.and_then(|m| member(&m.value, name))
}

fn switch<'a>(parent: &'a Member, name: &str) -> Switch<'a> {
    let m = member(&parent.value, name);
    Switch {
        member: m,
        value: m.and_then(|m| m.value.as_bool()),
    }
}

impl<'a> SecurityConfiguration<'a> {
    /// The typed view of `root`, whatever its shape (a non-object gives an
    /// empty view; the structure rules report it).
    #[must_use]
    pub fn new(root: &'a Node, surface: Surface, base: &str) -> SecurityConfiguration<'a> {
        let encryption = member(root, "EncryptionConfiguration").map(|m| {
            let at_rest = member(&m.value, "AtRestEncryptionConfiguration");
            let in_transit = member(&m.value, "InTransitEncryptionConfiguration");
            Encryption {
                member: m,
                at_rest_enabled: switch(m, "EnableAtRestEncryption"),
                in_transit_enabled: switch(m, "EnableInTransitEncryption"),
                at_rest,
                s3: child(at_rest, "S3EncryptionConfiguration"),
                local_disk: child(at_rest, "LocalDiskEncryptionConfiguration"),
                in_transit,
                tls: child(in_transit, "TLSCertificateConfiguration"),
            }
        });
        let authentication = member(root, "AuthenticationConfiguration");
        let authorization = member(root, "AuthorizationConfiguration");
        let emrfs = child(authorization, "EmrFsConfiguration");
        let role_mappings_member = child(emrfs, "RoleMappings");
        let role_mappings = role_mappings_member
            .map(|m| {
                m.value
                    .items()
                    .iter()
                    .enumerate()
                    .map(|(index, node)| RoleMapping::new(index, node))
                    .collect()
            })
            .unwrap_or_default();
        SecurityConfiguration {
            root,
            surface,
            base: base.to_string(),
            encryption,
            authentication,
            kerberos: child(authentication, "KerberosConfiguration"),
            identity_center: child(authentication, "IdentityCenterConfiguration"),
            authorization,
            emrfs,
            role_mappings_member,
            role_mappings,
            imds: member(root, "InstanceMetadataServiceConfiguration"),
        }
    }

    /// The logical path of a node given by its path below the root.
    #[must_use]
    pub fn path(&self, rel: &[PathSeg]) -> String {
        super::logical_path(&self.base, rel)
    }

    /// The path of role mapping `index`, plus `tail`.
    #[must_use]
    pub fn mapping_path(&self, index: usize, tail: &[PathSeg]) -> String {
        let mut rel = vec![
            key("AuthorizationConfiguration"),
            key("EmrFsConfiguration"),
            key("RoleMappings"),
            PathSeg::Index(index),
        ];
        rel.extend_from_slice(tail);
        self.path(&rel)
    }

    /// Whether any mapping maps users or groups (which needs authenticated identities).
    #[must_use]
    pub fn maps_identities(&self) -> bool {
        self.role_mappings
            .iter()
            .any(|m| matches!(m.kind, Some(IdentifierType::User | IdentifierType::Group)))
    }
}

impl<'a> RoleMapping<'a> {
    fn new(index: usize, node: &'a Node) -> RoleMapping<'a> {
        let identifier_type = member(node, "IdentifierType");
        let identifiers = member(node, "Identifiers");
        let ids = identifiers
            .map(|m| {
                m.value
                    .items()
                    .iter()
                    .enumerate()
                    .filter_map(|(i, n)| {
                        n.as_str().map(|value| Identifier {
                            index: i,
                            node: n,
                            value,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        RoleMapping {
            index,
            node,
            role: member(node, "Role"),
            identifier_type,
            kind: identifier_type
                .and_then(|m| m.value.as_str())
                .and_then(IdentifierType::parse),
            identifiers,
            ids,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Limits, json::parse_json};

    #[test]
    fn reads_the_seed_configuration() {
        let text = include_str!("../../testdata/seed/emrfs-security-configuration.json");
        let root = parse_json(text, &Limits::default())
            .root
            .unwrap_or_default();
        let sc = SecurityConfiguration::new(&root, Surface::Api, "$");
        assert!(sc.kerberos.is_some());
        assert!(sc.encryption.is_none());
        assert_eq!(sc.role_mappings.len(), 4);
        let kinds: Vec<_> = sc.role_mappings.iter().map(|m| m.kind).collect();
        assert_eq!(
            kinds,
            vec![
                Some(IdentifierType::User),
                Some(IdentifierType::Group),
                Some(IdentifierType::Group),
                Some(IdentifierType::Prefix)
            ]
        );
        assert_eq!(
            sc.role_mappings
                .get(1)
                .map(RoleMapping::describe)
                .as_deref(),
            Some("mapping #2 (Group grp_data_engineering)")
        );
        assert!(sc.maps_identities());
        assert_eq!(
            sc.mapping_path(3, &[key("Role")]),
            "$.AuthorizationConfiguration.EmrFsConfiguration.RoleMappings[3].Role"
        );
    }
}
