//! The IAM roles around EMRFS role mappings — the mapped roles and the
//! cluster's EC2 instance role — with their trust and permission policies when
//! the configuration names the files (`[emrfs]` in `.cloudlint.toml`), and the
//! questions rules and `cloudlint emrfs resolve` ask about them, answered by
//! the IAM evaluator:
//! - may EMRFS (running as the instance role) assume a mapped role?
//! - what may a role do in S3: every bucket, bucket administration?

use std::collections::BTreeMap;

use crate::config::Settings;
use crate::iam::catalog::Catalog;
use crate::iam::eval::{
    Context, Decision, EvalError, Evaluation, LoadError, PolicyDoc, PolicySet, Request,
    ResourcePolicy, ResourcePolicyKind, evaluate,
};
use crate::iam::policy::PolicyType;

/// A role the configuration tells about.
#[derive(Debug, Clone)]
pub struct KnownRole {
    pub arn: String,
    /// The trust policy, when its file is named.
    pub trust: Option<Result<PolicyDoc, Vec<LoadError>>>,
    /// The permission policies, when `policies` is given (an empty list means
    /// the role has none); `None` when what the role may do is unknown.
    pub policies: Option<Vec<Result<PolicyDoc, Vec<LoadError>>>>,
    /// Whether `policies` are all of the role's policies, wholly known; false
    /// when some are only partly known (an AWS managed policy cloudlint does
    /// not carry, a statement with deploy-time parts): what they allow is
    /// allowed, but a denial may be wrong.
    pub complete: bool,
}

impl KnownRole {
    /// The permission policies, when they are all known.
    #[must_use]
    pub fn complete_permission_docs(&self) -> Option<Vec<PolicyDoc>> {
        if self.complete {
            self.permission_docs()
        } else {
            None
        }
    }

    /// The permission policies that loaded, when they are known.
    #[must_use]
    pub fn permission_docs(&self) -> Option<Vec<PolicyDoc>> {
        self.policies
            .as_ref()
            .map(|ps| ps.iter().filter_map(|p| p.as_ref().ok().cloned()).collect())
    }

    /// Every load error of the role's policy files.
    #[must_use]
    pub fn load_errors(&self) -> Vec<&LoadError> {
        self.trust
            .iter()
            .chain(self.policies.iter().flatten())
            .filter_map(|r| r.as_ref().err())
            .flatten()
            .collect()
    }

    /// The role's name (the last segment of its ARN).
    #[must_use]
    pub fn name(&self) -> &str {
        role_name(&self.arn)
    }
}

/// A policy file's name, or where in a template (`file:line:column`) the
/// policy is.
#[must_use]
pub fn policy_location(doc: &PolicyDoc) -> String {
    if doc.policy.span.start == 0 {
        doc.name().to_string()
    } else {
        doc.source.location(doc.policy.span).to_string()
    }
}

/// The name of a role ARN.
#[must_use]
pub fn role_name(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

/// The roles of the configuration, by ARN, and the cluster's instance role.
#[derive(Debug, Default, Clone)]
pub struct RoleSet {
    pub instance_role: Option<String>,
    roles: BTreeMap<String, KnownRole>,
    /// How a fix refers to a role, when not by its ARN (a template's
    /// `{"Fn::GetAtt": ["Role", "Arn"]}`), by ARN.
    references: BTreeMap<String, String>,
}

impl RoleSet {
    /// Loads every policy file the settings name.
    #[must_use]
    pub fn from_settings(settings: &Settings) -> RoleSet {
        let mut roles = BTreeMap::new();
        for r in &settings.emrfs_roles {
            let trust = r
                .trust_policy
                .as_ref()
                .map(|p| PolicyDoc::from_file(p, PolicyType::Trust));
            let policies = r.policies_known.then(|| {
                r.policies
                    .iter()
                    .map(|p| PolicyDoc::from_file(p, PolicyType::Identity))
                    .collect()
            });
            roles.insert(
                r.arn.clone(),
                KnownRole {
                    arn: r.arn.clone(),
                    trust,
                    policies,
                    complete: true,
                },
            );
        }
        RoleSet {
            instance_role: settings.emrfs_instance_role.clone(),
            roles,
            references: BTreeMap::new(),
        }
    }

    /// An empty set for the cluster whose instance role is `instance_role`;
    /// fill it with [`RoleSet::insert`] (a template rule does, from its
    /// `AWS::IAM::Role` resources and `PolicyDoc::from_node`).
    #[must_use]
    pub fn new(instance_role: Option<String>) -> RoleSet {
        RoleSet {
            instance_role,
            roles: BTreeMap::new(),
            references: BTreeMap::new(),
        }
    }

    /// Adds or replaces a role.
    pub fn insert(&mut self, role: KnownRole) {
        self.references.remove(&role.arn);
        self.roles.insert(role.arn.clone(), role);
    }

    /// Adds or replaces a role that a fix refers to as `reference` (a JSON
    /// value such as `{"Fn::GetAtt": ["Role", "Arn"]}`).
    pub fn insert_with_reference(&mut self, role: KnownRole, reference: String) {
        self.references.insert(role.arn.clone(), reference);
        self.roles.insert(role.arn.clone(), role);
    }

    /// Whether `arn` is a role of a template (it has a reference).
    #[must_use]
    pub fn is_from_template(&self, arn: &str) -> bool {
        self.references.contains_key(arn)
    }

    /// The JSON value a policy uses to name `arn`: its reference, or the
    /// quoted ARN.
    #[must_use]
    pub fn reference(&self, arn: &str) -> String {
        self.references
            .get(arn)
            .cloned()
            .unwrap_or_else(|| format!("\"{arn}\""))
    }

    #[must_use]
    pub fn role(&self, arn: &str) -> Option<&KnownRole> {
        self.roles.get(arn)
    }

    /// The instance role, when configured and described.
    #[must_use]
    pub fn instance(&self) -> Option<&KnownRole> {
        self.instance_role.as_deref().and_then(|a| self.role(a))
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.roles.is_empty() && self.instance_role.is_none()
    }
}

/// The resource ARN an S3 action addresses for an `s3://bucket/key` path,
/// from the action catalogue's resource types (bucket-level actions such as
/// `s3:ListBucket` address the bucket), and the context that goes with it
/// (`s3:prefix` for listings).
#[must_use]
pub fn s3_resource(action: &str, bucket: &str, key: &str) -> (String, Context) {
    let mut context = Context::default();
    let types: Vec<&str> = Catalog::get()
        .arn_patterns_for(action)
        .iter()
        .map(|r| r.resource_type)
        .collect();
    let resource = if types.contains(&"object") || (types.is_empty() && !key.is_empty()) {
        format!("arn:aws:s3:::{bucket}/{key}")
    } else if types.contains(&"bucket") {
        if action.to_ascii_lowercase().starts_with("s3:listbucket") {
            context.add("s3:prefix", key);
        }
        format!("arn:aws:s3:::{bucket}")
    } else if types.is_empty() {
        format!("arn:aws:s3:::{bucket}")
    } else {
        "*".to_string()
    };
    (resource, context)
}

/// Evaluates `action` on `resource` for `role_arn` with identity `policies`.
///
/// # Errors
/// A request the evaluator cannot build or decide.
pub fn evaluate_identity(
    role_arn: &str,
    policies: Vec<PolicyDoc>,
    action: &str,
    resource: &str,
    context: Context,
) -> Result<Evaluation, String> {
    let request = Request::new(role_arn, action, resource)?.with_context(context);
    let set = PolicySet {
        identity: policies,
        ..PolicySet::default()
    };
    evaluate(&set, &request).map_err(|e: EvalError| e.to_string())
}

/// Whether `instance_role` may assume `role` through its trust policy.
#[derive(Debug)]
pub enum Trust {
    /// The trust policy allows it.
    Allowed(Evaluation),
    /// The trust policy does not allow it, whatever the instance role's own
    /// permissions.
    Denied(Evaluation),
    /// Only if the instance role's own policies allow `sts:AssumeRole` on the
    /// role (the trust policy names the account, not the role), and those
    /// policies are not known.
    DependsOnInstancePolicies(Evaluation),
}

/// Decides `sts:AssumeRole` of `role` by `instance_role` with the trust
/// policy `trust` and, when known, the instance role's permission policies.
///
/// # Errors
/// A request the evaluator cannot build or decide.
pub fn assume_role(
    instance_role: &str,
    instance_policies: Option<Vec<PolicyDoc>>,
    role: &str,
    trust: &PolicyDoc,
) -> Result<Trust, String> {
    let request = Request::new(instance_role, "sts:AssumeRole", role)?;
    let known = instance_policies.is_some();
    let mut set = PolicySet {
        identity: instance_policies.unwrap_or_default(),
        resource: Some(ResourcePolicy {
            doc: trust.clone(),
            kind: ResourcePolicyKind::Trust,
        }),
        ..PolicySet::default()
    };
    let first = evaluate(&set, &request).map_err(|e| e.to_string())?;
    if first.decision.is_allowed() {
        return Ok(Trust::Allowed(first));
    }
    if known || first.decision == Decision::ExplicitDeny {
        return Ok(Trust::Denied(first));
    }
    // Unknown identity policies: would an identity allow make the difference?
    let assumed = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "{role}"}}]}}"#
    );
    let doc = PolicyDoc::from_text(
        "(assumed instance-role permission)",
        &assumed,
        PolicyType::Identity,
    )
    .map_err(|e| {
        e.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    set.identity = vec![doc];
    let second = evaluate(&set, &request).map_err(|e| e.to_string())?;
    Ok(if second.decision.is_allowed() {
        Trust::DependsOnInstancePolicies(first)
    } else {
        Trust::Denied(first)
    })
}

/// A bucket name that no policy names: what a role may do there, it may do
/// in every bucket.
pub const ANY_BUCKET: &str = "cloudlint-probe-any-bucket";

/// Object-level actions: reading and changing data.
pub const DATA_ACTIONS: &[&str] = &["s3:GetObject", "s3:PutObject", "s3:DeleteObject"];

/// Bucket administration: deleting a bucket, or changing who may access it
/// and how it is protected.
pub const BUCKET_ADMIN_ACTIONS: &[&str] = &[
    "s3:DeleteBucket",
    "s3:PutBucketPolicy",
    "s3:DeleteBucketPolicy",
    "s3:PutBucketAcl",
    "s3:PutBucketPublicAccessBlock",
    "s3:PutEncryptionConfiguration",
    "s3:PutLifecycleConfiguration",
];

/// IAM actions that let a role grant itself more permissions.
pub const ESCALATION_ACTIONS: &[&str] = &["iam:PutRolePolicy", "iam:AttachRolePolicy"];

/// An action a role is allowed, with the evaluation that says so.
#[derive(Debug)]
pub struct Grant {
    pub action: String,
    pub resource: String,
    pub evaluation: Evaluation,
}

/// What a role may do beyond a data job's needs.
#[derive(Debug, Default)]
pub struct Breadth {
    /// Object actions allowed in every bucket.
    pub data_everywhere: Vec<Grant>,
    /// Bucket administration allowed on every bucket.
    pub admin_everywhere: Vec<Grant>,
    /// Bucket administration allowed on a bucket the policies name, by bucket.
    pub admin_on: BTreeMap<String, Vec<Grant>>,
    /// IAM actions that grant more permissions, on any role.
    pub escalation: Vec<Grant>,
}

impl Breadth {
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.data_everywhere.is_empty()
            && self.admin_everywhere.is_empty()
            && self.admin_on.is_empty()
            && self.escalation.is_empty()
    }

    /// Every grant, for listing where they come from.
    pub fn grants(&self) -> impl Iterator<Item = &Grant> {
        self.data_everywhere
            .iter()
            .chain(self.admin_everywhere.iter())
            .chain(self.admin_on.values().flatten())
            .chain(self.escalation.iter())
    }
}

/// The buckets the policies name in `Resource` (without wildcards).
#[must_use]
pub fn named_buckets(policies: &[PolicyDoc]) -> Vec<String> {
    let mut out: Vec<String> = policies
        .iter()
        .flat_map(|d| d.policy.statements.iter())
        .flat_map(|s| s.resource.iter())
        .flat_map(|r| r.value.items.iter())
        .filter_map(|i| i.value.as_str())
        .filter_map(|r| r.strip_prefix("arn:aws:s3:::"))
        .map(|r| r.split('/').next().unwrap_or(r))
        .filter(|b| !b.is_empty() && !b.contains(['*', '?', '$', crate::parse::node::SYMBOLIC]))
        .map(str::to_string)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// What `role_arn` may do with `policies`, probed through the evaluator.
#[must_use]
pub fn breadth(role_arn: &str, policies: &[PolicyDoc]) -> Breadth {
    let allowed = |action: &str, resource: &str| -> Option<Grant> {
        let e = evaluate_identity(
            role_arn,
            policies.to_vec(),
            action,
            resource,
            Context::default(),
        )
        .ok()?;
        e.decision.is_allowed().then(|| Grant {
            action: action.to_string(),
            resource: resource.to_string(),
            evaluation: e,
        })
    };
    let mut b = Breadth::default();
    for a in DATA_ACTIONS {
        b.data_everywhere.extend(allowed(
            a,
            &format!("arn:aws:s3:::{ANY_BUCKET}/cloudlint-probe-object"),
        ));
    }
    for a in BUCKET_ADMIN_ACTIONS {
        b.admin_everywhere
            .extend(allowed(a, &format!("arn:aws:s3:::{ANY_BUCKET}")));
    }
    if b.admin_everywhere.is_empty() {
        for bucket in named_buckets(policies) {
            let grants: Vec<Grant> = BUCKET_ADMIN_ACTIONS
                .iter()
                .filter_map(|a| allowed(a, &format!("arn:aws:s3:::{bucket}")))
                .collect();
            if !grants.is_empty() {
                b.admin_on.insert(bucket, grants);
            }
        }
    }
    let account = role_arn.split(':').nth(4).unwrap_or_default();
    for a in ESCALATION_ACTIONS {
        b.escalation.extend(allowed(
            a,
            &format!("arn:aws:iam::{account}:role/cloudlint-probe-role"),
        ));
    }
    b
}

/// Where the statements that allowed a set of grants are: `file:line`, sorted.
#[must_use]
pub fn granted_by<'g>(grants: impl Iterator<Item = &'g Grant>) -> Vec<String> {
    let mut out: Vec<String> = grants
        .flat_map(|g| g.evaluation.deciding_statements())
        .map(|t| format!("{} ({})", t.location, t.label()))
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(json: &str) -> PolicyDoc {
        match PolicyDoc::from_text("p.json", json, PolicyType::Identity) {
            Ok(d) => d,
            Err(e) => panic!("{e:?}"),
        }
    }

    const ROLE: &str = "arn:aws:iam::511586466501:role/r";

    #[test]
    fn s3_star_on_star_reaches_every_bucket() {
        let p = doc(include_str!(
            "../../testdata/seed/emrfs-admin-user-role-policy.json"
        ));
        let b = breadth(ROLE, &[p]);
        assert_eq!(b.data_everywhere.len(), DATA_ACTIONS.len());
        assert_eq!(b.admin_everywhere.len(), BUCKET_ADMIN_ACTIONS.len());
        assert!(b.escalation.is_empty());
        assert_eq!(granted_by(b.grants()), vec!["p.json:4:9 (statement #1)"]);
    }

    #[test]
    fn s3_star_on_one_bucket_administers_that_bucket() {
        let p = doc(include_str!(
            "../../testdata/seed/emrfs-data-science-role-policy.json"
        ));
        let b = breadth(ROLE, &[p]);
        assert!(b.data_everywhere.is_empty());
        assert!(b.admin_everywhere.is_empty());
        let buckets: Vec<&String> = b.admin_on.keys().collect();
        assert_eq!(buckets, vec!["emrfs-auth-data-science-bucket-demo"]);
    }

    #[test]
    fn object_access_to_one_prefix_is_not_broad() {
        let p = doc(
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::lake/team-a/*"},
                {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::lake"}]}"#,
        );
        assert!(breadth(ROLE, &[p]).is_empty());
    }

    #[test]
    fn trust_of_the_seed_role() {
        let trust = match PolicyDoc::from_text(
            "trust.json",
            include_str!("../../testdata/seed/emrfs-role-trust-policy.json"),
            PolicyType::Trust,
        ) {
            Ok(d) => d,
            Err(e) => panic!("{e:?}"),
        };
        let allowed = assume_role(
            "arn:aws:iam::511586466501:role/EMR_EC2_RestrictedRole",
            None,
            ROLE,
            &trust,
        );
        assert!(matches!(allowed, Ok(Trust::Allowed(_))), "{allowed:?}");
        let denied = assume_role(
            "arn:aws:iam::511586466501:role/EMR_EC2_DefaultRole",
            None,
            ROLE,
            &trust,
        );
        assert!(matches!(denied, Ok(Trust::Denied(_))), "{denied:?}");
        let account_trust = match PolicyDoc::from_text(
            "trust.json",
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::511586466501:root"}, "Action": "sts:AssumeRole"}]}"#,
            PolicyType::Trust,
        ) {
            Ok(d) => d,
            Err(e) => panic!("{e:?}"),
        };
        let depends = assume_role(
            "arn:aws:iam::511586466501:role/EMR_EC2_DefaultRole",
            None,
            ROLE,
            &account_trust,
        );
        assert!(
            matches!(depends, Ok(Trust::DependsOnInstancePolicies(_))),
            "{depends:?}"
        );
        let known_without = assume_role(
            "arn:aws:iam::511586466501:role/EMR_EC2_DefaultRole",
            Some(Vec::new()),
            ROLE,
            &account_trust,
        );
        assert!(matches!(known_without, Ok(Trust::Denied(_))));
    }

    #[test]
    fn a_role_set_can_be_built_from_documents() {
        let mut set = RoleSet::new(Some("arn:aws:iam::511586466501:role/Base".to_string()));
        set.insert(KnownRole {
            arn: ROLE.to_string(),
            trust: None,
            complete: true,
            policies: Some(vec![Ok(doc(
                r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}"#,
            ))]),
        });
        let docs = set
            .role(ROLE)
            .and_then(KnownRole::permission_docs)
            .unwrap_or_default();
        assert!(!breadth(ROLE, &docs).data_everywhere.is_empty());
        assert!(set.instance().is_none());
    }

    #[test]
    fn listing_addresses_the_bucket_with_a_prefix() {
        let (r, c) = s3_resource("s3:ListBucket", "b", "dir/");
        assert_eq!(r, "arn:aws:s3:::b");
        assert!(c.contains("s3:prefix"));
        let (r, _) = s3_resource("s3:GetObject", "b", "dir/x");
        assert_eq!(r, "arn:aws:s3:::b/dir/x");
    }
}
