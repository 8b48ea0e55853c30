//! Copies each native rule's `//!` doc comment to `$OUT_DIR/rule-docs/<file>.md`
//! so that `rule_docs!()` can embed it: the doc comment is the rule's docs.
//! Lists the declarative rule files of `rules/` in `$OUT_DIR/builtin_rules.rs`
//! so that each is embedded: adding a file there adds a built-in rule.

use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo::rerun-if-changed=src/rules");
    println!("cargo::rerun-if-changed=rules");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default());
    visit(Path::new("src/rules"), &out_dir.join("rule-docs"));
    embed_rule_files(Path::new("rules"), &out_dir.join("builtin_rules.rs"));
}

fn embed_rule_files(dir: &Path, target: &Path) {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| {
        p.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"))
    });
    files.sort();
    let mut code = String::from(
        "/// Every file of `rules/`, embedded at build time: (path, text).\n\
         pub static BUILTIN_RULE_FILES: &[(&str, &str)] = &[\n",
    );
    for file in files {
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        code.push_str(&format!(
            "    ({:?}, include_str!({:?})),\n",
            format!("rules/{name}"),
            manifest.join(&file).display().to_string()
        ));
    }
    code.push_str("];\n");
    let _ = fs::write(target, code);
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
            let mut body = docs.join("\n");
            body.push('\n');
            // `file!()` is relative to the package when it is built as a workspace
            // member, absolute when built as a dependency (the fuzz crate): write both.
            let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
            let absolute = manifest.join(&path);
            let relative_to_root = absolute.strip_prefix("/").unwrap_or(&absolute);
            for target in [
                out.join(format!("{}.md", path.display())),
                out.join(format!("{}.md", relative_to_root.display())),
            ] {
                if let Some(parent) = target.parent() {
                    let _ = fs::create_dir_all(parent);
                }
                let _ = fs::write(target, &body);
            }
        }
    }
}
