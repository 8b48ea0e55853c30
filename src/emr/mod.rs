//! Amazon EMR: lenient, positioned models of security configurations (with
//! their EMRFS role mappings) and of `Configurations` lists, and the EMRFS
//! role-mapping semantics (first match wins, fallback to the instance role).
//!
//! Models are built from a [`Node`] and a [`Surface`] — the EMR API/CLI JSON,
//! or a CloudFormation resource's properties — and never fail: what is
//! missing or mistyped is simply absent from the typed view, and the structure
//! rules report it. Every part keeps its node, so findings point at the text.
//! Only `template_roles` depends on the CloudFormation model (it reads a
//! template's IAM roles and clusters); otherwise a template rule resolves its
//! intrinsics, then hands the property's node to these constructors.

pub mod aws_managed;
pub mod configurations;
pub mod document;
pub mod emrfs;
pub mod roles;
pub mod schema;
pub mod security_configuration;
pub mod template_roles;

pub use configurations::{ClusterSettings, Configuration, ConfigurationList};
pub use emrfs::{IdentifierType, Resolution};
pub use security_configuration::{RoleMapping, SecurityConfiguration};

use crate::parse::node::path_to_string;
use crate::parse::{Node, PathSeg, Value};

/// Where an EMR document comes from; it decides the spelling of some keys
/// and whether values may be CloudFormation intrinsics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    /// JSON as the EMR API and the AWS CLI take it (`--security-configuration`,
    /// `--configurations`, `--cli-input-json`) and as `describe-*` returns it.
    Api,
    /// A CloudFormation resource (`AWS::EMR::SecurityConfiguration`,
    /// `AWS::EMR::Cluster`): configurations use `ConfigurationProperties`,
    /// and values may be intrinsic functions known only at deploy time.
    CloudFormation,
}

impl Surface {
    /// The key of a configuration's property map on this surface.
    #[must_use]
    pub fn properties_key(self) -> &'static str {
        match self {
            Surface::Api => "Properties",
            Surface::CloudFormation => "ConfigurationProperties",
        }
    }

    /// The key the other surface uses, which is wrong on this one.
    #[must_use]
    pub fn foreign_properties_key(self) -> &'static str {
        match self {
            Surface::Api => "ConfigurationProperties",
            Surface::CloudFormation => "Properties",
        }
    }
}

/// Whether `node` is a value only known at deploy time on `surface`: a
/// CloudFormation intrinsic function (`{"Ref": …}`, `{"Fn::GetAtt": …}`).
/// Strings carrying [`crate::parse::node::SYMBOLIC`] parts are literals with
/// unknown pieces; callers test them with `is_symbolic`.
#[must_use]
pub fn is_deploy_time(node: &Node, surface: Surface) -> bool {
    surface == Surface::CloudFormation
        && match &node.value {
            Value::Object(members) => {
                members.len() == 1
                    && members
                        .first()
                        .is_some_and(|m| m.key == "Ref" || m.key.starts_with("Fn::"))
            }
            _ => false,
        }
}

/// The type of a node with its article, for messages: "an object", "a list".
#[must_use]
pub fn a_type(node: &Node) -> String {
    let t = node.type_name();
    if matches!(node.value, Value::Null) {
        return t.to_string();
    }
    if t.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {t}")
    } else {
        format!("a {t}")
    }
}

/// A logical path below `base` (`$` for a whole file, or a template path
/// such as `Resources.SecConf.Properties.SecurityConfiguration`).
#[must_use]
pub fn logical_path(base: &str, rel: &[PathSeg]) -> String {
    let rendered = path_to_string(rel);
    let tail = rendered.strip_prefix('$').unwrap_or(&rendered);
    format!("{base}{tail}")
}

/// Shorthand for a key step of a [`PathSeg`] path.
#[must_use]
pub fn key(k: &str) -> PathSeg {
    PathSeg::Key(k.to_string())
}

/// Whether `s` is an IAM role ARN: `arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME`,
/// allowing deploy-time (symbolic) parts.
#[must_use]
pub fn is_role_arn(s: &str) -> bool {
    role_arn_problem(s).is_none()
}

/// What is wrong with `s` as an IAM role ARN, if anything.
#[must_use]
pub fn role_arn_problem(s: &str) -> Option<String> {
    use crate::parse::node::is_symbolic;
    if s.is_empty() {
        return Some("is empty".to_string());
    }
    if is_symbolic(s) && !s.contains(':') {
        // A deploy-time value (`!GetAtt Role.Arn`, a parameter): unknown.
        return None;
    }
    let parts: Vec<&str> = s.splitn(6, ':').collect();
    let [arn, partition, service, region, account, resource] = parts.as_slice() else {
        return Some(if s.contains(':') {
            "is not an ARN".to_string()
        } else {
            "is a role name, not an ARN".to_string()
        });
    };
    let known = |p: &str| !is_symbolic(p);
    if *arn != "arn" {
        return Some("is not an ARN".to_string());
    }
    if known(partition) && !partition.starts_with("aws") {
        return Some(format!("has an unknown partition `{partition}`"));
    }
    if known(service) && *service != "iam" {
        return Some(format!("is an ARN of service `{service}`, not an IAM role"));
    }
    if !region.is_empty() && known(region) {
        return Some("has a region, but IAM ARNs have none".to_string());
    }
    if known(account) && (account.len() != 12 || !account.chars().all(|c| c.is_ascii_digit())) {
        return Some(format!(
            "has `{account}` where the 12-digit account ID belongs"
        ));
    }
    let Some(name) = resource.strip_prefix("role/") else {
        if is_symbolic(resource) {
            return None;
        }
        let kind = resource.split('/').next().unwrap_or(resource);
        return Some(match kind {
            "instance-profile" => {
                "is an instance profile ARN, not a role ARN (the role inside the profile has its own ARN)"
                    .to_string()
            }
            "user" | "group" | "policy" | "oidc-provider" | "saml-provider" => {
                format!("is an IAM {kind} ARN, not a role ARN")
            }
            _ => "is not a role ARN (`…:role/NAME`)".to_string(),
        });
    };
    if name.is_empty() || name.ends_with('/') {
        return Some("has no role name after `role/`".to_string());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_arns() {
        assert!(is_role_arn("arn:aws:iam::111122223333:role/analysts"));
        assert!(is_role_arn("arn:aws-cn:iam::111122223333:role/path/x"));
        assert!(is_role_arn("arn:aws:iam::\u{E000}:role/x"));
        assert!(is_role_arn("\u{E000}"));
        assert_eq!(
            role_arn_problem("analysts").as_deref(),
            Some("is a role name, not an ARN")
        );
        assert!(
            role_arn_problem("arn:aws:iam::111122223333:instance-profile/x")
                .is_some_and(|p| p.contains("instance profile"))
        );
        assert!(role_arn_problem("arn:aws:iam::1111:role/x").is_some());
        assert!(role_arn_problem("arn:aws:s3:::bucket").is_some());
        assert!(role_arn_problem("arn:aws:iam::111122223333:role/").is_some());
    }

    #[test]
    fn paths_below_a_base() {
        assert_eq!(
            logical_path("Resources.A.Properties", &[key("X"), PathSeg::Index(2)]),
            "Resources.A.Properties.X[2]"
        );
        assert_eq!(logical_path("$", &[key("X")]), "$.X");
    }
}
