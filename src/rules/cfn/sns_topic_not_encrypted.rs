//! ## What it does
//! Reports `AWS::SNS::Topic` resources without `KmsMasterKeyId`, whose
//! messages are then stored without server-side encryption. With `Fn::If` the
//! message says in which branch the key is removed.
//!
//! ## Why is this bad?
//! SNS keeps messages on disk until every subscription has received them.
//! Notifications often carry order data, alarms with resource names, or
//! application payloads; without SSE they are not protected by a key whose
//! use is logged and whose policy controls who may read them.
//!
//! ## Example
//! ```yaml
//! Alerts:
//!   Type: AWS::SNS::Topic
//!   Properties:
//!     TopicName: alerts
//! ```
//!
//! ## Fix
//! Set `KmsMasterKeyId` to a customer managed key (or `alias/aws/sns`; a
//! customer managed key is needed when other services such as CloudWatch or
//! EventBridge publish to the topic, since they must be allowed to use the key).
//!
//! ## References
//! - AWS::SNS::Topic KmsMasterKeyId: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-sns-topic.html>
//! - SNS encryption at rest: <https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html>

use super::{absent_anchor, template};
use crate::cfn::branches::check_resolved;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "CFN303",
        "sns-topic-not-encrypted",
        Severity::Warning,
        &[InputKind::Cloudformation],
        "An SNS topic has no KmsMasterKeyId (no encryption at rest)",
        crate::rule_docs!(),
        &["security", "encryption", "cloudformation"],
        Precision::VeryHigh,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(t) = template(ctx) else { return };
    for res in t.resources_of("AWS::SNS::Topic") {
        let (span, path) = absent_anchor(res);
        let finding = || {
            Diagnostic::new(
                rule,
                span,
                format!(
                    "SNS topic {} has no KmsMasterKeyId: its messages are stored unencrypted",
                    res.id
                ),
            )
            .with_logical_path(path.clone())
            .with_help("set KmsMasterKeyId to a customer managed KMS key (or alias/aws/sns)")
        };
        let Some(props) = res.properties else {
            out.push(finding());
            continue;
        };
        check_resolved(t, res, props, out, |resolved, found| {
            let has_key = resolved
                .get("KmsMasterKeyId")
                .is_some_and(|k| k.scalar_text().is_none_or(|s| !s.trim().is_empty()));
            if !has_key {
                found.push(finding());
            }
        });
    }
}
