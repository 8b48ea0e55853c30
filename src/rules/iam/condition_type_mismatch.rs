//! ## What it does
//! Checks each condition against the type of its key (from the embedded
//! catalogue) and the values against the operator:
//! - a Date, Numeric, Bool or IP-address key under a String operator, or a
//!   String key under a Numeric, Date, Bool or IP-address operator (ARN keys
//!   may use String operators and String keys that hold ARNs may use Arn
//!   operators; epoch-time keys may use Numeric operators);
//! - a value that is not a number under a Numeric operator, not an ISO 8601
//!   date or epoch under a Date operator, not `true`/`false` under `Bool`,
//!   not an IP address or CIDR block under `IpAddress`/`NotIpAddress`.
//!
//! ## Why is this bad?
//! A comparison of the wrong type never matches (or IAM rejects it): a
//! `Deny` that tests `aws:CurrentTime` with `StringLessThan`-style text or a
//! malformed date protects nothing; an `IpAddress` range with a typo such as
//! `10.0.0.0/33` matches no request.
//!
//! ## Example
//! ```json
//! "Condition": {"StringEquals": {"aws:CurrentTime": "2025-01-01"},
//!               "IpAddress": {"aws:SourceIp": "203.0.113.0/33"}}
//! ```
//!
//! ## Fix
//! Use the operator family of the key's type (`DateLessThan` for dates,
//! `NumericLessThan` for numbers) and well-formed values.
//!
//! ## References
//! - Condition operators: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html>
//! - AWS global condition context keys (data types): <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html>

use super::{for_each_written_policy, known, statements};
use crate::diagnostic::{Diagnostic, Severity};
use crate::iam::catalog::{Catalog, ValueType};
use crate::iam::policy::{Operator, OperatorFamily};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "IAM012",
        "condition-type-mismatch",
        Severity::Warning,
        &[InputKind::IamPolicy, InputKind::Cloudformation],
        "A condition's operator does not fit its key's type, or a value is malformed for the operator",
        crate::rule_docs!(),
        &["iam", "correctness"],
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
                let family = op.base.family();
                for e in &b.entries {
                    let Some(key) = known(&e.key) else { continue };
                    let path = format!("{}.{}.{}", input.path(st, "Condition"), b.operator, e.key);
                    if let Some(info) = catalog.condition_key(key)
                        && !compatible(family, info.key_type.value, key)
                    {
                        found.push(
                            Diagnostic::new(
                                rule,
                                e.key_span,
                                format!(
                                    "`{key}` is a {} key, compared with the {} operator `{}`",
                                    info.key_type.value.as_str(),
                                    family_name(family),
                                    b.operator
                                ),
                            )
                            .with_logical_path(path.clone())
                            .with_help(format!("use a {} operator", info.key_type.value.as_str())),
                        );
                        continue;
                    }
                    for v in &e.values.items {
                        let Some(text) = v.value.text() else { continue };
                        if known(&text).is_none() || text.contains("${") {
                            continue;
                        }
                        if let Some(problem) = bad_value(family, &text) {
                            found.push(
                                Diagnostic::new(
                                    rule,
                                    v.span,
                                    format!(
                                        "`{text}` is not {problem}, as `{}` requires",
                                        b.operator
                                    ),
                                )
                                .with_logical_path(path.clone()),
                            );
                        }
                    }
                }
            }
        }
    });
}

fn family_name(f: OperatorFamily) -> &'static str {
    match f {
        OperatorFamily::String => "String",
        OperatorFamily::Numeric => "Numeric",
        OperatorFamily::Date => "Date",
        OperatorFamily::Bool => "Bool",
        OperatorFamily::Binary => "Binary",
        OperatorFamily::IpAddress => "IP address",
        OperatorFamily::Arn => "ARN",
        OperatorFamily::Null => "Null",
    }
}

fn compatible(family: OperatorFamily, value: ValueType, key: &str) -> bool {
    use OperatorFamily as F;
    use ValueType as V;
    match (family, value) {
        (F::Null, _) => true,
        (F::String | F::Arn, V::String | V::Arn) => true,
        // aws:EpochTime is documented as Date and Numeric.
        (F::Numeric, V::Date) => key.eq_ignore_ascii_case("aws:EpochTime"),
        (F::String, V::Binary) | (F::Binary, V::Binary | V::String) => true,
        (F::Numeric, V::Numeric)
        | (F::Date, V::Date)
        | (F::Bool, V::Bool)
        | (F::IpAddress, V::IpAddress) => true,
        _ => false,
    }
}

/// What a value should have been, when it is malformed for the operator family.
fn bad_value(family: OperatorFamily, text: &str) -> Option<&'static str> {
    let ok = match family {
        OperatorFamily::Numeric => text.trim().parse::<f64>().is_ok(),
        OperatorFamily::Date => is_date(text.trim()),
        OperatorFamily::Bool => {
            text.eq_ignore_ascii_case("true") || text.eq_ignore_ascii_case("false")
        }
        OperatorFamily::IpAddress => is_cidr(text.trim()),
        OperatorFamily::Null => {
            text.eq_ignore_ascii_case("true") || text.eq_ignore_ascii_case("false")
        }
        _ => true,
    };
    if ok {
        return None;
    }
    Some(match family {
        OperatorFamily::Numeric => "a number",
        OperatorFamily::Date => "an ISO 8601 date or epoch time",
        OperatorFamily::IpAddress => "an IP address or CIDR block",
        _ => "`true` or `false`",
    })
}

fn is_date(text: &str) -> bool {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    text.parse::<jiff::Timestamp>().is_ok()
        || text.parse::<jiff::civil::DateTime>().is_ok()
        || text.parse::<jiff::civil::Date>().is_ok()
}

fn is_cidr(text: &str) -> bool {
    let (ip, prefix) = match text.split_once('/') {
        Some((ip, p)) => (ip, Some(p)),
        None => (text, None),
    };
    let Ok(addr) = ip.parse::<std::net::IpAddr>() else {
        return false;
    };
    let max = if addr.is_ipv4() { 32 } else { 128 };
    prefix.is_none_or(|p| p.parse::<u8>().is_ok_and(|n| n <= max))
}
