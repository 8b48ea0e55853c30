//! Conditions and the branches of `Fn::If`.
//!
//! A template's conditions are built from `Fn::Equals` tests on parameters
//! that are only known at deploy time, so every `Fn::If` has two live
//! branches. A [`Scenario`] fixes the outcome of each `Fn::Equals` test
//! (an *atom*); named conditions are then evaluated from their definitions,
//! so `IsProd` and `IsNotProd: !Not [!Condition IsProd]` never both hold.
//! [`Branches`] enumerates the scenarios that matter for one subtree, within
//! a fixed bound, and describes a set of scenarios in words
//! ("when condition IsProd is true").

use std::collections::{BTreeMap, BTreeSet};

use super::intrinsics::intrinsic;
use super::template::Template;
use crate::parse::{Node, Value};

/// Most atoms whose every combination is tried; past it, a linear set of
/// scenarios (all true, all false, each one alone) is used instead.
const MAX_EXHAUSTIVE_ATOMS: usize = 6;
/// Most scenarios for one subtree, whatever its shape.
const MAX_SCENARIOS: usize = 64;
/// How deep condition definitions may nest (`Fn::And` of `Fn::Or` of …).
const MAX_CONDITION_DEPTH: usize = 32;
/// Most nodes visited when looking for `Fn::If` in one subtree.
const MAX_SCAN_NODES: usize = 200_000;

/// An outcome for each atom (`Fn::Equals` test) of the template's conditions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scenario {
    atoms: BTreeMap<String, bool>,
}

impl Scenario {
    /// Whether the named condition holds in this scenario; `None` when it
    /// is not defined (or its definition is unreadable).
    #[must_use]
    pub fn condition(&self, template: &Template<'_>, name: &str) -> Option<bool> {
        eval_named(template, self, name, 0)
    }
}

fn eval_named(template: &Template<'_>, s: &Scenario, name: &str, depth: usize) -> Option<bool> {
    if depth > MAX_CONDITION_DEPTH {
        return None;
    }
    eval_expr(template, s, template.condition(name)?, depth + 1)
}

fn eval_expr(template: &Template<'_>, s: &Scenario, node: &Node, depth: usize) -> Option<bool> {
    if depth > MAX_CONDITION_DEPTH {
        return None;
    }
    if let Some(name) = condition_ref(node) {
        return eval_named(template, s, name, depth + 1);
    }
    let (func, arg) = intrinsic(node)?;
    match func {
        "Fn::Not" => eval_expr(template, s, arg.items().first()?, depth + 1).map(|b| !b),
        "Fn::And" => {
            let mut all = true;
            for item in arg.items() {
                all &= eval_expr(template, s, item, depth + 1)?;
            }
            Some(all)
        }
        "Fn::Or" => {
            let mut any = false;
            for item in arg.items() {
                any |= eval_expr(template, s, item, depth + 1)?;
            }
            Some(any)
        }
        "Fn::Equals" => match constant_equals(arg) {
            Some(b) => Some(b),
            None => s.atoms.get(&atom_key(node)).copied().or(Some(true)),
        },
        _ => None,
    }
}

/// The parameters whose defaults cannot stand for their values in
/// `scenario`: those of an `Fn::Equals` test, in the conditions `names` use,
/// that the defaults decide one way and the scenario the other. (In the
/// scenario where `HasKey: !Not [!Equals [!Ref KeyArn, ""]]` holds, `KeyArn`'s
/// default `""` is not its value.) Sorted.
#[must_use]
pub fn contradicted_parameters<'n>(
    template: &Template<'_>,
    scenario: &Scenario,
    names: impl IntoIterator<Item = &'n str>,
) -> Vec<String> {
    let mut tests = Vec::new();
    let mut seen = BTreeSet::new();
    for name in names {
        equals_tests(template, name, &mut tests, &mut seen);
    }
    let mut out = BTreeSet::new();
    for test in tests {
        let Some(in_scenario) = scenario.atoms.get(&atom_key(test)) else {
            continue;
        };
        if with_defaults(template, Some(test), 0).is_some_and(|v| v != *in_scenario) {
            test.walk(|_, n| {
                if let Some(("Ref", arg)) = intrinsic(n)
                    && let Some(p) = arg.as_str().filter(|p| template.parameter(p).is_some())
                {
                    out.insert(p.to_string());
                }
            });
        }
    }
    out.into_iter().collect()
}

/// The `Fn::Equals` tests of a named condition, through the conditions it uses.
fn equals_tests<'t>(
    template: &Template<'t>,
    name: &str,
    out: &mut Vec<&'t Node>,
    seen: &mut BTreeSet<String>,
) {
    if seen.len() > MAX_SCENARIOS || !seen.insert(name.to_string()) {
        return;
    }
    let Some(def) = template.condition(name) else {
        return;
    };
    let mut stack = vec![def];
    let mut refs = Vec::new();
    while let Some(n) = stack.pop() {
        if let Some(c) = condition_ref(n) {
            refs.push(c.to_string());
            continue;
        }
        match intrinsic(n) {
            Some(("Fn::Equals", _)) => out.push(n),
            Some(("Fn::Not" | "Fn::And" | "Fn::Or", arg)) => stack.extend(arg.items()),
            _ => {}
        }
    }
    for r in refs {
        equals_tests(template, &r, out, seen);
    }
}

/// A condition's value when every parameter has its default; `None` when
/// something only deployment knows decides it.
fn with_defaults(template: &Template<'_>, node: Option<&Node>, depth: usize) -> Option<bool> {
    let node = node?;
    if depth > MAX_CONDITION_DEPTH {
        return None;
    }
    if let Some(name) = condition_ref(node) {
        return with_defaults(template, template.condition(name), depth + 1);
    }
    let (func, arg) = intrinsic(node)?;
    match func {
        "Fn::Not" => with_defaults(template, arg.items().first(), depth + 1).map(|b| !b),
        "Fn::And" => {
            let mut all = true;
            for item in arg.items() {
                all &= with_defaults(template, Some(item), depth + 1)?;
            }
            Some(all)
        }
        "Fn::Or" => {
            let mut any = false;
            for item in arg.items() {
                any |= with_defaults(template, Some(item), depth + 1)?;
            }
            Some(any)
        }
        "Fn::Equals" => {
            let [a, b] = arg.items() else { return None };
            let scenario = Scenario::default();
            let resolver = super::intrinsics::Resolver::new(template, &scenario);
            let text = |n: &Node| {
                resolver
                    .resolve(n)
                    .and_then(|r| r.scalar_text().map(std::borrow::Cow::into_owned))
                    .filter(|t| !crate::parse::node::is_symbolic(t))
            };
            Some(text(a)? == text(b)?)
        }
        _ => None,
    }
}

/// `{"Condition": "Name"}` inside a condition definition.
fn condition_ref(node: &Node) -> Option<&str> {
    match node.members() {
        [m] if m.key == "Condition" => m.value.as_str(),
        _ => None,
    }
}

/// `Fn::Equals` of two literals is decided now, not at deploy time.
fn constant_equals(arg: &Node) -> Option<bool> {
    let [a, b] = arg.items() else { return None };
    Some(a.scalar_text()? == b.scalar_text()?)
}

/// A stable text for an `Fn::Equals` test, so that the same test written in
/// two conditions is one atom.
fn atom_key(node: &Node) -> String {
    let mut out = String::new();
    write_compact(node, &mut out, 0);
    out
}

fn write_compact(node: &Node, out: &mut String, depth: usize) {
    if depth > 16 || out.len() > 4096 {
        out.push('…');
        return;
    }
    match &node.value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(n),
        Value::String(s) => {
            out.push('"');
            out.push_str(s);
            out.push('"');
        }
        Value::Array(items) => {
            out.push('[');
            for i in items {
                write_compact(i, out, depth + 1);
                out.push(',');
            }
            out.push(']');
        }
        Value::Object(members) => {
            out.push('{');
            for m in members {
                out.push_str(&m.key);
                out.push(':');
                write_compact(&m.value, out, depth + 1);
                out.push(',');
            }
            out.push('}');
        }
    }
}

fn collect_atoms(
    template: &Template<'_>,
    node: &Node,
    atoms: &mut BTreeSet<String>,
    seen: &mut BTreeSet<String>,
    depth: usize,
) {
    if depth > MAX_CONDITION_DEPTH {
        return;
    }
    if let Some(name) = condition_ref(node) {
        collect_named_atoms(template, name, atoms, seen, depth + 1);
        return;
    }
    let Some((func, arg)) = intrinsic(node) else {
        return;
    };
    match func {
        "Fn::Equals" if constant_equals(arg).is_none() => {
            atoms.insert(atom_key(node));
        }
        "Fn::Not" | "Fn::And" | "Fn::Or" => {
            for item in arg.items() {
                collect_atoms(template, item, atoms, seen, depth + 1);
            }
        }
        _ => {}
    }
}

fn collect_named_atoms(
    template: &Template<'_>,
    name: &str,
    atoms: &mut BTreeSet<String>,
    seen: &mut BTreeSet<String>,
    depth: usize,
) {
    if !seen.insert(name.to_string()) {
        return;
    }
    if let Some(def) = template.condition(name) {
        collect_atoms(template, def, atoms, seen, depth);
    }
}

/// The scenarios worth trying for one subtree, and the named conditions its
/// `Fn::If`s test, to describe a finding's scenarios in words.
#[derive(Debug, Clone)]
pub struct Branches {
    pub scenarios: Vec<Scenario>,
    /// Condition names tested by `Fn::If` in the subtree, sorted.
    pub names: Vec<String>,
    /// `values[s][n]`: the value of `names[n]` in `scenarios[s]`.
    values: Vec<Vec<Option<bool>>>,
}

impl Branches {
    /// The scenarios for `node` (a resource's properties, a policy …). A
    /// resource's own `Condition` is assumed true: its properties only
    /// matter when it exists.
    #[must_use]
    pub fn of(template: &Template<'_>, node: &Node, resource_condition: Option<&str>) -> Branches {
        let names = if_conditions(node);
        let mut atoms = BTreeSet::new();
        let mut seen = BTreeSet::new();
        for name in names.iter().map(String::as_str).chain(resource_condition) {
            collect_named_atoms(template, name, &mut atoms, &mut seen, 0);
        }
        let atoms: Vec<String> = atoms.into_iter().collect();
        let mut scenarios = enumerate(&atoms);
        if let Some(cond) = resource_condition {
            let possible: Vec<Scenario> = scenarios
                .iter()
                .filter(|s| s.condition(template, cond) != Some(false))
                .cloned()
                .collect();
            if !possible.is_empty() {
                scenarios = possible;
            }
        }
        let values = scenarios
            .iter()
            .map(|s| names.iter().map(|n| s.condition(template, n)).collect())
            .collect();
        Branches {
            scenarios,
            names,
            values,
        }
    }

    /// A single scenario with no assumptions (for code that wants one view).
    #[must_use]
    pub fn single() -> Branches {
        Branches {
            scenarios: vec![Scenario::default()],
            names: Vec::new(),
            values: vec![Vec::new()],
        }
    }

    /// Words for the scenarios `hits` (indexes into `scenarios`): empty when
    /// they are all of them; otherwise the conditions that have the same value
    /// in every hit, e.g. ` (when condition IsProd is true)`.
    #[must_use]
    pub fn describe(&self, hits: &[usize]) -> String {
        let all: BTreeSet<usize> = (0..self.scenarios.len()).collect();
        let hit_set: BTreeSet<usize> = hits.iter().copied().collect();
        if hit_set.is_empty() || hit_set == all {
            return String::new();
        }
        let mut parts = Vec::new();
        for (n, name) in self.names.iter().enumerate() {
            let value_in = |s: usize| self.values.get(s).and_then(|v| v.get(n)).copied().flatten();
            let first = hits.first().and_then(|&s| value_in(s));
            let Some(v) = first else { continue };
            let constant_in_hits = hits.iter().all(|&s| value_in(s) == Some(v));
            let constant_overall = all.iter().all(|&s| value_in(s) == Some(v));
            if constant_in_hits && !constant_overall {
                parts.push(format!("{name} is {v}"));
            }
        }
        match parts.len() {
            0 => " (in some branches of Fn::If)".to_string(),
            1 => format!(" (when condition {})", parts.join("")),
            _ => format!(" (when conditions {})", parts.join(" and ")),
        }
    }
}

/// The condition names that `Fn::If` tests anywhere under `node`.
fn if_conditions(node: &Node) -> Vec<String> {
    let mut names = BTreeSet::new();
    let mut stack = vec![node];
    let mut visited = 0usize;
    while let Some(n) = stack.pop() {
        visited += 1;
        if visited > MAX_SCAN_NODES {
            break;
        }
        if let Some(("Fn::If", arg)) = intrinsic(n)
            && let Some(name) = arg.items().first().and_then(Node::as_str)
        {
            names.insert(name.to_string());
        }
        match &n.value {
            Value::Object(members) => stack.extend(members.iter().map(|m| &m.value)),
            Value::Array(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
    names.into_iter().collect()
}

fn enumerate(atoms: &[String]) -> Vec<Scenario> {
    let assign = |f: &dyn Fn(usize) -> bool| Scenario {
        atoms: atoms
            .iter()
            .enumerate()
            .map(|(i, a)| (a.clone(), f(i)))
            .collect(),
    };
    if atoms.is_empty() {
        return vec![Scenario::default()];
    }
    let mut out = Vec::new();
    if atoms.len() <= MAX_EXHAUSTIVE_ATOMS {
        for bits in 0..(1usize << atoms.len()) {
            // Bit set = false, so the first scenario has every test true.
            out.push(assign(&|i| bits & (1 << i) == 0));
        }
    } else {
        out.push(assign(&|_| true));
        out.push(assign(&|_| false));
        for k in 0..atoms.len() {
            out.push(assign(&|i| i == k));
            out.push(assign(&|i| i != k));
        }
    }
    out.truncate(MAX_SCENARIOS);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::json::json_tree as parse;

    const CONDS: &str = r#"{
      "Parameters": {"Env": {"Type": "String"}},
      "Conditions": {
        "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
        "IsNotProd": {"Fn::Not": [{"Condition": "IsProd"}]},
        "Always": {"Fn::Equals": ["a", "a"]},
        "Loop": {"Fn::Not": [{"Condition": "Loop"}]}
      },
      "Resources": {}
    }"#;

    #[test]
    fn defaults_the_scenario_contradicts() {
        let root = parse(
            r#"{
          "Parameters": {"KeyArn": {"Type": "String", "Default": ""}, "Env": {"Type": "String", "Default": "dev"},
                         "Region": {"Type": "String"}},
          "Conditions": {
            "HasKey": {"Fn::Not": [{"Fn::Equals": [{"Ref": "KeyArn"}, ""]}]},
            "IsEast": {"Fn::Equals": [{"Ref": "Region"}, "us-east-1"]},
            "Both": {"Fn::And": [{"Condition": "HasKey"}, {"Fn::Equals": [{"Ref": "Env"}, "dev"]}]}
          },
          "Resources": {}
        }"#,
        );
        let t = Template::new(&root);
        let node = parse(
            r#"[{"Fn::If": ["HasKey", 1, 2]}, {"Fn::If": ["IsEast", 1, 2]}, {"Fn::If": ["Both", 1, 2]}]"#,
        );
        let b = Branches::of(&t, &node, None);
        let mut seen = BTreeSet::new();
        for s in &b.scenarios {
            let names = b.names.iter().map(String::as_str);
            let contradicted = contradicted_parameters(&t, s, names);
            // The defaults say KeyArn is "" and Env is dev; IsEast's Region has no default.
            let env_is_dev = s
                .atoms
                .get(r#"{Fn::Equals:[{Ref:"Env",},"dev",],}"#)
                .copied();
            let mut expected = Vec::new();
            if env_is_dev == Some(false) {
                expected.push("Env");
            }
            if s.condition(&t, "HasKey") == Some(true) {
                expected.push("KeyArn");
            }
            assert_eq!(contradicted, expected, "{s:?}");
            seen.insert(contradicted);
        }
        assert!(seen.len() >= 2);
    }

    #[test]
    fn related_conditions_stay_consistent() {
        let root = parse(CONDS);
        let t = Template::new(&root);
        let node =
            parse(r#"{"A": {"Fn::If": ["IsProd", 1, 2]}, "B": {"Fn::If": ["IsNotProd", 1, 2]}}"#);
        let b = Branches::of(&t, &node, None);
        assert_eq!(b.scenarios.len(), 2);
        for s in &b.scenarios {
            assert_ne!(s.condition(&t, "IsProd"), s.condition(&t, "IsNotProd"));
            assert_eq!(s.condition(&t, "Always"), Some(true));
        }
        assert_eq!(
            b.describe(&[0]),
            " (when conditions IsNotProd is false and IsProd is true)"
        );
        assert_eq!(b.describe(&[0, 1]), "");
    }

    #[test]
    fn self_referencing_conditions_end() {
        let root = parse(CONDS);
        let t = Template::new(&root);
        let node = parse(r#"{"A": {"Fn::If": ["Loop", 1, 2]}}"#);
        let b = Branches::of(&t, &node, None);
        assert_eq!(b.scenarios.len(), 1);
        assert_eq!(
            b.scenarios.first().and_then(|s| s.condition(&t, "Loop")),
            None
        );
    }

    #[test]
    fn many_atoms_stay_bounded() {
        let mut conds = String::new();
        let mut ifs = String::new();
        for i in 0..40 {
            conds.push_str(&format!(
                r#""C{i}": {{"Fn::Equals": [{{"Ref": "P"}}, "{i}"]}},"#
            ));
            ifs.push_str(&format!(r#""K{i}": {{"Fn::If": ["C{i}", 1, 2]}},"#));
        }
        let root = parse(&format!(
            r#"{{"Conditions": {{{}}}, "Resources": {{}}}}"#,
            conds.trim_end_matches(',')
        ));
        let t = Template::new(&root);
        let node = parse(&format!("{{{}}}", ifs.trim_end_matches(',')));
        let b = Branches::of(&t, &node, None);
        assert!(b.scenarios.len() <= MAX_SCENARIOS);
        assert!(b.scenarios.len() > 2);
    }

    #[test]
    fn resource_condition_is_assumed_true() {
        let root = parse(CONDS);
        let t = Template::new(&root);
        let node = parse(r#"{"A": {"Fn::If": ["IsProd", 1, 2]}}"#);
        let b = Branches::of(&t, &node, Some("IsProd"));
        assert_eq!(b.scenarios.len(), 1);
        assert_eq!(
            b.scenarios.first().and_then(|s| s.condition(&t, "IsProd")),
            Some(true)
        );
    }
}
