//! Evaluating one condition (operator, key, policy values) against the
//! request context (iam-semantics.md 8.3, 8.4, 8.5).

use crate::iam::policy::{BaseOperator, SetQualifier};

use super::arn::{arn_condition_match, like};
use super::compile::{CompiledCondition, TypedValue, ValueKind};
use super::request::Context;
use super::values::{Decimal, decode_base64, parse_address, parse_date};
use super::variables::{Unresolved, display};

/// What evaluating a condition found.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ConditionOutcome {
    pub matched: bool,
    /// The request's values; `None` when the key is absent.
    pub request_values: Option<Vec<String>>,
    /// The policy's values after variable substitution.
    pub policy_values: Vec<String>,
    pub note: Option<String>,
    pub unresolved: Vec<Unresolved>,
    /// A single-value operator was given several request values.
    pub multivalued_without_set_operator: bool,
}

/// A policy value after variable substitution (`None`: unresolvable, which
/// matches nothing: positive operators fail, negated ones succeed —
/// iam-semantics.md 8.5).
struct Resolved<'a> {
    value: &'a TypedValue,
    text: Option<String>,
}

/// Evaluates a condition.
///
/// # Errors
/// A request value that is not of the operator's type (an address for
/// `IpAddress`, a date for `Date*` …): AWS never sends one, so the request
/// is wrong and the answer would be meaningless.
pub(crate) fn evaluate_condition(
    c: &CompiledCondition,
    context: &Context,
) -> Result<ConditionOutcome, String> {
    let entry = context.get(&c.key);
    let request: Option<&[String]> = entry.map(|e| e.values.as_slice());
    let mut unresolved = Vec::new();
    let resolved: Vec<Resolved<'_>> = c
        .values
        .iter()
        .map(|v| Resolved {
            value: v,
            text: match &v.kind {
                ValueKind::Text(t) => match t.resolve(context) {
                    Ok(s) => Some(s.into_owned()),
                    Err(u) => {
                        unresolved.push(u);
                        None
                    }
                },
                _ => Some(v.raw.clone()),
            },
        })
        .collect();
    let policy_values = resolved
        .iter()
        .map(|r| match (&r.text, &r.value.kind) {
            (Some(s), _) => display(s),
            (None, ValueKind::Text(t)) => format!(
                "{} (unresolved: no single value in the request)",
                t.source_text()
            ),
            (None, _) => r.value.raw.clone(),
        })
        .collect();
    let mut out = ConditionOutcome {
        matched: false,
        request_values: request.map(<[String]>::to_vec),
        policy_values,
        note: None,
        unresolved,
        multivalued_without_set_operator: false,
    };
    let op = c.operator;
    let present: Option<&[String]> = request.filter(|v| !v.is_empty());

    if op.base == BaseOperator::Null {
        let absent = present.is_none();
        out.matched = c
            .values
            .iter()
            .any(|v| matches!(v.kind, ValueKind::Null(b) if b == absent));
        out.note = Some(
            if absent {
                "the key is absent (null)"
            } else {
                "the key is present"
            }
            .to_string(),
        );
        return Ok(out);
    }

    let positive = op.base.positive();
    let negated = op.base.is_negated();
    // One request value against every policy value: positive operators
    // match if any policy value matches; negated operators if none does.
    let test = |v: &str| -> Result<bool, String> {
        let mut any = false;
        for r in &resolved {
            if compare(positive, v, r, &c.key)? {
                any = true;
                break;
            }
        }
        Ok(any != negated)
    };

    match op.qualifier {
        Some(q) => {
            // A key whose values resolve to nothing (no key, an empty list,
            // an empty string) is the "null data set" of the multi-value page.
            let values: Option<&[String]> =
                present.filter(|v| !(v.len() == 1 && v.iter().all(String::is_empty)));
            match (q, values) {
                (SetQualifier::ForAllValues, None) => {
                    out.matched = true;
                    out.note = Some("the key has no values: ForAllValues is true".to_string());
                }
                (SetQualifier::ForAnyValue, None) => {
                    out.matched = op.if_exists;
                    out.note = Some(
                        if op.if_exists {
                            "the key is absent: IfExists makes the condition true"
                        } else {
                            "the key has no values: ForAnyValue is false"
                        }
                        .to_string(),
                    );
                }
                (SetQualifier::ForAllValues, Some(vals)) => {
                    let mut all = true;
                    for v in vals {
                        if !test(v)? {
                            all = false;
                            out.note =
                                Some(format!("the request value `{v}` matches no policy value"));
                            break;
                        }
                    }
                    out.matched = all;
                }
                (SetQualifier::ForAnyValue, Some(vals)) => {
                    let mut any = false;
                    for v in vals {
                        if test(v)? {
                            any = true;
                            break;
                        }
                    }
                    out.matched = any;
                }
            }
        }
        None => match present {
            None => {
                out.matched = op.if_exists || negated;
                out.note = Some(
                    if op.if_exists {
                        "the key is absent: IfExists makes the condition true"
                    } else if negated {
                        "the key is absent: a negated operator matches"
                    } else {
                        "the key is absent from the request"
                    }
                    .to_string(),
                );
            }
            Some(vals) => {
                out.multivalued_without_set_operator = vals.len() > 1;
                let mut any = false;
                for v in vals {
                    let mut hit = false;
                    for r in &resolved {
                        if compare(positive, v, r, &c.key)? {
                            hit = true;
                            break;
                        }
                    }
                    if hit {
                        any = true;
                        break;
                    }
                }
                out.matched = any != negated;
            }
        },
    }
    Ok(out)
}

fn type_error(key: &str, value: &str, what: &str) -> String {
    format!("the request value `{value}` of `{key}` is not {what}")
}

/// Whether one request value satisfies a positive operator for one policy value.
fn compare(
    op: BaseOperator,
    value: &str,
    policy: &Resolved<'_>,
    key: &str,
) -> Result<bool, String> {
    use BaseOperator as B;
    let Some(p) = policy.text.as_deref() else {
        return Ok(false);
    };
    let kind = &policy.value.kind;
    Ok(match op {
        B::StringEquals => display(p) == value,
        B::StringEqualsIgnoreCase => display(p).to_lowercase() == value.to_lowercase(),
        B::StringLike => like(p, value, false),
        B::ArnEquals | B::ArnLike => {
            // A value that is not an ARN is a wrong request, not a silent
            // mismatch that would flip `ArnNotLike` (iam-simulate#50,
            // peers-iam.md section 3).
            if super::arn::Arn::parse(value).is_none() {
                return Err(type_error(key, value, "an ARN"));
            }
            arn_condition_match(p, value)
        }
        B::Bool => {
            if !value.eq_ignore_ascii_case("true") && !value.eq_ignore_ascii_case("false") {
                return Err(type_error(key, value, "`true` or `false`"));
            }
            p.eq_ignore_ascii_case(value)
        }
        B::NumericEquals
        | B::NumericLessThan
        | B::NumericLessThanEquals
        | B::NumericGreaterThan
        | B::NumericGreaterThanEquals => {
            let ValueKind::Number(pn) = kind else {
                return Ok(false);
            };
            let v = Decimal::parse(value).ok_or_else(|| type_error(key, value, "a number"))?;
            let ord = v.cmp(pn);
            match op {
                B::NumericEquals => ord.is_eq(),
                B::NumericLessThan => ord.is_lt(),
                B::NumericLessThanEquals => ord.is_le(),
                B::NumericGreaterThan => ord.is_gt(),
                _ => ord.is_ge(),
            }
        }
        B::DateEquals
        | B::DateLessThan
        | B::DateLessThanEquals
        | B::DateGreaterThan
        | B::DateGreaterThanEquals => {
            let ValueKind::Date(pd) = kind else {
                return Ok(false);
            };
            let v = parse_date(value)
                .ok_or_else(|| type_error(key, value, "a date (ISO 8601 or epoch seconds)"))?;
            let ord = v.cmp(pd);
            match op {
                B::DateEquals => ord.is_eq(),
                B::DateLessThan => ord.is_lt(),
                B::DateLessThanEquals => ord.is_le(),
                B::DateGreaterThan => ord.is_gt(),
                _ => ord.is_ge(),
            }
        }
        B::BinaryEquals => {
            let ValueKind::Binary(pb) = kind else {
                return Ok(false);
            };
            let v = decode_base64(value).ok_or_else(|| type_error(key, value, "base-64 data"))?;
            &v == pb
        }
        B::IpAddress => {
            let ValueKind::Network(net) = kind else {
                return Ok(false);
            };
            let v = parse_address(value).ok_or_else(|| type_error(key, value, "an IP address"))?;
            net.contains(&v)
        }
        // Negated operators and Null never reach here (`positive()` and the
        // Null branch above).
        B::StringNotEquals
        | B::StringNotEqualsIgnoreCase
        | B::StringNotLike
        | B::NumericNotEquals
        | B::DateNotEquals
        | B::NotIpAddress
        | B::ArnNotEquals
        | B::ArnNotLike
        | B::Null => false,
    })
}
