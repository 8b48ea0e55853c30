//! The places block-device mappings are written, and what differs between them:
//! field names and types, the volume types and limits, and what happens to a
//! field the surface does not know.

use super::catalog::{self, FieldSpec};
use super::limits::LimitSet;
use crate::source::InputKind;

/// Where a block-device mapping (or a volume) is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Surface {
    /// The file given to `aws ec2 run-instances --block-device-mappings file://…`: a list of mappings.
    CliBlockDeviceMappings,
    /// A RunInstances request (`aws ec2 run-instances --cli-input-json`, SDK request JSON).
    RunInstances,
    /// Launch template data (`create-launch-template --launch-template-data`, or the
    /// `LaunchTemplateData` of a CreateLaunchTemplate request).
    LaunchTemplateData,
    /// CloudFormation `AWS::EC2::Instance` `BlockDeviceMappings`.
    CfnInstance,
    /// CloudFormation `AWS::EC2::LaunchTemplate` `LaunchTemplateData.BlockDeviceMappings`.
    CfnLaunchTemplate,
    /// CloudFormation `AWS::AutoScaling::LaunchConfiguration` `BlockDeviceMappings`.
    CfnLaunchConfiguration,
    /// CloudFormation `AWS::EC2::Volume`: the resource is the volume.
    CfnVolume,
}

impl Surface {
    /// The surface of a CloudFormation resource type, if it holds volumes.
    #[must_use]
    pub fn of_cfn_type(type_name: &str) -> Option<Surface> {
        match type_name {
            "AWS::EC2::Instance" => Some(Surface::CfnInstance),
            "AWS::EC2::LaunchTemplate" => Some(Surface::CfnLaunchTemplate),
            "AWS::AutoScaling::LaunchConfiguration" => Some(Surface::CfnLaunchConfiguration),
            "AWS::EC2::Volume" => Some(Surface::CfnVolume),
            _ => None,
        }
    }

    /// The surface of a document of an EC2 input kind.
    #[must_use]
    pub fn of_kind(kind: InputKind) -> Option<Surface> {
        match kind {
            InputKind::BlockDeviceMappings => Some(Surface::CliBlockDeviceMappings),
            InputKind::RunInstances => Some(Surface::RunInstances),
            InputKind::LaunchTemplateData => Some(Surface::LaunchTemplateData),
            _ => None,
        }
    }

    #[must_use]
    pub fn is_cloudformation(self) -> bool {
        matches!(
            self,
            Surface::CfnInstance
                | Surface::CfnLaunchTemplate
                | Surface::CfnLaunchConfiguration
                | Surface::CfnVolume
        )
    }

    /// Whether values are sent through the AWS CLI / botocore, which checks
    /// names and JSON types before anything reaches AWS.
    #[must_use]
    pub fn is_api_request(self) -> bool {
        !self.is_cloudformation()
    }

    /// The mapping fields of the surface (empty for a standalone volume).
    #[must_use]
    pub fn mapping_fields(self) -> &'static [FieldSpec] {
        match self {
            Surface::CliBlockDeviceMappings | Surface::RunInstances => catalog::EC2_MAPPING,
            Surface::LaunchTemplateData => catalog::LT_MAPPING,
            Surface::CfnInstance => catalog::CFN_INSTANCE_MAPPING,
            Surface::CfnLaunchTemplate => catalog::CFN_LT_MAPPING,
            Surface::CfnLaunchConfiguration => catalog::CFN_LC_MAPPING,
            Surface::CfnVolume => &[],
        }
    }

    /// The volume fields of the surface (`Ebs` members, or the volume's properties).
    #[must_use]
    pub fn volume_fields(self) -> &'static [FieldSpec] {
        match self {
            Surface::CliBlockDeviceMappings | Surface::RunInstances => catalog::EC2_EBS,
            Surface::LaunchTemplateData => catalog::LT_EBS,
            Surface::CfnInstance => catalog::CFN_INSTANCE_EBS,
            Surface::CfnLaunchTemplate => catalog::CFN_LT_EBS,
            Surface::CfnLaunchConfiguration => catalog::CFN_LC_EBS,
            Surface::CfnVolume => catalog::CFN_VOLUME,
        }
    }

    /// The name of the size field: `Size` on `AWS::EC2::Volume`, `VolumeSize` elsewhere.
    #[must_use]
    pub fn size_field(self) -> &'static str {
        if self == Surface::CfnVolume {
            "Size"
        } else {
            "VolumeSize"
        }
    }

    /// Whether a volume on this surface can name its KMS key.
    #[must_use]
    pub fn takes_kms_key(self) -> bool {
        self != Surface::CfnLaunchConfiguration
    }

    #[must_use]
    pub fn limit_set(self) -> LimitSet {
        if self == Surface::CfnLaunchConfiguration {
            LimitSet::LaunchConfiguration
        } else {
            LimitSet::Current
        }
    }

    /// Numbers and booleans may be written as strings (`"VolumeSize": "50"`):
    /// CloudFormation converts them; the AWS CLI rejects them.
    #[must_use]
    pub fn accepts_stringly_scalars(self) -> bool {
        self.is_cloudformation()
    }

    /// The name of the list of mappings, as the AWS CLI names parameters in
    /// its errors (`BlockDeviceMappings`, `LaunchTemplateData.BlockDeviceMappings`).
    #[must_use]
    pub fn parameter_prefix(self) -> &'static str {
        match self {
            Surface::LaunchTemplateData | Surface::CfnLaunchTemplate => {
                "LaunchTemplateData.BlockDeviceMappings"
            }
            _ => "BlockDeviceMappings",
        }
    }

    /// What a user calls this surface, for messages.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Surface::CliBlockDeviceMappings => {
                "an `aws ec2 run-instances --block-device-mappings` file"
            }
            Surface::RunInstances => "a RunInstances request",
            Surface::LaunchTemplateData => "launch template data",
            Surface::CfnInstance => "an AWS::EC2::Instance",
            Surface::CfnLaunchTemplate => "an AWS::EC2::LaunchTemplate",
            Surface::CfnLaunchConfiguration => "an AWS::AutoScaling::LaunchConfiguration",
            Surface::CfnVolume => "an AWS::EC2::Volume",
        }
    }

    /// The name of the volume object on this surface, for messages.
    #[must_use]
    pub fn volume_object(self) -> &'static str {
        match self {
            Surface::CliBlockDeviceMappings | Surface::RunInstances => "Ebs (EbsBlockDevice)",
            Surface::LaunchTemplateData => "Ebs (LaunchTemplateEbsBlockDeviceRequest)",
            Surface::CfnInstance | Surface::CfnLaunchTemplate => "Ebs",
            Surface::CfnLaunchConfiguration => "Ebs (BlockDevice)",
            Surface::CfnVolume => "AWS::EC2::Volume",
        }
    }

    /// The AWS CLI command whose input this is, for messages.
    #[must_use]
    pub fn cli_command(self) -> Option<&'static str> {
        match self {
            Surface::CliBlockDeviceMappings | Surface::RunInstances => {
                Some("aws ec2 run-instances")
            }
            Surface::LaunchTemplateData => Some("aws ec2 create-launch-template"),
            _ => None,
        }
    }
}
