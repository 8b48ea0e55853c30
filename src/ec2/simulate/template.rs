//! The launches a CloudFormation template declares, simulated as
//! `cloudlint simulate ebs` simulates one, to find those certain to fail.
//!
//! A launch is an `AWS::EC2::Instance`, or an `AWS::EC2::LaunchTemplate`
//! launched by each `AWS::AutoScaling::AutoScalingGroup` that uses it (by
//! anyone, when none does). Each volume with `Encrypted: true` and a
//! `KmsKeyId` naming an `AWS::KMS::Key` of the template (`Ref`, `Fn::GetAtt
//! … Arn`, a key ARN built with `Fn::Sub`, or an `AWS::KMS::Alias` of the
//! template) becomes a one-volume RunInstances request, simulated with the
//! key's policy, state and spec as the template declares them.
//!
//! What the template does not show is taken at its most favourable, so that a
//! failure is reported only when nothing outside the template can prevent it:
//! - the caller of RunInstances (the principal that deploys the stack, or the
//!   stack's service role) is unknown: it may be any principal of the account
//!   or any principal the key policy names, with identity-based policies that
//!   allow everything, and no SCP or permissions boundary;
//! - for Auto Scaling, the KMS requests are made by the group's service-linked
//!   role (`ServiceLinkedRoleARN`, else `AWSServiceRoleForAutoScaling`), whose
//!   AWS managed policy gives no access to customer managed keys;
//! - a grant, which no template resource can declare, may give any principal
//!   use of the key: so when anyone may call `kms:CreateGrant` on the key
//!   outside an AWS service's request (directly, or because the key policy
//!   delegates it to the account), a direct launch is not reported, and an
//!   Auto Scaling launch whose service-linked role the key policy refuses is
//!   reported as a warning (only such a grant could make it work; a Deny
//!   statement, which no grant overrides, keeps it an error);
//! - the account and Region are unknown: every account and Region the key
//!   policy, the volume and the group write is tried, with a stand-in for all
//!   others, and the launch must fail in each;
//! - a key policy with a value only deployment knows (an imported value, a
//!   parameter without default, a resource the template does not model) or a
//!   condition on a key other than `kms:ViaService`, `kms:CallerAccount`,
//!   `kms:GrantIsForAWSResource` and `aws:PrincipalAccount` is not judged;
//!   nor is a volume whose `KmsKeyId` names a key the template does not
//!   declare, nor a key without `KeyPolicy` (KMS then gives it the default
//!   policy, which delegates to the account).
//!
//! The instance profile's role plays no part: it is what software on the
//! instance uses, while EC2 makes the KMS requests for the volumes on behalf
//! of the RunInstances caller. Launch configurations take no `KmsKeyId`
//! (their volumes use the account's default key, which the template does not
//! show) and are not simulated.

use std::sync::Arc;

use super::asg_role::{AsgRole, Refusal};
use super::check::{Ask, Check, decide};
use super::deployment::{Deployment, candidate_deployments};
use super::keys::KeyBook;
use super::kms_checks::allow_all;
use super::{Caller, Input, Simulation, Verdict, auto_scaling_role, principal_account, simulate};
use crate::cfn::branches::{is_false, merge};
use crate::cfn::conditions::contradicted_parameters;
use crate::cfn::intrinsics::referenced_resources;
use crate::cfn::{Branches, Resolver, Resource, Scenario, Template};
use crate::diagnostic::{Diagnostic, Severity};
use crate::iam::eval::{
    Context, PolicyDoc, PolicySet, RequestPrincipal, ResourcePolicy, ResourcePolicyKind, Source,
};
use crate::iam::policy::PolicyType;
use crate::parse::node::is_symbolic;
use crate::parse::{Node, PathSeg, Value};
use crate::rules::RuleMeta;
use crate::source::InputKind;

/// Condition keys whose value in a launch the simulation knows exactly.
const DECIDABLE_CONDITION_KEYS: &[&str] = &[
    "kms:viaservice",
    "kms:calleraccount",
    "kms:grantisforawsresource",
    "aws:principalaccount",
];

/// The name of the stand-in for "any principal of the account".
const ANY_PRINCIPAL: &str = "role/any-principal-of-the-account";

/// Who launches the instances of a site.
#[derive(Clone, Copy)]
enum Launcher<'t, 'a> {
    /// RunInstances called by whoever deploys the stack (or uses the template).
    Direct,
    /// An Auto Scaling group; its service-linked role makes the KMS requests.
    AutoScaling { group: &'t Resource<'a> },
}

/// Volumes that are launched together: an instance's properties, or a
/// launch template's data, with who launches them.
struct Site<'t, 'a> {
    resource: &'t Resource<'a>,
    data: &'a Node,
    data_path: Vec<PathSeg>,
    launcher: Launcher<'t, 'a>,
}

impl Site<'_, '_> {
    fn launch(&self) -> String {
        match (self.resource.type_name, self.launcher) {
            (_, Launcher::AutoScaling { group }) => format!(
                "Auto Scaling group {} cannot launch instances from launch template {}",
                group.id, self.resource.id
            ),
            (Some("AWS::EC2::LaunchTemplate"), Launcher::Direct) => {
                format!("a launch from launch template {}", self.resource.id)
            }
            _ => format!("the launch of instance {}", self.resource.id),
        }
    }
}

fn sites<'t, 'a>(t: &'t Template<'a>) -> Vec<Site<'t, 'a>> {
    let mut out = Vec::new();
    let root_path = |r: &Resource<'_>| {
        vec![
            PathSeg::Key("Resources".into()),
            PathSeg::Key(r.id.to_string()),
            PathSeg::Key("Properties".into()),
        ]
    };
    for r in t.resources_of("AWS::EC2::Instance") {
        if let Some(props) = r.properties.filter(|p| p.is_object()) {
            out.push(Site {
                resource: r,
                data: props,
                data_path: root_path(r),
                launcher: Launcher::Direct,
            });
        }
    }
    for r in t.resources_of("AWS::EC2::LaunchTemplate") {
        let Some(data) = r
            .properties
            .and_then(|p| p.get("LaunchTemplateData"))
            .filter(|d| d.is_object())
        else {
            continue;
        };
        let mut path = root_path(r);
        path.push(PathSeg::Key("LaunchTemplateData".into()));
        let groups: Vec<&Resource<'a>> = t
            .resources_of("AWS::AutoScaling::AutoScalingGroup")
            .filter(|g| {
                ["LaunchTemplate", "MixedInstancesPolicy"].iter().any(|p| {
                    g.prop(p)
                        .is_some_and(|n| referenced_resources(t, n).iter().any(|id| id == r.id))
                })
            })
            .collect();
        if groups.is_empty() {
            out.push(Site {
                resource: r,
                data,
                data_path: path.clone(),
                launcher: Launcher::Direct,
            });
        }
        for group in groups {
            out.push(Site {
                resource: r,
                data,
                data_path: path.clone(),
                launcher: Launcher::AutoScaling { group },
            });
        }
    }
    out
}

/// The launches of `template` (named `name`, with text `text`) that are
/// certain to fail for a KMS reason, each reported at the volume's `KmsKeyId`.
#[must_use]
pub fn predicted_failures(
    rule: &RuleMeta,
    template: &Template<'_>,
    name: &str,
    text: &str,
) -> Vec<Diagnostic> {
    let sites = sites(template);
    if sites.is_empty() || template.resources_of("AWS::KMS::Key").next().is_none() {
        return Vec::new();
    }
    let mut written: Vec<&Node> = template
        .resources_of("AWS::KMS::Key")
        .filter_map(|k| k.prop("KeyPolicy"))
        .collect();
    for site in &sites {
        key_ids(site.data, &mut written, 0);
    }
    written.extend(
        template
            .resources_of("AWS::AutoScaling::AutoScalingGroup")
            .filter_map(|g| g.prop("ServiceLinkedRoleARN")),
    );
    let Some(deployments) = candidate_deployments(template, &written) else {
        return Vec::new();
    };
    let judge = Judge {
        template,
        source: Source::new(name, text),
        deployments,
    };
    let mut out = Vec::new();
    for site in &sites {
        let branches = Branches::of(template, site.data, site.resource.condition);
        let per_scenario = branches
            .scenarios
            .iter()
            .map(|s| {
                let names = branches.names.iter().map(String::as_str);
                let contradicted =
                    contradicted_parameters(template, s, names.chain(site.resource.condition));
                judge.site(rule, site, s, &contradicted)
            })
            .collect();
        out.extend(merge(&branches, per_scenario));
    }
    out
}

/// The `KmsKeyId` values under `node` (as written).
fn key_ids<'n>(node: &'n Node, out: &mut Vec<&'n Node>, depth: usize) {
    if depth > crate::cfn::intrinsics::MAX_DEPTH {
        return;
    }
    match &node.value {
        Value::Object(members) => {
            for m in members {
                if m.key == "KmsKeyId" {
                    out.push(&m.value);
                } else {
                    key_ids(&m.value, out, depth + 1);
                }
            }
        }
        Value::Array(items) => {
            for i in items {
                key_ids(i, out, depth + 1);
            }
        }
        _ => {}
    }
}

struct Judge<'t, 'a> {
    template: &'t Template<'a>,
    source: Arc<Source>,
    deployments: Vec<Deployment>,
}

/// A key of the template as one scenario declares it.
struct DeclaredKey<'k> {
    arn: &'k str,
    /// The logical ID.
    id: &'k str,
    /// The resolved key policy.
    policy: &'k Node,
}

/// Why a launch fails, from the first deployment's simulation.
struct Failure {
    message: String,
    help: String,
    /// Error when the template alone makes the launch fail; warning when a
    /// grant made outside the template could still make it succeed.
    severity: Severity,
}

/// `prev`, or `f` when it is the weaker claim: a launch that a grant could
/// rescue in one deployment or scenario is reported as such.
fn weaker(prev: Option<Failure>, f: Failure) -> Option<Failure> {
    match prev {
        Some(p) if p.severity <= f.severity => Some(p),
        _ => Some(f),
    }
}

impl Judge<'_, '_> {
    /// `node` resolved in `d` and `scenario`; the `contradicted` parameters
    /// (whose defaults the scenario's conditions contradict) are symbolic.
    fn resolve(
        &self,
        d: &Deployment,
        scenario: &Scenario,
        contradicted: &[String],
        node: &Node,
    ) -> Option<Node> {
        Resolver::new(self.template, scenario)
            .with_stand_ins(&d.stand_ins)
            .without_defaults_of(contradicted.to_vec())
            .resolve(node)
    }

    /// The text of `node` in `d`, when it is known and the same in every
    /// scenario of its conditions.
    fn unconditional_text(&self, d: &Deployment, node: &Node) -> Option<String> {
        let branches = Branches::of(self.template, node, None);
        let mut text = None;
        for scenario in &branches.scenarios {
            let resolved = self.resolve(d, scenario, &[], node)?;
            let t = resolved.as_str().filter(|s| !is_symbolic(s))?.to_string();
            if text.as_ref().is_some_and(|prev| *prev != t) {
                return None;
            }
            text = Some(t);
        }
        text
    }

    /// Whether `site` can be deployed in `d`: a group's service-linked role
    /// is in the group's own account, so a `ServiceLinkedRoleARN` that names
    /// an account rules out the others.
    fn deployable(&self, site: &Site<'_, '_>, d: &Deployment) -> bool {
        let Launcher::AutoScaling { group } = site.launcher else {
            return true;
        };
        let Some(arn) = group
            .prop("ServiceLinkedRoleARN")
            .and_then(|n| self.unconditional_text(d, n))
        else {
            return true;
        };
        principal_account(&arn).map_or(true, |(account, _)| account == d.account)
    }

    /// The findings of one site in one scenario of its conditions.
    fn site(
        &self,
        rule: &RuleMeta,
        site: &Site<'_, '_>,
        scenario: &Scenario,
        contradicted: &[String],
    ) -> Vec<Diagnostic> {
        let resolved: Vec<Option<Node>> = self
            .deployments
            .iter()
            .map(|d| self.resolve(d, scenario, contradicted, site.data))
            .collect();
        let Some(Some(first)) = resolved.first() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, mapping) in first
            .get("BlockDeviceMappings")
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let Some(kms) = mapping.get("Ebs").and_then(|e| e.get("KmsKeyId")) else {
                continue;
            };
            let mut failure = None;
            for (d, data) in self.deployments.iter().zip(&resolved) {
                if !self.deployable(site, d) {
                    continue;
                }
                let volume = data
                    .as_ref()
                    .and_then(|n| n.get("BlockDeviceMappings"))
                    .and_then(|l| l.items().get(i));
                match volume.and_then(|v| self.volume(site, d, v)) {
                    Some(f) => failure = weaker(failure, f),
                    None => {
                        failure = None;
                        break;
                    }
                }
            }
            if let Some(f) = failure {
                let mut path = site.data_path.clone();
                path.extend([
                    PathSeg::Key("BlockDeviceMappings".into()),
                    PathSeg::Index(i),
                    PathSeg::Key("Ebs".into()),
                    PathSeg::Key("KmsKeyId".into()),
                ]);
                out.push(
                    Diagnostic::new(rule, kms.span, f.message)
                        .with_help(f.help)
                        .with_severity(f.severity)
                        .with_path(&path),
                );
            }
        }
        out
    }

    /// The failure of the launch of one mapping in deployment `d`, when it
    /// is certain.
    fn volume(&self, site: &Site<'_, '_>, d: &Deployment, mapping: &Node) -> Option<Failure> {
        let ebs = mapping.get("Ebs")?;
        if !ebs
            .get("Encrypted")
            .and_then(Node::scalar_text)
            .is_some_and(|t| t.eq_ignore_ascii_case("true"))
        {
            return None;
        }
        let written = ebs.get("KmsKeyId")?.as_str().filter(|s| !is_symbolic(s))?;
        let mut book = KeyBook::new("aws", &d.account, &d.region).ok()?;
        for (alias, target) in &d.aliases {
            let Ok(arn) = book.key_arn(target) else {
                continue;
            };
            book.add_alias(alias.clone(), arn.clone());
            book.add_alias(
                format!("arn:aws:kms:{}:{}:{alias}", d.region, d.account),
                arn,
            );
        }
        let key = book.resolve(written, "KmsKeyId").ok()?;
        let key_id = d.keys.get(&key.arn)?;
        let key_res = self.template.resource(key_id)?;
        let props = key_res.properties?;
        props.get("KeyPolicy")?;
        let device = mapping
            .get("DeviceName")
            .and_then(Node::as_str)
            .filter(|s| !is_symbolic(s))
            .unwrap_or("/dev/sdf");
        let branches = Branches::of(self.template, props, key_res.condition);
        let mut failure = None;
        for scenario in &branches.scenarios {
            let names = branches.names.iter().map(String::as_str);
            let contradicted =
                contradicted_parameters(self.template, scenario, names.chain(key_res.condition));
            let resolved = self.resolve(d, scenario, &contradicted, props)?;
            let mut book = book.clone();
            self.declare_key(&mut book, &key.arn, &resolved)?;
            let policy = resolved.get("KeyPolicy")?;
            let declared = DeclaredKey {
                arn: &key.arn,
                id: key_id,
                policy,
            };
            let f = self.launch(site, d, &book, &declared, device)?;
            failure = weaker(failure, f);
        }
        failure
    }

    /// Adds the key's policy, state and spec to `book`; `None` when the
    /// template does not say them exactly.
    fn declare_key(&self, book: &mut KeyBook, arn: &str, props: &Node) -> Option<()> {
        let policy = props.get("KeyPolicy").filter(|p| p.is_object())?;
        if !decidable(policy) {
            return None;
        }
        let doc =
            PolicyDoc::from_node(Arc::clone(&self.source), policy, PolicyType::Resource).ok()?;
        book.add_policy(arn.to_string(), doc);
        let text = |k: &str| props.get(k).and_then(Node::scalar_text);
        if let Some(enabled) = props.get("Enabled") {
            if is_false(enabled) {
                book.add_state(arn.to_string(), "Disabled".into());
            } else if enabled.scalar_text().is_none_or(|t| is_symbolic(&t)) {
                return None;
            }
        }
        for (prop, usable) in [
            ("KeySpec", "SYMMETRIC_DEFAULT"),
            ("KeyUsage", "ENCRYPT_DECRYPT"),
        ] {
            match text(prop) {
                None => {}
                Some(t) if is_symbolic(&t) => return None,
                Some(t) if t == usable => {}
                Some(t) => book.add_unusable(
                    arn.to_string(),
                    format!("its {prop} is {t}: EBS encrypts only with symmetric encryption keys ({prop} {usable})"),
                ),
            }
        }
        Some(())
    }

    /// Simulates the launch with the key declared in `book`.
    fn launch(
        &self,
        site: &Site<'_, '_>,
        d: &Deployment,
        book: &KeyBook,
        key: &DeclaredKey<'_>,
        device: &str,
    ) -> Option<Failure> {
        let (key_arn, key_id) = (key.arn, key.id);
        let any = format!("arn:aws:iam::{}:{ANY_PRINCIPAL}", d.account);
        let policy = book.policy_of(key_arn)?;
        let named = named_principals(key.policy)?;
        let slr = match site.launcher {
            Launcher::Direct => None,
            Launcher::AutoScaling { group } => Some(match group.prop("ServiceLinkedRoleARN") {
                None => auto_scaling_role("aws", &d.account),
                Some(n) => self.unconditional_text(d, n)?,
            }),
        };
        let first = run(&any, d, book, key_arn, device, slr.as_deref())?;
        if !first.key_problems.is_empty() {
            // The key itself is unusable: no permission changes that.
            return Some(describe(site, &first, key_id, slr.as_deref()));
        }
        if !matches!(first.verdict, Verdict::Terminates { .. }) {
            return None;
        }
        let others: Vec<String> = named
            .into_iter()
            .map(|p| match p {
                Named::Account(a) => format!("arn:aws:iam::{a}:{ANY_PRINCIPAL}"),
                Named::Principal(p) => p,
            })
            .filter(|p| *p != any && Some(p) != slr.as_ref())
            .collect();
        let candidates: Vec<&str> = std::iter::once(any.as_str())
            .chain(others.iter().map(String::as_str))
            .collect();
        let creator = grant_creator(policy, key_arn, &d.region, &candidates);
        if let (Launcher::AutoScaling { group }, Some(slr)) = (site.launcher, &slr) {
            let creator = creator.map(|c| {
                if c == any {
                    "any principal of the account whose IAM policies allow it (the key policy delegates to the account)".to_string()
                } else {
                    short_principal(c)
                }
            });
            return Some(describe_auto_scaling(
                site,
                &first,
                key_id,
                &AsgRole::of(group, slr),
                creator,
            ));
        }
        if creator.is_some() {
            // A grant no template declares could give the caller the key's use.
            return None;
        }
        let mut refusals = Vec::new();
        for p in &others {
            let sim = run(p, d, book, key_arn, device, None)?;
            if !matches!(sim.verdict, Verdict::Terminates { .. }) {
                return None;
            }
            if let Some(c) = sim.kms.iter().find(|c| !c.allowed()) {
                refusals.push(format!("{} is refused {}", short_principal(p), c.action));
            }
        }
        let mut f = describe(site, &first, key_id, slr.as_deref());
        if !refusals.is_empty() {
            f.message = f.message.replacen(
                "{named}",
                &format!("; of the principals it names, {}", refusals.join(", ")),
                1,
            );
        }
        f.message = f.message.replacen("{named}", "", 1);
        Some(f)
    }
}

/// `role/KeyAdmin`, `the account 111122223333` … for messages.
fn short_principal(arn: &str) -> String {
    if let Some(account) = arn
        .strip_suffix(&format!(":{ANY_PRINCIPAL}"))
        .and_then(|a| a.rsplit(':').next())
    {
        return format!("any principal of account {account}");
    }
    arn.splitn(6, ':').nth(5).unwrap_or(arn).to_string()
}

/// Whether every value of the policy is known and every condition is on a
/// key the simulation knows the value of.
fn decidable(policy: &Node) -> bool {
    let mut ok = true;
    policy.walk(|path, n| {
        if let Value::String(s) = &n.value
            && is_symbolic(s)
        {
            ok = false;
        }
        // Statement[i].Condition.<operator> → its keys.
        if let [.., PathSeg::Key(c), PathSeg::Key(_)] = path
            && c == "Condition"
        {
            for m in n.members() {
                if !DECIDABLE_CONDITION_KEYS.contains(&m.key.to_ascii_lowercase().as_str()) {
                    ok = false;
                }
            }
        }
    });
    ok
}

/// A principal an Allow statement of the key policy names.
enum Named {
    /// An account (its ID or root ARN): any principal of it.
    Account(String),
    Principal(String),
}

/// The AWS principals the Allow statements of `policy` name; `None` when
/// one cannot be read as a principal.
fn named_principals(policy: &Node) -> Option<Vec<Named>> {
    let mut out = Vec::new();
    let statements = policy
        .get("Statement")
        .map(Node::one_or_many)
        .unwrap_or_default();
    for st in statements {
        if !st
            .get("Effect")
            .and_then(Node::as_str)
            .is_some_and(|e| e.eq_ignore_ascii_case("Allow"))
        {
            continue;
        }
        let aws = st
            .get("Principal")
            .and_then(|p| p.get("AWS"))
            .map(Node::one_or_many)
            .unwrap_or_default();
        for p in aws {
            let p = p.scalar_text()?;
            if p == "*" {
                continue;
            }
            let parsed = RequestPrincipal::parse(&p).ok()?;
            match (&parsed.account, p.ends_with(":root") || p.len() == 12) {
                (Some(a), true) => out.push(Named::Account(a.clone())),
                _ => out.push(Named::Principal(p.into_owned())),
            }
        }
    }
    Some(out)
}

/// The first of `candidates` that, with identity-based policies that allow
/// everything, may create a grant on the key outside an AWS service's
/// request: a grant no template declares could then give anyone its use.
/// A candidate that cannot be decided counts as one that may.
fn grant_creator<'c>(
    policy: &PolicyDoc,
    key_arn: &str,
    region: &str,
    candidates: &[&'c str],
) -> Option<&'c str> {
    let Ok(all) = allow_all() else {
        return candidates.first().copied();
    };
    let set = PolicySet {
        identity: vec![all],
        resource: Some(ResourcePolicy {
            doc: policy.clone(),
            kind: ResourcePolicyKind::KeyPolicy,
        }),
        ..PolicySet::default()
    };
    candidates.iter().copied().find(|p| {
        let Ok((account, _)) = principal_account(p) else {
            return true;
        };
        let mut context = Context::default();
        context.add("kms:CallerAccount", &account);
        context.add("aws:RequestedRegion", region);
        let ask = Ask {
            principal: p,
            action: "kms:CreateGrant",
            resource: key_arn.to_string(),
            about: String::new(),
            purpose: None,
            context,
            notes: Vec::new(),
        };
        decide(&set, ask).map_or(true, |(c, _)| c.allowed())
    })
}

/// Simulates a one-volume launch by `principal` (identity-based policies
/// that allow everything), the KMS requests made by `slr` when given.
fn run(
    principal: &str,
    d: &Deployment,
    book: &KeyBook,
    key_arn: &str,
    device: &str,
    slr: Option<&str>,
) -> Option<Simulation> {
    let (account, partition) = principal_account(principal).ok()?;
    let request = serde_json::json!({
        "InstanceType": "t3.micro",
        "MinCount": 1,
        "MaxCount": 1,
        "BlockDeviceMappings": [{
            "DeviceName": device,
            "Ebs": {"VolumeSize": 8, "VolumeType": "gp3", "Encrypted": true, "KmsKeyId": key_arn}
        }]
    });
    let input = Input {
        request_name: "template-launch.json".into(),
        request_text: request.to_string(),
        kind: Some(InputKind::RunInstances),
        caller: Caller {
            principal: principal.to_string(),
            account,
            partition,
            set: PolicySet {
                identity: vec![allow_all().ok()?],
                ..PolicySet::default()
            },
        },
        region: d.region.clone(),
        keys: book.clone(),
        by_default: false,
        snapshots: Vec::new(),
        service_linked_role: slr.map(str::to_string),
        instance_profile_role: None,
    };
    simulate(&input).ok()
}

/// The state reason of a terminated launch.
fn state_reason(sim: &Simulation) -> String {
    match &sim.verdict {
        Verdict::Terminates {
            state_reason_message,
            ..
        } => state_reason_message.clone(),
        _ => String::new(),
    }
}

/// The KMS requests `sim` refuses, in words: the first (`kms:DescribeKey
/// (step 7: …)`) and the others (`, nor kms:CreateGrant or kms:Decrypt`);
/// `None` when none is refused.
fn refused_requests(sim: &Simulation) -> Option<(String, String)> {
    let denied: Vec<&Check> = sim.kms.iter().filter(|c| !c.allowed()).collect();
    let first = denied.first()?;
    let purpose = first
        .purpose
        .as_ref()
        .map(|p| format!(": {p}"))
        .unwrap_or_default();
    let action = &first.action;
    let step = first.step;
    let mut also: Vec<&str> = denied
        .iter()
        .skip(1)
        .map(|c| c.action.as_str())
        .filter(|a| a != action)
        .collect();
    also.dedup();
    let also = if also.is_empty() {
        String::new()
    } else {
        let (last, rest) = also.split_last().map_or(("", &[][..]), |(l, r)| (*l, r));
        if rest.is_empty() {
            format!(", nor {last}")
        } else {
            format!(", nor {} or {last}", rest.join(", "))
        }
    };
    Some((format!("{action} (step {step}{purpose})"), also))
}

/// The finding's words for a launch that fails on the key itself, or for a
/// direct launch refused the key, from the simulation of the general case.
fn describe(site: &Site<'_, '_>, sim: &Simulation, key_id: &str, slr: Option<&str>) -> Failure {
    let state = state_reason(sim);
    let launch = site.launch();
    let whoever = if site.resource.is("AWS::EC2::Instance") {
        "whoever deploys the stack"
    } else {
        "whoever launches from it"
    };
    if let Some(problem) = sim.key_problems.first() {
        let (cause, help) = match &problem.state {
            Some(state) => (
                format!("is declared {state} (Enabled: false) and EBS can use only an Enabled key"),
                format!("enable KMS key {key_id} (Enabled: true), or name an enabled key"),
            ),
            None => (
                format!("cannot encrypt the volume: {}", problem.reason),
                format!(
                    "name a symmetric encryption key in KmsKeyId, or make {key_id} one (KeySpec SYMMETRIC_DEFAULT, KeyUsage ENCRYPT_DECRYPT)"
                ),
            ),
        };
        // AWS documents the state reason for a key in the wrong state only.
        let reason = if problem.state.is_some() {
            state
        } else {
            "AWS does not document the state reason it gives for a key EBS cannot use".to_string()
        };
        return Failure {
            message: format!(
                "{launch}{}: KMS key {key_id} {cause}; the instance goes from pending to terminated ({reason})",
                if slr.is_some() {
                    ""
                } else {
                    " is predicted to fail"
                },
            ),
            help,
            severity: Severity::Error,
        };
    }
    let Some((refused, _)) = refused_requests(sim) else {
        return Failure {
            message: format!("{launch} is predicted to fail ({state})"),
            help: String::new(),
            severity: Severity::Error,
        };
    };
    Failure {
        message: format!(
            "{launch} is predicted to fail {whoever}: the key policy of {key_id} does not delegate to the account (so no IAM policy can grant its use) and lets no one create a grant; it refuses any other principal {refused}{{named}}. RunInstances succeeds, then the instance goes from pending to terminated ({state})"
        ),
        help: format!(
            "in the key policy of {key_id}, allow the principal that deploys the stack (or the account, arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:root, so that its IAM policies decide) kms:DescribeKey, kms:CreateGrant with kms:GrantIsForAWSResource, kms:GenerateDataKeyWithoutPlaintext and kms:Decrypt"
        ),
        severity: Severity::Error,
    }
}

/// The finding's words for an Auto Scaling launch whose service-linked role
/// the key policy refuses; `creator` is who may create a grant for the role
/// outside the template, if anyone.
fn describe_auto_scaling(
    site: &Site<'_, '_>,
    sim: &Simulation,
    key_id: &str,
    role: &AsgRole,
    creator: Option<String>,
) -> Failure {
    let state = state_reason(sim);
    let launch = site.launch();
    let Some((first, also)) = refused_requests(sim) else {
        return Failure {
            message: format!("{launch} ({state})"),
            help: String::new(),
            severity: Severity::Error,
        };
    };
    let refused = format!("{first}{also}");
    let refusal = Refusal::of(sim);
    let name = &role.name;
    let lacks = refusal.lacking();
    let statements = refusal.statements(role);
    let add = format!(
        "add to the key policy of {key_id} the {} of the Auto Scaling guide for the group's service-linked role: {statements}",
        if refusal.missing.len() == 1 {
            "statement"
        } else {
            "statements"
        }
    );
    let terminated = format!(
        "every instance goes from pending to terminated and the scaling activity fails ({state})"
    );
    let common = format!(
        "Auto Scaling's service-linked role {name} makes the KMS requests for the volume, and its AWS managed policy gives no access to customer managed keys"
    );
    if !refusal.outright.is_empty() {
        return Failure {
            message: format!(
                "{launch}: {common}; a Deny statement of the key policy of {key_id} refuses it {}, which no Allow statement or grant overrides, so {terminated}",
                refusal.outright.join(" and ")
            ),
            help: format!(
                "remove or narrow the Deny statement of the key policy of {key_id} that applies to {name}, and make sure the key policy allows the role what the Auto Scaling guide documents: {statements}"
            ),
            severity: Severity::Error,
        };
    }
    match creator {
        None => Failure {
            message: format!(
                "{launch}: {common}; the key policy of {key_id} lacks {lacks}, so it refuses the role {refused}, and it lets no one create a grant for the role: {terminated}"
            ),
            help: add,
            severity: Severity::Error,
        },
        Some(creator) => Failure {
            message: format!(
                "{launch} unless a grant made outside the template gives its service-linked role the key's use: {common}; the key policy of {key_id} lacks {lacks}, so it refuses the role {refused}. A grant for the role, which {creator} may create (aws kms create-grant, the route AWS documents for a key of another account), would make the launch work, but no template resource can declare one; without it {terminated}"
            ),
            help: format!(
                "{add} (a grant for the role also works, but the template cannot show it)"
            ),
            severity: Severity::Warning,
        },
    }
}
