//! End-to-end tests of declarative rules through the `cloudlint` binary:
//! user rules from `--rules DIR`, broken rule files as findings, and the
//! built-in rules in `rules` and `explain`.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test helpers may fail loudly"
)]

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const USER_RULE: &str = r#"{
  "code": "ACME001",
  "name": "unpinned-image",
  "severity": "warning",
  "kinds": ["ecs-task-definition"],
  "summary": "A container image that is not pinned to a version",
  "select": "$..containerDefinitions[*].image",
  "when": { "any": [ { "matches": ":latest$" }, { "not": { "matches": "[:@]" } } ] },
  "message": "container \"{../name}\" uses the unpinned image {value}",
  "help": "pin {../name} to a version tag or a digest"
}
"#;

const TASK: &str = r#"{
  "family": "web",
  "containerDefinitions": [
    { "name": "web", "image": "nginx:latest", "readonlyRootFilesystem": true },
    { "name": "sidecar", "image": "busybox@sha256:0000", "readonlyRootFilesystem": true }
  ]
}
"#;

fn cloudlint() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cloudlint"));
    cmd.env("NO_COLOR", "1");
    cmd
}

fn write(dir: &Path, name: &str, text: &str) {
    fs::write(dir.join(name), text).unwrap();
}

fn findings(output: &[u8]) -> Vec<Value> {
    let doc: Value = serde_json::from_slice(output).unwrap();
    doc["findings"].as_array().unwrap().clone()
}

#[test]
fn a_user_rule_runs_like_a_built_in_one() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    fs::create_dir(&rules).unwrap();
    write(&rules, "ACME001-unpinned-image.json", USER_RULE);
    write(dir.path(), "task.json", TASK);
    let out = cloudlint()
        .args(["check", "--format", "json", "--rules"])
        .arg(&rules)
        .arg(dir.path().join("task.json"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "a warning fails the run by default"
    );
    let found = findings(&out.stdout);
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert_eq!(f["code"], "ACME001");
    assert_eq!(f["name"], "unpinned-image");
    assert_eq!(f["severity"], "warning");
    assert_eq!(
        f["message"],
        "container \"web\" uses the unpinned image nginx:latest"
    );
    assert_eq!(f["help"], "pin web to a version tag or a digest");
    assert_eq!(f["start"]["line"], 4);
    assert_eq!(f["start"]["column"], 31);
    assert_eq!(f["logical_path"], "$.containerDefinitions[0].image");

    // Selected by code like any rule; without the rule directory it is unknown.
    let out = cloudlint()
        .args([
            "check", "--format", "concise", "--select", "ACME001", "--rules",
        ])
        .arg(&rules)
        .arg(dir.path().join("task.json"))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("task.json:4:31: warning[ACME001]"), "{text}");
    cloudlint()
        .args(["check", "--select", "ACME001"])
        .arg(dir.path().join("task.json"))
        .assert()
        .code(2);
}

#[test]
fn a_broken_rule_file_is_a_finding_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    fs::create_dir(&rules).unwrap();
    write(
        &rules,
        "broken.json",
        &USER_RULE
            .replace("\"any\"", "\"anyof\"")
            .replace("ACME001", "ACME002"),
    );
    write(&rules, "not-json.json", "{ \"code\": \"ACME003\",, }");
    write(&rules, "good.json", USER_RULE);
    write(dir.path(), "task.json", TASK);
    let out = cloudlint()
        .args([
            "check", "--format", "concise", "--select", "ACME", "--rules",
        ])
        .arg(&rules)
        .arg(dir.path().join("task.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    // The broken rule is refused with its position, whatever --select says…
    assert!(
        text.contains("broken.json:8:13: error[RUL001] unknown field `anyof` in a condition"),
        "{text}"
    );
    assert!(text.contains("not-json.json:1:21: error[SYN001]"), "{text}");
    // …and the good one still runs.
    assert!(text.contains("task.json:4:31: warning[ACME001]"), "{text}");
    assert!(!text.contains("ACME002]"), "{text}");

    // Selecting the broken rule says why it is not there.
    let out = cloudlint()
        .args(["check", "--select", "ACME002", "--rules"])
        .arg(&rules)
        .arg(dir.path().join("task.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("`ACME002` matches no rule code, name or prefix")
            && err.contains("broken.json:8:13: unknown field `anyof` in a condition"),
        "{err}"
    );
}

#[test]
fn rules_that_collide_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.json", USER_RULE);
    write(dir.path(), "b.json", USER_RULE);
    write(
        dir.path(),
        "c.json",
        &USER_RULE
            .replace("ACME001", "ECS101")
            .replace("unpinned-image", "other-name"),
    );
    let out = cloudlint()
        .args(["check", "--format", "concise", "--rules"])
        .arg(dir.path())
        .arg(dir.path().join("a.json"))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("b.json:2:11: error[RUL001] the code `ACME001` is already used by the rule ACME001 `unpinned-image` (defined in "),
        "{text}"
    );
    assert!(
        text.contains("c.json:2:11: error[RUL001] the code `ECS101` is already used by the rule ECS101 `privileged-container`"),
        "{text}"
    );
    // a.json was both loaded and linted as an input: no finding, and no repeat.
    assert!(!text.contains("a.json:"), "{text}");
}

#[test]
fn a_missing_rules_directory_is_a_usage_error() {
    let out = cloudlint()
        .args(["check", "--rules", "/nonexistent/cloudlint-rules", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("/nonexistent/cloudlint-rules: no such file"),
        "{err}"
    );
}

#[test]
fn rules_and_explain_show_declarative_rules() {
    let out = cloudlint().args(["rules"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for code in [
        "ECS101", "ECS102", "ECS103", "ECS104", "ECS105", "ECS106", "ECS107", "RUL001",
    ] {
        assert!(text.contains(code), "{code} missing from `rules`:\n{text}");
    }
    let out = cloudlint()
        .args(["explain", "privileged-container"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("# privileged-container (ECS101)"),
        "{text}"
    );
    assert!(text.contains("## Why is this bad?"), "{text}");
    assert!(
        text.contains("Declarative rule defined in `rules/ECS101-privileged-container."),
        "{text}"
    );

    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "acme.json", USER_RULE);
    let out = cloudlint()
        .args(["rules", "--format", "json", "--rules"])
        .arg(dir.path())
        .output()
        .unwrap();
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        list.iter()
            .any(|r| r["code"] == "ACME001" && r["kinds"][0] == "ecs-task-definition")
    );
    let out = cloudlint()
        .args(["explain", "ACME001", "--rules"])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("## What it does\nA container image that is not pinned to a version"),
        "{text}"
    );
}

#[test]
fn the_configuration_file_names_rule_directories() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("team-rules");
    fs::create_dir(&rules).unwrap();
    write(&rules, "acme.json", USER_RULE);
    write(dir.path(), ".cloudlint.toml", "rules = [\"team-rules\"]\n");
    let sub = dir.path().join("services");
    fs::create_dir(&sub).unwrap();
    write(&sub, "task.json", TASK);
    // Run from elsewhere: the rule directory is relative to the configuration file.
    let out = cloudlint()
        .current_dir(&sub)
        .args([
            "check",
            "--format",
            "concise",
            "--select",
            "ACME",
            "task.json",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("task.json:4:31: warning[ACME001]"), "{text}");
}

const KAFKA_RULE: &str = "\
code: KFK901
name: everyone-allowed-without-acls
severity: error
kinds: [kafka-properties]
summary: Topics and groups without ACLs are open to every client
select: $['allow.everyone.if.no.acl.found']
when:
  equals: true
report: key
message: '{key}={value}: a topic or group without ACLs is open to every principal'
";

#[test]
fn a_yaml_rule_serves_kafka_properties() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "kfk901.yaml", KAFKA_RULE);
    write(
        dir.path(),
        "server.properties",
        "broker.id=1\nlog.dirs=/var/lib/kafka\n# open by default\nallow.everyone.if.no.acl.found = TRUE\n",
    );
    let out = cloudlint()
        .args(["check", "--format", "concise", "--rules"])
        .arg(dir.path().join("kfk901.yaml"))
        .arg(dir.path().join("server.properties"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("server.properties:4:1: error[KFK901] allow.everyone.if.no.acl.found=TRUE: a topic or group without ACLs is open to every principal"),
        "{text}"
    );
}

#[test]
fn a_rule_file_that_is_not_yaml_is_a_syntax_finding() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "bad.yaml",
        "code: KFK902\nname: x\n  severity: error\n",
    );
    let out = cloudlint()
        .args(["check", "--format", "concise", "--rules"])
        .arg(dir.path())
        .arg(dir.path().join("bad.yaml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("bad.yaml:3:"), "{text}");
    assert!(text.contains("error[SYN001]"), "{text}");
}
