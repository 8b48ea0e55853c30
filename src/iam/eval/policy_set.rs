//! The policies that apply to a request, each with the file (or template) it
//! came from, so that a trace can say `file:line`.

use std::path::Path;
use std::sync::Arc;

use crate::iam::policy::{Policy, PolicyType};
use crate::parse::{Limits, Node, ParseIssueKind, parse};
use crate::span::{LineIndex, Span};

use super::compile::{CompiledPolicy, PolicyError, compile};

/// A text that policies were read from: a policy file, or a template that
/// embeds several.
#[derive(Debug)]
pub struct Source {
    /// A path or another name for messages.
    pub name: Arc<str>,
    pub text: String,
    pub lines: LineIndex,
}

impl Source {
    #[must_use]
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Arc<Source> {
        let text = text.into();
        let lines = LineIndex::new(&text);
        Arc::new(Source {
            name: Arc::from(name.into()),
            text,
            lines,
        })
    }

    /// `name:line:column` of a byte offset.
    #[must_use]
    pub fn location(&self, span: Span) -> Location {
        let lc = self.lines.line_col(&self.text, span.start);
        Location {
            file: Arc::clone(&self.name),
            line: lc.line,
            column: lc.column,
        }
    }
}

/// A position in a source, for traces and errors.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Location {
    #[serde(serialize_with = "serialize_file")]
    pub file: Arc<str>,
    pub line: u32,
    pub column: u32,
}

fn serialize_file<S: serde::Serializer>(file: &Arc<str>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(file)
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// The locations of a statement and of its elements.
#[derive(Debug, Clone)]
pub(crate) struct StatementLocations {
    pub statement: Location,
    pub action: Location,
    pub resource: Location,
    pub principal: Location,
    /// One per compiled condition, in order.
    pub conditions: Vec<Location>,
}

/// A problem loading a policy, at a place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub location: Location,
    pub message: String,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// One policy document, read and converted for evaluation.
#[derive(Debug, Clone)]
pub struct PolicyDoc {
    pub source: Arc<Source>,
    pub policy: Policy,
    pub policy_type: PolicyType,
    pub(crate) compiled: CompiledPolicy,
    /// Where each compiled statement and its elements are, computed once.
    pub(crate) statement_locations: Vec<StatementLocations>,
}

impl PolicyDoc {
    /// Converts the policy at `node` (a whole file or a part of a template
    /// whose spans refer to `source`).
    ///
    /// # Errors
    /// Whatever AWS would reject, each with its location.
    pub fn from_node(
        source: Arc<Source>,
        node: &Node,
        policy_type: PolicyType,
    ) -> Result<PolicyDoc, Vec<LoadError>> {
        let policy = Policy::from_node(node);
        let compiled = compile(&policy, policy_type).map_err(|errors| located(&source, errors))?;
        let statement_locations = compiled
            .statements
            .iter()
            .map(|s| StatementLocations {
                statement: source.location(s.span),
                action: source.location(s.action_span),
                resource: source.location(s.resource_span),
                principal: source.location(s.principal_span),
                conditions: s
                    .conditions
                    .iter()
                    .map(|c| source.location(c.key_span))
                    .collect(),
            })
            .collect();
        Ok(PolicyDoc {
            source,
            policy,
            policy_type,
            compiled,
            statement_locations,
        })
    }

    /// Parses a policy text (JSON or YAML) named `name`.
    ///
    /// # Errors
    /// Syntax errors and whatever [`PolicyDoc::from_node`] rejects.
    pub fn from_text(
        name: &str,
        text: &str,
        policy_type: PolicyType,
    ) -> Result<PolicyDoc, Vec<LoadError>> {
        let source = Source::new(name, text);
        let syntax = crate::source::detect::syntax_of(Path::new(name), text);
        let parsed = parse(syntax, &source.text, &Limits::default());
        let fatal: Vec<_> = parsed
            .issues
            .iter()
            .filter(|i| matches!(i.kind, ParseIssueKind::Syntax | ParseIssueKind::Limit))
            .collect();
        let Some(root) = parsed.root.as_ref().filter(|_| fatal.is_empty()) else {
            return Err(fatal
                .iter()
                .map(|i| LoadError {
                    location: source.location(i.span),
                    message: i.message.clone(),
                })
                .collect());
        };
        PolicyDoc::from_node(Arc::clone(&source), root, policy_type)
    }

    /// Reads and parses a policy file.
    ///
    /// # Errors
    /// The file cannot be read, or [`PolicyDoc::from_text`] fails.
    pub fn from_file(path: &Path, policy_type: PolicyType) -> Result<PolicyDoc, Vec<LoadError>> {
        let name = path.display().to_string();
        let decoded = crate::source::read::read_file(path, Limits::default().max_file_size)
            .map_err(|e| {
                vec![LoadError {
                    location: Location {
                        file: Arc::from(name.as_str()),
                        line: 1,
                        column: 1,
                    },
                    message: e.message,
                }]
            })?;
        PolicyDoc::from_text(&name, &decoded.text, policy_type)
    }

    /// The name of the source.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.source.name
    }
}

fn located(source: &Source, errors: Vec<PolicyError>) -> Vec<LoadError> {
    errors
        .into_iter()
        .map(|e| LoadError {
            location: source.location(e.span),
            message: e.message,
        })
        .collect()
}

/// How a resource-based policy is evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ResourcePolicyKind {
    /// A bucket, queue, topic, secret … policy: same-account access is the
    /// union of identity and resource policies.
    #[default]
    Generic,
    /// A role trust policy: it must allow the principal explicitly.
    Trust,
    /// A KMS key policy: it must allow the principal explicitly.
    KeyPolicy,
}

impl ResourcePolicyKind {
    /// The kind implied by the request: `sts:AssumeRole*` on a role is
    /// governed by the role's trust policy, any request on a KMS key by its
    /// key policy.
    #[must_use]
    pub fn infer(action: &str, resource: &str) -> ResourcePolicyKind {
        let action = action.to_ascii_lowercase();
        if action.starts_with("sts:assumerole") {
            return ResourcePolicyKind::Trust;
        }
        match super::arn::Arn::parse(resource) {
            Some(a) if a.service == "kms" && a.resource.starts_with("key/") => {
                ResourcePolicyKind::KeyPolicy
            }
            _ => ResourcePolicyKind::Generic,
        }
    }
}

/// A resource-based policy and how to evaluate it.
#[derive(Debug, Clone)]
pub struct ResourcePolicy {
    pub doc: PolicyDoc,
    pub kind: ResourcePolicyKind,
}

/// Every policy that applies to one request.
#[derive(Debug, Clone, Default)]
pub struct PolicySet {
    /// The principal's identity-based policies (user, its groups, or role).
    pub identity: Vec<PolicyDoc>,
    pub resource: Option<ResourcePolicy>,
    pub permissions_boundary: Option<PolicyDoc>,
    /// The SCPs of each organisation level, root first, the account last.
    /// Every level needs an `Allow`.
    pub scps: Vec<Vec<PolicyDoc>>,
    /// The RCPs of each organisation level, root first. `RCPFullAWSAccess`
    /// is attached at every level implicitly (it cannot be detached), so
    /// RCPs only deny.
    pub rcps: Vec<Vec<PolicyDoc>>,
    pub session: Option<PolicyDoc>,
}
