//! ## What it does
//! Reports an `Allow` statement whose condition uses `ForAllValues:` (with
//! any operator but `Null`) when nothing else in the statement requires the
//! key to be present.
//!
//! ## Why is this bad?
//! `ForAllValues` is true when every value of the key is in the list, and
//! also when the request has no value at all. `"ForAllValues:StringEquals":
//! {"aws:TagKeys": ["costcenter"]}` allows a request that carries no tags,
//! which is rarely what "only these tags" meant. The statement is safe when
//! another condition requires the key (`"Null": {"aws:TagKeys": "false"}`) or,
//! for `aws:TagKeys`, requires a request tag (`"StringEquals":
//! {"aws:RequestTag/costcenter": "115"}`), as the AWS blog's snapshot policy does.
//!
//! ## Example
//! ```json
//! {"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*",
//!  "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["costcenter"]}}}
//! ```
//!
//! ## Fix
//! Add `"Null": {"aws:TagKeys": "false"}` or a condition on a required
//! `aws:RequestTag/…` key.
//!
//! ## References
//! - Set operators for multivalued context keys: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html#reference_policies_condition-multi-valued-context-keys>
//! - Controlling access during AWS requests (tags): <https://docs.aws.amazon.com/IAM/latest/UserGuide/access_tags.html#access_tags_control-requests>

use super::{for_each_policy, statements};
use crate::diagnostic::{Diagnostic, Severity};
use crate::iam::catalog::{AccessLevel, Catalog};
use crate::iam::policy::{BaseOperator, ConditionBlock, Operator, SetQualifier, Statement};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "IAM108",
        "for-all-values-in-allow",
        Severity::Warning,
        &[InputKind::IamPolicy, InputKind::Cloudformation],
        "An Allow uses ForAllValues, which is also true when the key is absent",
        crate::rule_docs!(),
        &["iam", "security"],
        Precision::High,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for_each_policy(ctx, out, |input, found| {
        for st in statements(&input.policy) {
            if st.effect_str() != Some("Allow") {
                continue;
            }
            let Some(cond) = &st.condition else { continue };
            for b in &cond.value.blocks {
                let Ok(op) = Operator::parse(&b.operator) else {
                    continue;
                };
                if op.qualifier != Some(SetQualifier::ForAllValues) || op.base == BaseOperator::Null
                {
                    continue;
                }
                for e in &b.entries {
                    // A single-valued key is IAM014's finding.
                    let single = Catalog::get()
                        .condition_key(&e.key)
                        .is_some_and(|k| !k.key_type.multi_valued);
                    if single || key_required(st, b, &e.key) || always_sent(st, &e.key) {
                        continue;
                    }
                    found.push(
                        Diagnostic::new(
                            rule,
                            b.key_span,
                            format!("`{}` on `{}` is also true when the request has no `{}`: {} allows such requests", b.operator, e.key, e.key, st.label()),
                        )
                        .with_logical_path(format!("{}.{}.{}", input.path(st, "Condition"), b.operator, e.key))
                        .with_help(format!("also require the key: \"Null\": {{\"{}\": \"false\"}}", e.key)),
                    );
                }
            }
        }
    });
}

/// Whether every action of the statement always carries the key: tagging
/// actions carry `aws:TagKeys` (the tags they add or remove), `kms:CreateGrant`
/// carries `kms:GrantOperations` (its required `Operations`).
fn always_sent(st: &Statement, key: &str) -> bool {
    let catalog = Catalog::get();
    let Some(action) = &st.action else {
        return false;
    };
    let lower = key.to_ascii_lowercase();
    let mut any = false;
    for item in &action.value.items {
        let Some(pattern) = item.value.as_str() else {
            return false;
        };
        if pattern == "*" {
            return false;
        }
        let found = catalog.expand(pattern);
        if found.is_empty() {
            return false;
        }
        for a in found {
            any = true;
            let sent = if lower.ends_with("tagkeys") {
                a.action.access_level == AccessLevel::Tagging
            } else if lower == "kms:grantoperations" {
                a.service.prefix == "kms" && a.action.name == "CreateGrant"
            } else {
                false
            };
            if !sent {
                return false;
            }
        }
    }
    any
}

/// Whether another condition of the statement fails when `key` is absent.
fn key_required(st: &Statement, own: &ConditionBlock, key: &str) -> bool {
    let Some(cond) = &st.condition else {
        return false;
    };
    let tag_keys = key.to_ascii_lowercase().ends_with(":tagkeys");
    cond.value.blocks.iter().any(|b| {
        let Ok(op) = Operator::parse(&b.operator) else {
            return false;
        };
        b.entries.iter().any(|e| {
            if op.base == BaseOperator::Null {
                return e.key.eq_ignore_ascii_case(key)
                    && e.values.items.iter().all(|v| {
                        v.value
                            .text()
                            .is_some_and(|t| t.eq_ignore_ascii_case("false"))
                    });
            }
            if std::ptr::eq(b, own)
                || op.if_exists
                || op.base.is_negated()
                || op.qualifier == Some(SetQualifier::ForAllValues)
            {
                return false;
            }
            // A positive condition on the key itself, or, for tag keys, on a
            // request tag (present only when the request carries tags).
            e.key.eq_ignore_ascii_case(key)
                || (tag_keys && e.key.to_ascii_lowercase().contains(":requesttag/"))
        })
    })
}
