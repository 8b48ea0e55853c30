//! ## What it does
//! Reports a service-specific condition key (`s3:prefix`, `kms:ViaService`,
//! `ec2:InstanceType`) of a service none of whose actions the statement
//! lists (`s3:x-amz-acl` on `dynamodb:PutItem`, `iam:PassedToService` on
//! `ec2:RunInstances` alone), unless the embedded catalogue declares the key
//! for one of the listed actions or their resource types. Keys of a service
//! the statement does list are not reported even when the catalogue does not
//! attach them to those actions: the catalogue lags behind AWS there (AWS's
//! own managed policies test `aws-marketplace:ProductId` on
//! `aws-marketplace:Subscribe`). Global keys (`aws:…`, and the few
//! cross-service ones such as `ec2:SourceInstanceArn`) apply to every action
//! and are never reported; statements with `NotAction`, with a `*` action, or
//! with an action the catalogue does not know are left alone.
//!
//! ## Why is this bad?
//! A key that does not apply to the request is absent from its context: under
//! a positive operator (`StringEquals`) the condition is never true, so an
//! `Allow` grants nothing and a `Deny` denies nothing; under a negated one
//! (`StringNotEquals`) it is always true and restricts nothing. Either way the
//! statement does not do what its author meant (Access Analyzer: "Irrelevant
//! condition key in policy").
//!
//! ## Example
//! ```json
//! {"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*",
//!  "Condition": {"StringEquals": {"s3:prefix": "home/"}}}
//! ```
//!
//! ## Fix
//! Use a key the actions support (the Service Authorization Reference lists
//! them per action and resource type), move the condition to the statement
//! whose actions it belongs to, or use a global key.
//!
//! ## References
//! - Service Authorization Reference (condition keys per action): <https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html>
//! - Access Analyzer policy checks (Irrelevant condition key in policy): <https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html>

use super::granted::{Covered, covered_actions};
use super::{for_each_written_policy, known, statements};
use crate::diagnostic::{Diagnostic, Severity};
use crate::iam::catalog::{Catalog, KeyScope};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "IAM018",
        "irrelevant-condition-key",
        Severity::Warning,
        &[InputKind::IamPolicy, InputKind::Cloudformation],
        "A service condition key that none of the statement's actions supports",
        crate::rule_docs!(),
        &["iam", "correctness"],
        Precision::Medium,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let catalog = Catalog::get();
    if catalog.load_error().is_some() {
        return;
    }
    for_each_written_policy(ctx, out, |input, found| {
        for st in statements(&input.policy) {
            let (Some(cond), Some(action)) = (&st.condition, &st.action) else {
                continue;
            };
            // Every entry must be a known action or pattern that matches known
            // actions; otherwise what the statement covers is not known.
            let resolvable = action.value.items.iter().all(|i| {
                i.value
                    .as_str()
                    .and_then(known)
                    .is_some_and(|p| p != "*" && !catalog.expand(p).is_empty())
            });
            if !resolvable {
                continue;
            }
            let Some(covered) = covered_actions(catalog, st, |_| false) else {
                continue;
            };
            for b in &cond.value.blocks {
                for e in &b.entries {
                    let Some(key) = known(&e.key) else { continue };
                    let Some(info) = catalog.condition_key(key) else {
                        continue;
                    };
                    let KeyScope::Service { prefix } = info.scope else {
                        continue;
                    };
                    if covered.iter().any(|c| supports(c, info.name)) {
                        continue;
                    }
                    // Only the clear case: no listed action of the key's
                    // service. Within the service the catalogue lags behind
                    // AWS (its own managed policies test
                    // `aws-marketplace:ProductId` on `aws-marketplace:Subscribe`).
                    let of_service = covered
                        .iter()
                        .any(|c| c.action.service.prefix.eq_ignore_ascii_case(prefix));
                    if of_service {
                        continue;
                    }
                    let why = format!("{} lists no `{prefix}` action", st.label());
                    found.push(
                        Diagnostic::new(
                            rule,
                            e.key_span,
                            format!("condition key `{key}` applies to none of the statement's actions: {why}"),
                        )
                        .with_logical_path(format!(
                            "{}.{}.{}",
                            input.path(st, "Condition"),
                            b.operator,
                            e.key
                        ))
                        .with_help("the key is absent from these requests: positive operators never match, negated ones always do; use a key the actions support"),
                    );
                }
            }
        }
    });
}

/// Whether the action supports the declared key `name`, as a key of the
/// action or of one of its resource types.
fn supports(c: &Covered<'_>, name: &str) -> bool {
    let same = |k: &&str| k.eq_ignore_ascii_case(name);
    let action = c.action.action;
    action.condition_keys.iter().any(same)
        || action.resource_types.iter().any(|rt| {
            rt.condition_keys.iter().any(same)
                || c.action
                    .service
                    .resource_type(rt.name)
                    .is_some_and(|t| t.condition_keys.iter().any(same))
        })
}
