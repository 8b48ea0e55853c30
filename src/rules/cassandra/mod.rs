//! Cassandra `cassandra.yaml` rules that reason over several settings or
//! the targeted version (the single-setting ones are declarative:
//! `rules/CAS1*.yaml`).

pub mod auth_startup_conflict;
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
    //! Runs one rule on YAML text: `line:col text | message` per finding.

    use std::path::Path;

    use crate::config::Settings;
    use crate::diagnostic::Diagnostic;
    use crate::parse::{Limits, Syntax, parse};
    use crate::rules::{FileContext, NativeRule, Rule};
    use crate::source::InputKind;
    use crate::span::LineIndex;

    pub fn run_with(rule: &NativeRule, text: &str, settings: &Settings) -> Vec<String> {
        let parsed = parse(Syntax::Yaml, text, &Limits::default());
        let ctx = FileContext {
            path: Path::new("cassandra.yaml"),
            text,
            syntax: Syntax::Yaml,
            kind: Some(InputKind::CassandraYaml),
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
