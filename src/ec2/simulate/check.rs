//! One authorization check of the simulation: a request decided by the IAM
//! evaluator, with the statements that decided it.

use serde::Serialize;

use crate::iam::eval::{
    Context, ContextEntry, Decision, Effect, Element, Evaluation, PolicySet, Request, evaluate,
};

/// A statement that decided a check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementRef {
    /// `file:line:column`.
    pub location: String,
    /// `statement "Sid"` or `statement #N`.
    pub statement: String,
    /// `identity-based policy`, `resource-based policy` (the key policy), `SCP` …
    pub policy: &'static str,
    pub effect: String,
}

/// One request decided by the IAM evaluator.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// Position in the whole trace, from 1.
    pub step: usize,
    pub action: String,
    pub resource: String,
    /// What the check is about: `the instance`, `volume /dev/sdf` …
    pub about: String,
    /// Why the request is made, when it is one EC2 makes on the caller's behalf.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    pub principal: String,
    /// The context keys the request carries (those derived from the principal omitted).
    pub context: Vec<ContextEntry>,
    pub decision: Decision,
    pub reason: String,
    pub deciding: Vec<StatementRef>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing_context_keys: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// For a denied check: the step of the decision procedure that refused
    /// (`explicit deny`, `SCPs`, `permissions boundary`, `identity-based policies` …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refused_at: Option<String>,
    /// For a denied check: Allow statements that match but for a condition.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub near_misses: Vec<String>,
    /// For a denied check: which policy would have to grant it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    /// The fix with `{action}` for the action, to merge checks that differ only by it.
    #[serde(skip)]
    pub fix_template: Option<String>,
}

impl Check {
    #[must_use]
    pub fn allowed(&self) -> bool {
        self.decision.is_allowed()
    }
}

/// What to ask the evaluator.
pub struct Ask<'a> {
    pub principal: &'a str,
    pub action: &'a str,
    pub resource: String,
    pub about: String,
    pub purpose: Option<String>,
    pub context: Context,
    pub notes: Vec<String>,
}

/// Decides `ask` against `set`.
///
/// # Errors
/// A principal or action the evaluator cannot read, or a context value of
/// the wrong type for a condition.
pub fn decide(set: &PolicySet, ask: Ask<'_>) -> Result<(Check, Evaluation), String> {
    let request = Request::new(ask.principal, ask.action, &ask.resource)?.with_context(ask.context);
    let evaluation = evaluate(set, &request).map_err(|e| e.to_string())?;
    let deciding = evaluation
        .deciding_statements()
        .map(|t| StatementRef {
            location: t.location.to_string(),
            statement: t.label(),
            policy: t.group.label(),
            effect: format!("{:?}", t.effect),
        })
        .collect();
    let check = Check {
        step: 0,
        action: ask.action.to_string(),
        resource: ask.resource,
        about: ask.about,
        purpose: ask.purpose,
        principal: ask.principal.to_string(),
        context: request.context.iter().cloned().collect(),
        decision: evaluation.decision,
        reason: evaluation.reason.clone(),
        deciding,
        missing_context_keys: evaluation.missing_context_keys.clone(),
        notes: ask.notes,
        near_misses: if evaluation.decision.is_allowed() {
            Vec::new()
        } else {
            near_misses(&evaluation)
        },
        refused_at: (!evaluation.decision.is_allowed())
            .then(|| refusing_step(&evaluation).map(str::to_string))
            .flatten(),
        fix: None,
        fix_template: None,
    };
    Ok((check, evaluation))
}

/// The step of the decision procedure that refused, if any (`SCPs`,
/// `permissions boundary` …).
#[must_use]
pub fn refusing_step(evaluation: &Evaluation) -> Option<&str> {
    evaluation
        .steps
        .iter()
        .find(|s| s.outcome == "no-allow" || s.outcome == "deny")
        .map(|s| s.name.as_str())
}

/// Where the explicit Deny statements that decided are.
#[must_use]
pub fn deny_locations(check: &Check) -> String {
    check
        .deciding
        .iter()
        .map(|s| format!("{} {} ({})", s.location, s.statement, s.policy))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Allow statements whose action, resource and principal match but whose
/// condition does not: usually the statement the author meant to grant with.
fn near_misses(evaluation: &Evaluation) -> Vec<String> {
    evaluation
        .trace
        .iter()
        .filter(|t| t.effect == Effect::Allow && t.failed == Some(Element::Condition))
        .map(|t| {
            format!(
                "{} {} ({}) matches but for its condition: {}",
                t.location,
                t.label(),
                t.group.label(),
                t.reason
            )
        })
        .collect()
}
