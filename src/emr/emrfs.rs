//! EMRFS role-mapping semantics, as the EMR Management Guide states them:
//! mappings are evaluated top-down and the first one that matches decides the
//! role ("If a role mapping evaluates as true … no further role mappings are
//! evaluated"); a request that matches no mapping uses the cluster's EC2
//! instance role. `User` and `Group` identifiers are Hadoop user and group
//! names; `Prefix` identifiers are S3 locations "of any depth".
//!
//! The guide does not say whether a prefix matches as text or at `/`
//! boundaries (`s3://lake` vs `s3://lake-archive/x`). Where the answer would
//! differ, this module says so instead of guessing: order findings are only
//! made when both readings agree, and resolution reports a text-only match.

use super::security_configuration::RoleMapping;

/// The `IdentifierType` of a role mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum IdentifierType {
    User,
    Group,
    Prefix,
}

impl IdentifierType {
    /// The spellings EMR accepts (exactly; the documentation shows no other).
    pub const NAMES: &'static [&'static str] = &["User", "Group", "Prefix"];

    #[must_use]
    pub fn parse(s: &str) -> Option<IdentifierType> {
        match s {
            "User" => Some(IdentifierType::User),
            "Group" => Some(IdentifierType::Group),
            "Prefix" => Some(IdentifierType::Prefix),
            _ => None,
        }
    }

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            IdentifierType::User => "User",
            IdentifierType::Group => "Group",
            IdentifierType::Prefix => "Prefix",
        }
    }
}

/// How an S3 path relates to a prefix identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrefixMatch {
    No,
    /// The path is the prefix or lies below it at a `/` boundary: a match
    /// however EMRFS compares.
    Yes,
    /// The path starts with the prefix's text but continues a path segment
    /// (`s3://lake` and `s3://lake-archive/x`): a match only if EMRFS compares
    /// plain text.
    TextOnly,
}

/// Whether `path` falls under the prefix identifier `prefix`.
#[must_use]
pub fn prefix_match(prefix: &str, path: &str) -> PrefixMatch {
    let Some(rest) = path.strip_prefix(prefix) else {
        return PrefixMatch::No;
    };
    if rest.is_empty() || prefix.ends_with('/') || rest.starts_with('/') {
        PrefixMatch::Yes
    } else {
        PrefixMatch::TextOnly
    }
}

/// Whether every path under `inner` is also under `outer` however EMRFS
/// compares prefixes: `s3://lake/pii/` is within `s3://lake/` and within
/// `s3://lake`, but `s3://lake-archive/` is not within `s3://lake`.
#[must_use]
pub fn prefix_within(inner: &str, outer: &str) -> bool {
    prefix_match(outer, inner) == PrefixMatch::Yes
}

/// Who asks and for what.
#[derive(Debug, Clone)]
pub struct Request<'r> {
    pub user: &'r str,
    pub groups: &'r [String],
    /// An `s3://bucket/key` path.
    pub path: &'r str,
}

/// What happened at one mapping while resolving a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The mapping matched through its identifier at `identifier` (an index
    /// into `Identifiers`); `text_only` for a prefix that matched only as text.
    Matched { identifier: usize, text_only: bool },
    /// No identifier matched.
    NoMatch,
    /// The mapping's `IdentifierType` is not one EMR knows: EMR rejects the
    /// configuration, so resolution passes over it.
    InvalidType,
}

/// The outcome of resolving a request against role mappings.
#[derive(Debug, Clone)]
pub struct Resolution {
    /// One step per mapping evaluated, in order, with the mapping's index;
    /// evaluation stops at the first match.
    pub steps: Vec<(usize, Step)>,
    /// The index of the mapping whose role is used; `None` means the request
    /// falls back to the cluster's EC2 instance role.
    pub mapping: Option<usize>,
}

/// Resolves `request` against `mappings`, first match wins.
#[must_use]
pub fn resolve(mappings: &[RoleMapping<'_>], request: &Request<'_>) -> Resolution {
    let mut steps = Vec::new();
    for m in mappings {
        let step = match m.kind {
            None => Step::InvalidType,
            Some(kind) => match_mapping(m, kind, request),
        };
        let matched = matches!(step, Step::Matched { .. });
        steps.push((m.index, step));
        if matched {
            return Resolution {
                steps,
                mapping: Some(m.index),
            };
        }
    }
    Resolution {
        steps,
        mapping: None,
    }
}

fn match_mapping(m: &RoleMapping<'_>, kind: IdentifierType, request: &Request<'_>) -> Step {
    for id in &m.ids {
        let hit = match kind {
            IdentifierType::User => (id.value == request.user).then_some(false),
            IdentifierType::Group => request
                .groups
                .iter()
                .any(|g| g == id.value)
                .then_some(false),
            IdentifierType::Prefix => match prefix_match(id.value, request.path) {
                PrefixMatch::No => None,
                PrefixMatch::Yes => Some(false),
                PrefixMatch::TextOnly => Some(true),
            },
        };
        if let Some(text_only) = hit {
            return Step::Matched {
                identifier: id.index,
                text_only,
            };
        }
    }
    Step::NoMatch
}

/// An identifier that an earlier identifier always pre-empts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shadow {
    /// The unreachable identifier: mapping index, identifier index.
    pub mapping: usize,
    pub identifier: usize,
    /// The earlier identifier that takes every request it would match.
    pub by_mapping: usize,
    pub by_identifier: usize,
}

/// Every identifier that can never decide a request because an earlier one
/// (in an earlier mapping, or earlier in the same mapping) of the same type
/// matches everything it matches: the same user or group again, or a prefix
/// within an earlier prefix.
#[must_use]
pub fn shadows(mappings: &[RoleMapping<'_>]) -> Vec<Shadow> {
    let mut out = Vec::new();
    for (mi, m) in mappings.iter().enumerate() {
        let Some(kind) = m.kind else { continue };
        for id in &m.ids {
            let earlier = mappings
                .iter()
                .take(mi + 1)
                .filter(|e| e.kind == Some(kind))
                .flat_map(|e| e.ids.iter().map(move |eid| (e.index, eid)))
                .filter(|(ei, eid)| *ei < m.index || eid.index < id.index)
                .find(|(_, eid)| match kind {
                    IdentifierType::User | IdentifierType::Group => eid.value == id.value,
                    IdentifierType::Prefix => prefix_within(id.value, eid.value),
                });
            if let Some((ei, eid)) = earlier {
                out.push(Shadow {
                    mapping: m.index,
                    identifier: id.index,
                    by_mapping: ei,
                    by_identifier: eid.index,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emr::{SecurityConfiguration, Surface};
    use crate::parse::{Limits, json::parse_json};

    fn with_mappings(json: &str, f: impl FnOnce(&[RoleMapping<'_>])) {
        let text = format!(
            r#"{{"AuthorizationConfiguration": {{"EmrFsConfiguration": {{"RoleMappings": {json}}}}}}}"#
        );
        let root = parse_json(&text, &Limits::default())
            .root
            .unwrap_or_default();
        let sc = SecurityConfiguration::new(&root, Surface::Api, "$");
        f(&sc.role_mappings);
    }

    #[test]
    fn prefixes_match_at_boundaries_or_as_text() {
        assert_eq!(
            prefix_match("s3://lake/", "s3://lake/pii/x"),
            PrefixMatch::Yes
        );
        assert_eq!(
            prefix_match("s3://lake", "s3://lake/pii/x"),
            PrefixMatch::Yes
        );
        assert_eq!(prefix_match("s3://lake", "s3://lake"), PrefixMatch::Yes);
        assert_eq!(
            prefix_match("s3://lake", "s3://lake-archive/x"),
            PrefixMatch::TextOnly
        );
        assert_eq!(prefix_match("s3://lake/", "s3://other/x"), PrefixMatch::No);
        assert!(prefix_within("s3://lake/pii/", "s3://lake/"));
        assert!(!prefix_within("s3://lake-archive/", "s3://lake"));
        assert!(!prefix_within("s3://lake/", "s3://lake/pii/"));
    }

    #[test]
    fn first_match_wins_and_no_match_falls_back() {
        with_mappings(
            r#"[{"Role": "arn:aws:iam::111122223333:role/a", "IdentifierType": "User", "Identifiers": ["admin1"]},
                {"Role": "arn:aws:iam::111122223333:role/b", "IdentifierType": "Group", "Identifiers": ["eng"]},
                {"Role": "arn:aws:iam::111122223333:role/c", "IdentifierType": "Prefix", "Identifiers": ["s3://shared/"]}]"#,
            |m| {
                let groups = vec!["eng".to_string()];
                let r = resolve(
                    m,
                    &Request {
                        user: "admin1",
                        groups: &groups,
                        path: "s3://shared/x",
                    },
                );
                assert_eq!(r.mapping, Some(0));
                assert_eq!(r.steps.len(), 1);
                let r = resolve(
                    m,
                    &Request {
                        user: "bob",
                        groups: &groups,
                        path: "s3://shared/x",
                    },
                );
                assert_eq!(r.mapping, Some(1));
                let r = resolve(
                    m,
                    &Request {
                        user: "bob",
                        groups: &[],
                        path: "s3://shared/x",
                    },
                );
                assert_eq!(r.mapping, Some(2));
                let r = resolve(
                    m,
                    &Request {
                        user: "bob",
                        groups: &[],
                        path: "s3://other/x",
                    },
                );
                assert_eq!(r.mapping, None);
                assert_eq!(r.steps.len(), 3);
            },
        );
    }

    #[test]
    fn finds_shadowed_identifiers() {
        with_mappings(
            r#"[{"Role": "arn:aws:iam::111122223333:role/a", "IdentifierType": "Prefix", "Identifiers": ["s3://lake/"]},
                {"Role": "arn:aws:iam::111122223333:role/b", "IdentifierType": "Prefix", "Identifiers": ["s3://lake/pii/", "s3://lake-2/"]},
                {"Role": "arn:aws:iam::111122223333:role/c", "IdentifierType": "User", "Identifiers": ["a", "b", "a"]},
                {"Role": "arn:aws:iam::111122223333:role/d", "IdentifierType": "Group", "Identifiers": ["a"]},
                {"Role": "arn:aws:iam::111122223333:role/e", "IdentifierType": "User", "Identifiers": ["b"]}]"#,
            |m| {
                let s: Vec<(usize, usize, usize, usize)> = shadows(m)
                    .iter()
                    .map(|s| (s.mapping, s.identifier, s.by_mapping, s.by_identifier))
                    .collect();
                assert_eq!(s, vec![(1, 0, 0, 0), (2, 2, 2, 0), (4, 0, 2, 1)]);
            },
        );
    }
}
