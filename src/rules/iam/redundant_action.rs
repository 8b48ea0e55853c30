//! ## What it does
//! Reports an entry of a statement's `Action` or `NotAction` list that
//! another entry of the same list already covers: a repeat (action names
//! are case-insensitive, so `s3:getobject` repeats `s3:GetObject`) or an
//! action matched by a wildcard entry (`s3:GetObject` next to `s3:Get*`).
//!
//! ## Why is this bad?
//! The entry changes nothing, but a reader takes it as meaningful: removing
//! the wildcard later looks safe when the named action is believed to be the
//! only one granted, and long lists hide which entry really grants what
//! (Access Analyzer: "Redundant action").
//!
//! ## Example
//! ```json
//! {"Effect": "Allow", "Action": ["s3:Get*", "s3:GetObject"], "Resource": "arn:aws:s3:::bucket/*"}
//! ```
//!
//! ## Fix
//! Remove the covered entry, or replace the wildcard by the actions meant.
//!
//! ## References
//! - IAM JSON policy elements: Action: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html>
//! - Access Analyzer policy checks (Redundant action): <https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html>

use super::{for_each_written_policy, known, statements};
use crate::diagnostic::{Diagnostic, Severity};
use crate::iam::wildcard::wildcard_match;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "IAM016",
        "redundant-action",
        Severity::Note,
        &[InputKind::IamPolicy, InputKind::Cloudformation],
        "An action entry that another entry of the same list already covers",
        crate::rule_docs!(),
        &["iam", "maintainability"],
        Precision::VeryHigh,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for_each_written_policy(ctx, out, |input, found| {
        for st in statements(&input.policy) {
            for el in st.action.iter().chain(st.not_action.iter()) {
                let items: Vec<(&str, crate::span::Span)> = el
                    .value
                    .items
                    .iter()
                    .filter_map(|i| Some((i.value.as_str().and_then(known)?, i.span)))
                    .collect();
                for (i, (text, span)) in items.iter().enumerate() {
                    let cover = items.iter().enumerate().find(|(j, (other, _))| {
                        *j != i
                            && if other.eq_ignore_ascii_case(text) {
                                *j < i
                            } else {
                                wildcard_match(other, text, true)
                            }
                    });
                    let Some((_, (other, other_span))) = cover else {
                        continue;
                    };
                    let what = if other.eq_ignore_ascii_case(text) {
                        "repeats an earlier entry in".to_string()
                    } else {
                        format!("is already covered by `{other}` in")
                    };
                    found.push(
                        Diagnostic::new(
                            rule,
                            *span,
                            format!("`{text}` {what} {} of {}", el.name, st.label()),
                        )
                        .with_label(*other_span, "covered here")
                        .with_logical_path(input.path(st, &el.name))
                        .with_help("remove the redundant entry"),
                    );
                }
            }
        }
    });
}
