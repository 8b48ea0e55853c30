//! ARNs split into their six components, and ARN pattern matching for the
//! `Resource` element and the `Arn*` condition operators (iam-semantics.md 8.3, 8.6).

use super::variables::{LITERAL_QUESTION, LITERAL_STAR};
use crate::iam::wildcard::wildcard_match;

/// `arn:partition:service:region:account:resource` (the resource part may
/// itself hold colons).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arn<'a> {
    pub partition: &'a str,
    pub service: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub resource: &'a str,
}

impl<'a> Arn<'a> {
    /// Splits at the first five colons; `None` unless the text starts with
    /// `arn:` and has all six components.
    #[must_use]
    pub fn parse(s: &'a str) -> Option<Arn<'a>> {
        let mut it = s.splitn(6, ':');
        if it.next()? != "arn" {
            return None;
        }
        Some(Arn {
            partition: it.next()?,
            service: it.next()?,
            region: it.next()?,
            account: it.next()?,
            resource: it.next()?,
        })
    }
}

/// `*`/`?` matching where `${*}` / `${?}` stand-ins in the pattern are
/// literal characters.
pub(crate) fn like(pattern: &str, text: &str, case_insensitive: bool) -> bool {
    if pattern.contains([LITERAL_STAR, LITERAL_QUESTION]) {
        let text: String = text
            .chars()
            .map(|c| match c {
                '*' => LITERAL_STAR,
                '?' => LITERAL_QUESTION,
                c => c,
            })
            .collect();
        wildcard_match(pattern, &text, case_insensitive)
    } else {
        wildcard_match(pattern, text, case_insensitive)
    }
}

/// Whether an ARN pattern matches an ARN, case-sensitively, with each of the
/// six components matched on its own: a `*` in the region or account does
/// not swallow colons (the condition-operators page's ArnLike example). A
/// pattern with fewer than six components (`arn:aws:s3:*`) is matched as a
/// whole, so a trailing `*` extends across colons as the Resource page says.
#[must_use]
pub fn arn_like(pattern: &str, arn: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    match (Arn::parse(pattern), Arn::parse(arn)) {
        (Some(p), Some(a)) => {
            like(p.partition, a.partition, false)
                && like(p.service, a.service, false)
                && like(p.region, a.region, false)
                && like(p.account, a.account, false)
                && like(p.resource, a.resource, false)
        }
        _ => like(pattern, arn, false),
    }
}

/// `ArnLike`: the value must be an ARN; a value that is not one matches no
/// pattern (and so satisfies `ArnNotLike`).
#[must_use]
pub fn arn_condition_match(pattern: &str, value: &str) -> bool {
    Arn::parse(value).is_some() && arn_like(pattern, value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_are_matched_separately() {
        // The condition-operators page's example (iam-semantics.md 8.3).
        let pattern = "arn:aws:someservice:*:111122223333:finance/*";
        let value = "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt";
        assert!(!arn_condition_match(pattern, value));
        assert!(wildcard_match(pattern, value, false));
    }

    #[test]
    fn resource_wildcards_span_slashes_and_colons_in_the_resource_part() {
        assert!(arn_like(
            "arn:aws:s3:::bucket/*",
            "arn:aws:s3:::bucket/a/b/c"
        ));
        assert!(arn_like(
            "arn:aws:logs:*:*:log-group:*",
            "arn:aws:logs:us-east-1:111122223333:log-group:g:log-stream:s"
        ));
        assert!(arn_like("arn:aws:s3:*", "arn:aws:s3:::bucket/key"));
        assert!(!arn_like(
            "arn:aws:s3:::MYBUCKET/*",
            "arn:aws:s3:::mybucket/a"
        ));
        assert!(arn_like(
            "arn:aws:s3:::mybucke?/*",
            "arn:aws:s3:::mybucket/a"
        ));
        assert!(arn_like("*", "anything"));
    }

    #[test]
    fn escaped_wildcards_are_literal() {
        let pattern = format!("a{LITERAL_STAR}b");
        assert!(like(&pattern, "a*b", false));
        assert!(!like(&pattern, "axxb", false));
    }
}
