//! The typed view of EMR `Configurations`: classifications with properties and
//! nested configurations, as `aws emr create-cluster --configurations` takes
//! them (`Properties`) and as `AWS::EMR::Cluster` declares them
//! (`ConfigurationProperties`), and the cluster-level settings around them
//! (`KerberosAttributes`) when the input is a whole cluster request.

use super::{Surface, key};
use crate::parse::{Member, Node, Value};

/// One configuration object, anywhere in the nesting.
#[derive(Debug)]
pub struct Configuration<'a> {
    pub node: &'a Node,
    /// The logical path of `node`.
    pub path: String,
    /// `Classification`, when a string.
    pub classification: Option<&'a str>,
    /// The classifications from the outermost configuration down to this one
    /// (`["hue-ini", "desktop", "ldap", "ldap_servers", "AWS"]`).
    pub chain: Vec<String>,
    /// The property maps present, under either spelling (`Properties`,
    /// `ConfigurationProperties`); the surface decides which one is right.
    pub property_maps: Vec<&'a Member>,
    /// `Configurations`, when present.
    pub children: Option<&'a Member>,
}

impl<'a> Configuration<'a> {
    /// Every property of every map, with the map's member.
    pub fn properties(&self) -> impl Iterator<Item = (&'a Member, &'a Member)> + '_ {
        self.property_maps
            .iter()
            .flat_map(|map| map.value.members().iter().map(move |p| (*map, p)))
    }

    /// A property's string value by key, in any map (the last one written wins).
    #[must_use]
    pub fn property(&self, name: &str) -> Option<&'a Node> {
        self.property_maps
            .iter()
            .rev()
            .find_map(|map| map.value.get(name))
    }

    /// `hue-ini/desktop/ldap` for messages.
    #[must_use]
    pub fn chain_text(&self) -> String {
        self.chain.join(" → ")
    }

    /// Whether the chain starts with `classification` (case-insensitive, as
    /// EMR classification names are lower case).
    #[must_use]
    pub fn is_under(&self, classification: &str) -> bool {
        self.chain
            .first()
            .is_some_and(|c| c.eq_ignore_ascii_case(classification))
    }
}

/// One `Configurations` list and every configuration in it, depth-first in
/// document order.
#[derive(Debug)]
pub struct ConfigurationList<'a> {
    pub node: &'a Node,
    pub path: String,
    pub entries: Vec<Configuration<'a>>,
}

impl<'a> ConfigurationList<'a> {
    /// The typed view of a `Configurations` list at logical path `base`.
    #[must_use]
    pub fn new(node: &'a Node, base: &str) -> ConfigurationList<'a> {
        let mut entries = Vec::new();
        // Explicit stack, reversed pushes: document order without recursion.
        let mut stack: Vec<(&'a Node, String, Vec<String>)> = node
            .items()
            .iter()
            .enumerate()
            .rev()
            .map(|(i, n)| (n, format!("{base}[{i}]"), Vec::new()))
            .collect();
        while let Some((n, path, mut chain)) = stack.pop() {
            let classification = n.get("Classification").and_then(Node::as_str);
            chain.push(classification.unwrap_or("?").to_string());
            let children = n.member("Configurations");
            if let Some(c) = children {
                for (i, child) in c.value.items().iter().enumerate().rev() {
                    stack.push((child, format!("{path}.Configurations[{i}]"), chain.clone()));
                }
            }
            let property_maps = n
                .members()
                .iter()
                .filter(|m| m.key == "Properties" || m.key == "ConfigurationProperties")
                .collect();
            entries.push(Configuration {
                node: n,
                path,
                classification,
                chain,
                property_maps,
                children,
            });
        }
        ConfigurationList {
            node,
            path: base.to_string(),
            entries,
        }
    }
}

/// The EMR settings of a cluster that rules read: its `Configurations`
/// lists (the cluster's, and those of instance groups and fleets) and its
/// `KerberosAttributes`.
#[derive(Debug)]
pub struct ClusterSettings<'a> {
    pub surface: Surface,
    pub lists: Vec<ConfigurationList<'a>>,
    /// `KerberosAttributes`, or a `--kerberos-attributes` file's root.
    pub kerberos: Option<&'a Node>,
    pub kerberos_path: String,
}

impl<'a> ClusterSettings<'a> {
    /// The settings of a document: a bare `Configurations` list, a RunJobFlow
    /// request (`aws emr create-cluster --cli-input-json`), `describe-cluster`
    /// output (`{"Cluster": …}`), a `--kerberos-attributes` file, or the
    /// `Properties` of an `AWS::EMR::Cluster` (with `surface` CloudFormation).
    #[must_use]
    pub fn new(root: &'a Node, surface: Surface, base: &str) -> ClusterSettings<'a> {
        let mut settings = ClusterSettings {
            surface,
            lists: Vec::new(),
            kerberos: None,
            kerberos_path: String::new(),
        };
        match &root.value {
            Value::Array(_) => settings.lists.push(ConfigurationList::new(root, base)),
            Value::Object(_) => {
                if let Some(cluster) = root.get("Cluster").filter(|c| c.is_object()) {
                    settings.read_cluster(cluster, &format!("{base}.Cluster"));
                } else if is_kerberos_attributes(root) {
                    settings.kerberos = Some(root);
                    settings.kerberos_path = base.to_string();
                } else {
                    settings.read_cluster(root, base);
                }
            }
            _ => {}
        }
        settings
    }

    fn read_cluster(&mut self, cluster: &'a Node, base: &str) {
        if let Some(list) = cluster.get("Configurations") {
            self.lists.push(ConfigurationList::new(
                list,
                &format!("{base}.Configurations"),
            ));
        }
        if let Some(k) = cluster.get("KerberosAttributes") {
            self.kerberos = Some(k);
            self.kerberos_path = format!("{base}.KerberosAttributes");
        }
        // AWS::EMR::InstanceGroupConfig has `Configurations` at the top (read
        // above); AWS::EMR::InstanceFleetConfig has `InstanceTypeConfigs`.
        for (i, t) in cluster
            .get("InstanceTypeConfigs")
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            self.push_list(t, &format!("{base}.InstanceTypeConfigs[{i}]"));
        }
        let Some(instances) = cluster.get("Instances") else {
            return;
        };
        let ipath = format!("{base}.Instances");
        // API: InstanceGroups[] / InstanceFleets[].InstanceTypeConfigs[];
        // CloudFormation: MasterInstanceGroup, CoreInstanceGroup,
        // TaskInstanceGroups[], …InstanceFleet.InstanceTypeConfigs[].
        for group_key in ["InstanceGroups", "TaskInstanceGroups"] {
            for (i, g) in instances
                .get(group_key)
                .map(Node::items)
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                self.push_list(g, &format!("{ipath}.{group_key}[{i}]"));
            }
        }
        for group_key in ["MasterInstanceGroup", "CoreInstanceGroup"] {
            if let Some(g) = instances.get(group_key) {
                self.push_list(g, &format!("{ipath}.{group_key}"));
            }
        }
        let mut fleets: Vec<(&'a Node, String)> = instances
            .get("InstanceFleets")
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .enumerate()
            .map(|(i, f)| (f, format!("{ipath}.InstanceFleets[{i}]")))
            .collect();
        for fleet_key in [
            "MasterInstanceFleet",
            "CoreInstanceFleet",
            "TaskInstanceFleets",
        ] {
            if let Some(f) = instances.get(fleet_key) {
                for (i, one) in f.one_or_many().iter().enumerate() {
                    let p = if f.is_array() {
                        format!("{ipath}.{fleet_key}[{i}]")
                    } else {
                        format!("{ipath}.{fleet_key}")
                    };
                    fleets.push((one, p));
                }
            }
        }
        for (fleet, fpath) in fleets {
            for (i, t) in fleet
                .get("InstanceTypeConfigs")
                .map(Node::items)
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                self.push_list(t, &format!("{fpath}.InstanceTypeConfigs[{i}]"));
            }
        }
    }

    fn push_list(&mut self, owner: &'a Node, owner_path: &str) {
        if let Some(list) = owner.get("Configurations") {
            self.lists.push(ConfigurationList::new(
                list,
                &format!("{owner_path}.Configurations"),
            ));
        }
    }

    /// Every configuration of every list.
    pub fn configurations(&self) -> impl Iterator<Item = &Configuration<'a>> {
        self.lists.iter().flat_map(|l| l.entries.iter())
    }
}

/// The keys of `KerberosAttributes` (RunJobFlow API and CloudFormation).
pub const KERBEROS_ATTRIBUTE_KEYS: &[&str] = &[
    "Realm",
    "KdcAdminPassword",
    "CrossRealmTrustPrincipalPassword",
    "ADDomainJoinUser",
    "ADDomainJoinPassword",
];

/// The password keys of `KerberosAttributes`.
pub const KERBEROS_PASSWORD_KEYS: &[&str] = &[
    "KdcAdminPassword",
    "CrossRealmTrustPrincipalPassword",
    "ADDomainJoinPassword",
];

/// Whether an object is a `KerberosAttributes` structure on its own (a
/// `--kerberos-attributes` file).
#[must_use]
pub fn is_kerberos_attributes(node: &Node) -> bool {
    // Both are required members of KerberosAttributes.
    node.member("KdcAdminPassword").is_some() && node.member("Realm").is_some()
}

/// A logical path step list for a `Configurations` entry is rendered by
/// [`ConfigurationList::new`]; this renders the path of one property.
#[must_use]
pub fn property_path(config: &Configuration<'_>, map: &Member, property: &Member) -> String {
    super::logical_path(
        &format!("{}.{}", config.path, map.key),
        &[key(&property.key)],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Limits, json::parse_json};

    #[test]
    fn flattens_nested_configurations_in_document_order() {
        let text = include_str!("../../testdata/seed/emr-hue-ldap-configuration-closed.json");
        let root = parse_json(text, &Limits::default())
            .root
            .unwrap_or_default();
        let s = ClusterSettings::new(&root, Surface::Api, "$");
        let chains: Vec<String> = s.configurations().map(Configuration::chain_text).collect();
        assert_eq!(
            chains,
            vec![
                "hue-ini",
                "hue-ini → desktop",
                "hue-ini → desktop → ldap",
                "hue-ini → desktop → ldap → ldap_servers",
                "hue-ini → desktop → ldap → ldap_servers → AWS",
                "hue-ini → desktop → auth",
            ]
        );
        let aws = s.configurations().nth(4);
        assert_eq!(
            aws.map(|c| c.path.as_str()),
            Some("$[0].Configurations[0].Configurations[0].Configurations[0].Configurations[0]")
        );
        let pw = aws
            .and_then(|c| c.property("bind_password"))
            .and_then(Node::as_str);
        assert_eq!(pw, Some("Abc123456"));
    }

    #[test]
    fn reads_cluster_requests_and_kerberos_files() {
        let text = r#"{"Name": "c", "ReleaseLabel": "emr-7.0.0",
            "Configurations": [{"Classification": "hive-site", "Properties": {}}],
            "Instances": {"InstanceGroups": [{"InstanceRole": "CORE", "Configurations": [{"Classification": "yarn-site"}]}]},
            "KerberosAttributes": {"Realm": "EC2.INTERNAL", "KdcAdminPassword": "x"}}"#;
        let root = parse_json(text, &Limits::default())
            .root
            .unwrap_or_default();
        let s = ClusterSettings::new(&root, Surface::Api, "$");
        let paths: Vec<&str> = s.configurations().map(|c| c.path.as_str()).collect();
        assert_eq!(
            paths,
            vec![
                "$.Configurations[0]",
                "$.Instances.InstanceGroups[0].Configurations[0]"
            ]
        );
        assert_eq!(s.kerberos_path, "$.KerberosAttributes");

        let text = r#"{"Realm": "EC2.INTERNAL", "KdcAdminPassword": "x"}"#;
        let root = parse_json(text, &Limits::default())
            .root
            .unwrap_or_default();
        let s = ClusterSettings::new(&root, Surface::Api, "$");
        assert!(s.kerberos.is_some());
        assert_eq!(s.kerberos_path, "$");
    }
}
