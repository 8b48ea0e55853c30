//! The field names of block-device mappings and EBS volumes on every surface,
//! in the order the source lists them (the AWS CLI prints them in this order
//! in its "must be one of" message).
//!
//! Sources:
//! - EC2 API shapes `BlockDeviceMapping`, `EbsBlockDevice`,
//!   `LaunchTemplateBlockDeviceMappingRequest`, `LaunchTemplateEbsBlockDeviceRequest`:
//!   botocore `botocore/data/ec2/2016-11-15/service-2.json` (boto/botocore @ 0e6e2404, 2026-08, Apache-2.0).
//! - Auto Scaling `BlockDeviceMapping`, `Ebs`: botocore `botocore/data/autoscaling/2011-01-01/service-2.json` (same commit).
//! - CloudFormation `AWS::EC2::Instance`, `AWS::EC2::LaunchTemplate`, `AWS::AutoScaling::LaunchConfiguration`,
//!   `AWS::EC2::Volume` resource schemas (as vendored by aws-cloudformation/cfn-lint
//!   `src/cfnlint/data/schemas/providers/us_east_1/`, MIT-0).

/// The JSON type a field takes on a surface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Bool,
    Int,
    Str,
    /// A nested object (`Ebs`).
    Object,
    /// CloudFormation `AWS::EC2::Instance` `NoDevice`: an empty object `{}`.
    EmptyObject,
    List,
}

impl FieldType {
    /// How the AWS CLI (botocore) names the Python types it accepts.
    #[must_use]
    pub fn botocore_types(self) -> &'static str {
        match self {
            FieldType::Bool => "<class 'bool'>",
            FieldType::Int => "<class 'int'>",
            FieldType::Str => "<class 'str'>",
            FieldType::Object | FieldType::EmptyObject => "<class 'dict'>",
            FieldType::List => "<class 'list'>, <class 'tuple'>",
        }
    }

    /// A short description for messages.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            FieldType::Bool => "a boolean",
            FieldType::Int => "an integer",
            FieldType::Str => "a string",
            FieldType::Object => "an object",
            FieldType::EmptyObject => "an empty object `{}`",
            FieldType::List => "a list",
        }
    }
}

/// A field name with its type.
pub type FieldSpec = (&'static str, FieldType);

use FieldType::{Bool, EmptyObject, Int, List, Object, Str};

/// EC2 `BlockDeviceMapping` (RunInstances, `--block-device-mappings`).
pub const EC2_MAPPING: &[FieldSpec] = &[
    ("Ebs", Object),
    ("NoDevice", Str),
    ("DeviceName", Str),
    ("VirtualName", Str),
];

/// EC2 `EbsBlockDevice`.
pub const EC2_EBS: &[FieldSpec] = &[
    ("DeleteOnTermination", Bool),
    ("Iops", Int),
    ("SnapshotId", Str),
    ("VolumeSize", Int),
    ("VolumeType", Str),
    ("KmsKeyId", Str),
    ("Throughput", Int),
    ("OutpostArn", Str),
    ("AvailabilityZone", Str),
    ("Encrypted", Bool),
    ("VolumeInitializationRate", Int),
    ("AvailabilityZoneId", Str),
    ("EbsCardIndex", Int),
];

/// `EbsBlockDevice` members that the API reference says RunInstances does not support.
pub const EC2_EBS_NOT_FOR_RUN_INSTANCES: &[&str] = &["AvailabilityZone", "AvailabilityZoneId"];

/// EC2 `LaunchTemplateBlockDeviceMappingRequest`.
pub const LT_MAPPING: &[FieldSpec] = &[
    ("DeviceName", Str),
    ("VirtualName", Str),
    ("Ebs", Object),
    ("NoDevice", Str),
];

/// EC2 `LaunchTemplateEbsBlockDeviceRequest`.
pub const LT_EBS: &[FieldSpec] = &[
    ("Encrypted", Bool),
    ("DeleteOnTermination", Bool),
    ("Iops", Int),
    ("KmsKeyId", Str),
    ("SnapshotId", Str),
    ("VolumeSize", Int),
    ("VolumeType", Str),
    ("Throughput", Int),
    ("VolumeInitializationRate", Int),
    ("EbsCardIndex", Int),
];

/// CloudFormation `AWS::EC2::Instance` `BlockDeviceMapping`.
pub const CFN_INSTANCE_MAPPING: &[FieldSpec] = &[
    ("DeviceName", Str),
    ("Ebs", Object),
    ("NoDevice", EmptyObject),
    ("VirtualName", Str),
];

/// CloudFormation `AWS::EC2::Instance` `Ebs` (no `Throughput`:
/// aws-cloudformation/cloudformation-coverage-roadmap#1051).
pub const CFN_INSTANCE_EBS: &[FieldSpec] = &[
    ("DeleteOnTermination", Bool),
    ("Encrypted", Bool),
    ("Iops", Int),
    ("KmsKeyId", Str),
    ("SnapshotId", Str),
    ("VolumeSize", Int),
    ("VolumeType", Str),
];

/// CloudFormation `AWS::EC2::LaunchTemplate` `BlockDeviceMapping` mirrors the API.
pub const CFN_LT_MAPPING: &[FieldSpec] = LT_MAPPING;

/// CloudFormation `AWS::EC2::LaunchTemplate` `Ebs`: the schema lists the first
/// eight; the API's newer `VolumeInitializationRate` and `EbsCardIndex` are
/// accepted too rather than reported on a schema that may lag the API.
pub const CFN_LT_EBS: &[FieldSpec] = &[
    ("DeleteOnTermination", Bool),
    ("Encrypted", Bool),
    ("Iops", Int),
    ("KmsKeyId", Str),
    ("SnapshotId", Str),
    ("Throughput", Int),
    ("VolumeSize", Int),
    ("VolumeType", Str),
    ("VolumeInitializationRate", Int),
    ("EbsCardIndex", Int),
];

/// CloudFormation `AWS::AutoScaling::LaunchConfiguration` `BlockDeviceMapping`
/// (`NoDevice` is a boolean, as in the Auto Scaling API).
pub const CFN_LC_MAPPING: &[FieldSpec] = &[
    ("DeviceName", Str),
    ("Ebs", Object),
    ("NoDevice", Bool),
    ("VirtualName", Str),
];

/// CloudFormation `AWS::AutoScaling::LaunchConfiguration` `BlockDevice`: no `KmsKeyId`.
pub const CFN_LC_EBS: &[FieldSpec] = &[
    ("DeleteOnTermination", Bool),
    ("Encrypted", Bool),
    ("Iops", Int),
    ("SnapshotId", Str),
    ("Throughput", Int),
    ("VolumeSize", Int),
    ("VolumeType", Str),
];

/// CloudFormation `AWS::EC2::Volume` properties (the volume is the resource
/// itself): the schema's, plus `AvailabilityZoneId`, which CreateVolume has
/// and the vendored schema may predate.
pub const CFN_VOLUME: &[FieldSpec] = &[
    ("AutoEnableIO", Bool),
    ("AvailabilityZone", Str),
    ("AvailabilityZoneId", Str),
    ("Encrypted", Bool),
    ("Iops", Int),
    ("KmsKeyId", Str),
    ("MultiAttachEnabled", Bool),
    ("OutpostArn", Str),
    ("Size", Int),
    ("SnapshotId", Str),
    ("Tags", List),
    ("Throughput", Int),
    ("VolumeInitializationRate", Int),
    ("VolumeType", Str),
];

/// The type of `name` in `fields`, if it is one of them.
#[must_use]
pub fn field_type(fields: &[FieldSpec], name: &str) -> Option<FieldType> {
    fields.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// The names of `fields`, in source order.
pub fn names(fields: &[FieldSpec]) -> impl Iterator<Item = &'static str> + '_ {
    fields.iter().map(|(n, _)| *n)
}
