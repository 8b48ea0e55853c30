//! ## What it does
//! Reports a Secrets Manager secret ARN in `Resource` / `NotResource` that
//! names a secret exactly, without the `-??????` or `*` that stands for the
//! random suffix Secrets Manager appends.
//!
//! ## Why is this bad?
//! Secrets Manager adds a hyphen and six random characters to every secret's
//! ARN (`…:secret:MyApp/Db-a1b2c3`). An ARN that ends at the name matches no
//! secret, so the statement grants nothing (or a `Deny` protects nothing).
//!
//! ## Example
//! ```json
//! "Resource": "arn:aws:secretsmanager:us-east-1:123456789012:secret:Applications/MyApp/MySQL-RDS-Database"
//! ```
//!
//! ## Fix
//! End the ARN with `-??????` (exactly the suffix) or write the full ARN with
//! its suffix; `*` also works but matches other secrets whose names start the
//! same way.
//!
//! ## References
//! - Secrets Manager: permissions to a secret, wildcard suffix: <https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples.html>
//! - Secrets Manager ARN format: <https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_iam-permissions.html#iam-resources>

use super::{for_each_written_policy, statements};
use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::node::is_symbolic;
use crate::rules::{FileContext, NativeRule, Precision, RuleMeta, meta};
use crate::source::InputKind;

pub static RULE: NativeRule = NativeRule {
    meta: meta(
        "IAM010",
        "secret-arn-without-suffix",
        Severity::Warning,
        &[InputKind::IamPolicy, InputKind::Cloudformation],
        "A Secrets Manager secret ARN lacks the random-suffix wildcard and matches no secret",
        crate::rule_docs!(),
        &["iam", "correctness"],
        Precision::High,
    ),
    check,
};

fn check(rule: &RuleMeta, ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for_each_written_policy(ctx, out, |input, found| {
        for st in statements(&input.policy) {
            for el in st.resource.iter().chain(st.not_resource.iter()) {
                for item in &el.value.items {
                    let Some(text) = item.value.as_str() else {
                        continue;
                    };
                    let Some(name) = secret_name(text) else {
                        continue;
                    };
                    if !lacks_suffix(name) {
                        continue;
                    }
                    found.push(
                        Diagnostic::new(
                            rule,
                            item.span,
                            format!("secret ARN ends at the name `{name}`: Secrets Manager appends `-` and 6 random characters, so it matches no secret"),
                        )
                        .with_logical_path(input.path(st, &el.name))
                        .with_help(format!("end it with `{name}-??????`")),
                    );
                }
            }
        }
    });
}

/// The secret name of a Secrets Manager secret ARN, when the ARN is one and its
/// name is known at lint time.
fn secret_name(arn: &str) -> Option<&str> {
    let rest = arn.strip_prefix("arn:")?;
    let mut fields = rest.splitn(5, ':');
    let (_, service, _, _, resource) = (
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
    );
    if service != "secretsmanager" {
        return None;
    }
    let name = resource.strip_prefix("secret:")?;
    (!is_symbolic(name) && !name.is_empty()).then_some(name)
}

/// Whether a name neither ends with a wildcard nor carries a suffix already.
fn lacks_suffix(name: &str) -> bool {
    if name.ends_with(['*', '?']) || name.ends_with('}') {
        return false;
    }
    // A full ARN copied from the console: `…-AbC123`.
    let has_suffix = name.rsplit_once('-').is_some_and(|(_, tail)| {
        tail.len() == 6 && tail.bytes().all(|b| b.is_ascii_alphanumeric())
    });
    !has_suffix
}
