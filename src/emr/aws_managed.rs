//! The few AWS managed policies whose effect on S3, IAM and STS cloudlint
//! knows, so that a role attaching them by ARN in a template can be judged.
//!
//! Each entry holds the statements of the policy that grant S3, IAM or STS
//! actions, as published in the AWS Managed Policy Reference
//! (<https://docs.aws.amazon.com/aws-managed-policy/latest/reference/>);
//! statements about other services are left out, since the EMRFS rules only
//! ask about S3 data, bucket administration, IAM writes and `sts:AssumeRole`.
//! Every other AWS managed policy is unseen: assumed to grant none of those,
//! and never to deny anything (AWS managed policies are allow lists).

/// `(path/name, statements)`: the name after `arn:aws:iam::aws:policy/`.
const KNOWN: &[(&str, &str)] = &[
    (
        "AdministratorAccess",
        r#"[{"Effect": "Allow", "Action": "*", "Resource": "*"}]"#,
    ),
    (
        "PowerUserAccess",
        r#"[{"Effect": "Allow", "NotAction": ["iam:*", "organizations:*", "account:*"], "Resource": "*"},
            {"Effect": "Allow", "Action": ["iam:CreateServiceLinkedRole", "iam:DeleteServiceLinkedRole", "iam:ListRoles"], "Resource": "*"}]"#,
    ),
    (
        "IAMFullAccess",
        r#"[{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}]"#,
    ),
    (
        "AmazonS3FullAccess",
        r#"[{"Effect": "Allow", "Action": ["s3:*", "s3-object-lambda:*"], "Resource": "*"}]"#,
    ),
    (
        "AmazonS3ReadOnlyAccess",
        r#"[{"Effect": "Allow", "Action": ["s3:Get*", "s3:List*", "s3:Describe*", "s3-object-lambda:Get*", "s3-object-lambda:List*"], "Resource": "*"}]"#,
    ),
    (
        // The EMR instance role's managed policy before v2 (EMR_EC2_DefaultRole).
        "service-role/AmazonElasticMapReduceforEC2Role",
        r#"[{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]"#,
    ),
];

/// The policy document (S3, IAM and STS statements) of a known AWS managed
/// policy, as JSON text.
#[must_use]
pub fn known_document(name: &str) -> Option<String> {
    KNOWN
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, statements)| format!(r#"{{"Version": "2012-10-17", "Statement": {statements}}}"#))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_parse() {
        for (name, _) in KNOWN {
            let text = known_document(name).unwrap_or_default();
            let parsed = crate::parse::json::parse_json(&text, &crate::parse::Limits::default());
            assert!(parsed.issues.is_empty() && parsed.root.is_some(), "{name}");
        }
        assert!(known_document("AmazonEMRFullAccessPolicy_v2").is_none());
    }
}
