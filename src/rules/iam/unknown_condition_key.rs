//! ## What it does
//! Reports a global condition key (`aws:…`) that AWS does not define, with
//! the closest known key (`aws:SourceIP` is fine, keys are case-insensitive;
//! `aws:SourceIpAddress` is not a key). A service key (`s3:…`) of a known
//! service is reported only when it is a near-miss of one of that service's
//! keys, since the catalogue may lag behind new keys.
//!
//! ## Why is this bad?
//! A condition on a key that never exists in the request context is never
//! true under positive operators (the statement never applies) and always
//! true under negated ones (the restriction is void). IAM rejects unknown
//! global keys ("Invalid global condition key").
//!
//! ## Example
//! ```json
//! "Condition": {"StringEquals": {"aws:PrincipalOrgId": "o-abc", "aws:PrincipleTag/team": "data"}}
//! ```
//!
//! ## Fix
//! Use the key's documented name.
//!
//! ## References
//! - AWS global condition context keys: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html>
//! - Service-specific condition keys: <https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html>

use super::{for_each_written_policy, known, statements};
use crate::diagnostic::{Diagnostic, Severity};
use crate::iam::catalog::Catalog;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;
use crate::suggest::did_you_mean;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "IAM013",
        "unknown-condition-key",
        Severity::Error,
        &[InputKind::IamPolicy, InputKind::Cloudformation],
        "A condition key that AWS does not define",
        crate::rule_docs!(),
        &["iam", "correctness"],
        Precision::High,
    ),
    check,
};

/// Global keys AWS evaluates and uses in its own managed policies, though
/// the service reference does not list them.
const UNDOCUMENTED: [&str; 1] = ["aws:PrincipalOrgMasterAccountId"];

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let catalog = Catalog::get();
    if catalog.load_error().is_some() {
        return;
    }
    for_each_written_policy(ctx, out, |input, found| {
        for st in statements(&input.policy) {
            let Some(cond) = &st.condition else { continue };
            for b in &cond.value.blocks {
                for e in &b.entries {
                    let Some(key) = known(&e.key) else { continue };
                    if key.contains("${")
                        || catalog.condition_key(key).is_some()
                        || UNDOCUMENTED.iter().any(|k| k.eq_ignore_ascii_case(key))
                    {
                        continue;
                    }
                    let Some((prefix, _)) = key.split_once(':') else {
                        continue;
                    };
                    let path = format!("{}.{}.{}", input.path(st, "Condition"), b.operator, e.key);
                    if prefix.eq_ignore_ascii_case("aws") {
                        let names = catalog.global_keys().iter().map(|g| g.name);
                        let hint = suggestion(key, names);
                        found.push(
                            Diagnostic::new(rule, e.key_span, format!("`{key}` is not an AWS global condition key{hint}"))
                                .with_logical_path(path)
                                .with_help("the key is never in the request context: positive operators never match, negated ones always do"),
                        );
                    } else if let Some(service) = catalog.service(prefix) {
                        let names = service.condition_keys.iter().map(|k| k.name);
                        let Some(close) = did_you_mean(key, names) else {
                            continue;
                        };
                        found.push(
                            Diagnostic::new(rule, e.key_span, format!("`{key}` is not a condition key of {} (did you mean `{close}`?)", service.name))
                                .with_severity(Severity::Warning)
                                .with_logical_path(path),
                        );
                    }
                }
            }
        }
    });
}

/// ` (did you mean …?)` for a global key, comparing templated keys by their
/// fixed part (`aws:PrincipleTag/team` → `aws:PrincipalTag/${TagKey}`).
fn suggestion<'a>(key: &str, names: impl Iterator<Item = &'a str>) -> String {
    let (head, tail) = key
        .split_once('/')
        .map_or((key, None), |(h, t)| (h, Some(t)));
    let heads: Vec<&str> = names.map(|n| n.split('/').next().unwrap_or(n)).collect();
    did_you_mean(head, heads.iter().copied())
        .map(|h| match tail {
            Some(t) => format!(" (did you mean `{h}/{t}`?)"),
            None => format!(" (did you mean `{h}`?)"),
        })
        .unwrap_or_default()
}
