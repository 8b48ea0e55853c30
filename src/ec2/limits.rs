//! EBS volume types and what each allows: size, IOPS and throughput ranges.
//!
//! Two generations of limits are in force: the EC2 API's current ones
//! (RunInstances, launch templates, CreateVolume, and the CloudFormation
//! resources that call them), and the older ones the Auto Scaling API keeps
//! for launch configurations.
//!
//! Sources: the `EbsBlockDevice`, `LaunchTemplateEbsBlockDeviceRequest` and
//! `CreateVolumeRequest` member documentation of the EC2 API model, and the
//! Auto Scaling `Ebs` shape (botocore @ 0e6e2404, 2026-08); ratios from the
//! Amazon EBS User Guide, "Amazon EBS volume types"
//! (<https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html>).

use std::ops::RangeInclusive;

/// An EBS volume type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum VolumeType {
    Gp2,
    Gp3,
    Io1,
    Io2,
    St1,
    Sc1,
    Standard,
}

impl VolumeType {
    pub const ALL: &'static [VolumeType] = &[
        VolumeType::Gp2,
        VolumeType::Gp3,
        VolumeType::Io1,
        VolumeType::Io2,
        VolumeType::St1,
        VolumeType::Sc1,
        VolumeType::Standard,
    ];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            VolumeType::Gp2 => "gp2",
            VolumeType::Gp3 => "gp3",
            VolumeType::Io1 => "io1",
            VolumeType::Io2 => "io2",
            VolumeType::St1 => "st1",
            VolumeType::Sc1 => "sc1",
            VolumeType::Standard => "standard",
        }
    }

    /// The type named exactly `s` (the API is case-sensitive: `GP3` is not a type).
    #[must_use]
    pub fn parse(s: &str) -> Option<VolumeType> {
        VolumeType::ALL.iter().copied().find(|t| t.as_str() == s)
    }

    /// Whether the volume's IOPS are provisioned (the `Iops` field is accepted).
    #[must_use]
    pub fn takes_iops(self) -> bool {
        matches!(self, VolumeType::Gp3 | VolumeType::Io1 | VolumeType::Io2)
    }

    /// Whether `Iops` must be given.
    #[must_use]
    pub fn requires_iops(self) -> bool {
        matches!(self, VolumeType::Io1 | VolumeType::Io2)
    }

    /// Whether the `Throughput` field is accepted (gp3 only).
    #[must_use]
    pub fn takes_throughput(self) -> bool {
        self == VolumeType::Gp3
    }
}

impl std::fmt::Display for VolumeType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which generation of limits a surface is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitSet {
    /// The EC2 API today.
    Current,
    /// The Auto Scaling API's launch-configuration `Ebs` shape.
    LaunchConfiguration,
}

/// What one volume type allows on one surface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeLimits {
    pub size_gib: RangeInclusive<i64>,
    /// `None` when the type takes no `Iops`.
    pub iops: Option<RangeInclusive<i64>>,
    /// Most provisioned IOPS per GiB of size, when the type has such a ratio.
    pub max_iops_per_gib: Option<i64>,
    /// `None` when the type takes no `Throughput`.
    pub throughput_mibps: Option<RangeInclusive<i64>>,
    /// The IOPS a gp3 volume gets when `Iops` is omitted.
    pub default_iops: Option<i64>,
}

/// Throughput of gp3 may be at most this fraction of its IOPS (MiB/s per IOPS): 0.25 = 1/4.
pub const GP3_THROUGHPUT_PER_IOPS_DIVISOR: i64 = 4;

impl LimitSet {
    /// The volume types valid on this surface.
    #[must_use]
    pub fn types(self) -> &'static [VolumeType] {
        match self {
            LimitSet::Current => VolumeType::ALL,
            // The Auto Scaling API: "Valid values: standard | io1 | gp2 | st1 | sc1 | gp3".
            LimitSet::LaunchConfiguration => &[
                VolumeType::Standard,
                VolumeType::Io1,
                VolumeType::Gp2,
                VolumeType::St1,
                VolumeType::Sc1,
                VolumeType::Gp3,
            ],
        }
    }

    /// The limits of `t` on this surface, `None` when the type is not valid here.
    #[must_use]
    pub fn limits(self, t: VolumeType) -> Option<TypeLimits> {
        if !self.types().contains(&t) {
            return None;
        }
        let current = self == LimitSet::Current;
        let hdd = || TypeLimits {
            size_gib: 125..=16_384,
            iops: None,
            max_iops_per_gib: None,
            throughput_mibps: None,
            default_iops: None,
        };
        Some(match t {
            VolumeType::Gp2 => TypeLimits {
                size_gib: 1..=16_384,
                iops: None,
                max_iops_per_gib: None,
                throughput_mibps: None,
                default_iops: None,
            },
            VolumeType::Gp3 => TypeLimits {
                size_gib: if current { 1..=65_536 } else { 1..=16_384 },
                iops: Some(if current {
                    3_000..=80_000
                } else {
                    3_000..=16_000
                }),
                max_iops_per_gib: Some(500),
                throughput_mibps: Some(if current { 125..=2_000 } else { 125..=1_000 }),
                default_iops: Some(3_000),
            },
            VolumeType::Io1 => TypeLimits {
                size_gib: 4..=16_384,
                iops: Some(100..=64_000),
                max_iops_per_gib: Some(50),
                throughput_mibps: None,
                default_iops: None,
            },
            VolumeType::Io2 => TypeLimits {
                size_gib: 4..=65_536,
                iops: Some(100..=256_000),
                max_iops_per_gib: Some(1_000),
                throughput_mibps: None,
                default_iops: None,
            },
            VolumeType::St1 | VolumeType::Sc1 => hdd(),
            VolumeType::Standard => TypeLimits {
                size_gib: 1..=1_024,
                iops: None,
                max_iops_per_gib: None,
                throughput_mibps: None,
                default_iops: None,
            },
        })
    }

    /// Names the source of the numbers, for messages.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            LimitSet::Current => "the EC2 API's current limits",
            LimitSet::LaunchConfiguration => {
                "the Auto Scaling API's limits for launch configurations"
            }
        }
    }
}

/// `1..=16_384` as `1–16,384`.
#[must_use]
pub fn range_text(r: &RangeInclusive<i64>) -> String {
    format!("{}–{}", thousands(*r.start()), thousands(*r.end()))
}

/// `16384` as `16,384`.
#[must_use]
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn launch_configurations_keep_the_older_limits() {
        let lc = LimitSet::LaunchConfiguration;
        assert!(lc.limits(VolumeType::Io2).is_none());
        let gp3 = lc.limits(VolumeType::Gp3);
        assert_eq!(gp3.and_then(|l| l.iops), Some(3_000..=16_000));
        let cur = LimitSet::Current.limits(VolumeType::Gp3);
        assert_eq!(cur.map(|l| l.size_gib), Some(1..=65_536));
    }

    #[test]
    fn formats_numbers() {
        assert_eq!(thousands(16_384), "16,384");
        assert_eq!(thousands(125), "125");
        assert_eq!(thousands(256_000), "256,000");
        assert_eq!(range_text(&(1..=1_024)), "1–1,024");
    }

    #[test]
    fn type_names_are_case_sensitive() {
        assert_eq!(VolumeType::parse("gp3"), Some(VolumeType::Gp3));
        assert_eq!(VolumeType::parse("GP3"), None);
    }
}
