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
    //! Runs one rule on `.properties` text: `line:col text | message` per finding.

    use std::path::Path;

    use crate::config::Settings;
    use crate::diagnostic::Diagnostic;
    use crate::parse::{Limits, Syntax, parse};
    use crate::rules::{FileContext, NativeRule, Rule};
    use crate::source::InputKind;
    use crate::span::LineIndex;

    pub fn run_with(rule: &NativeRule, text: &str, settings: &Settings) -> Vec<String> {
        let parsed = parse(Syntax::Properties, text, &Limits::default());
        let ctx = FileContext {
            path: Path::new("server.properties"),
            text,
            syntax: Syntax::Properties,
            kind: Some(InputKind::KafkaProperties),
            root: parsed.root.as_ref(),
            parse_issues: &parsed.issues,
            settings,
        };
        let mut out: Vec<Diagnostic> = Vec::new();
        rule.check(&ctx, &mut out);
        let index = LineIndex::new(text);
        out.iter()
            .map(|d| {
                let lc = index.line_col(text, d.span.start);
                format!(
                    "{}:{} {} | {}",
                    lc.line,
                    lc.column,
                    d.span.text(text),
                    d.message
                )
            })
            .collect()
    }

    pub fn run(rule: &NativeRule, text: &str) -> Vec<String> {
        run_with(rule, text, &Settings::default())
    }
}
