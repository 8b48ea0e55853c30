//! ## What it does
//! Reports Amazon Data Lifecycle Manager policies (`AWS::DLM::LifecyclePolicy`)
//! whose snapshots or AMIs do not inherit the tags of their source: a
//! schedule of a snapshot or AMI policy without `CopyTags: true`, and a
//! default policy (`DefaultPolicy: VOLUME|INSTANCE`) without `CopyTags: true`.
//! `CopyTags` defaults to `false`. Event-based (cross-account copy) policies
//! have no schedules and are not reported. A value computed at deploy time is
//! not reported.
//!
//! ## Why is this bad?
//! Snapshots made without the volume's tags lose their owner, cost centre and
//! data classification: cost reports cannot allocate them, tag-based IAM
//! conditions and retention automation do not apply to them, and nobody
//! knows whether an old snapshot holds sensitive data or may be deleted.
//!
//! ## Example
//! ```yaml
//! Snapshots:
//!   Type: AWS::DLM::LifecyclePolicy
//!   Properties:
//!     State: ENABLED
//!     ExecutionRoleArn: !GetAtt DlmRole.Arn
//!     PolicyDetails:
//!       ResourceTypes: [VOLUME]
//!       TargetTags: [{Key: Backup, Value: daily}]
//!       Schedules:
//!         - Name: daily
//!           CreateRule: {Interval: 24, IntervalUnit: HOURS}
//!           RetainRule: {Count: 7}
//! ```
//!
//! ## Fix
//! Set `CopyTags: true` on each schedule (and on default policies); add
//! `TagsToAdd` for tags that mark the copy as a snapshot.
//!
//! ## References
//! - AWS::DLM::LifecyclePolicy Schedule: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-dlm-lifecyclepolicy-schedule.html>
//! - Amazon Data Lifecycle Manager policies: <https://docs.aws.amazon.com/ebs/latest/userguide/snapshot-lifecycle.html>
//! - Tag your Amazon EBS snapshots: <https://docs.aws.amazon.com/ebs/latest/userguide/ebs-snapshot-tags.html>

use super::template;
use crate::cfn::branches::{check_resolved, is_false, key, property_path};
use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::{Node, PathSeg};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "CFN202",
        "dlm-policy-does-not-copy-tags",
        Severity::Note,
        &[InputKind::Cloudformation],
        "A Data Lifecycle Manager policy makes snapshots or AMIs without copying the source's tags",
        crate::rule_docs!(),
        &["tags", "backup", "cloudformation"],
        Precision::VeryHigh,
    ),
    check,
};

const HELP: &str = "set CopyTags: true so that snapshots keep the owner, cost and classification tags of their source";

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(t) = template(ctx) else { return };
    for res in t.resources_of("AWS::DLM::LifecyclePolicy") {
        let Some(props) = res.properties else {
            continue;
        };
        check_resolved(t, res, props, out, |resolved, found| {
            let details = resolved.get("PolicyDetails");
            if let Some(default) = resolved.get("DefaultPolicy") {
                if default.as_str().is_none_or(crate::parse::node::is_symbolic) {
                    return;
                }
                let copy = resolved
                    .get("CopyTags")
                    .map(|c| (c, vec![key("CopyTags")]))
                    .or_else(|| {
                        details
                            .and_then(|d| d.get("CopyTags"))
                            .map(|c| (c, vec![key("PolicyDetails"), key("CopyTags")]))
                    });
                let (span, path, what) = match copy {
                    Some((c, _)) if !is_false(c) => return,
                    Some((c, path)) => (c.span, path, "CopyTags: false"),
                    None => (
                        default.span,
                        vec![key("DefaultPolicy")],
                        "CopyTags is not set (default false)",
                    ),
                };
                found.push(finding(
                    rule,
                    span,
                    format!("default lifecycle policy {} does not copy tags to its snapshots or AMIs: {what}", res.id),
                    property_path(res.id, &path),
                ));
                return;
            }
            let Some(details) = details else { return };
            let policy_type = details
                .get("PolicyType")
                .and_then(Node::as_str)
                .unwrap_or("EBS_SNAPSHOT_MANAGEMENT");
            let made = match policy_type {
                "EBS_SNAPSHOT_MANAGEMENT" => "snapshots",
                "IMAGE_MANAGEMENT" => "AMIs",
                _ => return,
            };
            let Some(schedules) = details.get("Schedules") else {
                return;
            };
            for (i, schedule) in schedules.items().iter().enumerate() {
                let name = schedule
                    .get("Name")
                    .and_then(Node::as_str)
                    .filter(|n| !crate::parse::node::is_symbolic(n))
                    .map(|n| format!(" `{n}`"))
                    .unwrap_or_default();
                let mut path = vec![key("PolicyDetails"), key("Schedules"), PathSeg::Index(i)];
                let (span, what) = match schedule.get("CopyTags") {
                    Some(c) if !is_false(c) => continue,
                    Some(c) => {
                        path.push(key("CopyTags"));
                        (c.span, "CopyTags: false")
                    }
                    None => (schedule.span, "CopyTags is not set (default false)"),
                };
                found.push(finding(
                    rule,
                    span,
                    format!(
                        "schedule{name} of lifecycle policy {} makes {made} without the source's tags: {what}",
                        res.id
                    ),
                    property_path(res.id, &path),
                ));
            }
        });
    }
}

fn finding(rule: &RuleMeta, span: crate::span::Span, message: String, path: String) -> Diagnostic {
    Diagnostic::new(rule, span, message)
        .with_logical_path(path)
        .with_help(HELP)
}
