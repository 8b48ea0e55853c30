//! Declarative rules: a rule written as data instead of Rust.
//!
//! A rule file (`rules/<CODE>-<name>.yaml`, or any `.yaml`/`.yml`/`.json`
//! file given with `check --rules DIR`) names a JSONPath `select` that picks
//! candidate nodes and an optional `when` condition describing the bad state;
//! each candidate for which `when` holds is a finding. The files go through
//! the same parsers as every input, so rules and their load errors have exact
//! positions. Queries and regexes are compiled once, when a rule is loaded.
//! See `docs/declarative-rules.md` for the format.
//!
//! Built-in rules are the files of `rules/`, embedded by `build.rs`: adding a
//! file there adds a rule.

pub mod assertions;
pub mod invalid_rule_file;
pub mod loader;
pub mod model;
pub mod query;
pub mod rule;
pub mod template;
pub mod user;

use std::path::Path;
use std::sync::LazyLock;

pub use loader::{LoadError, Taken, load_rule};
pub use rule::DeclarativeRule;

use crate::parse::{Limits, Node, ParseIssueKind, parse};
use crate::rules::{Rule, registry::NATIVE_RULES};
use crate::source::detect::syntax_of;

// `BUILTIN_RULE_FILES: &[(&str, &str)]`: (path, text) of every file in `rules/`.
include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

struct Builtins {
    rules: Vec<DeclarativeRule>,
    errors: Vec<(&'static str, LoadError)>,
}

static BUILTINS: LazyLock<Builtins> = LazyLock::new(load_builtins);

fn load_builtins() -> Builtins {
    let mut rules: Vec<DeclarativeRule> = Vec::new();
    let mut errors = Vec::new();
    for (file, text) in BUILTIN_RULE_FILES {
        let root = match parse_rule_text(Path::new(file), text, &Limits::default()) {
            Ok(root) => root,
            Err(e) => {
                errors.extend(e.into_iter().map(|e| (*file, e)));
                continue;
            }
        };
        let existing: Vec<Taken<'_>> = NATIVE_RULES
            .iter()
            .map(|r| Taken {
                meta: r.meta(),
                origin: None,
            })
            .chain(rules.iter().map(DeclarativeRule::taken))
            .collect();
        match loader::load_builtin_rule(&root, text, file, &existing) {
            Ok(rule) => rules.push(rule),
            Err(e) => errors.extend(e.into_iter().map(|e| (*file, e))),
        }
    }
    Builtins { rules, errors }
}

/// The built-in declarative rules (loaded and compiled once per process).
#[must_use]
pub fn builtin_rules() -> &'static [DeclarativeRule] {
    &BUILTINS.rules
}

/// Problems in the built-in rule files; a test keeps this empty.
#[must_use]
pub fn builtin_errors() -> &'static [(&'static str, LoadError)] {
    &BUILTINS.errors
}

/// The text of the built-in rule file defining `code`.
#[must_use]
pub fn builtin_source(code: &str) -> Option<&'static str> {
    let rule = builtin_rules().iter().find(|r| r.meta.code == code)?;
    BUILTIN_RULE_FILES
        .iter()
        .find(|(file, _)| *file == rule.origin)
        .map(|(_, text)| *text)
}

/// `rules` as codes and names taken, with the files of built-in rules.
#[must_use]
pub fn taken<'a>(rules: &[&'a dyn Rule]) -> Vec<Taken<'a>> {
    rules
        .iter()
        .map(|r| Taken {
            meta: r.meta(),
            origin: builtin_rules()
                .iter()
                .find(|b| b.meta.code == r.meta().code)
                .map(|b| b.origin.as_str()),
        })
        .collect()
}

/// Parses a rule file's text into a tree (YAML or JSON, by its name).
///
/// # Errors
/// The text does not parse; the errors carry the parser's positions.
pub fn parse_rule_text(path: &Path, text: &str, limits: &Limits) -> Result<Node, Vec<LoadError>> {
    let parsed = parse(syntax_of(path, text), text, limits);
    let fatal: Vec<LoadError> = parsed
        .issues
        .iter()
        .filter(|i| matches!(i.kind, ParseIssueKind::Syntax | ParseIssueKind::Limit))
        .map(|i| LoadError {
            span: i.span,
            message: i.message.clone(),
            help: i.help.clone(),
        })
        .collect();
    match parsed.root {
        Some(root) if fatal.is_empty() => Ok(root),
        _ => Err(fatal),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_rule_file_loads() {
        assert!(
            builtin_errors().is_empty(),
            "built-in rule files with errors: {:#?}",
            builtin_errors()
        );
        assert_eq!(builtin_rules().len(), BUILTIN_RULE_FILES.len());
    }

    #[test]
    fn every_builtin_regex_compiles() {
        // Built-in rules compile their regexes on first use: load each one
        // the way a user's rule file is loaded, which compiles them now.
        for (file, text) in BUILTIN_RULE_FILES {
            let root = parse_rule_text(Path::new(file), text, &Limits::default()).unwrap();
            let others: Vec<Taken<'_>> = NATIVE_RULES
                .iter()
                .map(|r| Taken {
                    meta: r.meta(),
                    origin: None,
                })
                .collect();
            if let Err(e) = load_rule(&root, text, file, &others) {
                panic!("{file}: {e:?}");
            }
        }
    }

    #[test]
    fn builtin_files_are_named_after_their_rule() {
        for rule in builtin_rules() {
            let m = &rule.meta;
            let stem = format!("rules/{}-{}.", m.code, m.name);
            assert!(
                rule.origin.starts_with(&stem),
                "{} should be named {stem}yaml",
                rule.origin
            );
            assert!(builtin_source(&m.code).is_some_and(|t| !t.is_empty()));
        }
    }
}
