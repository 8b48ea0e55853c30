//! `docs/rules/` is generated from the rules' own documentation; this test
//! fails when it is out of date. Regenerate with
//! `CLOUDLINT_UPDATE_DOCS=1 cargo test --test rule_docs`.

use std::collections::BTreeMap;
use std::path::Path;

use cloudlint::cli::explain_text;
use cloudlint::rules::all_rules;

fn expected() -> BTreeMap<String, String> {
    let mut pages = BTreeMap::new();
    let mut index = String::from(
        "# cloudlint rules\n\nGenerated from each rule's documentation (`cloudlint explain CODE`); do not edit.\n\n| code | name | severity | summary |\n|---|---|---|---|\n",
    );
    let mut rules = all_rules();
    rules.sort_by(|a, b| a.meta().code.cmp(&b.meta().code));
    for rule in rules {
        let m = rule.meta();
        index.push_str(&format!(
            "| [{0}]({0}.md) | `{1}` | {2} | {3} |\n",
            m.code, m.name, m.severity, m.summary
        ));
        pages.insert(
            format!("{}.md", m.code),
            format!("{}\n", explain_text(rule).trim_end()),
        );
    }
    pages.insert("README.md".to_string(), index);
    pages
}

#[test]
fn docs_rules_are_current() {
    let dir = Path::new("docs/rules");
    let pages = expected();
    if std::env::var_os("CLOUDLINT_UPDATE_DOCS").is_some() {
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir).unwrap_or_default();
        for (name, body) in &pages {
            std::fs::write(dir.join(name), body).unwrap_or_default();
        }
    }
    let mut stale = Vec::new();
    for (name, body) in &pages {
        if std::fs::read_to_string(dir.join(name)).ok().as_deref() != Some(body.as_str()) {
            stale.push(name.clone());
        }
    }
    let on_disk: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .filter_map(|e| e.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    for name in on_disk {
        if !pages.contains_key(&name) {
            stale.push(format!("{name} (no such rule)"));
        }
    }
    assert!(
        stale.is_empty(),
        "docs/rules is out of date ({}); run CLOUDLINT_UPDATE_DOCS=1 cargo test --test rule_docs",
        stale.join(", ")
    );
}
