//! ## What it does
//! Checks every `Resource` / `NotResource` entry that should be an ARN: it
//! must start with `arn:` and have six `:`-separated fields; the partition
//! must be one AWS has (`aws`, `aws-cn`, `aws-us-gov`, …); the service must
//! be lower case; the account must be 12 digits (or `aws` for AWS managed
//! resources, or a wildcard or variable); and, by the ARN formats of the
//! embedded catalogue, the region and account must be present when every
//! resource type of that service and shape requires them, and absent when
//! none allows them. Entries with deploy-time (unresolved) parts are skipped.
//!
//! ## Why is this bad?
//! An ARN with an empty region or account where the resource type needs one
//! (`arn:aws:secretsmanager:::secret:MyApp`) matches no real resource: the
//! statement grants nothing, and a `Deny` protects nothing. Access Analyzer
//! reports these as "Missing ARN Region", "Invalid ARN account" and so on.
//!
//! ## Example
//! ```json
//! {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
//!  "Resource": "arn:aws:secretsmanager:::secret:Applications/MyApp/MySQL-RDS-Database"}
//! ```
//!
//! ## Fix
//! Write the region and account (or `*`) the resource lives in:
//! `arn:aws:secretsmanager:us-east-1:123456789012:secret:Applications/MyApp/MySQL-RDS-Database-??????`.
//!
//! ## References
//! - Amazon Resource Names: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html>
//! - IAM JSON policy elements: Resource: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html>
//! - Service Authorization Reference (ARN formats per resource type): <https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html>

use super::{for_each_written_policy, known, statements};
use crate::diagnostic::{Diagnostic, Severity};
use crate::iam::catalog::Catalog;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "IAM009",
        "malformed-arn",
        Severity::Error,
        &[InputKind::IamPolicy, InputKind::Cloudformation],
        "A resource ARN is malformed or lacks the region or account its type requires",
        crate::rule_docs!(),
        &["iam", "correctness"],
        Precision::High,
    ),
    check,
};

const PARTITIONS: [&str; 8] = [
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
];

/// Services whose every resource belongs to an account.
const OWNED_ONLY: [&str; 9] = [
    "iam",
    "sqs",
    "sns",
    "secretsmanager",
    "dynamodb",
    "lambda",
    "kinesis",
    "states",
    "kms",
];

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let catalog = Catalog::get();
    for_each_written_policy(ctx, out, |input, found| {
        for st in statements(&input.policy) {
            for el in st.resource.iter().chain(st.not_resource.iter()) {
                for item in &el.value.items {
                    let Some(text) = item.value.as_str().and_then(known) else {
                        continue;
                    };
                    let Some((message, help)) = problem(catalog, text) else {
                        continue;
                    };
                    found.push(
                        Diagnostic::new(rule, item.span, message)
                            .with_logical_path(input.path(st, &el.name))
                            .with_help(help),
                    );
                }
            }
        }
    });
}

/// Whether a field is a pattern or variable that stands for any value.
fn open(field: &str) -> bool {
    field.contains(['*', '?']) || field.contains("${")
}

fn problem(catalog: &Catalog, text: &str) -> Option<(String, String)> {
    // API Gateway resource policies name `execute-api:/stage/VERB/path`, not ARNs.
    if text == "*"
        || text.trim().is_empty()
        || text.starts_with("${")
        || text.contains(':') && !text.starts_with("arn:")
    {
        return None;
    }
    let Some(rest) = text.strip_prefix("arn:") else {
        return Some((
            format!(
                "`{text}` is not an ARN; a Resource is \"*\" or an ARN (`arn:partition:service:region:account:resource`)"
            ),
            "write the resource's full ARN".to_string(),
        ));
    };
    let fields: Vec<&str> = rest.splitn(5, ':').collect();
    let [partition, service, region, account, resource] = fields.as_slice() else {
        return Some((
            format!(
                "ARN `{text}` has too few fields: an ARN is `arn:partition:service:region:account:resource`"
            ),
            "leave a field empty (`::`) where the resource type has no region or account"
                .to_string(),
        ));
    };
    if !open(partition) && !PARTITIONS.contains(partition) {
        return Some((
            format!("`{partition}` is not an AWS partition"),
            format!("use one of {}", PARTITIONS.join(", ")),
        ));
    }
    if !open(service) && service.chars().any(|c| c.is_ascii_uppercase()) {
        return Some((
            format!(
                "the service `{service}` of an ARN must be lower case: as written it matches no resource"
            ),
            format!("write `{}`", service.to_ascii_lowercase()),
        ));
    }
    if !account.is_empty()
        && !open(account)
        && *account != "aws"
        && (account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()))
    {
        return Some((
            format!("`{account}` is not an account ID: ARNs use the 12-digit account number"),
            "write the 12-digit account ID, or `*`".to_string(),
        ));
    }
    if open(service) {
        return None;
    }
    let (needs_region, needs_account) = requirements(catalog, service, resource)?;
    let label = format!("{service} ARN `{text}`");
    let no_account = account.is_empty() && needs_account == Some(true);
    if region.is_empty() && needs_region == Some(true) {
        let (what, fix) = if no_account {
            (
                "no region and no account, which this resource type requires",
                "write the region and the 12-digit account ID (or `*` for each)",
            )
        } else {
            (
                "no region, which this resource type requires",
                "write the region (or `*`) between the service and the account",
            )
        };
        return Some((
            format!("{label} has {what}: it matches no resource"),
            fix.to_string(),
        ));
    }
    // AWS-owned resources (SSM documents and public parameters, EventBridge
    // partner sources, Resource Explorer service views …) have ARNs with an
    // empty account, so a missing account is only reported for services
    // whose resources always belong to an account.
    if no_account && OWNED_ONLY.contains(service) {
        return Some((
            format!(
                "{label} has no account, which this resource type requires: it matches no resource"
            ),
            "write the 12-digit account ID (or `*`) before the resource".to_string(),
        ));
    }
    if !region.is_empty() && !open(region) && needs_region == Some(false) {
        return Some((
            format!(
                "{label} has region `{region}`, but this resource type's ARNs have none: it matches no resource"
            ),
            "leave the region empty (`::`)".to_string(),
        ));
    }
    if !account.is_empty() && !open(account) && needs_account == Some(false) {
        return Some((
            format!(
                "{label} has account `{account}`, but this resource type's ARNs have none: it matches no resource"
            ),
            "leave the account empty".to_string(),
        ));
    }
    None
}

/// Whether the ARN formats this ARN could be written for all require
/// (`Some(true)`) or all forbid (`Some(false)`) a region and an account;
/// `None` for a field when they disagree. `None` overall when no format of
/// the service fits.
fn requirements(
    catalog: &Catalog,
    service: &str,
    resource: &str,
) -> Option<(Option<bool>, Option<bool>)> {
    let svc = catalog.service(service)?;
    let written = resource
        .find(['*', '?'])
        .and_then(|end| resource.get(..end))
        .unwrap_or(resource);
    let mut region: Option<Option<bool>> = None;
    let mut account: Option<Option<bool>> = None;
    for rt in &svc.resource_types {
        for format in &rt.arn_formats {
            let Some(rest) = format.strip_prefix("arn:${Partition}:") else {
                continue;
            };
            // No allocation here: services have hundreds of formats, and
            // this runs for every ARN of every policy.
            let mut parts = rest.splitn(4, ':');
            let (Some(fsvc), Some(fregion), Some(faccount), Some(fresource)) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            if !fsvc.eq_ignore_ascii_case(service) || !fits(fresource, written) {
                continue;
            }
            merge(&mut region, !fregion.is_empty());
            merge(&mut account, !faccount.is_empty());
        }
    }
    Some((region?, account?))
}

fn merge(slot: &mut Option<Option<bool>>, value: bool) {
    *slot = match *slot {
        None => Some(Some(value)),
        Some(Some(v)) if v == value => Some(Some(v)),
        _ => Some(None),
    };
}

/// Whether the resource part could have been written for this format: it
/// starts with the format's literal text before its first placeholder.
/// `written` is the resource part up to its first wildcard.
fn fits(format_resource: &str, written: &str) -> bool {
    let literal = before_placeholder(format_resource);
    if written.len() < literal.len() {
        return literal.starts_with(written);
    }
    written.starts_with(literal)
}

/// The text before the first `${`.
fn before_placeholder(format: &str) -> &str {
    let bytes = format.as_bytes();
    let end = bytes
        .windows(2)
        .position(|w| w == b"${")
        .unwrap_or(bytes.len());
    format.get(..end).unwrap_or(format)
}
