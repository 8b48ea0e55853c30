//! Policy assertions, "unit tests for IAM": a JSON or YAML file listing
//! requests with the decision they must get. Each result keeps the span of
//! its assertion so that a failure can be reported at its place (by
//! `cloudlint can --assertions`, and later as a `check` finding).
//!
//! ```yaml
//! defaults:                      # optional, apply to every assertion
//!   principal: arn:aws:iam::111122223333:role/ci
//!   identity-policies: [policies/ci.json]
//!   permissions-boundary: policies/boundary.json
//!   scps: [org/root.json, [org/ou-a.json, org/ou-a-extra.json]]  # one entry per level
//!   rcps: [org/rcp.json]
//!   resource-policy: buckets/prod.json
//!   resource-policy-kind: generic   # generic | trust | key; inferred when absent
//!   session-policy: session.json
//!   context: {aws:SourceIp: 10.0.0.1}
//! assertions:
//!   - name: the CI role can never delete the prod bucket
//!     action: s3:DeleteBucket
//!     resource: arn:aws:s3:::prod
//!     expect: deny                  # allow | deny | Allowed | ExplicitDeny | ImplicitDeny
//! ```
//!
//! Policy paths are relative to the assertion file. An assertion's own keys
//! replace the defaults' (its `context` keys are added to the defaults').

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::iam::eval::{
    Context, Decision, EvalError, Evaluation, LoadError, Location, PolicyDoc, PolicySet, Request,
    ResourcePolicy, ResourcePolicyKind, Source, evaluate,
};
use crate::iam::policy::PolicyType;
use crate::parse::{Limits, Node, ParseIssueKind, Value, parse};
use crate::span::Span;

/// What an assertion expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Expectation {
    /// `allow` / `Allowed`.
    Allow,
    /// `deny`: either kind of deny.
    Deny,
    ExplicitDeny,
    ImplicitDeny,
}

impl Expectation {
    fn parse(s: &str) -> Option<Expectation> {
        match s.to_ascii_lowercase().as_str() {
            "allow" | "allowed" => Some(Expectation::Allow),
            "deny" | "denied" => Some(Expectation::Deny),
            "explicitdeny" | "explicit-deny" => Some(Expectation::ExplicitDeny),
            "implicitdeny" | "implicit-deny" => Some(Expectation::ImplicitDeny),
            _ => None,
        }
    }

    #[must_use]
    pub fn accepts(self, d: Decision) -> bool {
        match self {
            Expectation::Allow => d == Decision::Allowed,
            Expectation::Deny => d != Decision::Allowed,
            Expectation::ExplicitDeny => d == Decision::ExplicitDeny,
            Expectation::ImplicitDeny => d == Decision::ImplicitDeny,
        }
    }

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Expectation::Allow => "allow",
            Expectation::Deny => "deny",
            Expectation::ExplicitDeny => "ExplicitDeny",
            Expectation::ImplicitDeny => "ImplicitDeny",
        }
    }
}

/// The outcome of one assertion.
#[derive(Debug, Clone)]
pub struct AssertionResult {
    /// The `name`, or `assertion #N`.
    pub name: String,
    /// The span of the assertion in the assertion file, and its location.
    pub span: Span,
    pub location: Location,
    pub expected: Option<Expectation>,
    /// The evaluation, or why the assertion could not be evaluated.
    pub outcome: Result<Evaluation, String>,
}

impl AssertionResult {
    /// Evaluated, and the decision is the expected one.
    #[must_use]
    pub fn passed(&self) -> bool {
        match (&self.outcome, self.expected) {
            (Ok(e), Some(x)) => x.accepts(e.decision),
            _ => false,
        }
    }
}

/// Every assertion of a file.
#[derive(Debug, Clone)]
pub struct AssertionReport {
    pub source: Arc<Source>,
    pub results: Vec<AssertionResult>,
}

impl AssertionReport {
    #[must_use]
    pub fn failed(&self) -> usize {
        self.results.iter().filter(|r| !r.passed()).count()
    }
}

/// Reads and checks an assertion file.
///
/// # Errors
/// The file cannot be read or parsed, or has no `assertions` list.
pub fn run_file(path: &Path) -> Result<AssertionReport, Vec<LoadError>> {
    let name = path.display().to_string();
    let decoded =
        crate::source::read::read_file(path, Limits::default().max_file_size).map_err(|e| {
            vec![LoadError {
                location: Location {
                    file: name.as_str().into(),
                    line: 1,
                    column: 1,
                },
                message: e.message,
            }]
        })?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    run_text(&name, decoded.text, &base)
}

/// Checks assertions given as text; policy paths are relative to `base`.
///
/// # Errors
/// Syntax errors, or no `assertions` list.
pub fn run_text(name: &str, text: String, base: &Path) -> Result<AssertionReport, Vec<LoadError>> {
    let syntax = crate::source::detect::syntax_of(Path::new(name), &text);
    let source = Source::new(name, text);
    let parsed = parse(syntax, &source.text, &Limits::default());
    let fatal: Vec<LoadError> = parsed
        .issues
        .iter()
        .filter(|i| matches!(i.kind, ParseIssueKind::Syntax | ParseIssueKind::Limit))
        .map(|i| LoadError {
            location: source.location(i.span),
            message: i.message.clone(),
        })
        .collect();
    let Some(root) = parsed.root.filter(|_| fatal.is_empty()) else {
        return Err(fatal);
    };
    let Some(list) = root.get("assertions").filter(|l| l.is_array()) else {
        return Err(vec![LoadError {
            location: source.location(root.span),
            message: "an assertion file needs an `assertions` list".to_string(),
        }]);
    };
    let mut runner = Runner {
        base: base.to_path_buf(),
        cache: HashMap::new(),
    };
    let defaults = root.get("defaults");
    let results = list
        .items()
        .iter()
        .enumerate()
        .map(|(i, item)| runner.assertion(&source, defaults, item, i))
        .collect();
    Ok(AssertionReport { source, results })
}

struct Runner {
    base: PathBuf,
    cache: HashMap<(PathBuf, PolicyType), Result<PolicyDoc, String>>,
}

/// A key of the assertion, else of the defaults.
fn field<'a>(item: &'a Node, defaults: Option<&'a Node>, key: &str) -> Option<&'a Node> {
    item.get(key).or_else(|| defaults.and_then(|d| d.get(key)))
}

fn text(node: &Node, what: &str) -> Result<String, String> {
    node.scalar_text()
        .map(|t| t.into_owned())
        .ok_or_else(|| format!("`{what}` must be a string, not a {}", node.type_name()))
}

impl Runner {
    fn assertion(
        &mut self,
        source: &Source,
        defaults: Option<&Node>,
        item: &Node,
        index: usize,
    ) -> AssertionResult {
        let name = item
            .get("name")
            .and_then(Node::scalar_text)
            .map_or_else(|| format!("assertion #{}", index + 1), |n| n.into_owned());
        let expected = item
            .get("expect")
            .and_then(Node::as_str)
            .and_then(Expectation::parse);
        let outcome = if item.get("expect").is_none() {
            Err("the assertion has no `expect` (allow or deny)".to_string())
        } else if expected.is_none() {
            Err("`expect` must be `allow` or `deny` (or ExplicitDeny / ImplicitDeny)".to_string())
        } else {
            self.evaluate(defaults, item)
        };
        AssertionResult {
            name,
            span: item.span,
            location: source.location(item.span),
            expected,
            outcome,
        }
    }

    fn evaluate(&mut self, defaults: Option<&Node>, item: &Node) -> Result<Evaluation, String> {
        let required = |key: &str| -> Result<String, String> {
            let node = field(item, defaults, key)
                .ok_or_else(|| format!("the assertion has no `{key}`"))?;
            text(node, key)
        };
        let principal = required("principal")?;
        let action = required("action")?;
        let resource = required("resource")?;
        let mut context = Context::default();
        for ctx in [defaults.and_then(|d| d.get("context")), item.get("context")]
            .into_iter()
            .flatten()
        {
            add_context(&mut context, ctx)?;
        }
        let resource_account = field(item, defaults, "resource-account")
            .map(|n| text(n, "resource-account"))
            .transpose()?;
        let request = Request::new(&principal, &action, &resource)?
            .with_context(context)
            .with_resource_account(resource_account);
        let set = self.policy_set(defaults, item, &action, &resource)?;
        evaluate(&set, &request).map_err(|e: EvalError| e.to_string())
    }

    fn policy_set(
        &mut self,
        defaults: Option<&Node>,
        item: &Node,
        action: &str,
        resource: &str,
    ) -> Result<PolicySet, String> {
        let mut set = PolicySet::default();
        if let Some(n) = field(item, defaults, "identity-policies") {
            for p in n.one_or_many() {
                set.identity.push(self.load(p, PolicyType::Identity)?);
            }
        }
        if let Some(n) = field(item, defaults, "permissions-boundary") {
            set.permissions_boundary = Some(self.load(n, PolicyType::PermissionsBoundary)?);
        }
        if let Some(n) = field(item, defaults, "session-policy") {
            set.session = Some(self.load(n, PolicyType::Session)?);
        }
        for (key, ty) in [("scps", PolicyType::Scp), ("rcps", PolicyType::Rcp)] {
            if let Some(n) = field(item, defaults, key) {
                let mut levels = Vec::new();
                for level in n.one_or_many() {
                    let docs = level
                        .one_or_many()
                        .iter()
                        .map(|p| self.load(p, ty))
                        .collect::<Result<Vec<_>, _>>()?;
                    levels.push(docs);
                }
                if ty == PolicyType::Scp {
                    set.scps = levels;
                } else {
                    set.rcps = levels;
                }
            }
        }
        if let Some(n) = field(item, defaults, "resource-policy") {
            let kind = match field(item, defaults, "resource-policy-kind") {
                None => ResourcePolicyKind::infer(action, resource),
                Some(k) => parse_kind(&text(k, "resource-policy-kind")?)?,
            };
            let ty = if kind == ResourcePolicyKind::Trust {
                PolicyType::Trust
            } else {
                PolicyType::Resource
            };
            set.resource = Some(ResourcePolicy {
                doc: self.load(n, ty)?,
                kind,
            });
        }
        Ok(set)
    }

    fn load(&mut self, node: &Node, ty: PolicyType) -> Result<PolicyDoc, String> {
        let rel = text(node, "policy path")?;
        let path = self.base.join(&rel);
        self.cache
            .entry((path.clone(), ty))
            .or_insert_with(|| {
                PolicyDoc::from_file(&path, ty).map_err(|errors| {
                    errors
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; ")
                })
            })
            .clone()
    }
}

/// `generic`, `trust` or `key`.
///
/// # Errors
/// Any other name.
pub fn parse_kind(s: &str) -> Result<ResourcePolicyKind, String> {
    match s.to_ascii_lowercase().as_str() {
        "generic" | "resource" => Ok(ResourcePolicyKind::Generic),
        "trust" => Ok(ResourcePolicyKind::Trust),
        "key" | "key-policy" | "kms" => Ok(ResourcePolicyKind::KeyPolicy),
        _ => Err(format!(
            "`{s}` is not a resource policy kind (generic, trust, key)"
        )),
    }
}

/// Adds a JSON/YAML object of context keys: a scalar is one value, a list
/// makes the key multivalued.
///
/// # Errors
/// A value that is an object, or a non-object.
pub fn add_context(context: &mut Context, node: &Node) -> Result<(), String> {
    let Value::Object(members) = &node.value else {
        return Err(format!(
            "the context must be an object of keys, not a {}",
            node.type_name()
        ));
    };
    for m in members {
        let values = match &m.value.value {
            Value::Array(items) => items
                .iter()
                .map(|i| text(i, &m.key))
                .collect::<Result<Vec<_>, _>>()?,
            _ => vec![text(&m.value, &m.key)?],
        };
        context.set(&m.key, values);
    }
    Ok(())
}
