//! The KMS requests EC2 makes for the launch, as the caller (or, for Auto
//! Scaling, as its service-linked role), each decided over the caller's
//! identity-based policies and the key policy with KMS's rule: the key policy
//! must allow the principal itself, or delegate to the principal's account and
//! an identity-based policy must allow; a key of another account needs both.
//!
//! Which calls, in which order, per "How EBS encryption works"
//! (<https://docs.aws.amazon.com/ebs/latest/userguide/how-ebs-encryption-works.html>):
//! a new volume (or one restored from an unencrypted snapshot) takes
//! `CreateGrant`, `GenerateDataKeyWithoutPlaintext` and `Decrypt` on its key; a
//! volume restored from an encrypted snapshot takes `GenerateDataKeyWithoutPlaintext`,
//! then `CreateGrant` and `Decrypt` on attach. `DescribeKey` and `ReEncrypt*`
//! are among the permissions the guide says users need ("Permissions for IAM
//! users"); where EC2 calls them is not documented: `DescribeKey` is placed
//! first, and re-encrypting a snapshot under another key is taken to need
//! `Decrypt` and `ReEncryptFrom` on the snapshot's key and `ReEncryptTo` on the
//! volume's.

use serde::Serialize;

use super::check::{Ask, Check, decide, deny_locations, refusing_step};
use super::keys::{KeyBook, ResolvedKey};
use super::launch::PlannedVolume;
use crate::iam::eval::{
    Context, Decision, PolicyDoc, PolicySet, ResourcePolicy, ResourcePolicyKind,
};
use crate::iam::policy::PolicyType;

/// One KMS request EC2 makes, for one or more volumes.
#[derive(Debug, Clone)]
pub struct KmsCall {
    pub action: &'static str,
    pub key: ResolvedKey,
    pub volumes: Vec<String>,
    /// Why EC2 makes it.
    pub basis: &'static str,
}

/// Who makes the KMS requests.
#[derive(Debug, Clone)]
pub struct KmsCaller {
    pub principal: String,
    pub account: String,
    /// The caller's identity-based policies, SCPs and boundary (empty for a
    /// service-linked role, whose AWS managed policy gives no access to
    /// customer managed keys).
    pub set: PolicySet,
    pub service_linked: bool,
}

/// A key EBS cannot use whatever the permissions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyProblem {
    pub key: String,
    pub volumes: Vec<String>,
    pub reason: String,
    /// The key's state, when that is the problem.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

const DESCRIBE: &str = "EC2 checks the key (DescribeKey is among the permissions EBS encryption needs; its place in the sequence is not documented)";
const GRANT_NEW: &str = "EC2 creates a grant so that it can encrypt the new volume, and again on attach so that it can decrypt the data key";
const GENERATE: &str = "EC2 asks KMS for the volume's data key, encrypted under the key";
const DECRYPT: &str =
    "EC2 decrypts the data key to encrypt the volume's data, and again when the volume is attached";
const GRANT_ATTACH: &str = "EC2 creates a grant on attach so that it can decrypt the data key";
const DECRYPT_ATTACH: &str = "EC2 decrypts the data key when the volume is attached";
const SNAPSHOT_DECRYPT: &str = "EC2 reads the snapshot's data key, encrypted under the snapshot's key (inferred: the snapshot is re-encrypted under another key)";
const REENCRYPT_FROM: &str = "kms:ReEncrypt* is among the permissions EBS encryption needs; re-encrypting the snapshot's data takes it on the snapshot's key (inferred)";
const REENCRYPT_TO: &str = "kms:ReEncrypt* is among the permissions EBS encryption needs; re-encrypting the snapshot's data takes it on the volume's key (inferred)";

/// The KMS requests of every encrypted volume, in order, merged when two
/// volumes need the same request on the same key.
#[must_use]
pub fn kms_calls(volumes: &[PlannedVolume]) -> Vec<KmsCall> {
    let mut calls: Vec<KmsCall> = Vec::new();
    let mut push = |action, key: &ResolvedKey, volume: &str, basis| {
        if let Some(c) = calls
            .iter_mut()
            .find(|c| c.action == action && c.key.arn == key.arn)
        {
            if !c.volumes.iter().any(|v| v == volume) {
                c.volumes.push(volume.to_string());
            }
            return;
        }
        calls.push(KmsCall {
            action,
            key: key.clone(),
            volumes: vec![volume.to_string()],
            basis,
        });
    };
    for v in volumes {
        let Some(key) = &v.key else { continue };
        let label = v.label();
        match &v.snapshot_key {
            Some(source) if v.reencrypted() => {
                push("kms:DescribeKey", key, &label, DESCRIBE);
                push("kms:GenerateDataKeyWithoutPlaintext", key, &label, GENERATE);
                push("kms:Decrypt", source, &label, SNAPSHOT_DECRYPT);
                push("kms:ReEncryptFrom", source, &label, REENCRYPT_FROM);
                push("kms:ReEncryptTo", key, &label, REENCRYPT_TO);
                push("kms:CreateGrant", key, &label, GRANT_ATTACH);
                push("kms:Decrypt", key, &label, DECRYPT_ATTACH);
            }
            Some(_) => {
                push("kms:DescribeKey", key, &label, DESCRIBE);
                push("kms:GenerateDataKeyWithoutPlaintext", key, &label, GENERATE);
                push("kms:CreateGrant", key, &label, GRANT_ATTACH);
                push("kms:Decrypt", key, &label, DECRYPT_ATTACH);
            }
            None => {
                push("kms:DescribeKey", key, &label, DESCRIBE);
                push("kms:CreateGrant", key, &label, GRANT_NEW);
                push("kms:GenerateDataKeyWithoutPlaintext", key, &label, GENERATE);
                push("kms:Decrypt", key, &label, DECRYPT);
            }
        }
    }
    calls
}

/// The request context of a KMS request EC2 makes on the caller's behalf.
fn kms_context(account: &str, region: &str, action: &str) -> Context {
    let mut c = Context::default();
    c.add("kms:ViaService", &format!("ec2.{region}.amazonaws.com"));
    c.add("kms:CallerAccount", account);
    c.add("aws:ViaAWSService", "true");
    c.add("aws:RequestedRegion", region);
    match action {
        "kms:CreateGrant" => c.add("kms:GrantIsForAWSResource", "true"),
        "kms:DescribeKey" => {}
        _ => {
            c.add("kms:EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
            c.add("kms:EncryptionContextKeys", "aws:ebs:id");
            c.add("kms:EncryptionContext:aws:ebs:id", "vol-*");
        }
    }
    c
}

/// Decides every KMS request; keys EBS cannot use are reported instead.
///
/// # Errors
/// A customer managed key without a key policy (`--key-policy`), or what the
/// evaluator refuses.
pub fn kms_checks(
    caller: &KmsCaller,
    region: &str,
    keys: &KeyBook,
    calls: &[KmsCall],
) -> Result<(Vec<Check>, Vec<KeyProblem>), String> {
    let mut checks = Vec::new();
    let mut problems: Vec<KeyProblem> = Vec::new();
    for call in calls {
        let key = &call.key;
        if let Some(why) = &key.unusable {
            note_problem(&mut problems, key, &call.volumes, why.clone(), None);
            continue;
        }
        let state = keys.state(key);
        if state != "Enabled" {
            note_problem(
                &mut problems,
                key,
                &call.volumes,
                format!("the key is {state}: EBS can use only an Enabled key"),
                Some(state.to_string()),
            );
        }
        let Some(policy) = keys.policy(key) else {
            return Err(format!(
                "{} ({}) has no key policy: give it with --key-policy {}=FILE (the key policy decides who may use the key)",
                key.arn, key.origin, key.arn
            ));
        };
        let mut set = caller.set.clone();
        set.resource = Some(ResourcePolicy {
            doc: policy.clone(),
            kind: ResourcePolicyKind::KeyPolicy,
        });
        let mut notes = Vec::new();
        if call.action != "kms:DescribeKey" && call.action != "kms:CreateGrant" {
            notes.push(
                "kms:EncryptionContext:aws:ebs:id stands for the new volume's ID (vol-*), not known before launch"
                    .to_string(),
            );
        }
        let volumes = call.volumes.join(", ");
        let (mut check, evaluation) = decide(
            &set,
            Ask {
                principal: &caller.principal,
                action: call.action,
                resource: key.arn.clone(),
                about: format!("the key of {volumes} ({})", key.origin),
                purpose: Some(call.basis.to_string()),
                context: kms_context(&caller.account, region, call.action),
                notes,
            },
        )?;
        if !check.allowed() {
            let template = fix(caller, key, policy, &check, &evaluation, region)?;
            check.fix = Some(template.replace("{action}", call.action));
            check.fix_template = Some(template);
        }
        checks.push(check);
    }
    Ok((checks, problems))
}

fn note_problem(
    problems: &mut Vec<KeyProblem>,
    key: &ResolvedKey,
    volumes: &[String],
    reason: String,
    state: Option<String>,
) {
    if let Some(p) = problems.iter_mut().find(|p| p.key == key.display()) {
        for v in volumes {
            if !p.volumes.contains(v) {
                p.volumes.push(v.clone());
            }
        }
        return;
    }
    problems.push(KeyProblem {
        key: key.display(),
        volumes: volumes.to_vec(),
        reason,
        state,
    });
}

/// Which policy would have to grant a denied KMS request; `{action}` stands
/// for the action, so that requests denied for the same reason merge.
fn fix(
    caller: &KmsCaller,
    key: &ResolvedKey,
    policy: &PolicyDoc,
    check: &Check,
    evaluation: &crate::iam::eval::Evaluation,
    region: &str,
) -> Result<String, String> {
    let action = "{action}";
    let who = &caller.principal;
    if evaluation.decision == Decision::ExplicitDeny {
        return Ok(format!(
            "an explicit Deny decides: {}; narrow or remove it",
            deny_locations(check)
        ));
    }
    match refusing_step(evaluation) {
        Some("SCPs") => {
            return Ok(format!(
                "an SCP of the caller's organisation must allow {action}"
            ));
        }
        Some("permissions boundary") => {
            return Ok(format!(
                "the permissions boundary of {who} must allow {action} on {}",
                key.arn
            ));
        }
        _ => {}
    }
    if caller.service_linked {
        return Ok(format!(
            "the key policy of {} must allow the service-linked role {who} itself: its AWS managed policy gives no access to customer managed keys, so delegating to the account does not help (add the two statements of the Auto Scaling guide: the key's use, and kms:CreateGrant with kms:GrantIsForAWSResource; for a key of another account, a grant to the role)",
            key.arn
        ));
    }
    // Would an identity-based policy be enough? Ask again with one that allows everything.
    let mut probe = PolicySet {
        identity: vec![allow_all()?],
        ..PolicySet::default()
    };
    probe.resource = Some(ResourcePolicy {
        doc: policy.clone(),
        kind: ResourcePolicyKind::KeyPolicy,
    });
    let (probe_check, _) = decide(
        &probe,
        Ask {
            principal: who,
            action: &check.action,
            resource: key.arn.clone(),
            about: String::new(),
            purpose: None,
            context: kms_context(&caller.account, region, &check.action),
            notes: Vec::new(),
        },
    )?;
    let cross = key.account != caller.account;
    let condition = if check.action == "kms:CreateGrant" {
        " (least privilege: with \"Bool\": {\"kms:GrantIsForAWSResource\": \"true\"})"
    } else {
        ""
    };
    Ok(if probe_check.allowed() {
        format!(
            "an identity-based policy of {who} must allow {action} on {}{condition}: the key policy {} the account",
            key.arn,
            if cross {
                "of the other account allows"
            } else {
                "delegates to"
            }
        )
    } else if cross {
        format!(
            "the key policy of {} (account {}) must allow account {} or {who}, and then an identity-based policy of {who} must allow {action} on the key ARN: a key of another account needs both sides",
            key.arn, key.account, caller.account
        )
    } else {
        format!(
            "the key policy of {} must allow {who} (or delegate to the account with a statement for arn:aws:iam::{}:root, which lets identity-based policies grant {action}): a key policy is required, IAM policies alone never give access to a KMS key",
            key.arn, caller.account
        )
    })
}

/// An identity-based policy that allows everything (a probe).
pub(super) fn allow_all() -> Result<PolicyDoc, String> {
    PolicyDoc::from_text(
        "(probe)",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#,
        PolicyType::Identity,
    )
    .map_err(|e| {
        e.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    })
}
