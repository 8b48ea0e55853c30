//! The values only a deployment gives a template — its account and Region,
//! and the identifiers CloudFormation gives the keys, aliases, roles and users
//! it creates — written as stand-ins, so that a key policy and a `KmsKeyId`
//! resolve to text the IAM evaluator can decide.
//!
//! A stand-in account or Region is one the template does not name, so any
//! account or Region the template does not write behaves as the stand-in does;
//! the accounts and Regions it does write are tried as well
//! ([`candidate_deployments`]).

use std::collections::{BTreeMap, BTreeSet};

use crate::cfn::Template;
use crate::cfn::intrinsics::{Resolver, StandIns};
use crate::cfn::{Branches, Scenario};
use crate::ec2::kms_key::is_region;
use crate::parse::node::is_symbolic;
use crate::parse::{Node, Value};

/// Most deployments (account × Region) tried for one template; past it the
/// template is not judged.
pub const MAX_DEPLOYMENTS: usize = 16;

/// Account IDs used as stand-ins, the first one the template does not name.
const STAND_IN_ACCOUNTS: &[&str] = &["012345678901", "987654321098", "135791357913"];
/// Regions used as stand-ins, the first one the template does not name.
const STAND_IN_REGIONS: &[&str] = &["us-east-1", "eu-west-1", "ap-southeast-2", "sa-east-1"];

/// One account and Region the stack may be deployed in, with the values of
/// `Ref` and `Fn::GetAtt` on the template's keys, aliases, roles and users.
#[derive(Debug, Clone)]
pub struct Deployment {
    pub account: String,
    pub region: String,
    /// The account, Region and resource values, for
    /// [`Resolver::with_stand_ins`].
    pub stand_ins: StandIns,
    /// Key ARN → logical ID of the `AWS::KMS::Key`.
    pub keys: BTreeMap<String, String>,
    /// Alias name (`alias/x`) → the alias's target as written, resolved.
    pub aliases: Vec<(String, String)>,
}

/// The key ID stand-in of the `n`th key of the template.
fn key_id(n: usize) -> String {
    format!("00000000-0000-4000-8000-{:012}", n + 1)
}

impl Deployment {
    fn new(template: &Template<'_>, account: &str, region: &str) -> Deployment {
        let mut s = StandIns {
            account_id: Some(account.to_string()),
            region: Some(region.to_string()),
            ..StandIns::default()
        };
        let mut keys = BTreeMap::new();
        let mut aliases = Vec::new();
        // A value that an `Fn::If` chooses is not taken: the scenario is not known here.
        let literal = |s: &StandIns, node: Option<&Node>| -> Option<String> {
            let node = node?;
            if Branches::of(template, node, None).scenarios.len() > 1 {
                return None;
            }
            let scenario = Scenario::default();
            let resolved = Resolver::new(template, &scenario)
                .with_stand_ins(s)
                .resolve(node)?;
            resolved
                .scalar_text()
                .map(std::borrow::Cow::into_owned)
                .filter(|s| !is_symbolic(s))
        };
        let attribute = |id: &str, name: &str| (id.to_string(), name.to_string());
        for (n, key) in template.resources_of("AWS::KMS::Key").enumerate() {
            let id = key_id(n);
            let arn = format!("arn:aws:kms:{region}:{account}:key/{id}");
            s.refs.insert(key.id.to_string(), id.clone());
            s.attributes.insert(attribute(key.id, "KeyId"), id);
            s.attributes.insert(attribute(key.id, "Arn"), arn.clone());
            keys.insert(arn, key.id.to_string());
        }
        for (kind, ty) in [("role", "AWS::IAM::Role"), ("user", "AWS::IAM::User")] {
            for r in template.resources_of(ty) {
                let name_prop = if kind == "role" {
                    "RoleName"
                } else {
                    "UserName"
                };
                let name = literal(&s, r.prop(name_prop)).unwrap_or_else(|| r.id.to_string());
                let path = literal(&s, r.prop("Path")).unwrap_or_else(|| "/".to_string());
                s.refs.insert(r.id.to_string(), name.clone());
                s.attributes.insert(
                    attribute(r.id, "Arn"),
                    format!("arn:aws:iam::{account}:{kind}{path}{name}"),
                );
            }
        }
        let written: Vec<(String, String, Option<String>)> = template
            .resources_of("AWS::KMS::Alias")
            .map(|a| {
                (
                    a.id.to_string(),
                    literal(&s, a.prop("AliasName")).unwrap_or_default(),
                    literal(&s, a.prop("TargetKeyId")),
                )
            })
            .collect();
        for (id, name, target) in written {
            if name.is_empty() {
                continue;
            }
            s.refs.insert(id, name.clone());
            if let Some(target) = target {
                aliases.push((name, target));
            }
        }
        Deployment {
            account: account.to_string(),
            region: region.to_string(),
            stand_ins: s,
            keys,
            aliases,
        }
    }
}

/// The deployments to try: every account and Region written in `nodes`,
/// each with a stand-in for all the others. `None` when there are more than
/// [`MAX_DEPLOYMENTS`].
#[must_use]
pub fn candidate_deployments(template: &Template<'_>, nodes: &[&Node]) -> Option<Vec<Deployment>> {
    let mut accounts = BTreeSet::new();
    let mut regions = BTreeSet::new();
    for node in nodes {
        node.walk(|_, n| {
            let text = match &n.value {
                Value::String(s) => s.as_str(),
                Value::Number(s) => s.as_str(),
                _ => return,
            };
            for token in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')) {
                if token.len() == 12 && token.bytes().all(|b| b.is_ascii_digit()) {
                    accounts.insert(token.to_string());
                } else if is_region(token) && token.split('-').count() <= 4 {
                    // At most four parts, as every Region has: a name such
                    // as `my-app-us-east-1` in free text is not a Region.
                    regions.insert(token.to_string());
                }
            }
        });
    }
    let stand_in = |list: &[&str], taken: &BTreeSet<String>| {
        list.iter()
            .find(|a| !taken.contains(**a))
            .map(|a| (*a).to_string())
    };
    let account = stand_in(STAND_IN_ACCOUNTS, &accounts)?;
    let region = stand_in(STAND_IN_REGIONS, &regions)?;
    accounts.insert(account.clone());
    regions.insert(region.clone());
    if accounts.len() * regions.len() > MAX_DEPLOYMENTS {
        return None;
    }
    // The stand-ins first, so that the first deployment is the general case.
    let mut out = vec![Deployment::new(template, &account, &region)];
    for a in &accounts {
        for r in &regions {
            if *a != account || *r != region {
                out.push(Deployment::new(template, a, r));
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::json::json_tree as parse;

    #[test]
    fn regions_are_recognised() {
        for r in [
            "us-east-1",
            "eu-central-2",
            "us-gov-west-1",
            "ap-southeast-4",
        ] {
            assert!(is_region(r), "{r}");
        }
        for r in ["us-east", "ebs-1", "a-b-1", "us-east-1a", "alias-x-1"] {
            assert!(!is_region(r), "{r}");
        }
    }

    #[test]
    fn writes_in_what_a_deployment_gives() {
        let root = parse(
            r#"{"Resources": {
              "Key": {"Type": "AWS::KMS::Key"},
              "Role": {"Type": "AWS::IAM::Role", "Properties": {"Path": "/app/"}},
              "Alias": {"Type": "AWS::KMS::Alias", "Properties": {"AliasName": "alias/data", "TargetKeyId": {"Ref": "Key"}}}
            }}"#,
        );
        let t = Template::new(&root);
        let Some(deps) = candidate_deployments(&t, &[]) else {
            panic!("no deployment");
        };
        assert_eq!(deps.len(), 1);
        let d = &deps[0];
        let node = parse(
            r#"{"A": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}, "B": {"Fn::GetAtt": ["Role", "Arn"]},
                "C": {"Fn::GetAtt": "Key.Arn"}, "D": {"Ref": "Alias"}, "E": {"Fn::Sub": ["${X}-${AWS::Region}-${!Key}", {"X": {"Ref": "Key"}}]}}"#,
        );
        let scenario = Scenario::default();
        let resolved = Resolver::new(&t, &scenario)
            .with_stand_ins(&d.stand_ins)
            .resolve(&node)
            .unwrap_or_default();
        let text = |k: &str| {
            resolved
                .get(k)
                .and_then(Node::as_str)
                .unwrap_or("")
                .to_string()
        };
        assert_eq!(text("A"), "arn:aws:iam::012345678901:root");
        assert_eq!(text("B"), "arn:aws:iam::012345678901:role/app/Role");
        assert_eq!(
            text("C"),
            "arn:aws:kms:us-east-1:012345678901:key/00000000-0000-4000-8000-000000000001"
        );
        assert_eq!(text("D"), "alias/data");
        assert_eq!(
            text("E"),
            "00000000-0000-4000-8000-000000000001-us-east-1-${Key}"
        );
        assert_eq!(
            d.aliases,
            [(
                "alias/data".to_string(),
                "00000000-0000-4000-8000-000000000001".to_string()
            )]
        );
    }

    #[test]
    fn tries_the_accounts_and_regions_the_template_names() {
        let root = parse(r#"{"Resources": {}}"#);
        let t = Template::new(&root);
        let policy =
            parse(r#"{"P": "arn:aws:iam::111122223333:root", "C": "ec2.eu-west-1.amazonaws.com"}"#);
        let deps = candidate_deployments(&t, &[&policy]).unwrap_or_default();
        let pairs: Vec<(String, String)> = deps
            .iter()
            .map(|d| (d.account.clone(), d.region.clone()))
            .collect();
        assert_eq!(pairs.len(), 4);
        assert_eq!(pairs[0], ("012345678901".into(), "us-east-1".into()));
        assert!(pairs.contains(&("111122223333".into(), "eu-west-1".into())));
    }
}
