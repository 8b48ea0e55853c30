//! ## What it does
//! Reports a field of an ECS container definition that the ECS API does not
//! have, and suggests the field that was probably meant.
//!
//! ## Why is this bad?
//! Field names are case-sensitive. `aws ecs register-task-definition` rejects
//! unknown fields, and tools that build the request another way drop them
//! silently: a misspelled `esssential` leaves `essential` at its default
//! (`true`), a misspelled `readOnlyRootFilesystem` leaves the root file system
//! writable.
//!
//! ## Example
//! ```json
//! { "containerDefinitions": [ { "name": "web", "image": "nginx", "esssential": true } ] }
//! ```
//!
//! ## Fix
//! Use the API's spelling: `"essential": true`.
//!
//! ## References
//! - ContainerDefinition (Amazon ECS API Reference): <https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html>

use super::{CONTAINER_FIELDS, task_definition};
use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::PathSeg;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;
use crate::suggest::did_you_mean;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "ECS001",
        "unknown-container-field",
        Severity::Error,
        &[InputKind::EcsTaskDefinition],
        "A container definition field that ECS does not know",
        crate::rule_docs!(),
        &["correctness", "ecs"],
        Precision::VeryHigh,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(root) = ctx.root else { return };
    let td = task_definition(root);
    let Some(containers) = td.get("containerDefinitions") else {
        return;
    };
    for (i, container) in containers.items().iter().enumerate() {
        for m in container.members() {
            if CONTAINER_FIELDS.contains(&m.key.as_str()) {
                continue;
            }
            let name = container
                .get("name")
                .and_then(|n| n.as_str())
                .map(|n| format!(" of container \"{n}\""))
                .unwrap_or_default();
            let mut d = Diagnostic::new(
                rule,
                m.key_span,
                format!(
                    "\"{}\" is not a field of an ECS container definition{name}",
                    m.key
                ),
            )
            .with_path(&[
                PathSeg::Key("containerDefinitions".into()),
                PathSeg::Index(i),
                PathSeg::Key(m.key.clone()),
            ]);
            d = match did_you_mean(&m.key, CONTAINER_FIELDS.iter().copied()) {
                Some(s) => d.with_help(format!(
                    "did you mean \"{s}\"? ECS field names are case-sensitive; as written, ECS rejects the task definition and \"{s}\" keeps its default"
                )),
                None => d.with_help("remove it, or check the ContainerDefinition API reference for the field you meant"),
            };
            out.push(d);
        }
    }
}
