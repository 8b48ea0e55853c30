//! `.cloudlint.toml`: finding it, reading it, and turning it into [`Settings`].
//!
//! Every key is checked: an unknown or misspelled key, a wrong type or a bad
//! value is an error with its line and column (and a did-you-mean), because a
//! silently ignored setting is a check silently not made.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobMatcher};

use super::{
    AccountFacts, ConfigSuppression, PathOverride, RoleFiles, Settings, SeverityOverride,
    TagRequirement, TargetVersions, Version,
};
use crate::diagnostic::Severity;
use crate::parse::{Member, Node, Value};
use crate::rules::RuleSelection;
use crate::source::InputKind;
use crate::span::{LineIndex, Span};
use crate::suggest::hint;

pub const FILE_NAME: &str = ".cloudlint.toml";

/// A problem in the configuration file, at a span of its text.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigError {
    pub span: Span,
    pub message: String,
}

/// A configuration file that could not be used, with every problem found.
#[derive(Debug, Clone)]
pub struct ConfigErrors {
    pub path: PathBuf,
    pub text: String,
    pub errors: Vec<ConfigError>,
}

impl std::fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let index = LineIndex::new(&self.text);
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            let lc = index.line_col(&self.text, e.span.start);
            write!(
                f,
                "{}:{}:{}: {}",
                self.path.display(),
                lc.line,
                lc.column,
                e.message
            )?;
        }
        Ok(())
    }
}

/// The nearest `.cloudlint.toml` in `start` or one of its parents.
#[must_use]
pub fn discover(start: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(start).ok()?;
    let mut dir = if abs.is_dir() {
        Some(abs.as_path())
    } else {
        abs.parent()
    };
    while let Some(d) = dir {
        let candidate = d.join(FILE_NAME);
        if candidate.is_file() {
            // Shown relative to the working directory when it is below it.
            let cwd = std::env::current_dir().ok();
            return Some(
                match cwd.as_deref().and_then(|c| candidate.strip_prefix(c).ok()) {
                    Some(rel) => rel.to_path_buf(),
                    None => candidate,
                },
            );
        }
        dir = d.parent();
    }
    None
}

/// Reads and validates a configuration file.
///
/// # Errors
/// The file cannot be read, is not TOML, or has unknown keys or bad values.
pub fn load(path: &Path) -> Result<Settings, ConfigErrors> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigErrors {
        path: path.to_path_buf(),
        text: String::new(),
        errors: vec![ConfigError {
            span: Span::EMPTY,
            message: format!("cannot read the configuration file: {e}"),
        }],
    })?;
    let mut settings = from_text(&text).map_err(|errors| ConfigErrors {
        path: path.to_path_buf(),
        text: text.clone(),
        errors,
    })?;
    settings.config_path = Some(path.to_path_buf());
    let base = path.parent().unwrap_or(Path::new("."));
    for role in &mut settings.emrfs_roles {
        role.trust_policy = role.trust_policy.take().map(|p| lexical_join(base, &p));
        role.policies = role
            .policies
            .iter()
            .map(|p| lexical_join(base, p))
            .collect();
    }
    settings.assertion_files = settings
        .assertion_files
        .iter()
        .map(|p| base.join(p))
        .collect();
    settings.rule_paths = settings.rule_paths.iter().map(|p| base.join(p)).collect();
    Ok(settings)
}

/// `base/rel` with `.` and `dir/..` steps removed, so that messages name
/// `testdata/seed/x.json` rather than `testdata/EMR030/../seed/x.json`.
fn lexical_join(base: &Path, rel: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in base.join(rel).components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Validates configuration text into settings.
///
/// # Errors
/// Every problem found, with its span.
pub fn from_text(text: &str) -> Result<Settings, Vec<ConfigError>> {
    let parsed = super::toml_tree::parse_toml(text);
    let Some(root) = parsed.root else {
        return Err(parsed
            .issues
            .into_iter()
            .map(|i| ConfigError {
                span: i.span,
                message: format!("not valid TOML: {}", i.message),
            })
            .collect());
    };
    let mut r = Reader::default();
    let settings = r.settings(&root);
    if r.errors.is_empty() {
        Ok(settings)
    } else {
        Err(r.errors)
    }
}

const TOP_KEYS: &[&str] = &[
    "select",
    "ignore",
    "fail-on",
    "severity",
    "overrides",
    "kinds",
    "policy-types",
    "tags",
    "account",
    "versions",
    "emrfs",
    "assertions",
    "limits",
    "suppress",
    "rules",
];

#[derive(Default)]
struct Reader {
    errors: Vec<ConfigError>,
}

impl Reader {
    fn err(&mut self, span: Span, message: String) {
        self.errors.push(ConfigError { span, message });
    }

    /// The members of a table, with unknown keys reported.
    fn table<'a>(&mut self, node: &'a Node, what: &str, known: &[&str]) -> &'a [Member] {
        if !node.is_object() {
            self.err(
                node.span,
                format!("`{what}` must be a table, not a {}", node.type_name()),
            );
            return &[];
        }
        for m in node.members() {
            if !known.contains(&m.key.as_str()) {
                self.err(
                    m.key_span,
                    format!(
                        "unknown key `{}` in {what}{}",
                        m.key,
                        hint(&m.key, known.iter().copied())
                    ),
                );
            }
        }
        node.members()
    }

    fn string(&mut self, node: &Node, what: &str) -> Option<String> {
        let s = node.as_str().map(str::to_string);
        if s.is_none() {
            self.err(
                node.span,
                format!("`{what}` must be a string, not a {}", node.type_name()),
            );
        }
        s
    }

    fn strings(&mut self, node: &Node, what: &str) -> Vec<String> {
        match &node.value {
            Value::Array(items) => items.iter().filter_map(|i| self.string(i, what)).collect(),
            Value::String(s) => vec![s.clone()],
            _ => {
                self.err(node.span, format!("`{what}` must be a list of strings"));
                Vec::new()
            }
        }
    }

    fn boolean(&mut self, node: &Node, what: &str) -> Option<bool> {
        let b = node.as_bool();
        if b.is_none() {
            self.err(node.span, format!("`{what}` must be true or false"));
        }
        b
    }

    fn number(&mut self, node: &Node, what: &str) -> Option<u64> {
        let n = node
            .as_i64()
            .and_then(|n| u64::try_from(n).ok())
            .filter(|&n| n > 0);
        if n.is_none() {
            self.err(
                node.span,
                format!("`{what}` must be a positive whole number"),
            );
        }
        n
    }

    fn severity(&mut self, node: &Node, what: &str) -> Option<Severity> {
        let s = self.string(node, what)?;
        let sev = Severity::parse(&s);
        if sev.is_none() {
            self.err(
                node.span,
                format!("`{what}` must be \"error\", \"warning\" or \"note\", not \"{s}\""),
            );
        }
        sev
    }

    fn glob(&mut self, node: &Node, pattern: &str) -> Option<GlobMatcher> {
        match Glob::new(pattern) {
            Ok(g) => Some(g.compile_matcher()),
            Err(e) => {
                self.err(node.span, format!("invalid glob `{pattern}`: {e}"));
                None
            }
        }
    }

    fn globs(&mut self, node: &Node, what: &str) -> Vec<GlobMatcher> {
        let mut out = Vec::new();
        let items: Vec<&Node> = node.one_or_many().iter().collect();
        for item in items {
            if let Some(p) = self.string(item, what) {
                out.extend(self.glob(item, &p));
            }
        }
        out
    }

    fn settings(&mut self, root: &Node) -> Settings {
        let mut s = Settings::default();
        for m in self.table(root, "the configuration", TOP_KEYS) {
            let v = &m.value;
            match m.key.as_str() {
                "select" => s.selection.select = self.strings(v, "select"),
                "ignore" => s.selection.ignore = self.strings(v, "ignore"),
                "fail-on" => {
                    if let Some(t) = self.string(v, "fail-on") {
                        if t == "never" {
                            s.fail_on = None;
                        } else if let Some(sev) = Severity::parse(&t) {
                            s.fail_on = Some(sev);
                        } else {
                            self.err(
                                v.span,
                                format!(
                                    "`fail-on` must be error, warning, note or never, not \"{t}\""
                                ),
                            );
                        }
                    }
                }
                "severity" => s.severities = self.severities(v, "severity"),
                "overrides" => s.overrides = self.overrides(v),
                "kinds" => s.kinds_by_path = self.kinds(v),
                "policy-types" => s.policy_types_by_path = self.policy_types(v),
                "tags" => s.required_tags = self.tags(v),
                "account" => s.account = self.account(v),
                "versions" => s.versions = self.versions(v),
                "emrfs" => (s.emrfs_roles, s.emrfs_instance_role) = self.emrfs(v),
                "assertions" => {
                    for a in self.table(v, "[assertions]", &["files"]) {
                        s.assertion_files = self
                            .strings(&a.value, "assertions.files")
                            .into_iter()
                            .map(PathBuf::from)
                            .collect();
                    }
                }
                "limits" => self.limits(v, &mut s),
                "suppress" => s.suppressions = self.suppressions(v),
                "rules" => {
                    s.rule_paths = self
                        .strings(v, "rules")
                        .into_iter()
                        .map(PathBuf::from)
                        .collect();
                }
                _ => {}
            }
        }
        s
    }

    fn severities(&mut self, node: &Node, what: &str) -> Vec<SeverityOverride> {
        let members = if node.is_object() {
            node.members()
        } else {
            self.table(node, what, &[])
        };
        let mut out = Vec::new();
        for m in members {
            if let Some(sev) = self.severity(&m.value, &format!("{what}.{}", m.key)) {
                out.push(SeverityOverride {
                    selector: m.key.clone(),
                    severity: sev,
                });
            }
        }
        out
    }

    fn overrides(&mut self, node: &Node) -> Vec<PathOverride> {
        let mut out = Vec::new();
        if !node.is_array() {
            self.err(
                node.span,
                "`overrides` must be a list of tables: [[overrides]]".to_string(),
            );
            return out;
        }
        for item in node.items() {
            let mut o = PathOverride {
                globs: Vec::new(),
                selection: RuleSelection::default(),
                severities: Vec::new(),
            };
            let mut has_paths = false;
            for m in self.table(
                item,
                "[[overrides]]",
                &["paths", "select", "ignore", "severity"],
            ) {
                match m.key.as_str() {
                    "paths" => {
                        has_paths = true;
                        o.globs = self.globs(&m.value, "overrides.paths");
                    }
                    "select" => o.selection.select = self.strings(&m.value, "overrides.select"),
                    "ignore" => o.selection.ignore = self.strings(&m.value, "overrides.ignore"),
                    "severity" => o.severities = self.severities(&m.value, "overrides.severity"),
                    _ => {}
                }
            }
            if !has_paths {
                self.err(
                    item.span,
                    "an `[[overrides]]` entry needs `paths`".to_string(),
                );
            }
            out.push(o);
        }
        out
    }

    fn kinds(&mut self, node: &Node) -> Vec<(GlobMatcher, InputKind)> {
        let mut out = Vec::new();
        let members = if node.is_object() {
            node.members()
        } else {
            self.table(node, "[kinds]", &[])
        };
        let names: Vec<&str> = InputKind::ALL.iter().map(|k| k.as_str()).collect();
        for m in members {
            let Some(name) = self.string(&m.value, "kinds") else {
                continue;
            };
            match InputKind::parse(&name) {
                Some(kind) => {
                    if let Some(g) = self.glob(&m.value, &m.key) {
                        out.push((g, kind));
                    }
                }
                None => self.err(
                    m.value.span,
                    format!(
                        "unknown input kind \"{name}\"{}; one of: {}",
                        hint(&name, names.iter().copied()),
                        names.join(", ")
                    ),
                ),
            }
        }
        out
    }

    fn policy_types(&mut self, node: &Node) -> Vec<(GlobMatcher, String)> {
        const TYPES: &[&str] = &[
            "identity",
            "resource",
            "trust",
            "scp",
            "rcp",
            "permissions-boundary",
            "session",
        ];
        let mut out = Vec::new();
        let members = if node.is_object() {
            node.members()
        } else {
            self.table(node, "[policy-types]", &[])
        };
        for m in members {
            let Some(name) = self.string(&m.value, "policy-types") else {
                continue;
            };
            if TYPES.contains(&name.as_str()) {
                if let Some(g) = self.glob(&m.value, &m.key) {
                    out.push((g, name));
                }
            } else {
                self.err(
                    m.value.span,
                    format!(
                        "unknown policy type \"{name}\"{}; one of: {}",
                        hint(&name, TYPES.iter().copied()),
                        TYPES.join(", ")
                    ),
                );
            }
        }
        out
    }

    fn tags(&mut self, node: &Node) -> Vec<TagRequirement> {
        let mut out = Vec::new();
        for m in self.table(node, "[tags]", &["required", "rules"]) {
            match m.key.as_str() {
                "required" => out.push(TagRequirement {
                    resource_types: Glob::new("*")
                        .map(|g| vec![g.compile_matcher()])
                        .unwrap_or_default(),
                    keys: self.strings(&m.value, "tags.required"),
                }),
                "rules" => {
                    for item in m.value.items() {
                        let mut req = TagRequirement {
                            resource_types: Vec::new(),
                            keys: Vec::new(),
                        };
                        for r in self.table(item, "[[tags.rules]]", &["resource-types", "required"])
                        {
                            match r.key.as_str() {
                                "resource-types" => {
                                    req.resource_types =
                                        self.globs(&r.value, "tags.rules.resource-types")
                                }
                                "required" => {
                                    req.keys = self.strings(&r.value, "tags.rules.required")
                                }
                                _ => {}
                            }
                        }
                        out.push(req);
                    }
                }
                _ => {}
            }
        }
        out
    }

    fn account(&mut self, node: &Node) -> AccountFacts {
        let mut a = AccountFacts::default();
        let known = [
            "ebs-encryption-by-default",
            "default-ebs-kms-key",
            "require-customer-managed-keys",
            "kafka-storage",
            "cassandra-storage",
            "id",
            "trusted-accounts",
        ];
        for m in self.table(node, "[account]", &known) {
            let v = &m.value;
            match m.key.as_str() {
                "id" => a.id = self.account_id(v, "account.id"),
                "trusted-accounts" => {
                    a.trusted_accounts = match &v.value {
                        Value::Array(items) => items
                            .iter()
                            .filter_map(|i| self.account_id(i, "account.trusted-accounts"))
                            .collect(),
                        _ => {
                            self.err(
                                v.span,
                                "`account.trusted-accounts` must be a list of 12-digit account IDs"
                                    .to_string(),
                            );
                            Vec::new()
                        }
                    }
                }
                "ebs-encryption-by-default" => {
                    a.ebs_encryption_by_default =
                        self.boolean(v, "account.ebs-encryption-by-default")
                }
                "default-ebs-kms-key" => {
                    a.default_ebs_kms_key = self.string(v, "account.default-ebs-kms-key")
                }
                "require-customer-managed-keys" => {
                    a.require_customer_managed_keys = self
                        .boolean(v, "account.require-customer-managed-keys")
                        .unwrap_or(false);
                }
                "kafka-storage" | "cassandra-storage" => {
                    let what = format!("account.{}", m.key);
                    if let Some(s) = self.string(v, &what) {
                        let ebs = match s.as_str() {
                            "ebs" => true,
                            "instance-store" => false,
                            _ => {
                                self.err(
                                    v.span,
                                    format!("`{what}` must be \"ebs\" or \"instance-store\""),
                                );
                                false
                            }
                        };
                        if m.key == "kafka-storage" {
                            a.kafka_on_ebs = ebs;
                        } else {
                            a.cassandra_on_ebs = ebs;
                        }
                    }
                }
                _ => {}
            }
        }
        a
    }

    /// A 12-digit AWS account ID, written as a string (as a TOML integer a
    /// leading zero would be lost).
    fn account_id(&mut self, node: &Node, what: &str) -> Option<String> {
        let id = self.string(node, what)?;
        if id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit()) {
            Some(id)
        } else {
            self.err(
                node.span,
                format!("`{what}` must be a 12-digit AWS account ID such as \"123456789012\", not \"{id}\""),
            );
            None
        }
    }

    fn versions(&mut self, node: &Node) -> TargetVersions {
        let mut v = TargetVersions::default();
        for m in self.table(node, "[versions]", &["kafka", "cassandra"]) {
            let what = format!("versions.{}", m.key);
            let text = match &m.value.value {
                Value::String(s) => s.clone(),
                _ => {
                    self.err(
                        m.value.span,
                        format!(
                            "`{what}` must be a string such as \"{}\" (as a number, 4.10 would read as 4.1)",
                            if m.key == "kafka" { "3.9" } else { "4.1" }
                        ),
                    );
                    continue;
                }
            };
            let Some(version) = Version::parse(&text) else {
                self.err(
                    m.value.span,
                    format!(
                        "`{what}` must be a version such as \"4.1\" or \"4.1.7\", not \"{text}\""
                    ),
                );
                continue;
            };
            if m.key == "kafka" {
                v.kafka = Some(version);
            } else {
                v.cassandra = Some(version);
            }
        }
        v
    }

    /// `[emrfs]`: the mapped roles' policy files and the cluster's instance role.
    fn emrfs(&mut self, node: &Node) -> (Vec<RoleFiles>, Option<String>) {
        let mut out = Vec::new();
        let mut instance_role = None;
        for m in self.table(node, "[emrfs]", &["roles", "instance-role"]) {
            if m.key == "instance-role" {
                instance_role = self.string(&m.value, "emrfs.instance-role");
                if let Some(problem) = instance_role
                    .as_deref()
                    .and_then(crate::emr::role_arn_problem)
                {
                    self.err(
                        m.value.span,
                        format!(
                            "`emrfs.instance-role` {problem}: write the instance role's ARN, arn:aws:iam::ACCOUNT:role/NAME (the role, not its instance profile)"
                        ),
                    );
                }
                continue;
            }
            let roles = if m.value.is_object() {
                m.value.members()
            } else {
                self.table(&m.value, "[emrfs.roles]", &[])
            };
            for r in roles {
                let mut role = RoleFiles {
                    arn: r.key.clone(),
                    ..RoleFiles::default()
                };
                if !r.key.starts_with("arn:") || !r.key.contains(":role/") {
                    self.err(
                        r.key_span,
                        format!(
                            "`{}` is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)",
                            r.key
                        ),
                    );
                }
                for f in self.table(
                    &r.value,
                    "an [emrfs.roles] entry",
                    &["trust-policy", "policies"],
                ) {
                    match f.key.as_str() {
                        "trust-policy" => {
                            role.trust_policy =
                                self.string(&f.value, "trust-policy").map(PathBuf::from)
                        }
                        "policies" => {
                            role.policies_known = true;
                            role.policies = self
                                .strings(&f.value, "policies")
                                .into_iter()
                                .map(PathBuf::from)
                                .collect()
                        }
                        _ => {}
                    }
                }
                out.push(role);
            }
        }
        (out, instance_role)
    }

    fn limits(&mut self, node: &Node, s: &mut Settings) {
        for m in self.table(
            node,
            "[limits]",
            &["max-file-size", "max-depth", "max-alias-nodes"],
        ) {
            let what = format!("limits.{}", m.key);
            let Some(n) = self.number(&m.value, &what) else {
                continue;
            };
            let n_usize = usize::try_from(n).unwrap_or(usize::MAX);
            match m.key.as_str() {
                "max-file-size" => s.limits.max_file_size = n,
                "max-depth" => s.limits.max_depth = n_usize.min(crate::parse::MAX_SUPPORTED_DEPTH),
                "max-alias-nodes" => s.limits.max_alias_nodes = n_usize,
                _ => {}
            }
        }
    }

    fn suppressions(&mut self, node: &Node) -> Vec<ConfigSuppression> {
        let mut out = Vec::new();
        if !node.is_array() {
            self.err(
                node.span,
                "`suppress` must be a list of tables: [[suppress]]".to_string(),
            );
            return out;
        }
        for item in node.items() {
            let mut sup = ConfigSuppression {
                paths: Vec::new(),
                rule: String::new(),
                logical_path: None,
                reason: String::new(),
                expires: None,
                span: item.span,
            };
            for m in self.table(
                item,
                "[[suppress]]",
                &["paths", "rule", "logical-path", "reason", "expires"],
            ) {
                match m.key.as_str() {
                    "paths" => sup.paths = self.globs(&m.value, "suppress.paths"),
                    "rule" => sup.rule = self.string(&m.value, "suppress.rule").unwrap_or_default(),
                    "logical-path" => {
                        sup.logical_path = self.string(&m.value, "suppress.logical-path")
                    }
                    "reason" => {
                        sup.reason = self.string(&m.value, "suppress.reason").unwrap_or_default()
                    }
                    "expires" => {
                        sup.expires = self.string(&m.value, "suppress.expires");
                        if let Some(d) = &sup.expires
                            && d.parse::<jiff::civil::Date>().is_err()
                        {
                            self.err(
                                m.value.span,
                                format!("`expires` must be a date YYYY-MM-DD, not \"{d}\""),
                            );
                        }
                    }
                    _ => {}
                }
            }
            if sup.paths.is_empty() || sup.rule.is_empty() {
                self.err(
                    item.span,
                    "a `[[suppress]]` entry needs `paths` and `rule`".to_string(),
                );
            }
            if sup.reason.trim().is_empty() {
                self.err(
                    item.span,
                    "a `[[suppress]]` entry needs a `reason`: say why the finding is accepted"
                        .to_string(),
                );
            }
            out.push(sup);
        }
        out
    }
}

/// The commented starter file `cloudlint init` writes.
pub const STARTER: &str = include_str!("starter.toml");

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<(u32, u32, String)> {
        let idx = LineIndex::new(text);
        match from_text(text) {
            Ok(_) => Vec::new(),
            Err(errs) => errs
                .into_iter()
                .map(|e| {
                    let lc = idx.line_col(text, e.span.start);
                    (lc.line, lc.column, e.message)
                })
                .collect(),
        }
    }

    #[test]
    fn the_starter_file_is_valid() {
        assert_eq!(errors(STARTER), Vec::new());
    }

    #[test]
    fn unknown_keys_have_positions_and_suggestions() {
        let errs = errors("fail-on = \"error\"\n[acount]\nx = 1\n[limits]\nmax-dept = 3\n");
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert_eq!((errs[0].0, errs[0].1), (2, 2));
        assert!(
            errs[0].2.contains("did you mean `account`"),
            "{:?}",
            errs[0]
        );
        assert_eq!((errs[1].0, errs[1].1), (5, 1));
        assert!(errs[1].2.contains("max-depth"));
    }

    #[test]
    fn account_ids_are_twelve_digit_strings() {
        let s =
            from_text("[account]\nid = \"012345678901\"\ntrusted-accounts = [\"111122223333\"]\n")
                .unwrap_or_default();
        assert_eq!(s.account.id.as_deref(), Some("012345678901"));
        assert_eq!(s.account.trusted_accounts, vec!["111122223333".to_string()]);
        let errs = errors("[account]\nid = 12345\ntrusted-accounts = [\"1234\"]\n");
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs[1].2.contains("12-digit"), "{errs:?}");
    }

    #[test]
    fn bad_values_are_reported() {
        let errs = errors("fail-on = \"sometimes\"\n[kinds]\n\"a/*.json\" = \"iam-polcy\"\n");
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs[1].2.contains("did you mean `iam-policy`"));
    }

    #[test]
    fn overrides_and_severities_apply_by_path() {
        let text = "ignore = [\"ECS001\"]\n[severity]\nSYN004 = \"note\"\n[[overrides]]\npaths = [\"legacy/**\"]\nignore = [\"SYN\"]\n";
        let s = from_text(text).unwrap_or_default();
        let dup = crate::rules::syntax::duplicate_key::RULE.meta.clone();
        assert!(s.rule_enabled(&dup, Path::new("a.json")));
        assert!(!s.rule_enabled(&dup, Path::new("legacy/a.json")));
        assert_eq!(
            s.severity_for(&dup, Path::new("a.json")),
            Some(Severity::Note)
        );
        let ecs_meta = crate::rules::ecs::unknown_container_field::RULE
            .meta
            .clone();
        assert_eq!(s.severity_for(&ecs_meta, Path::new("a.json")), None);
        let ecs = crate::rules::ecs::unknown_container_field::RULE
            .meta
            .clone();
        assert!(!s.rule_enabled(&ecs, Path::new("a.json")));
    }

    #[test]
    fn relative_paths_are_joined_lexically() {
        assert_eq!(
            lexical_join(
                Path::new("testdata/EMR030/fail"),
                Path::new("../../seed/p.json")
            ),
            PathBuf::from("testdata/seed/p.json")
        );
        assert_eq!(
            lexical_join(Path::new("."), Path::new("./iam/p.json")),
            PathBuf::from("iam/p.json")
        );
        assert_eq!(
            lexical_join(Path::new(""), Path::new("../p.json")),
            PathBuf::from("../p.json")
        );
    }

    #[test]
    fn emrfs_instance_role_is_a_role_arn() {
        let ok = from_text(
            "[emrfs]\ninstance-role = \"arn:aws:iam::111122223333:role/EMR_EC2_RestrictedRole\"\n",
        );
        assert_eq!(
            ok.ok().and_then(|s| s.emrfs_instance_role).as_deref(),
            Some("arn:aws:iam::111122223333:role/EMR_EC2_RestrictedRole")
        );
        let errs = errors(
            "[emrfs]\ninstance-role = \"arn:aws:iam::111122223333:instance-profile/EMR_EC2_DefaultRole\"\n",
        );
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!((errs[0].0, errs[0].1), (2, 17));
        assert!(errs[0].2.contains("instance profile"), "{errs:?}");
    }

    #[test]
    fn suppressions_need_a_reason() {
        let errs = errors("[[suppress]]\npaths = [\"a.json\"]\nrule = \"SYN004\"\n");
        assert_eq!(errs.len(), 1);
        assert!(errs[0].2.contains("reason"));
    }

    #[test]
    fn versions_are_checked() {
        let s =
            from_text("[versions]\nkafka = \"3.9\"\ncassandra = \"4.1.7\"\n").unwrap_or_default();
        assert_eq!(s.versions.kafka, Some(Version::new(3, 9)));
        assert_eq!(s.versions.cassandra, Some(Version::new(4, 1)));
        let errs = errors("[versions]\nkafka = 3.9\ncassandra = \"4.x\"\ncasandra = \"5.0\"\n");
        assert_eq!(errs.len(), 3, "{errs:?}");
        assert_eq!((errs[0].0, errs[0].1), (4, 1));
        assert!(errs[0].2.contains("did you mean `cassandra`"), "{errs:?}");
        assert_eq!((errs[1].0, errs[1].1), (2, 9));
        assert!(errs[1].2.contains("must be a string"), "{errs:?}");
        assert_eq!((errs[2].0, errs[2].1), (3, 13));
        assert!(errs[2].2.contains("not \"4.x\""), "{errs:?}");
    }
}
