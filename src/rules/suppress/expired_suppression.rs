//! ## What it does
//! Reports a suppression whose `expires=` date has passed. From that day on it
//! no longer silences anything: the findings it covered are reported again,
//! and this finding says why they came back.
//!
//! ## Why is this bad?
//! Accepted risks are accepted for a time ("until the migration in Q2"). An
//! expiry date turns "temporary" into a reminder that cannot be forgotten.
//!
//! ## Example
//! ```yaml
//! # cloudlint: ignore[CFN010] migration to private subnets in Q2 expires=2026-06-30
//! MapPublicIpOnLaunch: true
//! ```
//!
//! ## Fix
//! Fix the findings, or renew the suppression with a new date and a new reason.
//!
//! ## References
//! - cloudlint suppressions: docs/configuration.md

use crate::diagnostic::Severity;
use crate::rules::{NativeRule, Precision, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "SUP002",
        "expired-suppression",
        Severity::Warning,
        &[],
        "A suppression past its expiry date",
        crate::rule_docs!(),
        &["maintainability"],
        Precision::VeryHigh,
    ),
    // Reported by `crate::suppress::apply`.
    check: |_, _, _| {},
};
