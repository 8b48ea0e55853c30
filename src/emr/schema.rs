//! The shape of an EMR security configuration, as the EMR Management Guide
//! documents it ("Use a security configuration to set up cluster security",
//! the JSON reference of `create-security-configuration`), and a walk that
//! reports where a document departs from it.
//!
//! Objects whose members AWS keeps extending in newer releases
//! (`AuthorizationConfiguration` gained Lake Formation, IAM Identity Center and
//! application-scoped IAM settings) are *open*: an unknown member there is only
//! a likely mistake when it is close to a known name.

use super::{Surface, is_deploy_time, key};
use crate::parse::{Member, Node, PathSeg, Value};
use crate::suggest::did_you_mean;

/// What a value must look like.
#[derive(Debug)]
pub enum Shape {
    Object {
        /// Name shown in messages (`S3EncryptionConfiguration`).
        name: &'static str,
        fields: &'static [(&'static str, &'static Shape)],
        open: bool,
    },
    List(&'static Shape),
    Bool,
    /// A whole number in `min..=max`.
    Int {
        min: i64,
        max: i64,
    },
    Str,
    /// One of these strings, exactly.
    Enum(&'static [&'static str]),
    /// Checked by a dedicated rule (or free-form).
    Any,
}

static STR: Shape = Shape::Str;
static BOOL: Shape = Shape::Bool;
static ANY: Shape = Shape::Any;

static TLS_CERTIFICATE: Shape = Shape::Object {
    name: "TLSCertificateConfiguration",
    open: false,
    fields: &[
        ("CertificateProviderType", &Shape::Enum(&["PEM", "Custom"])),
        ("S3Object", &STR),
        ("CertificateProviderClass", &STR),
    ],
};

static IN_TRANSIT: Shape = Shape::Object {
    name: "InTransitEncryptionConfiguration",
    open: true,
    fields: &[("TLSCertificateConfiguration", &TLS_CERTIFICATE)],
};

/// The S3 encryption modes of EMRFS.
pub const ENCRYPTION_MODES: &[&str] = &["SSE-S3", "SSE-KMS", "CSE-KMS", "CSE-Custom"];

static ENCRYPTION_MODE: Shape = Shape::Enum(ENCRYPTION_MODES);

static S3_OVERRIDE: Shape = Shape::Object {
    name: "an S3 encryption override",
    open: false,
    fields: &[
        ("BucketName", &STR),
        ("EncryptionMode", &ENCRYPTION_MODE),
        ("AwsKmsKey", &STR),
        ("S3Object", &STR),
        ("EncryptionKeyProviderClass", &STR),
    ],
};

static S3_ENCRYPTION: Shape = Shape::Object {
    name: "S3EncryptionConfiguration",
    open: false,
    fields: &[
        ("EncryptionMode", &ENCRYPTION_MODE),
        ("AwsKmsKey", &STR),
        ("S3Object", &STR),
        ("EncryptionKeyProviderClass", &STR),
        ("Overrides", &Shape::List(&S3_OVERRIDE)),
    ],
};

static LOCAL_DISK: Shape = Shape::Object {
    name: "LocalDiskEncryptionConfiguration",
    open: false,
    fields: &[
        (
            "EncryptionKeyProviderType",
            &Shape::Enum(&["AwsKms", "Custom"]),
        ),
        ("AwsKmsKey", &STR),
        ("EnableEbsEncryption", &BOOL),
        ("S3Object", &STR),
        ("EncryptionKeyProviderClass", &STR),
    ],
};

static AT_REST: Shape = Shape::Object {
    name: "AtRestEncryptionConfiguration",
    open: false,
    fields: &[
        ("S3EncryptionConfiguration", &S3_ENCRYPTION),
        ("LocalDiskEncryptionConfiguration", &LOCAL_DISK),
    ],
};

static ENCRYPTION: Shape = Shape::Object {
    name: "EncryptionConfiguration",
    open: true,
    fields: &[
        ("EnableInTransitEncryption", &BOOL),
        ("EnableAtRestEncryption", &BOOL),
        ("InTransitEncryptionConfiguration", &IN_TRANSIT),
        ("AtRestEncryptionConfiguration", &AT_REST),
    ],
};

static CROSS_REALM: Shape = Shape::Object {
    name: "CrossRealmTrustConfiguration",
    open: false,
    fields: &[
        ("Realm", &STR),
        ("Domain", &STR),
        ("AdminServer", &STR),
        ("KdcServer", &STR),
    ],
};

static DEDICATED_KDC: Shape = Shape::Object {
    name: "ClusterDedicatedKdcConfiguration",
    open: false,
    fields: &[
        (
            "TicketLifetimeInHours",
            &Shape::Int {
                min: 1,
                max: i64::MAX,
            },
        ),
        ("CrossRealmTrustConfiguration", &CROSS_REALM),
    ],
};

static AD_INTEGRATION: Shape = Shape::Object {
    name: "AdIntegrationConfiguration",
    open: true,
    fields: &[("AdRealm", &STR), ("AdDomain", &STR)],
};

static EXTERNAL_KDC: Shape = Shape::Object {
    name: "ExternalKdcConfiguration",
    open: true,
    fields: &[
        ("KdcServerType", &Shape::Enum(&["Single"])),
        ("AdminServer", &STR),
        ("KdcServer", &STR),
        ("AdIntegrationConfiguration", &AD_INTEGRATION),
    ],
};

static KERBEROS: Shape = Shape::Object {
    name: "KerberosConfiguration",
    open: false,
    fields: &[
        (
            "Provider",
            &Shape::Enum(&["ClusterDedicatedKdc", "ExternalKdc"]),
        ),
        ("ClusterDedicatedKdcConfiguration", &DEDICATED_KDC),
        ("ExternalKdcConfiguration", &EXTERNAL_KDC),
    ],
};

static AUTHENTICATION: Shape = Shape::Object {
    name: "AuthenticationConfiguration",
    open: true,
    fields: &[
        ("KerberosConfiguration", &KERBEROS),
        ("IdentityCenterConfiguration", &ANY),
    ],
};

/// A role mapping's values are checked by dedicated rules (identifier type,
/// role ARN, identifiers), so they are `Any` here.
static ROLE_MAPPING: Shape = Shape::Object {
    name: "a role mapping",
    open: false,
    fields: &[
        ("Role", &ANY),
        ("IdentifierType", &ANY),
        ("Identifiers", &ANY),
    ],
};

static EMRFS: Shape = Shape::Object {
    name: "EmrFsConfiguration",
    open: false,
    fields: &[("RoleMappings", &Shape::List(&ROLE_MAPPING))],
};

static AUTHORIZATION: Shape = Shape::Object {
    name: "AuthorizationConfiguration",
    open: true,
    fields: &[
        ("EmrFsConfiguration", &EMRFS),
        ("LakeFormationConfiguration", &ANY),
        ("IAMConfiguration", &ANY),
    ],
};

static IMDS: Shape = Shape::Object {
    name: "InstanceMetadataServiceConfiguration",
    open: false,
    fields: &[
        (
            "MinimumInstanceMetadataServiceVersion",
            &Shape::Int { min: 1, max: 2 },
        ),
        ("HttpPutResponseHopLimit", &Shape::Int { min: 1, max: 64 }),
    ],
};

/// The whole security configuration document.
pub static SECURITY_CONFIGURATION: Shape = Shape::Object {
    name: "the security configuration",
    open: true,
    fields: &[
        ("EncryptionConfiguration", &ENCRYPTION),
        ("AuthenticationConfiguration", &AUTHENTICATION),
        ("AuthorizationConfiguration", &AUTHORIZATION),
        ("InstanceMetadataServiceConfiguration", &IMDS),
    ],
};

/// Where a document departs from its shape.
#[derive(Debug)]
pub enum Departure<'a> {
    /// A member the object does not have.
    UnknownField {
        member: &'a Member,
        /// The object's name in messages.
        object: &'static str,
        /// A known field of the same object that is probably what was meant.
        suggestion: Option<&'static str>,
        /// Where the field belongs when it is a field of another object.
        belongs_under: Option<String>,
        /// The object is open: newer EMR releases may add members.
        open: bool,
        path: Vec<PathSeg>,
    },
    /// A value of the wrong JSON type.
    WrongType {
        node: &'a Node,
        field: String,
        expected: &'static str,
        path: Vec<PathSeg>,
    },
    /// A string that is not one of the allowed values.
    NotAllowed {
        node: &'a Node,
        field: String,
        allowed: &'static [&'static str],
        suggestion: Option<&'static str>,
        path: Vec<PathSeg>,
    },
    /// A number out of its range.
    OutOfRange {
        node: &'a Node,
        field: String,
        min: i64,
        max: i64,
        path: Vec<PathSeg>,
    },
}

/// Walks `node` against `shape` and returns every departure, in document order.
#[must_use]
pub fn check<'a>(node: &'a Node, shape: &'static Shape, surface: Surface) -> Vec<Departure<'a>> {
    let mut out = Vec::new();
    let mut stack: Vec<(&'a Node, &'static Shape, Vec<PathSeg>, String)> =
        vec![(node, shape, Vec::new(), String::new())];
    while let Some((node, shape, path, field)) = stack.pop() {
        if is_deploy_time(node, surface) {
            continue;
        }
        let mut children = Vec::new();
        check_one(node, shape, &path, &field, &mut out, &mut children);
        stack.extend(children.into_iter().rev());
    }
    out.sort_by_key(|d| match d {
        Departure::UnknownField { member, .. } => member.key_span.start,
        Departure::WrongType { node, .. }
        | Departure::NotAllowed { node, .. }
        | Departure::OutOfRange { node, .. } => node.span.start,
    });
    out
}

type Child<'a> = (&'a Node, &'static Shape, Vec<PathSeg>, String);

fn check_one<'a>(
    node: &'a Node,
    shape: &'static Shape,
    path: &[PathSeg],
    field: &str,
    out: &mut Vec<Departure<'a>>,
    children: &mut Vec<Child<'a>>,
) {
    let wrong = |expected: &'static str| Departure::WrongType {
        node,
        field: field.to_string(),
        expected,
        path: path.to_vec(),
    };
    match shape {
        Shape::Any => {}
        Shape::Object { name, fields, open } => {
            let Value::Object(members) = &node.value else {
                out.push(wrong("an object"));
                return;
            };
            for m in members {
                let mut p = path.to_vec();
                p.push(key(&m.key));
                match fields.iter().find(|(k, _)| *k == m.key) {
                    Some((_, child)) => children.push((&m.value, child, p, m.key.clone())),
                    None => out.push(Departure::UnknownField {
                        member: m,
                        object: name,
                        suggestion: did_you_mean(&m.key, fields.iter().map(|(k, _)| *k)),
                        belongs_under: home_of(&m.key),
                        open: *open,
                        path: p,
                    }),
                }
            }
        }
        Shape::List(item) => {
            let Value::Array(items) = &node.value else {
                out.push(wrong("a list"));
                return;
            };
            for (i, it) in items.iter().enumerate() {
                let mut p = path.to_vec();
                p.push(PathSeg::Index(i));
                children.push((it, item, p, format!("{field}[{i}]")));
            }
        }
        Shape::Bool => {
            if node.as_bool().is_none() {
                out.push(wrong("true or false"));
            }
        }
        Shape::Int { min, max } => match &node.value {
            Value::Number(_) => match node.as_i64() {
                Some(n) if (*min..=*max).contains(&n) => {}
                _ => out.push(Departure::OutOfRange {
                    node,
                    field: field.to_string(),
                    min: *min,
                    max: *max,
                    path: path.to_vec(),
                }),
            },
            _ => out.push(wrong("a whole number")),
        },
        Shape::Str => {
            if node.as_str().is_none() {
                out.push(wrong("a string"));
            }
        }
        Shape::Enum(allowed) => match node.as_str() {
            Some(s) if allowed.contains(&s) => {}
            Some(s) => out.push(Departure::NotAllowed {
                node,
                field: field.to_string(),
                allowed,
                suggestion: did_you_mean(s, allowed.iter().copied()),
                path: path.to_vec(),
            }),
            None => out.push(wrong("a string")),
        },
    }
}

/// The dotted path of the object that has a field named `name`, when exactly
/// one object of the security configuration does (`RoleMappings` →
/// `AuthorizationConfiguration.EmrFsConfiguration`).
#[must_use]
pub fn home_of(name: &str) -> Option<String> {
    let mut homes = Vec::new();
    let mut stack: Vec<(&'static Shape, String)> = vec![(&SECURITY_CONFIGURATION, String::new())];
    while let Some((shape, at)) = stack.pop() {
        let fields = match shape {
            Shape::Object { fields, .. } => *fields,
            Shape::List(Shape::Object { fields, .. }) => *fields,
            _ => continue,
        };
        for (k, child) in fields {
            let here = if at.is_empty() {
                (*k).to_string()
            } else {
                format!("{at}.{k}")
            };
            if *k == name {
                homes.push(if at.is_empty() {
                    "the top level".to_string()
                } else {
                    at.clone()
                });
            }
            stack.push((child, here));
        }
    }
    homes.sort();
    homes.dedup();
    match homes.as_slice() {
        [only] => Some(only.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Limits, json::parse_json};

    fn departures(text: &str) -> Vec<String> {
        let root = parse_json(text, &Limits::default())
            .root
            .unwrap_or_default();
        check(&root, &SECURITY_CONFIGURATION, Surface::Api)
            .iter()
            .map(|d| match d {
                Departure::UnknownField {
                    member,
                    suggestion,
                    belongs_under,
                    ..
                } => format!("unknown {} {suggestion:?} {belongs_under:?}", member.key),
                Departure::WrongType {
                    field, expected, ..
                } => format!("type {field} {expected}"),
                Departure::NotAllowed {
                    field, suggestion, ..
                } => format!("value {field} {suggestion:?}"),
                Departure::OutOfRange { field, .. } => format!("range {field}"),
            })
            .collect()
    }

    #[test]
    fn reports_misspellings_types_values_and_ranges() {
        let d = departures(
            r#"{"EncryptionConfiguration": {"EnableAtRestEncryption": "true",
                "AtRestEncryptionConfiguration": {"S3EncryptionConfiguration": {"EncryptionMode": "SSE-KMs", "AwsKmsKeyId": "x"}}},
               "InstanceMetadataServiceConfiguration": {"HttpPutResponseHopLimit": 65},
               "RoleMappings": []}"#,
        );
        assert_eq!(
            d,
            vec![
                "type EnableAtRestEncryption true or false",
                "value EncryptionMode Some(\"SSE-KMS\")",
                "unknown AwsKmsKeyId Some(\"AwsKmsKey\") None",
                "range HttpPutResponseHopLimit",
                "unknown RoleMappings None Some(\"AuthorizationConfiguration.EmrFsConfiguration\")",
            ]
        );
    }

    #[test]
    fn fields_with_several_homes_have_none() {
        assert_eq!(home_of("AwsKmsKey"), None);
        assert_eq!(
            home_of("TLSCertificateConfiguration").as_deref(),
            Some("EncryptionConfiguration.InTransitEncryptionConfiguration")
        );
    }
}
