//! `cloudlint simulate ebs`: predicts, for one launch, what happens to every
//! EBS volume and whether the launch succeeds, step by step.
//!
//! 1. The request is checked as `cloudlint check` would (the `EC2` rules):
//!    what the AWS CLI or EC2 refuses fails the call before anything else.
//! 2. Each volume's encryption is decided with the table of
//!    [`crate::ec2::encryption`] (snapshots as given by `--snapshot`, the
//!    account's encryption by default and default key as given).
//! 3. The call is authorized: `ec2:RunInstances` on the instance, each volume,
//!    the network interface, subnet, security groups, image, key pair and
//!    snapshots, with the condition keys the request implies; `ec2:CreateTags`
//!    for requested tags; `iam:PassRole` for the instance profile's role. A
//!    denial fails the call at once (`UnauthorizedOperation`).
//! 4. The KMS requests EC2 makes for each encrypted volume are decided over
//!    the caller's identity-based policies and the key policy with KMS's rule
//!    ([`kms_checks`]); with `--auto-scaling` the service-linked role makes
//!    them. A denial, or a key EBS cannot use, lets the call succeed and the
//!    instance terminate (`Client.InternalError: Client error on launch`).

pub mod args;
mod asg_role;
mod check;
mod deployment;
mod ec2_checks;
mod keys;
mod kms_checks;
mod launch;
mod report;
pub mod template;

pub use args::{SimulateCommand, SimulateEbsArgs, run};
pub use keys::{KeyBook, ResolvedKey};
pub use launch::SnapshotFact;
pub use report::{Simulation, Verdict, render_human};

use std::path::Path;

use crate::config::Settings;
use crate::ec2::{BlockDevices, Surface};
use crate::iam::eval::{PolicyDoc, PolicySet};
use crate::parse::{Limits, ParseIssueKind, parse};
use crate::rules::{FileContext, Rule, all_rules};
use crate::source::InputKind;
use crate::source::detect::{kind_of, syntax_of};
use crate::span::LineIndex;

/// The caller of the launch and the policies that apply to it.
#[derive(Debug, Clone)]
pub struct Caller {
    pub principal: String,
    pub account: String,
    pub partition: String,
    /// Identity-based policies, SCPs and permissions boundary.
    pub set: PolicySet,
}

/// Everything a simulation needs.
#[derive(Debug, Clone)]
pub struct Input {
    /// The request's name (path) and text.
    pub request_name: String,
    pub request_text: String,
    /// The request's kind, when not detected from its content.
    pub kind: Option<InputKind>,
    pub caller: Caller,
    pub region: String,
    pub keys: KeyBook,
    pub by_default: bool,
    pub snapshots: Vec<SnapshotFact>,
    /// Auto Scaling launches the instances; its service-linked role makes the KMS requests.
    pub service_linked_role: Option<String>,
    /// The role of the instance profile, to check `iam:PassRole`.
    pub instance_profile_role: Option<String>,
}

/// Runs the simulation.
///
/// # Errors
/// A request that cannot be read as a launch request, a snapshot or key the
/// input does not describe, or a key without a key policy.
pub fn simulate(input: &Input) -> Result<Simulation, String> {
    let name = &input.request_name;
    let text = &input.request_text;
    let syntax = syntax_of(Path::new(name), text);
    let parsed = parse(syntax, text, &Limits::default());
    let index = LineIndex::new(text);
    if let Some(issue) = parsed
        .issues
        .iter()
        .find(|i| matches!(i.kind, ParseIssueKind::Syntax | ParseIssueKind::Limit))
    {
        let lc = index.line_col(text, issue.span.start);
        return Err(format!(
            "{name}:{}:{}: {}",
            lc.line, lc.column, issue.message
        ));
    }
    let root = parsed.root.unwrap_or_default();
    let kind = input
        .kind
        .or_else(|| kind_of(Path::new(name), syntax, &root))
        .filter(|k| Surface::of_kind(*k).is_some())
        .ok_or_else(|| {
            format!("{name} is not a --block-device-mappings file, a RunInstances request or launch template data (use --kind to say which)")
        })?;
    let doc = BlockDevices::from_document(&root, kind)
        .ok_or_else(|| format!("{name}: not a launch request"))?;
    let surface = doc.surface;

    let validation = validate(input, kind, syntax, &root, &parsed.issues, &index);
    let volumes = launch::plan_volumes(
        &doc,
        name,
        text,
        &input.snapshots,
        input.by_default,
        &input.keys,
    )
    .map_err(|e| e.0)?;
    let launch = launch::Launch::read(&root, surface);

    let caller = &input.caller;
    let kms_caller = input
        .service_linked_role
        .clone()
        .unwrap_or_else(|| caller.principal.clone());
    let mut notes = Vec::new();
    if surface == Surface::CliBlockDeviceMappings || launch.image_id.is_none() {
        notes.push(
            "the AMI's own block-device mappings are not known here: a device the AMI maps keeps the AMI's snapshot (and its encryption), and a mapping without SnapshotId is treated as a new volume".to_string(),
        );
    }
    if launch.instance_profile.is_some() && input.instance_profile_role.is_none() {
        notes.push(
            "IamInstanceProfile is given: EC2 also authorizes iam:PassRole on its role; give --instance-profile-role ROLE_ARN to check it".to_string(),
        );
    }
    if input.service_linked_role.is_some() {
        notes.push(format!(
            "Auto Scaling: the caller's own permissions are checked for ec2:RunInstances (Auto Scaling checks them when a group is created or updated with a launch template); the KMS requests are made by {kms_caller}"
        ));
    }

    let mut sim = Simulation {
        request: name.clone(),
        kind: kind.as_str().to_string(),
        surface: surface.describe().to_string(),
        principal: caller.principal.clone(),
        account: caller.account.clone(),
        region: input.region.clone(),
        encryption_by_default: input.by_default,
        default_kms_key: input
            .keys
            .default_key()
            .map(|k| k.display())
            .unwrap_or_default(),
        kms_caller: kms_caller.clone(),
        validation,
        volumes,
        authorization: Vec::new(),
        kms: Vec::new(),
        key_problems: Vec::new(),
        notes,
        verdict: Verdict::Succeeds {
            message: String::new(),
            unencrypted_volumes: Vec::new(),
        },
    };
    if let Some(v) = report::rejected_by_validation(&sim.validation) {
        sim.verdict = v;
        return Ok(sim);
    }

    let mut authorization = ec2_checks::ec2_checks(
        caller,
        &input.region,
        surface,
        &launch,
        &sim.volumes,
        input.instance_profile_role.as_deref(),
    )?;
    let mut step = 0;
    for c in &mut authorization {
        step += 1;
        c.step = step;
    }
    let reached_kms = authorization.iter().all(check::Check::allowed);
    let (mut kms, problems) = if reached_kms {
        let service_linked = input.service_linked_role.is_some();
        let kms_set = if service_linked {
            PolicySet::default()
        } else {
            caller.set.clone()
        };
        let calls = kms_checks::kms_calls(&sim.volumes);
        kms_checks::kms_checks(
            &kms_checks::KmsCaller {
                principal: kms_caller,
                account: caller.account.clone(),
                set: kms_set,
                service_linked,
            },
            &input.region,
            &input.keys,
            &calls,
        )?
    } else {
        (Vec::new(), Vec::new())
    };
    for c in &mut kms {
        step += 1;
        c.step = step;
    }
    sim.verdict = report::verdict(
        &authorization,
        &kms,
        &problems,
        &sim.volumes,
        input.service_linked_role.is_some(),
    );
    sim.authorization = authorization;
    sim.kms = kms;
    sim.key_problems = problems;
    Ok(sim)
}

/// The `EC2` rules on the request, with the account facts of the simulation.
fn validate(
    input: &Input,
    kind: InputKind,
    syntax: crate::parse::Syntax,
    root: &crate::parse::Node,
    issues: &[crate::parse::ParseIssue],
    index: &LineIndex,
) -> Vec<report::Finding> {
    let mut settings = Settings::default();
    settings.account.ebs_encryption_by_default = Some(input.by_default);
    settings.account.default_ebs_kms_key = input.keys.default_key().ok().map(|k| k.written);
    let rules: Vec<&dyn Rule> = all_rules()
        .into_iter()
        .filter(|r| r.meta().family() == "EC2")
        .collect();
    let path = Path::new(&input.request_name);
    let ctx = FileContext {
        path,
        text: &input.request_text,
        syntax,
        kind: Some(kind),
        root: Some(root),
        parse_issues: issues,
        settings: &settings,
    };
    crate::lint::run_rules(&ctx, &rules)
        .into_iter()
        .map(|d| {
            let lc = index.line_col(&input.request_text, d.span.start);
            report::Finding {
                location: format!("{}:{}:{}", input.request_name, lc.line, lc.column),
                rejects: d.severity == crate::diagnostic::Severity::Error && d.code != "EC2003",
                code: d.code,
                severity: d.severity.as_str().to_string(),
                message: d.message,
                help: d.help,
            }
        })
        .collect()
}

/// A principal ARN's account and partition.
///
/// # Errors
/// A principal the evaluator cannot read, or one without an account.
pub fn principal_account(principal: &str) -> Result<(String, String), String> {
    let p = crate::iam::eval::RequestPrincipal::parse(principal)?;
    let account = p
        .account
        .ok_or_else(|| format!("`{principal}` names no account; give an IAM or STS ARN"))?;
    Ok((account, p.partition))
}

/// The ARN of Auto Scaling's default service-linked role in `account`.
#[must_use]
pub fn auto_scaling_role(partition: &str, account: &str) -> String {
    format!(
        "arn:{partition}:iam::{account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"
    )
}

/// Loads policy files of one type.
///
/// # Errors
/// The first file that does not load, with its errors.
pub fn load_policies(
    paths: &[std::path::PathBuf],
    ty: crate::iam::policy::PolicyType,
) -> Result<Vec<PolicyDoc>, String> {
    paths
        .iter()
        .map(|p| PolicyDoc::from_file(p, ty).map_err(|e| join_errors(&e)))
        .collect()
}

fn join_errors(errors: &[crate::iam::eval::LoadError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}
