//! ## What it does
//! Reports an EMRFS role-mapping identifier that cannot match what its mapping
//! compares it with: a `Prefix` identifier that is not an `s3://bucket/…` URI
//! (a bucket name, an S3 ARN, an `s3a://` URI, a wildcard pattern), a `User` or
//! `Group` identifier that is an S3 location, and a user or group name with
//! leading or trailing spaces.
//!
//! ## Why is this bad?
//! A `Prefix` identifier is an S3 location ("s3://mybucket" or
//! "s3://mybucket/myproject/mydata") that EMRFS compares with the location
//! being accessed; anything else matches no request. All identifiers of one
//! mapping "must be of the same type", so an S3 URI in a `User` mapping is
//! compared with user names and never matches. In each case the intended role
//! is never used and requests fall through to a later mapping or to the
//! cluster's instance role.
//!
//! ## Example
//! ```json
//! {"Role": "arn:aws:iam::111122223333:role/analysts", "IdentifierType": "User",
//!  "Identifiers": ["alice", "s3://raw-data/"]}
//! ```
//!
//! ## Fix
//! Split the mapping: one `User` mapping for `alice`, one `Prefix` mapping for
//! `s3://raw-data/`. Write prefixes as `s3://bucket/path/` (a trailing `/`
//! keeps `s3://raw-data` from also covering `s3://raw-data-archive`).
//!
//! ## References
//! - Configure IAM roles for EMRFS requests to Amazon S3: <https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-emrfs-iam-roles.html>

use super::{SECURITY_CONFIGURATION_KINDS, ordinal, with_security_configuration};
use crate::diagnostic::{Diagnostic, Severity};
use crate::emr::security_configuration::{Identifier, RoleMapping};
use crate::emr::{IdentifierType, SecurityConfiguration, key};
use crate::parse::PathSeg;
use crate::parse::node::is_symbolic;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "EMR004",
        "invalid-mapping-identifier",
        Severity::Error,
        SECURITY_CONFIGURATION_KINDS,
        "An EMRFS role-mapping identifier that can never match (bad S3 prefix, S3 URI as user, stray spaces)",
        crate::rule_docs!(),
        &["correctness", "emr", "emrfs"],
        Precision::High,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    with_security_configuration(ctx, |sc| check_security_configuration(rule, sc, out));
    super::each_template_security_configuration(ctx, out, |sc, found| {
        check_security_configuration(rule, sc, found);
    });
}

/// Identifiers that cannot match.
pub fn check_security_configuration(
    rule: &RuleMeta,
    sc: &SecurityConfiguration<'_>,
    out: &mut Vec<Diagnostic>,
) {
    for m in &sc.role_mappings {
        let Some(kind) = m.kind else { continue };
        for id in &m.ids {
            if id.value.is_empty() || is_symbolic(id.value) {
                continue;
            }
            let problem = match kind {
                IdentifierType::Prefix => prefix_problem(id.value),
                IdentifierType::User | IdentifierType::Group => identity_problem(kind, id.value),
            };
            if let Some((message, help)) = problem {
                out.push(diagnostic(rule, sc, m, id, &message, &help));
            }
        }
    }
}

fn diagnostic(
    rule: &RuleMeta,
    sc: &SecurityConfiguration<'_>,
    m: &RoleMapping<'_>,
    id: &Identifier<'_>,
    message: &str,
    help: &str,
) -> Diagnostic {
    let mut d = Diagnostic::new(
        rule,
        id.node.span,
        format!("role mapping {}: {message}", ordinal(m.index)),
    )
    .with_help(help.to_string())
    .with_logical_path(sc.mapping_path(m.index, &[key("Identifiers"), PathSeg::Index(id.index)]));
    if let Some(t) = m.identifier_type {
        d = d.with_label(t.value.span, "the mapping's identifier type");
    }
    d
}

/// What is wrong with a `Prefix` identifier, with a fix.
fn prefix_problem(value: &str) -> Option<(String, String)> {
    if let Some(rest) = value.strip_prefix("s3://") {
        let bucket = rest.split('/').next().unwrap_or_default();
        if bucket.is_empty() {
            return Some((
                format!("prefix \"{value}\" names no bucket"),
                "write s3://BUCKET/ or s3://BUCKET/path/".to_string(),
            ));
        }
        if value.contains('*') || value.contains('?') {
            return Some((
                format!("prefix \"{value}\" contains a wildcard"),
                format!(
                    "EMRFS prefixes are literal S3 locations, not patterns: write the common prefix, e.g. s3://{bucket}/"
                ),
            ));
        }
        return None;
    }
    let fix = if let Some(rest) = value.strip_prefix("arn:aws:s3:::") {
        format!("write the S3 URI s3://{rest}, not the ARN")
    } else if let Some(rest) = value
        .strip_prefix("s3a://")
        .or_else(|| value.strip_prefix("s3n://"))
    {
        format!("EMRFS role mappings name locations as s3:// URIs: write s3://{rest}")
    } else if !value.contains("://") && !value.contains(':') {
        format!(
            "write the location as an S3 URI: s3://{}",
            value.trim_start_matches('/')
        )
    } else {
        "write the location as an S3 URI: s3://BUCKET/path/".to_string()
    };
    Some((
        format!("prefix \"{value}\" is not an s3:// URI, so it matches no request"),
        fix,
    ))
}

/// What is wrong with a `User` or `Group` identifier, with a fix.
fn identity_problem(kind: IdentifierType, value: &str) -> Option<(String, String)> {
    if value.trim() != value {
        return Some(spaces(value));
    }
    let looks_like_location = ["s3://", "s3a://", "s3n://", "arn:aws:s3:"]
        .iter()
        .any(|p| value.starts_with(p));
    if looks_like_location {
        let what = kind.as_str().to_ascii_lowercase();
        return Some((
            format!(
                "\"{value}\" is an S3 location in a {} mapping: EMRFS compares it with {what} names, so it never matches",
                kind.as_str()
            ),
            "all identifiers of a mapping share its IdentifierType: move the location to a separate mapping with \"IdentifierType\": \"Prefix\"".to_string(),
        ));
    }
    None
}

fn spaces(value: &str) -> (String, String) {
    (
        format!(
            "identifier \"{value}\" has leading or trailing spaces, which no Hadoop user or group name has"
        ),
        format!("write \"{}\"", value.trim()),
    )
}
