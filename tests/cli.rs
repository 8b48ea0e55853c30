//! The `cloudlint` binary as users run it: exit statuses, every output
//! format, `--output`, standard input, path filters, `--kind`, determinism,
//! `rules` and `explain`. Inputs are the fixtures under `testdata/cli/`.

#![expect(
    clippy::indexing_slicing,
    reason = "reading serde_json::Value by index or key yields Null when absent, it never panics"
)]

use std::collections::BTreeSet;
use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

const CLI: &str = "testdata/cli";
const DUPLICATE: &str = "testdata/cli/policies/duplicate-effect.json";
const CLEAN: &str = "testdata/cli/policies/clean.json";
const FORMATS: &[&str] = &["human", "concise", "json", "sarif", "github", "junit"];

/// Runs `cloudlint args…`; returns exit status, stdout and stderr.
fn run(args: &[&str]) -> (i32, String, String) {
    let out = cargo_bin_cmd!("cloudlint")
        .args(args)
        .env_remove("NO_COLOR")
        .output();
    let Ok(out) = out else {
        return (-1, String::new(), "could not run cloudlint".to_string());
    };
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

/// The output with the run's duration blanked out.
fn without_elapsed(text: &str) -> String {
    let re = regex::Regex::new(r#"in \d+\.\d+s|"elapsed_ms": \d+|time="[0-9.]+""#);
    re.map(|re| re.replace_all(text, "<elapsed>").into_owned())
        .unwrap_or_default()
}

#[test]
fn exit_status_is_0_without_findings() {
    let (code, out, _) = run(&["check", CLEAN]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 errors, 0 warnings, 0 notes in 1 file (0 skipped)"));
}

#[test]
fn exit_status_is_1_with_findings() {
    let (code, out, _) = run(&["check", DUPLICATE]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[SYN004] duplicate-key"));
}

#[test]
fn exit_status_is_2_for_a_missing_path() {
    let (code, out, err) = run(&["check", "testdata/cli/no-such-file.json"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("no-such-file.json: no such file or directory"),
        "{err}"
    );
}

#[test]
fn exit_status_is_2_for_an_unknown_rule_selection() {
    let (code, _, err) = run(&["check", "--select", "NOPE999", CLEAN]);
    assert_eq!(code, 2);
    assert!(err.contains("`NOPE999` matches no rule"), "{err}");
}

#[test]
fn exit_status_is_2_for_a_bad_argument() {
    let (code, _, err) = run(&["check", "--format", "xml", CLEAN]);
    assert_eq!(code, 2);
    assert!(err.contains("invalid value 'xml'"), "{err}");
}

#[test]
fn fail_on_sets_the_threshold() {
    assert_eq!(run(&["check", "--fail-on", "never", DUPLICATE]).0, 0);
    assert_eq!(run(&["check", "--fail-on", "error", DUPLICATE]).0, 1);
    assert_eq!(run(&["check", "--fail-on", "note", DUPLICATE]).0, 1);
    assert_eq!(run(&["check", "--fail-on", "error", CLEAN]).0, 0);
}

#[test]
fn every_format_reports_the_findings() {
    for format in FORMATS {
        let (code, out, err) = run(&["check", "--format", format, CLI]);
        assert_eq!(code, 1, "{format}: {err}");
        assert!(out.contains("SYN004"), "{format}: {out}");
        assert!(out.contains("ECS001"), "{format}: {out}");
        assert!(err.is_empty(), "{format}: {err}");
    }
}

#[test]
fn concise_is_one_line_per_finding() {
    let (_, out, _) = run(&["check", "--format", "concise", CLI]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines.first().copied(),
        Some(
            "testdata/cli/ecs/task-definition.json:10:7: error[ECS001] \"esssential\" is not a field of an ECS container definition of container \"web\""
        )
    );
    assert!(lines.get(1).is_some_and(|l| l.starts_with(
        "testdata/cli/policies/duplicate-effect.json:5:14: error[IAM007] Sid \"LectureSeuleDonnées\""
    )));
    assert!(lines.get(2).is_some_and(|l| l.starts_with(
        "testdata/cli/policies/duplicate-effect.json:9:7: error[SYN004] duplicate key \"Effect\""
    )));
    assert_eq!(lines.len(), 4);
}

#[test]
fn output_writes_every_format_to_a_file() {
    let dir = tempfile::tempdir().ok();
    let dir = dir.as_ref().map_or(Path::new("target"), |d| d.path());
    for format in FORMATS {
        let file = dir.join(format!("report.{format}"));
        let file_arg = file.to_string_lossy().into_owned();
        let (code, out, err) = run(&["check", "--format", format, "--output", &file_arg, CLI]);
        assert_eq!(code, 1, "{format}: {err}");
        assert!(out.is_empty(), "{format} also wrote to stdout: {out}");
        let written = std::fs::read_to_string(&file).unwrap_or_default();
        let (_, direct, _) = run(&["check", "--format", format, CLI]);
        assert_eq!(
            without_elapsed(&written),
            without_elapsed(&direct),
            "{format}"
        );
    }
}

#[test]
fn output_to_an_unwritable_place_is_an_error() {
    let (code, _, err) = run(&["check", "--output", "testdata/cli/no-such-dir/r.txt", CLEAN]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot write the report"), "{err}");
}

#[test]
fn standard_input_is_linted_under_its_given_name() {
    let text = std::fs::read_to_string(DUPLICATE).unwrap_or_default();
    let out = cargo_bin_cmd!("cloudlint")
        .args([
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "iam/policy.json",
            "--ignore",
            "IAM",
            "-",
        ])
        .write_stdin(text.clone())
        .output();
    let (code, v) = out.map_or((None, Value::Null), |o| {
        (o.status.code(), json(&String::from_utf8_lossy(&o.stdout)))
    });
    assert_eq!(code, Some(1));
    assert_eq!(v["findings"][0]["path"], "iam/policy.json");
    assert_eq!(v["findings"][0]["code"], "SYN004");
    assert_eq!(v["files"][0]["kind"], "iam-policy");

    let out = cargo_bin_cmd!("cloudlint")
        .args(["check", "--format", "concise", "--ignore", "IAM", "-"])
        .write_stdin(text)
        .output();
    let stdout = out.map(|o| String::from_utf8_lossy(&o.stdout).into_owned());
    assert!(stdout.is_ok_and(|s| s.starts_with("<stdin>:9:7: error[SYN004]")));
}

fn linted_and_skipped(args: &[&str]) -> (Vec<String>, Vec<String>) {
    let mut full = vec!["check", "--format", "json"];
    full.extend_from_slice(args);
    let v = json(&run(&full).1);
    let mut linted = Vec::new();
    let mut skipped = Vec::new();
    for f in v["files"].as_array().into_iter().flatten() {
        let path = f["path"].as_str().unwrap_or("").to_string();
        if f["status"] == "linted" {
            linted.push(path);
        } else {
            skipped.push(path);
        }
    }
    (linted, skipped)
}

#[test]
fn include_and_exclude_filter_walked_files() {
    let (linted, skipped) = linted_and_skipped(&[CLI]);
    assert_eq!(linted.len(), 3);
    assert_eq!(skipped, ["testdata/cli/other/settings.json"]);

    let (linted, _) = linted_and_skipped(&["--include", "duplicate-*.json", CLI]);
    assert_eq!(linted, [DUPLICATE]);

    let (linted, _) = linted_and_skipped(&["--exclude", "*.json", CLI]);
    assert!(linted.is_empty());

    let (linted, skipped) = linted_and_skipped(&[
        "--include",
        "*.json",
        "--exclude",
        "duplicate-*,settings.json",
        CLI,
    ]);
    assert_eq!(linted, ["testdata/cli/ecs/task-definition.json", CLEAN]);
    assert!(skipped.is_empty());

    // Files named on the command line are linted whatever the globs say.
    let (linted, _) = linted_and_skipped(&["--exclude", "*.json", DUPLICATE]);
    assert_eq!(linted, [DUPLICATE]);
}

#[test]
fn kind_forces_the_input_kind() {
    let v = json(&run(&["check", "--format", "json", "testdata/cli/other"]).1);
    assert_eq!(v["files"][0]["status"], "skipped");
    let v = json(
        &run(&[
            "check",
            "--format",
            "json",
            "--kind",
            "iam-policy",
            "testdata/cli/other",
        ])
        .1,
    );
    assert_eq!(v["files"][0]["status"], "linted");
    assert_eq!(v["files"][0]["kind"], "iam-policy");
    let (code, _, err) = run(&["check", "--kind", "terraform", CLI]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown kind `terraform`"), "{err}");
}

#[test]
fn verbose_lists_skipped_files_with_the_reason() {
    let (_, quiet, _) = run(&["check", "--color", "never", CLI]);
    assert!(!quiet.contains("skipped:"));
    let (_, out, _) = run(&["check", "--color", "never", "--verbose", CLI]);
    assert!(out.contains(
        "testdata/cli/other/settings.json: skipped: not a kind of input cloudlint lints"
    ));
}

#[test]
fn output_is_sorted_and_identical_from_run_to_run() {
    for format in FORMATS {
        let (_, first, _) = run(&["check", "--format", format, "testdata"]);
        let (_, second, _) = run(&["check", "--format", format, "testdata"]);
        assert_eq!(
            without_elapsed(&first),
            without_elapsed(&second),
            "{format}"
        );
    }
    let v = json(&run(&["check", "--format", "json", "testdata"]).1);
    let paths: Vec<&str> = v["files"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["path"].as_str())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort_unstable();
    assert_eq!(paths, sorted);
    assert!(paths.len() > 20);
}

#[test]
fn colours_follow_the_color_flag_and_no_color() {
    let has_escape = |s: &str| s.contains('\u{1b}');
    assert!(
        !has_escape(&run(&["check", DUPLICATE]).1),
        "not a terminal: no colour"
    );
    assert!(has_escape(
        &run(&["check", "--color", "always", DUPLICATE]).1
    ));
    assert!(!has_escape(
        &run(&["check", "--color", "never", DUPLICATE]).1
    ));
    let out = cargo_bin_cmd!("cloudlint")
        .args(["check", "--color", "always", DUPLICATE])
        .env("NO_COLOR", "1")
        .output();
    let stdout = out.map(|o| String::from_utf8_lossy(&o.stdout).into_owned());
    assert!(
        stdout.is_ok_and(|s| has_escape(&s)),
        "--color always wins over NO_COLOR"
    );
}

#[test]
fn human_output_snapshot() {
    let (code, out, _) = run(&["check", "--color", "never", "--verbose", CLI]);
    assert_eq!(code, 1);
    insta::with_settings!({ filters => vec![(r"in \d+\.\d+s", "in [elapsed]")] }, {
        insta::assert_snapshot!(out);
    });
}

#[test]
fn sarif_category_names_the_run() {
    let v = json(&run(&["check", "--format", "sarif", CLEAN]).1);
    assert_eq!(v["runs"][0]["automationDetails"]["id"], "cloudlint/");
    let v = json(
        &run(&[
            "check",
            "--format",
            "sarif",
            "--sarif-category",
            "policies/nightly",
            CLEAN,
        ])
        .1,
    );
    assert_eq!(v["runs"][0]["automationDetails"]["id"], "policies/nightly");
    let v = json(
        &run(&[
            "check",
            "--format",
            "sarif",
            "--sarif-category",
            "policies",
            CLEAN,
        ])
        .1,
    );
    assert_eq!(v["runs"][0]["automationDetails"]["id"], "policies/");
}

#[test]
fn sarif_results_point_at_relative_files_with_exact_regions() {
    let v = json(&run(&["check", "--format", "sarif", "--ignore", "IAM", DUPLICATE]).1);
    let run0 = &v["runs"][0];
    assert_eq!(v["version"], "2.1.0");
    assert_eq!(run0["columnKind"], "utf16CodeUnits");
    let result = &run0["results"][0];
    assert_eq!(result["ruleId"], "SYN004");
    let rule_index = result["ruleIndex"].as_u64().unwrap_or(u64::MAX);
    assert_eq!(
        run0["tool"]["driver"]["rules"][usize::try_from(rule_index).unwrap_or(usize::MAX)]["id"],
        "SYN004"
    );
    let loc = &result["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], DUPLICATE);
    assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert_eq!(loc["region"]["startLine"], 9);
    assert_eq!(loc["region"]["startColumn"], 7);
    assert_eq!(loc["region"]["endColumn"], 15);
    assert_eq!(
        result["relatedLocations"][0]["message"]["text"],
        "first defined here"
    );
    assert!(result["partialFingerprints"]["primaryLocationLineHash"].is_string());
    assert!(result["partialFingerprints"]["cloudlintLogicalPath/v1"].is_string());
}

#[test]
fn rules_lists_every_rule() {
    let (code, out, _) = run(&["rules"]);
    assert_eq!(code, 0);
    let codes: BTreeSet<&str> = out
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let expected: BTreeSet<String> = cloudlint::rules::all_rules()
        .iter()
        .map(|r| r.meta().code.to_string())
        .collect();
    assert_eq!(codes, expected.iter().map(String::as_str).collect());
    let v = json(&run(&["rules", "--format", "json"]).1);
    assert_eq!(v.as_array().map(Vec::len), Some(expected.len()));
    assert!(v[0]["code"].is_string() && v[0]["name"].is_string() && v[0]["severity"].is_string());
}

#[test]
fn explain_prints_the_rule_documentation() {
    for key in ["SYN004", "syn004", "duplicate-key"] {
        let (code, out, _) = run(&["explain", key]);
        assert_eq!(code, 0, "{key}");
        assert!(out.starts_with("# duplicate-key (SYN004)"), "{key}: {out}");
        assert!(out.contains("## Why is this bad?"));
    }
    let (code, _, err) = run(&["explain", "NOPE999"]);
    assert_eq!(code, 2);
    assert!(err.contains("no rule `NOPE999`"));
}

/// Every field path of a JSON value: `findings[].start.line`.
fn field_paths(v: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                out.insert(path.clone());
                field_paths(child, &path, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                field_paths(item, &format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

/// docs/json-output.md lists exactly the fields the JSON output has.
#[test]
fn json_output_matches_its_documentation() {
    let doc = std::fs::read_to_string("docs/json-output.md").unwrap_or_default();
    let documented: BTreeSet<String> = doc
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .map(str::to_string)
        .collect();
    assert!(documented.len() > 30, "the field table was not found");
    let v = json(&run(&["check", "--format", "json", CLI]).1);
    let mut present = BTreeSet::new();
    field_paths(&v, "", &mut present);
    let undocumented: Vec<_> = present.difference(&documented).collect();
    let absent: Vec<_> = documented.difference(&present).collect();
    assert!(
        undocumented.is_empty(),
        "fields missing from docs/json-output.md: {undocumented:?}"
    );
    assert!(
        absent.is_empty(),
        "documented fields the output of {CLI} lacks: {absent:?}"
    );
}

#[test]
fn require_tag_applies_to_every_taggable_resource() {
    let file = "testdata/CFN201/pass/tagged.json";
    // Without the flag (and without configuration) no tag is required.
    let (_, out, _) = run(&["check", "--no-config", "--select", "CFN201", file]);
    assert!(!out.contains("CFN201"), "{out}");
    let (code, out, _) = run(&[
        "check",
        "--no-config",
        "--select",
        "CFN201",
        "--require-tag",
        "Owner",
        "--require-tag",
        "CostCenter",
        file,
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("AWS::Serverless::Function Fn lacks required tag keys: CostCenter"),
        "{out}"
    );
    assert!(
        out.contains("AWS::DynamoDB::Table Table lacks required tag keys: CostCenter"),
        "{out}"
    );
}
