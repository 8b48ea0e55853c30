//! CloudFormation's resource property catalogue, embedded and loaded lazily.
//!
//! The data (`data/cfn-schemas/us-east-1.txt`, format described in
//! `tools/cfn_schemas.py`) is compiled into the binary as text. The first
//! lookup indexes the resource types (one pass over the text); a type's
//! block is parsed the first time that type is asked for, and kept.

use std::collections::BTreeMap;
use std::sync::OnceLock;

static DATA: &str = include_str!("../../data/cfn-schemas/us-east-1.txt");

/// The expected type of a property value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    String,
    Integer,
    Number,
    Boolean,
    /// An object of unknown shape.
    Object,
    /// Anything.
    Any,
    /// An object described by a definition of the same resource (index into `defs`).
    Def(usize),
    List(Box<Ty>),
    /// One of several.
    Union(Vec<Ty>),
}

impl Ty {
    /// A short name for messages: "a string", "a list of objects" …
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Ty::String => "a string".into(),
            Ty::Integer => "an integer".into(),
            Ty::Number => "a number".into(),
            Ty::Boolean => "a boolean".into(),
            Ty::Object | Ty::Def(_) => "an object".into(),
            Ty::Any => "any value".into(),
            Ty::List(inner) => match inner.as_ref() {
                Ty::Any => "a list".into(),
                other => format!("a list of {}", plural(other)),
            },
            Ty::Union(alts) => alts
                .iter()
                .map(Ty::describe)
                .collect::<Vec<_>>()
                .join(" or "),
        }
    }
}

fn plural(ty: &Ty) -> String {
    match ty {
        Ty::String => "strings".into(),
        Ty::Integer => "integers".into(),
        Ty::Number => "numbers".into(),
        Ty::Boolean => "booleans".into(),
        Ty::Object | Ty::Def(_) => "objects".into(),
        Ty::List(_) => "lists".into(),
        other => other.describe(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    Optional,
    Required,
    /// An attribute for `Fn::GetAtt`, not a settable property.
    ReadOnly,
}

#[derive(Debug, Clone)]
pub struct Prop {
    pub name: &'static str,
    pub ty: Ty,
    pub flag: Flag,
    /// Allowed values, when the schema lists them.
    pub allowed: Vec<&'static str>,
}

/// The properties of a resource or of one of its definitions.
#[derive(Debug, Clone, Default)]
pub struct Shape {
    pub name: &'static str,
    /// Whether properties not listed are allowed.
    pub open: bool,
    /// Sorted by name.
    pub props: Vec<Prop>,
}

impl Shape {
    #[must_use]
    pub fn prop(&self, name: &str) -> Option<&Prop> {
        self.props
            .binary_search_by(|p| p.name.cmp(name))
            .ok()
            .and_then(|i| self.props.get(i))
    }
}

#[derive(Debug, Clone)]
pub struct ResourceSchema {
    pub type_name: &'static str,
    pub root: Shape,
    pub defs: Vec<Shape>,
}

impl ResourceSchema {
    #[must_use]
    pub fn def(&self, i: usize) -> Option<&Shape> {
        self.defs.get(i)
    }
}

struct Index {
    /// Type name → (slot, block text).
    blocks: BTreeMap<&'static str, (usize, &'static str)>,
    parsed: Vec<OnceLock<ResourceSchema>>,
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut blocks = BTreeMap::new();
        let mut starts: Vec<(usize, &'static str)> = Vec::new();
        let mut offset = 0;
        for line in DATA.split_inclusive('\n') {
            if let Some(rest) = line.strip_prefix('=') {
                let name = rest.split(['\t', '\n']).next().unwrap_or("");
                starts.push((offset, name));
            }
            offset += line.len();
        }
        for (i, &(start, name)) in starts.iter().enumerate() {
            let end = starts.get(i + 1).map_or(DATA.len(), |s| s.0);
            blocks.insert(name, (i, DATA.get(start..end).unwrap_or("")));
        }
        let parsed = (0..starts.len()).map(|_| OnceLock::new()).collect();
        Index { blocks, parsed }
    })
}

/// The schema of a resource type, when the catalogue has it.
#[must_use]
pub fn resource_schema(type_name: &str) -> Option<&'static ResourceSchema> {
    let idx = index();
    let &(slot, text) = idx.blocks.get(type_name)?;
    Some(idx.parsed.get(slot)?.get_or_init(|| parse_block(text)))
}

/// Every resource type of the catalogue, sorted.
pub fn resource_types() -> impl Iterator<Item = &'static str> {
    index().blocks.keys().copied()
}

/// A property line before its type code is parsed: name, code, flag, allowed values.
type RawProp = (&'static str, &'static str, Flag, Vec<&'static str>);

fn parse_block(text: &'static str) -> ResourceSchema {
    let mut shapes: Vec<(Shape, Vec<RawProp>)> = Vec::new();
    for line in text.lines() {
        let mut cols = line.split('\t');
        let first = cols.next().unwrap_or("");
        if let Some(name) = first.strip_prefix('=').or_else(|| first.strip_prefix('@')) {
            let open = cols.next() == Some("+");
            shapes.push((
                Shape {
                    name,
                    open,
                    props: Vec::new(),
                },
                Vec::new(),
            ));
            continue;
        }
        let (Some(code), Some(flag)) = (cols.next(), cols.next()) else {
            continue;
        };
        let flag = match flag {
            "R" => Flag::Required,
            "O" => Flag::ReadOnly,
            _ => Flag::Optional,
        };
        if let Some((_, props)) = shapes.last_mut() {
            props.push((first, code, flag, cols.collect()));
        }
    }
    let def_index: BTreeMap<&str, usize> = shapes
        .iter()
        .skip(1)
        .enumerate()
        .map(|(i, (s, _))| (s.name, i))
        .collect();
    let mut built: Vec<Shape> = shapes
        .into_iter()
        .map(|(mut shape, props)| {
            shape.props = props
                .into_iter()
                .map(|(name, code, flag, allowed)| Prop {
                    name,
                    ty: parse_ty(code, &def_index),
                    flag,
                    allowed,
                })
                .collect();
            shape.props.sort_by(|a, b| a.name.cmp(b.name));
            shape
        })
        .collect();
    let root = if built.is_empty() {
        Shape::default()
    } else {
        built.remove(0)
    };
    ResourceSchema {
        type_name: root.name,
        root,
        defs: built,
    }
}

fn parse_ty(code: &str, defs: &BTreeMap<&str, usize>) -> Ty {
    if code.contains('|') {
        return Ty::Union(code.split('|').map(|c| parse_ty(c, defs)).collect());
    }
    if let Some(inner) = code.strip_prefix('[') {
        return Ty::List(Box::new(parse_ty(inner, defs)));
    }
    if let Some(def) = code.strip_prefix('@') {
        return defs.get(def).map_or(Ty::Object, |&i| Ty::Def(i));
    }
    match code {
        "s" => Ty::String,
        "i" => Ty::Integer,
        "n" => Ty::Number,
        "b" => Ty::Boolean,
        "o" => Ty::Object,
        _ => Ty::Any,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn security_group_schema() {
        let sg = resource_schema("AWS::EC2::SecurityGroup");
        let Some(sg) = sg else {
            panic!("no schema for AWS::EC2::SecurityGroup");
        };
        assert!(!sg.root.open);
        assert_eq!(
            sg.root.prop("GroupDescription").map(|p| p.flag),
            Some(Flag::Required)
        );
        assert_eq!(
            sg.root.prop("GroupId").map(|p| p.flag),
            Some(Flag::ReadOnly)
        );
        let Some(Ty::List(inner)) = sg.root.prop("SecurityGroupIngress").map(|p| p.ty.clone())
        else {
            panic!("SecurityGroupIngress is not a list");
        };
        let Ty::Def(i) = *inner else {
            panic!("not a definition")
        };
        let ingress = sg.def(i);
        assert_eq!(ingress.map(|d| d.name), Some("Ingress"));
        assert_eq!(
            ingress
                .and_then(|d| d.prop("FromPort"))
                .map(|p| p.ty.clone()),
            Some(Ty::Integer)
        );
        assert!(resource_schema("AWS::Nope::Nope").is_none());
        assert!(resource_types().count() > 1000);
    }

    #[test]
    fn every_block_parses() {
        for t in resource_types() {
            let s = resource_schema(t);
            assert!(s.is_some_and(|s| s.type_name == t), "{t}");
        }
    }
}
