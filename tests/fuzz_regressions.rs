//! Replays every minimised fuzzer finding in `testdata/fuzz/<target>/`
//! through the same function the fuzz target runs (`cloudlint::fuzzing`):
//! each once crashed, hung or blew up, and must not again.

use std::path::Path;

use cloudlint::fuzzing::TARGETS;

#[test]
fn every_fuzz_finding_replays_cleanly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/fuzz");
    let mut replayed = 0;
    for (name, target) in TARGETS {
        let Ok(entries) = std::fs::read_dir(root.join(name)) else {
            continue;
        };
        let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        for file in files {
            let data = std::fs::read(&file).unwrap_or_default();
            eprintln!("replaying {}", file.display());
            target(&data);
            replayed += 1;
        }
    }
    assert!(replayed > 0, "no findings under {}", root.display());
}

#[test]
fn every_finding_folder_names_a_target() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/fuzz");
    let Ok(entries) = std::fs::read_dir(&root) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(
            TARGETS.iter().any(|(t, _)| *t == name),
            "testdata/fuzz/{name} is not a fuzz target's folder"
        );
    }
}
