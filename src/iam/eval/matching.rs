//! Matching a statement's `Action`, `Resource` and `Principal` elements
//! (and their `Not…` forms) against a request (iam-semantics.md 8.6).

use super::arn::{Arn, arn_like};
use super::compile::{CompiledStatement, PrincipalPattern};
use super::request::{PrincipalType, Request, RequestPrincipal};
use super::variables::{Unresolved, display};
use crate::iam::wildcard::wildcard_match;

/// Actions compare case-insensitively (both sides are lower-cased when
/// compiled), with `*` and `?`.
pub(crate) fn action_matches(st: &CompiledStatement, req: &Request) -> bool {
    let literal =
        super::compile::lookup(&st.actions_by_service, &req.service_lower).is_some_and(|names| {
            names
                .iter()
                .any(|n| wildcard_match(n, &req.action_lower, false))
        });
    let any = literal
        || st
            .wildcard_service_actions
            .iter()
            .any(|a| match &a.service {
                None => true,
                Some(s) => {
                    wildcard_match(s, &req.service_lower, false)
                        && wildcard_match(&a.name, &req.action_lower, false)
                }
            });
    any != st.not_action
}

pub(crate) struct ResourceMatch {
    pub matched: bool,
    pub reason: String,
    pub unresolved: Vec<Unresolved>,
}

/// Resources compare case-sensitively, ARN component by component. A
/// pattern whose variable has no value matches no resource.
pub(crate) fn resource_matches(st: &CompiledStatement, req: &Request) -> ResourceMatch {
    let Some((negated, patterns)) = &st.resources else {
        return ResourceMatch {
            matched: true,
            reason: String::new(),
            unresolved: Vec::new(),
        };
    };
    let mut unresolved = Vec::new();
    let mut hit: Option<String> = None;
    for (template, raw) in patterns {
        match template.resolve(req.effective_context()) {
            Ok(p) => {
                if arn_like(&p, &req.resource) {
                    hit = Some(if *p == **raw {
                        raw.clone()
                    } else {
                        format!("{raw} (= {})", display(&p))
                    });
                    break;
                }
            }
            Err(u) => unresolved.push(u),
        }
    }
    // A variable without a value makes its pattern "not match any
    // resource" (iam-semantics.md 8.5), in `NotResource` too: the element
    // then matches nothing and the statement does not apply.
    let unresolved_not_resource = *negated && !unresolved.is_empty();
    let matched = hit.is_some() != *negated && !unresolved_not_resource;
    let reason = match (&hit, negated) {
        (Some(p), true) => format!(
            "`NotResource` lists `{p}`, which matches `{}`",
            req.resource
        ),
        (None, true) if unresolved_not_resource => format!(
            "`NotResource` has a policy variable without a value (`${{{}}}`), so it matches no resource",
            unresolved.first().map_or("", |u| u.name.as_str())
        ),
        (None, false) => {
            let shown: Vec<String> = patterns
                .iter()
                .take(3)
                .map(|(_, raw)| format!("`{raw}`"))
                .collect();
            let more = if patterns.len() > 3 {
                format!(" and {} more", patterns.len() - 3)
            } else {
                String::new()
            };
            format!(
                "`{}` matches no `Resource` ({}{more})",
                req.resource,
                shown.join(", ")
            )
        }
        _ => String::new(),
    };
    ResourceMatch {
        matched,
        reason,
        unresolved,
    }
}

/// How a resource-based policy named the caller; it decides how far the
/// policy's `Allow` reaches on its own (iam-semantics.md 8.1.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum PrincipalMatch {
    /// The caller's account (account id or root ARN): a delegation to the
    /// account's identity-based policies.
    Account,
    /// The role ARN of the calling role session.
    Role,
    /// `"*"`, `{"AWS": "*"}`, or `NotPrincipal` not listing the caller.
    Wildcard,
    /// The caller's own ARN (user, role session, federated user), service,
    /// identity provider or canonical user.
    Exact,
}

fn names(pattern: &PrincipalPattern, p: &RequestPrincipal) -> Option<PrincipalMatch> {
    match pattern {
        PrincipalPattern::Any => Some(PrincipalMatch::Wildcard),
        PrincipalPattern::Account(a) => {
            (p.account.as_deref() == Some(a.as_str())).then_some(PrincipalMatch::Account)
        }
        PrincipalPattern::Arn(arn) => {
            if *arn == p.id {
                return Some(PrincipalMatch::Exact);
            }
            // A role ARN names every session of the role. Session ARNs carry
            // no role path, and role names are unique in an account, so the
            // path is ignored.
            let is_session = p.kind == PrincipalType::AssumedRole;
            let named_role =
                Arn::parse(arn).filter(|a| a.service == "iam" && a.resource.starts_with("role/"));
            match named_role {
                Some(a)
                    if is_session
                        && p.account.as_deref() == Some(a.account)
                        && a.resource.rsplit('/').next() == p.role_name.as_deref() =>
                {
                    Some(PrincipalMatch::Role)
                }
                _ => None,
            }
        }
        PrincipalPattern::Service(s) => (p.kind == PrincipalType::Service
            && p.id.eq_ignore_ascii_case(s))
        .then_some(PrincipalMatch::Exact),
        PrincipalPattern::Federated(f) => {
            (p.kind == PrincipalType::Federated && p.id == *f).then_some(PrincipalMatch::Exact)
        }
        PrincipalPattern::CanonicalUser(c) => {
            (p.kind == PrincipalType::CanonicalUser && p.id == *c).then_some(PrincipalMatch::Exact)
        }
    }
}

/// Whether one identity of the caller's chain is listed.
fn lists(pattern: &PrincipalPattern, identity: &str, p: &RequestPrincipal) -> bool {
    match pattern {
        PrincipalPattern::Any => true,
        PrincipalPattern::Account(a) => {
            p.account_arn().as_deref() == Some(identity) && p.account.as_deref() == Some(a.as_str())
        }
        PrincipalPattern::Arn(arn) => arn == identity,
        PrincipalPattern::Service(s) => identity.eq_ignore_ascii_case(s),
        PrincipalPattern::Federated(f) | PrincipalPattern::CanonicalUser(f) => f == identity,
    }
}

/// `Principal`: the strongest way any entry names the caller.
/// `NotPrincipal`: matches unless every identity in the caller's chain
/// (account, role, session) is listed.
pub(crate) fn principal_matches(
    negated: bool,
    patterns: &[PrincipalPattern],
    p: &RequestPrincipal,
) -> Option<PrincipalMatch> {
    if negated {
        let exempt = p
            .chain()
            .iter()
            .all(|id| patterns.iter().any(|pat| lists(pat, id, p)));
        return (!exempt).then_some(PrincipalMatch::Wildcard);
    }
    patterns.iter().filter_map(|pat| names(pat, p)).max()
}
