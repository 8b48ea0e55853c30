//! ## What it does
//! Reports a suppression — a `# cloudlint: ignore[…]` comment, a
//! `Metadata.cloudlint.ignore` entry of a CloudFormation resource, or a
//! `[[suppress]]` entry of `.cloudlint.toml` — that silences no finding.
//!
//! ## Why is this bad?
//! A suppression outlives the problem it accepted: the code was fixed, or the
//! comment sits on the wrong line. Left in place, it will silently hide the
//! next, different problem of the same rule at that spot.
//!
//! ## Example
//! ```yaml
//! # cloudlint: ignore[SYN004] the duplicate is intended
//! Description: only one key here
//! ```
//!
//! ## Fix
//! Remove the suppression, or move it to the line of the finding it was meant for.
//!
//! ## References
//! - cloudlint suppressions: docs/configuration.md

use crate::diagnostic::Severity;
use crate::rules::{NativeRule, Precision, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "SUP001",
        "unused-suppression",
        Severity::Warning,
        &[],
        "A suppression that silences no finding",
        crate::rule_docs!(),
        &["maintainability"],
        Precision::VeryHigh,
    ),
    // Reported by `crate::suppress::apply`, which alone knows what was silenced.
    check: |_, _, _| {},
};
