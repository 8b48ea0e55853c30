//! Running a check on every branch of a resource and merging the findings.
//!
//! A check sees plain resolved values (no intrinsics). A finding that holds
//! in every scenario is reported once, as is; one that holds only in some
//! says in which: "… (when condition IsProd is true)".

use super::conditions::Branches;
use super::intrinsics::Resolver;
use super::template::{Resource, Template};
use crate::diagnostic::Diagnostic;
use crate::parse::{Node, PathSeg};

/// Resolves `node` (part of `resource`, or the whole `Properties`) in each
/// scenario of its `Fn::If`s and runs `check` on each resolved copy; a value
/// removed by `AWS::NoValue` is not checked.
pub fn check_resolved(
    template: &Template<'_>,
    resource: &Resource<'_>,
    node: &Node,
    out: &mut Vec<Diagnostic>,
    mut check: impl FnMut(&Node, &mut Vec<Diagnostic>),
) {
    let branches = Branches::of(template, node, resource.condition);
    let mut per_scenario = Vec::with_capacity(branches.scenarios.len());
    for scenario in &branches.scenarios {
        let mut found = Vec::new();
        if let Some(resolved) = Resolver::new(template, scenario).resolve(node) {
            check(&resolved, &mut found);
        }
        per_scenario.push(found);
    }
    out.extend(merge(&branches, per_scenario));
}

/// One finding per (code, span, message, path), with the scenarios it holds
/// in described when that is not all of them. Order: first appearance.
#[must_use]
pub fn merge(branches: &Branches, per_scenario: Vec<Vec<Diagnostic>>) -> Vec<Diagnostic> {
    let mut merged: Vec<(Diagnostic, Vec<usize>)> = Vec::new();
    for (s, found) in per_scenario.into_iter().enumerate() {
        for d in found {
            let same = merged.iter_mut().find(|(m, _)| {
                m.code == d.code
                    && m.span == d.span
                    && m.message == d.message
                    && m.logical_path == d.logical_path
            });
            match same {
                Some((_, hits)) => {
                    if !hits.contains(&s) {
                        hits.push(s);
                    }
                }
                None => merged.push((d, vec![s])),
            }
        }
    }
    merged
        .into_iter()
        .map(|(mut d, hits)| {
            d.message.push_str(&branches.describe(&hits));
            d
        })
        .collect()
}

/// `Resources.<id>.Properties` followed by `path`: `Resources.WebSG.Properties.SecurityGroupIngress[0].CidrIp`.
#[must_use]
pub fn property_path(resource_id: &str, path: &[PathSeg]) -> String {
    let mut out = format!("Resources.{resource_id}.Properties");
    for seg in path {
        match seg {
            PathSeg::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            PathSeg::Index(i) => {
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
        }
    }
    out
}

/// Shorthand for a key segment.
#[must_use]
pub fn key(k: &str) -> PathSeg {
    PathSeg::Key(k.to_string())
}

/// Whether a resolved scalar is CloudFormation's `true` (`true`, `"true"`, any case).
#[must_use]
pub fn is_true(node: &Node) -> bool {
    node.scalar_text()
        .is_some_and(|t| t.eq_ignore_ascii_case("true"))
}

/// Whether a resolved scalar is CloudFormation's `false`.
#[must_use]
pub fn is_false(node: &Node) -> bool {
    node.scalar_text()
        .is_some_and(|t| t.eq_ignore_ascii_case("false"))
}

/// When the value at `span` inside `raw` was written as `Ref` to a template
/// parameter, the words " (the default of parameter X)", so that a finding on
/// a resolved value says where the value came from.
#[must_use]
pub fn parameter_origin(template: &Template<'_>, raw: &Node, span: crate::span::Span) -> String {
    let mut stack = vec![raw];
    while let Some(n) = stack.pop() {
        if n.span == span {
            if let Some(("Ref", arg)) = super::intrinsics::intrinsic(n)
                && let Some(p) = arg.as_str().and_then(|name| template.parameter(name))
            {
                return format!(" (the default of parameter {})", p.name);
            }
            return String::new();
        }
        if n.span.start <= span.start && span.end <= n.span.end {
            match &n.value {
                crate::parse::Value::Object(members) => {
                    stack.extend(members.iter().map(|m| &m.value))
                }
                crate::parse::Value::Array(items) => stack.extend(items.iter()),
                _ => {}
            }
        }
    }
    String::new()
}
