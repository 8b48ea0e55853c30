//! ## What it does
//! Reports a condition operator AWS does not define (`StringEqual`,
//! `ForAllValue:StringLike`, `DateGreaterThen`), with the closest operator.
//! Operator names are case-insensitive; qualifiers are `ForAllValues:` and
//! `ForAnyValue:`; every operator except `Null` takes an `IfExists` suffix.
//!
//! ## Why is this bad?
//! IAM rejects the policy ("Invalid condition operator"). A tool or
//! reviewer that skips the unknown block instead believes in a restriction
//! that is not there.
//!
//! ## Example
//! ```json
//! "Condition": {"StringEqual": {"aws:PrincipalTag/team": "data"}}
//! ```
//!
//! ## Fix
//! Use the operator's exact name (`StringEquals`).
//!
//! ## References
//! - IAM JSON policy elements: Condition operators: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html>
//! - Multivalued context keys: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html>

use super::{for_each_written_policy, known, statements};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "IAM011",
        "unknown-condition-operator",
        Severity::Error,
        &[InputKind::IamPolicy, InputKind::Cloudformation],
        "A condition operator that AWS does not define",
        crate::rule_docs!(),
        &["iam", "correctness"],
        Precision::VeryHigh,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for_each_written_policy(ctx, out, |input, found| {
        for st in statements(&input.policy) {
            let Some(cond) = &st.condition else { continue };
            for b in &cond.value.blocks {
                if known(&b.operator).is_none() {
                    continue;
                }
                let Err(e) = b.parse_operator() else { continue };
                let mut d = Diagnostic::new(rule, b.key_span, e.message.clone())
                    .with_logical_path(format!("{}.{}", input.path(st, "Condition"), b.operator));
                d = match &e.suggestion {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => {
                        d.with_help("see the list of condition operators in the IAM User Guide")
                    }
                };
                found.push(d);
            }
        }
    });
}
