//! ## What it does
//! Reports element names that are not part of the policy grammar: at the top
//! level (only `Version`, `Id`, `Statement`), in a statement (`Sid`, `Effect`,
//! `Principal`, `NotPrincipal`, `Action`, `NotAction`, `Resource`,
//! `NotResource`, `Condition`) and in a principal (`AWS`, `Service`,
//! `Federated`, `CanonicalUser`), with the closest known name. Names are
//! case-sensitive. Also reports a policy without `Statement`.
//!
//! ## Why is this bad?
//! IAM rejects the policy ("Invalid policy element"). A tool that ignores the
//! unknown name instead silently drops what it meant: a `Condtion` typo turns
//! a conditional grant into an unconditional one.
//!
//! ## Example
//! ```json
//! {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condtion": {...}}
//! ```
//!
//! ## Fix
//! Correct the spelling (and case) of the element name.
//!
//! ## References
//! - IAM JSON policy element reference: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html>
//! - IAM JSON policy grammar: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html>

use super::{for_each_written_policy, statements};
use crate::diagnostic::{Diagnostic, Severity};
use crate::iam::policy::{POLICY_ELEMENTS, Principal, PrincipalKind, STATEMENT_ELEMENTS};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;
use crate::suggest::hint;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "IAM004",
        "unknown-element",
        Severity::Error,
        &[InputKind::IamPolicy, InputKind::Cloudformation],
        "An element name is not part of the IAM policy grammar",
        crate::rule_docs!(),
        &["iam", "correctness"],
        Precision::VeryHigh,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for_each_written_policy(ctx, out, |input, found| {
        let policy = &input.policy;
        if !policy.is_object {
            return;
        }
        for el in &policy.unknown {
            found.push(
                Diagnostic::new(
                    rule,
                    el.key_span,
                    format!(
                        "`{}` is not a policy element{}",
                        el.name,
                        hint(&el.name, POLICY_ELEMENTS)
                    ),
                )
                .with_logical_path(input.top_path(&el.name))
                .with_help(format!("a policy has only {}", POLICY_ELEMENTS.join(", "))),
            );
        }
        if policy.statement.is_none() {
            found.push(
                Diagnostic::new(
                    rule,
                    policy.span,
                    format!("the policy{} has no Statement", input.in_what()),
                )
                .with_logical_path(input.base.clone())
                .with_help("add a \"Statement\" list"),
            );
        }
        for st in statements(policy) {
            for el in &st.unknown {
                found.push(
                    Diagnostic::new(
                        rule,
                        el.key_span,
                        format!(
                            "`{}` is not a statement element{}",
                            el.name,
                            hint(&el.name, STATEMENT_ELEMENTS)
                        ),
                    )
                    .with_logical_path(input.path(st, &el.name))
                    .with_help("element names are case-sensitive; IAM rejects the policy"),
                );
            }
            for p in st.principal.iter().chain(st.not_principal.iter()) {
                let Principal::Map(entries) = &p.value else {
                    continue;
                };
                for e in entries.iter().filter(|e| e.kind == PrincipalKind::Unknown) {
                    let names = PrincipalKind::NAMES.map(|(n, _)| n);
                    found.push(
                        Diagnostic::new(
                            rule,
                            e.key_span,
                            format!(
                                "`{}` is not a principal type{}",
                                e.name,
                                hint(&e.name, names)
                            ),
                        )
                        .with_logical_path(format!("{}.{}", input.path(st, &p.name), e.name))
                        .with_help("a principal is AWS, Service, Federated or CanonicalUser"),
                    );
                }
            }
        }
    });
}
