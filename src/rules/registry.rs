//! The registry of native rules: a plain static list, no linker tricks.

use super::{Rule, ecs, emr, suppress, syntax};

/// Every native rule, in code order.
pub static NATIVE_RULES: &[&dyn Rule] = &[
    &syntax::invalid_syntax::RULE,
    &syntax::json_comment::RULE,
    &syntax::trailing_comma::RULE,
    &syntax::duplicate_key::RULE,
    &syntax::input_limit_exceeded::RULE,
    &syntax::unreadable_file::RULE,
    &syntax::internal_error::RULE,
    &ecs::unknown_container_field::RULE,
    &emr::unknown_emr_field::RULE,
    &emr::invalid_emr_value::RULE,
    &emr::invalid_identifier_type::RULE,
    &emr::invalid_mapping_identifier::RULE,
    &emr::role_not_iam_role_arn::RULE,
    &emr::incomplete_role_mapping::RULE,
    &emr::unreachable_role_mapping::RULE,
    &emr::prefix_mapping_before_identity_mapping::RULE,
    &emr::emrfs_authorization_without_kerberos::RULE,
    &emr::at_rest_encryption_disabled::RULE,
    &emr::in_transit_encryption_disabled::RULE,
    &emr::incomplete_encryption_settings::RULE,
    &emr::imdsv1_allowed::RULE,
    &emr::over_broad_emrfs_role::RULE,
    &emr::mapped_role_does_not_trust_instance_role::RULE,
    &emr::instance_role_grants_s3_data_access::RULE,
    &emr::clear_text_secret::RULE,
    &emr::insecure_ldap_url::RULE,
    &emr::misplaced_configuration_properties::RULE,
    &suppress::unused_suppression::RULE,
    &suppress::expired_suppression::RULE,
    &suppress::invalid_suppression::RULE,
];

/// Every native rule.
#[must_use]
pub fn all_rules() -> Vec<&'static dyn Rule> {
    NATIVE_RULES.to_vec()
}

/// A native rule by code or name.
#[must_use]
pub fn find_rule(code_or_name: &str) -> Option<&'static dyn Rule> {
    NATIVE_RULES
        .iter()
        .copied()
        .find(|r| r.meta().code.eq_ignore_ascii_case(code_or_name) || r.meta().name == code_or_name)
}
