//! Kafka broker `server.properties` rules that reason over several settings
//! (the single-setting ones are declarative: `rules/KFK1*.yaml`).

pub mod authorizer_mode_mismatch;
pub mod continuation_swallows_key;
pub mod inline_comment_in_value;
pub mod io_threads_below_log_dirs;
pub mod low_replication_factor;
pub mod min_insync_replicas;
pub mod missing_authorizer;
pub mod plaintext_listener;
pub mod sasl_plain_without_tls;
pub mod tls_without_client_auth;
pub mod zookeeper_mode_removed;

use crate::kafka::KafkaConfig;
use crate::rules::FileContext;

/// The file as Kafka reads it, when it parsed.
fn config<'a>(ctx: &FileContext<'a>) -> Option<KafkaConfig<'a>> {
    ctx.root
        .map(|root| KafkaConfig::new(root, ctx.text, ctx.settings))
}

/// Settings whose values must never appear in a message.
fn is_secret(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    k.contains("password") || k.contains("secret") || k.ends_with("jaas.config")
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Runs one rule on `.properties` text (see `crate::rules::test_support`).

    use crate::config::Settings;
    use crate::parse::Syntax;
    use crate::rules::NativeRule;
    use crate::rules::test_support::run_rule;
    use crate::source::InputKind;

    pub fn run_with(rule: &NativeRule, text: &str, settings: &Settings) -> Vec<String> {
        let file = (
            "server.properties",
            Syntax::Properties,
            InputKind::KafkaProperties,
        );
        run_rule(rule, file, text, settings)
    }

    pub fn run(rule: &NativeRule, text: &str) -> Vec<String> {
        run_with(rule, text, &Settings::default())
    }
}
