//! Plain scalars resolved by the YAML 1.2 core schema (spec §10.3.2).
//!
//! YAML 1.2 is deliberately narrower than 1.1: `yes`/`no`/`on`/`off` are
//! strings, and so are dates such as `2012-10-17` (the IAM `Version`), which
//! must never become numbers or timestamps.

use crate::parse::Value;

/// The value of a plain (unquoted, untagged) scalar.
pub(super) fn resolve_plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ if is_int(text) || is_float(text) => Value::Number(text.to_string()),
        _ => Value::String(text.to_string()),
    }
}

/// The value of a scalar with a core-schema tag (`!!str`, `!!int`, …), or
/// `None` for a tag outside the core schema.
pub(super) fn resolve_tagged(suffix: &str, text: &str) -> Option<Value> {
    let plain = resolve_plain(text);
    let fits = match suffix {
        "str" => return Some(Value::String(text.to_string())),
        "null" => matches!(plain, Value::Null),
        "bool" => matches!(plain, Value::Bool(_)),
        "int" => is_int(text),
        "float" => matches!(plain, Value::Number(_)),
        _ => return None,
    };
    // A value that does not fit its tag stays the text it is; AWS reads it so.
    Some(if fits {
        plain
    } else {
        Value::String(text.to_string())
    })
}

fn all_digits(s: &str, radix: u32) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_digit(radix))
}

/// `[-+]?[0-9]+`, `0o[0-7]+`, `0x[0-9a-fA-F]+`.
pub(super) fn is_int(s: &str) -> bool {
    if let Some(oct) = s.strip_prefix("0o") {
        return all_digits(oct, 8);
    }
    if let Some(hex) = s.strip_prefix("0x") {
        return all_digits(hex, 16);
    }
    all_digits(s.strip_prefix(['-', '+']).unwrap_or(s), 10)
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, `[-+]?\.inf`, `\.nan`
/// (each special value in its three spellings).
pub(super) fn is_float(s: &str) -> bool {
    if matches!(s, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") {
        return true;
    }
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (unsigned, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        None => all_digits(mantissa, 10),
        Some(("", frac)) => all_digits(frac, 10),
        Some((int, frac)) => all_digits(int, 10) && (frac.is_empty() || all_digits(frac, 10)),
    };
    let exponent_ok =
        exponent.is_none_or(|e| all_digits(e.strip_prefix(['-', '+']).unwrap_or(e), 10));
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_schema_scalars() {
        for null in ["", "~", "null", "Null", "NULL"] {
            assert_eq!(resolve_plain(null), Value::Null, "{null:?}");
        }
        for t in ["true", "True", "TRUE"] {
            assert_eq!(resolve_plain(t), Value::Bool(true));
        }
        for f in ["false", "False", "FALSE"] {
            assert_eq!(resolve_plain(f), Value::Bool(false));
        }
        for n in [
            "0", "-12", "+3", "0o17", "0x1F", "0xff", "1.5", "-.5", ".5", "1.", "1e3", "1.5E-3",
            ".inf", "-.Inf", "+.INF", ".nan", ".NaN", "0010",
        ] {
            assert_eq!(resolve_plain(n), Value::Number(n.to_string()), "{n:?}");
        }
    }

    #[test]
    fn look_alikes_stay_strings() {
        for s in [
            "2012-10-17",
            "yes",
            "no",
            "on",
            "off",
            "tRue",
            "nULL",
            "0x",
            "0o8",
            "0xg",
            "1e",
            "e3",
            ".",
            "-",
            "+.nan",
            "1.2.3",
            "1_000",
            "0b101",
            "inf",
            "NaN",
            "12:30",
            "1e3.5",
            "- 1",
        ] {
            assert_eq!(resolve_plain(s), Value::String(s.to_string()), "{s:?}");
        }
    }

    #[test]
    fn core_tags_force_their_type() {
        assert_eq!(
            resolve_tagged("str", "12"),
            Some(Value::String("12".into()))
        );
        assert_eq!(
            resolve_tagged("int", "12"),
            Some(Value::Number("12".into()))
        );
        assert_eq!(
            resolve_tagged("int", "1.5"),
            Some(Value::String("1.5".into()))
        );
        assert_eq!(resolve_tagged("bool", "true"), Some(Value::Bool(true)));
        assert_eq!(resolve_tagged("null", ""), Some(Value::Null));
        assert_eq!(resolve_tagged("binary", "AAAA"), None);
    }
}
