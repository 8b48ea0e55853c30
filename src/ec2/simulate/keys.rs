//! The KMS keys of a simulation: how each identifier EBS is given resolves
//! to a key (KMS authorizes on the key, not on an alias), each key's policy
//! and state, and the account's default EBS key.

use serde::Serialize;

use super::launch::PlanError;
use crate::ec2::kms_key::{AWS_EBS_ALIAS, KeyRef, parse_key_ref};
use crate::iam::eval::PolicyDoc;
use crate::iam::policy::PolicyType;

/// A key as the simulation uses it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResolvedKey {
    /// As written (KmsKeyId, --default-kms-key, --snapshot).
    pub written: String,
    /// What the identifier came from: `KmsKeyId`, `the account's default EBS key` …
    pub origin: String,
    /// The ARN KMS authorizes requests on (for `aws/ebs`, its alias ARN).
    pub arn: String,
    pub account: String,
    pub region: String,
    /// The AWS managed key `aws/ebs`.
    pub aws_managed: bool,
    /// Why EBS cannot use the key at all, whatever the permissions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unusable: Option<String>,
}

impl ResolvedKey {
    /// `arn:…:key/…`, or `alias/aws/ebs (AWS managed key)`.
    #[must_use]
    pub fn display(&self) -> String {
        if self.aws_managed {
            format!(
                "{AWS_EBS_ALIAS}, the AWS managed key of account {}",
                self.account
            )
        } else if self.written == self.arn {
            self.arn.clone()
        } else {
            format!("{}, written {}", self.arn, self.written)
        }
    }
}

/// The documented policy of the AWS managed key `aws/ebs`: any principal of
/// the account may use it through EC2 in its Region; the account may read its
/// metadata. (KMS Developer Guide, `kms:CallerAccount` and `kms:ViaService`.)
fn aws_ebs_policy(account: &str, region: &str) -> String {
    format!(
        r#"{{
  "Version": "2012-10-17",
  "Id": "auto-ebs-2",
  "Statement": [
    {{
      "Sid": "Allow access through EBS for all principals in the account that are authorized to use EBS",
      "Effect": "Allow",
      "Principal": {{"AWS": "*"}},
      "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"],
      "Resource": "*",
      "Condition": {{"StringEquals": {{"kms:CallerAccount": "{account}", "kms:ViaService": "ec2.{region}.amazonaws.com"}}}}
    }},
    {{
      "Sid": "Allow direct access to key metadata to the account",
      "Effect": "Allow",
      "Principal": {{"AWS": "arn:aws:iam::{account}:root"}},
      "Action": ["kms:Describe*", "kms:Get*", "kms:List*", "kms:RevokeGrant"],
      "Resource": "*"
    }}
  ]
}}
"#
    )
}

/// Every key the simulation knows.
#[derive(Debug, Clone)]
pub struct KeyBook {
    pub partition: String,
    pub account: String,
    pub region: String,
    /// Key ARN → key policy.
    policies: Vec<(String, PolicyDoc)>,
    /// Key ARN → key state (`Enabled`, `Disabled`, `PendingDeletion`, `PendingImport`).
    states: Vec<(String, String)>,
    /// Alias name or alias ARN → key ARN.
    aliases: Vec<(String, String)>,
    /// Key ARN → why EBS cannot use the key (an asymmetric key …).
    unusable: Vec<(String, String)>,
    default_key: Option<String>,
    aws_ebs: PolicyDoc,
}

/// The key states of KMS.
pub const KEY_STATES: &[&str] = &[
    "Enabled",
    "Disabled",
    "PendingDeletion",
    "PendingImport",
    "PendingReplicaDeletion",
    "Unavailable",
    "Creating",
    "Updating",
];

impl KeyBook {
    /// # Errors
    /// The built-in `aws/ebs` policy does not load (a bug).
    pub fn new(partition: &str, account: &str, region: &str) -> Result<KeyBook, String> {
        let aws_ebs = PolicyDoc::from_text(
            &format!("(AWS managed key policy of {AWS_EBS_ALIAS})"),
            &aws_ebs_policy(account, region),
            PolicyType::Resource,
        )
        .map_err(|e| {
            e.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        })?;
        Ok(KeyBook {
            partition: partition.to_string(),
            account: account.to_string(),
            region: region.to_string(),
            policies: Vec::new(),
            states: Vec::new(),
            aliases: Vec::new(),
            unusable: Vec::new(),
            default_key: None,
            aws_ebs,
        })
    }

    /// The key ARN a `--key-policy` / `--key-state` names: a key ARN, or a
    /// key ID of the caller's account and Region.
    ///
    /// # Errors
    /// An alias or anything else that does not name one key.
    pub fn key_arn(&self, written: &str) -> Result<String, String> {
        match parse_key_ref(written) {
            Ok(KeyRef::KeyArn(_)) => Ok(written.to_string()),
            Ok(KeyRef::KeyId(id)) => Ok(self.arn_of_id(&id)),
            Ok(_) => Err(format!(
                "`{written}` is an alias; a key policy and a key state belong to a key: give its key ARN (and map the alias with --key-alias {written}=KEY_ARN)"
            )),
            Err(e) => Err(format!("`{written}` {e}")),
        }
    }

    fn arn_of_id(&self, id: &str) -> String {
        format!(
            "arn:{}:kms:{}:{}:key/{id}",
            self.partition, self.region, self.account
        )
    }

    pub fn add_policy(&mut self, key_arn: String, doc: PolicyDoc) {
        self.policies.push((key_arn, doc));
    }

    pub fn add_state(&mut self, key_arn: String, state: String) {
        self.states.push((key_arn, state));
    }

    pub fn add_alias(&mut self, alias: String, key_arn: String) {
        self.aliases.push((alias, key_arn));
    }

    /// Declares that EBS cannot use the key, and why (its spec or usage).
    pub fn add_unusable(&mut self, key_arn: String, reason: String) {
        self.unusable.push((key_arn, reason));
    }

    /// The policy of the key with this ARN.
    #[must_use]
    pub fn policy_of(&self, key_arn: &str) -> Option<&PolicyDoc> {
        self.policies
            .iter()
            .rev()
            .find(|(arn, _)| arn == key_arn)
            .map(|(_, d)| d)
    }

    pub fn set_default_key(&mut self, key: Option<String>) {
        self.default_key = key;
    }

    /// The key policy of a resolved key.
    #[must_use]
    pub fn policy(&self, key: &ResolvedKey) -> Option<&PolicyDoc> {
        if key.aws_managed {
            return (key.account == self.account).then_some(&self.aws_ebs);
        }
        self.policies
            .iter()
            .rev()
            .find(|(arn, _)| *arn == key.arn)
            .map(|(_, d)| d)
    }

    /// The key's state: as given, else `Enabled`.
    #[must_use]
    pub fn state(&self, key: &ResolvedKey) -> &str {
        self.states
            .iter()
            .rev()
            .find(|(arn, _)| *arn == key.arn)
            .map_or("Enabled", |(_, s)| s.as_str())
    }

    /// The account's default EBS key: `--default-kms-key`, else `aws/ebs`.
    ///
    /// # Errors
    /// As [`KeyBook::resolve`].
    pub fn default_key(&self) -> Result<ResolvedKey, PlanError> {
        let written = self.default_key.as_deref().unwrap_or(AWS_EBS_ALIAS);
        self.resolve(written, "the account's default EBS key")
    }

    /// Resolves a key identifier as EBS would for a launch by this account in
    /// this Region.
    ///
    /// # Errors
    /// An alias the simulation cannot map to a key without `--key-alias`.
    pub fn resolve(&self, written: &str, origin: &str) -> Result<ResolvedKey, PlanError> {
        let mut key = ResolvedKey {
            written: written.to_string(),
            origin: origin.to_string(),
            arn: written.to_string(),
            account: self.account.clone(),
            region: self.region.clone(),
            aws_managed: false,
            unusable: None,
        };
        let parsed = match parse_key_ref(written) {
            Ok(k) => k,
            Err(e) => {
                key.unusable = Some(format!("\"{written}\" {e}"));
                return Ok(key);
            }
        };
        if let Some(service) = parsed.aws_managed_other_service() {
            key.unusable = Some(format!(
                "{written} is the AWS managed key of {service}: its policy allows its use only through {service}"
            ));
            return Ok(key);
        }
        match &parsed {
            KeyRef::KeyId(id) => key.arn = self.arn_of_id(id),
            KeyRef::KeyArn(a) => {
                a.account.clone_into(&mut key.account);
                a.region.clone_into(&mut key.region);
            }
            KeyRef::AliasName(_) | KeyRef::AliasArn(_) => {
                if let KeyRef::AliasArn(a) = &parsed {
                    a.account.clone_into(&mut key.account);
                    a.region.clone_into(&mut key.region);
                }
                if parsed.is_aws_managed_ebs() {
                    key.aws_managed = true;
                    key.arn = format!(
                        "arn:{}:kms:{}:{}:{AWS_EBS_ALIAS}",
                        self.partition, key.region, key.account
                    );
                } else {
                    let target = self
                        .aliases
                        .iter()
                        .rev()
                        .find(|(alias, _)| alias == written)
                        .map(|(_, arn)| arn.clone())
                        .ok_or_else(|| {
                            PlanError(format!(
                                "{origin} is the alias {written}: say which key it names with --key-alias {written}=KEY_ARN"
                            ))
                        })?;
                    if let KeyRef::AliasName(_) = parsed
                        && let Ok(KeyRef::KeyArn(t)) = parse_key_ref(&target)
                        && t.account != self.account
                    {
                        key.unusable = Some(format!(
                            "an alias name resolves in the caller's account: KMS looks for {written} in account {}, not in {}, the account of {target}; name a key of another account by its key ARN",
                            self.account, t.account
                        ));
                    }
                    key.arn = target;
                    if let Ok(KeyRef::KeyArn(t)) = parse_key_ref(&key.arn) {
                        if key.unusable.is_none() {
                            t.account.clone_into(&mut key.account);
                        }
                        t.region.clone_into(&mut key.region);
                    }
                }
            }
        }
        if key.unusable.is_none() && key.region != self.region {
            key.unusable = Some(format!(
                "the key is in {}, the launch in {}: EBS encrypts a volume with a key of the volume's Region",
                key.region, self.region
            ));
        }
        if key.unusable.is_none()
            && let Some((_, why)) = self.unusable.iter().rev().find(|(arn, _)| *arn == key.arn)
        {
            key.unusable = Some(why.clone());
        }
        if key.unusable.is_none() && key.aws_managed && key.account != self.account {
            key.unusable = Some(format!(
                "the AWS managed key aws/ebs of account {} can be used only by that account",
                key.account
            ));
        }
        Ok(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book() -> KeyBook {
        let mut b = match KeyBook::new("aws", "111122223333", "us-east-1") {
            Ok(b) => b,
            Err(e) => panic!("{e}"),
        };
        b.add_alias(
            "alias/app".into(),
            "arn:aws:kms:us-east-1:111122223333:key/0f1e2d3c-aaaa-bbbb-cccc-000000000001".into(),
        );
        b.add_alias(
            "alias/shared-ebs".into(),
            "arn:aws:kms:us-east-1:444455556666:key/0f1e2d3c-aaaa-bbbb-cccc-000000000002".into(),
        );
        b
    }

    #[test]
    fn resolves_ids_aliases_and_the_managed_key() {
        let b = book();
        let id = b.resolve("0f1e2d3c-aaaa-bbbb-cccc-000000000009", "KmsKeyId");
        assert_eq!(
            id.map(|k| k.arn).ok().as_deref(),
            Some("arn:aws:kms:us-east-1:111122223333:key/0f1e2d3c-aaaa-bbbb-cccc-000000000009")
        );
        let alias = b.resolve("alias/app", "KmsKeyId");
        assert!(alias.is_ok_and(|k| k.unusable.is_none() && k.arn.ends_with("000000000001")));
        let managed = b.resolve("alias/aws/ebs", "KmsKeyId");
        assert!(managed.as_ref().is_ok_and(|k| k.aws_managed));
        assert!(managed.is_ok_and(|k| b.policy(&k).is_some()));
        assert!(b.resolve("alias/unknown", "KmsKeyId").is_err());
    }

    #[test]
    fn refuses_what_ebs_cannot_use() {
        let b = book();
        let cross = b.resolve("alias/shared-ebs", "KmsKeyId");
        assert!(cross.is_ok_and(|k| k.unusable.is_some()));
        let region = b.resolve(
            "arn:aws:kms:eu-west-1:111122223333:key/0f1e2d3c-aaaa-bbbb-cccc-000000000001",
            "KmsKeyId",
        );
        assert!(region.is_ok_and(|k| k.unusable.is_some_and(|u| u.contains("eu-west-1"))));
        let s3 = b.resolve("alias/aws/s3", "KmsKeyId");
        assert!(s3.is_ok_and(|k| k.unusable.is_some()));
    }
}
