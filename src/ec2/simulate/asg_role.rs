//! What an Auto Scaling group's service-linked role lacks in a key policy,
//! and the statements the Auto Scaling guide documents to add: `AsgUseKey`
//! (the key's use) and `AsgGrant` (`kms:CreateGrant` with
//! `kms:GrantIsForAWSResource`), named as in docs/simulate-ebs.md.

use super::Simulation;
use crate::cfn::Resource;
use crate::iam::eval::Decision;
use crate::parse::Node;
use crate::parse::node::is_symbolic;

/// The service-linked role of an Auto Scaling group.
pub struct AsgRole {
    /// `AWSServiceRoleForAutoScaling`, or the group's custom suffix.
    pub name: String,
    /// The role as a key-policy principal value, in JSON (also valid YAML):
    /// the group's `ServiceLinkedRoleARN` when it is written as a literal,
    /// else an `Fn::Sub` on the stack's partition and account.
    pub principal: String,
}

impl AsgRole {
    /// The role of `group`, whose ARN resolves to `arn`.
    #[must_use]
    pub fn of(group: &Resource<'_>, arn: &str) -> AsgRole {
        let name = arn.rsplit('/').next().unwrap_or(arn).to_string();
        let literal = group
            .prop("ServiceLinkedRoleARN")
            .filter(|n| n.tag.is_none())
            .and_then(Node::as_str)
            .filter(|s| !is_symbolic(s));
        let principal = match literal {
            Some(arn) => serde_json::Value::from(arn).to_string(),
            None => format!(
                "{{\"Fn::Sub\": \"arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:role/aws-service-role/autoscaling.amazonaws.com/{name}\"}}"
            ),
        };
        AsgRole { name, principal }
    }
}

/// One of the two key-policy statements the Auto Scaling guide documents.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum AsgStatement {
    /// `kms:Encrypt`, `kms:Decrypt`, `kms:ReEncrypt*`, `kms:GenerateDataKey*`, `kms:DescribeKey`.
    UseKey,
    /// `kms:CreateGrant` with `kms:GrantIsForAWSResource`.
    Grant,
}

impl AsgStatement {
    fn sid(self) -> &'static str {
        match self {
            AsgStatement::UseKey => "AsgUseKey",
            AsgStatement::Grant => "AsgGrant",
        }
    }

    fn gist(self) -> &'static str {
        match self {
            AsgStatement::UseKey => "the key's use",
            AsgStatement::Grant => "kms:CreateGrant for AWS resources",
        }
    }

    /// The statement for `role`, in JSON.
    fn text(self, role: &AsgRole) -> String {
        let principal = &role.principal;
        match self {
            AsgStatement::UseKey => format!(
                "{{\"Sid\": \"AsgUseKey\", \"Effect\": \"Allow\", \"Principal\": {{\"AWS\": {principal}}}, \"Action\": [\"kms:Encrypt\", \"kms:Decrypt\", \"kms:ReEncrypt*\", \"kms:GenerateDataKey*\", \"kms:DescribeKey\"], \"Resource\": \"*\"}}"
            ),
            AsgStatement::Grant => format!(
                "{{\"Sid\": \"AsgGrant\", \"Effect\": \"Allow\", \"Principal\": {{\"AWS\": {principal}}}, \"Action\": \"kms:CreateGrant\", \"Resource\": \"*\", \"Condition\": {{\"Bool\": {{\"kms:GrantIsForAWSResource\": true}}}}}}"
            ),
        }
    }
}

/// How the key policy refuses the role the KMS requests of a launch.
pub struct Refusal {
    /// The requests a Deny statement refuses, in order: no Allow statement
    /// or grant overrides it.
    pub outright: Vec<String>,
    /// The statements whose requests are refused, in the guide's order.
    pub missing: Vec<AsgStatement>,
}

impl Refusal {
    /// The refusal of the KMS requests of `sim`, made by the role.
    #[must_use]
    pub fn of(sim: &Simulation) -> Refusal {
        let denied: Vec<_> = sim.kms.iter().filter(|c| !c.allowed()).collect();
        let mut missing = Vec::new();
        if denied.iter().any(|c| c.action != "kms:CreateGrant") {
            missing.push(AsgStatement::UseKey);
        }
        if denied.iter().any(|c| c.action == "kms:CreateGrant") {
            missing.push(AsgStatement::Grant);
        }
        let mut outright: Vec<String> = Vec::new();
        for c in denied
            .iter()
            .filter(|c| c.decision == Decision::ExplicitDeny)
        {
            if !outright.contains(&c.action) {
                outright.push(c.action.clone());
            }
        }
        Refusal { outright, missing }
    }

    /// `the statement AsgGrant (…) of the Auto Scaling guide`, or both.
    #[must_use]
    pub fn lacking(&self) -> String {
        let named: Vec<String> = self
            .missing
            .iter()
            .map(|s| format!("{} ({})", s.sid(), s.gist()))
            .collect();
        match named.as_slice() {
            [one] => format!("the statement {one} that the Auto Scaling guide requires for it"),
            _ => format!(
                "both statements the Auto Scaling guide requires for it, {}",
                named.join(" and ")
            ),
        }
    }

    /// The statements to add, in JSON, for `role`.
    #[must_use]
    pub fn statements(&self, role: &AsgRole) -> String {
        let list = if self.missing.is_empty() {
            vec![AsgStatement::UseKey, AsgStatement::Grant]
        } else {
            self.missing.clone()
        };
        list.iter()
            .map(|s| s.text(role))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::Template;
    use crate::parse::json::json_tree as parse;

    const DEFAULT_ROLE: &str = "arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling";

    fn role_of(group: &str, arn: &str) -> AsgRole {
        let root = parse(&format!(r#"{{"Resources": {{"G": {group}}}}}"#));
        let t = Template::new(&root);
        let Some(g) = t.resource("G") else {
            panic!("no group");
        };
        AsgRole::of(g, arn)
    }

    #[test]
    fn a_literal_service_linked_role_arn_is_echoed() {
        let role = role_of(
            &format!(
                r#"{{"Type": "AWS::AutoScaling::AutoScalingGroup", "Properties": {{"ServiceLinkedRoleARN": "{DEFAULT_ROLE}_app"}}}}"#
            ),
            &format!("{DEFAULT_ROLE}_app"),
        );
        assert_eq!(role.name, "AWSServiceRoleForAutoScaling_app");
        assert_eq!(role.principal, format!("\"{DEFAULT_ROLE}_app\""));
    }

    #[test]
    fn a_built_or_default_role_is_written_with_the_stack_account() {
        for group in [
            r#"{"Type": "AWS::AutoScaling::AutoScalingGroup"}"#,
            r#"{"Type": "AWS::AutoScaling::AutoScalingGroup", "Properties": {"ServiceLinkedRoleARN": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"}}}"#,
        ] {
            let role = role_of(group, DEFAULT_ROLE);
            assert_eq!(
                role.principal,
                r#"{"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"}"#
            );
        }
    }

    #[test]
    fn names_and_writes_only_the_missing_statements() {
        let role = role_of(
            r#"{"Type": "AWS::AutoScaling::AutoScalingGroup"}"#,
            DEFAULT_ROLE,
        );
        let grant_only = Refusal {
            outright: Vec::new(),
            missing: vec![AsgStatement::Grant],
        };
        assert!(grant_only.lacking().starts_with("the statement AsgGrant ("));
        let text = grant_only.statements(&role);
        assert!(text.starts_with(r#"{"Sid": "AsgGrant""#), "{text}");
        assert!(!text.contains("AsgUseKey"));
        assert!(text.contains(r#""Condition": {"Bool": {"kms:GrantIsForAWSResource": true}}"#));
        let both = Refusal {
            outright: Vec::new(),
            missing: vec![AsgStatement::UseKey, AsgStatement::Grant],
        };
        assert!(
            both.lacking()
                .contains("AsgUseKey (the key's use) and AsgGrant")
        );
        let text = both.statements(&role);
        for part in text.split("}, {\"Sid\"") {
            assert!(part.contains(&role.principal));
        }
        assert!(serde_json::from_str::<serde_json::Value>(&format!("[{text}]")).is_ok());
    }
}
