//! ## What it does
//! Reports a `server.properties` value with `#` or `!` after white space —
//! what looks like an end-of-line comment: `auto.create.topics.enable=false # off`.
//!
//! ## Why is this bad?
//! In a `.properties` file `#` and `!` start a comment only as the first
//! character of a line; anywhere else they are text. The value above is the
//! string `false # off`. For a boolean or numeric setting Kafka then refuses
//! to start ("Expected value to be either true or false"); for a string it
//! silently uses the whole text (a host name, a path, a class name with
//! `# …` appended); and `allow.everyone.if.no.acl.found=true # temp` is read
//! with `Boolean.parseBoolean`, so it is silently **false** — the opposite of
//! what the line says.
//!
//! ## Example
//! ```properties
//! auto.create.topics.enable=false # created by Terraform instead
//! ```
//!
//! ## Fix
//! Put comments on their own line:
//! ```properties
//! # created by Terraform instead
//! auto.create.topics.enable=false
//! ```
//!
//! ## References
//! - `java.util.Properties.load` (comment lines; the grammar Kafka reads `server.properties` with): <https://docs.oracle.com/en/java/javase/21/docs/api/java.base/java/util/Properties.html#load(java.io.Reader)>
//! - Apache Kafka, broker configuration: <https://kafka.apache.org/documentation/#brokerconfigs>

use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "KFK009",
        "inline-comment-in-value",
        Severity::Error,
        &[InputKind::KafkaProperties],
        "A `# comment` after a value is part of the value in a .properties file",
        crate::rule_docs!(),
        &["correctness", "kafka"],
        Precision::High,
    ),
    check,
};

/// White space, then `#` or `!`: where an author meant a comment to start.
static COMMENT: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"[ \t\f][#!]").ok());

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(k) = super::config(ctx) else { return };
    let Some(re) = COMMENT.as_ref() else { return };
    for p in k.entries() {
        let Some(m) = re.find(p.value) else { continue };
        let before = p.value.get(..m.start()).unwrap_or("").trim();
        let meant = if super::is_secret(p.key) {
            String::new()
        } else {
            format!(" \"{before}\" was meant, but")
        };
        let shown = if super::is_secret(p.key) {
            "the text after it is part of the secret".to_string()
        } else {
            format!("the value is \"{}\"", p.trimmed())
        };
        let consequence =
            if before.eq_ignore_ascii_case("true") || before.eq_ignore_ascii_case("false") {
                if p.key == "allow.everyone.if.no.acl.found" {
                    "; this setting is read with Boolean.parseBoolean, so it is silently false"
                        .to_string()
                } else {
                    ": not a boolean, so the broker refuses to start".to_string()
                }
            } else if before.parse::<f64>().is_ok() {
                ": not a number, so the broker refuses to start".to_string()
            } else {
                String::new()
            };
        let span = p.span_of(m.start() + 1..p.value.trim_end().len());
        out.push(
            Diagnostic::new(
                rule,
                span,
                format!(
                    "{}: \"{}\" does not start a comment here;{meant} {shown}{consequence}",
                    p.key,
                    p.value.get(m.start() + 1..m.end()).unwrap_or("#")
                ),
            )
            .with_help("move the comment to its own line: in .properties files only a line that starts with # or ! is a comment")
            .with_path(&p.path()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run;
    use super::*;

    #[test]
    fn comments_after_values() {
        let got = run(
            &RULE,
            "auto.create.topics.enable = false # off\nallow.everyone.if.no.acl.found=true ! temp\nlog.dirs=/data # disk 1\n",
        );
        assert_eq!(
            got,
            [
                "1:35 # off | auto.create.topics.enable: \"#\" does not start a comment here; \"false\" was meant, but the value is \"false # off\": not a boolean, so the broker refuses to start",
                "2:37 ! temp | allow.everyone.if.no.acl.found: \"!\" does not start a comment here; \"true\" was meant, but the value is \"true ! temp\"; this setting is read with Boolean.parseBoolean, so it is silently false",
                "3:16 # disk 1 | log.dirs: \"#\" does not start a comment here; \"/data\" was meant, but the value is \"/data # disk 1\"",
            ]
        );
    }

    #[test]
    fn secrets_are_not_shown_and_plain_hashes_pass() {
        let got = run(&RULE, "ssl.key.password=abc #old\n");
        assert_eq!(got.len(), 1);
        assert!(!got[0].contains("abc"), "{got:#?}");
        assert!(run(&RULE, "ssl.key.password=a#b\n# comment line\nx=1\n").is_empty());
    }
}
