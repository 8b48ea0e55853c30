//! `cloudlint emrfs resolve` on the multi-tenant EMR post's security
//! configuration and role policies (testdata/seed; the roles file is
//! testdata/emrfs/seed-roles.toml): the post's scenarios, exit statuses,
//! JSON output and errors.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "test helpers may fail loudly"
)]

use assert_cmd::Command;

const SC: &str = "testdata/seed/emrfs-security-configuration.json";
const ROLES: &str = "testdata/emrfs/seed-roles.toml";

/// `cloudlint emrfs resolve` with `source` (where the configuration is) and
/// `args`: exit status, stdout, stderr.
fn emrfs_resolve(source: &[&str], args: &[&str]) -> (i32, String, String) {
    let mut cmd = Command::cargo_bin("cloudlint").expect("binary");
    cmd.args(["emrfs", "resolve"]).args(source).args(args);
    let out = cmd.output().expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn resolve(args: &[&str]) -> (i32, String, String) {
    emrfs_resolve(&["--security-configuration", SC], args)
}

#[test]
fn admin1_gets_the_admin_role_and_may_list_the_data_science_bucket() {
    let (code, out, err) = resolve(&[
        "--user",
        "admin1",
        "--path",
        "s3://emrfs-auth-data-science-bucket-demo/",
        "--action",
        "s3:ListBucket",
        "--roles",
        ROLES,
    ]);
    assert_eq!(code, 0, "{out}{err}");
    insta::assert_snapshot!("admin1_lists_data_science_bucket", out);
}

#[test]
fn a_data_engineer_is_denied_the_data_science_bucket() {
    let (code, out, err) = resolve(&[
        "--user",
        "dataeng1",
        "--group",
        "grp_data_engineering",
        "--path",
        "s3://emrfs-auth-data-science-bucket-demo/",
        "--action",
        "s3:ListBucket",
        "--roles",
        ROLES,
    ]);
    assert_eq!(code, 1, "{out}{err}");
    insta::assert_snapshot!("data_engineer_lists_data_science_bucket", out);
}

#[test]
fn a_data_engineer_may_read_the_data_engineering_bucket() {
    let (code, out, err) = resolve(&[
        "--user",
        "dataeng1",
        "--group",
        "grp_data_engineering",
        "--path",
        "s3://emrfs-auth-data-engineering-bucket-demo/table1_data_eng/part-00000",
        "--roles",
        ROLES,
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("→ mapping #2 applies: EMRFS uses arn:aws:iam::511586466501:role/emrfs_auth_group_role_data_eng"),
        "{out}"
    );
    assert!(
        out.contains("testdata/seed/emrfs-data-engineering-role-policy.json:4:9: statement #1 (identity-based policy, Allow)"),
        "{out}"
    );
}

#[test]
fn a_user_in_no_group_reading_the_default_bucket_gets_the_prefix_role() {
    let (code, out, err) = resolve(&[
        "--user",
        "guest",
        "--path",
        "s3://emrfs-auth-default-bucket-demo/",
        "--action",
        "s3:ListBucket",
        "--roles",
        ROLES,
    ]);
    assert_eq!(code, 0, "{out}{err}");
    insta::assert_snapshot!("no_group_lists_default_bucket", out);
}

#[test]
fn a_user_in_no_group_elsewhere_falls_back_to_the_restricted_instance_role() {
    let (code, out, err) = resolve(&[
        "--user",
        "guest",
        "--path",
        "s3://emrfs-auth-data-science-bucket-demo/table2/part-00000",
        "--roles",
        ROLES,
    ]);
    assert_eq!(code, 1, "{out}{err}");
    insta::assert_snapshot!("no_group_falls_back", out);
}

#[test]
fn without_the_roles_policies_the_mapping_is_shown_and_the_answer_is_undecided() {
    let (code, out, err) = resolve(&[
        "--user",
        "datascientist1",
        "--group",
        "grp_data_science",
        "--path",
        "s3://emrfs-auth-data-science-bucket-demo/x",
    ]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        out.contains("→ mapping #3 applies: EMRFS uses arn:aws:iam::511586466501:role/emrfs_auth_group_role_data_sci"),
        "{out}"
    );
    assert!(
        out.contains("undecided: the permission policies of"),
        "{out}"
    );
}

#[test]
fn json_output_names_the_mapping_and_the_decision() {
    let (code, out, err) = resolve(&[
        "--user",
        "dataeng1",
        "--group",
        "grp_data_engineering",
        "--path",
        "s3://emrfs-auth-data-science-bucket-demo/x",
        "--roles",
        ROLES,
        "--format",
        "json",
    ]);
    assert_eq!(code, 1, "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["decision"], "ImplicitDeny");
    assert_eq!(v["mapping"], 2);
    assert_eq!(v["fallback_to_instance_role"], false);
    assert_eq!(v["steps"][1]["result"], "match");
    assert_eq!(v["steps"][1]["identifier"], "grp_data_engineering");
    assert_eq!(v["trust"]["decision"], "Allowed");
    assert_eq!(v["evaluation"]["decision"], "ImplicitDeny");
    assert_eq!(
        v["evaluation"]["results"][0]["request"]["resource"],
        "arn:aws:s3:::emrfs-auth-data-science-bucket-demo/x"
    );
}

#[test]
fn a_role_that_does_not_trust_the_instance_role_is_denied() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cwd = std::env::current_dir().expect("cwd");
    let roles = dir.path().join("roles.toml");
    let text = format!(
        "[emrfs]\ninstance-role = \"arn:aws:iam::511586466501:role/EMR_EC2_DefaultRole\"\n[emrfs.roles]\n\"arn:aws:iam::511586466501:role/emrfs_auth_user_role_admin_user\" = {{ trust-policy = \"{}\", policies = [\"{}\"] }}\n",
        cwd.join("testdata/seed/emrfs-role-trust-policy.json")
            .display(),
        cwd.join("testdata/seed/emrfs-admin-user-role-policy.json")
            .display()
    );
    std::fs::write(&roles, text).expect("write");
    let (code, out, err) = resolve(&[
        "--user",
        "admin1",
        "--path",
        "s3://any/x",
        "--roles",
        &roles.display().to_string(),
    ]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("trust: the instance role EMR_EC2_DefaultRole may not assume emrfs_auth_user_role_admin_user"),
        "{out}"
    );
    assert!(out.contains("ImplicitDeny: user admin1 may not"), "{out}");
}

#[test]
fn errors_exit_2() {
    let (code, _, err) = resolve(&["--user", "a", "--path", "/data/x"]);
    assert_eq!(code, 2);
    assert!(err.contains("is not an s3:// URI"), "{err}");
    let (code, _, err) = emrfs_resolve(
        &[
            "--security-configuration",
            "testdata/seed/emr-hue-ldap-configuration.json",
        ],
        &["--user", "a", "--path", "s3://b/k"],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("testdata/seed/emr-hue-ldap-configuration.json:58:1: unexpected end of file"),
        "{err}"
    );
}

#[test]
fn check_with_the_seed_roles_reports_the_over_broad_roles_at_their_mappings() {
    let mut cmd = Command::cargo_bin("cloudlint").expect("binary");
    let out = cmd
        .args(["check", "--config", ROLES, "--format", "concise", SC])
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let findings: Vec<&str> = stdout.lines().filter(|l| l.starts_with(SC)).collect();
    // The post's admin role (s3:* on *) and group roles (s3:* on their bucket);
    // every mapped role trusts EMR_EC2_RestrictedRole, which has no S3 access.
    assert_eq!(findings.len(), 3, "{stdout}");
    assert!(
        findings.iter().all(|l| l.contains("warning[EMR030]")),
        "{stdout}"
    );
    assert!(findings[0].starts_with(&format!("{SC}:20:19:")), "{stdout}");
    assert!(
        findings[0].contains("use the data of every bucket"),
        "{stdout}"
    );
    assert!(
        findings[1].contains("administer bucket emrfs-auth-data-engineering-bucket-demo (s3:DeleteBucket, s3:PutBucketPolicy"),
        "{stdout}"
    );
}

/// The seed post's setup as one CloudFormation template: security
/// configuration, mapped roles with their policies, and the cluster whose
/// instance profile holds EMR_EC2_RestrictedRole.
const TEMPLATE: &str = "testdata/EMR030/fail/seed-multi-tenant-template.yaml";

fn resolve_template(args: &[&str]) -> (i32, String, String) {
    emrfs_resolve(&["--template", TEMPLATE], args)
}

#[test]
fn the_seed_scenarios_from_a_template() {
    let (code, out, err) = resolve_template(&[
        "--user",
        "admin1",
        "--path",
        "s3://emrfs-auth-data-science-bucket-demo/",
        "--action",
        "s3:ListBucket",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("→ mapping #1 applies: EMRFS uses arn:aws:iam::123456789012:role/emrfs_auth_user_role_admin_user"), "{out}");
    assert!(
        out.contains(&format!(
            "may assume emrfs_auth_user_role_admin_user ({TEMPLATE}:35:9)"
        )),
        "{out}"
    );
    let (code, out, err) = resolve_template(&[
        "--user",
        "dataeng1",
        "--group",
        "grp_data_engineering",
        "--path",
        "s3://emrfs-auth-data-science-bucket-demo/",
        "--action",
        "s3:ListBucket",
    ]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("→ mapping #2 applies"), "{out}");
    let (code, out, err) = resolve_template(&[
        "--user",
        "dataeng1",
        "--group",
        "grp_data_engineering",
        "--path",
        "s3://emrfs-auth-data-engineering-bucket-demo/x",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) = resolve_template(&[
        "--user",
        "nobody",
        "--path",
        "s3://emrfs-auth-default-bucket-demo/file",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("→ mapping #4 applies"), "{out}");
    let (code, out, err) = resolve_template(&["--user", "nobody", "--path", "s3://other-bucket/x"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("falls back to the cluster's EC2 instance role arn:aws:iam::123456789012:role/EMR_EC2_RestrictedRole"), "{out}");
    assert!(
        out.contains("EMR_EC2_RestrictedRole has no permission policies in the template"),
        "{out}"
    );
}

#[test]
fn a_template_without_the_security_configuration_is_an_error() {
    let (code, _, err) =
        resolve_template(&["--user", "u", "--path", "s3://b/k", "--resource", "Missing"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no AWS::EMR::SecurityConfiguration Missing"),
        "{err}"
    );
    let (code, _, _) = emrfs_resolve(
        &["--template", TEMPLATE, "--security-configuration", SC],
        &["--user", "u", "--path", "s3://b/k"],
    );
    assert_eq!(code, 2);
}

/// Mapped roles generated by `Fn::ForEach`: `resolve --template` reads the
/// template with its loops expanded, as `check` does.
#[test]
fn roles_generated_by_for_each_are_resolved() {
    let template = ["--template", "testdata/emrfs/foreach-roles-template.yaml"];
    let ask = |group: &str| {
        emrfs_resolve(
            &template,
            &[
                "--user",
                "u",
                "--group",
                group,
                "--path",
                "s3://team-Analytics/report.csv",
                "--action",
                "s3:GetObject",
            ],
        )
    };
    let (code, out, err) = ask("analytics");
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains(
            "→ mapping #1 applies: EMRFS uses arn:aws:iam::123456789012:role/emrfs-Analytics"
        ),
        "{out}"
    );
    assert!(out.contains("may assume emrfs-Analytics"), "{out}");
    let (code, out, err) = ask("finance");
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("matches no `Resource` (`arn:aws:s3:::team-Finance/*`)"),
        "{out}"
    );
}
