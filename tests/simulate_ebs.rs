//! `cloudlint simulate ebs` on every scenario of `testdata/simulate-ebs/`.
//!
//! A scenario is a folder: an `args` file (one command-line argument per
//! line, `#` lines describe the scenario; paths are relative to the folder),
//! the request and the policies it names, and the expected trace
//! `trace.snap` (human output and exit status). The JSON output carries the
//! same trace: it must parse, agree with the exit status, and for a few
//! scenarios it is snapshotted too (`trace.json.snap`).
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "test helpers may fail loudly"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

const JSON_SNAPSHOTS: &[&str] = &[
    "seed-mapping-as-printed",
    "role-without-create-grant",
    "auto-scaling-without-service-linked-role-in-key-policy",
];

fn scenarios() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("testdata/simulate-ebs")
        .expect("testdata/simulate-ebs")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn args(dir: &Path) -> Vec<String> {
    std::fs::read_to_string(dir.join("args"))
        .expect("args file")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

fn run(dir: &Path, extra: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cloudlint"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .arg("simulate")
        .arg("ebs")
        .args(args(dir))
        .args(extra)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_scenario_matches_its_trace() {
    let all = scenarios();
    assert!(
        all.len() >= 20,
        "at least 20 scenarios, found {}",
        all.len()
    );
    for dir in all {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let (code, stdout, stderr) = run(&dir, &[]);
        let description: String = std::fs::read_to_string(dir.join("args"))
            .unwrap()
            .lines()
            .filter_map(|l| l.strip_prefix("# "))
            .collect::<Vec<_>>()
            .join("\n");
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(format!("../testdata/simulate-ebs/{name}"));
        settings.set_prepend_module_to_snapshot(false);
        settings.set_description(description);
        settings.set_omit_expression(true);
        settings.bind(|| {
            insta::assert_snapshot!(
                "trace",
                format!(
                    "exit: {code}\n{stdout}{}",
                    if stderr.is_empty() {
                        String::new()
                    } else {
                        format!("stderr:\n{stderr}")
                    }
                )
            );
        });
        assert_ne!(code, 2, "{name}: the simulation failed: {stderr}");

        let (json_code, json, _) = run(&dir, &["--format", "json"]);
        assert_eq!(
            json_code, code,
            "{name}: JSON and human exit statuses differ"
        );
        let value: serde_json::Value = serde_json::from_str(&json).expect("JSON output");
        let outcome = value["verdict"]["outcome"].as_str().unwrap_or("");
        let unencrypted = value["verdict"]["unencrypted_volumes"]
            .as_array()
            .is_some_and(|v| !v.is_empty());
        assert_eq!(
            code == 0,
            outcome == "succeeds" && !unencrypted,
            "{name}: exit {code} disagrees with the JSON verdict {outcome}"
        );
        if JSON_SNAPSHOTS.contains(&name.as_str()) {
            settings.bind(|| insta::assert_snapshot!("trace.json", json));
        }
    }
}

#[test]
fn errors_exit_2_with_a_message() {
    let dir = Path::new("testdata/simulate-ebs/encrypted-snapshot-keeps-its-key");
    let out = Command::new(env!("CARGO_BIN_EXE_cloudlint"))
        .current_dir(dir)
        .args([
            "simulate",
            "ebs",
            "--request",
            "request.json",
            "--principal",
            "arn:aws:iam::111122223333:role/Launcher",
            "--region",
            "us-east-1",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--snapshot snap-0a1b2c3d4e5f60718=unencrypted"),
        "{stderr}"
    );
}
