//! Microsoft's SARIF validator on cloudlint's SARIF (opt-in: it needs npm and
//! the network once). Run with
//!
//! ```sh
//! CLOUDLINT_SARIF_VALIDATE=1 cargo test --test sarif_validator -- --nocapture
//! ```
//!
//! It installs `@microsoft/sarif-multitool` (pinned) from npm into
//! `target/tmp/sarif-multitool/`, writes the SARIF of everything under
//! `testdata/`, and runs `sarif-multitool validate` with the SARIF rules and
//! GitHub's ingestion rules (`--rule-kind "Sarif;Ghas"`: the `GH1001`…
//! `GH2012` checks of what GitHub code scanning requires). Any error fails
//! the test; warnings are printed. It then lets the multitool compute the
//! rolling-hash fingerprints itself (`rewrite --insert
//! RollingHashPartialFingerprints`, an implementation independent of ours)
//! and requires ours to be the same.

#![expect(
    clippy::indexing_slicing,
    reason = "reading serde_json::Value by index or key yields Null when absent, it never panics"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const MULTITOOL: &str = "@microsoft/sarif-multitool@5.7.0";
const ENABLE: &str = "CLOUDLINT_SARIF_VALIDATE";

fn enabled() -> bool {
    let on = std::env::var_os(ENABLE).is_some_and(|v| v == "1");
    if !on {
        eprintln!("skipped: set {ENABLE}=1 to run the SARIF validator (needs npm)");
    }
    on
}

/// Runs a command, printing it first; returns stdout or a description of the failure.
fn run(cmd: &mut Command) -> Result<String, String> {
    eprintln!("+ {cmd:?}");
    let out = cmd.output().map_err(|e| format!("{cmd:?}: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    if out.status.success() {
        Ok(stdout)
    } else {
        Err(format!(
            "{cmd:?} exited with {}\n{stdout}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// The multitool executable, installed into the cache on first use.
fn multitool(cache: &Path) -> Result<PathBuf, String> {
    let package = cache.join("node_modules/@microsoft/sarif-multitool");
    if !package.join("package.json").exists() {
        std::fs::create_dir_all(cache).map_err(|e| e.to_string())?;
        run(Command::new("npm")
            .args([
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--prefix",
            ])
            .arg(cache)
            .arg(MULTITOOL))?;
    }
    // The package exports the path of the binary for this platform.
    let script = format!(
        "process.stdout.write(require({:?}))",
        package.to_string_lossy()
    );
    let binary = PathBuf::from(run(Command::new("node").args(["-e", &script]))?);
    // npm may not have run the package's `chmod u+x` install script.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mut perms = std::fs::metadata(&binary)
            .map_err(|e| e.to_string())?
            .permissions();
        perms.set_mode(perms.mode() | 0o700);
        std::fs::set_permissions(&binary, perms).map_err(|e| e.to_string())?;
    }
    Ok(binary)
}

/// cloudlint's SARIF for `paths`, written to `file`.
fn write_sarif(paths: &[&str], file: &Path) -> Result<(), String> {
    let out = assert_cmd::cargo::cargo_bin_cmd!("cloudlint")
        .args(["check", "--format", "sarif", "--output"])
        .arg(file)
        .args(paths)
        .output()
        .map_err(|e| e.to_string())?;
    match out.status.code() {
        Some(0 | 1) => Ok(()),
        _ => Err(String::from_utf8_lossy(&out.stderr).into_owned()),
    }
}

fn read_json(path: &Path) -> Value {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or(Value::Null)
}

/// Validates `sarif` and returns (errors, warnings) as printable lines.
fn validate(tool: &Path, sarif: &Path) -> Result<(Vec<String>, Vec<String>), String> {
    let report = sarif.with_extension("validation.sarif");
    let _ = std::fs::remove_file(&report);
    run(Command::new(tool)
        .args(["validate", "--rule-kind", "Sarif;Ghas", "--output"])
        .arg(&report)
        .arg(sarif))?;
    let log = read_json(&report);
    let results = log["runs"][0]["results"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for r in &results {
        let line = format!(
            "{} {}: {}",
            r["ruleId"].as_str().unwrap_or("?"),
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["message"]["text"]
                .as_str()
                .unwrap_or_else(|| r["message"]["id"].as_str().unwrap_or(""))
        );
        // A result without a level is a warning (SARIF §3.27.10).
        if r["level"] == "error" {
            errors.push(line);
        } else {
            warnings.push(line);
        }
    }
    Ok((errors, warnings))
}

/// Results whose `primaryLocationLineHash` differs from the multitool's.
fn fingerprint_mismatches(tool: &Path, sarif: &Path) -> Result<Vec<String>, String> {
    let ours = read_json(sarif);
    let mut stripped = ours.clone();
    for r in stripped["runs"][0]["results"]
        .as_array_mut()
        .into_iter()
        .flatten()
    {
        if let Some(fp) = r["partialFingerprints"].as_object_mut() {
            fp.remove("primaryLocationLineHash");
        }
    }
    let input = sarif.with_extension("stripped.sarif");
    let output = sarif.with_extension("rehashed.sarif");
    std::fs::write(&input, stripped.to_string()).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_file(&output);
    run(Command::new(tool)
        .args([
            "rewrite",
            "--insert",
            "RollingHashPartialFingerprints",
            "--output",
        ])
        .arg(&output)
        .arg(&input))?;
    let theirs = read_json(&output);
    let empty = Vec::new();
    let a = ours["runs"][0]["results"].as_array().unwrap_or(&empty);
    let b = theirs["runs"][0]["results"].as_array().unwrap_or(&empty);
    if a.len() != b.len() {
        return Err(format!("{} results became {}", a.len(), b.len()));
    }
    let mut mismatches = Vec::new();
    for (x, y) in a.iter().zip(b) {
        let key = "primaryLocationLineHash";
        let ours = &x["partialFingerprints"][key];
        if ours.is_null() {
            continue; // not computed: text not the whole file; upload-sarif fills it
        }
        if ours != &y["partialFingerprints"][key] {
            mismatches.push(format!(
                "{} line {}: ours {ours}, multitool {}",
                x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                x["locations"][0]["physicalLocation"]["region"]["startLine"],
                y["partialFingerprints"][key]
            ));
        }
    }
    Ok(mismatches)
}

#[test]
fn sarif_of_testdata_passes_the_validator_with_github_rules() -> Result<(), String> {
    if !enabled() {
        return Ok(());
    }
    let cache = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sarif-multitool");
    let tool = multitool(&cache)?;
    let sarif = cache.join("testdata.sarif");
    write_sarif(&["testdata"], &sarif)?;
    let results = read_json(&sarif)["runs"][0]["results"]
        .as_array()
        .map_or(0, Vec::len);
    eprintln!("validating {} ({results} results)", sarif.display());
    assert!(results > 10, "testdata should give findings");
    let (errors, warnings) = validate(&tool, &sarif)?;
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    assert!(
        errors.is_empty(),
        "the SARIF validator found errors:\n{}",
        errors.join("\n")
    );
    eprintln!("0 errors, {} warnings", warnings.len());
    let mismatches = fingerprint_mismatches(&tool, &sarif)?;
    assert!(
        mismatches.is_empty(),
        "line hashes differ:\n{}",
        mismatches.join("\n")
    );
    Ok(())
}
