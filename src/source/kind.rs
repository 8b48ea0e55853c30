//! The kinds of input cloudlint understands.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputKind {
    /// An IAM policy document (identity, resource, trust, SCP, RCP, boundary).
    IamPolicy,
    /// A CloudFormation (or SAM) template, JSON or YAML.
    Cloudformation,
    /// A list of EC2 block-device mappings (`aws ec2 run-instances --block-device-mappings`).
    BlockDeviceMappings,
    /// A RunInstances request (`aws ec2 run-instances --cli-input-json`).
    RunInstances,
    /// Launch template data (`aws ec2 create-launch-template --launch-template-data`).
    LaunchTemplateData,
    /// An EMR security configuration (`aws emr create-security-configuration`),
    /// bare or wrapped with its name as `describe-security-configuration` prints it.
    EmrSecurityConfiguration,
    /// An EMR `Configurations` list (classifications with properties), or a
    /// cluster request or description carrying one (and `KerberosAttributes`).
    EmrConfigurations,
    /// An ECS task definition (`aws ecs register-task-definition --cli-input-json`).
    EcsTaskDefinition,
    /// A Kafka broker's `server.properties`.
    KafkaProperties,
    /// A Cassandra node's `cassandra.yaml`.
    CassandraYaml,
    /// A Cassandra node's `cassandra-env.sh` (JVM and JMX options), by file name.
    CassandraEnv,
    /// A cloudlint declarative rule file (`rules/*.yaml`, `--rules DIR`).
    CloudlintRule,
    /// IAM policy assertions: requests with the decision they must get (`cloudlint can --assertions`).
    IamAssertions,
}

impl InputKind {
    pub const ALL: &'static [InputKind] = &[
        InputKind::IamPolicy,
        InputKind::Cloudformation,
        InputKind::BlockDeviceMappings,
        InputKind::RunInstances,
        InputKind::LaunchTemplateData,
        InputKind::EmrSecurityConfiguration,
        InputKind::EmrConfigurations,
        InputKind::EcsTaskDefinition,
        InputKind::KafkaProperties,
        InputKind::CassandraYaml,
        InputKind::CassandraEnv,
        InputKind::CloudlintRule,
        InputKind::IamAssertions,
    ];

    /// The kebab-case name used on the command line and in output.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            InputKind::IamPolicy => "iam-policy",
            InputKind::Cloudformation => "cloudformation",
            InputKind::BlockDeviceMappings => "block-device-mappings",
            InputKind::RunInstances => "run-instances",
            InputKind::LaunchTemplateData => "launch-template-data",
            InputKind::EmrSecurityConfiguration => "emr-security-configuration",
            InputKind::EmrConfigurations => "emr-configurations",
            InputKind::EcsTaskDefinition => "ecs-task-definition",
            InputKind::KafkaProperties => "kafka-properties",
            InputKind::CassandraYaml => "cassandra-yaml",
            InputKind::CassandraEnv => "cassandra-env",
            InputKind::CloudlintRule => "cloudlint-rule",
            InputKind::IamAssertions => "iam-assertions",
        }
    }

    /// Whether files of this kind are parsed into a tree (declarative rules
    /// match trees; `cassandra-env.sh` is a shell script its rules read).
    #[must_use]
    pub fn has_tree(self) -> bool {
        self != InputKind::CassandraEnv
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<InputKind> {
        InputKind::ALL.iter().copied().find(|k| k.as_str() == s)
    }
}

impl std::fmt::Display for InputKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
