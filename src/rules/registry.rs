//! The registry: native rules in a plain static list (no linker tricks),
//! then the built-in declarative rules of `rules/`.

use super::{Rule, cfn, declarative, ecs, iam, suppress, syntax};

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
    &ecs::unknown_container_field::RULE,
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
