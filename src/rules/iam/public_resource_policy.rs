//! ## What it does
//! Reports an `Allow` statement of a resource-based policy (bucket, key,
//! queue, topic, secret, repository …) whose principal is everyone (`"*"` or
//! `{"AWS": "*"}`) and whose condition does not narrow it by account,
//! organization, source resource, VPC, VPC endpoint or IP address
//! (`aws:PrincipalOrgID`, `aws:PrincipalAccount`, `aws:SourceArn`,
//! `aws:SourceAccount`, `aws:SourceVpce`, `aws:SourceIp`, …).
//!
//! A VPC endpoint policy is not reported: it only limits what callers inside
//! the VPC may do through the endpoint, so `"*"` there grants nothing to
//! anyone outside (the default endpoint policy allows everyone everything).
//!
//! ## Why is this bad?
//! The statement grants its actions to anyone on the internet, signed in to
//! any AWS account or (for S3 and some others) not signed in at all: the
//! resource is public. Access Analyzer for external access reports such
//! resources as shared outside the zone of trust.
//!
//! ## Example
//! ```json
//! {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"}
//! ```
//!
//! ## Fix
//! Name the principals, or add a condition on `aws:PrincipalOrgID` (your
//! organization) or `aws:SourceVpce` (your endpoints). Serve public content
//! through CloudFront with origin access control instead of a public bucket.
//!
//! ## References
//! - Identity-based and resource-based policies: <https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_identity-vs-resource.html>
//! - Blocking public access to S3 (what "public" means): <https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status>
//! - VPC endpoint policies: <https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html>
//! - Data perimeters on AWS: <https://docs.aws.amazon.com/whitepapers/latest/building-a-data-perimeter-on-aws/building-a-data-perimeter-on-aws.html>

use super::narrowing::narrowing_key;
use super::{for_each_policy, statements};
use crate::diagnostic::{Diagnostic, Severity};
use crate::iam::policy::PolicyType;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "IAM107",
        "public-resource-policy",
        Severity::Error,
        &[InputKind::IamPolicy, InputKind::Cloudformation],
        "A resource policy allows everyone, with no condition narrowing who",
        crate::rule_docs!(),
        &["iam", "security"],
        Precision::High,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for_each_policy(ctx, out, |input, found| {
        // `"*"` in a VPC endpoint policy means any caller inside the VPC
        // (AWS's default endpoint policy allows everyone everything).
        if input.policy_type != PolicyType::Resource || input.is_vpc_endpoint_policy() {
            return;
        }
        for st in statements(&input.policy) {
            if st.effect_str() != Some("Allow") {
                continue;
            }
            let Some(p) = &st.principal else { continue };
            if !p.value.is_wildcard() || narrowing_key(st).is_some() {
                continue;
            }
            found.push(
                Diagnostic::new(rule, p.span, format!("{} allows everyone{}: no condition narrows the principal to an account, organization, network or source", st.label(), input.in_what()))
                    .with_logical_path(input.path(st, "Principal"))
                    .with_help("name the principals, or add a condition on aws:PrincipalOrgID, aws:SourceVpce or aws:SourceArn"),
            );
        }
    });
}
