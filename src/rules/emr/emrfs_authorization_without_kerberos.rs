//! ## What it does
//! Reports a security configuration whose EMRFS role mappings map users or
//! groups while it configures no Kerberos authentication
//! (`AuthenticationConfiguration.KerberosConfiguration`) and no IAM Identity
//! Center integration.
//!
//! ## Why is this bad?
//! EMRFS picks a role from the Hadoop user and group names of the request.
//! Without Kerberos those names are not authenticated: Hadoop's "simple"
//! authentication trusts whatever user name the client states, so anybody who
//! can run a job on the cluster can claim to be the administrator and get the
//! administrator's role. The AWS post on multi-tenant EMR names this as the
//! first prerequisite: "Users must be authenticated, because EMRFS needs to map
//! the current user/group/prefix to a predefined user/group/prefix." Mappings
//! by `Prefix` alone do not depend on identity and are not reported.
//!
//! ## Example
//! ```json
//! {"AuthorizationConfiguration": {"EmrFsConfiguration": {"RoleMappings": [
//!   {"Role": "arn:aws:iam::111122223333:role/admins", "IdentifierType": "User", "Identifiers": ["admin1"]}]}}}
//! ```
//!
//! ## Fix
//! Add `AuthenticationConfiguration.KerberosConfiguration` (a cluster-dedicated
//! KDC, optionally with a cross-realm trust to Active Directory) to the same
//! security configuration.
//!
//! ## References
//! - Configure IAM roles for EMRFS requests to Amazon S3: <https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-emrfs-iam-roles.html>
//! - Use Kerberos for authentication with Amazon EMR: <https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-kerberos.html>
//! - Build a multi-tenant Amazon EMR cluster with Kerberos, Microsoft Active Directory integration and EMRFS authorization: <https://aws.amazon.com/blogs/big-data/build-a-multi-tenant-amazon-emr-cluster-with-kerberos-microsoft-active-directory-integration-and-emrfs-authorization/>

use super::{SECURITY_CONFIGURATION_KINDS, with_security_configuration};
use crate::diagnostic::{Diagnostic, Severity};
use crate::emr::{IdentifierType, SecurityConfiguration, key};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "EMR020",
        "emrfs-authorization-without-kerberos",
        Severity::Warning,
        SECURITY_CONFIGURATION_KINDS,
        "EMRFS maps users or groups to roles, but no Kerberos authentication makes those names trustworthy",
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

/// Identity mappings without authentication.
pub fn check_security_configuration(
    rule: &RuleMeta,
    sc: &SecurityConfiguration<'_>,
    out: &mut Vec<Diagnostic>,
) {
    if sc.kerberos.is_some() || sc.identity_center.is_some() || !sc.maps_identities() {
        return;
    }
    let Some(emrfs) = sc.emrfs else { return };
    let mut d = Diagnostic::new(
        rule,
        emrfs.key_span,
        "EMRFS maps users and groups to roles, but the security configuration has no Kerberos authentication",
    );
    for m in sc
        .role_mappings
        .iter()
        .filter(|m| matches!(m.kind, Some(IdentifierType::User | IdentifierType::Group)))
    {
        if let Some(t) = m.identifier_type {
            d = d.with_label(
                t.value.span,
                format!("{}: chosen by an unauthenticated name", m.describe()),
            );
        }
    }
    if let Some(auth) = sc.authentication {
        d = d.with_label(auth.key_span, "no KerberosConfiguration here");
    }
    out.push(
        d.with_help("without Kerberos, Hadoop trusts the user name a client states, so anyone who can submit work can claim a mapped user or group and get its role; add AuthenticationConfiguration.KerberosConfiguration to this security configuration")
            .with_logical_path(sc.path(&[key("AuthorizationConfiguration"), key("EmrFsConfiguration")])),
    );
}
