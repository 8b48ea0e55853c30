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
use crate::iam::wildcard::{has_wildcard, wildcard_match};
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
                let (first_of, patterns) = index_entries(&items);
                for (i, (text, span)) in items.iter().enumerate() {
                    let Some(j) = covering_entry(&items, &first_of, &patterns, i) else {
                        continue;
                    };
                    let Some((other, other_span)) = items.get(j) else {
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

/// For each entry, the index of the first entry equal to it (ASCII case
/// ignored); and the indices of the entries with a wildcard (or non-ASCII
/// text, which the matcher compares with Unicode case folding), the only ones
/// that can cover a different entry. Lists of thousands of actions are common
/// (AWS managed policies): comparing every pair was quadratic.
fn index_entries(items: &[(&str, crate::span::Span)]) -> (Vec<usize>, Vec<usize>) {
    let mut first: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let first_of = items
        .iter()
        .enumerate()
        .map(|(i, (text, _))| *first.entry(text.to_ascii_lowercase()).or_insert(i))
        .collect();
    let patterns = items
        .iter()
        .enumerate()
        .filter(|(_, (text, _))| has_wildcard(text) || !text.is_ascii())
        .map(|(i, _)| i)
        .collect();
    (first_of, patterns)
}

/// The first entry other than `i` that covers entry `i`: an earlier equal
/// entry, or a wildcard entry (not equal to it) that matches it.
fn covering_entry(
    items: &[(&str, crate::span::Span)],
    first_of: &[usize],
    patterns: &[usize],
    i: usize,
) -> Option<usize> {
    let (text, _) = items.get(i)?;
    let repeat = first_of.get(i).copied().filter(|&j| j < i);
    let pattern = patterns.iter().copied().find(|&j| {
        j != i
            && items.get(j).is_some_and(|(other, _)| {
                !other.eq_ignore_ascii_case(text) && wildcard_match(other, text, true)
            })
    });
    match (repeat, pattern) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}
