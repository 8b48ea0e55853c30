//! Finding the security configuration in a file: the document itself, or the
//! `SecurityConfiguration` member of `create-security-configuration
//! --cli-input-json` input and `describe-security-configuration` output,
//! where it is an object or a JSON string.

use crate::parse::{Limits, Node, Parsed, embedded::parse_json_in_string};

/// Where a file's security configuration is.
pub enum Document<'a> {
    /// The file is the security configuration, or wraps it as an object.
    Tree { root: &'a Node, base: String },
    /// The file wraps it as a JSON string.
    Embedded {
        string: &'a Node,
        parsed: Parsed,
        base: String,
    },
}

impl Document<'_> {
    /// The security configuration's root and logical path, when it parsed.
    #[must_use]
    pub fn root(&self) -> Option<(&Node, &str)> {
        match self {
            Document::Tree { root, base } => Some((root, base)),
            Document::Embedded { parsed, base, .. } => {
                parsed.root.as_ref().map(|r| (r, base.as_str()))
            }
        }
    }
}

/// The security configuration in a file's tree `root` (spans into `text`).
#[must_use]
pub fn locate<'a>(root: &'a Node, text: &str, limits: &Limits) -> Option<Document<'a>> {
    let Some(inner) = root
        .get("SecurityConfiguration")
        .filter(|_| root.get("EncryptionConfiguration").is_none())
    else {
        return Some(Document::Tree {
            root,
            base: "$".to_string(),
        });
    };
    let base = "$.SecurityConfiguration".to_string();
    if inner.as_str().is_some() {
        let parsed = parse_json_in_string(inner, text, limits)?;
        return Some(Document::Embedded {
            string: inner,
            parsed,
            base,
        });
    }
    Some(Document::Tree { root: inner, base })
}
