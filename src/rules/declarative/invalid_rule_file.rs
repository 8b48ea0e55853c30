//! ## What it does
//! Reports a declarative rule file that cloudlint cannot load: a missing or
//! unknown field (with the field probably meant), a JSONPath that does not
//! parse, a regex that does not compile, an unknown input kind, severity or
//! operator, a malformed message placeholder, or a code or name that another
//! rule already uses. Each finding points at the offending key or value, inside
//! the JSONPath or template string when it can.
//!
//! Rule files are checked when they are loaded with `check --rules DIR`, and
//! when they are linted like any other input (`cloudlint check rules/`): a
//! file with `code`, `select` and `kinds` is recognised as a rule file.
//!
//! ## Why is this bad?
//! A rule that cannot be loaded does not run: the check a team wrote for its
//! task definitions or broker configurations silently stops protecting them.
//! A misspelled operator such as `equal` must not turn into "no condition,
//! every candidate is a finding" either, so the whole file is refused.
//!
//! ## Example
//! ```yaml
//! code: ACME001
//! name: public-bucket
//! severity: warning
//! kinds: [cloudformation]
//! summary: An S3 bucket with a public ACL
//! select: $.Resources[?@.Type == 'AWS::S3::Bucket'].Properties.AccessControl
//! when: {equal: PublicRead}
//! message: the bucket's ACL is {value}
//! ```
//! `equal` is not an operator (`equals` is).
//!
//! ## Fix
//! Correct the field the finding points at; `docs/declarative-rules.md`
//! describes every field and operator, and `cloudlint rules` lists the codes
//! and names already taken.
//!
//! ## References
//! - RFC 9535, JSONPath: Query Expressions for JSON: <https://www.rfc-editor.org/rfc/rfc9535>
//! - Rust `regex` syntax: <https://docs.rs/regex/latest/regex/#syntax>
//! - cloudlint declarative rules: `docs/declarative-rules.md`

use super::{builtin_source, load_rule, taken};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, all_rules, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "RUL001",
        "invalid-rule-file",
        Severity::Error,
        &[InputKind::CloudlintRule],
        "A declarative rule file that cannot be loaded",
        crate::rule_docs!(),
        &["correctness", "cloudlint"],
        Precision::VeryHigh,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    // A file that does not parse is SYN001's finding.
    let Some(root) = ctx.root else { return };
    let rules = all_rules();
    // A built-in rule file linted as input is that rule, not a duplicate of it.
    let existing: Vec<_> = taken(&rules)
        .into_iter()
        .filter(|t| builtin_source(&t.meta.code) != Some(ctx.text))
        .collect();
    let origin = ctx.path.display().to_string();
    if let Err(errors) = load_rule(root, ctx.text, &origin, &existing) {
        out.extend(errors.into_iter().map(|e| to_diagnostic(rule, e)));
    }
}

/// A load error as a finding of this rule.
#[must_use]
pub fn to_diagnostic(rule: &RuleMeta, error: super::LoadError) -> Diagnostic {
    let d = Diagnostic::new(rule, error.span, error.message);
    match error.help {
        Some(h) => d.with_help(h),
        None => d,
    }
}
