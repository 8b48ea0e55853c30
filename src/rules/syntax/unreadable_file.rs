//! ## What it does
//! Reports a file that cloudlint was asked to lint but could not read as
//! text: permission denied, not a regular file, binary content, invalid UTF-8,
//! over the size limit, or a directory entry the walk could not follow (a
//! symlink loop).
//!
//! ## Why is this bad?
//! A file that is silently skipped is a file that is silently unchecked. The
//! run goes on with the other files; this finding says which one was missed
//! and why. Findings of this rule are produced while reading, before any rule
//! sees the file.
//!
//! ## Example
//! A `policy.json` saved as Windows-1252 with a `é` in a `Sid` is not UTF-8:
//! the finding names the byte offset of the first invalid byte.
//!
//! ## Fix
//! Save the file as UTF-8, fix its permissions, or exclude it with `--exclude`.
//!
//! ## References
//! - RFC 8259 §8.1 (JSON text is UTF-8): <https://www.rfc-editor.org/rfc/rfc8259#section-8.1>

use crate::diagnostic::Severity;
use crate::rules::{NativeRule, Precision, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "SYN006",
        "unreadable-file",
        Severity::Error,
        &[],
        "A file that could not be read as text",
        crate::rule_docs!(),
        &["robustness"],
        Precision::VeryHigh,
    ),
    // Reported by the pipeline when reading fails: there is no text to check.
    check: |_, _, _| {},
};
