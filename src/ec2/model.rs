//! The typed model of block-device mappings and EBS volumes, read leniently
//! from the positioned tree: every field keeps its key and value spans, a
//! value of the wrong type is kept as such (a rule reports it), and a value
//! decided at deploy time (a CloudFormation intrinsic function, a resolved
//! `${…}`) is `Unknown`, never guessed.

use std::borrow::Cow;

use super::limits::VolumeType;
use super::surface::Surface;
use crate::parse::node::is_symbolic;
use crate::parse::{Member, Node, PathSeg, Value};
use crate::source::InputKind;
use crate::span::Span;

/// A value as a surface reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Val<T> {
    Known(T),
    /// Decided at deploy time.
    Unknown,
    /// A JSON type the surface does not accept (reported by the value-type rule).
    WrongType,
}

impl<T> Val<T> {
    #[must_use]
    pub fn known(self) -> Option<T> {
        match self {
            Val::Known(v) => Some(v),
            _ => None,
        }
    }
}

/// A CloudFormation intrinsic function: `{"Ref": …}` or `{"Fn::…": …}`.
#[must_use]
pub fn is_intrinsic(node: &Node) -> bool {
    match node.members() {
        [only] => only.key == "Ref" || only.key.starts_with("Fn::"),
        _ => false,
    }
}

/// Whether `node`, on `surface`, is decided at deploy time: in a template, an
/// intrinsic function, or a resolved value with text only deployment knows.
#[must_use]
pub fn is_deploy_time(node: &Node, surface: Surface) -> bool {
    surface.is_cloudformation() && (is_intrinsic(node) || node.as_str().is_some_and(is_symbolic))
}

/// One member of a mapping or volume, with where it is.
#[derive(Debug, Clone, Copy)]
pub struct Field<'a> {
    pub key: &'a str,
    pub key_span: Span,
    pub node: &'a Node,
    pub surface: Surface,
}

impl<'a> Field<'a> {
    fn of(member: &'a Member, surface: Surface) -> Field<'a> {
        Field {
            key: &member.key,
            key_span: member.key_span,
            node: &member.value,
            surface,
        }
    }

    /// Key and value together.
    #[must_use]
    pub fn span(&self) -> Span {
        self.key_span.cover(self.node.span)
    }

    /// Whether the value is only known at deploy time.
    #[must_use]
    pub fn is_deploy_time(&self) -> bool {
        is_deploy_time(self.node, self.surface)
    }

    #[must_use]
    pub fn bool(&self) -> Val<bool> {
        if self.is_deploy_time() {
            return Val::Unknown;
        }
        match &self.node.value {
            Value::Bool(b) => Val::Known(*b),
            Value::String(s) if self.surface.accepts_stringly_scalars() => {
                match s.to_ascii_lowercase().as_str() {
                    "true" => Val::Known(true),
                    "false" => Val::Known(false),
                    _ => Val::WrongType,
                }
            }
            _ => Val::WrongType,
        }
    }

    #[must_use]
    pub fn int(&self) -> Val<i64> {
        if self.is_deploy_time() {
            return Val::Unknown;
        }
        match &self.node.value {
            Value::Number(n) => n.parse().map_or(Val::WrongType, Val::Known),
            Value::String(s) if self.surface.accepts_stringly_scalars() => {
                s.trim().parse().map_or(Val::WrongType, Val::Known)
            }
            _ => Val::WrongType,
        }
    }

    #[must_use]
    pub fn string(&self) -> Val<Cow<'a, str>> {
        if self.is_deploy_time() {
            return Val::Unknown;
        }
        match &self.node.value {
            Value::String(s) => Val::Known(Cow::Borrowed(s.as_str())),
            Value::Number(_) | Value::Bool(_) if self.surface.accepts_stringly_scalars() => {
                self.node.scalar_text().map_or(Val::WrongType, Val::Known)
            }
            _ => Val::WrongType,
        }
    }
}

/// How the `BlockDeviceMappings` value is shaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListShape {
    List,
    /// One mapping object where a list of them is expected.
    SingleObject,
    /// Decided at deploy time (`Fn::If`, `Ref` to a parameter …).
    DeployTime,
    /// A string, number, boolean or null.
    Other,
}

/// Where the list of mappings is.
#[derive(Debug, Clone)]
pub struct ListSite<'a> {
    pub node: &'a Node,
    /// The `BlockDeviceMappings` key; `None` when the document itself is the list.
    pub key_span: Option<Span>,
    pub path: Vec<PathSeg>,
    pub shape: ListShape,
}

/// One block-device mapping.
#[derive(Debug, Clone)]
pub struct Mapping<'a> {
    pub node: &'a Node,
    /// Position in the list (0 for a single object).
    pub index: usize,
    pub path: Vec<PathSeg>,
    pub surface: Surface,
    pub device_name: Option<Field<'a>>,
    /// The `Ebs` member, whatever its value.
    pub ebs_field: Option<Field<'a>>,
    /// The volume, when `Ebs` is an object.
    pub ebs: Option<Volume<'a>>,
    pub no_device: Option<Field<'a>>,
    pub virtual_name: Option<Field<'a>>,
}

/// One EBS volume: the `Ebs` object of a mapping, or an `AWS::EC2::Volume`.
#[derive(Debug, Clone)]
pub struct Volume<'a> {
    /// The object holding the volume's fields.
    pub node: &'a Node,
    /// Where "this volume" findings point: the `Ebs` key, or the resource's logical ID.
    pub anchor: Span,
    pub path: Vec<PathSeg>,
    pub surface: Surface,
    /// The device name of the mapping, when known.
    pub device_name: Option<Cow<'a, str>>,
    /// The mapping's position in the list (`None` for an `AWS::EC2::Volume`).
    pub index: Option<usize>,
    pub encrypted: Option<Field<'a>>,
    pub kms_key_id: Option<Field<'a>>,
    pub snapshot_id: Option<Field<'a>>,
    /// `VolumeSize`, or `Size` on `AWS::EC2::Volume`.
    pub size: Option<Field<'a>>,
    pub volume_type: Option<Field<'a>>,
    pub iops: Option<Field<'a>>,
    pub throughput: Option<Field<'a>>,
    pub delete_on_termination: Option<Field<'a>>,
}

impl<'a> Volume<'a> {
    fn read(
        node: &'a Node,
        surface: Surface,
        path: Vec<PathSeg>,
        anchor: Span,
        device_name: Option<Cow<'a, str>>,
        index: Option<usize>,
    ) -> Volume<'a> {
        let field = |key: &str| node.member(key).map(|m| Field::of(m, surface));
        Volume {
            node,
            anchor,
            path,
            surface,
            device_name,
            index,
            encrypted: field("Encrypted"),
            kms_key_id: field("KmsKeyId"),
            snapshot_id: field("SnapshotId"),
            size: field(surface.size_field()),
            volume_type: field("VolumeType"),
            iops: field("Iops"),
            throughput: field("Throughput"),
            delete_on_termination: field("DeleteOnTermination"),
        }
    }

    /// "the volume at /dev/sdf", "the volume of mapping 2", "this volume".
    #[must_use]
    pub fn label(&self) -> String {
        match (&self.device_name, self.index) {
            (Some(d), _) => format!("the volume at {d}"),
            (None, Some(i)) => format!("the volume of mapping {i}"),
            (None, None) => "this volume".to_string(),
        }
    }

    /// The volume type as written, when it is a known string.
    #[must_use]
    pub fn type_text(&self) -> Option<Cow<'a, str>> {
        self.volume_type.and_then(|f| f.string().known())
    }

    /// The type the volume gets: as written when valid; gp2 for an
    /// `AWS::EC2::Volume` that omits it ("Default: gp2"); otherwise `None`
    /// (for a mapping the default comes from the AMI or EC2 and is not stated).
    #[must_use]
    pub fn effective_type(&self) -> Option<VolumeType> {
        match self.volume_type {
            Some(f) => f.string().known().and_then(|t| VolumeType::parse(&t)),
            None if self.surface == Surface::CfnVolume => Some(VolumeType::Gp2),
            None => None,
        }
    }

    /// `Encrypted` as the surface reads it; `None` when absent.
    #[must_use]
    pub fn encrypted(&self) -> Option<Val<bool>> {
        self.encrypted.map(|f| f.bool())
    }

    /// The AWS CLI's name of this volume object (`BlockDeviceMappings[0].Ebs`).
    #[must_use]
    pub fn parameter_name(&self) -> String {
        match self.index {
            Some(i) => format!("{}[{i}].Ebs", self.surface.parameter_prefix()),
            None => self.surface.volume_object().to_string(),
        }
    }
}

/// Every block-device mapping and volume of one document or resource.
#[derive(Debug, Clone)]
pub struct BlockDevices<'a> {
    pub surface: Surface,
    /// The `BlockDeviceMappings` value, when present.
    pub list: Option<ListSite<'a>>,
    pub mappings: Vec<Mapping<'a>>,
    /// An `AWS::EC2::Volume`'s own volume.
    pub volume: Option<Volume<'a>>,
}

impl<'a> BlockDevices<'a> {
    /// The mappings of a document of an EC2 input kind: a `--block-device-mappings`
    /// file, a RunInstances request, or launch template data (bare, or as the
    /// `LaunchTemplateData` of a CreateLaunchTemplate request).
    #[must_use]
    pub fn from_document(root: &'a Node, kind: InputKind) -> Option<BlockDevices<'a>> {
        let surface = Surface::of_kind(kind)?;
        if surface == Surface::LaunchTemplateData
            && let Some(m) = root.member("LaunchTemplateData")
            && m.value.is_object()
        {
            return Some(BlockDevices::from_node(
                &m.value,
                surface,
                vec![PathSeg::Key("LaunchTemplateData".into())],
                m.key_span,
            ));
        }
        Some(BlockDevices::from_node(
            root,
            surface,
            Vec::new(),
            root.span,
        ))
    }

    /// The mappings (or the volume) held by `node` on `surface`:
    /// - `CliBlockDeviceMappings`: `node` is the list itself;
    /// - `RunInstances`, `LaunchTemplateData`: `node` is the request / template data;
    /// - CloudFormation surfaces: `node` is the resource's `Properties`.
    ///
    /// `path` is the logical path of `node`; `anchor` is where findings about
    /// the whole of an `AWS::EC2::Volume` point (its logical ID).
    #[must_use]
    pub fn from_node(
        node: &'a Node,
        surface: Surface,
        path: Vec<PathSeg>,
        anchor: Span,
    ) -> BlockDevices<'a> {
        let mut out = BlockDevices {
            surface,
            list: None,
            mappings: Vec::new(),
            volume: None,
        };
        match surface {
            Surface::CfnVolume => {
                out.volume = Some(Volume::read(node, surface, path, anchor, None, None));
            }
            Surface::CliBlockDeviceMappings => out.read_list(node, None, path),
            Surface::CfnLaunchTemplate => {
                if let Some(data) = node.member("LaunchTemplateData")
                    && data.value.is_object()
                    && let Some(m) = data.value.member("BlockDeviceMappings")
                {
                    let mut p = path;
                    p.push(PathSeg::Key("LaunchTemplateData".into()));
                    p.push(PathSeg::Key(m.key.clone()));
                    out.read_list(&m.value, Some(m.key_span), p);
                }
            }
            Surface::RunInstances
            | Surface::LaunchTemplateData
            | Surface::CfnInstance
            | Surface::CfnLaunchConfiguration => {
                if let Some(m) = node.member("BlockDeviceMappings") {
                    let mut p = path;
                    p.push(PathSeg::Key(m.key.clone()));
                    out.read_list(&m.value, Some(m.key_span), p);
                }
            }
        }
        out
    }

    fn read_list(&mut self, node: &'a Node, key_span: Option<Span>, path: Vec<PathSeg>) {
        let shape = if is_deploy_time(node, self.surface) {
            ListShape::DeployTime
        } else {
            match &node.value {
                Value::Array(_) => ListShape::List,
                Value::Object(_) => ListShape::SingleObject,
                _ => ListShape::Other,
            }
        };
        match shape {
            ListShape::List => {
                for (i, item) in node.items().iter().enumerate() {
                    if item.is_object() && !is_deploy_time(item, self.surface) {
                        let mut p = path.clone();
                        p.push(PathSeg::Index(i));
                        self.mappings.push(Mapping::read(item, i, p, self.surface));
                    }
                }
            }
            ListShape::SingleObject => {
                self.mappings
                    .push(Mapping::read(node, 0, path.clone(), self.surface));
            }
            ListShape::DeployTime | ListShape::Other => {}
        }
        self.list = Some(ListSite {
            node,
            key_span,
            path,
            shape,
        });
    }

    /// Every EBS volume: the mappings' `Ebs` objects, then a standalone volume.
    pub fn volumes(&self) -> impl Iterator<Item = &Volume<'a>> {
        self.mappings
            .iter()
            .filter_map(|m| m.ebs.as_ref())
            .chain(self.volume.as_ref())
    }
}

impl<'a> Mapping<'a> {
    fn read(node: &'a Node, index: usize, path: Vec<PathSeg>, surface: Surface) -> Mapping<'a> {
        let field = |key: &str| node.member(key).map(|m| Field::of(m, surface));
        let device_name = field("DeviceName");
        let ebs_field = field("Ebs");
        let ebs = ebs_field.and_then(|f| {
            if !f.node.is_object() || is_deploy_time(f.node, surface) {
                return None;
            }
            let mut p = path.clone();
            p.push(PathSeg::Key("Ebs".into()));
            let device = device_name.and_then(|d| d.string().known());
            Some(Volume::read(
                f.node,
                surface,
                p,
                f.key_span,
                device,
                Some(index),
            ))
        });
        Mapping {
            node,
            index,
            path,
            surface,
            device_name,
            ebs_field,
            ebs,
            no_device: field("NoDevice"),
            virtual_name: field("VirtualName"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Limits, parse};

    fn tree(text: &str) -> Node {
        parse(crate::parse::Syntax::Json, text, &Limits::default())
            .root
            .unwrap_or_default()
    }

    #[test]
    fn reads_a_single_object_as_one_mapping() {
        let root = tree(
            r#"{"DeviceName": "/dev/sda1", "Ebs": {"VolumeSize": 100, "Encrypted": true, "kmsKeyID": "x"}}"#,
        );
        let doc = BlockDevices::from_document(&root, InputKind::BlockDeviceMappings);
        let doc = doc.unwrap_or_else(|| {
            BlockDevices::from_node(&root, Surface::RunInstances, vec![], root.span)
        });
        assert_eq!(
            doc.list.as_ref().map(|l| l.shape),
            Some(ListShape::SingleObject)
        );
        let vols: Vec<_> = doc.volumes().collect();
        assert_eq!(vols.len(), 1);
        let v = vols.first().map(|v| (*v).clone());
        assert_eq!(
            v.as_ref().and_then(|v| v.size).map(|f| f.int()),
            Some(Val::Known(100))
        );
        assert!(v.as_ref().is_some_and(|v| v.kms_key_id.is_none()));
        assert_eq!(
            v.map(|v| v.label()).as_deref(),
            Some("the volume at /dev/sda1")
        );
    }

    #[test]
    fn cloudformation_strings_are_numbers_and_intrinsics_are_unknown() {
        let root = tree(
            r#"{"BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": "50", "Encrypted": {"Ref": "Enc"}}}, {"Fn::If": ["c", {}, {}]}]}"#,
        );
        let doc = BlockDevices::from_node(&root, Surface::CfnInstance, vec![], root.span);
        assert_eq!(doc.mappings.len(), 1);
        let v = doc.volumes().next().cloned();
        assert_eq!(
            v.as_ref().and_then(|v| v.size).map(|f| f.int()),
            Some(Val::Known(50))
        );
        assert_eq!(v.and_then(|v| v.encrypted()), Some(Val::Unknown));
        let api = BlockDevices::from_node(&root, Surface::RunInstances, vec![], root.span);
        let v = api.volumes().next().cloned();
        assert_eq!(
            v.and_then(|v| v.size).map(|f| f.int()),
            Some(Val::WrongType)
        );
    }

    #[test]
    fn create_launch_template_requests_are_unwrapped() {
        let root = tree(
            r#"{"LaunchTemplateName": "x", "LaunchTemplateData": {"BlockDeviceMappings": [{"DeviceName": "/dev/sdf", "Ebs": {"VolumeType": "gp3"}}]}}"#,
        );
        let doc = BlockDevices::from_document(&root, InputKind::LaunchTemplateData);
        let v = doc.as_ref().and_then(|d| d.volumes().next().cloned());
        assert_eq!(
            v.as_ref().map(|v| v.parameter_name()).as_deref(),
            Some("LaunchTemplateData.BlockDeviceMappings[0].Ebs")
        );
        assert_eq!(v.and_then(|v| v.effective_type()), Some(VolumeType::Gp3));
    }

    #[test]
    fn a_standalone_volume_defaults_to_gp2() {
        let root = tree(r#"{"AvailabilityZone": "us-east-1a", "Size": 10}"#);
        let doc = BlockDevices::from_node(&root, Surface::CfnVolume, vec![], root.span);
        let v = doc.volumes().next().cloned();
        assert_eq!(
            v.as_ref().and_then(|v| v.effective_type()),
            Some(VolumeType::Gp2)
        );
        assert_eq!(
            v.and_then(|v| v.size).map(|f| f.int()),
            Some(Val::Known(10))
        );
    }
}
