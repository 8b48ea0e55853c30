//! `cloudlint emrfs resolve`: which EMRFS role mapping applies to a user's S3
//! request — or that it falls back to the cluster's instance role — and,
//! when the roles' policies are known, whether the request is allowed,
//! decided by the IAM evaluator with its trace. "Can this user do X" for a
//! multi-tenant EMR cluster.
//!
//! Exit status: 0 allowed, 1 denied, 2 error or undecidable (the role's
//! policies are not known).

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use crate::config::Settings;
use crate::emr::emrfs::{Request as MappingRequest, Resolution, Step, resolve};
use crate::emr::roles::{RoleSet, Trust, assume_role, policy_location, role_name, s3_resource};
use crate::emr::{SecurityConfiguration, Surface};
use crate::iam::eval::{Decision, Evaluation, PolicySet, Request, evaluate};
use crate::parse::{ParseIssueKind, parse};
use crate::source::detect::syntax_of;
use crate::span::LineIndex;

pub const EXIT_ALLOWED: u8 = 0;
pub const EXIT_DENIED: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

#[derive(Debug, Subcommand)]
pub enum EmrfsCommand {
    /// Which role mapping applies to a user's S3 request, and whether the role allows it.
    Resolve(ResolveArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ResolveFormat {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct ResolveArgs {
    /// The security configuration (JSON as for `aws emr create-security-configuration`,
    /// or `describe-security-configuration` output).
    #[arg(
        long,
        value_name = "FILE",
        required_unless_present = "template",
        conflicts_with = "template"
    )]
    pub security_configuration: Option<PathBuf>,
    /// A CloudFormation template: its `AWS::EMR::SecurityConfiguration`, the `AWS::IAM::Role`s
    /// the mappings name, and the instance role of the `AWS::EMR::Cluster` that uses it.
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// With --template: the logical id of the security configuration, when it has several.
    #[arg(long, value_name = "LOGICAL_ID", requires = "template")]
    pub resource: Option<String>,
    /// The Hadoop user making the request.
    #[arg(long, value_name = "NAME")]
    pub user: String,
    /// A Hadoop group of the user (repeatable).
    #[arg(long = "group", value_name = "NAME")]
    pub groups: Vec<String>,
    /// The S3 location accessed: s3://bucket/key.
    #[arg(long, value_name = "S3_URI")]
    pub path: String,
    /// A cloudlint configuration file whose `[emrfs]` section names the instance role and the
    /// roles' policy files [default: the nearest .cloudlint.toml above the security configuration].
    #[arg(long, value_name = "FILE")]
    pub roles: Option<PathBuf>,
    /// The S3 action to decide.
    #[arg(long, default_value = "s3:GetObject")]
    pub action: String,
    #[arg(long, value_enum, default_value_t = ResolveFormat::Human)]
    pub format: ResolveFormat,
}

/// Runs an `emrfs` subcommand.
#[must_use]
pub fn run(command: &EmrfsCommand) -> u8 {
    match command {
        EmrfsCommand::Resolve(args) => match resolve_command(args) {
            Ok(code) => code,
            Err(message) => {
                let _ = writeln!(std::io::stderr(), "cloudlint: error: {message}");
                EXIT_ERROR
            }
        },
    }
}

/// The outcome of a resolution, for both output formats.
struct Outcome {
    resolution: Resolution,
    /// The role EMRFS uses, when its ARN is known.
    role: Option<String>,
    /// What was decided about trust (EMRFS assuming a mapped role).
    trust: Option<(Decision, String)>,
    evaluation: Option<(Request, Evaluation)>,
    /// Why no decision could be made.
    undecided: Option<String>,
    notes: Vec<String>,
}

impl Outcome {
    fn decision(&self) -> Option<Decision> {
        if let Some((d, _)) = &self.trust
            && !d.is_allowed()
        {
            return Some(*d);
        }
        self.evaluation.as_ref().map(|(_, e)| e.decision)
    }
}

fn load_settings(args: &ResolveArgs, file: &Path) -> Result<Settings, String> {
    let path = match &args.roles {
        Some(p) => Some(p.clone()),
        None => crate::config::file::discover(file),
    };
    match path {
        Some(p) => {
            crate::config::file::load(&p).map_err(|e| format!("invalid configuration:\n{e}"))
        }
        None => Ok(Settings::default()),
    }
}

/// Splits `s3://bucket/key` into bucket and key.
fn split_s3(path: &str) -> Result<(&str, &str), String> {
    let rest = path.strip_prefix("s3://").ok_or_else(|| {
        format!("--path `{path}` is not an s3:// URI (EMRFS role mappings compare s3://bucket/key locations)")
    })?;
    let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
    if bucket.is_empty() {
        return Err(format!("--path `{path}` names no bucket"));
    }
    Ok((bucket, key))
}

fn resolve_command(args: &ResolveArgs) -> Result<u8, String> {
    let (bucket, key) = split_s3(&args.path)?;
    let file = args
        .template
        .as_ref()
        .or(args.security_configuration.as_ref())
        .ok_or("give --security-configuration or --template")?;
    let settings = load_settings(args, file)?;
    let decoded = crate::source::read::read_file(file, settings.limits.max_file_size)
        .map_err(|e| format!("{}: {}", file.display(), e.message))?;
    let text = decoded.text;
    let lines = LineIndex::new(&text);
    let at = |offset: u32| {
        let lc = lines.line_col(&text, offset);
        format!("{}:{}:{}", file.display(), lc.line, lc.column)
    };
    let parsed = parse(syntax_of(file, &text), &text, &settings.limits);
    if let Some(issue) = parsed
        .issues
        .iter()
        .find(|i| matches!(i.kind, ParseIssueKind::Syntax | ParseIssueKind::Limit))
    {
        return Err(format!("{}: {}", at(issue.span.start), issue.message));
    }
    let root = parsed
        .root
        .as_ref()
        .ok_or_else(|| format!("{}: no document", file.display()))?;
    if args.template.is_some() {
        return from_template(args, file, root, &text, &settings, &at, (bucket, key));
    }
    let document = crate::emr::document::locate(root, &text, &settings.limits)
        .ok_or_else(|| format!("{}: no security configuration", file.display()))?;
    let (sc_root, base) = document_root(&document, file, &at)?;
    let sc = SecurityConfiguration::new(sc_root, Surface::Api, base);
    let roles = RoleSet::from_settings(&settings);
    finish(args, &sc, &roles, &at, (bucket, key), Vec::new())
}

/// The security configuration's root in `document`, or why there is none.
fn document_root<'d>(
    document: &'d crate::emr::document::Document<'_>,
    file: &Path,
    at: &dyn Fn(u32) -> String,
) -> Result<(&'d crate::parse::Node, &'d str), String> {
    if let crate::emr::document::Document::Embedded { parsed, .. } = document
        && let Some(issue) = parsed
            .issues
            .iter()
            .find(|i| matches!(i.kind, ParseIssueKind::Syntax | ParseIssueKind::Limit))
    {
        return Err(format!(
            "{}: the SecurityConfiguration string is not valid JSON: {}",
            at(issue.span.start),
            issue.message
        ));
    }
    document
        .root()
        .ok_or_else(|| format!("{}: no security configuration", file.display()))
}

/// `--template`: the security configuration, roles and instance role of a
/// CloudFormation template, resolved with deploy-time stand-ins.
fn from_template(
    args: &ResolveArgs,
    file: &Path,
    root: &crate::parse::Node,
    text: &str,
    settings: &Settings,
    at: &dyn Fn(u32) -> String,
    location: (&str, &str),
) -> Result<u8, String> {
    use crate::cfn::{Resolver, Scenario, Template};
    use crate::emr::template_roles::{STAND_IN_ACCOUNT, TemplateIam};
    // The template as `check` reads it: `Fn::ForEach` loops expanded.
    let expanded = crate::cfn::for_each::expand(root);
    let template = Template::new(expanded.as_ref().unwrap_or(root));
    let candidates: Vec<_> = template
        .resources_of("AWS::EMR::SecurityConfiguration")
        .filter(|r| args.resource.as_deref().is_none_or(|id| r.id == id))
        .collect();
    let resource = match candidates.as_slice() {
        [one] => *one,
        [] => {
            return Err(match &args.resource {
                Some(id) => format!(
                    "{}: no AWS::EMR::SecurityConfiguration {id}",
                    file.display()
                ),
                None => format!("{}: no AWS::EMR::SecurityConfiguration", file.display()),
            });
        }
        many => {
            let ids: Vec<&str> = many.iter().map(|r| r.id).collect();
            return Err(format!(
                "{}: several security configurations ({}): choose one with --resource",
                file.display(),
                ids.join(", ")
            ));
        }
    };
    let iam = TemplateIam::new(
        &template,
        &file.display().to_string(),
        text,
        &settings.limits,
    );
    // One view of the template: every `Fn::Equals` of its conditions taken as true.
    let scenario = Scenario::default();
    let resolver = Resolver::new(&template, &scenario).with_stand_ins(iam.stand_ins());
    let resolved = resource
        .prop("SecurityConfiguration")
        .and_then(|raw| resolver.resolve(raw))
        .ok_or_else(|| {
            format!(
                "{}: {} has no SecurityConfiguration",
                file.display(),
                resource.id
            )
        })?;
    let base = format!("{}.SecurityConfiguration", resource.properties_path());
    let document = if resolved.as_str().is_some() {
        let parsed =
            crate::parse::embedded::parse_json_in_string(&resolved, text, &settings.limits)
                .ok_or_else(|| format!("{}: no security configuration", file.display()))?;
        crate::emr::document::Document::Embedded {
            string: &resolved,
            parsed,
            base,
        }
    } else {
        crate::emr::document::Document::Tree {
            root: &resolved,
            base,
        }
    };
    let (sc_root, base) = document_root(&document, file, at)?;
    let sc = SecurityConfiguration::new(sc_root, Surface::CloudFormation, base);
    let mut roles = RoleSet::from_settings(settings);
    for (role, reference) in iam.roles(&resolver, &scenario) {
        roles.insert_with_reference(role, reference);
    }
    let mut notes = Vec::new();
    let mut instances: Vec<String> = iam
        .instance_roles_of(&resolver, &scenario, resource)
        .into_iter()
        .flatten()
        .collect();
    instances.dedup();
    match instances.as_slice() {
        [] => {}
        [one] => roles.instance_role = Some(one.clone()),
        [first, ..] => {
            notes.push(format!(
                "clusters with different instance roles use {}: the first, {first}, is the fallback here",
                resource.id
            ));
            roles.instance_role = Some(first.clone());
        }
    }
    let account = iam
        .stand_ins()
        .account_id
        .clone()
        .unwrap_or_else(|| STAND_IN_ACCOUNT.to_string());
    notes.push(format!(
        "role ARNs are as the template would deploy them in account {account}; roles without RoleName are named by logical id"
    ));
    finish(args, &sc, &roles, at, location, notes)
}

/// Resolves the request against `sc`, decides it with `roles`, and prints the report.
fn finish(
    args: &ResolveArgs,
    sc: &SecurityConfiguration<'_>,
    roles: &RoleSet,
    at: &dyn Fn(u32) -> String,
    (bucket, key): (&str, &str),
    notes: Vec<String>,
) -> Result<u8, String> {
    let request = MappingRequest {
        user: &args.user,
        groups: &args.groups,
        path: &args.path,
    };
    let resolution = resolve(&sc.role_mappings, &request);
    let mapping = resolution.mapping.and_then(|i| sc.role_mappings.get(i));
    let role = match mapping {
        Some(m) => m.role_arn().map(str::to_string),
        None => roles.instance_role.clone(),
    };
    let mut outcome = Outcome {
        resolution,
        role: role.clone(),
        trust: None,
        evaluation: None,
        undecided: None,
        notes,
    };
    if sc.emrfs.is_none() {
        outcome.notes.push(
            "the security configuration has no EMRFS role mappings: every request uses the instance role"
                .to_string(),
        );
    }
    decide(args, roles, mapping.is_some(), bucket, key, &mut outcome);
    let code = match outcome.decision() {
        Some(d) if d.is_allowed() => EXIT_ALLOWED,
        Some(_) => EXIT_DENIED,
        None => EXIT_ERROR,
    };
    let report = match args.format {
        ResolveFormat::Human => human(args, sc, &outcome, at),
        ResolveFormat::Json => {
            let v = json(args, sc, &outcome, at);
            let mut s = serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?;
            s.push('\n');
            s
        }
    };
    std::io::stdout()
        .lock()
        .write_all(report.as_bytes())
        .map_err(|e| format!("cannot write the report: {e}"))?;
    Ok(code)
}

/// Trust (for a mapped role) and the access decision, as far as the
/// configuration allows.
fn decide(
    args: &ResolveArgs,
    roles: &RoleSet,
    mapped: bool,
    bucket: &str,
    key: &str,
    outcome: &mut Outcome,
) {
    let Some(role) = outcome.role.clone() else {
        outcome.undecided = Some(
            "the request falls back to the cluster's EC2 instance role, which is not configured: name it with `instance-role` in the [emrfs] section of the --roles file".to_string(),
        );
        return;
    };
    let known = roles.role(&role);
    if mapped
        && let (Some(instance), Some(Ok(trust))) = (
            roles.instance_role.as_deref(),
            known.and_then(|r| r.trust.as_ref()),
        )
    {
        let instance_policies = roles.instance().and_then(|r| r.complete_permission_docs());
        outcome.trust = Some(
            match assume_role(instance, instance_policies, &role, trust) {
                Ok(Trust::Allowed(_)) => (
                    Decision::Allowed,
                    format!(
                        "the instance role {} may assume {} ({})",
                        role_name(instance),
                        role_name(&role),
                        policy_location(trust)
                    ),
                ),
                Ok(Trust::DependsOnInstancePolicies(_)) => (
                    Decision::Allowed,
                    format!(
                        "{} trusts the account, so EMRFS may assume it if the instance role's own policies allow sts:AssumeRole (they are not configured)",
                        role_name(&role)
                    ),
                ),
                Ok(Trust::Denied(e)) => (
                    e.decision,
                    format!(
                        "the instance role {} may not assume {}: {} ({}); EMRFS's request fails",
                        role_name(instance),
                        role_name(&role),
                        e.reason,
                        policy_location(trust)
                    ),
                ),
                Err(message) => {
                    outcome.undecided = Some(message);
                    return;
                }
            },
        );
    }
    let Some(docs) = known.and_then(|r| r.permission_docs()) else {
        outcome.undecided = Some(format!(
            "the permission policies of {role} are not known: list them with `policies = [...]` under [emrfs.roles] in the --roles file"
        ));
        return;
    };
    if docs.is_empty() {
        outcome.notes.push(if roles.is_from_template(&role) {
            format!(
                "{} has no permission policies in the template",
                role_name(&role)
            )
        } else {
            format!(
                "{} has no permission policies (as configured: `policies = []`)",
                role_name(&role)
            )
        });
    }
    if known.is_some_and(|r| !r.complete) {
        outcome.notes.push(format!(
            "the policies of {} are only partly known (an AWS managed policy cloudlint does not carry, or a statement with deploy-time values): an allow holds, a denial may not",
            role_name(&role)
        ));
    }
    if let Some(errors) = known.map(|r| r.load_errors()).filter(|e| !e.is_empty()) {
        outcome
            .notes
            .extend(errors.iter().map(|e| format!("not loaded: {e}")));
    }
    let (resource, context) = s3_resource(&args.action, bucket, key);
    let request = match Request::new(&role, &args.action, &resource) {
        Ok(r) => r.with_context(context),
        Err(message) => {
            outcome.undecided = Some(message);
            return;
        }
    };
    let set = PolicySet {
        identity: docs,
        ..PolicySet::default()
    };
    match evaluate(&set, &request) {
        Ok(e) => outcome.evaluation = Some((request, e)),
        Err(e) => outcome.undecided = Some(e.to_string()),
    }
    outcome.notes.push(
        "not considered: bucket policies, SCPs and RCPs, and KMS key policies of encrypted objects"
            .to_string(),
    );
}

fn step_text(step: &Step, m: &crate::emr::RoleMapping<'_>, args: &ResolveArgs) -> String {
    match step {
        Step::Matched {
            identifier,
            text_only,
        } => {
            let id = m
                .ids
                .iter()
                .find(|i| i.index == *identifier)
                .map_or("?", |i| i.value);
            let mut s = format!("match: {id}");
            if *text_only {
                s.push_str(&format!(
                    " (only if EMRFS compares prefixes as text: {} continues the path segment {id} ends in)",
                    args.path
                ));
            }
            s
        }
        Step::NoMatch => match m.kind {
            Some(crate::emr::IdentifierType::User) => format!("no match (user is {})", args.user),
            Some(crate::emr::IdentifierType::Group) => {
                if args.groups.is_empty() {
                    "no match (the user is in no group)".to_string()
                } else {
                    format!("no match (groups: {})", args.groups.join(", "))
                }
            }
            _ => format!("no match ({} is not under it)", args.path),
        },
        Step::InvalidType => {
            "skipped: its IdentifierType is not User, Group or Prefix (EMR rejects this configuration)"
                .to_string()
        }
    }
}

fn human(
    args: &ResolveArgs,
    sc: &SecurityConfiguration<'_>,
    outcome: &Outcome,
    at: &dyn Fn(u32) -> String,
) -> String {
    let mut s = String::new();
    let groups = if args.groups.is_empty() {
        "no groups".to_string()
    } else {
        format!("groups {}", args.groups.join(", "))
    };
    let _ = writeln!(
        s,
        "EMRFS role mappings for user {} ({groups}) accessing {}:",
        args.user, args.path
    );
    let width = outcome
        .resolution
        .steps
        .iter()
        .filter_map(|(i, _)| sc.role_mappings.get(*i))
        .map(|m| m.describe().chars().count())
        .max()
        .unwrap_or(0);
    for (index, step) in &outcome.resolution.steps {
        let Some(m) = sc.role_mappings.get(*index) else {
            continue;
        };
        let _ = writeln!(
            s,
            "  {} {:<width$}  {}",
            at(m.node.span.start),
            m.describe(),
            step_text(step, m, args)
        );
    }
    match outcome
        .resolution
        .mapping
        .and_then(|i| sc.role_mappings.get(i))
    {
        Some(m) => {
            let _ = writeln!(
                s,
                "→ mapping #{} applies: EMRFS uses {}",
                m.index + 1,
                outcome
                    .role
                    .as_deref()
                    .unwrap_or("(its Role is not a string)")
            );
        }
        None => {
            let _ = writeln!(
                s,
                "→ no mapping matches: EMRFS falls back to the cluster's EC2 instance role{}",
                outcome
                    .role
                    .as_deref()
                    .map(|r| format!(" {r}"))
                    .unwrap_or_default()
            );
        }
    }
    if let Some((_, text)) = &outcome.trust {
        let _ = writeln!(s, "\ntrust: {text}");
    }
    if let Some((request, evaluation)) = &outcome.evaluation {
        let _ = writeln!(s);
        s.push_str(&super::can::human_report(std::slice::from_ref(&(
            request.clone(),
            evaluation.clone(),
        ))));
    }
    match (outcome.decision(), &outcome.undecided) {
        (Some(d), _) => {
            let _ = writeln!(
                s,
                "\n{d}: user {} {} {} through EMRFS",
                args.user,
                if d.is_allowed() { "may" } else { "may not" },
                describe_action(args)
            );
        }
        (None, Some(why)) => {
            let _ = writeln!(s, "\nundecided: {why}");
        }
        (None, None) => {}
    }
    for n in &outcome.notes {
        let _ = writeln!(s, "note: {n}");
    }
    s
}

fn describe_action(args: &ResolveArgs) -> String {
    format!("{} on {}", args.action, args.path)
}

fn json(
    args: &ResolveArgs,
    sc: &SecurityConfiguration<'_>,
    outcome: &Outcome,
    at: &dyn Fn(u32) -> String,
) -> serde_json::Value {
    let steps: Vec<serde_json::Value> = outcome
        .resolution
        .steps
        .iter()
        .filter_map(|(index, step)| {
            let m = sc.role_mappings.get(*index)?;
            let (result, identifier, text_only) = match step {
                Step::Matched {
                    identifier,
                    text_only,
                } => (
                    "match",
                    m.ids
                        .iter()
                        .find(|i| i.index == *identifier)
                        .map(|i| i.value),
                    *text_only,
                ),
                Step::NoMatch => ("no-match", None, false),
                Step::InvalidType => ("invalid-identifier-type", None, false),
            };
            Some(serde_json::json!({
                "mapping": index + 1,
                "location": at(m.node.span.start),
                "identifier_type": m.identifier_type.and_then(|t| t.value.as_str()),
                "role": m.role_arn(),
                "result": result,
                "identifier": identifier,
                "text_only_prefix_match": text_only,
            }))
        })
        .collect();
    let evaluation = outcome.evaluation.as_ref().map(|(r, e)| {
        super::can::json_report(e.decision, std::slice::from_ref(&(r.clone(), e.clone())))
    });
    serde_json::json!({
        "decision": outcome.decision().map(Decision::as_str),
        "request": {
            "user": args.user,
            "groups": args.groups,
            "path": args.path,
            "action": args.action,
        },
        "mapping": outcome.resolution.mapping.map(|i| i + 1),
        "fallback_to_instance_role": outcome.resolution.mapping.is_none(),
        "role": outcome.role,
        "steps": steps,
        "trust": outcome.trust.as_ref().map(|(d, text)| serde_json::json!({"decision": d.as_str(), "detail": text})),
        "evaluation": evaluation,
        "undecided": outcome.undecided,
        "notes": outcome.notes,
    })
}
