//! Reading the data file `data/iam-catalog.tsv`: one record per line, tab-separated,
//! first field the record kind (format in `docs/iam-catalogue.md`):
//!
//! ```text
//! H  key  value                                   header (source, dates, counts)
//! G  aws:SourceIp  IPAddress  network             global condition key
//! S  iam  AWS Identity and Access Management      starts a service section
//! K  iam:PassedToService  String                  service condition key
//! R  role  arn:…:role/${RoleNameWithPath}  k1,k2  resource type: ARN formats (space-separated), keys
//! A  PassRole  W  role!=k1;user  k2,k3  dep1      action: access level, resource types
//!                                                 (`!` = required, `=` keys), keys, dependent actions
//! ```
//!
//! The file is split into service sections once; a section is decoded on first use.

use super::model::{
    AccessLevel, Action, ActionResource, ConditionKey, GlobalKey, KeyType, ResourceType, Service,
    SourceInfo, cmp_ignore_case,
};

/// The only format version this code reads.
pub(super) const FORMAT: &str = "1";

/// A malformed data file: the line and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("IAM catalogue data, line {line}: {message}")]
pub struct CatalogError {
    pub line: usize,
    pub message: String,
}

fn error(line: usize, message: impl Into<String>) -> CatalogError {
    CatalogError {
        line,
        message: message.into(),
    }
}

/// A service section not decoded yet.
pub(super) struct Section {
    pub prefix: &'static str,
    pub name: &'static str,
    /// The lines after the `S` line, up to the next `S` line.
    pub body: &'static str,
    /// 1-based line number of the `S` line.
    pub line: usize,
}

/// Everything outside the service sections.
pub(super) struct Outline {
    pub source: SourceInfo,
    pub globals: Vec<GlobalKey>,
    /// Sorted by prefix, case-insensitively.
    pub sections: Vec<Section>,
}

/// The header fields, read up to the first record that is not `H` (cheap: for `--version`).
pub(super) fn read_header(text: &'static str) -> Result<SourceInfo, CatalogError> {
    let mut source = SourceInfo::default();
    let mut format = None;
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut fields = line.trim_end_matches('\r').split('\t');
        if fields.next() != Some("H") {
            break;
        }
        let (Some(key), Some(value)) = (fields.next(), fields.next()) else {
            return Err(error(number, "a header record needs a key and a value"));
        };
        let count = || {
            value
                .parse::<usize>()
                .map_err(|_| error(number, format!("`{key}` is not a count: `{value}`")))
        };
        match key {
            "format" => format = Some(value),
            "package" => source.package = value,
            "version" => source.version = value,
            "updated" => source.updated = value,
            "generated" => source.generated = value,
            "services" => source.services = count()?,
            "actions" => source.actions = count()?,
            "resource-types" => source.resource_types = count()?,
            "condition-keys" => source.condition_keys = count()?,
            "global-keys" => source.global_keys = count()?,
            _ => {} // newer header fields are informative only
        }
    }
    match format {
        Some(FORMAT) => {}
        Some(other) => {
            return Err(error(
                1,
                format!("format `{other}` is not supported (expected {FORMAT})"),
            ));
        }
        None => {
            return Err(error(
                1,
                "no `format` header: not a cloudlint IAM catalogue",
            ));
        }
    }
    if source.package.is_empty() || source.version.is_empty() {
        return Err(error(1, "the header names no source package and version"));
    }
    Ok(source)
}

/// Reads the header and global keys and finds the service sections, without decoding them.
pub(super) fn outline(text: &'static str) -> Result<Outline, CatalogError> {
    let source = read_header(text)?;
    let mut globals = Vec::new();
    let mut sections: Vec<Section> = Vec::new();
    let mut offset = 0;
    let mut open: Option<(usize, &'static str, &'static str, usize)> = None; // (body start, prefix, name, line)
    for (index, raw) in text.split_inclusive('\n').enumerate() {
        let number = index + 1;
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        if line.starts_with("S\t") {
            if let Some(section) = close(text, open.take(), start) {
                sections.push(section);
            }
            let mut fields = line.split('\t').skip(1);
            let (Some(prefix), Some(name)) = (fields.next(), fields.next()) else {
                return Err(error(number, "a service record needs a prefix and a name"));
            };
            if prefix.is_empty() || prefix.contains(':') {
                return Err(error(number, format!("bad service prefix `{prefix}`")));
            }
            open = Some((offset, prefix, name, number));
        } else if open.is_none() {
            match line.split('\t').next() {
                Some("G") => globals.push(global(line, number)?),
                Some("H") => {}
                Some(kind) if kind.is_empty() || kind.starts_with('#') => {}
                Some(kind) => {
                    return Err(error(
                        number,
                        format!("`{kind}` record before the first service"),
                    ));
                }
                None => {}
            }
        }
    }
    if let Some(section) = close(text, open, offset) {
        sections.push(section);
    }
    sections.sort_by(|a, b| cmp_ignore_case(a.prefix, b.prefix));
    if let Some(pair) = sections
        .windows(2)
        .find(|w| matches!(w, [a, b] if a.prefix.eq_ignore_ascii_case(b.prefix)))
    {
        let line = pair.last().map_or(0, |s| s.line);
        return Err(error(line, "duplicate service prefix"));
    }
    globals.sort_by(|a: &GlobalKey, b: &GlobalKey| cmp_ignore_case(a.name, b.name));
    Ok(Outline {
        source,
        globals,
        sections,
    })
}

fn close(
    text: &'static str,
    open: Option<(usize, &'static str, &'static str, usize)>,
    end: usize,
) -> Option<Section> {
    let (start, prefix, name, line) = open?;
    Some(Section {
        prefix,
        name,
        body: text.get(start..end).unwrap_or(""),
        line,
    })
}

fn global(line: &'static str, number: usize) -> Result<GlobalKey, CatalogError> {
    let mut fields = line.split('\t').skip(1);
    let (Some(name), Some(kind), category) = (fields.next(), fields.next(), fields.next()) else {
        return Err(error(number, "a global key record needs a name and a type"));
    };
    Ok(GlobalKey {
        name: key_name(name, number)?,
        key_type: key_type(kind, number)?,
        category: category.unwrap_or(""),
    })
}

/// The lines of a section body with their 1-based line numbers.
pub(super) fn body_lines(section: &Section) -> impl Iterator<Item = (usize, &'static str)> {
    let first = section.line + 1;
    section
        .body
        .lines()
        .enumerate()
        .map(move |(i, line)| (first + i, line.trim_end_matches('\r')))
}

/// Parses a `K` record (`fields` without the leading `K`).
pub(super) fn condition_key(
    mut fields: impl Iterator<Item = &'static str>,
    number: usize,
) -> Result<ConditionKey, CatalogError> {
    let (Some(name), Some(kind)) = (fields.next(), fields.next()) else {
        return Err(error(
            number,
            "a condition key record needs a name and a type",
        ));
    };
    Ok(ConditionKey {
        name: key_name(name, number)?,
        key_type: key_type(kind, number)?,
    })
}

/// Decodes one service section.
pub(super) fn service(section: &Section) -> Result<Service, CatalogError> {
    let mut service = Service {
        prefix: section.prefix,
        name: section.name,
        actions: Vec::new(),
        resource_types: Vec::new(),
        condition_keys: Vec::new(),
    };
    for (number, line) in body_lines(section) {
        let mut fields = line.split('\t');
        match fields.next() {
            Some("K") => service.condition_keys.push(condition_key(fields, number)?),
            Some("R") => service.resource_types.push(resource_type(fields, number)?),
            Some("A") => service.actions.push(action(fields, number)?),
            Some("") | None => {}
            Some(kind) if kind.starts_with('#') => {}
            Some(kind) => return Err(error(number, format!("unknown record kind `{kind}`"))),
        }
    }
    service
        .actions
        .sort_by(|a, b| cmp_ignore_case(a.name, b.name));
    service
        .resource_types
        .sort_by(|a, b| cmp_ignore_case(a.name, b.name));
    service
        .condition_keys
        .sort_by(|a, b| cmp_ignore_case(a.name, b.name));
    service
        .condition_keys
        .dedup_by(|a, b| a.name.eq_ignore_ascii_case(b.name));
    if let Some(pair) = service
        .actions
        .windows(2)
        .find(|w| matches!(w, [a, b] if a.name.eq_ignore_ascii_case(b.name)))
    {
        let name = pair.first().map_or("", |a| a.name);
        return Err(error(
            section.line,
            format!("duplicate action `{name}` in `{}`", section.prefix),
        ));
    }
    for action in &service.actions {
        for used in &action.resource_types {
            if service.resource_type(used.name).is_none() {
                return Err(error(
                    section.line,
                    format!(
                        "`{}:{}` names an undeclared resource type `{}`",
                        section.prefix, action.name, used.name
                    ),
                ));
            }
        }
    }
    Ok(service)
}

fn resource_type(
    mut fields: impl Iterator<Item = &'static str>,
    number: usize,
) -> Result<ResourceType, CatalogError> {
    let Some(name) = fields.next().filter(|n| !n.is_empty()) else {
        return Err(error(number, "a resource type record needs a name"));
    };
    let arn_formats: Vec<&str> = fields
        .next()
        .unwrap_or("")
        .split(' ')
        .filter(|a| !a.is_empty())
        .collect();
    if arn_formats.iter().any(|a| !a.starts_with("arn:")) {
        return Err(error(
            number,
            format!("resource type `{name}` has an ARN format not starting with `arn:`"),
        ));
    }
    Ok(ResourceType {
        name,
        arn_formats,
        condition_keys: list(fields.next(), ','),
    })
}

fn action(
    mut fields: impl Iterator<Item = &'static str>,
    number: usize,
) -> Result<Action, CatalogError> {
    let (Some(name), Some(level)) = (fields.next(), fields.next()) else {
        return Err(error(
            number,
            "an action record needs a name and an access level",
        ));
    };
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(error(number, format!("bad action name `{name}`")));
    }
    let Some(access_level) = AccessLevel::from_code(level) else {
        return Err(error(number, format!("unknown access level `{level}`")));
    };
    let resource_types = list(fields.next(), ';')
        .into_iter()
        .map(|entry| {
            let (head, keys) = entry.split_once('=').unwrap_or((entry, ""));
            let (name, required) = match head.strip_suffix('!') {
                Some(name) => (name, true),
                None => (head, false),
            };
            ActionResource {
                name,
                required,
                condition_keys: list(Some(keys), ','),
            }
        })
        .collect();
    Ok(Action {
        name,
        access_level,
        resource_types,
        condition_keys: list(fields.next(), ','),
        dependent_actions: list(fields.next(), ','),
    })
}

fn list(field: Option<&'static str>, separator: char) -> Vec<&'static str> {
    field
        .unwrap_or("")
        .split(separator)
        .filter(|item| !item.is_empty())
        .collect()
}

fn key_name(name: &'static str, number: usize) -> Result<&'static str, CatalogError> {
    if name
        .split_once(':')
        .is_none_or(|(prefix, rest)| prefix.is_empty() || rest.is_empty())
    {
        return Err(error(
            number,
            format!("condition key `{name}` is not `prefix:name`"),
        ));
    }
    Ok(name)
}

fn key_type(text: &str, number: usize) -> Result<KeyType, CatalogError> {
    KeyType::parse(text)
        .ok_or_else(|| error(number, format!("unknown condition key type `{text}`")))
}
