//! ## What it does
//! Reports a `Sid` that is not a string of ASCII letters and digits, an empty
//! `Sid` (`""`), and a `Sid` used by two statements of the same policy.
//!
//! ## Why is this bad?
//! IAM accepts only `[A-Za-z0-9]` in the `Sid` of identity policies and
//! requires every `Sid` of a policy to be unique (Access Analyzer: "Unsupported
//! Sid", "Unique Sids required"); resource policies of some services are more
//! lenient but tools and humans identify statements by `Sid`. An empty `Sid`
//! identifies nothing: omit the element or name the statement.
//!
//! ## Example
//! ```json
//! {"Sid": "", "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
//! ```
//!
//! ## Fix
//! Give each statement a unique alphanumeric `Sid` such as `AllowEc2Assume`,
//! or remove the element.
//!
//! ## References
//! - IAM JSON policy elements: Sid: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html>
//! - Access Analyzer policy checks (Empty Sid value, Unique Sids required): <https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html>

use std::collections::BTreeMap;

use super::{for_each_written_policy, known, statements};
use crate::diagnostic::{Diagnostic, Severity};
use crate::iam::policy::PolicyType;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "IAM007",
        "invalid-sid",
        Severity::Warning,
        &[InputKind::IamPolicy, InputKind::Cloudformation],
        "A statement's Sid is empty, repeated, or has characters IAM rejects",
        crate::rule_docs!(),
        &["iam", "correctness"],
        Precision::VeryHigh,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for_each_written_policy(ctx, out, |input, found| {
        let mut first: BTreeMap<&str, crate::span::Span> = BTreeMap::new();
        for st in statements(&input.policy) {
            let Some(sid) = &st.sid else { continue };
            let path = input.path(st, "Sid");
            let Some(text) = sid.value.as_str() else {
                found.push(
                    Diagnostic::new(
                        rule,
                        sid.span,
                        format!("Sid is a {}, not a string", sid.value.type_name()),
                    )
                    .with_severity(Severity::Error)
                    .with_logical_path(path),
                );
                continue;
            };
            if known(text).is_none() {
                continue;
            }
            if text.is_empty() {
                found.push(
                    Diagnostic::new(
                        rule,
                        sid.span,
                        "empty Sid (\"\"): it identifies no statement",
                    )
                    .with_severity(Severity::Note)
                    .with_logical_path(path)
                    .with_help("remove the Sid, or name the statement (letters and digits)"),
                );
                continue;
            }
            if let Some(prev) = first.get(text) {
                found.push(
                    Diagnostic::new(rule, sid.span, format!("Sid \"{text}\" is used by an earlier statement; Sids must be unique in a policy"))
                        .with_severity(Severity::Error)
                        .with_label(*prev, "first used here")
                        .with_logical_path(path.clone())
                        .with_help("give each statement its own Sid"),
                );
            } else {
                first.insert(text, sid.span);
            }
            // Identity-style policies accept letters and digits only; resource
            // policies of S3, SNS, SQS … accept more (spaces, dashes).
            let strict = matches!(
                input.policy_type,
                PolicyType::Identity
                    | PolicyType::PermissionsBoundary
                    | PolicyType::Session
                    | PolicyType::Scp
            );
            if strict && !text.chars().all(|c| c.is_ascii_alphanumeric()) {
                found.push(
                    Diagnostic::new(rule, sid.span, format!("Sid \"{text}\" has characters other than letters and digits, which IAM rejects in {} policies", input.policy_type))
                        .with_severity(Severity::Error)
                        .with_logical_path(path)
                        .with_help(format!("use \"{}\"", ascii_sid(text, st.index))),
                );
            }
        }
    });
}

/// An ASCII-only rewrite of a Sid: accented Latin letters lose their accent
/// (`é` → `e`, `ß` → `ss`), words separated by spaces, dashes, dots or
/// underscores are joined in CamelCase, other characters are dropped; when
/// nothing is left, `Statement<N>`.
fn ascii_sid(text: &str, index: Option<usize>) -> String {
    let mut out = String::new();
    let mut upper_next = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if upper_next {
                out.push(c.to_ascii_uppercase());
            } else {
                out.push(c);
            }
            upper_next = false;
        } else if let Some(base) = latin_base(c) {
            for (i, b) in base.chars().enumerate() {
                out.push(if upper_next && i == 0 {
                    b.to_ascii_uppercase()
                } else {
                    b
                });
            }
            upper_next = false;
        } else if !out.is_empty() && (c.is_whitespace() || matches!(c, '-' | '_' | '.' | ':' | '/'))
        {
            upper_next = true;
        }
    }
    if out.is_empty() {
        format!("Statement{}", index.map_or(1, |i| i + 1))
    } else {
        out
    }
}

/// The ASCII letters of an accented Latin letter.
fn latin_base(c: char) -> Option<&'static str> {
    const TABLE: &[(&str, &str)] = &[
        ("àáâãäåāăą", "a"),
        ("ÀÁÂÃÄÅĀĂĄ", "A"),
        ("çćĉċč", "c"),
        ("ÇĆĈĊČ", "C"),
        ("ďđ", "d"),
        ("ĎĐ", "D"),
        ("èéêëēĕėęě", "e"),
        ("ÈÉÊËĒĔĖĘĚ", "E"),
        ("ĝğġģ", "g"),
        ("ĜĞĠĢ", "G"),
        ("ìíîïĩīĭįı", "i"),
        ("ÌÍÎÏĨĪĬĮİ", "I"),
        ("ñńņňŉ", "n"),
        ("ÑŃŅŇ", "N"),
        ("òóôõöøōŏő", "o"),
        ("ÒÓÔÕÖØŌŎŐ", "O"),
        ("ŕŗř", "r"),
        ("ŔŖŘ", "R"),
        ("śŝşš", "s"),
        ("ŚŜŞŠ", "S"),
        ("ţťŧ", "t"),
        ("ŢŤŦ", "T"),
        ("ùúûüũūŭůűų", "u"),
        ("ÙÚÛÜŨŪŬŮŰŲ", "U"),
        ("ýÿŷ", "y"),
        ("ÝŸŶ", "Y"),
        ("źżž", "z"),
        ("ŹŻŽ", "Z"),
        ("ß", "ss"),
        ("æ", "ae"),
        ("Æ", "AE"),
        ("œ", "oe"),
        ("Œ", "OE"),
        ("łľĺļ", "l"),
        ("ŁĽĹĻ", "L"),
    ];
    TABLE
        .iter()
        .find(|(chars, _)| chars.contains(c))
        .map(|(_, base)| *base)
}

#[cfg(test)]
mod tests {
    use super::ascii_sid;

    #[test]
    fn ascii_rewrites() {
        assert_eq!(ascii_sid("Café", None), "Cafe");
        assert_eq!(
            ascii_sid("allow read-only access", Some(0)),
            "allowReadOnlyAccess"
        );
        assert_eq!(ascii_sid("Größe_Prüfen", None), "GrossePrufen");
        assert_eq!(ascii_sid("日本", Some(2)), "Statement3");
        assert_eq!(ascii_sid("S3 Zugriff für Ärzte", None), "S3ZugriffFurArzte");
    }
}
