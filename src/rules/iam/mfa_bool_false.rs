//! ## What it does
//! Reports an `Allow` statement that tests `aws:MultiFactorAuthPresent`
//! with `Bool` (or `BoolIfExists`) against `false`, and the same test in a
//! `Deny` without `IfExists`.
//!
//! ## Why is this bad?
//! The key is absent, not `false`, from requests signed with long-term
//! access keys (the CLI and SDKs with a user's keys). `"Bool":
//! {"aws:MultiFactorAuthPresent": "false"}` is then not true: a `Deny` meant
//! to block callers without MFA lets every access-key request through, and
//! an `Allow` conditioned on it matches console sessions without MFA only.
//!
//! ## Example
//! ```json
//! {"Effect": "Deny", "Action": "*", "Resource": "*",
//!  "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}
//! ```
//!
//! ## Fix
//! Deny with `"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}` (true
//! when the key is missing), or allow with `"Bool":
//! {"aws:MultiFactorAuthPresent": "true"}`.
//!
//! ## References
//! - aws:MultiFactorAuthPresent: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent>
//! - Condition operators, ...IfExists: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists>

use super::{for_each_policy, statements};
use crate::diagnostic::{Diagnostic, Severity};
use crate::iam::policy::{BaseOperator, Operator};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "IAM109",
        "mfa-bool-false",
        Severity::Warning,
        &[InputKind::IamPolicy, InputKind::Cloudformation],
        "A Bool test of aws:MultiFactorAuthPresent against false, which access-key requests never match",
        crate::rule_docs!(),
        &["iam", "security"],
        Precision::High,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for_each_policy(ctx, out, |input, found| {
        for st in statements(&input.policy) {
            let allow = match st.effect_str() {
                Some("Allow") => true,
                Some("Deny") => false,
                _ => continue,
            };
            let Some(cond) = &st.condition else { continue };
            for b in &cond.value.blocks {
                let Ok(Operator {
                    base: BaseOperator::Bool,
                    if_exists,
                    qualifier: None,
                }) = Operator::parse(&b.operator)
                else {
                    continue;
                };
                if !allow && if_exists {
                    continue;
                }
                for e in b
                    .entries
                    .iter()
                    .filter(|e| e.key.eq_ignore_ascii_case("aws:MultiFactorAuthPresent"))
                {
                    let Some(v) = e.values.items.iter().find(|v| {
                        v.value
                            .text()
                            .is_some_and(|t| t.eq_ignore_ascii_case("false"))
                    }) else {
                        continue;
                    };
                    let (message, help) = if allow {
                        (
                            format!(
                                "{} allows when aws:MultiFactorAuthPresent is false: it never matches access-key requests (the key is absent) and matches sessions without MFA",
                                st.label()
                            ),
                            "to require MFA, allow with \"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}",
                        )
                    } else {
                        (
                            format!(
                                "{} denies only when aws:MultiFactorAuthPresent is false; requests signed with access keys carry no such key and are not denied",
                                st.label()
                            ),
                            "use \"BoolIfExists\": {\"aws:MultiFactorAuthPresent\": \"false\"}",
                        )
                    };
                    found.push(
                        Diagnostic::new(rule, v.span, message)
                            .with_logical_path(format!(
                                "{}.{}.{}",
                                input.path(st, "Condition"),
                                b.operator,
                                e.key
                            ))
                            .with_help(help),
                    );
                }
            }
        }
    });
}
