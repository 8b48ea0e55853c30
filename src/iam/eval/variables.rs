//! Policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'none'}`,
//! `${*}`, `${?}`, `${$}`), parsed once per policy value and resolved per
//! request (iam-semantics.md 8.5).

use std::borrow::Cow;

use super::request::Context;

/// Stands for a literal `*` produced by `${*}`: it must not act as a
/// wildcard. A Unicode noncharacter (reserved for internal use), so it does
/// not occur in policies or requests.
pub(crate) const LITERAL_STAR: char = '\u{FDD0}';
/// Stands for a literal `?` produced by `${?}`.
pub(crate) const LITERAL_QUESTION: char = '\u{FDD1}';

#[derive(Debug, Clone, PartialEq)]
enum Part {
    Literal(String),
    Variable {
        name: String,
        default: Option<String>,
    },
}

/// A policy value with its variables located.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Template {
    parts: Vec<Part>,
}

/// A variable that could not be resolved, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Unresolved {
    pub name: String,
    pub multivalued: bool,
}

impl Template {
    /// A template of literal text only.
    pub fn literal(text: &str) -> Template {
        Template {
            parts: vec![Part::Literal(text.to_string())],
        }
    }

    /// Parses `${…}` in `text`; with `enabled` false (Version missing or
    /// 2008-10-17) the whole text is literal.
    ///
    /// # Errors
    /// A malformed variable (the text AWS's validator rejects).
    pub fn parse(text: &str, enabled: bool) -> Result<Template, String> {
        if !enabled || !text.contains("${") {
            return Ok(Template::literal(text));
        }
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            literal.push_str(rest.get(..start).unwrap_or(""));
            let after = rest.get(start + 2..).unwrap_or("");
            let Some(end) = after.find('}') else {
                return Err(format!(
                    "the variable `{}` is missing its closing `}}`",
                    rest.get(start..).unwrap_or("")
                ));
            };
            let body = after.get(..end).unwrap_or("");
            rest = after.get(end + 1..).unwrap_or("");
            match body {
                "*" => literal.push(LITERAL_STAR),
                "?" => literal.push(LITERAL_QUESTION),
                "$" => literal.push('$'),
                _ => {
                    if !literal.is_empty() {
                        parts.push(Part::Literal(std::mem::take(&mut literal)));
                    }
                    parts.push(parse_variable(body)?);
                }
            }
        }
        literal.push_str(rest);
        if !literal.is_empty() || parts.is_empty() {
            parts.push(Part::Literal(literal));
        }
        Ok(Template { parts })
    }

    /// Whether the value holds a variable to resolve.
    pub fn has_variables(&self) -> bool {
        self.parts
            .iter()
            .any(|p| matches!(p, Part::Variable { .. }))
    }

    /// The value with variables substituted from the context: a
    /// single-valued key's value, else the default, else unresolved.
    pub fn resolve(&self, context: &Context) -> Result<Cow<'_, str>, Unresolved> {
        if let [Part::Literal(s)] = self.parts.as_slice() {
            return Ok(Cow::Borrowed(s));
        }
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(s) => out.push_str(s),
                Part::Variable { name, default } => {
                    match context.get(name).map(|v| v.values.as_slice()) {
                        Some([one]) => out.push_str(one),
                        found => match default {
                            Some(d) => out.push_str(d),
                            None => {
                                return Err(Unresolved {
                                    name: name.clone(),
                                    multivalued: found.is_some_and(|v| v.len() > 1),
                                });
                            }
                        },
                    }
                }
            }
        }
        Ok(Cow::Owned(out))
    }

    /// The value as written, for traces.
    pub fn source_text(&self) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(s) => out.push_str(&display(s)),
                Part::Variable { name, default } => {
                    out.push_str("${");
                    out.push_str(name);
                    if let Some(d) = default {
                        out.push_str(", '");
                        out.push_str(d);
                        out.push('\'');
                    }
                    out.push('}');
                }
            }
        }
        out
    }
}

/// `name` or `name, 'default'`: a comma and a space, the default in single
/// quotes; no other spaces.
fn parse_variable(body: &str) -> Result<Part, String> {
    let (name, default) = match body.split_once(',') {
        Some((name, rest)) => {
            let rest = rest.trim_start();
            let Some(quoted) = rest.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')) else {
                return Err(format!(
                    "the default of `${{{body}}}` must be in single quotes: `${{{name}, 'value'}}`"
                ));
            };
            (name, Some(quoted.to_string()))
        }
        None => (body, None),
    };
    if name.is_empty() {
        return Err("an empty variable `${}`".to_string());
    }
    if name.contains(char::is_whitespace) {
        return Err(format!("the variable `${{{body}}}` contains a space"));
    }
    Ok(Part::Variable {
        name: name.to_string(),
        default,
    })
}

/// Text with the literal-wildcard stand-ins shown as `*` and `?` again.
pub(crate) fn display(s: &str) -> String {
    if s.contains([LITERAL_STAR, LITERAL_QUESTION]) {
        s.replace(LITERAL_STAR, "*").replace(LITERAL_QUESTION, "?")
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(pairs: &[(&str, &str)]) -> Context {
        let mut c = Context::default();
        for (k, v) in pairs {
            c.add(k, v);
        }
        c
    }

    #[test]
    fn substitutes_variables_defaults_and_escapes() {
        let c = ctx(&[("aws:username", "alice")]);
        let t = Template::parse("home/${AWS:UserName}/${*}${?}${$}", true);
        assert_eq!(
            t.as_ref().map(|t| t.resolve(&c).map(Cow::into_owned)),
            Ok(Ok(format!("home/alice/{LITERAL_STAR}{LITERAL_QUESTION}$")))
        );
        let t = Template::parse("${aws:PrincipalTag/team, 'company-wide'}", true);
        assert_eq!(
            t.map(|t| t.resolve(&c).map(Cow::into_owned)),
            Ok(Ok("company-wide".to_string()))
        );
    }

    #[test]
    fn literal_text_when_variables_are_off() {
        let t = Template::parse("${aws:username}", false);
        assert_eq!(
            t.map(|t| t.resolve(&Context::default()).map(Cow::into_owned)),
            Ok(Ok("${aws:username}".to_string()))
        );
    }

    #[test]
    fn missing_and_multivalued_keys_do_not_resolve() {
        let c = ctx(&[("aws:TagKeys", "a"), ("aws:TagKeys", "b")]);
        let t = Template::parse("${aws:username}", true);
        assert!(t.is_ok_and(|t| t.resolve(&c).is_err()));
        let t = Template::parse("${aws:TagKeys}", true);
        assert!(t.is_ok_and(|t| t.resolve(&c).is_err_and(|u| u.multivalued)));
    }

    #[test]
    fn malformed_variables_are_errors() {
        assert!(Template::parse("${aws:username", true).is_err());
        assert!(Template::parse("${}", true).is_err());
        assert!(Template::parse("${aws:x, none}", true).is_err());
        assert!(Template::parse("${aws: x}", true).is_err());
    }
}
