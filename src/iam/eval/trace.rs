//! The answer to a request: the decision, the statements that decided it,
//! the decision procedure's steps, and a trace of every statement considered.

use std::borrow::Cow;

use serde::Serialize;

use super::compile::Effect;
use super::policy_set::Location;

/// The three outcomes of AWS's evaluation logic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Decision {
    Allowed,
    ExplicitDeny,
    ImplicitDeny,
}

impl Decision {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allowed => "Allowed",
            Decision::ExplicitDeny => "ExplicitDeny",
            Decision::ImplicitDeny => "ImplicitDeny",
        }
    }

    #[must_use]
    pub fn is_allowed(self) -> bool {
        self == Decision::Allowed
    }
}

impl std::fmt::Display for Decision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The kind of policy a statement belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PolicyGroup {
    Scp,
    Rcp,
    Resource,
    Identity,
    PermissionsBoundary,
    Session,
}

impl PolicyGroup {
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            PolicyGroup::Scp => "SCP",
            PolicyGroup::Rcp => "RCP",
            PolicyGroup::Resource => "resource-based policy",
            PolicyGroup::Identity => "identity-based policy",
            PolicyGroup::PermissionsBoundary => "permissions boundary",
            PolicyGroup::Session => "session policy",
        }
    }
}

/// The statement element that did not match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Element {
    Action,
    NotAction,
    Resource,
    NotResource,
    Principal,
    NotPrincipal,
    Condition,
}

/// One condition of a statement, as evaluated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConditionTrace {
    /// The operator as written.
    pub operator: String,
    pub key: String,
    pub location: Location,
    /// The request's values; `null` when the key is absent.
    pub request_values: Option<Vec<String>>,
    /// The policy's values after variable substitution.
    pub policy_values: Vec<String>,
    pub matched: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One statement considered for the request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatementTrace {
    pub group: PolicyGroup,
    /// The organisation level of an SCP or RCP (0 = root).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<usize>,
    pub location: Location,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// The statement's position in its policy's `Statement` list.
    pub index: usize,
    pub effect: Effect,
    /// Action, resource, principal and every condition matched.
    pub matched: bool,
    /// The first element that did not match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failed: Option<Element>,
    /// Where the element that did not match is written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failed_at: Option<Location>,
    /// Why it matched or not, in words.
    pub reason: Cow<'static, str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<ConditionTrace>,
}

impl StatementTrace {
    /// `Sid "X"` or `statement #N`, for messages.
    #[must_use]
    pub fn label(&self) -> String {
        match &self.sid {
            Some(s) if !s.is_empty() => format!("statement \"{s}\""),
            _ => format!("statement #{}", self.index + 1),
        }
    }
}

/// One step of the decision procedure (iam-semantics.md 8.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub name: String,
    /// `allow`, `deny`, `no-allow`, `not-applicable`.
    pub outcome: &'static str,
    pub detail: String,
}

/// A decision with its explanation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    pub decision: Decision,
    /// The decision in one sentence.
    pub reason: String,
    /// Indices into `trace` of the statements that decided.
    pub deciding: Vec<usize>,
    pub steps: Vec<Step>,
    pub trace: Vec<StatementTrace>,
    /// Context keys that conditions or variables of the relevant statements
    /// test but the request does not carry, sorted.
    pub missing_context_keys: Vec<String>,
    pub warnings: Vec<String>,
    /// Statements skipped without a full check because no action of theirs
    /// names the request's service.
    pub skipped_statements: usize,
}

impl Evaluation {
    /// The deciding statements.
    pub fn deciding_statements(&self) -> impl Iterator<Item = &StatementTrace> {
        self.deciding.iter().filter_map(|&i| self.trace.get(i))
    }
}

/// Why a request could not be evaluated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalError {
    pub message: String,
    pub location: Option<Location>,
}

impl std::fmt::Display for EvalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.location {
            Some(l) => write!(f, "{l}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for EvalError {}
