//! Hostile inputs: each must finish in bounded time with a clear finding or
//! error, and leave the rest of the run unaffected.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "test helpers may fail loudly"
)]

use std::fmt::Write as _;
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

/// Runs `cloudlint check` with the default limits on `files` in `dir`,
/// concise output, with the neighbour `good.json` written beside them.
fn check_with_neighbour(dir: &Path, files: &[&str]) -> String {
    std::fs::write(dir.join("good.json"), POLICY).unwrap();
    let mut args: Vec<&str> = files.to_vec();
    args.push("good.json");
    let out = text(&check(dir, &args));
    assert_neighbour_linted(&out);
    out
}

#[test]
fn a_yaml_alias_bomb_is_a_limit_finding() {
    // Billion laughs: nine levels of ten aliases each expand to 10^9 nodes.
    let mut yaml = String::from(
        "Version: '2012-10-17'\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for level in 1..10 {
        let prev = format!("*a{}", level - 1);
        let _ = writeln!(
            yaml,
            "a{level}: &a{level} [{}]",
            [prev.as_str(); 10].join(", ")
        );
    }
    yaml.push_str("Statement: *a9\n");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bomb.yaml"), yaml).unwrap();
    let out = check_with_neighbour(dir.path(), &["--kind", "iam-policy", "bomb.yaml"]);
    assert!(
        out.contains("bomb.yaml:") && out.contains("error[SYN005]") && out.contains("alias"),
        "{out}"
    );
}

#[test]
fn hundred_thousand_deep_yaml_is_a_finding() {
    let n = 100_000;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Flow sequences, flow mappings and block sequences (`- - - x` nests one per dash).
    std::fs::write(
        d.join("flow-seq.yaml"),
        format!("Statement: {}x{}\n", "[".repeat(n), "]".repeat(n)),
    )
    .unwrap();
    std::fs::write(
        d.join("flow-map.yaml"),
        format!("Statement: {}x{}\n", "{a: ".repeat(n), "}".repeat(n)),
    )
    .unwrap();
    std::fs::write(
        d.join("block-seq.yaml"),
        format!("Statement:\n{}x\n", "- ".repeat(n)),
    )
    .unwrap();
    let out = check_with_neighbour(
        d,
        &[
            "--kind",
            "iam-policy",
            "flow-seq.yaml",
            "flow-map.yaml",
            "block-seq.yaml",
        ],
    );
    for name in ["flow-seq.yaml", "flow-map.yaml", "block-seq.yaml"] {
        assert!(
            out.lines()
                .any(|l| l.starts_with(&format!("{name}:")) && l.contains("error[SYN005]")),
            "{name}:\n{out}"
        );
    }
    assert!(!out.contains("SYN007"), "{out}");
}

/// `a*a*…a*b`: a matcher that backtracks over every way to split a run of
/// `a` among the stars takes exponential time on it.
fn backtracking_bait(stars: usize) -> String {
    format!("{}b", "a*".repeat(stars))
}

#[test]
fn backtracking_bait_wildcards_in_action_resource_and_condition() {
    let bait = backtracking_bait(60);
    let long = "a".repeat(20_000);
    let policy = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "Bait",
            "Effect": "Allow",
            // The long literal beside the pattern: rules compare entries of one list.
            "Action": [format!("s3:{bait}"), format!("s3:{long}")],
            "Resource": [format!("arn:aws:s3:::{bait}"), format!("arn:aws:s3:::{long}")],
            "Condition": {"StringLike": {"s3:prefix": [bait.clone(), long.clone()]}}
        }]
    });
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("bait.json"), policy.to_string()).unwrap();
    let out = check_with_neighbour(d, &["bait.json"]);
    // The made-up action names are flagged: the patterns were matched against the catalogue.
    assert!(
        out.lines()
            .any(|l| l.starts_with("bait.json:1:") && l.contains("IAM")),
        "{out}"
    );
    assert!(!out.contains("SYN007"), "{out}");

    // Evaluating: the request's names are the long run of `a` and a `c`,
    // which every pattern nearly matches but none does.
    let o = Command::new(env!("CARGO_BIN_EXE_cloudlint"))
        .current_dir(d)
        .args([
            "can",
            "--principal",
            "arn:aws:iam::111122223333:user/alice",
            "--action",
            &format!("s3:{long}c"),
            "--resource",
            &format!("arn:aws:s3:::{long}c"),
            "--context",
            &format!("s3:prefix={long}c"),
            "--identity-policy",
            "bait.json",
        ])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("runs");
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.starts_with("ImplicitDeny:"),
        "{}",
        out.get(..300).unwrap_or(&out)
    );

    // With the final `b`, everything matches and the request is allowed.
    let o = Command::new(env!("CARGO_BIN_EXE_cloudlint"))
        .current_dir(d)
        .args([
            "can",
            "--principal",
            "arn:aws:iam::111122223333:user/alice",
            "--action",
            &format!("s3:{long}b"),
            "--resource",
            &format!("arn:aws:s3:::{long}b"),
            "--context",
            &format!("s3:prefix={long}b"),
            "--identity-policy",
            "bait.json",
        ])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("runs");
    let out = text(&o);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        out.get(..300).unwrap_or(&out)
    );
}

#[test]
fn a_star_before_a_long_literal_is_linear() {
    // `*aaaa…ab` against a longer run of `a`: a matcher that retries the
    // literal at every place the star could end does |pattern|·|text| steps
    // (here 2·10^9: minutes). IAM016 compares the entries of one list.
    let run = "a".repeat(20_000);
    let policy = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Action": [format!("s3:*{run}b"), format!("s3:{}", run.repeat(5))],
            "Resource": "*"
        }]
    });
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("star.json"), policy.to_string()).unwrap();
    let out = check_with_neighbour(dir.path(), &["star.json"]);
    assert!(
        out.contains("star.json:1:"),
        "{}",
        out.get(..500).unwrap_or(&out)
    );
    assert!(
        !out.contains("[IAM016]"),
        "{}",
        out.get(..500).unwrap_or(&out)
    );
}

#[test]
fn a_policy_with_ten_thousand_statements() {
    let statements: Vec<serde_json::Value> = (0..10_000)
        .map(|i| {
            serde_json::json!({
                "Sid": format!("S{i}"),
                "Effect": "Allow",
                "Action": ["s3:GetObject", "s3:Get*"],
                "Resource": format!("arn:aws:s3:::bucket{i}/*"),
            })
        })
        .collect();
    let policy = serde_json::json!({"Version": "2012-10-17", "Statement": statements});
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("big.json"), policy.to_string()).unwrap();
    let out = check_with_neighbour(d, &["big.json"]);
    // Each statement's `s3:GetObject` is covered by its `s3:Get*` (IAM016): one finding each.
    let redundant = out
        .lines()
        .filter(|l| l.starts_with("big.json:") && l.contains("[IAM016]"))
        .count();
    assert_eq!(redundant, 10_000, "{}", out.get(..2000).unwrap_or(&out));
    // The human report shows a snippet of the one long line for each finding.
    let o = Command::new(env!("CARGO_BIN_EXE_cloudlint"))
        .current_dir(d)
        .env("NO_COLOR", "1")
        .args(["check", "--no-config", "big.json"])
        .timeout(std::time::Duration::from_secs(300))
        .output()
        .expect("runs");
    let human = text(&o);
    assert!(
        human.contains("statement \"S9999\"") && human.contains("10000 notes in 1 file"),
        "{}",
        human
            .get(human.len().saturating_sub(2000)..)
            .unwrap_or(&human)
    );

    // The evaluator goes through them all and finds the last one.
    let o = Command::new(env!("CARGO_BIN_EXE_cloudlint"))
        .current_dir(d)
        .args([
            "can",
            "--principal",
            "arn:aws:iam::111122223333:user/alice",
            "--action",
            "s3:GetObject",
            "--resource",
            "arn:aws:s3:::bucket9999/key",
            "--identity-policy",
            "big.json",
        ])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("runs");
    let out = text(&o);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        out.get(..500).unwrap_or(&out)
    );
    assert!(
        out.contains("\"S9999\""),
        "{}",
        out.get(..500).unwrap_or(&out)
    );
}

#[test]
fn five_thousand_resources_with_nested_fn_if_and_fn_sub() {
    // YAML, short-form intrinsics, each resource's CIDR 20 levels of !If / !Sub deep.
    let mut nested = String::from("'0.0.0.0/0'");
    for _ in 0..20 {
        nested = format!("!If [Open, {nested}, !Sub '${{AWS::Region}}-x']");
    }
    let mut yaml = String::from(
        "AWSTemplateFormatVersion: '2010-09-09'\nConditions:\n  Open: !Equals [!Ref AWS::Region, us-east-1]\nResources:\n",
    );
    for i in 0..5_000 {
        let _ = writeln!(
            yaml,
            "  Sg{i}:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: d\n      SecurityGroupIngress:\n        - IpProtocol: tcp\n          FromPort: 22\n          ToPort: 22\n          CidrIp: {nested}"
        );
    }
    // And one template nested far past the limit.
    let deep = format!(
        "{}\"x\"{}",
        "{\"Fn::If\": [\"C\", ".repeat(100_000),
        ", {\"Fn::Sub\": \"y\"}]}".repeat(100_000)
    );
    let deep = format!(
        "{{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {{\"B\": {{\"Type\": \"AWS::S3::Bucket\", \"Properties\": {{\"BucketName\": {deep}}}}}}}}}"
    );
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("many.yaml"), yaml).unwrap();
    std::fs::write(d.join("deep.json"), deep).unwrap();
    let out = check_with_neighbour(d, &["many.yaml", "deep.json"]);
    let open_ssh = out
        .lines()
        .filter(|l| l.starts_with("many.yaml:") && l.contains("[CFN105]"))
        .count();
    assert_eq!(open_ssh, 5_000, "{}", out.get(..2000).unwrap_or(&out));
    assert!(
        out.lines()
            .any(|l| l.starts_with("deep.json:1:") && l.contains("error[SYN005]")),
        "{}",
        out.get(..2000).unwrap_or(&out)
    );
    assert!(!out.contains("SYN007"), "{out}");
}

#[test]
fn a_panic_in_one_file_is_contained() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("good.json"), POLICY).unwrap();
    std::fs::write(d.join("boom.json"), POLICY).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_cloudlint"))
        .current_dir(d)
        .env("NO_COLOR", "1")
        .env("CLOUDLINT_DEBUG_PANIC_ON", "boom.json")
        .args(["check", "--no-config", "--format", "concise", "."])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("runs");
    let out = text(&o);
    assert!(
        out.contains("boom.json:1:1: error[SYN007] internal error while linting boom.json: CLOUDLINT_DEBUG_PANIC_ON names this file"),
        "{out}"
    );
    assert_neighbour_linted(&out);
    // Exit status 2: the run is incomplete (not 1, "findings").
    assert_eq!(o.status.code(), Some(2), "{out}");
    // SARIF says the same: the invocation did not succeed.
    let o = Command::new(env!("CARGO_BIN_EXE_cloudlint"))
        .current_dir(d)
        .env("CLOUDLINT_DEBUG_PANIC_ON", "boom.json")
        .args(["check", "--no-config", "--format", "sarif", "."])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("runs");
    let sarif: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        sarif["runs"][0]["invocations"][0]["executionSuccessful"],
        serde_json::Value::Bool(false)
    );
    assert_eq!(o.status.code(), Some(2));
}
