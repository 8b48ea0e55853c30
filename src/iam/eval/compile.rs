//! The strict conversion of a lenient [`Policy`] into what the evaluator
//! runs. Whatever AWS would reject is an error here, with its span: an
//! unknown operator, an invalid `Effect`, an unknown element, a bad date —
//! never a silent "no match".

use crate::iam::policy::{
    BaseOperator, Condition, Element, Operator, OperatorFamily, Policy, PolicyType, Principal,
    PrincipalKind, Scalar, Statement, StatementShape, Values,
};
use crate::span::Span;
use crate::suggest::did_you_mean;

use super::request::is_account_id;
use super::values::{Decimal, decode_base64, parse_date, parse_network};
use super::variables::Template;

/// A policy problem that prevents evaluation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PolicyError {
    pub span: Span,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Effect {
    Allow,
    Deny,
}

/// One action pattern, lower-cased (actions compare case-insensitively).
#[derive(Debug, Clone)]
pub(crate) struct ActionPattern {
    /// `None` for `*`.
    pub service: Option<String>,
    pub name: String,
    pub service_has_wildcard: bool,
}

/// A principal as a resource policy names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PrincipalPattern {
    /// `"*"` or `{"AWS": "*"}`.
    Any,
    /// An account id or the account's root ARN: the account, which delegates
    /// to its administrators.
    Account(String),
    /// A user, role, role session or federated-user ARN, compared exactly
    /// (wildcards are not allowed in principal ARNs).
    Arn(String),
    Service(String),
    Federated(String),
    CanonicalUser(String),
}

#[derive(Debug, Clone)]
pub(crate) struct TypedValue {
    /// As written in the policy.
    pub raw: String,
    pub kind: ValueKind,
}

#[derive(Debug, Clone)]
pub(crate) enum ValueKind {
    /// String, Bool and Arn values (variables resolved per request).
    Text(Template),
    Number(Decimal),
    Date(i128),
    Network(ipnet::IpNet),
    Binary(Vec<u8>),
    Null(bool),
}

#[derive(Debug, Clone)]
pub(crate) struct CompiledCondition {
    pub operator: Operator,
    /// The operator as written.
    pub operator_text: String,
    pub key: String,
    pub key_span: Span,
    pub values: Vec<TypedValue>,
}

#[derive(Debug, Clone)]
pub(crate) struct CompiledStatement {
    /// Position in the `Statement` list (0 for a lone statement object).
    pub position: usize,
    pub sid: Option<String>,
    pub effect: Effect,
    pub span: Span,
    pub not_action: bool,
    pub actions: Vec<ActionPattern>,
    /// The action-name patterns of each literal service prefix, so that a
    /// statement listing hundreds of actions is searched by service.
    pub actions_by_service: Vec<(String, Vec<String>)>,
    /// `*` and patterns with a wildcard in the service prefix.
    pub wildcard_service_actions: Vec<ActionPattern>,
    pub action_span: Span,
    /// `None` when the statement has neither `Resource` nor `NotResource`
    /// (trust policies): every resource.
    pub resources: Option<(bool, Vec<(Template, String)>)>,
    pub resource_span: Span,
    /// `None` for policy types without principals.
    pub principals: Option<(bool, Vec<PrincipalPattern>)>,
    pub principal_span: Span,
    pub conditions: Vec<CompiledCondition>,
}

/// A policy ready to evaluate, with its statements indexed by service prefix.
#[derive(Debug, Clone, Default)]
pub(crate) struct CompiledPolicy {
    pub statements: Vec<CompiledStatement>,
    by_service: Vec<(String, Vec<u32>)>,
    /// Statements that any action may match (`*`, `NotAction`, wildcard services).
    always: Vec<u32>,
}

impl CompiledPolicy {
    /// The statements whose action list may match `service`, in order.
    pub fn candidates(&self, service_lower: &str) -> Candidates<'_> {
        Candidates {
            by: lookup(&self.by_service, service_lower).map_or(&[][..], Vec::as_slice),
            always: &self.always,
        }
    }

    /// How many statements `candidates` yields.
    pub fn candidate_count(&self, service_lower: &str) -> usize {
        self.candidates(service_lower).count()
    }
}

/// Two sorted lists of statement ids merged, without duplicates.
pub(crate) struct Candidates<'a> {
    by: &'a [u32],
    always: &'a [u32],
}

impl Iterator for Candidates<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        let next = match (self.by.first(), self.always.first()) {
            (None, None) => return None,
            (Some(&a), None) => a,
            (None, Some(&b)) => b,
            (Some(&a), Some(&b)) => a.min(b),
        };
        if self.by.first() == Some(&next) {
            self.by = self.by.get(1..).unwrap_or(&[]);
        }
        if self.always.first() == Some(&next) {
            self.always = self.always.get(1..).unwrap_or(&[]);
        }
        Some(next)
    }
}

struct Compiler {
    errors: Vec<PolicyError>,
    variables: bool,
    policy_type: PolicyType,
}

impl Compiler {
    fn error(&mut self, span: Span, message: impl Into<String>) {
        self.errors.push(PolicyError {
            span,
            message: message.into(),
        });
    }

    fn unknown_element(&mut self, e: &Element<()>, known: &[&str]) {
        let hint = did_you_mean(&e.name, known.iter().copied())
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        self.error(
            e.key_span,
            format!("`{}` is not a policy element{hint}", e.name),
        );
    }
}

/// Converts a policy of the given type for evaluation.
///
/// # Errors
/// Every problem found, each with its span.
pub(crate) fn compile(
    policy: &Policy,
    policy_type: PolicyType,
) -> Result<CompiledPolicy, Vec<PolicyError>> {
    let mut c = Compiler {
        errors: Vec::new(),
        variables: policy.variables_enabled(),
        policy_type,
    };
    if !policy.is_object {
        c.error(policy.span, "a policy document must be a JSON object");
        return Err(c.errors);
    }
    if let Some(v) = &policy.version
        && !matches!(v.value.as_str(), Some("2012-10-17" | "2008-10-17"))
    {
        c.error(
            v.span,
            "`Version` must be \"2012-10-17\" (or the old \"2008-10-17\")",
        );
    }
    for e in &policy.unknown {
        c.unknown_element(e, &crate::iam::policy::POLICY_ELEMENTS);
    }
    match &policy.statement {
        None => c.error(policy.span, "the policy has no `Statement`"),
        Some(s) => {
            if let StatementShape::Other(t) = s.value {
                c.error(
                    s.span,
                    format!("`Statement` must be an object or a list of objects, not a {t}"),
                );
            }
        }
    }
    let mut compiled = CompiledPolicy::default();
    for (i, st) in policy.statements.iter().enumerate() {
        if let Some(cs) = c.statement(st, i) {
            compiled.statements.push(cs);
        }
    }
    if !c.errors.is_empty() {
        c.errors.sort();
        return Err(c.errors);
    }
    for (i, st) in compiled.statements.iter().enumerate() {
        let id = u32::try_from(i).unwrap_or(u32::MAX);
        let always = st.not_action
            || st
                .actions
                .iter()
                .any(|a| a.service.is_none() || a.service_has_wildcard);
        if always {
            compiled.always.push(id);
            continue;
        }
        let mut services: Vec<&str> = st
            .actions
            .iter()
            .filter_map(|a| a.service.as_deref())
            .collect();
        services.sort_unstable();
        services.dedup();
        for s in services {
            match compiled
                .by_service
                .binary_search_by(|(k, _)| k.as_str().cmp(s))
            {
                Ok(i) => {
                    if let Some((_, ids)) = compiled.by_service.get_mut(i) {
                        ids.push(id);
                    }
                }
                Err(i) => compiled.by_service.insert(i, (s.to_string(), vec![id])),
            }
        }
    }
    Ok(compiled)
}

impl Compiler {
    fn statement(&mut self, st: &Statement, position: usize) -> Option<CompiledStatement> {
        if !st.is_object {
            self.error(st.span, "a statement must be a JSON object");
            return None;
        }
        let before = self.errors.len();
        for e in &st.unknown {
            self.unknown_element(e, &crate::iam::policy::STATEMENT_ELEMENTS);
        }
        let effect = match &st.effect {
            None => {
                self.error(st.span, format!("{} has no `Effect`", st.label()));
                Effect::Deny
            }
            Some(e) => match e.value.as_str() {
                Some("Allow") => Effect::Allow,
                Some("Deny") => Effect::Deny,
                _ => {
                    let hint = e
                        .value
                        .as_str()
                        .and_then(|s| did_you_mean(s, ["Allow", "Deny"]))
                        .map(|s| format!("; did you mean `{s}`?"))
                        .unwrap_or_default();
                    self.error(
                        e.span,
                        format!("`Effect` must be \"Allow\" or \"Deny\"{hint}"),
                    );
                    Effect::Deny
                }
            },
        };
        let (not_action, action_el) = match (&st.action, &st.not_action) {
            (Some(a), None) => (false, a),
            (None, Some(a)) => (true, a),
            (Some(_), Some(b)) => {
                self.error(
                    b.key_span,
                    "a statement cannot have both `Action` and `NotAction`",
                );
                return None;
            }
            (None, None) => {
                self.error(
                    st.span,
                    format!("{} has no `Action` or `NotAction`", st.label()),
                );
                return None;
            }
        };
        let actions = self.actions(action_el);
        let resources = match (&st.resource, &st.not_resource) {
            (Some(r), None) => Some((false, self.resources(r))),
            (None, Some(r)) => Some((true, self.resources(r))),
            (Some(_), Some(b)) => {
                self.error(
                    b.key_span,
                    "a statement cannot have both `Resource` and `NotResource`",
                );
                None
            }
            (None, None) => {
                if self.policy_type != PolicyType::Trust {
                    self.error(
                        st.span,
                        format!("{} has no `Resource` or `NotResource`", st.label()),
                    );
                }
                None
            }
        };
        let resource_span = st
            .resource
            .as_ref()
            .or(st.not_resource.as_ref())
            .map_or(st.span, |r| r.key_span);
        let principals = self.principals(st);
        let principal_span = st
            .principal
            .as_ref()
            .or(st.not_principal.as_ref())
            .map_or(st.span, |p| p.key_span);
        let conditions = st
            .condition
            .as_ref()
            .map(|c| self.conditions(c))
            .unwrap_or_default();
        if self.errors.len() > before {
            return None;
        }
        Some(CompiledStatement {
            position: st.index.unwrap_or(position),
            sid: st.sid_str().map(str::to_string),
            effect,
            span: st.span,
            not_action,
            actions_by_service: by_service(&actions),
            wildcard_service_actions: actions
                .iter()
                .filter(|a| a.service.is_none() || a.service_has_wildcard)
                .cloned()
                .collect(),
            actions,
            action_span: action_el.key_span,
            resources,
            resource_span,
            principals,
            principal_span,
            conditions,
        })
    }

    fn strings<'a>(&mut self, el: &'a Element<Values>) -> Vec<(&'a str, Span)> {
        let mut out = Vec::new();
        for item in &el.value.items {
            match item.value.as_str() {
                Some(s) => out.push((s, item.span)),
                None => self.error(
                    item.span,
                    format!(
                        "`{}` values must be strings, not a {}",
                        el.name,
                        item.value.type_name()
                    ),
                ),
            }
        }
        if el.value.items.is_empty() {
            self.error(el.span, format!("`{}` is an empty list", el.name));
        }
        out
    }

    fn actions(&mut self, el: &Element<Values>) -> Vec<ActionPattern> {
        let mut out = Vec::new();
        for (s, span) in self.strings(el) {
            if s == "*" {
                out.push(ActionPattern {
                    service: None,
                    name: "*".to_string(),
                    service_has_wildcard: true,
                });
                continue;
            }
            match s.split_once(':') {
                Some((service, name)) if !service.is_empty() && !name.is_empty() => {
                    let service = service.to_ascii_lowercase();
                    out.push(ActionPattern {
                        service_has_wildcard: service.contains(['*', '?']),
                        service: Some(service),
                        name: name.to_ascii_lowercase(),
                    });
                }
                _ => self.error(
                    span,
                    format!("`{s}` is not an action: write `service:ActionName` or `*`"),
                ),
            }
        }
        out
    }

    fn resources(&mut self, el: &Element<Values>) -> Vec<(Template, String)> {
        let mut out = Vec::new();
        for (s, span) in self.strings(el) {
            match resource_template(s, self.variables) {
                Ok(t) => out.push((t, s.to_string())),
                Err(e) => self.error(span, e),
            }
        }
        out
    }

    fn principals(&mut self, st: &Statement) -> Option<(bool, Vec<PrincipalPattern>)> {
        let (negated, el) = match (&st.principal, &st.not_principal) {
            (Some(p), None) => (false, p),
            (None, Some(p)) => (true, p),
            (Some(_), Some(b)) => {
                self.error(
                    b.key_span,
                    "a statement cannot have both `Principal` and `NotPrincipal`",
                );
                return None;
            }
            (None, None) => {
                if self.policy_type.has_principals() {
                    self.error(
                        st.span,
                        format!(
                            "{} has no `Principal`, which a {} policy requires",
                            st.label(),
                            self.policy_type
                        ),
                    );
                }
                return None;
            }
        };
        if !self.policy_type.has_principals() {
            self.error(
                el.key_span,
                format!(
                    "`{}` is not allowed in a {} policy",
                    el.name, self.policy_type
                ),
            );
            return None;
        }
        if negated && self.policy_type == PolicyType::Trust {
            self.error(
                el.key_span,
                "`NotPrincipal` is not allowed in a role trust policy",
            );
        }
        let mut out = Vec::new();
        match &el.value {
            Principal::Scalar(s) if s.value.as_str() == Some("*") => out.push(PrincipalPattern::Any),
            Principal::Scalar(s) => self.error(
                s.span,
                "`Principal` must be \"*\" or an object such as {\"AWS\": \"arn:aws:iam::111122223333:root\"}",
            ),
            Principal::Other(t) => self.error(el.span, format!("`{}` must be \"*\" or an object, not a {t}", el.name)),
            Principal::Map(entries) => {
                for e in entries {
                    if e.kind == PrincipalKind::Unknown {
                        let names = PrincipalKind::NAMES.iter().map(|(n, _)| *n);
                        let hint = did_you_mean(&e.name, names)
                            .map(|s| format!("; did you mean `{s}`?"))
                            .unwrap_or_default();
                        self.error(e.key_span, format!("`{}` is not a principal type (AWS, Service, Federated, CanonicalUser){hint}", e.name));
                        continue;
                    }
                    for item in &e.values.items {
                        let Some(v) = item.value.as_str() else {
                            self.error(item.span, format!("principal values must be strings, not a {}", item.value.type_name()));
                            continue;
                        };
                        match principal_pattern(e.kind, v) {
                            Ok(p) => out.push(p),
                            Err(m) => self.error(item.span, m),
                        }
                    }
                }
            }
        }
        Some((negated, out))
    }

    fn conditions(&mut self, cond: &Element<Condition>) -> Vec<CompiledCondition> {
        let mut out = Vec::new();
        if !cond.value.is_object {
            self.error(cond.span, "`Condition` must be an object of operators");
            return out;
        }
        for block in &cond.value.blocks {
            let operator = match block.parse_operator() {
                Ok(op) => op,
                Err(e) => {
                    self.error(block.key_span, e.to_string());
                    continue;
                }
            };
            if operator.base == BaseOperator::Null && operator.if_exists {
                self.error(
                    block.key_span,
                    "`Null` cannot take `IfExists`: it already tests whether the key exists",
                );
                continue;
            }
            if !block.is_object {
                self.error(
                    block.span,
                    format!(
                        "the value of `{}` must be an object of condition keys",
                        block.operator
                    ),
                );
                continue;
            }
            for entry in &block.entries {
                let mut values = Vec::new();
                for item in &entry.values.items {
                    let text = match &item.value {
                        Scalar::String(_) | Scalar::Number(_) | Scalar::Bool(_) => {
                            item.value.text().map(|t| t.into_owned())
                        }
                        _ => None,
                    };
                    let Some(raw) = text else {
                        self.error(
                            item.span,
                            format!(
                                "condition values must be strings, numbers or booleans, not a {}",
                                item.value.type_name()
                            ),
                        );
                        continue;
                    };
                    match typed_value(operator.base, &raw, self.variables) {
                        Ok(kind) => values.push(TypedValue { raw, kind }),
                        Err(m) => self.error(item.span, m),
                    }
                }
                out.push(CompiledCondition {
                    operator,
                    operator_text: block.operator.clone(),
                    key: entry.key.clone(),
                    key_span: entry.key_span,
                    values,
                });
            }
        }
        out
    }
}

fn by_service(actions: &[ActionPattern]) -> Vec<(String, Vec<String>)> {
    let mut map: std::collections::BTreeMap<&str, Vec<String>> = std::collections::BTreeMap::new();
    for a in actions {
        if let Some(s) = a.service.as_deref().filter(|_| !a.service_has_wildcard) {
            map.entry(s).or_default().push(a.name.clone());
        }
    }
    map.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// The entry of `service` in a list sorted by service.
pub(crate) fn lookup<'a, T>(sorted: &'a [(String, T)], service: &str) -> Option<&'a T> {
    sorted
        .binary_search_by(|(s, _)| s.as_str().cmp(service))
        .ok()
        .and_then(|i| sorted.get(i))
        .map(|(_, v)| v)
}

/// Variables in `Resource` are substituted wherever they appear. The
/// variables page says "in the resource part"; AWS's own managed policy
/// `AmazonTimestreamInfluxDBServiceRolePolicy` has
/// `arn:*:kms:*:${aws:PrincipalAccount}:key/*`, so AWS accepts them in the
/// account field too (a lint rule may still point at it).
fn resource_template(s: &str, variables: bool) -> Result<Template, String> {
    Template::parse(s, variables)
}

fn principal_pattern(kind: PrincipalKind, v: &str) -> Result<PrincipalPattern, String> {
    match kind {
        PrincipalKind::Aws => {
            if v == "*" {
                return Ok(PrincipalPattern::Any);
            }
            if is_account_id(v) {
                return Ok(PrincipalPattern::Account(v.to_string()));
            }
            if v.contains(['*', '?']) {
                return Err(format!(
                    "`{v}`: wildcards are not allowed in principal ARNs (use \"*\" with an `aws:PrincipalArn` condition)"
                ));
            }
            if let Some(arn) = super::arn::Arn::parse(v)
                && arn.service == "iam"
                && arn.resource == "root"
            {
                return Ok(PrincipalPattern::Account(arn.account.to_string()));
            }
            Ok(PrincipalPattern::Arn(v.to_string()))
        }
        PrincipalKind::Service => Ok(PrincipalPattern::Service(v.to_ascii_lowercase())),
        PrincipalKind::Federated => Ok(PrincipalPattern::Federated(v.to_string())),
        PrincipalKind::CanonicalUser => Ok(PrincipalPattern::CanonicalUser(v.to_string())),
        PrincipalKind::Unknown => Err(format!("`{v}` has an unknown principal type")),
    }
}

fn typed_value(op: BaseOperator, raw: &str, variables: bool) -> Result<ValueKind, String> {
    let no_vars = |what: &str| {
        if variables && raw.contains("${") {
            format!(
                "`{raw}`: policy variables cannot be used with {} operators, and the text is not {what}",
                op.name()
            )
        } else {
            format!("`{raw}` is not {what}, as `{}` requires", op.name())
        }
    };
    match op.family() {
        OperatorFamily::String | OperatorFamily::Arn => {
            Ok(ValueKind::Text(Template::parse(raw, variables)?))
        }
        OperatorFamily::Bool => {
            let t = Template::parse(raw, variables)?;
            if !t.has_variables()
                && !raw.eq_ignore_ascii_case("true")
                && !raw.eq_ignore_ascii_case("false")
            {
                return Err(no_vars("a boolean (`true` or `false`)"));
            }
            Ok(ValueKind::Text(t))
        }
        OperatorFamily::Numeric => Decimal::parse(raw)
            .map(ValueKind::Number)
            .ok_or_else(|| no_vars("a number")),
        OperatorFamily::Date => parse_date(raw).map(ValueKind::Date).ok_or_else(|| {
            no_vars("a date (ISO 8601 such as 2030-01-01T00:00:00Z, or epoch seconds)")
        }),
        OperatorFamily::IpAddress => parse_network(raw)
            .map(ValueKind::Network)
            .ok_or_else(|| no_vars("an IP address or CIDR block")),
        OperatorFamily::Binary => decode_base64(raw)
            .map(ValueKind::Binary)
            .ok_or_else(|| no_vars("base-64 data")),
        OperatorFamily::Null => match raw.to_ascii_lowercase().as_str() {
            "true" => Ok(ValueKind::Null(true)),
            "false" => Ok(ValueKind::Null(false)),
            _ => Err(no_vars("`true` or `false`")),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Limits, Syntax, parse};

    fn errors(text: &str, t: PolicyType) -> Vec<String> {
        let parsed = parse(Syntax::Json, text, &Limits::default());
        let policy = Policy::from_node(&parsed.root.unwrap_or_default());
        match compile(&policy, t) {
            Ok(_) => Vec::new(),
            Err(e) => e.into_iter().map(|e| e.message).collect(),
        }
    }

    #[test]
    fn unknown_operators_and_elements_are_errors() {
        let e = errors(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condtion":{},"Condition":{"StringEqualz":{"a":"b"}}}}"#,
            PolicyType::Identity,
        );
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(e.iter().any(|m| m.contains("did you mean `Condition`")));
        assert!(e.iter().any(|m| m.contains("did you mean `StringEquals`")));
    }

    #[test]
    fn grammar_depends_on_the_policy_type() {
        let with_principal =
            r#"{"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}}"#;
        assert!(!errors(with_principal, PolicyType::Identity).is_empty());
        assert!(errors(with_principal, PolicyType::Resource).is_empty());
        let without = r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#;
        assert!(!errors(without, PolicyType::Resource).is_empty());
        let trust = r#"{"Statement":{"Effect":"Allow","NotPrincipal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"}}"#;
        assert!(!errors(trust, PolicyType::Trust).is_empty());
    }

    #[test]
    fn values_are_checked_against_the_operator() {
        let bad = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{
            "DateLessThan":{"aws:CurrentTime":"soon"},"IpAddress":{"aws:SourceIp":"10.0.0.0/33"},
            "NumericLessThan":{"s3:max-keys":"${aws:username}"},"NullIfExists":{"a":"true"},"Bool":{"b":"yes"}}}}"#;
        assert_eq!(errors(bad, PolicyType::Identity).len(), 5);
    }

    #[test]
    fn statements_are_indexed_by_service() {
        let parsed = parse(
            Syntax::Json,
            r#"{"Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"},{"Effect":"Allow","Action":"EC2:Describe*","Resource":"*"},{"Effect":"Deny","NotAction":"iam:*","Resource":"*"}]}"#,
            &Limits::default(),
        );
        let policy = Policy::from_node(&parsed.root.unwrap_or_default());
        let c = compile(&policy, PolicyType::Identity).unwrap_or_default();
        assert_eq!(c.candidates("ec2").collect::<Vec<_>>(), vec![1, 2]);
        assert_eq!(c.candidates("kms").collect::<Vec<_>>(), vec![2]);
    }
}
