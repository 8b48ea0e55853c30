//! Hostile inputs: each must finish in bounded time with a clear finding or
//! error, and leave the rest of the run unaffected.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "test helpers may fail loudly"
)]

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;

const POLICY: &str = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::b/*\", \"Effect\": \"Allow\"}]}\n";

fn check(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cloudlint"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(["check", "--no-config", "--format", "concise"])
        .args(args)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("runs")
}

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
}

/// A good file beside the hostile one is still linted (its SYN004 is reported).
fn assert_neighbour_linted(out: &str) {
    assert!(
        out.contains("good.json:1:") && out.contains("SYN004"),
        "the neighbour was not linted:\n{out}"
    );
}

#[test]
fn a_fifo_is_reported_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.json"), POLICY).unwrap();
    let fifo = dir.path().join("pipe.json");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    let o = check(dir.path(), &["pipe.json", "good.json"]);
    let out = text(&o);
    assert!(
        out.contains("pipe.json:1:1: error[SYN006] not a regular file"),
        "{out}"
    );
    assert_neighbour_linted(&out);
}

#[test]
fn a_symlink_loop_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.json"), POLICY).unwrap();
    std::os::unix::fs::symlink("b.json", dir.path().join("a.json")).unwrap();
    std::os::unix::fs::symlink("a.json", dir.path().join("b.json")).unwrap();
    let o = check(dir.path(), &["a.json", "good.json"]);
    let out = text(&o);
    assert!(out.contains("a.json:1:1: error[SYN006]"), "{out}");
    assert_neighbour_linted(&out);
    // Walking the folder does not follow links, so the loop is not entered.
    let o = check(dir.path(), &["."]);
    assert_neighbour_linted(&text(&o));
}

#[test]
fn binary_invalid_utf8_utf16_crlf_empty_and_oversized_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("good.json"), POLICY).unwrap();
    std::fs::write(d.join("binary.json"), [0x7f, b'E', b'L', b'F', 0, 0, 1, 2]).unwrap();
    std::fs::write(d.join("latin1.json"), b"{\"Statement\": \"caf\xe9\"}").unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    for u in POLICY.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    std::fs::write(d.join("utf16.json"), utf16).unwrap();
    std::fs::write(
        d.join("crlf.json"),
        POLICY.replace("{\"Version\"", "{\r\n\"Version\""),
    )
    .unwrap();
    std::fs::write(d.join("empty.json"), "").unwrap();
    let o = check(
        d,
        &[
            "binary.json",
            "latin1.json",
            "utf16.json",
            "crlf.json",
            "empty.json",
            "good.json",
        ],
    );
    let out = text(&o);
    assert!(
        out.contains("binary.json:1:5: error[SYN006] the file contains a NUL byte: it is binary"),
        "{out}"
    );
    assert!(
        out.contains("latin1.json:1:19: error[SYN006] the file is not valid UTF-8"),
        "{out}"
    );
    // The UTF-16 file is decoded and linted: its duplicate key is found.
    assert!(
        out.contains("utf16.json:1:") && out.matches("SYN004").count() >= 3,
        "{out}"
    );
    // CRLF: the duplicate key is on line 2 at the same column as in the LF file, minus the `{`.
    let lf_col = POLICY.rfind("\"Effect\"").unwrap() + 1;
    assert!(
        out.contains(&format!("crlf.json:2:{}:", lf_col - 1)),
        "{out}"
    );
    assert_neighbour_linted(&out);
    // The empty file is skipped with its reason, not reported as broken.
    let o = check(d, &["--verbose", "empty.json"]);
    assert!(
        text(&o).contains("empty.json: skipped: could not be parsed"),
        "{}",
        text(&o)
    );
    std::fs::write(d.join("big.json"), vec![b' '; 9 * 1024 * 1024]).unwrap();
    let o = check(d, &["big.json", "good.json"]);
    let out = text(&o);
    assert!(
        out.contains("big.json:1:1: error[SYN006] the file is 9437184 bytes, over the limit"),
        "{out}"
    );
    assert_neighbour_linted(&out);
}

#[test]
fn deep_nesting_is_a_finding() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.json"), POLICY).unwrap();
    let deep = format!(
        "{{\"Version\": \"2012-10-17\", \"Statement\": {}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    std::fs::write(dir.path().join("deep.json"), deep).unwrap();
    let o = check(dir.path(), &["deep.json", "good.json"]);
    let out = text(&o);
    assert!(
        out.contains("deep.json:1:") && out.contains("SYN005"),
        "{out}"
    );
    assert_neighbour_linted(&out);
}

#[test]
fn names_with_spaces_and_non_ascii() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("polítiques d'accès");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(sub.join("good.json"), POLICY).unwrap();
    let o = check(dir.path(), &["."]);
    let out = text(&o);
    assert!(out.contains("polítiques d'accès/good.json:1:"), "{out}");
}

#[test]
fn an_unreadable_file_is_reported_when_permissions_apply() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.json"), POLICY).unwrap();
    let locked = dir.path().join("locked.json");
    std::fs::write(&locked, POLICY).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let o = check(dir.path(), &["locked.json", "good.json"]);
    let out = text(&o);
    if std::fs::read(&locked).is_ok() {
        // Running as root: permissions do not stop reading, so the file is linted.
        assert!(out.contains("locked.json:1:"), "{out}");
    } else {
        assert!(
            out.contains("locked.json:1:1: error[SYN006] cannot open the file: permission denied"),
            "{out}"
        );
    }
    assert_neighbour_linted(&out);
}

#[test]
fn twenty_thousand_files_in_one_folder() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..20_000 {
        std::fs::write(
            dir.path().join(format!("p{i:05}.json")),
            "{\"Version\": \"2012-10-17\", \"Statement\": []}",
        )
        .unwrap();
    }
    std::fs::write(dir.path().join("good.json"), POLICY).unwrap();
    let o = check(dir.path(), &["."]);
    let out = text(&o);
    assert!(
        out.contains("in 20001 files (0 skipped)"),
        "{}",
        out.lines().last().unwrap_or("")
    );
    assert_neighbour_linted(&out);
}

#[test]
fn the_deepest_configurable_nesting_parses_without_overflow() {
    let dir = tempfile::tempdir().unwrap();
    let deep = format!(
        "{{\"Version\": \"2012-10-17\", \"Statement\": {}{}}}",
        "[".repeat(990),
        "]".repeat(990)
    );
    std::fs::write(dir.path().join("deep.json"), &deep).unwrap();
    let yaml = format!(
        "Statement:\n{}",
        (0..490)
            .map(|i| format!("{}- x{i}:\n", " ".repeat(i * 2)))
            .collect::<String>()
    );
    std::fs::write(dir.path().join("deep.yaml"), yaml).unwrap();
    std::fs::write(
        dir.path().join(".cloudlint.toml"),
        "[limits]\nmax-depth = 1000\nmax-file-size = 9000000\n",
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_cloudlint"))
        .current_dir(dir.path())
        .args([
            "check",
            "--format",
            "concise",
            "--kind",
            "iam-policy",
            "deep.json",
            "deep.yaml",
        ])
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .expect("runs");
    let out = text(&o);
    assert!(!out.contains("SYN005") && !out.contains("SYN007"), "{out}");
    assert!(out.contains("in 2 files"), "{out}");
}
