//! ## What it does
//! Reports a security configuration whose
//! `InstanceMetadataServiceConfiguration` sets
//! `MinimumInstanceMetadataServiceVersion` to 1, which keeps IMDSv1 available
//! on the cluster's instances.
//!
//! ## Why is this bad?
//! With IMDSv1 any process that can make the instance send an HTTP GET — a
//! server-side request forgery in a notebook, a web UI or a job — can read the
//! instance role's temporary credentials. On an EMRFS multi-tenant cluster the
//! instance role is the fallback for every request that matches no mapping.
//! IMDSv2 requires a session token obtained with a PUT and is not reachable
//! through a plain GET.
//!
//! ## Example
//! ```json
//! {"InstanceMetadataServiceConfiguration": {"MinimumInstanceMetadataServiceVersion": 1, "HttpPutResponseHopLimit": 1}}
//! ```
//!
//! ## Fix
//! `"MinimumInstanceMetadataServiceVersion": 2` (available in EMR 5.23.1,
//! 5.27.1, 5.32 and later, and 6.2 and later).
//!
//! ## References
//! - Use a security configuration to set up cluster security (IMDS): <https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-create-security-configuration.html>
//! - Use IMDSv2: <https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html>

use super::{SECURITY_CONFIGURATION_KINDS, with_security_configuration};
use crate::diagnostic::{Diagnostic, Severity};
use crate::emr::{SecurityConfiguration, key};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "EMR024",
        "imdsv1-allowed",
        Severity::Warning,
        SECURITY_CONFIGURATION_KINDS,
        "The EMR security configuration keeps IMDSv1 available on cluster instances",
        crate::rule_docs!(),
        &["security", "emr", "ec2"],
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

/// `MinimumInstanceMetadataServiceVersion: 1`.
pub fn check_security_configuration(
    rule: &RuleMeta,
    sc: &SecurityConfiguration<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(imds) = sc.imds else { return };
    let Some(v) = imds.value.get("MinimumInstanceMetadataServiceVersion") else {
        return;
    };
    if v.as_i64() != Some(1) {
        return;
    }
    out.push(
        Diagnostic::new(
            rule,
            v.span,
            "MinimumInstanceMetadataServiceVersion 1 keeps IMDSv1 available on the cluster's instances",
        )
        .with_help("set it to 2 so that only IMDSv2 (session-token) requests reach instance metadata and the instance role's credentials")
        .with_logical_path(sc.path(&[
            key("InstanceMetadataServiceConfiguration"),
            key("MinimumInstanceMetadataServiceVersion"),
        ])),
    );
}
