//! ## What it does
//! Runs an IAM assertion file — requests with the decision they must get
//! (`expect: allow` or `expect: deny`), evaluated offline against the policies
//! the file names — and reports every assertion whose decision differs, at the
//! assertion, with the decision and the statements that made it (Sid or
//! position, and file:line:column), or, when no statement applies, the reason. Assertion files
//! are found like any other input (by content: an `assertions` list whose
//! entries have `expect`), or listed in `[assertions] files` of `.cloudlint.toml`.
//!
//! ## Why is this bad?
//! An assertion is a team's guard rail written down: "the CI role can never
//! delete the prod bucket". A policy change that breaks one silently widens or
//! narrows access; in a pre-commit hook this finding stops it before it lands.
//!
//! ## Example
//! ```yaml
//! defaults:
//!   principal: arn:aws:sts::111122223333:assumed-role/ci/build-42
//!   identity-policies: [ci-role.json]
//! assertions:
//!   - name: CI cannot delete the prod bucket
//!     action: s3:DeleteBucket
//!     resource: arn:aws:s3:::prod-data
//!     expect: deny
//! ```
//!
//! ## Fix
//! Change the policy back, or — when the new access is intended — change the
//! assertion in the same review. `cloudlint can --assertions FILE` shows the
//! full trace of each request.
//!
//! ## References
//! - Policy evaluation logic: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html>
//! - cloudlint `can` and assertions: docs/can.md

use std::path::Path;

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "IAM201",
        "failed-assertion",
        Severity::Error,
        &[InputKind::IamAssertions],
        "An IAM assertion whose request does not get the expected decision",
        crate::rule_docs!(),
        &["security", "iam"],
        Precision::VeryHigh,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let base = ctx.path.parent().unwrap_or(Path::new(""));
    let name = ctx.path.display().to_string();
    match crate::iam::assertions::run_text(&name, ctx.text.to_string(), base) {
        Ok(report) => {
            for r in report.results.iter().filter(|r| !r.passed()) {
                let expected = r.expected.map_or("a decision", |e| e.as_str());
                let (message, help) = match &r.outcome {
                    Ok(eval) => {
                        let deciding: Vec<String> = eval
                            .deciding_statements()
                            .map(|t| format!("{} at {}", t.label(), t.location))
                            .collect();
                        let by = if deciding.is_empty() {
                            format!(": {}", eval.reason)
                        } else {
                            format!(", decided by {}", deciding.join(", "))
                        };
                        (
                            format!(
                                "assertion \"{}\" expects {expected}, but the request is {:?}{by}",
                                r.name, eval.decision
                            ),
                            "run `cloudlint can --assertions` on this file for the full trace",
                        )
                    }
                    Err(why) => (
                        format!("assertion \"{}\" could not be evaluated: {why}", r.name),
                        "fix the assertion or the policy files it names",
                    ),
                };
                out.push(Diagnostic::new(rule, r.span, message).with_help(help));
            }
        }
        Err(errors) => {
            for e in errors {
                let offset = crate::span::LineIndex::new(ctx.text)
                    .line_start(e.location.line)
                    .map_or(0, |s| s + e.location.column.saturating_sub(1) as usize);
                out.push(
                    Diagnostic::new(
                        rule,
                        crate::span::Span::at(offset),
                        format!("the assertion file cannot be run: {}", e.message),
                    )
                    .with_help("see docs/can.md for the assertion file format"),
                );
            }
        }
    }
}
