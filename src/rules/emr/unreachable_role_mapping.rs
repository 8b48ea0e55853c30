//! ## What it does
//! Reports EMRFS role mappings and identifiers that can never be used because
//! an earlier one always matches first: the same user or group mapped again,
//! or a prefix that lies within an earlier prefix (`s3://lake/pii/` after
//! `s3://lake/`). When every identifier of a mapping is pre-empted, the whole
//! mapping is reported.
//!
//! ## Why is this bad?
//! EMRFS evaluates role mappings "in the top-down order that they appear", and
//! the first one that matches decides the role; the rest are not evaluated.
//! A later, narrower mapping is dead configuration: the users or paths it was
//! written for get the earlier mapping's role — often a broader one, or for a
//! deny-style role a more permissive one.
//!
//! A prefix is only reported when it is within the earlier prefix however
//! EMRFS compares prefixes (as text or at `/` boundaries):
//! `s3://lake-archive/` after `s3://lake` is left alone.
//!
//! ## Example
//! ```json
//! {"RoleMappings": [
//!   {"Role": "arn:aws:iam::111122223333:role/bucket-rw", "IdentifierType": "Prefix", "Identifiers": ["s3://lake/"]},
//!   {"Role": "arn:aws:iam::111122223333:role/pii-readers", "IdentifierType": "Prefix", "Identifiers": ["s3://lake/pii/"]}]}
//! ```
//!
//! ## Fix
//! Order mappings from narrow to broad (`s3://lake/pii/` before `s3://lake/`),
//! and map each user or group once.
//!
//! ## References
//! - Configure IAM roles for EMRFS requests to Amazon S3: <https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-emrfs-iam-roles.html>
//! - Use a security configuration to set up cluster security (role mapping order): <https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-create-security-configuration.html>

use super::{SECURITY_CONFIGURATION_KINDS, ordinal, with_security_configuration};
use crate::diagnostic::{Diagnostic, Severity};
use crate::emr::emrfs::{Shadow, shadows};
use crate::emr::security_configuration::RoleMapping;
use crate::emr::{IdentifierType, SecurityConfiguration, key};
use crate::parse::PathSeg;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "EMR010",
        "unreachable-role-mapping",
        Severity::Warning,
        SECURITY_CONFIGURATION_KINDS,
        "An EMRFS role mapping or identifier that an earlier mapping always pre-empts",
        crate::rule_docs!(),
        &["correctness", "security", "emr", "emrfs"],
        Precision::VeryHigh,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    with_security_configuration(ctx, |sc| check_security_configuration(rule, sc, out));
    super::each_template_security_configuration(ctx, out, |sc, found| {
        check_security_configuration(rule, sc, found);
    });
}

/// Pre-empted mappings and identifiers.
pub fn check_security_configuration(
    rule: &RuleMeta,
    sc: &SecurityConfiguration<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let all = shadows(&sc.role_mappings);
    for m in &sc.role_mappings {
        let mine: Vec<&Shadow> = all.iter().filter(|s| s.mapping == m.index).collect();
        if mine.is_empty() {
            continue;
        }
        if mine.len() == m.ids.len() {
            out.push(whole_mapping(rule, sc, m, &mine));
        } else {
            for s in mine {
                out.push(one_identifier(rule, sc, m, s));
            }
        }
    }
}

fn identifier_node<'a>(
    mappings: &'a [RoleMapping<'a>],
    mapping: usize,
    identifier: usize,
) -> Option<(&'a RoleMapping<'a>, &'a crate::parse::Node, &'a str)> {
    let m = mappings.get(mapping)?;
    let id = m.ids.iter().find(|i| i.index == identifier)?;
    Some((m, id.node, id.value))
}

fn why(kind: Option<IdentifierType>, value: &str, earlier: &str) -> String {
    match kind {
        Some(IdentifierType::Prefix) if value == earlier => {
            format!("prefix {value} is already mapped")
        }
        Some(IdentifierType::Prefix) => format!("{value} lies within {earlier}"),
        Some(IdentifierType::Group) => format!("group \"{value}\" is already mapped"),
        _ => format!("user \"{value}\" is already mapped"),
    }
}

fn whole_mapping(
    rule: &RuleMeta,
    sc: &SecurityConfiguration<'_>,
    m: &RoleMapping<'_>,
    mine: &[&Shadow],
) -> Diagnostic {
    let span = m
        .identifier_type
        .map_or(m.node.span, |t| t.key_span.cover(t.value.span));
    let role = m.role_arn().unwrap_or("its role");
    let mut d = Diagnostic::new(
        rule,
        span,
        format!(
            "role mapping {} is never used: every identifier is matched first by an earlier mapping",
            ordinal(m.index)
        ),
    );
    let mut firsts = Vec::new();
    for s in mine {
        if let Some((earlier, node, value)) =
            identifier_node(&sc.role_mappings, s.by_mapping, s.by_identifier)
        {
            let mine_value = m
                .ids
                .iter()
                .find(|i| i.index == s.identifier)
                .map_or("", |i| i.value);
            d = d.with_label(
                node.span,
                format!(
                    "{}: matched first here, by mapping {}",
                    why(m.kind, mine_value, value),
                    ordinal(earlier.index)
                ),
            );
            firsts.push(ordinal(earlier.index));
        }
    }
    firsts.dedup();
    d.with_help(format!(
        "mappings are evaluated top-down and the first match wins, so {role} is never assumed through this mapping; move it above mapping {} or remove it",
        firsts.join(", ")
    ))
    .with_logical_path(sc.mapping_path(m.index, &[]))
}

fn one_identifier(
    rule: &RuleMeta,
    sc: &SecurityConfiguration<'_>,
    m: &RoleMapping<'_>,
    s: &Shadow,
) -> Diagnostic {
    let mine = m.ids.iter().find(|i| i.index == s.identifier);
    let (span, value) = mine.map_or((m.node.span, ""), |i| (i.node.span, i.value));
    let mut d = Diagnostic::new(
        rule,
        span,
        format!(
            "role mapping {}: identifier \"{value}\" is never used",
            ordinal(m.index)
        ),
    );
    let mut help = "mappings are evaluated top-down and the first match wins".to_string();
    if let Some((earlier, node, earlier_value)) =
        identifier_node(&sc.role_mappings, s.by_mapping, s.by_identifier)
    {
        let reason = why(m.kind, value, earlier_value);
        if earlier.index == m.index {
            d = d.with_label(node.span, format!("{reason} earlier in this mapping"));
            help = "remove the repeated identifier".to_string();
        } else {
            d = d.with_label(
                node.span,
                format!(
                    "{reason}: matched first here, by mapping {}",
                    ordinal(earlier.index)
                ),
            );
            help = format!(
                "{help}: requests for \"{value}\" get mapping {}'s role; move this mapping above it or remove the identifier",
                ordinal(earlier.index)
            );
        }
    }
    d.with_help(help).with_logical_path(
        sc.mapping_path(m.index, &[key("Identifiers"), PathSeg::Index(s.identifier)]),
    )
}
