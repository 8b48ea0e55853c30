//! The request to decide: who (principal), what (action), on which resource,
//! and the request context.

use std::collections::BTreeMap;

use serde::Serialize;

use super::arn::Arn;

/// A request context key's values. Keys compare case-insensitively, as AWS
/// compares condition key names (`aws:SourceIp` = `AWS:sourceip`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContextEntry {
    /// The key as first written.
    pub name: String,
    pub values: Vec<String>,
}

/// The request context: key → one or many values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    entries: BTreeMap<String, ContextEntry>,
}

impl Context {
    /// Adds one value; adding a key again makes it multivalued.
    pub fn add(&mut self, key: &str, value: &str) {
        self.entries
            .entry(key.to_lowercase())
            .or_insert_with(|| ContextEntry {
                name: key.to_string(),
                values: Vec::new(),
            })
            .values
            .push(value.to_string());
    }

    /// Sets a key to these values (an empty list is a key present with no
    /// values, the "empty set" of the multi-value page).
    pub fn set(&mut self, key: &str, values: Vec<String>) {
        self.entries.insert(
            key.to_lowercase(),
            ContextEntry {
                name: key.to_string(),
                values,
            },
        );
    }

    #[must_use]
    pub fn get(&self, key: &str) -> Option<&ContextEntry> {
        if key.bytes().any(|b| b.is_ascii_uppercase()) || !key.is_ascii() {
            self.entries.get(&key.to_lowercase())
        } else {
            self.entries.get(key)
        }
    }

    #[must_use]
    pub fn contains(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub fn iter(&self) -> impl Iterator<Item = &ContextEntry> {
        self.entries.values()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds every key of `other` that this context does not have.
    fn fill_from(&mut self, other: &Context) {
        for (k, v) in &other.entries {
            self.entries.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
}

/// What kind of caller a principal ARN names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum PrincipalType {
    /// The account's root user (`arn:aws:iam::111122223333:root`).
    Root,
    User,
    /// A role named by its role ARN (a caller is really one of its sessions).
    Role,
    /// A role session (`arn:aws:sts::111122223333:assumed-role/r/s`).
    AssumedRole,
    /// A federated-user session (`arn:aws:sts::111122223333:federated-user/n`).
    FederatedUser,
    /// An AWS service (`ec2.amazonaws.com`).
    Service,
    /// A web or SAML identity provider (`accounts.google.com`, `…:saml-provider/x`).
    Federated,
    /// An S3 canonical user id.
    CanonicalUser,
    /// An unauthenticated caller.
    Anonymous,
}

/// The caller of a request, read from its ARN (or service name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestPrincipal {
    /// As given.
    pub id: String,
    pub kind: PrincipalType,
    pub partition: String,
    /// The 12-digit account, for IAM and STS principals.
    pub account: Option<String>,
    /// The role's name, for a role or a role session.
    pub role_name: Option<String>,
    /// The IAM user's name (last path segment), for a user.
    pub user_name: Option<String>,
}

/// Web identity providers that appear as `Federated` principals.
const WEB_IDENTITY_PROVIDERS: [&str; 4] = [
    "cognito-identity.amazonaws.com",
    "accounts.google.com",
    "graph.facebook.com",
    "www.amazon.com",
];

impl RequestPrincipal {
    /// Reads a principal: an IAM/STS ARN, an account id (its root user), a
    /// service principal, a web identity provider, a canonical user id, or
    /// `anonymous` / `*`.
    ///
    /// # Errors
    /// Anything else, with what was expected.
    pub fn parse(id: &str) -> Result<RequestPrincipal, String> {
        let base = |kind, account: Option<&str>| RequestPrincipal {
            id: id.to_string(),
            kind,
            partition: "aws".to_string(),
            account: account.map(str::to_string),
            role_name: None,
            user_name: None,
        };
        if id == "*" || id.eq_ignore_ascii_case("anonymous") {
            return Ok(base(PrincipalType::Anonymous, None));
        }
        if is_account_id(id) {
            let mut p = base(PrincipalType::Root, Some(id));
            p.id = format!("arn:aws:iam::{id}:root");
            return Ok(p);
        }
        if id.len() == 64 && id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(base(PrincipalType::CanonicalUser, None));
        }
        if !id.contains(':') && id.contains('.') {
            let lower = id.to_ascii_lowercase();
            if WEB_IDENTITY_PROVIDERS.contains(&lower.as_str()) {
                return Ok(base(PrincipalType::Federated, None));
            }
            return Ok(base(PrincipalType::Service, None));
        }
        let arn = Arn::parse(id).ok_or_else(|| {
            format!("`{id}` is not a principal: give an IAM or STS ARN, an account id, or a service principal")
        })?;
        let account = Some(arn.account).filter(|a| is_account_id(a));
        let Some(account) = account else {
            return Err(format!(
                "`{id}`: the account field must be a 12-digit account id"
            ));
        };
        let mut p = base(PrincipalType::Root, Some(account));
        arn.partition.clone_into(&mut p.partition);
        let resource = arn.resource;
        let last = resource.rsplit('/').next().unwrap_or("");
        match arn.service {
            "iam" if resource == "root" => {}
            "iam" if resource.starts_with("user/") => {
                p.kind = PrincipalType::User;
                p.user_name = Some(last.to_string());
            }
            "iam" if resource.starts_with("role/") => {
                p.kind = PrincipalType::Role;
                p.role_name = Some(last.to_string());
            }
            "iam"
                if resource.starts_with("saml-provider/")
                    || resource.starts_with("oidc-provider/") =>
            {
                p.kind = PrincipalType::Federated;
            }
            "sts" if resource.starts_with("assumed-role/") => {
                let mut parts = resource.splitn(3, '/').skip(1);
                let (Some(role), Some(session)) = (parts.next(), parts.next()) else {
                    return Err(format!(
                        "`{id}`: a role session ARN is `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`"
                    ));
                };
                if role.is_empty() || session.is_empty() {
                    return Err(format!("`{id}`: the role or session name is empty"));
                }
                p.kind = PrincipalType::AssumedRole;
                p.role_name = Some(role.to_string());
            }
            "sts" if resource.starts_with("federated-user/") => {
                p.kind = PrincipalType::FederatedUser
            }
            _ => {
                return Err(format!(
                    "`{id}` is not a principal ARN (root, user/…, role/…, assumed-role/…/…, federated-user/…)"
                ));
            }
        }
        Ok(p)
    }

    /// The ARN of the account's root user, which stands for the account.
    #[must_use]
    pub fn account_arn(&self) -> Option<String> {
        self.account
            .as_ref()
            .map(|a| format!("arn:{}:iam::{a}:root", self.partition))
    }

    /// The role ARN of a role session, without its path (a session ARN does
    /// not carry the role's path; role names are unique within an account).
    #[must_use]
    pub fn role_arn(&self) -> Option<String> {
        match self.kind {
            PrincipalType::Role => Some(self.id.clone()),
            PrincipalType::AssumedRole => Some(format!(
                "arn:{}:iam::{}:role/{}",
                self.partition,
                self.account.as_deref().unwrap_or(""),
                self.role_name.as_deref().unwrap_or("")
            )),
            _ => None,
        }
    }

    /// Service-linked roles (path `/aws-service-role/`, names
    /// `AWSServiceRoleFor…`) are not restricted by SCPs (iam-semantics.md 8.1.3).
    #[must_use]
    pub fn is_service_linked_role(&self) -> bool {
        matches!(self.kind, PrincipalType::Role | PrincipalType::AssumedRole)
            && (self.id.contains(":role/aws-service-role/")
                || self
                    .role_name
                    .as_deref()
                    .is_some_and(|n| n.starts_with("AWSServiceRoleFor")))
    }

    /// The identities AWS evaluates for this caller, outermost first: the
    /// account, the role of a session, the caller itself. `NotPrincipal`
    /// exempts a caller only when it lists every one of them (the
    /// NotPrincipal page: "specify the account ARN … the role ARN and the
    /// assumed-role session ARN").
    #[must_use]
    pub fn chain(&self) -> Vec<String> {
        let mut chain = Vec::new();
        if let Some(a) = self.account_arn()
            && self.kind != PrincipalType::Root
        {
            chain.push(a);
        }
        if self.kind == PrincipalType::AssumedRole
            && let Some(r) = self.role_arn()
        {
            chain.push(r);
        }
        chain.push(self.id.clone());
        chain
    }

    /// Context keys AWS always sets for this caller, derived from its ARN
    /// (an explicit `--context` value wins): `aws:PrincipalArn`,
    /// `aws:PrincipalAccount`, `aws:PrincipalType`, and `aws:username` for users.
    #[must_use]
    pub fn derived_context(&self) -> Context {
        let mut c = Context::default();
        let principal_arn = match self.kind {
            PrincipalType::AssumedRole => self.role_arn(),
            PrincipalType::Root
            | PrincipalType::User
            | PrincipalType::Role
            | PrincipalType::FederatedUser => Some(self.id.clone()),
            _ => None,
        };
        if let Some(arn) = principal_arn {
            c.add("aws:PrincipalArn", &arn);
        }
        if let Some(a) = &self.account {
            c.add("aws:PrincipalAccount", a);
        }
        let principal_type = match self.kind {
            PrincipalType::Root => Some("Account"),
            PrincipalType::User => Some("User"),
            PrincipalType::AssumedRole | PrincipalType::Role => Some("AssumedRole"),
            PrincipalType::FederatedUser => Some("FederatedUser"),
            PrincipalType::Anonymous => Some("Anonymous"),
            _ => None,
        };
        if let Some(t) = principal_type {
            c.add("aws:PrincipalType", t);
        }
        if let Some(u) = &self.user_name {
            c.add("aws:username", u);
        }
        if self.kind == PrincipalType::Service {
            c.add("aws:PrincipalServiceName", &self.id);
        }
        c
    }
}

pub(crate) fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// One request: principal, action, resource and context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub principal: RequestPrincipal,
    /// `service:Action` as given.
    pub action: String,
    /// Lower-cased `service` and `action` parts, for matching.
    pub(crate) service_lower: String,
    pub(crate) service_key: super::compile::ServiceKey,
    pub(crate) action_lower: String,
    pub resource: String,
    /// The account that owns the resource: from the resource ARN, or set
    /// explicitly for ARNs without one (S3 buckets).
    pub resource_account: Option<String>,
    /// The context as given.
    pub context: Context,
    /// The context with the keys derived from the principal added.
    pub(crate) effective: Context,
}

impl Request {
    /// A request without context.
    ///
    /// # Errors
    /// A principal that cannot be read, or an action that is not one
    /// `service:Action` name.
    pub fn new(principal: &str, action: &str, resource: &str) -> Result<Request, String> {
        let principal = RequestPrincipal::parse(principal)?;
        let Some((service, name)) = action.split_once(':') else {
            return Err(format!(
                "the action `{action}` must be `service:ActionName`"
            ));
        };
        if service.is_empty()
            || name.is_empty()
            || action.contains(['*', '?'])
            || name.contains(':')
        {
            return Err(format!(
                "the action `{action}` must be one `service:ActionName`, without wildcards"
            ));
        }
        let resource_account = Arn::parse(resource)
            .map(|a| a.account)
            .filter(|a| is_account_id(a))
            .map(str::to_string);
        let effective = principal.derived_context();
        Ok(Request {
            principal,
            action: action.to_string(),
            service_lower: service.to_ascii_lowercase(),
            service_key: super::compile::ServiceKey::new(&service.to_ascii_lowercase()),
            action_lower: name.to_ascii_lowercase(),
            resource: resource.to_string(),
            resource_account,
            context: Context::default(),
            effective,
        })
    }

    /// Replaces the context.
    #[must_use]
    pub fn with_context(mut self, context: Context) -> Request {
        let mut effective = context.clone();
        effective.fill_from(&self.principal.derived_context());
        self.context = context;
        self.effective = effective;
        self
    }

    /// Sets the resource's account (for ARNs without an account field).
    #[must_use]
    pub fn with_resource_account(mut self, account: Option<String>) -> Request {
        if account.is_some() {
            self.resource_account = account;
        }
        self
    }

    /// The context with derived keys, as conditions see it.
    #[must_use]
    pub fn effective_context(&self) -> &Context {
        &self.effective
    }

    /// Whether the principal's account and the resource's account are both
    /// known and differ (iam-semantics.md 8.2).
    #[must_use]
    pub fn is_cross_account(&self) -> bool {
        match (&self.principal.account, &self.resource_account) {
            (Some(p), Some(r)) => p != r,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_principal_kinds_and_accounts() {
        let p = RequestPrincipal::parse("arn:aws:sts::111122223333:assumed-role/Admin/alice");
        assert!(
            p.as_ref()
                .is_ok_and(|p| p.kind == PrincipalType::AssumedRole)
        );
        assert_eq!(
            p.as_ref()
                .ok()
                .and_then(RequestPrincipal::role_arn)
                .as_deref(),
            Some("arn:aws:iam::111122223333:role/Admin")
        );
        let u = RequestPrincipal::parse("arn:aws:iam::111122223333:user/team/bob");
        assert!(
            u.is_ok_and(|u| u.kind == PrincipalType::User && u.user_name.as_deref() == Some("bob"))
        );
        let r = RequestPrincipal::parse("111122223333");
        assert!(r.is_ok_and(
            |r| r.kind == PrincipalType::Root && r.id == "arn:aws:iam::111122223333:root"
        ));
        assert!(
            RequestPrincipal::parse("ec2.amazonaws.com")
                .is_ok_and(|s| s.kind == PrincipalType::Service)
        );
        assert!(
            RequestPrincipal::parse("accounts.google.com")
                .is_ok_and(|s| s.kind == PrincipalType::Federated)
        );
        assert!(RequestPrincipal::parse("arn:aws:s3:::bucket").is_err());
        assert!(RequestPrincipal::parse("alice").is_err());
    }

    #[test]
    fn service_linked_roles_are_recognised() {
        let p = RequestPrincipal::parse(
            "arn:aws:iam::111122223333:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk",
        );
        assert!(p.is_ok_and(|p| p.is_service_linked_role()));
    }

    #[test]
    fn context_keys_are_case_insensitive_and_derived_keys_yield() {
        let mut c = Context::default();
        c.add("aws:username", "carol");
        let r = Request::new(
            "arn:aws:iam::111122223333:user/bob",
            "s3:GetObject",
            "arn:aws:s3:::b/k",
        );
        let r = r.map(|r| r.with_context(c));
        let ctx = r.as_ref().map(Request::effective_context);
        assert_eq!(
            ctx.ok()
                .and_then(|c| c.get("AWS:UserName"))
                .map(|e| e.values.clone()),
            Some(vec!["carol".to_string()])
        );
        assert!(ctx.is_ok_and(|c| c.contains("aws:principalaccount")));
        assert!(Request::new("arn:aws:iam::111122223333:user/bob", "s3:Get*", "*").is_err());
    }

    #[test]
    fn cross_account_is_read_from_both_arns() {
        let r = Request::new(
            "arn:aws:iam::111122223333:user/bob",
            "kms:Decrypt",
            "arn:aws:kms:us-east-1:444455556666:key/k",
        );
        assert!(r.is_ok_and(|r| r.is_cross_account()));
        let r = Request::new(
            "arn:aws:iam::111122223333:user/bob",
            "s3:GetObject",
            "arn:aws:s3:::b/k",
        );
        assert!(r.is_ok_and(|r| !r.is_cross_account()));
    }
}
