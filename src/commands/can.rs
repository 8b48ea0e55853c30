//! `cloudlint can`: decide a request offline and explain the decision, or
//! check a file of policy assertions.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use crate::iam::assertions::{self, AssertionReport, add_context, parse_kind};
use crate::iam::eval::{
    Context, Decision, Evaluation, LoadError, PolicyDoc, PolicySet, Request, ResourcePolicy,
    ResourcePolicyKind, StatementTrace, evaluate,
};
use crate::iam::policy::PolicyType;
use crate::parse::{Limits, ParseIssueKind, parse};

/// Exit statuses of `can`.
pub const EXIT_ALLOWED: u8 = 0;
pub const EXIT_DENIED: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CanFormat {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct CanArgs {
    /// The caller: an IAM user, role, role session or root ARN, an account id, or a service principal.
    #[arg(long, required_unless_present = "assertions")]
    pub principal: Option<String>,
    /// The action, `service:ActionName`.
    #[arg(long, required_unless_present = "assertions")]
    pub action: Option<String>,
    /// The resource ARN (repeatable: one answer each).
    #[arg(long, required_unless_present = "assertions")]
    pub resource: Vec<String>,
    /// A request context value, `KEY=VALUE`; repeat a key for a multivalued key.
    #[arg(long, value_name = "KEY=VALUE")]
    pub context: Vec<String>,
    /// A JSON object of context keys; a list value makes a multivalued key.
    #[arg(long, value_name = "FILE")]
    pub context_file: Option<PathBuf>,
    /// An identity-based policy of the principal (repeatable).
    #[arg(long, value_name = "FILE")]
    pub identity_policy: Vec<PathBuf>,
    /// The resource-based policy (bucket, key, queue policy, or the role's trust policy).
    #[arg(long, value_name = "FILE")]
    pub resource_policy: Option<PathBuf>,
    /// How to evaluate the resource policy: `generic`, `trust` (role trust
    /// policy) or `key` (KMS key policy); inferred from the action and resource by default.
    #[arg(long, value_name = "KIND")]
    pub resource_policy_kind: Option<String>,
    /// The account that owns the resource, for ARNs without an account field (S3).
    #[arg(long, value_name = "ACCOUNT")]
    pub resource_account: Option<String>,
    /// The principal's permissions boundary.
    #[arg(long, value_name = "FILE")]
    pub permissions_boundary: Option<PathBuf>,
    /// The SCPs of one organisation level, root first (repeat per level; comma-separate several SCPs of one level).
    #[arg(long, value_name = "FILE[,FILE]")]
    pub scp: Vec<String>,
    /// The RCPs of one organisation level, root first (as `--scp`).
    #[arg(long, value_name = "FILE[,FILE]")]
    pub rcp: Vec<String>,
    /// The session policy passed when the session was created.
    #[arg(long, value_name = "FILE")]
    pub session_policy: Option<PathBuf>,
    /// Check the requests of an assertion file (JSON or YAML) instead.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["principal", "action", "resource"])]
    pub assertions: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = CanFormat::Human)]
    pub format: CanFormat,
}

fn error(message: &str) -> u8 {
    let _ = writeln!(std::io::stderr(), "cloudlint: error: {message}");
    EXIT_ERROR
}

fn load_errors(errors: &[LoadError]) -> u8 {
    let mut err = std::io::stderr().lock();
    for e in errors {
        let _ = writeln!(err, "cloudlint: error: {e}");
    }
    EXIT_ERROR
}

/// Runs `cloudlint can`; returns the exit status.
#[must_use]
pub fn run(args: &CanArgs) -> u8 {
    if let Some(path) = &args.assertions {
        return run_assertions(path, args.format);
    }
    let (Some(principal), Some(action)) = (&args.principal, &args.action) else {
        return error("--principal, --action and --resource are required");
    };
    let action_note = unknown_action_note(action);
    let context = match read_context(args) {
        Ok(c) => c,
        Err(e) => return error(&e),
    };
    let mut results = Vec::new();
    for resource in &args.resource {
        let request = match Request::new(principal, action, resource) {
            Ok(r) => r
                .with_context(context.clone())
                .with_resource_account(args.resource_account.clone()),
            Err(e) => return error(&e),
        };
        let (set, mut notes) = match policy_set(args, action, resource) {
            Ok(s) => s,
            Err(errors) => return load_errors(&errors),
        };
        match evaluate(&set, &request) {
            Ok(mut evaluation) => {
                evaluation.warnings.append(&mut notes);
                evaluation.warnings.extend(action_note.clone());
                results.push((request, evaluation));
            }
            Err(e) => return error(&e.to_string()),
        }
    }
    let overall = combined(results.iter().map(|(_, e)| e.decision));
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        CanFormat::Json => serde_json::to_writer_pretty(&mut out, &json_report(overall, &results))
            .map_err(std::io::Error::other)
            .and_then(|()| writeln!(out)),
        CanFormat::Human => out.write_all(human_report(&results).as_bytes()),
    };
    if written.is_err() {
        return EXIT_ERROR;
    }
    if overall.is_allowed() {
        EXIT_ALLOWED
    } else {
        EXIT_DENIED
    }
}

/// A warning when the action is not in the embedded catalogue: AWS would
/// answer for no such action, so a typo decides nothing.
fn unknown_action_note(action: &str) -> Option<String> {
    let catalog = crate::iam::catalog::Catalog::get();
    if catalog.find_action(action).is_some() {
        return None;
    }
    let (prefix, name) = action.split_once(':')?;
    let Some(service) = catalog.service(prefix) else {
        return Some(format!(
            "`{prefix}` is not a service prefix of the IAM action catalogue"
        ));
    };
    let hint = crate::suggest::hint(name, service.actions.iter().map(|a| a.name));
    Some(format!(
        "`{action}` is not an action of the IAM action catalogue{hint}"
    ))
}

/// Allowed when every answer is; an explicit deny anywhere wins.
fn combined(decisions: impl Iterator<Item = Decision>) -> Decision {
    decisions.fold(Decision::Allowed, |acc, d| match (acc, d) {
        (Decision::ExplicitDeny, _) | (_, Decision::ExplicitDeny) => Decision::ExplicitDeny,
        (Decision::ImplicitDeny, _) | (_, Decision::ImplicitDeny) => Decision::ImplicitDeny,
        _ => Decision::Allowed,
    })
}

fn read_context(args: &CanArgs) -> Result<Context, String> {
    let mut context = Context::default();
    if let Some(path) = &args.context_file {
        let decoded = crate::source::read::read_file(path, Limits::default().max_file_size)
            .map_err(|e| format!("{}: {}", path.display(), e.message))?;
        let syntax = crate::source::detect::syntax_of(path, &decoded.text);
        let parsed = parse(syntax, &decoded.text, &Limits::default());
        let index = crate::span::LineIndex::new(&decoded.text);
        if let Some(issue) = parsed
            .issues
            .iter()
            .find(|i| matches!(i.kind, ParseIssueKind::Syntax | ParseIssueKind::Limit))
        {
            let lc = index.line_col(&decoded.text, issue.span.start);
            return Err(format!(
                "{}:{}:{}: {}",
                path.display(),
                lc.line,
                lc.column,
                issue.message
            ));
        }
        let root = parsed.root.unwrap_or_default();
        add_context(&mut context, &root).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    // Flag values after the file; repeating a key adds values.
    let mut from_flags = Context::default();
    for kv in &args.context {
        let Some((k, v)) = kv.split_once('=') else {
            return Err(format!("--context `{kv}` must be KEY=VALUE"));
        };
        if k.is_empty() {
            return Err(format!("--context `{kv}` has an empty key"));
        }
        from_flags.add(k, v);
    }
    for entry in from_flags.iter() {
        context.set(&entry.name, entry.values.clone());
    }
    Ok(context)
}

fn load(path: &Path, ty: PolicyType) -> Result<PolicyDoc, Vec<LoadError>> {
    PolicyDoc::from_file(path, ty)
}

fn levels(specs: &[String], ty: PolicyType) -> Result<Vec<Vec<PolicyDoc>>, Vec<LoadError>> {
    specs
        .iter()
        .map(|spec| {
            spec.split(',')
                .filter(|p| !p.is_empty())
                .map(|p| load(Path::new(p), ty))
                .collect()
        })
        .collect()
}

fn policy_set(
    args: &CanArgs,
    action: &str,
    resource: &str,
) -> Result<(PolicySet, Vec<String>), Vec<LoadError>> {
    let mut notes = Vec::new();
    let mut set = PolicySet {
        identity: args
            .identity_policy
            .iter()
            .map(|p| load(p, PolicyType::Identity))
            .collect::<Result<_, _>>()?,
        scps: levels(&args.scp, PolicyType::Scp)?,
        rcps: levels(&args.rcp, PolicyType::Rcp)?,
        ..PolicySet::default()
    };
    if let Some(p) = &args.permissions_boundary {
        set.permissions_boundary = Some(load(p, PolicyType::PermissionsBoundary)?);
    }
    if let Some(p) = &args.session_policy {
        set.session = Some(load(p, PolicyType::Session)?);
    }
    let kind = match &args.resource_policy_kind {
        Some(k) => parse_kind(k).map_err(|message| {
            vec![LoadError {
                location: crate::iam::eval::Location {
                    file: "--resource-policy-kind".into(),
                    line: 1,
                    column: 1,
                },
                message,
            }]
        })?,
        None => ResourcePolicyKind::infer(action, resource),
    };
    match &args.resource_policy {
        Some(p) => {
            let ty = if kind == ResourcePolicyKind::Trust { PolicyType::Trust } else { PolicyType::Resource };
            set.resource = Some(ResourcePolicy { doc: load(p, ty)?, kind });
        }
        None if kind == ResourcePolicyKind::Trust => notes.push(
            "no role trust policy given (--resource-policy): AWS also requires the role's trust policy to allow the principal"
                .to_string(),
        ),
        None if kind == ResourcePolicyKind::KeyPolicy => notes.push(
            "no key policy given (--resource-policy): AWS also requires the KMS key policy to allow the principal or its account"
                .to_string(),
        ),
        None => {}
    }
    Ok((set, notes))
}

fn json_report(overall: Decision, results: &[(Request, Evaluation)]) -> serde_json::Value {
    let items: Vec<serde_json::Value> = results
        .iter()
        .map(|(r, e)| {
            let mut v = serde_json::to_value(e).unwrap_or_default();
            if let Some(obj) = v.as_object_mut() {
                obj.insert(
                    "request".to_string(),
                    serde_json::json!({
                        "principal": r.principal.id,
                        "principal_type": r.principal.kind,
                        "principal_account": r.principal.account,
                        "action": r.action,
                        "resource": r.resource,
                        "resource_account": r.resource_account,
                        "context": r.context.iter().collect::<Vec<_>>(),
                    }),
                );
                let deciding: Vec<&StatementTrace> = e.deciding_statements().collect();
                obj.insert(
                    "deciding_statements".to_string(),
                    serde_json::to_value(deciding).unwrap_or_default(),
                );
            }
            v
        })
        .collect();
    serde_json::json!({ "decision": overall.as_str(), "results": items })
}

fn human_report(results: &[(Request, Evaluation)]) -> String {
    let mut s = String::new();
    for (i, (r, e)) in results.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        let _ = writeln!(
            s,
            "{}: {} {} on {}",
            e.decision, r.principal.id, r.action, r.resource
        );
        let _ = writeln!(s, "  {}", e.reason);
        if !e.deciding.is_empty() {
            let _ = writeln!(s, "\ndeciding statements:");
            for t in e.deciding_statements() {
                let _ = writeln!(
                    s,
                    "  {}: {} ({}, {:?})",
                    t.location,
                    t.label(),
                    t.group.label(),
                    t.effect
                );
            }
        }
        let _ = writeln!(s, "\nsteps:");
        for st in &e.steps {
            let _ = writeln!(s, "  {:<24} {:<15} {}", st.name, st.outcome, st.detail);
        }
        let _ = writeln!(
            s,
            "\nstatements considered ({}; {} more skipped: no action of theirs names the service):",
            e.trace.len(),
            e.skipped_statements
        );
        for t in &e.trace {
            let mark = if t.matched { "match   " } else { "no match" };
            let level = t
                .level
                .map(|l| format!(" level {}", l + 1))
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "  {mark} {}: {} ({}{level}, {:?}): {}",
                t.location,
                t.label(),
                t.group.label(),
                t.effect,
                t.reason
            );
            for c in &t.conditions {
                let request = c
                    .request_values
                    .as_ref()
                    .map_or_else(|| "(absent)".to_string(), |v| format!("{v:?}"));
                let _ = writeln!(
                    s,
                    "      {} {}:{} {} request {request} policy {:?}{}",
                    if c.matched { "true " } else { "false" },
                    c.location.line,
                    c.location.column,
                    format_args!("{} {}", c.operator, c.key),
                    c.policy_values,
                    c.note
                        .as_ref()
                        .map(|n| format!(" — {n}"))
                        .unwrap_or_default()
                );
            }
        }
        if !e.missing_context_keys.is_empty() {
            let _ = writeln!(s, "\ncontext keys the policies test but the request lacks:");
            for k in &e.missing_context_keys {
                let _ = writeln!(s, "  {k}");
            }
        }
        if !e.warnings.is_empty() {
            let _ = writeln!(s, "\nwarnings:");
            for w in &e.warnings {
                let _ = writeln!(s, "  {w}");
            }
        }
    }
    s
}

fn run_assertions(path: &Path, format: CanFormat) -> u8 {
    let report = match assertions::run_file(path) {
        Ok(r) => r,
        Err(errors) => return load_errors(&errors),
    };
    let mut out = std::io::stdout().lock();
    let written = match format {
        CanFormat::Json => serde_json::to_writer_pretty(&mut out, &assertions_json(&report))
            .map_err(std::io::Error::other)
            .and_then(|()| writeln!(out)),
        CanFormat::Human => out.write_all(assertions_human(&report).as_bytes()),
    };
    if written.is_err() {
        return EXIT_ERROR;
    }
    if report.results.iter().any(|r| r.outcome.is_err()) {
        EXIT_ERROR
    } else if report.failed() > 0 {
        EXIT_DENIED
    } else {
        EXIT_ALLOWED
    }
}

fn assertions_human(report: &AssertionReport) -> String {
    let mut s = String::new();
    for r in &report.results {
        match (&r.outcome, r.expected) {
            (Ok(e), Some(x)) if x.accepts(e.decision) => {}
            (Ok(e), x) => {
                let _ = writeln!(
                    s,
                    "{}: assertion failed: {}: expected {}, got {} ({})",
                    r.location,
                    r.name,
                    x.map_or("?", |x| x.as_str()),
                    e.decision,
                    e.reason
                );
                for t in e.deciding_statements() {
                    let _ = writeln!(
                        s,
                        "  decided by {}: {} ({})",
                        t.location,
                        t.label(),
                        t.group.label()
                    );
                }
            }
            (Err(msg), _) => {
                let _ = writeln!(s, "{}: assertion error: {}: {msg}", r.location, r.name);
            }
        }
    }
    let failed = report.failed();
    let _ = writeln!(
        s,
        "{} assertion{}, {} passed, {failed} failed",
        report.results.len(),
        if report.results.len() == 1 { "" } else { "s" },
        report.results.len() - failed
    );
    s
}

fn assertions_json(report: &AssertionReport) -> serde_json::Value {
    let results: Vec<serde_json::Value> = report
        .results
        .iter()
        .map(|r| {
            serde_json::json!({
                "name": r.name,
                "location": r.location,
                "expect": r.expected,
                "passed": r.passed(),
                "decision": r.outcome.as_ref().ok().map(|e| e.decision.as_str()),
                "reason": r.outcome.as_ref().map_or_else(Clone::clone, |e| e.reason.clone()),
            })
        })
        .collect();
    serde_json::json!({
        "file": &*report.source.name,
        "passed": report.results.len() - report.failed(),
        "failed": report.failed(),
        "results": results,
    })
}
