//! Rules for IAM policy documents: standalone policy files and the policies
//! embedded in CloudFormation templates, read through one adapter
//! ([`policies`]) so that every rule sees `(Policy, PolicyType, location)`
//! whatever the file is.

pub mod allow_with_not_element;
pub mod condition_type_mismatch;
pub mod conflicting_elements;
pub mod empty_value;
pub mod failed_assertion;
pub mod for_all_values_in_allow;
pub mod foreign_account_trust;
pub mod full_admin;
pub mod granted;
pub mod invalid_effect;
pub mod invalid_policy_variable;
pub mod invalid_sid;
pub mod invalid_version;
pub mod irrelevant_condition_key;
pub mod malformed_arn;
pub mod mfa_bool_false;
pub mod misplaced_principal;
pub mod narrowing;
pub mod non_object_statement;
pub mod null_with_if_exists;
pub mod open_trust_policy;
pub mod privilege_escalation;
pub mod public_resource_policy;
pub mod redundant_action;
pub mod redundant_statement;
pub mod resource_star_scopable;
pub mod resource_type_mismatch;
pub mod secret_arn_without_suffix;
pub mod sensitive_action_on_all_resources;
pub mod service_wide_wildcard;
pub mod set_operator_on_single_valued_key;
pub mod unknown_action;
pub mod unknown_condition_key;
pub mod unknown_condition_operator;
pub mod unknown_element;
pub mod unrestricted_pass_role;

use crate::cfn::Template;
use crate::cfn::policies::{self, embedded_policies};
use crate::diagnostic::Diagnostic;
use crate::iam::policy::{Policy, PolicyType, Statement};
use crate::parse::node::is_symbolic;
use crate::rules::FileContext;
use crate::source::InputKind;

/// One policy document to lint, wherever it was written.
pub struct PolicyInput {
    pub policy: Policy,
    pub policy_type: PolicyType,
    /// The logical path of the document: `$` for a policy file,
    /// `Resources.Role.Properties.Policies[0].PolicyDocument` in a template.
    pub base: String,
    /// What the document is in a template ("trust policy of role AppRole"); `None` for a file.
    pub description: Option<String>,
    /// Built by cloudlint from resource properties (`AWS::Lambda::Permission`):
    /// grammar rules skip it, since nobody wrote its elements.
    pub synthesized: bool,
    /// The CloudFormation type of the resource holding the document
    /// (`AWS::EC2::VPCEndpoint`); `None` for a policy file.
    pub resource_type: Option<String>,
}

impl PolicyInput {
    /// The logical path of an element of a statement (`$.Statement[1].Action`).
    #[must_use]
    pub fn path(&self, st: &Statement, element: &str) -> String {
        let mut p = format!("{}.Statement", self.base);
        if let Some(i) = st.index {
            p.push_str(&format!("[{i}]"));
        }
        if !element.is_empty() {
            p.push('.');
            p.push_str(element);
        }
        p
    }

    /// The logical path of a top-level element (`$.Version`).
    #[must_use]
    pub fn top_path(&self, element: &str) -> String {
        format!("{}.{element}", self.base)
    }

    /// A VPC endpoint policy: it limits what callers inside the VPC may do
    /// through the endpoint, and grants nothing to anyone outside it.
    #[must_use]
    pub fn is_vpc_endpoint_policy(&self) -> bool {
        self.resource_type.as_deref() == Some("AWS::EC2::VPCEndpoint")
    }

    /// A resource policy whose statements may leave out `Resource`, the
    /// resource being the one the policy is attached to: AWS documents ECR
    /// repository policies and EFS file system policies without it.
    #[must_use]
    pub fn resource_is_implied(&self) -> bool {
        matches!(
            self.resource_type.as_deref(),
            Some("AWS::ECR::Repository" | "AWS::EFS::FileSystem")
        )
    }

    /// ` in trust policy of role AppRole`, or nothing for a policy file: appended to messages.
    #[must_use]
    pub fn in_what(&self) -> String {
        self.description
            .as_ref()
            .map(|d| format!(" in {d}"))
            .unwrap_or_default()
    }
}

/// Every policy document of a file: the file itself when it is a policy, or
/// each resolved document embedded in a template.
#[must_use]
pub fn policies(ctx: &FileContext<'_>) -> Vec<PolicyInput> {
    let Some(root) = ctx.root else {
        return Vec::new();
    };
    match ctx.kind {
        Some(InputKind::IamPolicy) => {
            let policy = Policy::from_node(root);
            let policy_type = ctx
                .settings
                .forced_policy_type
                .or_else(|| {
                    ctx.settings
                        .policy_type_for(ctx.path)
                        .and_then(PolicyType::parse)
                })
                .unwrap_or_else(|| policy.inferred_type());
            vec![PolicyInput {
                policy,
                policy_type,
                base: "$".to_string(),
                description: None,
                synthesized: false,
                resource_type: None,
            }]
        }
        Some(InputKind::Cloudformation) => {
            let template = Template::new(root);
            let mut out = Vec::new();
            for ep in embedded_policies(&template) {
                for doc in &ep.documents {
                    out.push(PolicyInput {
                        policy: Policy::from_node(&doc.document),
                        policy_type: from_cfn(ep.policy_type),
                        base: ep.logical_path.clone(),
                        description: Some(format!("{}{}", ep.description, doc.when)),
                        synthesized: ep.synthesized,
                        resource_type: Some(ep.resource_type.to_string()),
                    });
                }
            }
            out
        }
        _ => Vec::new(),
    }
}

fn from_cfn(t: policies::PolicyType) -> PolicyType {
    match t {
        policies::PolicyType::Identity => PolicyType::Identity,
        policies::PolicyType::Resource => PolicyType::Resource,
        policies::PolicyType::Trust => PolicyType::Trust,
        policies::PolicyType::Scp => PolicyType::Scp,
        policies::PolicyType::Rcp => PolicyType::Rcp,
        policies::PolicyType::PermissionsBoundary => PolicyType::PermissionsBoundary,
    }
}

/// Runs `check` on every policy of the file, dropping repeats (a template's
/// `Fn::If` scenarios resolve to documents that share most spans).
pub fn for_each_policy(
    ctx: &FileContext<'_>,
    out: &mut Vec<Diagnostic>,
    mut check: impl FnMut(&PolicyInput, &mut Vec<Diagnostic>),
) {
    let mut found = Vec::new();
    for input in policies(ctx) {
        check(&input, &mut found);
    }
    let mut seen = std::collections::BTreeSet::new();
    for d in found {
        if seen.insert((d.span, d.message.clone())) {
            out.push(d);
        }
    }
}

/// Like [`for_each_policy`], skipping documents cloudlint synthesized.
pub fn for_each_written_policy(
    ctx: &FileContext<'_>,
    out: &mut Vec<Diagnostic>,
    mut check: impl FnMut(&PolicyInput, &mut Vec<Diagnostic>),
) {
    for_each_policy(ctx, out, |input, found| {
        if !input.synthesized {
            check(input, found);
        }
    });
}

/// A string known at lint time (no deploy-time parts).
#[must_use]
pub fn known(s: &str) -> Option<&str> {
    (!is_symbolic(s)).then_some(s)
}

/// The statements that are objects (the others are reported by grammar rules).
pub fn statements(policy: &Policy) -> impl Iterator<Item = &Statement> {
    policy.statements.iter().filter(|s| s.is_object)
}
