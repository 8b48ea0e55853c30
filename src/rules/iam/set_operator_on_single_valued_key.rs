//! ## What it does
//! Reports `ForAllValues:` or `ForAnyValue:` used with a condition key that
//! holds a single value (`aws:SourceIp`, `aws:PrincipalTag/…`,
//! `aws:RequestedRegion`), by the key types of the embedded catalogue.
//!
//! ## Why is this bad?
//! Set qualifiers are for multivalued keys (`aws:TagKeys`,
//! `aws:PrincipalServiceNamesList`). On a single-valued key,
//! `ForAllValues` is also true when the key is missing, so an `Allow`
//! intended to require a value grants access to requests without it
//! (Access Analyzer: "ForAllValues with single valued key").
//!
//! ## Example
//! ```json
//! "Condition": {"ForAllValues:StringEquals": {"aws:RequestedRegion": ["eu-west-1"]}}
//! ```
//!
//! ## Fix
//! Drop the qualifier: `"StringEquals": {"aws:RequestedRegion": ["eu-west-1"]}`
//! already matches any listed value.
//!
//! ## References
//! - Single-valued vs. multivalued context keys: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html>

use super::{for_each_written_policy, known, statements};
use crate::diagnostic::{Diagnostic, Severity};
use crate::iam::catalog::Catalog;
use crate::iam::policy::Operator;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "IAM014",
        "set-operator-on-single-valued-key",
        Severity::Warning,
        &[InputKind::IamPolicy, InputKind::Cloudformation],
        "ForAllValues or ForAnyValue on a condition key that holds a single value",
        crate::rule_docs!(),
        &["iam", "correctness", "security"],
        Precision::High,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let catalog = Catalog::get();
    for_each_written_policy(ctx, out, |input, found| {
        for st in statements(&input.policy) {
            let Some(cond) = &st.condition else { continue };
            for b in &cond.value.blocks {
                let Ok(op) = Operator::parse(&b.operator) else {
                    continue;
                };
                let Some(q) = op.qualifier else { continue };
                for e in &b.entries {
                    let Some(key) = known(&e.key) else { continue };
                    let Some(info) = catalog.condition_key(key) else {
                        continue;
                    };
                    if info.key_type.multi_valued {
                        continue;
                    }
                    let plain = b
                        .operator
                        .split_once(':')
                        .map_or(b.operator.as_str(), |(_, r)| r);
                    found.push(
                        Diagnostic::new(
                            rule,
                            e.key_span,
                            format!("`{key}` holds a single value ({}); {} is meant for multivalued keys{}", info.key_type, q.as_str(),
                                if q.as_str() == "ForAllValues" { " and is also true when the key is missing" } else { "" }),
                        )
                        .with_logical_path(format!("{}.{}.{}", input.path(st, "Condition"), b.operator, e.key))
                        .with_help(format!("use `{plain}` without the qualifier")),
                    );
                }
            }
        }
    });
}
