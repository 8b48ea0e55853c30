//! ## What it does
//! Reports an identity policy whose `Allow` statements on `"Resource": "*"`
//! grant an action, or a combination of actions, known to let a principal
//! raise its own privileges. Wildcards are expanded against the embedded
//! catalogue, so `iam:Put*` counts as `iam:PutRolePolicy`. The combinations
//! are the published paths (Rhino Security Labs' list, used by
//! cloudsplaining and PMapper):
//! - alone: `iam:CreatePolicyVersion`, `iam:SetDefaultPolicyVersion`,
//!   `iam:AttachUserPolicy`, `iam:AttachGroupPolicy`, `iam:AttachRolePolicy`,
//!   `iam:PutUserPolicy`, `iam:PutGroupPolicy`, `iam:PutRolePolicy`,
//!   `iam:CreateAccessKey`, `iam:CreateLoginProfile`, `iam:UpdateLoginProfile`,
//!   `iam:AddUserToGroup`, `iam:UpdateAssumeRolePolicy`,
//!   `lambda:UpdateFunctionCode`;
//! - with `iam:PassRole`: `ec2:RunInstances`; `lambda:CreateFunction` with
//!   `lambda:InvokeFunction` or `lambda:CreateEventSourceMapping`;
//!   `cloudformation:CreateStack`; `glue:CreateDevEndpoint`;
//!   `datapipeline:CreatePipeline` with `datapipeline:PutPipelineDefinition`;
//!   `ecs:RunTask` with `ecs:RegisterTaskDefinition`;
//!   `sagemaker:CreateNotebookInstance`; `codebuild:CreateProject` with
//!   `codebuild:StartBuild`.
//!
//! Statements scoped to named resources or with a `Condition` are not counted (whether a named
//! role is privileged is not knowable from the policy alone), nor are
//! full-admin statements (IAM101).
//!
//! ## Why is this bad?
//! Each path ends with the principal holding permissions it was never
//! granted directly, usually administrator: a new version of an attached
//! policy, an inline policy on itself, access keys of another user, or code
//! running under a more privileged role it passed to a service.
//!
//! ## Example
//! ```json
//! {"Effect": "Allow", "Action": ["iam:PassRole", "ec2:RunInstances"], "Resource": "*"}
//! ```
//!
//! ## Fix
//! Scope these actions to the specific users, roles and policies they
//! manage, and `iam:PassRole` to named roles with `iam:PassedToService`; use
//! permissions boundaries for delegated administration.
//!
//! ## References
//! - AWS IAM privilege escalation methods (Rhino Security Labs): <https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/>
//! - Permissions boundaries for IAM entities: <https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html>
//! - pathfinding.cloud privilege escalation paths: <https://pathfinding.cloud/>

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use super::{for_each_policy, known, statements};
use crate::diagnostic::{Diagnostic, Severity};
use crate::iam::catalog::Catalog;
use crate::iam::policy::{PolicyType, Statement};
use crate::iam::wildcard::wildcard_match;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;
use crate::span::Span;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "IAM105",
        "privilege-escalation",
        Severity::Error,
        &[InputKind::IamPolicy, InputKind::Cloudformation],
        "An identity policy grants actions that let the principal raise its own privileges",
        crate::rule_docs!(),
        &["iam", "security"],
        Precision::High,
    ),
    check,
};

/// Escalation paths: every action of a path must be granted.
const PATHS: &[&[&str]] = &[
    &["iam:CreatePolicyVersion"],
    &["iam:SetDefaultPolicyVersion"],
    &["iam:AttachUserPolicy"],
    &["iam:AttachGroupPolicy"],
    &["iam:AttachRolePolicy"],
    &["iam:PutUserPolicy"],
    &["iam:PutGroupPolicy"],
    &["iam:PutRolePolicy"],
    &["iam:CreateAccessKey"],
    &["iam:CreateLoginProfile"],
    &["iam:UpdateLoginProfile"],
    &["iam:AddUserToGroup"],
    &["iam:UpdateAssumeRolePolicy"],
    &["lambda:UpdateFunctionCode"],
    &["iam:PassRole", "ec2:RunInstances"],
    &[
        "iam:PassRole",
        "lambda:CreateFunction",
        "lambda:InvokeFunction",
    ],
    &[
        "iam:PassRole",
        "lambda:CreateFunction",
        "lambda:CreateEventSourceMapping",
    ],
    &["iam:PassRole", "cloudformation:CreateStack"],
    &["iam:PassRole", "glue:CreateDevEndpoint"],
    &[
        "iam:PassRole",
        "datapipeline:CreatePipeline",
        "datapipeline:PutPipelineDefinition",
    ],
    &["iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:RunTask"],
    &["iam:PassRole", "sagemaker:CreateNotebookInstance"],
    &[
        "iam:PassRole",
        "codebuild:CreateProject",
        "codebuild:StartBuild",
    ],
];

/// The actions of [`PATHS`] that `pattern` grants, lower-cased: what
/// expanding the pattern over the catalogue and keeping the actions of the
/// paths gives, without expanding it (`ec2:Describe*` is hundreds of actions,
/// the paths name a few dozen).
fn escalation_actions_matching(catalog: &Catalog, pattern: &str) -> Vec<String> {
    let Some((pattern_prefix, pattern_name)) = pattern.split_once(':') else {
        return Vec::new();
    };
    PATH_ACTIONS
        .iter()
        .filter(|(prefix, name, _)| {
            wildcard_match(pattern_prefix, prefix, true)
                && wildcard_match(pattern_name, name, true)
                && catalog.action(prefix, name).is_some()
        })
        .map(|(_, _, lower)| lower.clone())
        .collect()
}

/// The distinct actions of [`PATHS`]: prefix, name, lower-cased `prefix:name`.
static PATH_ACTIONS: LazyLock<Vec<(&str, &str, String)>> = LazyLock::new(|| {
    let mut actions: Vec<(&str, &str, String)> = Vec::new();
    for action in PATHS.iter().flat_map(|p| p.iter()) {
        let lower = action.to_ascii_lowercase();
        if let Some((prefix, name)) = action.split_once(':')
            && !actions.iter().any(|(_, _, l)| *l == lower)
        {
            actions.push((prefix, name, lower));
        }
    }
    actions
});

/// The logical path of the entry that completes paths, the paths, and labels
/// pointing at the other actions of each path.
type Completed = (String, Vec<String>, Vec<(Span, String)>);

/// The actions of escalation paths a statement grants on every resource
/// without a condition (lower-case qualified names, with the span of the
/// `Action` entry that grants each), in the order written.
fn path_actions(catalog: &Catalog, st: &Statement) -> Vec<(String, Span)> {
    let mut out = Vec::new();
    if st.effect_str() != Some("Allow") || st.condition.is_some() {
        return out;
    }
    let Some(action) = &st.action else {
        return out;
    };
    let on_all = st
        .resource
        .iter()
        .flat_map(|r| r.value.items.iter())
        .any(|i| i.value.as_str() == Some("*"));
    if !on_all {
        return out;
    }
    for item in &action.value.items {
        let Some(pattern) = item.value.as_str().and_then(known) else {
            continue;
        };
        if pattern == "*" || pattern == "*:*" {
            continue;
        }
        for name in escalation_actions_matching(catalog, pattern) {
            out.push((name, item.span));
        }
    }
    out
}

/// The actions this rule reports wherever `st` grants them: those that are
/// an escalation path on their own (`iam:PutRolePolicy`), as lower-case
/// qualified names. Other rules leave them to this one.
#[must_use]
pub fn reported_alone(catalog: &Catalog, st: &Statement) -> BTreeSet<String> {
    path_actions(catalog, st)
        .into_iter()
        .map(|(name, _)| name)
        .filter(|name| {
            PATHS
                .iter()
                .any(|p| matches!(p, [one] if one.eq_ignore_ascii_case(name)))
        })
        .collect()
}

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let catalog = Catalog::get();
    for_each_policy(ctx, out, |input, found| {
        if input.policy_type != PolicyType::Identity {
            return;
        }
        // Every escalation-relevant action granted on `*`, lower-cased, with
        // the span of the first entry that grants it.
        let mut granted: BTreeMap<String, (Span, String)> = BTreeMap::new();
        for st in statements(&input.policy) {
            for (name, span) in path_actions(catalog, st) {
                granted
                    .entry(name)
                    .or_insert((span, input.path(st, "Action")));
            }
        }
        let mut by_span: BTreeMap<Span, Completed> = BTreeMap::new();
        for path in PATHS {
            let spans: Option<Vec<&(Span, String)>> = path
                .iter()
                .map(|a| granted.get(&a.to_ascii_lowercase()))
                .collect();
            let Some(spans) = spans else { continue };
            let Some((last, rest)) = spans.split_last() else {
                continue;
            };
            let entry = by_span
                .entry(last.0)
                .or_insert_with(|| (last.1.clone(), Vec::new(), Vec::new()));
            entry.1.push(path.join(" + "));
            for (a, (span, _)) in path.iter().zip(rest.iter()) {
                if *span != last.0 && !entry.2.iter().any(|(s, _)| s == span) {
                    entry.2.push((*span, format!("{a} is granted here")));
                }
            }
        }
        for (span, (path, paths, labels)) in by_span {
            let mut d = Diagnostic::new(
                rule,
                span,
                format!(
                    "grants {} on every resource: {}",
                    paths.join(", "),
                    if paths.len() == 1 { "a known privilege-escalation path" } else { "known privilege-escalation paths" }
                ),
            )
            .with_logical_path(path)
            .with_help("scope these actions to the resources they manage (and iam:PassRole to named roles with iam:PassedToService)");
            for (s, m) in labels {
                d = d.with_label(s, m);
            }
            found.push(d);
        }
    });
}
