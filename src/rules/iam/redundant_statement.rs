//! ## What it does
//! Reports a statement that another statement of the same policy entirely
//! covers: same `Effect`, same `Principal` (or none), the other statement
//! has no `Condition`, and every `Action` and `Resource` entry of the first
//! is matched by an entry of the other (`s3:GetObject` by `s3:Get*`,
//! `arn:aws:s3:::logs/app/*` by `arn:aws:s3:::logs/*`, anything by `*`).
//! When two statements cover each other (identical grants), the later one is
//! reported. A statement of every action (`"Action": "*"`) is not taken as
//! the cover (IAM101 reports it). Statements with `NotAction` or `NotResource` are left alone, as
//! are entries only known at deploy time. IAM016 (redundant-action) handles
//! repeats inside one statement.
//!
//! ## Why is this bad?
//! The covered statement changes nothing: its conditions, if any, restrict
//! nothing because the other statement grants (or denies) the same access
//! unconditionally. A reader who trusts the narrower statement's scope or
//! conditions is misled, and the policy is longer than it needs to be
//! (Access Analyzer: "Redundant statement").
//!
//! ## Example
//! ```json
//! [{"Sid": "ReadReports", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*",
//!   "Condition": {"Bool": {"aws:SecureTransport": "true"}}},
//!  {"Sid": "ReadAll", "Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::*"}]
//! ```
//!
//! ## Fix
//! Remove the covered statement, or narrow the covering one (it may be the
//! one granting too much).
//!
//! ## References
//! - Access Analyzer policy checks (Redundant statement): <https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html>
//! - Policy evaluation logic: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html>

use std::collections::BTreeMap;

use super::{for_each_written_policy, known, statements};
use crate::diagnostic::{Diagnostic, Severity};
use crate::iam::policy::{Element, Principal, Statement, Values};
use crate::iam::wildcard::{has_wildcard, wildcard_match};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "IAM021",
        "redundant-statement",
        Severity::Note,
        &[InputKind::IamPolicy, InputKind::Cloudformation],
        "A statement that another statement of the same effect, with no condition, already covers",
        crate::rule_docs!(),
        &["iam", "maintainability"],
        Precision::VeryHigh,
    ),
    check,
};

/// What a statement grants or denies, read once per statement.
struct Scope<'a> {
    st: &'a Statement,
    effect: &'a str,
    principal: Option<String>,
    actions: Vec<&'a str>,
    resources: Vec<&'a str>,
    conditional: bool,
}

impl<'a> Scope<'a> {
    fn read(st: &'a Statement) -> Option<Scope<'a>> {
        if st.not_action.is_some() || st.not_resource.is_some() || st.not_principal.is_some() {
            return None;
        }
        let effect = st.effect_str().filter(|e| matches!(*e, "Allow" | "Deny"))?;
        Some(Scope {
            st,
            effect,
            principal: match &st.principal {
                None => None,
                Some(p) => Some(principal_key(&p.value)?),
            },
            actions: strings(st.action.as_ref())?,
            resources: match &st.resource {
                // Trust policies have no Resource.
                None => Vec::new(),
                Some(r) => strings(Some(r))?,
            },
            conditional: st
                .condition
                .as_ref()
                .is_some_and(|c| !c.value.blocks.is_empty() || !c.value.is_object),
        })
    }

    /// Whether `self` grants (or denies) everything `other` does, unconditionally.
    fn covers(&self, other: &Scope<'_>) -> bool {
        !self.conditional
            && self.effect == other.effect
            && self.principal == other.principal
            && other
                .actions
                .iter()
                .all(|a| self.actions.iter().any(|c| contains(c, a, true)))
            && other
                .resources
                .iter()
                .all(|r| self.resources.iter().any(|c| contains(c, r, false)))
            && (self.resources.is_empty() == other.resources.is_empty())
    }
}

/// Every entry as a string known at lint time; `None` if there is another kind of entry or no element.
fn strings(el: Option<&Element<Values>>) -> Option<Vec<&str>> {
    let el = el?;
    let items: Option<Vec<&str>> = el
        .value
        .items
        .iter()
        .map(|i| i.value.as_str().and_then(known))
        .collect();
    items.filter(|i| !i.is_empty())
}

/// A principal in a canonical form (entry kinds and values sorted) to compare by.
fn principal_key(p: &Principal) -> Option<String> {
    match p {
        Principal::Scalar(s) => Some(s.value.as_str().and_then(known)?.to_string()),
        Principal::Map(entries) => {
            let mut parts: Vec<String> = Vec::new();
            for e in entries {
                let mut values: Vec<&str> = e
                    .values
                    .items
                    .iter()
                    .map(|v| v.value.as_str().and_then(known))
                    .collect::<Option<_>>()?;
                values.sort_unstable();
                parts.push(format!("{}={}", e.name, values.join(",")));
            }
            parts.sort();
            Some(parts.join(";"))
        }
        Principal::Other(_) => None,
    }
}

/// Whether pattern `outer` matches everything pattern `inner` does. Exact for
/// a plain `inner`; for a wildcard `inner`, only the sure cases (equal text,
/// `*`, or an `outer` that is a prefix followed by one final `*`).
fn contains(outer: &str, inner: &str, case_insensitive: bool) -> bool {
    let same = |a: &str, b: &str| {
        if case_insensitive {
            a.eq_ignore_ascii_case(b)
        } else {
            a == b
        }
    };
    if same(outer, inner) || outer == "*" {
        return true;
    }
    if !has_wildcard(inner) {
        return wildcard_match(outer, inner, case_insensitive);
    }
    match outer.strip_suffix('*') {
        Some(prefix) if !has_wildcard(prefix) => inner
            .get(..prefix.len())
            .is_some_and(|head| same(head, prefix)),
        _ => false,
    }
}

/// The statements that may cover another, found without comparing every
/// pair (10,000 statements would take minutes): an outer statement covers an
/// inner one only if the literal head of one of its resources (the text
/// before the first `*` or `?`) starts the inner one's first resource.
struct CoverIndex<'a> {
    by_head: BTreeMap<&'a str, Vec<usize>>,
    without_resources: Vec<usize>,
}

impl<'a> CoverIndex<'a> {
    fn new(scopes: &'a [Option<Scope<'a>>]) -> CoverIndex<'a> {
        let mut index = CoverIndex {
            by_head: BTreeMap::new(),
            without_resources: Vec::new(),
        };
        for (j, scope) in scopes.iter().enumerate() {
            let Some(scope) = scope else { continue };
            if scope.resources.is_empty() {
                index.without_resources.push(j);
            }
            for r in &scope.resources {
                let head = r.find(['*', '?']).and_then(|end| r.get(..end)).unwrap_or(r);
                index.by_head.entry(head).or_default().push(j);
            }
        }
        index
    }

    /// Indices of the statements that may cover `inner`, in order.
    fn candidates(&self, inner: &Scope<'_>) -> Vec<usize> {
        let mut found: Vec<usize> = match inner.resources.first() {
            None => self.without_resources.clone(),
            Some(first) => first
                .char_indices()
                .map(|(i, _)| i)
                .chain(std::iter::once(first.len()))
                .filter_map(|end| first.get(..end))
                .filter_map(|head| self.by_head.get(head))
                .flatten()
                .copied()
                .collect(),
        };
        found.sort_unstable();
        found.dedup();
        found
    }
}

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for_each_written_policy(ctx, out, |input, found| {
        let scopes: Vec<Option<Scope<'_>>> = statements(&input.policy).map(Scope::read).collect();
        let index = CoverIndex::new(&scopes);
        for (i, inner) in scopes.iter().enumerate() {
            let Some(inner) = inner else { continue };
            let cover = index.candidates(inner).into_iter().find_map(|j| {
                let outer = scopes.get(j)?.as_ref()?;
                // Everything is redundant next to a full-admin statement;
                // IAM101 reports that one.
                let admin = outer.actions.iter().any(|a| matches!(*a, "*" | "*:*"));
                if j == i || admin || !outer.covers(inner) {
                    return None;
                }
                // Mutual cover (the same grant twice): report only the later one.
                (!(inner.covers(outer) && i < j)).then_some(outer)
            });
            let Some(outer) = cover else { continue };
            let st = inner.st;
            found.push(
                Diagnostic::new(
                    rule,
                    st.sid.as_ref().map_or(
                        st.effect.as_ref().map_or(st.span, |e| e.key_span),
                        |s| s.span,
                    ),
                    format!(
                        "{} is redundant: {} ({}, no condition) already covers all its actions and resources{}",
                        st.label(),
                        outer.st.label(),
                        outer.effect,
                        if inner.conditional { ", so its conditions restrict nothing" } else { "" }
                    ),
                )
                .with_label(outer.st.span, "covered by this statement")
                .with_logical_path(input.path(st, ""))
                .with_help("remove the redundant statement, or narrow the one that covers it"),
            );
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containment_is_sound() {
        assert!(contains("s3:Get*", "s3:GetObject", true));
        assert!(contains("s3:Get*", "S3:GetObject*", true));
        assert!(contains("*", "s3:Get?bject", true));
        assert!(!contains("s3:Get?bject", "s3:Get*", true));
        assert!(!contains("a?c", "a*c", false));
        assert!(contains(
            "arn:aws:s3:::logs/*",
            "arn:aws:s3:::logs/app/*",
            false
        ));
        assert!(!contains(
            "arn:aws:s3:::logs/*",
            "arn:aws:s3:::Logs/app",
            false
        ));
    }
}
