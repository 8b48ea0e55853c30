//! Settings that shape a run — rule selection, severities, per-path overrides,
//! limits, account facts — and the `.cloudlint.toml` file that fills them.

pub mod file;
pub mod toml_tree;

use std::path::{Path, PathBuf};

use globset::GlobMatcher;

use crate::diagnostic::Severity;
use crate::parse::Limits;
use crate::rules::{RuleMeta, RuleSelection};
use crate::source::InputKind;

/// A severity override: rules matching `selector` (code, name or prefix) get `severity`.
#[derive(Debug, Clone)]
pub struct SeverityOverride {
    pub selector: String,
    pub severity: Severity,
}

/// Settings that apply only to files matching a glob.
#[derive(Debug, Clone)]
pub struct PathOverride {
    pub globs: Vec<GlobMatcher>,
    pub selection: RuleSelection,
    pub severities: Vec<SeverityOverride>,
}

/// Tag keys required on resources whose type matches a glob (`AWS::EC2::*`).
#[derive(Debug, Clone)]
pub struct TagRequirement {
    pub resource_types: Vec<GlobMatcher>,
    pub keys: Vec<String>,
}

/// Facts about the AWS account that files cannot tell.
#[derive(Debug, Clone, Default)]
pub struct AccountFacts {
    /// EBS encryption by default is on in the account and region.
    pub ebs_encryption_by_default: Option<bool>,
    /// The account's default EBS KMS key, when not `aws/ebs`.
    pub default_ebs_kms_key: Option<String>,
    /// Volumes must use customer managed keys, not `alias/aws/ebs`.
    pub require_customer_managed_keys: bool,
    /// Kafka brokers store their logs on EBS (replication factor 2 is then accepted).
    pub kafka_on_ebs: bool,
    /// Cassandra nodes store their data on EBS.
    pub cassandra_on_ebs: bool,
    /// The account's own 12-digit ID (`[account] id`): principals of other
    /// accounts are foreign. Unknown when not configured.
    pub id: Option<String>,
    /// Other accounts the team controls (`[account] trusted-accounts`),
    /// trusted without a narrowing condition.
    pub trusted_accounts: Vec<String>,
}

/// A release line of Kafka or Cassandra: `MAJOR.MINOR` (a patch number is
/// accepted in the configuration and ignored: settings change by minor release).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    pub major: u32,
    pub minor: u32,
}

impl Version {
    #[must_use]
    pub const fn new(major: u32, minor: u32) -> Version {
        Version { major, minor }
    }

    /// `4`, `4.1` or `4.1.7`.
    #[must_use]
    pub fn parse(text: &str) -> Option<Version> {
        let mut parts = text.trim().split('.');
        let number = |p: Option<&str>| -> Option<u32> {
            let p = p?;
            (!p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        };
        let major = number(parts.next())?;
        let minor = match parts.next() {
            None => 0,
            some => number(some)?,
        };
        if let Some(patch) = parts.next() {
            number(Some(patch))?;
        }
        parts.next().is_none().then_some(Version { major, minor })
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// The versions that Kafka and Cassandra configuration files target, for
/// rules whose answer depends on it when the file itself cannot tell.
#[derive(Debug, Clone, Default)]
pub struct TargetVersions {
    pub kafka: Option<Version>,
    pub cassandra: Option<Version>,
}

/// Policy files for a role that EMRFS maps users to.
#[derive(Debug, Clone, Default)]
pub struct RoleFiles {
    pub arn: String,
    pub trust_policy: Option<PathBuf>,
    pub policies: Vec<PathBuf>,
    /// `policies` was given (possibly empty: the role has no permission
    /// policies); otherwise what the role may do is unknown.
    pub policies_known: bool,
}

/// A suppression written in the configuration file (for JSON, which has no comments).
#[derive(Debug, Clone)]
pub struct ConfigSuppression {
    pub paths: Vec<GlobMatcher>,
    pub rule: String,
    /// Only findings whose logical path starts with this.
    pub logical_path: Option<String>,
    pub reason: String,
    /// `YYYY-MM-DD`; after it the suppression stops applying and is reported.
    pub expires: Option<String>,
    /// Where the entry is in the configuration file.
    pub span: crate::span::Span,
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub selection: RuleSelection,
    pub severities: Vec<SeverityOverride>,
    pub overrides: Vec<PathOverride>,
    pub kinds_by_path: Vec<(GlobMatcher, InputKind)>,
    /// Policy type names (`identity`, `resource`, `trust`, `scp`, `rcp`,
    /// `permissions-boundary`, `session`) by path glob.
    pub policy_types_by_path: Vec<(GlobMatcher, String)>,
    /// The policy type `--policy-type` forces on standalone policy files.
    pub forced_policy_type: Option<crate::iam::policy::PolicyType>,
    pub limits: Limits,
    /// Findings at or above this severity make the exit status 1; `None` never fails.
    pub fail_on: Option<Severity>,
    pub required_tags: Vec<TagRequirement>,
    pub account: AccountFacts,
    /// Kafka and Cassandra versions the configuration files target.
    pub versions: TargetVersions,
    pub emrfs_roles: Vec<RoleFiles>,
    /// The ARN of the EMR cluster's EC2 instance role (`[emrfs] instance-role`):
    /// mapped roles must trust it, and EMRFS falls back to it.
    pub emrfs_instance_role: Option<String>,
    pub assertion_files: Vec<PathBuf>,
    /// Directories or files of declarative rules to load (`rules = [...]`),
    /// besides those given with `--rules`.
    pub rule_paths: Vec<PathBuf>,
    pub suppressions: Vec<ConfigSuppression>,
    /// The configuration file these settings came from, if any.
    pub config_path: Option<PathBuf>,
    /// Apply suppressions (`--no-suppress` turns them off for audits).
    pub apply_suppressions: bool,
    /// The date suppressions expire against (today, or fixed by tests).
    pub today: Option<jiff::civil::Date>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            selection: RuleSelection::default(),
            severities: Vec::new(),
            overrides: Vec::new(),
            kinds_by_path: Vec::new(),
            policy_types_by_path: Vec::new(),
            forced_policy_type: None,
            limits: Limits::default(),
            fail_on: Some(Severity::Warning),
            required_tags: Vec::new(),
            account: AccountFacts::default(),
            versions: TargetVersions::default(),
            emrfs_roles: Vec::new(),
            emrfs_instance_role: None,
            assertion_files: Vec::new(),
            rule_paths: Vec::new(),
            suppressions: Vec::new(),
            config_path: None,
            apply_suppressions: true,
            today: None,
        }
    }
}

fn glob_hit(globs: &[GlobMatcher], path: &Path) -> bool {
    let rel = path.strip_prefix("./").unwrap_or(path);
    globs.iter().any(|g| g.is_match(rel))
}

impl Settings {
    /// Whether `rule` runs on `path`: the global selection, then the path
    /// overrides in order (a later matching override decides).
    #[must_use]
    pub fn rule_enabled(&self, rule: &RuleMeta, path: &Path) -> bool {
        let mut enabled = self.selection.enabled(rule);
        for o in &self.overrides {
            if glob_hit(&o.globs, path) {
                if !o.selection.select.is_empty() && o.selection.enabled(rule) {
                    enabled = true;
                }
                if o.selection
                    .ignore
                    .iter()
                    .any(|s| RuleSelection::matches(rule, s))
                {
                    enabled = false;
                }
            }
        }
        enabled
    }

    /// The configured severity of `rule`'s findings in `path`, when an
    /// override names the rule (otherwise findings keep the rule's own).
    #[must_use]
    pub fn severity_for(&self, rule: &RuleMeta, path: &Path) -> Option<Severity> {
        let mut severity = None;
        let mut apply = |list: &[SeverityOverride]| {
            if let Some(o) = list
                .iter()
                .filter(|o| RuleSelection::matches(rule, &o.selector))
                .max_by_key(|o| RuleSelection::specificity(rule, &o.selector))
            {
                severity = Some(o.severity);
            }
        };
        apply(&self.severities);
        for o in &self.overrides {
            if glob_hit(&o.globs, path) {
                apply(&o.severities);
            }
        }
        severity
    }

    /// The input kind configured for `path`, if any.
    #[must_use]
    pub fn kind_for(&self, path: &Path) -> Option<InputKind> {
        let rel = path.strip_prefix("./").unwrap_or(path);
        self.kinds_by_path
            .iter()
            .rev()
            .find(|(g, _)| g.is_match(rel))
            .map(|(_, k)| *k)
    }

    /// The policy type configured for `path`, if any.
    #[must_use]
    pub fn policy_type_for(&self, path: &Path) -> Option<&str> {
        let rel = path.strip_prefix("./").unwrap_or(path);
        self.policy_types_by_path
            .iter()
            .rev()
            .find(|(g, _)| g.is_match(rel))
            .map(|(_, t)| t.as_str())
    }
}
