//! ## What it does
//! Reports an EMRFS `Prefix` role mapping placed before `User` or `Group`
//! mappings.
//!
//! ## Why is this bad?
//! The first mapping that matches decides the role. A prefix mapping matches
//! every request for its location, whoever makes it, so for that location it
//! silently overrides every user and group mapping below it: the admin mapped
//! by user name, and the restricted group alike, all get the prefix's role
//! there. That is rarely what a per-user or per-group mapping was written for.
//!
//! If one role really must serve everybody for that location, keep the order
//! and suppress the finding with that reason.
//!
//! ## Example
//! ```json
//! {"RoleMappings": [
//!   {"Role": "arn:aws:iam::111122223333:role/shared-rw", "IdentifierType": "Prefix", "Identifiers": ["s3://shared/"]},
//!   {"Role": "arn:aws:iam::111122223333:role/auditors-ro", "IdentifierType": "Group", "Identifiers": ["auditors"]}]}
//! ```
//! Members of `auditors` get `shared-rw`, not their read-only role, under `s3://shared/`.
//!
//! ## Fix
//! Put user and group mappings first and prefix mappings after them, as in the
//! EMR documentation's examples.
//!
//! ## References
//! - Configure IAM roles for EMRFS requests to Amazon S3: <https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-emrfs-iam-roles.html>
//! - Build a multi-tenant Amazon EMR cluster with Kerberos, Microsoft Active Directory integration and EMRFS authorization: <https://aws.amazon.com/blogs/big-data/build-a-multi-tenant-amazon-emr-cluster-with-kerberos-microsoft-active-directory-integration-and-emrfs-authorization/>

use super::{SECURITY_CONFIGURATION_KINDS, ordinal, with_security_configuration};
use crate::diagnostic::{Diagnostic, Severity};
use crate::emr::{IdentifierType, SecurityConfiguration};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "EMR011",
        "prefix-mapping-before-identity-mapping",
        Severity::Warning,
        SECURITY_CONFIGURATION_KINDS,
        "An EMRFS Prefix mapping before User/Group mappings, overriding them for its location",
        crate::rule_docs!(),
        &["security", "emr", "emrfs"],
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

/// Prefix mappings that come before identity mappings.
pub fn check_security_configuration(
    rule: &RuleMeta,
    sc: &SecurityConfiguration<'_>,
    out: &mut Vec<Diagnostic>,
) {
    for (i, m) in sc.role_mappings.iter().enumerate() {
        if m.kind != Some(IdentifierType::Prefix) || m.ids.is_empty() {
            continue;
        }
        let later: Vec<_> = sc
            .role_mappings
            .iter()
            .skip(i + 1)
            .filter(|l| {
                matches!(l.kind, Some(IdentifierType::User | IdentifierType::Group))
                    && !l.ids.is_empty()
            })
            .collect();
        if later.is_empty() {
            continue;
        }
        let prefixes: Vec<&str> = m.ids.iter().map(|id| id.value).collect();
        let span = m
            .identifier_type
            .map_or(m.node.span, |t| t.key_span.cover(t.value.span));
        let mut d = Diagnostic::new(
            rule,
            span,
            format!(
                "Prefix mapping {} comes before {} user/group mapping{}: under {} it overrides them",
                ordinal(m.index),
                later.len(),
                if later.len() == 1 { "" } else { "s" },
                prefixes.join(", ")
            ),
        );
        for l in &later {
            d = d.with_label(
                l.identifier_type.map_or(l.node.span, |t| t.value.span),
                format!("{}: not used for requests under the prefix", l.describe()),
            );
        }
        let role = m.role_arn().unwrap_or("the prefix's role");
        out.push(
            d.with_help(format!(
                "the first matching mapping wins, so every user — including those mapped below — gets {role} for these locations; move user and group mappings above the prefix mapping, or suppress this with the reason if one role must serve everybody there"
            ))
            .with_logical_path(sc.mapping_path(m.index, &[])),
        );
    }
}
