//! Rules for CloudFormation and SAM templates.

pub mod database_publicly_accessible;
pub mod internet_facing_lb_internal_target;
pub mod missing_required_property;
pub mod public_ip_address;
pub mod subnet_maps_public_ip;
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
