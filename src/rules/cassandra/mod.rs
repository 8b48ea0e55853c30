//! Cassandra `cassandra.yaml` rules that reason over several settings or
//! the targeted version (the single-setting ones are declarative:
//! `rules/CAS1*.yaml`).

pub mod auth_startup_conflict;
pub mod insecure_remote_jmx;
pub mod keystore_password_in_clear;
pub mod num_tokens_choice;
pub mod old_and_new_names;
pub mod setting_not_in_version;
pub mod value_without_unit;

use crate::cassandra::CassandraConfig;
use crate::rules::FileContext;

fn config<'a>(ctx: &FileContext<'a>) -> Option<CassandraConfig<'a>> {
    ctx.root
        .map(|root| CassandraConfig::new(root, ctx.settings))
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Runs one rule on YAML text (see `crate::rules::test_support`).

    use crate::config::Settings;
    use crate::parse::Syntax;
    use crate::rules::NativeRule;
    use crate::rules::test_support::run_rule;
    use crate::source::InputKind;

    pub fn run_with(rule: &NativeRule, text: &str, settings: &Settings) -> Vec<String> {
        let file = ("cassandra.yaml", Syntax::Yaml, InputKind::CassandraYaml);
        run_rule(rule, file, text, settings)
    }

    pub fn run(rule: &NativeRule, text: &str) -> Vec<String> {
        run_with(rule, text, &Settings::default())
    }
}
