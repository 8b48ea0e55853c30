//! ## What it does
//! Reports a statement whose `Effect` is missing or is not exactly `Allow` or
//! `Deny` (the value is case-sensitive: `allow` and `Alow` are rejected).
//!
//! ## Why is this bad?
//! IAM refuses the whole policy; tools that skip the statement instead hide a
//! grant or a guard rail the author meant to write.
//!
//! ## Example
//! ```json
//! {"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}
//! ```
//!
//! ## Fix
//! Write `"Effect": "Allow"` or `"Effect": "Deny"`.
//!
//! ## References
//! - IAM JSON policy elements: Effect: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html>
//! - IAM JSON policy grammar: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html>

use super::{for_each_written_policy, statements};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;
use crate::suggest::did_you_mean;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "IAM002",
        "invalid-effect",
        Severity::Error,
        &[InputKind::IamPolicy, InputKind::Cloudformation],
        "A statement's Effect is missing or is not Allow or Deny",
        crate::rule_docs!(),
        &["iam", "correctness"],
        Precision::VeryHigh,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for_each_written_policy(ctx, out, |input, found| {
        for st in statements(&input.policy) {
            let Some(effect) = &st.effect else {
                found.push(
                    Diagnostic::new(rule, st.span, format!("{} has no Effect", st.label()))
                        .with_logical_path(input.path(st, ""))
                        .with_help("add \"Effect\": \"Allow\" or \"Effect\": \"Deny\""),
                );
                continue;
            };
            let text = effect.value.as_str();
            if matches!(text, Some("Allow" | "Deny"))
                || text.is_some_and(|t| super::known(t).is_none())
            {
                continue;
            }
            let shown = text.map_or_else(
                || effect.value.type_name().to_string(),
                |t| format!("\"{t}\""),
            );
            let help = text
                .and_then(|t| did_you_mean(t, ["Allow", "Deny"]))
                .map_or_else(
                    || "use \"Allow\" or \"Deny\" (case-sensitive)".to_string(),
                    |s| format!("did you mean \"{s}\"? (case-sensitive)"),
                );
            found.push(
                Diagnostic::new(
                    rule,
                    effect.span,
                    format!("Effect {shown} of {} is not Allow or Deny", st.label()),
                )
                .with_logical_path(input.path(st, "Effect"))
                .with_help(help),
            );
        }
    });
}
