//! Rules for ECS task definitions.

pub mod unknown_container_field;

/// The fields of an ECS `ContainerDefinition` (RegisterTaskDefinition API,
/// camelCase as in `--cli-input-json` and `describe-task-definition`).
pub const CONTAINER_FIELDS: &[&str] = &[
    "command",
    "cpu",
    "credentialSpecs",
    "dependsOn",
    "disableNetworking",
    "dnsSearchDomains",
    "dnsServers",
    "dockerLabels",
    "dockerSecurityOptions",
    "entryPoint",
    "environment",
    "environmentFiles",
    "essential",
    "extraHosts",
    "firelensConfiguration",
    "healthCheck",
    "hostname",
    "image",
    "interactive",
    "links",
    "linuxParameters",
    "logConfiguration",
    "memory",
    "memoryReservation",
    "mountPoints",
    "name",
    "portMappings",
    "privileged",
    "pseudoTerminal",
    "readonlyRootFilesystem",
    "repositoryCredentials",
    "resourceRequirements",
    "restartPolicy",
    "secrets",
    "startTimeout",
    "stopTimeout",
    "systemControls",
    "ulimits",
    "user",
    "versionConsistency",
    "volumesFrom",
    "workingDirectory",
];

use crate::parse::Node;

/// The task definition object: the document itself, or the `taskDefinition`
/// member of `describe-task-definition` output.
#[must_use]
pub fn task_definition(root: &Node) -> &Node {
    root.get("taskDefinition")
        .filter(|t| t.is_object())
        .unwrap_or(root)
}
