//! ## What it does
//! Reports a configuration's property map under the other interface's name:
//! CloudFormation's `ConfigurationProperties` in JSON for the EMR API or the
//! AWS CLI (`--configurations`, `--cli-input-json`), or the API's `Properties`
//! in an `AWS::EMR::Cluster` template.
//!
//! ## Why is this bad?
//! The EMR API's `Configuration` has `Classification`, `Configurations` and
//! `Properties`; CloudFormation's `AWS::EMR::Cluster` `Configuration` has
//! `Classification`, `Configurations` and `ConfigurationProperties`. Copying a
//! configuration from one to the other is common, and the wrong name is
//! rejected at deploy time — or, where a tool drops unknown keys, the
//! settings (often the ones that enable security features) are silently not
//! applied.
//!
//! ## Example
//! In a template:
//! ```yaml
//! Configurations:
//!   - Classification: hive-site
//!     Properties: {"hive.metastore.client.factory.class": "com.amazonaws.glue.catalog.metastore.AWSGlueDataCatalogHiveClientFactory"}
//! ```
//!
//! ## Fix
//! Use `ConfigurationProperties` in CloudFormation and `Properties` for the API and CLI.
//!
//! ## References
//! - Configuration (Amazon EMR API Reference): <https://docs.aws.amazon.com/emr/latest/APIReference/API_Configuration.html>
//! - AWS::EMR::Cluster Configuration: <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-elasticmapreduce-cluster-configuration.html>

use super::with_cluster;
use crate::diagnostic::{Diagnostic, Severity};
use crate::emr::{ClusterSettings, Surface, key, logical_path};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "EMR042",
        "misplaced-configuration-properties",
        Severity::Error,
        // In templates the CloudFormation schema rules report `Properties`.
        &[InputKind::EmrConfigurations],
        "ConfigurationProperties where the EMR API expects Properties, or the reverse in CloudFormation",
        crate::rule_docs!(),
        &["correctness", "emr", "cloudformation"],
        Precision::VeryHigh,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    with_cluster(ctx, |c| check_cluster(rule, c, out));
}

/// Property maps spelled for the other surface.
pub fn check_cluster(rule: &RuleMeta, cluster: &ClusterSettings<'_>, out: &mut Vec<Diagnostic>) {
    let right = cluster.surface.properties_key();
    let wrong = cluster.surface.foreign_properties_key();
    let (here, there, take) = match cluster.surface {
        Surface::Api => (
            "the EMR API and the AWS CLI",
            "CloudFormation's spelling",
            "take",
        ),
        Surface::CloudFormation => (
            "CloudFormation's AWS::EMR::Cluster",
            "the EMR API's spelling",
            "takes",
        ),
    };
    for c in cluster.configurations() {
        for m in c.property_maps.iter().filter(|m| m.key == wrong) {
            let mut d = Diagnostic::new(
                rule,
                m.key_span,
                format!(
                    "\"{wrong}\" is {there}; {here} {take} \"{right}\" ({})",
                    c.chain_text()
                ),
            );
            let both = c.property_maps.iter().any(|o| o.key == right);
            if let Some(o) = c.property_maps.iter().find(|o| o.key == right) {
                d = d.with_label(o.key_span, format!("\"{right}\" is also given"));
            }
            let help = if both {
                format!(
                    "merge these properties into \"{right}\"; as written they are rejected or not applied"
                )
            } else {
                format!(
                    "rename it to \"{right}\"; as written the properties are rejected or not applied"
                )
            };
            out.push(
                d.with_help(help)
                    .with_logical_path(logical_path(&c.path, &[key(&m.key)])),
            );
        }
    }
}
