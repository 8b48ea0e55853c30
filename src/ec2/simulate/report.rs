//! The result of a simulation — the same data for the human trace and the
//! JSON output — and the verdict drawn from it.

use std::fmt::Write as _;

use serde::Serialize;

use super::check::Check;
use super::kms_checks::KeyProblem;
use super::launch::PlannedVolume;
use crate::ec2::encryption::Outcome;
use crate::iam::eval::Decision;

/// A finding of the static checks on the request (the `EC2` rules).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// `file:line:column`.
    pub location: String,
    pub code: String,
    pub severity: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Whether the request is refused because of it.
    pub rejects: bool,
}

/// What happens to the launch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Verdict {
    /// The launch succeeds.
    Succeeds {
        message: String,
        /// Volumes that end up unencrypted.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        unencrypted_volumes: Vec<String>,
    },
    /// The call fails at once; nothing is launched.
    Rejected {
        message: String,
        /// The error the caller sees.
        error: String,
        causes: Vec<String>,
    },
    /// The call succeeds, then the instance terminates.
    Terminates {
        message: String,
        state_reason_code: String,
        state_reason_message: String,
        causes: Vec<String>,
    },
}

/// Everything the simulation found, in the order it happens.
#[derive(Debug, Clone, Serialize)]
pub struct Simulation {
    pub request: String,
    pub kind: String,
    pub surface: String,
    pub principal: String,
    pub account: String,
    pub region: String,
    pub encryption_by_default: bool,
    pub default_kms_key: String,
    /// Who makes the KMS requests: the caller, or Auto Scaling's service-linked role.
    pub kms_caller: String,
    pub validation: Vec<Finding>,
    pub volumes: Vec<PlannedVolume>,
    pub authorization: Vec<Check>,
    pub kms: Vec<Check>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub key_problems: Vec<KeyProblem>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    pub verdict: Verdict,
}

impl Simulation {
    /// 0 when the launch succeeds with every volume encrypted, 1 otherwise.
    #[must_use]
    pub fn exit_code(&self) -> u8 {
        match &self.verdict {
            Verdict::Succeeds {
                unencrypted_volumes,
                ..
            } if unencrypted_volumes.is_empty() => 0,
            _ => 1,
        }
    }
}

/// The verdict when static checks refuse the request.
#[must_use]
pub fn rejected_by_validation(validation: &[Finding]) -> Option<Verdict> {
    let rejecting: Vec<&Finding> = validation.iter().filter(|f| f.rejects).collect();
    let first = rejecting.first()?;
    Some(Verdict::Rejected {
        message: "the request is refused before anything is launched".to_string(),
        error: first.help.clone().unwrap_or_else(|| first.message.clone()),
        causes: rejecting
            .iter()
            .map(|f| format!("{} {}: {}", f.location, f.code, f.message))
            .collect(),
    })
}

/// How AWS words an authorization failure, from the step that refused.
fn unauthorized(check: &Check) -> String {
    let why = match (check.decision, check.refused_at.as_deref()) {
        (Decision::ExplicitDeny, _) => {
            let group = check.deciding.first().map_or("policy", |s| match s.policy {
                "SCP" => "service control policy",
                other => other,
            });
            format!("with an explicit deny in a {group}")
        }
        (_, Some("SCPs")) => format!(
            "because no service control policy allows the {} action",
            check.action
        ),
        (_, Some("permissions boundary")) => format!(
            "because no permissions boundary allows the {} action",
            check.action
        ),
        _ => format!(
            "because no identity-based policy allows the {} action",
            check.action
        ),
    };
    format!(
        "UnauthorizedOperation: You are not authorized to perform this operation. User: {} is not authorized to perform: {} on resource: {} {why}. Encoded authorization failure message: … (decode it with aws sts decode-authorization-message)",
        check.principal, check.action, check.resource
    )
}

/// The verdict once validation has passed.
#[must_use]
pub fn verdict(
    authorization: &[Check],
    kms: &[Check],
    problems: &[KeyProblem],
    volumes: &[PlannedVolume],
    auto_scaling: bool,
) -> Verdict {
    let denied: Vec<&Check> = authorization.iter().filter(|c| !c.allowed()).collect();
    if let Some(first) = denied.first() {
        return Verdict::Rejected {
            message: "the RunInstances call fails at once; nothing is launched".to_string(),
            error: unauthorized(first),
            causes: denied
                .iter()
                .map(|c| {
                    format!(
                        "step {}: {} on {} ({}): {}",
                        c.step, c.action, c.resource, c.about, c.reason
                    )
                })
                .collect(),
        };
    }
    let kms_denied: Vec<&Check> = kms.iter().filter(|c| !c.allowed()).collect();
    if !problems.is_empty() || !kms_denied.is_empty() {
        let mut causes: Vec<String> = problems
            .iter()
            .map(|p| format!("{} (for {}): {}", p.key, p.volumes.join(", "), p.reason))
            .collect();
        causes.extend(merged_denials(&kms_denied));
        let (code, text) = if problems.is_empty() {
            (
                "Client.InternalError",
                "Client.InternalError: Client error on launch",
            )
        } else {
            (
                "Client.InvalidKMSKey.InvalidState",
                "Client.InvalidKMSKey.InvalidState: The KMS key provided is in an incorrect state",
            )
        };
        let unusable = problems.iter().any(|p| p.state.is_none());
        let mut message = if auto_scaling {
            format!(
                "Auto Scaling launches the instance, which goes from pending to terminated; the scaling activity fails with {code}"
            )
        } else {
            format!(
                "RunInstances succeeds and returns an instance ID; the instance goes from pending to terminated with the state reason {code}"
            )
        };
        if unusable {
            message.push_str(
                " (AWS documents this state reason for keys in the wrong state; for a key it cannot find or use, the reason it gives is not documented)",
            );
        }
        return Verdict::Terminates {
            message,
            state_reason_code: code.to_string(),
            state_reason_message: text.to_string(),
            causes,
        };
    }
    let unencrypted: Vec<String> = volumes
        .iter()
        .filter(|v| v.decision.outcome == Outcome::Unencrypted)
        .map(PlannedVolume::label)
        .collect();
    let encrypted: Vec<String> = volumes
        .iter()
        .filter_map(|v| {
            v.key
                .as_ref()
                .map(|k| format!("{} with {}", v.label(), k.display()))
        })
        .collect();
    let mut message = String::from("the launch succeeds");
    if !encrypted.is_empty() {
        message.push_str(&format!("; encrypted: {}", encrypted.join("; ")));
    }
    if !unencrypted.is_empty() {
        message.push_str(&format!("; NOT encrypted: {}", unencrypted.join(", ")));
    }
    Verdict::Succeeds {
        message,
        unencrypted_volumes: unencrypted,
    }
}

fn decision_text(d: Decision) -> &'static str {
    match d {
        Decision::Allowed => "allowed",
        Decision::ExplicitDeny => "DENIED (explicit deny)",
        Decision::ImplicitDeny => "DENIED",
    }
}

fn write_check(s: &mut String, c: &Check) {
    let _ = writeln!(
        s,
        "  {:>2}. {:<8} {} on {}",
        c.step,
        if c.allowed() { "allowed" } else { "DENIED" },
        c.action,
        c.resource
    );
    let _ = writeln!(s, "        for: {}", c.about);
    if let Some(p) = &c.purpose {
        let _ = writeln!(s, "        why: {p}");
    }
    let _ = writeln!(s, "        as: {}", c.principal);
    if !c.context.is_empty() {
        let ctx: Vec<String> = c
            .context
            .iter()
            .map(|e| format!("{}={}", e.name, e.values.join("|")))
            .collect();
        let _ = writeln!(s, "        context: {}", ctx.join(", "));
    }
    if c.allowed() {
        let _ = writeln!(s, "        {}", c.reason);
    } else {
        let _ = writeln!(s, "        {}: {}", decision_text(c.decision), c.reason);
    }
    for n in &c.near_misses {
        let _ = writeln!(s, "        near miss: {n}");
    }
    for d in &c.deciding {
        let _ = writeln!(
            s,
            "        by {} {} ({}, {})",
            d.location, d.statement, d.policy, d.effect
        );
    }
    if !c.missing_context_keys.is_empty() {
        let _ = writeln!(
            s,
            "        keys the policies test that the request lacks: {}",
            c.missing_context_keys.join(", ")
        );
    }
    for n in &c.notes {
        let _ = writeln!(s, "        note: {n}");
    }
    if let Some(f) = &c.fix {
        let _ = writeln!(s, "        to fix: {f}");
    }
}

fn write_volume(s: &mut String, i: usize, v: &PlannedVolume) {
    let mut what = Vec::new();
    if let Some(t) = &v.volume_type {
        what.push(t.clone());
    }
    if let Some(n) = v.size_gib {
        what.push(format!("{n} GiB"));
    }
    what.push(match &v.snapshot_id {
        Some(id) => format!("from snapshot {id}"),
        None => "new".to_string(),
    });
    let _ = writeln!(
        s,
        "  {}. {} at {}: {}",
        i + 1,
        v.label(),
        v.location,
        what.join(", ")
    );
    let outcome = match (&v.decision.outcome, &v.key) {
        (Outcome::Encrypted { reencrypted, .. }, Some(k)) => format!(
            "encrypted\n     key: {} ({}){}",
            k.display(),
            k.origin,
            if *reencrypted {
                v.snapshot_key
                    .as_ref()
                    .map(|s| {
                        format!(
                            "\n     re-encrypted from the snapshot's key: {}",
                            s.display()
                        )
                    })
                    .unwrap_or_default()
            } else {
                String::new()
            }
        ),
        (Outcome::Unencrypted, _) => "NOT encrypted".to_string(),
        (Outcome::RequestError, _) => "refused: KmsKeyId without Encrypted: true".to_string(),
        _ => "encrypted only if its snapshot is".to_string(),
    };
    let _ = writeln!(s, "     {outcome}");
    let _ = writeln!(s, "     decided by: {}", v.decision.rule);
}

/// The human trace.
#[must_use]
pub fn render_human(sim: &Simulation) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Simulated launch of {} ({}) in {} by {}",
        sim.request, sim.surface, sim.region, sim.principal
    );
    let _ = writeln!(
        s,
        "  encryption by default: {}; default EBS key: {}",
        if sim.encryption_by_default {
            "on"
        } else {
            "off"
        },
        sim.default_kms_key
    );
    let _ = writeln!(s, "  KMS requests are made as: {}", sim.kms_caller);

    let _ = writeln!(s, "\nChecks on the request itself");
    if sim.validation.is_empty() {
        let _ = writeln!(s, "  none fail");
    }
    for f in &sim.validation {
        let _ = writeln!(
            s,
            "  {} {}[{}] {}{}",
            f.location,
            f.severity,
            f.code,
            f.message,
            if f.rejects {
                " (refuses the request)"
            } else {
                ""
            }
        );
        if let Some(h) = &f.help {
            let _ = writeln!(s, "      {h}");
        }
    }

    let refused = matches!(sim.verdict, Verdict::Rejected { .. }) && sim.authorization.is_empty();
    let _ = writeln!(
        s,
        "\nVolumes{}",
        if refused {
            " (as EC2 would read the fields it knows; none is created: the request is refused)"
        } else {
            ""
        }
    );
    if sim.volumes.is_empty() {
        let _ = writeln!(s, "  none");
    }
    for (i, v) in sim.volumes.iter().enumerate() {
        write_volume(&mut s, i, v);
    }

    let _ = writeln!(
        s,
        "\nAuthorization of the call (ec2:RunInstances on each resource, then ec2:CreateTags, iam:PassRole)"
    );
    if sim.authorization.is_empty() {
        let _ = writeln!(s, "  not reached");
    }
    for c in &sim.authorization {
        write_check(&mut s, c);
    }

    let _ = writeln!(s, "\nKMS requests EC2 makes as {}", sim.kms_caller);
    if sim.kms.is_empty() && sim.key_problems.is_empty() {
        let _ = writeln!(
            s,
            "  {}",
            if sim.authorization.is_empty() || sim.authorization.iter().any(|c| !c.allowed()) {
                "not reached"
            } else {
                "none: no volume is encrypted"
            }
        );
    }
    for p in &sim.key_problems {
        let _ = writeln!(
            s,
            "  key {} (for {}): cannot be used: {}",
            p.key,
            p.volumes.join(", "),
            p.reason
        );
    }
    for c in &sim.kms {
        write_check(&mut s, c);
    }

    if !sim.notes.is_empty() {
        let _ = writeln!(s, "\nNotes");
        for n in &sim.notes {
            let _ = writeln!(s, "  {n}");
        }
    }

    let _ = writeln!(s, "\nVerdict");
    match &sim.verdict {
        Verdict::Succeeds { message, .. } => {
            let _ = writeln!(s, "  {message}");
        }
        Verdict::Rejected {
            message,
            error,
            causes,
        } => {
            let _ = writeln!(s, "  {message}");
            let _ = writeln!(s, "  error: {error}");
            for c in causes {
                let _ = writeln!(s, "  cause: {c}");
            }
        }
        Verdict::Terminates {
            message,
            state_reason_code,
            state_reason_message,
            causes,
        } => {
            let _ = writeln!(s, "  {message}");
            let _ = writeln!(
                s,
                "  state reason: {{\"Code\": \"{state_reason_code}\", \"Message\": \"{state_reason_message}\"}}"
            );
            for c in causes {
                let _ = writeln!(s, "  cause: {c}");
            }
        }
    }
    s
}

/// One cause per key, principal and reason: the actions denied together.
fn merged_denials(denied: &[&Check]) -> Vec<String> {
    let mut groups: Vec<(Vec<&Check>, String)> = Vec::new();
    for c in denied {
        let template = c.fix_template.clone().unwrap_or_default();
        match groups.iter_mut().find(|(g, t)| {
            g.first().is_some_and(|f| {
                f.resource == c.resource && f.principal == c.principal && f.reason == c.reason
            }) && *t == template
        }) {
            Some((g, _)) => g.push(c),
            None => groups.push((vec![c], template)),
        }
    }
    groups
        .iter()
        .filter_map(|(g, template)| {
            let first = g.first()?;
            let actions: Vec<&str> = g.iter().map(|c| c.action.as_str()).collect();
            let steps: Vec<String> = g.iter().map(|c| c.step.to_string()).collect();
            let fix = if template.is_empty() {
                String::new()
            } else {
                format!(
                    ". To fix: {}",
                    template.replace("{action}", &actions.join(", "))
                )
            };
            let near = first
                .near_misses
                .first()
                .map(|n| format!(" (near miss: {n})"))
                .unwrap_or_default();
            Some(format!(
                "{} on {} {} denied to {} (step{} {}): {}{near}{fix}",
                actions.join(", "),
                first.resource,
                if actions.len() > 1 { "are" } else { "is" },
                first.principal,
                if steps.len() > 1 { "s" } else { "" },
                steps.join(", "),
                first.reason
            ))
        })
        .collect()
}
