//! ## What it does
//! Simulates, as `cloudlint simulate ebs` does, each launch a CloudFormation
//! template declares — an `AWS::EC2::Instance`, and an
//! `AWS::EC2::LaunchTemplate` launched by the `AWS::AutoScaling::AutoScalingGroup`s
//! that use it (or by anyone, when none does) — for every volume with
//! `Encrypted: true` whose `KmsKeyId` names an `AWS::KMS::Key` of the template
//! (by `Ref`, `Fn::GetAtt Key.Arn`, a key ARN built with `Fn::Sub`, or an
//! `AWS::KMS::Alias` of the template). It reports, at the volume's `KmsKeyId`,
//! a launch that is certain to fail for a KMS reason: the failing step, the
//! missing permission and which policy would have to grant it.
//!
//! Only what the template proves is reported:
//! - **Auto Scaling**: the group's service-linked role
//!   (`ServiceLinkedRoleARN`, else `AWSServiceRoleForAutoScaling`) makes the
//!   KMS requests, and its AWS managed policy gives no access to customer
//!   managed keys: the key policy must allow the role itself (the Auto
//!   Scaling guide's two statements, here called `AsgUseKey` and `AsgGrant`).
//!   When it does not, every launch fails unless a grant gives the role the
//!   key's use. That is an **error** when no one may create such a grant, or
//!   when a Deny statement refuses the role (no grant overrides it); it is a
//!   **warning** when someone may — a principal the key policy allows
//!   `kms:CreateGrant` outside an AWS service's request, or any principal of
//!   the account when the key policy delegates to it, as the default key
//!   policy does — since only a grant made outside the template
//!   (`aws kms create-grant`, the route AWS documents for a key of another
//!   account) could then make the launches work. The finding names the
//!   missing statements and its help gives them, for the group's role
//!   (`ServiceLinkedRoleARN` as written when it is a literal).
//! - **Direct launches** (an instance, a launch template no group uses): EC2
//!   makes the KMS requests on behalf of the RunInstances caller — the
//!   principal that deploys the stack, or the stack's service role — which the
//!   template does not show. The caller is taken to be any principal of the
//!   account or any principal the key policy names, with IAM policies that
//!   allow everything; a launch is reported only when even then the key
//!   policy refuses a request EC2 must make (it delegates nothing to the
//!   account and names no one who may make it).
//! - **The key itself**: `Enabled: false`, or a `KeySpec`/`KeyUsage` that is
//!   not a symmetric encryption key, fails every launch.
//!
//! Assumed, so that nothing outside the template can make an error-level
//! launch succeed: no grant exists unless someone may create one (anyone
//! allowed `kms:CreateGrant` outside an AWS service's request — directly, or
//! through a key policy that delegates to the account — could have made one,
//! and no template resource declares grants: such keys are not judged for a
//! direct launch, and are a warning for Auto Scaling); every account and
//! Region the key policy names is tried, with a stand-in for all others (and
//! a literal `ServiceLinkedRoleARN` fixes the group's account). Not judged: key policies with values only deployment knows
//! (imported values, parameters without default, attributes of resources the
//! template does not model) or conditions on keys other than
//! `kms:ViaService`, `kms:CallerAccount`, `kms:GrantIsForAWSResource` and
//! `aws:PrincipalAccount`; keys without a `KeyPolicy` (KMS gives them the
//! default policy, which delegates to the account); keys the template does
//! not declare; launch configurations (they take no `KmsKeyId`). The instance
//! profile's role plays no part: it is what software on the instance uses.
//!
//! ## Why is this bad?
//! A KMS failure does not fail the API call: RunInstances succeeds, then
//! the instance goes from `pending` to `terminated` with the state reason
//! `Client.InternalError: Client error on launch` (or
//! `Client.InvalidKMSKey.InvalidState` for a disabled key). CloudFormation
//! waits for an instance that never runs; an Auto Scaling group retries and
//! fails every scaling activity, and the error names neither the key nor the
//! permission.
//!
//! ## Example
//! ```yaml
//! DataKey:
//!   Type: AWS::KMS::Key
//!   Properties:
//!     KeyPolicy:
//!       Version: "2012-10-17"
//!       Statement:
//!         - Sid: Admins
//!           Effect: Allow
//!           Principal: {AWS: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/KeyAdmin"}
//!           Action: [kms:Describe*, kms:Put*, kms:Enable*, kms:Disable*, kms:ScheduleKeyDeletion]
//!           Resource: "*"
//! Lt:
//!   Type: AWS::EC2::LaunchTemplate
//!   Properties:
//!     LaunchTemplateData:
//!       BlockDeviceMappings:
//!         - DeviceName: /dev/xvda
//!           Ebs: {VolumeSize: 20, Encrypted: true, KmsKeyId: !GetAtt DataKey.Arn}
//! Asg:
//!   Type: AWS::AutoScaling::AutoScalingGroup
//!   Properties:
//!     LaunchTemplate: {LaunchTemplateId: !Ref Lt, Version: !GetAtt Lt.LatestVersionNumber}
//!     MinSize: "1"
//!     MaxSize: "2"
//! ```
//!
//! ## Fix
//! For Auto Scaling, add the two key-policy statements of the Auto Scaling
//! guide for the group's service-linked role (here the default one):
//! ```yaml
//! - Sid: AsgUseKey
//!   Effect: Allow
//!   Principal: {AWS: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"}
//!   Action: [kms:Encrypt, kms:Decrypt, kms:ReEncrypt*, kms:GenerateDataKey*, kms:DescribeKey]
//!   Resource: "*"
//! - Sid: AsgGrant
//!   Effect: Allow
//!   Principal: {AWS: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"}
//!   Action: kms:CreateGrant
//!   Resource: "*"
//!   Condition: {Bool: {kms:GrantIsForAWSResource: true}}
//! ```
//! (A grant a key administrator creates for the role with
//! `aws kms create-grant` also works, but the template cannot show it.) For a direct launch, allow
//! the deployer (or delegate to the account with
//! `arn:${AWS::Partition}:iam::${AWS::AccountId}:root` and let IAM decide)
//! `kms:DescribeKey`, `kms:CreateGrant`, `kms:GenerateDataKeyWithoutPlaintext`
//! and `kms:Decrypt`. Enable a disabled key; use a symmetric encryption key.
//!
//! ## References
//! - Required KMS key policy for use with encrypted volumes (Auto Scaling): <https://docs.aws.amazon.com/autoscaling/ec2/userguide/key-policy-requirements-EBS-encryption.html>
//! - Amazon EBS encryption, permissions for users: <https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption-requirements.html>
//! - Default key policy: <https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html>
//! - Instance terminates immediately: <https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/troubleshooting-launch.html>
//! - Grants in AWS KMS: <https://docs.aws.amazon.com/kms/latest/developerguide/grants.html>

use crate::diagnostic::{Diagnostic, Severity};
use crate::ec2::simulate::template::predicted_failures;
use crate::rules::cfn::template;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "EC2017",
        "predicted-launch-failure",
        Severity::Error,
        &[InputKind::Cloudformation],
        "A launch the template declares is certain to fail on its volumes' KMS key",
        crate::rule_docs!(),
        &["ec2", "ebs", "kms", "encryption", "reliability"],
        Precision::High,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(t) = template(ctx) else { return };
    let name = ctx.path.display().to_string();
    out.extend(predicted_failures(rule, &t, &name, ctx.text));
}
