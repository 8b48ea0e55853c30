//! Rules for CloudFormation and SAM templates.

pub mod broad_managed_policy;
pub mod cache_without_authentication;
pub mod database_publicly_accessible;
pub mod database_snapshots_without_tags;
pub mod dlm_policy_does_not_copy_tags;
pub mod internet_facing_lb_internal_target;
pub mod invalid_sam_policy_template;
pub mod kms_key_rotation_disabled;
pub mod missing_required_property;
pub mod missing_required_tags;
pub mod msk_unauthenticated_access;
pub mod plaintext_secret;
pub mod public_ip_address;
pub mod secret_without_rotation;
pub mod sns_topic_not_encrypted;
pub mod storage_not_encrypted;
pub mod subnet_maps_public_ip;
pub mod transit_not_encrypted;
pub mod unknown_property;
pub mod world_open_all_ports;
pub mod world_open_sensitive_port;
pub mod wrong_value_type;

use crate::cfn::Template;
use crate::rules::FileContext;

/// The template of a file, when it has a tree.
#[must_use]
pub fn template<'a>(ctx: &FileContext<'a>) -> Option<Template<'a>> {
    ctx.root.map(Template::new)
}

/// Where to point at a property a resource lacks: its `Properties` key, or its
/// `Type` when it has no properties; with the logical path of that place.
#[must_use]
pub fn absent_anchor(res: &crate::cfn::Resource<'_>) -> (crate::span::Span, String) {
    match res.node.member("Properties") {
        Some(m) => (m.key_span, res.properties_path()),
        None => (
            res.type_node.map_or(res.id_span, |n| n.span),
            format!("Resources.{}.Type", res.id),
        ),
    }
}
