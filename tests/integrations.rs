//! End-to-end tests of the configuration file, suppressions and baselines.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "test helpers may fail loudly"
)]

use std::path::Path;

use assert_cmd::Command;

fn cloudlint(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cloudlint"));
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env("CLOUDLINT_TODAY", "2026-11-27");
    cmd
}

const DUP_POLICY: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Deny\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::b/*\", \"Effect\": \"Allow\"}\n  ]\n}\n";

fn stdout(cmd: &mut Command) -> (i32, String) {
    let out = cmd.output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
fn baseline_hides_known_findings_even_after_lines_move() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("p.json"), DUP_POLICY).expect("write");
    let (code, _) = stdout(cloudlint(dir.path()).args([
        "check",
        "--no-config",
        "--write-baseline",
        "base.json",
        "p.json",
    ]));
    assert_eq!(code, 1);
    let (code, out) = stdout(cloudlint(dir.path()).args([
        "check",
        "--no-config",
        "--baseline",
        "base.json",
        "--format",
        "concise",
        "p.json",
    ]));
    assert_eq!(code, 0, "{out}");
    // Move the statement down two lines: still known.
    std::fs::write(
        dir.path().join("p.json"),
        DUP_POLICY.replacen("{\n", "{\n\n\n", 1),
    )
    .expect("write");
    let (code, out) = stdout(cloudlint(dir.path()).args([
        "check",
        "--no-config",
        "--baseline",
        "base.json",
        "--format",
        "concise",
        "p.json",
    ]));
    assert_eq!(code, 0, "{out}");
    // A new problem is reported.
    std::fs::write(
        dir.path().join("p.json"),
        DUP_POLICY.replace(
            "\"Resource\": \"arn:aws:s3:::b/*\",",
            "\"Resource\": \"arn:aws:s3:::b/*\", \"Resource\": \"arn:aws:s3:::b/*\",",
        ),
    )
    .expect("write");
    let (code, out) = stdout(cloudlint(dir.path()).args([
        "check",
        "--no-config",
        "--baseline",
        "base.json",
        "--format",
        "concise",
        "p.json",
    ]));
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("duplicate key \"Resource\""), "{out}");
    assert!(!out.contains("duplicate key \"Effect\""), "{out}");
}

#[test]
fn configuration_errors_name_the_line_and_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join(".cloudlint.toml"),
        "fail-on = \"error\"\n[limits]\nmax-dept = 3\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("p.json"), DUP_POLICY).expect("write");
    let (code, out) = stdout(cloudlint(dir.path()).args(["check", "p.json"]));
    assert_eq!(code, 2);
    assert!(
        out.contains(".cloudlint.toml:3:1: unknown key `max-dept`"),
        "{out}"
    );
    assert!(out.contains("did you mean `max-depth`"), "{out}");
}

#[test]
fn init_writes_a_valid_starter_file_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (code, _) = stdout(cloudlint(dir.path()).arg("init"));
    assert_eq!(code, 0);
    let (code, out) = stdout(cloudlint(dir.path()).arg("init"));
    assert_eq!(code, 2, "{out}");
    std::fs::write(
        dir.path().join("p.json"),
        "{\"Version\": \"2012-10-17\", \"Statement\": []}",
    )
    .expect("write");
    let (code, out) = stdout(cloudlint(dir.path()).args(["check", "p.json"]));
    assert_eq!(code, 0, "{out}");
}

#[test]
fn config_suppressions_silence_json_findings_and_report_when_unused() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("p.json"), DUP_POLICY).expect("write");
    std::fs::write(
        dir.path().join(".cloudlint.toml"),
        "[[suppress]]\npaths = [\"p.json\"]\nrule = \"SYN004\"\nreason = \"reviewed\"\n\n[[suppress]]\npaths = [\"other.json\"]\nrule = \"SYN004\"\nreason = \"stale\"\n",
    )
    .expect("write");
    let (code, out) = stdout(cloudlint(dir.path()).args(["check", "--format", "concise", "."]));
    assert!(!out.contains("duplicate key"), "{out}");
    assert!(
        out.contains(".cloudlint.toml:6:1: warning[SUP001]"),
        "{out}"
    );
    assert_eq!(code, 1, "{out}");
    let (_, out) =
        stdout(cloudlint(dir.path()).args(["check", "--format", "concise", "--no-suppress", "."]));
    assert!(out.contains("duplicate key \"Effect\""), "{out}");
    assert!(!out.contains("SUP001"), "{out}");
}

#[test]
fn severity_overrides_change_the_exit_status() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("p.json"), DUP_POLICY).expect("write");
    std::fs::write(
        dir.path().join(".cloudlint.toml"),
        "[severity]\nduplicate-key = \"note\"\n",
    )
    .expect("write");
    let (code, out) =
        stdout(cloudlint(dir.path()).args(["check", "--format", "concise", "p.json"]));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("note[SYN004]"), "{out}");
    let (code, _) = stdout(cloudlint(dir.path()).args(["check", "--fail-on", "note", "p.json"]));
    assert_eq!(code, 1);
}

#[test]
fn github_and_junit_formats() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("p, 100%.json"), DUP_POLICY).expect("write");
    let (code, out) =
        stdout(cloudlint(dir.path()).args(["check", "--no-config", "--format", "github", "."]));
    assert_eq!(code, 1);
    assert!(
        out.contains("::error file=p%2C 100%25.json,line=4,col=82,endLine=4,endColumn=90,title=SYN004 duplicate-key::duplicate key"),
        "{out}"
    );
    let (_, out) =
        stdout(cloudlint(dir.path()).args(["check", "--no-config", "--format", "junit", "."]));
    assert!(out.starts_with("<?xml"), "{out}");
    assert!(
        out.contains("<failure type=\"SYN004 duplicate-key\""),
        "{out}"
    );
    assert!(out.contains("tests=\"1\" failures=\"1\""), "{out}");
}

#[test]
fn completions_and_man_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (code, out) = stdout(cloudlint(dir.path()).args(["completions", "bash"]));
    assert_eq!(code, 0);
    assert!(
        out.contains("cloudlint") && out.contains("--select"),
        "{out}"
    );
    let (code, out) = stdout(cloudlint(dir.path()).arg("man"));
    assert_eq!(code, 0);
    assert!(out.contains(".TH cloudlint"), "{out}");
}

#[test]
fn assertion_files_in_the_configuration_are_checked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    std::fs::create_dir(d.join("iam")).expect("mkdir");
    std::fs::write(
        d.join("iam/ci.json"),
        "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:Delete*\", \"Resource\": \"arn:aws:s3:::*\"}]}",
    )
    .expect("write");
    std::fs::write(
        d.join("guard.yaml"),
        "defaults:\n  principal: arn:aws:iam::111122223333:role/ci\n  identity-policies: [iam/ci.json]\nassertions:\n  - name: no prod delete\n    action: s3:DeleteBucket\n    resource: arn:aws:s3:::prod\n    expect: deny\n",
    )
    .expect("write");
    std::fs::write(
        d.join(".cloudlint.toml"),
        "[assertions]\nfiles = [\"guard.yaml\"]\n",
    )
    .expect("write");
    let (code, out) = stdout(cloudlint(d).args(["check", "--format", "concise", "iam"]));
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("guard.yaml:5:5: error[IAM201] assertion \"no prod delete\" expects deny"),
        "{out}"
    );
}
