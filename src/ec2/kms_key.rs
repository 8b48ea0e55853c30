//! KMS key identifiers as EBS takes them (`KmsKeyId`): a key ID, a key ARN,
//! an alias name or an alias ARN — parsed, or rejected with the reason.
//!
//! Source: the `KmsKeyId` member documentation of the EC2 API (CreateVolume,
//! EbsBlockDevice) and the KMS API's `KeyId` parameter
//! (<https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html>),
//! alias names (<https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html>:
//! `alias/` then letters, digits, `/`, `_`, `-`, at most 256 characters).

use crate::iam::eval::Arn;

/// A parsed `KmsKeyId`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyRef {
    /// `1234abcd-12ab-34cd-56ef-1234567890ab` or `mrk-…`: a key of the caller's account and region.
    KeyId(String),
    KeyArn(KmsArn),
    /// `alias/name`: resolved in the caller's account and region.
    AliasName(String),
    AliasArn(KmsArn),
}

/// `arn:PARTITION:kms:REGION:ACCOUNT:key/ID` or `…:alias/NAME`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KmsArn {
    pub partition: String,
    pub region: String,
    pub account: String,
    /// The key ID, or the alias name with its `alias/` prefix.
    pub resource: String,
}

/// The AWS managed key for EBS.
pub const AWS_EBS_ALIAS: &str = "alias/aws/ebs";

impl KeyRef {
    /// The alias name (`alias/…`) when the reference is an alias.
    #[must_use]
    pub fn alias(&self) -> Option<&str> {
        match self {
            KeyRef::AliasName(a) => Some(a),
            KeyRef::AliasArn(arn) => Some(&arn.resource),
            _ => None,
        }
    }

    /// `alias/aws/ebs` or its alias ARN: the AWS managed key for EBS.
    #[must_use]
    pub fn is_aws_managed_ebs(&self) -> bool {
        self.alias() == Some(AWS_EBS_ALIAS)
    }

    /// The AWS managed key of another service (`alias/aws/s3` …).
    #[must_use]
    pub fn aws_managed_other_service(&self) -> Option<&str> {
        let alias = self.alias()?;
        let service = alias.strip_prefix("alias/aws/")?;
        (service != "ebs").then_some(service)
    }

    /// The account the reference names, when it is an ARN.
    #[must_use]
    pub fn account(&self) -> Option<&str> {
        match self {
            KeyRef::KeyArn(a) | KeyRef::AliasArn(a) => Some(&a.account),
            _ => None,
        }
    }

    /// The region the reference names, when it is an ARN.
    #[must_use]
    pub fn region(&self) -> Option<&str> {
        match self {
            KeyRef::KeyArn(a) | KeyRef::AliasArn(a) => Some(&a.region),
            _ => None,
        }
    }
}

/// Why a `KmsKeyId` is not a key identifier; `Display` is the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyRefError {
    Empty,
    Whitespace,
    /// An ARN of another service (`arn:aws:iam::…`).
    NotKms(String),
    /// An ARN without six colon-separated parts or without a resource.
    ArnShape,
    UnknownPartition(String),
    EmptyRegion,
    BadRegion(String),
    EmptyAccount,
    BadAccount(String),
    /// A KMS ARN whose resource is neither `key/…` nor `alias/…`.
    ArnResource(String),
    /// Not a UUID (`1234abcd-12ab-34cd-56ef-1234567890ab`) nor `mrk-` + 32 hex digits.
    BadKeyId(String),
    /// A key ID with upper-case hex digits: KMS key IDs are lower case.
    UppercaseKeyId(String),
    /// `alias/` with nothing, or characters KMS does not allow, or too long.
    BadAliasName(String),
    /// `key/…` without the `arn:…:kms:REGION:ACCOUNT:` that must precede it.
    BareKeyResource,
    /// A word that is none of the four forms (often an alias without `alias/`).
    NotAnIdentifier(String),
}

impl std::fmt::Display for KeyRefError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeyRefError::Empty => f.write_str("is empty"),
            KeyRefError::Whitespace => f.write_str("has spaces around it; KMS does not trim them"),
            KeyRefError::NotKms(service) => {
                write!(f, "is an ARN of `{service}`, not of a KMS key (`arn:aws:kms:…`)")
            }
            KeyRefError::ArnShape => f.write_str(
                "is not a complete ARN (`arn:PARTITION:kms:REGION:ACCOUNT:key/KEY-ID`)",
            ),
            KeyRefError::UnknownPartition(p) => write!(
                f,
                "has the partition `{p}`, which is not an AWS partition (`aws`, `aws-cn`, `aws-us-gov`, …)"
            ),
            KeyRefError::EmptyRegion => f.write_str(
                "has an empty region; a KMS key ARN names the key's region (`arn:aws:kms:us-east-1:…`)",
            ),
            KeyRefError::BadRegion(r) => write!(f, "has `{r}` as its region, which is not a region name"),
            KeyRefError::EmptyAccount => f.write_str(
                "has an empty account; a KMS key ARN names the key's 12-digit account",
            ),
            KeyRefError::BadAccount(a) => {
                write!(f, "has `{a}` as its account, which is not a 12-digit account ID")
            }
            KeyRefError::ArnResource(r) => write!(
                f,
                "names `{r}`, but a KMS ARN ends in `key/KEY-ID` or `alias/NAME`"
            ),
            KeyRefError::BadKeyId(id) => write!(
                f,
                "has `{id}` as its key ID, which is neither a UUID (`1234abcd-12ab-34cd-56ef-1234567890ab`) nor a multi-Region key ID (`mrk-` and 32 hex digits)"
            ),
            KeyRefError::UppercaseKeyId(_) => {
                f.write_str("has upper-case hex digits in its key ID; KMS key IDs are lower case")
            }
            KeyRefError::BadAliasName(a) => write!(
                f,
                "has the alias `{a}`, which is not a valid alias name (`alias/` then letters, digits, `/`, `_` or `-`, at most 256 characters)"
            ),
            KeyRefError::BareKeyResource => f.write_str(
                "starts with `key/`; write the key ID alone or the full key ARN (`arn:aws:kms:REGION:ACCOUNT:key/KEY-ID`)",
            ),
            KeyRefError::NotAnIdentifier(_) => f.write_str(
                "is not a key ID, key ARN, alias name or alias ARN (an alias name starts with `alias/`)",
            ),
        }
    }
}

const PARTITIONS: &[&str] = &[
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
];

/// Parses a `KmsKeyId` value.
///
/// # Errors
/// The value is none of the four forms KMS accepts, with the reason.
pub fn parse_key_ref(s: &str) -> Result<KeyRef, KeyRefError> {
    if s.is_empty() {
        return Err(KeyRefError::Empty);
    }
    if s.trim() != s {
        return Err(KeyRefError::Whitespace);
    }
    if s.starts_with("arn:") {
        return parse_arn(s).map(|(arn, is_key)| {
            if is_key {
                KeyRef::KeyArn(arn)
            } else {
                KeyRef::AliasArn(arn)
            }
        });
    }
    if s.starts_with("alias/") {
        check_alias(s)?;
        return Ok(KeyRef::AliasName(s.to_string()));
    }
    if s.starts_with("key/") {
        return Err(KeyRefError::BareKeyResource);
    }
    check_key_id(s)?;
    Ok(KeyRef::KeyId(s.to_string()))
}

fn parse_arn(s: &str) -> Result<(KmsArn, bool), KeyRefError> {
    let Some(Arn {
        partition,
        service,
        region,
        account,
        resource,
    }) = Arn::parse(s)
    else {
        return Err(KeyRefError::ArnShape);
    };
    if service != "kms" {
        return Err(KeyRefError::NotKms(if service.is_empty() {
            "(no service)".to_string()
        } else {
            service.to_string()
        }));
    }
    if !PARTITIONS.contains(&partition) {
        return Err(KeyRefError::UnknownPartition(partition.to_string()));
    }
    if region.is_empty() {
        return Err(KeyRefError::EmptyRegion);
    }
    if !is_region(region) {
        return Err(KeyRefError::BadRegion(region.to_string()));
    }
    if account.is_empty() {
        return Err(KeyRefError::EmptyAccount);
    }
    if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
        return Err(KeyRefError::BadAccount(account.to_string()));
    }
    let arn = |resource: &str| KmsArn {
        partition: partition.to_string(),
        region: region.to_string(),
        account: account.to_string(),
        resource: resource.to_string(),
    };
    if let Some(id) = resource.strip_prefix("key/") {
        check_key_id(id).map_err(|e| match e {
            KeyRefError::NotAnIdentifier(s) => KeyRefError::BadKeyId(s),
            other => other,
        })?;
        return Ok((arn(id), true));
    }
    if resource.starts_with("alias/") {
        check_alias(resource)?;
        return Ok((arn(resource), false));
    }
    if resource.is_empty() {
        return Err(KeyRefError::ArnShape);
    }
    Err(KeyRefError::ArnResource(resource.to_string()))
}

/// `us-east-1`, `us-gov-west-1`, `cn-north-1`, `eu-central-2`, `us-isob-east-1`:
/// the shape of a Region name.
#[must_use]
pub fn is_region(r: &str) -> bool {
    let parts: Vec<&str> = r.split('-').collect();
    let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
        return false;
    };
    parts.len() >= 3
        && first.len() == 2
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && !last.is_empty()
        && last.bytes().all(|b| b.is_ascii_digit())
        && parts
            .iter()
            .skip(1)
            .take(parts.len() - 2)
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
}

fn check_key_id(id: &str) -> Result<(), KeyRefError> {
    if is_uuid(id, false) || is_mrk(id, false) {
        return Ok(());
    }
    if is_uuid(id, true) || is_mrk(id, true) {
        return Err(KeyRefError::UppercaseKeyId(id.to_string()));
    }
    // Hex digits and dashes are an attempt at a key ID; anything else is a name.
    if id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-') || id.starts_with("mrk-") {
        Err(KeyRefError::BadKeyId(id.to_string()))
    } else {
        Err(KeyRefError::NotAnIdentifier(id.to_string()))
    }
}

fn hex(b: u8, upper_ok: bool) -> bool {
    b.is_ascii_digit() || (b'a'..=b'f').contains(&b) || (upper_ok && (b'A'..=b'F').contains(&b))
}

fn is_uuid(s: &str, upper_ok: bool) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| hex(b, upper_ok)))
}

fn is_mrk(s: &str, upper_ok: bool) -> bool {
    s.strip_prefix("mrk-")
        .is_some_and(|h| h.len() == 32 && h.bytes().all(|b| hex(b, upper_ok)))
}

fn check_alias(alias: &str) -> Result<(), KeyRefError> {
    let name = alias.strip_prefix("alias/").unwrap_or("");
    let ok = !name.is_empty()
        && alias.len() <= 256
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'_' | b'-'));
    if ok {
        Ok(())
    } else {
        Err(KeyRefError::BadAliasName(alias.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_four_forms() {
        assert!(matches!(
            parse_key_ref("1234abcd-12ab-34cd-56ef-1234567890ab"),
            Ok(KeyRef::KeyId(_))
        ));
        assert!(matches!(
            parse_key_ref("mrk-1234abcd12ab34cd56ef1234567890ab"),
            Ok(KeyRef::KeyId(_))
        ));
        assert!(matches!(
            parse_key_ref(
                "arn:aws:kms:us-east-1:012345678910:key/abcd1234-a123-456a-a12b-a123b4cd56ef"
            ),
            Ok(KeyRef::KeyArn(_))
        ));
        assert!(matches!(
            parse_key_ref("alias/ExampleAlias"),
            Ok(KeyRef::AliasName(_))
        ));
        let arn = parse_key_ref("arn:aws-us-gov:kms:us-gov-west-1:111122223333:alias/aws/ebs");
        assert!(arn.as_ref().is_ok_and(KeyRef::is_aws_managed_ebs));
    }

    #[test]
    fn rejects_with_reasons() {
        assert_eq!(
            parse_key_ref("arn:aws:kms:::key/1234abcd-12ab-34cd-56ef-1234567890ab"),
            Err(KeyRefError::EmptyRegion)
        );
        assert_eq!(
            parse_key_ref("arn:aws:kms:us-east-1:1234:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
            Err(KeyRefError::BadAccount("1234".into()))
        );
        assert_eq!(
            parse_key_ref("arn:aws:iam::111122223333:role/x"),
            Err(KeyRefError::NotKms("iam".into()))
        );
        assert_eq!(
            parse_key_ref("1234ABCD-12AB-34CD-56EF-1234567890AB"),
            Err(KeyRefError::UppercaseKeyId(
                "1234ABCD-12AB-34CD-56EF-1234567890AB".into()
            ))
        );
        assert_eq!(
            parse_key_ref("my-ebs-key"),
            Err(KeyRefError::NotAnIdentifier("my-ebs-key".into()))
        );
        assert_eq!(
            parse_key_ref("key/1234abcd-12ab-34cd-56ef-1234567890ab"),
            Err(KeyRefError::BareKeyResource)
        );
        assert_eq!(
            parse_key_ref("alias/has space"),
            Err(KeyRefError::BadAliasName("alias/has space".into()))
        );
        assert_eq!(
            parse_key_ref("1234abcd-12ab-34cd-56ef-1234567890"),
            Err(KeyRefError::BadKeyId(
                "1234abcd-12ab-34cd-56ef-1234567890".into()
            ))
        );
        assert_eq!(parse_key_ref(""), Err(KeyRefError::Empty));
        assert_eq!(parse_key_ref(" alias/x"), Err(KeyRefError::Whitespace));
    }

    #[test]
    fn knows_managed_keys_of_other_services() {
        let s3 = parse_key_ref("alias/aws/s3");
        assert_eq!(
            s3.as_ref().ok().and_then(KeyRef::aws_managed_other_service),
            Some("s3")
        );
    }
}
