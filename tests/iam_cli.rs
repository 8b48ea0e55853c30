//! `cloudlint check --policy-type` and the IAM rules on the seed examples.

#![allow(clippy::expect_used, reason = "test helpers may fail loudly")]

use assert_cmd::cargo::cargo_bin_cmd;

fn concise(args: &[&str]) -> String {
    let out = cargo_bin_cmd!("cloudlint")
        .args([
            "check",
            "--no-config",
            "--format",
            "concise",
            "--select",
            "IAM",
        ])
        .args(args)
        .output()
        .expect("runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn policy_type_overrides_inference_for_standalone_files() {
    let trust = "testdata/IAM006/pass/trust.json";
    // Inferred: a trust policy, which has a Principal and needs no Resource.
    assert!(!concise(&[trust]).contains("IAM006"));
    let as_identity = concise(&["--policy-type", "identity", trust]);
    assert!(
        as_identity.contains("error[IAM006] statement #1 of an identity policy names a Principal"),
        "{as_identity}"
    );
}

#[test]
fn unknown_policy_type_is_a_usage_error() {
    let out = cargo_bin_cmd!("cloudlint")
        .args([
            "check",
            "--policy-type",
            "bucket",
            "testdata/IAM006/pass/trust.json",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown policy type `bucket`"));
}

#[test]
fn seed_policies_get_exactly_the_reviewers_findings() {
    let out = concise(&["testdata/seed"]);
    // `path:line:col: severity[CODE] message` → (file name, CODE)
    let found: Vec<(String, String)> = out
        .lines()
        .filter_map(|l| {
            let (loc, rest) = l.split_once(": ")?;
            let file = loc.split(':').next()?.rsplit('/').next()?;
            let code = rest.split_once('[')?.1.split_once(']')?.0;
            Some((file.to_string(), code.to_string()))
        })
        .collect();
    let expected = [
        ("emrfs-admin-user-role-policy.json", "IAM102"),
        ("emrfs-data-engineering-role-policy.json", "IAM102"),
        ("emrfs-data-science-role-policy.json", "IAM102"),
        ("secretsmanager-read-policy.json", "IAM009"),
        ("secretsmanager-read-policy.json", "IAM010"),
        ("trustpolicy-maintenancewindowrole.json", "IAM007"),
    ]
    .map(|(f, c)| (f.to_string(), c.to_string()));
    assert_eq!(found, expected, "{out}");
    assert!(
        out.contains("emrfs-admin-user-role-policy.json:6:23: warning[IAM102]"),
        "{out}"
    );
    assert!(
        out.contains("secretsmanager-read-policy.json:7:13: error[IAM009]"),
        "{out}"
    );
}
