//! The rule engine: rule metadata, the per-file context rules read, the
//! registry of native rules, and rule selection.
//!
//! A native rule is one file under `src/rules/<family>/` whose `//!` doc
//! comment is its documentation (`cloudlint explain CODE`); `build.rs` copies
//! those comments so that [`rule_docs!`] can embed them. Declarative rules
//! live in `rules/*.yaml` and are loaded by [`declarative`].

pub mod cassandra;
pub mod cfn;
pub mod declarative;
pub mod derived;
pub mod ec2;
pub mod ecs;
pub mod emr;
pub mod iam;
pub mod kafka;
pub mod registry;
pub mod selection;
pub mod suppress;
pub mod syntax;
#[cfg(test)]
pub(crate) mod test_support;

use std::borrow::Cow;
use std::path::Path;

use crate::config::Settings;
use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::{Node, ParseIssue, Syntax};
use crate::source::InputKind;

pub use registry::{all_rules, find_rule};
pub use selection::RuleSelection;

/// The documentation of the rule defined in the calling file: its `//!` doc comment.
#[macro_export]
macro_rules! rule_docs {
    () => {
        include_str!(concat!(env!("OUT_DIR"), "/rule-docs/", file!(), ".md"))
    };
}

/// How sure a rule is that a finding is real (SARIF's `precision`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Precision {
    VeryHigh,
    High,
    Medium,
    Low,
}

impl Precision {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::VeryHigh => "very-high",
            Precision::High => "high",
            Precision::Medium => "medium",
            Precision::Low => "low",
        }
    }
}

/// What every rule declares about itself.
#[derive(Debug, Clone)]
pub struct RuleMeta {
    /// Stable code: family prefix and number (`IAM001`). Never reused.
    pub code: Cow<'static, str>,
    /// Kebab-case name describing the flagged pattern (`wildcard-action`).
    pub name: Cow<'static, str>,
    pub severity: Severity,
    /// The input kinds the rule reads; empty means every kind.
    pub kinds: Cow<'static, [InputKind]>,
    /// One line: what the rule flags.
    pub summary: Cow<'static, str>,
    /// Markdown: what it does, why it is bad, example, fix, references.
    pub docs: Cow<'static, str>,
    /// Topic tags (SARIF `properties.tags`): `security`, `iam`, `correctness` …
    pub tags: Cow<'static, [&'static str]>,
    pub precision: Precision,
}

impl RuleMeta {
    /// Whether the rule runs on files of `kind`.
    #[must_use]
    pub fn applies_to(&self, kind: Option<InputKind>) -> bool {
        self.kinds.is_empty() || kind.is_some_and(|k| self.kinds.contains(&k))
    }

    /// The family prefix of the code (`IAM` of `IAM001`, `EC2` of `EC2001`):
    /// codes end in a three-digit number, and a prefix may end in a digit.
    #[must_use]
    pub fn family(&self) -> &str {
        let cut = self.code.len().saturating_sub(3);
        match self.code.get(cut..) {
            Some(n) if n.len() == 3 && n.bytes().all(|b| b.is_ascii_digit()) => {
                self.code.get(..cut).unwrap_or(&self.code)
            }
            _ => self.code.trim_end_matches(|c: char| c.is_ascii_digit()),
        }
    }
}

/// Everything a rule may read about one file.
pub struct FileContext<'a> {
    pub path: &'a Path,
    pub text: &'a str,
    pub syntax: Syntax,
    pub kind: Option<InputKind>,
    /// The parsed tree; `None` when the file could not be parsed.
    pub root: Option<&'a Node>,
    pub parse_issues: &'a [ParseIssue],
    pub settings: &'a Settings,
    /// Models several rules read, built on first use (`Derived::default()`).
    pub derived: derived::Derived<'a>,
}

/// A lint rule. Rules return data (diagnostics); they never print.
pub trait Rule: Send + Sync {
    fn meta(&self) -> &RuleMeta;
    fn check(&self, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>);
}

/// A rule that only needs `meta` and a check function: most native rules.
pub struct NativeRule {
    pub meta: RuleMeta,
    pub check: fn(&RuleMeta, &FileContext<'_>, &mut Vec<Diagnostic>),
}

impl Rule for NativeRule {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check(&self, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
        (self.check)(&self.meta, ctx, out);
    }
}

/// Builds a [`RuleMeta`] in a `const`/`static` context.
#[must_use]
#[expect(
    clippy::too_many_arguments,
    reason = "a positional const builder keeps rule headers short"
)]
pub const fn meta(
    code: &'static str,
    name: &'static str,
    severity: Severity,
    kinds: &'static [InputKind],
    summary: &'static str,
    docs: &'static str,
    tags: &'static [&'static str],
    precision: Precision,
) -> RuleMeta {
    RuleMeta {
        code: Cow::Borrowed(code),
        name: Cow::Borrowed(name),
        severity,
        kinds: Cow::Borrowed(kinds),
        summary: Cow::Borrowed(summary),
        docs: Cow::Borrowed(docs),
        tags: Cow::Borrowed(tags),
        precision,
    }
}
