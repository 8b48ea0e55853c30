//! ## What it does
//! Notes an `Allow` statement of an identity policy whose only resource is
//! `"*"` although every one of its actions acts on a named resource (a
//! resource type the embedded catalogue marks required for the action).
//! Statements with a `Condition` (attribute-based scoping), with wildcard
//! actions, or with any action that only supports `"*"`, are left alone: for them `"*"` is required, not a choice.
//!
//! ## Why is this bad?
//! `"*"` grants the actions on every resource of the account, present and
//! future, where naming the buckets, tables or queues would grant exactly
//! what the workload uses.
//!
//! ## Example
//! ```json
//! {"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem"], "Resource": "*"}
//! ```
//!
//! ## Fix
//! List the resources' ARNs (`arn:aws:dynamodb:eu-west-1:123456789012:table/orders`).
//!
//! ## References
//! - Service Authorization Reference, resource types per action: <https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html>
//! - Security best practices in IAM (grant least privilege): <https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege>

use super::{for_each_policy, known, statements};
use crate::diagnostic::{Diagnostic, Severity};
use crate::iam::catalog::Catalog;
use crate::iam::policy::PolicyType;
use crate::iam::wildcard::has_wildcard;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "IAM017",
        "resource-star-scopable",
        Severity::Note,
        &[InputKind::IamPolicy, InputKind::Cloudformation],
        "Resource \"*\" for actions that all support resource-level permissions",
        crate::rule_docs!(),
        &["iam", "security"],
        Precision::Medium,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let catalog = Catalog::get();
    for_each_policy(ctx, out, |input, found| {
        if input.policy_type != PolicyType::Identity {
            return;
        }
        for st in statements(&input.policy) {
            // A condition (tags, services) may be the intended scope: ABAC.
            if st.effect_str() != Some("Allow") || st.condition.is_some() {
                continue;
            }
            let (Some(action), Some(resource)) = (&st.action, &st.resource) else {
                continue;
            };
            let [only] = resource.value.items.as_slice() else {
                continue;
            };
            if only.value.as_str() != Some("*") {
                continue;
            }
            let names: Option<Vec<&str>> = action
                .value
                .items
                .iter()
                .map(|i| {
                    i.value
                        .as_str()
                        .and_then(known)
                        .filter(|a| !has_wildcard(a))
                })
                .collect();
            let Some(names) = names.filter(|n| !n.is_empty()) else {
                continue;
            };
            let scopable = names.iter().all(|a| {
                catalog.find_action(a).is_some_and(|r| {
                    // A required resource type: the action always acts on a
                    // named resource. Optional ones (list and describe calls
                    // that may be narrowed) are usually granted on `*`.
                    r.action.resource_types.iter().any(|t| {
                        t.required
                            && !t.name.is_empty()
                            && r.service.resource_type(t.name).is_some()
                    })
                })
            });
            if !scopable {
                continue;
            }
            found.push(
                Diagnostic::new(
                    rule,
                    only.span,
                    format!("every action of {} can be scoped to named resources, but it grants them on \"*\"", st.label()),
                )
                .with_logical_path(input.path(st, "Resource"))
                .with_help("list the ARNs of the resources the actions are meant for"),
            );
        }
    });
}
