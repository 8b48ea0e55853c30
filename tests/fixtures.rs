//! Snapshot tests over `testdata/`: every rule's failing and passing fixtures,
//! and the seed examples. Each `fail/` fixture must trigger its rule, each
//! `pass/` fixture must not, and the full output is snapshotted.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use cloudlint::rules::all_rules;

fn fixture_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file() && !common::is_fixture_config(p))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn snapshot_name(path: &Path) -> String {
    path.strip_prefix("testdata")
        .unwrap_or(path)
        .to_string_lossy()
        .replace(['/', '\\'], "__")
}

#[test]
fn rule_fixtures() {
    let root = Path::new("testdata");
    let mut failures = Vec::new();
    for rule in all_rules() {
        let code = rule.meta().code.to_string();
        for (sub, must_fire) in [("fail", true), ("pass", false)] {
            for file in fixture_files(&root.join(&code).join(sub)) {
                let result = common::lint_file(&file);
                let fired = result.diagnostics.iter().any(|d| d.code == code);
                if fired != must_fire {
                    failures.push(format!(
                        "{}: expected {code} {}",
                        file.display(),
                        if must_fire { "to fire" } else { "not to fire" }
                    ));
                }
                insta::assert_snapshot!(snapshot_name(&file), common::render(&result));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "fixture expectations failed:\n{}",
        failures.join("\n")
    );
}

#[test]
fn seed_examples() {
    for file in fixture_files(Path::new("testdata/seed")) {
        if file.extension().is_some_and(|e| e == "md") {
            continue;
        }
        let result = common::lint_file(&file);
        insta::assert_snapshot!(snapshot_name(&file), common::render(&result));
    }
}

/// The default configuration files Apache Kafka and Apache Cassandra ship
/// (`server.properties`, `cassandra.yaml`, `cassandra-env.sh`)
/// (`testdata/upstream/SOURCE.md`): what a user linting them gets.
#[test]
fn upstream_default_configurations() {
    let files: Vec<PathBuf> = fixture_files(Path::new("testdata/upstream"))
        .into_iter()
        .filter(|f| f.extension().is_none_or(|e| e != "md"))
        .collect();
    assert_eq!(files.len(), 5, "{files:?}");
    for file in files {
        let result = common::lint_file(&file);
        assert!(result.kind.is_some(), "{}: not recognised", file.display());
        insta::assert_snapshot!(snapshot_name(&file), common::render(&result));
    }
}

/// Every `.cloudlint.toml` that configures a fixture directory is valid (an
/// invalid one would silently leave the fixtures on default settings).
#[test]
fn fixture_configurations_load() {
    let mut found = 0;
    for rule in all_rules() {
        for sub in ["fail", "pass"] {
            let config = Path::new("testdata")
                .join(rule.meta().code.as_ref())
                .join(sub)
                .join(".cloudlint.toml");
            if config.is_file() {
                found += 1;
                if let Err(e) = cloudlint::config::file::load(&config) {
                    panic!("{}: {:?}", config.display(), e.errors);
                }
            }
        }
    }
    assert!(found >= 3, "the KFK006, KFK011 and CAS005 configurations");
}

/// Rules that cannot have a failing fixture file: SYN007 reports cloudlint's own panics.
const NO_FAIL_FIXTURE: &[&str] = &["SYN007"];

#[test]
fn every_rule_is_documented_and_has_fixtures() {
    let mut codes = BTreeSet::new();
    let mut names = BTreeSet::new();
    let mut problems = Vec::new();
    for rule in all_rules() {
        let m = rule.meta();
        if !codes.insert(m.code.to_string()) {
            problems.push(format!("duplicate code {}", m.code));
        }
        if !names.insert(m.name.to_string()) {
            problems.push(format!("duplicate name {}", m.name));
        }
        if !m
            .name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            problems.push(format!("{}: name `{}` is not kebab-case", m.code, m.name));
        }
        for section in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## Fix",
            "## References",
        ] {
            if !m.docs.contains(section) {
                problems.push(format!("{}: docs lack `{section}`", m.code));
            }
        }
        let dir = Path::new("testdata").join(m.code.as_ref());
        if !NO_FAIL_FIXTURE.contains(&m.code.as_ref())
            && fixture_files(&dir.join("fail")).is_empty()
        {
            problems.push(format!(
                "{}: no failing fixture in {}/fail",
                m.code,
                dir.display()
            ));
        }
        if fixture_files(&dir.join("pass")).is_empty() {
            problems.push(format!(
                "{}: no passing fixture in {}/pass",
                m.code,
                dir.display()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
