//! ## What it does
//! Reports empty values in a statement: an empty list or empty string in
//! `Action`, `NotAction`, `Resource`, `NotResource`, `Principal` or
//! `NotPrincipal` (and their principal types), an empty `Condition` object,
//! an operator with no keys, and a condition key with an empty list of
//! values.
//!
//! ## Why is this bad?
//! An empty element matches nothing: the statement never applies, or IAM
//! rejects it. An empty condition list is usually a template that lost its
//! values, and the statement then does something other than intended (an
//! empty `ForAllValues` list, for instance, still matches requests without
//! the key).
//!
//! ## Example
//! ```json
//! {"Effect": "Allow", "Action": [], "Resource": "*"}
//! ```
//!
//! ## Fix
//! Fill in the values, or remove the element or statement.
//!
//! ## References
//! - IAM JSON policy grammar: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html>
//! - Access Analyzer checks "Empty array action", "Empty array resource", "Empty object condition": <https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html>

use super::{for_each_written_policy, statements};
use crate::diagnostic::{Diagnostic, Severity};
use crate::iam::policy::{Element, Principal, Scalar, Values};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "IAM005",
        "empty-value",
        Severity::Warning,
        &[InputKind::IamPolicy, InputKind::Cloudformation],
        "A statement element, principal or condition is empty",
        crate::rule_docs!(),
        &["iam", "correctness"],
        Precision::VeryHigh,
    ),
    check,
};

fn empty(values: &Values) -> bool {
    values.items.is_empty()
}

fn blank_items(values: &Values) -> impl Iterator<Item = crate::span::Span> + '_ {
    values
        .items
        .iter()
        .filter(|i| matches!(&i.value, Scalar::String(s) if s.trim().is_empty()))
        .map(|i| i.span)
}

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for_each_written_policy(ctx, out, |input, found| {
        for st in statements(&input.policy) {
            let lists: [&Option<Element<Values>>; 4] =
                [&st.action, &st.not_action, &st.resource, &st.not_resource];
            for el in lists.into_iter().flatten() {
                if empty(&el.value) {
                    found.push(
                        Diagnostic::new(
                            rule,
                            el.span,
                            format!(
                                "{} of {} is an empty list: it matches nothing",
                                el.name,
                                st.label()
                            ),
                        )
                        .with_logical_path(input.path(st, &el.name))
                        .with_help("list the values, or remove the statement"),
                    );
                }
                for span in blank_items(&el.value) {
                    found.push(
                        Diagnostic::new(
                            rule,
                            span,
                            format!(
                                "an empty string in {} of {} matches nothing",
                                el.name,
                                st.label()
                            ),
                        )
                        .with_logical_path(input.path(st, &el.name)),
                    );
                }
            }
            for p in st.principal.iter().chain(st.not_principal.iter()) {
                match &p.value {
                    Principal::Map(entries) if entries.is_empty() => found.push(
                        Diagnostic::new(
                            rule,
                            p.span,
                            format!("{} of {} is an empty object", p.name, st.label()),
                        )
                        .with_logical_path(input.path(st, &p.name))
                        .with_help("name the principals, or \"*\" for everyone"),
                    ),
                    Principal::Map(entries) => {
                        for e in entries {
                            if empty(&e.values) {
                                found.push(
                                    Diagnostic::new(
                                        rule,
                                        e.span,
                                        format!(
                                            "{}.{} of {} is an empty list",
                                            p.name,
                                            e.name,
                                            st.label()
                                        ),
                                    )
                                    .with_logical_path(
                                        format!("{}.{}", input.path(st, &p.name), e.name),
                                    ),
                                );
                            }
                            for span in blank_items(&e.values) {
                                found.push(
                                    Diagnostic::new(
                                        rule,
                                        span,
                                        format!(
                                            "an empty string in {}.{} of {}",
                                            p.name,
                                            e.name,
                                            st.label()
                                        ),
                                    )
                                    .with_logical_path(
                                        format!("{}.{}", input.path(st, &p.name), e.name),
                                    ),
                                );
                            }
                        }
                    }
                    _ => {}
                }
            }
            let Some(cond) = &st.condition else { continue };
            if cond.value.is_object && cond.value.blocks.is_empty() {
                found.push(
                    Diagnostic::new(
                        rule,
                        cond.span,
                        format!("Condition of {} is an empty object", st.label()),
                    )
                    .with_severity(Severity::Note)
                    .with_logical_path(input.path(st, "Condition"))
                    .with_help("remove the empty Condition"),
                );
            }
            for b in &cond.value.blocks {
                if b.is_object && b.entries.is_empty() {
                    found.push(
                        Diagnostic::new(
                            rule,
                            b.span,
                            format!(
                                "condition operator {} of {} has no keys",
                                b.operator,
                                st.label()
                            ),
                        )
                        .with_logical_path(format!(
                            "{}.{}",
                            input.path(st, "Condition"),
                            b.operator
                        )),
                    );
                }
                for e in &b.entries {
                    if empty(&e.values) {
                        found.push(
                            Diagnostic::new(
                                rule,
                                e.span,
                                format!(
                                    "condition key {} under {} has no values",
                                    e.key, b.operator
                                ),
                            )
                            .with_logical_path(format!(
                                "{}.{}.{}",
                                input.path(st, "Condition"),
                                b.operator,
                                e.key
                            ))
                            .with_help("list the values the key must have"),
                        );
                    }
                }
            }
        }
    });
}
