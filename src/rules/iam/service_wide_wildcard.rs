//! ## What it does
//! Reports an `Allow` of every action of a service (`s3:*`, `ec2:*`). On
//! `"Resource": "*"` it is a warning: every action of the service on every
//! resource of the account. On named resources it is a note listing the
//! destructive and permissions-management actions the wildcard includes
//! (`s3:*` on a bucket includes `s3:DeleteBucket` and `s3:PutBucketPolicy`).
//!
//! ## Why is this bad?
//! A service wildcard grants actions the workload never uses, including
//! ones that delete data or rewrite who can access it, and every action AWS
//! adds to the service later. Least privilege means listing the actions the
//! job calls.
//!
//! ## Example
//! ```json
//! {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}
//! ```
//!
//! ## Fix
//! List the actions needed (`s3:GetObject`, `s3:PutObject`, `s3:ListBucket`)
//! on the buckets and prefixes needed. IAM Access Analyzer can generate a
//! policy from CloudTrail activity.
//!
//! ## References
//! - Security best practices in IAM (grant least privilege): <https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege>
//! - Access Analyzer policy generation: <https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-policy-generation.html>

use super::{for_each_policy, known, statements};
use crate::diagnostic::{Diagnostic, Severity};
use crate::iam::catalog::{AccessLevel, Catalog};
use crate::iam::policy::PolicyType;
use crate::iam::wildcard::has_wildcard;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "IAM102",
        "service-wide-wildcard",
        Severity::Warning,
        &[InputKind::IamPolicy, InputKind::Cloudformation],
        "An Allow grants every action of a service",
        crate::rule_docs!(),
        &["iam", "security"],
        Precision::High,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let catalog = Catalog::get();
    for_each_policy(ctx, out, |input, found| {
        // Identity policies grant; boundaries and SCPs cap, and a resource
        // policy's wildcard covers only that resource (a KMS key policy's `kms:*`).
        if input.policy_type != PolicyType::Identity {
            return;
        }
        for st in statements(&input.policy) {
            if st.effect_str() != Some("Allow") {
                continue;
            }
            let Some(action) = &st.action else { continue };
            let on_all = st.not_resource.is_some()
                || st
                    .resource
                    .iter()
                    .flat_map(|r| r.value.items.iter())
                    .any(|i| i.value.as_str() == Some("*"));
            let conditional = st
                .condition
                .as_ref()
                .is_some_and(|c| !c.value.blocks.is_empty());
            for item in &action.value.items {
                let Some(text) = item.value.as_str().and_then(known) else {
                    continue;
                };
                let Some((prefix, "*")) = text.split_once(':') else {
                    continue;
                };
                if has_wildcard(prefix) {
                    continue;
                }
                let Some(service) = catalog.service(prefix) else {
                    continue;
                };
                let path = input.path(st, "Action");
                let under = if conditional {
                    ", under the statement's conditions"
                } else {
                    ""
                };
                if on_all {
                    found.push(
                        Diagnostic::new(
                            rule,
                            item.span,
                            format!(
                                "`{text}` on every resource grants every `{}` action ({} in the catalogue) on everything in the account{under}",
                                service.prefix,
                                service.actions.len()
                            ),
                        )
                        .with_severity(if conditional { Severity::Note } else { Severity::Warning })
                        .with_logical_path(path)
                        .with_help("list the actions the workload calls, on the resources it uses"),
                    );
                } else {
                    let risky = risky_actions(service);
                    if risky.is_empty() {
                        continue;
                    }
                    found.push(
                        Diagnostic::new(
                            rule,
                            item.span,
                            format!(
                                "`{text}` grants every `{}` action ({} in the catalogue) on these resources, including {}",
                                service.prefix,
                                service.actions.len(),
                                risky.join(", ")
                            ),
                        )
                        .with_severity(Severity::Note)
                        .with_logical_path(path)
                        .with_help("list the actions the workload calls instead of the service wildcard"),
                    );
                }
            }
        }
    });
}

/// A few of the service's actions that delete things or change who has access.
fn risky_actions(service: &crate::iam::catalog::Service) -> Vec<String> {
    let mut deletes: Vec<&str> = service
        .actions
        .iter()
        .filter(|a| a.access_level == AccessLevel::Write && a.name.starts_with("Delete"))
        .map(|a| a.name)
        .collect();
    let mut perms: Vec<&str> = service
        .actions
        .iter()
        .filter(|a| {
            a.access_level == AccessLevel::PermissionsManagement && a.name.starts_with("Put")
        })
        .map(|a| a.name)
        .collect();
    deletes.sort_by_key(|n| n.len());
    perms.sort_by_key(|n| n.len());
    let mut names: Vec<String> = deletes
        .into_iter()
        .take(2)
        .chain(perms.into_iter().take(2))
        .map(|n| format!("{}:{n}", service.prefix))
        .collect();
    if !names.is_empty() {
        names.push("…".to_string());
    }
    names
}
