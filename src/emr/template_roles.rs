//! The IAM roles of a CloudFormation template, as EMRFS sees them: each
//! `AWS::IAM::Role` with its trust policy and permission policies (inline
//! `Policies`, `ManagedPolicyArns` naming an `AWS::IAM::ManagedPolicy` of the
//! template or a well-known AWS managed policy, and `AWS::IAM::Policy`,
//! `ManagedPolicy` and `RolePolicy` resources attached through `Roles` or
//! `RoleName`), and the EC2 instance role of each `AWS::EMR::Cluster` (its
//! `JobFlowRole` names an `AWS::IAM::InstanceProfile`, whose role it is).
//!
//! Role ARNs are only known at deploy time, so the template is resolved with
//! stand-ins ([`StandIns`]): every `AWS::AccountId` is one account (the one
//! account the template's IAM ARNs spell out, if they name exactly one), a
//! role's `Ref` is its `RoleName` (or its logical id when CloudFormation
//! names it) and its `Arn` the ARN built from them. An EMRFS mapping written
//! `!GetAtt AdminRole.Arn` and a trust policy written
//! `!Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/Admin` then
//! compare as deployment would compare them. What stays unknown stays
//! symbolic and is never judged:
//! - a trust policy with an unknown part is not used (it might name the
//!   instance role), nor one naming an IAM principal of another account than
//!   the stand-in (the template spells out several: which is the stack's?);
//! - a role whose policies include an unknown `Deny`, a customer managed
//!   policy from outside the template, or a permissions boundary has unknown
//!   permissions (`policies: None`);
//! - unseen AWS managed policies and `Allow` statements with unknown parts
//!   only make the policies incomplete (`complete: false`): what the known
//!   ones allow is still allowed, but nothing is concluded from an absence.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::aws_managed::known_document;
use super::roles::KnownRole;
use crate::cfn::intrinsics::StandIns;
use crate::cfn::policies::aws_managed_policy_name;
use crate::cfn::{Resolver, Resource, Scenario, Template};
use crate::iam::eval::{LoadError, PolicyDoc, Source};
use crate::iam::policy::PolicyType;
use crate::parse::embedded::parse_json_in_string;
use crate::parse::node::is_symbolic;
use crate::parse::{Limits, Node, Value};

/// The account that `AWS::AccountId` stands for when the template's IAM
/// ARNs do not name exactly one account (AWS's documentation account).
pub const STAND_IN_ACCOUNT: &str = "123456789012";

/// Resource types whose documents decide what a role may do.
const POLICY_TYPES: &[&str] = &[
    "AWS::IAM::Policy",
    "AWS::IAM::ManagedPolicy",
    "AWS::IAM::RolePolicy",
];

/// The IAM and EMR resources of one template, ready to be resolved per scenario.
pub struct TemplateIam<'t, 'a> {
    template: &'t Template<'a>,
    stand_ins: StandIns,
    source: Arc<Source>,
    limits: Limits,
    text: &'t str,
}

impl<'t, 'a> TemplateIam<'t, 'a> {
    /// `name` and `text` are the template's path and text (policy locations
    /// in traces point into it).
    #[must_use]
    pub fn new(template: &'t Template<'a>, name: &str, text: &'t str, limits: &Limits) -> Self {
        TemplateIam {
            template,
            stand_ins: stand_ins(template),
            source: Source::new(name, text),
            limits: limits.clone(),
            text,
        }
    }

    #[must_use]
    pub fn stand_ins(&self) -> &StandIns {
        &self.stand_ins
    }

    /// The account `AWS::AccountId` stands for.
    fn account(&self) -> &str {
        self.stand_ins
            .account_id
            .as_deref()
            .unwrap_or(STAND_IN_ACCOUNT)
    }

    /// The raw nodes whose `Fn::If` branches change roles, policies or
    /// clusters (to enumerate the scenarios worth trying).
    #[must_use]
    pub fn relevant_nodes(&self) -> Vec<&'a Node> {
        self.template
            .resources
            .iter()
            .filter(|r| {
                r.is("AWS::IAM::Role")
                    || r.is("AWS::IAM::InstanceProfile")
                    || r.is("AWS::EMR::Cluster")
                    || POLICY_TYPES.iter().any(|t| r.is(t))
            })
            .filter_map(|r| r.properties)
            .collect()
    }

    /// The stand-in ARN of role resource `id`.
    #[must_use]
    pub fn role_arn(&self, id: &str) -> Option<&str> {
        self.stand_ins
            .attributes
            .get(&(id.to_string(), "Arn".to_string()))
            .map(String::as_str)
    }

    /// Every role of the template that exists in `scenario`, with the
    /// documents resolved by `resolver`, and how to refer to it in a fix.
    #[must_use]
    pub fn roles(
        &self,
        resolver: &Resolver<'_, '_>,
        scenario: &Scenario,
    ) -> Vec<(KnownRole, String)> {
        let mut out = Vec::new();
        for role in self.template.resources_of("AWS::IAM::Role") {
            if !exists(self.template, role, scenario) {
                continue;
            }
            let Some(arn) = self.role_arn(role.id) else {
                continue;
            };
            let name = self
                .stand_ins
                .refs
                .get(role.id)
                .cloned()
                .unwrap_or_default();
            let trust = role
                .prop("AssumeRolePolicyDocument")
                .and_then(|raw| resolver.resolve(raw))
                .and_then(|doc| self.document(&doc))
                .filter(|doc| !has_symbolic(doc) && !names_other_account(doc, self.account()))
                .map(|doc| PolicyDoc::from_node(Arc::clone(&self.source), &doc, PolicyType::Trust));
            let (policies, complete) = self.permissions(resolver, scenario, role, &name);
            out.push((
                KnownRole {
                    arn: arn.to_string(),
                    trust,
                    policies,
                    complete,
                },
                format!(r#"{{"Fn::GetAtt": ["{}", "Arn"]}}"#, role.id),
            ));
        }
        out
    }

    /// The permission policies of `role` (named `name`), and whether they are
    /// all of them.
    #[allow(clippy::type_complexity)]
    fn permissions(
        &self,
        resolver: &Resolver<'_, '_>,
        scenario: &Scenario,
        role: &Resource<'_>,
        name: &str,
    ) -> (Option<Vec<Result<PolicyDoc, Vec<LoadError>>>>, bool) {
        let mut acc = Permissions::default_complete();
        if role
            .prop("PermissionsBoundary")
            .and_then(|b| resolver.resolve(b))
            .is_some()
        {
            return (None, false);
        }
        if let Some(list) = role.prop("Policies").and_then(|p| resolver.resolve(p)) {
            for item in list.items() {
                if let Some(doc) = item.get("PolicyDocument") {
                    self.add(&mut acc, doc);
                }
            }
        }
        if let Some(list) = role
            .prop("ManagedPolicyArns")
            .and_then(|p| resolver.resolve(p))
        {
            for item in list.one_or_many() {
                self.add_managed(&mut acc, resolver, item);
            }
        }
        let unread: Vec<&Resource<'_>> = self
            .template
            .resources
            .iter()
            .filter(|r| POLICY_TYPES.iter().any(|t| r.is(t)))
            .filter(|r| exists(self.template, r, scenario))
            .filter(|r| !acc.read.contains(r.id))
            .collect();
        for policy in unread {
            let mut targets = Vec::new();
            for prop in ["Roles", "RoleName"] {
                if let Some(v) = policy.prop(prop).and_then(|p| resolver.resolve(p)) {
                    targets.extend(
                        v.one_or_many()
                            .iter()
                            .map(|n| n.scalar_text().map(|t| t.into_owned())),
                    );
                }
            }
            let attached = targets.iter().any(|t| t.as_deref() == Some(name));
            let maybe = targets.iter().any(|t| t.as_deref().is_none_or(is_symbolic));
            if attached {
                if let Some(doc) = policy
                    .prop("PolicyDocument")
                    .and_then(|p| resolver.resolve(p))
                {
                    self.add(&mut acc, &doc);
                }
            } else if maybe {
                // Attached to a role only deployment knows: perhaps this one.
                acc.complete = false;
            }
        }
        if acc.unknown {
            (None, false)
        } else {
            (Some(acc.docs), acc.complete)
        }
    }

    /// A managed policy attached by ARN.
    fn add_managed(&self, acc: &mut Permissions, resolver: &Resolver<'_, '_>, item: &Node) {
        let Some(arn) = item.as_str() else {
            acc.unknown = true;
            return;
        };
        let own = self
            .template
            .resources_of("AWS::IAM::ManagedPolicy")
            .find(|m| self.stand_ins.refs.get(m.id).map(String::as_str) == Some(arn));
        if let Some(m) = own {
            if acc.read.insert(m.id.to_string())
                && let Some(doc) = m.prop("PolicyDocument").and_then(|p| resolver.resolve(p))
            {
                self.add(acc, &doc);
            }
            return;
        }
        match aws_managed_policy_name(arn) {
            Some(name) => match known_document(name) {
                Some(text) => {
                    let parsed = crate::parse::json::parse_json(&text, &self.limits);
                    if let Some(doc) = parsed.root {
                        // Every part of it is where the template attaches it.
                        self.add(acc, &doc.placed_at(item.span));
                    }
                }
                None => acc.complete = false,
            },
            None => acc.unknown = true,
        }
    }

    /// Loads one resolved identity policy document.
    fn add(&self, acc: &mut Permissions, resolved: &Node) {
        let Some(doc) = self.document(resolved) else {
            acc.unknown = true;
            return;
        };
        for statement in doc
            .get("Statement")
            .map(Node::one_or_many)
            .unwrap_or_default()
        {
            if has_symbolic(statement) {
                if statement.get("Effect").and_then(Node::as_str) == Some("Allow") {
                    acc.complete = false;
                } else {
                    acc.unknown = true;
                }
            }
        }
        acc.docs.push(PolicyDoc::from_node(
            Arc::clone(&self.source),
            &doc,
            PolicyType::Identity,
        ));
    }

    /// A resolved document, parsed when written as a JSON string.
    fn document(&self, resolved: &Node) -> Option<Node> {
        match &resolved.value {
            Value::String(_) => parse_json_in_string(resolved, self.text, &self.limits)?.root,
            Value::Object(_) => Some(resolved.clone()),
            _ => None,
        }
    }

    /// The instance role ARN of every cluster of `scenario` that uses the
    /// security configuration `sc`: `None` for a cluster whose instance
    /// profile or role is not in the template.
    #[must_use]
    pub fn instance_roles_of(
        &self,
        resolver: &Resolver<'_, '_>,
        scenario: &Scenario,
        sc: &Resource<'_>,
    ) -> Vec<Option<String>> {
        let Some(sc_name) = self.stand_ins.refs.get(sc.id) else {
            return Vec::new();
        };
        let text_of = |n: Option<&Node>| -> Option<String> {
            let resolved = resolver.resolve(n?)?;
            let t = resolved.scalar_text()?.into_owned();
            (!is_symbolic(&t)).then_some(t)
        };
        let mut out = Vec::new();
        for cluster in self.template.resources_of("AWS::EMR::Cluster") {
            if !exists(self.template, cluster, scenario)
                || text_of(cluster.prop("SecurityConfiguration")).as_ref() != Some(sc_name)
            {
                continue;
            }
            let profile_name = text_of(cluster.prop("JobFlowRole"));
            let role = self
                .template
                .resources_of("AWS::IAM::InstanceProfile")
                .find(|p| {
                    profile_name.is_some() && self.stand_ins.refs.get(p.id) == profile_name.as_ref()
                })
                .and_then(|p| {
                    let roles = resolver.resolve(p.prop("Roles")?)?;
                    let first = roles.one_or_many().first()?.as_str()?.to_string();
                    self.template
                        .resources_of("AWS::IAM::Role")
                        .find(|r| self.stand_ins.refs.get(r.id) == Some(&first))
                })
                .and_then(|r| self.role_arn(r.id))
                .map(str::to_string);
            out.push(role);
        }
        out
    }
}

#[derive(Default)]
struct Permissions {
    docs: Vec<Result<PolicyDoc, Vec<LoadError>>>,
    /// Some policy cannot be known: what the role may do is unknown.
    unknown: bool,
    complete: bool,
    /// Policy resources already read (attached by ARN and by `Roles`).
    read: BTreeSet<String>,
}

impl Permissions {
    fn default_complete() -> Permissions {
        Permissions {
            complete: true,
            ..Permissions::default()
        }
    }
}

/// Whether `resource` exists in `scenario` (its `Condition` is not false).
fn exists(template: &Template<'_>, resource: &Resource<'_>, scenario: &Scenario) -> bool {
    resource
        .condition
        .is_none_or(|c| scenario.condition(template, c) != Some(false))
}

/// Whether a resolved document names an IAM principal of an account other
/// than the stack's stand-in: the template spells out several accounts, and
/// whether this one is the stack's is unknown.
fn names_other_account(node: &Node, account: &str) -> bool {
    match &node.value {
        Value::String(s) => iam_account(s).is_some_and(|a| a != account),
        Value::Array(items) => items.iter().any(|i| names_other_account(i, account)),
        Value::Object(members) => members
            .iter()
            .any(|m| names_other_account(&m.value, account)),
        _ => false,
    }
}

/// The 12-digit account of an IAM ARN `arn:…:iam::ACCOUNT:…`.
fn iam_account(s: &str) -> Option<&str> {
    let parts: Vec<&str> = s.splitn(6, ':').collect();
    match parts.as_slice() {
        ["arn", _, "iam", "", account, _]
            if account.len() == 12 && account.chars().all(|c| c.is_ascii_digit()) =>
        {
            Some(account)
        }
        _ => None,
    }
}

/// Whether a resolved node holds a deploy-time value anywhere.
#[must_use]
pub fn has_symbolic(node: &Node) -> bool {
    match &node.value {
        Value::String(s) => is_symbolic(s),
        Value::Array(items) => items.iter().any(has_symbolic),
        Value::Object(members) => members
            .iter()
            .any(|m| is_symbolic(&m.key) || has_symbolic(&m.value)),
        _ => false,
    }
}

/// The stand-ins of a template's IAM and EMR resources.
#[must_use]
pub fn stand_ins(template: &Template<'_>) -> StandIns {
    let account = template_account(template).unwrap_or_else(|| STAND_IN_ACCOUNT.to_string());
    let scenario = Scenario::default();
    let resolver = Resolver::new(template, &scenario);
    let known = |r: &Resource<'_>, prop: &str| -> Option<String> {
        let n = resolver.resolve(r.prop(prop)?)?;
        let t = n.scalar_text()?.into_owned();
        (!t.is_empty() && !is_symbolic(&t)).then_some(t)
    };
    let mut s = StandIns {
        account_id: Some(account.clone()),
        ..StandIns::default()
    };
    for r in &template.resources {
        let id = r.id.to_string();
        let name = |prop: &str| known(r, prop).unwrap_or_else(|| id.clone());
        let path = || {
            known(r, "Path")
                .filter(|p| p.starts_with('/') && p.ends_with('/'))
                .unwrap_or_else(|| "/".to_string())
        };
        match r.type_name {
            Some("AWS::IAM::Role") => {
                let name = name("RoleName");
                let arn = format!("arn:aws:iam::{account}:role{}{name}", path());
                s.refs.insert(id.clone(), name);
                s.attributes.insert((id, "Arn".to_string()), arn);
            }
            Some("AWS::IAM::InstanceProfile") => {
                let name = name("InstanceProfileName");
                let arn = format!("arn:aws:iam::{account}:instance-profile{}{name}", path());
                s.refs.insert(id.clone(), name);
                s.attributes.insert((id, "Arn".to_string()), arn);
            }
            Some("AWS::IAM::ManagedPolicy") => {
                let arn = format!(
                    "arn:aws:iam::{account}:policy{}{}",
                    path(),
                    name("ManagedPolicyName")
                );
                s.refs.insert(id.clone(), arn.clone());
                s.attributes.insert((id, "PolicyArn".to_string()), arn);
            }
            Some("AWS::EMR::SecurityConfiguration") => {
                s.refs.insert(id.clone(), name("Name"));
            }
            _ => {}
        }
    }
    s
}

/// The one account the template's literal IAM ARNs name, if exactly one.
fn template_account(template: &Template<'_>) -> Option<String> {
    let mut accounts = BTreeSet::new();
    let mut stack = vec![template.root];
    while let Some(n) = stack.pop() {
        match &n.value {
            Value::String(s) => {
                if let Some(account) = iam_account(s) {
                    accounts.insert(account.to_string());
                }
            }
            Value::Array(items) => stack.extend(items.iter()),
            Value::Object(members) => stack.extend(members.iter().map(|m| &m.value)),
            _ => {}
        }
    }
    let mut it = accounts.into_iter();
    match (it.next(), it.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::json::parse_json;

    const TEMPLATE: &str = r#"{"Resources": {
      "Base": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "base", "AssumeRolePolicyDocument": {"Statement": []}}},
      "Profile": {"Type": "AWS::IAM::InstanceProfile", "Properties": {"Roles": [{"Ref": "Base"}]}},
      "Unnamed": {"Type": "AWS::IAM::Role", "Properties": {
        "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Principal": {"AWS": {"Fn::ImportValue": "x"}}, "Action": "sts:AssumeRole"}]},
        "ManagedPolicyArns": ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", "arn:aws:iam::aws:policy/AmazonAthenaFullAccess"]}},
      "External": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Statement": []},
        "ManagedPolicyArns": ["arn:aws:iam::111122223333:policy/guardrail"]}},
      "Attached": {"Type": "AWS::IAM::Policy", "Properties": {"Roles": [{"Ref": "Base"}], "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}},
      "Conf": {"Type": "AWS::EMR::SecurityConfiguration", "Properties": {"SecurityConfiguration": {}}},
      "Cluster": {"Type": "AWS::EMR::Cluster", "Properties": {"JobFlowRole": {"Ref": "Profile"}, "SecurityConfiguration": {"Ref": "Conf"}}},
      "Other": {"Type": "AWS::EMR::Cluster", "Properties": {"JobFlowRole": "EMR_EC2_DefaultRole", "SecurityConfiguration": {"Ref": "Conf"}}}
    }}"#;

    #[test]
    fn roles_clusters_and_what_is_known() {
        let root = parse_json(TEMPLATE, &Limits::default())
            .root
            .unwrap_or_default();
        let t = Template::new(&root);
        let iam = TemplateIam::new(&t, "t.json", TEMPLATE, &Limits::default());
        // The guardrail policy's account is the only one spelled out: the stack's.
        assert_eq!(
            iam.role_arn("Base"),
            Some("arn:aws:iam::111122223333:role/base")
        );
        assert_eq!(
            iam.role_arn("Unnamed"),
            Some("arn:aws:iam::111122223333:role/Unnamed")
        );
        let scenario = Scenario::default();
        let resolver = Resolver::new(&t, &scenario).with_stand_ins(iam.stand_ins());
        let roles = iam.roles(&resolver, &scenario);
        let by_id = |id: &str| {
            roles
                .iter()
                .find(|(r, _)| Some(r.arn.as_str()) == iam.role_arn(id))
                .map(|(r, _)| r)
        };
        let base = by_id("Base");
        assert!(base.is_some_and(|r| r.complete && r.trust.is_some()));
        assert_eq!(
            base.and_then(|r| r.permission_docs()).map(|d| d.len()),
            Some(1)
        );
        // An unseen AWS managed policy: partly known. An imported principal: trust unknown.
        let unnamed = by_id("Unnamed");
        assert!(unnamed.is_some_and(|r| !r.complete && r.trust.is_none()));
        assert_eq!(
            unnamed.and_then(|r| r.permission_docs()).map(|d| d.len()),
            Some(1)
        );
        // A customer managed policy from elsewhere: unknown.
        assert!(by_id("External").is_some_and(|r| r.policies.is_none()));
        let conf = t.resource("Conf").cloned();
        let instances = conf
            .map(|c| iam.instance_roles_of(&resolver, &scenario, &c))
            .unwrap_or_default();
        assert_eq!(
            instances,
            vec![
                Some("arn:aws:iam::111122223333:role/base".to_string()),
                None
            ]
        );
    }

    #[test]
    fn a_trust_naming_one_of_several_accounts_is_unknown() {
        let text = r#"{"Resources": {
          "R": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:role/base"}, "Action": "sts:AssumeRole"}]}}},
          "P": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222222222222:root"}, "Action": "sts:AssumeRole"}]}}}}}"#;
        let root = parse_json(text, &Limits::default())
            .root
            .unwrap_or_default();
        let t = Template::new(&root);
        let iam = TemplateIam::new(&t, "t.json", text, &Limits::default());
        let scenario = Scenario::default();
        let resolver = Resolver::new(&t, &scenario).with_stand_ins(iam.stand_ins());
        assert!(
            iam.roles(&resolver, &scenario)
                .iter()
                .all(|(r, _)| r.trust.is_none())
        );
    }

    #[test]
    fn the_one_literal_account_stands_for_the_stack() {
        let text = r#"{"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "r",
            "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::511586466501:role/x"}, "Action": "sts:AssumeRole"}]}}}}}"#;
        let root = parse_json(text, &Limits::default())
            .root
            .unwrap_or_default();
        let t = Template::new(&root);
        assert_eq!(stand_ins(&t).account_id.as_deref(), Some("511586466501"));
    }
}
