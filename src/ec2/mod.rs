//! EC2 block-device mappings and EBS volumes on every surface where they are
//! written: the AWS CLI's `--block-device-mappings` file, a RunInstances
//! request, launch template data, and the CloudFormation resources
//! `AWS::EC2::Instance`, `AWS::EC2::LaunchTemplate`,
//! `AWS::AutoScaling::LaunchConfiguration` and `AWS::EC2::Volume`.
//!
//! [`BlockDevices::from_node`] reads any of them from a [`Node`] and a
//! [`Surface`]; it does not depend on a CloudFormation model, so a template
//! model passes a resource's `Properties` node and its surface.

pub mod catalog;
pub mod encryption;
pub mod kms_key;
pub mod limits;
pub mod model;
pub mod simulate;
pub mod surface;

pub use model::{BlockDevices, Field, ListShape, Mapping, Val, Volume};
pub use surface::Surface;

use crate::parse::{Node, PathSeg};
use crate::source::InputKind;

/// Every set of block devices in a document of `kind`: the document itself for
/// the EC2 kinds; each instance, launch template, launch configuration and
/// volume resource of a CloudFormation template.
#[must_use]
pub fn documents(root: &Node, kind: InputKind) -> Vec<BlockDevices<'_>> {
    if kind == InputKind::Cloudformation {
        return cfn_resources(root);
    }
    BlockDevices::from_document(root, kind)
        .into_iter()
        .collect()
}

/// The resources of a template whose type holds volumes. Reads `Resources`
/// directly: intrinsic functions stay unresolved and read as unknown values.
fn cfn_resources(root: &Node) -> Vec<BlockDevices<'_>> {
    let Some(resources) = root.get("Resources") else {
        return Vec::new();
    };
    resources
        .members()
        .iter()
        .filter_map(|r| {
            let surface = Surface::of_cfn_type(r.value.get("Type")?.as_str()?)?;
            let props = r.value.get("Properties").filter(|p| p.is_object())?;
            let path = vec![
                PathSeg::Key("Resources".into()),
                PathSeg::Key(r.key.clone()),
                PathSeg::Key("Properties".into()),
            ];
            Some(BlockDevices::from_node(props, surface, path, r.key_span))
        })
        .collect()
}
