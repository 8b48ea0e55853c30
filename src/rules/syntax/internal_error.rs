//! ## What it does
//! Reports that cloudlint itself failed while linting a file (a bug). The
//! failure is contained to that file: the run goes on, the finding names the
//! file, and the exit status is 2 because the run is incomplete.
//!
//! ## Why is this bad?
//! A file whose lint crashed has not been checked. This should never happen;
//! please report it with the file (or a minimal version of it).
//!
//! ## Example
//! `internal error while linting this file: …`
//!
//! ## Fix
//! Report the bug. Meanwhile `--exclude` the file to get a clean run.
//!
//! ## References
//! - cloudlint issue tracker

use crate::diagnostic::Severity;
use crate::rules::{NativeRule, Precision, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "SYN007",
        "internal-error",
        Severity::Error,
        &[],
        "cloudlint failed while linting this file",
        crate::rule_docs!(),
        &["robustness"],
        Precision::VeryHigh,
    ),
    // Reported by the pipeline when a file's lint panics.
    check: |_, _, _| {},
};
