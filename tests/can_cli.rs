//! `cloudlint can`: exit statuses, human and JSON output, assertions.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use assert_cmd::Command;

fn can(args: &[&str]) -> (i32, String, String) {
    let mut cmd = Command::cargo_bin("cloudlint").expect("binary");
    cmd.arg("can").args(args);
    let out = cmd.output().expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const SEED: &str = "testdata/seed/ebs-snapshot-create-policy.json";

fn seed_args(with_user_tag: bool) -> Vec<&'static str> {
    let mut args = vec![
        "--principal",
        "arn:aws:iam::123456789012:user/alice",
        "--action",
        "ec2:CreateSnapshot",
        "--resource",
        "arn:aws:ec2:us-east-1::snapshot/*",
        "--context",
        "aws:username=alice",
        "--context",
        "aws:RequestTag/costcenter=115",
        "--context",
        "aws:TagKeys=costcenter",
        "--context",
        "aws:TagKeys=User",
        "--identity-policy",
        SEED,
    ];
    if with_user_tag {
        args.extend(["--context", "aws:RequestTag/User=alice"]);
    }
    args
}

#[test]
fn the_issue_example_is_allowed_with_the_deciding_statement() {
    let (code, out, err) = can(&seed_args(true));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("Allowed: "), "{out}");
    assert!(
        out.contains(&format!(
            "{SEED}:15:7: statement \"AllowCreateTaggedSnapshots\""
        )),
        "{out}"
    );
    assert!(
        out.contains("StringEquals aws:RequestTag/User request [\"alice\"] policy [\"alice\"]"),
        "{out}"
    );
}

#[test]
fn a_missing_tag_is_an_implicit_deny_with_the_failed_condition_and_a_warning() {
    let (code, out, _) = can(&seed_args(false));
    assert_eq!(code, 1, "{out}");
    assert!(out.starts_with("ImplicitDeny: "), "{out}");
    assert!(
        out.contains(
            "false 23:6 StringEquals aws:RequestTag/User request (absent) policy [\"alice\"]"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "context keys the policies test but the request lacks:\n  aws:RequestTag/User"
        ),
        "{out}"
    );
}

#[test]
fn json_output_has_a_top_level_decision_and_the_trace() {
    let mut args = seed_args(false);
    args.extend(["--format", "json"]);
    let (code, out, _) = can(&args);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["decision"], "ImplicitDeny");
    let r = &v["results"][0];
    assert_eq!(r["decision"], "ImplicitDeny");
    assert_eq!(r["request"]["action"], "ec2:CreateSnapshot");
    let trace = r["trace"].as_array().expect("trace");
    assert_eq!(trace.len(), 3);
    let failed = &trace[1];
    assert_eq!(failed["sid"], "AllowCreateTaggedSnapshots");
    assert_eq!(failed["failed"], "Condition");
    assert_eq!(failed["failed_at"]["line"], 23);
    assert_eq!(
        failed["conditions"][1]["request_values"],
        serde_json::Value::Null
    );
    assert_eq!(r["missing_context_keys"][0], "aws:RequestTag/User");
}

#[test]
fn explicit_deny_exits_1_and_names_the_statement() {
    let (code, out, _) = can(&[
        "--principal",
        "arn:aws:sts::111122223333:assumed-role/ci/build",
        "--action",
        "s3:DeleteBucket",
        "--resource",
        "arn:aws:s3:::prod-artifacts",
        "--identity-policy",
        "testdata/can/ci-role.json",
        "--scp",
        "testdata/can/scp-root.json",
        "--scp",
        "testdata/can/scp-ou-no-s3-delete.json",
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(out.starts_with("ExplicitDeny: "), "{out}");
    assert!(
        out.contains("testdata/can/ci-role.json:10:5: statement \"NeverDeleteBuckets\""),
        "{out}"
    );
    assert!(
        out.contains(
            "testdata/can/scp-ou-no-s3-delete.json:5:5: statement \"ProtectBuckets\" (SCP"
        ),
        "{out}"
    );
}

#[test]
fn several_resources_get_one_answer_each() {
    let (code, out, _) = can(&[
        "--principal",
        "arn:aws:iam::111122223333:user/ci",
        "--action",
        "s3:GetObject",
        "--resource",
        "arn:aws:s3:::prod-artifacts/a",
        "--resource",
        "arn:aws:s3:::other/a",
        "--identity-policy",
        "testdata/can/ci-role.json",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["decision"], "ImplicitDeny");
    assert_eq!(v["results"][0]["decision"], "Allowed");
    assert_eq!(v["results"][1]["decision"], "ImplicitDeny");
}

#[test]
fn context_file_and_cross_account_bucket_policy() {
    let args = [
        "--principal",
        "arn:aws:iam::444455556666:user/partner",
        "--action",
        "s3:GetObject",
        "--resource",
        "arn:aws:s3:::prod-artifacts/app.zip",
        "--resource-account",
        "111122223333",
        "--resource-policy",
        "testdata/can/prod-bucket-policy.json",
        "--context-file",
        "testdata/can/context.json",
    ];
    let (code, out, _) = can(&args);
    assert_eq!(code, 1, "no identity policy on the partner's side: {out}");
    assert!(
        out.contains(
            "the resource-based policy allows it, but the principal's own account does not"
        ),
        "{out}"
    );
    let mut with_identity = args.to_vec();
    with_identity.extend(["--identity-policy", "testdata/can/ci-role.json"]);
    let (code, out, _) = can(&with_identity);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn errors_exit_2_with_the_position() {
    let (code, _, err) = can(&[
        "--principal",
        "arn:aws:iam::111122223333:user/a",
        "--action",
        "s3:GetObject",
        "--resource",
        "*",
        "--identity-policy",
        "testdata/can/bad-operator.json",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "testdata/can/bad-operator.json:8:21: `StringEqualz` is not a condition operator"
        ),
        "{err}"
    );
    let (code, _, err) = can(&[
        "--principal",
        "bob",
        "--action",
        "s3:GetObject",
        "--resource",
        "*",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("is not a principal"), "{err}");
    let (code, _, _) = can(&[
        "--principal",
        "111122223333",
        "--action",
        "s3:GetObject",
        "--resource",
        "*",
        "--identity-policy",
        "nope.json",
    ]);
    assert_eq!(code, 2);
    let (code, _, err) = can(&[
        "--principal",
        "111122223333",
        "--action",
        "s3:GetObject",
        "--resource",
        "*",
        "--context",
        "novalue",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("KEY=VALUE"), "{err}");
}

#[test]
fn an_unknown_action_is_flagged() {
    let (_, out, _) = can(&[
        "--principal",
        "arn:aws:iam::111122223333:user/a",
        "--action",
        "s3:GetObjectt",
        "--resource",
        "*",
    ]);
    assert!(out.contains("`s3:GetObjectt` is not an action of the IAM action catalogue (did you mean `GetObject`?)"), "{out}");
}

#[test]
fn assertions_report_each_failure_at_its_position() {
    let (code, out, err) = can(&["--assertions", "testdata/can/assertions.yaml"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("testdata/can/assertions.yaml:22:5: assertion failed: a wrong expectation (this one must fail): expected allow, got ExplicitDeny"),
        "{out}"
    );
    assert!(out.contains("4 assertions, 3 passed, 1 failed"), "{out}");
    let (code, out, _) = can(&[
        "--assertions",
        "testdata/can/assertions-pass.json",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["passed"], 2);
    assert_eq!(v["failed"], 0);
}
