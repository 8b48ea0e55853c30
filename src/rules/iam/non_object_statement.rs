//! ## What it does
//! Reports a `Statement` element that is neither a statement object nor a
//! list, and an entry of the `Statement` list that is not an object
//! (`"Statement": ["s3:GetObject"]`, a number, a nested list, `null`).
//!
//! ## Why is this bad?
//! IAM rejects the policy ("Json syntax error" / malformed policy document).
//! Such entries usually come from a template that expanded a list into the
//! wrong place, or from a statement object that lost its braces; no other
//! rule looks inside them.
//!
//! ## Example
//! ```json
//! {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}, "s3:PutObject"]}
//! ```
//!
//! ## Fix
//! Make every entry a statement object with `Effect`, `Action` and
//! `Resource` (or the elements its policy type needs).
//!
//! ## References
//! - IAM JSON policy elements: Statement: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_statement.html>
//! - Grammar of the IAM JSON policy language: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html>

use super::for_each_written_policy;
use crate::diagnostic::{Diagnostic, Severity};
use crate::iam::policy::StatementShape;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "IAM022",
        "non-object-statement",
        Severity::Error,
        &[InputKind::IamPolicy, InputKind::Cloudformation],
        "A Statement, or an entry of the Statement list, that is not an object",
        crate::rule_docs!(),
        &["iam", "correctness"],
        Precision::VeryHigh,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for_each_written_policy(ctx, out, |input, found| {
        let policy = &input.policy;
        if let Some(el) = &policy.statement
            && let StatementShape::Other(type_name) = el.value
        {
            // In a template a string here is a value only known at deploy
            // time (`!Ref`), resolved to a placeholder: not the author's mistake.
            if !(input.description.is_some() && type_name == "string") {
                found.push(
                    Diagnostic::new(
                        rule,
                        el.span,
                        format!("Statement is a {type_name}: it must be a statement object or a list of them"),
                    )
                    .with_logical_path(input.top_path("Statement"))
                    .with_help("write \"Statement\": [{\"Effect\": …, \"Action\": …, \"Resource\": …}]"),
                );
            }
        }
        for st in policy
            .statements
            .iter()
            .filter(|s| !s.is_object && !s.symbolic)
        {
            found.push(
                Diagnostic::new(
                    rule,
                    st.span,
                    format!(
                        "{} is not an object: every entry of Statement must be a statement object",
                        st.label()
                    ),
                )
                .with_logical_path(input.path(st, ""))
                .with_help("make the entry a statement object, or remove it"),
            );
        }
    });
}
