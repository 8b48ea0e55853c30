//! The catalogue actions a statement's `Action` or `NotAction` names, expanded
//! through wildcards once per statement, for the rules that reason about what
//! a statement covers.

use crate::iam::catalog::{ActionRef, Catalog};
use crate::iam::policy::Statement;
use crate::iam::wildcard::wildcard_match;
use crate::span::Span;

use super::known;

/// One catalogue action a statement covers, with the span of the entry that
/// names it (for `NotAction`, the span of the element's name).
#[derive(Debug, Clone, Copy)]
pub struct Covered<'c> {
    pub action: ActionRef<'c>,
    pub span: Span,
}

/// The actions a statement covers, or `None` when that is unknowable (an
/// entry of `NotAction` only known at deploy time, no action element).
/// `skip` leaves out `Action` entries another rule already reports
/// (`*`, `s3:*`); it is not applied to `NotAction`.
#[must_use]
pub fn covered_actions<'c>(
    catalog: &'c Catalog,
    st: &Statement,
    skip: impl Fn(&str) -> bool,
) -> Option<Vec<Covered<'c>>> {
    if let Some(action) = &st.action {
        let mut out = Vec::new();
        for item in &action.value.items {
            let Some(pattern) = item.value.as_str().and_then(known) else {
                continue;
            };
            if skip(pattern) {
                continue;
            }
            out.extend(catalog.expand(pattern).into_iter().map(|a| Covered {
                action: a,
                span: item.span,
            }));
        }
        return Some(out);
    }
    let not = st.not_action.as_ref()?;
    let patterns: Option<Vec<&str>> = not
        .value
        .items
        .iter()
        .map(|i| i.value.as_str().and_then(known))
        .collect();
    let patterns = patterns?;
    let mut out = Vec::new();
    for service in catalog.services() {
        // The name parts of the patterns whose prefix matches this service,
        // found once per service; `*` alone excludes everything.
        let names: Vec<&str> = patterns
            .iter()
            .filter_map(|p| match p.split_once(':') {
                Some((prefix, name)) => {
                    wildcard_match(prefix, service.prefix, true).then_some(name)
                }
                None => (*p == "*").then_some("*"),
            })
            .collect();
        out.extend(
            service
                .actions
                .iter()
                .filter(|a| !names.iter().any(|n| wildcard_match(n, a.name, true)))
                .map(|action| Covered {
                    action: ActionRef { service, action },
                    span: not.key_span,
                }),
        );
    }
    Some(out)
}

/// Whether an `Action` entry is `*` / `*:*` (full admin, IAM101) or a whole
/// known service (`s3:*`, IAM102): rules that list actions leave these to them.
#[must_use]
pub fn is_admin_or_service_wildcard(catalog: &Catalog, pattern: &str) -> bool {
    if pattern == "*" || pattern == "*:*" {
        return true;
    }
    matches!(pattern.split_once(':'), Some((prefix, "*"))
        if !crate::iam::wildcard::has_wildcard(prefix) && catalog.service(prefix).is_some())
}

/// Whether a statement's `Resource` includes `"*"`.
#[must_use]
pub fn on_every_resource(st: &Statement) -> bool {
    st.resource
        .iter()
        .flat_map(|r| r.value.items.iter())
        .any(|i| i.value.as_str() == Some("*"))
}
