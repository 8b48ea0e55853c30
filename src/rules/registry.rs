//! The registry: native rules in a plain static list (no linker tricks),
//! then the built-in declarative rules of `rules/`.

use super::{Rule, cassandra, cfn, declarative, ec2, ecs, emr, iam, kafka, suppress, syntax};

/// Every native rule, in code order.
pub static NATIVE_RULES: &[&dyn Rule] = &[
    &syntax::invalid_syntax::RULE,
    &syntax::json_comment::RULE,
    &syntax::trailing_comma::RULE,
    &syntax::duplicate_key::RULE,
    &syntax::input_limit_exceeded::RULE,
    &syntax::unreadable_file::RULE,
    &syntax::internal_error::RULE,
    &syntax::suspicious_syntax::RULE,
    &ec2::unencrypted_volume::RULE,
    &ec2::kms_key_without_encryption::RULE,
    &ec2::invalid_kms_key_id::RULE,
    &ec2::unsupported_block_device_field::RULE,
    &ec2::block_device_mappings_not_a_list::RULE,
    &ec2::invalid_volume_type::RULE,
    &ec2::volume_size_out_of_range::RULE,
    &ec2::iops_out_of_range::RULE,
    &ec2::throughput_out_of_range::RULE,
    &ec2::iops_not_supported::RULE,
    &ec2::throughput_not_supported::RULE,
    &ec2::missing_iops::RULE,
    &ec2::aws_managed_ebs_key::RULE,
    &ec2::gp2_volume_type::RULE,
    &ec2::wrong_block_device_value_type::RULE,
    &ec2::incomplete_block_device_mapping::RULE,
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
    &kafka::plaintext_listener::RULE,
    &kafka::sasl_plain_without_tls::RULE,
    &kafka::missing_authorizer::RULE,
    &kafka::authorizer_mode_mismatch::RULE,
    &kafka::tls_without_client_auth::RULE,
    &kafka::low_replication_factor::RULE,
    &kafka::min_insync_replicas::RULE,
    &kafka::io_threads_below_log_dirs::RULE,
    &kafka::inline_comment_in_value::RULE,
    &kafka::continuation_swallows_key::RULE,
    &kafka::zookeeper_mode_removed::RULE,
    &cassandra::auth_startup_conflict::RULE,
    &cassandra::keystore_password_in_clear::RULE,
    &cassandra::num_tokens_choice::RULE,
    &cassandra::old_and_new_names::RULE,
    &cassandra::setting_not_in_version::RULE,
    &cassandra::value_without_unit::RULE,
    &suppress::unused_suppression::RULE,
    &suppress::expired_suppression::RULE,
    &suppress::invalid_suppression::RULE,
    &declarative::invalid_rule_file::RULE,
    &cfn::unknown_property::RULE,
    &cfn::wrong_value_type::RULE,
    &cfn::missing_required_property::RULE,
    &cfn::subnet_maps_public_ip::RULE,
    &cfn::public_ip_address::RULE,
    &cfn::database_publicly_accessible::RULE,
    &cfn::world_open_all_ports::RULE,
    &cfn::world_open_sensitive_port::RULE,
    &cfn::internet_facing_lb_internal_target::RULE,
    &cfn::missing_required_tags::RULE,
    &cfn::dlm_policy_does_not_copy_tags::RULE,
    &cfn::plaintext_secret::RULE,
    &cfn::secret_without_rotation::RULE,
    &cfn::sns_topic_not_encrypted::RULE,
    &cfn::kms_key_rotation_disabled::RULE,
    &cfn::storage_not_encrypted::RULE,
    &cfn::transit_not_encrypted::RULE,
    &cfn::msk_unauthenticated_access::RULE,
    &cfn::broad_managed_policy::RULE,
    &iam::invalid_version::RULE,
    &iam::invalid_effect::RULE,
    &iam::conflicting_elements::RULE,
    &iam::unknown_element::RULE,
    &iam::empty_value::RULE,
    &iam::misplaced_principal::RULE,
    &iam::invalid_sid::RULE,
    &iam::unknown_action::RULE,
    &iam::malformed_arn::RULE,
    &iam::secret_arn_without_suffix::RULE,
    &iam::unknown_condition_operator::RULE,
    &iam::condition_type_mismatch::RULE,
    &iam::unknown_condition_key::RULE,
    &iam::set_operator_on_single_valued_key::RULE,
    &iam::null_with_if_exists::RULE,
    &iam::redundant_action::RULE,
    &iam::resource_star_scopable::RULE,
    &iam::full_admin::RULE,
    &iam::service_wide_wildcard::RULE,
    &iam::allow_with_not_element::RULE,
    &iam::unrestricted_pass_role::RULE,
    &iam::privilege_escalation::RULE,
    &iam::open_trust_policy::RULE,
    &iam::public_resource_policy::RULE,
    &iam::for_all_values_in_allow::RULE,
    &iam::mfa_bool_false::RULE,
];

/// Every built-in rule, native and declarative, in code order.
#[must_use]
pub fn all_rules() -> Vec<&'static dyn Rule> {
    let mut rules: Vec<&'static dyn Rule> = NATIVE_RULES.to_vec();
    rules.extend(
        declarative::builtin_rules()
            .iter()
            .map(|r| r as &'static dyn Rule),
    );
    rules.sort_by(|a, b| a.meta().code.cmp(&b.meta().code));
    rules
}

/// A built-in rule by code or name.
#[must_use]
pub fn find_rule(code_or_name: &str) -> Option<&'static dyn Rule> {
    all_rules()
        .into_iter()
        .find(|r| r.meta().code.eq_ignore_ascii_case(code_or_name) || r.meta().name == code_or_name)
}
