//! The command line of `cloudlint simulate ebs`, and its run.

use std::io::Write as _;
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::keys::{KEY_STATES, KeyBook};
use super::launch::SnapshotFact;
use super::{Caller, Input, auto_scaling_role, load_policies, principal_account, simulate};
use crate::ec2::encryption::SnapshotSource;
use crate::iam::eval::{PolicyDoc, PolicySet};
use crate::iam::policy::PolicyType;
use crate::source::InputKind;

/// Exit statuses of `simulate ebs`.
pub const EXIT_SUCCEEDS: u8 = 0;
pub const EXIT_FAILS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

#[derive(Debug, Subcommand)]
pub enum SimulateCommand {
    /// Predict what a launch does with each EBS volume and whether it succeeds
    /// (exit 0: succeeds with every volume encrypted; 1: otherwise; 2: error).
    Ebs(Box<SimulateEbsArgs>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SimulateFormat {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct SimulateEbsArgs {
    /// The launch: a `--block-device-mappings` file, a RunInstances request
    /// (`--cli-input-json`) or launch template data.
    #[arg(long, value_name = "FILE")]
    pub request: PathBuf,
    /// Read the request as this kind instead of detecting it.
    #[arg(long, value_parser = ["block-device-mappings", "run-instances", "launch-template-data"])]
    pub kind: Option<String>,
    /// The caller: an IAM role, role session or user ARN.
    #[arg(long)]
    pub principal: String,
    /// An identity-based policy of the caller (repeatable).
    #[arg(long, value_name = "FILE")]
    pub identity_policy: Vec<PathBuf>,
    /// A KMS key's policy: the key ARN (or key ID), `=`, the policy file (repeatable).
    #[arg(long, value_name = "KEY=FILE")]
    pub key_policy: Vec<String>,
    /// What an alias names: `alias/NAME=KEY_ARN` (repeatable).
    #[arg(long, value_name = "ALIAS=KEY_ARN")]
    pub key_alias: Vec<String>,
    /// A key's state when not Enabled: `KEY=Disabled`, `KEY=PendingDeletion` … (repeatable).
    #[arg(long, value_name = "KEY=STATE")]
    pub key_state: Vec<String>,
    /// The Region of the launch.
    #[arg(long)]
    pub region: String,
    /// The account's EBS encryption by default in the Region.
    #[arg(long, value_enum, default_value_t = OnOff::Off)]
    pub account_default_encryption: OnOff,
    /// The account's default EBS key, when not alias/aws/ebs.
    #[arg(long, value_name = "KEY")]
    pub default_kms_key: Option<String>,
    /// A snapshot of the request: `snap-…=unencrypted` or
    /// `snap-…=encrypted:KEY_ARN[,owner=ACCOUNT]` (repeatable; owner defaults to the caller's account).
    #[arg(long, value_name = "SNAPSHOT=STATE")]
    pub snapshot: Vec<String>,
    /// Auto Scaling launches the instances: its service-linked role makes the KMS requests.
    #[arg(long)]
    pub auto_scaling: bool,
    /// The group's service-linked role, when not AWSServiceRoleForAutoScaling.
    #[arg(long, value_name = "ROLE_ARN", requires = "auto_scaling")]
    pub service_linked_role: Option<String>,
    /// The SCPs of one organisation level, root first (repeat per level; comma-separate several SCPs of one level).
    #[arg(long, value_name = "FILE[,FILE]")]
    pub scp: Vec<String>,
    /// The caller's permissions boundary.
    #[arg(long, value_name = "FILE")]
    pub permissions_boundary: Option<PathBuf>,
    /// The role of the request's instance profile, to check iam:PassRole.
    #[arg(long, value_name = "ROLE_ARN")]
    pub instance_profile_role: Option<String>,
    #[arg(long, value_enum, default_value_t = SimulateFormat::Human)]
    pub format: SimulateFormat,
}

fn error(message: &str) -> u8 {
    let _ = writeln!(std::io::stderr(), "cloudlint: error: {message}");
    EXIT_ERROR
}

/// Runs a `simulate` command; returns the exit status.
#[must_use]
pub fn run(command: SimulateCommand) -> u8 {
    match command {
        SimulateCommand::Ebs(args) => run_ebs(&args),
    }
}

fn run_ebs(args: &SimulateEbsArgs) -> u8 {
    let input = match input(args) {
        Ok(i) => i,
        Err(e) => return error(&e),
    };
    let sim = match simulate(&input) {
        Ok(s) => s,
        Err(e) => return error(&e),
    };
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        SimulateFormat::Json => serde_json::to_writer_pretty(&mut out, &sim)
            .map_err(std::io::Error::other)
            .and_then(|()| writeln!(out)),
        SimulateFormat::Human => out.write_all(super::render_human(&sim).as_bytes()),
    };
    if written.is_err() {
        return EXIT_ERROR;
    }
    if sim.exit_code() == 0 {
        EXIT_SUCCEEDS
    } else {
        EXIT_FAILS
    }
}

fn split_pair<'a>(flag: &str, value: &'a str) -> Result<(&'a str, &'a str), String> {
    value
        .split_once('=')
        .filter(|(k, v)| !k.is_empty() && !v.is_empty())
        .ok_or_else(|| format!("{flag} `{value}` must be NAME=VALUE"))
}

fn levels(specs: &[String], ty: PolicyType) -> Result<Vec<Vec<PolicyDoc>>, String> {
    specs
        .iter()
        .map(|spec| {
            let paths: Vec<PathBuf> = spec
                .split(',')
                .filter(|p| !p.is_empty())
                .map(PathBuf::from)
                .collect();
            load_policies(&paths, ty)
        })
        .collect()
}

/// Reads the files and flags into a simulation input.
///
/// # Errors
/// A file that cannot be read or loaded, or a malformed flag value.
pub fn input(args: &SimulateEbsArgs) -> Result<Input, String> {
    let (account, partition) = principal_account(&args.principal)?;
    let request_text = crate::source::read::read_file(
        &args.request,
        crate::parse::Limits::default().max_file_size,
    )
    .map_err(|e| format!("{}: {}", args.request.display(), e.message))?
    .text;
    let mut set = PolicySet {
        identity: load_policies(&args.identity_policy, PolicyType::Identity)?,
        scps: levels(&args.scp, PolicyType::Scp)?,
        ..PolicySet::default()
    };
    if let Some(p) = &args.permissions_boundary {
        set.permissions_boundary =
            load_policies(std::slice::from_ref(p), PolicyType::PermissionsBoundary)?
                .into_iter()
                .next();
    }
    let mut keys = KeyBook::new(&partition, &account, &args.region)?;
    for kp in &args.key_policy {
        let (key, file) = split_pair("--key-policy", kp)?;
        let arn = keys.key_arn(key)?;
        let doc = load_policies(&[PathBuf::from(file)], PolicyType::Resource)?
            .into_iter()
            .next()
            .ok_or_else(|| format!("--key-policy {kp}: no policy"))?;
        keys.add_policy(arn, doc);
    }
    for ks in &args.key_state {
        let (key, state) = split_pair("--key-state", ks)?;
        if !KEY_STATES.contains(&state) {
            return Err(format!(
                "--key-state `{ks}`: the state must be one of {}",
                KEY_STATES.join(", ")
            ));
        }
        let arn = keys.key_arn(key)?;
        keys.add_state(arn, state.to_string());
    }
    for ka in &args.key_alias {
        let (alias, key) = split_pair("--key-alias", ka)?;
        if !alias.starts_with("alias/") && !alias.contains(":alias/") {
            return Err(format!(
                "--key-alias `{ka}`: `{alias}` is not an alias (alias/NAME or an alias ARN)"
            ));
        }
        let arn = keys.key_arn(key)?;
        keys.add_alias(alias.to_string(), arn);
    }
    keys.set_default_key(args.default_kms_key.clone());
    let snapshots = args
        .snapshot
        .iter()
        .map(|s| snapshot(s, &account))
        .collect::<Result<Vec<_>, _>>()?;
    let service_linked_role = args.auto_scaling.then(|| {
        args.service_linked_role
            .clone()
            .unwrap_or_else(|| auto_scaling_role(&partition, &account))
    });
    Ok(Input {
        request_name: args.request.display().to_string(),
        request_text,
        kind: args.kind.as_deref().and_then(InputKind::parse),
        caller: Caller {
            principal: args.principal.clone(),
            account,
            partition,
            set,
        },
        region: args.region.clone(),
        keys,
        by_default: args.account_default_encryption == OnOff::On,
        snapshots,
        service_linked_role,
        instance_profile_role: args.instance_profile_role.clone(),
    })
}

/// `snap-1=unencrypted`, `snap-1=encrypted:KEY_ARN`, `snap-1=encrypted:KEY_ARN,owner=444455556666`.
fn snapshot(spec: &str, account: &str) -> Result<SnapshotFact, String> {
    let (id, state) = split_pair("--snapshot", spec)?;
    let source = if state == "unencrypted" {
        SnapshotSource::Unencrypted
    } else if let Some(rest) = state.strip_prefix("encrypted:") {
        let (key, owner) = match rest.split_once(",owner=") {
            Some((k, o)) => (k, o),
            None => (rest, account),
        };
        if key.is_empty() {
            return Err(format!(
                "--snapshot `{spec}`: give the snapshot's key after encrypted:"
            ));
        }
        SnapshotSource::Encrypted {
            key: key.to_string(),
            owned: owner == account,
        }
    } else {
        return Err(format!(
            "--snapshot `{spec}` must be SNAPSHOT=unencrypted or SNAPSHOT=encrypted:KEY_ARN[,owner=ACCOUNT]"
        ));
    };
    Ok(SnapshotFact {
        id: id.to_string(),
        source,
    })
}
