//! Deciding what a file is: its syntax (from its name, then its first bytes)
//! and its input kind (from its content first, its name second).

use std::path::Path;

use super::InputKind;
use crate::parse::{Node, Syntax, Value};

/// The syntax of a file, from its extension; `.template` and unknown
/// extensions are sniffed from the text. `None` means "not a configuration
/// file we read" (only asked for files found by walking).
#[must_use]
pub fn syntax_from_name(path: &Path) -> Option<Syntax> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let ext = name.rsplit_once('.').map(|(_, e)| e)?;
    match ext {
        "json" => Some(Syntax::Json),
        "yaml" | "yml" => Some(Syntax::Yaml),
        "properties" => Some(Syntax::Properties),
        "sh" => Some(Syntax::Shell),
        _ => None,
    }
}

/// Whether the file is a Cassandra `cassandra-env.sh` (or a node-specific
/// copy such as `node1.cassandra-env.sh`).
#[must_use]
pub fn is_cassandra_env(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .map(str::to_ascii_lowercase)
        .is_some_and(|n| n == "cassandra-env.sh" || n.ends_with(".cassandra-env.sh"))
}

/// Whether a walked file is worth reading at all.
#[must_use]
pub fn is_candidate(path: &Path) -> bool {
    // Of shell scripts, only the one cloudlint reads.
    syntax_from_name(path).is_some_and(|s| s != Syntax::Shell || is_cassandra_env(path))
        || path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("template"))
}

/// The syntax of a file: its extension when it has a known one, otherwise a
/// look at the text (`{`/`[` → JSON, `key=value` lines → properties, else YAML).
#[must_use]
pub fn syntax_of(path: &Path, text: &str) -> Syntax {
    if let Some(s) = syntax_from_name(path) {
        return s;
    }
    sniff_syntax(text)
}

#[must_use]
pub fn sniff_syntax(text: &str) -> Syntax {
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('!'));
    match first {
        Some(l) if l.starts_with('{') || l.starts_with('[') => Syntax::Json,
        Some(l) if looks_like_property(l) => Syntax::Properties,
        _ => Syntax::Yaml,
    }
}

fn looks_like_property(line: &str) -> bool {
    let key_end = line.find(['=', ':']).unwrap_or(0);
    key_end > 0
        && line.get(..key_end).is_some_and(|k| {
            k.trim()
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
                && k.contains('.')
        })
        && line.get(key_end..key_end + 1) == Some("=")
}

/// The kind of a parsed document: content first, file name second.
#[must_use]
pub fn kind_of(path: &Path, syntax: Syntax, root: &Node) -> Option<InputKind> {
    kind_from_content(syntax, root).or_else(|| kind_from_name(path))
}

fn has(node: &Node, key: &str) -> bool {
    node.member(key).is_some()
}

fn kind_from_content(syntax: Syntax, root: &Node) -> Option<InputKind> {
    match syntax {
        Syntax::Properties => is_kafka_broker(root).then_some(InputKind::KafkaProperties),
        Syntax::Shell => None,
        Syntax::Json | Syntax::Yaml => match &root.value {
            Value::Object(_) => object_kind(syntax, root),
            Value::Array(items) => array_kind(items),
            _ => None,
        },
    }
}

/// A Kafka broker's or controller's `server.properties`: one setting only
/// brokers have, or two that brokers share with other Kafka processes
/// (Connect workers have `listeners` too, and TLS settings). Client and
/// Connect configurations, which name `bootstrap.servers`, need a
/// broker-only setting.
fn is_kafka_broker(root: &Node) -> bool {
    const BROKER_ONLY: &[&str] = &[
        "broker.id",
        "process.roles",
        "zookeeper.connect",
        "controller.quorum.voters",
        "controller.quorum.bootstrap.servers",
        "controller.listener.names",
        "inter.broker.listener.name",
        "security.inter.broker.protocol",
        "listener.security.protocol.map",
        "log.dirs",
        "num.partitions",
        "default.replication.factor",
        "offsets.topic.replication.factor",
        "transaction.state.log.replication.factor",
        "min.insync.replicas",
        "unclean.leader.election.enable",
        "auto.create.topics.enable",
        "authorizer.class.name",
        "allow.everyone.if.no.acl.found",
        "broker.rack",
    ];
    const SHARED: &[&str] = &[
        "listeners",
        "advertised.listeners",
        "node.id",
        "log.dir",
        "num.network.threads",
        "num.io.threads",
        "log.retention.hours",
        "super.users",
        "sasl.enabled.mechanisms",
        "ssl.client.auth",
    ];
    if BROKER_ONLY.iter().any(|k| has(root, k)) {
        return true;
    }
    !has(root, "bootstrap.servers") && SHARED.iter().filter(|k| has(root, k)).count() >= 2
}

fn object_kind(syntax: Syntax, root: &Node) -> Option<InputKind> {
    if has(root, "AWSTemplateFormatVersion")
        || (has(root, "Resources")
            && root
                .get("Resources")
                .is_some_and(|r| r.members().iter().any(|m| has(&m.value, "Type"))))
        || (has(root, "Transform") && has(root, "Resources"))
    {
        return Some(InputKind::Cloudformation);
    }
    if has(root, "Statement") {
        return Some(InputKind::IamPolicy);
    }
    if has(root, "containerDefinitions")
        || root
            .get("taskDefinition")
            .is_some_and(|t| has(t, "containerDefinitions"))
    {
        return Some(InputKind::EcsTaskDefinition);
    }
    if [
        "EncryptionConfiguration",
        "AuthenticationConfiguration",
        "AuthorizationConfiguration",
        "InstanceMetadataServiceConfiguration",
    ]
    .iter()
    .any(|k| has(root, k))
    {
        return Some(InputKind::EmrSecurityConfiguration);
    }
    if let Some(kind) = emr_wrapper_kind(root) {
        return Some(kind);
    }
    if has(root, "LaunchTemplateData") {
        return Some(InputKind::LaunchTemplateData);
    }
    if has(root, "MinCount") || has(root, "MaxCount") {
        return Some(InputKind::RunInstances);
    }
    if (has(root, "ImageId") || has(root, "InstanceType") || has(root, "BlockDeviceMappings"))
        && !has(root, "Resources")
    {
        return Some(InputKind::LaunchTemplateData);
    }
    if has(root, "DeviceName")
        && (has(root, "Ebs") || has(root, "VirtualName") || has(root, "NoDevice"))
    {
        return Some(InputKind::BlockDeviceMappings);
    }
    if has(root, "code") && has(root, "select") && (has(root, "kinds") || has(root, "severity")) {
        return Some(InputKind::CloudlintRule);
    }
    if root
        .get("assertions")
        .is_some_and(|a| !a.items().is_empty() && a.items().iter().all(|i| has(i, "expect")))
    {
        return Some(InputKind::IamAssertions);
    }
    if syntax == Syntax::Yaml && is_cassandra(root) {
        return Some(InputKind::CassandraYaml);
    }
    None
}

/// EMR documents that wrap the parts cloudlint lints: `create-` or
/// `describe-security-configuration` JSON (`Name` + `SecurityConfiguration`),
/// a RunJobFlow request or `describe-cluster` output carrying `Configurations`
/// or `KerberosAttributes`, and a `--kerberos-attributes` file.
fn emr_wrapper_kind(root: &Node) -> Option<InputKind> {
    let cluster = root
        .get("Cluster")
        .filter(|c| c.is_object())
        .unwrap_or(root);
    let classification_list =
        |n: &Node| n.items().first().is_some_and(|i| has(i, "Classification"));
    if cluster
        .get("Configurations")
        .is_some_and(classification_list)
        || (has(cluster, "KerberosAttributes") && has(cluster, "ReleaseLabel"))
        || crate::emr::configurations::is_kerberos_attributes(root)
    {
        return Some(InputKind::EmrConfigurations);
    }
    // A cluster request names its security configuration; a security
    // configuration wrapper holds the document itself.
    let document = root.get("SecurityConfiguration").is_some_and(|sc| {
        sc.is_object() || sc.as_str().is_some_and(|t| t.trim_start().starts_with('{'))
    });
    if document && has(root, "Name") && !has(root, "Resources") {
        return Some(InputKind::EmrSecurityConfiguration);
    }
    None
}

fn is_cassandra(root: &Node) -> bool {
    const CASSANDRA_KEYS: &[&str] = &[
        "cluster_name",
        "seed_provider",
        "num_tokens",
        "partitioner",
        "commitlog_directory",
        "data_file_directories",
        "endpoint_snitch",
        "authenticator",
        "authorizer",
        "listen_address",
        "rpc_address",
        "native_transport_port",
        "server_encryption_options",
        "client_encryption_options",
        "commitlog_sync",
    ];
    CASSANDRA_KEYS.iter().filter(|k| has(root, k)).count() >= 2
}

fn array_kind(items: &[Node]) -> Option<InputKind> {
    let objects: Vec<&Node> = items.iter().filter(|n| n.is_object()).collect();
    if objects.is_empty() || objects.len() != items.len() {
        return None;
    }
    if objects.iter().all(|o| has(o, "Classification")) {
        return Some(InputKind::EmrConfigurations);
    }
    if objects.iter().all(|o| has(o, "DeviceName")) {
        return Some(InputKind::BlockDeviceMappings);
    }
    None
}

/// The kind suggested by a file's name alone.
#[must_use]
pub fn kind_from_name(path: &Path) -> Option<InputKind> {
    if is_cassandra_env(path) {
        return Some(InputKind::CassandraEnv);
    }
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    if name == "server.properties" || name.ends_with(".server.properties") {
        return Some(InputKind::KafkaProperties);
    }
    // cassandra.yaml, the 5.0 cassandra_latest.yaml, and node-specific
    // copies such as node1.cassandra.yaml (not cassandra-topology.yaml).
    let stem = name
        .strip_suffix(".yaml")
        .or_else(|| name.strip_suffix(".yml"));
    if stem
        .is_some_and(|s| s == "cassandra" || s == "cassandra_latest" || s.ends_with(".cassandra"))
    {
        return Some(InputKind::CassandraYaml);
    }
    if name.ends_with(".template") || name.contains(".template.") || name.contains("cloudformation")
    {
        return Some(InputKind::Cloudformation);
    }
    None
}

/// For a file that could not be parsed: a guess from the raw text, so that its
/// syntax error is still reported when it is plainly one of our kinds.
#[must_use]
pub fn kind_from_text(path: &Path, text: &str) -> Option<InputKind> {
    if is_cassandra_env(path) {
        return Some(InputKind::CassandraEnv);
    }
    let quoted = |k: &str| text.contains(&format!("\"{k}\"")) || text.contains(&format!("{k}:"));
    if quoted("AWSTemplateFormatVersion") || (quoted("Resources") && quoted("Type")) {
        Some(InputKind::Cloudformation)
    } else if quoted("Statement") && (quoted("Effect") || quoted("Version")) {
        Some(InputKind::IamPolicy)
    } else if quoted("containerDefinitions") {
        Some(InputKind::EcsTaskDefinition)
    } else if quoted("Classification") {
        Some(InputKind::EmrConfigurations)
    } else if quoted("AuthorizationConfiguration")
        || quoted("EncryptionConfiguration")
        || quoted("AuthenticationConfiguration")
    {
        Some(InputKind::EmrSecurityConfiguration)
    } else if quoted("DeviceName") {
        Some(InputKind::BlockDeviceMappings)
    } else if quoted("code") && quoted("select") && quoted("kinds") {
        Some(InputKind::CloudlintRule)
    } else if [
        "broker.id",
        "process.roles",
        "zookeeper.connect",
        "controller.quorum.voters",
    ]
    .iter()
    .any(|k| {
        text.lines()
            .any(|l| l.trim_start().starts_with(&format!("{k}=")))
    }) {
        Some(InputKind::KafkaProperties)
    } else if quoted("cluster_name")
        && [
            "seed_provider",
            "endpoint_snitch",
            "authenticator",
            "commitlog_directory",
        ]
        .iter()
        .any(|k| quoted(k))
    {
        Some(InputKind::CassandraYaml)
    } else {
        kind_from_name(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Limits, parse};

    fn kind(name: &str, text: &str) -> Option<InputKind> {
        let path = Path::new(name);
        let syntax = syntax_of(path, text);
        let parsed = parse(syntax, text, &Limits::default());
        parsed.root.and_then(|r| kind_of(path, syntax, &r))
    }

    #[test]
    fn detects_by_content() {
        assert_eq!(
            kind("x.json", r#"{"Version":"2012-10-17","Statement":[]}"#),
            Some(InputKind::IamPolicy)
        );
        assert_eq!(
            kind(
                "x.json",
                r#"{"Resources":{"A":{"Type":"AWS::S3::Bucket"}}}"#
            ),
            Some(InputKind::Cloudformation)
        );
        assert_eq!(
            kind(
                "x.json",
                r#"[{"Classification":"hue-ini","Properties":{}}]"#
            ),
            Some(InputKind::EmrConfigurations)
        );
        assert_eq!(
            kind("x.json", r#"[{"DeviceName":"/dev/sda1","Ebs":{}}]"#),
            Some(InputKind::BlockDeviceMappings)
        );
        assert_eq!(
            kind("x.json", r#"{"DeviceName":"/dev/sda1","Ebs":{}}"#),
            Some(InputKind::BlockDeviceMappings)
        );
        assert_eq!(
            kind("x.json", r#"{"ImageId":"ami-1","MinCount":1,"MaxCount":1}"#),
            Some(InputKind::RunInstances)
        );
        assert_eq!(
            kind("x.json", r#"{"family":"a","containerDefinitions":[]}"#),
            Some(InputKind::EcsTaskDefinition)
        );
        assert_eq!(
            kind("x.json", r#"{"AuthorizationConfiguration":{}}"#),
            Some(InputKind::EmrSecurityConfiguration)
        );
        assert_eq!(
            kind(
                "x.json",
                r#"{"Name":"sc","SecurityConfiguration":" {}","CreationDateTime":1}"#
            ),
            Some(InputKind::EmrSecurityConfiguration)
        );
        assert_eq!(
            kind(
                "x.json",
                r#"{"Name":"c","ReleaseLabel":"emr-7.1.0","Configurations":[{"Classification":"hive-site"}]}"#
            ),
            Some(InputKind::EmrConfigurations)
        );
        assert_eq!(
            kind(
                "x.json",
                r#"{"Cluster":{"Id":"j-1","Configurations":[{"Classification":"hive-site"}]}}"#
            ),
            Some(InputKind::EmrConfigurations)
        );
        assert_eq!(
            kind(
                "x.json",
                r#"{"Realm":"EC2.INTERNAL","KdcAdminPassword":"x"}"#
            ),
            Some(InputKind::EmrConfigurations)
        );
        assert_eq!(
            kind(
                "x.json",
                r#"{"Name":"c","ReleaseLabel":"emr-7.1.0","SecurityConfiguration":"mt","KerberosAttributes":{}}"#
            ),
            Some(InputKind::EmrConfigurations)
        );
        assert_eq!(
            kind(
                "x.json",
                r#"{"code":"X100","select":"$.a","kinds":["iam-policy"]}"#
            ),
            Some(InputKind::CloudlintRule)
        );
        assert_eq!(kind("package.json", r#"{"name":"x"}"#), None);
        assert_eq!(kind("x.json", r#"[1,2]"#), None);
    }

    #[test]
    fn kafka_brokers_but_not_other_kafka_processes() {
        let props = |text: &str| kind("x.properties", text);
        assert_eq!(
            props("process.roles=broker,controller\nnode.id=1\n"),
            Some(InputKind::KafkaProperties)
        );
        assert_eq!(
            props("listeners=SSL://:9093\nlog.dir=/data\n"),
            Some(InputKind::KafkaProperties)
        );
        assert_eq!(props("listeners=HTTP://:8083\n"), None, "one shared key");
        assert_eq!(
            props(
                "bootstrap.servers=b:9092\ngroup.id=connect\nlisteners=HTTP://:8083\nssl.client.auth=required\n"
            ),
            None,
            "a Connect worker"
        );
        assert_eq!(props("server.port=8080\nspring.application.name=x\n"), None);
        assert_eq!(
            kind("conf/server.properties", "server.port=8080\n"),
            Some(InputKind::KafkaProperties),
            "the name is a fallback"
        );
    }

    #[test]
    fn cassandra_env_scripts_by_name_only() {
        for name in [
            "cassandra-env.sh",
            "conf/node1.cassandra-env.sh",
            "CASSANDRA-ENV.SH",
        ] {
            let path = Path::new(name);
            assert!(is_candidate(path), "{name}");
            assert_eq!(syntax_of(path, "LOCAL_JMX=no\n"), Syntax::Shell);
            assert_eq!(
                kind_from_text(path, "LOCAL_JMX=no\n"),
                Some(InputKind::CassandraEnv)
            );
        }
        for name in ["install.sh", "cassandra-env.sh.bak", "env.sh"] {
            assert!(!is_candidate(Path::new(name)), "{name}");
        }
        assert_eq!(kind_from_text(Path::new("env.sh"), "LOCAL_JMX=no\n"), None);
    }

    #[test]
    fn unparsable_kafka_and_cassandra_files_are_still_recognised() {
        assert_eq!(
            kind_from_text(
                Path::new("b1.properties"),
                "broker.id=1\nssl.key.password=\\uZZZZ\n"
            ),
            Some(InputKind::KafkaProperties)
        );
        assert_eq!(
            kind_from_text(
                Path::new("node.yaml"),
                "cluster_name: x\nendpoint_snitch: [\n"
            ),
            Some(InputKind::CassandraYaml)
        );
        assert_eq!(kind_from_text(Path::new("x.properties"), "a=1\n"), None);
    }

    #[test]
    fn sniffs_syntax() {
        assert_eq!(sniff_syntax("  {\"a\":1}"), Syntax::Json);
        assert_eq!(sniff_syntax("# c\nbroker.id=1\n"), Syntax::Properties);
        assert_eq!(sniff_syntax("Resources:\n  A: 1\n"), Syntax::Yaml);
    }

    #[test]
    fn names_are_a_fallback() {
        assert_eq!(
            kind_from_name(Path::new("conf/server.properties")),
            Some(InputKind::KafkaProperties)
        );
        assert_eq!(
            kind_from_name(Path::new("cassandra.yaml")),
            Some(InputKind::CassandraYaml)
        );
        assert_eq!(
            kind_from_name(Path::new("conf/cassandra_latest.yaml")),
            Some(InputKind::CassandraYaml)
        );
        assert_eq!(
            kind_from_name(Path::new("nodes/dc1-rack1.cassandra.yml")),
            Some(InputKind::CassandraYaml)
        );
        assert_eq!(
            kind_from_name(Path::new("conf/cassandra-topology.yaml")),
            None
        );
        assert_eq!(kind_from_name(Path::new("a.json")), None);
    }
}
