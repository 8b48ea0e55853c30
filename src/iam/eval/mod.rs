//! The offline IAM evaluator: decides a [`Request`] against a [`PolicySet`]
//! the way AWS documents it (iam-semantics.md 8.1–8.6), and explains the
//! decision statement by statement.
//!
//! ```text
//! let set = PolicySet { identity: vec![PolicyDoc::from_file(path, PolicyType::Identity)?], ..Default::default() };
//! let request = Request::new(principal, "s3:GetObject", "arn:aws:s3:::bucket/key")?.with_context(ctx);
//! let evaluation = evaluate(&set, &request)?;
//! ```

mod arn;
mod compile;
mod condition;
mod matching;
mod policy_set;
mod request;
mod trace;
mod values;
mod variables;

use std::borrow::Cow;
use std::collections::BTreeSet;

pub use arn::{Arn, arn_like};
pub use compile::{Effect, PolicyError};
pub use policy_set::{
    LoadError, Location, PolicyDoc, PolicySet, ResourcePolicy, ResourcePolicyKind, Source,
};
pub use request::{Context, ContextEntry, PrincipalType, Request, RequestPrincipal};
pub use trace::{
    ConditionTrace, Decision, Element, EvalError, Evaluation, PolicyGroup, StatementTrace, Step,
};

use compile::CompiledStatement;
use matching::{PrincipalMatch, action_matches, principal_matches, resource_matches};
use policy_set::StatementLocations;

/// What one policy group contributed.
#[derive(Debug, Default)]
struct GroupResult {
    /// Trace indices of matching `Allow` statements, with how the principal
    /// was named (resource-based policies and RCPs).
    allows: Vec<(usize, Option<PrincipalMatch>)>,
    denies: Vec<usize>,
}

impl GroupResult {
    fn allowed(&self) -> bool {
        !self.allows.is_empty()
    }

    fn allow_indices(&self) -> impl Iterator<Item = usize> + '_ {
        self.allows.iter().map(|(i, _)| *i)
    }

    fn absorb(&mut self, other: GroupResult) {
        self.allows.extend(other.allows);
        self.denies.extend(other.denies);
    }
}

struct Evaluator<'a> {
    request: &'a Request,
    trace: Vec<StatementTrace>,
    warnings: BTreeSet<String>,
    missing: BTreeSet<String>,
    skipped: usize,
}

/// Decides a request.
///
/// # Errors
/// A request context value that is not of the type a condition compares
/// (an address for `IpAddress`, a date for `Date*` …).
pub fn evaluate(set: &PolicySet, request: &Request) -> Result<Evaluation, EvalError> {
    let mut ev = Evaluator {
        request,
        trace: Vec::new(),
        warnings: BTreeSet::new(),
        missing: BTreeSet::new(),
        skipped: 0,
    };
    let principal = &request.principal;
    let scp_applies = matches!(
        principal.kind,
        PrincipalType::Root
            | PrincipalType::User
            | PrincipalType::Role
            | PrincipalType::AssumedRole
            | PrincipalType::FederatedUser
    ) && !principal.is_service_linked_role();

    let mut scp_levels = Vec::new();
    for (level, docs) in set.scps.iter().enumerate() {
        scp_levels.push(ev.group(docs, PolicyGroup::Scp, Some(level))?);
    }
    let mut rcp = GroupResult::default();
    for (level, docs) in set.rcps.iter().enumerate() {
        rcp.absorb(ev.group(docs, PolicyGroup::Rcp, Some(level))?);
    }
    let resource = match &set.resource {
        Some(rp) => Some(ev.group(std::slice::from_ref(&rp.doc), PolicyGroup::Resource, None)?),
        None => None,
    };
    let identity = ev.group(&set.identity, PolicyGroup::Identity, None)?;
    let boundary = match &set.permissions_boundary {
        Some(doc) => Some(ev.group(
            std::slice::from_ref(doc),
            PolicyGroup::PermissionsBoundary,
            None,
        )?),
        None => None,
    };
    let session = match &set.session {
        Some(doc) => Some(ev.group(std::slice::from_ref(doc), PolicyGroup::Session, None)?),
        None => None,
    };

    let inputs = DecisionInputs {
        set,
        scp_applies,
        scp_levels: &scp_levels,
        rcp: &rcp,
        resource: resource.as_ref(),
        identity: &identity,
        boundary: boundary.as_ref(),
        session: session.as_ref(),
    };
    let (decision, reason, deciding, steps) = decide(request, &inputs, &ev.trace);
    Ok(Evaluation {
        decision,
        reason,
        deciding,
        steps,
        trace: ev.trace,
        missing_context_keys: ev.missing.into_iter().collect(),
        warnings: ev.warnings.into_iter().collect(),
        skipped_statements: ev.skipped,
    })
}

impl Evaluator<'_> {
    fn group(
        &mut self,
        docs: &[PolicyDoc],
        group: PolicyGroup,
        level: Option<usize>,
    ) -> Result<GroupResult, EvalError> {
        let mut result = GroupResult::default();
        for doc in docs {
            let service = &self.request.service_lower;
            let candidates = doc.compiled.candidates(service);
            self.skipped += doc
                .compiled
                .statements
                .len()
                .saturating_sub(doc.compiled.candidate_count(service));
            for id in candidates {
                let id = id as usize;
                let (Some(st), Some(location)) = (
                    doc.compiled.statements.get(id),
                    doc.statement_locations.get(id),
                ) else {
                    continue;
                };
                let (entry, principal_match) = self.statement(st, group, level, location)?;
                let matched = entry.matched;
                self.trace.push(entry);
                let index = self.trace.len() - 1;
                if matched {
                    match st.effect {
                        Effect::Allow => result.allows.push((index, principal_match)),
                        Effect::Deny => result.denies.push(index),
                    }
                }
            }
        }
        Ok(result)
    }

    fn statement(
        &mut self,
        st: &CompiledStatement,
        group: PolicyGroup,
        level: Option<usize>,
        locations: &StatementLocations,
    ) -> Result<(StatementTrace, Option<PrincipalMatch>), EvalError> {
        let req = self.request;
        let location = &locations.statement;
        let mut entry = StatementTrace {
            group,
            level,
            location: location.clone(),
            sid: st.sid.clone(),
            index: st.position,
            effect: st.effect,
            matched: false,
            failed: None,
            failed_at: None,
            reason: Cow::Borrowed(""),
            conditions: Vec::new(),
        };
        if !action_matches(st, req) {
            entry.failed = Some(if st.not_action {
                Element::NotAction
            } else {
                Element::Action
            });
            entry.failed_at = Some(locations.action.clone());
            entry.reason = Cow::Borrowed(if st.not_action {
                "`NotAction` lists the action"
            } else {
                "`Action` does not list the action"
            });
            return Ok((entry, None));
        }
        let resource = resource_matches(st, req);
        for u in &resource.unresolved {
            self.unresolved_warning(&u.name, u.multivalued, location);
        }
        if !resource.matched {
            let negated = st.resources.as_ref().is_some_and(|(n, _)| *n);
            entry.failed = Some(if negated {
                Element::NotResource
            } else {
                Element::Resource
            });
            entry.failed_at = Some(locations.resource.clone());
            entry.reason = resource.reason.into();
            return Ok((entry, None));
        }
        let mut principal_match = None;
        if let Some((negated, patterns)) = &st.principals {
            match principal_matches(*negated, patterns, &req.principal) {
                Some(m) => principal_match = Some(m),
                None => {
                    entry.failed = Some(if *negated {
                        Element::NotPrincipal
                    } else {
                        Element::Principal
                    });
                    entry.failed_at = Some(locations.principal.clone());
                    entry.reason = Cow::Owned(if *negated {
                        format!("`NotPrincipal` exempts `{}`", req.principal.id)
                    } else {
                        format!("`Principal` does not name `{}`", req.principal.id)
                    });
                    return Ok((entry, None));
                }
            }
        }
        let context = req.effective_context();
        let mut all = true;
        let mut first_failed = None;
        for (i, c) in st.conditions.iter().enumerate() {
            let key_location = locations.conditions.get(i).unwrap_or(location);
            let outcome =
                condition::evaluate_condition(c, context).map_err(|message| EvalError {
                    message: format!("{message}, but `{}` compares it", c.operator_text),
                    location: Some(key_location.clone()),
                })?;
            if c.operator.base != crate::iam::policy::BaseOperator::Null
                && !context.contains(&c.key)
            {
                self.missing.insert(c.key.clone());
            }
            for u in &outcome.unresolved {
                self.unresolved_warning(&u.name, u.multivalued, location);
            }
            if outcome.multivalued_without_set_operator {
                self.warnings.insert(format!(
                    "{location}: `{}` has several values in the request but `{}` has no ForAllValues/ForAnyValue qualifier; it matched if any value matched",
                    c.key, c.operator_text
                ));
            }
            let trace = ConditionTrace {
                operator: c.operator_text.clone(),
                key: c.key.clone(),
                location: key_location.clone(),
                request_values: outcome.request_values,
                policy_values: outcome.policy_values,
                matched: outcome.matched,
                note: outcome.note,
            };
            if !trace.matched && first_failed.is_none() {
                first_failed = Some((describe_condition(&trace), trace.location.clone()));
            }
            all &= trace.matched;
            entry.conditions.push(trace);
        }
        entry.matched = all;
        if all {
            entry.reason = Cow::Borrowed(
                match (st.conditions.is_empty(), principal_match.is_some()) {
                    (true, false) => "action and resource match",
                    (false, false) => "action, resource and every condition match",
                    (true, true) => "action, principal and resource match",
                    (false, true) => "action, principal, resource and every condition match",
                },
            );
        } else {
            entry.failed = Some(Element::Condition);
            if let Some((reason, at)) = first_failed {
                entry.reason = reason.into();
                entry.failed_at = Some(at);
            }
        }
        Ok((entry, principal_match))
    }

    fn unresolved_warning(&mut self, name: &str, multivalued: bool, location: &Location) {
        if multivalued {
            self.warnings.insert(format!(
                "{location}: `${{{name}}}` names a multivalued key; a policy variable needs a single value, so it matches nothing"
            ));
        } else {
            self.missing.insert(name.to_string());
            self.warnings.insert(format!(
                "{location}: the policy variable `${{{name}}}` has no value in the request, so it matches nothing"
            ));
        }
    }
}

/// `StringEquals aws:RequestTag/team: request ["a"] vs policy ["b"]`.
fn describe_condition(c: &ConditionTrace) -> String {
    let request = match &c.request_values {
        Some(v) => format!("request {v:?}"),
        None => "key absent from the request".to_string(),
    };
    let mut s = format!(
        "condition `{}` on `{}` failed: {request}, policy {:?}",
        c.operator, c.key, c.policy_values
    );
    if let Some(n) = &c.note {
        s.push_str(" (");
        s.push_str(n);
        s.push(')');
    }
    s
}

struct DecisionInputs<'a> {
    set: &'a PolicySet,
    scp_applies: bool,
    scp_levels: &'a [GroupResult],
    rcp: &'a GroupResult,
    resource: Option<&'a GroupResult>,
    identity: &'a GroupResult,
    boundary: Option<&'a GroupResult>,
    session: Option<&'a GroupResult>,
}

fn step(name: &str, outcome: &'static str, detail: impl Into<String>) -> Step {
    Step {
        name: name.to_string(),
        outcome,
        detail: detail.into(),
    }
}

fn where_(trace: &[StatementTrace], indices: &[usize]) -> String {
    let names: Vec<String> = indices
        .iter()
        .filter_map(|&i| trace.get(i))
        .map(|t| format!("{} at {}", t.label(), t.location))
        .collect();
    names.join(", ")
}

/// The decision procedure of iam-semantics.md 8.1 and 8.2.
fn decide(
    req: &Request,
    d: &DecisionInputs<'_>,
    trace: &[StatementTrace],
) -> (Decision, String, Vec<usize>, Vec<Step>) {
    let p = &req.principal;
    let mut steps = Vec::new();

    // 8.1.2: an applicable Deny anywhere is final.
    let mut denies: Vec<usize> = Vec::new();
    if d.scp_applies {
        denies.extend(d.scp_levels.iter().flat_map(|l| l.denies.iter().copied()));
    }
    denies.extend(d.rcp.denies.iter().copied());
    for g in [d.resource, Some(d.identity), d.boundary, d.session]
        .into_iter()
        .flatten()
    {
        denies.extend(g.denies.iter().copied());
    }
    denies.sort_unstable();
    if !denies.is_empty() {
        let reason = format!("explicitly denied by {}", where_(trace, &denies));
        steps.push(step("explicit deny", "deny", reason.clone()));
        return (Decision::ExplicitDeny, reason, denies, steps);
    }
    steps.push(step(
        "explicit deny",
        "not-applicable",
        "no applicable Deny statement",
    ));

    let mut deciding: Vec<usize> = Vec::new();
    let deny = |reason: String, mut steps: Vec<Step>, name: &str| {
        steps.push(step(name, "no-allow", reason.clone()));
        (Decision::ImplicitDeny, reason, Vec::new(), steps)
    };

    // 8.1.3: an Allow at every SCP level; service-linked roles are exempt.
    if !d.set.scps.is_empty() && !d.scp_applies {
        steps.push(step(
            "SCPs",
            "not-applicable",
            if p.is_service_linked_role() {
                "SCPs do not restrict service-linked roles"
            } else {
                "SCPs restrict only the IAM principals of member accounts"
            },
        ));
    } else if d.scp_applies {
        for (level, result) in d.scp_levels.iter().enumerate() {
            let files: Vec<&str> = d
                .set
                .scps
                .get(level)
                .map(|l| l.iter().map(PolicyDoc::name).collect())
                .unwrap_or_default();
            if !result.allowed() {
                return deny(
                    format!(
                        "no SCP at organisation level {} ({}) allows the request",
                        level + 1,
                        files.join(", ")
                    ),
                    steps,
                    "SCPs",
                );
            }
            let allows: Vec<usize> = result.allow_indices().collect();
            deciding.extend(&allows);
            steps.push(step(
                &format!("SCPs, level {}", level + 1),
                "allow",
                format!("allowed by {}", where_(trace, &allows)),
            ));
        }
    }
    if !d.set.rcps.is_empty() {
        steps.push(step(
            "RCPs",
            "allow",
            "no RCP denies; RCPFullAWSAccess, attached at every level, allows the rest",
        ));
    }

    let root = p.kind == PrincipalType::Root;
    let identity_allows: Vec<usize> = d.identity.allow_indices().collect();
    let id_allow = root || !identity_allows.is_empty();
    steps.push(if root {
        step(
            "identity-based policies",
            "allow",
            "the account's root user has full access",
        )
    } else if id_allow {
        step(
            "identity-based policies",
            "allow",
            format!("allowed by {}", where_(trace, &identity_allows)),
        )
    } else {
        step(
            "identity-based policies",
            "no-allow",
            "no identity-based statement allows the request",
        )
    });
    let boundary_allows: Vec<usize> = d
        .boundary
        .map(|b| b.allow_indices().collect())
        .unwrap_or_default();
    let boundary_ok = d.boundary.is_none_or(GroupResult::allowed);
    if d.boundary.is_some() {
        steps.push(if boundary_ok {
            step(
                "permissions boundary",
                "allow",
                format!("allowed by {}", where_(trace, &boundary_allows)),
            )
        } else {
            step(
                "permissions boundary",
                "no-allow",
                "the permissions boundary does not allow the request",
            )
        });
    }
    let session_allows: Vec<usize> = d
        .session
        .map(|s| s.allow_indices().collect())
        .unwrap_or_default();
    let session_ok = match d.session {
        Some(s) => s.allowed(),
        None => p.kind != PrincipalType::FederatedUser,
    };
    match d.session {
        Some(_) => steps.push(if session_ok {
            step(
                "session policy",
                "allow",
                format!("allowed by {}", where_(trace, &session_allows)),
            )
        } else {
            step(
                "session policy",
                "no-allow",
                "the session policy does not allow the request",
            )
        }),
        None if p.kind == PrincipalType::FederatedUser => steps.push(step(
            "session policy",
            "no-allow",
            "a federated-user session without a session policy has no permissions",
        )),
        None => {}
    }
    let identity_path = id_allow && boundary_ok && session_ok;
    let mut identity_side: Vec<usize> = identity_allows.clone();
    identity_side.extend(&boundary_allows);
    identity_side.extend(&session_allows);

    let kind = d.set.resource.as_ref().map(|r| r.kind).unwrap_or_default();
    let resource_allows: Vec<(usize, Option<PrincipalMatch>)> =
        d.resource.map(|r| r.allows.clone()).unwrap_or_default();
    let resource_indices: Vec<usize> = resource_allows.iter().map(|(i, _)| *i).collect();
    let named =
        |f: fn(PrincipalMatch) -> bool| resource_allows.iter().any(|(_, m)| m.is_some_and(f));
    // Only a policy naming the session's own ARN grants to the session
    // "directly", past its boundary and session policy (8.1.4); `"*"` names
    // no session in particular, so for a session it reaches as far as
    // naming its role does.
    let session = matches!(
        p.kind,
        PrincipalType::AssumedRole | PrincipalType::FederatedUser
    );
    let direct = named(|m| m == PrincipalMatch::Exact)
        || (!session && named(|m| m == PrincipalMatch::Wildcard));
    let role_named = named(|m| m == PrincipalMatch::Role)
        || (session && named(|m| m == PrincipalMatch::Wildcard));
    let account_named = named(|m| m == PrincipalMatch::Account);
    match d.resource {
        None => {}
        Some(r) if r.allowed() => steps.push(step(
            "resource-based policy",
            "allow",
            format!("allowed by {}", where_(trace, &resource_indices)),
        )),
        Some(_) => steps.push(step(
            "resource-based policy",
            "no-allow",
            "no statement of the resource-based policy allows the request",
        )),
    }

    if req.is_cross_account() {
        // 8.2: both the principal's account and the resource's policy must allow.
        let resource_ok = !resource_allows.is_empty();
        let accounts = format!(
            "principal account {}, resource account {}",
            p.account.as_deref().unwrap_or("?"),
            req.resource_account.as_deref().unwrap_or("?")
        );
        if !resource_ok {
            let why = if d.resource.is_none() {
                format!(
                    "cross-account request ({accounts}) and no resource-based policy was given: the resource's account must allow it"
                )
            } else {
                format!(
                    "cross-account request ({accounts}): the resource-based policy does not allow it"
                )
            };
            return deny(why, steps, "cross-account");
        }
        if !identity_path {
            return deny(
                format!(
                    "cross-account request ({accounts}): the resource-based policy allows it, but the principal's own account does not"
                ),
                steps,
                "cross-account",
            );
        }
        deciding.extend(&identity_side);
        deciding.extend(&resource_indices);
        deciding.sort_unstable();
        deciding.dedup();
        let reason = format!("allowed: cross-account request ({accounts}) allowed on both sides");
        steps.push(step("cross-account", "allow", reason.clone()));
        return (Decision::Allowed, reason, deciding, steps);
    }

    // 8.1.4: how far a resource-based Allow reaches depends on whom it names.
    let grants_alone = direct
        && matches!(
            p.kind,
            PrincipalType::User
                | PrincipalType::AssumedRole
                | PrincipalType::FederatedUser
                | PrincipalType::Root
                | PrincipalType::Service
                | PrincipalType::Federated
                | PrincipalType::CanonicalUser
                | PrincipalType::Anonymous
        );
    let names_role = role_named || (direct && p.kind == PrincipalType::Role);
    let limited_grant = names_role && boundary_ok && session_ok;
    let resource_path = grants_alone || limited_grant || (account_named && root);
    let must_allow = matches!(
        kind,
        ResourcePolicyKind::Trust | ResourcePolicyKind::KeyPolicy
    );
    let allowed = if must_allow {
        resource_path || (account_named && identity_path)
    } else {
        identity_path || resource_path
    };
    if !allowed {
        let reason = if must_allow && resource_allows.is_empty() {
            let what = if kind == ResourcePolicyKind::Trust {
                "role trust policy"
            } else {
                "key policy"
            };
            if d.resource.is_none() {
                format!("a {what} must allow the principal explicitly, and none was given")
            } else {
                format!("the {what} does not allow the principal")
            }
        } else if must_allow && account_named {
            "the policy delegates to the account, and no identity-based policy (within the boundary and session policy) allows the request".to_string()
        } else if !id_allow && resource_allows.is_empty() {
            "no identity-based or resource-based policy allows the request".to_string()
        } else if !id_allow && account_named {
            "the resource-based policy names only the account, which delegates to identity-based policies, and none allows the request".to_string()
        } else if !boundary_ok {
            "the permissions boundary does not allow the request".to_string()
        } else if !session_ok {
            if d.session.is_some() {
                "the session policy does not allow the request".to_string()
            } else {
                "a federated-user session without a session policy has no permissions".to_string()
            }
        } else {
            "no policy allows the request".to_string()
        };
        return deny(reason, steps, "decision");
    }
    let reason;
    if resource_path && (!identity_path || must_allow) {
        deciding.extend(&resource_indices);
        if names_role && !grants_alone {
            deciding.extend(&boundary_allows);
            deciding.extend(&session_allows);
        }
        reason = if grants_alone {
            "allowed by the resource-based policy, which names the principal".to_string()
        } else {
            "allowed by the resource-based policy, which names the principal's role (within its boundary and session policy)".to_string()
        };
    } else if must_allow {
        deciding.extend(&resource_indices);
        deciding.extend(&identity_side);
        reason = "allowed: the policy delegates to the account and an identity-based policy allows the request".to_string();
    } else {
        deciding.extend(&identity_side);
        reason = if root {
            "allowed: the account's root user has full access".to_string()
        } else {
            "allowed by identity-based policy".to_string()
        };
    }
    deciding.sort_unstable();
    deciding.dedup();
    steps.push(step("decision", "allow", reason.clone()));
    (Decision::Allowed, reason, deciding, steps)
}
