//! `check --rules DIR`: loading a user's own rule files.
//!
//! Each file is first linted as a `cloudlint-rule` input with every rule
//! enabled, whatever `--select`/`--ignore` say: a broken rule file must not
//! go unnoticed. A file whose lint has no error loads; a code or name that
//! an earlier user file took is reported on the later file.

use std::path::{Path, PathBuf};

use super::invalid_rule_file::{RULE as INVALID_RULE_FILE, to_diagnostic};
use super::{DeclarativeRule, load_rule, parse_rule_text, taken};
use crate::config::Settings;
use crate::diagnostic::Severity;
use crate::lint::{FileResult, RunOptions, lint_path, sort_diagnostics};
use crate::rules::{Rule, RuleSelection, all_rules};
use crate::source::InputKind;
use crate::source::walk::PathFilter;

/// The user's rules, and the findings about their files.
#[derive(Debug, Default)]
pub struct UserRules {
    pub rules: Vec<DeclarativeRule>,
    /// Rule files with findings (only those).
    pub files: Vec<FileResult>,
}

impl UserRules {
    /// Whether a rule file could not be loaded.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.files
            .iter()
            .any(|f| f.diagnostics.iter().any(|d| d.severity == Severity::Error))
    }
}

/// The rule files under `paths`: files as given, directories walked in
/// sorted order for `.yaml`, `.yml` and `.json` files.
///
/// # Errors
/// A path that does not exist.
pub fn rule_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            collect(path, &mut files);
        } else if path.is_file() {
            files.push(path.clone());
        } else {
            return Err(path.clone());
        }
    }
    Ok(files)
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            ["yaml", "yml", "json"]
                .iter()
                .any(|x| e.eq_ignore_ascii_case(x))
        }) {
            files.push(path);
        }
    }
}

/// Loads the rule files under `paths`.
///
/// # Errors
/// A path that does not exist.
pub fn load_user_rules(paths: &[PathBuf], settings: &Settings) -> Result<UserRules, PathBuf> {
    let files = rule_files(paths)?;
    let lint_settings = Settings {
        selection: RuleSelection::default(),
        ..settings.clone()
    };
    let builtin = all_rules();
    let opts = RunOptions {
        paths: Vec::new(),
        filter: PathFilter::default(),
        forced_kind: Some(InputKind::CloudlintRule),
        settings: &lint_settings,
        rules: &builtin,
    };
    let mut loaded = UserRules::default();
    for path in files {
        let mut result = lint_path(&path, &opts);
        let clean = !result
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error);
        if clean {
            load_one(&path, &mut result, &builtin, &mut loaded.rules, settings);
        }
        if !result.diagnostics.is_empty() {
            loaded.files.push(result);
        }
    }
    Ok(loaded)
}

fn load_one(
    path: &Path,
    result: &mut FileResult,
    builtin: &[&dyn Rule],
    rules: &mut Vec<DeclarativeRule>,
    settings: &Settings,
) {
    let Ok(root) = parse_rule_text(path, &result.text, &settings.limits) else {
        return;
    };
    let mut existing = taken(builtin);
    existing.extend(rules.iter().map(DeclarativeRule::taken));
    let origin = path.display().to_string();
    match load_rule(&root, &result.text, &origin, &existing) {
        Ok(rule) => rules.push(rule),
        Err(errors) => {
            let meta = INVALID_RULE_FILE.meta();
            result
                .diagnostics
                .extend(errors.into_iter().map(|e| to_diagnostic(meta, e)));
            sort_diagnostics(&mut result.diagnostics);
        }
    }
}
