//! ## What it does
//! Checks every entry of `Action` and `NotAction` against the embedded AWS
//! action catalogue: an entry that is not `service:action`, a service prefix
//! no AWS service uses, an action the service does not have, and a wildcard
//! pattern that matches no action. Suggests the closest known name.
//!
//! ## Why is this bad?
//! IAM rejects unknown service prefixes ("Invalid service in action") and
//! an unknown action name never matches a request, so a misspelled
//! `s3:GetObjects` grants nothing (or, in a `Deny`, protects nothing) while
//! looking right to a reviewer. Action names are case-insensitive, so only
//! spelling counts.
//!
//! The catalogue is a snapshot (`cloudlint --version` shows its date): an
//! action AWS added after it is reported too, so the rule is a warning.
//!
//! ## Example
//! ```json
//! {"Effect": "Allow", "Action": "s3:GetObjects", "Resource": "arn:aws:s3:::bucket/*"}
//! ```
//!
//! ## Fix
//! Use the action name from the Service Authorization Reference.
//!
//! ## References
//! - Actions, resources, and condition keys for AWS services: <https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html>
//! - IAM JSON policy elements: Action: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html>

use super::{for_each_written_policy, known, statements};
use crate::diagnostic::{Diagnostic, Severity};
use crate::iam::catalog::Catalog;
use crate::iam::wildcard::has_wildcard;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;
use crate::suggest::hint;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "IAM008",
        "unknown-action",
        Severity::Warning,
        &[InputKind::IamPolicy, InputKind::Cloudformation],
        "An action, service prefix or action pattern that no AWS action matches",
        crate::rule_docs!(),
        &["iam", "correctness"],
        Precision::High,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let catalog = Catalog::get();
    if catalog.load_error().is_some() {
        return;
    }
    for_each_written_policy(ctx, out, |input, found| {
        for st in statements(&input.policy) {
            for el in st.action.iter().chain(st.not_action.iter()) {
                for item in &el.value.items {
                    let Some(text) = item.value.as_str().and_then(known) else {
                        continue;
                    };
                    let Some(message) = problem(catalog, text) else {
                        continue;
                    };
                    found.push(
                        Diagnostic::new(rule, item.span, message)
                            .with_logical_path(input.path(st, &el.name)),
                    );
                }
            }
        }
    });
}

/// What is wrong with one action entry, if anything.
fn problem(catalog: &Catalog, text: &str) -> Option<String> {
    let text = text.trim();
    if text == "*" || text.is_empty() {
        return None;
    }
    let Some((prefix, name)) = text.split_once(':') else {
        return Some(format!("`{text}` is not an action: write `service:Action`"));
    };
    if !has_wildcard(prefix) && catalog.service(prefix).is_none() {
        return Some(format!(
            "`{prefix}` is not an AWS service prefix{}",
            hint(prefix, catalog.prefixes())
        ));
    }
    if has_wildcard(text) {
        return (!catalog.matches_any(text))
            .then(|| format!("`{text}` matches no action in the catalogue"));
    }
    let service = catalog.service(prefix)?;
    if service.action(name).is_some() {
        return None;
    }
    Some(format!(
        "`{name}` is not an action of {} (`{}`){}",
        service.name,
        service.prefix,
        hint(name, service.actions.iter().map(|a| a.name))
    ))
}
