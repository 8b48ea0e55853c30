//! Copies each native rule's `//!` doc comment to `$OUT_DIR/rule-docs/<file>.md`
//! so that `rule_docs!()` can embed it: the doc comment is the rule's docs.

use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo::rerun-if-changed=src/rules");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("rule-docs");
    visit(Path::new("src/rules"), &out);
}

fn visit(dir: &Path, out: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            visit(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = fs::read_to_string(&path).unwrap_or_default();
            let docs: Vec<&str> = text
                .lines()
                .take_while(|l| l.starts_with("//!"))
                .map(|l| {
                    l.strip_prefix("//! ")
                        .or_else(|| l.strip_prefix("//!"))
                        .unwrap_or("")
                })
                .collect();
            let target = out.join(format!("{}.md", path.display()));
            if let Some(parent) = target.parent() {
                let _ = fs::create_dir_all(parent);
            }
            let mut body = docs.join("\n");
            body.push('\n');
            let _ = fs::write(target, body);
        }
    }
}
