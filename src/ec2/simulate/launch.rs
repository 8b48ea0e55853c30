//! What a launch request asks for, read from the request document: the
//! instance's image, type, network, key pair, tags and instance profile, and
//! each volume with the encryption it will get.

use serde::Serialize;

use super::keys::{KeyBook, ResolvedKey};
use crate::ec2::encryption::{Decision, KeyChoice, Outcome, Requested, SnapshotSource, decide};
use crate::ec2::{BlockDevices, Surface, Val, Volume};
use crate::parse::Node;
use crate::span::LineIndex;

/// Tags requested for one resource type (`TagSpecifications`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TagSpec {
    pub resource_type: String,
    pub tags: Vec<(String, String)>,
}

/// The instance-level facts of a launch request.
#[derive(Debug, Clone, Default)]
pub struct Launch {
    pub image_id: Option<String>,
    pub instance_type: Option<String>,
    pub subnet_id: Option<String>,
    pub security_group_ids: Vec<String>,
    pub key_name: Option<String>,
    pub tag_specs: Vec<TagSpec>,
    /// `IamInstanceProfile` `Arn` or `Name`.
    pub instance_profile: Option<String>,
    /// `LaunchTemplate` `LaunchTemplateId` or `LaunchTemplateName`.
    pub launch_template: Option<String>,
}

fn text(node: Option<&Node>) -> Option<String> {
    node.and_then(Node::as_str).map(str::to_string)
}

impl Launch {
    /// Reads the request (or launch template data) object; a bare list of
    /// mappings has no instance facts.
    #[must_use]
    pub fn read(root: &Node, surface: Surface) -> Launch {
        let data = match surface {
            Surface::LaunchTemplateData => root
                .get("LaunchTemplateData")
                .filter(|d| d.is_object())
                .unwrap_or(root),
            Surface::RunInstances => root,
            _ => return Launch::default(),
        };
        let first_nic = data
            .get("NetworkInterfaces")
            .and_then(|n| n.items().first());
        let mut security_group_ids: Vec<String> = data
            .get("SecurityGroupIds")
            .map(|l| l.items().iter().filter_map(|n| text(Some(n))).collect())
            .unwrap_or_default();
        if let Some(groups) = first_nic.and_then(|n| n.get("Groups")) {
            security_group_ids.extend(groups.items().iter().filter_map(|n| text(Some(n))));
        }
        let tag_specs = data
            .get("TagSpecifications")
            .map(|l| {
                l.items()
                    .iter()
                    .filter_map(|spec| {
                        let resource_type = text(spec.get("ResourceType"))?;
                        let tags = spec
                            .get("Tags")
                            .map(|t| {
                                t.items()
                                    .iter()
                                    .filter_map(|tag| {
                                        Some((
                                            text(tag.get("Key"))?,
                                            text(tag.get("Value")).unwrap_or_default(),
                                        ))
                                    })
                                    .collect()
                            })
                            .unwrap_or_default();
                        Some(TagSpec {
                            resource_type,
                            tags,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let profile = data.get("IamInstanceProfile");
        let template = data.get("LaunchTemplate");
        Launch {
            image_id: text(data.get("ImageId")),
            instance_type: text(data.get("InstanceType")),
            subnet_id: text(data.get("SubnetId"))
                .or_else(|| text(first_nic.and_then(|n| n.get("SubnetId")))),
            security_group_ids,
            key_name: text(data.get("KeyName")),
            tag_specs,
            instance_profile: text(profile.and_then(|p| p.get("Arn")))
                .or_else(|| text(profile.and_then(|p| p.get("Name")))),
            launch_template: text(template.and_then(|t| t.get("LaunchTemplateId")))
                .or_else(|| text(template.and_then(|t| t.get("LaunchTemplateName")))),
        }
    }

    /// The tags requested for `resource_type` (`instance`, `volume` …).
    #[must_use]
    pub fn tags_for(&self, resource_type: &str) -> Vec<(String, String)> {
        self.tag_specs
            .iter()
            .filter(|s| s.resource_type == resource_type)
            .flat_map(|s| s.tags.iter().cloned())
            .collect()
    }
}

/// What the simulation knows about a snapshot (`--snapshot`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotFact {
    pub id: String,
    pub source: SnapshotSource,
}

/// One volume of the launch and the encryption it gets.
#[derive(Debug, Clone, Serialize)]
pub struct PlannedVolume {
    /// The mapping's position in the request.
    pub index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    /// `file:line:column` of the volume in the request.
    pub location: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size_gib: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iops: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub throughput: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snapshot_id: Option<String>,
    /// `Encrypted` as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encrypted_requested: Option<bool>,
    /// `KmsKeyId` as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kms_key_requested: Option<String>,
    pub decision: Decision,
    /// The key that encrypts the volume.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<ResolvedKey>,
    /// The key of the encrypted snapshot it is restored from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snapshot_key: Option<ResolvedKey>,
}

impl PlannedVolume {
    #[must_use]
    pub fn label(&self) -> String {
        match &self.device {
            Some(d) => d.clone(),
            None => format!("mapping {}", self.index),
        }
    }

    #[must_use]
    pub fn encrypted(&self) -> bool {
        matches!(self.decision.outcome, Outcome::Encrypted { .. })
    }

    /// Whether the snapshot's data is re-encrypted under another key.
    #[must_use]
    pub fn reencrypted(&self) -> bool {
        matches!(
            self.decision.outcome,
            Outcome::Encrypted {
                reencrypted: true,
                ..
            }
        )
    }
}

/// Why a volume could not be planned: the caller must say more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanError(pub String);

/// Plans every volume of the request.
///
/// # Errors
/// A snapshot whose encryption was not given, or a key the simulation
/// cannot resolve (an alias without `--key-alias`).
pub fn plan_volumes(
    doc: &BlockDevices<'_>,
    file: &str,
    text: &str,
    snapshots: &[SnapshotFact],
    by_default: bool,
    keys: &KeyBook,
) -> Result<Vec<PlannedVolume>, PlanError> {
    let index = LineIndex::new(text);
    doc.volumes()
        .map(|v| plan_one(v, file, text, &index, snapshots, by_default, keys))
        .collect()
}

fn plan_one(
    v: &Volume<'_>,
    file: &str,
    text: &str,
    index: &LineIndex,
    snapshots: &[SnapshotFact],
    by_default: bool,
    keys: &KeyBook,
) -> Result<PlannedVolume, PlanError> {
    let lc = index.line_col(text, v.anchor.start);
    let label = v.label();
    let snapshot_id = v
        .snapshot_id
        .and_then(|f| f.string().known())
        .map(|s| s.to_string());
    let snapshot = match &snapshot_id {
        None => SnapshotSource::None,
        Some(id) => snapshots
            .iter()
            .find(|s| &s.id == id)
            .map(|s| s.source.clone())
            .ok_or_else(|| {
                PlanError(format!(
                    "{label} is restored from snapshot {id}: say whether it is encrypted with --snapshot {id}=unencrypted or --snapshot {id}=encrypted:KEY_ARN"
                ))
            })?,
    };
    let encrypted_requested = match v.encrypted() {
        Some(Val::Known(b)) => Some(b),
        _ => None,
    };
    let kms_key_requested = v
        .kms_key_id
        .and_then(|f| f.string().known())
        .map(|s| s.to_string());
    let decision = decide(
        Requested {
            encrypted: encrypted_requested,
            kms_key_id: kms_key_requested.as_deref(),
        },
        &snapshot,
        by_default,
    );
    let snapshot_key = match &snapshot {
        SnapshotSource::Encrypted { key, .. } => Some(keys.resolve(key, "the snapshot's key")?),
        _ => None,
    };
    let key = match &decision.outcome {
        Outcome::Encrypted { key, .. } => Some(match key {
            KeyChoice::Explicit(k) => keys.resolve(k, "named by KmsKeyId")?,
            KeyChoice::AccountDefault => keys.default_key()?,
            KeyChoice::Snapshot(k) => keys.resolve(k, "the snapshot's key")?,
            KeyChoice::DefaultOrSnapshot => keys.default_key()?,
        }),
        _ => None,
    };
    let int = |f: Option<crate::ec2::Field<'_>>| f.and_then(|f| f.int().known());
    Ok(PlannedVolume {
        index: v.index.unwrap_or(0),
        device: v.device_name.as_ref().map(|d| d.to_string()),
        location: format!("{file}:{}:{}", lc.line, lc.column),
        volume_type: v.type_text().map(|t| t.to_string()),
        size_gib: int(v.size),
        iops: int(v.iops),
        throughput: int(v.throughput),
        snapshot_id,
        encrypted_requested,
        kms_key_requested,
        decision,
        key,
        snapshot_key,
    })
}
