//! Resolving a condition key used in a policy to its declaration: global keys,
//! service keys, and templated keys (`aws:RequestTag/${TagKey}`, `s3:ExistingObjectTag/<key>`)
//! whose variable part stands for one or more characters.

use std::collections::HashMap;

use super::decode::{Outline, body_lines, condition_key};
use super::model::{ConditionKeyInfo, KeyScope};
use crate::iam::wildcard::wildcard_match;

/// Every declared condition key, by lower-cased name, plus the templated ones as patterns.
pub(super) struct KeyIndex {
    exact: HashMap<String, ConditionKeyInfo>,
    templates: Vec<Template>,
}

struct Template {
    /// The declared name with each variable replaced by `?*`.
    pattern: String,
    /// Characters outside the variables: the more, the more specific.
    literal_len: usize,
    info: ConditionKeyInfo,
}

impl KeyIndex {
    /// Indexes the global keys, then every service's `K` records (without decoding the actions).
    /// A malformed record is skipped here; decoding that service reports it.
    pub(super) fn build(outline: &Outline) -> KeyIndex {
        let mut index = KeyIndex {
            exact: HashMap::new(),
            templates: Vec::new(),
        };
        for global in &outline.globals {
            let scope = KeyScope::Global {
                category: global.category,
            };
            index.add(global.name, global.key_type, scope);
        }
        for section in &outline.sections {
            for (number, line) in body_lines(section) {
                let Some(rest) = line.strip_prefix("K\t") else {
                    continue;
                };
                let Ok(key) = condition_key(rest.split('\t'), number) else {
                    continue;
                };
                let scope = KeyScope::Service {
                    prefix: section.prefix,
                };
                index.add(key.name, key.key_type, scope);
            }
        }
        index
    }

    fn add(&mut self, name: &'static str, key_type: super::model::KeyType, scope: KeyScope) {
        let info = ConditionKeyInfo {
            name,
            key_type,
            scope,
            templated: false,
        };
        let lower = name.to_ascii_lowercase();
        match self.exact.get_mut(&lower) {
            None => {}
            Some(existing) => {
                // Several services declare e.g. `ec2:Attribute`; prefer the one the key is named after.
                if owns(existing, name) || !owns(&info, name) {
                    return;
                }
                *existing = info;
                if let Some(t) = self
                    .templates
                    .iter_mut()
                    .find(|t| t.info.name.eq_ignore_ascii_case(name))
                {
                    t.info = ConditionKeyInfo {
                        templated: true,
                        ..info
                    };
                }
                return;
            }
        }
        self.exact.insert(lower, info);
        if let Some((pattern, literal_len)) = template_pattern(name) {
            self.templates.push(Template {
                pattern,
                literal_len,
                info: ConditionKeyInfo {
                    templated: true,
                    ..info
                },
            });
        }
    }

    /// The declaration `name` refers to: an exact declaration first, else the most specific
    /// template it fills in (global keys win ties).
    pub(super) fn resolve(&self, name: &str) -> Option<ConditionKeyInfo> {
        if let Some(info) = self.exact.get(&name.to_ascii_lowercase()) {
            return Some(*info);
        }
        let mut best: Option<&Template> = None;
        for template in &self.templates {
            if !wildcard_match(&template.pattern, name, true) {
                continue;
            }
            let better = best.is_none_or(|b| {
                template.literal_len > b.literal_len
                    || (template.literal_len == b.literal_len
                        && is_global(&template.info)
                        && !is_global(&b.info))
            });
            if better {
                best = Some(template);
            }
        }
        best.map(|t| t.info)
    }
}

fn is_global(info: &ConditionKeyInfo) -> bool {
    matches!(info.scope, KeyScope::Global { .. })
}

/// Whether the declaring scope is the one the key's prefix names (or global).
fn owns(info: &ConditionKeyInfo, name: &str) -> bool {
    match info.scope {
        KeyScope::Global { .. } => true,
        KeyScope::Service { prefix } => name
            .split_once(':')
            .is_some_and(|(p, _)| p.eq_ignore_ascii_case(prefix)),
    }
}

/// `aws:RequestTag/${TagKey}` → (`aws:RequestTag/?*`, 15). `None` for a key without variables,
/// or one whose literal text has `*`/`?` (it could not be told apart from the variables).
fn template_pattern(name: &str) -> Option<(String, usize)> {
    if !name.contains("${") && !name.contains('<') {
        return None;
    }
    let mut pattern = String::with_capacity(name.len());
    let mut literal_len = 0;
    let mut rest = name;
    while !rest.is_empty() {
        let variable_end = if rest.starts_with("${") {
            rest.find('}')
        } else if rest.starts_with('<') {
            rest.find('>')
        } else {
            None
        };
        if let Some(end) = variable_end {
            pattern.push_str("?*");
            rest = rest.get(end + 1..).unwrap_or("");
            continue;
        }
        let mut chars = rest.chars();
        let Some(c) = chars.next() else { break };
        if c == '*' || c == '?' {
            return None;
        }
        pattern.push(c);
        literal_len += 1;
        rest = chars.as_str();
    }
    Some((pattern, literal_len))
}

#[cfg(test)]
mod tests {
    use super::template_pattern;

    #[test]
    fn template_patterns() {
        assert_eq!(
            template_pattern("aws:RequestTag/${TagKey}"),
            Some(("aws:RequestTag/?*".to_owned(), 15))
        );
        assert_eq!(
            template_pattern("s3:ExistingObjectTag/<key>"),
            Some(("s3:ExistingObjectTag/?*".to_owned(), 21))
        );
        assert_eq!(
            template_pattern("token.actions.${Domain}.ghe.com:actor"),
            Some(("token.actions.?*.ghe.com:actor".to_owned(), 28))
        );
        assert_eq!(template_pattern("aws:SourceIp"), None);
        assert_eq!(template_pattern("x:a*${B}"), None);
    }
}
