//! ## What it does
//! Reports a suppression that cannot be honoured: it gives no reason, names a
//! rule that does not exist (with a did-you-mean), uses `ALL`, or has an
//! `expires=` value that is not a `YYYY-MM-DD` date. Such a suppression
//! silences nothing.
//!
//! ## Why is this bad?
//! A reason is what makes a suppression reviewable; a misspelled code means
//! the finding the author wanted to accept is still reported (or worse, the
//! author believes something is suppressed that is not).
//!
//! ## Example
//! ```yaml
//! # cloudlint: ignore[SYN04]
//! ```
//!
//! ## Fix
//! `# cloudlint: ignore[SYN004] reviewed with the security team, ticket SEC-42`
//!
//! ## References
//! - cloudlint suppressions: docs/configuration.md

use crate::diagnostic::Severity;
use crate::rules::{NativeRule, Precision, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "SUP003",
        "invalid-suppression",
        Severity::Error,
        &[],
        "A suppression without a reason, naming no rule, or with a bad date",
        crate::rule_docs!(),
        &["maintainability"],
        Precision::VeryHigh,
    ),
    // Reported by `crate::suppress::apply`.
    check: |_, _, _| {},
};
