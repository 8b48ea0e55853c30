//! Suppressions: findings a team has reviewed and accepted, with a reason.
//!
//! Three places can suppress a finding:
//! - a comment `# cloudlint: ignore[CODE, …] reason` in YAML and `.properties`
//!   files, on the offending line or on its own line above it ([`inline`]);
//! - a CloudFormation resource's `Metadata.cloudlint.ignore` (works in JSON
//!   templates, which have no comments) ([`metadata`]);
//! - a `[[suppress]]` entry in `.cloudlint.toml`, by path glob, rule and
//!   optional logical path (for any file, e.g. a JSON IAM policy).
//!
//! A reason is required; an optional expiry date ends the suppression. A
//! suppression that silences nothing, has expired, or is malformed is itself
//! a finding (SUP001–SUP003), so suppressions cannot rot unseen.

pub mod inline;
pub mod metadata;

use std::path::Path;

use crate::config::{ConfigSuppression, Settings};
use crate::diagnostic::{Diagnostic, rooted_logical_path};
use crate::lint::{FileResult, Status};
use crate::rules::{FileContext, Rule, RuleSelection};
use crate::span::Span;

/// Why a finding was suppressed, for reports (SARIF `suppressions`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Justification {
    /// `inSource` (a comment or template metadata) or `external` (the configuration file).
    pub kind: &'static str,
    pub reason: String,
}

/// One suppression found in a file, with where it applies.
#[derive(Debug, Clone)]
pub struct Suppression {
    /// The rule selectors as written, each with its span.
    pub rules: Vec<(String, Span)>,
    pub reason: String,
    pub expires: Option<String>,
    /// The comment or metadata entry itself (where SUP findings point).
    pub span: Span,
    /// Findings starting inside any of these ranges are suppressed.
    pub covers: Vec<Span>,
}

/// The outcome of applying suppressions to a file's findings.
pub struct Applied {
    pub kept: Vec<Diagnostic>,
    pub suppressed: Vec<(Diagnostic, Justification)>,
    pub used_config: Vec<usize>,
}

fn is_suppression_code(code: &str) -> bool {
    code.starts_with("SUP")
}

fn today(settings: &Settings) -> Option<jiff::civil::Date> {
    settings
        .today
        .or_else(|| Some(jiff::ZonedDateTime::now().date()))
}

fn expired(expires: Option<&str>, settings: &Settings) -> bool {
    match (
        expires.and_then(|e| e.parse::<jiff::civil::Date>().ok()),
        today(settings),
    ) {
        (Some(until), Some(now)) => now > until,
        _ => false,
    }
}

fn selector_matches(selector: &str, d: &Diagnostic, rules: &[&dyn Rule]) -> bool {
    rules
        .iter()
        .find(|r| r.meta().code == d.code)
        .is_some_and(|r| {
            RuleSelection::matches(r.meta(), selector) && !selector.eq_ignore_ascii_case("ALL")
        })
}

fn config_matches(s: &ConfigSuppression, path: &Path, d: &Diagnostic, rules: &[&dyn Rule]) -> bool {
    let rel = path.strip_prefix("./").unwrap_or(path);
    s.paths.iter().any(|g| g.is_match(rel))
        && selector_matches(&s.rule, d, rules)
        && s.logical_path.as_deref().is_none_or(|lp| {
            let lp = rooted_logical_path(lp.to_string());
            d.logical_path
                .as_deref()
                .is_some_and(|p| p.starts_with(&lp))
        })
}

/// Applies every suppression that reaches this file and adds the SUP findings.
#[must_use]
pub fn apply(ctx: &FileContext<'_>, rules: &[&dyn Rule], diagnostics: Vec<Diagnostic>) -> Applied {
    let settings = ctx.settings;
    if !settings.apply_suppressions {
        return Applied {
            kept: diagnostics,
            suppressed: Vec::new(),
            used_config: Vec::new(),
        };
    }
    let mut in_file = inline::collect(ctx);
    in_file.extend(metadata::collect(ctx));
    let mut used = vec![false; in_file.len()];
    let mut used_config = Vec::new();
    let mut kept = Vec::new();
    let mut suppressed = Vec::new();
    for d in diagnostics {
        if is_suppression_code(&d.code) {
            kept.push(d);
            continue;
        }
        let hit = in_file.iter().enumerate().find(|(_, s)| {
            !s.reason.trim().is_empty()
                && !expired(s.expires.as_deref(), settings)
                && s.rules
                    .iter()
                    .any(|(sel, _)| selector_matches(sel, &d, rules))
                && s.covers
                    .iter()
                    .any(|c| d.span.start >= c.start && d.span.start <= c.end)
        });
        if let Some((i, s)) = hit {
            if let Some(u) = used.get_mut(i) {
                *u = true;
            }
            let reason = s.reason.clone();
            suppressed.push((
                d,
                Justification {
                    kind: "inSource",
                    reason,
                },
            ));
            continue;
        }
        let external = settings.suppressions.iter().enumerate().find(|(_, s)| {
            !expired(s.expires.as_deref(), settings) && config_matches(s, ctx.path, &d, rules)
        });
        if let Some((i, s)) = external {
            used_config.push(i);
            let reason = s.reason.clone();
            suppressed.push((
                d,
                Justification {
                    kind: "external",
                    reason,
                },
            ));
            continue;
        }
        kept.push(d);
    }
    kept.extend(review(&in_file, &used, ctx, rules));
    crate::lint::sort_diagnostics(&mut kept);
    used_config.sort_unstable();
    used_config.dedup();
    Applied {
        kept,
        suppressed,
        used_config,
    }
}

/// SUP findings for the file's own suppressions: malformed, expired, unused.
fn review(
    in_file: &[Suppression],
    used: &[bool],
    ctx: &FileContext<'_>,
    rules: &[&dyn Rule],
) -> Vec<Diagnostic> {
    use crate::rules::suppress::{expired_suppression, invalid_suppression, unused_suppression};
    let mut out = Vec::new();
    for (i, s) in in_file.iter().enumerate() {
        let mut valid = true;
        if s.reason.trim().is_empty() {
            valid = false;
            push_if_enabled(&mut out, ctx, &invalid_suppression::RULE.meta, |m| {
                Diagnostic::new(m, s.span, "a suppression without a reason").with_help(
                    "say why the finding is accepted: `# cloudlint: ignore[CODE] reason`",
                )
            });
        }
        for (sel, span) in &s.rules {
            if !rules.iter().any(|r| RuleSelection::matches(r.meta(), sel))
                || sel.eq_ignore_ascii_case("ALL")
            {
                valid = false;
                let names = rules.iter().map(|r| r.meta().code.as_ref());
                let hint = crate::suggest::hint(sel, names);
                push_if_enabled(&mut out, ctx, &invalid_suppression::RULE.meta, |m| {
                    Diagnostic::new(m, *span, format!("`{sel}` names no rule{hint}"))
                        .with_help("suppress specific rules by code or name; `ALL` is not allowed")
                });
            }
        }
        if let Some(e) = &s.expires {
            if e.parse::<jiff::civil::Date>().is_err() {
                valid = false;
                push_if_enabled(&mut out, ctx, &invalid_suppression::RULE.meta, |m| {
                    Diagnostic::new(
                        m,
                        s.span,
                        format!("`expires={e}` is not a date (YYYY-MM-DD)"),
                    )
                });
            } else if expired(Some(e), ctx.settings) {
                push_if_enabled(&mut out, ctx, &expired_suppression::RULE.meta, |m| {
                    Diagnostic::new(m, s.span, format!("this suppression expired on {e}; the findings it covered are reported again"))
                        .with_help("fix the findings, or renew the suppression with a new date and reason")
                });
                continue;
            }
        }
        if valid && !used.get(i).copied().unwrap_or(true) {
            let what: Vec<&str> = s.rules.iter().map(|(r, _)| r.as_str()).collect();
            push_if_enabled(&mut out, ctx, &unused_suppression::RULE.meta, |m| {
                Diagnostic::new(
                    m,
                    s.span,
                    format!(
                        "this suppression of {} silences no finding",
                        what.join(", ")
                    ),
                )
                .with_help(
                    "remove it: the problem it accepted is gone (or it is on the wrong line)",
                )
            });
        }
    }
    out
}

fn push_if_enabled(
    out: &mut Vec<Diagnostic>,
    ctx: &FileContext<'_>,
    meta: &crate::rules::RuleMeta,
    build: impl FnOnce(&crate::rules::RuleMeta) -> Diagnostic,
) {
    if ctx.settings.rule_enabled(meta, ctx.path) {
        let d = build(meta);
        out.push(match ctx.settings.severity_for(meta, ctx.path) {
            Some(s) => d.with_severity(s),
            None => d,
        });
    }
}

/// Findings for `[[suppress]]` entries of the configuration file that no file
/// used or that expired, as a result for the configuration file itself.
#[must_use]
pub fn unused_config_suppressions(
    files: &[FileResult],
    settings: &Settings,
    rules: &[&dyn Rule],
) -> Option<FileResult> {
    use crate::rules::suppress::{expired_suppression, unused_suppression};
    let path = settings.config_path.as_ref()?;
    if settings.suppressions.is_empty() || !settings.apply_suppressions {
        return None;
    }
    let _ = rules;
    let mut used = vec![false; settings.suppressions.len()];
    for f in files {
        for &i in &f.used_config_suppressions {
            if let Some(u) = used.get_mut(i) {
                *u = true;
            }
        }
    }
    let mut diagnostics = Vec::new();
    for (i, s) in settings.suppressions.iter().enumerate() {
        if expired(s.expires.as_deref(), settings) {
            let meta = &expired_suppression::RULE.meta;
            if settings.rule_enabled(meta, path) {
                diagnostics.push(Diagnostic::new(
                    meta,
                    s.span,
                    format!(
                        "this suppression of {} expired on {}; the findings it covered are reported again",
                        s.rule,
                        s.expires.as_deref().unwrap_or("")
                    ),
                ));
            }
        } else if !used.get(i).copied().unwrap_or(true) {
            let meta = &unused_suppression::RULE.meta;
            if settings.rule_enabled(meta, path) {
                diagnostics.push(
                    Diagnostic::new(
                        meta,
                        s.span,
                        format!("this suppression of {} silences no finding", s.rule),
                    )
                    .with_help("remove it, or fix its `paths`, `rule` or `logical-path`"),
                );
            }
        }
    }
    if diagnostics.is_empty() {
        return None;
    }
    let text = std::fs::read_to_string(path).ok();
    Some(FileResult {
        path: path.clone(),
        encoding: text
            .is_some()
            .then_some(crate::source::read::Encoding::Utf8),
        text: text.unwrap_or_default(),
        syntax: None,
        kind: None,
        status: Status::Linted,
        diagnostics,
        suppressed: Vec::new(),
        used_config_suppressions: Vec::new(),
        internal_error: false,
    })
}
