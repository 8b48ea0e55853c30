//! ## What it does
//! Reports the `Null` condition operator written with an `IfExists` suffix
//! (`NullIfExists`) or a set qualifier (`ForAllValues:Null`).
//!
//! ## Why is this bad?
//! `Null` already tests whether a key exists; IAM rejects `NullIfExists`
//! ("Null with if exists") and a qualifier makes no sense on a test of
//! presence.
//!
//! ## Example
//! ```json
//! "Condition": {"NullIfExists": {"aws:TokenIssueTime": "true"}}
//! ```
//!
//! ## Fix
//! Write `"Null": {"key": "true"}` (key absent) or `"false"` (key present).
//!
//! ## References
//! - Condition operator to check existence of condition keys: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null>
//! - Access Analyzer policy checks (Null with if exists, Null with qualifier): <https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html>

use super::{for_each_written_policy, statements};
use crate::diagnostic::{Diagnostic, Severity};
use crate::iam::policy::{BaseOperator, Operator};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "IAM015",
        "null-with-if-exists",
        Severity::Error,
        &[InputKind::IamPolicy, InputKind::Cloudformation],
        "The Null operator with IfExists or a set qualifier",
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
                let Ok(
                    op @ Operator {
                        base: BaseOperator::Null,
                        ..
                    },
                ) = Operator::parse(&b.operator)
                else {
                    continue;
                };
                let path = format!("{}.{}", input.path(st, "Condition"), b.operator);
                if op.if_exists {
                    found.push(
                        Diagnostic::new(rule, b.key_span, format!("`{}`: Null already tests whether the key exists; IAM rejects IfExists on it", b.operator))
                            .with_logical_path(path.clone())
                            .with_help("write `Null`"),
                    );
                }
                if let Some(q) = op.qualifier {
                    found.push(
                        Diagnostic::new(
                            rule,
                            b.key_span,
                            format!(
                                "`{}`: {} has no meaning on Null, which tests presence",
                                b.operator,
                                q.as_str()
                            ),
                        )
                        .with_severity(Severity::Warning)
                        .with_logical_path(path)
                        .with_help("write `Null`"),
                    );
                }
            }
        }
    });
}
