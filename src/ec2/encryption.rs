//! Which key encrypts a volume at launch, if any: the decision table of the
//! Amazon EBS and AMI encryption guides, one row per case, each row named so
//! that a report can say which one decided.
//!
//! Sources: "Instance-launching scenarios" of
//! <https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/AMIEncryption.html>, and
//! <https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html>
//! ("Encryption by default", "Encryption rules" and the examples).

use serde::Serialize;

/// What a volume is created from, as far as it is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SnapshotSource {
    /// A new, empty volume.
    None,
    /// A snapshot whose encryption is not known here.
    Unknown,
    Unencrypted,
    /// An encrypted snapshot, with its key and whether the account owns it
    /// (a snapshot shared from another account is not owned).
    Encrypted {
        key: String,
        owned: bool,
    },
}

/// Which key encrypts the volume.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "key", rename_all = "kebab-case")]
pub enum KeyChoice {
    /// The `KmsKeyId` of the request.
    Explicit(String),
    /// The account's default EBS key for the region: a customer managed key if
    /// one was set (`ModifyEbsDefaultKmsKeyId`), otherwise `alias/aws/ebs`.
    AccountDefault,
    /// The key of the source snapshot, kept.
    Snapshot(String),
    /// The snapshot's key if the snapshot is encrypted and owned, else the
    /// account default key: not decidable without the snapshot.
    DefaultOrSnapshot,
}

/// The outcome for one volume.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Outcome {
    Unencrypted,
    Encrypted {
        key: KeyChoice,
        /// The snapshot's data is re-encrypted under another key at launch
        /// (EC2 must use both keys).
        reencrypted: bool,
    },
    /// Encrypted exactly when the snapshot is; its state is not known here.
    AsSnapshot,
    /// The request is rejected: `KmsKeyId` without `Encrypted: true`.
    RequestError,
}

/// An outcome and the rule of the table that decided it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    #[serde(flatten)]
    pub outcome: Outcome,
    /// The row of the decision table, in words.
    pub rule: &'static str,
}

/// What the request says about a volume's encryption.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Requested<'a> {
    /// `Encrypted` as written (`None` when omitted).
    pub encrypted: Option<bool>,
    pub kms_key_id: Option<&'a str>,
}

/// Decides a volume's encryption at launch (RunInstances, a launch template,
/// CreateVolume). `by_default` is the account's encryption-by-default setting
/// in the region.
#[must_use]
pub fn decide(req: Requested<'_>, snapshot: &SnapshotSource, by_default: bool) -> Decision {
    let d = |outcome, rule| Decision { outcome, rule };
    let encrypted = req.encrypted == Some(true);
    if let (Some(_), false) = (req.kms_key_id, encrypted) {
        return d(
            Outcome::RequestError,
            "KmsKeyId without Encrypted: true is rejected (\"Submitting a KmsKeyId without also setting the Encrypted parameter results in an error\")",
        );
    }
    let explicit = |k: &str, reencrypted| Outcome::Encrypted {
        key: KeyChoice::Explicit(k.to_string()),
        reencrypted,
    };
    let default = |reencrypted| Outcome::Encrypted {
        key: KeyChoice::AccountDefault,
        reencrypted,
    };
    match snapshot {
        SnapshotSource::None | SnapshotSource::Unencrypted => {
            let what_new = matches!(snapshot, SnapshotSource::None);
            match (req.kms_key_id, encrypted, by_default) {
                (Some(k), _, _) => d(
                    explicit(k, false),
                    if what_new {
                        "new volume with Encrypted: true and KmsKeyId: encrypted with that key"
                    } else {
                        "unencrypted snapshot with Encrypted: true and KmsKeyId: encrypted with that key"
                    },
                ),
                (None, true, _) => d(
                    default(false),
                    if what_new {
                        "new volume with Encrypted: true and no KmsKeyId: encrypted with the account's default EBS key"
                    } else {
                        "unencrypted snapshot with Encrypted: true and no KmsKeyId: encrypted with the account's default EBS key"
                    },
                ),
                (None, false, true) => d(
                    default(false),
                    "encryption by default is on: every new volume is encrypted with the account's default EBS key, whatever Encrypted says",
                ),
                (None, false, false) => d(
                    Outcome::Unencrypted,
                    if what_new {
                        "new volume without Encrypted: true, encryption by default off: not encrypted"
                    } else {
                        "unencrypted snapshot without Encrypted: true, encryption by default off: not encrypted"
                    },
                ),
            }
        }
        SnapshotSource::Encrypted { key, owned } => match (req.kms_key_id, owned) {
            (Some(k), _) => d(
                explicit(k, k != key),
                "encrypted snapshot with Encrypted: true and KmsKeyId: re-encrypted with that key",
            ),
            (None, true) => d(
                Outcome::Encrypted {
                    key: KeyChoice::Snapshot(key.clone()),
                    reencrypted: false,
                },
                "encrypted snapshot you own, no KmsKeyId: keeps the snapshot's key (encryption is never removed)",
            ),
            (None, false) => d(
                default(true),
                "encrypted snapshot shared by another account, no KmsKeyId: re-encrypted with the account's default EBS key",
            ),
        },
        SnapshotSource::Unknown => match (req.kms_key_id, encrypted || by_default) {
            (Some(k), _) => d(
                explicit(k, false),
                "snapshot with Encrypted: true and KmsKeyId: encrypted with that key",
            ),
            (None, true) => d(
                Outcome::Encrypted {
                    key: KeyChoice::DefaultOrSnapshot,
                    reencrypted: false,
                },
                "snapshot with Encrypted: true (or encryption by default) and no KmsKeyId: the snapshot's key if it is encrypted and yours, else the account's default EBS key",
            ),
            (None, false) => d(
                Outcome::AsSnapshot,
                "snapshot without Encrypted: true, encryption by default off: encrypted only if the snapshot is",
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(encrypted: Option<bool>, key: Option<&str>) -> Requested<'_> {
        Requested {
            encrypted,
            kms_key_id: key,
        }
    }

    #[test]
    fn new_volumes() {
        let none = SnapshotSource::None;
        assert_eq!(
            decide(req(None, None), &none, false).outcome,
            Outcome::Unencrypted
        );
        assert_eq!(
            decide(req(Some(false), None), &none, true).outcome,
            Outcome::Encrypted {
                key: KeyChoice::AccountDefault,
                reencrypted: false
            }
        );
        assert_eq!(
            decide(req(Some(true), Some("k")), &none, false).outcome,
            Outcome::Encrypted {
                key: KeyChoice::Explicit("k".into()),
                reencrypted: false
            }
        );
        assert_eq!(
            decide(req(None, Some("k")), &none, true).outcome,
            Outcome::RequestError
        );
    }

    #[test]
    fn snapshots() {
        let owned = SnapshotSource::Encrypted {
            key: "ks".into(),
            owned: true,
        };
        assert_eq!(
            decide(req(None, None), &owned, false).outcome,
            Outcome::Encrypted {
                key: KeyChoice::Snapshot("ks".into()),
                reencrypted: false
            }
        );
        assert_eq!(
            decide(req(Some(true), Some("k")), &owned, false).outcome,
            Outcome::Encrypted {
                key: KeyChoice::Explicit("k".into()),
                reencrypted: true
            }
        );
        let shared = SnapshotSource::Encrypted {
            key: "ks".into(),
            owned: false,
        };
        assert_eq!(
            decide(req(None, None), &shared, false).outcome,
            Outcome::Encrypted {
                key: KeyChoice::AccountDefault,
                reencrypted: true
            }
        );
        assert_eq!(
            decide(req(None, None), &SnapshotSource::Unknown, false).outcome,
            Outcome::AsSnapshot
        );
        assert_eq!(
            decide(req(None, None), &SnapshotSource::Unencrypted, false).outcome,
            Outcome::Unencrypted
        );
    }
}
